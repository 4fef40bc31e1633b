/**
 * The item swap on Shopify (issue 17): the lines and their choices, one order edit committed once, a lost commit
 * answer adopted, refused input surfaced with its field, and the read-back that confirms. Over the simulated Admin
 * API through HTTP (test/sandbox/vendors/shopify.ts), as exactlyOnce.test.ts; the pure parts over responses shaped
 * by Shopify's schema (each checked against it) and shopify.dev's descriptions of the order edit mutations.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { ValidationError } from '../../../nodes/lib/http/errors';
import type { Transport } from '../../../nodes/lib/http/types';
import {
	ALL_DOCUMENTS,
	DEFAULT_API_VERSION,
	EDITABLE_LINES_PER_PAGE,
	ShopifyClient,
	ShopifyUserErrors,
	SwapNotEvenError,
	calculatedLineFor,
	checkSwapLineItems,
	checkSwaps,
	readEditableLines,
	swapLineItems,
	toEditableLine,
} from '../../../nodes/lib/connectors/shopify';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { SIM_LOCATION_ID, ShopifySim, variantOfSku, type SimOrder } from '../../sandbox/vendors/shopify';
import { acceptThenFail, graphqlOperation } from '../../helpers/ambiguous';
import { describeIfSpec, loadShopifySchema } from '../../helpers/specs';
import { createVirtualClock } from '../../helpers/virtualClock';
import { conformanceErrors } from '../../contract/shopify/conformance';

let sandbox: RunningSandbox;
let sim: ShopifySim;

function client(transport: Transport = createFetchTransport()): ShopifyClient {
	return new ShopifyClient({
		shopDomain: sim.shopDomain,
		auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
		transport,
		baseUrl: sandbox.baseUrl('shopify'),
		random: () => 0,
		clock: createVirtualClock(),
	});
}

const callsOf = (operationName: string) => sim.calls.filter((c) => c.operationName === operationName).length;
/** An unfulfilled order whose fulfillment order has `status`, with an undiscounted line (of `sku` when asked). */
function orderWith(status: 'OPEN' | 'ON_HOLD', sku?: string): SimOrder {
	const found = [...sim.allOrders()].find(
		(o) =>
			!o.cancelledAt &&
			o.fulfillmentOrders[0].status === status &&
			o.lineItems.some((li) => !li.discountAllocations?.length && (!sku || li.sku === sku)),
	);
	if (!found) throw new Error(`no ${status} order${sku ? ` with ${sku}` : ''} in the simulated store`);
	return found;
}
/** The first line of an order and a same-price variant it can become (the even swap the flow offers). */
async function evenSwap(order: SimOrder) {
	const lines = await readEditableLines(client(), { by: 'id', value: order.id });
	const line = lines.find(
		(l) => !l.discounted && l.choices.some((c) => c.availableForSale && c.price.amount === l.unitPrice?.amount),
	)!;
	const to = line.choices.find((c) => c.availableForSale && c.price.amount === line.unitPrice?.amount)!;
	return { line, to, swap: { lineItemId: line.lineItemId, variantId: to.variantId, quantity: line.currentQuantity } };
}

beforeEach(async () => {
	sim = new ShopifySim({ seed: 7, orders: 40 });
	sandbox = await startSandbox([sim]);
});
afterEach(async () => sandbox.close());

