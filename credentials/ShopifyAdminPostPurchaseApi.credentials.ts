import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Shopify Admin API (Post-Purchase). Two ways in: an Admin API access token (apps created in the
 * Shopify admin), or a Dev Dashboard app's client ID and secret exchanged for a ~24 h token with the
 * client credentials grant. docs/shopify.md walks a non-engineer through both.
 */
export class ShopifyAdminPostPurchaseApi implements ICredentialType {
	name = 'shopifyAdminPostPurchaseApi';

	// The name the issue asks for; "(Post-Purchase)" tells it apart from n8n's built-in Shopify credential.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api -- the reason is above
	displayName = 'Shopify Admin API (Post-Purchase)';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/ShopifyOrders/shopifyOrders.svg',
		dark: 'file:../nodes/ShopifyOrders/shopifyOrders.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/shopify.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Shop Domain',
			name: 'shopDomain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'my-store.myshopify.com',
			description: "Your store's permanent domain ending in .myshopify.com (Shopify admin > Settings > Domains)",
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			// The versions of nodes/lib/connectors/shopify/config.ts (SUPPORTED_API_VERSIONS, DEFAULT_API_VERSION),
			// inlined because a credential imports only n8n-workflow; test/unit/shopify/credential.test.ts keeps them equal.
			options: [
				{ name: '2026-10 (Default)', value: '2026-10' },
				{ name: '2026-07', value: '2026-07' },
				{ name: '2026-04', value: '2026-04' },
				{ name: '2026-01', value: '2026-01' },
			],
			default: '2026-10',
			description:
				'Admin API version. Only the versions Shopify supports and the package is tested against are offered. If ' +
				'Shopify reports that a call uses something deprecated, the node shows a warning.',
		},
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: [
				{
					name: 'Admin API Access Token',
					value: 'accessToken',
					description: 'App created in the Shopify admin (shpat_ token)',
				},
				{
					name: 'Client Credentials (Dev Dashboard App)',
					value: 'clientCredentials',
					description: 'Client ID and secret exchanged for a token',
				},
			],
			default: 'accessToken',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authMode: ['accessToken'] } },
			description: 'The Admin API access token (starts with shpat_)',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			displayOptions: { show: { authMode: ['clientCredentials'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authMode: ['clientCredentials'] } },
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			// a token n8n stores for us: masked like any secret
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Used by the trigger to verify that webhooks really come from Shopify. For a Dev Dashboard app this is ' +
				'the client secret.',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/shopify',
			description: 'Only for the sandbox and tests. Leave empty to talk to Shopify.',
		},
	];

	/** Client credentials grant, run by n8n when the session token is empty or was rejected. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		// Nothing to store for an access token: n8n saves whatever this returns for the session token, and
		// with an empty one it would ask again (and write the credential) before every request.
		if (credentials.authMode !== 'clientCredentials') return {};
		const origin = (credentials.baseUrl as string)?.trim()
			? (credentials.baseUrl as string).trim().replace(/\/+$/, '')
			: `https://${credentials.shopDomain as string}`;
		const response = (await this.helpers.httpRequest({
			// A redirect would carry the client secret or refresh token to wherever it points: never followed.
			disableFollowRedirect: true,
			method: 'POST',
			url: `${origin}/admin/oauth/access_token`,
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: credentials.clientId as string,
				client_secret: credentials.clientSecret as string,
			}).toString(),
		})) as { access_token?: string } | string;
		const parsed = typeof response === 'string' ? (JSON.parse(response) as { access_token?: string }) : response;
		return { sessionToken: parsed.access_token ?? '' };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-Shopify-Access-Token':
					'={{$credentials.authMode === "clientCredentials" ? $credentials.sessionToken : $credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://" + $credentials.shopDomain}}',
			url: '=/admin/api/{{$credentials.apiVersion}}/graphql.json',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: { query: '{ shop { name } }' },
		},
	};
}
