import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Written out, not imported: a credential imports only n8n-workflow.
 * test/unit/threepl/credentialConstants.test.ts keeps these equal to nodes/lib's.
 */
const SHIPMONK_BASE_URL = 'https://api.shipmonk.com';
const SHIPMONK_SANDBOX_URL = 'https://sandbox.shipmonk.dev';

/** ShipMonk API key (sent as the Api-Key header); ShipMonk issues it on request. */
export class ShipMonkPostPurchaseApi implements ICredentialType {
	name = 'shipMonkPostPurchaseApi';

	displayName = 'ShipMonk (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/ThreePlFulfillment/threePlFulfillment.svg',
		dark: 'file:../nodes/ThreePlFulfillment/threePlFulfillment.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/3pl.md#shipmonk';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your ShipMonk API key (ask api@shipmonk.com; sandbox and production keys differ)',
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
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A random string you choose and give to ShipMonk support with the webhook URL; ShipMonk signs every ' +
				'webhook with it (X-Sm-Signature)',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/shipmonk',
			description: 'Only for the sandbox and tests. Leave empty to use the environment above.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'Api-Key': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				`={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.environment === ` +
				`"sandbox" ? "${SHIPMONK_SANDBOX_URL}" : "${SHIPMONK_BASE_URL}")}}`,
			url: '/v1/integrations/warehouses',
			method: 'GET',
		},
	};
}
