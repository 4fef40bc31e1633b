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
} from '../../order/types';
import { ValidationError } from '../../http/errors';
import { orderGid, orderKeyFromName } from './config';
import type {
	GqlFulfillment,
	GqlFulfillmentOrder,
	GqlMailingAddress,
	GqlOrder,
	GqlReturn,
	RestAddress,
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

export function observationsFromOrder(order: GqlOrder, ctx: NormaliseContext): Observation[] {
	if (!order || typeof order.name !== 'string' || !order.name) {
		throw new ValidationError('The Shopify order has no name, so it cannot be matched to a warehouse order', 'order.name');
	}
	const orderKey = orderKeyFromName(order.name);
	const orderTime = order.updatedAt ?? order.createdAt;
	const observations: Observation[] = [orderSnapshot(order, orderKey, orderTime, ctx)];
	for (const fo of order.fulfillmentOrders?.nodes ?? []) observations.push(fulfillmentOrderObservation(fo, orderKey, orderTime, ctx));
	for (const f of order.fulfillments ?? []) observations.push(shipmentObservation(f, orderKey, ctx));
	for (const r of order.returns?.nodes ?? []) observations.push(returnObservation(r, orderKey, orderTime, ctx));
	return observations;
}

function orderSnapshot(order: GqlOrder, orderKey: string, occurredAt: string, ctx: NormaliseContext): Observation<'order'> {
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
	if (order.lineItems) data.lineItems = order.lineItems.nodes.map(lineFromGql);
	return observation('order', order.id, orderKey, occurredAt, ctx, data, `shopify:order:${order.id}:${occurredAt}`);
}

function fulfillmentOrderObservation(fo: GqlFulfillmentOrder, orderKey: string, orderTime: string, ctx: NormaliseContext): Observation<'fulfillment_order'> {
	const data: FulfillmentOrderData = {
		id: fo.id,
		status: fo.status,
		requestStatus: fo.requestStatus ?? null,
		holdReasons: (fo.fulfillmentHolds ?? []).map((h) => h.reason),
		assignedLocation: fo.assignedLocation?.name ?? null,
		updatedAt: fo.updatedAt ?? null,
	};
	if (fo.lineItems) {
		data.lineItems = fo.lineItems.nodes.map((li) => ({
			sku: li.sku ?? null,
			lineId: li.lineItem?.id ?? li.id,
			title: li.productTitle ?? null,
			quantity: li.totalQuantity,
			remaining: li.remainingQuantity,
		}));
	}
	const at = fo.updatedAt ?? orderTime;
	return observation('fulfillment_order', fo.id, orderKey, at, ctx, data, `shopify:fulfillment_order:${fo.id}:${at}:${fo.status}`);
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
	};
	const at = f.updatedAt ?? f.createdAt;
	return observation('shipment', f.id, orderKey, at, ctx, data, `shopify:fulfillment:${f.id}:${at}:${data.rawStatus}`);
}

/** Shopify ReturnStatus -> the canonical return vocabulary (requested | open | closed | declined | cancelled). */
const RETURN_STATUS: Record<string, string> = {
	REQUESTED: 'requested',
	OPEN: 'open',
	CLOSED: 'closed',
	DECLINED: 'declined',
	CANCELED: 'cancelled',
};

function returnObservation(r: GqlReturn, orderKey: string, orderTime: string, ctx: NormaliseContext): Observation<'return'> {
	const data: ReturnData = { returnId: r.id, status: RETURN_STATUS[r.status] ?? 'open', rawStatus: r.status };
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
	if (ctx.eventId) key = ctx.primaryKind === kind && !ctx.eventIdUsed?.has(kind) ? claimEventId(ctx, kind) : `${ctx.eventId}:${kind}:${sourceId}`;
	return { source: 'shopify', sourceId, orderKey, kind, occurredAt, receivedAt: ctx.receivedAt, key, data };
}

/** Only the first observation of the primary kind takes the bare event id. */
function claimEventId(ctx: NormaliseContext, kind: Observation['kind']): string {
	ctx.eventIdUsed ??= new Set();
	ctx.eventIdUsed.add(kind);
	return ctx.eventId as string;
}


function addressFromGql(a: GqlMailingAddress): Address {
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

function lineFromGql(li: { id: string; sku?: string | null; title: string; quantity: number; currentQuantity?: number }): LineQuantity {
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
}

export function normaliseWebhook(topic: string, payload: unknown, ctx: NormaliseContext): WebhookNormalisation {
	if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
		throw new ValidationError(`The ${topic} webhook body is not a JSON object`, 'body');
	}
	const body = payload as Record<string, unknown>;
	const [resource] = topic.split('/');
	switch (resource) {
		case 'orders': {
			if (topic === 'orders/edited') {
				const edit = body.order_edit as { order_id?: number | string } | undefined;
				if (!edit?.order_id) throw new ValidationError('The orders/edited webhook has no order_edit.order_id', 'order_edit.order_id');
				return { observations: [], lookup: { type: 'order', id: orderGid(edit.order_id) } };
			}
			const order = gqlOrderFromRest(body as unknown as RestOrder);
			return { observations: observationsFromOrder(order, { ...ctx, primaryKind: 'order' }) };
		}
		case 'fulfillments':
			return { observations: [shipmentFromRestFulfillment(body as unknown as RestFulfillment, { ...ctx, primaryKind: 'shipment' })] };
		case 'fulfillment_orders': {
			const fo = (body.fulfillment_order ?? body.original_fulfillment_order) as { id?: string } | undefined;
			if (!fo?.id) throw new ValidationError(`The ${topic} webhook has no fulfillment_order.id`, 'fulfillment_order.id');
			return { observations: [], lookup: { type: 'fulfillment_order', id: String(fo.id) } };
		}
		case 'returns': {
			const id = (body.admin_graphql_api_id as string | undefined) ?? (body.id !== undefined ? `gid://shopify/Return/${String(body.id)}` : undefined);
			if (!id) throw new ValidationError(`The ${topic} webhook has no return id`, 'admin_graphql_api_id');
			return { observations: [], lookup: { type: 'return', id } };
		}
		case 'refunds': {
			if (body.order_id === undefined || body.order_id === null) throw new ValidationError('The refunds/create webhook has no order_id', 'order_id');
			return { observations: [], lookup: { type: 'order', id: orderGid(body.order_id as string | number) } };
		}
		default:
			throw new ValidationError(`Webhook topic "${topic}" is not one this trigger handles`, 'topic', `Subscribe to one of: ${ORDER_TOPICS.join(', ')}.`);
	}
}

