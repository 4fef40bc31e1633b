/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';
import * as bulkCreateEvents from './actions/bulkCreateEvents.operation';
import * as createEvent from './actions/createEvent.operation';
import * as postPurchaseEvent from './actions/postPurchaseEvent.operation';
import * as upsertProfile from './actions/upsertProfile.operation';
import { eventAndProfileFields } from './actions/common';
import { CUSTOMER_PAGES_CREDENTIAL, CUSTOMER_PAGES_TEST } from '../../shared/customerPages';
import { sharedRateLimitCredential, shareRateLimitsProperty } from '../../shared/sharedBudget';

/** The vendor's credential, and Redis when "Share Rate Limits Across Workers" is on. */
const credentials: INodeCredentialDescription[] = [
	{ name: 'klaviyoPostPurchaseApi', required: true },
	// The store's order status page, when events link to it (Link to Status Page).
	{
		name: CUSTOMER_PAGES_CREDENTIAL,
		required: true,
		testedBy: CUSTOMER_PAGES_TEST,
		displayOptions: { show: { operation: ['postPurchaseEvent'], linkStatusPage: [true] } },
	},
	sharedRateLimitCredential,
];

export const versionDescription: INodeTypeDescription = {
	displayName: 'Klaviyo (Post-Purchase)',
	name: 'klaviyoPostPurchase',
	icon: { light: 'file:klaviyo.svg', dark: 'file:klaviyo.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: '={{$parameter["operation"] === "postPurchaseEvent" ? $parameter["event"] : $parameter["operation"]}}',
	description: 'Send post-purchase events and profiles to Klaviyo, never twice',
	defaults: { name: 'Klaviyo (Post-Purchase)' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials,
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Post-Purchase Event',
					value: 'postPurchaseEvent',
					action: 'Send a post purchase event',
					description: 'Order Confirmed, Order Shipped, Delivered, ... built from the enriched order.',
				},
				{ name: 'Create Event', value: 'createEvent', action: 'Create an event', description: 'One event per item' },
				{
					name: 'Bulk Create Events',
					value: 'bulkCreateEvents',
					action: 'Bulk create events',
					description: 'All items in requests of up to 1,000 events',
				},
				{
					name: 'Create or Update Profile',
					value: 'upsertProfile',
					action: 'Create or update a profile',
					description: 'Including locale for multilingual flows',
				},
			],
			default: 'postPurchaseEvent',
		},
		...postPurchaseEvent.description,
		// Metric, profile identity, properties and additional fields: shared by the event and profile operations.
		...eventAndProfileFields,
		...createEvent.description,
		...bulkCreateEvents.description,
		...upsertProfile.description,
		shareRateLimitsProperty,
	],
};
