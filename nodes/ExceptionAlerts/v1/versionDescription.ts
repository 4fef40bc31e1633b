/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';

import { ledgerCredentials, ledgerStorageProperties } from '../../shared/ledger';
import { SLACK_CREDENTIAL } from '../../shared/slack';
import { operationFields, operationProperty } from './actions';
import { optionsProperty } from './actions/common';

/** Slack to post with; the ledger's credential for the chosen storage. */
const credentials: INodeCredentialDescription[] = [{ name: SLACK_CREDENTIAL, required: true }, ...ledgerCredentials()];

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
		// The Order Ledger this node reads cases from and records Slack messages on: the same parameters
		// and credentials as the Order Ledger node's, so both reach the same ledger.
		...ledgerStorageProperties({
			displayName: 'Ledger Storage',
			description: 'Where the Order Ledger keeps the exception cases: the same choice as in your Order Ledger node',
			baseDescription: 'The Airtable base holding the ledger (see docs/airtable.md)',
		}),
		...operationFields,
		optionsProperty,
	],
};
