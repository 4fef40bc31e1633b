/**
 * The sandbox signs pushes with its own code, written from the vendors' documentation (not with the
 * product's verifiers). Checked here against readings made outside both: the documentation's own examples,
 * the clean-room corpus (test/fixtures/vendor-native, whose authors computed its signatures from the vendor
 * docs without reading this code), and digests printed by openssl. The product's verifiers meet these
 * signers only in crossCheck.test.ts and control.test.ts (two independent readings that must agree).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
	basicAuthorization,
	shipHeroHmacHeader,
	shipMonkSignature,
	shopifyHmacHeader,
	slackRequestHeaders,
	slackSignature,
	standardWebhooksSignature,
	upsTokenRequest,
	upsTrackAlertHeaders,
	uspsNotification,
	uspsNotificationHmac,
} from '../../sandbox/world/signing';

const CORPUS = path.resolve(__dirname, '../../fixtures/vendor-native');

/** What these tests read of a corpus push's .meta.json (the corpus authors' record of how it was made). */
interface PushMeta {
	http?: { headers?: Record<string, unknown> };
	secret: string;
	/** A forged push: the key it was signed with instead of the secret. */
	forgedWith: string;
	/** UPS Track Alert v2: the token and client id the push carries. */
	auth: { accessToken: string; clientId: string };
	expect: { signatureValid?: boolean };
}

