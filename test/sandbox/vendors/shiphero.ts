/**
 * Simulated ShipHero public GraphQL API, mounted under /shiphero/ (base URL <sandbox>/shiphero).
 *
 * Queries are EXECUTED against ShipHero's own schema (the introspection in ../shared/vendor-specs,
 * built with graphql's buildClientSchema) with plain-object resolvers, so a document ShipHero would
 * reject is rejected here too. Throttling is ShipHero's: a bucket of 4,004 credits restored at 60
 * per second; each answer reports the `complexity` it cost; a query the bucket cannot pay gets
 * HTTP 200 with error code 30 (required_credits, remaining_credits, time_remaining).
 * /auth/refresh exchanges the refresh token for an access token, as ShipHero's auth server does.
 * When the schema file is absent the sim answers 501 on /graphql (tests skip first).
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { buildClientSchema, graphql, type GraphQLSchema } from 'graphql';
import type { SimRequest, SimResponse, VendorSim } from '../http';
import { CITIES, SKUS, SimKit, type SimKitView, seededRandom } from './kit';

type Json = Record<string, unknown>;

const SCHEMA_FILE = path.resolve(__dirname, '../../../../shared/vendor-specs/shiphero/shiphero_schema.json');
let schemaCache: GraphQLSchema | undefined;
function shipheroSchema(): GraphQLSchema | undefined {
	if (schemaCache) return schemaCache;
	if (!existsSync(SCHEMA_FILE)) return undefined;
	const doc = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
	schemaCache = buildClientSchema(doc.data ?? doc);
	return schemaCache;
}

export interface ShipHeroSimOptions {
	seed?: number;
	orders?: number;
	refreshToken?: string;
	now?: () => number;
	credits?: number;
	creditsPerSecond?: number;
	firstOrderNumber?: number;
	unknownStatuses?: number;
	/** Credits a returned order costs (ShipHero charges for what it returns). */
	creditsPerOrder?: number;
}

const SCENARIOS = [
	'pending',
	'pending-allocated',
	'pending-address_hold',
	'pending-backorder',
	'partially',
	'fulfilled',
	'canceled',
	'pending-operator_hold',
] as const;

export class ShipHeroSim implements VendorSim {
	readonly name = 'shiphero';
	private readonly recorder: SimKit;
	readonly #orders: Json[] = [];
	readonly #webhooks: Json[] = [];
	private readonly accessTokens = new Set<string>();
	private credits: number;
	private creditsAt: number;
	/** Webhooks ever created: a webhook made after a delete gets a new id and secret, as at ShipHero. */
	private webhooksCreated = 0;
	constructor(private readonly options: ShipHeroSimOptions = {}) {
		this.recorder = new SimKit(options.now ?? (() => Date.now()));
		this.credits = options.credits ?? 4004;
		this.creditsAt = this.recorder.now();
		this.generate();
	}

	/* ----- public interface: what the tests may see and do (this brand's world does not use ShipHero) ----- */

	/** The recorded requests, and failure injection for the next ones. */
	get kit(): SimKitView {
		return this.recorder;
	}

	/** The orders as ShipHero holds them now; change them through the GraphQL API. */
	get orders(): ReadonlyArray<Readonly<Json>> {
		return this.#orders;
	}

	/** Webhooks as created through webhook_create (shared_signature_secret included: the sim is the vendor). */
	get webhooks(): ReadonlyArray<Readonly<Json>> {
		return this.#webhooks;
	}

	/**
	 * The warehouse starts picking the order now (between two calls of a test): every line not shipped yet goes
	 * into a tote (LineItem.tote_picks). ShipHero keeps the order pending while it is picked and packed.
	 */
	startPicking(orderNumber: string): void {
		const order = this.#orders.find((o) => o.order_number === orderNumber || o.order_number === `#${orderNumber}`);
		if (!order) throw new Error(`shiphero sim: no order ${orderNumber}`);
		const at = new Date(this.recorder.now()).toISOString();
		for (const edge of (order.line_items as { edges: Array<{ node: Json }> }).edges) {
			const line = edge.node;
			const left = Number(line.quantity) - Number(line.quantity_shipped);
			if (left <= 0) continue;
			line.tote_picks = [
				{
					id: Buffer.from(`TotePick:${String(line.id)}`).toString('base64'),
					sku: line.sku,
					created_at: at,
					updated_at: at,
					tote_id: 'VG90ZTox',
					current: left,
					picked_quantity: left,
					quantity: left,
					inventory_bin: 'A-01-01',
					deducted: false,
				},
			];
		}
		order.updated_at = at;
	}

