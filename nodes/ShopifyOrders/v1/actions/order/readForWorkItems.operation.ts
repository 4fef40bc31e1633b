import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { observationsFromOrder, readOrders, type ShopifyClient } from '../../../../lib/connectors/shopify';
import { hasError, orderKeysOf, requireReadWhen, shouldRead, withObservations } from '../../../../lib/pipeline';

/** Runs once for all input items: the orders are read together, ten or so a call. */
export const batched = true;

export const description: INodeProperties[] = [
	{
		displayName: 'Read When',
		name: 'readWhen',
		type: 'boolean',
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-boolean -- each item's own plan
		default: '={{ $json.reads.askShopify }}',
		description:
			"Whether to read this item's order from Shopify. By default the work item's own read plan (Claim Batch " +
			'"One Item per Order"): false when a webhook already brought the whole order with its fulfillment orders. ' +
			'Items it is false for, and items that carry an error, pass through unchanged.',
		displayOptions: { show: { operation: ['readForWorkItems'] } },
	},
];

/**
 * Every input item comes out once, paired with itself: read ones with Shopify's observations of the order
 * (the same as Get's) after their own, the others unchanged. An order Shopify does not know, or a read
 * that failed, is that item's error.
 */
export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndexes: number[],
): Promise<Array<IDataObject[] | Error>> {
	const items = this.getInputData();
	const results = new Map<number, IDataObject[] | Error>();
	const toRead: number[] = [];
	for (const i of itemIndexes) {
		const json = items[i].json;
		try {
			// An item on its way to Fail is not read, so its Read When is not even evaluated.
			if (hasError(json) || !shouldRead(json, readWhen(this, i))) results.set(i, [json]);
			else toRead.push(i);
		} catch (error) {
			results.set(i, error as Error);
		}
	}
	const orders = await readOrders(
		client,
		toRead.map((i) => {
			const keys = orderKeysOf(items[i].json);
			return { id: keys.shopifyOrderId, name: keys.orderName || (keys.orderKey && `#${keys.orderKey}`) };
		}),
	);
	const receivedAt = new Date().toISOString();
	toRead.forEach((i, k) => {
		const order = orders[k];
		try {
			if (order instanceof Error) throw order;
			const observations = observationsFromOrder(order, { receivedAt });
			results.set(i, [withObservations(items[i].json, observations) as IDataObject]);
		} catch (error) {
			results.set(i, error as Error);
		}
	});
	return itemIndexes.map((i) => results.get(i)!);
}

/** "Read When" of item i (empty is named: see requireReadWhen). */
function readWhen(ctx: IExecuteFunctions, i: number): unknown {
	return requireReadWhen(ctx.getNodeParameter('readWhen', i) as unknown, 'askShopify');
}
