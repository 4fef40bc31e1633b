/**
 * The warehouse glue (nodes/shared/warehouse.ts) through n8n's execution engine: a probe node declares the
 * Warehouse parameter and its credentials as a node would, opens the port for each item from the chosen
 * credential (n8n's request helper, the credential types' own authentication) and reads or changes the
 * address. HTTP is intercepted by nock and answered by the simulators.
 */
import nock from 'nock';
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { ShipStationPostPurchaseApi } from '../../credentials/ShipStationPostPurchaseApi.credentials';
import { ShipBobPostPurchaseApi } from '../../credentials/ShipBobPostPurchaseApi.credentials';
import { ShipHeroPostPurchaseApi } from '../../credentials/ShipHeroPostPurchaseApi.credentials';
import { ShipMonkPostPurchaseApi } from '../../credentials/ShipMonkPostPurchaseApi.credentials';
import { ExtensivPostPurchaseApi } from '../../credentials/ExtensivPostPurchaseApi.credentials';
import type { Address } from '../../nodes/lib/order/types';
import { sameShipTo, WAREHOUSES, type Warehouse } from '../../nodes/lib/selfservice/warehouse';
import { toNodeError } from '../../nodes/shared/errors';
import {
	openWarehousePort,
	WAREHOUSE_CREDENTIALS,
	warehouseCredentials,
	warehouseProperty,
} from '../../nodes/shared/warehouse';
import { runNode } from '../helpers/n8n';
import { sharedSpecPath } from '../helpers/specs';
import { ExtensivSim } from '../sandbox/vendors/extensiv';
import { ShipBobSim } from '../sandbox/vendors/shipbob';
import { ShipHeroSim } from '../sandbox/vendors/shiphero';
import { ShipMonkSim } from '../sandbox/vendors/shipmonk';
import { createShipStationSim, type ShipStationSim } from '../sandbox/vendors/shipstation';
import { nockShipStation } from '../unit/shipstation/nockSim';
import { nockSims, ORIGIN } from './threeplNock';

const show = { operation: ['read', 'changeAddress'] };
const PROBE_CREDENTIALS = warehouseCredentials(show);

/** A node as the self-service flow's would be: Warehouse, its credentials, and the port per item. */
class WarehouseProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Warehouse Probe',
		name: 'warehouseProbe',
		group: ['transform'],
		version: 1,
		description: 'Reads or changes the ship-to at the warehouse (test only)',
		defaults: { name: 'Warehouse Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: PROBE_CREDENTIALS,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				options: [
					{ name: 'Change Address', value: 'changeAddress' },
					{ name: 'Read', value: 'read' },
				],
				default: 'read',
			},
			warehouseProperty(),
			{ displayName: 'Order Key', name: 'orderKey', type: 'string', default: '' },
			{ displayName: 'Address', name: 'address', type: 'json', default: '{}' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			try {
				const port = await openWarehousePort(this, i);
				const ref = { orderKey: this.getNodeParameter('orderKey', i) as string };
				const now = () => new Date();
				const result =
					this.getNodeParameter('operation', i) === 'changeAddress'
						? await port.changeAddress(ref, JSON.parse(this.getNodeParameter('address', i) as string), now)
						: await port.read(ref, now);
				out.push({
					json: { warehouse: port.warehouse, canChangeAddress: port.canChangeAddress, ...result } as IDataObject,
					pairedItem: { item: i },
				});
			} catch (error) {
				throw toNodeError(this.getNode(), error, i);
			}
		}
		return [out];
	}
}

