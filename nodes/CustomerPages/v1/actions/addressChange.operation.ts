import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import type { AddressCarrier } from '../../../lib/connectors/carriers';
import type { OrderRecord } from '../../../lib/order/types';
import { answerAddressRequest, errorAnswer } from '../../../lib/pages';
import {
	applyAddressChange,
	newestOutcomeOf,
	shopifyChangePort,
	type WarehouseOrderRef,
} from '../../../lib/selfservice';
import { carrierAddressValidator } from '../../../shared/carriers';
import { readNowParameter, readTimeProperty } from '../../../shared/clock';
import { loadSelfServiceRules } from '../../../shared/customerPages';
import { shopifyClient } from '../../../shared/shopify';
import { openWarehousePort, warehouseProperty } from '../../../shared/warehouse';
import { customerEventsOf, requestOf, type FailurePage, type PageExecute } from './common';

const show = { operation: ['addressChange'] };

export const ADDRESS_CARRIERS: Array<{ name: string; value: AddressCarrier | 'none' }> = [
	{ name: 'FedEx', value: 'fedex' },
	{ name: 'No Check', value: 'none' },
	{ name: 'UPS', value: 'ups' },
	{ name: 'USPS (US Only)', value: 'usps' },
];

export const description: INodeProperties[] = [
	warehouseProperty({ show }),
	{
		displayName: 'Check Addresses With',
		name: 'addressCarrier',
		type: 'options',
		options: ADDRESS_CARRIERS,
		default: 'ups',
		displayOptions: { show },
		description:
			"The carrier that checks each new address and suggests its standard form. With No Check, the rules' " +
			'"Approve Unverified Addresses" decides whether a person looks first.',
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

/** "We cannot take your request right now" (503), for Respond to Webhook beside the recorded error. */
export const failurePage: FailurePage = function (this, run, i) {
	const answer = errorAnswer(requestOf(this.getInputData()[i].json), run.settings, run.profile.storeName);
	return { statusCode: answer.statusCode, locale: answer.locale, headers: answer.headers, body: answer.body };
};

export const execute: PageExecute = async function (this, run, i) {
	if (!run.settings.addressChangeUrl)
		throw new NodeOperationError(this.getNode(), 'The Customer Pages credential has no Address Change Page URL', {
			itemIndex: i,
			description:
				"Open the credential and set Address Change Page URL to this workflow's Webhook production URL " +
				'(docs/customer-pages.md, "Address change").',
		});
	const now = readNowParameter(this, i) ?? new Date();
	const rules = await loadSelfServiceRules(this, run.profile.editCutoffMinutes, i);
	const warehouse = await openWarehousePort(this, i);
	const carrier = this.getNodeParameter('addressCarrier', i) as AddressCarrier | 'none';
	const validator = carrier === 'none' ? undefined : await carrierAddressValidator(this, carrier);
	if (carrier !== 'none' && !validator)
		throw new NodeOperationError(this.getNode(), `No ${carrier.toUpperCase()} credential is selected`, {
			itemIndex: i,
			description:
				`Choose the ${carrier.toUpperCase()} credential on the node, or set Check Addresses With to ` + 'No Check.',
		});
	// Shopify is only asked when a change is carried out: a page view costs no Admin API call.
	let shopify: Awaited<ReturnType<typeof shopifyClient>> | undefined;
	// Steps are stamped from "Now" on, at the real pace, so a replayed request keeps its order of steps.
	const started = Date.now();
	const clock = () => new Date(now.getTime() + (Date.now() - started));

	const answer = await answerAddressRequest(requestOf(this.getInputData()[i].json), {
		settings: run.settings,
		rules,
		storeName: run.profile.storeName,
		storeTimeZone: run.profile.timeZone,
		now,
		getOrder: (orderKey) => run.ledger.getOrder(orderKey),
		countAttempt: (opts) => run.ledger.countAttempt(opts),
		readWarehouse: async (record) => (await warehouse.read(refOf(record), clock)).status,
		warehouseCanChange: warehouse.canChangeAddress,
		validateAddress: validator && ((address) => validator.validate(address)),
		applyChange: async (record, address, decision, handle) => {
			shopify ??= await shopifyClient(this);
			const order = record.shopifyId
				? { by: 'id' as const, value: record.shopifyId }
				: { by: 'name' as const, value: record.name ?? `#${record.orderKey}` };
			return applyAddressChange(
				{ decision, address, handle },
				{
					shopify: shopifyChangePort(shopify, order),
					warehouse: {
						read: () => warehouse.read(refOf(record), clock),
						changeAddress: (to) => warehouse.changeAddress(refOf(record), to, clock),
					},
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
