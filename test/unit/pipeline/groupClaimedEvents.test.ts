/** Claimed events -> one work item per order: each rule of groupClaimedEvents and problemOf on a small case. */
import { groupClaimedEvents, problemOf } from '../../../nodes/lib/pipeline';
import { claimed, observation } from './fixtures';

const placed = observation('shopify', 'order', { name: '#1001' });

describe('groupClaimedEvents', () => {
	it('puts every event of one order in one item, so the order is looked up once', () => {
		const items = groupClaimedEvents([
			claimed('a', { orderKey: '1001', payload: { observations: [placed] } }),
			claimed('b', { orderKey: '1002' }),
			claimed('c', { orderKey: '1001', topic: 'orders/paid' }),
		]);
		expect(items.map((i) => i.orderKey)).toEqual(['1001', '1002']);
		expect(items[0].events).toEqual([
			{ id: 'id-a', key: 'a', leaseToken: 'lease-a', source: 'shopify', topic: 'orders/updated' },
			{ id: 'id-c', key: 'c', leaseToken: 'lease-c', source: 'shopify', topic: 'orders/paid' },
		]);
		expect(items[0].observations).toEqual([placed]);
		expect(items[0].problems).toEqual([]);
	});

	it("names the order from the event, else the payload, else the first observation's order", () => {
		const [fromPayload, fromObservation] = groupClaimedEvents([
			claimed('a', { payload: { orderKey: 1003 } }),
			claimed('b', { payload: { observation: { ...placed, orderKey: '1004' } } }),
		]);
		expect(fromPayload.orderKey).toBe('1003');
		expect(fromObservation.orderKey).toBe('1004');
		expect(fromObservation.observations).toHaveLength(1);
	});

	it('keeps an event that names no order on its own, with why, so it fails (and is retried) alone', () => {
		const items = groupClaimedEvents([claimed('a'), claimed('b'), claimed('c', { orderKey: '1001' })]);
		expect(items.map((i) => [i.orderKey, i.events.map((e) => e.key), i.problems])).toEqual([
			['', ['a'], ['Event a names no order']],
			['', ['b'], ['Event b names no order']],
			['1001', ['c'], []],
		]);
	});

	it("an order literally named like the Code node's no-order key is not merged with that event", () => {
		// The Code node keyed both as 'no-order:<id>'; ours keys orders and orderless events apart.
		const items = groupClaimedEvents([claimed('a', { id: '7' }), claimed('b', { orderKey: 'no-order:7' })]);
		expect(items.map((i) => i.orderKey)).toEqual(['', 'no-order:7']);
	});

	it("says why a carrier push matched no order: the payload's normaliseError, else the ledger's parcel match", () => {
		const unmatched = {
			matched: false as const,
			orderKey: null,
			trackingNumbers: ['1Z9'],
			reason: 'unknown' as const,
			candidates: [],
			message: 'Tracking number 1Z9 matched no order',
		};
		const items = groupClaimedEvents([
			claimed('presented', { payload: { normaliseError: 'as Claim Batch put it' }, parcel: unmatched }),
			claimed('raw', { payload: { observations: [] }, parcel: unmatched }),
			// Claim Batch cannot annotate a payload that is not an object; the reason still reaches the error.
			claimed('bare', { payload: null, parcel: unmatched }),
		]);
		expect(items.map((i) => i.problems[0])).toEqual([
			'Event presented names no order: as Claim Batch put it',
			'Event raw names no order: Tracking number 1Z9 matched no order',
			'Event bare names no order: Tracking number 1Z9 matched no order',
		]);
	});

	describe('hints: what the events already tell', () => {
		it('a sweep event from a warehouse brings its view: the warehouse is not asked again', () => {
			const [swept, shopifySweep, warehouseWebhook] = groupClaimedEvents([
				claimed('a', { orderKey: '1', source: 'shipstation', topic: 'sweep' }),
				claimed('b', { orderKey: '2', source: 'shopify', topic: 'sweep' }),
				claimed('c', { orderKey: '3', source: '3pl', topic: 'shipment' }),
			]);
			expect(swept.hints.warehouseInHand).toBe(true);
			expect(shopifySweep.hints.warehouseInHand).toBe(false);
			expect(warehouseWebhook.hints.warehouseInHand).toBe(false);
		});

		it('a Shopify webhook with facts brings the whole order; the lighter sweep snapshot or no facts do not', () => {
			const [webhook, sweep, empty] = groupClaimedEvents([
				claimed('a', { orderKey: '1', payload: { observations: [placed] } }),
				claimed('b', { orderKey: '2', topic: 'sweep', payload: { observations: [placed] } }),
				claimed('c', { orderKey: '3', payload: { observations: [] } }),
			]);
			expect([webhook, sweep, empty].map((i) => i.hints.shopifyInHand)).toEqual([true, false, false]);
		});

		it('only our own Klaviyo notes: nobody needs asking; one vendor event among them changes that', () => {
			const note = (key: string, orderKey: string) =>
				claimed(key, { orderKey, source: 'klaviyo', topic: 'notification' });
			const [notesOnly, mixed] = groupClaimedEvents([
				note('a', '1'),
				note('b', '1'),
				note('c', '2'),
				claimed('d', { orderKey: '2', source: 'ups', topic: 'tracking' }),
			]);
			expect(notesOnly.hints.notificationsOnly).toBe(true);
			expect(mixed.hints.notificationsOnly).toBe(false);
		});
	});
});

describe('problemOf', () => {
	it('an item with an order can be processed', () => {
		expect(problemOf({ orderKey: '1001', problems: [] })).toBeNull();
	});

	it('an item without one fails with every reason joined', () => {
		expect(problemOf({ orderKey: '', problems: ['Event a names no order', 'Event b names no order'] })).toBe(
			'Event a names no order; Event b names no order',
		);
	});

	it('still says what is wrong when no reason was recorded', () => {
		expect(problemOf({ orderKey: '', problems: [] })).toMatch(/name no order/);
	});
});
