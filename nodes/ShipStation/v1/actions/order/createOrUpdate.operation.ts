import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { SsOrder } from '../../../../lib/connectors/shipstation';
import { ValidationError } from '../../../../lib/http/errors';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { orderItem } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'Order (JSON)',
		name: 'orderJson',
		type: 'json',
		required: true,
		default:
			'{\n  "orderNumber": "1001",\n  "orderKey": "",\n  "orderDate": "",\n  "orderStatus": ' +
			'"awaiting_shipment",\n  "billTo": {},\n  "shipTo": {}\n}',
		description:
			'A ShipStation order as its createorder call takes it. With the orderKey of an existing open order it ' +
			'updates that order.',
		displayOptions: { show: { resource: ['order'], operation: ['createOrUpdate'] } },
	},
];

/** The fields ShipStation's createorder refuses to do without, checked before the call so the error names them. */
function parseOrderJson(value: unknown): Partial<SsOrder> {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new ValidationError(`Order (JSON) is not valid JSON: ${(error as Error).message}`, 'orderJson');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new ValidationError('Order (JSON) must be a JSON object', 'orderJson');
	const order = parsed as Partial<SsOrder>;
	for (const field of ['orderNumber', 'orderDate', 'orderStatus', 'billTo', 'shipTo'] as const) {
		if (order[field] === undefined || order[field] === null || order[field] === '') {
			throw new ValidationError(`Order (JSON) has no ${field}`, field, `ShipStation requires ${field} on createorder.`);
		}
	}
	return order;
}

export async function execute(this: IExecuteFunctions, i: number, { v1 }: ShipStationClients): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	const order = await v1.createOrUpdateOrder(parseOrderJson(this.getNodeParameter('orderJson', i)));
	return [orderItem(order, receivedAt)];
}
