/**
 * Contract: every GraphQL document the package sends is valid against Shopify's published Admin
 * schema of each API version the credential offers (the four Shopify supports as of December 2026),
 * none uses a field, argument or input field Shopify deprecated in any of them (Shopify would answer
 * with X-Shopify-API-Deprecated-Reason, and the node would warn the user about our own calls), every
 * response fixture is one the default version's schema can produce for its document, and the
 * simulator's answers pass the same check. A version whose schema file is absent is skipped, saying so.
 */
import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import {
	getNamedType,
	isInputObjectType,
	isListType,
	NoDeprecatedCustomRule,
	parse,
	typeFromAST,
	validate,
	Kind,
	type GraphQLInputType,
	type GraphQLSchema,
} from 'graphql';
import {
	ALL_DOCUMENTS,
	DEFAULT_API_VERSION,
	SUPPORTED_API_VERSIONS,
	ShopifyClient,
	bulkOrdersExportQuery,
	cancelOrder,
	createSubscriptions,
	deleteSubscriptions,
	updateShippingAddress,
	addTracking,
	holdFulfillmentOrder,
	ORDER_READ_COST,
	ORDERS_PER_READ,
	EDITABLE_LINES_PER_PAGE,
	readEditableLines,
	swapLineItems,
} from '../../../nodes/lib/connectors/shopify';
import { describeIfSpec, loadShopifySchema, validateGraphQL } from '../../helpers/specs';
import { ShopifySim, queryCost } from '../../sandbox/vendors/shopify';
import { conformanceErrors } from './conformance';
import { ShopifyAdminPostPurchaseApi } from '../../../credentials/ShopifyAdminPostPurchaseApi.credentials';

const FIXTURES = path.join(__dirname, 'fixtures');
const schemaFile = (version: string) => `shopify/admin_schema_${version}.json.gz`;

/** Deprecated schema members a document selects or passes as arguments (graphql-js' own rule). */
function deprecatedInDocument(schema: GraphQLSchema, document: string): string[] {
	return validate(schema, parse(document), [NoDeprecatedCustomRule]).map((e) => e.message);
}

/** Deprecated input fields in the variables a call sends (the rule above cannot see variable values). */
function deprecatedInVariables(schema: GraphQLSchema, document: string, variables: Record<string, unknown>): string[] {
	const found: string[] = [];
	const walk = (type: GraphQLInputType, value: unknown, where: string): void => {
		if (value === null || value === undefined) return;
		const named = getNamedType(type);
		if (isListType(type) || (Array.isArray(value) && !isInputObjectType(type))) {
			for (const [i, v] of (Array.isArray(value) ? value : [value]).entries())
				walk(named as GraphQLInputType, v, `${where}[${i}]`);
			return;
		}
		if (!isInputObjectType(named)) return;
		if (Array.isArray(value)) return value.forEach((v, i) => walk(named, v, `${where}[${i}]`));
		const fields = named.getFields();
		for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
			const field = fields[key];
			if (!field) found.push(`${where}.${key}: not an input field of ${named.name}`);
			else if (field.deprecationReason)
				found.push(`${named.name}.${key} (${where}.${key}): ${field.deprecationReason}`);
			else walk(field.type, v, `${where}.${key}`);
		}
	};
	const operation = parse(document).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
	for (const definition of operation && operation.kind === Kind.OPERATION_DEFINITION
		? (operation.variableDefinitions ?? [])
		: []) {
		const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
		if (type) walk(type, variables[definition.variable.name.value], `$${definition.variable.name.value}`);
	}
	return found;
}

describe.each(SUPPORTED_API_VERSIONS.map((v) => [v]))('documents against the %s Admin schema', (version) => {
	describeIfSpec(schemaFile(version))(`Admin API ${version}`, () => {
		const schema = loadShopifySchema(version);
		it.each(Object.entries(ALL_DOCUMENTS))('%s validates', (_name, document) => {
			expect(validateGraphQL(schema, document)).toEqual([]);
		});
		it.each(Object.entries(ALL_DOCUMENTS))('%s uses nothing deprecated', (_name, document) => {
			expect(deprecatedInDocument(schema, document)).toEqual([]);
		});
		it('the credential test query validates', () => {
			const query = (new ShopifyAdminPostPurchaseApi().test.request.body as { query: string }).query;
			expect(validateGraphQL(schema, query)).toEqual([]);
		});
	});
});

describe('the order read', () => {
	it('asks for parcel contents, fulfillment orders and return parcels when parcels is true (issue 12)', () => {
		for (const field of [
			'fulfillmentLineItems',
			'reverseDeliveries',
			'ReverseDeliveryShippingDeliverable',
			'returnStatus',
			'assignedLocation',
		]) {
			expect(ALL_DOCUMENTS.GET_ORDER_QUERY).toContain(field);
		}
	});
});

