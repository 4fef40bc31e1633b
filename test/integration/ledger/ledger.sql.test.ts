/**
 * What only the SQL backends do: versioned migrations applied once and healed, PostgreSQL errors that
 * say what to fix, and a PostgreSQL restart in the middle of a run (through a TCP proxy we sever and
 * refuse for a few seconds; optionally a real `pg_ctlcluster 15 main restart` with PP_TEST_PG_RESTART=1).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

import { openLedger } from '../../../nodes/lib/ledger';
import { LedgerError } from '../../../nodes/lib/ledger/errors';
import { LEDGER_TABLES, migrate, MIGRATIONS } from '../../../nodes/lib/ledger/migrations';
import { createPgDriver } from '../../../nodes/lib/ledger/sql/pgDriver';
import { createPgliteDriver } from '../../../nodes/lib/ledger/sql/pgliteDriver';
import type { SqlDriver } from '../../../nodes/lib/ledger/sql/driver';
import { SqlLedgerStore } from '../../../nodes/lib/ledger/sqlStore';
import type { LedgerStore } from '../../../nodes/lib/ledger/types';
import { dropSchema, POSTGRES_URL, postgresAvailable, REQUIRE_POSTGRES, uniqueSchema } from './backends';
import { mergeRecords } from '../../../nodes/lib/order';
import type { OrderRecord } from '../../../nodes/lib/order';
import { at, delivered, placed, pushEvent, recordFrom, shipped, upsPushItem } from './fixtures';
import { TcpProxy } from './tcpProxy';

jest.setTimeout(180_000);

const NOW = at(10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The driver, with every statement a migration runs (inside its transaction) written down. */
function recordingMigrations(driver: SqlDriver): { driver: SqlDriver; statements: string[] } {
	const statements: string[] = [];
	return {
		statements,
		driver: {
			...driver,
			transaction: (fn) =>
				driver.transaction((tx) =>
					fn({
						query: (sql, params) => {
							statements.push(sql);
							return tx.query(sql, params);
						},
					}),
				),
		},
	};
}

/** Fills a current ledger, takes it back to version 1 (no lookup table), and checks that migration 2 backfills it. */
async function migrationFromVersion1(
	driver: SqlDriver,
	backend: 'embedded' | 'postgres',
	schema?: string,
): Promise<void> {
	const shared = { ...driver, close: async () => undefined };
	const old = new SqlLedgerStore(shared, backend, schema);
	await old.upsertOrder(recordFrom([placed('M1', 0), shipped('M1', 24, '1ZMIGRATED00001')], 25), at(25));
	const raw = {
		...shipped('M2', 24),
		data: { shipmentId: 'ss-M2', trackingNumber: '1z migrated-00002', carrier: 'UPS', shippedAt: at(24) },
	};
	await old.appendEvent(
		{
			key: 'shopify:m2',
			source: 'shopify',
			topic: 'fulfillments/create',
			orderKey: 'M2',
			payload: { observations: [raw] },
		},
		at(24),
	);
	await old.appendEvent(
		{
			key: 'obs:m3',
			source: 'shipstation',
			topic: 'shipment',
			orderKey: null,
			payload: shipped('M3', 24, '1ZMIGRATED00003'),
		},
		at(24),
	);
	// Back to what a version-1 database looks like: no lookup table, version 2 never applied.
	await driver.query('DROP TABLE pp_tracking_numbers');
	await driver.query('DELETE FROM pp_ledger_migrations WHERE version = 2');

	expect(await migrate(driver, schema)).toEqual([2]);
	const store = new SqlLedgerStore(shared, backend, schema);
	expect(
		Object.fromEntries(
			await store.findParcelOrders(['1ZMIGRATED00001', '1ZMIGRATED00002', '1zmigrated00003', '1ZNOTHERE']),
		),
	).toEqual({
		'1ZMIGRATED00001': { orderKeys: ['M1'], origin: 'record' },
		'1ZMIGRATED00002': { orderKeys: ['M2'], origin: 'event' },
		'1ZMIGRATED00003': { orderKeys: ['M3'], origin: 'event' },
	});
	// And a push for one of them is filed under its order at once.
	expect((await store.appendEvent(pushEvent(upsPushItem('1ZMIGRATED00002', 40)), at(40))).event.orderKey).toBe('M2');
	expect(await migrate(driver, schema)).toEqual([]);
}

