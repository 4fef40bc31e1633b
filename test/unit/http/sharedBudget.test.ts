import {
	budgetKey,
	HeaderWindowLimiter,
	IntervalLimiter,
	LeakyBucketLimiter,
	MemoryBudget,
	ResilientBudget,
	secretKeyPart,
	SHIPSTATION_HEADERS,
	type SharedBudget,
} from '../../../nodes/lib/http';
import { createVirtualClock } from '../../helpers/virtualClock';

/** Largest number of times that fall inside any window of `windowMs` (a window is [t, t + windowMs)). */
function busiestWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	for (let start = 0, end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= windowMs) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

describe('budget keys', () => {
	it('name the vendor account, and a secret only by a digest of it', () => {
		const secret = 'ss-api-key-123';
		const key = budgetKey('shipstation', secretKeyPart(secret));
		expect(key).toMatch(/^shipstation:sha256-[0-9a-f]{16}$/);
		expect(key).not.toContain(secret);
		expect(secretKeyPart(secret)).toBe(secretKeyPart(secret));
		expect(secretKeyPart(secret)).not.toBe(secretKeyPart('another-key'));
		expect(budgetKey('shopify', 'my-shop.myshopify.com')).toBe('shopify:my-shop.myshopify.com');
		expect(budgetKey('slack', 'T1', 'C:2 x')).toBe('slack:T1:C_2_x');
	});
});

describe('MemoryBudget window', () => {
	it('grants exactly `limit` slots per sliding window and says how long until the next', async () => {
		const clock = createVirtualClock();
		const budget = new MemoryBudget(clock);
		for (let i = 0; i < 3; i++) expect(await budget.takeSlot('k', 3, 1000, `s${i}`)).toBe(0);
		clock.advance(400);
		expect(await budget.takeSlot('k', 3, 1000, 's3')).toBe(600);
		clock.advance(599);
		expect(await budget.takeSlot('k', 3, 1000, 's3')).toBe(1);
		clock.advance(1);
		expect(await budget.takeSlot('k', 3, 1000, 's3')).toBe(0);
	});

	it('counts a held slot until it is released, then for one window more', async () => {
		const clock = createVirtualClock();
		const budget = new MemoryBudget(clock);
		expect(await budget.takeSlot('k', 1, 1000, 'a', 60_000)).toBe(0);
		clock.advance(5000);
		expect(await budget.takeSlot('k', 1, 1000, 'b', 60_000)).toBeGreaterThan(0);
		await budget.releaseSlot('k', 'a');
		clock.advance(999);
		expect(await budget.takeSlot('k', 1, 1000, 'b')).toBe(1);
		clock.advance(1);
		expect(await budget.takeSlot('k', 1, 1000, 'b')).toBe(0);
	});

	it('takes the vendor word: fewer remaining than counted fills the gap until the reset; none blocks', async () => {
		const clock = createVirtualClock();
		const budget = new MemoryBudget(clock);
		await budget.takeSlot('k', 10, 60_000, 'mine');
		// Someone else spent 7 of the 10: only 2 are left, for the next 30 s.
		await budget.correctWindow('k', 10, 60_000, 2, 30_000);
		expect(await budget.takeSlot('k', 10, 60_000, 'a')).toBe(0);
		expect(await budget.takeSlot('k', 10, 60_000, 'b')).toBe(0);
		expect(await budget.takeSlot('k', 10, 60_000, 'c')).toBe(30_000);
		clock.advance(30_000);
		expect(await budget.takeSlot('k', 10, 60_000, 'c')).toBe(0);
		await budget.correctWindow('k', 10, 60_000, 0, 12_000);
		expect(await budget.takeSlot('k', 10, 60_000, 'd')).toBe(12_000);
	});

	it('a report of more remaining than we count changes nothing (our calls may still be in flight)', async () => {
		const clock = createVirtualClock();
		const budget = new MemoryBudget(clock);
		for (let i = 0; i < 4; i++) await budget.takeSlot('k', 4, 1000, `s${i}`);
		await budget.correctWindow('k', 4, 1000, 3, 1000);
		expect(await budget.takeSlot('k', 4, 1000, 'x')).toBeGreaterThan(0);
	});
});

