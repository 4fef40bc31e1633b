/**
 * Table tests: each exception rule on its own, with the cases that fire, the near misses that do not,
 * and the newer facts that clear it. Times: at(h) is h wall-clock hours after Monday 2026-03-02 09:00 in
 * New York (so at(24) is Tuesday 09:00, at(77) Thursday 14:00).
 */
import { calendarFor, defaultPolicy, derive, parsePolicy, reconcile, RULES, toFact } from '../../../nodes/lib/order';
import type { EditRequestData, ExceptionType, Observation, Policy, RuleContext } from '../../../nodes/lib/order';
import { addFacts, sortedFacts } from '../../../nodes/lib/order/facts';
import { at, obs } from './arbitraries';

function ctxFor(list: Observation[], now: string, policy: Policy = defaultPolicy()): RuleContext {
	const facts = sortedFacts(addFacts(new Map(), list.map(toFact)));
	const { fields, view, shipments } = derive('1001', facts);
	return { record: fields, view, shipments, policy, calendar: calendarFor(policy), nowMs: Date.parse(now) };
}

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
	holdReason: string | null = null,
	source: 'shipstation' | 'shipbob' = 'shipstation',
) =>
	obs(source, 'fulfillment', 'wh1', h, {
		status: status as 'processing',
		rawStatus: status,
		holdReason: holdReason as 'inventory' | null,
	});
const ship = (
	h: number,
	tn: string | null,
	source: 'shipstation' | 'shopify' | 'shipbob' = 'shipstation',
	carrier = 'UPS',
	id = `s-${source}-${tn}`,
) => obs(source, 'shipment', id, h, { shipmentId: id, trackingNumber: tn, carrier, shippedAt: at(h) });
const track = (
	h: number,
	tn: string,
	status: string,
	extra: Record<string, unknown> = {},
	source: 'ups' | 'usps' = 'ups',
) =>
	obs(source, 'tracking', tn, h, {
		trackingNumber: tn,
		carrier: source.toUpperCase(),
		status: status as 'in_transit',
		rawStatus: status,
		...extra,
	});
const fo = (h: number, status: string, holdReasons: string[] = [], requestStatus: string | null = null) =>
	obs('shopify', 'fulfillment_order', 'fo1', h, { id: 'fo1', status, holdReasons, requestStatus });
const note = (h: number, event: string, id: string, shipmentKey: string | null = null) =>
	obs('klaviyo', 'notification', id, h, { event, uniqueId: id, sentAt: at(h), shipmentKey });

/** The same observation, received by us at wall-clock hour h (a webhook or sweep that came late). */
const learnedAt = <T extends Observation>(o: T, h: number): T => ({ ...o, receivedAt: at(h) });

interface Row {
	name: string;
	list: Observation[];
	now: string;
	/** null: the rule must not fire. */
	openedAt: string | null;
	evidence?: Record<string, unknown>;
	severity?: string;
	policy?: Policy;
}

function runTable(type: ExceptionType, rows: Row[]) {
	describe(type, () => {
		test.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
			const finding = RULES[type](ctxFor(row.list, row.now, row.policy));
			if (row.openedAt === null) {
				expect(finding).toBeNull();
				return;
			}
			expect(finding).not.toBeNull();
			expect(finding!.type).toBe(type);
			expect(finding!.openedAt).toBe(row.openedAt);
			if (row.evidence) expect(finding!.evidence).toMatchObject(row.evidence);
			if (row.severity) expect(finding!.severity).toBe(row.severity);
		});
	});
}

