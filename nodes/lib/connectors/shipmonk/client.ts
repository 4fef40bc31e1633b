/**
 * ShipMonk API v1 client (api.shipmonk.com; sandbox.shipmonk.dev), `Api-Key` header auth.
 * Contract: ../shared/vendor-specs/shipmonk/shipmonk-openapi.json (validated in test/contract/threepl).
 * Limits: the orders-list endpoint allows 1,000 requests per 30 minutes per account; 429 carries
 * Retry-After as an HTTP date, which withRetry honours.
 */
import { HttpError, ValidationError } from '../../http/errors';
import { IntervalLimiter, type RateLimiter } from '../../http/limiters';
import type { SharedScope } from '../../http/sharedBudget';
import { sendOnce } from '../../http/once';
import { systemClock, type CallEffect, type Clock, type HttpRequest, type Transport } from '../../http/types';
import { sameShipTo } from '../../order/address';
import type { Address } from '../../order/types';
import { shopifyNumericId, swapsReflected, type WarehouseItemSwap } from '../../order/itemSwap';
import {
	asArray,
	asRecord,
	collectPages,
	findBy,
	firstHit,
	lookUpBy,
	lookUpEach,
	lookupKeysOf,
	requireIsoDate,
	str,
	withLookup,
	type OrderSearch,
} from '../threepl/common';
import { buildTransport, joinUrl, malformed, sendJson, sharedScope, type ProviderClientConfig } from '../threepl/http';
import type {
	BatchOutcome,
	CancelResult,
	FulfillmentSnapshot,
	ListOptions,
	ListResult,
	OrderLookup,
	OrderLookupKeys,
	ThreePlClient,
} from '../threepl/types';
import { normaliseShipMonkOrder, shipmonkAddress } from './normalise';

export const SHIPMONK_BASE_URL = 'https://api.shipmonk.com';
export const SHIPMONK_SANDBOX_URL = 'https://sandbox.shipmonk.dev';
export const SHIPMONK_ORDERS_LIST_LIMIT = { requests: 1000, windowMs: 30 * 60_000 };
export const SHIPMONK_MAX_PAGE_SIZE = 100;

/** Once picking started, ShipMonk's warehouse has the parcel in hand: edits no longer reach it. */
const TOO_LATE_TO_EDIT = new Set([
	'pick_in_progress',
	'pack_in_progress',
	'packed',
	'awaiting_pick_up',
	'awaiting_carrier_processing',
	'en_route',
	'delivered',
	'undeliverable',
	'shipped_untrackable',
	'fulfilled_by_3rd',
	'cancelled',
	'cancellation_requested',
]);

/** The orders-list budget is separate and far smaller than the general one: pace only that path. */
export class ShipMonkLimiter implements RateLimiter {
	private readonly ordersList: IntervalLimiter;
	constructor(clock: Clock = systemClock, shared?: SharedScope) {
		this.ordersList = new IntervalLimiter(
			SHIPMONK_ORDERS_LIST_LIMIT.requests,
			SHIPMONK_ORDERS_LIST_LIMIT.windowMs,
			clock,
			shared,
		);
	}
	async acquire(request: HttpRequest): Promise<void> {
		if (request.url.includes('/v1/integrations/orders-list')) await this.ordersList.acquire();
	}
	observe(): void {}
}

export type ShipMonkConfig = ProviderClientConfig;

export class ShipMonkClient implements ThreePlClient {
	readonly provider = 'shipmonk' as const;
	readonly unsupported = {};
	private readonly http: Transport;
	constructor(private readonly config: ShipMonkConfig) {
		this.http = buildTransport(
			config,
			new ShipMonkLimiter(config.clock, sharedScope(config, 'shipmonk', 'orders-list')),
		);
	}

	private request(method: HttpRequest['method'], path: string, extra: Partial<HttpRequest> = {}): HttpRequest {
		return {
			method,
			url: joinUrl(this.config.baseUrl, path),
			...extra,
			headers: { accept: 'application/json', ...(this.config.headers ?? {}), ...(extra.headers ?? {}) },
		};
	}

	private now(): string {
		return new Date((this.config.clock ?? systemClock).now()).toISOString();
	}

