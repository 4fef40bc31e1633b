/**
 * Recorded vendor traffic played through the template workflows in a real n8n: the capture-backed sandbox
 * (test/sandbox/captureServer.ts) answers every vendor read from the capture as of its simulated "now",
 * and delivers the recorded Shopify webhooks, byte for byte with their own signatures, to the activated
 * intake workflow. At each instant the templates run as a store schedules them (intake, sweep, event
 * processor, stuck-order alerts, the processor again for what the alerts handed over); then the ledger is
 * read and each order's stage and open cases are set beside what the in-process replay
 * (nodes/lib/replay) concludes from the same capture, and beside the truth the capture's authors wrote.
 *
 * The capture is made of clean-room corpus scenarios (test/fixtures/vendor-native/scenarios): vendor
 * payloads written from the vendors' published documents by people who had not read the product's code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseHar, type Capture } from '../../nodes/lib/replay/har';
import { replayCapture, type ReplayResult } from '../../nodes/lib/replay/run';
import { openLedger } from '../../nodes/lib/ledger';
import { DEFAULT_API_VERSION } from '../../nodes/lib/connectors/shopify/config';
import { parsePolicy } from '../../nodes/lib/order/policy';
import type { OrderRecord } from '../../nodes/lib/order/types';
import { scenarioToHar, type Scenario, type ScenarioTruth } from '../../scripts/scenario-to-har';
import { startCaptureSandbox, type CaptureSandbox } from '../sandbox/captureServer';
import {
	bindStoreProfile,
	loadTemplate,
	setStoreSettings,
	storeProfileCredential,
	type Template,
} from '../unit/templates/checks';
import { CORPUS_ROOT, SCORED_TYPES, SCENARIO_DIR } from '../integration/replay/corpus';
import { nodeTypeName, type N8nInstance } from './harness';
import { allItems, credentialsForNode, ledgerConfig, manualStart } from './scenario';

export interface CaptureStore {
	/** Scenario file names (without .json) played together as one store's traffic. */
	scenarios: string[];
	/** The store's policy: every scenario played together must agree on it. */
	policy: { timeZone: string; warehouseTimeZone: string };
	/** The 3PL this store uses beside ShipStation (the scenarios played here use ShipBob). */
	threePl: 'shipbob';
	postgres: { url: string; schema: string };
}

export interface InstantVerdict {
	at: string;
	orderKey: string;
	scenario: string;
	truth: { stage: string; problems: string[] };
	/** The ledger's answer, with the facts it holds (slots) so a wrong verdict can be traced. */
	templates: { stage: string | null; open: string[]; facts: string[]; toConfirm?: string[] };
	replay: { stage: string | null; open: string[] };
}

export interface CaptureRunReport {
	verdicts: InstantVerdict[];
	/** Push deliveries to the intake: status per recorded push. */
	pushes: Array<{ index: number; at: string; status: number }>;
	/** Orders the stuck-order alerts handed to the processor to confirm a held-back case, per instant. */
	handedOver: Array<{ at: string; orderKeys: string[] }>;
	/** Cases opened by the processor's confirm re-read (the held-back path), with the instant. */
	confirmedOpen: Array<{ at: string; orderKey: string; type: string }>;
	/** Reads the sandbox served (what was asked, which entries answered). */
	reads: number;
	replay: ReplayResult;
	failedExecutions: string[];
}

const SCORED = new Set<string>(SCORED_TYPES);

