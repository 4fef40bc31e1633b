import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import type { OrderRecord } from '../../../lib/order/types';
import { answerCancelRequest } from '../../../lib/pages';
import {
	applyCancellation,
	newestOutcomeOf,
	shopifyCancelPort,
	warehouseCancelPort,
	type WarehouseOrderRef,
} from '../../../lib/selfservice';
import { readNowParameter, readTimeProperty } from '../../../shared/clock';
import { loadSelfServiceRules } from '../../../shared/customerPages';
import { shopifyClient } from '../../../shared/shopify';
import { openWarehousePort, warehouseProperty } from '../../../shared/warehouse';
import { failurePage as addressFailurePage } from './addressChange.operation';
import { customerEventsOf, requestOf, type FailurePage, type PageExecute } from './common';

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

/** Every key the record knows for the order, as warehouses are asked (the Shopify id first). */
function refOf(record: OrderRecord): WarehouseOrderRef {
	return { orderKey: record.orderKey, orderName: record.name ?? null, shopifyOrderId: record.shopifyId ?? null };
}

/** "We cannot take your request right now" (503), as on the address change page. */
export const failurePage: FailurePage = addressFailurePage;

export const execute: PageExecute = async function (this, run, i) {
	if (!run.settings.cancelUrl)
		throw new NodeOperationError(this.getNode(), 'The Customer Pages credential has no Cancellation Page URL', {
			itemIndex: i,
			description:
				"Open the credential and set Cancellation Page URL to this workflow's Webhook production URL " +
				'(docs/customer-pages.md, "Cancellation").',
		});
	const now = readNowParameter(this, i) ?? new Date();
	const rules = await loadSelfServiceRules(this, run.profile.editCutoffMinutes, i);
	const warehouse = await openWarehousePort(this, i);
	const options = {
		refund: this.getNodeParameter('refund', i, true) as boolean,
		notifyCustomer: this.getNodeParameter('notifyCustomer', i, true) as boolean,
	};
	// Steps are stamped from "Now" on, at the real pace, so a replayed request keeps its order of steps.
	const started = Date.now();
	const clock = () => new Date(now.getTime() + (Date.now() - started));

	const answer = await answerCancelRequest(requestOf(this.getInputData()[i].json), {
		settings: run.settings,
		rules,
		storeName: run.profile.storeName,
		storeTimeZone: run.profile.timeZone,
		now,
		getOrder: (orderKey) => run.ledger.getOrder(orderKey),
		countAttempt: (opts) => run.ledger.countAttempt(opts),
		readWarehouse: async (record) => (await warehouse.read(refOf(record), clock)).status,
		warehouseCanCancel: warehouse.canCancel,
		applyCancel: async (record, decision, handle) => {
			const order = record.shopifyId
				? { by: 'id' as const, value: record.shopifyId }
				: { by: 'name' as const, value: record.name ?? `#${record.orderKey}` };
			return applyCancellation(
				{ decision, handle, options: { ...options, staffNote: 'Canceled by the customer (self-service page)' } },
				{
					shopify: shopifyCancelPort(await shopifyClient(this), order),
					warehouse: warehouseCancelPort(warehouse, refOf(record), clock),
					now: clock,
				},
			);
		},
		recordRequest: async (event) => ({
			duplicate: (await run.ledger.appendEvent(event, clock().toISOString())).status === 'duplicate',
		}),
		requestEvents: (orderKey) => customerEventsOf(run.ledger, orderKey),
		requestOutcome: async (orderKey, requestId) =>
			newestOutcomeOf(await customerEventsOf(run.ledger, orderKey), requestId),
	});
	const json: IDataObject = {
		outcome: answer.outcome,
		orderKey: answer.orderKey,
		request: answer.request as IDataObject | null,
		warnings: answer.warnings,
		statusCode: answer.statusCode,
		locale: answer.locale,
		headers: answer.headers,
		body: answer.body,
	};
	return { output: 0, json };
};
