/**
 * ShipHero public GraphQL API client (https://public-api.shiphero.com/graphql).
 * Contract: ../shared/vendor-specs/shiphero/shiphero_schema.json (every document is validated).
 *
 * Throttling is credit based: an account holds up to 4,004 credits, restored at 60 per second;
 * each answer reports the `complexity` it cost, and a refused operation answers (HTTP 200) with an
 * error of code 30 carrying `required_credits`, `remaining_credits` and `time_remaining`.
 * We pace on our own estimate before sending and correct it with what ShipHero reports.
 */
import { ValidationError } from '../../http/errors';
import { IntervalLimiter, LeakyBucketLimiter, type RateLimiter } from '../../http/limiters';
import type { SharedScope } from '../../http/sharedBudget';
import { sendOnce } from '../../http/once';
import type { RetryDecision } from '../../http/retry';
import {
	systemClock,
	type CallEffect,
	type Clock,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../../http/types';
import { sameShipTo } from '../../order/address';
import type { Address } from '../../order/types';
import { shopifyNumericId, type WarehouseItemSwap } from '../../order/itemSwap';
import {
	asArray,
	asRecord,
	collectPages,
	findBy,
	firstHit,
	givenValue,
	lookUpBy,
	lookUpEach,
	requireIsoDate,
	str,
	toOrderKey,
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
import {
	estimatedCredits,
	SHIPHERO_ADD_LINE_ITEMS,
	SHIPHERO_CANCEL,
	SHIPHERO_REMOVE_LINE_ITEMS,
	SHIPHERO_ORDER_BY_NUMBER,
	SHIPHERO_ORDER_BY_PARTNER_ID,
	SHIPHERO_ORDERS_UPDATED_SINCE,
	SHIPHERO_UPDATE_ADDRESS,
	SHIPHERO_WEBHOOK_CREATE,
	SHIPHERO_WEBHOOK_DELETE,
	SHIPHERO_WEBHOOKS,
} from './documents';
import { normaliseShipHeroOrder, shipheroAddress } from './normalise';

export const SHIPHERO_BASE_URL = 'https://public-api.shiphero.com';
export const SHIPHERO_CREDITS_MAX = 4004;
export const SHIPHERO_CREDITS_PER_SECOND = 60;
/** ShipHero's hard cap on requests, whatever their cost. */
export const SHIPHERO_REQUEST_CAP = { requests: 7000, windowMs: 5 * 60_000 };
/** ShipHero's "not enough credits" error code. */
export const SHIPHERO_THROTTLED_CODE = 30;

interface GraphQLBody {
	data?: Record<string, unknown> | null;
	errors?: Array<Record<string, unknown>>;
}

/** "7 seconds" / "0:00:07.5" / 7 -> milliseconds. */
export function parseTimeRemaining(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
	if (typeof value !== 'string') return undefined;
	const seconds = /^\s*(\d+(?:\.\d+)?)\s*(?:s|sec|secs|second|seconds)?\s*$/i.exec(value);
	if (seconds) return Math.ceil(Number(seconds[1]) * 1000);
	const hms = /^\s*(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$/.exec(value);
	if (hms) return Math.ceil((Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3])) * 1000);
	return undefined;
}

export function throttleError(body: unknown): Record<string, unknown> | undefined {
	return asArray(asRecord(body).errors)
		.map(asRecord)
		.find((e) => Number(e.code) === SHIPHERO_THROTTLED_CODE);
}

export function shipheroRetryClassifier(response: HttpResponse): RetryDecision | undefined {
	const throttled = throttleError(response.body);
	if (!throttled) return undefined;
	return { retry: true, delayMs: parseTimeRemaining(throttled.time_remaining) ?? 1000 };
}

/** Wraps the credit bucket: the estimate is taken before sending, the reported complexity settles it. */
export class ShipHeroCreditLimiter implements RateLimiter {
	readonly bucket: LeakyBucketLimiter;
	private readonly requests: IntervalLimiter;
	private readonly estimates = new WeakMap<HttpRequest, number>();
	constructor(clock: Clock = systemClock, shared: { requests?: SharedScope; credits?: SharedScope } = {}) {
		this.requests = new IntervalLimiter(
			SHIPHERO_REQUEST_CAP.requests,
			SHIPHERO_REQUEST_CAP.windowMs,
			clock,
			shared.requests,
		);
		this.bucket = new LeakyBucketLimiter(
			{
				available: SHIPHERO_CREDITS_MAX,
				capacity: SHIPHERO_CREDITS_MAX,
				restorePerSecond: SHIPHERO_CREDITS_PER_SECOND,
			},
			{ clock, shared: shared.credits },
		);
	}
	private estimateOf(request: HttpRequest): number {
		const body = asRecord(request.body);
		return estimatedCredits(String(body.query ?? ''), asRecord(body.variables));
	}
	async acquire(request: HttpRequest): Promise<void> {
		const estimate = this.estimateOf(request);
		this.estimates.set(request, estimate);
		await this.requests.acquire();
		this.estimates.set(request, await this.bucket.take(estimate));
	}
	async observe(response: HttpResponse, request: HttpRequest): Promise<void> {
		const estimate = this.estimates.get(request) ?? 0;
		const throttled = throttleError(response.body);
		if (throttled) {
			// Nothing was charged; ShipHero told us what is left.
			const remaining = Number(throttled.remaining_credits);
			if (Number.isFinite(remaining)) await this.bucket.settle(estimate, 0, { available: remaining });
			return;
		}
		const data = asRecord(asRecord(response.body).data);
		const charged = Object.values(data)
			.map((v) => Number(asRecord(v).complexity))
			.find((n) => Number.isFinite(n));
		if (charged === undefined) return;
		// A success reports what it cost, not what is left: settle the estimate against the real cost.
		await this.bucket.settle(estimate, charged);
	}
}

export interface ShipHeroConfig extends ProviderClientConfig {
	/** For 3PL accounts acting for a customer (ShipHero's customer_account_id). */
	customerAccountId?: string;
}

export class ShipHeroClient implements ThreePlClient {
	readonly provider = 'shiphero' as const;
	readonly unsupported = {};
	readonly limiter: ShipHeroCreditLimiter;
	private readonly http: Transport;
	constructor(private readonly config: ShipHeroConfig) {
		this.limiter = new ShipHeroCreditLimiter(config.clock, {
			requests: sharedScope(config, 'shiphero', 'requests'),
			credits: sharedScope(config, 'shiphero', 'credits'),
		});
		this.http = buildTransport(config, this.limiter, shipheroRetryClassifier);
	}

	private now(): string {
		return new Date((this.config.clock ?? systemClock).now()).toISOString();
	}

	/** One GraphQL exchange; GraphQL errors other than throttling are reported, never ignored. */
	async graphql(
		query: string,
		variables: Record<string, unknown>,
		operation: string,
		/** What a mutation does if sent twice; a query only reads. */
		mutationEffect: CallEffect = 'unsafe',
	): Promise<Record<string, unknown>> {
		const request: HttpRequest = {
			method: 'POST',
			url: joinUrl(this.config.baseUrl, '/graphql'),
			headers: { 'content-type': 'application/json', accept: 'application/json', ...(this.config.headers ?? {}) },
			body: { query, variables },
			operation,
			effect: /^\s*mutation\b/.test(query) ? mutationEffect : 'read',
		};
		const response = await sendJson(this.http, request);
		const body = asRecord(response.body) as GraphQLBody;
		if (typeof response.body !== 'object' || response.body === null)
			throw malformed('ShipHero', request, 'a body that is not JSON');
		const throttled = throttleError(body);
		if (throttled) {
			throw new ValidationError(
				`ShipHero kept refusing for lack of credits: ${String(throttled.message ?? '')}`,
				undefined,
				'Another integration is using most of the ShipHero credits. Run less often or at a quieter time; nothing ' +
					'was changed.',
			);
		}
		if (body.errors?.length) {
			const message = body.errors.map((e) => String(e.message ?? JSON.stringify(e))).join('; ');
			throw new ValidationError(
				`ShipHero answered with an error: ${message}`,
				undefined,
				'Check the order number and that the credential belongs to the right ShipHero account.',
			);
		}
		if (!body.data) throw malformed('ShipHero', request, 'neither data nor errors');
		return body.data;
	}

	private withAccount(data: Record<string, unknown>): Record<string, unknown> {
		return this.config.customerAccountId ? { ...data, customer_account_id: this.config.customerAccountId } : data;
	}

	private async ordersBy(document: string, variables: Record<string, unknown>): Promise<Record<string, unknown>[]> {
		const data = await this.graphql(document, variables, 'shiphero.findOrder');
		return asArray(asRecord(asRecord(data.orders).data).edges).map((e) => asRecord(asRecord(e).node));
	}

	/**
	 * ShipHero's Shopify integration keeps the Shopify order id in partner_order_id and the name ("#1001")
	 * in order_number; custom integrations often send "1001". Asked in that order (docs/3pl.md, ShipHero).
	 */
	private readonly orders: OrderSearch<Record<string, unknown>> = {
		provider: 'shiphero',
		now: () => this.now(),
		normalise: normaliseShipHeroOrder,
		search: (plan) => {
			const tries: Array<[string, () => Promise<Record<string, unknown> | undefined>]> = [];
			const id = plan.shopifyOrderId;
			if (id)
				tries.push([
					`partner_order_id:${id}`,
					async () =>
						(await this.ordersBy(SHIPHERO_ORDER_BY_PARTNER_ID, { partnerOrderId: id })).find(
							(o) => str(o.partner_order_id) === id,
						),
				]);
			// Shopify stores push "#1001"; custom integrations "1001". Ask for the form the shop uses first.
			const names = [`#${plan.orderKey}`, ...plan.names.filter((n) => n !== `#${plan.orderKey}`)];
			for (const name of names) {
				tries.push([
					`order_number:${name}`,
					async () =>
						(await this.ordersBy(SHIPHERO_ORDER_BY_NUMBER, { orderNumber: name })).find(
							(o) => toOrderKey(str(o.order_number)) === toOrderKey(name),
						),
				]);
			}
			return firstHit(tries);
		},
	};

	async lookUpOrder(keys: OrderLookupKeys): Promise<OrderLookup> {
		return (await lookUpBy(this.orders, keys)).lookup;
	}

	/**
	 * ShipHero's `orders` query takes one key, and what limits it is credits, spent per order asked whatever
	 * the number of requests: one order after another costs no more than one request for many.
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

	/** The order document already carries shipments and labels with tracking. */
	async getShipments(order: string | OrderLookupKeys): Promise<FulfillmentSnapshot> {
		return this.getOrderStatus(order);
	}

	async listOrdersUpdatedSince(since: string, options: ListOptions = {}): Promise<ListResult> {
		const from = requireIsoDate(since, 'updatedSince');
		const first = Math.min(options.pageSize ?? 25, 100);
		return collectPages(async (cursor) => {
			const data = await this.graphql(
				SHIPHERO_ORDERS_UPDATED_SINCE,
				{ updatedFrom: from, first, after: cursor ?? null },
				'shiphero.listOrders',
			);
			const connection = asRecord(asRecord(data.orders).data);
			const pageInfo = asRecord(connection.pageInfo);
			const snapshots = asArray(connection.edges).map((e) => normaliseShipHeroOrder(asRecord(e).node, this.now()));
			return {
				snapshots,
				nextCursor: pageInfo.hasNextPage === true && pageInfo.endCursor ? String(pageInfo.endCursor) : undefined,
			};
		}, options);
	}

	/**
	 * order_update with the new shipping_address, sent once: after a lost answer the order is read back and an
	 * address it already holds is adopted, never sent again.
	 */
	async updateShippingAddress(order: string | OrderLookupKeys, address: Address): Promise<FulfillmentSnapshot> {
		const shipping = shipheroAddressInput(address);
		const found = await this.findOrder(order);
		const sent = await sendOnce({
			what: `ShipHero order_update (shipping address) of ${String(found.id)}`,
			clock: this.config.clock,
			send: () =>
				this.graphql(
					SHIPHERO_UPDATE_ADDRESS,
					{ data: this.withAccount({ order_id: String(found.id), shipping_address: shipping }) },
					'shiphero.updateAddress',
				),
			find: async () => {
				const now = await this.findOrder(order);
				const held = shipheroAddress(now.shipping_address);
				return sameShipTo(held, address) ? { order_update: { order: now } } : undefined;
			},
		});
		return normaliseShipHeroOrder(asRecord(sent.value.order_update).order, this.now());
	}

	/**
	 * order_cancel, sent once: after a lost answer the order is read back and a cancelled one is adopted, never
	 * cancelled twice. void_on_platform is sent false: the Shopify order is cancelled by whoever asked for this one
	 * (with their own refund and restock choices), never by ShipHero as a side effect. force is never sent: without
	 * it ShipHero refuses an order with valid labels or completed shipments (CancelOrderInput.force), which is the
	 * refusal we want.
	 */
	async cancel(orderRef: string | OrderLookupKeys, reason?: string): Promise<CancelResult> {
		const order = await this.findOrder(orderRef);
		const input: Record<string, unknown> = { order_id: String(order.id), void_on_platform: false };
		if (reason) input.reason = reason;
		const sent = await sendOnce({
			what: `ShipHero order_cancel of ${String(order.id)}`,
			clock: this.config.clock,
			send: () => this.graphql(SHIPHERO_CANCEL, { data: this.withAccount(input) }, 'shiphero.cancelOrder'),
			find: async () => {
				const now = await this.findOrder(orderRef);
				const cancelled = normaliseShipHeroOrder(now, this.now()).fulfillment.status === 'cancelled';
				return cancelled ? { order_cancel: { order: now } } : undefined;
			},
		});
		const data = sent.value;
		const after = asRecord(asRecord(data.order_cancel).order);
		const snapshot = normaliseShipHeroOrder(Object.keys(after).length ? after : order, this.now());
		return {
			orderKey: snapshot.orderKey,
			externalId: String(order.id),
			cancelled: snapshot.fulfillment.status === 'cancelled',
			rawResult: snapshot.fulfillment.rawStatus,
			snapshot,
		};
	}

	/**
	 * Swaps items in two steps per swap, each sent once and resumable: order_add_line_items adds the new SKU as its
	 * own line, then order_remove_line_items removes the old line (UpdateLineItemInput has no sku, so a line cannot be
	 * turned into another item). Added first so the order is never left without the customer's item (an order whose
	 * only line was removed first would hold nothing to ship); if the remove then fails, the port's read-back names
	 * the old SKU still there. The new line's partner_line_item_id is derived from the swap (ShipHero wants it unique
	 * per order), so a later attempt finds a line it added and only removes what is left. After a lost answer each
	 * step reads the order back instead of sending again.
	 */
	async swapItems(
		orderRef: string | OrderLookupKeys,
		swaps: readonly WarehouseItemSwap[],
	): Promise<FulfillmentSnapshot> {
		let order = await this.findOrder(orderRef);
		for (const swap of swaps) {
			const partnerId = swapPartnerLineId(swap);
			const old = shipheroLineFor(order, swap);
			if (!shipheroLines(order).some((l) => str(l.partner_line_item_id) === partnerId)) {
				if (!old) {
					throw new ValidationError(
						`The ShipHero order has no item ${swap.fromSku} to swap`,
						'swaps.fromSku',
						'The order at ShipHero holds other items than Shopify: check it in ShipHero and swap the item there.',
					);
				}
				const line: Record<string, unknown> = {
					sku: swap.toSku,
					partner_line_item_id: partnerId,
					quantity: swap.quantity,
					// Same price: the customer swaps to another variant at the price paid (issue 17).
					price: str(old.price) ?? '0.00',
					product_name: swap.toTitle,
				};
				await sendOnce({
					what: `ShipHero order_add_line_items (${swap.toSku}) of ${String(order.id)}`,
					clock: this.config.clock,
					send: () =>
						this.graphql(
							SHIPHERO_ADD_LINE_ITEMS,
							{ data: this.withAccount({ order_id: String(order.id), line_items: [line] }) },
							'shiphero.addLineItems',
						),
					find: async () => {
						const now = await this.findOrder(orderRef);
						return shipheroLines(now).some((l) => str(l.partner_line_item_id) === partnerId) ? {} : undefined;
					},
				});
			}
			if (old) {
				const lineId = String(old.id);
				await sendOnce({
					what: `ShipHero order_remove_line_items (${swap.fromSku}) of ${String(order.id)}`,
					clock: this.config.clock,
					send: () =>
						this.graphql(
							SHIPHERO_REMOVE_LINE_ITEMS,
							{ data: this.withAccount({ order_id: String(order.id), line_item_ids: [lineId] }) },
							'shiphero.removeLineItems',
						),
					find: async () => {
						const now = await this.findOrder(orderRef);
						const still = shipheroLines(now).find((l) => String(l.id) === lineId);
						return !still || Number(still.quantity ?? 0) === 0 ? {} : undefined;
					},
				});
			}
			order = await this.findOrder(orderRef);
		}
		return normaliseShipHeroOrder(order, this.now());
	}

	/** webhook_create returns the signing secret; the trigger does not keep it (see threepl/subscriptions.ts). */
	async createWebhook(
		name: string,
		url: string,
		shopName?: string,
	): Promise<{ id: string | null; secret: string | null }> {
		const input: Record<string, unknown> = { name, url };
		if (shopName) input.shop_name = shopName;
		// ShipHero shows a webhook's signing secret only in webhook_create's answer. After a lost answer a webhook
		// found under our name is one whose secret we never saw: it is deleted and made again, so exactly one
		// webhook remains and its secret is known.
		const sent = await sendOnce({
			what: `ShipHero webhook_create "${name}"`,
			clock: this.config.clock,
			send: () => this.graphql(SHIPHERO_WEBHOOK_CREATE, { data: this.withAccount(input) }, 'shiphero.webhookCreate'),
			find: async () => {
				if ((await this.listWebhooks()).some((w) => w.name === name)) await this.deleteWebhook(name, shopName);
				return undefined;
			},
		});
		const webhook = asRecord(asRecord(sent.value.webhook_create).webhook);
		return { id: str(webhook.id), secret: str(webhook.shared_signature_secret) };
	}

	async deleteWebhook(name: string, shopName?: string): Promise<void> {
		const input: Record<string, unknown> = { name };
		if (shopName) input.shop_name = shopName;
		// Deleting a webhook that is gone answers an error: after a lost answer, look whether it is gone.
		await sendOnce({
			what: `ShipHero webhook_delete "${name}"`,
			clock: this.config.clock,
			send: () => this.graphql(SHIPHERO_WEBHOOK_DELETE, { data: this.withAccount(input) }, 'shiphero.webhookDelete'),
			find: async () => ((await this.listWebhooks()).some((w) => w.name === name) ? undefined : {}),
		});
	}

	/** With each webhook's shared_signature_secret: the trigger verifies deliveries with it. */
	async listWebhooks(): Promise<Array<{ name: string | null; url: string | null; secret: string | null }>> {
		const data = await this.graphql(SHIPHERO_WEBHOOKS, {}, 'shiphero.webhooks');
		return asArray(asRecord(asRecord(data.webhooks).data).edges).map((e) => {
			const node = asRecord(asRecord(e).node);
			return { name: str(node.name), url: str(node.url), secret: str(node.shared_signature_secret) };
		});
	}
}

/**
 * Canonical address -> CreateOrderAddressInput. A field given empty is sent as null (cleared), a field not given
 * is left out; a name given is the whole name (a one-word name clears last_name). ShipHero keeps a state and a
 * country name beside their codes: a missing name is filled with the code.
 */
export function shipheroAddressInput(address: Address): Record<string, unknown> {
	if (!address.address1 || !address.city) {
		throw new ValidationError(
			'The new address needs at least address1 and city',
			!address.address1 ? 'address1' : 'city',
			'Fill "Address Line 1" and "City" in the node.',
		);
	}
	const input: Record<string, unknown> = { address1: address.address1, city: address.city };
	const name = givenValue(address.name);
	if (name !== undefined) {
		const [first, ...rest] = (name ?? '').trim().split(/\s+/);
		input.first_name = first || null;
		input.last_name = rest.length ? rest.join(' ') : null;
	}
	const fields: Array<[string, string | null | undefined]> = [
		['company', givenValue(address.company)],
		['address2', givenValue(address.address2)],
		['state', givenValue(address.province, address.provinceCode)],
		['state_code', givenValue(address.provinceCode)],
		['zip', givenValue(address.zip)],
		['country', givenValue(address.country, address.countryCode)],
		['country_code', givenValue(address.countryCode)],
		['phone', givenValue(address.phone)],
	];
	for (const [key, value] of fields) if (value !== undefined) input[key] = value;
	return input;
}

function shipheroLines(order: Record<string, unknown>): Array<Record<string, unknown>> {
	return asArray(asRecord(order.line_items).edges).map((e) => asRecord(asRecord(e).node));
}

/** The new line's partner_line_item_id: the Shopify line it replaces and the new SKU, unique within the order. */
export function swapPartnerLineId(swap: WarehouseItemSwap): string {
	return `${shopifyNumericId(swap.lineItemId) ?? swap.fromSku}-swap-${swap.toSku}`;
}

/** The line a swap names: by partner_line_item_id (Shopify's line id) with the old SKU, else by the SKU alone. */
function shipheroLineFor(order: Record<string, unknown>, swap: WarehouseItemSwap): Record<string, unknown> | undefined {
	const lines = shipheroLines(order).filter((l) => str(l.sku) === swap.fromSku && Number(l.quantity ?? 0) > 0);
	const id = shopifyNumericId(swap.lineItemId);
	return lines.find((l) => id !== null && str(l.partner_line_item_id) === id) ?? lines[0];
}
