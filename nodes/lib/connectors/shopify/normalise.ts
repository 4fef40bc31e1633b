/**
 * Shopify -> canonical Observations (nodes/lib/order/types.ts).
 *
 * Two inputs: an order in the GraphQL shape (Get, Get Many, Export) and a webhook payload in the
 * REST shape Shopify delivers. Shopify's own statuses are kept verbatim (upper-case enum names), so
 * Order State can put the stage beside them without losing anything.
 */
import type {
	Address,
	FulfillmentOrderData,
	LineQuantity,
	Observation,
	OrderSnapshotData,
	ReturnData,
	ShipmentData,
	TrackingData,
	TrackingStatus,
} from '../../order/types';
import { ValidationError } from '../../http/errors';
import { expectShape, list, obj, type Shape } from '../shape';
import { orderGid, orderKeyFromName } from './config';
import type {
	GqlFulfillment,
	GqlFulfillmentOrder,
	GqlMailingAddress,
	GqlOrder,
	GqlReturn,
	GqlReverseDelivery,
	RestFulfillment,
	RestOrder,
} from './types';

export interface NormaliseContext {
	/** When we learned it (ISO 8601). */
	receivedAt: string;
	/**
	 * The delivery's idempotency key (X-Shopify-Event-Id). The observation of the resource the
	 * webhook is about gets exactly this key; observations derived from the same delivery get
	 * `${eventId}:${kind}:${sourceId}`, so a redelivery of the same event is absorbed by the ledger.
	 */
	eventId?: string;
	/** The kind of the observation the webhook is about (gets the bare event id). */
	primaryKind?: Observation['kind'];
	/** Internal: which kind already took the bare event id in this normalisation. */
	eventIdUsed?: Set<Observation['kind']>;
}

/* ---------------- GraphQL order -> observations ---------------- */

const GQL_ADDRESS = obj({
	name: 'string',
	firstName: 'string',
	lastName: 'string',
	company: 'string',
	address1: 'string',
	address2: 'string',
	city: 'string',
	province: 'string',
	provinceCode: 'string',
	zip: 'string',
	country: 'string',
	countryCodeV2: 'string',
	phone: 'string',
});
const nodesOf = (item: Shape) => obj({ nodes: list(item) }, ['nodes']);
const GQL_LINE_REF = obj({ id: 'string', sku: 'string' });
/** The fields of an Order (GraphQL Admin API, or a REST webhook body turned into one) that we read. */
const GQL_ORDER_SHAPE = obj({
	id: 'string',
	name: 'string',
	createdAt: 'string',
	updatedAt: 'string',
	cancelledAt: 'string',
	cancelReason: 'string',
	closedAt: 'string',
	displayFinancialStatus: 'string',
	displayFulfillmentStatus: 'string',
	returnStatus: 'string',
	email: 'string',
	phone: 'string',
	customerLocale: 'string',
	tags: list('string'),
	customer: obj({ displayName: 'string' }),
	shippingAddress: GQL_ADDRESS,
	shippingLine: obj({ title: 'string' }),
	lineItems: nodesOf(
		obj({
			id: 'string',
			sku: 'string',
			title: 'string',
			quantity: 'number',
			currentQuantity: 'number',
			unfulfilledQuantity: 'number',
		}),
	),
	fulfillmentOrders: nodesOf(
		obj({
			id: 'string',
			status: 'string',
			requestStatus: 'string',
			updatedAt: 'string',
			assignedLocation: obj({ name: 'string', location: obj({ id: 'string' }) }),
			fulfillmentHolds: list(obj({ reason: 'string' })),
			lineItems: nodesOf(
				obj({
					id: 'string',
					sku: 'string',
					productTitle: 'string',
					totalQuantity: 'number',
					remainingQuantity: 'number',
					lineItem: GQL_LINE_REF,
				}),
			),
		}),
	),
	fulfillments: list(
		obj(
			{
				id: 'string',
				status: 'string',
				displayStatus: 'string',
				createdAt: 'string',
				updatedAt: 'string',
				inTransitAt: 'string',
				deliveredAt: 'string',
				estimatedDeliveryAt: 'string',
				trackingInfo: list(obj({ company: 'string', number: 'string', url: 'string' })),
				location: obj({ id: 'string' }),
				fulfillmentOrders: nodesOf(obj({ id: 'string' })),
				fulfillmentLineItems: nodesOf(obj({ id: 'string', quantity: 'number', lineItem: GQL_LINE_REF })),
			},
			['trackingInfo'],
		),
	),
	returns: nodesOf(
		obj({
			id: 'string',
			name: 'string',
			status: 'string',
			createdAt: 'string',
			returnLineItems: nodesOf(
				obj({
					id: 'string',
					quantity: 'number',
					fulfillmentLineItem: obj({ lineItem: obj({ sku: 'string' }) }),
				}),
			),
			reverseFulfillmentOrders: nodesOf(
				obj({
					id: 'string',
					status: 'string',
					reverseDeliveries: nodesOf(
						obj({
							id: 'string',
							deliverable: obj({
								tracking: obj({ carrierName: 'string', number: 'string', url: 'string' }),
								label: obj({ createdAt: 'string' }),
							}),
						}),
					),
				}),
			),
		}),
	),
});

