/** Whom to ask about one order: each rule of planReads on a small case. */
import { planReads } from '../../../nodes/lib/pipeline';
import { fact, NOW_MS, observation, record, workItem } from './fixtures';

const options = { nowMs: NOW_MS, warehouseFreshMinutes: 30 };
const minutesAgo = (m: number) => new Date(NOW_MS - m * 60_000).toISOString();
const fulfillmentOrder = observation('shopify', 'fulfillment_order', { id: 'fo1' });

describe('planReads', () => {
	it('a new order with no hints: ask everyone', () => {
		expect(planReads(workItem(), null, options)).toEqual({
			askVendors: true,
			askShopify: true,
			askWarehouse: true,
			shopifyOrderId: '',
			orderName: '',
		});
	});

	it('our own notes only: nobody is asked', () => {
		const plan = planReads(
			workItem({ hints: { shopifyInHand: true, warehouseInHand: false, notificationsOnly: true } }),
			null,
			options,
		);
		expect(plan).toMatchObject({ askVendors: false, askShopify: false, askWarehouse: false });
	});

	describe('Shopify', () => {
		const inHand = { shopifyInHand: true, warehouseInHand: false, notificationsOnly: false };

		it('a webhook brought the order but its fulfillment orders are unknown: read it in full once', () => {
			expect(planReads(workItem({ hints: inHand }), record(), options).askShopify).toBe(true);
		});

		it('not read again once the fulfillment orders are known, from the events or the stored facts', () => {
			const fromEvents = workItem({ hints: inHand, observations: [fulfillmentOrder] });
			const fromRecord = record({ facts: [fact('shopify', 'fulfillment_order')] });
			expect(planReads(fromEvents, null, options).askShopify).toBe(false);
			expect(planReads(workItem({ hints: inHand }), fromRecord, options).askShopify).toBe(false);
		});

		it('known fulfillment orders alone do not spare the read when no webhook brought the order', () => {
			expect(planReads(workItem({ observations: [fulfillmentOrder] }), null, options).askShopify).toBe(true);
		});
	});

	describe('warehouse', () => {
		it('its view came with the events (the sweep): not asked again', () => {
			const item = workItem({ hints: { shopifyInHand: false, warehouseInHand: true, notificationsOnly: false } });
			expect(planReads(item, null, options).askWarehouse).toBe(false);
		});

		it('heard from within warehouseFreshMinutes: not asked; longer ago, or never: asked', () => {
			const heard = (m: number) =>
				record({ facts: [fact('shipbob', 'fulfillment', { lastReceivedAt: minutesAgo(m) })] });
			expect(planReads(workItem(), heard(30), options).askWarehouse).toBe(false);
			expect(planReads(workItem(), heard(31), options).askWarehouse).toBe(true);
			expect(planReads(workItem(), record({ facts: [fact('shipbob', 'fulfillment')] }), options).askWarehouse).toBe(
				true,
			);
		});

		it('only a warehouse counts: a fresh Shopify or carrier fact does not spare the warehouse read', () => {
			const others = record({
				facts: [
					fact('shopify', 'order', { lastReceivedAt: minutesAgo(1) }),
					fact('ups', 'tracking', { lastReceivedAt: minutesAgo(1) }),
				],
			});
			expect(planReads(workItem(), others, options).askWarehouse).toBe(true);
		});

		it('judged by the clock it is given, not the real one', () => {
			const heard = record({ facts: [fact('shipstation', 'fulfillment', { lastReceivedAt: minutesAgo(10) })] });
			expect(planReads(workItem(), heard, { ...options, nowMs: NOW_MS + 3_600_000 }).askWarehouse).toBe(true);
		});
	});

	describe("the order's keys for the warehouses", () => {
		const order = observation('shopify', 'order', { name: '#1001', shopifyId: 'gid://shopify/Order/55' });

		it('the stored record wins, then the Shopify order fact in the events', () => {
			const stored = record({ shopifyId: 'gid://shopify/Order/9', name: '#1001-A' });
			expect(planReads(workItem({ observations: [order] }), stored, options)).toMatchObject({
				shopifyOrderId: 'gid://shopify/Order/9',
				orderName: '#1001-A',
			});
			expect(planReads(workItem({ observations: [order] }), record(), options)).toMatchObject({
				shopifyOrderId: 'gid://shopify/Order/55',
				orderName: '#1001',
			});
		});

		it("without a shopifyId in the fact, the fact's own source id", () => {
			const bare = observation('shopify', 'order', { name: '#1001' }, { sourceId: 'gid://shopify/Order/77' });
			expect(planReads(workItem({ observations: [bare] }), null, options).shopifyOrderId).toBe(
				'gid://shopify/Order/77',
			);
		});

		it('skips an observation that is not an object instead of failing the run (the Code node threw)', () => {
			const item = workItem({ observations: [null as never, order] });
			expect(planReads(item, null, options).orderName).toBe('#1001');
		});
	});
});
