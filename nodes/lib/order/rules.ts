/**
 * Exception rules: each a small pure function of (derived order, policy, now) that says whether its
 * exception holds and since when. A rule that stops firing is what resolves its case, so every rule's
 * condition IS its evidence: when the evidence goes away, the exception clears.
 *
 * openedAt is computed from evidence (the instant a threshold was crossed, the start of a hold), never
 * from the clock of the run, so re-running on the same facts always yields the same case id.
 */
import type { BusinessCalendar } from './businessTime';
import { dueAfterBusinessHours } from './businessTime';
import type { DerivedFields, DerivedShipment, FactView } from './derive';
import { PRE_SHIP_STAGES, SHIPPED_STAGES, isFulfillmentSource, normaliseCarrier } from './derive';
import { runStart, toIso } from './facts';
import { parseIsoMs } from './time';
import type { NotificationMilestone, Policy } from './policy';
import type {
	AddressCheckData,
	EditRequestData,
	ExceptionType,
	FulfillmentOrderData,
	FulfillmentStatusData,
	NotificationData,
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
	/** Non-voided parcels, computed once per context by liveShipments(). */
	live?: DerivedShipment[];
}

export interface Finding {
	type: ExceptionType;
	/** UTC ISO: when the exception became true (deterministic from evidence). */
	openedAt: string;
	/** Overrides the catalogue default when the facts make it worse (e.g. cancelled but already shipped). */
	severity?: Severity;
	evidence: Record<string, unknown>;
}

export type Rule = (ctx: RuleContext) => Finding | null;

function ms(iso: string | null | undefined): number {
	return iso ? parseIsoMs(iso) : Number.NaN;
}

function iso(msValue: number): string {
	return new Date(msValue).toISOString();
}

const UNPAID = new Set(['PENDING', 'EXPIRED', 'VOIDED']);
const ACTIVE_AT_WAREHOUSE = new Set(['received', 'processing', 'picked', 'packed', 'exception', 'unknown']);

function liveShipments(ctx: RuleContext): DerivedShipment[] {
	if (ctx.live === undefined) ctx.live = ctx.shipments.filter((s) => !s.voided);
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

/** A paid order that no warehouse has heard of, past the threshold. */
export const notSentToFulfillment: Rule = (ctx) => {
	const order = orderData(ctx);
	const { record, view } = ctx;
	if (!order || (record.stage !== 'placed' && record.stage !== 'awaiting_fulfillment')) return null;
	if (order.financialStatus && UNPAID.has(order.financialStatus)) return null;
	if (view.fulfillments.length > 0 || record.dates.sentToFulfillmentAt) return null;
	const placed = ms(record.dates.placedAt);
	if (Number.isNaN(placed)) return null;
	const hours = ctx.policy.thresholds.notSentToFulfillmentHours;
	const due = dueAfterBusinessHours(ctx.calendar, placed, hours, ctx.nowMs);
	if (due === null) return null;
	return {
		type: 'not_sent_to_fulfillment',
		openedAt: iso(due),
		evidence: {
			placedAt: record.dates.placedAt,
			financialStatus: order.financialStatus ?? null,
			fulfillmentOrders: view.fulfillmentOrders.map((f) => {
				const d = f.data as FulfillmentOrderData;
				return { id: d.id, status: d.status, requestStatus: d.requestStatus ?? null };
			}),
			thresholdBusinessHours: hours,
		},
	};
};

/** The warehouse has it, but it has not shipped within the threshold. */
export const fulfillmentStuck: Rule = (ctx) => {
	const whFact = ctx.view.fulfillments[0];
	const wh = warehouse(ctx);
	if (!wh || !PRE_SHIP_STAGES.has(ctx.record.stage)) return null;
	const heldElsewhere = wh.status === 'on_hold' && (wh.holdReason === 'inventory' || wh.holdReason === 'address');
	if (heldElsewhere || !(ACTIVE_AT_WAREHOUSE.has(wh.status) || wh.status === 'on_hold')) return null;
	const sent = ms(ctx.record.dates.sentToFulfillmentAt);
	if (Number.isNaN(sent)) return null;
	const hours = ctx.policy.thresholds.fulfillmentStuckHours;
	const due = dueAfterBusinessHours(ctx.calendar, sent, hours, ctx.nowMs);
	if (due === null) return null;
	return {
		type: 'fulfillment_stuck',
		openedAt: iso(due),
		evidence: {
			warehouse: whFact.source,
			status: wh.status,
			rawStatus: wh.rawStatus,
			holdReason: wh.holdReason ?? null,
			holdDetail: wh.holdDetail ?? null,
			sentToFulfillmentAt: ctx.record.dates.sentToFulfillmentAt,
			thresholdBusinessHours: hours,
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
		return { type: 'backordered', openedAt: since, evidence: { source: whFact.source, rawStatus: wh.rawStatus, holdDetail: wh.holdDetail ?? null, since } };
	}
	const fo = fulfillmentOrderHold(ctx, 'INVENTORY_OUT_OF_STOCK');
	if (fo) return { type: 'backordered', openedAt: fo.since, evidence: { source: 'shopify', fulfillmentOrderId: fo.data.id, holdReasons: fo.data.holdReasons ?? [], since: fo.since } };
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
			evidence: { source: check.source, messages: (check.data as AddressCheckData).messages ?? [], address: ctx.record.shippingAddress ?? null },
		};
	}
	const whFact = ctx.view.fulfillments[0];
	const wh = warehouse(ctx);
	if (wh && wh.status === 'on_hold' && wh.holdReason === 'address') {
		const since = runStart(whFact, (t) => t === 'on_hold:address') ?? whFact.at;
		return { type: 'address_invalid', openedAt: since, evidence: { source: whFact.source, rawStatus: wh.rawStatus, holdDetail: wh.holdDetail ?? null, address: ctx.record.shippingAddress ?? null } };
	}
	const fo = fulfillmentOrderHold(ctx, 'INCORRECT_ADDRESS');
	if (fo) return { type: 'address_invalid', openedAt: fo.since, evidence: { source: 'shopify', fulfillmentOrderId: fo.data.id, holdReasons: fo.data.holdReasons ?? [], address: ctx.record.shippingAddress ?? null } };
	return null;
};

