/**
 * fast-check generators of observations for one order, drawn from a small universe of slots, times
 * and statuses so that collisions (same slot, same time, duplicates) happen often.
 * The key is a hash of the content: "the same fact always has the same key", as connectors guarantee.
 */
import fc from 'fast-check';
import type { Address, Observation, ObservationKind, Source } from '../../../nodes/lib/order';
import { EDIT_OUTCOMES, FULFILLMENT_STATUSES, TRACKING_STATUSES } from '../../../nodes/lib/order';

export const ORDER_KEY = '1001';
export const BASE_MS = Date.parse('2026-03-02T14:00:00.000Z'); // a Monday, 09:00 in New York
export const HOUR = 3_600_000;

export function at(hours: number): string {
	return new Date(BASE_MS + hours * HOUR).toISOString();
}

function fnv(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(36);
}

export function obs<K extends ObservationKind>(
	source: Source,
	kind: K,
	sourceId: string,
	hours: number,
	data: Observation<K>['data'],
): Observation<K> {
	const occurredAt = at(hours);
	const key = `${source}:${kind}:${sourceId}:${fnv(JSON.stringify([occurredAt, data]))}`;
	return {
		source,
		kind,
		sourceId,
		orderKey: ORDER_KEY,
		occurredAt,
		receivedAt: at(hours + 0.1),
		key,
		data,
	} as Observation<K>;
}

const hourArb = fc.integer({ min: 0, max: 120 });

/**
 * Issue 12: the same address as the customer typed it and as a warehouse hands it back (USPS form), and another one.
 */
const ADDRESSES = [
	{
		address1: '123 North Main Street',
		address2: 'Suite 4',
		city: 'Springfield',
		provinceCode: 'IL',
		zip: '62704',
		countryCode: 'US',
	},
	{
		address1: '123 N MAIN ST',
		address2: 'STE 4',
		city: 'SPRINGFIELD',
		province: 'IL',
		zip: '62704-1234',
		country: 'US',
	},
	{ address1: '9 Elm Avenue', city: 'Springfield', provinceCode: 'IL', zip: '62701', countryCode: 'US' },
];
const addressArb = fc.constantFrom<Address | null>(null, ...ADDRESSES);
const linesArb = fc.constantFrom<Array<{ sku: string; quantity: number }> | null>(
	null,
	[{ sku: 'MUG', quantity: 2 }],
	[
		{ sku: 'MUG', quantity: 1 },
		{ sku: 'TEE', quantity: 1 },
	],
);

const orderArb = fc
	.record({
		h: hourArb,
		fin: fc.constantFrom('PAID', 'PENDING', 'AUTHORIZED', 'PARTIALLY_REFUNDED'),
		ful: fc.constantFrom('UNFULFILLED', 'PARTIALLY_FULFILLED', 'FULFILLED', null),
		cancelled: fc
			.boolean()
			.chain((b) => (b ? fc.boolean() : fc.constant(false)))
			.chain((b) => (b ? fc.boolean() : fc.constant(false))),
		promised: fc.option(fc.integer({ min: 24, max: 150 }), { nil: null }),
		address: addressArb,
		lines: linesArb,
	})
	.map(({ h, fin, ful, cancelled, promised, address, lines }) =>
		obs('shopify', 'order', 'gid://shopify/Order/1001', h, {
			name: '#1001',
			createdAt: at(0),
			financialStatus: fin,
			fulfillmentStatus: ful,
			cancelledAt: cancelled ? at(h) : null,
			promisedDeliveryBy: promised === null ? null : at(promised),
			email: 'a@example.com',
			...(address ? { shippingAddress: address } : {}),
			...(lines ? { lineItems: lines } : {}),
		}),
	);

