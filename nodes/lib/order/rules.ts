/**
 * Exception rules: each a small pure function of (derived order, policy, now) that says whether its
 * exception holds and since when. A rule that stops firing is what resolves its case, so every rule's
 * condition IS its evidence: when the evidence goes away, the exception clears.
 *
 * openedAt is computed from evidence (the instant a threshold was crossed, the start of a hold), never
 * from the clock of the run, so re-running on the same facts always yields the same case id.
 */
import { addressDifferences, addressKey } from './address';
import type { BusinessCalendar } from './businessTime';
import { dueAfterBusinessHours, endOfDayIn, isDateOnly } from './businessTime';
import type { DerivedFields, DerivedShipment, FactView } from './derive';
import {
	PRE_SHIP_STAGES,
	SHIPPED_STAGES,
	isCarrierSource,
	isFulfillmentSource,
	normaliseCarrier,
	normaliseTrackingNumber,
	outboundLive,
} from './derive';
import {
	UNPAID_STATUSES,
	addressSinceKey,
	isNewer,
	linesKey,
	linesSinceKey,
	mergeHistory,
	runStart,
	toIso,
} from './facts';
import {
	atLocation,
	fulfillmentOrdersOfWarehouse,
	perLocationFulfillmentOrders,
	quantitiesBySku,
	sameFulfillmentOrder,
	sameLocation,
	skuSet,
	warehouseCovers,
} from './locations';
import { parseIsoMs } from './time';
import type { NotificationMilestone, Policy } from './policy';
import type {
	AddressCheckData,
	EditRequestData,
	ExceptionType,
	FulfillmentOrderData,
	FulfillmentStatusData,
	LookupData,
	NotificationData,
	OrderFact,
	OrderSnapshotData,
	Severity,
	TrackingData,
} from './types';

export interface RuleContext {
	record: DerivedFields;
	view: FactView;
	shipments: DerivedShipment[];
	policy: Policy;
	calendar: BusinessCalendar;
	nowMs: number;
	/** Non-voided outbound parcels, computed once per context by liveShipments(). */
	live?: DerivedShipment[];
}

/**
 * Added (issue 12): what a live re-read must show before the finding may open a case (policy
 * confirmBeforeOpening). `confirmed` says a read made after `dueAt` already shows it.
 */
export interface Confirmation {
	confirmed: boolean;
	/** UTC ISO: the due instant a confirming read must not be older than. */
	dueAt: string;
	/** Sources to read again ("ups", "shipbob"; empty: every warehouse the store uses). */
	sources: string[];
	/** What to ask them for: tracking numbers, or the order's number, name and Shopify id. */
	keys: string[];
}

export interface Finding {
	type: ExceptionType;
	/** UTC ISO: when the exception became true (deterministic from evidence). */
	openedAt: string;
	/** Overrides the catalogue default when the facts make it worse (e.g. cancelled but already shipped). */
	severity?: Severity;
	evidence: Record<string, unknown>;
	/** Added (issue 12): set by rules whose cases open only once confirmed by a fresh read. */
	confirmation?: Confirmation;
}

export type Rule = (ctx: RuleContext) => Finding | null;

function ms(iso: string | null | undefined): number {
	return iso ? parseIsoMs(iso) : Number.NaN;
}

function iso(msValue: number): string {
	return new Date(msValue).toISOString();
}

const ACTIVE_AT_WAREHOUSE = new Set(['received', 'processing', 'picked', 'packed', 'exception', 'unknown']);

function liveShipments(ctx: RuleContext): DerivedShipment[] {
	if (ctx.live === undefined) ctx.live = outboundLive(ctx.shipments);
	return ctx.live;
}

function orderData(ctx: RuleContext): OrderSnapshotData | undefined {
	return ctx.view.order?.data as OrderSnapshotData | undefined;
}

function warehouse(ctx: RuleContext): FulfillmentStatusData | undefined {
	return ctx.view.fulfillments[0]?.data as FulfillmentStatusData | undefined;
}

function fulfillmentOrderHold(ctx: RuleContext, reason: string) {
	for (const f of ctx.view.fulfillmentOrders) {
		const d = f.data as FulfillmentOrderData;
		if (d.status === 'ON_HOLD' && (d.holdReasons ?? []).includes(reason)) {
			const since = runStart(f, (t) => t.startsWith('ON_HOLD:') && t.includes(reason)) ?? f.at;
			return { fact: f, data: d, since };
		}
	}
	return null;
}

/** When the order was placed (epoch ms; NaN when unknown). */
function placedMs(ctx: RuleContext): number {
	return ms(ctx.record.dates.placedAt);
}

/** When the order was paid: never before it was placed; the placing time when no payment time is known. */
function paidMs(ctx: RuleContext): number {
	const placed = placedMs(ctx);
	const paid = ms(ctx.view.order?.paidAt);
	if (Number.isNaN(paid)) return placed;
	return Number.isNaN(placed) ? paid : Math.max(placed, paid);
}

/**
 * The instant a parcel counts as shipped for clocks: a date-only ship date is the END of that day in the
 * warehouse's zone (ShipStation shipDate), else the source's ship instant, else when a source first
 * reported it; never before the order was placed.
 */
export function shipClockMs(ctx: RuleContext, s: DerivedShipment): number {
	let value = s.shippedOn ? endOfDayIn(s.shippedOn, ctx.policy.warehouseTimeZone) : Number.NaN;
	if (Number.isNaN(value)) value = ms(s.shippedAt ?? s.firstSeenAt);
	const placed = placedMs(ctx);
	return Number.isNaN(placed) || Number.isNaN(value) ? value : Math.max(value, placed);
}

/** The Shopify order's number, name and numeric id: every key a warehouse may know it by. */
function orderLookupKeys(ctx: RuleContext): string[] {
	const keys = [ctx.record.orderKey];
	if (ctx.record.name) keys.push(ctx.record.name);
	const id = ctx.record.shopifyId;
	if (id) keys.push(/(\d+)$/.exec(id)?.[1] ?? id);
	return [...new Set(keys)];
}

function lookupOf(f: OrderFact): LookupData {
	return f.data as LookupData;
}

/** Order lookups at warehouses (kind 'lookup', subject 'order', from a fulfillment source). */
function orderLookups(ctx: RuleContext): OrderFact[] {
	return ctx.view.lookups.filter((f) => isFulfillmentSource(f.source) && lookupOf(f).subject === 'order');
}

const FO_NOT_SENT = new Set(['OPEN']);
const FO_SENT_REQUEST = new Set(['SUBMITTED', 'ACCEPTED']);

const NOT_SENT_ENDED = new Set(['cancelled', 'delivered', 'returned', 'return_requested']);

