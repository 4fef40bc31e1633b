/**
 * Simulated ShipStation: v1 (orders, shipments, webhooks) and the v2 label endpoints this package uses.
 *
 * Faithful to the contract (field names and types of ShipStation's Postman collection examples and V1
 * Shipment model; v2 OpenAPI; checked by test/contract/shipstation/sim.contract.test.ts) and to the
 * limits: 40 requests a minute per API key on v1 with X-Rate-Limit-Limit / -Remaining / -Reset on every
 * answer and 429 past the limit. Deterministic from a seed; failures (a 500 on page N, malformed JSON)
 * can be injected; every request is recorded. Mounted under /shipstation/: v1 base URL
 * <sandbox>/shipstation, v2 base URL the same (its paths start with /v2).
 */
import { DateTime } from 'luxon';
import type { InjectedFailure, RecordedRequest } from './kit';

import { toSimRequest, type SimRequest, type SimResponse, type VendorSim } from '../http';
import { TransportError } from '../../../nodes/lib/http/errors';
import { decodeBody } from '../../../nodes/lib/http/fetchTransport';
import {
	buildUrl,
	lowerCaseHeaders,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../../../nodes/lib/http/types';
import type {
	SsAddress,
	SsOrder,
	SsOrderItem,
	SsShipment,
	SsShipmentItem,
	SsV2TrackingInfo,
	SsWebhookEntry,
} from '../../../nodes/lib/connectors/shipstation/types';

const ZONE = 'America/Los_Angeles';

export interface ShipStationSimOptions {
	seed?: number;
	orders?: number;
	/** Shipments to generate (labels); spread over the shipped orders, several per order when needed. */
	shipments?: number;
	apiKey?: string;
	apiSecret?: string;
	v2ApiKey?: string;
	/** Requests per minute on v1 (ShipStation: 40). */
	rateLimit?: number;
	v2RateLimit?: number;
	windowMs?: number;
	now?: () => number;
	/** The sim's own public base URL (for resource_url in webhook notifications); set after the sandbox starts. */
	baseUrl?: string;
	/** Keep request records (the bench turns this off for memory). */
	record?: boolean;
}

// The request recorder's shapes are the sandbox kit's, shared with the 3PL sims.
export type { InjectedFailure, RecordedRequest } from './kit';

/* ---------- deterministic generator ---------- */

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** ShipStation v1 timestamp: Pacific local time, 7 fractional digits, no offset. */
export function ssTimestamp(ms: number): string {
	return DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'0000'");
}
function ssDate(ms: number): string {
	return DateTime.fromMillis(ms, { zone: ZONE }).toFormat('yyyy-MM-dd');
}
function parseSsTime(value: string): number {
	const trimmed = value
		.trim()
		.replace(' ', 'T')
		.replace(/(\.\d{3})\d+/, '$1');
	const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed);
	return DateTime.fromISO(trimmed, hasOffset ? { setZone: true } : { zone: ZONE }).toMillis();
}

const FIRST_NAMES = ['Ada', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'June'];
const LAST_NAMES = ['Park', 'Okafor', 'Lind', 'Moreau', 'Silva', 'Tanaka', 'Weber', 'Nash'];
const CITIES: Array<[string, string, string]> = [
	['AUSTIN', 'TX', '78701'],
	['PORTLAND', 'OR', '97201'],
	['DENVER', 'CO', '80202'],
	['BROOKLYN', 'NY', '11201'],
	['MIAMI', 'FL', '33101'],
];
const SKUS = ['TEE-BLK-M', 'TEE-WHT-L', 'MUG-12OZ', 'CAP-NAVY', 'SOCK-3PK'];
const CARRIERS: Array<[string, string]> = [
	['stamps_com', 'usps_priority_mail'],
	['ups', 'ups_ground'],
	['fedex', 'fedex_ground'],
];
const STATUSES = [
	'awaiting_shipment',
	'shipped',
	'shipped',
	'shipped',
	'on_hold',
	'awaiting_payment',
	'pending_fulfillment',
	'cancelled',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
	return list[Math.floor(rand() * list.length)];
}

function address(rand: () => number, name: string): SsAddress {
	const [city, state, zip] = pick(rand, CITIES);
	return {
		name,
		company: null,
		street1: `${100 + Math.floor(rand() * 9000)} MAIN ST`,
		street2: '',
		street3: null,
		city,
		state,
		postalCode: zip,
		country: 'US',
		phone: null,
		residential: true,
		addressVerified: 'Address validated successfully',
	};
}

function emptyAddress(): SsAddress {
	return {
		name: null,
		company: null,
		street1: null,
		street2: null,
		street3: null,
		city: null,
		state: null,
		postalCode: null,
		country: null,
		phone: null,
		residential: null,
		addressVerified: null,
	};
}

