import fc from 'fast-check';
import { readFileSync } from 'fs';
import path from 'path';
import {
	assembleBulkRecords,
	buildOrdersSearch,
	normaliseShopDomain,
	normaliseWebhook,
	observationsFromOrder,
	orderKeyFromName,
	parseOrderRef,
	parseTags,
	readLines,
	throttleWaitMs,
	verifyShopifyWebhook,
	type GqlOrder,
} from '../../../nodes/lib/connectors/shopify';
import { OBSERVATION_KINDS } from '../../../nodes/lib/order/types';
import { signShopifyWebhook } from '../../helpers/webhookSigners';

const fixture = (name: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../../contract/shopify/fixtures', name), 'utf8'));

describe('webhook HMAC', () => {
	const secret = 'hush';
	const body = Buffer.from('{"id":1,"name":"#1001"}');
	it('accepts the X-Shopify-Hmac-Sha256 and the un-prefixed Shopify-Hmac-Sha256 header', () => {
		const sig = signShopifyWebhook(body, secret);
		expect(verifyShopifyWebhook(body, { 'X-Shopify-Hmac-Sha256': sig }, secret)).toEqual({ valid: true });
		expect(verifyShopifyWebhook(body, { 'shopify-hmac-sha256': sig }, secret)).toEqual({ valid: true });
	});
	it('verifies the raw bytes: re-serialised JSON with different spacing fails', () => {
		const sig = signShopifyWebhook(body, secret);
		expect(
			verifyShopifyWebhook(Buffer.from('{"id": 1, "name": "#1001"}'), { 'x-shopify-hmac-sha256': sig }, secret),
		).toEqual({ valid: false, reason: 'mismatch' });
	});
	it('refuses forged, truncated, missing signatures and a missing secret', () => {
		const sig = signShopifyWebhook(body, secret);
		expect(
			verifyShopifyWebhook(body, { 'x-shopify-hmac-sha256': signShopifyWebhook(body, 'other') }, secret).valid,
		).toBe(false);
		expect(verifyShopifyWebhook(body, { 'x-shopify-hmac-sha256': sig.slice(0, 20) }, secret).valid).toBe(false);
		expect(verifyShopifyWebhook(body, {}, secret)).toEqual({ valid: false, reason: 'missing_signature' });
		expect(verifyShopifyWebhook(body, { 'x-shopify-hmac-sha256': sig }, '')).toEqual({
			valid: false,
			reason: 'missing_secret',
		});
	});
});

describe('shop domain and references', () => {
	it.each([
		['my-store', 'my-store.myshopify.com'],
		['My-Store.myshopify.com', 'my-store.myshopify.com'],
		['https://my-store.myshopify.com/admin/orders', 'my-store.myshopify.com'],
	])('%s -> %s', (input, expected) => expect(normaliseShopDomain(input)).toBe(expected));
	it.each(['www.example.com', 'admin.shopify.com/store/x', 'my-store.myshopify.com.evil.com', '', 'a b'])(
		'refuses %p naming the field',
		(input) => {
			expect(() => normaliseShopDomain(input)).toThrow(expect.objectContaining({ field: 'shopDomain' }));
		},
	);
	it('order keys drop # and fulfillment/return suffixes', () => {
		expect(orderKeyFromName('#1001')).toBe('1001');
		expect(orderKeyFromName('#1001.2')).toBe('1001');
		expect(orderKeyFromName('#1001-R1')).toBe('1001');
	});
	it('order references by name and id', () => {
		expect(parseOrderRef('name', '1001')).toEqual({ by: 'name', value: '#1001' });
		expect(parseOrderRef('id', '5600000000001')).toEqual({ by: 'id', value: 'gid://shopify/Order/5600000000001' });
		expect(() => parseOrderRef('id', '#1001')).toThrow(/not a Shopify order id/);
	});
	it('search strings quote dates and reject non-dates', () => {
		expect(buildOrdersSearch({ updatedAtMin: '2025-01-01', search: 'tag:vip' })).toBe(
			"updated_at:>='2025-01-01T00:00:00.000Z' AND (tag:vip)",
		);
		expect(() => buildOrdersSearch({ updatedAtMax: 'yesterday' })).toThrow(
			expect.objectContaining({ field: 'updatedAtMax' }),
		);
	});
	it('tags are trimmed, de-duplicated and must not be empty', () => {
		expect(parseTags(' a, b ,a,, ')).toEqual(['a', 'b']);
		expect(() => parseTags(' , ')).toThrow(expect.objectContaining({ field: 'tags' }));
	});
});

describe('normalising a GraphQL order', () => {
	it('gives an order snapshot, fulfillment orders, shipments and returns with Shopify statuses verbatim', () => {
		const order: GqlOrder = fixture('get-order-return-requested.json').response.data.order;
		const obs = observationsFromOrder(order, { receivedAt: '2025-02-01T00:00:00Z' });
		const kinds = obs.map((o) => o.kind);
		expect(kinds).toEqual(expect.arrayContaining(['order', 'fulfillment_order', 'shipment', 'return']));
		for (const o of obs) {
			expect(OBSERVATION_KINDS).toContain(o.kind);
			expect(o.source).toBe('shopify');
			expect(o.orderKey).toBe(order.name.slice(1));
			expect(o.key).toBeTruthy();
		}
		const snap = obs.find((o) => o.kind === 'order')!.data as {
			fulfillmentStatus: string;
			lineItems: unknown[];
			locale: string;
		};
		expect(snap.fulfillmentStatus).toBe(order.displayFulfillmentStatus);
		expect(snap.lineItems).toHaveLength(order.lineItems!.nodes.length);
		expect(snap.locale).toBe(order.customerLocale);
		const shipment = obs.find((o) => o.kind === 'shipment')!.data as { trackingNumber: string; carrier: string };
		expect(shipment.trackingNumber).toBe(order.fulfillments![0].trackingInfo[0].number);
		expect(obs.find((o) => o.kind === 'return')!.data).toMatchObject({ status: 'requested', rawStatus: 'REQUESTED' });
	});
	it('hold reasons come through on the fulfillment order', () => {
		const order: GqlOrder = fixture('get-order-on-hold.json').response.data.order;
		const fo = observationsFromOrder(order, { receivedAt: '2025-02-01T00:00:00Z' }).find(
			(o) => o.kind === 'fulfillment_order',
		)!;
		expect(fo.data).toMatchObject({
			status: 'ON_HOLD',
			holdReasons: ['INCORRECT_ADDRESS'],
			assignedLocation: 'Main warehouse',
		});
	});
	it('a read without line items (Get Many summary) and one with them have different keys for one version', () => {
		const order: GqlOrder = fixture('get-order-shipped.json').response.data.order;
		const summary = { ...order, lineItems: undefined } as unknown as GqlOrder;
		const keyOf = (o: GqlOrder) =>
			observationsFromOrder(o, { receivedAt: '2025-02-01T00:00:00Z' }).find((x) => x.kind === 'order')!.key;
		expect(keyOf(order)).toBe(`shopify:order:${order.id}:${order.updatedAt}:lines`);
		expect(keyOf(summary)).toBe(`shopify:order:${order.id}:${order.updatedAt}`);
	});
	it('the same snapshot always gives the same keys (idempotent)', () => {
		const order: GqlOrder = fixture('get-order-shipped.json').response.data.order;
		const a = observationsFromOrder(order, { receivedAt: '2025-02-01T00:00:00Z' }).map((o) => o.key);
		const b = observationsFromOrder(order, { receivedAt: '2025-03-01T00:00:00Z' }).map((o) => o.key);
		expect(a).toEqual(b);
	});
});

describe('normalising webhook payloads', () => {
	it('orders/updated: the order observation carries the event id as its key', () => {
		const payload = fixture('payload-orders-updated.json');
		const { observations } = normaliseWebhook('orders/updated', payload, {
			receivedAt: '2025-02-01T00:00:00Z',
			eventId: 'evt-1',
		});
		const order = observations.find((o) => o.kind === 'order')!;
		expect(order.key).toBe('evt-1');
		expect(order.orderKey).toBe(payload.name.slice(1));
		expect(order.data).toMatchObject({
			financialStatus: payload.financial_status.toUpperCase(),
			fulfillmentStatus: 'FULFILLED',
		});
		const shipment = observations.find((o) => o.kind === 'shipment')!;
		expect(shipment.key).toBe(`evt-1:shipment:${shipment.sourceId}`);
	});
	it('fulfillments/create: a shipment keyed by the event id, order key from the fulfillment name', () => {
		const payload = fixture('payload-fulfillments-create.json');
		const { observations } = normaliseWebhook('fulfillments/create', payload, {
			receivedAt: '2025-02-01T00:00:00Z',
			eventId: 'evt-2',
		});
		// The parcel, then what Shopify relays from the carrier (shipment_status), one per tracking number.
		expect(observations.map((o) => o.kind)).toEqual(payload.shipment_status ? ['shipment', 'tracking'] : ['shipment']);
		expect(observations[0]).toMatchObject({
			kind: 'shipment',
			key: 'evt-2',
			orderKey: payload.name.replace(/^#/, '').replace(/\.\d+$/, ''),
		});
		expect(observations[0].data).toMatchObject({
			trackingNumber: payload.tracking_number,
			carrier: payload.tracking_company,
		});
	});
	it('topics that only name a resource ask for a lookup', () => {
		expect(
			normaliseWebhook(
				'fulfillment_orders/placed_on_hold',
				{ fulfillment_order: { id: 'gid://shopify/FulfillmentOrder/1', status: 'on_hold' } },
				{ receivedAt: 'x' },
			).lookup,
		).toEqual({ type: 'fulfillment_order', id: 'gid://shopify/FulfillmentOrder/1' });
		expect(normaliseWebhook('refunds/create', { id: 9, order_id: 12 }, { receivedAt: 'x' }).lookup).toEqual({
			type: 'order',
			id: 'gid://shopify/Order/12',
		});
		expect(
			normaliseWebhook('returns/request', { admin_graphql_api_id: 'gid://shopify/Return/3' }, { receivedAt: 'x' })
				.lookup,
		).toEqual({ type: 'return', id: 'gid://shopify/Return/3' });
	});
	it('bad payloads are clear errors naming the field', () => {
		expect(() => normaliseWebhook('orders/updated', [], { receivedAt: 'x' })).toThrow(
			expect.objectContaining({ field: 'body' }),
		);
		expect(() => normaliseWebhook('orders/updated', { id: 1 }, { receivedAt: 'x' })).toThrow(
			expect.objectContaining({ field: 'name' }),
		);
		expect(() => normaliseWebhook('fulfillments/create', { id: 1, created_at: 'x' }, { receivedAt: 'x' })).toThrow(
			expect.objectContaining({ field: 'name' }),
		);
		expect(() => normaliseWebhook('products/create', {}, { receivedAt: 'x' })).toThrow(
			expect.objectContaining({ field: 'topic' }),
		);
	});
});

describe('bulk JSONL streaming', () => {
	async function* chunks(text: string, size: number) {
		for (let i = 0; i < text.length; i += size) yield Buffer.from(text.slice(i, i + size));
	}
	const jsonl = [
		{ id: 'gid://shopify/Order/1', name: '#1' },
		{ id: 'gid://shopify/LineItem/11', sku: 'A', __parentId: 'gid://shopify/Order/1' },
		{ id: 'gid://shopify/FulfillmentOrder/12', status: 'OPEN', __parentId: 'gid://shopify/Order/1' },
		{ id: 'gid://shopify/Order/2', name: '#2' },
		{ id: 'gid://shopify/LineItem/21', sku: 'B', __parentId: 'gid://shopify/Order/2' },
		{ id: 'gid://shopify/LineItem/22', sku: 'C', __parentId: 'gid://shopify/Order/2' },
	]
		.map((l) => JSON.stringify(l))
		.join('\n');
	it.each([1, 7, 64, 100000])('reassembles children whatever the chunk size (%i bytes)', async (size) => {
		const out: GqlOrder[] = [];
		const stats = { lines: 0, roots: 0, detached: 0 };
		for await (const r of assembleBulkRecords<GqlOrder>(readLines(chunks(jsonl + '\n', size)), stats)) out.push(r);
		expect(out.map((o) => o.name)).toEqual(['#1', '#2']);
		expect(out[1].lineItems!.nodes.map((l) => l.sku)).toEqual(['B', 'C']);
		expect(out[0].fulfillmentOrders!.nodes[0].status).toBe('OPEN');
		expect(stats).toEqual({ lines: 6, roots: 2, detached: 0 });
	});
	it('a cut-off line is a clear error', async () => {
		const run = async () => {
			for await (const r of assembleBulkRecords(readLines(chunks('{"id":"gid://shopify/Order/1"}\n{"id":', 10))))
				void r;
		};
		await expect(run()).rejects.toThrow(/Line 2 of the bulk export is not JSON/);
	});
});

describe('THROTTLED wait', () => {
	it('waits for exactly the missing points at the restore rate (plus a little)', () => {
		expect(
			throttleWaitMs({
				requestedQueryCost: 752,
				actualQueryCost: null,
				throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 252, restoreRate: 100 },
			}),
		).toBe(5050);
	});
});

describe('properties', () => {
	it('a signature verifies exactly the bytes it was made for', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 1, maxLength: 2048 }),
				fc.string({ minLength: 1, maxLength: 64 }),
				fc.nat(),
				(bytes, secret, at) => {
					const body = Buffer.from(bytes);
					const sig = signShopifyWebhook(body, secret);
					expect(verifyShopifyWebhook(body, { 'x-shopify-hmac-sha256': sig }, secret).valid).toBe(true);
					const tampered = Buffer.from(body);
					tampered[at % tampered.length] ^= 0x01;
					expect(verifyShopifyWebhook(tampered, { 'x-shopify-hmac-sha256': sig }, secret).valid).toBe(false);
				},
			),
			{ numRuns: 200 },
		);
	});
	it('webhook normalisation never throws anything but a field-naming ValidationError on hostile JSON', () => {
		// Objects with Shopify's field names but any JSON values: the shapes a broken or hostile sender produces.
		const anyValue = fc.oneof(
			fc.jsonValue(),
			fc.string(),
			fc.constant(null),
			fc.array(fc.jsonValue(), { maxLength: 3 }),
			fc.array(
				fc.dictionary(
					fc.constantFrom('id', 'sku', 'title', 'quantity', 'name', 'tracking_number', 'tracking_numbers', 'status'),
					fc.jsonValue(),
				),
				{ maxLength: 3 },
			),
		);
		const keys = [
			'id',
			'name',
			'created_at',
			'updated_at',
			'financial_status',
			'fulfillment_status',
			'tags',
			'shipping_address',
			'shipping_lines',
			'line_items',
			'fulfillments',
			'customer',
			'cancel_reason',
			'tracking_numbers',
			'tracking_urls',
			'tracking_number',
			'status',
			'shipment_status',
			'order_id',
			'order_edit',
			'fulfillment_order',
			'admin_graphql_api_id',
		];
		const hostile = fc.dictionary(fc.constantFrom(...keys), anyValue);
		fc.assert(
			fc.property(
				fc.constantFrom(
					'orders/updated',
					'orders/create',
					'fulfillments/create',
					'fulfillment_orders/placed_on_hold',
					'returns/request',
					'refunds/create',
					'orders/edited',
				),
				fc.oneof(fc.jsonValue(), hostile),
				(topic, payload) => {
					try {
						normaliseWebhook(topic, payload, { receivedAt: '2025-01-01T00:00:00Z', eventId: 'e' });
					} catch (error) {
						expect((error as Error).name).toBe('ValidationError');
						expect(typeof (error as { field?: string }).field).toBe('string');
					}
				},
			),
			{ numRuns: 3000 },
		);
	});
});

