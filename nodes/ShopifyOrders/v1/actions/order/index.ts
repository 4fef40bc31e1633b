import type { INodeProperties } from 'n8n-workflow';
import * as addTags from './addTags.operation';
import * as addTracking from './addTracking.operation';
import * as cancel from './cancel.operation';
import * as exportOrders from './export.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as holdFulfillmentOrder from './holdFulfillmentOrder.operation';
import * as readForWorkItems from './readForWorkItems.operation';
import * as releaseFulfillmentOrderHold from './releaseFulfillmentOrderHold.operation';
import * as setNote from './setNote.operation';
import * as updateShippingAddress from './updateShippingAddress.operation';

export const operations = {
	get,
	getMany,
	readForWorkItems,
	export: exportOrders,
	updateShippingAddress,
	addTracking,
	holdFulfillmentOrder,
	releaseFulfillmentOrderHold,
	cancel,
	addTags,
	setNote,
};
export type OrderOperation = keyof typeof operations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Add Tags',
				value: 'addTags',
				action: 'Add tags to an order',
				description: 'Add tags (tagsAdd), confirmed by reading back',
			},
			{
				name: 'Add Tracking',
				value: 'addTracking',
				action: 'Add tracking to an order',
				description: 'Onto a fulfillment, or by fulfilling a fulfillment order',
			},
			{ name: 'Cancel', value: 'cancel', action: 'Cancel an order', description: 'Cancel the order (orderCancel)' },
			{
				name: 'Export',
				value: 'export',
				action: 'Export orders in bulk',
				description: 'Bulk operation for backfills above ~10k orders',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an order',
				description: 'One order with fulfillment orders, fulfillments, returns and observations',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many orders',
				description: 'Orders updated in a window or matching a search, 250 per page',
			},
			{ name: 'Hold Fulfillment Order', value: 'holdFulfillmentOrder', action: 'Hold a fulfillment order' },
			{
				name: 'Read for Work Items',
				value: 'readForWorkItems',
				action: 'Read the orders of work items',
				description: "Each work item's order, ten or so a call, with observations appended to the item",
			},
			{
				name: 'Release Fulfillment Order Hold',
				value: 'releaseFulfillmentOrderHold',
				action: 'Release a fulfillment order hold',
			},
			{ name: 'Set Note', value: 'setNote', action: 'Set the note of an order' },
			{
				name: 'Update Shipping Address',
				value: 'updateShippingAddress',
				action: 'Update the shipping address of an order',
			},
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
	...readForWorkItems.description,
	...exportOrders.description,
	...updateShippingAddress.description,
	...addTracking.description,
	...holdFulfillmentOrder.description,
	...releaseFulfillmentOrderHold.description,
	...cancel.description,
	...addTags.description,
	...setNote.description,
];
