/**
 * Extensiv 3PL Warehouse Manager REST API client (https://secure-wms.com), HAL+JSON.
 * DOCUMENTATION-DERIVED (no official machine-readable spec): resources from Extensiv's public
 * rel documentation: GET /orders {pgsiz (<= 1000), pgnum, rql, detail}, GET /orders/{id},
 * POST /orders/{id}/canceler (If-Match ETag required). Auth is OAuth client credentials at
 * /AuthServer/api/Token (the n8n credential does that exchange).
 */
import { HttpError } from '../../http/errors';
import { IntervalLimiter } from '../../http/limiters';
import { sendOnce } from '../../http/once';
import { systemClock, type HttpRequest, type Transport } from '../../http/types';
import {
	collectPages,
	findBy,
	firstHit,
	lookUpBy,
	lookUpEach,
	requireIsoDate,
	UnsupportedOperationError,
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
import { embedded, field, normaliseExtensivOrder } from './normalise';

export const EXTENSIV_BASE_URL = 'https://secure-wms.com';
export const EXTENSIV_MAX_PAGE_SIZE = 1000;
/** Extensiv documents no numeric limit; we stay at a polite pace so a large sync never floods it. */
export const EXTENSIV_PACE = { requests: 100, windowMs: 60_000 };

/** No published spec in our store documents an item edit (SOURCES.md: none official); the read still works. */
export const EXTENSIV_SWAP_UNSUPPORTED =
	"Extensiv has no published API to change an order's items. Swap the item in Extensiv's Warehouse Manager, or ask " +
	'your 3PL to; the change is picked up from the order when it is read again.';

export const EXTENSIV_ADDRESS_UNSUPPORTED =
	'Extensiv changes an order only by replacing the whole order (PUT with its ETag), and without an official API ' +
	"description we will not risk overwriting fields. Change the address in Extensiv's Warehouse Manager, or ask " +
	'your 3PL to.';

/** RQL values are quoted; a quote inside would end the literal early. */
function rqlString(value: string): string {
	return `"${value.replace(/["\\]/g, '')}"`;
}

export class ExtensivClient implements ThreePlClient {
	readonly provider = 'extensiv' as const;
	readonly unsupported = { updateShippingAddress: EXTENSIV_ADDRESS_UNSUPPORTED };
	readonly itemSwapUnsupported = EXTENSIV_SWAP_UNSUPPORTED;
	private readonly http: Transport;
	constructor(private readonly config: ProviderClientConfig) {
		this.http = buildTransport(
			config,
			new IntervalLimiter(
				EXTENSIV_PACE.requests,
				EXTENSIV_PACE.windowMs,
				config.clock,
				sharedScope(config, 'extensiv'),
			),
		);
	}

	private request(method: HttpRequest['method'], path: string, extra: Partial<HttpRequest> = {}): HttpRequest {
		return {
			method,
			url: joinUrl(this.config.baseUrl, path),
			...extra,
			headers: { accept: 'application/hal+json', ...(this.config.headers ?? {}), ...(extra.headers ?? {}) },
		};
	}

	private now(): string {
		return new Date((this.config.clock ?? systemClock).now()).toISOString();
	}

	private async orderByReference(referenceNum: string): Promise<Record<string, unknown> | null> {
		const req = this.request('GET', '/orders', {
			query: { rql: `referenceNum==${rqlString(referenceNum)}`, detail: 'OrderItems,Packages', pgsiz: 5, pgnum: 1 },
			operation: 'extensiv.findOrder',
		});
		const res = await sendJson(this.http, req);
		const orders = embedded(res.body, 'rels/orders/order');
		return orders.length ? (orders[0] as Record<string, unknown>) : null;
	}

	/**
	 * Extensiv files an order under referenceNum, the store's order number ("1001" or "#1001" as the
	 * connector sent it). It has no field documented for the Shopify order id, so only name forms are
	 * asked, and the lookup says so in its keys (docs/3pl.md, Extensiv).
	 */
	private readonly orders: OrderSearch<Record<string, unknown>> = {
		provider: 'extensiv',
		now: () => this.now(),
		normalise: normaliseExtensivOrder,
		search: (plan) =>
			firstHit(
				plan.names.map((name): [string, () => Promise<Record<string, unknown> | null>] => [
					`referenceNum:${name}`,
					() => this.orderByReference(name),
				]),
			),
	};

	async lookUpOrder(keys: OrderLookupKeys): Promise<OrderLookup> {
		return (await lookUpBy(this.orders, keys)).lookup;
	}

	/**
	 * Extensiv documents one referenceNum per RQL filter here: one order after another.
	 */
	lookUpOrders(keys: readonly OrderLookupKeys[]): Promise<Array<BatchOutcome<OrderLookup>>> {
		return lookUpEach(this, keys);
	}

	private async findOrder(order: string | OrderLookupKeys): Promise<Record<string, unknown>> {
		return (await findBy(this.orders, order)).raw;
	}

	async getOrderStatus(order: string | OrderLookupKeys): Promise<FulfillmentSnapshot> {
		return withLookup((await findBy(this.orders, order)).lookup);
	}

	async getShipments(order: string | OrderLookupKeys): Promise<FulfillmentSnapshot> {
		return this.getOrderStatus(order);
	}

	async listOrdersUpdatedSince(since: string, options: ListOptions = {}): Promise<ListResult> {
		const from = requireIsoDate(since, 'updatedSince');
		const pgsiz = Math.min(options.pageSize ?? 200, EXTENSIV_MAX_PAGE_SIZE);
		return collectPages(async (cursor) => {
			const pgnum = cursor ? Number(cursor) : 1;
			const req = this.request('GET', '/orders', {
				query: {
					rql: `readOnly.lastModifiedDate=ge=${from}`,
					sort: 'readOnly.orderId',
					detail: 'OrderItems,Packages',
					pgsiz,
					pgnum,
				},
				operation: 'extensiv.listOrders',
			});
			const res = await sendJson(this.http, req);
			const total = Number(field(res.body, 'TotalResults'));
			if (!Number.isFinite(total)) throw malformed('Extensiv', req, 'a body without totalResults');
			const orders = embedded(res.body, 'rels/orders/order');
			return {
				snapshots: orders.map((o) => normaliseExtensivOrder(o, this.now())),
				nextCursor: pgnum * pgsiz < total && orders.length ? String(pgnum + 1) : undefined,
			};
		}, options);
	}

	async updateShippingAddress(): Promise<FulfillmentSnapshot> {
		throw new UnsupportedOperationError('extensiv', 'updateShippingAddress', EXTENSIV_ADDRESS_UNSUPPORTED);
	}

	/** The canceler needs the order's current ETag (If-Match), so we read the order first. */
	async cancel(orderRef: string | OrderLookupKeys, reason?: string): Promise<CancelResult> {
		const found = await this.findOrder(orderRef);
		const orderId = String(field(field(found, 'ReadOnly'), 'OrderId'));
		const readReq = this.request('GET', `/orders/${encodeURIComponent(orderId)}`, { operation: 'extensiv.getOrder' });
		const read = await sendJson(this.http, readReq);
		const etag = read.headers.etag;
		if (!etag) throw malformed('Extensiv', readReq, 'no ETag header (needed to cancel safely)');
		const req = this.request('POST', `/orders/${encodeURIComponent(orderId)}/canceler`, {
			headers: { 'if-match': etag, 'content-type': 'application/hal+json; charset=utf-8' },
			body: { reason: reason ?? 'Cancelled from n8n' },
			operation: 'extensiv.cancel',
		});
		try {
			// Repeated after it went through, the canceler answers 412 (the ETag changed): after a lost answer, read
			// the order back and adopt a cancelled status instead.
			await sendOnce({
				what: `Extensiv cancel of order ${orderId}`,
				clock: this.config.clock,
				send: async () => {
					await sendJson(
						this.http,
						req,
						'Extensiv refused to cancel: the order may already be closed (shipped), or changed since it was read.',
					);
					return true;
				},
				find: async () => ((await this.getOrderStatus(orderRef)).fulfillment.status === 'cancelled' ? true : undefined),
			});
		} catch (error) {
			if (error instanceof HttpError && error.status === 412) {
				throw new HttpError(
					{ status: 412, headers: error.headers, body: error.body },
					req,
					'The order changed in Extensiv while we were cancelling it',
					'Run again: the order will be re-read with its latest version.',
				);
			}
			throw error;
		}
		const snapshot = await this.getOrderStatus(orderRef);
		return {
			orderKey: snapshot.orderKey,
			externalId: orderId,
			cancelled: snapshot.fulfillment.status === 'cancelled',
			rawResult: snapshot.fulfillment.rawStatus,
			snapshot,
		};
	}
}
