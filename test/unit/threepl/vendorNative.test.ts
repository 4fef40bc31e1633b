/**
 * The 3PL clients and normalisers against every clean-room ShipBob, ShipHero, ShipMonk and Extensiv
 * payload (test/fixtures/vendor-native/<vendor>): each read answers our lookup as the vendor would,
 * and what it means was written from the vendor's documentation, not from our code.
 */
import type { HttpRequest, HttpResponse } from '../../../nodes/lib/http/types';
import { detectCarrier } from '../../../nodes/lib/connectors/carriers/detect';
import {
	createThreePlClient,
	lookupToObservations,
	verifyWebhook,
	type FulfillmentSnapshot,
	type OrderLookup,
	type ThreePlProvider,
} from '../../../nodes/lib/connectors/threepl';
import {
	normaliseShipMonkShipmentNotification,
	shipmonkNotificationDate,
} from '../../../nodes/lib/connectors/shipmonk/normalise';
import type { ShipmentData } from '../../../nodes/lib/order/types';
import {
	addressDifferences,
	eachFixture,
	instant,
	nativeFixtures,
	sortedLines,
	unchecked,
	type NativeFixture,
} from './vendorNative';

const NOW = Date.parse('2026-12-05T00:00:00Z');
const clock = { now: () => NOW, sleep: async () => undefined };

/** A transport that answers every read with the fixture's body, as the vendor answered that request. */
function answering(fixture: NativeFixture, seen: HttpRequest[]) {
	return async (request: HttpRequest): Promise<HttpResponse> => {
		seen.push(request);
		return {
			status: fixture.meta.http?.status ?? 200,
			headers: { 'content-type': 'application/json' },
			body: fixture.body,
		};
	};
}

/** The value part of "<field>:<value>" keys: the corpus names keys by value ("5012345678908", "#1006"). */
const values = (keys: string[]) => keys.map((k) => k.slice(k.indexOf(':') + 1));

async function lookUp(
	provider: ThreePlProvider,
	fixture: NativeFixture,
	keys: { orderNumber: string; shopifyOrderId?: string | null },
): Promise<{ lookup: OrderLookup; seen: HttpRequest[] }> {
	const seen: HttpRequest[] = [];
	const client = createThreePlClient(provider, {
		transport: answering(fixture, seen),
		baseUrl: 'https://vendor.test',
		clock,
		retry: { maxAttempts: 1 },
	} as never);
	return { lookup: await client.lookUpOrder(keys), seen };
}

function checkShipment(shipment: ShipmentData | undefined, expected: Record<string, unknown>): void {
	expect(shipment).toBeDefined();
	const data = shipment as ShipmentData;
	if ('trackingNumber' in expected) expect(data.trackingNumber).toBe(expected.trackingNumber);
	if ('carrier' in expected)
		expect(detectCarrier({ trackingNumber: data.trackingNumber, company: data.carrier }).carrier).toBe(
			String(expected.carrier).toLowerCase(),
		);
	if ('shippedAtUtc' in expected) expect(instant(data.shippedAt)).toBe(instant(expected.shippedAtUtc));
	if ('shipDateLocal' in expected) {
		expect(data.shippedOn).toBe(expected.shipDateLocal);
		expect(data.shippedAt ?? null).toBeNull();
	}
	if ('lines' in expected)
		expect(sortedLines(data.lines)).toEqual(sortedLines(expected.lines as Array<{ sku: string; quantity: number }>));
	if ('voided' in expected) expect(data.voided ?? false).toBe(expected.voided);
	if ('direction' in expected) expect(data.direction ?? 'outbound').toBe(expected.direction);
	expect(
		unchecked(expected, ['trackingNumber', 'carrier', 'shippedAtUtc', 'shipDateLocal', 'lines', 'voided', 'direction']),
	).toEqual([]);
}

