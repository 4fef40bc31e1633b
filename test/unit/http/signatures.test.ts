import { createHmac } from 'node:crypto';
import { decodeMac, macMatches } from '../../../nodes/lib/http/signatures';
import { shopifyDeliveryKey, verifyShopifyWebhook } from '../../../nodes/lib/connectors/shopify/hmac';

const mac = createHmac('sha256', 'k').update('body').digest();

describe('decodeMac: strict, canonical decoding', () => {
	it.each([
		['base64 with padding', mac.toString('base64'), 'base64'],
		['base64 without padding', mac.toString('base64').replace(/=+$/, ''), 'base64'],
		['base64url', mac.toString('base64url'), 'base64'],
		['lower-case hex', mac.toString('hex'), 'hex'],
		['upper-case hex', mac.toString('hex').toUpperCase(), 'hex'],
	] as const)('accepts %s as the same bytes', (_label, text, encoding) => {
		expect(macMatches(decodeMac(text, encoding), mac)).toBe(true);
	});

	it.each([
		['a character base64 does not have', `${mac.toString('base64')}!`, 'base64'],
		['a space inside', `${mac.toString('base64').slice(0, 10)} ${mac.toString('base64').slice(10)}`, 'base64'],
		['odd-length hex', mac.toString('hex').slice(1), 'hex'],
		['a non-hex letter', `${mac.toString('hex').slice(2)}zz`, 'hex'],
		['empty', '', 'base64'],
	] as const)('refuses %s', (_label, text, encoding) => {
		expect(decodeMac(text, encoding)).toBeUndefined();
		expect(macMatches(decodeMac(text, encoding), mac)).toBe(false);
	});

	it('a MAC of another length never matches (and never throws)', () => {
		expect(macMatches(mac.subarray(0, 16), mac)).toBe(false);
	});
});

describe('Shopify: signature and delivery key', () => {
	const secret = 'shpss_secret';
	const body = Buffer.from('{"id":1,"updated_at":"2026-01-01T00:00:00Z"}');
	const sign = (b: Buffer) => createHmac('sha256', secret).update(b).digest('base64');

	it('verifies the decoded HMAC bytes, and refuses a lenient-only decoding', () => {
		expect(verifyShopifyWebhook(body, { 'X-Shopify-Hmac-Sha256': sign(body) }, secret)).toEqual({ valid: true });
		expect(verifyShopifyWebhook(body, { 'X-Shopify-Hmac-Sha256': `${sign(body)}*` }, secret)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});

	it('keys a delivery by topic and body digest: the same body is one key, another body or topic another', () => {
		const key = shopifyDeliveryKey('orders/updated', body);
		expect(shopifyDeliveryKey('orders/updated', Buffer.from(body))).toBe(key);
		expect(shopifyDeliveryKey('orders/updated', Buffer.from(`${body.toString()} `))).not.toBe(key);
		expect(shopifyDeliveryKey('orders/create', body)).not.toBe(key);
		expect(key.length).toBeLessThan(200);
	});
});
