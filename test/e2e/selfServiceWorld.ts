/**
 * The world the self-service browser suites share (address change and cancellation, item swap): orders opened in
 * the Shopify and ShipStation simulators, the ledger seeded as the pipeline would seed it, the credentials of a
 * sandbox store imported into a real n8n, the customer-page templates and template 11 (the approval queue)
 * activated with every node renamed. Each suite says what differs (its pages, its profile, its vendors); the
 * rest is here once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { getOrder, observationsFromOrder, ShopifyClient } from '../../nodes/lib/connectors/shopify';
import { createFetchTransport } from '../../nodes/lib/http';
import type { LedgerStore } from '../../nodes/lib/ledger';
import { defaultPolicy, reconcile, type EditRequestData, type Observation } from '../../nodes/lib/order';
import type { RunningSandbox } from '../sandbox/http';
import type { ShipStationSim } from '../sandbox/vendors/shipstation';
import { variantOfSku, type ShopifySim } from '../sandbox/vendors/shopify';
import type { Template } from '../unit/templates/checks';
import { renameEveryNode } from '../unit/templates/rename';
import type { testPostgres } from './browser';
import { REPO_ROOT, type N8nInstance } from './harness';

type Ref = { id: string; name: string };

/** The sandbox store's credentials in n8n: one per kind, ids made from the suite's prefix (unique per suite). */
export function storeCredentialRefs(prefix: string) {
	const ref = (kind: string, name: string): Ref => ({ id: `${prefix}${kind}`.padEnd(17, '0').slice(0, 17), name });
	return {
		pages: ref('Pages', 'Customer pages'),
		profile: ref('Profile', 'Store profile'),
		pg: ref('Pg', 'Ledger'),
		shopify: ref('Shopify', 'Shopify sandbox'),
		shipstation: ref('ShipStn', 'ShipStation sandbox'),
		ups: ref('Ups', 'UPS sandbox'),
		slack: ref('Slack', 'Slack sandbox'),
		klaviyo: ref('Klaviyo', 'Klaviyo sandbox'),
	};
}
export type StoreCredentialRefs = ReturnType<typeof storeCredentialRefs>;

/**
 * Shopify and ShipStation hold the order open and unfulfilled, placed `placedMinutesAgo` before `now`, in the
 * customer's language. `withItems`: ShipStation's order gets Shopify's lines (the store's integration imported
 * it), as an item swap needs.
 */
export function openOrderInSims(
	shopify: ShopifySim,
	shipstation: ShipStationSim,
	order: { index: number; lang: string; placedMinutesAgo: number },
	now: string,
	options: { withItems?: boolean } = {},
): void {
	const o = shopify.orderAt(order.index);
	const placed = new Date(Date.parse(now) - order.placedMinutesAgo * 60_000).toISOString();
	Object.assign(o, {
		createdAt: placed,
		processedAt: placed,
		updatedAt: placed,
		cancelledAt: null,
		cancelReason: null,
		closedAt: null,
		displayFinancialStatus: 'PAID',
		displayFulfillmentStatus: 'UNFULFILLED',
		customerLocale: order.lang,
		fulfillments: [],
		returns: [],
	});
	for (const fo of o.fulfillmentOrders) Object.assign(fo, { status: 'OPEN', fulfillmentHolds: [], updatedAt: placed });
	const ss = shipstation.orders.find((x) => x.orderNumber === o.name)!;
	Object.assign(ss, { orderStatus: 'awaiting_shipment', orderKey: ss.orderKey ?? `ss-key-${order.index}` });
	if (!options.withItems) return;
	for (const line of o.lineItems) Object.assign(line, { unfulfilledQuantity: line.currentQuantity });
	for (const fo of o.fulfillmentOrders) for (const item of fo.lineItems) item.remainingQuantity = item.totalQuantity;
	Object.assign(ss, {
		items: o.lineItems.map((l) => ({
			lineItemKey: l.id.split('/').pop(),
			sku: l.sku,
			name: l.title,
			quantity: l.currentQuantity,
			unitPrice: Number(variantOfSku(l.sku)?.price ?? 0),
		})),
	});
}

