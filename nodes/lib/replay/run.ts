/**
 * The replay: a capture played through the product's own code, in time order.
 *
 *  1. Every push is delivered at its startedDateTime to the trigger's code (deliver.ts); its observations
 *     are folded into the order at once (the event processor runs right after the intake).
 *  2. A sweep runs at each checkpoint and at --at (and every `sweepEveryMinutes` if asked): for every order
 *     known so far, the product reads Shopify (by id when known, else by name), each warehouse the store
 *     uses (ShipStation orders and shipments by order number; 3PLs by every key: Shopify id, then name),
 *     then each parcel's carrier, all through the real connectors over the capture (transport.ts), and
 *     reconciles with the engine under the policy. When the engine lists cases to confirm (toConfirm),
 *     the order is read again and reconciled once more before anything opens.
 *  3. After each fold the customer is told of each milestone reached (shipped, delivered per parcel), once,
 *     as the event-processor template does through Klaviyo: the replay records the notification as sent at
 *     that instant (no Klaviyo call), so notification_late means what it means in production.
 *  4. At each checkpoint and at --at the state of every order is kept: stage, open and resolved cases and
 *     the timeline.
 * An order is known from the first push that names it, or from the first recorded read that names it
 * (a recorded read is one the product made, so the product knew the order then).
 */
import { detectCarrier } from '../connectors/carriers/detect';
import { createTracker } from '../connectors/carriers/factory';
import { toTrackingObservation, trackAll } from '../connectors/carriers/tracking';
import { carrierTransport } from '../connectors/carriers/transport';
import type { CarrierCode } from '../connectors/carriers/types';
import {
	orderKeyFromOrderNumber,
	orderToObservation,
	shipmentToObservation,
	shipStationTransport,
	ShipStationV1Client,
} from '../connectors/shipstation';
import {
	getOrder,
	observationsFromOrder,
	orderKeyFromName,
	OrderNotFoundError,
	ShopifyClient,
} from '../connectors/shopify';
import {
	createThreePlClient,
	lookupObservation,
	lookupToObservations,
	type ThreePlClient,
	type ThreePlProvider,
} from '../connectors/threepl';
import {
	buildPostPurchaseEvent,
	toNotificationObservation,
	type PostPurchasePreset,
} from '../connectors/klaviyo/postPurchase';
import type { Clock, Transport } from '../http/types';
import { defaultPolicy, type Policy } from '../order/policy';
import { reconcile, type ReconcileResult } from '../order/reconcile';
import { timeline, type TimelineEntry } from '../order/timeline';
import type { ExceptionCase, Observation, OrderRecord } from '../order/types';
import { classifyExchange, REPLAY_VENDORS, type ReplayVendor, type VendorBaseUrls } from './classify';
import { deliverPush, type Delivery, type PushClients, type ReplaySecrets } from './deliver';
import { bodyOf, parseHar, type Capture, type Exchange } from './har';
import { shopifyOrdersIn } from './reads';
import { buildReadIndex, captureTransport, unplacedExchanges, type ReadLog } from './transport';

export const WAREHOUSE_VENDORS = ['shipstation', 'shipbob', 'shiphero', 'shipmonk', 'extensiv'] as const;
type Warehouse = (typeof WAREHOUSE_VENDORS)[number];
const CARRIERS: CarrierCode[] = ['ups', 'fedex', 'usps', 'dhl'];

/** The small replay config (JSON): what a capture cannot carry. */
export interface ReplayConfig {
	/** Webhook signing secrets per vendor (Shopify app secret, ShipBob whsec_..., ShipHero, ShipMonk). */
	secrets?: ReplaySecrets;
	/** Vendor API base URLs besides the public hosts (sandbox, proxy): {"shopify": "http://127.0.0.1:8787/shopify"}. */
	baseUrls?: VendorBaseUrls;
	/** The warehouses the store uses; default: every warehouse vendor that appears in the capture. */
	warehouses?: Warehouse[];
	/** The shop's myshopify domain; default: the one the capture shows. */
	shopDomain?: string;
}

