/**
 * Simulated ShipMonk API v1, mounted under /shipmonk/ (base URL <sandbox>/shipmonk).
 * Faithful to the contract (Order Detail Output with every required field, Create Or Update Order
 * Input, Order Sync Output; validated in test/contract/threepl) and to the documented limit on
 * GET /v1/integrations/orders-list: 1,000 requests per 30 minutes, 429 with Retry-After as an HTTP
 * date. Auth: `Api-Key` header. Deterministic from a seed; failures can be injected.
 */
import type { SimRequest, SimResponse, VendorSim } from '../http';
import { CITIES, SKUS, SimKit, type SimKitView, SlidingWindow, seededRandom } from './kit';

type Json = Record<string, unknown>;

export interface ShipMonkSimOptions {
	seed?: number;
	orders?: number;
	apiKey?: string;
	ordersListLimit?: number;
	ordersListWindowMs?: number;
	now?: () => number;
	firstOrderNumber?: number;
	unknownStatuses?: number;
}

const SCENARIOS: Array<[string, string]> = [
	['unfulfilled', 'submitted'],
	['unfulfilled', 'backorder'],
	['onHold', 'unable_to_submit'],
	['unfulfilled', 'pack_in_progress'],
	['unfulfilled', 'packed'],
	['fulfilled', 'en_route'],
	['cancelled', 'cancelled'],
	['unfulfilled', 'pick_in_progress'],
];

const NO_ACTIONS = {
	item_mapping: false,
	address: false,
	shipping_mapping: false,
	customs: false,
	at_risk: false,
	routing: false,
	freight_quote: false,
	freight_info: false,
	ship_short: false,
	hs_code: false,
	global_e_label: false,
	ship_monk_hazmat_carrier_service_not_available: false,
	automation_rule: false,
	pending_b2b_routing: false,
	value_added_service_problem: false,
};

/** The fields of Create Or Update Order Ship To Input. */
const SHIP_TO_INPUT = ['name', 'company', 'street1', 'street2', 'state', 'city', 'zip', 'country_code', 'phone'];

/**
 * Why an order's ship_to can no longer change, or null while it can: from picking on (processing_status
 * pick_in_progress, "Order is being picked", and every later one) the parcel is in the warehouse's hands, as
 * are fulfilled and cancelled orders.
 */
const PICKING_OR_LATER = new Set([
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
	'cancellation_requested',
	'cancelled',
]);
function lockedBecause(order: Json): string | null {
	const processing = String(order.processing_status ?? '');
	if (PICKING_OR_LATER.has(processing)) return `the order is ${processing}, its ship_to can no longer change`;
	if (order.order_status === 'fulfilled' || order.order_status === 'cancelled')
		return `the order is ${String(order.order_status)}, its ship_to can no longer change`;
	return null;
}

/** Processing statuses of an order that has left the warehouse (or was fulfilled elsewhere). */
const SHIPPED = new Set([
	'awaiting_carrier_processing',
	'en_route',
	'delivered',
	'undeliverable',
	'shipped_untrackable',
	'fulfilled_by_3rd',
]);
/** Processing statuses of an order in the warehouse's hands, not shipped yet. */
const IN_WAREHOUSE_HANDS = new Set(['pick_in_progress', 'pack_in_progress', 'packed', 'awaiting_pick_up']);

/** What a cancel upsert does to the order: nothing (shipped), a request to the warehouse, or the cancel. */
function cancelOutcome(order: Json): 'shipped' | 'cancellation_requested' | 'cancelled' {
	const processing = String(order.processing_status ?? '');
	if (order.order_status === 'fulfilled' || SHIPPED.has(processing)) return 'shipped';
	if (processing === 'cancellation_requested' || IN_WAREHOUSE_HANDS.has(processing)) return 'cancellation_requested';
	return 'cancelled';
}

