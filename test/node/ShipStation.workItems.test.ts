/**
 * ShipStation "Read for Work Items" (issue 14) through n8n's real engine, HTTP answered by the simulated
 * ShipStation through nock: the work items of a batch pass the node once; ShipStation's lists take one order
 * number a call, so each order to read is looked up in turn (GET /orders?orderNumber= per name form until
 * one matches) and its labels listed (GET /shipments?orderId=), all on one transport paced to ShipStation's
 * rate window. Each read item gets the observations Look Up and Get Many shipments give, a miss is its
 * lookup fact, the others pass through unchanged, and a failure fails only the items it covered.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { ShipStation } from '../../nodes/ShipStation/ShipStation.node';
import { ShipStationPostPurchaseApi } from '../../credentials/ShipStationPostPurchaseApi.credentials';
import { runNode, type RunNodeOptions } from '../helpers/n8n';
import { observationsOf, orderless, timeless, withoutPlan, workItem } from './warehouseWorkItems';
import { createShipStationSim, type ShipStationSim } from '../sandbox/vendors/shipstation';
import { nockShipStation } from '../unit/shipstation/nockSim';
import { v1RequestProblems } from '../contract/shipstation/contract';

const credentialTypes = [new ShipStationPostPurchaseApi()];
const credentials = {
	shipStationPostPurchaseApi: { apiKey: 'ss-key', apiSecret: 'ss-secret', v2ApiKey: '', v1BaseUrl: '', v2BaseUrl: '' },
};

let sim: ShipStationSim;
function startSim(options: { rateLimit?: number; windowMs?: number } = {}): void {
	nock.cleanAll();
	sim = createShipStationSim({ seed: 21, orders: 40, shipments: 120, ...options });
	nockShipStation(sim);
}
beforeEach(() => {
	nock.disableNetConnect();
	startSim();
});
afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
	// Every request the node sent is one ShipStation's Postman collection documents.
	for (const request of sim.requests) {
		expect({ request: `${request.method} ${request.path}`, problems: v1RequestProblems(request) }).toEqual({
			request: `${request.method} ${request.path}`,
			problems: [],
		});
	}
});

const run = (
	input: IDataObject[],
	parameters: IDataObject = {},
	options: Pick<RunNodeOptions, 'onError' | 'credentials'> = {},
) =>
	runNode({
		nodeType: new ShipStation(),
		parameters: { resource: 'order', operation: 'readForWorkItems', ...parameters },
		credentials: options.credentials ?? credentials,
		credentialTypes,
		input: input.map((json) => ({ json })),
		onError: options.onError,
	});

const keyOf = (orderNumber: string) => orderNumber.replace(/^#/, '');
/** A shipped order with labels, and one still awaiting shipment (none), from the simulated account. */
function orders() {
	const shipped = sim.orders.find((o) => sim.shipments.some((s) => s.orderId === o.orderId))!;
	const open = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
	return { shipped, open, labels: sim.shipments.filter((s) => s.orderId === shipped.orderId) };
}
const calls = () => sim.requests.map((r) => `${r.path}?${r.query.orderNumber ?? `orderId=${r.query.orderId}`}`);

