import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { addTags, type ShopifyClient } from '../../../../lib/connectors/shopify';
import { orderLocator, orderWithObservations, readOrderRef } from './common';

const show = { show: { operation: ['addTags'] } };

export const description: INodeProperties[] = [
	{ ...orderLocator, displayOptions: show },
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'needs-review, vip',
		displayOptions: show,
		description: 'Comma-separated; existing tags are kept',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const result = await addTags(client, readOrderRef(this, itemIndex), this.getNodeParameter('tags', itemIndex));
	return [{ confirmed: result.confirmed, ...orderWithObservations(result.readBack) }];
}