/**
 * A paid order (or one location's part of it) that no warehouse has heard of, past the threshold from
 * payment. Confirmed only by a warehouse lookup made after the due instant that did not find it.
 */
export const notSentToFulfillment: Rule = (ctx) => {
	const order = orderData(ctx);
	const { record, view } = ctx;
	if (!order) return null;
	if (order.financialStatus && UNPAID_STATUSES.has(order.financialStatus)) return null;
	const lookups = orderLookups(ctx);
	const perLocation = perLocationFulfillmentOrders(view);
	const unsent: FulfillmentOrderData[] = [];
	if (perLocation === null) {
		if (record.stage !== 'placed' && record.stage !== 'awaiting_fulfillment') return null;
		if (view.fulfillments.length > 0 || record.dates.sentToFulfillmentAt) return null;
		// Found by a warehouse that was asked by every key: it has the order, whatever the other facts say.
		if (lookups.some((f) => lookupOf(f).found)) return null;
	} else {
		if (NOT_SENT_ENDED.has(record.stage)) return null;
		const live = liveShipments(ctx);
		for (const fo of perLocation) {
			if (!FO_NOT_SENT.has(fo.status) || (fo.requestStatus && FO_SENT_REQUEST.has(fo.requestStatus))) continue;
			if (
				view.fulfillments.some(
					(w) => (w.data as FulfillmentStatusData).status !== 'cancelled' && warehouseCovers(w, fo),
				)
			)
				continue;
			if (live.some((s) => sameFulfillmentOrder(s.fulfillmentOrderId, fo.id) || atLocation(s.locationId, fo))) continue;
			// A warehouse that found the order but whose record cannot be placed (it names no location and lists
			// no lines) may hold any of them. One that lists its lines holds what they say (warehouseCovers above):
			// ShipStation found #1008 with only the Ontario location's fleece, so the other location's part is unsent.
			if (lookups.some((f) => lookupOf(f).found && cannotBePlaced(view, f.source))) continue;
			unsent.push(fo);
		}
		if (unsent.length === 0) return null;
	}
	const start = paidMs(ctx);
	if (Number.isNaN(start)) return null;
	const hours = ctx.policy.thresholds.notSentToFulfillmentHours;
	const due = dueAfterBusinessHours(ctx.calendar, start, hours, ctx.nowMs);
	if (due === null) return null;
	const confirmed = lookups.some((f) => !lookupOf(f).found && ms(f.at) >= due);
	const sources = [...new Set([...view.fulfillments.map((f) => f.source), ...lookups.map((f) => f.source)])].sort();
	const evidence: Record<string, unknown> = {
		placedAt: record.dates.placedAt,
		paidAt: iso(start),
		financialStatus: order.financialStatus ?? null,
		fulfillmentOrders: view.fulfillmentOrders.map((f) => {
			const d = f.data as FulfillmentOrderData;
			return {
				id: d.id,
				status: d.status,
				requestStatus: d.requestStatus ?? null,
				location: d.assignedLocation ?? null,
			};
		}),
		thresholdBusinessHours: hours,
	};
	if (perLocation !== null)
		evidence.notSent = unsent.map((fo) => {
			const item: Record<string, unknown> = {
				fulfillmentOrderId: fo.id,
				location: fo.assignedLocation ?? null,
				status: fo.status,
			};
			if (fo.assignedLocationId) item.locationId = fo.assignedLocationId;
			return item;
		});
	const lastLookup = lookups.filter((f) => !lookupOf(f).found).sort((a, b) => (a.at < b.at ? 1 : -1))[0];
	if (lastLookup)
		evidence.lookup = { source: lastLookup.source, at: lastLookup.at, keys: lookupOf(lastLookup).keys, found: false };
	return {
		type: 'not_sent_to_fulfillment',
		openedAt: iso(due),
		evidence,
		confirmation: { confirmed, dueAt: iso(due), sources, keys: orderLookupKeys(ctx) },
	};
};

/** No record of this warehouse names a location or lists lines: what it holds cannot be told apart. */
function cannotBePlaced(view: RuleContext['view'], source: string): boolean {
	const own = view.fulfillments.filter((w) => w.source === source);
	return own.every((w) => {
		const d = w.data as FulfillmentStatusData;
		return !d.locationId && skuSet(d.lines).size === 0;
	});
}

/** When the fulfillment SLA clock of one warehouse record starts (policy fulfillmentClockStart). */
function fulfillmentClockMs(ctx: RuleContext, w: OrderFact): number {
	switch (ctx.policy.fulfillmentClockStart) {
		case 'order_created':
			return placedMs(ctx);
		case 'order_paid':
			return paidMs(ctx);
		default: {
			const d = w.data as FulfillmentStatusData;
			const imported = ms(toIso(d.importedAt));
			return Number.isNaN(imported) ? ms(w.firstAt) : Math.min(imported, ms(w.firstAt));
		}
	}
}

/** Has this warehouse record shipped its part (its lines shipped, or a parcel of its own)? */
function warehouseShippedItsPart(ctx: RuleContext, w: OrderFact): boolean {
	const d = w.data as FulfillmentStatusData;
	if (d.lines && d.lines.length > 0 && d.lines.every((l) => l.shipped >= l.ordered)) return true;
	return liveShipments(ctx).some(
		(s) => s.seenBy.includes(w.source) && (!s.locationId || !d.locationId || sameLocation(s.locationId, d.locationId)),
	);
}

/**
 * A warehouse has the order (or its location's part of it) but has not shipped it within the threshold.
 * One location shipping does not stop another location's clock.
 */
export const fulfillmentStuck: Rule = (ctx) => {
	if (!PRE_SHIP_STAGES.has(ctx.record.stage) && ctx.record.stage !== 'partially_shipped') return null;
	const hours = ctx.policy.thresholds.fulfillmentStuckHours;
	let best: { due: number; w: OrderFact; start: number } | null = null;
	const stuck: Array<Record<string, unknown>> = [];
	for (const w of ctx.view.fulfillments) {
		const wh = w.data as FulfillmentStatusData;
		const heldElsewhere = wh.status === 'on_hold' && (wh.holdReason === 'inventory' || wh.holdReason === 'address');
		if (heldElsewhere || !(ACTIVE_AT_WAREHOUSE.has(wh.status) || wh.status === 'on_hold')) continue;
		if (ctx.record.stage === 'partially_shipped' && warehouseShippedItsPart(ctx, w)) continue;
		const start = fulfillmentClockMs(ctx, w);
		if (Number.isNaN(start)) continue;
		const due = dueAfterBusinessHours(ctx.calendar, start, hours, ctx.nowMs);
		if (due === null) continue;
		stuck.push({
			warehouse: w.source,
			location: wh.locationId ?? null,
			status: wh.status,
			rawStatus: wh.rawStatus,
			clockStartedAt: iso(start),
		});
		if (best === null || due < best.due) best = { due, w, start };
	}
	if (best === null) return null;
	const wh = best.w.data as FulfillmentStatusData;
	return {
		type: 'fulfillment_stuck',
		openedAt: iso(best.due),
		evidence: {
			warehouse: best.w.source,
			location: wh.locationId ?? null,
			status: wh.status,
			rawStatus: wh.rawStatus,
			holdReason: wh.holdReason ?? null,
			holdDetail: wh.holdDetail ?? null,
			sentToFulfillmentAt: ctx.record.dates.sentToFulfillmentAt,
			clockStart: ctx.policy.fulfillmentClockStart,
			clockStartedAt: iso(best.start),
			thresholdBusinessHours: hours,
			warehouses: stuck,
		},
	};
};