export class ShipMonkSim implements VendorSim {
	readonly name = 'shipmonk';
	private readonly recorder: SimKit;
	readonly #orders: Json[] = [];
	private readonly ordersList: SlidingWindow;
	private readonly apiKey: string;
	constructor(private readonly options: ShipMonkSimOptions = {}) {
		this.recorder = new SimKit(options.now ?? (() => Date.now()));
		this.apiKey = options.apiKey ?? 'sm-key-test';
		this.ordersList = new SlidingWindow(options.ordersListLimit ?? 1000, options.ordersListWindowMs ?? 30 * 60_000);
		this.generate();
	}

	/* ----- public interface: what the world and the tests may see and do; everything else is private ----- */

	/** The recorded requests, and failure injection for the next ones. */
	get kit(): SimKitView {
		return this.recorder;
	}

	/** The orders as ShipMonk holds them now (Order Detail Output); change them through the API or loadOrders. */
	get orders(): ReadonlyArray<Readonly<Json>> {
		return this.#orders;
	}

	/** Replace every order with these (the sandbox world: what ShipMonk knows at the simulated now). */
	loadOrders(orders: ReadonlyArray<Record<string, unknown>>): void {
		this.#orders.length = 0;
		this.#orders.push(...orders);
	}

	/**
	 * The warehouse starts picking the order now (between two calls of a test): processing_status
	 * pick_in_progress ("Order is being picked"). From then on its ship_to can no longer change.
	 */
	startPicking(orderNumber: string): void {
		const order = this.#orders.find((o) => o.order_number === orderNumber);
		if (!order) throw new Error(`shipmonk sim: no order ${orderNumber}`);
		order.order_status = 'unfulfilled';
		order.processing_status = 'pick_in_progress';
		order.updated_at = new Date(this.recorder.now()).toISOString();
	}

	private generate(): void {
		const random = seededRandom(this.options.seed ?? 11);
		const base = Date.parse('2026-01-05T15:00:00Z');
		for (let i = 0; i < (this.options.orders ?? 40); i++) {
			const number = String((this.options.firstOrderNumber ?? 1001) + i);
			const [orderStatus, processing] = SCENARIOS[i % SCENARIOS.length];
			const [city, state, zip] = CITIES[i % CITIES.length];
			const ordered = new Date(base + i * 3_600_000).toISOString();
			const updated = new Date(base + i * 3_600_000 + 1_800_000).toISOString();
			const shipped = orderStatus === 'fulfilled';
			const items = [0, 1].slice(0, 1 + Math.floor(random() * 2)).map((j) => {
				const quantity = 1 + Math.floor(random() * 3);
				return {
					line_key: `${number}-${j + 1}`,
					sku: SKUS[(i + j) % SKUS.length],
					name: SKUS[(i + j) % SKUS.length],
					quantity,
					price: 19.5,
					image_url: null,
					fulfilled_quantity: shipped ? quantity : null,
					source: 'imported',
					products: [],
				};
			});
			const address = (name: string) => ({
				name,
				company: null,
				street1: `${100 + i} Main St`,
				street2: null,
				state,
				city,
				zip,
				country_code: 'US',
				phone: '555-0100',
				email: `c${number}@example.com`,
				residential: true,
			});
			this.#orders.push({
				order_key: `shopify-${7_000_000 + i}`,
				order_number: number,
				order_type: 'direct_to_consumer',
				store: { id: 42, name: 'Demo Store' },
				warehouse: { identifier: 'FL1', id: 1, name: 'Miami, FL', warehouse_wms_type: 'shipmonk' },
				trading_partner: null,
				ordered_at: ordered,
				customer_email: `c${number}@example.com`,
				shipping_method: { id: 3, name: 'USPS Ground Advantage', carrier: { id: 2, name: 'USPS' } },
				requested_shipping_service: 'Standard',
				shipping_paid: 5,
				tax_paid: 0,
				order_costs: {
					estimated_shipping_related_charges: null,
					estimated_packaging_material_charges: null,
					estimated_pick_and_pack_charges: null,
				},
				ship_from: address('ShipMonk FL1'),
				ship_to: address(`Customer ${number}`),
				order_status: orderStatus,
				processing_status: i < (this.options.unknownStatuses ?? 0) ? 'robot_sorting' : processing,
				items,
				attributes: [],
				currency_code: 'USD',
				references: [],
				custom_data: [],
				special_requirements: null,
				actions_required: processing === 'unable_to_submit' ? { ...NO_ACTIONS, address: true } : { ...NO_ACTIONS },
				master_tracking_number: shipped ? `9400${i}000` : null,
				tracking_url: shipped ? `https://tools.usps.com/go/TrackConfirmAction?tLabels=9400${i}000` : null,
				returns: [],
				packages: shipped
					? [
							{
								number: 1,
								tracking_number: `9400${i}000`,
								tracking_url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=9400${i}000`,
								weight_lb: { value: 1.2, unit: 'lb' },
								pallet_weight_lb: null,
								pallet_number: null,
								box_number: null,
								carton_labels: [],
								packed_products: items.map((it) => ({ sku: it.sku, quantity: it.quantity, lots: [] })),
								packing_group: null,
								packed_items: items.map((it) => ({ sku: it.sku, line_key: it.line_key, quantity: it.quantity })),
							},
						]
					: [],
				tax_id: null,
				recipient_tax_id: null,
				shipment_data: shipped
					? {
							carrier: 'USPS',
							service: 'Ground Advantage',
							carrier_tracking_url: null,
							carrier_alpha_code: null,
							carrier_trans_method_code: null,
							bill_of_lading_number: null,
							master_bill_of_lading_number: null,
							load_number: null,
							authorization_number: null,
							estimated_shipping_cost: 4.1,
							routing: null,
						}
					: null,
				order_parts: null,
				shipped_at: shipped ? updated : null,
				updated_at: updated,
				order_size: 'regular',
				extra_data: [],
				serial_numbers: [],
				gift_message: null,
				gift_from: null,
				customer_notes: null,
				order_detail_url: `https://app.shipmonk.com/orders/${number}`,
			});
		}
	}