/** REST financial/fulfillment statuses are the GraphQL enum names in lower case (null = unfulfilled). */
const REST_FULFILLMENT_STATUS: Record<string, string> = {
	fulfilled: 'FULFILLED',
	partial: 'PARTIALLY_FULFILLED',
	restocked: 'RESTOCKED',
};

export function gqlOrderFromRest(rest: RestOrder): GqlOrder {
	if (!rest || typeof rest.name !== 'string' || !rest.name) throw new ValidationError('The order webhook has no "name" (e.g. "#1001")', 'name');
	if (typeof rest.created_at !== 'string') throw new ValidationError('The order webhook has no "created_at"', 'created_at');
	const id = rest.admin_graphql_api_id ?? orderGid(rest.id);
	return {
		id,
		name: rest.name,
		createdAt: rest.created_at,
		updatedAt: rest.updated_at ?? rest.created_at,
		cancelledAt: rest.cancelled_at ?? null,
		cancelReason: rest.cancel_reason ? rest.cancel_reason.toUpperCase() : null,
		closedAt: rest.closed_at ?? null,
		displayFinancialStatus: rest.financial_status ? rest.financial_status.toUpperCase() : null,
		displayFulfillmentStatus: rest.fulfillment_status ? (REST_FULFILLMENT_STATUS[rest.fulfillment_status] ?? rest.fulfillment_status.toUpperCase()) : 'UNFULFILLED',
		email: rest.email ?? rest.contact_email ?? null,
		phone: rest.phone ?? null,
		customerLocale: rest.customer_locale ?? null,
		tags: typeof rest.tags === 'string' ? rest.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
		customer: rest.customer ? { id: '', displayName: joinName(rest.customer.first_name, rest.customer.last_name) ?? '' } : null,
		shippingAddress: rest.shipping_address ? addressFromRest(rest.shipping_address) : null,
		shippingLine: rest.shipping_lines?.[0]?.title ? { title: rest.shipping_lines[0].title } : null,
		lineItems: rest.line_items
			? { nodes: rest.line_items.map((li) => ({ id: li.admin_graphql_api_id ?? `gid://shopify/LineItem/${li.id}`, sku: li.sku ?? null, title: li.title ?? li.name ?? '', quantity: li.quantity })) }
			: undefined,
		fulfillments: (rest.fulfillments ?? []).map(gqlFulfillmentFromRest),
	};
}

function gqlFulfillmentFromRest(f: RestFulfillment): GqlFulfillment {
	const numbers = f.tracking_numbers?.length ? f.tracking_numbers : f.tracking_number ? [f.tracking_number] : [];
	const urls = f.tracking_urls?.length ? f.tracking_urls : f.tracking_url ? [f.tracking_url] : [];
	return {
		id: f.admin_graphql_api_id ?? `gid://shopify/Fulfillment/${f.id}`,
		name: f.name,
		status: (f.status ?? 'success').toUpperCase(),
		displayStatus: f.shipment_status ? f.shipment_status.toUpperCase() : null,
		createdAt: f.created_at ?? '',
		updatedAt: f.updated_at ?? f.created_at,
		trackingInfo: numbers.map((number, i) => ({ number, url: urls[i] ?? null, company: f.tracking_company ?? null })),
	};
}

export function shipmentFromRestFulfillment(f: RestFulfillment, ctx: NormaliseContext): Observation<'shipment'> {
	if (!f || typeof f.name !== 'string' || !f.name) {
		throw new ValidationError('The fulfillment webhook has no "name" (e.g. "#1001.1"), so its order is unknown', 'name');
	}
	if (typeof f.created_at !== 'string') throw new ValidationError('The fulfillment webhook has no "created_at"', 'created_at');
	const obs = shipmentObservation(gqlFulfillmentFromRest(f), orderKeyFromName(f.name), { ...ctx, primaryKind: ctx.primaryKind ?? 'shipment' });
	if (f.line_items) obs.data.lines = f.line_items.map((li) => ({ sku: li.sku ?? null, lineId: li.admin_graphql_api_id ?? String(li.id), title: li.title ?? li.name ?? null, quantity: li.quantity }));
	return obs;
}

function addressFromRest(a: RestAddress): GqlMailingAddress {
	return {
		name: a.name ?? joinName(a.first_name, a.last_name),
		company: a.company ?? null,
		address1: a.address1 ?? null,
		address2: a.address2 ?? null,
		city: a.city ?? null,
		province: a.province ?? null,
		provinceCode: a.province_code ?? null,
		zip: a.zip ?? null,
		country: a.country ?? null,
		countryCodeV2: a.country_code ?? null,
		phone: a.phone ?? null,
	};
}
