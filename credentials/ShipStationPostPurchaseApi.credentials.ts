import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * ShipStation: the v1 API key + secret (Basic auth, orders, shipments, webhooks) and, optionally, the
 * v2 API key (API-Key header, label tracking). Both are under ShipStation > Settings > Account > API Settings.
 */
export class ShipStationPostPurchaseApi implements ICredentialType {
	name = 'shipStationPostPurchaseApi';

	displayName = 'ShipStation (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/ShipStation/shipStation.svg',
		dark: 'file:../nodes/ShipStation/shipStation.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/shipstation.md#1-set-up-the-credential-5-minutes';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'ShipStation > Settings > Account > API Settings: the v1 "API Key"',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'ShipStation > Settings > Account > API Settings: the v1 "API Secret"',
		},
		{
			displayName: 'V2 API Key',
			name: 'v2ApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. Only needed for label tracking (carrier scans). Generate it under API Settings, "API v2".',
		},
		{
			displayName: 'V1 Base URL Override',
			name: 'v1BaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/shipstation',
			description: 'Only for the sandbox and tests. Leave empty for https://ssapi.shipstation.com.',
		},
		{
			displayName: 'V2 Base URL Override',
			name: 'v2BaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/shipstation',
			description: 'Only for the sandbox and tests. Leave empty for https://api.shipstation.com.',
		},
	];

	/**
	 * v1 and v2 authenticate differently; each secret goes only to the API that needs it (v2 paths all
	 * start with /v2/), so the v1 secret is never sent to v2 and the reverse.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const target = `${requestOptions.baseURL ?? ''}${requestOptions.url ?? ''}`;
		let pathname = target;
		try {
			pathname = new URL(target).pathname;
		} catch {
			// relative URL: the path is the string itself
		}
		const headers = { ...(requestOptions.headers ?? {}) };
		if (/(^|\/)v2\//.test(pathname)) {
			headers['api-key'] = String(credentials.v2ApiKey ?? '');
		} else {
			const keyAndSecret = `${String(credentials.apiKey ?? '')}:${String(credentials.apiSecret ?? '')}`;
			headers.Authorization = `Basic ${Buffer.from(keyAndSecret).toString('base64')}`;
		}
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.v1BaseUrl ? $credentials.v1BaseUrl.replace(/\\/+$/, "") : "https://ssapi.shipstation.com"}}',
			url: '/webhooks',
			method: 'GET',
		},
	};
}
