import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Address } from '../../../lib/order/types';
import { orderNumberField, orderNumberOf, snapshotItem, type ThreePlRun } from './common';

export const description: INodeProperties[] = [
	orderNumberField('updateShippingAddress'),
	{
		displayName: 'New Address',
		name: 'address',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: ['updateShippingAddress'] } },
		options: [
			{ displayName: 'Address Line 1', name: 'address1', type: 'string', default: '' },
			{ displayName: 'Address Line 2', name: 'address2', type: 'string', default: '' },
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Company', name: 'company', type: 'string', default: '' },
			{ displayName: 'Country Code', name: 'countryCode', type: 'string', default: '', placeholder: 'US' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{ displayName: 'State / Province Code', name: 'provinceCode', type: 'string', default: '', placeholder: 'CA' },
			{ displayName: 'ZIP / Postal Code', name: 'zip', type: 'string', default: '' },
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number, { client }: ThreePlRun): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	const orderNumber = orderNumberOf(this, i);
	const address = this.getNodeParameter('address', i, {}) as Address;
	return [snapshotItem(await client.updateShippingAddress(orderNumber, address), receivedAt, { addressUpdated: true })];
}
