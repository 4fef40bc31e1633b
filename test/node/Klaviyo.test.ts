/**
 * Klaviyo (Post-Purchase) through n8n's execution engine; HTTP intercepted by nock and answered by
 * the Klaviyo simulator, every body the node sent validated against Klaviyo's OpenAPI.
 */
import nock from 'nock';
import { KlaviyoPostPurchase } from '../../nodes/Klaviyo/KlaviyoPostPurchase.node';
import { KlaviyoPostPurchaseApi } from '../../credentials/KlaviyoPostPurchaseApi.credentials';
import { PostPurchaseCustomerPagesApi } from '../../credentials/PostPurchaseCustomerPagesApi.credentials';
import { verifyStatusLink } from '../../nodes/lib/pages/access';
import { KLAVIYO_REVISION } from '../../nodes/lib/connectors/klaviyo';
import { runNode } from '../helpers/n8n';
import { loadOpenApi, specPath, validateAgainstOpenApi } from '../helpers/specs';
import { toSimRequest, type VendorSim } from '../sandbox/http';
import { createKlaviyoSim, type KlaviyoSim } from '../sandbox/vendors/klaviyo';
import { shippedOrder } from '../unit/klaviyo/fixtures';

const ORIGIN = 'https://klaviyo.test';
const credentials = { klaviyoPostPurchaseApi: { apiKey: 'pk_test', baseUrl: ORIGIN } };
const credentialTypes = [new KlaviyoPostPurchaseApi()];

function nockSim(origin: string, sim: VendorSim) {
	const answer = async function (
		this: { req: { headers: Record<string, string | string[]>; method?: string } },
		uri: string,
		body: unknown,
	) {
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(this.req.headers))
			headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
		const raw = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
		const res = await sim.handle(toSimRequest(this.req.method ?? 'GET', uri, headers, raw));
		if (!res) return [404, { error: 'no route' }];
		const isJson = res.body !== undefined && typeof res.body !== 'string';
		return [
			res.status,
			isJson ? JSON.stringify(res.body) : (res.body ?? ''),
			{ ...(isJson ? { 'content-type': 'application/vnd.api+json' } : {}), ...(res.headers ?? {}) },
		];
	};
	const scope = nock(origin).persist();
	scope
		.get(/.*/)
		.query(true)
		.reply(answer as never);
	scope
		.post(/.*/)
		.query(true)
		.reply(answer as never);
	return scope;
}

const eventsSpec = () => loadOpenApi('klaviyo/stable/categories/events.json');
function expectBodiesValid(
	sim: KlaviyoSim,
	path: '/api/events' | '/api/event-bulk-create-jobs' | '/api/profile-import',
) {
	if (!specPath('klaviyo/stable/categories/events.json')) return;
	const spec = path === '/api/profile-import' ? loadOpenApi('klaviyo/stable/categories/profiles.json') : eventsSpec();
	const calls = sim.calls.filter((c) => c.path === path);
	expect(calls.length).toBeGreaterThan(0);
	for (const call of calls) {
		const result = validateAgainstOpenApi(spec, { path, method: 'POST', kind: 'request' }, call.json);
		expect(result.errors).toEqual([]);
	}
}

let sim: KlaviyoSim;
beforeEach(() => {
	sim = createKlaviyoSim();
	nockSim(ORIGIN, sim);
});
afterEach(() => nock.cleanAll());

