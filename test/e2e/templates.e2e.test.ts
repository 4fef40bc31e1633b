/**
 * The template workflows (workflows/*.json) in a real n8n with the packed package installed:
 *  1. `n8n import:workflow` accepts all of them, the server lists each with all its nodes, and every
 *     node type at its type version is one the running n8n registered (no "unknown node" on the canvas);
 *  2. the templates that run without vendor credentials are executed on the embedded ledger:
 *     - Event processor: two stored events that cannot be processed (one names no order, one needs a
 *       Shopify credential that is not bound) each end in "Record failure" (retry scheduled), and the
 *       loop finishes;
 *     - Stuck-order alerts on an empty ledger: lists no open orders and stops without error;
 *     - Dead-letter review: an event that died shows in the order's timeline with its error, and the
 *       replay form (activated on the server, submitted over HTTP like a person would) puts it back;
 *  3. against the simulated Shopify, ShipBob, Slack and Klaviyo (test/sandbox), with credentials bound
 *     after import: the intake (activation, signature, dedupe), the processor (see below), the sweep,
 *     the stuck-order alerts, the weekly report and the Slack case buttons.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { createKlaviyoSim, type KlaviyoSim } from '../sandbox/vendors/klaviyo';
import { ShipBobSim } from '../sandbox/vendors/shipbob';
import { ShopifySim } from '../sandbox/vendors/shopify';
import { createSlackSim, type SlackSim } from '../sandbox/vendors/slack';
import { blockActionsPayload, formBody, signedHeaders } from '../unit/slack/interactionFixture';
import {
	bindStoreProfile,
	loadTemplate,
	setStoreSettings,
	storeProfileCredential,
	templateFiles,
	withManualTrigger,
} from '../unit/templates/checks';
import type { Template } from '../unit/templates/checks';
import {
	codeNode,
	deadEventWorkflow,
	E2E_SETUP_TIMEOUT_MS,
	E2E_TEST_TIMEOUT_MS,
	e2eGate,
	manualWorkflow,
	N8nInstance,
	nodeItems,
	nodeTypeName,
} from './harness';
import {
	allItems,
	describePasses,
	heldTypes,
	orderStatePasses,
	passesByOrder,
	storedSnapshots,
	type SnapshotOutcome,
} from './scenario';
import type { UpsertResult } from '../../nodes/lib/ledger/types';

/**
 * The intake's ledger key as the template stores it: the topic and the SHA-256 of the body Shopify signed, computed
 * here on its own (issue 15: the event id header is not signed, so it cannot be the key).
 */
const signedBodyKey = (body: string | Buffer, topic = 'orders/updated') =>
	`shopify:${topic}:${createHash('sha256').update(body).digest('hex')}`;

