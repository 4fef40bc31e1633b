import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateShippingAddress, type AddressInput, type ShopifyClient } from '../../../../lib/connectors/shopify';
import { orderLocator, orderWithObservations, readOrderRef } from './common';

const show = { show: { operation: ['updateShippingAddress'] } };

export const description: INodeProperties[] = [
	{ ...orderLocator, displayOptions: show },
	{
		displayName: 'New Address',
		name: 'address',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show,
		options: [
			{ displayName: 'Address Line 1', name: 'address1', type: 'string', default: '' },
			{ displayName: 'Address Line 2', name: 'address2', type: 'string', default: '' },
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Company', name: 'company', type: 'string', default: '' },
			{
				displayName: 'Country Code',
				name: 'countryCode',
				type: 'string',
				default: '',
				placeholder: 'US',
				description: 'Two-letter ISO code',
			},
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{ displayName: 'Province / State Code', name: 'provinceCode', type: 'string', default: '', placeholder: 'TX' },
			{ displayName: 'ZIP / Postal Code', name: 'zip', type: 'string', default: '' },
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const address = this.getNodeParameter('address', itemIndex) as AddressInput;
	const result = await updateShippingAddress(client, readOrderRef(this, itemIndex), address);
	return [{ confirmed: result.confirmed, ...orderWithObservations(result.readBack) }];
}
