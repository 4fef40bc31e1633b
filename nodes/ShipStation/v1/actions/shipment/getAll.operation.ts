import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	orderKeyFromOrderNumber,
	toShipStationDate,
	type ShipmentListFilter,
} from '../../../../lib/connectors/shipstation';
import { ValidationError } from '../../../../lib/http/errors';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { collect, listControl, listControls, shipmentItem } from '../common';

const show = { resource: ['shipment'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Filter By',
		name: 'shipmentFilter',
		type: 'options',
		options: [
			{ name: 'Ship Date', value: 'shipDate' },
			{ name: 'Order Number', value: 'order' },
		],
		default: 'shipDate',
		displayOptions: { show },
	},
	{
		displayName: 'Shipped On or After',
		name: 'shipDateStart',
		type: 'dateTime',
		required: true,
		default: '',
		displayOptions: { show: { ...show, shipmentFilter: ['shipDate'] } },
	},
	{
		displayName: 'Shipped On or Before',
		name: 'shipDateEnd',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { ...show, shipmentFilter: ['shipDate'] } },
	},
	{
		displayName: 'Order Number',
		name: 'shipmentOrderNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '#1001',
		displayOptions: { show: { ...show, shipmentFilter: ['order'] } },
	},
	{
		displayName: 'Include Items',
		name: 'includeShipmentItems',
		type: 'boolean',
		default: true,
		description: 'Whether to include the items in each parcel (needed to see partial shipments)',
		displayOptions: { show },
	},
	...listControls('shipment', 500),
];

/** Labels by ship date or for one order, every page up to the limit. */
export async function execute(this: IExecuteFunctions, i: number, { v1 }: ShipStationClients): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	const filterBy = this.getNodeParameter('shipmentFilter', i) as string;
	const filter: ShipmentListFilter = {
		includeShipmentItems: this.getNodeParameter('includeShipmentItems', i) as boolean,
	};
	if (filterBy === 'order')
		filter.orderNumber = orderKeyFromOrderNumber(this.getNodeParameter('shipmentOrderNumber', i) as string);
	else {
		const start = this.getNodeParameter('shipDateStart', i) as string;
		if (!start)
			throw new ValidationError('Shipped On or After is empty', 'shipDateStart', 'Pick the first ship date to list.');
		filter.shipDateStart = toShipStationDate(start, 'shipDateStart');
		const end = this.getNodeParameter('shipDateEnd', i, '') as string;
		if (end) filter.shipDateEnd = toShipStationDate(end, 'shipDateEnd');
	}
	const control = listControl(this, i);
	const shipments = await collect(
		v1.iterateShipments(filter, { pageSize: control.pageSize ?? 500, startPage: control.startPage }),
		control.limit,
	);
	return shipments.map((shipment) => shipmentItem(shipment, receivedAt));
}
