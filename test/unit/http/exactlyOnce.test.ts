import { TransportError } from '../../../nodes/lib/http/errors';
import { sendOnce } from '../../../nodes/lib/http/once';
import { OutcomeUnknownError, provesNotSent } from '../../../nodes/lib/http/outcome';
import { withRetry } from '../../../nodes/lib/http/retry';
import { effectOf, type HttpRequest, type HttpResponse, type Transport } from '../../../nodes/lib/http/types';
import { acceptThenFail, AMBIGUOUS_MODES } from '../../helpers/ambiguous';
import { createVirtualClock } from '../../helpers/virtualClock';

const post: HttpRequest = { method: 'POST', url: 'https://vendor.test/things', body: { name: 'a' } };

/** A vendor that creates a thing for every POST it receives and can list what it holds. */
function fakeVendor() {
	const things: string[] = [];
	const transport: Transport = async (request) => {
		if (request.method === 'GET') return { status: 200, headers: {}, body: { things } };
		things.push(`thing-${things.length + 1}`);
		return { status: 201, headers: {}, body: { id: things[things.length - 1] } };
	};
	return { things, transport };
}

function scripted(responses: Array<HttpResponse | Error>) {
	let calls = 0;
	const transport: Transport = async () => {
		calls++;
		const next = responses.shift();
		if (!next) throw new Error('no more scripted responses');
		if (next instanceof Error) throw next;
		return next;
	};
	return { transport, calls: () => calls };
}
const answer = (status: number): HttpResponse => ({ status, headers: {}, body: {} });

describe('retry policy: a call unsafe to repeat is repeated only when the vendor provably did not act', () => {
	const clock = createVirtualClock(0);

	it('decides the effect by method unless the call site says otherwise', () => {
		expect(effectOf({ method: 'GET' })).toBe('read');
		expect(effectOf({ method: 'PUT' })).toBe('idempotent');
		expect(effectOf({ method: 'DELETE' })).toBe('idempotent');
		expect(effectOf({ method: 'POST' })).toBe('unsafe');
		expect(effectOf({ method: 'PATCH' })).toBe('unsafe');
		expect(effectOf({ method: 'POST', effect: 'read' })).toBe('read');
	});

	it.each([['timeout' as const], ['reset' as const], [500 as const], [502 as const], [503 as const], [504 as const]])(
		'an unsafe POST whose answer is lost (%s) is sent once and reported as OutcomeUnknownError',
		async (mode) => {
			const vendor = fakeVendor();
			const send = withRetry(acceptThenFail(vendor.transport, { match: () => true, mode, times: 5 }), {
				clock,
				maxAttempts: 6,
			});
			const error = await send(post).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(OutcomeUnknownError);
			expect(vendor.things).toEqual(['thing-1']);
			expect((error as OutcomeUnknownError).message).toMatch(/may or may not have done it; it was not repeated/);
		},
	);

	it('retries the same lost answers on a call marked idempotent: the control showing the check can fail', async () => {
		const vendor = fakeVendor();
		const send = withRetry(acceptThenFail(vendor.transport, { match: () => true, mode: 500, times: 3 }), { clock });
		const res = await send({ ...post, effect: 'idempotent' });
		expect(res.status).toBe(201);
		// A blind retry of a create: four things where one was meant. This is why POST defaults to unsafe.
		expect(vendor.things).toHaveLength(4);
	});

	it('retries an unsafe call after failures that prove nothing was done: refused connection, 408, 429', async () => {
		const refused = new TransportError('connect ECONNREFUSED', 'ECONNREFUSED', post);
		const { transport, calls } = scripted([refused, answer(408), answer(429), answer(201)]);
		const res = await withRetry(transport, { clock, random: () => 0 })(post);
		expect(res.status).toBe(201);
		expect(calls()).toBe(4);
		expect(provesNotSent(refused)).toBe(true);
		expect(provesNotSent(new TransportError('timed out', 'ETIMEDOUT', post))).toBe(false);
	});

	it('keeps retrying reads and idempotent calls on timeouts and 5xx as before', async () => {
		for (const request of [
			{ ...post, effect: 'read' as const },
			{ method: 'GET' as const, url: post.url },
		]) {
			const timeout = new TransportError('timed out', 'ETIMEDOUT', request);
			const { transport, calls } = scripted([timeout, answer(502), answer(200)]);
			expect((await withRetry(transport, { clock })(request)).status).toBe(200);
			expect(calls()).toBe(3);
		}
	});

	it('leaves a non-retryable answer to an unsafe call to the caller (a 400 is not ambiguous)', async () => {
		const { transport, calls } = scripted([answer(400)]);
		expect((await withRetry(transport, { clock })(post)).status).toBe(400);
		expect(calls()).toBe(1);
	});
});

