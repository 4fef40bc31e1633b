/**
 * The product's reads answered from a capture: the real connectors run over the capture-backed Transport.
 * Not-found answers are compared with the clean-room corpus's own not-found bodies (written from the
 * vendors' specs) when it is present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FedExTracker } from '../../../nodes/lib/connectors/fedex/client';
import { ShipStationV1Client } from '../../../nodes/lib/connectors/shipstation/client';
import { getOrder, listOrders, ShopifyClient } from '../../../nodes/lib/connectors/shopify';
import { readOrders } from '../../../nodes/lib/connectors/shopify/readOrders';
import { UspsTracker } from '../../../nodes/lib/connectors/usps/client';
import { harDocument, harEntry, parseHar, type HarEntryInput } from '../../../nodes/lib/replay/har';
import { notFound } from '../../../nodes/lib/replay/reads';
import { buildReadIndex, captureTransport, type ReadLog } from '../../../nodes/lib/replay/transport';

const CORPUS = join(__dirname, '../../fixtures/vendor-native');

function transportFor(entries: HarEntryInput[], at: { ms: number }, log: ReadLog[] = []) {
	const capture = parseHar(harDocument(entries.map(harEntry)));
	return captureTransport(buildReadIndex(capture), { now: () => at.ms, log });
}

const ssOrder = (orderNumber: string, orderStatus: string) => ({
	orderId: Number(orderNumber) * 10,
	orderNumber,
	orderStatus,
	orderKey: `k${orderNumber}`,
});

describe('answering ShipStation reads', () => {
	const entries: HarEntryInput[] = [
		{
			at: '2026-12-01T15:00:00Z',
			method: 'GET',
			url: 'https://ssapi.shipstation.com/orders?orderNumber=1001',
			status: 200,
			responseBody: JSON.stringify({ orders: [ssOrder('1001', 'awaiting_shipment')], total: 1, page: 1, pages: 1 }),
		},
		{
			at: '2026-12-01T20:00:00Z',
			method: 'GET',
			url: 'https://ssapi.shipstation.com/orders?orderNumber=1001',
			status: 200,
			responseBody: JSON.stringify({ orders: [ssOrder('1001', 'shipped')], total: 1, page: 1, pages: 1 }),
		},
		// A sweep list (no order named): it answers for each order it lists.
		{
			at: '2026-12-01T18:00:00Z',
			method: 'GET',
			url: 'https://ssapi.shipstation.com/orders?modifyDateStart=2026-12-01&page=1&pageSize=100',
			status: 200,
			responseBody: JSON.stringify({ orders: [ssOrder('1002', 'awaiting_shipment')], total: 1, page: 1, pages: 1 }),
		},
		// A 500 says the vendor failed then, nothing about the order.
		{
			at: '2026-12-01T21:00:00Z',
			method: 'GET',
			url: 'https://ssapi.shipstation.com/orders?orderNumber=1001',
			status: 500,
			responseBody: '{"Message":"An error has occurred."}',
		},
	];

	it('takes the latest answer not after the read, ignoring paging, skipping failures', async () => {
		const at = { ms: Date.parse('2026-12-01T16:00:00Z') };
		const client = new ShipStationV1Client({ transport: transportFor(entries, at) });
		expect((await client.getOrdersByNumber('1001')).map((o) => o.orderStatus)).toEqual(['awaiting_shipment']);
		at.ms = Date.parse('2026-12-01T22:00:00Z');
		expect((await client.getOrdersByNumber('1001')).map((o) => o.orderStatus)).toEqual(['shipped']);
	});

	it('joins the pages of one recorded list into one answer, but never two recordings of the same page', async () => {
		const page = (n: number, orders: unknown[], pages: number) => JSON.stringify({ orders, total: 3, page: n, pages });
		const at = { ms: Date.parse('2026-12-01T19:00:00Z') };
		const client = new ShipStationV1Client({
			transport: transportFor(
				[
					{
						at: '2026-12-01T18:00:00Z',
						method: 'GET',
						url: 'https://ssapi.shipstation.com/orders?modifyDateStart=2026-12-01&page=1&pageSize=2',
						status: 200,
						responseBody: page(1, [ssOrder('1001', 'shipped'), ssOrder('1002', 'shipped')], 2),
					},
					{
						at: '2026-12-01T18:00:01Z',
						method: 'GET',
						url: 'https://ssapi.shipstation.com/orders?modifyDateStart=2026-12-01&page=2&pageSize=2',
						status: 200,
						responseBody: page(2, [ssOrder('1003', 'shipped')], 2),
					},
					{
						at: '2026-12-01T17:59:00Z',
						method: 'GET',
						url: 'https://ssapi.shipstation.com/orders?orderNumber=1004',
						status: 200,
						responseBody: page(1, [ssOrder('1004', 'awaiting_shipment')], 1),
					},
					{
						at: '2026-12-01T18:00:02Z',
						method: 'GET',
						url: 'https://ssapi.shipstation.com/orders?orderNumber=1004',
						status: 200,
						responseBody: page(1, [ssOrder('1004', 'shipped')], 1),
					},
				],
				at,
			),
		});
		const all: string[] = [];
		for await (const p of client.iterateOrders({ modifyDateStart: '2026-12-01' }))
			all.push(...p.items.map((o) => o.orderNumber));
		expect(all.sort()).toEqual(['1001', '1002', '1003']);
		expect((await client.getOrdersByNumber('1004')).map((o) => o.orderStatus)).toEqual(['shipped']);
	});

	it('answers an empty page before anything was recorded, and cuts a sweep list per order', async () => {
		const at = { ms: Date.parse('2026-12-01T14:00:00Z') };
		const log: ReadLog[] = [];
		const client = new ShipStationV1Client({ transport: transportFor(entries, at, log) });
		expect(await client.getOrdersByNumber('1001')).toEqual([]);
		expect(log[0]).toMatchObject({ from: [], status: 200 });
		at.ms = Date.parse('2026-12-01T19:00:00Z');
		expect((await client.getOrdersByNumber('1002')).map((o) => o.orderNumber)).toEqual(['1002']);
	});
});

describe('two answers recorded at the same instant', () => {
	it(
		'the direct answer to the question wins over a record cut from another list ' +
			'(a resource_url page without items)',
		async () => {
			const shipment = (items: unknown) => ({
				shipmentId: 1,
				orderNumber: '1001',
				trackingNumber: '1Z4R8W290310010012',
				shipmentItems: items,
			});
			const at = { ms: Date.parse('2026-12-01T02:00:00Z') };
			const client = new ShipStationV1Client({
				transport: transportFor(
					[
						{
							at: '2026-12-01T00:48:22Z',
							method: 'GET',
							url: 'https://ssapi.shipstation.com/shipments?orderNumber=1001&includeShipmentItems=true',
							status: 200,
							responseBody: JSON.stringify({
								shipments: [shipment([{ sku: 'A', quantity: 1 }])],
								total: 1,
								page: 1,
								pages: 1,
							}),
						},
						{
							at: '2026-12-01T00:48:22Z',
							method: 'GET',
							url: 'https://ssapi.shipstation.com/shipments?storeID=1&batchId=2&includeShipmentItems=False',
							status: 200,
							responseBody: JSON.stringify({ shipments: [shipment(null)], total: 1, page: 1, pages: 1 }),
						},
					],
					at,
				),
			});
			const page = await client.listShipmentsPage({ orderNumber: '1001', includeShipmentItems: true }, 1);
			expect(page.items.map((s) => s.shipmentItems)).toEqual([[{ sku: 'A', quantity: 1 }]]);
		},
	);
});

describe('answering a ShipStation "changed since" list nobody recorded as such', () => {
	it(
		"lists each order's latest recorded state whose modifyDate is in the window " + '(ShipStation local times)',
		async () => {
			const rec = (status: string, modifyDate: string) =>
				JSON.stringify({ orders: [{ ...ssOrder('1001', status), modifyDate }], total: 1, page: 1, pages: 1 });
			const at = { ms: Date.parse('2026-12-01T21:00:00Z') };
			const client = new ShipStationV1Client({
				transport: transportFor(
					[
						{
							at: '2026-12-01T15:00:00Z',
							method: 'GET',
							url: 'https://ssapi.shipstation.com/orders?orderNumber=1001',
							status: 200,
							responseBody: rec('awaiting_shipment', '2026-12-01T07:00:00.0000000'),
						},
						{
							at: '2026-12-01T20:00:00Z',
							method: 'GET',
							url: 'https://ssapi.shipstation.com/orders?orderNumber=1001',
							status: 200,
							responseBody: rec('shipped', '2026-12-01T11:59:00.1230000'),
						},
					],
					at,
				),
			});
			const changed = async (start: string) => {
				const out: string[] = [];
				for await (const page of client.iterateOrders({ modifyDateStart: start }))
					out.push(...page.items.map((o) => `${o.orderNumber}:${o.orderStatus}`));
				return out;
			};
			expect(await changed('2026-12-01 11:00:00')).toEqual(['1001:shipped']);
			expect(await changed('2026-12-01 12:00:00')).toEqual([]);
		},
	);
});

describe('answering Shopify order reads', () => {
	const order = {
		id: 'gid://shopify/Order/5012345678901',
		name: '#1001',
		createdAt: '2026-11-30T15:02:11Z',
		displayFinancialStatus: 'PAID',
		displayFulfillmentStatus: 'UNFULFILLED',
		fulfillments: [],
	};
	const recorded: HarEntryInput = {
		at: '2026-11-30T15:05:00Z',
		method: 'POST',
		url: 'https://northwind-outfitters.myshopify.com/admin/api/2026-10/graphql.json',
		requestBody: JSON.stringify({
			query: 'query OrderState($id: ID!) { order(id: $id) { id name } }',
			variables: { id: order.id },
		}),
		status: 200,
		responseBody: JSON.stringify({ data: { order } }),
	};

	function client(at: { ms: number }) {
		return new ShopifyClient({
			shopDomain: 'northwind-outfitters.myshopify.com',
			auth: { mode: 'accessToken', accessToken: 't' },
			transport: transportFor([recorded], at),
			maxAttempts: 1,
		});
	}

	it('a read by id answers the product whether it asks by id or by name (whatever its query is called)', async () => {
		const at = { ms: Date.parse('2026-11-30T16:00:00Z') };
		expect((await getOrder(client(at), { by: 'id', value: '5012345678901' })).name).toBe('#1001');
		expect((await getOrder(client(at), { by: 'name', value: '#1001' })).id).toBe(order.id);
	});

	it('a sweep\'s "orders updated since" is answered from every order read so far, by its updatedAt', async () => {
		const at = { ms: Date.parse('2026-11-30T16:00:00Z') };
		const since = async (min: string) => {
			const out: string[] = [];
			for await (const page of listOrders(client(at), { updatedAtMin: min })) out.push(...page.map((o) => o.name));
			return out;
		};
		expect(await since('2026-11-30T15:00:00Z')).toEqual(['#1001']);
		expect(await since('2026-11-30T15:30:00Z')).toEqual([]);
	});

	it("the processor's batched reads are answered from the same recording: nodes(ids:), names with OR", async () => {
		const at = { ms: Date.parse('2026-11-30T16:00:00Z') };
		const byId = await readOrders(client(at), [{ id: order.id }, { id: 'gid://shopify/Order/999' }]);
		expect((byId[0] as { name: string }).name).toBe('#1001');
		expect(byId[1]).toBeInstanceOf(Error);
		const byName = await readOrders(client(at), [{ name: '#1001' }, { name: '#1002' }]);
		expect((byName[0] as { id: string }).id).toBe(order.id);
		expect(byName[1]).toBeInstanceOf(Error);
	});

	it('before the order was recorded, Shopify does not have it (order: null)', async () => {
		await expect(
			getOrder(client({ ms: Date.parse('2026-11-30T15:00:00Z') }), { by: 'id', value: '5012345678901' }),
		).rejects.toThrow(/No order with id/);
	});
});

describe('answering carrier batches per number', () => {
	it(
		'FedEx: one POST for several numbers is put together from what was recorded for each; an unknown number gets ' +
			"FedEx's not-found result",
		async () => {
			const complete = (n: string) => ({
				trackingNumber: n,
				trackResults: [
					{
						trackingNumberInfo: { trackingNumber: n },
						latestStatusDetail: { code: 'IT', statusByLocale: 'In transit' },
						scanEvents: [],
					},
				],
			});
			const at = { ms: Date.parse('2026-12-02T12:00:00Z') };
			const transport = transportFor(
				[
					{
						at: '2026-12-02T10:00:00Z',
						method: 'POST',
						url: 'https://apis.fedex.com/track/v1/trackingnumbers',
						requestBody: JSON.stringify({
							trackingInfo: [
								{ trackingNumberInfo: { trackingNumber: '394807131120' } },
								{ trackingNumberInfo: { trackingNumber: '394807131131' } },
							],
						}),
						status: 200,
						responseBody: JSON.stringify({
							output: { completeTrackResults: [complete('394807131120'), complete('394807131131')] },
						}),
					},
				],
				at,
			);
			const results = await new FedExTracker(transport, { clientId: 'c', clientSecret: 's' }).trackBatch([
				'394807131131',
				'394807199990',
			]);
			expect(results.map((r) => [r.trackingNumber, r.found])).toEqual([
				['394807131131', true],
				['394807199990', false],
			]);
		},
	);

	it('USPS: one unknown number alone is a 404 for the whole call, as USPS answers it', async () => {
		const [result] = await new UspsTracker(transportFor([], { ms: Date.now() }), {
			clientId: 'c',
			clientSecret: 's',
		}).trackBatch(['9400111899561234587128']);
		expect(result.found).toBe(false);
	});

	const fedexNotFound = join(CORPUS, 'fedex/track-394807199990-not-found.json');
	(existsSync(fedexNotFound) ? it : it.skip)(
		'the FedEx not-found result has the code and message of the clean-room corpus',
		async () => {
			const corpus = JSON.parse(readFileSync(fedexNotFound, 'utf8'));
			const transport = transportFor([], { ms: Date.now() });
			const answer = await transport({
				method: 'POST',
				url: 'https://apis.fedex.com/track/v1/trackingnumbers',
				body: { trackingInfo: [{ trackingNumberInfo: { trackingNumber: '394807199990' } }] },
			});
			const ours = (
				answer.body as { output: { completeTrackResults: Array<{ trackResults: Array<{ error: unknown }> }> } }
			).output.completeTrackResults[0].trackResults[0].error;
			expect(ours).toEqual(corpus.output.completeTrackResults[0].trackResults[0].error);
		},
	);

	const dhlNotFound = join(CORPUS, 'dhl/track-4829301999-not-found.json');
	(existsSync(dhlNotFound) ? it : it.skip)(
		'the DHL not-found answer is the problem body of the clean-room corpus (404, title, detail)',
		() => {
			const corpus = JSON.parse(readFileSync(dhlNotFound, 'utf8'));
			const ours = notFound({
				vendor: 'dhl',
				method: 'GET',
				path: '/track/shipments',
				query: [{ name: 'trackingNumber', value: '4829301999' }],
			});
			expect(ours.status).toBe(corpus.status);
			expect(ours.body).toMatchObject({ title: corpus.title, detail: corpus.detail });
		},
	);
});

describe('answering ShipBob reads', () => {
	it(
		'several reference ids in one read get the union of what each was recorded as; embedded shipments answer ' +
			'/order/{id}/shipment',
		async () => {
			const order = {
				id: 318274006,
				reference_id: '5012345678906',
				order_number: '#1006',
				shipments: [{ id: 1, status: 'Completed' }],
			};
			const at = { ms: Date.parse('2026-12-02T12:00:00Z') };
			const transport = transportFor(
				[
					{
						at: '2026-11-30T20:15:00Z',
						method: 'GET',
						url: 'https://api.shipbob.com/2026-01/order?ReferenceIds=%231006',
						status: 200,
						responseBody: '[]',
					},
					{
						at: '2026-12-01T21:05:14Z',
						method: 'GET',
						url: 'https://api.shipbob.com/2026-01/order?ReferenceIds=5012345678906',
						status: 200,
						responseBody: JSON.stringify([order]),
					},
				],
				at,
			);
			const list = await transport({
				method: 'GET',
				url: 'https://api.shipbob.com/2026-01/order',
				query: { ReferenceIds: '5012345678906,#1006' },
			});
			expect(list.body).toEqual([order]);
			const shipments = await transport({
				method: 'GET',
				url: 'https://api.shipbob.com/2026-01/order/318274006/shipment',
			});
			expect(shipments.body).toEqual(order.shipments);
		},
	);
});

describe('a request to no known vendor', () => {
	it('fails like a network error, so a replay never reaches the internet', async () => {
		await expect(transportFor([], { ms: Date.now() })({ method: 'GET', url: 'https://example.org/x' })).rejects.toThrow(
			/not a vendor API/,
		);
	});
});
