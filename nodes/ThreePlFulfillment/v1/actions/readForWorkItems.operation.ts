import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	lookupToObservations,
	mapOutcomes,
	readWorkItems,
	type BatchOutcome,
	type OrderLookupKeys,
} from '../../../lib/connectors/threepl';
import { orderKeysOf } from '../../../lib/pipeline';
import { readTimeProperty } from '../../../shared/clock';
import type { ThreePlRun } from './common';

const show = { operation: ['readForWorkItems'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Read When',
		name: 'readWhen',
		type: 'boolean',
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-boolean -- each item's own plan
		default: '={{ $json.reads.askWarehouse }}',
		description:
			"Whether to ask the 3PL about this work item. By default the item's own read plan from Claim Batch " +
			'(off when the warehouse was heard from lately). Items it is off for, and items that carry an error, ' +
			'pass through unchanged.',
		displayOptions: { show },
	},
	readTimeProperty(show),
];

/**
 * Looks up, all at once, every work item that should be read (ShipBob: the keys of many orders in one call;
 * the other 3PLs one order after another), by the keys the item carries: its orderKey, and the name and
 * Shopify id of its read plan or stored order. Each item read gets the lookup's observations appended, the
 * same a Look Up Order gives; a miss is its lookup fact (found: false), never an error. One outcome per
 * input item, in order: an item not read is its json unchanged. `connect` is called only when an item is to
 * be read, so a run that reads nothing needs no credential.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connect: () => Promise<ThreePlRun>,
): Promise<Array<BatchOutcome<IDataObject>>> {
	return (await readWorkItems(
		items.map((item) => item.json),
		{
			readWhen: (i) => this.getNodeParameter('readWhen', i),
			keysOf: (json): OrderLookupKeys => {
				const { orderKey, orderName, shopifyOrderId } = orderKeysOf(json);
				return { orderNumber: orderKey, orderName, shopifyOrderId };
			},
			read: async (keys) => {
				const { provider, client } = await connect();
				return mapOutcomes(await client.lookUpOrders(keys), (lookup) =>
					lookupToObservations(provider, lookup, lookup.at),
				);
			},
		},
	)) as Array<BatchOutcome<IDataObject>>;
}
