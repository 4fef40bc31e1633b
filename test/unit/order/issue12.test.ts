/**
 * Issue 12 rules: right about vendor traffic as it really is. Times: at(h) is h wall-clock hours after
 * Monday 2026-03-02 09:00 in New York (EST, UTC-5 until 8 March). Where a clock must be read to the
 * millisecond, a round-the-clock policy (every day, 00:00-24:00) makes business hours equal wall hours.
 */
import { calendarFor, defaultPolicy, derive, parsePolicy, reconcile, RULES, toFact } from '../../../nodes/lib/order';
import type { Observation, Policy, RuleContext, ShipmentData, TrackingData } from '../../../nodes/lib/order';
import { addFacts, sortedFacts } from '../../../nodes/lib/order/facts';
import { at, obs } from './arbitraries';

function ctxFor(list: Observation[], now: string, policy: Policy = defaultPolicy()): RuleContext {
	const facts = sortedFacts(addFacts(new Map(), list.map(toFact)));
	const { fields, view, shipments } = derive('1001', facts);
	return { record: fields, view, shipments, policy, calendar: calendarFor(policy), nowMs: Date.parse(now) };
}
const fire = (type: keyof typeof RULES, list: Observation[], now: string, policy?: Policy) =>
	RULES[type](ctxFor(list, now, policy));

const roundTheClock = (extra: Record<string, unknown> = {}) =>
	parsePolicy({ businessDays: [1, 2, 3, 4, 5, 6, 7], businessHours: { start: '00:00', end: '24:00' }, ...extra });

const ADDRESS = {
	address1: '123 North Main Street',
	address2: 'Suite 4',
	city: 'Springfield',
	provinceCode: 'IL',
	zip: '62704',
	countryCode: 'US',
};
const ADDRESS_USPS = {
	address1: '123 N MAIN ST',
	address2: 'STE 4',
	city: 'SPRINGFIELD',
	province: 'IL',
	zip: '62704-1234',
	country: 'US',
};
const NEW_ADDRESS = {
	address1: '9 Elm Avenue',
	city: 'Springfield',
	provinceCode: 'IL',
	zip: '62701',
	countryCode: 'US',
};
const NEW_ADDRESS_USPS = {
	address1: '9 ELM AVE',
	city: 'SPRINGFIELD',
	province: 'IL',
	zip: '62701-0042',
	country: 'US',
};

const order = (h: number, extra: Record<string, unknown> = {}) =>
	obs('shopify', 'order', 'gid://shopify/Order/1001', h, {
		name: '#1001',
		createdAt: at(0),
		financialStatus: 'PAID',
		fulfillmentStatus: 'UNFULFILLED',
		...extra,
	});
const wh = (
	h: number,
	status: string,
	extra: Record<string, unknown> = {},
	source: 'shipstation' | 'shipbob' = 'shipstation',
	id = `wh-${source}`,
) => obs(source, 'fulfillment', id, h, { status: status as 'processing', rawStatus: status, ...extra });
const ship = (
	h: number,
	tn: string,
	source: 'shipstation' | 'shopify' | 'shipbob' = 'shipstation',
	extra: Partial<ShipmentData> = {},
) =>
	obs(source, 'shipment', `s-${source}-${tn}`, h, {
		shipmentId: `s-${source}-${tn}`,
		trackingNumber: tn,
		carrier: 'UPS',
		shippedAt: at(h),
		...extra,
	});
const track = (
	h: number,
	tn: string,
	status: string,
	extra: Partial<TrackingData> = {},
	source: 'ups' | 'fedex' | 'shopify' = 'ups',
) =>
	obs(source, 'tracking', source === 'shopify' ? `relay-${tn}` : tn, h, {
		trackingNumber: tn,
		carrier: 'UPS',
		status: status as 'in_transit',
		rawStatus: status,
		...extra,
	});
const reread = <T extends Observation>(o: T, h: number): T => ({ ...o, receivedAt: at(h) });

describe('status_mismatch (a): the warehouse shipped while Shopify still says unfulfilled', () => {
	test('a shipment with a ship instant: past the 60-minute grace', () => {
		expect(fire('status_mismatch', [order(0), wh(1, 'processing'), ship(5, '1Z1')], at(5.9))).toBeNull();
		const f = fire('status_mismatch', [order(0), wh(1, 'processing'), ship(5, '1Z1')], at(6));
		expect(f?.openedAt).toBe(at(6));
		expect(f?.evidence).toMatchObject({
			disagreement: 'shipstation shipped 1Z1, but Shopify still says "UNFULFILLED"',
			parcels: [{ trackingNumber: '1Z1', shippedBy: 'shipstation' }],
			shopify: { fulfillmentStatus: 'UNFULFILLED' },
		});
	});

	test('a date-only ship date (ShipStation shipDate) counts from the end of that day in the warehouse zone', () => {
		const policy = roundTheClock({ warehouseTimeZone: 'America/Los_Angeles' });
		const list = [
			order(0),
			wh(1, 'processing'),
			ship(5, '1Z1', 'shipstation', { shippedAt: null, shippedOn: '2026-03-02' }),
		];
		// End of 2 March in Los Angeles (PST, UTC-8) is 2026-03-03T07:59:59.999Z; plus 60 minutes.
		expect(fire('status_mismatch', list, '2026-03-03T08:59:59.000Z', policy)).toBeNull();
		expect(fire('status_mismatch', list, '2026-03-03T09:00:00.000Z', policy)?.openedAt).toBe(
			'2026-03-03T08:59:59.999Z',
		);
	});

	test('a warehouse shipment alone (no order record read from the warehouse) is enough', () => {
		expect(fire('status_mismatch', [order(0), ship(5, '1Z1')], at(6))?.evidence).toMatchObject({
			disagreement: 'shipstation shipped 1Z1, but Shopify still says "UNFULFILLED"',
			warehouse: null,
		});
	});

	test('the warehouse status alone (no parcel) says shipped', () => {
		expect(fire('status_mismatch', [order(0), wh(1, 'processing'), wh(3, 'shipped')], at(4))?.openedAt).toBe(at(4));
	});

	test('cleared: Shopify gets the fulfillment with the tracking number, or says FULFILLED', () => {
		expect(
			fire('status_mismatch', [order(0), wh(1, 'processing'), ship(5, '1Z1'), ship(5.5, '1Z1', 'shopify')], at(9)),
		).toBeNull();
		expect(
			fire(
				'status_mismatch',
				[order(0), wh(1, 'processing'), ship(5, '1Z1'), order(5.5, { fulfillmentStatus: 'FULFILLED' })],
				at(9),
			),
		).toBeNull();
	});
});

