import { createHash } from 'node:crypto';

import { Pool, type PoolClient, type PoolConfig } from 'pg';

import { classifyPostgresError } from '../errors';
import type { SqlDriver, SqlResult, SqlSession } from './driver';

export interface PostgresConnectionOptions {
	/** Either a connection string... */
	connectionString?: string;
	/** ...or the parts (what the n8n credential holds). */
	host?: string;
	port?: number;
	database?: string;
	user?: string;
	password?: string;
	ssl?: boolean | { rejectUnauthorized: boolean };
	/** Schema holding the ledger's tables; created on first use. */
	schema?: string;
	/** Connections per store: one per concurrent caller is plenty. */
	maxConnections?: number;
	connectTimeoutMs?: number;
	/** Server-side statement timeout, so a hung query fails the execution instead of blocking it. */
	statementTimeoutMs?: number;
	/**
	 * Reuse this process's pool for the same connection instead of opening one per store. What the n8n nodes ask
	 * for: a new PostgreSQL connection costs 5 to 30 ms (a backend process per connection), more than the webhook
	 * intake's whole append. Connections only, never data: every store still reads what it needs afresh.
	 */
	shared?: boolean;
}

export function quoteIdent(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A pg Pool scoped to one execution. The schema is set per connection (search_path) so tests and
 * tenants can each have their own ledger in one database.
 */
export function createPgDriver(opts: PostgresConnectionOptions): SqlDriver {
	const schema = opts.schema ?? 'public';
	const config: PoolConfig = {
		connectionString: opts.connectionString,
		host: opts.host,
		port: opts.port,
		database: opts.database,
		user: opts.user,
		password: opts.password,
		ssl: opts.ssl,
		max: opts.maxConnections ?? 4,
		connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
		statement_timeout: opts.statementTimeoutMs ?? 60_000,
		// search_path via the startup packet: applies before the first statement, on every connection.
		options: `-c search_path=${quoteIdent(schema)},public`,
	};
	const pool = opts.shared ? sharedPool(config) : newPool(config);

	const run = async <T>(
		session: Pick<PoolClient, 'query'>,
		text: string,
		params?: unknown[],
	): Promise<SqlResult<T>> => {
		const res = await session.query(text, params as unknown[]);
		return { rows: res.rows as T[], rowCount: res.rowCount ?? 0 };
	};

	return {
		dialect: 'postgres',
		async query<T>(text: string, params?: unknown[]) {
			try {
				return await run<T>(pool, text, params);
			} catch (err) {
				throw classifyPostgresError(err, 'query');
			}
		},
		async transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
			let client: PoolClient;
			try {
				client = await pool.connect();
			} catch (err) {
				throw classifyPostgresError(err, 'connect');
			}
			let broken = false;
			try {
				await client.query('BEGIN');
				const result = await fn({ query: (text, params) => run(client, text, params) });
				await client.query('COMMIT');
				return result;
			} catch (err) {
				try {
					await client.query('ROLLBACK');
				} catch {
					broken = true;
				}
				throw classifyPostgresError(err, 'transaction');
			} finally {
				// A connection that failed mid-transaction is discarded, never reused.
				client.release(broken ? true : undefined);
			}
		},
		async close() {
			// A shared pool outlives the store: its idle connections close by themselves (idleTimeoutMillis).
			if (!opts.shared) await pool.end().catch(() => undefined);
		},
	};
}

function newPool(config: PoolConfig): Pool {
	const pool = new Pool(config);
	// An idle connection dropped by a server restart must not crash the n8n process (the pool discards it).
	pool.on('error', () => undefined);
	return pool;
}

/** Process-wide pools by connection (a digest, so no password is kept as a key); see `shared`. */
const sharedPools = new Map<string, Pool>();

function sharedPool(config: PoolConfig): Pool {
	const key = createHash('sha256').update(JSON.stringify(config)).digest('hex');
	let pool = sharedPools.get(key);
	if (!pool) {
		// Shared by every execution of the process (a worker runs several at once), so more than one store's 4;
		// idle connections go after 10 s and never keep the process alive.
		pool = newPool({ ...config, max: Math.max(config.max ?? 0, 10), idleTimeoutMillis: 10_000, allowExitOnIdle: true });
		sharedPools.set(key, pool);
	}
	return pool;
}
