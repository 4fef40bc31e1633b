/**
 * Shopify Orders Trigger through n8n's webhook context: signature on the raw body, 401 with nothing
 * started for forged or missing signatures, clear 400 for malformed JSON, 5 MB bodies, normalised
 * observations keyed by X-Shopify-Event-Id, lookups for topics that only name a resource, and the
 * subscription lifecycle (webhookSubscriptionCreate / Delete) on activation and deactivation.
 */
import nock from 'nock';
import type { IHookFunctions } from 'n8n-workflow';
import { ShopifyOrdersTrigger } from '../../nodes/ShopifyOrdersTrigger/ShopifyOrdersTrigger.node';
import type { ShopifyOrdersTriggerV1 } from '../../nodes/ShopifyOrdersTrigger/v1/ShopifyOrdersTriggerV1.node';
import { ShopifyAdminPostPurchaseApi } from '../../credentials/ShopifyAdminPostPurchaseApi.credentials';

import { runWebhook } from '../helpers/n8n';
import { ShopifySim } from '../sandbox/vendors/shopify';
import { nockSim } from '../unit/shopify/nockSim';
import { signShopifyWebhook } from '../helpers/webhookSigners';

const SHOP = 'pp-trigger.myshopify.com';
const ORIGIN = `https://${SHOP}`;
const SECRET = 'whsec_test_secret';
const credentialTypes = [new ShopifyAdminPostPurchaseApi()];
const credentials = {
	shopifyAdminPostPurchaseApi: {
		shopDomain: SHOP,
		apiVersion: '2026-10',
		authMode: 'accessToken',
		accessToken: 'shpat_sandbox_token',
		webhookSecret: SECRET,
	},
};

let sim: ShopifySim;
beforeEach(() => {
	sim = new ShopifySim({ seed: 9, orders: 30, shopDomain: SHOP });
	nockSim(ORIGIN, sim);
});
afterEach(() => nock.cleanAll());

function deliver(delivery: { headers: Record<string, string>; body: string | Buffer }) {
	return runWebhook({
		nodeType: new ShopifyOrdersTrigger(),
		parameters: { topics: ['orders/updated', 'fulfillments/create', 'fulfillment_orders/placed_on_hold'] },
		credentials,
		credentialTypes,
		headers: delivery.headers,
		rawBody: Buffer.isBuffer(delivery.body) ? delivery.body : Buffer.from(delivery.body),
	});
}

const shippedOrder = () => [...sim.allOrders()].find((o) => o.fulfillments.length)!;

