/**
 * What the Shopify client sends to its Transport and makes of what comes back, with a scripted transport
 * (no HTTP): the URL (sandbox base URL, API version), the token header in each auth mode, the 401 refresh,
 * HttpError built from the raw response, the transport's own errors passed through unchanged, and each
 * call keeping its own response when calls overlap.
 */
import { HttpError, TransportError } from '../../../nodes/lib/http';
import type { HttpRequest, HttpResponse, Transport } from '../../../nodes/lib/http/types';
import { ShopifyClient, ShopifyGraphQLError, type ShopifyClientOptions } from '../../../nodes/lib/connectors/shopify';
import { createVirtualClock } from '../../helpers/virtualClock';

const SHOP = 'demo.myshopify.com';
const TOKEN = 'shpat_secret_token_1234';
const SHOP_INFO = 'query ShopInfo { shop { name } }';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): HttpResponse => ({
	status,
	headers: { 'content-type': 'application/json', ...headers },
	body,
});
const shopAnswer = (name = 'Demo') => json({ data: { shop: { name } } });

/** A transport that records every request and answers from `answer` (a function of the request). */
function scripted(answer: (request: HttpRequest, index: number) => HttpResponse | Promise<HttpResponse>) {
	const sent: HttpRequest[] = [];
	const transport: Transport = async (request) => {
		sent.push(request);
		return answer(request, sent.length - 1);
	};
	return { sent, transport };
}

function client(transport: Transport, overrides: Partial<ShopifyClientOptions> = {}): ShopifyClient {
	return new ShopifyClient({
		shopDomain: SHOP,
		apiVersion: '2026-04',
		auth: { mode: 'accessToken', accessToken: TOKEN },
		transport,
		clock: createVirtualClock(),
		random: () => 0,
		...overrides,
	});
}

const graphqlCalls = (sent: HttpRequest[]) => sent.filter((r) => r.url.endsWith('/graphql.json'));

describe('where a call goes', () => {
	it("posts the document to the shop's GraphQL endpoint for the API version, labelled with the operation", async () => {
		const { sent, transport } = scripted(() => shopAnswer());
		expect(await client(transport).request(SHOP_INFO, { first: 5 })).toEqual({ shop: { name: 'Demo' } });
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			method: 'POST',
			url: `https://${SHOP}/admin/api/2026-04/graphql.json`,
			operation: 'shopify.ShopInfo',
		});
		expect(JSON.parse(String(sent[0].body))).toEqual({ query: SHOP_INFO, variables: { first: 5 } });
	});

	it('the sandbox base URL replaces the shop origin and keeps the path', async () => {
		const { sent, transport } = scripted(() => shopAnswer());
		await client(transport, { baseUrl: 'http://127.0.0.1:4010/shopify/' }).request(SHOP_INFO);
		expect(sent[0].url).toBe('http://127.0.0.1:4010/shopify/admin/api/2026-04/graphql.json');
	});

	it('a retired version in the credential is served by the oldest supported one', async () => {
		const { sent, transport } = scripted(() => shopAnswer());
		const c = client(transport, { apiVersion: '2025-01' });
		await c.request(SHOP_INFO);
		expect(c.retiredApiVersion).toBe('2025-01');
		expect(sent[0].url).toBe(`https://${SHOP}/admin/api/2026-01/graphql.json`);
	});

	it('sends no correlation or other internal header, only what Shopify reads', async () => {
		const { sent, transport } = scripted(() => shopAnswer());
		await client(transport).request(SHOP_INFO);
		expect(Object.keys(sent[0].headers ?? {}).filter((name) => name.startsWith('x-post-purchase'))).toEqual([]);
		expect(sent[0].headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
	});
});

describe('the access token header', () => {
	it('carries the access token once', async () => {
		const { sent, transport } = scripted(() => shopAnswer());
		await client(transport).request(SHOP_INFO);
		const tokenHeaders = Object.entries(sent[0].headers ?? {}).filter(([name]) => /access-token/i.test(name));
		expect(tokenHeaders).toEqual([['x-shopify-access-token', TOKEN]]);
	});

	it("is left out when the transport adds it (n8n's httpRequestWithAuthentication)", async () => {
		const { sent, transport } = scripted(() => shopAnswer());
		await client(transport, { auth: { mode: 'accessToken', accessToken: TOKEN, sentByTransport: true } }).request(
			SHOP_INFO,
		);
		expect(Object.keys(sent[0].headers ?? {}).filter((name) => /access-token/i.test(name))).toEqual([]);
	});

	it('client credentials: a 401 fetches a fresh token once and the retry carries it', async () => {
		let issued = 0;
		const { sent, transport } = scripted((request) => {
			if (request.url.endsWith('/admin/oauth/access_token'))
				return json({ access_token: `shpat_cc_${++issued}`, expires_in: 86399 });
			return request.headers?.['x-shopify-access-token'] === 'shpat_cc_2'
				? shopAnswer()
				: json({ errors: '[API] Invalid API key or access token' }, 401);
		});
		const c = client(transport, { auth: { mode: 'clientCredentials', clientId: 'cid', clientSecret: 'csecret' } });
		expect(await c.request(SHOP_INFO)).toEqual({ shop: { name: 'Demo' } });
		expect(graphqlCalls(sent).map((r) => r.headers?.['x-shopify-access-token'])).toEqual(['shpat_cc_1', 'shpat_cc_2']);
		expect(c.tokens.exchanges).toBe(2);
	});

	it('client credentials: a second 401 in a row is an HttpError, not another exchange', async () => {
		let issued = 0;
		const { transport } = scripted((request) =>
			request.url.endsWith('/admin/oauth/access_token')
				? json({ access_token: `shpat_cc_${++issued}`, expires_in: 86399 })
				: json({ errors: '[API] Invalid API key or access token' }, 401),
		);
		const c = client(transport, { auth: { mode: 'clientCredentials', clientId: 'cid', clientSecret: 'csecret' } });
		const error = await c.request(SHOP_INFO).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HttpError);
		expect((error as HttpError).hint).toMatch(/freshly issued token/);
		expect(c.tokens.exchanges).toBe(2);
	});
});

