/**
 * The warehouses' cancel endpoints as their published descriptions document them, simulated and checked: what
 * the client sends, what the simulator answers for an open order, one being picked and one that shipped, and
 * the orders it leaves, each validated against the vendor's own file in ../shared (ShipBob and ShipMonk
 * OpenAPI, ShipHero's GraphQL introspection).
 */
import { getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { createFetchTransport } from '../../../nodes/lib/http';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import { SHIPHERO_CANCEL } from '../../../nodes/lib/connectors/shiphero/documents';
import { ShipHeroClient } from '../../../nodes/lib/connectors/shiphero/client';
import { ShipMonkClient, shipmonkUpsertBody } from '../../../nodes/lib/connectors/shipmonk/client';
import {
	describeIfSpec,
	loadGraphQLIntrospection,
	loadOpenApi,
	refKeys,
	specAt,
	validateAgainstOpenApi,
	type OpenApiDocument,
} from '../../helpers/specs';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';
import { ShipHeroSim } from '../../sandbox/vendors/shiphero';
import { ShipMonkSim } from '../../sandbox/vendors/shipmonk';

const BOB = 'shipbob/shipbob-openapi.json';
const MONK = 'shipmonk/shipmonk-openapi.json';
const HERO = 'shiphero/shiphero_schema.json';
const CANCEL_ORDER = '/2026-01/order/{orderId}:cancel';

type Json = Record<string, unknown>;

/** The properties a component documents (ajv admits others; an invented field must still fail the test). */
function documentedFields(spec: OpenApiDocument, ref: string): string[] {
	return Object.keys((specAt(spec, refKeys(ref)) as { properties: object }).properties);
}

describeIfSpec(BOB)('ShipBob cancel (POST /2026-01/order/{orderId}:cancel)', () => {
	let sandbox: RunningSandbox;
	let sim: ShipBobSim;
	beforeAll(async () => {
		sim = new ShipBobSim({ orders: 16 });
		sandbox = await startSandbox([sim]);
	});
	afterAll(() => sandbox.close());

	const orderOf = (n: string) => sim.orders.find((o) => o.order_number === n)! as Json;
	async function cancel(orderNumber: string): Promise<{ status: number; body: Json }> {
		const res = await fetch(`${sandbox.baseUrl('shipbob')}/2026-01/order/${String(orderOf(orderNumber).id)}:cancel`, {
			method: 'POST',
			headers: { authorization: 'Bearer sb-pat-test' },
		});
		return { status: res.status, body: (await res.json()) as Json };
	}
	function problems(spec: OpenApiDocument, answer: { status: number; body: Json }): string[] {
		const errors = validateAgainstOpenApi(
			spec,
			{ path: CANCEL_ORDER, method: 'POST', kind: 'response', status: answer.status },
			answer.body,
		).errors;
		const documented = documentedFields(spec, '#/components/schemas/Orders.CanceledOrderViewModel');
		const shipmentFields = documentedFields(spec, '#/components/schemas/Orders.CanceledShipmentViewModel');
		const invented = [
			...Object.keys(answer.body).filter((k) => !documented.includes(k)),
			...((answer.body.canceled_shipment_results as Json[]) ?? []).flatMap((r) =>
				Object.keys(r).filter((k) => !shipmentFields.includes(k)),
			),
		].map((k) => `${k} is not documented`);
		return [...errors, ...invented];
	}

	it('the spec documents no request body and no query parameter: the client sends neither', async () => {
		const spec = loadOpenApi(BOB);
		const operation = spec.paths[CANCEL_ORDER].post!;
		expect(operation.requestBody).toBeUndefined();
		expect((operation.parameters ?? []).filter((p) => p.in === 'query')).toEqual([]);
		const client = new ShipBobClient({
			transport: createFetchTransport(),
			baseUrl: sandbox.baseUrl('shipbob'),
			headers: { authorization: 'Bearer sb-pat-test' },
		});
		const before = sim.kit.requests.length;
		await client.cancel({ orderNumber: '1009', orderName: '#1009' });
		const sent = sim.kit.requests.slice(before).filter((r) => r.method === 'POST');
		expect(sent).toHaveLength(1);
		expect(sent[0].path).toBe(`/2026-01/order/${String(orderOf('1009').id)}:cancel`);
		expect(sent[0].json).toBeUndefined();
		expect(sent[0].query).toEqual({});
	});

	it(
		'an open order: 200 Success, every shipment cancelled; a picked, a labelled and a shipped one: 200 Failure ' +
			'naming each shipment, nothing changed; every answer and order is as documented',
		async () => {
			const spec = loadOpenApi(BOB);
			const open = await cancel('1001');
			expect(open).toMatchObject({ status: 200, body: { status: 'Success' } });
			expect(problems(spec, open)).toEqual([]);
			expect(orderOf('1001').status).toBe('Cancelled');
			expect((orderOf('1001').shipments as Json[]).map((s) => s.status)).toEqual(['Cancelled']);

			sim.startPicking('1010');
			for (const n of ['1010', '1012', '1006']) {
				const before = JSON.stringify(orderOf(n));
				const refused = await cancel(n);
				expect({ n, status: refused.status, verdict: refused.body.status }).toEqual({
					n,
					status: 200,
					verdict: 'Failure',
				});
				const results = refused.body.canceled_shipment_results as Json[];
				expect(
					results.every((r) => r.is_success === false && /can no longer be cancelled/.test(String(r.reason))),
				).toBe(true);
				expect(problems(spec, refused)).toEqual([]);
				expect(JSON.stringify(orderOf(n))).toBe(before);
			}
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/2026-01/order', method: 'GET', kind: 'response', status: 200 },
					sim.orders,
				).errors,
			).toEqual([]);
		},
	);

	it('the documented-field check fails an invented field', () => {
		const spec = loadOpenApi(BOB);
		expect(problems(spec, { status: 200, body: { order_id: 1, status: 'Success', cancelled: true } })).toEqual([
			'cancelled is not documented',
		]);
		expect(problems(spec, { status: 200, body: { order_id: 1, status: 'Cancelled' } }).length).toBeGreaterThan(0);
	});
});

