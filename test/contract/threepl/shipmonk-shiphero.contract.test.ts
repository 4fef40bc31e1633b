/**
 * ShipMonk and ShipHero contracts: ShipMonk answers, webhook payloads and upsert bodies against
 * ShipMonk's OpenAPI (webhooks section included); every ShipHero GraphQL document against
 * buildClientSchema of ShipHero's introspection. Specs are read from ../shared, never copied.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { SHIPHERO_DOCUMENTS } from '../../../nodes/lib/connectors/shiphero/documents';
import { ShipMonkClient } from '../../../nodes/lib/connectors/shipmonk/client';
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
});
