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
	holdByHandle,
	holdFulfillmentOrder,
	releaseFulfillmentOrderHold,
	releaseHoldByHandle,
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

describe('the self-service hold, named by its handle', () => {
	it.each(MODES_AND_TIMES)(
		'fulfillmentOrderHold with a handle, %s on up to %i sends: one hold, found again by its handle',
		async (mode, times) => {
			const foId = openOrder().fulfillmentOrders[0].id;
			const flaky = acceptThenFail(createFetchTransport(), {
				match: graphqlOperation('fulfillmentOrderHold('),
				mode,
				times,
			});
			const held = await holdByHandle(client(flaky), foId, 'pp-req-1', 'Customer is changing the address');
			expect(callsOf('FulfillmentOrderHold')).toBe(1);
			expect(held.adopted).toBe(true);
			const holds = [...sim.allOrders()]
				.flatMap((o) => o.fulfillmentOrders)
				.find((f) => f.id === foId)!.fulfillmentHolds;
			expect(holds.map((h) => h.handle)).toEqual(['pp-req-1']);
			expect(held.holdId).toBe(holds[0].id);
		},
	);

	it('a second call for the same request adopts its hold without sending; another request adds its own', async () => {
		const foId = openOrder().fulfillmentOrders[0].id;
		const c = client(createFetchTransport());
		const first = await holdByHandle(c, foId, 'pp-req-1', 'changing the address');
		const again = await holdByHandle(c, foId, 'pp-req-1', 'changing the address');
		expect(first.adopted).toBe(false);
		expect(again).toEqual({ holdId: first.holdId, adopted: true });
		expect(callsOf('FulfillmentOrderHold')).toBe(1);
		const other = await holdByHandle(c, foId, 'pp-req-2', 'changing the address');
		expect(other.holdId).not.toBe(first.holdId);
		expect(callsOf('FulfillmentOrderHold')).toBe(2);
	});

	it.each(MODES_AND_TIMES)(
		'releasing by handle, %s on up to %i sends: our hold alone goes, a hold of someone else stays',
		async (mode, times) => {
			const foId = openOrder().fulfillmentOrders[0].id;
			const plain = client(createFetchTransport());
			await holdFulfillmentOrder(plain, foId, 'HIGH_RISK_OF_FRAUD', 'staff review');
			await holdByHandle(plain, foId, 'pp-req-1', 'changing the address');
			const flaky = acceptThenFail(createFetchTransport(), {
				match: graphqlOperation('fulfillmentOrderReleaseHold('),
				mode,
				times,
			});
			const released = await releaseHoldByHandle(client(flaky), foId, 'pp-req-1');
			expect(callsOf('FulfillmentOrderReleaseHold')).toBe(1);
			expect(released).toEqual({ released: true, status: 'ON_HOLD' });
			const fo = [...sim.allOrders()].flatMap((o) => o.fulfillmentOrders).find((f) => f.id === foId)!;
			expect(fo.fulfillmentHolds.map((h) => h.reason)).toEqual(['HIGH_RISK_OF_FRAUD']);
		},
	);

	it('releasing a hold that is already gone sends nothing and says so', async () => {
		const foId = openOrder().fulfillmentOrders[0].id;
		const c = client(createFetchTransport());
		await holdByHandle(c, foId, 'pp-req-1', 'changing the address');
		expect(await releaseHoldByHandle(c, foId, 'pp-req-1')).toEqual({ released: true, status: 'OPEN' });
		expect(await releaseHoldByHandle(c, foId, 'pp-req-1')).toEqual({ released: false, status: 'OPEN' });
		expect(callsOf('FulfillmentOrderReleaseHold')).toBe(1);
	});

	it('refuses an empty or over-long handle before calling Shopify', async () => {
		const foId = openOrder().fulfillmentOrders[0].id;
		const c = client(createFetchTransport());
		await expect(holdByHandle(c, foId, ' ', 'x')).rejects.toThrow(/hold handle/);
		await expect(releaseHoldByHandle(c, foId, 'h'.repeat(65))).rejects.toThrow(/longer than 64/);
		expect(sim.calls).toHaveLength(0);
	});
});