runTable('not_sent_to_fulfillment', [
	{ name: 'paid, 3 business hours old: not yet', list: [order(0)], now: at(3), openedAt: null },
	{
		name: 'paid, 4 business hours old: fires at the threshold',
		list: [order(0)],
		now: at(4),
		openedAt: at(4),
		evidence: { placedAt: at(0), thresholdBusinessHours: 4 },
	},
	{
		name: 'placed Friday 16:00 EST: due Monday 12:00 EDT across DST',
		list: [order(0, { createdAt: '2026-03-06T21:00:00.000Z' })],
		now: '2026-03-09T16:00:00.000Z',
		openedAt: '2026-03-09T16:00:00.000Z',
	},
	{
		name: 'placed Friday 16:00 EST: Monday 11:59 EDT is not late',
		list: [order(0, { createdAt: '2026-03-06T21:00:00.000Z' })],
		now: '2026-03-09T15:59:00.000Z',
		openedAt: null,
	},
	{
		name: 'unpaid (PENDING) orders are not expected to ship',
		list: [order(0, { financialStatus: 'PENDING' })],
		now: at(40),
		openedAt: null,
	},
	{ name: 'cleared: a warehouse has it', list: [order(0), wh(30, 'received')], now: at(40), openedAt: null },
	{
		name: 'cleared: fulfillment request submitted',
		list: [order(0), fo(2, 'OPEN', [], 'SUBMITTED')],
		now: at(40),
		openedAt: null,
	},
	{ name: 'cleared: cancelled', list: [order(0), order(1, { cancelledAt: at(1) })], now: at(40), openedAt: null },
	{ name: 'on hold in Shopify on purpose', list: [order(0), fo(1, 'ON_HOLD', ['OTHER'])], now: at(40), openedAt: null },
]);

runTable('fulfillment_stuck', [
	{
		name: 'processing for 15 business hours: not yet',
		list: [order(0), wh(1, 'processing')],
		now: at(47),
		openedAt: null,
	},
	{
		name: 'processing for 16 business hours',
		list: [order(0), wh(1, 'processing')],
		now: at(49),
		openedAt: at(49),
		evidence: { warehouse: 'shipstation', status: 'processing' },
	},
	{
		name: 'the clock starts when the warehouse first had it',
		list: [order(0), wh(1, 'received'), wh(40, 'packed')],
		now: at(49),
		openedAt: at(49),
		evidence: { status: 'packed' },
	},
	{
		name: 'a manual-review hold is stuck too',
		list: [order(0), wh(1, 'on_hold', 'manual_review')],
		now: at(50),
		openedAt: at(49),
		evidence: { holdReason: 'manual_review' },
	},
	{
		name: 'an inventory hold is backordered, not stuck',
		list: [order(0), wh(1, 'on_hold', 'inventory')],
		now: at(50),
		openedAt: null,
	},
	{ name: 'cleared: shipped', list: [order(0), wh(1, 'processing'), wh(45, 'shipped')], now: at(80), openedAt: null },
]);

runTable('backordered', [
	{
		name: 'warehouse holds for inventory',
		list: [order(0), wh(5, 'on_hold', 'inventory')],
		now: at(6),
		openedAt: at(5),
		evidence: { source: 'shipstation' },
	},
	{
		name: 'since the start of the hold, not the latest poll',
		list: [order(0), wh(3, 'on_hold', 'inventory'), wh(5, 'on_hold', 'inventory')],
		now: at(6),
		openedAt: at(3),
	},
	{
		name: 'a new hold after a release starts a new case',
		list: [order(0), wh(3, 'on_hold', 'inventory'), wh(4, 'processing'), wh(5, 'on_hold', 'inventory')],
		now: at(6),
		openedAt: at(5),
	},
	{
		name: 'Shopify fulfillment order on hold, out of stock',
		list: [order(0), fo(2, 'ON_HOLD', ['INVENTORY_OUT_OF_STOCK'])],
		now: at(6),
		openedAt: at(2),
		evidence: { source: 'shopify' },
	},
	{
		name: 'cleared: hold released',
		list: [order(0), wh(3, 'on_hold', 'inventory'), wh(9, 'picked')],
		now: at(10),
		openedAt: null,
	},
]);

const check = (h: number, valid: boolean, id = 'ac1') =>
	obs('ups', 'address_check', id, h, { valid, messages: valid ? [] : ['street not found'] });