describe('sendOnce: look before repeating', () => {
	const clock = createVirtualClock(0);
	const create = (transport: Transport) => async () => {
		const res = await withRetry(transport, { clock })(post);
		return (res.body as { id: string }).id;
	};
	const find = (vendor: ReturnType<typeof fakeVendor>) => async () => vendor.things[0];

	it.each(AMBIGUOUS_MODES.flatMap((mode) => [1, 2, 3].map((n) => [mode, n] as const)))(
		'%s on the first %i sends: exactly one effect, and the real id is adopted',
		async (mode, n) => {
			const vendor = fakeVendor();
			const flaky = acceptThenFail(vendor.transport, { match: (r) => r.method === 'POST', mode, times: n });
			const result = await sendOnce({ what: 'create', clock, send: create(flaky), find: find(vendor) });
			expect(vendor.things).toEqual(['thing-1']);
			expect(result).toEqual({ value: 'thing-1', how: 'found', ambiguousSends: 1 });
			expect(flaky.injected).toBe(1);
		},
	);

	it('sends again when the vendor shows no trace (it failed before acting), and only then', async () => {
		const vendor = fakeVendor();
		let lost = 2;
		// Fails WITHOUT acting twice (a 502 from a proxy in front of the vendor), then works.
		const proxy: Transport = async (request) => (lost-- > 0 ? answer(502) : vendor.transport(request));
		const result = await sendOnce({ what: 'create', clock, send: create(proxy), find: find(vendor) });
		expect(result).toEqual({ value: 'thing-1', how: 'sent', ambiguousSends: 2 });
		expect(vendor.things).toEqual(['thing-1']);
	});

	it('never repeats blindly: when looking fails too, the outcome is reported unknown', async () => {
		const vendor = fakeVendor();
		const flaky = acceptThenFail(vendor.transport, { match: () => true, mode: 'timeout', times: 1 });
		const lookFails = async (): Promise<string | undefined> => {
			throw Object.assign(new Error('missing_scope'), { hint: 'Add channels:history.' });
		};
		const error = await sendOnce({ what: 'the post', clock, send: create(flaky), find: lookFails }).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(OutcomeUnknownError);
		expect((error as OutcomeUnknownError).message).toMatch(/^the post: .*looking for the result failed too/);
		expect((error as OutcomeUnknownError).hint).toMatch(/^Add channels:history\. Check at the vendor/);
		expect(vendor.things).toHaveLength(1);
	});

	it('gives up after maxSends lost answers without a trace, saying so', async () => {
		const proxy: Transport = async () => answer(504);
		const error = await sendOnce({
			what: 'create',
			clock,
			maxSends: 2,
			send: create(proxy),
			find: async () => undefined,
		}).catch((e: unknown) => e);
		expect((error as Error).message).toMatch(/lost 2 times \(last: HTTP 504\) and no trace of it was found/);
	});

	it('passes other errors through untouched (a refusal is not ambiguous)', async () => {
		const refusal = new Error('422 invalid');
		await expect(
			sendOnce({ what: 'x', clock, send: () => Promise.reject(refusal), find: async () => 'never' }),
		).rejects.toBe(refusal);
	});
});
