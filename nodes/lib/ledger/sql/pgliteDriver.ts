import { randomBytes } from 'node:crypto';
import {
	closeSync,
	linkSync,
	mkdirSync,
	openSync,
	readFileSync,
	realpathSync,
	renameSync,
	statSync,
	unlinkSync,
	utimesSync,
	writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

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
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- Node's own loader, reached as said above
	const loader = require('node:module') as NodeModuleLoader;
	if (typeof loader._load === 'function' && typeof loader._nodeModulePaths === 'function') {
		const parent = { id: __filename, filename: __filename, paths: loader._nodeModulePaths(__dirname) };
		return loader._load('@electric-sql/pglite', parent, false) as PgliteModule;
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use of the embedded ledger
	return require('@electric-sql/pglite') as PgliteModule;
}

export interface PgliteDriverOptions {
	/** How long to wait for another process that holds the directory's lock file (default 30 s). */
	lockWaitMs?: number;
	/** How often to look at the lock file again while waiting (default 250 ms). */
	lockPollMs?: number;
	/** How long an unused shared instance stays open for the next execution (default 1.5 s). */
	idleCloseMs?: number;
	/** A lock written on another host counts as abandoned when not refreshed for this long (default 60 s). */
	foreignLockStaleMs?: number;
}

const DEFAULTS: Required<PgliteDriverOptions> = {
	lockWaitMs: 30_000,
	lockPollMs: 250,
	idleCloseMs: 1_500,
	foreignLockStaleMs: 60_000,
};
export const LOCK_FILE = '.post-purchase-ledger.lock';
/** The holder touches its lock this often, so another host can tell a live lock from an abandoned one. */
const LOCK_HEARTBEAT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Cross-process lock: <dataDir>/.post-purchase-ledger.lock, created with O_EXCL.
// ---------------------------------------------------------------------------------------------

interface LockInfo {
	pid: number;
	hostname: string;
	startedAt: string;
	token: string;
}

interface HeldLock {
	path: string;
	token: string;
	heartbeat: NodeJS.Timeout;
}

/**
 * Linux only, best effort: when process `pid` started, so a lock left by an earlier owner of a reused pid
 * is seen as stale.
 */
function processStartedAt(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(fields[19]); // field 22 (starttime), counted after "pid (comm)"
		const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
		if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return undefined;
		return (btime + ticks / 100) * 1000; // USER_HZ is 100 on every Linux Node supports
	} catch {
		return undefined;
	}
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
	}
}

/** Why the lock is no longer held by anyone (a reason to take it over), or undefined when its holder is alive. */
function staleReason(
	info: LockInfo | undefined,
	mtimeMs: number,
	now: number,
	foreignStaleMs: number,
): string | undefined {
	if (!info) return now - mtimeMs > 10_000 ? 'unreadable lock file' : undefined; // else: being written right now
	if (info.hostname !== hostname()) {
		return now - mtimeMs > foreignStaleMs
			? `lock of host ${info.hostname} not refreshed for ${Math.round((now - mtimeMs) / 1000)} s`
			: undefined;
	}
	if (!pidAlive(info.pid)) return `process ${info.pid} is gone`;
	const started = processStartedAt(info.pid);
	const lockedAt = Date.parse(info.startedAt);
	// 2 s of slack: the kernel counts start time in ticks.
	if (started !== undefined && Number.isFinite(lockedAt) && started > lockedAt + 2_000)
		return `pid ${info.pid} now belongs to a newer process`;
	return undefined;
}

function readLock(path: string): { info?: LockInfo; mtimeMs: number; raw: string } | undefined {
	try {
		const raw = readFileSync(path, 'utf8');
		const mtimeMs = statSync(path).mtimeMs;
		try {
			const info = JSON.parse(raw) as LockInfo;
			return { info: typeof info?.pid === 'number' ? info : undefined, mtimeMs, raw };
		} catch {
			return { mtimeMs, raw };
		}
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw err;
	}
}