runTable('address_invalid', [
	{
		name: 'failed address check',
		list: [order(0), check(1, false)],
		now: at(2),
		openedAt: at(1),
		evidence: { messages: ['street not found'] },
	},
	{
		name: 'warehouse holds for the address',
		list: [order(0), wh(2, 'on_hold', 'address')],
		now: at(3),
		openedAt: at(2),
	},
	{
		name: 'Shopify hold INCORRECT_ADDRESS',
		list: [order(0), fo(2, 'ON_HOLD', ['INCORRECT_ADDRESS'])],
		now: at(3),
		openedAt: at(2),
	},
	{
		name: 'cleared: a newer check passes',
		list: [order(0), check(1, false), check(3, true, 'ac2')],
		now: at(4),
		openedAt: null,
	},
	{
		name: 'cleared: hold released',
		list: [order(0), wh(2, 'on_hold', 'address'), wh(4, 'processing')],
		now: at(5),
		openedAt: null,
	},
]);

runTable('status_mismatch', [
	{
		name: 'cancelled in Shopify, warehouse still processing, within grace',
		list: [order(0), wh(1, 'processing'), order(2, { cancelledAt: at(2) })],
		now: at(2.5),
		openedAt: null,
	},
	{
		name: 'cancelled in Shopify, warehouse still processing, past grace',
		list: [order(0), wh(1, 'processing'), order(2, { cancelledAt: at(2) })],
		now: at(3),
		openedAt: at(3),
		severity: 'high',
		evidence: { warehouse: { source: 'shipstation', status: 'processing' } },
	},
	{
		name: 'cancelled in Shopify but already packed: critical',
		list: [order(0), wh(1, 'packed'), order(2, { cancelledAt: at(2) })],
		now: at(5),
		openedAt: at(3),
		severity: 'critical',
	},
	{
		name: 'cleared: warehouse cancelled too',
		list: [order(0), wh(1, 'processing'), order(2, { cancelledAt: at(2) }), wh(3, 'cancelled')],
		now: at(5),
		openedAt: null,
	},
	{ name: 'cancelled at the warehouse only', list: [order(0), wh(4, 'cancelled')], now: at(6), openedAt: at(5) },
	{
		name: 'fulfilled in Shopify, warehouse has not shipped',
		list: [order(0), wh(1, 'processing'), order(3, { fulfillmentStatus: 'FULFILLED' })],
		now: at(5),
		openedAt: at(4),
		severity: 'medium',
	},
	{ name: 'agreeing systems', list: [order(0), wh(1, 'processing')], now: at(50), openedAt: null },
	{
		name: 'grace window from the policy',
		list: [order(0), wh(4, 'cancelled')],
		now: at(6),
		openedAt: null,
		policy: parsePolicy({ graceMinutes: { statusMismatch: 180 } }),
	},
]);

runTable('tracking_missing', [
	{
		name: 'warehouse shipped, Shopify has no tracking, within grace',
		list: [order(0), ship(5, '1Z1')],
		now: at(6.9),
		openedAt: null,
	},
	{
		name: 'warehouse shipped, Shopify has no tracking, past grace',
		list: [order(0), ship(5, '1Z1')],
		now: at(7),
		openedAt: at(7),
		evidence: { parcels: [{ trackingNumber: '1Z1', seenBy: ['shipstation'] }] },
	},
	{
		name: 'partial shipment: Shopify has one parcel, not the second',
		list: [order(0), ship(5, '1Z1'), ship(6, '1Z1', 'shopify'), ship(8, '1Z2')],
		now: at(20),
		openedAt: at(10),
		evidence: { parcels: [{ trackingNumber: '1Z2' }] },
	},
	{
		name: 'cleared: Shopify has it (spelled differently)',
		list: [order(0), ship(5, '1Z1'), ship(9, '1z 1', 'shopify')],
		now: at(20),
		openedAt: null,
	},
	{
		name: 'cleared: label voided',
		list: [
			order(0),
			ship(5, '1Z1'),
			obs('shipstation', 'shipment', 's-shipstation-1Z1', 6, {
				shipmentId: 's-shipstation-1Z1',
				trackingNumber: '1Z1',
				voided: true,
			}),
		],
		now: at(20),
		openedAt: null,
	},
	{ name: 'no Shopify order known: nothing to compare with', list: [ship(5, '1Z1')], now: at(20), openedAt: null },
]);

