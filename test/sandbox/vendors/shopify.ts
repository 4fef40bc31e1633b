/**
 * Simulated Shopify Admin GraphQL API.
 *
 * Requests are executed with graphql-js against a schema built from Shopify's published introspection
 * (buildClientSchema), with one generic field resolver over plain objects. Responses are therefore
 * schema-faithful by construction: an enum value Shopify does not have, a missing non-null field or a
 * field the schema lacks is a GraphQL error here exactly as it would be at Shopify.
 *
 * Limits follow Shopify's published model: a cost-based leaky bucket (requested cost charged up front,
 * refunded down to the actual cost), THROTTLED answered with HTTP 200 and `extensions.cost`,
 * MAX_COST_EXCEEDED above 1,000 points. Deterministic from a seed; every request is recorded.
 */
import { randomUUID } from 'crypto';
import {
	graphql,
	graphqlSync,
	print,
	getNamedType,
	isLeafType,
	isListType,
	isNonNullType,
	isObjectType,
	isInterfaceType,
	Kind,
	NoDeprecatedCustomRule,
	parse,
	validate,
	type DocumentNode,
	type FieldNode,
	type FragmentDefinitionNode,
	type GraphQLCompositeType,
	type GraphQLFieldResolver,
	type GraphQLOutputType,
	type GraphQLSchema,
	type SelectionSetNode,
	type ValueNode,
} from 'graphql';
import { systemClock, type Clock } from '../../../nodes/lib/http/types';
import { loadShopifySchema } from '../../helpers/specs';
import type { SimRequest, SimResponse, VendorSim } from '../http';
import { shopifyHmacHeader } from '../world/signing';

/* ---------------- the store's products ---------------- */

/**
 * The simulated store's products: each a few size variants at one price, one more expensive variant (a choice a
 * customer may see but that is no even swap), and the odd variant not for sale. The SKUs the order generators use
 * (generateOrder here and the sandbox world, test/sandbox/world/generate.ts) are among them, so every line they
 * write has a variant and a product whose other variants it can be swapped to. Shaped as Shopify's Product and
 * ProductVariant (Admin GraphQL): ProductVariant.price is Money in the shop's currency (SHOP_CURRENCY).
 */

export const SHOP_CURRENCY = 'USD';

export interface SimProductVariant {
	__typename: 'ProductVariant';
	id: string;
	legacyResourceId: string;
	sku: string;
	/** The variant's own title ("M"). */
	title: string;
	displayName: string;
	price: string;
	availableForSale: boolean;
	product: SimProduct;
}

export interface SimProduct {
	__typename: 'Product';
	id: string;
	legacyResourceId: string;
	title: string;
	variants: SimProductVariant[];
}

/** [title, [sku, variant title, price, for sale]...] */
type ProductSpec = [string, Array<[string, string, string, boolean]>];

const PRODUCT_SPECS: ProductSpec[] = [
	[
		'Black tee',
		[
			['TEE-BLK-S', 'S', '24.00', false],
			['TEE-BLK-M', 'M', '24.00', true],
			['TEE-BLK-L', 'L', '24.00', true],
			['TEE-BLK-XL', 'XL', '28.00', true],
		],
	],
	[
		'White tee',
		[
			['TEE-WHT-S', 'S', '24.00', true],
			['TEE-WHT-M', 'M', '24.00', true],
			['TEE-WHT-L', 'L', '24.00', true],
			['TEE-WHT-XL', 'XL', '28.00', true],
		],
	],
	[
		'Stoneware mug',
		[
			['MUG-12', '12 oz', '18.00', true],
			['MUG-16', '16 oz', '18.00', true],
			['MUG-20', '20 oz', '22.00', true],
		],
	],
	[
		'Stoneware mug',
		[
			['MUG-12OZ', '12 oz', '18.00', true],
			['MUG-16OZ', '16 oz', '18.00', true],
			['MUG-20OZ', '20 oz', '22.00', true],
		],
	],
	[
		'Navy cap',
		[
			['CAP-NVY', 'S/M', '20.00', true],
			['CAP-NVY-LXL', 'L/XL', '20.00', true],
			['CAP-NVY-FIT', 'Fitted', '26.00', true],
		],
	],
	[
		'Socks, 3-pack',
		[
			['SOCK-3PK-S', 'S', '12.00', true],
			['SOCK-3PK', 'M', '12.00', true],
			['SOCK-3PK-L', 'L', '12.00', true],
			['SOCK-6PK', '6-pack', '21.00', true],
		],
	],
	[
		'Steel bottle',
		[
			['BOTTLE-500', '500 ml', '30.00', true],
			['BOTTLE-750', '750 ml', '30.00', true],
			['BOTTLE-1000', '1 l', '36.00', true],
		],
	],
];

const PRODUCT_ID_BASE = 8_100_000_000_000;
const VARIANT_ID_BASE = 44_100_000_000_000;

function build(): SimProduct[] {
	return PRODUCT_SPECS.map(([title, variants], p) => {
		const productNumber = PRODUCT_ID_BASE + p;
		const product: SimProduct = {
			__typename: 'Product',
			id: `gid://shopify/Product/${productNumber}`,
			legacyResourceId: String(productNumber),
			title,
			variants: [],
		};
		product.variants = variants.map(([sku, variantTitle, price, forSale], v) => {
			const number = VARIANT_ID_BASE + p * 100 + v;
			return {
				__typename: 'ProductVariant',
				id: `gid://shopify/ProductVariant/${number}`,
				legacyResourceId: String(number),
				sku,
				title: variantTitle,
				displayName: `${title} - ${variantTitle}`,
				price,
				availableForSale: forSale,
				product,
			};
		});
		return product;
	});
}

export const SIM_PRODUCTS: readonly SimProduct[] = build();

const BY_SKU = new Map(SIM_PRODUCTS.flatMap((p) => p.variants.map((v) => [v.sku, v] as const)));
const BY_ID = new Map(SIM_PRODUCTS.flatMap((p) => p.variants.map((v) => [v.id, v] as const)));

/** The variant a line's SKU names; undefined for a SKU the store does not sell (a custom item). */
export function variantOfSku(sku: string | null | undefined): SimProductVariant | undefined {
	return sku ? BY_SKU.get(sku) : undefined;
}

export function variantById(id: string): SimProductVariant | undefined {
	return BY_ID.get(id);
}

/* ---------------- the generated store ---------------- */

/**
 * The store's objects, shaped as Shopify's Admin GraphQL types (the fields the sim's generator and the
 * world's projection write; graphql-js serves whatever a query selects of them).
 */
export interface SimLineItem {
	id: string;
	sku: string;
	title: string;
	quantity: number;
	currentQuantity: number;
	unfulfilledQuantity: number;
	/**
	 * Lines an order edit added carry these; the generated and projected ones leave them out and the sim answers
	 * them from the catalogue by SKU (lineItemFromCatalogue).
	 */
	variant?: SimProductVariant | null;
	variantTitle?: string | null;
	originalUnitPriceSet?: SimMoneyBag;
	requiresShipping?: boolean;
	/**
	 * LineItem.discountAllocations: "including discounts allocated to refunded and removed quantities" (Admin
	 * schema), so an amount is for the line's ordered `quantity`. Left out: none ([]).
	 */
	discountAllocations?: Array<{ allocatedAmountSet: SimMoneyBag }>;
}

/** MoneyBag: the shop's currency and the customer's (one currency in this store). */
export interface SimMoneyBag {
	shopMoney: { amount: string; currencyCode: string };
	presentmentMoney: { amount: string; currencyCode: string };
}

function moneyBag(amount: string): SimMoneyBag {
	return {
		shopMoney: { amount, currencyCode: SHOP_CURRENCY },
		presentmentMoney: { amount, currencyCode: SHOP_CURRENCY },
	};
}

/** A line's variant fields as Shopify derives them from the variant sold (see SimLineItem). */
function lineItemFromCatalogue(line: SimLineItem, field: string): unknown {
	const variant = variantOfSku(line.sku);
	switch (field) {
		case 'variant':
			return variant ?? null;
		case 'variantTitle':
			return variant?.title ?? null;
		case 'originalUnitPriceSet':
			return moneyBag(variant?.price ?? '0.00');
		case 'requiresShipping':
			return true;
		case 'discountAllocations':
			return [];
		default:
			return undefined;
	}
}

/** Decimal string -> cents, and back ("24.00" <-> 2400). */
const cents = (amount: string) => Math.round(Number(amount) * 100);
const decimal = (c: number) => (c / 100).toFixed(2);

/** What `quantity` units of a line cost: its unit price, less its discount for those units (pro rata). */
function lineTotalCents(line: SimLineItem, quantity: number): number {
	const unit = cents(line.originalUnitPriceSet?.shopMoney.amount ?? variantOfSku(line.sku)?.price ?? '0.00');
	const discount = (line.discountAllocations ?? []).reduce(
		(sum, d) => sum + cents(d.allocatedAmountSet.shopMoney.amount),
		0,
	);
	return unit * quantity - (line.quantity > 0 ? Math.round((discount * quantity) / line.quantity) : 0);
}

/**
 * Order.currentTotalPriceSet: "the total price of the order, after returns ... This includes taxes and discounts".
 * The store charges no tax and its shipping lines carry no price, so it is the lines' current units at their price
 * less their discounts.
 */
function orderTotal(order: SimOrder): SimMoneyBag {
	return moneyBag(decimal(order.lineItems.reduce((sum, li) => sum + lineTotalCents(li, li.currentQuantity), 0)));
}

/** The location generated orders ship from (one warehouse). */
export const SIM_LOCATION_ID = 'gid://shopify/Location/76300000001';

/** An order edit session (orderEditBegin): changes staged on the order until orderEditCommit applies them. */
interface SimEditSession {
	number: number;
	orderId: string;
	/** Existing lines' staged quantities, by LineItem id; locationId: where a restock goes. */
	quantities: Map<string, { quantity: number; restock: boolean; locationId?: string }>;
	/** locationId: the location the added line ships from (orderEditAddVariant's argument). */
	added: Array<{ calculatedId: string; variant: SimProductVariant; quantity: number; locationId?: string }>;
	committed: boolean;
}

/** A committed order edit, as the tests may inspect it. */
export interface SimOrderEdit {
	orderId: string;
	calculatedOrderId: string;
	notifyCustomer: boolean;
	staffNote: string | null;
	at: string;
}

export interface SimTrackingInfo {
	company: string | null;
	number: string;
	url: string | null;
}

