/**
 * The Shopify normaliser against every clean-room Shopify payload (test/fixtures/vendor-native/shopify):
 * webhooks (REST bodies, also for GraphQL apps) through the trigger's own path (HMAC, normaliseWebhook),
 * and GraphQL order reads through observationsFromOrder. What each means was written from Shopify's
 * documentation, not from our code.
 */
import { detectCarrier } from '../../../nodes/lib/connectors/carriers/detect';
import {
	normaliseWebhook,
	observationsFromOrder,
	pendingToObservations,
	verifyShopifyWebhook,
	type GqlOrder,
} from '../../../nodes/lib/connectors/shopify';
import type {
	FulfillmentOrderData,
	Observation,
	OrderSnapshotData,
	ShipmentData,
	TrackingData,
} from '../../../nodes/lib/order/types';
import {
	addressDifferences,
	eachFixture,
	instant,
	nativeFixtures,
	sortedLines,
	unchecked,
	type NativeFixture,
} from '../threepl/vendorNative';

const RECEIVED = '2026-12-05T00:00:00.000Z';

/**
 * Where our reading and the corpus's `expect` differ and Shopify's documentation does not side with the
 * corpus, reported instead of changing either. The test then pins what the docs say we do.
 */
const DISAGREEMENTS: Record<string, Record<string, string>> = {
	'graphql-order-1010-cancelled': {
		'order.lines':
			'expect counts LineItem.quantity (1 each); we keep LineItem.currentQuantity ("excluding refunded and ' +
			'removed units", Admin GraphQL LineItem docs): ' +
			('0 after the cancel and refund. Line comparisons with a warehouse need the current quantities (an edited ' +
				'order), and the expect vocabulary does not say which.'),
	},
};

/** "gid://shopify/Fulfillment/5698765432071" -> "5698765432071". */
const numeric = (id: unknown) => (typeof id === 'string' ? (/(\d+)$/.exec(id)?.[1] ?? id) : id);

/** REST speaks lower case and null for "unfulfilled"; we keep GraphQL's enum names (types.ts): same words. */
function sameStatus(ours: string | null | undefined, theirs: unknown): boolean {
	const rest: Record<string, string> = {
		partial: 'PARTIALLY_FULFILLED',
		fulfilled: 'FULFILLED',
		restocked: 'RESTOCKED',
	};
	const want =
		theirs === null
			? 'UNFULFILLED'
			: typeof theirs === 'string'
				? (rest[theirs] ?? theirs.toUpperCase())
				: String(theirs);
	return (ours ?? 'UNFULFILLED').toUpperCase() === want;
}

function observationsOf(fixture: NativeFixture): Observation[] {
	if (fixture.meta.kind === 'webhook') {
		const headers = fixture.meta.http?.headers ?? {};
		const topic = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-shopify-topic')?.[1] as string;
		const eventId = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-shopify-event-id')?.[1] as string;
		const normalised = normaliseWebhook(topic, fixture.body, { receivedAt: RECEIVED, eventId });
		// A body that names no order (a reverse delivery names its return): the trigger reads the order
		// through the lookup, then the body's own facts land on it.
		return [
			...normalised.observations,
			...pendingToObservations(normalised.pending ?? [], 'looked-up', { receivedAt: RECEIVED, eventId }),
		];
	}
	const order = (fixture.body as { data: { order: GqlOrder } }).data.order;
	return observationsFromOrder(order, { receivedAt: RECEIVED });
}

