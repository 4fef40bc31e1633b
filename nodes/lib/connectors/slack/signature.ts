/**
 * Slack request signing, version v0 (docs.slack.dev "Verifying requests from Slack"):
 * signature = 'v0=' + hex(HMAC-SHA256(signingSecret, `v0:${timestamp}:${rawBody}`)), sent in
 * X-Slack-Signature with the timestamp in X-Slack-Request-Timestamp.
 *
 * The body must be the raw bytes as received: re-serialising a parsed form changes the encoding of
 * characters like '*' or '~' and the signature would no longer match.
 */
import { createHmac, timingSafeEqual } from 'crypto';

/** Slack's advice: refuse anything older than five minutes, so a captured request cannot be replayed. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export type SignatureFailure =
	| 'missing_signature'
	| 'missing_timestamp'
	| 'bad_timestamp'
	| 'stale_timestamp'
	| 'unsupported_version'
	| 'mismatch'
	| 'missing_secret';

export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure; message: string };

export interface SignedRequest {
	signingSecret: string;
	/** X-Slack-Request-Timestamp (seconds since the epoch, as a string). */
	timestamp: string | undefined | null;
	/** X-Slack-Signature ("v0=<hex>"). */
	signature: string | undefined | null;
	rawBody: Buffer | string;
	/** Current time in milliseconds; injected so tests can pin it. */
	nowMs: number;
	toleranceSeconds?: number;
}

function expectedSlackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
	const hmac = createHmac('sha256', signingSecret);
	hmac.update(`v0:${timestamp}:`);
	hmac.update(rawBody);
	return `v0=${hmac.digest('hex')}`;
}

export function verifySlackSignature(req: SignedRequest): SignatureCheck {
	if (!req.signingSecret)
		return fail(
			'missing_secret',
			"The Slack credential has no signing secret: copy it from the Slack app's Basic Information page.",
		);
	if (!req.signature)
		return fail('missing_signature', 'The request has no X-Slack-Signature header: it did not come from Slack.');
	if (!req.timestamp)
		return fail(
			'missing_timestamp',
			'The request has no X-Slack-Request-Timestamp header: it did not come from Slack.',
		);
	if (!/^\d{1,12}$/.test(req.timestamp))
		return fail('bad_timestamp', 'X-Slack-Request-Timestamp is not a number of seconds.');
	const tolerance = req.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
	const ageSeconds = Math.abs(req.nowMs / 1000 - Number(req.timestamp));
	if (ageSeconds > tolerance) {
		return fail(
			'stale_timestamp',
			`X-Slack-Request-Timestamp is ${Math.round(ageSeconds)} s away from now (more than ${tolerance} s): ` +
				`refused as a possible replay. If every request fails this way, the server clock is wrong.`,
		);
	}
	if (!req.signature.startsWith('v0=')) return fail('unsupported_version', 'X-Slack-Signature is not a v0 signature.');
	const expected = Buffer.from(expectedSlackSignature(req.signingSecret, req.timestamp, req.rawBody), 'utf8');
	const received = Buffer.from(req.signature, 'utf8');
	// timingSafeEqual needs equal lengths; a length mismatch is a mismatch, and checking it leaks nothing
	// an attacker does not already know (the length of a hex SHA-256 is public).
	if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
		return fail(
			'mismatch',
			"X-Slack-Signature does not match the body: the request was not signed with this app's signing secret " +
				"(forged, altered, or the credential holds another app's secret).",
		);
	}
	return { ok: true };
}

function fail(reason: SignatureFailure, message: string): SignatureCheck {
	return { ok: false, reason, message };
}
