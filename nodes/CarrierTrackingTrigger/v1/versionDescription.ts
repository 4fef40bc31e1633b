/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import type { PushCarrier } from '../../lib/connectors/carriers/pushHandler';
import { USPS_DEFAULT_TOLERANCE_SECONDS } from '../../lib/connectors/usps/subscription';
import { PUSH_CREDENTIAL_TESTS, PUSH_CREDENTIAL_TYPES } from '../../shared/carriers';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Carrier Tracking Trigger',
	name: 'carrierTrackingTrigger',
	icon: { light: 'file:carrierTrackingTrigger.svg', dark: 'file:carrierTrackingTrigger.dark.svg' },
	group: ['trigger'],
	version: 1,
	subtitle: '={{$parameter["carrier"] === "ups" ? "UPS Track Alert" : "USPS tracking subscription"}}',
	description:
		'Starts the workflow when UPS (Track Alert) or USPS (tracking subscriptions) pushes a tracking event; ' +
		'verifies it and emits the same tracking observation as a Carrier Tracking read. FedEx pushes are not ' +
		'supported (see docs/carriers.md).',
	defaults: { name: 'Carrier Tracking Trigger' },
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: (Object.keys(PUSH_CREDENTIAL_TYPES) as PushCarrier[]).map((carrier) => ({
		name: PUSH_CREDENTIAL_TYPES[carrier],
		required: true,
		testedBy: PUSH_CREDENTIAL_TESTS[carrier],
		displayOptions: { show: { carrier: [carrier] } },
	})),
	webhooks: [
		{ name: 'default', httpMethod: 'POST', responseMode: '={{$parameter["responseMode"]}}', path: 'push' },
		// UPS Track Alert v2 asks a token URL the customer provides for its bearer token: this is it. n8n
		// names a node's webhooks 'default' or 'setup'; 'setup' is the second one, whatever it serves.
		{ name: 'setup', httpMethod: 'POST', responseMode: 'onReceived', path: 'token' },
	],
	properties: [
		{
			displayName: 'Carrier',
			name: 'carrier',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'UPS Track Alert',
					value: 'ups',
					description: 'Pushes for tracking numbers or accounts subscribed with the Track Alert API',
				},
				{
					name: 'USPS Tracking Subscription',
					value: 'usps',
					description: 'Notifications of a Subscriptions - Tracking v3 subscription, signed with X-HMAC',
				},
			],
			default: 'ups',
			description:
				'FedEx is not offered: FedEx documents how its tracking webhook is signed but publishes no description ' +
				'of the pushed payload, so it cannot be read reliably. Use Carrier Tracking (Track) for FedEx.',
		},
		{
			displayName:
				'Give UPS the Production URL of this node (the "push" webhook) as the subscription URL. With OAuth (This ' +
				'Trigger Issues Tokens), register the "token" webhook URL as your token URL in UPS\'s Manage Webhook ' +
				'Credentials, with the Client ID and Secret of the credential.',
			name: 'upsNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { carrier: ['ups'] } },
		},
		{
			displayName:
				"Give USPS the Production URL of this node as the subscription's listenerURL, and the credential's " +
				'32-character secret as its secret',
			name: 'uspsNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { carrier: ['usps'] } },
		},
		{
			displayName: 'Timestamp Tolerance (Seconds)',
			name: 'timestampToleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: USPS_DEFAULT_TOLERANCE_SECONDS,
			displayOptions: { show: { carrier: ['usps'] } },
			description:
				'A notification whose signed timestamp is further than this from now is refused (401), so a recorded ' +
				'notification cannot be replayed. 0 turns the check off: only for replaying recorded traffic.',
		},
		{
			displayName: 'Respond to the Carrier',
			name: 'responseMode',
			type: 'options',
			options: [
				{
					name: 'Immediately',
					value: 'onReceived',
					description: 'Answer 200 as soon as the push is verified and read',
				},
				{ name: 'When Last Node Finishes', value: 'lastNode', description: 'Answer 200 only after the workflow ran' },
				{
					name: "Using 'Respond to Webhook' Node",
					value: 'responseNode',
					description: 'Answer from a Respond to Webhook node, e.g. right after Order Ledger stored the event',
				},
			],
			default: 'onReceived',
			description:
				'UPS asks for an acknowledgement within milliseconds: keep Immediately unless the workflow is very short',
		},
	],
};
