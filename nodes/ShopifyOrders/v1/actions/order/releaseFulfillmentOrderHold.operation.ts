import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { releaseFulfillmentOrderHold, type ShopifyClient } from '../../../../lib/connectors/shopify';

export const description: INodeProperties[] = [
	{
		displayName: 'Fulfillment Order ID',
		name: 'fulfillmentOrderId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { operation: ['releaseFulfillmentOrderHold'] } },
		description: "From the order's fulfillmentOrders (Get operation)",
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const result = await releaseFulfillmentOrderHold(
		client,
		this.getNodeParameter('fulfillmentOrderId', itemIndex) as string,
	);
	return [{ confirmed: result.confirmed, fulfillmentOrder: result.readBack as unknown as IDataObject }];
}
