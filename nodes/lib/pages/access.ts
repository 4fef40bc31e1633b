/**
 * Who may see an order's status page, without customer accounts (issue 17). Pure: the secret comes from the
 * Customer Pages credential, the clock and the request from the node.
 *
 * - A signed link names one order and an expiry, HMAC-SHA256 with the store's secret: Klaviyo events carry it,
 *   so a customer one click from an email never types anything.
 * - A lookup by order number + email answers the same for an unknown order and for a wrong email, and takes
 *   the same work either way (digests of equal length compared in constant time), so the page cannot be used
 *   to learn which order numbers exist or whose email goes with them.
 * - Forms carry a signed, dated token our page issued (see issueFormToken for why not a cookie).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { orderKeyFromName } from '../connectors/shopify/config';

/** Every token and field is bounded: a hostile request cannot make us hash megabytes. */
const MAX_TOKEN_LENGTH = 600;
const MAX_EMAIL_LENGTH = 254; // RFC 5321's path limit
const MAX_ORDER_NUMBER_LENGTH = 64;
/** The shortest secret we sign with: 32 characters of a generated secret are well over 128 bits. */
export const MIN_SECRET_LENGTH = 32;
const LINK_VERSION = 'v1';

export class AccessSetupError extends Error {
	constructor(
		message: string,
		readonly field: string,
	) {
		super(message);
		this.name = 'AccessSetupError';
	}
}

/** The secret is the credential's; a short one is refused before anything is signed with it. */
export function checkSecret(secret: unknown): string {
	if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH)
		throw new AccessSetupError(
			`linkSecret: the secret must be at least ${MIN_SECRET_LENGTH} characters (generate one, e.g. ` +
				'`openssl rand -base64 48`, and paste it into the Customer Pages credential)',
			'linkSecret',
		);
	return secret;
}

function base64url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

function hmac(secret: string, purpose: string, ...parts: string[]): Buffer {
	// The purpose keeps a link signature from ever being accepted as a CSRF token and the reverse.
	return createHmac('sha256', secret)
		.update([purpose, ...parts].join('\u0000'))
		.digest();
}

function sameBytes(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}

/* ---------------- signed links ---------------- */

/** A token for the status page of one order, valid until `expiresAt`. */
export function issueStatusLink(orderKey: string, opts: { secret: string; expiresAt: Date }): string {
	const secret = checkSecret(opts.secret);
	if (!orderKey) throw new AccessSetupError('orderKey: the order has no key to sign', 'orderKey');
	const exp = String(Math.floor(opts.expiresAt.getTime() / 1000));
	const key = base64url(orderKey);
	const sig = base64url(hmac(secret, 'status-link', LINK_VERSION, orderKey, exp));
	return `${LINK_VERSION}.${key}.${exp}.${sig}`;
}

