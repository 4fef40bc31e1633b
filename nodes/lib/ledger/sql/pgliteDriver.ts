import { mkdirSync } from 'node:fs';

import type { PGlite as PGliteType } from '@electric-sql/pglite';

import { classifyPostgresError, LedgerError } from '../errors';
import type { SqlDriver, SqlSession } from './driver';

type PgliteModule = typeof import('@electric-sql/pglite');

interface NodeModuleLoader {
	_load?: (request: string, parent: unknown, isMain: boolean) => unknown;
	_nodeModulePaths?: (from: string) => string[];
}

/**
 * PGlite's Emscripten loader calls dynamic import(). Loading it through Node's own loader (not a
 * test runner's vm sandbox, where dynamic import is unavailable) keeps that working everywhere;
 * under plain Node this is the same as require().
 */
function loadPglite(): PgliteModule {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const loader = require('node:module') as NodeModuleLoader;
	if (typeof loader._load === 'function' && typeof loader._nodeModulePaths === 'function') {
		const parent = { id: __filename, filename: __filename, paths: loader._nodeModulePaths(__dirname) };
		return loader._load('@electric-sql/pglite', parent, false) as PgliteModule;
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('@electric-sql/pglite') as PgliteModule;
}

/**
 * Embedded PostgreSQL (PGlite, WASM) in a local directory. One process only: PGlite holds the data
 * directory exclusively, so n8n queue mode (several workers) must use the PostgreSQL backend.
 * `dataDir` undefined means in-memory (tests).
 */
export async function createPgliteDriver(dataDir: string | undefined): Promise<SqlDriver> {
	if (dataDir) {
		try {
			mkdirSync(dataDir, { recursive: true });
		} catch (err) {
			throw new LedgerError(
				'permission_denied',
				`Cannot create the embedded ledger directory ${dataDir}: ${(err as Error).message}`,
				'Set "Data Directory" to a folder the n8n user can write to, or choose the PostgreSQL backend.',
				err,
			);
		}
	}
	let db: PGliteType;
	try {
		const { PGlite } = loadPglite();
		db = await PGlite.create(dataDir ? { dataDir } : {});
	} catch (err) {
		throw new LedgerError(
			'connection_failed',
			`Cannot open the embedded ledger at ${dataDir ?? '(memory)'}: ${(err as Error).message}`,
			'Another n8n process may be using this data directory (embedded storage is single-process). Stop it, or use the PostgreSQL backend for queue mode.',
			err,
		);
	}
	const session = (q: Pick<PGliteType, 'query'>): SqlSession => ({
		async query<T>(text: string, params?: unknown[]) {
			const res = await q.query<T>(text, params as unknown[]);
			return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
		},
	});
	const root = session(db);
	return {
		dialect: 'pglite',
		async query<T>(text: string, params?: unknown[]) {
			try {
				return await root.query<T>(text, params);
			} catch (err) {
				throw classifyPostgresError(err, 'embedded query');
			}
		},
		async transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
			try {
				return await db.transaction(async (tx) => await fn(session(tx)));
			} catch (err) {
				throw classifyPostgresError(err, 'embedded transaction');
			}
		},
		async close() {
			if (!db.closed) await db.close();
		},
	};
}
