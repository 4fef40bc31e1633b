/**
 * The warehouse port's cancel against each warehouse's simulator: it reads first, adopts an order already
 * cancelled, sends the cancel once and confirms it by reading back, also when the warehouse acted and its answer
 * was lost (every lost-answer mode: exactly one cancel reaches the warehouse); it refuses what there is nothing to
 * cancel (not_found), a shipped order, and work started that the warehouse's API does not stop (picking), per
 * warehouse as STARTED_WORK documents; a vendor failure is thrown as it is.
 */
import { TransportError } from '../../../nodes/lib/http/errors';
import { OutcomeUnknownError } from '../../../nodes/lib/http/outcome';
import type { HttpResponse } from '../../../nodes/lib/http/types';
import { WarehouseCancelError, type Warehouse, type WarehouseOrderRef } from '../../../nodes/lib/selfservice';
import type { RunningSandbox } from '../../sandbox/http';
import { acceptThenFail, AMBIGUOUS_MODES } from '../../helpers/ambiguous';
import { ALL, now, rig, type Rig } from './warehouseRig';

/** The port's own refusal of a cancel. */
async function refusal(promise: Promise<unknown>): Promise<WarehouseCancelError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(WarehouseCancelError);
	return error as WarehouseCancelError;
}

/** Warehouses whose API does not stop work started, so the port refuses before sending. */
const REFUSED_BEFORE_SENDING: Warehouse[] = ['shipstation', 'shipmonk', 'extensiv'];

