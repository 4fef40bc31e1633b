import type { Address } from '../../../nodes/lib/order';
import {
	applyAddressChange,
	deliversTo,
	type AddressChangeResult,
	type ChangeShopify,
	type ChangeWarehouse,
	type Decision,
	type LiveStatus,
	WarehouseAddressError,
} from '../../../nodes/lib/selfservice';

const OLD: Address = {
	name: 'Ada Byron',
	address1: '9 Elm Avenue',
	city: 'Springfield',
	provinceCode: 'IL',
	zip: '62701',
	countryCode: 'US',
};
const NEW: Address = {
	name: 'Ada Byron',
	address1: '12 Oak St',
	city: 'Springfield',
	provinceCode: 'IL',
	zip: '62702',
	countryCode: 'US',
};
const READ_AT = '2026-12-07T10:00:00.000Z';
const APPLY: Decision = {
	outcome: 'apply',
	reasons: ['within_minutes'],
	requires: 'warehouse_not_started',
	observedAt: READ_AT,
};

/** A store: Shopify with fulfillment orders and holds, a warehouse with a status; every call logged. */
function world(options: { fos?: Array<{ id: string; status: string }>; status?: LiveStatus['status'] } = {}) {
	const calls: string[] = [];
	const holds = new Map<string, Set<string>>();
	const state = {
		fos: options.fos ?? [{ id: 'fo1', status: 'OPEN' }],
		shopifyAddress: { ...OLD } as Address | null,
		warehouseAddress: { ...OLD } as Address | null,
		status: (options.status ?? 'received') as LiveStatus['status'],
		/** Throw at the first call of this name (after logging it). */
		failAt: null as string | null,
		/** The warehouse starts picking right before this call runs. */
		pickBefore: null as string | null,
		/** The warehouse silently keeps its old address. */
		warehouseIgnoresWrites: false,
	};
	let clock = Date.parse(READ_AT);
	const step = (name: string) => {
		calls.push(name);
		if (state.pickBefore === name) state.status = 'picked';
		if (state.failAt === name) {
			state.failAt = null;
			throw new Error(`${name} failed: 503 from the vendor`);
		}
	};
	const shopify: ChangeShopify = {
		fulfillmentOrders: async () => {
			step('shopify.fulfillmentOrders');
			return state.fos.map((fo) => ({ ...fo }));
		},
		hold: async (id, handle) => {
			step(`shopify.hold:${id}`);
			const set = holds.get(id) ?? new Set<string>();
			const adopted = set.has(handle);
			set.add(handle);
			holds.set(id, set);
			return { adopted };
		},
		updateAddress: async (address) => {
			step('shopify.updateAddress');
			state.shopifyAddress = { ...address };
			return state.shopifyAddress;
		},
		readAddress: async () => {
			step('shopify.readAddress');
			return state.shopifyAddress;
		},
		release: async (id, handle) => {
			step(`shopify.release:${id}`);
			holds.get(id)?.delete(handle);
		},
	};
	const warehouse: ChangeWarehouse = {
		read: async () => {
			step('warehouse.read');
			return {
				status: { status: state.status, observedAt: new Date(clock).toISOString() },
				address: state.warehouseAddress,
			};
		},
		changeAddress: async (address) => {
			step('warehouse.changeAddress');
			if (!state.warehouseIgnoresWrites) state.warehouseAddress = { ...address };
			return { address: state.warehouseAddress, adopted: false };
		},
	};
	const now = () => new Date((clock += 1000));
	const held = () => [...holds.entries()].filter(([, set]) => set.size > 0).map(([id]) => id);
	return { calls, state, shopify, warehouse, now, held };
}

async function run(w: ReturnType<typeof world>, decision: Decision = APPLY): Promise<AddressChangeResult> {
	return applyAddressChange(
		{ decision, address: NEW, handle: 'pp-req-1' },
		{ shopify: w.shopify, warehouse: w.warehouse, now: w.now },
	);
}