/** Checks a replay config read from JSON; every problem names its field and what to write. */
export function parseReplayConfig(input: unknown): ReplayConfig {
	const problems: string[] = [];
	if (input === undefined || input === null) return {};
	if (typeof input !== 'object' || Array.isArray(input))
		throw new Error('config: must be a JSON object {"secrets", "baseUrls", "warehouses", "shopDomain"}');
	const c = input as Record<string, unknown>;
	for (const field of Object.keys(c))
		if (!['secrets', 'baseUrls', 'warehouses', 'shopDomain'].includes(field))
			problems.push(`config.${field}: unknown (use secrets, baseUrls, warehouses or shopDomain)`);
	const vendors = new Set<string>(REPLAY_VENDORS);
	for (const [name, field] of [
		['secrets', c.secrets],
		['baseUrls', c.baseUrls],
	] as const) {
		if (field === undefined) continue;
		if (typeof field !== 'object' || field === null || Array.isArray(field)) {
			problems.push(`config.${name}: must be an object keyed by vendor (${REPLAY_VENDORS.join(', ')})`);
			continue;
		}
		for (const [vendor, value] of Object.entries(field)) {
			if (!vendors.has(vendor))
				problems.push(`config.${name}.${vendor}: not a vendor the replay knows (${REPLAY_VENDORS.join(', ')})`);
			const values = Array.isArray(value) && name === 'secrets' ? value : [value];
			if (!values.every((v) => typeof v === 'string' && v !== ''))
				problems.push(
					`config.${name}.${vendor}: must be ${name === 'secrets' ? 'a secret or a list of secrets' : 'a URL'} (text)`,
				);
			else if (name === 'baseUrls') {
				try {
					new URL(value as string);
				} catch {
					problems.push(`config.baseUrls.${vendor}: "${String(value)}" is not an absolute URL`);
				}
			}
		}
	}
	if (
		c.warehouses !== undefined &&
		(!Array.isArray(c.warehouses) ||
			!c.warehouses.every((w) => (WAREHOUSE_VENDORS as readonly string[]).includes(String(w))))
	)
		problems.push(`config.warehouses: a list of ${WAREHOUSE_VENDORS.join(', ')}`);
	if (c.shopDomain !== undefined && (typeof c.shopDomain !== 'string' || !/\.myshopify\.com$/i.test(c.shopDomain)))
		problems.push("config.shopDomain: the shop's myshopify domain, e.g. acme.myshopify.com");
	if (problems.length)
		throw new Error(
			`The replay config has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ` +
				`${problems.join('\n  ')}`,
		);
	return c as ReplayConfig;
}

export interface ReplayOptions {
	at: string;
	checkpoints?: string[];
	policy?: Policy;
	config?: ReplayConfig;
	/** Extra sweeps every N minutes between the first entry and --at (0/undefined: none). */
	sweepEveryMinutes?: number;
}

export interface CaseView {
	type: string;
	openedAt: string;
	resolvedAt: string | null;
	resolution: string | null;
	summary: string;
}

export interface OrderView {
	orderKey: string;
	stage: string;
	shopifyStatus: { financial: string | null; fulfillment: string | null };
	open: CaseView[];
	resolved: CaseView[];
	timeline: TimelineEntry[];
	/** Cases the engine still holds back after the confirm read (toConfirm), by type. */
	toConfirm: string[];
}

export interface Snapshot {
	at: string;
	orders: OrderView[];
}

export interface ReplayResult {
	capture: { creator: string; entries: number; pushes: number; reads: number; auth: number };
	snapshots: Snapshot[];
	deliveries: Delivery[];
	reads: ReadLog[];
	/** Entries that are neither a vendor read nor a recognisable push (never silently dropped). */
	unplaced: Array<{ index: number; at: string; why: string }>;
	/** Every case ever seen per order, last version of each (for transient counting). */
	cases: Map<string, ExceptionCase[]>;
	/**
	 * Every observation folded into each order, first sighting of each key (receivedAt: when the product
	 * first had it), so a case can be set beside what the product knew when it opened it.
	 */
	observations: Map<string, Observation[]>;
	/** Carrier pushes for parcels no order had (yet) at --at. */
	unlinkedPushes: Array<{ index: number; trackingNumber: string }>;
	/** Observations the engine refused, with its reasons. */
	rejected: Array<{ orderKey: string; at: string; errors: string[] }>;
	/** Reads that failed (a source's error), per order and instant; the other sources were still read. */
	readProblems: ReadProblem[];
	records: Map<string, OrderRecord>;
}