/** The ledger holds each order as the pipeline would: Shopify's order read through the connector and reconciled. */
export async function seedLedgerFromShopify(
	ledger: LedgerStore,
	shopify: ShopifySim,
	sandbox: RunningSandbox,
	indexes: readonly number[],
	now: string,
): Promise<void> {
	const reader = new ShopifyClient({
		shopDomain: shopify.shopDomain,
		auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
		transport: createFetchTransport(),
		baseUrl: sandbox.baseUrl('shopify'),
	});
	const records = [];
	for (const index of indexes) {
		const order = await getOrder(reader, { by: 'id', value: shopify.orderAt(index).id });
		const result = reconcile(null, observationsFromOrder(order, { receivedAt: now }), defaultPolicy(), now);
		if (result.rejected.length) throw new Error(JSON.stringify(result.rejected));
		records.push(result.record);
	}
	for (const written of await ledger.upsertOrders(records, now)) if (written instanceof Error) throw written;
}

/**
 * Imports the sandbox store's credentials: the customer pages and the Store Profile as the suite sets them, and
 * the vendors (Shopify, ShipStation, Slack, Klaviyo, the ledger; UPS when the suite uses it) pointing at the sandbox.
 */
export async function importStoreCredentials(
	n8n: N8nInstance,
	creds: StoreCredentialRefs,
	world: {
		sandbox: RunningSandbox;
		shopify: ShopifySim;
		connection: ReturnType<typeof testPostgres>;
		pages: Record<string, unknown>;
		profile: Record<string, unknown>;
		ups?: boolean;
	},
): Promise<void> {
	const { sandbox } = world;
	await n8n.importCredentials([
		{ ...creds.pages, type: 'postPurchaseCustomerPagesApi', data: world.pages },
		{ ...creds.profile, type: 'postPurchaseStoreProfileApi', data: world.profile },
		{
			...creds.slack,
			type: 'slackPostPurchaseApi',
			data: {
				mode: 'botToken',
				botToken: 'xoxb-sandbox-token',
				signingSecret: SLACK_SIGNING_SECRET,
				baseUrl: `${sandbox.baseUrl('slack')}/api`,
			},
		},
		{
			...creds.klaviyo,
			type: 'klaviyoPostPurchaseApi',
			data: { apiKey: 'pk_test', baseUrl: sandbox.baseUrl('klaviyo') },
		},
		{ ...creds.pg, type: 'postPurchasePostgresApi', data: { ...world.connection, ssl: 'disable' } },
		{
			...creds.shopify,
			type: 'shopifyAdminPostPurchaseApi',
			data: {
				shopDomain: world.shopify.shopDomain,
				apiVersion: '2026-10',
				authMode: 'accessToken',
				accessToken: 'shpat_sandbox_token',
				webhookSecret: 'secret',
				baseUrl: sandbox.baseUrl('shopify'),
			},
		},
		{
			...creds.shipstation,
			type: 'shipStationPostPurchaseApi',
			data: {
				apiKey: 'ss-key',
				apiSecret: 'ss-secret',
				v2ApiKey: '',
				v1BaseUrl: sandbox.baseUrl('shipstation'),
				v2BaseUrl: sandbox.baseUrl('shipstation'),
			},
		},
		...(world.ups
			? [
					{
						...creds.ups,
						type: 'upsPostPurchaseApi',
						data: {
							clientId: 'ups-client',
							clientSecret: 'ups-secret',
							environment: 'production',
							baseUrl: sandbox.baseUrl('ups'),
						},
					},
				]
			: []),
	]);
}

/** The signing secret of the sandbox Slack app: the suites sign their presses with it. */
export const SLACK_SIGNING_SECRET = 'slack-signing-secret';

