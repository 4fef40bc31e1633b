import {
	collectPages,
	holdReasonFromText,
	parseJsonBody,
	parseWebhookEvent,
	snapshotToObservations,
	toOrderKey,
	verifyWebhook,
	type FulfillmentSnapshot,
} from '../../../nodes/lib/connectors/threepl';
import { normaliseExtensivOrder } from '../../../nodes/lib/connectors/extensiv/normalise';
import { normaliseShipBobOrder } from '../../../nodes/lib/connectors/shipbob/normalise';
import { normaliseShipHeroOrder } from '../../../nodes/lib/connectors/shiphero/normalise';
import {
	normaliseShipMonkOrder,
	normaliseShipMonkShipmentNotification,
	SHIPMONK_PROCESSING_STATUS,
} from '../../../nodes/lib/connectors/shipmonk/normalise';
import { parseTimeRemaining, shipheroRetryClassifier } from '../../../nodes/lib/connectors/shiphero/client';
import { FULFILLMENT_STATUSES } from '../../../nodes/lib/order/types';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';
import { ShipMonkSim } from '../../sandbox/vendors/shipmonk';
import { describeIfSpec, loadOpenApi } from '../../helpers/specs';
import {
	extensivClosedOrderFixture,
	shipheroShipmentUpdateFixture,
	shipmonkShipmentNotificationFixture,
} from './fixtures';
import { signShipBob, signShipHero, signShipMonk } from '../../helpers/webhookSigners';

const NOW = '2026-01-07T00:00:00.000Z';

describe('order keys', () => {
	it.each([
		['#1001', '1001'],
		[' #1001 ', '1001'],
		['##1001', '1001'],
		['1001', '1001'],
		['SO-77', 'SO-77'],
	])('%s -> %s', (input, expected) => expect(toOrderKey(input)).toBe(expected));
});

describe('hold reasons from free text', () => {
	it.each([
		['InvalidAddress: Address could not be validated', 'address'],
		['OutOfStock: Item is out of stock', 'inventory'],
		['Payment pending', 'payment'],
		['Manual review by merchant', 'manual_review'],
		['Something else entirely', 'other'],
	])('%s -> %s', (text, reason) => expect(holdReasonFromText(text)).toBe(reason));
});

describe('normalisers never drop an unknown status', () => {
	it('ShipBob: an order status ShipBob adds later is unknown with the raw value', () => {
		const order = { ...new ShipBobSim({ orders: 1 }).orders[0], status: 'QuantumSorting' };
		expect(normaliseShipBobOrder(order, NOW).fulfillment).toMatchObject({
			status: 'unknown',
			rawStatus: 'QuantumSorting',
		});
	});
	it('ShipHero: a custom account status is unknown with the raw value', () => {
		const s = normaliseShipHeroOrder(
			{
				id: 'x',
				order_number: '#9',
				fulfillment_status: 'Waiting for Gift Wrap',
				holds: {},
				line_items: { edges: [] },
			},
			NOW,
		);
		expect(s.fulfillment).toMatchObject({ status: 'unknown', rawStatus: 'Waiting for Gift Wrap' });
		expect(s.orderKey).toBe('9');
	});
	it('ShipMonk: every processing_status in the published enum has a mapping, and a new one is unknown', () => {
		const enumValues: string[] = specEnum();
		for (const value of enumValues) expect(SHIPMONK_PROCESSING_STATUS[value]).toBeDefined();
		const order = {
			...new ShipMonkSim({ orders: 1 }).orders[0],
			order_status: 'unfulfilled',
			processing_status: 'drone_dispatch',
		};
		expect(normaliseShipMonkOrder(order, NOW).fulfillment).toMatchObject({
			status: 'unknown',
			rawStatus: 'unfulfilled/drone_dispatch',
		});
	});
	it('Extensiv: a Status code outside 0/1/2 is unknown with the raw value', () => {
		const order = extensivClosedOrderFixture();
		(order.ReadOnly as Record<string, unknown>).Status = 7;
		expect(normaliseExtensivOrder(order, NOW).fulfillment).toMatchObject({ status: 'unknown', rawStatus: 'Status 7' });
	});
	it('every normalised status is one of the canonical ones', () => {
		const all = [
			...new ShipBobSim({ orders: 16 }).orders.map((o) => normaliseShipBobOrder(o, NOW)),
			...new ShipMonkSim({ orders: 16 }).orders.map((o) => normaliseShipMonkOrder(o, NOW)),
		];
		for (const s of all) expect(FULFILLMENT_STATUSES).toContain(s.fulfillment.status);
	});
});

function specEnum(): string[] {
	try {
		return loadOpenApi('shipmonk/shipmonk-openapi.json').components!.schemas!
			.Fulfillment_OrderBundle_Enum_OrderListStatus.enum as string[];
	} catch {
		return Object.keys(SHIPMONK_PROCESSING_STATUS);
	}
}

