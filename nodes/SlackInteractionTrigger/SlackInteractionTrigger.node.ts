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
			description: 'Starts when someone presses Acknowledge, Resolve or Assign to me on an exception message in Slack',
			defaultVersion: 1,
		};
		super({ 1: new SlackInteractionTriggerV1(baseDescription) }, baseDescription);
	}
}
