import { HttpError, TransportError, ValidationError } from '../../http/errors';
import type { HoldReason, Observation, ShipmentData, Source } from '../../order/types';
import {
	PROVIDER_LABELS,
	type BatchOutcome,
	type FulfillmentSnapshot,
	type ListOptions,
	type ListPage,
	type ListResult,
	type OrderLookup,
	type LookupTrace,
	type OrderLookupKeys,
	type ThreePlClient,
	type ThreePlOperation,
	type ThreePlProvider,
} from './types';

/** "#1001" and " 1001 " are the same order everywhere: customers, Shopify and every warehouse. */
export function toOrderKey(orderNumber: string | number | null | undefined): string {
	return String(orderNumber ?? '')
		.trim()
		.replace(/^#+/, '')
		.trim();
}

/** Input check shared by every operation: an empty order number would list or cancel the wrong thing. */
export function requireOrderNumber(orderNumber: unknown, field = 'orderNumber'): string {
	const key = toOrderKey(typeof orderNumber === 'number' ? String(orderNumber) : (orderNumber as string));
	if (!key) {
		throw new ValidationError(
			`The order number is empty`,
			field,
			`Set "Order Number" to the store's order number (for example 1001 or #1001), usually from the previous ` +
				`node with an expression.`,
		);
	}
	return key;
}

export function requireIsoDate(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const at = Date.parse(text);
	if (!text || Number.isNaN(at)) {
		throw new ValidationError(
			`"${String(value)}" is not a date and time`,
			field,
			`Set "${field}" to an ISO 8601 date and time such as 2026-01-31T00:00:00Z (an expression like {{ ` +
				`$now.minus({hours: 1}).toISO() }} works).`,
		);
	}
	return new Date(at).toISOString();
}

/** Thrown, never silently skipped, when a provider's API cannot do what was asked. */
export class UnsupportedOperationError extends ValidationError {
	readonly provider: ThreePlProvider;
	readonly operation: ThreePlOperation;
	constructor(provider: ThreePlProvider, operation: ThreePlOperation, why: string) {
		super(`${operationLabel(operation)} is not supported by ${PROVIDER_LABELS[provider]}`, 'operation', why);
		this.name = 'UnsupportedOperationError';
		this.provider = provider;
		this.operation = operation;
	}
}

export function operationLabel(operation: ThreePlOperation): string {
	return {
		getOrderStatus: 'Get order status',
		lookUpOrder: 'Look up order',
		listOrdersUpdatedSince: 'List orders updated since',
		getShipments: 'Get shipments',
		updateShippingAddress: 'Update shipping address',
		cancel: 'Cancel order',
	}[operation];
}

/** The order could not be found at the provider: a clear, non-retryable answer. */
export class OrderNotFoundError extends ValidationError {
	/** The lookup that missed, when every key was tried (the node turns it into a 'lookup' observation). */
	lookup?: OrderLookup;
	constructor(provider: ThreePlProvider, orderNumber: string, lookup?: OrderLookup, withoutShopifyId = false) {
		super(
			`${PROVIDER_LABELS[provider]} has no order with number ` +
				`${orderNumber}${lookup ? ` (asked by ${lookup.keys.join(', ')})` : ''}`,
			'orderNumber',
			`Check the order number, that the order was sent to ${PROVIDER_LABELS[provider]}, and that the credential ` +
				`points at the right account or store.` +
				(withoutShopifyId ? ' Give the Shopify Order ID too: store integrations file orders under it.' : ''),
		);
		this.name = 'OrderNotFoundError';
		this.lookup = lookup;
	}
}

/** A lookup that missed, as the error the single-order operations throw. */
export function notFound(provider: ThreePlProvider, lookup: OrderLookup, plan: LookupPlan): OrderNotFoundError {
	return new OrderNotFoundError(provider, lookup.orderKey, lookup, !plan.shopifyOrderId);
}

/** "gid://shopify/Order/5012345678901" or "5012345678901" -> "5012345678901"; anything else is refused. */
export function shopifyOrderIdOf(value: unknown, field = 'shopifyOrderId'): string | null {
	if (value === null || value === undefined || value === '') return null;
	const text = String(value).trim();
	if (!text) return null;
	const match = /^(?:gid:\/\/shopify\/Order\/)?(\d+)$/.exec(text);
	if (!match) {
		throw new ValidationError(
			`"${text.slice(0, 60)}" is not a Shopify order id`,
			field,
			'Use the numeric order id (5012345678901) or its gid (gid://shopify/Order/5012345678901), e.g. {{ ' +
				'$json.shopifyId }}; leave it empty when unknown.',
		);
	}
	return match[1];
}

/** The keys one lookup will try, decided once so every provider reports them the same way. */
export interface LookupPlan {
	orderKey: string;
	shopifyOrderId: string | null;
	/** Name forms, most likely first, without duplicates: "1001", "#1001", and a custom store name. */
	names: string[];
}

export function planLookup(keys: OrderLookupKeys): LookupPlan {
	const orderKey = requireOrderNumber(keys.orderNumber);
	const names = [orderKey, `#${orderKey}`];
	const custom = typeof keys.orderName === 'string' ? keys.orderName.trim() : '';
	if (custom && !names.includes(custom)) names.push(custom);
	if (custom.startsWith('#') && !names.includes(custom.slice(1))) names.push(custom.slice(1));
	return { orderKey, shopifyOrderId: shopifyOrderIdOf(keys.shopifyOrderId), names };
}

/**
 * Asks one key after another until one finds the order; returns every key asked. For providers whose
 * API takes one key per call (ShipHero, ShipMonk, Extensiv, ShipStation).
 */
export async function firstHit<T>(
	tries: Array<[key: string, ask: () => Promise<T | null | undefined>]>,
): Promise<{ keys: string[]; matchedBy: string | null; hit: T | null }> {
	const keys: string[] = [];
	for (const [key, ask] of tries) {
		keys.push(key);
		const hit = await ask();
		if (hit) return { keys, matchedBy: key, hit };
	}
	return { keys, matchedBy: null, hit: null };
}

/** Whatever the caller passed (a bare number or every key) as lookup keys. */
export function lookupKeysOf(order: string | OrderLookupKeys): OrderLookupKeys {
	return typeof order === 'string' ? { orderNumber: order } : order;
}

/** What a provider's search found: every key it asked, the one that matched, and the raw order. */
export interface KeySearchResult<R> {
	keys: string[];
	matchedBy: string | null;
	hit: R | null;
}

/** How one provider finds an order: its own search over the plan's keys and its normaliser. */
export interface OrderSearch<R> {
	provider: ThreePlProvider;
	/** ISO time now (the client's clock): when we asked, and when the order was observed. */
	now: () => string;
	/** Asks the provider by the keys it files orders under, the Shopify id first, then the name forms. */
	search: (plan: LookupPlan) => Promise<KeySearchResult<R>>;
	normalise: (raw: R, observedAt: string) => FulfillmentSnapshot;
}

/**
 * The lookup every 3PL client does the same way around its own search: plan the keys, ask, and report
 * the keys asked with the normalised order (or none). `at` is taken before asking: "not there" is true
 * at that instant only.
 */
export async function lookUpBy<R>(
	how: OrderSearch<R>,
	keys: OrderLookupKeys,
): Promise<{ lookup: OrderLookup; raw: R | null }> {
	const plan = planLookup(keys);
	const at = how.now();
	return settleLookup(how, plan, at, await how.search(plan));
}

/** What a search found, as the lookup of the order planned: asked at `at`, by the keys the search tried. */
export function settleLookup<R>(
	how: Pick<OrderSearch<R>, 'now' | 'normalise'>,
	plan: LookupPlan,
	at: string,
	result: KeySearchResult<R>,
): { lookup: OrderLookup; raw: R | null } {
	const snapshot = result.hit ? how.normalise(result.hit, how.now()) : null;
	return {
		lookup: { orderKey: plan.orderKey, keys: result.keys, matchedBy: result.matchedBy, at, snapshot },
		raw: result.hit,
	};
}

/**
 * A failure that says nothing about the order asked for: the credential was refused (401, 403), or the
 * vendor stayed rate-limited (429), down (5xx) or unreachable through every retry. Asking about the next
 * order would fail the same way, after the same retries.
 */
export function failsEveryOrder(error: unknown): boolean {
	if (error instanceof TransportError) return true;
	return (
		error instanceof HttpError &&
		(error.status === 401 || error.status === 403 || error.status === 429 || error.status >= 500)
	);
}

/**
 * Asks about each input in turn (the client's limiter paces the calls), one outcome per input in the same
 * order. An input that fails fails alone, unless its failure is one every input would meet
 * (failsEveryOrder): then the inputs not asked yet fail with that error instead of each spending the
 * retries again (a batch of 50 orders against a vendor that is down would otherwise take 50 times as long
 * to fail).
 */
export async function askInTurn<I, T>(
	inputs: readonly I[],
	ask: (input: I) => Promise<T>,
): Promise<Array<BatchOutcome<T>>> {
	const outcomes: Array<BatchOutcome<T>> = [];
	let stopped: { error: unknown } | undefined;
	for (const input of inputs) {
		if (stopped) {
			outcomes.push(stopped);
			continue;
		}
		try {
			outcomes.push({ value: await ask(input) });
		} catch (error) {
			outcomes.push({ error });
			if (failsEveryOrder(error)) stopped = { error };
		}
	}
	return outcomes;
}

/** lookUpOrders for providers whose API takes one key per call: one order's lookup after another. */
export function lookUpEach(
	client: Pick<ThreePlClient, 'lookUpOrder'>,
	keys: readonly OrderLookupKeys[],
): Promise<Array<BatchOutcome<OrderLookup>>> {
	return askInTurn(keys, (k) => client.lookUpOrder(k));
}

/** lookUpBy for the single-order operations: a miss is an OrderNotFoundError carrying the lookup. */
export async function findBy<R>(
	how: OrderSearch<R>,
	order: string | OrderLookupKeys,
): Promise<{ lookup: OrderLookup; raw: R }> {
	const keys = lookupKeysOf(order);
	const { lookup, raw } = await lookUpBy(how, keys);
	if (!raw || !lookup.snapshot) throw notFound(how.provider, lookup, planLookup(keys));
	return { lookup, raw };
}

/** The 'lookup' fact: asked by these keys at `at`, found or not. occurredAt is when we asked. */
export function lookupObservation(
	provider: Source,
	orderKey: string,
	trace: LookupTrace,
	found: boolean,
	sourceId: string,
	receivedAt: string,
): Observation<'lookup'> {
	return {
		source: provider,
		sourceId,
		orderKey,
		kind: 'lookup',
		occurredAt: trace.at,
		receivedAt,
		key: `${provider}:lookup:order:${orderKey}:${trace.keys.join(',')}:${found ? 'found' : 'missing'}:${trace.at}`,
		data: { subject: 'order', keys: [...trace.keys], found },
	};
}

/**
 * A lookup becomes one 'lookup' observation (found or not) and, when found, the order's own facts
 * with matchedBy set. "Not at the warehouse" is true at the instant of asking only.
 */
export function lookupToObservations(provider: Source, lookup: OrderLookup, receivedAt: string): Observation[] {
	const trace: LookupTrace = { keys: lookup.keys, matchedBy: lookup.matchedBy, at: lookup.at };
	if (lookup.snapshot)
		return snapshotToObservations({ ...lookup.snapshot, orderKey: lookup.orderKey, lookup: trace }, receivedAt);
	return [lookupObservation(provider, lookup.orderKey, trace, false, lookup.orderKey, receivedAt)];
}

/** The snapshot a found lookup gives: its facts land on the order asked for, with the key that found it. */
export function withLookup(lookup: OrderLookup): FulfillmentSnapshot {
	if (!lookup.snapshot) throw new Error('withLookup needs a found lookup');
	const trace: LookupTrace = { keys: lookup.keys, matchedBy: lookup.matchedBy, at: lookup.at };
	return {
		...lookup.snapshot,
		orderKey: lookup.orderKey,
		fulfillment: { ...lookup.snapshot.fulfillment, matchedBy: lookup.matchedBy },
		lookup: trace,
	};
}

/**
 * Free-text hold reasons (ShipBob status details, Extensiv notes) sorted into the canonical reasons.
 * Order matters: "payment address" is about the address, an out-of-stock review is inventory.
 */
export function holdReasonFromText(text: string | null | undefined): HoldReason {
	const t = (text ?? '').toLowerCase();
	if (/address|zip|postal|recipient/.test(t)) return 'address';
	if (/stock|inventory|backorder|back-order|allocat|sku|product/.test(t)) return 'inventory';
	if (/payment|paid|fund|credit card|fraud check|charge/.test(t)) return 'payment';
	if (/review|manual|verify|fraud|approval/.test(t)) return 'manual_review';
	return 'other';
}

/**
 * Walks a paged listing: each page is fetched once (the Transport's retry re-asks the SAME page
 * after a 500, so nothing is skipped), orders seen on an earlier page are not emitted twice (lists
 * shift while orders change under us), and maxPages returns a cursor to resume exactly there.
 */
export async function collectPages(
	fetchPage: (cursor: string | undefined) => Promise<ListPage>,
	options: ListOptions = {},
): Promise<ListResult> {
	const seen = new Set<string>();
	const snapshots: FulfillmentSnapshot[] = [];
	let cursor = options.cursor;
	let pagesFetched = 0;
	for (;;) {
		if (options.maxPages !== undefined && pagesFetched >= options.maxPages)
			return { snapshots, nextCursor: cursor, pagesFetched };
		const page = await fetchPage(cursor);
		pagesFetched++;
		for (const snapshot of page.snapshots) {
			if (seen.has(snapshot.externalId)) continue;
			seen.add(snapshot.externalId);
			snapshots.push(snapshot);
		}
		if (page.nextCursor === undefined) return { snapshots, pagesFetched };
		cursor = page.nextCursor;
	}
}

/** A stable text fingerprint so the same fact always has the same idempotency key. */
function shipmentFingerprint(s: ShipmentData): string {
	return [s.trackingNumber ?? '', s.voided ? 'voided' : '', s.rawStatus ?? ''].join('|');
}

/** Has it left, or at least got a label? (A voided record is kept so an earlier parcel can be voided.) */
export function isParcel(shipment: ShipmentData): boolean {
	return Boolean(shipment.trackingNumber || shipment.shippedAt || shipment.shippedOn || shipment.voided);
}

/**
 * A snapshot becomes observations for Order State: one 'fulfillment' fact for the order and one
 * 'shipment' fact per parcel. Keys change only when the fact changes, so re-reading an unchanged
 * order is absorbed by the ledger.
 */
export function snapshotToObservations(snapshot: FulfillmentSnapshot, receivedAt: string): Observation[] {
	const { provider, orderKey, externalId } = snapshot;
	const fulfillment = snapshot.lookup
		? { ...snapshot.fulfillment, matchedBy: snapshot.lookup.matchedBy }
		: snapshot.fulfillment;
	const observations: Observation[] = [];
	if (snapshot.lookup)
		observations.push(lookupObservation(provider, orderKey, snapshot.lookup, true, externalId, receivedAt));
	observations.push({
		source: provider,
		sourceId: externalId,
		orderKey,
		kind: 'fulfillment',
		occurredAt: snapshot.occurredAt,
		receivedAt,
		key:
			`${provider}:order:${externalId}:${fulfillment.rawStatus}:${fulfillment.status}:` +
			`${fulfillment.updatedAt ?? snapshot.occurredAt}`,
		data: fulfillment,
	});
	for (const shipment of snapshot.shipments) {
		// A 3PL creates its shipment records with the order (ShipBob: status Processing, OnHold, Exception),
		// long before anything leaves. Only a parcel that has a label or has shipped is a parcel for Order
		// State; a planned one would make an order on hold for its address look shipped.
		if (!isParcel(shipment)) continue;
		observations.push({
			source: provider,
			sourceId: shipment.shipmentId,
			orderKey,
			kind: 'shipment',
			occurredAt: shipment.shippedAt ?? snapshot.occurredAt,
			receivedAt,
			key: `${provider}:shipment:${shipment.shipmentId}:${shipmentFingerprint(shipment)}`,
			data: shipment,
		});
	}
	return observations;
}

/** Sum quantities per SKU (lines without a SKU are kept under their line id or title). */
export function addQuantity(into: Map<string, number>, sku: string | null | undefined, quantity: number): void {
	const key = sku ?? '';
	into.set(key, (into.get(key) ?? 0) + (Number.isFinite(quantity) ? quantity : 0));
}

export function linesFrom(
	ordered: Map<string, number>,
	shipped: Map<string, number>,
): Array<{ sku?: string | null; ordered: number; shipped: number }> {
	const keys = new Set([...ordered.keys(), ...shipped.keys()]);
	return [...keys].map((sku) => ({ sku: sku || null, ordered: ordered.get(sku) ?? 0, shipped: shipped.get(sku) ?? 0 }));
}

/** Totals across lines: the basis for shipped vs partially_shipped. */
export function shippedProgress(lines: Array<{ ordered: number; shipped: number }>): 'none' | 'partial' | 'all' {
	const ordered = lines.reduce((n, l) => n + l.ordered, 0);
	const shipped = lines.reduce((n, l) => n + Math.min(l.shipped, l.ordered), 0);
	if (shipped <= 0) return 'none';
	return shipped >= ordered ? 'all' : 'partial';
}

export function isoOrNull(value: unknown): string | null {
	if (typeof value !== 'string' || !value) return null;
	const at = Date.parse(value);
	return Number.isNaN(at) ? null : new Date(at).toISOString();
}

export function asRecord(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/**
 * What an address write sends for one field, from the values that may fill it, most wanted first: the first
 * non-empty one; null when one was given empty (null or ''), which clears the field at the warehouse;
 * undefined when none was given (the field is left out, so the warehouse keeps what it has).
 */
export function givenValue(...values: Array<string | null | undefined>): string | null | undefined {
	for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value;
	return values.some((value) => value !== undefined) ? null : undefined;
}

export function str(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	return String(value);
}
