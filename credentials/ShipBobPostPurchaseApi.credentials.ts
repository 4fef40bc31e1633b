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
const SHIPBOB_API_VERSION = '2026-01';
const SHIPBOB_BASE_URL = 'https://api.shipbob.com';
const SHIPBOB_SANDBOX_URL = 'https://sandbox-api.shipbob.com';

/** ShipBob Personal Access Token (ShipBob dashboard > Integrations > API Tokens). */
export class ShipBobPostPurchaseApi implements ICredentialType {
	name = 'shipBobPostPurchaseApi';

	displayName = 'ShipBob (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/ThreePlFulfillment/threePlFulfillment.svg',
		dark: 'file:../nodes/ThreePlFulfillment/threePlFulfillment.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/3pl.md#shipbob';

	properties: INodeProperties[] = [
		{
			displayName: 'Personal Access Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Created in ShipBob under Integrations > API Tokens (Generate New Token)',
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
			displayName: 'Channel ID',
			name: 'channelId',
			type: 'string',
			default: '',
			description:
				'Only needed when your token sees several channels and ShipBob asks for one on changes (address, ' +
				'cancel). Leave empty otherwise.',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional (starts with whsec_). Empty: the trigger subscribes with a secret worked out from the token and ' +
				'its URL, and stores none. Set it for a webhook you created yourself, or to sign with your own.',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/shipbob',
			description: 'Only for the sandbox and tests. Leave empty to use the environment above.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				`={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.environment === ` +
				`"sandbox" ? "${SHIPBOB_SANDBOX_URL}" : "${SHIPBOB_BASE_URL}")}}`,
			url: `/${SHIPBOB_API_VERSION}/channel`,
			method: 'GET',
		},
	};
}
