/**
 * The Airtable client over a Transport (no `airtable` package): what it sends (URL, query, Bearer only
 * when it holds the token, 60 s timeout), how each Airtable answer becomes a LedgerError a user can act
 * on, and that the token never reaches an error. The n8n glue is checked too: the ledger opened from a
 * node sends through httpRequestWithAuthentication with the Airtable credential and never reads the token.
 * Limits against the simulated base (5/s, 10 per write, 30 s after a 429): ledger.airtable.test.ts.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { TransportError, type HttpRequest, type HttpResponse } from '../../../nodes/lib/http';
import { LedgerError } from '../../../nodes/lib/ledger/errors';
import { AirtableClient, AIRTABLE_REQUEST_TIMEOUT_MS } from '../../../nodes/lib/ledger/airtable/client';
import { AIRTABLE_CREDENTIAL, openLedgerFor } from '../../../nodes/shared/ledger';
import type { AirtableLedgerStore } from '../../../nodes/lib/ledger';

const TOKEN = 'patUnitSecret.0123456789abcdef';
const ENDPOINT = 'https://airtable.test';

// The pacer is shared per base in the process: a base of its own per test keeps tests from pacing each other.
let bases = 0;
const nextBase = () => `appUnit${String(++bases).padStart(10, '0')}`;

function json(status: number, body: unknown): HttpResponse {
	return { status, headers: { 'content-type': 'application/json' }, body };
}

/** A transport that answers from a list and records what it was asked. */
function scripted(...answers: Array<HttpResponse | Error>) {
	const requests: HttpRequest[] = [];
	const transport = async (request: HttpRequest): Promise<HttpResponse> => {
		requests.push(request);
		const next = answers.shift() ?? json(200, { records: [] });
		if (next instanceof Error) throw next;
		return next;
	};
	return { requests, transport };
}

function client(transport: ReturnType<typeof scripted>['transport'], extra: { apiKey?: string } = { apiKey: TOKEN }) {
	const baseId = nextBase();
	return new AirtableClient({ baseId, endpointUrl: `${ENDPOINT}/`, transport, sleep: async () => {}, ...extra });
}

async function failure(run: () => Promise<unknown>): Promise<LedgerError> {
	const error = await run().then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(LedgerError);
	const ledgerError = error as LedgerError;
	// Nowhere a user or a log could see it: message, hint, the cause and everything they serialise to.
	const visible = [ledgerError.message, ledgerError.hint, String(ledgerError.cause), JSON.stringify(ledgerError)];
	for (const text of visible) expect(text).not.toContain(TOKEN);
	return ledgerError;
}

describe('Airtable client: what it sends', () => {
	it('lists a table under /v0/{base}/{table}: formula in the query, Bearer token, 60 s timeout', async () => {
		const { requests, transport } = scripted(
			json(200, { records: [{ id: 'rec1', fields: {} }], offset: 'itr1' }),
			json(200, { records: [{ id: 'rec2', fields: {} }] }),
		);
		const c = client(transport);
		const records = await c.listAll('Tracking Numbers', "{Key}='a b'");
		expect(records.map((r) => r.id)).toEqual(['rec1', 'rec2']);
		expect(requests.map((r) => [r.method, r.url, r.query])).toEqual([
			['GET', `${ENDPOINT}/v0/${c.baseId}/Tracking%20Numbers`, { pageSize: 100, filterByFormula: "{Key}='a b'" }],
			[
				'GET',
				`${ENDPOINT}/v0/${c.baseId}/Tracking%20Numbers`,
				{ pageSize: 100, filterByFormula: "{Key}='a b'", offset: 'itr1' },
			],
		]);
		expect(requests[0].headers).toEqual({ accept: 'application/json', authorization: `Bearer ${TOKEN}` });
		expect(requests[0].timeoutMs).toBe(AIRTABLE_REQUEST_TIMEOUT_MS);
	});

	it('reads the schema from the meta API and writes JSON bodies of at most 10 records', async () => {
		const { requests, transport } = scripted(
			json(200, { tables: [] }),
			json(200, { records: Array.from({ length: 10 }, (_, i) => ({ id: `rec${i}`, fields: {} })) }),
			json(200, { records: [{ id: 'rec10', fields: {} }] }),
		);
		const c = client(transport);
		expect(await c.baseSchema()).toEqual([]);
		await c.create(
			'Events',
			Array.from({ length: 11 }, (_, i) => ({ fields: { Key: `k${i}` } })),
		);
		expect(requests[0].url).toBe(`${ENDPOINT}/v0/meta/bases/${c.baseId}/tables`);
		expect(requests.slice(1).map((r) => [r.method, (r.body as { records: unknown[] }).records.length])).toEqual([
			['POST', 10],
			['POST', 1],
		]);
	});

	it('no token: no Authorization header (the transport authenticates); no transport: a token is required', async () => {
		const { requests, transport } = scripted();
		await client(transport, {}).listAll('Orders');
		expect(requests[0].headers).toEqual({ accept: 'application/json' });
		expect(() => new AirtableClient({ baseId: nextBase() })).toThrow(/Airtable access token: must be a non-empty/);
	});
});

