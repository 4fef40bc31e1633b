import { NodeOperationError, type INodeProperties } from 'n8n-workflow';

import { answerCancelRequest } from '../../../lib/pages';
import {
	applyCancellation,
	shopifyCancelPort,
	shopifyOrderOf,
	warehouseCancelPort,
	warehouseRefOf,
} from '../../../lib/selfservice';
import { readTimeProperty } from '../../../shared/clock';
import { shopifyClient } from '../../../shared/shopify';
import { warehouseProperty } from '../../../shared/warehouse';
import {
	openRequestPage,
	requestFailurePage,
	requestOf,
	requestPageOutput,
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
	readTimeProperty(
		show,
		'The time links, forms and the cut-off window are judged at. Leave empty for the current time; set it only to ' +
			'test or replay.',
	),
];

/** "We cannot take your request right now" (503), as on every request page. */
export const failurePage: FailurePage = requestFailurePage;

export const execute: PageExecute = async function (this, run, i) {
	if (!run.settings.cancelUrl)
		throw new NodeOperationError(this.getNode(), 'The Customer Pages credential has no Cancellation Page URL', {
			itemIndex: i,
			description:
				"Open the credential and set Cancellation Page URL to this workflow's Webhook production URL " +
				'(docs/customer-pages.md, "Cancellation").',
		});
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
