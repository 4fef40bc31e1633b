/**
 * ShipStation -> canonical observations (nodes/lib/order/types.ts).
 *
 * Pure functions: the same vendor object always gives the same observation (same key), so the ledger
 * absorbs re-deliveries and re-syncs. Unknown statuses are never dropped: they become 'unknown' with
 * the raw value kept, so a new ShipStation status shows up as a visible case rather than silence.
 */
import { DateTime } from 'luxon';

import type {
	Address,
	FulfillmentStatus,
	FulfillmentStatusData,
	HoldReason,
	LineQuantity,
	Observation,
	ShipmentData,
	TrackingData,
	TrackingEvent,
	TrackingStatus,
} from '../../order/types';
import { ValidationError } from '../../http/errors';
import { expectShape, list, obj } from '../shape';
import type { SsAddress, SsOrder, SsOrderItem, SsShipment, SsV2TrackingInfo } from './types';

/**
 * ShipStation v1 timestamps carry no offset ("2021-01-23T09:19:48.6130000"); ShipStation documents them
 * as US Pacific time. Reading them as UTC would shift every SLA clock by 7-8 hours.
 */
export const SHIPSTATION_V1_ZONE = 'America/Los_Angeles';

/** "#1001" -> "1001": the order number as every system shares it (types.ts Observation.orderKey). */
export function orderKeyFromOrderNumber(orderNumber: unknown): string {
	if (typeof orderNumber !== 'string' && typeof orderNumber !== 'number') {
		throw new ValidationError(
			'ShipStation record has no orderNumber',
			'orderNumber',
			'Every ShipStation order and shipment carries orderNumber; check that the payload is a ShipStation order ' +
				'or shipment.',
		);
	}
	const key = String(orderNumber).trim().replace(/^#+/, '').trim();
	if (key === '') {
		throw new ValidationError(
			'ShipStation orderNumber is empty',
			'orderNumber',
			'Give the order a number in ShipStation (it must match the Shopify order name).',
		);
	}
	return key;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
/** Pacific offset per local hour: a sync normalises thousands of timestamps from the same few hours. */
const pacificOffsetByHour = new Map<string, number>();

function pacificOffsetMinutes(localHour: string): number {
	let offset = pacificOffsetByHour.get(localHour);
	if (offset === undefined) {
		// The effective offset (wall clock minus instant), not luxon's .offset: in the hour skipped by the
		// spring change (02:xx) luxon moves the wall clock forward, and so must we. The hour repeated in
		// the autumn (01:xx) is read as its later (PST) occurrence: a clock never starts early on a guess.
		const [y, mo, d, h] = localHour.split(/[-T]/).map(Number);
		offset =
			(Date.UTC(y, mo - 1, d, h) - DateTime.fromISO(`${localHour}:00:00`, { zone: SHIPSTATION_V1_ZONE }).toMillis()) /
			60_000;
		if (pacificOffsetByHour.size > 10_000) pacificOffsetByHour.clear();
		pacificOffsetByHour.set(localHour, offset);
	}
	return offset;
}

/** v1 timestamp (Pacific, no offset) -> ISO 8601 UTC. Values that already carry an offset are respected. */
export function shipStationTimeToIso(value: string | null | undefined): string | null {
	if (value === null || value === undefined || value === '') return null;
	const local = LOCAL_TIME.exec(value);
	if (local) {
		const [, y, mo, d, h, mi, sec, fraction] = local;
		const millis = fraction ? Number(fraction.padEnd(3, '0').slice(0, 3)) : 0;
		const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), millis);
		if (Number.isNaN(asUtc)) return null;
		return new Date(asUtc - pacificOffsetMinutes(value.slice(0, 13)) * 60_000).toISOString();
	}
	const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
	// Luxon reads at most milliseconds; ShipStation sends 7 fractional digits.
	const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
	const parsed = DateTime.fromISO(trimmed, hasOffset ? { setZone: true } : { zone: SHIPSTATION_V1_ZONE });
	if (!parsed.isValid) return null;
	return parsed.toUTC().toISO();
}

