import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { HOLD_REASONS, holdFulfillmentOrder, type ShopifyClient } from '../../../../lib/connectors/shopify';

const show = { show: { operation: ['holdFulfillmentOrder'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Fulfillment Order ID',
		name: 'fulfillmentOrderId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show,
		description: "From the order's fulfillmentOrders (Get operation)",
	},
	{
		displayName: 'Reason',
		name: 'holdReason',
		type: 'options',
		options: HOLD_REASONS.map((r) => ({ name: r.charAt(0) + r.slice(1).toLowerCase().replace(/_/g, ' '), value: r })),
		default: 'INCORRECT_ADDRESS',
		displayOptions: show,
	},
	{ displayName: 'Reason Notes', name: 'holdNotes', type: 'string', default: '', displayOptions: show },
	{
		displayName: 'Notify Merchant',
		name: 'notifyMerchant',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description: 'Whether Shopify notifies the merchant about the hold',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const result = await holdFulfillmentOrder(
		client,
		this.getNodeParameter('fulfillmentOrderId', itemIndex) as string,
		this.getNodeParameter('holdReason', itemIndex) as string,
		this.getNodeParameter('holdNotes', itemIndex) as string,
		this.getNodeParameter('notifyMerchant', itemIndex) as boolean,
	);
	return [{ confirmed: result.confirmed, fulfillmentOrder: result.readBack as unknown as IDataObject }];
}
