import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Airtable personal access token for the Order Ledger's Airtable backend. Scopes: data.records:read,
 * data.records:write, schema.bases:read; add the ledger's base to the token's access list.
 * The test calls "Get user ID & scopes" (GET /v0/meta/whoami), which any valid token may call. The ledger's
 * base may be named here once (Ledger Base ID) instead of on every node.
 */
export class PostPurchaseAirtableApi implements ICredentialType {
	name = 'postPurchaseAirtableApi';

	displayName = 'Post-Purchase Airtable API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/OrderLedger/orderLedger.svg',
		dark: 'file:../nodes/OrderLedger/orderLedger.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/airtable.md#token';

	properties: INodeProperties[] = [
		{
			displayName: 'Personal Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'pat...',
			description:
				'Create one at airtable.com/create/tokens with data.records:read, data.records:write and ' +
				'schema.bases:read, and give it access to the ledger base',
		},
		{
			displayName: 'Ledger Base ID',
			name: 'baseId',
			type: 'string',
			default: '',
			placeholder: 'appXXXXXXXXXXXXXX',
			description:
				'Optional: the base holding the ledger (starts with "app"; the part of the base\'s URL after airtable.com/). ' +
				'Every Order Ledger and Exception Alerts node using this credential whose Base is empty uses it, so a ' +
				'workflow needs the base set in one place.',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/airtable',
			description: 'Only for the sandbox and tests. Leave empty to talk to Airtable.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://api.airtable.com"}}',
			url: '/v0/meta/whoami',
			method: 'GET',
		},
	};
}
