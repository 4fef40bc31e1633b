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
const EXTENSIV_BASE_URL = 'https://secure-wms.com';

/**
 * Extensiv 3PL Warehouse Manager (3PL Central) REST API: OAuth client credentials issued by your
 * warehouse (or api@extensiv.com). n8n exchanges them at /AuthServer/api/Token for a bearer token.
 */
export class ExtensivPostPurchaseApi implements ICredentialType {
	name = 'extensivPostPurchaseApi';

	displayName = 'Extensiv 3PL Warehouse Manager (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/ThreePlFulfillment/threePlFulfillment.svg',
		dark: 'file:../nodes/ThreePlFulfillment/threePlFulfillment.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/3pl.md#extensiv-3pl-central--3pl-warehouse-manager';

	properties: INodeProperties[] = [
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', required: true },
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'TPL Key',
			name: 'tpl',
			type: 'string',
			default: '',
			description:
				"The warehouse's 3PL key (a GUID such as {00000000-0000-0000-0000-000000000000}), given by your " +
				'warehouse with the client ID',
		},
		{
			displayName: 'User Login ID',
			name: 'userLoginId',
			type: 'string',
			default: '',
			description: 'The numeric user id the warehouse set up for the integration',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/extensiv',
			description: 'Only for the sandbox and tests. Leave empty for https://secure-wms.com.',
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<{ accessToken: string }> {
		const base = String(credentials.baseUrl || EXTENSIV_BASE_URL).replace(/\/+$/, '');
		const body: Record<string, string> = { grant_type: 'client_credentials' };
		if (credentials.tpl) body.tpl = String(credentials.tpl);
		if (credentials.userLoginId) body.user_login_id = String(credentials.userLoginId);
		const response = (await this.helpers.httpRequest({
			// A redirect would carry the client secret or refresh token to wherever it points: never followed.
			disableFollowRedirect: true,
			method: 'POST',
			url: `${base}/AuthServer/api/Token`,
			headers: {
				Authorization: 'Basic ' + Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64'),
			},
			body,
			json: true,
		})) as { access_token?: string };
		if (!response?.access_token)
			throw new Error(
				'Extensiv did not return an access token: check the client ID, secret, TPL key and user login id.',
			);
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "${EXTENSIV_BASE_URL}"}}`,
			url: '/orders',
			method: 'GET',
			qs: { pgsiz: 1, pgnum: 1 },
		},
	};
}
