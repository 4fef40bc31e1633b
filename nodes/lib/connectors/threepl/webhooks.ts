/**
 * Webhook signature checks for the 3PLs that sign, each as the provider documents it, on the RAW
 * body with a constant-time compare:
 *  - ShipBob (2026-01 subscriptions): Standard Webhooks. Headers webhook-id, webhook-timestamp,
 *    webhook-signature ("v1,<base64>" entries, space separated). Signed content
 *    `${id}.${timestamp}.${body}`, HMAC-SHA256 keyed with the base64-decoded part of the
 *    `whsec_` secret returned when the subscription is created.
 *  - ShipHero: x-shiphero-hmac-sha256 = base64(HMAC-SHA256(body, shared_signature_secret)).
 *  - ShipMonk: X-Sm-Signature = HMAC-SHA512(body, secret you give ShipMonk). ShipMonk does not say
 *    whether the digest is hex or base64, so both encodings of the same digest are accepted.
 *    A store-level Shipment Notification endpoint supports HTTP Basic auth only (shipmonk-openapi.json
 *    #/webhooks/orderShipmentNotification: "Basic Auth (username and password) is supported only"):
 *    without X-Sm-Signature, the Authorization header must carry exactly the secret "username:password".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeMac, macMatches } from '../../http/signatures';
import type { ThreePlProvider } from './types';

export type WebhookProvider = Exclude<ThreePlProvider, 'extensiv'>;

export interface VerifyResult {
	ok: boolean;
	/** Why it failed, safe to show (never contains the secret or the expected signature). */
	reason?: string;
}

/** Standard Webhooks' recommended replay window. */
export const SHIPBOB_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

function safeEqual(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
	const value =
		headers[name] ??
		headers[name.toLowerCase()] ??
		Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
	return Array.isArray(value) ? value[0] : value;
}

/** The signing key: bytes after `whsec_`, base64-decoded (a secret without the prefix is taken as-is). */
function shipbobSigningKey(secret: string): Buffer {
	return secret.startsWith('whsec_')
		? Buffer.from(secret.slice('whsec_'.length), 'base64')
		: Buffer.from(secret, 'utf8');
}

/** The MAC ShipBob sends (base64 after "v1,"), over `${id}.${timestamp}.${body}`. */
function shipbobMac(secret: string, id: string, timestamp: string, rawBody: Buffer): Buffer {
	return createHmac('sha256', shipbobSigningKey(secret)).update(`${id}.${timestamp}.`).update(rawBody).digest();
}

export function verifyShipBob(
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
	secret: string,
	nowMs: number,
): VerifyResult {
	const id = header(headers, 'webhook-id');
	const timestamp = header(headers, 'webhook-timestamp');
	const signatures = header(headers, 'webhook-signature');
	if (!id || !timestamp || !signatures)
		return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
	const sentAt = Number(timestamp);
	if (!Number.isFinite(sentAt)) return { ok: false, reason: 'webhook-timestamp is not a number' };
	if (Math.abs(nowMs / 1000 - sentAt) > SHIPBOB_TIMESTAMP_TOLERANCE_SECONDS)
		return { ok: false, reason: 'webhook-timestamp is outside the 5 minute window (replayed or clock skew)' };
	const expected = shipbobMac(secret, id, timestamp, rawBody);
	for (const entry of signatures.split(' ')) {
		const [version, value] = entry.split(',', 2);
		if (version !== 'v1' || !value) continue;
		if (macMatches(decodeMac(value, 'base64'), expected)) return { ok: true };
	}
	return { ok: false, reason: 'no webhook-signature entry matches' };
}

export function verifyShipHero(
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
	secret: string,
): VerifyResult {
	const given = header(headers, 'x-shiphero-hmac-sha256');
	if (!given) return { ok: false, reason: 'missing x-shiphero-hmac-sha256 header' };
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	return macMatches(decodeMac(given, 'base64'), expected)
		? { ok: true }
		: { ok: false, reason: 'x-shiphero-hmac-sha256 does not match' };
}

export function verifyShipMonk(
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
	secret: string,
): VerifyResult {
	const given = header(headers, 'x-sm-signature')?.trim();
	if (!given) return verifyShipMonkBasic(headers, secret);
	const expected = createHmac('sha512', secret).update(rawBody).digest();
	const decoded = /^[0-9a-f]{128}$/i.test(given) ? decodeMac(given, 'hex') : decodeMac(given, 'base64');
	return macMatches(decoded, expected) ? { ok: true } : { ok: false, reason: 'X-Sm-Signature does not match' };
}

/** Basic auth, the only check ShipMonk's store-level endpoints offer: the secret is "username:password". */
function verifyShipMonkBasic(headers: Record<string, string | string[] | undefined>, secret: string): VerifyResult {
	const authorization = header(headers, 'authorization')?.trim();
	if (!authorization) return { ok: false, reason: 'missing X-Sm-Signature header (and no Basic Authorization header)' };
	if (!secret.includes(':'))
		return { ok: false, reason: 'missing X-Sm-Signature header; for Basic auth set the secret to "username:password"' };
	const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization);
	if (!match) return { ok: false, reason: 'Authorization header is not HTTP Basic' };
	return safeEqual(Buffer.from(match[1], 'base64'), Buffer.from(secret, 'utf8'))
		? { ok: true }
		: { ok: false, reason: 'Basic credentials do not match' };
}

export function verifyWebhook(
	provider: WebhookProvider,
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
	secret: string,
	nowMs: number,
): VerifyResult {
	if (!secret) return { ok: false, reason: 'no signing secret is configured' };
	if (provider === 'shipbob') return verifyShipBob(rawBody, headers, secret, nowMs);
	if (provider === 'shiphero') return verifyShipHero(rawBody, headers, secret);
	return verifyShipMonk(rawBody, headers, secret);
}

/** The delivery's own id, when the provider sends one: the ledger's idempotency key for the event. */
export function deliveryId(
	provider: WebhookProvider,
	headers: Record<string, string | string[] | undefined>,
): string | undefined {
	if (provider === 'shipbob') return header(headers, 'webhook-id');
	if (provider === 'shiphero') return header(headers, 'x-shiphero-message-id');
	return undefined;
}
