/**
 * No crying wolf (issue 12): with confirmBeforeOpening (the default), a tracking_stalled or
 * not_sent_to_fulfillment case opens only when a read made AFTER its due instant still shows the
 * problem. Until then reconcile lists it in toConfirm: what to re-read, by which keys.
 * Times: at(h) is h hours after Monday 2026-03-02 09:00 New York.
 */
import { defaultPolicy, evaluateStuck, parsePolicy, reconcile } from '../../../nodes/lib/order';
import type { Observation } from '../../../nodes/lib/order';
import { at, obs } from './arbitraries';

const policy = defaultPolicy();
const order = obs('shopify', 'order', 'gid://shopify/Order/5012345678901', 0, {
	name: '#1001',
	shopifyId: 'gid://shopify/Order/5012345678901',
	createdAt: at(0),
	financialStatus: 'PAID',
	fulfillmentStatus: 'FULFILLED',
});
const shipped = [
	order,
	obs('shopify', 'shipment', 'f-1', 1, { shipmentId: 'f-1', trackingNumber: '1Z1', carrier: 'UPS', shippedAt: at(1) }),
	obs('klaviyo', 'notification', 'n-1', 1.5, { event: 'order_shipped', uniqueId: 'n-1', sentAt: at(1.5) }),
];
/** The carrier's answer: last physical scan at h 5 (UPS stall limit 24 business hours: due at h 77, Thursday 14:00). */
const upsRead = (receivedH: number, lastScanH = 5) =>
	({
		...obs('ups', 'tracking', '1Z1', lastScanH, {
			trackingNumber: '1Z1',
			carrier: 'UPS',
			status: 'in_transit' as const,
			rawStatus: 'I',
			events: [{ at: at(lastScanH), status: 'in_transit' as const }],
		}),
		receivedAt: at(receivedH),
	}) as Observation;
const lookup = (h: number, found: boolean, source: 'shipbob' | 'shipstation' = 'shipbob') =>
	obs(source, 'lookup', 'order-1001', h, {
		subject: 'order' as const,
		keys: ['reference_id:5012345678901', 'order_number:1001'],
		found,
	});
const unfulfilled = obs('shopify', 'order', 'gid://shopify/Order/5012345678901', 0, {
	name: '#1001',
	shopifyId: 'gid://shopify/Order/5012345678901',
	createdAt: at(0),
	financialStatus: 'PAID',
	fulfillmentStatus: 'UNFULFILLED',
});