export interface SimFulfillment {
	id: string;
	name: string;
	status: string;
	displayStatus: string;
	createdAt: string;
	updatedAt: string;
	inTransitAt: string | null;
	deliveredAt: string | null;
	estimatedDeliveryAt: string | null;
	trackingInfo: SimTrackingInfo[];
	/** The world's projection also says where a parcel left from and which units it carried. */
	location?: { id: string };
	fulfillmentOrders?: Array<{ id: string }>;
	fulfillmentLineItems?: Array<{ id: string; quantity: number; lineItem: { id: string; sku: string } }>;
}

export interface SimFulfillmentHold {
	id: string;
	reason: string;
	reasonNotes: string | null;
	/** Set on holds this app placed (fulfillmentOrderHold). */
	handle?: string;
	byThisApp?: boolean;
}

export interface SimFulfillmentOrder {
	__typename: 'FulfillmentOrder';
	id: string;
	orderId: string;
	orderName: string;
	status: string;
	requestStatus: string;
	updatedAt: string;
	fulfillAt: string | null;
	fulfillBy: string | null;
	assignedLocation: { name: string; location?: { id: string } };
	fulfillmentHolds: SimFulfillmentHold[];
	lineItems: Array<{
		id: string;
		sku: string;
		productTitle: string;
		totalQuantity: number;
		remainingQuantity: number;
		lineItem: { id: string };
	}>;
}

export interface SimAddress {
	name: string;
	firstName: string;
	lastName: string;
	company: string | null;
	address1: string;
	address2: string | null;
	city: string;
	province: string;
	provinceCode: string;
	zip: string;
	country: string;
	countryCodeV2: string | null;
	phone: string | null;
}

export interface SimOrder {
	__typename: 'Order';
	id: string;
	legacyResourceId: string;
	name: string;
	createdAt: string;
	updatedAt: string;
	processedAt: string;
	cancelledAt: string | null;
	cancelReason: string | null;
	closedAt: string | null;
	displayFinancialStatus: string;
	displayFulfillmentStatus: string;
	returnStatus?: string;
	email: string | null;
	phone: string | null;
	customerLocale: string;
	note: string | null;
	tags: string[];
	customer: { id: string; displayName: string };
	/** Every order the store holds has one (Shopify's field is nullable). */
	shippingAddress: SimAddress;
	shippingLine: { title: string; code: string | null } | null;
	lineItems: SimLineItem[];
	fulfillmentOrders: SimFulfillmentOrder[];
	fulfillments: SimFulfillment[];
	returns: Array<{ __typename: 'Return'; id: string; name: string; status: string; totalQuantity: number }>;
	refunds: unknown[];
}

export interface SimWebhookSubscription {
	id: string;
	topic: string;
	format: string;
	uri: string;
	endpoint: { __typename: 'WebhookHttpEndpoint'; callbackUrl: string };
}

/** A GraphQL object the generic resolver walks, or a query's answer: plain JSON by field name. */
type GraphNode = Record<string, unknown>;

/** A connection field's answer (`nodes`, or `edges { node }`). */
interface Connection {
	nodes?: GraphNode[];
	edges?: Array<{ node: GraphNode }>;
}

/** What a request's execution carries to the resolvers. */
interface ResolverContext {
	baseUrl?: string;
	schema?: GraphQLSchema;
	/** The orders of one bulk batch: `orders` answers these instead of searching the store. */
	bulkBatch?: SimOrder[];
}

export interface ShopifySimOptions {
	seed?: number;
	orders?: number;
	shopDomain?: string;
	/** Tokens the Admin API accepts. */
	accessTokens?: string[];
	/** Dev Dashboard app for the client credentials grant. */
	clientCredentials?: { clientId: string; clientSecret: string; expiresInS?: number };
	bucketSize?: number;
	restoreRate?: number;
	clock?: Clock;
	/** Shopify refuses http:// callback URLs; off by default so local n8n test URLs work. */
	requireHttpsCallbacks?: boolean;
	/** Generate orders on demand instead of keeping them (for 100k-order exports). */
	lazy?: boolean;
	/** Where bulk result files are served from (default: the sandbox mount seen in the Host header). */
	publicBaseUrl?: string;
	/** Milliseconds between generated orders' updatedAt (keeps windows predictable). */
	spacingMs?: number;
	startAt?: string;
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus', 'Radia', 'Donald'];
const LAST_NAMES = [
	'Lovelace',
	'Hopper',
	'Turing',
	'Dijkstra',
	'Liskov',
	'Thompson',
	'Hamilton',
	'Torvalds',
	'Perlman',
	'Knuth',
];
const CITIES: Array<[string, string, string, string]> = [
	['Austin', 'TX', 'Texas', '78701'],
	['Denver', 'CO', 'Colorado', '80202'],
	['Portland', 'OR', 'Oregon', '97201'],
	['Boston', 'MA', 'Massachusetts', '02108'],
	['Chicago', 'IL', 'Illinois', '60601'],
];
const PRODUCTS: Array<[string, string]> = [
	['TEE-BLK-M', 'Black tee (M)'],
	['MUG-12', 'Stoneware mug'],
	['CAP-NVY', 'Navy cap'],
	['SOCK-3PK', 'Socks, 3-pack'],
	['BOTTLE-750', 'Steel bottle'],
];
const CARRIERS: Array<[string, (n: string) => string]> = [
	['UPS', (n) => `https://www.ups.com/track?tracknum=${n}`],
	['USPS', (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`],
	['FedEx', (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`],
];

/** Shopify's DateTime: ISO 8601 in UTC without milliseconds ("2025-01-01T00:00:00Z"). */
export function shopifyDateTime(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** mulberry32: tiny, fast, good enough for reproducible test data. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const ORDER_ID_BASE = 5_600_000_000_000;

/** Generates order #(1001 + index) deterministically from (seed, index). */
export function generateOrder(seed: number, index: number, startMs: number, spacingMs: number): SimOrder {
	const r = rng(seed * 1_000_003 + index);
	const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)];
	const numericId = ORDER_ID_BASE + index;
	const id = `gid://shopify/Order/${numericId}`;
	const name = `#${1001 + index}`;
	const createdMs = startMs + index * spacingMs;
	const createdAt = shopifyDateTime(createdMs);
	const updatedAt = shopifyDateTime(createdMs + Math.floor(r() * spacingMs * 0.5));
	const first = pick(FIRST_NAMES);
	const last = pick(LAST_NAMES);
	const [city, provinceCode, province, zip] = pick(CITIES);
	const lineCount = 1 + Math.floor(r() * 3);
	const lineItems: SimLineItem[] = Array.from({ length: lineCount }, (_, j) => {
		const [sku, title] = PRODUCTS[(index + j) % PRODUCTS.length];
		const quantity = 1 + Math.floor(r() * 2);
		return {
			id: `gid://shopify/LineItem/${numericId * 10 + j}`,
			sku,
			title,
			quantity,
			currentQuantity: quantity,
			unfulfilledQuantity: quantity,
		};
	});
	// One order in five has a discount on its last line (10 %, as a discount code would give), which orders by seed
	// (no draw from r(), so every other field of the order is what the seed made it before).
	if ((index + seed) % 5 === 0) {
		const li = lineItems[lineItems.length - 1];
		const price = variantOfSku(li.sku)?.price ?? '0.00';
		li.discountAllocations = [{ allocatedAmountSet: moneyBag(decimal(Math.round((cents(price) * li.quantity) / 10))) }];
	}
	// A realistic spread: most orders shipped, some open, a few on hold or cancelled.
	const roll = r();
	const state =
		roll < 0.55 ? 'shipped' : roll < 0.8 ? 'open' : roll < 0.9 ? 'on_hold' : roll < 0.96 ? 'delivered' : 'cancelled';
	const foId = `gid://shopify/FulfillmentOrder/${numericId * 10}`;
	const fulfillments: SimFulfillment[] = [];
	if (state === 'shipped' || state === 'delivered') {
		const [company, urlOf] = pick(CARRIERS);
		const number = `1Z${String(numericId).slice(-8)}${Math.floor(r() * 1e6)}`;
		fulfillments.push({
			id: `gid://shopify/Fulfillment/${numericId * 10}`,
			name: `${name}.1`,
			status: 'SUCCESS',
			displayStatus: state === 'delivered' ? 'DELIVERED' : 'IN_TRANSIT',
			createdAt: updatedAt,
			updatedAt,
			inTransitAt: updatedAt,
			deliveredAt: state === 'delivered' ? updatedAt : null,
			estimatedDeliveryAt: null,
			trackingInfo: [{ company, number, url: urlOf(number) }],
		});
	}
	const foStatus = { shipped: 'CLOSED', delivered: 'CLOSED', open: 'OPEN', on_hold: 'ON_HOLD', cancelled: 'CANCELLED' }[
		state
	];
	const order: SimOrder = {
		__typename: 'Order',
		id,
		legacyResourceId: String(numericId),
		name,
		createdAt,
		updatedAt,
		processedAt: createdAt,
		cancelledAt: state === 'cancelled' ? updatedAt : null,
		cancelReason: state === 'cancelled' ? 'CUSTOMER' : null,
		closedAt: state === 'delivered' ? updatedAt : null,
		displayFinancialStatus: state === 'cancelled' ? 'REFUNDED' : 'PAID',
		displayFulfillmentStatus:
			state === 'shipped' || state === 'delivered' ? 'FULFILLED' : state === 'on_hold' ? 'ON_HOLD' : 'UNFULFILLED',
		email: `${first}.${last}${index}@example.com`.toLowerCase(),
		phone: null,
		customerLocale: r() < 0.8 ? 'en' : 'fr',
		note: null,
		tags: r() < 0.2 ? ['vip'] : [],
		customer: { id: `gid://shopify/Customer/${numericId}`, displayName: `${first} ${last}` },
		shippingAddress: {
			name: `${first} ${last}`,
			firstName: first,
			lastName: last,
			company: null,
			address1: `${100 + Math.floor(r() * 900)} Main St`,
			address2: null,
			city,
			province,
			provinceCode,
			zip,
			country: 'United States',
			countryCodeV2: 'US',
			phone: null,
		},
		shippingLine: { title: r() < 0.7 ? 'Standard' : 'Express', code: null },
		lineItems,
		fulfillmentOrders: [
			{
				__typename: 'FulfillmentOrder',
				id: foId,
				orderId: id,
				orderName: name,
				status: foStatus,
				requestStatus: 'UNSUBMITTED',
				updatedAt,
				fulfillAt: null,
				fulfillBy: null,
				assignedLocation: { name: 'Main warehouse', location: { id: SIM_LOCATION_ID } },
				fulfillmentHolds:
					state === 'on_hold'
						? [
								{
									id: `gid://shopify/FulfillmentHold/${numericId}`,
									reason: 'INCORRECT_ADDRESS',
									reasonNotes: 'Check the street',
								},
							]
						: [],
				lineItems: lineItems.map((li, j) => ({
					id: `gid://shopify/FulfillmentOrderLineItem/${numericId * 10 + j}`,
					sku: li.sku,
					productTitle: li.title,
					totalQuantity: li.quantity,
					remainingQuantity: foStatus === 'CLOSED' ? 0 : li.quantity,
					lineItem: { id: li.id },
				})),
			},
		],
		fulfillments,
		returns:
			state === 'delivered' && r() < 0.5
				? [
						{
							__typename: 'Return',
							id: `gid://shopify/Return/${numericId}`,
							name: `${name}-R1`,
							status: 'REQUESTED',
							totalQuantity: 1,
						},
					]
				: [],
		refunds: [],
	};
	return order;
}

/* ---------------- query cost (Shopify's published model) ---------------- */

function argValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
	if (!node) return undefined;
	if (node.kind === Kind.VARIABLE) return variables[node.name.value];
	if (node.kind === Kind.INT) return Number(node.value);
	return undefined;
}

