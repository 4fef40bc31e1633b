/**
 * Client behaviour against the simulated ShipStation, in process, on a virtual clock shared by the
 * limiter, the retry backoff and the sim's rate window (so a minute of pacing costs no real time).
 */
import fc from 'fast-check';

import { HttpError, ValidationError } from '../../../nodes/lib/http/errors';
import { type Transport } from '../../../nodes/lib/http/types';
import { withRetry } from '../../../nodes/lib/http/retry';
import { PaginationError, ShipStationV1Client, shipStationTransport } from '../../../nodes/lib/connectors/shipstation';
import { createShipStationSim, inProcessTransport, type ShipStationSim } from '../../sandbox/vendors/shipstation';
import { createVirtualClock } from '../../helpers/virtualClock';

const AUTH = { apiKey: 'ss-key', apiSecret: 'ss-secret' };

function setup(options: { shipments?: number; orders?: number; maxAttempts?: number } = {}) {
	const clock = createVirtualClock(Date.UTC(2026, 2, 10, 12));
	const sim = createShipStationSim({
		seed: 5,
		orders: options.orders ?? 20,
		shipments: options.shipments ?? 0,
		now: clock.now,
	});
	const transport = shipStationTransport(inProcessTransport(sim), {
		clock,
		retry: { maxAttempts: options.maxAttempts ?? 5, random: () => 0.5 },
	});
	const client = new ShipStationV1Client({ transport, baseUrl: sim.baseUrl, auth: AUTH });
	return { clock, sim, client };
}

async function collectShipmentIds(
	client: ShipStationV1Client,
	options: { startPage?: number; pageSize?: number } = {},
): Promise<number[]> {
	const ids: number[] = [];
	for await (const page of client.iterateShipments(
		{},
		{ pageSize: options.pageSize ?? 100, startPage: options.startPage },
	))
		ids.push(...page.items.map((s) => s.shipmentId));
	return ids;
}

function expectedIds(sim: ShipStationSim): number[] {
	return sim.shipments.map((s) => s.shipmentId);
}

describe('pagination survives a 500 in the middle', () => {
	it('a transient 500 on page 3 is retried: every shipment exactly once, in order, no gaps', async () => {
		const { sim, client } = setup({ shipments: 1000 });
		sim.injectFailure({ path: '/shipments', page: 3, status: 500, times: 2 });
		const ids = await collectShipmentIds(client);
		expect(ids).toEqual(expectedIds(sim));
		expect(new Set(ids).size).toBe(1000);
		const page3Calls = sim.requests.filter((r) => r.path === '/shipments' && r.query.page === '3').map((r) => r.status);
		expect(page3Calls).toEqual([500, 500, 200]);
	});

	it(
		'a 500 that outlasts the retries stops at that page and says where to resume; resuming gives the rest, no ' +
			'duplicates',
		async () => {
			const { sim, client } = setup({ shipments: 1000, maxAttempts: 2 });
			sim.injectFailure({ path: '/shipments', page: 6, status: 500, times: 2 });
			const first: number[] = [];
			let failure: unknown;
			try {
				for await (const page of client.iterateShipments({}, { pageSize: 100 }))
					first.push(...page.items.map((s) => s.shipmentId));
			} catch (error) {
				failure = error;
			}
			expect(failure).toBeInstanceOf(PaginationError);
			expect((failure as PaginationError).resumeFromPage).toBe(6);
			expect((failure as PaginationError).itemsYielded).toBe(500);
			expect(((failure as PaginationError).cause as HttpError).status).toBe(500);
			const rest = await collectShipmentIds(client, { startPage: (failure as PaginationError).resumeFromPage });
			const all = [...first, ...rest];
			expect(all).toEqual(expectedIds(sim));
			expect(new Set(all).size).toBe(all.length);
		},
	);

	it('a record sliding across a page boundary while we walk is not yielded twice', async () => {
		const { sim, client } = setup({ shipments: 30 });
		const ids: number[] = [];
		let inserted = false;
		for await (const page of client.iterateShipments({}, { pageSize: 10 })) {
			ids.push(...page.items.map((s) => s.shipmentId));
			if (!inserted) {
				// An older label appears (e.g. a backdated import): everything after it shifts one place down.
				const clone = { ...sim.shipments[0], shipmentId: 1, createDate: '2020-01-01T00:00:00.0000000' };
				sim.addShipment(clone);
				inserted = true;
			}
		}
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of expectedIds(sim).filter((id) => id !== 1)) expect(ids).toContain(id);
	});

	it('malformed JSON on a page is a clear error naming the listing, not a crash or a silent stop', async () => {
		const { sim, client } = setup({ shipments: 300, maxAttempts: 1 });
		sim.injectFailure({ path: '/shipments', page: 2, status: 200, rawBody: '{"shipments": [ {"shipmentId": 1,' });
		await expect(collectShipmentIds(client)).rejects.toThrow(
			expect.objectContaining({ name: 'ValidationError', field: 'shipments' }),
		);
	});
});

