/**
 * The provider-neutral face of a 3PL (ShipBob, ShipHero, ShipMonk, Extensiv). Every provider client
 * answers the same five questions so the "3PL Fulfillment" node and Order State never branch on the
 * provider: what is the status of this order, which orders changed since T, where are its parcels,
 * can we still change the address, can we still cancel.
 */
import type { Address, FulfillmentStatusData, ShipmentData, Source } from '../../order/types';
import type { WarehouseItemSwap } from '../../order/itemSwap';

export const THREEPL_PROVIDERS = ['shipbob', 'shiphero', 'shipmonk', 'extensiv'] as const;
export type ThreePlProvider = (typeof THREEPL_PROVIDERS)[number] & Source;

export const PROVIDER_LABELS: Record<ThreePlProvider, string> = {
	shipbob: 'ShipBob',
	shiphero: 'ShipHero',
	shipmonk: 'ShipMonk',
	extensiv: 'Extensiv (3PL Central)',
};

/** One order as the warehouse sees it right now: status plus every parcel it knows. */
export interface FulfillmentSnapshot {
	provider: ThreePlProvider;
	/** The store's order number without '#': the canonical order key. */
	orderKey: string;
	/** The provider's own order id (what its API takes in paths). */
	externalId: string;
	fulfillment: FulfillmentStatusData;
	shipments: ShipmentData[];
	/** When the provider says the order last changed; falls back to the order date. */
	occurredAt: string;
	/** Set when the order was found by a lookup: its facts then carry a 'lookup' observation and matchedBy. */
	lookup?: LookupTrace;
}

export interface ListPage {
	snapshots: FulfillmentSnapshot[];
	/** Opaque position to resume from (page number or cursor); undefined when there is no more. */
	nextCursor?: string;
}

export interface ListOptions {
	/** Resume a listing that stopped part-way (the `nextCursor` of the last page processed). */
	cursor?: string;
	/** Stop after this many pages; the returned cursor resumes where it stopped. */
	maxPages?: number;
	pageSize?: number;
}

export interface ListResult {
	snapshots: FulfillmentSnapshot[];
	/** Set when maxPages stopped the listing early: pass it back as `cursor` to continue. */
	nextCursor?: string;
	pagesFetched: number;
}

export interface CancelResult {
	orderKey: string;
	externalId: string;
	/** true when the provider confirmed the whole order is cancelled. */
	cancelled: boolean;
	/** The provider's own verdict ("Success", "PartialSuccess", a message...). */
	rawResult: string;
	snapshot?: FulfillmentSnapshot;
}

/**
 * Everything we know that can name one store order at a warehouse. A warehouse fed by a store
 * integration files the order under the store's own id (ShipBob's Shopify integration: reference_id =
 * the Shopify order's numeric id) and shows the name beside it, so a lookup by the name alone can miss
 * an order the warehouse has. docs/3pl.md lists, per provider, which field holds which key.
 */
export interface OrderLookupKeys {
	/** The canonical order key ("1001"), or the name ("#1001"). */
	orderNumber: string;
	/** The Shopify order id, numeric ("5012345678901") or as a gid. */
	shopifyOrderId?: string | null;
	/** The Shopify order name when it is more than "#" + number (a store prefix or suffix: "SB1001-US"). */
	orderName?: string | null;
}

/** How an order was asked for: exactly which keys were tried, which one found it, and when. */
export interface LookupTrace {
	/** Every key tried, "<field>:<value>", in the order tried. */
	keys: string[];
	/** The key that found it ("reference_id:5012345678901"); null when nothing was found. */
	matchedBy: string | null;
	/** When the warehouse was asked (UTC ISO). */
	at: string;
}

/** What asking a warehouse by every key gave: the order (or not), and the trace of the asking. */
export interface OrderLookup extends LookupTrace {
	/** The canonical order key the lookup was for ("1001"). */
	orderKey: string;
	snapshot: FulfillmentSnapshot | null;
}

/**
 * One order's answer in a batch of reads: what was read, or why asking failed. An order fails alone; a
 * call that fails fails every order it asked about, each with that call's error.
 */
export type BatchOutcome<T> = { value: T } | { error: unknown };

export type ThreePlOperation =
	| 'getOrderStatus'
	| 'lookUpOrder'
	| 'listOrdersUpdatedSince'
	| 'getShipments'
	| 'updateShippingAddress'
	| 'cancel';

export interface ThreePlClient {
	readonly provider: ThreePlProvider;
	/** Operations this provider's API cannot do at all (the node explains instead of calling). */
	readonly unsupported: Partial<Record<ThreePlOperation, string>>;
	/** By the order number, or by every key known (OrderLookupKeys): the snapshot then carries its lookup. */
	getOrderStatus(order: string | OrderLookupKeys): Promise<FulfillmentSnapshot>;
	/**
	 * Asks for the order by every key it has (the Shopify id first, then the name forms) and never
	 * throws on a miss: a miss is a fact ("asked by these keys at this instant, not there").
	 */
	lookUpOrder(keys: OrderLookupKeys): Promise<OrderLookup>;
	/**
	 * lookUpOrder for many orders, in as few calls as the provider allows (ShipBob: every key of many
	 * orders in one call; the others one order after another), one outcome per keys, in the same order.
	 */
	lookUpOrders(keys: readonly OrderLookupKeys[]): Promise<Array<BatchOutcome<OrderLookup>>>;
	listOrdersUpdatedSince(since: string, options?: ListOptions): Promise<ListResult>;
	getShipments(order: string | OrderLookupKeys): Promise<FulfillmentSnapshot>;
	/**
	 * Sets the ship-to address, by the order number or every key known. Sent once: after a lost answer the
	 * client reads the order and adopts the address it holds instead of sending again (DESIGN: look before you
	 * repeat). A field given empty (null or '') is cleared; a field not given is left as the warehouse has it where
	 * its API changes single fields (ShipBob, ShipHero; ShipMonk replaces the whole ship_to).
	 */
	updateShippingAddress(order: string | OrderLookupKeys, address: Address): Promise<FulfillmentSnapshot>;
	/**
	 * Cancels the order at the warehouse, by the order number or every key known. Sent once: after a lost answer
	 * the client reads the order and adopts a cancel it finds instead of sending again (DESIGN: look before you
	 * repeat). `cancelled` says whether the warehouse shows the whole order cancelled afterwards.
	 */
	cancel(order: string | OrderLookupKeys, reason?: string): Promise<CancelResult>;
	/**
	 * Swaps items of the order (each swap: `quantity` units of fromSku become toSku), by the order number or every
	 * key known; absent where the provider's API cannot change an order's items (itemSwapUnsupported says why). Sent
	 * once: after a lost answer the client reads the order and adopts the swap it shows instead of sending again.
	 */
	swapItems?(order: string | OrderLookupKeys, swaps: readonly WarehouseItemSwap[]): Promise<FulfillmentSnapshot>;
	/** Why this provider's API cannot change an order's items (what to do instead); set where swapItems is absent. */
	readonly itemSwapUnsupported?: string;
}
