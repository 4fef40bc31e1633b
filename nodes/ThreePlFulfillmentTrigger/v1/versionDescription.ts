/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import { SHIPBOB_ORDER_TOPICS } from '../../lib/connectors/shipbob/client';
import type { WebhookProvider } from '../../lib/connectors/threepl';
import { PROVIDER_CREDENTIALS } from '../../shared/threepl';

const SHIPHERO_WEBHOOK_TYPES = [
	'Shipment Update',
	'Order Canceled',
	'Order Packed Out',
	'Order Allocated',
	'Order Deallocated',
];

export const versionDescription: INodeTypeDescription = {
	displayName: '3PL Fulfillment Trigger',
	name: 'threePlFulfillmentTrigger',
	icon: { light: 'file:threePlFulfillmentTrigger.svg', dark: 'file:threePlFulfillmentTrigger.dark.svg' },
	group: ['trigger'],
	version: 1,
	subtitle: '={{$parameter["provider"]}}',
	description:
		'Starts the workflow when ShipBob, ShipHero or ShipMonk reports a change to an order (signature verified)',
	defaults: { name: '3PL Fulfillment Trigger' },
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: (['shipbob', 'shiphero', 'shipmonk'] as WebhookProvider[]).map((provider) => ({
		name: PROVIDER_CREDENTIALS[provider],
		required: true,
		displayOptions: { show: { provider: [provider] } },
	})),
	webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '3pl' }],
	properties: [
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'ShipBob', value: 'shipbob' },
				{ name: 'ShipHero', value: 'shiphero' },
				{ name: 'ShipMonk', value: 'shipmonk' },
			],
			default: 'shipbob',
			description: 'Extensiv does not push webhooks: poll it with 3PL Fulfillment > List Orders Updated Since',
		},
		{
			displayName: 'Events',
			name: 'shipbobTopics',
			type: 'multiOptions',
			options: SHIPBOB_ORDER_TOPICS.map((t) => ({ name: t, value: t })),
			default: [...SHIPBOB_ORDER_TOPICS],
			displayOptions: { show: { provider: ['shipbob'] } },
			description: 'ShipBob topics to subscribe to when the workflow is activated',
		},
		{
			displayName: 'Webhook Types',
			name: 'shipheroTypes',
			type: 'multiOptions',
			options: SHIPHERO_WEBHOOK_TYPES.map((t) => ({ name: t, value: t })),
			default: ['Shipment Update', 'Order Canceled'],
			displayOptions: { show: { provider: ['shiphero'] } },
			description: 'ShipHero webhooks to create when the workflow is activated (one per type)',
		},
		{
			displayName: 'Shop Name',
			name: 'shopName',
			type: 'string',
			default: '',
			displayOptions: { show: { provider: ['shiphero'] } },
			description: 'Only when your ShipHero account has several stores and the webhook is for one of them',
		},
		{
			displayName: 'Read the Order From the API',
			name: 'fetchOrder',
			type: 'boolean',
			default: true,
			description:
				'Whether to read the full order after each notice, so the output has the same normalised status and ' +
				'parcels as 3PL Fulfillment (ShipMonk status changes carry the whole order already and are never re-read)',
		},
		{
			displayName:
				"ShipMonk webhooks are set up by ShipMonk support: send them this node's Production URL and the Webhook " +
				'Signing Secret from the credential (see docs/3pl.md)',
			name: 'shipmonkNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { provider: ['shipmonk'] } },
		},
	],
};