runTable('tracking_stalled', [
	{
		name: 'UPS: 24 business hours since the last scan',
		list: [order(0), ship(1, '1Z1'), track(5, '1Z1', 'in_transit', { lastEventAt: at(5) })],
		now: at(77),
		openedAt: at(77),
		evidence: { parcels: [{ trackingNumber: '1Z1', limitBusinessHours: 24 }] },
	},
	{
		name: 'UPS: just under the limit',
		list: [order(0), ship(1, '1Z1'), track(5, '1Z1', 'in_transit', { lastEventAt: at(5) })],
		now: at(76.9),
		openedAt: null,
	},
	{
		name: 'USPS has a longer limit (32)',
		list: [
			order(0),
			ship(1, '9400', 'shipstation', 'USPS'),
			track(5, '9400', 'in_transit', { lastEventAt: at(5) }, 'usps'),
		],
		now: at(77),
		openedAt: null,
	},
	{
		name: 'USPS past its limit',
		list: [
			order(0),
			ship(1, '9400', 'shipstation', 'USPS'),
			track(5, '9400', 'in_transit', { lastEventAt: at(5) }, 'usps'),
		],
		now: at(101),
		openedAt: at(101),
	},
	{
		name: 'label created, never scanned: counts from shipping',
		list: [order(0), ship(5, '1Z1', 'shopify')],
		now: at(80),
		openedAt: at(77),
	},
	{
		name: 'cleared: a new scan',
		list: [
			order(0),
			ship(1, '1Z1'),
			track(5, '1Z1', 'in_transit', { lastEventAt: at(5) }),
			track(70, '1Z1', 'in_transit', { lastEventAt: at(70) }),
		],
		now: at(78),
		openedAt: null,
	},
	{
		name: 'cleared: delivered',
		list: [order(0), ship(1, '1Z1'), track(50, '1Z1', 'delivered', { deliveredAt: at(50) })],
		now: at(200),
		openedAt: null,
	},
]);

runTable('delivery_late', [
	{
		name: 'promised by a date: late after midnight in the store zone',
		list: [order(0, { promisedDeliveryBy: '2026-03-05' }), ship(1, '1Z1')],
		now: '2026-03-06T05:00:00.000Z',
		openedAt: '2026-03-06T04:59:59.999Z',
		severity: 'high',
	},
	{
		name: 'promised date still today',
		list: [order(0, { promisedDeliveryBy: '2026-03-05' }), ship(1, '1Z1')],
		now: '2026-03-06T04:59:00.000Z',
		openedAt: null,
	},
	{
		name: 'no promise: the carrier estimate passed',
		list: [order(0), ship(1, '1Z1'), track(20, '1Z1', 'in_transit', { estimatedDelivery: at(50) })],
		now: at(51),
		openedAt: at(50),
		evidence: { parcels: [{ trackingNumber: '1Z1' }] },
	},
	{
		name: 'judged against the newest estimate (policy): cleared when the carrier moved the estimate',
		list: [
			order(0),
			ship(1, '1Z1'),
			track(20, '1Z1', 'in_transit', { estimatedDelivery: at(50) }),
			track(49, '1Z1', 'in_transit', { estimatedDelivery: at(80) }),
		],
		now: at(51),
		openedAt: null,
		policy: parsePolicy({ lateAgainst: 'newest_estimate' }),
	},
	{
		name: 'judged against the first promise (default): a later estimate does not excuse the first one',
		list: [
			order(0),
			ship(1, '1Z1'),
			track(20, '1Z1', 'in_transit', { estimatedDelivery: at(50) }),
			track(49, '1Z1', 'in_transit', { estimatedDelivery: at(80) }),
		],
		now: at(51),
		openedAt: at(50),
		evidence: { parcels: [{ trackingNumber: '1Z1', judgedAgainst: 'first_promise', promise: at(50) }] },
	},
	{
		name: 'cleared: delivered',
		list: [order(0, { promisedDeliveryBy: '2026-03-05' }), ship(1, '1Z1'), track(70, '1Z1', 'delivered')],
		now: at(100),
		openedAt: null,
	},
]);

