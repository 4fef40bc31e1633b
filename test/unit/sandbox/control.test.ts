/**
 * The sandbox's control API and webhook deliveries: simulated time re-projects every vendor, the truth
 * is served, failures are injected per vendor, Shopify webhooks arrive signed, some twice and some out
 * of order, and the real Shopify normaliser + engine absorb both.
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { verifyShopifyWebhook } from '../../../nodes/lib/connectors/shopify/hmac';
import { normaliseWebhook } from '../../../nodes/lib/connectors/shopify/normalise';
import { parseWebhookBody } from '../../../nodes/lib/connectors/shipstation/webhook';
import { parseWebhookEvent } from '../../../nodes/lib/connectors/threepl/events';
import { verifyShipBob } from '../../../nodes/lib/connectors/threepl/webhooks';
import { defaultPolicy } from '../../../nodes/lib/order/policy';
import { reconcile } from '../../../nodes/lib/order/reconcile';
import type { Observation } from '../../../nodes/lib/order/types';
import { DAY } from '../../sandbox/world/generate';
import { projectShopifyOrder } from '../../sandbox/world/projectShopify';
import { SANDBOX_CREDENTIALS, startWorldSandbox, type WorldSandbox } from '../../sandbox/world/worldSandbox';
import { describeSandbox, parseArgs } from '../../sandbox/server';

jest.setTimeout(60_000);

interface Received {
	headers: Record<string, string>;
	body: string;
}

async function receiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
	const received: Received[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
		received,
		close: () => new Promise((r) => server.close(() => r())),
	};
}

/** GET /truth and GET /truth/at: each order's problems and stage at an instant (and the planned webhooks). */
interface TruthAnswer {
	at?: string;
	endAt?: string;
	orders: Record<string, { must: string[]; stage: string }>;
	webhooks: { shopify: Array<{ duplicate: boolean; outOfOrder: boolean }> };
}

/** POST /webhooks/<vendor>: what one delivery run sent. */
interface DeliveryAnswer {
	sent: number;
	duplicates: number;
	outOfOrder: number;
	failures: unknown[];
}

/** The other answers these tests read: the clock, the failures fired, or an error naming the field. */
interface OtherAnswer {
	now?: string;
	fired?: unknown[];
	error?: string;
}