describe('MemoryBudget bucket', () => {
	it('charges cost, keeps the reserve free and refills at the restore rate', async () => {
		const clock = createVirtualClock();
		const budget = new MemoryBudget(clock);
		const shape = { capacity: 100, restorePerSecond: 10 };
		expect(await budget.takePoints('b', 60, shape)).toBe(0);
		// 40 left, 30 wanted with 20 kept free: 10 missing, one second at 10 a second.
		expect(await budget.takePoints('b', 30, shape, 20)).toBe(1000);
		clock.advance(1000);
		expect(await budget.takePoints('b', 30, shape, 20)).toBe(0);
		// 20 left: a 50-point call waits for 30 more.
		expect(await budget.takePoints('b', 50, shape)).toBe(3000);
	});

	it('settling takes the refund but never stays above what the vendor reports', async () => {
		const clock = createVirtualClock();
		const budget = new MemoryBudget(clock);
		const shape = { capacity: 1000, restorePerSecond: 50 };
		await budget.takePoints('b', 100, shape); // 900 left
		await budget.settleBucket('b', 100, 10, { available: 2000, capacity: 1000, restorePerSecond: 50 });
		expect(await budget.takePoints('b', 990, shape)).toBe(0); // the 90-point refund came back
		await budget.settleBucket('b', 0, 0, { available: 0, capacity: 1000, restorePerSecond: 50 });
		expect(await budget.takePoints('b', 100, shape)).toBe(2000);
	});
});

describe('ResilientBudget', () => {
	const failing: SharedBudget = {
		takeSlot: jest.fn(async () => {
			throw new Error('connect ECONNREFUSED 127.0.0.1:6390');
		}),
		releaseSlot: jest.fn(),
		correctWindow: jest.fn(),
		takePoints: jest.fn(),
		settleBucket: jest.fn(),
		close: jest.fn(async () => undefined),
	};

	it('reports the first failure once and answers undefined from then on without asking the store', async () => {
		const warnings: string[] = [];
		const budget = new ResilientBudget(failing, { prefix: 'pp:budget:', warn: (m) => warnings.push(m) });
		expect(await budget.takeSlot('k', 1, 1000, 's')).toBeUndefined();
		expect(await budget.takePoints('b', 1, { capacity: 1, restorePerSecond: 1 })).toBeUndefined();
		expect(await budget.waitForSlot('k', 1, 1000, createVirtualClock())).toBe(false);
		expect(failing.takeSlot).toHaveBeenCalledTimes(1);
		expect(failing.takePoints).not.toHaveBeenCalled();
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/ECONNREFUSED.*paces its vendor calls on its own/);
		expect(budget.unavailable).toMatch(/ECONNREFUSED/);
	});

	it('prefixes every key with the credential prefix', async () => {
		const store = new MemoryBudget(createVirtualClock());
		const spy = jest.spyOn(store, 'takeSlot');
		await new ResilientBudget(store, { prefix: 'tenant-a:' }).takeSlot('shopify:x', 1, 1000, 's');
		expect(spy).toHaveBeenCalledWith('tenant-a:shopify:x', 1, 1000, 's', undefined);
	});

	it('names slots uniquely', () => {
		const budget = new ResilientBudget(new MemoryBudget());
		const names = new Set(Array.from({ length: 100 }, () => budget.newSlot()));
		expect(names.size).toBe(100);
	});
});