export function observationsFromOrder(order: GqlOrder, ctx: NormaliseContext): Observation[] {
	if (!order || typeof order.name !== 'string' || !order.name) {
		throw new ValidationError(
			'The Shopify order has no name, so it cannot be matched to a warehouse order',
			'order.name',
		);
	}
	expectShape(order, GQL_ORDER_SHAPE, `The Shopify order ${order.name}`, 'order');
	const orderKey = orderKeyFromName(order.name);
	const orderTime = order.updatedAt ?? order.createdAt;
	const observations: Observation[] = [orderSnapshot(order, orderKey, orderTime, ctx)];
	for (const fo of order.fulfillmentOrders?.nodes ?? [])
		observations.push(fulfillmentOrderObservation(fo, orderKey, orderTime, ctx));
	for (const f of order.fulfillments ?? []) {
		observations.push(shipmentObservation(f, orderKey, ctx));
		observations.push(...relayedTracking(f, orderKey, ctx));
	}
	for (const r of order.returns?.nodes ?? []) {
		observations.push(returnObservation(r, orderKey, orderTime, ctx));
		observations.push(...returnParcels(r, orderKey, orderTime, ctx));
	}
	return observations;
}

function orderSnapshot(
	order: GqlOrder,
	orderKey: string,
	occurredAt: string,
	ctx: NormaliseContext,
): Observation<'order'> {
	const data: OrderSnapshotData = {
		name: order.name,
		shopifyId: order.id,
		createdAt: order.createdAt,
		cancelledAt: order.cancelledAt ?? null,
		cancelReason: order.cancelReason ?? null,
		closedAt: order.closedAt ?? null,
		financialStatus: order.displayFinancialStatus ?? null,
		fulfillmentStatus: order.displayFulfillmentStatus ?? null,
		email: order.email ?? null,
		phone: order.phone ?? null,
		customerName: order.customer?.displayName ?? order.shippingAddress?.name ?? null,
		locale: order.customerLocale ?? null,
		shippingAddress: order.shippingAddress ? addressFromGql(order.shippingAddress) : null,
		tags: order.tags ?? [],
		shippingMethod: order.shippingLine?.title ?? null,
	};
	if (order.returnStatus !== undefined) data.returnStatus = order.returnStatus ?? null;
	if (order.lineItems) data.lineItems = order.lineItems.nodes.map(lineFromGql);
	// Get Many's summary of a version has no line items, Get's has them: two facts, two keys, or the ledger would
	// drop whichever came second (a sweep's snapshot event is keyed by these keys) and the order of arrival would
	// decide whether the lines were known (issue 15).
	const snapshotKey = `shopify:order:${order.id}:${occurredAt}${data.lineItems ? ':lines' : ''}`;
	return observation('order', order.id, orderKey, occurredAt, ctx, data, snapshotKey);
}

function fulfillmentOrderObservation(
	fo: GqlFulfillmentOrder,
	orderKey: string,
	orderTime: string,
	ctx: NormaliseContext,
): Observation<'fulfillment_order'> {
	const data: FulfillmentOrderData = {
		id: fo.id,
		status: fo.status,
		requestStatus: fo.requestStatus ?? null,
		holdReasons: (fo.fulfillmentHolds ?? []).map((h) => h.reason),
		assignedLocation: fo.assignedLocation?.name ?? null,
		assignedLocationId: legacyId(fo.assignedLocation?.location?.id),
		updatedAt: fo.updatedAt ?? null,
	};
	if (fo.lineItems) {
		data.lineItems = fo.lineItems.nodes.map((li) => ({
			// FulfillmentOrderLineItem.sku, or its order line's sku when only that was asked for.
			sku: li.sku ?? li.lineItem?.sku ?? null,
			lineId: li.lineItem?.id ?? li.id,
			title: li.productTitle ?? null,
			quantity: li.totalQuantity,
			remaining: li.remainingQuantity,
		}));
	}
	const at = fo.updatedAt ?? orderTime;
	return observation(
		'fulfillment_order',
		fo.id,
		orderKey,
		at,
		ctx,
		data,
		`shopify:fulfillment_order:${fo.id}:${at}:${fo.status}`,
	);
}