describe('pacing on X-Rate-Limit-* headers', () => {
	it('200 calls against 40/minute: no 429 and at least 90% of the allowed rate', async () => {
		const { clock, sim, client } = setup({ shipments: 20_000 });
		const started = clock.now();
		const ids = await collectShipmentIds(client, { pageSize: 100 });
		const minutes = (clock.now() - started) / 60_000;
		expect(ids).toHaveLength(20_000);
		expect(sim.stats.rateLimited).toBe(0);
		expect(sim.stats.requests).toBe(200);
		const fraction = sim.stats.requests / minutes / 40;
		expect(fraction).toBeGreaterThanOrEqual(0.9);
		expect(fraction).toBeLessThanOrEqual(1.05);
	});

	it(
		'the sim really enforces the limit: ' + 'an unpaced client bursting 60 calls gets 429s with the reset header',
		async () => {
			const clock = createVirtualClock();
			const sim = createShipStationSim({ seed: 1, orders: 5, now: clock.now });
			const raw: Transport = inProcessTransport(sim);
			const client = new ShipStationV1Client({ transport: raw, baseUrl: sim.baseUrl, auth: AUTH });
			const statuses: number[] = [];
			for (let i = 0; i < 60; i++) {
				try {
					await client.listOrdersPage({}, 1, 1);
					statuses.push(200);
				} catch (error) {
					statuses.push((error as HttpError).status);
					expect((error as HttpError).headers['x-rate-limit-remaining']).toBe('0');
					expect(Number((error as HttpError).headers['x-rate-limit-reset'])).toBeGreaterThan(0);
				}
			}
			expect(statuses.filter((s) => s === 200)).toHaveLength(40);
			expect(statuses.filter((s) => s === 429)).toHaveLength(20);
		},
	);

	it('retries a 429 after the reset instead of failing (another workflow used the budget)', async () => {
		const clock = createVirtualClock();
		const sim = createShipStationSim({ seed: 1, orders: 5, now: clock.now });
		const burst = new ShipStationV1Client({ transport: inProcessTransport(sim), baseUrl: sim.baseUrl, auth: AUTH });
		for (let i = 0; i < 40; i++) await burst.listOrdersPage({}, 1, 1);
		const paced = new ShipStationV1Client({
			transport: withRetry(inProcessTransport(sim), { clock, random: () => 0.5, baseDelayMs: 20_000 }),
			baseUrl: sim.baseUrl,
			auth: AUTH,
		});
		const page = await paced.listOrdersPage({}, 1, 5);
		expect(page.items).toHaveLength(5);
	});
});

