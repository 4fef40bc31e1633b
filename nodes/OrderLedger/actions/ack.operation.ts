import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../lib/ledger';
import { readNow, show } from './common';

const op = ['ack', 'fail'];

export const leaseProperties: INodeProperties[] = [
	{ displayName: 'Event ID', name: 'eventId', type: 'string', required: true, default: '={{ $json.id }}', description: 'The ID from Claim Batch', displayOptions: show(op) },
	{ displayName: 'Lease ID', name: 'leaseId', type: 'string', required: true, default: '={{ $json.leaseToken }}', description: 'The leaseToken from Claim Batch: proves this run still owns the event', displayOptions: show(op) },
];

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	const [result] = await store.ack([{ id: String(this.getNodeParameter('eventId', i)), leaseToken: String(this.getNodeParameter('leaseId', i)) }], readNow(this, i));
	return [{ id: result.id, outcome: result.outcome, event: result.event as unknown as IDataObject }];
}