function shipmentObservation(f: GqlFulfillment, orderKey: string, ctx: NormaliseContext): Observation<'shipment'> {
	const first = f.trackingInfo[0];
	const data: ShipmentData = {
		shipmentId: f.id,
		trackingNumber: first?.number ?? null,
		carrier: first?.company ?? null,
		trackingUrl: first?.url ?? null,
		shippedAt: f.createdAt,
		voided: f.status === 'CANCELLED',
		rawStatus: f.displayStatus ?? f.status,
		direction: 'outbound',
	};
	// A fulfillment may hold only some of the order's lines (a split or partial shipment): its own lines.
	if (f.fulfillmentLineItems) {
		data.lines = f.fulfillmentLineItems.nodes.map((li) => ({
			sku: li.lineItem?.sku ?? null,
			lineId: li.lineItem?.id ?? li.id,
			quantity: li.quantity,
		}));
	}
	const locationId = legacyId(f.location?.id);
	if (locationId) data.locationId = locationId;
	const fulfillmentOrderId = f.fulfillmentOrders?.nodes[0]?.id;
	if (fulfillmentOrderId) data.fulfillmentOrderId = fulfillmentOrderId;
	const at = f.updatedAt ?? f.createdAt;
	return observation('shipment', f.id, orderKey, at, ctx, data, `shopify:fulfillment:${f.id}:${at}:${data.rawStatus}`);
}

/**
 * Shopify's shipment_status (REST) / displayStatus (GraphQL), in the canonical carrier vocabulary.
 * Only statuses that are carrier news: FULFILLED, MARKED_AS_FULFILLED, SUBMITTED, CANCELED and
 * LABEL_VOIDED say something about the fulfillment record, not about the parcel on its way.
 */
export const SHOPIFY_SHIPMENT_STATUS: Record<string, TrackingStatus> = {
	LABEL_PRINTED: 'pre_transit',
	LABEL_PURCHASED: 'pre_transit',
	CONFIRMED: 'pre_transit',
	CARRIER_PICKED_UP: 'in_transit',
	IN_TRANSIT: 'in_transit',
	// "Delayed" is the carrier saying the parcel is late on its way, not that it stopped being carried.
	DELAYED: 'in_transit',
	OUT_FOR_DELIVERY: 'out_for_delivery',
	ATTEMPTED_DELIVERY: 'failed_attempt',
	READY_FOR_PICKUP: 'available_for_pickup',
	// PICKED_UP is the customer collecting the parcel at a pickup point: delivered.
	PICKED_UP: 'delivered',
	DELIVERED: 'delivered',
	FAILURE: 'exception',
	NOT_DELIVERED: 'exception',
};

export function shopifyShipmentStatus(raw: string | null | undefined): TrackingStatus | null {
	if (!raw) return null;
	return SHOPIFY_SHIPMENT_STATUS[raw.trim().toUpperCase()] ?? null;
}

/**
 * A fulfillment's shipment_status is carrier news Shopify already has: one 'tracking' observation per
 * tracking number, relayed by Shopify, dated when Shopify updated the fulfillment. A delivered parcel is
 * delivered at Shopify's deliveredAt when it has one, else at updated_at: never earlier than the data shows.
 * No scan events: Shopify relays a status, not when the carrier scanned it, so no stall clock starts here.
 */
function relayedTracking(f: GqlFulfillment, orderKey: string, ctx: NormaliseContext): Array<Observation<'tracking'>> {
	const status = shopifyShipmentStatus(f.displayStatus);
	if (!status || f.status === 'CANCELLED') return [];
	const at = f.updatedAt ?? f.createdAt;
	return f.trackingInfo
		.filter((t): t is typeof t & { number: string } => typeof t.number === 'string' && t.number.trim() !== '')
		.map((t) => {
			const data: TrackingData = {
				trackingNumber: t.number.trim(),
				carrier: t.company ?? 'unknown',
				status,
				rawStatus: String(f.displayStatus),
				deliveredAt: status === 'delivered' ? (f.deliveredAt ?? at) : null,
				relayedBy: 'shopify',
			};
			if (f.estimatedDeliveryAt) data.estimatedDelivery = f.estimatedDeliveryAt;
			return observation(
				'tracking',
				data.trackingNumber,
				orderKey,
				at,
				ctx,
				data,
				`shopify:tracking:${data.trackingNumber}:${data.rawStatus}:${at}`,
			);
		});
}

