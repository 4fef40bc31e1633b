/**
 * The Shopify client against the simulated Admin API over real HTTP: auth modes, pacing from
 * throttleStatus, THROTTLED retries, 401 handling, operations with read-back, bulk export.
 */
import { createFetchTransport, HttpError } from '../../../nodes/lib/http';
import {
	addTags,
	addTracking,
	assembleBulkRecords,
	cancelOrder,
	fetchStream,
	getOrder,
	holdFulfillmentOrder,
	listOrders,
	readLines,
	releaseFulfillmentOrderHold,
	setOrderNote,
	ShopifyClient,
	ShopifyUserErrors,
	startBulkOrdersExport,
	updateShippingAddress,
	waitForBulkOperation,
	type GqlOrder,
} from '../../../nodes/lib/connectors/shopify';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShopifySim } from '../../sandbox/vendors/shopify';
import { createVirtualClock } from '../../helpers/virtualClock';

let sandbox: RunningSandbox;
let sim: ShopifySim;

function client(overrides: Partial<ConstructorParameters<typeof ShopifyClient>[0]> = {}): ShopifyClient {
	return new ShopifyClient({
		shopDomain: sim.shopDomain,
		auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
		transport: createFetchTransport(),
		baseUrl: sandbox.baseUrl('shopify'),
		random: () => 0,
		...overrides,
	});
}

beforeEach(async () => {
	sim = new ShopifySim({ seed: 7, orders: 30, clientCredentials: { clientId: 'cid', clientSecret: 'csecret' } });
	sandbox = await startSandbox([sim]);
});
afterEach(async () => sandbox.close());

describe('reading orders', () => {
	it('gets one order by name with everything Order State needs', async () => {
		const order = await getOrder(client(), { by: 'name', value: '#1005' });
		expect(order.name).toBe('#1005');
		expect(order.lineItems!.nodes.length).toBeGreaterThan(0);
		expect(order.fulfillmentOrders!.nodes[0].assignedLocation!.name).toBe('Main warehouse');
		expect(typeof order.displayFulfillmentStatus).toBe('string');
		expect(sim.calls[0].operationName).toBe('FindOrderByName');
		expect(sim.calls[0].requestedQueryCost).toBeLessThanOrEqual(1000);
	});

	it('pages through a window with cursors and stops at the end', async () => {
		const c = client();
		const seen: GqlOrder[] = [];
		for await (const page of listOrders(c, { pageSize: 7 })) seen.push(...page);
		expect(seen).toHaveLength(30);
		expect(new Set(seen.map((o) => o.id)).size).toBe(30);
		expect(sim.calls.filter((x) => x.operationName === 'ListOrders')).toHaveLength(5);
		const sorted = [...seen].sort((a, b) => (a.updatedAt! < b.updatedAt! ? -1 : 1));
		expect(seen.map((o) => o.id)).toEqual(sorted.map((o) => o.id));
	});

	it('filters by updated_at window', async () => {
		const all: GqlOrder[] = [];
		for await (const page of listOrders(client())) all.push(...page);
		const min = all[10].updatedAt!;
		const max = all[19].updatedAt!;
		const windowed: GqlOrder[] = [];
		for await (const page of listOrders(client(), { updatedAtMin: min, updatedAtMax: max })) windowed.push(...page);
		expect(windowed.map((o) => o.name)).toEqual(all.slice(10, 20).map((o) => o.name));
	});
});

