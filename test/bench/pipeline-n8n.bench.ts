/**
 * The pipeline in a REAL n8n (issue 14; prints, never asserts). Opt-in: `npm run bench -- pipeline-n8n`, or
 *   npx tsx test/bench/pipeline-n8n.bench.ts --orders 300 --latency 0 --mode single
 * Without a cached n8n (scripts/e2e/install-n8n.sh) it prints "skipped: real n8n not installed".
 *
 * Processor: the sandbox world's N orders are stored in the PostgreSQL ledger as the Shopify intake would
 * store their webhooks (test/bench/pipelineSeed.ts), then the event processor template
 * (workflows/02-event-processor-postgres.json, prepared as the e2e scenario prepares it: credentials on every
 * node, sandbox endpoints) runs again and again until no event is due. Printed: wall time, orders/s,
 * events/s, and the vendor calls per order counted at a proxy in front of the sandbox that also adds the
 * vendor latency (--latency 0,150: ms per call, a list; 'none' measures only the sweep). Single process
 * (n8n's own database: SQLite), or queue mode (--mode queue|both: n8n on PostgreSQL, Redis, --workers
 * workers; as many processor runs at once as workers, --parallel to change it, each claiming its own
 * batch of --batch-size events). ShipStation nodes are switched on, as the sandbox brand ships from
 * ShipStation and a 3PL; --shipstation off measures a 3PL-only store (ShipStation's 40 calls a minute
 * otherwise bound a processor that asks it about each order).
 *
 * Sweep (--sweep-orders M, default 3000; 0 skips it): a world of M orders the ledger already tracks (untimed:
 * their webhooks seeded and processed at 0 ms latency, so records, cases and customer messages are in place),
 * then, timed, the reconciliation sweep template once and the processor until nothing is due. Printed: the
 * time against the floor the vendors' rate limits set for the calls made (test/bench/rateFloor.ts), as
 * measured / floor.
 *
 * Nothing here names a node of the templates: they are prepared as the e2e scenario prepares them
 * (test/e2e/scenario.ts prepareTemplate: credentials by node type, the Store Profile, settings on the nodes that
 * take them) and run from the trigger found by its type (manualStart).
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';

import { Client } from 'pg';

import { openLedger } from '../../nodes/lib/ledger';
import { installedN8n, N8nInstance, nodeTypeName } from '../e2e/harness';
import { ledgerConfig, manualStart, prepareTemplate, sandboxCredentials, type ScenarioStorage } from '../e2e/scenario';
import type { Template } from '../unit/templates/checks';
import { setStoreSettings } from '../unit/templates/checks';
import { startWorldSandbox, type WorldSandbox } from '../sandbox/world/worldSandbox';
import { intakeEvents } from './pipelineSeed';
import { rateLimitFloor, SANDBOX_LIMITS } from './rateFloor';
import { startVendorProxy, type VendorCount, type VendorProxy } from './vendorProxy';

/* ------------------------------------------------------------------------------------------------ */
/* Options                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

interface Options {
	orders: number;
	latencies: number[];
	modes: Array<'single' | 'queue'>;
	workers: number;
	/** Processor runs at once (default: 1 single, one per worker in queue mode). */
	parallel?: number;
	batchSize: number;
	sweepOrders: number;
	sweepLatency: number;
	/** ShipStation nodes on (the sandbox brand ships from ShipStation and a 3PL) or off (3PL only). */
	shipStation: boolean;
	seed: number;
	/** Print where each processor drain spent its time: per node, inside runs, between runs. */
	profile: boolean;
}

