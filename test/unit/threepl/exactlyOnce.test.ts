/**
 * Warehouse writes exactly once when the 3PL acts but its answer is lost: the simulator cancels the
 * order (changes its address, subscribes the webhook), then the transport loses the answer; the client reads
 * back.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { OutcomeUnknownError } from '../../../nodes/lib/http/outcome';
import type { Transport } from '../../../nodes/lib/http/types';
import { ExtensivClient } from '../../../nodes/lib/connectors/extensiv/client';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import { ShipHeroClient } from '../../../nodes/lib/connectors/shiphero/client';
import { ShipMonkClient } from '../../../nodes/lib/connectors/shipmonk/client';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ExtensivSim } from '../../sandbox/vendors/extensiv';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';
import { ShipHeroSim } from '../../sandbox/vendors/shiphero';
import { ShipMonkSim } from '../../sandbox/vendors/shipmonk';
import { acceptThenFail, AMBIGUOUS_MODES, callTo, graphqlOperation, type AmbiguousMode } from '../../helpers/ambiguous';
import { sharedSpecPath } from '../../helpers/specs';
import { createVirtualClock } from '../../helpers/virtualClock';

/** Each lost-answer mode, with the answer lost once and on every send (up to 6). */
const MODES_AND_TIMES = AMBIGUOUS_MODES.flatMap((m) => [1, 6].map((n) => [m, n] as const));

const NEW_ADDRESS = {
	name: 'Ann Lee',
	address1: '1 New St',
	city: 'Chicago',
	provinceCode: 'IL',
	zip: '60607',
	countryCode: 'US',
};

describe('ShipBob writes under lost answers', () => {
	const clock = createVirtualClock(Date.parse('2026-01-07T00:00:00Z'));
	let sandbox: RunningSandbox;
	let sim: ShipBobSim;
	beforeEach(async () => {
		sim = new ShipBobSim({ orders: 40, now: clock.now });
		sandbox = await startSandbox([sim]);
	});
	afterEach(() => sandbox.close());

	function client(mode: AmbiguousMode, match: RegExp) {
		const flaky = acceptThenFail(createFetchTransport(), {
			match: (r) => r.method === 'POST' && match.test(new URL(r.url).pathname),
			mode,
			times: 5,
		});
		const c = new ShipBobClient({
			transport: flaky,
			baseUrl: sandbox.baseUrl('shipbob'),
			headers: { authorization: 'Bearer sb-pat-test' },
			clock,
			retry: { random: () => 0.5 },
		});
		return { c, flaky };
	}
	const accepted = (match: RegExp) =>
		sim.kit.requests.filter((r) => r.method === 'POST' && match.test(r.path) && r.status < 300).length;

	it.each(AMBIGUOUS_MODES)(
		'cancel, %s after ShipBob cancelled: one cancel, the cancelled order adopted',
		async (mode) => {
			const { c, flaky } = client(mode, /:cancel$/);
			const result = await c.cancel('1009');
			expect(result).toMatchObject({ cancelled: true, rawResult: 'Success' });
			expect(result.snapshot?.fulfillment.status).toBe('cancelled');
			expect(accepted(/:cancel$/)).toBe(1);
			expect(flaky.injected).toBe(1);
		},
	);

	it.each(AMBIGUOUS_MODES)('webhook create, %s after ShipBob subscribed: one subscription, adopted', async (mode) => {
		const { c } = client(mode, /\/webhook$/);
		const url = 'https://n8n.example.com/webhook/3pl';
		const hook = await c.createWebhook(url, ['order.shipped'], 'our-secret');
		const all = await c.listWebhooks();
		expect(all.filter((w) => w.url === url)).toHaveLength(1);
		expect(hook).toMatchObject({ id: all[0].id, secret: 'our-secret' });
		expect(accepted(/\/webhook$/)).toBe(1);
	});

	it.each(MODES_AND_TIMES)(
		'updateAddress, %s on up to %i sends after ShipBob changed it: one PUT, the address adopted',
		async (mode, times) => {
			const flaky = acceptThenFail(createFetchTransport(), {
				match: (r) => r.method === 'PUT' && /:updateAddress$/.test(new URL(r.url).pathname),
				mode,
				times,
			});
			const c = new ShipBobClient({
				transport: flaky,
				baseUrl: sandbox.baseUrl('shipbob'),
				headers: { authorization: 'Bearer sb-pat-test' },
				clock,
				retry: { random: () => 0.5 },
			});
			const fixed = await c.updateShippingAddress('1001', NEW_ADDRESS);
			const puts = sim.kit.requests.filter((r) => r.method === 'PUT');
			expect(puts).toHaveLength(1);
			expect(flaky.injected).toBe(1);
			expect(fixed.fulfillment.shippingAddress).toMatchObject({ address1: '1 New St', city: 'Chicago' });
		},
	);
});