function checkOrder(observations: Observation[], expected: Record<string, unknown>, fixture: NativeFixture): void {
	const order = observations.find((o) => o.kind === 'order') as Observation<'order'> | undefined;
	expect(order).toBeDefined();
	const data = order!.data as OrderSnapshotData;
	if ('orderNumber' in expected) expect(order!.orderKey).toBe(expected.orderNumber);
	if ('orderName' in expected) expect(data.name).toBe(expected.orderName);
	if ('shopifyOrderId' in expected) expect(numeric(data.shopifyId)).toBe(expected.shopifyOrderId);
	if ('createdAtUtc' in expected) expect(instant(data.createdAt)).toBe(instant(expected.createdAtUtc));
	if ('cancelledAtUtc' in expected) expect(instant(data.cancelledAt)).toBe(instant(expected.cancelledAtUtc));
	if ('shippingAddress' in expected)
		expect(
			addressDifferences(
				data.shippingAddress as Record<string, unknown>,
				expected.shippingAddress as Record<string, unknown>,
			),
		).toEqual([]);
	if ('lines' in expected && DISAGREEMENTS[fixture.name]?.['order.lines']) {
		const body = (fixture.body as { data: { order: GqlOrder } }).data.order;
		expect(sortedLines(data.lineItems)).toEqual(
			sortedLines(body.lineItems!.nodes.map((li) => ({ sku: li.sku, quantity: li.currentQuantity ?? li.quantity }))),
		);
	} else if ('lines' in expected)
		expect(sortedLines(data.lineItems)).toEqual(
			sortedLines(expected.lines as Array<{ sku: string; quantity: number }>),
		);
	if ('financialStatus' in expected)
		expect(String(data.financialStatus).toUpperCase()).toBe(String(expected.financialStatus).toUpperCase());
	if ('fulfillmentStatus' in expected)
		expect(sameStatus(data.fulfillmentStatus, expected.fulfillmentStatus)).toBe(true);
	if ('returnStatus' in expected) expect(data.returnStatus).toBe(expected.returnStatus);
	expect(
		unchecked(expected, [
			'orderNumber',
			'orderName',
			'shopifyOrderId',
			'createdAtUtc',
			'cancelledAtUtc',
			'shippingAddress',
			'lines',
			'financialStatus',
			'fulfillmentStatus',
			'returnStatus',
		]),
	).toEqual([]);
}

function checkShipment(observations: Observation[], expected: Record<string, unknown>): void {
	const found = observations.find(
		(o) => o.kind === 'shipment' && (o.data as ShipmentData).trackingNumber === expected.trackingNumber,
	) as Observation<'shipment'> | undefined;
	expect(found).toBeDefined();
	const data = found!.data;
	if ('carrier' in expected)
		expect(detectCarrier({ trackingNumber: data.trackingNumber, company: data.carrier }).carrier).toBe(
			String(expected.carrier).toLowerCase(),
		);
	if ('shippedAtUtc' in expected) expect(instant(data.shippedAt)).toBe(instant(expected.shippedAtUtc));
	if ('labelCreatedAtUtc' in expected) expect(instant(found!.occurredAt)).toBe(instant(expected.labelCreatedAtUtc));
	// A fulfillment may hold only some lines: the parcel's own lines, never the order's.
	if ('lines' in expected)
		expect(sortedLines(data.lines)).toEqual(sortedLines(expected.lines as Array<{ sku: string; quantity: number }>));
	if ('voided' in expected) expect(data.voided ?? false).toBe(expected.voided);
	if ('direction' in expected) expect(data.direction ?? 'outbound').toBe(expected.direction);
	if ('returnId' in expected) expect(data.returnId).toBe(expected.returnId);
	if ('reverseDeliveryId' in expected) expect(data.shipmentId).toBe(expected.reverseDeliveryId);
	if ('locationId' in expected) expect(data.locationId).toBe(expected.locationId);
	if ('fulfillmentOrderId' in expected) expect(data.fulfillmentOrderId).toBe(expected.fulfillmentOrderId);
	if ('shopifyFulfillmentId' in expected) expect(numeric(data.shipmentId)).toBe(expected.shopifyFulfillmentId);
	expect(
		unchecked(expected, [
			'trackingNumber',
			'carrier',
			'shippedAtUtc',
			'labelCreatedAtUtc',
			'lines',
			'voided',
			'direction',
			'returnId',
			'reverseDeliveryId',
			'locationId',
			'fulfillmentOrderId',
			'shopifyFulfillmentId',
		]),
	).toEqual([]);
}

