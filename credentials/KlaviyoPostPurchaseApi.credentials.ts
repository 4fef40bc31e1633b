import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { KLAVIYO_BASE_URL, KLAVIYO_REVISION } from '../nodes/lib/connectors/klaviyo/revision';

/**
 * Klaviyo private API key (Settings > API keys; scopes events:write, profiles:write, accounts:read).
 * The API revision is pinned in nodes/lib/connectors/klaviyo/revision.ts, not here.
 */
export class KlaviyoPostPurchaseApi implements ICredentialType {
	name = 'klaviyoPostPurchaseApi';

	displayName = 'Klaviyo (Post-Purchase) API';

	documentationUrl = 'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/klaviyo.md';

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
				revision: KLAVIYO_REVISION,
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "${KLAVIYO_BASE_URL}"}}`,
			url: '/api/accounts',
			method: 'GET',
			headers: { accept: 'application/vnd.api+json' },
		},
	};
}