interface CostContext {
	schema: GraphQLSchema;
	fragments: Record<string, FragmentDefinitionNode>;
	variables: Record<string, unknown>;
}

function fieldsOf(selectionSet: SelectionSetNode | undefined, ctx: CostContext): FieldNode[] {
	const out: FieldNode[] = [];
	for (const sel of selectionSet?.selections ?? []) {
		if (sel.kind === Kind.FIELD) out.push(sel);
		else if (sel.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(sel.selectionSet, ctx));
		else out.push(...fieldsOf(ctx.fragments[sel.name.value]?.selectionSet, ctx));
	}
	return out;
}

/**
 * Objects cost 1, scalars and enums 0, a connection 2 + size x (node cost), a list of objects
 * size x (item cost). Without `data` the size is the requested `first`; with it, what came back.
 */
function selectionCost(
	selectionSet: SelectionSetNode | undefined,
	type: GraphQLCompositeType,
	ctx: CostContext,
	data?: GraphNode | null,
): number {
	let total = 0;
	for (const field of fieldsOf(selectionSet, ctx)) {
		const name = field.name.value;
		if (name.startsWith('__')) continue;
		const owner = isObjectType(type) || isInterfaceType(type) ? type : undefined;
		const def = owner?.getFields()[name] ?? findFieldInPossibleTypes(type, name, ctx.schema);
		if (!def) continue;
		const named = getNamedType(def.type);
		if (isLeafType(named)) continue;
		const key = field.alias?.value ?? name;
		const value = data ? data[key] : undefined;
		const first = argValue(
			field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last')?.value,
			ctx.variables,
		);
		if (named.name.endsWith('Connection')) {
			const nodeType = (ctx.schema.getType(named.name.replace(/Connection$/, '')) ?? named) as GraphQLCompositeType;
			const nodeSelections = nodeSelectionOf(field, ctx);
			if (data) {
				const connection = value as Connection | null | undefined;
				const nodes = connection?.nodes ?? connection?.edges?.map((e) => e.node) ?? [];
				total += 2 + nodes.reduce((sum, n) => sum + 1 + selectionCost(nodeSelections, nodeType, ctx, n), 0);
			} else {
				total += 2 + (typeof first === 'number' ? first : 1) * (1 + selectionCost(nodeSelections, nodeType, ctx));
			}
		} else if (isListType(isNonNullType(def.type) ? def.type.ofType : def.type)) {
			if (data)
				total += (Array.isArray(value) ? (value as GraphNode[]) : []).reduce(
					(sum: number, item) => sum + 1 + selectionCost(field.selectionSet, named as GraphQLCompositeType, ctx, item),
					0,
				);
			else
				total +=
					(typeof first === 'number' ? first : 1) *
					(1 + selectionCost(field.selectionSet, named as GraphQLCompositeType, ctx));
		} else {
			if (data && (value === null || value === undefined)) continue;
			total +=
				1 +
				selectionCost(field.selectionSet, named as GraphQLCompositeType, ctx, data ? (value as GraphNode) : undefined);
		}
	}
	return total;
}

function findFieldInPossibleTypes(type: GraphQLCompositeType, name: string, schema: GraphQLSchema) {
	if (isObjectType(type)) return undefined;
	for (const t of schema.getPossibleTypes(type as never)) {
		const f = t.getFields()[name];
		if (f) return f;
	}
	return undefined;
}

/** The selection under `nodes { }` or `edges { node { } }` of a connection field. */
function nodeSelectionOf(field: FieldNode, ctx: CostContext): SelectionSetNode {
	const selections = [];
	for (const f of fieldsOf(field.selectionSet, ctx)) {
		if (f.name.value === 'nodes' && f.selectionSet) selections.push(...f.selectionSet.selections);
		if (f.name.value === 'edges')
			for (const e of fieldsOf(f.selectionSet, ctx))
				if (e.name.value === 'node' && e.selectionSet) selections.push(...e.selectionSet.selections);
	}
	return { kind: Kind.SELECTION_SET, selections };
}

export function queryCost(
	schema: GraphQLSchema,
	document: DocumentNode,
	variables: Record<string, unknown>,
	data?: GraphNode | null,
): { cost: number; isMutation: boolean } {
	const fragments: Record<string, FragmentDefinitionNode> = {};
	for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
	const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
	if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return { cost: 0, isMutation: false };
	if (operation.operation === 'mutation') return { cost: 10, isMutation: true };
	return {
		cost: selectionCost(operation.selectionSet, schema.getQueryType()!, { schema, fragments, variables }, data),
		isMutation: false,
	};
}

/* ---------------- the simulator ---------------- */

interface BulkOperationRecord {
	__typename: 'BulkOperation';
	id: string;
	status: string;
	query: string;
	createdAt: string;
	completedAt: string | null;
	objectCount: string;
	rootObjectCount: string;
	fileSize: string | null;
	url: string | null;
	partialDataUrl: null;
	errorCode: null;
	type: 'QUERY';
	polls: number;
	baseUrl: string;
}

export interface RecordedCall {
	at: number;
	operationName?: string;
	variables?: Record<string, unknown>;
	status: number;
	throttled: boolean;
	requestedQueryCost?: number;
	actualQueryCost?: number | null;
}

export class ShopifySim implements VendorSim {
	readonly name = 'shopify';
	readonly schema: GraphQLSchema;
	readonly shopDomain: string;
	readonly #calls: RecordedCall[] = [];
	readonly #tokenRequests: Array<{ clientId: string; at: number }> = [];
	readonly #webhookSubscriptions: SimWebhookSubscription[] = [];
	readonly #bulkOperations = new Map<string, BulkOperationRecord>();
	readonly #editSessions = new Map<number, SimEditSession>();
	readonly #orderEdits: SimOrderEdit[] = [];
	private readonly orders: SimOrder[] = [];
	private readonly lazyOverrides = new Map<number, SimOrder>();
	private readonly issuedTokens = new Map<string, number>();
	private readonly acceptedTokens: Set<string>;
	private readonly clock: Clock;
	private bucket: { available: number; at: number };
	readonly bucketSize: number;
	readonly restoreRate: number;
	private seq = 1;
	private failNext: { count: number; status: number } = { count: 0, status: 503 };

	constructor(private readonly options: ShopifySimOptions = {}) {
		this.schema = schemaOf(NEWEST_API_VERSION);
		this.shopDomain = options.shopDomain ?? 'post-purchase-demo.myshopify.com';
		this.clock = options.clock ?? systemClock;
		this.bucketSize = options.bucketSize ?? 2000;
		this.restoreRate = options.restoreRate ?? 100;
		this.bucket = { available: this.bucketSize, at: this.clock.now() };
		this.acceptedTokens = new Set(options.accessTokens ?? ['shpat_sandbox_token']);
		if (!options.lazy) {
			for (let i = 0; i < (options.orders ?? 50); i++) this.orders.push(this.generate(i));
		}
	}

	/* ----- public interface: what the world and the tests may see and do; everything else is private ----- */

	/** Every GraphQL call, oldest first (operation, variables, cost, throttled). */
	get calls(): readonly RecordedCall[] {
		return this.#calls;
	}

	/** Client-credentials token requests the sim answered. */
	get tokenRequests(): ReadonlyArray<Readonly<{ clientId: string; at: number }>> {
		return this.#tokenRequests;
	}

	/** Webhook subscriptions as created through webhookSubscriptionCreate. */
	get webhookSubscriptions(): ReadonlyArray<Readonly<SimWebhookSubscription>> {
		return this.#webhookSubscriptions;
	}

	/** Order edits committed (orderEditCommit), oldest first. */
	get orderEdits(): ReadonlyArray<Readonly<SimOrderEdit>> {
		return this.#orderEdits;
	}

	/** Bulk operations by id, as the sim runs them (bulkLines reads one). */
	get bulkOperations(): ReadonlyMap<string, BulkOperationRecord> {
		return this.#bulkOperations;
	}

	/**
	 * Replace the store's orders (the sandbox world: what Shopify knows at the simulated now). Index i
	 * must be order #(1001 + i), the id scheme findOrder and findOrderByName rely on.
	 */
	loadOrders(orders: ReadonlyArray<SimOrder>): void {
		if (this.options.lazy)
			throw new Error('shopify sim: a lazy sim generates its orders; loadOrders needs one made without lazy');
		this.orders.length = 0;
		this.orders.push(...orders);
	}

	/** Fault injection: the next `count` GraphQL calls answer with `status` (e.g. 503). */
	failNextRequests(count: number, status = 503): void {
		this.failNext = { count, status };
	}

	get orderCount(): number {
		return this.options.lazy ? (this.options.orders ?? 50) : this.orders.length;
	}

	private generate(index: number): SimOrder {
		return generateOrder(
			this.options.seed ?? 42,
			index,
			Date.parse(this.options.startAt ?? '2025-01-01T00:00:00Z'),
			this.options.spacingMs ?? 60_000,
		);
	}

	orderAt(index: number): SimOrder {
		if (!this.options.lazy) return this.orders[index];
		return this.lazyOverrides.get(index) ?? this.generate(index);
	}

	*allOrders(): Generator<SimOrder> {
		for (let i = 0; i < this.orderCount; i++) yield this.orderAt(i);
	}