describe('Extensiv (documentation-derived fixture)', () => {
	it('a closed order that shipped 2 of 3 mugs is partially_shipped, one shipment per package', () => {
		const s = normaliseExtensivOrder(extensivClosedOrderFixture(), NOW);
		expect(s.orderKey).toBe('2001');
		expect(s.fulfillment.status).toBe('partially_shipped');
		expect(s.fulfillment.lines).toEqual([
			{ sku: 'TEE-BLK-M', ordered: 2, shipped: 2 },
			{ sku: 'MUG-11OZ', ordered: 3, shipped: 1 },
		]);
		expect(s.shipments.map((x) => x.trackingNumber)).toEqual(['794900001', '794900002']);
		expect(s.shipments[0]).toMatchObject({ carrier: 'FedEx', shippedAt: '2026-01-06T12:00:00.000Z' });
	});
});

describe('ShipMonk shipment notification', () => {
	it('gives the packages with tracking and lines shipped vs ordered; legacy date objects in UTC are placed', () => {
		const n = normaliseShipMonkShipmentNotification(shipmonkShipmentNotificationFixture());
		expect(n.orderKey).toBe('1006');
		expect(n.shippedAt).toBe('2026-01-06T10:00:00.000Z');
		expect(n.shipments).toHaveLength(1);
		expect(n.shipments[0]).toMatchObject({
			trackingNumber: '9400111',
			carrier: 'USPS',
			lines: [{ sku: 'TEE-BLK-M', lineId: '1006-1', quantity: 2 }],
		});
		expect(n.lines).toEqual([
			{ sku: 'TEE-BLK-M', ordered: 2, shipped: 2 },
			{ sku: 'MUG-11OZ', ordered: 1, shipped: 0 },
		]);
	});
});

describe('observations', () => {
	it('one fulfillment fact plus one per parcel, with keys that only change when the fact changes', () => {
		const order = new ShipBobSim({ orders: 6 }).orders[5];
		const snap = normaliseShipBobOrder(order, NOW);
		const first = snapshotToObservations(snap, NOW);
		const again = snapshotToObservations(normaliseShipBobOrder(order, NOW), '2026-01-08T00:00:00Z');
		expect(first.map((o) => o.kind)).toEqual(['fulfillment', 'shipment']);
		expect(first.map((o) => o.key)).toEqual(again.map((o) => o.key));
		expect(first[0]).toMatchObject({ source: 'shipbob', orderKey: '1006', sourceId: String(order.id) });
		const changed = snapshotToObservations(
			{ ...snap, fulfillment: { ...snap.fulfillment, status: 'cancelled', rawStatus: 'Cancelled' } },
			NOW,
		);
		expect(changed[0].key).not.toBe(first[0].key);
	});
});

describe('pagination helper', () => {
	it(
		'drops an order seen on an earlier page ' + '(lists shift while orders change) and stops at maxPages with a cursor',
		async () => {
			const snap = (id: string) => ({ externalId: id }) as FulfillmentSnapshot;
			const pages: Record<string, { snapshots: FulfillmentSnapshot[]; nextCursor?: string }> = {
				'1': { snapshots: [snap('a'), snap('b')], nextCursor: '2' },
				'2': { snapshots: [snap('b'), snap('c')], nextCursor: '3' },
				'3': { snapshots: [snap('d')] },
			};
			const all = await collectPages(async (c) => pages[c ?? '1']);
			expect(all.snapshots.map((s) => s.externalId)).toEqual(['a', 'b', 'c', 'd']);
			const part = await collectPages(async (c) => pages[c ?? '1'], { maxPages: 2 });
			expect(part).toMatchObject({ nextCursor: '3', pagesFetched: 2 });
		},
	);
});

