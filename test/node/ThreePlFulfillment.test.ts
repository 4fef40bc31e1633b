/**
 * 3PL Fulfillment through n8n's execution engine (test/helpers/n8n.ts), HTTP intercepted by nock and
 * answered by the 3PL simulators, with the real credential types (authenticate, preAuthentication).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { ThreePlFulfillment } from '../../nodes/ThreePlFulfillment/ThreePlFulfillment.node';
import { ShipBobPostPurchaseApi } from '../../credentials/ShipBobPostPurchaseApi.credentials';
import { ShipHeroPostPurchaseApi } from '../../credentials/ShipHeroPostPurchaseApi.credentials';
import { ShipMonkPostPurchaseApi } from '../../credentials/ShipMonkPostPurchaseApi.credentials';
import { ExtensivPostPurchaseApi } from '../../credentials/ExtensivPostPurchaseApi.credentials';
import { runNode } from '../helpers/n8n';
import { sharedSpecPath } from '../helpers/specs';
import { ShipBobSim } from '../sandbox/vendors/shipbob';
import { ShipHeroSim } from '../sandbox/vendors/shiphero';
import { ShipMonkSim } from '../sandbox/vendors/shipmonk';
import { ExtensivSim } from '../sandbox/vendors/extensiv';
import { nockSims, ORIGIN } from './threeplNock';

const credentialTypes = [
	new ShipBobPostPurchaseApi(),
	new ShipHeroPostPurchaseApi(),
	new ShipMonkPostPurchaseApi(),
	new ExtensivPostPurchaseApi(),
];
const credentials = {
	shipBobPostPurchaseApi: { token: 'sb-pat-test', environment: 'production', baseUrl: `${ORIGIN}/shipbob` },
	shipHeroPostPurchaseApi: { refreshToken: 'sh-refresh-test', accessToken: '', baseUrl: `${ORIGIN}/shiphero` },
	shipMonkPostPurchaseApi: { apiKey: 'sm-key-test', environment: 'production', baseUrl: `${ORIGIN}/shipmonk` },
	extensivPostPurchaseApi: {
		clientId: 'ext-client',
		clientSecret: 'ext-secret',
		tpl: '{0000}',
		userLoginId: '1',
		accessToken: '',
		baseUrl: `${ORIGIN}/extensiv`,
	},
};

let shipbob: ShipBobSim;
let shiphero: ShipHeroSim;
let shipmonk: ShipMonkSim;
let extensiv: ExtensivSim;
beforeEach(() => {
	shipbob = new ShipBobSim({ orders: 300, unknownStatuses: 1 });
	shiphero = new ShipHeroSim({ orders: 16 });
	shipmonk = new ShipMonkSim({ orders: 16 });
	extensiv = new ExtensivSim({ orders: 14 });
	nockSims([shipbob, shiphero, shipmonk, extensiv]);
});
afterEach(() => nock.cleanAll());

const run = (parameters: IDataObject, input = [{ json: {} }], continueOnFail = false) =>
	runNode({ nodeType: new ThreePlFulfillment(), parameters, credentials, credentialTypes, input, continueOnFail });

describe('3PL Fulfillment node', () => {
	it('ShipBob: get order status per input item, paired, with observations for Order State', async () => {
		const { outputs, error } = await run(
			{ provider: 'shipbob', operation: 'getOrderStatus', orderNumber: '={{ $json.order }}' },
			[{ json: { order: '#1002' } }, { json: { order: '1006' } }],
		);
		expect(error).toBeUndefined();
		expect(outputs[0].map((i) => i.json.status)).toEqual(['on_hold', 'shipped']);
		expect(outputs[0][0].json).toMatchObject({ orderKey: '1002', holdReason: 'address', provider: 'shipbob' });
		expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const observations = outputs[0][1].json.observations as Array<{ kind: string; source: string }>;
		// The lookup comes first: ShipBob was asked by every key it knows, and had the order.
		expect(observations.map((o) => o.kind)).toEqual(['lookup', 'fulfillment', 'shipment']);
		expect(shipbob.kit.requests.every((r) => r.headers.authorization === 'Bearer sb-pat-test')).toBe(true);
	});

	it('ShipBob: lists every order updated since, through a 500 in the middle of pagination', async () => {
		shipbob.kit.fail({ path: '/2026-01/order', page: 2, status: 500 });
		const { outputs, error } = await run({
			provider: 'shipbob',
			operation: 'listOrdersUpdatedSince',
			updatedSince: '2026-01-01T00:00:00Z',
		});
		expect(error).toBeUndefined();
		const ids = outputs[0].map((i) => i.json.externalId);
		expect(ids).toHaveLength(300);
		expect(new Set(ids).size).toBe(300);
		expect(outputs[0].find((i) => i.json.orderKey === '1001')?.json).toMatchObject({
			status: 'unknown',
			rawStatus: 'AwaitingCarrierPickup',
		});
	});

	it('stops at Max Pages and hands back a cursor to resume', async () => {
		const first = await run({
			provider: 'shipbob',
			operation: 'listOrdersUpdatedSince',
			updatedSince: '2026-01-01T00:00:00Z',
			options: { maxPages: 1 },
		});
		expect(first.outputs[0]).toHaveLength(250);
		expect(first.outputs[0][249].json.nextCursor).toBe('2');
		const rest = await run({
			provider: 'shipbob',
			operation: 'listOrdersUpdatedSince',
			updatedSince: '2026-01-01T00:00:00Z',
			options: { cursor: '2' },
		});
		expect(rest.outputs[0]).toHaveLength(50);
	});

	(sharedSpecPath('shiphero/shiphero_schema.json') ? it : it.skip)(
		'ShipHero: the refresh token becomes an access token, then shipments come back with tracking',
		async () => {
			const result = await run({ provider: 'shiphero', operation: 'getShipments', orderNumber: '1006' });
			expect(result.error).toBeUndefined();
			expect(result.outputs[0][0].json).toMatchObject({ status: 'shipped', orderKey: '1006' });
			expect((result.outputs[0][0].json.shipments as Array<{ trackingNumber: string }>)[0].trackingNumber).toBe(
				'1Z999AA100000005',
			);
			expect(result.credentials.shipHeroPostPurchaseApi.accessToken).toBe('sh-access-1');
		},
	);

	it('ShipMonk: changes the address of an order on hold for its address', async () => {
		const { outputs, error } = await run({
			provider: 'shipmonk',
			operation: 'updateShippingAddress',
			orderNumber: '1003',
			address: {
				name: 'Ann Lee',
				address1: '1 New St',
				city: 'Austin',
				provinceCode: 'TX',
				zip: '78701',
				countryCode: 'US',
			},
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ addressUpdated: true, status: 'processing' });
		expect(shipmonk.kit.requests.find((r) => r.method === 'POST')?.json).toMatchObject({
			ship_to: { street1: '1 New St', city: 'Austin' },
			order_key: 'shopify-7000002',
		});
	});

	it('Extensiv: client-credentials token, then cancel', async () => {
		const {
			outputs,
			error,
			credentials: after,
		} = await run({ provider: 'extensiv', operation: 'cancel', orderNumber: '1001', reason: 'customer asked' });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ cancelled: true, status: 'cancelled' });
		expect(after.extensivPostPurchaseApi.accessToken).toBe('ext-token-1');
	});

	it(
		'Look Up Order asks ShipBob by every key in one call; ' + 'a miss is an item with the lookup fact, not an error',
		async () => {
			const { outputs, error } = await run({
				provider: 'shipbob',
				operation: 'lookUpOrder',
				orderNumber: '#999999',
				shopifyOrderId: 'gid://shopify/Order/5012345678999',
			});
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toMatchObject({ provider: 'shipbob', orderKey: '999999', found: false });
			const [fact] = outputs[0][0].json.observations as Array<{ kind: string; data: unknown }>;
			expect(fact).toMatchObject({
				kind: 'lookup',
				data: {
					subject: 'order',
					found: false,
					keys: ['reference_id:5012345678999', 'reference_id:999999', 'reference_id:#999999'],
				},
			});
			const asked = shipbob.kit.requests.filter((r) => r.path.endsWith('/order'));
			expect(asked).toHaveLength(1);
			expect(asked[0].query.ReferenceIds).toBe('5012345678999,999999,#999999');
		},
	);

	it(
		'Look Up Order with "Now" set (a past day replayed): ' + 'the lookup is stamped with that day, not the wall clock',
		async () => {
			const { outputs, error } = await run({
				provider: 'shipbob',
				operation: 'lookUpOrder',
				orderNumber: '#999999',
				now: '2026-12-02T18:30:00Z',
			});
			expect(error).toBeUndefined();
			const [fact] = outputs[0][0].json.observations as Array<{ occurredAt: string; receivedAt: string }>;
			// the clock runs from "Now" at the real pace: within the seconds the call took
			expect(Date.parse(fact.occurredAt) - Date.parse('2026-12-02T18:30:00Z')).toBeGreaterThanOrEqual(0);
			expect(Date.parse(fact.occurredAt) - Date.parse('2026-12-02T18:30:00Z')).toBeLessThan(60_000);
			expect(Date.parse(fact.receivedAt) - Date.parse('2026-12-02T18:30:00Z')).toBeLessThan(60_000);
			const bad = await run({
				provider: 'shipbob',
				operation: 'lookUpOrder',
				orderNumber: '#999999',
				now: 'yesterday',
			});
			expect(bad.error?.message).toMatch(/"Now" is not a time/);
		},
	);

	it('Look Up Order: a hit carries the lookup fact first and the key that found the order', async () => {
		const { outputs } = await run({ provider: 'shipbob', operation: 'lookUpOrder', orderNumber: '1006' });
		expect(outputs[0][0].json).toMatchObject({ found: true, matchedBy: 'reference_id:1006', orderKey: '1006' });
		const observations = outputs[0][0].json.observations as Array<{ kind: string; data: Record<string, unknown> }>;
		expect(observations[0]).toMatchObject({
			kind: 'lookup',
			data: { found: true, keys: ['reference_id:1006', 'reference_id:#1006'] },
		});
		expect(observations.find((o) => o.kind === 'fulfillment')?.data.matchedBy).toBe('reference_id:1006');
	});

	it('Get Order Status with continueOnFail: a miss still hands Order State the lookup fact', async () => {
		const { outputs } = await run(
			{ provider: 'shipbob', operation: 'getOrderStatus', orderNumber: '999999' },
			[{ json: {} }],
			true,
		);
		expect(outputs[0][0].json.error).toMatch(/asked by reference_id:999999, reference_id:#999999/);
		expect(outputs[0][0].json.description).toMatch(/Shopify Order ID/);
		expect((outputs[0][0].json.observations as Array<{ kind: string; data: { found: boolean } }>)[0]).toMatchObject({
			kind: 'lookup',
			data: { found: false },
		});
	});

	it('an operation the provider does not support fails clearly, naming the provider', async () => {
		const { error } = await run({
			provider: 'extensiv',
			operation: 'updateShippingAddress',
			orderNumber: '1001',
			address: { address1: 'x', city: 'y' },
		});
		expect(error?.message).toBe('Update shipping address is not supported by Extensiv (3PL Central)');
		expect((error as { description?: string }).description).toMatch(/Warehouse Manager/);
		expect(extensiv.kit.requests.filter((r) => r.path.startsWith('/orders'))).toHaveLength(0);
	});

	it('continueOnFail: one bad item (empty order number, unknown order) does not stop the others', async () => {
		const { outputs, error } = await run(
			{ provider: 'shipbob', operation: 'getOrderStatus', orderNumber: '={{ $json.order }}' },
			[{ json: { order: '' } }, { json: { order: '1006' } }, { json: { order: '999999' } }],
			true,
		);
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(3);
		expect(outputs[0][0].json.error).toBe('The order number is empty');
		expect(outputs[0][0].json.description).toMatch(/Order Number/);
		expect(outputs[0][1].json.status).toBe('shipped');
		expect(outputs[0][2].json.error).toMatch(/ShipBob has no order with number 999999/);
		expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('a bad date for Updated Since names the field', async () => {
		const { error } = await run({
			provider: 'shipmonk',
			operation: 'listOrdersUpdatedSince',
			updatedSince: 'yesterday-ish',
		});
		expect(error?.message).toMatch(/"yesterday-ish" is not a date and time/);
		expect((error as { description?: string }).description).toMatch(/updatedSince/);
	});

	it('rejected credentials surface as a 401 with an actionable description', async () => {
		const { error } = await runNode({
			nodeType: new ThreePlFulfillment(),
			parameters: { provider: 'shipbob', operation: 'getOrderStatus', orderNumber: '1001' },
			credentials: {
				...credentials,
				shipBobPostPurchaseApi: { ...credentials.shipBobPostPurchaseApi, token: 'revoked' },
			},
			credentialTypes,
		});
		expect((error as { httpCode?: string }).httpCode).toBe('401');
		expect((error as { description?: string }).description).toMatch(/credentials were rejected/);
	});
});
