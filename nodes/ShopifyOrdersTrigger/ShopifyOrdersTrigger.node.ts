import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { ShopifyOrdersTriggerV1 } from './v1/ShopifyOrdersTriggerV1.node';

/**
 * Shopify Orders Trigger: starts a workflow on Shopify's order, fulfillment, return and refund webhooks.
 * Versioned like the action nodes; version 1 lives in v1/.
 */
export class ShopifyOrdersTrigger extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Shopify Orders Trigger',
			name: 'shopifyOrdersTrigger',
			icon: { light: 'file:shopifyOrdersTrigger.svg', dark: 'file:shopifyOrdersTrigger.dark.svg' },
			group: ['trigger'],
			subtitle: '={{$parameter["topics"].join(", ")}}',
			description:
				'Starts the workflow when Shopify reports an order, fulfillment, return or refund change; verifies the ' +
				'signature',
			defaultVersion: 2,
		};
		// One implementation serves both versions (see v1/versionDescription.ts for why there is a 2).
		const v1 = new ShopifyOrdersTriggerV1(baseDescription);
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: v1, 2: v1 };
		super(nodeVersions, baseDescription);
	}
}