/**
 * A ledger as version 2 left it (no attempt counts), holding an order and an event, upgrades: only version 3
 * runs (none of the older scripts again), what was stored is untouched, and Count Attempt works at once.
 */
async function migrationFromVersion2(
	driver: SqlDriver,
	backend: 'embedded' | 'postgres',
	schema?: string,
): Promise<void> {
	const shared = { ...driver, close: async () => undefined };
	const old = new SqlLedgerStore(shared, backend, schema);
	await old.upsertOrder(recordFrom([placed('V2', 0), shipped('V2', 24, '1ZVERSION2')], 25), at(25));
	await old.appendEvent({ key: 'v2-event', source: 'shopify', orderKey: 'V2', payload: { v: 2 } }, at(25));
	await driver.query('DROP TABLE pp_attempts');
	await driver.query('DELETE FROM pp_ledger_migrations WHERE version = 3');

	const recording = recordingMigrations(driver);
	expect(await migrate(recording.driver, schema)).toEqual([3]);
	expect(recording.statements.filter((s) => /CREATE TABLE IF NOT EXISTS/.test(s))).toEqual([
		expect.stringContaining('pp_ledger_migrations'),
		expect.stringContaining('pp_attempts'),
	]);
	const store = new SqlLedgerStore(shared, backend, schema);
	expect((await store.getOrder('V2'))?.orderKey).toBe('V2');
	expect(Object.fromEntries(await store.findParcelOrders(['1ZVERSION2']))).toEqual({
		'1ZVERSION2': { orderKeys: ['V2'], origin: 'record' },
	});
	expect((await store.listEvents({})).map((e) => e.key)).toEqual(['v2-event']);
	const attempt = { subject: 'lookup:ip:v2', windowSeconds: 60, limit: 1, now: at(26) };
	expect(await store.countAttempt(attempt)).toMatchObject({ allowed: true, count: 1 });
	expect(await store.countAttempt(attempt)).toMatchObject({ allowed: false, count: 2 });
	expect(await migrate(driver, schema)).toEqual([]);
}