interface OrderState {
	key: string;
	knownSinceMs: number;
	shopifyId?: string;
	record: OrderRecord | null;
	cases: Map<string, ExceptionCase>;
	/** Every observation folded in (deduplicated by key), for the timeline. */
	seen: Map<string, Observation>;
	/** What the engine still holds back after the last confirm read. */
	toConfirm: string[];
}

type Step =
	| { kind: 'push'; atMs: number; exchange: Exchange; vendor: ReplayVendor }
	| { kind: 'sweep'; atMs: number; checkpoint: boolean };

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function parseInstant(value: string, field: string): number {
	const ms = Date.parse(value);
	// Without its zone an instant would be read in this machine's zone: refused, never guessed.
	if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value) || Number.isNaN(ms))
		throw new Error(`${field}: "${value}" is not an ISO 8601 instant with its zone (e.g. 2026-12-02T20:00:00Z)`);
	return ms;
}

/** Orders a recorded read names (Shopify order names, warehouse order numbers): known from that instant. */
export function ordersNamedByRead(exchange: Exchange, vendor: ReplayVendor): string[] {
	const body = bodyOf(exchange.response.bodyText) as Record<string, unknown> | unknown[] | undefined;
	const keys: string[] = [];
	const add = (value: unknown, toKey: (v: string) => string) => {
		if (typeof value === 'string' || typeof value === 'number') {
			const key = toKey(String(value));
			if (key) keys.push(key);
		}
	};
	if (exchange.response.status < 200 || exchange.response.status >= 300) return [];
	if (vendor === 'shopify') for (const node of shopifyOrdersIn(body)) add(node.name, orderKeyFromName);
	if (vendor === 'shipstation' && body && !Array.isArray(body)) {
		for (const field of ['orders', 'shipments'])
			for (const r of (body[field] as Array<Record<string, unknown>> | undefined) ?? [])
				add(r?.orderNumber, (v) => orderKeyFromOrderNumber(v));
	}
	return [...new Set(keys)];
}

