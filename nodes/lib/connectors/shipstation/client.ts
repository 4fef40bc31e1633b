/**
 * ShipStation API clients: v1 (ssapi.shipstation.com, Basic auth) for orders, shipments and webhooks;
 * v2 (api.shipstation.com, API-Key header) only for label tracking, which v1 does not have.
 *
 * Clients take a Transport. `shipStationTransport` wraps one with pacing on ShipStation's
 * X-Rate-Limit-* headers (40 requests a minute on v1) and retries, so a steady run never sees a 429.
 * Authentication is added by the caller's transport (n8n credential `authenticate`) or by `auth`
 * here (tests, sandbox, bench).
 */
import { expectOk, HttpError, ValidationError } from '../../http/errors';
import { HeaderWindowLimiter, SHIPSTATION_HEADERS, withRateLimit } from '../../http/limiters';
import { sendOnce } from '../../http/once';
import { budgetKey, type ResilientBudget } from '../../http/sharedBudget';
import { withRetry, type RetryOptions } from '../../http/retry';
import {
	systemClock,
	type CallEffect,
	type Clock,
	type HttpMethod,
	type HttpRequest,
	type QueryValue,
	type Transport,
} from '../../http/types';
import { sameShipTo } from '../../order/address';
import { swapsReflected, type WarehouseItemSwap } from '../../order/itemSwap';
import { swappedItems } from './itemSwap';
import { orderKeyFromOrderNumber, toAddress } from './normalise';
import { paginate, readPageEnvelope, type PageResult } from './paginate';
import type {
	SsMarkShippedRequest,
	SsOrder,
	SsShipment,
	SsSubscribeRequest,
	SsV2Label,
	SsV2TrackingInfo,
	SsWebhookEntry,
} from './types';
import { SHIPSTATION_V1_BASE_URL, SHIPSTATION_V2_BASE_URL, type ResourceKind } from './webhook';

export const MAX_PAGE_SIZE = 500;

/** v1's published limit, per API key; the X-Rate-Limit-Limit header replaces it once seen. */
export const SHIPSTATION_LIMIT = { requests: 40, windowMs: 60_000 };

/** Pacing + retries for one execution (limiters keep no state across executions). */
export function shipStationTransport(
	base: Transport,
	options: {
		clock?: Clock;
		retry?: RetryOptions;
		reserve?: number;
		/**
		 * Share the account's 40 a minute with the other processes calling it; `account` names the API key
		 * without holding it (secretKeyPart). v2 calls made through the same transport count in it too.
		 */
		shared?: { budget: ResilientBudget; account: string };
	} = {},
): Transport {
	const clock = options.clock ?? systemClock;
	const shared = options.shared && {
		budget: options.shared.budget,
		key: budgetKey('shipstation', options.shared.account),
		limit: SHIPSTATION_LIMIT.requests,
		windowMs: SHIPSTATION_LIMIT.windowMs,
	};
	const limiter = new HeaderWindowLimiter(SHIPSTATION_HEADERS, { clock, reserve: options.reserve ?? 0, shared });
	// Retry outside the limiter, so every retry is paced too.
	return withRetry(withRateLimit(base, limiter), { clock, maxAttempts: 5, ...options.retry });
}

