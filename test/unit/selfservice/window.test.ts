import type { FulfillmentStatus, Stage } from '../../../nodes/lib/order';
import {
	CLOSED_REASONS,
	defaultSelfServiceRules,
	editWindow,
	OPEN_REASONS,
	type EditWindow,
	type LiveStatus,
	type SelfServiceRules,
	type WindowReason,
} from '../../../nodes/lib/selfservice';
import { after, PLACED, record, shipment } from './records';

const both = defaultSelfServiceRules(); // until picking, 60 minutes, live max age 5 minutes
const pickingOnly: SelfServiceRules = { ...both, windowMinutes: null };
const minutesOnly: SelfServiceRules = { ...both, windowUntilPicking: false };

const live = (status: LiveStatus['status'], at: string): LiveStatus => ({ status, observedAt: at });
const CLOSES = after(60);

describe('editWindow: the warehouse rule', () => {
	it.each<[LiveStatus['status'], boolean, WindowReason]>([
		['not_found', true, 'warehouse_not_started'],
		['received', true, 'warehouse_not_started'],
		['processing', false, 'warehouse_picking'],
		['picked', false, 'warehouse_picking'],
		['packed', false, 'warehouse_picking'],
		['shipped', false, 'shipped'],
		['partially_shipped', false, 'shipped'],
		['on_hold', false, 'on_hold'],
		['cancelled', false, 'warehouse_cancelled'],
		['exception', false, 'warehouse_exception'],
		['unknown', false, 'warehouse_unknown'],
	])('warehouse says %s: open %p, %s', (status, open, reason) => {
		expect(editWindow(record(), pickingOnly, live(status, after(10)), after(10))).toEqual<EditWindow>({
			open,
			closesAt: null,
			reason,
			observedAt: after(10),
		});
	});

	it('stays closed when the warehouse could not be asked (never guesses open)', () => {
		expect(editWindow(record(), pickingOnly, null, after(10))).toEqual<EditWindow>({
			open: false,
			closesAt: null,
			reason: 'warehouse_unknown',
			observedAt: null,
		});
		expect(editWindow(record(), both, null, after(10)).reason).toBe('warehouse_unknown');
		expect(editWindow(record(), minutesOnly, null, after(10)).reason).toBe('warehouse_unknown');
	});

	it('counts a read older than liveMaxAgeMinutes as unknown, and one exactly that old as fresh', () => {
		const now = after(30);
		expect(editWindow(record(), pickingOnly, live('received', after(25)), now)).toMatchObject({
			open: true,
			observedAt: after(25),
		});
		expect(editWindow(record(), pickingOnly, live('received', after(25 - 1 / 60)), now)).toMatchObject({
			open: false,
			reason: 'warehouse_unknown',
			observedAt: null,
		});
		const patient = { ...pickingOnly, liveMaxAgeMinutes: 10 };
		expect(editWindow(record(), patient, live('received', after(21)), now).open).toBe(true);
		expect(editWindow(record(), patient, live('received', after(19)), now).reason).toBe('warehouse_unknown');
	});

	it('counts a read that is not a time as unknown', () => {
		expect(editWindow(record(), pickingOnly, live('received', 'yesterday'), after(10)).reason).toBe(
			'warehouse_unknown',
		);
	});

	it('closes on picking observed one second before or one second after now; opens on received either side', () => {
		const now = after(20);
		for (const at of [after(20 - 1 / 60), after(20 + 1 / 60)]) {
			expect(editWindow(record(), both, live('picked', at), now)).toMatchObject({
				open: false,
				reason: 'warehouse_picking',
			});
			expect(editWindow(record(), both, live('received', at), now)).toMatchObject({
				open: true,
				reason: 'within_minutes',
			});
		}
	});

	it('takes the record’s warehouse status when it is newer than the live read', () => {
		const newer = record({
			sourceStatus: {
				fulfillment: { source: 'shipstation', status: 'picked', rawStatus: 'picked', observedAt: after(11) },
			},
		});
		expect(editWindow(newer, pickingOnly, live('received', after(10)), after(12))).toMatchObject({
			open: false,
			reason: 'warehouse_picking',
			observedAt: after(11),
		});
		const older = record({
			sourceStatus: {
				fulfillment: { source: 'shipstation', status: 'picked', rawStatus: 'picked', observedAt: after(9) },
			},
		});
		expect(editWindow(older, pickingOnly, live('received', after(10)), after(12))).toMatchObject({
			open: true,
			observedAt: after(10),
		});
	});

	it('without the warehouse rule, picking leaves the window open but a hold or a shipment still closes it', () => {
		expect(editWindow(record(), minutesOnly, live('packed', after(10)), after(10))).toMatchObject({
			open: true,
			reason: 'within_minutes',
			closesAt: CLOSES,
		});
		expect(editWindow(record(), minutesOnly, live('on_hold', after(10)), after(10)).reason).toBe('on_hold');
		expect(editWindow(record(), minutesOnly, live('shipped', after(10)), after(10)).reason).toBe('shipped');
	});
});

