import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * PostgreSQL for the Order Ledger (production and n8n queue mode). The ledger creates its own tables
 * (pp_orders, pp_events, pp_exceptions) in the chosen schema on first use.
 * PostgreSQL is not an HTTP service, so there is no test request here: the Order Ledger node tests
 * this credential with its `postPurchasePostgresConnectionTest` method (connect, check the schema can
 * be used), as n8n's own Postgres node does.
 */
// PostgreSQL speaks no HTTP: the Order Ledger's postPurchasePostgresConnectionTest (testedBy) connects and checks
// the ledger tables. The lint rule cannot see testedBy in n8n's versioned node layout (v1/versionDescription.ts).
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- the reason is above
export class PostPurchasePostgresApi implements ICredentialType {
	name = 'postPurchasePostgresApi';

	displayName = 'Post-Purchase PostgreSQL API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/OrderLedger/orderLedger.svg',
		dark: 'file:../nodes/OrderLedger/orderLedger.dark.svg',
	};

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
