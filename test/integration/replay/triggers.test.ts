/**
 * The replay delivers pushes to the code the trigger nodes run. Proven here against the real trigger
 * nodes run through n8n's webhook context (test/helpers/n8n.ts runWebhook): for the same delivery, the
 * replay and the node give the same answer (200 / 401) and the same observations, apart from receivedAt
 * (the node stamps the wall clock, the replay the entry's startedDateTime).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShopifyAdminPostPurchaseApi } from '../../../credentials/ShopifyAdminPostPurchaseApi.credentials';
import { ShopifyOrdersTrigger } from '../../../nodes/ShopifyOrdersTrigger/ShopifyOrdersTrigger.node';
import { signShopifyWebhook } from '../../helpers/webhookSigners';
import { deliverPush, type PushClients } from '../../../nodes/lib/replay/deliver';
import { harDocument, harEntry, parseHar } from '../../../nodes/lib/replay/har';
import { runWebhook } from '../../helpers/n8n';

const SECRET = 'replay-test-secret';
const SHOP = 'northwind-outfitters.myshopify.com';
const noClients: PushClients = {
	shopify: () => {
		throw new Error('no read expected');
	},
	shipstation: () => {
		throw new Error('no read expected');
	},
	threepl: () => {
		throw new Error('no read expected');
	},
};

const corpusOrder = join(__dirname, '../../fixtures/vendor-native/shopify/orders-create-1001.json');
const body = existsSync(corpusOrder)
	? readFileSync(corpusOrder, 'utf8')
	: JSON.stringify({
			id: 5012345678901,
			admin_graphql_api_id: 'gid://shopify/Order/5012345678901',
			name: '#1001',
			created_at: '2026-11-30T10:02:11-05:00',
			updated_at: '2026-11-30T10:02:11-05:00',
			financial_status: 'paid',
			fulfillment_status: null,
			line_items: [],
		});

function headers(signature: string): Record<string, string> {
	return {
		'content-type': 'application/json',
		'x-shopify-topic': 'orders/create',
		'x-shopify-hmac-sha256': signature,
		'x-shopify-shop-domain': SHOP,
		'x-shopify-event-id': 'evt-replay-1',
	};
}

function asExchange(h: Record<string, string>) {
	return parseHar(
		harDocument([
			harEntry({
				at: '2026-11-30T15:02:12Z',
				method: 'POST',
				url: 'https://n8n.example.com/webhook/shopify',
				requestHeaders: h,
				requestBody: body,
				status: 200,
			}),
		]),
	).exchanges[0];
}

function node(h: Record<string, string>) {
	return runWebhook({
		nodeType: new ShopifyOrdersTrigger(),
		parameters: { topics: ['orders/create'] },
		credentials: {
			shopifyAdminPostPurchaseApi: {
				shopDomain: SHOP,
				apiVersion: '2026-10',
				authMode: 'accessToken',
				accessToken: 'x',
				webhookSecret: SECRET,
			},
		},
		credentialTypes: [new ShopifyAdminPostPurchaseApi()],
		headers: h,
		rawBody: Buffer.from(body),
	});
}

const withoutReceivedAt = (list: unknown[]) =>
	list.map((o) => ({ ...(o as Record<string, unknown>), receivedAt: 'x' }));

describe('Shopify pushes: the replay and the Shopify Orders Trigger node agree', () => {
	it('a genuine orders/create: both answer 200 with the same observations', async () => {
		const h = headers(signShopifyWebhook(body, SECRET));
		const fromNode = await node(h);
		const fromReplay = await deliverPush(asExchange(h), 'shopify', { shopify: SECRET }, noClients);
		expect(fromNode.status).toBe(200);
		expect(fromReplay.status).toBe(200);
		const nodeObservations = (fromNode.workflowData?.[0]?.[0]?.json.observations ?? []) as unknown[];
		expect(nodeObservations.length).toBeGreaterThan(0);
		expect(withoutReceivedAt(fromReplay.observations)).toEqual(withoutReceivedAt(nodeObservations));
		// The replay stamps the instant the push was recorded, not the wall clock.
		expect(fromReplay.observations.every((o) => o.receivedAt === '2026-11-30T15:02:12.000Z')).toBe(true);
	});

	it('a forged one: both answer 401 and nothing goes on', async () => {
		const h = headers(signShopifyWebhook(body, 'someone-else'));
		const fromNode = await node(h);
		const fromReplay = await deliverPush(asExchange(h), 'shopify', { shopify: SECRET }, noClients);
		expect(fromNode.status).toBe(401);
		expect(fromNode.workflowData).toBeUndefined();
		expect(fromReplay.status).toBe(401);
		expect(fromReplay.observations).toEqual([]);
	});
});
