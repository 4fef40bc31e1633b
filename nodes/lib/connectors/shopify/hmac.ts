import { createHash, createHmac } from 'crypto';
import { decodeMac, macMatches } from '../../http/signatures';

export type HmacVerdict =
	| { valid: true }
	| { valid: false; reason: 'missing_signature' | 'missing_secret' | 'mismatch' };

/**
 * Shopify signs the raw request body with the app's secret (HMAC-SHA256, base64) in
 * X-Shopify-Hmac-Sha256; newer deliveries also use the un-prefixed Shopify-Hmac-Sha256. The compare
 * is constant-time over equal-length buffers so a forger learns nothing from response timing.
 */
export function verifyShopifyWebhook(
	rawBody: Buffer | string,
	headers: Record<string, unknown>,
	secret: string | undefined | null,
): HmacVerdict {
	if (!secret) return { valid: false, reason: 'missing_secret' };
	const signature = readSignatureHeader(headers);
	if (!signature) return { valid: false, reason: 'missing_signature' };
	const expected = createHmac('sha256', secret)
		.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
		.digest();
	// The decoded bytes are compared: a header with characters base64 does not have is a mismatch, not ignored.
	return macMatches(decodeMac(signature, 'base64'), expected) ? { valid: true } : { valid: false, reason: 'mismatch' };
}

/**
 * The ledger key of a Shopify delivery, from what Shopify signs: the topic and the body's SHA-256.
 *
 * X-Shopify-Event-Id (and Webhook-Id, Triggered-At) are not covered by the HMAC, so a captured body re-sent
 * with a new event id would be a new event under an event-id key. Shopify's retries (up to 48 hours after the
 * first attempt) resend the same body, so the same topic and body is the same event, whatever the headers say:
 * within the redelivery window and after it. Bodies of the topics whose facts come from the body carry
 * `updated_at` (orders, fulfillments) so two real changes never share a body; the topics whose body carries
 * no time (fulfillment_orders/*, returns/*, refunds/*, orders/edited) are read back from the API by the
 * trigger, so a replayed one only reads the order's current state again.
 * Limit: the topic header is not signed either; a body re-sent under another topic gets another key.
 */
export function shopifyDeliveryKey(topic: string, rawBody: Buffer | string): string {
	const digest = createHash('sha256')
		.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
		.digest('hex');
	return `shopify:${topic || 'unknown'}:${digest}`;
}

function readSignatureHeader(headers: Record<string, unknown>): string | undefined {
	for (const [name, value] of Object.entries(headers)) {
		const lower = name.toLowerCase();
		if (lower === 'x-shopify-hmac-sha256' || lower === 'shopify-hmac-sha256') {
			const text = Array.isArray(value) ? value[0] : value;
			if (typeof text === 'string' && text.trim()) return text.trim();
		}
	}
	return undefined;
}

/** Reads one Shopify delivery header, accepting both the X-Shopify- and the Shopify- prefix. */
export function shopifyHeader(headers: Record<string, unknown>, suffix: string): string | undefined {
	const wanted = [`x-shopify-${suffix}`, `shopify-${suffix}`];
	for (const [name, value] of Object.entries(headers)) {
		if (wanted.includes(name.toLowerCase())) {
			const text = Array.isArray(value) ? value[0] : value;
			if (typeof text === 'string' && text) return text;
		}
	}
	return undefined;
}