describe('status_mismatch (b): the address changed in Shopify after the warehouse imported the order', () => {
	const imported = (h: number, address: object, extra: Record<string, unknown> = {}) =>
		wh(h, 'processing', { importedAt: at(1), shippingAddress: address, ...extra });

	test('the warehouse still has the old address past the grace: both addresses and the fields that differ', () => {
		const list = [
			order(0, { shippingAddress: ADDRESS }),
			imported(1, ADDRESS_USPS),
			order(3, { shippingAddress: NEW_ADDRESS }),
			reread(imported(1, ADDRESS_USPS), 3.5),
		];
		expect(fire('status_mismatch', list, at(3.9))).toBeNull();
		const f = fire('status_mismatch', list, at(4));
		expect(f?.openedAt).toBe(at(4));
		expect(f?.evidence).toMatchObject({
			address: {
				shopify: NEW_ADDRESS,
				warehouse: ADDRESS_USPS,
				differentFields: ['street', 'zip'],
				changedInShopifyAt: at(3),
				warehouseImportedAt: at(1),
			},
		});
		expect(String(f?.evidence.disagreement)).toContain('shipping address changed in Shopify');
	});

	test('a USPS-normalised ZIP+4 copy of the new address is never a difference', () => {
		const list = [
			order(0, { shippingAddress: ADDRESS }),
			imported(1, ADDRESS_USPS),
			order(3, { shippingAddress: NEW_ADDRESS }),
			imported(3.5, NEW_ADDRESS_USPS),
		];
		expect(fire('status_mismatch', list, at(20))).toBeNull();
	});

	test('an address Shopify already had before the import is not an edit that failed to reach the warehouse', () => {
		expect(
			fire('status_mismatch', [order(0, { shippingAddress: NEW_ADDRESS }), imported(1, ADDRESS_USPS)], at(20)),
		).toBeNull();
	});

	test(
		'first heard of the order after the import, already with an address the warehouse lacks: no edit is known, no ' +
			'verdict',
		() => {
			expect(
				fire('status_mismatch', [order(3, { shippingAddress: NEW_ADDRESS }), imported(4, ADDRESS_USPS)], at(20)),
			).toBeNull();
		},
	);

	test('no verdict until the warehouse has been read after the edit', () => {
		const list = [
			order(0, { shippingAddress: ADDRESS }),
			imported(1, ADDRESS_USPS),
			order(3, { shippingAddress: NEW_ADDRESS }),
		];
		expect(fire('status_mismatch', list, at(20))).toBeNull();
	});

	test('without importedAt, the first time we saw the order at the warehouse counts as the import', () => {
		const list = [
			order(0, { shippingAddress: ADDRESS }),
			wh(1, 'processing', { shippingAddress: ADDRESS_USPS }),
			order(3, { shippingAddress: NEW_ADDRESS }),
			wh(5, 'processing', { shippingAddress: ADDRESS_USPS }),
		];
		expect(fire('status_mismatch', list, at(6))?.openedAt).toBe(at(4));
	});
});

