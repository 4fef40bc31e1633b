/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';
import { sharedRateLimitCredential, shareRateLimitsProperty } from '../../shared/sharedBudget';
import { SHIPSTATION_CREDENTIAL_TYPE } from '../../shared/shipstation';
import * as labelTracking from './actions/labelTracking';
import * as order from './actions/order';
import * as shipment from './actions/shipment';

/** The vendor's credential, and Redis when "Share Rate Limits Across Workers" is on. */
const credentials: INodeCredentialDescription[] = [
	{ name: SHIPSTATION_CREDENTIAL_TYPE, required: true },
	sharedRateLimitCredential,
];

export const versionDescription: INodeTypeDescription = {
	displayName: 'ShipStation',
	name: 'shipStation',
	icon: { light: 'file:shipStation.svg', dark: 'file:shipStation.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'Read and change ShipStation orders and shipments, normalised for the order ledger',
	defaults: { name: 'ShipStation' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials,
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Label Tracking',
					value: 'labelTracking',
					description: 'Carrier scans of a label (ShipStation API v2)',
				},
				{ name: 'Order', value: 'order' },
				{ name: 'Shipment', value: 'shipment', description: 'Labels created in ShipStation, with tracking' },
			],
			default: 'order',
		},
		...order.description,
		...shipment.description,
		...labelTracking.description,
		shareRateLimitsProperty,
	],
};
