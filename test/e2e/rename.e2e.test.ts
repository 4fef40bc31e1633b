/**
 * Issue 14, "done means": renaming any node of an imported template and running it still works, in real n8n.
 * The scheduled templates (event processor, reconciliation sweep, stuck-order alerts, weekly report) are imported
 * with EVERY node renamed (renameEveryNode: connections moved as the editor moves them, no parameter touched),
 * credentials bound by node type (the names a test could bind by are gone), and run against the simulated
 * Shopify, ShipBob, Slack and Klaviyo (test/sandbox) on the embedded ledger. Assertions are on effects (the
 * ledger, opened directly, and what the simulated vendors received), never on node names; a node's output is
 * read by finding the node by its type and operation in the renamed template.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { createKlaviyoSim, type KlaviyoSim } from '../sandbox/vendors/klaviyo';
import { ShipBobSim } from '../sandbox/vendors/shipbob';
import { ShopifySim } from '../sandbox/vendors/shopify';
import { createSlackSim, type SlackSim } from '../sandbox/vendors/slack';
import {
	bindStoreProfile,
	loadTemplate,
	setStoreSettings,
	storeProfileCredential,
	withManualTrigger,
} from '../unit/templates/checks';
import type { Template } from '../unit/templates/checks';
import { renameEveryNode } from '../unit/templates/rename';
import {
	codeNode,
	E2E_SETUP_TIMEOUT_MS,
	E2E_TEST_TIMEOUT_MS,
	e2eGate,
	manualWorkflow,
	N8nInstance,
	nodeItems,
	nodeTypeName,
	type ExecutionResult,
} from './harness';
import { allItems } from './scenario';
import { openLedger } from '../../nodes/lib/ledger';
import type { AppendResult, LedgerStore } from '../../nodes/lib/ledger/types';

jest.setTimeout(4 * E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

type Ref = { id: string; name: string };
const PROFILE: Ref = { id: 'rnStoreProfile001', name: 'Store profile (rename e2e)' };
const SHOPIFY: Ref = { id: 'rnShopify00000001', name: 'Shopify sandbox' };
const SLACK: Ref = { id: 'rnSlack0000000001', name: 'Slack sandbox' };
const SHIPBOB: Ref = { id: 'rnShipBob00000001', name: 'ShipBob sandbox' };
const KLAVIYO: Ref = { id: 'rnKlaviyo00000001', name: 'Klaviyo sandbox' };

/** The vendor credential each of our node types takes here (by type: after the rename no name is known). */
const BY_TYPE: Record<string, Record<string, Ref>> = {
	[nodeTypeName('shopifyOrders')]: { shopifyAdminPostPurchaseApi: SHOPIFY },
	[nodeTypeName('threePlFulfillment')]: { shipBobPostPurchaseApi: SHIPBOB },
	[nodeTypeName('exceptionAlerts')]: { slackPostPurchaseApi: SLACK },
	[nodeTypeName('klaviyoPostPurchase')]: { klaviyoPostPurchaseApi: KLAVIYO },
};

/** Store Profile channels the simulated Slack has (as the templates suite sets them): in the profile credential. */
const CHANNELS = { slackChannelCustomerCare: '#order-exceptions', slackReportChannel: '#order-exceptions' };

/**
 * The template set up as a user would (settings, a Manual Trigger for `n8n execute`, the Store Profile), then
 * every node renamed, then vendor credentials bound by node type. No node keeps a name the template had.
 */
function renamedTemplate(file: string, overrides: Record<string, string | number | boolean>): Template {
	const original = loadTemplate(file);
	const t = renameEveryNode(bindStoreProfile(withManualTrigger(setStoreSettings(original, overrides)), PROFILE));
	for (const node of t.nodes) if (BY_TYPE[node.type]) node.credentials = { ...node.credentials, ...BY_TYPE[node.type] };
	const before = new Set(original.nodes.map((n) => n.name));
	const kept = t.nodes.filter((n) => before.has(n.name)).map((n) => n.name);
	if (kept.length) throw new Error(`${file}: nodes kept their names: ${kept.join(', ')}`);
	return t;
}