describe('editWindow: the time rule', () => {
	it('is open before N minutes, closed at exactly N minutes and after', () => {
		const fresh = (m: number) => live('received', after(m));
		expect(editWindow(record(), minutesOnly, fresh(0), after(0))).toEqual<EditWindow>({
			open: true,
			closesAt: CLOSES,
			reason: 'within_minutes',
			observedAt: after(0),
		});
		expect(editWindow(record(), minutesOnly, fresh(60), after(60 - 1 / 60))).toMatchObject({ open: true });
		expect(editWindow(record(), minutesOnly, fresh(60), after(60))).toEqual<EditWindow>({
			open: false,
			closesAt: CLOSES,
			reason: 'minutes_passed',
			observedAt: after(60),
		});
		expect(editWindow(record(), minutesOnly, fresh(600), after(600)).reason).toBe('minutes_passed');
	});

	it('reads placedAt in any ISO form and now as a Date or epoch ms', () => {
		const r = record({ dates: { placedAt: '2026-03-02T09:00:00-05:00' } });
		expect(editWindow(r, both, live('received', after(5)), new Date(after(5)))).toMatchObject({
			open: true,
			closesAt: CLOSES,
		});
		expect(editWindow(r, both, live('received', after(5)), Date.parse(CLOSES)).reason).toBe('minutes_passed');
	});

	it('is closed without an order time (the time rule cannot be placed), open by the warehouse rule alone', () => {
		const r = record({ dates: {} });
		expect(editWindow(r, both, live('received', after(5)), after(5))).toEqual<EditWindow>({
			open: false,
			closesAt: null,
			reason: 'order_time_unknown',
			observedAt: after(5),
		});
		expect(editWindow(r, pickingOnly, live('received', after(5)), after(5)).open).toBe(true);
	});

	it('throws when now is not a time', () => {
		expect(() => editWindow(record(), both, null, 'soon')).toThrow(/now is not a time/);
	});
});

describe('editWindow: both rules, the earlier closes it', () => {
	it.each<[string, LiveStatus['status'], number, boolean, WindowReason]>([
		['neither has closed it', 'received', 30, true, 'within_minutes'],
		['picking started first', 'picked', 30, false, 'warehouse_picking'],
		['the minutes passed first', 'received', 61, false, 'minutes_passed'],
		['both closed it (the warehouse is named)', 'packed', 61, false, 'warehouse_picking'],
	])('%s', (_, status, minutes, open, reason) => {
		expect(editWindow(record(), both, live(status, after(minutes)), after(minutes))).toEqual<EditWindow>({
			open,
			closesAt: CLOSES,
			reason,
			observedAt: after(minutes),
		});
	});
});

