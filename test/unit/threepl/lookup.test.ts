/**
 * Looking an order up at a warehouse by every key (docs/3pl.md, "Finding an order"): which keys are
 * asked, in which order, which answer is ours, and what a miss says.
 */
import { matchShipBobOrder } from '../../../nodes/lib/connectors/shipbob/client';
import {
	findBy,
	firstHit,
	lookUpBy,
	lookupToObservations,
	OrderNotFoundError,
	planLookup,
	shopifyOrderIdOf,
	withLookup,
	type FulfillmentSnapshot,
	type OrderSearch,
} from '../../../nodes/lib/connectors/threepl';

describe('planLookup', () => {
	it('asks the number and the name forms once each, the custom name too, and the Shopify id as a number', () => {
		expect(
			planLookup({ orderNumber: '#1001', shopifyOrderId: 'gid://shopify/Order/5012345678901', orderName: 'NW1001-US' }),
		).toEqual({
			orderKey: '1001',
			shopifyOrderId: '5012345678901',
			names: ['1001', '#1001', 'NW1001-US'],
		});
		expect(planLookup({ orderNumber: '1001', orderName: '#1001' }).names).toEqual(['1001', '#1001']);
	});

	it('refuses a Shopify id that is not one, naming the field; an empty one is simply unknown', () => {
		expect(() => shopifyOrderIdOf('#1001')).toThrow(expect.objectContaining({ field: 'shopifyOrderId' }));
		expect(shopifyOrderIdOf('')).toBeNull();
		expect(shopifyOrderIdOf(5012345678901)).toBe('5012345678901');
	});
});

describe('matchShipBobOrder', () => {
	const byId = { id: 1, reference_id: '5012345678901', order_number: '#1001' };
	const custom = { id: 2, reference_id: '1001', order_number: '1001' };
	it("the Shopify id in reference_id wins: that is ShipBob's Shopify integration's key", () => {
		expect(matchShipBobOrder([custom, byId], '5012345678901', ['1001', '#1001'])).toEqual({
			order: byId,
			matchedBy: 'reference_id:5012345678901',
		});
	});
	it('then a name in reference_id (custom integrations), then a name in order_number', () => {
		expect(matchShipBobOrder([custom], '5012345678901', ['1001', '#1001'])?.matchedBy).toBe('reference_id:1001');
		expect(
			matchShipBobOrder([{ id: 3, reference_id: 'x', order_number: '#1001' }], null, ['1001', '#1001'])?.matchedBy,
		).toBe('order_number:#1001');
	});
	it('an answer that carries none of our keys is not ours', () => {
		expect(
			matchShipBobOrder([{ id: 4, reference_id: '10010', order_number: '#10010' }], '5012345678901', ['1001', '#1001']),
		).toBeNull();
	});
});

