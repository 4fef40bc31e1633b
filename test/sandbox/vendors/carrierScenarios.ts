/**
 * Shared by the carrier simulators (ups, fedex, usps, dhl): a deterministic parcel "world" plus the
 * plumbing every carrier API has (OAuth tokens that expire, request quotas with 429 + Retry-After,
 * request recording). Each sim translates the generic journey into its own codes and date formats.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { SimRequest, SimResponse, VendorSim } from '../http';

export type Step =
	| 'label'
	| 'pickup'
	| 'arrive'
	| 'depart'
	| 'out_for_delivery'
	| 'delivered'
	| 'attempt'
	| 'exception'
	| 'returned'
	| 'ready_pickup';

export type Scenario =
	| 'label_created'
	| 'in_transit'
	| 'out_for_delivery'
	| 'delivered'
	| 'failed_attempt'
	| 'exception'
	| 'returned'
	| 'ready_for_pickup';
export const SCENARIOS: Scenario[] = [
	'delivered',
	'in_transit',
	'out_for_delivery',
	'label_created',
	'failed_attempt',
	'exception',
	'returned',
	'ready_for_pickup',
];

export interface Place {
	city: string;
	state: string;
	zip: string;
	country: string;
	zone: string;
}

const PLACES: Place[] = [
	{ city: 'MEMPHIS', state: 'TN', zip: '38118', country: 'US', zone: 'America/Chicago' },
	{ city: 'LOUISVILLE', state: 'KY', zip: '40209', country: 'US', zone: 'America/New_York' },
	{ city: 'SEATTLE', state: 'WA', zip: '98101', country: 'US', zone: 'America/Los_Angeles' },
	{ city: 'DENVER', state: 'CO', zip: '80202', country: 'US', zone: 'America/Denver' },
	{ city: 'NEWARK', state: 'NJ', zip: '07102', country: 'US', zone: 'America/New_York' },
	{ city: 'PHOENIX', state: 'AZ', zip: '85001', country: 'US', zone: 'America/Phoenix' },
];

export interface JourneyEvent {
	step: Step;
	atMs: number;
	place: Place;
}

export interface Journey {
	trackingNumber: string;
	scenario: Scenario;
	events: JourneyEvent[];
	/** Newest first, like every carrier returns them. */
	estimatedDeliveryMs: number | null;
	deliveredAtMs: number | null;
	/** Where the parcel is going (its zone decides what a date-only estimate means); absent: the newest scan's place. */
	destination?: Place;
}

const SCENARIO_STEPS: Record<Scenario, Step[]> = {
	label_created: ['label'],
	in_transit: ['label', 'pickup', 'arrive', 'depart', 'arrive'],
	out_for_delivery: ['label', 'pickup', 'arrive', 'depart', 'arrive', 'out_for_delivery'],
	delivered: ['label', 'pickup', 'arrive', 'depart', 'arrive', 'out_for_delivery', 'delivered'],
	failed_attempt: ['label', 'pickup', 'arrive', 'depart', 'out_for_delivery', 'attempt'],
	exception: ['label', 'pickup', 'arrive', 'exception'],
	returned: ['label', 'pickup', 'arrive', 'exception', 'returned'],
	ready_for_pickup: ['label', 'pickup', 'arrive', 'depart', 'ready_pickup'],
};