/** Shopify and the warehouse disagree past the grace window. */
export const statusMismatch: Rule = (ctx) => {
	const whFact = ctx.view.fulfillments[0];
	const wh = warehouse(ctx);
	const order = orderData(ctx);
	if (!wh || !ctx.view.order || !order) return null;
	const graceMs = ctx.policy.graceMinutes.statusMismatch * 60_000;
	const shopify = { financialStatus: order.financialStatus ?? null, fulfillmentStatus: order.fulfillmentStatus ?? null, cancelledAt: ctx.view.cancelledAt, observedAt: ctx.view.order.at };
	const warehouseSide = { source: whFact.source, status: wh.status, rawStatus: wh.rawStatus, observedAt: whFact.at };
	let start: string | null = null;
	let disagreement = '';
	let severity: Severity | undefined;
	if (ctx.view.cancelledAt && wh.status !== 'cancelled') {
		start = ctx.view.cancelledAt;
		disagreement = `cancelled in Shopify, still "${wh.rawStatus}" at ${whFact.source}`;
		severity = wh.status === 'shipped' || wh.status === 'partially_shipped' || wh.status === 'packed' ? 'critical' : 'high';
	} else if (!ctx.view.cancelledAt && wh.status === 'cancelled' && liveShipments(ctx).length === 0 && order.fulfillmentStatus !== 'FULFILLED') {
		start = runStart(whFact, (t) => t.startsWith('cancelled:')) ?? whFact.at;
		disagreement = `cancelled at ${whFact.source}, still open in Shopify`;
	} else if (order.fulfillmentStatus === 'FULFILLED' && ACTIVE_AT_WAREHOUSE.has(wh.status) && !liveShipments(ctx).some((s) => s.seenBy.includes(whFact.source))) {
		start = runStart(ctx.view.order, (t) => t.endsWith('/FULFILLED')) ?? ctx.view.order.at;
		if (whFact.at > start) start = whFact.at;
		disagreement = `fulfilled in Shopify, "${wh.rawStatus}" at ${whFact.source}`;
		severity = 'medium';
	}
	if (start === null) return null;
	const due = ms(start) + graceMs;
	if (due > ctx.nowMs) return null;
	return { type: 'status_mismatch', openedAt: iso(due), severity, evidence: { disagreement, shopify, warehouse: warehouseSide, graceMinutes: ctx.policy.graceMinutes.statusMismatch } };
};

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
		parcels.push({ trackingNumber: s.trackingNumber, carrier: s.carrier ?? null, seenBy: s.seenBy, shippedAt: s.shippedAt ?? null });
	}
	if (parcels.length === 0) return null;
	return { type: 'tracking_missing', openedAt: iso(firstDue), evidence: { parcels, graceMinutes: ctx.policy.graceMinutes.trackingMissing } };
};

