/**
 * The canonical order model (see DESIGN.md "The canonical order").
 *
 * Every connector normalises what its vendor says into Observations; the engine folds a set of
 * observations into one OrderRecord. This file is the contract between the two, so connectors and
 * the engine can be built independently: extend it additively, never change a meaning.
 */

/** Systems an observation can come from. */
export const SOURCES = [
	'shopify',
	'shipstation',
	'shipbob',
	'shiphero',
	'shipmonk',
	'extensiv',
	'ups',
	'fedex',
	'usps',
	'dhl',
	'easypost',
	'klaviyo',
	'slack',
	'manual',
	/** Added (issue 17): the customer's own requests, made on the self-service pages. */
	'customer',
] as const;
export type Source = (typeof SOURCES)[number];

/** Sources that fulfil orders (a warehouse, 3PL or shipping platform). */
export const FULFILLMENT_SOURCES = ['shipstation', 'shipbob', 'shiphero', 'shipmonk', 'extensiv'] as const;
export const CARRIER_SOURCES = ['ups', 'fedex', 'usps', 'dhl', 'easypost'] as const;

/**
 * One lifecycle stage per order. Ordered by progress: STAGE_RANK decides what "backwards" means.
 * cancelled, return_requested and returned are explicit transitions, not progress.
 */
export const STAGES = [
	'placed',
	'on_hold',
	'awaiting_fulfillment',
	'backordered',
	'in_fulfillment',
	'partially_shipped',
	'shipped',
	'in_transit',
	'out_for_delivery',
	'partially_delivered',
	'delivered',
	'return_requested',
	'returned',
	'cancelled',
] as const;
export type Stage = (typeof STAGES)[number];

export const EXCEPTION_TYPES = [
	'not_sent_to_fulfillment',
	'fulfillment_stuck',
	'backordered',
	'address_invalid',
	'status_mismatch',
	'tracking_missing',
	'tracking_stalled',
	'delivery_late',
	'delivery_failed',
	'returned_to_sender',
	'notification_late',
	'edit_after_cutoff',
] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** An exception is an owned case, not a flag: someone acknowledges it, someone resolves it. */
export interface ExceptionCase {
	/** Stable id: `${orderKey}:${type}:${openedAt}`-derived, so the same case is never opened twice. */
	id: string;
	orderKey: string;
	type: ExceptionType;
	severity: Severity;
	openedAt: string;
	/** Facts that made the rule fire, readable by a person (and by Slack). */
	evidence: Record<string, unknown>;
	owner?: string | null;
	ackedAt?: string | null;
	resolvedAt?: string | null;
	/** 'cleared' when the engine saw the evidence go away; otherwise what a person wrote. */
	resolution?: string | null;
}

/** Normalised fulfillment status shared by ShipStation and every 3PL. */
export const FULFILLMENT_STATUSES = [
	'received',
	'processing',
	'picked',
	'packed',
	'shipped',
	'partially_shipped',
	'on_hold',
	'cancelled',
	'exception',
	'unknown',
] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];
export type HoldReason = 'address' | 'inventory' | 'payment' | 'manual_review' | 'other';

