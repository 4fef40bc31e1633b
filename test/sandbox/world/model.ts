/**
 * The world behind the sandbox: one store's orders as a story in time, from which every vendor sim's
 * data is projected (world/project*.ts). The story is plain data with absolute times, so a projection
 * is a pure function of (world, now): play it at any simulated instant and each vendor says what it
 * would say then.
 *
 * Every order carries a `plant`: 'clean' or the problem planted in it. The ground truth (truth.ts) says,
 * for the scenario's end time, which exceptions the engine must open and which stage it must derive.
 */
import type { ExceptionType, Stage } from '../../../nodes/lib/order/types';

/** The in-house warehouse works in ShipStation; the overflow 3PL is ShipBob or ShipMonk (one per world). */
export type ThreePl = 'shipbob' | 'shipmonk';
export type Fulfiller = 'shipstation' | ThreePl;
export type CarrierCode = 'ups' | 'fedex' | 'usps' | 'dhl';

/** The generic carrier steps the carrier sims already translate into their own codes (carrierScenarios.ts). */
export type ParcelStep =
	| 'label'
	| 'pickup'
	| 'arrive'
	| 'depart'
	| 'out_for_delivery'
	| 'delivered'
	| 'attempt'
	| 'exception'
	| 'returned';

export const PLANTS = [
	'status_mismatch_fulfilled',
	'status_mismatch_cancelled',
	'tracking_missing',
	'backordered',
	'address_invalid',
	'not_sent_to_fulfillment',
	'tracking_stalled',
	'tracking_stalled_late',
	'delivery_late',
	'delivery_failed',
	'returned_to_sender',
	// Added (issue 12): the vendors as they really are.
	'address_changed_after_import',
	'quantity_mismatch',
	'shipped_not_in_shopify',
	'estimate_withdrawn',
] as const;
export type Plant = (typeof PLANTS)[number];

/**
 * 'recovered': a parcel that stopped moving for days (stalled in the middle of the scenario) and was
 * then delivered: clean at the end time, so a case opened on the way must clear.
 */
/**
 * 'shipped_same_evening' (issue 12): ShipStation labelled it the evening it was placed, after 17:00 Pacific, so
 * its date-only shipDate is the day BEFORE the label's UTC date: read as UTC midnight it would put the
 * shipment before the order. In transit and clean.
 */
export const CLEAN_STORIES = [
	'delivered',
	'in_transit',
	'at_warehouse',
	'just_placed',
	'cancelled',
	'recovered',
	'shipped_same_evening',
] as const;
export type CleanStory = (typeof CLEAN_STORIES)[number];

export interface WorldLine {
	sku: string;
	title: string;
	quantity: number;
}

export interface WorldAddress {
	firstName: string;
	lastName: string;
	address1: string;
	city: string;
	province: string;
	provinceCode: string;
	zip: string;
	/** The customer's IANA zone (what a carrier's date-only estimate means there). */
	zone: string;
}

export interface ParcelEvent {
	step: ParcelStep;
	atMs: number;
	/** Index into the carrier sims' shared places (carrierScenarios.ts). */
	place: number;
}

export interface WorldParcel {
	trackingNumber: string;
	carrier: CarrierCode;
	/** Which order lines (index into WorldOrder.lines) and how many units travel in this parcel. */
	lines: Array<{ line: number; quantity: number }>;
	/** When the warehouse bought the label (the parcel exists at the warehouse and the carrier from then). */
	labelAtMs: number;
	/** When Shopify got the fulfillment with this tracking number; null: never (tracking_missing). */
	shopifyAtMs: number | null;
	/** The whole planned journey, oldest first; a projection shows the events up to "now". */
	events: ParcelEvent[];
	/** The carrier's estimate while undelivered; null when the carrier gives none. */
	estimatedDeliveryMs: number | null;
	/**
	 * Added (issue 12): the carrier stopped giving an estimate at this instant (FedEx drops ESTIMATED_DELIVERY
	 * and COMMITMENT once they have passed); null: never. A withdrawn estimate is not a delivery.
	 */
	estimateWithdrawnAtMs?: number | null;
}

export interface WorldOrder {
	/** Position in placement order: order name is #(1001 + index). */
	index: number;
	/** Canonical order key ("1001"). */
	key: string;
	name: string;
	placedAtMs: number;
	email: string;
	address: WorldAddress;
	lines: WorldLine[];
	shippingMethod: string;
	fulfiller: Fulfiller;
	/** When the warehouse received the order; null: never (not_sent_to_fulfillment, just placed). */
	sentAtMs: number | null;
	/** A warehouse hold (3PL): what and since when. */
	hold: { reason: 'inventory' | 'address'; atMs: number } | null;
	/** Cancelled in Shopify at. */
	shopifyCancelledAtMs: number | null;
	/** The warehouse cancelled it at (null: never heard of the cancellation). */
	warehouseCancelledAtMs: number | null;
	/** Someone marked the order fulfilled in Shopify by hand, without tracking (status_mismatch). */
	shopifyManualFulfilledAtMs: number | null;
	/**
	 * Added (issue 12): the order was edited in Shopify after the warehouse imported it, and the edit never
	 * reached the warehouse. `address` and `lines` are Shopify's values after the edit; `before` holds what
	 * Shopify showed until `atMs` and what the warehouse keeps for good.
	 */
	shopifyEdit?: { atMs: number; before: { address?: WorldAddress; lines?: WorldLine[] } } | null;
	parcels: WorldParcel[];
	plant: Plant | null;
	story: CleanStory | null;
}

/** The address and lines the warehouse imported (Shopify's before an edit that never reached it). */
export function warehouseView(order: WorldOrder): { address: WorldAddress; lines: WorldLine[] } {
	return {
		address: order.shopifyEdit?.before.address ?? order.address,
		lines: order.shopifyEdit?.before.lines ?? order.lines,
	};
}

/** The address and lines Shopify shows at `nowMs`. */
export function shopifyView(order: WorldOrder, nowMs: number): { address: WorldAddress; lines: WorldLine[] } {
	const edit = order.shopifyEdit;
	if (!edit || edit.atMs <= nowMs) return { address: order.address, lines: order.lines };
	return { address: edit.before.address ?? order.address, lines: edit.before.lines ?? order.lines };
}

export interface TruthEntry {
	orderKey: string;
	plant: Plant | null;
	story: CleanStory | null;
	/** Every exception type the engine must have open at the end time (sorted; empty for a clean order). */
	exceptions: ExceptionType[];
	stage: Stage;
}

/** A failure the sandbox injects into a vendor's answers (recorded as part of the truth). */
export interface PlannedFailure {
	vendor: string;
	kind: '429' | '500' | 'timeout';
	/** How many requests in a row get it. */
	times: number;
}

export interface World {
	seed: number;
	/** Which 3PL takes the overflow orders. */
	threePl: ThreePl;
	/** The store's zone (the engine's default policy zone). */
	timeZone: string;
	startMs: number;
	endMs: number;
	orders: WorldOrder[];
	truth: Record<string, TruthEntry>;
	failures: PlannedFailure[];
}