const STALL_WATCHED = new Set(['pre_transit', 'in_transit', 'unknown']);

/** The carrier's own limit when the policy lists it (own keys only: carrier names come from input). */
function carrierStallLimit(policy: Policy, carrier: string | null): number {
	const limits = policy.carrierStallHours;
	const own = carrier !== null && Object.prototype.hasOwnProperty.call(limits, carrier) ? limits[carrier] : undefined;
	return typeof own === 'number' && Number.isFinite(own) ? own : policy.thresholds.trackingStalledHours;
}

/** No carrier scan for the carrier's stall limit. */
export const trackingStalled: Rule = (ctx) => {
	if (ctx.record.stage === 'cancelled' || ctx.record.stage === 'returned') return null;
	let firstDue = Number.POSITIVE_INFINITY;
	const parcels: Array<Record<string, unknown>> = [];
	for (const s of liveShipments(ctx)) {
		if (!s.trackingNumber || s.deliveredAt) continue;
		if (s.trackingStatus && !STALL_WATCHED.has(s.trackingStatus)) continue;
		const last = s.lastEventAt ?? s.shippedAt ?? s.firstSeenAt;
		const lastMs = ms(last);
		if (Number.isNaN(lastMs)) continue;
		const carrier = normaliseCarrier(s.carrier);
		const hours = carrierStallLimit(ctx.policy, carrier);
		const due = dueAfterBusinessHours(ctx.calendar, lastMs, hours, ctx.nowMs);
		if (due === null) continue;
		firstDue = Math.min(firstDue, due);
		parcels.push({ trackingNumber: s.trackingNumber, carrier: s.carrier ?? null, trackingStatus: s.trackingStatus ?? null, lastScanAt: s.lastEventAt ?? null, shippedAt: s.shippedAt ?? null, limitBusinessHours: hours });
	}
	if (parcels.length === 0) return null;
	return { type: 'tracking_stalled', openedAt: iso(firstDue), evidence: { parcels } };
};

/** A date-only promise ("2026-03-04") means the end of that day in the store's zone. */
function deadlineMs(ctx: RuleContext, value: string | null | undefined): number {
	if (!value) return Number.NaN;
	if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return ctx.calendar.endOfLocalDate(value);
	return parseIsoMs(value);
}

const NOT_LATE_STAGES = new Set(['delivered', 'cancelled', 'returned', 'return_requested']);

/** The promised (or, without a promise, the estimated) delivery date has passed. */
export const deliveryLate: Rule = (ctx) => {
	if (NOT_LATE_STAGES.has(ctx.record.stage)) return null;
	const graceMs = ctx.policy.graceMinutes.deliveryLate * 60_000;
	const promised = deadlineMs(ctx, ctx.record.dates.promisedBy);
	if (!Number.isNaN(promised)) {
		const due = promised + graceMs;
		if (due > ctx.nowMs) return null;
		return { type: 'delivery_late', openedAt: iso(due), severity: 'high', evidence: { promisedBy: ctx.record.dates.promisedBy, estimatedDelivery: ctx.record.dates.estimatedDelivery ?? null, stage: ctx.record.stage } };
	}
	let firstDue = Number.POSITIVE_INFINITY;
	const parcels: Array<Record<string, unknown>> = [];
	for (const s of liveShipments(ctx)) {
		if (s.deliveredAt || !s.estimatedDelivery) continue;
		const due = deadlineMs(ctx, s.estimatedDelivery) + graceMs;
		if (Number.isNaN(due) || due > ctx.nowMs) continue;
		firstDue = Math.min(firstDue, due);
		parcels.push({ trackingNumber: s.trackingNumber ?? null, carrier: s.carrier ?? null, estimatedDelivery: s.estimatedDelivery, trackingStatus: s.trackingStatus ?? null });
	}
	if (parcels.length === 0) return null;
	return { type: 'delivery_late', openedAt: iso(firstDue), evidence: { promisedBy: null, parcels } };
};