describe('pacing and THROTTLED', () => {
	it('paces from throttleStatus so a tight bucket is never THROTTLED', async () => {
		const clock = createVirtualClock(Date.parse('2025-06-01T00:00:00Z'));
		sim = new ShopifySim({ seed: 1, orders: 600, bucketSize: 300, restoreRate: 50, clock });
		await sandbox.close();
		sandbox = await startSandbox([sim]);
		const c = client({ clock, bucket: { capacity: 300, restorePerSecond: 50 } });
		let n = 0;
		for await (const page of listOrders(c, { pageSize: 50 })) n += page.length;
		expect(n).toBe(600);
		expect(sim.calls.filter((x) => x.throttled)).toHaveLength(0);
		expect(c.stats.pacedMs).toBeGreaterThan(0);
	});

	it('on THROTTLED waits what the bucket says and retries', async () => {
		const clock = createVirtualClock(Date.parse('2025-06-01T00:00:00Z'));
		sim = new ShopifySim({ seed: 1, orders: 300, bucketSize: 1000, restoreRate: 50, clock });
		await sandbox.close();
		sandbox = await startSandbox([sim]);
		// Another app has just emptied the shared bucket; the client still believes it is full.
		sim.consume(1000);
		const c = client({ clock });
		let n = 0;
		for await (const page of listOrders(c, { pageSize: 250 })) n += page.length;
		expect(n).toBe(300);
		expect(c.stats.throttled).toBeGreaterThan(0);
		expect(sim.calls.filter((x) => x.throttled).length).toBe(c.stats.throttled);
		// It waited for the bucket to refill rather than hammering: one THROTTLED, then success.
		expect(c.stats.throttled).toBe(1);
	});

	it('retries a 503 and then succeeds', async () => {
		sim.failNextRequests(2, 503);
		const c = client({ clock: createVirtualClock() });
		const order = await getOrder(c, { by: 'name', value: '1002' });
		expect(order.name).toBe('#1002');
		// The 503 retried, then the name search (ids only) and the order read by id.
		expect(c.stats.calls).toBe(4);
	});
});

describe('authentication', () => {
	it('a revoked access token is a 401 HttpError with an actionable hint', async () => {
		sim.revokeAccessToken('shpat_sandbox_token');
		const error = await getOrder(client(), { by: 'name', value: '1001' }).catch((e) => e);
		expect(error).toBeInstanceOf(HttpError);
		expect(error.status).toBe(401);
		expect(error.hint).toMatch(/no longer accepts this access token/);
	});

	it('client credentials: one token exchange per execution, refreshed after a 401', async () => {
		const c = client({ auth: { mode: 'clientCredentials', clientId: 'cid', clientSecret: 'csecret' } });
		await getOrder(c, { by: 'name', value: '1001' });
		await getOrder(c, { by: 'name', value: '1002' });
		expect(sim.tokenRequests).toHaveLength(1);
		sim.expireIssuedTokens();
		await getOrder(c, { by: 'name', value: '1003' });
		expect(sim.tokenRequests).toHaveLength(2);
	});

	it('client credentials: refreshed when the token expires', async () => {
		const clock = createVirtualClock(Date.now());
		sim = new ShopifySim({
			orders: 5,
			clientCredentials: { clientId: 'cid', clientSecret: 'csecret', expiresInS: 3600 },
			clock,
		});
		await sandbox.close();
		sandbox = await startSandbox([sim]);
		const c = client({ clock, auth: { mode: 'clientCredentials', clientId: 'cid', clientSecret: 'csecret' } });
		await getOrder(c, { by: 'name', value: '1001' });
		clock.advance(3600_000);
		await getOrder(c, { by: 'name', value: '1001' });
		expect(sim.tokenRequests).toHaveLength(2);
	});

	it('wrong client secret is a clear error', async () => {
		const c = client({ auth: { mode: 'clientCredentials', clientId: 'cid', clientSecret: 'nope' } });
		const error = await getOrder(c, { by: 'name', value: '1001' }).catch((e) => e);
		expect(error).toBeInstanceOf(HttpError);
		expect(error.message).toMatch(/refused the client credentials/);
	});

	it('refuses a shop domain that is not *.myshopify.com', () => {
		expect(() => client({ shopDomain: 'www.example.com' })).toThrow(/not a \*\.myshopify\.com shop domain/);
	});
});

