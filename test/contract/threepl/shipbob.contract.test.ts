/**
 * ShipBob contract: every fixture the normaliser parses (the sim's answers) and every body the
 * client sends is validated against ShipBob's published OpenAPI (2026-01), read from ../shared.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import { describeIfSpec, loadOpenApi, validateAgainstOpenApi } from '../../helpers/specs';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';

const SPEC = 'shipbob/shipbob-openapi.json';

describeIfSpec(SPEC)('ShipBob contract (shipbob-openapi.json 2026-01)', () => {
	let sandbox: RunningSandbox;
	let sim: ShipBobSim;
	let client: ShipBobClient;
	beforeAll(async () => {
		sim = new ShipBobSim({ orders: 16 });
		sandbox = await startSandbox([sim]);
		client = new ShipBobClient({
			transport: createFetchTransport(),
			baseUrl: sandbox.baseUrl('shipbob'),
			headers: { authorization: 'Bearer sb-pat-test' },
		});
	});
	afterAll(() => sandbox.close());

	it('every simulated order is a valid Orders.OrderViewModel (GET /order response)', () => {
		const spec = loadOpenApi(SPEC);
		const result = validateAgainstOpenApi(
			spec,
			{ path: '/2026-01/order', method: 'GET', kind: 'response', status: 200 },
			sim.orders,
		);
		expect(result.errors).toEqual([]);
	});

	it('the validator really rejects a wrong shape (status outside the enum)', () => {
		const spec = loadOpenApi(SPEC);
		const bad = [{ ...sim.orders[0], status: 'Teleported' }];
		expect(validateAgainstOpenApi(spec, { path: '/2026-01/order', method: 'GET', kind: 'response' }, bad).valid).toBe(
			false,
		);
	});

	it('GET /order/{id}/shipment answers are valid, and what the client sends validates', async () => {
		const spec = loadOpenApi(SPEC);
		await client.getShipments('1001');
		await client.updateShippingAddress('1002', {
			name: 'Ann Lee',
			address1: '1 New St',
			city: 'Chicago',
			provinceCode: 'IL',
			zip: '60607',
			countryCode: 'US',
		});
		await client.cancel('1001');
		for (const r of sim.kit.requests) {
			if (r.method === 'GET' && /\/shipment$/.test(r.path)) {
				const order = sim.orders.find((o) => r.path.includes(String(o.id)))!;
				expect(
					validateAgainstOpenApi(spec, { path: r.path, method: 'GET', kind: 'response' }, order.shipments).errors,
				).toEqual([]);
			}
			if (r.method === 'PUT') {
				expect(r.path).toMatch(/^\/2026-01\/shipment\/\d+:updateAddress$/);
				expect(
					validateAgainstOpenApi(
						spec,
						{ path: '/2026-01/shipment/{shipmentId}:updateAddress', method: 'PUT', kind: 'request' },
						r.json,
					).errors,
				).toEqual([]);
			}
			// Every query parameter we send is one ShipBob documents for that operation.
			const template = Object.keys(spec.paths).find(
				(p) =>
					spec.paths[p][r.method.toLowerCase()] &&
					new RegExp(
						'^' +
							p
								.split(/\{[^}]+\}/)
								.map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
								.join('[^/:]+') +
							'$',
					).test(r.path),
			);
			expect(template).toBeDefined();
			const documented = (spec.paths[template!][r.method.toLowerCase()]!.parameters ?? []).map((p) => p.name);
			for (const name of Object.keys(r.query)) expect(documented).toContain(name);
		}
		expect(sim.kit.requests.some((r) => r.method === 'PUT')).toBe(true);
	});

	it('the cancel answer is a valid Orders.CanceledOrderViewModel', async () => {
		const spec = loadOpenApi(SPEC);
		const res = await fetch(`${sandbox.baseUrl('shipbob')}/2026-01/order/${sim.orders[2].id}:cancel`, {
			method: 'POST',
			headers: { authorization: 'Bearer sb-pat-test' },
		});
		expect(
			validateAgainstOpenApi(
				spec,
				{ path: '/2026-01/order/{orderId}:cancel', method: 'POST', kind: 'response', status: 200 },
				await res.json(),
			).errors,
		).toEqual([]);
	});

	it('webhook subscription request and answers are valid', async () => {
		const spec = loadOpenApi(SPEC);
		const body = {
			url: 'https://n8n.example.com/webhook/abc/shipbob',
			topics: ['order.shipped', 'order.shipment.on_hold'],
			description: 'n8n 3PL Fulfillment Trigger',
		};
		expect(
			validateAgainstOpenApi(spec, { path: '/2026-01/webhook', method: 'POST', kind: 'request' }, body).errors,
		).toEqual([]);
		const res = await fetch(`${sandbox.baseUrl('shipbob')}/2026-01/webhook`, {
			method: 'POST',
			headers: { authorization: 'Bearer sb-pat-test', 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(
			validateAgainstOpenApi(
				spec,
				{ path: '/2026-01/webhook', method: 'POST', kind: 'response', status: 200 },
				await res.json(),
			).errors,
		).toEqual([]);
		const list = await fetch(`${sandbox.baseUrl('shipbob')}/2026-01/webhook`, {
			headers: { authorization: 'Bearer sb-pat-test' },
		});
		expect(
			validateAgainstOpenApi(
				spec,
				{ path: '/2026-01/webhook', method: 'GET', kind: 'response', status: 200 },
				await list.json(),
			).errors,
		).toEqual([]);
	});
});
