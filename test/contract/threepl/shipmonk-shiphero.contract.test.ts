/**
 * ShipMonk and ShipHero contracts: ShipMonk answers, webhook payloads and upsert bodies against
 * ShipMonk's OpenAPI (webhooks section included); every ShipHero GraphQL document against
 * buildClientSchema of ShipHero's introspection. Specs are read from ../shared, never copied.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import {
	SHIPHERO_DOCUMENTS,
	SHIPHERO_ORDER_BY_PARTNER_ID,
	SHIPHERO_UPDATE_ADDRESS,
} from '../../../nodes/lib/connectors/shiphero/documents';
import { ShipMonkClient, shipmonkUpsertBody } from '../../../nodes/lib/connectors/shipmonk/client';
import {
	describeIfSpec,
	loadGraphQLIntrospection,
	loadOpenApi,
	specAt,
	validateAgainstComponent,
	validateAgainstOpenApi,
	validateGraphQL,
	type OpenApiDocument,
} from '../../helpers/specs';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShipHeroSim } from '../../sandbox/vendors/shiphero';
import { ShipMonkSim } from '../../sandbox/vendors/shipmonk';
import { shipmonkShipmentNotificationFixture } from '../../unit/threepl/fixtures';

const MONK = 'shipmonk/shipmonk-openapi.json';
const HERO = 'shiphero/shiphero_schema.json';

/** The component a webhook's JSON body is documented as (the last segment of its schema's $ref). */
function webhookBodyComponent(spec: OpenApiDocument, webhook: string): string {
	const keys = ['webhooks', webhook, 'post', 'requestBody', 'content', 'application/json', 'schema', '$ref'];
	return String(specAt(spec, keys)).split('/').pop()!;
}

describeIfSpec(MONK)('ShipMonk contract (shipmonk-openapi.json v1.024)', () => {
	let sandbox: RunningSandbox;
	let sim: ShipMonkSim;
	beforeAll(async () => {
		sim = new ShipMonkSim({ orders: 16 });
		sandbox = await startSandbox([sim]);
	});
	afterAll(() => sandbox.close());

	it(
		'every simulated order is a valid Order Detail Output (GET /v1/integrations/orders) and orderStatusChange ' +
			'payload',
		() => {
			const spec = loadOpenApi(MONK);
			for (const order of sim.orders) {
				expect(
					validateAgainstOpenApi(
						spec,
						{ path: '/v1/integrations/orders', method: 'GET', kind: 'response' },
						{ status: 200, data: order },
					).errors,
				).toEqual([]);
			}
			const webhookSchema = webhookBodyComponent(spec, 'orderStatusChange');
			expect(validateAgainstComponent(spec, webhookSchema, sim.orders[0]).errors).toEqual([]);
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/v1/integrations/orders-list', method: 'GET', kind: 'response' },
					{ status: 200, data: { orders: sim.orders } },
				).errors,
			).toEqual([]);
		},
	);

	it('the validator rejects a processing_status outside the enum', () => {
		const spec = loadOpenApi(MONK);
		const bad = { status: 200, data: { ...sim.orders[0], processing_status: 'teleported' } };
		expect(
			validateAgainstOpenApi(spec, { path: '/v1/integrations/orders', method: 'GET', kind: 'response' }, bad).valid,
		).toBe(false);
	});

	it('the shipment notification fixture is a valid orderShipmentNotification payload', () => {
		const spec = loadOpenApi(MONK);
		const schema = webhookBodyComponent(spec, 'orderShipmentNotification');
		expect(validateAgainstComponent(spec, schema, shipmonkShipmentNotificationFixture()).errors).toEqual([]);
	});

	it('address change and cancel send valid Create Or Update Order Input bodies, and answers validate', async () => {
		const spec = loadOpenApi(MONK);
		const client = new ShipMonkClient({
			transport: createFetchTransport(),
			baseUrl: sandbox.baseUrl('shipmonk'),
			headers: { 'api-key': 'sm-key-test' },
		});
		const fixed = await client.updateShippingAddress('1003', {
			name: 'Ann Lee',
			address1: '1 New St',
			city: 'Austin',
			provinceCode: 'TX',
			zip: '78701',
			countryCode: 'US',
		});
		expect(fixed.fulfillment.status).toBe('processing');
		await client.cancel('1001');
		const posts = sim.kit.requests.filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(2);
		for (const r of posts)
			expect(
				validateAgainstOpenApi(spec, { path: '/v1/integrations/order', method: 'POST', kind: 'request' }, r.json)
					.errors,
			).toEqual([]);
		expect(
			validateAgainstOpenApi(
				spec,
				{ path: '/v1/integrations/order', method: 'POST', kind: 'response' },
				{ message: 'Order updated' },
			).errors,
		).toEqual([]);
		for (const r of sim.kit.requests) {
			const documented = (spec.paths[r.path]?.[r.method.toLowerCase()]?.parameters ?? []).map((p) => p.name);
			for (const name of Object.keys(r.query)) expect(documented).toContain(name);
		}
	});
	it(
		'an upsert moving the ship_to of an order being picked gets the one documented answer (Order Sync Output) ' +
			'and changes nothing; one that may replaces the whole ship_to (omitted fields default to null)',
		async () => {
			const spec = loadOpenApi(MONK);
			const post = async (body: Record<string, unknown>) => {
				const res = await fetch(`${sandbox.baseUrl('shipmonk')}/v1/integrations/order`, {
					method: 'POST',
					headers: { 'api-key': 'sm-key-test', 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				return { status: res.status, body: (await res.json()) as { message: string } };
			};
			const orderOf = (orderNumber: string) => sim.orders.find((o) => o.order_number === orderNumber)!;
			const shipTo = {
				name: 'Ann Lee',
				street1: '9 Elm St',
				city: 'Denver',
				state: 'CO',
				zip: '80202',
				country_code: 'US',
			};
			const upsert = (orderNumber: string) => ({ ...shipmonkUpsertBody({ ...orderOf(orderNumber) }), ship_to: shipTo });
			const answerProblems = (body: unknown) =>
				validateAgainstOpenApi(spec, { path: '/v1/integrations/order', method: 'POST', kind: 'response' }, body).errors;

			// 1009 is submitted: not picked yet.
			const request = upsert('1009');
			expect(
				validateAgainstOpenApi(spec, { path: '/v1/integrations/order', method: 'POST', kind: 'request' }, request)
					.errors,
			).toEqual([]);
			const ok = await post(request);
			expect(ok).toEqual({ status: 200, body: { message: 'Order updated' } });
			expect(answerProblems(ok.body)).toEqual([]);
			expect(orderOf('1009').ship_to).toMatchObject({ ...shipTo, company: null, street2: null, phone: null });

			sim.startPicking('1010');
			const before = JSON.stringify(orderOf('1010').ship_to);
			const refused = await post(upsert('1010'));
			expect(refused.status).toBe(200);
			expect(refused.body.message).toMatch(/^Order not updated: the order is pick_in_progress/);
			expect(answerProblems(refused.body)).toEqual([]);
			expect(JSON.stringify(orderOf('1010').ship_to)).toBe(before);
			// The order being picked is still a valid Order Detail Output.
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/v1/integrations/orders', method: 'GET', kind: 'response' },
					{ status: 200, data: orderOf('1010') },
				).errors,
			).toEqual([]);
		},
	);
});