describe('readEditableLines', () => {
	it("lists each line with its product's other variants, priced in the shop's currency", async () => {
		const order = orderWith('OPEN', 'TEE-BLK-M');
		const lines = await readEditableLines(client(), { by: 'name', value: order.name });
		expect(lines).toHaveLength(order.lineItems.length);
		const tee = lines.find((l) => l.sku === 'TEE-BLK-M')!;
		const own = variantOfSku('TEE-BLK-M')!;
		expect(tee).toMatchObject({
			variantId: own.id,
			productId: own.product.id,
			variantTitle: 'M',
			unitPrice: { amount: '24.00', currencyCode: 'USD' },
			requiresShipping: true,
		});
		// The line's own variant is left out; the others come as Shopify lists them.
		expect(tee.choices.map((c) => c.sku)).toEqual(['TEE-BLK-S', 'TEE-BLK-L', 'TEE-BLK-XL']);
		expect(tee.choices.find((c) => c.sku === 'TEE-BLK-S')!.availableForSale).toBe(false);
		// The dearer variant is a choice Shopify lists, at its own price: no even swap, and visible as such.
		expect(tee.choices.find((c) => c.sku === 'TEE-BLK-XL')!.price).toEqual({ amount: '28.00', currencyCode: 'USD' });
	});

	it('reads every page of a long order', async () => {
		const order = orderWith('OPEN');
		const numericId = Number(order.legacyResourceId);
		for (let j = order.lineItems.length; j < EDITABLE_LINES_PER_PAGE + 3; j++)
			order.lineItems.push({
				id: `gid://shopify/LineItem/${numericId * 1000 + 500 + j}`,
				sku: 'SOCK-3PK',
				title: 'Socks, 3-pack',
				quantity: 1,
				currentQuantity: 1,
				unfulfilledQuantity: 1,
			});
		const lines = await readEditableLines(client(), { by: 'id', value: order.id });
		expect(lines.map((l) => l.lineItemId)).toEqual(order.lineItems.map((li) => li.id));
		expect(callsOf('ReadEditableLines')).toBe(2);
	});
});

