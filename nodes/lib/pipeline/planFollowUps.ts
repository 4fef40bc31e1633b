/**
 * What must happen after Order State decided one order (the processor's "Plan follow-ups" Code node): open
 * new cases, close cleared ones, tell the customer, then mark each event done. In that order: an event is
 * acknowledged only after everything it caused was handed on.
 */
import type { ReconcileResult } from '../order/reconcile';
import type { ExceptionCase, ExceptionType, OrderRecord, ShipmentState, Stage } from '../order/types';
import { pickShipment } from '../connectors/klaviyo/postPurchase';
import type { ClaimedEventRef } from './workItem';

/** The Klaviyo Post-Purchase events the processor sends (the node's presets of the same names). */
export type CustomerEvent = 'order_shipped' | 'order_delivered' | 'shipment_delayed' | 'delivery_exception';

export type FollowUp =
	| { action: 'open'; case: ExceptionCase }
	| { action: 'clear'; case: ExceptionCase }
	/** shipment: the parcel's key; '' for the order as a whole (Klaviyo then picks the newest parcel). */
	| { action: 'notify'; event: CustomerEvent; shipment: string; record: OrderRecord }
	| { action: 'done'; eventId: string; leaseToken: string; orderKey: string; stage: Stage };

/** Cases the customer hears about when they open, and as what. */
const TOLD_ON_OPEN: Partial<Record<ExceptionType, CustomerEvent>> = {
	delivery_late: 'shipment_delayed',
	tracking_stalled: 'shipment_delayed',
	delivery_failed: 'delivery_exception',
	returned_to_sender: 'delivery_exception',
};

/**
 * `unposted`: the order's cases the ledger holds no Slack message for (Upsert Order's `cases.unposted`). A run
 * that stopped after saving the order left its cases unposted, and the retry's Reconcile, starting from the saved
 * record, no longer lists them in `opened` or `resolved`: an open one is planned as Open Case (Post Exception
 * adopts a message the stopped run did post), a resolved one as Clear Case (Update Exception posts a case never
 * posted, as resolved). Absent (Record Its Cases off, an older workflow), only `opened` and `resolved` are planned.
 */
export function planFollowUps(
	result: Pick<ReconcileResult, 'record' | 'opened' | 'resolved'> & { unposted?: readonly ExceptionCase[] },
	events: readonly Pick<ClaimedEventRef, 'id' | 'leaseToken'>[],
	options: { sendKlaviyoEvents: boolean },
): FollowUp[] {
	const { record } = result;
	const unposted = result.unposted ?? [];
	const toClear = uniqueById([...(result.resolved ?? []), ...unposted.filter((c) => c.resolvedAt)]);
	const clearing = new Set(toClear.map((c) => c.id));
	const toPost = uniqueById([...(result.opened ?? []), ...unposted.filter((c) => !c.resolvedAt)]).filter(
		(c) => !clearing.has(c.id),
	);
	const out: FollowUp[] = [
		...toPost.map((c): FollowUp => ({ action: 'open', case: c })),
		...toClear.map((c): FollowUp => ({ action: 'clear', case: c })),
	];
	if (options.sendKlaviyoEvents && record.stage !== 'cancelled') out.push(...customerMessages(record));
	for (const e of events)
		out.push({
			action: 'done',
			eventId: e.id,
			leaseToken: e.leaseToken,
			orderKey: record.orderKey,
			stage: record.stage,
		});
	return out;
}

/** The first of each case id, in order. */
function uniqueById(cases: readonly ExceptionCase[]): ExceptionCase[] {
	const seen = new Set<string>();
	return cases.filter((c) => !seen.has(c.id) && seen.add(c.id));
}

/**
 * Every milestone a parcel reached (shipped, delivered) that the customer has not heard about yet, each once
 * (the record lists what was sent, per parcel; Klaviyo's unique_id makes a repeat harmless anyway). Delays
 * and delivery problems are told while their case is open and the customer has not heard of one about the
 * newest parcel: read from the record, not from what this run opened, so a run that stopped before telling
 * is made up for.
 */
function customerMessages(record: OrderRecord): FollowUp[] {
	const out: FollowUp[] = [];
	const notify = (event: CustomerEvent, shipment: string) => out.push({ action: 'notify', event, shipment, record });
	// A note without a parcel (records stored before shipmentKey existed) covers every parcel.
	const told = (event: CustomerEvent, s: ShipmentState) =>
		(record.notifications ?? []).some(
			(n) => n.event === event && (!n.shipmentKey || n.shipmentKey === s.key || n.shipmentKey === s.trackingNumber),
		);
	for (const s of record.shipments ?? []) {
		// A voided label never travelled. A return parcel is the customer's own parcel on its way back to the
		// merchant: "your order shipped / was delivered" would be wrong (Order State's notification_late skips
		// it too).
		if (s.voided || s.direction === 'return') continue;
		if (s.shippedAt && !told('order_shipped', s)) notify('order_shipped', s.key);
		if (s.deliveredAt && !told('order_delivered', s)) notify('order_delivered', s.key);
	}
	// Said about the order as a whole, the Klaviyo node sends it about the newest parcel, with a unique_id per order,
	// event and parcel: told once about that parcel is told (Klaviyo would drop a second one as a repeat, and the
	// record would never show it, so planning it again would repeat on every run). No parcel yet: nothing to send.
	const newest = pickShipment(record);
	const owed = new Set<CustomerEvent>();
	for (const c of record.exceptions ?? []) {
		const event = TOLD_ON_OPEN[c.type];
		if (event && newest && !c.resolvedAt && !told(event, newest)) owed.add(event);
	}
	for (const event of owed) notify(event, '');
	return out;
}