describe('webhook signatures', () => {
	const body = Buffer.from(JSON.stringify({ hello: 'world', n: 1 }));
	const nowMs = Date.parse('2026-01-07T00:00:00Z');

	it('ShipBob (Standard Webhooks): valid, tampered, stale, missing', () => {
		const secret = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
		const ts = String(nowMs / 1000);
		const headers = {
			'webhook-id': 'msg_1',
			'webhook-timestamp': ts,
			'webhook-signature': `v1,bogus v1,${signShipBob(secret, 'msg_1', ts, body).slice(3)}`,
		};
		expect(verifyWebhook('shipbob', body, headers, secret, nowMs)).toEqual({ ok: true });
		expect(verifyWebhook('shipbob', Buffer.from(body.toString() + ' '), headers, secret, nowMs).ok).toBe(false);
		expect(verifyWebhook('shipbob', body, headers, secret, nowMs + 10 * 60_000).reason).toMatch(/5 minute window/);
		expect(verifyWebhook('shipbob', body, { 'webhook-id': 'msg_1' }, secret, nowMs).reason).toMatch(/missing/);
		expect(
			verifyWebhook(
				'shipbob',
				body,
				headers,
				'whsec_' + Buffer.from('another-secret-entirely').toString('base64'),
				nowMs,
			).ok,
		).toBe(false);
	});

	it('ShipHero: base64 HMAC-SHA256 of the raw body', () => {
		const headers = { 'x-shiphero-hmac-sha256': signShipHero('s3cret', body) };
		expect(verifyWebhook('shiphero', body, headers, 's3cret', nowMs).ok).toBe(true);
		expect(verifyWebhook('shiphero', body, headers, 'other', nowMs).ok).toBe(false);
		expect(verifyWebhook('shiphero', body, {}, 's3cret', nowMs).reason).toMatch(/missing x-shiphero-hmac-sha256/);
	});

	it('ShipMonk: HMAC-SHA512 in X-Sm-Signature, hex or base64', () => {
		expect(verifyWebhook('shipmonk', body, { 'x-sm-signature': signShipMonk('k', body, 'hex') }, 'k', nowMs).ok).toBe(
			true,
		);
		expect(
			verifyWebhook('shipmonk', body, { 'X-Sm-Signature': signShipMonk('k', body, 'base64') }, 'k', nowMs).ok,
		).toBe(true);
		expect(
			verifyWebhook('shipmonk', body, { 'x-sm-signature': signShipMonk('k', 'other', 'hex') }, 'k', nowMs).ok,
		).toBe(false);
		expect(verifyWebhook('shipmonk', body, { 'x-sm-signature': 'abc' }, '', nowMs).reason).toMatch(/no signing secret/);
	});
});

describe('webhook events', () => {
	it('malformed JSON is a clear error naming the body', () => {
		expect(() => parseJsonBody(Buffer.from('{"order_key": '))).toThrow(/not valid JSON/);
		expect(() => parseJsonBody(Buffer.from('[1,2]'))).toThrow(/not a JSON object/);
	});
	it('ShipMonk order status change is normalised directly', () => {
		const order = new ShipMonkSim({ orders: 3 }).orders[2];
		const e = parseWebhookEvent('shipmonk', order, {}, NOW);
		expect(e).toMatchObject({ topic: 'orderStatusChange', orderKey: '1003' });
		expect(e.snapshot?.fulfillment).toMatchObject({ status: 'on_hold', holdReason: 'address' });
		expect(parseWebhookEvent('shipmonk', shipmonkShipmentNotificationFixture(), {}, NOW)).toMatchObject({
			topic: 'orderShipmentNotification',
			orderKey: '1006',
		});
		expect(() => parseWebhookEvent('shipmonk', { rma: 'x' }, {}, NOW)).toThrow(
			/neither an order status change nor a shipment notification/,
		);
	});
	it('ShipHero and ShipBob carry the order to read', () => {
		expect(parseWebhookEvent('shiphero', shipheroShipmentUpdateFixture('#1006'), {}, NOW)).toMatchObject({
			topic: 'Shipment Update',
			orderKey: '1006',
			test: false,
		});
		expect(
			parseWebhookEvent(
				'shipbob',
				{ data: { order_id: 900005, reference_id: '1006' } },
				{ 'x-webhook-topic': 'order.shipped' },
				NOW,
			),
		).toMatchObject({ topic: 'order.shipped', externalId: '900005', orderKey: '1006' });
	});
});

describe('ShipHero throttle parsing', () => {
	it.each([
		['7 seconds', 7000],
		['1 second', 1000],
		['0:00:02.5', 2500],
		[3, 3000],
	])('%s -> %d ms', (input, ms) => expect(parseTimeRemaining(input)).toBe(ms));
	it('a code 30 answer is retried after time_remaining; other errors are not', () => {
		expect(
			shipheroRetryClassifier({
				status: 200,
				headers: {},
				body: { errors: [{ code: 30, time_remaining: '4 seconds' }] },
			}),
		).toEqual({ retry: true, delayMs: 4000 });
		expect(
			shipheroRetryClassifier({ status: 200, headers: {}, body: { errors: [{ code: 9, message: 'bad' }] } }),
		).toBeUndefined();
	});
});

describeIfSpec('shipbob/shipbob-openapi.json')('ShipBob mapping covers the published enums', () => {
	it('every Orders.OrderStatus value maps to a known status', () => {
		const values = loadOpenApi('shipbob/shipbob-openapi.json').components!.schemas!['Orders.OrderStatus']
			.enum as string[];
		const base = new ShipBobSim({ orders: 1 }).orders[0];
		for (const status of values)
			expect(normaliseShipBobOrder({ ...base, status }, NOW).fulfillment.status).not.toBe('unknown');
	});
});