/**
 * Removes a stale lock without ever removing a fresh one: the file is moved aside atomically and
 * checked; if someone replaced the stale lock in between, theirs is put back (link fails if a third
 * lock appeared meanwhile, which then wins).
 */
function takeOver(path: string, staleRaw: string): void {
	const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
	try {
		renameSync(path, aside);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw err;
	}
	try {
		if (readFileSync(aside, 'utf8') !== staleRaw) {
			try {
				linkSync(aside, path);
			} catch {
				// a newer lock exists: it is the one that counts
			}
		}
	} finally {
		try {
			unlinkSync(aside);
		} catch {
			// already gone
		}
	}
}

function lockBusyError(dir: string, holder: LockInfo | undefined, waitedMs: number): LedgerError {
	const who = holder ? `process ${holder.pid} on ${holder.hostname} (since ${holder.startedAt})` : 'another process';
	return new LedgerError(
		'connection_failed',
		`The embedded ledger at ${dir} is in use by ${who}; waited ${Math.round(waitedMs / 1000)} s for it to be ` +
			`released (lock file ${join(dir, LOCK_FILE)}).`,
		'Embedded storage is used by one n8n process at a time. Stop the other process (for example an `n8n execute` ' +
			'run or a second n8n instance on the same folder), or use the PostgreSQL backend for queue mode or several ' +
			'processes.',
	);
}

async function acquireLock(dir: string, opts: Required<PgliteDriverOptions>): Promise<HeldLock> {
	const path = join(dir, LOCK_FILE);
	const token = randomBytes(8).toString('hex');
	const content = JSON.stringify({
		pid: process.pid,
		hostname: hostname(),
		startedAt: new Date().toISOString(),
		token,
	} satisfies LockInfo);
	const started = Date.now();
	for (;;) {
		try {
			const fd = openSync(path, 'wx');
			try {
				writeSync(fd, content);
			} finally {
				closeSync(fd);
			}
			const heartbeat = setInterval(() => {
				try {
					const t = new Date();
					utimesSync(path, t, t);
				} catch {
					// the directory may be gone (tests clean up); the lock then no longer matters
				}
			}, LOCK_HEARTBEAT_MS);
			heartbeat.unref();
			return { path, token, heartbeat };
		} catch (err) {
			const code = (err as NodeJS.ErrnoException).code;
			if (code !== 'EEXIST') {
				throw new LedgerError(
					'permission_denied',
					`Cannot create the lock file ${path}: ${(err as Error).message}`,
					'Set "Data Directory" to a folder the n8n user can write to, or choose the PostgreSQL backend.',
					err,
				);
			}
		}
		const current = readLock(path);
		if (!current) continue; // released between our attempt and the read
		if (staleReason(current.info, current.mtimeMs, Date.now(), opts.foreignLockStaleMs)) {
			takeOver(path, current.raw);
			continue;
		}
		const waited = Date.now() - started;
		if (waited >= opts.lockWaitMs) throw lockBusyError(dir, current.info, waited);
		await new Promise((r) => setTimeout(r, Math.min(opts.lockPollMs, opts.lockWaitMs - waited)));
	}
}

function releaseLock(lock: HeldLock): void {
	clearInterval(lock.heartbeat);
	try {
		// Only our own lock: after a takeover by someone who thought ours stale, theirs must stay.
		if (readLock(lock.path)?.info?.token === lock.token) unlinkSync(lock.path);
	} catch {
		// directory removed, or not ours anymore
	}
}

// ---------------------------------------------------------------------------------------------
// Process-wide registry of open data directories.
//
// This is a connection pool, not execution state: it keeps the open database handle (what a
// PostgreSQL pool keeps as a socket), never orders, events or cases. Every read still goes to the
// database, so DESIGN.md's "no state in memory across executions" holds. It exists because PGlite
// holds its directory exclusively (two instances on one directory corrupt it) and costs ~200 ms to
// open, so executions running at once must share one instance.
// ---------------------------------------------------------------------------------------------

