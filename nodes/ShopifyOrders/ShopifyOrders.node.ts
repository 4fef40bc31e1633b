import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { ShopifyOrdersV1 } from './v1/ShopifyOrdersV1.node';

/**
 * Shopify Orders: read and change orders on the Admin GraphQL API. Versioned so a version 2 can change
 * parameters without breaking saved workflows; version 1 lives in v1/.
 */
export class ShopifyOrders extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Shopify Orders',
			name: 'shopifyOrders',
			icon: { light: 'file:shopifyOrders.svg', dark: 'file:shopifyOrders.dark.svg' },
			group: ['transform'],
			subtitle: '={{$parameter["operation"]}}',
			description: 'Read and change Shopify orders on the Admin GraphQL API, with observations for Order State',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new ShopifyOrdersV1(baseDescription) };
		super(nodeVersions, baseDescription);
	}
}