export async function replayCapture(input: Capture | unknown, options: ReplayOptions): Promise<ReplayResult> {
	const capture: Capture = isCapture(input) ? input : parseHar(input);
	const policy = options.policy ?? defaultPolicy();
	const config = options.config ?? {};
	const baseUrls = config.baseUrls ?? {};
	const atMs = parseInstant(options.at, '--at');
	const checkpointMs = (options.checkpoints ?? []).map((c, i) => parseInstant(c, `--checkpoint ${i + 1}`));
	const index = buildReadIndex(capture, baseUrls);
	const reads: ReadLog[] = [];
	const deliveries: Delivery[] = [];
	const rejected: ReplayResult['rejected'] = [];
	const readProblems: ReadProblem[] = [];

	const classified = capture.exchanges.map((exchange) => ({ exchange, c: classifyExchange(exchange, baseUrls) }));
	const vendorsSeen = new Set<ReplayVendor>();
	for (const { c } of classified) if (c.role !== 'unknown') vendorsSeen.add(c.vendor);
	const warehouses: Warehouse[] = config.warehouses ?? WAREHOUSE_VENDORS.filter((w) => vendorsSeen.has(w));
	const shopDomain = config.shopDomain ?? shopDomainOf(capture) ?? 'replay-store.myshopify.com';

	const orders = new Map<string, OrderState>();
	const know = (key: string, ms: number) => {
		if (!key) return;
		const existing = orders.get(key);
		if (!existing)
			orders.set(key, { key, knownSinceMs: ms, record: null, cases: new Map(), seen: new Map(), toConfirm: [] });
		else if (ms < existing.knownSinceMs) existing.knownSinceMs = ms;
	};
	const discoveries: Array<{ atMs: number; key: string }> = [];
	for (const { exchange, c } of classified)
		if (c.role === 'read')
			for (const key of ordersNamedByRead(exchange, c.vendor)) discoveries.push({ atMs: exchange.atMs, key });

	// The clock every client reads: the instant being played.
	let nowMs = capture.exchanges[0]?.atMs ?? atMs;
	const transport: Transport = captureTransport(index, { now: () => nowMs, baseUrls, log: reads });
	const clients = makeClients(transport, () => nowMs, baseUrls, shopDomain);

	const steps: Step[] = [];
	for (const { exchange, c } of classified)
		if (c.role === 'push' && exchange.atMs <= atMs)
			steps.push({ kind: 'push', atMs: exchange.atMs, exchange, vendor: c.vendor });
	const sweepTimes = new Set<number>([atMs, ...checkpointMs.filter((ms) => ms <= atMs)]);
	const every = options.sweepEveryMinutes ?? 0;
	if (every > 0 && capture.exchanges.length)
		for (let t = capture.exchanges[0].atMs + every * 60_000; t < atMs; t += every * 60_000) sweepTimes.add(t);
	const checkpointSet = new Set([atMs, ...checkpointMs]);
	for (const t of sweepTimes) steps.push({ kind: 'sweep', atMs: t, checkpoint: checkpointSet.has(t) });
	// At one instant pushes come first: what arrived by then is in the sweep that runs then.
	steps.sort((a, b) => a.atMs - b.atMs || (a.kind === b.kind ? 0 : a.kind === 'push' ? -1 : 1));

	const pendingCarrier: Array<{ index: number; observation: Observation }> = [];
	const snapshots: Snapshot[] = [];

	const fold = (state: OrderState, observations: Observation[], whenMs: number): ReconcileResult | undefined => {
		if (!observations.length && !state.record) return undefined;
		let result: ReconcileResult;
		try {
			result = reconcile(state.record, observations, policy, whenMs);
		} catch (error) {
			rejected.push({ orderKey: state.key, at: iso(whenMs), errors: [(error as Error).message] });
			return undefined;
		}
		if (result.rejected.length)
			rejected.push({ orderKey: state.key, at: iso(whenMs), errors: result.rejected.flatMap((r) => r.errors) });
		state.record = result.record;
		for (const o of observations) if (!state.seen.has(o.key)) state.seen.set(o.key, o);
		const told = notificationsFor(result.record, iso(whenMs));
		if (told.length) {
			try {
				result = reconcile(result.record, told, policy, whenMs);
				state.record = result.record;
				for (const o of told) state.seen.set(o.key, o);
			} catch (error) {
				rejected.push({ orderKey: state.key, at: iso(whenMs), errors: [(error as Error).message] });
			}
		}
		for (const c of result.record.exceptions) state.cases.set(c.id, c);
		const order = result.record.facts?.find((f) => f.kind === 'order' && f.source === 'shopify');
		const shopifyId = (order?.data as { shopifyId?: string } | undefined)?.shopifyId;
		if (shopifyId) state.shopifyId = shopifyId;
		return result;
	};

	// The event processor's confirm step: the engine held a case back until a fresh read shows it still
	// holds (toConfirm); read the order's sources once more at this instant and let the engine decide again.
	const confirmIfAsked = async (state: OrderState, result: ReconcileResult | undefined, whenMs: number) => {
		if (!result?.toConfirm?.length) {
			state.toConfirm = [];
			return;
		}
		state.toConfirm = result.toConfirm.map((c) => c.type);
		const again = fold(state, await readOrder(state, clients, warehouses, iso(whenMs), policy, readProblems), whenMs);
		state.toConfirm = (again?.toConfirm ?? []).map((c) => c.type);
	};

	const linkCarrierPushes = (whenMs: number) => {
		for (let i = pendingCarrier.length - 1; i >= 0; i--) {
			const { observation } = pendingCarrier[i];
			const number = (observation.data as { trackingNumber?: string }).trackingNumber ?? observation.sourceId;
			const owner = [...orders.values()].find((o) =>
				o.record?.shipments.some((s) => s.trackingNumber && sameNumber(s.trackingNumber, number)),
			);
			if (!owner) continue;
			pendingCarrier.splice(i, 1);
			fold(owner, [{ ...observation, orderKey: owner.key }], whenMs);
		}
	};

	for (const step of steps) {
		nowMs = step.atMs;
		for (const d of discoveries) if (d.atMs <= step.atMs) know(d.key, d.atMs);
		if (step.kind === 'push') {
			const delivery = await deliverPush(step.exchange, step.vendor, config.secrets ?? {}, clients);
			deliveries.push(delivery);
			const byOrder = new Map<string, Observation[]>();
			for (const o of delivery.observations) {
				if (!o.orderKey) {
					pendingCarrier.push({ index: step.exchange.index, observation: o });
					continue;
				}
				know(o.orderKey, step.atMs);
				byOrder.set(o.orderKey, [...(byOrder.get(o.orderKey) ?? []), o]);
			}
			for (const [key, list] of byOrder)
				await confirmIfAsked(orders.get(key)!, fold(orders.get(key)!, list, step.atMs), step.atMs);
			linkCarrierPushes(step.atMs);
			continue;
		}
		for (const state of [...orders.values()].sort((a, b) => a.key.localeCompare(b.key))) {
			await confirmIfAsked(
				state,
				fold(state, await readOrder(state, clients, warehouses, iso(step.atMs), policy, readProblems), step.atMs),
				step.atMs,
			);
		}
		linkCarrierPushes(step.atMs);
		if (step.checkpoint)
			snapshots.push({
				at: iso(step.atMs),
				orders: [...orders.values()].filter((o) => o.record).map((o) => viewOf(o)),
			});
	}

	const records = new Map<string, OrderRecord>();
	const cases = new Map<string, ExceptionCase[]>();
	const observations = new Map<string, Observation[]>();
	for (const o of orders.values()) {
		if (o.record) records.set(o.key, o.record);
		cases.set(o.key, [...o.cases.values()]);
		observations.set(o.key, [...o.seen.values()]);
	}
	snapshots.sort((a, b) => a.at.localeCompare(b.at));
	return {
		capture: {
			creator: capture.creator,
			entries: capture.exchanges.length,
			pushes: classified.filter((x) => x.c.role === 'push').length,
			reads: classified.filter((x) => x.c.role === 'read').length,
			auth: classified.filter((x) => x.c.role === 'auth').length,
		},
		snapshots,
		deliveries,
		reads,
		unplaced: unplacedExchanges(capture, baseUrls),
		cases,
		observations,
		unlinkedPushes: pendingCarrier.map((p) => ({
			index: p.index,
			trackingNumber: String(
				(p.observation.data as { trackingNumber?: string }).trackingNumber ?? p.observation.sourceId,
			),
		})),
		rejected,
		readProblems,
		records,
	};
}

