/**
 * One local server hosting every vendor sim over one generated world, plus a control API under
 * /_control (simulated time, ground truth, webhook deliveries, injected failures). The sims keep their
 * own routing, auth, limits and response shapes; the world only decides what each of them knows at
 * the simulated "now" (rate-limit windows and token lifetimes stay on the real clock, so a jump of
 * three simulated days never unlocks a quota), and only through the methods each sim declares for it
 * (loadOrders, load, routeParcels, the ShipStation baseUrl): it never touches a sim's fields.
 */
import { startSandbox, type RunningSandbox, type SimRequest, type SimResponse, type VendorSim } from '../http';
import { createDhlSim, type DhlSim } from '../vendors/dhl';
import { createFedExSim, type FedExSim } from '../vendors/fedex';
import { createKlaviyoSim, type KlaviyoSim } from '../vendors/klaviyo';
import { createShipBobSim, type ShipBobSim } from '../vendors/shipbob';
import { createShipMonkSim, type ShipMonkSim } from '../vendors/shipmonk';
import { createShipHeroSim, type ShipHeroSim } from '../vendors/shiphero';
import { createExtensivSim, type ExtensivSim } from '../vendors/extensiv';
import { createShipStationSim, type ShipStationSim } from '../vendors/shipstation';
import { ShopifySim } from '../vendors/shopify';
import { createSlackSim, type SlackSim } from '../vendors/slack';
import { createUpsSim, type UpsSim } from '../vendors/ups';
import { createUspsSim, type UspsSim } from '../vendors/usps';
import { generateWorld, type WorldOptions } from './generate';
import type { PlannedFailure, World } from './model';
import { journeyAt, parcelIndex } from './projectCarrier';
import { createRandom, type Random } from './random';
import { truthAt } from './truthAt';
import { projectShopifyOrder } from './projectShopify';
import { projectShipBob, projectShipMonk, projectShipStation, shipStationOrderId } from './projectWarehouse';
import {
	deliver,
	planShipBobDeliveries,
	planShipStationDeliveries,
	planShopifyDeliveries,
	shipBobHeaders,
	shopifyHeaders,
} from './webhooks';

/** Credentials the sims accept (the sandbox is local-only; these are not secrets). */
export const SANDBOX_CREDENTIALS = {
	shopify: {
		shopDomain: 'post-purchase-demo.myshopify.com',
		accessToken: 'shpat_sandbox_token',
		webhookSecret: 'sandbox-webhook-secret',
	},
	shipstation: { apiKey: 'ss-key', apiSecret: 'ss-secret', v2ApiKey: 'ss-v2-key' },
	shipmonk: { apiKey: 'sm-key-test' },
	shiphero: { refreshToken: 'sh-refresh-test' },
	extensiv: { clientId: 'ext-client', clientSecret: 'ext-secret' },
	shipbob: {
		token: 'sb-pat-test',
		webhookSecret: `whsec_${Buffer.from('sandbox-shipbob-signing-key-0123').toString('base64')}`,
	},
	ups: { clientId: 'ups-client', clientSecret: 'ups-secret' },
	fedex: { clientId: 'fedex-client', clientSecret: 'fedex-secret' },
	usps: { clientId: 'usps-client', clientSecret: 'usps-secret' },
	dhl: { apiKey: 'dhl-key' },
	klaviyo: { apiKey: 'pk_sandbox' },
	slack: { token: 'xoxb-sandbox-token' },
} as const;

export interface WorldSandboxOptions extends WorldOptions {
	port?: number;
	/** Simulated "now" to start at (ISO); default the scenario's end time. */
	now?: string;
	/** Arm the world's planned failures at start (default true). */
	injectFailures?: boolean;
	/** How long a simulated timeout holds the socket before dropping it. */
	timeoutHangMs?: number;
}

/**
 * Faults drawn at random over a run (the chaos run): each request to an affected vendor fails with probability
 * `rate`, as a 500 or a timeout. Some failures come after the vendor acted (the effect happened, the answer was
 * lost), which is what tests that a side effect happens once; the others before it (nothing happened).
 */
export interface RandomFaults {
	/** Share of requests that fail, 0 to 1. */
	rate: number;
	/** Of the failed requests, the share the vendor carries out before the answer is lost (default 0.5). */
	afterEffectShare?: number;
	/** Vendors affected (default: every vendor). */
	vendors?: string[];
	/** Seed of the draws, so a run can be told again (default 1). */
	seed?: number;
}

/** A failure the sandbox served: planned, drawn (RandomFaults) or an outage. */
export interface FiredFailure {
	vendor: string;
	kind: PlannedFailure['kind'] | 'outage';
	path: string;
	/** Set when the vendor acted before the answer was lost. */
	afterEffect?: true;
}