/** A shipped template with every node renamed (a test fails if any name survived), as a user might leave it. */
export function renamedTemplate(file: string): Template {
	const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', file), 'utf8')) as Template;
	const template = renameEveryNode(shipped);
	const kept = template.nodes.filter((n) => shipped.nodes.some((o) => o.name === n.name)).map((n) => n.name);
	if (kept.length) throw new Error(`${file}: renameEveryNode kept ${kept.join(', ')}`);
	return template;
}

/**
 * Activates customer-page templates (PostgreSQL variants, renamed) on the suite's schema and clock; a page node
 * gets the pages, profile and ledger credentials plus `vendorsFor(operation)` (what its operation calls).
 * Returns the workflow ids by file.
 */
export async function activatePageTemplates(
	n8n: N8nInstance,
	files: readonly string[],
	options: {
		schema: string;
		now: string;
		creds: StoreCredentialRefs;
		vendorsFor: (operation: unknown) => Record<string, Ref>;
	},
): Promise<Record<string, string>> {
	const { creds } = options;
	const ids: Record<string, string> = {};
	for (const file of files) {
		const template = renamedTemplate(file);
		for (const node of template.nodes)
			if (node.type.endsWith('.customerPages')) {
				node.parameters = { ...node.parameters, schema: options.schema, now: options.now };
				node.credentials = {
					postPurchaseCustomerPagesApi: creds.pages,
					postPurchaseStoreProfileApi: creds.profile,
					postPurchasePostgresApi: creds.pg,
					...options.vendorsFor(node.parameters.operation),
				};
			}
		const { name, nodes, connections, settings } = template;
		ids[file] = await n8n.activateWorkflow({ name, nodes, connections, settings });
	}
	return ids;
}

/** Template 11 (the Slack buttons and the approval queue), every node renamed, on the suite's ledger and vendors. */
export async function activateApprovalQueue(
	n8n: N8nInstance,
	options: { schema: string; creds: StoreCredentialRefs },
): Promise<{ workflowId: string; slackWebhookId: string }> {
	const { creds } = options;
	const buttons = renamedTemplate('11-slack-approval-queue-postgres.json');
	const byType: Record<string, Record<string, Ref>> = {
		slackInteractionTrigger: { slackPostPurchaseApi: creds.slack },
		exceptionAlerts: { slackPostPurchaseApi: creds.slack, postPurchaseStoreProfileApi: creds.profile },
		customerRequests: {
			postPurchaseStoreProfileApi: creds.profile,
			shopifyAdminPostPurchaseApi: creds.shopify,
			shipStationPostPurchaseApi: creds.shipstation,
		},
		klaviyoPostPurchase: { klaviyoPostPurchaseApi: creds.klaviyo },
	};
	let slackWebhookId = '';
	for (const node of buttons.nodes) {
		const type = node.type.split('.').pop()!;
		if (node.parameters?.backend === 'postgres') {
			node.parameters = { ...node.parameters, schema: options.schema };
			node.credentials = { ...node.credentials, postPurchasePostgresApi: creds.pg };
		}
		if (byType[type]) node.credentials = { ...node.credentials, ...byType[type] };
		if (type === 'slackInteractionTrigger') slackWebhookId = node.webhookId!;
	}
	const workflowId = await n8n.activateWorkflow({
		name: buttons.name,
		nodes: buttons.nodes,
		connections: buttons.connections,
		settings: { executionOrder: 'v1' },
	});
	return { workflowId, slackWebhookId };
}

/** The customer's requests the ledger recorded for an order, oldest first (claims without observations left out). */
export async function recordedRequests(ledger: LedgerStore, orderKey: string): Promise<EditRequestData[]> {
	const events = await ledger.listEvents({ orderKey, source: 'customer' });
	return events
		.flatMap((e) => (e.payload as { observations: Observation[] }).observations)
		.map((o) => o.data as EditRequestData)
		.filter((d) => d.outcome !== undefined);
}
