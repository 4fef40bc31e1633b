import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../lib/ledger';
import { show } from './common';

export const orderKeyProperty: INodeProperties = {
	displayName: 'Order Key',
	name: 'lookupOrderKey',
	type: 'string',
	required: true,
	default: '={{ $json.orderKey }}',
	description: 'The order number without "#" (e.g. 1001)',
	displayOptions: show(['getOrder', 'getTimeline']),
};

export const description: INodeProperties[] = [
	{
		displayName: 'Fail If Not Found',
		name: 'failIfMissing',
		type: 'boolean',
		default: false,
		description: 'Whether a missing order is an error; otherwise the item says found: false',
		displayOptions: show(['getOrder']),
	},
];

export async function execute(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	const key = String(this.getNodeParameter('lookupOrderKey', i, ''));
	const record = await store.getOrder(key);
	if (!record && this.getNodeParameter('failIfMissing', i, false)) {
		throw new NodeOperationError(this.getNode(), `Order ${key} is not in the ledger`, { itemIndex: i, description: 'Check the order key (no "#"), or upsert the order first.' });
	}
	return [{ orderKey: key, found: record !== null, record: record as unknown as IDataObject }];
}
