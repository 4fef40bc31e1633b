/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import { TRIGGER_EVENTS } from '../../lib/connectors/shipstation';
import { SHIPSTATION_CREDENTIAL_TYPE } from '../../shared/shipstation';

export const versionDescription: INodeTypeDescription = {
	displayName: 'ShipStation Trigger',
	name: 'shipStationTrigger',
	icon: { light: 'file:shipStationTrigger.svg', dark: 'file:shipStationTrigger.dark.svg' },
	group: ['trigger'],
	version: 1,
	subtitle: '={{$parameter["events"].join(", ")}}',
	description:
		'Starts the workflow when ShipStation imports or ships an order; fetches the data from ShipStation and ' +
		'normalises it',
	defaults: { name: 'ShipStation Trigger' },
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: SHIPSTATION_CREDENTIAL_TYPE, required: true }],
	webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
	properties: [
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			options: [
				{ name: 'Order Imported (ORDER_NOTIFY)', value: 'ORDER_NOTIFY' },
				{ name: 'Order Shipped (SHIP_NOTIFY)', value: 'SHIP_NOTIFY' },
				{ name: 'Order Shipped, With Items (ITEM_SHIP_NOTIFY)', value: 'ITEM_SHIP_NOTIFY' },
			],
			default: [...TRIGGER_EVENTS],
			required: true,
			description:
				'ShipStation events that start the workflow. Subscribed when the workflow is activated, removed when it ' +
				'is deactivated.',
		},
		{
			displayName: 'Store ID',
			name: 'storeId',
			type: 'number',
			default: 0,
			description: 'Only this ShipStation store; 0 means every store',
		},
	],
};