	/** One GET /v1/integrations/orders by one filter; 404 is ShipMonk's "no such order". */
	private async orderBy(filter: 'orderKey' | 'orderNumber', value: string): Promise<Record<string, unknown> | null> {
		const req = this.request('GET', '/v1/integrations/orders', {
			query: { [filter]: value },
			operation: 'shipmonk.getOrder',
		});
		const res = await this.http(req);
		if (res.status === 404) return null;
		if (res.status < 200 || res.status >= 300) throw new HttpError(res, req);
		const data = asRecord(asRecord(res.body).data);
		if (!Object.keys(data).length) throw malformed('ShipMonk', req, 'a body without data');
		return data;
	}

	/**
	 * ShipMonk files an order under order_key (the store's unique id: for a Shopify store, the Shopify
	 * order id) and shows order_number (the name; Shopify-fed stores may keep the '#'). Asked in that order.
	 */
	private readonly orders: OrderSearch<Record<string, unknown>> = {
		provider: 'shipmonk',
		now: () => this.now(),
		normalise: normaliseShipMonkOrder,
		search: (plan) => {
			const id = plan.shopifyOrderId;
			const tries: Array<[string, () => Promise<Record<string, unknown> | null>]> = [];
			if (id) tries.push([`order_key:${id}`, () => this.orderBy('orderKey', id)]);
			for (const name of plan.names) tries.push([`order_number:${name}`, () => this.orderBy('orderNumber', name)]);
			return firstHit(tries);
		},
	};

	async lookUpOrder(keys: OrderLookupKeys): Promise<OrderLookup> {
		return (await lookUpBy(this.orders, keys)).lookup;
	}

	/**
	 * ShipMonk's GET /v1/integrations/orders takes one orderKey or orderNumber: one order after another.
	 */
	lookUpOrders(keys: readonly OrderLookupKeys[]): Promise<Array<BatchOutcome<OrderLookup>>> {
		return lookUpEach(this, keys);
	}

	async findOrder(order: string | OrderLookupKeys): Promise<Record<string, unknown>> {
		return (await findBy(this.orders, order)).raw;
	}

	async getOrderStatus(order: string | OrderLookupKeys): Promise<FulfillmentSnapshot> {
		return withLookup((await findBy(this.orders, order)).lookup);
	}

	/** Order detail carries packages with tracking numbers. */
	async getShipments(order: string | OrderLookupKeys): Promise<FulfillmentSnapshot> {
		return this.getOrderStatus(order);
	}

	async listOrdersUpdatedSince(since: string, options: ListOptions = {}): Promise<ListResult> {
		const from = requireIsoDate(since, 'updatedSince');
		const pageSize = Math.min(options.pageSize ?? SHIPMONK_MAX_PAGE_SIZE, SHIPMONK_MAX_PAGE_SIZE);
		return collectPages(async (cursor) => {
			const page = cursor ? Number(cursor) : 1;
			const req = this.request('GET', '/v1/integrations/orders-list', {
				query: { updatedAtStart: from, page, pageSize, sortOrder: 'ASC' },
				operation: 'shipmonk.listOrders',
			});
			const res = await sendJson(this.http, req);
			const orders = asRecord(asRecord(res.body).data).orders;
			if (!Array.isArray(orders)) throw malformed('ShipMonk', req, 'a body without data.orders');
			return {
				snapshots: orders.map((o) => normaliseShipMonkOrder(o, this.now())),
				nextCursor: orders.length >= pageSize ? String(page + 1) : undefined,
			};
		}, options);
	}

	/**
	 * ShipMonk has no partial update: POST /v1/integrations/order upserts the whole order by
	 * store_id + order_key. We resend the order exactly as ShipMonk has it with only the field we
	 * change, so nothing else is altered.
	 */
	private async upsert(
		order: Record<string, unknown>,
		change: Record<string, unknown>,
		operation: string,
		effect: CallEffect,
	): Promise<string | null> {
		const body = { ...shipmonkUpsertBody(order), ...change };
		const req = this.request('POST', '/v1/integrations/order', {
			body,
			headers: { 'content-type': 'application/json' },
			operation,
			effect,
		});
		const res = await sendJson(
			this.http,
			req,
			"ShipMonk refused the change (see the response): the order may already be in the warehouse's hands.",
		);
		return str(asRecord(res.body).message);
	}

