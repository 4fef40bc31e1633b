/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';
import { sharedRateLimitCredential, shareRateLimitsProperty } from '../../shared/sharedBudget';
import { SHOPIFY_CREDENTIAL_TYPE } from '../../shared/shopify';
import { description as orderDescription } from './actions/order';

/** The vendor's credential, and Redis when "Share Rate Limits Across Workers" is on. */
const credentials: INodeCredentialDescription[] = [
	{ name: SHOPIFY_CREDENTIAL_TYPE, required: true },
	sharedRateLimitCredential,
];

export const versionDescription: INodeTypeDescription = {
	displayName: 'Shopify Orders',
	name: 'shopifyOrders',
	icon: { light: 'file:shopifyOrders.svg', dark: 'file:shopifyOrders.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"]}}',
	description: 'Read and change Shopify orders on the Admin GraphQL API, with observations for Order State',
	defaults: { name: 'Shopify Orders' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials,
	properties: [...orderDescription, shareRateLimitsProperty],
};
