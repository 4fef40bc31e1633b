/**
 * The item swap's writes against each vendor's own file in ../shared: ShipMonk's Create Or Update Order Input (the
 * whole order, its items swapped), ShipHero's AddLineItemsInput and RemoveLineItemsInput (variables checked against
 * the schema), and the order each simulator leaves, as the spec describes an order.
 */
import { getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { createFetchTransport } from '../../../nodes/lib/http';
import { SHIPHERO_ADD_LINE_ITEMS, SHIPHERO_REMOVE_LINE_ITEMS } from '../../../nodes/lib/connectors/shiphero/documents';
import { ShipHeroClient } from '../../../nodes/lib/connectors/shiphero/client';
import { ShipMonkClient } from '../../../nodes/lib/connectors/shipmonk/client';
import { describeIfSpec, loadGraphQLIntrospection, loadOpenApi, validateAgainstOpenApi } from '../../helpers/specs';
import { startSandbox } from '../../sandbox/http';
import { ShipHeroSim } from '../../sandbox/vendors/shiphero';
import { ShipMonkSim } from '../../sandbox/vendors/shipmonk';

const MONK = 'shipmonk/shipmonk-openapi.json';
const HERO = 'shiphero/shiphero_schema.json';
type Json = Record<string, unknown>;

describeIfSpec(MONK)('ShipMonk item swap (POST /v1/integrations/order)', () => {
	it('sends a valid Create Or Update Order Input, the line swapped; the order left valid', async () => {
		const spec = loadOpenApi(MONK);
		const sim = new ShipMonkSim({ orders: 16 });
		const box = await startSandbox([sim]);
		try {
			const client = new ShipMonkClient({
				transport: createFetchTransport(),
				baseUrl: box.baseUrl('shipmonk'),
				headers: { 'api-key': 'sm-key-test' },
			});
			const order = sim.orders.find((o) => o.order_number === '1001')! as Json;
			const first = (order.items as Json[])[0];
			const swap = { fromSku: String(first.sku), toSku: 'SWAP-NEW-M', quantity: Number(first.quantity), toTitle: 'M' };
			const after = await client.swapItems({ orderNumber: '1001' }, [swap]);
			expect(after.fulfillment.lines).toContainEqual(expect.objectContaining({ sku: 'SWAP-NEW-M' }));
			const sent = sim.kit.requests.filter((r) => r.method === 'POST');
			expect(sent).toHaveLength(1);
			expect(
				validateAgainstOpenApi(spec, { path: '/v1/integrations/order', method: 'POST', kind: 'request' }, sent[0].json)
					.errors,
			).toEqual([]);
			expect((sent[0].json as Json).items).toContainEqual({ sku: 'SWAP-NEW-M', quantity: swap.quantity, name: 'M' });
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/v1/integrations/orders', method: 'GET', kind: 'response' },
					{ status: 200, data: sim.orders.find((o) => o.order_number === '1001') },
				).errors,
			).toEqual([]);
		} finally {
			await box.close();
		}
	});
});

describeIfSpec(HERO)('ShipHero item swap (order_add_line_items, order_remove_line_items)', () => {
	const problems = (document: string, variables: Json) => {
		const operation = parse(document).definitions[0] as OperationDefinitionNode;
		const result = getVariableValues(loadGraphQLIntrospection(HERO), operation.variableDefinitions ?? [], variables);
		return (result.errors ?? []).map((e) => e.message);
	};

	it('what the client sends validates against AddLineItemsInput and RemoveLineItemsInput, add first', async () => {
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
			const before = await client.getOrderStatus({ orderNumber: '1001' });
			const line = before.fulfillment.lines![0];
			const swap = {
				fromSku: String(line.sku),
				toSku: 'SWAP-NEW-M',
				quantity: line.ordered,
				toTitle: 'M',
				lineItemId: 'gid://shopify/LineItem/456',
			};
			await client.swapItems({ orderNumber: '1001' }, [swap]);
			const sent = sim.kit.requests.filter((r) => /order_(add|remove)_line_items\(/.test(JSON.stringify(r.json)));
			expect(sent.map((r) => /order_add_line_items\(/.test(JSON.stringify(r.json)))).toEqual([true, false]);
			const [add, remove] = sent.map((r) => (r.json as { variables: Json }).variables);
			expect(problems(SHIPHERO_ADD_LINE_ITEMS, add)).toEqual([]);
			expect(problems(SHIPHERO_REMOVE_LINE_ITEMS, remove)).toEqual([]);
			expect((add.data as Json).line_items).toEqual([
				expect.objectContaining({ sku: 'SWAP-NEW-M', partner_line_item_id: '456-swap-SWAP-NEW-M', price: '19.50' }),
			]);
			expect(problems(SHIPHERO_REMOVE_LINE_ITEMS, { data: { order_id: 'x', line_items: [] } }).join(' ')).toMatch(
				/"line_items"/,
			);
		} finally {
			await box.close();
		}
	});
});
