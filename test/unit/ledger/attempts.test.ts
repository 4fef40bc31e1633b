/** Count Attempt's pure rules (issue 17): fixed windows, the verdict, and the checks on its options. */
import fc from 'fast-check';

import { attemptVerdict, attemptWindow } from '../../../nodes/lib/ledger/attempts';
import { LedgerError } from '../../../nodes/lib/ledger/errors';
import { validateAttempt } from '../../../nodes/lib/ledger/validate';

const good = { subject: 'lookup:ip:ab12', windowSeconds: 600, limit: 5, now: '2026-03-02T14:07:30.250Z' };

describe('attemptWindow', () => {
	it('is the fixed, epoch-aligned window that holds now', () => {
		expect(attemptWindow('2026-03-02T14:07:30.250Z', 600)).toEqual({
			start: '2026-03-02T14:00:00.000Z',
			end: '2026-03-02T14:10:00.000Z',
		});
		// A window's first instant is in it; its end is the next window's start.
		expect(attemptWindow('2026-03-02T14:10:00.000Z', 600).start).toBe('2026-03-02T14:10:00.000Z');
		expect(attemptWindow('2026-03-02T14:09:59.999Z', 600).start).toBe('2026-03-02T14:00:00.000Z');
		expect(attemptWindow('2026-03-02T14:07:30.250Z', 86_400)).toEqual({
			start: '2026-03-02T00:00:00.000Z',
			end: '2026-03-03T00:00:00.000Z',
		});
	});

	it('always holds now, and lasts exactly windowSeconds', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 4_102_444_800_000 }),
				fc.integer({ min: 1, max: 86_400 }),
				(ms, seconds) => {
					const now = new Date(ms).toISOString();
					const { start, end } = attemptWindow(now, seconds);
					return (
						Date.parse(start) <= ms && ms < Date.parse(end) && Date.parse(end) - Date.parse(start) === seconds * 1000
					);
				},
			),
		);
	});
});

describe('attemptVerdict', () => {
	const end = '2026-03-02T14:10:00.000Z';
	it('allows up to and including the limit, then refuses with the seconds left in the window', () => {
		expect(attemptVerdict(5, 5, end, '2026-03-02T14:07:30.000Z')).toEqual({
			allowed: true,
			count: 5,
			limit: 5,
			retryAfterSeconds: 0,
		});
		expect(attemptVerdict(6, 5, end, '2026-03-02T14:07:30.000Z')).toEqual({
			allowed: false,
			count: 6,
			limit: 5,
			retryAfterSeconds: 150,
		});
	});
	it('rounds the wait up, so a client that waits it out lands in the next window', () => {
		expect(attemptVerdict(9, 5, end, '2026-03-02T14:09:59.001Z').retryAfterSeconds).toBe(1);
		expect(attemptVerdict(9, 5, end, '2026-03-02T14:07:30.250Z').retryAfterSeconds).toBe(150);
	});
});

describe('validateAttempt', () => {
	const refusal = (patch: Record<string, unknown>) => {
		try {
			validateAttempt({ ...good, ...patch } as never);
		} catch (err) {
			expect(err).toBeInstanceOf(LedgerError);
			return { code: (err as LedgerError).code, message: (err as LedgerError).message };
		}
		return null;
	};

	it('accepts good options and normalises now', () => {
		expect(validateAttempt({ ...good, now: '2026-03-02T15:07:30+01:00' })).toEqual({
			...good,
			now: '2026-03-02T14:07:30.000Z',
		});
		expect(validateAttempt({ ...good, subject: 'x'.repeat(200), windowSeconds: 86_400, limit: 100_000 })).toBeTruthy();
		// 200 characters, not bytes or UTF-16 units: a subject of 200 emoji is fine.
		expect(validateAttempt({ ...good, subject: '😀'.repeat(200) }).subject).toHaveLength(400);
	});

	it.each([
		['an empty subject', { subject: '' }, /^subject: /],
		['a blank subject', { subject: '   ' }, /^subject: /],
		['a subject that is not text', { subject: 42 }, /^subject: /],
		['a subject of 201 characters', { subject: 'x'.repeat(201) }, /^subject: is 201 characters long/],
		['a line break', { subject: 'a\nb' }, /^subject: contains a control character/],
		['NUL', { subject: 'a\u0000b' }, /^subject: /],
		['DEL', { subject: 'a\u007fb' }, /^subject: contains a control character/],
		['a C1 control (NEL)', { subject: 'a\u0085b' }, /^subject: contains a control character/],
		['an unpaired surrogate', { subject: 'a\ud800b' }, /^subject: contains a broken character/],
		['a window of 0 s', { windowSeconds: 0 }, /^windowSeconds: must be a whole number from 1 to 86,400/],
		['a window over a day', { windowSeconds: 86_401 }, /^windowSeconds: /],
		['a fractional window', { windowSeconds: 1.5 }, /^windowSeconds: /],
		['a window given as text', { windowSeconds: '60' }, /^windowSeconds: /],
		['a limit of 0', { limit: 0 }, /^limit: must be a whole number from 1 to 100,000/],
		['a limit over 100,000', { limit: 100_001 }, /^limit: /],
		['a limit that is NaN', { limit: Number.NaN }, /^limit: /],
		['now that is not a date', { now: 'yesterday' }, /^now: must be an ISO 8601 date-time/],
		['no now', { now: undefined }, /^now: /],
	])('refuses %s, naming the field', (_, patch, message) => {
		expect(refusal(patch)).toEqual({ code: 'invalid_input', message: expect.stringMatching(message) });
	});

	it('refuses something that is not an object', () => {
		expect(() => validateAttempt(null as never)).toThrow(/^attempt: /);
	});
});