	findOrder(id: string): SimOrder | undefined {
		const numeric = Number(String(id).split('/').pop());
		const index = numeric - ORDER_ID_BASE;
		if (!Number.isInteger(index) || index < 0 || index >= this.orderCount) return undefined;
		const order = this.orderAt(index);
		if (this.options.lazy && !this.lazyOverrides.has(index)) this.lazyOverrides.set(index, order);
		return order.id === id || String(numeric) === String(id) ? order : undefined;
	}

	findOrderByName(name: string): SimOrder | undefined {
		const index = Number(name.replace(/^#/, '')) - 1001;
		return Number.isInteger(index) && index >= 0 && index < this.orderCount
			? this.findOrder(`gid://shopify/Order/${ORDER_ID_BASE + index}`)
			: undefined;
	}

	private findFulfillmentOrder(id: string): { order: SimOrder; fo: SimFulfillmentOrder } | undefined {
		const numeric = Number(String(id).split('/').pop());
		const order = this.findOrder(`gid://shopify/Order/${Math.floor(numeric / 10)}`);
		const fo = order?.fulfillmentOrders.find((f) => f.id === id);
		return order && fo ? { order, fo } : undefined;
	}

	private findFulfillment(id: string): { order: SimOrder; fulfillment: SimFulfillment } | undefined {
		const numeric = Number(String(id).split('/').pop());
		const order = this.findOrder(`gid://shopify/Order/${Math.floor(numeric / 10)}`);
		const fulfillment = order?.fulfillments.find((f) => f.id === id);
		return order && fulfillment ? { order, fulfillment } : undefined;
	}

	private now(): string {
		return shopifyDateTime(this.clock.now());
	}

	/** Points available right now (after restoring since the last call). */
	currentlyAvailable(): number {
		const now = this.clock.now();
		this.bucket.available = Math.min(
			this.bucketSize,
			this.bucket.available + ((now - this.bucket.at) / 1000) * this.restoreRate,
		);
		this.bucket.at = now;
		return this.bucket.available;
	}

	/** Another app on the same store spends points from the shared bucket. */
	consume(points: number): void {
		this.currentlyAvailable();
		this.bucket.available -= points;
	}

	throttleStatus(): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } {
		return {
			maximumAvailable: this.bucketSize,
			currentlyAvailable: Math.floor(this.currentlyAvailable()),
			restoreRate: this.restoreRate,
		};
	}

	/* ---------- HTTP entry ---------- */

	async handle(request: SimRequest): Promise<SimResponse | undefined> {
		if (request.method === 'POST' && request.path === '/admin/oauth/access_token') return this.tokenEndpoint(request);
		const bulkFile = /^\/bulk\/(\d+)\.jsonl$/.exec(request.path);
		if (request.method === 'GET' && bulkFile) {
			const op = this.#bulkOperations.get(`gid://shopify/BulkOperation/${bulkFile[1]}`);
			if (!op || op.status !== 'COMPLETED') return { status: 404, body: 'NoSuchKey' };
			let text = '';
			for (const line of this.bulkLines(op)) text += line + '\n';
			return { status: 200, headers: { 'content-type': 'application/jsonl' }, body: text };
		}
		const graphqlPath = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(request.path);
		if (!graphqlPath || request.method !== 'POST') return undefined;
		const token = request.headers['x-shopify-access-token'];
		if (!token || !(this.acceptedTokens.has(token) || (this.issuedTokens.get(token) ?? 0) > this.clock.now())) {
			return {
				status: 401,
				body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
			};
		}
		if (this.failNext.count > 0) {
			this.failNext.count -= 1;
			return {
				status: this.failNext.status,
				body: { errors: 'Internal error. Looks like something went wrong on our end.' },
			};
		}
		const body = request.json as { query?: string; variables?: Record<string, unknown> } | undefined;
		if (!body || typeof body.query !== 'string')
			return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
		const version = servedApiVersion(graphqlPath[1]);
		const result = await this.execute(
			body.query,
			body.variables ?? {},
			this.options.publicBaseUrl ?? `http://${request.headers.host ?? '127.0.0.1'}/shopify`,
			version,
		);
		const headers: Record<string, string> = { 'x-shopify-api-version': version };
		const deprecated = deprecatedUses(schemaOf(version), body.query);
		if (deprecated.length) headers['x-shopify-api-deprecated-reason'] = deprecated.join(', ');
		return { status: 200, headers, body: result };
	}

	private tokenEndpoint(request: SimRequest): SimResponse {
		const form = new URLSearchParams(request.rawBody);
		const json = (request.json ?? {}) as Record<string, unknown>;
		const get = (k: string) => form.get(k) ?? json[k];
		const cc = this.options.clientCredentials;
		if (get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
		if (!cc || get('client_id') !== cc.clientId || get('client_secret') !== cc.clientSecret) {
			return { status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
		}
		const token = `shpat_cc_${randomUUID().replace(/-/g, '')}`;
		const expiresIn = cc.expiresInS ?? 86399;
		this.issuedTokens.set(token, this.clock.now() + expiresIn * 1000);
		this.#tokenRequests.push({ clientId: String(get('client_id')), at: this.clock.now() });
		return {
			status: 200,
			body: {
				access_token: token,
				scope:
					'read_orders,write_orders,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders',
				expires_in: expiresIn,
			},
		};
	}

	/** Revokes every token issued so far (simulates rotation): the next call gets 401. */
	expireIssuedTokens(): void {
		this.issuedTokens.clear();
	}

	revokeAccessToken(token: string): void {
		this.acceptedTokens.delete(token);
	}

	/* ---------- GraphQL execution ---------- */

	/** Runs a document as Shopify's Admin API `version` would (default: the newest the sim serves). */
	async execute(
		query: string,
		variables: Record<string, unknown>,
		baseUrl = 'http://127.0.0.1/shopify',
		version: string = NEWEST_API_VERSION,
	): Promise<GraphNode> {
		const schema = schemaOf(servedApiVersion(version));
		let document: DocumentNode;
		try {
			document = parse(query);
		} catch (error) {
			return { errors: [{ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] };
		}
		const validationErrors = validate(schema, document);
		if (validationErrors.length) {
			return {
				errors: validationErrors.map((e) => ({
					message: e.message,
					locations: e.locations,
					extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
				})),
			};
		}
		const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
		const operationName = operation && operation.kind === Kind.OPERATION_DEFINITION ? operation.name?.value : undefined;
		const { cost: requested } = queryCost(schema, document, variables);
		const record: RecordedCall = {
			at: this.clock.now(),
			operationName,
			variables,
			status: 200,
			throttled: false,
			requestedQueryCost: requested,
		};
		this.#calls.push(record);
		if (requested > 1000) {
			return {
				errors: [
					{
						message: `Query cost is ${requested}, which exceeds the single query max cost limit (1000).`,
						extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: 1000 },
					},
				],
				extensions: {
					cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: this.throttleStatus() },
				},
			};
		}
		if (this.currentlyAvailable() < requested) {
			record.throttled = true;
			return {
				errors: [
					{
						message: 'Throttled',
						extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
					},
				],
				extensions: {
					cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: this.throttleStatus() },
				},
			};
		}
		this.bucket.available -= requested;
		const result = await graphql({
			schema,
			source: query,
			variableValues: variables,
			contextValue: { baseUrl, schema } satisfies ResolverContext,
			fieldResolver: this.resolveField,
			typeResolver: typeOfNode,
		});
		const actual = result.data
			? Math.min(requested, queryCost(schema, document, variables, result.data).cost)
			: requested;
		this.bucket.available += requested - actual;
		record.actualQueryCost = actual;
		const response: GraphNode = {
			data: result.data ?? null,
			extensions: {
				cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.throttleStatus() },
			},
		};
		if (result.errors?.length)
			response.errors = result.errors.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions }));
		return response;
	}

	private readonly resolveField: GraphQLFieldResolver<GraphNode | undefined, ResolverContext> = (
		source,
		args,
		context,
		info,
	) => {
		if (info.parentType === info.schema.getQueryType()) return this.resolveQueryRoot(info.fieldName, args, context);
		if (info.parentType === info.schema.getMutationType()) return this.resolveMutation(info.fieldName, args, context);
		let value = source?.[info.fieldName];
		if (value === undefined && info.parentType.name === 'LineItem' && source)
			value = lineItemFromCatalogue(source as unknown as SimLineItem, info.fieldName);
		if (value === undefined && info.parentType.name === 'Order' && info.fieldName === 'currentTotalPriceSet' && source)
			value = orderTotal(source as unknown as SimOrder);
		const named = getNamedType(info.returnType as GraphQLOutputType);
		if (named.name.endsWith('Connection') && Array.isArray(value)) return connectionOf(value, args);
		if (Array.isArray(value) && typeof args.first === 'number') return value.slice(0, args.first);
		return value;
	};

	private resolveQueryRoot(field: string, args: GraphArgs, context: ResolverContext): unknown {
		const id = String(args.id);
		switch (field) {
			case 'shop':
				return {
					name: 'Post-Purchase Demo',
					myshopifyDomain: this.shopDomain,
					ianaTimezone: 'America/New_York',
					currencyCode: SHOP_CURRENCY,
				};
			case 'order':
				return this.findOrder(id) ?? null;
			case 'orders':
				return context.bulkBatch ? connectionOf(context.bulkBatch, {}) : this.ordersConnection(args);
			case 'fulfillmentOrder':
				return this.findFulfillmentOrder(id)?.fo ?? null;
			case 'return': {
				for (const order of this.options.lazy ? this.lazyOverrides.values() : this.orders) {
					const ret = order.returns.find((r) => r.id === args.id);
					if (ret) return { ...ret, order };
				}
				return null;
			}
			case 'node':
				return this.nodeOf(id);
			case 'nodes':
				// As Shopify: one entry per id, in the order asked, null where no node has that id.
				return (args.ids as unknown[]).map((each) => this.nodeOf(String(each)));
			case 'currentBulkOperation': {
				const ops = [...this.#bulkOperations.values()];
				return ops.length ? this.bulkOperationView(ops[ops.length - 1].id) : null;
			}
			case 'webhookSubscriptions': {
				// `uri` replaces the deprecated `callbackUrl` filter; both are still answered.
				const wanted = args.uri ?? args.callbackUrl;
				const list = this.#webhookSubscriptions.filter((s) => !wanted || s.uri === wanted);
				return connectionOf(list, args);
			}
			default:
				throw new Error(`sandbox: query field "${field}" is not simulated`);
		}
	}

	/** `node(id:)` and `nodes(ids:)`: the orders and bulk operations the simulator keeps. */
	private nodeOf(id: string): unknown {
		if (id.includes('/BulkOperation/')) return this.bulkOperationView(id);
		if (id.includes('/Order/')) return this.findOrder(id) ?? null;
		return null;
	}

	/** Supports what the package sends (parseSearch): name:, updated_at:/created_at: bounds, AND, OR, parentheses. */
	private ordersConnection(args: GraphArgs): Connection {
		const filters = parseSearch(typeof args.query === 'string' ? args.query : '');
		const matched: SimOrder[] = [];
		for (const order of this.allOrders()) if (filters.every((f) => f(order))) matched.push(order);
		const sortKey = args.sortKey ?? 'ID';
		const keyOf = (o: SimOrder) =>
			sortKey === 'UPDATED_AT' ? o.updatedAt : sortKey === 'CREATED_AT' ? o.createdAt : o.id.padStart(40, '0');
		matched.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : a.id < b.id ? -1 : 1));
		if (args.reverse) matched.reverse();
		return connectionOf(matched, args);
	}

	/* ---------- mutations ---------- */

	private resolveMutation(field: string, args: GraphArgs, context: ResolverContext): unknown {
		const now = this.now();
		switch (field) {
			case 'orderUpdate': {
				const input = args.input as { id: string; shippingAddress?: AddressInput; note?: string; tags?: string[] };
				const order = this.findOrder(input.id);
				if (!order) return { order: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] };
				const address = input.shippingAddress;
				if (address) {
					if (address.countryCode === 'US' && address.zip !== undefined && !/^\d{5}(-\d{4})?$/.test(address.zip)) {
						return {
							order: null,
							userErrors: [{ field: ['shippingAddress', 'zip'], message: 'Zip is invalid for United States' }],
						};
					}
					const merged = { ...order.shippingAddress, ...address };
					merged.countryCodeV2 = address.countryCode ?? order.shippingAddress?.countryCodeV2 ?? null;
					delete merged.countryCode;
					merged.name = [merged.firstName, merged.lastName].filter(Boolean).join(' ') || merged.name;
					order.shippingAddress = merged;
				}
				if (input.note !== undefined) order.note = input.note;
				if (input.tags !== undefined) order.tags = input.tags;
				order.updatedAt = now;
				return { order, userErrors: [] };
			}
			case 'tagsAdd': {
				const order = this.findOrder(String(args.id));
				if (!order) return { node: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] };
				const have = new Set(order.tags.map((t) => t.toLowerCase()));
				for (const tag of args.tags as string[]) if (!have.has(tag.toLowerCase())) order.tags.push(tag);
				order.updatedAt = now;
				return { node: order, userErrors: [] };
			}
			case 'fulfillmentTrackingInfoUpdate': {
				const found = this.findFulfillment(String(args.fulfillmentId));
				if (!found)
					return {
						fulfillment: null,
						userErrors: [{ field: ['fulfillmentId'], message: 'Fulfillment does not exist.' }],
					};
				const input = args.trackingInfoInput as TrackingInput;
				const numbers = input.numbers ?? (input.number ? [input.number] : []);
				const urls = input.urls ?? (input.url ? [input.url] : []);
				found.fulfillment.trackingInfo = numbers.map((number, i) => ({
					number,
					url: urls[i] ?? null,
					company: input.company ?? null,
				}));
				found.fulfillment.updatedAt = now;
				found.order.updatedAt = now;
				return { fulfillment: found.fulfillment, userErrors: [] };
			}
			case 'fulfillmentCreate': {
				const input = args.fulfillment as {
					lineItemsByFulfillmentOrder: Array<{ fulfillmentOrderId: string }>;
					trackingInfo?: TrackingInput;
				};
				const targets = input.lineItemsByFulfillmentOrder.map((l) => this.findFulfillmentOrder(l.fulfillmentOrderId));
				const missing = targets.findIndex((t) => !t);
				if (missing >= 0)
					return {
						fulfillment: null,
						userErrors: [
							{
								field: ['fulfillment', 'lineItemsByFulfillmentOrder', String(missing), 'fulfillmentOrderId'],
								message: 'Fulfillment order does not exist.',
							},
						],
					};
				const blocked = targets.find((t) => !['OPEN', 'IN_PROGRESS'].includes(t!.fo.status));
				if (blocked)
					return {
						fulfillment: null,
						userErrors: [
							{
								field: ['fulfillment'],
								message:
									`Fulfillment order ${blocked.fo.id} has an unfulfillable status= ` +
									`${blocked.fo.status.toLowerCase()}.`,
							},
						],
					};
				const { order } = targets[0]!;
				const tracking = input.trackingInfo;
				const numbers = tracking?.numbers ?? (tracking?.number ? [tracking.number] : []);
				const urls = tracking?.urls ?? (tracking?.url ? [tracking.url] : []);
				const fulfillment: SimFulfillment = {
					id: `gid://shopify/Fulfillment/${Number(order.legacyResourceId) * 10 + order.fulfillments.length + 1}`,
					name: `${order.name}.${order.fulfillments.length + 1}`,
					status: 'SUCCESS',
					displayStatus: 'FULFILLED',
					createdAt: now,
					updatedAt: now,
					inTransitAt: null,
					deliveredAt: null,
					estimatedDeliveryAt: null,
					trackingInfo: numbers.map((number, i) => ({
						number,
						url: urls[i] ?? null,
						company: tracking?.company ?? null,
					})),
				};
				order.fulfillments.push(fulfillment);
				for (const t of targets) {
					t!.fo.status = 'CLOSED';
					t!.fo.updatedAt = now;
					for (const li of t!.fo.lineItems) li.remainingQuantity = 0;
				}
				order.displayFulfillmentStatus = order.fulfillmentOrders.every((f) => f.status === 'CLOSED')
					? 'FULFILLED'
					: 'PARTIALLY_FULFILLED';
				order.updatedAt = now;
				return { fulfillment, userErrors: [] };
			}
			case 'fulfillmentOrderHold': {
				const found = this.findFulfillmentOrder(String(args.id));
				if (!found)
					return {
						fulfillmentHold: null,
						fulfillmentOrder: null,
						remainingFulfillmentOrder: null,
						userErrors: [
							{ field: ['id'], message: 'Fulfillment order could not be found.', code: 'FULFILLMENT_ORDER_NOT_FOUND' },
						],
					};
				if (!['OPEN', 'SCHEDULED', 'ON_HOLD'].includes(found.fo.status)) {
					return {
						fulfillmentHold: null,
						fulfillmentOrder: null,
						remainingFulfillmentOrder: null,
						userErrors: [
							{ field: ['id'], message: `Cannot hold a fulfillment order with status ${found.fo.status}.`, code: null },
						],
					};
				}
				// 2025-01: a second hold by the same app on the same fulfillment order needs its own handle.
				const holdInput = args.fulfillmentHold as { reason: string; reasonNotes?: string; handle?: string };
				const handle = holdInput.handle ?? '';
				if (found.fo.fulfillmentHolds.some((h) => h.byThisApp && (h.handle ?? '') === handle)) {
					return {
						fulfillmentHold: null,
						fulfillmentOrder: null,
						remainingFulfillmentOrder: null,
						userErrors: [
							{
								field: ['fulfillmentHold', 'handle'],
								message:
									'The handle provided for the fulfillment hold is already in use by this app for another hold ' +
									'on this fulfillment order.',
								code: 'DUPLICATE_FULFILLMENT_HOLD_HANDLE',
							},
						],
					};
				}
				const hold = {
					id: `gid://shopify/FulfillmentHold/${this.seq++}`,
					reason: holdInput.reason,
					reasonNotes: holdInput.reasonNotes ?? null,
					handle,
					byThisApp: true,
				};
				found.fo.fulfillmentHolds.push(hold);
				found.fo.status = 'ON_HOLD';
				found.fo.updatedAt = now;
				found.order.displayFulfillmentStatus = 'ON_HOLD';
				found.order.updatedAt = now;
				return { fulfillmentHold: hold, fulfillmentOrder: found.fo, remainingFulfillmentOrder: null, userErrors: [] };
			}
			case 'fulfillmentOrderReleaseHold': {
				const found = this.findFulfillmentOrder(String(args.id));
				if (!found)
					return {
						fulfillmentOrder: null,
						userErrors: [
							{ field: ['id'], message: 'Fulfillment order could not be found.', code: 'FULFILLMENT_ORDER_NOT_FOUND' },
						],
					};
				const holdIds = args.holdIds as string[] | undefined;
				found.fo.fulfillmentHolds = holdIds ? found.fo.fulfillmentHolds.filter((h) => !holdIds.includes(h.id)) : [];
				if (!found.fo.fulfillmentHolds.length && found.fo.status === 'ON_HOLD') found.fo.status = 'OPEN';
				found.fo.updatedAt = now;
				if (found.order.displayFulfillmentStatus === 'ON_HOLD') found.order.displayFulfillmentStatus = 'UNFULFILLED';
				found.order.updatedAt = now;
				return { fulfillmentOrder: found.fo, userErrors: [] };
			}
			case 'orderCancel': {
				const order = this.findOrder(String(args.orderId));
				if (!order)
					return {
						job: null,
						orderCancelUserErrors: [{ field: ['orderId'], message: 'Order does not exist', code: 'NOT_FOUND' }],
						userErrors: [],
					};
				if (order.cancelledAt)
					return {
						job: null,
						orderCancelUserErrors: [
							{
								field: ['orderId'],
								message: 'Cannot cancel an order that has already been cancelled',
								code: 'INVALID',
							},
						],
						userErrors: [],
					};
				if (order.fulfillments.some((f) => f.status === 'SUCCESS')) {
					return {
						job: null,
						orderCancelUserErrors: [
							{ field: ['orderId'], message: 'Cannot cancel a fulfilled order', code: 'INVALID' },
						],
						userErrors: [],
					};
				}
				order.cancelledAt = now;
				order.cancelReason = String(args.reason);
				order.closedAt = now;
				// refundMethod since 2026-01 (the Boolean `refund` is deprecated there but still accepted).
				const refundMethod = args.refundMethod as { originalPaymentMethodsRefund?: boolean } | undefined;
				if (refundMethod?.originalPaymentMethodsRefund || args.refund) order.displayFinancialStatus = 'REFUNDED';
				for (const fo of order.fulfillmentOrders) {
					fo.status = 'CANCELLED';
					fo.updatedAt = now;
				}
				order.updatedAt = now;
				return {
					job: { id: `gid://shopify/Job/${randomUUID()}`, done: false },
					orderCancelUserErrors: [],
					userErrors: [],
				};
			}
			case 'orderEditBegin':
				return this.orderEditBegin(String(args.id));
			case 'orderEditSetQuantity':
				return this.orderEditSetQuantity(args);
			case 'orderEditAddVariant':
				return this.orderEditAddVariant(args);
			case 'orderEditCommit':
				return this.orderEditCommit(args, now);
			case 'bulkOperationRunQuery': {
				const running = [...this.#bulkOperations.values()].find(
					(o) => o.status === 'CREATED' || o.status === 'RUNNING',
				);
				if (running)
					return {
						bulkOperation: null,
						userErrors: [
							{
								field: ['query'],
								message: `A bulk query operation for this app and shop is already in progress: ${running.id}.`,
								code: 'OPERATION_IN_PROGRESS',
							},
						],
					};
				const query = String(args.query);
				let doc: DocumentNode;
				try {
					doc = parse(query);
				} catch (error) {
					return {
						bulkOperation: null,
						userErrors: [
							{ field: ['query'], message: `Invalid bulk query: ${(error as Error).message}`, code: 'INVALID' },
						],
					};
				}
				const errors = validate(context.schema ?? this.schema, doc);
				if (errors.length)
					return {
						bulkOperation: null,
						userErrors: [{ field: ['query'], message: `Invalid bulk query: ${errors[0].message}`, code: 'INVALID' }],
					};
				const numeric = this.seq++;
				const op: BulkOperationRecord = {
					__typename: 'BulkOperation',
					id: `gid://shopify/BulkOperation/${numeric}`,
					status: 'CREATED',
					query,
					createdAt: now,
					completedAt: null,
					objectCount: '0',
					rootObjectCount: '0',
					fileSize: null,
					url: null,
					partialDataUrl: null,
					errorCode: null,
					type: 'QUERY',
					polls: 0,
					baseUrl: context.baseUrl ?? '',
				};
				this.#bulkOperations.set(op.id, op);
				return { bulkOperation: op, userErrors: [] };
			}
			case 'webhookSubscriptionCreate': {
				const subscription = args.webhookSubscription as
					| { uri?: string; callbackUrl?: string; format?: string }
					| undefined;
				const callbackUrl = subscription?.uri ?? subscription?.callbackUrl;
				if (!callbackUrl)
					return {
						webhookSubscription: null,
						userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message: "Address can't be blank" }],
					};
				if (this.options.requireHttpsCallbacks && !callbackUrl.startsWith('https://')) {
					return {
						webhookSubscription: null,
						userErrors: [
							{ field: ['webhookSubscription', 'callbackUrl'], message: 'Address protocol http:// is not supported' },
						],
					};
				}
				if (this.#webhookSubscriptions.some((s) => s.topic === args.topic && s.uri === callbackUrl)) {
					return {
						webhookSubscription: null,
						userErrors: [
							{
								field: ['webhookSubscription', 'callbackUrl'],
								message: 'Address for this topic has already been taken',
							},
						],
					};
				}
				const sub: SimWebhookSubscription = {
					id: `gid://shopify/WebhookSubscription/${this.seq++}`,
					topic: String(args.topic),
					format: subscription?.format ?? 'JSON',
					uri: callbackUrl,
					endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl },
				};
				this.#webhookSubscriptions.push(sub);
				return { webhookSubscription: sub, userErrors: [] };
			}
			case 'webhookSubscriptionDelete': {
				const index = this.#webhookSubscriptions.findIndex((s) => s.id === args.id);
				if (index < 0)
					return {
						deletedWebhookSubscriptionId: null,
						userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
					};
				this.#webhookSubscriptions.splice(index, 1);
				return { deletedWebhookSubscriptionId: args.id, userErrors: [] };
			}
			default:
				throw new Error(`sandbox: mutation "${field}" is not simulated`);
		}
	}

	/* ---------- bulk operations ---------- */

	/* ---------- order editing (shopify.dev edit-orders: orderEditBegin, SetQuantity, AddVariant, Commit) ---------- */

	/** The session a calculated order or edit session id names (both carry the session's number here). */
	private editSession(id: string): SimEditSession | undefined {
		return this.#editSessions.get(Number(id.slice(id.lastIndexOf('/') + 1)));
	}

	/**
	 * The calculated order of a session: `lineItems` the order's lines as they stood, with staged quantities;
	 * `addedLineItems` the variants added. An existing line's CalculatedLineItem carries its LineItem's number, as
	 * Shopify's answers do (the schema links the two no other way).
	 */
	private calculatedOrder(session: SimEditSession): GraphNode {
		const order = this.findOrder(session.orderId)!;
		const lineItems = order.lineItems.map((li) => {
			const staged = session.quantities.get(li.id);
			const quantity = staged?.quantity ?? li.currentQuantity;
			const variant = li.variant !== undefined ? li.variant : (variantOfSku(li.sku) ?? null);
			return {
				id: `gid://shopify/CalculatedLineItem/${li.id.slice(li.id.lastIndexOf('/') + 1)}`,
				quantity,
				editableQuantity: Math.max(0, li.unfulfilledQuantity - (li.currentQuantity - quantity)),
				editableQuantityBeforeChanges: li.unfulfilledQuantity,
				sku: li.sku,
				title: li.title,
				variantTitle: variant?.title ?? null,
				variant,
				originalUnitPriceSet: li.originalUnitPriceSet ?? moneyBag(variant?.price ?? '0.00'),
				restockable: true,
				restocking: staged?.restock === true && quantity < li.currentQuantity,
				hasStagedLineItemDiscount: false,
				customAttributes: [],
				calculatedDiscountAllocations: [],
				stagedChanges: [],
			};
		});
		const addedLineItems = session.added.map((a) => ({
			id: a.calculatedId,
			quantity: a.quantity,
			editableQuantity: a.quantity,
			editableQuantityBeforeChanges: 0,
			sku: a.variant.sku,
			title: a.variant.product.title,
			variantTitle: a.variant.title,
			variant: a.variant,
			originalUnitPriceSet: moneyBag(a.variant.price),
			restockable: false,
			restocking: false,
			hasStagedLineItemDiscount: false,
			customAttributes: [],
			calculatedDiscountAllocations: [],
			stagedChanges: [],
		}));
		// As Shopify computes it: a removed line's discount goes with it, an added variant is at its price, no discount.
		const total =
			order.lineItems.reduce(
				(sum, li) => sum + lineTotalCents(li, session.quantities.get(li.id)?.quantity ?? li.currentQuantity),
				0,
			) + session.added.reduce((sum, a) => sum + cents(a.variant.price) * a.quantity, 0);
		return {
			id: `gid://shopify/CalculatedOrder/${session.number}`,
			totalPriceSet: moneyBag(decimal(total)),
			originalOrder: order,
			lineItems,
			addedLineItems,
			committed: session.committed,
		};
	}

	private orderEditBegin(orderId: string): GraphNode {
		const order = this.findOrder(orderId);
		const refuse = (message: string) => ({
			calculatedOrder: null,
			orderEditSession: null,
			userErrors: [{ field: ['id'], message }],
		});
		if (!order) return refuse('The order does not exist.');
		if (order.cancelledAt) return refuse('Cancelled orders cannot be edited.');
		const session: SimEditSession = {
			number: this.seq++,
			orderId: order.id,
			quantities: new Map(),
			added: [],
			committed: false,
		};
		this.#editSessions.set(session.number, session);
		return {
			calculatedOrder: this.calculatedOrder(session),
			orderEditSession: { id: `gid://shopify/OrderEditSession/${session.number}` },
			userErrors: [],
		};
	}

	private openSession(id: string): SimEditSession | { userErrors: Array<{ field: string[]; message: string }> } {
		const session = this.editSession(id);
		if (!session) return { userErrors: [{ field: ['id'], message: 'The calculated order does not exist.' }] };
		if (session.committed)
			return { userErrors: [{ field: ['id'], message: 'The calculated order has already been committed.' }] };
		return session;
	}

	private orderEditSetQuantity(args: GraphArgs): GraphNode {
		const none = { calculatedLineItem: null, calculatedOrder: null, orderEditSession: null };
		const session = this.openSession(String(args.id));
		if ('userErrors' in session) return { ...none, ...session };
		const quantity = Number(args.quantity);
		if (quantity < 0)
			return {
				...none,
				userErrors: [{ field: ['quantity'], message: 'Quantity must be greater than or equal to 0.' }],
			};
		const calculatedId = String(args.lineItemId);
		const added = session.added.find((a) => a.calculatedId === calculatedId);
		if (added) {
			if (quantity === 0) session.added.splice(session.added.indexOf(added), 1);
			else added.quantity = quantity;
		} else {
			const order = this.findOrder(session.orderId)!;
			const number = calculatedId.slice(calculatedId.lastIndexOf('/') + 1);
			const line = calculatedId.startsWith('gid://shopify/CalculatedLineItem/')
				? order.lineItems.find((li) => li.id === `gid://shopify/LineItem/${number}`)
				: undefined;
			if (!line) return { ...none, userErrors: [{ field: ['lineItemId'], message: 'The line item does not exist.' }] };
			// Only unfulfilled units can be edited: the fulfilled ones stay.
			if (quantity < line.currentQuantity - line.unfulfilledQuantity)
				return {
					...none,
					userErrors: [{ field: ['quantity'], message: 'The quantity cannot be lower than the fulfilled quantity.' }],
				};
			session.quantities.set(line.id, {
				quantity,
				restock: args.restock === true,
				...(typeof args.locationId === 'string' ? { locationId: args.locationId } : {}),
			});
		}
		const calculatedOrder = this.calculatedOrder(session);
		const lines = [...(calculatedOrder.lineItems as GraphNode[]), ...(calculatedOrder.addedLineItems as GraphNode[])];
		return {
			calculatedLineItem: lines.find((l) => l.id === calculatedId) ?? null,
			calculatedOrder,
			orderEditSession: { id: `gid://shopify/OrderEditSession/${session.number}` },
			userErrors: [],
		};
	}

	private orderEditAddVariant(args: GraphArgs): GraphNode {
		const none = { calculatedLineItem: null, calculatedOrder: null, orderEditSession: null };
		const session = this.openSession(String(args.id));
		if ('userErrors' in session) return { ...none, ...session };
		const refuse = (field: string, message: string) => ({ ...none, userErrors: [{ field: [field], message }] });
		const quantity = Number(args.quantity);
		if (quantity < 1) return refuse('quantity', 'Quantity must be greater than 0.');
		const variant = variantById(String(args.variantId));
		if (!variant) return refuse('variantId', 'The variant does not exist.');
		if (!variant.availableForSale) return refuse('variantId', `${variant.displayName} is not available for sale.`);
		// "Whether the mutation can create a line item for a variant that's already on the calculated order."
		const calculated = this.calculatedOrder(session);
		const onOrder = [...(calculated.lineItems as GraphNode[]), ...(calculated.addedLineItems as GraphNode[])].some(
			(l) => (l.variant as SimProductVariant | null)?.id === variant.id && Number(l.quantity) > 0,
		);
		if (onOrder && args.allowDuplicates !== true)
			return refuse('variantId', `${variant.displayName} is already on the order.`);
		const calculatedId = `gid://shopify/CalculatedLineItem/${9_000_000_000 + this.seq++}`;
		session.added.push({
			calculatedId,
			variant,
			quantity,
			...(typeof args.locationId === 'string' ? { locationId: args.locationId } : {}),
		});
		const calculatedOrder = this.calculatedOrder(session);
		return {
			calculatedLineItem: (calculatedOrder.addedLineItems as GraphNode[]).find((l) => l.id === calculatedId),
			calculatedOrder,
			orderEditSession: { id: `gid://shopify/OrderEditSession/${session.number}` },
			userErrors: [],
		};
	}

	/**
	 * Applies a session: staged quantities onto the lines (and their fulfillment order line items), each added
	 * variant as a new line item in the order's open or on-hold fulfillment order (a new open one at the same location
	 * when none is left).
	 */
	private orderEditCommit(args: GraphArgs, now: string): GraphNode {
		const session = this.openSession(String(args.id));
		if ('userErrors' in session) return { order: null, successMessages: null, ...session };
		const order = this.findOrder(session.orderId)!;
		if (order.cancelledAt)
			return {
				order: null,
				successMessages: null,
				userErrors: [{ field: ['id'], message: 'Cancelled orders cannot be edited.' }],
			};
		for (const [lineId, { quantity }] of session.quantities) {
			const line = order.lineItems.find((li) => li.id === lineId)!;
			const delta = quantity - line.currentQuantity;
			line.currentQuantity = quantity;
			line.unfulfilledQuantity = Math.max(0, line.unfulfilledQuantity + delta);
			for (const fo of order.fulfillmentOrders)
				for (const foLine of fo.lineItems.filter((l) => l.lineItem.id === lineId)) {
					foLine.totalQuantity = Math.max(0, foLine.totalQuantity + delta);
					foLine.remainingQuantity = Math.max(0, foLine.remainingQuantity + delta);
				}
		}
		const numericId = Number(order.legacyResourceId);
		for (const added of session.added) {
			const lineNumber = numericId * 1000 + 100 + order.lineItems.length;
			const line: SimLineItem = {
				id: `gid://shopify/LineItem/${lineNumber}`,
				sku: added.variant.sku,
				title: added.variant.product.title,
				quantity: added.quantity,
				currentQuantity: added.quantity,
				unfulfilledQuantity: added.quantity,
				variant: added.variant,
				variantTitle: added.variant.title,
				originalUnitPriceSet: moneyBag(added.variant.price),
				requiresShipping: true,
			};
			order.lineItems.push(line);
			this.fulfillmentOrderForNewLine(order, now, added.locationId).lineItems.push({
				id: `gid://shopify/FulfillmentOrderLineItem/${lineNumber}`,
				sku: line.sku,
				productTitle: line.title,
				totalQuantity: line.quantity,
				remainingQuantity: line.quantity,
				lineItem: { id: line.id },
			});
		}
		session.committed = true;
		order.updatedAt = now;
		this.#orderEdits.push({
			orderId: order.id,
			calculatedOrderId: `gid://shopify/CalculatedOrder/${session.number}`,
			notifyCustomer: args.notifyCustomer === true,
			staffNote: typeof args.staffNote === 'string' ? args.staffNote : null,
			at: now,
		});
		return { order, successMessages: ['Order updated'], userErrors: [] };
	}

	/**
	 * The order's open or on-hold fulfillment order (at `locationId` when the edit named one), or a new open one at
	 * that location (else at the location of its first).
	 */
	private fulfillmentOrderForNewLine(order: SimOrder, now: string, locationId?: string): SimFulfillmentOrder {
		const at = (fo: SimFulfillmentOrder) => !locationId || fo.assignedLocation.location?.id === locationId;
		const open = order.fulfillmentOrders.find((fo) => ['OPEN', 'ON_HOLD', 'SCHEDULED'].includes(fo.status) && at(fo));
		if (open) {
			open.updatedAt = now;
			return open;
		}
		const first = order.fulfillmentOrders.find(at) ?? order.fulfillmentOrders[0];
		const fo: SimFulfillmentOrder = {
			__typename: 'FulfillmentOrder',
			id: `gid://shopify/FulfillmentOrder/${Number(order.legacyResourceId) * 10 + order.fulfillmentOrders.length}`,
			orderId: order.id,
			orderName: order.name,
			status: 'OPEN',
			requestStatus: 'UNSUBMITTED',
			updatedAt: now,
			fulfillAt: null,
			fulfillBy: null,
			assignedLocation: locationId
				? {
						name: first?.assignedLocation.location?.id === locationId ? first.assignedLocation.name : 'Location',
						location: { id: locationId },
					}
				: first
					? { ...first.assignedLocation }
					: { name: 'Main warehouse' },
			fulfillmentHolds: [],
			lineItems: [],
		};
		order.fulfillmentOrders.push(fo);
		return fo;
	}

	/** Each poll moves the operation on: CREATED -> RUNNING -> COMPLETED, as Shopify's would. */
	private bulkOperationView(id: string): BulkOperationRecord | null {
		const op = this.#bulkOperations.get(id);
		if (!op) return null;
		op.polls += 1;
		if (op.status === 'CREATED') op.status = 'RUNNING';
		else if (op.status === 'RUNNING' && op.polls >= 2) {
			op.status = 'COMPLETED';
			op.completedAt = this.now();
			const numeric = id.split('/').pop();
			op.url = `${op.baseUrl}/bulk/${numeric}.jsonl`;
			op.rootObjectCount = String(this.countBulkRoots(op));
			op.objectCount = op.rootObjectCount;
		}
		return op;
	}

	private countBulkRoots(op: BulkOperationRecord): number {
		const search = searchOfBulkQuery(op.query);
		const filters = parseSearch(search);
		let n = 0;
		for (const order of this.allOrders()) if (filters.every((f) => f(order))) n++;
		return n;
	}

	/**
	 * The JSONL result, one line at a time: each order, then its nested-connection nodes as separate
	 * lines with `__parentId` (Shopify's format). Executes the bulk query with graphql-js per batch, so
	 * lines carry exactly the selected fields.
	 */
	*bulkLines(op: BulkOperationRecord): Generator<string> {
		const document = parse(op.query);
		const filters = parseSearch(searchOfBulkQuery(op.query));
		let batch: SimOrder[] = [];
		const flush = function* (this: ShopifySim): Generator<string> {
			if (!batch.length) return;
			const result = this.executeBulkBatch(document, batch);
			for (const edge of result.orders.edges ?? []) yield* flattenNode(edge.node, undefined);
			batch = [];
		}.bind(this);
		for (const order of this.allOrders()) {
			if (!filters.every((f) => f(order))) continue;
			batch.push(order);
			if (batch.length >= 200) yield* flush();
		}
		yield* flush();
	}

	private executeBulkBatch(document: DocumentNode, batch: SimOrder[]): { orders: Connection } {
		// Every resolver is synchronous, so the bulk file can be produced lazily, batch by batch.
		const result = graphqlSync({
			schema: this.schema,
			source: print(document),
			contextValue: { bulkBatch: batch } satisfies ResolverContext,
			fieldResolver: this.resolveField,
			typeResolver: typeOfNode,
		});
		if (result.errors?.length) throw new Error(`sandbox bulk: ${result.errors[0].message}`);
		// a bulk query selects `orders` at its root (bulkOperationRunQuery's rule)
		return result.data as { orders: Connection };
	}

	/* ---------- webhooks ---------- */

	/** A delivery exactly as Shopify sends it: raw JSON body plus headers signed by the sandbox's own signer. */
	webhookDelivery(
		topic: string,
		payload: unknown,
		secret: string,
		options: { eventId?: string; webhookId?: string; triggeredAt?: string; apiVersion?: string } = {},
	): { headers: Record<string, string>; body: string } {
		const body = JSON.stringify(payload);
		return {
			body,
			headers: {
				'content-type': 'application/json',
				'x-shopify-topic': topic,
				'x-shopify-hmac-sha256': shopifyHmacHeader(body, secret),
				'x-shopify-shop-domain': this.shopDomain,
				'x-shopify-api-version': options.apiVersion ?? NEWEST_API_VERSION,
				'x-shopify-webhook-id': options.webhookId ?? randomUUID(),
				'x-shopify-event-id': options.eventId ?? randomUUID(),
				'x-shopify-triggered-at': options.triggeredAt ?? this.now(),
			},
		};
	}

	/** REST-shaped order payload (orders/create, orders/updated, ...) for an order in the store. */
	restOrderPayload(order: SimOrder): Record<string, unknown> {
		const numericId = Number(order.legacyResourceId);
		const a = order.shippingAddress;
		return {
			id: numericId,
			admin_graphql_api_id: order.id,
			name: order.name,
			order_number: Number(order.name.replace('#', '')),
			created_at: order.createdAt,
			updated_at: order.updatedAt,
			cancelled_at: order.cancelledAt,
			cancel_reason: order.cancelReason ? String(order.cancelReason).toLowerCase() : null,
			closed_at: order.closedAt,
			financial_status: String(order.displayFinancialStatus).toLowerCase(),
			fulfillment_status:
				order.displayFulfillmentStatus === 'FULFILLED'
					? 'fulfilled'
					: order.displayFulfillmentStatus === 'PARTIALLY_FULFILLED'
						? 'partial'
						: null,
			email: order.email,
			contact_email: order.email,
			phone: order.phone,
			customer_locale: order.customerLocale,
			tags: order.tags.join(', '),
			note: order.note,
			shipping_address: a
				? {
						first_name: a.firstName,
						last_name: a.lastName,
						name: a.name,
						company: a.company,
						address1: a.address1,
						address2: a.address2,
						city: a.city,
						province: a.province,
						province_code: a.provinceCode,
						zip: a.zip,
						country: a.country,
						country_code: a.countryCodeV2,
						phone: a.phone,
						latitude: null,
						longitude: null,
					}
				: null,
			shipping_lines: order.shippingLine ? [{ title: order.shippingLine.title, code: order.shippingLine.code }] : [],
			line_items: order.lineItems.map((li) => ({
				id: Number(li.id.split('/').pop()),
				admin_graphql_api_id: li.id,
				sku: li.sku,
				title: li.title,
				name: li.title,
				quantity: li.quantity,
				fulfillable_quantity: li.unfulfilledQuantity,
			})),
			fulfillments: order.fulfillments.map((f) => this.restFulfillmentPayload(order, f)),
		};
	}

	/** REST-shaped fulfillment payload (fulfillments/create, fulfillments/update). */
	restFulfillmentPayload(order: SimOrder, f: SimFulfillment): Record<string, unknown> {
		const numbers = f.trackingInfo.map((t) => t.number);
		const urls = f.trackingInfo.map((t) => t.url);
		return {
			id: Number(f.id.split('/').pop()),
			admin_graphql_api_id: f.id,
			order_id: Number(order.legacyResourceId),
			name: f.name,
			status: String(f.status).toLowerCase(),
			created_at: f.createdAt,
			updated_at: f.updatedAt,
			service: 'manual',
			shipment_status:
				f.displayStatus === 'DELIVERED' ? 'delivered' : f.displayStatus === 'IN_TRANSIT' ? 'in_transit' : null,
			tracking_company: f.trackingInfo[0]?.company ?? null,
			tracking_number: numbers[0] ?? null,
			tracking_numbers: numbers,
			tracking_url: urls[0] ?? null,
			tracking_urls: urls,
			line_items: order.lineItems.map((li) => ({
				id: Number(li.id.split('/').pop()),
				admin_graphql_api_id: li.id,
				sku: li.sku,
				title: li.title,
				quantity: li.quantity,
			})),
		};
	}
}