describe('failures', () => {
	it("a refused token is an HttpError with Shopify's raw answer, the revoked-token hint, and no token", async () => {
		const { transport } = scripted(() =>
			json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, 401, {
				'x-request-id': 'req-42',
			}),
		);
		const error = (await client(transport)
			.request(SHOP_INFO)
			.catch((e: unknown) => e)) as HttpError;
		expect(error).toBeInstanceOf(HttpError);
		expect(error.status).toBe(401);
		expect(error.headers['x-request-id']).toBe('req-42');
		expect(error.body).toEqual({
			errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
		});
		expect(error.request).toMatchObject({ method: 'POST', operation: 'shopify.ShopInfo' });
		expect(error.hint).toMatch(/no longer accepts this access token/);
		expect(`${error.message} ${error.hint} ${JSON.stringify(error)}`).not.toContain(TOKEN);
	});

	it('a non-JSON error page keeps its text as the body', async () => {
		const { transport } = scripted(() => ({
			status: 404,
			headers: { 'content-type': 'text/html' },
			body: '<h1>gone</h1>',
		}));
		const error = (await client(transport)
			.request(SHOP_INFO)
			.catch((e: unknown) => e)) as HttpError;
		expect(error).toBeInstanceOf(HttpError);
		expect(error.status).toBe(404);
		expect(error.body).toBe('<h1>gone</h1>');
	});

	it("the transport's TransportError reaches the caller unchanged, code and all, after the retries", async () => {
		const failure = new TransportError('connect ECONNREFUSED 127.0.0.1:443', 'ECONNREFUSED', {
			method: 'POST',
			url: `https://${SHOP}/admin/api/2026-04/graphql.json`,
		});
		const { sent, transport } = scripted(() => Promise.reject(failure));
		const error = await client(transport, { maxAttempts: 3 })
			.request(SHOP_INFO)
			.catch((e: unknown) => e);
		expect(error).toBe(failure);
		expect((error as TransportError).code).toBe('ECONNREFUSED');
		expect(sent).toHaveLength(3);
	});

	it('any other error the transport throws (an n8n error) reaches the caller unchanged, without retries', async () => {
		const failure = Object.assign(new Error('The connection was aborted'), { httpCode: 'ECONNABORTED' });
		const { sent, transport } = scripted(() => Promise.reject(failure));
		await expect(client(transport).request(SHOP_INFO)).rejects.toBe(failure);
		expect(sent).toHaveLength(1);
	});

	it("GraphQL errors are a ShopifyGraphQLError with Shopify's code", async () => {
		const { transport } = scripted(() =>
			json({ errors: [{ message: 'Access denied for orders field.', extensions: { code: 'ACCESS_DENIED' } }] }),
		);
		const error = (await client(transport)
			.request(SHOP_INFO)
			.catch((e: unknown) => e)) as ShopifyGraphQLError;
		expect(error).toBeInstanceOf(ShopifyGraphQLError);
		expect(error.code).toBe('ACCESS_DENIED');
		expect(error.message).toBe('Shopify rejected ShopInfo: Access denied for orders field.');
	});

	it('a 200 that is not JSON is a ShopifyGraphQLError saying what came back', async () => {
		const { transport } = scripted(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>' }));
		await expect(client(transport).request(SHOP_INFO)).rejects.toThrow(
			new ShopifyGraphQLError(
				[{ message: 'GraphQL Client: Response returned unexpected Content-Type: text/html' }],
				'ShopInfo',
			),
		);
	});
});

describe('overlapping calls', () => {
	it('each call gets its own answer, its own raw response and its own transport error', async () => {
		const failure = new TransportError('socket hang up', 'ECONNRESET', { method: 'POST', url: 'https://x' });
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const { transport } = scripted(async (request) => {
			const { variables } = JSON.parse(String(request.body)) as { variables: { which: string } };
			await gate; // all three are in flight before any answers
			if (variables.which === 'fail') throw failure;
			if (variables.which === 'gone') return json({ errors: 'Not Found' }, 404, { 'x-request-id': 'gone-1' });
			return shopAnswer(variables.which);
		});
		const c = client(transport, { maxAttempts: 1 });
		const doc = 'query ShopInfo($which: String) { shop { name } }';
		const calls = Promise.allSettled([
			c.request(doc, { which: 'fail' }),
			c.request(doc, { which: 'ok' }),
			c.request(doc, { which: 'gone' }),
		]);
		release();
		const [failed, ok, gone] = await calls;
		expect(failed).toEqual({ status: 'rejected', reason: failure });
		expect(ok).toEqual({ status: 'fulfilled', value: { shop: { name: 'ok' } } });
		expect(gone.status).toBe('rejected');
		const goneError = (gone as PromiseRejectedResult).reason as HttpError;
		expect(goneError).toBeInstanceOf(HttpError);
		expect(goneError.headers['x-request-id']).toBe('gone-1');
	});
});
