import { createHmac, timingSafeEqual } from 'crypto';

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
	let given: Buffer;
	try {
		given = Buffer.from(signature, 'base64');
	} catch {
		return { valid: false, reason: 'mismatch' };
	}
	if (given.length !== expected.length) return { valid: false, reason: 'mismatch' };
	return timingSafeEqual(given, expected) ? { valid: true } : { valid: false, reason: 'mismatch' };
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
