/**
 * Order Ledger throughput (prints, never asserts). Run: npx tsx test/bench/ledger.bench.ts
 *
 * On PostgreSQL (PP_BENCH_POSTGRES_URL, else PP_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test):
 *  - append: events/s where every append is its own committed transaction (durable before it
 *    returns), with 1 and with 4 concurrent appenders;
 *  - claim+ack: events/s drained by 4 workers (claim 100 with SKIP LOCKED, ack them);
 *  - pgbench's simple-insert rate on the same server in the same run (custom script, one INSERT per
 *    transaction into a scratch table, -c 4 -T 10), and our 4-appender rate as a fraction of it.
 *    Targets: append >= 2,000 events/s and >= 0.5 x pgbench.
 * Embedded (PGlite, one process): the same append and claim+ack figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { createPgDriver } from '../../nodes/lib/ledger/sql/pgDriver';
import { createPgliteDriver } from '../../nodes/lib/ledger/sql/pgliteDriver';
import type { SqlDriver } from '../../nodes/lib/ledger/sql/driver';
import { SqlLedgerStore } from '../../nodes/lib/ledger/sqlStore';
import type { LedgerStore } from '../../nodes/lib/ledger/types';

const URL_ =
	process.env.PP_BENCH_POSTGRES_URL ?? process.env.PP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PGBENCH = process.env.PGBENCH ?? '/usr/lib/postgresql/15/bin/pgbench';
const NOW = new Date().toISOString();
const payload = {
	source: 'shopify',
	kind: 'order',
	data: { name: '#1001', financialStatus: 'PAID', lineItems: [{ sku: 'SKU-1', quantity: 2 }] },
};

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

async function appendRun(stores: LedgerStore[], total: number, prefix: string): Promise<number> {
	const per = Math.ceil(total / stores.length);
	const started = performance.now();
	await Promise.all(
		stores.map(async (store, w) => {
			for (let i = 0; i < per; i++)
				await store.appendEvent(
					{ key: `${prefix}-${w}-${i}`, source: 'shopify', orderKey: String(i % 500), payload },
					NOW,
				);
		}),
	);
	return rate(per * stores.length, performance.now() - started);
}

/** Append Event on many items at once (the node's path): one commit per batch of `batch` events. */
async function batchedAppendRun(stores: LedgerStore[], total: number, batch: number, prefix: string): Promise<number> {
	const per = Math.ceil(total / stores.length);
	const started = performance.now();
	await Promise.all(
		stores.map(async (store, w) => {
			for (let i = 0; i < per; i += batch) {
				const events = Array.from({ length: Math.min(batch, per - i) }, (_, k) => ({
					key: `${prefix}-${w}-${i + k}`,
					source: 'shopify',
					orderKey: String((i + k) % 500),
					payload,
				}));
				const res = await store.appendEvents(events, NOW);
				const failed = res.filter((r) => r instanceof Error);
				if (failed.length) throw failed[0];
			}
		}),
	);
	return rate(per * stores.length, performance.now() - started);
}

async function drainRun(stores: LedgerStore[], expected: number): Promise<number> {
	let processed = 0;
	const started = performance.now();
	await Promise.all(
		stores.map(async (store, w) => {
			for (;;) {
				const batch = await store.claimBatch({
					worker: `bench-${w}`,
					limit: 100,
					leaseSeconds: 300,
					maxAttempts: 5,
					now: NOW,
				});
				if (batch.length === 0) return;
				await store.ack(
					batch.map((e) => ({ id: e.id, leaseToken: e.leaseToken! })),
					NOW,
				);
				processed += batch.length;
			}
		}),
	);
	if (processed !== expected) console.log(`  (!) drained ${processed}, expected ${expected}`);
	return rate(processed, performance.now() - started);
}

