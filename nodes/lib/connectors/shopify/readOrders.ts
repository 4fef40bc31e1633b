/**
 * Many orders in few calls (issue 14: a batch of work items passes the Shopify node once). Orders whose
 * Shopify id is known are read with `nodes(ids:)`, the others with one name search (`name:1001 OR
 * name:1002`), ORDERS_PER_READ orders a call: as many as fit under Shopify's 1,000-point single-query
 * limit. The client paces the calls from the bucket as for any other call.
 *
 * The batched documents read each order's lists in small pages (ORDER_READ_PAGES). An order that fills a
 * page may have more than it shows, so it is read again whole with Get's own document: the observations are
 * always the ones Get gives.
 */
import { ValidationError } from '../../http/errors';
import type { ShopifyClient } from './client';
import { orderGid, SINGLE_QUERY_MAX_COST } from './config';
import { ORDER_READ_PAGES, READ_ORDERS_BY_ID_QUERY, READ_ORDERS_BY_NAME_QUERY } from './documents';
import { getOrder } from './orders';
import type { GqlOrder, GqlPageInfo } from './types';

/**
 * Requested query points of one order in READ_ORDERS_BY_*, by Shopify's published model: the order 1,
 * customer, address and shipping line 3, line items 2 + 10, fulfillment orders 2 + 2 x (1 + 3 + 2 + 10 x 2),
 * fulfillments 4 x (1 + 1 + 3), returns 2 + 2. The contract test recomputes it from the document.
 */
export const ORDER_READ_COST = 94;
/** A connection costs 2 besides its nodes. */
export const ORDERS_PER_READ = Math.floor((SINGLE_QUERY_MAX_COST - 2) / ORDER_READ_COST);
/**
 * A name search may match near names too (name:100 can match #1001): it pages on until every name is
 * found, but not forever.
 */
export const MAX_NAME_SEARCH_PAGES = 5;

/** Which order: Shopify's id when known (numeric or gid), else its name ("#1001"). */
export interface OrderWanted {
	id?: string;
	name?: string;
}

/** An order the store does not know: a fact about this order only, never about the batch. */
export class ShopifyHasNoOrderError extends ValidationError {
	constructor(label: string, id?: string) {
		super(
			`Shopify has no order ${label}${id && !label.includes(id) ? ` (id ${id})` : ''}`,
			id ? 'reads.shopifyOrderId' : 'orderKey',
			'Check that the Shopify credential points at the store this order came from, and whether the order was ' +
				'deleted in Shopify. The work item goes to Fail: its events are retried later and, if Shopify still ' +
				'has no such order, end in dead-letter review.',
		);
		this.name = 'ShopifyHasNoOrderError';
	}
}

const ORDER_ID = /^(gid:\/\/shopify\/Order\/)?\d+$/;

/** How one wanted order is asked for: by id or by name, and the name a person knows it by. */
interface Lookup {
	by: 'id' | 'name';
	/** The gid, or the name without "#" as Shopify's search takes it. */
	value: string;
	label: string;
}

