/**
 * ShipBob Developer API 2026-01 client (api.shipbob.com; sandbox-api.shipbob.com).
 * Contract: ../shared/vendor-specs/shipbob/shipbob-openapi.json (validated in test/contract/threepl).
 * Limits: 150 requests per minute per user and application, sliding window; 429 carries
 * `x-retry-after` (seconds) and every answer `x-remaining-calls`.
 */
import { HttpError, ValidationError } from '../../http/errors';
import { IntervalLimiter, type RateLimiter } from '../../http/limiters';
import type { SharedScope } from '../../http/sharedBudget';
import { sendOnce } from '../../http/once';
import type { RetryDecision } from '../../http/retry';
import { systemClock, type Clock, type HttpRequest, type HttpResponse, type Transport } from '../../http/types';
import { sameShipTo } from '../../order/address';
import type { WarehouseItemSwap } from '../../order/itemSwap';
import type { Address } from '../../order/types';
import {
	askInTurn,
	collectPages,
	findBy,
	givenValue,
	lookUpBy,
	lookupKeysOf,
	planLookup,
	requireIsoDate,
	settleLookup,
	withLookup,
	asArray,
	asRecord,
	str,
	type KeySearchResult,
	type LookupPlan,
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
import { normaliseShipBobOrder, shipbobAddress } from './normalise';

export const SHIPBOB_API_VERSION = '2026-01';
export const SHIPBOB_BASE_URL = 'https://api.shipbob.com';
export const SHIPBOB_SANDBOX_URL = 'https://sandbox-api.shipbob.com';
export const SHIPBOB_LIMIT_PER_MINUTE = 150;
/** ShipBob's maximum page size for GET /order (its tracking guide recommends 250). */
export const SHIPBOB_MAX_PAGE_SIZE = 250;
/**
 * Reference ids asked in one GET /order when many orders are looked up together: 100 keeps the URL near
 * 2 kB (Shopify ids are 13 digits, each comma is sent as %2C), well inside what servers and proxies accept;
 * with three keys an order (Shopify id, 1001, #1001) that is 33 orders a call.
 */
export const SHIPBOB_REFERENCES_PER_CALL = 100;
/** Inventory items asked per page when a SKU is looked up (GET /inventory PageSize), and pages read at most. */
export const SHIPBOB_INVENTORY_PAGE_SIZE = 100;
export const SHIPBOB_INVENTORY_MAX_PAGES = 10;

/**
 * Paces to the documented sliding window and backs off when ShipBob says the shared budget (other
 * apps on the same user) is nearly gone: `x-remaining-calls` is the truth, our own count an estimate.
 */
export class ShipBobLimiter implements RateLimiter {
	private readonly window: IntervalLimiter;
	private pauseUntil = 0;
	constructor(
		private readonly clock: Clock = systemClock,
		private readonly reserve = 2,
		shared?: SharedScope,
	) {
		this.window = new IntervalLimiter(SHIPBOB_LIMIT_PER_MINUTE - reserve, 60_000, clock, shared);
	}
	async acquire(): Promise<void> {
		const wait = this.pauseUntil - this.clock.now();
		if (wait > 0) await this.clock.sleep(wait);
		await this.window.acquire();
	}
	observe(response: HttpResponse): void {
		const remaining = Number(response.headers['x-remaining-calls']);
		const retryAfter = Number(response.headers['x-retry-after']);
		if (response.status === 429 && Number.isFinite(retryAfter)) this.pauseUntil = this.clock.now() + retryAfter * 1000;
		else if (Number.isFinite(remaining) && remaining <= this.reserve)
			this.pauseUntil = this.clock.now() + 60_000 / SHIPBOB_LIMIT_PER_MINUTE;
	}
}

export function shipbobRetryClassifier(response: HttpResponse): RetryDecision | undefined {
	if (response.status !== 429) return undefined;
	const seconds = Number(response.headers['x-retry-after']);
	return { retry: true, delayMs: Number.isFinite(seconds) ? seconds * 1000 : undefined };
}

export interface ShipBobConfig extends ProviderClientConfig {
	/** shipbob_channel_id header: required by ShipBob for writes when the token sees several channels. */
	channelId?: string;
}

export class ShipBobClient implements ThreePlClient {
	readonly provider = 'shipbob' as const;
	readonly unsupported = {};
	private readonly http: Transport;
	constructor(private readonly config: ShipBobConfig) {
		const limiter = new ShipBobLimiter(config.clock, undefined, sharedScope(config, 'shipbob'));
		this.http = buildTransport(config, limiter, shipbobRetryClassifier);
	}

	private request(method: HttpRequest['method'], path: string, extra: Partial<HttpRequest> = {}): HttpRequest {
		const headers: Record<string, string> = {
			accept: 'application/json',
			...(this.config.headers ?? {}),
			...(extra.headers ?? {}),
		};
		if (this.config.channelId) headers.shipbob_channel_id = this.config.channelId;
		return { method, url: joinUrl(this.config.baseUrl, `/${SHIPBOB_API_VERSION}${path}`), ...extra, headers };
	}

	private now(): string {
		return new Date((this.config.clock ?? systemClock).now()).toISOString();
	}

	private async getOrderById(id: string): Promise<unknown> {
		const req = this.request('GET', `/order/${encodeURIComponent(id)}`, { operation: 'shipbob.getOrder' });
		return (await sendJson(this.http, req)).body;
	}

	/**
	 * Every order ShipBob files under any of these reference ids: one GET /order for them all (ReferenceIds
	 * takes a comma-separated list), every page of it. A comma inside a key would split it in ReferenceIds:
	 * such a key is asked on its own.
	 */
	private async ordersByReferences(references: readonly string[]): Promise<Record<string, unknown>[]> {
		const unique = [...new Set(references)];
		const batches = [unique.filter((r) => !r.includes(',')), ...unique.filter((r) => r.includes(',')).map((r) => [r])];
		const orders: Record<string, unknown>[] = [];
		for (const batch of batches.filter((b) => b.length)) {
			for (let page = 1; ; page++) {
				const req = this.request('GET', '/order', {
					query: { ReferenceIds: batch.join(','), Page: page, Limit: SHIPBOB_MAX_PAGE_SIZE },
					operation: 'shipbob.findOrder',
				});
				const res = await sendJson(this.http, req);
				if (!Array.isArray(res.body)) throw malformed('ShipBob', req, 'a body that is not a list of orders');
				orders.push(...res.body.map(asRecord));
				const totalPages = Number(res.headers['total-pages']);
				if (!(Number.isFinite(totalPages) ? page < totalPages : res.body.length >= SHIPBOB_MAX_PAGE_SIZE)) break;
			}
		}
		return orders;
	}

	/**
	 * ShipBob has no filter by order number, only by reference_id (many at once). Its Shopify integration
	 * files an order under the Shopify order's numeric id (reference_id) with the name in order_number;
	 * custom integrations usually put the order number in reference_id. So one GET /order asks for every
	 * key at once, and the Shopify id wins over a name match (docs/3pl.md, ShipBob).
	 */
	private readonly orders: OrderSearch<Record<string, unknown>> = {
		provider: 'shipbob',
		now: () => this.now(),
		normalise: normaliseShipBobOrder,
		search: async (plan) => searchShipBobAnswer(plan, await this.ordersByReferences(shipBobReferences(plan))),
	};

	async lookUpOrder(keys: OrderLookupKeys): Promise<OrderLookup> {
		return (await lookUpBy(this.orders, keys)).lookup;
	}

	/**
	 * Many orders' lookups in few calls: the keys of up to SHIPBOB_REFERENCES_PER_CALL reference ids (an
	 * order's keys never split across calls) in one GET /order, so 30 orders cost one call where lookUpOrder
	 * would make 30. Each order is matched in the answer by its own keys, as its own lookup would; a call
	 * that fails fails the orders it asked about, and an order whose keys cannot be asked (an empty number, a
	 * malformed Shopify id) fails alone.
	 */
	async lookUpOrders(keys: readonly OrderLookupKeys[]): Promise<Array<BatchOutcome<OrderLookup>>> {
		const outcomes: Array<BatchOutcome<OrderLookup>> = [];
		const planned: Array<{ index: number; plan: LookupPlan; references: string[] }> = [];
		keys.forEach((k, index) => {
			try {
				const plan = planLookup(k);
				planned.push({ index, plan, references: shipBobReferences(plan) });
			} catch (error) {
				outcomes[index] = { error };
			}
		});
		const calls = groupsUpTo(planned, (p) => p.references.length, SHIPBOB_REFERENCES_PER_CALL);
		const answers = await askInTurn(calls, async (call) => {
			const at = this.now();
			return { at, orders: await this.ordersByReferences(call.flatMap((p) => p.references)) };
		});
		calls.forEach((call, n) => {
			const answer = answers[n];
			for (const { index, plan, references } of call) {
				if ('error' in answer) {
					outcomes[index] = answer;
					continue;
				}
				// Only what its own keys brought, as its own call would have: an order filed under another order's
				// key never matches this one by the name it shows.
				const own = answer.value.orders.filter((o) => references.includes(str(o.reference_id) ?? ''));
				outcomes[index] = {
					value: settleLookup(this.orders, plan, answer.value.at, searchShipBobAnswer(plan, own)).lookup,
				};
			}
		});
		return outcomes;
	}

	private async findOrder(
		order: string | OrderLookupKeys,
	): Promise<{ raw: Record<string, unknown>; lookup: OrderLookup }> {
		return findBy(this.orders, order);
	}

	async getOrderStatus(order: string | OrderLookupKeys): Promise<FulfillmentSnapshot> {
		return withLookup((await this.findOrder(order)).lookup);
	}

	/** Webhooks name ShipBob's own order id: read that order directly. */
	async snapshotByOrderId(orderId: string): Promise<FulfillmentSnapshot> {
		return normaliseShipBobOrder(await this.getOrderById(orderId), this.now());
	}

	/** GET /order embeds shipments with tracking, so shipments cost no extra call. */
	async getShipments(orderRef: string | OrderLookupKeys): Promise<FulfillmentSnapshot> {
		const { raw: order, lookup } = await this.findOrder(orderRef);
		const shipmentsReq = this.request('GET', `/order/${encodeURIComponent(String(order.id))}/shipment`, {
			operation: 'shipbob.getShipments',
		});
		const res = await sendJson(this.http, shipmentsReq);
		if (!Array.isArray(res.body)) throw malformed('ShipBob', shipmentsReq, 'a body that is not a list of shipments');
		return withLookup({ ...lookup, snapshot: normaliseShipBobOrder({ ...order, shipments: res.body }, this.now()) });
	}

	async listOrdersUpdatedSince(since: string, options: ListOptions = {}): Promise<ListResult> {
		const from = requireIsoDate(since, 'updatedSince');
		const limit = Math.min(options.pageSize ?? SHIPBOB_MAX_PAGE_SIZE, SHIPBOB_MAX_PAGE_SIZE);
		return collectPages(async (cursor) => {
			const page = cursor ? Number(cursor) : 1;
			const req = this.request('GET', '/order', {
				query: { LastUpdateStartDate: from, Page: page, Limit: limit, SortOrder: 'Oldest' },
				operation: 'shipbob.listOrders',
			});
			const res = await sendJson(this.http, req);
			if (!Array.isArray(res.body)) throw malformed('ShipBob', req, 'a body that is not a list of orders');
			const totalPages = Number(res.headers['total-pages']);
			const more = Number.isFinite(totalPages) ? page < totalPages : res.body.length >= limit;
			return {
				snapshots: res.body.map((o) => normaliseShipBobOrder(o, this.now())),
				nextCursor: more ? String(page + 1) : undefined,
			};
		}, options);
	}

	/**
	 * ShipBob changes the address per shipment (PUT /shipment/{id}:updateAddress), and only while
	 * the shipment has not been picked. Every open shipment of the order gets the new address, each once:
	 * after a lost answer the shipment is read back and an address it already holds is adopted, never sent
	 * again (a second PUT could meet a shipment picked in between and be refused after the first went through).
	 */
	async updateShippingAddress(orderRef: string | OrderLookupKeys, address: Address): Promise<FulfillmentSnapshot> {
		const body = shipbobAddressBody(address);
		const { raw: order } = await this.findOrder(orderRef);
		const orderId = String(order.id);
		const open = asArray(order.shipments)
			.map(asRecord)
			.filter((s) => !['Completed', 'Cancelled', 'LabeledCreated'].includes(String(s.status)));
		if (!open.length) {
			throw new ValidationError(
				`Order ${lookupKeysOf(orderRef).orderNumber} has no ShipBob shipment that can still change address`,
				'orderNumber',
				'ShipBob only changes the address before a label is printed. Contact ShipBob support to intercept the ' +
					'parcel, or create a new order.',
			);
		}
		for (const shipment of open) {
			const shipmentId = String(shipment.id);
			const req = this.request('PUT', `/shipment/${encodeURIComponent(shipmentId)}:updateAddress`, {
				body,
				headers: { 'content-type': 'application/json' },
				operation: 'shipbob.updateAddress',
				effect: 'unsafe',
			});
			await sendOnce({
				what: `ShipBob address change of shipment ${shipmentId}`,
				clock: this.config.clock,
				send: async () => {
					await sendJson(
						this.http,
						req,
						'ShipBob refused the address change: the shipment may already be picked, or a field is invalid (see ' +
							'the response).',
					);
					return true;
				},
				find: async () => {
					const held = asArray(asRecord(await this.getOrderById(orderId)).shipments)
						.map(asRecord)
						.find((s) => String(s.id) === shipmentId);
					return held && sameShipTo(shipbobAddress(held.recipient), address) ? true : undefined;
				},
			});
		}
		return normaliseShipBobOrder(await this.getOrderById(orderId), this.now());
	}

	/**
	 * Swaps items per shipment with API 2026-01: GET /shipment/{id}:getLineItems, then POST
	 * /shipment/{id}:updateLineItems with "the complete list of line items as returned by the GET ... partial updates
	 * are not supported" (shipbob-openapi.json, update-shipment-line-items), the old line replaced by the new SKU's
	 * inventory id. The new SKU is resolved to exactly one inventory id first (shipbobInventoryFor); anything this
	 * cannot map without guessing (no or several inventory items, a bundle, units spread over shipments or lines in a
	 * way the swap does not name) is a ValidationError before any write, since a wrong inventory id ships the wrong
	 * item. Only shipments not yet picked, packed, labelled, shipped or cancelled are changed (shipbobLineEditable).
	 * Each shipment is sent once: after a lost answer its lines are read back and a list that already holds the
	 * change is adopted, never sent again. A 200 with is_success false is ShipBob's refusal (a ValidationError
	 * carrying its code and message). Returns the order as read after the writes.
	 */
	async swapItems(
		orderRef: string | OrderLookupKeys,
		swaps: readonly WarehouseItemSwap[],
	): Promise<FulfillmentSnapshot> {
		const { raw: order } = await this.findOrder(orderRef);
		const orderId = String(order.id);
		const orderNumber = lookupKeysOf(orderRef).orderNumber;
		const open = asArray(order.shipments).map(asRecord).filter(shipbobLineEditable);
		if (!open.length) {
			throw new ValidationError(
				`Order ${orderNumber} has no ShipBob shipment whose items can still change (each is picked, packed, ` +
					'labelled, shipped or cancelled)',
				'orderNumber',
				'ShipBob only changes items before the shipment is picked. Contact ShipBob support to swap the item by hand.',
			);
		}
		const shipments: ShipBobShipmentLines[] = [];
		for (const shipment of open) {
			shipments.push({
				shipmentId: String(shipment.id),
				fulfillmentCenterId: numberOrUndefined(asRecord(shipment.location).id),
				lines: await this.lineItems(String(shipment.id)),
			});
		}
		const inventory = new Map<string, ShipBobInventory>();
		for (const sku of [...new Set(swaps.map((s) => s.toSku))]) inventory.set(sku, await this.inventoryFor(sku));
		const plans = planShipBobSwaps(shipments, swaps, inventory);
		for (const plan of plans) {
			const req = this.request('POST', `/shipment/${encodeURIComponent(plan.shipmentId)}:updateLineItems`, {
				body: { items: plan.items },
				headers: { 'content-type': 'application/json' },
				operation: 'shipbob.updateLineItems',
				effect: 'unsafe',
			});
			await sendOnce({
				what: `ShipBob item swap of shipment ${plan.shipmentId}`,
				clock: this.config.clock,
				// Once: the list is the whole shipment as read before, so a second send after a lost answer whose effect is
				// not found could undo a change made in between. The outcome is reported unknown instead.
				maxSends: 1,
				send: async () => {
					const res = await sendJson(
						this.http,
						req,
						'ShipBob refused the item swap: the shipment may already be picked, or the line list is not what it ' +
							'holds (see the response).',
					);
					const answer = asRecord(res.body);
					if (answer.is_success === false) {
						const error = asRecord(answer.error);
						throw new ValidationError(
							`ShipBob refused the item swap of shipment ${plan.shipmentId}: ` +
								`${str(error.code) ?? 'no code'}${str(error.message) ? ` (${String(error.message)})` : ''}`,
							'swaps',
							"Open the shipment in ShipBob's app: if it is not picked yet, swap the item there (edit the " +
								"shipment's products); otherwise contact ShipBob support.",
						);
					}
					return true;
				},
				find: async () => (holdsPlan(await this.lineItems(plan.shipmentId), plan) ? true : undefined),
			});
		}
		return normaliseShipBobOrder(await this.getOrderById(orderId), this.now());
	}

	/** GET /shipment/{id}:getLineItems: Orders.ShipmentLineItemDetailArray. */
	private async lineItems(shipmentId: string): Promise<Record<string, unknown>[]> {
		const req = this.request('GET', `/shipment/${encodeURIComponent(shipmentId)}:getLineItems`, {
			operation: 'shipbob.getLineItems',
		});
		const res = await sendJson(this.http, req);
		if (!Array.isArray(res.body)) throw malformed('ShipBob', req, 'a body that is not a list of line items');
		return res.body.map(asRecord);
	}

	/**
	 * The one inventory item a SKU names. GET /inventory's SearchBy is "partial match (consecutive characters, case
	 * insensitive)" on name and SKU, so every page is read (following `next`) and only items whose sku is exactly
	 * this one count; GET /product would need a variant's inventory list mapped again (a bundle has several). None,
	 * several, or a bundle or digital item is refused: the person picks the item in ShipBob's app.
	 */
	private async inventoryFor(sku: string): Promise<ShipBobInventory> {
		const found: Record<string, unknown>[] = [];
		let query: Record<string, string | number> = { SearchBy: sku, PageSize: SHIPBOB_INVENTORY_PAGE_SIZE };
		for (let page = 0; ; page++) {
			if (page >= SHIPBOB_INVENTORY_MAX_PAGES) {
				throw new ValidationError(
					`ShipBob finds too many inventory items for "${sku}" to tell which one it is`,
					'swaps.toSku',
					`Swap the item to ${sku} in ShipBob's app (edit the shipment's products), picking the item by hand.`,
				);
			}
			const req = this.request('GET', '/inventory', { query, operation: 'shipbob.findInventory' });
			const body = asRecord((await sendJson(this.http, req)).body);
			if (!Array.isArray(body.items) && body.items !== null && body.items !== undefined)
				throw malformed('ShipBob', req, 'a body without a list of inventory items');
			found.push(
				...asArray(body.items)
					.map(asRecord)
					.filter((i) => str(i.sku) === sku),
			);
			const next = str(body.next);
			if (!next) break;
			const url = new URL(next, 'http://x');
			query = Object.fromEntries(url.searchParams.entries());
		}
		const ids = [...new Set(found.map((i) => Number(i.inventory_id)))];
		const hint = (why: string) =>
			`${why} In ShipBob's app, swap the item to ${sku} on the shipment by hand (Orders, edit the shipment's ` +
			'products) before it is picked, or fix the SKU in ShipBob so it names one inventory item.';
		if (ids.length === 0)
			throw new ValidationError(
				`ShipBob has no inventory item with SKU ${sku}`,
				'swaps.toSku',
				hint('The new SKU is not stocked at ShipBob under this SKU.'),
			);
		if (ids.length > 1 || !Number.isInteger(ids[0]))
			throw new ValidationError(
				`ShipBob has ${ids.length} inventory items with SKU ${sku} (${ids.join(', ')}): which one ships is unknown`,
				'swaps.toSku',
				hint('Several inventory items carry this SKU.'),
			);
		const item = found[0];
		const variant = asRecord(item.variant);
		if (variant.is_active === false)
			throw new ValidationError(
				`The ShipBob inventory item for SKU ${sku} is inactive`,
				'swaps.toSku',
				hint('ShipBob does not fulfil an inactive item.'),
			);
		if (variant.is_bundle === true || variant.is_digital === true)
			throw new ValidationError(
				`SKU ${sku} is a ${variant.is_bundle === true ? 'bundle' : 'digital item'} at ShipBob, not one inventory item`,
				'swaps.toSku',
				hint('A bundle ships several inventory items, which a line swap cannot name.'),
			);
		return { inventoryId: ids[0], isLot: item.is_lot === true };
	}

	/** Subscribes with OUR secret, so the signing key is known before the first delivery arrives. */
	async createWebhook(url: string, topics: string[], secret: string, description?: string): Promise<ShipBobWebhook> {
		const body: Record<string, unknown> = { url, topics, secret };
		if (description) body.description = description;
		const req = this.request('POST', '/webhook', {
			body,
			headers: { 'content-type': 'application/json' },
			operation: 'shipbob.webhookCreate',
		});
		// A second create makes a second subscription (every event twice): after a lost answer, look for ours.
		// It was made with OUR secret, so an adopted one signs exactly like a fresh one.
		const sent = await sendOnce({
			what: `ShipBob webhook subscription for ${url}`,
			clock: this.config.clock,
			send: async () => {
				const created = asRecord(
					(
						await sendJson(
							this.http,
							req,
							'ShipBob refused the webhook subscription: the n8n URL must be public HTTPS.',
						)
					).body,
				);
				return {
					id: String(created.id),
					url: str(created.url),
					topics: asArray(created.topics).map(String),
					secret: str(created.secret) ?? secret,
				};
			},
			find: async () => {
				const found = (await this.listWebhooks()).find(
					(w) => w.url === url && topics.every((t) => w.topics.includes(t)),
				);
				return found ? { ...found, secret } : undefined;
			},
		});
		return sent.value;
	}

	async listWebhooks(): Promise<ShipBobWebhook[]> {
		const out: ShipBobWebhook[] = [];
		let cursor: string | undefined;
		for (let guard = 0; guard < 50; guard++) {
			const req = this.request('GET', '/webhook', {
				query: { RecordsPerPage: 50, Cursor: cursor },
				operation: 'shipbob.webhookList',
			});
			const body = asRecord((await sendJson(this.http, req)).body);
			for (const item of asArray(body.items).map(asRecord))
				out.push({ id: String(item.id), url: str(item.url), topics: asArray(item.topics).map(String) });
			const next = str(body.next);
			if (!next) break;
			cursor = new URL(next, 'http://x').searchParams.get('Cursor') ?? next;
		}
		return out;
	}

	async deleteWebhook(id: string): Promise<void> {
		const req = this.request('DELETE', `/webhook/${encodeURIComponent(id)}`, { operation: 'shipbob.webhookDelete' });
		const res = await this.http(req);
		if (res.status === 404) return; // already gone is what we wanted
		if (res.status < 200 || res.status >= 300) throw new HttpError(res, req);
	}

	/**
	 * POST /order/{orderId}:cancel cancels every shipment ShipBob can still cancel ("must not be picked, packed, or
	 * shipped") and answers Success, PartialSuccess or Failure. Sent once (a POST that acts is not repeated blindly):
	 * after a lost answer the order is read back, and one that shows the order cancelled, or a shipment cancelled
	 * that was not before (a partial cancel), is adopted instead of sending again.
	 */
	async cancel(orderRef: string | OrderLookupKeys): Promise<CancelResult> {
		const { raw: order } = await this.findOrder(orderRef);
		const orderId = String(order.id);
		const cancelledBefore = new Set(
			asArray(order.shipments)
				.map(asRecord)
				.filter((s) => s.status === 'Cancelled')
				.map((s) => String(s.id)),
		);
		const req = this.request('POST', `/order/${encodeURIComponent(orderId)}:cancel`, {
			operation: 'shipbob.cancelOrder',
			effect: 'unsafe',
		});
		const sent = await sendOnce({
			what: `ShipBob cancel of order ${orderId}`,
			clock: this.config.clock,
			send: async () =>
				(
					await sendJson(
						this.http,
						req,
						'ShipBob refused to cancel: the order may already be shipped or in a state that cannot be cancelled.',
					)
				).body,
			find: async () => {
				const now = asRecord(await this.getOrderById(orderId));
				const newlyCancelled = asArray(now.shipments)
					.map(asRecord)
					.some((s) => s.status === 'Cancelled' && !cancelledBefore.has(String(s.id)));
				if (String(now.status) === 'Cancelled') return { status: 'Success', order: now };
				return newlyCancelled ? { status: 'PartialSuccess', order: now } : undefined;
			},
		});
		const result = asRecord(sent.value);
		const verdict = str(result.status) ?? 'unknown';
		const after = Object.keys(asRecord(result.order)).length ? result.order : await this.getOrderById(orderId);
		const snapshot = normaliseShipBobOrder(after, this.now());
		return {
			orderKey: snapshot.orderKey,
			externalId: orderId,
			cancelled: verdict === 'Success',
			rawResult: verdict,
			snapshot,
		};
	}
}

/** The reference ids one order may be filed under at ShipBob: the Shopify order id first, then each name form. */
export function shipBobReferences(plan: LookupPlan): string[] {
	return [...(plan.shopifyOrderId ? [plan.shopifyOrderId] : []), ...plan.names];
}

/** The order's lookup in ShipBob's answer: every reference id asked for it, and the order that matched. */
export function searchShipBobAnswer(
	plan: LookupPlan,
	orders: Record<string, unknown>[],
): KeySearchResult<Record<string, unknown>> {
	const found = matchShipBobOrder(orders, plan.shopifyOrderId, plan.names);
	return {
		keys: shipBobReferences(plan).map((r) => `reference_id:${r}`),
		matchedBy: found?.matchedBy ?? null,
		hit: found?.order ?? null,
	};
}

/**
 * Consecutive groups whose sizes add up to at most `max` (an item larger than `max` gets a group of its
 * own), in order: the calls a batch of orders is asked in.
 */
export function groupsUpTo<T>(items: readonly T[], size: (item: T) => number, max: number): T[][] {
	const groups: T[][] = [];
	let current: T[] = [];
	let total = 0;
	for (const item of items) {
		if (current.length && total + size(item) > max) {
			groups.push(current);
			current = [];
			total = 0;
		}
		current.push(item);
		total += size(item);
	}
	if (current.length) groups.push(current);
	return groups;
}

/**
 * Which of the orders ShipBob answered is ours, and by which key: the Shopify id in reference_id first
 * (the Shopify integration's key), then a name form in reference_id (custom integrations), then a name
 * form in order_number (an answer to another key that shows our name).
 */
export function matchShipBobOrder(
	orders: Record<string, unknown>[],
	shopifyOrderId: string | null,
	names: string[],
): { order: Record<string, unknown>; matchedBy: string } | null {
	if (shopifyOrderId) {
		const byId = orders.find((o) => str(o.reference_id) === shopifyOrderId);
		if (byId) return { order: byId, matchedBy: `reference_id:${shopifyOrderId}` };
	}
	for (const name of names) {
		const byReference = orders.find((o) => str(o.reference_id) === name);
		if (byReference) return { order: byReference, matchedBy: `reference_id:${name}` };
	}
	for (const name of names) {
		const byNumber = orders.find((o) => str(o.order_number) === name);
		if (byNumber) return { order: byNumber, matchedBy: `order_number:${name}` };
	}
	return null;
}

export interface ShipBobWebhook {
	id: string;
	url: string | null;
	topics: string[];
	secret?: string | null;
}

/** Topics of ShipBob 2026-01 that change what the warehouse knows about an order. */
export const SHIPBOB_ORDER_TOPICS = [
	'order.shipped',
	'order.shipment.delivered',
	'order.shipment.exception',
	'order.shipment.on_hold',
	'order.shipment.cancelled',
] as const;

export interface ShipBobWebhookApi {
	createWebhook(url: string, topics: string[], secret: string, description?: string): Promise<ShipBobWebhook>;
	listWebhooks(): Promise<ShipBobWebhook[]>;
	deleteWebhook(id: string): Promise<void>;
}

/**
 * Canonical address -> Orders.UpdateAddressRequest (street_address1 and city are required by ShipBob). A field
 * given empty is sent as null (cleared); a field not given is left out.
 */
export function shipbobAddressBody(address: Address): Record<string, unknown> {
	if (!address.address1 || !address.city) {
		throw new ValidationError(
			'The new address needs at least address1 and city',
			!address.address1 ? 'address1' : 'city',
			'Fill "Address Line 1" and "City" in the node (ShipBob rejects an address without them).',
		);
	}
	const body: Record<string, unknown> = { street_address1: address.address1, city: address.city };
	const fields: Array<[string, string | null | undefined]> = [
		['street_address2', givenValue(address.address2)],
		['state', givenValue(address.provinceCode, address.province)],
		['zip_code', givenValue(address.zip)],
		['country_code', givenValue(address.countryCode, address.country)],
		['recipient_name', givenValue(address.name)],
		['company_name', givenValue(address.company)],
		['phone_number', givenValue(address.phone)],
	];
	for (const [key, value] of fields) if (value !== undefined) body[key] = value;
	return body;
}

/** The inventory item a swap's new SKU names at ShipBob. */
export interface ShipBobInventory {
	inventoryId: number;
	isLot: boolean;
}

/** An open shipment and its line items as GET :getLineItems answered (Orders.ShipmentLineItemDetail). */
export interface ShipBobShipmentLines {
	shipmentId: string;
	/** The shipment's fulfillment center (ShipmentViewModel.location.id), given to a new line. */
	fulfillmentCenterId?: number;
	lines: Record<string, unknown>[];
}

/** What one shipment is sent: the complete list (Orders.UpdateLineItemsRequest items), and the inventory it changes. */
export interface ShipBobLinePlan {
	shipmentId: string;
	items: Array<Record<string, unknown>>;
	/** Inventory ids whose units the swap changes: a read-back holding these units shows the swap done. */
	touched: number[];
}

/** Shipment statuses whose items ShipBob can no longer change (labelled, shipped, cancelled, swept). */
const LINES_LOCKED = new Set(['Completed', 'Cancelled', 'LabeledCreated', 'CleanSweeped']);
/** ShipBob's Status Reference: Processing details 100 Picked, 101 Packed, 102 Labeled. */
const PICKING_STARTED = new Set([100, 101, 102]);

/**
 * Whether a shipment's items can still change: not labelled, shipped, cancelled or swept, and no status detail
 * saying picking started (the same line updateAddress draws, plus the details: a picked shipment keeps status
 * Processing).
 */
export function shipbobLineEditable(shipment: Record<string, unknown>): boolean {
	if (LINES_LOCKED.has(String(shipment.status))) return false;
	return !asArray(shipment.status_details).some((d) => {
		const detail = asRecord(d);
		return PICKING_STARTED.has(Number(detail.id)) || /^(picked|packed|labeled)$/i.test(str(detail.name) ?? '');
	});
}

/**
 * A line as GET :getLineItems answered it, as UpdateLineItemsRequest takes it back. The GET documents no line `id`
 * and no fulfillment_center_id (ShipmentLineItemDetail has neither), so a kept line goes back without them, as it
 * was returned; its lot goes back as the request's lot fields (selection_method Specific = manually assigned).
 */
export function shipbobLineRequest(line: Record<string, unknown>): Record<string, unknown> {
	const item: Record<string, unknown> = { inventory_id: Number(line.inventory_id), quantity: Number(line.quantity) };
	const lot = asRecord(line.lot);
	if (str(lot.lot_number)) {
		item.lot_number = str(lot.lot_number);
		item.lot_date = str(lot.lot_date) ?? null;
		item.is_manually_assigned_lot = lot.selection_method === 'Specific';
	}
	return item;
}

const skuOfLine = (line: Record<string, unknown>): string | null => str(asRecord(line.product_variant).sku);

/**
 * The lists to send, per shipment the swaps change. Each swap's units of fromSku are found on the open shipments'
 * lines (product_variant.sku) and replaced by the new inventory id:
 * - one shipment holds them: its line(s) of fromSku lose `quantity` units (one line: it is reduced, or removed when
 *   it held exactly that many; several lines, e.g. lots: only when together they hold exactly `quantity`);
 * - several shipments hold them: only when together they hold exactly `quantity` (every unit moves, each shipment
 *   keeps its own count);
 * anything else (fewer units, a split the swap does not name) is a ValidationError: nothing is guessed.
 * The new units go on a line of their own WITHOUT an `id` (the spec documents `id` as the shipment line's own id and
 * GET :getLineItems returns none, so the old line's id is not known and a new item must not claim it) and with the
 * shipment's fulfillment center, so they are not routed elsewhere; a line of that inventory already there, without
 * a lot, takes them instead (one inventory id twice in a list is not something the spec describes).
 */
export function planShipBobSwaps(
	shipments: readonly ShipBobShipmentLines[],
	swaps: readonly WarehouseItemSwap[],
	inventory: ReadonlyMap<string, ShipBobInventory>,
): ShipBobLinePlan[] {
	const work = shipments.map((s) => ({
		...s,
		items: s.lines.map((l) => ({ sku: skuOfLine(l), item: shipbobLineRequest(l) })),
		touched: new Set<number>(),
	}));
	for (const swap of swaps) {
		const target = inventory.get(swap.toSku);
		if (!target) throw new Error(`planShipBobSwaps: no inventory resolved for ${swap.toSku}`);
		const holders = work
			.map((w) => ({ w, at: w.items.filter((i) => i.sku === swap.fromSku) }))
			.filter((h) => h.at.length > 0);
		const unitsOf = (at: Array<{ item: Record<string, unknown> }>) =>
			at.reduce((sum, i) => sum + Number(i.item.quantity), 0);
		const total = holders.reduce((sum, h) => sum + unitsOf(h.at), 0);
		const where = "Open the order in ShipBob's app and swap the item on its shipment by hand before it is picked.";
		if (total === 0)
			throw new ValidationError(
				`No ShipBob shipment that can still change holds ${swap.fromSku}`,
				'swaps.fromSku',
				`The item may already be picked, or ShipBob holds other items than Shopify. ${where}`,
			);
		const moves: Array<{ w: (typeof work)[number]; at: (typeof holders)[number]['at']; units: number }> = [];
		if (holders.length === 1) {
			const [{ w, at }] = holders;
			const units = unitsOf(at);
			if (units < swap.quantity || (at.length > 1 && units !== swap.quantity))
				throw new ValidationError(
					`ShipBob's shipment ${w.shipmentId} holds ${units} of ${swap.fromSku}` +
						`${at.length > 1 ? ` on ${at.length} lines (lots)` : ''}, and ${swap.quantity} are to be swapped`,
					'swaps.quantity',
					`Which units to swap cannot be told from the order. ${where}`,
				);
			moves.push({ w, at, units: swap.quantity });
		} else {
			if (total !== swap.quantity)
				throw new ValidationError(
					`${swap.fromSku} is spread over ${holders.length} ShipBob shipments (${total} units) and ${swap.quantity} ` +
						'are to be swapped',
					'swaps.quantity',
					`Which shipment's units to swap cannot be told from the order. ${where}`,
				);
			for (const h of holders) moves.push({ w: h.w, at: h.at, units: unitsOf(h.at) });
		}
		for (const { w, at, units } of moves) {
			for (const line of at) w.touched.add(Number(line.item.inventory_id));
			w.touched.add(target.inventoryId);
			if (at.length === 1 && Number(at[0].item.quantity) > units)
				at[0].item.quantity = Number(at[0].item.quantity) - units;
			else w.items = w.items.filter((i) => !at.includes(i));
			const same = w.items.filter((i) => Number(i.item.inventory_id) === target.inventoryId);
			if (same.length === 1 && !same[0].item.lot_number) same[0].item.quantity = Number(same[0].item.quantity) + units;
			else if (same.length === 0) {
				const item: Record<string, unknown> = { inventory_id: target.inventoryId, quantity: units };
				if (w.fulfillmentCenterId !== undefined) item.fulfillment_center_id = w.fulfillmentCenterId;
				w.items.push({ sku: swap.toSku, item });
			} else
				throw new ValidationError(
					`ShipBob's shipment ${w.shipmentId} already holds ${swap.toSku} on lots of their own`,
					'swaps.toSku',
					`Adding to a lot-assigned line is not done blind. ${where}`,
				);
		}
	}
	return work
		.filter((w) => w.touched.size > 0)
		.map((w) => ({ shipmentId: w.shipmentId, items: w.items.map((i) => i.item), touched: [...w.touched] }));
}

/** Whether a shipment's lines (GET :getLineItems now) hold the plan's units of every inventory it changes. */
export function holdsPlan(lines: readonly Record<string, unknown>[], plan: ShipBobLinePlan): boolean {
	const units = (items: ReadonlyArray<Record<string, unknown>>, id: number) =>
		items.filter((i) => Number(i.inventory_id) === id).reduce((sum, i) => sum + Number(i.quantity ?? 0), 0);
	return plan.touched.every((id) => units(lines, id) === units(plan.items, id));
}

function numberOrUndefined(value: unknown): number | undefined {
	const n = Number(value);
	return value !== null && value !== undefined && Number.isInteger(n) ? n : undefined;
}
