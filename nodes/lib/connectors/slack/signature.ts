/**
 * Slack request signing, version v0 (docs.slack.dev "Verifying requests from Slack"):
 * signature = 'v0=' + hex(HMAC-SHA256(signingSecret, `v0:${timestamp}:${rawBody}`)), sent in
 * X-Slack-Signature with the timestamp in X-Slack-Request-Timestamp.
 *
 * The body must be the raw bytes as received: re-serialising a parsed form changes the encoding of
 * characters like '*' or '~' and the signature would no longer match.
 */
import { createHmac } from 'crypto';
import { decodeMac, macMatches } from '../../http/signatures';

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

function expectedSlackMac(signingSecret: string, timestamp: string, rawBody: Buffer | string): Buffer {
	const hmac = createHmac('sha256', signingSecret);
	hmac.update(`v0:${timestamp}:`);
	hmac.update(rawBody);
	return hmac.digest();
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
	// The decoded MAC bytes after "v0=" (hex, strictly decoded) are compared in constant time, not the text.
	const expected = expectedSlackMac(req.signingSecret, req.timestamp, req.rawBody);
	if (!macMatches(decodeMac(req.signature.slice('v0='.length), 'hex'), expected)) {
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