describeIfSpec(HERO)('ShipHero contract (GraphQL introspection)', () => {
	it.each(Object.entries(SHIPHERO_DOCUMENTS))("%s is valid against ShipHero's schema", (_name, document) => {
		expect(validateGraphQL(loadGraphQLIntrospection(HERO), document)).toEqual([]);
	});

	it('the validator rejects a field ShipHero does not have', () => {
		expect(
			validateGraphQL(loadGraphQLIntrospection(HERO), '{ orders { data { edges { node { teleport_status } } } } }')
				.length,
		).toBeGreaterThan(0);
	});

	it(
		'order_update: the address of a fulfilled order is refused with a GraphQL error; an order being picked (its ' +
			'lines in a tote, as the schema types them) takes it; orders(partner_order_id:) filters',
		async () => {
			const sim = new ShipHeroSim({ orders: 8 });
			const box = await startSandbox([sim]);
			try {
				const auth = (await (
					await fetch(`${box.baseUrl('shiphero')}/auth/refresh`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ refresh_token: 'sh-refresh-test' }),
					})
				).json()) as { access_token: string };
				const gql = async (query: string, variables: Record<string, unknown> = {}) =>
					(await (
						await fetch(`${box.baseUrl('shiphero')}/graphql`, {
							method: 'POST',
							headers: { authorization: `Bearer ${auth.access_token}`, 'content-type': 'application/json' },
							body: JSON.stringify({ query, variables }),
						})
					).json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string }> };
				const orderOf = (orderNumber: string) => sim.orders.find((o) => o.order_number === `#${orderNumber}`)!;
				const shipping = {
					first_name: 'Ann',
					last_name: 'Lee',
					address1: '9 Elm St',
					city: 'Denver',
					state_code: 'CO',
				};
				const update = (orderNumber: string) =>
					gql(SHIPHERO_UPDATE_ADDRESS, { data: { order_id: orderOf(orderNumber).id, shipping_address: shipping } });

				// 1006 is fulfilled (its label printed).
				const before = JSON.stringify(orderOf('1006').shipping_address);
				const refused = await update('1006');
				expect(refused.data).toEqual({ order_update: null });
				expect(refused.errors?.[0].message).toMatch(/is fulfilled: its shipping address can no longer be changed/);
				expect(JSON.stringify(orderOf('1006').shipping_address)).toBe(before);

				// orders(partner_order_id:) finds the order a store integration filed under the store's own id.
				const byPartnerId = await gql(SHIPHERO_ORDER_BY_PARTNER_ID, {
					partnerOrderId: orderOf('1008').partner_order_id,
				});
				const found = (byPartnerId.data?.orders as { data: { edges: Array<{ node: { id: string } }> } }).data.edges;
				expect(found.map((e) => e.node.id)).toEqual([orderOf('1008').id]);

				sim.startPicking('1001');
				const picked = await gql(
					`query Picked($id: String!) { order(id: $id) { data { line_items(first: 5) { edges { node {
					tote_picks { tote_id picked_quantity quantity }
				} } } } } }`,
					{ id: orderOf('1001').id },
				);
				expect(picked.errors).toBeUndefined();
				expect(JSON.stringify(picked.data)).toMatch(/"tote_id":"VG90ZTox"/);
				const taken = await update('1001');
				expect(taken.errors).toBeUndefined();
				expect(orderOf('1001').shipping_address).toMatchObject(shipping);
			} finally {
				await box.close();
			}
		},
	);
});
