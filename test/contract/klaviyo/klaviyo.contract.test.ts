/**
 * Every Klaviyo request body we build and every answer the sim gives, validated against Klaviyo's
 * published OpenAPI (events.json / profiles.json, revision pinned in nodes/lib/connectors/klaviyo).
 */
import { describeIfSpec, loadOpenApi, validateAgainstOpenApi } from '../../helpers/specs';
import {
	KLAVIYO_REVISION,
	buildBulkCreateBody,
	buildCreateEventBody,
	buildPostPurchaseEvent,
	buildProfileUpsertBody,
	POST_PURCHASE_PRESET_KEYS,
} from '../../../nodes/lib/connectors/klaviyo';
import { createKlaviyoSim } from '../../sandbox/vendors/klaviyo';
import { toSimRequest } from '../../sandbox/http';
import { shippedOrder } from '../../unit/klaviyo/fixtures';

function expectValid(result: { valid: boolean; errors: string[] }) {
	expect(result.errors).toEqual([]);
	expect(result.valid).toBe(true);
}
const headers = {
	authorization: 'Klaviyo-API-Key pk_test',
	revision: KLAVIYO_REVISION,
	'content-type': 'application/vnd.api+json',
};

describeIfSpec('klaviyo/stable/categories/events.json')('Klaviyo events contract', () => {
	const events = () => loadOpenApi('klaviyo/stable/categories/events.json');

	it('the pinned revision is the revision of the spec we validate against', () => {
		expect(events().info?.version).toBe(KLAVIYO_REVISION);
		const revision = events().paths['/api/events'].post?.parameters?.find((p) => p.name === 'revision');
		expect(revision?.schema?.default).toBe(KLAVIYO_REVISION);
	});

	it('a full Create Event body (all optional fields) validates', () => {
		const body = buildCreateEventBody({
			metric: 'Order Shipped',
			profile: {
				email: 'a@example.com',
				phoneNumber: '+15005550006',
				externalId: 'c1',
				firstName: 'A',
				lastName: 'B',
				locale: 'en-US',
			},
			properties: { x: 1 },
			value: 12.5,
			valueCurrency: 'USD',
			time: '2026-11-20T10:00:00+01:00',
			uniqueId: 'u1',
		});
		expectValid(validateAgainstOpenApi(events(), { path: '/api/events', method: 'POST', kind: 'request' }, body));
	});

	it.each(POST_PURCHASE_PRESET_KEYS)('the %s post-purchase event validates', (preset) => {
		// Request Decided carries a request (the Customer Requests item); the other moments ignore it.
		const request = {
			requestId: 'Rq1',
			kind: 'cancel',
			outcome: 'approved',
			decidedAt: '2026-11-20T10:00:00.000Z',
			reasons: [],
		};
		const body = buildCreateEventBody(buildPostPurchaseEvent(shippedOrder(), { preset, request }));
		expectValid(validateAgainstOpenApi(events(), { path: '/api/events', method: 'POST', kind: 'request' }, body));
	});

	it('a bulk body of 1,000 events over many profiles validates', () => {
		const body = buildBulkCreateBody(
			Array.from({ length: 1000 }, (_, i) => ({
				metric: 'Order Shipped',
				profile: { email: `c${i % 97}@example.com`, locale: 'de-DE' },
				properties: { i },
				time: '2026-11-20T10:00:00Z',
			})),
		);
		expectValid(
			validateAgainstOpenApi(events(), { path: '/api/event-bulk-create-jobs', method: 'POST', kind: 'request' }, body),
		);
	});

	it('the validator catches a wrong shape (not a rubber stamp)', () => {
		const valid = buildCreateEventBody({ metric: 'X', profile: { email: 'a@example.com' }, properties: {} });
		const attributes: Partial<typeof valid.data.attributes> = { ...valid.data.attributes };
		delete attributes.metric;
		const body = { ...valid, data: { ...valid.data, attributes } };
		expect(validateAgainstOpenApi(events(), { path: '/api/events', method: 'POST', kind: 'request' }, body).valid).toBe(
			false,
		);
	});

	it.each([
		[
			'400 invalid property',
			{
				data: {
					type: 'event',
					attributes: {
						properties: {},
						metric: { data: { type: 'metric', attributes: { name: 'X' } } },
						profile: { data: { type: 'profile', attributes: { email: 'bad@' } } },
					},
				},
			},
			400,
		],
		['401 wrong key', {}, 401],
	] as const)('the sim error body (%s) is a documented ClientError', async (_name, body, status) => {
		const sim = createKlaviyoSim();
		const res = await sim.handle(
			toSimRequest(
				'POST',
				'/api/events',
				status === 401 ? { ...headers, authorization: 'Klaviyo-API-Key wrong' } : headers,
				JSON.stringify(body),
			),
		);
		expect(res?.status).toBe(status);
		expectValid(
			validateAgainstOpenApi(events(), { path: '/api/events', method: 'POST', kind: 'response', status }, res!.body),
		);
	});

	it('the sim 429 is a documented ClientError with Retry-After', async () => {
		const sim = createKlaviyoSim({ limits: { events: { burstPerSecond: 1, steadyPerMinute: 10 } }, now: () => 0 });
		const body = JSON.stringify(
			buildCreateEventBody({ metric: 'X', profile: { email: 'a@example.com' }, properties: {} }),
		);
		await sim.handle(toSimRequest('POST', '/api/events', headers, body));
		const res = await sim.handle(toSimRequest('POST', '/api/events', headers, body));
		expect(res?.status).toBe(429);
		expect(res?.headers?.['retry-after']).toBe('1');
		expectValid(
			validateAgainstOpenApi(
				events(),
				{ path: '/api/events', method: 'POST', kind: 'response', status: 429 },
				res!.body,
			),
		);
	});
});