describe('swapLineItems', () => {
	it('swaps a line in one order edit, committed once, and updates the fulfillment order', async () => {
		const order = orderWith('OPEN');
		const { line, to, swap } = await evenSwap(order);
		const result = await swapLineItems(client(), { by: 'name', value: order.name }, [swap], {
			notifyCustomer: true,
			staffNote: 'Customer asked for another size',
		});
		expect(result.adopted).toBe(false);
		expect(sim.orderEdits).toEqual([
			expect.objectContaining({
				orderId: order.id,
				notifyCustomer: true,
				staffNote: 'Customer asked for another size',
			}),
		]);
		expect(callsOf('OrderEditBegin')).toBe(1);
		expect(callsOf('OrderEditCommit')).toBe(1);
		const old = result.lines.find((l) => l.lineItemId === line.lineItemId)!;
		expect(old.currentQuantity).toBe(0);
		const added = result.lines.find((l) => l.variantId === to.variantId)!;
		expect(added).toMatchObject({ currentQuantity: swap.quantity, unfulfilledQuantity: swap.quantity, sku: to.sku });
		// The fulfillment order: the old line's units gone, the new line in the same open fulfillment order.
		const fo = order.fulfillmentOrders[0];
		expect(order.fulfillmentOrders).toHaveLength(1);
		expect(fo.lineItems.find((l) => l.lineItem.id === line.lineItemId)!.remainingQuantity).toBe(0);
		expect(fo.lineItems.find((l) => l.lineItem.id === added.lineItemId)).toMatchObject({
			totalQuantity: swap.quantity,
			remainingQuantity: swap.quantity,
		});
	});

	it('puts the new line into an on-hold fulfillment order, which stays on hold', async () => {
		const order = orderWith('ON_HOLD');
		const { swap, to } = await evenSwap(order);
		const result = await swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false });
		const added = result.lines.find((l) => l.variantId === to.variantId)!;
		expect(order.fulfillmentOrders[0].status).toBe('ON_HOLD');
		expect(order.fulfillmentOrders[0].lineItems.some((l) => l.lineItem.id === added.lineItemId)).toBe(true);
	});

	it('a swap already made is adopted: nothing is sent again', async () => {
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		await swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false });
		const again = await swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false });
		expect(again.adopted).toBe(true);
		expect(callsOf('OrderEditBegin')).toBe(1);
		expect(sim.orderEdits).toHaveLength(1);
	});

	it.each(['timeout', 'reset', 503] as const)(
		'a commit whose answer is lost (%s) is adopted from the read-back: the order is edited once',
		async (mode) => {
			const order = orderWith('OPEN');
			const { swap, to } = await evenSwap(order);
			const flaky = acceptThenFail(createFetchTransport(), {
				match: graphqlOperation('orderEditCommit('),
				mode,
				times: 1,
			});
			const result = await swapLineItems(client(flaky), { by: 'id', value: order.id }, [swap], {
				notifyCustomer: false,
			});
			expect(flaky.injected).toBe(1);
			expect(result.adopted).toBe(true);
			expect(callsOf('OrderEditCommit')).toBe(1);
			expect(sim.orderEdits).toHaveLength(1);
			expect(order.lineItems.filter((li) => li.variant?.id === to.variantId)).toHaveLength(1);
		},
	);

	it('a lost addVariant answer abandons the session and stages the edit once more in a new one', async () => {
		const order = orderWith('OPEN');
		const { swap, to } = await evenSwap(order);
		const flaky = acceptThenFail(createFetchTransport(), {
			match: graphqlOperation('orderEditAddVariant('),
			mode: 'timeout',
			times: 1,
		});
		const result = await swapLineItems(client(flaky), { by: 'id', value: order.id }, [swap], {
			notifyCustomer: false,
		});
		expect(result.adopted).toBe(false);
		expect(callsOf('OrderEditBegin')).toBe(2);
		expect(sim.orderEdits).toHaveLength(1);
		// The abandoned session's staged variant never reaches the order: one line of it.
		expect(order.lineItems.filter((li) => li.variant?.id === to.variantId)).toHaveLength(1);
	});

	it("a commit that failed before Shopify acted is sent again, once, for the same session's edit", async () => {
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		let lost = 1;
		const base = createFetchTransport();
		// A 502 from in front of Shopify: nothing reached it, so the read-back finds no swap and the commit goes again.
		const proxy: Transport = async (request) =>
			lost > 0 && graphqlOperation('orderEditCommit(')(request)
				? (lost--, { status: 502, headers: {}, body: 'Bad Gateway' })
				: base(request);
		const result = await swapLineItems(client(proxy), { by: 'id', value: order.id }, [swap], {
			notifyCustomer: false,
		});
		expect(result.adopted).toBe(false);
		expect(callsOf('OrderEditBegin')).toBe(1);
		expect(sim.orderEdits).toHaveLength(1);
	});

	it('a variant Shopify will not add surfaces as its userError, with the field and what to do', async () => {
		const order = orderWith('OPEN', 'TEE-BLK-M');
		const lines = await readEditableLines(client(), { by: 'id', value: order.id });
		const tee = lines.find((l) => l.sku === 'TEE-BLK-M')!;
		const soldOut = tee.choices.find((c) => !c.availableForSale)!;
		const error = await swapLineItems(
			client(),
			{ by: 'id', value: order.id },
			[{ lineItemId: tee.lineItemId, variantId: soldOut.variantId, quantity: tee.currentQuantity }],
			{ notifyCustomer: false },
		).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ShopifyUserErrors);
		expect(error).toMatchObject({ field: 'variantId', mutation: 'orderEditAddVariant' });
		expect((error as ShopifyUserErrors).hint).toMatch(/pick another variant or edit the order in Shopify/);
		expect(callsOf('OrderEditCommit')).toBe(0);
		expect(order.lineItems.find((li) => li.id === tee.lineItemId)!.currentQuantity).toBe(tee.currentQuantity);
	});

	it('a variant already on the order is refused (allowDuplicates false)', async () => {
		const order = orderWith('OPEN');
		const { line, to, swap } = await evenSwap(order);
		const numericId = Number(order.legacyResourceId);
		order.lineItems.push({
			id: `gid://shopify/LineItem/${numericId * 1000 + 700}`,
			sku: to.sku!,
			title: line.title,
			quantity: 1,
			currentQuantity: 1,
			unfulfilledQuantity: 1,
		});
		await expect(
			swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false }),
		).rejects.toMatchObject({ name: 'ShopifyUserErrors', field: 'variantId' });
		expect(sim.orderEdits).toHaveLength(0);
	});

	it('the read-back confirms: an accepted commit the order does not show is an error naming the line', async () => {
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		const base = createFetchTransport();
		// Shopify answers the commit as done, but the order does not change (staff edited it at the same moment).
		const liar: Transport = async (request) =>
			graphqlOperation('orderEditCommit(')(request)
				? {
						status: 200,
						headers: { 'content-type': 'application/json' },
						body: { data: { orderEditCommit: { order: { id: order.id }, userErrors: [] } } },
					}
				: base(request);
		const error = await swapLineItems(client(liar), { by: 'id', value: order.id }, [swap], {
			notifyCustomer: false,
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error).toMatchObject({ field: 'swaps[0].lineItemId' });
		expect((error as Error).message).toContain(swap.lineItemId);
	});

	it.each([
		[[], 'swaps'],
		[[{ lineItemId: '123', variantId: 'gid://shopify/ProductVariant/1', quantity: 1 }], 'swaps[0].lineItemId'],
		[[{ lineItemId: 'gid://shopify/LineItem/1', variantId: 'M', quantity: 1 }], 'swaps[0].variantId'],
		[
			[{ lineItemId: 'gid://shopify/LineItem/1', variantId: 'gid://shopify/ProductVariant/1', quantity: 0 }],
			'swaps[0].quantity',
		],
		[
			[{ lineItemId: 'gid://shopify/LineItem/1', variantId: 'gid://shopify/ProductVariant/1', quantity: 1.5 }],
			'swaps[0].quantity',
		],
	])('input %j is refused before anything is sent (%s)', async (swaps, field) => {
		const order = orderWith('OPEN');
		await expect(
			swapLineItems(client(), { by: 'id', value: order.id }, swaps as never, { notifyCustomer: false }),
		).rejects.toMatchObject({ name: 'ValidationError', field });
		expect(sim.calls).toHaveLength(0);
	});

	it('a line swapped twice, a partial quantity, a variant of another product: refused, naming the field', async () => {
		expect(() =>
			checkSwaps([
				{ lineItemId: 'gid://shopify/LineItem/1', variantId: 'gid://shopify/ProductVariant/1', quantity: 1 },
				{ lineItemId: 'gid://shopify/LineItem/1', variantId: 'gid://shopify/ProductVariant/2', quantity: 1 },
			]),
		).toThrow(expect.objectContaining({ field: 'swaps[1].lineItemId' }));
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		await expect(
			swapLineItems(client(), { by: 'id', value: order.id }, [{ ...swap, quantity: swap.quantity + 1 }], {
				notifyCustomer: false,
			}),
		).rejects.toMatchObject({ field: 'swaps[0].quantity' });
		await expect(
			swapLineItems(
				client(),
				{ by: 'id', value: order.id },
				[{ ...swap, variantId: variantOfSku('BOTTLE-1000')!.id }],
				{ notifyCustomer: false },
			),
		).rejects.toMatchObject({ field: 'swaps[0].variantId' });
		expect(callsOf('OrderEditBegin')).toBe(0);
	});
});

