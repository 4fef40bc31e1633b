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
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import {
	describeIfSpec,
	loadGraphQLIntrospection,
	loadOpenApi,
	specAt,
	validateAgainstOpenApi,
	type OpenApiDocument,
} from '../../helpers/specs';
import { startSandbox } from '../../sandbox/http';
import { ShipHeroSim } from '../../sandbox/vendors/shiphero';
import { ShipMonkSim } from '../../sandbox/vendors/shipmonk';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';

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

const BOB = 'shipbob/shipbob-openapi.json';
const GET_LINES = '/2026-01/shipment/{shipmentId}:getLineItems';
const UPDATE_LINES = '/2026-01/shipment/{shipmentId}:updateLineItems';

/** Property names of a component schema: ajv admits names a schema does not list, so answers are checked for them. */
function documented(spec: OpenApiDocument, schema: string): string[] {
	return Object.keys((specAt(spec, ['components', 'schemas', schema]) as { properties: object }).properties);
}
/**
 * The spec's path template of a request path and method. findPathTemplate lets {shipmentId} take ":getLineItems" too
 * (it would name GET /shipment/{shipmentId}); a parameter never holds a colon here, as in shipbob.contract.test.ts.
 */
function templateOf(spec: OpenApiDocument, path: string, method: string): string | undefined {
	return Object.keys(spec.paths).find(
		(p) =>
			spec.paths[p][method.toLowerCase()] &&
			new RegExp(
				`^${p
					.split(/\{[^}]+\}/)
					.map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
					.join('[^/:]+')}$`,
			).test(path),
	);
}

const undocumented = (spec: OpenApiDocument, schema: string, body: unknown) =>
	Object.keys(body as Json).filter((k) => !documented(spec, schema).includes(k));

