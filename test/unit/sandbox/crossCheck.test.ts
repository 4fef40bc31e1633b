/**
 * Two independent readings of each vendor's documentation must agree: a push the sandbox signs with its
 * own code (test/sandbox/world/signing.ts) passes the product's verifier, and the same push with one byte
 * changed, or signed with another secret, does not. A bug shared by a signer and a verifier written from
 * one reading cannot pass here, because the signer is not the product's.
 */
import { verifyShopifyWebhook } from '../../../nodes/lib/connectors/shopify/hmac';
import { verifySlackSignature } from '../../../nodes/lib/connectors/slack/signature';
import { verifyWebhook } from '../../../nodes/lib/connectors/threepl/webhooks';
import {
	answerUpsTokenRequest,
	verifyUpsTrackAlert,
	type UpsPushAuth,
} from '../../../nodes/lib/connectors/ups/trackAlert';
import { verifyUspsNotification } from '../../../nodes/lib/connectors/usps/subscription';
import {
	basicAuthorization,
	shipHeroHmacHeader,
	shipMonkSignature,
	shopifyHmacHeader,
	slackRequestHeaders,
	standardWebhooksSignature,
	upsTokenRequest,
	upsTrackAlertHeaders,
	uspsNotification,
} from '../../sandbox/world/signing';

const NOW = Date.parse('2026-12-04T18:24:04Z');
const BODY = '{"id":5600000000001,"name":"#1001","note":"caf\u00e9 \u2713"}';
const tamper = (body: string) => body.replace('1001', '1002');

