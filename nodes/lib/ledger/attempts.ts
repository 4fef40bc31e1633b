/**
 * Added (issue 17): what Count Attempt decides, the same on every backend. The customer order status page
 * slows down lookups per client through the ledger, because a node keeps nothing in memory between
 * executions and queue mode spreads executions over several workers: only the ledger sees them all.
 *
 * Windows are fixed and aligned to the Unix epoch, so two workers given the same `now` (clocks a second apart
 * at worst) count in the same window without agreeing on anything first.
 */
import type { AttemptCount } from './types';

/** A window row is kept this long after its window ended, then deleted (SQL backends). */
export const ATTEMPT_RETENTION_SECONDS = 86_400;
/**
 * At most this many expired rows are deleted by one call. The clean-up runs on the first attempt of each
 * new (subject, window) row, so rows leave at least as fast as they arrive and no call does much work.
 */
export const ATTEMPT_CLEANUP_BATCH = 200;

export interface AttemptWindow {
	/** ISO instant the window starts (inclusive). */
	start: string;
	/** ISO instant it ends (exclusive): the next window's start. */
	end: string;
}

/** The fixed window of `windowSeconds` that holds `now` (an ISO instant). */
export function attemptWindow(now: string, windowSeconds: number): AttemptWindow {
	const size = windowSeconds * 1000;
	const start = Math.floor(Date.parse(now) / size) * size;
	return { start: new Date(start).toISOString(), end: new Date(start + size).toISOString() };
}

/**
 * The verdict on an attempt counted as number `count` of a window ending at `windowEnd`: the attempt that
 * makes count == limit is still allowed; a refused one is told how long until the window ends (rounded up,
 * so a client that waits that long lands in the next window).
 */
export function attemptVerdict(count: number, limit: number, windowEnd: string, now: string): AttemptCount {
	const allowed = count <= limit;
	const left = Math.ceil((Date.parse(windowEnd) - Date.parse(now)) / 1000);
	return { allowed, count, limit, retryAfterSeconds: allowed ? 0 : Math.max(1, left) };
}
