/**
 * What opening the embedded ledger costs (prints, never asserts). Run: npm run bench -- embedded-open
 *
 *  - first open: PGlite.create on an empty directory (initdb) + migrations + close;
 *  - reopen of a directory whose shared instance is still open (what the next node of the same or
 *    another execution does within the idle delay);
 *  - one Event processor event: 7 sequential openLedger/query/close pairs (the template runs ~7
 *    ledger nodes per event), before (every open is its own PGlite.create + close, as the node did
 *    until the shared registry) and after (openLedger shares the directory's instance), both when
 *    the event's first node has to open it and when the previous event left it open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PGlite } from '@electric-sql/pglite';

import { openLedger } from '../../nodes/lib/ledger/index';
import type { SqlDriver } from '../../nodes/lib/ledger/sql/driver';
import { closeIdleEmbedded } from '../../nodes/lib/ledger/sql/pgliteDriver';
import { SqlLedgerStore } from '../../nodes/lib/ledger/sqlStore';
import type { LedgerStore } from '../../nodes/lib/ledger/types';

const NODES_PER_EVENT = 7;
const ROUNDS = 5;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The node's old path: a private PGlite per open, closed with the store. */
async function openUnshared(dir: string): Promise<LedgerStore> {
	const db = await PGlite.create({ dataDir: dir });
	const driver: SqlDriver = {
		dialect: 'pglite',
		query: async <T>(text: string, params?: unknown[]) => {
			const r = await db.query<T>(text, params);
			return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
		},
		transaction: (fn) =>
			db.transaction((tx) =>
				fn({ query: async (text, params) => ({ rows: (await tx.query(text, params)).rows as never[], rowCount: 0 }) }),
			),
		close: () => db.close(),
	};
	return new SqlLedgerStore(driver, 'embedded');
}

const openShared = (dir: string) => openLedger({ backend: 'embedded', dataDir: dir });

/** One node execution: open, one small read (runs the migration check too), close. */
async function nodeRun(open: (dir: string) => Promise<LedgerStore>, dir: string): Promise<number> {
	const started = performance.now();
	const store = await open(dir);
	await store.listEvents({ limit: 1 });
	await store.close();
	return performance.now() - started;
}

async function event(open: (dir: string) => Promise<LedgerStore>, dir: string): Promise<number> {
	const started = performance.now();
	for (let i = 0; i < NODES_PER_EVENT; i++) await nodeRun(open, dir);
	return performance.now() - started;
}

async function main(): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'pp-embedded-open-bench-'));
	try {
		const first = await nodeRun(openShared, dir);
		const reopen: number[] = [];
		for (let i = 0; i < 10; i++) reopen.push(await nodeRun(openShared, dir));
		await closeIdleEmbedded();

		const before: number[] = [];
		const after: number[] = [];
		const warm: number[] = [];
		for (let r = 0; r < ROUNDS; r++) {
			before.push(await event(openUnshared, dir));
			after.push(await event(openShared, dir));
			warm.push(await event(openShared, dir)); // the next event within the idle delay
			await closeIdleEmbedded(); // the next "before" round must not meet the shared instance
		}
		console.log(`Embedded ledger open cost (data directory ${dir}; medians of ${ROUNDS} rounds)`);
		console.log(`  first open (new directory, initdb + migrations) + close:   ${ms(first)}`);
		console.log(`  reopen while the shared instance is open + query + close:  ${ms(median(reopen))}`);
		console.log(`  one processor event, ${NODES_PER_EVENT} sequential open/query/close:`);
		console.log(
			`    before (a PGlite.create per node):                       ${ms(median(before))}  ` +
				`(${ms(median(before) / NODES_PER_EVENT)} per node)`,
		);
		console.log(
			`    after (shared instance; the first node opens it):         ${ms(median(after))}  ` +
				`(${ms(median(after) / NODES_PER_EVENT)} per node)`,
		);
		console.log(
			`    after (shared instance already open from the last event): ${ms(median(warm))}  ` +
				`(${ms(median(warm) / NODES_PER_EVENT)} per node)`,
		);
	} finally {
		await closeIdleEmbedded();
		rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
