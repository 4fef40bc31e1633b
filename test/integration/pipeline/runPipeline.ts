/**
 * The post-purchase pipeline without n8n: pull every order through the REAL connectors over HTTP
 * (Shopify GraphQL, ShipStation v1, ShipBob, the carriers' tracking APIs), reconcile each order with
 * the engine at the scenario's end time, tell the customer through Klaviyo what the engine says was
 * reached (shipped, delivered) and feed those notifications back, exactly as the event-processor
 * template does. Then score the records against the world's ground truth.
 */
import { detectCarrier } from '../../../nodes/lib/connectors/carriers/detect';
import { createTracker } from '../../../nodes/lib/connectors/carriers/factory';
import { trackAll, toTrackingObservation } from '../../../nodes/lib/connectors/carriers/tracking';
import { carrierTransport } from '../../../nodes/lib/connectors/carriers/transport';
import type { CarrierCode } from '../../../nodes/lib/connectors/carriers/types';
import { KlaviyoClient, klaviyoTransport } from '../../../nodes/lib/connectors/klaviyo/client';
import {
	buildPostPurchaseEvent,
	toNotificationObservation,
	type PostPurchasePreset,
} from '../../../nodes/lib/connectors/klaviyo/postPurchase';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import { ShipMonkClient } from '../../../nodes/lib/connectors/shipmonk/client';
import { ShipStationV1Client, shipStationTransport } from '../../../nodes/lib/connectors/shipstation/client';
import * as shipStationNormalise from '../../../nodes/lib/connectors/shipstation/normalise';
import { orderToObservation, shipmentToObservation } from '../../../nodes/lib/connectors/shipstation/normalise';
import { ShopifyClient } from '../../../nodes/lib/connectors/shopify/client';
import { normaliseWebhook, observationsFromOrder } from '../../../nodes/lib/connectors/shopify/normalise';
import {
	assembleBulkRecords,
	fetchStream,
	readLines,
	startBulkOrdersExport,
	waitForBulkOperation,
} from '../../../nodes/lib/connectors/shopify/bulk';
import type { GqlOrder } from '../../../nodes/lib/connectors/shopify/types';
import * as threePlCommon from '../../../nodes/lib/connectors/threepl/common';
import { snapshotToObservations } from '../../../nodes/lib/connectors/threepl/common';
import { createFetchTransport } from '../../../nodes/lib/http/fetchTransport';
import type { Transport } from '../../../nodes/lib/http/types';
import { defaultPolicy, type Policy } from '../../../nodes/lib/order/policy';
import { reconcile, type ReconcileResult } from '../../../nodes/lib/order/reconcile';
import type { ExceptionType, Observation, OrderRecord } from '../../../nodes/lib/order/types';
import type { TruthEntry, World } from '../../sandbox/world/model';
import { planShopifyDeliveries } from '../../sandbox/world/webhooks';
import { SANDBOX_CREDENTIALS, type WorldSandbox } from '../../sandbox/world/worldSandbox';

export interface PipelineInput {
	baseUrl(vendor: string): string;
	/** The instant to reconcile at (the scenario's end time). */
	now: string;
	policy?: Policy;
	transport?: Transport;
	/** Records from an earlier run (what the ledger stores): this run folds its observations into them. */
	previous?: Map<string, OrderRecord>;
	/** Observations that arrived another way (webhooks), folded in with the pulled ones. */
	extra?: Observation[];
}

export interface PipelineResult {
	records: Map<string, OrderRecord>;
	observations: number;
	rejected: Array<{ orderKey: string; errors: string[] }>;
	/** Tracking numbers a carrier could not answer (after retries) or did not know. */
	trackingProblems: Array<{ trackingNumber: string; carrier: string | null; problem: string }>;
	notificationsSent: number;
	calls: Record<string, number>;
	/**
	 * No crying wolf (issue 12): findings the engine held back until a live re-read (ReconcileResult.toConfirm),
	 * how many were re-read, and how many opened because the re-read still showed them.
	 */
	confirmation: {
		held: number;
		reread: number;
		opened: number;
		stillHeld: number;
		rereadCalls: Record<string, number>;
	};
	/** Each order's last reconcile result (after the re-read), for the bench's per-instant figures. */
	results: Map<string, ReconcileResult>;
}

