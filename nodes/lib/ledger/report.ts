/**
 * Pure read-side rules shared by every backend: what "stuck" means, case durations, and the weekly
 * exception report. SQL backends push the stuck filter into SQL (same rule, see sqlStore.ts); Airtable
 * evaluates it here.
 */
import type { ExceptionType, OrderRecord, Stage } from '../order/types';
import type { ExceptionReport, LedgerException, StuckCount } from './types';
import { TERMINAL_STAGES } from './types';

export function secondsBetween(fromIso: string, toIso: string): number {
	return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000);
}

export function isTerminalStage(stage: Stage): boolean {
	return TERMINAL_STAGES.includes(stage);
}

/**
 * An order is stuck when a person must look at it: it has an open exception (in its record or as an
 * open case in the ledger), or it sits in a non-terminal stage longer than the threshold.
 */
export function isStuck(
	order: Pick<OrderRecord, 'stage' | 'stageChangedAt' | 'openExceptionTypes'>,
	hasOpenCase: boolean,
	now: string,
	olderThanSeconds: number,
): boolean {
	if (order.openExceptionTypes.length > 0 || hasOpenCase) return true;
	return !isTerminalStage(order.stage) && secondsBetween(order.stageChangedAt, now) >= olderThanSeconds;
}

export function summariseStuck(
	orders: Array<Pick<OrderRecord, 'orderKey' | 'stage' | 'stageChangedAt' | 'openExceptionTypes'>>,
	openCaseTypesByOrder: Map<string, ExceptionType[]>,
	now: string,
	olderThanSeconds: number,
): StuckCount {
	const result: StuckCount = { now, olderThanSeconds, total: 0, byStage: {}, byExceptionType: {} };
	for (const order of orders) {
		const caseTypes = openCaseTypesByOrder.get(order.orderKey) ?? [];
		if (!isStuck(order, caseTypes.length > 0, now, olderThanSeconds)) continue;
		result.total += 1;
		result.byStage[order.stage] = (result.byStage[order.stage] ?? 0) + 1;
		for (const type of new Set([...order.openExceptionTypes, ...caseTypes])) {
			result.byExceptionType[type] = (result.byExceptionType[type] ?? 0) + 1;
		}
	}
	return result;
}

/** Durations are derived at read time from the stored timestamps, so they are never stale. */
export function withDurations<T extends { openedAt: string; ackedAt?: string | null; resolvedAt?: string | null }>(
	c: T,
	now: string,
): T & { secondsToAcknowledge: number | null; secondsToResolve: number | null; ageSeconds: number | null } {
	return {
		...c,
		secondsToAcknowledge: c.ackedAt ? secondsBetween(c.openedAt, c.ackedAt) : null,
		secondsToResolve: c.resolvedAt ? secondsBetween(c.openedAt, c.resolvedAt) : null,
		ageSeconds: c.resolvedAt ? null : Math.max(0, secondsBetween(c.openedAt, now)),
	};
}

/** Nearest-rank percentile (p in 0..100) of an unsorted list; null when empty. */
export function percentile(values: number[], p: number): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * Exception report over the last `weeks` weeks ending at `now` (rolling 7-day buckets, so the report
 * means the same thing whichever weekday it runs). `cases` must contain every case opened or
 * resolved in the window plus every case still open.
 */
export function buildExceptionReport(cases: LedgerException[], now: string, weeks: number): ExceptionReport {
	const nowMs = Date.parse(now);
	const startMs = nowMs - weeks * WEEK_MS;
	const inWindow = (iso: string | null | undefined) => !!iso && Date.parse(iso) >= startMs && Date.parse(iso) <= nowMs;

	const countsByType: ExceptionReport['countsByType'] = {};
	const trend: ExceptionReport['trend'] = [];
	for (let i = 0; i < weeks; i++) {
		const weekStartMs = startMs + i * WEEK_MS;
		trend.push({
			weekStart: new Date(weekStartMs).toISOString(),
			weekEnd: new Date(weekStartMs + WEEK_MS).toISOString(),
			opened: 0,
			resolved: 0,
			openedByType: {},
			openedChangePct: null,
		});
	}
	const bucketOf = (iso: string) => Math.min(weeks - 1, Math.floor((Date.parse(iso) - startMs) / WEEK_MS));

	const resolveTimes: number[] = [];
	for (const c of cases) {
		if (inWindow(c.openedAt)) {
			countsByType[c.type] = (countsByType[c.type] ?? 0) + 1;
			const week = trend[bucketOf(c.openedAt)];
			week.opened += 1;
			week.openedByType[c.type] = (week.openedByType[c.type] ?? 0) + 1;
		}
		if (c.resolvedAt && inWindow(c.resolvedAt)) {
			trend[bucketOf(c.resolvedAt)].resolved += 1;
			resolveTimes.push(secondsBetween(c.openedAt, c.resolvedAt));
		}
	}
	for (let i = 1; i < trend.length; i++) {
		const prev = trend[i - 1].opened;
		trend[i].openedChangePct = prev === 0 ? null : Math.round(((trend[i].opened - prev) / prev) * 1000) / 10;
	}
	const openCases = cases
		.filter((c) => !c.resolvedAt && Date.parse(c.openedAt) <= nowMs)
		.map((c) => ({
			id: c.id,
			orderKey: c.orderKey,
			type: c.type,
			severity: c.severity,
			owner: c.owner ?? null,
			openedAt: c.openedAt,
			ageSeconds: secondsBetween(c.openedAt, now),
			acknowledged: !!c.ackedAt,
		}))
		.sort((a, b) => b.ageSeconds - a.ageSeconds);
	return {
		now,
		weeks,
		windowStart: new Date(startMs).toISOString(),
		countsByType,
		trend,
		timeToResolveSeconds: {
			count: resolveTimes.length,
			median: median(resolveTimes),
			p90: percentile(resolveTimes, 90),
		},
		openCases,
	};
}