	get maxCredits(): number {
		return this.options.credits ?? 4004;
	}
	private get rate(): number {
		return this.options.creditsPerSecond ?? 60;
	}

	private available(): number {
		const now = this.recorder.now();
		this.credits = Math.min(this.maxCredits, this.credits + ((now - this.creditsAt) / 1000) * this.rate);
		this.creditsAt = now;
		return this.credits;
	}

	private generate(): void {
		const random = seededRandom(this.options.seed ?? 13);
		const base = Date.parse('2026-01-05T15:00:00Z');
		for (let i = 0; i < (this.options.orders ?? 40); i++) {
			const number = `#${(this.options.firstOrderNumber ?? 1001) + i}`;
			const scenario = SCENARIOS[i % SCENARIOS.length];
			const [city, state, zip] = CITIES[i % CITIES.length];
			const id = Buffer.from(`Order:${300_000 + i}`).toString('base64');
			const updated = new Date(base + i * 3_600_000 + 1_800_000).toISOString();
			const lines = [0, 1].slice(0, 1 + Math.floor(random() * 2)).map((j) => {
				const quantity = 1 + Math.floor(random() * 3);
				const shipped = scenario === 'fulfilled' ? quantity : scenario === 'partially' && j === 0 ? quantity : 0;
				return {
					id: Buffer.from(`LineItem:${400_000 + i * 10 + j}`).toString('base64'),
					sku: SKUS[(i + j) % SKUS.length],
					partner_line_item_id: `${number}-${j}`,
					product_name: SKUS[(i + j) % SKUS.length],
					price: '19.50',
					quantity: scenario === 'partially' && j === 1 ? quantity : quantity,
					quantity_shipped: shipped,
					quantity_allocated: scenario === 'pending-allocated' ? quantity : 0,
					backorder_quantity: scenario === 'pending-backorder' || (scenario === 'partially' && j === 1) ? quantity : 0,
					fulfillment_status: shipped === quantity && shipped > 0 ? 'fulfilled' : 'pending',
					warehouse: 'Primary',
				};
			});
			if (scenario === 'partially' && lines.length === 1)
				lines.push({
					...lines[0],
					id: `${lines[0].id}x`,
					sku: 'BACKORDERED-1',
					quantity: 1,
					quantity_shipped: 0,
					backorder_quantity: 1,
					fulfillment_status: 'pending',
				});
			const shippedLines = lines.filter((l) => l.quantity_shipped > 0);
			const shipments = shippedLines.length
				? [
						{
							id: Buffer.from(`Shipment:${500_000 + i}`).toString('base64'),
							warehouse_id: 'V2FyZWhvdXNlOjE=',
							created_date: updated,
							delivered: false,
							refunded: false,
							warehouse: { identifier: 'Primary' },
							line_items: {
								edges: shippedLines.map((l) => ({
									node: {
										line_item_id: l.id,
										shipping_label_id: `label-${i}`,
										quantity: l.quantity_shipped,
										line_item: { sku: l.sku },
									},
								})),
							},
							shipping_labels: [
								{
									id: `label-${i}`,
									status: 'valid',
									tracking_number: `1Z999AA1${String(i).padStart(8, '0')}`,
									carrier: 'ups',
									shipping_method: 'ground',
									tracking_url: `https://www.ups.com/track?tracknum=1Z999AA1${String(i).padStart(8, '0')}`,
									created_date: updated,
									refunded: false,
									needs_refund: false,
								},
							],
						},
					]
				: [];
			this.#orders.push({
				id,
				legacy_id: 300_000 + i,
				order_number: number,
				partner_order_id: String(7_000_000 + i),
				shop_name: 'demo-store',
				fulfillment_status:
					i < (this.options.unknownStatuses ?? 0)
						? 'Awaiting Courier Swap'
						: scenario === 'fulfilled'
							? 'fulfilled'
							: scenario === 'canceled'
								? 'canceled'
								: 'pending',
				order_date: new Date(base + i * 3_600_000).toISOString(),
				updated_at: updated,
				ready_to_ship: scenario === 'pending-allocated',
				hold_until_date: null,
				holds: {
					fraud_hold: false,
					address_hold: scenario === 'pending-address_hold',
					shipping_method_hold: false,
					operator_hold: scenario === 'pending-operator_hold',
					payment_hold: false,
					client_hold: false,
				},
				shipping_address: {
					first_name: 'Customer',
					last_name: number.slice(1),
					company: null,
					address1: `${100 + i} Main St`,
					address2: null,
					city,
					state,
					state_code: state,
					zip,
					country: 'US',
					country_code: 'US',
					phone: '555-0100',
				},
				line_items: { edges: lines.map((l) => ({ node: l })) },
				shipments,
			});
		}
	}

	/** Connection helper honouring first/after with base64 cursors, as ShipHero's Relay connections do. */
	private connection(nodes: Json[], args: { first?: number; after?: string | null }): Json {
		const start = args.after ? Number(Buffer.from(args.after, 'base64').toString('utf8').split(':')[1]) + 1 : 0;
		const first = args.first ?? 100;
		const slice = nodes.slice(start, start + first);
		return {
			pageInfo: {
				hasNextPage: start + first < nodes.length,
				hasPreviousPage: start > 0,
				startCursor: slice.length ? Buffer.from(`arrayconnection:${start}`).toString('base64') : null,
				endCursor: slice.length ? Buffer.from(`arrayconnection:${start + slice.length - 1}`).toString('base64') : null,
			},
			edges: slice.map((node, k) => ({ node, cursor: Buffer.from(`arrayconnection:${start + k}`).toString('base64') })),
		};
	}

	private chargeFor(returnedOrders: number): number {
		return 1 + returnedOrders * (this.options.creditsPerOrder ?? 11);
	}

	private result(data: (args: Json) => unknown, count: () => number): Json {
		// graphql-js calls every field resolver of an object before awaiting any: by the time this
		// promise settles, `data` has run and we know how many orders were returned (ShipHero charges
		// for what it returns).
		return {
			request_id: `req-${this.recorder.requests.length + 1}`,
			complexity: () => Promise.resolve().then(() => this.chargeFor(count())),
			data,
		};
	}

	private rootValue(charged: { orders: number }): Json {
		const findOrders = (a: Json) =>
			this.#orders.filter(
				(o) =>
					(!a.order_number || o.order_number === a.order_number) &&
					(!a.partner_order_id || o.partner_order_id === a.partner_order_id) &&
					(!a.updated_from || Date.parse(String(o.updated_at)) >= Date.parse(String(a.updated_from))),
			);
		return {
			orders: (a: Json) => {
				const matched = [...findOrders(a)].sort((x, y) => String(x.updated_at).localeCompare(String(y.updated_at)));
				let returned = 0;
				return this.result(
					(args: Json) => {
						const c = this.connection(matched, args as { first?: number; after?: string });
						returned = (c.edges as unknown[]).length;
						charged.orders += returned;
						return c;
					},
					() => returned,
				);
			},
			order: (a: Json) => {
				const found = this.#orders.find((o) => o.id === a.id || String(o.legacy_id) === a.id);
				charged.orders += found ? 1 : 0;
				return { request_id: 'req', complexity: this.chargeFor(found ? 1 : 0), data: found ?? null };
			},
			order_update: (a: Json) => {
				const input = a.data as Json;
				const order = this.#orders.find((o) => o.id === input.order_id);
				if (!order) throw new Error('Order not found');
				if (input.shipping_address) {
					// ShipHero prints the label when it fulfils the order (the order shows Fulfilled as soon as the label
					// prints): from then on, and once canceled, the shipping address is the label's and cannot change.
					// Until then, picking included, the packer prints the label with the address the order has.
					const status = String(order.fulfillment_status);
					if (status === 'fulfilled' || status === 'canceled')
						throw new Error(
							`Order ${String(order.order_number)} is ${status}: its shipping address can no longer be changed`,
						);
					// GraphQL input: a field sent as null clears it, a field left out keeps its value.
					order.shipping_address = { ...(order.shipping_address as Json), ...(input.shipping_address as Json) };
					(order.holds as Json).address_hold = false;
				}
				order.updated_at = new Date(this.recorder.now()).toISOString();
				charged.orders += 1;
				return { request_id: 'req', complexity: 10, order };
			},
			// AddLineItemsInput / RemoveLineItemsInput (shiphero_schema.json). A shipped or canceled order no longer
			// changes; a line in a tote (picked) or shipped cannot be removed; partner_line_item_id is unique per order.
			order_add_line_items: (a: Json) => {
				const input = a.data as Json;
				const order = this.#orders.find((o) => o.id === input.order_id);
				if (!order) throw new Error('Order not found');
				const status = String(order.fulfillment_status);
				if (status === 'fulfilled' || status === 'canceled')
					throw new Error(`Order ${String(order.order_number)} is ${status}: its line items can no longer change`);
				const edges = (order.line_items as { edges: Array<{ node: Json }> }).edges;
				for (const line of input.line_items as Json[]) {
					if (edges.some((e) => e.node.partner_line_item_id === line.partner_line_item_id))
						throw new Error(`partner_line_item_id ${String(line.partner_line_item_id)} already exists on this order`);
					edges.push({
						node: {
							id: Buffer.from(`LineItem:${900_000 + edges.length + Number(order.legacy_id) * 10}`).toString('base64'),
							sku: line.sku,
							partner_line_item_id: line.partner_line_item_id,
							product_name: line.product_name ?? line.sku,
							price: line.price,
							quantity: line.quantity,
							quantity_shipped: 0,
							quantity_allocated: 0,
							backorder_quantity: 0,
							fulfillment_status: 'pending',
							warehouse: 'Primary',
						},
					});
				}
				order.updated_at = new Date(this.recorder.now()).toISOString();
				charged.orders += 1;
				return { request_id: 'req', complexity: 10, order };
			},
			order_remove_line_items: (a: Json) => {
				const input = a.data as Json;
				const order = this.#orders.find((o) => o.id === input.order_id);
				if (!order) throw new Error('Order not found');
				const status = String(order.fulfillment_status);
				if (status === 'fulfilled' || status === 'canceled')
					throw new Error(`Order ${String(order.order_number)} is ${status}: its line items can no longer change`);
				const lineItems = order.line_items as { edges: Array<{ node: Json }> };
				for (const id of input.line_item_ids as string[]) {
					const line = lineItems.edges.find((e) => e.node.id === id)?.node;
					if (!line) throw new Error(`Line item ${id} not found`);
					if (Number(line.quantity_shipped) > 0 || (line.tote_picks as unknown[] | undefined)?.length)
						throw new Error(`Line item ${String(line.sku)} is picked or shipped and cannot be removed`);
				}
				const ids = new Set(input.line_item_ids as string[]);
				lineItems.edges = lineItems.edges.filter((e) => !ids.has(String(e.node.id)));
				order.updated_at = new Date(this.recorder.now()).toISOString();
				charged.orders += 1;
				return { request_id: 'req', complexity: 10, order };
			},
			order_cancel: (a: Json) => {
				const input = a.data as Json;
				const order = this.#orders.find((o) => o.id === input.order_id);
				if (!order) throw new Error('Order not found');
				// CancelOrderInput.force: "Cancel an order even if it has valid labels and completed shipments". Without
				// it such an order is refused; picking (lines in a tote) does not stop a cancel.
				if (order.fulfillment_status === 'fulfilled')
					throw new Error('Order is already fulfilled and cannot be canceled');
				const labelled = ((order.shipments as Json[] | undefined) ?? []).some((s) =>
					((s.shipping_labels as Json[] | undefined) ?? []).some((l) => l.status === 'valid'),
				);
				if (labelled && input.force !== true)
					throw new Error('Order has valid labels and completed shipments: cancel it with force to void them');
				if (order.fulfillment_status === 'canceled') return { request_id: 'req', complexity: 10, order };
				order.fulfillment_status = 'canceled';
				order.updated_at = new Date(this.recorder.now()).toISOString();
				charged.orders += 1;
				return { request_id: 'req', complexity: 10, order };
			},
			webhook_create: (a: Json) => {
				const input = a.data as Json;
				const n = ++this.webhooksCreated;
				const webhook = {
					id: `wh-${n}`,
					name: input.name,
					url: input.url,
					shop_name: input.shop_name ?? 'api',
					source: 'API',
					shared_signature_secret: `shsecret-${n}`,
				};
				this.#webhooks.push(webhook);
				return { request_id: 'req', complexity: 5, webhook };
			},
			webhook_delete: (a: Json) => {
				const input = a.data as Json;
				const index = this.#webhooks.findIndex(
					(w) => w.name === input.name && (!input.shop_name || w.shop_name === input.shop_name),
				);
				if (index < 0) throw new Error('Webhook not found');
				this.#webhooks.splice(index, 1);
				return { request_id: 'req', complexity: 5 };
			},
			webhooks: () => ({
				request_id: 'req',
				complexity: 5,
				data: (args: Json) => this.connection(this.#webhooks, args as { first?: number }),
			}),
			user_quota: () => ({
				is_expired: false,
				expiration_date: null,
				time_remaining: null,
				credits_remaining: Math.floor(this.available()),
				max_available: this.maxCredits,
				increment_rate: this.rate,
			}),
		};
	}

	async handle(req: SimRequest): Promise<SimResponse | undefined> {
		if (req.method === 'POST' && req.path === '/auth/refresh') {
			const body = (req.json ?? {}) as Json;
			if (body.refresh_token !== (this.options.refreshToken ?? 'sh-refresh-test'))
				return this.recorder.record(req, { status: 401, body: { error: 'invalid refresh token' } });
			const token = `sh-access-${this.accessTokens.size + 1}`;
			this.accessTokens.add(token);
			return this.recorder.record(req, {
				status: 200,
				body: {
					access_token: token,
					expires_in: 2419200,
					scope: 'openid profile offline_access',
					token_type: 'Bearer',
				},
			});
		}
		if (req.path !== '/graphql' || req.method !== 'POST') return undefined;
		const auth = req.headers.authorization ?? '';
		if (!auth.startsWith('Bearer ') || !this.accessTokens.has(auth.slice(7)))
			return this.recorder.record(req, { status: 401, body: { message: 'Unauthorized' } });
		const failure = this.recorder.takeFailure(req, this.pageOf(req));
		if (failure) return this.recorder.record(req, failure);
		const schema = shipheroSchema();
		if (!schema) return this.recorder.record(req, { status: 501, body: { message: 'shiphero schema not present' } });
		const body = (req.json ?? {}) as Json;
		const variables = (body.variables ?? {}) as Json;
		// ShipHero prices a query before running it: refuse when the bucket cannot pay the worst case.
		const first = Number(variables.first ?? 5);
		const required = this.chargeFor(/orders\s*\(/.test(String(body.query)) ? first : 1);
		const available = this.available();
		if (required > available) {
			const seconds = Math.ceil((required - available) / this.rate);
			return this.recorder.record(req, {
				status: 200,
				body: {
					errors: [
						{
							message:
								`There are not enough credits to perform the requested operation, which requires ${required} ` +
								`credits. The max allowed for your user is ${this.maxCredits} credits per operation. Please try ` +
								`again in ${seconds} seconds`,
							operation: 'orders',
							request_id: 'throttled',
							code: 30,
							required_credits: required,
							remaining_credits: Math.floor(available),
							time_remaining: `${seconds} seconds`,
						},
					],
					data: null,
				},
			});
		}
		const charged = { orders: 0 };
		const result = await graphql({
			schema,
			source: String(body.query ?? ''),
			variableValues: variables,
			rootValue: this.rootValue(charged),
		});
		this.credits -= this.chargeFor(charged.orders);
		return this.recorder.record(req, { status: 200, body: result });
	}

	private pageOf(req: SimRequest): number | undefined {
		const after = ((req.json ?? {}) as Json).variables as Json | undefined;
		if (!after || after.after === undefined) return undefined;
		if (!after.after) return 1;
		const index = Number(Buffer.from(String(after.after), 'base64').toString('utf8').split(':')[1]);
		return Math.floor((index + 1) / Number(after.first ?? 25)) + 1;
	}

	/** Credits left right now (for tests and the bench). */
	creditsRemaining(): number {
		return this.available();
	}
}

export function createShipHeroSim(options: ShipHeroSimOptions = {}): ShipHeroSim {
	return new ShipHeroSim(options);
}