describe('tracking_stalled waits for a carrier read after its due instant', () => {
	test('read before the limit only: held back, with the tracking number to re-read', () => {
		const r = reconcile(null, [...shipped, upsRead(6)], policy, at(80));
		expect(r.record.openExceptionTypes).toEqual([]);
		expect(r.opened).toEqual([]);
		expect(r.toConfirm).toEqual([
			{ type: 'tracking_stalled', orderKey: '1001', dueAt: at(77), sources: ['ups'], keys: ['1Z1'] },
		]);
	});

	test('the carrier asked again after the limit, still no new scan: opens, dated at the due instant', () => {
		const held = reconcile(null, [...shipped, upsRead(6)], policy, at(80));
		const r = reconcile(held.record, [upsRead(79)], policy, at(80));
		expect(r.opened.map((c) => [c.type, c.openedAt])).toEqual([['tracking_stalled', at(77)]]);
		expect(r.toConfirm).toEqual([]);
	});

	test('the re-read finds a new scan: nothing opens, nothing left to confirm', () => {
		const held = reconcile(null, [...shipped, upsRead(6)], policy, at(80));
		const r = reconcile(held.record, [upsRead(79, 78)], policy, at(80));
		expect(r.opened).toEqual([]);
		expect(r.toConfirm).toEqual([]);
	});

	test('Shopify relaying the carrier status is not a carrier read: it cannot confirm a stall', () => {
		const relay = {
			...obs('shopify', 'tracking', 'relay-1Z1', 5, {
				trackingNumber: '1Z1',
				carrier: 'UPS',
				status: 'in_transit' as const,
				rawStatus: 'in_transit',
				relayedBy: 'shopify',
			}),
			receivedAt: at(79),
		} as Observation;
		const r = reconcile(null, [...shipped, upsRead(6), relay], policy, at(80));
		expect(r.opened).toEqual([]);
		expect(r.toConfirm.map((t) => t.type)).toEqual(['tracking_stalled']);
	});

	test('the carrier, asked after the limit, does not know the parcel at all: confirmed', () => {
		const labelOnly = [
			order,
			obs('shipstation', 'shipment', 'ss-1', 1, {
				shipmentId: 'ss-1',
				trackingNumber: '1Z2',
				carrier: 'UPS',
				shippedAt: at(1),
			}),
		];
		const held = reconcile(null, labelOnly, policy, at(80));
		expect(held.toConfirm).toEqual([
			{ type: 'tracking_stalled', orderKey: '1001', dueAt: at(73), sources: ['ups'], keys: ['1Z2'] },
		]);
		const notFound = obs('ups', 'lookup', 'track-1Z2', 79, {
			subject: 'tracking' as const,
			keys: ['inquiryNumber:1z 2'],
			found: false,
		});
		expect(reconcile(held.record, [notFound], policy, at(80)).opened.map((c) => [c.type, c.openedAt])).toEqual([
			['tracking_stalled', at(73)],
		]);
	});

	test('an already-open case is not held back', () => {
		const open = reconcile(null, [...shipped, upsRead(6)], parsePolicy({ confirmBeforeOpening: false }), at(80));
		expect(open.record.openExceptionTypes).toEqual(['tracking_stalled']);
		const again = reconcile(open.record, [], policy, at(81));
		expect(again.record.openExceptionTypes).toEqual(['tracking_stalled']);
		expect(again.resolved).toEqual([]);
		expect(again.toConfirm).toEqual([]);
	});

	test('confirmBeforeOpening off: opens on the facts at hand', () => {
		const r = reconcile(null, [...shipped, upsRead(6)], parsePolicy({ confirmBeforeOpening: false }), at(80));
		expect(r.opened.map((c) => c.type)).toEqual(['tracking_stalled']);
		expect(r.toConfirm).toEqual([]);
	});
});

describe('not_sent_to_fulfillment waits for a warehouse lookup after its due instant', () => {
	test('no lookup yet: held back, with every key the warehouse may know the order by', () => {
		const r = reconcile(null, [unfulfilled], policy, at(5));
		expect(r.opened).toEqual([]);
		expect(r.toConfirm).toEqual([
			{
				type: 'not_sent_to_fulfillment',
				orderKey: '1001',
				dueAt: at(4),
				sources: [],
				keys: ['1001', '#1001', '5012345678901'],
			},
		]);
	});

	test('a lookup before the due instant does not confirm; one after it does', () => {
		expect(reconcile(null, [unfulfilled, lookup(2, false)], policy, at(5)).opened).toEqual([]);
		const r = reconcile(null, [unfulfilled, lookup(2, false), lookup(4.5, false, 'shipstation')], policy, at(5));
		expect(r.opened.map((c) => [c.type, c.openedAt])).toEqual([['not_sent_to_fulfillment', at(4)]]);
		expect(r.opened[0].evidence.lookup).toEqual({
			source: 'shipstation',
			at: at(4.5),
			keys: ['reference_id:5012345678901', 'order_number:1001'],
			found: false,
		});
	});

	test('found by any warehouse (asked by every key): not "not sent", even with no warehouse record yet', () => {
		const r = reconcile(
			null,
			[unfulfilled, lookup(4.5, false, 'shipstation'), lookup(4.6, true, 'shipbob')],
			policy,
			at(5),
		);
		expect(r.opened).toEqual([]);
		expect(r.toConfirm).toEqual([]);
	});

	test('evaluateStuck reports what to confirm too', () => {
		const stored = reconcile(null, [unfulfilled], policy, at(1)).record;
		const [e] = evaluateStuck([stored], policy, at(6));
		expect(e.open).toEqual([]);
		expect(e.toConfirm.map((t) => [t.type, t.dueAt])).toEqual([['not_sent_to_fulfillment', at(4)]]);
	});
});