export function makeOrder(
	rand: () => number,
	orderId: number,
	orderNumber: string,
	createdMs: number,
	status: string,
): SsOrder {
	const name = `${pick(rand, FIRST_NAMES)} ${pick(rand, LAST_NAMES)}`;
	const itemCount = 1 + Math.floor(rand() * 3);
	const items: SsOrderItem[] = [];
	for (let i = 0; i < itemCount; i++) {
		items.push({
			orderItemId: orderId * 10 + i,
			lineItemKey: `li-${orderId}-${i}`,
			sku: pick(rand, SKUS),
			name: 'Catalog item',
			imageUrl: null,
			weight: { value: 8, units: 'ounces', WeightUnits: 1 },
			quantity: 1 + Math.floor(rand() * 2),
			unitPrice: 19.99,
			taxAmount: null,
			shippingAmount: null,
			warehouseLocation: null,
			options: [],
			productId: null,
			fulfillmentSku: null,
			adjustment: false,
			upc: null,
			createDate: ssTimestamp(createdMs).slice(0, 23),
			modifyDate: ssTimestamp(createdMs).slice(0, 23),
		});
	}
	const [carrierCode, serviceCode] = pick(rand, CARRIERS);
	return {
		orderId,
		orderNumber,
		orderKey: `shopify-${orderId}`,
		orderDate: ssTimestamp(createdMs),
		createDate: ssTimestamp(createdMs),
		modifyDate: ssTimestamp(createdMs + 60_000),
		paymentDate: ssTimestamp(createdMs),
		shipByDate: ssTimestamp(createdMs + 2 * 86_400_000),
		orderStatus: status,
		customerId: 1000 + orderId,
		customerUsername: `${name.split(' ')[0].toLowerCase()}@example.com`,
		customerEmail: `${name.split(' ')[0].toLowerCase()}@example.com`,
		billTo: { ...emptyAddress(), name },
		shipTo: address(rand, name),
		items,
		orderTotal: 39.98,
		amountPaid: 39.98,
		taxAmount: 0,
		shippingAmount: 0,
		customerNotes: null,
		internalNotes: null,
		gift: false,
		giftMessage: null,
		paymentMethod: 'Credit Card',
		requestedShippingService: 'Standard',
		carrierCode,
		serviceCode,
		packageCode: 'package',
		confirmation: 'none',
		shipDate: status === 'shipped' ? ssDate(createdMs + 86_400_000) : null,
		holdUntilDate: status === 'on_hold' ? ssDate(createdMs + 5 * 86_400_000) : null,
		weight: { value: 16, units: 'ounces', WeightUnits: 1 },
		dimensions: null,
		insuranceOptions: { provider: null, insureShipment: false, insuredValue: 0 },
		internationalOptions: { contents: null, customsItems: null, nonDelivery: null },
		advancedOptions: {
			warehouseId: 511543,
			nonMachinable: false,
			saturdayDelivery: false,
			containsAlcohol: false,
			mergedOrSplit: false,
			mergedIds: [],
			parentId: null,
			storeId: 179188,
			customField1: null,
			customField2: null,
			customField3: null,
			source: 'shopify',
			billToParty: null,
			billToAccount: null,
			billToPostalCode: null,
			billToCountryCode: null,
			billToMyOtherAccount: null,
		},
		tagIds: null,
		userId: null,
		externallyFulfilled: false,
		externallyFulfilledBy: null,
		labelMessages: null,
	};
}

function trackingNumberFor(carrierCode: string, shipmentId: number): string {
	if (carrierCode === 'ups') return `1Z999AA1${String(shipmentId).padStart(10, '0')}`;
	if (carrierCode === 'fedex') return String(700000000000 + shipmentId);
	return `94001118992${String(shipmentId).padStart(11, '0')}`;
}

export function makeShipment(
	rand: () => number,
	shipmentId: number,
	order: SsOrder,
	createdMs: number,
	batchId: string | null,
): SsShipment {
	const carrierCode = order.carrierCode ?? 'stamps_com';
	const items: SsShipmentItem[] = order.items.map((item) => ({
		orderItemId: item.orderItemId,
		lineItemKey: item.lineItemKey,
		sku: item.sku,
		name: item.name,
		imageUrl: null,
		weight: item.weight,
		quantity: item.quantity,
		unitPrice: item.unitPrice,
		warehouseLocation: null,
		options: [],
		productId: null,
		fulfillmentSku: null,
	}));
	return {
		shipmentId,
		orderId: order.orderId,
		orderKey: order.orderKey,
		userId: '3c16cdda-af71-449f-b3da-0ea71f0f6954',
		customerEmail: order.customerEmail,
		orderNumber: order.orderNumber,
		createDate: ssTimestamp(createdMs),
		shipDate: ssDate(createdMs),
		shipmentCost: Math.round((4 + rand() * 10) * 100) / 100,
		insuranceCost: 0,
		trackingNumber: trackingNumberFor(carrierCode, shipmentId),
		isReturnLabel: false,
		batchNumber: batchId,
		carrierCode,
		serviceCode: order.serviceCode,
		packageCode: 'package',
		confirmation: 'delivery',
		warehouseId: 511543,
		voided: false,
		voidDate: null,
		marketplaceNotified: true,
		notifyErrorMessage: null,
		shipTo: order.shipTo,
		weight: { value: 16, units: 'ounces', WeightUnits: 1 },
		dimensions: null,
		insuranceOptions: { provider: null, insureShipment: false, insuredValue: 0 },
		advancedOptions: {
			billToParty: null,
			billToAccount: null,
			billToPostalCode: null,
			billToCountryCode: null,
			storeId: 179188,
		},
		shipmentItems: items,
		labelData: null,
		formData: null,
	};
}

