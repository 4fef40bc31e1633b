/**
 * 3PL Fulfillment Trigger through n8n's webhook path (runWebhook): signatures checked on the raw
 * body as each provider documents (401 and nothing downstream otherwise), malformed JSON refused,
 * the order read back from the API (nock + sims) so the output carries the normalised snapshot.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { ThreePlFulfillmentTrigger } from '../../nodes/ThreePlFulfillmentTrigger/ThreePlFulfillmentTrigger.node';
import { ShipBobPostPurchaseApi } from '../../credentials/ShipBobPostPurchaseApi.credentials';
import { ShipHeroPostPurchaseApi } from '../../credentials/ShipHeroPostPurchaseApi.credentials';
import { ShipMonkPostPurchaseApi } from '../../credentials/ShipMonkPostPurchaseApi.credentials';
import { signShipBob, signShipHero, signShipMonk } from '../helpers/webhookSigners';
import { runWebhook } from '../helpers/n8n';
import { sharedSpecPath } from '../helpers/specs';
import { ShipBobSim } from '../sandbox/vendors/shipbob';
import { ShipHeroSim } from '../sandbox/vendors/shiphero';
import { ShipMonkSim } from '../sandbox/vendors/shipmonk';
import {
	shipbobShippedFixture,
	shipheroShipmentUpdateFixture,
	shipmonkShipmentNotificationFixture,
} from '../unit/threepl/fixtures';
import { nockSims, ORIGIN } from './threeplNock';
import { shipbobWebhookSecret } from '../../nodes/lib/connectors/threepl';
import { toSimRequest } from '../sandbox/http';

const SHIPBOB_SECRET = 'whsec_' + Buffer.from('a-32-byte-signing-key-for-tests!').toString('base64');
const credentialTypes = [new ShipBobPostPurchaseApi(), new ShipHeroPostPurchaseApi(), new ShipMonkPostPurchaseApi()];
const credentials = {
	shipBobPostPurchaseApi: {
		token: 'sb-pat-test',
		environment: 'production',
		baseUrl: `${ORIGIN}/shipbob`,
		webhookSecret: SHIPBOB_SECRET,
	},
	shipHeroPostPurchaseApi: {
		refreshToken: 'sh-refresh-test',
		accessToken: '',
		baseUrl: `${ORIGIN}/shiphero`,
		webhookSecret: 'shiphero-shared-secret',
	},
	shipMonkPostPurchaseApi: {
		apiKey: 'sm-key-test',
		environment: 'production',
		baseUrl: `${ORIGIN}/shipmonk`,
		webhookSecret: 'shipmonk-secret',
	},
};

let shipbob: ShipBobSim;
let shipmonk: ShipMonkSim;
let shiphero: ShipHeroSim;
beforeEach(() => {
	shipbob = new ShipBobSim({ orders: 8 });
	shipmonk = new ShipMonkSim({ orders: 8 });
	shiphero = new ShipHeroSim({ orders: 8 });
	nockSims([shipbob, shipmonk, shiphero]);
});
afterEach(() => nock.cleanAll());

function deliver(provider: string, body: Buffer | string, headers: Record<string, string>, extra: IDataObject = {}) {
	return runWebhook({
		nodeType: new ThreePlFulfillmentTrigger(),
		parameters: { provider, ...extra },
		credentials,
		credentialTypes,
		headers: { 'content-type': 'application/json', ...headers },
		rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
		path: '3pl',
	});
}

function shipbobHeaders(body: string, secret = SHIPBOB_SECRET, timestamp = Math.floor(Date.now() / 1000)) {
	const ts = String(timestamp);
	return {
		'webhook-id': 'msg_2abc',
		'webhook-timestamp': ts,
		'webhook-signature': signShipBob(secret, 'msg_2abc', ts, body),
		'x-webhook-topic': 'order.shipped',
	};
}

describe('3PL Fulfillment Trigger', () => {
	it('ShipBob: a signed order.shipped delivery reads the order and emits its snapshot and observations', async () => {
		const body = JSON.stringify(shipbobShippedFixture(900005));
		const res = await deliver('shipbob', body, shipbobHeaders(body));
		expect(res.status).toBe(200);
		const item = res.workflowData![0][0].json;
		expect(item).toMatchObject({
			provider: 'shipbob',
			topic: 'order.shipped',
			orderKey: '1006',
			status: 'shipped',
			eventKey: 'shipbob:msg_2abc',
			fetchError: null,
		});
		expect((item.observations as unknown[]).length).toBe(2);
		expect(shipbob.kit.requests.map((r) => r.path)).toEqual(['/2026-01/order/900005']);
	});

	it('ShipBob: bad, missing or stale signatures get 401 and start nothing', async () => {
		const body = JSON.stringify(shipbobShippedFixture());
		const wrongKey = await deliver(
			'shipbob',
			body,
			shipbobHeaders(body, 'whsec_' + Buffer.from('not-the-right-key').toString('base64')),
		);
		expect(wrongKey.status).toBe(401);
		expect(wrongKey.workflowData).toBeUndefined();
		const tampered = await deliver('shipbob', body.replace('900005', '900006'), shipbobHeaders(body));
		expect(tampered.status).toBe(401);
		const missing = await deliver('shipbob', body, {});
		expect(missing.status).toBe(401);
		expect(JSON.stringify(missing.body)).toMatch(/missing webhook-id/);
		const stale = await deliver(
			'shipbob',
			body,
			shipbobHeaders(body, SHIPBOB_SECRET, Math.floor(Date.now() / 1000) - 3600),
		);
		expect(stale.status).toBe(401);
		expect(shipbob.kit.requests).toHaveLength(0);
	});

	it('malformed JSON with a valid signature is refused with 400 and a clear message', async () => {
		const body = '{"data": {"order_id": 9';
		const res = await deliver('shipbob', body, shipbobHeaders(body));
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toMatch(/not valid JSON/);
		expect(res.workflowData).toBeUndefined();
	});

	it('ShipMonk: an order status change (HMAC-SHA512) is normalised from the payload itself, no API call', async () => {
		const body = JSON.stringify(shipmonk.orders[1]);
		const res = await deliver('shipmonk', body, { 'x-sm-signature': signShipMonk('shipmonk-secret', body) });
		expect(res.status).toBe(200);
		expect(res.workflowData![0][0].json).toMatchObject({
			topic: 'orderStatusChange',
			orderKey: '1002',
			status: 'on_hold',
		});
		expect((res.workflowData![0][0].json.fulfillment as { holdReason: string }).holdReason).toBe('inventory');
		expect(shipmonk.kit.requests).toHaveLength(0);
	});

	it('ShipMonk: a shipment notification reads the order for its status; a wrong signature is 401', async () => {
		const notification = { ...shipmonkShipmentNotificationFixture(), order_number: '1006' };
		const body = JSON.stringify(notification);
		const bad = await deliver('shipmonk', body, { 'x-sm-signature': signShipMonk('other-secret', body) });
		expect(bad.status).toBe(401);
		const res = await deliver('shipmonk', body, { 'x-sm-signature': signShipMonk('shipmonk-secret', body, 'base64') });
		expect(res.status).toBe(200);
		expect(res.workflowData![0][0].json).toMatchObject({
			topic: 'orderShipmentNotification',
			orderKey: '1006',
			status: 'shipped',
		});
		expect(shipmonk.kit.requests.map((r) => r.query.orderNumber)).toEqual(['1006']);
	});

	it(
		'ShipMonk: a read older than the notification ' + '(not yet fulfilled) does not erase the parcel the push reports',
		async () => {
			// The API still has #1006 as it was before the parcel left (updated 2026-01-05T20:30Z);
			// the push says it left 2026-01-06T10:00Z.
			const order = shipmonk.orders.find((o) => o.order_number === '1006')!;
			Object.assign(order, {
				order_status: 'unfulfilled',
				processing_status: 'pick_in_progress',
				packages: [],
				shipped_at: null,
				master_tracking_number: null,
				tracking_url: null,
				shipment_data: null,
			});
			const body = JSON.stringify({ ...shipmonkShipmentNotificationFixture(), order_number: '1006' });
			const res = await deliver('shipmonk', body, { 'x-sm-signature': signShipMonk('shipmonk-secret', body) });
			const item = res.workflowData![0][0].json;
			expect(item.status).not.toBe('shipped');
			const observations = item.observations as Array<{
				kind: string;
				key: string;
				occurredAt: string;
				data: Record<string, unknown>;
			}>;
			expect(observations.filter((o) => o.kind === 'shipment')).toEqual([
				expect.objectContaining({
					occurredAt: '2026-01-06T10:00:00.000Z',
					key: expect.stringMatching(/^shipmonk:push:shipment:/),
					data: expect.objectContaining({ trackingNumber: '9400111' }),
				}),
			]);
			const statuses = observations.filter((o) => o.kind === 'fulfillment');
			expect(statuses.map((o) => [o.occurredAt, o.data.status])).toEqual([
				['2026-01-05T20:30:00.000Z', item.status],
				['2026-01-06T10:00:00.000Z', 'partially_shipped'],
			]);
			expect(shipmonk.kit.requests.map((r) => r.query.orderNumber)).toEqual(['1006']);
		},
	);

	it(
		'ShipMonk: with reading switched off, ' + "the notification's own parcels still become shipment observations",
		async () => {
			const body = JSON.stringify(shipmonkShipmentNotificationFixture());
			const res = await deliver(
				'shipmonk',
				body,
				{ 'x-sm-signature': signShipMonk('shipmonk-secret', body) },
				{ fetchOrder: false },
			);
			const item = res.workflowData![0][0].json;
			expect(item.status).toBeNull();
			// The notification is sent once the order is fulfilled (ShipMonk webhook docs);
			// its items say the mug (0 of 1) did not go.
			expect(item.observations).toEqual([
				expect.objectContaining({
					kind: 'shipment',
					orderKey: '1006',
					occurredAt: '2026-01-06T10:00:00.000Z',
					data: expect.objectContaining({ trackingNumber: '9400111', carrier: 'USPS' }),
				}),
				expect.objectContaining({
					kind: 'fulfillment',
					orderKey: '1006',
					sourceId: 'shopify-7000005',
					occurredAt: '2026-01-06T10:00:00.000Z',
					data: expect.objectContaining({ status: 'partially_shipped' }),
				}),
			]);
			expect(shipmonk.kit.requests).toHaveLength(0);
		},
	);

	(sharedSpecPath('shiphero/shiphero_schema.json') ? it : it.skip)(
		'ShipHero: Shipment Update with x-shiphero-hmac-sha256 reads the order (access token from the refresh token)',
		async () => {
			const body = JSON.stringify(shipheroShipmentUpdateFixture('#1006'));
			const res = await deliver('shiphero', body, {
				'x-shiphero-hmac-sha256': signShipHero('shiphero-shared-secret', body),
				'x-shiphero-message-id': 'm-77',
			});
			expect(res.status).toBe(200);
			expect(res.workflowData![0][0].json).toMatchObject({
				provider: 'shiphero',
				topic: 'Shipment Update',
				orderKey: '1006',
				status: 'shipped',
				eventKey: 'shiphero:m-77',
			});
			const bad = await deliver('shiphero', body, { 'x-shiphero-hmac-sha256': signShipHero('nope', body) });
			expect(bad.status).toBe(401);
		},
	);

	it(
		'when the order cannot be read, ' + 'the genuine delivery is still passed on with the reason (nothing lost)',
		async () => {
			const body = JSON.stringify(shipbobShippedFixture(123));
			const res = await deliver('shipbob', body, shipbobHeaders(body));
			expect(res.status).toBe(200);
			expect(res.workflowData![0][0].json).toMatchObject({ externalId: '123', status: null });
			expect(String(res.workflowData![0][0].json.fetchError)).toMatch(/404/);
		},
	);
});

describe('signing secrets come from the credential, never from static data', () => {
	const HOOK_URL = 'https://n8n.example.com/webhook/abc/3pl';
	// Where n8n keeps getWorkflowStaticData('node') of the node named so.
	const NODE_STATIC = 'node:3PL Fulfillment Trigger';
	const withoutSecret = {
		...credentials,
		shipBobPostPurchaseApi: { ...credentials.shipBobPostPurchaseApi, webhookSecret: '' },
		shipHeroPostPurchaseApi: { ...credentials.shipHeroPostPurchaseApi, webhookSecret: '' },
	};
	const deliverWith = (
		provider: string,
		body: string,
		headers: Record<string, string>,
		staticData: IDataObject,
		creds: typeof credentials = withoutSecret,
	) =>
		runWebhook({
			nodeType: new ThreePlFulfillmentTrigger(),
			parameters: { provider, fetchOrder: false },
			credentials: creds,
			credentialTypes,
			headers: { 'content-type': 'application/json', ...headers },
			rawBody: Buffer.from(body),
			path: '3pl',
			staticData,
		});

	it('ShipBob, no secret in the credential: verified with the one derived from its token and the URL', async () => {
		const subscription = { ids: ['wh_1'], url: HOOK_URL, secretFingerprint: 'x' };
		const derived = shipbobWebhookSecret('', 'sb-pat-test', HOOK_URL);
		const body = JSON.stringify(shipbobShippedFixture());
		const ok = await deliverWith('shipbob', body, shipbobHeaders(body, derived), { [NODE_STATIC]: { subscription } });
		expect(ok.status).toBe(200);
		// Another secret (what a forger would have to guess) is refused.
		const forged = await deliverWith('shipbob', body, shipbobHeaders(body, SHIPBOB_SECRET), {
			[NODE_STATIC]: { subscription },
		});
		expect(forged.status).toBe(401);
	});

	it('a secret an older version left in static data is still read: deliveries verify until reactivation', async () => {
		const legacy = { ids: ['wh_1'], url: HOOK_URL, secret: SHIPBOB_SECRET };
		const body = JSON.stringify(shipbobShippedFixture());
		const res = await deliverWith('shipbob', body, shipbobHeaders(body, SHIPBOB_SECRET), {
			[NODE_STATIC]: { subscription: legacy },
		});
		expect(res.status).toBe(200);
	});

	(sharedSpecPath('shiphero/shiphero_schema.json') ? it : it.skip)(
		'ShipHero without a secret in the credential: the secret ShipHero reports for our webhook is used',
		async () => {
			const refresh = await shiphero.handle(
				toSimRequest(
					'POST',
					'/auth/refresh',
					{ 'content-type': 'application/json' },
					'{"refresh_token":"sh-refresh-test"}',
				),
			);
			const token = (refresh!.body as { access_token: string }).access_token;
			const create = `mutation { webhook_create(data: { name: "Shipment Update", url: "${HOOK_URL}" }) {
				request_id webhook { shared_signature_secret } } }`;
			const created = await shiphero.handle(
				toSimRequest(
					'POST',
					'/graphql',
					{ 'content-type': 'application/json', authorization: `Bearer ${token}` },
					JSON.stringify({ query: create }),
				),
			);
			expect(created!.body).toMatchObject({ data: { webhook_create: {} } });
			const secret = (created!.body as { data: { webhook_create: { webhook: { shared_signature_secret: string } } } })
				.data.webhook_create.webhook.shared_signature_secret;
			const subscription = { ids: ['Shipment Update'], url: HOOK_URL };
			const body = JSON.stringify(shipheroShipmentUpdateFixture('#1006'));
			const ok = await deliverWith(
				'shiphero',
				body,
				{ 'x-shiphero-hmac-sha256': signShipHero(secret, body) },
				{
					[NODE_STATIC]: { subscription },
				},
			);
			expect(ok.status).toBe(200);
			const bad = await deliverWith(
				'shiphero',
				body,
				{ 'x-shiphero-hmac-sha256': signShipHero('nope', body) },
				{
					[NODE_STATIC]: { subscription },
				},
			);
			expect(bad.status).toBe(401);
		},
	);
});
