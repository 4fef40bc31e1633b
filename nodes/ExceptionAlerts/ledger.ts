/**
 * The Order Ledger this node reads cases from and records Slack messages on. The parameters have
 * the same names, defaults and credentials as the Order Ledger node's storage selector, and the
 * store is opened by that node's own opener, so both nodes always reach the same ledger.
 */
import type { INodeProperties } from 'n8n-workflow';
export { openStoreFor as openLedgerFor } from '../OrderLedger/actions/common';

export const ledgerProperties: INodeProperties[] = [
	{
		displayName: 'Ledger Storage',
		name: 'backend',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Embedded (Local File)', value: 'embedded', description: 'A local database file; single n8n process only (not for queue mode)' },
			{ name: 'PostgreSQL', value: 'postgres', description: 'Production and n8n queue mode: any number of workers' },
			{ name: 'Airtable', value: 'airtable', description: 'For teams that live in Airtable' },
		],
		default: 'embedded',
		description: 'Where the Order Ledger keeps the exception cases: the same choice as in your Order Ledger node',
	},
	{
		displayName: 'Data Directory',
		name: 'dataDirectory',
		type: 'string',
		default: '',
		placeholder: '~/.n8n/post-purchase-ledger',
		description: 'Where the embedded database lives. Empty: post-purchase-ledger in the n8n user folder.',
		displayOptions: { show: { backend: ['embedded'] } },
	},
	{
		displayName: 'Schema',
		name: 'schema',
		type: 'string',
		default: 'public',
		description: 'PostgreSQL schema of the ledger tables',
		displayOptions: { show: { backend: ['postgres'] } },
	},
	{
		displayName: 'Base',
		name: 'base',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Airtable base holding the ledger (see docs/airtable.md)',
		displayOptions: { show: { backend: ['airtable'] } },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchBases', searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'appXXXXXXXXXXXXXX',
				validation: [{ type: 'regex', properties: { regex: '^app[A-Za-z0-9]{14}$', errorMessage: 'A base ID starts with "app" followed by 14 letters or digits' } }],
			},
		],
	},
];