describe('sandbox signers x product verifiers', () => {
	it('Shopify', () => {
		const secret = 'sandbox-webhook-secret';
		const headers = { 'x-shopify-hmac-sha256': shopifyHmacHeader(BODY, secret) };
		expect(verifyShopifyWebhook(Buffer.from(BODY), headers, secret)).toEqual({ valid: true });
		expect(verifyShopifyWebhook(Buffer.from(tamper(BODY)), headers, secret).valid).toBe(false);
		expect(verifyShopifyWebhook(Buffer.from(BODY), headers, 'another-app').valid).toBe(false);
	});

	it('ShipBob (Standard Webhooks)', () => {
		const secret = `whsec_${Buffer.from('sandbox-shipbob-signing-key-0123').toString('base64')}`;
		const ts = String(Math.floor(NOW / 1000));
		const headers = {
			'webhook-id': 'msg_1',
			'webhook-timestamp': ts,
			'webhook-signature': standardWebhooksSignature(secret, 'msg_1', ts, BODY),
		};
		expect(verifyWebhook('shipbob', Buffer.from(BODY), headers, secret, NOW)).toEqual({ ok: true });
		expect(verifyWebhook('shipbob', Buffer.from(tamper(BODY)), headers, secret, NOW).ok).toBe(false);
		expect(verifyWebhook('shipbob', Buffer.from(BODY), { ...headers, 'webhook-id': 'msg_2' }, secret, NOW).ok).toBe(
			false,
		);
	});

	it('ShipHero', () => {
		const headers = { 'x-shiphero-hmac-sha256': shipHeroHmacHeader(BODY, 'shsecret-1') };
		expect(verifyWebhook('shiphero', Buffer.from(BODY), headers, 'shsecret-1', NOW)).toEqual({ ok: true });
		expect(verifyWebhook('shiphero', Buffer.from(tamper(BODY)), headers, 'shsecret-1', NOW).ok).toBe(false);
		expect(verifyWebhook('shiphero', Buffer.from(BODY), headers, 'shsecret-2', NOW).ok).toBe(false);
	});

	it('ShipMonk: X-Sm-Signature in both encodings, and Basic auth', () => {
		for (const encoding of ['hex', 'base64'] as const) {
			const headers = { 'x-sm-signature': shipMonkSignature(BODY, 'shipmonk-secret', encoding) };
			expect(verifyWebhook('shipmonk', Buffer.from(BODY), headers, 'shipmonk-secret', NOW)).toEqual({ ok: true });
			expect(verifyWebhook('shipmonk', Buffer.from(tamper(BODY)), headers, 'shipmonk-secret', NOW).ok).toBe(false);
		}
		const basic = { authorization: basicAuthorization('n8n-shipmonk', 'pass:with-colon') };
		expect(verifyWebhook('shipmonk', Buffer.from(BODY), basic, 'n8n-shipmonk:pass:with-colon', NOW)).toEqual({
			ok: true,
		});
		expect(verifyWebhook('shipmonk', Buffer.from(BODY), basic, 'n8n-shipmonk:another', NOW).ok).toBe(false);
	});

	it('USPS tracking notification', () => {
		const secret = 'tEst0nlyUspsHmacSecret2026ab3F9q';
		const { body, headers } = uspsNotification(
			{
				subscriptionId: 'sub-1',
				timestamp: '2026-12-04T18:24:02.187Z',
				detail: { trackingNumber: '9400111899561234587128', trackingEvents: [] },
			},
			secret,
		);
		expect(verifyUspsNotification(Buffer.from(body), headers, secret, NOW)).toEqual({ ok: true });
		expect(verifyUspsNotification(Buffer.from(body), { 'hmac-header': headers['hmac-header'] }, secret, NOW)).toEqual({
			ok: true,
		});
		expect(
			verifyUspsNotification(
				Buffer.from(body.replace('9400111899561234587128', '9400111899561234587129')),
				headers,
				secret,
				NOW,
			).ok,
		).toBe(false);
		expect(verifyUspsNotification(Buffer.from(body), headers, 'AnotherSecretOf32CharactersLong!', NOW).ok).toBe(false);
	});

	it("UPS Track Alert v2: UPS fetches a token from the trigger's token URL, then pushes with it", () => {
		const auth: UpsPushAuth = {
			scheme: 'oauth',
			clientId: 'ups-trackalert-7f3c9a',
			clientSecret: 'test-only client secret: b81d4e0c',
		};
		const tokenRequest = upsTokenRequest(auth.clientId, auth.clientSecret);
		const answer = answerUpsTokenRequest(tokenRequest.headers, Buffer.from(tokenRequest.body), auth, NOW);
		expect(answer.status).toBe(200);
		const headers = upsTrackAlertHeaders({ accessToken: String(answer.body.access_token), clientId: auth.clientId });
		expect(verifyUpsTrackAlert(headers, auth, NOW)).toEqual({ ok: true });
		expect(verifyUpsTrackAlert({ ...headers, 'x-api-key': 'someone-else' }, auth, NOW).ok).toBe(false);
		const wrongSecret = upsTokenRequest(auth.clientId, 'a guess');
		expect(answerUpsTokenRequest(wrongSecret.headers, Buffer.from(wrongSecret.body), auth, NOW).status).toBe(401);
	});

	it("UPS Track Alert v1: the subscription's credential header", () => {
		const auth: UpsPushAuth = { scheme: 'credential', credential: 'test-only-v1-credential-9e27b5d1c0a4' };
		expect(verifyUpsTrackAlert(upsTrackAlertHeaders({ credential: auth.credential }), auth, NOW)).toEqual({ ok: true });
		expect(
			verifyUpsTrackAlert(upsTrackAlertHeaders({ credential: 'test-only-v1-credential-9e27b5d1c0a5' }), auth, NOW).ok,
		).toBe(false);
	});

	it('Slack request signature', () => {
		const payload = { type: 'block_actions', actions: [{ action_id: 'pp:ack:case-1', value: 'case-1' }] };
		const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
		const seconds = Math.floor(NOW / 1000);
		const headers = slackRequestHeaders('sandbox-signing-secret', seconds, body);
		const check = (rawBody: string, signingSecret = 'sandbox-signing-secret') =>
			verifySlackSignature({
				signingSecret,
				timestamp: headers['x-slack-request-timestamp'],
				signature: headers['x-slack-signature'],
				rawBody,
				nowMs: NOW,
			});
		expect(check(body)).toEqual({ ok: true });
		expect(check(body.replace('case-1', 'case-2')).ok).toBe(false);
		expect(check(body, 'another-apps-secret').ok).toBe(false);
	});
});
