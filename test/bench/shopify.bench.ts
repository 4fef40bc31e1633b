/**
 * Shopify benchmark (prints figures, asserts nothing).
 *
 * 1. Get Many: sync 20,000 orders against the simulated Admin API with Shopify's Standard-plan bucket
 *    (restore 100 points/s, 2,000 points). Prints calls made, THROTTLED responses (target 0) and the
 *    points/s achieved as a fraction of the restore rate (target >= 0.9).
 * 2. Export: a bulk operation over 10,000 and 100,000 orders, the JSONL streamed over HTTP and
 *    reassembled into orders and observations. Prints peak heap / RSS above the baseline, which must
 *    not grow with the order count.
 *
 * Both the simulator and the client run on ONE virtual clock: waiting for the bucket advances the
 * clock instead of sleeping, so a run that would take ~2.5 minutes of real pacing finishes in seconds.
 * HTTP is real (127.0.0.1 sandbox).
 *
 *   npx tsx test/bench/shopify.bench.ts
 */
import { createReadStream, createWriteStream, rmSync } from 'fs';
import { createServer } from 'http';
import { tmpdir } from 'os';
import path from 'path';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import type { AddressInfo } from 'net';
import { createFetchTransport } from '../../nodes/lib/http';
import {
	assembleBulkRecords,
	fetchStream,
	listOrders,
	observationsFromOrder,
	readLines,
	ShopifyClient,
	startBulkOrdersExport,
	waitForBulkOperation,
	type GqlOrder,
} from '../../nodes/lib/connectors/shopify';
import { startSandbox } from '../sandbox/http';
import { ShopifySim } from '../sandbox/vendors/shopify';
import { createVirtualClock } from '../helpers/virtualClock';

// A forced GC lets us report retained memory (what Export keeps), not just garbage awaiting collection.
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const RESTORE = 100;
const BUCKET = 2000;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function getManyBench(count: number): Promise<void> {
	const clock = createVirtualClock(Date.parse('2025-06-01T00:00:00Z'));
	const sim = new ShopifySim({
		seed: 2025,
		orders: count,
		bucketSize: BUCKET,
		restoreRate: RESTORE,
		clock,
		spacingMs: 30_000,
	});
	const sandbox = await startSandbox([sim]);
	try {
		const client = new ShopifyClient({
			shopDomain: sim.shopDomain,
			auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
			transport: createFetchTransport(),
			baseUrl: sandbox.baseUrl('shopify'),
			clock,
		});
		const started = clock.now();
		const wallStarted = Date.now();
		let orders = 0;
		for await (const page of listOrders(client)) orders += page.length;
		const elapsedS = (clock.now() - started) / 1000;
		const throttled = sim.calls.filter((c) => c.throttled).length;
		const actual = sim.calls.reduce((sum, c) => sum + (c.actualQueryCost ?? 0), 0);
		const overall = actual / elapsedS / RESTORE;
		// The first 2,000 points come from the full bucket, not from restoration: excluding them shows
		// how closely the steady state tracks the restore rate.
		const steady = (actual - BUCKET) / elapsedS / RESTORE;
		console.log(`Get Many: ${orders} orders synced (pages of 250, sorted by updated_at)`);
		console.log(`  calls made:                 ${client.stats.calls}`);
		console.log(`  THROTTLED responses:        ${throttled} (target 0)`);
		console.log(`  points spent (actual):      ${actual}`);
		console.log(
			`  elapsed (virtual clock):    ${elapsedS.toFixed(1)} s   [real time ` +
				`${((Date.now() - wallStarted) / 1000).toFixed(1)} s]`,
		);
		console.log(
			`  achieved points/s:          ${(actual / elapsedS).toFixed(1)} = ${overall.toFixed(3)} x restore rate ` +
				`(target >= 0.9)`,
		);
		console.log(`  steady state (minus bucket): ${steady.toFixed(3)} x restore rate`);
	} finally {
		await sandbox.close();
	}
}

async function exportBench(count: number): Promise<void> {
	const clock = createVirtualClock(Date.parse('2025-06-01T00:00:00Z'));
	// Lazy store: orders are generated on demand so the simulator itself does not hold 100k orders.
	const sim = new ShopifySim({ seed: 7, orders: count, lazy: true, clock, spacingMs: 5_000 });
	const sandbox = await startSandbox([sim]);
	// The JSONL result is written to disk first and then served by a plain file server (as Shopify's
	// storage serves it), so generating it does not pollute the memory measured while exporting.
	const file = path.join(tmpdir(), `shopify-bench-${process.pid}-${count}.jsonl`);
	const files = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'application/jsonl' });
		createReadStream(file).pipe(res);
	});
	await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
	const fileBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
	try {
		const client = new ShopifyClient({
			shopDomain: sim.shopDomain,
			auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
			transport: createFetchTransport(),
			baseUrl: sandbox.baseUrl('shopify'),
			clock,
		});
		const op = await startBulkOrdersExport(client);
		const done = await waitForBulkOperation(client, op.id, { clock });
		const out = createWriteStream(file);
		for (const line of sim.bulkLines(sim.bulkOperations.get(done.id)!)) {
			if (!out.write(line + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
		}
		await new Promise<void>((resolve) => out.end(() => resolve()));
		gc();
		const base = process.memoryUsage();
		let peakHeap = base.heapUsed;
		let peakRss = base.rss;
		let peakRetained = base.heapUsed;
		const stats = { lines: 0, roots: 0, detached: 0 };
		let observations = 0;
		const wallStarted = Date.now();
		const url = `${fileBase}/${done.id.split('/').pop()}`;
		for await (const order of assembleBulkRecords<GqlOrder>(readLines(await fetchStream(url)), stats)) {
			observations += observationsFromOrder(order, { receivedAt: '2025-06-01T00:00:00Z' }).length;
			if (stats.roots % 500 === 0) {
				const m = process.memoryUsage();
				peakHeap = Math.max(peakHeap, m.heapUsed);
				peakRss = Math.max(peakRss, m.rss);
			}
			if (stats.roots % 10_000 === 0) {
				gc();
				peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
			}
		}
		console.log(
			`Export: ${stats.roots} orders, ${stats.lines} JSONL lines, ${observations} observations, ` +
				`${stats.detached} detached children, ${((Date.now() - wallStarted) / 1000).toFixed(1)} s`,
		);
		console.log(
			`  peak heap above baseline:   ${mb(peakHeap - base.heapUsed)} live (incl. garbage not yet collected), ` +
				`${mb(peakRetained - base.heapUsed)} retained after GC (baseline heap ${mb(base.heapUsed)})`,
		);
		console.log(`  peak RSS above baseline:    ${mb(peakRss - base.rss)} (baseline RSS ${mb(base.rss)})`);
	} finally {
		await sandbox.close();
		await new Promise((resolve) => files.close(resolve));
		rmSync(file, { force: true });
	}
}

async function main(): Promise<void> {
	console.log(
		'Shopify bench: simulator and client on a virtual clock (bucket waits advance the clock; no real sleeping).',
	);
	console.log(`Bucket: ${BUCKET} points, restore ${RESTORE} points/s (Standard plan).\n`);
	await getManyBench(20_000);
	console.log('');
	await exportBench(10_000);
	await exportBench(100_000);
}

void main();
