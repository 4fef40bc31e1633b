/**
 * The whole post-purchase scenario through the template workflows in a real n8n, bound to the
 * simulated store (test/sandbox/world), and scored against the world's ground truth. Shared by the
 * end-to-end test (test/e2e/scenario.e2e.test.ts) and `npm run demo`.
 *
 * The story is played in two moments of simulated time:
 *  1. two days before the scenario's end: Shopify's webhooks up to then reach the intake workflow
 *     (with the repeats and out-of-order deliveries the world plants), the reconciliation sweep asks
 *     Shopify, ShipStation, the 3PL and the carriers, the event processor drains the queue, and the
 *     stuck-order alerts run: cases open, customers hear about shipments;
 *  2. at the end: the next webhooks arrive, the sweep and the processor run again, problems that went
 *     away close their cases (the Slack message is updated in place), new ones open, and the weekly
 *     report is posted.
 * Every template judges "now" as the sandbox's simulated clock (the `Now` of the nodes that judge orders and the
 * sweep window's `evaluateAt`), as a user replaying a past day would; the ledger's queue runs on the real clock.
 */
import type { World } from '../sandbox/world/model';
import { planShopifyDeliveries, shopifyHeaders, type PlannedDelivery } from '../sandbox/world/webhooks';
import { SANDBOX_CREDENTIALS, type WorldSandbox } from '../sandbox/world/worldSandbox';
import {
	bindStoreProfile,
	loadTemplate,
	setStoreSettings,
	storeProfileCredential,
	type Template,
} from '../unit/templates/checks';
import { scoreDetection, type DetectionScore } from '../integration/pipeline/score';
import { openLedger } from '../../nodes/lib/ledger';
import type { LedgerConfig } from '../../nodes/lib/ledger';
import type { AppendResult, LedgerEvent, LedgerException } from '../../nodes/lib/ledger/types';
import type { ReconcileResult } from '../../nodes/lib/order/reconcile';
import type { ExceptionType, OrderRecord } from '../../nodes/lib/order/types';
import { nodeTypeName, type ExecutionResult, type N8nInstance } from './harness';

export type ScenarioStorage =
	| { kind: 'embedded'; dataDirectory: string }
	| { kind: 'postgres'; schema: string; url: string };

export type ScenarioOptions = ({ n8n: N8nInstance } | { host: ScenarioHost }) & {
	sandbox: WorldSandbox;
	storage: ScenarioStorage;
	/** Progress lines (the demo prints them; the test logs them). */
	progress?: (line: string) => void;
	/** Simulated hours between the first and the second moment (default 48). */
	firstMomentHoursBeforeEnd?: number;
	/**
	 * The moments the store is played at, as hours before the world's end (default: the first moment, then the
	 * end). Each plays the sweep, the processor, the webhooks since the moment before, and the stuck alerts.
	 */
	momentsHoursBeforeEnd?: number[];
	/** Shopify's webhooks delivered to the intake at each moment (default true); false: the reads only. */
	webhooks?: boolean;
	/** Every workflow run, as it finishes (a test reads the node outputs it needs). */
	onRun?: (key: TemplateKey, run: ExecutionResult) => void;
	/**
	 * After each moment, the ledger's orders then. Only where the ledger can be opened beside the host (the
	 * in-process host, or PostgreSQL): an embedded ledger is one process's at a time.
	 */
	afterMoment?: (moment: { hoursBeforeEnd: number; nowMs: number; records: Map<string, OrderRecord> }) => void;
};

export interface ScenarioReport {
	score: DetectionScore;
	records: Map<string, OrderRecord>;
	cases: LedgerException[];
	events: LedgerEvent[];
	/** Deliveries sent to the intake, how many were repeats, and how the intake answered. */
	intake: {
		sent: number;
		repeats: number;
		outOfOrder: number;
		rejected: number;
		stored: number;
		duplicates: number;
		failedExecutions: number;
	};
	processor: {
		runs: number;
		acked: Map<string, number>;
		failures: Array<{ eventId: string; error: string }>;
		failedExecutions: number;
	};
	slack: {
		caseMessages: number;
		casesWithoutMessage: string[];
		casesPostedTwice: string[];
		clearedNotUpdated: string[];
		cleared: number;
		reportPosted: boolean;
	};
	klaviyo: { accepted: number; distinctUniqueIds: number; remembered: number };
	workflows: Record<string, string>;
	stages: Record<string, number>;
	openByType: Record<string, number>;
}

