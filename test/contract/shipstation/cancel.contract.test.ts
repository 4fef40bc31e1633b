/**
 * ShipStation v1 cancel, against what the Postman collection shows: v1 has no cancel request, createorder
 * "becomes idempotent" with an orderKey and updates that order, the whole resource is sent, and only orders in
 * an open status (awaiting_payment, awaiting_shipment, on_hold) can be updated ("cancelled and shipped are locked
 * from modification through the API"). The simulator follows that, and the client's cancel stays inside it.
 */
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { createShipStationSim, type ShipStationSim } from '../../sandbox/vendors/shipstation';
import { createFetchTransport } from '../../../nodes/lib/http';
import { ShipStationV1Client, basicAuthHeader, toCreateOrderRequest } from '../../../nodes/lib/connectors/shipstation';
import type { SsOrder } from '../../../nodes/lib/connectors/shipstation/types';
import { collectionItem, exampleListedOrder, exampleResponse, shapeDifferences, v1RequestProblems } from './contract';

describe('ShipStation v1 cancel (createorder with orderStatus cancelled)', () => {
	let sandbox: RunningSandbox;
	let sim: ShipStationSim;
	let v1: ShipStationV1Client;
	beforeAll(async () => {
		sim = createShipStationSim({ seed: 3, orders: 40 });
		sandbox = await startSandbox([sim]);
		sim.baseUrl = sandbox.baseUrl('shipstation');
		v1 = new ShipStationV1Client({
			transport: createFetchTransport(),
			baseUrl: sim.baseUrl,
			auth: { apiKey: 'ss-key', apiSecret: 'ss-secret' },
		});
	});
	afterAll(() => sandbox.close());

	const held = (orderId: number) => sim.orders.find((o) => o.orderId === orderId)!;
	const withStatus = (status: string) => sim.orders.filter((o) => o.orderStatus === status);

	it('the collection says what the cancel relies on', () => {
		const description = String(
			(collectionItem('Create/Update Order').request as { description?: string }).description ?? '',
		);
		expect(description).toMatch(/If the `orderKey` is specified, the method becomes idempotent/);
		expect(description).toMatch(/the entire resource must be provided in the body of the request/);
		expect(description).toMatch(
			/Only orders in an open status .*`awaiting_payment`,`awaiting_shipment`, and `on_hold`/,
		);
		expect(description).toMatch(/`cancelled` and `shipped` are locked from modification through the API/);
	});

	it(
		'an open order and one on hold are cancelled with one documented request each: the order as read, ' +
			'orderStatus cancelled; the answer is the order as the collection shows it',
		async () => {
			for (const order of [withStatus('awaiting_shipment')[0], withStatus('on_hold')[0]]) {
				const before = sim.requests.length;
				const { order: answer, adopted } = await v1.cancelOrder(held(order.orderId));
				expect(adopted).toBe(false);
				expect(answer.orderStatus).toBe('cancelled');
				expect(shapeDifferences(answer, exampleResponse('Create/Update Order'))).toEqual([]);
				const posts = sim.requests.slice(before).filter((r) => r.method === 'POST');
				expect(posts).toHaveLength(1);
				expect(v1RequestProblems(posts[0])).toEqual([]);
				// Everything else as read: the request is the order's own request fields, only the status changed.
				expect(posts[0].json).toEqual(toCreateOrderRequest({ ...order, orderStatus: 'cancelled' }));
				expect(held(order.orderId)).toMatchObject({ orderStatus: 'cancelled', shipTo: order.shipTo });
				expect(shapeDifferences(held(order.orderId), exampleListedOrder())).toEqual([]);
			}
		},
	);

	it('a cancelled order is locked: createorder refuses it (so a resend after a lost answer would fail)', async () => {
		const order = withStatus('cancelled')[0];
		const res = await fetch(`${sim.baseUrl}/orders/createorder`, {
			method: 'POST',
			headers: { authorization: basicAuthHeader('ss-key', 'ss-secret'), 'content-type': 'application/json' },
			body: JSON.stringify(toCreateOrderRequest({ ...order, orderStatus: 'cancelled' })),
		});
		expect(res.status).toBe(400);
		expect(JSON.stringify(await res.json())).toMatch(/is cancelled and can no longer be updated/);
		// The client adopts an order already cancelled and sends nothing.
		const before = sim.requests.length;
		expect(await v1.cancelOrder(order)).toEqual({ order, adopted: true });
		expect(sim.requests.length).toBe(before);
	});

	it('a shipped order and one handed to a fulfillment provider are refused before anything is sent', async () => {
		const open = withStatus('awaiting_shipment').at(-1)!;
		sim.startPicking(open.orderId);
		for (const order of [withStatus('shipped')[0], held(open.orderId)]) {
			const before = sim.requests.length;
			const snapshot = JSON.stringify(held(order.orderId));
			await expect(v1.cancelOrder(order as SsOrder)).rejects.toMatchObject({
				name: 'ValidationError',
				field: 'orderStatus',
				message: expect.stringMatching(/only open orders .* can be cancelled through the API/),
			});
			expect(sim.requests.length).toBe(before);
			expect(JSON.stringify(held(order.orderId))).toBe(snapshot);
		}
	});
});
