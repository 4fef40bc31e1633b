/** Webhook subscription on activation / removal on deactivation, against the ShipBob and ShipHero sims. */
import { createFetchTransport } from '../../../nodes/lib/http';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import { ShipHeroClient } from '../../../nodes/lib/connectors/shiphero/client';
import {
	shipbobSubscribe,
	shipbobSubscriptionExists,
	shipbobUnsubscribe,
	shipheroSubscribe,
	shipheroSubscriptionExists,
	shipheroUnsubscribe,
	shipheroWebhookSecret,
	shipbobWebhookSecret,
	verifyWebhook,
} from '../../../nodes/lib/connectors/threepl';
import { describeIfSpec, loadOpenApi, sharedSpecPath, validateAgainstOpenApi } from '../../helpers/specs';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';
import { ShipHeroSim } from '../../sandbox/vendors/shiphero';
import { signShipBob } from '../../helpers/webhookSigners';

const URL_A = 'https://n8n.example.com/webhook/abc/3pl';

describe('webhook subscriptions', () => {
	let sandbox: RunningSandbox;
	const shipbob = new ShipBobSim({ orders: 2 });
	const shiphero = new ShipHeroSim({ orders: 2 });
	let heroToken = '';
	beforeAll(async () => {
		sandbox = await startSandbox([shipbob, shiphero]);
		const res = await fetch(`${sandbox.baseUrl('shiphero')}/auth/refresh`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ refresh_token: 'sh-refresh-test' }),
		});
		heroToken = ((await res.json()) as { access_token: string }).access_token;
	});
	afterAll(() => sandbox.close());

	it('ShipBob: subscribes with the credential-derived secret, keeps none, replaces a stale one', async () => {
		const api = new ShipBobClient({
			transport: createFetchTransport(),
			baseUrl: sandbox.baseUrl('shipbob'),
			headers: { authorization: 'Bearer sb-pat-test' },
		});
		shipbob.addWebhookSubscription({
			id: 'wh_old',
			url: URL_A,
			topics: ['order.shipped'],
			createdAt: '2026-01-01T00:00:00Z',
			secret: 'whsec_lost',
		});
		const secret = shipbobWebhookSecret('', 'sb-pat-test', URL_A);
		expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
		// The same credential and URL give the same secret on every worker; another token or URL another.
		expect(shipbobWebhookSecret('', 'sb-pat-test', URL_A)).toBe(secret);
		expect(shipbobWebhookSecret('', 'sb-pat-other', URL_A)).not.toBe(secret);
		expect(shipbobWebhookSecret('', 'sb-pat-test', 'https://elsewhere.example.com/hook')).not.toBe(secret);
		expect(shipbobWebhookSecret('whsec_own', 'sb-pat-test', URL_A)).toBe('whsec_own');
		const state = await shipbobSubscribe(api, URL_A, ['order.shipped', 'order.shipment.on_hold'], secret);
		// What static data gets: ids, URL and a fingerprint; never the secret.
		expect(JSON.stringify(state)).not.toContain(secret);
		expect(Object.keys(state).sort()).toEqual(['ids', 'secretFingerprint', 'url']);
		expect(shipbob.webhooks.map((w) => w.id)).toEqual([state.ids[0]]); // the stale one is gone
		expect(shipbob.webhooks[0].secret).toBe(secret); // ShipBob signs with the credential's secret
		expect(await shipbobSubscriptionExists(api, state, URL_A, secret)).toBe(true);
		expect(await shipbobSubscriptionExists(api, state, 'https://elsewhere.example.com/hook', secret)).toBe(false);
		expect(await shipbobSubscriptionExists(api, undefined, URL_A, secret)).toBe(false);
		// The credential changed (another secret): subscribe again.
		expect(await shipbobSubscriptionExists(api, state, URL_A, 'whsec_changed')).toBe(false);
		// A state an older version wrote, secret included: counts as missing, so activation replaces it.
		expect(await shipbobSubscriptionExists(api, { ...state, secret: 'whsec_old' }, URL_A, secret)).toBe(false);
		// A delivery signed with the stored secret verifies.
		const body = Buffer.from('{"x":1}');
		const ts = String(Math.floor(Date.now() / 1000));
		expect(
			verifyWebhook(
				'shipbob',
				body,
				{ 'webhook-id': 'm', 'webhook-timestamp': ts, 'webhook-signature': signShipBob(secret, 'm', ts, body) },
				secret,
				Date.now(),
			).ok,
		).toBe(true);
		await shipbobUnsubscribe(api, state);
		expect(shipbob.webhooks).toHaveLength(0);
		await expect(shipbobUnsubscribe(api, state)).resolves.toBeUndefined(); // already gone is fine
	});

	(sharedSpecPath('shiphero/shiphero_schema.json') ? it : it.skip)(
		'ShipHero: one webhook per type, no secret kept (read back from ShipHero), removed on deactivation',
		async () => {
			const api = new ShipHeroClient({
				transport: createFetchTransport(),
				baseUrl: sandbox.baseUrl('shiphero'),
				headers: { authorization: `Bearer ${heroToken}` },
			});
			const state = await shipheroSubscribe(api, URL_A, ['Shipment Update', 'Order Canceled']);
			expect(state).toEqual({ ids: ['Shipment Update', 'Order Canceled'], url: URL_A, shopName: undefined });
			// The trigger reads the secret ShipHero signs with when a delivery comes, through the credential.
			expect(await shipheroWebhookSecret(api, URL_A)).toMatch(/^shsecret-/);
			expect(await shipheroWebhookSecret(api, 'https://elsewhere.example.com/hook')).toBe('');
			expect(shiphero.webhooks.map((w) => w.name)).toEqual(['Shipment Update', 'Order Canceled']);
			expect(await shipheroSubscriptionExists(api, state, URL_A)).toBe(true);
			const again = await shipheroSubscribe(api, URL_A, ['Shipment Update']);
			expect(shiphero.webhooks.filter((w) => w.name === 'Shipment Update')).toHaveLength(1);
			await shipheroUnsubscribe(api, { ...again, ids: ['Shipment Update', 'Order Canceled'] });
			expect(shiphero.webhooks).toHaveLength(0);
		},
	);
});

describeIfSpec('shipbob/shipbob-openapi.json')('ShipBob subscription request contract', () => {
	it('the body shipbobSubscribe sends is a valid Webhooks.V2.CreateSubscriptionRequest', async () => {
		const sim = new ShipBobSim({ orders: 1 });
		const box = await startSandbox([sim]);
		try {
			const api = new ShipBobClient({
				transport: createFetchTransport(),
				baseUrl: box.baseUrl('shipbob'),
				headers: { authorization: 'Bearer sb-pat-test' },
			});
			await shipbobSubscribe(api, URL_A, ['order.shipped'], shipbobWebhookSecret('', 'sb-pat-test', URL_A));
			const post = sim.kit.requests.find((r) => r.method === 'POST')!;
			expect(
				validateAgainstOpenApi(
					loadOpenApi('shipbob/shipbob-openapi.json'),
					{ path: '/2026-01/webhook', method: 'POST', kind: 'request' },
					post.json,
				).errors,
			).toEqual([]);
		} finally {
			await box.close();
		}
	});
});