describe('status_mismatch (c): line items or quantities differ, by SKU', () => {
	test('Shopify says 2 mugs, the warehouse has 1 mug and a tee', () => {
		const list = [
			order(0, { lineItems: [{ sku: 'MUG', quantity: 2 }] }),
			wh(1, 'processing', {
				lines: [
					{ sku: 'mug', ordered: 1, shipped: 0 },
					{ sku: 'TEE', ordered: 1, shipped: 0 },
				],
			}),
		];
		expect(fire('status_mismatch', list, at(1.9))).toBeNull();
		const f = fire('status_mismatch', list, at(2));
		expect(f?.openedAt).toBe(at(2));
		expect(f?.evidence.lines).toEqual([
			{ sku: 'MUG', shopify: 2, warehouse: 1 },
			{ sku: 'TEE', shopify: 0, warehouse: 1 },
		]);
	});

	test('a line nothing ships for (shipping protection, gift card) is not expected at the warehouse', () => {
		const lines = [
			{ sku: 'MUG', quantity: 1 },
			{ sku: 'ROUTE-INS', quantity: 1, requiresShipping: false },
		];
		expect(
			fire(
				'status_mismatch',
				[order(0, { lineItems: lines }), wh(1, 'processing', { lines: [{ sku: 'MUG', ordered: 1, shipped: 0 }] })],
				at(30),
			),
		).toBeNull();
	});

	test('the same lines in another order and case agree; a warehouse without SKUs gives no verdict', () => {
		const lines = [
			{ sku: 'MUG', quantity: 1 },
			{ sku: 'TEE', quantity: 2 },
		];
		expect(
			fire(
				'status_mismatch',
				[
					order(0, { lineItems: lines }),
					wh(1, 'processing', {
						lines: [
							{ sku: 'tee', ordered: 2, shipped: 0 },
							{ sku: 'mug', ordered: 1, shipped: 0 },
						],
					}),
				],
				at(30),
			),
		).toBeNull();
		expect(
			fire(
				'status_mismatch',
				[order(0, { lineItems: lines }), wh(1, 'processing', { lines: [{ sku: null, ordered: 3, shipped: 0 }] })],
				at(30),
			),
		).toBeNull();
	});

	test('the disagreement starts when both sides said what they say now (an order edit at h 10)', () => {
		const list = [
			order(0, { lineItems: [{ sku: 'MUG', quantity: 1 }] }),
			wh(1, 'processing', { lines: [{ sku: 'MUG', ordered: 1, shipped: 0 }] }),
			order(10, { lineItems: [{ sku: 'MUG', quantity: 3 }] }),
			wh(12, 'processing', { lines: [{ sku: 'MUG', ordered: 1, shipped: 0 }] }),
		];
		expect(fire('status_mismatch', list, at(11))?.openedAt).toBe(at(11));
	});
});

describe('partial shipments', () => {
	const lines = [
		{ sku: 'MUG', quantity: 1 },
		{ sku: 'TEE', quantity: 1 },
	];
	const twoParcels = [
		order(0, { lineItems: lines, fulfillmentStatus: 'PARTIALLY_FULFILLED' }),
		ship(5, '1Z1', 'shopify', { lines: [{ sku: 'MUG', quantity: 1 }] }),
		ship(5, '1Z1', 'shipstation', { lines: [{ sku: 'MUG', quantity: 1 }] }),
		ship(6, '1Z2', 'shipstation', { lines: [{ sku: 'TEE', quantity: 1 }] }),
	];

	test("the warehouse lines cover every line: shipped, with Shopify's own PARTIALLY_FULFILLED kept beside it", () => {
		const r = reconcile(
			null,
			[...twoParcels, track(8, '1Z2', 'in_transit', { lastEventAt: at(8) })],
			defaultPolicy(),
			at(9),
		);
		expect(r.record.stage).toBe('in_transit');
		expect(r.record.sourceStatus.shopify?.fulfillmentStatus).toBe('PARTIALLY_FULFILLED');
	});

	test('tracking_missing names the parcel Shopify lacks and what is in it', () => {
		const f = fire('tracking_missing', twoParcels, at(9));
		expect(f?.evidence).toMatchObject({
			parcels: [{ trackingNumber: '1Z2', seenBy: ['shipstation'], lines: [{ sku: 'TEE', quantity: 1 }] }],
			shopifyFulfillmentStatus: 'PARTIALLY_FULFILLED',
		});
		expect((f?.evidence.parcels as unknown[]).length).toBe(1);
	});

	test('a line nothing ships for does not keep the order partially shipped', () => {
		const withProtection = [
			{ sku: 'MUG', quantity: 1 },
			{ sku: 'ROUTE-INS', quantity: 1, requiresShipping: false },
		];
		const list = [
			order(0, { lineItems: withProtection, fulfillmentStatus: 'PARTIALLY_FULFILLED' }),
			ship(5, '1Z1', 'shipstation', { lines: [{ sku: 'MUG', quantity: 1 }] }),
		];
		expect(reconcile(null, list, defaultPolicy(), at(6)).record.stage).toBe('shipped');
	});

	test('lines that do not cover the order stay partially shipped', () => {
		const r = reconcile(null, twoParcels.slice(0, 3), defaultPolicy(), at(9));
		expect(r.record.stage).toBe('partially_shipped');
	});
});

