/**
 * 3PL Fulfillment "Read for Work Items" (issue 14) through n8n's real engine, HTTP answered by the 3PL
 * simulators through nock: the work items of a batch pass the node once; ShipBob is asked about all the
 * orders to read in one GET /order (every key of every order in ReferenceIds), the other 3PLs one order after
 * another; each read item gets the observations Look Up Order gives, a miss is its lookup fact, the others
 * pass through unchanged, and a failure fails only the items it covered.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { ThreePlFulfillment } from '../../nodes/ThreePlFulfillment/ThreePlFulfillment.node';
import { ShipBobPostPurchaseApi } from '../../credentials/ShipBobPostPurchaseApi.credentials';
import { ShipMonkPostPurchaseApi } from '../../credentials/ShipMonkPostPurchaseApi.credentials';
import { SHIPBOB_REFERENCES_PER_CALL } from '../../nodes/lib/connectors/shipbob/client';
import { runNode, type RunNodeOptions } from '../helpers/n8n';
import { observationsOf, orderless, timeless, withoutPlan, workItem } from './warehouseWorkItems';
import { ShipBobSim } from '../sandbox/vendors/shipbob';
import { ShipMonkSim } from '../sandbox/vendors/shipmonk';
import { nockSims, ORIGIN } from './threeplNock';

const credentialTypes = [new ShipBobPostPurchaseApi(), new ShipMonkPostPurchaseApi()];
const credentials = {
	shipBobPostPurchaseApi: { token: 'sb-pat-test', environment: 'production', baseUrl: `${ORIGIN}/shipbob` },
	shipMonkPostPurchaseApi: { apiKey: 'sm-key-test', environment: 'production', baseUrl: `${ORIGIN}/shipmonk` },
};

let shipbob: ShipBobSim;
let shipmonk: ShipMonkSim;
beforeEach(() => {
	shipbob = new ShipBobSim({ orders: 60 });
	shipmonk = new ShipMonkSim({ orders: 16 });
	nockSims([shipbob, shipmonk]);
});
afterEach(() => nock.cleanAll());

const run = (
	input: IDataObject[],
	parameters: IDataObject = {},
	options: Pick<RunNodeOptions, 'onError' | 'credentials'> = {},
) =>
	runNode({
		nodeType: new ThreePlFulfillment(),
		parameters: { provider: 'shipbob', operation: 'readForWorkItems', ...parameters },
		credentials: options.credentials ?? credentials,
		credentialTypes,
		input: input.map((json) => ({ json })),
		onError: options.onError,
	});

const shipbobOrderCalls = () => shipbob.kit.requests.filter((r) => r.method === 'GET' && r.path === '/2026-01/order');

describe('3PL Fulfillment: Read for Work Items', () => {
	it(
		'asks ShipBob about three orders in ONE call, appends what it says to each, passes the others through ' +
			'unchanged, one item out per item in, in order',
		async () => {
			const skipped = workItem('1003', { askWarehouse: false });
			const input = [workItem('1002'), skipped, workItem('1006'), orderless, workItem('999999')];
			const { outputs, error } = await run(input);
			expect(error).toBeUndefined();
			expect(outputs[0].map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
			// Read When false, and an item on its way to Fail: exactly as they came in.
			expect(outputs[0][1].json).toEqual(skipped);
			expect(outputs[0][3].json).toEqual(orderless);

			const calls = shipbobOrderCalls();
			expect(calls).toHaveLength(1);
			expect(calls[0].query.ReferenceIds.split(',')).toEqual(['1002', '#1002', '1006', '#1006', '999999', '#999999']);

			const [hold, , shipped, , missing] = outputs[0];
			// The work item itself goes on: its events, its plan, its earlier facts first, then ShipBob's.
			expect(hold.json).toMatchObject({ orderKey: '1002', events: input[0].events, reads: input[0].reads });
			expect(observationsOf(hold)[0]).toEqual((input[0].observations as IDataObject[])[0]);
			expect(observationsOf(hold).map((o) => o.kind)).toEqual(['order', 'lookup', 'fulfillment']);
			expect(observationsOf(hold)[2]).toMatchObject({
				source: 'shipbob',
				orderKey: '1002',
				data: { status: 'on_hold', holdReason: 'address', matchedBy: 'reference_id:1002' },
			});
			expect(observationsOf(shipped).map((o) => o.kind)).toEqual(['order', 'lookup', 'fulfillment', 'shipment']);
			// Not at ShipBob is a fact (the lookup with every key tried), not an error.
			expect(missing.json.error).toBeNull();
			expect(observationsOf(missing).slice(1)).toEqual([
				expect.objectContaining({
					kind: 'lookup',
					source: 'shipbob',
					orderKey: '999999',
					data: { subject: 'order', found: false, keys: ['reference_id:999999', 'reference_id:#999999'] },
				}),
			]);
		},
	);

	it('adds exactly the observations Look Up Order gives for the same order', async () => {
		const { outputs } = await run([workItem('1006')]);
		const lookUp = await runNode({
			nodeType: new ThreePlFulfillment(),
			parameters: { provider: 'shipbob', operation: 'lookUpOrder', orderNumber: '1006', orderName: '#1006' },
			credentials,
			credentialTypes,
		});
		const fromLookUp = observationsOf(lookUp.outputs[0][0]).map(timeless);
		expect(fromLookUp.map((o) => o.kind)).toEqual(['lookup', 'fulfillment', 'shipment']);
		expect(observationsOf(outputs[0][0]).slice(1).map(timeless)).toEqual(fromLookUp);
	});

	it('asks by the Shopify id of the plan (a gid) or of the stored order, and by its name', async () => {
		// ShipBob's Shopify integration files #1006 under the Shopify order id, with the name in order_number.
		shipbob.loadOrders(
			shipbob.orders.map((o) =>
				o.reference_id === '1006' ? { ...o, reference_id: '5012345678906', order_number: '#1006' } : { ...o },
			),
		);
		const fromPlan = workItem('1006', { shopifyOrderId: 'gid://shopify/Order/5012345678906' });
		const fromStored = workItem(
			'1002',
			{ orderName: '' },
			{ previous: { orderKey: '1002', name: 'NW1002', shopifyId: '5012345678902' } },
		);
		const { outputs } = await run([fromPlan, fromStored]);
		expect(shipbobOrderCalls()).toHaveLength(1);
		const [found, byName] = outputs[0].map(observationsOf);
		expect(found[1].data).toMatchObject({ found: true, keys: expect.arrayContaining(['reference_id:5012345678906']) });
		expect(found[2].data.matchedBy).toBe('reference_id:5012345678906');
		expect(byName[1].data.keys).toEqual([
			'reference_id:5012345678902',
			'reference_id:1002',
			'reference_id:#1002',
			'reference_id:NW1002',
		]);
		expect(byName[2].data.matchedBy).toBe('reference_id:1002');
	});

	it('matches each order only among what its own keys brought, as its own call would', async () => {
		// ShipBob files an order under the Shopify id one work item asks by, showing the name of ANOTHER item's
		// order (#1002), while that order itself is filed under none of its keys.
		shipbob.loadOrders(
			shipbob.orders.map((o) =>
				o.reference_id === '1006'
					? { ...o, reference_id: '5012345678906', order_number: '#1002' }
					: o.reference_id === '1002'
						? { ...o, reference_id: 'elsewhere' }
						: { ...o },
			),
		);
		const { outputs } = await run([workItem('1006', { shopifyOrderId: '5012345678906' }), workItem('1002')]);
		expect(shipbobOrderCalls()).toHaveLength(1);
		expect(outputs[0].map((i) => observationsOf(i)[1].data.found)).toEqual([true, false]);
	});

	it(`asks at most ${SHIPBOB_REFERENCES_PER_CALL} reference ids a call: 40 orders (120 keys) are 2 calls`, async () => {
		const input = Array.from({ length: 40 }, (_, n) =>
			workItem(String(1001 + n), { shopifyOrderId: String(5012345679001 + n) }),
		);
		const { outputs, error } = await run(input);
		expect(error).toBeUndefined();
		const calls = shipbobOrderCalls();
		expect(calls.map((c) => c.query.ReferenceIds.split(',').length)).toEqual([99, 21]);
		expect(outputs[0]).toHaveLength(40);
		for (const [n, item] of outputs[0].entries()) {
			expect(item.pairedItem).toEqual({ item: n });
			expect(observationsOf(item)[1]).toMatchObject({
				kind: 'lookup',
				orderKey: String(1001 + n),
				data: { found: true },
			});
		}
	});

	it('stamps the lookups with "Now" when a past day is replayed', async () => {
		const { outputs } = await run([workItem('999999')], { now: '2026-12-02T18:30:00Z' });
		const fact = observationsOf(outputs[0][0])[1];
		expect(Date.parse(fact.occurredAt) - Date.parse('2026-12-02T18:30:00Z')).toBeGreaterThanOrEqual(0);
		expect(Date.parse(fact.occurredAt) - Date.parse('2026-12-02T18:30:00Z')).toBeLessThan(60_000);
		expect(fact.receivedAt).toBe(fact.occurredAt);
	});

	describe('an item that cannot be read fails alone', () => {
		// A Shopify id that is not one: this order's keys cannot be asked; the others are, in one call.
		const bad = () => workItem('1002', { shopifyOrderId: 'not-an-id' });
		const input = () => [workItem('1006'), bad(), workItem('999999')];

		it('On Error: Continue (using error output): the work item with its events on the Error output', async () => {
			const { outputs, error } = await run(input(), {}, { onError: 'continueErrorOutput' });
			expect(error).toBeUndefined();
			expect(shipbobOrderCalls()).toHaveLength(1);
			expect(outputs[0].map((i) => [i.json.orderKey, i.pairedItem])).toEqual([
				['1006', { item: 0 }],
				['999999', { item: 2 }],
			]);
			expect(outputs[1]).toHaveLength(1);
			expect(outputs[1][0].pairedItem).toEqual({ item: 1 });
			expect(outputs[1][0].json).toMatchObject({
				...bad(),
				error: '"not-an-id" is not a Shopify order id',
				details: { description: expect.stringMatching(/shopifyOrderId/) },
			});
		});

		it('On Error: Continue (regular output): the error item in its place', async () => {
			const { outputs } = await run(input(), {}, { onError: 'continueRegularOutput' });
			expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(outputs[0][1].json.error).toBe('"not-an-id" is not a Shopify order id');
			expect(observationsOf(outputs[0][2])[1].data.found).toBe(false);
		});

		it('without it the node stops, naming the item', async () => {
			const { error } = await run(input());
			expect(error?.message).toBe('"not-an-id" is not a Shopify order id');
			expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		});
	});

	it('a refused credential fails every item it was to read, each paired with itself; the rest pass', async () => {
		const input = [workItem('1002'), workItem('1003', { askWarehouse: false }), workItem('1006')];
		const { outputs, error } = await run(
			input,
			{},
			{
				onError: 'continueErrorOutput',
				credentials: { ...credentials, shipBobPostPurchaseApi: { ...credentials.shipBobPostPurchaseApi, token: 'x' } },
			},
		);
		expect(error).toBeUndefined();
		expect(shipbobOrderCalls()).toHaveLength(1);
		expect(outputs[0]).toEqual([{ json: input[1], pairedItem: { item: 1 } }]);
		expect(outputs[1].map((i) => [i.json.orderKey, i.json.events, i.pairedItem])).toEqual([
			['1002', input[0].events, { item: 0 }],
			['1006', input[2].events, { item: 2 }],
		]);
		expect(outputs[1][0].json.error).toMatch(/401/);
	});

	it('ShipMonk takes one key a call: one order after another, and a refused key stops asking', async () => {
		const input = [workItem('1001'), workItem('1002'), workItem('999999')];
		const { outputs } = await run(input, { provider: 'shipmonk' });
		const asked = () => shipmonk.kit.requests.filter((r) => r.path === '/v1/integrations/orders');
		// 1001 and 1002 are found by their number; 999999 is asked by each name form.
		expect(asked().map((r) => r.query.orderNumber)).toEqual(['1001', '1002', '999999', '#999999']);
		expect(outputs[0].map((i) => observationsOf(i)[1].data.found)).toEqual([true, true, false]);

		const refused = await run(
			input,
			{ provider: 'shipmonk' },
			{
				onError: 'continueErrorOutput',
				credentials: {
					...credentials,
					shipMonkPostPurchaseApi: { ...credentials.shipMonkPostPurchaseApi, apiKey: 'x' },
				},
			},
		);
		// The first order's 401 says nothing about that order: the other two fail with it, unasked.
		expect(asked()).toHaveLength(4 + 1);
		expect(refused.outputs[1].map((i) => [i.pairedItem, i.json.error])).toEqual(
			[0, 1, 2].map((item) => [{ item }, expect.stringMatching(/401/)]),
		);
	});

	it('reads nothing, and needs no credential, when no item is to be read', async () => {
		const input = [workItem('1002', { askWarehouse: false }), orderless];
		const { outputs, error } = await run(input, {}, { credentials: {} });
		expect(error).toBeUndefined();
		expect(outputs[0].map((i) => i.json)).toEqual(input);
		expect(shipbob.kit.requests).toHaveLength(0);
	});

	it('names "Read When" when an item has no read plan (Claim Batch without Include Stored Order)', async () => {
		const { error } = await run([withoutPlan(workItem('1002'))]);
		expect(error?.message).toBe('"Read When" is empty for this item');
		expect((error as { description?: string }).description).toMatch(/Include Stored Order/);
		const always = await run([withoutPlan(workItem('1002'))], { readWhen: true });
		expect(observationsOf(always.outputs[0][0])[1].data.found).toBe(true);
	});
});
