/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import { ORDER_TOPICS } from '../../lib/connectors/shopify';
import { SHOPIFY_CREDENTIAL_TYPE } from '../../shared/shopify';
import { onDeliveryProperties, responseModeField, withLedgerCredentials } from '../../shared/webhookLedger';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Shopify Orders Trigger',
	name: 'shopifyOrdersTrigger',
	icon: { light: 'file:shopifyOrdersTrigger.svg', dark: 'file:shopifyOrdersTrigger.dark.svg' },
	group: ['trigger'],
	// Version 2 behaves as 1. n8n (2.40) reads a version-1 trigger's body options through its expression engine on
	// every request, a V8 isolate per delivery; from version 2 on it does not (the intake's speed, issue 16).
	version: [1, 2],
	subtitle: '={{$parameter["topics"].join(", ")}}',
	description:
		'Starts the workflow when Shopify reports an order, fulfillment, return or refund change; verifies the signature',
	defaults: { name: 'Shopify Orders Trigger' },
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: withLedgerCredentials([{ name: SHOPIFY_CREDENTIAL_TYPE, required: true }]),
	webhooks: [
		{
			name: 'default',
			httpMethod: 'POST',
			// Hidden when the trigger stores deliveries itself (it answers then, and n8n never does): n8n still asks for
			// a mode before calling the trigger, and a hidden parameter has no value, hence the fallback.
			...responseModeField(),
			path: 'webhook',
		},
	],
	properties: [
		{
			displayName: 'Topics',
			name: 'topics',
			type: 'multiOptions',
			options: ORDER_TOPICS.map((t) => ({ name: t, value: t })),
			default: ['orders/create', 'orders/updated', 'orders/cancelled', 'fulfillments/create', 'fulfillments/update'],
			required: true,
			description:
				'Shopify events that start the workflow. Subscriptions are created when the workflow is activated and ' +
				'removed when it is deactivated.',
		},
		...onDeliveryProperties('Shopify'),
		{
			displayName: 'Respond to Shopify',
			name: 'responseMode',
			type: 'options',
			options: [
				{ name: 'Immediately', value: 'onReceived', description: 'Answer 200 as soon as the signature checks out' },
				{
					name: 'When Last Node Finishes',
					value: 'lastNode',
					description: 'Answer 200 only after the workflow ran; if it fails, Shopify retries the delivery',
				},
				{
					name: "Using 'Respond to Webhook' Node",
					value: 'responseNode',
					description: 'Answer from a Respond to Webhook node, e.g. right after the Order Ledger stored the event',
				},
			],
			default: 'onReceived',
			description:
				'To make every event durable before Shopify is told it arrived, respond after the Order Ledger append ' +
				'(Respond to Webhook node) or when the last node finishes. Shopify expects an answer within 5 seconds.',
			displayOptions: { show: { onDelivery: ['start'] } },
		},
	],
};
