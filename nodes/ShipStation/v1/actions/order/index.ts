import type { INodeProperties } from 'n8n-workflow';
import * as createOrUpdate from './createOrUpdate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as holdUntil from './holdUntil.operation';
import * as lookUp from './lookUp.operation';
import * as markAsShipped from './markAsShipped.operation';
import * as readForWorkItems from './readForWorkItems.operation';
import * as restoreFromHold from './restoreFromHold.operation';
import * as updateAddress from './updateAddress.operation';

export {
	createOrUpdate,
	get,
	getAll,
	holdUntil,
	lookUp,
	markAsShipped,
	readForWorkItems,
	restoreFromHold,
	updateAddress,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description: 'Create an order, or update the one with the same order key',
				action: 'Create or update an order',
			},
			{ name: 'Get', value: 'get', description: 'Get an order by its order number', action: 'Get an order' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List orders changed since a date, or in a status',
				action: 'Get many orders',
			},
			{
				name: 'Hold Until',
				value: 'holdUntil',
				description: 'Put an order on hold until a date',
				action: 'Hold an order until a date',
			},
			{
				name: 'Look Up',
				value: 'lookUp',
				description: 'Ask for an order by every key; a miss is an item (found: false), not an error',
				action: 'Look up an order',
			},
			{
				name: 'Mark as Shipped',
				value: 'markAsShipped',
				description: 'Mark an order shipped without a ShipStation label',
				action: 'Mark an order as shipped',
			},
			{
				name: 'Read for Work Items',
				value: 'readForWorkItems',
				description:
					"Look up every work item's order with its labels and add what ShipStation says to its observations; " +
					'a miss is a fact, not an error',
				action: 'Read orders for a batch of work items',
			},
			{
				name: 'Restore From Hold',
				value: 'restoreFromHold',
				description: 'Move an order from On Hold back to Awaiting Shipment',
				action: 'Restore an order from hold',
			},
			{
				name: 'Update Shipping Address',
				value: 'updateAddress',
				description: 'Change the ship-to address of an open order',
				action: 'Update the shipping address of an order',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...lookUp.description,
	...holdUntil.description,
	...restoreFromHold.description,
	...markAsShipped.description,
	...updateAddress.description,
	...createOrUpdate.description,
	...readForWorkItems.description,
];
