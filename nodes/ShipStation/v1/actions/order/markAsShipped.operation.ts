import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { toShipStationDate } from '../../../../lib/connectors/shipstation';
import type { ShipStationClients } from '../../../../shared/shipstation';
import { changeOrder, orderNumberField } from '../../helpers/orderByNumber';

const show = { resource: ['order'], operation: ['markAsShipped'] };

export const description: INodeProperties[] = [
	orderNumberField('markAsShipped'),
	{
		displayName: 'Carrier Code',
		name: 'carrierCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'usps',
		description: 'ShipStation carrier code, for example usps, ups, fedex or dhl_express',
		displayOptions: { show },
	},
	{
		displayName: 'Tracking Number',
		name: 'trackingNumber',
		type: 'string',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Ship Date',
		name: 'shipDate',
		type: 'dateTime',
		default: '',
		description: 'Defaults to today in ShipStation',
		displayOptions: { show },
	},
	{
		displayName: 'Notify Customer',
		name: 'notifyCustomer',
		type: 'boolean',
		default: false,
		description: 'Whether ShipStation emails the customer (leave off when Klaviyo sends the shipping email)',
		displayOptions: { show },
	},
	{
		displayName: 'Notify Sales Channel',
		name: 'notifySalesChannel',
		type: 'boolean',
		default: true,
		description: 'Whether ShipStation writes the tracking back to Shopify',
		displayOptions: { show },
	},
];

/** Shipped without a ShipStation label (a parcel sent another way). */
export async function execute(this: IExecuteFunctions, i: number, clients: ShipStationClients): Promise<IDataObject[]> {
	return changeOrder(this, i, clients, async (order) => {
		const shipDate = this.getNodeParameter('shipDate', i, '') as string;
		const trackingNumber = this.getNodeParameter('trackingNumber', i, '') as string;
		await clients.v1.markAsShipped({
			orderId: order.orderId,
			carrierCode: (this.getNodeParameter('carrierCode', i) as string).trim(),
			...(shipDate ? { shipDate: toShipStationDate(shipDate, 'shipDate') } : {}),
			...(trackingNumber ? { trackingNumber: trackingNumber.trim() } : {}),
			notifyCustomer: this.getNodeParameter('notifyCustomer', i) as boolean,
			notifySalesChannel: this.getNodeParameter('notifySalesChannel', i) as boolean,
		});
	});
}
