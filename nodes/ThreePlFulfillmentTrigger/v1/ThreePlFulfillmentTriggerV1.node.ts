import type {
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { checkExists, create, deleteSubscriptions } from './subscriptions';
import { webhook } from './webhook';
import { versionDescription } from './versionDescription';

/** Version 1 of the 3PL Fulfillment Trigger: subscriptions in subscriptions.ts, deliveries in webhook.ts. */
export class ThreePlFulfillmentTriggerV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	webhookMethods = {
		default: { checkExists, create, delete: deleteSubscriptions },
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await webhook.call(this);
	}
}
