/**
 * Which order a parcel belongs to. A carrier push names a parcel (its tracking number), never an order,
 * so the ledger finds the order from what it already stores: the order records' shipments first, then
 * the observations of stored events that named both an order and that parcel (a Shopify fulfillment,
 * a warehouse shipment). Pure functions; the stores only fetch the links.
 */
import { normaliseTrackingNumber } from '../order/derive';
import type { OrderRecord } from '../order/types';

export type ParcelOrigin = 'record' | 'event';

/** One known "this tracking number belongs to this order", and where the ledger learned it. */
export interface ParcelLink {
	/** Normalised as the engine normalises it (normaliseTrackingNumber: no spaces or hyphens, upper case). */
	trackingNumber: string;
	orderKey: string;
	origin: ParcelOrigin;
}

/** Added (issue 12): how a parcel-only event (a carrier push) was matched to its order. */
export type ParcelMatch =
	| { matched: true; orderKey: string; trackingNumbers: string[]; matchedBy: ParcelOrigin }
	| {
			matched: false;
			orderKey: null;
			trackingNumbers: string[];
			reason: 'unknown' | 'ambiguous';
			candidates: string[];
			message: string;
	  };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * A stored payload's observations, read as the event processor reads them (observations, else
 * observation), or the payload itself when it is one observation (as Get Timeline reads it).
 */
export function observationsIn(payload: unknown): Obj[] {
	if (!isObj(payload)) return [];
	if (Array.isArray(payload.observations)) return payload.observations.filter(isObj);
	if (isObj(payload.observation)) return [payload.observation];
	if (typeof payload.kind === 'string' && isObj(payload.data)) return [payload];
	return [];
}

function trackingNumberOf(observation: Obj): string | null {
	return isObj(observation.data) ? normaliseTrackingNumber(text(observation.data.trackingNumber) || null) : null;
}

/**
 * The parcels an event must be matched by: the tracking observations that name no order, when the
 * event itself names none either. Empty for every other event (they keep the order they name).
 */
export function parcelNumbersOf(event: { orderKey?: string | null; payload: unknown }): string[] {
	if (text(event.orderKey)) return [];
	const numbers = new Set<string>();
	for (const o of observationsIn(event.payload)) {
		if (o.kind !== 'tracking' || text(o.orderKey)) continue;
		const tn = trackingNumberOf(o);
		if (tn) numbers.add(tn);
	}
	return [...numbers];
}

/** What a stored event teaches about parcels: each observation that names an order and a tracking number. */
export function trackingLinksOf(event: {
	orderKey?: string | null;
	payload: unknown;
}): Array<{ trackingNumber: string; orderKey: string }> {
	const seen = new Map<string, { trackingNumber: string; orderKey: string }>();
	for (const o of observationsIn(event.payload)) {
		const orderKey = text(o.orderKey) || text(event.orderKey);
		const tn = trackingNumberOf(o);
		if (orderKey && tn) seen.set(`${tn}\u0000${orderKey}`, { trackingNumber: tn, orderKey });
	}
	return [...seen.values()];
}

/** The tracking numbers of an order record's parcels, normalised, once each. */
export function recordTrackingNumbers(record: Pick<OrderRecord, 'shipments'>): string[] {
	const numbers = new Set<string>();
	for (const s of Array.isArray(record.shipments) ? record.shipments : []) {
		const tn = normaliseTrackingNumber(typeof s?.trackingNumber === 'string' ? s.trackingNumber : null);
		if (tn) numbers.add(tn);
	}
	return [...numbers];
}

/**
 * Per tracking number, the orders it belongs to: the order records' word when any record has the
 * parcel (a record is the reconciled truth), else what stored events said.
 */
export function ordersByNumber(links: ParcelLink[]): Map<string, { orderKeys: string[]; origin: ParcelOrigin }> {
	const byNumber = new Map<string, { record: Set<string>; event: Set<string> }>();
	for (const l of links) {
		const entry = byNumber.get(l.trackingNumber) ?? { record: new Set<string>(), event: new Set<string>() };
		entry[l.origin].add(l.orderKey);
		byNumber.set(l.trackingNumber, entry);
	}
	const out = new Map<string, { orderKeys: string[]; origin: ParcelOrigin }>();
	for (const [tn, e] of byNumber) {
		const origin: ParcelOrigin = e.record.size > 0 ? 'record' : 'event';
		out.set(tn, { orderKeys: [...e[origin]].sort(), origin });
	}
	return out;
}

