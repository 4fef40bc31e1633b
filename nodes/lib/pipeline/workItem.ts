/**
 * The event processor's unit of work (issue 14): one n8n item per order, carrying everything the steps
 * after Claim Batch decide on, so a batch of orders flows through each node once instead of looping one
 * order at a time. Plain JSON: it travels as an n8n item's json, so no Dates, Maps or class instances.
 */
import type { Observation } from '../order/types';

/** One claimed ledger event of the order: enough to ack or fail it, and to tell where it came from. */
export interface ClaimedEventRef {
	id: string;
	key: string;
	/** Changes on every claim: Ack and Fail must present it (a worker whose lease ran out cannot ack). */
	leaseToken: string;
	source: string;
	/** As the ledger stores it: null when the event was appended without a topic. */
	topic: string | null;
}

/**
 * What the claimed events already tell, so no vendor is asked again for what is in hand. Each is explained
 * where it is set (groupClaimedEvents).
 */
export interface WorkItemHints {
	/** A Shopify webhook (not the sweep's lighter snapshot) brought the whole order. */
	shopifyInHand: boolean;
	/** The sweep just read this order from the warehouse. */
	warehouseInHand: boolean;
	/** Every event is our own "customer was told" note: nobody needs asking. */
	notificationsOnly: boolean;
}

export interface OrderWorkItem {
	/** '' when the events name no order (then `problems` says why). */
	orderKey: string;
	/** Every claimed event of this order; each is acked or failed at the end. */
	events: ClaimedEventRef[];
	/**
	 * Facts so far: first the ones the events carried, as the events carried them (Order State validates
	 * and lists what it rejects); each read appends its own.
	 */
	observations: Observation[];
	hints: WorkItemHints;
	/** Why this item cannot be processed (e.g. 'Event k names no order: <reason>'); empty when it can. */
	problems: string[];
}

/** Whom to ask about one order (planReads), and the keys a warehouse may have filed it under. */
export interface ReadPlan {
	/** False when the events are only our own notes: nothing at Shopify, a warehouse or a carrier changed. */
	askVendors: boolean;
	askShopify: boolean;
	askWarehouse: boolean;
	/** Shopify's id of the order ('' when not known yet): store integrations file orders under it. */
	shopifyOrderId: string;
	/** The order's name ("#1001"; '' when not known yet): some warehouses file orders under it. */
	orderName: string;
}

/** A JSON object (not null, not an array): what an n8n item's fields may be when they are anything at all. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
