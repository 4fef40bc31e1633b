import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { getOrder, type ShopifyClient } from '../../../lib/connectors/shopify';
import { orderLocator, orderWithObservations, readOrderRef } from './common';

export const description: INodeProperties[] = [{ ...orderLocator, displayOptions: { show: { operation: ['get'] } } }];

export async function execute(this: IExecuteFunctions, client: ShopifyClient, itemIndex: number): Promise<IDataObject[]> {
	const order = await getOrder(client, readOrderRef(this, itemIndex));
	return [orderWithObservations(order)];
}
