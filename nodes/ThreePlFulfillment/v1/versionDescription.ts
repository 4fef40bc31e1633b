/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';
import type { ThreePlProvider } from '../../lib/connectors/threepl';
import { PROVIDER_CREDENTIALS } from '../../shared/threepl';
import * as cancel from './actions/cancel.operation';
import * as getOrderStatus from './actions/getOrderStatus.operation';
import * as getShipments from './actions/getShipments.operation';
import * as listOrdersUpdatedSince from './actions/listOrdersUpdatedSince.operation';
import * as lookUpOrder from './actions/lookUpOrder.operation';
import * as readForWorkItems from './actions/readForWorkItems.operation';
import * as updateShippingAddress from './actions/updateShippingAddress.operation';
import { sharedRateLimitCredential, shareRateLimitsProperty } from '../../shared/sharedBudget';

/** The vendor's credential, and Redis when "Share Rate Limits Across Workers" is on. */
const credentials: INodeCredentialDescription[] = [
	...(Object.entries(PROVIDER_CREDENTIALS) as Array<[ThreePlProvider, string]>).map(([provider, name]) => ({
		name,
		required: true,
		displayOptions: { show: { provider: [provider] } },
	})),
	sharedRateLimitCredential,
];

export const versionDescription: INodeTypeDescription = {
	displayName: '3PL Fulfillment',
	name: 'threePlFulfillment',
	icon: { light: 'file:threePlFulfillment.svg', dark: 'file:threePlFulfillment.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["provider"] + ": " + $parameter["operation"]}}',
	description:
		'Read and change orders at ShipBob, ShipHero, ShipMonk or Extensiv with one normalised fulfillment status',
	defaults: { name: '3PL Fulfillment' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials,
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
				{ name: 'Extensiv (3PL Central)', value: 'extensiv' },
			],
			default: 'shipbob',
			description: 'The 3PL that fulfils your orders',
		},
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Cancel',
					value: 'cancel',
					action: 'Cancel an order at the 3PL',
					description: 'Stop the warehouse from shipping the order, while it still can',
				},
				{
					name: 'Get Order Status',
					value: 'getOrderStatus',
					action: 'Get the fulfillment status of an order',
					description: 'Normalised status, hold reason and lines shipped vs ordered',
				},
				{
					name: 'Get Shipments',
					value: 'getShipments',
					action: 'Get the shipments of an order',
					description: 'Every parcel with tracking number, carrier and ship date',
				},
				{
					name: 'List Orders Updated Since',
					value: 'listOrdersUpdatedSince',
					action: 'List orders updated since a time',
					description: 'Every order the 3PL changed since a date, all pages',
				},
				{
					name: 'Look Up Order',
					value: 'lookUpOrder',
					action: 'Look up an order by every key',
					description: 'Ask by the Shopify order ID and the name; a miss is an item (found: false), not an error',
				},
				{
					name: 'Read for Work Items',
					value: 'readForWorkItems',
					action: 'Read the 3PL for a batch of work items',
					description:
						"Look up every work item's order (ShipBob: many in one call) and add what the 3PL says to its " +
						'observations; a miss is a fact, not an error',
				},
				{
					name: 'Update Shipping Address',
					value: 'updateShippingAddress',
					action: 'Update the shipping address of an order',
					description: 'Where the 3PL allows it, before the order is picked',
				},
			],
			default: 'getOrderStatus',
		},
		...getOrderStatus.description,
		...lookUpOrder.description,
		...getShipments.description,
		...listOrdersUpdatedSince.description,
		...updateShippingAddress.description,
		...cancel.description,
		...readForWorkItems.description,
		shareRateLimitsProperty,
	],
};
