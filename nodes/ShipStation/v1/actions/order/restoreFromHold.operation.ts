import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { changeOrder, orderNumberField } from '../../helpers/orderByNumber';

export const description: INodeProperties[] = [orderNumberField('restoreFromHold')];

export async function execute(this: IExecuteFunctions, i: number, clients: ShipStationClients): Promise<IDataObject[]> {
	return changeOrder(this, i, clients, async (order) => {
		await clients.v1.restoreFromHold(order.orderId);
	});
}
