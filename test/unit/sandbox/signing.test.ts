/**
 * The sandbox signs webhooks with its own code, written from the vendors' documentation (not with the
 * product's verifiers). Checked here against the documentation's own examples, and against the product's
 * verifiers only in control.test.ts (two independent readings that must agree).
 */
import { createHmac } from 'node:crypto';
import { shopifyHmacHeader, standardWebhooksSignature } from '../../sandbox/world/signing';

describe('the sandbox\'s webhook signatures', () => {
	it('Standard Webhooks (ShipBob): the specification\'s published example vector', () => {
		// standard-webhooks/standard-webhooks spec.md, "Signature scheme" example.
		const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
		const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
		const timestamp = '1614265330';
		const body = '{"test": 2432232314}';
		expect(standardWebhooksSignature(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
	});

	it('Standard Webhooks refuses a secret without its whsec_ prefix, naming the field', () => {
		expect(() => standardWebhooksSignature('MfKQ9r8G', 'msg_1', '1', '{}')).toThrow(/secret: .*whsec_/);
	});

	it('Shopify: base64 HMAC-SHA256 of the raw body with the app secret (a changed byte changes it)', () => {
		const body = '{"id":5600000000000,"name":"#1001"}';
		expect(shopifyHmacHeader(body, 'sandbox-webhook-secret')).toBe(createHmac('sha256', 'sandbox-webhook-secret').update(body).digest('base64'));
		expect(shopifyHmacHeader(body.replace('1001', '1002'), 'sandbox-webhook-secret')).not.toBe(shopifyHmacHeader(body, 'sandbox-webhook-secret'));
	});
});
