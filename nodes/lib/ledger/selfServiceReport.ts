/**
 * The self-service report (issue 17): what customers asked on the self-service pages and how it ended, per week
 * and in total. Pure, like buildExceptionReport: every backend reads the events with source `customer` received
 * since the window start and hands them here.
 *
 * The self-service flow appends one event per outcome of a request, each with one `edit_request` observation
 * (source `customer`, sourceId the request id). A request is counted once, by its newest outcome, exactly as the
 * order record keeps it (the facts' join: newest occurredAt, ties by key and field by field), so a request that
 * went to approval and was approved is one request, approved.
 */
import { joinFact, toFact } from '../order/facts';
import type { EditRequestData, Observation, OrderFact } from '../order/types';
import { observationErrors } from '../order/validate';
import { median, percentile } from './report';
import type { SelfServiceReport, SelfServiceStats, SelfServiceWeek } from './types';

/** The source the self-service pages record requests under. */
export const SELF_SERVICE_SOURCE = 'customer';
/** Who decided a request applied without a person (EditRequestData.decidedBy). */
export const DECIDED_BY_SELF_SERVICE = 'self_service';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** What the report reads: edit_request observations, or ledger events whose payload carries them. */
export type SelfServiceInput = Observation | { payload: unknown };

/** The start of the report's window: `weeks` weeks before `now` (UTC ISO). */
export function selfServiceWindowStart(now: string, weeks: number): string {
	return new Date(Date.parse(now) - weeks * WEEK_MS).toISOString();
}

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The observations an item is or carries: itself, or its payload's `observations` list (or one `observation`). */
function observationsOf(item: unknown): unknown[] {
	if (!isRecord(item)) return [];
	if ('kind' in item && 'data' in item) return [item];
	const payload = item.payload;
	if (!isRecord(payload)) return [];
	if (Array.isArray(payload.observations)) return payload.observations;
	return payload.observation === undefined ? [] : [payload.observation];
}

interface RequestRead {
	/** The request's joined fact: its newest outcome. */
	fact: OrderFact;
	/** Some outcome of it needed a person (approval, failed) or a person decided it. */
	sawPerson: boolean;
}

function neededPerson(d: EditRequestData): boolean {
	if (d.outcome === 'approval' || d.outcome === 'failed' || d.outcome === 'approved' || d.outcome === 'rejected')
		return true;
	return typeof d.decidedBy === 'string' && d.decidedBy !== DECIDED_BY_SELF_SERVICE;
}

function msOrNaN(iso: string | null | undefined): number {
	return typeof iso === 'string' && iso !== '' ? Date.parse(iso) : Number.NaN;
}

/** Milliseconds from the request to this outcome; null when the data cannot say (or says less than 0). */
function timeToOutcome(d: EditRequestData, occurredAt: string): number | null {
	if (typeof d.durationMs === 'number' && Number.isFinite(d.durationMs) && d.durationMs >= 0) return d.durationMs;
	const requested = msOrNaN(d.requestedAt);
	const decided = msOrNaN(d.decidedAt);
	const at = Number.isNaN(decided) ? msOrNaN(occurredAt) : decided;
	const ms = at - requested;
	return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

function emptyStats(): SelfServiceStats {
	return {
		requests: 0,
		byKind: {},
		byOutcome: {},
		decided: 0,
		selfService: 0,
		selfServicePct: null,
		addressFixesBeforeShipping: 0,
		timeToOutcomeMs: { count: 0, median: null, p90: null },
	};
}

/** Adds one request to the stats; its duration goes to `times` (summarised by finish). */
function count(stats: SelfServiceStats, times: number[], request: RequestRead): void {
	const d = request.fact.data as EditRequestData;
	stats.requests += 1;
	stats.byKind[d.field] = (stats.byKind[d.field] ?? 0) + 1;
	if (d.outcome === undefined) return;
	stats.decided += 1;
	stats.byOutcome[d.outcome] = (stats.byOutcome[d.outcome] ?? 0) + 1;
	if (d.outcome === 'applied' && !request.sawPerson) stats.selfService += 1;
	if (d.field === 'shipping_address' && d.applied && d.beforeShipping === true) stats.addressFixesBeforeShipping += 1;
	const ms = timeToOutcome(d, request.fact.at);
	if (ms !== null) times.push(ms);
}

function finish(stats: SelfServiceStats, times: number[]): void {
	stats.selfServicePct = stats.decided === 0 ? null : Math.round((stats.selfService / stats.decided) * 1000) / 10;
	stats.timeToOutcomeMs = { count: times.length, median: median(times), p90: percentile(times, 90) };
}

/**
 * The report over the `weeks` weeks ending at `now`. Reads every self-service request in `items` (observations,
 * or events carrying them): only edit_request observations with source `customer` count; ones that happened after
 * `now` are left out (a report for a past `now` reads the same whenever it runs), invalid ones are counted in
 * invalidObservations. Each request (order and sourceId) is counted once, by its newest outcome, in the week it
 * was asked (requestedAt); requests asked outside the window are not counted.
 */
export function selfServiceReport(
	items: readonly SelfServiceInput[] | readonly unknown[],
	now: string,
	weeks: number,
): SelfServiceReport {
	const nowMs = Date.parse(now);
	const startMs = nowMs - weeks * WEEK_MS;
	const requests = new Map<string, RequestRead>();
	let invalidObservations = 0;
	for (const item of items)
		for (const x of observationsOf(item)) {
			if (!isRecord(x) || x.kind !== 'edit_request' || x.source !== SELF_SERVICE_SOURCE) continue;
			if (observationErrors(x) !== null) {
				invalidObservations += 1;
				continue;
			}
			const o = x as unknown as Observation<'edit_request'>;
			if (Date.parse(o.occurredAt) > nowMs) continue;
			const fact = toFact(o);
			// The order and the slot: two orders' requests never merge, whatever their ids.
			const key = `${o.orderKey}\u0000${fact.slot}`;
			const seen = requests.get(key);
			requests.set(key, {
				fact: seen === undefined ? fact : joinFact(seen.fact, fact),
				sawPerson: (seen?.sawPerson ?? false) || neededPerson(o.data),
			});
		}

	const total = emptyStats();
	const totalTimes: number[] = [];
	const trend: SelfServiceWeek[] = [];
	const weekTimes: number[][] = [];
	for (let i = 0; i < weeks; i++) {
		const weekStartMs = startMs + i * WEEK_MS;
		trend.push({
			weekStart: new Date(weekStartMs).toISOString(),
			weekEnd: new Date(weekStartMs + WEEK_MS).toISOString(),
			...emptyStats(),
		});
		weekTimes.push([]);
	}
	for (const request of requests.values()) {
		const askedMs = Date.parse((request.fact.data as EditRequestData).requestedAt);
		if (!(askedMs >= startMs && askedMs <= nowMs)) continue;
		const week = Math.min(weeks - 1, Math.floor((askedMs - startMs) / WEEK_MS));
		count(total, totalTimes, request);
		count(trend[week], weekTimes[week], request);
	}
	finish(total, totalTimes);
	trend.forEach((week, i) => finish(week, weekTimes[i]));
	return { now, weeks, windowStart: new Date(startMs).toISOString(), total, trend, invalidObservations };
}