jest.setTimeout(4 * E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

/** The Store Profile every template here uses (issue 14), imported as a credential by each suite. */
const PROFILE = { id: 'tplStoreProfile01', name: 'Store profile (e2e)' };

/** The template with the embedded ledger at `dataDirectory` (and other overrides), the Store Profile bound. */
const withSettings = (file: string, overrides: Record<string, string | number | boolean>): Template =>
	bindStoreProfile(withManualTrigger(setStoreSettings(loadTemplate(file), overrides)), PROFILE);

const profileCredential = (overrides: Record<string, string | number | boolean> = {}) =>
	storeProfileCredential(PROFILE, overrides);

(gate.run ? describe : describe.skip)('template workflows in real n8n', () => {
	let n8n: N8nInstance;
	const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-e2e-templates-ledger-'));
	const ledger = (name: string, parameters: Record<string, unknown>) => ({
		name,
		type: nodeTypeName('orderLedger'),
		typeVersion: 1,
		parameters: { backend: 'embedded', dataDirectory, ...parameters },
	});

	beforeAll(async () => {
		n8n = await N8nInstance.create({ install: gate.install });
		// Imports and runs then go through the server: about a second each instead of an n8n process start.
		await n8n.startServer();
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		rmSync(dataDirectory, { recursive: true, force: true });
	});

	it(
		'imports every template; the server lists each with all its nodes, ' + 'of types and versions n8n registered',
		async () => {
			const files = templateFiles();
			const templates = files.map((file) => loadTemplate(file));
			const ids = await n8n.importWorkflows(templates);
			const server = await n8n.startServer();

			const res = await fetch(`${server.baseUrl}/types/nodes.json`, { headers: { cookie: server.cookie } });
			const registered = new Set(
				((await res.json()) as Array<{ name: string; version: number | number[] }>).flatMap((t) =>
					(Array.isArray(t.version) ? t.version : [t.version]).map((v) => `${t.name}@${v}`),
				),
			);
			for (const [i, id] of ids.entries()) {
				const stored = await n8n.api<{
					name: string;
					nodes: Array<{ name: string; type: string; typeVersion: number }>;
				}>('GET', `/workflows/${id}`);
				expect([files[i], stored.name]).toEqual([files[i], templates[i].name]);
				expect(stored.nodes.map((n) => n.name).sort()).toEqual(templates[i].nodes.map((n) => n.name).sort());
				const unknown = stored.nodes
					.filter((n) => !registered.has(`${n.type}@${n.typeVersion}`))
					.map((n) => `${n.name} (${n.type}@${n.typeVersion})`);
				expect([files[i], unknown]).toEqual([files[i], []]);
			}
		},
	);

	it(
		'Event processor: events it cannot process are recorded as failures ' + '(retry later) and the loop finishes',
		async () => {
			const seed = await n8n.importWorkflow(
				manualWorkflow({
					name: 'e2e: seed two events',
					nodes: [
						codeNode('Deliveries', [
							{
								key: 'shopify:bad-1',
								source: 'shopify',
								kind: 'orders/create',
								orderKey: '',
								normaliseError: 'payload.name is missing',
							},
							{ key: 'shopify:evt-2001', source: 'shopify', kind: 'orders/create', orderKey: '2001', observations: [] },
						]),
						ledger('Append', { operation: 'appendEvent' }),
					],
				}),
			);
			const seeded = await n8n.executeWorkflow(seed);
			expect(nodeItems(seeded, 'Append').map((i) => i.json.status)).toEqual(['new', 'new']);

			await n8n.importCredentials([profileCredential()]);
			const id = await n8n.importWorkflow(
				withSettings('02-event-processor.json', { ledgerDataDirectory: dataDirectory }),
			);
			const run = await n8n.executeWorkflow(id);
			// One work item per order, each with its claimed events.
			expect(
				allItems<{ events: Array<{ key: string }> }>(run, 'Claim events').map((i) => i.events.map((e) => e.key)),
			).toEqual([['shopify:bad-1'], ['shopify:evt-2001']]);
			// event 1: no order number -> Order State fails it by its own reason (error output) -> Record failure;
			// event 2: Shopify has no credential bound -> Shopify order's error output -> Record failure
			expect(allItems(run, 'Record failure').map((f) => f.outcome)).toEqual(['retry_scheduled', 'retry_scheduled']);
			expect(JSON.stringify(allItems(run, 'Order State', 2))).toContain('names no order: payload.name is missing');
			expect(JSON.stringify(run.runData['Shopify order'])).toContain('credentials');
			expect(allItems(run, 'Order State', 0)).toEqual([]);
			expect(run.status).toBe('success');
		},
	);

	it('Stuck-order alerts on a ledger with no open orders stop quietly after listing none', async () => {
		const empty = mkdtempSync(join(tmpdir(), 'pp-e2e-templates-empty-'));
		try {
			const id = await n8n.importWorkflow(
				withSettings('04-stuck-order-sla-alerts.json', { ledgerDataDirectory: empty }),
			);
			const run = await n8n.executeWorkflow(id);
			expect(run.status).toBe('success');
			expect(nodeItems(run, 'Open orders')).toEqual([]);
			expect(run.runData['Post to Slack']).toBeUndefined();
		} finally {
			rmSync(empty, { recursive: true, force: true });
		}
	});

	it(
		'Dead-letter review shows a dead event with its error, ' + 'and the replay form puts it back in the queue',
		async () => {
			// an event that failed its only attempt is dead
			const kill = await n8n.importWorkflow(
				deadEventWorkflow(ledger, 'shopify:evt-3001', '3001', 'Shopify answered 401: credential expired'),
			);
			const killed = await n8n.executeWorkflow(kill);
			expect(nodeItems(killed, 'Fail')[0].json.outcome).toBe('dead');
			const deadId = String(nodeItems(killed, 'Only 3001')[0].json.id);

			const reviewId = await n8n.importWorkflow(
				withSettings('06-dead-letter-review.json', { ledgerDataDirectory: dataDirectory, reviewOrderNumber: '3001' }),
			);
			const review = await n8n.executeWorkflow(reviewId);
			expect(review.status).toBe('success');
			const timeline = JSON.stringify(nodeItems(review, 'Order timeline with failures'));
			expect(timeline).toContain('credential expired');
			// and the dead event itself, listed with why it failed (List Events, no SQL needed)
			expect(nodeItems(review, 'Dead events').map((i) => [i.json.id, i.json.status, i.json.lastError])).toEqual([
				[deadId, 'dead', 'Shopify answered 401: credential expired'],
			]);

			// one click: the form, served by the running n8n, submitted as a browser would
			const form = withSettings('06-dead-letter-review.json', { ledgerDataDirectory: dataDirectory });
			const webhookId = form.nodes.find((n) => n.name === 'Replay form')!.webhookId!;
			const server = await n8n.startServer();
			// the public API takes only these fields of a workflow
			const formWorkflowId = await n8n.activateWorkflow({
				name: form.name,
				nodes: form.nodes,
				connections: form.connections,
				settings: { executionOrder: 'v1' },
			});
			// activation registers the form asynchronously: the first requests may get 404
			let page = await fetch(`${server.baseUrl}/form/${webhookId}`);
			for (let tries = 0; page.status === 404 && tries < 60; tries++) {
				await new Promise((r) => setTimeout(r, 500));
				page = await fetch(`${server.baseUrl}/form/${webhookId}`);
			}
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('Replay dead events');
			const body = new FormData();
			body.append('field-0', 'These event IDs');
			body.append('field-1', deadId);
			body.append('field-2', 'Maya from ops');
			const submitted = await fetch(`${server.baseUrl}/form/${webhookId}`, { method: 'POST', body });
			expect(submitted.status).toBe(200);
			const execution = await n8n.waitForExecution(formWorkflowId);
			expect(execution.status).toBe('success');
			// Replay's own output: each event with its outcome and the event as it now stands.
			expect(nodeItems(execution, 'Replay chosen events').map((i) => i.json)).toEqual([
				expect.objectContaining({
					id: deadId,
					outcome: 'replayed',
					event: expect.objectContaining({
						orderKey: '3001',
						lastError: 'Shopify answered 401: credential expired',
					}),
				}),
			]);
		},
	);
});

/**
 * The Event processor template end to end against the simulated Shopify, Slack and Klaviyo, with
 * credentials bound the way a user binds them after import (by editing the nodes): stored Shopify
 * deliveries are claimed, the order fetched from Shopify and the 3PL (ShipBob), reconciled, saved,
 * every case it opened posted to Slack exactly once, each customer update sent to Klaviyo once, and
 * the events acknowledged; the next run handles the notifications the processor recorded and sends
 * nothing twice.
 */
(gate.run ? describe : describe.skip)('Event processor template against the simulated vendors', () => {
	let n8n: N8nInstance;
	let sandbox: RunningSandbox;
	let slack: SlackSim;
	let klaviyo: KlaviyoSim;
	/** Cases the processor posted to Slack (the Slack case buttons test presses them). */
	let postedCases: string[] = [];
	const shopify = new ShopifySim({ seed: 4, orders: 25 });
	const shipbob = new ShipBobSim({ orders: 12 });
	const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-e2e-templates-happy-'));
	const CREDENTIALS: Record<string, Record<string, { id: string; name: string }>> = {
		'Shopify order': { shopifyAdminPostPurchaseApi: { id: 'tplShopify0000001', name: 'Shopify sandbox' } },
		'Post case to Slack': { slackPostPurchaseApi: { id: 'tplSlack000000001', name: 'Slack sandbox' } },
		'Update Slack message': { slackPostPurchaseApi: { id: 'tplSlack000000001', name: 'Slack sandbox' } },
		'Warehouse status (3PL)': { shipBobPostPurchaseApi: { id: 'tplShipBob0000001', name: 'ShipBob sandbox' } },
		'Tell the customer (Klaviyo)': { klaviyoPostPurchaseApi: { id: 'tplKlaviyo0000001', name: 'Klaviyo sandbox' } },
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
				id: 'tplShopify0000001',
				name: 'Shopify sandbox',
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
				id: 'tplSlack000000001',
				name: 'Slack sandbox',
				type: 'slackPostPurchaseApi',
				data: {
					mode: 'botToken',
					botToken: 'xoxb-sandbox-token',
					signingSecret: 's',
					baseUrl: `${sandbox.baseUrl('slack')}/api`,
				},
			},
			{
				id: 'tplShipBob0000001',
				name: 'ShipBob sandbox',
				type: 'shipBobPostPurchaseApi',
				data: { token: 'sb-pat-test', environment: 'production', baseUrl: sandbox.baseUrl('shipbob') },
			},
			{
				id: 'tplKlaviyo0000001',
				name: 'Klaviyo sandbox',
				type: 'klaviyoPostPurchaseApi',
				data: { apiKey: 'pk_test', baseUrl: sandbox.baseUrl('klaviyo') },
			},
			profileCredential({
				slackChannelCustomerCare: '#order-exceptions',
				slackReportChannel: '#order-exceptions',
				shopDomain: shopify.shopDomain,
			}),
		]);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
		rmSync(dataDirectory, { recursive: true, force: true });
	});

	it(
		'claims stored Shopify deliveries, saves each reconciled order, posts each new case to Slack and each customer ' +
			'update to Klaviyo once, and acks',
		async () => {
			// #1003, and the first order the simulated store has shipped (a customer email is due for it)
			const shipped = Array.from({ length: shopify.orderCount }, (_, i) => shopify.orderAt(i)).find(
				(o) => o.displayFulfillmentStatus === 'FULFILLED' && o.fulfillments.length > 0,
			)!;
			const shippedKey = String(shipped.name).replace('#', '');
			const seed = await n8n.importWorkflow(
				manualWorkflow({
					name: 'e2e: seed two Shopify deliveries',
					nodes: [
						codeNode('Delivery', [
							{
								key: 'shopify:evt-1003',
								source: 'shopify',
								kind: 'orders/updated',
								orderKey: '1003',
								observations: [],
							},
							{
								key: `shopify:evt-${shippedKey}`,
								source: 'shopify',
								kind: 'fulfillments/create',
								orderKey: shippedKey,
								observations: [],
							},
						]),
						{
							name: 'Append',
							type: nodeTypeName('orderLedger'),
							typeVersion: 1,
							parameters: { backend: 'embedded', dataDirectory, operation: 'appendEvent' },
						},
					],
				}),
			);
			expect(nodeItems(await n8n.executeWorkflow(seed), 'Append').map((i) => i.json.status)).toEqual(['new', 'new']);

			const template = withSettings('02-event-processor.json', {
				ledgerDataDirectory: dataDirectory,
				slackChannelCustomerCare: '#order-exceptions',
				shopDomain: shopify.shopDomain,
			});
			for (const node of template.nodes)
				if (CREDENTIALS[node.name]) node.credentials = { ...node.credentials, ...CREDENTIALS[node.name] };
			const id = await n8n.importWorkflow(template);
			const run = await n8n.executeWorkflow(id);
			expect(run.error).toBeUndefined();
			expect(run.runData['Record failure']).toBeUndefined();
			// the batch's orders pass the Shopify read once, each with Shopify's order among its facts
			type WorkItem = { orderKey: string; observations: Array<{ source: string; kind: string }> };
			const readShopify = allItems<WorkItem>(run, 'Shopify order');
			expect(readShopify.map((i) => i.orderKey)).toEqual(['1003', shippedKey]);
			for (const item of readShopify)
				expect([item.orderKey, item.observations.some((o) => o.source === 'shopify' && o.kind === 'order')]).toEqual([
					item.orderKey,
					true,
				]);
			// the warehouse was asked; an order it does not know yet is a fact for Order State, not a failure
			expect(allItems<WorkItem>(run, 'Warehouse status (3PL)').map((i) => i.orderKey)).toEqual(
				expect.arrayContaining(['1003', shippedKey]),
			);
			// Order State decides once per order, and once more for an order whose first pass held a stalled-parcel
			// or not-sent case back (toConfirm): that order leaves by Read Again First, the warehouse and carriers
			// are asked again live, then Order State decides again (no crying wolf).
			const passes = orderStatePasses(run);
			const passesOf = passesByOrder(passes);
			expect([...passesOf.keys()].sort()).toEqual(['1003', shippedKey].sort());
			for (const [key, ps] of passesOf) {
				const held = heldTypes(ps[0]);
				expect([key, ps.length]).toEqual([key, held.length > 0 ? 2 : 1]);
				// a held case is not opened by the first pass; the second either opens it (the re-read still shows
				// it) or holds it again (the vendor did not answer), never both, and never drops it silently
				expect(ps[0].opened.filter((c) => held.includes(c.type))).toEqual([]);
				const last = ps[ps.length - 1];
				const openedNow = last.opened.map((c) => c.type);
				for (const type of held)
					expect([key, type, openedNow.includes(type) !== heldTypes(last).includes(type)]).toEqual([key, type, true]);
			}
			// the re-read ran for exactly the orders with a held case, once each, asking only what the hold named
			const rereads = allItems<{ orderKey: string; reads: { rereading: boolean } }>(run, 'Order State', 1);
			expect(rereads.map((g) => g.orderKey).sort()).toEqual(
				[...passesOf]
					.filter(([, ps]) => ps.length === 2)
					.map(([key]) => key)
					.sort(),
			);
			expect(rereads.every((g) => g.reads.rereading === true)).toBe(true);
			// what counts for saving, Slack and Klaviyo is each order's last decision
			const reconciled = [...passesOf.values()].map((ps) => ps[ps.length - 1]);
			console.log(`Order State passes: ${describePasses(passesOf)}`);
			const saved = allItems<UpsertResult>(run, 'Save order');
			const stageOf = new Map(reconciled.map((r) => [r.record.orderKey, r.record.stage]));
			expect(saved.map((s) => [s.status, s.record.stage])).toEqual(
				saved.map((s) => ['created', stageOf.get(s.record.orderKey)]),
			);
			expect(saved).toHaveLength(reconciled.length);
			expect(allItems(run, 'Mark event done').map((i) => i.outcome)).toEqual(['acked', 'acked']);

			// Slack: every opened case posted once
			const opened = reconciled.flatMap((r) => r.opened.map((c: { id: string }) => c.id)).sort();
			const posted = allItems<{ caseId: string; action: string }>(run, 'Post case to Slack');
			expect(posted.map((p) => p.caseId).sort()).toEqual(opened);
			expect(posted.every((p) => p.action === 'posted')).toBe(true);
			expect(slack.messages.filter((m) => m.threadTs === null)).toHaveLength(opened.length);
			postedCases = posted.map((p) => p.caseId);

			// Klaviyo: what the plan said to send, sent once each, and remembered in the ledger
			const planned = allItems<{ action: string; event: string; record: { orderKey: string } }>(
				run,
				'Plan follow-ups',
				2,
			);
			expect(planned.every((p) => p.action === 'notify')).toBe(true);
			expect(planned.length).toBeGreaterThan(0);
			const sent = allItems(run, 'Tell the customer (Klaviyo)');
			expect(sent.map((e) => [e.orderKey, e.event])).toEqual(planned.map((p) => [p.record.orderKey, p.event]));
			expect(klaviyo.accepted).toHaveLength(planned.length);
			expect(allItems(run, 'Remember what we sent').map((i) => i.status)).toEqual(planned.map(() => 'new'));
			console.log(
				`stages: ${reconciled.map((r) => `${r.record.orderKey} ${r.record.stage}`).join(', ')}; cases: ` +
					`${opened.length}; Klaviyo: ${sent.map((e) => `${e.orderKey} ${e.event}`).join(', ')}`,
			);

			// the next run handles what the processor itself stored (the Klaviyo notifications) and sends nothing twice
			const again = await n8n.executeWorkflow(id);
			expect(again.error).toBeUndefined();
			expect(
				allItems<{ events: Array<{ source: string }> }>(again, 'Claim events').flatMap((o) =>
					o.events.map((e) => e.source),
				),
			).toEqual(planned.map(() => 'klaviyo'));
			expect(allItems(again, 'Mark event done').map((i) => i.outcome)).toEqual(planned.map(() => 'acked'));
			expect(klaviyo.accepted).toHaveLength(planned.length);
			expect(slack.messages.filter((m) => m.threadTs === null)).toHaveLength(opened.length);
		},
	);
	it(
		'Shopify webhook intake: activation subscribes the topics; a signed delivery is stored once, a repeat is a ' +
			'duplicate, a forged one gets 401',
		async () => {
			await n8n.startServer();
			const template = withSettings('01-shopify-webhook-intake.json', { ledgerDataDirectory: dataDirectory });
			const trigger = template.nodes.find((n) => n.name === 'Shopify webhook')!;
			trigger.credentials = { shopifyAdminPostPurchaseApi: { id: 'tplShopify0000001', name: 'Shopify sandbox' } };
			const topics = trigger.parameters!.topics as string[];
			const workflowId = await n8n.activateWorkflow({
				name: template.name,
				nodes: template.nodes,
				connections: template.connections,
				settings: { executionOrder: 'v1' },
			});
			// n8n registers production webhooks asynchronously after activation returns
			const deadline = Date.now() + 60_000;
			while (shopify.webhookSubscriptions.length < topics.length && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 250));
			expect(shopify.webhookSubscriptions.map((sub) => String(sub.topic)).sort()).toEqual(
				topics.map((t) => t.toUpperCase().replace(/\//g, '_')).sort(),
			);
			const path = new URL(shopify.webhookSubscriptions[0].endpoint.callbackUrl).pathname.replace(/^\/webhook\//, '');
			const order = [...shopify.allOrders()].find((o) => o.fulfillments.length)!;

			const forged = shopify.webhookDelivery('orders/updated', shopify.restOrderPayload(order), 'wrong-secret');
			expect((await n8n.callWebhook(path, forged.body, { headers: forged.headers })).status).toBe(401);

			// The trigger stores the delivery itself and answers once it is stored: the answer says new, then duplicate
			// (the same body re-sent with a new event id), and no execution is kept for either.
			const outcomes: unknown[] = [];
			let key = '';
			for (let i = 0; i < 2; i++) {
				const delivery = shopify.webhookDelivery('orders/updated', shopify.restOrderPayload(order), 'secret', {
					eventId: `e2e-intake-${i}`,
				});
				key = signedBodyKey(delivery.body);
				const answer = await n8n.callWebhook(path, Buffer.from(delivery.body), { headers: delivery.headers });
				expect(answer.status).toBe(200);
				outcomes.push(answer.json());
			}
			expect(outcomes).toEqual([
				{ received: true, status: 'new' },
				{ received: true, status: 'duplicate' },
			]);
			// what the ledger holds, read by an Order Ledger node in the same n8n (the embedded file is n8n's)
			const list = await n8n.importWorkflow(
				manualWorkflow({
					name: 'e2e: the intake stored',
					nodes: [
						{
							name: 'Stored events',
							type: nodeTypeName('orderLedger'),
							typeVersion: 1,
							parameters: {
								backend: 'embedded',
								dataDirectory,
								operation: 'listEvents',
								eventStatuses: ['pending'],
								eventOrderKey: String(order.name).replace('#', ''),
								includePayload: true,
							},
						},
					],
				}),
			);
			const stored = nodeItems(await n8n.executeWorkflow(list), 'Stored events').map(
				(i) => i.json as { key: string; topic: string; payload: { observations: unknown[] } },
			);
			expect(stored.filter((e) => e.key === key)).toHaveLength(1);
			const [event] = stored.filter((e) => e.key === key);
			expect(event.topic).toBe('orders/updated');
			expect(event.payload.observations.length).toBeGreaterThan(0);
			const executions = await n8n.api<{ data: unknown[] }>('GET', `/executions?workflowId=${workflowId}`);
			expect(executions.data).toHaveLength(0);
		},
	);
	it(
		'Reconciliation sweep: stores a snapshot of every changed Shopify and ShipBob order; a second, overlapping ' +
			'sweep stores nothing new',
		async () => {
			const template = withSettings('03-reconciliation-sweep.json', {
				ledgerDataDirectory: dataDirectory,
				lookBackMinutes: 5 * 365 * 24 * 60,
			});
			for (const node of template.nodes) {
				if (node.name === 'Shopify: changed orders')
					node.credentials = { shopifyAdminPostPurchaseApi: { id: 'tplShopify0000001', name: 'Shopify sandbox' } };
				if (node.name === '3PL: changed orders')
					node.credentials = { shipBobPostPurchaseApi: { id: 'tplShipBob0000001', name: 'ShipBob sandbox' } };
			}
			const id = await n8n.importWorkflow(template);
			const first = await n8n.executeWorkflow(id);
			expect(first.error).toBeUndefined();
			expect(allItems(first, 'Shopify: changed orders')).toHaveLength(shopify.orderCount);
			// What a source answered with no facts for an order is listed (nothing_to_store, with why), not stored.
			const answered = storedSnapshots<SnapshotOutcome>(first);
			expect(answered.filter((s) => s.status === 'nothing_to_store').every((s) => !!s.reason)).toBe(true);
			const stored = answered.filter((s) => s.status !== 'nothing_to_store');
			const bySource = (source: string) => stored.filter((s) => s.event.source === source);
			expect(bySource('shopify')).toHaveLength(shopify.orderCount);
			expect(bySource('3pl').length).toBeGreaterThan(0);
			// the ledger's orders in transit were listed too (their carriers have no credential here: nothing stored)
			expect(first.runData['Orders in transit']).toHaveLength(1);
			expect(stored.every((s) => s.status === 'new')).toBe(true);

			const second = await n8n.executeWorkflow(id);
			expect(second.error).toBeUndefined();
			const again = storedSnapshots<SnapshotOutcome>(second).filter((s) => s.status !== 'nothing_to_store');
			expect(again.map((s) => s.event.key).sort()).toEqual(stored.map((s) => s.event.key).sort());
			expect(again.every((s) => s.status === 'duplicate')).toBe(true);
		},
	);
	it(
		'Stuck-order alerts: the open orders are checked again; a case already in Slack is updated in place, never ' +
			'posted twice',
		async () => {
			const template = withSettings('04-stuck-order-sla-alerts.json', {
				ledgerDataDirectory: dataDirectory,
				slackChannelCustomerCare: '#order-exceptions',
			});
			for (const node of template.nodes)
				if (node.name === 'Post to Slack')
					node.credentials = {
						...node.credentials,
						slackPostPurchaseApi: { id: 'tplSlack000000001', name: 'Slack sandbox' },
					};
			const topLevelBefore = slack.messages.filter((m) => m.threadTs === null).length;
			const id = await n8n.importWorkflow(template);
			const run = await n8n.executeWorkflow(id);
			expect(run.error).toBeUndefined();
			expect(nodeItems(run, 'Open orders').length).toBeGreaterThan(0);
			const results = allItems<{ caseId: string; action: string }>(run, 'Post to Slack');
			expect(results.length).toBeGreaterThan(0);
			const posted = results.filter((r) => r.action === 'posted').length;
			expect(results.filter((r) => r.action !== 'posted').every((r) => r.action === 'updated')).toBe(true);
			expect(slack.messages.filter((m) => m.threadTs === null)).toHaveLength(topLevelBefore + posted);
			// one Slack message per case, however many runs touched it
			const perCase = new Map<string, number>();
			for (const r of results) perCase.set(r.caseId, (perCase.get(r.caseId) ?? 0) + 1);
			expect([...perCase.values()].every((n) => n === 1)).toBe(true);
		},
	);

	it(
		'Weekly exception report: one Slack message with the report ' + '(store name from the Store Profile) and its chart',
		async () => {
			const template = withSettings('05-weekly-exception-report.json', {
				ledgerDataDirectory: dataDirectory,
				slackReportChannel: '#order-exceptions',
			});
			for (const node of template.nodes)
				if (node.name === 'Post weekly report')
					node.credentials = {
						...node.credentials,
						slackPostPurchaseApi: { id: 'tplSlack000000001', name: 'Slack sandbox' },
					};
			const before = slack.messages.length;
			const id = await n8n.importWorkflow(template);
			const run = await n8n.executeWorkflow(id);
			expect(run.error).toBeUndefined();
			expect(nodeItems(run, 'Post weekly report')).toHaveLength(1);
			const added = slack.messages.slice(before).filter((m) => m.threadTs === null && m.channel === 'C0EXCEPTIONS');
			const reports = added.filter((m) => m.files.length === 0);
			expect(reports).toHaveLength(1);
			expect(JSON.stringify(reports[0].blocks)).toContain('Exception report · Acme Outdoor');
			// and the trend chart, uploaded as a file into the same channel
			expect(added.filter((m) => m.files.length > 0)).toHaveLength(1);
		},
	);
	it(
		'Slack case buttons: a signed Acknowledge press makes ' + 'the person the case owner and updates the Slack message',
		async () => {
			if (postedCases.length === 0)
				throw new Error('run the whole describe: the processor test posts the cases this test presses');
			await n8n.startServer();
			const template = withSettings('07-slack-case-buttons.json', {
				ledgerDataDirectory: dataDirectory,
				slackChannelCustomerCare: '#order-exceptions',
			});
			const slackCredential = { slackPostPurchaseApi: { id: 'tplSlack000000001', name: 'Slack sandbox' } };
			for (const node of template.nodes)
				if (node.name === 'Slack button' || node.name === 'Update Slack message')
					node.credentials = { ...node.credentials, ...slackCredential };
			const webhookId = template.nodes.find((n) => n.name === 'Slack button')!.webhookId!;
			const workflowId = await n8n.activateWorkflow({
				name: template.name,
				nodes: template.nodes,
				connections: template.connections,
				settings: { executionOrder: 'v1' },
			});
			const caseId = postedCases[0];
			const historyBefore = slack.messages.filter((m) => m.threadTs === null).map((m) => m.history.length);

			const body = formBody(blockActionsPayload([{ action: 'acknowledge', caseId }]));
			const forged = await n8n.callWebhook(`${webhookId}/slack-interactions`, body, {
				headers: signedHeaders(body, 'not-the-secret', Math.floor(Date.now() / 1000)),
			});
			expect(forged.status).toBe(401);
			const pressed = await n8n.callWebhook(`${webhookId}/slack-interactions`, body, {
				headers: signedHeaders(body, 's', Math.floor(Date.now() / 1000)),
			});
			expect(pressed.status).toBe(200);
			const execution = await n8n.waitForExecution(workflowId);
			expect(execution.status).toBe('success');
			expect(nodeItems(execution, 'Acknowledge case')[0].json).toMatchObject({ id: caseId, owner: 'U024BE7LH' });
			expect(nodeItems(execution, 'Update Slack message')[0].json).toMatchObject({ caseId, action: 'updated' });
			// the case's one message was edited in place (no new top-level message), with a reply in its thread
			const topLevel = slack.messages.filter((m) => m.threadTs === null);
			expect(topLevel.map((m) => m.history.length)).not.toEqual(historyBefore);
			expect(topLevel).toHaveLength(historyBefore.length);
			expect(slack.messages.some((m) => m.threadTs !== null)).toBe(true);
		},
	);
});

