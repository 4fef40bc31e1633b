import type { SharedScope } from './sharedBudget';
import { systemClock, type Clock, type HttpRequest, type HttpResponse, type Transport } from './types';

/**
 * Pacing happens BEFORE a request is sent (acquire) and learns from what the vendor says back
 * (observe), so a steady run stays under the limit instead of bouncing off 429s.
 * Limiters live for one execution: nodes create them per run, never across runs.
 *
 * Each limiter may also share its budget with other processes (`shared`, see sharedBudget.ts): it paces
 * locally first, exactly as without sharing, then waits for the shared budget, and tells the shared budget
 * what the vendor reported. Without `shared` (the default) nothing changes.
 */
export interface RateLimiter {
	acquire(request: HttpRequest): Promise<void>;
	observe(response: HttpResponse, request: HttpRequest): void | Promise<void>;
}

export function withRateLimit(transport: Transport, limiter: RateLimiter): Transport {
	return async (request) => {
		await limiter.acquire(request);
		const response = await transport(request);
		await limiter.observe(response, request);
		return response;
	};
}

/** At most `limit` requests in any sliding window of `windowMs` (exact, not approximate). */
export class IntervalLimiter implements RateLimiter {
	private readonly sent: number[] = [];
	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly clock: Clock = systemClock,
		/** The same window shared with every process that calls this vendor account. */
		private readonly shared?: SharedScope,
	) {
		if (!(limit > 0) || !(windowMs > 0)) throw new RangeError('IntervalLimiter needs a positive limit and window');
	}

	async acquire(): Promise<void> {
		for (;;) {
			const now = this.clock.now();
			while (this.sent.length && this.sent[0] <= now - this.windowMs) this.sent.shift();
			if (this.sent.length < this.limit) {
				this.sent.push(now);
				break;
			}
			await this.clock.sleep(this.sent[0] + this.windowMs - now);
		}
		if (this.shared) await this.shared.budget.waitForSlot(this.shared.key, this.limit, this.windowMs, this.clock);
	}

	observe(): void {}
}

/**
 * One call at a time, each starting at least `gapMs` after the previous one ENDED. For a limit the vendor
 * counts on its side per destination (Slack: one message a second per channel): spacing by send time alone lets
 * a first request that travelled slowly arrive less than the gap before the second, which Slack answers with
 * 429. Spaced from the end of the previous call, the vendor has received it before the gap starts. With
 * `shared`, the slot is also taken from the budget every process shares (after the local wait).
 */
export class SpacedLane {
	private tail: Promise<void> = Promise.resolve();
	private lastEndedAt = Number.NEGATIVE_INFINITY;
	constructor(
		private readonly gapMs: number,
		private readonly clock: Clock = systemClock,
		private readonly shared?: SharedScope,
	) {
		if (!(gapMs > 0)) throw new RangeError('SpacedLane needs a positive gap');
	}

	async run<T>(call: () => Promise<T>): Promise<T> {
		const previous = this.tail;
		let release!: () => void;
		this.tail = new Promise<void>((resolve) => (release = resolve));
		await previous;
		try {
			const wait = this.lastEndedAt + this.gapMs - this.clock.now();
			if (wait > 0) await this.clock.sleep(wait);
			if (this.shared) await this.shared.budget.waitForSlot(this.shared.key, 1, this.gapMs, this.clock);
			return await call();
		} finally {
			this.lastEndedAt = this.clock.now();
			release();
		}
	}
}

export interface HeaderNames {
	limit?: string;
	remaining: string;
	/** Seconds until the window resets (ShipStation X-Rate-Limit-Reset, Klaviyo RateLimit-Reset). */
	reset: string;
}

export const SHIPSTATION_HEADERS: HeaderNames = {
	limit: 'x-rate-limit-limit',
	remaining: 'x-rate-limit-remaining',
	reset: 'x-rate-limit-reset',
};

