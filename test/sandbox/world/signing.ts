/**
 * How the simulated vendors sign their webhooks, written from the vendors' own documentation and NOT
 * from the product's verifiers (nodes/lib): a sandbox that signs with the code it is meant to test
 * would agree with any mistake that code makes.
 *
 * - Shopify ("Verify webhooks", shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook):
 *   X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw request body, keyed with the app's
 *   client secret (the webhook secret).
 * - ShipBob (Standard Webhooks, standardwebhooks.com, which ShipBob's webhook docs follow): the signed
 *   content is `${webhook-id}.${webhook-timestamp}.${body}`, the key is the base64 part of the
 *   `whsec_` secret decoded, and webhook-signature is a space-separated list of `v1,<base64 HMAC-SHA256>`.
 */
import { createHmac } from 'node:crypto';

export function shopifyHmacHeader(rawBody: string, secret: string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(rawBody, 'utf8')).digest('base64');
}

/** The Standard Webhooks key: the secret after its "whsec_" prefix, base64-decoded. */
function standardWebhooksKey(secret: string): Buffer {
	const prefix = 'whsec_';
	if (!secret.startsWith(prefix)) throw new Error(`secret: a Standard Webhooks secret starts with "${prefix}" (got "${secret.slice(0, 6)}...")`);
	return Buffer.from(secret.slice(prefix.length), 'base64');
}

export function standardWebhooksSignature(secret: string, messageId: string, timestampSeconds: string, rawBody: string): string {
	const content = `${messageId}.${timestampSeconds}.${rawBody}`;
	return `v1,${createHmac('sha256', standardWebhooksKey(secret)).update(content, 'utf8').digest('base64')}`;
}
