import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { orderReadToObservations, readOrders, type SsOrderReadRequest } from '../../../../lib/connectors/shipstation';
import type { BatchOutcome } from '../../../../lib/connectors/threepl/types';
import { mapOutcomes, readWorkItems } from '../../../../lib/connectors/threepl/workItems';
import { orderKeysOf } from '../../../../lib/pipeline';
import { isoNow, readClock, readTimeProperty } from '../../../../shared/clock';
import type { ShipStationClients } from '../../../../shared/shipstation';

const show = { resource: ['order'], operation: ['readForWorkItems'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Read When',
		name: 'readWhen',
		type: 'boolean',
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-boolean -- each item's own plan
		default: '={{ $json.reads.askWarehouse }}',
		description:
			"Whether to ask ShipStation about this work item. By default the item's own read plan from Claim Batch " +
			'(off when the warehouse was heard from lately). Items it is off for, and items that carry an error, ' +
			'pass through unchanged.',
		displayOptions: { show },
	},
	{
		displayName: 'Read Labels',
		name: 'readLabels',
		type: 'boolean',
		default: true,
		description:
			'Whether to list the labels of each order found too (one more call per order found, of the 40 a minute). ' +
			'Turn off when the ShipStation Trigger brings the labels (Order Shipped) and calls are short.',
		displayOptions: { show },
	},
	readTimeProperty(show),
];

/**
 * Reads, one order after another (ShipStation's lists take one order number a call; the one transport of
 * the run paces all of them to 40 calls a minute), every work item that should be read: the order by every
 * key the item carries (its orderKey, the name and Shopify id of its read plan or stored order), as Look Up
 * does, and with Read Labels each order's labels. Each item read gets those observations appended; a miss
 * is its lookup fact (found: false), never an error. One outcome per input item, in order: an item not read
 * is its json unchanged. `connect` is called only when an item is to be read.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connect: () => Promise<ShipStationClients>,
): Promise<Array<BatchOutcome<IDataObject>>> {
	return (await readWorkItems(
		items.map((item) => item.json),
		{
			readWhen: (i) => this.getNodeParameter('readWhen', i),
			keysOf: (json, i): SsOrderReadRequest => {
				const { orderKey, orderName, shopifyOrderId } = orderKeysOf(json);
				// "Not there" is true at the instant of asking: stamped with "Now" when a past day is replayed.
				const clock = readClock(this, i);
				return { keys: { orderNumber: orderKey, orderName, shopifyOrderId }, now: () => isoNow(clock) };
			},
			read: async (requests) => {
				const { v1 } = await connect();
				const labels = this.getNodeParameter('readLabels', 0, true) as boolean;
				return mapOutcomes(await readOrders(v1, requests, { labels }), (read) =>
					orderReadToObservations(read, read.lookup.at),
				);
			},
		},
	)) as Array<BatchOutcome<IDataObject>>;
}