runTable('delivery_failed', [
	{
		name: 'failed attempts: since the first one in a row',
		list: [
			order(0),
			ship(1, '1Z1'),
			track(30, '1Z1', 'failed_attempt', {
				events: [
					{ at: at(10), status: 'in_transit' },
					{ at: at(20), status: 'failed_attempt' },
					{ at: at(30), status: 'failed_attempt' },
				],
			}),
		],
		now: at(31),
		openedAt: at(20),
	},
	{
		name: 'carrier exception',
		list: [order(0), ship(1, '1Z1'), track(30, '1Z1', 'exception')],
		now: at(31),
		openedAt: at(30),
	},
	{
		name: 'cleared: out for delivery again',
		list: [order(0), ship(1, '1Z1'), track(30, '1Z1', 'failed_attempt'), track(40, '1Z1', 'out_for_delivery')],
		now: at(41),
		openedAt: null,
	},
]);

runTable('returned_to_sender', [
	{
		name: 'carrier returns the parcel',
		list: [order(0), ship(1, '1Z1'), track(30, '1Z1', 'returned_to_sender')],
		now: at(31),
		openedAt: at(30),
	},
	{
		name: 'cleared: a replacement shipped after',
		list: [order(0), ship(1, '1Z1'), track(30, '1Z1', 'returned_to_sender'), ship(35, '1Z2')],
		now: at(36),
		openedAt: null,
	},
	{
		name: 'cleared: refunded',
		list: [
			order(0),
			ship(1, '1Z1'),
			track(30, '1Z1', 'returned_to_sender'),
			order(32, { financialStatus: 'REFUNDED' }),
		],
		now: at(36),
		openedAt: null,
	},
]);

runTable('notification_late', [
	{
		name: 'shipped, no shipping email after 2 business hours',
		list: [order(0), ship(5, '1Z1', 'shopify')],
		now: at(7),
		openedAt: at(7),
		evidence: { missing: [{ milestone: 'shipped', expectedEvent: 'order_shipped' }] },
	},
	{ name: 'within the threshold', list: [order(0), ship(5, '1Z1', 'shopify')], now: at(6.5), openedAt: null },
	{
		name: 'cleared: sent (event name spelled differently)',
		list: [order(0), ship(5, '1Z1', 'shopify'), note(6, 'Order Shipped', 'n1')],
		now: at(30),
		openedAt: null,
	},
	{
		name: 'per parcel: a notification for another parcel does not count',
		list: [order(0), ship(5, '1Z1', 'shopify'), note(6, 'order_shipped', 'n1', '1Z9')],
		now: at(30),
		openedAt: at(7),
	},
	{
		name: 'delivered but never told',
		list: [
			order(0),
			ship(5, '1Z1', 'shopify'),
			note(6, 'order_shipped', 'n1'),
			track(27, '1Z1', 'delivered', { deliveredAt: at(27) }),
		],
		now: at(50),
		openedAt: at(29),
	},
	{
		name: 'first learned of the order long after it shipped (the day of install): the clock starts when we knew',
		list: [learnedAt(order(0), 30), learnedAt(ship(5, '1Z1', 'shopify'), 30)],
		now: at(31),
		openedAt: null,
	},
	{
		name: 'first learned late, and still not told two business hours later',
		list: [learnedAt(order(0), 30), learnedAt(ship(5, '1Z1', 'shopify'), 30)],
		now: at(50),
		openedAt: at(32),
	},
	{
		name: 'not checked when the policy lists no event',
		list: [order(0), ship(5, '1Z1', 'shopify')],
		now: at(30),
		openedAt: null,
		policy: parsePolicy({ notificationEvents: { shipped: [], delivered: [] } }),
	},
]);

