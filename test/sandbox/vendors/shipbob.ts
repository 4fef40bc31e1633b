/**
 * Simulated ShipBob Developer API 2026-01, mounted under /shipbob/ (base URL <sandbox>/shipbob).
 *
 * Faithful to the contract (Orders.OrderViewModel, Orders.ShipmentViewModel, UpdateAddressRequest,
 * CanceledOrderViewModel, Webhooks.V2.*; every answer validated in test/contract/threepl) and to
 * the limit: 150 requests per minute per token on a sliding window, `x-remaining-calls` on every
 * answer, 429 with `x-retry-after` past it. Deterministic from a seed; failures can be injected
 * (a 500 on page N, malformed JSON); every request is recorded.
 */
import type { SimRequest, SimResponse, VendorSim } from '../http';
import { CITIES, SKUS, SimKit, SlidingWindow, seededRandom, type SimKitView } from './kit';

/* ---------- ShipBob ---------- */

export interface ShipBobSimOptions {
	seed?: number;
	orders?: number;
	token?: string;
	/** Requests per minute (ShipBob: 150). */
	rateLimit?: number;
	windowMs?: number;
	now?: () => number;
	/** Order number of the first order (1001 -> "1001", "1002", ...). */
	firstOrderNumber?: number;
	/** Give this many orders a status ShipBob may add later (to exercise 'unknown'). */
	unknownStatuses?: number;
	/** Inventory items per page of GET /inventory at most (the request's PageSize is capped to it). */
	inventoryPageSize?: number;
}

/**
 * The inventory items the sim stocks besides the orders' SKUs: SWAP-NEW-M the usual swap target (with a longer SKU
 * containing it, which ShipBob's partial-match SearchBy also returns), DUP-SKU on two inventory items, KIT-1 a bundle.
 */
const EXTRA_INVENTORY: Array<{ inventory_id: number; sku: string; is_bundle?: boolean }> = [
	{ inventory_id: 7001, sku: 'SWAP-NEW-M' },
	{ inventory_id: 7002, sku: 'SWAP-NEW-M-TALL' },
	{ inventory_id: 7003, sku: 'DUP-SKU' },
	{ inventory_id: 7004, sku: 'DUP-SKU' },
	{ inventory_id: 7005, sku: 'KIT-1', is_bundle: true },
	{ inventory_id: 7006, sku: 'SOCK-3PK-L' },
];

/** Inventory.InventoryResponse of one item (the product id it belongs to is the sim's own: inventory id - 100). */
function inventoryItem(inventoryId: number, sku: string, options: { isBundle?: boolean; isLot?: boolean } = {}): Json {
	return {
		inventory_id: inventoryId,
		sku,
		name: sku,
		barcode: null,
		is_case: false,
		is_lot: options.isLot ?? false,
		user_id: 1,
		variant: { is_active: true, is_bundle: options.isBundle ?? false, is_digital: false },
	};
}

type Json = Record<string, unknown>;

/** A copy of `record` without `key`: what ShipBob leaves out of an answer (a webhook's secret, say). */
function without<T extends object, K extends keyof T>(record: T, key: K): Omit<T, K> {
	const copy = { ...record };
	delete copy[key];
	return copy;
}

const ORDER_SCENARIOS = [
	'Processing',
	'Processing-OnHold-Address',
	'Exception-OutOfStock',
	'Processing-Labeled',
	'PartiallyFulfilled',
	'Fulfilled',
	'Cancelled',
	'ImportReview',
] as const;

/** ShipBob's status details of a shipment whose picking has started (Status Reference: Processing, 100-102). */
const PICKED_DETAIL = {
	id: 100,
	name: 'Picked',
	description: 'Picking Completed',
	inventory_id: null,
	exception_fulfillment_center_id: null,
};
const PICKING_STARTED_DETAILS = new Set([100, 101, 102]);