/* ---------------- API versions ---------------- */

/**
 * The stable versions Shopify supports in December 2026, oldest first (each is supported for 12 months:
 * https://shopify.dev/docs/api/usage/versioning). Written here from Shopify's docs, not taken from the
 * package, so a version the package offers but Shopify no longer serves shows up as a fall-forward.
 */
const SERVED_API_VERSIONS = ['2026-01', '2026-04', '2026-07', '2026-10'];
const NEWEST_API_VERSION = SERVED_API_VERSIONS[SERVED_API_VERSIONS.length - 1];

/**
 * A request for a version Shopify no longer supports is served by
 * the oldest supported one (X-Shopify-API-Version says which).
 */
export function servedApiVersion(requested: string): string {
	return SERVED_API_VERSIONS.includes(requested) ? requested : SERVED_API_VERSIONS[0];
}

function schemaOf(version: string): GraphQLSchema {
	return loadShopifySchema(version);
}

/**
 * What X-Shopify-API-Deprecated-Reason lists for a document since 2025-04: the deprecated schema
 * members it uses ("Mutation.orderCancel.refund, QueryRoot.currentBulkOperation"), none when clean.
 */
export function deprecatedUses(schema: GraphQLSchema, query: string): string[] {
	let document: DocumentNode;
	try {
		document = parse(query);
	} catch {
		return [];
	}
	const names = validate(schema, document, [NoDeprecatedCustomRule]).map((e) => {
		const argument = /^Field "([\w.]+)" argument "(\w+)"/.exec(e.message);
		if (argument) return `${argument[1]}.${argument[2]}`;
		const member = /^The (?:field|input field|enum value) "?([\w.]+)"? is deprecated/.exec(e.message);
		return member ? member[1] : e.message;
	});
	return [...new Set(names)];
}

