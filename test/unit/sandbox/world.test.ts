import {
	DEFAULT_END,
	generateWorld,
	HOUR,
	plantCounts,
	trackingNumberFor,
	uspsCheckDigit,
} from '../../sandbox/world/generate';
import { PLANTS } from '../../sandbox/world/model';
import { journeyAt } from '../../sandbox/world/projectCarrier';
import { projectShopifyOrder } from '../../sandbox/world/projectShopify';
import { projectShipBob, projectShipStation } from '../../sandbox/world/projectWarehouse';
import { detectFromNumber, hasValidMod10 } from '../../../nodes/lib/connectors/carriers/detect';

describe('the world generator', () => {
	it('is a function of the seed: same seed, same world; another seed, another world', () => {
		const a = generateWorld({ seed: 7, orders: 200 });
		const b = generateWorld({ seed: 7, orders: 200 });
		const c = generateWorld({ seed: 8, orders: 200 });
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
		expect(JSON.stringify(a.orders)).not.toBe(JSON.stringify(c.orders));
	});

	it('plants the messy mix of a $5M brand: about 2% status mismatches and every other problem at least once', () => {
		const world = generateWorld({ seed: 42, orders: 500 });
		const counts = plantCounts(500);
		expect(counts.status_mismatch_fulfilled + counts.status_mismatch_cancelled).toBe(10);
		for (const plant of PLANTS) expect(world.orders.filter((o) => o.plant === plant).length).toBe(counts[plant]);
		expect(world.orders).toHaveLength(500);
		const clean = world.orders.filter((o) => !o.plant);
		expect(clean.length).toBeGreaterThan(450);
		expect(new Set(clean.map((o) => o.story))).toEqual(
			new Set([
				'delivered',
				'in_transit',
				'at_warehouse',
				'just_placed',
				'cancelled',
				'recovered',
				'shipped_same_evening',
			]),
		);
		// ShipStation's date-only shipDate (the Pacific date) is the day before the label's UTC date for these.
		for (const o of clean.filter((x) => x.story === 'shipped_same_evening')) {
			expect(o.fulfiller).toBe('shipstation');
			const label = o.parcels[0].labelAtMs;
			expect(projectShipStation(o, world.seed, world.endMs)!.shipments[0].shipDate).not.toBe(
				new Date(label).toISOString().slice(0, 10),
			);
			// Read as UTC midnight, that date would put the shipment before the order.
			expect(
				Date.parse(`${projectShipStation(o, world.seed, world.endMs)!.shipments[0].shipDate}T00:00:00Z`),
			).toBeLessThan(o.placedAtMs);
		}
		expect(world.failures.map((f) => f.kind).sort()).toEqual(['429', '429', '500', '500', '500', 'timeout']);
	});

	it('records a truth entry for every order, with every exception type a plant implies', () => {
		const world = generateWorld({ seed: 42, orders: 120 });
		expect(Object.keys(world.truth)).toHaveLength(120);
		for (const order of world.orders) {
			const t = world.truth[order.key];
			expect(t.plant).toBe(order.plant);
			if (!order.plant) expect(t.exceptions).toEqual([]);
			else expect(t.exceptions.length).toBeGreaterThan(0);
		}
		const stalledLate = world.orders.find((o) => o.plant === 'tracking_stalled_late')!;
		expect(world.truth[stalledLate.key].exceptions).toEqual(['delivery_late', 'tracking_stalled']);
	});

	it('numbers orders in placement order (#1001 is the oldest) and keeps every story inside the scenario', () => {
		const world = generateWorld({ seed: 3, orders: 150 });
		expect(world.endMs).toBe(Date.parse(DEFAULT_END));
		for (let i = 1; i < world.orders.length; i++)
			expect(world.orders[i].placedAtMs).toBeGreaterThanOrEqual(world.orders[i - 1].placedAtMs);
		for (const o of world.orders) {
			expect(o.placedAtMs).toBeLessThan(world.endMs);
			expect(o.name).toBe(`#${1001 + o.index}`);
		}
	});

	it('refuses too few orders with a message that says how many are needed', () => {
		expect(() => generateWorld({ orders: 5 })).toThrow(/use at least \d+/);
		expect(() => generateWorld({ endAt: 'yesterday' })).toThrow(/endAt: "yesterday" is not a date/);
	});

	it('gives parcels tracking numbers in each carrier real format', () => {
		expect(detectFromNumber(trackingNumberFor('ups', 12)).carrier).toBe('ups');
		const usps = trackingNumberFor('usps', 4_200_042);
		expect(usps).toHaveLength(22);
		expect(hasValidMod10(usps)).toBe(true);
		for (const body of ['940011189922385143012', '940000000000004200004', '920019029300000000001'])
			expect(hasValidMod10(`${body}${uspsCheckDigit(body)}`)).toBe(true);
		expect(trackingNumberFor('fedex', 1)).toMatch(/^\d{12}$/);
		expect(trackingNumberFor('dhl', 1)).toMatch(/^\d{10}$/);
	});
});

