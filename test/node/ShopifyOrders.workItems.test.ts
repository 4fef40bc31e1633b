/**
 * Shopify Orders "Read for Work Items" (issue 14) through n8n's real engine, HTTP answered by the simulated
 * Admin API (schema-executing, query cost and bucket as Shopify publishes them): the work items of a batch
 * pass the node once, their orders are read about ten a call (by id, or by name while the id is unknown), each
 * read item gets the same observations Get gives, the others pass through unchanged, and an order Shopify does
 * not know fails only its own item.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { ShopifyOrders } from '../../nodes/ShopifyOrders/ShopifyOrders.node';
import { ShopifyAdminPostPurchaseApi } from '../../credentials/ShopifyAdminPostPurchaseApi.credentials';
import { ORDERS_PER_READ } from '../../nodes/lib/connectors/shopify';
import { runNode, type RunNodeOptions } from '../helpers/n8n';
import { nockSim } from '../unit/shopify/nockSim';
import { ShopifySim } from '../sandbox/vendors/shopify';

const SHOP = 'pp-test.myshopify.com';
const ORIGIN = `https://${SHOP}`;
const credentials = {
	shopifyAdminPostPurchaseApi: {
		shopDomain: SHOP,
		apiVersion: '2026-10',
		authMode: 'accessToken',
		accessToken: 'shpat_sandbox_token',
	},
};

let sim: ShopifySim;
/** HTTP requests to the shop, answered or refused (sim.calls counts only the GraphQL it executed). */
let requests: number;
beforeEach(() => {
	sim = new ShopifySim({ seed: 5, orders: 40, shopDomain: SHOP, publicBaseUrl: ORIGIN });
	requests = 0;
	nockSim(ORIGIN, sim).on('request', () => (requests += 1));
});
afterEach(() => nock.cleanAll());

const order = (name: string) => sim.findOrderByName(name)!;

/** A work item as Claim Batch "One Item per Order" makes it, asking Shopify unless `reads` says otherwise. */
function workItem(orderKey: string, reads: IDataObject = {}, extra: IDataObject = {}): IDataObject {
	return {
		orderKey,
		events: [{ id: `e-${orderKey}`, key: `k-${orderKey}`, leaseToken: 'lease', source: 'shopify', topic: null }],
		observations: [{ source: 'shopify', kind: 'order', orderKey, note: 'carried by the event' }],
		hints: { shopifyInHand: false, warehouseInHand: false, notificationsOnly: false },
		problems: [],
		error: null,
		previous: null,
		reads: {
			askVendors: true,
			askShopify: true,
			askWarehouse: false,
			shopifyOrderId: '',
			orderName: '',
			...reads,
		},
		...extra,
	};
}
/** Asks by Shopify's id, as when the order is stored. */
const byId = (orderKey: string) => workItem(orderKey, { shopifyOrderId: order(`#${orderKey}`).id });

const run = (input: IDataObject[], options: Partial<RunNodeOptions> = {}) =>
	runNode({
		nodeType: new ShopifyOrders(),
		parameters: { operation: 'readForWorkItems' },
		input: input.map((json) => ({ json })),
		credentials,
		credentialTypes: [new ShopifyAdminPostPurchaseApi()],
		...options,
	});

const callsOf = (operationName: string) => sim.calls.filter((c) => c.operationName === operationName);
const observationsOf = (item: INodeExecutionData) => item.json.observations as IDataObject[];
/** An observation as compared across runs: when it was received differs by a few milliseconds. */
const withoutReceivedAt = (list: IDataObject[]) =>
	list.map((o) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== 'receivedAt')));

/** What Get outputs for the order: the observations the work item must gain. */
async function getObservations(name: string): Promise<IDataObject[]> {
	const { outputs, error } = await run([{}], {
		parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: name } },
	});
	expect(error).toBeUndefined();
	return withoutReceivedAt(observationsOf(outputs[0][0]));
}

