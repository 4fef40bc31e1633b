/**
 * Regression found by the sandbox detection run: ShipBob creates shipment records with the order, so an
 * order on hold for its address carried an (unshipped, untracked) shipment, which Order State counted as
 * a live parcel: the order looked "shipped" and address_invalid / backordered never opened.
 */
import { normaliseShipBobOrder } from '../../../nodes/lib/connectors/shipbob/normalise';
import { isParcel, snapshotToObservations } from '../../../nodes/lib/connectors/threepl/common';
import { defaultPolicy } from '../../../nodes/lib/order/policy';
import { reconcile } from '../../../nodes/lib/order/reconcile';
import { generateWorld } from '../../sandbox/world/generate';
import { projectShipBob } from '../../sandbox/world/projectWarehouse';

describe('3PL shipments that have not left are not parcels', () => {
	const world = generateWorld({ seed: 42, orders: 120 });
	const end = new Date(world.endMs).toISOString();

	it.each([
		['address_invalid', 'on_hold', 'address_invalid'],
		['backordered', 'backordered', 'backordered'],
	])('a ShipBob order held (%s) stays %s and opens %s', (plant, stage, type) => {
		const order = world.orders.find((o) => o.plant === plant)!;
		const snapshot = normaliseShipBobOrder(projectShipBob(order, world.endMs), end);
		expect(snapshot.shipments).toHaveLength(1);
		const observations = snapshotToObservations(snapshot, end);
		expect(observations.filter((o) => o.kind === 'shipment')).toEqual([]);
		const { record } = reconcile(null, observations, defaultPolicy(), end);
		expect(record.stage).toBe(stage);
		expect(record.openExceptionTypes).toContain(type);
	});

	it('a shipped, labelled or voided shipment is still reported', () => {
		expect(isParcel({ shipmentId: '1', trackingNumber: '1Z999', shippedAt: null })).toBe(true);
		expect(isParcel({ shipmentId: '1', trackingNumber: null, shippedAt: '2026-04-01T10:00:00Z' })).toBe(true);
		expect(isParcel({ shipmentId: '1', trackingNumber: null, shippedAt: null, voided: true })).toBe(true);
		expect(isParcel({ shipmentId: '1', trackingNumber: null, shippedAt: null, voided: false })).toBe(false);
		const delivered = world.orders.find((o) => o.story === 'delivered' && o.fulfiller === 'shipbob')!;
		const observations = snapshotToObservations(
			normaliseShipBobOrder(projectShipBob(delivered, world.endMs), end),
			end,
		);
		expect(
			observations
				.filter((o) => o.kind === 'shipment')
				.map((o) => (o.data as { trackingNumber: string }).trackingNumber),
		).toEqual([delivered.parcels[0].trackingNumber]);
	});
});
