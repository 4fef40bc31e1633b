/**
 * What the fuzz harness feeds: every normaliser with the real vendor fixtures (test/fixtures/vendor-native)
 * as seeds, and the engine's and ledger's entry points (validateObservation -> reconcile, mergeRecords, the
 * ledger validators, the Slack message builders) with observations, records and cases made from those
 * fixtures by the normalisers themselves. Each target runs the code the product runs on such input, in the
 * order it runs it: a validator first where the product has one, then whatever it let through.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError, type HttpRequest, type HttpResponse, type Transport } from '../../nodes/lib/http';
import { shapeErrors } from '../../nodes/lib/order/shape';
import { EXCEPTION_CASE_SHAPE } from '../../nodes/lib/order/shapes';
import { createTracker, type CarrierCode } from '../../nodes/lib/connectors/carriers';
import { toTrackingObservation } from '../../nodes/lib/connectors/carriers/tracking';
import { normaliseUpsTrackAlert } from '../../nodes/lib/connectors/ups/trackAlert';
import { normaliseUspsNotification } from '../../nodes/lib/connectors/usps/subscription';
import {
	normaliseWebhook,
	observationsFromOrder,
	type GqlOrder,
	type NormaliseContext,
} from '../../nodes/lib/connectors/shopify';
import {
	orderToObservation,
	parseWebhookBody,
	readPageEnvelope,
	shipmentToObservation,
	type SsOrder,
	type SsShipment,
} from '../../nodes/lib/connectors/shipstation';
import { normaliseShipBobOrder } from '../../nodes/lib/connectors/shipbob/normalise';
import { normaliseShipHeroOrder } from '../../nodes/lib/connectors/shiphero/normalise';
import { normaliseShipMonkOrder } from '../../nodes/lib/connectors/shipmonk/normalise';
import { normaliseExtensivOrder } from '../../nodes/lib/connectors/extensiv/normalise';
import {
	extensivClosedOrderFixture,
	shipbobShippedFixture,
	shipheroShipmentUpdateFixture,
	shipmonkShipmentNotificationFixture,
} from '../unit/threepl/fixtures';
import {
	asArray,
	asRecord,
	parseWebhookEvent,
	snapshotToObservations,
	webhookObservations,
} from '../../nodes/lib/connectors/threepl';
import {
	buildPostPurchaseEvent,
	POST_PURCHASE_PRESET_KEYS,
	readOrderRecord,
	toNotificationObservation,
} from '../../nodes/lib/connectors/klaviyo/postPurchase';
import { buildExceptionMessage, buildThreadReply, catalogueInfo, toAlertOrder } from '../../nodes/lib/connectors/slack';
import { defaultPolicy, mergeRecords, reconcile, validateObservation } from '../../nodes/lib/order';
import type { ExceptionCase, Observation, OrderRecord } from '../../nodes/lib/order/types';
import { validateNewEvent, validateOpenException, validateOrderRecord } from '../../nodes/lib/ledger/validate';
import type { NewEvent, OpenExceptionInput } from '../../nodes/lib/ledger/types';

export const FIXTURE_ROOT = join(__dirname, '../fixtures/vendor-native');
const RECEIVED_AT = '2026-12-09T12:00:00Z';
/** Late enough that the fixtures' orders have open cases (seeds for the Slack builders and the case validator). */
const NOW = '2027-01-15T12:00:00Z';

export interface FuzzTarget {
	name: string;
	seeds: unknown[];
	/** Mutate only this field of each seed (the vendor body beside the file name and status it came with). */
	mutateField?: string;
	/** Runs the product's code on one input; returns normally or throws. */
	run(input: unknown): unknown;
}

interface Fixture {
	vendor: string;
	file: string;
	body: unknown;
	meta: { kind?: string; http?: { status?: number; headers?: Record<string, string> } } | null;
}

function loadFixtures(): Fixture[] {
	const out: Fixture[] = [];
	const walk = (dir: string, vendor: string | null) => {
		for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const full = join(dir, entry.name);
			if (entry.isDirectory()) {
				walk(full, vendor ?? (entry.name === 'scenarios' ? null : entry.name));
				continue;
			}
			if (
				!entry.name.endsWith('.json') ||
				entry.name.endsWith('.meta.json') ||
				(vendor === null && dir.endsWith('scenarios'))
			)
				continue;
			const metaPath = full.replace(/\.json$/, '.meta.json');
			const meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : null;
			// Scenario folders keep carrier answers named <carrier>-...json.
			const owner = vendor ?? meta?.vendor ?? entry.name.split('-')[0];
			out.push({ vendor: owner, file: entry.name, body: JSON.parse(readFileSync(full, 'utf8')), meta });
		}
	};
	walk(FIXTURE_ROOT, null);
	return out;
}