describe('editWindow: what the record knows also closes it', () => {
	const fresh = live('received', after(5));
	const now = after(5);

	it.each<[Stage, WindowReason]>([
		['placed', 'within_minutes'],
		['on_hold', 'within_minutes'], // the stage may be older than the live read: holds are read from their sources
		['awaiting_fulfillment', 'within_minutes'],
		['backordered', 'within_minutes'],
		['in_fulfillment', 'within_minutes'],
		['partially_shipped', 'shipped'],
		['shipped', 'shipped'],
		['in_transit', 'shipped'],
		['out_for_delivery', 'shipped'],
		['partially_delivered', 'delivered'],
		['delivered', 'delivered'],
		['return_requested', 'returned'],
		['returned', 'returned'],
		['cancelled', 'cancelled'],
	])('stage %s: %s', (stage, reason) => {
		expect(editWindow(record({ stage }), both, fresh, now).reason).toBe(reason);
	});

	it('closes on a cancellation date whatever the stage', () => {
		expect(editWindow(record({ dates: { placedAt: PLACED, cancelledAt: after(2) } }), both, fresh, now).reason).toBe(
			'cancelled',
		);
	});

	it('closes on any parcel: shipped for an outbound one, picking for a voided label, returned for a return', () => {
		expect(editWindow(record({ shipments: [shipment()] }), both, fresh, now).reason).toBe('shipped');
		expect(editWindow(record({ shipments: [shipment({ voided: true })] }), both, fresh, now).reason).toBe(
			'warehouse_picking',
		);
		expect(
			editWindow(record({ shipments: [shipment({ direction: 'return', returnId: 'r1' })] }), both, fresh, now).reason,
		).toBe('returned');
		const voidedThenShipped = [shipment({ voided: true }), shipment({ key: '1Z2', trackingNumber: '1Z2' })];
		expect(editWindow(record({ shipments: voidedThenShipped }), both, fresh, now).reason).toBe('shipped');
	});

	const shopify = (fulfillmentStatus: string, foStatuses: string[]) =>
		record({
			sourceStatus: {
				shopify: {
					fulfillmentStatus,
					fulfillmentOrders: foStatuses.map((status, i) => ({ id: `fo${i}`, status })),
					observedAt: PLACED,
				},
			},
		});

	it.each<[string, string[], boolean, WindowReason]>([
		['UNFULFILLED', ['OPEN'], true, 'within_minutes'],
		['UNFULFILLED', ['SCHEDULED'], true, 'within_minutes'],
		['UNFULFILLED', ['IN_PROGRESS'], true, 'within_minutes'],
		['UNFULFILLED', [], true, 'within_minutes'],
		['FULFILLED', ['CLOSED'], false, 'shipped'],
		['PARTIALLY_FULFILLED', ['IN_PROGRESS'], false, 'shipped'],
		['ON_HOLD', ['ON_HOLD'], false, 'on_hold'],
		['UNFULFILLED', ['OPEN', 'ON_HOLD'], false, 'on_hold'],
		['UNFULFILLED', ['CLOSED', 'OPEN'], false, 'shopify_fulfillment_closed'],
		['UNFULFILLED', ['CANCELLED'], false, 'shopify_fulfillment_closed'],
		['UNFULFILLED', ['INCOMPLETE'], false, 'shopify_fulfillment_closed'],
		['UNFULFILLED', ['SOMETHING_NEW'], false, 'shopify_fulfillment_closed'],
		['RESTOCKED', ['OPEN'], false, 'shopify_fulfillment_closed'],
	])('Shopify %s with fulfillment orders %j: open %p, %s', (status, fos, open, reason) => {
		expect(editWindow(shopify(status, fos), both, fresh, now)).toMatchObject({ open, reason });
	});

	it('gives the most final reason when several apply', () => {
		const r = record({
			stage: 'cancelled',
			shipments: [shipment()],
			sourceStatus: { shopify: { fulfillmentOrders: [{ id: 'fo1', status: 'ON_HOLD' }], observedAt: PLACED } },
		});
		expect(editWindow(r, both, live('picked', after(70)), after(70)).reason).toBe('cancelled');
		expect(editWindow(record({ stage: 'shipped' }), both, live('on_hold', after(70)), after(70)).reason).toBe(
			'shipped',
		);
		expect(editWindow(record(), both, live('on_hold', after(70)), after(70)).reason).toBe('on_hold');
		expect(editWindow(record(), both, null, after(70)).reason).toBe('minutes_passed');
	});
});

describe('reason codes', () => {
	it('lists the closed reasons most final first (the first that applies is the one given)', () => {
		expect([...OPEN_REASONS]).toEqual(['within_minutes', 'warehouse_not_started']);
		expect([...CLOSED_REASONS]).toEqual([
			'cancelled',
			'returned',
			'delivered',
			'shipped',
			'warehouse_cancelled',
			'on_hold',
			'warehouse_exception',
			'shopify_fulfillment_closed',
			'warehouse_picking',
			'minutes_passed',
			'warehouse_unknown',
			'order_time_unknown',
		]);
	});

	it('a status the model adds later closes the window as unknown', () => {
		const future = 'ready_to_ship' as FulfillmentStatus;
		expect(editWindow(record(), both, live(future, after(5)), after(5)).reason).toBe('warehouse_unknown');
	});
});