describeIfSpec('klaviyo/stable/categories/profiles.json')('Klaviyo profiles contract', () => {
	const profiles = () => loadOpenApi('klaviyo/stable/categories/profiles.json');

	it('the Create or Update Profile body (with locale) validates', () => {
		const body = buildProfileUpsertBody({
			email: 'a@example.com',
			phoneNumber: '+15005550006',
			externalId: 'c1',
			firstName: 'A',
			lastName: 'B',
			locale: 'fr_CA',
			properties: { VIP: true },
		});
		expectValid(
			validateAgainstOpenApi(profiles(), { path: '/api/profile-import', method: 'POST', kind: 'request' }, body),
		);
	});

	it('the sim 201/200 answers are documented PostProfileResponses', async () => {
		const sim = createKlaviyoSim();
		const body = JSON.stringify(buildProfileUpsertBody({ email: 'a@example.com', locale: 'fr-CA' }));
		const created = await sim.handle(toSimRequest('POST', '/api/profile-import', headers, body));
		const updated = await sim.handle(toSimRequest('POST', '/api/profile-import', headers, body));
		expect([created?.status, updated?.status]).toEqual([201, 200]);
		expectValid(
			validateAgainstOpenApi(
				profiles(),
				{ path: '/api/profile-import', method: 'POST', kind: 'response', status: 201 },
				created!.body,
			),
		);
		expectValid(
			validateAgainstOpenApi(
				profiles(),
				{ path: '/api/profile-import', method: 'POST', kind: 'response', status: 200 },
				updated!.body,
			),
		);
	});
});

describeIfSpec('klaviyo/stable.json')('Klaviyo accounts (credential test) contract', () => {
	it('the sim answer to GET /api/accounts is a documented collection', async () => {
		const res = await createKlaviyoSim().handle(toSimRequest('GET', '/api/accounts', headers, ''));
		expectValid(
			validateAgainstOpenApi(
				loadOpenApi('klaviyo/stable.json'),
				{ path: '/api/accounts', method: 'GET', kind: 'response', status: 200 },
				res!.body,
			),
		);
	});
});