/* ---------- the simulator ---------- */

interface Window {
	start: number;
	count: number;
}

export class ShipStationSim implements VendorSim {
	readonly name = 'shipstation';
	readonly #orders: SsOrder[] = [];
	readonly #shipments: SsShipment[] = [];
	readonly #webhooks: SsWebhookEntry[] = [];
	readonly #requests: RecordedRequest[] = [];
	/** Counters the bench prints. */
	readonly stats = { requests: 0, rateLimited: 0, byStatus: {} as Record<number, number> };
	#baseUrl: string;
	private readonly options: Required<Omit<ShipStationSimOptions, 'baseUrl'>>;
	private readonly rand: () => number;
	private readonly failures: InjectedFailure[] = [];
	private readonly windows = new Map<string, Window>();
	private readonly importBatches = new Map<string, number[]>();
	private readonly shipBatches = new Map<string, number[]>();
	private nextOrderId = 100_000;
	private nextShipmentId = 5_000_000;
	private nextWebhookId = 9_000;
	private batchCounter = 0;

	constructor(options: ShipStationSimOptions = {}) {
		this.options = {
			seed: options.seed ?? 1,
			orders: options.orders ?? 20,
			shipments: options.shipments ?? 0,
			apiKey: options.apiKey ?? 'ss-key',
			apiSecret: options.apiSecret ?? 'ss-secret',
			v2ApiKey: options.v2ApiKey ?? 'ss-v2-key',
			rateLimit: options.rateLimit ?? 40,
			v2RateLimit: options.v2RateLimit ?? 200,
			windowMs: options.windowMs ?? 60_000,
			now: options.now ?? (() => Date.now()),
			record: options.record ?? true,
		};
		this.#baseUrl = options.baseUrl ?? 'https://ssapi.shipstation.com';
		this.rand = mulberry32(this.options.seed);
		this.generate();
	}

	private generate(): void {
		const start = Date.UTC(2026, 2, 2, 16, 0, 0);
		for (let i = 0; i < this.options.orders; i++) {
			const status = pick(this.rand, STATUSES);
			this.#orders.push(makeOrder(this.rand, this.nextOrderId++, `#${1001 + i}`, start + i * 600_000, status));
		}
		const shipped = this.#orders.filter((o) => o.orderStatus === 'shipped');
		for (let i = 0; i < this.options.shipments; i++) {
			const order = shipped.length ? shipped[i % shipped.length] : this.#orders[i % this.#orders.length];
			this.#shipments.push(makeShipment(this.rand, this.nextShipmentId++, order, start + 3_600_000 + i * 1_000, null));
		}
	}

	/* ----- public interface: what the world and the tests may see and do; everything else is private ----- */

	/** Orders as ShipStation holds them now; change them through the API, the controls below or load. */
	get orders(): ReadonlyArray<Readonly<SsOrder>> {
		return this.#orders;
	}

	/** Shipments (labels) as ShipStation holds them now. */
	get shipments(): ReadonlyArray<Readonly<SsShipment>> {
		return this.#shipments;
	}

	/** Webhook subscriptions as created through POST /webhooks/subscribe. */
	get webhooks(): ReadonlyArray<Readonly<SsWebhookEntry>> {
		return this.#webhooks;
	}

	/** Every request received (unless constructed with record: false), oldest first. */
	get requests(): readonly RecordedRequest[] {
		return this.#requests;
	}

	/** The sim's public base URL, used in resource_url and v2 links; set once the sandbox has a port. */
	get baseUrl(): string {
		return this.#baseUrl;
	}