const of = (fixtures: Fixture[], vendor: string, test: RegExp) =>
	fixtures.filter((f) => f.vendor === vendor && test.test(f.file));

/** A carrier tracker on a transport that answers the token request and then the (mutated) recorded body. */
function trackWith(carrier: CarrierCode, trackingNumber: string, status: number, body: unknown) {
	const transport = (async (request: HttpRequest): Promise<HttpResponse> => {
		if (/token/.test(request.operation ?? ''))
			return { status: 200, headers: {}, body: { access_token: 't', token_type: 'Bearer', expires_in: 3599 } };
		return { status, headers: { 'content-type': 'application/json' }, body };
	}) as unknown as Transport;
	const tracker = createTracker(carrier, transport, {
		clientId: 'id',
		clientSecret: 'secret',
		apiKey: 'key',
		baseUrl: 'https://fixture.test',
	});
	return tracker.trackBatch([trackingNumber]);
}

function trackingNumberOf(carrier: CarrierCode, file: string): string {
	const digits = /(1Z[0-9A-Z]+|\d{10,})/.exec(file);
	return digits ? digits[1] : carrier === 'ups' ? '1ZA8V2690348150728' : '4829301756';
}

function carrierTargets(fixtures: Fixture[]): FuzzTarget[] {
	return (['ups', 'fedex', 'usps', 'dhl'] as CarrierCode[]).map((carrier) => {
		const reads = of(fixtures, carrier, /^(?:\w+-)?track(?:ing)?-/).filter((f) => f.meta?.kind !== 'webhook');
		return {
			name: `${carrier} tracking read`,
			mutateField: 'body',
			seeds: reads.map((f) => ({ file: f.file, status: f.meta?.http?.status ?? 200, body: f.body })),
			async run(input: unknown) {
				const { file, status, body } = input as { file: string; status: number; body: unknown };
				const number = trackingNumberOf(carrier, String(file));
				const results = await trackWith(carrier, number, typeof status === 'number' ? status : 200, body);
				return results.map((r) => toTrackingObservation(r, { orderKey: '1001', receivedAt: RECEIVED_AT }));
			},
		};
	});
}

const shopifyTopicOf = (f: Fixture) => f.meta?.http?.headers?.['X-Shopify-Topic'] ?? 'orders/updated';

function shopifyTargets(fixtures: Fixture[]): FuzzTarget[] {
	const ctx: NormaliseContext = { receivedAt: RECEIVED_AT, eventId: 'evt-1' };
	return [
		{
			name: 'shopify webhook',
			mutateField: 'body',
			seeds: of(fixtures, 'shopify', /./)
				.filter((f) => f.meta?.kind === 'webhook')
				.map((f) => ({ topic: shopifyTopicOf(f), body: f.body })),
			run(input) {
				const { topic, body } = input as { topic: string; body: unknown };
				return normaliseWebhook(String(topic), body, ctx);
			},
		},
		{
			name: 'shopify graphql order',
			seeds: of(fixtures, 'shopify', /^graphql-order-/).map((f) => f.body),
			run(input) {
				// The client hands over data.order when it is an object (readOrders, getOrder).
				const order = (input as { data?: { order?: unknown } } | null)?.data?.order;
				if (!order || typeof order !== 'object') return [];
				return observationsFromOrder(order as GqlOrder, { receivedAt: RECEIVED_AT });
			},
		},
	];
}

function shipStationTargets(fixtures: Fixture[]): FuzzTarget[] {
	return [
		{
			name: 'shipstation orders',
			seeds: of(fixtures, 'shipstation', /^(orders-|order-notify-resource)/).map((f) => f.body),
			run(input) {
				const page = readPageEnvelope<SsOrder>(input, 'orders');
				return page.items.map((o) => orderToObservation(o, RECEIVED_AT));
			},
		},
		{
			name: 'shipstation shipments',
			seeds: of(fixtures, 'shipstation', /^(shipments-|ship-notify-resource)/).map((f) => f.body),
			run(input) {
				const page = readPageEnvelope<SsShipment>(input, 'shipments');
				return page.items.map((s) => shipmentToObservation(s, RECEIVED_AT));
			},
		},
		{
			name: 'shipstation webhook',
			seeds: of(fixtures, 'shipstation', /^webhook-/).map((f) => f.body),
			run: (input) => parseWebhookBody(input),
		},
	];
}

