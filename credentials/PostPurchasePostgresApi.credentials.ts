import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * PostgreSQL for the Order Ledger (production and n8n queue mode). The ledger creates its own tables
 * (pp_orders, pp_events, pp_exceptions) in the chosen schema on first use.
 * PostgreSQL is not an HTTP service, so there is no test request here: the Order Ledger node tests
 * this credential with its `postPurchasePostgresConnectionTest` method (connect, check the schema can
 * be used), as n8n's own Postgres node does.
 */
export class PostPurchasePostgresApi implements ICredentialType {
	name = 'postPurchasePostgresApi';

	displayName = 'Post-Purchase PostgreSQL API';

	documentationUrl = 'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/ledger.md';

	properties: INodeProperties[] = [
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost', required: true },
		{ displayName: 'Port', name: 'port', type: 'number', default: 5432, required: true },
		{ displayName: 'Database', name: 'database', type: 'string', default: 'postgres', required: true },
		{ displayName: 'User', name: 'user', type: 'string', default: 'postgres', required: true },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			options: [
				{
					name: 'Disable',
					value: 'disable',
					description: 'Plain connection (a database on the same machine or private network)',
				},
				{ name: 'Require', value: 'require', description: 'Encrypted, and the server certificate must be valid' },
				{
					name: 'Require (Ignore Certificate Errors)',
					value: 'allowUnauthorized',
					description: 'Encrypted, but accept self-signed certificates',
				},
			],
			default: 'disable',
		},
	];
}
