/**
 * From facts to the canonical record fields: stage, shipments, dates, each source's own status.
 * Everything here is a function of the fact set alone (no clock, no policy), so the ledger can merge two
 * records by joining their facts and deriving again.
 */
import { CARRIER_SOURCES, FULFILLMENT_SOURCES, STAGES } from './types';
import type {
	FulfillmentOrderData,
	FulfillmentStatusData,
	NotificationData,
	OrderFact,
	OrderRecord,
	OrderSnapshotData,
	ReturnData,
	ShipmentData,
	ShipmentState,
	Source,
	Stage,
	TrackingData,
} from './types';
import { laterPair, toIso } from './facts';
import { sortInPlace, sortTexts } from './sort';
import {
	atLocation,
	perLocationFulfillmentOrders,
	quantitiesBySku,
	sameFulfillmentOrder,
	warehouseCovers,
} from './locations';

const FULFILLMENT_SOURCE_SET = new Set<string>(FULFILLMENT_SOURCES);
const CARRIER_SOURCE_SET = new Set<string>(CARRIER_SOURCES);

/** Progress order of stages; cancelled/returned rank highest because they are explicit, final transitions. */
export const STAGE_RANK: Record<Stage, number> = Object.fromEntries(STAGES.map((s, i) => [s, i])) as Record<
	Stage,
	number
>;

export const SHIPPED_STAGES = new Set<Stage>([
	'partially_shipped',
	'shipped',
	'in_transit',
	'out_for_delivery',
	'partially_delivered',
	'delivered',
]);
export const PRE_SHIP_STAGES = new Set<Stage>([
	'placed',
	'on_hold',
	'awaiting_fulfillment',
	'backordered',
	'in_fulfillment',
]);

/** "1z 999 aa1" -> "1Z999AA1": the same parcel is spelled differently by Shopify, the 3PL and the carrier. */
export function normaliseTrackingNumber(tn: string | null | undefined): string | null {
	if (!tn) return null;
	const n = tn.replace(/[\s-]/g, '').toUpperCase();
	return n === '' ? null : n;
}

const CARRIER_ALIASES: Array<[RegExp, string]> = [
	[/ups/i, 'ups'],
	[/fed\s*ex/i, 'fedex'],
	[/usps|postal|stamps/i, 'usps'],
	[/dhl/i, 'dhl'],
];
/** Carrier names as sources spell them ("UPS Ground", "FedEx", "stamps_com") -> a policy key. */
export function normaliseCarrier(carrier: string | null | undefined): string | null {
	if (!carrier) return null;
	for (const [re, key] of CARRIER_ALIASES) if (re.test(carrier)) return key;
	return carrier.trim().toLowerCase();
}

/** The facts of one order, sorted by role. */
export interface FactView {
	order?: OrderFact;
	/** Added (issue 12): lookup facts (a source asked by every key it knows), any order. */
	lookups: OrderFact[];
	fulfillmentOrders: OrderFact[];
	/** Warehouse facts, newest first. */
	fulfillments: OrderFact[];
	shipmentFacts: OrderFact[];
	trackingFacts: OrderFact[];
	notifications: OrderFact[];
	returns: OrderFact[];
	edits: OrderFact[];
	/** Address checks, newest first. */
	addressChecks: OrderFact[];
	cancelledAt: string | null;
	lastSeen: Partial<Record<Source, string>>;
	/** When this system first learned anything about the order (earliest receivedAt); null when unknown. */
	knownSince: string | null;
}

function newestFirst(a: OrderFact, b: OrderFact): number {
	if (a.at !== b.at) return a.at > b.at ? -1 : 1;
	return a.key > b.key ? -1 : a.key < b.key ? 1 : 0;
}

/**
 * The list of a role no fact has: most orders have facts of four or five of the nine roles, and a list made per
 * role per order was garbage for the young-generation collector (issue 14). Frozen, so a push into it throws
 * instead of sharing a fact between views.
 */
const NO_FACTS = Object.freeze([]) as unknown as OrderFact[];

