import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { fromWorkItem, leaseProperties, readLease, readNow, readWorkItemEvents, type BatchExecute } from './common';

export const description: INodeProperties[] = leaseProperties('ack');

/**
 * All items in one call: a processor run acks every order's events together, and one statement for the batch
 * costs what one per order cost before (issue 14). An item whose events cannot be read fails alone.
 */
export const batched = true;

/** One output item per event settled (a work item's events at once), each paired with its input item. */
export const execute: BatchExecute = async function (store, indexes) {
	const now = readNow(this, indexes[0] ?? 0);
	const refsOf = indexes.map((i) => {
		try {
			return fromWorkItem(this, i) ? readWorkItemEvents(this, i) : [readLease(this, i)];
		} catch (error) {
			return error as Error;
		}
	});
	const results = await store.ack(
		refsOf.flatMap((refs) => (refs instanceof Error ? [] : refs.map(({ id, leaseToken }) => ({ id, leaseToken })))),
		now,
	);
	let next = 0;
	return refsOf.map((refs) => {
		if (refs instanceof Error) return refs;
		return results
			.slice(next, (next += refs.length))
			.map((r) => ({ id: r.id, outcome: r.outcome, event: r.event as unknown as IDataObject }));
	});
};