describe('Airtable client: every failure says what to change, and never shows the token', () => {
	const invalidPermissions = {
		error: {
			type: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND',
			message: 'Invalid permissions, or the requested model was not found.',
		},
	};

	it('401: paste a valid token into the credential', async () => {
		const { transport } = scripted(
			json(401, { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } }),
		);
		const error = await failure(() => client(transport).listAll('Orders'));
		expect(error).toMatchObject({
			code: 'auth_failed',
			hint: expect.stringContaining('Post-Purchase Airtable credential'),
		});
		expect(error.message).toMatch(
			/^Airtable 401 AUTHENTICATION_REQUIRED: Authentication required \(GET \/Orders in base app/,
		);
	});

	it('403 on a table: the table or the token scopes, in this base; 403 on the schema: schema.bases:read', async () => {
		const { transport } = scripted(json(403, invalidPermissions), json(403, invalidPermissions));
		const c = client(transport);
		const table = await failure(() => c.listAll('Orders'));
		expect(table).toMatchObject({ code: 'table_missing' });
		expect(table.hint).toContain(`"Orders" does not exist in base ${c.baseId}`);
		expect(table.hint).toContain('data.records:read / data.records:write');
		const schema = await failure(() => c.baseSchema());
		expect(schema).toMatchObject({ code: 'permission_denied', hint: expect.stringContaining('schema.bases:read') });
	});

	it('404 (error as a bare string): check the Base parameter', async () => {
		const { transport } = scripted(json(404, { error: 'NOT_FOUND' }));
		const c = client(transport);
		const error = await failure(() => c.listAll('Orders'));
		expect(error).toMatchObject({ code: 'table_missing', hint: expect.stringContaining(`Base ${c.baseId}`) });
		expect(error.message).toContain('Airtable 404 NOT_FOUND');
	});

	it('422: an unknown field is named; other refusals point at the field types', async () => {
		const { transport } = scripted(
			json(422, { error: { type: 'UNKNOWN_FIELD_NAME', message: 'Unknown field name: "Topic"' } }),
			json(422, { error: { type: 'INVALID_VALUE_FOR_COLUMN', message: 'Field "Version" cannot accept "x"' } }),
		);
		const c = client(transport);
		const field = await failure(() => c.create('Events', [{ fields: { Topic: 't' } }]));
		expect(field).toMatchObject({
			code: 'field_missing',
			hint: expect.stringContaining('Table "Events" has no field "Topic"'),
		});
		const value = await failure(() => c.create('Orders', [{ fields: { Version: 'x' } }]));
		expect(value).toMatchObject({ code: 'invalid_input', hint: expect.stringContaining('field types') });
	});

	it('a 5xx, or a 2xx not in Airtable JSON (wrong Base URL Override): backend error naming where to look', async () => {
		const { transport } = scripted(
			{ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' },
			{ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Welcome</html>' },
		);
		const c = client(transport);
		const gateway = await failure(() => c.listAll('Orders'));
		expect(gateway).toMatchObject({ code: 'backend_error', message: expect.stringContaining('<html>Bad gateway') });
		const notAirtable = await failure(() => c.listAll('Orders'));
		expect(notAirtable).toMatchObject({ code: 'backend_error', hint: expect.stringContaining('Base URL Override') });
	});

	it('no answer at all: connection_failed, naming the endpoint and the proxy settings', async () => {
		const request: HttpRequest = { method: 'GET', url: `${ENDPOINT}/v0/x` };
		const { transport } = scripted(new TransportError('GET failed: connect ECONNREFUSED', 'ECONNREFUSED', request));
		const error = await failure(() => client(transport).listAll('Orders'));
		expect(error).toMatchObject({
			code: 'connection_failed',
			hint: expect.stringMatching(new RegExp(`No answer from ${ENDPOINT}: .*proxy settings`)),
		});
	});
});

describe('Airtable ledger opened by a node', () => {
	it('sends through httpRequestWithAuthentication with the Airtable credential; never reads the token', async () => {
		const calls: Array<{ type: string; options: IHttpRequestOptions }> = [];
		const baseId = nextBase();
		const credential = {
			get accessToken(): string {
				throw new Error('the glue read the token');
			},
			baseUrl: `${ENDPOINT}/`,
		};
		const parameters: Record<string, unknown> = {
			backend: 'airtable',
			base: { __rl: true, mode: 'id', value: baseId },
		};
		const ctx = {
			getNodeParameter: (name: string) => parameters[name],
			getCredentials: async () => credential,
			getNode: () => ({ name: 'Order Ledger' }),
			helpers: {
				httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) => {
					calls.push({ type, options });
					return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"tables":[]}' };
				},
				httpRequest: async () => {
					throw new Error('unauthenticated request');
				},
			},
		} as unknown as IExecuteFunctions;
		const store = (await openLedgerFor(ctx)) as AirtableLedgerStore;
		expect(await store.setup()).toMatchObject({ ready: false, tables: [] });
		expect(calls).toHaveLength(1);
		expect(calls[0].type).toBe(AIRTABLE_CREDENTIAL);
		expect(calls[0].options).toMatchObject({ method: 'GET', url: `${ENDPOINT}/v0/meta/bases/${baseId}/tables` });
		expect(Object.keys(calls[0].options.headers ?? {}).map((h) => h.toLowerCase())).not.toContain('authorization');
	});
});
