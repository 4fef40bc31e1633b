/**
 * Claimed events -> one work item per order (the processor's "Group by order" and "Read event" Code nodes).
 * Several events often arrive for one order (created, paid, fulfilled...): the order is looked up once for
 * all of them, and every event is acked or failed at the end.
 */
import type { LedgerEvent } from '../ledger/types';
import type { Observation } from '../order/types';
import { isRecord, type OrderWorkItem } from './workItem';

/** The fields of a claimed ledger event this step reads (Claim Batch outputs whole LedgerEvents). */
export type ClaimedEvent = Pick<
	LedgerEvent,
	'id' | 'key' | 'source' | 'topic' | 'orderKey' | 'payload' | 'leaseToken' | 'parcel'
>;

/** The sweep's topic: it reads whole pages of orders at once and appends one event per order. */
const SWEEP = 'sweep';
/** The sweep's warehouse sources: their events carry the warehouse's view of the order. */
const SWEPT_WAREHOUSES = ['3pl', 'shipstation'];

export function groupClaimedEvents(events: readonly ClaimedEvent[]): OrderWorkItem[] {
	// Keyed apart ('order:' / 'event:') so an order literally named like an event id never swallows it.
	const items = new Map<string, OrderWorkItem>();
	for (const event of events) {
		const payload = isRecord(event.payload) ? event.payload : {};
		const observations = observationsOf(payload);
		const orderKey = String(event.orderKey || payload.orderKey || orderKeyOf(observations[0]) || '');
		// An event that names no order stays on its own, so it fails (and is retried) alone.
		const groupKey = orderKey ? `order:${orderKey}` : `event:${event.id}`;
		let item = items.get(groupKey);
		if (item === undefined) {
			item = {
				orderKey,
				events: [],
				observations: [],
				hints: { shopifyInHand: false, warehouseInHand: false, notificationsOnly: true },
				problems: [],
			};
			items.set(groupKey, item);
		}
		item.events.push({
			id: event.id,
			key: event.key,
			// Claim Batch always sets one; were it missing, Ack and Fail refuse the empty token and name it.
			leaseToken: event.leaseToken ?? '',
			source: event.source,
			topic: event.topic,
		});
		// The sweep just read this order from the warehouse: no need to ask it again, one order at a time
		// (ShipStation allows 40 calls a minute; the sweep reads 500 orders a call).
		if (event.topic === SWEEP && SWEPT_WAREHOUSES.includes(event.source)) item.hints.warehouseInHand = true;
		// A Shopify webhook carries the whole order (fulfillments and tracking included): no need to read it
		// again. The sweep's list snapshot is lighter, so an order seen only there is still read in full.
		if (event.source === 'shopify' && event.topic !== SWEEP && observations.length > 0) item.hints.shopifyInHand = true;
		// Our own "customer was told" notes change nothing at Shopify, the warehouse or the carrier.
		item.hints.notificationsOnly = item.hints.notificationsOnly && event.source === 'klaviyo';
		item.observations.push(...observations);
		if (!orderKey) {
			const reason = noOrderReason(event, payload);
			item.problems.push(`Event ${event.key} names no order${reason ? `: ${reason}` : ''}`);
		}
	}
	return [...items.values()];
}

/**
 * Why a work item cannot be processed, as the error its events are failed with (null: it can be). Nothing
 * can be reconciled without an order number; the reason shows in Dead-letter review.
 */
export function problemOf(item: Pick<OrderWorkItem, 'orderKey' | 'problems'>): string | null {
	if (item.orderKey) return null;
	return item.problems.join('; ') || 'The claimed events name no order: nothing to reconcile';
}

/** The facts an event carries: a list, or one observation (as our own Klaviyo notes are stored). */
function observationsOf(payload: Record<string, unknown>): Observation[] {
	if (Array.isArray(payload.observations)) return payload.observations as Observation[];
	return payload.observation ? [payload.observation as Observation] : [];
}

function orderKeyOf(observation: unknown): unknown {
	return isRecord(observation) ? observation.orderKey : undefined;
}

/**
 * A parcel still matched to no order (a carrier push): Claim Batch's output puts the reason into the
 * payload as `normaliseError` ("Tracking number ... matched no order ..."), so Dead-letter review says which
 * parcel and what to do. Read from the ledger's parcel match as well, so the reason also reaches events that
 * did not come through Claim Batch's output (and a payload that is not an object, which it cannot annotate).
 */
function noOrderReason(event: ClaimedEvent, payload: Record<string, unknown>): unknown {
	if (payload.normaliseError) return payload.normaliseError;
	return event.parcel && !event.parcel.matched ? event.parcel.message : '';
}