/** The sandbox's own token endpoints, as in the 3PL client tests. */
async function tokenFrom(url: string, init: RequestInit): Promise<string> {
	return ((await (await fetch(url, init)).json()) as { access_token: string }).access_token;
}

const HAS_SHIPHERO_SCHEMA = !!sharedSpecPath('shiphero/shiphero_schema.json');

(HAS_SHIPHERO_SCHEMA ? describe : describe.skip)('ShipHero writes under lost answers', () => {
	const clock = createVirtualClock(Date.parse('2026-01-07T00:00:00Z'));
	let sandbox: RunningSandbox;
	let sim: ShipHeroSim;
	let token: string;
	beforeEach(async () => {
		sim = new ShipHeroSim({ orders: 16, now: clock.now });
		sandbox = await startSandbox([sim]);
		token = await tokenFrom(`${sandbox.baseUrl('shiphero')}/auth/refresh`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ refresh_token: 'sh-refresh-test' }),
		});
	});
	afterEach(() => sandbox.close());

	function client(transport: Transport = createFetchTransport()) {
		return new ShipHeroClient({
			transport,
			baseUrl: sandbox.baseUrl('shiphero'),
			headers: { authorization: `Bearer ${token}` },
			clock,
			retry: { random: () => 0.5 },
		});
	}
	function lossy(fragment: string, mode: AmbiguousMode, times: number) {
		return acceptThenFail(createFetchTransport(), { match: graphqlOperation(fragment), mode, times });
	}
	/** Mutations ShipHero received and ran (the sim answers 200 to each; the transport may lose it). */
	const ran = (field: string) =>
		sim.kit.requests.filter((r) => r.status === 200 && JSON.stringify(r.json ?? '').includes(`${field}(`)).length;

	it.each(MODES_AND_TIMES)(
		'order_cancel, %s on up to %i sends: one cancel, the cancelled order adopted',
		async (mode, times) => {
			const flaky = lossy('order_cancel(', mode, times);
			const result = await client(flaky).cancel('1001');
			const held = sim.orders.find((o) => o.order_number === '#1001')!;
			expect(held.fulfillment_status).toBe('canceled');
			expect(ran('order_cancel')).toBe(1);
			expect(result).toMatchObject({ cancelled: true, externalId: held.id, rawResult: held.fulfillment_status });
			expect(result.snapshot?.fulfillment.status).toBe('cancelled');
			expect(flaky.injected).toBe(1);
		},
	);

	it.each(AMBIGUOUS_MODES.flatMap((m) => [1, 2].map((n) => [m, n] as const)))(
		'webhook_create, %s on %i sends: the webhook whose secret was lost is replaced; one remains, its secret known',
		async (mode, times) => {
			const flaky = lossy('webhook_create(', mode, times);
			const hook = await client(flaky).createWebhook('Shipment Update', 'https://n8n.example.com/webhook/sh');
			expect(sim.webhooks).toHaveLength(1);
			expect(hook).toEqual({ id: sim.webhooks[0].id, secret: sim.webhooks[0].shared_signature_secret });
			// Each lost create was found and deleted before the next send: nothing left whose secret we never saw.
			expect(ran('webhook_create')).toBe(times + 1);
			expect(ran('webhook_delete')).toBe(times);
			expect(flaky.injected).toBe(times);
		},
	);

	it.each(AMBIGUOUS_MODES)(
		'webhook_create, %s on every send: reported as unknown, and no webhook with an unseen secret is left',
		async (mode) => {
			const flaky = lossy('webhook_create(', mode, 6);
			await expect(
				client(flaky).createWebhook('Shipment Update', 'https://n8n.example.com/webhook/sh'),
			).rejects.toBeInstanceOf(OutcomeUnknownError);
			expect(sim.webhooks).toHaveLength(0);
			expect(ran('webhook_create')).toBe(3);
			expect(ran('webhook_delete')).toBe(3);
		},
	);

	it.each(MODES_AND_TIMES)(
		'order_update of the address, %s on up to %i sends: one update, the address adopted',
		async (mode, times) => {
			const flaky = lossy('order_update(', mode, times);
			const fixed = await client(flaky).updateShippingAddress('1001', NEW_ADDRESS);
			expect(ran('order_update')).toBe(1);
			expect(flaky.injected).toBe(1);
			expect(fixed.fulfillment.shippingAddress).toMatchObject({ address1: '1 New St', name: 'Ann Lee' });
		},
	);

	it.each(MODES_AND_TIMES)('webhook_delete, %s on up to %i sends: one delete, found gone', async (mode, times) => {
		await client().createWebhook('Shipment Update', 'https://n8n.example.com/webhook/sh');
		await client().createWebhook('Order Canceled', 'https://n8n.example.com/webhook/sh');
		const flaky = lossy('webhook_delete(', mode, times);
		await client(flaky).deleteWebhook('Shipment Update');
		expect(sim.webhooks.map((w) => w.name)).toEqual(['Order Canceled']);
		expect(ran('webhook_delete')).toBe(1);
		expect(flaky.injected).toBe(1);
	});
});

