/**
 * The ShipStation node through n8n's execution engine; HTTP to ssapi/api.shipstation.com intercepted
 * by nock and answered by the simulated ShipStation.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { ShipStation } from '../../nodes/ShipStation/ShipStation.node';
import { ShipStationPostPurchaseApi } from '../../credentials/ShipStationPostPurchaseApi.credentials';
import { observationsOf, runNode } from '../helpers/n8n';
import type { SsOrder } from '../../nodes/lib/connectors/shipstation/types';
import { createShipStationSim, type ShipStationSim } from '../sandbox/vendors/shipstation';
import { nockShipStation } from '../unit/shipstation/nockSim';
import { v1RequestProblems } from '../contract/shipstation/contract';

const credentialTypes = [new ShipStationPostPurchaseApi()];
const credentials = {
	shipStationPostPurchaseApi: {
		apiKey: 'ss-key',
		apiSecret: 'ss-secret',
		v2ApiKey: 'ss-v2-key',
		v1BaseUrl: '',
		v2BaseUrl: '',
	},
};
const BASIC = `Basic ${Buffer.from('ss-key:ss-secret').toString('base64')}`;

let sim: ShipStationSim;
beforeEach(() => {
	nock.disableNetConnect();
	sim = createShipStationSim({ seed: 21, orders: 40, shipments: 1200 });
	nockShipStation(sim);
});
afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
	// Every v1 request the node sent in the test is one ShipStation's Postman collection documents.
	for (const request of sim.requests.filter((r) => !r.path.startsWith('/v2/'))) {
		expect({ request: `${request.method} ${request.path}`, problems: v1RequestProblems(request) }).toEqual({
			request: `${request.method} ${request.path}`,
			problems: [],
		});
	}
});

function run(
	parameters: IDataObject,
	options: { input?: INodeExecutionData[]; continueOnFail?: boolean; credentials?: typeof credentials } = {},
) {
	return runNode({
		nodeType: new ShipStation(),
		parameters,
		credentials: options.credentials ?? credentials,
		credentialTypes,
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

describe('ShipStation node: orders', () => {
	it('lists orders by status with normalised observations, pairedItem and Basic auth from the credential', async () => {
		const { outputs, error } = await run({
			resource: 'order',
			operation: 'getAll',
			orderFilter: 'status',
			orderStatus: 'on_hold',
		});
		expect(error).toBeUndefined();
		const expected = sim.orders.filter((o) => o.orderStatus === 'on_hold');
		expect(expected.length).toBeGreaterThan(0);
		expect(outputs[0]).toHaveLength(expected.length);
		for (const item of outputs[0]) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json.status).toBe('on_hold');
			expect(observationsOf(item)[0]).toMatchObject({
				source: 'shipstation',
				kind: 'fulfillment',
				data: { status: 'on_hold', holdReason: 'other' },
			});
		}
		const listCall = sim.requests.find((r) => r.path === '/orders')!;
		expect(listCall.query).toMatchObject({ orderStatus: 'on_hold', page: '1' });
		expect(listCall.headers.authorization).toBe(BASIC);
		expect(listCall.headers['api-key']).toBeUndefined();
	});

	it('lists orders modified since a time, sending the time as ShipStation (Pacific) reads it', async () => {
		const { outputs } = await run({
			resource: 'order',
			operation: 'getAll',
			orderFilter: 'modifyDate',
			modifyDateStart: '2026-03-02T18:00:00Z',
		});
		expect(sim.requests.find((r) => r.path === '/orders')!.query.modifyDateStart).toBe('2026-03-02 10:00:00');
		expect(outputs[0].length).toBeGreaterThan(0);
		expect(outputs[0].length).toBeLessThan(sim.orders.length);
	});

	it('gets an order by number with or without "#"', async () => {
		const { outputs } = await run({ resource: 'order', operation: 'get', orderNumber: '1002' });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json.orderKey).toBe('1002');
		expect((outputs[0][0].json.shipstation as unknown as SsOrder).orderNumber).toBe('#1002');
	});

	it('looks an order up by every key: a hit carries the lookup fact and the key that found it', async () => {
		const target = sim.orders.find((o) => o.orderNumber === '#1003')!;
		const { outputs, error } = await run({
			resource: 'order',
			operation: 'lookUp',
			orderNumber: '1003',
			shopifyOrderId: target.orderKey,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		const observations = observationsOf(outputs[0][0]);
		expect(observations.map((o) => o.kind)).toEqual(['lookup', 'fulfillment']);
		expect(observations[0]).toMatchObject({
			source: 'shipstation',
			orderKey: '1003',
			data: { subject: 'order', found: true, keys: ['orderNumber:1003'] },
		});
		expect(observations[1]).toMatchObject({
			orderKey: '1003',
			data: { matchedBy: 'orderNumber:1003', externalId: String(target.orderId) },
		});
	});

	it('a lookup that misses is an item with the lookup fact (every key tried), not an error', async () => {
		const { outputs, error } = await run({
			resource: 'order',
			operation: 'lookUp',
			orderNumber: '#99999',
			orderName: 'NW99999',
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ orderKey: '99999', found: false });
		const [fact] = observationsOf(outputs[0][0]);
		expect(fact).toMatchObject({
			kind: 'lookup',
			orderKey: '99999',
			data: {
				subject: 'order',
				found: false,
				keys: ['orderNumber:99999', 'orderNumber:#99999', 'orderNumber:NW99999'],
			},
		});
		expect(sim.requests.filter((r) => r.path === '/orders').map((r) => r.query.orderNumber)).toEqual([
			'99999',
			'#99999',
			'NW99999',
		]);
		// Get keeps failing on a miss, naming every key it asked.
		const get = await run({ resource: 'order', operation: 'get', orderNumber: '99999' }, { continueOnFail: true });
		expect(get.outputs[0][0].json.error).toMatch(/asked by orderNumber:99999, orderNumber:#99999/);
		expect(get.outputs[0][0].json).toMatchObject({ found: false, keys: ['orderNumber:99999', 'orderNumber:#99999'] });
		expect(observationsOf(get.outputs[0][0])[0]).toMatchObject({ kind: 'lookup', data: { found: false } });
	});

	it('holds until a date and restores, outputting what ShipStation says after the change (read back)', async () => {
		const target = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
		const held = await run({
			resource: 'order',
			operation: 'holdUntil',
			orderNumber: target.orderNumber,
			holdUntilDate: '2026-12-01T00:00:00',
		});
		expect(observationsOf(held.outputs[0][0])[0].data).toMatchObject({
			status: 'on_hold',
			holdUntil: '2026-12-01',
			rawStatus: 'on_hold',
		});
		expect(sim.requests.find((r) => r.path === '/orders/holduntil')!.json).toEqual({
			orderId: target.orderId,
			holdUntilDate: '2026-12-01',
		});
		const restored = await run({ resource: 'order', operation: 'restoreFromHold', orderNumber: target.orderNumber });
		expect(restored.outputs[0][0].json.status).toBe('received');
	});

	it('marks an order shipped with carrier and tracking', async () => {
		const target = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
		const { outputs } = await run({
			resource: 'order',
			operation: 'markAsShipped',
			orderNumber: target.orderNumber,
			carrierCode: 'ups',
			trackingNumber: '1Z999AA10123456784',
			shipDate: '2026-03-05',
		});
		expect(outputs[0][0].json.status).toBe('shipped');
		expect(sim.requests.find((r) => r.path === '/orders/markasshipped')!.json).toEqual({
			orderId: target.orderId,
			carrierCode: 'ups',
			shipDate: '2026-03-05',
			trackingNumber: '1Z999AA10123456784',
			notifyCustomer: false,
			notifySalesChannel: true,
		});
	});

	it('changes an address per item; a shipped order fails alone with a reason when continueOnFail is on', async () => {
		const open = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
		const shipped = sim.orders.find((o) => o.orderStatus === 'shipped')!;
		const { outputs, error } = await run(
			{
				resource: 'order',
				operation: 'updateAddress',
				orderNumber: '={{ $json.number }}',
				address: { street1: '9 ELM ST', postalCode: '98101' },
			},
			{
				input: [{ json: { number: open.orderNumber } }, { json: { number: shipped.orderNumber } }],
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect((outputs[0][0].json.shipstation as unknown as SsOrder).shipTo).toMatchObject({
			street1: '9 ELM ST',
			postalCode: '98101',
		});
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
		expect(outputs[0][1].json.error).toContain('is shipped');
		expect(outputs[0][1].json.description).toContain('redirect');
	});

	it('an unknown order number is a clear error naming the field', async () => {
		const { error } = await run({
			resource: 'order',
			operation: 'holdUntil',
			orderNumber: '#777777',
			holdUntilDate: '2026-12-01',
		});
		expect(error?.message).toContain('no order numbered #777777');
		expect((error as { description?: string } | undefined)?.description).toContain('synced');
	});

	it('create or update refuses JSON without the required fields, naming the field', async () => {
		const { error } = await run({
			resource: 'order',
			operation: 'createOrUpdate',
			orderJson: '{"orderNumber": "2001"}',
		});
		expect(error?.message).toBe('Order (JSON) has no orderDate');
	});
});

describe('ShipStation node: shipments', () => {
	it('lists shipments by ship date at 500 a page with tracking, carrier, ship date, voided', async () => {
		sim.voidShipment(sim.shipments[5].shipmentId);
		const { outputs, error } = await run({
			resource: 'shipment',
			operation: 'getAll',
			shipmentFilter: 'shipDate',
			shipDateStart: '2026-03-01',
			includeShipmentItems: true,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1200);
		const calls = sim.requests.filter((r) => r.path === '/shipments');
		expect(calls.map((c) => c.query.pageSize)).toEqual(['500', '500', '500']);
		expect(calls[0].query).toMatchObject({ shipDateStart: '2026-03-01', includeShipmentItems: 'true' });
		const voided = outputs[0].find((i) => i.json.shipmentId === String(sim.shipments[5].shipmentId))!;
		expect(voided.json).toMatchObject({
			voided: true,
			carrier: sim.shipments[5].carrierCode,
			trackingNumber: sim.shipments[5].trackingNumber,
			shipDate: sim.shipments[5].shipDate,
		});
		expect(observationsOf(voided)[0].key).toBe(`shipstation:shipment:${sim.shipments[5].shipmentId}:voided:items`);
	});

	it('a 500 on page 2 is retried: no duplicates, no gaps', async () => {
		sim.injectFailure({ path: '/shipments', page: 2, status: 500 });
		const { outputs } = await run({
			resource: 'shipment',
			operation: 'getAll',
			shipmentFilter: 'shipDate',
			shipDateStart: '2026-03-01',
			includeShipmentItems: false,
		});
		const ids = outputs[0].map((i) => i.json.shipmentId);
		expect(new Set(ids).size).toBe(1200);
		expect(ids).toEqual(sim.shipments.map((s) => String(s.shipmentId)));
		expect(sim.requests.filter((r) => r.path === '/shipments').map((r) => r.status)).toEqual([200, 500, 200, 200]);
	});

	it(
		'a page that keeps failing stops with "Start Page" to resume from; ' + 'resuming completes without duplicates',
		async () => {
			sim.injectFailure({ path: '/shipments', page: 3, status: 500, times: 5 });
			const first = await run(
				{
					resource: 'shipment',
					operation: 'getAll',
					shipmentFilter: 'shipDate',
					shipDateStart: '2026-03-01',
					includeShipmentItems: false,
				},
				{ continueOnFail: true },
			);
			expect(first.outputs[0]).toHaveLength(1);
			expect(first.outputs[0][0].json.error).toContain('page 3 failed');
			expect(first.outputs[0][0].json.description).toContain('"Start Page" set to 3');
			const resumed = await run({
				resource: 'shipment',
				operation: 'getAll',
				shipmentFilter: 'shipDate',
				shipDateStart: '2026-03-01',
				includeShipmentItems: false,
				listOptions: { startPage: 3 },
			});
			expect(resumed.outputs[0].map((i) => i.json.shipmentId)).toEqual(
				sim.shipments.slice(1000).map((s) => String(s.shipmentId)),
			);
		},
		30_000,
	);

	it('lists the shipments of one order', async () => {
		const order = sim.shipments[0].orderNumber;
		const { outputs } = await run({
			resource: 'shipment',
			operation: 'getAll',
			shipmentFilter: 'order',
			shipmentOrderNumber: order,
			includeShipmentItems: true,
		});
		expect(outputs[0].length).toBe(sim.shipments.filter((s) => s.orderNumber === order).length);
		expect(sim.requests.find((r) => r.path === '/shipments')!.query.orderNumber).toBe(order.replace('#', ''));
	});
});

describe('ShipStation node: label tracking (v2)', () => {
	it(
		'finds the label by tracking number and outputs a tracking observation; v2 gets the API key, never the v1 ' +
			'secret',
		async () => {
			const shipment = sim.shipments.find((s) => s.shipmentId % 4 === 3)!;
			const { outputs, error } = await run({
				resource: 'labelTracking',
				operation: 'get',
				labelTrackingNumber: shipment.trackingNumber,
				labelOrderNumber: shipment.orderNumber,
			});
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toMatchObject({
				status: 'delivered',
				rawStatus: 'DELIVERED',
				orderKey: shipment.orderNumber.replace('#', ''),
			});
			expect(observationsOf(outputs[0][0])[0]).toMatchObject({
				kind: 'tracking',
				source: 'shipstation',
				data: { trackingNumber: shipment.trackingNumber },
			});
			const v2Calls = sim.requests.filter((r) => r.path.startsWith('/v2/'));
			expect(v2Calls.map((r) => r.path)).toEqual(['/v2/labels', `/v2/labels/se-${shipment.shipmentId}/track`]);
			for (const call of v2Calls) {
				expect(call.headers['api-key']).toBe('ss-v2-key');
				expect(call.headers.authorization).toBeUndefined();
			}
		},
	);

	it('without a v2 key the error says which credential field to fill', async () => {
		const { error } = await run(
			{ resource: 'labelTracking', operation: 'get', labelTrackingNumber: '1Z', labelOrderNumber: '1001' },
			{ credentials: { shipStationPostPurchaseApi: { ...credentials.shipStationPostPurchaseApi, v2ApiKey: '' } } },
		);
		expect(error?.message).toContain('v2 API key');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('ShipStation credential', () => {
	it('wrong secret: a 401 with a hint pointing at API Settings', async () => {
		const { error } = await run(
			{ resource: 'order', operation: 'getAll', orderFilter: 'status', orderStatus: 'shipped' },
			{ credentials: { shipStationPostPurchaseApi: { ...credentials.shipStationPostPurchaseApi, apiSecret: 'nope' } } },
		);
		expect(error?.message).toContain('401');
		expect((error as { description?: string } | undefined)?.description).toContain('API Settings');
	});

	it('the credential test calls a documented v1 endpoint on the configured base URL', () => {
		const test = new ShipStationPostPurchaseApi().test;
		expect(test.request.url).toBe('/webhooks');
		expect(test.request.baseURL).toContain('https://ssapi.shipstation.com');
	});
});
