import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { CANCEL_REASONS, cancelOrder, type ShopifyClient } from '../../../../lib/connectors/shopify';
import { orderLocator, orderWithObservations, readOrderRef } from './common';

const show = { show: { operation: ['cancel'] } };

export const description: INodeProperties[] = [
	{ ...orderLocator, displayOptions: show },
	{
		displayName: 'Reason',
		name: 'cancelReason',
		type: 'options',
		options: CANCEL_REASONS.map((r) => ({ name: r.charAt(0) + r.slice(1).toLowerCase(), value: r })),
		default: 'CUSTOMER',
		displayOptions: show,
	},
	{
		displayName: 'Refund',
		name: 'refund',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: 'Whether to refund the payment',
	},
	{
		displayName: 'Restock',
		name: 'restock',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: 'Whether to return the items to inventory',
	},
	{
		displayName: 'Notify Customer',
		name: 'notifyCustomer',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description: 'Whether Shopify emails the customer',
	},
	{ displayName: 'Staff Note', name: 'staffNote', type: 'string', default: '', displayOptions: show },
];

export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const result = await cancelOrder(client, readOrderRef(this, itemIndex), {
		reason: this.getNodeParameter('cancelReason', itemIndex) as string,
		refund: this.getNodeParameter('refund', itemIndex) as boolean,
		restock: this.getNodeParameter('restock', itemIndex) as boolean,
		notifyCustomer: this.getNodeParameter('notifyCustomer', itemIndex) as boolean,
		staffNote: this.getNodeParameter('staffNote', itemIndex) as string,
	});
	return [{ confirmed: result.confirmed, note: result.note ?? null, ...orderWithObservations(result.readBack) }];
}
