import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { lookupOrderKeyProperty, show, type ItemExecute } from './common';

export const description: INodeProperties[] = [
	lookupOrderKeyProperty('getOrder'),
	{
		displayName: 'Fail If Not Found',
		name: 'failIfMissing',
		type: 'boolean',
		default: false,
		description: 'Whether a missing order is an error; otherwise the item says found: false',
		displayOptions: show(['getOrder']),
	},
];

export const execute: ItemExecute = async function (store, i) {
	const key = String(this.getNodeParameter('lookupOrderKey', i, ''));
	const record = await store.getOrder(key);
	if (!record && this.getNodeParameter('failIfMissing', i, false)) {
		throw new NodeOperationError(this.getNode(), `Order ${key} is not in the ledger`, {
			itemIndex: i,
			description: 'Check the order key (no "#"), or upsert the order first.',
		});
	}
	return [{ orderKey: key, found: record !== null, record: record as unknown as IDataObject }];
};