/** IETF RateLimit header fields as Klaviyo sends them. */
export const RATELIMIT_HEADERS: HeaderNames = {
	limit: 'ratelimit-limit',
	remaining: 'ratelimit-remaining',
	reset: 'ratelimit-reset',
};

/**
 * Paces by what the vendor reports about the current window. While plenty of budget is left, calls
 * go out at once (a three-call node run should not take three seconds); once the remaining budget
 * falls to the burst floor it is spread over the time left, so we never run into a 429 and still
 * use close to the whole limit. `reserve` keeps a few requests free for other workflows sharing the
 * same account; `spreadBelow` sets the floor (default: half the reported limit, or 5 when unknown;
 * Infinity spreads every call).
 */
export class HeaderWindowLimiter implements RateLimiter {
	private remaining?: number;
	private resetAt?: number;
	private lastSentAt?: number;
	private limit?: number;
	constructor(
		private readonly names: HeaderNames,
		private readonly options: {
			reserve?: number;
			spreadBelow?: number;
			clock?: Clock;
			fallback?: IntervalLimiter;
			/**
			 * Share the vendor's window with other processes: `limit` calls per `windowMs` until the vendor's
			 * headers report the real limit (ShipStation 40 a minute). Its reports correct the shared count.
			 */
			shared?: SharedScope & { limit: number; windowMs: number };
		} = {},
	) {}

	private get clock(): Clock {
		return this.options.clock ?? systemClock;
	}

	async acquire(request: HttpRequest): Promise<void> {
		if (this.options.fallback) await this.options.fallback.acquire();
		await this.paceLocally();
		const shared = this.options.shared;
		if (shared) await shared.budget.waitForSlot(shared.key, this.sharedLimit(), shared.windowMs, this.clock);
		this.lastSentAt = this.clock.now();
		if (this.remaining !== undefined && this.resetAt !== undefined && this.lastSentAt < this.resetAt)
			this.remaining -= 1;
		else {
			this.remaining = undefined;
			this.resetAt = undefined;
		}
		void request;
	}

	/** What this process knows from the vendor's last headers. */
	private async paceLocally(): Promise<void> {
		if (this.remaining === undefined || this.resetAt === undefined) return;
		const now = this.clock.now();
		const usable = this.remaining - (this.options.reserve ?? 0);
		let wait = 0;
		if (now >= this.resetAt) wait = 0;
		else if (usable <= 0) wait = this.resetAt - now;
		else if (usable > this.burstFloor() || this.sharedLive()) wait = 0;
		else {
			const spacing = (this.resetAt - (this.lastSentAt ?? now)) / (usable + 1);
			wait = Math.max(0, (this.lastSentAt ?? now) + spacing - now);
		}
		if (wait > 0) await this.clock.sleep(wait);
	}

	/**
	 * While the shared window answers, it counts every worker's calls exactly, so spreading the last half of
	 * the window (which guards against callers we cannot see) would only slow the run; the vendor's "none
	 * left until the reset" still stops us here, and corrects the shared window too.
	 */
	private sharedLive(): boolean {
		return this.options.shared !== undefined && this.options.shared.budget.unavailable === undefined;
	}

	private sharedLimit(): number {
		const limit = this.limit ?? this.options.shared?.limit ?? 1;
		return Math.max(1, limit - (this.options.reserve ?? 0));
	}

	private burstFloor(): number {
		if (this.options.spreadBelow !== undefined) return this.options.spreadBelow;
		return this.limit ? Math.floor(this.limit / 2) : 5;
	}

	async observe(response: HttpResponse): Promise<void> {
		const limit = this.names.limit ? Number(response.headers[this.names.limit]) : NaN;
		if (Number.isFinite(limit) && limit > 0) this.limit = limit;
		const remaining = Number(response.headers[this.names.remaining]);
		const reset = Number(response.headers[this.names.reset]);
		if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return;
		this.remaining = remaining;
		this.resetAt = this.clock.now() + reset * 1000;
		const shared = this.options.shared;
		if (shared)
			await shared.budget.correctWindow(
				shared.key,
				this.sharedLimit(),
				shared.windowMs,
				remaining - (this.options.reserve ?? 0),
				reset * 1000,
			);
	}
}

