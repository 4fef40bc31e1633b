/**
 * Work items as Order Ledger Claim Batch "One Item per Order" gives them (Include Stored Order on), for the
 * warehouse nodes' "Read for Work Items" tests (3PL Fulfillment, ShipStation), and how to read what those
 * nodes add to them.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export interface Observed {
	kind: string;
	source: string;
	orderKey: string;
	key: string;
	occurredAt: string;
	receivedAt: string;
	data: Record<string, unknown>;
}

/** A work item with one event and one earlier fact, its plan asking the warehouse (override with `reads`). */
export function workItem(orderKey: string, reads: IDataObject = {}, extra: IDataObject = {}): IDataObject {
	return {
		orderKey,
		events: [
			{ id: `e${orderKey}`, key: `shopify:orders/updated:${orderKey}`, leaseToken: 'lease-1', source: 'shopify' },
		],
		observations: [{ source: 'shopify', kind: 'order', orderKey, key: `shopify:order:${orderKey}:v1` }],
		hints: { shopifyInHand: true, warehouseInHand: false, notificationsOnly: false },
		problems: [],
		error: null,
		previous: null,
		reads: {
			askVendors: true,
			askShopify: false,
			askWarehouse: true,
			shopifyOrderId: '',
			orderName: `#${orderKey}`,
			...reads,
		},
		...extra,
	};
}

/** An event that names no order: Claim Batch gives it an error and reads all false. */
export const orderless: IDataObject = {
	orderKey: '',
	events: [{ id: 'e0', key: 'ups:push:1Z9', leaseToken: 'lease-1', source: 'ups' }],
	observations: [],
	hints: { shopifyInHand: false, warehouseInHand: false, notificationsOnly: false },
	problems: ['Event ups:push:1Z9 names no order: Tracking number 1Z9 matched no order'],
	error: 'Event ups:push:1Z9 names no order: Tracking number 1Z9 matched no order',
	previous: null,
	reads: { askVendors: false, askShopify: false, askWarehouse: false, shopifyOrderId: '', orderName: '' },
};

/** The work item without its read plan (Claim Batch with Include Stored Order off). */
export function withoutPlan(item: IDataObject): IDataObject {
	const copy = { ...item };
	delete copy.reads;
	return copy;
}

export const observationsOf = (item: INodeExecutionData) => item.json.observations as unknown as Observed[];

/** An observation without what depends on the instant it was read (its times, and the time in its key). */
export function timeless({ occurredAt, receivedAt, key, ...rest }: Observed) {
	void occurredAt;
	void receivedAt;
	return { ...rest, key: key.replace(/:\d{4}-\d{2}-\d{2}T[\d:.]+Z$/, '') };
}
