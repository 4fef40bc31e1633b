/**
 * The Shopify webhook intake in a REAL n8n against a bare webhook on the same n8n (issue 16; prints, never
 * asserts). Part of `npm run bench` (alone: `npm run bench -- intake-n8n`), or
 *   npx tsx test/bench/intake-n8n.bench.ts --requests 300 --concurrency 1,8,32 --mode both --ledger both
 * Without a cached n8n (scripts/e2e/install-n8n.sh) it prints "skipped: real n8n not installed".
 * --settings defaults|lazy|both (default both): n8n as installed, and with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true,
 * the setting docs/reliability.md recommends for the intake (n8n 2.40 otherwise makes V8 isolates per request).
 *
 * Three workflows answer the same signed ~6 KB `orders/create` bodies (each body unique, so each is a new event):
 *   bare       n8n's own Webhook node answering immediately: what one n8n execution costs, the reference;
 *   two-node   the intake as it was: Shopify Orders Trigger (answer immediately) -> Order Ledger Append Event;
 *   intake     the intake template as shipped: the trigger stores the delivery itself and answers once it is
 *              stored, starting no execution.
 * For each, at each concurrency: requests/s, latency p50/p95/p99, non-2xx answers, and (intake, two-node) how many
 * of the answered deliveries the ledger holds (every 2xx must be stored). Single process (n8n on SQLite), and
 * queue mode (--mode queue|both: n8n on PostgreSQL, Redis, --workers workers). The ledger is PostgreSQL, embedded
 * or both (--ledger); embedded is single process only (a file one process owns).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { openLedger } from '../../nodes/lib/ledger';
import { installedN8n, N8nInstance, nodeTypeName, type WorkflowNode } from '../e2e/harness';
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { ShopifySim } from '../sandbox/vendors/shopify';
import { loadTemplate, type Template } from '../unit/templates/checks';

interface Options {
	requests: number;
	concurrency: number[];
	modes: Array<'single' | 'queue'>;
	ledgers: Array<'postgres' | 'embedded'>;
	workers: number;
	bodyBytes: number;
	/** Only these workflows (default all three). */
	only: Array<'bare' | 'two-node' | 'intake'>;
	/** Write V8 CPU profiles of the n8n processes into this directory (--cpu-prof DIR). */
	cpuProfileDir?: string;
	/** n8n settings for every n8n process (--n8n-env NAME=VALUE, repeatable), e.g. its expression engine's. */
	n8nEnv: Record<string, string>;
	/** Each run once per setting: n8n's defaults, and with lazy isolates (--settings). */
	settings: Setting[];
}

type Setting = 'defaults' | 'lazy';
/** The n8n setting that lets a delivery through the trigger cost no isolate (docs/reliability.md, the intake). */
const LAZY_ISOLATES = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