describe('mutations read back', () => {
	const openOrder = () => [...sim.allOrders()].find((o) => o.fulfillmentOrders[0].status === 'OPEN')!;

	it('updates the shipping address and confirms it', async () => {
		const o = openOrder();
		const result = await updateShippingAddress(
			client(),
			{ by: 'name', value: o.name },
			{
				address1: '1 New Road',
				city: 'Austin',
				provinceCode: 'TX',
				zip: '78702',
				countryCode: 'us',
				firstName: 'Ada',
				lastName: 'Lovelace',
			},
		);
		expect(result.confirmed).toBe(true);
		expect(result.readBack.shippingAddress!.address1).toBe('1 New Road');
		expect(sim.findOrder(o.id)!.shippingAddress.zip).toBe('78702');
	});

	it('surfaces userErrors naming the field', async () => {
		const o = openOrder();
		const error = await updateShippingAddress(
			client(),
			{ by: 'name', value: o.name },
			{ address1: '1 Road', zip: 'ABCDE', countryCode: 'US' },
		).catch((e) => e);
		expect(error).toBeInstanceOf(ShopifyUserErrors);
		expect(error.field).toBe('shippingAddress.zip');
		expect(error.message).toMatch(/Zip is invalid/);
	});

	it('adds tags and a note', async () => {
		const o = openOrder();
		expect((await addTags(client(), { by: 'name', value: o.name }, 'needs-review, vip')).readBack.tags).toEqual(
			expect.arrayContaining(['needs-review', 'vip']),
		);
		expect((await setOrderNote(client(), { by: 'name', value: o.name }, 'Call before delivery')).readBack.note).toBe(
			'Call before delivery',
		);
	});

	it('holds and releases a fulfillment order', async () => {
		const o = openOrder();
		const fo = o.fulfillmentOrders[0].id;
		const held = await holdFulfillmentOrder(client(), fo, 'INCORRECT_ADDRESS', 'Street missing');
		expect(held.readBack.status).toBe('ON_HOLD');
		// A second hold without its own handle is refused the way 2025-01 Shopify refuses it.
		const again = await holdFulfillmentOrder(client(), fo, 'OTHER').catch((e) => e);
		expect(again).toBeInstanceOf(ShopifyUserErrors);
		expect(again.field).toBe('fulfillmentHold.handle');
		const released = await releaseFulfillmentOrderHold(client(), fo);
		expect(released.readBack.status).toBe('OPEN');
	});

	it('adds tracking by fulfilling a fulfillment order, then updates it on the fulfillment', async () => {
		const o = openOrder();
		const created = await addTracking(
			client(),
			{ by: 'name', value: o.name },
			{ fulfillmentOrderId: o.fulfillmentOrders[0].id },
			{ number: 'TRK1', company: 'UPS' },
		);
		expect(created.confirmed).toBe(true);
		const updated = await addTracking(
			client(),
			{ by: 'name', value: o.name },
			{ fulfillmentId: created.fulfillmentId },
			{ number: 'TRK2', company: 'UPS', url: 'https://www.ups.com/track?tracknum=TRK2' },
		);
		expect(updated.readBack.fulfillments!.find((f) => f.id === created.fulfillmentId)!.trackingInfo[0].number).toBe(
			'TRK2',
		);
	});

	it('cancels an order and confirms cancelledAt; a second cancel is a userError', async () => {
		const o = openOrder();
		const clock = createVirtualClock();
		const result = await cancelOrder(
			client(),
			{ by: 'name', value: o.name },
			{ reason: 'CUSTOMER', refund: true, restock: true },
			clock,
		);
		expect(result.confirmed).toBe(true);
		expect(result.readBack.cancelledAt).toBeTruthy();
		const again = await cancelOrder(
			client(),
			{ by: 'name', value: o.name },
			{ reason: 'CUSTOMER', refund: true, restock: true },
			clock,
		).catch((e) => e);
		expect(again).toBeInstanceOf(ShopifyUserErrors);
		expect(again.field).toBe('orderId');
	});
});

describe('bulk export', () => {
	it('runs, polls and streams the JSONL back into nested orders', async () => {
		const c = client();
		const clock = createVirtualClock();
		const op = await startBulkOrdersExport(c);
		const done = await waitForBulkOperation(c, op.id, { clock });
		expect(done.status).toBe('COMPLETED');
		const stats = { lines: 0, roots: 0, detached: 0 };
		const orders: GqlOrder[] = [];
		for await (const o of assembleBulkRecords<GqlOrder>(readLines(await fetchStream(done.url!)), stats)) orders.push(o);
		expect(orders).toHaveLength(30);
		expect(stats.detached).toBe(0);
		const first = [...sim.allOrders()][0];
		const exported = orders.find((o) => o.id === first.id)!;
		expect(exported.lineItems!.nodes.map((l) => l.sku)).toEqual(first.lineItems.map((l: { sku: string }) => l.sku));
		expect(exported.fulfillmentOrders!.nodes[0].status).toBe(first.fulfillmentOrders[0].status);
	});

	it('a second export while one runs is a userError', async () => {
		const c = client();
		await startBulkOrdersExport(c);
		await expect(startBulkOrdersExport(c)).rejects.toThrow(/already in progress/);
	});
});
