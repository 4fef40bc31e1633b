import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ValidationError } from '../../../../lib/http/errors';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { changeOrder, orderNumberField } from '../../helpers/orderByNumber';

export const description: INodeProperties[] = [
	orderNumberField('updateAddress'),
	{
		displayName: 'New Address',
		name: 'address',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields you add are changed',
		displayOptions: { show: { resource: ['order'], operation: ['updateAddress'] } },
		options: [
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Company', name: 'company', type: 'string', default: '' },
			{ displayName: 'Country Code', name: 'country', type: 'string', default: '', placeholder: 'US' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{ displayName: 'Postal Code', name: 'postalCode', type: 'string', default: '' },
			{ displayName: 'State', name: 'state', type: 'string', default: '', placeholder: 'TX' },
			{ displayName: 'Street 1', name: 'street1', type: 'string', default: '' },
			{ displayName: 'Street 2', name: 'street2', type: 'string', default: '' },
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number, clients: ShipStationClients): Promise<IDataObject[]> {
	return changeOrder(this, i, clients, async (order) => {
		const address = this.getNodeParameter('address', i, {}) as Record<string, string>;
		if (!Object.keys(address).length)
			throw new ValidationError('New Address has no fields', 'address', 'Add at least one address field to change.');
		await clients.v1.updateShippingAddress(order, address);
	});
}
