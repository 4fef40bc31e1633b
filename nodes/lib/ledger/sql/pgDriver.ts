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
	const pool = new Pool(config);
	// An idle connection dropped by a server restart must not crash the n8n process.
	pool.on('error', () => undefined);

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
			await pool.end().catch(() => undefined);
		},
	};
}
