/**
 * Carrier Tracking Trigger through n8n's webhook path (runWebhook, n8n-core's WebhookContext): a push
 * proven to be the carrier's starts the workflow with one tracking observation; a forged one gets 401 and
 * starts nothing; an unreadable one gets 400 naming the field; UPS gets its token from the second webhook.
 */
import { UpsTrackAlertPostPurchaseApi } from '../../credentials/UpsTrackAlertPostPurchaseApi.credentials';
import * as uspsSubscription from '../../credentials/UspsTrackingSubscriptionPostPurchaseApi.credentials';
import { CarrierTrackingTrigger } from '../../nodes/CarrierTrackingTrigger/CarrierTrackingTrigger.node';
import { signUspsNotification } from '../helpers/webhookSigners';
import { runWebhook } from '../helpers/n8n';

const credentialTypes = [
	new UpsTrackAlertPostPurchaseApi(),
	new uspsSubscription.UspsTrackingSubscriptionPostPurchaseApi(),
];
const UPS_OAUTH = { scheme: 'oauth', clientId: 'ups-webhook-client', clientSecret: 'a-long-random-client-secret-0042' };
const USPS_SECRET = 'tEst0nlyUspsHmacSecret2026ab3F9q';

function deliver(
	carrier: 'ups' | 'usps',
	body: string | Buffer,
	headers: Record<string, string>,
	options: { ups?: Record<string, string>; webhookName?: string; parameters?: Record<string, unknown> } = {},
) {
	return runWebhook({
		nodeType: new CarrierTrackingTrigger(),
		parameters: { carrier, ...options.parameters },
		credentials: {
			upsTrackAlertPostPurchaseApi: options.ups ?? UPS_OAUTH,
			uspsTrackingSubscriptionPostPurchaseApi: { secret: USPS_SECRET },
		},
		credentialTypes,
		headers: { 'content-type': 'application/json', ...headers },
		rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
		path: options.webhookName === 'setup' ? 'token' : 'push',
		webhookName: options.webhookName,
	});
}

const upsPush = JSON.stringify({
	trackingNumber: '1ZA8V2690348150728',
	localActivityDate: '20261202',
	localActivityTime: '201200',
	activityLocation: { city: 'HODGKINS', stateProvince: 'IL', country: 'US' },
	activityStatus: { type: 'I', code: 'AR', description: 'Arrived at Facility' },
	scheduledDeliveryDate: '20261204',
	gmtActivityDate: '20261203',
	gmtActivityTime: '021200',
	gmtOffset: '-06.00',
});

function uspsNotification(timestamp = new Date().toISOString(), detail: Record<string, unknown> = {}) {
	const payload = JSON.stringify({
		trackingNumber: '9400111899561234587128',
		statusCategory: 'Delivered',
		destinationCity: 'COLUMBUS',
		destinationState: 'OH',
		trackingEvents: [
			{
				eventType: 'Delivered, In/At Mailbox',
				eventTimestamp: '2026-12-04T13:22:00-05:00',
				GMTTimestamp: '2026-12-04T18:22:00Z',
				GMTOffset: '-5:00',
				eventCity: 'COLUMBUS',
				eventState: 'OH',
				eventCode: '01',
			},
		],
		...detail,
	});
	const body = JSON.stringify({
		subscriptionId: 'sub-1',
		subscriptionType: 'Tracking Subscription Event',
		timestamp,
		payload,
	});
	return { body, headers: { 'X-HMAC': signUspsNotification(USPS_SECRET, timestamp, payload) } };
}