describe('shipment_status relayed by Shopify (REST fulfillment bodies)', () => {
	const base = {
		id: 5698765432071,
		name: '#1007.1',
		status: 'success',
		created_at: '2026-12-02T15:04:58-05:00',
		updated_at: '2026-12-04T14:01:59-05:00',
		tracking_company: 'USPS',
		tracking_numbers: ['9400111899221007001014', '9400111899221007001021'],
		line_items: [{ id: 13456789000071, sku: 'NW-BOTTLE-750', quantity: 2 }],
		location_id: 71234567894,
	};
	const relay = (shipment_status: string | null, status = 'success') =>
		normaliseWebhook(
			'fulfillments/update',
			{ ...base, shipment_status, status },
			{ receivedAt: '2026-12-05T00:00:00Z', eventId: 'evt-s' },
		).observations.filter((o) => o.kind === 'tracking');

	it.each([
		['label_printed', 'pre_transit'],
		['label_purchased', 'pre_transit'],
		['confirmed', 'pre_transit'],
		['in_transit', 'in_transit'],
		['out_for_delivery', 'out_for_delivery'],
		['attempted_delivery', 'failed_attempt'],
		['ready_for_pickup', 'available_for_pickup'],
		['delivered', 'delivered'],
		['failure', 'exception'],
	])('%s is carrier news: %s, one fact per tracking number, dated by updated_at', (raw, status) => {
		const facts = relay(raw);
		expect(facts.map((f) => (f.data as { trackingNumber: string }).trackingNumber)).toEqual(base.tracking_numbers);
		for (const f of facts) {
			expect(f).toMatchObject({
				source: 'shopify',
				occurredAt: base.updated_at,
				data: { status, rawStatus: raw.toUpperCase(), relayedBy: 'shopify', carrier: 'USPS' },
			});
			// Delivered at the relay's time (Shopify's REST body has no delivery time): never earlier.
			expect((f.data as { deliveredAt: string | null }).deliveredAt).toBe(
				status === 'delivered' ? base.updated_at : null,
			);
		}
	});

	it('no carrier news yet (null), or a cancelled fulfillment: no tracking fact', () => {
		expect(relay(null)).toEqual([]);
		expect(relay('in_transit', 'cancelled')).toEqual([]);
	});

	it('the parcel keeps only the lines it holds and the location it left from', () => {
		const [shipment] = normaliseWebhook(
			'fulfillments/create',
			{ ...base, shipment_status: null },
			{ receivedAt: '2026-12-05T00:00:00Z', eventId: 'evt-c' },
		).observations;
		expect(shipment.data).toMatchObject({
			lines: [{ sku: 'NW-BOTTLE-750', quantity: 2 }],
			locationId: '71234567894',
			direction: 'outbound',
		});
	});
});