/** The role's list with the fact added: a list of its own on the first fact. */
function withFact(list: OrderFact[], f: OrderFact): OrderFact[] {
	if (list === NO_FACTS) return [f];
	list.push(f);
	return list;
}

export function viewOf(facts: Iterable<OrderFact>): FactView {
	const v: FactView = {
		lookups: NO_FACTS,
		fulfillmentOrders: NO_FACTS,
		fulfillments: NO_FACTS,
		shipmentFacts: NO_FACTS,
		trackingFacts: NO_FACTS,
		notifications: NO_FACTS,
		returns: NO_FACTS,
		edits: NO_FACTS,
		addressChecks: NO_FACTS,
		cancelledAt: null,
		lastSeen: {},
		knownSince: null,
	};
	for (const f of facts) {
		if (f.firstReceivedAt && (v.knownSince === null || f.firstReceivedAt < v.knownSince))
			v.knownSince = f.firstReceivedAt;
		const seen = v.lastSeen[f.source];
		if (seen === undefined || f.at > seen) v.lastSeen[f.source] = f.at;
		switch (f.kind) {
			case 'order':
				if (v.order === undefined || newestFirst(f, v.order) < 0) v.order = f;
				if (f.cancelledAt && (v.cancelledAt === null || f.cancelledAt < v.cancelledAt)) v.cancelledAt = f.cancelledAt;
				break;
			case 'fulfillment_order':
				v.fulfillmentOrders = withFact(v.fulfillmentOrders, f);
				break;
			case 'fulfillment':
				v.fulfillments = withFact(v.fulfillments, f);
				break;
			case 'shipment':
				v.shipmentFacts = withFact(v.shipmentFacts, f);
				break;
			case 'tracking':
				v.trackingFacts = withFact(v.trackingFacts, f);
				break;
			case 'notification':
				v.notifications = withFact(v.notifications, f);
				break;
			case 'return':
				v.returns = withFact(v.returns, f);
				break;
			case 'edit_request':
				v.edits = withFact(v.edits, f);
				break;
			case 'address_check':
				v.addressChecks = withFact(v.addressChecks, f);
				break;
			case 'lookup':
				v.lookups = withFact(v.lookups, f);
				break;
		}
	}
	if (v.fulfillments.length > 1) sortInPlace(v.fulfillments, newestFirst);
	if (v.addressChecks.length > 1) sortInPlace(v.addressChecks, newestFirst);
	return v;
}

/** A parcel with the internals the rules need besides the public ShipmentState. */
export interface DerivedShipment extends ShipmentState {
	firstSeenAt: string;
	/** Tracking fact of the carrier, when one exists. */
	tracking?: OrderFact;
	/** Added (issue 12): every tracking fact of this parcel (carrier reads and Shopify relays). */
	trackingFacts: OrderFact[];
	/** Added (issue 12): earliest physical scan over every tracking fact. */
	firstScanAt?: string | null;
	/** Added (issue 17): the newest scan place and zone over every tracking fact, with their scan times. */
	scanPlace?: [string, string];
	scanZone?: [string, string];
	/** Added (issue 12): lines per source that reported this parcel, by upper-case SKU ('' = no SKU). */
	linesBySource: Map<string, Map<string, number>>;
}

/** Outbound parcels that were not voided: what the order's stage and every outbound rule look at. */
export function outboundLive(shipments: DerivedShipment[]): DerivedShipment[] {
	return shipments.filter((s) => !s.voided && s.direction !== 'return');
}

function addUnique<T>(list: T[], value: T): void {
	if (!list.includes(value)) list.push(value);
}