/**
 * Why a shipment's address can no longer change (nor the shipment be cancelled), or null while it can. ShipBob
 * changes an address until the warehouse picks the shipment: its cancel endpoints say a shipment "must not be
 * picked, packed, or shipped", and picking, packing and the label show as Processing status details 100
 * (Picked), 101 (Packed) and 102 (Labeled) before the shipment turns LabeledCreated or Completed.
 */
function addressLockedBecause(shipment: Json): string | null {
	const status = String(shipment.status);
	if (status === 'Completed') return 'has shipped';
	if (status === 'LabeledCreated') return 'is labelled';
	if (status === 'Cancelled') return 'is cancelled';
	const started = ((shipment.status_details as Json[] | null) ?? []).find((d) =>
		PICKING_STARTED_DETAILS.has(Number(d.id)),
	);
	return started ? `is ${String(started.name ?? 'picked').toLowerCase()}` : null;
}

export class ShipBobSim implements VendorSim {
	readonly name = 'shipbob';
	private readonly recorder: SimKit;
	readonly #orders: Json[] = [];
	readonly #webhooks: Json[] = [];
	readonly #inventory: Json[] = [];
	private readonly window: SlidingWindow;
	private readonly token: string;
	constructor(private readonly options: ShipBobSimOptions = {}) {
		const now = options.now ?? (() => Date.now());
		this.recorder = new SimKit(now);
		this.token = options.token ?? 'sb-pat-test';
		this.window = new SlidingWindow(options.rateLimit ?? 150, options.windowMs ?? 60_000);
		this.generate();
	}

	/* ----- public interface: what the world and the tests may see and do; everything else is private ----- */

	/** The recorded requests, and failure injection for the next ones. */
	get kit(): SimKitView {
		return this.recorder;
	}

	/** The orders as ShipBob holds them now (Orders.OrderViewModel); change them through the API or loadOrders. */
	get orders(): ReadonlyArray<Readonly<Json>> {
		return this.#orders;
	}

	/** Webhook subscriptions as created through the API (secrets included: the sim is the vendor). */
	get webhooks(): ReadonlyArray<Readonly<Json>> {
		return this.#webhooks;
	}

	/** The inventory items ShipBob stocks (Inventory.InventoryResponse), as GET /inventory searches them. */
	get inventory(): ReadonlyArray<Readonly<Json>> {
		return this.#inventory;
	}

	/** Stock one more inventory item (a SKU on a second item, a lot-tracked one, a bundle). */
	addInventory(item: {
		inventoryId: number;
		sku: string;
		isBundle?: boolean;
		isLot?: boolean;
		isActive?: boolean;
	}): void {
		const added = inventoryItem(item.inventoryId, item.sku, item);
		if (item.isActive === false) (added.variant as Json).is_active = false;
		this.#inventory.push(added);
	}

	/** Replace every order with these (the sandbox world: what ShipBob knows at the simulated now). */
	loadOrders(orders: ReadonlyArray<Record<string, unknown>>): void {
		this.#orders.length = 0;
		this.#orders.push(...orders);
	}