describe('per fulfillment order clocks (one FulfillmentOrder per location)', () => {
	const fo = (h: number, id: string, location: string, status = 'OPEN') =>
		obs('shopify', 'fulfillment_order', id, h, { id, status, assignedLocation: location, holdReasons: [] });
	const east = wh(1, 'processing', { locationId: 'East DC' }, 'shipstation');

	test('one location at its warehouse, the other at none: not_sent names the other location', () => {
		const f = fire(
			'not_sent_to_fulfillment',
			[order(0), fo(0, 'fo-e', 'East DC'), fo(0, 'fo-w', 'West DC'), east],
			at(4),
		);
		expect(f?.openedAt).toBe(at(4));
		expect(f?.evidence.notSent).toEqual([{ fulfillmentOrderId: 'fo-w', location: 'West DC', status: 'OPEN' }]);
	});

	test('one location shipping (its fulfillment order CLOSED) does not stop the other clock', () => {
		const list = [
			order(0, { fulfillmentStatus: 'PARTIALLY_FULFILLED' }),
			fo(6, 'fo-e', 'East DC', 'CLOSED'),
			fo(0, 'fo-w', 'West DC'),
			east,
			ship(6, '1Z1', 'shopify', { locationId: 'East DC' }),
		];
		expect(ctxFor(list, at(30)).record.stage).toBe('partially_shipped');
		expect(fire('not_sent_to_fulfillment', list, at(30))?.evidence.notSent).toEqual([
			{ fulfillmentOrderId: 'fo-w', location: 'West DC', status: 'OPEN' },
		]);
	});

	test('locations matched by Shopify location id as well as by name', () => {
		const byId = (h: number, id: string, name: string, locationId: string) =>
			obs('shopify', 'fulfillment_order', id, h, {
				id,
				status: 'OPEN',
				assignedLocation: name,
				assignedLocationId: locationId,
				holdReasons: [],
			});
		const list = [
			order(0),
			byId(0, 'fo-e', 'East DC', '71'),
			byId(0, 'fo-w', 'West DC', '72'),
			wh(1, 'processing', { locationId: 'gid://shopify/Location/71' }),
		];
		expect(fire('not_sent_to_fulfillment', list, at(4))?.evidence.notSent).toEqual([
			{ fulfillmentOrderId: 'fo-w', location: 'West DC', locationId: '72', status: 'OPEN' },
		]);
	});

	test("cleared: the other location's warehouse has it", () => {
		const list = [
			order(0),
			fo(0, 'fo-e', 'East DC'),
			fo(0, 'fo-w', 'West DC'),
			east,
			wh(20, 'received', { locationId: 'West DC' }, 'shipbob'),
		];
		expect(fire('not_sent_to_fulfillment', list, at(30))).toBeNull();
	});

	test(
		'fulfillment_stuck per location: ' + 'East shipped, West processing since h 1 is stuck after 16 business hours',
		() => {
			const list = [
				order(0, { fulfillmentStatus: 'PARTIALLY_FULFILLED' }),
				fo(6, 'fo-e', 'East DC', 'CLOSED'),
				fo(0, 'fo-w', 'West DC', 'IN_PROGRESS'),
				east,
				ship(6, '1Z1', 'shipstation', { locationId: 'East DC' }),
				ship(6, '1Z1', 'shopify', { locationId: 'East DC' }),
				wh(1, 'processing', { locationId: 'West DC' }, 'shipbob'),
			];
			expect(fire('fulfillment_stuck', list, at(48))).toBeNull();
			const f = fire('fulfillment_stuck', list, at(49));
			expect(f?.openedAt).toBe(at(49));
			expect(f?.evidence).toMatchObject({
				warehouse: 'shipbob',
				location: 'West DC',
				warehouses: [{ warehouse: 'shipbob', location: 'West DC' }],
			});
		},
	);
});

describe('policy: when the fulfillment clock starts', () => {
	// The warehouse first has the order Monday 19:00 (h 10); it was placed Monday 09:00 and paid Tuesday 05:00 (h 20).
	const list = [order(0, { financialStatus: 'PENDING' }), order(20), wh(10, 'processing')];
	test.each([
		['warehouse_received (default): Tue 09:00 + 16 business hours = Wed 17:00', undefined, at(56)],
		['order_created: Mon 09:00 + 16 = Tue 17:00', 'order_created', at(32)],
		['order_paid: Tue 05:00, counted from Tue 09:00 = Wed 17:00', 'order_paid', at(56)],
	])('%s', (_name, start, expected) => {
		const policy = parsePolicy(start ? { fulfillmentClockStart: start } : {});
		expect(fire('fulfillment_stuck', list, at(100), policy)?.openedAt).toBe(expected);
	});

	test('order_paid uses the payment time the source gives', () => {
		const paid = [order(0, { paidAt: at(24) }), wh(1, 'processing')];
		expect(
			fire('fulfillment_stuck', paid, at(100), parsePolicy({ fulfillmentClockStart: 'order_paid' }))?.openedAt,
		).toBe(at(56));
	});

	test("the warehouse's own import time wins over when we first saw it there", () => {
		expect(fire('fulfillment_stuck', [order(0), wh(30, 'processing', { importedAt: at(1) })], at(100))?.openedAt).toBe(
			at(49),
		);
	});

	test('a bad setting is named', () => {
		const bad = () =>
			parsePolicy({
				fulfillmentClockStart: 'whenever',
				lateAgainst: 'vibes',
				warehouseTimeZone: 'Mars/Base',
				confirmBeforeOpening: 'maybe',
			});
		expect(bad).toThrow(
			/fulfillmentClockStart: "whenever" is not one of warehouse_received, order_created, order_paid/,
		);
		expect(bad).toThrow(/lateAgainst: "vibes" is not one of first_promise, newest_estimate/);
		expect(bad).toThrow(/warehouseTimeZone: "Mars\/Base" is not a time zone/);
		expect(bad).toThrow(/confirmBeforeOpening: must be true or false/);
		expect(parsePolicy({ timeZone: 'Europe/Berlin' }).warehouseTimeZone).toBe('Europe/Berlin');
	});
});

