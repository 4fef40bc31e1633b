import { backoffDelay, parseRetryAfter, withRetry } from '../../../nodes/lib/http/retry';
import { TransportError } from '../../../nodes/lib/http/errors';
import { type HttpRequest, type HttpResponse } from '../../../nodes/lib/http/types';
import { createVirtualClock } from '../../helpers/virtualClock';

const request: HttpRequest = { method: 'GET', url: 'https://vendor.test/things' };
const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: {} });

function scripted(responses: Array<HttpResponse | Error>) {
	const calls: number[] = [];
	const clock = createVirtualClock(0);
	const transport = async () => {
		calls.push(clock.now());
		const next = responses.shift();
		if (!next) throw new Error('no more scripted responses');
		if (next instanceof Error) throw next;
		return next;
	};
	return { calls, clock, transport };
}

describe('withRetry', () => {
	it('retries 429 and 5xx until a success and returns it', async () => {
		const { calls, clock, transport } = scripted([answer(429), answer(503), answer(200)]);
		const res = await withRetry(transport, { clock, random: () => 0.5 })(request);
		expect(res.status).toBe(200);
		expect(calls).toHaveLength(3);
	});

	it('never retries a 4xx other than 408/429, so a bad request is reported at once', async () => {
		for (const status of [400, 401, 403, 404, 422]) {
			const { calls, clock, transport } = scripted([answer(status), answer(200)]);
			const res = await withRetry(transport, { clock })(request);
			expect(res.status).toBe(status);
			expect(calls).toHaveLength(1);
		}
	});

	it('waits at least what Retry-After says (seconds and HTTP-date)', async () => {
		const { calls, clock, transport } = scripted([answer(429, { 'retry-after': '7' }), answer(200)]);
		await withRetry(transport, { clock, random: () => 0, baseDelayMs: 10 })(request);
		expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(7000);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:50 GMT'))).toBe(10_000);
		expect(parseRetryAfter('soon', 0)).toBeUndefined();
	});

	it('retries transport failures and rethrows the last one when attempts run out', async () => {
		const failure = () => new TransportError('reset', 'ECONNRESET', request);
		const { calls, clock, transport } = scripted([failure(), failure(), failure()]);
		await expect(withRetry(transport, { clock, maxAttempts: 3 })(request)).rejects.toThrow('reset');
		expect(calls).toHaveLength(3);
	});

	it('returns the last failing response after maxAttempts instead of looping', async () => {
		const { calls, clock, transport } = scripted([answer(500), answer(500)]);
		const res = await withRetry(transport, { clock, maxAttempts: 2 })(request);
		expect(res.status).toBe(500);
		expect(calls).toHaveLength(2);
	});

	it('lets a vendor classifier retry a 200 (Shopify THROTTLED) with its own delay', async () => {
		const { calls, clock, transport } = scripted([answer(200), answer(200)]);
		let first = true;
		const res = await withRetry(transport, {
			clock,
			random: () => 0,
			baseDelayMs: 1,
			classify: () => (first ? ((first = false), { retry: true, delayMs: 2500 }) : { retry: false }),
		})(request);
		expect(res.status).toBe(200);
		expect(calls[1] - calls[0]).toBe(2500);
	});

	it('backs off exponentially with jitter inside [ceiling/2, ceiling] and caps at maxDelay', () => {
		expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
		expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(400);
		expect(backoffDelay(20, 100, 10_000, () => 1)).toBe(10_000);
	});
});
