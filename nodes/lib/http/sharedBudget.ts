import { createHash } from 'node:crypto';
import { systemClock, type Clock } from './types';

/**
 * A vendor's rate budget drawn on by every process that calls the vendor for the same account (issue 16).
 * In n8n queue mode several workers run executions at once; each builds its own pacer, so each paces as if
 * alone and together they exceed the vendor's limit. A SharedBudget keeps the count in one place (Redis:
 * redisBudget.ts) that every pacer consults after its own local pacing, before each call.
 *
 * Two primitives, the two shapes vendor limits take:
 *  - a window: at most `limit` calls in any sliding `windowMs` (ShipStation 40/min, Airtable 5/s per base,
 *    Slack one post a second per channel, the carriers' per-second caps). A slot may be held (`holdMs`)
 *    until the caller releases it, so a call in flight keeps counting until its answer is back (Airtable
 *    counts arrivals, which we cannot see: see ArrivalSafePacer).
 *  - a bucket: cost points with a capacity that refill at a steady rate (Shopify's GraphQL cost, ShipHero
 *    credits).
 * The vendor's own report corrects the shared state the way it corrects a local pacer: `correctWindow`
 * with ShipStation's or Klaviyo's remaining/reset headers, `settleBucket` with Shopify's throttleStatus.
 *
 * Every method returns how long to wait before asking again (0: granted) or throws when the store cannot
 * be reached; ResilientBudget turns a failure into "pace locally" for the rest of the execution.
 */
export interface SharedBudget {
	/** Take one slot of `limit` per sliding `windowMs`; `slot` names it for releaseSlot. */
	takeSlot(key: string, limit: number, windowMs: number, slot: string, holdMs?: number): Promise<number>;
	/** A held slot counts from now on as sent now (its call answered), so it leaves the window `windowMs` later. */
	releaseSlot(key: string, slot: string): Promise<void>;
	/**
	 * The vendor says `remaining` calls are left until `resetMs` from now. Fewer than we count: the missing
	 * ones were spent by someone else on the account, and count until the vendor's reset. None: nobody
	 * calls before the reset.
	 */
	correctWindow(key: string, limit: number, windowMs: number, remaining: number, resetMs: number): Promise<void>;
	/** Take `cost` points, keeping `reserve` free; `bucket` is the guess until the vendor reports one. */
	takePoints(key: string, cost: number, bucket: BucketShape, reserve?: number): Promise<number>;
	/**
	 * Settle a call: we charged `charged` points, it cost `actual`, and the vendor reported `reported`.
	 * The estimate takes the refund (or the shortfall), and never stays above what the vendor says is left.
	 */
	settleBucket(key: string, charged: number, actual: number, reported: ReportedBucket): Promise<void>;
	close(): Promise<void>;
}

/** Every slot is held by a call still in flight: ask again soon, its answer frees one. */
export const HELD_SLOT_POLL_MS = 10;

export interface BucketShape {
	capacity: number;
	restorePerSecond: number;
}

export interface ReportedBucket {
	available: number;
	capacity?: number;
	restorePerSecond?: number;
}

/** Where in the store a vendor account's budget lives, e.g. `shopify:my-shop.myshopify.com`. */
export function budgetKey(vendor: string, ...account: string[]): string {
	return [vendor, ...account.map((part) => part.replace(/[\s:]+/g, '_'))].join(':');
}

/**
 * An account named by a secret (a ShipStation API key, a bearer token) is keyed by a digest of it: keys
 * are visible to anyone who can list the store, secrets must not be (DESIGN.md, bad input rules).
 */
export function secretKeyPart(secret: string): string {
	return `sha256-${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16)}`;
}

/**
 * The same primitives in one process's memory, with an injected clock: the reference the Redis scripts
 * follow (test/unit/http/sharedBudget.test.ts runs both through the same cases), and what limiter tests
 * use with a virtual clock.
 */
export class MemoryBudget implements SharedBudget {
	private readonly windows = new Map<string, { slots: Map<string, number>; blockedUntil: number }>();
	private readonly buckets = new Map<string, { available: number; updatedAt: number } & BucketShape>();
	private phantoms = 0;

	constructor(private readonly clock: Clock = systemClock) {}

	private window(key: string, windowMs: number) {
		let window = this.windows.get(key);
		if (!window) {
			window = { slots: new Map(), blockedUntil: 0 };
			this.windows.set(key, window);
		}
		const now = this.clock.now();
		for (const [slot, at] of window.slots) if (at <= now - windowMs) window.slots.delete(slot);
		return window;
	}

	async takeSlot(key: string, limit: number, windowMs: number, slot: string, holdMs = 0): Promise<number> {
		const window = this.window(key, windowMs);
		const now = this.clock.now();
		if (window.blockedUntil > now) return window.blockedUntil - now;
		if (window.slots.size < limit) {
			window.slots.set(slot, now + holdMs);
			return 0;
		}
		const oldest = Math.min(...window.slots.values());
		if (oldest > now) return HELD_SLOT_POLL_MS;
		return Math.max(1, oldest + windowMs - now);
	}

	async releaseSlot(key: string, slot: string): Promise<void> {
		const window = this.windows.get(key);
		if (window?.slots.has(slot)) window.slots.set(slot, this.clock.now());
	}