describe('orders', () => {
	it('get by order number keeps exact matches only ("1001", not "10010"), with or without "#"', async () => {
		const { client } = setup({ orders: 30 });
		const found = await client.getOrdersByNumber('#1001');
		expect(found.map((o) => o.orderNumber)).toEqual(['#1001']);
		expect((await client.getOrdersByNumber('1003')).map((o) => o.orderNumber)).toEqual(['#1003']);
		expect(await client.getOrdersByNumber('999999')).toEqual([]);
	});

	it('hold until, restore from hold and mark as shipped change the order as ShipStation does', async () => {
		const { sim, client } = setup({ orders: 10 });
		const order = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
		await client.holdUntil(order.orderId, '2026-12-01');
		expect((await client.getOrder(order.orderId)).orderStatus).toBe('on_hold');
		expect((await client.getOrder(order.orderId)).holdUntilDate).toBe('2026-12-01');
		await client.restoreFromHold(order.orderId);
		expect((await client.getOrder(order.orderId)).orderStatus).toBe('awaiting_shipment');
		await client.markAsShipped({
			orderId: order.orderId,
			carrierCode: 'ups',
			trackingNumber: '1Z999',
			shipDate: '2026-03-10',
		});
		expect((await client.getOrder(order.orderId)).orderStatus).toBe('shipped');
	});

	it('an address change updates the same order in place; a shipped order is refused with the reason', async () => {
		const { sim, client } = setup({ orders: 20 });
		const open = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
		const before = sim.orders.length;
		const updated = await client.updateShippingAddress(open, {
			street1: '1 NEW ST',
			city: 'SEATTLE',
			state: 'WA',
			postalCode: '98101',
		});
		expect(updated.orderId).toBe(open.orderId);
		expect(updated.shipTo).toMatchObject({ street1: '1 NEW ST', city: 'SEATTLE' });
		expect(sim.orders.length).toBe(before);
		const shipped = sim.orders.find((o) => o.orderStatus === 'shipped')!;
		await expect(client.updateShippingAddress(shipped, { street1: 'x' })).rejects.toThrow(
			expect.objectContaining({ field: 'orderStatus' }),
		);
	});

	it('bad input is named: hold date format, missing carrier code', async () => {
		const { client } = setup();
		await expect(client.holdUntil(1, '12/01/2026')).rejects.toThrow(
			expect.objectContaining({ field: 'holdUntilDate' }),
		);
		await expect(client.markAsShipped({ orderId: 1, carrierCode: '' })).rejects.toBeInstanceOf(ValidationError);
	});

	it('wrong credentials give a 401 with a hint to fix the credential', async () => {
		const clock = createVirtualClock();
		const sim = createShipStationSim({ now: clock.now });
		const client = new ShipStationV1Client({
			transport: inProcessTransport(sim),
			baseUrl: sim.baseUrl,
			auth: { apiKey: 'ss-key', apiSecret: 'wrong' },
		});
		await expect(client.listOrdersPage({}, 1)).rejects.toThrow(
			expect.objectContaining({ status: 401, hint: expect.stringContaining('API Settings') }),
		);
	});
});

describe('webhooks', () => {
	it('subscribe, list and unsubscribe; unsubscribing twice is harmless', async () => {
		const { client } = setup();
		const { id } = await client.subscribeWebhook({
			target_url: 'https://n8n/x?token=t',
			event: 'ORDER_NOTIFY',
			store_id: null,
			friendly_name: 'n8n',
		});
		expect((await client.listWebhooks()).map((w) => w.WebHookID)).toEqual([id]);
		await client.unsubscribeWebhook(id);
		await client.unsubscribeWebhook(id);
		expect(await client.listWebhooks()).toEqual([]);
	});

	it('refuses to fetch a resource on another origin even if a caller skipped the check', async () => {
		const { client } = setup();
		await expect(
			client.fetchResourcePage(new URL('https://evil.example.com/shipments'), 'shipments', 1),
		).rejects.toThrow(expect.objectContaining({ field: 'resource_url' }));
	});
});

describe('pagination property: any page size, any failing page, resume gives every shipment exactly once', () => {
	it('holds for random sizes, page sizes and failure points', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 0, max: 260 }),
				fc.integer({ min: 1, max: 60 }),
				fc.integer({ min: 1, max: 8 }),
				async (total, pageSize, failPage) => {
					const clock = createVirtualClock();
					const sim = createShipStationSim({
						seed: total + pageSize,
						orders: 3,
						shipments: total,
						now: clock.now,
						record: false,
					});
					const transport = shipStationTransport(inProcessTransport(sim), {
						clock,
						retry: { maxAttempts: 2, random: () => 0.5 },
					});
					const client = new ShipStationV1Client({ transport, baseUrl: sim.baseUrl, auth: AUTH });
					sim.injectFailure({ path: '/shipments', page: failPage, status: 500, times: 2 });
					const ids: number[] = [];
					let startPage = 1;
					for (let attempt = 0; attempt < 3; attempt++) {
						try {
							for await (const page of client.iterateShipments({}, { pageSize, startPage }))
								ids.push(...page.items.map((s) => s.shipmentId));
							break;
						} catch (error) {
							if (!(error instanceof PaginationError)) throw error;
							startPage = error.resumeFromPage;
						}
					}
					expect(ids).toEqual(sim.shipments.map((s) => s.shipmentId));
				},
			),
			{ numRuns: 30 },
		);
	}, 60_000);
});