describe('the swap never changes what the customer pays', () => {
	/** An unfulfilled order of the generated store with a discounted line that has a same-price variant. */
	function discountedOrder(): { order: SimOrder; lineItemId: string } {
		for (const order of sim.allOrders()) {
			if (order.cancelledAt || !['OPEN', 'ON_HOLD'].includes(order.fulfillmentOrders[0].status)) continue;
			const li = order.lineItems.find(
				(l) =>
					l.discountAllocations?.length &&
					variantOfSku(l.sku)!.product.variants.some(
						(v) => v.sku !== l.sku && v.availableForSale && v.price === variantOfSku(l.sku)!.price,
					),
			);
			if (li) return { order, lineItemId: li.id };
		}
		throw new Error('the simulated store has no unfulfilled order with a discounted line');
	}
	const snapshot = (order: SimOrder) => JSON.stringify(order);

	it('a discounted line is read as such', async () => {
		const { order, lineItemId } = discountedOrder();
		const lines = await readEditableLines(client(), { by: 'id', value: order.id });
		expect(lines.find((l) => l.lineItemId === lineItemId)!.discounted).toBe(true);
		expect(lines.filter((l) => l.lineItemId !== lineItemId).every((l) => !l.discounted)).toBe(true);
	});

	it("a discounted line's swap is refused before the commit: nothing committed, the order unchanged", async () => {
		const { order, lineItemId } = discountedOrder();
		const lines = await readEditableLines(client(), { by: 'id', value: order.id });
		const line = lines.find((l) => l.lineItemId === lineItemId)!;
		const to = line.choices.find((c) => c.availableForSale && c.price.amount === line.unitPrice?.amount)!;
		const before = snapshot(order);
		const error = await swapLineItems(
			client(),
			{ by: 'id', value: order.id },
			[{ lineItemId, variantId: to.variantId, quantity: line.currentQuantity }],
			{ notifyCustomer: true },
		).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SwapNotEvenError);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error).toMatchObject({ field: 'swaps', name: 'SwapNotEvenError' });
		const { before: was, after: would } = error as SwapNotEvenError;
		expect(Number(would.shopMoney.amount)).toBeGreaterThan(Number(was.shopMoney.amount));
		expect((error as Error).message).toContain(`${was.shopMoney.amount} USD`);
		expect((error as Error).message).toContain(`${would.shopMoney.amount} USD`);
		expect((error as SwapNotEvenError).hint).toMatch(/would change what the customer pays.*swap by hand in Shopify/);
		expect(callsOf('OrderEditAddVariant')).toBe(1);
		expect(callsOf('OrderEditCommit')).toBe(0);
		expect(sim.orderEdits).toHaveLength(0);
		expect(snapshot(order)).toBe(before);
	});

	it('a dearer variant is refused the same way', async () => {
		const order = orderWith('OPEN', 'TEE-BLK-M');
		const lines = await readEditableLines(client(), { by: 'id', value: order.id });
		const tee = lines.find((l) => l.sku === 'TEE-BLK-M')!;
		const xl = tee.choices.find((c) => c.sku === 'TEE-BLK-XL')!;
		await expect(
			swapLineItems(
				client(),
				{ by: 'id', value: order.id },
				[{ lineItemId: tee.lineItemId, variantId: xl.variantId, quantity: tee.currentQuantity }],
				{ notifyCustomer: false },
			),
		).rejects.toBeInstanceOf(SwapNotEvenError);
		expect(sim.orderEdits).toHaveLength(0);
	});

	it('an undiscounted swap at the same price commits, the total as it was', async () => {
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		const total = async () =>
			(await sim.execute('query T($id: ID!) { order(id: $id) { currentTotalPriceSet { shopMoney { amount } } } }', {
				id: order.id,
			})) as { data: { order: { currentTotalPriceSet: { shopMoney: { amount: string } } } } };
		const before = (await total()).data.order.currentTotalPriceSet.shopMoney.amount;
		const result = await swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false });
		expect(result.adopted).toBe(false);
		expect(sim.orderEdits).toHaveLength(1);
		expect((await total()).data.order.currentTotalPriceSet.shopMoney.amount).toBe(before);
	});
});