/** expect.order against a snapshot found by a lookup. */
function checkOrder(
	snapshot: FulfillmentSnapshot,
	lookup: OrderLookup | null,
	expected: Record<string, unknown>,
	raw: Record<string, unknown>,
): void {
	const { fulfillment } = snapshot;
	if ('orderNumber' in expected) expect(lookup?.orderKey ?? snapshot.orderKey).toBe(expected.orderNumber);
	// The order name is what the warehouse shows beside the key it files the order under.
	if ('orderName' in expected) expect(String(raw.order_number)).toBe(expected.orderName);
	if ('shopifyOrderId' in expected)
		expect(String(raw.reference_id ?? raw.partner_order_id ?? raw.order_key)).toBe(expected.shopifyOrderId);
	if ('warehouseStatus' in expected) expect(fulfillment.status).toBe(expected.warehouseStatus);
	if ('shippingAddress' in expected)
		expect(
			addressDifferences(
				fulfillment.shippingAddress as Record<string, unknown>,
				expected.shippingAddress as Record<string, unknown>,
			),
		).toEqual([]);
	if ('lines' in expected)
		expect(sortedLines(fulfillment.lines?.map((l) => ({ sku: l.sku, quantity: l.ordered })))).toEqual(
			sortedLines(expected.lines as Array<{ sku: string; quantity: number }>),
		);
	if ('importedAtUtc' in expected) expect(instant(fulfillment.importedAt)).toBe(instant(expected.importedAtUtc));
	// The store's order time, as the warehouse reports it (ShipMonk ordered_at, ShipBob purchase_date).
	if ('createdAtUtc' in expected)
		expect(instant(shipmonkNotificationDate(raw.ordered_at ?? raw.purchase_date))).toBe(instant(expected.createdAtUtc));
	if ('matchedBy' in expected) {
		// The corpus names the field ("reference_id"); we keep the field and the value that matched.
		expect(lookup?.matchedBy?.split(':')[0]).toBe(expected.matchedBy);
		const observations = lookupToObservations(snapshot.provider, lookup as OrderLookup, '2026-12-05T00:00:00Z');
		expect(observations[0]).toMatchObject({ kind: 'lookup', data: { subject: 'order', found: true } });
		expect(observations.find((o) => o.kind === 'fulfillment')?.data).toMatchObject({ matchedBy: lookup?.matchedBy });
	}
	expect(
		unchecked(expected, [
			'orderNumber',
			'orderName',
			'shopifyOrderId',
			'warehouseStatus',
			'shippingAddress',
			'lines',
			'importedAtUtc',
			'createdAtUtc',
			'matchedBy',
		]),
	).toEqual([]);
}

/** The order record inside a read's body, per vendor. */
function rawOrders(provider: ThreePlProvider, body: unknown): Record<string, unknown>[] {
	type Order = Record<string, unknown>;
	if (provider === 'shipbob') return Array.isArray(body) ? body : [];
	if (provider === 'shiphero') {
		const page = body as { data?: { orders?: { data?: { edges?: Array<{ node: Order }> } } } } | null;
		return (page?.data?.orders?.data?.edges ?? []).map((e) => e.node);
	}
	if (provider === 'shipmonk') {
		const data = (body as { data?: Order } | null)?.data;
		return data ? [data] : [];
	}
	return (
		(body as { _embedded?: Record<string, Order[]> } | null)?._embedded?.[
			'http://api.3plCentral.com/rels/orders/order'
		] ?? []
	);
}

