/**
 * Shared vendor budgets (issue 16): two workers calling one vendor account at once, with and without the
 * budget shared in Redis (prints figures, asserts nothing).
 *
 * Each "worker" is a separate OS process (sharedBudgetWorker.ts) running the real client code: Shopify's
 * ShopifyClient listing orders (GraphQL cost bucket 2,000 points, 100/s back), ShipStation's v1 client
 * reading shipment pages (40 calls a minute, X-Rate-Limit headers), and the ledger's Airtable client
 * (5 requests a second per base). They are NOT n8n queue-mode workers: two processes running the code the
 * nodes run, against the sandbox's simulators over HTTP, in real time. The simulators enforce each limit
 * and count what they refuse (Shopify THROTTLED, ShipStation and Airtable 429).
 *
 * Printed per vendor and mode: calls the vendor accepted, throttles at the vendor, elapsed time, and the
 * fraction of the limit used = the least time the limit allows for the accepted calls (or points) divided by
 * the time they took (rateFloor.ts). Target with sharing: >= 0.9 and 0 throttles.
 *
 *   npm run bench -- shared-budget                 about 4 minutes (ShipStation's minute window dominates)
 *   npm run bench -- shared-budget --args shopify  one vendor only
 * Needs Redis on 127.0.0.1:6379 (PP_TEST_REDIS_PORT to change); keys under a random prefix, removed after.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { startSandbox, type SimRequest, type VendorSim } from '../sandbox/http';
import { AirtableSim } from '../sandbox/vendors/airtable';
import { ShipStationSim } from '../sandbox/vendors/shipstation';
import { ShopifySim } from '../sandbox/vendors/shopify';
import { bucketFloorMs, windowFloorMs } from './rateFloor';
import type { WorkerTask } from './sharedBudgetWorker';

const REDIS_PORT = Number(process.env.PP_TEST_REDIS_PORT ?? 6379);
const PREFIX = `pp:bench:budget:${randomBytes(4).toString('hex')}:`;
const WORKER = path.join(__dirname, 'sharedBudgetWorker.ts');
const run = promisify(execFile);

interface WorkerResult {
	calls: Array<{ start: number; end: number }>;
	errors: string[];
	errorCount: number;
}

interface Measured {
	accepted: number;
	throttled: number;
	elapsedMs: number;
	floorMs: number;
	unit: string;
	errors: string[];
}

async function twoWorkers(task: Omit<WorkerTask, 'startAt' | 'prefix' | 'redisPort'>): Promise<WorkerResult[]> {
	const startAt = Date.now() + 2000;
	const full = { ...task, startAt, prefix: PREFIX, redisPort: REDIS_PORT };
	const runs = [0, 1].map(() =>
		run(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(full)], { maxBuffer: 64 * 1024 * 1024 }),
	);
	return (await Promise.all(runs)).map(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop()!) as WorkerResult);
}

function span(results: WorkerResult[]): number {
	const calls = results.flatMap((r) => r.calls);
	return Math.max(...calls.map((c) => c.start)) - Math.min(...calls.map((c) => c.start));
}

/** How many calls gave up, and the first reason (one line). */
function errorsOf(results: WorkerResult[]): string[] {
	const count = results.reduce((sum, r) => sum + r.errorCount, 0);
	const first = results.flatMap((r) => r.errors)[0];
	return count ? [`${count}, e.g. ${first.slice(0, 100)}`] : [];
}

async function shopify(share: boolean, orders: number): Promise<Measured> {
	const sim = new ShopifySim({ seed: 16, orders, bucketSize: 2000, restoreRate: 100, spacingMs: 30_000 });
	const sandbox = await startSandbox([sim]);
	try {
		const results = await twoWorkers({
			vendor: 'shopify',
			baseUrl: sandbox.baseUrl('shopify'),
			share,
			amount: orders,
			shopDomain: sim.shopDomain,
			token: 'shpat_sandbox_token',
		});
		const points = sim.calls.reduce((sum, call) => sum + (call.actualQueryCost ?? 0), 0);
		const times = sim.calls.map((call) => call.at);
		return {
			accepted: sim.calls.filter((call) => !call.throttled).length,
			throttled: sim.calls.filter((call) => call.throttled).length,
			elapsedMs: Math.max(...times) - Math.min(...times),
			floorMs: bucketFloorMs(points, 2000, 100),
			unit: `${points} points`,
			errors: errorsOf(results),
		};
	} finally {
		await sandbox.close();
	}
}

