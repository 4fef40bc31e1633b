/**
 * applySwap over in-memory ports: the order of steps, the races it can lose (the warehouse's pick, Shopify's
 * stock and price), the failures it must leave held and say in words, and the retry that adopts what an
 * earlier attempt already did (nothing is swapped twice).
 */
import { ShopifyUserErrors, SwapNotEvenError } from '../../../nodes/lib/connectors/shopify';
import {
	applySwap,
	evenPrice,
	swapProblem,
	swapReflected,
	warehouseReflects,
	WarehouseSwapError,
	type Decision,
	type EditableLine,
	type LineSwap,
	type SwapShopify,
	type SwapWarehouse,
} from '../../../nodes/lib/selfservice';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const now = () => NOW;
const APPLY: Decision = {
	outcome: 'apply',
	reasons: ['within_minutes'],
	requires: 'warehouse_not_started',
	observedAt: '2026-03-10T11:59:00.000Z',
};

const LINE = 'gid://shopify/LineItem/456';
const SIZE_L = 'gid://shopify/ProductVariant/11';
const SIZE_M = 'gid://shopify/ProductVariant/12';

const SWAP: LineSwap = {
	lineItemId: LINE,
	quantity: 2,
	from: { variantId: SIZE_L, sku: 'TR-L', title: 'Trail Runner', variantTitle: 'L' },
	to: { variantId: SIZE_M, sku: 'TR-M', title: 'Trail Runner', variantTitle: 'M' },
};

function line(overrides: Partial<EditableLine> = {}): EditableLine {
	return {
		lineItemId: LINE,
		variantId: SIZE_L,
		productId: 'gid://shopify/Product/1',
		sku: 'TR-L',
		title: 'Trail Runner',
		variantTitle: 'L',
		currentQuantity: 2,
		unfulfilledQuantity: 2,
		unitPrice: { amount: '89.00', currencyCode: 'USD' },
		requiresShipping: true,
		choices: [
			{
				variantId: SIZE_M,
				sku: 'TR-M',
				variantTitle: 'M',
				price: { amount: '89.0', currencyCode: 'USD' },
				availableForSale: true,
			},
		],
		...overrides,
	};
}

/** Shopify as an order with one line of two L, whose edit swaps it to M (or fails as told). */
function fakeShopify(opts: { failSwap?: Error; failCheck?: Error; lines?: EditableLine[] } = {}) {
	let lines = opts.lines ?? [line()];
	const holds = new Map<string, string[]>([['gid://shopify/FulfillmentOrder/1', []]]);
	const calls = { swap: 0, hold: 0, release: 0, check: 0 };
	const port: SwapShopify = {
		fulfillmentOrders: async () =>
			[...holds].map(([id, handles]) => ({ id, status: handles.length ? 'ON_HOLD' : 'OPEN', holdHandles: handles })),
		hold: async (id, handle) => {
			calls.hold++;
			const adopted = holds.get(id)!.includes(handle);
			if (!adopted) holds.get(id)!.push(handle);
			return { adopted };
		},
		release: async (id, handle) => {
			calls.release++;
			holds.set(
				id,
				holds.get(id)!.filter((h) => h !== handle),
			);
		},
		lines: async () => lines,
		check: async () => {
			calls.check++;
			if (opts.failCheck) throw opts.failCheck;
		},
		swap: async (swaps) => {
			calls.swap++;
			if (opts.failSwap) throw opts.failSwap;
			lines = [
				line({ currentQuantity: 0, unfulfilledQuantity: 0 }),
				line({
					lineItemId: 'gid://shopify/LineItem/789',
					variantId: swaps[0].to.variantId,
					sku: swaps[0].to.sku,
					variantTitle: 'M',
				}),
			];
			return { adopted: false, lines };
		},
	};
	return { port, calls, holds, lines: () => lines };
}

function fakeWarehouse(opts: { status?: string; failSwap?: Error; keepOld?: boolean } = {}) {
	let items = [{ sku: 'TR-L', quantity: 2 }];
	let swaps = 0;
	const port: SwapWarehouse = {
		read: async () => ({
			status: { status: (opts.status ?? 'received') as never, observedAt: NOW.toISOString() },
			items,
		}),
		swapItems: async () => {
			swaps++;
			if (opts.failSwap) throw opts.failSwap;
			if (!opts.keepOld) items = [{ sku: 'TR-M', quantity: 2 }];
			return { adopted: false, items };
		},
	};
	return { port, swaps: () => swaps, items: () => items };
}