const CREDENTIAL = (id: string, name: string) => ({ id, name });
const IDS = {
	shopify: CREDENTIAL('scnShopify0000001', 'Shopify (sandbox)'),
	shipstation: CREDENTIAL('scnShipStation001', 'ShipStation (sandbox)'),
	shipbob: CREDENTIAL('scnShipBob0000001', 'ShipBob (sandbox)'),
	shipmonk: CREDENTIAL('scnShipMonk000001', 'ShipMonk (sandbox)'),
	ups: CREDENTIAL('scnUps00000000001', 'UPS (sandbox)'),
	fedex: CREDENTIAL('scnFedEx000000001', 'FedEx (sandbox)'),
	usps: CREDENTIAL('scnUsps0000000001', 'USPS (sandbox)'),
	dhl: CREDENTIAL('scnDhl00000000001', 'DHL (sandbox)'),
	klaviyo: CREDENTIAL('scnKlaviyo0000001', 'Klaviyo (sandbox)'),
	slack: CREDENTIAL('scnSlack000000001', 'Slack (sandbox)'),
	postgres: CREDENTIAL('scnPostgres000001', 'Ledger PostgreSQL'),
	profile: CREDENTIAL('scnStoreProfile01', 'Sandbox Outdoor Co. (store profile)'),
};

/**
 * The sandbox store's settings, as its operator would set them: the Store Profile's fields (issue 14; channels
 * that exist in the simulated Slack, the world's time zone) and, for the templates not rebuilt yet, the same
 * values wherever a test still overrides them by name (setStoreSettings leaves profile fields to the profile).
 */
export function sandboxStoreSettings(sandbox: WorldSandbox): Record<string, string | number | boolean> {
	return {
		storeName: 'Sandbox Outdoor Co.',
		shopDomain: SANDBOX_CREDENTIALS.shopify.shopDomain,
		timeZone: sandbox.world.timeZone,
		slackChannelDefault: '#order-exceptions',
		slackChannelShippingDelays: '#shipping-delays',
		slackChannelWarehouse: '#warehouse',
		slackChannelCustomerCare: '#order-exceptions',
		slackReportChannel: '#order-exceptions',
	};
}

/** Credentials pointing every vendor at the sandbox (what a user types in, with the sandbox's URLs). */
export function sandboxCredentials(sandbox: WorldSandbox, storage: ScenarioStorage) {
	const c = SANDBOX_CREDENTIALS;
	const list = [
		{
			...IDS.shopify,
			type: 'shopifyAdminPostPurchaseApi',
			data: {
				shopDomain: c.shopify.shopDomain,
				apiVersion: '2026-10',
				authMode: 'accessToken',
				accessToken: c.shopify.accessToken,
				webhookSecret: c.shopify.webhookSecret,
				baseUrl: sandbox.baseUrl('shopify'),
			},
		},
		{
			...IDS.shipstation,
			type: 'shipStationPostPurchaseApi',
			data: {
				apiKey: c.shipstation.apiKey,
				apiSecret: c.shipstation.apiSecret,
				v2ApiKey: c.shipstation.v2ApiKey,
				v1BaseUrl: sandbox.baseUrl('shipstation'),
				v2BaseUrl: sandbox.baseUrl('shipstation'),
			},
		},
		{
			...IDS.shipbob,
			type: 'shipBobPostPurchaseApi',
			data: { token: c.shipbob.token, environment: 'production', baseUrl: sandbox.baseUrl('shipbob') },
		},
		{
			...IDS.shipmonk,
			type: 'shipMonkPostPurchaseApi',
			data: { apiKey: c.shipmonk.apiKey, environment: 'production', baseUrl: sandbox.baseUrl('shipmonk') },
		},
		{
			...IDS.ups,
			type: 'upsPostPurchaseApi',
			data: {
				clientId: c.ups.clientId,
				clientSecret: c.ups.clientSecret,
				environment: 'production',
				baseUrl: sandbox.baseUrl('ups'),
			},
		},
		{
			...IDS.fedex,
			type: 'fedExPostPurchaseApi',
			data: {
				clientId: c.fedex.clientId,
				clientSecret: c.fedex.clientSecret,
				environment: 'production',
				baseUrl: sandbox.baseUrl('fedex'),
			},
		},
		{
			...IDS.usps,
			type: 'uspsPostPurchaseApi',
			data: {
				clientId: c.usps.clientId,
				clientSecret: c.usps.clientSecret,
				environment: 'production',
				baseUrl: sandbox.baseUrl('usps'),
			},
		},
		{
			...IDS.dhl,
			type: 'dhlPostPurchaseApi',
			data: { apiKey: c.dhl.apiKey, environment: 'production', baseUrl: sandbox.baseUrl('dhl') },
		},
		{
			...IDS.klaviyo,
			type: 'klaviyoPostPurchaseApi',
			data: { apiKey: c.klaviyo.apiKey, baseUrl: sandbox.baseUrl('klaviyo') },
		},
		{
			...IDS.slack,
			type: 'slackPostPurchaseApi',
			data: {
				mode: 'botToken',
				botToken: c.slack.token,
				signingSecret: 'sandbox-signing-secret',
				baseUrl: `${sandbox.baseUrl('slack')}/api`,
			},
		},
	];
	list.push(storeProfileCredential(IDS.profile, sandboxStoreSettings(sandbox)) as never);
	if (storage.kind === 'postgres') {
		const url = new URL(storage.url);
		list.push({
			...IDS.postgres,
			type: 'postPurchasePostgresApi',
			data: {
				host: url.hostname,
				port: Number(url.port || 5432),
				database: url.pathname.slice(1),
				user: decodeURIComponent(url.username),
				password: decodeURIComponent(url.password),
				ssl: 'disable',
			} as never,
		});
	}
	return list;
}