describe('limiters consulting a shared budget', () => {
	type Clock = ReturnType<typeof createVirtualClock>;
	/** Two "processes" (limiters that know nothing of each other) take turns; returns every send time. */
	async function twoWorkers(
		shared: boolean,
		make: (clock: Clock, budget?: ResilientBudget) => { acquire(): Promise<unknown> },
		rounds = 30,
	): Promise<number[]> {
		const clock = createVirtualClock();
		const budget = shared ? new ResilientBudget(new MemoryBudget(clock)) : undefined;
		const workers = [make(clock, budget), make(clock, budget)];
		const sent: number[] = [];
		for (let round = 0; round < rounds; round++)
			for (const worker of workers) {
				await worker.acquire();
				sent.push(clock.now());
			}
		return sent;
	}

	it('two IntervalLimiters sharing a window stay within it together (and each alone would not)', async () => {
		const make = (clock: Clock, budget?: ResilientBudget) =>
			new IntervalLimiter(5, 1000, clock, budget && { budget, key: 'vendor:acct' });
		const shared = await twoWorkers(true, make);
		expect(busiestWindow(shared, 1000)).toBe(5);
		// Using the whole limit: 60 calls at 5 a second take 11 windows after the first burst.
		expect(shared[shared.length - 1] - shared[0]).toBeLessThanOrEqual(11_000);
		expect(busiestWindow(await twoWorkers(false, make), 1000)).toBe(10);
	});

	it('two LeakyBucketLimiters sharing a bucket never spend more than it holds plus what it restored', async () => {
		const shape = { capacity: 100, restorePerSecond: 10 };
		const make = (clock: Clock, budget?: ResilientBudget) => {
			const bucket = new LeakyBucketLimiter(
				{ available: 100, ...shape },
				{ clock, shared: budget && { budget, key: 'shopify:shop' } },
			);
			return { acquire: () => bucket.take(20) };
		};
		const spentBy = (sent: number[]) => (sent.length * 20 - 100) / ((sent[sent.length - 1] - sent[0]) / 1000);
		const shared = await twoWorkers(true, make, 20);
		// 40 calls of 20 points: 800 points, 700 of them restored at 10 a second.
		expect(spentBy(shared)).toBeLessThanOrEqual(10);
		expect(spentBy(shared)).toBeGreaterThan(9);
		expect(spentBy(await twoWorkers(false, make, 20))).toBeGreaterThan(15);
	});

	it('HeaderWindowLimiter takes a shared slot per call and hands the vendor headers to the shared window', async () => {
		const clock = createVirtualClock();
		const store = new MemoryBudget(clock);
		const budget = new ResilientBudget(store);
		const limiter = new HeaderWindowLimiter(SHIPSTATION_HEADERS, {
			clock,
			shared: { budget, key: 'shipstation:acct', limit: 40, windowMs: 60_000 },
		});
		const request = { method: 'GET' as const, url: 'https://ssapi.shipstation.com/orders' };
		await limiter.acquire(request);
		const correct = jest.spyOn(store, 'correctWindow');
		await limiter.observe({
			status: 200,
			headers: { 'x-rate-limit-limit': '40', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '42' },
			body: {},
		});
		expect(correct).toHaveBeenCalledWith('shipstation:acct', 40, 60_000, 0, 42_000);
		// The vendor said none are left for 42 s: a second process waits that long although it sent nothing.
		const other = new HeaderWindowLimiter(SHIPSTATION_HEADERS, {
			clock,
			shared: { budget, key: 'shipstation:acct', limit: 40, windowMs: 60_000 },
		});
		const before = clock.now();
		await other.acquire(request);
		expect(clock.now() - before).toBe(42_000);
	});

	it('HeaderWindowLimiter spreads the last half of a window only while the shared window is not live', async () => {
		const headers = { 'x-rate-limit-limit': '40', 'x-rate-limit-remaining': '10', 'x-rate-limit-reset': '30' };
		const request = { method: 'GET' as const, url: 'https://ssapi.shipstation.com/shipments' };
		async function secondsForFiveCalls(store?: MemoryBudget | SharedBudget) {
			const clock = createVirtualClock();
			const budget = store && new ResilientBudget(store);
			const limiter = new HeaderWindowLimiter(SHIPSTATION_HEADERS, {
				clock,
				shared: budget && { budget, key: 'shipstation:acct', limit: 40, windowMs: 60_000 },
			});
			await limiter.observe({ status: 200, headers, body: {} });
			const start = clock.now();
			for (let i = 0; i < 5; i++) await limiter.acquire(request);
			return (clock.now() - start) / 1000;
		}
		// Alone: 10 left for 30 s, below the floor of 20, so the calls are spread about 2.7 s apart.
		expect(await secondsForFiveCalls()).toBeGreaterThan(10);
		// Shared and live: the shared window counts every worker, so they go at once.
		expect(await secondsForFiveCalls(new MemoryBudget(createVirtualClock()))).toBe(0);
		// Shared but the store is down: back to spreading.
		const down = new MemoryBudget();
		jest.spyOn(down, 'takeSlot').mockRejectedValue(new Error('Connection is closed.'));
		jest.spyOn(down, 'correctWindow').mockRejectedValue(new Error('Connection is closed.'));
		expect(await secondsForFiveCalls(down)).toBeGreaterThan(10);
	});

	it('without a shared budget the limiters behave as before (no store is consulted)', async () => {
		const clock = createVirtualClock();
		const limiter = new IntervalLimiter(2, 1000, clock);
		const start = clock.now();
		for (let i = 0; i < 4; i++) await limiter.acquire();
		expect(clock.now() - start).toBe(1000);
	});

	it('a store that fails mid-run leaves the local pacing in charge', async () => {
		const clock = createVirtualClock();
		const store = new MemoryBudget(clock);
		const warnings: string[] = [];
		const budget = new ResilientBudget(store, { warn: (m) => warnings.push(m) });
		const limiter = new IntervalLimiter(2, 1000, clock, { budget, key: 'k' });
		await limiter.acquire();
		jest.spyOn(store, 'takeSlot').mockRejectedValue(new Error('Connection is closed.'));
		const start = clock.now();
		for (let i = 0; i < 3; i++) await limiter.acquire();
		expect(clock.now() - start).toBe(1000);
		expect(warnings).toHaveLength(1);
	});
});