describeIfSpec(schemaFile(DEFAULT_API_VERSION))(
	'the variables our mutations send use no deprecated input field',
	() => {
		it.each(SUPPORTED_API_VERSIONS.map((v) => [v]))(
			'in %s (cancel, address change, tracking, hold, webhook subscriptions)',
			async (version) => {
				const sim = new ShopifySim({ seed: 11, orders: 80 });
				const client = new ShopifyClient({
					shopDomain: sim.shopDomain,
					apiVersion: version,
					auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
					// The simulator itself, without HTTP: each request as Shopify would receive it.
					transport: async (request) => {
						const response = await sim.handle({
							method: request.method,
							path: new URL(request.url).pathname,
							query: new URLSearchParams(),
							headers: {
								'x-shopify-access-token': String(request.headers?.['x-shopify-access-token'] ?? ''),
								'content-type': 'application/json',
							},
							rawBody: String(request.body),
							json: JSON.parse(String(request.body)),
						});
						return { status: response!.status, headers: response!.headers ?? {}, body: response!.body };
					},
					random: () => 0,
				});
				const open = [...sim.allOrders()].filter((o) => o.fulfillmentOrders[0].status === 'OPEN');
				await updateShippingAddress(
					client,
					{ by: 'name', value: open[0].name },
					{ address1: '9 Elm St', city: 'Denver', provinceCode: 'CO', zip: '80203', countryCode: 'US' },
				);
				await holdFulfillmentOrder(client, open[1].fulfillmentOrders[0].id, 'INCORRECT_ADDRESS', 'check', false);
				await addTracking(
					client,
					{ by: 'name', value: open[2].name },
					{ fulfillmentOrderId: open[2].fulfillmentOrders[0].id },
					{ number: '1Z999', company: 'UPS', url: '', notifyCustomer: false },
				);
				await cancelOrder(
					client,
					{ by: 'name', value: open[3].name },
					{ reason: 'CUSTOMER', refund: true, restock: true },
					{ now: () => 0, sleep: async () => undefined } as never,
				);
				// The item swap (issue 17): one order edit, every step of it.
				const lines = await readEditableLines(client, { by: 'name', value: open[4].name });
				const line = lines.find((l) => l.choices.some((c) => c.availableForSale))!;
				const to = line.choices.find((c) => c.availableForSale)!;
				await swapLineItems(
					client,
					{ by: 'name', value: open[4].name },
					[{ lineItemId: line.lineItemId, variantId: to.variantId, quantity: line.currentQuantity }],
					{ notifyCustomer: false, staffNote: 'size swap' },
					{ now: () => 0, sleep: async () => undefined } as never,
				);
				await createSubscriptions(client, 'https://n8n.example.com/webhook/x/webhook', ['orders/updated']);
				await deleteSubscriptions(client, 'https://n8n.example.com/webhook/x/webhook');

				const schema = loadShopifySchema(version);
				const byDocument = new Map(
					Object.values(ALL_DOCUMENTS).map((d) => [d.match(/\b(?:query|mutation)\s+(\w+)/)?.[1], d]),
				);
				const operations = new Set(sim.calls.map((c) => c.operationName));
				for (const op of [
					'OrderUpdate',
					'FulfillmentOrderHold',
					'FulfillmentCreate',
					'OrderCancel',
					'WebhookSubscriptionCreate',
					'WebhookSubscriptionDelete',
					'ReadEditableLines',
					'OrderEditBegin',
					'OrderEditSetQuantity',
					'OrderEditAddVariant',
					'OrderEditCommit',
				])
					expect(operations).toContain(op);
				const problems = sim.calls.flatMap((c) =>
					deprecatedInVariables(schema, byDocument.get(c.operationName)!, c.variables ?? {}).map(
						(p) => `${c.operationName}: ${p}`,
					),
				);
				expect(problems).toEqual([]);
				// And Shopify (the simulator) saw nothing deprecated: no call would carry X-Shopify-API-Deprecated-Reason.
				expect(client.deprecations()).toEqual([]);
			},
		);

		it('the check can fail: the Boolean refund and a webhook callbackUrl are deprecated input', () => {
			const schema = loadShopifySchema(DEFAULT_API_VERSION);
			expect(
				deprecatedInDocument(
					schema,
					'mutation { orderCancel(orderId: "gid://shopify/Order/1", reason: CUSTOMER, refund: true, restock: ' +
						'true) { job { id } } }',
				).join('\n'),
			).toMatch(/argument "refund" is deprecated/);
			expect(
				deprecatedInVariables(schema, ALL_DOCUMENTS.WEBHOOK_SUBSCRIPTION_CREATE_MUTATION, {
					topic: 'ORDERS_UPDATED',
					webhookSubscription: { callbackUrl: 'https://x' },
				}).join('\n'),
			).toMatch(/WebhookSubscriptionInput\.callbackUrl/);
		});
	},
);