/** The credentials a store's nodes use, by vendor (a 3PL node gets the one of the store's 3PL). */
export interface StoreCredentialRefs {
	shopify: CredentialRef;
	shipstation: CredentialRef;
	/** The store's 3PL: its credential type and the credential. */
	threePl: { type: string; ref: CredentialRef };
	ups: CredentialRef;
	fedex: CredentialRef;
	usps: CredentialRef;
	dhl: CredentialRef;
	klaviyo: CredentialRef;
	slack: CredentialRef;
	/** The ledger's PostgreSQL credential (none for the embedded ledger). */
	postgres?: CredentialRef;
}
type CredentialRef = { id: string; name: string };

/** Which credential each of our node types needs (the carrier node takes all four: it picks per parcel). */
export function credentialsForNode(type: string, refs: StoreCredentialRefs): Record<string, CredentialRef> {
	const short = type.startsWith(nodeTypeName('')) ? type.slice(nodeTypeName('').length) : '';
	const ledger: Record<string, CredentialRef> = refs.postgres ? { postPurchasePostgresApi: refs.postgres } : {};
	switch (short) {
		case 'shopifyOrders':
			return { shopifyAdminPostPurchaseApi: refs.shopify };
		case 'shopifyOrdersTrigger':
			// the intake's trigger stores each delivery in the ledger itself (issue 16)
			return { shopifyAdminPostPurchaseApi: refs.shopify, ...ledger };
		case 'shipStation':
			return { shipStationPostPurchaseApi: refs.shipstation };
		case 'threePlFulfillment':
			return { [refs.threePl.type]: refs.threePl.ref };
		case 'carrierTracking':
			return {
				upsPostPurchaseApi: refs.ups,
				fedExPostPurchaseApi: refs.fedex,
				uspsPostPurchaseApi: refs.usps,
				dhlPostPurchaseApi: refs.dhl,
			};
		case 'klaviyoPostPurchase':
			return { klaviyoPostPurchaseApi: refs.klaviyo };
		case 'exceptionAlerts':
			return { slackPostPurchaseApi: refs.slack, ...ledger };
		case 'slackInteractionTrigger':
			return { slackPostPurchaseApi: refs.slack };
		case 'orderLedger':
			return ledger;
		default:
			return {};
	}
}

