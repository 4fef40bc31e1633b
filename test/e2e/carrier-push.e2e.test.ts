/**
 * Carrier Tracking Trigger inside a real n8n (the packed package as a community node), feeding Order
 * Ledger (embedded storage, Append Event with its defaults): for USPS and for UPS Track Alert, a genuine
 * push is stored once and a forged one gets 401 and stores nothing. UPS fetches its bearer token from the
 * trigger's own token URL first, as Track Alert v2 does with the customer's token URL. The ledger is read
 * back by a manual workflow run inside the server (the embedded ledger is one process at a time).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUspsNotification } from '../helpers/webhookSigners';
import {
	chainWorkflow,
	E2E_SETUP_TIMEOUT_MS,
	E2E_TEST_TIMEOUT_MS,
	e2eGate,
	manualWorkflow,
	N8nInstance,
	nodeItems,
	nodeTypeName,
} from './harness';

jest.setTimeout(2 * E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

const USPS_SECRET = 'tEst0nlyUspsHmacSecret2026ab3F9q';
const UPS_CLIENT = { clientId: 'ups-webhook-client', clientSecret: 'a-long-random-client-secret-0042' };

(gate.run ? describe : describe.skip)('Carrier Tracking Trigger in real n8n', () => {
	let n8n: N8nInstance;
	const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-e2e-push-'));
	const append = {
		name: 'Order Ledger',
		type: nodeTypeName('orderLedger'),
		typeVersion: 1,
		parameters: { backend: 'embedded', dataDirectory, operation: 'appendEvent' },
	};

	beforeAll(async () => {
		n8n = await N8nInstance.create({ install: gate.install });
		await n8n.importCredentials([
			{
				id: 'e2eUspsPush000001',
				name: 'USPS subscription',
				type: 'uspsTrackingSubscriptionPostPurchaseApi',
				data: { secret: USPS_SECRET },
			},
			{
				id: 'e2eUpsPush0000001',
				name: 'UPS Track Alert',
				type: 'upsTrackAlertPostPurchaseApi',
				data: { scheme: 'oauth', ...UPS_CLIENT },
			},
		]);
		await n8n.startServer();
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		rmSync(dataDirectory, { recursive: true, force: true });
	});

	/** Every event the ledger holds from `source` (any status), read in the server process. */
	async function storedEvents(source: string) {
		const workflow = manualWorkflow({
			name: `e2e: push ledger ${source} ${randomUUID().slice(0, 8)}`,
			nodes: [
				{
					name: 'List',
					type: nodeTypeName('orderLedger'),
					typeVersion: 1,
					parameters: {
						backend: 'embedded',
						dataDirectory,
						operation: 'listEvents',
						eventStatuses: [],
						eventSource: source,
						includePayload: true,
					},
					alwaysOutputData: true,
				} as never,
			],
		});
		const { id, active, ...rest } = workflow;
		void id;
		void active;
		const created = await n8n.api<{ id: string }>('POST', '/workflows', rest);
		const run = await n8n.runWorkflow(created.id, 'Manual Trigger');
		expect(run.status).toBe('success');
		return nodeItems(run, 'List').filter((i) => i.json.key !== undefined);
	}

	function activate(name: string, carrier: 'ups' | 'usps', webhookId: string) {
		const credentials: Record<string, { id: string; name: string }> =
			carrier === 'usps'
				? { uspsTrackingSubscriptionPostPurchaseApi: { id: 'e2eUspsPush000001', name: 'USPS subscription' } }
				: { upsTrackAlertPostPurchaseApi: { id: 'e2eUpsPush0000001', name: 'UPS Track Alert' } };
		return n8n.activateWorkflow(
			chainWorkflow(name, [
				{
					name: 'Carrier Tracking Trigger',
					type: nodeTypeName('carrierTrackingTrigger'),
					webhookId,
					parameters: { carrier },
					credentials,
				},
				append,
			]),
		);
	}

	it('USPS: a signed notification is stored once; a forged one gets 401 and stores nothing', async () => {
		const webhookId = randomUUID();
		const workflowId = await activate('e2e: usps push', 'usps', webhookId);
		const timestamp = new Date().toISOString();
		const payload = JSON.stringify({
			trackingNumber: '9400111899561234587128',
			statusCategory: 'In Transit',
			destinationCity: 'COLUMBUS',
			destinationState: 'OH',
			trackingEvents: [
				{
					eventType: 'Arrived at USPS Regional Destination Facility',
					eventTimestamp: '2026-12-03T06:41:00-05:00',
					GMTTimestamp: '2026-12-03T11:41:00Z',
					GMTOffset: '-5:00',
					eventCity: 'COLUMBUS',
					eventState: 'OH',
					eventCode: '10',
				},
			],
		});
		const body = JSON.stringify({
			subscriptionId: 'sub-e2e',
			subscriptionType: 'Tracking Subscription Event',
			timestamp,
			payload,
		});
		const path = `${webhookId}/push`;

		const forged = await n8n.callWebhook(path, Buffer.from(body), {
			headers: { 'X-HMAC': signUspsNotification('AnotherSecretOf32CharactersLong!', timestamp, payload) },
		});
		expect(forged.status).toBe(401);
		const genuine = await n8n.callWebhook(path, Buffer.from(body), {
			headers: { 'X-HMAC': signUspsNotification(USPS_SECRET, timestamp, payload) },
		});
		expect(genuine.status).toBe(200);
		const execution = await n8n.waitForExecution(workflowId);
		expect(nodeItems(execution, 'Order Ledger').map((i) => i.json.status)).toEqual(['new']);

		const stored = await storedEvents('usps');
		expect(stored).toHaveLength(1);
		expect(stored[0].json).toMatchObject({
			source: 'usps',
			topic: 'tracking',
			key: expect.stringMatching(/^usps:push:/),
		});
		const storedPayload = stored[0].json.payload as {
			trackingNumber: string;
			observations: Array<{ kind: string; data: { status: string } }>;
		};
		expect(storedPayload.trackingNumber).toBe('9400111899561234587128');
		expect(storedPayload.observations.map((o) => [o.kind, o.data.status])).toEqual([['tracking', 'in_transit']]);
	});

	it(
		"UPS: Track Alert gets a token from the trigger's token URL; " +
			'a push with it is stored, a forged token gets 401',
		async () => {
			const webhookId = randomUUID();
			const workflowId = await activate('e2e: ups push', 'ups', webhookId);
			const basic = Buffer.from(`${UPS_CLIENT.clientId}:${UPS_CLIENT.clientSecret}`).toString('base64');
			const tokenRes = await n8n.callWebhook(`${webhookId}/token`, 'grant_type=client_credentials', {
				headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
			});
			expect(tokenRes.status).toBe(200);
			const token = (tokenRes.json() as { access_token: string; token_type: string }).access_token;
			expect(token).toMatch(/^ppta\./);

			const body = JSON.stringify({
				trackingNumber: '1ZA8V2690348150728',
				localActivityDate: '20261207',
				localActivityTime: '141207',
				activityLocation: { city: 'PHOENIX', stateProvince: 'AZ', postalCode: '85016', country: 'US' },
				activityStatus: { type: 'D', code: 'FS', description: 'Delivered' },
				scheduledDeliveryDate: '20261204',
				actualDeliveryDate: '20261207',
				actualDeliveryTime: '141207',
				gmtActivityDate: '20261207',
				gmtActivityTime: '211207',
				gmtOffset: '-07.00',
			});
			const path = `${webhookId}/push`;
			const headers = { 'user-agent': 'UPSPubSubTrackingService', 'x-api-key': UPS_CLIENT.clientId };
			const forged = await n8n.callWebhook(path, Buffer.from(body), {
				headers: { ...headers, authorization: 'Bearer eyJmb3JnZWQiOnRydWV9.not-issued' },
			});
			expect(forged.status).toBe(401);
			const genuine = await n8n.callWebhook(path, Buffer.from(body), {
				headers: { ...headers, authorization: `Bearer ${token}` },
			});
			expect(genuine.status).toBe(200);
			await n8n.waitForExecution(workflowId);

			const stored = await storedEvents('ups');
			expect(stored).toHaveLength(1);
			const storedPayload = stored[0].json.payload as {
				status: string;
				deliveredAt: string;
				observations: Array<{ source: string }>;
			};
			expect(storedPayload.status).toBe('delivered');
			expect(Date.parse(storedPayload.deliveredAt)).toBe(Date.parse('2026-12-07T21:12:07Z'));
			expect(storedPayload.observations).toHaveLength(1);
		},
	);
});
