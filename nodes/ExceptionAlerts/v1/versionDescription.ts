/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';

import { ledgerCredentials, ledgerStorageProperties } from '../../shared/ledger';
import { sharedRateLimitCredential, shareRateLimitsProperty } from '../../shared/sharedBudget';
import { SLACK_CREDENTIAL } from '../../shared/slack';
import { settingsSourceProperty, storeProfileCredential } from '../../shared/storeProfile';
import { LEDGER_FREE_OPERATIONS, operationFields, operationProperty, operations } from './actions';
import { optionsProperty } from './actions/common';

/** Every operation reads store settings (channels, shop, store name): each offers "Settings From". */
const STORE_SETTINGS_OPERATIONS = Object.keys(operations);

/** Hidden for the operations that touch no ledger (Post Failed Execution), on top of their own conditions. */
function unlessLedgerFree<T extends { displayOptions?: { hide?: Record<string, unknown> } }>(item: T): T {
	const displayOptions = item.displayOptions ?? {};
	return {
		...item,
		displayOptions: { ...displayOptions, hide: { ...displayOptions.hide, operation: LEDGER_FREE_OPERATIONS } },
	};
}

/** Slack to post with; the ledger's credential for the chosen storage; the Store Profile when it is chosen. */
const credentials: INodeCredentialDescription[] = [
	{ name: SLACK_CREDENTIAL, required: true },
	...ledgerCredentials().map(unlessLedgerFree),
	storeProfileCredential(STORE_SETTINGS_OPERATIONS),
	// Slack's one post a second per channel, and the Airtable ledger's 5 a second, shared across workers.
	sharedRateLimitCredential,
];

export const versionDescription: INodeTypeDescription = {
	displayName: 'Exception Alerts',
	name: 'exceptionAlerts',
	group: ['output'],
	version: 1,
	subtitle: '={{$parameter["operation"]}}',
	description: 'Turn order exceptions into owned cases in Slack, and post the weekly exception report',
	defaults: { name: 'Exception Alerts' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials,
	properties: [
		operationProperty,
		settingsSourceProperty(STORE_SETTINGS_OPERATIONS),
		// The Order Ledger this node reads cases from and records Slack messages on: the same parameters
		// and credentials as the Order Ledger node's, so both reach the same ledger.
		...ledgerStorageProperties({
			displayName: 'Ledger Storage',
			description: 'Where the Order Ledger keeps the exception cases: the same choice as in your Order Ledger node',
			baseDescription: 'The Airtable base holding the ledger (see docs/airtable.md)',
		}).map(unlessLedgerFree),
		...operationFields,
		optionsProperty,
		shareRateLimitsProperty,
	],
};