function credentialsFor(type: string, world: World, storage: ScenarioStorage): Record<string, CredentialRef> {
	return credentialsForNode(type, {
		...IDS,
		threePl:
			world.threePl === 'shipbob'
				? { type: 'shipBobPostPurchaseApi', ref: IDS.shipbob }
				: { type: 'shipMonkPostPurchaseApi', ref: IDS.shipmonk },
		postgres: storage.kind === 'postgres' ? IDS.postgres : undefined,
	});
}

const FILES = {
	intake: '01-shopify-webhook-intake',
	processor: '02-event-processor',
	sweep: '03-reconciliation-sweep',
	stuck: '04-stuck-order-sla-alerts',
	report: '05-weekly-exception-report',
	deadLetter: '06-dead-letter-review',
	buttons: '07-slack-case-buttons',
} as const;
export type TemplateKey = keyof typeof FILES;

/**
 * A template as a user would set it up for the sandbox store: its settings filled in (ledger,
 * shop, channels that exist in the simulated Slack, the simulated clock), credentials picked on every
 * node, and both warehouse nodes switched on (this brand ships from ShipStation AND a 3PL).
 */
export function prepareTemplate(
	key: TemplateKey,
	sandbox: WorldSandbox,
	storage: ScenarioStorage,
	evaluateAt: string,
): Template {
	const suffix = storage.kind === 'postgres' ? '-postgres' : '';
	const t = loadTemplate(`${FILES[key]}${suffix}.json`);
	const overrides: Record<string, string | number | boolean> = {
		...sandboxStoreSettings(sandbox),
		evaluateAt,
		// the sweep looks back over the whole scenario (the world's orders span two weeks)
		lookBackMinutes: Math.ceil((sandbox.world.endMs - sandbox.world.startMs) / 60_000) + 24 * 60,
		maxParcels: 5000,
		maxOrders: 5000,
		// A backfill of two weeks: one claim takes the whole sweep, so each order's Shopify, warehouse and
		// carrier snapshots are reconciled together (split across batches, an order seen from Shopify
		// alone is asked about one by one at the warehouse, and may open a case the next batch clears).
		batchSize: 1000,
		...(storage.kind === 'embedded'
			? { ledgerDataDirectory: storage.dataDirectory }
			: { postgresSchema: storage.schema }),
	};
	setStoreSettings(t, overrides, { strict: false });
	for (const node of t.nodes) {
		const creds = credentialsFor(node.type, sandbox.world, storage);
		if (Object.keys(creds).length) node.credentials = creds;
		if (node.type === nodeTypeName('threePlFulfillment'))
			node.parameters = { ...node.parameters, provider: sandbox.world.threePl };
		if (node.type === nodeTypeName('shipStation')) node.disabled = false;
	}
	// After the vendor credentials, so the nodes that judge orders or post cases keep both.
	bindStoreProfile(t, IDS.profile);
	return t;
}

/**
 * The trigger to run a template from by hand: its Manual Trigger where it has one, else its Schedule Trigger
 * (n8n runs a schedule trigger on demand, as the editor's Test Workflow does).
 */
export function manualStart(t: Template): string {
	const byType = (type: string) => t.nodes.find((n) => n.type === type)?.name;
	const name = byType('n8n-nodes-base.manualTrigger') ?? byType('n8n-nodes-base.scheduleTrigger');
	if (!name) throw new Error(`${t.name}: no manual or schedule trigger to run it from`);
	return name;
}

/**
 * Items of every run of a node (a loop runs its nodes once per order). `T` names what the caller reads of
 * the node's items; nothing checks it but the caller's assertions.
 */
export function allItems<T extends object = Record<string, unknown>>(
	run: ExecutionResult,
	node: string,
	output = 0,
): T[] {
	return (run.runData[node] ?? []).flatMap((task) => task.data?.main?.[output] ?? []).map((i) => i.json as T);
}

/** The sweep's Append Event nodes, one per source (Event Key From: Snapshot Content). */
export const SNAPSHOT_NODES = [
	'Store Shopify snapshots',
	'Store 3PL snapshots',
	'Store ShipStation snapshots',
	'Store carrier snapshots',
];

/** A snapshot node's item: the Append Event result, or an order the source answered for without facts. */
export type SnapshotOutcome = Omit<AppendResult, 'status'> & {
	status: AppendResult['status'] | 'nothing_to_store';
	reason?: string;
};

