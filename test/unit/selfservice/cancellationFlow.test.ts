/**
 * applyCancellation over the real ports and the simulators (Shopify's Admin API and each warehouse), with every
 * lost-answer mode on both cancels at once: the warehouse cancels and its answer is lost, Shopify cancels and its
 * answer is lost. Each vendor receives exactly one cancel, the order ends cancelled in both, and nothing is held.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { ShopifyClient } from '../../../nodes/lib/connectors/shopify';
import {
	applyCancellation,
	shopifyCancelPort,
	warehouseCancelPort,
	type Decision,
	type Warehouse,
} from '../../../nodes/lib/selfservice';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShopifySim } from '../../sandbox/vendors/shopify';
import { acceptThenFail, AMBIGUOUS_MODES, graphqlOperation } from '../../helpers/ambiguous';
import { createVirtualClock } from '../../helpers/virtualClock';
import { ALL, now, rig } from './warehouseRig';

/** Decided an hour before the rig's clock, by the time rule alone (an open ShipBob order reads as processing). */
const APPLY: Decision = {
	outcome: 'apply',
	reasons: ['within_minutes'],
	requires: 'warehouse_not_shipped',
	observedAt: '2026-03-10T11:00:00.000Z',
};

describe('applyCancellation against the simulators, every answer lost after the vendor acted', () => {
	const boxes: RunningSandbox[] = [];
	afterEach(async () => {
		await Promise.all(boxes.splice(0).map((b) => b.close()));
	});

	async function shopifyWith(mode: (typeof AMBIGUOUS_MODES)[number]) {
		const sim = new ShopifySim({ seed: 7, orders: 12 });
		const box = await startSandbox([sim]);
		boxes.push(box);
		const flaky = acceptThenFail(createFetchTransport(), { match: graphqlOperation('orderCancel('), mode, times: 1 });
		const client = new ShopifyClient({
			shopDomain: sim.shopDomain,
			auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
			transport: flaky,
			baseUrl: box.baseUrl('shopify'),
			random: () => 0,
			clock: createVirtualClock(),
		});
		const order = [...sim.allOrders()].find((o) => o.fulfillmentOrders[0]?.status === 'OPEN' && !o.cancelledAt)!;
		const port = shopifyCancelPort(client, { by: 'name', value: order.name });
		const cancels = () => sim.calls.filter((c) => c.operationName === 'OrderCancel').length;
		const current = () => [...sim.allOrders()].find((o) => o.name === order.name)!;
		return { port, flaky, cancels, current };
	}

	describe.each(ALL)('%s', (warehouse: Warehouse) => {
		it.each(AMBIGUOUS_MODES)('%s on both cancels: one cancel at each vendor, applied', async (mode) => {
			const shopify = await shopifyWith(mode);
			let lost: ReturnType<typeof acceptThenFail> | undefined;
			const r = await rig(warehouse, (inner, sim) => {
				lost = acceptThenFail(inner, { match: sim.isCancel, mode, times: 1 });
				return lost;
			});
			boxes.push(r.sandbox);
			const result = await applyCancellation(
				{ decision: APPLY, handle: 'pp-cancel-req-7', options: { refund: true, notifyCustomer: true } },
				{ shopify: shopify.port, warehouse: warehouseCancelPort(r.port, r.open, now), now },
			);
			expect({ outcome: result.outcome, error: result.error }).toEqual({ outcome: 'applied', error: null });
			expect(result).toMatchObject({ warehouse: 'cancelled', shopifyCancelled: true, heldFulfillmentOrders: [] });
			expect(lost!.injected).toBe(1);
			expect(shopify.flaky.injected).toBe(1);
			expect(r.cancelsReceived()).toBe(1);
			expect(shopify.cancels()).toBe(1);
			expect(shopify.current().cancelledAt).not.toBeNull();
			expect(shopify.current().cancelReason).toBe('CUSTOMER');
			// Our hold was placed before anything was cancelled, with the handle of this request.
			expect(result.steps.map((s) => s.step).slice(0, 4)).toEqual(['hold', 'recheck', 'warehouse', 'shopify']);
			expect((await r.port.read(r.open, now)).status.status).toBe('cancelled');
		});
	});
});
