/**
 * What the 3PL operations share: the run (provider and its client, made once per execution), the
 * order fields, and the output item shapes every provider gives alike.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	lookupToObservations,
	requireOrderNumber,
	shopifyOrderIdOf,
	snapshotToObservations,
	withLookup,
	type FulfillmentSnapshot,
	type OrderLookup,
	type OrderLookupKeys,
	type ThreePlClient,
	type ThreePlProvider,
} from '../../../lib/connectors/threepl';
import type { Clock } from '../../../lib/http/types';

export interface ThreePlRun {
	provider: ThreePlProvider;
	client: ThreePlClient;
	/** The time lookups are stamped with ("Now"; the real clock unless a past day is replayed). */
	clock: Clock;
}

export type ItemOperation = (this: IExecuteFunctions, i: number, run: ThreePlRun) => Promise<IDataObject[]>;

export function orderNumberField(operation: string): INodeProperties {
	return {
		displayName: 'Order Number',
		name: 'orderNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.orderKey }}',
		description: "The store's order number, with or without # (e.g. 1001 or #1001)",
		displayOptions: { show: { operation: [operation] } },
	};
}

/** Shopify Order ID and Order Name: the other keys the operations that find an order ask by. */
export function lookupKeyFields(operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Shopify Order ID',
			name: 'shopifyOrderId',
			type: 'string',
			default: '',
			placeholder: '={{ $json.shopifyId }}',
			description:
				'Optional but recommended. Store integrations file the order under the Shopify order ID (ShipBob ' +
				'reference_id, ShipHero partner_order_id, ShipMonk order_key); it is asked for first.',
			displayOptions: { show: { operation: [operation] } },
		},
		{
			displayName: 'Order Name',
			name: 'orderName',
			type: 'string',
			default: '',
			placeholder: 'NW1001',
			description:
				'Optional. The Shopify order name when the store adds a prefix or suffix to the number; it is asked for too.',
			displayOptions: { show: { operation: [operation] } },
		},
	];
}

export function orderNumberOf(ctx: IExecuteFunctions, i: number): string {
	return requireOrderNumber(ctx.getNodeParameter('orderNumber', i), 'orderNumber');
}

export function lookupKeysOf(ctx: IExecuteFunctions, i: number): OrderLookupKeys {
	return {
		orderNumber: orderNumberOf(ctx, i),
		shopifyOrderId: shopifyOrderIdOf(ctx.getNodeParameter('shopifyOrderId', i, '')),
		orderName: (ctx.getNodeParameter('orderName', i, '') as string) || null,
	};
}

export function snapshotItem(snapshot: FulfillmentSnapshot, receivedAt: string, extra: IDataObject = {}): IDataObject {
	return {
		provider: snapshot.provider,
		orderKey: snapshot.orderKey,
		externalId: snapshot.externalId,
		status: snapshot.fulfillment.status,
		rawStatus: snapshot.fulfillment.rawStatus,
		holdReason: snapshot.fulfillment.holdReason ?? null,
		fulfillment: snapshot.fulfillment,
		shipments: snapshot.shipments,
		occurredAt: snapshot.occurredAt,
		observations: snapshotToObservations(snapshot, receivedAt),
		...extra,
	} as unknown as IDataObject;
}

/** A lookup, found or not: the lookup fact first, then (when found) the order's facts with matchedBy. */
export function lookupItem(provider: ThreePlProvider, lookup: OrderLookup, receivedAt: string): IDataObject {
	if (lookup.snapshot)
		return snapshotItem(withLookup(lookup), receivedAt, {
			found: true,
			keys: lookup.keys,
			matchedBy: lookup.matchedBy,
		});
	return {
		provider,
		orderKey: lookup.orderKey,
		found: false,
		keys: lookup.keys,
		status: null,
		observations: lookupToObservations(provider, lookup, receivedAt),
	} as unknown as IDataObject;
}