	/** A subscription made outside this run (an earlier activation, or by hand in ShipBob's dashboard). */
	addWebhookSubscription(hook: {
		id: string;
		url: string;
		topics: string[];
		secret: string;
		description?: string | null;
		createdAt?: string;
	}): void {
		this.#webhooks.push({
			id: hook.id,
			url: hook.url,
			topics: hook.topics,
			description: hook.description ?? null,
			created_at: hook.createdAt ?? new Date(this.recorder.now()).toISOString(),
			enabled: true,
			secret: hook.secret,
		});
	}

	/**
	 * The warehouse starts picking the order now (between two calls of a test): each shipment not yet labelled,
	 * shipped or cancelled becomes Processing with the status detail Picked (ShipBob's Status Reference: 100,
	 * "Picking Completed"). From then on its address can no longer be updated.
	 */
	startPicking(orderNumber: string): void {
		const order = this.#orders.find((o) => o.order_number === orderNumber || o.reference_id === orderNumber);
		if (!order) throw new Error(`shipbob sim: no order ${orderNumber}`);
		for (const shipment of order.shipments as Json[]) {
			if (['Completed', 'LabeledCreated', 'Cancelled'].includes(String(shipment.status))) continue;
			shipment.status = 'Processing';
			shipment.status_details = [{ ...PICKED_DETAIL, extra_information: { validation_messages: [] } }];
			shipment.last_update_at = new Date(this.recorder.now()).toISOString();
		}
		order.status = 'Processing';
	}

	private generate(): void {
		SKUS.forEach((sku, k) => this.#inventory.push(inventoryItem(5100 + k, sku)));
		this.#inventory.push(inventoryItem(6099, 'BACKORDERED-1'));
		for (const extra of EXTRA_INVENTORY)
			this.#inventory.push(inventoryItem(extra.inventory_id, extra.sku, { isBundle: extra.is_bundle }));
		const random = seededRandom(this.options.seed ?? 7);
		const count = this.options.orders ?? 40;
		const base = Date.parse('2026-01-05T15:00:00Z');
		for (let i = 0; i < count; i++) {
			const id = 900_000 + i;
			const number = String((this.options.firstOrderNumber ?? 1001) + i);
			const scenario = ORDER_SCENARIOS[i % ORDER_SCENARIOS.length];
			const created = new Date(base + i * 3_600_000).toISOString();
			const updated = new Date(base + i * 3_600_000 + 1_800_000).toISOString();
			const [city, state, zip] = CITIES[i % CITIES.length];
			const lineCount = 1 + Math.floor(random() * 2);
			const products = Array.from({ length: lineCount }, (_, j) => ({
				id: 5000 + ((i + j) % SKUS.length),
				reference_id: SKUS[(i + j) % SKUS.length],
				sku: SKUS[(i + j) % SKUS.length],
				quantity: 1 + Math.floor(random() * 3),
				quantity_unit_of_measure_code: 'EA',
				unit_price: 19.5,
				external_line_id: j + 1,
				gtin: null,
				upc: null,
			}));
			const recipient = {
				name: `Customer ${number}`,
				email: `c${number}@example.com`,
				phone_number: '555-0100',
				address: {
					address1: `${100 + i} Main St`,
					address2: null,
					city,
					state,
					zip_code: zip,
					country: 'US',
					company_name: null,
				},
			};
			const shipment = (n: number, status: string, lines: typeof products, details: Json[] = []): Json => ({
				id: id * 10 + n,
				order_id: id,
				reference_id: number,
				created_date: created,
				last_update_at: updated,
				status,
				status_details: details,
				location: { id: 7, name: 'Cicero (IL)' },
				recipient: {
					name: recipient.name,
					full_name: recipient.name,
					email: recipient.email,
					phone_number: recipient.phone_number,
					address: recipient.address,
				},
				is_tracking_uploaded: status === 'Completed',
				require_signature: false,
				ship_option: 'Standard',
				actual_fulfillment_date: status === 'Completed' ? updated : null,
				estimated_fulfillment_date: updated,
				estimated_fulfillment_date_status: status === 'Completed' ? 'FulfilledOnTime' : 'PendingOnTime',
				// TrackingViewModel is not nullable in ShipBob's contract: absent until a label exists.
				...(status === 'Completed' || status === 'LabeledCreated'
					? {
							tracking: {
								carrier: 'USPS',
								carrier_service: 'Ground Advantage',
								tracking_number: `9400${id}${n}`,
								tracking_url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=9400${id}${n}`,
								shipping_date: updated,
								bol: null,
								pro_number: null,
								scac: null,
							},
						}
					: {}),
				products: lines.map((p) => ({
					id: p.id,
					reference_id: p.reference_id,
					sku: p.sku,
					name: p.sku,
					inventory_items: [
						{
							id: p.id + 100,
							name: p.sku,
							quantity: p.quantity,
							quantity_committed: p.quantity,
							is_dangerous_goods: false,
							lot: null,
							expiration_date: null,
							serial_numbers: [],
						},
					],
				})),
			});
			let status: string = scenario.split('-')[0];
			let shipments: Json[];
			switch (scenario) {
				case 'Processing':
					shipments = [shipment(1, 'Processing', products)];
					break;
				case 'Processing-OnHold-Address':
					shipments = [
						shipment(1, 'OnHold', products, [
							{
								id: 1,
								name: 'InvalidAddress',
								description: 'Address could not be validated',
								inventory_id: null,
								exception_fulfillment_center_id: null,
								extra_information: { validation_messages: ['Unknown street'] },
							},
						]),
					];
					break;
				case 'Exception-OutOfStock':
					shipments = [
						shipment(1, 'Exception', products, [
							{
								id: 2,
								name: 'OutOfStock',
								description: 'Item is out of stock',
								inventory_id: products[0].id + 100,
								exception_fulfillment_center_id: 7,
								extra_information: { validation_messages: [] },
							},
						]),
					];
					break;
				case 'Processing-Labeled':
					shipments = [shipment(1, 'LabeledCreated', products)];
					break;
				case 'PartiallyFulfilled': {
					const second = { ...products[0], id: 5999, sku: 'BACKORDERED-1', reference_id: 'BACKORDERED-1', quantity: 1 };
					products.push(second);
					shipments = [
						shipment(1, 'Completed', products.slice(0, -1)),
						shipment(
							2,
							'Exception',
							[second],
							[
								{
									id: 2,
									name: 'OutOfStock',
									description: 'Item is out of stock',
									inventory_id: null,
									exception_fulfillment_center_id: 7,
									extra_information: { validation_messages: [] },
								},
							],
						),
					];
					break;
				}
				case 'Fulfilled':
					shipments = [shipment(1, 'Completed', products)];
					break;
				case 'Cancelled':
					shipments = [shipment(1, 'Cancelled', products)];
					break;
				default:
					shipments = [shipment(1, 'ImportReview', products)];
			}
			if (i < (this.options.unknownStatuses ?? 0)) status = 'AwaitingCarrierPickup';
			this.#orders.push({
				id,
				created_date: created,
				purchase_date: created,
				reference_id: number,
				order_number: number,
				status,
				type: 'DTC',
				channel: { id: 11, name: 'Shopify' },
				shipping_method: 'Standard',
				recipient,
				products,
				tags: [],
				shipments,
				gift_message: null,
				financials: { total_price: 39 },
			});
			void status;
		}
	}

	private lastUpdate(order: Json): string {
		return (
			(order.shipments as Json[])
				.map((s) => String(s.last_update_at))
				.sort()
				.pop() ?? String(order.created_date)
		);
	}

	async handle(req: SimRequest): Promise<SimResponse | undefined> {
		const now = this.recorder.now();
		if (req.headers.authorization !== `Bearer ${this.token}`)
			return this.recorder.record(req, { status: 401, body: { message: 'Unauthorized' } });
		const slot = this.window.take(now);
		if (!slot.allowed) {
			const seconds = Math.ceil(slot.retryAfterMs / 1000);
			return this.recorder.record(req, {
				status: 429,
				headers: { 'x-retry-after': String(seconds), 'x-remaining-calls': '0' },
				body: { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` },
			});
		}
		const page = Number(req.query.get('Page') ?? 1);
		const failure = this.recorder.takeFailure(req, page);
		const headers = { 'x-remaining-calls': String(slot.remaining) };
		if (failure) return this.recorder.record(req, { ...failure, headers: { ...headers, ...(failure.headers ?? {}) } });
		const answer = this.route(req, page);
		return this.recorder.record(
			req,
			answer
				? { ...answer, headers: { ...headers, ...(answer.headers ?? {}) } }
				: { status: 404, headers, body: { message: 'Not found' } },
		);
	}

	private route(req: SimRequest, page: number): SimResponse | undefined {
		const p = req.path;
		let m: RegExpMatchArray | null;
		if (req.method === 'GET' && p === '/2026-01/order') {
			let list = this.#orders;
			const refs = req.query.get('ReferenceIds');
			if (refs) list = list.filter((o) => refs.split(',').includes(String(o.reference_id)));
			const ids = req.query.get('IDs');
			if (ids) list = list.filter((o) => ids.split(',').includes(String(o.id)));
			const since = req.query.get('LastUpdateStartDate');
			if (since) list = list.filter((o) => Date.parse(this.lastUpdate(o)) >= Date.parse(since));
			if (req.query.get('SortOrder') === 'Newest') list = [...list].reverse();
			const limit = Math.min(Number(req.query.get('Limit') ?? 50), 250);
			const totalPages = Math.max(1, Math.ceil(list.length / limit));
			const body = list.slice((page - 1) * limit, page * limit);
			return {
				status: 200,
				headers: { 'total-pages': String(totalPages), 'total-count': String(list.length), 'page-number': String(page) },
				body,
			};
		}
		if (req.method === 'GET' && (m = p.match(/^\/2026-01\/order\/(\d+)$/))) {
			const order = this.#orders.find((o) => String(o.id) === m![1]);
			return order ? { status: 200, body: order } : undefined;
		}
		if (req.method === 'GET' && (m = p.match(/^\/2026-01\/order\/(\d+)\/shipment$/))) {
			const order = this.#orders.find((o) => String(o.id) === m![1]);
			return order ? { status: 200, body: order.shipments } : undefined;
		}
		if (req.method === 'PUT' && (m = p.match(/^\/2026-01\/shipment\/(\d+):updateAddress$/))) {
			const body = (req.json ?? {}) as Json;
			const order = this.#orders.find((o) => (o.shipments as Json[]).some((s) => String(s.id) === m![1]));
			if (!order) return undefined;
			// 400 answers are Orders.ErrorResponse ({ code: Orders.ErrorCode, message }), as the spec documents.
			if (typeof body.street_address1 !== 'string' || typeof body.city !== 'string')
				return {
					status: 400,
					body: { code: 'VALIDATION_ERROR', message: 'street_address1 and city are required' },
				};
			const shipment = (order.shipments as Json[]).find((s) => String(s.id) === m![1])!;
			const refusal = addressLockedBecause(shipment);
			if (refusal)
				return {
					status: 400,
					body: {
						code: 'CONFLICT',
						message: `Shipment ${String(shipment.id)} ${refusal}: its address can no longer be updated`,
					},
				};
			const held = (shipment.recipient as Json).address as Json;
			// Orders.AddressViewModel requires a country: an update without country_code keeps the one held.
			const address = {
				address1: body.street_address1,
				address2: body.street_address2 ?? null,
				city: body.city,
				state: body.state ?? null,
				zip_code: body.zip_code ?? null,
				country: typeof body.country_code === 'string' ? body.country_code : held.country,
				company_name: body.company_name ?? null,
			};
			// The recipient's own fields change when the request sends them (UpdateAddressRequest: recipient_name,
			// phone_number, email), and stay as they are when it leaves them out.
			for (const recipient of [shipment.recipient as Json, order.recipient as Json]) {
				recipient.address = address;
				if ('recipient_name' in body) {
					recipient.name = body.recipient_name ?? null;
					if ('full_name' in recipient) recipient.full_name = body.recipient_name ?? null;
				}
				if ('phone_number' in body) recipient.phone_number = body.phone_number ?? null;
				if ('email' in body) recipient.email = body.email ?? null;
			}
			if (shipment.status === 'OnHold') {
				shipment.status = 'Processing';
				shipment.status_details = [];
			}
			shipment.last_update_at = new Date(this.recorder.now()).toISOString();
			// Orders.ShipmentApiResponse: { id, is_success, error }.
			return { status: 200, body: { id: shipment.id, is_success: true } };
		}
		if (req.method === 'POST' && (m = p.match(/^\/2026-01\/order\/(\d+):cancel$/))) {
			const order = this.#orders.find((o) => String(o.id) === m![1]);
			if (!order) return undefined;
			const shipments = order.shipments as Json[];
			// "Cancels an order and all associated shipments"; a shipment can be cancelled only when it is "not picked,
			// packed, or shipped" (Cancel Shipment): the others are reported in canceled_shipment_results and kept.
			const results = shipments.map((s) => {
				const locked = s.status === 'Cancelled' ? null : addressLockedBecause(s);
				if (!locked) {
					s.status = 'Cancelled';
					s.last_update_at = new Date(this.recorder.now()).toISOString();
				}
				return {
					shipment_id: s.id,
					action: 'Cancel',
					is_success: !locked,
					reason: locked ? `Shipment ${String(s.id)} ${locked}: it can no longer be cancelled` : null,
				};
			});
			const all = results.every((r) => r.is_success);
			const any = results.some((r) => r.is_success);
			if (all) order.status = 'Cancelled';
			return {
				status: 200,
				body: {
					order_id: order.id,
					status: all ? 'Success' : any ? 'PartialSuccess' : 'Failure',
					canceled_shipment_results: results,
					order,
				},
			};
		}
		if (req.method === 'GET' && p === '/2026-01/inventory') return this.searchInventory(req);
		if (req.method === 'GET' && (m = p.match(/^\/2026-01\/shipment\/(\d+):getLineItems$/))) {
			const shipment = this.shipmentById(m[1]);
			// Orders.ShipmentLineItemDetailArray; 404 is Orders.ErrorResponse.
			if (!shipment) return { status: 404, body: { code: 'NOT_FOUND', message: `Shipment ${m[1]} not found` } };
			return { status: 200, body: this.lineItemsOf(shipment) };
		}
		if (req.method === 'POST' && (m = p.match(/^\/2026-01\/shipment\/(\d+):updateLineItems$/)))
			return this.updateLineItems(m[1], (req.json ?? {}) as Json);
		if (p === '/2026-01/webhook') {
			if (req.method === 'GET')
				return {
					status: 200,
					body: { items: this.#webhooks.map((w) => without(w, 'secret')), next: null, prev: null },
				};
			if (req.method === 'POST') {
				const body = (req.json ?? {}) as Json;
				if (typeof body.url !== 'string' || !Array.isArray(body.topics))
					return { status: 422, body: { errors: { url: ['required'], topics: ['required'] } } };
				const hook = {
					id: `wh_${this.#webhooks.length + 1}`,
					url: body.url,
					topics: body.topics,
					description: body.description ?? null,
					created_at: new Date(this.recorder.now()).toISOString(),
					enabled: true,
					secret:
						typeof body.secret === 'string'
							? body.secret
							: `whsec_${Buffer.from(`secret-${this.#webhooks.length + 1}-0123456789abcdef`).toString('base64')}`,
				};
				this.#webhooks.push(hook);
				return { status: 200, body: without(hook, 'enabled') };
			}
		}
		if (req.method === 'DELETE' && (m = p.match(/^\/2026-01\/webhook\/([^/]+)$/))) {
			const index = this.#webhooks.findIndex((w) => w.id === m![1]);
			if (index >= 0) this.#webhooks.splice(index, 1);
			return { status: 204 };
		}
		if (req.method === 'GET' && p === '/2026-01/channel')
			return {
				status: 200,
				body: {
					items: [{ id: 11, name: 'Shopify', application_name: 'SMA', scopes: ['orders_read', 'orders_write'] }],
					next: null,
					prev: null,
				},
			};
		return undefined;
	}

	private shipmentById(id: string): Json | undefined {
		for (const order of this.#orders) {
			const found = (order.shipments as Json[]).find((s) => String(s.id) === id);
			if (found) return found;
		}
		return undefined;
	}

	/**
	 * GET /inventory: SearchBy is "exact match" on an inventory id and "partial match (consecutive characters, case
	 * insensitive)" on name and SKU, as the spec says; pages of PageSize (capped), `next` a URL with a Cursor.
	 */
	private searchInventory(req: SimRequest): SimResponse {
		const search = (req.query.get('SearchBy') ?? '').toLowerCase();
		const matches = this.#inventory.filter(
			(i) =>
				!search ||
				String(i.inventory_id) === search ||
				String(i.sku).toLowerCase().includes(search) ||
				String(i.name).toLowerCase().includes(search),
		);
		const size = Math.max(
			1,
			Math.min(Number(req.query.get('PageSize') ?? 50) || 50, this.options.inventoryPageSize ?? 250),
		);
		const from = Number(req.query.get('Cursor') ?? 0);
		const link = (at: number) => {
			const query = { SearchBy: req.query.get('SearchBy') ?? '', PageSize: String(size), Cursor: String(at) };
			return `/2026-01/inventory?${new URLSearchParams(query).toString()}`;
		};
		return {
			status: 200,
			body: {
				items: matches.slice(from, from + size),
				next: from + size < matches.length ? link(from + size) : null,
				prev: from > 0 ? link(Math.max(0, from - size)) : null,
				first: from > 0 ? link(0) : null,
				last: null,
			},
		};
	}

	/** A shipment's products as Orders.ShipmentLineItemDetail: one line per inventory item (lot included). */
	private lineItemsOf(shipment: Json): Json[] {
		return (shipment.products as Json[]).flatMap((product) =>
			((product.inventory_items as Json[] | null) ?? []).map((inv) => {
				const lotNumber = (inv.lot as string | null) ?? null;
				return {
					inventory_id: inv.id,
					quantity: inv.quantity,
					committed_quantity: inv.quantity_committed ?? inv.quantity,
					is_hazmat: false,
					is_lot: lotNumber !== null,
					// Orders.LotInfo is not nullable: absent for an item without a lot.
					...(lotNumber !== null
						? {
								lot: {
									lot_number: lotNumber,
									lot_date: (inv.expiration_date as string | null) ?? null,
									selection_method: inv.lot_selection === 'Specific' ? 'Specific' : 'ShipbobChooses',
								},
							}
						: {}),
					product_variant: { id: product.id, name: product.name ?? null, sku: product.sku ?? null },
					serial_numbers: (inv.serial_numbers as string[] | null) ?? [],
				};
			}),
		);
	}

	/**
	 * POST :updateLineItems: the body is "the complete list of line items as returned by the GET ... partial updates
	 * are not supported". Answers as documented: 400 Orders.ErrorResponse for a body it cannot take (no items, a line
	 * without inventory_id or quantity, an inventory id it does not stock, a lot on an item that is not lot-tracked, a
	 * list that leaves out lines it holds without putting other units in their place: a partial list); 200
	 * Orders.ShipmentLineItemsApiResponse, is_success false with a CONFLICT error, for a shipment picking has reached
	 * (as its cancel: "must not be picked, packed, or shipped"). The order's products (the order as it came in) stay.
	 */
	private updateLineItems(shipmentId: string, body: Json): SimResponse {
		const shipment = this.shipmentById(shipmentId);
		const bad = (code: string, message: string): SimResponse => ({ status: 400, body: { code, message } });
		if (!shipment) return bad('NOT_FOUND', `Shipment ${shipmentId} not found`);
		const items = body.items;
		if (!Array.isArray(items) || items.length === 0)
			return bad('VALIDATION_ERROR', 'items is required: the complete list of line items of the shipment');
		const lines = items as Json[];
		for (const [n, line] of lines.entries()) {
			if (!Number.isInteger(line.inventory_id) || !Number.isInteger(line.quantity) || Number(line.quantity) <= 0)
				return bad('VALIDATION_ERROR', `items[${n}] needs an integer inventory_id and a positive integer quantity`);
			const stocked = this.#inventory.find((i) => i.inventory_id === line.inventory_id);
			if (!stocked) return bad('INVALID_PARAMETER', `items[${n}]: inventory ${String(line.inventory_id)} not found`);
			if ((line.lot_number ?? null) !== null && stocked.is_lot !== true)
				return bad('VALIDATION_ERROR', `items[${n}]: inventory ${String(line.inventory_id)} is not lot-tracked`);
		}
		const current = this.lineItemsOf(shipment);
		const units = (list: Json[]) => list.reduce((sum, l) => sum + Number(l.quantity), 0);
		const left = current.filter((c) => !lines.some((l) => l.inventory_id === c.inventory_id));
		if (left.length && units(lines) < units(current))
			return bad(
				'VALIDATION_ERROR',
				'The request must include the complete list of line items as returned by getLineItems; partial updates ' +
					`are not supported (missing inventory ${left.map((l) => String(l.inventory_id)).join(', ')})`,
			);
		const locked = addressLockedBecause(shipment);
		if (locked)
			return {
				status: 200,
				body: {
					id: shipment.id,
					is_success: false,
					error: {
						code: 'CONFLICT',
						message: `Shipment ${String(shipment.id)} ${locked}: its items can no longer change`,
					},
					shipment_line_items: null,
				},
			};
		const before = new Map(current.map((c) => [Number(c.inventory_id), Number(c.quantity)]));
		const products = shipment.products as Json[];
		const productOf = (inventoryId: number) =>
			products.find((p) => ((p.inventory_items as Json[] | null) ?? []).some((i) => i.id === inventoryId));
		const next: Json[] = [];
		for (const line of lines) {
			const id = Number(line.inventory_id);
			const stocked = this.#inventory.find((i) => i.inventory_id === id)!;
			const old = productOf(id);
			const inventory = {
				id,
				name: stocked.name,
				quantity: line.quantity,
				quantity_committed: line.quantity,
				is_dangerous_goods: false,
				lot: (line.lot_number as string | null | undefined) ?? null,
				expiration_date: (line.lot_date as string | null | undefined) ?? null,
				serial_numbers: [],
			};
			const mine = next.find((p) => p.id === (old?.id ?? id - 100));
			if (mine) (mine.inventory_items as Json[]).push(inventory);
			else
				next.push({
					id: old?.id ?? id - 100,
					reference_id: old?.reference_id ?? stocked.sku,
					sku: old?.sku ?? stocked.sku,
					name: old?.name ?? stocked.name,
					inventory_items: [inventory],
				});
		}
		shipment.products = next;
		shipment.last_update_at = new Date(this.recorder.now()).toISOString();
		const after = new Map<number, number>();
		for (const l of lines)
			after.set(Number(l.inventory_id), (after.get(Number(l.inventory_id)) ?? 0) + Number(l.quantity));
		const changes = [...new Set([...before.keys(), ...after.keys()])]
			.filter((id) => before.get(id) !== after.get(id))
			.map((id) => ({
				action: !before.has(id) ? 'Added' : !after.has(id) ? 'Removed' : 'Updated',
				inventory_id: id,
				previous_value: before.has(id) ? String(before.get(id)) : null,
				new_value: after.has(id) ? String(after.get(id)) : null,
			}));
		return { status: 200, body: { id: shipment.id, is_success: true, shipment_line_items: changes } };
	}
}

export function createShipBobSim(options: ShipBobSimOptions = {}): ShipBobSim {
	return new ShipBobSim(options);
}