	/**
	 * The whole order resent with the new ship_to, once: after a lost answer the order is read back and an address
	 * it already holds is adopted, never sent again. ShipMonk documents a single answer for the upsert (200 with a
	 * message saying whether the order was updated), so the order is read back: an address ShipMonk kept is an
	 * error naming its message, never a silent success.
	 */
	async updateShippingAddress(orderRef: string | OrderLookupKeys, address: Address): Promise<FulfillmentSnapshot> {
		const shipTo = shipmonkShipTo(address);
		const order = await this.findOrder(orderRef);
		const orderNumber = lookupKeysOf(orderRef).orderNumber;
		const processing = String(order.processing_status ?? '');
		if (TOO_LATE_TO_EDIT.has(processing) || order.order_status === 'fulfilled' || order.order_status === 'cancelled') {
			throw new ValidationError(
				`Order ${orderNumber} is ${processing || String(order.order_status)} at ShipMonk: the address can no ` +
					`longer be changed`,
				'orderNumber',
				'ShipMonk only takes address changes before picking starts. Contact ShipMonk support to intercept the parcel.',
			);
		}
		const sent = await sendOnce({
			what: `ShipMonk address change of order ${String(order.order_key)}`,
			clock: this.config.clock,
			send: () => this.upsert(order, { ship_to: shipTo }, 'shipmonk.updateAddress', 'unsafe'),
			find: async () =>
				sameShipTo(shipmonkAddress((await this.findOrder(orderRef)).ship_to), address) ? null : undefined,
		});
		const after = await this.getOrderStatus(orderRef);
		if (!sameShipTo(after.fulfillment.shippingAddress, address)) {
			throw new ValidationError(
				`ShipMonk kept the address it had for order ${orderNumber}` +
					(sent.value ? ` (it answered "${sent.value}")` : ''),
				'orderNumber',
				'ShipMonk only takes address changes before picking starts: the order is in the warehouse now (status ' +
					`${after.fulfillment.rawStatus}). Contact ShipMonk support to intercept the parcel.`,
			);
		}
		return after;
	}

	/**
	 * Swaps items by resending the whole order (POST /v1/integrations/order, "Create or Update Order": the same
	 * store_id + order_key "updates the existing order"; `items` is required, so the list sent is the order's items)
	 * with each swapped line replaced by the new SKU and quantity. The spec calls an item's name, price and
	 * custom_data "immutable after the item is created", so the new item goes without the old line_key (which would
	 * name the old item) and with its name. Only before picking, as for the address (TOO_LATE_TO_EDIT); ShipMonk's one
	 * documented answer is 200 with a message, so the order is read back by the port. Sent once: after a lost answer
	 * the order is read back and a swap it shows is adopted.
	 */
	async swapItems(
		orderRef: string | OrderLookupKeys,
		swaps: readonly WarehouseItemSwap[],
	): Promise<FulfillmentSnapshot> {
		const order = await this.findOrder(orderRef);
		const orderNumber = lookupKeysOf(orderRef).orderNumber;
		const processing = String(order.processing_status ?? '');
		if (TOO_LATE_TO_EDIT.has(processing) || order.order_status === 'fulfilled' || order.order_status === 'cancelled') {
			throw new ValidationError(
				`Order ${orderNumber} is ${processing || String(order.order_status)} at ShipMonk: its items can no longer ` +
					'be changed',
				'orderNumber',
				'ShipMonk only takes changes before picking starts. Contact ShipMonk support to swap the item by hand.',
			);
		}
		const body = shipmonkUpsertBody(order);
		const items = shipmonkSwappedItems(body.items as Array<Record<string, unknown>>, swaps);
		await sendOnce({
			what: `ShipMonk item swap of order ${String(order.order_key)}`,
			clock: this.config.clock,
			send: () => this.upsert(order, { items }, 'shipmonk.swapItems', 'unsafe'),
			find: async () => {
				const now = await this.findOrder(orderRef);
				const held = asArray(now.items)
					.map(asRecord)
					.filter((i) => i.source !== 'packaging')
					.map((i) => ({ sku: str(i.sku), quantity: Number(i.quantity ?? 0) }));
				return swapsReflected(held, swaps) ? null : undefined;
			},
		});
		return this.getOrderStatus(orderRef);
	}

