/**
 * Self-test of test/helpers/n8n.ts: proves, with tiny inline nodes, that runNode/runWebhook go through
 * n8n's real engine (pairedItem, continueOnFail, expressions, credentials + authenticate over real
 * HTTP intercepted by nock, webhook request/response).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import nock from 'nock';
import { NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	IWebhookFunctions,
} from 'n8n-workflow';

import { outputOf, runNode, runWebhook } from '../helpers/n8n';

/** Doubles `value`; fails on items whose value is not a number (to exercise continueOnFail). */
const doubler: INodeType = {
	description: {
		displayName: 'Doubler',
		name: 'doubler',
		group: ['transform'],
		version: [1, 2],
		description: 'test node',
		defaults: { name: 'Doubler' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Field', name: 'field', type: 'string', default: 'value' },
			{ displayName: 'Factor', name: 'factor', type: 'number', default: 2 },
		],
	},
	async execute(this: IExecuteFunctions) {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const field = this.getNodeParameter('field', i) as string;
			const factor = this.getNodeParameter('factor', i) as number;
			const value = items[i].json[field];
			try {
				if (typeof value !== 'number') {
					throw new NodeOperationError(this.getNode(), `"${field}" must be a number`, { itemIndex: i });
				}
				out.push({ json: { result: value * factor, version: this.getNode().typeVersion }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	},
};

const tokenApi: ICredentialType = {
	name: 'harnessTokenApi',
	displayName: 'Harness Token API',
	properties: [
		{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	],
	authenticate: {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' }, qs: { via: 'harness' } },
	},
};

const functionAuthApi: ICredentialType = {
	name: 'harnessFunctionApi',
	displayName: 'Harness Function API',
	properties: [{ displayName: 'Key', name: 'key', type: 'string', default: '' }],
	authenticate: async (credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions) => ({
		...options,
		headers: { ...options.headers, 'X-Api-Key': String(credentials.key) },
	}),
};

/** Calls GET <baseUrl>/things/<id> with the credential applied by n8n's httpRequestWithAuthentication. */
const fetcher: INodeType = {
	description: {
		displayName: 'Fetcher',
		name: 'fetcher',
		group: ['transform'],
		version: 1,
		description: 'test node',
		defaults: { name: 'Fetcher' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{ name: 'harnessTokenApi', required: false },
			{ name: 'harnessFunctionApi', required: false },
			{ name: 'harnessClientCredentialsApi', required: false },
		],
		properties: [
			{ displayName: 'Credential', name: 'credential', type: 'string', default: 'harnessTokenApi' },
			{ displayName: 'ID', name: 'id', type: 'string', default: '' },
		],
	},
	async execute(this: IExecuteFunctions) {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const credentialType = this.getNodeParameter('credential', i) as string;
			const { baseUrl } = await this.getCredentials<{ baseUrl?: string }>(credentialType);
			const body = await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
				method: 'GET',
				url: `${baseUrl ?? 'https://api.example.test'}/things/${this.getNodeParameter('id', i) as string}`,
				json: true,
			});
			out.push({ json: body, pairedItem: { item: i } });
		}
		return [out];
	},
};

/** OAuth-style client credentials: preAuthentication fetches a token that authenticate then sends. */
const clientCredentialsApi: ICredentialType = {
	name: 'harnessClientCredentialsApi',
	displayName: 'Harness Client Credentials API',
	properties: [
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Access Token', name: 'accessToken', type: 'hidden', typeOptions: { expirable: true }, default: '' },
	],
	async preAuthentication(this, credentials) {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${String(credentials.baseUrl)}/oauth/token`,
			body: { client_id: credentials.clientId },
			json: true,
		})) as { access_token: string };
		return { accessToken: response.access_token };
	},
	authenticate: { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } } },
};

const secretApi: ICredentialType = {
	name: 'harnessWebhookSecret',
	displayName: 'Harness Webhook Secret',
	properties: [{ displayName: 'Secret', name: 'secret', type: 'string', default: '' }],
};

/** Verifies an HMAC of the raw body; 401 without emitting anything when it does not match. */
const signedTrigger: INodeType = {
	description: {
		displayName: 'Signed Trigger',
		name: 'signedTrigger',
		group: ['trigger'],
		version: 1,
		description: 'test trigger',
		defaults: { name: 'Signed Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'harnessWebhookSecret', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'signed' }],
		properties: [],
	},
	async webhook(this: IWebhookFunctions) {
		const { secret } = await this.getCredentials<{ secret: string }>('harnessWebhookSecret');
		const req = this.getRequestObject() as unknown as { rawBody: Buffer };
		const given = Buffer.from(String(this.getHeaderData()['x-signature'] ?? ''), 'base64');
		const expected = createHmac('sha256', secret).update(req.rawBody).digest();
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
			this.getResponseObject().status(401).send('invalid signature');
			return { noWebhookResponse: true };
		}
		return { workflowData: [[{ json: this.getBodyData() }]] };
	},
};

describe('runNode', () => {
	afterEach(() => nock.cleanAll());

	it('runs the node through the engine: parameters, expressions, pairedItem, newest version', async () => {
		const { outputs, error, runData } = await runNode({
			nodeType: doubler,
			parameters: { factor: '={{ 1 + 2 }}' },
			input: [{ json: { value: 2 } }, { json: { value: 5 } }],
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([
			{ json: { result: 6, version: 2 }, pairedItem: { item: 0 } },
			{ json: { result: 15, version: 2 }, pairedItem: { item: 1 } },
		]);
		// the engine ran the input node first and the node under test on its output
		expect(Object.keys(runData)).toEqual(['Input', 'Doubler']);
		expect(outputOf(runData, 'Doubler')).toHaveLength(2);
	});

	it('honours typeVersion', async () => {
		const { outputs } = await runNode({ nodeType: doubler, typeVersion: 1, input: [{ json: { value: 1 } }] });
		expect(outputs[0][0].json).toEqual({ result: 2, version: 1 });
	});

	it('returns the execution error when the node throws and continueOnFail is off', async () => {
		const { outputs, error } = await runNode({ nodeType: doubler, input: [{ json: { value: 'x' } }] });
		expect(outputs).toEqual([]);
		expect(error?.message).toBe('"value" must be a number');
	});

	it('with continueOnFail keeps good items and turns the bad one into an error item', async () => {
		const { outputs, error } = await runNode({
			nodeType: doubler,
			continueOnFail: true,
			input: [{ json: { value: 1 } }, { json: { value: 'bad' } }, { json: { value: 3 } }],
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => [item.json, item.pairedItem])).toEqual([
			[{ result: 2, version: 2 }, { item: 0 }],
			[{ error: '"value" must be a number' }, { item: 1 }],
			[{ result: 6, version: 2 }, { item: 2 }],
		]);
	});

	it('applies a generic authenticate to a real HTTP request (nock intercepts it)', async () => {
		const scope = nock('https://shop.example.test', { reqheaders: { authorization: 'Bearer s3cret' } })
			.get('/things/42')
			.query({ via: 'harness' })
			.reply(200, { id: 42, name: 'widget' });
		const { outputs, error } = await runNode({
			nodeType: fetcher,
			parameters: { id: '42' },
			credentials: { harnessTokenApi: { token: 's3cret', baseUrl: 'https://shop.example.test' } },
			credentialTypes: [tokenApi],
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([{ json: { id: 42, name: 'widget' }, pairedItem: { item: 0 } }]);
		expect(scope.isDone()).toBe(true);
	});

	it('applies a function authenticate', async () => {
		const scope = nock('https://api.example.test', { reqheaders: { 'x-api-key': 'k-1' } })
			.get('/things/7')
			.reply(200, { ok: true });
		const { outputs, error } = await runNode({
			nodeType: fetcher,
			parameters: { credential: 'harnessFunctionApi', id: '7' },
			credentials: { harnessFunctionApi: { key: 'k-1' } },
			credentialTypes: [functionAuthApi],
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual({ ok: true });
		expect(scope.isDone()).toBe(true);
	});

	it('runs preAuthentication for an empty expirable token and keeps the refreshed token', async () => {
		const scope = nock('https://auth.example.test')
			.post('/oauth/token', { client_id: 'c-1' })
			.reply(200, { access_token: 'fresh-token' })
			.get('/things/9')
			.matchHeader('authorization', 'Bearer fresh-token')
			.reply(200, { id: 9 });
		const { outputs, error, credentials } = await runNode({
			nodeType: fetcher,
			parameters: { credential: 'harnessClientCredentialsApi', id: '9' },
			credentials: {
				harnessClientCredentialsApi: { clientId: 'c-1', baseUrl: 'https://auth.example.test', accessToken: '' },
			},
			credentialTypes: [clientCredentialsApi],
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual({ id: 9 });
		expect(credentials.harnessClientCredentialsApi.accessToken).toBe('fresh-token');
		expect(scope.isDone()).toBe(true);
	});

	it('surfaces an HTTP failure as the node error', async () => {
		nock('https://shop.example.test').get('/things/1').query(true).reply(404, { errors: 'Not Found' });
		const { error } = await runNode({
			nodeType: fetcher,
			parameters: { id: '1' },
			credentials: { harnessTokenApi: { token: 't', baseUrl: 'https://shop.example.test' } },
			credentialTypes: [tokenApi],
		});
		expect(error).toBeDefined();
		expect(JSON.stringify(error)).toMatch(/404/);
	});

	it('refuses a credential whose type was not registered instead of sending it unauthenticated', async () => {
		const { error } = await runNode({
			nodeType: fetcher,
			parameters: { id: '1' },
			credentials: { harnessTokenApi: { token: 't', baseUrl: 'https://shop.example.test' } },
		});
		expect(error?.message).toMatch(/credential type "harnessTokenApi" is not registered/);
	});
});

describe('runWebhook', () => {
	const secret = 'whsec_test';
	const body = Buffer.from('{"id":1,"note":"caf\u00e9"}');
	const sign = (raw: Buffer) => createHmac('sha256', secret).update(raw).digest('base64');

	it('passes the raw body to the node and emits the parsed body when the signature matches', async () => {
		const res = await runWebhook({
			nodeType: signedTrigger,
			credentials: { harnessWebhookSecret: { secret } },
			credentialTypes: [secretApi],
			headers: { 'Content-Type': 'application/json', 'X-Signature': sign(body) },
			rawBody: body,
		});
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ message: 'Workflow was started' });
		expect(res.workflowData).toEqual([[{ json: { id: 1, note: 'caf\u00e9' } }]]);
	});

	it('answers 401 and starts nothing when the signature is wrong', async () => {
		const res = await runWebhook({
			nodeType: signedTrigger,
			credentials: { harnessWebhookSecret: { secret } },
			credentialTypes: [secretApi],
			headers: { 'content-type': 'application/json', 'x-signature': sign(Buffer.from('{"id":2}')) },
			rawBody: body,
		});
		expect(res.status).toBe(401);
		expect(res.body).toBe('invalid signature');
		expect(res.workflowData).toBeUndefined();
	});
});
