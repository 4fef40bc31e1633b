/**
 * Every fixture we parse and every request we send, checked against ShipStation's published material:
 * the v1 Postman collection (examples), the v1 Shipment model (documentation-derived field list) and the
 * v2 OpenAPI file.
 */
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { createShipStationSim, type ShipStationSim } from '../../sandbox/vendors/shipstation';
import { createFetchTransport } from '../../../nodes/lib/http';
import {
	ShipStationV1Client,
	ShipStationV2Client,
	TRIGGER_EVENTS,
	basicAuthHeader,
	checkResourceUrl,
	toCreateOrderRequest,
} from '../../../nodes/lib/connectors/shipstation';
import type { SsAddress, SsOrder, SsShipment } from '../../../nodes/lib/connectors/shipstation/types';
import { findPathTemplate, validateAgainstOpenApi } from '../../helpers/specs';
import { orderFixture, shipmentFixture } from '../../unit/shipstation/fixtures';
import {
	exampleHeaders,
	exampleListedOrder,
	exampleRequestBody,
	exampleResponse,
	shapeDifferences,
	shipmentDifferences,
	v1RequestProblems,
	v2QueryParameters,
	v2SpecWithClosedAllOf,
} from './contract';

describe('ShipStation v1 contract checks can fail', () => {
	it('accepts the collection example and rejects a renamed, a retyped and a missing field', () => {
		const example = exampleResponse('Get Order');
		expect(shapeDifferences(example, example)).toEqual([]);
		const renamed: Record<string, unknown> = { ...example, order_status: example.orderStatus };
		delete renamed.orderStatus;
		expect(shapeDifferences(renamed, example)).toEqual(
			expect.arrayContaining(['$.order_status: not in the example', '$.orderStatus: missing (the example has it)']),
		);
		expect(shapeDifferences({ ...example, orderId: String(example.orderId) }, example)).toEqual([
			'$.orderId: string where the example has number',
		]);
		expect(shipmentDifferences({ ...shipmentFixture(), voided: 'false' })).toEqual([
			'$.voided: string, documented as boolean',
		]);
	});

	it('flags a request the collection does not document', () => {
		expect(v1RequestProblems({ method: 'GET', path: '/orders', query: { status: 'shipped' } })).toEqual([
			'query parameter "status" is not documented for "List Orders"',
		]);
		expect(v1RequestProblems({ method: 'POST', path: '/orders/hold', query: {} })).toEqual([
			'POST /orders/hold is not in the Postman collection',
		]);
		expect(
			v1RequestProblems({
				method: 'POST',
				path: '/orders/holduntil',
				query: {},
				json: { orderId: '1', holdUntilDate: '2026-01-01' },
			}),
		).toEqual(['Hold Order Until body.orderId: string where the example has number']);
	});
});

describe('ShipStation v1 fixtures match the collection examples', () => {
	const orderExample = exampleListedOrder();

	it('hand fixtures (every status, a hold, an unknown status) have exactly the example order fields', () => {
		for (const status of [
			'awaiting_payment',
			'awaiting_shipment',
			'pending_fulfillment',
			'shipped',
			'on_hold',
			'cancelled',
			'some_new_status',
		]) {
			expect(shapeDifferences(orderFixture({ orderStatus: status }), orderExample)).toEqual([]);
		}
		expect(
			shapeDifferences(orderFixture({ orderStatus: 'on_hold', holdUntilDate: '2026-12-01' }), orderExample),
		).toEqual([]);
	});

	it('hand shipment fixtures have exactly the documented Shipment fields', () => {
		expect(shipmentDifferences(shipmentFixture())).toEqual([]);
		expect(shipmentDifferences(shipmentFixture({ voided: true, voidDate: '2026-03-03T10:00:00.0000000' }))).toEqual([]);
	});

	it('the simulator generates orders and pages shaped like List Orders', () => {
		const sim = createShipStationSim({ seed: 7, orders: 60 });
		const envelope = exampleResponse('List Orders');
		for (const order of sim.orders) expect(shapeDifferences(order, orderExample)).toEqual([]);
		expect(Object.keys({ orders: [], total: 0, page: 1, pages: 0 }).sort()).toEqual(Object.keys(envelope).sort());
	});

	it('the simulator generates shipments with exactly the documented Shipment fields', () => {
		const sim = createShipStationSim({ seed: 7, orders: 10, shipments: 200 });
		for (const shipment of sim.shipments) expect(shipmentDifferences(shipment)).toEqual([]);
	});
});