/** The scenarios' traffic as one capture, in time order (a push before a read at the same instant, as recorded). */
export function mergedCapture(names: string[]): {
	capture: Capture;
	secrets: Record<string, string[]>;
	scenarios: Array<{ name: string; scenario: Scenario }>;
} {
	const scenarios = names.map((name) => ({
		name,
		scenario: JSON.parse(readFileSync(join(SCENARIO_DIR, `${name}.json`), 'utf8')) as Scenario,
	}));
	const entries: Array<Record<string, unknown>> = [];
	const secrets: Record<string, string[]> = {};
	let creator: unknown;
	for (const { scenario } of scenarios) {
		const { har, config } = scenarioToHar(scenario, CORPUS_ROOT);
		const log = (har as { log: { entries: Array<Record<string, unknown>>; creator: unknown } }).log;
		creator ??= log.creator;
		entries.push(...log.entries);
		for (const [vendor, list] of Object.entries(config.secrets))
			for (const s of list) if (!(secrets[vendor] ??= []).includes(s)) secrets[vendor].push(s);
	}
	// stable: entries of one scenario keep their recorded order at equal instants
	const sorted = entries
		.map((e, i) => ({ e, i }))
		.sort((a, b) => Date.parse(String(a.e.startedDateTime)) - Date.parse(String(b.e.startedDateTime)) || a.i - b.i);
	const capture = parseHar({ log: { version: '1.2', creator, entries: sorted.map(({ e }) => e) } });
	return { capture, secrets, scenarios };
}

const CRED = (id: string, name: string) => ({ id, name });
const IDS = {
	shopify: CRED('capShopify0000001', 'Shopify (capture)'),
	shipstation: CRED('capShipStation001', 'ShipStation (capture)'),
	shipbob: CRED('capShipBob0000001', 'ShipBob (capture)'),
	ups: CRED('capUps00000000001', 'UPS (capture)'),
	fedex: CRED('capFedEx000000001', 'FedEx (capture)'),
	usps: CRED('capUsps0000000001', 'USPS (capture)'),
	dhl: CRED('capDhl00000000001', 'DHL (capture)'),
	klaviyo: CRED('capKlaviyo0000001', 'Klaviyo (capture)'),
	slack: CRED('capSlack000000001', 'Slack (capture)'),
	postgres: CRED('capPostgres000001', 'Ledger PostgreSQL (capture)'),
	profile: CRED('capStoreProfile01', 'Northwind Outfitters (store profile)'),
};

/** The store's settings: its Store Profile's fields. */
function storeSettings(store: CaptureStore): Record<string, string | number | boolean> {
	return {
		storeName: 'Northwind Outfitters',
		shopDomain: 'northwind-outfitters.myshopify.com',
		timeZone: store.policy.timeZone,
		holidays: '',
		slackChannelDefault: '#order-exceptions',
		slackChannelShippingDelays: '#order-exceptions',
		slackChannelWarehouse: '#order-exceptions',
		slackChannelCustomerCare: '#order-exceptions',
	};
}

/**
 * What a user types into the credentials for this store, with the capture sandbox's URLs as base URL
 * overrides. The only real secret is the Shopify webhook secret the recorded pushes were signed with; the
 * capture answers token exchanges itself, so the API keys are placeholders.
 */
