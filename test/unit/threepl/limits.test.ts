/** Provider limits: pacing decisions in isolation (virtual clock) and ShipMonk's Retry-After dates end to end. */
import { createFetchTransport } from '../../../nodes/lib/http';
import { ShipBobLimiter, shipbobRetryClassifier } from '../../../nodes/lib/connectors/shipbob/client';
import { ShipMonkClient, ShipMonkLimiter } from '../../../nodes/lib/connectors/shipmonk/client';
import { ShipHeroCreditLimiter } from '../../../nodes/lib/connectors/shiphero/client';
import { SHIPHERO_ORDERS_UPDATED_SINCE } from '../../../nodes/lib/connectors/shiphero/documents';
import { startSandbox } from '../../sandbox/http';
import { ShipMonkSim } from '../../sandbox/vendors/shipmonk';
import { createVirtualClock } from '../../helpers/virtualClock';

describe('ShipMonk orders-list budget (1,000 per 30 minutes)', () => {
	it('the 1,001st orders-list call waits for the window; other endpoints are not held back', async () => {
		const clock = createVirtualClock(0);
		const limiter = new ShipMonkLimiter(clock);
		const list = { method: 'GET' as const, url: 'https://api.shipmonk.com/v1/integrations/orders-list' };
		for (let i = 0; i < 1000; i++) await limiter.acquire(list);
		expect(clock.now()).toBe(0);
		await limiter.acquire({ method: 'GET', url: 'https://api.shipmonk.com/v1/integrations/orders' });
		expect(clock.now()).toBe(0);
		await limiter.acquire(list);
		expect(clock.now()).toBe(30 * 60_000);
	});

	it('a 429 with Retry-After as an HTTP date is waited out, and the listing completes', async () => {
		const clock = createVirtualClock(Date.parse('2026-01-07T00:00:00Z'));
		const sim = new ShipMonkSim({ orders: 450, now: clock.now, ordersListLimit: 2, ordersListWindowMs: 30 * 60_000 });
		const box = await startSandbox([sim]);
		try {
			const client = new ShipMonkClient({
				transport: createFetchTransport(),
				baseUrl: box.baseUrl('shipmonk'),
				headers: { 'api-key': 'sm-key-test' },
				clock,
				retry: { random: () => 0.5 },
			});
			const result = await client.listOrdersUpdatedSince('2026-01-01T00:00:00Z');
			expect(result.snapshots).toHaveLength(450);
			const refused = sim.kit.requests.filter((r) => r.status === 429);
			expect(refused.length).toBeGreaterThan(0);
			expect(clock.now() - Date.parse('2026-01-07T00:00:00Z')).toBeGreaterThanOrEqual(2 * 30 * 60_000);
		} finally {
			await box.close();
		}
	});
});

describe('ShipBob limiter', () => {
	it(
		'never sends more than 148 in any minute of its own, and pauses when x-remaining-calls says the shared budget ' +
			'is gone',
		async () => {
			const clock = createVirtualClock(0);
			const limiter = new ShipBobLimiter(clock);
			for (let i = 0; i < 148; i++) await limiter.acquire();
			expect(clock.now()).toBe(0);
			await limiter.acquire();
			expect(clock.now()).toBe(60_000);
			limiter.observe({ status: 429, headers: { 'x-retry-after': '25', 'x-remaining-calls': '0' }, body: {} });
			const before = clock.now();
			await limiter.acquire();
			expect(clock.now() - before).toBe(25_000);
			expect(shipbobRetryClassifier({ status: 429, headers: { 'x-retry-after': '7' }, body: {} })).toEqual({
				retry: true,
				delayMs: 7000,
			});
		},
	);
});

describe('ShipHero credit limiter', () => {
	it('takes the estimate before sending and settles on the complexity ShipHero reports', async () => {
		const clock = createVirtualClock(0);
		const limiter = new ShipHeroCreditLimiter(clock);
		const request = {
			method: 'POST' as const,
			url: 'https://public-api.shiphero.com/graphql',
			body: { query: SHIPHERO_ORDERS_UPDATED_SINCE, variables: { first: 100 } },
		};
		await limiter.acquire(request);
		expect(limiter.bucket.snapshot().available).toBe(4004 - 1210);
		limiter.observe({ status: 200, headers: {}, body: { data: { orders: { complexity: 101 } } } }, request);
		expect(limiter.bucket.snapshot().available).toBe(4004 - 101);
		// A refusal says what is left; the next request waits for the restore rate (60/s).
		limiter.observe(
			{
				status: 200,
				headers: {},
				body: { errors: [{ code: 30, remaining_credits: 10, time_remaining: '20 seconds' }] },
			},
			request,
		);
		await limiter.acquire(request);
		expect(clock.now()).toBe(Math.ceil(((1210 - 10) / 60) * 1000));
	});
});