describe('Read for Work Items', () => {
	it('reads the orders that ask, ten a call, passes the others through, each paired with itself', async () => {
		const input = [
			byId('1003'),
			// Not stored yet: read by its name, from the order key.
			workItem('1005'),
			workItem('1006', { askShopify: false }),
			// On its way to Fail: never read, even though its plan asks.
			workItem('1007', { shopifyOrderId: order('#1007').id }, { error: 'Event k names no order' }),
			byId('1004'),
			workItem('1008', { orderName: '#1008' }),
			byId('1009'),
		];
		const { outputs, error } = await run(input);
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(1);
		expect(outputs[0].map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		// One call for the three ids, one search for the two names.
		expect(callsOf('ReadOrdersById').map((c) => c.variables?.ids)).toEqual([
			[order('#1003').id, order('#1004').id, order('#1009').id],
		]);
		expect(callsOf('ReadOrdersByName').map((c) => c.variables?.query)).toEqual(['name:1005 OR name:1008']);
		expect(sim.calls).toHaveLength(2);
		expect(sim.calls.every((c) => !c.throttled && (c.requestedQueryCost ?? 0) <= 1000)).toBe(true);
		// Unread items are the input items as they came.
		expect(outputs[0][2].json).toEqual(input[2]);
		expect(outputs[0][3].json).toEqual(input[3]);
		// Read items keep every field and their own observations first, then Shopify's, exactly as Get gives them.
		for (const [index, name] of [
			[0, '#1003'],
			[1, '#1005'],
			[4, '#1004'],
			[5, '#1008'],
			[6, '#1009'],
		] as const) {
			const { observations, ...rest } = outputs[0][index].json;
			const { observations: own, ...inputRest } = input[index];
			expect(rest).toEqual(inputRest);
			expect((observations as IDataObject[])[0]).toEqual((own as IDataObject[])[0]);
			expect(withoutReceivedAt((observations as IDataObject[]).slice(1))).toEqual(await getObservations(name));
		}
		const kinds = observationsOf(outputs[0][0]).map((o) => o.kind);
		expect(kinds).toEqual(expect.arrayContaining(['order', 'fulfillment_order']));
	});

	it(`reads N orders in ceil(N / ${ORDERS_PER_READ}) calls by id or name (Get: N by id, 2N by name)`, async () => {
		const keys = Array.from({ length: 25 }, (_, i) => String(1001 + i));
		const byIds = await run(keys.map(byId));
		expect(byIds.error).toBeUndefined();
		expect(ORDERS_PER_READ).toBe(10);
		expect(callsOf('ReadOrdersById').map((c) => (c.variables?.ids as string[]).length)).toEqual([10, 10, 5]);
		const byNames = await run(keys.map((key) => workItem(key)));
		expect(byNames.error).toBeUndefined();
		expect(callsOf('ReadOrdersByName').map((c) => c.variables?.first)).toEqual([10, 10, 5]);
		expect(sim.calls).toHaveLength(6);
		for (const items of [byIds.outputs[0], byNames.outputs[0]])
			expect(items.map((i) => observationsOf(i)[1].orderKey)).toEqual(keys);
	});

	it('reads an order whole with Get when it has more than a batched page holds: the same observations', async () => {
		const big = order('#1010');
		for (let n = 1; n <= 2; n++)
			big.fulfillmentOrders.push({
				...big.fulfillmentOrders[0],
				id: `gid://shopify/FulfillmentOrder/${Number(big.legacyResourceId) * 10 + n}`,
				assignedLocation: { name: `Store ${n}`, location: { id: `gid://shopify/Location/${n}` } },
			});
		const { outputs, error } = await run([byId('1010'), byId('1011')]);
		expect(error).toBeUndefined();
		expect(sim.calls.map((c) => c.operationName)).toEqual(['ReadOrdersById', 'GetOrder']);
		expect(sim.calls[1].variables?.id).toBe(big.id);
		const observations = withoutReceivedAt(observationsOf(outputs[0][0]).slice(1));
		expect(observations.filter((o) => o.kind === 'fulfillment_order')).toHaveLength(3);
		expect(observations).toEqual(await getObservations('#1010'));
	});

	it('an order Shopify does not know fails only its own item, to the Error output with its events', async () => {
		const unknownId = workItem('1001', { shopifyOrderId: 'gid://shopify/Order/999999999', orderName: '#1001' });
		const unknownName = workItem('99999');
		const { outputs, error } = await run([byId('1002'), unknownId, unknownName, workItem('1003')], {
			onError: 'continueErrorOutput',
		});
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(2);
		expect(outputs[0].map((i) => [i.pairedItem, observationsOf(i)[1].orderKey])).toEqual([
			[{ item: 0 }, '1002'],
			[{ item: 3 }, '1003'],
		]);
		expect(outputs[1].map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		// The work item itself, for Order Ledger Fail with "Work Item's Events".
		expect(outputs[1][0].json).toEqual({
			...unknownId,
			error: 'Shopify has no order #1001 (id gid://shopify/Order/999999999)',
			details: {
				description: expect.stringMatching(/Field: reads\.shopifyOrderId\. Check that the Shopify credential/),
			},
		});
		expect(outputs[1][1].json).toMatchObject({ events: unknownName.events, error: 'Shopify has no order #99999' });
		expect(sim.calls.map((c) => c.operationName)).toEqual(['ReadOrdersById', 'ReadOrdersByName']);
	});

	it('without "On Error: Continue" the node stops, naming the order Shopify does not know', async () => {
		const { error } = await run([byId('1002'), workItem('99999')]);
		expect(error?.message).toBe('Shopify has no order #99999');
		expect(error?.description).toMatch(/Check that the Shopify credential points at the store/);
	});

	it('a failed call fails the items it was reading and all not read yet: one call, not one per chunk', async () => {
		sim.revokeAccessToken('shpat_sandbox_token');
		const input = [
			...Array.from({ length: 12 }, (_, i) => byId(String(1001 + i))),
			workItem('1020', { askShopify: false }),
			workItem('1021'),
		];
		const { outputs, error } = await run(input, { continueOnFail: true });
		expect(error).toBeUndefined();
		// Refused before Shopify runs anything: one request for the 13 orders, not one per chunk of ten.
		expect(requests).toBe(1);
		expect(outputs[0].map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		const failed = outputs[0].filter((i) => i.json.error);
		expect(failed.map((i) => i.pairedItem)).toEqual([...Array(12).keys(), 13].map((item) => ({ item })));
		expect(failed[0].json.description).toMatch(/Shopify no longer accepts this access token/);
		expect(outputs[0][12].json).toEqual(input[12]);
	});

	it('Read When can be changed: an expression of the user, or off for every item', async () => {
		const input = [byId('1001'), workItem('1002', { askShopify: false })];
		const everyOrder = await run(input, { parameters: { operation: 'readForWorkItems', readWhen: true } });
		expect(everyOrder.outputs[0].map((i) => observationsOf(i).length > 1)).toEqual([true, true]);
		const none = await run(input, { parameters: { operation: 'readForWorkItems', readWhen: false } });
		expect(none.outputs[0].map((i) => i.json)).toEqual(input);
		const own = await run(input, {
			parameters: { operation: 'readForWorkItems', readWhen: '={{ $json.orderKey === "1002" }}' },
		});
		expect(own.outputs[0].map((i) => observationsOf(i).length > 1)).toEqual([false, true]);
		expect(sim.calls.map((c) => c.operationName)).toEqual(['ReadOrdersById', 'ReadOrdersByName', 'ReadOrdersByName']);
	});

	it('an item without a read plan fails with what to change, instead of passing through unread', async () => {
		const { outputs, error } = await run([{ orderKey: '1001' }, byId('1002')], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual({
			error: '"Read When" is empty for this item',
			description: expect.stringMatching(/^Field: readWhen\. The default reads the work item's reads\.askShopify/),
		});
		expect(withoutReceivedAt(observationsOf(outputs[0][1]).slice(1))).toEqual(await getObservations('#1002'));
	});
});