export interface BucketState {
	available: number;
	capacity?: number;
	restorePerSecond?: number;
}

/**
 * Cost-based leaky bucket (Shopify's GraphQL query cost, ShipHero credits). We keep our own estimate
 * that refills over time and correct it with every state the vendor reports.
 */
export class LeakyBucketLimiter implements RateLimiter {
	private available: number;
	private capacity: number;
	private restorePerSecond: number;
	private updatedAt: number;
	constructor(
		options: BucketState & { capacity: number; restorePerSecond: number },
		private readonly hooks: {
			costOf?: (request: HttpRequest) => number;
			readState?: (response: HttpResponse) => BucketState | undefined;
			clock?: Clock;
			/** Points kept free so a burst from another workflow does not tip us into THROTTLED. */
			reserve?: number;
			/** The same bucket shared with every process that calls this vendor account. */
			shared?: SharedScope;
		} = {},
	) {
		this.capacity = options.capacity;
		this.restorePerSecond = options.restorePerSecond;
		this.available = Math.min(options.available, options.capacity);
		this.updatedAt = this.clock.now();
	}

	private get clock(): Clock {
		return this.hooks.clock ?? systemClock;
	}

	private refill(): void {
		const now = this.clock.now();
		this.available = Math.min(this.capacity, this.available + ((now - this.updatedAt) / 1000) * this.restorePerSecond);
		this.updatedAt = now;
	}

	/** How long until `cost` points are available. */
	waitFor(cost: number): number {
		this.refill();
		const needed = Math.min(cost, this.capacity) + (this.hooks.reserve ?? 0) - this.available;
		return needed <= 0 ? 0 : Math.ceil((needed / this.restorePerSecond) * 1000);
	}

	/** Waits for `cost` points (here, then in the shared bucket) and spends them; returns the points charged. */
	async take(cost: number): Promise<number> {
		const wait = this.waitFor(cost);
		if (wait > 0) await this.clock.sleep(wait);
		this.refill();
		const charge = Math.min(cost, this.capacity);
		this.available -= charge;
		const shared = this.hooks.shared;
		if (shared) {
			const shape = { capacity: this.capacity, restorePerSecond: this.restorePerSecond };
			await shared.budget.waitForPoints(shared.key, charge, shape, this.clock, this.hooks.reserve);
		}
		return charge;
	}

	async acquire(request: HttpRequest): Promise<void> {
		await this.take(this.hooks.costOf?.(request) ?? 1);
	}

	/** The vendor's word replaces our estimate. */
	update(state: BucketState): void {
		this.capacity = state.capacity ?? this.capacity;
		this.restorePerSecond = state.restorePerSecond ?? this.restorePerSecond;
		this.available = Math.min(this.capacity, state.available);
		this.updatedAt = this.clock.now();
	}

	/**
	 * The vendor's report after a call we charged `charged` points for, and what the call really cost: the
	 * local estimate takes the vendor's word; the shared one takes the refund and never stays above it.
	 */
	async settle(charged: number, actual: number, state?: BucketState): Promise<void> {
		if (state) this.update(state);
		else {
			// No report of what is left (ShipHero's successes): our own estimate takes the refund.
			this.refill();
			this.available = Math.min(this.capacity, this.available + charged - actual);
		}
		const shared = this.hooks.shared;
		if (shared) await shared.budget.settleBucket(shared.key, charged, actual, state ?? { available: this.capacity });
	}

	observe(response: HttpResponse): void {
		const state = this.hooks.readState?.(response);
		if (state) this.update(state);
	}

	snapshot(): { available: number; capacity: number; restorePerSecond: number } {
		this.refill();
		return { available: this.available, capacity: this.capacity, restorePerSecond: this.restorePerSecond };
	}
}
