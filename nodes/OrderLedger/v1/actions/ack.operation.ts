import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { fromWorkItem, leaseProperties, readLease, readNow, readWorkItemEvents, type ItemExecute } from './common';

export const description: INodeProperties[] = leaseProperties('ack');

/** One output item per event settled (a work item's events in one call), each paired with its input item. */
export const execute: ItemExecute = async function (store, i) {
	const refs = fromWorkItem(this, i) ? readWorkItemEvents(this, i) : [readLease(this, i)];
	const results = await store.ack(
		refs.map(({ id, leaseToken }) => ({ id, leaseToken })),
		readNow(this, i),
	);
	return results.map((r) => ({ id: r.id, outcome: r.outcome, event: r.event as unknown as IDataObject }));
};
