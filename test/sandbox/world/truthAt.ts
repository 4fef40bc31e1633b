/**
 * The ground truth at ANY instant of the story, not only at the end: what a person who saw every vendor's
 * records at that moment would say the order's stage is and which problems it has. The benchmark scores
 * the engine at every sweep instant with it, and counts "transient" cases (opened, then cleared by
 * themselves, while the truth never had that problem).
 *
 * It is written from the world's own story (model.ts) and the documented default policy
 * (docs/exceptions.md, docs/status-model.md), never from the engine. Where a threshold is counted in
 * business hours, the truth does not pretend to know the exact minute: a problem is `must` once it is
 * past the threshold by any reading of the calendar (weekends and a holiday included), `may` from the
 * earliest instant it could be due. A `may` problem is neither a hit nor a false alarm; a problem
 * outside both lists is a false alarm. At the end time `must` equals the planted truth (truthOf), which
 * test/unit/sandbox/truthAt.test.ts checks for several seeds.
 */
import { DateTime } from 'luxon';
import type { ExceptionType, Stage } from '../../../nodes/lib/order/types';
import { HOUR } from './generate';
import type { ParcelStep, WorldOrder, WorldParcel } from './model';
import { estimateShown } from './projectCarrier';

export interface InstantTruth {
	orderKey: string;
	/** Problems the engine must have open at this instant (sorted). */
	must: ExceptionType[];
	/** Problems it may have open (near a business-hour threshold, or a carrier word read either way; sorted). */
	may: ExceptionType[];
	stage: Stage;
	/** Other stages accepted: the story moved within the last hour (a sweep may have caught either side). */
	stageAlso: Stage[];
}

/**
 * Business hours between two instants under the documented default: Monday to Friday, 09:00 to 17:00 in
 * the store's zone, no holidays (docs/exceptions.md). Counted here minute by hour, on its own, so the
 * truth does not lean on the engine's calendar.
 */
export function businessHoursBetween(fromMs: number, toMs: number, zone: string): number {
	if (toMs <= fromMs) return 0;
	let hours = 0;
	let day = DateTime.fromMillis(fromMs, { zone }).startOf('day');
	while (day.toMillis() < toMs) {
		if (day.weekday <= 5) {
			const open = Math.max(day.set({ hour: 9 }).toMillis(), fromMs);
			const close = Math.min(day.set({ hour: 17 }).toMillis(), toMs);
			if (close > open) hours += (close - open) / HOUR;
		}
		day = day.plus({ days: 1 });
	}
	return hours;
}

/** Thresholds of the documented default policy (docs/exceptions.md). */
const LIMITS = {
	// not_sent_to_fulfillment: 4 business hours since placed.
	notSentHours: 4,
	// tracking_stalled: business hours without a physical scan, per carrier.
	stallHours: { ups: 24, fedex: 24, usps: 32, dhl: 32 } as Record<string, number>,
	// Near a business-hour threshold either answer is fair: half an hour each side.
	slackHours: 0.5,
	// status_mismatch grace 60 minutes, tracking_missing 120: must once two (three) hours have passed.
	mismatchMust: 2 * HOUR,
	missingMay: 2 * HOUR,
	missingMust: 3 * HOUR,
	// A hold, a failed attempt, a return: the carrier or warehouse said so; one hour for it to be read.
	saidMust: HOUR,
} as const;

const PHYSICAL: ReadonlySet<ParcelStep> = new Set([
	'pickup',
	'arrive',
	'depart',
	'out_for_delivery',
	'delivered',
	'attempt',
	'exception',
	'returned',
]);

function stepsUntil(parcel: WorldParcel, atMs: number) {
	return parcel.events.filter((e) => e.atMs <= atMs);
}

/** The day a carrier's date-only estimate names ends in the customer's zone: late only after that. */
export function endOfEstimatedDay(estimateMs: number, zone: string): number {
	return DateTime.fromMillis(estimateMs, { zone }).endOf('day').toMillis();
}

