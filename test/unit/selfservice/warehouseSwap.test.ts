/**
 * The warehouse port's item swap against each warehouse's simulator: written once and confirmed by reading back; a
 * swap already there (an earlier attempt, or a person in the warehouse's app) adopted without a write, Extensiv
 * included; refusals before any write (shipped, picking); not_applied when the read-back still shows the old SKU; a
 * lost answer never sent twice. ShipBob (API 2026-01 :updateLineItems): the new SKU's one inventory id, the complete
 * list, every lost-answer mode, and what it cannot map refused before any write.
 */
import type { HttpRequest, HttpResponse } from '../../../nodes/lib/http/types';
import {
	checkedSwaps,
	swapShortfalls,
	WarehouseSwapError,
	type Warehouse,
	type WarehouseItemSwap,
	type WarehouseOrderRef,
} from '../../../nodes/lib/selfservice/warehouse';
import type { RunningSandbox } from '../../sandbox/http';
import { acceptThenFail, AMBIGUOUS_MODES, type AmbiguousMode } from '../../helpers/ambiguous';
import { ALL, HAS_SHIPHERO_SCHEMA, now, rig, type Rig } from './warehouseRig';

const SWAPPABLE: Warehouse[] = [
	'shipstation',
	'shipbob',
	...(HAS_SHIPHERO_SCHEMA ? ['shiphero' as const] : []),
	'shipmonk',
];

/** The request that writes a swap, per warehouse. */
function isSwapWrite(warehouse: Warehouse, r: HttpRequest): boolean {
	const path = new URL(r.url).pathname;
	const body = JSON.stringify(r.body ?? '');
	if (warehouse === 'shipstation') return r.method === 'POST' && path.endsWith('/orders/createorder');
	if (warehouse === 'shipmonk') return r.method === 'POST' && path.endsWith('/v1/integrations/order');
	if (warehouse === 'shiphero') return /order_(add|remove)_line_items\(/.test(body);
	if (warehouse === 'shipbob') return r.method === 'POST' && path.endsWith(':updateLineItems');
	return false;
}

async function refusal(promise: Promise<unknown>): Promise<WarehouseSwapError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(WarehouseSwapError);
	return error as WarehouseSwapError;
}