const run = (shopify: SwapShopify, warehouse: SwapWarehouse, swaps = [SWAP]) =>
	applySwap({ decision: APPLY, swaps, handle: 'pp-swap-req-1', notifyCustomer: false }, { shopify, warehouse, now });

describe('applySwap', () => {
	it('holds, rechecks, swaps at the warehouse, then in Shopify, reads both back and releases', async () => {
		const shopify = fakeShopify();
		const warehouse = fakeWarehouse();
		const result = await run(shopify.port, warehouse.port);
		expect({ outcome: result.outcome, error: result.error }).toEqual({ outcome: 'applied', error: null });
		expect(result.steps.map((s) => s.step)).toEqual([
			'hold',
			'recheck',
			'warehouse',
			'shopify',
			'read_back',
			'release',
		]);
		expect(result).toMatchObject({ warehouse: 'swapped', shopifySwapped: true, heldFulfillmentOrders: [] });
		expect(warehouse.swaps()).toBe(1);
		expect(shopify.calls.swap).toBe(1);
		expect([...shopify.holds.values()].flat()).toEqual([]);
	});

	it('a retry after the warehouse swapped adopts it there and only finishes Shopify', async () => {
		const shopify = fakeShopify({ failSwap: new Error('Shopify is down (503)') });
		const warehouse = fakeWarehouse();
		const first = await run(shopify.port, warehouse.port);
		expect(first.outcome).toBe('failed');
		expect(first.failedStep).toBe('shopify');
		// The split a person must hear about first, in words, and the order still held by us.
		expect(first.error).toMatch(/^The warehouse has the new items but Shopify still lists the old ones/);
		expect(first.heldFulfillmentOrders).toEqual(['gid://shopify/FulfillmentOrder/1']);
		expect(first).toMatchObject({ warehouse: 'swapped', shopifySwapped: false });

		const healed = fakeShopify();
		// The same order: our hold is still on it from the first attempt.
		healed.holds.set('gid://shopify/FulfillmentOrder/1', ['pp-swap-req-1']);
		const second = await run(healed.port, warehouse.port);
		expect(second.outcome).toBe('applied');
		expect(warehouse.swaps()).toBe(1);
		expect(second.steps.find((s) => s.step === 'warehouse')).toMatchObject({ ok: true, adopted: true });
		expect(second.steps.find((s) => s.step === 'hold')).toMatchObject({ adopted: true });
	});

	it('a retry after both swapped changes nothing and releases our hold', async () => {
		const shopify = fakeShopify();
		const warehouse = fakeWarehouse();
		await shopify.port.swap([SWAP], { notifyCustomer: false });
		await warehouse.port.swapItems([SWAP]);
		const result = await run(shopify.port, warehouse.port);
		expect(result.outcome).toBe('applied');
		expect(shopify.calls.swap).toBe(1);
		expect(warehouse.swaps()).toBe(1);
		expect(result.steps.find((s) => s.step === 'shopify')).toMatchObject({ adopted: true });
	});

	it('the warehouse started picking before the recheck: nothing changes, the request goes to a person', async () => {
		const shopify = fakeShopify();
		const warehouse = fakeWarehouse({ status: 'picked' });
		const result = await run(shopify.port, warehouse.port);
		expect(result.outcome).toBe('approval');
		expect(result.decision.reasons).toEqual(['warehouse_picking']);
		expect(warehouse.swaps()).toBe(0);
		expect(shopify.calls.swap).toBe(0);
		expect([...shopify.holds.values()].flat()).toEqual([]);
	});

	it('the warehouse refuses because it shipped meanwhile: refused, nothing changed, our hold off', async () => {
		const shopify = fakeShopify();
		const refusal = new WarehouseSwapError('shipstation', 'shipped', 'It shipped', 'orderKey', 'Too late', null);
		const result = await run(shopify.port, fakeWarehouse({ failSwap: refusal }).port);
		expect(result.outcome).toBe('refused');
		expect(result.decision.reasons).toEqual(['shipped']);
		expect(shopify.calls.swap).toBe(0);
		expect(result.heldFulfillmentOrders).toEqual([]);
	});

	it('the new variant sold out since the customer chose it: refused item_unavailable, nothing changed', async () => {
		const soldOut = line({
			choices: [{ ...line().choices[0], availableForSale: false }],
		});
		const shopify = fakeShopify({ lines: [soldOut] });
		const warehouse = fakeWarehouse();
		const result = await run(shopify.port, warehouse.port);
		expect(result.outcome).toBe('refused');
		expect(result.decision.reasons).toEqual(['item_unavailable']);
		expect(result.steps.find((s) => s.step === 'recheck')?.detail).toMatch(/no longer for sale/);
		expect(warehouse.swaps()).toBe(0);
		expect(result.heldFulfillmentOrders).toEqual([]);
	});

	it("Shopify's edit, tried without committing, would change the price: refused before the warehouse", async () => {
		const bag = (amount: string) => ({
			shopMoney: { amount, currencyCode: 'USD' },
			presentmentMoney: { amount, currencyCode: 'USD' },
		});
		const notEven = new SwapNotEvenError(bag('178.00'), bag('196.00'));
		const shopify = fakeShopify({ failCheck: notEven });
		const warehouse = fakeWarehouse();
		const result = await run(shopify.port, warehouse.port);
		expect(result.outcome).toBe('refused');
		expect(result.decision.reasons).toEqual(['item_unavailable']);
		expect(result.steps.find((s) => s.step === 'recheck')?.detail).toMatch(/178\.00 USD/);
		expect(warehouse.swaps()).toBe(0);
		expect(shopify.calls.swap).toBe(0);
		expect(result.heldFulfillmentOrders).toEqual([]);
	});

	it('Shopify refuses the edit itself (an order another app created): a person decides, nothing changed', async () => {
		const refused = new ShopifyUserErrors('orderEditBegin', [
			{ field: ['id'], message: 'The order cannot be edited.' },
		]);
		const shopify = fakeShopify({ failCheck: refused });
		const warehouse = fakeWarehouse();
		const result = await run(shopify.port, warehouse.port);
		expect(result.outcome).toBe('approval');
		expect(result.decision.reasons).toEqual(['shopify_edit_refused']);
		expect(warehouse.swaps()).toBe(0);
		expect(result.heldFulfillmentOrders).toEqual([]);
	});

	it('a retry finding the warehouse swapped while Shopify now refuses keeps the hold and says the split', async () => {
		const refused = new ShopifyUserErrors('orderEditAddVariant', [
			{ field: ['variantId'], message: 'The variant is out of stock.' },
		]);
		const shopify = fakeShopify({ failCheck: refused });
		const warehouse = fakeWarehouse();
		// An earlier attempt changed the warehouse, then failed at Shopify.
		await warehouse.port.swapItems([SWAP]);
		const result = await run(shopify.port, warehouse.port);
		expect(result).toMatchObject({ outcome: 'failed', failedStep: 'recheck', warehouse: 'swapped' });
		expect(result.error).toMatch(/^The warehouse has the new items but Shopify still lists the old ones/);
		expect(result.error).toMatch(/shopify_edit_refused/);
		expect(result.heldFulfillmentOrders).toEqual(['gid://shopify/FulfillmentOrder/1']);
		expect(warehouse.swaps()).toBe(1);
	});

	it('Shopify cannot be asked during the recheck: failed at the recheck, held, nothing changed', async () => {
		const shopify = fakeShopify({ failCheck: new Error('Shopify is down (503)') });
		const warehouse = fakeWarehouse();
		const result = await run(shopify.port, warehouse.port);
		expect(result).toMatchObject({ outcome: 'failed', failedStep: 'recheck', warehouse: 'old' });
		expect(warehouse.swaps()).toBe(0);
	});

	it('a warehouse that still shows the old SKU after its write keeps the order held (read back)', async () => {
		const shopify = fakeShopify();
		const result = await run(shopify.port, fakeWarehouse({ keepOld: true }).port);
		expect(result.outcome).toBe('failed');
		expect(result.failedStep).toBe('read_back');
		expect(result.error).toMatch(/the warehouse read back the old items/);
		expect(result.heldFulfillmentOrders).toHaveLength(1);
	});

	it('an order the warehouse does not have yet is swapped in Shopify alone (it arrives so)', async () => {
		const shopify = fakeShopify();
		const warehouse = fakeWarehouse({ status: 'not_found' });
		const result = await run(shopify.port, warehouse.port);
		expect(result.outcome).toBe('applied');
		expect(result.warehouse).toBe('absent');
		expect(warehouse.swaps()).toBe(0);
		expect(result.steps.find((s) => s.step === 'warehouse')?.detail).toMatch(/not at the warehouse yet/);
	});

	it('refuses to run on anything but an apply, or with nothing to swap', async () => {
		const shopify = fakeShopify();
		await expect(
			applySwap(
				{ decision: { ...APPLY, outcome: 'approval' }, swaps: [SWAP], handle: 'h', notifyCustomer: false },
				{ shopify: shopify.port, warehouse: fakeWarehouse().port, now },
			),
		).rejects.toThrow(/not "apply"/);
		await expect(run(shopify.port, fakeWarehouse().port, [])).rejects.toThrow(/no line to swap/);
		await expect(run(shopify.port, fakeWarehouse().port, [SWAP, SWAP])).rejects.toThrow(/named twice/);
	});
});