describe('ShipMonk address change under lost answers', () => {
	const clock = createVirtualClock(Date.parse('2026-01-07T00:00:00Z'));
	let sandbox: RunningSandbox;
	let sim: ShipMonkSim;
	beforeEach(async () => {
		sim = new ShipMonkSim({ orders: 8, now: clock.now });
		sandbox = await startSandbox([sim]);
	});
	afterEach(() => sandbox.close());

	it.each(MODES_AND_TIMES)(
		'upsert, %s on up to %i sends after ShipMonk changed it: one upsert, the address adopted',
		async (mode, times) => {
			const flaky = acceptThenFail(createFetchTransport(), {
				match: callTo('POST', '/v1/integrations/order'),
				mode,
				times,
			});
			const c = new ShipMonkClient({
				transport: flaky,
				baseUrl: sandbox.baseUrl('shipmonk'),
				headers: { 'api-key': 'sm-key-test' },
				clock,
				retry: { random: () => 0.5 },
			});
			const fixed = await c.updateShippingAddress('1001', NEW_ADDRESS);
			expect(sim.kit.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
			expect(flaky.injected).toBe(1);
			expect(fixed.fulfillment.shippingAddress).toMatchObject({ address1: '1 New St', city: 'Chicago' });
		},
	);
});

describe('Extensiv cancel under lost answers', () => {
	const clock = createVirtualClock(Date.parse('2026-01-07T00:00:00Z'));
	let sandbox: RunningSandbox;
	let sim: ExtensivSim;
	let token: string;
	beforeEach(async () => {
		sim = new ExtensivSim({ orders: 12, now: clock.now });
		sandbox = await startSandbox([sim]);
		token = await tokenFrom(`${sandbox.baseUrl('extensiv')}/AuthServer/api/Token`, {
			method: 'POST',
			headers: {
				authorization: 'Basic ' + Buffer.from('ext-client:ext-secret').toString('base64'),
				'content-type': 'application/json',
			},
			body: JSON.stringify({ grant_type: 'client_credentials' }),
		});
	});
	afterEach(() => sandbox.close());

	const cancelers = () => sim.kit.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/canceler'));

	it.each(MODES_AND_TIMES)(
		'canceler, %s on up to %i sends: one cancel, the cancelled order adopted (no 412 from a resend)',
		async (mode, times) => {
			const flaky = acceptThenFail(createFetchTransport(), { match: callTo('POST', '/canceler'), mode, times });
			const c = new ExtensivClient({
				transport: flaky,
				baseUrl: sandbox.baseUrl('extensiv'),
				headers: { authorization: `Bearer ${token}` },
				clock,
				retry: { random: () => 0.5 },
			});
			const result = await c.cancel('1003');
			expect(cancelers()).toHaveLength(1);
			expect(cancelers()[0].status).toBe(200);
			expect(result).toMatchObject({ cancelled: true });
			expect(result.snapshot?.fulfillment.status).toBe('cancelled');
			const now = await new ExtensivClient({
				transport: createFetchTransport(),
				baseUrl: sandbox.baseUrl('extensiv'),
				headers: { authorization: `Bearer ${token}` },
			}).getOrderStatus('1003');
			// What Extensiv holds now, read afresh, is what was adopted.
			expect(result.snapshot?.fulfillment).toEqual(now.fulfillment);
			expect(flaky.injected).toBe(1);
		},
	);
});
