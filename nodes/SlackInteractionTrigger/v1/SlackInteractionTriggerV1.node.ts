import type {
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { versionDescription } from './versionDescription';
import { receiveInteraction } from './webhook';

/**
 * Slack Interaction Trigger, version 1: receives the button presses on exception messages (the Slack
 * app's Interactivity request URL). Slack sends them to a URL pasted by hand, so there is nothing to
 * subscribe or unsubscribe (no webhookMethods).
 */
export class SlackInteractionTriggerV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveInteraction.call(this);
	}
}