describeIfSpec(schemaFile(DEFAULT_API_VERSION))('the check can fail', () => {
	const schema = loadShopifySchema(DEFAULT_API_VERSION);
	it('rejects a document with a field Shopify does not have', () => {
		expect(validateGraphQL(schema, '{ order(id: "gid://shopify/Order/1") { trackingNumber } }')[0]).toMatch(
			/Cannot query field "trackingNumber"/,
		);
	});
	it('rejects a fixture with an enum value Shopify does not have', async () => {
		const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'get-order-shipped.json'), 'utf8'));
		fixture.response.data.order.displayFulfillmentStatus = 'SHIPPED';
		const errors = await conformanceErrors(
			schema,
			ALL_DOCUMENTS[fixture.document],
			fixture.variables,
			fixture.response.data,
		);
		expect(errors.join('\n')).toMatch(/OrderDisplayFulfillmentStatus/);
	});
	it('rejects a fixture missing a non-null field', async () => {
		const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'get-order-shipped.json'), 'utf8'));
		delete fixture.response.data.order.name;
		expect(
			(await conformanceErrors(schema, ALL_DOCUMENTS[fixture.document], fixture.variables, fixture.response.data))
				.length,
		).toBeGreaterThan(0);
	});
	it('rejects a fixture with a field the document did not ask for', async () => {
		const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'get-order-shipped.json'), 'utf8'));
		fixture.response.data.order.riskLevel = 'LOW';
		expect(
			(await conformanceErrors(schema, ALL_DOCUMENTS[fixture.document], fixture.variables, fixture.response.data)).join(
				'\n',
			),
		).toMatch(/does not produce/);
	});
});

describeIfSpec(schemaFile(DEFAULT_API_VERSION))(
	`response fixtures conform to the ${DEFAULT_API_VERSION} schema`,
	() => {
		const schema = loadShopifySchema(DEFAULT_API_VERSION);
		const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !f.startsWith('payload-'));
		it('there are fixtures for reads, mutations with userErrors, bulk and webhooks', () => {
			expect(files.length).toBeGreaterThanOrEqual(9);
		});
		it.each(files.map((f) => [f]))('%s', async (file) => {
			const fixture = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
			expect(ALL_DOCUMENTS[fixture.document]).toBeDefined();
			expect(fixture.response.errors).toBeUndefined();
			expect(
				await conformanceErrors(schema, ALL_DOCUMENTS[fixture.document], fixture.variables, fixture.response.data),
			).toEqual([]);
			// extensions.cost has Shopify's shape
			expect(fixture.response.extensions.cost).toEqual({
				requestedQueryCost: expect.any(Number),
				actualQueryCost: expect.any(Number),
				throttleStatus: {
					maximumAvailable: expect.any(Number),
					currentlyAvailable: expect.any(Number),
					restoreRate: expect.any(Number),
				},
			});
		});
	},
);