describe('warehouse port: cancel', () => {
	let open: RunningSandbox[] = [];
	async function using(warehouse: Warehouse, wrap?: Parameters<typeof rig>[1]): Promise<Rig> {
		const r = await rig(warehouse, wrap);
		open.push(r.sandbox);
		return r;
	}
	afterEach(async () => {
		await Promise.all(open.map((s) => s.close()));
		open = [];
	});

	describe.each(ALL)('%s', (warehouse) => {
		it('cancels an open order with one cancel, confirmed by reading it back', async () => {
			const r = await using(warehouse);
			expect(r.port.canCancel).toBe(true);
			const result = await r.port.cancel(r.open, now);
			expect(result).toMatchObject({
				adopted: false,
				status: { status: 'cancelled', observedAt: now().toISOString() },
			});
			expect(result.externalId).toBeTruthy();
			expect(r.cancelsReceived()).toBe(1);
			expect((await r.port.read(r.open, now)).status.status).toBe('cancelled');
		});

		it('adopts an order already cancelled, and a second cancel: nothing more is sent', async () => {
			const r = await using(warehouse);
			expect(await r.port.cancel(r.cancelled, now)).toMatchObject({ adopted: true, status: { status: 'cancelled' } });
			expect(r.cancelsReceived()).toBe(0);
			await r.port.cancel(r.open, now);
			expect(await r.port.cancel(r.open, now)).toMatchObject({ adopted: true });
			expect(r.cancelsReceived()).toBe(1);
		});

		it.each(AMBIGUOUS_MODES)(
			'the warehouse cancels and the answer is lost (%s): one cancel, confirmed',
			async (mode) => {
				let flaky: ReturnType<typeof acceptThenFail> | undefined;
				const r = await using(warehouse, (inner, sim) => {
					flaky = acceptThenFail(inner, { match: sim.isCancel, mode, times: 1 });
					return flaky;
				});
				const result = await r.port.cancel(r.open, now);
				expect(flaky!.injected).toBe(1);
				expect(result.status.status).toBe('cancelled');
				expect(r.cancelsReceived()).toBe(1);
				// A retry of the whole step finds it done.
				expect(await r.port.cancel(r.open, now)).toMatchObject({ adopted: true });
				expect(r.cancelsReceived()).toBe(1);
			},
		);

		it('the answer is lost and the warehouse goes down: unknown, not repeated; a retry adopts', async () => {
			let down = false;
			let dropped = false;
			const r = await using(warehouse, (inner, sim) => async (request) => {
				if (down) return { status: 503, headers: {}, body: 'unavailable' } satisfies HttpResponse;
				const response = await inner(request);
				if (!dropped && sim.isCancel(request)) {
					dropped = true;
					down = true;
					throw new TransportError(`${request.method} ${request.url} failed: timed out`, 'ETIMEDOUT', request);
				}
				return response;
			});
			const first = await r.port.cancel(r.open, now).then(
				() => undefined,
				(e: unknown) => e,
			);
			expect(first).toBeInstanceOf(OutcomeUnknownError);
			expect(first).not.toBeInstanceOf(WarehouseCancelError);
			expect(r.cancelsReceived()).toBe(1);
			down = false;
			expect(await r.port.cancel(r.open, now)).toMatchObject({ adopted: true, status: { status: 'cancelled' } });
			expect(r.cancelsReceived()).toBe(1);
		});

		it('a vendor that is down is thrown as it is, before anything is sent', async () => {
			const r = await using(warehouse, () => async () => ({ status: 503, headers: {}, body: 'unavailable' }));
			const error = await r.port.cancel(r.open, now).then(
				() => undefined,
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(Error);
			expect(error).not.toBeInstanceOf(WarehouseCancelError);
			expect(r.cancelsReceived()).toBe(0);
		});

		it('a shipped order is refused as shipped, with nothing sent and what to do', async () => {
			const r = await using(warehouse);
			const error = await refusal(r.port.cancel(r.shipped, now));
			expect(error).toMatchObject({ warehouse, reason: 'shipped', field: 'status' });
			expect(error.message).toMatch(new RegExp(`has shipped order ${r.shipped.orderKey}.*can no longer be cancelled`));
			expect(error.hint).toMatch(/return/);
			expect(error.status?.status).toMatch(/shipped/);
			expect(r.cancelsReceived()).toBe(0);
		});

		it('an order the warehouse does not have is not_found: nothing to cancel there, nothing sent', async () => {
			const r = await using(warehouse);
			const error = await refusal(r.port.cancel({ orderKey: '9999' }, now));
			expect(error).toMatchObject({ reason: 'not_found', field: 'orderKey' });
			expect(error.message).toMatch(/nothing to cancel there/);
			expect(r.cancelsReceived()).toBe(0);
		});
	});

	describe.each(REFUSED_BEFORE_SENDING)('%s: work started', (warehouse) => {
		it('an order the warehouse is picking is refused as picking, nothing sent', async () => {
			const r = await using(warehouse);
			r.startPicking(r.open);
			const error = await refusal(r.port.cancel(r.open, now));
			expect(error).toMatchObject({ warehouse, reason: 'picking', field: 'status' });
			expect(error.message).toMatch(/is already working on order .* its API does not stop that work/);
			expect(error.hint).toMatch(/by hand/);
			expect(r.cancelsReceived()).toBe(0);
			expect((await r.port.read(r.open, now)).status.status).not.toBe('cancelled');
		});
	});

	it('shipbob: a picked order reads as Processing; ShipBob answers Failure and changes nothing: picking', async () => {
		const r = await using('shipbob');
		r.startPicking(r.open);
		const error = await refusal(r.port.cancel(r.open, now));
		expect(error).toMatchObject({ reason: 'picking', status: { status: 'processing' } });
		expect(r.cancelsReceived()).toBe(1);
		expect((await r.port.read(r.open, now)).status.status).toBe('processing');
	});

	it('shiphero: an order being picked is cancelled (its API refuses only labels and shipments)', async () => {
		const r = await using('shiphero');
		r.startPicking(r.open);
		expect(await r.port.cancel(r.open, now)).toMatchObject({ adopted: false, status: { status: 'cancelled' } });
	});

	describe('picking starts between the port’s read and its cancel', () => {
		async function race(warehouse: Warehouse): Promise<{ r: Rig; error: unknown }> {
			let target: WarehouseOrderRef | undefined;
			const r = await using(warehouse, (inner, sim) => async (request) => {
				if (target && sim.isCancel(request)) {
					sim.startPicking(target);
					target = undefined;
				}
				return inner(request);
			});
			target = r.open;
			const error = await r.port.cancel(r.open, now).then(
				() => undefined,
				(e: unknown) => e,
			);
			return { r, error };
		}

		it.each(['shipstation', 'shipbob', 'extensiv'] as const)(
			'%s refuses it: picking, with its answer, the order not cancelled',
			async (warehouse) => {
				const { r, error } = await race(warehouse);
				expect(error).toBeInstanceOf(WarehouseCancelError);
				expect(error).toMatchObject({ reason: 'picking' });
				expect(r.cancelsReceived()).toBe(1);
				expect((await r.port.read(r.open, now)).status.status).not.toBe('cancelled');
			},
		);

		it('shipmonk only asks its warehouse (cancellation_requested): not_applied, it may still ship', async () => {
			const { r, error } = await race('shipmonk');
			expect(error).toBeInstanceOf(WarehouseCancelError);
			expect(error).toMatchObject({ reason: 'not_applied', field: 'status' });
			expect((error as Error).message).toMatch(/does not show order 1001 cancelled .*cancellation_requested/);
			expect((error as WarehouseCancelError).hint).toMatch(/may still ship/);
			expect(r.cancelsReceived()).toBe(1);
		});
	});

	it('an answer that says yes is not taken for the cancel: the order read back decides (not_applied)', async () => {
		const r = await using(
			'shipstation',
			(inner, sim) => async (request) =>
				sim.isCancel(request)
					? { status: 200, headers: { 'content-type': 'application/json' }, body: {} }
					: inner(request),
		);
		const error = await refusal(r.port.cancel(r.open, now));
		expect(error).toMatchObject({ reason: 'not_applied' });
		expect(r.cancelsReceived()).toBe(0);
	});
});
