import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

// The API hosts, inlined because a credential imports only n8n-workflow; test/unit/carriers/credentialConstants.test.ts
// checks they equal FEDEX_PRODUCTION_URL and FEDEX_SANDBOX_URL in nodes/lib/connectors/fedex/client.ts.
const PRODUCTION_URL = 'https://apis.fedex.com';
const SANDBOX_URL = 'https://apis-sandbox.fedex.com';

/**
 * FedEx OAuth client credentials (developer.fedex.com > My Projects: API Key and Secret Key). The
 * Carrier Tracking node exchanges them for one token per execution.
 */
export class FedExPostPurchaseApi implements ICredentialType {
	name = 'fedExPostPurchaseApi';

	displayName = 'FedEx Tracking (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/CarrierTracking/carrierTracking.svg',
		dark: 'file:../nodes/CarrierTracking/carrierTracking.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/carriers.md#setup-per-carrier';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key (Client ID)',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: "The project's API Key on developer.fedex.com",
		},
		{
			displayName: 'Secret Key (Client Secret)',
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
				{ name: 'Sandbox', value: 'sandbox' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/fedex',
			description: 'Only for the sandbox and tests. Leave empty to use the environment above.',
		},
	];

	/** FedEx wants the client credentials in the form body of the token request. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: credentials.clientId as string,
			client_secret: credentials.clientSecret as string,
		});
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), 'Content-Type': 'application/x-www-form-urlencoded' },
			body: form.toString(),
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				`={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.environment === ` +
				`"sandbox" ? "${SANDBOX_URL}" : "${PRODUCTION_URL}")}}`,
			url: '/oauth/token',
			method: 'POST',
		},
	};
}
