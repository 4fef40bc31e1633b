/**
 * Every tracking number to ask the carriers about for one order (the processor's "Parcels to track" Code
 * node): from the facts in hand (the events' and those of the reads that ran for this order) and the stored
 * record's parcels still on their way.
 */
import type { Observation, OrderRecord } from '../order/types';
import { isRecord } from './workItem';

/** A carrier has nothing new to say about a parcel that arrived or went back to the merchant. */
const SETTLED = ['delivered', 'returned_to_sender'];

/**
 * @param observations exactly the observations of the events and of the reads that ran for this order (a read
 * skipped for it must not contribute: in n8n its output is an earlier order's).
 * @returns each number once, trimmed, in the order first seen: facts first, then the record's parcels.
 */
export function trackingNumbersToRead(observations: readonly Observation[], record: OrderRecord | null): string[] {
	const numbers = new Set<string>();
	const add = (n: unknown) => {
		if (typeof n === 'string' && n.trim()) numbers.add(n.trim());
	};
	for (const o of observations) if (isRecord(o) && isRecord(o.data)) add(o.data.trackingNumber);
	for (const s of record?.shipments ?? [])
		if (isRecord(s) && !SETTLED.includes(s.trackingStatus as string)) add(s.trackingNumber);
	return [...numbers];
}
