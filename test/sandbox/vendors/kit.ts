/**
 * The small kit the 3PL simulators share (ShipBob, ShipMonk, ShipHero, Extensiv): a seeded random, the
 * request recorder with injected failures, an exact sliding window, and the catalogue their generated
 * orders draw from. Its own module so no simulator imports another simulator's file: each sim keeps its
 * kit private and exposes only what its class declares.
 */
import type { SimRequest, SimResponse } from '../http';

export function seededRandom(seed: number): () => number {
	let s = seed >>> 0 || 1;
	return () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return ((s >>> 0) % 1_000_000) / 1_000_000;
	};
}

export interface InjectedFailure {
	method?: string;
	/** Path below the mount, exact. */
	path?: string;
	/** Only when the query's page parameter (or GraphQL `after` cursor index) equals this. */
	page?: number;
	status: number;
	times?: number;
	/** Raw body instead of JSON (malformed JSON). */
	rawBody?: string;
	/** Content type sent with rawBody, where the sim honours it (ShipStation; default JSON's). */
	contentType?: string;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	json?: unknown;
	status: number;
	at: number;
}

/** What a 3PL sim shows of its recorder: the requests it received, and a way to make the next ones fail. */
export interface SimKitView {
	readonly requests: readonly RecordedRequest[];
	fail(failure: InjectedFailure): void;
}

/** The recorder a 3PL sim keeps private: it records and answers injected failures; tests see a SimKitView. */
export class SimKit implements SimKitView {
	private readonly received: RecordedRequest[] = [];
	private readonly failures: InjectedFailure[] = [];
	constructor(readonly now: () => number) {}
	get requests(): readonly RecordedRequest[] {
		return this.received;
	}
	fail(failure: InjectedFailure): void {
		this.failures.push({ times: 1, ...failure });
	}
	/** A failure matching this request, consumed once per firing. */
	takeFailure(req: SimRequest, page?: number): SimResponse | undefined {
		const index = this.failures.findIndex(
			(f) =>
				(f.times ?? 1) > 0 &&
				(!f.method || f.method === req.method) &&
				(!f.path || f.path === req.path) &&
				(f.page === undefined || f.page === page),
		);
		if (index < 0) return undefined;
		const f = this.failures[index];
		f.times = (f.times ?? 1) - 1;
		if (f.rawBody !== undefined)
			return { status: f.status, headers: { 'content-type': 'application/json' }, body: f.rawBody };
		return { status: f.status, body: { message: `injected failure ${f.status}` } };
	}
	record(req: SimRequest, res: SimResponse): SimResponse {
		this.received.push({
			method: req.method,
			path: req.path,
			query: Object.fromEntries(req.query),
			headers: req.headers,
			json: req.json,
			status: res.status,
			at: this.now(),
		});
		return res;
	}
}

/** Exact sliding-window counter: what a vendor that says "N per minute, sliding window" does. */
export class SlidingWindow {
	private readonly hits: number[] = [];
	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
	) {}
	private prune(now: number): void {
		while (this.hits.length && this.hits[0] <= now - this.windowMs) this.hits.shift();
	}
	/** Records the hit when allowed; returns how long to wait when not. */
	take(now: number): { allowed: boolean; remaining: number; retryAfterMs: number } {
		this.prune(now);
		if (this.hits.length >= this.limit)
			return { allowed: false, remaining: 0, retryAfterMs: this.hits[0] + this.windowMs - now };
		this.hits.push(now);
		return { allowed: true, remaining: this.limit - this.hits.length, retryAfterMs: 0 };
	}
}

export const SKUS = ['TEE-BLK-M', 'TEE-WHT-L', 'MUG-11OZ', 'CAP-NVY', 'SOCK-3PK'];
export const CITIES: Array<[string, string, string]> = [
	['Chicago', 'IL', '60607'],
	['Austin', 'TX', '78701'],
	['Portland', 'OR', '97205'],
	['Denver', 'CO', '80202'],
];
