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
 * Written out, not imported: a credential imports only n8n-workflow.
 * test/unit/threepl/credentialConstants.test.ts keeps it equal to nodes/lib's.
 */
const SHIPHERO_BASE_URL = 'https://public-api.shiphero.com';

/**
 * ShipHero refresh token (ShipHero app > My Account > Third-Party Developer). n8n exchanges it for
 * an access token at /auth/refresh and keeps that token in the credential until it expires.
 */
export class ShipHeroPostPurchaseApi implements ICredentialType {
	name = 'shipHeroPostPurchaseApi';

	displayName = 'ShipHero (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/ThreePlFulfillment/threePlFulfillment.svg',
		dark: 'file:../nodes/ThreePlFulfillment/threePlFulfillment.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/3pl.md#shiphero';

	properties: INodeProperties[] = [
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'From ShipHero: My Account > Third-Party Developer > Create Developer User, then copy the Refresh Token',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			// a token n8n stores for us: masked like any secret
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Customer Account ID',
			name: 'customerAccountId',
			type: 'string',
			default: '',
			description: "Only for 3PL accounts acting for one of their customers. Leave empty for a brand's own account.",
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. Empty: the trigger asks ShipHero for its webhook's secret when a delivery arrives (stores " +
				'none). Paste the shared_signature_secret here to skip that read.',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/shiphero',
			description: 'Only for the sandbox and tests. Leave empty for https://public-api.shiphero.com.',
		},
	];

	/** The refresh endpoint lives on the same host as the API (public-api.shiphero.com/auth/refresh). */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<{ accessToken: string }> {
		const base = String(credentials.baseUrl || SHIPHERO_BASE_URL).replace(/\/+$/, '');
		const response = (await this.helpers.httpRequest({
			// A redirect would carry the client secret or refresh token to wherever it points: never followed.
			disableFollowRedirect: true,
			method: 'POST',
			url: `${base}/auth/refresh`,
			body: { refresh_token: credentials.refreshToken },
			json: true,
		})) as { access_token?: string };
		if (!response?.access_token)
			throw new Error('ShipHero did not return an access token: check the refresh token in the credential.');
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "${SHIPHERO_BASE_URL}"}}`,
			url: '/graphql',
			method: 'POST',
			body: { query: '{ user_quota { credits_remaining max_available increment_rate } }' },
		},
	};
}