	async handle(req: SimRequest): Promise<SimResponse | undefined> {
		if (req.headers['api-key'] !== this.apiKey)
			return this.recorder.record(req, { status: 401, body: { status: 401, message: 'Invalid API key' } });
		if (req.path === '/v1/integrations/orders-list') {
			const slot = this.ordersList.take(this.recorder.now());
			if (!slot.allowed) {
				const at = new Date(this.recorder.now() + slot.retryAfterMs).toUTCString();
				return this.recorder.record(req, {
					status: 429,
					headers: { 'retry-after': at },
					body: { status: 429, message: 'Too many requests' },
				});
			}
		}
		const failure = this.recorder.takeFailure(req, Number(req.query.get('page') ?? 1));
		if (failure) return this.recorder.record(req, failure);
		return this.recorder.record(req, this.route(req) ?? { status: 404, body: { status: 404, message: 'Not found' } });
	}

	private route(req: SimRequest): SimResponse | undefined {
		if (req.method === 'GET' && req.path === '/v1/integrations/orders') {
			const number = req.query.get('orderNumber');
			const key = req.query.get('orderKey');
			const order = this.#orders.find(
				(o) => (number === null || o.order_number === number) && (key === null || o.order_key === key),
			);
			return order ? { status: 200, body: { status: 200, data: order } } : undefined;
		}
		if (req.method === 'GET' && req.path === '/v1/integrations/orders-list') {
			const page = Number(req.query.get('page') ?? 1);
			const pageSize = Number(req.query.get('pageSize') ?? 100);
			if (pageSize > 100 || pageSize < 1)
				return { status: 400, body: { status: 400, message: 'pageSize must be between 1 and 100' } };
			const since = req.query.get('updatedAtStart');
			let list = since
				? this.#orders.filter((o) => Date.parse(String(o.updated_at)) >= Date.parse(since))
				: this.#orders;
			if (req.query.get('sortOrder') === 'DESC') list = [...list].reverse();
			return {
				status: 200,
				body: { status: 200, data: { orders: list.slice((page - 1) * pageSize, page * pageSize) } },
			};
		}
		if (req.method === 'POST' && req.path === '/v1/integrations/order') {
			const body = (req.json ?? {}) as Json;
			const missing = [
				'store_id',
				'order_number',
				'order_key',
				'items',
				'ship_to',
				'requested_shipping_service',
				'ordered_at',
				'order_status',
			].filter((f) => body[f] === undefined);
			if (missing.length)
				return { status: 422, body: { status: 422, message: `Missing fields: ${missing.join(', ')}` } };
			const order = this.#orders.find((o) => o.order_key === body.order_key && (o.store as Json).id === body.store_id);
			if (!order) return { status: 200, body: { message: 'Order created' } };
			// Create Or Update Order Ship To Input: every field defaults to null, so the ship_to sent replaces the one
			// held (its output-only fields, email and residential, stay).
			const shipTo = (body.ship_to ?? {}) as Json;
			const wanted = Object.fromEntries(SHIP_TO_INPUT.map((field) => [field, shipTo[field] ?? null]));
			const held = order.ship_to as Json;
			const moves = SHIP_TO_INPUT.some((field) => (held[field] ?? null) !== wanted[field]);
			// The upsert documents one answer: 200 with a message saying whether the order was updated. An order the
			// warehouse is picking or has shipped keeps its address, and the message says so.
			// Create Or Update Order Input.items is required and describes the order's lines: the items sent are the
			// order's items from now on. Name and price are "immutable after the item is created": an item already held
			// (same line_key, else same SKU) keeps its own; a new one takes what was sent.
			const sentItems = ((body.items ?? []) as Json[]).map((i) => ({
				sku: String(i.sku),
				quantity: Number(i.quantity),
				line_key: i.line_key ?? null,
			}));
			const heldItems = (order.items as Json[]).filter((i) => i.source !== 'packaging' && i.source !== 'inserted');
			const itemKey = (i: Json) => `${String(i.line_key ?? '')}|${String(i.sku)}|${Number(i.quantity)}`;
			const itemsMove =
				sentItems.length !== heldItems.length || sentItems.some((i, k) => itemKey(i) !== itemKey(heldItems[k] ?? {}));
			const locked = lockedBecause(order);
			if ((moves || itemsMove) && locked)
				return {
					status: 200,
					body: { message: `Order not updated: ${moves ? locked : locked.replace('ship_to', 'content')}` },
				};
			if (itemsMove && body.order_status !== 'cancelled') {
				order.items = ((body.items ?? []) as Json[]).map((i) => {
					const same =
						heldItems.find((h) => i.line_key != null && h.line_key === i.line_key) ??
						heldItems.find((h) => h.sku === i.sku);
					return {
						line_key: i.line_key ?? null,
						sku: String(i.sku),
						name: same ? same.name : (i.name ?? String(i.sku)),
						quantity: Number(i.quantity),
						price: same ? same.price : (i.price ?? null),
						image_url: null,
						fulfilled_quantity: null,
						source: 'imported',
						products: [],
					};
				});
			}
			if (body.order_status === 'cancelled') {
				// "`cancelled` will create cancelled order or cancel existing order": one that has shipped keeps its
				// status; one the warehouse is picking or packing gets the documented processing_status
				// cancellation_requested (the warehouse decides); any other is cancelled.
				const cancel = cancelOutcome(order);
				if (cancel === 'shipped')
					return {
						status: 200,
						body: { message: `Order not updated: the order is ${String(order.processing_status)}` },
					};
				order.processing_status = cancel;
				if (cancel === 'cancelled') order.order_status = 'cancelled';
				order.updated_at = new Date(this.recorder.now()).toISOString();
				return {
					status: 200,
					body: { message: cancel === 'cancelled' ? 'Order updated' : 'Order updated: cancellation requested' },
				};
			}
			order.ship_to = { ...held, ...wanted };
			if ((order.actions_required as Json).address === true && body.ship_to) {
				order.actions_required = { ...NO_ACTIONS };
				order.order_status = 'unfulfilled';
				order.processing_status = 'submitted';
			}
			order.updated_at = new Date(this.recorder.now()).toISOString();
			return { status: 200, body: { message: 'Order updated' } };
		}
		return undefined;
	}
}

export function createShipMonkSim(options: ShipMonkSimOptions = {}): ShipMonkSim {
	return new ShipMonkSim(options);
}