describe('genuine deliveries', () => {
	it(
		'orders/updated: outputs topic, shop, ids, triggered-at, ' + 'payload and observations keyed by the event id',
		async () => {
			const order = shippedOrder();
			const delivery = sim.webhookDelivery('orders/updated', sim.restOrderPayload(order), SECRET, {
				eventId: 'evt-123',
				webhookId: 'wh-1',
				triggeredAt: '2025-03-01T10:00:00Z',
			});
			const res = await deliver(delivery);
			expect(res.status).toBe(200);
			const [item] = res.workflowData![0];
			expect(item.json).toMatchObject({
				topic: 'orders/updated',
				shop: SHOP,
				eventId: 'evt-123',
				webhookId: 'wh-1',
				triggeredAt: '2025-03-01T10:00:00Z',
				payload: { name: order.name },
			});
			const observations = item.json.observations as Array<{ kind: string; key: string; orderKey: string }>;
			expect(observations.find((o) => o.kind === 'order')).toMatchObject({
				key: 'evt-123',
				orderKey: order.name.slice(1),
			});
			expect(observations.find((o) => o.kind === 'shipment')!.key).toMatch(/^evt-123:shipment:/);
		},
	);

	it('accepts the un-prefixed Shopify-Hmac-Sha256 header', async () => {
		const order = shippedOrder();
		const delivery = sim.webhookDelivery(
			'fulfillments/create',
			sim.restFulfillmentPayload(order, order.fulfillments[0]),
			SECRET,
			{ eventId: 'evt-9' },
		);
		const headers = { ...delivery.headers, 'shopify-hmac-sha256': delivery.headers['x-shopify-hmac-sha256'] };
		delete (headers as Record<string, string>)['x-shopify-hmac-sha256'];
		const res = await deliver({ headers, body: delivery.body });
		const observations = res.workflowData![0][0].json.observations as Array<{ kind: string; key: string }>;
		expect(observations[0]).toEqual(expect.objectContaining({ kind: 'shipment', key: 'evt-9' }));
		// shipment_status is carrier news Shopify relays: one tracking fact per number, never the bare event id.
		expect(observations.slice(1).every((o) => o.kind === 'tracking' && o.key.startsWith('evt-9:tracking:'))).toBe(true);
	});

	it('fulfillment_orders/placed_on_hold: looks the order up with GraphQL', async () => {
		const order = [...sim.allOrders()].find((o) => o.fulfillmentOrders[0].status === 'ON_HOLD')!;
		const payload = { fulfillment_order: { id: order.fulfillmentOrders[0].id, status: 'on_hold' } };
		const res = await deliver(
			sim.webhookDelivery('fulfillment_orders/placed_on_hold', payload, SECRET, { eventId: 'evt-fo' }),
		);
		const observations = res.workflowData![0][0].json.observations as Array<{
			kind: string;
			key: string;
			data: { status?: string };
		}>;
		expect(observations.find((o) => o.kind === 'fulfillment_order')).toMatchObject({
			key: 'evt-fo',
			data: { status: 'ON_HOLD' },
		});
		expect(sim.calls.map((c) => c.operationName)).toEqual(['GetFulfillmentOrder', 'GetOrder']);
	});

	it(
		'reverse_deliveries/attach_deliverable: ' + 'finds the order through the return and adds the return parcel to it',
		async () => {
			// A bigger store, so some delivered orders have a return.
			nock.cleanAll();
			sim = new ShopifySim({ seed: 9, orders: 200, shopDomain: SHOP });
			nockSim(ORIGIN, sim);
			const order = [...sim.allOrders()].find((o) => o.returns.length)!;
			const returned = order.returns[0];
			// The body as Shopify documents it: the reverse delivery, its return, and the label's tracking.
			const payload = {
				id: 1623456789009,
				admin_graphql_api_id: 'gid://shopify/ReverseDelivery/1623456789009',
				return: { id: Number(returned.id.split('/').pop()), admin_graphql_api_id: returned.id },
				shipping_deliverable: {
					tracking: { carrier_name: 'USPS', tracking_number: '9201901649171009001015', tracking_url: null },
					label: { public_file_url: null, created_at: '2026-12-02T13:05:37-05:00' },
				},
			};
			const res = await deliver(
				sim.webhookDelivery('reverse_deliveries/attach_deliverable', payload, SECRET, { eventId: 'evt-rd' }),
			);
			const observations = res.workflowData![0][0].json.observations as Array<{
				kind: string;
				key: string;
				orderKey: string;
				occurredAt: string;
				data: Record<string, unknown>;
			}>;
			const parcel = observations.find((o) => o.kind === 'shipment' && o.data.direction === 'return');
			expect(parcel).toMatchObject({
				orderKey: order.name.slice(1),
				key: 'evt-rd:shipment:gid://shopify/ReverseDelivery/1623456789009',
				occurredAt: '2026-12-02T13:05:37-05:00',
				data: {
					trackingNumber: '9201901649171009001015',
					carrier: 'USPS',
					direction: 'return',
					returnId: returned.id,
					shippedAt: null,
				},
			});
			// The return itself takes the event id; the parcel is never counted as an outbound shipment.
			expect(observations.find((o) => o.kind === 'return')).toMatchObject({ key: 'evt-rd' });
			expect(sim.calls.map((c) => c.operationName)).toEqual(['GetReturnOrder', 'GetOrder']);
		},
	);
});