const FAILED = new Set(['failed_attempt', 'exception']);

/** The carrier's newest word on an undelivered parcel is a failed attempt or an exception. */
export const deliveryFailed: Rule = (ctx) => {
	let first: string | null = null;
	const parcels: Array<Record<string, unknown>> = [];
	for (const s of liveShipments(ctx)) {
		if (s.deliveredAt || !s.tracking || !s.trackingStatus || !FAILED.has(s.trackingStatus)) continue;
		const since = runStart(s.tracking, (t) => FAILED.has(t)) ?? s.tracking.at;
		if (first === null || since < first) first = since;
		parcels.push({ trackingNumber: s.trackingNumber, carrier: s.carrier ?? null, trackingStatus: s.trackingStatus, rawStatus: (s.tracking.data as TrackingData).rawStatus, since });
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
		parcels.push({ trackingNumber: s.trackingNumber, carrier: s.carrier ?? null, rawStatus: (s.tracking.data as TrackingData).rawStatus, since });
	}
	if (first === null) return null;
	return { type: 'returned_to_sender', openedAt: first, evidence: { parcels } };
};

/** "Order Shipped", "order-shipped", "ORDER_SHIPPED" are the same event. */
export function normaliseEventName(name: string): string {
	return name.toLowerCase().replace(/[\s_-]+/g, '_');
}

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
	const missing: Array<Record<string, unknown>> = [];
	let firstDue = Number.POSITIVE_INFINITY;
	const check = (milestone: NotificationMilestone, reachedAt: string | null | undefined, parcel: DerivedShipment) => {
		const names = ctx.policy.notificationEvents[milestone];
		if (!names || names.length === 0 || !reachedAt) return;
		const wanted = wantedEvents(ctx.policy, milestone);
		const notified = sent.some(
			(n) => wanted.has(n.event) && (!n.shipmentKey || n.shipmentKey === parcel.key || n.shipmentKey === parcel.trackingNumber),
		);
		if (notified) return;
		// The clock starts when we could have told the customer: not before we knew the order.
		const knownSince = ctx.view.knownSince === null ? Number.NEGATIVE_INFINITY : ms(ctx.view.knownSince);
		const due = dueAfterBusinessHours(ctx.calendar, Math.max(ms(reachedAt), knownSince), hours, ctx.nowMs);
		if (due === null) return;
		firstDue = Math.min(firstDue, due);
		missing.push({ milestone, reachedAt, expectedEvent: names[0], trackingNumber: parcel.trackingNumber ?? null });
	};
	for (const s of liveShipments(ctx)) {
		check('shipped', s.shippedAt, s);
		if (s.tracking) check('out_for_delivery', runStart(s.tracking, (t) => t === 'out_for_delivery'), s);
		check('delivered', s.deliveredAt, s);
	}
	if (missing.length === 0) return null;
	return { type: 'notification_late', openedAt: iso(firstDue), evidence: { missing, thresholdBusinessHours: hours } };
};

/** The customer asked for a change after the cutoff, and it has not been applied. */
export const editAfterCutoff: Rule = (ctx) => {
	if (ctx.record.stage === 'cancelled' || ctx.view.edits.length === 0) return null;
	const placed = ms(ctx.record.dates.placedAt);
	const sent = ms(ctx.record.dates.sentToFulfillmentAt);
	const byMinutes = placed + ctx.policy.editCutoffMinutes * 60_000;
	const cutoff = Number.isNaN(sent) ? byMinutes : Number.isNaN(byMinutes) ? sent : Math.min(byMinutes, sent);
	if (Number.isNaN(cutoff)) return null;
	let first: string | null = null;
	const edits: Array<Record<string, unknown>> = [];
	for (const f of ctx.view.edits) {
		const d = f.data as EditRequestData;
		const requested = toIso(d.requestedAt);
		if (d.applied || requested === null || ms(requested) <= cutoff) continue;
		if (first === null || requested < first) first = requested;
		edits.push({ field: d.field, requestedAt: requested, reason: d.reason ?? null, source: f.source });
	}
	if (first === null) return null;
	return { type: 'edit_after_cutoff', openedAt: first, evidence: { edits, cutoff: iso(cutoff) } };
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