describe('stall clocks: physical scans and date-only ship dates', () => {
	const policy = roundTheClock({ warehouseTimeZone: 'America/Los_Angeles' });
	const dateOnly = (h: number, tn: string, day: string) =>
		ship(h, tn, 'shipstation', { shippedAt: null, shippedOn: day });

	test('no scan yet: from the end of the ship date in the warehouse zone, never UTC midnight', () => {
		const list = [order(0), dateOnly(5, '1Z1', '2026-03-02')];
		// End of 2 March in Los Angeles is 2026-03-03T07:59:59.999Z; UPS limit 24 (round-the-clock) hours.
		expect(fire('tracking_stalled', list, '2026-03-04T07:59:00.000Z', policy)).toBeNull();
		expect(fire('tracking_stalled', list, '2026-03-04T08:00:00.000Z', policy)?.openedAt).toBe(
			'2026-03-04T07:59:59.999Z',
		);
	});

	test('a date-only ship date never puts a shipment before its order', () => {
		const list = [order(0), dateOnly(5, '1Z1', '2026-03-01')];
		expect(fire('tracking_stalled', list, at(30), policy)?.openedAt).toBe(at(24));
		// The record keeps the date as the warehouse gave it; its ship time is never before the order.
		const record = reconcile(null, list, policy, at(6)).record;
		expect(record.shipments[0].shippedOn).toBe('2026-03-01');
		expect(record.dates.shippedAt! >= at(0)).toBe(true);
	});

	test('a label-created event is not a scan: the clock does not start there', () => {
		const list = [
			order(0),
			dateOnly(5, '1Z1', '2026-03-02'),
			track(3, '1Z1', 'pre_transit', {
				events: [{ at: at(3), status: 'pre_transit', description: 'Shipper created a label' }],
				lastEventAt: at(3),
			}),
		];
		expect(fire('tracking_stalled', list, at(27.5), policy)).toBeNull();
		expect(fire('tracking_stalled', list, '2026-03-04T08:00:00.000Z', policy)?.openedAt).toBe(
			'2026-03-04T07:59:59.999Z',
		);
	});

	test('an event the carrier connector marks as not physical (UPS logical scan, customs update) is not a scan', () => {
		const events = [
			{ at: at(6), status: 'in_transit' as const },
			{ at: at(20), status: 'in_transit' as const, description: 'Logical scan', physicalScan: false },
		];
		const list = [
			order(0),
			dateOnly(5, '1Z1', '2026-03-02'),
			track(20, '1Z1', 'in_transit', { events, lastEventAt: at(20) }),
		];
		expect(fire('tracking_stalled', list, at(30), policy)?.evidence.parcels).toEqual([
			expect.objectContaining({ lastScanAt: at(6) }),
		]);
	});

	test('the newest physical scan is the last scan; an uncertain local time counts at its latest instant', () => {
		const events = [
			{ at: at(3), status: 'pre_transit' as const },
			{ at: at(6), status: 'in_transit' as const },
			{
				at: at(20),
				status: 'in_transit' as const,
				localTime: '2026-03-03T10:00:00',
				timeZone: null,
				atUncertain: true,
			},
			{ at: at(25), status: 'unknown' as const },
		];
		const list = [
			order(0),
			dateOnly(5, '1Z1', '2026-03-02'),
			track(25, '1Z1', 'in_transit', { events, lastEventAt: at(25) }),
		];
		expect(fire('tracking_stalled', list, at(43.9), policy)).toBeNull();
		const f = fire('tracking_stalled', list, at(44), policy);
		expect(f?.openedAt).toBe(at(44));
		expect(f?.evidence.parcels).toEqual([
			expect.objectContaining({
				trackingNumber: '1Z1',
				lastScanAt: at(20),
				clockStartedAt: at(20),
				shippedOn: '2026-03-02',
			}),
		]);
	});
});