	/**
	 * ShipMonk has no cancel endpoint: the order is resent (POST /v1/integrations/order, an upsert by store_id +
	 * order_key) with order_status "cancelled", which its spec says "will ... cancel existing order". Sent once: a
	 * resend carries the whole order as read before the first, so it could undo a change made in between; after a
	 * lost answer the order is read back and a cancel it shows (cancelled, or cancellation_requested: the warehouse
	 * was asked) is adopted instead.
	 */
	async cancel(orderRef: string | OrderLookupKeys): Promise<CancelResult> {
		const order = await this.findOrder(orderRef);
		const orderNumber = lookupKeysOf(orderRef).orderNumber;
		if (order.order_status === 'fulfilled') {
			throw new ValidationError(
				`Order ${orderNumber} has already shipped from ShipMonk`,
				'orderNumber',
				'A shipped order cannot be cancelled; start a return instead.',
			);
		}
		await sendOnce({
			what: `ShipMonk cancel of order ${String(order.order_key)}`,
			clock: this.config.clock,
			send: () => this.upsert(order, { order_status: 'cancelled' }, 'shipmonk.cancelOrder', 'unsafe'),
			find: async () => {
				const now = await this.findOrder(orderRef);
				return CANCEL_SEEN.has(String(now.processing_status)) ? null : undefined;
			},
		});
		const snapshot = await this.getOrderStatus(orderRef);
		return {
			orderKey: snapshot.orderKey,
			externalId: snapshot.externalId,
			cancelled: snapshot.fulfillment.status === 'cancelled',
			rawResult: snapshot.fulfillment.rawStatus,
			snapshot,
		};
	}
}

/**
 * The upsert's items with each swap made: the line (by its line_key, the Shopify line id, else by SKU) becomes the
 * new SKU with the swapped quantity and the new name, without the old line_key. Throws when a line is not there.
 */
export function shipmonkSwappedItems(
	items: ReadonlyArray<Record<string, unknown>>,
	swaps: readonly WarehouseItemSwap[],
): Array<Record<string, unknown>> {
	const out = items.map((i) => ({ ...i }));
	for (const swap of swaps) {
		const keys = [swap.lineItemId, shopifyNumericId(swap.lineItemId)].filter(Boolean);
		let at = out.findIndex((i) => i.sku === swap.fromSku && keys.includes(str(i.line_key)));
		if (at < 0) at = out.findIndex((i) => i.sku === swap.fromSku);
		if (at < 0) {
			throw new ValidationError(
				`The ShipMonk order has no item ${swap.fromSku} to swap`,
				'swaps.fromSku',
				'The order at ShipMonk holds other items than Shopify: check it in the ShipMonk app and swap it there.',
			);
		}
		out[at] = { sku: swap.toSku, quantity: swap.quantity, name: swap.toTitle };
	}
	return out;
}

/** processing_status values that show a cancel was received: done, or asked of a warehouse already working. */
const CANCEL_SEEN = new Set(['cancelled', 'cancellation_requested']);

/** Order Detail Output -> the required fields of Create Or Update Order Input, unchanged. */
export function shipmonkUpsertBody(order: Record<string, unknown>): Record<string, unknown> {
	const shippingService = str(order.requested_shipping_service) ?? str(asRecord(order.shipping_method).name);
	if (!shippingService) {
		throw new ValidationError(
			'ShipMonk returned the order without a shipping service, so it cannot be resent',
			'requested_shipping_service',
			'Set the shipping service on the order in the ShipMonk app, then run again.',
		);
	}
	return {
		store_id: Number(asRecord(order.store).id),
		order_number: String(order.order_number),
		order_key: String(order.order_key),
		items: asArray(order.items)
			.map(asRecord)
			.filter((i) => i.source !== 'packaging' && i.source !== 'inserted')
			.map((i) => {
				const item: Record<string, unknown> = { sku: String(i.sku), quantity: Number(i.quantity ?? 0) };
				if (i.line_key !== null && i.line_key !== undefined) item.line_key = String(i.line_key);
				return item;
			}),
		ship_to: shipmonkShipToFromOrder(order.ship_to),
		requested_shipping_service: shippingService,
		ordered_at: String(order.ordered_at),
		order_status: String(order.order_status),
	};
}

function shipmonkShipToFromOrder(raw: unknown): Record<string, unknown> {
	const a = asRecord(raw);
	const out: Record<string, unknown> = {};
	for (const field of ['name', 'company', 'street1', 'street2', 'state', 'city', 'zip', 'country_code', 'phone'])
		if (a[field] !== undefined) out[field] = a[field];
	return out;
}

export function shipmonkShipTo(address: Address): Record<string, unknown> {
	if (!address.address1 || !address.city) {
		throw new ValidationError(
			'The new address needs at least address1 and city',
			!address.address1 ? 'address1' : 'city',
			'Fill "Address Line 1" and "City" in the node.',
		);
	}
	return {
		name: address.name ?? null,
		company: address.company ?? null,
		street1: address.address1,
		street2: address.address2 ?? null,
		state: address.provinceCode ?? address.province ?? null,
		city: address.city,
		zip: address.zip ?? null,
		country_code: address.countryCode ?? address.country ?? null,
		phone: address.phone ?? null,
	};
}
