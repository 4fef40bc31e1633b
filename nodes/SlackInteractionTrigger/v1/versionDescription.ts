/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { CASE_ACTIONS } from '../../lib/connectors/slack';
import { SLACK_CREDENTIAL } from '../../shared/slack';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Slack Interaction Trigger',
	name: 'slackInteractionTrigger',
	group: ['trigger'],
	version: 1,
	description:
		'Starts when someone presses a button on an exception message in Slack: Acknowledge, Resolve, Assign to me, ' +
		"or Approve / Reject on a customer's request",
	defaults: { name: 'Slack Interaction Trigger' },
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: SLACK_CREDENTIAL, required: true }],
	webhooks: [
		{
			name: 'default',
			httpMethod: 'POST',
			// Answer before the workflow runs: Slack shows an error to the person after 3 s.
			responseMode: 'onReceived',
			path: 'slack-interactions',
		},
	],
	properties: [
		{
			displayName: "Paste this node's Production URL into the Slack app under Interactivity & Shortcuts → Request URL",
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Actions',
			name: 'actions',
			type: 'multiOptions',
			options: [
				{ name: 'Acknowledge', value: 'acknowledge' },
				{ name: 'Approve', value: 'approve' },
				{ name: 'Assign to Me', value: 'assign_to_me' },
				{ name: 'Reject', value: 'reject' },
				{ name: 'Resolve', value: 'resolve' },
			],
			default: [...CASE_ACTIONS],
			description: 'Which button presses start the workflow',
		},
	],
};
