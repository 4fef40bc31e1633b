/**
 * The shared budget against a real Redis (127.0.0.1:6379, or PP_TEST_REDIS_PORT), each test under its own
 * key prefix, removed afterwards. Skipped when Redis is not there, unless PP_REQUIRE_REDIS=1 (CI).
 *
 * Two separate OS processes (budgetWorker.ts) pace through the real limiters on one budget: together they
 * must stay within the limit and use at least 0.9 of it. The same two processes without the shared budget
 * (the control) go over it, so the test fails if the sharing is removed. A grant's time is known only as the
 * span of the Redis call that made it (a loaded machine can stamp it late by more than any fixed margin), so
 * the limit check counts the grants that certainly fell in one window.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import {
	IntervalLimiter,
	MemoryBudget,
	ResilientBudget,
	systemClock,
	type SharedBudget,
} from '../../../nodes/lib/http';
import { RedisBudget } from '../../../nodes/lib/http/redisBudget';
import { freePort, redisReachable, TEST_REDIS_PORT, testKeyPrefix } from '../../helpers/redis';

jest.setTimeout(60_000);

const PORT = TEST_REDIS_PORT;
const WORKER = path.join(__dirname, 'budgetWorker.ts');

/**
 * The most grants that certainly fell inside one window: each grant happened somewhere in [from, to], so a set
 * is certainly inside a window only if its earliest start and latest end are less than a window apart.
 */
function certainlyInOneWindow(grants: Array<{ from: number; to: number }>, windowMs: number): number {
	return Math.max(
		0,
		...grants.map((first) => grants.filter((g) => g.from >= first.from && g.to < first.from + windowMs).length),
	);
}

function busiestWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	for (let start = 0, end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= windowMs) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

const run = promisify(execFile);
interface WorkerRun {
	sent: number[];
	granted: Array<{ from: number; to: number }>;
}

async function twoProcesses(mode: 'window' | 'bucket', options: Record<string, unknown>): Promise<WorkerRun[]> {
	const startAt = Date.now() + 1500; // both processes loaded before either starts
	const runs = [0, 1].map(() =>
		run(process.execPath, ['--import', 'tsx', WORKER, mode, JSON.stringify({ ...options, startAt, redisPort: PORT })]),
	);
	return (await Promise.all(runs)).map(({ stdout }) => {
		const result = JSON.parse(stdout.trim().split('\n').pop()!) as WorkerRun & { unavailable: string | null };
		expect(result.unavailable).toBeNull();
		return result;
	});
}

let available = false;
const prefix = testKeyPrefix('budget');
let redis: Redis;

beforeAll(async () => {
	available = await redisReachable();
	if (available) redis = new Redis({ port: PORT });
});

afterAll(async () => {
	if (!available) return;
	const keys = await redis.keys(`${prefix}*`);
	if (keys.length) await redis.del(...keys);
	await redis.quit();
});

const maybe = (name: string, fn: () => Promise<void>) => it(name, async () => (available ? fn() : undefined));

describe('two OS processes sharing one budget in Redis', () => {
	maybe('a window of 10 per 500 ms: together within it, using >= 0.9 of it; unshared they exceed it', async () => {
		const window = { prefix, limit: 10, windowMs: 500, calls: 30 };
		const shared = await twoProcesses('window', { ...window, key: 'window-shared', share: true });
		const granted = shared.flatMap((run) => run.granted);
		// Every call went out on a grant of the shared window (none on local pacing alone)...
		expect(granted).toHaveLength(60);
		// ...and no window held more than 10 of them.
		expect(certainlyInOneWindow(granted, 500)).toBeLessThanOrEqual(10);
		const all = shared.flatMap((run) => run.sent);
		expect(all).toHaveLength(60);
		// 60 calls at 10 per 500 ms: the first 10 at once, then 5 more windows.
		const elapsed = Math.max(...all) - Math.min(...all);
		const used = (all.length - 10) / 10 / (elapsed / 500);
		expect(used).toBeGreaterThanOrEqual(0.9);
		expect(used).toBeLessThanOrEqual(1.05);

		const alone = await twoProcesses('window', { ...window, key: 'window-alone', share: false });
		expect(
			busiestWindow(
				alone.flatMap((run) => run.sent),
				500,
			),
		).toBeGreaterThanOrEqual(15);
	});

	maybe('a bucket of 200 points, 100 back a second: together never above it, using >= 0.9 of the rate', async () => {
		const bucket = { prefix, capacity: 200, restorePerSecond: 100, cost: 20, calls: 20 };
		const shared = (await twoProcesses('bucket', { ...bucket, key: 'bucket-shared', share: true })).flatMap(
			(run) => run.sent,
		);
		const start = Math.min(...shared);
		// Every moment: points spent so far <= the bucket + what it restored since the start (+ one call of slack
		// for the stamping jitter).
		const sorted = [...shared].sort((a, b) => a - b);
		sorted.forEach((at, index) => {
			expect((index + 1) * 20).toBeLessThanOrEqual(200 + ((at - start) / 1000) * 100 + 20);
		});
		const elapsed = (sorted[sorted.length - 1] - start) / 1000;
		expect((sorted.length * 20 - 200) / elapsed / 100).toBeGreaterThanOrEqual(0.9);

		const alone = (await twoProcesses('bucket', { ...bucket, key: 'bucket-alone', share: false }))
			.flatMap((run) => run.sent)
			.sort((a, b) => a - b);
		const overspent = alone.some((at, index) => (index + 1) * 20 > 200 + ((at - alone[0]) / 1000) * 100 + 20);
		expect(overspent).toBe(true);
	});
});