const credentialTypes = [
	new ShipStationPostPurchaseApi(),
	new ShipBobPostPurchaseApi(),
	new ShipHeroPostPurchaseApi(),
	new ShipMonkPostPurchaseApi(),
	new ExtensivPostPurchaseApi(),
];
const credentials = {
	shipStationPostPurchaseApi: { apiKey: 'ss-key', apiSecret: 'ss-secret', v2ApiKey: '', v1BaseUrl: '', v2BaseUrl: '' },
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

const HAS_SHIPHERO_SCHEMA = !!sharedSpecPath('shiphero/shiphero_schema.json');
const READABLE = WAREHOUSES.filter((w) => w !== 'shiphero' || HAS_SHIPHERO_SCHEMA);

let shipstation: ShipStationSim;
let shipbob: ShipBobSim;
beforeEach(() => {
	nock.disableNetConnect();
	shipstation = createShipStationSim({ seed: 5, orders: 12 });
	nockShipStation(shipstation);
	nockSims([
		(shipbob = new ShipBobSim({ orders: 12 })),
		new ShipHeroSim({ orders: 12 }),
		new ShipMonkSim({ orders: 12 }),
		new ExtensivSim({ orders: 12 }),
	]);
});
afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

/** An order each warehouse has and has not started ('1001' everywhere but the generated ShipStation). */
function openOrder(warehouse: Warehouse): string {
	if (warehouse !== 'shipstation') return '1001';
	return shipstation.orders.find((o) => o.orderStatus === 'awaiting_shipment')!.orderNumber.replace(/^#/, '');
}

describe('warehouse glue', () => {
	it('the Warehouse parameter offers the five systems by name, a choice (not an expression)', () => {
		const property = warehouseProperty({ show: { operation: ['changeAddress'] } });
		expect(property).toMatchObject({
			name: 'warehouse',
			type: 'options',
			noDataExpression: true,
			default: 'shipstation',
			displayOptions: { show: { operation: ['changeAddress'] } },
		});
		expect(property.options).toEqual([
			{ name: 'Extensiv (3PL Central)', value: 'extensiv' },
			{ name: 'ShipBob', value: 'shipbob' },
			{ name: 'ShipHero', value: 'shiphero' },
			{ name: 'ShipMonk', value: 'shipmonk' },
			{ name: 'ShipStation', value: 'shipstation' },
		]);
		expect(property.description).toMatch(/the system the store's orders are fulfilled from/i);
		expect(warehouseProperty().displayOptions).toBeUndefined();
	});

	it('each warehouse credential is the existing type, shown only for its warehouse and the extra conditions', () => {
		expect(PROBE_CREDENTIALS).toEqual(
			WAREHOUSES.map((w) => ({
				name: WAREHOUSE_CREDENTIALS[w],
				required: true,
				displayOptions: { show: { operation: ['read', 'changeAddress'], warehouse: [w] } },
			})),
		);
		expect(WAREHOUSE_CREDENTIALS).toEqual({
			shipstation: 'shipStationPostPurchaseApi',
			shipbob: 'shipBobPostPurchaseApi',
			shiphero: 'shipHeroPostPurchaseApi',
			shipmonk: 'shipMonkPostPurchaseApi',
			extensiv: 'extensivPostPurchaseApi',
		});
		expect(warehouseCredentials()[0].displayOptions).toEqual({ show: { warehouse: ['shipstation'] } });
	});

	it.each(READABLE)('%s: the port opened from the chosen credential reads the order, paired', async (warehouse) => {
		const { outputs, error } = await runNode({
			nodeType: new WarehouseProbe(),
			parameters: { operation: 'read', warehouse, orderKey: openOrder(warehouse) },
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(outputs[0][0].json).toMatchObject({
			warehouse,
			canChangeAddress: warehouse !== 'extensiv',
			address: { address1: expect.stringMatching(/MAIN ST/i) },
		});
		expect((outputs[0][0].json.status as { status: string }).status).not.toBe('not_found');
	});

	it('ShipBob: the address change goes through n8n, once, and reads back', async () => {
		const address: Address = {
			name: 'Ann Lee',
			address1: '9 Elm St',
			city: 'Denver',
			provinceCode: 'CO',
			zip: '80202',
			countryCode: 'US',
		};
		const run = () =>
			runNode({
				nodeType: new WarehouseProbe(),
				parameters: {
					operation: 'changeAddress',
					warehouse: 'shipbob',
					orderKey: '1001',
					address: JSON.stringify(address),
				},
				credentials,
				credentialTypes,
			});
		const first = await run();
		expect(first.error).toBeUndefined();
		expect(first.outputs[0][0].json).toMatchObject({ adopted: false });
		expect(sameShipTo(first.outputs[0][0].json.address as Address, address)).toBe(true);
		// A second run (nothing kept in between) finds the address there and adopts it.
		const second = await run();
		expect(second.outputs[0][0].json).toMatchObject({ adopted: true });
		expect(shipbob.kit.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
		expect(shipbob.kit.requests.every((r) => r.headers.authorization === 'Bearer sb-pat-test')).toBe(true);
	});

	it('Extensiv: the change is refused with its reason, naming the field and what to do', async () => {
		const { error } = await runNode({
			nodeType: new WarehouseProbe(),
			parameters: {
				operation: 'changeAddress',
				warehouse: 'extensiv',
				orderKey: '1001',
				address: JSON.stringify({ address1: '9 Elm St', city: 'Denver', countryCode: 'US' }),
			},
			credentials,
			credentialTypes,
		});
		expect(error?.message).toMatch(/Extensiv \(3PL Central\) cannot change a ship-to address/);
		expect(JSON.stringify(error)).toMatch(/Warehouse Manager/);
	});

	it('a warehouse without its credential is named, with what to do', async () => {
		const { error } = await runNode({
			nodeType: new WarehouseProbe(),
			parameters: { operation: 'read', warehouse: 'shipmonk', orderKey: '1001' },
			credentials: { shipStationPostPurchaseApi: credentials.shipStationPostPurchaseApi },
			credentialTypes,
		});
		expect(error?.message).toMatch(/The ShipMonk credential could not be read/);
		expect(JSON.stringify(error)).toMatch(/Select the ShipMonk credential on this node/);
	});
});
