/**
 * Shopify mutations exactly once when Shopify acts but its answer is lost: the simulated Admin API
 * performs the mutation, then the transport loses the answer (timeout, reset, 5xx). The client reads
 * back and adopts what Shopify holds instead of sending the mutation again.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import {
	addTracking,
	cancelOrder,
	createSubscriptions,
	holdFulfillmentOrder,
	releaseFulfillmentOrderHold,
	setOrderNote,
	ShopifyClient,
} from '../../../nodes/lib/connectors/shopify';
import type { Transport } from '../../../nodes/lib/http/types';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShopifySim } from '../../sandbox/vendors/shopify';
import { acceptThenFail, AMBIGUOUS_MODES, graphqlOperation } from '../../helpers/ambiguous';
import { createVirtualClock } from '../../helpers/virtualClock';

let sandbox: RunningSandbox;
let sim: ShopifySim;

function client(transport: Transport): ShopifyClient {
	return new ShopifyClient({
		shopDomain: sim.shopDomain,
		auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
		transport,
		baseUrl: sandbox.baseUrl('shopify'),
		random: () => 0,
		clock: createVirtualClock(),
	});
}
const openOrder = () => [...sim.allOrders()].find((o) => o.fulfillmentOrders[0].status === 'OPEN')!;
const heldOrder = () => [...sim.allOrders()].find((o) => o.fulfillmentOrders[0]?.status === 'ON_HOLD')!;
const shippedOrder = () => [...sim.allOrders()].find((o) => o.fulfillments.length > 0 && !o.cancelledAt)!;
const orderNamed = (name: string) => [...sim.allOrders()].find((o) => o.name === name)!;
const callsOf = (operationName: string) => sim.calls.filter((c) => c.operationName === operationName).length;
/** Each lost-answer mode, with the answer lost once and on every send (up to 6). */
const MODES_AND_TIMES = AMBIGUOUS_MODES.flatMap((m) => [1, 6].map((n) => [m, n] as const));

beforeEach(async () => {
	sim = new ShopifySim({ seed: 7, orders: 12 });
	sandbox = await startSandbox([sim]);
});
afterEach(async () => sandbox.close());

