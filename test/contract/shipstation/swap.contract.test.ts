/**
 * ShipStation v1 item swap, against what the Postman collection shows: v1 has no call that changes an order's items,
 * createorder "becomes idempotent" with an orderKey and updates that order, "the entire resource must be provided",
 * and only orders in an open status (awaiting_payment, awaiting_shipment, on_hold) can be updated ("cancelled and
 * shipped are locked from modification through the API"). swapItems resends the order as read with the swapped
 * lines replaced in place; these tests hold what it sends to the collection's Create/Update Order example.
 */
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { createShipStationSim, type ShipStationSim } from '../../sandbox/vendors/shipstation';
import { createFetchTransport, withRetry, type Clock, type Transport } from '../../../nodes/lib/http';
import { ShipStationV1Client, basicAuthHeader, toCreateOrderRequest } from '../../../nodes/lib/connectors/shipstation';
import type { SsOrder, SsOrderItem } from '../../../nodes/lib/connectors/shipstation/types';
import type { WarehouseItemSwap } from '../../../nodes/lib/order/itemSwap';
import {
	collectionItem,
	exampleListedOrder,
	exampleRequestBody,
	exampleResponse,
	shapeDifferences,
	v1RequestProblems,
} from './contract';

type Json = Record<string, unknown>;

/** The collection's Create/Update Order example item (its first, a physical line), names and types. */
const exampleItem = () => (exampleRequestBody('Create/Update Order').items as Json[])[0];

/**
 * The line as the swap should leave it, written out here rather than taken from swappedItems: the new SKU, name and
 * quantity; what named the old variant cleared; the line's key, price, tax, shipping, weight and kind kept.
 */
function swappedLine(line: SsOrderItem, swap: WarehouseItemSwap): SsOrderItem {
	return {
		...line,
		sku: swap.toSku,
		name: swap.toTitle,
		quantity: swap.quantity,
		imageUrl: null,
		options: [],
		productId: null,
		fulfillmentSku: null,
		upc: null,
		warehouseLocation: null,
	};
}

/** The index of a line whose SKU is on no other line of the order (so the SKU names that one line), or -1. */
function uniqueLine(order: SsOrder): number {
	const skus = order.items.map((i) => i.sku);
	return order.items.findIndex((i) => !i.adjustment && skus.filter((s) => s === i.sku).length === 1);
}