/** The milestones the event processor tells the customer about, not told yet. */
function notificationsFor(record: OrderRecord, sentAt: string): Observation[] {
	if (record.stage === 'cancelled') return [];
	const out: Observation[] = [];
	for (const s of record.shipments) {
		if (s.voided) continue;
		const reached: PostPurchasePreset[] = [];
		if (s.shippedAt) reached.push('order_shipped');
		if (s.deliveredAt) reached.push('order_delivered');
		for (const preset of reached) {
			try {
				const event = buildPostPurchaseEvent(record, { preset, shipment: s.key });
				if (record.notifications.some((n) => n.uniqueId === event.uniqueId)) continue;
				out.push(
					toNotificationObservation(record, preset, {
						uniqueId: event.uniqueId,
						shipmentKey: event.shipmentKey,
						sentAt,
					}),
				);
			} catch {
				// An event the processor could not build is not sent: notification_late then says so.
			}
		}
	}
	return out;
}

function isCapture(x: unknown): x is Capture {
	return typeof x === 'object' && x !== null && Array.isArray((x as Capture).exchanges);
}

function sameNumber(a: string, b: string): boolean {
	return a.replace(/\s+/g, '').toUpperCase() === b.replace(/\s+/g, '').toUpperCase();
}

function shopDomainOf(capture: Capture): string | undefined {
	for (const e of capture.exchanges) {
		const domain = e.request.headers['x-shopify-shop-domain'];
		if (domain) return domain;
		const host = new URL(e.request.url).hostname;
		if (/\.myshopify\.com$/i.test(host)) return host;
	}
	return undefined;
}

