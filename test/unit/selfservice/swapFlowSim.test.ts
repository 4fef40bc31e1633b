/**
 * applySwap over the real ports and the simulators: Shopify's Admin API (order editing) and ShipStation (its
 * createorder update) or ShipBob (its shipment :updateLineItems, API 2026-01), with the answer of each vendor's write
 * lost after the vendor acted. Each vendor makes the swap exactly once, both end with the new SKU and without the
 * old, and nothing is held.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { ShopifyClient } from '../../../nodes/lib/connectors/shopify';
import { ShipStationV1Client, shipStationTransport } from '../../../nodes/lib/connectors/shipstation';
import {
	applySwap,
	shopifySwapPort,
	warehousePort,
	warehouseSwapPort,
	type Decision,
	type LineSwap,
} from '../../../nodes/lib/selfservice';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { createShipStationSim } from '../../sandbox/vendors/shipstation';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import { ShopifySim, variantOfSku, type SimOrder } from '../../sandbox/vendors/shopify';
import { acceptThenFail, AMBIGUOUS_MODES, graphqlOperation } from '../../helpers/ambiguous';
import { createVirtualClock } from '../../helpers/virtualClock';

const clock = createVirtualClock(Date.parse('2026-03-10T12:00:00Z'));
const now = () => new Date(clock.now());
const APPLY: Decision = {
	outcome: 'apply',
	reasons: ['within_minutes'],
	requires: 'warehouse_not_started',
	observedAt: '2026-03-10T11:59:00.000Z',
};

describe('applySwap against the Shopify and ShipStation simulators, every answer lost after the vendor acted', () => {
	const boxes: RunningSandbox[] = [];
	afterEach(async () => {
		await Promise.all(boxes.splice(0).map((b) => b.close()));
	});

	/** One order in both systems with the same lines, open; its socks (size M) are swapped to size L. */
	async function world(mode: (typeof AMBIGUOUS_MODES)[number]) {
		const shopify = new ShopifySim({ seed: 7, orders: 12 });
		const shipstation = createShipStationSim({ seed: 7, orders: 12, now: clock.now });
		const box = await startSandbox([shopify, shipstation]);
		boxes.push(box);
		shipstation.baseUrl = box.baseUrl('shipstation');
		const order = [...shopify.allOrders()].find(
			(o) =>
				!o.cancelledAt &&
				o.fulfillmentOrders.every((fo) => fo.status === 'OPEN') &&
				o.lineItems.some((l) => l.sku === 'SOCK-3PK' && l.unfulfilledQuantity === l.currentQuantity),
		) as SimOrder;
		expect(order).toBeDefined();
		// ShipStation holds the same order, open, with the same lines (the store's integration imported it).
		const ss = shipstation.orders.find((o) => o.orderNumber === order.name)!;
		Object.assign(ss, {
			orderStatus: 'awaiting_shipment',
			items: order.lineItems.map((l) => ({
				lineItemKey: l.id.split('/').pop(),
				sku: l.sku,
				name: l.title,
				quantity: l.currentQuantity,
				unitPrice: Number(variantOfSku(l.sku)?.price ?? 0),
			})),
		});
		const lostShopify = acceptThenFail(createFetchTransport(), {
			match: graphqlOperation('orderEditCommit('),
			mode,
			times: 1,
		});
		const client = new ShopifyClient({
			shopDomain: shopify.shopDomain,
			auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
			transport: lostShopify,
			baseUrl: box.baseUrl('shopify'),
			random: () => 0,
			clock,
		});
		const lostWarehouse = acceptThenFail(createFetchTransport(), {
			match: (r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/orders/createorder'),
			mode,
			times: 1,
		});
		const v1 = new ShipStationV1Client({
			transport: shipStationTransport(lostWarehouse, { clock, retry: { random: () => 0.5 } }),
			baseUrl: shipstation.baseUrl,
			auth: { apiKey: 'ss-key', apiSecret: 'ss-secret' },
			clock,
		});
		const socks = order.lineItems.find((l) => l.sku === 'SOCK-3PK')!;
		const large = variantOfSku('SOCK-3PK-L')!;
		const swap: LineSwap = {
			lineItemId: socks.id,
			quantity: socks.currentQuantity,
			from: { variantId: variantOfSku('SOCK-3PK')!.id, sku: 'SOCK-3PK', title: socks.title, variantTitle: 'M' },
			to: { variantId: large.id, sku: large.sku, title: socks.title, variantTitle: 'L' },
		};
		const ref = { orderKey: order.name.replace(/^#/, '') };
		return {
			swap,
			socks,
			shopify: shopifySwapPort(client, { by: 'id', value: order.id }),
			warehouse: warehouseSwapPort(warehousePort('shipstation', { v1 }), ref, now),
			lostShopify,
			lostWarehouse,
			current: () => [...shopify.allOrders()].find((o) => o.id === order.id)!,
			edits: () => shopify.orderEdits.length,
			warehouseWrites: () =>
				shipstation.requests.filter((r) => r.method === 'POST' && r.path === '/orders/createorder').length,
			warehouseItems: () => shipstation.orders.find((o) => o.orderNumber === order.name)!.items,
		};
	}

	it.each(AMBIGUOUS_MODES)(
		'%s on both writes: one edit in Shopify, one write at ShipStation, applied',
		async (mode) => {
			const w = await world(mode);
			const result = await applySwap(
				{ decision: APPLY, swaps: [w.swap], handle: 'pp-swap-req-9', notifyCustomer: false },
				{ shopify: w.shopify, warehouse: w.warehouse, now },
			);
			expect({ outcome: result.outcome, error: result.error }).toEqual({ outcome: 'applied', error: null });
			expect(result).toMatchObject({ warehouse: 'swapped', shopifySwapped: true, heldFulfillmentOrders: [] });
			expect(w.lostShopify.injected).toBe(1);
			expect(w.lostWarehouse.injected).toBe(1);
			expect(w.edits()).toBe(1);
			expect(w.warehouseWrites()).toBe(1);
			// Shopify: the old line emptied, the new variant a line of its own with the same quantity; nothing held.
			const order = w.current();
			expect(order.lineItems.find((l) => l.id === w.socks.id)?.currentQuantity).toBe(0);
			expect(order.lineItems.filter((l) => l.sku === 'SOCK-3PK-L').map((l) => l.currentQuantity)).toEqual([
				w.swap.quantity,
			]);
			expect(order.fulfillmentOrders.every((fo) => fo.fulfillmentHolds.length === 0)).toBe(true);
			// ShipStation: the new SKU in the old one's place, once.
			const skus = w.warehouseItems().map((i) => [i.sku, i.quantity]);
			expect(skus).toContainEqual(['SOCK-3PK-L', w.swap.quantity]);
			expect(skus.map(([sku]) => sku)).not.toContain('SOCK-3PK');
			expect(result.steps.map((s) => s.step)).toEqual([
				'hold',
				'recheck',
				'warehouse',
				'shopify',
				'read_back',
				'release',
			]);
		},
	);

	/** The same order at ShipBob: one open shipment with Shopify's lines, each SKU its own inventory item. */
	async function shipbobWorld(mode: (typeof AMBIGUOUS_MODES)[number]) {
		const shopify = new ShopifySim({ seed: 7, orders: 12 });
		const shipbob = new ShipBobSim({ orders: 1, now: clock.now });
		const box = await startSandbox([shopify, shipbob]);
		boxes.push(box);
		const order = [...shopify.allOrders()].find(
			(o) =>
				!o.cancelledAt &&
				o.fulfillmentOrders.every((fo) => fo.status === 'OPEN') &&
				o.lineItems.some((l) => l.sku === 'SOCK-3PK' && l.unfulfilledQuantity === l.currentQuantity),
		) as SimOrder;
		expect(order).toBeDefined();
		const number = order.name.replace(/^#/, '');
		const inventoryOf = (sku: string) => {
			const held = shipbob.inventory.find((i) => i.sku === sku);
			if (held) return Number(held.inventory_id);
			const id = 8000 + shipbob.inventory.length;
			shipbob.addInventory({ inventoryId: id, sku });
			return id;
		};
		const products = order.lineItems.map((l) => ({
			id: inventoryOf(l.sku!) - 100,
			reference_id: l.sku,
			sku: l.sku,
			name: l.title,
			inventory_items: [
				{
					id: inventoryOf(l.sku!),
					name: l.title,
					quantity: l.currentQuantity,
					quantity_committed: l.currentQuantity,
					is_dangerous_goods: false,
					lot: null,
					expiration_date: null,
					serial_numbers: [],
				},
			],
		}));
		const template = shipbob.orders[0] as Record<string, unknown>;
		const shipment = { ...(template.shipments as Array<Record<string, unknown>>)[0], status: 'Processing', products };
		shipbob.loadOrders([
			{
				...template,
				reference_id: number,
				order_number: number,
				status: 'Processing',
				products: order.lineItems.map((l, j) => ({
					id: j + 1,
					reference_id: l.sku,
					sku: l.sku,
					quantity: l.currentQuantity,
				})),
				shipments: [shipment],
			},
		]);
		const lostShopify = acceptThenFail(createFetchTransport(), {
			match: graphqlOperation('orderEditCommit('),
			mode,
			times: 1,
		});
		const client = new ShopifyClient({
			shopDomain: shopify.shopDomain,
			auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
			transport: lostShopify,
			baseUrl: box.baseUrl('shopify'),
			random: () => 0,
			clock,
		});
		const lostWarehouse = acceptThenFail(createFetchTransport(), {
			match: (r) => r.method === 'POST' && new URL(r.url).pathname.endsWith(':updateLineItems'),
			mode,
			times: 1,
		});
		const bob = new ShipBobClient({
			transport: lostWarehouse,
			baseUrl: box.baseUrl('shipbob'),
			headers: { authorization: 'Bearer sb-pat-test' },
			clock,
			retry: { random: () => 0.5 },
		});
		const socks = order.lineItems.find((l) => l.sku === 'SOCK-3PK')!;
		const large = variantOfSku('SOCK-3PK-L')!;
		const swap: LineSwap = {
			lineItemId: socks.id,
			quantity: socks.currentQuantity,
			from: { variantId: variantOfSku('SOCK-3PK')!.id, sku: 'SOCK-3PK', title: socks.title, variantTitle: 'M' },
			to: { variantId: large.id, sku: large.sku, title: socks.title, variantTitle: 'L' },
		};
		return {
			swap,
			socks,
			shopify: shopifySwapPort(client, { by: 'id', value: order.id }),
			warehouse: warehouseSwapPort(warehousePort('shipbob', bob), { orderKey: number }, now),
			lostShopify,
			lostWarehouse,
			current: () => [...shopify.allOrders()].find((o) => o.id === order.id)!,
			edits: () => shopify.orderEdits.length,
			warehouseWrites: () => shipbob.kit.requests.filter((r) => r.path.endsWith(':updateLineItems')).length,
			warehouseItems: () =>
				(
					(shipbob.orders[0].shipments as Array<Record<string, unknown>>)[0].products as Array<Record<string, unknown>>
				).map((p) => [p.sku, ((p.inventory_items as Array<Record<string, unknown>>)[0] ?? {}).quantity]),
		};
	}

	it.each(AMBIGUOUS_MODES)(
		'%s on both writes with ShipBob: one edit in Shopify, one :updateLineItems at ShipBob, applied',
		async (mode) => {
			const w = await shipbobWorld(mode);
			// ShipBob's order reads `processing` from import on (a picked shipment is only a status detail), which the
			// picking rule (warehouse_not_started) takes for started work: with ShipBob the window is the time rule alone.
			const decision: Decision = { ...APPLY, requires: 'warehouse_not_shipped' };
			const result = await applySwap(
				{ decision, swaps: [w.swap], handle: 'pp-swap-req-9', notifyCustomer: false },
				{ shopify: w.shopify, warehouse: w.warehouse, now },
			);
			expect({ outcome: result.outcome, error: result.error }).toEqual({ outcome: 'applied', error: null });
			expect(result).toMatchObject({ warehouse: 'swapped', shopifySwapped: true, heldFulfillmentOrders: [] });
			expect(w.lostShopify.injected).toBe(1);
			expect(w.lostWarehouse.injected).toBe(1);
			expect(w.edits()).toBe(1);
			expect(w.warehouseWrites()).toBe(1);
			const order = w.current();
			expect(order.lineItems.find((l) => l.id === w.socks.id)?.currentQuantity).toBe(0);
			expect(order.lineItems.filter((l) => l.sku === 'SOCK-3PK-L').map((l) => l.currentQuantity)).toEqual([
				w.swap.quantity,
			]);
			// ShipBob: the shipment holds SOCK-3PK-L (inventory 7006) in the old line's place, once.
			expect(w.warehouseItems()).toContainEqual(['SOCK-3PK-L', w.swap.quantity]);
			expect(w.warehouseItems().map(([sku]) => sku)).not.toContain('SOCK-3PK');
		},
	);

	it('with the picking rule on, a ShipBob order (Processing from import) waits for a person', async () => {
		const w = await shipbobWorld(500);
		const result = await applySwap(
			{ decision: APPLY, swaps: [w.swap], handle: 'pp-swap-req-9', notifyCustomer: false },
			{ shopify: w.shopify, warehouse: w.warehouse, now },
		);
		expect(result.outcome).toBe('approval');
		expect(w.warehouseWrites()).toBe(0);
		expect(w.edits()).toBe(0);
	});
});