describe('Shopify mutations under lost answers', () => {
	it.each(MODES_AND_TIMES)(
		'fulfillmentCreate, %s on up to %i sends: one fulfillment, its real id adopted',
		async (mode, times) => {
			const order = openOrder();
			const flaky = acceptThenFail(createFetchTransport(), {
				match: graphqlOperation('fulfillmentCreate('),
				mode,
				times,
			});
			const result = await addTracking(
				client(flaky),
				{ by: 'name', value: order.name },
				{ fulfillmentOrderId: order.fulfillmentOrders[0].id },
				{ number: 'TRK-EO-1', company: 'UPS' },
			);
			const now = [...sim.allOrders()].find((o) => o.name === order.name)!;
			expect(callsOf('FulfillmentCreate')).toBe(1);
			expect(now.fulfillments).toHaveLength(1);
			expect(result).toMatchObject({ confirmed: true, adopted: true, fulfillmentId: now.fulfillments[0].id });
			expect(result.note).toMatch(/adopted instead of being sent twice/);
			expect(flaky.injected).toBe(1);
		},
	);

	it('fulfillmentCreate that failed before Shopify acted is sent again, once', async () => {
		const order = openOrder();
		let lost = 1;
		const base = createFetchTransport();
		// A 502 from in front of Shopify: nothing reached it, the fulfillment order stays OPEN.
		const proxy: Transport = async (request) =>
			lost > 0 && graphqlOperation('fulfillmentCreate(')(request)
				? (lost--, { status: 502, headers: {}, body: 'Bad Gateway' })
				: base(request);
		const result = await addTracking(
			client(proxy),
			{ by: 'name', value: order.name },
			{ fulfillmentOrderId: order.fulfillmentOrders[0].id },
			{ number: 'TRK-EO-2' },
		);
		expect(result.adopted).toBeUndefined();
		expect(callsOf('FulfillmentCreate')).toBe(1);
		expect([...sim.allOrders()].find((o) => o.name === order.name)!.fulfillments).toHaveLength(1);
	});

	it('fulfillmentOrderHold, answer lost: one hold, adopted', async () => {
		const order = openOrder();
		const flaky = acceptThenFail(createFetchTransport(), {
			match: graphqlOperation('fulfillmentOrderHold('),
			mode: 'timeout',
			times: 3,
		});
		const held = await holdFulfillmentOrder(client(flaky), order.fulfillmentOrders[0].id, 'INCORRECT_ADDRESS');
		expect(held).toMatchObject({ confirmed: true, adopted: true });
		expect(held.readBack.fulfillmentHolds).toHaveLength(1);
		expect(callsOf('FulfillmentOrderHold')).toBe(1);
	});

	it('webhookSubscriptionCreate, answer lost: one subscription, its id adopted', async () => {
		const flaky = acceptThenFail(createFetchTransport(), {
			match: graphqlOperation('webhookSubscriptionCreate('),
			mode: 500,
			times: 3,
		});
		const url = 'https://n8n.example.com/webhook/abc';
		const ids = await createSubscriptions(client(flaky), url, ['orders/updated']);
		expect(callsOf('WebhookSubscriptionCreate')).toBe(1);
		expect(ids).toHaveLength(1);
		const again = await createSubscriptions(client(createFetchTransport()), url, ['orders/updated']);
		expect(again).toEqual(ids);
	});

	it('orderUpdate is idempotent, so a lost answer is simply retried (same note, same order)', async () => {
		const order = openOrder();
		const flaky = acceptThenFail(createFetchTransport(), {
			match: graphqlOperation('orderUpdate('),
			mode: 502,
			times: 2,
		});
		const result = await setOrderNote(client(flaky), { by: 'name', value: order.name }, 'leave at door');
		expect(result.confirmed).toBe(true);
		expect(callsOf('OrderUpdate')).toBe(3);
	});

	it.each(MODES_AND_TIMES)(
		'fulfillmentOrderReleaseHold, %s on up to %i sends: one release, the open fulfillment order adopted',
		async (mode, times) => {
			const order = heldOrder();
			const foId = order.fulfillmentOrders[0].id;
			const flaky = acceptThenFail(createFetchTransport(), {
				match: graphqlOperation('fulfillmentOrderReleaseHold('),
				mode,
				times,
			});
			const released = await releaseFulfillmentOrderHold(client(flaky), foId);
			const now = orderNamed(order.name).fulfillmentOrders[0];
			expect(callsOf('FulfillmentOrderReleaseHold')).toBe(1);
			expect(now).toMatchObject({ status: 'OPEN', fulfillmentHolds: [] });
			expect(released).toMatchObject({ confirmed: true, adopted: true });
			expect(released.readBack).toMatchObject({ id: foId, status: now.status });
			expect(flaky.injected).toBe(1);
		},
	);

	it.each(MODES_AND_TIMES)(
		'orderCancel, %s on up to %i sends: one cancel, read back by cancelledAt and adopted',
		async (mode, times) => {
			const order = openOrder();
			const flaky = acceptThenFail(createFetchTransport(), {
				match: graphqlOperation('orderCancel('),
				mode,
				times,
			});
			const c = client(flaky);
			const result = await cancelOrder(
				c,
				{ by: 'name', value: order.name },
				{ reason: 'CUSTOMER', refund: true, restock: true, notifyCustomer: true },
			);
			const now = orderNamed(order.name);
			expect(callsOf('OrderCancel')).toBe(1);
			expect(now.cancelledAt).not.toBeNull();
			expect(result).toMatchObject({ confirmed: true, adopted: true });
			expect(result.readBack.cancelledAt).toBe(now.cancelledAt);
			expect(result.note).toMatch(/adopted instead of being sent twice/);
			expect(flaky.injected).toBe(1);
		},
	);

	it.each(MODES_AND_TIMES)(
		'fulfillmentTrackingInfoUpdate notifying the customer, %s on up to %i sends: one update (one email), adopted',
		async (mode, times) => {
			const order = shippedOrder();
			const fulfillmentId = order.fulfillments[0].id;
			const flaky = acceptThenFail(createFetchTransport(), {
				match: graphqlOperation('fulfillmentTrackingInfoUpdate('),
				mode,
				times,
			});
			const result = await addTracking(
				client(flaky),
				{ by: 'name', value: order.name },
				{ fulfillmentId },
				{ number: 'TRK-EO-NEW', company: 'UPS', notifyCustomer: true },
			);
			const updates = sim.calls.filter((c) => c.operationName === 'FulfillmentTrackingInfoUpdate');
			expect(updates).toHaveLength(1);
			expect(updates[0].variables).toMatchObject({ fulfillmentId, notifyCustomer: true });
			const now = orderNamed(order.name).fulfillments.find((f) => f.id === fulfillmentId)!;
			expect(now.trackingInfo.map((t) => t.number)).toEqual(['TRK-EO-NEW']);
			expect(result).toMatchObject({ confirmed: true, adopted: true, fulfillmentId });
			expect(flaky.injected).toBe(1);
		},
	);

	it('fulfillmentTrackingInfoUpdate without notifying is idempotent, so a lost answer is simply retried', async () => {
		const order = shippedOrder();
		const fulfillmentId = order.fulfillments[0].id;
		const flaky = acceptThenFail(createFetchTransport(), {
			match: graphqlOperation('fulfillmentTrackingInfoUpdate('),
			mode: 503,
			times: 2,
		});
		const result = await addTracking(
			client(flaky),
			{ by: 'name', value: order.name },
			{ fulfillmentId },
			{ number: 'TRK-EO-QUIET', notifyCustomer: false },
		);
		expect(result.confirmed).toBe(true);
		expect(result.adopted).toBeUndefined();
		expect(callsOf('FulfillmentTrackingInfoUpdate')).toBe(3);
	});
});