interface Clients extends PushClients {
	threeplAny(provider: ThreePlProvider): ThreePlClient;
	tracker(carrier: CarrierCode): ReturnType<typeof createTracker>;
}

/**
 * The replay's own clock, starting at the instant being played: a back-off or a rate-limit pause moves it
 * forward instead of sleeping, so a capture of days replays in seconds.
 */
function replayClock(start: number): Clock {
	let current = start;
	return {
		now: () => current,
		sleep: async (ms: number) => {
			current += Math.max(0, ms);
		},
	};
}

/** Fresh clients per call, each on a replay clock at the replay's instant: nothing sleeps for real. */
function makeClients(transport: Transport, now: () => number, baseUrls: VendorBaseUrls, shopDomain: string): Clients {
	const clock = () => replayClock(now());
	const base = (vendor: ReplayVendor, fallback: string) => (baseUrls[vendor] ?? fallback).replace(/\/+$/, '');
	const threeplAny = (provider: ThreePlProvider) =>
		createThreePlClient(provider, {
			transport,
			clock: clock(),
			baseUrl: base(
				provider,
				{
					shipbob: 'https://api.shipbob.com',
					shiphero: 'https://public-api.shiphero.com',
					shipmonk: 'https://api.shipmonk.com',
					extensiv: 'https://secure-wms.com',
				}[provider],
			),
		});
	return {
		shopify: () =>
			new ShopifyClient({
				shopDomain,
				auth: { mode: 'accessToken', accessToken: 'replay-token' },
				transport,
				baseUrl: baseUrls.shopify ?? null,
				clock: clock(),
				maxAttempts: 1,
			}),
		shipstation: () =>
			new ShipStationV1Client({
				transport: shipStationTransport(transport, { clock: clock() }),
				baseUrl: baseUrls.shipstation,
			}),
		threepl: (provider) => threeplAny(provider),
		threeplAny,
		tracker: (carrier) =>
			createTracker(carrier, carrierTransport(transport, carrier, { clock: clock(), maxAttempts: 1 }), {
				clientId: 'replay',
				clientSecret: 'replay',
				apiKey: 'replay',
				baseUrl: baseUrls[carrier],
			}),
	};
}

export interface ReadProblem {
	orderKey: string;
	at: string;
	source: string;
	problem: string;
}

/**
 * One order's reads at one instant: Shopify, every warehouse, then every parcel's carrier. A source that
 * fails is reported (as the workflow's failed node would be) and the others are still read.
 */
