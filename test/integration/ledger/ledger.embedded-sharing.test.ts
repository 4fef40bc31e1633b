/**
 * The embedded ledger on disk: one PGlite instance per directory per process (shared, reference
 * counted, closed after an idle delay) and one process per directory (lock file).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

import { LedgerError } from '../../../nodes/lib/ledger/errors';
import { openLedger } from '../../../nodes/lib/ledger/index';
import {
	closeIdleEmbedded,
	createPgliteDriver,
	embeddedHandles,
	LOCK_FILE,
} from '../../../nodes/lib/ledger/sql/pgliteDriver';
import type { LedgerStore } from '../../../nodes/lib/ledger/types';

jest.setTimeout(90_000);

const NOW = '2026-03-02T10:00:00.000Z';
const dirs: string[] = [];
function freshDir(): string {
	const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pp-ledger-sharing-')));
	dirs.push(dir);
	return dir;
}
const lockPath = (dir: string) => join(dir, LOCK_FILE);
const handleFor = (dir: string) => embeddedHandles().find((h) => h.dir === dir);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (cond()) return true;
		await sleep(25);
	}
	return cond();
}

/** A pid that certainly belongs to no process: one that has just exited. */
function deadPid(): number {
	const run = spawnSync(process.execPath, ['-e', '']);
	return run.pid!;
}

afterEach(async () => {
	await closeIdleEmbedded();
});