	set baseUrl(url: string) {
		if (!/^https?:\/\//.test(url)) throw new Error(`shipstation sim: baseUrl "${url}" is not an http(s) URL`);
		this.#baseUrl = url;
	}

	/** Replace every order and shipment (the sandbox world: what ShipStation knows at the simulated now). */
	load(orders: readonly SsOrder[], shipments: readonly SsShipment[]): void {
		this.#orders.length = 0;
		this.#orders.push(...orders);
		this.#shipments.length = 0;
		this.#shipments.push(...shipments);
		this.sortCache = undefined;
	}

	/** A label ShipStation lists from now on, wherever its createDate sorts it (e.g. a backdated import). */
	addShipment(shipment: SsShipment): void {
		this.#shipments.push(shipment);
		this.sortCache = undefined;
	}

	/** A subscription removed outside this run (someone deleted it in ShipStation's settings). */
	removeWebhook(webHookId: number): void {
		const index = this.#webhooks.findIndex((w) => w.WebHookID === webHookId);
		if (index < 0) throw new Error(`shipstation sim: no webhook ${webHookId}`);
		this.#webhooks.splice(index, 1);
	}

	/* ----- test controls ----- */

	injectFailure(failure: InjectedFailure): void {
		this.failures.push({ times: 1, ...failure });
	}

	/** Adds a new order as a store import would, and returns the ORDER_NOTIFY body ShipStation would POST. */
	importOrder(status = 'awaiting_shipment'): {
		order: SsOrder;
		notification: { resource_url: string; resource_type: string };
	} {
		const id = this.nextOrderId++;
		const order = makeOrder(this.rand, id, `#${id}`, this.options.now(), status);
		this.#orders.push(order);
		const batch = this.newBatchId();
		this.importBatches.set(batch, [order.orderId]);
		return {
			order,
			notification: {
				resource_url: `${this.#baseUrl}/orders?storeID=179188&importBatch=${batch}`,
				resource_type: 'ORDER_NOTIFY',
			},
		};
	}

	/** Creates `count` labels for an order (in one batch) and returns the SHIP_NOTIFY body. */
	shipOrder(orderId: number, count = 1, resourceType: 'SHIP_NOTIFY' | 'ITEM_SHIP_NOTIFY' = 'SHIP_NOTIFY') {
		const order = this.#orders.find((o) => o.orderId === orderId);
		if (!order) throw new Error(`sim: no order ${orderId}`);
		order.orderStatus = 'shipped';
		order.modifyDate = ssTimestamp(this.options.now());
		const batch = this.newBatchId();
		const created: SsShipment[] = [];
		for (let i = 0; i < count; i++) {
			const shipment = makeShipment(this.rand, this.nextShipmentId++, order, this.options.now() + i, batch);
			this.#shipments.push(shipment);
			created.push(shipment);
		}
		this.shipBatches.set(
			batch,
			created.map((s) => s.shipmentId),
		);
		const items = resourceType === 'ITEM_SHIP_NOTIFY' ? 'True' : 'False';
		return {
			shipments: created,
			notification: {
				resource_url: `${this.#baseUrl}/shipments?storeID=179188&batchId=${batch}&includeShipmentItems=${items}`,
				resource_type: resourceType,
			},
		};
	}

	/**
	 * The warehouse starts work on the order now (between two calls of a test). ShipStation has no picking status
	 * of its own: an order handed to a fulfillment provider is pending_fulfillment, and from then on it is locked
	 * like a shipped one (createorder updates only awaiting_payment, awaiting_shipment and on_hold orders).
	 */
	startPicking(orderId: number): void {
		const order = this.#orders.find((o) => o.orderId === orderId);
		if (!order) throw new Error(`sim: no order ${orderId}`);
		order.orderStatus = 'pending_fulfillment';
		order.holdUntilDate = null;
		order.modifyDate = ssTimestamp(this.options.now());
	}

	voidShipment(shipmentId: number): void {
		const shipment = this.#shipments.find((s) => s.shipmentId === shipmentId);
		if (!shipment) throw new Error(`sim: no shipment ${shipmentId}`);
		shipment.voided = true;
		shipment.voidDate = ssTimestamp(this.options.now());
	}

	private newBatchId(): string {
		this.batchCounter += 1;
		return `${(this.options.seed * 7919 + this.batchCounter).toString(16)}-batch`;
	}

	/* ----- HTTP ----- */

	async handle(request: SimRequest): Promise<SimResponse | undefined> {
		const isV2 = request.path.startsWith('/v2/');
		const response = await this.route(request, isV2);
		this.stats.requests += 1;
		this.stats.byStatus[response.status] = (this.stats.byStatus[response.status] ?? 0) + 1;
		if (this.options.record) {
			this.#requests.push({
				method: request.method,
				path: request.path,
				query: Object.fromEntries(request.query.entries()),
				headers: request.headers,
				json: request.json,
				status: response.status,
				at: this.options.now(),
			});
		}
		return response;
	}

	private async route(request: SimRequest, isV2: boolean): Promise<SimResponse> {
		const authKey = isV2 ? this.authenticateV2(request) : this.authenticateV1(request);
		if (!authKey) {
			return isV2
				? {
						status: 401,
						body: {
							request_id: 'sim',
							errors: [
								{
									error_source: 'shipstation',
									error_type: 'security',
									error_code: 'unauthorized',
									message: 'The API key is invalid.',
								},
							],
						},
					}
				: { status: 401, body: { Message: 'Authorization has been denied for this request.' } };
		}
		const limited = this.takeBudget(authKey, isV2 ? this.options.v2RateLimit : this.options.rateLimit);
		if (!limited.allowed) {
			this.stats.rateLimited += 1;
			return { status: 429, headers: limited.headers, body: { message: 'Too Many Requests' } };
		}
		const failure = this.matchFailure(request);
		if (failure) {
			if (failure.rawBody !== undefined) {
				return {
					status: failure.status,
					headers: { ...limited.headers, 'content-type': failure.contentType ?? 'application/json; charset=utf-8' },
					body: failure.rawBody,
				};
			}
			return { status: failure.status, headers: limited.headers, body: { Message: 'An error has occurred.' } };
		}
		const answer = isV2 ? this.routeV2(request) : this.routeV1(request);
		return { ...answer, headers: { ...limited.headers, ...(answer.headers ?? {}) } };
	}

	private authenticateV1(request: SimRequest): string | undefined {
		const header = request.headers.authorization ?? '';
		const expected = `Basic ${Buffer.from(`${this.options.apiKey}:${this.options.apiSecret}`).toString('base64')}`;
		return header === expected ? `v1:${this.options.apiKey}` : undefined;
	}

	private authenticateV2(request: SimRequest): string | undefined {
		return request.headers['api-key'] === this.options.v2ApiKey ? `v2:${this.options.v2ApiKey}` : undefined;
	}

	/** A fixed window that opens with the first request after the previous one closed. */
	private takeBudget(key: string, limit: number): { allowed: boolean; headers: Record<string, string> } {
		const now = this.options.now();
		let window = this.windows.get(key);
		if (!window || now >= window.start + this.options.windowMs) {
			window = { start: now, count: 0 };
			this.windows.set(key, window);
		}
		const allowed = window.count < limit;
		if (allowed) window.count += 1;
		const resetSeconds = Math.max(0, Math.ceil((window.start + this.options.windowMs - now) / 1000));
		return {
			allowed,
			headers: {
				'x-rate-limit-limit': String(limit),
				'x-rate-limit-remaining': String(Math.max(0, limit - window.count)),
				'x-rate-limit-reset': String(resetSeconds),
			},
		};
	}

	private matchFailure(request: SimRequest): InjectedFailure | undefined {
		const page = Number(request.query.get('page') ?? '1');
		const index = this.failures.findIndex(
			(f) =>
				(f.times ?? 1) > 0 &&
				(!f.method || f.method === request.method) &&
				(!f.path || f.path === request.path) &&
				(f.page === undefined || f.page === page),
		);
		if (index < 0) return undefined;
		const failure = this.failures[index];
		failure.times = (failure.times ?? 1) - 1;
		return failure;
	}

	private routeV1(request: SimRequest): SimResponse {
		const { method, path } = request;
		if (method === 'GET' && path === '/orders') return this.listOrders(request.query);
		const orderMatch = /^\/orders\/(\d+)$/.exec(path);
		if (method === 'GET' && orderMatch) {
			const order = this.#orders.find((o) => o.orderId === Number(orderMatch[1]));
			return order ? { status: 200, body: order } : { status: 404, body: { Message: 'Order not found' } };
		}
		if (method === 'POST' && path === '/orders/createorder') return this.createOrUpdate(request.json);
		if (method === 'POST' && path === '/orders/holduntil') return this.holdUntil(request.json);
		if (method === 'POST' && path === '/orders/restorefromhold') return this.restore(request.json);
		if (method === 'POST' && path === '/orders/markasshipped') return this.markShipped(request.json);
		if (method === 'GET' && path === '/shipments') return this.listShipments(request.query);
		if (method === 'GET' && path === '/webhooks') return { status: 200, body: { webhooks: this.#webhooks } };
		if (method === 'POST' && path === '/webhooks/subscribe') return this.subscribe(request.json);
		const hookMatch = /^\/webhooks\/(\d+)$/.exec(path);
		if (method === 'DELETE' && hookMatch) {
			const index = this.#webhooks.findIndex((w) => w.WebHookID === Number(hookMatch[1]));
			if (index < 0) return { status: 404, body: { Message: 'Webhook not found' } };
			this.#webhooks.splice(index, 1);
			return { status: 200, body: '' };
		}
		return { status: 404, body: { Message: `No HTTP resource was found that matches the request URI '${path}'.` } };
	}

	private pageParams(query: URLSearchParams, defaultSize: number): { page: number; pageSize: number } | SimResponse {
		const page = Number(query.get('page') ?? '1');
		const pageSize = Number(query.get('pageSize') ?? String(defaultSize));
		if (!Number.isInteger(page) || page < 1)
			return {
				status: 400,
				body: { Message: 'The request is invalid.', ExceptionMessage: 'page must be a positive integer' },
			};
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
			return {
				status: 400,
				body: { Message: 'The request is invalid.', ExceptionMessage: 'pageSize must be between 1 and 500' },
			};
		}
		return { page, pageSize };
	}

	private listOrders(query: URLSearchParams): SimResponse {
		const params = this.pageParams(query, 100);
		if ('status' in params) return params;
		let list = this.#orders;
		const status = query.get('orderStatus');
		if (status) list = list.filter((o) => o.orderStatus === status);
		const number = query.get('orderNumber');
		if (number)
			list = list.filter(
				(o) => o.orderNumber.replace(/^#/, '').startsWith(number.replace(/^#/, '')) || o.orderNumber.startsWith(number),
			);
		const modStart = query.get('modifyDateStart');
		if (modStart) list = list.filter((o) => o.modifyDate && parseSsTime(o.modifyDate) >= parseSsTime(modStart));
		const modEnd = query.get('modifyDateEnd');
		if (modEnd) list = list.filter((o) => o.modifyDate && parseSsTime(o.modifyDate) <= parseSsTime(modEnd));
		const importBatch = query.get('importBatch');
		if (importBatch) list = list.filter((o) => (this.importBatches.get(importBatch) ?? []).includes(o.orderId));
		const sorted = [...list].sort((a, b) => a.orderId - b.orderId);
		return { status: 200, body: this.page('orders', sorted, params.page, params.pageSize) };
	}

	private listShipments(query: URLSearchParams): SimResponse {
		const params = this.pageParams(query, 100);
		if ('status' in params) return params;
		let list = this.#shipments;
		const orderNumber = query.get('orderNumber');
		if (orderNumber)
			list = list.filter(
				(s) => s.orderNumber === orderNumber || s.orderNumber.replace(/^#/, '') === orderNumber.replace(/^#/, ''),
			);
		const orderId = query.get('orderId');
		if (orderId) list = list.filter((s) => s.orderId === Number(orderId));
		const tracking = query.get('trackingNumber');
		if (tracking) list = list.filter((s) => s.trackingNumber === tracking);
		const shipStart = query.get('shipDateStart');
		if (shipStart) list = list.filter((s) => s.shipDate !== null && s.shipDate >= shipStart.slice(0, 10));
		const shipEnd = query.get('shipDateEnd');
		if (shipEnd) list = list.filter((s) => s.shipDate !== null && s.shipDate <= shipEnd.slice(0, 10));
		const batchId = query.get('batchId');
		if (batchId) list = list.filter((s) => (this.shipBatches.get(batchId) ?? []).includes(s.shipmentId));
		const withItems = (query.get('includeShipmentItems') ?? 'false').toLowerCase() === 'true';
		const sorted = this.byCreateDate(list);
		const body = this.page('shipments', sorted, params.page, params.pageSize);
		body.shipments = (body.shipments as SsShipment[]).map((s) => (withItems ? s : { ...s, shipmentItems: null }));
		return { status: 200, body };
	}

	private readonly createdMs = new WeakMap<SsShipment, number>();
	private sortCache?: { signature: string; sorted: SsShipment[] };

	/** ShipStation's default shipment order (ascending createDate); cached, 20,000 labels are sorted once. */
	private byCreateDate(list: SsShipment[]): SsShipment[] {
		const created = (s: SsShipment) => {
			let ms = this.createdMs.get(s);
			if (ms === undefined) {
				ms = parseSsTime(s.createDate);
				this.createdMs.set(s, ms);
			}
			return ms;
		};
		const signature =
			list === this.#shipments ? `${list.length}:${list[0]?.shipmentId}:${list[list.length - 1]?.shipmentId}` : '';
		if (signature && this.sortCache?.signature === signature) return this.sortCache.sorted;
		const sorted = [...list].sort((a, b) => created(a) - created(b) || a.shipmentId - b.shipmentId);
		if (signature) this.sortCache = { signature, sorted };
		return sorted;
	}

	private page<T>(field: string, list: T[], page: number, pageSize: number): Record<string, unknown> {
		const pages = Math.ceil(list.length / pageSize);
		return { [field]: list.slice((page - 1) * pageSize, page * pageSize), total: list.length, page, pages };
	}

	private createOrUpdate(body: unknown): SimResponse {
		const input = body as Partial<SsOrder> | undefined;
		if (!input || typeof input !== 'object') return { status: 400, body: { Message: 'The request is invalid.' } };
		for (const field of ['orderNumber', 'orderDate', 'orderStatus', 'billTo', 'shipTo'] as const) {
			if (input[field] === undefined || input[field] === null)
				return {
					status: 400,
					body: {
						Message: 'The request is invalid.',
						ModelState: { [`apiOrder.${field}`]: [`The ${field} field is required.`] },
					},
				};
		}
		const existing = input.orderKey ? this.#orders.find((o) => o.orderKey === input.orderKey) : undefined;
		const now = ssTimestamp(this.options.now());
		if (existing) {
			if (!['awaiting_payment', 'awaiting_shipment', 'on_hold'].includes(existing.orderStatus)) {
				return {
					status: 400,
					body: {
						Message: 'The request is invalid.',
						ExceptionMessage: `Order ${existing.orderNumber} is ${existing.orderStatus} and can no longer be updated.`,
					},
				};
			}
			mergeRequestIntoOrder(existing, input, now);
			return { status: 200, body: existing };
		}
		const order = makeOrder(
			this.rand,
			this.nextOrderId++,
			String(input.orderNumber),
			this.options.now(),
			String(input.orderStatus),
		);
		mergeRequestIntoOrder(order, input, now);
		order.createDate = now;
		this.#orders.push(order);
		return { status: 200, body: order };
	}

	private findOrder(body: unknown): SsOrder | SimResponse {
		const id = (body as { orderId?: unknown } | undefined)?.orderId;
		if (typeof id !== 'number')
			return {
				status: 400,
				body: { Message: 'The request is invalid.', ModelState: { orderId: ['orderId is required'] } },
			};
		const order = this.#orders.find((o) => o.orderId === id);
		return order ?? { status: 404, body: { Message: `Order ${id} not found` } };
	}

	private holdUntil(body: unknown): SimResponse {
		const found = this.findOrder(body);
		if ('status' in found && !('orderId' in found)) return found as SimResponse;
		const order = found as SsOrder;
		const date = (body as { holdUntilDate?: unknown }).holdUntilDate;
		if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))
			return {
				status: 400,
				body: { Message: 'The request is invalid.', ModelState: { holdUntilDate: ['invalid date'] } },
			};
		order.orderStatus = 'on_hold';
		order.holdUntilDate = date;
		order.modifyDate = ssTimestamp(this.options.now());
		return { status: 200, body: { success: true, message: 'Order held successfully.' } };
	}

	private restore(body: unknown): SimResponse {
		const found = this.findOrder(body);
		if ('status' in found && !('orderId' in found)) return found as SimResponse;
		const order = found as SsOrder;
		order.orderStatus = 'awaiting_shipment';
		order.holdUntilDate = null;
		order.modifyDate = ssTimestamp(this.options.now());
		return { status: 200, body: { success: true, message: 'The requested order has been restored' } };
	}

	private markShipped(body: unknown): SimResponse {
		const found = this.findOrder(body);
		if ('status' in found && !('orderId' in found)) return found as SimResponse;
		const order = found as SsOrder;
		if (typeof (body as { carrierCode?: unknown }).carrierCode !== 'string')
			return { status: 400, body: { Message: 'The request is invalid.', ModelState: { carrierCode: ['required'] } } };
		order.orderStatus = 'shipped';
		order.shipDate = (body as { shipDate?: string }).shipDate ?? ssDate(this.options.now());
		order.modifyDate = ssTimestamp(this.options.now());
		// Marked-as-shipped orders are external shipments: ShipStation lists no label for them.
		return { status: 200, body: { orderId: order.orderId, orderNumber: order.orderNumber } };
	}

	private subscribe(body: unknown): SimResponse {
		const input = body as
			| { target_url?: unknown; event?: unknown; store_id?: unknown; friendly_name?: unknown }
			| undefined;
		if (!input || typeof input.target_url !== 'string' || typeof input.event !== 'string') {
			return {
				status: 400,
				body: { Message: 'The request is invalid.', ModelState: { target_url: ['required'], event: ['required'] } },
			};
		}
		const id = this.nextWebhookId++;
		this.#webhooks.push({
			IsLabelAPIHook: false,
			WebHookID: id,
			SellerID: 2335513,
			StoreID: typeof input.store_id === 'number' ? input.store_id : null,
			HookType: input.event,
			MessageFormat: 'Json',
			Url: input.target_url,
			Name: typeof input.friendly_name === 'string' ? input.friendly_name : '',
			BulkCopyBatchID: null,
			BulkCopyRecordID: null,
			Active: true,
			WebhookLogs: [],
			Seller: null,
			Store: null,
		});
		return { status: 201, body: { id } };
	}

	/* ----- v2 ----- */

	private routeV2(request: SimRequest): SimResponse {
		if (request.method === 'GET' && request.path === '/v2/labels') {
			const tracking = request.query.get('tracking_number');
			const list = this.#shipments.filter((s) => !tracking || s.trackingNumber === tracking).slice(0, 25);
			return {
				status: 200,
				body: {
					labels: list.map((s) => this.labelFor(s)),
					total: list.length,
					page: 1,
					pages: list.length ? 1 : 0,
					links: {
						first: { href: `${this.#baseUrl}/v2/labels?page=1` },
						last: { href: `${this.#baseUrl}/v2/labels?page=1` },
						prev: {},
						next: {},
					},
				},
			};
		}
		const track = /^\/v2\/labels\/(se-\d+)\/track$/.exec(request.path);
		if (request.method === 'GET' && track) {
			const shipment = this.#shipments.find((s) => `se-${s.shipmentId}` === track[1]);
			if (!shipment)
				return {
					status: 404,
					body: {
						request_id: 'sim',
						errors: [
							{
								error_source: 'shipstation',
								error_type: 'resource_not_found',
								error_code: 'not_found',
								message: 'label not found',
							},
						],
					},
				};
			return { status: 200, body: this.trackingFor(shipment) };
		}
		return {
			status: 404,
			body: {
				request_id: 'sim',
				errors: [
					{
						error_source: 'shipstation',
						error_type: 'resource_not_found',
						error_code: 'not_found',
						message: 'not found',
					},
				],
			},
		};
	}

	labelFor(shipment: SsShipment): Record<string, unknown> {
		return {
			label_id: `se-${shipment.shipmentId}`,
			status: shipment.voided ? 'voided' : 'completed',
			shipment_id: `se-${shipment.shipmentId}`,
			ship_date: `${shipment.shipDate}T00:00:00Z`,
			created_at: parseIsoFromSs(shipment.createDate),
			tracking_number: shipment.trackingNumber,
			is_return_label: false,
			voided: shipment.voided,
			...(shipment.voidDate ? { voided_at: parseIsoFromSs(shipment.voidDate) } : {}),
			carrier_code: shipment.carrierCode,
			tracking_status: 'in_transit',
		};
	}

	/** Deterministic per shipment: the last digit of the id decides how far the parcel got. */
	trackingFor(shipment: SsShipment): SsV2TrackingInfo {
		const shipped = parseSsTime(shipment.createDate);
		const stage = shipment.shipmentId % 4;
		const event = (offsetH: number, status: string, detail: string, text: string) => ({
			occurred_at: new Date(shipped + offsetH * 3_600_000).toISOString(),
			city_locality: 'AUSTIN',
			state_province: 'TX',
			postal_code: '78701',
			country_code: 'US',
			carrier_detail_code: 'OT',
			status_code: status,
			status_detail_code: detail,
			status_description: text,
			carrier_status_code: '1',
			carrier_status_description: text,
			description: text,
		});
		// openapi.yaml types status_code with the same enum as status_detail_code (the long codes).
		const events = [event(2, 'ELEC_ADVICE_RECD_BY_CARRIER', 'ELEC_ADVICE_RECD_BY_CARRIER', 'Accepted')];
		if (stage >= 1) events.push(event(20, 'IN_TRANSIT', 'IN_TRANSIT', 'In Transit'));
		if (stage >= 2) events.push(event(44, 'OUT_FOR_DELIVERY', 'OUT_FOR_DELIVERY', 'Out for delivery'));
		if (stage >= 3) events.push(event(50, 'DELIVERED', 'DELIVERED', 'Delivered'));
		const last = events[events.length - 1];
		return {
			tracking_number: shipment.trackingNumber ?? '',
			status_code: last.status_code,
			status_detail_code: last.status_detail_code,
			status_description: last.status_description,
			carrier_code: shipment.carrierCode ?? undefined,
			carrier_status_code: '1',
			carrier_status_description: last.status_description,
			ship_date: new Date(shipped).toISOString(),
			estimated_delivery_date: new Date(shipped + 72 * 3_600_000).toISOString(),
			...(stage >= 3 ? { actual_delivery_date: last.occurred_at } : {}),
			events: [...events].reverse(),
		};
	}
}