export function basicAuthHeader(apiKey: string, apiSecret: string): string {
	return `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
}

const HINT_401 =
	'ShipStation rejected the API key and secret: copy them again from ShipStation > Settings > Account > API ' +
	'Settings into the ShipStation credential.';

function trimBase(url: string): string {
	return url.replace(/\/+$/, '');
}

export interface OrderListFilter {
	orderStatus?: string;
	modifyDateStart?: string;
	modifyDateEnd?: string;
	orderNumber?: string;
	storeId?: number;
}

/** Every key we know for one store order (the Shopify order id is ShipStation's orderKey for Shopify stores). */
export interface SsLookupKeys {
	orderNumber: string;
	shopifyOrderId?: string | null;
	orderName?: string | null;
}

/** One lookup: the keys asked, in order, the one that found the order(s), and when. */
export interface SsOrderLookup {
	orderKey: string;
	keys: string[];
	matchedBy: string | null;
	at: string;
	/** Exact matches (several when the number exists in several stores); empty on a miss. */
	orders: SsOrder[];
}

export interface ShipmentListFilter {
	shipDateStart?: string;
	shipDateEnd?: string;
	orderNumber?: string;
	orderId?: number;
	trackingNumber?: string;
	includeShipmentItems?: boolean;
	storeId?: number;
}

export interface V1ClientOptions {
	transport: Transport;
	baseUrl?: string;
	/** Set when the transport does not authenticate by itself. */
	auth?: { apiKey: string; apiSecret: string };
	/** Waits of a read-back after a lost answer (sendOnce); the transport's clock in tests. */
	clock?: Clock;
}

export class ShipStationV1Client {
	readonly baseUrl: string;
	private readonly transport: Transport;
	private readonly authHeader?: string;
	private readonly clock: Clock;

	constructor(options: V1ClientOptions) {
		this.transport = options.transport;
		this.clock = options.clock ?? systemClock;
		this.baseUrl = trimBase(options.baseUrl || SHIPSTATION_V1_BASE_URL);
		this.authHeader = options.auth ? basicAuthHeader(options.auth.apiKey, options.auth.apiSecret) : undefined;
	}

	private async call(
		method: HttpMethod,
		pathOrUrl: string,
		init: { query?: Record<string, QueryValue>; body?: unknown; operation: string; effect?: CallEffect },
	): Promise<unknown> {
		const request: HttpRequest = {
			method,
			url: pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`,
			query: init.query,
			body: init.body,
			operation: init.operation,
			effect: init.effect,
			headers: { accept: 'application/json', ...(this.authHeader ? { authorization: this.authHeader } : {}) },
		};
		const response = await this.transport(request);
		if (response.status === 401) throw new HttpError(response, request, undefined, HINT_401);
		expectOk(response, request);
		return response.body;
	}

	/* ---------- orders ---------- */

	async listOrdersPage(filter: OrderListFilter, page: number, pageSize = 100): Promise<PageResult<SsOrder>> {
		// No sortBy: ShipStation then sorts by ascending orderId, which never changes, so an order edited
		// while we page cannot move across a page boundary (sorting by ModifyDate could skip one).
		const body = await this.call('GET', '/orders', {
			query: { ...filter, page, pageSize: clampPageSize(pageSize) },
			operation: 'shipstation.listOrders',
		});
		return readPageEnvelope<SsOrder>(body, 'orders');
	}

	iterateOrders(filter: OrderListFilter, options: { pageSize?: number; startPage?: number; maxPages?: number } = {}) {
		return paginate<SsOrder>((page) => this.listOrdersPage(filter, page, options.pageSize), {
			idOf: (order) => order.orderId,
			startPage: options.startPage,
			maxPages: options.maxPages,
		});
	}

	/** orderNumber filters by "starts with" in ShipStation: keep only exact matches ("1001", not "10010"). */
	async getOrdersByNumber(orderNumber: string): Promise<SsOrder[]> {
		const key = orderKeyFromOrderNumber(orderNumber);
		const matches: SsOrder[] = [];
		for await (const page of this.iterateOrders({ orderNumber: key }, { pageSize: MAX_PAGE_SIZE })) {
			for (const order of page.items) {
				if (typeof order.orderNumber === 'string' && orderKeyFromOrderNumber(order.orderNumber) === key)
					matches.push(order);
			}
		}
		return matches;
	}

	/**
	 * Asks for the order by every key v1 can filter on: orderNumber in each form the store may have sent
	 * ("1001", "#1001", a custom name). v1 cannot filter by orderKey (the Shopify order id for Shopify
	 * stores), so the Shopify id picks among same-numbered orders instead (several stores, a split).
	 * Never throws on a miss: a miss is a fact with every key it tried (docs/3pl.md, ShipStation).
	 */
	async lookUpOrder(keys: SsLookupKeys, now: () => string = () => new Date().toISOString()): Promise<SsOrderLookup> {
		const orderKey = orderKeyFromOrderNumber(keys.orderNumber);
		const shopifyOrderId = keys.shopifyOrderId
			? String(keys.shopifyOrderId)
					.replace(/^gid:\/\/shopify\/Order\//, '')
					.trim() || null
			: null;
		const names = [orderKey, `#${orderKey}`];
		const custom = keys.orderName?.trim();
		if (custom && !names.includes(custom)) names.push(custom);
		const at = now();
		const tried: string[] = [];
		for (const name of names) {
			tried.push(`orderNumber:${name}`);
			const matches: SsOrder[] = [];
			for await (const page of this.iterateOrders({ orderNumber: name }, { pageSize: MAX_PAGE_SIZE })) {
				// orderNumber filters by "starts with": keep only this number ("#1001" and "1001" are one order).
				for (const order of page.items)
					if (typeof order.orderNumber === 'string' && sameOrderNumber(order.orderNumber, name)) matches.push(order);
			}
			if (!matches.length) continue;
			const byShopifyId = shopifyOrderId ? matches.filter((o) => o.orderKey === shopifyOrderId) : [];
			const orders = byShopifyId.length ? byShopifyId : matches;
			return { orderKey, keys: tried, matchedBy: `orderNumber:${name}`, at, orders };
		}
		return { orderKey, keys: tried, matchedBy: null, at, orders: [] };
	}

	async getOrder(orderId: number): Promise<SsOrder> {
		return (await this.call('GET', `/orders/${encodeURIComponent(String(orderId))}`, {
			operation: 'shipstation.getOrder',
		})) as SsOrder;
	}

	/**
	 * POST /orders/createorder creates, or updates when orderKey matches an existing order. The body is
	 * cut down to the request fields ShipStation documents (a fetched order carries read-only fields such
	 * as orderId, createDate and addressVerified that do not belong in a request).
	 */
	async createOrUpdateOrder(order: Partial<SsOrder>): Promise<SsOrder> {
		return (await this.call('POST', '/orders/createorder', {
			body: toCreateOrderRequest(order),
			operation: 'shipstation.createOrUpdateOrder',
			// With an orderKey it is an upsert by that key (safe to repeat); without one each call creates an order.
			effect: order.orderKey ? 'idempotent' : 'unsafe',
		})) as SsOrder;
	}

	/**
	 * Changes the ship-to address of an existing order (the address-edit flow). ShipStation only updates
	 * orders that are still open; a shipped or cancelled order is refused here with a clear reason
	 * instead of silently creating a duplicate. `shipTo` is merged into the order's own (fields not given are
	 * kept) and the whole order is sent once: after a lost answer the order is read back and an address it
	 * already holds is adopted, never sent again (a repeat could meet an order shipped in between and be refused
	 * after the first went through).
	 */
	async updateShippingAddress(order: SsOrder, shipTo: Partial<SsOrder['shipTo']>): Promise<SsOrder> {
		if (!UPDATABLE_STATUSES.includes(order.orderStatus)) {
			throw new ValidationError(
				`ShipStation order ${order.orderNumber} is ${order.orderStatus}; only open orders ` +
					`(${UPDATABLE_STATUSES.join(', ')}) can be changed`,
				'orderStatus',
				'The parcel has left or the order was cancelled: change the address with the carrier instead (redirect), ' +
					'or create a new order.',
			);
		}
		if (!order.orderKey)
			throw new ValidationError(
				`ShipStation order ${order.orderNumber} has no orderKey, so it cannot be updated in place`,
				'orderKey',
			);
		const wanted = { ...order.shipTo, ...shipTo } as SsOrder['shipTo'];
		const sent = await sendOnce({
			what: `ShipStation address change of order ${order.orderNumber}`,
			clock: this.clock,
			send: async () =>
				(await this.call('POST', '/orders/createorder', {
					body: toCreateOrderRequest({ ...order, shipTo: wanted }),
					operation: 'shipstation.createOrUpdateOrder',
					effect: 'unsafe',
				})) as SsOrder,
			find: async () => {
				const now = await this.getOrder(order.orderId);
				return sameShipTo(toAddress(now.shipTo), toAddress(wanted) ?? {}) ? now : undefined;
			},
		});
		return sent.value;
	}

	/**
	 * Cancels an order. v1 has no cancel call: POST /orders/createorder updates the order whose orderKey matches, and
	 * "does not currently support partial updates; the entire resource must be provided", so the order is sent as
	 * read with orderStatus "cancelled". Only open orders (awaiting_payment, awaiting_shipment, on_hold) can be
	 * updated that way; "cancelled and shipped are locked from modification through the API" (Postman collection,
	 * Create/Update Order). An order already cancelled is returned as it is. Sent once: a resend after it went
	 * through would meet a locked order and be refused; after a lost answer the order is read back and a cancelled
	 * status is adopted instead.
	 */
	async cancelOrder(order: SsOrder): Promise<{ order: SsOrder; adopted: boolean }> {
		if (order.orderStatus === 'cancelled') return { order, adopted: true };
		if (!UPDATABLE_STATUSES.includes(order.orderStatus)) {
			throw new ValidationError(
				`ShipStation order ${order.orderNumber} is ${order.orderStatus}; only open orders ` +
					`(${UPDATABLE_STATUSES.join(', ')}) can be cancelled through the API`,
				'orderStatus',
				order.orderStatus === 'shipped'
					? 'The parcel has left: ask the carrier to return it, or start a return.'
					: 'ShipStation handed the order on (pending_fulfillment): cancel it with the fulfillment provider.',
			);
		}
		if (!order.orderKey)
			throw new ValidationError(
				`ShipStation order ${order.orderNumber} has no orderKey, so it cannot be cancelled in place`,
				'orderKey',
				'Cancel the order in ShipStation itself: without its orderKey createorder would create a second order.',
			);
		const sent = await sendOnce({
			what: `ShipStation cancel of order ${order.orderNumber}`,
			clock: this.clock,
			send: async () =>
				(await this.call('POST', '/orders/createorder', {
					body: toCreateOrderRequest({ ...order, orderStatus: 'cancelled' }),
					operation: 'shipstation.cancelOrder',
					effect: 'unsafe',
				})) as SsOrder,
			find: async () => {
				const now = await this.getOrder(order.orderId);
				return now.orderStatus === 'cancelled' ? now : undefined;
			},
		});
		return { order: sent.value, adopted: sent.how === 'found' };
	}

	/**
	 * Swaps items of an existing open order: the whole order resent once through POST /orders/createorder (which
	 * updates the order whose orderKey matches) with each swapped line replaced in place (swappedItems). After a lost
	 * answer the order is read back and a swap it shows is adopted, never sent again (a resend carries the order as
	 * read before the first and could undo a change made in between).
	 */
	async swapItems(order: SsOrder, swaps: readonly WarehouseItemSwap[]): Promise<SsOrder> {
		if (!UPDATABLE_STATUSES.includes(order.orderStatus)) {
			throw new ValidationError(
				`ShipStation order ${order.orderNumber} is ${order.orderStatus}; only open orders ` +
					`(${UPDATABLE_STATUSES.join(', ')}) can be changed`,
				'orderStatus',
				'The parcel has left, the order was cancelled or handed to a fulfillment provider: swap it there, or ' +
					'offer an exchange through a return.',
			);
		}
		if (!order.orderKey)
			throw new ValidationError(
				`ShipStation order ${order.orderNumber} has no orderKey, so it cannot be updated in place`,
				'orderKey',
				'Swap the item in ShipStation itself: without its orderKey createorder would create a second order.',
			);
		const items = swappedItems(order.items ?? [], swaps);
		const sent = await sendOnce({
			what: `ShipStation item swap of order ${order.orderNumber}`,
			clock: this.clock,
			send: async () =>
				(await this.call('POST', '/orders/createorder', {
					body: toCreateOrderRequest({ ...order, items }),
					operation: 'shipstation.swapItems',
					effect: 'unsafe',
				})) as SsOrder,
			find: async () => {
				const now = await this.getOrder(order.orderId);
				return swapsReflected(
					(now.items ?? []).filter((i) => !i.adjustment),
					swaps,
				)
					? now
					: undefined;
			},
		});
		return sent.value;
	}

	async holdUntil(orderId: number, holdUntilDate: string): Promise<{ success: boolean; message: string }> {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(holdUntilDate)) {
			throw new ValidationError(
				`Hold until date "${holdUntilDate}" is not a date`,
				'holdUntilDate',
				'Use the form YYYY-MM-DD, for example 2026-12-01.',
			);
		}
		return (await this.call('POST', '/orders/holduntil', {
			body: { orderId, holdUntilDate },
			operation: 'shipstation.holdUntil',
			// Sets the hold date: the same date twice is the same hold.
			effect: 'idempotent',
		})) as {
			success: boolean;
			message: string;
		};
	}

	async restoreFromHold(orderId: number): Promise<{ success: boolean; message: string }> {
		return (await this.call('POST', '/orders/restorefromhold', {
			body: { orderId },
			operation: 'shipstation.restoreFromHold',
			// Moves the order back to awaiting_shipment: a second time changes nothing.
			effect: 'idempotent',
		})) as {
			success: boolean;
			message: string;
		};
	}

	async markAsShipped(request: SsMarkShippedRequest): Promise<{ orderId: number; orderNumber: string }> {
		if (!request.carrierCode)
			throw new ValidationError(
				'Mark as shipped needs a carrier code',
				'carrierCode',
				'Enter the ShipStation carrier code, for example usps, ups or fedex.',
			);
		// Marking twice records a second external shipment (and notifies twice): after a lost answer, read the
		// order back and adopt a shipped status instead of sending again.
		const sent = await sendOnce({
			what: `ShipStation markasshipped of order ${request.orderId}`,
			clock: this.clock,
			send: async () =>
				(await this.call('POST', '/orders/markasshipped', {
					body: request,
					operation: 'shipstation.markAsShipped',
					effect: 'unsafe',
				})) as { orderId: number; orderNumber: string },
			find: async () => {
				const order = await this.getOrder(request.orderId);
				return order.orderStatus === 'shipped' ? { orderId: order.orderId, orderNumber: order.orderNumber } : undefined;
			},
		});
		return sent.value;
	}

	/* ---------- shipments ---------- */

	async listShipmentsPage(
		filter: ShipmentListFilter,
		page: number,
		pageSize = MAX_PAGE_SIZE,
	): Promise<PageResult<SsShipment>> {
		// Default sort is ascending createDate, which a label never changes: pages stay stable while we walk.
		const body = await this.call('GET', '/shipments', {
			query: { ...filter, page, pageSize: clampPageSize(pageSize) },
			operation: 'shipstation.listShipments',
		});
		return readPageEnvelope<SsShipment>(body, 'shipments');
	}

	iterateShipments(
		filter: ShipmentListFilter,
		options: { pageSize?: number; startPage?: number; maxPages?: number } = {},
	) {
		return paginate<SsShipment>((page) => this.listShipmentsPage(filter, page, options.pageSize), {
			idOf: (shipment) => shipment.shipmentId,
			startPage: options.startPage,
			maxPages: options.maxPages,
		});
	}

	/* ---------- webhooks ---------- */

	async subscribeWebhook(request: SsSubscribeRequest): Promise<{ id: number }> {
		// A second subscribe makes a second webhook (every event delivered twice): look for ours first.
		const sent = await sendOnce({
			what: `ShipStation webhook subscription for ${request.event}`,
			clock: this.clock,
			send: async () => {
				const body = (await this.call('POST', '/webhooks/subscribe', {
					body: request,
					operation: 'shipstation.subscribeWebhook',
					effect: 'unsafe',
				})) as { id?: unknown };
				if (typeof body?.id !== 'number') throw new ValidationError('ShipStation did not return a webhook id', 'id');
				return { id: body.id };
			},
			find: async () => {
				const hook = (await this.listWebhooks()).find(
					(w) =>
						w.Url === request.target_url &&
						w.HookType === request.event &&
						(request.store_id === undefined || request.store_id === null || w.StoreID === request.store_id),
				);
				return hook ? { id: hook.WebHookID } : undefined;
			},
		});
		return sent.value;
	}

	async unsubscribeWebhook(webhookId: number | string): Promise<void> {
		try {
			await this.call('DELETE', `/webhooks/${encodeURIComponent(String(webhookId))}`, {
				operation: 'shipstation.unsubscribeWebhook',
			});
		} catch (error) {
			// Already gone (removed in the ShipStation UI): deactivation has nothing left to do.
			if (error instanceof HttpError && error.status === 404) return;
			throw error;
		}
	}

	async listWebhooks(): Promise<SsWebhookEntry[]> {
		const body = (await this.call('GET', '/webhooks', { operation: 'shipstation.listWebhooks' })) as {
			webhooks?: unknown;
		};
		if (!Array.isArray(body?.webhooks))
			throw new ValidationError('ShipStation webhook list has no "webhooks" array', 'webhooks');
		return body.webhooks as SsWebhookEntry[];
	}

	/**
	 * One page of a webhook's resource_url. The URL MUST have passed checkResourceUrl first: this method
	 * re-checks the origin so no caller can send our credentials anywhere else by mistake.
	 */
	async fetchResourcePage<T>(resourceUrl: URL, kind: ResourceKind, page: number): Promise<PageResult<T>> {
		if (resourceUrl.origin !== new URL(this.baseUrl).origin) {
			throw new ValidationError(
				`Refusing to fetch ${resourceUrl.origin}: it is not the ShipStation API`,
				'resource_url',
			);
		}
		const url = new URL(resourceUrl.toString());
		url.searchParams.set('page', String(page));
		const body = await this.call('GET', url.toString(), { operation: `shipstation.webhookResource.${kind}` });
		return readPageEnvelope<T>(body, kind);
	}

	iterateResource<T extends SsOrder | SsShipment>(
		resourceUrl: URL,
		kind: ResourceKind,
		options: { startPage?: number } = {},
	) {
		return paginate<T>((page) => this.fetchResourcePage<T>(resourceUrl, kind, page), {
			idOf: (item) => (kind === 'orders' ? (item as SsOrder).orderId : (item as SsShipment).shipmentId),
			startPage: options.startPage,
		});
	}
}