describe('checkSwapLineItems (the dry run)', () => {
	it('stages the swap and commits nothing', async () => {
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		const before = JSON.stringify(order);
		await expect(checkSwapLineItems(client(), { by: 'name', value: order.name }, [swap])).resolves.toEqual({
			adopted: false,
		});
		expect(callsOf('OrderEditBegin')).toBe(1);
		expect(callsOf('OrderEditSetQuantity')).toBe(1);
		expect(callsOf('OrderEditAddVariant')).toBe(1);
		expect(callsOf('OrderEditCommit')).toBe(0);
		expect(sim.orderEdits).toHaveLength(0);
		expect(JSON.stringify(order)).toBe(before);
		// The real swap afterwards goes through as the dry run said it would.
		await swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false });
		expect(sim.orderEdits).toHaveLength(1);
	});

	it('adopts a swap already made, sending no edit at all', async () => {
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		await swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false });
		const begun = callsOf('OrderEditBegin');
		await expect(checkSwapLineItems(client(), { by: 'id', value: order.id }, [swap])).resolves.toEqual({
			adopted: true,
		});
		expect(callsOf('OrderEditBegin')).toBe(begun);
		expect(sim.orderEdits).toHaveLength(1);
	});

	it("throws what Shopify's staging refuses: a variant not for sale, a total that would change", async () => {
		const order = orderWith('OPEN', 'TEE-BLK-M');
		const lines = await readEditableLines(client(), { by: 'id', value: order.id });
		const tee = lines.find((l) => l.sku === 'TEE-BLK-M')!;
		const swapTo = (sku: string) => [
			{ lineItemId: tee.lineItemId, variantId: tee.choices.find((c) => c.sku === sku)!.variantId, quantity: 1 },
		];
		tee.currentQuantity = 1;
		order.lineItems.find((li) => li.id === tee.lineItemId)!.currentQuantity = 1;
		order.lineItems.find((li) => li.id === tee.lineItemId)!.unfulfilledQuantity = 1;
		const refused = await checkSwapLineItems(client(), { by: 'id', value: order.id }, swapTo('TEE-BLK-S')).catch(
			(e: unknown) => e,
		);
		expect(refused).toBeInstanceOf(ShopifyUserErrors);
		expect(refused).toMatchObject({ mutation: 'orderEditAddVariant', field: 'variantId' });
		await expect(
			checkSwapLineItems(client(), { by: 'id', value: order.id }, swapTo('TEE-BLK-XL')),
		).rejects.toBeInstanceOf(SwapNotEvenError);
		expect(callsOf('OrderEditCommit')).toBe(0);
	});
});

