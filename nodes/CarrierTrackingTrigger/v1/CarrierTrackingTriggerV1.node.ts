import type {
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { upsTrackAlertCredentialTest, uspsTrackingSubscriptionCredentialTest } from './methods';
import { versionDescription } from './versionDescription';
import { receivePush } from './webhook';

/** Version 1 of the Carrier Tracking Trigger: verifying and reading a push lives in nodes/lib. */
export class CarrierTrackingTriggerV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	methods = { credentialTest: { upsTrackAlertCredentialTest, uspsTrackingSubscriptionCredentialTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receivePush.call(this);
	}
}