/**
 * A createorder request carries request fields only; ShipStation answers with the full order (ids,
 * dates, addressVerified, WeightUnits...). Merge the request into the stored order keeping that shape.
 */
function mergeRequestIntoOrder(order: SsOrder, input: Partial<SsOrder>, now: string): void {
	const { billTo, shipTo, items, weight, internationalOptions, advancedOptions, ...scalars } = input;
	Object.assign(order, scalars, { orderId: order.orderId, modifyDate: now });
	// "This call does not currently support partial updates; the entire resource must be provided": an address
	// sent replaces the one held, a field it leaves out is emptied.
	if (billTo) order.billTo = { ...emptyAddress(), ...billTo };
	if (shipTo) order.shipTo = { ...emptyAddress(), ...shipTo, addressVerified: 'Address not yet validated' };
	if (weight) order.weight = { ...weight, WeightUnits: 1 };
	if (internationalOptions)
		order.internationalOptions = {
			...(order.internationalOptions ?? { contents: null, customsItems: null, nonDelivery: null }),
			...internationalOptions,
		};
	if (advancedOptions && order.advancedOptions)
		order.advancedOptions = { ...order.advancedOptions, ...advancedOptions };
	if (Array.isArray(items)) {
		order.items = items.map((item, index) => ({
			...(order.items[index] ?? order.items[0]),
			...item,
			orderItemId: order.items[index]?.orderItemId ?? order.orderId * 10 + index,
			weight: item.weight ? { ...item.weight, WeightUnits: 1 } : null,
			createDate: order.items[index]?.createDate ?? now.slice(0, 23),
			modifyDate: now.slice(0, 23),
		}));
	}
}

