import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { formatTimeline } from '../../../lib/order';
import { lookupOrderKeyProperty, type ItemExecute } from './common';

export const description: INodeProperties[] = [lookupOrderKeyProperty('getTimeline')];

export const execute: ItemExecute = async function (store, i) {
	const key = String(this.getNodeParameter('lookupOrderKey', i, ''));
	const entries = await store.getTimeline(key);
	return [
		{
			orderKey: key,
			entries: entries as unknown as IDataObject[],
			text: formatTimeline(entries.map((e) => ({ ...e, source: e.source as never }))),
		},
	];
};