async function checkRead(provider: ThreePlProvider, fixture: NativeFixture): Promise<void> {
	const expected = fixture.meta.expect;
	const checked: string[] = [];
	if ('lookup' in expected) {
		const want = expected.lookup as { keys: string[]; found: boolean };
		// Ask by the key this read answers; every key of the corpus's lookup must be among the keys we ask.
		const key = want.keys[0];
		const { lookup } = await lookUp(
			provider,
			fixture,
			/^\d{8,}$/.test(key) ? { orderNumber: '0', shopifyOrderId: key } : { orderNumber: key },
		);
		expect(lookup.snapshot !== null).toBe(want.found);
		for (const k of want.keys) expect(values(lookup.keys)).toContain(k);
		const [fact] = lookupToObservations(provider, lookup, '2026-12-05T00:00:00Z');
		expect(fact).toMatchObject({ kind: 'lookup', data: { subject: 'order', found: want.found } });
		checked.push('lookup');
	}
	if ('order' in expected) {
		const want = expected.order as Record<string, unknown>;
		const [raw] = rawOrders(provider, fixture.body);
		expect(raw).toBeDefined();
		const { lookup } = await lookUp(provider, fixture, {
			orderNumber: String(want.orderNumber),
			shopifyOrderId: (want.shopifyOrderId as string) ?? null,
		});
		expect(lookup.snapshot).not.toBeNull();
		checkOrder(lookup.snapshot as FulfillmentSnapshot, lookup, want, raw);
		const shipments = (lookup.snapshot as FulfillmentSnapshot).shipments.filter((s) => s.trackingNumber || s.shippedAt);
		if ('shipment' in expected) {
			checkShipment(
				shipments.find((s) => s.trackingNumber === (expected.shipment as { trackingNumber?: string }).trackingNumber),
				expected.shipment as Record<string, unknown>,
			);
			checked.push('shipment');
		}
		if ('shipments' in expected) {
			const list = expected.shipments as Array<Record<string, unknown>>;
			expect(shipments).toHaveLength(list.length);
			for (const want of list)
				checkShipment(
					shipments.find((s) => s.trackingNumber === want.trackingNumber),
					want,
				);
			checked.push('shipments');
		}
		checked.push('order');
	}
	expect(unchecked(expected, checked)).toEqual([]);
}

/** A ShipMonk push: Basic auth (store endpoints) or X-Sm-Signature, then the notification's facts. */
function checkShipMonkPush(fixture: NativeFixture): void {
	const expected = fixture.meta.expect;
	const checked: string[] = [];
	if ('signatureValid' in expected) {
		const verdict = verifyWebhook(
			'shipmonk',
			Buffer.from(fixture.raw),
			fixture.meta.http?.headers ?? {},
			String(fixture.meta.secret ?? ''),
			NOW,
		);
		expect(verdict.ok).toBe(expected.signatureValid);
		checked.push('signatureValid');
	}
	const notification = normaliseShipMonkShipmentNotification(fixture.body);
	const raw = fixture.body as Record<string, unknown>;
	if ('order' in expected) {
		const want = expected.order as Record<string, unknown>;
		if ('orderNumber' in want) expect(notification.orderKey).toBe(want.orderNumber);
		if ('orderName' in want) expect(raw.order_number).toBe(want.orderName);
		if ('shopifyOrderId' in want) expect(notification.externalId).toBe(want.shopifyOrderId);
		if ('createdAtUtc' in want)
			expect(instant(shipmonkNotificationDate(raw.ordered_at))).toBe(instant(want.createdAtUtc));
		if ('lines' in want)
			expect(sortedLines(notification.lines.map((l) => ({ sku: l.sku, quantity: l.ordered })))).toEqual(
				sortedLines(want.lines as Array<{ sku: string; quantity: number }>),
			);
		// The shipment notification carries no ship-to address: the address is read from the order detail.
		expect(
			unchecked(want, ['orderNumber', 'orderName', 'shopifyOrderId', 'createdAtUtc', 'lines', 'shippingAddress']),
		).toEqual([]);
		checked.push('order');
	}
	if ('shipment' in expected) {
		const want = expected.shipment as Record<string, unknown>;
		checkShipment(
			notification.shipments.find((s) => s.trackingNumber === want.trackingNumber),
			want,
		);
		checked.push('shipment');
	}
	expect(unchecked(expected, checked)).toEqual([]);
}

for (const provider of ['shipbob', 'shiphero', 'shipmonk', 'extensiv'] as const) {
	describe(`${provider} against the clean-room corpus`, () => {
		eachFixture(nativeFixtures(provider), '%s', async (fixture) => {
			if (fixture.meta.kind === 'webhook') {
				if (provider !== 'shipmonk') throw new Error(`no check written yet for ${provider} webhooks (${fixture.name})`);
				checkShipMonkPush(fixture);
				return;
			}
			await checkRead(provider, fixture);
		});
	});
}
