import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

// The API hosts, inlined because a credential imports only n8n-workflow; test/unit/carriers/credentialConstants.test.ts
// checks they equal DHL_PRODUCTION_URL and DHL_SANDBOX_URL in nodes/lib/connectors/dhl/client.ts.
const PRODUCTION_URL = 'https://api-eu.dhl.com';
const SANDBOX_URL = 'https://api-test.dhl.com';

/** DHL Shipment Tracking - Unified: the API key of your app on developer.dhl.com. */
export class DhlPostPurchaseApi implements ICredentialType {
	name = 'dhlPostPurchaseApi';

	displayName = 'DHL Shipment Tracking (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/CarrierTracking/carrierTracking.svg',
		dark: 'file:../nodes/CarrierTracking/carrierTracking.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/carriers.md#setup-per-carrier';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key of your app on developer.dhl.com (My Apps), with Shipment Tracking - Unified enabled',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'Test (Api-Test.dhl.com)', value: 'sandbox' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/dhl',
			description: 'Only for the sandbox and tests. Leave empty to use the environment above.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'DHL-API-Key': '={{$credentials.apiKey}}' } },
	};

	/** DHL's own sample piece number from the published spec (parameter trackingNumber default). */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				`={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.environment === ` +
				`"sandbox" ? "${SANDBOX_URL}" : "${PRODUCTION_URL}")}}`,
			url: '/track/shipments',
			method: 'GET',
			qs: { trackingNumber: '00340434292135100186' },
		},
	};
}