/** The (renamed) names of a template's nodes of one of our types, optionally with one operation. */
function namesOf(t: Template, type: string, operation?: string): string[] {
	return t.nodes
		.filter((n) => n.type === nodeTypeName(type) && (operation === undefined || n.parameters?.operation === operation))
		.map((n) => n.name);
}

function nameOf(t: Template, type: string, operation?: string): string {
	const names = namesOf(t, type, operation);
	if (names.length !== 1) throw new Error(`${t.name}: expected one ${type} ${operation ?? ''}, found ${names.length}`);
	return names[0];
}

/** Nodes whose run ended in an error (an item routed to an error output is not one: see the fail node). */
const failedNodes = (run: ExecutionResult) =>
	Object.entries(run.runData)
		.filter(([, tasks]) => tasks.some((task) => task.error))
		.map(([name, tasks]) => `${name}: ${tasks.find((task) => task.error)!.error!.message}`);

(gate.run ? describe : describe.skip)('templates with every node renamed, in real n8n against the sandbox', () => {
	let n8n: N8nInstance;
	let sandbox: RunningSandbox;
	let slack: SlackSim;
	let klaviyo: KlaviyoSim;
	const shopify = new ShopifySim({ seed: 4, orders: 25 });
	const shipbob = new ShipBobSim({ orders: 12 });
	const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-e2e-rename-ledger-'));
	const settings = { ledgerDataDirectory: dataDirectory };
	const timings: string[] = [];

	/** The embedded ledger read directly, between executions (PGlite is one process at a time). */
	const withLedger = async <T>(read: (ledger: LedgerStore) => Promise<T>): Promise<T> => {
		const ledger = await openLedger({ backend: 'embedded', dataDir: dataDirectory });
		try {
			return await read(ledger);
		} finally {
			await ledger.close();
		}
	};
	const topLevel = () => slack.messages.filter((m) => m.threadTs === null);

	/** Imports and runs a workflow, noting how long the run took (figures for the report, never asserted). */
	const importAndRun = async (label: string, t: Template) => {
		const id = await n8n.importWorkflow(t);
		return await run(label, id);
	};
	const run = async (label: string, id: string) => {
		const started = Date.now();
		const result = await n8n.executeWorkflow(id);
		timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)}s`);
		return result;
	};

	beforeAll(async () => {
		slack = createSlackSim();
		klaviyo = createKlaviyoSim();
		sandbox = await startSandbox([shopify, slack, klaviyo, shipbob]);
		n8n = await N8nInstance.create({ install: gate.install });
		// Imports and runs then go through the server: about a second each instead of an n8n process start.
		await n8n.startServer();
		await n8n.importCredentials([
			{
				...SHOPIFY,
				type: 'shopifyAdminPostPurchaseApi',
				data: {
					shopDomain: shopify.shopDomain,
					apiVersion: '2026-10',
					authMode: 'accessToken',
					accessToken: 'shpat_sandbox_token',
					webhookSecret: 'secret',
					baseUrl: sandbox.baseUrl('shopify'),
				},
			},
			{
				...SLACK,
				type: 'slackPostPurchaseApi',
				data: {
					mode: 'botToken',
					botToken: 'xoxb-sandbox-token',
					signingSecret: 's',
					baseUrl: `${sandbox.baseUrl('slack')}/api`,
				},
			},
			{
				...SHIPBOB,
				type: 'shipBobPostPurchaseApi',
				data: { token: 'sb-pat-test', environment: 'production', baseUrl: sandbox.baseUrl('shipbob') },
			},
			{
				...KLAVIYO,
				type: 'klaviyoPostPurchaseApi',
				data: { apiKey: 'pk_test', baseUrl: sandbox.baseUrl('klaviyo') },
			},
			storeProfileCredential(PROFILE, { ...CHANNELS, shopDomain: shopify.shopDomain }),
		]);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		console.log(`run times: ${timings.join('; ')}`);
		await n8n?.stop();
		await sandbox?.close();
		rmSync(dataDirectory, { recursive: true, force: true });
	});

	it(
		'Event processor, renamed: succeeds, nothing reaches its fail node, every seeded event is acked, the orders ' +
			'are stored, Slack gets the cases the plan opened and Klaviyo the planned updates',
		async () => {
			const shipped = Array.from({ length: shopify.orderCount }, (_, i) => shopify.orderAt(i)).find(
				(o) => o.displayFulfillmentStatus === 'FULFILLED' && o.fulfillments.length > 0,
			)!;
			const seededOrders = ['1003', String(shipped.name).replace('#', '')];
			const seededKeys = seededOrders.map((orderKey) => `shopify:evt-${orderKey}`);
			const seed = await n8n.importWorkflow(
				manualWorkflow({
					name: 'e2e: seed Shopify deliveries',
					nodes: [
						codeNode(
							'Delivery',
							seededOrders.map((orderKey, i) => ({
								key: seededKeys[i],
								source: 'shopify',
								kind: i === 0 ? 'orders/updated' : 'fulfillments/create',
								orderKey,
								observations: [],
							})),
						),
						{
							name: 'Append',
							type: nodeTypeName('orderLedger'),
							typeVersion: 1,
							parameters: { backend: 'embedded', dataDirectory, operation: 'appendEvent' },
						},
					],
				}),
			);
			expect(nodeItems(await run('seed', seed), 'Append').map((i) => i.json.status)).toEqual(['new', 'new']);

			const template = renamedTemplate('02-event-processor.json', { ...settings, shopDomain: shopify.shopDomain });
			const result = await importAndRun('processor', template);
			expect(result.error).toBeUndefined();
			expect(result.status).toBe('success');
			expect(failedNodes(result)).toEqual([]);
			// every error output of the processor leads to its Fail node: nothing arrived there
			const failNode = nameOf(template, 'orderLedger', 'fail');
			expect(allItems(result, failNode)).toEqual([]);

			const plan = nameOf(template, 'orderState', 'planFollowUps');
			const toOpen = allItems<{ action: string; id: string }>(result, plan, 0);
			const toNotify = allItems<{ action: string }>(result, plan, 2);
			expect(toOpen.every((p) => p.action === 'open')).toBe(true);
			expect(toNotify.every((p) => p.action === 'notify')).toBe(true);
			expect(toOpen.length + toNotify.length).toBeGreaterThan(0);

			const now = new Date().toISOString();
			const ledger = await withLedger(async (l) => ({
				events: await l.listEvents({ source: 'shopify' }),
				orders: await l.listOrders({ now }),
				cases: await l.listExceptions({ state: 'all', now }),
			}));
			expect(ledger.events.map((e) => [e.key, e.status]).sort()).toEqual(seededKeys.map((k) => [k, 'done']).sort());
			expect(ledger.orders.map((o) => o.orderKey).sort()).toEqual([...seededOrders].sort());
			// Slack: one top-level message per case the plan opened, and the ledger remembers each message
			const opened = toOpen.map((p) => p.id).sort();
			expect(ledger.cases.map((c) => c.id).sort()).toEqual(opened);
			expect(topLevel()).toHaveLength(opened.length);
			const messages = new Set(topLevel().map((m) => `${m.channel}/${m.ts}`));
			expect(ledger.cases.filter((c) => !c.slack || !messages.has(`${c.slack.channel}/${c.slack.ts}`))).toEqual([]);
			// Klaviyo: each planned customer update sent once
			expect(klaviyo.accepted).toHaveLength(toNotify.length);
			console.log(
				`processor (renamed): orders ${ledger.orders.map((o) => `${o.orderKey} ${o.stage}`).join(', ')}; ` +
					`cases posted ${opened.length}; Klaviyo ${toNotify.length}`,
			);
		},
	);

	it(
		'Reconciliation sweep, renamed: stores a snapshot of every changed Shopify and ShipBob order; a second run ' +
			'stores only duplicates',
		async () => {
			const template = renamedTemplate('03-reconciliation-sweep.json', {
				...settings,
				lookBackMinutes: 5 * 365 * 24 * 60,
			});
			// the store nodes (Append Event from a snapshot), each with the source it stores, found by type
			const stores = template.nodes
				.filter((n) => n.type === nodeTypeName('orderLedger') && n.parameters?.operation === 'appendEvent')
				.map((n) => ({ name: n.name, source: String(n.parameters?.snapshotSource) }));
			expect(stores.length).toBeGreaterThan(0);
			// An item with nothing to store says why and appends nothing: expected only from the carriers (no carrier
			// credential here, so Track Parcels passes its error on) and ShipStation (its list nodes ship disabled, and
			// a disabled node passes the sweep window's item through to the store node).
			type Outcome = { status: string; event?: AppendResult['event']; reason?: string; source: string };
			const outcomes = (r: ExecutionResult) =>
				stores.flatMap(({ name, source }) => allItems<Omit<Outcome, 'source'>>(r, name).map((o) => ({ ...o, source })));
			const stored = (r: ExecutionResult) =>
				outcomes(r).filter((o): o is Outcome & AppendResult => o.status !== 'nothing_to_store');
			const nothing = (r: ExecutionResult) => outcomes(r).filter((o) => o.status === 'nothing_to_store');
			const eventCount = () => withLedger(async (l) => (await l.listEvents({ limit: 100_000 })).length);

			const id = await n8n.importWorkflow(template);
			const before = await eventCount();
			const first = await run('sweep 1', id);
			expect(first.error).toBeUndefined();
			expect(failedNodes(first)).toEqual([]);
			const firstStored = stored(first);
			expect(nothing(first).filter((o) => !['carrier', 'shipstation'].includes(o.source) || !o.reason)).toEqual([]);
			console.log(
				`sweep (renamed): stored ${firstStored.length}; nothing to store: ` +
					nothing(first)
						.map((o) => `${o.source}: ${o.reason}`)
						.join('; '),
			);
			expect(firstStored.filter((s) => s.event.source === 'shopify')).toHaveLength(shopify.orderCount);
			expect(firstStored.filter((s) => s.event.source === '3pl').length).toBeGreaterThan(0);
			expect(firstStored.every((s) => s.status === 'new')).toBe(true);
			const afterFirst = await eventCount();
			expect(afterFirst - before).toBe(firstStored.length);

			const second = await run('sweep 2', id);
			expect(second.error).toBeUndefined();
			const again = stored(second);
			expect(again.map((s) => s.event.key).sort()).toEqual(firstStored.map((s) => s.event.key).sort());
			expect(again.every((s) => s.status === 'duplicate')).toBe(true);
			expect(await eventCount()).toBe(afterFirst);
		},
	);

	it(
		'Stuck-order alerts, renamed: succeed and post each case to Slack once ' + '(a case already posted is updated)',
		async () => {
			const template = renamedTemplate('04-stuck-order-sla-alerts.json', settings);
			const post = nameOf(template, 'exceptionAlerts', 'postException');
			const before = topLevel().length;
			const result = await importAndRun('stuck alerts', template);
			expect(result.error).toBeUndefined();
			expect(failedNodes(result)).toEqual([]);
			const results = allItems<{ caseId: string; action: string }>(result, post);
			expect(results.length).toBeGreaterThan(0);
			expect(results.every((r) => r.action === 'posted' || r.action === 'updated')).toBe(true);
			expect(topLevel()).toHaveLength(before + results.filter((r) => r.action === 'posted').length);
			expect(new Set(results.map((r) => r.caseId)).size).toBe(results.length);
			// every case the ledger holds has its Slack message
			const cases = await withLedger((l) => l.listExceptions({ state: 'all', now: new Date().toISOString() }));
			const messages = new Set(topLevel().map((m) => `${m.channel}/${m.ts}`));
			expect(cases.filter((c) => !c.slack || !messages.has(`${c.slack.channel}/${c.slack.ts}`))).toEqual([]);
		},
	);

	it('Weekly exception report, renamed: succeeds and posts one report with its chart', async () => {
		const template = renamedTemplate('05-weekly-exception-report.json', settings);
		const before = slack.messages.length;
		const result = await importAndRun('weekly report', template);
		expect(result.error).toBeUndefined();
		expect(failedNodes(result)).toEqual([]);
		const added = slack.messages.slice(before).filter((m) => m.threadTs === null && m.channel === 'C0EXCEPTIONS');
		const reports = added.filter((m) => m.files.length === 0);
		expect(reports).toHaveLength(1);
		expect(JSON.stringify(reports[0].blocks)).toContain('Exception report · Acme Outdoor');
		expect(added.filter((m) => m.files.length > 0)).toHaveLength(1);
	});
});
