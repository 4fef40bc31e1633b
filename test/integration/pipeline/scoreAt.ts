/**
 * Detection figures at any instant of the story, per exception type, against the truth at that instant
 * (test/sandbox/world/truthAt.ts), and the count of transient cases: opened, then cleared with nobody
 * touching them, while the truth never had that problem at any instant of the order's life. A problem the
 * truth lists as `may` (near a business-hour threshold) is neither a hit nor a false alarm.
 */
import {
	EXCEPTION_TYPES,
	type ExceptionCase,
	type ExceptionType,
	type OrderRecord,
} from '../../../nodes/lib/order/types';
import { HOUR } from '../../sandbox/world/generate';
import type { World } from '../../sandbox/world/model';
import { truthAt } from '../../sandbox/world/truthAt';

export interface TypeScore {
	/** Planted and open. */
	hits: number;
	/** Planted (must) and not open. */
	missed: number;
	/** Open and neither must nor may. */
	falseAlarms: number;
}

export interface InstantScore {
	at: string;
	orders: number;
	stageRight: number;
	byType: Record<ExceptionType, TypeScore>;
	missed: Array<{ orderKey: string; type: ExceptionType }>;
	falseAlarms: Array<{ orderKey: string; type: ExceptionType }>;
	/**
	 * Open problems the truth left undecided (within half a business
	 * hour of a threshold, a carrier word read either way).
	 */
	undecided: Array<{ orderKey: string; type: ExceptionType }>;
	wrongStage: Array<{ orderKey: string; expected: string; actual: string | null }>;
}

export function emptyByType(): Record<ExceptionType, TypeScore> {
	return Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, { hits: 0, missed: 0, falseAlarms: 0 }])) as Record<
		ExceptionType,
		TypeScore
	>;
}

/** Score the records as they were at `atMs` (every order placed by then) against the truth at `atMs`. */
export function scoreAt(world: World, records: Map<string, OrderRecord>, atMs: number): InstantScore {
	const score: InstantScore = {
		at: new Date(atMs).toISOString(),
		orders: 0,
		stageRight: 0,
		byType: emptyByType(),
		missed: [],
		falseAlarms: [],
		undecided: [],
		wrongStage: [],
	};
	for (const order of world.orders) {
		const truth = truthAt(order, atMs, world.timeZone);
		if (!truth) continue;
		score.orders++;
		const record = records.get(order.key);
		const open = new Set(record?.openExceptionTypes ?? []);
		for (const type of truth.must) {
			if (open.has(type)) score.byType[type].hits++;
			else {
				score.byType[type].missed++;
				score.missed.push({ orderKey: order.key, type });
			}
		}
		for (const type of open) {
			if (truth.must.includes(type)) continue;
			if (truth.may.includes(type)) {
				score.undecided.push({ orderKey: order.key, type });
				continue;
			}
			score.byType[type].falseAlarms++;
			score.falseAlarms.push({ orderKey: order.key, type });
		}
		if (record && (record.stage === truth.stage || truth.stageAlso.includes(record.stage))) score.stageRight++;
		else score.wrongStage.push({ orderKey: order.key, expected: truth.stage, actual: record?.stage ?? null });
	}
	return score;
}

export function recallOf(s: TypeScore): number {
	return s.hits + s.missed === 0 ? 1 : s.hits / (s.hits + s.missed);
}

export function precisionOf(s: TypeScore): number {
	return s.hits + s.falseAlarms === 0 ? 1 : s.hits / (s.hits + s.falseAlarms);
}

export function totalOf(byType: Record<ExceptionType, TypeScore>): TypeScore {
	const t = { hits: 0, missed: 0, falseAlarms: 0 };
	for (const s of Object.values(byType)) {
		t.hits += s.hits;
		t.missed += s.missed;
		t.falseAlarms += s.falseAlarms;
	}
	return t;
}

/** Did the truth have this problem (must or may) at any hour of the order's life up to `untilMs`? */
export function truthEverHad(world: World, orderKey: string, type: ExceptionType, untilMs: number): boolean {
	const order = world.orders.find((o) => o.key === orderKey);
	if (!order) return false;
	for (let at = order.placedAtMs; at <= untilMs + HOUR; at += HOUR / 2) {
		const t = truthAt(order, Math.min(at, untilMs), world.timeZone);
		if (t && (t.must.includes(type) || t.may.includes(type))) return true;
	}
	return false;
}

/**
 * Transient cases: cleared by the engine itself (resolution 'cleared', nobody acknowledged or owned it)
 * while the truth never had that problem. Each is an alarm an ops channel would have seen for nothing.
 */
export function transientCases(world: World, cases: Iterable<ExceptionCase>, untilMs: number): ExceptionCase[] {
	const out: ExceptionCase[] = [];
	for (const c of cases) {
		if (!c.resolvedAt || c.resolution !== 'cleared' || c.ackedAt || c.owner) continue;
		if (!truthEverHad(world, c.orderKey, c.type, untilMs)) out.push(c);
	}
	return out;
}

/** Every case the records have shown so far, by id, newest state kept (records may drop old resolved ones). */
export function collectCases(into: Map<string, ExceptionCase>, records: Map<string, OrderRecord>): void {
	for (const record of records.values()) for (const c of record.exceptions) into.set(c.id, c);
}
