/**
 * ShipBob contract: every fixture the normaliser parses (the sim's answers) and every body the
 * client sends is validated against ShipBob's published OpenAPI (2026-01), read from ../shared.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import {
	describeIfSpec,
	loadOpenApi,
	refKeys,
	specAt,
	validateAgainstOpenApi,
	type OpenApiDocument,
} from '../../helpers/specs';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';

const SPEC = 'shipbob/shipbob-openapi.json';
const UPDATE_ADDRESS = '/2026-01/shipment/{shipmentId}:updateAddress';

/**
 * The property names the spec documents for an answer of PUT updateAddress. ajv admits names a schema does not
 * list, so a body with an invented field (the sim once answered { id, status }) would validate without this.
 */
function documentedAnswerFields(spec: OpenApiDocument, status: string): string[] {
	const ref = specAt(spec, [
		'paths',
		UPDATE_ADDRESS,
		'put',
		'responses',
		status,
		'content',
		'application/json',
		'schema',
		'$ref',
	]);
	return Object.keys((specAt(spec, refKeys(String(ref))) as { properties: object }).properties);
}

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

	it(
		'the address change answers as documented: 200 Orders.ShipmentApiResponse; 400 Orders.ErrorResponse for a ' +
			'picked, labelled or shipped shipment and an incomplete request; the recipient fields sent are kept',
		async () => {
			const spec = loadOpenApi(SPEC);
			const shipmentOf = (orderNumber: string) =>
				(sim.orders.find((o) => o.order_number === orderNumber)!.shipments as Array<{ id: number }>)[0].id;
			const put = async (orderNumber: string, body: Record<string, unknown>) => {
				const res = await fetch(
					`${sandbox.baseUrl('shipbob')}/2026-01/shipment/${shipmentOf(orderNumber)}:updateAddress`,
					{
						method: 'PUT',
						headers: { authorization: 'Bearer sb-pat-test', 'content-type': 'application/json' },
						body: JSON.stringify(body),
					},
				);
				return { status: res.status, body: (await res.json()) as Record<string, unknown> };
			};
			const answerProblems = (answer: { status: number; body: Record<string, unknown> }) => [
				...validateAgainstOpenApi(
					spec,
					{ path: UPDATE_ADDRESS, method: 'PUT', kind: 'response', status: answer.status },
					answer.body,
				).errors,
				...Object.keys(answer.body)
					.filter((k) => !documentedAnswerFields(spec, String(answer.status)).includes(k))
					.map((k) => `${k} is not a documented field of the ${answer.status} answer`),
			];
			const request = {
				street_address1: '9 Elm St',
				street_address2: null,
				city: 'Denver',
				state: 'CO',
				zip_code: '80202',
				country_code: 'US',
				recipient_name: 'Ann Lee',
				company_name: null,
				phone_number: '555-0101',
				email: 'ann@example.com',
			};
			expect(
				validateAgainstOpenApi(spec, { path: UPDATE_ADDRESS, method: 'PUT', kind: 'request' }, request).errors,
			).toEqual([]);

			// 1009 is Processing and not picked yet.
			const ok = await put('1009', request);
			expect(ok).toMatchObject({ status: 200, body: { is_success: true } });
			expect(answerProblems(ok)).toEqual([]);
			const changed = sim.orders.find((o) => o.order_number === '1009')!;
			expect(changed.recipient).toMatchObject({
				name: 'Ann Lee',
				phone_number: '555-0101',
				email: 'ann@example.com',
				address: { address1: '9 Elm St', city: 'Denver', state: 'CO', country: 'US' },
			});

			// 1010 is being picked (status detail Picked), 1012 is labelled, 1006 has shipped.
			sim.startPicking('1010');
			const before = JSON.stringify(sim.orders.find((o) => o.order_number === '1010')!.recipient);
			for (const orderNumber of ['1010', '1012', '1006']) {
				const refused = await put(orderNumber, request);
				expect({ orderNumber, status: refused.status, code: refused.body.code }).toEqual({
					orderNumber,
					status: 400,
					code: 'CONFLICT',
				});
				expect(answerProblems(refused)).toEqual([]);
			}
			expect(JSON.stringify(sim.orders.find((o) => o.order_number === '1010')!.recipient)).toBe(before);
			const incomplete = await put('1009', { city: 'Denver' });
			expect(incomplete).toMatchObject({ status: 400, body: { code: 'VALIDATION_ERROR' } });
			expect(answerProblems(incomplete)).toEqual([]);

			// The orders as they are now (a changed recipient, a picked shipment) are still valid OrderViewModels.
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/2026-01/order', method: 'GET', kind: 'response', status: 200 },
					sim.orders,
				).errors,
			).toEqual([]);
		},
	);

	it('the documented-field check flags an invented field (the answers the sim gave before)', () => {
		const spec = loadOpenApi(SPEC);
		expect(documentedAnswerFields(spec, '200').sort()).toEqual(['error', 'id', 'is_success']);
		expect(documentedAnswerFields(spec, '400').sort()).toEqual(['code', 'message']);
		const invented = (status: string, body: object) =>
			Object.keys(body).filter((k) => !documentedAnswerFields(spec, status).includes(k));
		expect(invented('200', { id: 1, status: 'Processing' })).toEqual(['status']);
		expect(invented('400', { type: 'error', title: 'Shipment can no longer be updated', status: 400 })).toEqual([
			'type',
			'title',
			'status',
		]);
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