function captureCredentials(sandbox: CaptureSandbox, store: CaptureStore, shopifySecret: string) {
	const base = (v: string) => sandbox.baseUrl(v);
	const url = new URL(store.postgres.url);
	return [
		{
			...IDS.shopify,
			type: 'shopifyAdminPostPurchaseApi',
			data: {
				shopDomain: 'northwind-outfitters.myshopify.com',
				apiVersion: DEFAULT_API_VERSION,
				authMode: 'accessToken',
				accessToken: 'shpat_capture',
				webhookSecret: shopifySecret,
				baseUrl: base('shopify'),
			},
		},
		{
			...IDS.shipstation,
			type: 'shipStationPostPurchaseApi',
			data: {
				apiKey: 'capture',
				apiSecret: 'capture',
				v2ApiKey: '',
				v1BaseUrl: base('shipstation'),
				v2BaseUrl: base('shipstation'),
			},
		},
		{
			...IDS.shipbob,
			type: 'shipBobPostPurchaseApi',
			data: { token: 'capture', environment: 'production', baseUrl: base('shipbob') },
		},
		{
			...IDS.ups,
			type: 'upsPostPurchaseApi',
			data: { clientId: 'capture', clientSecret: 'capture', environment: 'production', baseUrl: base('ups') },
		},
		{
			...IDS.fedex,
			type: 'fedExPostPurchaseApi',
			data: { clientId: 'capture', clientSecret: 'capture', environment: 'production', baseUrl: base('fedex') },
		},
		{
			...IDS.usps,
			type: 'uspsPostPurchaseApi',
			data: { clientId: 'capture', clientSecret: 'capture', environment: 'production', baseUrl: base('usps') },
		},
		{
			...IDS.dhl,
			type: 'dhlPostPurchaseApi',
			data: { apiKey: 'capture', environment: 'production', baseUrl: base('dhl') },
		},
		{ ...IDS.klaviyo, type: 'klaviyoPostPurchaseApi', data: { apiKey: 'pk_capture', baseUrl: base('klaviyo') } },
		{
			...IDS.slack,
			type: 'slackPostPurchaseApi',
			data: { mode: 'botToken', botToken: 'xoxb-capture', signingSecret: 'capture', baseUrl: `${base('slack')}/api` },
		},
		// the warehouse's zone is the store's policy too
		storeProfileCredential(IDS.profile, storeSettings(store), { warehouseTimeZone: store.policy.warehouseTimeZone }),
		{
			...IDS.postgres,
			type: 'postPurchasePostgresApi',
			data: {
				host: url.hostname,
				port: Number(url.port || 5432),
				database: url.pathname.slice(1),
				user: decodeURIComponent(url.username),
				password: decodeURIComponent(url.password),
				ssl: 'disable',
			},
		},
	];
}

const FILES = {
	intake: '01-shopify-webhook-intake',
	processor: '02-event-processor',
	sweep: '03-reconciliation-sweep',
	stuck: '04-stuck-order-sla-alerts',
} as const;
type TemplateKey = keyof typeof FILES;

/**
 * A template as this store's operator would set it up: its Store Profile (shop, zone, the holidays of the
 * store's policy: none), the warehouse's zone on every Order State node (the policy's
 * warehouseTimeZone), ShipStation switched on beside the 3PL, credentials on every node.
 */
function prepare(key: TemplateKey, store: CaptureStore, evaluateAt: string, lookBackMinutes: number): Template {
	const t = loadTemplate(`${FILES[key]}-postgres.json`);
	setStoreSettings(
		t,
		{
			...storeSettings(store),
			evaluateAt,
			lookBackMinutes,
			maxParcels: 500,
			maxOrders: 500,
			postgresSchema: store.postgres.schema,
		},
		{ strict: false },
	);
	for (const node of t.nodes) {
		const creds = credentialsForNode(node.type, {
			...IDS,
			threePl: { type: 'shipBobPostPurchaseApi', ref: IDS.shipbob },
		});
		if (Object.keys(creds).length) node.credentials = creds;
		if (node.type === nodeTypeName('threePlFulfillment'))
			node.parameters = { ...node.parameters, provider: store.threePl };
		if (node.type === nodeTypeName('shipStation')) node.disabled = false;
		if (node.type === nodeTypeName('orderState'))
			node.parameters = { ...node.parameters, warehouseTimeZone: store.policy.warehouseTimeZone };
	}
	return bindStoreProfile(t, IDS.profile);
}