describe('ShipStation: Read for Work Items', () => {
	it(
		'reads each order to read in turn with its labels, passes the others through unchanged, one item out per ' +
			'item in, in order',
		async () => {
			const { shipped, open, labels } = orders();
			expect(labels.length).toBeGreaterThan(0);
			const skipped = workItem(keyOf(open.orderNumber), { askWarehouse: false });
			const input = [
				workItem(keyOf(shipped.orderNumber)),
				skipped,
				orderless,
				workItem(keyOf(open.orderNumber)),
				workItem('999999'),
			];
			const { outputs, error } = await run(input);
			expect(error).toBeUndefined();
			expect(outputs[0].map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
			expect(outputs[0][1].json).toEqual(skipped);
			expect(outputs[0][2].json).toEqual(orderless);
			// Per order found: its number (the first form matches), then its labels by order id. A miss asks every
			// name form and no labels (ShipStation has no label without its order).
			expect(calls()).toEqual([
				`/orders?${keyOf(shipped.orderNumber)}`,
				`/shipments?orderId=${shipped.orderId}`,
				`/orders?${keyOf(open.orderNumber)}`,
				`/shipments?orderId=${open.orderId}`,
				'/orders?999999',
				'/orders?#999999',
			]);
			expect(sim.requests.find((r) => r.path === '/shipments')?.query.includeShipmentItems).toBe('true');

			const [withLabels, , , awaiting, missing] = outputs[0];
			expect(withLabels.json).toMatchObject({ orderKey: keyOf(shipped.orderNumber), events: input[0].events });
			expect(observationsOf(withLabels)[0]).toEqual((input[0].observations as IDataObject[])[0]);
			expect(observationsOf(withLabels).map((o) => o.kind)).toEqual([
				'order',
				'lookup',
				'fulfillment',
				...labels.map(() => 'shipment'),
			]);
			expect(observationsOf(withLabels)[2].data).toMatchObject({ status: 'shipped', matchedBy: expect.any(String) });
			expect(
				observationsOf(withLabels)
					.slice(3)
					.map((o) => [o.orderKey, o.data.shipmentId]),
			).toEqual(labels.map((s) => [keyOf(shipped.orderNumber), String(s.shipmentId)]));
			expect(observationsOf(awaiting).map((o) => o.kind)).toEqual(['order', 'lookup', 'fulfillment']);
			// Not at ShipStation is a fact (the lookup with every key tried), not an error.
			expect(missing.json.error).toBeNull();
			expect(observationsOf(missing).slice(1)).toEqual([
				expect.objectContaining({
					kind: 'lookup',
					source: 'shipstation',
					orderKey: '999999',
					data: { subject: 'order', found: false, keys: ['orderNumber:999999', 'orderNumber:#999999'] },
				}),
			]);
		},
	);

	it('adds exactly the observations Look Up and Get Many shipments give for the same order', async () => {
		const { shipped } = orders();
		const { outputs } = await run([workItem(keyOf(shipped.orderNumber))]);
		const params = { resource: 'order', orderNumber: keyOf(shipped.orderNumber), orderName: shipped.orderNumber };
		const lookUp = await runNode({
			nodeType: new ShipStation(),
			parameters: { ...params, operation: 'lookUp' },
			credentials,
			credentialTypes,
		});
		const shipments = await runNode({
			nodeType: new ShipStation(),
			parameters: {
				resource: 'shipment',
				operation: 'getAll',
				shipmentFilter: 'order',
				shipmentOrderNumber: shipped.orderNumber,
				includeShipmentItems: true,
			},
			credentials,
			credentialTypes,
		});
		const expected = [...lookUp.outputs[0], ...shipments.outputs[0]].flatMap(observationsOf).map(timeless);
		expect(expected.length).toBeGreaterThan(3);
		expect(observationsOf(outputs[0][0]).slice(1).map(timeless)).toEqual(expected);
	});

	it('Read Labels off: the orders only, one call fewer per order found', async () => {
		const { shipped } = orders();
		const { outputs } = await run([workItem(keyOf(shipped.orderNumber))], { readLabels: false });
		expect(calls()).toEqual([`/orders?${keyOf(shipped.orderNumber)}`]);
		expect(observationsOf(outputs[0][0]).map((o) => o.kind)).toEqual(['order', 'lookup', 'fulfillment']);
	});

	it('asks by the name of the plan when the store adds a prefix; every fact lands on the order asked for', async () => {
		const { shipped, labels } = orders();
		const key = keyOf(shipped.orderNumber);
		const named = <T extends { orderId: number }>(records: readonly T[]) =>
			records.map((r) => (r.orderId === shipped.orderId ? { ...r, orderNumber: `NW${key}` } : r));
		sim.load(named(sim.orders), named(sim.shipments));
		const { outputs } = await run([workItem(key, { orderName: `NW${key}` })]);
		const [, lookup, fulfillment, ...parcels] = observationsOf(outputs[0][0]);
		expect(lookup.data).toMatchObject({
			found: true,
			keys: [`orderNumber:${key}`, `orderNumber:#${key}`, `orderNumber:NW${key}`],
		});
		expect(fulfillment).toMatchObject({ orderKey: key, data: { matchedBy: `orderNumber:NW${key}` } });
		// ShipStation shows the labels under "NW1001"; they are facts about order 1001 all the same.
		expect(parcels.map((o) => [o.kind, o.orderKey])).toEqual(labels.map(() => ['shipment', key]));
	});

	it('picks by the Shopify id of the plan among orders sharing the number (two stores)', async () => {
		const { open } = orders();
		const twin = { ...open, orderId: 999_001, orderKey: 'other-store-order' };
		sim.load([...sim.orders, twin], sim.shipments);
		const key = keyOf(open.orderNumber);
		const { outputs } = await run(
			[workItem(key, { shopifyOrderId: `gid://shopify/Order/${open.orderKey}` }), workItem(key)],
			{ readLabels: false },
		);
		const externalIds = (item: INodeExecutionData) =>
			observationsOf(item)
				.filter((o) => o.kind === 'fulfillment')
				.map((o) => o.data.externalId);
		expect(externalIds(outputs[0][0])).toEqual([String(open.orderId)]);
		// Without the id both are ShipStation's word on that number.
		expect(externalIds(outputs[0][1])).toEqual([String(open.orderId), String(twin.orderId)]);
	});

	it("keeps ShipStation's rate window across the orders of the batch: paced, never a 429", async () => {
		startSim({ rateLimit: 5, windowMs: 2_000 });
		const open = sim.orders.filter((o) => o.orderStatus === 'awaiting_shipment').slice(0, 4);
		expect(open).toHaveLength(4);
		const started = Date.now();
		const { outputs, error } = await run(open.map((o) => workItem(keyOf(o.orderNumber))));
		expect(error).toBeUndefined();
		// 8 calls through a window of 5: the limiter waited for the next window instead of being refused.
		expect(sim.requests).toHaveLength(8);
		expect(sim.stats.rateLimited).toBe(0);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
		expect(outputs[0].map((i) => observationsOf(i)[1].data.found)).toEqual([true, true, true, true]);
	}, 20_000);

	describe('an item whose read fails fails alone', () => {
		// ShipStation refuses the first order's label listing (a 400 is about that request, not the account).
		const input = () => {
			const some = sim.orders.filter((o) => o.orderStatus === 'awaiting_shipment').slice(0, 3);
			return some.map((o) => workItem(keyOf(o.orderNumber)));
		};
		const failFirstLabels = () => sim.injectFailure({ method: 'GET', path: '/shipments', status: 400 });

		it('On Error: Continue (using error output): the work item with its events on the Error output', async () => {
			const items = input();
			failFirstLabels();
			const { outputs, error } = await run(items, {}, { onError: 'continueErrorOutput' });
			expect(error).toBeUndefined();
			expect(outputs[0].map((i) => [i.json.orderKey, i.pairedItem])).toEqual([
				[items[1].orderKey, { item: 1 }],
				[items[2].orderKey, { item: 2 }],
			]);
			expect(outputs[1]).toHaveLength(1);
			expect(outputs[1][0].pairedItem).toEqual({ item: 0 });
			expect(outputs[1][0].json).toMatchObject({
				...items[0],
				error: expect.stringMatching(/answered 400/),
				details: { description: expect.any(String) },
			});
		});

		it('On Error: Continue (regular output): the error item in its place; without it the node stops', async () => {
			const items = input();
			failFirstLabels();
			const regular = await run(items, {}, { onError: 'continueRegularOutput' });
			expect(regular.outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(regular.outputs[0][0].json.error).toMatch(/answered 400/);
			expect(observationsOf(regular.outputs[0][1])[1].data.found).toBe(true);

			failFirstLabels();
			const stopped = await run(items);
			expect(stopped.error?.message).toMatch(/answered 400/);
			expect((stopped.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
		});

		it('a "Now" that is not a time fails only its own item', async () => {
			const items = input();
			items[1].replayAt = 'yesterday';
			const { outputs } = await run(items, { now: '={{ $json.replayAt ?? "" }}' }, { onError: 'continueErrorOutput' });
			expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
			expect(outputs[1].map((i) => [i.pairedItem, i.json.error])).toEqual([
				[{ item: 1 }, '"Now" is not a time: "yesterday"'],
			]);
		});
	});

	it('a refused key fails every item it was to read, unasked after the first; the rest pass', async () => {
		const { shipped, open } = orders();
		const skipped = workItem('1040', { askWarehouse: false });
		const input = [workItem(keyOf(shipped.orderNumber)), skipped, workItem(keyOf(open.orderNumber))];
		const { outputs, error } = await run(
			input,
			{},
			{
				onError: 'continueErrorOutput',
				credentials: {
					shipStationPostPurchaseApi: { ...credentials.shipStationPostPurchaseApi, apiSecret: 'wrong' },
				},
			},
		);
		expect(error).toBeUndefined();
		expect(sim.requests).toHaveLength(1);
		expect(outputs[0]).toEqual([{ json: skipped, pairedItem: { item: 1 } }]);
		expect(outputs[1].map((i) => [i.json.orderKey, i.json.events, i.pairedItem])).toEqual([
			[input[0].orderKey, input[0].events, { item: 0 }],
			[input[2].orderKey, input[2].events, { item: 2 }],
		]);
		expect(outputs[1][0].json.error).toMatch(/401/);
		expect((outputs[1][0].json.details as IDataObject).description).toMatch(/API key and secret/);
	});

	it('reads nothing, and needs no credential, when no item is to be read', async () => {
		const input = [workItem('1002', { askWarehouse: false }), orderless];
		const { outputs, error } = await run(input, {}, { credentials: {} });
		expect(error).toBeUndefined();
		expect(outputs[0].map((i) => i.json)).toEqual(input);
		expect(sim.requests).toHaveLength(0);
	});

	it('names "Read When" when an item has no read plan (Claim Batch without Include Stored Order)', async () => {
		const { error } = await run([withoutPlan(workItem('1002'))]);
		expect(error?.message).toBe('"Read When" is empty for this item');
		expect((error as { description?: string }).description).toMatch(/Include Stored Order/);
	});
});
