/**
 * A PostgreSQL cluster and a Redis of the run's own, on free ports under /tmp, so the chaos run (test/e2e/chaos.ts)
 * can restart them without touching the machine's shared servers. PostgreSQL runs as the `postgres` user (initdb
 * refuses root) through runuser; both are killed when the process exits, whatever happened.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { freePort } from './harness';

const PG_BIN = process.env.PP_PG_BIN ?? '/usr/lib/postgresql/15/bin';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a command to completion; throws with its output when it fails. */
function runOrThrow(cmd: string, args: string[]) {
	const res = spawnSync(cmd, args, { encoding: 'utf8' });
	if (res.status !== 0)
		throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
	return res.stdout;
}

/** As the postgres user when we are root (initdb and postgres refuse to run as root). */
function asPostgres(bin: string, args: string[]) {
	return process.getuid?.() === 0
		? runOrThrow('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args])
		: runOrThrow(join(PG_BIN, bin), args);
}

const stopAtExit = new Set<() => void>();
process.once('exit', () => {
	for (const stop of stopAtExit) stop();
});

export class PrivatePostgres {
	private constructor(
		readonly dir: string,
		readonly port: number,
	) {}

	/** initdb (trust auth, user postgres) in a fresh folder under /tmp, then start it on a free port. */
	static async start(): Promise<PrivatePostgres> {
		const dir = mkdtempSync(join(tmpdir(), 'pp-chaos-pg-'));
		chmodSync(dir, 0o777); // the postgres user writes its data, socket and log here
		const pg = new PrivatePostgres(dir, await freePort());
		asPostgres('initdb', ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
		stopAtExit.add(pg.killNow);
		await pg.startServer();
		return pg;
	}

	get dataDir() {
		return join(this.dir, 'data');
	}

	url(database: string) {
		return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
	}

	private async startServer() {
		asPostgres('pg_ctl', [
			'-D',
			this.dataDir,
			'-l',
			join(this.dir, 'postgres.log'),
			'-w',
			'-t',
			'60',
			'-o',
			`-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
			'start',
		]);
		await this.waitReady();
	}

	private async waitReady() {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const client = new Client({ connectionString: this.url('postgres') });
			try {
				await client.connect();
				await client.query('SELECT 1');
				return;
			} catch (error) {
				if (Date.now() > deadline) throw error;
				await sleep(200);
			} finally {
				await client.end().catch(() => undefined);
			}
		}
	}

	async createDatabase(name: string) {
		const client = new Client({ connectionString: this.url('postgres') });
		await client.connect();
		try {
			await client.query(`CREATE DATABASE "${name}"`);
		} finally {
			await client.end();
		}
	}

	/**
	 * Stops the server the way a crash does (`-m immediate`: no checkpoint, every connection cut; WAL replay on the
	 * next start), stays down `downMs`, and starts it again.
	 */
	async restart(downMs: number) {
		asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
		await sleep(downMs);
		await this.startServer();
	}

	private readonly killNow = () => {
		spawnSync('runuser', [
			'-u',
			'postgres',
			'--',
			join(PG_BIN, 'pg_ctl'),
			'-D',
			this.dataDir,
			'-m',
			'immediate',
			'stop',
		]);
	};

	async stop() {
		this.killNow();
		stopAtExit.delete(this.killNow);
		rmSync(this.dir, { recursive: true, force: true });
	}
}

export class PrivateRedis {
	private child?: ChildProcess;
	private constructor(
		readonly dir: string,
		readonly port: number,
	) {}

	/**
	 * redis-server on a free port with an append-only file (as a production queue's Redis keeps its jobs across a
	 * restart), data in a fresh folder under /tmp.
	 */
	static async start(): Promise<PrivateRedis> {
		const redis = new PrivateRedis(mkdtempSync(join(tmpdir(), 'pp-chaos-redis-')), await freePort());
		stopAtExit.add(redis.killNow);
		await redis.startServer();
		return redis;
	}

	private async startServer() {
		const child = spawn(
			'redis-server',
			['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', ''],
			{ stdio: 'ignore', detached: true },
		);
		this.child = child;
		const deadline = Date.now() + 30_000;
		while (spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG') {
			if (child.exitCode !== null) throw new Error(`redis-server on port ${this.port} exited (${child.exitCode})`);
			if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not answer PING in 30 s`);
			await sleep(100);
		}
	}

	/** SIGTERM (Redis writes its append-only file and exits), down `downMs`, then started again on the same port. */
	async restart(downMs: number) {
		const child = this.child;
		if (child && child.exitCode === null) {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await exited;
		}
		await sleep(downMs);
		await this.startServer();
	}

	private readonly killNow = () => {
		if (this.child?.pid && this.child.exitCode === null) {
			try {
				process.kill(this.child.pid, 'SIGKILL');
			} catch {
				/* already gone */
			}
		}
	};

	async stop() {
		const child = this.child;
		if (child && child.exitCode === null) {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(5000)]);
		}
		this.killNow();
		stopAtExit.delete(this.killNow);
		rmSync(this.dir, { recursive: true, force: true });
	}
}
