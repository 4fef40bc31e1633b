/**
 * Versioned schema migrations, shared by PostgreSQL and PGlite. Applied on first use of a store, in
 * one transaction under an advisory lock, so concurrent first runs (several queue-mode workers
 * starting together) apply each version exactly once and nobody ever runs SQL by hand.
 *
 * Rules: never edit a released migration; add a new version. Every statement is idempotent
 * (IF NOT EXISTS) so a half-created schema heals itself.
 */
import { quoteIdent } from './sql/pgDriver';
import type { SqlDriver } from './sql/driver';

export interface Migration {
	version: number;
	name: string;
	/** The tables this version creates: once applied, it runs again only to re-create one of them. */
	tables: readonly string[];
	sql: string;
}

export const LEDGER_TABLES = [
	'pp_ledger_migrations',
	'pp_orders',
	'pp_events',
	'pp_exceptions',
	'pp_tracking_numbers',
	'pp_attempts',
] as const;

export const MIGRATIONS: Migration[] = [
	{
		version: 1,
		name: 'orders, events, exceptions',
		tables: ['pp_orders', 'pp_events', 'pp_exceptions'],
		sql: `
CREATE TABLE IF NOT EXISTS pp_orders (
	order_key            text PRIMARY KEY,
	stage                text NOT NULL,
	stage_changed_at     timestamptz NOT NULL,
	open_exception_types text[] NOT NULL DEFAULT '{}',
	placed_at            timestamptz,
	record               jsonb NOT NULL,
	version              integer NOT NULL,
	created_at           timestamptz NOT NULL,
	updated_at           timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS pp_orders_stage_idx ON pp_orders (stage, stage_changed_at);
CREATE INDEX IF NOT EXISTS pp_orders_open_exc_idx ON pp_orders USING gin (open_exception_types);

CREATE TABLE IF NOT EXISTS pp_events (
	id               bigserial PRIMARY KEY,
	idempotency_key  text NOT NULL UNIQUE,
	source           text NOT NULL,
	topic            text,
	order_key        text,
	payload          jsonb NOT NULL,
	status           text NOT NULL DEFAULT 'pending'
	                 CHECK (status IN ('pending', 'processing', 'done', 'failed', 'dead')),
	attempts         integer NOT NULL DEFAULT 0,
	next_attempt_at  timestamptz,
	lease_expires_at timestamptz,
	leased_by        text,
	lease_token      text,
	last_error       text,
	received_at      timestamptz NOT NULL,
	updated_at       timestamptz NOT NULL,
	done_at          timestamptz,
	replayed_by      text,
	replayed_at      timestamptz
);
-- Claimable work: pending/failed due now, or processing with an expired lease.
CREATE INDEX IF NOT EXISTS pp_events_due_idx ON pp_events (next_attempt_at, id) WHERE status IN ('pending', 'failed');
CREATE INDEX IF NOT EXISTS pp_events_lease_idx ON pp_events (lease_expires_at) WHERE status = 'processing';
CREATE INDEX IF NOT EXISTS pp_events_order_idx ON pp_events (order_key, received_at);
CREATE INDEX IF NOT EXISTS pp_events_dead_idx ON pp_events (updated_at) WHERE status = 'dead';

CREATE TABLE IF NOT EXISTS pp_exceptions (
	id               text PRIMARY KEY,
	order_key        text NOT NULL,
	type             text NOT NULL,
	severity         text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
	opened_at        timestamptz NOT NULL,
	acknowledged_at  timestamptz,
	resolved_at      timestamptz,
	owner            text,
	evidence         jsonb NOT NULL DEFAULT '{}',
	resolution       text,
	slack_channel    text,
	slack_ts         text,
	slack_permalink  text,
	created_at       timestamptz NOT NULL,
	updated_at       timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS pp_exceptions_open_idx ON pp_exceptions (opened_at) WHERE resolved_at IS NULL;
CREATE INDEX IF NOT EXISTS pp_exceptions_order_idx ON pp_exceptions (order_key);
CREATE INDEX IF NOT EXISTS pp_exceptions_type_idx ON pp_exceptions (type, opened_at);
`,
	},
	{
		// Issue 12: a carrier push names a parcel, not an order. This small lookup table answers "which
		// order has tracking number X" for a whole batch in one indexed query. It is kept by Upsert Order
		// (origin 'record': the record's shipments) and Append Event (origin 'event': observations that
		// name an order and a parcel). The backfill below fills it from what an existing database holds;
		// numbers are normalised as the engine does (normaliseTrackingNumber: no blanks or hyphens, upper).
		version: 2,
		name: 'tracking numbers to orders',
		tables: ['pp_tracking_numbers'],
		sql: `
CREATE TABLE IF NOT EXISTS pp_tracking_numbers (
	tracking_number text NOT NULL,
	order_key       text NOT NULL,
	origin          text NOT NULL CHECK (origin IN ('record', 'event')),
	first_seen_at   timestamptz NOT NULL,
	PRIMARY KEY (tracking_number, order_key, origin)
);
CREATE INDEX IF NOT EXISTS pp_tracking_numbers_order_idx ON pp_tracking_numbers (order_key, origin);

INSERT INTO pp_tracking_numbers (tracking_number, order_key, origin, first_seen_at)
SELECT DISTINCT ON (tn, o.order_key) tn, o.order_key, 'record', o.updated_at
FROM pp_orders o
CROSS JOIN LATERAL jsonb_array_elements(
	CASE WHEN jsonb_typeof(o.record -> 'shipments') = 'array' THEN o.record -> 'shipments' ELSE '[]'::jsonb END
) AS s(shipment)
CROSS JOIN LATERAL (SELECT upper(regexp_replace(s.shipment ->> 'trackingNumber', '[[:space:]-]', '', 'g')) AS tn) AS n
WHERE jsonb_typeof(s.shipment -> 'trackingNumber') = 'string' AND n.tn <> ''
ON CONFLICT DO NOTHING;

INSERT INTO pp_tracking_numbers (tracking_number, order_key, origin, first_seen_at)
SELECT DISTINCT ON (tn, ok) tn, ok, 'event', e.received_at
FROM pp_events e
CROSS JOIN LATERAL jsonb_array_elements(CASE
	WHEN jsonb_typeof(e.payload -> 'observations') = 'array' THEN e.payload -> 'observations'
	WHEN jsonb_typeof(e.payload -> 'observation') = 'object' THEN jsonb_build_array(e.payload -> 'observation')
	WHEN jsonb_typeof(e.payload -> 'kind') = 'string' AND jsonb_typeof(e.payload -> 'data') = 'object'
		THEN jsonb_build_array(e.payload)
	ELSE '[]'::jsonb END) AS x(obs)
CROSS JOIN LATERAL (SELECT
	upper(regexp_replace(
		CASE WHEN jsonb_typeof(x.obs -> 'data' -> 'trackingNumber') = 'string'
			THEN x.obs -> 'data' ->> 'trackingNumber' ELSE '' END,
		'[[:space:]-]', '', 'g'
	)) AS tn,
	coalesce(
		nullif(btrim(CASE WHEN jsonb_typeof(x.obs -> 'orderKey') = 'string' THEN x.obs ->> 'orderKey' ELSE '' END), ''),
		nullif(btrim(e.order_key), '')
	) AS ok
) AS n
WHERE jsonb_typeof(x.obs) = 'object' AND n.tn <> '' AND n.ok IS NOT NULL
ORDER BY tn, ok, e.received_at
ON CONFLICT DO NOTHING;
`,
	},
	{
		// Issue 17: the customer order status page slows lookups down per client (Count Attempt). One row per
		// subject and fixed window, counted by one INSERT ... ON CONFLICT DO UPDATE (atomic across workers).
		// Rows are deleted a day after their window ended, a few hundred at a time, by Count Attempt itself
		// (window_ends_at is indexed for that), so the table holds about a day of windows.
		version: 3,
		name: 'attempt counts per subject and window',
		tables: ['pp_attempts'],
		sql: `
CREATE TABLE IF NOT EXISTS pp_attempts (
	subject        text NOT NULL,
	window_start   timestamptz NOT NULL,
	window_ends_at timestamptz NOT NULL,
	count          bigint NOT NULL,
	PRIMARY KEY (subject, window_start)
);
CREATE INDEX IF NOT EXISTS pp_attempts_ends_idx ON pp_attempts (window_ends_at);
`,
	},
];

