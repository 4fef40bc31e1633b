import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { addTracking, type ShopifyClient } from '../../../../lib/connectors/shopify';
import { orderLocator, orderWithObservations, readOrderRef } from './common';

const show = { show: { operation: ['addTracking'] } };

export const description: INodeProperties[] = [
	{ ...orderLocator, displayOptions: show },
	{
		displayName: 'Add To',
		name: 'trackingTarget',
		type: 'options',
		options: [
			{
				name: 'Existing Fulfillment',
				value: 'fulfillment',
				description: 'The parcel is already marked shipped; add or replace its tracking',
			},
			{
				name: 'Fulfillment Order (Mark Shipped)',
				value: 'fulfillmentOrder',
				description: 'Fulfil the fulfillment order with this tracking',
			},
		],
		default: 'fulfillment',
		displayOptions: show,
	},
	{
		displayName: 'Fulfillment ID',
		name: 'fulfillmentId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { operation: ['addTracking'], trackingTarget: ['fulfillment'] } },
		description: "From the order's fulfillments (Get operation), numeric or gid://shopify/Fulfillment/…",
	},
	{
		displayName: 'Fulfillment Order ID',
		name: 'fulfillmentOrderId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { operation: ['addTracking'], trackingTarget: ['fulfillmentOrder'] } },
		description: "From the order's fulfillmentOrders (Get operation)",
	},
	{
		displayName: 'Tracking Number',
		name: 'trackingNumber',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show,
	},
	{
		displayName: 'Carrier',
		name: 'carrier',
		type: 'string',
		default: '',
		placeholder: 'UPS',
		displayOptions: show,
		description: 'Name exactly as Shopify lists it, so it can build the tracking link',
	},
	{ displayName: 'Tracking URL', name: 'trackingUrl', type: 'string', default: '', displayOptions: show },
	{
		displayName: 'Notify Customer',
		name: 'notifyCustomer',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description: 'Whether Shopify emails the customer the shipping confirmation',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const target = this.getNodeParameter('trackingTarget', itemIndex) as string;
	const result = await addTracking(
		client,
		readOrderRef(this, itemIndex),
		target === 'fulfillment'
			? { fulfillmentId: this.getNodeParameter('fulfillmentId', itemIndex) as string }
			: { fulfillmentOrderId: this.getNodeParameter('fulfillmentOrderId', itemIndex) as string },
		{
			number: this.getNodeParameter('trackingNumber', itemIndex) as string,
			company: this.getNodeParameter('carrier', itemIndex) as string,
			url: this.getNodeParameter('trackingUrl', itemIndex) as string,
			notifyCustomer: this.getNodeParameter('notifyCustomer', itemIndex) as boolean,
		},
	);
	return [
		{ confirmed: result.confirmed, fulfillmentId: result.fulfillmentId, ...orderWithObservations(result.readBack) },
	];
}