describe('delivery_late: promises, dates and zones', () => {
	const shipped = [order(0), ship(1, '1Z1')];

	test('a date-only estimate is late only after that day ends in the destination zone', () => {
		const list = [
			...shipped,
			track(20, '1Z1', 'in_transit', { estimatedDelivery: '2026-03-04', destinationTimeZone: 'America/Los_Angeles' }),
		];
		// Past midnight in New York (the store) but still 4 March in Los Angeles.
		expect(fire('delivery_late', list, '2026-03-05T07:00:00.000Z')).toBeNull();
		expect(fire('delivery_late', list, '2026-03-05T08:00:00.000Z')?.openedAt).toBe('2026-03-05T07:59:59.999Z');
	});

	test('a FedEx estimate at local midnight is that day, not that instant', () => {
		const list = [
			...shipped,
			track(
				20,
				'1Z1',
				'in_transit',
				{ estimatedDelivery: '2026-03-04T00:00:00-06:00', destinationTimeZone: 'America/Chicago' },
				'fedex',
			),
		];
		// Read as an instant it would be late from 2026-03-04T06:00Z; as a day, after 4 March ends in Chicago.
		expect(fire('delivery_late', list, '2026-03-05T05:59:00.000Z')).toBeNull();
		expect(fire('delivery_late', list, '2026-03-05T06:00:00.000Z')?.openedAt).toBe('2026-03-05T05:59:59.999Z');
	});

	test('without a destination zone, the store zone', () => {
		const list = [...shipped, track(20, '1Z1', 'in_transit', { estimatedDelivery: '2026-03-04' })];
		expect(fire('delivery_late', list, '2026-03-05T05:00:00.000Z')?.openedAt).toBe('2026-03-05T04:59:59.999Z');
	});

	const moved = [
		...shipped,
		track(20, '1Z1', 'in_transit', { estimatedDelivery: '2026-03-04' }),
		track(40, '1Z1', 'in_transit', { estimatedDelivery: '2026-03-06' }),
	];
	test('first promise (default): a later estimate does not excuse the first one', () => {
		expect(fire('delivery_late', moved, '2026-03-05T12:00:00.000Z')?.evidence).toMatchObject({
			parcels: [{ promise: '2026-03-04', promiseSeenAt: at(20), judgedAgainst: 'first_promise' }],
		});
	});
	test('newest estimate (policy): judged against 6 March', () => {
		const newest = parsePolicy({ lateAgainst: 'newest_estimate' });
		expect(fire('delivery_late', moved, '2026-03-05T12:00:00.000Z', newest)).toBeNull();
		expect(fire('delivery_late', moved, '2026-03-07T05:00:00.000Z', newest)?.openedAt).toBe('2026-03-07T04:59:59.999Z');
	});

	test(
		'an estimate that disappears leaves the last known one standing; a passed commitment stays passed until a ' +
			'later estimate',
		() => {
			const newest = parsePolicy({ lateAgainst: 'newest_estimate' });
			const list = [
				...shipped,
				track(20, '1Z1', 'in_transit', { commitment: '2026-03-04', estimatedDelivery: '2026-03-04' }),
				track(60, '1Z1', 'in_transit', { estimatedDelivery: null, commitment: null }),
			];
			expect(fire('delivery_late', list, '2026-03-05T12:00:00.000Z', newest)?.openedAt).toBe(
				'2026-03-05T04:59:59.999Z',
			);
			const later = [...list, track(70, '1Z1', 'in_transit', { estimatedDelivery: '2026-03-09' })];
			expect(fire('delivery_late', later, '2026-03-05T12:00:00.000Z', newest)).toBeNull();
		},
	);

	test('an estimate window is late after its end', () => {
		const list = [
			...shipped,
			track(20, '1Z1', 'in_transit', { estimatedDelivery: at(40), estimatedWindow: { from: at(40), to: at(44) } }),
		];
		expect(fire('delivery_late', list, at(43))).toBeNull();
		expect(fire('delivery_late', list, at(44))?.openedAt).toBe(at(44));
	});

	test('cleared by delivery', () => {
		expect(
			fire('delivery_late', [...moved, track(90, '1Z1', 'delivered', { deliveredAt: at(90) })], at(100)),
		).toBeNull();
	});
});

describe('carrier semantics', () => {
	const shipped = [order(0), ship(1, '1Z1')];

	test('a notice left, then available for pickup: a failed delivery that needs the customer', () => {
		const events = [
			{ at: at(10), status: 'in_transit' as const },
			{ at: at(20), status: 'failed_attempt' as const, description: 'Customer not available. Notice left' },
			{ at: at(22), status: 'available_for_pickup' as const, description: 'Available for pickup at UPS Access Point' },
		];
		const f = fire('delivery_failed', [...shipped, track(22, '1Z1', 'available_for_pickup', { events })], at(23));
		expect(f?.openedAt).toBe(at(20));
		expect(f?.evidence.parcels).toEqual([
			expect.objectContaining({ trackingNumber: '1Z1', trackingStatus: 'available_for_pickup', since: at(20) }),
		]);
	});

	test('the notice relayed by Shopify, the pickup read from the carrier: still a failed delivery', () => {
		const notice = track(20, '1Z1', 'failed_attempt', { relayedBy: 'shopify' }, 'shopify');
		const pickup = track(22, '1Z1', 'available_for_pickup', {
			events: [{ at: at(22), status: 'available_for_pickup' }],
		});
		expect(fire('delivery_failed', [...shipped, notice, pickup], at(23))?.openedAt).toBe(at(20));
	});

	test('held at a counter by choice (no failed attempt before) is not a failure', () => {
		const events = [
			{ at: at(10), status: 'in_transit' as const },
			{ at: at(22), status: 'available_for_pickup' as const },
		];
		expect(
			fire('delivery_failed', [...shipped, track(22, '1Z1', 'available_for_pickup', { events })], at(23)),
		).toBeNull();
	});

	test("Shopify's shipment_status is carrier news like any read", () => {
		const relayed = (h: number, status: string) =>
			track(h, '1Z1', status, { relayedBy: 'shopify', carrier: 'UPS' }, 'shopify');
		expect(reconcile(null, [...shipped, relayed(30, 'delivered')], defaultPolicy(), at(31)).record.stage).toBe(
			'delivered',
		);
		expect(fire('delivery_failed', [...shipped, relayed(30, 'failed_attempt')], at(31))?.openedAt).toBe(at(30));
	});
});

