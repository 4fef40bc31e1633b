import { VersionedNodeType, type INodeTypeBaseDescription } from 'n8n-workflow';

import { SlackInteractionTriggerV1 } from './v1/SlackInteractionTriggerV1.node';

/** Slack Interaction Trigger: one node type whose versions live in v1/, v2/...; saved workflows keep their version. */
export class SlackInteractionTrigger extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Slack Interaction Trigger',
			name: 'slackInteractionTrigger',
			icon: { light: 'file:slackInteractionTrigger.svg', dark: 'file:slackInteractionTrigger.dark.svg' },
			group: ['trigger'],
			description:
				'Starts when someone presses a button on an exception message in Slack: Acknowledge, Resolve, Assign to me, ' +
				"or Approve / Reject on a customer's request",
			defaultVersion: 1,
		};
		super({ 1: new SlackInteractionTriggerV1(baseDescription) }, baseDescription);
	}
}
