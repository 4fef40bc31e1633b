/**
 * What must happen after Order State decided one order (the processor's "Plan follow-ups" Code node): open
 * new cases, close cleared ones, tell the customer, then mark each event done. In that order: an event is
 * acknowledged only after everything it caused was handed on.
 */
import type { ReconcileResult } from '../order/reconcile';
import type { ExceptionCase, ExceptionType, OrderRecord, ShipmentState, Stage } from '../order/types';
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

export function planFollowUps(
	result: Pick<ReconcileResult, 'record' | 'opened' | 'resolved'>,
	events: readonly Pick<ClaimedEventRef, 'id' | 'leaseToken'>[],
	options: { sendKlaviyoEvents: boolean },
): FollowUp[] {
	const { record } = result;
	const opened = result.opened ?? [];
	const out: FollowUp[] = [
		...opened.map((c): FollowUp => ({ action: 'open', case: c })),
		...(result.resolved ?? []).map((c): FollowUp => ({ action: 'clear', case: c })),
	];
	if (options.sendKlaviyoEvents && record.stage !== 'cancelled') out.push(...customerMessages(record, opened));
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

/**
 * Every milestone a parcel reached (shipped, delivered) that the customer has not heard about yet, each once
 * (the record lists what was sent, per parcel; Klaviyo's unique_id makes a repeat harmless anyway). Delays
 * and delivery problems are told when their case opens.
 */
function customerMessages(record: OrderRecord, opened: readonly ExceptionCase[]): FollowUp[] {
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
	for (const c of opened) {
		const event = TOLD_ON_OPEN[c.type];
		if (event) notify(event, '');
	}
	return out;
}
