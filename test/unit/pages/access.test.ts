import fc from 'fast-check';

import {
	AccessSetupError,
	clientSubject,
	emailMatches,
	emailSubject,
	FORM_TOKEN_MAX_AGE_SECONDS,
	formTokenValid,
	issueFormToken,
	orderSubject,
	readLookupInput,
	issueStatusLink,
	statusLinkUrl,
	verifyStatusLink,
} from '../../../nodes/lib/pages/access';

const secret = 'k'.repeat(40);
const other = 'q'.repeat(40);
const now = new Date('2026-12-07T10:00:00Z');
const inAWeek = new Date('2026-12-14T10:00:00Z');

describe('signed status links', () => {
	it('opens the order it was signed for until it expires', () => {
		const token = issueStatusLink('1001', { secret, expiresAt: inAWeek });
		expect(verifyStatusLink(token, { secret, now })).toEqual({
			ok: true,
			orderKey: '1001',
			expiresAt: '2026-12-14T10:00:00.000Z',
		});
		expect(verifyStatusLink(token, { secret, now: inAWeek })).toEqual({ ok: false, reason: 'expired' });
	});

	it('refuses a link signed with another secret, or with its order or expiry changed', () => {
		const token = issueStatusLink('1001', { secret, expiresAt: inAWeek });
		expect(verifyStatusLink(token, { secret: other, now })).toEqual({ ok: false, reason: 'bad_signature' });
		const [v, , exp, sig] = token.split('.');
		const otherOrder = [v, Buffer.from('1002').toString('base64url'), exp, sig].join('.');
		expect(verifyStatusLink(otherOrder, { secret, now })).toEqual({ ok: false, reason: 'bad_signature' });
		const later = [v, token.split('.')[1], String(Number(exp) + 86_400), sig].join('.');
		expect(verifyStatusLink(later, { secret, now })).toEqual({ ok: false, reason: 'bad_signature' });
	});

	it('calls a forged expired link bad, not expired (expiry is only told for links we issued)', () => {
		const token = issueStatusLink('1001', { secret: other, expiresAt: new Date('2020-01-01T00:00:00Z') });
		expect(verifyStatusLink(token, { secret, now })).toEqual({ ok: false, reason: 'bad_signature' });
	});

	it.each([
		['', 'empty'],
		['v1.MTAwMQ.123', 'three parts'],
		['v2.MTAwMQ.1796000000.abc', 'another version'],
		['v1.MTAwMQ.17960000x0.abc', 'a non-numeric expiry'],
		['v1..1796000000.abc', 'no order'],
		['v1.MTAwMQ==.1796000000.abc', 'padding (not the base64url we issue)'],
		[`v1.${'A'.repeat(700)}.1796000000.abc`, 'too long'],
	])('calls %j malformed (%s)', (token) => {
		expect(verifyStatusLink(token, { secret, now })).toEqual({ ok: false, reason: 'malformed' });
	});

	it('never throws on whatever a query string holds', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.anything()), (token) => {
				const check = verifyStatusLink(token, { secret, now });
				expect(check.ok).toBe(false);
			}),
		);
	});

	it('round-trips any order key', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1, maxLength: 60 }), (orderKey) => {
				fc.pre(Buffer.from(Buffer.from(orderKey).toString('base64url'), 'base64url').toString() === orderKey);
				const check = verifyStatusLink(issueStatusLink(orderKey, { secret, expiresAt: inAWeek }), { secret, now });
				expect(check).toMatchObject({ ok: true, orderKey });
			}),
		);
	});

	it('refuses a short secret with a message that says what to do', () => {
		expect(() => issueStatusLink('1001', { secret: 'short', expiresAt: inAWeek })).toThrow(AccessSetupError);
		expect(() => issueStatusLink('1001', { secret: 'short', expiresAt: inAWeek })).toThrow(/linkSecret.*32/);
	});

	it('puts the token and the language in the page address, keeping its own query', () => {
		const url = statusLinkUrl('https://n8n.example.com/webhook/order-status?shop=a', 'v1.x.1.y', 'es');
		expect(new URL(url).searchParams.get('t')).toBe('v1.x.1.y');
		expect(new URL(url).searchParams.get('lang')).toBe('es');
		expect(new URL(url).searchParams.get('shop')).toBe('a');
		expect(new URL(statusLinkUrl(url, 'v1.x.1.y')).searchParams.has('lang')).toBe(false);
	});
});