function pgbenchInsertRate(schema: string): { tps: number; line: string } {
	const u = new URL(URL_);
	const dir = mkdtempSync(join(tmpdir(), 'pp-pgbench-'));
	const script = join(dir, 'insert.sql');
	writeFileSync(
		script,
		`INSERT INTO "${schema}".pp_bench_scratch (k, payload, at) VALUES (md5(random()::text), ` +
			`'${JSON.stringify(payload)}'::jsonb, now());\n`,
	);
	try {
		const out = execFileSync(
			PGBENCH,
			[
				'-n',
				'-c',
				'4',
				'-j',
				'2',
				'-T',
				'10',
				'-f',
				script,
				'-h',
				u.hostname,
				'-p',
				u.port || '5432',
				'-U',
				decodeURIComponent(u.username) || 'postgres',
				u.pathname.slice(1) || 'postgres',
			],
			{
				encoding: 'utf8',
				env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
			},
		);
		const line = out.split('\n').find((l) => l.startsWith('tps')) ?? '';
		return { tps: Math.round(Number(/tps = ([\d.]+)/.exec(line)?.[1] ?? 0)), line: line.trim() };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function postgresBench(): Promise<void> {
	const schema = `pp_bench_${process.pid}`;
	const admin = new Client({ connectionString: URL_ });
	try {
		await admin.connect();
	} catch (err) {
		console.log(`PostgreSQL at ${URL_} unreachable (${(err as Error).message}): PostgreSQL figures skipped`);
		return;
	}
	const open = () =>
		new SqlLedgerStore(createPgDriver({ connectionString: URL_, schema, maxConnections: 2 }), 'postgres', schema);
	const stores = [open(), open(), open(), open()];
	try {
		await stores[0].listEvents({ limit: 1 }); // migrations
		await Promise.all(stores.map((s) => s.listEvents({ limit: 1 })));
		await admin.query(
			`CREATE TABLE "${schema}".pp_bench_scratch (id bigserial PRIMARY KEY, k text NOT NULL, payload jsonb NOT ` +
				`NULL, at timestamptz NOT NULL)`,
		);
		const sync = (await admin.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
		const fsync = (await admin.query('SHOW fsync')).rows[0].fsync;
		console.log(`PostgreSQL ${URL_} (synchronous_commit=${sync}, fsync=${fsync}), schema ${schema}`);

		// pgbench before and after the ledger runs: the machine may be shared, so compare against the mean.
		const benchBefore = pgbenchInsertRate(schema);
		const one = await appendRun([stores[0]], 1000, 'one');
		const four = await appendRun(stores, 6000, 'four');
		const batched = await batchedAppendRun(stores, 40000, 100, 'batch');
		const drain = await drainRun(stores, 47000);
		const benchAfter = pgbenchInsertRate(schema);
		const bench = {
			tps: Math.round((benchBefore.tps + benchAfter.tps) / 2),
			line: `before: ${benchBefore.line}; after: ${benchAfter.line}`,
		};
		const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
		console.log(`  append, 1 appender, one commit per event:        ${fmt(one)} events/s`);
		console.log(
			`  append, 4 appenders, one commit per event:       ${fmt(four)} events/s   (target >= 2,000: ` +
				`${verdict(four >= 2000)})`,
		);
		console.log(
			`  append, 4 appenders, batches of 100 per commit:  ${fmt(batched)} events/s   (target >= 2,000: ` +
				`${verdict(batched >= 2000)})`,
		);
		console.log(`  claim+ack, 4 workers (batches of 100):           ${fmt(drain)} events/s`);
		console.log(
			`  pgbench simple insert, -c 4 -T 10 (one commit per insert), mean of a run before and after: ` +
				`${fmt(bench.tps)} inserts/s   [${bench.line}]`,
		);
		const ratio = bench.tps ? four / bench.tps : 0;
		console.log(
			`  ledger append (one commit per event) / pgbench insert: ${ratio.toFixed(2)}   (target >= 0.5: ` +
				`${verdict(ratio >= 0.5)})`,
		);
		if (bench.tps < 2000)
			console.log(
				`  note: this server commits at most ~${fmt(bench.tps)} single-insert transactions/s with 4 clients ` +
					`(fsync-bound), so 2,000/s with one commit per event is above what the server itself does; batched ` +
					`appends share a commit.`,
			);
	} finally {
		await Promise.all(stores.map((s) => s.close()));
		await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
		await admin.end();
	}
}

async function embeddedBench(): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'pp-ledger-bench-'));
	const driver: SqlDriver = await createPgliteDriver(dir);
	const shared: SqlDriver = { ...driver, close: async () => undefined };
	const stores = [0, 1, 2, 3].map(() => new SqlLedgerStore(shared, 'embedded'));
	try {
		await stores[0].listEvents({ limit: 1 });
		console.log(`Embedded PGlite (data directory ${dir}; one process, statements run one at a time)`);
		const one = await appendRun([stores[0]], 1000, 'one');
		const four = await appendRun(stores, 2000, 'four');
		const batched = await batchedAppendRun(stores, 10000, 100, 'batch');
		const drain = await drainRun(stores, 13000);
		console.log(`  append, 1 appender, one commit per event:       ${fmt(one)} events/s`);
		console.log(`  append, 4 appenders, one commit per event:      ${fmt(four)} events/s`);
		console.log(`  append, 4 appenders, batches of 100 per commit: ${fmt(batched)} events/s`);
		console.log(`  claim+ack, 4 workers (batches of 100):          ${fmt(drain)} events/s`);
	} finally {
		await driver.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	await postgresBench();
	await embeddedBench();
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