/** Out of stock at the warehouse or in Shopify. */
export const backordered: Rule = (ctx) => {
	if (!PRE_SHIP_STAGES.has(ctx.record.stage) && ctx.record.stage !== 'partially_shipped') return null;
	const whFact = ctx.view.fulfillments[0];
	const wh = warehouse(ctx);
	if (wh && wh.status === 'on_hold' && wh.holdReason === 'inventory') {
		const since = runStart(whFact, (t) => t === 'on_hold:inventory') ?? whFact.at;
		return {
			type: 'backordered',
			openedAt: since,
			evidence: { source: whFact.source, rawStatus: wh.rawStatus, holdDetail: wh.holdDetail ?? null, since },
		};
	}
	const fo = fulfillmentOrderHold(ctx, 'INVENTORY_OUT_OF_STOCK');
	if (fo)
		return {
			type: 'backordered',
			openedAt: fo.since,
			evidence: {
				source: 'shopify',
				fulfillmentOrderId: fo.data.id,
				holdReasons: fo.data.holdReasons ?? [],
				since: fo.since,
			},
		};
	return null;
};

/** The address cannot be shipped to: a failed check or an address hold. */
export const addressInvalid: Rule = (ctx) => {
	if (!PRE_SHIP_STAGES.has(ctx.record.stage)) return null;
	const check = ctx.view.addressChecks[0];
	if (check && !(check.data as AddressCheckData).valid) {
		const since = runStart(check, (t) => t === 'invalid') ?? check.at;
		return {
			type: 'address_invalid',
			openedAt: since,
			evidence: {
				source: check.source,
				messages: (check.data as AddressCheckData).messages ?? [],
				address: ctx.record.shippingAddress ?? null,
			},
		};
	}
	const whFact = ctx.view.fulfillments[0];
	const wh = warehouse(ctx);
	if (wh && wh.status === 'on_hold' && wh.holdReason === 'address') {
		const since = runStart(whFact, (t) => t === 'on_hold:address') ?? whFact.at;
		return {
			type: 'address_invalid',
			openedAt: since,
			evidence: {
				source: whFact.source,
				rawStatus: wh.rawStatus,
				holdDetail: wh.holdDetail ?? null,
				address: ctx.record.shippingAddress ?? null,
			},
		};
	}
	const fo = fulfillmentOrderHold(ctx, 'INCORRECT_ADDRESS');
	if (fo)
		return {
			type: 'address_invalid',
			openedAt: fo.since,
			evidence: {
				source: 'shopify',
				fulfillmentOrderId: fo.data.id,
				holdReasons: fo.data.holdReasons ?? [],
				address: ctx.record.shippingAddress ?? null,
			},
		};
	return null;
};

/** Shopify displayFulfillmentStatus values that mean nothing was fulfilled yet. */
const SHOPIFY_UNFULFILLED = new Set([
	'UNFULFILLED',
	'OPEN',
	'PENDING_FULFILLMENT',
	'IN_PROGRESS',
	'SCHEDULED',
	'ON_HOLD',
]);
const MISMATCH_ENDED = new Set(['delivered', 'cancelled', 'returned', 'return_requested']);
const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

interface Disagreement {
	start: string;
	text: string;
	severity?: Severity;
	details?: Record<string, unknown>;
}

/** The instant since which one side has said what it says now (OrderFact.since), else the fact's time. */
function sinceOf(f: OrderFact, key: string): string {
	return f.since?.[key] ?? f.at;
}

/** (a) The warehouse shipped while Shopify still says nothing was fulfilled. */
function shippedButUnfulfilled(ctx: RuleContext, order: OrderSnapshotData): Disagreement | null {
	if (ctx.view.cancelledAt || !order.fulfillmentStatus || !SHOPIFY_UNFULFILLED.has(order.fulfillmentStatus))
		return null;
	const live = liveShipments(ctx);
	if (live.some((s) => s.seenBy.includes('shopify'))) return null;
	let start = Number.POSITIVE_INFINITY;
	const parcels: Array<Record<string, unknown>> = [];
	for (const s of live) {
		const source = s.seenBy.find(isFulfillmentSource);
		if (source === undefined) continue;
		start = Math.min(start, shipClockMs(ctx, s));
		parcels.push({
			trackingNumber: s.trackingNumber ?? null,
			carrier: s.carrier ?? null,
			shippedBy: source,
			shippedAt: s.shippedAt ?? null,
			shippedOn: s.shippedOn ?? null,
		});
	}
	let saysShipped: string | null = null;
	for (const w of ctx.view.fulfillments) {
		const d = w.data as FulfillmentStatusData;
		if (d.status !== 'shipped' && d.status !== 'partially_shipped') continue;
		const since = runStart(w, (t) => t.startsWith('shipped:') || t.startsWith('partially_shipped:')) ?? w.at;
		start = Math.min(start, ms(since));
		saysShipped ??= w.source;
	}
	if (!Number.isFinite(start)) return null;
	const who =
		parcels.length > 0
			? `${parcels[0].shippedBy as string} shipped ${parcels.map((p) => p.trackingNumber ?? 'a parcel').join(', ')}`
			: `${saysShipped ?? 'the warehouse'} says shipped`;
	return {
		start: iso(start),
		text: `${who}, but Shopify still says "${order.fulfillmentStatus}"`,
		details: { parcels },
	};
}

/**
 * (b) The address was changed in Shopify after the warehouse imported the order, and the warehouse still
 * has the old one.
 */
