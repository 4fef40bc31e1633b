/**
 * The warehouse port against each warehouse's simulator (real HTTP on 127.0.0.1, one virtual clock for the
 * clients' waits): read gives the live status and ship-to; changeAddress writes once, reads back, adopts an
 * address already there (also after a timeout that came after the warehouse acted), and refuses clearly what
 * the warehouse will not do: a shipped order, one it started picking (also when picking starts between the
 * customer's page and the change, or inside the change), Extensiv's API, an order it does not have.
 */
import { TransportError } from '../../../nodes/lib/http/errors';
import { OutcomeUnknownError } from '../../../nodes/lib/http/outcome';
import type { HttpResponse } from '../../../nodes/lib/http/types';
import { EXTENSIV_ADDRESS_UNSUPPORTED } from '../../../nodes/lib/connectors/extensiv/client';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import { createFetchTransport } from '../../../nodes/lib/http';
import type { Address } from '../../../nodes/lib/order/types';
import {
	sameShipTo,
	warehousePort,
	WarehouseAddressError,
	type Warehouse,
	type WarehouseOrderRef,
} from '../../../nodes/lib/selfservice';
import type { RunningSandbox } from '../../sandbox/http';
import { acceptThenFail } from '../../helpers/ambiguous';
import { ALL, HAS_SHIPHERO_SCHEMA, now, rig, WRITABLE, type Rig } from './warehouseRig';

const NEW_ADDRESS: Address = {
	name: 'Ann Lee',
	address1: '9 Elm St',
	address2: 'Unit 2',
	city: 'Denver',
	provinceCode: 'CO',
	zip: '80202',
	countryCode: 'US',
	phone: '555-0101',
};

/** The port's own refusal, for expect(...).rejects. */
async function refusal(promise: Promise<unknown>): Promise<WarehouseAddressError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(WarehouseAddressError);
	return error as WarehouseAddressError;
}