interface SharedInstance {
	dir: string;
	refs: number;
	ready: Promise<PGliteType>;
	lock?: HeldLock;
	idle?: NodeJS.Timeout;
	closing?: Promise<void>;
	idleCloseMs: number;
}

interface Registry {
	instances: Map<string, SharedInstance>;
	hooksInstalled: boolean;
}

/** On globalThis so two copies of this module in one process (e.g. two package paths) still share. */
const REGISTRY_KEY = Symbol.for('n8n-nodes-post-purchase.embeddedLedgerRegistry');
function registry(): Registry {
	const g = globalThis as unknown as Record<symbol, Registry | undefined>;
	return (g[REGISTRY_KEY] ??= { instances: new Map(), hooksInstalled: false });
}

function installExitHooks(reg: Registry): void {
	if (reg.hooksInstalled) return;
	reg.hooksInstalled = true;
	// The event loop ran dry (e.g. an `n8n execute` run finished): close idle instances cleanly now
	// instead of leaving it to the unref()ed timer that will never fire.
	process.on('beforeExit', () => {
		if ([...reg.instances.values()].some((s) => s.refs === 0 && !s.closing)) void closeIdleEmbedded();
	});
	// process.exit(): no time for an async close; at least do not leave the lock behind. Correctness
	// does not rely on this (a dead pid's lock is taken over anyway).
	process.on('exit', () => {
		for (const s of reg.instances.values()) if (s.lock) releaseLock(s.lock);
	});
}

function resolveDir(dataDir: string): string {
	const abs = resolve(dataDir);
	try {
		mkdirSync(abs, { recursive: true });
	} catch (err) {
		throw new LedgerError(
			'permission_denied',
			`Cannot create the embedded ledger directory ${abs}: ${(err as Error).message}`,
			'Set "Data Directory" to a folder the n8n user can write to, or choose the PostgreSQL backend.',
			err,
		);
	}
	try {
		return realpathSync(abs); // one key per directory, whatever symlink or relative path led to it
	} catch {
		return abs;
	}
}

async function createInstance(dataDir: string | undefined): Promise<PGliteType> {
	try {
		const { PGlite } = loadPglite();
		return await PGlite.create(dataDir ? { dataDir } : {});
	} catch (err) {
		throw new LedgerError(
			'connection_failed',
			`Cannot open the embedded ledger at ${dataDir ?? '(memory)'}: ${(err as Error).message}`,
			'Another n8n process may be using this data directory (embedded storage is single-process). Stop it, or ' +
				'use the PostgreSQL backend for queue mode.',
			err,
		);
	}
}

function openShared(dir: string, opts: Required<PgliteDriverOptions>): SharedInstance {
	const shared: SharedInstance = {
		dir,
		refs: 0,
		idleCloseMs: opts.idleCloseMs,
		ready: Promise.resolve(undefined as unknown as PGliteType),
	};
	shared.ready = (async () => {
		shared.lock = await acquireLock(dir, opts);
		try {
			return await createInstance(dir);
		} catch (err) {
			releaseLock(shared.lock);
			shared.lock = undefined;
			throw err;
		}
	})();
	// A failed open must not poison later attempts.
	shared.ready.catch(() => {
		if (registry().instances.get(dir) === shared) registry().instances.delete(dir);
	});
	return shared;
}

async function closeShared(shared: SharedInstance): Promise<void> {
	const reg = registry();
	if (shared.refs > 0 || shared.closing) return shared.closing;
	if (shared.idle) clearTimeout(shared.idle);
	shared.idle = undefined;
	shared.closing = (async () => {
		try {
			const db = await shared.ready;
			if (!db.closed) await db.close();
		} catch {
			// failed open (already reported to its caller) or a directory removed underneath us
		} finally {
			if (shared.lock) releaseLock(shared.lock);
			shared.lock = undefined;
			if (reg.instances.get(shared.dir) === shared) reg.instances.delete(shared.dir);
		}
	})();
	return shared.closing;
}