/**
 * A return's parcels: each reverse delivery with a shipping deliverable (a return label with tracking)
 * is a 'shipment' coming back (direction 'return'), linked to its return and followed like any parcel.
 */
function returnParcels(
	r: GqlReturn,
	orderKey: string,
	orderTime: string,
	ctx: NormaliseContext,
): Array<Observation<'shipment'>> {
	const out: Array<Observation<'shipment'>> = [];
	const deliveries = (r.reverseFulfillmentOrders?.nodes ?? []).flatMap((rfo) => rfo.reverseDeliveries?.nodes ?? []);
	for (const delivery of deliveries) {
		const parcel = returnParcel(delivery, r.id, orderKey, delivery.deliverable?.label?.createdAt ?? orderTime, ctx);
		if (!parcel) continue;
		// One parcel for the return: it carries the return's items. Several: which item is in which is unknown.
		const lines = deliveries.length === 1 ? returnLines(r) : null;
		if (lines) parcel.data.lines = lines;
		out.push(parcel);
	}
	return out;
}

function returnLines(r: GqlReturn): LineQuantity[] | null {
	if (!r.returnLineItems) return null;
	return r.returnLineItems.nodes.map((li) => ({
		sku: li.fulfillmentLineItem?.lineItem?.sku ?? null,
		lineId: li.id,
		quantity: li.quantity,
	}));
}

function returnParcel(
	delivery: GqlReverseDelivery,
	returnId: string,
	orderKey: string,
	at: string,
	ctx: NormaliseContext,
): Observation<'shipment'> | null {
	const tracking = delivery.deliverable?.tracking;
	if (!tracking?.number) return null;
	const data: ShipmentData = {
		shipmentId: delivery.id,
		trackingNumber: tracking.number,
		carrier: tracking.carrierName ?? null,
		trackingUrl: tracking.url ?? null,
		// A return label is made before the customer drops the parcel off: it has not shipped yet.
		shippedAt: null,
		voided: false,
		rawStatus: 'return_label_attached',
		direction: 'return',
		returnId,
	};
	return observation(
		'shipment',
		delivery.id,
		orderKey,
		at,
		ctx,
		data,
		`shopify:reverse_delivery:${delivery.id}:${tracking.number}`,
	);
}

/** "gid://shopify/Location/71234567890" -> "71234567890": REST and GraphQL name a location the same way. */
function legacyId(gid: string | number | null | undefined): string | null {
	if (gid === null || gid === undefined || gid === '') return null;
	const match = /(\d+)$/.exec(String(gid));
	return match ? match[1] : null;
}

/** Shopify ReturnStatus -> the canonical return vocabulary (requested | open | closed | declined | cancelled). */
const RETURN_STATUS: Record<string, string> = {
	REQUESTED: 'requested',
	OPEN: 'open',
	CLOSED: 'closed',
	DECLINED: 'declined',
	CANCELED: 'cancelled',
};

function returnObservation(
	r: GqlReturn,
	orderKey: string,
	orderTime: string,
	ctx: NormaliseContext,
): Observation<'return'> {
	const data: ReturnData = { returnId: r.id, status: RETURN_STATUS[r.status] ?? 'open', rawStatus: r.status };
	const lines = returnLines(r);
	if (lines) data.lines = lines;
	return observation('return', r.id, orderKey, orderTime, ctx, data, `shopify:return:${r.id}:${r.status}`);
}

function observation<K extends Observation['kind']>(
	kind: K,
	sourceId: string,
	orderKey: string,
	occurredAt: string,
	ctx: NormaliseContext,
	data: Observation<K>['data'],
	snapshotKey: string,
): Observation<K> {
	let key = snapshotKey;
	if (ctx.eventId)
		key =
			ctx.primaryKind === kind && !ctx.eventIdUsed?.has(kind)
				? claimEventId(ctx, kind)
				: `${ctx.eventId}:${kind}:${sourceId}`;
	return { source: 'shopify', sourceId, orderKey, kind, occurredAt, receivedAt: ctx.receivedAt, key, data };
}