const edit = (h: number, applied: boolean) =>
	obs('manual', 'edit_request', 'e1', h, { field: 'shipping_address' as const, requestedAt: at(h), applied });
runTable('edit_after_cutoff', [
	{ name: 'asked within the cutoff', list: [order(0), edit(0.5, false)], now: at(3), openedAt: null },
	{
		name: 'asked after the cutoff, not applied',
		list: [order(0), edit(2, false)],
		now: at(3),
		openedAt: at(2),
		evidence: { cutoff: at(1), edits: [{ field: 'shipping_address' }] },
	},
	{
		name: 'already at the warehouse: the cutoff is earlier',
		list: [order(0), wh(0.25, 'received'), edit(0.5, false)],
		now: at(3),
		openedAt: at(0.5),
	},
	{ name: 'cleared: applied after all', list: [order(0), edit(2, false), edit(4, true)], now: at(5), openedAt: null },
]);

/**
 * Issue 17: one customer observation per outcome of a self-service request, at the time of the outcome (h), for a
 * request asked at hour `asked` (0.5: within the one-hour cutoff of an order placed at 0).
 */
const request = (
	h: number,
	outcome: EditRequestData['outcome'],
	extra: Partial<EditRequestData> = {},
	id = 'req-1',
	asked = 0.5,
	source: 'customer' | 'slack' = 'customer',
) =>
	obs(source, 'edit_request', id, h, {
		field: 'shipping_address' as const,
		requestedAt: at(asked),
		applied: outcome === 'applied' || (outcome === 'approved' && extra.applied !== false),
		requestId: id,
		outcome,
		decidedAt: at(h),
		...extra,
	});
