/* eslint-disable n8n-nodes-base/node-filename-against-convention, n8n-nodes-base/node-class-description-outputs-wrong --
   a versioned node describes version 1 here (n8n's own layout), with NodeConnectionTypes instead of 'main' literals */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';

import { ledgerCredentials, ledgerStorageProperties } from '../../shared/ledger';
import { SLACK_CREDENTIAL } from '../../shared/slack';
import { optionsProperty } from './actions/common';
import * as postException from './actions/postException.operation';
import * as postWeeklyReport from './actions/postWeeklyReport.operation';
import * as updateException from './actions/updateException.operation';

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
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Post Exception', value: 'postException', action: 'Post an exception case to slack', description: 'Post the case once; later runs update the same message' },
				{ name: 'Post Weekly Report', value: 'postWeeklyReport', action: 'Post the weekly exception report', description: 'Counts by type, trend, time to resolve, open cases and a chart' },
				{ name: 'Update Exception', value: 'updateException', action: 'Update an exception message in slack', description: 'Show an acknowledged, resolved or cleared case in place and reply in its thread' },
			],
			default: 'postException',
		},
		// The Order Ledger this node reads cases from and records Slack messages on: the same parameters
		// and credentials as the Order Ledger node's, so both reach the same ledger.
		...ledgerStorageProperties({
			displayName: 'Ledger Storage',
			description: 'Where the Order Ledger keeps the exception cases: the same choice as in your Order Ledger node',
			baseDescription: 'The Airtable base holding the ledger (see docs/airtable.md)',
		}),
		...postException.description,
		...updateException.description,
		...postWeeklyReport.description,
		optionsProperty,
	],
};