describe("the new line stays at the old line's location", () => {
	const addVariantCalls = () => sim.calls.filter((c) => c.operationName === 'OrderEditAddVariant');

	it("sends the old line's fulfillment order's location; the new line joins that fulfillment order", async () => {
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		expect(order.fulfillmentOrders[0].assignedLocation.location?.id).toBe(SIM_LOCATION_ID);
		const result = await swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false });
		expect(addVariantCalls().map((c) => c.variables?.locationId)).toEqual([SIM_LOCATION_ID]);
		const added = result.lines.find((l) => l.variantId === swap.variantId)!;
		expect(order.fulfillmentOrders).toHaveLength(1);
		expect(order.fulfillmentOrders[0].lineItems.some((l) => l.lineItem.id === added.lineItemId)).toBe(true);
	});

	it('a line held by a second fulfillment order at another location is swapped there', async () => {
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		const [fo] = order.fulfillmentOrders;
		const moved = fo.lineItems.find((l) => l.lineItem.id === swap.lineItemId)!;
		fo.lineItems.splice(fo.lineItems.indexOf(moved), 1);
		const store = 'gid://shopify/Location/76300000002';
		order.fulfillmentOrders.push({
			...fo,
			id: `gid://shopify/FulfillmentOrder/${Number(order.legacyResourceId) * 10 + 1}`,
			assignedLocation: { name: 'Second warehouse', location: { id: store } },
			lineItems: [moved],
		});
		const result = await swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false });
		expect(addVariantCalls().map((c) => c.variables?.locationId)).toEqual([store]);
		const added = result.lines.find((l) => l.variantId === swap.variantId)!;
		expect(order.fulfillmentOrders[1].lineItems.some((l) => l.lineItem.id === added.lineItemId)).toBe(true);
		expect(fo.lineItems.some((l) => l.lineItem.id === added.lineItemId)).toBe(false);
	});

	it('a line no fulfillment order holds is refused, naming it, before any edit (Shopify would choose)', async () => {
		const order = orderWith('OPEN');
		const { swap } = await evenSwap(order);
		const [fo] = order.fulfillmentOrders;
		fo.lineItems = fo.lineItems.filter((l) => l.lineItem.id !== swap.lineItemId);
		for (const run of [
			() => swapLineItems(client(), { by: 'id', value: order.id }, [swap], { notifyCustomer: false }),
			() => checkSwapLineItems(client(), { by: 'id', value: order.id }, [swap]),
		]) {
			const error = await run().catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ValidationError);
			expect(error).toMatchObject({ field: 'swaps[0].lineItemId' });
			expect((error as Error).message).toContain(swap.lineItemId);
		}
		expect(callsOf('OrderEditBegin')).toBe(0);
	});
});

