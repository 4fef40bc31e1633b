import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { toShipStationDate } from '../../../../lib/connectors/shipstation';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { changeOrder, orderNumberField } from '../../helpers/orderByNumber';

export const description: INodeProperties[] = [
	orderNumberField('holdUntil'),
	{
		displayName: 'Hold Until',
		name: 'holdUntilDate',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'ShipStation moves the order back to Awaiting Shipment on this date',
		displayOptions: { show: { resource: ['order'], operation: ['holdUntil'] } },
	},
];

export async function execute(this: IExecuteFunctions, i: number, clients: ShipStationClients): Promise<IDataObject[]> {
	return changeOrder(this, i, clients, async (order) => {
		await clients.v1.holdUntil(
			order.orderId,
			toShipStationDate(this.getNodeParameter('holdUntilDate', i) as string, 'holdUntilDate'),
		);
	});
}