export async function runCaptureThroughTemplates(
	n8n: N8nInstance,
	store: CaptureStore,
	progress: (line: string) => void = () => undefined,
): Promise<CaptureRunReport> {
	const { capture, secrets, scenarios } = mergedCapture(store.scenarios);
	const truthAt = scenarios.flatMap(({ name, scenario }) =>
		scenario.truth.map((truth: ScenarioTruth) => ({
			name,
			orderKey: scenario.orderKey.replace(/^#/, ''),
			truth,
			at: new Date(Date.parse(truth.at)).toISOString(),
		})),
	);
	const instants = [...new Set(truthAt.map((t) => t.at))].sort();
	const shopifySecret = secrets.shopify?.[0];
	if (!shopifySecret)
		throw new Error('the scenarios document no Shopify webhook secret: their pushes cannot be verified');

	// The reference: the same capture through the in-process replay, swept at the same instants.
	const replay = await replayCapture(capture, {
		at: instants[instants.length - 1],
		checkpoints: instants,
		policy: parsePolicy(store.policy),
		config: { secrets },
	});

	const firstMs = capture.exchanges[0].atMs;
	const sandbox = await startCaptureSandbox({ capture, now: new Date(firstMs).toISOString() });
	const report: CaptureRunReport = {
		verdicts: [],
		pushes: [],
		handedOver: [],
		confirmedOpen: [],
		reads: 0,
		replay,
		failedExecutions: [],
	};
	try {
		await n8n.startServer();
		await n8n.importCredentials(captureCredentials(sandbox, store, shopifySecret) as never);
		// The sweep looks back over the whole capture, as a first sweep after installing does.
		const lookBackMinutes = Math.ceil((Date.parse(instants[instants.length - 1]) - firstMs) / 60_000) + 24 * 60;
		const ids: Partial<Record<TemplateKey, string>> = {};
		const triggers: Partial<Record<TemplateKey, string>> = {};
		const importAt = async (key: TemplateKey, evaluateAt: string) => {
			const t = prepare(key, store, evaluateAt, lookBackMinutes);
			// Only the scheduled templates are run by hand (the intake waits for Shopify's webhooks).
			if (['processor', 'sweep', 'stuck'].includes(key)) triggers[key] = manualStart(t);
			const body = {
				name: t.name,
				nodes: t.nodes,
				connections: t.connections,
				settings: t.settings ?? { executionOrder: 'v1' },
			};
			if (ids[key]) await n8n.api('PUT', `/workflows/${ids[key]}`, body);
			else ids[key] = (await n8n.api<{ id: string }>('POST', '/workflows', body)).id;
			return ids[key]!;
		};
		for (const key of Object.keys(FILES) as TemplateKey[]) await importAt(key, instants[0]);
		await n8n.api('POST', `/workflows/${ids.intake}/activate`);
		const deadline = Date.now() + 60_000;
		while (sandbox.subscriptions.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
		const intakeUrl = sandbox.subscriptions[0]?.callbackUrl;
		if (!intakeUrl) {
			const log = readFileSync(join(n8n.logDir, 'main.log'), 'utf8').split('\n').slice(-40).join('\n');
			const asked = sandbox.reads
				.filter((r) => r.vendor === 'shopify')
				.map((r) => `${r.method} ${r.url} -> ${r.status}`);
			throw new Error(
				`activating the intake workflow made no Shopify webhook subscription within 60 s; Shopify reads: ` +
					`${JSON.stringify(asked)}; n8n log:\n${log}`,
			);
		}

		const run = async (key: TemplateKey, label: string) => {
			const result = await n8n.runWorkflow(ids[key]!, triggers[key]!);
			if (result.status !== 'success') {
				report.failedExecutions.push(
					`${label}: ${result.error?.message ?? 'unknown'} (${result.lastNodeExecuted ?? '?'})`,
				);
				throw new Error(
					`${label} failed: ${result.error?.message ?? 'unknown'} (last node ${result.lastNodeExecuted ?? '?'})`,
				);
			}
			return result;
		};
		const drain = async (at: string, why: string) => {
			for (let round = 1; ; round++) {
				const result = await run('processor', `event processor at ${at} (${why})`);
				const claimed = allItems(result, 'Claim events').length;
				// An order the processor could not handle is retried later: say why, so a wrong verdict can be traced.
				for (const failed of allItems<{ event?: { orderKey?: string; lastError?: string }; error?: string }>(
					result,
					'Record failure',
				))
					progress(
						`  ${at} ${why}: order ${String(failed.event?.orderKey ?? '?')} failed: ` +
							`${String(failed.event?.lastError ?? failed.error ?? '?').slice(0, 400)}`,
					);
				// The cases this run opened: Plan Follow-Ups' Open Case output (Save order stored them first).
				for (const opened of allItems(result, 'Plan follow-ups', 0)) {
					if (why === 'confirmations')
						report.confirmedOpen.push({ at, orderKey: String(opened.orderKey ?? ''), type: String(opened.type ?? '') });
				}
				if (claimed === 0) return;
				if (round > 20) throw new Error(`the event processor still claimed events after 20 runs at ${at}`);
			}
		};

		const ledger = await openLedger(
			ledgerConfig({ kind: 'postgres', url: store.postgres.url, schema: store.postgres.schema }),
		);
		try {
			for (const at of instants) {
				sandbox.setNow(Date.parse(at));
				for (const key of ['processor', 'sweep', 'stuck'] as const) await importAt(key, at);
				const delivered = await sandbox.deliverPushes({ shopify: intakeUrl });
				for (const p of delivered.sent) report.pushes.push({ index: p.index, at: p.at, status: p.status });
				if (delivered.failures.length)
					throw new Error(`pushes could not be delivered: ${JSON.stringify(delivered.failures)}`);
				// the intake's trigger answered 200 only once each delivery was in the ledger: nothing to wait for; a 5xx
				// is a delivery it could not store (a 401 is a recorded push whose signature does not verify: refused)
				for (const p of delivered.sent)
					if (p.status >= 500) report.failedExecutions.push(`intake answered ${p.status} to push ${p.index}`);
				await drain(at, 'webhooks');
				await run('sweep', `sweep at ${at}`);
				await drain(at, 'sweep');
				const stuck = await run('stuck', `stuck-order alerts at ${at}`);
				const handed = allItems<{ status: string; orderKey?: string; event?: { orderKey?: string | null } }>(
					stuck,
					'Hand to the processor',
				).filter((h) => h.status === 'new');
				report.handedOver.push({ at, orderKeys: handed.map((h) => String(h.orderKey ?? h.event?.orderKey ?? '')) });
				if (handed.length) await drain(at, 'confirmations');

				const open = await ledger.listExceptions({ state: 'open', now: at, limit: 10_000 });
				const snapshot = replay.snapshots.find((s) => s.at === at);
				for (const t of truthAt.filter((x) => x.at === at)) {
					const record: OrderRecord | null = await ledger.getOrder(t.orderKey);
					const view = snapshot?.orders.find((o) => o.orderKey === t.orderKey);
					report.verdicts.push({
						at,
						orderKey: t.orderKey,
						scenario: t.name,
						truth: { stage: t.truth.stage, problems: [...t.truth.problems].sort() },
						templates: {
							stage: record?.stage ?? null,
							open: [
								...new Set(open.filter((c) => c.orderKey === t.orderKey && SCORED.has(c.type)).map((c) => c.type)),
							].sort(),
							facts: (record?.facts ?? []).map((f) => `${f.slot}@${f.at}`),
						},
						replay: {
							stage: view?.stage ?? null,
							open: [...new Set((view?.open ?? []).map((c) => c.type).filter((x) => SCORED.has(x)))].sort(),
						},
					});
				}
				const last = report.verdicts.filter((v) => v.at === at);
				const verdicts = last.map(({ orderKey, templates: { stage, open } }) =>
					open.length ? `#${orderKey} ${stage} [${open.join(', ')}]` : `#${orderKey} ${stage}`,
				);
				progress(`${at}: ${delivered.sent.length} pushes, ${handed.length} handed over; ${verdicts.join('; ')}`);
			}
		} finally {
			await ledger.close();
		}
		report.reads = sandbox.reads.length;
	} finally {
		await sandbox.close();
	}
	return report;
}