export type LinkCheck =
	| { ok: true; orderKey: string; expiresAt: string }
	| { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/**
 * The order a token opens, or why it opens nothing. The signature is checked before the expiry, so an expired
 * answer is only ever given for a link we really issued (a forged one is simply "bad").
 */
export function verifyStatusLink(token: unknown, opts: { secret: string; now: Date }): LinkCheck {
	const secret = checkSecret(opts.secret);
	if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
	const parts = token.split('.');
	if (parts.length !== 4 || parts[0] !== LINK_VERSION || !/^\d{1,12}$/.test(parts[2]))
		return { ok: false, reason: 'malformed' };
	const [, key, exp, sig] = parts;
	const orderKey = Buffer.from(key, 'base64url').toString('utf8');
	if (!orderKey || base64url(orderKey) !== key) return { ok: false, reason: 'malformed' };
	const presented = Buffer.from(sig, 'base64url');
	if (!sameBytes(presented, hmac(secret, 'status-link', LINK_VERSION, orderKey, exp)))
		return { ok: false, reason: 'bad_signature' };
	const expiresAtMs = Number(exp) * 1000;
	if (expiresAtMs <= opts.now.getTime()) return { ok: false, reason: 'expired' };
	return { ok: true, orderKey, expiresAt: new Date(expiresAtMs).toISOString() };
}

/** The page's address with the token (and a language, when one was chosen) in its query. */
export function statusLinkUrl(pageUrl: string, token: string, lang?: string | null): string {
	const url = new URL(pageUrl);
	url.searchParams.set('t', token);
	if (lang) url.searchParams.set('lang', lang);
	else url.searchParams.delete('lang');
	return url.toString();
}

/* ---------------- lookup by order number + email ---------------- */

export type LookupInput =
	| { ok: true; orderKey: string; email: string }
	| { ok: false; field: 'orderNumber' | 'email'; problem: 'missing' | 'too_long' | 'unreadable' };

// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * "#1001", " 1001 " -> "1001"; emails compared trimmed, case-folded and NFC-normalised. A number that names no
 * order key once read ("#", ".1") or holds control characters is refused here, before anything is counted or
 * read, so it gets the form again rather than a failed execution.
 */
export function readLookupInput(orderNumber: unknown, email: unknown): LookupInput {
	const number = typeof orderNumber === 'string' ? orderNumber.trim() : '';
	const address = typeof email === 'string' ? email.trim() : '';
	if (!number) return { ok: false, field: 'orderNumber', problem: 'missing' };
	if (number.length > MAX_ORDER_NUMBER_LENGTH) return { ok: false, field: 'orderNumber', problem: 'too_long' };
	if (!address) return { ok: false, field: 'email', problem: 'missing' };
	if (address.length > MAX_EMAIL_LENGTH) return { ok: false, field: 'email', problem: 'too_long' };
	const orderKey = orderKeyFromName(number);
	if (!orderKey || CONTROL.test(orderKey)) return { ok: false, field: 'orderNumber', problem: 'unreadable' };
	if (CONTROL.test(address)) return { ok: false, field: 'email', problem: 'unreadable' };
	return { ok: true, orderKey, email: normaliseEmail(address) };
}

export function normaliseEmail(email: string): string {
	return email.trim().normalize('NFC').toLowerCase();
}

/**
 * Whether the email given is the order's. An order that does not exist (or has no email) is compared against
 * a stand-in, so both "no" answers cost the same hashing and comparing as a "yes".
 */
export function emailMatches(orderEmail: string | null | undefined, given: string): boolean {
	const known = typeof orderEmail === 'string' && orderEmail.trim() !== '';
	const expected = createHash('sha256')
		.update(known ? normaliseEmail(orderEmail) : '\u0000no order\u0000')
		.digest();
	const presented = createHash('sha256').update(normaliseEmail(given)).digest();
	return timingSafeEqual(expected, presented) && known;
}

/* ---------------- form tokens (CSRF) ---------------- */

/**
 * The field every form carries: a token our page issued, signed and dated, checked on the post.
 *
 * Why not a cookie-bound token: n8n 2.x serves HTML from webhooks in a CSP sandbox (an opaque origin, unless
 * the whole instance turns that protection off), and an opaque origin never sends SameSite cookies back, so a
 * double-submit cookie cannot work behind n8n. It is also not needed: these pages hold no ambient authority (no
 * session, no login cookie); what opens an order is a signed link or what the customer types. A forged post
 * from another site has nothing of the victim's to ride on; the token and the Origin check refuse posts that
 * did not come from a form we served, within its lifetime.
 */
export const FORM_TOKEN_FIELD = 'csrf';
/** A form left open longer than this asks the customer to send it again. */
export const FORM_TOKEN_MAX_AGE_SECONDS = 2 * 60 * 60;
/** Clocks of several workers may differ a little: a token "from the future" by up to this is accepted. */
const CLOCK_SKEW_SECONDS = 60;

/** A token for one form: when it was issued, a random nonce, and the HMAC of both. */
export function issueFormToken(secret: string, now: Date, nonce: string = base64url(randomBytes(12))): string {
	const issued = String(Math.floor(now.getTime() / 1000));
	return `${issued}.${nonce}.${base64url(hmac(checkSecret(secret), 'form', issued, nonce))}`;
}

export function formTokenValid(token: unknown, secret: string, now: Date): boolean {
	if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return false;
	const parts = token.split('.');
	if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[0]) || !/^[A-Za-z0-9_-]{1,64}$/.test(parts[1])) return false;
	const [issued, nonce, sig] = parts;
	if (!sameBytes(Buffer.from(sig, 'base64url'), hmac(checkSecret(secret), 'form', issued, nonce))) return false;
	const age = now.getTime() / 1000 - Number(issued);
	return age >= -CLOCK_SKEW_SECONDS && age <= FORM_TOKEN_MAX_AGE_SECONDS;
}

/* ---------------- who is asking (for the rate limit) ---------------- */

/**
 * The client's address as the proxies in front of n8n report it, hashed with the secret so the ledger never
 * stores an IP address. Each proxy APPENDS the address it saw to X-Forwarded-For, so only the entries the
 * store's own proxies wrote can be trusted: with `trustedProxies` proxies, the client is the entry that many
 * places from the right. Everything left of it is whatever the client sent, and reading it (the first entry)
 * would let anyone take a fresh budget per request. With no trusted proxy, or too few entries, there is no
 * client address to trust: null (the per-order and per-email limits still apply).
 */
export function clientSubject(
	headers: Record<string, unknown> | undefined,
	secret: string,
	trustedProxies: number,
): string | null {
	if (!Number.isInteger(trustedProxies) || trustedProxies < 1) return null;
	const forwarded = headers?.['x-forwarded-for'];
	const hops = (Array.isArray(forwarded) ? forwarded.join(',') : typeof forwarded === 'string' ? forwarded : '')
		.slice(0, 2000)
		.split(',')
		.map((hop) => hop.trim())
		.filter(Boolean);
	const address = hops[hops.length - trustedProxies];
	if (!address || address.length > 100) return null;
	return `lookup:client:${hmac(checkSecret(secret), 'client', address).toString('hex').slice(0, 32)}`;
}

/** The per-email subject: one email tried against many order numbers is limited whoever asks. */
export function emailSubject(email: string, secret: string): string {
	return `lookup:email:${hmac(checkSecret(secret), 'email', normaliseEmail(email)).toString('hex').slice(0, 32)}`;
}

/** The per-order subject: guessing emails for one order number is limited whoever asks. */
export function orderSubject(orderKey: string, secret: string): string {
	return `lookup:order:${hmac(checkSecret(secret), 'order', orderKey).toString('hex').slice(0, 32)}`;
}