/** What every vendor's records together say the stage is at `atMs` (docs/status-model.md, "Deriving the stage"). */
export function stageAt(order: WorldOrder, atMs: number): Stage {
	const seen = (ms: number | null | undefined) => typeof ms === 'number' && ms <= atMs;
	if (seen(order.shopifyCancelledAtMs)) return 'cancelled';
	const labelled = order.parcels.filter((p) => seen(p.labelAtMs));
	if (labelled.length > 0) {
		const last = labelled.map((p) => stepsUntil(p, atMs).at(-1)!.step);
		const delivered = last.filter((s) => s === 'delivered').length;
		if (labelled.length < order.parcels.length) return delivered > 0 ? 'partially_delivered' : 'partially_shipped';
		if (delivered === last.length) return 'delivered';
		if (delivered > 0) return 'partially_delivered';
		if (last.includes('out_for_delivery')) return 'out_for_delivery';
		if (last.some((s) => s !== 'label')) return 'in_transit';
		return 'shipped';
	}
	if (seen(order.shopifyManualFulfilledAtMs)) return 'shipped';
	if (order.hold && seen(order.hold.atMs)) return order.hold.reason === 'inventory' ? 'backordered' : 'on_hold';
	if (seen(order.sentAtMs)) return 'in_fulfillment';
	return 'awaiting_fulfillment';
}

/** The truth about `order` at `atMs`; `zone` is the store's (world.timeZone). Null before the order exists. */
export function truthAt(order: WorldOrder, atMs: number, zone = 'America/New_York'): InstantTruth | null {
	if (order.placedAtMs > atMs) return null;
	const seen = (ms: number | null | undefined): ms is number => typeof ms === 'number' && ms <= atMs;
	const must = new Set<ExceptionType>();
	const may = new Set<ExceptionType>();
	/** A problem that began at `from`: may from then, must once `mustAfter` has passed. */
	const since = (type: ExceptionType, from: number, mustAfter: number, mayAfter = 0) => {
		if (atMs < from + mayAfter) return;
		if (atMs >= from + mustAfter) must.add(type);
		else may.add(type);
	};
	/** A problem due after `limit` business hours from `from`. */
	const afterBusinessHours = (type: ExceptionType, from: number, limit: number) => {
		const hours = businessHoursBetween(from, atMs, zone);
		if (hours >= limit + LIMITS.slackHours) must.add(type);
		else if (hours >= limit - LIMITS.slackHours) may.add(type);
	};
	const cancelled = seen(order.shopifyCancelledAtMs);
	const labelled = order.parcels.filter((p) => seen(p.labelAtMs));

	if (cancelled) {
		// Cancelled in Shopify and never at the warehouse: the sources disagree.
		const whCancelled = order.warehouseCancelledAtMs;
		if (whCancelled === null) since('status_mismatch', order.shopifyCancelledAtMs as number, LIMITS.mismatchMust);
		else if (atMs < whCancelled + LIMITS.mismatchMust) may.add('status_mismatch');
	} else {
		// Marked fulfilled in Shopify by hand while the warehouse has not shipped.
		if (seen(order.shopifyManualFulfilledAtMs) && labelled.length === 0)
			since('status_mismatch', order.shopifyManualFulfilledAtMs, LIMITS.mismatchMust);
		// Never sent to a warehouse.
		if (!seen(order.sentAtMs)) afterBusinessHours('not_sent_to_fulfillment', order.placedAtMs, LIMITS.notSentHours);
		// Held at the warehouse.
		if (order.hold && seen(order.hold.atMs) && labelled.length === 0)
			since(order.hold.reason === 'inventory' ? 'backordered' : 'address_invalid', order.hold.atMs, LIMITS.saidMust);
		// Edited in Shopify after the warehouse imported it (address or quantities), not shipped yet.
		if (order.shopifyEdit && seen(order.shopifyEdit.atMs) && seen(order.sentAtMs) && labelled.length === 0)
			since('status_mismatch', order.shopifyEdit.atMs, LIMITS.mismatchMust);
		// Shipped at the warehouse, unfulfilled in Shopify (no parcel and no manual fulfillment there).
		const inShopify = order.parcels.filter((p) => seen(p.shopifyAtMs));
		if (labelled.length > 0 && inShopify.length === 0 && !seen(order.shopifyManualFulfilledAtMs))
			since('status_mismatch', Math.min(...labelled.map((p) => p.labelAtMs)), LIMITS.mismatchMust);
		for (const parcel of labelled) parcelProblems(order, parcel, atMs, zone, since, afterBusinessHours, may);
	}

	const stage = stageAt(order, atMs);
	const before = stageAt(order, atMs - HOUR);
	for (const type of must) may.delete(type);
	return {
		orderKey: order.key,
		must: [...must].sort(),
		may: [...may].sort(),
		stage,
		stageAlso: before !== stage && order.placedAtMs <= atMs - HOUR ? [before] : [],
	};
}

