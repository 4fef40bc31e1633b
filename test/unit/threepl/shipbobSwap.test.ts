/**
 * ShipBob's item swap below the port: the plan (which lines of which open shipment become the new inventory id, the
 * complete list kept) and the client's SKU lookup (every page of ShipBob's partial-match search, exactly one item),
 * each refusal naming the field a person has to look at.
 */
import { ValidationError } from '../../../nodes/lib/http/errors';
import { createFetchTransport } from '../../../nodes/lib/http';
import {
	ShipBobClient,
	holdsPlan,
	planShipBobSwaps,
	shipbobLineEditable,
	type ShipBobInventory,
	type ShipBobShipmentLines,
} from '../../../nodes/lib/connectors/shipbob/client';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';

type Line = Record<string, unknown>;
const line = (sku: string, inventoryId: number, quantity: number, lot?: Line): Line => ({
	inventory_id: inventoryId,
	quantity,
	committed_quantity: quantity,
	is_lot: !!lot,
	...(lot ? { lot } : {}),
	product_variant: { id: inventoryId - 100, name: sku, sku },
});
const M: ReadonlyMap<string, ShipBobInventory> = new Map([['TEE-M', { inventoryId: 900, isLot: false }]]);
const swap = (quantity: number, fromSku = 'TEE-L') => ({ fromSku, toSku: 'TEE-M', quantity, toTitle: 'Tee - M' });
const shipment = (id: string, lines: Line[]): ShipBobShipmentLines => ({
	shipmentId: id,
	fulfillmentCenterId: 7,
	lines,
});

function thrown(fn: () => unknown): ValidationError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(ValidationError);
		return error as ValidationError;
	}
	throw new Error('expected a ValidationError');
}