/** Only the first observation of the primary kind takes the bare event id. */
function claimEventId(ctx: NormaliseContext, kind: Observation['kind']): string {
	ctx.eventIdUsed ??= new Set();
	ctx.eventIdUsed.add(kind);
	return ctx.eventId as string;
}

/** Shopify's MailingAddress as the canonical Address (the name joined when Shopify gives only its parts). */
export function addressFromGql(a: GqlMailingAddress): Address {
	return {
		name: a.name ?? joinName(a.firstName, a.lastName),
		company: a.company ?? null,
		address1: a.address1 ?? null,
		address2: a.address2 ?? null,
		city: a.city ?? null,
		province: a.province ?? null,
		provinceCode: a.provinceCode ?? null,
		zip: a.zip ?? null,
		country: a.country ?? null,
		countryCode: a.countryCodeV2 ?? null,
		phone: a.phone ?? null,
	};
}

function lineFromGql(li: {
	id: string;
	sku?: string | null;
	title: string;
	quantity: number;
	currentQuantity?: number;
}): LineQuantity {
	return { sku: li.sku ?? null, lineId: li.id, title: li.title, quantity: li.currentQuantity ?? li.quantity };
}

function joinName(first?: string | null, last?: string | null): string | null {
	const name = [first, last].filter((p) => p && p.trim()).join(' ');
	return name || null;
}

/* ---------------- webhook payloads (REST shape) ---------------- */

/** The topics the trigger offers, in Shopify's webhook naming (GraphQL enum in parentheses). */
export const ORDER_TOPICS = [
	'orders/create',
	'orders/updated',
	'orders/cancelled',
	'orders/fulfilled',
	'orders/partially_fulfilled',
	'orders/paid',
	'orders/edited',
	'fulfillments/create',
	'fulfillments/update',
	'fulfillment_orders/placed_on_hold',
	'fulfillment_orders/hold_released',
	'fulfillment_orders/cancelled',
	'fulfillment_orders/moved',
	'fulfillment_orders/order_routing_complete',
	'fulfillment_orders/fulfillment_request_accepted',
	'fulfillment_orders/fulfillment_request_rejected',
	'fulfillment_orders/fulfillment_service_failed_to_complete',
	'returns/request',
	'returns/approve',
	'returns/decline',
	'returns/cancel',
	'returns/close',
	'returns/reopen',
	'refunds/create',
	'reverse_deliveries/attach_deliverable',
] as const;
export type OrderTopic = (typeof ORDER_TOPICS)[number];