function addressNotUpdated(ctx: RuleContext, order: OrderSnapshotData): Disagreement | null {
	const shopifyFact = ctx.view.order as OrderFact;
	const key = addressKey(order.shippingAddress);
	if (key === null) return null;
	const changedAt = sinceOf(shopifyFact, addressSinceKey(key));
	for (const w of ctx.view.fulfillments) {
		const d = w.data as FulfillmentStatusData;
		if (d.status === 'cancelled' || !d.shippingAddress) continue;
		const differs = addressDifferences(order.shippingAddress, d.shippingAddress);
		if (differs.length === 0) continue;
		const importedAt = toIso(d.importedAt) ?? w.firstAt;
		// Shopify had this address before the warehouse took the order: not an edit that failed to reach it.
		if (changedAt <= importedAt) continue;
		// An edit is known only when we saw Shopify with another address first; an address we saw from our
		// first read on may be older than the import (we learned of the order late), so no verdict on it.
		if (changedAt <= shopifyFact.firstAt) continue;
		// The warehouse must have been read after the edit to know it still has the old address.
		if ((w.lastReceivedAt ?? w.at) < changedAt && w.at < changedAt) continue;
		return {
			start: changedAt,
			text:
				`shipping address changed in Shopify at ${changedAt}, ${w.source} still has the old one ` +
				`(${differs.join(', ')} differ)`,
			details: {
				address: {
					shopify: order.shippingAddress,
					warehouse: d.shippingAddress,
					differentFields: differs,
					changedInShopifyAt: changedAt,
					warehouseImportedAt: importedAt,
					warehouseSource: w.source,
				},
			},
		};
	}
	return null;
}

/**
 * (c) Line items or quantities differ between Shopify and the warehouse, by SKU. An order routed to several
 * locations is compared per location: a warehouse must hold the lines of its own location's fulfillment
 * order(s), never the whole order (issue 12); one it cannot place at a location is compared with the order.
 */
function linesDiffer(ctx: RuleContext, order: OrderSnapshotData): Disagreement | null {
	if (!PRE_SHIP_STAGES.has(ctx.record.stage) && ctx.record.stage !== 'partially_shipped') return null;
	const shopifyKey = linesKey(order.lineItems);
	if (shopifyKey === null) return null;
	const active = ctx.view.fulfillments.filter((w) => (w.data as FulfillmentStatusData).status !== 'cancelled');
	if (active.length === 0) return null;
	// A warehouse record without SKU lines cannot be compared: no verdict rather than a guess.
	if (active.some((w) => linesOfWarehouse(w) === null)) return null;
	const orderStart = sinceOf(ctx.view.order as OrderFact, linesSinceKey(shopifyKey));
	const perLocation = perLocationFulfillmentOrders(ctx.view);
	if (perLocation === null) return compareLines(shopifyLines(order), active, orderStart, null);
	const groups = new Map<string, { fos: FulfillmentOrderData[]; warehouses: OrderFact[] }>();
	for (const w of active) {
		const fos = fulfillmentOrdersOfWarehouse(w, perLocation);
		const key = fos.map((fo) => fo.id).join(' ');
		const group = groups.get(key) ?? { fos, warehouses: [] };
		group.warehouses.push(w);
		groups.set(key, group);
	}
	for (const key of [...groups.keys()].sort()) {
		const { fos, warehouses } = groups.get(key)!;
		if (fos.length === 0) {
			const d = compareLines(shopifyLines(order), warehouses, orderStart, null);
			if (d !== null) return d;
			continue;
		}
		// A fulfillment order without SKU lines says nothing about what its warehouse must hold.
		if (fos.some((fo) => linesKey(fo.lineItems) === null)) continue;
		let start = orderStart;
		for (const fo of fos) {
			const foFact = ctx.view.fulfillmentOrders.find((f) => (f.data as FulfillmentOrderData).id === fo.id);
			if (foFact && foFact.firstAt > start) start = foFact.firstAt;
		}
		const d = compareLines(quantitiesBySku(fos.flatMap((fo) => fo.lineItems ?? [])), warehouses, start, fos);
		if (d !== null) return d;
	}
	return null;
}

function shopifyLines(order: OrderSnapshotData): Map<string, number> {
	return quantitiesBySku((order.lineItems ?? []).filter((l) => l.requiresShipping !== false));
}

function linesOfWarehouse(w: OrderFact): string | null {
	return linesKey((w.data as FulfillmentStatusData).lines?.map((l) => ({ sku: l.sku, quantity: l.ordered })));
}

/**
 * What these warehouse records hold against what Shopify wants of them (the order, or its location's
 * fulfillment orders).
 */
function compareLines(
	want: Map<string, number>,
	warehouses: OrderFact[],
	since: string,
	fos: FulfillmentOrderData[] | null,
): Disagreement | null {
	const have = quantitiesBySku(
		warehouses.flatMap((w) =>
			((w.data as FulfillmentStatusData).lines ?? []).map((l) => ({ sku: l.sku, quantity: l.ordered })),
		),
	);
	let start = since;
	for (const w of warehouses) {
		const s = sinceOf(w, `lines:${linesOfWarehouse(w) as string}`);
		if (s > start) start = s;
	}
	const differences: Array<Record<string, unknown>> = [];
	for (const sku of [...new Set([...want.keys(), ...have.keys()])].sort()) {
		const s = want.get(sku) ?? 0;
		const h = have.get(sku) ?? 0;
		if (s !== h) differences.push({ sku, shopify: s, warehouse: h });
	}
	if (differences.length === 0) return null;
	const source = warehouses[0].source;
	const where =
		fos === null
			? ''
			: ` (fulfillment order ` +
				`${fos.map((fo) => `${fo.id} at ${fo.assignedLocation ?? fo.assignedLocationId ?? '?'}`).join(', ')})`;
	const said = differences.map(
		(d) => `${d.sku as string} ${d.shopify as number} in Shopify, ${d.warehouse as number} at ${source}`,
	);
	const text = `items differ${where}: ${said.join('; ')}`;
	const details: Record<string, unknown> = { lines: differences };
	if (fos !== null)
		details.fulfillmentOrders = fos.map((fo) => ({
			id: fo.id,
			location: fo.assignedLocation ?? null,
			locationId: fo.assignedLocationId ?? null,
		}));
	return { start, text, details };
}