/** What a sweep run stored: every snapshot node's items (status new, duplicate or nothing_to_store). */
export function storedSnapshots<T extends object = Record<string, unknown>>(run: ExecutionResult): T[] {
	return SNAPSHOT_NODES.flatMap((node) => allItems<T>(run, node));
}

/**
 * Every Order State pass of a processor run: what it decided (Decided) and what it sent round the read nodes
 * again first (Read Again First), run after run, so an order held back has two passes.
 */
export function orderStatePasses(run: ExecutionResult, node = 'Order State'): ReconcileResult[] {
	return (run.runData[node] ?? []).flatMap((task) =>
		[0, 1].flatMap((output) => (task.data?.main?.[output] ?? []).map((i) => i.json as unknown as ReconcileResult)),
	);
}

/** The Order State passes (its output items) of each order, in run order: an order held back has two. */
export function passesByOrder(passes: ReconcileResult[]): Map<string, ReconcileResult[]> {
	const byOrder = new Map<string, ReconcileResult[]>();
	for (const p of passes) byOrder.set(p.record.orderKey, [...(byOrder.get(p.record.orderKey) ?? []), p]);
	return byOrder;
}

/** The finding types an Order State pass held back for a live re-read (toConfirm), sorted. */
export function heldTypes(pass: ReconcileResult): ExceptionType[] {
	return (pass.toConfirm ?? []).map((c) => c.type).sort();
}

/** One log line: each order's passes, "1003: [held -; opened tracking_missing] -> [...]". */
export function describePasses(passesOf: Map<string, ReconcileResult[]>): string {
	const describe = (p: ReconcileResult) =>
		`[held ${heldTypes(p).join('+') || '-'}; opened ${p.opened.map((c) => c.type).join('+') || '-'}]`;
	return [...passesOf].map(([key, ps]) => `${key}: ${ps.map(describe).join(' -> ')}`).join('; ');
}

export function ledgerConfig(storage: ScenarioStorage): LedgerConfig {
	if (storage.kind === 'embedded') return { backend: 'embedded', dataDir: storage.dataDirectory };
	const url = new URL(storage.url);
	return {
		backend: 'postgres',
		connection: {
			host: url.hostname,
			port: Number(url.port || 5432),
			database: url.pathname.slice(1),
			user: decodeURIComponent(url.username),
			password: decodeURIComponent(url.password),
			schema: storage.schema,
		},
	};
}

async function sendDeliveries(
	deliveries: PlannedDelivery[],
	url: string,
	concurrency = 4,
): Promise<{ rejected: number }> {
	let rejected = 0;
	let next = 0;
	const worker = async () => {
		while (next < deliveries.length) {
			const d = deliveries[next++];
			const res = await fetch(url, {
				method: 'POST',
				headers: shopifyHeaders(d, SANDBOX_CREDENTIALS.shopify.webhookSecret, SANDBOX_CREDENTIALS.shopify.shopDomain),
				body: d.body,
				signal: AbortSignal.timeout(30_000),
			});
			await res.arrayBuffer();
			if (res.status !== 200) rejected++;
		}
	};
	// Out-of-order deliveries stay out of order: the plan already puts them so; a few in flight at
	// once is what Shopify does too.
	await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));
	return { rejected };
}

/**
 * Where the scenario's workflows run: a real n8n (the e2e suites, the demo) or n8n's engine in this process
 * (test/integration/pipeline: the same templates and node operations, no server). Either way a template is
 * saved once per key and run from a trigger, and Shopify's webhooks go to the intake workflow.
 */
export interface ScenarioHost {
	/** Creates the workflow of `key`, or replaces it (the moments re-save the scheduled ones with their clock). */
	save(key: TemplateKey, template: Template): Promise<void>;
	run(key: TemplateKey, trigger: string): Promise<ExecutionResult>;
	/** Subscribes Shopify's webhooks (activates the intake). */
	startIntake(): Promise<void>;
	/** Sends the deliveries; resolves when each it accepted is stored (failedExecutions: runs after the intake). */
	deliver(deliveries: PlannedDelivery[]): Promise<{ rejected: number; failedExecutions: number }>;
	/** The workflows' ids by key, for the report. */
	ids(): Record<string, string>;
}

