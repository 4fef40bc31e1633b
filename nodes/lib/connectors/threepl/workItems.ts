/**
 * A warehouse node's pass over the event processor's work items (issue 14), shared by 3PL Fulfillment and
 * ShipStation "Read for Work Items": decide per item whether to read it, read all of those at once (the
 * vendor's own batching and pacing), and append what was read to each item's observations. Every item gets
 * exactly one outcome, in order: an item not read is itself, unchanged.
 */
import type { Observation } from '../../order/types';
import { hasError, requireReadWhen, shouldRead, withObservations, type WorkItemJson } from '../../pipeline';
import type { BatchOutcome } from './types';

export interface WorkItemRead<K> {
	/** The node's "Read When" for item `index`; asked only of an item without an error. */
	readWhen: (index: number) => unknown;
	/** What to read item `index` by; a throw fails that item alone. */
	keysOf: (item: WorkItemJson, index: number) => K;
	/**
	 * Reads them all (connecting first), one outcome per keys, in order: the observations to append, or why
	 * that one failed. A throw (no credential, say) fails every item that was to be read.
	 */
	read: (keys: K[]) => Promise<Array<BatchOutcome<Observation[]>>>;
}

export async function readWorkItems<K>(
	items: readonly WorkItemJson[],
	how: WorkItemRead<K>,
): Promise<Array<BatchOutcome<WorkItemJson>>> {
	const outcomes: Array<BatchOutcome<WorkItemJson>> = items.map((value) => ({ value }));
	const toRead: Array<{ index: number; keys: K }> = [];
	items.forEach((item, index) => {
		try {
			// An item on its way to Fail is not read, so its Read When is not even worked out.
			if (hasError(item) || !shouldRead(item, requireReadWhen(how.readWhen(index), 'askWarehouse'))) return;
			toRead.push({ index, keys: how.keysOf(item, index) });
		} catch (error) {
			outcomes[index] = { error };
		}
	});
	// A run with nothing to read asks nobody, and needs no credential.
	if (!toRead.length) return outcomes;
	let read: Array<BatchOutcome<Observation[]>>;
	try {
		read = await how.read(toRead.map((r) => r.keys));
	} catch (error) {
		read = toRead.map(() => ({ error }));
	}
	toRead.forEach(({ index }, n) => {
		const outcome = read[n];
		outcomes[index] = 'error' in outcome ? outcome : { value: withObservations(items[index], outcome.value) };
	});
	return outcomes;
}

/** Each value of a batch's outcomes turned into another; errors stay as they are. */
export function mapOutcomes<T, U>(outcomes: Array<BatchOutcome<T>>, to: (value: T) => U): Array<BatchOutcome<U>> {
	return outcomes.map((o) => ('error' in o ? o : { value: to(o.value) }));
}