/** "orders/updated" -> "ORDERS_UPDATED", the WebhookSubscriptionTopic enum value. */
export function topicToEnum(topic: string): string {
	return topic.toUpperCase().replace(/\//g, '_');
}

/**
 * What a webhook tells us. Most topics carry enough to build observations directly. Some only name
 * a resource (a fulfillment order, a return, a refund's order): then `lookup` says which record to
 * fetch with GraphQL, and the caller normalises that with observationsFromOrder.
 */
export interface WebhookNormalisation {
	observations: Observation[];
	lookup?: { type: 'order' | 'fulfillment_order' | 'return'; id: string };
	/**
	 * Facts the payload states about an order it does not name (a reverse delivery names its return):
	 * once the lookup found the order, `pendingToObservations` turns them into observations of it.
	 */
	pending?: Array<{ kind: 'shipment'; sourceId: string; occurredAt: string; key: string; data: ShipmentData }>;
}

/** The pending facts of a webhook, as observations of the order the lookup found. */
export function pendingToObservations(
	pending: NonNullable<WebhookNormalisation['pending']>,
	orderKey: string,
	ctx: NormaliseContext,
): Observation[] {
	return pending.map((p) => ({
		source: 'shopify',
		sourceId: p.sourceId,
		orderKey,
		kind: p.kind,
		occurredAt: p.occurredAt,
		receivedAt: ctx.receivedAt,
		key: p.key,
		data: p.data,
	}));
}

export function normaliseWebhook(topic: string, payload: unknown, ctx: NormaliseContext): WebhookNormalisation {
	if (!isObject(payload)) throw new ValidationError(`The ${topic} webhook body is not a JSON object`, 'body');
	const body = payload;
	const [resource] = topic.split('/');
	switch (resource) {
		case 'orders': {
			if (topic === 'orders/edited') {
				const edit = objectAt(body, 'order_edit');
				return {
					observations: [],
					lookup: { type: 'order', id: orderGid(requiredId(edit?.order_id, 'order_edit.order_id', topic)) },
				};
			}
			const order = gqlOrderFromRest(body as unknown as RestOrder);
			return { observations: observationsFromOrder(order, { ...ctx, primaryKind: 'order' }) };
		}
		case 'fulfillments':
			return {
				observations: observationsFromRestFulfillment(body as unknown as RestFulfillment, {
					...ctx,
					primaryKind: 'shipment',
				}),
			};
		case 'reverse_deliveries':
			return reverseDeliveryWebhook(body, ctx, topic);
		case 'fulfillment_orders': {
			const fo = objectAt(body, 'fulfillment_order') ?? objectAt(body, 'original_fulfillment_order');
			return {
				observations: [],
				lookup: { type: 'fulfillment_order', id: requiredId(fo?.id, 'fulfillment_order.id', topic) },
			};
		}
		case 'returns': {
			const gid = optionalText(body.admin_graphql_api_id, 'admin_graphql_api_id');
			const id = gid ?? `gid://shopify/Return/${requiredId(body.id, 'admin_graphql_api_id', topic)}`;
			return { observations: [], lookup: { type: 'return', id } };
		}
		case 'refunds':
			return {
				observations: [],
				lookup: { type: 'order', id: orderGid(requiredId(body.order_id, 'order_id', topic)) },
			};
		default:
			throw new ValidationError(
				`Webhook topic "${topic}" is not one this trigger handles`,
				'topic',
				`Subscribe to one of: ${ORDER_TOPICS.join(', ')}.`,
			);
	}
}

/* ---------- defensive readers: webhook JSON is untrusted, every field is checked before use ---------- */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(parent: Json, key: string): Json | undefined {
	const value = parent[key];
	return isObject(value) ? value : undefined;
}

/** A string field, or null when absent; any other type is an error naming the field. */
function optionalText(value: unknown, field: string): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new ValidationError(`"${field}" should be text but is ${describe(value)}`, field);
}

function requiredText(value: unknown, field: string, what: string): string {
	const text = optionalText(value, field);
	if (!text) throw new ValidationError(`The ${what} webhook has no "${field}"`, field);
	return text;
}

/** Shopify ids arrive as numbers (REST) or gid strings. */
function requiredId(value: unknown, field: string, what: string): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim()) return value.trim();
	throw new ValidationError(`The ${what} webhook has no usable "${field}"`, field);
}

function listAt(parent: Json, key: string, field = key): Json[] {
	const value = parent[key];
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new ValidationError(`"${field}" should be a list but is ${describe(value)}`, field);
	return value.map((item, i) => {
		if (!isObject(item))
			throw new ValidationError(`"${field}[${i}]" should be an object but is ${describe(item)}`, `${field}[${i}]`);
		return item;
	});
}

function textList(parent: Json, key: string): string[] {
	const value = parent[key];
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new ValidationError(`"${key}" should be a list but is ${describe(value)}`, key);
	return value.map((v, i) => optionalText(v, `${key}[${i}]`) ?? '').filter(Boolean);
}