/** The scenario's workflows in a real n8n: imported through its API, run as the editor runs them. */
export async function n8nScenarioHost(
	n8n: N8nInstance,
	sandbox: WorldSandbox,
	storage: ScenarioStorage,
): Promise<ScenarioHost> {
	await n8n.startServer();
	await n8n.importCredentials(sandboxCredentials(sandbox, storage));
	const ids: Record<string, string> = {};
	let webhookUrl = '';
	return {
		async save(key, t) {
			const body = {
				name: t.name,
				nodes: t.nodes,
				connections: t.connections,
				settings: t.settings ?? { executionOrder: 'v1' },
			};
			if (ids[key]) await n8n.api('PUT', `/workflows/${ids[key]}`, body);
			else ids[key] = (await n8n.api<{ id: string }>('POST', '/workflows', body)).id;
		},
		run: (key, trigger) => n8n.runWorkflow(ids[key], trigger),
		async startIntake() {
			// The intake is the one workflow that runs by itself: activating it subscribes Shopify's webhooks.
			await n8n.api('POST', `/workflows/${ids.intake}/activate`);
			const deadline = Date.now() + 60_000;
			while (sandbox.sims.shopify.webhookSubscriptions.length === 0 && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 250));
			const subscription = sandbox.sims.shopify.webhookSubscriptions[0];
			if (!subscription)
				throw new Error('activating the intake workflow registered no Shopify webhook subscription within 60 s');
			webhookUrl = String(subscription.endpoint.callbackUrl);
		},
		async deliver(deliveries) {
			// The intake's trigger answers 200 only once the delivery is in the ledger (and starts no execution):
			// every delivery it accepted is stored when this returns.
			const sent = await sendDeliveries(deliveries, webhookUrl);
			return { rejected: sent.rejected, failedExecutions: 0 };
		},
		ids: () => ({ ...ids }),
	};
}