/** Shopify and the warehouse disagree past the grace window. */
export const statusMismatch: Rule = (ctx) => {
	const whFact = ctx.view.fulfillments[0];
	const wh = warehouse(ctx);
	const order = orderData(ctx);
	if (!ctx.view.order || !order) return null;
	const graceMs = ctx.policy.graceMinutes.statusMismatch * 60_000;
	const shopify = {
		financialStatus: order.financialStatus ?? null,
		fulfillmentStatus: order.fulfillmentStatus ?? null,
		cancelledAt: ctx.view.cancelledAt,
		observedAt: ctx.view.order.at,
	};
	// A warehouse's shipment alone (no order record read from it) is enough for "shipped but unfulfilled".
	const warehouseSide = wh
		? { source: whFact.source, status: wh.status, rawStatus: wh.rawStatus, observedAt: whFact.at }
		: null;
	const found: Disagreement[] = [];
	if (!wh) {
		// Only (a) can be judged without a warehouse record.
	} else if (ctx.view.cancelledAt && wh.status !== 'cancelled') {
		const severity =
			wh.status === 'shipped' || wh.status === 'partially_shipped' || wh.status === 'packed' ? 'critical' : 'high';
		found.push({
			start: ctx.view.cancelledAt,
			text: `cancelled in Shopify, still "${wh.rawStatus}" at ${whFact.source}`,
			severity,
		});
	} else if (
		!ctx.view.cancelledAt &&
		wh.status === 'cancelled' &&
		liveShipments(ctx).length === 0 &&
		order.fulfillmentStatus !== 'FULFILLED'
	) {
		found.push({
			start: runStart(whFact, (t) => t.startsWith('cancelled:')) ?? whFact.at,
			text: `cancelled at ${whFact.source}, still open in Shopify`,
		});
	} else if (
		order.fulfillmentStatus === 'FULFILLED' &&
		ACTIVE_AT_WAREHOUSE.has(wh.status) &&
		!liveShipments(ctx).some((s) => s.seenBy.includes(whFact.source))
	) {
		let start = runStart(ctx.view.order, (t) => t.endsWith('/FULFILLED')) ?? ctx.view.order.at;
		if (whFact.at > start) start = whFact.at;
		found.push({ start, text: `fulfilled in Shopify, "${wh.rawStatus}" at ${whFact.source}`, severity: 'medium' });
	}
	if (!MISMATCH_ENDED.has(ctx.record.stage)) {
		for (const check of [shippedButUnfulfilled, addressNotUpdated, linesDiffer]) {
			const d = check(ctx, order);
			if (d !== null) found.push(d);
		}
	}
	const due = found.map((d) => ({ d, due: ms(d.start) + graceMs })).filter((x) => x.due <= ctx.nowMs);
	if (due.length === 0) return null;
	due.sort((a, b) => a.due - b.due || (a.d.text < b.d.text ? -1 : 1));
	const evidence: Record<string, unknown> = {
		disagreement: due[0].d.text,
		disagreements: due.map((x) => x.d.text),
		shopify,
		warehouse: warehouseSide,
		graceMinutes: ctx.policy.graceMinutes.statusMismatch,
	};
	for (const x of due) Object.assign(evidence, x.d.details ?? {});
	let severity: Severity | undefined = due[0].d.severity;
	if (due.length > 1) {
		const ranks = due.map((x) => SEVERITY_RANK[x.d.severity ?? 'high']);
		severity = (Object.keys(SEVERITY_RANK) as Severity[]).find((k) => SEVERITY_RANK[k] === Math.max(...ranks));
	}
	return { type: 'status_mismatch', openedAt: iso(due[0].due), severity, evidence };
};

/** Lines a parcel carries, from the source that lists the most: what the person should look for. */
function parcelLines(s: DerivedShipment): Array<{ sku: string | null; quantity: number }> {
	let best: Map<string, number> | undefined;
	for (const lines of s.linesBySource.values()) if (best === undefined || lines.size > best.size) best = lines;
	return [...(best ?? new Map<string, number>()).entries()].map(([sku, quantity]) => ({
		sku: sku === '' ? null : sku,
		quantity,
	}));
}

/** A warehouse shipped a parcel with tracking that Shopify does not have (the partial-shipment case). */
export const trackingMissing: Rule = (ctx) => {
	if (!ctx.view.order || ctx.record.stage === 'cancelled') return null;
	const graceMs = ctx.policy.graceMinutes.trackingMissing * 60_000;
	let firstDue = Number.POSITIVE_INFINITY;
	const parcels: Array<Record<string, unknown>> = [];
	for (const s of liveShipments(ctx)) {
		if (!s.trackingNumber || s.seenBy.includes('shopify') || !s.seenBy.some(isFulfillmentSource)) continue;
		const due = ms(s.firstSeenAt) + graceMs;
		if (due > ctx.nowMs) continue;
		firstDue = Math.min(firstDue, due);
		const parcel: Record<string, unknown> = {
			trackingNumber: s.trackingNumber,
			carrier: s.carrier ?? null,
			seenBy: s.seenBy,
			shippedAt: s.shippedAt ?? null,
		};
		if (s.shippedOn) parcel.shippedOn = s.shippedOn;
		const lines = parcelLines(s);
		if (lines.length > 0) parcel.lines = lines;
		parcels.push(parcel);
	}
	if (parcels.length === 0) return null;
	const order = orderData(ctx);
	return {
		type: 'tracking_missing',
		openedAt: iso(firstDue),
		evidence: {
			parcels,
			shopifyFulfillmentStatus: order?.fulfillmentStatus ?? null,
			graceMinutes: ctx.policy.graceMinutes.trackingMissing,
		},
	};
};

const STALL_WATCHED = new Set(['pre_transit', 'in_transit', 'unknown']);

/** The carrier's own limit when the policy lists it (own keys only: carrier names come from input). */
function carrierStallLimit(policy: Policy, carrier: string | null): number {
	const limits = policy.carrierStallHours;
	const own = carrier !== null && Object.prototype.hasOwnProperty.call(limits, carrier) ? limits[carrier] : undefined;
	return typeof own === 'number' && Number.isFinite(own) ? own : policy.thresholds.trackingStalledHours;
}

/**
 * When the stall clock of a parcel starts: the newest PHYSICAL carrier scan; with none, the end of the
 * ship date in the warehouse's zone (or the ship instant). A label-created event never starts it.
 */
export function stallClockMs(ctx: RuleContext, s: DerivedShipment): number {
	const scan = ms(s.lastScanAt);
	if (!Number.isNaN(scan)) return scan;
	return shipClockMs(ctx, s);
}

/** Carrier reads of this parcel (not Shopify's relay): what can confirm a stall. */
function carrierReads(s: DerivedShipment): OrderFact[] {
	return s.trackingFacts.filter((f) => isCarrierSource(f.source) && !(f.data as TrackingData).relayedBy);
}

/**
 * When a carrier was last asked about this parcel and did not know it (a 'tracking' lookup, found
 * false): a parcel the carrier still does not know after the limit is as stalled as one it stopped
 * scanning. Keys may be written "<field>:<value>".
 */
function carrierNotFoundAt(ctx: RuleContext, s: DerivedShipment): string | null {
	let last: string | null = null;
	for (const f of ctx.view.lookups) {
		const d = lookupOf(f);
		if (d.subject !== 'tracking' || d.found || !isCarrierSource(f.source)) continue;
		const asked = d.keys.some(
			(k) => normaliseTrackingNumber(k.includes(':') ? k.slice(k.lastIndexOf(':') + 1) : k) === s.trackingNumber,
		);
		if (asked && (last === null || f.at > last)) last = f.at;
	}
	return last;
}