describe('bad or hostile deliveries', () => {
	it('forged signature: 401 and nothing started', async () => {
		const delivery = sim.webhookDelivery('orders/updated', sim.restOrderPayload(shippedOrder()), 'not-the-secret');
		const res = await deliver(delivery);
		expect(res.status).toBe(401);
		expect(res.workflowData).toBeUndefined();
	});

	it('missing signature: 401 and nothing started', async () => {
		const delivery = sim.webhookDelivery('orders/updated', sim.restOrderPayload(shippedOrder()), SECRET);
		delete delivery.headers['x-shopify-hmac-sha256'];
		const res = await deliver(delivery);
		expect(res.status).toBe(401);
		expect(res.workflowData).toBeUndefined();
	});

	it('no signing secret in the credential: 401 saying so', async () => {
		const delivery = sim.webhookDelivery('orders/updated', sim.restOrderPayload(shippedOrder()), SECRET);
		const res = await runWebhook({
			nodeType: new ShopifyOrdersTrigger(),
			parameters: { topics: ['orders/updated'] },
			credentials: { shopifyAdminPostPurchaseApi: { ...credentials.shopifyAdminPostPurchaseApi, webhookSecret: '' } },
			credentialTypes,
			headers: delivery.headers,
			rawBody: Buffer.from(delivery.body),
		});
		expect(res.status).toBe(401);
		expect(res.body).toEqual({ error: 'webhook signing secret not configured in the credential' });
		expect(res.workflowData).toBeUndefined();
	});

	it('a tampered body with the original signature: 401', async () => {
		const delivery = sim.webhookDelivery('orders/updated', sim.restOrderPayload(shippedOrder()), SECRET);
		const res = await deliver({
			headers: delivery.headers,
			body: delivery.body.replace('"financial_status":"paid"', '"financial_status":"refunded"'),
		});
		expect(res.status).toBe(401);
	});

	it('malformed JSON (correctly signed): 400 naming the problem, nothing started', async () => {
		const body = '{"id": 1, "name": "#1001",';
		const res = await deliver({
			headers: {
				'content-type': 'application/json',
				'x-shopify-topic': 'orders/updated',
				'x-shopify-hmac-sha256': signShopifyWebhook(body, SECRET),
			},
			body,
		});
		expect(res.status).toBe(400);
		expect(res.body).toEqual({ error: 'the orders/updated body is not valid JSON' });
		expect(res.workflowData).toBeUndefined();
	});

	it('valid JSON that is not an order: passed on with the error naming the field (nothing lost)', async () => {
		const body = JSON.stringify({ id: 77 });
		const res = await deliver({
			headers: {
				'content-type': 'application/json',
				'x-shopify-topic': 'orders/updated',
				'x-shopify-event-id': 'evt-bad',
				'x-shopify-hmac-sha256': signShopifyWebhook(body, SECRET),
			},
			body,
		});
		expect(res.status).toBe(200);
		expect(res.workflowData![0][0].json).toMatchObject({
			eventId: 'evt-bad',
			observations: [],
			normaliseField: 'name',
		});
		expect(res.workflowData![0][0].json.normaliseError).toMatch(/no "name"/);
	});

	it('5 MB unsigned body: 401 without parsing', async () => {
		const body = Buffer.alloc(5 * 1024 * 1024, 'a');
		const res = await deliver({
			headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/updated' },
			body,
		});
		expect(res.status).toBe(401);
		expect(res.workflowData).toBeUndefined();
	});

	it('5 MB signed order (huge note): processed, not a crash', async () => {
		const payload = { ...sim.restOrderPayload(shippedOrder()), note: 'x'.repeat(5 * 1024 * 1024) };
		const res = await deliver(sim.webhookDelivery('orders/updated', payload, SECRET, { eventId: 'evt-big' }));
		expect(res.status).toBe(200);
		expect((res.workflowData![0][0].json.observations as unknown[]).length).toBeGreaterThan(0);
	});

	it('5 MB signed garbage: clear 400', async () => {
		const body = Buffer.alloc(5 * 1024 * 1024, '{');
		const res = await deliver({
			headers: {
				'content-type': 'application/json',
				'x-shopify-topic': 'orders/updated',
				'x-shopify-hmac-sha256': signShopifyWebhook(body, SECRET),
			},
			body,
		});
		expect(res.status).toBe(400);
		expect(res.workflowData).toBeUndefined();
	});
});

