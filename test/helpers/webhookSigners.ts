/**
 * Webhook and request SIGNERS, for tests only: they play the vendor's side. The product only ever
 * verifies, so none of this ships in the package (test/unit/package/tarball.test.ts checks that).
 *
 * Each one is written from the vendor's own description of its signature, not from the product's
 * verifiers in nodes/lib, so a mistake in a verifier is not repeated here and cannot pass unnoticed:
 *  - Shopify ("Verify webhooks"): X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(raw body, app secret)).
 *  - ShipBob (Standard Webhooks, standardwebhooks.com): webhook-signature = "v1,<base64 HMAC-SHA256>" of
 *    `${webhook-id}.${webhook-timestamp}.${body}`, keyed with the base64-decoded part of the `whsec_` secret.
 *  - ShipHero: x-shiphero-hmac-sha256 = base64(HMAC-SHA256(raw body, shared signature secret)).
 *  - ShipMonk: X-Sm-Signature = HMAC-SHA512(raw body, secret); the docs do not name the encoding, so both.
 *  - Slack ("Verifying requests from Slack", v0): X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing
 *    secret, `v0:${X-Slack-Request-Timestamp}:${raw body}`)).
 *  - USPS tracking subscriptions (subscriptions-tracking-v3r2_1.yaml, header X-HMAC): base64 of
 *    HMAC-SHA256(subscription secret, the body's `timestamp` text followed by its `payload` text).
 */
import { createHmac } from 'node:crypto';

const bytes = (body: Buffer | string): Buffer => (typeof body === 'string' ? Buffer.from(body, 'utf8') : body);

export function signShopifyWebhook(rawBody: Buffer | string, secret: string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(bytes(rawBody)).digest('base64');
}

/** A Standard Webhooks secret is "whsec_" + base64 of the key bytes. */
function standardWebhooksKey(secret: string): Buffer {
	if (!secret.startsWith('whsec_')) throw new Error(`a ShipBob (Standard Webhooks) secret starts with "whsec_" (got "${secret.slice(0, 6)}...")`);
	return Buffer.from(secret.slice('whsec_'.length), 'base64');
}

export function signShipBob(secret: string, id: string, timestamp: string, rawBody: Buffer | string): string {
	const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), bytes(rawBody)]);
	return `v1,${createHmac('sha256', standardWebhooksKey(secret)).update(signed).digest('base64')}`;
}

export function signShipHero(secret: string, rawBody: Buffer | string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(bytes(rawBody)).digest('base64');
}

export function signShipMonk(secret: string, rawBody: Buffer | string, encoding: 'hex' | 'base64' = 'hex'): string {
	return createHmac('sha512', Buffer.from(secret, 'utf8')).update(bytes(rawBody)).digest(encoding);
}

export function computeSlackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
	const base = Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), bytes(rawBody)]);
	return `v0=${createHmac('sha256', Buffer.from(signingSecret, 'utf8')).update(base).digest('hex')}`;
}

export function signUspsNotification(secret: string, timestamp: string, payload: string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(timestamp + payload, 'utf8')).digest('base64');
}
