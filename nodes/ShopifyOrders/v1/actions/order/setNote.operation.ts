import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { setOrderNote, type ShopifyClient } from '../../../../lib/connectors/shopify';
import { orderLocator, orderWithObservations, readOrderRef } from './common';

const show = { show: { operation: ['setNote'] } };

export const description: INodeProperties[] = [
	{ ...orderLocator, displayOptions: show },
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		displayOptions: show,
		description: "Replaces the order's note",
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const result = await setOrderNote(
		client,
		readOrderRef(this, itemIndex),
		this.getNodeParameter('note', itemIndex) as string,
	);
	return [{ confirmed: result.confirmed, ...orderWithObservations(result.readBack) }];
}
