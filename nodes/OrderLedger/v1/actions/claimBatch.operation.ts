import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { LedgerEvent } from '../../../lib/ledger';
import { readNow, show, type ItemExecute } from './common';

const op = ['claimBatch'];

export const description: INodeProperties[] = [
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'How many due events to take',
		displayOptions: show(op),
	},
	{
		displayName: 'Lease (Seconds)',
		name: 'leaseSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description:
			'How long this run owns the events. If it dies without Ack or Fail, they are claimable again after this.',
		displayOptions: show(op),
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		description: 'An event whose lease ran out this many times goes to dead-letter',
		displayOptions: show(op),
	},
	{
		displayName: 'Worker Name',
		name: 'worker',
		type: 'string',
		default: '={{ "execution " + $execution.id }}',
		description: 'Recorded as leased_by, to trace who held an event',
		displayOptions: show(op),
	},
];

export const execute: ItemExecute = async function (store, i) {
	const events = await store.claimBatch({
		worker: this.getNodeParameter('worker', i, 'n8n') as string,
		limit: this.getNodeParameter('batchSize', i) as number,
		leaseSeconds: this.getNodeParameter('leaseSeconds', i) as number,
		maxAttempts: this.getNodeParameter('maxAttempts', i) as number,
		now: readNow(this, i),
	});
	return events.map((e) => present(e) as unknown as IDataObject);
};

/**
 * A parcel still matched to no order: its payload carries the reason as `normaliseError`, which the
 * event processor puts in the error it records ("names no order: Tracking number ... matched no order
 * ..."), so Dead-letter review says which parcel and what to do. Only the output; the stored payload
 * is unchanged.
 */
function present(e: LedgerEvent): LedgerEvent {
	const p = e.parcel;
	if (!p || p.matched || typeof e.payload !== 'object' || e.payload === null || Array.isArray(e.payload)) return e;
	const payload = e.payload as Record<string, unknown>;
	if (payload.normaliseError) return e;
	return { ...e, payload: { ...payload, normaliseError: p.message } };
}