export async function runScenario(options: ScenarioOptions): Promise<ScenarioReport> {
	const { sandbox, storage } = options;
	const say = options.progress ?? (() => undefined);
	const world = sandbox.world;
	const moments = options.momentsHoursBeforeEnd ?? [options.firstMomentHoursBeforeEnd ?? 48, 0];
	const firstMs = world.endMs - moments[0] * 3_600_000;
	say('binding credentials to the sandbox and importing the templates');
	const given = 'host' in options ? options.host : await n8nScenarioHost(options.n8n, sandbox, storage);
	const host: ScenarioHost = {
		...given,
		run: async (key, trigger) => {
			const run = await given.run(key, trigger);
			options.onRun?.(key, run);
			return run;
		},
	};
	/** The trigger each workflow is run from: its manual trigger, or its schedule where it has no other. */
	const triggers: Record<string, string> = {};
	const importAt = async (key: TemplateKey, evaluateAt: string) => {
		const t = prepareTemplate(key, sandbox, storage, evaluateAt);
		// Only the scheduled templates are run by hand (the intake and the Slack buttons wait for their webhooks).
		if (['processor', 'sweep', 'stuck', 'report'].includes(key)) triggers[key] = manualStart(t);
		await host.save(key, t);
	};
	const firstAt = new Date(firstMs).toISOString();
	for (const key of Object.keys(FILES) as TemplateKey[]) await importAt(key, firstAt);
	await host.startIntake();

	const intake: ScenarioReport['intake'] = {
		sent: 0,
		repeats: 0,
		outOfOrder: 0,
		rejected: 0,
		stored: 0,
		duplicates: 0,
		failedExecutions: 0,
	};
	const processor: ScenarioReport['processor'] = { runs: 0, acked: new Map(), failures: [], failedExecutions: 0 };

	const playMoment = async (label: string, nowMs: number, previousMs: number | null, evaluateAt: string) => {
		sandbox.setNow(nowMs);
		for (const key of ['processor', 'sweep', 'stuck', 'report'] as const) await importAt(key, evaluateAt);
		say(`${label}: reconciliation sweep (Shopify, ShipStation, ${world.threePl}, carriers)`);
		const sweep = await host.run('sweep', triggers.sweep);
		if (sweep.status !== 'success')
			throw new Error(`the sweep failed: ${sweep.error?.message ?? 'unknown'} (${sweep.lastNodeExecuted ?? ''})`);
		const stored = storedSnapshots<{ status: string }>(sweep);
		say(
			`${label}: sweep stored ${stored.filter((s) => s.status === 'new').length} new snapshots ` +
				`(${stored.filter((s) => s.status === 'duplicate').length} unchanged)`,
		);

		const drain = async (why: string) => {
			for (let round = 1; ; round++) {
				const run = await host.run('processor', triggers.processor);
				processor.runs++;
				if (run.status !== 'success') {
					processor.failedExecutions++;
					throw new Error(
						`the event processor failed: ${run.error?.message ?? 'unknown'} (last node ${run.lastNodeExecuted ?? '?'})`,
					);
				}
				// One item per order, each with its claimed events.
				const claimed = allItems<{ events?: unknown[] }>(run, 'Claim events');
				const claimedEvents = claimed.reduce((sum, order) => sum + (order.events?.length ?? 0), 0);
				for (const a of allItems(run, 'Mark event done'))
					if (a.outcome === 'acked')
						processor.acked.set(String(a.eventId ?? a.id), (processor.acked.get(String(a.eventId ?? a.id)) ?? 0) + 1);
				for (const f of allItems(run, 'Record failure'))
					processor.failures.push({ eventId: String(f.eventId ?? f.id), error: String(f.error ?? f.lastError) });
				say(
					`${label}: event processor (${why}) run ${round}: ${claimedEvents} events claimed, ` +
						`${allItems(run, 'Claim events').length} orders reconciled, ` +
						`${allItems(run, 'Post case to Slack').length} cases posted, ` +
						`${allItems(run, 'Tell the customer (Klaviyo)').length} customer events`,
				);
				if (process.env.PP_SCENARIO_PROFILE === '1') {
					const perNode = Object.entries(run.runData).map(
						([name, tasks]) =>
							[
								name,
								tasks.reduce((sum, t) => sum + ((t as { executionTime?: number }).executionTime ?? 0), 0),
							] as const,
					);
					say(
						`  slowest nodes: ${perNode
							.sort((a, b) => b[1] - a[1])
							.slice(0, 8)
							.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`)
							.join(', ')}`,
					);
				}
				if (claimed.length === 0) break;
				if (round > 200) throw new Error('the event processor still claimed events after 200 runs');
			}
		};
		await drain('sweep');
		const deliveries =
			options.webhooks === false
				? []
				: planShopifyDeliveries(world, nowMs).filter((d) => previousMs === null || d.atMs > previousMs);
		say(
			`${label}: ${deliveries.length} Shopify webhook deliveries to the intake ` +
				`(${deliveries.filter((d) => d.duplicate).length} repeats, ` +
				`${deliveries.filter((d) => d.outOfOrder).length} out of order)`,
		);
		const sent = await host.deliver(deliveries);
		intake.sent += deliveries.length;
		intake.repeats += deliveries.filter((d) => d.duplicate).length;
		intake.outOfOrder += deliveries.filter((d) => d.outOfOrder).length;
		intake.rejected += sent.rejected;
		intake.failedExecutions += sent.failedExecutions;

		await drain('webhooks');
		say(`${label}: stuck-order and SLA alerts`);
		const stuck = await host.run('stuck', triggers.stuck);
		if (stuck.status !== 'success')
			throw new Error(`the stuck-order alerts failed: ${stuck.error?.message ?? 'unknown'}`);
		// A stalled parcel or an order no warehouse seems to have is not posted by the alerts: they hand the
		// order to the event processor (Hand to the processor), which re-reads it live and opens the case only
		// if it still holds. The processor runs every minute in production; here it runs once they are handed.
		const handed = allItems(stuck, 'Hand to the processor').filter((h) => h.status === 'new').length;
		say(`${label}: ${handed} orders handed to the processor to confirm a held-back case`);
		if (handed > 0) await drain('confirmations');
	};

	let previousMs: number | null = null;
	for (const hours of moments) {
		const nowMs = world.endMs - hours * 3_600_000;
		const label = hours === 0 ? 'the end' : `${hours} h before the end`;
		await playMoment(label, nowMs, previousMs, new Date(nowMs).toISOString());
		previousMs = nowMs;
		if (options.afterMoment) {
			const ledger = await openLedger(ledgerConfig(storage));
			try {
				const records = await ledger.listOrders({ now: new Date(nowMs).toISOString(), limit: 1_000_000 });
				options.afterMoment({ hoursBeforeEnd: hours, nowMs, records: new Map(records.map((r) => [r.orderKey, r])) });
			} finally {
				await ledger.close();
			}
		}
	}
	const endAt = new Date(world.endMs).toISOString();

	say('weekly exception report');
	const slackBefore = sandbox.sims.slack.messages.length;
	const report = await host.run('report', triggers.report);
	if (report.status !== 'success') throw new Error(`the weekly report failed: ${report.error?.message ?? 'unknown'}`);
	const reportPosted = sandbox.sims.slack.messages
		.slice(slackBefore)
		.some((m) => m.threadTs === null && JSON.stringify(m.blocks).includes('Exception report'));

	// The ledger, read after n8n is done with it (embedded storage is one process at a time).
	say('reading the ledger and scoring it against the planted truth');
	const ledger = await openLedger(ledgerConfig(storage));
	let records: OrderRecord[];
	let cases: LedgerException[];
	let events: LedgerEvent[];
	try {
		records = await ledger.listOrders({ now: endAt, limit: 1_000_000 });
		cases = await ledger.listExceptions({ state: 'all', now: endAt, limit: 1_000_000 });
		events = await ledger.listEvents({ limit: 1_000_000 });
	} finally {
		await ledger.close();
	}
	const byKey = new Map(records.map((r) => [r.orderKey, r]));
	const score = scoreDetection(world.truth, byKey);
	// the intake stores each delivery under 'shopify:<topic>:<body digest>' (the sweep's snapshots are 'sweep:...')
	const shopifyEvents = events.filter((e) => e.key.startsWith('shopify:'));
	intake.stored = shopifyEvents.length;
	intake.duplicates = intake.sent - intake.rejected - shopifyEvents.length;

	const topLevel = sandbox.sims.slack.messages.filter((m) => m.threadTs === null && !m.deleted);
	const postsPerTs = new Map<string, number>();
	for (const m of topLevel) postsPerTs.set(`${m.channel}/${m.ts}`, (postsPerTs.get(`${m.channel}/${m.ts}`) ?? 0) + 1);
	const caseTs = new Set(cases.filter((c) => c.slack).map((c) => `${c.slack!.channel}/${c.slack!.ts}`));
	const caseMessages = topLevel.filter((m) => caseTs.has(`${m.channel}/${m.ts}`));
	// a case posted twice would show as a second top-level message about the same case id
	const postsPerCase = new Map<string, number>();
	for (const m of topLevel) {
		const text = JSON.stringify(m.metadata ?? m.blocks ?? m.text);
		for (const c of cases) if (text.includes(c.id)) postsPerCase.set(c.id, (postsPerCase.get(c.id) ?? 0) + 1);
	}
	const cleared = cases.filter((c) => c.resolvedAt && c.resolution === 'cleared');
	const messageOf = (c: LedgerException) =>
		topLevel.find((m) => c.slack && m.channel === c.slack.channel && m.ts === c.slack.ts);
	const slack: ScenarioReport['slack'] = {
		caseMessages: caseMessages.length,
		casesWithoutMessage: cases.filter((c) => !c.slack || !messageOf(c)).map((c) => c.id),
		casesPostedTwice: [...postsPerCase].filter(([, n]) => n > 1).map(([id]) => id),
		clearedNotUpdated: cleared.filter((c) => (messageOf(c)?.history.length ?? 0) < 2).map((c) => c.id),
		cleared: cleared.length,
		reportPosted,
	};
	const accepted = sandbox.sims.klaviyo.accepted;
	const klaviyo = {
		accepted: accepted.length,
		distinctUniqueIds: new Set(accepted.map((a) => a.uniqueId)).size,
		remembered: events.filter((e) => e.source === 'klaviyo').length,
	};
	const stages: Record<string, number> = {};
	for (const r of records) stages[r.stage] = (stages[r.stage] ?? 0) + 1;
	const openByType: Record<string, number> = {};
	for (const c of cases) if (!c.resolvedAt) openByType[c.type] = (openByType[c.type] ?? 0) + 1;
	return {
		score,
		records: byKey,
		cases,
		events,
		intake,
		processor,
		slack,
		klaviyo,
		workflows: host.ids(),
		stages,
		openByType,
	};
}