/** A corpus push: the body's exact bytes, its headers (lower-cased) and the meta's secret. */
function corpusPush(name: string): { raw: string; headers: Record<string, string>; meta: PushMeta } {
	const raw = readFileSync(path.join(CORPUS, `${name}.json`), 'utf8');
	const meta = JSON.parse(readFileSync(path.join(CORPUS, `${name}.meta.json`), 'utf8')) as PushMeta;
	const headers = Object.fromEntries(
		Object.entries(meta.http?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
	);
	return { raw, headers, meta };
}

describe("the sandbox's push signatures", () => {
	it("Standard Webhooks (ShipBob): the specification's published example vector", () => {
		// standard-webhooks/standard-webhooks spec.md, "Signature scheme" example.
		const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
		const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
		const timestamp = '1614265330';
		const body = '{"test": 2432232314}';
		expect(standardWebhooksSignature(secret, id, timestamp, body)).toBe(
			'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
		);
	});

	it('Standard Webhooks refuses a secret without its whsec_ prefix, naming the field', () => {
		expect(() => standardWebhooksSignature('MfKQ9r8G', 'msg_1', '1', '{}')).toThrow(/secret: .*whsec_/);
	});

	it(
		"Shopify: the clean-room corpus's deliveries " + '(signed with the app secret) and its forged one (another key)',
		() => {
			const genuine = corpusPush('shopify/orders-create-1001');
			expect(genuine.meta.expect.signatureValid).toBe(true);
			expect(shopifyHmacHeader(genuine.raw, genuine.meta.secret)).toBe(genuine.headers['x-shopify-hmac-sha256']);
			const forged = corpusPush('shopify/orders-cancelled-1001-forged');
			expect(shopifyHmacHeader(forged.raw, forged.meta.secret)).not.toBe(forged.headers['x-shopify-hmac-sha256']);
			expect(shopifyHmacHeader(forged.raw, forged.meta.forgedWith)).toBe(forged.headers['x-shopify-hmac-sha256']);
		},
	);

	it('ShipHero: base64 HMAC-SHA256 of the raw body with the shared_signature_secret (openssl)', () => {
		// printf '%s' '{"webhook_type":"Shipment Update","test":"1"}' \
		//   | openssl dgst -sha256 -hmac 'shsecret-1' -binary | base64
		expect(shipHeroHmacHeader('{"webhook_type":"Shipment Update","test":"1"}', 'shsecret-1')).toBe(
			'TpRSPIggxF2rS76mLaoDaRk87cERGlnV2lFhBBxvvzI=',
		);
	});

	it(
		'ShipMonk: X-Sm-Signature is HMAC-SHA512 of the raw payload in either encoding (openssl), Basic auth as in the ' +
			'corpus',
		() => {
			const body = '{"order_key":"shopify-7000002","type":"order_shipped"}';
			// printf '%s' "$body" | openssl dgst -sha512 -hmac 'shipmonk-secret' -hex (and -binary | base64)
			expect(shipMonkSignature(body, 'shipmonk-secret')).toBe(
				'378b1a068c821aadd9fc47de13b74f3d08d959f7b5dc741fc15aa2f241d575db' +
					'ec4da6c7da336f2e5d1e781828fdf10e18a2ce82a59c066e8da4f9437108659a',
			);
			expect(shipMonkSignature(body, 'shipmonk-secret', 'base64')).toBe(
				'N4saBoyCGq3Z/EfeE7dPPQjZWfe13HQfwVqi8kHVddvsTabH2jNvLl0eeBgo/fEOGKLOgqWcBm6NpPlDcQhlmg==',
			);
			const push = corpusPush('shipmonk/webhook-order-shipment-notification-1007');
			const [username, password] = String(push.meta.secret).split(/:(.*)/s);
			expect(basicAuthorization(username, password)).toBe(push.headers.authorization);
			const badAuth = corpusPush('shipmonk/webhook-order-shipment-notification-1007-bad-auth');
			expect(basicAuthorization(username, password)).not.toBe(badAuth.headers.authorization);
		},
	);

	it(
		"USPS: X-HMAC over the timestamp and payload field values, as the corpus's genuine and tampered notifications " +
			'read',
		() => {
			// printf '%s' '2024-12-27T19:05:42.747Z{"trackingNumber":"12345678"}' \
			//   | openssl dgst -sha256 -hmac 'MySecretKeyPhraseIs32BytesLength' -binary | base64
			expect(
				uspsNotificationHmac(
					'2024-12-27T19:05:42.747Z',
					'{"trackingNumber":"12345678"}',
					'MySecretKeyPhraseIs32BytesLength',
				),
			).toBe('X+n+V25islyb1Tzn40u/zBHXbq2jp1qrpoPTEtKg5v0=');
			const genuine = corpusPush('usps/notification-9400111899561234587128-delivered');
			const fields = JSON.parse(genuine.raw);
			expect(uspsNotificationHmac(fields.timestamp, fields.payload, genuine.meta.secret)).toBe(
				genuine.headers['x-hmac'],
			);
			const tampered = corpusPush('usps/notification-9400111899561234587128-tampered');
			const changed = JSON.parse(tampered.raw);
			expect(uspsNotificationHmac(changed.timestamp, changed.payload, tampered.meta.secret)).not.toBe(
				tampered.headers['x-hmac'],
			);
		},
	);

	it('USPS: a built notification carries payload as a JSON string, signed under X-HMAC and its deprecated twin', () => {
		const { body, headers } = uspsNotification(
			{
				subscriptionId: 'sub-1',
				timestamp: '2026-12-04T18:24:02.187Z',
				detail: { trackingNumber: '9400111899561234587128' },
			},
			'secret-32-characters-long-000000',
		);
		const parsed = JSON.parse(body);
		expect(parsed).toEqual({
			subscriptionId: 'sub-1',
			subscriptionType: 'TRACKING',
			timestamp: '2026-12-04T18:24:02.187Z',
			payload: '{"trackingNumber":"9400111899561234587128"}',
		});
		expect(headers['x-hmac']).toBe(
			uspsNotificationHmac(parsed.timestamp, parsed.payload, 'secret-32-characters-long-000000'),
		);
		expect(headers['hmac-header']).toBe(headers['x-hmac']);
	});

	it('UPS Track Alert: the push headers the corpus records for v2 (OAuth) and v1 (credential)', () => {
		const v2 = corpusPush('ups/trackalert-push-in-transit');
		expect(
			upsTrackAlertHeaders({ accessToken: v2.meta.auth.accessToken, clientId: v2.meta.auth.clientId }),
		).toMatchObject({ authorization: v2.headers.authorization, 'x-api-key': v2.headers['x-api-key'] });
		const v1 = corpusPush('ups/trackalert-push-v1-access-point');
		expect(upsTrackAlertHeaders({ credential: v1.meta.secret })).toMatchObject({ credential: v1.headers.credential });
	});

	it(
		'UPS Track Alert: the token request is client_secret_basic with each part form-urlencoded first (RFC 6749 ' +
			'2.3.1)',
		() => {
			const request = upsTokenRequest('id with space', 'p@ss:word');
			expect(Buffer.from(request.headers.authorization.replace(/^Basic /, ''), 'base64').toString('utf8')).toBe(
				'id+with+space:p%40ss%3Aword',
			);
			expect(request.body).toBe('grant_type=client_credentials');
		},
	);

	it('Slack: reproduces the signature Slack documents for its example request', () => {
		// "Verifying requests from Slack": the example signing secret, timestamp, slash-command body and signature.
		const body =
			'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
			'&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
			'&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
			'&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
		expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', '1531420618', body)).toBe(
			'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
		);
		expect(slackRequestHeaders('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toEqual({
			'content-type': 'application/x-www-form-urlencoded',
			'x-slack-request-timestamp': '1531420618',
			'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
		});
	});
});