async function readOrder(
	state: OrderState,
	clients: Clients,
	warehouses: Warehouse[],
	at: string,
	policy: Policy,
	problems: ReadProblem[],
): Promise<Observation[]> {
	const out: Observation[] = [];
	const key = state.key;
	const report = (source: string, error: unknown) =>
		problems.push({ orderKey: key, at, source, problem: (error as Error).message ?? String(error) });
	// Shopify.
	try {
		const order = state.shopifyId
			? await getOrder(clients.shopify(), { by: 'id', value: state.shopifyId })
			: await getOrder(clients.shopify(), { by: 'name', value: `#${key}` });
		out.push(...observationsFromOrder(order, { receivedAt: at }));
		if (!state.shopifyId) state.shopifyId = order.id;
	} catch (error) {
		// Not (yet) in Shopify is an answer, not a failure.
		if (!(error instanceof OrderNotFoundError)) report('shopify', error);
	}
	// Warehouses.
	for (const w of warehouses) {
		try {
			if (w === 'shipstation') {
				const client = clients.shipstation();
				const found = await client.getOrdersByNumber(key);
				// A miss is a fact worth keeping ("asked by its number at this instant, not there"); a hit is the order itself.
				if (!found.length)
					out.push(
						lookupObservation(
							'shipstation',
							key,
							{ keys: [`orderNumber:${key}`], matchedBy: null, at },
							false,
							key,
							at,
						),
					);
				for (const o of found) out.push(orderToObservation(o, at));
				for await (const page of client.iterateShipments({ orderNumber: key, includeShipmentItems: true }))
					for (const s of page.items)
						if (orderKeyFromOrderNumber(s.orderNumber) === key) out.push(shipmentToObservation(s, at));
				continue;
			}
			const client = clients.threeplAny(w);
			const keys = { orderNumber: key, shopifyOrderId: state.shopifyId ?? null };
			const lookup = await client.lookUpOrder(keys);
			if (!lookup.snapshot) {
				out.push(...lookupToObservations(w, lookup, at));
				continue;
			}
			// The order's parcels: some warehouses list them only on a second call (ShipBob /order/{id}/shipment).
			let full = lookup.snapshot;
			try {
				full = await client.getShipments(keys);
			} catch (error) {
				report(w, error);
			}
			out.push(...lookupToObservations(w, { ...lookup, snapshot: full }, at));
		} catch (error) {
			report(w, error);
		}
	}
	// Carriers: every live parcel the order has, as the engine sees it with what was just read.
	const numbers = new Map<CarrierCode, Set<string>>();
	let shipments = state.record?.shipments ?? [];
	try {
		shipments = reconcile(state.record, out, policy, at).record.shipments;
	} catch {
		// Nothing readable yet: the previous record's parcels (if any) are still asked about.
	}
	for (const s of shipments) {
		if (!s.trackingNumber || s.voided) continue;
		const carrier = detectCarrier({ trackingNumber: s.trackingNumber, company: s.carrier }).carrier;
		if (!carrier || !CARRIERS.includes(carrier)) continue;
		if (!numbers.has(carrier)) numbers.set(carrier, new Set());
		numbers.get(carrier)!.add(s.trackingNumber);
	}
	for (const [carrier, set] of numbers) {
		const outcomes = await trackAll(clients.tracker(carrier), [...set]);
		for (const outcome of outcomes.values()) {
			if (outcome.error) report(carrier, outcome.error);
			// Unknown to the carrier (yet) is an answer: nothing to add.
			else if (outcome.result?.found)
				out.push(toTrackingObservation(outcome.result, { orderKey: key, receivedAt: at }));
		}
	}
	return out;
}

function caseView(c: ExceptionCase): CaseView {
	const e = c.evidence ?? {};
	const summary =
		typeof e.summary === 'string'
			? e.summary
			: Object.entries(e)
					.slice(0, 4)
					.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
					.join('; ');
	return {
		type: c.type,
		openedAt: c.openedAt,
		resolvedAt: c.resolvedAt ?? null,
		resolution: c.resolution ?? null,
		summary,
	};
}

function viewOf(state: OrderState): OrderView {
	const record = state.record!;
	const all = [...state.cases.values()];
	return {
		orderKey: state.key,
		stage: record.stage,
		shopifyStatus: {
			financial: record.sourceStatus.shopify?.financialStatus ?? null,
			fulfillment: record.sourceStatus.shopify?.fulfillmentStatus ?? null,
		},
		open: all.filter((c) => !c.resolvedAt).map(caseView),
		resolved: all.filter((c) => c.resolvedAt).map(caseView),
		timeline: timeline(record, [...state.seen.values()]),
		toConfirm: [...state.toConfirm],
	};
}

export { REPLAY_VENDORS };
