import { createVirtualClock } from '../../helpers/virtualClock';
import {
	KLAVIYO_REVISION,
	KlaviyoApiError,
	KlaviyoClient,
	klaviyoTransport,
	buildPostPurchaseEvent,
} from '../../../nodes/lib/connectors/klaviyo';
import { createKlaviyoSim } from '../../sandbox/vendors/klaviyo';
import { simTransport } from '../carriers/simTransport';
import { shippedOrder } from './fixtures';

const BASE = 'https://sim.test/klaviyo';

describe('KlaviyoClient against the simulated Klaviyo', () => {
	it('sends the pinned revision and the private key on every call', async () => {
		const sim = createKlaviyoSim();
		const client = new KlaviyoClient(simTransport(sim), { apiKey: 'pk_test', baseUrl: BASE });
		await client.createEvent({ metric: 'Order Shipped', profile: { email: 'a@example.com' }, properties: {} });
		expect(sim.calls[0].headers.revision).toBe(KLAVIYO_REVISION);
		expect(sim.calls[0].headers.authorization).toBe('Klaviyo-API-Key pk_test');
		expect(sim.calls[0].headers['content-type']).toBe('application/vnd.api+json');
		expect(sim.accepted).toHaveLength(1);
	});

	it('a retried execution does not create a second event (unique_id)', async () => {
		const sim = createKlaviyoSim();
		const event = buildPostPurchaseEvent(shippedOrder(), { preset: 'order_shipped' });
		for (let run = 0; run < 3; run++)
			await new KlaviyoClient(simTransport(sim), { apiKey: 'pk_test', baseUrl: BASE }).createEvent(event);
		expect(sim.accepted).toHaveLength(1);
		expect(sim.duplicates).toBe(2);
		expect(sim.accepted[0].uniqueId).toBe('pp:1001:order_shipped:1Z999AA10123456784');
	});

	it("a 400 surfaces Klaviyo's detail and pointer verbatim", async () => {
		const sim = createKlaviyoSim();
		// bypass our own validation to reach Klaviyo with a bad property, as an out-of-date input would
		const transport = simTransport(sim);
		const response = await transport({
			method: 'POST',
			url: `${BASE}/api/events`,
			headers: {
				authorization: 'Klaviyo-API-Key pk_test',
				revision: KLAVIYO_REVISION,
				'content-type': 'application/vnd.api+json',
			},
			body: JSON.stringify({
				data: {
					type: 'event',
					attributes: {
						properties: {},
						metric: { data: { type: 'metric', attributes: { name: 'X' } } },
						profile: { data: { type: 'profile', attributes: { email: 'bad@' } } },
					},
				},
			}),
		});
		const error = new KlaviyoApiError(response, { method: 'POST', url: `${BASE}/api/events` });
		expect(response.status).toBe(400);
		expect(error.message).toBe(
			"Klaviyo rejected the request (400): Invalid email address: 'bad@'. (at " +
				'/data/attributes/profile/data/attributes/email)',
		);
		expect(error.hint).toMatch(/fix that field/);
	});

	it('bulk create splits at 1,000 events per request', async () => {
		const sim = createKlaviyoSim();
		const client = new KlaviyoClient(simTransport(sim), { apiKey: 'pk_test', baseUrl: BASE });
		const jobs = await client.bulkCreateEvents(
			Array.from({ length: 2500 }, (_, i) => ({
				metric: 'Order Shipped',
				profile: { email: `c${i % 700}@example.com` },
				properties: { i },
			})),
		);
		expect(jobs.map((j) => j.events)).toEqual([1000, 1000, 500]);
		expect(sim.calls.filter((c) => c.path === '/api/event-bulk-create-jobs')).toHaveLength(3);
		expect(sim.accepted).toHaveLength(2500);
	});

	it('upserts a profile with locale: 201 then 200', async () => {
		const sim = createKlaviyoSim();
		const client = new KlaviyoClient(simTransport(sim), { apiKey: 'pk_test', baseUrl: BASE });
		const first = await client.upsertProfile({ email: 'a@example.com', locale: 'fr_CA' });
		const second = await client.upsertProfile({ email: 'a@example.com', firstName: 'Ann' });
		expect(first.created).toBe(true);
		expect(second.created).toBe(false);
		expect(second.id).toBe(first.id);
		expect(sim.profiles.get('a@example.com')!.attributes).toMatchObject({ locale: 'fr-CA', first_name: 'Ann' });
	});

	it('a wrong key is a 401 with the credential named in the error', async () => {
		const client = new KlaviyoClient(simTransport(createKlaviyoSim()), { apiKey: 'nope', baseUrl: BASE });
		await expect(client.createEvent({ metric: 'X', profile: { email: 'a@example.com' } })).rejects.toMatchObject({
			status: 401,
		});
	});

	it('paces by RateLimit-* headers: 900 events at a 300/min steady limit, no 429, close to the limit', async () => {
		const clock = createVirtualClock(Date.UTC(2026, 0, 1));
		const sim = createKlaviyoSim({ now: clock.now, limits: { events: { burstPerSecond: 20, steadyPerMinute: 300 } } });
		const client = new KlaviyoClient(klaviyoTransport(simTransport(sim), { clock, random: () => 0 }), {
			apiKey: 'pk_test',
			baseUrl: BASE,
		});
		const start = clock.now();
		for (let i = 0; i < 900; i++)
			await client.createEvent({ metric: 'X', profile: { email: `p${i}@example.com` }, properties: { i } });
		const minutes = (clock.now() - start) / 60_000;
		expect(sim.throttled).toBe(0);
		expect(sim.accepted).toHaveLength(900);
		expect(900 / minutes / 300).toBeGreaterThan(0.9);
	});

	it('a 429 is retried after Retry-After and the event still arrives once', async () => {
		const clock = createVirtualClock(Date.UTC(2026, 0, 1));
		const sim = createKlaviyoSim({ now: clock.now, limits: { events: { burstPerSecond: 1, steadyPerMinute: 1000 } } });
		const raw = simTransport(sim);
		// two clients sharing one account: the second has no header knowledge yet and bursts into a 429
		const a = new KlaviyoClient(klaviyoTransport(raw, { clock, random: () => 0 }), {
			apiKey: 'pk_test',
			baseUrl: BASE,
		});
		const b = new KlaviyoClient(klaviyoTransport(raw, { clock, random: () => 0 }), {
			apiKey: 'pk_test',
			baseUrl: BASE,
		});
		await a.createEvent({ metric: 'X', profile: { email: 'a@example.com' }, properties: {} });
		await b.createEvent({ metric: 'X', profile: { email: 'b@example.com' }, properties: {} });
		expect(sim.throttled).toBe(1);
		expect(sim.accepted.map((e) => e.profile.email)).toEqual(['a@example.com', 'b@example.com']);
	});
});