function threePlTargets(fixtures: Fixture[]): FuzzTarget[] {
	const snapshots = (snaps: ReturnType<typeof normaliseShipBobOrder>[]) =>
		snaps.flatMap((s) => snapshotToObservations(s, RECEIVED_AT));
	return [
		{
			name: 'shipbob orders',
			seeds: of(fixtures, 'shipbob', /^orders-/).map((f) => f.body),
			// The client reads a list of orders (GET /order?ReferenceIds=...) and normalises each.
			run: (input) => snapshots(asArray(input).map((o) => normaliseShipBobOrder(o, RECEIVED_AT))),
		},
		{
			name: 'shiphero orders',
			seeds: of(fixtures, 'shiphero', /^order-/).map((f) => f.body),
			run(input) {
				const connection = asRecord(asRecord(asRecord(asRecord(input).data).orders).data);
				return snapshots(asArray(connection.edges).map((e) => normaliseShipHeroOrder(asRecord(e).node, RECEIVED_AT)));
			},
		},
		{
			name: 'shipmonk order',
			seeds: of(fixtures, 'shipmonk', /^order-/).map((f) => f.body),
			run: (input) => snapshots([normaliseShipMonkOrder(asRecord(input).data, RECEIVED_AT)]),
		},
		...(['shipmonk', 'shiphero', 'shipbob'] as const).map((provider) => ({
			name: `${provider} webhook`,
			// ShipMonk's are recorded (vendor-native); ShipHero's and ShipBob's are the documentation-derived
			// fixtures of test/unit/threepl/fixtures.ts (the corpus has no recording of them).
			seeds:
				provider === 'shipmonk'
					? [...of(fixtures, 'shipmonk', /^webhook-/).map((f) => f.body), shipmonkShipmentNotificationFixture()]
					: [provider === 'shiphero' ? shipheroShipmentUpdateFixture() : shipbobShippedFixture()],
			run(input: unknown) {
				const event = parseWebhookEvent(provider, asRecord(input), {}, RECEIVED_AT);
				return webhookObservations(event, undefined, RECEIVED_AT);
			},
		})),
		{
			name: 'extensiv order',
			// Extensiv has no vendor-native recording; its documentation-derived fixture (test/unit/threepl/fixtures.ts).
			seeds: [extensivClosedOrderFixture()],
			run: (input) => snapshots([normaliseExtensivOrder(input, RECEIVED_AT)]),
		},
	];
}

/**
 * The raw body a carrier would post. An input too deeply nested for JSON.stringify cannot arrive as a
 * body at all; it is sent as the text that overflowed (still hostile, and what a carrier could send).
 */
function bodyOf(input: unknown): Buffer {
	try {
		return Buffer.from(JSON.stringify(input) ?? '');
	} catch {
		return Buffer.from('['.repeat(100_000));
	}
}

function pushTargets(fixtures: Fixture[]): FuzzTarget[] {
	return [
		{
			name: 'ups track alert push',
			seeds: of(fixtures, 'ups', /^trackalert-push-/).map((f) => f.body),
			run: (input) => normaliseUpsTrackAlert(bodyOf(input), RECEIVED_AT),
		},
		{
			name: 'usps notification push',
			seeds: of(fixtures, 'usps', /^notification-/).map((f) => f.body),
			run: (input) => normaliseUspsNotification(bodyOf(input), RECEIVED_AT),
		},
	];
}

/** Observations, records and cases the normalisers make from the fixtures: the engine's real input. */
export interface EngineSeeds {
	observations: Observation[][];
	records: OrderRecord[];
	cases: ExceptionCase[];
}

async function engineSeeds(normalisers: FuzzTarget[]): Promise<EngineSeeds> {
	const all: Observation[] = [];
	for (const t of normalisers)
		for (const seed of t.seeds) {
			const out = await t.run(seed);
			const list = Array.isArray(out) ? out.flat() : [out];
			for (const item of list as unknown[]) {
				const observations = (item as { observations?: unknown[] })?.observations;
				for (const o of Array.isArray(observations) ? observations : [item])
					if (validateObservation(o).ok) all.push(o as Observation);
			}
		}
	const byOrder = new Map<string, Observation[]>();
	for (const o of all) byOrder.set(o.orderKey, [...(byOrder.get(o.orderKey) ?? []), o]);
	const policy = defaultPolicy();
	const groups = [...byOrder.values()];
	const records = groups.map((g) => reconcile(null, g, policy, NOW).record);
	return { observations: groups, records, cases: records.flatMap((r) => r.exceptions) };
}

