import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { getOrder, type ShopifyClient } from '../../../../lib/connectors/shopify';
import { orderLocator, orderWithObservations, readOrderRef } from './common';

export const description: INodeProperties[] = [
	{ ...orderLocator, displayOptions: { show: { operation: ['get'] } } },
	{
		displayName: 'Read Parcel Contents and Return Parcels',
		name: 'parcels',
		type: 'boolean',
		default: false,
		description:
			'Whether to also read what each fulfillment holds (partial shipments), the fulfillment order it fulfils, ' +
			'return parcels with their tracking, and the return status. Costs about twice the query points.',
		displayOptions: { show: { operation: ['get'] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const parcels = this.getNodeParameter('parcels', itemIndex, false) as boolean;
	const order = await getOrder(client, readOrderRef(this, itemIndex), { parcels });
	return [orderWithObservations(order)];
}