async function shipstation(share: boolean, pages: number): Promise<Measured> {
	const sim = new ShipStationSim({ seed: 16, orders: 200, shipments: pages * 10, record: false });
	const sandbox = await startSandbox([sim]);
	try {
		const results = await twoWorkers({
			vendor: 'shipstation',
			baseUrl: sandbox.baseUrl('shipstation'),
			share,
			amount: pages,
			apiKey: 'ss-key',
			apiSecret: 'ss-secret',
		});
		const accepted = sim.stats.requests - sim.stats.rateLimited;
		return {
			accepted,
			throttled: sim.stats.rateLimited,
			elapsedMs: span(results),
			floorMs: windowFloorMs(accepted, 40, 60_000),
			unit: `${accepted} calls`,
			errors: errorsOf(results),
		};
	} finally {
		await sandbox.close();
	}
}

/** Counts the base's 429 answers (the sim records requests, not its refusals). */
class CountingAirtable implements VendorSim {
	readonly name = 'airtable';
	refused = 0;
	constructor(readonly base: AirtableSim) {}
	handle(request: SimRequest) {
		const answer = this.base.handle(request);
		if (answer?.status === 429) this.refused += 1;
		return answer;
	}
}

async function airtable(share: boolean, requests: number): Promise<Measured> {
	const base = new AirtableSim({ baseId: 'appBenchShared001', token: 'pat-bench' });
	const sim = new CountingAirtable(base);
	const sandbox = await startSandbox([sim]);
	try {
		const results = await twoWorkers({
			vendor: 'airtable',
			baseUrl: sandbox.baseUrl('airtable'),
			share,
			amount: requests,
			baseId: 'appBenchShared001',
			token: 'pat-bench',
		});
		const times = base.requests.map((r) => r.at);
		const accepted = base.requests.length - sim.refused;
		return {
			accepted,
			throttled: sim.refused,
			elapsedMs: Math.max(...times) - Math.min(...times),
			floorMs: windowFloorMs(accepted, 5, 1000),
			unit: `${accepted} calls`,
			errors: errorsOf(results),
		};
	} finally {
		await sandbox.close();
	}
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

function print(vendor: string, limit: string, share: boolean, m: Measured): void {
	const fraction = m.elapsedMs > 0 ? m.floorMs / m.elapsedMs : NaN;
	process.stdout.write(
		[
			`\n${vendor} (${limit}), 2 worker processes, ${share ? 'SHARED budget in Redis' : 'not shared (each alone)'}`,
			`  accepted by the vendor   ${m.accepted} (${m.unit})`,
			`  throttles at the vendor  ${m.throttled}${share ? ' (target 0)' : ''}`,
			`  elapsed                  ${seconds(m.elapsedMs)} s (least the limit allows: ${seconds(m.floorMs)} s)`,
			`  fraction of the limit    ${fraction.toFixed(3)}${share ? ' (target >= 0.9)' : ''}`,
			...(m.errors.length ? [`  calls that gave up       ${m.errors.join('; ')}`] : []),
		].join('\n') + '\n',
	);
}

async function main(): Promise<void> {
	const redis = new Redis({ port: REDIS_PORT, lazyConnect: true, retryStrategy: () => null });
	redis.on('error', () => undefined);
	try {
		await redis.connect();
	} catch {
		process.stdout.write(`skip: no Redis on 127.0.0.1:${REDIS_PORT}; the shared budget needs one\n`);
		return;
	}
	const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
	const wanted = (vendor: string) => only.length === 0 || only.includes(vendor);
	process.stdout.write(
		'Two separate OS processes run the real client code (not n8n queue-mode workers) against the sandbox over ' +
			'HTTP, in real time.\n',
	);
	try {
		for (const share of [true, false]) {
			if (wanted('shopify')) print('Shopify', 'cost bucket 2,000 points, 100/s', share, await shopify(share, 1000));
			if (wanted('shipstation')) print('ShipStation', '40 calls a minute', share, await shipstation(share, 40));
			if (wanted('airtable')) print('Airtable', '5 requests a second per base', share, await airtable(share, 50));
		}
	} finally {
		const keys = await redis.keys(`${PREFIX}*`);
		if (keys.length) await redis.del(...keys);
		await redis.quit();
	}
}

void main();