/** Exactly what the engine asked to have re-read before a case opens (the contract of ReconcileResult.toConfirm). */
export interface ConfirmRequest {
	type: ExceptionType;
	orderKey: string;
	dueAt: string;
	sources: string[];
	keys: string[];
}

/** The engine's held-back findings; an engine without the step holds nothing back. */
export function toConfirmOf(result: ReconcileResult): ConfirmRequest[] {
	const list = (result as { toConfirm?: unknown }).toConfirm;
	return Array.isArray(list) ? (list as ConfirmRequest[]) : [];
}

const CARRIER_SOURCES = new Set(['ups', 'fedex', 'usps', 'dhl']);
const WAREHOUSE_SOURCES = ['shipstation', 'shipbob', 'shipmonk'] as const;

function push(byOrder: Map<string, Observation[]>, observations: Observation[]): void {
	for (const o of observations) {
		const list = byOrder.get(o.orderKey);
		if (list) list.push(o);
		else byOrder.set(o.orderKey, [o]);
	}
}

function counting(transport: Transport, calls: Record<string, number>, name: string): Transport {
	return async (request) => {
		calls[name] = (calls[name] ?? 0) + 1;
		return transport(request);
	};
}

export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
	const policy = input.policy ?? defaultPolicy();
	const base = input.transport ?? createFetchTransport({ defaultTimeoutMs: 10_000 });
	const receivedAt = input.now;
	const calls: Record<string, number> = {};
	const byOrder = new Map<string, Observation[]>();

	// Shopify: every order.
	const shopify = new ShopifyClient({
		shopDomain: SANDBOX_CREDENTIALS.shopify.shopDomain,
		auth: { mode: 'accessToken', accessToken: SANDBOX_CREDENTIALS.shopify.accessToken },
		transport: counting(base, calls, 'shopify'),
		baseUrl: input.baseUrl('shopify'),
	});
	// A bulk export (the sweep's way to read every order with its fulfillments and fulfillment orders in one job).
	const started = await startBulkOrdersExport(shopify);
	const done = await waitForBulkOperation(shopify, started.id, { intervalMs: 100, maxIntervalMs: 500 });
	if (done.url) {
		for await (const order of assembleBulkRecords<GqlOrder>(readLines(await fetchStream(done.url))))
			push(byOrder, observationsFromOrder(order, { receivedAt }));
	}

	// ShipStation: orders and labels.
	const ss = new ShipStationV1Client({
		transport: shipStationTransport(counting(base, calls, 'shipstation')),
		baseUrl: input.baseUrl('shipstation'),
		auth: { apiKey: SANDBOX_CREDENTIALS.shipstation.apiKey, apiSecret: SANDBOX_CREDENTIALS.shipstation.apiSecret },
	});
	for await (const page of ss.iterateOrders({}, { pageSize: 500 }))
		push(
			byOrder,
			page.items.map((o) => orderToObservation(o, receivedAt)),
		);
	for await (const page of ss.iterateShipments({ includeShipmentItems: true }, { pageSize: 500 }))
		push(
			byOrder,
			page.items.map((s) => shipmentToObservation(s, receivedAt)),
		);

	// The 3PLs: every order changed since long ago (that is, all of them).
	const shipbob = new ShipBobClient({
		transport: counting(base, calls, 'shipbob'),
		baseUrl: input.baseUrl('shipbob'),
		headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.shipbob.token}` },
	});
	const listed = await shipbob.listOrdersUpdatedSince('2000-01-01T00:00:00Z');
	for (const snapshot of listed.snapshots) push(byOrder, snapshotToObservations(snapshot, receivedAt));
	// ShipMonk, when the world's 3PL is ShipMonk (an empty account answers an empty list).
	const shipmonk = new ShipMonkClient({
		transport: counting(base, calls, 'shipmonk'),
		baseUrl: input.baseUrl('shipmonk'),
		headers: { 'Api-Key': SANDBOX_CREDENTIALS.shipmonk.apiKey },
	});
	for (const snapshot of (await shipmonk.listOrdersUpdatedSince('2000-01-01T00:00:00Z')).snapshots)
		push(byOrder, snapshotToObservations(snapshot, receivedAt));

	if (input.extra) push(byOrder, input.extra);

	// Which parcels to ask the carriers about: every live tracking number the sources know.
	const rejected: PipelineResult['rejected'] = [];
	const first = new Map<string, OrderRecord>();
	for (const [key, observations] of byOrder) {
		const res = reconcile(null, observations, policy, input.now);
		if (res.rejected.length) rejected.push({ orderKey: key, errors: res.rejected.flatMap((r) => r.errors) });
		first.set(key, res.record);
	}
	const byCarrier = new Map<CarrierCode, Map<string, string>>();
	const trackingProblems: PipelineResult['trackingProblems'] = [];
	for (const record of first.values()) {
		for (const s of record.shipments) {
			if (!s.trackingNumber || s.voided) continue;
			const carrier = detectCarrier({ trackingNumber: s.trackingNumber, company: s.carrier }).carrier;
			if (!carrier) {
				trackingProblems.push({
					trackingNumber: s.trackingNumber,
					carrier: s.carrier ?? null,
					problem: 'no supported carrier recognised',
				});
				continue;
			}
			if (!byCarrier.has(carrier)) byCarrier.set(carrier, new Map());
			byCarrier.get(carrier)!.set(s.trackingNumber, record.orderKey);
		}
	}
	const credentials = SANDBOX_CREDENTIALS;
	const trackerFor = (carrier: CarrierCode, tally: Record<string, number>) => {
		const creds =
			carrier === 'dhl'
				? { apiKey: credentials.dhl.apiKey }
				: { clientId: credentials[carrier].clientId, clientSecret: credentials[carrier].clientSecret };
		return createTracker(carrier, carrierTransport(counting(base, tally, carrier), carrier), {
			...creds,
			baseUrl: input.baseUrl(carrier),
		});
	};
	await Promise.all(
		[...byCarrier].map(async ([carrier, numbers]) => {
			const tracker = trackerFor(carrier, calls);
			const outcomes = await trackAll(tracker, [...numbers.keys()], { concurrency: 4 });
			for (const [number, outcome] of outcomes) {
				const orderKey = numbers.get(number);
				if (!orderKey) continue;
				if (outcome.error) trackingProblems.push({ trackingNumber: number, carrier, problem: outcome.error.message });
				else if (outcome.result && !outcome.result.found)
					trackingProblems.push({
						trackingNumber: number,
						carrier,
						problem: `not found: ${outcome.result.notFound?.message ?? ''}`,
					});
				else if (outcome.result) push(byOrder, [toTrackingObservation(outcome.result, { orderKey, receivedAt })]);
			}
		}),
	);

	// Tell customers what was reached, then let Order State know they were told.
	const previousOf = (key: string) => input.previous?.get(key) ?? null;
	const withTracking = new Map<string, OrderRecord>();
	for (const [key, observations] of byOrder)
		withTracking.set(key, reconcile(previousOf(key), observations, policy, input.now).record);
	const klaviyo = new KlaviyoClient(klaviyoTransport(counting(base, calls, 'klaviyo')), {
		apiKey: credentials.klaviyo.apiKey,
		baseUrl: input.baseUrl('klaviyo'),
	});
	const events: Array<ReturnType<typeof buildPostPurchaseEvent>> = [];
	const notes: Array<{
		record: OrderRecord;
		preset: PostPurchasePreset;
		uniqueId: string;
		shipmentKey: string | null;
	}> = [];
	for (const record of withTracking.values()) {
		if (record.stage === 'cancelled') continue;
		for (const s of record.shipments) {
			if (s.voided) continue;
			const reached: PostPurchasePreset[] = [];
			if (s.shippedAt) reached.push('order_shipped');
			if (s.deliveredAt) reached.push('order_delivered');
			for (const preset of reached) {
				const event = buildPostPurchaseEvent(record, { preset, shipment: s.key });
				// Told already in an earlier run: the event processor sends each milestone once.
				if (record.notifications.some((n) => n.uniqueId === event.uniqueId)) continue;
				events.push(event);
				notes.push({ record, preset, uniqueId: event.uniqueId, shipmentKey: event.shipmentKey });
			}
		}
	}
	if (events.length) await klaviyo.bulkCreateEvents(events);
	for (const n of notes)
		push(byOrder, [
			toNotificationObservation(n.record, n.preset, {
				uniqueId: n.uniqueId,
				shipmentKey: n.shipmentKey,
				sentAt: input.now,
			}),
		]);

	const results = new Map<string, ReconcileResult>();
	for (const [key, list] of byOrder) results.set(key, reconcile(previousOf(key), list, policy, input.now));
	for (const [key, record] of input.previous ?? [])
		if (!results.has(key)) results.set(key, reconcile(record, [], policy, input.now));

	// No crying wolf (issue 12): a tracking_stalled or not_sent_to_fulfillment finding the engine held back
	// (toConfirm) is re-read live, once, exactly at the sources and keys it names, and reconciled again:
	// the case opens only if the fresh read still shows the problem. As the event processor template does.
	const held = [...results.values()].flatMap(toConfirmOf);
	const rereadCalls: Record<string, number> = {};
	if (held.length) {
		const fresh = await rereadLive(held, {
			records: new Map([...results].map(([k, r]) => [k, r.record])),
			receivedAt,
			tracker: (c) => trackerFor(c, rereadCalls),
			ss,
			threePl: { shipbob, shipmonk },
			trackingProblems,
			tally: rereadCalls,
		});
		push(byOrder, fresh);
		for (const key of new Set(held.map((h) => h.orderKey)))
			results.set(key, reconcile(previousOf(key), byOrder.get(key) ?? [], policy, input.now));
	}
	const stillHeld = [...results.values()].flatMap(toConfirmOf);
	const heldKeys = new Set(held.map((h) => `${h.orderKey}:${h.type}`));
	const opened = [...results.values()]
		.flatMap((r) => r.opened)
		.filter((c) => heldKeys.has(`${c.orderKey}:${c.type}`)).length;

	const records = new Map<string, OrderRecord>();
	let observations = 0;
	for (const [key, result] of results) records.set(key, result.record);
	for (const list of byOrder.values()) observations += list.length;
	return {
		records,
		observations,
		rejected,
		trackingProblems,
		notificationsSent: events.length,
		calls,
		confirmation: { held: held.length, reread: held.length, opened, stillHeld: stillHeld.length, rereadCalls },
		results,
	};
}

/**
 * The re-read on its own, as the processor does it for one batch: `held` (from reconcile's toConfirm)
 * re-read live at the sandbox, answered as observations stamped `now` (the evaluation instant).
 */
export async function rereadHeld(
	baseUrl: (vendor: string) => string,
	now: string,
	held: ConfirmRequest[],
	records: Map<string, OrderRecord>,
): Promise<{ observations: Observation[]; calls: Record<string, number> }> {
	const base = createFetchTransport({ defaultTimeoutMs: 10_000 });
	const calls: Record<string, number> = {};
	const credentials = SANDBOX_CREDENTIALS;
	const ss = new ShipStationV1Client({
		transport: shipStationTransport(counting(base, calls, 'shipstation')),
		baseUrl: baseUrl('shipstation'),
		auth: { apiKey: credentials.shipstation.apiKey, apiSecret: credentials.shipstation.apiSecret },
	});
	const shipbob = new ShipBobClient({
		transport: counting(base, calls, 'shipbob'),
		baseUrl: baseUrl('shipbob'),
		headers: { authorization: `Bearer ${credentials.shipbob.token}` },
	});
	const shipmonk = new ShipMonkClient({
		transport: counting(base, calls, 'shipmonk'),
		baseUrl: baseUrl('shipmonk'),
		headers: { 'Api-Key': credentials.shipmonk.apiKey },
	});
	const tracker = (carrier: CarrierCode) => {
		const creds =
			carrier === 'dhl'
				? { apiKey: credentials.dhl.apiKey }
				: { clientId: credentials[carrier].clientId, clientSecret: credentials[carrier].clientSecret };
		return createTracker(carrier, carrierTransport(counting(base, calls, carrier), carrier), {
			...creds,
			baseUrl: baseUrl(carrier),
		});
	};
	const observations = await rereadLive(held, {
		records,
		receivedAt: now,
		tracker,
		ss,
		threePl: { shipbob, shipmonk },
		trackingProblems: [],
		tally: {},
	});
	return { observations, calls };
}

interface RereadContext {
	records: Map<string, OrderRecord>;
	receivedAt: string;
	tracker: (carrier: CarrierCode) => ReturnType<typeof createTracker>;
	ss: ShipStationV1Client;
	threePl: { shipbob: ShipBobClient; shipmonk: ShipMonkClient };
	trackingProblems: PipelineResult['trackingProblems'];
	/** Re-reads per source (carrier calls, warehouse lookups). */
	tally: Record<string, number>;
}

/**
 * One live read per held-back finding's sources and keys: the carriers by tracking number (30 to a FedEx
 * call), each warehouse by every key of the order (number, name, Shopify id: a miss says which keys it
 * tried). An empty source list means every warehouse the store uses. The reads are stamped with the
 * evaluation instant, as the processor's evaluateAt does.
 */
async function rereadLive(held: ConfirmRequest[], ctx: RereadContext): Promise<Observation[]> {
	const out: Observation[] = [];
	const numbers = new Map<CarrierCode, Map<string, string>>();
	const orders = new Map<string, Set<string>>();
	for (const h of held) {
		const carriers = h.sources.filter((s) => CARRIER_SOURCES.has(s));
		const warehouses = h.sources.filter((s) => !CARRIER_SOURCES.has(s));
		for (const carrier of carriers) {
			if (!numbers.has(carrier as CarrierCode)) numbers.set(carrier as CarrierCode, new Map());
			for (const n of h.keys) numbers.get(carrier as CarrierCode)!.set(n, h.orderKey);
		}
		if (carriers.length === 0 || warehouses.length > 0) {
			if (!orders.has(h.orderKey)) orders.set(h.orderKey, new Set());
			for (const w of warehouses.length ? warehouses : WAREHOUSE_SOURCES) orders.get(h.orderKey)!.add(w);
		}
	}
	await Promise.all(
		[...numbers].map(async ([carrier, wanted]) => {
			const outcomes = await trackAll(ctx.tracker(carrier), [...wanted.keys()], { concurrency: 4 });
			for (const [number, outcome] of outcomes) {
				const orderKey = wanted.get(number);
				if (!orderKey) continue;
				if (outcome.result?.found)
					out.push(toTrackingObservation(outcome.result, { orderKey, receivedAt: ctx.receivedAt }));
				else
					ctx.trackingProblems.push({
						trackingNumber: number,
						carrier,
						problem: outcome.error ? `re-read: ${outcome.error.message}` : 're-read: not found',
					});
			}
		}),
	);
	for (const [orderKey, sources] of orders) {
		const record = ctx.records.get(orderKey);
		const keys = { orderNumber: orderKey, shopifyOrderId: record?.shopifyId ?? null, orderName: record?.name ?? null };
		for (const source of sources) {
			ctx.tally[`${source} lookup`] = (ctx.tally[`${source} lookup`] ?? 0) + 1;
			out.push(...(await lookUpAt(source, keys, ctx)));
		}
	}
	return out;
}

type LookupKeys = { orderNumber: string; shopifyOrderId: string | null; orderName: string | null };

/** A warehouse asked for the order by every key; nothing when that warehouse's client has no lookup (yet). */
async function lookUpAt(source: string, keys: LookupKeys, ctx: RereadContext): Promise<Observation[]> {
	if (source === 'shipstation') {
		const client = ctx.ss as unknown as { lookUpOrder?: (k: LookupKeys, now?: () => string) => Promise<unknown> };
		const toObservations = (
			shipStationNormalise as unknown as { lookupToObservations?: (l: unknown, receivedAt: string) => Observation[] }
		).lookupToObservations;
		if (!client.lookUpOrder || !toObservations) return [];
		return toObservations(await client.lookUpOrder(keys, () => ctx.receivedAt), ctx.receivedAt);
	}
	if (source === 'shipbob' || source === 'shipmonk') {
		const client = ctx.threePl[source] as unknown as { lookUpOrder?: (k: LookupKeys) => Promise<{ at: string }> };
		const toObservations = (
			threePlCommon as unknown as {
				lookupToObservations?: (provider: string, l: unknown, receivedAt: string) => Observation[];
			}
		).lookupToObservations;
		if (!client.lookUpOrder || !toObservations) return [];
		const lookup = await client.lookUpOrder(keys);
		// Asked at the evaluation instant (the sandbox's simulated now), not the machine's clock.
		return toObservations(source, { ...lookup, at: ctx.receivedAt }, ctx.receivedAt);
	}
	return [];
}

export interface SweepStep {
	atMs: number;
	result: PipelineResult;
}

/**
 * Shopify's orders/create and orders/updated webhooks made in (fromMs, toMs], as the intake stores them
 * (the REST body normalised by the trigger's own code, received when sent). `clean`: each delivery once and
 * in the order things happened; otherwise with Shopify's repeats and out-of-order deliveries.
 */
export function shopifyWebhookObservations(
	world: World,
	fromMs: number,
	toMs: number,
	options: { clean?: boolean } = {},
): Observation[] {
	let deliveries = planShopifyDeliveries(world, toMs).filter((d) => d.atMs > fromMs);
	if (options.clean) deliveries = deliveries.filter((d) => !d.duplicate).sort((a, b) => a.atMs - b.atMs);
	return deliveries.flatMap(
		(d) =>
			normaliseWebhook(d.topic, JSON.parse(d.body), { receivedAt: new Date(d.atMs).toISOString(), eventId: d.eventId })
				.observations,
	);
}

/**
 * The product as it really runs: Shopify's webhooks arrive as things happen, and at each instant the
 * sandbox is moved there, the pipeline runs (the sweep's reads and the processor's) and folds into the
 * records of the run before (what the ledger keeps). A fact seen once stays known: the address Shopify
 * had before an edit, an estimate FedEx later withdrew; a single read at the end cannot know them.
 * `webhooks: false` leaves Shopify's webhooks out (reads only).
 */
export async function runSweeps(
	sandbox: WorldSandbox,
	instants: number[],
	options: Omit<PipelineInput, 'baseUrl' | 'now' | 'previous'> & { webhooks?: boolean } = {},
): Promise<SweepStep[]> {
	const { webhooks = true, ...input } = options;
	const steps: SweepStep[] = [];
	let previous: Map<string, OrderRecord> | undefined;
	let fromMs = Number.NEGATIVE_INFINITY;
	for (const atMs of instants) {
		sandbox.setNow(atMs);
		const hooks = webhooks ? shopifyWebhookObservations(sandbox.world, fromMs, atMs) : [];
		const result = await runPipeline({
			...input,
			baseUrl: sandbox.baseUrl,
			now: new Date(atMs).toISOString(),
			previous,
			extra: [...(input.extra ?? []), ...hooks],
		});
		previous = result.records;
		fromMs = atMs;
		steps.push({ atMs, result });
	}
	return steps;
}

export interface DetectionScore {
	orders: number;
	planted: number;
	/** Planted (order, type) pairs detected / planted pairs. */
	recall: number;
	/** Detected (order, type) pairs that the truth expects / all detected pairs. */
	precision: number;
	stageAccuracy: number;
	missed: Array<{ orderKey: string; type: ExceptionType; plant: string | null }>;
	unexpected: Array<{ orderKey: string; type: ExceptionType; plant: string | null; story: string | null }>;
	wrongStage: Array<{ orderKey: string; expected: string; actual: string | null }>;
	missingOrders: string[];
}

export function scoreDetection(truth: Record<string, TruthEntry>, records: Map<string, OrderRecord>): DetectionScore {
	const missed: DetectionScore['missed'] = [];
	const unexpected: DetectionScore['unexpected'] = [];
	const wrongStage: DetectionScore['wrongStage'] = [];
	const missingOrders: string[] = [];
	let expectedPairs = 0;
	let detectedPairs = 0;
	let truePairs = 0;
	let stageRight = 0;
	for (const t of Object.values(truth)) {
		const record = records.get(t.orderKey);
		if (!record) missingOrders.push(t.orderKey);
		const open = new Set(record?.openExceptionTypes ?? []);
		expectedPairs += t.exceptions.length;
		for (const type of t.exceptions)
			if (open.has(type)) truePairs++;
			else missed.push({ orderKey: t.orderKey, type, plant: t.plant });
		for (const type of open) {
			detectedPairs++;
			if (!t.exceptions.includes(type)) unexpected.push({ orderKey: t.orderKey, type, plant: t.plant, story: t.story });
		}
		if (record?.stage === t.stage) stageRight++;
		else wrongStage.push({ orderKey: t.orderKey, expected: t.stage, actual: record?.stage ?? null });
	}
	const orders = Object.keys(truth).length;
	return {
		orders,
		planted: Object.values(truth).filter((t) => t.plant).length,
		recall: expectedPairs === 0 ? 1 : truePairs / expectedPairs,
		precision: detectedPairs === 0 ? 1 : truePairs / detectedPairs,
		stageAccuracy: orders === 0 ? 1 : stageRight / orders,
		missed,
		unexpected,
		wrongStage,
		missingOrders,
	};
}