describe('warehouse port: swapItems', () => {
	let open: RunningSandbox[] = [];
	let sent: HttpRequest[] = [];
	async function using(
		warehouse: Warehouse,
		respond?: (request: HttpRequest) => HttpResponse | undefined,
		lose: boolean | AmbiguousMode = false,
	): Promise<Rig> {
		const r = await rig(warehouse, (inner) => {
			const mode = lose === true ? 'timeout' : lose;
			const base = mode ? acceptThenFail(inner, { match: (q) => isSwapWrite(warehouse, q), mode, times: 1 }) : inner;
			return async (request) => {
				if (isSwapWrite(warehouse, request)) sent.push(request);
				return respond?.(request) ?? base(request);
			};
		});
		open.push(r.sandbox);
		return r;
	}
	afterEach(async () => {
		await Promise.all(open.map((s) => s.close()));
		open = [];
		sent = [];
	});

	/** A swap of the order's first line, whole, to a SKU it does not hold. */
	async function firstLineSwap(r: Rig, ref: WarehouseOrderRef): Promise<WarehouseItemSwap> {
		const { items } = await r.port.read(ref, now);
		expect(items.length).toBeGreaterThan(0);
		return { fromSku: items[0].sku, toSku: 'SWAP-NEW-M', quantity: items[0].quantity, toTitle: 'Trail Runner - M' };
	}

	describe.each(SWAPPABLE)('%s', (warehouse) => {
		it('writes once, reads back and confirms: the new SKU with the quantity, the old one gone', async () => {
			const r = await using(warehouse);
			expect(r.port.canSwapItems).toBe(true);
			const swap = await firstLineSwap(r, r.open);
			const result = await r.port.swapItems(r.open, [swap], now);
			expect(result.adopted).toBe(false);
			expect(result.items).toContainEqual({ sku: 'SWAP-NEW-M', quantity: swap.quantity });
			expect(result.items.map((i) => i.sku)).not.toContain(swap.fromSku);
			// ShipHero's swap is two mutations (add the new line, remove the old one), each once.
			expect(sent.length).toBe(warehouse === 'shiphero' ? 2 : 1);
			expect((await r.port.read(r.open, now)).items).toEqual(result.items);
		});

		it('the same swap again adopts what is there: no second write', async () => {
			const r = await using(warehouse);
			const swap = await firstLineSwap(r, r.open);
			await r.port.swapItems(r.open, [swap], now);
			const writes = sent.length;
			const again = await r.port.swapItems(r.open, [swap], now);
			expect(again.adopted).toBe(true);
			expect(sent.length).toBe(writes);
		});

		it('a lost answer after the warehouse acted is not sent twice, and a retry adopts', async () => {
			const r = await using(warehouse, undefined, true);
			const swap = await firstLineSwap(r, r.open);
			const first = await r.port.swapItems(r.open, [swap], now);
			expect(first.adopted).toBe(false);
			expect(first.items).toContainEqual({ sku: 'SWAP-NEW-M', quantity: swap.quantity });
			const writes = sent.length;
			expect(writes).toBe(warehouse === 'shiphero' ? 2 : 1);
			expect((await r.port.swapItems(r.open, [swap], now)).adopted).toBe(true);
			expect(sent.length).toBe(writes);
		});

		it('a shipped order is refused before any write', async () => {
			const r = await using(warehouse);
			const swap = await firstLineSwap(r, r.shipped);
			const error = await refusal(r.port.swapItems(r.shipped, [swap], now));
			expect(error).toMatchObject({ warehouse, reason: 'shipped', field: 'status' });
			expect(error.hint).toMatch(/exchange/);
			expect(sent.length).toBe(0);
		});

		it('a cancelled order is refused before any write', async () => {
			const r = await using(warehouse);
			const swap = await firstLineSwap(r, r.cancelled);
			expect(await refusal(r.port.swapItems(r.cancelled, [swap], now))).toMatchObject({ reason: 'cancelled' });
			expect(sent.length).toBe(0);
		});

		it('an order the warehouse does not have is not_found, with no write', async () => {
			const r = await using(warehouse);
			const swap = { fromSku: 'A', toSku: 'B', quantity: 1, toTitle: 'B' };
			const error = await refusal(r.port.swapItems({ orderKey: '9999' }, [swap], now));
			expect(error).toMatchObject({ reason: 'not_found', field: 'orderKey' });
			expect(sent.length).toBe(0);
		});
	});

	// ShipBob shows picking as a status detail of a Processing shipment, which the order's status does not say: its
	// refusal is below.
	describe.each(SWAPPABLE.filter((w) => w !== 'shiphero' && w !== 'shipbob'))('%s: picking', (warehouse) => {
		it('an order the warehouse started picking is refused as picking, with no write', async () => {
			const r = await using(warehouse);
			const swap = await firstLineSwap(r, r.open);
			r.startPicking(r.open);
			const error = await refusal(r.port.swapItems(r.open, [swap], now));
			expect(error).toMatchObject({ warehouse, reason: 'picking', field: 'status' });
			expect(error.message).toMatch(/no longer takes other items/);
			expect(sent.length).toBe(0);
		});
	});

	describe.each(['shipstation', 'shipmonk'] as Warehouse[])('%s: an answer that says yes', (warehouse) => {
		it('is not taken for the swap: the read-back still shows the old SKU, so not_applied', async () => {
			const yes: Record<string, unknown> = { shipstation: {}, shipmonk: { message: 'Order updated' } };
			const r = await using(warehouse, (request) =>
				isSwapWrite(warehouse, request)
					? { status: 200, headers: { 'content-type': 'application/json' }, body: yes[warehouse] }
					: undefined,
			);
			const swap = await firstLineSwap(r, r.open);
			const error = await refusal(r.port.swapItems(r.open, [swap], now));
			expect(error).toMatchObject({ reason: 'not_applied', field: 'swaps' });
			expect(error.message).toMatch(new RegExp(`${swap.fromSku} still there.*SWAP-NEW-M missing`));
			expect(sent.length).toBe(1);
		});
	});

	describe.each(ALL)('%s: a swap already made by hand', (warehouse) => {
		it('is adopted without a write (the old SKU gone, the new one there)', async () => {
			const r = await using(warehouse);
			const { items } = await r.port.read(r.open, now);
			// As a person would leave it: the swapped-from SKU is not on the order, the new one is.
			const byHand = { fromSku: 'GONE-L', toSku: items[0].sku, quantity: items[0].quantity, toTitle: 'x' };
			const result = await r.port.swapItems(r.open, [byHand], now);
			expect(result).toMatchObject({ adopted: true, items });
			expect(sent.length).toBe(0);
		});
	});

	describe.each(['extensiv'] as Warehouse[])('%s', (warehouse) => {
		it('cannot swap through its API: unsupported, after the read', async () => {
			const r = await using(warehouse);
			expect(r.port.canSwapItems).toBe(false);
			const swap = await firstLineSwap(r, r.open);
			const before = r.requests();
			const error = await refusal(r.port.swapItems(r.open, [swap], now));
			expect(error).toMatchObject({ warehouse, reason: 'unsupported', field: 'warehouse' });
			expect(error.hint).toMatch(/itself|app|Warehouse Manager/);
			expect(r.requests()).toBeGreaterThan(before);
			expect(r.writesReceived()).toBe(0);
		});
	});

	describe('shipbob: shipment line items (API 2026-01)', () => {
		type Line = Record<string, unknown>;
		const posts = (r: Rig) =>
			r.shipbobSim!.kit.requests.filter((q) => q.method === 'POST' && q.path.endsWith(':updateLineItems'));
		const itemsSent = (q: HttpRequest) => (q.body as { items: Line[] }).items;
		const shipmentOf = (r: Rig, orderKey: string) =>
			(r.shipbobSim!.orders.find((o) => o.order_number === orderKey)!.shipments as Line[])[0];

		it.each(AMBIGUOUS_MODES)('%s after ShipBob acted: one write, the swap adopted and read back', async (mode) => {
			const r = await using('shipbob', undefined, mode);
			const swap = await firstLineSwap(r, r.open);
			const result = await r.port.swapItems(r.open, [swap], now);
			expect(result.items).toContainEqual({ sku: 'SWAP-NEW-M', quantity: swap.quantity });
			expect(result.items.map((i) => i.sku)).not.toContain(swap.fromSku);
			expect(sent).toHaveLength(1);
			expect(posts(r)).toHaveLength(1);
			expect((await r.port.read(r.open, now)).items).toEqual(result.items);
		});

		it("sends the new SKU's one inventory id (not a partial match's), its center, no line id", async () => {
			const r = await using('shipbob');
			const swap = await firstLineSwap(r, r.open);
			await r.port.swapItems(r.open, [swap], now);
			const items = itemsSent(sent[0]);
			// SWAP-NEW-M is inventory 7001; ShipBob's partial-match search also returns SWAP-NEW-M-TALL (7002).
			expect(items).toContainEqual({ inventory_id: 7001, quantity: swap.quantity, fulfillment_center_id: 7 });
			expect(items.map((i) => i.inventory_id)).not.toContain(7002);
			expect(items.filter((i) => 'id' in i)).toEqual([]);
			const products = shipmentOf(r, '1001').products as Line[];
			expect(products.map((p) => [p.sku, (p.inventory_items as Line[]).map((i) => [i.id, i.quantity])])).toContainEqual(
				['SWAP-NEW-M', [[7001, swap.quantity]]],
			);
		});

		it('a shipment of two lines gets the complete list back: the other line as it was', async () => {
			const r = await using('shipbob');
			const shipment = shipmentOf(r, '1001');
			const kept = {
				id: 5003,
				reference_id: 'CAP-NVY',
				sku: 'CAP-NVY',
				name: 'CAP-NVY',
				inventory_items: [
					{ id: 5103, name: 'CAP-NVY', quantity: 2, quantity_committed: 2, is_dangerous_goods: false, lot: null },
				],
			};
			(shipment.products as Line[]).splice(0, (shipment.products as Line[]).length - 1);
			(shipment.products as Line[]).push(kept);
			const swap = await firstLineSwap(r, r.open);
			expect(swap.fromSku).not.toBe('CAP-NVY');
			const result = await r.port.swapItems(r.open, [swap], now);
			expect(itemsSent(sent[0])).toEqual([
				{ inventory_id: 5103, quantity: 2 },
				{ inventory_id: 7001, quantity: swap.quantity, fulfillment_center_id: 7 },
			]);
			expect(result.items).toEqual([
				{ sku: 'CAP-NVY', quantity: 2 },
				{ sku: 'SWAP-NEW-M', quantity: swap.quantity },
			]);
		});

		it('a shipment picking has reached is refused before any write', async () => {
			const r = await using('shipbob');
			const swap = await firstLineSwap(r, r.open);
			r.startPicking(r.open);
			const error = await refusal(r.port.swapItems(r.open, [swap], now));
			// The order's status (Processing) does not say picked; the client's refusal does, before writing.
			expect(error).toMatchObject({ warehouse: 'shipbob', reason: 'refused', field: 'swaps' });
			expect(error.message).toMatch(/no ShipBob shipment whose items can still change/);
			expect(sent).toHaveLength(0);
			expect(r.shipbobSim!.kit.requests.some((q) => q.path.endsWith(':getLineItems'))).toBe(false);
		});

		it("picked between read and write: ShipBob's 200 is_success false is a refusal in its words", async () => {
			let target: Rig | undefined;
			const r = await using('shipbob', (request) => {
				if (target && isSwapWrite('shipbob', request)) {
					target.startPicking(target.open);
					target = undefined;
				}
				return undefined;
			});
			const swap = await firstLineSwap(r, r.open);
			target = r;
			const error = await refusal(r.port.swapItems(r.open, [swap], now));
			expect(error).toMatchObject({ warehouse: 'shipbob', reason: 'refused', field: 'swaps' });
			expect(error.message).toMatch(/CONFLICT \(Shipment \d+ is picked: its items can no longer change\)/);
			expect(sent).toHaveLength(1);
			expect((await r.port.read(r.open, now)).items).toContainEqual({ sku: swap.fromSku, quantity: swap.quantity });
		});

		it.each([
			['NOPE-XL', /no inventory item with SKU NOPE-XL/],
			['DUP-SKU', /2 inventory items with SKU DUP-SKU \(7003, 7004\)/],
			['KIT-1', /SKU KIT-1 is a bundle/],
		])('a new SKU ShipBob cannot name one inventory item for (%s) is refused, nothing written', async (toSku, says) => {
			const r = await using('shipbob');
			const swap = { ...(await firstLineSwap(r, r.open)), toSku };
			const error = await refusal(r.port.swapItems(r.open, [swap], now));
			expect(error).toMatchObject({ warehouse: 'shipbob', reason: 'refused', field: 'swaps' });
			expect(error.message).toMatch(says);
			expect(sent).toHaveLength(0);
			expect(posts(r)).toHaveLength(0);
		});
	});

	describe('pure checks', () => {
		it('checkedSwaps names the field of a swap no warehouse can take', () => {
			expect(() => checkedSwaps([])).toThrow(expect.objectContaining({ field: 'swaps' }));
			expect(() => checkedSwaps([{ fromSku: 'A', toSku: ' ', quantity: 1, toTitle: 'B' }])).toThrow(
				expect.objectContaining({ field: 'swaps[0].toSku' }),
			);
			expect(() => checkedSwaps([{ fromSku: 'A', toSku: 'B', quantity: 0, toTitle: 'B' }])).toThrow(
				expect.objectContaining({ field: 'swaps[0].quantity' }),
			);
			expect(() => checkedSwaps([{ fromSku: 'A', toSku: 'A', quantity: 1, toTitle: 'A' }])).toThrow(
				expect.objectContaining({ field: 'swaps[0].toSku' }),
			);
		});

		it('swapShortfalls: the new SKU twice is a shortfall, as is the old one left', () => {
			const swap = { fromSku: 'L', toSku: 'M', quantity: 2, toTitle: 'M' };
			const before = [{ sku: 'L', quantity: 2 }];
			expect(swapShortfalls(before, [{ sku: 'M', quantity: 2 }], [swap])).toEqual([]);
			expect(
				swapShortfalls(
					before,
					[
						{ sku: 'M', quantity: 2 },
						{ sku: 'M', quantity: 2 },
					],
					[swap],
				),
			).toEqual(['M appears twice (4, wanted 2)']);
			expect(swapShortfalls(before, before, [swap])).toEqual(['L still there (2)', 'M missing (wanted 2)']);
		});
	});
});
