/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';

import { ledgerCredentials, ledgerStorageProperties } from '../../shared/ledger';
import { SHOPIFY_CREDENTIAL_TYPE } from '../../shared/shopify';
import { STORE_PROFILE_CREDENTIAL, STORE_PROFILE_TEST } from '../../shared/storeProfile';
import { warehouseCredentials } from '../../shared/warehouse';
import { operationFields, operationProperty } from './actions';

const ledger = ledgerCredentials({ testPostgres: true });
const warehouses = warehouseCredentials({ operation: ['decide'] });

/**
 * The store's profile (whether customers get Klaviyo messages), the ledger's credential for its storage, and
 * Shopify and the warehouse, where an approved request is carried out.
 */
const credentials: INodeCredentialDescription[] = [
	{ name: STORE_PROFILE_CREDENTIAL, required: true, testedBy: STORE_PROFILE_TEST },
	...ledger,
	// Only a decision calls Shopify: Check Approver reads the ledger alone.
	{ name: SHOPIFY_CREDENTIAL_TYPE, required: true, displayOptions: { show: { operation: ['decide'] } } },
	...warehouses,
];

export const versionDescription: INodeTypeDescription = {
	displayName: 'Customer Requests',
	name: 'customerRequests',
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"]}}',
	description: "Decide customers' self-service requests that wait for a person: approve or reject, and who may",
	defaults: { name: 'Customer Requests' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials,
	properties: [
		operationProperty,
		// The Order Ledger the requests and cases are in: the same parameters as the Order Ledger node's.
		...ledgerStorageProperties({
			displayName: 'Ledger Storage',
			description: 'Where the Order Ledger keeps orders and cases: the same choice as in your Order Ledger node',
			baseDescription: 'The Airtable base holding the ledger (see docs/airtable.md)',
		}),
		...operationFields,
	],
};
