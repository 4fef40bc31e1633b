/**
 * The edit window (issue 17): may a customer still change this order by themselves right now? Judged from the
 * warehouse's own status read live, and from what the record already knows (parcels, stage, Shopify's
 * fulfillment orders). It never opens on a guess: an unknown or old warehouse status keeps it closed.
 */
import type { FulfillmentStatus, OrderRecord } from '../order/types';
import { parseIsoMs } from '../order/time';
import type { SelfServiceRules } from './rules';

/**
 * The warehouse's status of the order, read at observedAt. 'not_found': the warehouse was asked by every key
 * it knows (DESIGN: a lookup that tried every key) and does not have the order yet, so nobody can be picking
 * it. null instead of a status: the warehouse could not be asked.
 */
export interface LiveStatus {
	status: FulfillmentStatus | 'not_found';
	observedAt: string;
}

/** Why the window is open. */
export const OPEN_REASONS = ['within_minutes', 'warehouse_not_started'] as const;
export type OpenReason = (typeof OPEN_REASONS)[number];

/**
 * Why the window is closed, most final first (the first that applies is the one given):
 * - cancelled: the order is cancelled (stage, or Shopify's cancellation date).
 * - returned, delivered, shipped: the order is past shipping (stage, a parcel, Shopify fulfilled, the warehouse).
 * - warehouse_cancelled: the warehouse cancelled its order but the store did not (often a re-route).
 * - on_hold: someone held the order (warehouse, or a Shopify fulfillment order / order on hold).
 * - warehouse_exception: the warehouse reports a problem with the order.
 * - shopify_fulfillment_closed: a Shopify fulfillment order is closed, cancelled, incomplete, or in a status
 *   this library does not know.
 * - warehouse_picking: the warehouse has started (processing, picked, packed, a label voided after packing).
 * - minutes_passed: the time window has passed.
 * - warehouse_unknown: the warehouse could not be asked, its read is too old, or its status is not one we know.
 * - order_time_unknown: the record has no order time, so the time window cannot be placed.
 */
export const CLOSED_REASONS = [
	'cancelled',
	'returned',
	'delivered',
	'shipped',
	'warehouse_cancelled',
	'on_hold',
	'warehouse_exception',
	'shopify_fulfillment_closed',
	'warehouse_picking',
	'minutes_passed',
	'warehouse_unknown',
	'order_time_unknown',
] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];
export type WindowReason = OpenReason | ClosedReason;

/** Closed reasons past the point of no return: a person cannot undo them either, so a request is refused. */
export const FINAL_REASONS: ReadonlySet<ClosedReason> = new Set(['cancelled', 'returned', 'delivered', 'shipped']);

export interface EditWindow {
	open: boolean;
	/**
	 * When the time rule closes (or closed) the window, UTC ISO; null without a time rule, or without an order
	 * time. The warehouse rule has no time: it closes whenever picking starts.
	 */
	closesAt: string | null;
	reason: WindowReason;
	/** When the warehouse status this judgement used was read (null: none was used). stillApplies checks it. */
	observedAt: string | null;
}

const MINUTE = 60_000;

/** What a warehouse status means for the window. */
export type WarehouseState = 'not_started' | 'started' | ClosedReason;

export function warehouseState(status: LiveStatus['status']): WarehouseState {
	switch (status) {
		case 'not_found':
		case 'received':
			return 'not_started';
		// 'processing' is work started: ShipMonk pick_in_progress, Extensiv PickStarted/Allocated, ShipStation
		// pending_fulfillment (handed to a provider), ShipBob Processing shipments.
		case 'processing':
		case 'picked':
		case 'packed':
			return 'started';
		case 'shipped':
		case 'partially_shipped':
			return 'shipped';
		case 'on_hold':
			return 'on_hold';
		case 'cancelled':
			return 'warehouse_cancelled';
		case 'exception':
			return 'warehouse_exception';
		default:
			return 'warehouse_unknown';
	}
}

const SHOPIFY_FO_OPEN = new Set(['OPEN', 'SCHEDULED', 'IN_PROGRESS']);
const SHIPPED_STAGES = new Set(['partially_shipped', 'shipped', 'in_transit', 'out_for_delivery']);

function toMs(value: Date | string | number): number {
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'number') return value;
	return parseIsoMs(value);
}