async function upsToken(): Promise<string> {
	const basic = Buffer.from(`${UPS_OAUTH.clientId}:${UPS_OAUTH.clientSecret}`).toString('base64');
	const res = await deliver(
		'ups',
		'grant_type=client_credentials',
		{ 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
		{ webhookName: 'setup' },
	);
	expect(res.status).toBe(200);
	expect(res.workflowData).toBeUndefined();
	return (res.body as { access_token: string }).access_token;
}

describe('Carrier Tracking Trigger: UPS Track Alert', () => {
	it(
		'issues a token at its token URL, ' + 'and a push carrying it starts the workflow with one tracking observation',
		async () => {
			const token = await upsToken();
			const res = await deliver('ups', upsPush, {
				authorization: `Bearer ${token}`,
				'x-api-key': UPS_OAUTH.clientId,
				'user-agent': 'UPSPubSubTrackingService',
			});
			expect(res.status).toBe(200);
			expect(res.workflowData).toHaveLength(1);
			const [item] = res.workflowData![0];
			expect(item.pairedItem).toBeUndefined();
			expect(item.json).toMatchObject({
				carrier: 'ups',
				source: 'ups',
				kind: 'tracking',
				orderKey: '',
				trackingNumber: '1ZA8V2690348150728',
				status: 'in_transit',
				estimatedDelivery: '2026-12-04',
			});
			expect(String(item.json.key)).toMatch(/^ups:push:[0-9a-f]{24}$/);
			const observations = item.json.observations as Array<{
				source: string;
				kind: string;
				occurredAt: string;
				data: { events: unknown[] };
			}>;
			expect(observations).toHaveLength(1);
			expect(observations[0]).toMatchObject({ source: 'ups', kind: 'tracking' });
			expect(Date.parse(observations[0].occurredAt)).toBe(Date.parse('2026-12-03T02:12:00Z'));
		},
	);

	it('a forged or missing token gets 401 and starts nothing', async () => {
		const attempts: Array<Record<string, string>> = [
			{ authorization: 'Bearer eyJmb3JnZWQiOnRydWV9.x', 'x-api-key': UPS_OAUTH.clientId },
			{ 'x-api-key': UPS_OAUTH.clientId },
			{},
		];
		for (const headers of attempts) {
			const res = await deliver('ups', upsPush, headers);
			expect(res.status).toBe(401);
			expect(res.workflowData).toBeUndefined();
		}
		const wrongClient = await deliver(
			'ups',
			'grant_type=client_credentials',
			{ authorization: `Basic ${Buffer.from('x:y').toString('base64')}` },
			{ webhookName: 'setup' },
		);
		expect(wrongClient.status).toBe(401);
	});

	it('v1 subscription credential: the echoed header decides', async () => {
		const ups = { scheme: 'credential', credential: 'v1-opaque-credential-8c1f' };
		expect((await deliver('ups', upsPush, { credential: 'v1-opaque-credential-8c1f' }, { ups })).status).toBe(200);
		const forged = await deliver('ups', upsPush, { credential: 'guessed' }, { ups });
		expect(forged.status).toBe(401);
		expect(forged.workflowData).toBeUndefined();
	});

	it('a verified but malformed push gets 400 naming the field, and starts nothing', async () => {
		const ups = { scheme: 'credential', credential: 'c' };
		const noStatus = await deliver(
			'ups',
			JSON.stringify({ trackingNumber: '1ZA8V2690348150728' }),
			{ credential: 'c' },
			{ ups },
		);
		expect(noStatus.status).toBe(400);
		expect(noStatus.body).toMatchObject({ field: 'activityStatus' });
		expect(noStatus.workflowData).toBeUndefined();
		const notJson = await deliver('ups', '{"trackingNumber":', { credential: 'c' }, { ups });
		expect(notJson.status).toBe(400);
		expect(notJson.body).toMatchObject({ field: 'body' });
	});
});

describe('Carrier Tracking Trigger: USPS tracking subscription', () => {
	it('a signed notification starts the workflow with the delivered observation', async () => {
		const { body, headers } = uspsNotification();
		const res = await deliver('usps', body, headers);
		expect(res.status).toBe(200);
		const [item] = res.workflowData![0];
		expect(item.json).toMatchObject({
			carrier: 'usps',
			key: expect.stringMatching(/^usps:push:/),
			trackingNumber: '9400111899561234587128',
			status: 'delivered',
			orderKey: '',
		});
		expect(Date.parse(String(item.json.deliveredAt))).toBe(Date.parse('2026-12-04T18:22:00Z'));
		expect((item.json.push as { subscriptionId: string }).subscriptionId).toBe('sub-1');
	});

	it('forged, tampered and stale notifications get 401 and start nothing', async () => {
		const { body, headers } = uspsNotification();
		const forged = await deliver('usps', body, {
			'X-HMAC': signUspsNotification('AnotherSecretOf32CharactersLong!', 'x', 'y'),
		});
		const tampered = await deliver('usps', body.replace('Delivered', 'Alert'), headers);
		const old = uspsNotification(new Date(Date.now() - 10 * 60_000).toISOString());
		const stale = await deliver('usps', old.body, old.headers);
		for (const res of [forged, tampered, stale]) {
			expect(res.status).toBe(401);
			expect(res.workflowData).toBeUndefined();
		}
		expect(JSON.stringify(stale.body)).toMatch(/outside the 300 s tolerance/);
		// The tolerance is the node's option.
		expect(
			(await deliver('usps', old.body, old.headers, { parameters: { timestampToleranceSeconds: 900 } })).status,
		).toBe(200);
	});

	it('a notification whose payload names no item gets 400 naming the field', async () => {
		const { body, headers } = uspsNotification(undefined, { trackingNumber: undefined });
		const res = await deliver('usps', body, headers);
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ field: 'payload.trackingNumber' });
		expect(res.workflowData).toBeUndefined();
	});

	it("the token URL is UPS's only", async () => {
		const res = await deliver('usps', 'grant_type=client_credentials', {}, { webhookName: 'setup' });
		expect(res.status).toBe(404);
		expect(res.workflowData).toBeUndefined();
	});
});
