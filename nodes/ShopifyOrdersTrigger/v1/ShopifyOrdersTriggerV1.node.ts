import type {
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { postPurchasePostgresConnectionTest, searchBases } from '../../shared/ledger';
import { subscriptionMethods } from './subscriptions';
import { versionDescription } from './versionDescription';
import { webhook } from './webhook';

/**
 * Version 1 of the Shopify Orders Trigger: subscriptions on activation; each verified delivery either starts the
 * workflow or is stored in the Order Ledger by the trigger itself before Shopify is answered.
 */
export class ShopifyOrdersTriggerV1 implements INodeType {
	description: INodeTypeDescription;

	webhookMethods = { default: subscriptionMethods };

	// For "On Delivery: Store in Order Ledger": the ledger's base picker and PostgreSQL credential test.
	methods = {
		credentialTest: { postPurchasePostgresConnectionTest },
		listSearch: { searchBases },
	};

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await webhook.call(this);
	}
}