/** Normalised carrier status shared by every carrier. */
export const TRACKING_STATUSES = [
	'pre_transit',
	'in_transit',
	'out_for_delivery',
	'available_for_pickup',
	'delivered',
	'failed_attempt',
	'exception',
	'returned_to_sender',
	'unknown',
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export interface Address {
	name?: string | null;
	company?: string | null;
	address1?: string | null;
	address2?: string | null;
	city?: string | null;
	province?: string | null;
	provinceCode?: string | null;
	zip?: string | null;
	country?: string | null;
	countryCode?: string | null;
	phone?: string | null;
}

export interface LineQuantity {
	sku?: string | null;
	/** Source's own line id, when it has one. */
	lineId?: string | null;
	title?: string | null;
	quantity: number;
	/**
	 * Added (issue 12): false for a line nothing is shipped for (gift card, digital good, shipping-protection
	 * product; Shopify LineItem.requiresShipping). Such lines are not expected at the warehouse.
	 */
	requiresShipping?: boolean | null;
}

/* ---------- observation payloads, one per kind ---------- */

/** kind 'order': the store's view of the order (Shopify). */
export interface OrderSnapshotData {
	name: string;
	shopifyId?: string | null;
	createdAt: string;
	cancelledAt?: string | null;
	cancelReason?: string | null;
	closedAt?: string | null;
	/** Shopify displayFinancialStatus, kept verbatim (PAID, PENDING, REFUNDED, ...). */
	financialStatus?: string | null;
	/** Shopify displayFulfillmentStatus, kept verbatim (UNFULFILLED, PARTIALLY_FULFILLED, FULFILLED, ...). */
	fulfillmentStatus?: string | null;
	email?: string | null;
	phone?: string | null;
	customerName?: string | null;
	locale?: string | null;
	shippingAddress?: Address | null;
	lineItems?: LineQuantity[];
	tags?: string[];
	/** A promised delivery date the customer was shown at checkout, when the store has one. */
	promisedDeliveryBy?: string | null;
	/** Shipping method title, used to pick the SLA. */
	shippingMethod?: string | null;
	/**
	 * Added (issue 12): when the order was paid (UTC ISO), when the source says (Shopify processedAt of the
	 * capture). Without it the engine takes the first observation that shows it paid.
	 */
	paidAt?: string | null;
	/**
	 * Added (issue 12): Shopify's Order.returnStatus verbatim (NO_RETURN, RETURN_REQUESTED, IN_PROGRESS,
	 * RETURNED, ...).
	 */
	returnStatus?: string | null;
}

/** kind 'fulfillment_order': one Shopify FulfillmentOrder (where and whether the order will be fulfilled). */
export interface FulfillmentOrderData {
	id: string;
	/** Shopify FulfillmentOrderStatus verbatim: OPEN, IN_PROGRESS, ON_HOLD, SCHEDULED, CLOSED, CANCELLED, INCOMPLETE. */
	status: string;
	/** FulfillmentOrderRequestStatus verbatim (UNSUBMITTED, SUBMITTED, ACCEPTED, ...). */
	requestStatus?: string | null;
	holdReasons?: string[];
	assignedLocation?: string | null;
	/** Added (issue 12): the numeric id of the assigned Shopify location ("71234567890"): SLA clocks run per location. */
	assignedLocationId?: string | null;
	lineItems?: Array<LineQuantity & { remaining?: number }>;
	updatedAt?: string | null;
}

/** kind 'fulfillment': the warehouse's (ShipStation / 3PL) view of the order. */
export interface FulfillmentStatusData {
	status: FulfillmentStatus;
	/** The vendor's own status string, always kept (also when status is 'unknown'). */
	rawStatus: string;
	holdReason?: HoldReason | null;
	holdDetail?: string | null;
	/**
	 * Added for ShipStation (additive): the date (YYYY-MM-DD) a timed hold releases itself, when the vendor
	 * has one (ShipStation holdUntilDate). Lets rules tell a planned hold from a stuck one.
	 */
	holdUntil?: string | null;
	/** The vendor's order id. */
	externalId?: string | null;
	warehouse?: string | null;
	lines?: Array<{ sku?: string | null; ordered: number; shipped: number }>;
	/**
	 * Added (issue 17, ShipBob): what the warehouse holds to ship now, SKU and units, where that can differ from
	 * `lines` (the order as it came in). ShipBob edits a shipment's line items without changing the order's products,
	 * so its shipments say what will ship. The item swap compares this when it is given, else `lines`.
	 */
	heldItems?: Array<{ sku: string | null; quantity: number }>;
	/** When the vendor says it last changed. */
	updatedAt?: string | null;
	/** Address as the warehouse has it (to detect edits that never reached it). */
	shippingAddress?: Address | null;
	/**
	 * Added (issue 12): when the warehouse first received or imported the order, by its own clock (UTC ISO).
	 * An address changed in Shopify after this instant may never have reached the warehouse.
	 */
	importedAt?: string | null;
	/**
	 * Added (issue 12): the key the warehouse record was found by ("reference_id:5012345678901",
	 * "order_number:1001").
	 */
	matchedBy?: string | null;
	/** Added (issue 12): the Shopify location this warehouse ships for, when known (per-location SLA clocks). */
	locationId?: string | null;
}

/** kind 'shipment': one parcel as a source sees it (Shopify fulfillment, ShipStation shipment, 3PL shipment). */
export interface ShipmentData {
	shipmentId: string;
	trackingNumber?: string | null;
	/** Carrier as the source names it ("UPS", "fedex", "USPS", "DHL Express", ...). */
	carrier?: string | null;
	trackingUrl?: string | null;
	shippedAt?: string | null;
	voided?: boolean;
	lines?: LineQuantity[];
	/** Vendor status string, when the source has one (Shopify FulfillmentStatus / displayStatus). */
	rawStatus?: string | null;
	/**
	 * Added (issue 12): the warehouse's local calendar date of shipping (YYYY-MM-DD) when the source gives a
	 * date without time or zone (ShipStation v1 `shipDate`). Never turned into UTC midnight: rules read it
	 * as the end of that day in the warehouse's zone (policy.warehouseTimeZone). shippedAt stays null
	 * unless the source also gives an instant.
	 */
	shippedOn?: string | null;
	/** Added (issue 12): 'return' for a parcel on its way back to the merchant (reverse delivery); absent = outbound. */
	direction?: 'outbound' | 'return';
	/** Added (issue 12): the return this parcel belongs to (direction 'return'). */
	returnId?: string | null;
	/** Added (issue 12): the Shopify location / fulfillment order it shipped from, when known. */
	locationId?: string | null;
	fulfillmentOrderId?: string | null;
}

export interface TrackingEvent {
	/** ISO 8601 with the zone offset as the carrier reported it. */
	at: string;
	status: TrackingStatus;
	code?: string | null;
	description?: string | null;
	location?: string | null;
	/**
	 * Added (issue 12): the carrier's own wall time when it gave no offset (DHL event timestamps are local
	 * to the scan location), kept verbatim so nothing is lost in translation.
	 */
	localTime?: string | null;
	/** Added (issue 12): the IANA zone used to place localTime on the timeline; null when it could not be resolved. */
	timeZone?: string | null;
	/**
	 * Added (issue 12): true when the zone of localTime could not be resolved. `at` is then the LATEST
	 * instant the wall time can mean (read at UTC-12), so a stall clock never starts early on a guess.
	 */
	atUncertain?: boolean;
	/**
	 * Added (issue 12): false when the event is not the carrier handling the parcel (label data received,
	 * UPS logicalScan, a DHL customs status update, a USPS system event with a date only); such an event
	 * never starts or feeds a stall clock. Absent = not stated (read it as status !== 'pre_transit').
	 */
	physicalScan?: boolean;
}

/** kind 'tracking': the carrier's view of one tracking number. */
export interface TrackingData {
	trackingNumber: string;
	carrier: string;
	status: TrackingStatus;
	rawStatus: string;
	estimatedDelivery?: string | null;
	deliveredAt?: string | null;
	/** Time of the newest scan, the input to tracking_stalled. */
	lastEventAt?: string | null;
	events?: TrackingEvent[];
	/**
	 * Added (issue 12): IANA zone of the destination, so a date-only estimate or commitment means "by the
	 * end of that day there" (FedEx/UPS dates at local midnight are dates, not instants).
	 */
	destinationTimeZone?: string | null;
	/** Added (issue 12): the carrier's commitment (FedEx COMMITMENT, UPS scheduled delivery SDD), date or instant. */
	commitment?: string | null;
	/** Added (issue 12): the window of the estimate when the carrier gives one (dates or instants). */
	estimatedWindow?: { from?: string | null; to?: string | null } | null;
	/** Added (issue 12): 'shopify' when this is carrier news relayed by Shopify (fulfillment shipment_status). */
	relayedBy?: string | null;
}

/** kind 'notification': a customer-facing message we sent (Klaviyo event). */
export interface NotificationData {
	event: string;
	uniqueId: string;
	sentAt: string;
	shipmentKey?: string | null;
}

/** kind 'return': a return as the store or the 3PL sees it. */
export interface ReturnData {
	returnId: string;
	/** requested | open | in_transit | received | closed | declined | cancelled */
	status: string;
	rawStatus?: string | null;
	lines?: LineQuantity[];
}

/**
 * Added (issue 17): how a self-service request ended. applied: changed automatically, no person involved;
 * approval: sent to a person (the Slack approval queue); refused: nothing changed, nothing a person could do;
 * failed: failed midway, the order left for a person (on hold in Shopify when `held`); approved / rejected: a
 * person decided a request that went to approval.
 */
export const EDIT_OUTCOMES = ['applied', 'approval', 'refused', 'failed', 'approved', 'rejected'] as const;
export type EditOutcome = (typeof EDIT_OUTCOMES)[number];
/** What an edit request asks to change. */
export const EDIT_FIELDS = ['shipping_address', 'line_items', 'cancel'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

/**
 * kind 'edit_request': a customer asked to change the order (address edit self-service). The self-service flow
 * records one observation per outcome of a request (source 'customer', sourceId the request id, occurredAt when
 * the outcome happened), so the record keeps each request's newest outcome.
 */
export interface EditRequestData {
	field: EditField;
	requestedAt: string;
	/** The change was made (to the order in Shopify and the warehouse). */
	applied: boolean;
	reason?: string | null;
	/** Added (issue 17): the self-service request this outcome belongs to (the observation's sourceId). */
	requestId?: string;
	/** Added (issue 17): how the request ended (see EDIT_OUTCOMES). Absent on requests recorded before it existed. */
	outcome?: EditOutcome;
	/** Added (issue 17): the decision's reason codes (nodes/lib/selfservice/decide.ts: "country_change", ...). */
	reasons?: string[];
	/** Added (issue 17): when the outcome was reached (UTC ISO). */
	decidedAt?: string | null;
	/** Added (issue 17): milliseconds from the request to its outcome. */
	durationMs?: number | null;
	/** Added (issue 17): 'self_service' when applied automatically, else the person (Slack user) who decided. */
	decidedBy?: string | null;
	/** Added (issue 17): true when the change was applied before any parcel shipped. */
	beforeShipping?: boolean;
	/** Added (issue 17): failed midway, and the order was left on hold in Shopify for a person. */
	held?: boolean;
	/**
	 * Added (issue 17): where the new address delivers, coarse ("Seattle, WA, US"), for the person deciding in
	 * Slack; the street stays with the request in the ledger (customer data).
	 */
	destination?: string | null;
	/**
	 * Added (issue 17): what an item swap changes, in words ("1 × Trail Runner: L → M; 2 × Cap: Red → Blue"), for the
	 * person deciding in Slack.
	 */
	items?: string | null;
}

/**
 * Added (issue 12) kind 'lookup': the source was asked for the order (or a parcel) by every key it knows,
 * at occurredAt, and did or did not have it. "Not at the warehouse" is concluded only from a lookup that
 * tried every key (ShipBob: the Shopify order id as reference_id first, then the order name), never from
 * one failed key; and a not_sent_to_fulfillment case opens only on a lookup made after its threshold.
 */
export interface LookupData {
	subject: 'order' | 'tracking';
	/** Every key tried, as "<field>:<value>" ("reference_id:5012345678901", "order_number:1001"). */
	keys: string[];
	found: boolean;
}

/** kind 'address_check': an address validation result (carrier or 3PL). */
export interface AddressCheckData {
	valid: boolean;
	messages?: string[];
}

export interface ObservationDataByKind {
	order: OrderSnapshotData;
	fulfillment_order: FulfillmentOrderData;
	fulfillment: FulfillmentStatusData;
	shipment: ShipmentData;
	tracking: TrackingData;
	notification: NotificationData;
	return: ReturnData;
	edit_request: EditRequestData;
	address_check: AddressCheckData;
	lookup: LookupData;
}
export type ObservationKind = keyof ObservationDataByKind;
export const OBSERVATION_KINDS: ObservationKind[] = [
	'order',
	'fulfillment_order',
	'fulfillment',
	'shipment',
	'tracking',
	'notification',
	'return',
	'edit_request',
	'address_check',
	'lookup',
];

/** One fact from one source about one order. */
export interface Observation<K extends ObservationKind = ObservationKind> {
	source: Source;
	/** The id of the thing in the source system (order gid, shipment id, tracking number...). */
	sourceId: string;
	/**
	 * The canonical order key: the order number as customers and every warehouse see it, without '#'
	 * ("#1001" -> "1001"). Shopify, ShipStation and the 3PLs all carry it.
	 */
	orderKey: string;
	kind: K;
	/** When it happened at the source (ISO 8601). */
	occurredAt: string;
	/** When we learned it (ISO 8601). */
	receivedAt: string;
	/** Idempotency key: the same fact always has the same key (webhook event id, shipment id + version...). */
	key: string;
	data: ObservationDataByKind[K];
}

/* ---------- the canonical record ---------- */

export interface ShipmentState {
	/** trackingNumber when known, else `${source}:${shipmentId}`. */
	key: string;
	trackingNumber?: string | null;
	carrier?: string | null;
	trackingUrl?: string | null;
	shippedAt?: string | null;
	/** Which systems know this parcel: tracking_missing is "a warehouse knows it, Shopify does not". */
	seenBy: Source[];
	trackingStatus?: TrackingStatus | null;
	lastEventAt?: string | null;
	estimatedDelivery?: string | null;
	deliveredAt?: string | null;
	/** Added (issue 2): true when every source that knows this parcel says it was voided/cancelled. */
	voided?: boolean;
	/** Added (issue 2): `${source}:${shipmentId}` of every source record of this parcel. */
	sourceRefs?: string[];
	/** Added (issue 12): the warehouse's local ship date (YYYY-MM-DD) when the source gave a date only. */
	shippedOn?: string | null;
	/** Added (issue 12): 'return' for a parcel on its way back to the merchant; never counted as an outbound shipment. */
	direction?: 'outbound' | 'return';
	/** Added (issue 12): the return a return parcel belongs to. */
	returnId?: string | null;
	/** Added (issue 12): the Shopify location / fulfillment order the parcel shipped from, when known. */
	locationId?: string | null;
	fulfillmentOrderId?: string | null;
	/** Added (issue 12): the newest PHYSICAL carrier scan (label-created / pre-transit events are not scans). */
	lastScanAt?: string | null;
	/**
	 * Added (issue 17): where that scan was, as the carrier wrote it, and the IANA zone of its local time, so the
	 * customer's page can say "Ontario, CA, 12:00" without the scan list (which the record does not keep).
	 */
	lastScanPlace?: string | null;
	lastScanTimeZone?: string | null;
}

/**
 * Added (issue 2): the newest fact per slot `(source, kind, sourceId)`, kept on the record so that
 * reconcile(reconcile(null, A).record, B) equals reconcile(null, A ∪ B) and the ledger can merge two
 * records as a join (newest per slot wins by occurredAt, ties broken by key).
 */
export interface OrderFact {
	/** `${source}|${kind}|${sourceId}` */
	slot: string;
	source: Source;
	kind: ObservationKind;
	sourceId: string;
	/** occurredAt (normalised to UTC ISO) and key of the winning (newest) observation of this slot. */
	at: string;
	key: string;
	/** Earliest occurredAt ever seen in this slot (UTC ISO): "first sent to the warehouse" etc. */
	firstAt: string;
	/**
	 * Earliest receivedAt of this slot's observations (UTC ISO): when we first learned it. The
	 * earliest over an order's facts is when this system first knew the order, so notification_late
	 * never blames us for milestones reached before we could have told anyone (the day of install).
	 * Absent on facts stored before it existed.
	 */
	firstReceivedAt?: string;
	/**
	 * Newest receivedAt of this slot (UTC ISO): when we last heard it from its source. Lets a workflow
	 * skip asking a vendor again when the sweep read the same thing minutes ago.
	 */
	lastReceivedAt?: string;
	/** Newest status tokens of this slot as [UTC ISO, token], oldest first, bounded: "since when on hold". */
	history?: Array<[string, string]>;
	/** Sticky milestones a later snapshot must not erase (UTC ISO). */
	deliveredAt?: string | null;
	cancelledAt?: string | null;
	lastEventAt?: string | null;
	/** Added (issue 12), order facts: when the order was first seen paid (earliest; see OrderSnapshotData.paidAt). */
	paidAt?: string;
	/** Added (issue 12), tracking facts: earliest and newest PHYSICAL scan (any status but pre_transit/unknown). */
	firstScanAt?: string;
	lastScanAt?: string;
	/**
	 * Added (issue 17), tracking facts: [scan time, place] and [scan time, IANA zone] of the newest physical scan
	 * that named them (ties broken by value, as the estimates' pairs), so the newest place survives joins.
	 */
	lastScanPlace?: [string, string];
	lastScanZone?: [string, string];
	/**
	 * Added (issue 12), tracking facts: [occurredAt, value] of the first and of the newest observation that
	 * carried an estimate / a commitment (ties broken by value), so the first promise survives later
	 * estimates and a withdrawn estimate leaves the last known one standing.
	 */
	firstEstimate?: [string, string];
	newestEstimate?: [string, string];
	firstCommitment?: [string, string];
	newestCommitment?: [string, string];
	/**
	 * Added (issue 12), order and warehouse facts: content key ("addr:<normalised address>",
	 * "lines:<sku=qty,...>") -> earliest occurredAt it was seen, so a rule can say since when each side says
	 * what it says now (an address changed after the warehouse imported the order).
	 */
	since?: Record<string, string>;
	/** The winning observation's data (tracking events dropped: history keeps their times). */
	data: ObservationDataByKind[ObservationKind];
}

/** One canonical, enriched order: what the ledger stores and every downstream step reads. */
export interface OrderRecord {
	orderKey: string;
	name?: string | null;
	shopifyId?: string | null;
	stage: Stage;
	stageChangedAt: string;
	/** Each source's own status, kept beside the stage and never replaced by it. */
	sourceStatus: {
		shopify?: {
			financialStatus?: string | null;
			fulfillmentStatus?: string | null;
			fulfillmentOrders?: Array<{ id: string; status: string; holdReasons?: string[] }>;
			observedAt: string;
		};
		fulfillment?: {
			source: Source;
			status: FulfillmentStatus;
			rawStatus: string;
			holdReason?: HoldReason | null;
			observedAt: string;
		};
	};
	dates: {
		placedAt?: string | null;
		sentToFulfillmentAt?: string | null;
		shippedAt?: string | null;
		deliveredAt?: string | null;
		cancelledAt?: string | null;
		promisedBy?: string | null;
		estimatedDelivery?: string | null;
	};
	shipments: ShipmentState[];
	customer: { email?: string | null; phone?: string | null; name?: string | null; locale?: string | null };
	shippingAddress?: Address | null;
	lineItems?: LineQuantity[];
	/** Open and recently resolved cases; openExceptionTypes is derived from it. */
	exceptions: ExceptionCase[];
	openExceptionTypes: ExceptionType[];
	/**
	 * Notifications already sent (by uniqueId), so notification_late and dedup can be decided; the
	 * parcel each was about (null: the whole order), so a workflow can tell which milestones of which
	 * parcel the customer still has to hear about. Records stored before shipmentKey existed lack it.
	 */
	notifications: Array<{ event: string; uniqueId: string; sentAt: string; shipmentKey?: string | null }>;
	/** Newest observation time seen per source: the basis of status_mismatch grace windows. */
	lastSeen: Partial<Record<Source, string>>;
	/** Optimistic concurrency: bumped by the ledger on every successful write. */
	version: number;
	updatedAt: string;
	/** Added (issue 2): the evidence the record is derived from (see OrderFact). */
	facts?: OrderFact[];
}