/** No physical carrier scan for the carrier's stall limit. */
export const trackingStalled: Rule = (ctx) => {
	if (ctx.record.stage === 'cancelled' || ctx.record.stage === 'returned') return null;
	const parcels: Array<{ due: number; confirmed: boolean; source: string; evidence: Record<string, unknown> }> = [];
	for (const s of liveShipments(ctx)) {
		if (!s.trackingNumber || s.deliveredAt) continue;
		if (s.trackingStatus && !STALL_WATCHED.has(s.trackingStatus)) continue;
		const start = stallClockMs(ctx, s);
		if (Number.isNaN(start)) continue;
		const carrier = normaliseCarrier(s.carrier);
		const hours = carrierStallLimit(ctx.policy, carrier);
		const due = dueAfterBusinessHours(ctx.calendar, start, hours, ctx.nowMs);
		if (due === null) continue;
		const reads = carrierReads(s);
		const lastRead = reads.reduce<string | null>(
			(m, f) => {
				const r = f.lastReceivedAt ?? f.at;
				return m === null || r > m ? r : m;
			},
			carrierNotFoundAt(ctx, s),
		);
		parcels.push({
			due,
			confirmed: lastRead !== null && ms(lastRead) >= due,
			source: reads[0]?.source ?? carrier ?? '',
			evidence: {
				trackingNumber: s.trackingNumber,
				carrier: s.carrier ?? null,
				trackingStatus: s.trackingStatus ?? null,
				lastScanAt: s.lastScanAt ?? null,
				lastEventAt: s.lastEventAt ?? null,
				shippedAt: s.shippedAt ?? null,
				shippedOn: s.shippedOn ?? null,
				clockStartedAt: iso(start),
				carrierLastReadAt: lastRead,
				limitBusinessHours: hours,
			},
		});
	}
	if (parcels.length === 0) return null;
	const confirmed = parcels.filter((p) => p.confirmed);
	const unconfirmed = parcels.filter((p) => !p.confirmed);
	// Once one parcel is confirmed, the case is about the confirmed ones: a still-unconfirmed parcel cannot
	// decide when (and so under which id) it opened.
	const counted = ctx.policy.confirmBeforeOpening && confirmed.length > 0 ? confirmed : parcels;
	const openedAt = Math.min(...counted.map((p) => p.due));
	const pending = unconfirmed.length > 0 ? unconfirmed : parcels;
	return {
		type: 'tracking_stalled',
		openedAt: iso(openedAt),
		evidence: { parcels: counted.map((p) => p.evidence) },
		confirmation: {
			confirmed: confirmed.length > 0,
			dueAt: iso(Math.min(...pending.map((p) => p.due))),
			sources: [...new Set(pending.map((p) => p.source).filter((x) => x !== ''))].sort(),
			keys: pending.map((p) => p.evidence.trackingNumber as string),
		},
	};
};