function parseIsoFromSs(value: string): string {
	return new Date(parseSsTime(value)).toISOString();
}

/**
 * The sim as a Transport, without a socket: for unit tests and the virtual-clock bench, where the sim and
 * the client share one injected clock. `baseUrl` is what the client is configured with.
 */
export function inProcessTransport(sim: ShipStationSim, baseUrl = sim.baseUrl): Transport {
	const mount = new URL(baseUrl);
	return async (request: HttpRequest): Promise<HttpResponse> => {
		const target = new URL(buildUrl(request.url, request.query));
		if (target.origin !== mount.origin || !target.pathname.startsWith(mount.pathname.replace(/\/$/, ''))) {
			throw new TransportError(
				`in-process sim: ${target.origin} is not the simulated ShipStation`,
				'ENOTFOUND',
				request,
			);
		}
		const path = target.pathname.slice(mount.pathname.replace(/\/$/, '').length) || '/';
		const rawBody =
			request.body === undefined ? '' : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
		const headers = lowerCaseHeaders({
			...(request.headers ?? {}),
			...(request.body !== undefined && typeof request.body !== 'string' ? { 'content-type': 'application/json' } : {}),
		});
		const answer = (await sim.handle(toSimRequest(request.method, `${path}${target.search}`, headers, rawBody))) ?? {
			status: 404,
			body: '',
		};
		const isJson = answer.body !== undefined && typeof answer.body !== 'string';
		const responseHeaders = lowerCaseHeaders({
			...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}),
			...(answer.headers ?? {}),
		});
		// Round-trip through text so the client sees exactly what it would over HTTP (malformed JSON included).
		const text = isJson ? JSON.stringify(answer.body) : String(answer.body ?? '');
		return { status: answer.status, headers: responseHeaders, body: decodeBody(text, responseHeaders['content-type']) };
	};
}

export function createShipStationSim(options: ShipStationSimOptions = {}): ShipStationSim {
	return new ShipStationSim(options);
}
