/**
 * applyCancellation over fake ports that log every call: the steps in their order, each once; a failure at every
 * step leaves our hold on (and says when the warehouse cancelled and Shopify did not); a race lost at the recheck
 * or at the warehouse's cancel releases the hold and changes nothing; an order the warehouse does not have is
 * cancelled in Shopify alone.
 */
import {
	applyCancellation,
	WarehouseCancelError,
	type CancellationResult,
	type CancelShopify,
	type CancelWarehouse,
	type Decision,
	type LiveStatus,
} from '../../../nodes/lib/selfservice';

const READ_AT = '2026-12-07T10:00:00.000Z';
const APPLY: Decision = {
	outcome: 'apply',
	reasons: ['within_minutes'],
	requires: 'warehouse_not_started',
	observedAt: READ_AT,
};
const OPTIONS = { refund: true, notifyCustomer: false };
const HANDLE = 'pp-cancel-req-1';

type Step =
	| 'fulfillmentOrders'
	| 'hold'
	| 'read'
	| 'warehouse.cancel'
	| 'shopify.cancel'
	| 'readCancelledAt'
	| 'release';

/** A store: Shopify with fulfillment orders, holds and a cancel; a warehouse with a status; every call logged. */
function world(
	options: { fos?: Array<{ id: string; status: string; holdHandles?: string[] }>; status?: LiveStatus['status'] } = {},
) {
	const calls: string[] = [];
	const holds = new Map<string, Set<string>>();
	const state = {
		fos: options.fos ?? [{ id: 'fo1', status: 'OPEN' }],
		status: (options.status ?? 'received') as LiveStatus['status'],
		cancelledAt: null as string | null,
		/** Throw at the n-th call of this step (1 = the first). */
		failAt: null as { step: Step; nth?: number } | null,
		/** The warehouse refuses its cancel with this reason (nothing cancelled). */
		warehouseRefuses: null as WarehouseCancelError['reason'] | null,
		/** The warehouse's status changes right before this step runs. */
		before: null as { step: Step; status: LiveStatus['status'] } | null,
		/** Shopify's cancel job has not finished when read. */
		shopifySlow: false,
	};
	const seen = new Map<Step, number>();
	let clock = Date.parse(READ_AT);
	const step = (name: Step, detail = '') => {
		calls.push(detail ? `${name}:${detail}` : name);
		const n = (seen.get(name) ?? 0) + 1;
		seen.set(name, n);
		if (state.before?.step === name) state.status = state.before.status;
		if (state.failAt?.step === name && (state.failAt.nth ?? 1) === n)
			throw new Error(`${name} failed: 503 from the vendor`);
	};
	const live = () => ({ status: state.status, observedAt: new Date(clock).toISOString() });
	const shopify: CancelShopify = {
		fulfillmentOrders: async () => {
			step('fulfillmentOrders');
			return state.fos.map((fo) => ({ ...fo, holdHandles: fo.holdHandles ?? [...(holds.get(fo.id) ?? [])] }));
		},
		hold: async (id, handle) => {
			step('hold', id);
			const set = holds.get(id) ?? new Set<string>();
			const adopted = set.has(handle);
			set.add(handle);
			holds.set(id, set);
			return { adopted };
		},
		cancel: async (options) => {
			step('shopify.cancel', JSON.stringify(options));
			const adopted = state.cancelledAt !== null;
			state.cancelledAt ??= new Date(clock).toISOString();
			for (const fo of state.fos) fo.status = 'CANCELLED';
			return { cancelledAt: state.shopifySlow ? null : state.cancelledAt, adopted };
		},
		readCancelledAt: async () => {
			step('readCancelledAt');
			return state.shopifySlow ? null : state.cancelledAt;
		},
		release: async (id, handle) => {
			step('release', id);
			holds.get(id)?.delete(handle);
		},
	};
	const warehouse: CancelWarehouse = {
		read: async () => {
			step('read');
			return { status: live() };
		},
		cancel: async () => {
			step('warehouse.cancel');
			if (state.status === 'not_found' || state.warehouseRefuses) {
				const reason = state.status === 'not_found' ? 'not_found' : state.warehouseRefuses!;
				throw new WarehouseCancelError('shipbob', reason, `ShipBob would not: ${reason}`, 'status', 'Look.', live());
			}
			const adopted = state.status === 'cancelled';
			state.status = 'cancelled';
			return { adopted, status: live() };
		},
	};
	const now = () => new Date((clock += 1000));
	const held = () => [...holds.entries()].filter(([, set]) => set.size > 0).map(([id]) => id);
	return { calls, state, shopify, warehouse, now, held };
}