/** "2026-03-04T00:00:00-06:00", "2026-03-04T00:00:00Z": a time at midnight, as carriers write a day. */
const LOCAL_MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00(:00(\.0+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date-only value means the end of that day in `zone`; so does a value at exactly midnight (FedEx
 * ESTIMATED_DELIVERY / COMMITMENT and UPS delivery dates carry the day at local midnight: a day, not an
 * instant). Any other instant is itself.
 */
export function deadlineIn(value: string | null | undefined, zone: string): number {
	if (!value) return Number.NaN;
	const day = calendarDayOf(value);
	if (day) return endOfDayIn(day, zone);
	return parseIsoMs(value);
}

/**
 * The calendar day a promise or estimate means, when it means a day: a date-only value, or a time at exactly
 * midnight (see deadlineIn); null for any other instant. The customer's page shows such a value as this day,
 * the day the rules judge it by.
 */
export function calendarDayOf(value: string): string | null {
	if (isDateOnly(value)) return value;
	return LOCAL_MIDNIGHT.exec(value)?.[1] ?? null;
}

const NOT_LATE_STAGES = new Set(['delivered', 'cancelled', 'returned', 'return_requested']);

type Pair = [string, string];
function pickPair(pairs: Array<Pair | undefined>, newest: boolean): Pair | undefined {
	let best: Pair | undefined;
	for (const p of pairs) {
		if (!p) continue;
		if (
			best === undefined ||
			(newest
				? p[0] > best[0] || (p[0] === best[0] && p[1] > best[1])
				: p[0] < best[0] || (p[0] === best[0] && p[1] < best[1]))
		)
			best = p;
	}
	return best;
}

/**
 * The promise a parcel is judged against (policy lateAgainst): the first estimate or commitment ever
 * seen, or the newest one. A withdrawn estimate leaves the last known one standing. When an estimate and
 * a commitment were seen at the same instant, the later deadline counts (the customer was told no less).
 */
export function parcelPromise(
	ctx: RuleContext,
	s: DerivedShipment,
): { value: string; seenAt: string; deadline: number; zone: string } | null {
	const newest = ctx.policy.lateAgainst === 'newest_estimate';
	const estimate = pickPair(
		s.trackingFacts.map((f) => (newest ? f.newestEstimate : f.firstEstimate)),
		newest,
	);
	const commitment = pickPair(
		s.trackingFacts.map((f) => (newest ? f.newestCommitment : f.firstCommitment)),
		newest,
	);
	const zone =
		((s.tracking?.data as TrackingData | undefined)?.destinationTimeZone ??
			s.trackingFacts.map((f) => (f.data as TrackingData).destinationTimeZone).find((z) => !!z)) ||
		ctx.policy.timeZone;
	const candidates = [estimate, commitment].filter((p): p is Pair => p !== undefined);
	if (candidates.length === 0) return null;
	let chosen: Pair = candidates[0];
	for (const c of candidates.slice(1)) {
		const better = newest ? c[0] > chosen[0] : c[0] < chosen[0];
		if (better || (c[0] === chosen[0] && deadlineIn(c[1], zone) > deadlineIn(chosen[1], zone))) chosen = c;
	}
	const deadline = deadlineIn(chosen[1], zone);
	if (Number.isNaN(deadline)) return null;
	return { value: chosen[1], seenAt: chosen[0], deadline, zone };
}

/** The promised (or, without a promise, the carrier's first or newest estimate) delivery date has passed. */
export const deliveryLate: Rule = (ctx) => {
	if (NOT_LATE_STAGES.has(ctx.record.stage)) return null;
	const graceMs = ctx.policy.graceMinutes.deliveryLate * 60_000;
	// The store's own checkout promise: a date means the end of that day in the store's zone.
	const promised = deadlineIn(ctx.record.dates.promisedBy, ctx.policy.timeZone);
	if (!Number.isNaN(promised)) {
		const due = promised + graceMs;
		if (due > ctx.nowMs) return null;
		return {
			type: 'delivery_late',
			openedAt: iso(due),
			severity: 'high',
			evidence: {
				promisedBy: ctx.record.dates.promisedBy,
				estimatedDelivery: ctx.record.dates.estimatedDelivery ?? null,
				stage: ctx.record.stage,
			},
		};
	}
	let firstDue = Number.POSITIVE_INFINITY;
	const parcels: Array<Record<string, unknown>> = [];
	for (const s of liveShipments(ctx)) {
		if (s.deliveredAt) continue;
		const promise = parcelPromise(ctx, s);
		if (promise === null) continue;
		const due = promise.deadline + graceMs;
		if (due > ctx.nowMs) continue;
		firstDue = Math.min(firstDue, due);
		parcels.push({
			trackingNumber: s.trackingNumber ?? null,
			carrier: s.carrier ?? null,
			judgedAgainst: ctx.policy.lateAgainst,
			promise: promise.value,
			promiseSeenAt: promise.seenAt,
			deadline: iso(promise.deadline),
			destinationTimeZone: promise.zone,
			estimatedDelivery: s.estimatedDelivery ?? null,
			trackingStatus: s.trackingStatus ?? null,
		});
	}
	if (parcels.length === 0) return null;
	return { type: 'delivery_late', openedAt: iso(firstDue), evidence: { promisedBy: null, parcels } };
};

const FAILED = new Set(['failed_attempt', 'exception']);

/**
 * A notice left, then "available for pickup": the parcel waits at a counter for the customer. That is a
 * failed delivery that needs the customer, not progress. Returns since when (the first failure), or null.
 */
export function noticeThenPickup(f: OrderFact): string | null {
	const h = f.history ?? [];
	let i = h.length - 1;
	if (i < 0 || h[i][1] !== 'available_for_pickup') return null;
	while (i >= 0 && h[i][1] === 'available_for_pickup') i--;
	if (i < 0 || h[i][1] !== 'failed_attempt') return null;
	let since = h[i][0];
	while (i >= 0 && FAILED.has(h[i][1])) since = h[i--][0];
	return since;
}

/** The carrier's newest word on an undelivered parcel is a failed attempt, an exception, or a notice-then-pickup. */
export const deliveryFailed: Rule = (ctx) => {
	let first: string | null = null;
	const parcels: Array<Record<string, unknown>> = [];
	for (const s of liveShipments(ctx)) {
		if (s.deliveredAt || !s.tracking || !s.trackingStatus) continue;
		let since: string | null = null;
		if (FAILED.has(s.trackingStatus)) since = runStart(s.tracking, (t) => FAILED.has(t)) ?? s.tracking.at;
		else if (s.trackingStatus === 'available_for_pickup') {
			// The notice may come from one reader (Shopify's relay) and the pickup from another (the carrier).
			const history = s.trackingFacts.reduce<Array<[string, string]>>((h, f) => mergeHistory(h, f.history), []);
			since = noticeThenPickup({ ...s.tracking, history });
		}
		if (since === null) continue;
		if (first === null || since < first) first = since;
		parcels.push({
			trackingNumber: s.trackingNumber,
			carrier: s.carrier ?? null,
			trackingStatus: s.trackingStatus,
			rawStatus: (s.tracking.data as TrackingData).rawStatus,
			since,
		});
	}
	if (first === null || ctx.record.stage === 'cancelled') return null;
	return { type: 'delivery_failed', openedAt: first, evidence: { parcels } };
};

/** The carrier is sending a parcel back, and nothing has replaced it yet. */
export const returnedToSender: Rule = (ctx) => {
	const order = orderData(ctx);
	if (ctx.record.stage === 'cancelled' || order?.financialStatus === 'REFUNDED') return null;
	const live = liveShipments(ctx);
	let first: string | null = null;
	const parcels: Array<Record<string, unknown>> = [];
	for (const s of live) {
		if (s.trackingStatus !== 'returned_to_sender' || !s.tracking) continue;
		const since = runStart(s.tracking, (t) => t === 'returned_to_sender') ?? s.tracking.at;
		// A parcel shipped after the return started is the replacement.
		if (live.some((other) => other !== s && other.shippedAt && other.shippedAt > since)) continue;
		if (first === null || since < first) first = since;
		parcels.push({
			trackingNumber: s.trackingNumber,
			carrier: s.carrier ?? null,
			rawStatus: (s.tracking.data as TrackingData).rawStatus,
			since,
		});
	}
	if (first === null) return null;
	return { type: 'returned_to_sender', openedAt: first, evidence: { parcels } };
};

/** "Order Shipped", "order-shipped", "ORDER_SHIPPED" are the same event. */
export function normaliseEventName(name: string): string {
	// Most names already are ("order_shipped"): lower-case letters and digits, single underscores between.
	// Asked per notification per order, and the lower-casing and replace made two strings each time (issue 14).
	if (NORMAL_EVENT_NAME.test(name)) return name;
	return name.toLowerCase().replace(/[\s_-]+/g, '_');
}

/** A name normaliseEventName leaves as it is. */
const NORMAL_EVENT_NAME = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

const wantedCache = new WeakMap<Policy, Map<NotificationMilestone, Set<string>>>();
function wantedEvents(policy: Policy, milestone: NotificationMilestone): Set<string> {
	let byMilestone = wantedCache.get(policy);
	if (byMilestone === undefined) {
		byMilestone = new Map();
		wantedCache.set(policy, byMilestone);
	}
	let set = byMilestone.get(milestone);
	if (set === undefined) {
		set = new Set((policy.notificationEvents[milestone] ?? []).map(normaliseEventName));
		byMilestone.set(milestone, set);
	}
	return set;
}

/** A milestone was reached but its customer notification was not sent within the threshold. */
export const notificationLate: Rule = (ctx) => {
	if (!ctx.view.order || ctx.record.stage === 'cancelled') return null;
	const hours = ctx.policy.thresholds.notificationLateHours;
	const sent = ctx.view.notifications.map((f) => {
		const d = f.data as NotificationData;
		return { event: normaliseEventName(d.event), shipmentKey: d.shipmentKey };
	});
	const late: LateNotifications = { missing: [], firstDue: Number.POSITIVE_INFINITY };
	for (const s of liveShipments(ctx)) {
		checkNotified(ctx, sent, late, 'shipped', s.shippedAt, s);
		if (s.tracking)
			checkNotified(
				ctx,
				sent,
				late,
				'out_for_delivery',
				runStart(s.tracking, (t) => t === 'out_for_delivery'),
				s,
			);
		checkNotified(ctx, sent, late, 'delivered', s.deliveredAt, s);
	}
	if (late.missing.length === 0) return null;
	return {
		type: 'notification_late',
		openedAt: iso(late.firstDue),
		evidence: { missing: late.missing, thresholdBusinessHours: hours },
	};
};

interface LateNotifications {
	missing: Array<Record<string, unknown>>;
	firstDue: number;
}

/** One milestone of one parcel: notified in time, or added to `late` (a module function, not a closure per order). */
function checkNotified(
	ctx: RuleContext,
	sent: Array<{ event: string; shipmentKey: string | null | undefined }>,
	late: LateNotifications,
	milestone: NotificationMilestone,
	reachedAt: string | null | undefined,
	parcel: DerivedShipment,
): void {
	const names = ctx.policy.notificationEvents[milestone];
	if (!names || names.length === 0 || !reachedAt) return;
	const wanted = wantedEvents(ctx.policy, milestone);
	if (notifiedOf(sent, wanted, parcel)) return;
	// The clock starts when we could have told the customer: not before we knew the order.
	const knownSince = ctx.view.knownSince === null ? Number.NEGATIVE_INFINITY : ms(ctx.view.knownSince);
	const hours = ctx.policy.thresholds.notificationLateHours;
	const due = dueAfterBusinessHours(ctx.calendar, Math.max(ms(reachedAt), knownSince), hours, ctx.nowMs);
	if (due === null) return;
	late.firstDue = Math.min(late.firstDue, due);
	late.missing.push({ milestone, reachedAt, expectedEvent: names[0], trackingNumber: parcel.trackingNumber ?? null });
}

/** Whether a wanted notice about this parcel (or about no parcel in particular) was sent. */
function notifiedOf(
	sent: Array<{ event: string; shipmentKey: string | null | undefined }>,
	wanted: Set<string>,
	parcel: DerivedShipment,
): boolean {
	for (const n of sent)
		if (
			wanted.has(n.event) &&
			(!n.shipmentKey || n.shipmentKey === parcel.key || n.shipmentKey === parcel.trackingNumber)
		)
			return true;
	return false;
}

/** Outcomes after which no person is needed for the request any more (issue 17). */
const SETTLED_OUTCOMES = new Set<string>(['applied', 'approved', 'rejected']);

/**
 * Each request's newest fact. The facts keep the newest per slot (source, kind, sourceId), so a request whose
 * outcomes share a source is one fact already; a request whose later outcome came from another source (a
 * person's decision recorded from Slack) is still one request by its sourceId: the newer fact wins, by
 * occurredAt and then key, as within a slot.
 */
function newestPerRequest(edits: OrderFact[]): OrderFact[] {
	if (edits.length < 2) return edits;
	const newest = new Map<string, OrderFact>();
	for (const f of edits) {
		const seen = newest.get(f.sourceId);
		if (seen === undefined || isNewer(f, seen)) newest.set(f.sourceId, f);
	}
	return [...newest.values()];
}

/** The edit cutoff (epoch ms): minutes after placing, or when the warehouse had the order if earlier; NaN unknown. */
function editCutoffMs(ctx: RuleContext): number {
	const placed = ms(ctx.record.dates.placedAt);
	const sent = ms(ctx.record.dates.sentToFulfillmentAt);
	const byMinutes = placed + ctx.policy.editCutoffMinutes * 60_000;
	return Number.isNaN(sent) ? byMinutes : Number.isNaN(byMinutes) ? sent : Math.min(byMinutes, sent);
}

/**
 * A customer's request needs a person. Either it was asked after the cutoff and has not been applied (requests
 * recorded without an outcome), or, whenever it was asked, its newest outcome is `approval` (waiting in the
 * approval queue) or `failed` (failed midway, the order maybe on hold). A newer outcome of the same request
 * (applied, approved, rejected) or `applied: true` means no person is needed any more; a refused request never
 * opens a case (nothing a person could do). openedAt: when the earliest such request was asked.
 */
export const editAfterCutoff: Rule = (ctx) => {
	if (ctx.record.stage === 'cancelled' || ctx.view.edits.length === 0) return null;
	const cutoff = editCutoffMs(ctx);
	let first: string | null = null;
	const edits: Array<Record<string, unknown>> = [];
	for (const f of newestPerRequest(ctx.view.edits)) {
		const d = f.data as EditRequestData;
		const outcome = d.outcome;
		if (d.applied || outcome === 'refused' || (outcome !== undefined && SETTLED_OUTCOMES.has(outcome))) continue;
		const requested = toIso(d.requestedAt) ?? f.at;
		const needsPerson = outcome === 'approval' || outcome === 'failed';
		if (!needsPerson && (Number.isNaN(cutoff) || ms(requested) <= cutoff)) continue;
		if (first === null || requested < first) first = requested;
		const edit: Record<string, unknown> = {
			field: d.field,
			requestedAt: requested,
			reason: d.reason ?? null,
			source: f.source,
		};
		// Only requests that carry an outcome get its fields: the evidence of cases opened before stays as it was.
		if (outcome !== undefined) {
			edit.requestId = d.requestId ?? f.sourceId;
			edit.outcome = outcome;
			edit.reasons = d.reasons ?? [];
			edit.held = d.held === true;
			if (d.destination) edit.destination = d.destination;
			if (d.items) edit.items = d.items;
		}
		edits.push(edit);
	}
	if (first === null) return null;
	return {
		type: 'edit_after_cutoff',
		openedAt: first,
		evidence: { edits, cutoff: Number.isNaN(cutoff) ? null : iso(cutoff) },
	};
};

/** Every rule, by the exception it decides. */
export const RULES: Record<ExceptionType, Rule> = {
	not_sent_to_fulfillment: notSentToFulfillment,
	fulfillment_stuck: fulfillmentStuck,
	backordered,
	address_invalid: addressInvalid,
	status_mismatch: statusMismatch,
	tracking_missing: trackingMissing,
	tracking_stalled: trackingStalled,
	delivery_late: deliveryLate,
	delivery_failed: deliveryFailed,
	returned_to_sender: returnedToSender,
	notification_late: notificationLate,
	edit_after_cutoff: editAfterCutoff,
};

const RULE_LIST: Rule[] = Object.values(RULES);

export function runRules(ctx: RuleContext): Finding[] {
	const out: Finding[] = [];
	for (const rule of RULE_LIST) {
		const f = rule(ctx);
		if (f !== null) out.push(f);
	}
	return out;
}

export { SHIPPED_STAGES };
