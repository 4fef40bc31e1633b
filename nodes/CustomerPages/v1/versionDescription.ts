/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';

import { CARRIER_CREDENTIAL_TYPES } from '../../shared/carriers';
import { CUSTOMER_PAGES_CREDENTIAL, CUSTOMER_PAGES_TEST } from '../../shared/customerPages';
import { ledgerCredentials, ledgerStorageProperties } from '../../shared/ledger';
import { SHOPIFY_CREDENTIAL_TYPE } from '../../shared/shopify';
import { STORE_PROFILE_CREDENTIAL, STORE_PROFILE_TEST } from '../../shared/storeProfile';
import { warehouseCredentials } from '../../shared/warehouse';
import { operationFields, operationProperty } from './actions';

const addressChange = { operation: ['addressChange'] };
/** The operations that change the order: Shopify and the warehouse. */
const changes = { operation: ['addressChange', 'cancel', 'swap'] };
const ledger = ledgerCredentials({ testPostgres: true });
const warehouses = warehouseCredentials(changes);
/** The address change writes to Shopify and the warehouse, and asks the chosen carrier to check addresses. */
const carriers: INodeCredentialDescription[] = (['ups', 'usps', 'fedex'] as const).map((carrier) => ({
	name: CARRIER_CREDENTIAL_TYPES[carrier],
	required: true,
	displayOptions: { show: { ...addressChange, addressCarrier: [carrier] } },
}));

/**
 * The page settings, the store's profile (name and time zone), the ledger's credential for its storage, and
 * for the address change, the cancellation and the item swap: Shopify, the warehouse (and the carrier that
 * checks addresses).
 */
const credentials: INodeCredentialDescription[] = [
	{ name: CUSTOMER_PAGES_CREDENTIAL, required: true, testedBy: CUSTOMER_PAGES_TEST },
	{ name: STORE_PROFILE_CREDENTIAL, required: true, testedBy: STORE_PROFILE_TEST },
	...ledger,
	{ name: SHOPIFY_CREDENTIAL_TYPE, required: true, displayOptions: { show: changes } },
	...warehouses,
	...carriers,
];

export const versionDescription: INodeTypeDescription = {
	displayName: 'Customer Pages',
	name: 'customerPages',
	group: ['output'],
	version: 1,
	subtitle: '={{$parameter["operation"]}}',
	description:
		"Answer customers' own pages in their language: the order status page, the address change, the cancellation " +
		'and the item swap',
	defaults: { name: 'Customer Pages' },
	inputs: [NodeConnectionTypes.Main],
	// Two outputs so each answer has its own Respond to Webhook on the canvas: a page (any status), or the
	// redirect to an order's signed link after a lookup (so refreshing never re-posts the form).
	outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
	outputNames: ['Page', 'Redirect'],
	credentials,
	properties: [
		{
			displayName:
				'Put this node right after a Webhook node (GET and POST, Respond: Using "Respond to Webhook" Node). ' +
				'See docs/customer-pages.md.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		operationProperty,
		// The Order Ledger the pages read orders from: the same parameters as the Order Ledger node's.
		...ledgerStorageProperties({
			displayName: 'Ledger Storage',
			description: 'Where the Order Ledger keeps the orders: the same choice as in your Order Ledger node',
			baseDescription: 'The Airtable base holding the ledger (see docs/airtable.md)',
		}),
		...operationFields,
	],
};
