/**
 * The ShipStation normaliser against every clean-room ShipStation payload (test/fixtures/vendor-native/
 * shipstation): what each means was written from ShipStation's documentation, not from our code.
 */
import {
	orderToObservation,
	shipmentToObservation,
	shipStationTimeToIso,
} from '../../../nodes/lib/connectors/shipstation/normalise';
import { detectCarrier } from '../../../nodes/lib/connectors/carriers/detect';
import { checkResourceUrl } from '../../../nodes/lib/connectors/shipstation/webhook';
import type { SsOrder, SsShipment } from '../../../nodes/lib/connectors/shipstation/types';
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
const fixtures = nativeFixtures('shipstation');

/** Facts of expect.order, checked against the 'fulfillment' observation of the order. */
function checkOrder(order: SsOrder, expected: Record<string, unknown>): void {
	const observation = orderToObservation(order, RECEIVED);
	const { data } = observation;
	if ('orderNumber' in expected) expect(observation.orderKey).toBe(expected.orderNumber);
	// ShipStation keeps the Shopify order id as the orderKey: the lookup verifies a match with it.
	if ('shopifyOrderId' in expected) expect(order.orderKey).toBe(expected.shopifyOrderId);
	// The store's order time is orderDate (Pacific wall time, like every v1 timestamp).
	if ('createdAtUtc' in expected)
		expect(instant(shipStationTimeToIso(order.orderDate))).toBe(instant(expected.createdAtUtc));
	if ('shippingAddress' in expected)
		expect(
			addressDifferences(
				data.shippingAddress as Record<string, unknown>,
				expected.shippingAddress as Record<string, unknown>,
			),
		).toEqual([]);
	if ('lines' in expected) {
		expect(sortedLines(data.lines?.map((l) => ({ sku: l.sku, quantity: l.ordered })))).toEqual(
			sortedLines(expected.lines as Array<{ sku: string; quantity: number }>),
		);
	}
	if ('warehouseStatus' in expected) expect(data.status).toBe(expected.warehouseStatus);
	expect(
		unchecked(expected, [
			'orderNumber',
			'shopifyOrderId',
			'createdAtUtc',
			'shippingAddress',
			'lines',
			'warehouseStatus',
		]),
	).toEqual([]);
}

/** Facts of one expected shipment, checked against the 'shipment' observation of the label. */
function checkShipment(shipment: SsShipment, expected: Record<string, unknown>): void {
	const observation = shipmentToObservation(shipment, RECEIVED);
	const { data } = observation;
	if ('trackingNumber' in expected) expect(data.trackingNumber).toBe(expected.trackingNumber);
	// Carrier "as the source names it" (types.ts): ShipStation's carrierCode ("ups", "stamps_com" for USPS
	// labels bought through Stamps.com), read by the carrier detection every tracking read goes through.
	if ('carrier' in expected)
		expect(detectCarrier({ trackingNumber: data.trackingNumber, company: data.carrier }).carrier).toBe(
			String(expected.carrier).toLowerCase(),
		);
	if ('shipDateLocal' in expected) {
		expect(data.shippedOn).toBe(expected.shipDateLocal);
		// A date-only ship date is never turned into an instant (UTC midnight).
		expect(data.shippedAt ?? null).toBeNull();
	}
	if ('shippedAtUtc' in expected) expect(instant(data.shippedAt)).toBe(instant(expected.shippedAtUtc));
	if ('labelCreatedAtUtc' in expected)
		expect(instant(observation.occurredAt)).toBe(instant(expected.labelCreatedAtUtc));
	if ('voidedAtUtc' in expected) expect(instant(observation.occurredAt)).toBe(instant(expected.voidedAtUtc));
	if ('lines' in expected) {
		if (expected.lines === null) expect(data.lines ?? null).toBeNull();
		else
			expect(sortedLines(data.lines)).toEqual(sortedLines(expected.lines as Array<{ sku: string; quantity: number }>));
	}
	if ('voided' in expected) expect(data.voided).toBe(expected.voided);
	if ('direction' in expected) expect(data.direction ?? 'outbound').toBe(expected.direction);
	// marketplaceNotified (ShipStation told Shopify) is not a canonical fact: Shopify's own fulfillments
	// say whether Shopify has the parcel (tracking_missing); checked here only against the body.
	if ('marketplaceNotified' in expected)
		expect((shipment as unknown as { marketplaceNotified: boolean }).marketplaceNotified).toBe(
			expected.marketplaceNotified,
		);
	expect(
		unchecked(expected, [
			'trackingNumber',
			'carrier',
			'shipDateLocal',
			'shippedAtUtc',
			'labelCreatedAtUtc',
			'voidedAtUtc',
			'lines',
			'voided',
			'direction',
			'marketplaceNotified',
		]),
	).toEqual([]);
}

function check(fixture: NativeFixture): void {
	const expected = fixture.meta.expect;
	const body = fixture.body as Record<string, unknown>;
	const checked: string[] = [];
	if ('order' in expected) {
		const orders = body.orders as SsOrder[];
		expect(orders).toHaveLength(1);
		checkOrder(orders[0], expected.order as Record<string, unknown>);
		checked.push('order');
	}
	if ('importedAtUtc' in expected) {
		const [order] = body.orders as SsOrder[];
		expect(instant(orderToObservation(order, RECEIVED).data.importedAt)).toBe(instant(expected.importedAtUtc));
		checked.push('importedAtUtc');
	}
	if ('shipment' in expected) {
		const shipments = body.shipments as SsShipment[];
		expect(shipments).toHaveLength(1);
		checkShipment(shipments[0], expected.shipment as Record<string, unknown>);
		checked.push('shipment');
	}
	if ('shipments' in expected) {
		const list = expected.shipments as Array<Record<string, unknown>>;
		const shipments = body.shipments as SsShipment[];
		expect(shipments).toHaveLength(list.length);
		list.forEach((want, i) => checkShipment(shipments[i], want));
		checked.push('shipments');
	}
	if ('fulfillments' in expected) {
		expect(body.fulfillments).toEqual(expected.fulfillments);
		checked.push('fulfillments');
	}
	if ('resourceType' in expected || 'resourceUrl' in expected) {
		// A webhook names what changed and where to read it: the trigger only follows ShipStation's own URL.
		expect(body.resource_type).toBe(expected.resourceType);
		expect(body.resource_url).toBe(expected.resourceUrl);
		expect(checkResourceUrl(String(body.resource_url))).toMatchObject({
			ok: true,
			kind: String(expected.resourceType).startsWith('SHIP') ? 'shipments' : 'orders',
		});
		checked.push('resourceType', 'resourceUrl');
	}
	expect(unchecked(expected, checked)).toEqual([]);
}

describe('ShipStation normaliser against the clean-room corpus', () => {
	eachFixture(fixtures, '%s', check);
});