describe('projections are functions of "now"', () => {
	const world = generateWorld({ seed: 42, orders: 120 });

	it('a delivered parcel is unknown before its label, moving after pickup, delivered at the end', () => {
		const order = world.orders.find((o) => o.story === 'delivered')!;
		const parcel = order.parcels[0];
		expect(journeyAt(parcel, parcel.labelAtMs - 1)).toBeUndefined();
		expect(journeyAt(parcel, parcel.labelAtMs + 5 * HOUR)!.scenario).toBe('in_transit');
		const end = journeyAt(parcel, world.endMs)!;
		expect(end.scenario).toBe('delivered');
		expect(end.deliveredAtMs).not.toBeNull();
		expect(end.events[0].atMs).toBeGreaterThan(end.events[end.events.length - 1].atMs);
	});

	it('Shopify shows an order unfulfilled before the warehouse ships and fulfilled after', () => {
		const order = world.orders.find((o) => o.story === 'delivered')!;
		const before = projectShopifyOrder(order, order.placedAtMs + HOUR);
		const after = projectShopifyOrder(order, world.endMs);
		expect(before.displayFulfillmentStatus).toBe('UNFULFILLED');
		expect(before.fulfillments).toEqual([]);
		expect(after.displayFulfillmentStatus).toBe('FULFILLED');
		expect((after.fulfillments as Array<{ trackingInfo: Array<{ number: string }> }>)[0].trackingInfo[0].number).toBe(
			order.parcels[0].trackingNumber,
		);
	});

	it('the split shipment reaches Shopify only half: PARTIALLY_FULFILLED while ShipStation has both labels', () => {
		const order = world.orders.find((o) => o.plant === 'tracking_missing')!;
		expect(projectShopifyOrder(order, world.endMs).displayFulfillmentStatus).toBe('PARTIALLY_FULFILLED');
		const ss = projectShipStation(order, world.seed, world.endMs)!;
		expect(ss.order.orderStatus).toBe('shipped');
		expect(ss.shipments.map((s) => s.trackingNumber)).toEqual(order.parcels.map((p) => p.trackingNumber));
	});

	it('the warehouse knows an order only once it was sent there', () => {
		const order =
			world.orders.find((o) => o.story === 'at_warehouse' && o.fulfiller === 'shipstation') ??
			world.orders.find((o) => o.story === 'delivered' && o.fulfiller === 'shipstation')!;
		expect(projectShipStation(order, world.seed, (order.sentAtMs as number) - 1)).toBeUndefined();
		expect(projectShipStation(order, world.seed, order.sentAtMs as number)!.order.orderStatus).toBe(
			'awaiting_shipment',
		);
		const held = world.orders.find((o) => o.plant === 'address_invalid')!;
		const sb = projectShipBob(held, world.endMs)!;
		expect((sb.shipments as Array<{ status: string }>)[0].status).toBe('OnHold');
		expect(projectShipBob(held, (held.hold as { atMs: number }).atMs - 1)!.status).toBe('Processing');
	});
});
