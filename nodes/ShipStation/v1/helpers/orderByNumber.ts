/**
 * The order operations that name an order by its number: the field itself, the single-order rule for
 * writes, the read-back after a change, and the every-key lookup of Get and Look Up.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	lookupToObservations,
	orderKeyFromOrderNumber,
	type ShipStationV1Client,
	type SsOrder,
} from '../../../lib/connectors/shipstation';
import { ValidationError } from '../../../lib/http/errors';
import type { ShipStationClients } from '../../../shared/shipstation';
import { isoNow, readClock, readTimeProperty } from '../../../shared/clock';
import { orderItem } from '../actions/common';

export function orderNumberField(operation: string): INodeProperties {
	return {
		displayName: 'Order Number',
		name: 'orderNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '#1001',
		description: 'The order number as in Shopify and ShipStation; a leading # is optional',
		displayOptions: { show: { resource: ['order'], operation: [operation] } },
	};
}

/** Shopify Order ID and Order Name: the other keys Get and Look Up ask by; and the time the lookup is stamped with. */
export function lookupKeyFields(operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Shopify Order ID',
			name: 'shopifyOrderId',
			type: 'string',
			default: '',
			placeholder: '5012345678901',
			description:
				'Optional. ShipStation keeps the Shopify order ID as the order key: among orders sharing the number ' +
				'(several stores) the one with this ID is taken.',
			displayOptions: { show: { resource: ['order'], operation: [operation] } },
		},
		{
			displayName: 'Order Name',
			name: 'orderName',
			type: 'string',
			default: '',
			placeholder: 'NW1001',
			description:
				'Optional. The Shopify order name when the store adds a prefix or suffix to the number; it is asked for too.',
			displayOptions: { show: { resource: ['order'], operation: [operation] } },
		},
		readTimeProperty({ resource: ['order'], operation: [operation] }),
	];
}

/** One order by number; several orders sharing the number are refused: a write must hit one order. */
async function singleOrder(v1: ShipStationV1Client, orderNumber: string): Promise<SsOrder> {
	const matches = await v1.getOrdersByNumber(orderNumber);
	if (matches.length === 0) {
		throw new ValidationError(
			`ShipStation has no order numbered ${orderNumber}`,
			'orderNumber',
			'Check the number, and that the order was imported into ShipStation (the store may not have synced yet).',
		);
	}
	if (matches.length > 1) {
		throw new ValidationError(
			`ShipStation has ${matches.length} orders numbered ${orderNumber} (ids ` +
				`${matches.map((o) => o.orderId).join(', ')})`,
			'orderNumber',
			'The number exists in several stores or the order was split; change it in ShipStation directly.',
		);
	}
	return matches[0];
}

/** Finds the one order numbered as the item says, applies the change, and returns what ShipStation now says. */
export async function changeOrder(
	ctx: IExecuteFunctions,
	i: number,
	{ v1 }: ShipStationClients,
	change: (order: SsOrder) => Promise<void>,
): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	const order = await singleOrder(v1, ctx.getNodeParameter('orderNumber', i) as string);
	await change(order);
	// Read back: the output is what ShipStation now says, not what we asked for.
	return [orderItem(await v1.getOrder(order.orderId), receivedAt)];
}

/**
 * Asks for the order by every key (number forms, Shopify id, name). A miss is an item for Look Up and
 * an error for Get; with Continue On Fail the error item still carries the lookup fact.
 */
export async function lookUpByNumber(
	ctx: IExecuteFunctions,
	i: number,
	{ v1 }: ShipStationClients,
	missIsError: boolean,
): Promise<IDataObject[]> {
	// "Not there" is true at the instant of asking: stamped with "Now" when a past day is replayed.
	const clock = readClock(ctx, i);
	const receivedAt = isoNow(clock);
	const orderNumber = ctx.getNodeParameter('orderNumber', i) as string;
	orderKeyFromOrderNumber(orderNumber);
	const lookup = await v1.lookUpOrder(
		{
			orderNumber,
			shopifyOrderId: (ctx.getNodeParameter('shopifyOrderId', i, '') as string) || null,
			orderName: (ctx.getNodeParameter('orderName', i, '') as string) || null,
		},
		() => isoNow(clock),
	);
	const [fact, ...facts] = lookupToObservations(lookup, receivedAt);
	if (!lookup.orders.length) {
		// A miss is an answer, not an error: Order State needs it to conclude "not at the warehouse".
		if (!missIsError)
			return [
				{
					orderKey: lookup.orderKey,
					found: false,
					keys: lookup.keys,
					status: null,
					observations: [fact],
				} as unknown as IDataObject,
			];
		const miss = new ValidationError(
			`ShipStation has no order numbered ${orderNumber} (asked by ${lookup.keys.join(', ')})`,
			'orderNumber',
			'Check the number, and that the store has synced the order into ShipStation. Use Look Up to get a "not ' +
				'found" item instead of an error.',
		);
		// With Continue On Fail the error item still hands Order State the lookup fact (the router adds it).
		throw Object.assign(miss, {
			lookupFacts: { orderKey: lookup.orderKey, found: false, keys: lookup.keys, observations: [fact] },
		});
	}
	return lookup.orders.map((order, n) => ({
		...orderItem(order, receivedAt),
		orderKey: lookup.orderKey,
		found: true,
		keys: lookup.keys,
		matchedBy: lookup.matchedBy,
		observations: [fact, facts[n]],
	}));
}