runTable('edit_after_cutoff', [
	{
		name: 'self-service: sent to approval within the cutoff opens a case, with the outcome and reason codes',
		list: [order(0), request(0.5, 'approval', { reasons: ['country_change', 'order_value_above_limit'] })],
		now: at(1),
		openedAt: at(0.5),
		evidence: {
			cutoff: at(1),
			edits: [
				{
					field: 'shipping_address',
					requestedAt: at(0.5),
					reason: null,
					source: 'customer',
					requestId: 'req-1',
					outcome: 'approval',
					reasons: ['country_change', 'order_value_above_limit'],
					held: false,
				},
			],
		},
	},
	{
		name: 'self-service: failed midway, the order held, opens a case saying so',
		list: [order(0), request(0.6, 'failed', { held: true, reasons: ['warehouse_not_started'] })],
		now: at(1),
		openedAt: at(0.5),
		evidence: { edits: [{ outcome: 'failed', held: true, reasons: ['warehouse_not_started'] }] },
	},
	{
		name: 'self-service: approval for a request asked long after the cutoff opens it at the asking time',
		list: [order(0), request(30, 'approval', {}, 'req-1', 29.9)],
		now: at(31),
		openedAt: at(29.9),
	},
	{
		name: 'self-service: approval without any order facts (no cutoff known) still opens',
		list: [request(0.5, 'approval')],
		now: at(1),
		openedAt: at(0.5),
		evidence: { cutoff: null, edits: [{ outcome: 'approval' }] },
	},
	{
		name: 'self-service: a person approved it later: cleared',
		list: [order(0), request(0.5, 'approval'), request(3, 'approved', { decidedBy: 'U024BE7LH' })],
		now: at(4),
		openedAt: null,
	},
	{
		name: 'self-service: approved but not yet applied: no person is needed any more',
		list: [order(0), request(0.5, 'approval'), request(3, 'approved', { applied: false, decidedBy: 'U024BE7LH' })],
		now: at(4),
		openedAt: null,
	},
	{
		name: 'self-service: a person rejected it later: cleared',
		list: [order(0), request(0.5, 'approval'), request(3, 'rejected', { decidedBy: 'U024BE7LH' })],
		now: at(4),
		openedAt: null,
	},
	{
		name: 'self-service: applied later (after the hold was released): cleared',
		list: [order(0), request(0.5, 'failed', { held: true }), request(5, 'applied', { decidedBy: 'U024BE7LH' })],
		now: at(6),
		openedAt: null,
	},
	{
		name: 'self-service: a later fact without an outcome but applied: cleared',
		list: [order(0), request(0.5, 'approval'), request(5, undefined, { applied: true })],
		now: at(6),
		openedAt: null,
	},
	{
		name: "self-service: the person's decision recorded by another source, same request id: cleared",
		list: [order(0), request(0.5, 'approval'), request(3, 'approved', {}, 'req-1', 0.5, 'slack')],
		now: at(4),
		openedAt: null,
	},
	{
		name: 'self-service: an approval that is OLDER than the request being approved (replayed late) does not clear',
		list: [order(0), request(3, 'approval'), request(2, 'approved')],
		now: at(4),
		openedAt: at(0.5),
	},
	{
		name: 'self-service: applied automatically: no case',
		list: [order(0), request(0.5, 'applied', { decidedBy: 'self_service', beforeShipping: true })],
		now: at(1),
		openedAt: null,
	},
	{
		name: 'self-service: refused within the cutoff: never a case',
		list: [order(0), request(0.5, 'refused', { reasons: ['address_invalid'] })],
		now: at(1),
		openedAt: null,
	},
	{
		name: 'self-service: refused after the cutoff (not applied): still never a case',
		list: [order(0), request(5, 'refused', { reasons: ['shipped'] }, 'req-1', 5)],
		now: at(6),
		openedAt: null,
	},
	{
		name: 'self-service: two requests, one decided, one waiting: the waiting one alone is the evidence',
		list: [
			order(0),
			request(0.4, 'approval', {}, 'req-1', 0.3),
			request(2, 'rejected', {}, 'req-1', 0.3),
			request(0.9, 'approval', { reasons: ['too_many_changes'] }, 'req-2', 0.8),
		],
		now: at(3),
		openedAt: at(0.8),
		evidence: { edits: [{ requestId: 'req-2', reasons: ['too_many_changes'] }] },
	},
	{
		name: 'self-service: waiting for approval, but the order was cancelled meanwhile: no case',
		list: [order(0), request(0.5, 'approval'), order(2, { cancelledAt: at(2) })],
		now: at(3),
		openedAt: null,
	},
]);