/** ISO 8601 (any zone) -> the Pacific local "yyyy-MM-dd HH:mm:ss" that v1 date filters compare against. */
export function toShipStationTime(value: string): string {
	const parsed = DateTime.fromISO(value, { setZone: true });
	if (!parsed.isValid) {
		throw new ValidationError(
			`"${value}" is not a date and time`,
			'date',
			'Use an ISO 8601 date, for example 2026-03-01T00:00:00Z, or pick one in the date picker.',
		);
	}
	return parsed.setZone(SHIPSTATION_V1_ZONE).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** ISO 8601 date or date-time -> "yyyy-MM-dd" (ShipStation's calendar dates: shipDate, holdUntilDate). */
export function toShipStationDate(value: string, field = 'date'): string {
	if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
	const parsed = DateTime.fromISO(value, { setZone: true });
	if (!parsed.isValid)
		throw new ValidationError(`"${value}" is not a date`, field, 'Use the form YYYY-MM-DD, for example 2026-12-01.');
	return parsed.toFormat('yyyy-MM-dd');
}

/** A v1 calendar date ("2015-06-29"): kept as a date, it has no time to convert. */
export function shipStationDate(value: string | null | undefined): string | null {
	if (!value) return null;
	const match = /^(\d{4}-\d{2}-\d{2})/.exec(value);
	return match ? match[1] : null;
}

export interface StatusMapping {
	status: FulfillmentStatus;
	holdReason: HoldReason | null;
}

/**
 * ShipStation's order statuses, decided one by one:
 * - awaiting_payment: the order cannot be shipped until paid, so it is a hold for payment.
 * - awaiting_shipment: paid and waiting for a label: the warehouse has received it, nothing started.
 * - pending_fulfillment: handed to a fulfillment provider (FBA, a 3PL): work is in progress elsewhere.
 * - on_hold: a person or an automation rule held it; ShipStation does not say why, hence 'other'.
 */
const ORDER_STATUS_MAP: Record<string, StatusMapping> = {
	awaiting_payment: { status: 'on_hold', holdReason: 'payment' },
	awaiting_shipment: { status: 'received', holdReason: null },
	pending_fulfillment: { status: 'processing', holdReason: null },
	shipped: { status: 'shipped', holdReason: null },
	on_hold: { status: 'on_hold', holdReason: 'other' },
	cancelled: { status: 'cancelled', holdReason: null },
};

export function mapOrderStatus(raw: unknown): StatusMapping {
	if (typeof raw !== 'string') return { status: 'unknown', holdReason: null };
	return ORDER_STATUS_MAP[raw.trim().toLowerCase()] ?? { status: 'unknown', holdReason: null };
}

export function toAddress(address: SsAddress | null | undefined): Address | null {
	if (!address) return null;
	return {
		name: address.name ?? null,
		company: address.company ?? null,
		address1: address.street1 ?? null,
		address2: [address.street2, address.street3].filter((part) => part && part.trim() !== '').join(', ') || null,
		city: address.city ?? null,
		provinceCode: address.state ?? null,
		zip: address.postalCode ?? null,
		countryCode: address.country ?? null,
		phone: address.phone ?? null,
	};
}

/** Discount and adjustment lines are not parcels' contents; counting them would fake a partial shipment. */
function physicalItems(items: SsOrderItem[] | null | undefined): SsOrderItem[] {
	return (items ?? []).filter((item) => !item.adjustment);
}

function holdDetailFor(order: SsOrder, mapping: StatusMapping): string | null {
	if (mapping.status === 'unknown')
		return `ShipStation status "${String(order.orderStatus)}" is not one this package knows`;
	if (order.orderStatus === 'awaiting_payment') return 'ShipStation is waiting for payment before it can ship';
	if (order.orderStatus === 'on_hold') {
		return order.holdUntilDate
			? `Held in ShipStation until ${shipStationDate(order.holdUntilDate)}`
			: 'Held in ShipStation';
	}
	return null;
}

function requireObject(value: unknown, what: string): Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new ValidationError(
			`Expected a ShipStation ${what} object, got ` +
				`${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
			what,
		);
	}
	return value as Record<string, unknown>;
}

function requireId(record: Record<string, unknown>, field: string, what: string): number {
	const id = record[field];
	if (typeof id !== 'number' || !Number.isFinite(id)) {
		throw new ValidationError(
			`ShipStation ${what} has no numeric ${field}`,
			field,
			`Every ShipStation ${what} has a numeric ${field}; this payload is not one.`,
		);
	}
	return id;
}

const SS_ADDRESS = obj({
	name: 'string',
	company: 'string',
	street1: 'string',
	street2: 'string',
	street3: 'string',
	city: 'string',
	state: 'string',
	postalCode: 'string',
	country: 'string',
	phone: 'string',
});
/** The fields of a v1 order that orderToObservation reads, with the types SsOrder gives them. */
const SS_ORDER_SHAPE = obj({
	// orderStatus is read as any value: an unknown one (even a number) maps to 'unknown' with its text kept.
	orderStatus: 'any',
	createDate: 'string',
	modifyDate: 'string',
	holdUntilDate: 'string',
	advancedOptions: obj({ warehouseId: 'id' }),
	items: list(obj({ sku: 'string', quantity: 'number', adjustment: 'boolean' })),
	shipTo: SS_ADDRESS,
});
/** The fields of a v1 shipment that shipmentToObservation reads. */
const SS_SHIPMENT_SHAPE = obj({
	shipmentItems: list(
		obj({ sku: 'string', lineItemKey: 'string', orderItemId: 'id', name: 'string', quantity: 'number' }),
	),
	voided: 'boolean',
	trackingNumber: 'string',
	carrierCode: 'string',
	shipDate: 'string',
	isReturnLabel: 'boolean',
	voidDate: 'string',
	createDate: 'string',
});

/** ShipStation order -> observation kind 'fulfillment' (the warehouse's view of the order). */
export function orderToObservation(order: SsOrder, receivedAt: string): Observation<'fulfillment'> {
	const record = requireObject(order, 'order');
	expectShape(record, SS_ORDER_SHAPE, 'The ShipStation order', 'order');
	const orderId = requireId(record, 'orderId', 'order');
	const orderKey = orderKeyFromOrderNumber(record.orderNumber);
	const mapping = mapOrderStatus(order.orderStatus);
	const shippedQuantity = mapping.status === 'shipped';
	const updatedAt = shipStationTimeToIso(order.modifyDate) ?? shipStationTimeToIso(order.createDate);
	const data: FulfillmentStatusData = {
		status: mapping.status,
		rawStatus: typeof order.orderStatus === 'string' ? order.orderStatus : String(order.orderStatus ?? ''),
		holdReason: mapping.holdReason,
		holdDetail: holdDetailFor(order, mapping),
		holdUntil: mapping.status === 'on_hold' ? shipStationDate(order.holdUntilDate) : null,
		externalId: String(orderId),
		warehouse: order.advancedOptions?.warehouseId != null ? String(order.advancedOptions.warehouseId) : null,
		lines: physicalItems(order.items).map((item) => ({
			sku: item.sku ?? null,
			ordered: item.quantity,
			// v1 orders carry no per-line shipped count: a shipped order shipped every line, the rest none.
			shipped: shippedQuantity ? item.quantity : 0,
		})),
		updatedAt,
		// Verbatim: ShipStation normalises addresses the USPS way (upper case, ZIP+4). Comparing with
		// Shopify's is the engine's job, on normalised forms; here nothing is changed or lost.
		shippingAddress: toAddress(order.shipTo),
		// createDate is when the order entered ShipStation (its import); orderDate is the store's order time.
		importedAt: shipStationTimeToIso(order.createDate),
	};
	return {
		source: 'shipstation',
		sourceId: String(orderId),
		orderKey,
		kind: 'fulfillment',
		occurredAt: updatedAt ?? receivedAt,
		receivedAt,
		// modifyDate changes on every edit in ShipStation: one observation per version of the order.
		key: `shipstation:order:${orderId}:${order.modifyDate ?? order.createDate ?? 'unversioned'}`,
		data,
	};
}

/**
 * A lookup as observations: one 'lookup' fact (asked by these keys at this instant, found or not) and,
 * when found, each order's 'fulfillment' fact with the key that found it.
 */
export function lookupToObservations(
	lookup: { orderKey: string; keys: string[]; matchedBy: string | null; at: string; orders: SsOrder[] },
	receivedAt: string,
): Array<Observation<'lookup'> | Observation<'fulfillment'>> {
	const found = lookup.orders.length > 0;
	const fact: Observation<'lookup'> = {
		source: 'shipstation',
		sourceId: found ? String(lookup.orders[0].orderId) : lookup.orderKey,
		orderKey: lookup.orderKey,
		kind: 'lookup',
		occurredAt: lookup.at,
		receivedAt,
		key:
			`shipstation:lookup:order:${lookup.orderKey}:${lookup.keys.join(',')}:` +
			`${found ? 'found' : 'missing'}:${lookup.at}`,
		data: { subject: 'order', keys: [...lookup.keys], found },
	};
	const orders = lookup.orders.map((order) => {
		const observation = orderToObservation(order, receivedAt);
		observation.data.matchedBy = lookup.matchedBy;
		// Found under the canonical key: its facts land on that order even if ShipStation shows "#1001".
		observation.orderKey = lookup.orderKey;
		return observation;
	});
	return [fact, ...orders];
}

function shipmentLines(shipment: SsShipment): LineQuantity[] | undefined {
	if (!Array.isArray(shipment.shipmentItems)) return undefined;
	return shipment.shipmentItems.map((item) => ({
		sku: item.sku ?? null,
		lineId: item.lineItemKey ?? (item.orderItemId != null ? String(item.orderItemId) : null),
		title: item.name ?? null,
		quantity: item.quantity,
	}));
}

/** ShipStation shipment (a label) -> observation kind 'shipment', keyed by shipment id and void state. */
export function shipmentToObservation(shipment: SsShipment, receivedAt: string): Observation<'shipment'> {
	const record = requireObject(shipment, 'shipment');
	expectShape(record, SS_SHIPMENT_SHAPE, 'The ShipStation shipment', 'shipment');
	const shipmentId = requireId(record, 'shipmentId', 'shipment');
	const orderKey = orderKeyFromOrderNumber(record.orderNumber);
	const voided = shipment.voided === true;
	const data: ShipmentData = {
		shipmentId: String(shipmentId),
		trackingNumber: shipment.trackingNumber || null,
		carrier: shipment.carrierCode ?? null,
		// shipDate is the warehouse's calendar date, without time or zone: never an instant (not UTC midnight).
		shippedAt: null,
		shippedOn: shipStationDate(shipment.shipDate),
		voided,
		lines: shipmentLines(shipment),
		rawStatus: voided ? 'voided' : 'label_created',
		direction: shipment.isReturnLabel === true ? 'return' : 'outbound',
	};
	const occurredAt =
		(voided ? shipStationTimeToIso(shipment.voidDate) : null) ??
		shipStationTimeToIso(shipment.createDate) ??
		receivedAt;
	return {
		source: 'shipstation',
		sourceId: String(shipmentId),
		orderKey,
		kind: 'shipment',
		occurredAt,
		receivedAt,
		// A label is created once and can be voided once; each can be read with or without its items. SHIP_NOTIFY's
		// resource_url lists the shipment with shipmentItems null, ITEM_SHIP_NOTIFY's (and a read with
		// includeShipmentItems=true) with the lines: two different facts, so the ledger must not take the second for
		// a duplicate of the first (issue 15: whichever came first decided which cases opened).
		key: `shipstation:shipment:${shipmentId}:${voided ? 'voided' : 'created'}${data.lines ? ':items' : ''}`,
		data,
	};
}

/**
 * v2 tracking status codes (openapi.yaml tracking_status_detail_code / status_code) -> canonical.
 * The short codes (AC, IT, DE, EX, UN, AT, NY, SP) are the ShipEngine-family summary codes; the long ones
 * are the detail codes. Anything unrecognised is 'unknown' and the raw code is kept.
 */
const TRACKING_CODE_MAP: Record<string, TrackingStatus> = {
	UN: 'unknown',
	AC: 'pre_transit',
	NY: 'pre_transit',
	IT: 'in_transit',
	DE: 'delivered',
	EX: 'exception',
	AT: 'failed_attempt',
	SP: 'available_for_pickup',
	AWAITING_DESPATCH: 'pre_transit',
	NOT_YET_RECEIVED_BY_CARRIER: 'pre_transit',
	ELEC_ADVICE_RECD_BY_CARRIER: 'pre_transit',
	AWAITING_ELECTRONIC_ADVICE: 'pre_transit',
	COLLECTION_REQUESTED: 'pre_transit',
	COLLECTION_MADE: 'in_transit',
	DESPATCHED: 'in_transit',
	RECEIVED_BY_CARRIER: 'in_transit',
	RECD_BY_CARRIER_NO_ELEC_ADVICE: 'in_transit',
	IN_TRANSIT: 'in_transit',
	HUB_SCAN_OUT: 'in_transit',
	RECEIVED_LOCAL_DELIVERY_DEPOT: 'in_transit',
	SUB_CONTRACTOR_RECEIVED: 'in_transit',
	CUSTOMS_CLEARED: 'in_transit',
	CUSTOMS_PROCESSING: 'in_transit',
	OUT_FOR_DELIVERY: 'out_for_delivery',
	DELIVERED: 'delivered',
	DELIVERED_DAMAGED: 'delivered',
	DELIVERED_IN_PART: 'delivered',
	DELIVERED_SPECIFIED_SAFE_PLACE: 'delivered',
	DELIVERED_TO_ALTERNATIVE_DELIVERY_LOCATION: 'delivered',
	DELIVERED_TO_NEIGHBOUR: 'delivered',
	DELIVERED_TO_PO_BOX: 'delivered',
	DELIVERED_TO_LOCKER_COLLECTION_POINT: 'delivered',
	PARCEL_COLLECTED_FROM_PICKUP_POINT: 'delivered',
	AWAITING_COLLECTION_FROM_PICKUP_POINT: 'available_for_pickup',
	COLLECT_AT_LOCAL_PO: 'available_for_pickup',
	CUSTOMER_TO_COLLECT_FROM_CARRIER: 'available_for_pickup',
	ATTEMPTED_DELIVERY: 'failed_attempt',
	ATTEMPTED_DELIVERY_2ND: 'failed_attempt',
	ATTEMPTED_DELIVERY_3RD: 'failed_attempt',
	CUSTOMER_CARDED: 'failed_attempt',
	NO_ACCESS_TO_RECIPIENTS_ADDRESS: 'failed_attempt',
	RETURN_TO_SENDER: 'returned_to_sender',
	REFUSED_BY_CUSTOMER: 'exception',
	NOT_DELIVERED: 'exception',
	PARCEL_LOST: 'exception',
	PARCEL_DAMAGED: 'exception',
	ADDRESS_QUERY: 'exception',
	CUSTOMER_MOVED: 'exception',
	HELD_BY_CUSTOMS: 'exception',
	CARRIER_DELAYS: 'in_transit',
	COLLECTION_FAILED: 'exception',
	CANCELLED: 'exception',
	CANCELLED_BEFORE_DESPATCH: 'exception',
};

export function mapTrackingCode(code: string | null | undefined): TrackingStatus {
	if (!code) return 'unknown';
	return TRACKING_CODE_MAP[code.trim().toUpperCase()] ?? 'unknown';
}

function eventLocation(event: SsV2TrackingInfo['events'][number]): string | null {
	const parts = [event.city_locality, event.state_province, event.postal_code, event.country_code].filter(
		(p) => p && p.trim() !== '',
	);
	return parts.length ? parts.join(', ') : null;
}

/** v2 label tracking -> observation kind 'tracking' (what the carrier says about the parcel). */
export function trackingToObservation(
	info: SsV2TrackingInfo,
	context: { orderKey: string; labelId: string; carrier?: string | null },
	receivedAt: string,
): Observation<'tracking'> {
	const record = requireObject(info, 'tracking information');
	if (typeof record.tracking_number !== 'string' || record.tracking_number === '') {
		throw new ValidationError('ShipStation tracking information has no tracking_number', 'tracking_number');
	}
	const detail = info.status_detail_code ?? null;
	const status =
		detail && mapTrackingCode(detail) !== 'unknown' ? mapTrackingCode(detail) : mapTrackingCode(info.status_code);
	const events: TrackingEvent[] = (Array.isArray(info.events) ? info.events : []).map((event) => ({
		at: event.occurred_at,
		status: mapTrackingCode(event.status_detail_code ?? event.status_code),
		code: event.status_detail_code ?? event.status_code ?? null,
		description: event.description ?? event.status_description ?? null,
		location: eventLocation(event),
	}));
	const lastEventAt = events.reduce<string | null>(
		(latest, event) => (latest === null || Date.parse(event.at) > Date.parse(latest) ? event.at : latest),
		null,
	);
	const data: TrackingData = {
		trackingNumber: info.tracking_number,
		carrier: context.carrier ?? info.carrier_code ?? 'unknown',
		status,
		rawStatus: detail ?? info.status_code ?? '',
		estimatedDelivery: info.estimated_delivery_date ?? null,
		deliveredAt: info.actual_delivery_date ?? null,
		lastEventAt,
		events,
	};
	return {
		source: 'shipstation',
		sourceId: context.labelId,
		orderKey: context.orderKey,
		kind: 'tracking',
		occurredAt: lastEventAt ?? receivedAt,
		receivedAt,
		// The newest scan identifies this view of the parcel: a new scan is a new fact.
		key: `shipstation:tracking:${info.tracking_number}:${lastEventAt ?? 'none'}:${data.rawStatus}`,
		data,
	};
}