describe('subscription lifecycle', () => {
	/** A minimal hook context: the methods the trigger's webhookMethods use, HTTP via fetch (nock intercepts it). */
	function hookContext(staticData: Record<string, unknown>, topics: string[]): IHookFunctions {
		return {
			getCredentials: async () => credentials.shopifyAdminPostPurchaseApi,
			getNodeWebhookUrl: () => 'https://n8n.example.com/webhook/abc/webhook',
			getNodeParameter: (name: string) => (name === 'topics' ? topics : undefined),
			getWorkflowStaticData: () => staticData,
			getNode: () => ({
				name: 'Shopify Orders Trigger',
				type: 'shopifyOrdersTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
				id: 'n1',
			}),
			helpers: {
				// An access token is sent by n8n's httpRequestWithAuthentication (the credential's authenticate).
				httpRequestWithAuthentication: async (
					type: string,
					options: { url: string; method: string; headers: Record<string, string>; body: string },
				) => {
					expect(type).toBe('shopifyAdminPostPurchaseApi');
					const res = await fetch(options.url, {
						method: options.method,
						headers: {
							...options.headers,
							'X-Shopify-Access-Token': credentials.shopifyAdminPostPurchaseApi.accessToken,
						},
						body: options.body,
					});
					const headers: Record<string, string> = {};
					res.headers.forEach((v, k) => (headers[k] = v));
					return { body: await res.text(), headers, statusCode: res.status };
				},
			},
		} as unknown as IHookFunctions;
	}

	it('creates subscriptions on activation, finds them, and removes them on deactivation', async () => {
		const trigger = new ShopifyOrdersTrigger().nodeVersions[1] as ShopifyOrdersTriggerV1;
		const staticData: Record<string, unknown> = {};
		const ctx = hookContext(staticData, ['orders/updated', 'fulfillments/create']);
		expect(await trigger.webhookMethods.default.checkExists.call(ctx)).toBe(false);
		expect(await trigger.webhookMethods.default.create.call(ctx)).toBe(true);
		expect(sim.webhookSubscriptions.map((s) => s.topic).sort()).toEqual(['FULFILLMENTS_CREATE', 'ORDERS_UPDATED']);
		expect(staticData.webhookSubscriptionIds).toHaveLength(2);
		expect(await trigger.webhookMethods.default.checkExists.call(ctx)).toBe(true);
		// Activating again does not duplicate (Shopify would refuse with "already been taken").
		await trigger.webhookMethods.default.create.call(ctx);
		expect(sim.webhookSubscriptions).toHaveLength(2);
		expect(await trigger.webhookMethods.default.delete.call(ctx)).toBe(true);
		expect(sim.webhookSubscriptions).toHaveLength(0);
		expect(staticData.webhookSubscriptionIds).toBeUndefined();
	});
});

describe('replays: the ledger key is what Shopify signs, not the unsigned event id', () => {
	const headerName = (headers: Record<string, string>, suffix: string) =>
		Object.keys(headers).find((h) => h.toLowerCase().endsWith(suffix))!;

	it('a captured body re-sent with a new event id gets the same event key (the ledger absorbs it)', async () => {
		const order = shippedOrder();
		const first = sim.webhookDelivery('orders/updated', sim.restOrderPayload(order), SECRET, { eventId: 'evt-1' });
		const replay = { ...first, headers: { ...first.headers, [headerName(first.headers, 'event-id')]: 'evt-forged-2' } };
		const [a, b] = [await deliver(first), await deliver(replay)];
		expect([a.status, b.status]).toEqual([200, 200]);
		const [itemA, itemB] = [a.workflowData![0][0].json, b.workflowData![0][0].json];
		expect([itemA.eventId, itemB.eventId]).toEqual(['evt-1', 'evt-forged-2']);
		expect(itemB.eventKey).toBe(itemA.eventKey);
		expect(itemA.eventKey).toMatch(/^shopify:orders\/updated:[0-9a-f]{64}$/);
	});

	it('another change of the same order (another body) is another event', async () => {
		const order = shippedOrder();
		const one = sim.webhookDelivery('orders/updated', sim.restOrderPayload(order), SECRET, { eventId: 'evt-1' });
		const changed = { ...sim.restOrderPayload(order), updated_at: '2031-01-01T00:00:00Z' };
		const two = sim.webhookDelivery('orders/updated', changed, SECRET, { eventId: 'evt-1' });
		const [a, b] = [await deliver(one), await deliver(two)];
		expect(a.workflowData![0][0].json.eventKey).not.toBe(b.workflowData![0][0].json.eventKey);
	});

	it('the HMAC is compared as decoded bytes: a header with characters base64 does not have is refused', async () => {
		const delivery = sim.webhookDelivery('orders/updated', sim.restOrderPayload(shippedOrder()), SECRET, {
			eventId: 'evt-1',
		});
		const hmacHeader = headerName(delivery.headers, 'hmac-sha256');
		// Buffer.from(x, 'base64') would skip the '!' and accept this; the strict decoding does not.
		const padded = { ...delivery, headers: { ...delivery.headers, [hmacHeader]: `${delivery.headers[hmacHeader]}!` } };
		expect((await deliver(padded)).status).toBe(401);
		expect((await deliver(delivery)).status).toBe(200);
	});
});
