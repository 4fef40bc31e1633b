import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readNow, show, type ItemExecute } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Weeks',
		name: 'weeks',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 4,
		description: 'How many weeks back the trend goes',
		displayOptions: show(['exceptionReport']),
	},
];

/** Counts by type, week-over-week trend and time to resolve: what an ops lead reads every Monday. */
export const execute: ItemExecute = async function (store, i) {
	return [
		(await store.exceptionReport({
			now: readNow(this, i),
			weeks: this.getNodeParameter('weeks', i) as number,
		})) as unknown as IDataObject,
	];
};