describe('warehouse port', () => {
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

	describe.each(ALL)('%s: read', (warehouse) => {
		it('gives the live status, stamped before asking, with the ship-to and the warehouse id', async () => {
			const r = await using(warehouse);
			const asked = now().toISOString();
			const read = await r.port.read(r.open, now);
			expect(read.status).toEqual({ status: r.openStatus, observedAt: asked });
			expect(read.address).toMatchObject({ address1: expect.stringMatching(/^\d+ MAIN ST$/i) });
			expect(read.address?.city).toBeTruthy();
			expect(read.externalId).toBeTruthy();
			expect((await r.port.read(r.shipped, now)).status.status).toBe('shipped');
		});

		it('says not_found, with no address, for an order the warehouse does not have', async () => {
			const r = await using(warehouse);
			const read = await r.port.read({ orderKey: '9999' }, now);
			expect(read).toEqual({
				status: { status: 'not_found', observedAt: now().toISOString() },
				address: null,
				externalId: null,
				items: [],
			});
		});
	});

	describe.each(WRITABLE)('%s: changeAddress', (warehouse) => {
		it('writes once, reads back, and confirms', async () => {
			const r = await using(warehouse);
			expect(r.port.canChangeAddress).toBe(true);
			const result = await r.port.changeAddress(r.open, NEW_ADDRESS, now);
			expect(result.adopted).toBe(false);
			expect(sameShipTo(result.address, NEW_ADDRESS)).toBe(true);
			expect(result.status.observedAt).toBe(now().toISOString());
			expect(r.writes()).toBe(1);
			// What the warehouse holds, read afresh, is the new address.
			expect(sameShipTo((await r.port.read(r.open, now)).address, NEW_ADDRESS)).toBe(true);
		});

		it('a second change to the same address adopts it: no second write', async () => {
			const r = await using(warehouse);
			await r.port.changeAddress(r.open, NEW_ADDRESS, now);
			const before = r.requests();
			// The same address as the customer may type it again: spaces around it, the codes in lower case.
			const again = await r.port.changeAddress(r.open, { ...NEW_ADDRESS, zip: ' 80202 ', countryCode: 'us' }, now);
			expect(again.adopted).toBe(true);
			expect(sameShipTo(again.address, NEW_ADDRESS)).toBe(true);
			expect(r.writes()).toBe(1);
			expect(r.writesReceived()).toBe(1);
			// It asked (the read that found the address there) and wrote nothing.
			expect(r.requests()).toBeGreaterThan(before);
		});

		it('a timeout after the warehouse acted: the write is not repeated, and a retry adopts', async () => {
			let flaky: ReturnType<typeof acceptThenFail> | undefined;
			const r = await using(warehouse, (inner, sim) => {
				flaky = acceptThenFail(inner, { match: sim.isWrite, mode: 'timeout', times: 1 });
				return flaky;
			});
			const first = await r.port.changeAddress(r.open, NEW_ADDRESS, now);
			expect(flaky!.injected).toBe(1);
			expect(first.adopted).toBe(false);
			expect(sameShipTo(first.address, NEW_ADDRESS)).toBe(true);
			const retry = await r.port.changeAddress(r.open, NEW_ADDRESS, now);
			expect(retry.adopted).toBe(true);
			expect(r.writesReceived()).toBe(1);
		});

		it('a timeout after the warehouse acted, then it is down: unknown, not repeated; a retry adopts', async () => {
			let down = false;
			let dropped = false;
			const r = await using(warehouse, (inner, sim) => async (request) => {
				if (down) return { status: 503, headers: {}, body: 'unavailable' } satisfies HttpResponse;
				const response = await inner(request);
				if (!dropped && sim.isWrite(request)) {
					dropped = true;
					down = true;
					throw new TransportError(`${request.method} ${request.url} failed: timed out`, 'ETIMEDOUT', request);
				}
				return response;
			});
			const first = await r.port.changeAddress(r.open, NEW_ADDRESS, now).then(
				() => undefined,
				(e: unknown) => e,
			);
			// Not a refusal: whether it happened is unknown, and it was not sent again.
			expect(first).toBeInstanceOf(OutcomeUnknownError);
			expect(first).not.toBeInstanceOf(WarehouseAddressError);
			expect(r.writesReceived()).toBe(1);
			down = false;
			const retry = await r.port.changeAddress(r.open, NEW_ADDRESS, now);
			expect(retry).toMatchObject({ adopted: true });
			expect(sameShipTo(retry.address, NEW_ADDRESS)).toBe(true);
			expect(r.writesReceived()).toBe(1);
		});

		it('a shipped order is refused before any write, saying what to do', async () => {
			const r = await using(warehouse);
			const error = await refusal(r.port.changeAddress(r.shipped, NEW_ADDRESS, now));
			expect(error).toMatchObject({ warehouse, reason: 'shipped', field: 'status' });
			expect(error.message).toMatch(new RegExp(`has shipped order ${r.shipped.orderKey}`));
			expect(error.hint).toMatch(/redirect/);
			expect(error.status?.status).toBe('shipped');
			expect(r.writesReceived()).toBe(0);
		});

		it('an order the warehouse does not have is not_found, with no write', async () => {
			const r = await using(warehouse);
			const error = await refusal(r.port.changeAddress({ orderKey: '9999' }, NEW_ADDRESS, now));
			expect(error).toMatchObject({ reason: 'not_found', field: 'orderKey' });
			expect(r.writesReceived()).toBe(0);
		});

		it('an address without a city is refused before the warehouse is asked', async () => {
			const r = await using(warehouse);
			const before = r.requests();
			await expect(r.port.changeAddress(r.open, { ...NEW_ADDRESS, city: ' ' }, now)).rejects.toMatchObject({
				name: 'ValidationError',
				field: 'address.city',
			});
			await expect(r.port.changeAddress(r.open, { ...NEW_ADDRESS, countryCode: null }, now)).rejects.toMatchObject({
				field: 'address.countryCode',
			});
			expect(r.requests()).toBe(before);
		});
	});

	/** ShipHero prints the label when it fulfils the order: it takes a new address while the order is picked. */
	const REFUSE_PICKING = WRITABLE.filter((w) => w !== 'shiphero');

	describe.each(REFUSE_PICKING)('%s: the warehouse starts picking', (warehouse) => {
		it('after the customer’s page was read: the change is refused as picking, the address kept', async () => {
			const r = await using(warehouse);
			const page = await r.port.read(r.open, now);
			expect(page.status.status).toBe(r.openStatus);
			r.startPicking(r.open);
			const error = await refusal(r.port.changeAddress(r.open, NEW_ADDRESS, now));
			expect(error).toMatchObject({ warehouse, reason: 'picking', field: 'status' });
			expect(error.message).toMatch(new RegExp(`is already working on order ${r.open.orderKey}`));
			expect(error.hint).toMatch(/by hand|redirect/);
			expect(error.status?.status).toMatch(/processing|picked|packed/);
			expect(r.writes()).toBe(0);
			expect((await r.port.read(r.open, now)).address).toEqual(page.address);
		});

		it('between the change’s own read and its write: the warehouse’s refusal is the same clear error', async () => {
			let target: WarehouseOrderRef | undefined;
			const r = await using(warehouse, (inner, sim) => async (request) => {
				if (target && sim.isWrite(request)) {
					sim.startPicking(target);
					target = undefined;
				}
				return inner(request);
			});
			const page = await r.port.read(r.open, now);
			target = r.open;
			const error = await refusal(r.port.changeAddress(r.open, NEW_ADDRESS, now));
			expect(error).toMatchObject({ warehouse, reason: 'picking' });
			expect(error.message).toMatch(/no longer takes a new address: /); // with the warehouse's own answer
			expect(r.writesReceived()).toBe(1);
			// ShipMonk answers its one documented answer, 200 "Order not updated: ...", and keeps the address.
			expect(r.writes()).toBe(warehouse === 'shipmonk' ? 1 : 0);
			expect((await r.port.read(r.open, now)).address).toEqual(page.address);
		});
	});

	(HAS_SHIPHERO_SCHEMA ? it : it.skip)(
		'shiphero: an order being picked still takes the address (the label prints at packing)',
		async () => {
			const r = await using('shiphero');
			await r.port.read(r.open, now);
			r.startPicking(r.open);
			const result = await r.port.changeAddress(r.open, NEW_ADDRESS, now);
			expect(result.adopted).toBe(false);
			expect(sameShipTo(result.address, NEW_ADDRESS)).toBe(true);
		},
	);

	describe.each(WRITABLE.filter((w) => w !== 'shipmonk'))('%s: an answer that says yes', (warehouse) => {
		it('is not taken for the address: the read-back shows another one, and the error names the fields', async () => {
			const fakeYes: Record<string, unknown> = {
				shipstation: {},
				shipbob: { id: 1, is_success: true },
				shiphero: { data: { order_update: { request_id: 'x', complexity: 1, order: null } } },
			};
			const r = await using(
				warehouse,
				(inner, sim) => async (request) =>
					sim.isWrite(request)
						? { status: 200, headers: { 'content-type': 'application/json' }, body: fakeYes[warehouse] }
						: inner(request),
			);
			const error = await refusal(r.port.changeAddress(r.open, NEW_ADDRESS, now));
			expect(error).toMatchObject({ reason: 'not_applied', field: 'address.name' });
			expect(error.message).toMatch(/still shows another name, address1, address2, city/);
			expect(r.writesReceived()).toBe(0);
		});
	});

	describe('extensiv', () => {
		it('says it cannot change an address, and changeAddress refuses without asking', async () => {
			const r = await using('extensiv');
			expect(r.port.canChangeAddress).toBe(false);
			const error = await refusal(r.port.changeAddress(r.open, NEW_ADDRESS, now));
			expect(error).toMatchObject({
				warehouse: 'extensiv',
				reason: 'unsupported',
				field: 'warehouse',
				hint: EXTENSIV_ADDRESS_UNSUPPORTED,
				status: null,
			});
			expect(r.requests()).toBe(0);
		});

		it('still reads the status, picking included', async () => {
			const r = await using('extensiv');
			r.startPicking({ orderKey: '1002' });
			expect((await r.port.read({ orderKey: '1002' }, now)).status.status).toBe('processing');
		});
	});

	it('a client of another provider cannot serve as this warehouse', async () => {
		const r = await using('shipbob');
		const client = new ShipBobClient({ transport: createFetchTransport(), baseUrl: r.sandbox.baseUrl('shipbob') });
		expect(() => warehousePort('shipmonk', client)).toThrow(/a shipbob client cannot serve as the shipmonk/);
	});
});