export interface WorldSims {
	shopify: ShopifySim;
	shipstation: ShipStationSim;
	shipbob: ShipBobSim;
	shipmonk: ShipMonkSim;
	/** Hosted with empty accounts: this brand does not use them (credentials and API still answer). */
	shiphero: ShipHeroSim;
	extensiv: ExtensivSim;
	ups: UpsSim;
	fedex: FedExSim;
	usps: UspsSim;
	dhl: DhlSim;
	klaviyo: KlaviyoSim;
	slack: SlackSim;
}

export interface WorldSandbox {
	world: World;
	sims: WorldSims;
	server: RunningSandbox;
	url: string;
	baseUrl(vendor: string): string;
	nowMs(): number;
	/** Move simulated time (forwards or back) and re-project every vendor. */
	setNow(ms: number): void;
	injectFailure(failure: PlannedFailure): void;
	/** Fail requests at random from now on (RandomFaults); undefined stops it. */
	setRandomFaults(faults: RandomFaults | undefined): void;
	/** Take a vendor down for `ms` (every request answered 503, nothing done); 0 brings it back. */
	setOutage(vendor: string, ms: number): void;
	/** Failures that fired so far (vendor, kind, path). */
	firedFailures: FiredFailure[];
	close(): Promise<void>;
}

/** What the injectors share: the random faults in force and the vendors that are down (real clock). */
interface FaultState {
	random?: { faults: RandomFaults; draw: Random };
	downUntilMs: Map<string, number>;
}

/**
 * Wraps a sim so the next N requests get a failure instead of an answer (429 with the vendor's headers, 500, a
 * hang); while its vendor is down, every request gets a 503; under random faults, a drawn share of requests fails,
 * some after the sim acted.
 */
class FailureInjector implements VendorSim {
	readonly name: string;
	private readonly pending: PlannedFailure[] = [];
	constructor(
		private readonly inner: VendorSim,
		private readonly hangMs: number,
		private readonly fired: FiredFailure[],
		private readonly state: FaultState,
	) {
		this.name = inner.name;
	}
	add(failure: PlannedFailure): void {
		this.pending.push({ ...failure });
	}
	async handle(request: SimRequest): Promise<SimResponse | undefined> {
		const next = this.pending[0];
		if (next) {
			next.times -= 1;
			if (next.times <= 0) this.pending.shift();
			this.fired.push({ vendor: this.name, kind: next.kind, path: request.path });
			return this.failure(next.kind);
		}
		if ((this.state.downUntilMs.get(this.name) ?? 0) > Date.now()) {
			this.fired.push({ vendor: this.name, kind: 'outage', path: request.path });
			return { status: 503, headers: { 'retry-after': '5' }, body: { message: 'Service Unavailable (outage)' } };
		}
		const random = this.state.random;
		if (
			random &&
			(random.faults.vendors ?? [this.name]).includes(this.name) &&
			random.draw.next() < random.faults.rate
		) {
			const kind = random.draw.next() < 0.5 ? '500' : 'timeout';
			if (random.draw.next() < (random.faults.afterEffectShare ?? 0.5)) {
				// the vendor acts; the caller never learns it did
				await this.inner.handle(request);
				this.fired.push({ vendor: this.name, kind, path: request.path, afterEffect: true });
			} else this.fired.push({ vendor: this.name, kind, path: request.path });
			return this.failure(kind);
		}
		return this.inner.handle(request);
	}
	private failure(kind: PlannedFailure['kind']): SimResponse {
		if (kind === 'timeout') return { status: 504, hangMs: this.hangMs };
		if (kind === '429')
			return { status: 429, headers: rateLimitHeaders(this.name), body: { message: 'Too Many Requests' } };
		return { status: 500, body: { message: 'Internal Server Error (injected by the sandbox)' } };
	}
}