function engineTargets(seeds: EngineSeeds): FuzzTarget[] {
	const policy = defaultPolicy();
	const valid = (o: unknown) => validateObservation(o).ok;
	return [
		{
			name: 'validateObservation -> reconcile',
			seeds: seeds.observations,
			run(input) {
				const list = Array.isArray(input) ? input : [input];
				// reconcile validates each observation itself; one must pass for it to have an order to fold.
				if (!list.some(valid)) return null;
				const first = reconcile(null, list, policy, NOW);
				// ...and the record it made must be one the ledger accepts and the next reconcile can extend.
				validateOrderRecord(first.record);
				return reconcile(first.record, list.slice(0, 1), policy, NOW);
			},
		},
		{
			name: 'validateOrderRecord -> mergeRecords, reconcile',
			seeds: seeds.records,
			run(input) {
				validateOrderRecord(input as OrderRecord);
				const record = input as OrderRecord;
				const twin = seeds.records.find((r) => r.orderKey === record.orderKey) ?? record;
				mergeRecords(twin, record);
				mergeRecords(record, twin);
				return reconcile(record, [], policy, NOW);
			},
		},
		{
			name: 'validateOpenException, validateNewEvent',
			seeds: seeds.cases.map((c) => ({ case: c, event: eventOf(c) })),
			run(input) {
				const { case: c, event } = (input ?? {}) as { case?: unknown; event?: unknown };
				try {
					validateOpenException(c as OpenExceptionInput);
				} finally {
					validateNewEvent(event as NewEvent);
				}
			},
		},
		{
			name: 'slack exception message',
			seeds: seeds.cases.map((c) => ({
				exception: c,
				record: seeds.records.find((r) => r.orderKey === c.orderKey),
			})),
			run(input) {
				const { exception, record } = (input ?? {}) as { exception?: unknown; record?: unknown };
				validateOpenException(exception as OpenExceptionInput);
				// A case reaches Slack from the ledger, which stores cases in this shape (validateOrderRecord checks
				// it for a record's cases; acknowledge/resolve write ISO times): the builder may rely on it.
				const [problem] = shapeErrors(exception, EXCEPTION_CASE_SHAPE, 'exception');
				if (problem) throw new ValidationError(problem, problem.split(':')[0]);
				if (record != null) validateOrderRecord(record as OrderRecord);
				const c = exception as ExceptionCase;
				const order = record ? toAlertOrder(record as OrderRecord) : null;
				for (const includePii of [false, true])
					buildExceptionMessage({ exception: c, order, info: catalogueInfo(c.type), includePii, now: NOW });
				return buildThreadReply(c, 'acknowledged', 'U123', NOW);
			},
		},
		{
			name: 'klaviyo post-purchase event',
			seeds: seeds.records,
			run(input) {
				const record = readOrderRecord(input as Record<string, unknown>);
				return POST_PURCHASE_PRESET_KEYS.map((preset) => {
					try {
						const event = buildPostPurchaseEvent(record, { preset });
						return toNotificationObservation(record, preset, { ...event, sentAt: NOW });
					} catch (error) {
						// A record without a parcel or a customer address is refused per preset by name; go on.
						if ((error as Error).name === 'ValidationError') return null;
						throw error;
					}
				});
			},
		},
	];
}

function eventOf(c: ExceptionCase): NewEvent {
	return { key: `case:${c.id}`, source: 'manual', topic: 'exception', orderKey: c.orderKey, payload: c } as NewEvent;
}

/** Every target with its seeds. Async: the carrier targets run the trackers, which return promises. */
export async function loadTargets(): Promise<FuzzTarget[]> {
	const fixtures = loadFixtures();
	const normalisers = [
		...carrierTargets(fixtures),
		...pushTargets(fixtures),
		...shopifyTargets(fixtures),
		...shipStationTargets(fixtures),
		...threePlTargets(fixtures),
	];
	const empty = normalisers.filter((t) => t.seeds.length === 0).map((t) => t.name);
	if (empty.length) throw new Error(`fuzz targets without a fixture seed: ${empty.join(', ')}`);
	return [...normalisers, ...engineTargets(await engineSeeds(normalisers))];
}
