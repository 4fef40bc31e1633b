/** Exception Report and Stuck Count: the two questions an ops lead asks every morning. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../lib/ledger';
import { readNow, show } from './common';

export const description: INodeProperties[] = [
	{ displayName: 'Weeks', name: 'weeks', type: 'number', typeOptions: { minValue: 1 }, default: 4, description: 'How many weeks back the trend goes', displayOptions: show(['exceptionReport']) },
	{
		displayName: 'Stuck After (Hours)',
		name: 'olderThanHours',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 48,
		description: 'An order in a non-final stage this long counts as stuck (orders with an open exception always count)',
		displayOptions: show(['stuckCount']),
	},
];

export async function exceptionReport(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	return [(await store.exceptionReport({ now: readNow(this, i), weeks: this.getNodeParameter('weeks', i) as number })) as unknown as IDataObject];
}

export async function stuckCount(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	const hours = this.getNodeParameter('olderThanHours', i) as number;
	return [(await store.stuckCount({ now: readNow(this, i), olderThanSeconds: hours * 3600 })) as unknown as IDataObject];
}
