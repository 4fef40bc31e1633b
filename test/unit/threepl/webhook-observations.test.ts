/**
 * webhookObservations: a push that says a parcel left is not erased by an order read that has not caught up.
 * The bodies are the clean-room corpus's (test/fixtures/vendor-native/shipmonk, written from ShipMonk's
 * published webhook and Order Detail contracts): #1007's orderShipmentNotification (shipped_at
 * 2026-12-02T14:48:10-05:00, one USPS package 9400111899221007001014, NW-BOTTLE-750 fulfilled 2 of 2), the
 * order read before it (order_status unfulfilled, updated_at 2026-12-01T15:12:09Z) and the read after the
 * warehouse caught up (fulfilled, updated_at 2026-12-03T11:02:44Z, the same package).
 */
import { readFileSync } from 'fs';
import path from 'path';
import { parseWebhookEvent, webhookObservations } from '../../../nodes/lib/connectors/threepl/events';
import { snapshotToObservations } from '../../../nodes/lib/connectors/threepl/common';
import { normaliseShipMonkOrder } from '../../../nodes/lib/connectors/shipmonk/normalise';
import { addFacts, slotOf, toFact } from '../../../nodes/lib/order/facts';
import type { FulfillmentStatusData, Observation, OrderFact } from '../../../nodes/lib/order/types';
import { VENDOR_NATIVE } from './vendorNative';
import { shipmonkShipmentNotificationFixture } from './fixtures';

const RECEIVED = '2026-12-02T19:52:00.000Z';
const SHIPPED = '2026-12-02T19:48:10.000Z';

function load(name: string): Record<string, unknown> {
	return JSON.parse(readFileSync(path.join(VENDOR_NATIVE, 'shipmonk', `${name}.json`), 'utf8')) as Record<
		string,
		unknown
	>;
}

function orderRead(name: string) {
	const body = load(name);
	return normaliseShipMonkOrder((body.data ?? body) as Record<string, unknown>, RECEIVED);
}

function push() {
	return parseWebhookEvent('shipmonk', load('webhook-order-shipment-notification-1007'), {}, RECEIVED);
}

/** The engine's join: per (source, kind, sourceId) slot, newest by occurredAt. */
function joined(observations: Observation[]): Map<string, OrderFact> {
	return addFacts(new Map(), observations.map(toFact));
}

describe('webhookObservations (push beside the read)', () => {
	it(
		'a stale read (unfulfilled, older than the push) keeps ' +
			'the pushed parcel and the push decides the order status',
		() => {
			const stale = orderRead('order-1007-unfulfilled');
			expect(stale.fulfillment.status).not.toBe('shipped');
			const observations = webhookObservations(push(), stale, RECEIVED);

			const parcels = observations.filter((o) => o.kind === 'shipment');
			expect(parcels).toHaveLength(1);
			expect(parcels[0]).toMatchObject({
				source: 'shipmonk',
				orderKey: '1007',
				occurredAt: SHIPPED,
				data: expect.objectContaining({ trackingNumber: '9400111899221007001014', carrier: 'USPS' }),
			});
			expect(parcels[0].key).toMatch(/^shipmonk:push:shipment:/);

			const statuses = observations.filter((o) => o.kind === 'fulfillment');
			expect(statuses).toHaveLength(2);
			const facts = joined(observations);
			const status = facts.get(slotOf('shipmonk', 'fulfillment', '5012345678907'));
			expect(status?.at).toBe(SHIPPED);
			expect((status?.data as FulfillmentStatusData).status).toBe('shipped');
			expect((status?.data as FulfillmentStatusData).rawStatus).toBe('orderShipmentNotification');
			// What the read knew and the push does not say stays.
			expect((status?.data as FulfillmentStatusData).shippingAddress).toEqual(stale.fulfillment.shippingAddress);
			expect((status?.data as FulfillmentStatusData).lines).toEqual([{ sku: 'NW-BOTTLE-750', ordered: 2, shipped: 2 }]);
		},
	);

	it(
		'a read that has caught up (fulfilled, ' + 'newer than the push) keeps its own version of the parcel and status',
		() => {
			const fresh = orderRead('order-1007');
			expect(fresh.fulfillment.status).toBe('shipped');
			const observations = webhookObservations(push(), fresh, RECEIVED);
			expect(observations).toEqual(snapshotToObservations(fresh, RECEIVED));
			expect(observations.some((o) => o.key.includes(':push:'))).toBe(false);
		},
	);

	it("the same parcel in a read older than the push: the push's version is the one in the slot", () => {
		const stale = orderRead('order-1007-unfulfilled');
		// The read saw the package before it left (label only, no ship time): an older version of the same parcel.
		const labelled = {
			...stale,
			shipments: [
				{
					shipmentId: '1007:package:1',
					trackingNumber: '9400111899221007001014',
					carrier: 'USPS',
					shippedAt: null,
					voided: false,
					lines: [],
					rawStatus: 'pick_in_progress',
				},
			],
		};
		const event = push();
		expect(event.shipments?.[0].shipmentId).toBe('1007:package:1');
		const observations = webhookObservations(event, labelled, RECEIVED);
		const parcels = observations.filter((o) => o.kind === 'shipment');
		expect(parcels).toHaveLength(1);
		expect(parcels[0].key).toMatch(/^shipmonk:push:shipment:1007:package:1:/);
		expect(parcels[0].data).toMatchObject({ shippedAt: SHIPPED, rawStatus: 'shipped' });
	});

	it(
		'a partial notification (fulfilled_quantity under ' +
			'ordered_quantity) says partially_shipped, with no read at all',
		() => {
			const event = parseWebhookEvent(
				'shipmonk',
				shipmonkShipmentNotificationFixture(),
				{},
				'2026-01-06T10:05:00.000Z',
			);
			const observations = webhookObservations(event, undefined, '2026-01-06T10:05:00.000Z');
			expect(observations.map((o) => o.kind)).toEqual(['shipment', 'fulfillment']);
			expect(observations[1]).toMatchObject({
				sourceId: 'shopify-7000005',
				occurredAt: '2026-01-06T10:00:00.000Z',
				data: expect.objectContaining({ status: 'partially_shipped', warehouse: 'FL1' }),
			});
		},
	);

	it("pushes without parcels (orderStatusChange carries the order itself) yield the read's observations only", () => {
		const fresh = orderRead('order-1007');
		const event = { provider: 'shipmonk' as const, topic: 'orderStatusChange', snapshot: fresh, test: false };
		expect(webhookObservations(event, fresh, RECEIVED)).toEqual(snapshotToObservations(fresh, RECEIVED));
	});
});
