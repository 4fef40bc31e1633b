import { NodeOperationError, type INodeProperties } from 'n8n-workflow';

import type { AddressCarrier } from '../../../lib/connectors/carriers';
import { answerAddressRequest } from '../../../lib/pages';
import { applyAddressChange, shopifyChangePort, shopifyOrderOf, warehouseRefOf } from '../../../lib/selfservice';
import { carrierAddressValidator } from '../../../shared/carriers';
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
	requestTimeProperty(show),
];

/** "We cannot take your request right now" (503), as on every request page. */
export const failurePage: FailurePage = requestFailurePage;

export const execute: PageExecute = async function (this, run, i) {
	requirePageUrl(this, run.settings.addressChangeUrl, 'Address Change Page URL', 'Address change', i);
	const { deps, warehouse, clock } = await openRequestPage(this, run, i);
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
	const answer = await answerAddressRequest(requestOf(this.getInputData()[i].json), {
		...deps,
		warehouseCanChange: warehouse.canChangeAddress,
		validateAddress: validator && ((address) => validator.validate(address)),
		applyChange: async (record, address, decision, handle) => {
			shopify ??= await shopifyClient(this);
			const ref = warehouseRefOf(record);
			return applyAddressChange(
				{ decision, address, handle },
				{
					shopify: shopifyChangePort(shopify, shopifyOrderOf(record)),
					warehouse: {
						read: () => warehouse.read(ref, clock),
						changeAddress: (to) => warehouse.changeAddress(ref, to, clock),
					},
					now: clock,
				},
			);
		},
	});
	return requestPageOutput(answer);
};
