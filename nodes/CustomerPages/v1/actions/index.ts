import type { INodeProperties } from 'n8n-workflow';

import type { PageOperation } from './common';
import * as addressChange from './addressChange.operation';
import * as cancel from './cancel.operation';
import * as statusPage from './statusPage.operation';
import * as swap from './swap.operation';

/** Every value of the `operation` parameter and the module that runs it (named after the value). */
export const operations: Record<string, PageOperation> = { statusPage, addressChange, cancel, swap };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Address Change',
			value: 'addressChange',
			action: 'Answer the address change page',
			description:
				'The form to change the delivery address from a signed link; checks it with the carrier, decides by the ' +
				"store's rules and the warehouse's live status, and changes Shopify and the warehouse",
		},
		{
			name: 'Cancellation',
			value: 'cancel',
			action: 'Answer the cancellation page',
			description:
				"The form to cancel the whole order from a signed link; decides by the store's rules and the " +
				"warehouse's live status, and cancels at the warehouse and in Shopify",
		},
		{
			name: 'Status Page',
			value: 'statusPage',
			action: 'Answer the order status page',
			description:
				"The lookup form, or an order's status from a signed link: stage, parcels, timeline, what we are " +
				'doing about a delay',
		},
		{
			name: 'Item Swap',
			value: 'swap',
			action: 'Answer the item swap page',
			description:
				'The form to change the size or colour of items from a signed link (same price only); decides by the ' +
				"store's rules and the warehouse's live status, and changes the warehouse and Shopify",
		},
	],
	default: 'statusPage',
};

/** Each operation's own fields, shown for that operation only. */
export const operationFields: INodeProperties[] = [
	...statusPage.description,
	...addressChange.description,
	...cancel.description,
	...swap.description,
];