describe('applyAddressChange', () => {
	it('holds, re-reads, changes the warehouse then Shopify, reads both back, releases: applied', async () => {
		const w = world({
			fos: [
				{ id: 'fo1', status: 'OPEN' },
				{ id: 'fo2', status: 'SCHEDULED' },
			],
		});
		const result = await run(w);
		expect(result.outcome).toBe('applied');
		expect(w.calls).toEqual([
			'shopify.fulfillmentOrders',
			'shopify.hold:fo1',
			'shopify.hold:fo2',
			'warehouse.read',
			'warehouse.changeAddress',
			'shopify.updateAddress',
			'warehouse.read',
			'shopify.readAddress',
			'shopify.release:fo1',
			'shopify.release:fo2',
		]);
		expect(result.steps.map((s) => s.step)).toEqual([
			'hold',
			'hold',
			'recheck',
			'warehouse',
			'shopify',
			'read_back',
			'release',
			'release',
		]);
		expect(result.steps.every((s) => s.ok)).toBe(true);
		expect(result.heldFulfillmentOrders).toEqual([]);
		expect(w.held()).toEqual([]);
		expect(w.state.warehouseAddress?.address1).toBe('12 Oak St');
		expect(w.state.shopifyAddress?.address1).toBe('12 Oak St');
		expect(result.decision).toBe(APPLY);
		// Step times come from the clock, in order.
		const times = result.steps.map((s) => Date.parse(s.at));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
	});

	it('does not hold a fulfillment order already at the warehouse (IN_PROGRESS): its status guards it', async () => {
		const w = world({ fos: [{ id: 'fo1', status: 'IN_PROGRESS' }] });
		const result = await run(w);
		expect(result.outcome).toBe('applied');
		expect(w.calls.filter((c) => c.startsWith('shopify.hold') || c.startsWith('shopify.release'))).toEqual([]);
	});

	it('a warehouse picking since the decision wins the race: hold released, nothing changed, approval', async () => {
		const w = world();
		w.state.pickBefore = 'warehouse.read';
		const result = await run(w);
		expect(result.outcome).toBe('approval');
		expect(result.decision.reasons).toEqual(['warehouse_picking']);
		expect(w.calls).not.toContain('warehouse.changeAddress');
		expect(w.calls).not.toContain('shopify.updateAddress');
		expect(w.held()).toEqual([]);
		expect(w.state.shopifyAddress).toEqual(OLD);
		expect(w.state.warehouseAddress).toEqual(OLD);
	});

	it('a warehouse that shipped meanwhile turns the request into a refusal, with nothing changed', async () => {
		const w = world();
		w.state.status = 'shipped';
		const result = await run(w);
		expect(result.outcome).toBe('refused');
		expect(result.decision.reasons).toEqual(['shipped']);
		expect(w.held()).toEqual([]);
	});

	it('a Shopify fulfillment order closed since the decision sends it to a person, warehouse unasked', async () => {
		const w = world({
			fos: [
				{ id: 'fo1', status: 'OPEN' },
				{ id: 'fo2', status: 'CLOSED' },
			],
		});
		const result = await run(w);
		expect(result.outcome).toBe('approval');
		expect(result.decision.reasons).toEqual(['shopify_fulfillment_closed']);
		expect(w.calls).not.toContain('warehouse.read');
		expect(w.held()).toEqual([]);
	});

	it.each([
		// Counted as held from the moment it is asked for: Shopify may have placed it and lost the answer.
		['shopify.hold:fo1', 'hold', ['fo1']],
		['warehouse.read', 'recheck', ['fo1']],
		['warehouse.changeAddress', 'warehouse', ['fo1']],
		['shopify.updateAddress', 'shopify', ['fo1']],
		['shopify.readAddress', 'read_back', ['fo1']],
	])('a failure at %s stops there and keeps the order held for a person', async (call, step, stillHeld) => {
		const w = world();
		w.state.failAt = call;
		const result = await run(w);
		expect(result.outcome).toBe('failed');
		expect(result.failedStep).toBe(step);
		expect(result.error).toContain('503 from the vendor');
		expect(result.heldFulfillmentOrders).toEqual(stillHeld);
		// A hold whose placing failed is reported as maybe held; here Shopify really did not place it.
		expect(w.held()).toEqual(step === 'hold' ? [] : stillHeld);
		expect(result.steps[result.steps.length - 1]).toMatchObject({ step, ok: false });
		// Nothing after the failed call ran.
		expect(w.calls[w.calls.length - 1]).toBe(call);
	});

	it('a failed release after both changes stuck reports the order still held (address changed)', async () => {
		const w = world();
		w.state.failAt = 'shopify.release:fo1';
		const result = await run(w);
		expect(result.outcome).toBe('failed');
		expect(result.failedStep).toBe('release');
		expect(result.heldFulfillmentOrders).toEqual(['fo1']);
		expect(result.warehouseAddress?.address1).toBe('12 Oak St');
	});

	it('a warehouse that accepts the write but reads back its old address keeps the order held', async () => {
		const w = world();
		w.state.warehouseIgnoresWrites = true;
		const result = await run(w);
		expect(result.outcome).toBe('failed');
		expect(result.failedStep).toBe('read_back');
		expect(result.error).toBe('the warehouse read back another address');
		expect(w.held()).toEqual(['fo1']);
		expect(w.calls).not.toContain('shopify.release:fo1');
	});

	it('a retry of the same request adopts its own hold instead of placing a second', async () => {
		const w = world();
		w.state.failAt = 'warehouse.changeAddress';
		expect((await run(w)).outcome).toBe('failed');
		const again = await run(w);
		expect(again.outcome).toBe('applied');
		expect(again.steps[0]).toMatchObject({ step: 'hold', ok: true, adopted: true });
		expect(w.held()).toEqual([]);
	});

	it('an order not at the warehouse yet is changed in Shopify alone, and must be absent or right after', async () => {
		const w = world({ status: 'not_found' });
		w.state.warehouseAddress = null;
		const result = await run(w);
		expect(result.outcome).toBe('applied');
		expect(w.calls).not.toContain('warehouse.changeAddress');
		expect(result.steps.find((s) => s.step === 'warehouse')).toMatchObject({
			ok: true,
			detail: expect.stringMatching(/not at the warehouse/),
		});
		expect(w.state.shopifyAddress?.address1).toBe('12 Oak St');

		// The order reaches the warehouse, with the old address, while Shopify is being changed.
		const late = world({ status: 'not_found' });
		late.state.warehouseAddress = OLD;
		const arrived = await applyAddressChange(
			{ decision: APPLY, address: NEW, handle: 'pp-req-2' },
			{
				shopify: late.shopify,
				warehouse: {
					read: async () => {
						const r = await late.warehouse.read();
						return late.calls.filter((c) => c === 'warehouse.read').length > 1
							? { ...r, status: { ...r.status, status: 'received' } }
							: r;
					},
					changeAddress: late.warehouse.changeAddress,
				},
				now: late.now,
			},
		);
		expect(arrived).toMatchObject({
			outcome: 'failed',
			failedStep: 'read_back',
			error: 'the warehouse read back another address',
		});
		expect(late.held()).toEqual(['fo1']);
	});

	it("someone else's hold on a fulfillment order (a fraud review) sends the request to a person", async () => {
		const w = world({ fos: [{ id: 'fo1', status: 'ON_HOLD' }] });
		w.shopify.fulfillmentOrders = async () => [{ id: 'fo1', status: 'ON_HOLD', holdHandles: [null] }];
		const result = await run(w);
		expect(result).toMatchObject({ outcome: 'approval', decision: { reasons: ['on_hold'] } });
		expect(w.calls).toEqual([]);
	});

	it.each([
		['picking', 'approval', 'warehouse_picking'],
		['shipped', 'refused', 'shipped'],
		['cancelled', 'approval', 'warehouse_cancelled'],
	] as const)(
		'a warehouse that refuses the write (%s) changed nothing: hold released, %s',
		async (reason, outcome, code) => {
			const w = world();
			w.warehouse.changeAddress = async () => {
				throw new WarehouseAddressError(
					'shipstation',
					reason,
					`ShipStation refused: ${reason}`,
					'orderStatus',
					'x',
					null,
				);
			};
			const result = await run(w);
			expect(result).toMatchObject({ outcome, failedStep: null, decision: { reasons: [code] } });
			expect(w.held()).toEqual([]);
			expect(w.calls).not.toContain('shopify.updateAddress');
		},
	);

	it('refuses to run a decision that is not "apply"', async () => {
		const w = world();
		await expect(run(w, { ...APPLY, outcome: 'approval' })).rejects.toThrow('not "apply"');
		expect(w.calls).toEqual([]);
	});
});

describe('deliversTo', () => {
	it('ignores case, spacing and ZIP punctuation, not the street', () => {
		expect(deliversTo({ ...NEW, address1: '12  oak st', zip: '62702', countryCode: 'us' }, NEW)).toBe(true);
		expect(deliversTo({ ...NEW, zip: '62702-0000' }, { ...NEW, zip: '62702 0000' })).toBe(true);
		expect(deliversTo({ ...NEW, address1: '14 Oak St' }, NEW)).toBe(false);
		expect(deliversTo(null, NEW)).toBe(false);
	});

	it('counts a second line kept from the old address as another address', () => {
		expect(deliversTo({ ...NEW, address2: 'Apt 4' }, { ...NEW, address2: null })).toBe(false);
		expect(deliversTo({ ...NEW, address2: null }, { ...NEW, address2: 'Apt 4' })).toBe(false);
		expect(deliversTo({ ...NEW, address2: '' }, { ...NEW, address2: null })).toBe(true);
	});
});