function sameOrderNumber(held: string, asked: string): boolean {
	return held.trim() === asked || held.trim().replace(/^#+/, '') === asked.replace(/^#+/, '');
}

/** ShipStation updates an order through createorder only while it is open. */
export const UPDATABLE_STATUSES = ['awaiting_payment', 'awaiting_shipment', 'on_hold'];

const ORDER_REQUEST_FIELDS = [
	'orderNumber',
	'orderKey',
	'orderDate',
	'paymentDate',
	'shipByDate',
	'orderStatus',
	'customerId',
	'customerUsername',
	'customerEmail',
	'billTo',
	'shipTo',
	'items',
	'amountPaid',
	'taxAmount',
	'shippingAmount',
	'customerNotes',
	'internalNotes',
	'gift',
	'giftMessage',
	'paymentMethod',
	'requestedShippingService',
	'carrierCode',
	'serviceCode',
	'packageCode',
	'confirmation',
	'shipDate',
	'weight',
	'dimensions',
	'insuranceOptions',
	'internationalOptions',
	'advancedOptions',
	'tagIds',
] as const;
const ITEM_REQUEST_FIELDS = [
	'lineItemKey',
	'sku',
	'name',
	'imageUrl',
	'weight',
	'quantity',
	'unitPrice',
	'taxAmount',
	'shippingAmount',
	'warehouseLocation',
	'options',
	'productId',
	'fulfillmentSku',
	'adjustment',
	'upc',
] as const;
const ADDRESS_REQUEST_FIELDS = [
	'name',
	'company',
	'street1',
	'street2',
	'street3',
	'city',
	'state',
	'postalCode',
	'country',
	'phone',
	'residential',
] as const;
const ADVANCED_REQUEST_FIELDS = [
	'warehouseId',
	'nonMachinable',
	'saturdayDelivery',
	'containsAlcohol',
	'mergedOrSplit',
	'mergedIds',
	'parentId',
	'storeId',
	'customField1',
	'customField2',
	'customField3',
	'source',
	'billToParty',
	'billToAccount',
	'billToPostalCode',
	'billToCountryCode',
] as const;

function pick(source: unknown, fields: readonly string[]): Record<string, unknown> | null | undefined {
	if (source === null || source === undefined) return source as null | undefined;
	const out: Record<string, unknown> = {};
	for (const field of fields)
		if ((source as Record<string, unknown>)[field] !== undefined)
			out[field] = (source as Record<string, unknown>)[field];
	return out;
}

/** A fetched order (or a partial one) -> the body of POST /orders/createorder, request fields only. */
export function toCreateOrderRequest(order: Partial<SsOrder>): Record<string, unknown> {
	const body = pick(order, ORDER_REQUEST_FIELDS) as Record<string, unknown>;
	if (order.billTo !== undefined) body.billTo = pick(order.billTo, ADDRESS_REQUEST_FIELDS);
	if (order.shipTo !== undefined) body.shipTo = pick(order.shipTo, ADDRESS_REQUEST_FIELDS);
	if (order.weight !== undefined) body.weight = pick(order.weight, ['value', 'units']);
	if (order.internationalOptions !== undefined)
		body.internationalOptions = pick(order.internationalOptions, ['contents', 'customsItems']);
	if (order.advancedOptions !== undefined) body.advancedOptions = pick(order.advancedOptions, ADVANCED_REQUEST_FIELDS);
	if (Array.isArray(order.items)) {
		body.items = order.items.map((item) => {
			const out = pick(item, ITEM_REQUEST_FIELDS) as Record<string, unknown>;
			if (item.weight !== undefined) out.weight = pick(item.weight, ['value', 'units']);
			return out;
		});
	}
	return body;
}

function clampPageSize(size: number): number {
	if (!Number.isFinite(size) || size < 1) return 1;
	return Math.min(MAX_PAGE_SIZE, Math.floor(size));
}

export interface V2ClientOptions {
	transport: Transport;
	baseUrl?: string;
	apiKey?: string;
}

/** v2: only what adds information to v1, i.e. carrier tracking of a label. */
export class ShipStationV2Client {
	readonly baseUrl: string;
	private readonly transport: Transport;
	private readonly apiKey?: string;

	constructor(options: V2ClientOptions) {
		this.transport = options.transport;
		this.baseUrl = trimBase(options.baseUrl || SHIPSTATION_V2_BASE_URL);
		this.apiKey = options.apiKey;
	}

	private async get(path: string, query: Record<string, QueryValue> | undefined, operation: string): Promise<unknown> {
		const request: HttpRequest = {
			method: 'GET',
			url: `${this.baseUrl}${path}`,
			query,
			operation,
			headers: { accept: 'application/json', ...(this.apiKey ? { 'api-key': this.apiKey } : {}) },
		};
		const response = await this.transport(request);
		if (response.status === 401) {
			throw new HttpError(
				response,
				request,
				undefined,
				'ShipStation v2 rejected the API key: paste the v2 API key (Settings > Account > API Settings, "API v2") ' +
					'into the credential.',
			);
		}
		expectOk(response, request);
		return response.body;
	}

	async findLabelByTrackingNumber(trackingNumber: string): Promise<SsV2Label | undefined> {
		const body = (await this.get(
			'/v2/labels',
			{ tracking_number: trackingNumber, page_size: 25 },
			'shipstation.v2.listLabels',
		)) as { labels?: unknown };
		if (!Array.isArray(body?.labels))
			throw new ValidationError('ShipStation v2 label list has no "labels" array', 'labels');
		const labels = body.labels as SsV2Label[];
		// A voided label and its replacement can share a tracking number; prefer the live one.
		return labels.find((label) => label.status !== 'voided' && label.voided !== true) ?? labels[0];
	}

	async trackLabel(labelId: string): Promise<SsV2TrackingInfo> {
		if (!labelId)
			throw new ValidationError(
				'Label tracking needs a label id',
				'labelId',
				'Pass the v2 label id (se-...) or a tracking number.',
			);
		const body = await this.get(
			`/v2/labels/${encodeURIComponent(labelId)}/track`,
			undefined,
			'shipstation.v2.trackLabel',
		);
		if (body === null || typeof body !== 'object' || typeof (body as SsV2TrackingInfo).tracking_number !== 'string') {
			throw new ValidationError('ShipStation v2 tracking answer has no tracking_number', 'tracking_number');
		}
		return body as SsV2TrackingInfo;
	}
}
