/**
 * Every tracking number to ask the carriers about for one order (the processor's "Parcels to track" Code
 * node): from the facts in hand (the events' and those of the reads that ran for this order) and the stored
 * record's parcels still on their way.
 */
import type { Observation, OrderRecord, ShipmentState } from '../order/types';
import { isRecord } from './workItem';

/** A carrier has nothing new to say about a parcel that arrived or went back to the merchant. */
const SETTLED = ['delivered', 'returned_to_sender'];

/**
 * @param observations exactly the observations of the events and of the reads that ran for this order (a read
 * skipped for it must not contribute: in n8n its output is an earlier order's).
 * @returns each number once, trimmed, in the order first seen: facts first, then the record's parcels.
 */
export function trackingNumbersToRead(observations: readonly Observation[], record: OrderRecord | null): string[] {
	const numbers = new Set<string>();
	const add = (n: unknown) => {
		if (typeof n === 'string' && n.trim()) numbers.add(n.trim());
	};
	for (const o of observations) if (isRecord(o) && isRecord(o.data)) add(o.data.trackingNumber);
	for (const s of record?.shipments ?? [])
		if (isRecord(s) && !SETTLED.includes(s.trackingStatus as string)) add(s.trackingNumber);
	return [...numbers];
}

/** One parcel of a stored order that a carrier still has news about: what Carrier Tracking's Track reads. */
export interface ParcelStillMoving {
	orderKey: string;
	trackingNumber: string;
	/** The carrier the parcel was shipped with, as stored ('' when not known: Track then guesses by the number). */
	trackingCompany: string;
}

/**
 * The reconciliation sweep's "Parcels still moving" (issue 14): each parcel of a stored order that has a tracking
 * number and has not arrived or gone back to the merchant, as the Code node listed them (numbers as stored, a
 * parcel per shipment: two shipments with one number are asked twice, as before).
 */
export function parcelsStillMoving(record: OrderRecord): ParcelStillMoving[] {
	const shipments: unknown = record.shipments;
	if (!Array.isArray(shipments)) return [];
	const moving = (s: unknown): s is ShipmentState =>
		isRecord(s) && !!s.trackingNumber && !SETTLED.includes(s.trackingStatus as string);
	return shipments.filter(moving).map((s) => ({
		orderKey: record.orderKey,
		trackingNumber: s.trackingNumber as string,
		trackingCompany: s.carrier ?? '',
	}));
}
