import {
	MIN_SECRET_LENGTH,
	REDACTED,
	redactDeep,
	redactErrorInPlace,
	redactText,
	redactUrl,
} from '../../../nodes/lib/http/redact';
import { HttpError, TransportError } from '../../../nodes/lib/http/errors';

const HOOK = 'https://hooks.slack.com/services/T0ABCDEF1/B0GHIJKL2/AbCdEfGhIjKlMnOpQrStUvWx';

describe('redactText: what the patterns mask without knowing the secret', () => {
	it.each([
		['a Slack incoming-webhook URL (the path is the secret)', `POST ${HOOK} failed`, 'AbCdEfGhIjKlMnOpQrStUvWx'],
		['a Slack workflow trigger URL', 'https://hooks.slack.com/triggers/T01/123/abcdef0123456789', 'abcdef0123'],
		['a Discord-style /api/webhooks/<id>/<token>', 'https://x.test/api/webhooks/1234/tokTOKtok99', 'tokTOKtok99'],
		['userinfo with a password', 'GET https://ops:hunter22@api.x.test/v1 failed', 'hunter22'],
		['userinfo that is a token', 'GET https://ghtoken12345@api.x.test/v1 failed', 'ghtoken12345'],
		['sig=', 'https://x.test/dl?expires=1&sig=c2lnbmF0dXJl', 'c2lnbmF0dXJl'],
		['signature=', 'https://x.test/dl?Signature=AbC123xyz&b=1', 'AbC123xyz'],
		['X-Amz-Signature=', 'https://s3.x.test/o?X-Amz-Signature=deadbeef99', 'deadbeef99'],
		['password=', 'https://x.test/login?user=a&password=letmein9', 'letmein9'],
		['client_secret=', 'https://x.test/t?client_secret=cs-value-1', 'cs-value-1'],
		['access_token=', 'https://x.test/t?access_token=at-value-1', 'at-value-1'],
		['key=', 'https://maps.x.test/t?key=mapkey123', 'mapkey123'],
		['code= (an OAuth code)', 'https://x.test/cb?code=oauthcode1&state=s', 'oauthcode1'],
		['a ShipBob whsec_ secret', 'secret whsec_c2VjcmV0c2VjcmV0c2VjcmV0 in text', 'c2VjcmV0c2VjcmV0'],
		['a Basic header', 'Authorization: Basic c3Mta2V5OnNzLXNlY3JldA==', 'c3Mta2V5OnNzLXNlY3JldA'],
	])('masks %s', (_label, input, secret) => {
		const { text, count } = redactText(input);
		expect(text).not.toContain(secret);
		expect(text).toContain(REDACTED);
		expect(count).toBeGreaterThan(0);
	});

	it('keeps the host and the harmless query parameters, so the message still says where', () => {
		expect(redactUrl('https://x.test/a?token=abc&b=1&api_key=zz&page=2')).toBe(
			'https://x.test/a?token=[redacted]&b=1&api_key=[redacted]&page=2',
		);
		expect(redactUrl(HOOK)).toBe('https://hooks.slack.com/services/[redacted]');
	});

	it('leaves ordinary errors alone (also eager)', () => {
		for (const message of [
			'Order #1001 (gid://shopify/Order/5550001) not found',
			'GET https://ssapi.shipstation.com/orders?orderNumber=1001&page=2 answered 500',
			'Cannot read properties of undefined (reading "token")',
			'The key "orderKey" is missing',
		])
			expect(redactText(message, { eager: true })).toEqual({ text: message, count: 0 });
	});
});

describe('redactText: known secret values of the credential in use', () => {
	const secret = 'Pa$$ word/+=é';
	it('masks the value as written, URL-encoded and JSON-escaped', () => {
		const input = `a ${secret} b ${encodeURIComponent(secret)} c ${JSON.stringify({ x: `q"${secret}` })}`;
		const { text } = redactText(input, { secrets: [secret] });
		expect(text).not.toContain(secret);
		expect(text).not.toContain(encodeURIComponent(secret));
		expect(text.match(/\[redacted\]/g)).toHaveLength(3);
	});

	it('masks a secret that looks like nothing in particular (no pattern would catch it)', () => {
		expect(redactText('refused ss-key-777 for this store', { secrets: ['ss-key-777'] }).text).toBe(
			'refused [redacted] for this store',
		);
		expect(redactText('refused ss-key-777 for this store').text).toContain('ss-key-777');
	});

	it('masks the path of a secret URL quoted without its host (a webhook URL is secret by its path)', () => {
		const url = 'http://127.0.0.1:9/services/T0/B0/hookpath123';
		expect(redactText('no_service for /services/T0/B0/hookpath123', { secrets: [url] }).text).toBe(
			'no_service for [redacted]',
		);
	});

	it(`does not mask by value a secret shorter than ${MIN_SECRET_LENGTH} characters (it would mask words)`, () => {
		expect(redactText('the order abc', { secrets: ['abc'] }).text).toBe('the order abc');
	});
});

describe('redactDeep and redactErrorInPlace', () => {
	it('masks strings at any depth and values under secret-named keys, without touching the input', () => {
		const input = { a: [{ url: HOOK }], headers: { Authorization: 'anything' }, apiKey: 'k', n: 1, ok: true };
		const out = redactDeep(input);
		expect(out).toEqual({
			a: [{ url: 'https://hooks.slack.com/services/[redacted]' }],
			headers: { Authorization: REDACTED },
			apiKey: REDACTED,
			n: 1,
			ok: true,
		});
		expect(input.a[0].url).toBe(HOOK);
	});

	it('survives cycles', () => {
		const a: Record<string, unknown> = { name: 'x' };
		a.self = a;
		expect(redactDeep(a)).toEqual({ name: 'x', self: '[circular]' });
	});

	it('masks an error in place: message, stack, and what hangs off it (cause, response)', () => {
		const error = new Error(`POST ${HOOK} failed`) as Error & { cause?: unknown; response?: unknown };
		error.cause = new Error('inner tok-999-secret');
		error.response = { config: { url: HOOK, headers: { authorization: 'Bearer xyzxyzxyz' } } };
		redactErrorInPlace(error, { secrets: ['tok-999-secret'] });
		const everything = `${error.message} ${error.stack} ${(error.cause as Error).message} ${
			(error.cause as Error).stack
		} ${JSON.stringify(error.response)}`;
		expect(everything).not.toMatch(/AbCdEfGhIjKl|tok-999-secret|xyzxyzxyz/);
	});
});

describe('the library errors mask at the source', () => {
	it('TransportError: the message quoting the URL is masked, and the request url', () => {
		const error = new TransportError(`POST ${HOOK} failed: socket hang up`, 'ECONNRESET', {
			method: 'POST',
			url: HOOK,
		});
		expect(`${error.message} ${error.stack} ${error.request.url}`).not.toContain('AbCdEfGhIjKl');
	});

	it('HttpError: a body echoing a token is masked in the message', () => {
		const error = new HttpError(
			{ status: 400, headers: {}, body: { error: 'bad', access_token: 'at-leak-123' } },
			{ method: 'GET', url: 'https://x.test/a?sig=sss111' },
		);
		expect(error.message).not.toMatch(/at-leak-123|sss111/);
	});
});
