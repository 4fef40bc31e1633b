/**
 * The backends the shared ledger suite runs against:
 *  - embedded (PGlite in memory): always;
 *  - postgres: when PP_TEST_POSTGRES_URL is set, each run in its own schema (search_path), so
 *    parallel jest workers never see each other's rows. With PP_REQUIRE_POSTGRES=1 a missing or
 *    unreachable server FAILS the suite instead of skipping it;
 *  - airtable: through the nock fake (see airtableFake.ts), limits enforced.
 */
import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { AirtableLedgerStore } from '../../../nodes/lib/ledger/airtable/airtableStore';
import { AirtableClient } from '../../../nodes/lib/ledger/airtable/client';
import { createPgDriver } from '../../../nodes/lib/ledger/sql/pgDriver';
import { createPgliteDriver } from '../../../nodes/lib/ledger/sql/pgliteDriver';
import type { SqlDriver } from '../../../nodes/lib/ledger/sql/driver';
import { SqlLedgerStore } from '../../../nodes/lib/ledger/sqlStore';
import type { LedgerStore } from '../../../nodes/lib/ledger/types';
import { AirtableFake, FAKE_ENDPOINT } from './airtableFake';

export const POSTGRES_URL = process.env.PP_TEST_POSTGRES_URL;
export const REQUIRE_POSTGRES = process.env.PP_REQUIRE_POSTGRES === '1';

export function uniqueSchema(prefix = 'ppl'): string {
	return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Throws (so the suite fails) when Postgres is required but absent; returns false to skip otherwise. */
export async function postgresAvailable(): Promise<boolean> {
	if (!POSTGRES_URL) {
		if (REQUIRE_POSTGRES)
			throw new Error(
				'PP_REQUIRE_POSTGRES=1 but PP_TEST_POSTGRES_URL is not set: set it (e.g. ' +
					'postgres://postgres@127.0.0.1:5432/test)',
			);
		return false;
	}
	const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
	try {
		await client.connect();
		await client.query('SELECT 1');
		return true;
	} catch (err) {
		if (REQUIRE_POSTGRES)
			throw new Error(
				`PP_REQUIRE_POSTGRES=1 but PostgreSQL at ${POSTGRES_URL} is unreachable: ${(err as Error).message}`,
			);
		return false;
	} finally {
		await client.end().catch(() => undefined);
	}
}

export async function dropSchema(schema: string): Promise<void> {
	const client = new Client({ connectionString: POSTGRES_URL });
	await client.connect();
	try {
		await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
	} finally {
		await client.end();
	}
}

export interface BackendHandle {
	name: 'embedded' | 'postgres' | 'airtable';
	/** A fresh store on the same data (a second worker / the next execution). */
	open(): Promise<LedgerStore>;
	/** Empties every ledger table between tests. */
	reset(): Promise<void>;
	/** Releases what the handle holds (schema, PGlite instance, nock). */
	dispose(): Promise<void>;
	/** Airtable only: the fake, to assert limits. */
	fake?: AirtableFake;
	/** Volumes scale down on Airtable (5 requests/s). */
	scale: number;
	/** Count Attempt's stored rows, read behind the store's back (issue 17): to see clean-up and row reuse. */
	attemptRows(): Promise<AttemptRow[]>;
}

export interface AttemptRow {
	subject: string;
	windowStart: string;
	count: number;
}

async function sqlAttemptRows(driver: SqlDriver): Promise<AttemptRow[]> {
	const { rows } = await driver.query<{ subject: string; window_start: Date; count: string | number }>(
		'SELECT subject, window_start, count FROM pp_attempts ORDER BY subject, window_start',
	);
	return rows.map((r) => ({
		subject: r.subject,
		windowStart: new Date(r.window_start).toISOString(),
		count: Number(r.count),
	}));
}

const TRUNCATE = 'TRUNCATE pp_events, pp_orders, pp_exceptions, pp_tracking_numbers, pp_attempts RESTART IDENTITY';

/** PGlite is one in-process database: every "store" shares the driver, closing only at dispose. */
export async function embeddedBackend(): Promise<BackendHandle> {
	const driver = await createPgliteDriver(undefined);
	const shared: SqlDriver = { ...driver, close: async () => undefined };
	const first = new SqlLedgerStore(shared, 'embedded');
	await first.listEvents({ limit: 1 }); // migrate once
	return {
		name: 'embedded',
		scale: 1,
		open: async () => new SqlLedgerStore(shared, 'embedded'),
		reset: async () => {
			await driver.query(TRUNCATE);
		},
		dispose: () => driver.close(),
		attemptRows: () => sqlAttemptRows(driver),
	};
}

export async function postgresBackend(): Promise<BackendHandle> {
	const schema = uniqueSchema();
	const connection = { connectionString: POSTGRES_URL, schema, maxConnections: 4 };
	const admin = createPgDriver(connection);
	const first = new SqlLedgerStore(admin, 'postgres', schema);
	await first.listEvents({ limit: 1 });
	return {
		name: 'postgres',
		scale: 1,
		open: async () => new SqlLedgerStore(createPgDriver(connection), 'postgres', schema),
		reset: async () => {
			await admin.query(TRUNCATE);
		},
		dispose: async () => {
			await admin.close();
			await dropSchema(schema);
		},
		attemptRows: () => sqlAttemptRows(admin),
	};
}

export const AIRTABLE_BASE = 'appLedgerTest0001';
export const AIRTABLE_TOKEN = 'patTestToken.0123456789abcdef';

export async function airtableBackend(): Promise<BackendHandle> {
	let fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
	// One client for the whole run: its pacer sees every request to the base, as one n8n execution would.
	const client = new AirtableClient({ apiKey: AIRTABLE_TOKEN, baseId: AIRTABLE_BASE, endpointUrl: FAKE_ENDPOINT });
	const handle: BackendHandle = {
		name: 'airtable',
		scale: 0.01,
		fake,
		open: async () =>
			new AirtableLedgerStore({ apiKey: AIRTABLE_TOKEN, baseId: AIRTABLE_BASE, endpointUrl: FAKE_ENDPOINT, client }),
		reset: async () => {
			fake.uninstall();
			fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
			handle.fake = fake;
		},
		dispose: async () => fake.uninstall(),
		attemptRows: async () =>
			[...fake.tables.get('Attempts')!.records.values()]
				.map((r) => ({
					subject: String(r.fields.Subject),
					windowStart: String(r.fields['Window Start']),
					count: Number(r.fields.Count),
				}))
				.sort((a, b) => a.subject.localeCompare(b.subject)),
	};
	return handle;
}