/* ---------- the pure parts, over Shopify-shaped responses ---------- */

/**
 * A page of READ_EDITABLE_LINES_QUERY as the Admin schema shapes it: LineItem.currentQuantity/unfulfilledQuantity
 * (Int!), originalUnitPriceSet.shopMoney (MoneyV2: amount Decimal, currencyCode), ProductVariant.price (Money, a
 * decimal "in the default shop currency", hence shop.currencyCode), and a custom line with no variant (LineItem
 * .variant is null for custom items and deleted products).
 */
const EDITABLE_LINES_RESPONSE = {
	shop: { currencyCode: 'CAD' },
	order: {
		id: 'gid://shopify/Order/148977776',
		fulfillmentOrders: {
			nodes: [
				{
					id: 'gid://shopify/FulfillmentOrder/1046000778',
					status: 'OPEN',
					assignedLocation: { location: { id: 'gid://shopify/Location/124656943' } },
					lineItems: {
						nodes: [
							{ remainingQuantity: 1, lineItem: { id: 'gid://shopify/LineItem/466157049' } },
							{ remainingQuantity: 1, lineItem: { id: 'gid://shopify/LineItem/518995019' } },
						],
					},
				},
			],
		},
		lineItems: {
			pageInfo: { hasNextPage: false, endCursor: 'eyJsYXN0X2lkIjo0NjY' },
			nodes: [
				{
					id: 'gid://shopify/LineItem/466157049',
					currentQuantity: 1,
					unfulfilledQuantity: 1,
					sku: 'IPOD2008GREEN',
					title: 'IPod Nano - 8gb',
					variantTitle: 'green',
					requiresShipping: true,
					originalUnitPriceSet: { shopMoney: { amount: '199.0', currencyCode: 'CAD' } },
					discountAllocations: [{ allocatedAmountSet: { shopMoney: { amount: '3.33' } } }],
					variant: {
						id: 'gid://shopify/ProductVariant/39072856',
						product: {
							id: 'gid://shopify/Product/632910392',
							variants: {
								nodes: [
									{
										id: 'gid://shopify/ProductVariant/39072856',
										sku: 'IPOD2008GREEN',
										title: 'green',
										price: '199.00',
										availableForSale: true,
									},
									{
										id: 'gid://shopify/ProductVariant/49148385',
										sku: 'IPOD2008RED',
										title: 'Red',
										price: '199.00',
										availableForSale: true,
									},
									{
										id: 'gid://shopify/ProductVariant/457924702',
										sku: '',
										title: 'Black',
										price: '199.00',
										availableForSale: false,
									},
								],
							},
						},
					},
				},
				{
					id: 'gid://shopify/LineItem/518995019',
					currentQuantity: 1,
					unfulfilledQuantity: 1,
					sku: null,
					title: 'Gift wrapping',
					variantTitle: null,
					requiresShipping: false,
					originalUnitPriceSet: { shopMoney: { amount: '5.0', currencyCode: 'CAD' } },
					discountAllocations: [],
					variant: null,
				},
			],
		},
	},
};