describe('planShipBobSwaps', () => {
	it('replaces the whole line: the other lines as read (lot fields included), the new one without an id', () => {
		const lot = { lot_number: 'L-7', lot_date: '2027-01-01T00:00:00Z', selection_method: 'Specific' };
		const plans = planShipBobSwaps([shipment('1', [line('TEE-L', 501, 2), line('CAP', 502, 1, lot)])], [swap(2)], M);
		expect(plans).toEqual([
			{
				shipmentId: '1',
				items: [
					{
						inventory_id: 502,
						quantity: 1,
						lot_number: 'L-7',
						lot_date: '2027-01-01T00:00:00Z',
						is_manually_assigned_lot: true,
					},
					{ inventory_id: 900, quantity: 2, fulfillment_center_id: 7 },
				],
				touched: [501, 900],
			},
		]);
	});

	it('a line holding more units than the swap keeps the rest', () => {
		const [plan] = planShipBobSwaps([shipment('1', [line('TEE-L', 501, 3)])], [swap(1)], M);
		expect(plan.items).toEqual([
			{ inventory_id: 501, quantity: 2 },
			{ inventory_id: 900, quantity: 1, fulfillment_center_id: 7 },
		]);
	});

	it('the new SKU already on a line without a lot: that line takes the units', () => {
		const [plan] = planShipBobSwaps([shipment('1', [line('TEE-L', 501, 1), line('TEE-M', 900, 1)])], [swap(1)], M);
		expect(plan.items).toEqual([{ inventory_id: 900, quantity: 2 }]);
	});

	it('lots: all of them when together they are the swap, else refused naming the quantity', () => {
		const lots = [
			line('TEE-L', 501, 1, { lot_number: 'A', selection_method: 'ShipbobChooses' }),
			line('TEE-L', 501, 2, { lot_number: 'B', selection_method: 'ShipbobChooses' }),
		];
		expect(planShipBobSwaps([shipment('1', lots)], [swap(3)], M)[0].items).toEqual([
			{ inventory_id: 900, quantity: 3, fulfillment_center_id: 7 },
		]);
		const error = thrown(() => planShipBobSwaps([shipment('1', lots)], [swap(2)], M));
		expect(error.field).toBe('swaps.quantity');
		expect(error.message).toMatch(/holds 3 of TEE-L on 2 lines/);
		expect(error.hint).toMatch(/ShipBob's app/);
	});

	it('several shipments: every unit when together they are the swap, else refused', () => {
		const two = [shipment('1', [line('TEE-L', 501, 1)]), shipment('2', [line('TEE-L', 501, 1), line('CAP', 502, 1)])];
		expect(planShipBobSwaps(two, [swap(2)], M).map((p) => [p.shipmentId, p.items])).toEqual([
			['1', [{ inventory_id: 900, quantity: 1, fulfillment_center_id: 7 }]],
			[
				'2',
				[
					{ inventory_id: 502, quantity: 1 },
					{ inventory_id: 900, quantity: 1, fulfillment_center_id: 7 },
				],
			],
		]);
		const error = thrown(() => planShipBobSwaps(two, [swap(1)], M));
		expect(error.field).toBe('swaps.quantity');
		expect(error.message).toMatch(/spread over 2 ShipBob shipments/);
	});

	it('fewer units than the swap, or none, is refused before anything is planned', () => {
		expect(thrown(() => planShipBobSwaps([shipment('1', [line('TEE-L', 501, 1)])], [swap(2)], M)).field).toBe(
			'swaps.quantity',
		);
		const none = thrown(() => planShipBobSwaps([shipment('1', [line('CAP', 502, 1)])], [swap(1)], M));
		expect(none.field).toBe('swaps.fromSku');
		expect(none.message).toMatch(/holds TEE-L/);
	});

	it('holdsPlan: the swapped inventory at the planned units, whatever else the shipment holds', () => {
		const [plan] = planShipBobSwaps([shipment('1', [line('TEE-L', 501, 2), line('CAP', 502, 1)])], [swap(2)], M);
		expect(holdsPlan([line('CAP', 502, 1), line('TEE-M', 900, 2)], plan)).toBe(true);
		expect(holdsPlan([line('CAP', 502, 5), line('TEE-M', 900, 2)], plan)).toBe(true);
		expect(holdsPlan([line('TEE-L', 501, 2), line('CAP', 502, 1)], plan)).toBe(false);
		expect(holdsPlan([line('TEE-L', 501, 2), line('TEE-M', 900, 2)], plan)).toBe(false);
	});

	it('shipbobLineEditable: not once picking started (status detail) nor labelled, shipped or cancelled', () => {
		expect(shipbobLineEditable({ status: 'Processing', status_details: [] })).toBe(true);
		expect(shipbobLineEditable({ status: 'OnHold', status_details: [{ id: 1, name: 'InvalidAddress' }] })).toBe(true);
		expect(shipbobLineEditable({ status: 'Processing', status_details: [{ id: 100, name: 'Picked' }] })).toBe(false);
		expect(shipbobLineEditable({ status: 'Processing', status_details: [{ id: 999, name: 'Packed' }] })).toBe(false);
		for (const status of ['LabeledCreated', 'Completed', 'Cancelled', 'CleanSweeped'])
			expect(shipbobLineEditable({ status })).toBe(false);
	});
});

describe('ShipBobClient.swapItems: the new SKU resolved at ShipBob', () => {
	let box: RunningSandbox | undefined;
	afterEach(async () => {
		await box?.close();
		box = undefined;
	});
	async function world(options: { inventoryPageSize?: number } = {}) {
		const sim = new ShipBobSim({ orders: 8, ...options });
		box = await startSandbox([sim]);
		const client = new ShipBobClient({
			transport: createFetchTransport(),
			baseUrl: box.baseUrl('shipbob'),
			headers: { authorization: 'Bearer sb-pat-test' },
		});
		const order = sim.orders.find((o) => o.order_number === '1001')!;
		const first = ((order.shipments as Line[])[0].products as Line[])[0];
		const quantity = Number(((first.inventory_items as Line[])[0] as Line).quantity);
		const posts = () => sim.kit.requests.filter((r) => r.method === 'POST');
		return { sim, client, fromSku: String(first.sku), quantity, posts };
	}

	it("reads every page of ShipBob's partial-match search and takes the exact SKU", async () => {
		const w = await world({ inventoryPageSize: 1 });
		const after = await w.client.swapItems('1001', [
			{ fromSku: w.fromSku, toSku: 'SWAP-NEW-M', quantity: w.quantity, toTitle: 'M' },
		]);
		const searches = w.sim.kit.requests.filter((r) => r.path === '/2026-01/inventory');
		expect(searches.length).toBe(2); // SWAP-NEW-M and SWAP-NEW-M-TALL, one a page
		expect((w.posts()[0].json as { items: Line[] }).items).toContainEqual(
			expect.objectContaining({ inventory_id: 7001 }),
		);
		expect(after.fulfillment.heldItems).toContainEqual({ sku: 'SWAP-NEW-M', quantity: w.quantity });
	});

	it.each([
		['DUP-SKU', /2 inventory items with SKU DUP-SKU/, {}],
		['NOPE-XL', /no inventory item with SKU NOPE-XL/, {}],
		['KIT-1', /is a bundle/, {}],
		['OLD-1', /is inactive/, { inactive: true }],
	])('%s is a ValidationError on swaps.toSku, nothing sent', async (toSku, says, how) => {
		const w = await world({ inventoryPageSize: 1 });
		if ((how as { inactive?: boolean }).inactive)
			w.sim.addInventory({ inventoryId: 7100, sku: 'OLD-1', isActive: false });
		const error = await w.client
			.swapItems('1001', [{ fromSku: w.fromSku, toSku, quantity: w.quantity, toTitle: 'x' }])
			.then(
				() => undefined,
				(e: unknown) => e,
			);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error).toMatchObject({ field: 'swaps.toSku', message: expect.stringMatching(says) });
		expect((error as ValidationError).hint).toMatch(/ShipBob's app/);
		expect(w.posts()).toHaveLength(0);
	});
});
