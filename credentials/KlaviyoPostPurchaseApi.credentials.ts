import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

// Inlined because a credential imports only n8n-workflow; test/unit/klaviyo/credentialConstants.test.ts checks
// they equal KLAVIYO_BASE_URL and KLAVIYO_REVISION, pinned in nodes/lib/connectors/klaviyo/revision.ts.
const BASE_URL = 'https://a.klaviyo.com';
const REVISION = '2026-07-15';

/**
 * Klaviyo private API key (Settings > API keys; scopes events:write, profiles:write, accounts:read).
 * The API revision is pinned in nodes/lib/connectors/klaviyo/revision.ts (copied below, kept equal by a test).
 */
export class KlaviyoPostPurchaseApi implements ICredentialType {
	name = 'klaviyoPostPurchaseApi';

	displayName = 'Klaviyo (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = { light: 'file:../nodes/Klaviyo/klaviyo.svg', dark: 'file:../nodes/Klaviyo/klaviyo.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/klaviyo.md#setup';

	properties: INodeProperties[] = [
		{
			displayName: 'Private API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'pk_...',
			description: 'A private key with Events (write), Profiles (write) and Accounts (read) access',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/klaviyo',
			description: 'Only for the sandbox and tests. Leave empty to talk to Klaviyo.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Klaviyo-API-Key {{$credentials.apiKey}}',
				revision: REVISION,
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "${BASE_URL}"}}`,
			url: '/api/accounts',
			method: 'GET',
			headers: { accept: 'application/vnd.api+json' },
		},
	};
}