describe('ShipStation v1 item swap (createorder on the orderKey, swapped lines replaced in place)', () => {
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
	const postsSince = (before: number) => sim.requests.slice(before).filter((r) => r.method === 'POST');
	/** Orders in a status with two or more lines, one of them with a SKU of its own; a test takes the n-th. */
	const candidate = (status: string, n: number) =>
		withStatus(status).filter((o) => o.items.length >= 2 && uniqueLine(o) >= 0)[n];
	/** A swap of one line to a SKU the order does not hold, all of its units. */
	const swapOf = (line: SsOrderItem, toSku: string): WarehouseItemSwap => ({
		fromSku: line.sku!,
		toSku,
		quantity: line.quantity,
		toTitle: `Swapped to ${toSku}`,
	});

	it('the collection says what the swap relies on, and its example item has every field the swap changes', () => {
		const description = String(
			(collectionItem('Create/Update Order').request as { description?: string }).description ?? '',
		);
		expect(description).toMatch(/If the `orderKey` is specified, the method becomes idempotent/);
		expect(description).toMatch(/the existing order with that key will be updated/);
		expect(description).toMatch(/the entire resource must be provided in the body of the request/);
		expect(description).toMatch(
			/Only orders in an open status .*`awaiting_payment`,`awaiting_shipment`, and `on_hold`/,
		);
		expect(description).toMatch(/`cancelled` and `shipped` are locked from modification through the API/);
		expect(Object.keys(exampleItem())).toEqual(
			expect.arrayContaining([
				'lineItemKey',
				'sku',
				'name',
				'quantity',
				'imageUrl',
				'options',
				'productId',
				'fulfillmentSku',
				'upc',
				'warehouseLocation',
			]),
		);
	});

	it(
		'an open order and one on hold: ONE documented createorder per swap, the order as read with only the ' +
			'swapped line changed, orderKey kept (updated, not created); the answer is the order as the collection shows it',
		async () => {
			const open = candidate('awaiting_shipment', 0);
			const onHold = candidate('on_hold', 0);
			expect(open).toBeDefined();
			expect(onHold).toBeDefined();
			for (const { orderId } of [open, onHold]) {
				const order = await v1.getOrder(orderId);
				const at = uniqueLine(order);
				const swap = swapOf(order.items[at], 'SWAP-NEW-M');
				const ordersBefore = sim.orders.length;
				const before = sim.requests.length;

				const answer = await v1.swapItems(order, [swap]);

				// Exactly one request went out, and it is the documented createorder.
				expect(sim.requests.length - before).toBe(1);
				const posts = postsSince(before);
				expect(posts).toHaveLength(1);
				expect(posts[0].path).toBe('/orders/createorder');
				expect(v1RequestProblems(posts[0])).toEqual([]);

				// The body: the order as read, the swapped line replaced, every other line and field as read.
				const body = posts[0].json as Json;
				const expected = { ...order, items: order.items.map((i, n) => (n === at ? swappedLine(i, swap) : i)) };
				expect(body).toEqual(toCreateOrderRequest(expected));
				const asRead = toCreateOrderRequest(order);
				expect({ ...body, items: undefined }).toEqual({ ...asRead, items: undefined });
				const sentItems = body.items as Json[];
				const readItems = asRead.items as Json[];
				expect(sentItems).toHaveLength(readItems.length);
				sentItems.forEach((item, n) => {
					if (n !== at) expect(item).toEqual(readItems[n]);
				});
				expect(sentItems[at]).toMatchObject({
					lineItemKey: order.items[at].lineItemKey,
					sku: 'SWAP-NEW-M',
					name: 'Swapped to SWAP-NEW-M',
					quantity: order.items[at].quantity,
					unitPrice: order.items[at].unitPrice,
					taxAmount: order.items[at].taxAmount,
					shippingAmount: order.items[at].shippingAmount,
					weight: { value: order.items[at].weight!.value, units: order.items[at].weight!.units },
					adjustment: false,
				});

				// The entire resource, and each item with exactly the example item's field names and types.
				expect(body.orderKey).toBe(order.orderKey);
				expect(shapeDifferences(body, exampleRequestBody('Create/Update Order'), 'body')).toEqual([]);
				sentItems.forEach((item, n) => expect(shapeDifferences(item, exampleItem(), `body.items[${n}]`)).toEqual([]));

				// Updated in place: same order, no new one; the answer is shaped like the collection's.
				expect(sim.orders.length).toBe(ordersBefore);
				expect(answer).toMatchObject({ orderId, orderKey: order.orderKey, orderStatus: order.orderStatus });
				expect(answer.items[at]).toMatchObject({ sku: 'SWAP-NEW-M', orderItemId: order.items[at].orderItemId });
				expect(shapeDifferences(answer, exampleResponse('Create/Update Order'))).toEqual([]);
				expect(held(orderId).items.map((i) => i.sku)).toEqual(
					order.items.map((i, n) => (n === at ? 'SWAP-NEW-M' : i.sku)),
				);
				expect(shapeDifferences(held(orderId), exampleListedOrder())).toEqual([]);
			}
		},
	);

	it(
		'on the collection example order: the line named by its lineItemKey is swapped, its old variant cleared; ' +
			'the discount line is sent as read',
		async () => {
			// The collection's own example (options, productId, UPC, bin, an adjustment line), created through createorder.
			const created = await fetch(`${sim.baseUrl}/orders/createorder`, {
				method: 'POST',
				headers: { authorization: basicAuthHeader('ss-key', 'ss-secret'), 'content-type': 'application/json' },
				body: JSON.stringify({ ...exampleRequestBody('Create/Update Order'), orderKey: 'swap-contract-example' }),
			});
			expect(created.status).toBe(200);
			const order = await v1.getOrder(((await created.json()) as SsOrder).orderId);
			expect(order.items.map((i) => [i.sku, i.adjustment])).toEqual([
				['ABC123', false],
				['DISCOUNT CODE', true],
			]);
			const line = order.items[0];
			expect(line).toMatchObject({ options: [{ name: 'Size', value: 'Large' }], upc: '32-65-98' });
			const swap: WarehouseItemSwap = {
				fromSku: 'ABC123',
				toSku: 'ABC124',
				quantity: line.quantity,
				toTitle: 'Test item #1 - Medium',
				lineItemId: line.lineItemKey,
			};
			const before = sim.requests.length;

			const answer = await v1.swapItems(order, [swap]);

			const posts = postsSince(before);
			expect(sim.requests.length - before).toBe(1);
			expect(posts).toHaveLength(1);
			expect(v1RequestProblems(posts[0])).toEqual([]);
			const body = posts[0].json as Json;
			expect(body).toEqual(toCreateOrderRequest({ ...order, items: [swappedLine(line, swap), order.items[1]] }));
			const [sent, discount] = body.items as Json[];
			expect(sent).toMatchObject({
				lineItemKey: 'vd08-MSLbtx',
				sku: 'ABC124',
				name: 'Test item #1 - Medium',
				quantity: 2,
				unitPrice: 99.99,
				taxAmount: 2.5,
				shippingAmount: 5,
				weight: { value: 24, units: 'ounces' },
				imageUrl: null,
				options: [],
				productId: null,
				fulfillmentSku: null,
				upc: null,
				warehouseLocation: null,
				adjustment: false,
			});
			expect(discount).toEqual((toCreateOrderRequest(order).items as Json[])[1]);
			for (const [n, item] of (body.items as Json[]).entries())
				expect(shapeDifferences(item, exampleItem(), `body.items[${n}]`)).toEqual([]);
			expect(answer).toMatchObject({ orderId: order.orderId, orderKey: 'swap-contract-example' });
			expect(shapeDifferences(answer, exampleResponse('Create/Update Order'))).toEqual([]);
		},
	);

	it('a line on a shipped, cancelled or fulfillment-provider order is refused before anything is sent', async () => {
		for (const status of ['shipped', 'cancelled', 'pending_fulfillment']) {
			const order = withStatus(status)[0];
			expect(order).toBeDefined();
			const before = sim.requests.length;
			const snapshot = JSON.stringify(held(order.orderId));
			await expect(v1.swapItems(order, [swapOf(order.items[0], 'SWAP-NEW-M')])).rejects.toMatchObject({
				name: 'ValidationError',
				field: 'orderStatus',
				message: expect.stringMatching(new RegExp(`is ${status}; only open orders .* can be changed`)),
			});
			expect(sim.requests.length).toBe(before);
			expect(JSON.stringify(held(order.orderId))).toBe(snapshot);
		}
	});

	it('no orderKey: refused before anything is sent (createorder would create another order)', async () => {
		const order = withStatus('awaiting_shipment').at(-1)!;
		const before = sim.requests.length;
		await expect(
			v1.swapItems({ ...order, orderKey: '' }, [swapOf(order.items[0], 'SWAP-NEW-M')]),
		).rejects.toMatchObject({ name: 'ValidationError', field: 'orderKey' });
		expect(sim.requests.length).toBe(before);
	});

	it(
		'a repeat call on the order as read after the swap sends nothing: swapItems does not read first, so it does ' +
			'not adopt; the old SKU is gone and the swap is refused',
		async () => {
			const { orderId } = candidate('on_hold', 1);
			const first = await v1.getOrder(orderId);
			const at = uniqueLine(first);
			const swap = swapOf(first.items[at], 'SWAP-REPEAT');
			await v1.swapItems(first, [swap]);
			const now = await v1.getOrder(orderId);
			expect(now.items[at].sku).toBe('SWAP-REPEAT');
			expect(now.items.some((i) => i.sku === swap.fromSku)).toBe(false);
			const before = sim.requests.length;
			const snapshot = JSON.stringify(held(orderId));
			await expect(v1.swapItems(now, [swap])).rejects.toMatchObject({
				name: 'ValidationError',
				field: 'swaps.fromSku',
			});
			expect(sim.requests.length).toBe(before);
			expect(JSON.stringify(held(orderId))).toBe(snapshot);
		},
	);

	it('answer lost after ShipStation applied it: read back, the swap adopted, nothing sent again', async () => {
		// ShipStation applies the createorder, then the answer is lost (a 504 on the way back): an ambiguous outcome.
		let lost = 0;
		const fetchTransport = createFetchTransport();
		const losing: Transport = async (request) => {
			const response = await fetchTransport(request);
			if (request.method === 'POST' && lost === 0) {
				lost += 1;
				return { status: 504, headers: {}, body: { Message: 'Gateway Timeout' } };
			}
			return response;
		};
		const clock: Clock = { now: () => Date.now(), sleep: async () => undefined };
		const client = new ShipStationV1Client({
			transport: withRetry(losing, { clock }),
			baseUrl: sim.baseUrl,
			auth: { apiKey: 'ss-key', apiSecret: 'ss-secret' },
			clock,
		});
		const { orderId } = candidate('awaiting_shipment', 1);
		const order = await v1.getOrder(orderId);
		const at = uniqueLine(order);
		const swap = swapOf(order.items[at], 'SWAP-LOST');
		const before = sim.requests.length;

		const answer = await client.swapItems(order, [swap]);

		expect(lost).toBe(1);
		const after = sim.requests.slice(before);
		expect(after.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /orders/createorder', `GET /orders/${orderId}`]);
		expect(v1RequestProblems(after[0])).toEqual([]);
		expect(answer).toMatchObject({ orderId, orderKey: order.orderKey });
		expect(answer.items[at].sku).toBe('SWAP-LOST');
		expect(answer).toEqual(JSON.parse(JSON.stringify(held(orderId))));
	});
});