describe('return parcels', () => {
	const outbound = [
		order(0, { fulfillmentStatus: 'FULFILLED' }),
		ship(1, '1Z1', 'shopify'),
		track(30, '1Z1', 'delivered', { deliveredAt: at(30) }),
	];
	const returnParcel = ship(40, 'RET1', 'shopify', {
		direction: 'return',
		returnId: 'gid://shopify/Return/7',
		carrier: 'USPS',
	});
	const requested = obs('shopify', 'return', 'gid://shopify/Return/7', 39, {
		returnId: 'gid://shopify/Return/7',
		status: 'open',
	});

	test('followed as a parcel, linked to its return, never an outbound shipment', () => {
		const noEmails = { confirmBeforeOpening: false, notificationEvents: { shipped: [], delivered: [] } };
		const r = reconcile(
			null,
			[...outbound, requested, returnParcel, track(41, 'RET1', 'pre_transit', {}, 'ups')],
			parsePolicy(noEmails),
			at(200),
		);
		expect(r.record.stage).toBe('return_requested');
		expect(r.record.shipments.find((s) => s.key === 'RET1')).toMatchObject({
			direction: 'return',
			returnId: 'gid://shopify/Return/7',
		});
		// Not stalled, not late, not missing, not "notified late": it is the customer's parcel back to us.
		expect(r.record.openExceptionTypes).toEqual([]);
		expect(r.record.dates.shippedAt).toBe(at(1));
	});

	test(
		'a delivered return parcel with the return still open: the return reached the merchant, stage stays ' +
			'return_requested',
		() => {
			const r = reconcile(
				null,
				[...outbound, requested, returnParcel, track(60, 'RET1', 'delivered', { deliveredAt: at(60) }, 'ups')],
				defaultPolicy(),
				at(61),
			);
			expect(r.record.stage).toBe('return_requested');
			const received = obs('shopify', 'return', 'gid://shopify/Return/7', 62, {
				returnId: 'gid://shopify/Return/7',
				status: 'received',
			});
			expect(reconcile(r.record, [received], defaultPolicy(), at(63)).record.stage).toBe('returned');
		},
	);

	test("without a return record, Shopify's Order.returnStatus decides the same way", () => {
		const withStatus = (status: string) =>
			reconcile(
				null,
				[...outbound, order(45, { fulfillmentStatus: 'FULFILLED', returnStatus: status })],
				defaultPolicy(),
				at(46),
			).record.stage;
		expect(withStatus('RETURN_REQUESTED')).toBe('return_requested');
		expect(withStatus('IN_PROGRESS')).toBe('return_requested');
		expect(withStatus('RETURNED')).toBe('returned');
		expect(withStatus('NO_RETURN')).toBe('delivered');
		expect(withStatus('RETURN_FAILED')).toBe('delivered');
	});

	test('a return parcel alone does not make an unshipped order shipped', () => {
		const r = reconcile(null, [order(0), requested, returnParcel], defaultPolicy(), at(41));
		expect(r.record.shipments.map((s) => s.direction)).toEqual(['return']);
		expect(r.record.dates.shippedAt).toBeNull();
	});
});