/** Group shipment facts and carrier tracking facts into parcels, keyed by tracking number. */
export function deriveShipments(view: FactView): DerivedShipment[] {
	const byKey = new Map<string, DerivedShipment>();
	// The parcels in the order they were made (the Map's order), walked as a list: iterating the Map made an
	// iterator and a result object per step (issue 14).
	const parcels: DerivedShipment[] = [];
	for (const f of view.shipmentFacts) {
		const d = f.data as ShipmentData;
		const tn = normaliseTrackingNumber(d.trackingNumber);
		const key = tn ?? `${f.source}:${d.shipmentId}`;
		let s = byKey.get(key);
		if (s === undefined) {
			s = {
				key,
				trackingNumber: tn,
				carrier: d.carrier ?? null,
				trackingUrl: d.trackingUrl ?? null,
				shippedAt: null,
				seenBy: [],
				sourceRefs: [],
				voided: true,
				firstSeenAt: f.firstAt,
				trackingFacts: [],
				linesBySource: new Map(),
			};
			byKey.set(key, s);
			parcels.push(s);
		}
		if (d.direction === 'return') s.direction = 'return';
		if (d.returnId && (!s.returnId || d.returnId < s.returnId)) s.returnId = d.returnId;
		if (d.shippedOn && !d.voided && (!s.shippedOn || d.shippedOn < s.shippedOn)) s.shippedOn = d.shippedOn;
		if (d.locationId && (!s.locationId || d.locationId < s.locationId)) s.locationId = d.locationId;
		if (d.fulfillmentOrderId && (!s.fulfillmentOrderId || d.fulfillmentOrderId < s.fulfillmentOrderId))
			s.fulfillmentOrderId = d.fulfillmentOrderId;
		if (!d.voided && d.lines && d.lines.length > 0) {
			const lines = new Map<string, number>();
			for (const l of d.lines) {
				const sku = typeof l.sku === 'string' ? l.sku.trim().toUpperCase() : '';
				lines.set(sku, (lines.get(sku) ?? 0) + (Number(l.quantity) || 0));
			}
			// Two records of one source for one parcel (a re-poll under a new id) are the same lines: keep the
			// larger per SKU, so the result does not depend on which record came first.
			const before = s.linesBySource.get(f.source);
			if (before !== undefined) for (const [sku, q] of before) lines.set(sku, Math.max(lines.get(sku) ?? 0, q));
			s.linesBySource.set(f.source, lines);
		}
		addUnique(s.seenBy, f.source);
		addUnique(s.sourceRefs as string[], `${f.source}:${d.shipmentId}`);
		if (!d.voided) s.voided = false;
		if (!s.carrier && d.carrier) s.carrier = d.carrier;
		if (!s.trackingUrl && d.trackingUrl) s.trackingUrl = d.trackingUrl;
		const shipped = toIso(d.shippedAt);
		if (shipped && !d.voided && (!s.shippedAt || shipped < s.shippedAt)) s.shippedAt = shipped;
		if (f.firstAt < s.firstSeenAt) s.firstSeenAt = f.firstAt;
	}
	for (const f of view.trackingFacts) {
		const d = f.data as TrackingData;
		const tn = normaliseTrackingNumber(d.trackingNumber) as string;
		let s = byKey.get(tn);
		if (s === undefined) {
			s = {
				key: tn,
				trackingNumber: tn,
				carrier: d.carrier,
				trackingUrl: null,
				shippedAt: null,
				seenBy: [],
				sourceRefs: [],
				voided: false,
				firstSeenAt: f.firstAt,
				deliveredAt: null,
				lastEventAt: null,
				trackingFacts: [],
				linesBySource: new Map(),
			};
			byKey.set(tn, s);
			parcels.push(s);
		}
		addUnique(s.seenBy, f.source);
		s.trackingFacts.push(f);
		if (f.lastScanAt && (!s.lastScanAt || f.lastScanAt > s.lastScanAt)) s.lastScanAt = f.lastScanAt;
		if (f.lastScanPlace) s.scanPlace = laterPair(s.scanPlace, f.lastScanPlace);
		if (f.lastScanZone) s.scanZone = laterPair(s.scanZone, f.lastScanZone);
		if (f.firstScanAt && (!s.firstScanAt || f.firstScanAt < s.firstScanAt)) s.firstScanAt = f.firstScanAt;
		// Milestones combine across every carrier fact of the number (a relabel gives two): sticky.
		if (f.deliveredAt && (!s.deliveredAt || f.deliveredAt < s.deliveredAt)) s.deliveredAt = f.deliveredAt;
		if (f.lastEventAt && (!s.lastEventAt || f.lastEventAt > s.lastEventAt)) s.lastEventAt = f.lastEventAt;
		// A parcel the carrier has delivered was not voided, whatever a stale label record says.
		if (s.deliveredAt) s.voided = false;
		if (!s.carrier) s.carrier = d.carrier;
		// The newest carrier fact decides the current status and estimate.
		if (s.tracking === undefined || newestFirst(f, s.tracking) < 0) {
			s.tracking = f;
			s.trackingStatus = d.status;
			s.estimatedDelivery = d.estimatedDelivery ?? null;
		}
	}
	// A parcel no source gave a ship instant for left when the carrier first physically scanned it.
	for (const s of parcels) {
		if (s.shippedAt || s.trackingFacts.length === 0) continue;
		let firstMove: string | null = s.firstScanAt ?? null;
		// Without a known physical scan, the first status that says the carrier has it.
		if (firstMove === null)
			for (const f of s.trackingFacts) {
				const move = f.history?.find(([, token]) => token !== 'pre_transit' && token !== 'unknown');
				if (move && (firstMove === null || move[0] < firstMove)) firstMove = move[0];
			}
		if (firstMove) s.shippedAt = firstMove;
	}
	for (const s of parcels) {
		sortTexts(s.seenBy);
		sortTexts(s.sourceRefs as string[]);
	}
	return sortInPlace(parcels, (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function total(lines: Map<string, number>): number {
	let n = 0;
	for (const q of lines.values()) n += q;
	return n;
}

/**
 * What the parcels carry, per SKU: each parcel counted once (the source that lists the most of a SKU
 * for it), so Shopify's fulfillment and the warehouse's shipment of one parcel are not added up.
 */
export function shippedBySku(live: DerivedShipment[]): {
	bySku: Map<string, number>;
	total: number;
	anyLines: boolean;
} {
	const bySku = new Map<string, number>();
	let sum = 0;
	let anyLines = false;
	for (const s of live) {
		if (s.linesBySource.size === 0) continue;
		anyLines = true;
		const parcel = new Map<string, number>();
		let parcelTotal = 0;
		for (const lines of s.linesBySource.values()) {
			for (const [sku, q] of lines) parcel.set(sku, Math.max(parcel.get(sku) ?? 0, q));
			parcelTotal = Math.max(parcelTotal, total(lines));
		}
		for (const [sku, q] of parcel) bySku.set(sku, (bySku.get(sku) ?? 0) + q);
		sum += parcelTotal;
	}
	return { bySku, total: sum, anyLines };
}

/**
 * Is every ordered unit on its way? The parcels' lines (from any source: a warehouse's shipment lines
 * cover the order even while Shopify says PARTIALLY_FULFILLED) when we have them, else the sources' words.
 */
export function isFullyShipped(view: FactView, live: DerivedShipment[]): boolean {
	const order = view.order?.data as OrderSnapshotData | undefined;
	const wh = view.fulfillments[0]?.data as FulfillmentStatusData | undefined;
	if (order?.fulfillmentStatus === 'FULFILLED') return true;
	// Routed to several locations: one location's warehouse saying "shipped" speaks for its part only.
	const perLocation = perLocationFulfillmentOrders(view);
	if (perLocation !== null) return perLocation.every((fo) => fulfillmentOrderShipped(view, live, fo, perLocation));
	if (wh?.status === 'shipped') return true;
	// Lines nothing ships for (gift cards, shipping protection) never appear in a parcel.
	const items = (order?.lineItems ?? []).filter((l) => l.requiresShipping !== false);
	const ordered = items.reduce((n, l) => n + (l.quantity || 0), 0);
	if (ordered > 0) {
		const shipped = shippedBySku(live);
		if (shipped.anyLines) {
			const everyLineHasSku = items.every((l) => typeof l.sku === 'string' && l.sku.trim() !== '');
			if (!everyLineHasSku) return shipped.total >= ordered;
			const want = new Map<string, number>();
			for (const l of items) {
				const sku = (l.sku as string).trim().toUpperCase();
				want.set(sku, (want.get(sku) ?? 0) + (l.quantity || 0));
			}
			for (const [sku, q] of want) if ((shipped.bySku.get(sku) ?? 0) < q) return false;
			return true;
		}
	}
	if (order?.fulfillmentStatus === 'PARTIALLY_FULFILLED' || wh?.status === 'partially_shipped') return false;
	return live.length > 0;
}

/**
 * Is this fulfillment order's part on its way? Shopify closed it (fulfilled), the warehouse holding its
 * part says shipped, or parcels carry all its lines (or, without lines, a parcel was made for it).
 */
function fulfillmentOrderShipped(
	view: FactView,
	live: DerivedShipment[],
	fo: FulfillmentOrderData,
	all: FulfillmentOrderData[],
): boolean {
	if (fo.status === 'CLOSED') return true;
	if (view.fulfillments.some((w) => (w.data as FulfillmentStatusData).status === 'shipped' && warehouseCovers(w, fo)))
		return true;
	const want = quantitiesBySku(fo.lineItems ?? []);
	// A parcel made for another location's fulfillment order never covers this one (the same SKU may be at both).
	const shipped = shippedBySku(live.filter((s) => !madeForAnother(s, fo, all)));
	if (want.size > 0 && shipped.anyLines) {
		for (const [sku, q] of want) if ((shipped.bySku.get(sku) ?? 0) < q) return false;
		return true;
	}
	return live.some((s) => sameFulfillmentOrder(s.fulfillmentOrderId, fo.id) || atLocation(s.locationId, fo));
}

function madeForAnother(s: DerivedShipment, fo: FulfillmentOrderData, all: FulfillmentOrderData[]): boolean {
	if (s.fulfillmentOrderId) return !sameFulfillmentOrder(s.fulfillmentOrderId, fo.id);
	return !!s.locationId && !atLocation(s.locationId, fo) && all.some((o) => o !== fo && atLocation(s.locationId, o));
}

const RETURN_DONE = new Set(['received', 'closed']);
/** Shopify OrderReturnStatus values: items back at the merchant, or a return under way. */
const SHOPIFY_RETURNED = new Set(['RETURNED', 'INSPECTION_COMPLETE']);
const SHOPIFY_RETURN_ACTIVE = new Set(['RETURN_REQUESTED', 'IN_PROGRESS']);
const RETURN_ACTIVE = new Set(['requested', 'open', 'in_transit']);
const IN_TRANSIT_STATUSES = new Set([
	'in_transit',
	'available_for_pickup',
	'failed_attempt',
	'exception',
	'returned_to_sender',
]);
const UNPAID = new Set(['PENDING', 'EXPIRED', 'VOIDED']);

/** The one lifecycle stage, and the time of the evidence that decided it. */
export function deriveStage(
	view: FactView,
	shipments: DerivedShipment[],
	live: DerivedShipment[] = outboundLive(shipments),
): { stage: Stage; at: string | null } {
	if (view.cancelledAt) return { stage: 'cancelled', at: view.cancelledAt };
	let returned: OrderFact | undefined;
	let requested: OrderFact | undefined;
	for (const r of view.returns) {
		const status = (r.data as ReturnData).status;
		if (RETURN_DONE.has(status) && (!returned || r.at < returned.at)) returned = r;
		if (RETURN_ACTIVE.has(status) && (!requested || r.at < requested.at)) requested = r;
	}
	if (returned) return { stage: 'returned', at: returned.at };
	if (requested) return { stage: 'return_requested', at: requested.at };
	// Without a return record, Shopify's own Order.returnStatus says the same (GraphQL OrderReturnStatus).
	const returnStatus = (view.order?.data as OrderSnapshotData | undefined)?.returnStatus;
	if (returnStatus && view.returns.length === 0) {
		if (SHOPIFY_RETURNED.has(returnStatus)) return { stage: 'returned', at: view.order!.at };
		if (SHOPIFY_RETURN_ACTIVE.has(returnStatus)) return { stage: 'return_requested', at: view.order!.at };
	}

	const order = view.order?.data as OrderSnapshotData | undefined;
	const whFact = view.fulfillments[0];
	const wh = whFact?.data as FulfillmentStatusData | undefined;
	const shopifySaysShipped =
		order?.fulfillmentStatus === 'FULFILLED' || order?.fulfillmentStatus === 'PARTIALLY_FULFILLED';
	const warehouseSaysShipped = wh?.status === 'shipped' || wh?.status === 'partially_shipped';

	if (live.length > 0 || shopifySaysShipped || warehouseSaysShipped) {
		const fully = isFullyShipped(view, live);
		const shippedAt =
			earliestOf(live, shippedOrSeenAt) ?? (warehouseSaysShipped ? whFact.at : (view.order?.at ?? null));
		if (live.length === 0) return { stage: fully ? 'shipped' : 'partially_shipped', at: shippedAt };
		const delivered = countOf(live, isDelivered);
		if (delivered === live.length && fully) return { stage: 'delivered', at: latestOf(live, deliveredAtOf) };
		if (delivered > 0) return { stage: 'partially_delivered', at: earliestOf(live, deliveredAtOf) };
		if (!fully) return { stage: 'partially_shipped', at: shippedAt };
		if (live.some(isOutForDelivery)) return { stage: 'out_for_delivery', at: earliestOf(live, outForDeliveryAt) };
		if (live.some(isMoving)) return { stage: 'in_transit', at: earliestOf(live, movingSinceAt) };
		return { stage: 'shipped', at: shippedAt };
	}

	if (wh && wh.status !== 'cancelled') {
		if (wh.status === 'on_hold')
			return { stage: wh.holdReason === 'inventory' ? 'backordered' : 'on_hold', at: whFact.at };
		if (wh.status === 'exception') return { stage: 'on_hold', at: whFact.at };
		return { stage: 'in_fulfillment', at: whFact.firstAt };
	}
	let foStage: Stage | null = null;
	let foAt: string | null = null;
	for (const f of view.fulfillmentOrders) {
		const d = f.data as FulfillmentOrderData;
		let s: Stage | null = null;
		if (d.status === 'ON_HOLD')
			s = (d.holdReasons ?? []).includes('INVENTORY_OUT_OF_STOCK') ? 'backordered' : 'on_hold';
		else if (d.status === 'IN_PROGRESS' || d.requestStatus === 'SUBMITTED' || d.requestStatus === 'ACCEPTED')
			s = 'in_fulfillment';
		else if (d.status === 'OPEN' || d.status === 'SCHEDULED') s = 'awaiting_fulfillment';
		// Holds outrank progress: a held fulfillment order stops the whole shipment.
		if (
			s !== null &&
			(foStage === null ||
				holdFirst(s) > holdFirst(foStage) ||
				(holdFirst(s) === holdFirst(foStage) && (foAt === null || f.at < foAt)))
		) {
			foStage = s;
			foAt = f.at;
		}
	}
	if (foStage !== null) return { stage: foStage, at: foAt };
	if (order) {
		if (order.fulfillmentStatus === 'ON_HOLD') return { stage: 'on_hold', at: view.order!.at };
		const unpaid = order.financialStatus ? UNPAID.has(order.financialStatus) : false;
		return { stage: unpaid ? 'placed' : 'awaiting_fulfillment', at: toIso(order.createdAt) ?? view.order!.at };
	}
	return { stage: 'placed', at: null };
}

/** A shipment never left before its order was placed (a date-only ship date read in the wrong zone would). */
function notBefore(value: string | null, floor: string | null): string | null {
	if (value === null || floor === null) return value;
	return value < floor ? floor : value;
}

function holdFirst(s: Stage): number {
	return s === 'backordered' ? 3 : s === 'on_hold' ? 2 : s === 'in_fulfillment' ? 1 : 0;
}

/*
 * The earliest or latest time over a list, as the minimum or maximum of list.map(pick), without the list:
 * derive and deriveStage ask a dozen of these per order, and each throwaway list fed the young-generation
 * collector (issue 14). The pickers are module functions, not closures made per call.
 */

/** The earliest non-empty time `pick` gives over the list (null when none). */
function earliestOf<T>(list: readonly T[], pick: (item: T) => string | null | undefined): string | null {
	let m: string | null = null;
	for (let i = 0; i < list.length; i++) {
		const v = pick(list[i]);
		if (v && (m === null || v < m)) m = v;
	}
	return m;
}

/** The latest non-empty time `pick` gives over the list (null when none). */
function latestOf<T>(list: readonly T[], pick: (item: T) => string | null | undefined): string | null {
	let m: string | null = null;
	for (let i = 0; i < list.length; i++) {
		const v = pick(list[i]);
		if (v && (m === null || v > m)) m = v;
	}
	return m;
}

function countOf<T>(list: readonly T[], test: (item: T) => boolean): number {
	let n = 0;
	for (let i = 0; i < list.length; i++) if (test(list[i])) n++;
	return n;
}

const shippedOrSeenAt = (s: DerivedShipment) => s.shippedAt ?? s.firstSeenAt;
const deliveredAtOf = (s: DerivedShipment) => s.deliveredAt;
const isDelivered = (s: DerivedShipment) => !!s.deliveredAt;
const isOutForDelivery = (s: DerivedShipment) => s.trackingStatus === 'out_for_delivery';
const outForDeliveryAt = (s: DerivedShipment) => (isOutForDelivery(s) ? s.tracking?.at : null);
const isMoving = (s: DerivedShipment) => !!s.trackingStatus && IN_TRANSIT_STATUSES.has(s.trackingStatus);
const movingSinceAt = (s: DerivedShipment) => (isMoving(s) ? (s.shippedAt ?? s.tracking?.at) : null);
const undeliveredEstimate = (s: DerivedShipment) => (s.deliveredAt ? null : s.estimatedDelivery);
const factAt = (f: OrderFact) => f.at;
const factFirstAt = (f: OrderFact) => f.firstAt;
/** When a fulfillment order was sent to its location, as far as Shopify says. */
const submittedFirstAt = (f: OrderFact) => {
	const d = f.data as FulfillmentOrderData;
	return d.status === 'IN_PROGRESS' || d.requestStatus === 'SUBMITTED' || d.requestStatus === 'ACCEPTED'
		? f.firstAt
		: null;
};

function maxOf(values: Array<string | null | undefined>): string | null {
	let m: string | null = null;
	for (const v of values) if (v && (m === null || v > m)) m = v;
	return m;
}

/** Everything in OrderRecord except exceptions, version and updatedAt. */
export type DerivedFields = Omit<OrderRecord, 'exceptions' | 'openExceptionTypes' | 'version' | 'updatedAt' | 'facts'>;

export interface Derivation {
	fields: DerivedFields;
	view: FactView;
	shipments: DerivedShipment[];
	/** outboundLive(shipments), made once for the stage, the record and the rules (RuleContext.live). */
	live: DerivedShipment[];
}

function publicShipment(s: DerivedShipment): ShipmentState {
	const out: ShipmentState = {
		key: s.key,
		trackingNumber: s.trackingNumber ?? null,
		carrier: s.carrier ?? null,
		trackingUrl: s.trackingUrl ?? null,
		shippedAt: s.shippedAt ?? null,
		seenBy: s.seenBy,
		trackingStatus: s.trackingStatus ?? null,
		lastEventAt: s.lastEventAt ?? null,
		estimatedDelivery: s.estimatedDelivery ?? null,
		deliveredAt: s.deliveredAt ?? null,
		voided: s.voided === true,
		sourceRefs: s.sourceRefs,
	};
	// Issue-12 fields only when set, so records of orders without them keep their exact shape.
	if (s.shippedOn) out.shippedOn = s.shippedOn;
	if (s.direction === 'return') out.direction = 'return';
	if (s.returnId) out.returnId = s.returnId;
	if (s.locationId) out.locationId = s.locationId;
	if (s.fulfillmentOrderId) out.fulfillmentOrderId = s.fulfillmentOrderId;
	if (s.lastScanAt) out.lastScanAt = s.lastScanAt;
	// Only the newest scan's own place and zone: an older scan's place beside the newest time would mislead.
	if (s.lastScanAt && s.scanPlace?.[0] === s.lastScanAt) out.lastScanPlace = s.scanPlace[1];
	if (s.lastScanAt && s.scanZone?.[0] === s.lastScanAt) out.lastScanTimeZone = s.scanZone[1];
	return out;
}

export function derive(orderKey: string, facts: Iterable<OrderFact>): Derivation {
	const view = viewOf(facts);
	const shipments = deriveShipments(view);
	const live = outboundLive(shipments);
	const { stage, at } = deriveStage(view, shipments, live);
	const order = view.order?.data as OrderSnapshotData | undefined;
	const whFact = view.fulfillments[0];
	const wh = whFact?.data as FulfillmentStatusData | undefined;

	const sourceStatus: OrderRecord['sourceStatus'] = {};
	if (view.order || view.fulfillmentOrders.length > 0) {
		const foAt = latestOf(view.fulfillmentOrders, factAt);
		const orderAt = view.order?.at;
		const observed = (orderAt && (foAt === null || orderAt > foAt) ? orderAt : foAt) as string;
		sourceStatus.shopify = {
			financialStatus: order?.financialStatus ?? null,
			fulfillmentStatus: order?.fulfillmentStatus ?? null,
			fulfillmentOrders: sortInPlace(
				view.fulfillmentOrders.map((f) => {
					const d = f.data as FulfillmentOrderData;
					return { id: d.id, status: d.status, holdReasons: d.holdReasons ?? [] };
				}),
				(a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
			),
			observedAt: observed,
		};
	}
	if (wh) {
		sourceStatus.fulfillment = {
			source: whFact.source,
			status: wh.status,
			rawStatus: wh.rawStatus,
			holdReason: wh.holdReason ?? null,
			observedAt: whFact.at,
		};
	}

	const sentToFulfillmentAt =
		earliestOf(view.fulfillments, factFirstAt) ?? earliestOf(view.fulfillmentOrders, submittedFirstAt);

	const fields: DerivedFields = {
		orderKey,
		name: order?.name ?? null,
		shopifyId: order?.shopifyId ?? null,
		stage,
		stageChangedAt: at ?? maxOf(Object.values(view.lastSeen)) ?? '',
		sourceStatus,
		dates: {
			placedAt: toIso(order?.createdAt),
			sentToFulfillmentAt,
			shippedAt: notBefore(
				SHIPPED_STAGES.has(stage) || stage === 'return_requested' || stage === 'returned'
					? (earliestOf(live, shippedOrSeenAt) ??
							(wh?.status === 'shipped' || wh?.status === 'partially_shipped' ? whFact.at : null))
					: null,
				toIso(order?.createdAt),
			),
			deliveredAt: latestOf(live, deliveredAtOf),
			cancelledAt: view.cancelledAt,
			promisedBy: order?.promisedDeliveryBy ?? null,
			estimatedDelivery: latestOf(live, undeliveredEstimate),
		},
		shipments: shipments.map(publicShipment),
		customer: {
			email: order?.email ?? null,
			phone: order?.phone ?? null,
			name: order?.customerName ?? null,
			locale: order?.locale ?? null,
		},
		shippingAddress: order?.shippingAddress ?? wh?.shippingAddress ?? null,
		lineItems: order?.lineItems ?? [],
		notifications: sortInPlace(
			view.notifications.map((f) => {
				const d = f.data as NotificationData;
				return {
					event: d.event,
					uniqueId: d.uniqueId,
					sentAt: toIso(d.sentAt) ?? d.sentAt,
					shipmentKey: d.shipmentKey ?? null,
				};
			}),
			(a, b) => (a.sentAt !== b.sentAt ? compareText(a.sentAt, b.sentAt) : compareText(a.uniqueId, b.uniqueId)),
		),
		lastSeen: view.lastSeen,
	};
	return { fields, view, shipments, live };
}

/** A consistent comparator (0 when equal), so equal keys keep the facts' canonical order. */
function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

export function isFulfillmentSource(s: string): boolean {
	return FULFILLMENT_SOURCE_SET.has(s);
}

export function isCarrierSource(s: string): boolean {
	return CARRIER_SOURCE_SET.has(s);
}