function lookupOf(wanted: OrderWanted): Lookup | ValidationError {
	const id = wanted.id?.trim() ?? '';
	const name = wanted.name?.trim().replace(/^#/, '') ?? '';
	const label = name ? `#${name}` : id;
	// A malformed id would fail the whole call (Shopify refuses the query): the name finds the order as well.
	if (ORDER_ID.test(id)) return { by: 'id', value: orderGid(id), label };
	if (name) return { by: 'name', value: name, label };
	return new ValidationError(
		'The item names no order: it has no Shopify order id and no order name or number',
		'orderKey',
		'Give the item an orderKey (the order number, e.g. 1001), or reads.orderName / reads.shopifyOrderId, as ' +
			'Claim Batch "One Item per Order" does.',
	);
}

const keyOf = (lookup: Lookup) => `${lookup.by}:${lookup.value}`;

/**
 * Reads the wanted orders and returns, in the same order, each one's order or its own error. An order
 * Shopify does not know is a ShopifyHasNoOrderError. A call that fails (auth, Shopify down, throttled
 * after retries) fails every order it was reading, and every order not read yet: the failure is not
 * about those orders, and asking again in the same run would only wait out the same retries.
 */
export async function readOrders(
	client: ShopifyClient,
	wanted: readonly OrderWanted[],
): Promise<Array<GqlOrder | Error>> {
	const lookups = wanted.map(lookupOf);
	const byKey = new Map<string, Lookup>();
	for (const lookup of lookups) if (!(lookup instanceof Error)) byKey.set(keyOf(lookup), lookup);
	const read = new Map<string, GqlOrder | Error>();
	let failure: Error | undefined;
	/** One call for the orders of `keys`: after a failure, each of them not read yet gets that failure. */
	const call = async (keys: string[], run: () => Promise<void>) => {
		if (!failure) {
			try {
				return await run();
			} catch (error) {
				failure = error instanceof Error ? error : new Error(String(error));
			}
		}
		for (const key of keys) if (!read.has(key)) read.set(key, failure);
	};
	const all = [...byKey.values()];
	const byId = all.filter((l) => l.by === 'id');
	const byName = all.filter((l) => l.by === 'name');
	for (const chunk of chunks(byId, ORDERS_PER_READ)) await call(chunk.map(keyOf), () => readByIds(client, chunk, read));
	for (const chunk of chunks(byName, ORDERS_PER_READ))
		await call(chunk.map(keyOf), () => readByNames(client, chunk, read));
	// An order that filled a page is read again whole, as Get reads it.
	for (const key of byKey.keys()) {
		const order = read.get(key);
		if (!order || order instanceof Error || isWhole(order)) continue;
		read.delete(key);
		await call([key], async () => {
			read.set(key, await getOrder(client, { by: 'id', value: order.id }));
		});
	}
	return lookups.map((lookup) => (lookup instanceof Error ? lookup : read.get(keyOf(lookup))!));
}

async function readByIds(client: ShopifyClient, lookups: Lookup[], read: Map<string, GqlOrder | Error>) {
	const ids = lookups.map((l) => l.value);
	const data = await client.request<{ nodes: Array<GqlOrder | null> }>(
		READ_ORDERS_BY_ID_QUERY,
		{ ids },
		{ costHint: ids.length * ORDER_READ_COST },
	);
	const found = new Map((data.nodes ?? []).filter((o): o is GqlOrder => !!o?.id).map((o) => [o.id, o]));
	for (const lookup of lookups)
		read.set(keyOf(lookup), found.get(lookup.value) ?? new ShopifyHasNoOrderError(lookup.label, lookup.value));
}

async function readByNames(client: ShopifyClient, lookups: Lookup[], read: Map<string, GqlOrder | Error>) {
	const missing = new Map(lookups.map((l) => [l.value, l]));
	const query = lookups.map((l) => `name:${searchValue(l.value)}`).join(' OR ');
	let after: string | null = null;
	for (let page = 1; missing.size; page++) {
		const data: { orders: { pageInfo: GqlPageInfo; nodes: GqlOrder[] } } = await client.request(
			READ_ORDERS_BY_NAME_QUERY,
			{ first: lookups.length, after, query },
			{ costHint: 2 + lookups.length * ORDER_READ_COST },
		);
		for (const order of data.orders.nodes) {
			// Only the exact name: the search also matches near ones.
			const lookup = missing.get(order.name.replace(/^#/, ''));
			if (!lookup) continue;
			read.set(keyOf(lookup), order);
			missing.delete(lookup.value);
		}
		const { hasNextPage, endCursor } = data.orders.pageInfo;
		if (!hasNextPage || !endCursor) break;
		if (page === MAX_NAME_SEARCH_PAGES) {
			for (const lookup of missing.values()) read.set(keyOf(lookup), searchTooBroad(lookup, page));
			return;
		}
		after = endCursor;
	}
	for (const lookup of missing.values()) read.set(keyOf(lookup), new ShopifyHasNoOrderError(lookup.label));
}

function searchTooBroad(lookup: Lookup, pages: number): ValidationError {
	return new ValidationError(
		`Shopify's search for order ${lookup.label} returned ${pages} pages of other orders without it`,
		'orderKey',
		'The order is read by name only while its Shopify id is unknown: once Order State has stored the order, ' +
			'its id is used. Try again later; if it keeps failing, read the order with Get.',
	);
}

/** A name as a search term: bare when it is a plain word, else quoted. */
function searchValue(name: string): string {
	return /^[\w.-]+$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}

/** No list of the order was cut off by its page size (ORDER_READ_PAGES). */
export function isWhole(order: GqlOrder): boolean {
	const more = (connection: unknown) =>
		(connection as { pageInfo?: Partial<GqlPageInfo> } | undefined)?.pageInfo?.hasNextPage === true;
	const fulfillments = order.fulfillments ?? [];
	return (
		!more(order.lineItems) &&
		!more(order.fulfillmentOrders) &&
		!(order.fulfillmentOrders?.nodes ?? []).some((fo) => more(fo.lineItems)) &&
		!more(order.returns) &&
		fulfillments.length < ORDER_READ_PAGES.fulfillments &&
		fulfillments.every((f) => (f.trackingInfo ?? []).length < ORDER_READ_PAGES.trackingInfo)
	);
}

function chunks<T>(list: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}
