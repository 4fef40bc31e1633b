import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseShipStationOrderInput } from '../../../../lib/connectors/shipstation/orderInput';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { orderItem } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'Order (JSON)',
		name: 'orderJson',
		type: 'json',
		required: true,
		default: `{
  "orderNumber": "1001",
  "orderKey": "",
  "orderDate": "",
  "orderStatus": "awaiting_shipment",
  "billTo": {},
  "shipTo": {}
}`,
		description:
			'A ShipStation order as its createorder call takes it. With the orderKey of an existing open order it ' +
			'updates that order.',
		displayOptions: { show: { resource: ['order'], operation: ['createOrUpdate'] } },
	},
];

export async function execute(this: IExecuteFunctions, i: number, { v1 }: ShipStationClients): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	const order = await v1.createOrUpdateOrder(parseShipStationOrderInput(this.getNodeParameter('orderJson', i)));
	return [orderItem(order, receivedAt)];
}