describe('the swap judgements', () => {
	it('evenPrice compares amounts as numbers within the same currency', () => {
		expect(evenPrice(line(), { amount: '89', currencyCode: 'usd' })).toBe(true);
		expect(evenPrice(line(), { amount: '89.01', currencyCode: 'USD' })).toBe(false);
		expect(evenPrice(line(), { amount: '89.00', currencyCode: 'EUR' })).toBe(false);
		expect(evenPrice(line({ unitPrice: null }), { amount: '89.00', currencyCode: 'USD' })).toBe(false);
	});

	it('swapProblem names what changed since the customer asked', () => {
		expect(swapProblem([line()], SWAP)).toBeNull();
		expect(swapProblem([], SWAP)).toMatch(/no longer on the order/);
		expect(swapProblem([line({ unfulfilledQuantity: 1 })], SWAP)).toMatch(/1 unfulfilled/);
		expect(swapProblem([line({ choices: [] })], SWAP)).toMatch(/no longer a variant/);
		expect(swapProblem([line({ discounted: true })], SWAP)).toMatch(/discount/);
		// Two lines of one SKU (an engraved and a plain one) cannot be told apart at a warehouse.
		const twin = line({ lineItemId: 'gid://shopify/LineItem/999', currentQuantity: 1, unfulfilledQuantity: 1 });
		expect(swapProblem([line(), twin], SWAP)).toMatch(/another line has TR-L/);
		const already = line({ lineItemId: 'gid://shopify/LineItem/998', variantId: SIZE_M, sku: 'TR-M' });
		expect(swapProblem([line(), already], SWAP)).toMatch(/on the order already/);
		expect(
			swapProblem(
				[line({ choices: [{ ...line().choices[0], price: { amount: '99.00', currencyCode: 'USD' } }] })],
				SWAP,
			),
		).toMatch(/price/);
	});

	it('swapReflected and warehouseReflects see a swap made, and only then', () => {
		const made = [
			line({ currentQuantity: 0 }),
			line({ lineItemId: 'gid://shopify/LineItem/789', variantId: SIZE_M, currentQuantity: 2 }),
		];
		expect(swapReflected(made, SWAP)).toBe(true);
		expect(swapReflected([line()], SWAP)).toBe(false);
		expect(swapReflected([line({ currentQuantity: 0 }), { ...made[1], currentQuantity: 1 }], SWAP)).toBe(false);
		expect(warehouseReflects([{ sku: 'TR-M', quantity: 2 }], [SWAP])).toBe(true);
		expect(
			warehouseReflects(
				[
					{ sku: 'TR-M', quantity: 2 },
					{ sku: 'TR-L', quantity: 2 },
				],
				[SWAP],
			),
		).toBe(false);
		expect(warehouseReflects([{ sku: 'TR-M', quantity: 1 }], [SWAP])).toBe(false);
	});
});