function quantity(value: unknown, field: string): number {
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	throw new ValidationError(`"${field}" should be a quantity but is ${describe(value)}`, field);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** REST financial/fulfillment statuses are the GraphQL enum names in lower case (null = unfulfilled). */
const REST_FULFILLMENT_STATUS: Record<string, string> = {
	fulfilled: 'FULFILLED',
	partial: 'PARTIALLY_FULFILLED',
	restocked: 'RESTOCKED',
};

function upper(value: string | null): string | null {
	return value ? value.toUpperCase() : null;
}

export function gqlOrderFromRest(rest: RestOrder): GqlOrder {
	const body = rest as unknown as Json;
	if (!isObject(body)) throw new ValidationError('The order webhook body is not a JSON object', 'body');
	const name = requiredText(body.name, 'name', 'order');
	const createdAt = requiredText(body.created_at, 'created_at', 'order');
	const gid = optionalText(body.admin_graphql_api_id, 'admin_graphql_api_id');
	const fulfillmentStatus = optionalText(body.fulfillment_status, 'fulfillment_status');
	const tags = optionalText(body.tags, 'tags');
	const customer = objectAt(body, 'customer');
	const address = objectAt(body, 'shipping_address');
	const shippingTitle = listAt(body, 'shipping_lines')
		.map((l, i) => optionalText(l.title, `shipping_lines[${i}].title`))
		.find(Boolean);
	return {
		id: gid ?? orderGid(requiredId(body.id, 'id', 'order')),
		name,
		createdAt,
		updatedAt: optionalText(body.updated_at, 'updated_at') ?? createdAt,
		cancelledAt: optionalText(body.cancelled_at, 'cancelled_at'),
		cancelReason: upper(optionalText(body.cancel_reason, 'cancel_reason')),
		closedAt: optionalText(body.closed_at, 'closed_at'),
		displayFinancialStatus: upper(optionalText(body.financial_status, 'financial_status')),
		displayFulfillmentStatus: fulfillmentStatus
			? (REST_FULFILLMENT_STATUS[fulfillmentStatus] ?? fulfillmentStatus.toUpperCase())
			: 'UNFULFILLED',
		email: optionalText(body.email, 'email') ?? optionalText(body.contact_email, 'contact_email'),
		phone: optionalText(body.phone, 'phone'),
		customerLocale: optionalText(body.customer_locale, 'customer_locale'),
		tags: tags
			? tags
					.split(',')
					.map((t) => t.trim())
					.filter(Boolean)
			: [],
		customer: customer
			? {
					id: '',
					displayName:
						joinName(
							optionalText(customer.first_name, 'customer.first_name'),
							optionalText(customer.last_name, 'customer.last_name'),
						) ?? '',
				}
			: null,
		shippingAddress: address ? addressFromRest(address) : null,
		shippingLine: shippingTitle ? { title: shippingTitle } : null,
		lineItems:
			body.line_items === undefined || body.line_items === null
				? undefined
				: { nodes: listAt(body, 'line_items').map((li, i) => lineFromRest(li, `line_items[${i}]`)) },
		fulfillments: listAt(body, 'fulfillments').map((f, i) => gqlFulfillmentFromRest(f, `fulfillments[${i}]`)),
	};
}

function lineFromRest(li: Json, field: string): { id: string; sku: string | null; title: string; quantity: number } {
	const gid = optionalText(li.admin_graphql_api_id, `${field}.admin_graphql_api_id`);
	return {
		id: gid ?? `gid://shopify/LineItem/${requiredId(li.id, `${field}.id`, 'line item')}`,
		sku: optionalText(li.sku, `${field}.sku`),
		title: optionalText(li.title, `${field}.title`) ?? optionalText(li.name, `${field}.name`) ?? '',
		quantity: quantity(li.quantity, `${field}.quantity`),
	};
}

function gqlFulfillmentFromRest(f: Json, field: string): GqlFulfillment {
	const listed = textList(f, 'tracking_numbers');
	const single = optionalText(f.tracking_number, `${field}.tracking_number`);
	const numbers = listed.length ? listed : single ? [single] : [];
	const listedUrls = textList(f, 'tracking_urls');
	const singleUrl = optionalText(f.tracking_url, `${field}.tracking_url`);
	const urls = listedUrls.length ? listedUrls : singleUrl ? [singleUrl] : [];
	const gid = optionalText(f.admin_graphql_api_id, `${field}.admin_graphql_api_id`);
	const createdAt = optionalText(f.created_at, `${field}.created_at`) ?? '';
	const company = optionalText(f.tracking_company, `${field}.tracking_company`);
	const locationId = optionalText(f.location_id, `${field}.location_id`);
	const fulfillment: GqlFulfillment = {
		id: gid ?? `gid://shopify/Fulfillment/${requiredId(f.id, `${field}.id`, 'fulfillment')}`,
		name: optionalText(f.name, `${field}.name`) ?? undefined,
		// REST "cancelled" is GraphQL CANCELLED; the other REST statuses keep their names in upper case.
		status: (optionalText(f.status, `${field}.status`) ?? 'success').toUpperCase(),
		displayStatus: upper(optionalText(f.shipment_status, `${field}.shipment_status`)),
		createdAt,
		updatedAt: optionalText(f.updated_at, `${field}.updated_at`) ?? createdAt,
		trackingInfo: numbers.map((number, i) => ({ number, url: urls[i] ?? null, company })),
		location: locationId ? { id: locationId } : null,
	};
	if (f.line_items !== undefined && f.line_items !== null) {
		fulfillment.fulfillmentLineItems = {
			nodes: listAt(f, 'line_items', `${field}.line_items`).map((li, i) => {
				const line = lineFromRest(li, `${field}.line_items[${i}]`);
				return { id: line.id, quantity: line.quantity, lineItem: { id: line.id, sku: line.sku } };
			}),
		};
	}
	return fulfillment;
}

/**
 * reverse_deliveries/attach_deliverable: a return label (tracking) was attached to a reverse delivery.
 * The body names the return, not the order: the order is found through the return (lookup), and the
 * return parcel becomes a 'shipment' of that order with direction 'return', linked to its return.
 */
function reverseDeliveryWebhook(body: Json, ctx: NormaliseContext, topic: string): WebhookNormalisation {
	const returned = objectAt(body, 'return');
	const returnId =
		optionalText(returned?.admin_graphql_api_id, 'return.admin_graphql_api_id') ??
		`gid://shopify/Return/${requiredId(returned?.id, 'return.id', topic)}`;
	const deliveryId =
		optionalText(body.admin_graphql_api_id, 'admin_graphql_api_id') ??
		`gid://shopify/ReverseDelivery/${requiredId(body.id, 'id', topic)}`;
	const deliverable = objectAt(body, 'shipping_deliverable');
	const tracking = deliverable ? objectAt(deliverable, 'tracking') : undefined;
	const label = deliverable ? objectAt(deliverable, 'label') : undefined;
	const number = optionalText(tracking?.tracking_number, 'shipping_deliverable.tracking.tracking_number');
	const at = optionalText(label?.created_at, 'shipping_deliverable.label.created_at') ?? ctx.receivedAt;
	const parcel = number
		? returnParcel(
				{
					id: deliveryId,
					deliverable: {
						tracking: {
							number,
							carrierName: optionalText(tracking?.carrier_name, 'shipping_deliverable.tracking.carrier_name'),
							url: optionalText(tracking?.tracking_url, 'shipping_deliverable.tracking.tracking_url'),
						},
					},
				},
				returnId,
				'',
				at,
				// Not the bare event id: the return the lookup reads takes it (primaryKind 'return').
				{ ...ctx, primaryKind: undefined },
			)
		: null;
	return {
		observations: [],
		lookup: { type: 'return', id: returnId },
		pending: parcel
			? [
					{
						kind: 'shipment',
						sourceId: parcel.sourceId,
						occurredAt: parcel.occurredAt,
						key: parcel.key,
						data: parcel.data,
					},
				]
			: [],
	};
}

/** A fulfillments/* body: the parcel, and the carrier news Shopify relays about it (shipment_status). */
export function observationsFromRestFulfillment(f: RestFulfillment, ctx: NormaliseContext): Observation[] {
	const shipment = shipmentFromRestFulfillment(f, ctx);
	const fulfillment = gqlFulfillmentFromRest(f as unknown as Json, 'fulfillment');
	return [shipment, ...relayedTracking(fulfillment, shipment.orderKey, ctx)];
}

export function shipmentFromRestFulfillment(f: RestFulfillment, ctx: NormaliseContext): Observation<'shipment'> {
	const body = f as unknown as Json;
	if (!isObject(body)) throw new ValidationError('The fulfillment webhook body is not a JSON object', 'body');
	const name = optionalText(body.name, 'name');
	if (!name)
		throw new ValidationError(
			'The fulfillment webhook has no "name" (e.g. "#1001.1"), so its order is unknown',
			'name',
		);
	requiredText(body.created_at, 'created_at', 'fulfillment');
	const obs = shipmentObservation(gqlFulfillmentFromRest(body, 'fulfillment'), orderKeyFromName(name), {
		...ctx,
		primaryKind: ctx.primaryKind ?? 'shipment',
	});
	if (body.line_items !== undefined && body.line_items !== null) {
		obs.data.lines = listAt(body, 'line_items').map((li, i) => {
			const line = lineFromRest(li, `line_items[${i}]`);
			return { sku: line.sku, lineId: line.id, title: line.title || null, quantity: line.quantity };
		});
	}
	return obs;
}

function addressFromRest(a: Json): GqlMailingAddress {
	const text = (key: string) => optionalText(a[key], `shipping_address.${key}`);
	return {
		name: text('name') ?? joinName(text('first_name'), text('last_name')),
		company: text('company'),
		address1: text('address1'),
		address2: text('address2'),
		city: text('city'),
		province: text('province'),
		provinceCode: text('province_code'),
		zip: text('zip'),
		country: text('country'),
		countryCodeV2: text('country_code'),
		phone: text('phone'),
	};
}
