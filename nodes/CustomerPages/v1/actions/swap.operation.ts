import type { INodeProperties } from 'n8n-workflow';

import { answerSwapRequest } from '../../../lib/pages';
import {
	applySwap,
	shopifyOrderOf,
	shopifySwapPort,
	warehouseRefOf,
	warehouseSwapPort,
} from '../../../lib/selfservice';
import { shopifyClient } from '../../../shared/shopify';
import { warehouseProperty } from '../../../shared/warehouse';
import {
	openRequestPage,
	requestFailurePage,
	requestOf,
	requestPageOutput,
	requestTimeProperty,
	requirePageUrl,
	type FailurePage,
	type PageExecute,
} from './common';

const show = { operation: ['swap'] };

export const description: INodeProperties[] = [
	warehouseProperty({ show }),
	{
		displayName: 'Shopify Emails the Customer',
		name: 'notifyCustomer',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description:
			"Whether Shopify sends its own order-edit email with the new items (the page already tells the customer it's " +
			'done)',
	},
	requestTimeProperty(show),
];

/** "We cannot take your request right now" (503), as on every request page. */
export const failurePage: FailurePage = requestFailurePage;

export const execute: PageExecute = async function (this, run, i) {
	requirePageUrl(this, run.settings.swapUrl, 'Item Swap Page URL', 'Item swap', i);
	const { deps, warehouse, clock } = await openRequestPage(this, run, i);
	const notifyCustomer = this.getNodeParameter('notifyCustomer', i, false) as boolean;
	const shopify = async (record: Parameters<typeof shopifyOrderOf>[0]) =>
		shopifySwapPort(await shopifyClient(this), shopifyOrderOf(record));
	const answer = await answerSwapRequest(requestOf(this.getInputData()[i].json), {
		...deps,
		warehouseCanSwap: warehouse.canSwapItems,
		readLines: async (record) => (await shopify(record)).lines(),
		applySwap: async (record, decision, swaps, handle) =>
			applySwap(
				{ decision, swaps, handle, notifyCustomer, staffNote: 'Items changed by the customer (self-service page)' },
				{
					shopify: await shopify(record),
					warehouse: warehouseSwapPort(warehouse, warehouseRefOf(record), clock),
					now: clock,
				},
			),
	});
	return requestPageOutput(answer);
};
