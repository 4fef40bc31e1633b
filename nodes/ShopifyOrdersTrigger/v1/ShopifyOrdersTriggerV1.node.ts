import type {
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { subscriptionMethods } from './subscriptions';
import { versionDescription } from './versionDescription';
import { webhook } from './webhook';

/** Version 1 of the Shopify Orders Trigger: subscriptions on activation, one item per verified delivery. */
export class ShopifyOrdersTriggerV1 implements INodeType {
	description: INodeTypeDescription;

	webhookMethods = { default: subscriptionMethods };

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await webhook.call(this);
	}
}