describe('orders routed to several locations: lines and "fully shipped" per fulfillment order', () => {
	// Shopify's FulfillmentOrder: one per location, lineItems with totalQuantity (quantity) and remainingQuantity.
	const fo = (
		h: number,
		id: string,
		location: string,
		locationId: string,
		lineItems: Array<{ sku: string; quantity: number; remaining?: number }>,
		status = 'OPEN',
	) =>
		obs('shopify', 'fulfillment_order', id, h, {
			id,
			status,
			requestStatus: 'UNSUBMITTED',
			assignedLocation: location,
			assignedLocationId: locationId,
			holdReasons: [],
			lineItems,
		});
	const LINES = [
		{ sku: 'FLEECE', quantity: 1 },
		{ sku: 'BOTTLE', quantity: 1 },
	];
	const east = (h: number, status = 'OPEN') =>
		fo(
			h,
			'gid://shopify/FulfillmentOrder/81',
			'East DC',
			'71',
			[{ sku: 'FLEECE', quantity: 1, remaining: status === 'CLOSED' ? 0 : 1 }],
			status,
		);
	const west = (h: number, status = 'OPEN') =>
		fo(h, 'gid://shopify/FulfillmentOrder/82', 'West DC', '72', [{ sku: 'BOTTLE', quantity: 1, remaining: 1 }], status);

	test(
		"a warehouse that found the order by lookup and lists only one location's lines holds that part only: the " +
			'other is not sent',
		() => {
			const found = obs('shipstation', 'lookup', 'order-1001', 1, {
				subject: 'order' as const,
				keys: ['orderNumber:1001'],
				found: true,
			});
			const list = [
				order(0, { lineItems: LINES }),
				east(0),
				west(0),
				wh(1, 'processing', { lines: [{ sku: 'FLEECE', ordered: 1, shipped: 0 }] }),
				found,
			];
			expect(fire('not_sent_to_fulfillment', list, at(30))?.evidence.notSent).toEqual([
				{
					fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/82',
					location: 'West DC',
					locationId: '72',
					status: 'OPEN',
				},
			]);
			// found, but its record says neither where nor what: it may hold any part, so nothing is called unsent
			const blind = [order(0, { lineItems: LINES }), east(0), west(0), wh(1, 'processing'), found];
			expect(fire('not_sent_to_fulfillment', blind, at(30))).toBeNull();
		},
	);

	test(
		'a warehouse that does not name its location holds its ' + "own fulfillment order's lines only: no line difference",
		() => {
			const list = [
				order(0, { lineItems: LINES }),
				east(0),
				west(0),
				wh(1, 'processing', { lines: [{ sku: 'FLEECE', ordered: 1, shipped: 0 }] }),
			];
			expect(fire('status_mismatch', list, at(30))).toBeNull();
		},
	);

	test(
		"a warehouse that names its location is compared with that location's fulfillment order: a quantity difference " +
			'there is real',
		() => {
			const list = [
				order(0, {
					lineItems: [
						{ sku: 'FLEECE', quantity: 2 },
						{ sku: 'BOTTLE', quantity: 1 },
					],
				}),
				fo(0, 'fo-e', 'East DC', '71', [{ sku: 'FLEECE', quantity: 2 }]),
				west(0),
				wh(1, 'processing', {
					locationId: 'gid://shopify/Location/71',
					lines: [{ sku: 'FLEECE', ordered: 1, shipped: 0 }],
				}),
			];
			const f = fire('status_mismatch', list, at(2));
			// The bottle belongs to the West location: it is not listed as missing at the East warehouse.
			expect(f?.evidence.lines).toEqual([{ sku: 'FLEECE', shopify: 2, warehouse: 1 }]);
			expect(f?.evidence.fulfillmentOrders).toEqual([{ id: 'fo-e', location: 'East DC', locationId: '71' }]);
			expect(f?.evidence.disagreement).toBe(
				'items differ (fulfillment order fo-e at East DC): FLEECE 2 in Shopify, 1 at shipstation',
			);
		},
	);

	test("a warehouse at one location holding the other location's line too is a difference", () => {
		const list = [
			order(0, { lineItems: LINES }),
			east(0),
			west(0),
			wh(1, 'processing', {
				locationId: '71',
				lines: [
					{ sku: 'FLEECE', ordered: 1, shipped: 0 },
					{ sku: 'BOTTLE', ordered: 1, shipped: 0 },
				],
			}),
		];
		expect(fire('status_mismatch', list, at(30))?.evidence.lines).toEqual([
			{ sku: 'BOTTLE', shopify: 0, warehouse: 1 },
		]);
	});

	test("one warehouse told of both locations' parts holds both: no difference", () => {
		const list = [
			order(0, { lineItems: LINES }),
			east(0),
			west(0),
			wh(1, 'processing', {
				lines: [
					{ sku: 'FLEECE', ordered: 1, shipped: 0 },
					{ sku: 'BOTTLE', ordered: 1, shipped: 0 },
				],
			}),
		];
		expect(fire('status_mismatch', list, at(30))).toBeNull();
	});

	test("one location's warehouse saying shipped, the other's fulfillment order still OPEN: partially_shipped", () => {
		const list = [
			order(0, { lineItems: LINES }),
			east(0),
			west(0),
			wh(5, 'shipped', { locationId: '71', lines: [{ sku: 'FLEECE', ordered: 1, shipped: 1 }] }),
		];
		expect(ctxFor(list, at(6)).record.stage).toBe('partially_shipped');
	});

	test(
		'#1008 shape: East shipped (parcel lines, FO CLOSED, Shopify PARTIALLY_FULFILLED), West never sent: ' +
			'partially_shipped',
		() => {
			const list = [
				order(6, { lineItems: LINES, fulfillmentStatus: 'PARTIALLY_FULFILLED' }),
				east(6, 'CLOSED'),
				west(0),
				wh(5, 'shipped', { lines: [{ sku: 'FLEECE', ordered: 1, shipped: 1 }] }),
				ship(5, '1Z1', 'shipstation', { lines: [{ sku: 'FLEECE', quantity: 1 }] }),
				ship(6, '1Z1', 'shopify', {
					lines: [{ sku: 'FLEECE', quantity: 1 }],
					locationId: '71',
					fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/81',
				}),
			];
			const r = reconcile(null, list, defaultPolicy(), at(7));
			expect(r.record.stage).toBe('partially_shipped');
			expect(r.record.openExceptionTypes).not.toContain('status_mismatch');
		},
	);

	test('every fulfillment order covered (East by its warehouse, West by a parcel carrying its line): shipped', () => {
		const list = [
			order(0, { lineItems: LINES }),
			east(0),
			west(0),
			wh(5, 'shipped', { locationId: '71', lines: [{ sku: 'FLEECE', ordered: 1, shipped: 1 }] }),
			ship(6, '1Z2', 'shipbob', { lines: [{ sku: 'BOTTLE', quantity: 1 }] }),
		];
		expect(ctxFor(list, at(7)).record.stage).toBe('shipped');
		expect(ctxFor(list.slice(0, 4), at(7)).record.stage).toBe('partially_shipped');
	});

	test("the same SKU at both locations: a parcel made for one fulfillment order does not cover the other's", () => {
		const mugs = [
			order(0, { lineItems: [{ sku: 'MUG', quantity: 2 }] }),
			fo(0, 'fo-e', 'East DC', '71', [{ sku: 'MUG', quantity: 1 }]),
			fo(0, 'fo-w', 'West DC', '72', [{ sku: 'MUG', quantity: 1 }]),
		];
		const eastParcel = ship(6, '1Z1', 'shopify', { lines: [{ sku: 'MUG', quantity: 1 }], fulfillmentOrderId: 'fo-e' });
		expect(ctxFor([...mugs, eastParcel], at(7)).record.stage).toBe('partially_shipped');
		const westParcel = ship(8, '1Z2', 'shopify', {
			lines: [{ sku: 'MUG', quantity: 1 }],
			locationId: 'gid://shopify/Location/72',
		});
		expect(ctxFor([...mugs, eastParcel, westParcel], at(9)).record.stage).toBe('shipped');
	});

	test('Shopify closing every fulfillment order is fully shipped', () => {
		const list = [
			order(0, { lineItems: LINES }),
			east(6, 'CLOSED'),
			west(6, 'CLOSED'),
			ship(6, '1Z1', 'shopify', { locationId: '71' }),
		];
		expect(ctxFor(list, at(7)).record.stage).toBe('shipped');
	});
});
