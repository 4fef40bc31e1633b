/**
 * Contract: every GraphQL document the package sends is valid against Shopify's published Admin
 * schema (2025-01, the default, and 2024-10, the other version the credential offers), every
 * response fixture is one that schema can produce for its document, and the simulator's answers
 * pass the same check.
 */
import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import { parse } from 'graphql';
import { ALL_DOCUMENTS, SUPPORTED_API_VERSIONS, bulkOrdersExportQuery } from '../../../nodes/lib/connectors/shopify';
import { loadShopifySchema, validateGraphQL } from '../../helpers/specs';
import { ShopifySim, queryCost } from '../../sandbox/vendors/shopify';
import { conformanceErrors } from './conformance';
import { ShopifyAdminPostPurchaseApi } from '../../../credentials/ShopifyAdminPostPurchaseApi.credentials';

const FIXTURES = path.join(__dirname, 'fixtures');

describe.each(SUPPORTED_API_VERSIONS.map((v) => [v]))('documents against the %s Admin schema', (version) => {
	const schema = loadShopifySchema(version);
	it.each(Object.entries(ALL_DOCUMENTS))('%s validates', (_name, document) => {
		expect(validateGraphQL(schema, document)).toEqual([]);
	});
});

describe('documents against the 2026-10 Admin schema (the newest Shopify supports in December 2026)', () => {
	// Every field added for issue 12 (parcel lines, fulfillment order links, return parcels' reverse
	// deliveries, assigned location ids) must exist in the current schema as well as the offered ones.
	const schema = loadShopifySchema('2026-10');
	it.each(Object.entries(ALL_DOCUMENTS))('%s validates', (_name, document) => {
		expect(validateGraphQL(schema, document)).toEqual([]);
	});
	it('the order read asks for parcel contents, fulfillment orders and return parcels when parcels is true', () => {
		for (const field of ['fulfillmentLineItems', 'reverseDeliveries', 'ReverseDeliveryShippingDeliverable', 'returnStatus', 'assignedLocation']) {
			expect(ALL_DOCUMENTS.GET_ORDER_QUERY).toContain(field);
		}
	});
});

describe('the credential test query', () => {
	it.each(SUPPORTED_API_VERSIONS.map((v) => [v]))('validates against %s', (version) => {
		const query = (new ShopifyAdminPostPurchaseApi().test.request.body as { query: string }).query;
		expect(validateGraphQL(loadShopifySchema(version), query)).toEqual([]);
	});
});

describe('the check can fail', () => {
	const schema = loadShopifySchema('2025-01');
	it('rejects a document with a field Shopify does not have', () => {
		expect(validateGraphQL(schema, '{ order(id: "gid://shopify/Order/1") { trackingNumber } }')[0]).toMatch(/Cannot query field "trackingNumber"/);
	});
	it('rejects a fixture with an enum value Shopify does not have', async () => {
		const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'get-order-shipped.json'), 'utf8'));
		fixture.response.data.order.displayFulfillmentStatus = 'SHIPPED';
		const errors = await conformanceErrors(schema, ALL_DOCUMENTS[fixture.document], fixture.variables, fixture.response.data);
		expect(errors.join('\n')).toMatch(/OrderDisplayFulfillmentStatus/);
	});
	it('rejects a fixture missing a non-null field', async () => {
		const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'get-order-shipped.json'), 'utf8'));
		delete fixture.response.data.order.name;
		expect((await conformanceErrors(schema, ALL_DOCUMENTS[fixture.document], fixture.variables, fixture.response.data)).length).toBeGreaterThan(0);
	});
	it('rejects a fixture with a field the document did not ask for', async () => {
		const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'get-order-shipped.json'), 'utf8'));
		fixture.response.data.order.riskLevel = 'LOW';
		expect((await conformanceErrors(schema, ALL_DOCUMENTS[fixture.document], fixture.variables, fixture.response.data)).join('\n')).toMatch(/does not produce/);
	});
});

describe('response fixtures conform to the 2025-01 schema', () => {
	const schema = loadShopifySchema('2025-01');
	const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !f.startsWith('payload-'));
	it('there are fixtures for reads, mutations with userErrors, bulk and webhooks', () => {
		expect(files.length).toBeGreaterThanOrEqual(9);
	});
	it.each(files.map((f) => [f]))('%s', async (file) => {
		const fixture = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
		expect(ALL_DOCUMENTS[fixture.document]).toBeDefined();
		expect(fixture.response.errors).toBeUndefined();
		expect(await conformanceErrors(schema, ALL_DOCUMENTS[fixture.document], fixture.variables, fixture.response.data)).toEqual([]);
		// extensions.cost has Shopify's shape
		expect(fixture.response.extensions.cost).toEqual({
			requestedQueryCost: expect.any(Number),
			actualQueryCost: expect.any(Number),
			throttleStatus: { maximumAvailable: expect.any(Number), currentlyAvailable: expect.any(Number), restoreRate: expect.any(Number) },
		});
	});
});

describe('the simulator answers conform too', () => {
	const schema = loadShopifySchema('2025-01');
	const sim = new ShopifySim({ seed: 3, orders: 20 });
	const order = [...sim.allOrders()][4];
	const cases: Array<[string, Record<string, unknown>]> = [
		['GET_ORDER_QUERY', { id: order.id }],
		['FIND_ORDER_BY_NAME_QUERY', { query: `name:${order.name.slice(1)}` }],
		['LIST_ORDERS_QUERY', { first: 5, after: null, query: null, reverse: false }],
		['SEARCH_ORDERS_QUERY', { first: 5, after: null, query: 'name:10*' }],
		['SHOP_QUERY', {}],
		['GET_FULFILLMENT_ORDER_QUERY', { id: order.fulfillmentOrders[0].id }],
		['WEBHOOK_SUBSCRIPTIONS_QUERY', { first: 10, after: null, callbackUrl: null }],
	];
	it.each(cases)('%s', async (name, variables) => {
		const response = await sim.execute(ALL_DOCUMENTS[name], variables);
		expect(response.errors).toBeUndefined();
		expect(await conformanceErrors(schema, ALL_DOCUMENTS[name], variables, response.data)).toEqual([]);
	});
});

describe('query cost stays under Shopify\'s 1,000-point single-query limit', () => {
	const schema = loadShopifySchema('2025-01');
	it.each([
		['GET_ORDER_QUERY', {}],
		['FIND_ORDER_BY_NAME_QUERY', {}],
		['LIST_ORDERS_QUERY', { first: 250 }],
		['SEARCH_ORDERS_QUERY', { first: 50 }],
	])('%s', (name, variables) => {
		const { cost } = queryCost(schema, parse(ALL_DOCUMENTS[name]), variables);
		expect(cost).toBeLessThanOrEqual(1000);
		if (name === 'LIST_ORDERS_QUERY') expect(cost).toBe(2 + 250 * 3);
	});
});

describe('the bulk export query', () => {
	it('embeds the search safely as a string literal', () => {
		const hostile = `updated_at:>='2025-01-01' "} mutation { orderCancel }`;
		const doc = bulkOrdersExportQuery(hostile);
		expect(validateGraphQL(loadShopifySchema('2025-01'), doc)).toEqual([]);
		expect(doc).not.toMatch(/^\s*mutation/m);
	});
});
