/**
 * The provider-neutral face of a 3PL (ShipBob, ShipHero, ShipMonk, Extensiv). Every provider client
 * answers the same five questions so the "3PL Fulfillment" node and Order State never branch on the
 * provider: what is the status of this order, which orders changed since T, where are its parcels,
 * can we still change the address, can we still cancel.
 */
import type { Address, FulfillmentStatusData, ShipmentData, Source } from '../../order/types';

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

export type ThreePlOperation = 'getOrderStatus' | 'listOrdersUpdatedSince' | 'getShipments' | 'updateShippingAddress' | 'cancel';

export interface ThreePlClient {
	readonly provider: ThreePlProvider;
	/** Operations this provider's API cannot do at all (the node explains instead of calling). */
	readonly unsupported: Partial<Record<ThreePlOperation, string>>;
	getOrderStatus(orderNumber: string): Promise<FulfillmentSnapshot>;
	listOrdersUpdatedSince(since: string, options?: ListOptions): Promise<ListResult>;
	getShipments(orderNumber: string): Promise<FulfillmentSnapshot>;
	updateShippingAddress(orderNumber: string, address: Address): Promise<FulfillmentSnapshot>;
	cancel(orderNumber: string, reason?: string): Promise<CancelResult>;
}