describe('Post-Purchase Event', () => {
	it('sends Order Shipped with the enriched state, a derived unique_id and a notification observation', async () => {
		const { outputs, error } = await runNode({
			nodeType: new KlaviyoPostPurchase(),
			parameters: { operation: 'postPurchaseEvent', event: 'order_shipped' },
			input: [{ json: { record: shippedOrder() } as never }],
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({
			orderKey: '1001',
			event: 'order_shipped',
			metric: 'Order Shipped',
			uniqueId: 'pp:1001:order_shipped:1Z999AA10123456784',
		});
		expect(outputs[0][0].json.observation).toMatchObject({
			kind: 'notification',
			source: 'klaviyo',
			data: { event: 'order_shipped' },
		});
		expect(sim.accepted).toHaveLength(1);
		expect(sim.accepted[0]).toMatchObject({
			metric: 'Order Shipped',
			uniqueId: 'pp:1001:order_shipped:1Z999AA10123456784',
			profile: { email: 'marie@example.com', locale: 'fr-CA' },
		});
		expect(sim.accepted[0].properties).toMatchObject({
			TrackingNumber: '1Z999AA10123456784',
			Carrier: 'UPS',
			TrackingUrl: expect.stringContaining('ups.com'),
			EstimatedDelivery: '2026-11-21',
			Stage: 'in_transit',
			Locale: 'fr_CA',
		});
		expect(sim.calls[0].headers.revision).toBe(KLAVIYO_REVISION);
		expectBodiesValid(sim, '/api/events');
	});

	it('a retried execution sends nothing new (Klaviyo absorbs the same unique_id)', async () => {
		const run = () =>
			runNode({
				nodeType: new KlaviyoPostPurchase(),
				parameters: { operation: 'postPurchaseEvent', event: 'order_delivered' },
				input: [{ json: shippedOrder() as never }],
				credentials,
				credentialTypes,
			});
		await run();
		await run();
		expect(sim.calls.filter((c) => c.path === '/api/events')).toHaveLength(2);
		expect(sim.accepted).toHaveLength(1);
		expect(sim.duplicates).toBe(1);
	});

	it(
		'with continueOnFail an order without email or phone ' + 'is an error item naming the field; others are sent',
		async () => {
			const { outputs, error } = await runNode({
				nodeType: new KlaviyoPostPurchase(),
				continueOnFail: true,
				parameters: { operation: 'postPurchaseEvent', event: 'order_confirmed' },
				input: [
					{ json: shippedOrder({ orderKey: '1' }) as never },
					{ json: shippedOrder({ orderKey: '2', customer: { email: null, phone: null } }) as never },
					{ json: { hello: 'world' } },
				],
				credentials,
				credentialTypes,
			});
			expect(error).toBeUndefined();
			expect(outputs[0][0].json.uniqueId).toBe('pp:1:order_confirmed:order');
			expect(outputs[0][1]).toMatchObject({
				json: { error: 'Order 2 has no customer email or phone' },
				pairedItem: { item: 1 },
			});
			expect(outputs[0][1].json.description).toMatch(/nothing was sent/);
			expect(outputs[0][2].json.error).toMatch(/not an order record/);
			expect(sim.accepted).toHaveLength(1);
		},
	);
});

describe('Link to Status Page (issue 17)', () => {
	const pages = {
		pageUrl: 'https://n8n.example.com/webhook/order-status',
		linkSecret: 'p'.repeat(40),
		linkLifetimeDays: 30,
		accentColor: '#1f4e79',
		lookupsPerClient: 10,
		lookupsPerOrder: 10,
	};
	const run = (linkStatusPage: boolean, pageCredential: Record<string, string | number> = pages) =>
		runNode({
			nodeType: new KlaviyoPostPurchase(),
			parameters: { operation: 'postPurchaseEvent', event: 'order_shipped', linkStatusPage },
			input: [{ json: { record: shippedOrder() } as never }],
			credentials: { ...credentials, postPurchaseCustomerPagesApi: pageCredential },
			credentialTypes: [...credentialTypes, new PostPurchaseCustomerPagesApi()],
		});

	it("puts a signed link to the order's page in the event, valid for the credential's lifetime", async () => {
		const { error } = await run(true);
		expect(error).toBeUndefined();
		const url = new URL(String(sim.accepted[0].properties.StatusPageUrl));
		expect(`${url.origin}${url.pathname}`).toBe(pages.pageUrl);
		const check = verifyStatusLink(url.searchParams.get('t'), { secret: pages.linkSecret, now: new Date() });
		expect(check).toMatchObject({ ok: true, orderKey: '1001' });
		const days = (Date.parse((check as { expiresAt: string }).expiresAt) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(29.9);
		expect(days).toBeLessThanOrEqual(30);
		expect(JSON.stringify(sim.accepted[0])).not.toContain(pages.linkSecret);
		expectBodiesValid(sim, '/api/events');
	});

	it('adds nothing when off', async () => {
		const { error } = await run(false);
		expect(error).toBeUndefined();
		expect(sim.accepted[0].properties).not.toHaveProperty('StatusPageUrl');
	});

	it('stops before sending when the page credential cannot be used, naming the field', async () => {
		const { error } = await run(true, { ...pages, linkSecret: 'short' });
		expect(error?.message).toMatch(/Customer Pages credential/);
		expect(String((error as { description?: string }).description)).toMatch(/linkSecret/);
		expect(sim.accepted).toHaveLength(0);
	});
});

describe('events in flight together (issue 14)', () => {
	it('sends up to 8 events at once and outputs them in item order; a failure stops the node at its item', async () => {
		const slow = 'https://klaviyo-slow.test';
		let inFlight = 0;
		let most = 0;
		const seen: string[] = [];
		nock(slow)
			.persist()
			.post(/\/api\/events/)
			.reply(async (_uri, body) => {
				most = Math.max(most, ++inFlight);
				// Later items answer sooner, so an order kept by arrival would show.
				const sent = (typeof body === 'string' ? JSON.parse(body) : body) as {
					data: { attributes: { unique_id: string } };
				};
				const key = sent.data.attributes.unique_id;
				seen.push(key);
				await new Promise((r) => setTimeout(r, key.includes(':1:') ? 40 : 5));
				inFlight--;
				return key.includes(':13:') ? [400, { errors: [{ detail: 'refused for the test' }] }] : [202, ''];
			});
		const input = Array.from({ length: 20 }, (_, n) => ({ json: shippedOrder({ orderKey: String(n) }) as never }));
		const run = (continueOnFail: boolean) =>
			runNode({
				nodeType: new KlaviyoPostPurchase(),
				continueOnFail,
				parameters: { operation: 'postPurchaseEvent', event: 'order_shipped' },
				input,
				credentials: { klaviyoPostPurchaseApi: { apiKey: 'pk_test', baseUrl: slow } },
				credentialTypes,
			});

		const kept = await run(true);
		expect(most).toBe(8);
		expect(seen).toHaveLength(20);
		expect(kept.outputs[0].map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(kept.outputs[0].map((i) => i.json.orderKey ?? 'error')).toEqual(
			input.map((_, n) => (n === 13 ? 'error' : String(n))),
		);
		expect(kept.outputs[0][13].json.error).toMatch(/400/);

		const stopped = await run(false);
		expect(stopped.error?.message).toMatch(/400/);
		expect(stopped.error?.message).not.toMatch(/pk_test/);
	});
});

describe('Create Event', () => {
	it('always sets unique_id and sends value/time/properties', async () => {
		const { outputs, error } = await runNode({
			nodeType: new KlaviyoPostPurchase(),
			parameters: {
				operation: 'createEvent',
				metric: 'Review Requested',
				email: '={{ $json.email }}',
				properties: '={{ JSON.stringify({ OrderId: $json.id }) }}',
				additionalFields: { value: '12.50', time: '2026-11-20T10:00:00+01:00' },
			},
			input: [{ json: { email: 'a@example.com', id: '1001' } }],
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.uniqueId).toMatch(/^evt_/);
		expect(sim.accepted[0]).toMatchObject({
			metric: 'Review Requested',
			value: 12.5,
			time: '2026-11-20T10:00:00+01:00',
			properties: { OrderId: '1001' },
			uniqueId: outputs[0][0].json.uniqueId,
		});
		expectBodiesValid(sim, '/api/events');
	});

	it('invalid JSON properties is refused before sending, naming the field', async () => {
		const { error } = await runNode({
			nodeType: new KlaviyoPostPurchase(),
			parameters: { operation: 'createEvent', metric: 'X', email: 'a@example.com', properties: '{oops' },
			credentials,
			credentialTypes,
		});
		expect(error?.message).toMatch(/^properties is not valid JSON/);
		expect(sim.calls).toHaveLength(0);
	});

	it('a Klaviyo 400 is surfaced verbatim, naming the property Klaviyo refused', async () => {
		nock.cleanAll();
		const klaviyoError = {
			errors: [
				{
					id: '7b4c3e5a-2f0d-4a3b-9d1e-8f2a6c4b1e90',
					status: 400,
					code: 'invalid',
					title: 'Invalid input.',
					detail: "'value_currency' must be a valid ISO 4217 currency code.",
					source: { pointer: '/data/attributes/value_currency' },
				},
			],
		};
		if (specPath('klaviyo/stable/categories/events.json'))
			expect(
				validateAgainstOpenApi(
					eventsSpec(),
					{ path: '/api/events', method: 'POST', kind: 'response', status: 400 },
					klaviyoError,
				).errors,
			).toEqual([]);
		const scope = nock(ORIGIN)
			.post('/api/events')
			.reply(400, klaviyoError, { 'content-type': 'application/vnd.api+json' });
		const { error } = await runNode({
			nodeType: new KlaviyoPostPurchase(),
			parameters: {
				operation: 'createEvent',
				metric: 'X',
				email: 'a@example.com',
				additionalFields: { value: '5', valueCurrency: 'DOLLARS' },
			},
			credentials,
			credentialTypes,
		});
		expect(scope.isDone()).toBe(true);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(
			"Klaviyo rejected the request (400): 'value_currency' must be a valid ISO 4217 currency code. (at " +
				'/data/attributes/value_currency)',
		);
		expect((error as { description?: string }).description).toMatch(/names the property/);
	});
});

describe('Bulk Create Events', () => {
	it('sends 1,500 items in 2 requests of at most 1,000 events, one output item per input item', async () => {
		const input = Array.from({ length: 1500 }, (_, i) => ({ json: { email: `c${i}@example.com`, n: i } }));
		const { outputs, error } = await runNode({
			nodeType: new KlaviyoPostPurchase(),
			parameters: {
				operation: 'bulkCreateEvents',
				metric: 'Order Shipped',
				email: '={{ $json.email }}',
				properties: '={{ JSON.stringify({ n: $json.n }) }}',
			},
			input,
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1500);
		expect(outputs[0][1499].pairedItem).toEqual({ item: 1499 });
		expect(outputs[0].every((o) => typeof o.json.uniqueId === 'string')).toBe(true);
		expect(sim.calls.filter((c) => c.path === '/api/event-bulk-create-jobs')).toHaveLength(2);
		expect(sim.accepted).toHaveLength(1500);
		expectBodiesValid(sim, '/api/event-bulk-create-jobs');
	});
});

describe('Create or Update Profile', () => {
	it('creates then updates, with locale', async () => {
		const run = (firstName: string) =>
			runNode({
				nodeType: new KlaviyoPostPurchase(),
				parameters: {
					operation: 'upsertProfile',
					email: 'ana@example.com',
					profileFields: { firstName, locale: 'pt_BR' },
				},
				credentials,
				credentialTypes,
			});
		const first = await run('Ana');
		const second = await run('Ana Maria');
		expect(first.outputs[0][0].json).toMatchObject({ created: true, id: expect.any(String) });
		expect(second.outputs[0][0].json).toMatchObject({ created: false, id: first.outputs[0][0].json.id });
		expect(sim.profiles.get('ana@example.com')!.attributes).toMatchObject({ locale: 'pt-BR', first_name: 'Ana Maria' });
		expectBodiesValid(sim, '/api/profile-import');
	});
});

describe('credential', () => {
	it('authenticates with the private key and the pinned revision; the test request reaches /api/accounts', async () => {
		const type = new KlaviyoPostPurchaseApi();
		expect(type.authenticate.properties.headers).toEqual({
			Authorization: '=Klaviyo-API-Key {{$credentials.apiKey}}',
			revision: KLAVIYO_REVISION,
		});
		const res = await sim.handle(
			toSimRequest(
				'GET',
				type.test.request.url!,
				{ authorization: 'Klaviyo-API-Key pk_test', revision: KLAVIYO_REVISION },
				'',
			),
		);
		expect(res?.status).toBe(200);
	});
});