function parseOptions(argv: string[]): Options {
	const get = (name: string) => {
		const i = argv.indexOf(`--${name}`);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const int = (name: string, fallback: number) => {
		const raw = get(name);
		if (raw === undefined) return fallback;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: "${raw}" is not a whole number >= 1`);
		return n;
	};
	const mode = get('mode') ?? 'both';
	if (!['single', 'queue', 'both'].includes(mode)) throw new Error(`--mode: "${mode}" is not single, queue or both`);
	const settings = get('settings') ?? 'both';
	if (!['defaults', 'lazy', 'both'].includes(settings))
		throw new Error(`--settings: "${settings}" is not defaults, lazy or both`);
	const ledger = get('ledger') ?? 'both';
	if (!['postgres', 'embedded', 'both'].includes(ledger))
		throw new Error(`--ledger: "${ledger}" is not postgres, embedded or both`);
	const concurrency = (get('concurrency') ?? '1,8,32').split(',').map((s) => {
		const n = Number(s);
		if (!Number.isInteger(n) || n < 1) throw new Error(`--concurrency: "${s}" is not a whole number >= 1`);
		return n;
	});
	return {
		requests: int('requests', 300),
		concurrency,
		modes: mode === 'both' ? ['single', 'queue'] : [mode as 'single' | 'queue'],
		ledgers: ledger === 'both' ? ['postgres', 'embedded'] : [ledger as 'postgres' | 'embedded'],
		workers: int('workers', 2),
		bodyBytes: int('body-bytes', 6000),
		only: (get('only') ?? 'bare,two-node,intake').split(',') as Options['only'],
		cpuProfileDir: get('cpu-prof'),
		settings: settings === 'both' ? ['defaults', 'lazy'] : [settings as Setting],
		n8nEnv: Object.fromEntries(
			argv
				.flatMap((arg, i) => (arg === '--n8n-env' ? [argv[i + 1] ?? ''] : []))
				.map((pair) => {
					const at = pair.indexOf('=');
					if (at < 1) throw new Error(`--n8n-env: "${pair}" is not NAME=VALUE`);
					return [pair.slice(0, at), pair.slice(at + 1)];
				}),
		),
	};
}

const POSTGRES_URL =
	process.env.PP_BENCH_POSTGRES_URL ?? process.env.PP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WEBHOOK_SECRET = 'bench-webhook-secret';
const say = (line: string) => process.stdout.write(`${line}\n`);
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const load = () => `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;

/* ------------------------------------------------------------------------------------------------ */
/* Deliveries                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

interface Delivery {
	body: string;
	headers: Record<string, string>;
}

/**
 * Signed `orders/create` deliveries of the simulated store's orders, each body made unique (a note with a counter)
 * and padded with note attributes to about `bodyBytes`, as a real order with a few lines and attributes is.
 */
function deliveries(shopify: ShopifySim, count: number, bodyBytes: number): Delivery[] {
	const orders = [...shopify.allOrders()];
	return Array.from({ length: count }, (_, i) => {
		const payload = shopify.restOrderPayload(orders[i % orders.length]);
		payload.note = `bench delivery ${i} ${randomUUID()}`;
		const size = JSON.stringify(payload).length;
		const attributes: Array<{ name: string; value: string }> = [];
		for (let filled = size; filled < bodyBytes; filled += 60)
			attributes.push({ name: `attr_${attributes.length}`, value: 'x'.repeat(36) });
		payload.note_attributes = attributes;
		return shopify.webhookDelivery('orders/create', payload, WEBHOOK_SECRET);
	});
}

/* ------------------------------------------------------------------------------------------------ */
/* Load                                                                                                */
/* ------------------------------------------------------------------------------------------------ */

interface LoadFigure {
	requests: number;
	ms: number;
	perSecond: number;
	p50: number;
	p95: number;
	p99: number;
	non2xx: number;
	/** The deliveries answered 2xx (to check against the ledger). */
	answered: Delivery[];
}

const percentile = (sorted: number[], p: number) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

/** `concurrency` clients, each sending its next delivery as soon as the last is answered. */
async function fire(url: string, batch: Delivery[], concurrency: number): Promise<LoadFigure> {
	const latencies: number[] = [];
	const answered: Delivery[] = [];
	let non2xx = 0;
	let next = 0;
	const started = performance.now();
	const client = async () => {
		for (;;) {
			const i = next++;
			if (i >= batch.length) return;
			const t0 = performance.now();
			try {
				const res = await fetch(url, { method: 'POST', headers: batch[i].headers, body: batch[i].body });
				const text = await res.text();
				if (res.status >= 200 && res.status < 300) answered.push(batch[i]);
				else if (non2xx++ === 0) say(`    first non-2xx: ${res.status} ${text.slice(0, 300)}`);
			} catch {
				non2xx++;
			}
			latencies.push(performance.now() - t0);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, client));
	const ms = performance.now() - started;
	latencies.sort((a, b) => a - b);
	return {
		requests: batch.length,
		ms,
		perSecond: (batch.length / ms) * 1000,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		p99: percentile(latencies, 99),
		non2xx,
		answered,
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Workflows                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

type Ledger = { kind: 'postgres'; schema: string } | { kind: 'embedded'; dataDirectory: string };

const ledgerParameters = (ledger: Ledger) =>
	ledger.kind === 'postgres'
		? { backend: 'postgres', schema: ledger.schema }
		: { backend: 'embedded', dataDirectory: ledger.dataDirectory };

const SHOPIFY_CREDENTIAL = { shopifyAdminPostPurchaseApi: { id: 'benchShopify00001', name: 'Shopify bench' } };
const PG_CREDENTIAL = { postPurchasePostgresApi: { id: 'benchPostgres0001', name: 'Ledger bench' } };

function bareWorkflow(path: string) {
	return {
		name: `bench: bare webhook ${path}`,
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0] as [number, number],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** The shipped intake template with the bench's ledger and credentials; its trigger found by type. */
function templateWorkflow(ledger: Ledger): Template {
	const template = loadTemplate(
		ledger.kind === 'postgres' ? '01-shopify-webhook-intake-postgres.json' : '01-shopify-webhook-intake.json',
	);
	for (const node of template.nodes) {
		if (node.type === nodeTypeName('shopifyOrdersTrigger')) {
			node.credentials = { ...SHOPIFY_CREDENTIAL, ...(ledger.kind === 'postgres' ? PG_CREDENTIAL : {}) };
			Object.assign(node.parameters!, ledgerParameters(ledger));
		}
		if (node.type === nodeTypeName('orderLedger')) {
			Object.assign(node.parameters!, ledgerParameters(ledger));
			if (ledger.kind === 'postgres') node.credentials = PG_CREDENTIAL;
		}
	}
	return template;
}

/** The intake as it was before the trigger stored deliveries itself: trigger (answer at once) -> Append Event. */
function twoNodeWorkflow(ledger: Ledger) {
	const trigger: WorkflowNode = {
		name: 'Shopify webhook',
		type: nodeTypeName('shopifyOrdersTrigger'),
		typeVersion: 1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { topics: ['orders/create'], onDelivery: 'start' },
		credentials: SHOPIFY_CREDENTIAL,
	};
	const append: WorkflowNode = {
		name: 'Append',
		type: nodeTypeName('orderLedger'),
		typeVersion: 1,
		position: [300, 0],
		parameters: {
			...ledgerParameters(ledger),
			operation: 'appendEvent',
			eventKey: '={{ $json.eventKey }}',
			source: 'shopify',
			topic: '={{ $json.topic }}',
			orderKey: "={{ $json.observations?.[0]?.orderKey ?? '' }}",
			payload: '={{ $json }}',
		},
		...(ledger.kind === 'postgres' ? { credentials: PG_CREDENTIAL } : {}),
	};
	return {
		name: 'bench: two-node intake',
		nodes: [trigger, append],
		connections: { 'Shopify webhook': { main: [[{ node: 'Append', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Measuring                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

interface Row {
	setting: Setting;
	mode: 'single' | 'queue';
	ledger: string;
	workflow: 'bare' | 'two-node' | 'intake';
	concurrency: number;
	figure: LoadFigure;
	stored?: number;
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

async function storedKeys(ledger: Ledger): Promise<Set<string>> {
	if (ledger.kind === 'postgres') {
		return withPg(async (c) => {
			const res = await c.query<{ key: string }>(`SELECT idempotency_key AS key FROM "${ledger.schema}".pp_events`);
			return new Set(res.rows.map((r) => r.key));
		});
	}
	// Only once n8n has stopped: the embedded ledger is a file one process owns.
	const store = await openLedger({ backend: 'embedded', dataDir: ledger.dataDirectory });
	try {
		const events = await store.listEvents({ limit: 1_000_000 });
		return new Set(events.map((e) => e.key));
	} finally {
		await store.close();
	}
}

/** The Shopify trigger's webhook path, from the subscription it registered in the simulated Shopify. */
async function subscribedPath(shopify: ShopifySim, expected: number): Promise<string> {
	const deadline = Date.now() + 60_000;
	while (shopify.webhookSubscriptions.length < expected && Date.now() < deadline)
		await new Promise((r) => setTimeout(r, 200));
	const sub = shopify.webhookSubscriptions[shopify.webhookSubscriptions.length - 1];
	if (!sub) throw new Error('the Shopify trigger registered no webhook subscription within 60 s');
	return new URL(sub.endpoint.callbackUrl).pathname.replace(/^\/webhook\//, '');
}

async function measureMode(
	setting: Setting,
	mode: 'single' | 'queue',
	ledgerKind: 'postgres' | 'embedded',
	options: Options,
	shopify: ShopifySim,
	sandbox: RunningSandbox,
): Promise<Row[]> {
	const rows: Row[] = [];
	const ledgerOf = (): Ledger =>
		ledgerKind === 'postgres'
			? { kind: 'postgres', schema: `bench_intake_${randomBytes(4).toString('hex')}` }
			: { kind: 'embedded', dataDirectory: mkdtempSync(join(tmpdir(), 'pp-bench-intake-')) };
	const n8n = await N8nInstance.create({
		...(mode === 'queue' ? { queue: { postgresDatabase: `pp_bench_${randomBytes(4).toString('hex')}` } } : {}),
		env: {
			...(setting === 'lazy' ? LAZY_ISOLATES : {}),
			...options.n8nEnv,
			...(options.cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${options.cpuProfileDir}` } : {}),
		},
	});
	const ledgers: Array<{ workflow: 'two-node' | 'intake'; ledger: Ledger; answered: Delivery[] }> = [];
	try {
		const pg = new URL(POSTGRES_URL);
		await n8n.importCredentials([
			{
				id: SHOPIFY_CREDENTIAL.shopifyAdminPostPurchaseApi.id,
				name: SHOPIFY_CREDENTIAL.shopifyAdminPostPurchaseApi.name,
				type: 'shopifyAdminPostPurchaseApi',
				data: {
					shopDomain: shopify.shopDomain,
					apiVersion: '2026-10',
					authMode: 'accessToken',
					accessToken: 'shpat_sandbox_token',
					webhookSecret: WEBHOOK_SECRET,
					baseUrl: sandbox.baseUrl('shopify'),
				},
			},
			{
				id: PG_CREDENTIAL.postPurchasePostgresApi.id,
				name: PG_CREDENTIAL.postPurchasePostgresApi.name,
				type: 'postPurchasePostgresApi',
				data: {
					host: pg.hostname,
					port: Number(pg.port || 5432),
					database: pg.pathname.replace(/^\//, ''),
					user: decodeURIComponent(pg.username || 'postgres'),
					password: decodeURIComponent(pg.password),
					ssl: 'disable',
				},
			},
		]);
		const server = await n8n.startServer();
		if (mode === 'queue') await Promise.all(Array.from({ length: options.workers }, () => n8n.startWorker(4)));
		say(
			`\n${mode} process${mode === 'queue' ? ` + ${options.workers} workers` : ''}, ${ledgerKind} ledger (${load()})`,
		);

		const targets: Array<{ workflow: Row['workflow']; url: string; ledger?: Ledger }> = [];
		if (options.only.includes('bare')) {
			const barePath = `bench-bare-${randomBytes(4).toString('hex')}`;
			await n8n.activateWorkflow(bareWorkflow(barePath));
			targets.push({ workflow: 'bare', url: `${server.baseUrl}/webhook/${barePath}` });
		}
		for (const workflow of (['two-node', 'intake'] as const).filter((w) => options.only.includes(w))) {
			const ledger = ledgerOf();
			const before = shopify.webhookSubscriptions.length;
			const wf = workflow === 'intake' ? templateWorkflow(ledger) : twoNodeWorkflow(ledger);
			const trigger = wf.nodes.find((n) => n.type === nodeTypeName('shopifyOrdersTrigger'))!;
			await n8n.activateWorkflow({
				name: `${wf.name} [bench]`,
				nodes: wf.nodes,
				connections: wf.connections,
				settings: wf.settings,
			});
			const path = await subscribedPath(shopify, before + (trigger.parameters!.topics as string[]).length);
			targets.push({ workflow, url: `${server.baseUrl}/webhook/${path}`, ledger });
		}
		// warm-up: the first calls pay for module loading and the ledger's migrations
		for (const t of targets) await fire(t.url, deliveries(shopify, 10, options.bodyBytes), 2);

		for (const concurrency of options.concurrency)
			for (const t of targets) {
				const figure = await fire(t.url, deliveries(shopify, options.requests, options.bodyBytes), concurrency);
				rows.push({ setting, mode, ledger: ledgerKind, workflow: t.workflow, concurrency, figure });
				if (t.ledger)
					ledgers.push({ workflow: t.workflow as 'two-node' | 'intake', ledger: t.ledger, answered: figure.answered });
				say(
					`  ${t.workflow.padEnd(8)} c=${String(concurrency).padStart(2)}: ${fixed(figure.perSecond)} req/s, ` +
						`p50 ${fixed(figure.p50, 0)} ms, p95 ${fixed(figure.p95, 0)} ms, p99 ${fixed(figure.p99, 0)} ms, ` +
						`${figure.non2xx} non-2xx`,
				);
			}
		// the two-node intake stores after answering: give its executions time to finish before counting
		await new Promise((r) => setTimeout(r, mode === 'queue' ? 15_000 : 5_000));
	} catch (error) {
		say(`n8n's log (last 3000 characters):\n${n8n.log('main').slice(-3000)}`);
		throw error;
	} finally {
		await n8n.stop();
	}
	// every delivery answered 2xx must be in the ledger
	for (const l of ledgers) {
		const keys = await storedKeys(l.ledger);
		const missing = l.answered.filter((d) => !keys.has(deliveryKey(d)));
		const row = rows.find((r) => r.figure.answered === l.answered)!;
		row.stored = l.answered.length - missing.length;
	}
	for (const l of new Set(ledgers.map((x) => x.ledger))) {
		if (l.kind === 'postgres') await withPg((c) => c.query(`DROP SCHEMA IF EXISTS "${l.schema}" CASCADE`));
		else rmSync(l.dataDirectory, { recursive: true, force: true });
	}
	return rows;
}

/** The key the trigger stores a delivery under: topic and the SHA-256 of the signed body. */
function deliveryKey(d: Delivery): string {
	return `shopify:${d.headers['x-shopify-topic']}:${createHash('sha256').update(d.body, 'utf8').digest('hex')}`;
}

async function main() {
	if (!installedN8n() && process.env.PP_E2E !== '1') {
		say('skipped: real n8n not installed (run scripts/e2e/install-n8n.sh)');
		return;
	}
	const options = parseOptions(process.argv.slice(2));
	const shopify = new ShopifySim({ seed: 16, orders: 50 });
	const sandbox = await startSandbox([shopify]);
	const sample = deliveries(shopify, 1, options.bodyBytes)[0];
	say(
		`real-n8n intake: ${options.requests} signed orders/create deliveries of ${sample.body.length} bytes per ` +
			`concurrency (${options.concurrency.join(', ')}), modes ${options.modes.join('/')}, ` +
			`ledger ${options.ledgers.join('/')}, n8n ${options.settings.join(' and ')}`,
	);
	const rows: Row[] = [];
	try {
		for (const setting of options.settings)
			for (const mode of options.modes)
				for (const ledger of options.ledgers) {
					if (mode === 'queue' && ledger === 'embedded') continue; // a file one process owns: not for queue mode
					say(`\n-- n8n ${setting === 'lazy' ? 'with lazy isolates' : 'defaults'}, ${mode}, ${ledger} ledger`);
					rows.push(...(await measureMode(setting, mode, ledger, options, shopify, sandbox)));
				}
	} finally {
		await sandbox.close();
	}

	say('\nsummary (targets, for the note: intake >= 0.9 x bare at every concurrency; p99 < 1 s at 32)');
	for (const row of rows.filter((r) => r.workflow !== 'bare')) {
		const bare = rows.find(
			(r) =>
				r.workflow === 'bare' &&
				r.setting === row.setting &&
				r.mode === row.mode &&
				r.ledger === row.ledger &&
				r.concurrency === row.concurrency,
		)!;
		const f = row.figure;
		say(
			`  ${row.setting.padEnd(8)} ${row.mode} ${row.ledger} ${row.workflow.padEnd(8)} ` +
				`c=${String(row.concurrency).padStart(2)}: ` +
				`${fixed(f.perSecond)} req/s = ${fixed(f.perSecond / bare.figure.perSecond, 2)} x bare ` +
				`(${fixed(bare.figure.perSecond)}), p99 ${fixed(f.p99, 0)} ms (bare ${fixed(bare.figure.p99, 0)}), ` +
				`${f.non2xx} non-2xx, stored ${row.stored ?? '?'} of ${f.answered.length} answered 2xx`,
		);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
