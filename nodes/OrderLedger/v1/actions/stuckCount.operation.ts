import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readNow, show, type ItemExecute } from './common';

export const description: INodeProperties[] = [
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

/** How many orders are stuck right now, by stage and type: the number an ops lead asks for every morning. */
export const execute: ItemExecute = async function (store, i) {
	const hours = this.getNodeParameter('olderThanHours', i) as number;
	return [
		(await store.stuckCount({ now: readNow(this, i), olderThanSeconds: hours * 3600 })) as unknown as IDataObject,
	];
};
