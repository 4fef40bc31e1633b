/** The outcome of one task: its value, or the error it threw. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `task` for every input with at most `limit` in flight and returns the outcomes in input order.
 * For calls that are safe to have in flight together (each carries its own idempotency key, as a Klaviyo
 * event's unique_id does): a vendor's latency then costs a run once per `limit` items, not once per item.
 * The caller's rate limiter still paces them.
 */
export async function settleInOrder<I, T>(
	inputs: readonly I[],
	limit: number,
	task: (input: I, index: number) => Promise<T>,
): Promise<Array<Settled<T>>> {
	const out = new Array<Settled<T>>(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) {
			const index = next++;
			try {
				out[index] = { ok: true, value: await task(inputs[index], index) };
			} catch (error) {
				out[index] = { ok: false, error };
			}
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(limit) || 1, inputs.length));
	await Promise.all(Array.from({ length: workers }, worker));
	return out;
}

/**
 * settleInOrder for tasks that must not overlap when they share a lane: inputs of one lane run one after the
 * other in input order, lanes run side by side (at most `limit` at once). Outcomes in input order. For writes
 * paced per destination (Slack's one message a second per channel) where two inputs may be about the same
 * thing (one case twice in a batch): those wait for each other, the rest do not wait behind them.
 */
export async function settleInLanes<I, T>(
	inputs: readonly I[],
	limit: number,
	laneOf: (input: I, index: number) => string,
	task: (input: I, index: number) => Promise<T>,
): Promise<Array<Settled<T>>> {
	const lanes = new Map<string, number[]>();
	inputs.forEach((input, index) => {
		const key = laneOf(input, index);
		const lane = lanes.get(key);
		if (lane) lane.push(index);
		else lanes.set(key, [index]);
	});
	const out = new Array<Settled<T>>(inputs.length);
	// Each lane settles its own inputs one at a time (settleInOrder with one in flight), lanes side by side.
	await settleInOrder([...lanes.values()], limit, async (lane) => {
		const settled = await settleInOrder(lane, 1, (index) => task(inputs[index], index));
		lane.forEach((index, n) => (out[index] = settled[n]));
	});
	return out;
}