describe('lookup observations', () => {
	const at = '2026-12-02T15:00:00.000Z';
	it('a miss is one lookup fact with every key tried, dated when the warehouse was asked', () => {
		const [fact, ...rest] = lookupToObservations(
			'shipbob',
			{
				orderKey: '1008',
				keys: ['reference_id:5012345678908', 'reference_id:1008', 'reference_id:#1008'],
				matchedBy: null,
				at,
				snapshot: null,
			},
			'2026-12-02T15:00:01Z',
		);
		expect(rest).toEqual([]);
		expect(fact).toMatchObject({
			source: 'shipbob',
			kind: 'lookup',
			orderKey: '1008',
			occurredAt: at,
			data: {
				subject: 'order',
				found: false,
				keys: ['reference_id:5012345678908', 'reference_id:1008', 'reference_id:#1008'],
			},
		});
	});

	it('a hit: the lookup fact, then the order facts on the key asked for, with matchedBy', () => {
		const snapshot: FulfillmentSnapshot = {
			provider: 'shipbob',
			orderKey: '#1006 as ShipBob shows it',
			externalId: '318274006',
			fulfillment: { status: 'received', rawStatus: 'Processing' },
			shipments: [],
			occurredAt: at,
		};
		const lookup = {
			orderKey: '1006',
			keys: ['reference_id:5012345678906'],
			matchedBy: 'reference_id:5012345678906',
			at,
			snapshot,
		};
		const observations = lookupToObservations('shipbob', lookup, at);
		expect(observations.map((o) => [o.kind, o.orderKey])).toEqual([
			['lookup', '1006'],
			['fulfillment', '1006'],
		]);
		expect(observations[0].data).toEqual({ subject: 'order', keys: ['reference_id:5012345678906'], found: true });
		expect(observations[1].data).toMatchObject({ matchedBy: 'reference_id:5012345678906' });
		// The same through a snapshot that carries its lookup (Get Order Status).
		expect(withLookup(lookup).fulfillment.matchedBy).toBe('reference_id:5012345678906');
		// Asking again later is a new fact; the same answer at the same instant is the same fact.
		expect(lookupToObservations('shipbob', { ...lookup, at: '2026-12-02T16:00:00.000Z' }, at)[0].key).not.toBe(
			observations[0].key,
		);
		expect(lookupToObservations('shipbob', lookup, '2026-12-02T17:00:00Z')[0].key).toBe(observations[0].key);
	});
});

describe('lookUpBy / findBy (the lookup every 3PL client runs around its own search)', () => {
	const times = ['2026-12-02T15:00:00.000Z', '2026-12-02T15:00:02.000Z'];
	type Raw = { ref: string; status: string };
	function search(stock: Raw[]): { how: OrderSearch<Raw>; asked: string[] } {
		const asked: string[] = [];
		let tick = 0;
		const how: OrderSearch<Raw> = {
			provider: 'shipmonk',
			now: () => times[Math.min(tick++, times.length - 1)],
			search: (plan) => {
				const keys = [plan.shopifyOrderId, ...plan.names].filter((k): k is string => !!k);
				const ask = (k: string) => async () => (asked.push(k), stock.find((o) => o.ref === k));
				return firstHit(keys.map((k): [string, () => Promise<Raw | undefined>] => [`ref:${k}`, ask(k)]));
			},
			normalise: (raw, observedAt) => ({
				provider: 'shipmonk',
				orderKey: raw.ref,
				externalId: raw.ref,
				fulfillment: { status: 'received', rawStatus: raw.status },
				shipments: [],
				occurredAt: observedAt,
			}),
		};
		return { how, asked };
	}

	it('asks the Shopify id first, then the name forms, dates the lookup before asking and the order after', async () => {
		const { how, asked } = search([{ ref: '#1001', status: 'Processing' }]);
		const { lookup, raw } = await lookUpBy(how, { orderNumber: '1001', shopifyOrderId: '5012345678901' });
		expect(asked).toEqual(['5012345678901', '1001', '#1001']);
		expect(raw).toEqual({ ref: '#1001', status: 'Processing' });
		expect(lookup).toMatchObject({ orderKey: '1001', matchedBy: 'ref:#1001', at: times[0] });
		expect(lookup.keys).toEqual(['ref:5012345678901', 'ref:1001', 'ref:#1001']);
		expect(lookup.snapshot?.occurredAt).toBe(times[1]);
	});

	it(
		'a miss: a lookup without snapshot for Look Up, ' + 'an OrderNotFoundError carrying it for one-order operations',
		async () => {
			const { lookup } = await lookUpBy(search([]).how, { orderNumber: '1002' });
			expect(lookup).toMatchObject({ keys: ['ref:1002', 'ref:#1002'], matchedBy: null, snapshot: null });
			const error = await findBy(search([]).how, '#1002').catch((e: unknown) => e);
			expect(error).toBeInstanceOf(OrderNotFoundError);
			expect((error as OrderNotFoundError).lookup?.keys).toEqual(['ref:1002', 'ref:#1002']);
			expect((error as OrderNotFoundError).hint).toMatch(/Give the Shopify Order ID too/);
		},
	);
});