/** Why a parcel event has no order, and what the person reading the dead-letter list should do. */
export function unmatchedMessage(trackingNumbers: string[], candidates: string[]): string {
	const numbers = trackingNumbers.join(', ') || '(none)';
	if (candidates.length > 1) {
		return (
			`Tracking number ${numbers} belongs to several orders (${candidates.join(', ')}), and a carrier push ` +
			`cannot be split between orders. ` +
			('Correct the wrong tracking number on the order that does not ship this parcel (in Shopify or the ' +
				'warehouse), let the sweep store it, then Replay this event.')
		);
	}
	return (
		`Tracking number ${numbers} matched no order: no stored order record or event names this parcel yet. ` +
		('It is retried with back-off, since the Shopify fulfillment or warehouse shipment that names it may arrive ' +
			'later. ') +
		("If it goes dead: check that the parcel is one of this store's (its fulfillment or warehouse shipment must " +
			'carry this number), ') +
		'let the order be stored (Reconciliation sweep), then Replay this event.'
	);
}

/** The verdict for one event's parcels: one order for all of them, or why not. */
export function matchParcels(
	trackingNumbers: string[],
	known: Map<string, { orderKeys: string[]; origin: ParcelOrigin }>,
): ParcelMatch {
	const orders = new Set<string>();
	let origin: ParcelOrigin = 'record';
	for (const tn of trackingNumbers) {
		const k = known.get(tn);
		if (!k) continue;
		k.orderKeys.forEach((o) => orders.add(o));
		if (k.origin === 'event') origin = 'event';
	}
	const candidates = [...orders].sort();
	if (candidates.length === 1) return { matched: true, orderKey: candidates[0], trackingNumbers, matchedBy: origin };
	return {
		matched: false,
		orderKey: null,
		trackingNumbers,
		reason: candidates.length === 0 ? 'unknown' : 'ambiguous',
		candidates,
		message: unmatchedMessage(trackingNumbers, candidates),
	};
}

/**
 * The payload with the order filled in where it was empty: the push item itself and its tracking
 * observations, so the event processor groups it and Order State folds it like a carrier read.
 * An orderKey that was already set is never changed. Returns a copy; the input is untouched.
 */
export function withOrderKey(payload: unknown, orderKey: string): unknown {
	if (!isObj(payload)) return payload;
	const fill = (o: Obj): Obj => (o.kind === 'tracking' && !text(o.orderKey) ? { ...o, orderKey } : o);
	const out: Obj = fill(payload);
	if (Array.isArray(payload.observations)) out.observations = payload.observations.map((o) => (isObj(o) ? fill(o) : o));
	if (isObj(payload.observation)) out.observation = fill(payload.observation);
	return out;
}

type ParcelOrders = Map<string, { orderKeys: string[]; origin: ParcelOrigin }>;

/**
 * Gives every parcel-only event in a batch its order before it is stored: one lookup for the whole
 * batch. An event whose parcel nobody knows is kept as it is (stored without an order, never dropped)
 * and its verdict says so; every other event passes through untouched.
 */
export async function matchParcelEvents<E extends { orderKey?: string | null; payload: unknown }>(
	events: E[],
	find: (trackingNumbers: string[]) => Promise<ParcelOrders>,
): Promise<Array<{ event: E; parcel?: ParcelMatch }>> {
	const numbers = events.map((e) => parcelNumbersOf(e));
	const all = [...new Set(numbers.flat())];
	if (all.length === 0) return events.map((event) => ({ event }));
	const known = await find(all);
	return events.map((event, i) => {
		if (numbers[i].length === 0) return { event };
		const parcel = matchParcels(numbers[i], known);
		if (!parcel.matched) return { event, parcel };
		return {
			event: { ...event, orderKey: parcel.orderKey, payload: withOrderKey(event.payload, parcel.orderKey) },
			parcel,
		};
	});
}

/**
 * The verdict to report for an append that turned out to be a repeat: the stored event decides. A
 * repeat never rewrites what is stored; a stored event without an order is matched again at claim time.
 */
export function parcelOfStored(
	parcel: ParcelMatch | undefined,
	stored: { orderKey: string | null },
): ParcelMatch | undefined {
	if (!parcel || !stored.orderKey || (parcel.matched && parcel.orderKey === stored.orderKey)) return parcel;
	return {
		matched: true,
		orderKey: stored.orderKey,
		trackingNumbers: parcel.trackingNumbers,
		matchedBy: parcel.matched ? parcel.matchedBy : 'event',
	};
}
