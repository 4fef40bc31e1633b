import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { SS_ORDER_STATUSES, toShipStationTime, type OrderListFilter } from '../../../../lib/connectors/shipstation';
import { ValidationError } from '../../../../lib/http/errors';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { collect, listControl, listControls, orderItem } from '../common';

const show = { resource: ['order'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Filter By',
		name: 'orderFilter',
		type: 'options',
		options: [
			{ name: 'Modified Since', value: 'modifyDate' },
			{ name: 'Status', value: 'status' },
		],
		default: 'modifyDate',
		displayOptions: { show },
	},
	{
		displayName: 'Modified After',
		name: 'modifyDateStart',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Orders changed in ShipStation at or after this time',
		displayOptions: { show: { ...show, orderFilter: ['modifyDate'] } },
	},
	{
		displayName: 'Modified Before',
		name: 'modifyDateEnd',
		type: 'dateTime',
		default: '',
		description: 'Optional upper bound',
		displayOptions: { show: { ...show, orderFilter: ['modifyDate'] } },
	},
	{
		displayName: 'Status',
		name: 'orderStatus',
		type: 'options',
		options: SS_ORDER_STATUSES.map((status) => ({
			name: status.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()),
			value: status,
		})),
		default: 'awaiting_shipment',
		displayOptions: { show: { ...show, orderFilter: ['status'] } },
	},
	...listControls('order', 100),
];

/** Orders changed since a time, or in one status, every page up to the limit. */
export async function execute(this: IExecuteFunctions, i: number, { v1 }: ShipStationClients): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	const filterBy = this.getNodeParameter('orderFilter', i) as string;
	const filter: OrderListFilter = {};
	if (filterBy === 'status') filter.orderStatus = this.getNodeParameter('orderStatus', i) as string;
	else {
		const start = this.getNodeParameter('modifyDateStart', i) as string;
		if (!start)
			throw new ValidationError(
				'Modified After is empty',
				'modifyDateStart',
				'Pick the time from which changed orders are listed.',
			);
		filter.modifyDateStart = toShipStationTime(start);
		const end = this.getNodeParameter('modifyDateEnd', i, '') as string;
		if (end) filter.modifyDateEnd = toShipStationTime(end);
	}
	const control = listControl(this, i);
	const orders = await collect(v1.iterateOrders(filter, control), control.limit);
	return orders.map((order) => orderItem(order, receivedAt));
}