describeIfSpec(BOB)('ShipBob item swap (GET /inventory, :getLineItems, :updateLineItems)', () => {
	it('each request of a swap is a documented operation with documented parameters; valid body', async () => {
		const spec = loadOpenApi(BOB);
		const sim = new ShipBobSim({ orders: 16 });
		const box = await startSandbox([sim]);
		try {
			const client = new ShipBobClient({
				transport: createFetchTransport(),
				baseUrl: box.baseUrl('shipbob'),
				headers: { authorization: 'Bearer sb-pat-test' },
			});
			const order = sim.orders.find((o) => o.order_number === '1001')! as Json;
			const first = ((order.shipments as Json[])[0].products as Json[])[0];
			const quantity = Number(((first.inventory_items as Json[])[0] as Json).quantity);
			await client.swapItems({ orderNumber: '1001' }, [
				{ fromSku: String(first.sku), toSku: 'SWAP-NEW-M', quantity, toTitle: 'M' },
			]);
			const operations = sim.kit.requests.map((r) => `${r.method} ${templateOf(spec, r.path, r.method) ?? r.path}`);
			expect(operations).toEqual([
				'GET /2026-01/order',
				`GET ${GET_LINES}`,
				'GET /2026-01/inventory',
				`POST ${UPDATE_LINES}`,
				'GET /2026-01/order/{orderId}',
			]);
			for (const r of sim.kit.requests) {
				const template = templateOf(spec, r.path, r.method)!;
				const parameters = spec.paths[template][r.method.toLowerCase()]!.parameters ?? [];
				for (const name of Object.keys(r.query))
					expect(parameters.filter((p) => p.in === 'query').map((p) => p.name)).toContain(name);
			}
			const post = sim.kit.requests.find((r) => r.method === 'POST')!;
			expect(
				validateAgainstOpenApi(spec, { path: UPDATE_LINES, method: 'POST', kind: 'request' }, post.json).errors,
			).toEqual([]);
			const items = (post.json as { items: Json[] }).items;
			for (const item of items)
				expect(
					Object.keys(item).filter((k) => !documented(spec, 'Orders.ShipmentLineItemsViewModel').includes(k)),
				).toEqual([]);
			expect(items).toContainEqual({ inventory_id: 7001, quantity, fulfillment_center_id: 7 });
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/2026-01/order', method: 'GET', kind: 'response' },
					sim.orders.filter((o) => o.order_number === '1001'),
				).errors,
			).toEqual([]);
		} finally {
			await box.close();
		}
	});

	it("the sim answers as documented: lines, inventory, the update's success, refusal, errors", async () => {
		const spec = loadOpenApi(BOB);
		const sim = new ShipBobSim({ orders: 16 });
		const box = await startSandbox([sim]);
		const call = async (method: string, path: string, body?: unknown) => {
			const res = await fetch(`${box.baseUrl('shipbob')}${path}`, {
				method,
				headers: { authorization: 'Bearer sb-pat-test', 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return { status: res.status, body: (await res.json()) as unknown };
		};
		const check = (path: string, method: string, answer: { status: number; body: unknown }) =>
			validateAgainstOpenApi(spec, { path, method, kind: 'response', status: answer.status }, answer.body).errors;
		try {
			const open = sim.orders.find(
				(o) => o.status === 'Processing' && ((o.shipments as Json[])[0].products as Json[]).length >= 2,
			)!;
			expect(open).toBeDefined();
			const shipmentId = (open.shipments as Json[])[0].id;
			const lines = await call('GET', `/2026-01/shipment/${shipmentId}:getLineItems`);
			expect(lines.status).toBe(200);
			expect(check(GET_LINES, 'GET', lines)).toEqual([]);
			for (const l of lines.body as Json[]) expect(undocumented(spec, 'Orders.ShipmentLineItemDetail', l)).toEqual([]);
			expect(check(GET_LINES, 'GET', await call('GET', '/2026-01/shipment/1:getLineItems'))).toEqual([]);

			const search = await call('GET', '/2026-01/inventory?SearchBy=swap-new-m&PageSize=1');
			expect(check('/2026-01/inventory', 'GET', search)).toEqual([]);
			expect(undocumented(spec, 'Inventory.InventoryResponsePagedResponse', search.body)).toEqual([]);
			for (const i of (search.body as { items: Json[] }).items)
				expect(undocumented(spec, 'Inventory.InventoryResponse', i)).toEqual([]);
			expect((search.body as { next: string | null }).next).toMatch(/Cursor=1/); // partial match: the -TALL too

			const asSent = (lines.body as Json[]).map((l) => ({ inventory_id: l.inventory_id, quantity: l.quantity }));
			// A partial list (the first line only) is refused: 400 Orders.ErrorResponse.
			const partial = await call('POST', `/2026-01/shipment/${shipmentId}:updateLineItems`, { items: [asSent[0]] });
			expect(partial.status).toBe(400);
			expect(check(UPDATE_LINES, 'POST', partial)).toEqual([]);
			expect(partial.body).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(/complete list/) });
			// An unknown inventory id, a lot on an item that is not lot-tracked: 400 too.
			for (const bad of [
				{ items: [...asSent, { inventory_id: 424242, quantity: 1 }] },
				{ items: asSent.map((l) => ({ ...l, lot_number: 'LOT-1' })) },
				{ items: [] },
			]) {
				const answer = await call('POST', `/2026-01/shipment/${shipmentId}:updateLineItems`, bad);
				expect(answer.status).toBe(400);
				expect(check(UPDATE_LINES, 'POST', answer)).toEqual([]);
			}
			// The complete list with one line's inventory swapped: 200 is_success true, the change listed.
			const swapped = [{ ...asSent[0], inventory_id: 7001 }, ...asSent.slice(1)];
			const ok = await call('POST', `/2026-01/shipment/${shipmentId}:updateLineItems`, { items: swapped });
			expect(ok.status).toBe(200);
			expect(check(UPDATE_LINES, 'POST', ok)).toEqual([]);
			expect(undocumented(spec, 'Orders.ShipmentLineItemsApiResponse', ok.body)).toEqual([]);
			expect(ok.body).toMatchObject({ is_success: true, id: shipmentId });
			// Picking started: 200 with is_success false and a CONFLICT error.
			sim.startPicking(String(open.order_number));
			const late = await call('POST', `/2026-01/shipment/${shipmentId}:updateLineItems`, { items: asSent });
			expect(late.status).toBe(200);
			expect(check(UPDATE_LINES, 'POST', late)).toEqual([]);
			expect(late.body).toMatchObject({ is_success: false, error: { code: 'CONFLICT' } });
			expect(
				validateAgainstOpenApi(spec, { path: '/2026-01/order', method: 'GET', kind: 'response' }, [open]).errors,
			).toEqual([]);
		} finally {
			await box.close();
		}
	});
});