describeIfSpec(schemaFile(DEFAULT_API_VERSION))('the simulator answers conform too', () => {
	const schema = loadShopifySchema(DEFAULT_API_VERSION);
	const sim = new ShopifySim({ seed: 3, orders: 20 });
	const order = [...sim.allOrders()][4];
	const cases: Array<[string, Record<string, unknown>]> = [
		['GET_ORDER_QUERY', { id: order.id }],
		['FIND_ORDER_BY_NAME_QUERY', { query: `name:${order.name.slice(1)}` }],
		['READ_ORDERS_BY_NAME_QUERY', { first: 2, after: null, query: `name:${order.name.slice(1)}` }],
		['LIST_ORDERS_QUERY', { first: 5, after: null, query: null, reverse: false }],
		['SEARCH_ORDERS_QUERY', { first: 5, after: null, query: 'name:10*' }],
		['SHOP_QUERY', {}],
		['GET_FULFILLMENT_ORDER_QUERY', { id: order.fulfillmentOrders[0].id }],
		['WEBHOOK_SUBSCRIPTIONS_QUERY', { first: 10, after: null, callbackUrl: null }],
		['READ_EDITABLE_LINES_QUERY', { id: order.id, first: EDITABLE_LINES_PER_PAGE, after: null }],
	];
	it.each(cases)('%s', async (name, variables) => {
		const response = await sim.execute(ALL_DOCUMENTS[name], variables);
		expect(response.errors).toBeUndefined();
		expect(await conformanceErrors(schema, ALL_DOCUMENTS[name], variables, response.data)).toEqual([]);
	});
	it('the order edit mutations, begin to commit (issue 17)', async () => {
		const open = [...sim.allOrders()].find((o) => o.fulfillmentOrders[0].status === 'OPEN' && !o.cancelledAt)!;
		const check = async (name: string, variables: Record<string, unknown>) => {
			const response = await sim.execute(ALL_DOCUMENTS[name], variables);
			expect(response.errors).toBeUndefined();
			expect(await conformanceErrors(schema, ALL_DOCUMENTS[name], variables, response.data)).toEqual([]);
			return response.data as Record<string, Record<string, unknown>>;
		};
		const begun = await check('ORDER_EDIT_BEGIN_MUTATION', { id: open.id });
		const calculated = begun.orderEditBegin.calculatedOrder as {
			id: string;
			lineItems: { nodes: Array<{ id: string }> };
		};
		const lines = await check('READ_EDITABLE_LINES_QUERY', {
			id: open.id,
			first: EDITABLE_LINES_PER_PAGE,
			after: null,
		});
		const first = (
			lines.order.lineItems as {
				nodes: Array<{
					variant: { product: { variants: { nodes: Array<{ id: string; availableForSale: boolean }> } } };
				}>;
			}
		).nodes[0];
		await check('ORDER_EDIT_SET_QUANTITY_MUTATION', {
			id: calculated.id,
			lineItemId: calculated.lineItems.nodes[0].id,
			quantity: 0,
			restock: true,
		});
		const other = first.variant.product.variants.nodes.find((v, i) => i > 0 && v.availableForSale)!;
		await check('ORDER_EDIT_ADD_VARIANT_MUTATION', {
			id: calculated.id,
			variantId: other.id,
			quantity: 1,
			allowDuplicates: false,
		});
		// Refused input answers with userErrors, in the schema's shape too.
		const again = await check('ORDER_EDIT_ADD_VARIANT_MUTATION', {
			id: calculated.id,
			variantId: other.id,
			quantity: 1,
			allowDuplicates: false,
		});
		expect(again.orderEditAddVariant.userErrors).toHaveLength(1);
		await check('ORDER_EDIT_COMMIT_MUTATION', { id: calculated.id, notifyCustomer: false, staffNote: 'swap' });
	});
});

describeIfSpec(schemaFile(DEFAULT_API_VERSION))(
	"query cost stays under Shopify's 1,000-point single-query limit",
	() => {
		const schema = loadShopifySchema(DEFAULT_API_VERSION);
		it.each([
			['GET_ORDER_QUERY', {}],
			['FIND_ORDER_BY_NAME_QUERY', {}],
			['LIST_ORDERS_QUERY', { first: 250 }],
			['SEARCH_ORDERS_QUERY', { first: 50 }],
			['READ_EDITABLE_LINES_QUERY', { first: EDITABLE_LINES_PER_PAGE }],
			['ORDER_EDIT_BEGIN_MUTATION', {}],
		])('%s', (name, variables) => {
			const { cost } = queryCost(schema, parse(ALL_DOCUMENTS[name]), variables);
			expect(cost).toBeLessThanOrEqual(1000);
			if (name === 'LIST_ORDERS_QUERY') expect(cost).toBe(2 + 250 * 3);
		});
		it('the batched order read: ORDER_READ_COST points an order, ORDERS_PER_READ orders a call', () => {
			const cost = (first: number) => queryCost(schema, parse(ALL_DOCUMENTS.READ_ORDERS_BY_NAME_QUERY), { first }).cost;
			expect(cost(1)).toBe(2 + ORDER_READ_COST);
			expect(cost(ORDERS_PER_READ)).toBeLessThanOrEqual(1000);
			expect(cost(ORDERS_PER_READ + 1)).toBeGreaterThan(1000);
			// nodes(ids:) is a list, not a connection: sized as if Shopify charged every id its order.
			expect(ORDERS_PER_READ * ORDER_READ_COST).toBeLessThanOrEqual(1000);
			expect(ALL_DOCUMENTS.READ_ORDERS_BY_ID_QUERY).toMatch(/nodes\(ids: \$ids\)[^]*\.\.\.OrderObservedFields/);
		});
	},
);

describeIfSpec(schemaFile(DEFAULT_API_VERSION))('the bulk export query', () => {
	it('embeds the search safely as a string literal', () => {
		const hostile = `updated_at:>='2025-01-01' "} mutation { orderCancel }`;
		const doc = bulkOrdersExportQuery(hostile);
		expect(validateGraphQL(loadShopifySchema(DEFAULT_API_VERSION), doc)).toEqual([]);
		expect(doc).not.toMatch(/^\s*mutation/m);
	});
});