afterAll(() => {
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('one instance per directory per process', () => {
	it(
		'two opens of one directory share one instance ' + '(a temp table of one session is visible to the other)',
		async () => {
			const dir = freshDir();
			const a = await createPgliteDriver(dir);
			const b = await createPgliteDriver(join(dir, '.', '')); // same directory, spelled differently
			expect(handleFor(dir)).toEqual({ dir, refs: 2, closing: false });
			expect(embeddedHandles().filter((h) => h.dir === dir)).toHaveLength(1);
			// Temp tables live in one PostgreSQL session: seeing it through b proves b is a's instance.
			await a.query('CREATE TEMP TABLE only_in_this_session (x int)');
			await expect(b.query('SELECT count(*)::int AS n FROM only_in_this_session')).resolves.toMatchObject({
				rows: [{ n: 0 }],
			});
			await a.close();
			await a.close(); // a second close of the same handle must not release b's share
			expect(handleFor(dir)?.refs).toBe(1);
			await expect(a.query('SELECT 1')).rejects.toThrow(/already closed/);
			await b.close();
		},
	);

	it('data written through one store is read through the other', async () => {
		const dir = freshDir();
		const [one, two] = await Promise.all([
			openLedger({ backend: 'embedded', dataDir: dir }),
			openLedger({ backend: 'embedded', dataDir: dir }),
		]);
		try {
			expect(handleFor(dir)?.refs).toBe(2);
			await one.appendEvent({ key: 'evt-1', source: 'shopify', orderKey: '1001', payload: { n: 1 } }, NOW);
			const seen = await two.listEvents({ limit: 10 });
			expect(seen.map((e) => e.key)).toEqual(['evt-1']);
		} finally {
			await one.close();
			await two.close();
		}
	});

	it(
		'after the last close the instance stays for the idle delay, is reused if reopened, then closes and removes ' +
			'the lock',
		async () => {
			const dir = freshDir();
			const first = await createPgliteDriver(dir, { idleCloseMs: 400 });
			expect(JSON.parse(readFileSync(lockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
			await first.query('CREATE TEMP TABLE marker (x int)');
			await first.close();
			expect(handleFor(dir)).toEqual({ dir, refs: 0, closing: false });
			expect(existsSync(lockPath(dir))).toBe(true);

			// Reopened within the delay: the same instance (the session's temp table is still there).
			const again = await createPgliteDriver(dir, { idleCloseMs: 400 });
			await expect(again.query('SELECT count(*)::int AS n FROM marker')).resolves.toMatchObject({ rows: [{ n: 0 }] });
			await again.close();

			expect(await waitFor(() => handleFor(dir) === undefined && !existsSync(lockPath(dir)), 5_000)).toBe(true);
			// Opening after the close is a new instance: the temp table went with the old session.
			const fresh = await createPgliteDriver(dir, { idleCloseMs: 50 });
			await expect(fresh.query('SELECT count(*)::int AS n FROM marker')).rejects.toThrow(/marker/);
			await fresh.close();
		},
	);

	it('in-memory databases are never shared', async () => {
		const a = await createPgliteDriver(undefined);
		const b = await createPgliteDriver(undefined);
		await a.query('CREATE TABLE only_in_a (x int)');
		await expect(b.query('SELECT * FROM only_in_a')).rejects.toThrow(/only_in_a/);
		expect(embeddedHandles().filter((h) => !h.dir)).toHaveLength(0);
		await a.close();
		await b.close();
	});
});

describe('concurrent executions on the shared instance', () => {
	it(
		"a query from execution B never runs inside execution A's transaction " + "(it would see A's rolled-back row)",
		async () => {
			const dir = freshDir();
			const a = await createPgliteDriver(dir);
			const b = await createPgliteDriver(dir);
			try {
				await a.query('CREATE TABLE probe (x int)');
				const order: string[] = [];
				let inserted!: () => void;
				const insertedNow = new Promise<void>((r) => (inserted = r));
				const txA = a
					.transaction(async (tx) => {
						await tx.query('INSERT INTO probe VALUES (1)');
						inserted();
						await sleep(150);
						order.push('A rolls back');
						throw new Error('A gives up');
					})
					.catch(() => undefined);
				await insertedNow;
				const countB = b.query<{ n: number }>('SELECT count(*)::int AS n FROM probe').then((r) => {
					order.push('B counted');
					return r.rows[0].n;
				});
				await txA;
				expect(await countB).toBe(0);
				expect(order).toEqual(['A rolls back', 'B counted']);
			} finally {
				await a.close();
				await b.close();
			}
		},
	);

	it('four claimers on two stores of one directory, each claim a transaction: every event exactly once', async () => {
		const dir = freshDir();
		const stores: LedgerStore[] = [
			await openLedger({ backend: 'embedded', dataDir: dir }),
			await openLedger({ backend: 'embedded', dataDir: dir }),
		];
		try {
			expect(handleFor(dir)?.refs).toBe(2);
			const total = 120;
			const appended = await stores[0].appendEvents(
				Array.from({ length: total }, (_, i) => ({
					key: `evt-${i}`,
					source: 'shopify',
					orderKey: String(i % 7),
					payload: { i },
				})),
				NOW,
			);
			expect(appended.filter((r) => r instanceof Error)).toEqual([]);
			const claimed: string[] = [];
			await Promise.all(
				[0, 1, 2, 3].map(async (w) => {
					const store = stores[w % 2];
					for (;;) {
						const batch = await store.claimBatch({
							worker: `w${w}`,
							limit: 7,
							leaseSeconds: 300,
							maxAttempts: 5,
							now: NOW,
						});
						if (batch.length === 0) return;
						claimed.push(...batch.map((e) => e.key));
						const acks = await store.ack(
							batch.map((e) => ({ id: e.id, leaseToken: e.leaseToken! })),
							NOW,
						);
						expect(acks.map((r) => (r as { outcome: string }).outcome)).toEqual(batch.map(() => 'acked'));
					}
				}),
			);
			expect(claimed).toHaveLength(total);
			expect(new Set(claimed).size).toBe(total);
		} finally {
			await Promise.all(stores.map((s) => s.close()));
		}
	});
});

describe('one process per directory (lock file)', () => {
	let child: ChildProcessWithoutNullStreams | undefined;
	afterEach(() => {
		child?.kill('SIGKILL');
		child = undefined;
	});

	function holdInChild(dir: string, mode: 'close' | 'exit' = 'close'): Promise<number> {
		const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'embeddedHolder.ts'), dir, mode], {
			stdio: 'pipe',
		});
		child = proc;
		let out = '';
		let err = '';
		return new Promise((resolve, reject) => {
			proc.stdout.on('data', (d: Buffer) => {
				out += d.toString();
				const m = /held (\d+)/.exec(out);
				if (m) resolve(Number(m[1]));
			});
			proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
			proc.once('exit', (code) => reject(new Error(`holder exited (${code}) before holding: ${err}`)));
		});
	}

	it(
		'waits for a live process that holds the directory, ' + 'fails with a clear error, and opens once it is gone',
		async () => {
			const dir = freshDir();
			const holderPid = await holdInChild(dir);
			expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(holderPid);

			const started = Date.now();
			const err = (await createPgliteDriver(dir, { lockWaitMs: 800, lockPollMs: 50 }).catch(
				(e: unknown) => e,
			)) as LedgerError;
			expect(Date.now() - started).toBeGreaterThanOrEqual(700);
			expect(err).toBeInstanceOf(LedgerError);
			expect(err.code).toBe('connection_failed');
			expect(err.message).toContain(dir);
			expect(err.message).toContain(`process ${holderPid}`);
			expect(err.hint).toMatch(/one n8n process at a time/);
			expect(err.hint).toMatch(/stop the other process/i);
			expect(err.hint).toMatch(/PostgreSQL .*queue mode/);
			expect(handleFor(dir)).toBeUndefined(); // a failed open leaves nothing behind

			// Waiting while the holder lets go: our open completes once it has.
			const opening = createPgliteDriver(dir, { lockWaitMs: 30_000, lockPollMs: 50 });
			await sleep(300);
			const exited = new Promise((r) => child!.once('exit', r));
			child!.stdin.end();
			await exited;
			const driver = await opening;
			await expect(driver.query<{ n: number }>('SELECT 1 AS n')).resolves.toMatchObject({ rows: [{ n: 1 }] });
			expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(process.pid);
			await driver.close();
		},
	);

	it('a process that calls process.exit() without closing still removes its lock on the way out', async () => {
		const dir = freshDir();
		const holderPid = await holdInChild(dir, 'exit');
		expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(holderPid);
		const exited = new Promise<number | null>((r) => child!.once('exit', r));
		child!.stdin.end();
		expect(await exited).toBe(0);
		expect(existsSync(lockPath(dir))).toBe(false);
	});

	it('takes over the lock of a process that died without removing it', async () => {
		const dir = freshDir();
		const pid = deadPid();
		writeFileSync(
			lockPath(dir),
			JSON.stringify({ pid, hostname: hostname(), startedAt: new Date().toISOString(), token: 'dead' }),
		);
		const driver = await createPgliteDriver(dir, { lockWaitMs: 2_000 });
		expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(process.pid);
		await driver.close();
	});

	it("takes over another host's lock only once it has not been refreshed for the bound", async () => {
		const dir = freshDir();
		writeFileSync(
			lockPath(dir),
			JSON.stringify({ pid: 4242, hostname: 'some-other-host', startedAt: new Date().toISOString(), token: 'remote' }),
		);
		const busy = (await createPgliteDriver(dir, { lockWaitMs: 300, lockPollMs: 50, foreignLockStaleMs: 60_000 }).catch(
			(e: unknown) => e,
		)) as LedgerError;
		expect(busy.message).toContain('process 4242 on some-other-host');

		const old = new Date(Date.now() - 120_000);
		utimesSync(lockPath(dir), old, old);
		const driver = await createPgliteDriver(dir, { lockWaitMs: 300, foreignLockStaleMs: 60_000 });
		expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(process.pid);
		await driver.close();
	});

	const linux = existsSync('/proc/self/stat') ? it : it.skip;
	linux('a live pid that started after the lock was written is a reused pid: the lock is stale', async () => {
		const dir = freshDir();
		// Our parent process is alive, but it did not exist in 2001.
		writeFileSync(
			lockPath(dir),
			JSON.stringify({
				pid: process.ppid,
				hostname: hostname(),
				startedAt: '2001-01-01T00:00:00.000Z',
				token: 'reused',
			}),
		);
		const driver = await createPgliteDriver(dir, { lockWaitMs: 300 });
		await driver.close();
		// The same live pid with a lock written after it started is a holder: wait, then fail.
		await closeIdleEmbedded();
		writeFileSync(
			lockPath(dir),
			JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: new Date().toISOString(), token: 'live' }),
		);
		await expect(createPgliteDriver(dir, { lockWaitMs: 300, lockPollMs: 50 })).rejects.toThrow(
			`process ${process.ppid}`,
		);
	});
});
