/** What happens after Order State decided: each rule of planFollowUps on a small case. */
import { planFollowUps, type FollowUp } from '../../../nodes/lib/pipeline';
import { exceptionCase, NOW, parcel, record } from './fixtures';

const events = [
	{ id: 'e1', leaseToken: 't1' },
	{ id: 'e2', leaseToken: 't2' },
];
const on = { sendKlaviyoEvents: true };
/** The customer heard their parcel shipped: keeps "shipped" out of the delay tests' plans. */
const shippedNote = (shipmentKey: string) => ({
	event: 'order_shipped',
	uniqueId: `s-${shipmentKey}`,
	sentAt: NOW,
	shipmentKey,
});
const notices = (out: FollowUp[]) =>
	out.filter((f) => f.action === 'notify').map((f) => (f.action === 'notify' ? [f.event, f.shipment] : []));

describe('planFollowUps', () => {
	it('open new cases, clear cleared ones, then mark every event done with the stage reached', () => {
		const late = exceptionCase('fulfillment_stuck');
		const gone = exceptionCase('tracking_missing');
		const out = planFollowUps(
			{ record: record({ stage: 'in_fulfillment' }), opened: [late], resolved: [gone] },
			events,
			on,
		);
		expect(out).toEqual([
			{ action: 'open', case: late },
			{ action: 'clear', case: gone },
			{ action: 'done', eventId: 'e1', leaseToken: 't1', orderKey: '1001', stage: 'in_fulfillment' },
			{ action: 'done', eventId: 'e2', leaseToken: 't2', orderKey: '1001', stage: 'in_fulfillment' },
		]);
	});

	it('tells each parcel shipped and delivered once, before the events are marked done', () => {
		const stored = record({
			shipments: [parcel('1ZA', { shippedAt: NOW, deliveredAt: NOW }), parcel('1ZB', { shippedAt: NOW })],
		});
		const out = planFollowUps({ record: stored, opened: [], resolved: [] }, events, on);
		expect(notices(out)).toEqual([
			['order_shipped', '1ZA'],
			['order_delivered', '1ZA'],
			['order_shipped', '1ZB'],
		]);
		expect(out.slice(-2).map((f) => f.action)).toEqual(['done', 'done']);
		expect(out[0]).toMatchObject({ action: 'notify', record: stored });
	});

	it('not again once the record says it was sent: for that parcel (by key or number) or for the whole order', () => {
		const shipped = (key: string, trackingNumber = key) => parcel(key, { trackingNumber, shippedAt: NOW });
		const sent = (shipmentKey: string | null) => ({ event: 'order_shipped', uniqueId: 'u', sentAt: NOW, shipmentKey });
		const byKey = record({ shipments: [shipped('1ZA'), shipped('1ZB')], notifications: [sent('1ZA')] });
		const byNumber = record({ shipments: [shipped('ss:1', '1ZC')], notifications: [sent('1ZC')] });
		const wholeOrder = record({ shipments: [shipped('1ZA'), shipped('1ZB')], notifications: [sent(null)] });
		const other = record({
			shipments: [shipped('1ZA')],
			notifications: [{ event: 'order_delivered', uniqueId: 'u', sentAt: NOW, shipmentKey: '1ZA' }],
		});
		const plan = (r: ReturnType<typeof record>) =>
			notices(planFollowUps({ record: r, opened: [], resolved: [] }, [], on));
		expect(plan(byKey)).toEqual([['order_shipped', '1ZB']]);
		expect(plan(byNumber)).toEqual([]);
		expect(plan(wholeOrder)).toEqual([]);
		expect(plan(other)).toEqual([['order_shipped', '1ZA']]);
	});

	it('a voided label never travelled: no message about it', () => {
		const stored = record({ shipments: [parcel('1ZA', { shippedAt: NOW, voided: true })] });
		expect(notices(planFollowUps({ record: stored, opened: [], resolved: [] }, [], on))).toEqual([]);
	});

	it('a return parcel is going back to the merchant: no "shipped" or "delivered" (the Code node sent both)', () => {
		const stored = record({
			shipments: [parcel('1ZR', { shippedAt: NOW, deliveredAt: NOW, direction: 'return', returnId: 'r1' })],
		});
		expect(notices(planFollowUps({ record: stored, opened: [], resolved: [] }, [], on))).toEqual([]);
	});

	it('delays and delivery problems are told while their case is open, once per kind, about the whole order', () => {
		const opened = ['delivery_late', 'tracking_stalled', 'delivery_failed', 'returned_to_sender', 'backordered'].map(
			(t) => exceptionCase(t as never),
		);
		// Reconcile's record lists the cases it opened. The message is about the newest parcel and Klaviyo's unique_id
		// is per order, event and parcel, so a second "delayed" for the same order would be the same event.
		const told = { shipments: [parcel('1ZA', { shippedAt: NOW })], notifications: [shippedNote('1ZA')] };
		const stored = record({ ...told, exceptions: opened });
		expect(notices(planFollowUps({ record: stored, opened, resolved: [] }, [], on))).toEqual([
			['shipment_delayed', ''],
			['delivery_exception', ''],
		]);
		// No parcel yet: Klaviyo's events are about a parcel, so there is nothing to send.
		expect(notices(planFollowUps({ record: record({ exceptions: opened }), opened, resolved: [] }, [], on))).toEqual(
			[],
		);
	});

	it('told from the record, not from this run: a retry of a run that stopped before telling still tells', () => {
		const late = exceptionCase('delivery_late');
		const parcels = [parcel('1ZA', { shippedAt: '2026-03-01T10:00:00.000Z' }), parcel('1ZB', { shippedAt: NOW })];
		const note = (shipmentKey: string) => ({ event: 'shipment_delayed', uniqueId: 'u', sentAt: NOW, shipmentKey });
		const plan = (fields: Parameters<typeof record>[0]) =>
			notices(
				planFollowUps(
					{
						record: record({ shipments: parcels, notifications: [shippedNote('1ZA'), shippedNote('1ZB')], ...fields }),
						opened: [],
						resolved: [],
					},
					[],
					on,
				),
			);
		expect(plan({ exceptions: [late] })).toEqual([['shipment_delayed', '']]);
		// Told about the newest parcel (1ZB, what the message is about) already: Klaviyo would drop a second one, and
		// the record would never show it, so it is not planned again on every run.
		expect(plan({ exceptions: [late], notifications: [shippedNote('1ZA'), shippedNote('1ZB'), note('1ZB')] })).toEqual(
			[],
		);
		// Told about the older parcel only: the newest one's delay is news.
		expect(plan({ exceptions: [late], notifications: [shippedNote('1ZA'), shippedNote('1ZB'), note('1ZA')] })).toEqual([
			['shipment_delayed', ''],
		]);
		// Resolved: nothing to tell any more.
		expect(plan({ exceptions: [{ ...late, resolvedAt: NOW, resolution: 'cleared' }] })).toEqual([]);
	});

	it('posts the cases the ledger has no Slack message for (a run that stopped after saving), each once', () => {
		const stalled = exceptionCase('tracking_stalled');
		const missing = exceptionCase('tracking_missing');
		const cleared = exceptionCase('fulfillment_stuck');
		// Resolved by the run that stopped: Clear Case (Update Exception posts it, showing it resolved).
		const resolvedBefore = { ...exceptionCase('status_mismatch'), resolvedAt: NOW, resolution: 'cleared' };
		const out = planFollowUps(
			{
				record: record(),
				opened: [stalled],
				resolved: [cleared],
				unposted: [stalled, missing, cleared, resolvedBefore],
			},
			events,
			on,
		);
		expect(out.filter((f) => f.action === 'open' || f.action === 'clear')).toEqual([
			{ action: 'open', case: stalled },
			{ action: 'open', case: missing },
			{ action: 'clear', case: cleared },
			{ action: 'clear', case: resolvedBefore },
		]);
	});

	it('no customer message when Klaviyo events are off, or the order was cancelled', () => {
		const stored = record({ shipments: [parcel('1ZA', { shippedAt: NOW })] });
		const opened = [exceptionCase('delivery_late')];
		const cancelled = { ...stored, stage: 'cancelled' as const };
		expect(notices(planFollowUps({ record: stored, opened, resolved: [] }, [], { sendKlaviyoEvents: false }))).toEqual(
			[],
		);
		expect(notices(planFollowUps({ record: cancelled, opened, resolved: [] }, [], on))).toEqual([]);
	});
});
