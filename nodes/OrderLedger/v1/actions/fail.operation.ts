import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { failedEvents, type FailedEvent } from '../../../lib/pipeline';
import {
	fromWorkItem,
	leaseProperties,
	readLease,
	readNow,
	readWorkItemEvents,
	show,
	type ItemExecute,
} from './common';

const op = ['fail'];

export const description: INodeProperties[] = [
	...leaseProperties('fail'),
	{
		displayName: 'Error',
		name: 'errorMessage',
		type: 'string',
		default: '={{ $json.error ?? "processing failed" }}',
		description:
			"What went wrong; kept as last_error. By default the item's `error` (a work item from Claim Batch has one when " +
			'its events name no order).',
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

/**
 * One output item per event failed, each paired with its input item. A work item's events are failed one
 * after the other with the same error (failedEvents): should the ledger refuse one part-way, the item
 * stops with that error and the events before it stay failed (failing them again says lease_lost).
 */
export const execute: ItemExecute = async function (store, i) {
	const raw = this.getNodeParameter('errorMessage', i, '') as unknown;
	const error = typeof raw === 'string' ? raw : JSON.stringify(raw);
	const failures = failuresOf(this, i, error);
	const options = {
		maxAttempts: this.getNodeParameter('failMaxAttempts', i) as number,
		baseDelaySeconds: this.getNodeParameter('baseDelaySeconds', i) as number,
		maxDelaySeconds: this.getNodeParameter('maxDelaySeconds', i) as number,
		now: readNow(this, i),
	};
	const out: IDataObject[] = [];
	for (const failure of failures) {
		const result = await store.fail(
			{ id: failure.eventId, leaseToken: failure.leaseToken },
			{ ...options, error: failure.error },
		);
		out.push({ id: result.id, outcome: result.outcome, event: result.event as unknown as IDataObject });
	}
	return out;
};

/** The events item i fails: the one named by ID (its error as given, as before), or the work item's. */
function failuresOf(ctx: IExecuteFunctions, i: number, error: string): FailedEvent[] {
	if (fromWorkItem(ctx, i)) return failedEvents({ events: readWorkItemEvents(ctx, i) }, error);
	const { id, leaseToken } = readLease(ctx, i);
	return [{ eventId: id, leaseToken, error }];
}