/** orderEditBegin's calculated order: existing lines as CalculatedLineItems (CalculatedOrder.lineItems). */
const BEGIN_RESPONSE = {
	orderEditBegin: {
		calculatedOrder: {
			id: 'gid://shopify/CalculatedOrder/607673083',
			lineItems: {
				nodes: [
					{
						id: 'gid://shopify/CalculatedLineItem/466157049',
						quantity: 1,
						editableQuantity: 1,
						variant: { id: 'gid://shopify/ProductVariant/39072856' },
					},
					{ id: 'gid://shopify/CalculatedLineItem/518995019', quantity: 1, editableQuantity: 1, variant: null },
				],
			},
		},
		userErrors: [],
	},
};

describeIfSpec(`shopify/admin_schema_${DEFAULT_API_VERSION}.json.gz`)(
	'the fixtures are what the schema produces',
	() => {
		const schema = loadShopifySchema(DEFAULT_API_VERSION);
		it.each([
			[
				'READ_EDITABLE_LINES_QUERY',
				{ id: 'gid://shopify/Order/148977776', first: 8, after: null },
				EDITABLE_LINES_RESPONSE,
			],
			['ORDER_EDIT_BEGIN_MUTATION', { id: 'gid://shopify/Order/148977776' }, BEGIN_RESPONSE],
		])('%s', async (name, variables, data) => {
			expect(await conformanceErrors(schema, ALL_DOCUMENTS[name], variables, data)).toEqual([]);
		});
	},
);

describe('toEditableLine', () => {
	const [variantLine, customLine] = EDITABLE_LINES_RESPONSE.order.lineItems.nodes;
	it("names the line's variant and product and offers the others, in the shop's currency", () => {
		const line = toEditableLine(variantLine as never, 'CAD');
		expect(line).toMatchObject({
			lineItemId: 'gid://shopify/LineItem/466157049',
			variantId: 'gid://shopify/ProductVariant/39072856',
			productId: 'gid://shopify/Product/632910392',
			unitPrice: { amount: '199.0', currencyCode: 'CAD' },
			discounted: true,
		});
		expect(line.choices).toEqual([
			{
				variantId: 'gid://shopify/ProductVariant/49148385',
				sku: 'IPOD2008RED',
				variantTitle: 'Red',
				price: { amount: '199.00', currencyCode: 'CAD' },
				availableForSale: true,
			},
			// An empty SKU is no SKU: no warehouse could be told.
			expect.objectContaining({ variantId: 'gid://shopify/ProductVariant/457924702', sku: null }),
		]);
	});
	it('a custom line has no variant, no product and no choices', () => {
		expect(toEditableLine(customLine as never, 'CAD')).toMatchObject({
			variantId: null,
			productId: null,
			sku: null,
			choices: [],
			requiresShipping: false,
		});
		expect(toEditableLine(customLine as never, 'CAD').discounted).toBeFalsy();
	});
});

describe('calculatedLineFor', () => {
	const calculated = BEGIN_RESPONSE.orderEditBegin.calculatedOrder.lineItems.nodes;
	const line = {
		lineItemId: 'gid://shopify/LineItem/466157049',
		variantId: 'gid://shopify/ProductVariant/39072856',
		currentQuantity: 1,
	};
	it("matches the LineItem's number when the variant agrees", () => {
		expect(calculatedLineFor(calculated, line, 'f').id).toBe('gid://shopify/CalculatedLineItem/466157049');
	});
	it('falls back to the one calculated line of the same variant and quantity', () => {
		const renumbered = calculated.map((c, i) => ({ ...c, id: `gid://shopify/CalculatedLineItem/9${i}` }));
		expect(calculatedLineFor(renumbered, line, 'f').id).toBe('gid://shopify/CalculatedLineItem/90');
	});
	it('refuses to guess between two lines of the same variant, naming the field', () => {
		const twins = [
			{ ...calculated[0], id: 'gid://shopify/CalculatedLineItem/1' },
			{ ...calculated[0], id: 'gid://shopify/CalculatedLineItem/2' },
		];
		expect(() => calculatedLineFor(twins, line, 'swaps[0].lineItemId')).toThrow(
			expect.objectContaining({ field: 'swaps[0].lineItemId' }),
		);
	});
});
