import { defaultPolicy, formatTimeline, reconcile, timeline } from '../../../nodes/lib/order';
import { at, obs } from './arbitraries';

const story = [
	obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
		name: '#1001',
		createdAt: at(0),
		financialStatus: 'PAID',
		fulfillmentStatus: 'UNFULFILLED',
	}),
	obs('shipstation', 'fulfillment', 'ss-77', 1, { status: 'processing', rawStatus: 'awaiting_shipment' }),
	obs('shipstation', 'shipment', 'sh-9', 6, {
		shipmentId: 'sh-9',
		trackingNumber: '1Z999',
		carrier: 'UPS',
		shippedAt: at(6),
	}),
	obs('ups', 'tracking', '1Z999', 30, {
		trackingNumber: '1Z999',
		carrier: 'UPS',
		status: 'out_for_delivery',
		rawStatus: 'O',
		events: [
			{ at: at(8), status: 'in_transit', description: 'Origin scan', location: 'Louisville, KY' },
			{ at: at(30), status: 'out_for_delivery', description: 'Out for delivery', location: 'Brooklyn, NY' },
		],
	}),
	obs('klaviyo', 'notification', 'u-1', 7, { event: 'order_shipped', uniqueId: 'u-1', sentAt: at(7) }),
];

describe('timeline: trace an order end to end', () => {
	test('one time-ordered history across every system, scans expanded, cases included', () => {
		const { record } = reconcile(null, story, defaultPolicy(), at(40));
		// Shopify never got the tracking number: the case appears in the history too.
		expect(record.openExceptionTypes).toContain('tracking_missing');
		// Given in a scrambled order with a duplicate: the history is the same.
		const entries = timeline(record, [story[3], story[0], story[4], story[2], story[1], story[2]]);
		expect(entries.map((e) => [e.at, e.source, e.kind])).toEqual([
			[at(0), 'shopify', 'order'],
			[at(1), 'shipstation', 'fulfillment'],
			[at(6), 'shipstation', 'shipment'],
			[at(7), 'klaviyo', 'notification'],
			// ShipStation shipped at at(6), Shopify still UNFULFILLED: status_mismatch after the 60-minute grace.
			[at(7), 'engine', 'exception_opened'],
			[at(8), 'ups', 'tracking_event'],
			[at(8), 'engine', 'exception_opened'],
			[at(30), 'ups', 'tracking_event'],
		]);
		const text = formatTimeline(entries);
		expect(text).toContain('Shopify: order #1001 PAID, UNFULFILLED');
		expect(text).toContain('ShipStation: warehouse status processing ("awaiting_shipment")');
		expect(text).toContain('ShipStation: shipped UPS 1Z999');
		expect(text).toContain('UPS 1Z999: in transit: Origin scan (Louisville, KY)');
		expect(text).toContain('Order State: exception opened: Tracking missing in Shopify (high)');
		expect(text).toContain('Klaviyo: customer notified "order_shipped"');
	});

	test('resolved cases show when they cleared; other orders and invalid items are left out', () => {
		const first = reconcile(null, story.slice(0, 3), defaultPolicy(), at(10));
		const healed = reconcile(
			first.record,
			[obs('shopify', 'shipment', 'f-1', 11, { shipmentId: 'f-1', trackingNumber: '1Z999', carrier: 'UPS' })],
			defaultPolicy(),
			at(12),
		);
		const other = { ...story[0], orderKey: '2002', key: 'other' };
		const entries = timeline(healed.record, [...story, other, { source: 'nope' }]);
		// Shopify's fulfillment with the tracking number ends both the missing tracking and the disagreement.
		expect(entries.filter((e) => e.kind === 'exception_resolved').map((e) => [e.at, e.summary])).toEqual([
			[at(12), 'Order State: exception resolved: Systems disagree (cleared)'],
			[at(12), 'Order State: exception resolved: Tracking missing in Shopify (cleared)'],
		]);
		expect(entries.some((e) => e.ref === 'other')).toBe(false);
	});

	test('works without a record (observations only)', () => {
		expect(timeline(null, story).length).toBe(6);
	});
});

describe('timeline: issue 12 facts said as the vendors meant them', () => {
	test('a warehouse date, a return parcel, a lookup, a relayed status and a scan whose zone is unknown', () => {
		const list = [
			obs('shipstation', 'shipment', 'sh-1', 5, {
				shipmentId: 'sh-1',
				trackingNumber: '1Z1',
				carrier: 'UPS',
				shippedAt: null,
				shippedOn: '2026-03-02',
			}),
			obs('shopify', 'shipment', 'rd-1', 50, {
				shipmentId: 'rd-1',
				trackingNumber: '9400',
				carrier: 'USPS',
				direction: 'return',
				returnId: 'gid://shopify/Return/7',
			}),
			obs('shipbob', 'lookup', 'order-1001', 2, {
				subject: 'order',
				keys: ['reference_id:5012345678901', 'order_number:1001'],
				found: false,
			}),
			obs('shopify', 'tracking', 'relay-1Z1', 20, {
				trackingNumber: '1Z1',
				carrier: 'UPS',
				status: 'in_transit',
				rawStatus: 'in_transit',
				relayedBy: 'shopify',
			}),
			obs('dhl', 'tracking', 'JD1', 30, {
				trackingNumber: 'JD1',
				carrier: 'DHL',
				status: 'in_transit',
				rawStatus: 'transit',
				events: [
					{
						at: '2026-03-03T22:00:00.000Z',
						status: 'in_transit',
						description: 'Arrived',
						localTime: '2026-03-03T10:00:00',
						timeZone: null,
						atUncertain: true,
					},
				],
			}),
		];
		const text = formatTimeline(timeline(null, list));
		expect(text).toContain('ShipStation: shipped UPS 1Z1 on 2026-03-02 (warehouse date)');
		expect(text).toContain('Shopify: return parcel USPS 9400 for return gid://shopify/Return/7');
		expect(text).toContain('ShipBob: asked for the order by reference_id:5012345678901, order_number:1001: not found');
		expect(text).toContain('Shopify 1Z1 (UPS, relayed by Shopify): in transit ("in_transit")');
		expect(text).toContain(
			'2026-03-03T22:00:00.000Z  DHL JD1: in transit: Arrived [local 2026-03-03T10:00:00, zone unknown: latest ' +
				'possible instant]',
		);
	});
});