type Since = (type: ExceptionType, from: number, mustAfter: number, mayAfter?: number) => void;
type AfterBusinessHours = (type: ExceptionType, from: number, limit: number) => void;

/** One parcel's problems at `atMs`: tracking Shopify lacks, a stall, a passed estimate, a failed attempt, a return. */
function parcelProblems(
	order: WorldOrder,
	parcel: WorldParcel,
	atMs: number,
	zone: string,
	since: Since,
	afterBusinessHours: AfterBusinessHours,
	may: Set<ExceptionType>,
): void {
	// Shopify never got (or has not yet got) this parcel's tracking number.
	if (!(typeof parcel.shopifyAtMs === 'number' && parcel.shopifyAtMs <= atMs))
		since('tracking_missing', parcel.labelAtMs, LIMITS.missingMust, 0);
	else if (parcel.shopifyAtMs > parcel.labelAtMs + LIMITS.missingMay && atMs < parcel.shopifyAtMs + HOUR)
		may.add('tracking_missing');
	const steps = stepsUntil(parcel, atMs);
	const last = steps.at(-1)!;
	const delivered = last.step === 'delivered';
	if (delivered) return;
	// A failed attempt, an address problem on the way, a return.
	if (last.step === 'attempt') since('delivery_failed', last.atMs, LIMITS.saidMust);
	if (last.step === 'exception') may.add('delivery_failed');
	if (last.step === 'returned') {
		since('returned_to_sender', last.atMs, LIMITS.saidMust);
		// The address problem that came before the return may still be open for a sweep or so.
		if (atMs < last.atMs + LIMITS.saidMust) may.add('delivery_failed');
	}
	// Stalled: no physical scan (the label does not count) for too long; the clock starts at the first one.
	if (last.step !== 'returned' && last.step !== 'attempt') {
		const physical = steps.filter((e) => PHYSICAL.has(e.step));
		// Never scanned: from the end of the ship date where the warehouse is (the store's zone here).
		const from = physical.length
			? physical[physical.length - 1].atMs
			: DateTime.fromMillis(parcel.labelAtMs, { zone }).endOf('day').toMillis();
		afterBusinessHours('tracking_stalled', from, LIMITS.stallHours[parcel.carrier]);
	}
	// Late: the estimated day has ended where the customer lives, and it was not delivered. A withdrawn
	// estimate is no delivery: once passed, it stays passed.
	if (parcel.estimatedDeliveryMs !== null && (estimateShown(parcel, atMs) || parcel.estimateWithdrawnAtMs !== null)) {
		const endOfDay = endOfEstimatedDay(parcel.estimatedDeliveryMs, order.address.zone);
		const withdrawnBeforeDue =
			typeof parcel.estimateWithdrawnAtMs === 'number' && parcel.estimateWithdrawnAtMs <= parcel.estimatedDeliveryMs;
		if (!withdrawnBeforeDue)
			since('delivery_late', parcel.estimatedDeliveryMs, endOfDay - parcel.estimatedDeliveryMs + HOUR, 0);
	}
}