const foArb = fc
	.record({
		h: hourArb,
		id: fc.constantFrom('fo1', 'fo2'),
		status: fc.constantFrom('OPEN', 'IN_PROGRESS', 'ON_HOLD', 'CLOSED', 'SCHEDULED'),
		reasons: fc.subarray(['INVENTORY_OUT_OF_STOCK', 'INCORRECT_ADDRESS', 'OTHER']),
		request: fc.constantFrom('UNSUBMITTED', 'SUBMITTED', 'ACCEPTED', null),
	})
	.map(({ h, id, status, reasons, request }) =>
		obs('shopify', 'fulfillment_order', id, h, {
			id,
			status,
			holdReasons: status === 'ON_HOLD' ? reasons : [],
			requestStatus: request,
		}),
	);

const fulfillmentArb = fc
	.record({
		h: hourArb,
		source: fc.constantFrom<Source>('shipstation', 'shipbob'),
		status: fc.constantFrom(...FULFILLMENT_STATUSES),
		hold: fc.constantFrom('inventory', 'address', 'manual_review', null),
		address: addressArb,
		lines: linesArb,
		imported: fc.option(hourArb, { nil: null }),
	})
	.map(({ h, source, status, hold, address, lines, imported }) =>
		obs(source, 'fulfillment', `wh-${source}`, h, {
			status,
			rawStatus: status.toUpperCase(),
			holdReason: status === 'on_hold' ? (hold as 'inventory') : null,
			...(address ? { shippingAddress: address } : {}),
			...(lines
				? {
						lines: lines.map((l) => ({
							sku: l.sku,
							ordered: l.quantity,
							shipped: status === 'shipped' ? l.quantity : 0,
						})),
					}
				: {}),
			...(imported !== null && imported <= h ? { importedAt: at(imported) } : {}),
		}),
	);

const shipmentArb = fc
	.record({
		h: hourArb,
		source: fc.constantFrom<Source>('shopify', 'shipstation', 'shipbob'),
		id: fc.constantFrom('s1', 's2', 's3'),
		tn: fc.constantFrom('TN1', 'TN2', null),
		carrier: fc.constantFrom('UPS', 'USPS'),
		voided: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
		dateOnly: fc.boolean(),
		isReturn: fc.constantFrom(false, false, false, true),
		lines: linesArb,
	})
	.map(({ h, source, id, tn, carrier, voided, dateOnly, isReturn, lines }) =>
		obs(source, 'shipment', id, h, {
			shipmentId: id,
			trackingNumber: tn,
			carrier,
			// Issue 12: ShipStation gives a date only (the warehouse's local date), never an instant.
			...(dateOnly && source !== 'shopify' ? { shippedOn: at(h).slice(0, 10), shippedAt: null } : { shippedAt: at(h) }),
			voided,
			...(isReturn ? { direction: 'return' as const, returnId: 'r1' } : {}),
			...(lines ? { lines } : {}),
		}),
	);

const trackingArb = fc
	.record({
		h: hourArb,
		source: fc.constantFrom<Source>('ups', 'usps'),
		tn: fc.constantFrom('TN1', 'TN2'),
		status: fc.constantFrom(...TRACKING_STATUSES),
		events: fc.array(fc.record({ h: hourArb, status: fc.constantFrom(...TRACKING_STATUSES) }), { maxLength: 4 }),
		eta: fc.option(fc.integer({ min: 24, max: 150 }), { nil: null }),
		dateOnly: fc.boolean(),
		commitment: fc.option(fc.integer({ min: 24, max: 150 }), { nil: null }),
		// Issue 12: a re-read hours later that finds nothing new (receivedAt long after occurredAt).
		readLag: fc.constantFrom(0.1, 0.1, 0.1, 30, 90),
	})
	.map(({ h, source, tn, status, events, eta, dateOnly, commitment, readLag }) => {
		const o = obs(source, 'tracking', tn, h, {
			trackingNumber: tn,
			carrier: source.toUpperCase(),
			status,
			rawStatus: status,
			estimatedDelivery: eta === null ? null : dateOnly ? at(eta).slice(0, 10) : at(eta),
			events: events.filter((e) => e.h <= h).map((e) => ({ at: at(e.h), status: e.status })),
			...(commitment !== null
				? { commitment: at(commitment).slice(0, 10), destinationTimeZone: 'America/Chicago' }
				: {}),
		});
		return { ...o, receivedAt: at(h + readLag) };
	});