describeIfSpec(MONK)('ShipMonk cancel (POST /v1/integrations/order with order_status cancelled)', () => {
	let sandbox: RunningSandbox;
	let sim: ShipMonkSim;
	beforeAll(async () => {
		sim = new ShipMonkSim({ orders: 16 });
		sandbox = await startSandbox([sim]);
	});
	afterAll(() => sandbox.close());

	const orderOf = (n: string) => sim.orders.find((o) => o.order_number === n)! as Json;
	async function post(body: Json): Promise<{ status: number; body: Json }> {
		const res = await fetch(`${sandbox.baseUrl('shipmonk')}/v1/integrations/order`, {
			method: 'POST',
			headers: { 'api-key': 'sm-key-test', 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: res.status, body: (await res.json()) as Json };
	}
	const cancelBody = (n: string) => ({ ...shipmonkUpsertBody({ ...orderOf(n) }), order_status: 'cancelled' });

	it('the spec names cancelled as an order_status of the upsert, the way to cancel an existing order', () => {
		const spec = loadOpenApi(MONK);
		const operation = spec.paths['/v1/integrations/order'].post!;
		expect((operation as { description?: string }).description).toMatch(
			/`cancelled` will create cancelled order or cancel existing order/,
		);
		const status = specAt(
			spec,
			refKeys('#/components/schemas/Fulfillment_IntegrationsBundle_Type_OrderSyncOrderStatus'),
		);
		expect((status as { enum: string[] }).enum).toContain('cancelled');
	});

	it(
		'what the client sends is a valid Create Or Update Order Input; an open order is cancelled, one being picked ' +
			'gets cancellation_requested, a shipped one keeps its status; each answer is an Order Sync Output and each ' +
			'order a valid Order Detail Output',
		async () => {
			const spec = loadOpenApi(MONK);
			const client = new ShipMonkClient({
				transport: createFetchTransport(),
				baseUrl: sandbox.baseUrl('shipmonk'),
				headers: { 'api-key': 'sm-key-test' },
			});
			const result = await client.cancel({ orderNumber: '1001' });
			expect(result.cancelled).toBe(true);
			const sent = sim.kit.requests.filter((r) => r.method === 'POST');
			expect(sent).toHaveLength(1);
			expect(sent[0].json).toMatchObject({ order_status: 'cancelled', order_key: orderOf('1001').order_key });
			expect(
				validateAgainstOpenApi(spec, { path: '/v1/integrations/order', method: 'POST', kind: 'request' }, sent[0].json)
					.errors,
			).toEqual([]);
			expect(orderOf('1001')).toMatchObject({ order_status: 'cancelled', processing_status: 'cancelled' });

			sim.startPicking('1009');
			const picking = await post(cancelBody('1009'));
			expect(orderOf('1009')).toMatchObject({
				order_status: 'unfulfilled',
				processing_status: 'cancellation_requested',
			});
			const before = JSON.stringify(orderOf('1006'));
			const shipped = await post(cancelBody('1006'));
			expect(shipped.body.message).toMatch(/^Order not updated: the order is en_route/);
			expect(JSON.stringify(orderOf('1006'))).toBe(before);
			for (const answer of [picking, shipped]) {
				expect(answer.status).toBe(200);
				expect(
					validateAgainstOpenApi(
						spec,
						{ path: '/v1/integrations/order', method: 'POST', kind: 'response' },
						answer.body,
					).errors,
				).toEqual([]);
			}
			for (const n of ['1001', '1009', '1006'])
				expect(
					validateAgainstOpenApi(
						spec,
						{ path: '/v1/integrations/orders', method: 'GET', kind: 'response' },
						{ status: 200, data: orderOf(n) },
					).errors,
				).toEqual([]);
		},
	);
});

describeIfSpec(HERO)('ShipHero cancel (order_cancel)', () => {
	const schema = () => loadGraphQLIntrospection(HERO);
	const variableProblems = (variables: Json) => {
		const operation = parse(SHIPHERO_CANCEL).definitions[0] as OperationDefinitionNode;
		const result = getVariableValues(schema(), operation.variableDefinitions ?? [], variables);
		return (result.errors ?? []).map((e) => e.message);
	};

	it('what the client sends validates against CancelOrderInput; the check fails a field it does not have', async () => {
		const sim = new ShipHeroSim({ orders: 8 });
		const box = await startSandbox([sim]);
		try {
			const token = (
				(await (
					await fetch(`${box.baseUrl('shiphero')}/auth/refresh`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ refresh_token: 'sh-refresh-test' }),
					})
				).json()) as { access_token: string }
			).access_token;
			const client = new ShipHeroClient({
				transport: createFetchTransport(),
				baseUrl: box.baseUrl('shiphero'),
				headers: { authorization: `Bearer ${token}` },
			});
			await client.cancel({ orderNumber: '1001' }, 'Cancelled by the customer');
			const sent = sim.kit.requests.filter((r) => JSON.stringify(r.json ?? '').includes('order_cancel('));
			expect(sent).toHaveLength(1);
			const variables = (sent[0].json as { variables: Json }).variables;
			expect(variables.data).toMatchObject({ void_on_platform: false, reason: 'Cancelled by the customer' });
			expect(variables.data).not.toHaveProperty('force');
			expect(variableProblems(variables)).toEqual([]);
			expect(variableProblems({ data: { order_id: 'x', void: false } }).join(' ')).toMatch(/"void"/);
		} finally {
			await box.close();
		}
	});

	it(
		'the simulator refuses an order with a valid label without force (CancelOrderInput.force), cancels one being ' +
			'picked, and a fulfilled one stays fulfilled',
		async () => {
			const sim = new ShipHeroSim({ orders: 8 });
			const box = await startSandbox([sim]);
			try {
				const token = (
					(await (
						await fetch(`${box.baseUrl('shiphero')}/auth/refresh`, {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body: JSON.stringify({ refresh_token: 'sh-refresh-test' }),
						})
					).json()) as { access_token: string }
				).access_token;
				const orderOf = (n: string) => sim.orders.find((o) => o.order_number === `#${n}`)! as Json;
				const cancel = async (n: string) =>
					(await (
						await fetch(`${box.baseUrl('shiphero')}/graphql`, {
							method: 'POST',
							headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
							body: JSON.stringify({
								query: SHIPHERO_CANCEL,
								variables: { data: { order_id: orderOf(n).id, void_on_platform: false } },
							}),
						})
					).json()) as { data?: Json | null; errors?: Array<{ message: string }> };

				// 1005 shipped part of its lines under a valid label; 1006 is fulfilled.
				for (const n of ['1005', '1006']) {
					const before = orderOf(n).fulfillment_status;
					const refused = await cancel(n);
					expect(refused.errors?.[0].message).toMatch(/fulfilled|valid labels/);
					expect(orderOf(n).fulfillment_status).toBe(before);
				}
				sim.startPicking('1001');
				const picked = await cancel('1001');
				expect(picked.errors).toBeUndefined();
				expect(orderOf('1001').fulfillment_status).toBe('canceled');
			} finally {
				await box.close();
			}
		},
	);
});