describe('lookup by order number and email', () => {
	it('reads the number the way a customer types it', () => {
		expect(readLookupInput(' #1001 ', ' Ana@Example.COM ')).toEqual({
			ok: true,
			orderKey: '1001',
			email: 'ana@example.com',
		});
	});

	it('names the field that is missing or too long', () => {
		expect(readLookupInput('', 'a@b.c')).toEqual({ ok: false, field: 'orderNumber', problem: 'missing' });
		expect(readLookupInput('1001', '  ')).toEqual({ ok: false, field: 'email', problem: 'missing' });
		expect(readLookupInput('1'.repeat(65), 'a@b.c')).toEqual({ ok: false, field: 'orderNumber', problem: 'too_long' });
		expect(readLookupInput('1001', `${'a'.repeat(251)}@b.c`)).toEqual({
			ok: false,
			field: 'email',
			problem: 'too_long',
		});
		expect(readLookupInput({ $ne: 1 }, 'a@b.c')).toEqual({ ok: false, field: 'orderNumber', problem: 'missing' });
		// Numbers that name no order once read, and control characters, are refused before any ledger read.
		for (const n of ['#', '.1', '-R2', '10\u000001'])
			expect(readLookupInput(n, 'a@b.c')).toEqual({ ok: false, field: 'orderNumber', problem: 'unreadable' });
		expect(readLookupInput('1001', 'a@b.c\u0000')).toEqual({ ok: false, field: 'email', problem: 'unreadable' });
	});

	it("matches the order's email case-insensitively and nothing else", () => {
		expect(emailMatches('Ana@Example.com', 'ana@example.com')).toBe(true);
		expect(emailMatches('ana@example.com', 'ana@example.co')).toBe(false);
		expect(emailMatches(null, 'ana@example.com')).toBe(false);
		expect(emailMatches('', '')).toBe(false);
		// The stand-in for "no order" is never matched by any input.
		expect(emailMatches(undefined, '\u0000no order\u0000')).toBe(false);
	});
});

describe('form tokens', () => {
	it('accepts a token we issued, within its lifetime', () => {
		const token = issueFormToken(secret, now);
		expect(formTokenValid(token, secret, now)).toBe(true);
		const later = new Date(now.getTime() + FORM_TOKEN_MAX_AGE_SECONDS * 1000);
		expect(formTokenValid(token, secret, later)).toBe(true);
		expect(formTokenValid(token, secret, new Date(later.getTime() + 1000))).toBe(false);
		// A worker whose clock is a little behind still accepts it; one a day behind does not.
		expect(formTokenValid(token, secret, new Date(now.getTime() - 30_000))).toBe(true);
		expect(formTokenValid(token, secret, new Date(now.getTime() - 86_400_000))).toBe(false);
	});

	it('refuses a token signed with another secret, or with its time or nonce changed', () => {
		const token = issueFormToken(secret, now, 'nonce1');
		expect(formTokenValid(issueFormToken(other, now, 'nonce1'), secret, now)).toBe(false);
		const [issued, , sig] = token.split('.');
		expect(formTokenValid(`${issued}.nonce2.${sig}`, secret, now)).toBe(false);
		expect(formTokenValid(`${Number(issued) + 60}.nonce1.${sig}`, secret, now)).toBe(false);
	});

	it('never accepts a link signature as a form token', () => {
		const link = issueStatusLink('nonce1', { secret, expiresAt: inAWeek });
		const issued = String(Math.floor(now.getTime() / 1000));
		expect(formTokenValid(`${issued}.nonce1.${link.split('.')[3]}`, secret, now)).toBe(false);
	});

	it('gives each form its own token', () => {
		expect(issueFormToken(secret, now)).not.toBe(issueFormToken(secret, now));
	});

	it('never throws on whatever a form holds', () => {
		fc.assert(fc.property(fc.anything(), (token) => expect(formTokenValid(token, secret, now)).toBe(false)));
	});
});

describe('rate-limit subjects', () => {
	it('takes the address our proxies appended, never one the client wrote, and never stores it', () => {
		// One proxy: the client is the last entry (the proxy appended what it saw); "6.6.6.6" is the client's own claim.
		const subject = clientSubject({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }, secret, 1);
		expect(subject).toMatch(/^lookup:client:[0-9a-f]{32}$/);
		expect(subject).not.toContain('203.0.113.9');
		expect(clientSubject({ 'x-forwarded-for': '203.0.113.9' }, secret, 1)).toBe(subject);
		expect(clientSubject({ 'x-forwarded-for': '7.7.7.7, 203.0.113.9' }, secret, 1)).toBe(subject);
		expect(clientSubject({ 'x-forwarded-for': '203.0.113.10' }, secret, 1)).not.toBe(subject);
		// Two proxies: the CDN appended the client, our load balancer appended the CDN.
		expect(clientSubject({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' }, secret, 2)).toBe(subject);
		expect(clientSubject({ 'x-forwarded-for': ['6.6.6.6, 203.0.113.9', '10.0.0.2'] }, secret, 2)).toBe(subject);
		// Fewer entries than proxies, no proxy trusted, or no header: no client address to trust.
		expect(clientSubject({ 'x-forwarded-for': '203.0.113.9' }, secret, 2)).toBeNull();
		expect(clientSubject({ 'x-forwarded-for': '203.0.113.9' }, secret, 0)).toBeNull();
		expect(clientSubject({ 'x-real-ip': '203.0.113.9' }, secret, 1)).toBeNull();
		expect(clientSubject({}, secret, 1)).toBeNull();
	});

	it('limits per email whoever asks, whatever its case', () => {
		expect(emailSubject('Ana@Example.com ', secret)).toMatch(/^lookup:email:[0-9a-f]{32}$/);
		expect(emailSubject('Ana@Example.com ', secret)).toBe(emailSubject('ana@example.com', secret));
		expect(emailSubject('ana@example.com', secret)).not.toContain('ana');
		expect(emailSubject('ana@example.com', secret)).not.toBe(emailSubject('bob@example.com', secret));
	});

	it('limits per order whoever asks', () => {
		expect(orderSubject('1001', secret)).toMatch(/^lookup:order:[0-9a-f]{32}$/);
		expect(orderSubject('1001', secret)).not.toBe(orderSubject('1002', secret));
	});
});