/* ---------------- helpers ---------------- */

/** Field arguments as graphql-js passes them to a resolver (variables already substituted). */
type GraphArgs = Record<string, unknown>;

/** A shipping address as orderUpdate takes it (MailingAddressInput: countryCode, not countryCodeV2). */
type AddressInput = Partial<SimAddress> & { countryCode?: string };

/** FulfillmentTrackingInput: one number and url, or lists of them. */
interface TrackingInput {
	number?: string;
	numbers?: string[];
	url?: string;
	urls?: string[];
	company?: string;
}

/** Which GraphQL type an interface- or union-typed value is: the store writes __typename on those objects. */
function typeOfNode(value: unknown): string | undefined {
	return (value as { __typename?: string } | null)?.__typename;
}

function connectionOf(list: unknown[], args: GraphArgs): Connection & { pageInfo: GraphNode } {
	const start =
		typeof args.after === 'string'
			? Number(Buffer.from(args.after, 'base64').toString('utf8').replace('cursor:', '')) + 1
			: 0;
	const size = typeof args.first === 'number' ? args.first : list.length;
	const slice = list.slice(start, start + size);
	const cursor = (i: number) => Buffer.from(`cursor:${start + i}`).toString('base64');
	return {
		nodes: slice as GraphNode[],
		edges: slice.map((node, i) => ({ node: node as GraphNode, cursor: cursor(i) })),
		pageInfo: {
			hasNextPage: start + size < list.length,
			hasPreviousPage: start > 0,
			startCursor: slice.length ? cursor(0) : null,
			endCursor: slice.length ? cursor(slice.length - 1) : null,
		},
	};
}

