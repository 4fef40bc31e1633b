import type { INodeProperties } from 'n8n-workflow';

import { answerCancelRequest } from '../../../lib/pages';
import {
	applyCancellation,
	shopifyCancelPort,
	shopifyOrderOf,
	warehouseCancelPort,
	warehouseRefOf,
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

const show = { operation: ['cancel'] };

export const description: INodeProperties[] = [
	warehouseProperty({ show }),
	{
		displayName: 'Refund to the Original Payment',
		name: 'refund',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description:
			"Whether Shopify refunds the order's payments to the original payment methods when it cancels the order " +
			'(off: refund by hand in Shopify)',
	},
	{
		displayName: 'Shopify Emails the Customer',
		name: 'notifyCustomer',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: "Whether Shopify sends its own cancellation email (the page already tells the customer it's done)",
	},
	requestTimeProperty(show),
];

/** "We cannot take your request right now" (503), as on every request page. */
export const failurePage: FailurePage = requestFailurePage;

export const execute: PageExecute = async function (this, run, i) {
	requirePageUrl(this, run.settings.cancelUrl, 'Cancellation Page URL', 'Cancellation', i);
	const { deps, warehouse, clock } = await openRequestPage(this, run, i);
	const options = {
		refund: this.getNodeParameter('refund', i, true) as boolean,
		notifyCustomer: this.getNodeParameter('notifyCustomer', i, true) as boolean,
	};
	const answer = await answerCancelRequest(requestOf(this.getInputData()[i].json), {
		...deps,
		warehouseCanCancel: warehouse.canCancel,
		applyCancel: async (record, decision, handle) =>
			applyCancellation(
				{ decision, handle, options: { ...options, staffNote: 'Canceled by the customer (self-service page)' } },
				{
					shopify: shopifyCancelPort(await shopifyClient(this), shopifyOrderOf(record)),
					warehouse: warehouseCancelPort(warehouse, warehouseRefOf(record), clock),
					now: clock,
				},
			),
	});
	return requestPageOutput(answer);
};