function rateLimitHeaders(vendor: string): Record<string, string> {
	if (vendor === 'shipstation')
		return { 'x-rate-limit-limit': '40', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1' };
	if (vendor === 'shipbob') return { 'x-retry-after': '1', 'x-remaining-calls': '0' };
	// ShipMonk sends Retry-After as an HTTP date.
	if (vendor === 'shipmonk') return { 'retry-after': new Date(Date.now() + 1000).toUTCString() };
	return { 'retry-after': '1' };
}

export function createWorldSims(world: World): WorldSims {
	return {
		shopify: new ShopifySim({
			orders: 0,
			accessTokens: [SANDBOX_CREDENTIALS.shopify.accessToken],
			shopDomain: SANDBOX_CREDENTIALS.shopify.shopDomain,
		}),
		shipstation: createShipStationSim({
			seed: world.seed,
			orders: 0,
			shipments: 0,
			apiKey: SANDBOX_CREDENTIALS.shipstation.apiKey,
			apiSecret: SANDBOX_CREDENTIALS.shipstation.apiSecret,
		}),
		shipbob: createShipBobSim({ orders: 0, token: SANDBOX_CREDENTIALS.shipbob.token }),
		shipmonk: createShipMonkSim({ orders: 0, apiKey: SANDBOX_CREDENTIALS.shipmonk.apiKey }),
		shiphero: createShipHeroSim({ orders: 0 }),
		extensiv: createExtensivSim({ orders: 0 }),
		ups: createUpsSim({ seed: world.seed, ...SANDBOX_CREDENTIALS.ups, record: false }),
		fedex: createFedExSim({ seed: world.seed, ...SANDBOX_CREDENTIALS.fedex, record: false }),
		usps: createUspsSim({ seed: world.seed, ...SANDBOX_CREDENTIALS.usps, record: false }),
		dhl: createDhlSim({ seed: world.seed, ...SANDBOX_CREDENTIALS.dhl, record: false }),
		klaviyo: createKlaviyoSim({ apiKey: SANDBOX_CREDENTIALS.klaviyo.apiKey }),
		slack: createSlackSim({ token: SANDBOX_CREDENTIALS.slack.token }),
	};
}

/**
 * What the world may do to the sims that hold its orders, and nothing more: replace what each vendor knows
 * at the simulated now, through the method the sim declares for it. Routing, auth, limits, response shapes
 * and recording stay the sims' own.
 */
export interface WorldFedSims {
	shopify: Pick<ShopifySim, 'loadOrders'>;
	shipstation: Pick<ShipStationSim, 'load'>;
	shipbob: Pick<ShipBobSim, 'loadOrders'>;
	shipmonk: Pick<ShipMonkSim, 'loadOrders'>;
}

/** Show every sim the world as it is at `nowMs`. */
export function projectWorld(world: World, sims: WorldFedSims, nowMs: number): void {
	// Orders are numbered in placement order, so the orders placed by now are a prefix of the list.
	sims.shopify.loadOrders(world.orders.filter((o) => o.placedAtMs <= nowMs).map((o) => projectShopifyOrder(o, nowMs)));
	const ss = world.orders
		.map((o) => projectShipStation(o, world.seed, nowMs))
		.filter((x): x is NonNullable<typeof x> => x !== undefined);
	sims.shipstation.load(
		ss.map((x) => x.order),
		ss.flatMap((x) => x.shipments),
	);
	sims.shipbob.loadOrders(
		world.orders.map((o) => projectShipBob(o, nowMs)).filter((x): x is Record<string, unknown> => x !== undefined),
	);
	sims.shipmonk.loadOrders(
		world.orders.map((o) => projectShipMonk(o, nowMs)).filter((x): x is Record<string, unknown> => x !== undefined),
	);
}

export async function startWorldSandbox(options: WorldSandboxOptions = {}): Promise<WorldSandbox> {
	const world = generateWorld(options);
	const sims = createWorldSims(world);
	let now = options.now ? Date.parse(options.now) : world.endMs;
	if (Number.isNaN(now)) throw new Error(`now: "${options.now}" is not a date (use ISO 8601)`);
	const parcels = parcelIndex(world);
	const lookup = (trackingNumber: string) => {
		const parcel = parcels.get(trackingNumber);
		return parcel ? journeyAt(parcel, now, parcel.destination) : undefined;
	};
	for (const carrier of [sims.ups, sims.fedex, sims.usps, sims.dhl]) carrier.routeParcels(lookup);
	projectWorld(world, sims, now);

	const fired: FiredFailure[] = [];
	const faultState: FaultState = { downUntilMs: new Map() };
	const injectors = new Map<string, FailureInjector>();
	for (const sim of Object.values(sims) as VendorSim[])
		injectors.set(sim.name, new FailureInjector(sim, options.timeoutHangMs ?? 2500, fired, faultState));
	const knownVendor = (field: string, vendor: string) => {
		if (!injectors.has(vendor))
			throw new Error(`${field}: "${vendor}" is not a sandbox vendor (use one of ${[...injectors.keys()].join(', ')})`);
	};
	const setRandomFaults = (faults: RandomFaults | undefined) => {
		if (!faults) {
			faultState.random = undefined;
			return;
		}
		if (!(faults.rate >= 0 && faults.rate <= 1)) throw new Error(`faults.rate: ${faults.rate} is not between 0 and 1`);
		const share = faults.afterEffectShare ?? 0.5;
		if (!(share >= 0 && share <= 1))
			throw new Error(`faults.afterEffectShare: ${faults.afterEffectShare} is not between 0 and 1`);
		for (const vendor of faults.vendors ?? []) knownVendor('faults.vendors', vendor);
		faultState.random = { faults: { ...faults }, draw: createRandom(faults.seed ?? 1) };
	};
	const setOutage = (vendor: string, ms: number) => {
		knownVendor('outage.vendor', vendor);
		if (!(ms >= 0)) throw new Error(`outage.ms: ${ms} is not a duration in milliseconds (0 ends the outage)`);
		faultState.downUntilMs.set(vendor, Date.now() + ms);
	};
	const injectFailure = (failure: PlannedFailure) => {
		const injector = injectors.get(failure.vendor);
		if (!injector)
			throw new Error(
				`failure.vendor: "${failure.vendor}" is not a sandbox vendor (use one of ${[...injectors.keys()].join(', ')})`,
			);
		if (!['429', '500', 'timeout'].includes(failure.kind))
			throw new Error(`failure.kind: "${failure.kind}" is not one of 429, 500, timeout`);
		injector.add({ ...failure, times: Math.max(1, Math.floor(failure.times || 1)) });
	};
	if (options.injectFailures !== false) for (const f of world.failures) injectFailure(f);

	const setNow = (ms: number) => {
		now = ms;
		projectWorld(world, sims, now);
	};
	const control: VendorSim = {
		name: '_control',
		handle: (request) =>
			controlApi(request, {
				world,
				nowMs: () => now,
				setNow,
				injectFailure,
				setRandomFaults,
				setOutage,
				fired,
				baseUrl: (v) => server.baseUrl(v),
			}),
	};
	const server: RunningSandbox = await startSandbox([...injectors.values(), control], { port: options.port });
	sims.shipstation.baseUrl = server.baseUrl('shipstation');
	return {
		world,
		sims,
		server,
		url: server.url,
		baseUrl: server.baseUrl,
		nowMs: () => now,
		setNow,
		injectFailure,
		setRandomFaults,
		setOutage,
		firedFailures: fired,
		close: () => server.close(),
	};
}

interface ControlContext {
	world: World;
	nowMs(): number;
	setNow(ms: number): void;
	injectFailure(f: PlannedFailure): void;
	setRandomFaults(faults: RandomFaults | undefined): void;
	setOutage(vendor: string, ms: number): void;
	fired: FiredFailure[];
	baseUrl(vendor: string): string;
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function bad(field: string, message: string): SimResponse {
	return { status: 400, body: { error: `${field}: ${message}` } };
}

/** /_control API; every input error names the field and what to send. */
export async function controlApi(request: SimRequest, ctx: ControlContext): Promise<SimResponse | undefined> {
	const body = (request.json ?? {}) as Record<string, unknown>;
	const { world } = ctx;
	const time = () => ({
		now: new Date(ctx.nowMs()).toISOString(),
		startAt: new Date(world.startMs).toISOString(),
		endAt: new Date(world.endMs).toISOString(),
	});
	if (request.path === '/time' && request.method === 'GET') return { status: 200, body: time() };
	if (request.path === '/time' && request.method === 'POST') {
		if (typeof body.at === 'string') {
			const at = body.at === 'end' ? world.endMs : body.at === 'start' ? world.startMs : Date.parse(body.at);
			if (Number.isNaN(at)) return bad('at', `"${body.at}" is not a date (use ISO 8601, "start" or "end")`);
			ctx.setNow(at);
		} else if (typeof body.advance === 'string') {
			const m = DURATION.exec(body.advance.trim());
			if (!m) return bad('advance', `"${body.advance}" is not a duration (use e.g. "90m", "6h", "2d")`);
			ctx.setNow(ctx.nowMs() + Number(m[1]) * UNIT_MS[m[2]]);
		} else return bad('body', 'send {"at": "<ISO time>|start|end"} or {"advance": "6h"}');
		return { status: 200, body: time() };
	}
	if (request.path === '/truth/at' && request.method === 'GET') {
		// The truth at any instant (default: now): what must be open, what may be (near a threshold), the stage.
		const raw = request.query.get('at');
		const at =
			raw === null || raw === '' || raw === 'now' ? ctx.nowMs() : raw === 'end' ? world.endMs : Date.parse(raw);
		if (Number.isNaN(at)) return bad('at', `"${raw}" is not a date (use ISO 8601, "now" or "end")`);
		const orders: Record<string, unknown> = {};
		for (const order of world.orders) {
			const t = truthAt(order, at, world.timeZone);
			if (t) orders[order.key] = t;
		}
		return { status: 200, body: { at: new Date(at).toISOString(), orders } };
	}
	if (request.path === '/truth' && request.method === 'GET') {
		// The webhook mess is planted too: which Shopify deliveries (up to now) are repeats or out of order.
		const messy = planShopifyDeliveries(world, ctx.nowMs())
			.filter((d) => d.duplicate || d.outOfOrder)
			.map((d) => ({
				orderKey: d.orderKey,
				topic: d.topic,
				eventId: d.eventId,
				duplicate: d.duplicate,
				outOfOrder: d.outOfOrder,
			}));
		return {
			status: 200,
			body: {
				endAt: time().endAt,
				seed: world.seed,
				orders: world.truth,
				failures: world.failures,
				webhooks: { shopify: messy },
			},
		};
	}
	if (request.path === '/failures' && request.method === 'GET') return { status: 200, body: { fired: ctx.fired } };
	if (request.path === '/failures' && request.method === 'POST') {
		try {
			ctx.injectFailure({
				vendor: String(body.vendor ?? ''),
				kind: String(body.kind ?? '') as PlannedFailure['kind'],
				times: Number(body.times ?? 1),
			});
		} catch (error) {
			return { status: 400, body: { error: (error as Error).message } };
		}
		return { status: 200, body: { ok: true } };
	}
	if (request.path === '/faults' && request.method === 'POST') {
		// {"rate": 0.2, "afterEffectShare": 0.5, "vendors": [...], "seed": 7}; {"rate": 0} stops them
		try {
			ctx.setRandomFaults(
				body.rate === 0
					? undefined
					: {
							rate: Number(body.rate),
							afterEffectShare: body.afterEffectShare === undefined ? undefined : Number(body.afterEffectShare),
							vendors: Array.isArray(body.vendors) ? body.vendors.map(String) : undefined,
							seed: body.seed === undefined ? undefined : Number(body.seed),
						},
			);
		} catch (error) {
			return { status: 400, body: { error: (error as Error).message } };
		}
		return { status: 200, body: { ok: true } };
	}
	if (request.path === '/outages' && request.method === 'POST') {
		// {"vendor": "slack", "for": "10m"}; {"vendor": "slack", "for": "0s"} brings it back
		const m = typeof body.for === 'string' ? DURATION.exec(body.for.trim()) : null;
		if (!m) return bad('for', `"${String(body.for)}" is not a duration (use e.g. "45s", "10m"; "0s" ends it)`);
		try {
			ctx.setOutage(String(body.vendor ?? ''), Number(m[1]) * UNIT_MS[m[2]]);
		} catch (error) {
			return { status: 400, body: { error: (error as Error).message } };
		}
		return { status: 200, body: { ok: true } };
	}
	if (request.path === '/webhooks/shopify' && request.method === 'POST') {
		if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url))
			return bad('url', 'send the webhook URL to deliver to (http://...)');
		const secret =
			typeof body.secret === 'string' && body.secret ? body.secret : SANDBOX_CREDENTIALS.shopify.webhookSecret;
		const keys = Array.isArray(body.orderKeys) ? new Set(body.orderKeys.map(String)) : undefined;
		const deliveries = planShopifyDeliveries(world, ctx.nowMs(), keys);
		const result = await deliver(deliveries, body.url, (d) =>
			shopifyHeaders(d, secret, SANDBOX_CREDENTIALS.shopify.shopDomain),
		);
		return { status: 200, body: result };
	}
	if (request.path === '/webhooks/shipstation' && request.method === 'POST') {
		if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url))
			return bad('url', 'send the webhook URL to deliver to (http://...)');
		const deliveries = planShipStationDeliveries(world, ctx.nowMs(), ctx.baseUrl('shipstation'), shipStationOrderId);
		const result = await deliver(deliveries, body.url, () => ({ 'content-type': 'application/json' }));
		return { status: 200, body: result };
	}
	if (request.path === '/webhooks/shipbob' && request.method === 'POST') {
		if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url))
			return bad('url', 'send the webhook URL to deliver to (http://...)');
		const secret =
			typeof body.secret === 'string' && body.secret ? body.secret : SANDBOX_CREDENTIALS.shipbob.webhookSecret;
		const deliveries = planShipBobDeliveries(world, ctx.nowMs(), projectShipBob);
		// Signed at the real send time: receivers check the timestamp against their own clock (5 minute window).
		const result = await deliver(deliveries, body.url, (d) => shipBobHeaders(d, secret, Date.now()));
		return { status: 200, body: result };
	}
	return undefined;
}