async function acquireShared(
	dataDir: string,
	opts: Required<PgliteDriverOptions>,
): Promise<{ shared: SharedInstance; db: PGliteType }> {
	const reg = registry();
	installExitHooks(reg);
	const dir = resolveDir(dataDir);
	for (;;) {
		let shared = reg.instances.get(dir);
		if (shared?.closing) {
			await shared.closing; // reopen only once the old instance has let go of the files
			continue;
		}
		if (!shared) {
			shared = openShared(dir, opts);
			reg.instances.set(dir, shared);
		}
		shared.refs++;
		if (shared.idle) clearTimeout(shared.idle);
		shared.idle = undefined;
		try {
			return { shared, db: await shared.ready };
		} catch (err) {
			shared.refs--;
			throw err;
		}
	}
}

function releaseShared(shared: SharedInstance): void {
	shared.refs--;
	if (shared.refs > 0 || shared.closing) return;
	shared.idle = setTimeout(() => void closeShared(shared), shared.idleCloseMs);
	shared.idle.unref(); // never keeps n8n (or an `n8n execute` run) alive
}

/** What the registry holds, for tests and diagnostics: one row per open directory. */
export function embeddedHandles(): Array<{ dir: string; refs: number; closing: boolean }> {
	return [...registry().instances.values()].map((s) => ({ dir: s.dir, refs: s.refs, closing: Boolean(s.closing) }));
}

/** Closes every shared instance nobody uses right now (skips the idle delay). */
export async function closeIdleEmbedded(): Promise<void> {
	await Promise.all([...registry().instances.values()].filter((s) => s.refs === 0).map((s) => closeShared(s)));
}

// ---------------------------------------------------------------------------------------------
// The driver
// ---------------------------------------------------------------------------------------------

/**
 * Embedded PostgreSQL (PGlite, WASM) in a local directory. One instance per directory per process,
 * shared by every execution (see the registry above), and one process per directory (lock file):
 * n8n queue mode (several workers) must use the PostgreSQL backend.
 * `dataDir` undefined means in-memory, never shared (tests rely on a fresh database each time).
 *
 * Concurrency on a shared instance: PGlite 0.5.16 serialises it. `query()` and `exec()` run inside
 * its transaction mutex, and `transaction()` holds that mutex until COMMIT/ROLLBACK, so a query from
 * execution B waits while execution A's transaction runs (test: ledger.embedded-sharing.test.ts).
 * Consequence: inside `transaction(fn)`, fn must use its `tx` session, never this driver, or it
 * waits for itself.
 */
export async function createPgliteDriver(
	dataDir: string | undefined,
	options: PgliteDriverOptions = {},
): Promise<SqlDriver> {
	const opts = { ...DEFAULTS, ...options };
	let db: PGliteType;
	let release: () => Promise<void>;
	if (dataDir) {
		const { shared, db: sharedDb } = await acquireShared(dataDir, opts);
		db = sharedDb;
		release = async () => releaseShared(shared);
	} else {
		const own = await createInstance(undefined);
		db = own;
		release = async () => {
			if (!own.closed) await own.close();
		};
	}
	let closed = false;
	const usable = () => {
		if (closed)
			throw new LedgerError(
				'connection_failed',
				`The embedded ledger handle for ${dataDir ?? '(memory)'} was already closed.`,
				'Open the ledger again (openLedger) instead of reusing a closed store.',
			);
	};
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
			usable();
			try {
				return await root.query<T>(text, params);
			} catch (err) {
				throw classifyPostgresError(err, 'embedded query');
			}
		},
		async transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
			usable();
			try {
				return await db.transaction(async (tx) => await fn(session(tx)));
			} catch (err) {
				throw classifyPostgresError(err, 'embedded transaction');
			}
		},
		async close() {
			if (closed) return; // each handle gives back its one reference, once
			closed = true;
			await release();
		},
	};
}