async function control<T = OtherAnswer>(sandbox: WorldSandbox, method: string, path: string, body?: unknown) {
	const res = await fetch(`${sandbox.baseUrl('_control')}${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as T };
}

const { apiKey, apiSecret } = SANDBOX_CREDENTIALS.shipstation;
const SHIPSTATION_AUTH = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;

describe('sandbox control API', () => {
	let sandbox: WorldSandbox;
	beforeAll(async () => {
		sandbox = await startWorldSandbox({ seed: 11, orders: 60, injectFailures: false });
	});
	afterAll(() => sandbox.close());

	it(
		'hosts every vendor on one port, ' + 'the 3PLs this brand does not use as empty accounts that still authenticate',
		async () => {
			const lines = describeSandbox(sandbox).join('\n');
			for (const v of [
				'shopify',
				'shipstation',
				'shipbob',
				'shipmonk',
				'shiphero',
				'extensiv',
				'ups',
				'fedex',
				'usps',
				'dhl',
				'klaviyo',
				'slack',
			])
				expect(lines).toContain(sandbox.baseUrl(v));
			const hero = await fetch(`${sandbox.baseUrl('shiphero')}/auth/refresh`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ refresh_token: SANDBOX_CREDENTIALS.shiphero.refreshToken }),
			});
			expect(hero.status).toBe(200);
			const basic = Buffer.from(
				`${SANDBOX_CREDENTIALS.extensiv.clientId}:${SANDBOX_CREDENTIALS.extensiv.clientSecret}`,
			).toString('base64');
			const ext = await fetch(`${sandbox.baseUrl('extensiv')}/AuthServer/api/Token`, {
				method: 'POST',
				headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
				body: JSON.stringify({ grant_type: 'client_credentials', user_login_id: '1' }),
			});
			expect(ext.status).toBe(200);
			expect(sandbox.sims.shiphero.orders).toEqual([]);
			expect(sandbox.sims.extensiv.orders).toEqual([]);
		},
	);

	it('serves the truth for the end time', async () => {
		const { status, body } = await control<TruthAnswer>(sandbox, 'GET', '/truth');
		expect(status).toBe(200);
		expect(Object.keys(body.orders)).toHaveLength(60);
		expect(body.endAt).toBe(new Date(sandbox.world.endMs).toISOString());
		expect(body.webhooks.shopify.some((d) => d.duplicate)).toBe(true);
		expect(body.webhooks.shopify.some((d) => d.outOfOrder)).toBe(true);
	});

	it('serves the truth at any instant: only the orders placed by then, must/may problems and the stage', async () => {
		const at = new Date(sandbox.world.endMs - 3 * DAY).toISOString();
		const { status, body } = await control<TruthAnswer>(sandbox, 'GET', `/truth/at?at=${encodeURIComponent(at)}`);
		expect(status).toBe(200);
		expect(body.at).toBe(at);
		expect(Object.keys(body.orders)).toHaveLength(
			sandbox.world.orders.filter((o) => o.placedAtMs <= Date.parse(at)).length,
		);
		const end = await control<TruthAnswer>(sandbox, 'GET', '/truth/at?at=end');
		for (const [key, t] of Object.entries(end.body.orders))
			expect([key, t.must, t.stage]).toEqual([
				key,
				sandbox.world.truth[key].exceptions,
				sandbox.world.truth[key].stage,
			]);
		expect((await control(sandbox, 'GET', '/truth/at?at=yesterday')).body.error).toMatch(
			/^at: "yesterday" is not a date/,
		);
	});

	it('moves simulated time and every vendor answers as of then', async () => {
		const end = sandbox.world.endMs;
		const before = await control(sandbox, 'POST', '/time', { at: new Date(end - 3 * DAY).toISOString() });
		expect(before.body.now).toBe(new Date(end - 3 * DAY).toISOString());
		const placedEarly = sandbox.world.orders.filter((o) => o.placedAtMs <= end - 3 * DAY).length;
		expect(placedEarly).toBeLessThan(60);
		const ss = sandbox.sims.shipstation.orders.length;
		const advanced = await control(sandbox, 'POST', '/time', { advance: '3d' });
		expect(advanced.body.now).toBe(new Date(end).toISOString());
		expect(sandbox.sims.shipstation.orders.length).toBeGreaterThan(ss);
		expect(sandbox.sims.shopify.orderCount).toBe(60);
		await control(sandbox, 'POST', '/time', { at: new Date(end - 3 * DAY).toISOString() });
		expect(sandbox.sims.shopify.orderCount).toBe(placedEarly);
		await control(sandbox, 'POST', '/time', { at: 'end' });
	});

	it('refuses bad input naming the field', async () => {
		expect((await control(sandbox, 'POST', '/time', { advance: 'soon' })).body.error).toMatch(
			/^advance: "soon" is not a duration/,
		);
		expect((await control(sandbox, 'POST', '/time', { at: 'tuesday' })).body.error).toMatch(
			/^at: "tuesday" is not a date/,
		);
		expect((await control(sandbox, 'POST', '/failures', { vendor: 'acme', kind: '500' })).body.error).toMatch(
			/^failure.vendor: "acme"/,
		);
		expect((await control(sandbox, 'POST', '/webhooks/shopify', {})).body.error).toMatch(/^url:/);
		expect(() => parseArgs(['--orders', 'many'])).toThrow(/--orders: "many" is not a whole number/);
		expect(parseArgs(['--seed', '42', '--orders', '500', '--port', '8787'])).toEqual({
			seed: 42,
			orders: 500,
			port: 8787,
		});
		expect(parseArgs(['--3pl', 'shipmonk', '--no-failures'])).toEqual({ threePl: 'shipmonk', injectFailures: false });
		expect(() => parseArgs(['--3pl', 'shiphero'])).toThrow(/--3pl: "shiphero" is not a 3PL the sandbox plays/);
	});

	it('injects a failure into one vendor: a 429 with its rate-limit headers, then the normal answer', async () => {
		expect((await control(sandbox, 'POST', '/failures', { vendor: 'shipstation', kind: '429', times: 1 })).status).toBe(
			200,
		);
		const auth = SHIPSTATION_AUTH;
		const first = await fetch(`${sandbox.baseUrl('shipstation')}/orders`, { headers: { authorization: auth } });
		expect(first.status).toBe(429);
		expect(first.headers.get('x-rate-limit-reset')).toBe('1');
		const second = await fetch(`${sandbox.baseUrl('shipstation')}/orders`, { headers: { authorization: auth } });
		expect(second.status).toBe(200);
		expect((await control(sandbox, 'GET', '/failures')).body.fired).toEqual([
			{ vendor: 'shipstation', kind: '429', path: '/orders' },
		]);
	});

	it(
		'delivers signed Shopify webhooks, some twice and some out of order, which dedup and reconcile to the newest ' +
			'state',
		async () => {
			const hook = await receiver();
			try {
				const { body } = await control<DeliveryAnswer>(sandbox, 'POST', '/webhooks/shopify', { url: hook.url });
				expect(body.failures).toEqual([]);
				expect(body.duplicates).toBeGreaterThan(0);
				expect(body.outOfOrder).toBeGreaterThan(0);
				expect(hook.received).toHaveLength(body.sent);
				const byOrder = new Map<string, Observation[]>();
				const eventIds = hook.received.map((r) => r.headers['x-shopify-event-id']);
				expect(new Set(eventIds).size).toBe(body.sent - body.duplicates);
				for (const r of hook.received) {
					expect(verifyShopifyWebhook(r.body, r.headers, SANDBOX_CREDENTIALS.shopify.webhookSecret)).toEqual({
						valid: true,
					});
					const { observations } = normaliseWebhook(r.headers['x-shopify-topic'], JSON.parse(r.body), {
						receivedAt: r.headers['x-shopify-triggered-at'],
						eventId: r.headers['x-shopify-event-id'],
					});
					for (const o of observations) byOrder.set(o.orderKey, [...(byOrder.get(o.orderKey) ?? []), o]);
				}
				expect(
					verifyShopifyWebhook(
						hook.received[0].body + ' ',
						hook.received[0].headers,
						SANDBOX_CREDENTIALS.shopify.webhookSecret,
					).valid,
				).toBe(false);
				const now = new Date(sandbox.world.endMs).toISOString();
				for (const order of sandbox.world.orders) {
					const observations = byOrder.get(order.key) ?? [];
					expect(observations.length).toBeGreaterThan(0);
					const deduped = [...new Map(observations.map((o) => [o.key, o])).values()].reverse();
					const a = reconcile(null, observations, defaultPolicy(), now).record;
					const b = reconcile(null, deduped, defaultPolicy(), now).record;
					expect(b).toEqual(a);
					expect(a.sourceStatus.shopify?.fulfillmentStatus).toBe(
						projectShopifyOrder(order, sandbox.world.endMs).displayFulfillmentStatus,
					);
				}
			} finally {
				await hook.close();
			}
		},
	);

	it("delivers ShipStation SHIP_NOTIFY whose resource_url lists that order's labels", async () => {
		const hook = await receiver();
		try {
			const { body } = await control<DeliveryAnswer>(sandbox, 'POST', '/webhooks/shipstation', { url: hook.url });
			expect(body.failures).toEqual([]);
			expect(body.sent).toBeGreaterThan(10);
			const first = parseWebhookBody(JSON.parse(hook.received[0].body));
			expect(first.resourceType).toBe('SHIP_NOTIFY');
			const auth = SHIPSTATION_AUTH;
			const listed = (await (await fetch(first.resourceUrl, { headers: { authorization: auth } })).json()) as {
				shipments: Array<{ orderNumber: string }>;
			};
			expect(listed.shipments.length).toBeGreaterThan(0);
			expect(new Set(listed.shipments.map((s) => s.orderNumber)).size).toBe(1);
		} finally {
			await hook.close();
		}
	});

	it('delivers ShipBob order topics signed as Standard Webhooks, naming the order', async () => {
		const hook = await receiver();
		try {
			const { body } = await control<DeliveryAnswer>(sandbox, 'POST', '/webhooks/shipbob', { url: hook.url });
			expect(body.failures).toEqual([]);
			expect(body.sent).toBeGreaterThan(3);
			const topics = new Set<string>();
			for (const r of hook.received) {
				expect(
					verifyShipBob(Buffer.from(r.body), r.headers, SANDBOX_CREDENTIALS.shipbob.webhookSecret, Date.now()),
				).toEqual({ ok: true });
				const event = parseWebhookEvent('shipbob', JSON.parse(r.body), r.headers, new Date().toISOString());
				topics.add(event.topic);
				const order = sandbox.world.orders.find((o) => o.key === event.orderKey);
				expect(order?.fulfiller).toBe('shipbob');
			}
			expect(topics.has('order.shipped')).toBe(true);
			expect(
				verifyShipBob(
					Buffer.from(hook.received[0].body + ' '),
					hook.received[0].headers,
					SANDBOX_CREDENTIALS.shipbob.webhookSecret,
					Date.now(),
				).ok,
			).toBe(false);
		} finally {
			await hook.close();
		}
	});
});