describe('each Redis primitive is exact under concurrency (and matches MemoryBudget)', () => {
	async function stores(): Promise<Array<[string, SharedBudget]>> {
		return [
			['redis', await RedisBudget.connect({ host: '127.0.0.1', port: PORT })],
			['memory', new MemoryBudget()],
		];
	}

	maybe('200 concurrent takes on a window of 25 grant exactly 25', async () => {
		for (const [name, store] of await stores()) {
			const key = `${prefix}exact-window-${name}`;
			const waits = await Promise.all(
				Array.from({ length: 200 }, (_, i) => store.takeSlot(key, 25, 60_000, `slot-${i}`)),
			);
			expect([name, waits.filter((w) => w === 0).length]).toEqual([name, 25]);
			expect(waits.filter((w) => w > 0).every((w) => w > 59_000)).toBe(true);
			await store.close();
		}
	});

	maybe('200 concurrent takes of 10 points on a bucket of 250 grant exactly 25', async () => {
		for (const [name, store] of await stores()) {
			const key = `${prefix}exact-bucket-${name}`;
			const shape = { capacity: 250, restorePerSecond: 0.001 };
			const waits = await Promise.all(Array.from({ length: 200 }, () => store.takePoints(key, 10, shape)));
			expect([name, waits.filter((w) => w === 0).length]).toEqual([name, 25]);
			await store.close();
		}
	});

	maybe('a held slot counts until released, then one window more; a vendor report blocks or fills', async () => {
		for (const [name, store] of await stores()) {
			const key = `${prefix}hold-${name}`;
			expect(await store.takeSlot(key, 1, 300, 'a', 60_000)).toBe(0);
			expect(await store.takeSlot(key, 1, 300, 'b', 60_000)).toBeGreaterThan(0);
			await store.releaseSlot(key, 'a');
			const wait = await store.takeSlot(key, 1, 300, 'b');
			expect(wait).toBeGreaterThan(250);
			await systemClock.sleep(wait);
			expect(await store.takeSlot(key, 1, 300, 'b')).toBe(0);

			const vendor = `${prefix}vendor-${name}`;
			await store.correctWindow(vendor, 40, 60_000, 3, 20_000);
			const granted = [];
			for (let i = 0; i < 5; i++) granted.push(await store.takeSlot(vendor, 40, 60_000, `v${i}`));
			expect(granted.filter((w) => w === 0)).toHaveLength(3);
			expect(granted[4]).toBeGreaterThan(19_000);
			expect(granted[4]).toBeLessThanOrEqual(20_000);
			await store.correctWindow(`${vendor}-blocked`, 40, 60_000, 0, 7000);
			const blocked = await store.takeSlot(`${vendor}-blocked`, 40, 60_000, 'x');
			expect(blocked).toBeGreaterThan(6900);
			expect(blocked).toBeLessThanOrEqual(7000);
			await store.close();
		}
	});

	maybe('settling a bucket takes the refund and never stays above the vendor report', async () => {
		for (const [name, store] of await stores()) {
			const key = `${prefix}settle-${name}`;
			const shape = { capacity: 1000, restorePerSecond: 0.001 };
			expect(await store.takePoints(key, 600, shape)).toBe(0);
			await store.settleBucket(key, 600, 100, { available: 5000, capacity: 1000, restorePerSecond: 0.001 });
			expect(await store.takePoints(key, 900, shape)).toBe(0);
			expect(await store.takePoints(key, 1, shape)).toBeGreaterThan(0);
			await store.settleBucket(key, 0, -50, { available: 10, capacity: 1000, restorePerSecond: 0.001 });
			expect(await store.takePoints(key, 10, shape)).toBe(0);
			expect(await store.takePoints(key, 1, shape)).toBeGreaterThan(0);
			await store.close();
		}
	});
});

describe('when Redis goes away mid-run', () => {
	const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;

	maybe('the calls go on, paced locally, with one warning that names no secret', async () => {
		const port = await freePort();
		const server: ChildProcess = spawn(
			'redis-server',
			['--port', String(port), '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD],
			{
				stdio: 'ignore',
			},
		);
		try {
			let store: RedisBudget | undefined;
			for (let i = 0; i < 50 && !store; i++)
				store = await RedisBudget.connect({ host: '127.0.0.1', port, password: PASSWORD }).catch(async () => {
					await systemClock.sleep(100);
					return undefined;
				});
			const warnings: string[] = [];
			const budget = new ResilientBudget(store!, { prefix: 'pp:budget:', warn: (m) => warnings.push(m) });
			const limiter = new IntervalLimiter(4, 400, systemClock, { budget, key: 'shipstation:sha256-abc' });
			for (let i = 0; i < 4; i++) await limiter.acquire();
			expect(budget.unavailable).toBeUndefined();
			server.kill('SIGKILL');
			await new Promise((resolve) => server.once('exit', resolve));
			const started = Date.now();
			for (let i = 0; i < 8; i++) await limiter.acquire();
			// Local pacing still holds the limit: 8 more at 4 per 400 ms need two more windows.
			expect(Date.now() - started).toBeGreaterThanOrEqual(700);
			expect(Date.now() - started).toBeLessThan(5000);
			expect(warnings).toHaveLength(1);
			expect(warnings[0]).not.toContain(PASSWORD);
			expect(budget.unavailable).toBeDefined();
			await budget.close();
		} finally {
			server.kill('SIGKILL');
		}
	});
});