	async correctWindow(key: string, limit: number, windowMs: number, remaining: number, resetMs: number) {
		const window = this.window(key, windowMs);
		const now = this.clock.now();
		if (remaining <= 0) {
			window.blockedUntil = Math.max(window.blockedUntil, now + resetMs);
			return;
		}
		for (let missing = limit - window.slots.size - remaining; missing > 0; missing--)
			window.slots.set(`vendor:${++this.phantoms}`, now + resetMs - windowMs);
	}

	private bucket(key: string, shape: BucketShape) {
		const now = this.clock.now();
		let bucket = this.buckets.get(key);
		if (!bucket) {
			bucket = { available: shape.capacity, updatedAt: now, ...shape };
			this.buckets.set(key, bucket);
		}
		bucket.available = Math.min(
			bucket.capacity,
			bucket.available + ((now - bucket.updatedAt) / 1000) * bucket.restorePerSecond,
		);
		bucket.updatedAt = now;
		return bucket;
	}

	async takePoints(key: string, cost: number, shape: BucketShape, reserve = 0): Promise<number> {
		const bucket = this.bucket(key, shape);
		const charge = Math.min(cost, bucket.capacity);
		const needed = charge + reserve - bucket.available;
		if (needed <= 0) {
			bucket.available -= charge;
			return 0;
		}
		return Math.ceil((needed / bucket.restorePerSecond) * 1000);
	}

	async settleBucket(key: string, charged: number, actual: number, reported: ReportedBucket): Promise<void> {
		const bucket = this.bucket(key, {
			capacity: reported.capacity ?? reported.available,
			restorePerSecond: reported.restorePerSecond ?? 1,
		});
		bucket.capacity = reported.capacity ?? bucket.capacity;
		bucket.restorePerSecond = reported.restorePerSecond ?? bucket.restorePerSecond;
		bucket.available = Math.min(bucket.capacity, bucket.available + charged - actual, reported.available);
	}

	async close(): Promise<void> {}
}

/** What a pacer is told when the store fails: a message with no secret in it (keys hold none). */
export type BudgetWarning = (message: string) => void;

/**
 * The shared budget as pacers see it. The store being down must never fail a vendor call: the first
 * failure is reported once through `warn`, and from then on every method answers `undefined` at once
 * (the pacer falls back to its local pacing) for the rest of the execution, instead of waiting for a
 * timeout on every call. Keys get the credential's prefix here, in one place.
 */
export class ResilientBudget {
	private failure?: string;
	private slots = 0;
	private readonly slotPrefix = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

	constructor(
		private readonly store: SharedBudget,
		private readonly options: { prefix?: string; warn?: BudgetWarning } = {},
	) {}

	/** Why the store is no longer used, once it failed. */
	get unavailable(): string | undefined {
		return this.failure;
	}

	private async guarded<T>(run: () => Promise<T>): Promise<T | undefined> {
		if (this.failure) return undefined;
		try {
			return await run();
		} catch (error) {
			this.failure = error instanceof Error ? error.message : String(error);
			this.options.warn?.(
				`Shared rate limits: the Redis store stopped answering (${this.failure}); this execution paces ` +
					`its vendor calls on its own from here on, as if sharing were off.`,
			);
			return undefined;
		}
	}

	private key(key: string): string {
		return `${this.options.prefix ?? ''}${key}`;
	}

	/** A name for one slot, unique across processes. */
	newSlot(): string {
		return `${this.slotPrefix}-${++this.slots}`;
	}

	takeSlot(key: string, limit: number, windowMs: number, slot: string, holdMs?: number) {
		return this.guarded(() => this.store.takeSlot(this.key(key), limit, windowMs, slot, holdMs));
	}

	releaseSlot(key: string, slot: string) {
		return this.guarded(() => this.store.releaseSlot(this.key(key), slot));
	}

	correctWindow(key: string, limit: number, windowMs: number, remaining: number, resetMs: number) {
		return this.guarded(() => this.store.correctWindow(this.key(key), limit, windowMs, remaining, resetMs));
	}

	takePoints(key: string, cost: number, bucket: BucketShape, reserve?: number) {
		return this.guarded(() => this.store.takePoints(this.key(key), cost, bucket, reserve));
	}

	settleBucket(key: string, charged: number, actual: number, reported: ReportedBucket) {
		return this.guarded(() => this.store.settleBucket(this.key(key), charged, actual, reported));
	}

	/** Waits until a slot is granted; false when the store is down (pace locally instead). */
	async waitForSlot(
		key: string,
		limit: number,
		windowMs: number,
		clock: Clock,
		options: { slot?: string; holdMs?: number } = {},
	): Promise<boolean> {
		const slot = options.slot ?? this.newSlot();
		for (;;) {
			const wait = await this.takeSlot(key, limit, windowMs, slot, options.holdMs);
			if (wait === undefined) return false;
			if (wait <= 0) return true;
			await clock.sleep(wait);
		}
	}

	/** Waits until `cost` points are taken; false when the store is down. */
	async waitForPoints(key: string, cost: number, bucket: BucketShape, clock: Clock, reserve?: number) {
		for (;;) {
			const wait = await this.takePoints(key, cost, bucket, reserve);
			if (wait === undefined) return false;
			if (wait <= 0) return true;
			await clock.sleep(wait);
		}
	}

	close(): Promise<void> {
		return this.store.close();
	}
}

/** Which budget a pacer shares, and under which key. */
export interface SharedScope {
	budget: ResilientBudget;
	key: string;
}
