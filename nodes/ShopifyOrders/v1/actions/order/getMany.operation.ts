import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { listOrders, observationsFromOrder, type ShopifyClient } from '../../../../lib/connectors/shopify';

const show = { show: { operation: ['getMany'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Updated After',
		name: 'updatedAtMin',
		type: 'dateTime',
		default: '',
		displayOptions: show,
		description: 'Only orders changed at or after this time (leave empty for no lower bound)',
	},
	{
		displayName: 'Updated Before',
		name: 'updatedAtMax',
		type: 'dateTime',
		default: '',
		displayOptions: show,
		description: 'Only orders changed at or before this time',
	},
	{
		displayName: 'Search Query',
		name: 'search',
		type: 'string',
		default: '',
		placeholder: 'fulfillment_status:unshipped',
		displayOptions: show,
		description: "Extra filter in Shopify's search syntax, combined with the time window",
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { operation: ['getMany'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** 250 per page, paced by Shopify's throttleStatus; one output item per order. */
export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? 0 : (this.getNodeParameter('limit', itemIndex) as number);
	const receivedAt = new Date().toISOString();
	const out: IDataObject[] = [];
	for await (const page of listOrders(client, {
		updatedAtMin: (this.getNodeParameter('updatedAtMin', itemIndex) as string) || null,
		updatedAtMax: (this.getNodeParameter('updatedAtMax', itemIndex) as string) || null,
		search: (this.getNodeParameter('search', itemIndex) as string) || null,
		limit,
	})) {
		for (const order of page)
			out.push({
				order: order as unknown as IDataObject,
				observations: observationsFromOrder(order, { receivedAt }) as unknown as IDataObject[],
			});
	}
	return out;
}
