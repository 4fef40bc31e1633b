import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../lib/ledger';
import { readNow, show } from './common';

const op = ['claimBatch'];

export const description: INodeProperties[] = [
	{ displayName: 'Batch Size', name: 'batchSize', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'How many due events to take', displayOptions: show(op) },
	{
		displayName: 'Lease (Seconds)',
		name: 'leaseSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description: 'How long this run owns the events. If it dies without Ack or Fail, they are claimable again after this.',
		displayOptions: show(op),
	},
	{ displayName: 'Max Attempts', name: 'maxAttempts', type: 'number', typeOptions: { minValue: 1 }, default: 5, description: 'An event whose lease ran out this many times goes to dead-letter', displayOptions: show(op) },
	{ displayName: 'Worker Name', name: 'worker', type: 'string', default: '={{ "execution " + $execution.id }}', description: 'Recorded as leased_by, to trace who held an event', displayOptions: show(op) },
];

export async function execute(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	const events = await store.claimBatch({
		worker: this.getNodeParameter('worker', i, 'n8n') as string,
		limit: this.getNodeParameter('batchSize', i) as number,
		leaseSeconds: this.getNodeParameter('leaseSeconds', i) as number,
		maxAttempts: this.getNodeParameter('maxAttempts', i) as number,
		now: readNow(this, i),
	});
	return events.map((e) => e as unknown as IDataObject);
}
