import { verifySlackSignature } from '../../../nodes/lib/connectors/slack/signature';
import { computeSlackSignature } from '../../helpers/webhookSigners';

/**
 * Slack's own worked example from "Verifying requests from Slack" (docs.slack.dev /
 * api.slack.com/authentication/verifying-requests-from-slack), used verbatim: a slash-command body,
 * the example signing secret and timestamp, and the signature Slack documents for them.
 */
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
	'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
	'&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
	'&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
	'&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT_DOC_TIME = Number(DOC_TIMESTAMP) * 1000;

describe('Slack v0 request signature', () => {
	it('reproduces the signature Slack documents for its example request', () => {
		expect(computeSlackSignature(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY)).toBe(DOC_SIGNATURE);
		expect(computeSlackSignature(DOC_SECRET, DOC_TIMESTAMP, Buffer.from(DOC_BODY))).toBe(DOC_SIGNATURE);
	});

	it('accepts the documented example inside the 5-minute window, up to the edge', () => {
		expect(
			verifySlackSignature({
				signingSecret: DOC_SECRET,
				timestamp: DOC_TIMESTAMP,
				signature: DOC_SIGNATURE,
				rawBody: DOC_BODY,
				nowMs: AT_DOC_TIME + 30_000,
			}),
		).toEqual({ ok: true });
		expect(
			verifySlackSignature({
				signingSecret: DOC_SECRET,
				timestamp: DOC_TIMESTAMP,
				signature: DOC_SIGNATURE,
				rawBody: DOC_BODY,
				nowMs: AT_DOC_TIME + 300_000,
			}),
		).toEqual({ ok: true });
	});

	it('rejects the same request replayed more than 5 minutes later (or from the future)', () => {
		const late = verifySlackSignature({
			signingSecret: DOC_SECRET,
			timestamp: DOC_TIMESTAMP,
			signature: DOC_SIGNATURE,
			rawBody: DOC_BODY,
			nowMs: AT_DOC_TIME + 301_000,
		});
		expect(late).toMatchObject({ ok: false, reason: 'stale_timestamp' });
		const future = verifySlackSignature({
			signingSecret: DOC_SECRET,
			timestamp: DOC_TIMESTAMP,
			signature: DOC_SIGNATURE,
			rawBody: DOC_BODY,
			nowMs: AT_DOC_TIME - 301_000,
		});
		expect(future).toMatchObject({ ok: false, reason: 'stale_timestamp' });
	});

	it("rejects a forged signature, a tampered body, a moved timestamp and another app's secret", () => {
		const base = {
			signingSecret: DOC_SECRET,
			timestamp: DOC_TIMESTAMP,
			signature: DOC_SIGNATURE,
			rawBody: DOC_BODY,
			nowMs: AT_DOC_TIME,
		};
		expect(verifySlackSignature({ ...base, signature: 'v0=' + '0'.repeat(64) })).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
		expect(verifySlackSignature({ ...base, rawBody: DOC_BODY.replace('roadrunner', 'coyote') })).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
		expect(verifySlackSignature({ ...base, timestamp: String(Number(DOC_TIMESTAMP) + 1) })).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
		expect(verifySlackSignature({ ...base, signingSecret: 'another-apps-secret' })).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
		// A truncated signature must not crash the constant-time compare (it needs equal lengths).
		expect(verifySlackSignature({ ...base, signature: DOC_SIGNATURE.slice(0, 20) })).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('names what is missing or malformed', () => {
		const base = {
			signingSecret: DOC_SECRET,
			timestamp: DOC_TIMESTAMP,
			signature: DOC_SIGNATURE,
			rawBody: DOC_BODY,
			nowMs: AT_DOC_TIME,
		};
		expect(verifySlackSignature({ ...base, signature: undefined })).toMatchObject({
			ok: false,
			reason: 'missing_signature',
		});
		expect(verifySlackSignature({ ...base, timestamp: null })).toMatchObject({
			ok: false,
			reason: 'missing_timestamp',
		});
		expect(verifySlackSignature({ ...base, timestamp: '15314e0618' })).toMatchObject({
			ok: false,
			reason: 'bad_timestamp',
		});
		expect(verifySlackSignature({ ...base, signature: 'v1=' + DOC_SIGNATURE.slice(3) })).toMatchObject({
			ok: false,
			reason: 'unsupported_version',
		});
		expect(verifySlackSignature({ ...base, signingSecret: '' })).toMatchObject({ ok: false, reason: 'missing_secret' });
	});
});
