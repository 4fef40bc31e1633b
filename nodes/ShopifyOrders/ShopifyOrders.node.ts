import { type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { description as orderDescription } from './actions/order';
import { router } from './actions/router';
import { searchOrdersList } from './methods/listSearch';

export class ShopifyOrders implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shopify Orders',
		name: 'shopifyOrders',
		icon: 'file:shopifyOrders.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Read and change Shopify orders on the Admin GraphQL API, with observations for Order State',
		defaults: { name: 'Shopify Orders' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: true,
		credentials: [{ name: 'shopifyAdminPostPurchaseApi', required: true }],
		properties: orderDescription,
	};

	methods = { listSearch: { searchOrdersList } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
