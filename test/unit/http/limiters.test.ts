import {
	HeaderWindowLimiter,
	IntervalLimiter,
	LeakyBucketLimiter,
	SHIPSTATION_HEADERS,
	SpacedLane,
	withRateLimit,
} from '../../../nodes/lib/http/limiters';
import { type HttpRequest, type HttpResponse } from '../../../nodes/lib/http/types';
import { createVirtualClock } from '../../helpers/virtualClock';

const request: HttpRequest = { method: 'GET', url: 'https://vendor.test/x' };

describe('IntervalLimiter', () => {
	it('never lets more than `limit` requests into any sliding window', async () => {
		const clock = createVirtualClock(0);
		const limiter = new IntervalLimiter(40, 60_000, clock);
		const sent: number[] = [];
		for (let i = 0; i < 130; i++) {
			await limiter.acquire();
			sent.push(clock.now());
		}
		for (let i = 40; i < sent.length; i++) expect(sent[i] - sent[i - 40]).toBeGreaterThanOrEqual(60_000);
		// and it uses the budget: 130 requests need just over 3 windows
		expect(sent[sent.length - 1]).toBeLessThan(3 * 60_000 + 1);
	});
});

describe('SpacedLane', () => {
	it('runs one call at a time, each starting a gap after the previous one ended, whoever asks at once', async () => {
		const clock = createVirtualClock(0);
		const lane = new SpacedLane(1000, clock);
		// A vendor that counts the gap between the requests it RECEIVES: each call travels 300 ms (the first 900).
		const received: number[] = [];
		const spans: Array<[number, number]> = [];
		let inFlight = 0;
		const call = (travelMs: number) => async () => {
			expect(++inFlight).toBe(1);
			const start = clock.now();
			clock.advance(travelMs);
			received.push(clock.now());
			clock.advance(50);
			spans.push([start, clock.now()]);
			inFlight--;
			return travelMs;
		};
		const results = await Promise.all([call(900), call(300), call(300), call(300)].map((c) => lane.run(c)));
		expect(results).toEqual([900, 300, 300, 300]);
		for (let i = 1; i < spans.length; i++) expect(spans[i][0] - spans[i - 1][1]).toBeGreaterThanOrEqual(1000);
		// So the vendor sees at least the gap between any two, although the first travelled slowly.
		for (let i = 1; i < received.length; i++) expect(received[i] - received[i - 1]).toBeGreaterThanOrEqual(1000);
	});

	it('a failing call still frees the lane and starts the gap; its error reaches the caller', async () => {
		const clock = createVirtualClock(0);
		const lane = new SpacedLane(1000, clock);
		const first = lane.run(async () => {
			clock.advance(10);
			throw new Error('vendor down');
		});
		const second = lane.run(async () => clock.now());
		await expect(first).rejects.toThrow('vendor down');
		expect(await second).toBe(1010);
	});
});

describe('HeaderWindowLimiter', () => {
	/** A fixed-window server like ShipStation v1: 40 per 60 s, headers on every answer, 429 past it. */
	function fixedWindowServer(clock: { now(): number }, limit = 40, windowMs = 60_000) {
		let windowStart = clock.now();
		let used = 0;
		let rejected = 0;
		const transport = async (): Promise<HttpResponse> => {
			const now = clock.now();
			if (now - windowStart >= windowMs) {
				windowStart = now;
				used = 0;
			}
			const reset = Math.ceil((windowStart + windowMs - now) / 1000);
			if (used >= limit) {
				rejected++;
				return {
					status: 429,
					headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
					body: '',
				};
			}
			used++;
			return {
				status: 200,
				headers: {
					'x-rate-limit-limit': String(limit),
					'x-rate-limit-remaining': String(limit - used),
					'x-rate-limit-reset': String(reset),
				},
				body: {},
			};
		};
		return { transport, rejected: () => rejected };
	}

	it('paces a steady run so it never sees a 429 and uses at least 90% of the limit', async () => {
		const clock = createVirtualClock(0);
		const server = fixedWindowServer(clock);
		const paced = withRateLimit(server.transport, new HeaderWindowLimiter(SHIPSTATION_HEADERS, { clock }));
		const start = clock.now();
		for (let i = 0; i < 200; i++) expect((await paced(request)).status).toBe(200);
		const minutes = (clock.now() - start) / 60_000;
		expect(server.rejected()).toBe(0);
		expect(200 / minutes / 40).toBeGreaterThanOrEqual(0.9);
	});

	it('sends a short run at once while the window has plenty left, and spaces calls near the floor', async () => {
		const clock = createVirtualClock(0);
		const server = fixedWindowServer(clock);
		const paced = withRateLimit(server.transport, new HeaderWindowLimiter(SHIPSTATION_HEADERS, { clock }));
		for (let i = 0; i < 3; i++) await paced(request);
		expect(clock.now()).toBe(0);
		for (let i = 0; i < 20; i++) await paced(request);
		// 23 calls: past the floor of 20 (half of 40) the limiter starts spreading the rest of the window
		expect(clock.now()).toBeGreaterThan(0);
		expect(server.rejected()).toBe(0);
	});
});

describe('LeakyBucketLimiter', () => {
	it('waits for points to restore and trusts the vendor-reported state over its estimate', async () => {
		const clock = createVirtualClock(0);
		const bucket = new LeakyBucketLimiter({ available: 100, capacity: 100, restorePerSecond: 50 }, { clock });
		await bucket.take(100);
		expect(bucket.waitFor(50)).toBe(1000);
		await bucket.take(50);
		expect(clock.now()).toBe(1000);
		bucket.update({ available: 10 });
		expect(bucket.waitFor(60)).toBe(1000);
	});
});