/** Arbitrary constant: the advisory-lock id that serialises migration runs in one database. */
const MIGRATION_LOCK_ID = 7_340_211;

/**
 * Brings the schema up to the newest version. Returns the versions applied by this call (empty when
 * the schema was current). Missing tables (someone dropped one) are re-created, since every
 * statement is idempotent.
 */
export async function migrate(driver: SqlDriver, schema?: string): Promise<number[]> {
	// Every execution opens the ledger, and the locked path below serialises them all on one advisory lock (the
	// webhook intake at concurrency 32 queued behind it): a current schema is recognised by one read, unlocked.
	if (await isCurrent(driver, schema)) return [];
	return await driver.transaction(async (tx) => {
		await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
		if (schema && schema !== 'public') await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
		await tx.query(
			`CREATE TABLE IF NOT EXISTS pp_ledger_migrations (
				version    integer PRIMARY KEY,
				name       text NOT NULL,
				applied_at timestamptz NOT NULL DEFAULT now()
			)`,
		);
		const { rows } = await tx.query<{ version: number }>('SELECT version FROM pp_ledger_migrations');
		const done = new Set(rows.map((r) => Number(r.version)));
		const missing = await missingLedgerTables(tx, schema);
		const applied: number[] = [];
		for (const m of MIGRATIONS) {
			// An applied version runs again only when a table of its own is gone. Not whenever any table is: on an
			// upgrade the new version's table is missing until it runs, and every older script would run again with
			// it (version 2's backfill reads every stored order and event while all workers wait on the lock).
			if (done.has(m.version) && !m.tables.some((t) => missing.has(t))) continue;
			await execScript(tx, m.sql);
			if (!done.has(m.version)) {
				await tx.query('INSERT INTO pp_ledger_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
				applied.push(m.version);
			}
		}
		return applied;
	});
}

/**
 * One unlocked read: every migration recorded and every ledger table there. False when unsure (no migrations table
 * yet, or anything failed), so the locked path decides; it is the only one that writes.
 */
async function isCurrent(driver: SqlDriver, schema = 'public'): Promise<boolean> {
	// Qualified by the ledger's own schema: the search path also holds public, where another ledger's tables would
	// make a new schema look current (and its statements then run on public's tables).
	const inSchema = quoteIdent(schema);
	try {
		const { rows } = await driver.query<{ done: number; missing: number }>(
			`SELECT (SELECT count(*)::int FROM ${inSchema}.pp_ledger_migrations WHERE version = ANY($1::int[])) AS done,
			        (SELECT count(*)::int FROM unnest($2::text[]) AS t(name)
			          WHERE to_regclass(quote_ident($3) || '.' || t.name) IS NULL) AS missing`,
			[MIGRATIONS.map((m) => m.version), LEDGER_TABLES.slice(1), schema],
		);
		return Number(rows[0]?.done) === MIGRATIONS.length && Number(rows[0]?.missing) === 0;
	} catch {
		return false;
	}
}

async function missingLedgerTables(tx: { query: SqlDriver['query'] }, schema = 'public'): Promise<Set<string>> {
	// In the ledger's own schema: unqualified, a table missing there would be found in public (the search path).
	const { rows } = await tx.query<{ name: string }>(
		`SELECT t.name FROM unnest($1::text[]) AS t(name)
		  WHERE to_regclass(quote_ident($2) || '.' || t.name) IS NULL`,
		[LEDGER_TABLES.slice(1), schema],
	);
	return new Set(rows.map((r) => String(r.name)));
}

/** Runs a multi-statement script one statement at a time (parameterless, so both drivers accept it). */
async function execScript(tx: { query: SqlDriver['query'] }, sql: string): Promise<void> {
	const statements = sql
		.split(/;\s*\n/)
		.map((s) => s.replace(/^\s*--.*$/gm, '').trim())
		.filter((s) => s.length > 0);
	for (const statement of statements) await tx.query(statement);
}