function parseOptions(argv: string[]): Options {
	const get = (name: string) => {
		const i = argv.indexOf(`--${name}`);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const int = (name: string, fallback: number) => {
		const raw = get(name);
		if (raw === undefined) return fallback;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: "${raw}" is not a whole number >= 0`);
		return n;
	};
	const mode = get('mode') ?? 'both';
	if (!['single', 'queue', 'both'].includes(mode)) throw new Error(`--mode: "${mode}" is not single, queue or both`);
	// 'none': no processor measurement (only the sweep)
	const latencyArg = get('latency') ?? '0,150';
	const latencies = (latencyArg === 'none' ? [] : latencyArg.split(',')).map((s) => {
		const n = Number(s);
		if (!Number.isFinite(n) || n < 0) throw new Error(`--latency: "${s}" is not a number of ms >= 0`);
		return n;
	});
	const parallel = get('parallel') === undefined ? undefined : int('parallel', 1);
	return {
		orders: int('orders', 300),
		latencies,
		modes: mode === 'both' ? ['single', 'queue'] : [mode as 'single' | 'queue'],
		workers: Math.max(1, int('workers', 2)),
		parallel: parallel === undefined ? undefined : Math.max(1, parallel),
		batchSize: Math.max(1, int('batch-size', 50)),
		sweepOrders: int('sweep-orders', 3000),
		sweepLatency: int('sweep-latency', 150),
		shipStation: (get('shipstation') ?? 'on') !== 'off',
		seed: int('seed', 42),
		profile: argv.includes('--profile'),
	};
}

const POSTGRES_URL =
	process.env.PP_BENCH_POSTGRES_URL ?? process.env.PP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const secs = (ms: number) => (ms / 1000).toFixed(1);
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const say = (line: string) => process.stdout.write(`${line}\n`);
/** The machine's load while measuring: figures from a busy machine are not comparable with a quiet one's. */
const load = () => `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;

/* ------------------------------------------------------------------------------------------------ */
/* Ledger                                                                                              */
/* ------------------------------------------------------------------------------------------------ */

/** A fresh schema for one measurement (dropped at the end), so no run sees another's events. */
function freshStorage(): ScenarioStorage & { kind: 'postgres' } {
	return { kind: 'postgres', schema: `bench_n8n_${randomBytes(4).toString('hex')}`, url: POSTGRES_URL };
}

async function withPg<T>(fn: (client: Client) => Promise<T>): Promise<T> {
	const client = new Client({ connectionString: POSTGRES_URL });
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end();
	}
}

/** Events a Claim Batch would take now: pending or failed and due, or processing with an expired lease. */
async function dueEvents(client: Client, schema: string): Promise<number> {
	const res = await client.query<{ n: string }>(
		`SELECT count(*) AS n FROM "${schema}".pp_events
		  WHERE (status IN ('pending', 'failed') AND (next_attempt_at IS NULL OR next_attempt_at <= now()))
		     OR (status = 'processing' AND lease_expires_at <= now())`,
	);
	return Number(res.rows[0].n);
}

async function eventsByStatus(client: Client, schema: string): Promise<Record<string, number>> {
	const res = await client.query<{ status: string; n: string }>(
		`SELECT status, count(*) AS n FROM "${schema}".pp_events GROUP BY status`,
	);
	return Object.fromEntries(res.rows.map((r) => [r.status, Number(r.n)]));
}

async function dropSchema(schema: string) {
	await withPg((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).catch(() => undefined);
}

/* ------------------------------------------------------------------------------------------------ */
/* Templates, generically                                                                              */
/* ------------------------------------------------------------------------------------------------ */

interface Prepared {
	template: Template;
	trigger: string;
}

/**
 * A template ready for the sandbox behind the proxy: the e2e preparation (credentials by node type, the Store
 * Profile, the ledger schema, `now` at the simulated clock, ShipStation switched on), the claim's batch size
 * wherever the template keeps it, ShipStation off when asked, and the trigger to run it from found by type.
 */
function prepare(
	key: 'processor' | 'sweep',
	proxied: WorldSandbox,
	storage: ScenarioStorage & { kind: 'postgres' },
	options: Options,
): Prepared {
	const template = prepareTemplate(key, proxied, storage, new Date(proxied.nowMs()).toISOString());
	if (key === 'processor') setStoreSettings(template, { batchSize: options.batchSize }, { strict: false });
	// off: as the templates ship (a 3PL-only store); on: as prepareTemplate leaves them
	if (!options.shipStation)
		for (const node of template.nodes) if (node.type === nodeTypeName('shipStation')) node.disabled = true;
	return { template, trigger: manualStart(template) };
}

/* ------------------------------------------------------------------------------------------------ */
/* n8n                                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

interface Instance {
	n8n: N8nInstance;
	mode: 'single' | 'queue';
	/** Processor runs at once. */
	parallel: number;
}

async function startInstance(mode: 'single' | 'queue', options: Options): Promise<Instance> {
	const n8n = await N8nInstance.create(
		mode === 'queue' ? { queue: { postgresDatabase: `pp_bench_${randomBytes(4).toString('hex')}` } } : {},
	);
	try {
		await n8n.startServer();
		if (mode === 'queue') await Promise.all(Array.from({ length: options.workers }, () => n8n.startWorker(1)));
	} catch (error) {
		await n8n.stop();
		throw error;
	}
	return { n8n, mode, parallel: options.parallel ?? (mode === 'queue' ? options.workers : 1) };
}

async function createWorkflow(n8n: N8nInstance, t: Template): Promise<string> {
	const created = await n8n.api<{ id: string }>('POST', '/workflows', {
		name: `${t.name} [bench ${randomBytes(2).toString('hex')}]`,
		nodes: t.nodes,
		connections: t.connections,
		settings: t.settings ?? { executionOrder: 'v1' },
	});
	return created.id;
}

interface RunOutcome {
	id: string;
	status: string;
	error?: string;
}

/**
 * One run from the manual trigger (as the editor's button; offloaded to a worker in queue mode), waited
 * for without its data: the data of a big run is megabytes, and asking for it every poll would cost more
 * than the run. Only a failed run's data is read, for its error.
 */
async function runOnce(n8n: N8nInstance, workflowId: string, trigger: string): Promise<RunOutcome> {
	const server = await n8n.startServer();
	const res = await fetch(`${server.baseUrl}/rest/workflows/${workflowId}/run`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: server.cookie },
		body: JSON.stringify({ triggerToStartFrom: { name: trigger } }),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`running workflow ${workflowId} -> ${res.status}: ${text}`);
	const id = String((JSON.parse(text) as { data?: { executionId?: string } }).data?.executionId ?? '');
	if (!id) throw new Error(`running workflow ${workflowId}: no execution id in ${text}`);
	const deadline = Date.now() + 60 * 60_000;
	for (;;) {
		const exec = await n8n
			.api<{ status?: string; stoppedAt?: string | null }>('GET', `/executions/${id}`)
			.catch(() => undefined);
		if (exec?.stoppedAt) {
			if (exec.status === 'success') return { id, status: 'success' };
			const full = await n8n
				.api<{
					data?: { resultData?: { error?: { message?: string }; lastNodeExecuted?: string } };
				}>('GET', `/executions/${id}?includeData=true`)
				.catch(() => undefined);
			const rd = full?.data?.resultData;
			return {
				id,
				status: exec.status ?? 'error',
				error: `${rd?.error?.message ?? '?'} (at ${rd?.lastNodeExecuted ?? '?'})`,
			};
		}
		if (Date.now() > deadline) throw new Error(`execution ${id} did not finish within an hour`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

interface Drain {
	runs: number;
	failedRuns: RunOutcome[];
	ms: number;
	/** Every run's execution id, for --profile. */
	ids: string[];
}

/** Runs the processor (`parallel` at once) until no event is due; each run claims its own batch. */
async function drain(instance: Instance, schema: string, workflowId: string, trigger: string): Promise<Drain> {
	const started = performance.now();
	const out: Drain = { runs: 0, failedRuns: [], ms: 0, ids: [] };
	const maxRuns = 2000;
	await withPg(async (client) => {
		const loop = async () => {
			for (;;) {
				if ((await dueEvents(client, schema)) === 0) return;
				if (out.runs >= maxRuns) throw new Error(`events still due after ${maxRuns} processor runs`);
				out.runs++;
				const run = await runOnce(instance.n8n, workflowId, trigger);
				out.ids.push(run.id);
				if (run.status !== 'success') {
					out.failedRuns.push(run);
					// a run that fails as a whole leaves its batch leased; do not spin on it
					if (out.failedRuns.length >= 5) throw new Error(`5 processor runs failed; last: ${run.error}`);
				}
			}
		};
		await Promise.all(Array.from({ length: instance.parallel }, loop));
	});
	out.ms = performance.now() - started;
	return out;
}

/**
 * Where a drain's time went (--profile): each node's own execution time summed over the runs (n8n records it
 * per node run), the runs' own wall time (startedAt to stoppedAt) and what is left between runs (starting a
 * run, saving it, the bench's polling). Reads every run's data once, after the drain, untimed.
 */
async function printProfile(n8n: N8nInstance, drained: Drain) {
	const perNode = new Map<string, { ms: number; runs: number; items: number }>();
	let insideRuns = 0;
	for (const id of drained.ids) {
		const exec = await n8n
			.api<{
				startedAt?: string;
				stoppedAt?: string;
				data?: {
					resultData?: {
						runData?: Record<string, Array<{ executionTime?: number; data?: { main?: Array<unknown[] | null> } }>>;
					};
				};
			}>('GET', `/executions/${id}?includeData=true`)
			.catch(() => undefined);
		if (!exec) continue;
		if (exec.startedAt && exec.stoppedAt) insideRuns += Date.parse(exec.stoppedAt) - Date.parse(exec.startedAt);
		for (const [node, runs] of Object.entries(exec.data?.resultData?.runData ?? {})) {
			const entry = perNode.get(node) ?? { ms: 0, runs: 0, items: 0 };
			for (const run of runs) {
				entry.ms += run.executionTime ?? 0;
				entry.runs++;
				entry.items += (run.data?.main ?? []).reduce((n, out) => n + (out?.length ?? 0), 0);
			}
			perNode.set(node, entry);
		}
	}
	const nodeMs = [...perNode.values()].reduce((n, e) => n + e.ms, 0);
	say(
		`  profile: ${drained.runs} runs, ${secs(drained.ms)} s wall; inside runs ${secs(insideRuns)} s ` +
			`(nodes ${secs(nodeMs)} s, n8n between nodes ${secs(insideRuns - nodeMs)} s); ` +
			`between runs ${secs(drained.ms - insideRuns)} s`,
	);
	for (const [node, e] of [...perNode].sort((a, b) => b[1].ms - a[1].ms))
		say(`    ${secs(e.ms).padStart(7)} s  ${node} (${e.runs} node runs, ${e.items} items out)`);
}

/* ------------------------------------------------------------------------------------------------ */
/* Sandbox, credentials                                                                                */
/* ------------------------------------------------------------------------------------------------ */

interface Bench {
	sandbox: WorldSandbox;
	proxy: VendorProxy;
	/** The sandbox as the credentials see it: every vendor behind the proxy. */
	proxied: WorldSandbox;
}

async function startBench(orders: number, seed: number): Promise<Bench> {
	const sandbox = await startWorldSandbox({ orders, seed, injectFailures: false });
	const proxy = await startVendorProxy(sandbox.url);
	return { sandbox, proxy, proxied: { ...sandbox, baseUrl: (vendor: string) => proxy.baseUrl(vendor) } };
}

async function stopBench(bench: Bench | undefined) {
	if (!bench) return;
	await bench.proxy.close();
	await bench.sandbox.close();
}

/** The sandbox credentials behind the proxy (the Store Profile among them, for the rebuilt templates). */
async function importCredentials(n8n: N8nInstance, bench: Bench, storage: ScenarioStorage & { kind: 'postgres' }) {
	await n8n.importCredentials(sandboxCredentials(bench.proxied, storage));
}

function shopifyCostSince(sandbox: WorldSandbox, sinceMs: number): number {
	return sandbox.sims.shopify.calls
		.filter((c) => c.at >= sinceMs)
		.reduce((sum, c) => sum + (c.actualQueryCost ?? c.requestedQueryCost ?? 0), 0);
}

/** Chat messages posted (accepted) by channel since the sim's call number `from`. */
function slackMessagesByChannel(sandbox: WorldSandbox, from: number): Record<string, number> {
	const out: Record<string, number> = {};
	for (const call of sandbox.sims.slack.calls.slice(from))
		if (call.method === 'chat.postMessage' && call.ok) out[call.params.channel] = (out[call.params.channel] ?? 0) + 1;
	return out;
}

function floorLine(floor: ReturnType<typeof rateLimitFloor>): string {
	const limit = (vendor: string) =>
		vendor === 'slack' ? 'one message a second per channel' : SANDBOX_LIMITS[vendor].source;
	const bound = floor.boundBy
		? `${secs(floor.floorMs)} s, set by ${floor.boundBy} (${limit(floor.boundBy)})`
		: 'every vendor within its first window / bucket';
	return (
		bound +
		Object.entries(floor.perVendor)
			.filter(([, ms]) => ms > 0)
			.map(([v, ms]) => `, ${v} ${secs(ms)} s`)
			.join('') +
		(floor.unmodelled.length ? `; no modelled limit: ${floor.unmodelled.join(', ')}` : '')
	);
}

function callsLine(counts: Record<string, VendorCount>, orders: number): string {
	const vendors = Object.keys(counts).sort();
	if (vendors.length === 0) return 'no vendor calls';
	return vendors
		.map((v) => {
			const c = counts[v];
			const refused = c.byStatus['429'] ? `, ${c.byStatus['429']} x 429` : '';
			return `${v} ${fixed(c.calls / orders)}${refused}`;
		})
		.join(' | ');
}

/* ------------------------------------------------------------------------------------------------ */
/* Measurements                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

/** The world's Shopify webhooks into the ledger, as the intake stores them; returns them. */
async function seedIntake(bench: Bench, storage: ScenarioStorage & { kind: 'postgres' }) {
	const events = intakeEvents(bench.sandbox.world, bench.sandbox.nowMs());
	const ledger = await openLedger(ledgerConfig(storage));
	try {
		await ledger.appendEvents(events, new Date().toISOString());
	} finally {
		await ledger.close();
	}
	return events;
}

interface ProcessorFigure {
	mode: string;
	latency: number;
	orders: number;
	events: number;
	runs: number;
	ms: number;
	ordersPerSecond: number;
	eventsPerSecond: number;
	calls: Record<string, VendorCount>;
	statuses: Record<string, number>;
	failedRuns: number;
	/** The least time the vendors' rate limits allow for the calls made, and the vendor that sets it. */
	floorMs: number;
	boundBy?: string;
}

async function measureProcessor(instance: Instance, bench: Bench, latency: number, options: Options) {
	const storage = freshStorage();
	try {
		const seeded = await seedIntake(bench, storage);
		const before = await withPg((c) => eventsByStatus(c, storage.schema));
		const orders = new Set(seeded.map((e) => e.orderKey).filter(Boolean)).size;
		await importCredentials(instance.n8n, bench, storage);
		const { template, trigger } = prepare('processor', bench.proxied, storage, options);
		const workflowId = await createWorkflow(instance.n8n, template);

		bench.proxy.setLatency(latency);
		bench.proxy.reset();
		const startedAt = Date.now();
		const slackCallsBefore = bench.sandbox.sims.slack.calls.length;
		const result = await drain(instance, storage.schema, workflowId, trigger);
		const calls = bench.proxy.counts();
		const floor = rateLimitFloor({
			calls: Object.fromEntries(Object.entries(calls).map(([v, c]) => [v, c.calls])),
			shopifyCost: shopifyCostSince(bench.sandbox, startedAt),
			slackMessagesByChannel: slackMessagesByChannel(bench.sandbox, slackCallsBefore),
		});
		const statuses = await withPg((c) => eventsByStatus(c, storage.schema));
		const figure: ProcessorFigure = {
			mode:
				instance.mode === 'queue' ? `queue (${options.workers} workers, ${instance.parallel} runs at once)` : 'single',
			latency,
			orders,
			events: before.pending ?? 0,
			runs: result.runs,
			ms: result.ms,
			ordersPerSecond: orders / (result.ms / 1000),
			eventsPerSecond: (statuses.done ?? 0) / (result.ms / 1000),
			calls,
			statuses,
			failedRuns: result.failedRuns.length,
			floorMs: floor.floorMs,
			boundBy: floor.boundBy,
		};
		say(
			`processor | ${figure.mode} | latency ${latency} ms | ${orders} orders, ${figure.events} events | ` +
				`${result.runs} runs in ${secs(result.ms)} s | ${fixed(figure.ordersPerSecond)} orders/s, ` +
				`${fixed(figure.eventsPerSecond)} events/s | ${load()}`,
		);
		say(`  vendor calls per order: ${callsLine(calls, orders)}`);
		say(
			`  rate-limit floor: ${floorLine(floor)}; at the floor ${fixed(orders / Math.max(floor.floorMs / 1000, 1e-9))} ` +
				`orders/s; measured / floor ${fixed(result.ms / floor.floorMs)}`,
		);
		say(
			`  ledger events after: ${JSON.stringify(statuses)}` +
				(result.failedRuns.length ? `; failed runs: ${result.failedRuns.map((r) => r.error).join('; ')}` : ''),
		);
		if (options.profile) await printProfile(instance.n8n, result);
		return figure;
	} finally {
		await dropSchema(storage.schema);
	}
}

interface SweepFigure {
	orders: number;
	inFlight: number;
	snapshots: number;
	sweepMs: number;
	drainMs: number;
	floorMs: number;
	boundBy?: string;
	ratio: number;
}

async function measureSweep(instance: Instance, bench: Bench, options: Options): Promise<SweepFigure> {
	const storage = freshStorage();
	try {
		const done = new Set(['delivered', 'cancelled', 'returned']);
		const inFlight = Object.values(bench.sandbox.world.truth).filter((t) => !done.has(String(t.stage))).length;
		await importCredentials(instance.n8n, bench, storage);
		const sweep = prepare('sweep', bench.proxied, storage, options);
		const processor = prepare('processor', bench.proxied, storage, options);
		const sweepId = await createWorkflow(instance.n8n, sweep.template);
		const processorId = await createWorkflow(instance.n8n, processor.template);

		// Untimed: the store as the sweep finds it, every webhook already processed (records, cases, the
		// customer messages sent and remembered), so the sweep's drain does only what a sweep brings.
		await seedIntake(bench, storage);
		bench.proxy.setLatency(0);
		const seeded = await drain(instance, storage.schema, processorId, processor.trigger);
		const records = await withPg(async (c) =>
			Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${storage.schema}".pp_orders`)).rows[0].n),
		);
		say(`  (untimed: ${records} orders tracked after ${seeded.runs} processor runs over their webhooks)`);

		bench.proxy.setLatency(options.sweepLatency);
		bench.proxy.reset();
		const startedAt = Date.now();
		const slackCallsBefore = bench.sandbox.sims.slack.calls.length;
		const started = performance.now();
		const run = await runOnce(instance.n8n, sweepId, sweep.trigger);
		if (run.status !== 'success') throw new Error(`the sweep failed: ${run.error}`);
		const sweepMs = performance.now() - started;
		const snapshots = (await withPg((c) => eventsByStatus(c, storage.schema))).pending ?? 0;
		const drained = await drain(instance, storage.schema, processorId, processor.trigger);
		const totalMs = performance.now() - started;
		const counts = bench.proxy.counts();
		const floor = rateLimitFloor({
			calls: Object.fromEntries(Object.entries(counts).map(([v, c]) => [v, c.calls])),
			shopifyCost: shopifyCostSince(bench.sandbox, startedAt),
			slackMessagesByChannel: slackMessagesByChannel(bench.sandbox, slackCallsBefore),
		});
		const ratio = floor.floorMs > 0 ? totalMs / floor.floorMs : Number.NaN;
		say(
			`sweep | ${instance.mode} | latency ${options.sweepLatency} ms | ${records} orders tracked ` +
				`(${inFlight} in flight) | sweep ${secs(sweepMs)} s stored ${snapshots} snapshots, processor ` +
				`${drained.runs} runs ${secs(drained.ms)} s | total ${secs(totalMs)} s | ${load()}`,
		);
		say(
			`  vendor calls: ${Object.entries(counts)
				.sort()
				.map(([v, c]) => `${v} ${c.calls}${c.byStatus['429'] ? ` (${c.byStatus['429']} x 429)` : ''}`)
				.join(' | ')}`,
		);
		say(`  rate-limit floor: ${floorLine(floor)}`);
		say(
			`  measured / floor: ${fixed(ratio)}` +
				(drained.failedRuns.length ? `; failed runs: ${drained.failedRuns.length}` : ''),
		);
		return {
			orders: records,
			inFlight,
			snapshots,
			sweepMs,
			drainMs: drained.ms,
			floorMs: floor.floorMs,
			boundBy: floor.boundBy,
			ratio,
		};
	} finally {
		await dropSchema(storage.schema);
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* Main                                                                                                */
/* ------------------------------------------------------------------------------------------------ */

async function main() {
	if (!installedN8n() && process.env.PP_E2E !== '1') {
		say('skipped: real n8n not installed (run scripts/e2e/install-n8n.sh)');
		return;
	}
	const options = parseOptions(process.argv.slice(2));
	say(
		`real-n8n pipeline: ${options.orders} orders, latency ${options.latencies.join('/')} ms, ` +
			`modes ${options.modes.join('/')}, claim batch ${options.batchSize}, ` +
			`ShipStation ${options.shipStation ? 'on' : 'off'}, ` +
			`sweep ${options.sweepOrders ? `${options.sweepOrders} orders at ${options.sweepLatency} ms` : 'off'}`,
	);
	const figures: ProcessorFigure[] = [];
	let sweepFigure: SweepFigure | undefined;
	let bench: Bench | undefined;
	let sweepBench: Bench | undefined;
	try {
		bench = await startBench(options.orders, options.seed);
		for (const mode of options.modes) {
			const instance = await startInstance(mode, options);
			try {
				for (const latency of options.latencies)
					figures.push(await measureProcessor(instance, bench, latency, options));
				if (mode === 'single' && options.sweepOrders > 0) {
					sweepBench =
						options.sweepOrders === options.orders ? bench : await startBench(options.sweepOrders, options.seed);
					sweepFigure = await measureSweep(instance, sweepBench, options);
				}
			} finally {
				await instance.n8n.stop();
			}
		}
	} finally {
		if (sweepBench !== bench) await stopBench(sweepBench);
		await stopBench(bench);
	}

	say('\nsummary (targets, for the note: >= 50 orders/s single at 0 ms; sweep <= 1.25 x floor; queue > single)');
	for (const f of figures) {
		const failed = f.failedRuns ? `, ${f.failedRuns} failed` : '';
		say(
			`  processor ${f.mode}, ${f.latency} ms: ${fixed(f.ordersPerSecond)} orders/s, ` +
				`${fixed(f.eventsPerSecond)} events/s (${f.orders} orders, ${secs(f.ms)} s, ${f.runs} runs${failed}); ` +
				`floor ${secs(f.floorMs)} s${f.boundBy ? ` (${f.boundBy})` : ''}: ${fixed(f.ms / f.floorMs)} x`,
		);
	}
	if (sweepFigure) {
		const s = sweepFigure;
		say(
			`  sweep ${s.orders} orders (${s.inFlight} in flight): ${secs(s.sweepMs + s.drainMs)} s ` +
				`vs floor ${secs(s.floorMs)} s${s.boundBy ? ` (${s.boundBy})` : ''}: ${fixed(s.ratio)} x`,
		);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
