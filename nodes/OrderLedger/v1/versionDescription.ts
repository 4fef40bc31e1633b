/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';

import { ledgerCredentials, ledgerStorageProperties } from '../../shared/ledger';
import { sharedRateLimitsWhen } from '../../shared/sharedBudget';
import { operationFields, operationProperty } from './actions';
import { nowProperty } from './actions/common';

/** Only the Airtable backend calls a rate-limited vendor (5 requests a second per base). */
const airtableSharing = sharedRateLimitsWhen({ backend: ['airtable'] });

/** The vendor's credential, and Redis when "Share Rate Limits Across Workers" is on. */
const credentials: INodeCredentialDescription[] = [
	...ledgerCredentials({ testPostgres: true }),
	airtableSharing.credential,
];

export const versionDescription: INodeTypeDescription = {
	displayName: 'Order Ledger',
	name: 'orderLedger',
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"]}}',
	description:
		'Store every event durably, keep one canonical order state, and own exceptions as cases (embedded, ' +
		'PostgreSQL or Airtable)',
	defaults: { name: 'Order Ledger' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials,
	properties: [
		...ledgerStorageProperties({
			displayName: 'Storage',
			baseDescription: 'The Airtable base holding the Orders, Events and Exceptions tables (see docs/airtable.md)',
		}),
		operationProperty,
		...operationFields,
		// List Events reads what is stored and judges nothing against a clock, so "Now" would do nothing there.
		{ ...nowProperty, displayOptions: { hide: { operation: ['listEvents'] } } },
		airtableSharing.property,
	],
};
