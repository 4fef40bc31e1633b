import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { observationsFromOrder, parseOrderRef, type GqlOrder, type OrderRef } from '../../../../lib/connectors/shopify';

export const orderLocator: INodeProperties = {
	displayName: 'Order',
	name: 'order',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchOrdersList', searchable: true, searchFilterRequired: false },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: '#1001',
			hint: 'The order number as shown in Shopify admin',
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '5601234567890',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^(gid://shopify/Order/)?\\d+$', errorMessage: 'An order ID is a number' },
				},
			],
		},
	],
};

export function readOrderRef(ctx: IExecuteFunctions, itemIndex: number): OrderRef {
	const locator = ctx.getNodeParameter('order', itemIndex) as { mode: string; value: string };
	return parseOrderRef(locator.mode, locator.value);
}

export function orderWithObservations(order: GqlOrder): IDataObject {
	const receivedAt = new Date().toISOString();
	return {
		order: order as unknown as IDataObject,
		observations: observationsFromOrder(order, { receivedAt }) as unknown as IDataObject[],
	};
}
