import { settleInLanes, settleInOrder } from '../../../nodes/lib/http/inOrder';

/** A promise the test settles, so the test decides which task finishes first. */
function deferred() {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

describe('settleInOrder', () => {
	it('returns outcomes in input order though later tasks finish first, errors in their place', async () => {
		const gates = [deferred(), deferred(), deferred()];
		const run = settleInOrder(['a', 'b', 'c'], 3, async (input, i) => {
			await gates[i].promise;
			if (input === 'b') throw new Error('b failed');
			return input.toUpperCase();
		});
		gates[2].resolve();
		gates[1].resolve();
		gates[0].resolve();
		expect(await run).toEqual([
			{ ok: true, value: 'A' },
			{ ok: false, error: new Error('b failed') },
			{ ok: true, value: 'C' },
		]);
	});

	it('never has more than `limit` tasks in flight, and runs every input once', async () => {
		let inFlight = 0;
		let most = 0;
		const seen: number[] = [];
		await settleInOrder(
			Array.from({ length: 25 }, (_, i) => i),
			4,
			async (n) => {
				inFlight++;
				most = Math.max(most, inFlight);
				await new Promise((r) => setImmediate(r));
				seen.push(n);
				inFlight--;
			},
		);
		expect(most).toBe(4);
		expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
	});

	it('a limit below 1 or not a number runs one at a time; no inputs, no calls', async () => {
		for (const limit of [0, -3, Number.NaN]) {
			let inFlight = 0;
			let most = 0;
			await settleInOrder([1, 2, 3], limit, async () => {
				most = Math.max(most, ++inFlight);
				await new Promise((r) => setImmediate(r));
				inFlight--;
			});
			expect(most).toBe(1);
		}
		const task = jest.fn();
		expect(await settleInOrder([], 5, task)).toEqual([]);
		expect(task).not.toHaveBeenCalled();
	});
});

describe('settleInLanes', () => {
	// One lane in input order, never two of its tasks at once; other lanes alongside; outcomes in input order.
	it('runs lanes side by side and each lane in order', async () => {
		const events: string[] = [];
		const inFlightPerLane = new Map<string, number>();
		let most = 0;
		let inFlight = 0;
		const inputs = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2'];
		const out = await settleInLanes(
			inputs,
			3,
			(input) => input[0],
			async (input) => {
				const lane = input[0];
				inFlightPerLane.set(lane, (inFlightPerLane.get(lane) ?? 0) + 1);
				expect(inFlightPerLane.get(lane)).toBe(1);
				most = Math.max(most, ++inFlight);
				events.push(`start ${input}`);
				await new Promise((r) => setImmediate(r));
				events.push(`end ${input}`);
				inFlight--;
				inFlightPerLane.set(lane, inFlightPerLane.get(lane)! - 1);
				if (input === 'a2') throw new Error('a2 failed');
				return input.toUpperCase();
			},
		);
		expect(out.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual([
			'A1',
			'B1',
			'a2 failed',
			'C1',
			'A3',
			'B2',
		]);
		// Lane a in input order, each after the previous one ended (a failure does not stop its lane).
		const a = events.filter((e) => e.includes(' a'));
		expect(a).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
		// The lanes ran side by side: b1 and c1 started before a1 ended.
		expect(events.indexOf('start b1')).toBeLessThan(events.indexOf('end a1'));
		expect(events.indexOf('start c1')).toBeLessThan(events.indexOf('end a1'));
		expect(most).toBe(3);
	});

	it('at most `limit` lanes at once', async () => {
		let inFlight = 0;
		let most = 0;
		await settleInLanes(
			Array.from({ length: 12 }, (_, i) => i),
			2,
			(n) => String(n % 5),
			async () => {
				most = Math.max(most, ++inFlight);
				await new Promise((r) => setImmediate(r));
				inFlight--;
			},
		);
		expect(most).toBe(2);
	});
});