async function run(w: ReturnType<typeof world>, decision: Decision = APPLY): Promise<CancellationResult> {
	return applyCancellation(
		{ decision, handle: HANDLE, options: OPTIONS },
		{ shopify: w.shopify, warehouse: w.warehouse, now: w.now },
	);
}

const countOf = (calls: string[], prefix: string) => calls.filter((c) => c.startsWith(prefix)).length;

describe('applyCancellation', () => {
	it('holds, re-reads, cancels at the warehouse then in Shopify, reads both back: applied, none held', async () => {
		const w = world({
			fos: [
				{ id: 'fo1', status: 'OPEN' },
				{ id: 'fo2', status: 'SCHEDULED' },
			],
		});
		const result = await run(w);
		expect(result).toMatchObject({
			outcome: 'applied',
			failedStep: null,
			error: null,
			heldFulfillmentOrders: [],
			warehouse: 'cancelled',
			shopifyCancelled: true,
		});
		expect(w.calls).toEqual([
			'fulfillmentOrders',
			'hold:fo1',
			'hold:fo2',
			'read',
			'warehouse.cancel',
			`shopify.cancel:${JSON.stringify(OPTIONS)}`,
			'read',
			'readCancelledAt',
			'fulfillmentOrders',
		]);
		expect(result.steps.map((s) => `${s.step}:${s.ok}`)).toEqual([
			'hold:true',
			'hold:true',
			'recheck:true',
			'warehouse:true',
			'shopify:true',
			'read_back:true',
			'release:true',
			'release:true',
		]);
		// The cancel closed both fulfillment orders: our hold goes with them, no release is sent.
		expect(result.steps.at(-1)?.detail).toMatch(/closed by the cancel/);
		expect(countOf(w.calls, 'release')).toBe(0);
	});

	it('our hold stays on through the Shopify cancel (the schema does not require a release first)', async () => {
		const w = world();
		await run(w);
		const cancelAt = w.calls.findIndex((c) => c.startsWith('shopify.cancel'));
		expect(w.calls.slice(0, cancelAt).some((c) => c.startsWith('release'))).toBe(false);
		expect(w.calls.indexOf('hold:fo1')).toBeLessThan(cancelAt);
	});

	it('a fulfillment order Shopify left open after the cancel gets our hold released', async () => {
		const w = world();
		w.shopify.cancel = async () => {
			w.calls.push('shopify.cancel');
			w.state.cancelledAt = READ_AT;
			return { cancelledAt: READ_AT, adopted: false };
		};
		const result = await run(w);
		expect(result.outcome).toBe('applied');
		expect(w.calls.at(-1)).toBe('release:fo1');
		expect(w.held()).toEqual([]);
	});

	it('an IN_PROGRESS fulfillment order is left to the warehouse: not held, its cancel covers it', async () => {
		const w = world({ fos: [{ id: 'fo1', status: 'IN_PROGRESS' }] });
		const result = await run(w);
		expect(result.outcome).toBe('applied');
		expect(countOf(w.calls, 'hold')).toBe(0);
		expect(countOf(w.calls, 'warehouse.cancel')).toBe(1);
	});

	it('a warehouse that does not have the order: nothing to cancel there, Shopify cancels it alone', async () => {
		const w = world({ status: 'not_found' });
		const result = await run(w);
		expect(result).toMatchObject({ outcome: 'applied', warehouse: 'absent', shopifyCancelled: true });
		expect(countOf(w.calls, 'warehouse.cancel')).toBe(0);
		expect(result.steps.find((s) => s.step === 'warehouse')?.detail).toMatch(/nothing to cancel there/);
	});

	it('the order left the warehouse between recheck and cancel (not_found): Shopify cancels it alone', async () => {
		const w = world();
		w.state.before = { step: 'warehouse.cancel', status: 'not_found' };
		const result = await run(w);
		expect(result).toMatchObject({ outcome: 'applied', warehouse: 'absent' });
	});

	it.each(['cancelled', 'on_hold'] as const)('a warehouse order %s at the recheck still goes on', async (status) => {
		const w = world({ status });
		const result = await run(w);
		expect(result).toMatchObject({ outcome: 'applied', warehouse: 'cancelled' });
		expect(result.steps.find((s) => s.step === 'warehouse')?.adopted).toBe(status === 'cancelled');
	});

	it('a retry after Shopify cancelled finishes the run and adopts both cancels', async () => {
		const w = world();
		w.state.failAt = { step: 'read', nth: 2 };
		const first = await run(w);
		expect(first).toMatchObject({ outcome: 'failed', failedStep: 'read_back', shopifyCancelled: false });
		const retry = await run(w);
		expect(retry).toMatchObject({ outcome: 'applied', warehouse: 'cancelled', shopifyCancelled: true });
		expect(retry.steps.find((s) => s.step === 'warehouse')?.adopted).toBe(true);
		expect(retry.steps.find((s) => s.step === 'shopify')?.adopted).toBe(true);
		// The retry asks the warehouse port again, which adopts (above); Shopify is not asked to cancel again.
		expect(countOf(w.calls, 'warehouse.cancel')).toBe(2);
		expect(countOf(w.calls, 'shopify.cancel')).toBe(1);
	});

	describe('the race lost: hold released, nothing changed, one outcome', () => {
		it.each([
			['picked', 'approval', 'warehouse_picking'],
			['shipped', 'refused', 'shipped'],
		] as const)('the recheck reads %s: %s', async (status, outcome, reason) => {
			const w = world();
			w.state.before = { step: 'read', status };
			const result = await run(w);
			expect(result).toMatchObject({ outcome, heldFulfillmentOrders: [], warehouse: 'open', shopifyCancelled: false });
			expect(result.decision.reasons).toEqual([reason]);
			expect(countOf(w.calls, 'warehouse.cancel')).toBe(0);
			expect(countOf(w.calls, 'shopify.cancel')).toBe(0);
			expect(w.held()).toEqual([]);
		});

		it.each([
			['picking', 'approval', 'warehouse_picking'],
			['shipped', 'refused', 'shipped'],
		] as const)('the warehouse refuses its cancel as %s: %s', async (refusal, outcome, reason) => {
			const w = world();
			w.state.warehouseRefuses = refusal;
			const result = await run(w);
			expect(result).toMatchObject({ outcome, heldFulfillmentOrders: [] });
			expect(result.decision.reasons).toEqual([reason]);
			expect(result.steps.find((s) => s.step === 'warehouse')).toMatchObject({ ok: false });
			expect(countOf(w.calls, 'shopify.cancel')).toBe(0);
			expect(w.held()).toEqual([]);
		});

		it.each([
			[[{ id: 'fo1', status: 'CLOSED' }], 'shopify_fulfillment_closed'],
			[[{ id: 'fo1', status: 'ON_HOLD', holdHandles: ['fraud-review'] }], 'on_hold'],
		])('Shopify overtook it (%j): approval, nothing held or asked of the warehouse', async (fos, reason) => {
			const w = world({ fos });
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'approval', heldFulfillmentOrders: [] });
			expect(result.decision.reasons).toEqual([reason]);
			// A closed one: is it closed because Shopify cancelled the order (a retry)? It is not.
			expect(w.calls).toEqual(reason === 'on_hold' ? ['fulfillmentOrders'] : ['fulfillmentOrders', 'readCancelledAt']);
		});
	});

	describe('a failure at every step', () => {
		it('hold: the fulfillment order asked for counts as held, nothing else is done', async () => {
			const w = world();
			w.state.failAt = { step: 'hold' };
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'hold', heldFulfillmentOrders: ['fo1'] });
			expect(result.error).toMatch(/hold failed: 503/);
			expect(countOf(w.calls, 'read')).toBe(0);
		});

		it('recheck: held, the warehouse and Shopify untouched', async () => {
			const w = world();
			w.state.failAt = { step: 'read' };
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'recheck', heldFulfillmentOrders: ['fo1'] });
			expect(result).toMatchObject({ warehouse: 'open', shopifyCancelled: false });
			expect(w.held()).toEqual(['fo1']);
		});

		it.each(['refused', 'not_applied'] as const)('warehouse (%s): held, Shopify not cancelled', async (reason) => {
			const w = world();
			w.state.warehouseRefuses = reason;
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'warehouse', heldFulfillmentOrders: ['fo1'] });
			expect(result).toMatchObject({ warehouse: 'open', shopifyCancelled: false });
			expect(countOf(w.calls, 'shopify.cancel')).toBe(0);
		});

		it('warehouse (a vendor failure): held, Shopify not cancelled', async () => {
			const w = world();
			w.state.failAt = { step: 'warehouse.cancel' };
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'warehouse', heldFulfillmentOrders: ['fo1'] });
			expect(result.error).toMatch(/^warehouse.cancel failed/);
		});

		it('shopify: the warehouse cancelled and Shopify did not, said in so many words; still held', async () => {
			const w = world();
			w.state.failAt = { step: 'shopify.cancel' };
			const result = await run(w);
			expect(result).toMatchObject({
				outcome: 'failed',
				failedStep: 'shopify',
				heldFulfillmentOrders: ['fo1'],
				warehouse: 'cancelled',
				shopifyCancelled: false,
			});
			expect(result.error).toMatch(
				/^The warehouse has cancelled the order but Shopify has not: cancel it in Shopify by hand\. shopify\.cancel failed/,
			);
			expect(w.held()).toEqual(['fo1']);
		});

		it('read_back (a failure to read): held', async () => {
			const w = world();
			w.state.failAt = { step: 'readCancelledAt' };
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'read_back', heldFulfillmentOrders: ['fo1'] });
		});

		it('read_back (Shopify’s cancel job has not finished): held, and it says so', async () => {
			const w = world();
			w.state.shopifySlow = true;
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'read_back', shopifyCancelled: false });
			expect(result.error).toMatch(/Shopify shows no cancellation yet/);
			expect(result.error).toMatch(/^The warehouse has cancelled the order but Shopify has not/);
		});

		it('read_back (the warehouse shows the order not cancelled): held', async () => {
			const w = world();
			w.state.before = { step: 'readCancelledAt', status: 'processing' };
			// The warehouse un-cancels between the cancel and the read-back: the read-back catches it.
			w.state.before = { step: 'shopify.cancel', status: 'processing' };
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'read_back' });
			expect(result.error).toMatch(/the warehouse shows the order processing/);
		});

		it('release (reading the fulfillment orders): failed, our hold reported', async () => {
			const w = world();
			w.state.failAt = { step: 'fulfillmentOrders', nth: 2 };
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'release', heldFulfillmentOrders: ['fo1'] });
			expect(result).toMatchObject({ warehouse: 'cancelled', shopifyCancelled: true });
		});

		it('release (the release itself): failed, the fulfillment order still held', async () => {
			const w = world();
			w.shopify.cancel = async () => {
				w.state.cancelledAt = READ_AT;
				return { cancelledAt: READ_AT, adopted: false };
			};
			w.state.failAt = { step: 'release' };
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'release', heldFulfillmentOrders: ['fo1'] });
		});

		it('release after a lost race: failed, with the decision the warehouse made', async () => {
			const w = world();
			w.state.before = { step: 'read', status: 'picked' };
			w.state.failAt = { step: 'release' };
			const result = await run(w);
			expect(result).toMatchObject({ outcome: 'failed', failedStep: 'release', heldFulfillmentOrders: ['fo1'] });
			expect(result.decision.reasons).toEqual(['warehouse_picking']);
		});
	});

	it('refuses to run a decision that is not apply', async () => {
		const w = world();
		await expect(run(w, { ...APPLY, outcome: 'approval' })).rejects.toThrow(/"approval", not "apply"/);
		expect(w.calls).toEqual([]);
	});
});