function hashInt(text: string): number {
	return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** Same seed + number -> same journey, so tests and the demo can predict what a carrier answers. */
export function journeyFor(trackingNumber: string, seed: number, nowMs: number, forced?: Scenario): Journey {
	const h = hashInt(`${seed}:${trackingNumber}`);
	const scenario = forced ?? SCENARIOS[h % SCENARIOS.length];
	const steps = SCENARIO_STEPS[scenario];
	const start = nowMs - (steps.length * 9 + 2) * 3600_000;
	const events: JourneyEvent[] = steps.map((step, i) => ({
		step,
		atMs: start + i * 9 * 3600_000 + ((h >> i % 16) % 3600) * 1000,
		place: PLACES[(h + i) % PLACES.length],
	}));
	const last = events[events.length - 1];
	const delivered = scenario === 'delivered' ? last.atMs : null;
	const estimate = delivered || scenario === 'returned' ? null : start + 4 * 24 * 3600_000;
	return {
		trackingNumber,
		scenario,
		events: events.reverse(),
		estimatedDeliveryMs: estimate,
		deliveredAtMs: delivered,
	};
}

/** Local wall-clock time of an event at its place, with the place's offset. */
export function localTime(ms: number, place: Place): DateTime {
	return DateTime.fromMillis(ms, { zone: place.zone });
}

export function parcelsFrom(options: {
	seed?: number;
	now?: () => number;
	scenarios?: Record<string, Scenario>;
	unknown?: Iterable<string>;
}) {
	const seed = options.seed ?? 1;
	const now = options.now ?? (() => Date.now());
	const unknown = new Set(options.unknown ?? []);
	return {
		/** Undefined when the carrier does not know the number. */
		lookup(trackingNumber: string): Journey | undefined {
			if (unknown.has(trackingNumber) || /^0+$/.test(trackingNumber) || trackingNumber.startsWith('UNKNOWN'))
				return undefined;
			return journeyFor(trackingNumber, seed, now(), options.scenarios?.[trackingNumber]);
		},
	};
}

/** Tokens with a lifetime; `expireAll()` simulates the token expiring mid-run. */
export class TokenIssuer {
	private readonly tokens = new Map<string, number>();
	issued = 0;
	/** When set, every token is refused (revoked app): the client must stop after one refresh. */
	rejectAll = false;
	constructor(
		private readonly ttlMs: number,
		private readonly now: () => number,
	) {}
	issue(): { token: string; expiresInSeconds: number } {
		const token = randomBytes(18).toString('base64url');
		this.tokens.set(token, this.now() + this.ttlMs);
		this.issued += 1;
		return { token, expiresInSeconds: Math.floor(this.ttlMs / 1000) };
	}
	valid(authorization: string | undefined): boolean {
		if (this.rejectAll) return false;
		const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
		const until = token ? this.tokens.get(token) : undefined;
		return until !== undefined && until > this.now();
	}
	expireAll(): void {
		for (const key of this.tokens.keys()) this.tokens.set(key, 0);
	}
}

/** Fixed-window quota: `limit` requests per `windowMs`, the 429 says when to come back. */
export class WindowQuota {
	private windowStart = -Infinity;
	private used = 0;
	rejected = 0;
	constructor(
		readonly limit: number,
		readonly windowMs: number,
		private readonly now: () => number,
	) {}
	take(): { ok: true; remaining: number; resetMs: number } | { ok: false; retryAfterSeconds: number } {
		const now = this.now();
		if (now >= this.windowStart + this.windowMs) {
			this.windowStart = Math.floor(now / this.windowMs) * this.windowMs;
			this.used = 0;
		}
		const resetMs = this.windowStart + this.windowMs - now;
		if (this.used >= this.limit) {
			this.rejected += 1;
			return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
		}
		this.used += 1;
		return { ok: true, remaining: this.limit - this.used, resetMs };
	}
}

export interface RecordedCall {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	json?: unknown;
	rawBody: string;
	status: number;
	at: number;
}

/** What every carrier simulator accepts (UPS, FedEx, USPS and DHL add their own token lifetime). */
export interface CarrierSimOptions {
	seed?: number;
	now?: () => number;
	quota?: { limit: number; windowMs: number };
	scenarios?: Record<string, Scenario>;
	unknownNumbers?: string[];
	malformedDates?: string[];
	record?: boolean;
}

/**
 * The part the four carrier simulators share: the clock, the carrier's quota, the parcels the seed
 * (or the sandbox world) describes, and the record of every call. Each carrier supplies its routes.
 */
export abstract class CarrierSimBase<O extends CarrierSimOptions> implements VendorSim {
	abstract readonly name: string;
	readonly quota: WindowQuota;
	readonly #calls: RecordedCall[] = [];
	protected readonly now: () => number;
	/** Where journeys come from: the seed's by default, the sandbox world's after routeParcels. */
	#lookup: (trackingNumber: string) => Journey | undefined;
	protected readonly malformed: Set<string>;

	constructor(
		protected readonly options: O,
		quotaDefaults: { limit: number; windowMs: number },
	) {
		this.now = options.now ?? (() => Date.now());
		this.quota = new WindowQuota(
			options.quota?.limit ?? quotaDefaults.limit,
			options.quota?.windowMs ?? quotaDefaults.windowMs,
			this.now,
		);
		const parcels = parcelsFrom({
			seed: options.seed,
			now: this.now,
			scenarios: options.scenarios,
			unknown: options.unknownNumbers,
		});
		this.#lookup = (trackingNumber) => parcels.lookup(trackingNumber);
		this.malformed = new Set(options.malformedDates ?? []);
	}

	/* ----- public interface: what the world and the tests may see and do ----- */

	/** Every call answered, oldest first (unless constructed with record: false). */
	get calls(): readonly RecordedCall[] {
		return this.#calls;
	}

	/**
	 * Answer from these parcels instead of the seed's (the sandbox world: each parcel's journey as of the
	 * simulated now). Undefined from the lookup means the carrier does not know the number.
	 */
	routeParcels(lookup: (trackingNumber: string) => Journey | undefined): void {
		this.#lookup = lookup;
	}

	/** The journey of a tracking number, for the carrier's own routes. */
	protected journeyOf(trackingNumber: string): Journey | undefined {
		return this.#lookup(trackingNumber);
	}

	handle(request: SimRequest): SimResponse | undefined {
		const response = this.route(request);
		if (response && this.options.record !== false)
			this.#calls.push({
				method: request.method,
				path: request.path,
				query: Object.fromEntries(request.query),
				headers: request.headers,
				json: request.json,
				rawBody: request.rawBody,
				status: response.status,
				at: this.now(),
			});
		return response;
	}

	protected abstract route(request: SimRequest): SimResponse | undefined;
}