describe('ShipStation requests and answers against the contract (simulated ShipStation)', () => {
	let sandbox: RunningSandbox;
	let sim: ShipStationSim;
	let v1: ShipStationV1Client;
	let v2: ShipStationV2Client;

	beforeAll(async () => {
		sim = createShipStationSim({ seed: 3, orders: 30, shipments: 120 });
		sandbox = await startSandbox([sim]);
		sim.baseUrl = sandbox.baseUrl('shipstation');
		const transport = createFetchTransport();
		v1 = new ShipStationV1Client({
			transport,
			baseUrl: sim.baseUrl,
			auth: { apiKey: 'ss-key', apiSecret: 'ss-secret' },
		});
		v2 = new ShipStationV2Client({ transport, baseUrl: sim.baseUrl, apiKey: 'ss-v2-key' });
	});
	afterAll(() => sandbox.close());

	it(
		'every v1 request the client sends is documented by the collection, ' + 'and every answer matches its example',
		async () => {
			const order = sim.orders[0];
			const responses: Array<[string, unknown]> = [];
			for await (const page of v1.iterateOrders(
				{ orderStatus: 'shipped', modifyDateStart: '2026-03-01 00:00:00' },
				{ pageSize: 10 },
			))
				void page;
			await v1.getOrdersByNumber(order.orderNumber);
			responses.push(['Get Order', await v1.getOrder(order.orderId)]);
			const open = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
			responses.push(['Create/Update Order', await v1.updateShippingAddress(open, { street1: '1 NEW ADDRESS ST' })]);
			responses.push(['Hold Order Until', await v1.holdUntil(order.orderId, '2026-12-01')]);
			responses.push(['Restore Order from On Hold', await v1.restoreFromHold(order.orderId)]);
			responses.push([
				'Mark an Order as Shipped',
				await v1.markAsShipped({
					orderId: order.orderId,
					carrierCode: 'usps',
					shipDate: '2026-03-04',
					trackingNumber: '9400111899223434769485',
					notifyCustomer: false,
					notifySalesChannel: true,
				}),
			]);
			for await (const page of v1.iterateShipments(
				{ shipDateStart: '2026-03-01', shipDateEnd: '2026-03-31', includeShipmentItems: true },
				{ pageSize: 50 },
			)) {
				for (const shipment of page.items) expect(shipmentDifferences(shipment)).toEqual([]);
			}
			await v1.listShipmentsPage({ orderNumber: order.orderNumber }, 1);
			const subscribed = await v1.subscribeWebhook({
				target_url: 'https://n8n.example.com/webhook/x?token=t',
				event: 'SHIP_NOTIFY',
				store_id: null,
				friendly_name: 'n8n post-purchase',
			});
			responses.push(['Subscribe to Webhook', subscribed]);
			responses.push(['List Webhooks', { webhooks: await v1.listWebhooks() }]);
			await v1.unsubscribeWebhook(subscribed.id);

			for (const [name, body] of responses)
				expect({ name, problems: shapeDifferences(body, exampleResponse(name)) }).toEqual({ name, problems: [] });

			const v1Requests = sim.requests.filter((r) => !r.path.startsWith('/v2/'));
			expect(v1Requests.length).toBeGreaterThanOrEqual(12);
			for (const request of v1Requests) {
				expect({ request: `${request.method} ${request.path}`, problems: v1RequestProblems(request) }).toEqual({
					request: `${request.method} ${request.path}`,
					problems: [],
				});
			}
		},
	);

	it('our webhook subscriptions use event names and body fields the collection documents', () => {
		const example = exampleRequestBody('Subscribe to Webhook');
		expect(Object.keys(example).sort()).toEqual(['event', 'friendly_name', 'store_id', 'target_url']);
		for (const event of TRIGGER_EVENTS) {
			expect(
				v1RequestProblems({
					method: 'POST',
					path: '/webhooks/subscribe',
					query: {},
					json: { target_url: 'https://x/y', event, store_id: null, friendly_name: 'n' },
				}),
			).toEqual([]);
		}
	});

	it('a webhook resource fetch adds only the documented page parameter to the URL ShipStation gave us', async () => {
		const order = sim.orders.find((o) => o.orderStatus !== 'shipped')!;
		const { notification } = sim.shipOrder(order.orderId, 2, 'ITEM_SHIP_NOTIFY');
		const check = checkResourceUrl(notification.resource_url, sim.baseUrl);
		expect(check.ok).toBe(true);
		const before = sim.requests.length;
		const seen: number[] = [];
		for await (const page of v1.iterateResource<SsShipment>(check.url!, check.kind!))
			seen.push(...page.items.map((s) => s.shipmentId));
		expect(seen).toHaveLength(2);
		const fetch = sim.requests[before];
		const original = Object.fromEntries(new URL(notification.resource_url).searchParams.entries());
		expect(fetch.query).toEqual({ ...original, page: '1' });
		expect(v1RequestProblems({ method: 'GET', path: '/shipments', query: { page: '1' } })).toEqual([]);
	});

	it(
		'createorder replaces the address it is sent ("does not support partial updates") and leaves an order past ' +
			'the open statuses as it is',
		async () => {
			const post = async (order: SsOrder) => {
				const res = await fetch(`${sim.baseUrl}/orders/createorder`, {
					method: 'POST',
					headers: { authorization: basicAuthHeader('ss-key', 'ss-secret'), 'content-type': 'application/json' },
					body: JSON.stringify(toCreateOrderRequest(order)),
				});
				return { status: res.status, body: (await res.json()) as unknown };
			};
			const [open, other] = sim.orders.filter((o) => o.orderStatus === 'awaiting_shipment').slice(-2);
			expect(other).toBeDefined();
			const shipTo = {
				name: 'ANN LEE',
				street1: '9 ELM ST',
				city: 'DENVER',
				state: 'CO',
				postalCode: '80202',
				country: 'US',
			};
			const before = sim.requests.length;
			const ok = await post({ ...open, shipTo: shipTo as SsAddress });
			expect(ok.status).toBe(200);
			expect(shapeDifferences(ok.body, exampleResponse('Create/Update Order'))).toEqual([]);
			expect(sim.orders.find((o) => o.orderId === open.orderId)!.shipTo).toMatchObject({
				...shipTo,
				company: null,
				street2: null,
				phone: null,
			});

			sim.startPicking(other.orderId);
			const held = JSON.stringify(sim.orders.find((o) => o.orderId === other.orderId));
			const refused = await post({ ...other, shipTo: shipTo as SsAddress });
			expect(refused.status).toBe(400);
			expect(JSON.stringify(refused.body)).toMatch(/pending_fulfillment and can no longer be updated/);
			expect(JSON.stringify(sim.orders.find((o) => o.orderId === other.orderId))).toBe(held);
			// The order the warehouse works on is still a v1 order as the collection shows one.
			expect(shapeDifferences(JSON.parse(held), exampleListedOrder())).toEqual([]);
			for (const request of sim.requests.slice(before)) expect(v1RequestProblems(request)).toEqual([]);
		},
	);

	it('rate-limit headers carry the names of the collection examples', async () => {
		const before = sim.requests.length;
		await v1.listOrdersPage({}, 1, 5);
		const example = exampleHeaders('List Orders');
		expect(Object.keys(example)).toEqual(
			expect.arrayContaining(['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset']),
		);
		expect(example['x-rate-limit-limit']).toBe('40');
		expect(sim.requests.length).toBe(before + 1);
	});

	it('v2 label lookup and tracking: requests and answers validate against openapi.yaml', async () => {
		const spec = v2SpecWithClosedAllOf();
		const shipment = sim.shipments[3];
		const before = sim.requests.length;
		const label = await v2.findLabelByTrackingNumber(shipment.trackingNumber!);
		expect(label?.label_id).toBe(`se-${shipment.shipmentId}`);
		const info = await v2.trackLabel(label!.label_id);
		const [listRequest, trackRequest] = sim.requests.slice(before);

		expect(findPathTemplate(spec, listRequest.path)).toBe('/v2/labels');
		const documented = v2QueryParameters(spec, '/v2/labels', 'GET');
		for (const key of Object.keys(listRequest.query)) expect(documented).toContain(key);
		expect(findPathTemplate(spec, trackRequest.path)).toBe('/v2/labels/{label_id}/track');

		const labelsBody = {
			labels: [sim.labelFor(shipment)],
			total: 1,
			page: 1,
			pages: 1,
			links: {
				first: { href: 'https://api.shipstation.com/v2/labels?page=1' },
				last: { href: 'https://api.shipstation.com/v2/labels?page=1' },
				prev: {},
				next: {},
			},
		};
		expect(
			validateAgainstOpenApi(spec, { path: listRequest.path, method: 'GET', kind: 'response' }, labelsBody).errors,
		).toEqual([]);
		expect(
			validateAgainstOpenApi(spec, { path: trackRequest.path, method: 'GET', kind: 'response' }, info).errors,
		).toEqual([]);
		for (const s of sim.shipments.slice(0, 8)) {
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/v2/labels/se-1/track', method: 'GET', kind: 'response' },
					sim.trackingFor(s),
				).errors,
			).toEqual([]);
		}
		// and the check can fail: an undocumented field or a status outside the enum is rejected
		expect(
			validateAgainstOpenApi(
				spec,
				{ path: trackRequest.path, method: 'GET', kind: 'response' },
				{ ...info, mood: 'happy' },
			).valid,
		).toBe(false);
		expect(
			validateAgainstOpenApi(
				spec,
				{ path: trackRequest.path, method: 'GET', kind: 'response' },
				{ ...info, status_code: 'DE_LIVERED' },
			).valid,
		).toBe(false);
	});
});
