/**
 * Shopify Orders Trigger with "On Delivery: Store in Order Ledger" (issue 16), through n8n's own webhook context:
 * a verified delivery is stored in the ledger before Shopify is answered, so a 200 means durable; a repeat is
 * stored once; a ledger that cannot store answers 503 (Shopify retries) with no secret in the answer or the log;
 * nothing is stored for a forged delivery; "Then Start the Workflow" passes on new deliveries only.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import nock from 'nock';

import { ShopifyAdminPostPurchaseApi } from '../../credentials/ShopifyAdminPostPurchaseApi.credentials';
import { PostPurchaseAirtableApi } from '../../credentials/PostPurchaseAirtableApi.credentials';
import { PostPurchasePostgresApi } from '../../credentials/PostPurchasePostgresApi.credentials';
import { openLedger, type LedgerStore } from '../../nodes/lib/ledger';
import { ShopifyOrdersTrigger } from '../../nodes/ShopifyOrdersTrigger/ShopifyOrdersTrigger.node';
import { runWebhook } from '../helpers/n8n';
import { AirtableFake, FAKE_ENDPOINT } from '../integration/ledger/airtableFake';
import { ShopifySim } from '../sandbox/vendors/shopify';
import { nockSim } from '../unit/shopify/nockSim';

const SHOP = 'pp-store-trigger.myshopify.com';
const SECRET = 'whsec_store_secret';
const PG_PASSWORD = 'pg-secret-password-123';
const credentialTypes = [
	new ShopifyAdminPostPurchaseApi(),
	new PostPurchasePostgresApi(),
	new PostPurchaseAirtableApi(),
];
const shopifyCredential = {
	shopDomain: SHOP,
	apiVersion: '2026-10',
	authMode: 'accessToken',
	accessToken: 'shpat_sandbox_token',
	webhookSecret: SECRET,
};

let sim: ShopifySim;
let dataDirectory: string;
beforeEach(() => {
	sim = new ShopifySim({ seed: 11, orders: 10, shopDomain: SHOP });
	nockSim(`https://${SHOP}`, sim);
	dataDirectory = mkdtempSync(join(tmpdir(), 'pp-trigger-store-'));
});
afterEach(() => {
	nock.cleanAll();
	rmSync(dataDirectory, { recursive: true, force: true });
});

function deliver(
	delivery: { headers: Record<string, string>; body: string },
	parameters: Record<string, unknown> = {},
	credentials: Record<string, Record<string, unknown>> = {},
) {
	return runWebhook({
		nodeType: new ShopifyOrdersTrigger(),
		parameters: {
			topics: ['orders/create', 'orders/updated'],
			onDelivery: 'store',
			backend: 'embedded',
			dataDirectory,
			...parameters,
		},
		credentials: { shopifyAdminPostPurchaseApi: shopifyCredential, ...credentials } as never,
		credentialTypes,
		headers: delivery.headers,
		rawBody: Buffer.from(delivery.body),
	});
}

async function withLedger<T>(fn: (store: LedgerStore) => Promise<T>): Promise<T> {
	const store = await openLedger({ backend: 'embedded', dataDir: dataDirectory });
	try {
		return await fn(store);
	} finally {
		await store.close();
	}
}

const signedKey = (topic: string, body: string) =>
	`shopify:${topic}:${createHash('sha256').update(body, 'utf8').digest('hex')}`;

const anOrder = () => [...sim.allOrders()][0];
const orderDelivery = (topic = 'orders/create', secret = SECRET) =>
	sim.webhookDelivery(topic, sim.restOrderPayload(anOrder()), secret);

describe('On Delivery: Store in Order Ledger', () => {
	it('stores the delivery before answering 200, starts no execution, and stores a repeat once', async () => {
		const delivery = orderDelivery();
		const first = await deliver(delivery);
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ received: true, status: 'new' });
		expect(first.workflowData).toBeUndefined();

		const events = await withLedger((s) => s.listEvents({}));
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			key: signedKey('orders/create', delivery.body),
			source: 'shopify',
			topic: 'orders/create',
			orderKey: String(anOrder().name).replace('#', ''),
			status: 'pending',
		});
		// the payload is the trigger's item: what the event processor reads back (observations included)
		const payload = events[0].payload as { observations: Array<{ orderKey: string }>; eventKey: string };
		expect(payload.eventKey).toBe(events[0].key);
		expect(payload.observations.length).toBeGreaterThan(0);

		// Shopify re-sends the same body (with a new event id): answered 200, stored once
		const again = await deliver({ ...delivery, headers: { ...delivery.headers, 'x-shopify-event-id': 'another' } });
		expect(again.status).toBe(200);
		expect(again.body).toEqual({ received: true, status: 'duplicate' });
		expect(await withLedger((s) => s.listEvents({}))).toHaveLength(1);
	});

	it('a forged delivery: 401 and nothing stored', async () => {
		const forged = orderDelivery('orders/create', 'not-the-secret');
		expect((await deliver(forged)).status).toBe(401);
		expect(await withLedger((s) => s.listEvents({}))).toHaveLength(0);
	});

	it('a ledger that cannot store: 503 so Shopify retries; no secret in the answer or the log', async () => {
		const warnings: string[] = [];
		const logger = {
			warn: (message: string) => warnings.push(message),
			error: () => undefined,
			info: () => undefined,
			debug: () => undefined,
		};
		// n8n hands a node its process logger from the container: the test puts a recording one there
		Container.set(Logger, logger as never);
		// nothing listens on port 1: the connection is refused
		const result = await deliver(
			orderDelivery(),
			{ backend: 'postgres', schema: 'public' },
			{
				postPurchasePostgresApi: {
					host: '127.0.0.1',
					port: 1,
					database: 'test',
					user: 'postgres',
					password: PG_PASSWORD,
					ssl: 'disable',
				},
			},
		);
		expect(result.status).toBe(503);
		expect(JSON.stringify(result.body)).toContain('retry');
		expect(result.workflowData).toBeUndefined();
		expect(warnings.join('\n')).toMatch(/could not store a shopify delivery/i);
		expect(JSON.stringify([result.body, warnings])).not.toContain(PG_PASSWORD);
		expect(JSON.stringify([result.body, warnings])).not.toContain(SECRET);
	});

	it('Airtable answering 429: 503 at once, so Shopify retries (no 30 s wait past its 5 s timeout)', async () => {
		const quiet: Record<string, unknown> = { warn: () => undefined, error: () => undefined, info: () => undefined };
		quiet.debug = () => undefined;
		quiet.scoped = () => quiet; // n8n's HTTP helper asks for a scoped logger
		Container.set(Logger, quiet as never);
		const fake = new AirtableFake({ baseId: 'appTriggerStore01', token: 'pat-trigger', forced429: 100 }).install();
		try {
			const result = await deliver(
				orderDelivery(),
				{ backend: 'airtable', base: { __rl: true, mode: 'id', value: 'appTriggerStore01' } },
				{ postPurchaseAirtableApi: { accessToken: 'pat-trigger', baseUrl: FAKE_ENDPOINT } },
			);
			expect(result.status).toBe(503);
			expect(result.workflowData).toBeUndefined();
			// Asked once and answered: no retry after Airtable's 30-second lock (the test's own timeout would end first).
			expect(fake.requests.filter((r) => r.path.includes('/appTriggerStore01/'))).toHaveLength(1);
		} finally {
			fake.uninstall();
		}
	});

	it('"Then Start the Workflow": a new delivery goes on with its ledger status, a repeat starts nothing', async () => {
		const delivery = orderDelivery('orders/updated');
		const first = await deliver(delivery, { onDelivery: 'storeAndStart' });
		expect(first.status).toBe(200);
		expect(first.workflowData?.[0]).toHaveLength(1);
		const item = first.workflowData![0][0].json as { ledger: { status: string }; eventKey: string; topic: string };
		expect(item.ledger.status).toBe('new');
		expect(item.eventKey).toBe(signedKey('orders/updated', delivery.body));
		expect(item.topic).toBe('orders/updated');

		const again = await deliver(delivery, { onDelivery: 'storeAndStart' });
		expect(again.status).toBe(200);
		expect(again.workflowData).toBeUndefined();
	});

	it('"Start the Workflow" (the default) stores nothing itself and passes the delivery on as before', async () => {
		const result = await deliver(orderDelivery(), { onDelivery: 'start' });
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(await withLedger((s) => s.listEvents({}))).toHaveLength(0);
	});
});