/** Issue 12: a warehouse asked by every key whether it has the order. */
const lookupArb = fc
	.record({ h: hourArb, source: fc.constantFrom<Source>('shipstation', 'shipbob'), found: fc.boolean() })
	.map(({ h, source, found }) =>
		obs(source, 'lookup', 'order-1001', h, { subject: 'order' as const, keys: ['order_number:1001'], found }),
	);

const notificationArb = fc
	.record({
		h: hourArb,
		event: fc.constantFrom('order_shipped', 'Order Delivered'),
		id: fc.constantFrom('n1', 'n2', 'n3'),
		shipmentKey: fc.constantFrom('TN1', null),
	})
	.map(({ h, event, id, shipmentKey }) =>
		obs('klaviyo', 'notification', id, h, { event, uniqueId: id, sentAt: at(h), shipmentKey }),
	);

const returnArb = fc
	.record({ h: hourArb, status: fc.constantFrom('requested', 'received', 'declined') })
	.map(({ h, status }) => obs('shopify', 'return', 'r1', h, { returnId: 'r1', status }));

const editArb = fc
	.record({ h: hourArb, applied: fc.boolean() })
	.map(({ h, applied }) =>
		obs('manual', 'edit_request', 'e1', h, { field: 'shipping_address' as const, requestedAt: at(h), applied }),
	);

/**
 * Issue 17: a customer's self-service request, one observation per outcome (two requests, so outcomes of the same
 * request replace each other and those of the other do not). req-1 was asked within the edit cutoff, req-2 after.
 */
const REQUESTED_AT: Record<string, number> = { 'req-1': 0.5, 'req-2': 3 };
const customerRequestArb = fc
	.record({
		h: hourArb,
		id: fc.constantFrom('req-1', 'req-2'),
		outcome: fc.constantFrom(...EDIT_OUTCOMES),
		held: fc.boolean(),
		beforeShipping: fc.boolean(),
	})
	.map(({ h, id, outcome, held, beforeShipping }) => {
		const applied = outcome === 'applied' || outcome === 'approved';
		const person = outcome === 'approved' || outcome === 'rejected';
		return obs('customer', 'edit_request', id, h, {
			field: 'shipping_address' as const,
			requestedAt: at(REQUESTED_AT[id]),
			applied,
			requestId: id,
			outcome,
			reasons: outcome === 'refused' ? ['address_invalid'] : outcome === 'approval' ? ['country_change'] : [],
			decidedAt: at(h),
			durationMs: Math.max(0, (h - REQUESTED_AT[id]) * HOUR),
			decidedBy: person ? 'U024BE7LH' : applied ? 'self_service' : null,
			beforeShipping: applied && beforeShipping,
			held: outcome === 'failed' && held,
		});
	});

const addressCheckArb = fc
	.record({ h: hourArb, id: fc.constantFrom('ac1', 'ac2'), valid: fc.boolean() })
	.map(({ h, id, valid }) =>
		obs('ups', 'address_check', id, h, { valid, messages: valid ? [] : ['street not found'] }),
	);

export const observationArb: fc.Arbitrary<Observation> = fc.oneof(
	{ arbitrary: orderArb, weight: 3 },
	{ arbitrary: foArb, weight: 2 },
	{ arbitrary: fulfillmentArb, weight: 3 },
	{ arbitrary: shipmentArb, weight: 3 },
	{ arbitrary: trackingArb, weight: 4 },
	{ arbitrary: notificationArb, weight: 1 },
	{ arbitrary: returnArb, weight: 1 },
	{ arbitrary: editArb, weight: 1 },
	{ arbitrary: customerRequestArb, weight: 1 },
	{ arbitrary: addressCheckArb, weight: 1 },
	{ arbitrary: lookupArb, weight: 1 },
) as fc.Arbitrary<Observation>;

export const observationsArb = fc.array(observationArb, { minLength: 1, maxLength: 25 });

/** "now" between a few hours and two weeks after the order, the window where every rule can fire. */
export const nowArb = fc.integer({ min: 1, max: 330 }).map((h) => at(h));