type OrderFilter = (order: SimOrder) => boolean;

/**
 * The part of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax) the package sends, as
 * one filter: terms `name:`, `updated_at:`/`created_at:` with a comparator (`:`, `:<`, `:>`, `:<=`, `:>=`) and a
 * bare or quoted value; connectives `AND`, `OR` and none (AND implied); modifiers `-` and `NOT`; sub-queries in
 * parentheses. The grammar leaves AND/OR precedence unsaid; AND binds tighter here, as in boolean algebra (the
 * package never mixes them unparenthesised: its many-orders read is `name:1001 OR name:1002 ...`). A term on any
 * other field, or free text, is ignored (matches every order), as before.
 */
export function parseSearch(query: string): OrderFilter[] {
	return [searchFilter(query)];
}

type SearchToken = { kind: '(' | ')' | 'OR' | 'AND' | 'NOT' } | { kind: 'term'; negated: boolean; filter: OrderFilter };

function searchFilter(query: string): OrderFilter {
	const tokens = searchTokens(query);
	let at = 0;
	const peek = () => tokens[at]?.kind;
	const any: OrderFilter = () => true;
	const or = (): OrderFilter => {
		const parts = [and()];
		while (peek() === 'OR') {
			at++;
			parts.push(and());
		}
		return parts.length === 1 ? parts[0] : (o) => parts.some((f) => f(o));
	};
	const and = (): OrderFilter => {
		const parts: OrderFilter[] = [];
		while (at < tokens.length && peek() !== ')' && peek() !== 'OR') {
			if (peek() === 'AND') at++;
			else parts.push(unary());
		}
		return (o) => parts.every((f) => f(o));
	};
	const unary = (): OrderFilter => {
		if (peek() === 'NOT') {
			at++;
			const inner = unary();
			return (o) => !inner(o);
		}
		const token = tokens[at++];
		if (!token) return any; // a query ending in NOT
		if (token.kind === '(') {
			const inner = or();
			if (peek() === ')') at++;
			return inner;
		}
		if (token.kind !== 'term') return any;
		return token.negated ? (o) => !token.filter(o) : token.filter;
	};
	const filter = or();
	// A stray ')' ends the query early; whatever follows is read as more of it (AND), not dropped.
	const rest: OrderFilter[] = [];
	while (at < tokens.length) {
		at++;
		rest.push(or());
	}
	return (o) => filter(o) && rest.every((f) => f(o));
}