/**
 * The PostgreSQL versions on a real PostgreSQL (127.0.0.1:5432, database `test`, a schema of their
 * own): the Event processor records a failure for an event that names no order, and the Dead-letter
 * review lists an event that died (List Events), with why.
 */
const postgresUrl = process.env.PP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
(gate.run ? describe : describe.skip)('template workflows, PostgreSQL versions, in real n8n', () => {
	let n8n: N8nInstance;
	const schema = `pp_tpl_e2e_${Date.now().toString(36)}`;
	const PG = { postPurchasePostgresApi: { id: 'tplPostgres000001', name: 'Ledger PostgreSQL' } };
	const pgClient = async () => {
		const client = new Client({ connectionString: postgresUrl });
		await client.connect();
		return client;
	};

	beforeAll(async () => {
		const client = await pgClient();
		await client.query(`CREATE SCHEMA "${schema}"`);
		await client.end();
		const url = new URL(postgresUrl);
		const connection = {
			host: url.hostname,
			port: Number(url.port || 5432),
			database: url.pathname.slice(1),
			user: decodeURIComponent(url.username),
			password: decodeURIComponent(url.password),
		};
		n8n = await N8nInstance.create({ install: gate.install });
		// Imports and runs then go through the server: about a second each instead of an n8n process start.
		await n8n.startServer();
		await n8n.importCredentials([
			{
				id: 'tplPostgres000001',
				name: 'Ledger PostgreSQL',
				type: 'postPurchasePostgresApi',
				data: { ...connection, ssl: 'disable' },
			},
			profileCredential(),
		]);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		const client = await pgClient();
		await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
		await client.end();
	});

	const bindLedger = (t: Template) => {
		for (const node of t.nodes)
			if (/\.(orderLedger|exceptionAlerts)$/.test(node.type)) node.credentials = { ...node.credentials, ...PG };
		return t;
	};
	const ledger = (name: string, parameters: Record<string, unknown>) => ({
		name,
		type: nodeTypeName('orderLedger'),
		typeVersion: 1,
		parameters: { backend: 'postgres', schema, ...parameters },
		credentials: PG,
	});

	it('Event processor (PostgreSQL): an event that names no order ends in Record failure, retry scheduled', async () => {
		const seed = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: seed',
				nodes: [
					codeNode('Delivery', [{ key: 'shopify:pg-bad-1', source: 'shopify', kind: 'orders/create', orderKey: '' }]),
					ledger('Append', { operation: 'appendEvent' }),
				],
			}),
		);
		expect(nodeItems(await n8n.executeWorkflow(seed), 'Append')[0].json.status).toBe('new');
		const id = await n8n.importWorkflow(
			bindLedger(withSettings('02-event-processor-postgres.json', { postgresSchema: schema })),
		);
		const run = await n8n.executeWorkflow(id);
		expect(run.error).toBeUndefined();
		expect(
			allItems<{ events: Array<{ key: string }> }>(run, 'Claim events').map((i) => i.events.map((e) => e.key)),
		).toEqual([['shopify:pg-bad-1']]);
		expect(nodeItems(run, 'Record failure')[0].json.outcome).toBe('retry_scheduled');
	});

	it(
		'Dead-letter review (PostgreSQL): ' + 'Dead events lists the dead event with its order, tries and why it failed',
		async () => {
			const kill = await n8n.importWorkflow(
				deadEventWorkflow(ledger, 'shopify:pg-evt-4001', '4001', 'ShipBob answered 503 five times'),
			);
			expect(nodeItems(await n8n.executeWorkflow(kill), 'Fail')[0].json.outcome).toBe('dead');
			const template = bindLedger(withSettings('06-dead-letter-review-postgres.json', { postgresSchema: schema }));
			const id = await n8n.importWorkflow(template);
			const run = await n8n.executeWorkflow(id);
			expect(run.error).toBeUndefined();
			const rows = nodeItems(run, 'Dead events').map((i) => i.json);
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({
				orderKey: '4001',
				source: 'shopify',
				attempts: 1,
				status: 'dead',
				lastError: 'ShipBob answered 503 five times',
				key: 'shopify:pg-evt-4001',
			});
		},
	);
});