function checkTracking(observations: Observation[], expected: Record<string, unknown>): void {
	const found = observations.find(
		(o) => o.kind === 'tracking' && (o.data as TrackingData).trackingNumber === expected.trackingNumber,
	) as Observation<'tracking'> | undefined;
	expect(found).toBeDefined();
	const data = found!.data;
	expect(found!.source).toBe('shopify');
	if ('status' in expected) expect(data.status).toBe(expected.status);
	if ('relayedBy' in expected) expect(data.relayedBy).toBe(expected.relayedBy);
	if ('deliveredAtUtc' in expected) expect(instant(data.deliveredAt)).toBe(instant(expected.deliveredAtUtc));
	// Never a delivered time earlier than the data shows: not before the relay's own time.
	if (data.deliveredAt) expect(Date.parse(data.deliveredAt)).toBeLessThanOrEqual(Date.parse(found!.occurredAt));
	expect(unchecked(expected, ['trackingNumber', 'status', 'relayedBy', 'deliveredAtUtc'])).toEqual([]);
}

function checkFulfillmentOrders(observations: Observation[], expected: Array<Record<string, unknown>>): void {
	const fos = observations.filter((o) => o.kind === 'fulfillment_order').map((o) => o.data as FulfillmentOrderData);
	expect(fos.map((fo) => fo.id).sort()).toEqual(expected.map((e) => e.id).sort());
	for (const want of expected) {
		const fo = fos.find((f) => f.id === want.id)!;
		if ('locationId' in want) expect(fo.assignedLocationId).toBe(want.locationId);
		if ('status' in want) expect(fo.status).toBe(want.status);
		if ('requestStatus' in want) expect(fo.requestStatus).toBe(want.requestStatus);
		if ('lines' in want)
			expect(sortedLines(fo.lineItems)).toEqual(sortedLines(want.lines as Array<{ sku: string; quantity: number }>));
		expect(unchecked(want, ['id', 'locationId', 'status', 'requestStatus', 'lines'])).toEqual([]);
	}
}

function check(fixture: NativeFixture): void {
	const expected = fixture.meta.expect;
	const checked: string[] = [];
	if ('signatureValid' in expected) {
		expect(verifyShopifyWebhook(fixture.raw, fixture.meta.http?.headers ?? {}, fixture.meta.secret).valid).toBe(
			expected.signatureValid,
		);
		checked.push('signatureValid');
		// A forged delivery is refused before anything is read from it.
		if (expected.signatureValid === false) {
			expect(unchecked(expected, ['signatureValid', 'order', 'shipment', 'tracking', 'cancelledAtUtc'])).toEqual([]);
			return;
		}
	}
	const observations = observationsOf(fixture);
	// orders/updated carries the order as it is now: the snapshot is dated by its updated_at.
	const topic = Object.entries(fixture.meta.http?.headers ?? {}).find(
		([k]) => k.toLowerCase() === 'x-shopify-topic',
	)?.[1];
	if (topic === 'orders/updated') {
		const order = observations.find((o) => o.kind === 'order')!;
		expect(instant(order.occurredAt)).toBe(instant((fixture.body as { updated_at: string }).updated_at));
	}
	if ('order' in expected) {
		checkOrder(observations, expected.order as Record<string, unknown>, fixture);
		checked.push('order');
	}
	if ('cancelledAtUtc' in expected) {
		const order = observations.find((o) => o.kind === 'order') as Observation<'order'>;
		expect(instant(order.data.cancelledAt)).toBe(instant(expected.cancelledAtUtc));
		checked.push('cancelledAtUtc');
	}
	if ('shipment' in expected) {
		checkShipment(observations, expected.shipment as Record<string, unknown>);
		checked.push('shipment');
	}
	if ('shipments' in expected) {
		const list = expected.shipments as Array<Record<string, unknown>>;
		expect(observations.filter((o) => o.kind === 'shipment')).toHaveLength(list.length);
		for (const want of list) checkShipment(observations, want);
		checked.push('shipments');
	}
	if ('tracking' in expected) {
		checkTracking(observations, expected.tracking as Record<string, unknown>);
		checked.push('tracking');
	}
	if ('fulfillmentOrders' in expected) {
		checkFulfillmentOrders(observations, expected.fulfillmentOrders as Array<Record<string, unknown>>);
		checked.push('fulfillmentOrders');
	}
	expect(unchecked(expected, checked)).toEqual([]);
}

describe('Shopify normaliser against the clean-room corpus', () => {
	eachFixture(nativeFixtures('shopify'), '%s', check);
});