function searchTokens(query: string): SearchToken[] {
	const tokens: SearchToken[] = [];
	const term = /^(-?)(?:(\w+):(>=|<=|>|<)?)?('([^']*)'|"([^"]*)"|[^\s()]+)/;
	let rest = query;
	for (;;) {
		rest = rest.replace(/^\s+/, '');
		if (!rest) return tokens;
		const head = rest[0];
		if (head === '(' || head === ')') {
			tokens.push({ kind: head });
			rest = rest.slice(1);
			continue;
		}
		if (head === '-' && rest[1] === '(') {
			// `-(...)`: the modifier before a sub-query.
			tokens.push({ kind: 'NOT' });
			rest = rest.slice(1);
			continue;
		}
		const m = term.exec(rest);
		if (!m) return tokens;
		rest = rest.slice(m[0].length);
		const [whole, minus, field, op, value, single, double] = m;
		if (!field && !minus && (whole === 'OR' || whole === 'AND' || whole === 'NOT')) {
			tokens.push({ kind: whole });
			continue;
		}
		tokens.push({ kind: 'term', negated: minus === '-', filter: termFilter(field, op, single ?? double ?? value) });
	}
}

function termFilter(field: string | undefined, op: string | undefined, value: string): OrderFilter {
	if (field === 'name') {
		const wanted = value.replace(/^#/, '');
		if (wanted.endsWith('*')) return (o) => o.name.replace('#', '').startsWith(wanted.slice(0, -1));
		return (o) => o.name.replace('#', '') === wanted;
	}
	if (field === 'updated_at' || field === 'created_at') {
		const key = field === 'updated_at' ? 'updatedAt' : 'createdAt';
		const bound = Date.parse(value);
		if (Number.isNaN(bound)) return () => true;
		const cmp = op ?? '=';
		return (o) => {
			const t = Date.parse(o[key]);
			return cmp === '>='
				? t >= bound
				: cmp === '<='
					? t <= bound
					: cmp === '>'
						? t > bound
						: cmp === '<'
							? t < bound
							: t === bound;
		};
	}
	return () => true;
}

function searchOfBulkQuery(query: string): string {
	const document = parse(query);
	const operation = document.definitions[0];
	if (operation.kind !== Kind.OPERATION_DEFINITION) return '';
	const orders = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === 'orders') as
		| FieldNode
		| undefined;
	const arg = orders?.arguments?.find((a) => a.name.value === 'query');
	return arg && arg.value.kind === Kind.STRING ? arg.value.value : '';
}

/** Splits nested connections out of a node into their own JSONL lines carrying __parentId. */
function* flattenNode(node: GraphNode, parentId: string | undefined): Generator<string> {
	const own: GraphNode = {};
	const children: GraphNode[] = [];
	for (const [key, value] of Object.entries(node)) {
		const edges = (value as Connection | null)?.edges;
		if (value && typeof value === 'object' && !Array.isArray(value) && Array.isArray(edges))
			children.push(...edges.map((e) => e.node));
		else own[key] = value;
	}
	if (parentId) own.__parentId = parentId;
	yield JSON.stringify(own);
	for (const child of children) yield* flattenNode(child, node.id as string | undefined);
}

/** Factory in the style of the other vendor sims (createFedExSim, ...). */
export function createShopifySim(options: ShopifySimOptions = {}): ShopifySim {
	return new ShopifySim(options);
}