/** Every reason the record itself gives to close the window (not the warehouse's live status). */
function recordReasons(record: OrderRecord): ClosedReason[] {
	const out: ClosedReason[] = [];
	const stage = record.stage;
	if (stage === 'cancelled' || record.dates?.cancelledAt) out.push('cancelled');
	if (stage === 'return_requested' || stage === 'returned') out.push('returned');
	if (stage === 'delivered' || stage === 'partially_delivered') out.push('delivered');
	if (SHIPPED_STAGES.has(stage)) out.push('shipped');
	for (const s of record.shipments ?? []) {
		// A parcel on its way back belongs to a return; a voided label means the warehouse packed the order.
		if (s.direction === 'return') out.push('returned');
		else if (s.voided) out.push('warehouse_picking');
		else out.push('shipped');
	}
	const shopify = record.sourceStatus?.shopify;
	const displayStatus = shopify?.fulfillmentStatus?.toUpperCase();
	if (displayStatus === 'FULFILLED' || displayStatus === 'PARTIALLY_FULFILLED') out.push('shipped');
	if (displayStatus === 'ON_HOLD') out.push('on_hold');
	if (displayStatus === 'RESTOCKED') out.push('shopify_fulfillment_closed');
	for (const fo of shopify?.fulfillmentOrders ?? []) {
		const status = String(fo.status ?? '').toUpperCase();
		if (status === 'ON_HOLD') out.push('on_hold');
		else if (!SHOPIFY_FO_OPEN.has(status)) out.push('shopify_fulfillment_closed');
	}
	return out;
}

/**
 * The warehouse status to judge by: the live read, or the record's warehouse status when the record heard
 * newer news than the live read (a webhook that arrived after it). null when there is no fresh one.
 */
function freshWarehouse(
	record: OrderRecord,
	live: LiveStatus | null,
	nowMs: number,
	maxAgeMinutes: number,
): LiveStatus | null {
	if (live === null) return null;
	const liveMs = parseIsoMs(live.observedAt);
	if (Number.isNaN(liveMs) || liveMs < nowMs - maxAgeMinutes * MINUTE) return null;
	const stored = record.sourceStatus?.fulfillment;
	if (stored && parseIsoMs(stored.observedAt) > liveMs) return { status: stored.status, observedAt: stored.observedAt };
	return live;
}

function firstOf(reasons: ClosedReason[]): ClosedReason | null {
	let best: ClosedReason | null = null;
	for (const r of reasons) if (best === null || CLOSED_REASONS.indexOf(r) < CLOSED_REASONS.indexOf(best)) best = r;
	return best;
}

/**
 * Whether the customer may change the order by themselves at `now`. `live` is the warehouse's status read for
 * this request (null: it could not be asked). A read older than rules.liveMaxAgeMinutes counts as unknown; a
 * read taken after `now` is fine (the request is judged by the newest news). With both window rules set the
 * earlier closes it. Throws when `now` is not a time.
 */
export function editWindow(
	record: OrderRecord,
	rules: SelfServiceRules,
	live: LiveStatus | null,
	now: Date | string | number,
): EditWindow {
	const nowMs = toMs(now);
	if (!Number.isFinite(nowMs)) throw new Error(`editWindow: now is not a time (got ${String(now)})`);
	const reasons = recordReasons(record);

	const warehouse = freshWarehouse(record, live, nowMs, rules.liveMaxAgeMinutes);
	const state = warehouse === null ? 'warehouse_unknown' : warehouseState(warehouse.status);
	if (state === 'started') {
		if (rules.windowUntilPicking) reasons.push('warehouse_picking');
	} else if (state !== 'not_started') reasons.push(state);

	let closesAt: string | null = null;
	if (rules.windowMinutes !== null) {
		const placedMs = parseIsoMs(record.dates?.placedAt ?? '');
		if (Number.isNaN(placedMs)) reasons.push('order_time_unknown');
		else {
			const closesMs = placedMs + rules.windowMinutes * MINUTE;
			closesAt = new Date(closesMs).toISOString();
			// The window is open before closesAt, closed from that instant on.
			if (nowMs >= closesMs) reasons.push('minutes_passed');
		}
	}

	const observedAt = warehouse?.observedAt ?? null;
	const closed = firstOf(reasons);
	if (closed !== null) return { open: false, closesAt, reason: closed, observedAt };
	return {
		open: true,
		closesAt,
		reason: rules.windowMinutes !== null ? 'within_minutes' : 'warehouse_not_started',
		observedAt,
	};
}
