import { settleInOrder } from '../../../nodes/lib/http/inOrder';

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
