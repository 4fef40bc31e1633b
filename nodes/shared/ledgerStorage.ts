import type { INodeProperties } from 'n8n-workflow';

/**
 * The ledger storage selector, shared by every node that opens the Order Ledger (Order Ledger,
 * Exception Alerts): the same parameter names, defaults and base picker, so a workflow's nodes always
 * reach the same ledger and a user sets it the same way everywhere.
 */
export function ledgerStorageProperties(options: { displayName: string; description?: string; baseDescription: string }): INodeProperties[] {
	return [
		{
			displayName: options.displayName,
			name: 'backend',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Embedded (Local File)', value: 'embedded', description: 'A local database file; single n8n process only (not for queue mode)' },
				{ name: 'PostgreSQL', value: 'postgres', description: 'Production and n8n queue mode: any number of workers' },
				{ name: 'Airtable', value: 'airtable', description: 'For teams that live in Airtable (one worker; 5 requests a second)' },
			],
			default: 'embedded',
			...(options.description ? { description: options.description } : {}),
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
			description: 'PostgreSQL schema for the ledger tables (created on first use)',
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{
			displayName: 'Base',
			name: 'base',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			description: options.baseDescription,
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
				{
					displayName: 'By URL',
					name: 'url',
					type: 'string',
					placeholder: 'https://airtable.com/appXXXXXXXXXXXXXX/tbl...',
					extractValue: { type: 'regex', regex: 'https://airtable.com/(app[A-Za-z0-9]{14})' },
					validation: [{ type: 'regex', properties: { regex: 'https://airtable.com/app[A-Za-z0-9]{14}.*', errorMessage: 'Not an Airtable base URL' } }],
				},
			],
		},
	];
}