describe('migrations (embedded)', () => {
	it('apply every version once, record them, and re-create a dropped table on the next open', async () => {
		const driver = await createPgliteDriver(undefined);
		try {
			expect(await migrate(driver)).toEqual(MIGRATIONS.map((m) => m.version));
			expect(await migrate(driver)).toEqual([]);
			const { rows } = await driver.query<{ version: number }>(
				'SELECT version FROM pp_ledger_migrations ORDER BY version',
			);
			expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
			await driver.query('DROP TABLE pp_exceptions');
			expect(await migrate(driver)).toEqual([]);
			const { rows: back } = await driver.query<{ t: string | null }>(`SELECT to_regclass('pp_exceptions')::text AS t`);
			expect(back[0].t).toBe('pp_exceptions');
		} finally {
			await driver.close();
		}
	});

	it('each ledger table belongs to exactly one version, and a dropped table re-runs only its own version', async () => {
		expect(MIGRATIONS.flatMap((m) => m.tables).sort()).toEqual(LEDGER_TABLES.slice(1).sort());
		const driver = await createPgliteDriver(undefined);
		try {
			await migrate(driver);
			await driver.query('DROP TABLE pp_exceptions');
			const recording = recordingMigrations(driver);
			expect(await migrate(recording.driver)).toEqual([]);
			expect(recording.statements.some((s) => /CREATE TABLE IF NOT EXISTS pp_exceptions/.test(s))).toBe(true);
			// Version 2 (its backfill reads every order and event) is not run again for another version's table.
			expect(recording.statements.some((s) => /INSERT INTO pp_tracking_numbers/.test(s))).toBe(false);
			const { rows } = await driver.query<{ t: string | null }>(`SELECT to_regclass('pp_exceptions')::text AS t`);
			expect(rows[0].t).toBe('pp_exceptions');
		} finally {
			await driver.close();
		}
	});

	it(
		'a database from before the tracking-number lookup (version 1) migrates cleanly and knows the parcels it ' +
			'already held',
		async () => {
			const driver = await createPgliteDriver(undefined);
			try {
				await migrationFromVersion1(driver, 'embedded');
			} finally {
				await driver.close();
			}
		},
	);

	it('a database from before attempt counts (version 2) upgrades by running version 3 only', async () => {
		const driver = await createPgliteDriver(undefined);
		try {
			await migrationFromVersion2(driver, 'embedded');
		} finally {
			await driver.close();
		}
	});

	it('parcels cost one lookup query per batch: 200 numbers, or 50 pushes appended together', async () => {
		const driver = await createPgliteDriver(undefined);
		const lookups: string[] = [];
		const counting = {
			...driver,
			close: async () => undefined,
			query: (async (sql: string, params?: unknown[]) => {
				if (/FROM pp_tracking_numbers WHERE/.test(sql)) lookups.push(sql);
				return await driver.query(sql, params);
			}) as typeof driver.query,
		};
		try {
			const store = new SqlLedgerStore(counting, 'embedded');
			for (let i = 0; i < 5; i++)
				await store.upsertOrder(recordFrom([placed(`Q${i}`, 0), shipped(`Q${i}`, 24, `1ZBATCH${i}`)], 25), at(25));
			lookups.length = 0;
			const found = await store.findParcelOrders(Array.from({ length: 200 }, (_, i) => `1ZBATCH${i}`));
			expect(found.size).toBe(5);
			expect(lookups).toHaveLength(1);
			lookups.length = 0;
			const results = await store.appendEvents(
				Array.from({ length: 50 }, (_, i) => pushEvent(upsPushItem(`1ZBATCH${i % 10}`, 30 + i))),
				at(80),
			);
			expect(lookups).toHaveLength(1);
			expect(results.map((r) => (r instanceof Error ? r.message : r.event.orderKey))).toEqual(
				Array.from({ length: 50 }, (_, i) => (i % 10 < 5 ? `Q${i % 10}` : null)),
			);
		} finally {
			await driver.close();
		}
	});

	it('an embedded data directory survives close and reopen (what the next execution sees)', async () => {
		const dir = `${tmpdir()}/pp-ledger-${process.pid}-${Date.now()}`;
		const first = await openLedger({ backend: 'embedded', dataDir: dir });
		await first.appendEvent({ key: 'persisted', source: 'shopify', payload: { a: 1 } }, NOW);
		await first.close();
		const second = await openLedger({ backend: 'embedded', dataDir: dir });
		try {
			expect((await second.appendEvent({ key: 'persisted', source: 'shopify', payload: { a: 1 } }, NOW)).status).toBe(
				'duplicate',
			);
		} finally {
			await second.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

const pgDescribe = POSTGRES_URL || REQUIRE_POSTGRES ? describe : describe.skip;
if (!POSTGRES_URL && !REQUIRE_POSTGRES) console.warn('skipped: PP_TEST_POSTGRES_URL not set (PostgreSQL specifics)');

pgDescribe('PostgreSQL specifics', () => {
	let available = false;
	beforeAll(async () => {
		available = await postgresAvailable(); // throws when PP_REQUIRE_POSTGRES=1 and it is missing
		if (!available) console.warn(`skipped: PostgreSQL at ${POSTGRES_URL} unreachable (PostgreSQL specifics)`);
	});
	const url = () => new URL(POSTGRES_URL!);
	const parts = () => ({
		host: url().hostname,
		port: Number(url().port || 5432),
		database: url().pathname.slice(1),
		user: decodeURIComponent(url().username),
	});

	it('concurrent first runs apply each migration exactly once (advisory lock)', async () => {
		if (!available) return;
		const schema = uniqueSchema('mig');
		const drivers = Array.from({ length: 4 }, () => createPgDriver({ connectionString: POSTGRES_URL, schema }));
		try {
			const applied = await Promise.all(drivers.map((d) => migrate(d, schema)));
			expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
		} finally {
			await Promise.all(drivers.map((d) => d.close()));
			await dropSchema(schema);
		}
	});

	it('a new schema beside a current ledger in public is migrated, not taken for current (search path)', async () => {
		if (!available) return;
		const inPublic = createPgDriver({ connectionString: POSTGRES_URL });
		const schema = uniqueSchema('new');
		const driver = createPgDriver({ connectionString: POSTGRES_URL, schema });
		try {
			await migrate(inPublic); // public holds a ledger (as it does for any store that uses the default schema)
			expect(await migrate(driver, schema)).toEqual(MIGRATIONS.map((m) => m.version));
			const { rows } = await driver.query<{ n: number }>(
				`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`,
				[schema],
			);
			expect(Number(rows[0].n)).toBeGreaterThanOrEqual(4);
		} finally {
			await Promise.all([inPublic.close(), driver.close()]);
			await dropSchema(schema);
		}
	});

	it('a current schema is seen without the migration lock; a dropped table still takes the locked path', async () => {
		if (!available) return;
		const schema = uniqueSchema('cur');
		const driver = createPgDriver({ connectionString: POSTGRES_URL, schema });
		const holder = createPgDriver({ connectionString: POSTGRES_URL, schema });
		let release: () => void = () => undefined;
		let holding: Promise<unknown> = Promise.resolve();
		try {
			expect(await migrate(driver, schema)).toEqual(MIGRATIONS.map((m) => m.version));
			// another process sits in a migration: it holds the lock until released
			const locked = new Promise<void>((resolve) => {
				holding = holder.transaction(async (tx) => {
					await tx.query('SELECT pg_advisory_xact_lock(7340211)');
					resolve();
					await new Promise<void>((r) => (release = r));
				});
			});
			await locked;
			// every execution opens the ledger: with the schema current, none of them waits for that lock
			const outcome = await Promise.race([migrate(driver, schema), sleep(5_000).then(() => 'waited for the lock')]);
			expect(outcome).toEqual([]);
			// a dropped table is not current: that open waits for the lock, then re-creates the table
			await driver.query('DROP TABLE pp_exceptions');
			const repairing = migrate(driver, schema);
			const early = await Promise.race([repairing, sleep(500).then(() => 'waiting')]);
			expect(early).toBe('waiting');
			release();
			await holding;
			expect(await repairing).toEqual([]);
			// in the schema itself (unqualified, public's table would answer)
			const { rows } = await driver.query<{ there: boolean }>(
				`SELECT to_regclass(quote_ident($1) || '.pp_exceptions') IS NOT NULL AS there`,
				[schema],
			);
			expect(rows[0].there).toBe(true);
		} finally {
			release();
			await holding.catch(() => undefined);
			await Promise.all([driver.close(), holder.close()]);
			await dropSchema(schema);
		}
	});

	it('shared: the executions of a process reuse one connection (unshared: one each); close keeps it', async () => {
		if (!available) return;
		const schema = uniqueSchema('shr');
		const backendsOver = async (shared: boolean) => {
			const pids = new Set<number>();
			for (let i = 0; i < 6; i++) {
				// what one execution does: open, use, close
				const driver = createPgDriver({ connectionString: POSTGRES_URL, schema, shared });
				const { rows } = await driver.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
				pids.add(Number(rows[0].pid));
				await driver.close();
			}
			return pids.size;
		};
		try {
			expect(await backendsOver(false)).toBe(6);
			expect(await backendsOver(true)).toBe(1);
			// another connection (here: another schema) is another pool
			const other = createPgDriver({ connectionString: POSTGRES_URL, schema: `${schema}_b`, shared: true });
			const mine = createPgDriver({ connectionString: POSTGRES_URL, schema, shared: true });
			const pidOf = async (d: SqlDriver) =>
				Number((await d.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
			expect(await pidOf(other)).not.toBe(await pidOf(mine));
		} finally {
			await dropSchema(schema);
		}
	});

	it('a version-1 database on PostgreSQL migrates cleanly and knows the parcels it already held', async () => {
		if (!available) return;
		const schema = uniqueSchema('v1');
		const driver = createPgDriver({ connectionString: POSTGRES_URL, schema });
		try {
			await migrationFromVersion1(driver, 'postgres', schema);
		} finally {
			await driver.close();
			await dropSchema(schema);
		}
	});

	it('a version-2 database on PostgreSQL upgrades by running version 3 only', async () => {
		if (!available) return;
		const schema = uniqueSchema('v2');
		const driver = createPgDriver({ connectionString: POSTGRES_URL, schema });
		try {
			await migrationFromVersion2(driver, 'postgres', schema);
		} finally {
			await driver.close();
			await dropSchema(schema);
		}
	});

	it('wrong user, wrong database and wrong port each give an error that says what to fix', async () => {
		if (!available) return;
		const attempt = async (override: Record<string, unknown>) => {
			const store = await openLedger({
				backend: 'postgres',
				connection: { ...parts(), password: 'x', connectTimeoutMs: 3000, ...override },
			});
			try {
				await store.getOrder('1');
				return null;
			} catch (err) {
				return err as LedgerError;
			} finally {
				await store.close();
			}
		};
		const badUser = await attempt({ user: 'no_such_user_pp' });
		expect(badUser).toMatchObject({ code: 'auth_failed', hint: expect.stringContaining('User and Password') });
		const badDb = await attempt({ database: 'no_such_database_pp' });
		expect(badDb).toMatchObject({ code: 'database_missing', hint: expect.stringContaining('Database field') });
		const badPort = await attempt({ port: 1 });
		expect(badPort).toMatchObject({ code: 'connection_failed', hint: expect.stringContaining('Host and Port') });
	});

	it('a user without CREATE on the schema is told which grant is missing', async () => {
		if (!available) return;
		const schema = uniqueSchema('ro');
		const role = `pp_ro_${process.pid}`;
		const admin = createPgDriver({ connectionString: POSTGRES_URL });
		try {
			await admin.query(`DROP ROLE IF EXISTS ${role}`);
			await admin.query(`CREATE ROLE ${role} LOGIN`);
			await admin.query(`CREATE SCHEMA ${schema}`);
			await admin.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
			await admin.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
			const store = await openLedger({ backend: 'postgres', connection: { ...parts(), user: role, schema } });
			await expect(store.getOrder('1')).rejects.toMatchObject({
				code: 'permission_denied',
				hint: expect.stringContaining('GRANT CREATE'),
			});
			await store.close();
		} finally {
			await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
			await admin.query(`DROP ROLE IF EXISTS ${role}`);
			await admin.close();
		}
	});

	it(
		'optimistic concurrency: a writer that read an old version retries, ' +
			'merges on top of the winner, loses nothing',
		async () => {
			if (!available) return;
			const schema = uniqueSchema('occ');
			let release!: () => void;
			const gate = new Promise<void>((resolve) => (release = resolve));
			let slowCalls = 0;
			// Writer A reads the order, then stalls inside its merge until writer B has written.
			const slowMerge = async (stored: OrderRecord, incoming: OrderRecord) => {
				if (slowCalls++ === 0) await gate;
				return mergeRecords(stored, incoming);
			};
			const a = new SqlLedgerStore(
				createPgDriver({ connectionString: POSTGRES_URL, schema }),
				'postgres',
				schema,
				slowMerge,
			);
			const b = new SqlLedgerStore(createPgDriver({ connectionString: POSTGRES_URL, schema }), 'postgres', schema);
			try {
				const key = 'OCC1';
				await b.upsertOrder(recordFrom([placed(key, 0)], 1), at(1));
				const slow = a.upsertOrder(recordFrom([placed(key, 0), shipped(key, 24)], 25), at(25));
				await sleep(300); // A has read version 1 and is merging
				const fast = await b.upsertOrder(recordFrom([placed(key, 0), delivered(key, 60)], 61), at(61));
				expect(fast.record.version).toBe(2);
				release();
				const late = await slow;
				expect(late.retries).toBe(1);
				expect(late.status).toBe('updated');
				expect(late.record.version).toBe(3);
				const final = (await b.getOrder(key))!;
				expect(final.version).toBe(3);
				expect(final.stage).toBe('delivered'); // B's delivery survived A's stale "shipped" write
				expect(final.shipments.map((s) => s.trackingNumber)).toContain(`1Z${key}`); // and A's shipment is there too
			} finally {
				await a.close();
				await b.close();
				await dropSchema(schema);
			}
		},
	);

	/**
	 * A run appends and processes events while PostgreSQL "restarts" (the proxy drops every connection
	 * and refuses new ones for 3 s). Calls during the outage fail with a clear connection error; nothing
	 * that was acknowledged as stored is lost; the next run (a new store, like the next execution)
	 * re-appends what failed and drains the queue.
	 */
	it('PostgreSQL restarted mid-run: no event lost, clear error, the next run continues', async () => {
		if (!available) return;
		const schema = uniqueSchema('rst');
		const proxy = new TcpProxy(parts().host, parts().port);
		const port = await proxy.start();
		const open = () =>
			openLedger({ backend: 'postgres', connection: { ...parts(), port, schema, connectTimeoutMs: 2000 } });
		const keys = Array.from({ length: 300 }, (_, i) => `restart-${i}`);
		const stored = new Set<string>();
		const failedKeys: string[] = [];
		const errors: LedgerError[] = [];
		let store: LedgerStore = await open();
		try {
			let severed = false;
			for (const [i, key] of keys.entries()) {
				if (i === 100) {
					// Claim a batch and "crash" with it in hand during the outage (its ack will fail).
					const inHand = await store.claimBatch({
						worker: 'run-1',
						limit: 20,
						leaseSeconds: 30,
						maxAttempts: 5,
						now: NOW,
					});
					expect(inHand).toHaveLength(20);
					await proxy.sever();
					severed = true;
					setTimeout(() => void proxy.restore(), 3000);
					await expect(
						store.ack(
							inHand.map((e) => ({ id: e.id, leaseToken: e.leaseToken! })),
							NOW,
						),
					).rejects.toMatchObject({ code: 'connection_failed' });
				}
				try {
					const res = await store.appendEvent({ key, source: 'shopify', payload: { i } }, NOW);
					stored.add(res.event.key);
				} catch (err) {
					expect(err).toBeInstanceOf(LedgerError);
					errors.push(err as LedgerError);
					failedKeys.push(key);
					await sleep(20);
				}
			}
			expect(severed).toBe(true);
			expect(errors.length).toBeGreaterThan(0);
			for (const e of errors) {
				expect(e.code).toBe('connection_failed');
				expect(e.hint).toMatch(/re-run the workflow once the database is back/);
			}
			await store.close();

			// The next run: a fresh store re-appends what failed (the source re-delivers) and drains.
			await sleep(3500);
			store = await open();
			for (const key of failedKeys)
				stored.add((await store.appendEvent({ key, source: 'shopify', payload: { retried: true } }, NOW)).event.key);
			expect(stored.size).toBe(keys.length);
			const all = await store.listEvents({ limit: 1000 });
			expect(all.map((e) => e.key).sort()).toEqual([...keys].sort());
			// Drain after the 30 s lease of the crashed batch: every event processed, none twice.
			const later = at(10.1);
			const seen: string[] = [];
			for (;;) {
				const batch = await store.claimBatch({
					worker: 'run-2',
					limit: 100,
					leaseSeconds: 30,
					maxAttempts: 5,
					now: later,
				});
				if (!batch.length) break;
				seen.push(...batch.map((e) => e.key));
				await store.ack(
					batch.map((e) => ({ id: e.id, leaseToken: e.leaseToken! })),
					later,
				);
			}
			expect(seen.sort()).toEqual([...keys].sort());
		} finally {
			await store.close();
			await proxy.stop();
			await dropSchema(schema);
		}
	});

	const realRestart = process.env.PP_TEST_PG_RESTART === '1' ? it : it.skip;
	realRestart('real server restart (pg_ctlcluster 15 main restart, PP_TEST_PG_RESTART=1, run in band)', async () => {
		if (!available) return;
		const schema = uniqueSchema('realrst');
		const store = new SqlLedgerStore(
			createPgDriver({ connectionString: POSTGRES_URL, schema, connectTimeoutMs: 3000 }),
			'postgres',
			schema,
		);
		try {
			await store.appendEvent({ key: 'before', source: 'shopify', payload: {} }, NOW);
			execFileSync('pg_ctlcluster', ['15', 'main', 'restart'], { stdio: 'ignore' });
			let sawError = false;
			for (let i = 0; i < 50; i++) {
				try {
					await store.appendEvent({ key: 'after', source: 'shopify', payload: {} }, NOW);
					break;
				} catch (err) {
					sawError = true;
					expect(err).toMatchObject({ code: 'connection_failed' });
					await sleep(200);
				}
			}
			const keys = (await store.listEvents({})).map((e) => e.key).sort();
			expect(keys).toEqual(['after', 'before']);
			void sawError; // an idle pooled connection may or may not be hit; the data is what matters
		} finally {
			await store.close();
			await dropSchema(schema);
		}
	});
});
