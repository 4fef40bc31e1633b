import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { leaseProperties, readLease, readNow, show, type ItemExecute } from './common';

const op = ['fail'];

export const description: INodeProperties[] = [
	...leaseProperties('fail'),
	{
		displayName: 'Error',
		name: 'errorMessage',
		type: 'string',
		default: '={{ $json.error ?? "processing failed" }}',
		description: 'What went wrong; kept as last_error',
		displayOptions: show(op),
	},
	{
		displayName: 'Max Attempts',
		name: 'failMaxAttempts',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		description: 'After this many attempts the event goes to dead-letter (Replay brings it back)',
		displayOptions: show(op),
	},
	{
		displayName: 'First Retry After (Seconds)',
		name: 'baseDelaySeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'Doubles after every failure, with jitter',
		displayOptions: show(op),
	},
	{
		displayName: 'Longest Wait (Seconds)',
		name: 'maxDelaySeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3600,
		description: 'Cap on the back-off',
		displayOptions: show(op),
	},
];

export const execute: ItemExecute = async function (store, i) {
	const error = this.getNodeParameter('errorMessage', i, '') as unknown;
	const result = await store.fail(readLease(this, i), {
		error: typeof error === 'string' ? error : JSON.stringify(error),
		maxAttempts: this.getNodeParameter('failMaxAttempts', i) as number,
		baseDelaySeconds: this.getNodeParameter('baseDelaySeconds', i) as number,
		maxDelaySeconds: this.getNodeParameter('maxDelaySeconds', i) as number,
		now: readNow(this, i),
	});
	return [{ id: result.id, outcome: result.outcome, event: result.event as unknown as IDataObject }];
};