describe('cases through reconcile', () => {
	test('each fact remembers when we first and last heard it, whatever order the copies arrive in', () => {
		const early = learnedAt(wh(1, 'processing'), 2);
		const late = learnedAt(wh(1, 'processing'), 9);
		for (const list of [
			[order(0), early, late],
			[late, order(0), early],
		]) {
			const fact = reconcile(null, list, parsePolicy({}), at(10)).record.facts!.find(
				(f) => f.source === 'shipstation',
			)!;
			expect([fact.firstReceivedAt, fact.lastReceivedAt]).toEqual([at(2), at(9)]);
		}
	});

	test('the record says which parcel each notification was about, so a workflow can see what is still untold', () => {
		const result = reconcile(
			null,
			[order(0), ship(5, '1Z1', 'shopify'), note(6, 'order_shipped', 'n1', '1Z1'), note(7, 'order_update', 'n2')],
			parsePolicy({}),
			at(8),
		);
		expect(result.record.notifications.map((n) => [n.uniqueId, n.event, n.shipmentKey])).toEqual([
			['n1', 'order_shipped', '1Z1'],
			['n2', 'order_update', null],
		]);
	});

	test('the same evidence always gives the same case id, and the policy can raise severity', () => {
		// Without the confirming re-read (confirmBeforeOpening is tested on its own, and through the processor
		// template in test/integration/pipeline/templates.test.ts).
		const policy = parsePolicy({ severity: { not_sent_to_fulfillment: 'critical' }, confirmBeforeOpening: false });
		const a = reconcile(null, [order(0)], policy, at(10));
		const b = reconcile(null, [order(0)], policy, at(30));
		expect(a.opened[0].id).toBe('1001:not_sent_to_fulfillment:2026-03-02T18:00:00.000Z');
		expect(b.opened[0].id).toBe(a.opened[0].id);
		expect(a.opened[0].severity).toBe('critical');
		// Re-running on the stored record keeps the case: nothing opened twice.
		const again = reconcile(a.record, [order(0)], policy, at(30));
		expect(again.opened).toEqual([]);
		expect(again.record.exceptions).toHaveLength(1);
	});

	test('a person resolving a case is respected while the same evidence persists', () => {
		const noReRead = parsePolicy({ confirmBeforeOpening: false });
		const first = reconcile(null, [order(0)], noReRead, at(10));
		expect(first.record.openExceptionTypes).toEqual(['not_sent_to_fulfillment']);
		const closedByPerson = {
			...first.record,
			exceptions: first.record.exceptions.map((c) => ({
				...c,
				resolvedAt: at(11),
				resolution: 'called the warehouse',
			})),
		};
		const again = reconcile(closedByPerson, [], noReRead, at(12));
		expect(again.opened).toEqual([]);
		expect(again.record.openExceptionTypes).toEqual([]);
	});

	describe('a case the rules cleared comes back when its rule fires again with the same start', () => {
		// What an earlier batch left: the case cleared (that batch's evidence did not fire the rule: #1008's
		// parcel from the other location arrived before the fulfillment orders, see orderIndependence).
		const noReRead = parsePolicy({ confirmBeforeOpening: false });
		const first = reconcile(null, [order(0)], noReRead, at(10));
		const base = first.record.exceptions[0];
		const resolvedAs = (resolution: string, hour: number) => ({
			...first.record,
			exceptions: first.record.exceptions.map((c) => ({ ...c, resolvedAt: at(hour), resolution })),
		});

		test('under an id of its own, the cleared case kept as it was', () => {
			const again = reconcile(resolvedAs('cleared', 11), [], noReRead, at(12));
			expect(again.opened.map((c) => c.id)).toEqual([`${base.id}:reopened:${at(12)}`]);
			expect(again.opened[0]).toMatchObject({ type: 'not_sent_to_fulfillment', openedAt: base.openedAt });
			expect(again.record.openExceptionTypes).toEqual(['not_sent_to_fulfillment']);
			expect(again.record.exceptions.find((c) => c.id === base.id)).toMatchObject({
				resolvedAt: at(11),
				resolution: 'cleared',
			});
			// Once: the next run keeps the reopened case.
			const later = reconcile(again.record, [], noReRead, at(14));
			expect(later.opened).toEqual([]);
			expect(later.record.exceptions.filter((c) => !c.resolvedAt).map((c) => c.id)).toEqual([again.opened[0].id]);
		});

		test('cleared and reopened twice at one instant: each time a new id', () => {
			const one = reconcile(resolvedAs('cleared', 12), [], noReRead, at(12)).record;
			const clearedAgain = {
				...one,
				exceptions: one.exceptions.map((c) => (c.resolvedAt ? c : { ...c, resolvedAt: at(12), resolution: 'cleared' })),
			};
			const two = reconcile(clearedAgain, [], noReRead, at(12));
			expect(two.opened.map((c) => c.id)).toEqual([`${base.id}:reopened:${at(12)}:2`]);
		});

		test('not when a person closed it, nor when a person closed the reopened one', () => {
			expect(reconcile(resolvedAs('refunded, customer informed', 11), [], noReRead, at(12)).opened).toEqual([]);
			const reopened = reconcile(resolvedAs('cleared', 11), [], noReRead, at(12)).record;
			const personClosed = {
				...reopened,
				exceptions: reopened.exceptions.map((c) =>
					c.resolvedAt ? c : { ...c, resolvedAt: at(13), resolution: 'called the warehouse' },
				),
			};
			const after = reconcile(personClosed, [], noReRead, at(14));
			expect(after.opened).toEqual([]);
			expect(after.record.openExceptionTypes).toEqual([]);
		});
	});
});
