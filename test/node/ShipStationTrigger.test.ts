/**
 * ShipStation Trigger: deliveries through n8n-core's real WebhookContext (runWebhook); activation and
 * deactivation through the node's webhookMethods with a hook context whose HTTP helper applies the
 * credential's `authenticate` and goes through nock to the simulated ShipStation.
 */
import nock from 'nock';
import type { IHookFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { ShipStationTrigger } from '../../nodes/ShipStationTrigger/ShipStationTrigger.node';
import { ShipStationPostPurchaseApi } from '../../credentials/ShipStationPostPurchaseApi.credentials';
import { webhookToken } from '../../nodes/lib/connectors/shipstation';
import { observationsOf, runWebhook } from '../helpers/n8n';
import type { SsShipment } from '../../nodes/lib/connectors/shipstation/types';
import { createShipStationSim, type ShipStationSim } from '../sandbox/vendors/shipstation';
import { nockShipStation, V1_ORIGIN } from '../unit/shipstation/nockSim';

const credentialTypes = [new ShipStationPostPurchaseApi()];
const creds = { apiKey: 'ss-key', apiSecret: 'ss-secret', v2ApiKey: 'ss-v2-key', v1BaseUrl: '', v2BaseUrl: '' };
const credentials = { shipStationPostPurchaseApi: creds };
/** runWebhook gives the node webhookId 'test-webhook-id'. */
const TOKEN = webhookToken('ss-secret', 'test-webhook-id');

let sim: ShipStationSim;
beforeEach(() => {
	nock.disableNetConnect();
	sim = createShipStationSim({ seed: 9, orders: 30, baseUrl: V1_ORIGIN });
	nockShipStation(sim);
});
afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

function deliver(body: unknown, query: Record<string, string> = { token: TOKEN }) {
	const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	return runWebhook({
		nodeType: new ShipStationTrigger(),
		parameters: { events: ['ORDER_NOTIFY', 'SHIP_NOTIFY', 'ITEM_SHIP_NOTIFY'] },
		credentials,
		credentialTypes,
		headers: { 'content-type': 'application/json' },
		query,
		rawBody,
	});
}

describe('ShipStation Trigger: deliveries', () => {
	it(
		'SHIP_NOTIFY: fetches the resource_url, follows its pages, ' + 'one observation per shipment keyed by shipment id',
		async () => {
			const order = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
			const { shipments, notification } = sim.shipOrder(order.orderId, 230);
			const res = await deliver(notification);
			expect(res.status).toBe(200);
			const items = res.workflowData![0];
			expect(items.map((i) => observationsOf(i)[0].key)).toEqual(
				shipments.map((s) => `shipstation:shipment:${s.shipmentId}:created`),
			);
			expect(items.every((i) => i.json.orderKey === order.orderNumber.replace('#', ''))).toBe(true);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			const fetches = sim.requests.filter((r) => r.path === '/shipments');
			expect(fetches.map((f) => f.query.page)).toEqual(['1', '2', '3']);
			expect(
				fetches.every((f) => f.headers.authorization === `Basic ${Buffer.from('ss-key:ss-secret').toString('base64')}`),
			).toBe(true);
		},
	);

	it('ITEM_SHIP_NOTIFY carries the shipped lines (partial shipments are visible)', async () => {
		const order = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
		const { notification } = sim.shipOrder(order.orderId, 1, 'ITEM_SHIP_NOTIFY');
		const res = await deliver(notification);
		const observation = observationsOf<'shipment'>(res.workflowData![0][0])[0];
		expect(observation.data.lines?.length).toBe(order.items.length);
		expect(res.workflowData![0][0].json.resourceType).toBe('ITEM_SHIP_NOTIFY');
	});

	it('ORDER_NOTIFY with an unknown status: mapped to unknown, raw value kept, not dropped', async () => {
		const { order, notification } = sim.importOrder('awaiting_robot_review');
		const res = await deliver(notification);
		const observation = observationsOf(res.workflowData![0][0])[0];
		expect(observation).toMatchObject({
			kind: 'fulfillment',
			orderKey: String(order.orderId),
			data: { status: 'unknown', rawStatus: 'awaiting_robot_review' },
		});
	});

	it('a 500 in the middle of the resource pages is retried: no duplicates, no gaps', async () => {
		const order = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
		const { shipments, notification } = sim.shipOrder(order.orderId, 250);
		sim.injectFailure({ path: '/shipments', page: 2, status: 500 });
		const res = await deliver(notification);
		const ids = res.workflowData![0].map((i) => (i.json.shipstation as unknown as SsShipment).shipmentId);
		expect(ids).toEqual(shipments.map((s) => s.shipmentId));
		expect(sim.requests.filter((r) => r.path === '/shipments').map((r) => r.status)).toEqual([200, 500, 200, 200]);
	});

	it('no token: 401, nothing fetched, nothing started', async () => {
		const { notification } = sim.importOrder();
		const res = await deliver(notification, {});
		expect(res.status).toBe(401);
		expect(res.workflowData).toBeUndefined();
		expect(sim.requests).toHaveLength(0);
	});

	it('wrong token: 401', async () => {
		const { notification } = sim.importOrder();
		const res = await deliver(notification, { token: `${TOKEN}x` });
		expect(res.status).toBe(401);
		expect(res.workflowData).toBeUndefined();
		expect(sim.requests).toHaveLength(0);
	});

	it('resource_url on a foreign host: refused and reported, no request made to it (nor to ShipStation)', async () => {
		const evil = nock('https://evil.example.com').get(/.*/).reply(200, { shipments: [], total: 0, page: 1, pages: 0 });
		const res = await deliver({
			resource_url: 'https://evil.example.com/shipments?batchId=1',
			resource_type: 'SHIP_NOTIFY',
		});
		expect(res.status).toBe(400);
		expect(res.body).toEqual({
			error: expect.stringContaining('host evil.example.com is not the ShipStation API host ssapi.shipstation.com'),
		});
		expect(res.workflowData![0][0].json).toMatchObject({
			rejected: true,
			field: 'resource_url',
			resourceUrl: 'https://evil.example.com/shipments?batchId=1',
		});
		expect(evil.isDone()).toBe(false);
		expect(sim.requests).toHaveLength(0);
	});

	it('malformed JSON: 400 naming the body, reported to the workflow', async () => {
		const res = await deliver('{"resource_url": "https://ssapi.shipstation.com/orders",');
		expect(res.status).toBe(400);
		expect(res.workflowData![0][0].json).toMatchObject({
			rejected: true,
			field: 'body',
			reason: expect.stringContaining('not valid JSON'),
		});
		expect(sim.requests).toHaveLength(0);
	});

	it('ShipStation failing for good: what was read is passed on with the failure and where to resume', async () => {
		const order = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
		const { notification } = sim.shipOrder(order.orderId, 150);
		sim.injectFailure({ path: '/shipments', page: 2, status: 503, times: 5 });
		const res = await deliver(notification);
		const items = res.workflowData![0];
		expect(items).toHaveLength(101);
		expect(items[100].json).toMatchObject({ resumeFromPage: 2, fetchError: expect.stringContaining('page 2 failed') });
	}, 30_000);
});

/* ---------- activation / deactivation ---------- */

/** The activation hooks of the version n8n runs for a new node (the root class only dispatches versions). */
function activationHooks() {
	const hooks = new ShipStationTrigger().getNodeType().webhookMethods?.default;
	if (!hooks) throw new Error('ShipStation Trigger has no default webhook methods');
	return hooks;
}

function hookContext(state: Record<string, unknown>, parameters: Record<string, unknown>): IHookFunctions {
	const credentialType = new ShipStationPostPurchaseApi();
	const httpRequestWithAuthentication = async (_type: string, options: IHttpRequestOptions) => {
		const authed = await credentialType.authenticate(creds, options);
		const url = new URL(authed.url);
		for (const [k, v] of Object.entries((authed.qs ?? {}) as Record<string, unknown>))
			url.searchParams.set(k, String(v));
		const res = await fetch(url, {
			method: authed.method,
			headers: authed.headers as Record<string, string>,
			body: authed.body as string | undefined,
		});
		const headers: Record<string, string> = {};
		res.headers.forEach((v, k) => (headers[k] = v));
		return { statusCode: res.status, headers, body: await res.text() };
	};
	return {
		getNode: () => ({
			id: 'node-1',
			name: 'ShipStation Trigger',
			type: 'n8n-nodes-post-purchase.shipStationTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			webhookId: 'test-webhook-id',
		}),
		getCredentials: async () => creds,
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getNodeWebhookUrl: () => 'https://n8n.example.com/webhook/test-webhook-id/webhook',
		getWorkflowStaticData: () => state,
		helpers: { httpRequestWithAuthentication, httpRequest: async () => undefined },
	} as unknown as IHookFunctions;
}

describe('ShipStation Trigger: activation and deactivation', () => {
	it('subscribes the three events with the token in the URL, finds them again, and unsubscribes them', async () => {
		const trigger = activationHooks();
		const state: Record<string, unknown> = {};
		const ctx = hookContext(state, { events: ['ORDER_NOTIFY', 'SHIP_NOTIFY', 'ITEM_SHIP_NOTIFY'], storeId: 0 });
		expect(await trigger.checkExists.call(ctx)).toBe(false);
		expect(await trigger.create.call(ctx)).toBe(true);
		expect(sim.webhooks.map((w) => w.HookType)).toEqual(['ORDER_NOTIFY', 'SHIP_NOTIFY', 'ITEM_SHIP_NOTIFY']);
		for (const hook of sim.webhooks)
			expect(hook.Url).toBe(`https://n8n.example.com/webhook/test-webhook-id/webhook?token=${TOKEN}`);
		const subscribe = sim.requests.find((r) => r.path === '/webhooks/subscribe')!;
		expect(subscribe.json).toEqual({
			target_url: sim.webhooks[0].Url,
			event: 'ORDER_NOTIFY',
			store_id: null,
			friendly_name: 'n8n post-purchase ORDER_NOTIFY',
		});
		expect(state.webhookIds).toEqual(sim.webhooks.map((w) => w.WebHookID));
		expect(await trigger.checkExists.call(ctx)).toBe(true);

		expect(await trigger.delete.call(ctx)).toBe(true);
		expect(sim.webhooks).toEqual([]);
		expect(sim.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toHaveLength(3);
		expect(state.webhookIds).toBeUndefined();
	}, 30_000);

	it('a subscription removed in ShipStation makes checkExists false so n8n re-subscribes', async () => {
		const trigger = activationHooks();
		const state: Record<string, unknown> = {};
		const ctx = hookContext(state, { events: ['SHIP_NOTIFY'], storeId: 179188 });
		await trigger.create.call(ctx);
		expect(sim.webhooks[0].StoreID).toBe(179188);
		sim.removeWebhook(sim.webhooks[0].WebHookID);
		expect(await trigger.checkExists.call(ctx)).toBe(false);
		// deactivation after a manual removal still succeeds (404 is "already gone")
		expect(await trigger.delete.call(ctx)).toBe(true);
	}, 30_000);
});
