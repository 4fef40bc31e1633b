import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

// The API hosts, inlined because a credential imports only n8n-workflow; test/unit/carriers/credentialConstants.test.ts
// checks they equal UPS_PRODUCTION_URL and UPS_SANDBOX_URL in nodes/lib/connectors/ups/client.ts.
const PRODUCTION_URL = 'https://onlinetools.ups.com';
const SANDBOX_URL = 'https://wwwcie.ups.com';

/**
 * UPS OAuth client credentials (developer.ups.com > My Apps). The Carrier Tracking node exchanges
 * them for one token per execution; n8n's credential test exchanges them once to prove they work.
 */
export class UpsPostPurchaseApi implements ICredentialType {
	name = 'upsPostPurchaseApi';

	displayName = 'UPS Tracking (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/CarrierTracking/carrierTracking.svg',
		dark: 'file:../nodes/CarrierTracking/carrierTracking.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/carriers.md#setup-per-carrier';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Client ID of your app on developer.ups.com (My Apps)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'Customer Integration Environment (Test)', value: 'sandbox' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/ups',
			description: 'Only for the sandbox and tests. Leave empty to use the environment above.',
		},
	];

	/** Basic auth with the client ID and secret: what UPS's token endpoint expects. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const basic = Buffer.from(`${credentials.clientId as string}:${credentials.clientSecret as string}`).toString(
			'base64',
		);
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Basic ${basic}` } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				`={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.environment === ` +
				`"sandbox" ? "${SANDBOX_URL}" : "${PRODUCTION_URL}")}}`,
			url: '/security/v1/oauth/token',
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=client_credentials',
		},
	};
}
