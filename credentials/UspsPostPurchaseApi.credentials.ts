import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

// The API hosts, inlined because a credential imports only n8n-workflow; test/unit/carriers/credentialConstants.test.ts
// checks they equal USPS_PRODUCTION_URL and USPS_SANDBOX_URL in nodes/lib/connectors/usps/client.ts.
const PRODUCTION_URL = 'https://apis.usps.com';
const SANDBOX_URL = 'https://apis-tem.usps.com';

/** USPS APIs v3 OAuth client credentials (developers.usps.com: Consumer Key and Consumer Secret). */
export class UspsPostPurchaseApi implements ICredentialType {
	name = 'uspsPostPurchaseApi';

	displayName = 'USPS Tracking (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/CarrierTracking/carrierTracking.svg',
		dark: 'file:../nodes/CarrierTracking/carrierTracking.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/carriers.md#setup-per-carrier';

	properties: INodeProperties[] = [
		{ displayName: 'Consumer Key (Client ID)', name: 'clientId', type: 'string', default: '', required: true },
		{
			displayName: 'Consumer Secret (Client Secret)',
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
				{ name: 'Testing Environment (TEM)', value: 'sandbox' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/usps',
			description: 'Only for the sandbox and tests. Leave empty to use the environment above.',
		},
	];

	/** USPS's token endpoint takes the client credentials as a JSON body. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), 'Content-Type': 'application/json' },
			body: {
				grant_type: 'client_credentials',
				client_id: credentials.clientId as string,
				client_secret: credentials.clientSecret as string,
			},
			json: true,
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				`={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.environment === ` +
				`"sandbox" ? "${SANDBOX_URL}" : "${PRODUCTION_URL}")}}`,
			url: '/oauth2/v3/token',
			method: 'POST',
		},
	};
}
