import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { SS_ORDER_STATUSES } from '../lib/connectors/shipstation';
import { runOperation } from './actions';
import { shipStationClients, shipStationNodeError, type ShipStationClients } from './transport';

const orderNumberField = (operations: string[]): INodeProperties => ({
	displayName: 'Order Number',
	name: 'orderNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: '#1001',
	description: 'The order number as in Shopify and ShipStation; a leading # is optional',
	displayOptions: { show: { resource: ['order'], operation: operations } },
});

const listControls = (resource: string, defaultPageSize: number): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { resource: [resource], operation: ['getAll'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: [resource], operation: ['getAll'], returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'listOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: [resource], operation: ['getAll'] } },
		options: [
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 500 },
				default: defaultPageSize,
				description: 'Records per ShipStation call (at most 500). Bigger pages mean fewer of the 40 calls a minute.',
			},
			{
				displayName: 'Start Page',
				name: 'startPage',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'Where to start. After a run stopped on a ShipStation error, set it to the page the error names to continue without duplicates.',
			},
		],
	},
];

export class ShipStation implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ShipStation',
		name: 'shipStation',
		icon: 'file:shipStation.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and change ShipStation orders and shipments, normalised for the order ledger',
		defaults: { name: 'ShipStation' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'shipStationPostPurchaseApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Label Tracking', value: 'labelTracking', description: 'Carrier scans of a label (ShipStation API v2)' },
					{ name: 'Order', value: 'order' },
					{ name: 'Shipment', value: 'shipment', description: 'Labels created in ShipStation, with tracking' },
				],
				default: 'order',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['order'] } },
				options: [
					{ name: 'Create or Update', value: 'createOrUpdate', description: 'Create an order, or update the one with the same order key', action: 'Create or update an order' },
					{ name: 'Get', value: 'get', description: 'Get an order by its order number', action: 'Get an order' },
					{ name: 'Get Many', value: 'getAll', description: 'List orders changed since a date, or in a status', action: 'Get many orders' },
					{ name: 'Hold Until', value: 'holdUntil', description: 'Put an order on hold until a date', action: 'Hold an order until a date' },
					{ name: 'Look Up', value: 'lookUp', description: 'Ask for an order by every key; a miss is an item (found: false), not an error', action: 'Look up an order' },
					{ name: 'Mark as Shipped', value: 'markAsShipped', description: 'Mark an order shipped without a ShipStation label', action: 'Mark an order as shipped' },
					{ name: 'Restore From Hold', value: 'restoreFromHold', description: 'Move an order from On Hold back to Awaiting Shipment', action: 'Restore an order from hold' },
					{ name: 'Update Shipping Address', value: 'updateAddress', description: 'Change the ship-to address of an open order', action: 'Update the shipping address of an order' },
				],
				default: 'getAll',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['shipment'] } },
				options: [{ name: 'Get Many', value: 'getAll', description: 'List shipments by ship date or order', action: 'Get many shipments' }],
				default: 'getAll',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['labelTracking'] } },
				options: [{ name: 'Get', value: 'get', description: 'Get carrier tracking for a tracking number', action: 'Get label tracking' }],
				default: 'get',
			},

			/* ----- order: get many ----- */
			{
				displayName: 'Filter By',
				name: 'orderFilter',
				type: 'options',
				options: [
					{ name: 'Modified Since', value: 'modifyDate' },
					{ name: 'Status', value: 'status' },
				],
				default: 'modifyDate',
				displayOptions: { show: { resource: ['order'], operation: ['getAll'] } },
			},
			{
				displayName: 'Modified After',
				name: 'modifyDateStart',
				type: 'dateTime',
				required: true,
				default: '',
				description: 'Orders changed in ShipStation at or after this time',
				displayOptions: { show: { resource: ['order'], operation: ['getAll'], orderFilter: ['modifyDate'] } },
			},
			{
				displayName: 'Modified Before',
				name: 'modifyDateEnd',
				type: 'dateTime',
				default: '',
				description: 'Optional upper bound',
				displayOptions: { show: { resource: ['order'], operation: ['getAll'], orderFilter: ['modifyDate'] } },
			},
			{
				displayName: 'Status',
				name: 'orderStatus',
				type: 'options',
				options: SS_ORDER_STATUSES.map((status) => ({ name: status.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()), value: status })),
				default: 'awaiting_shipment',
				displayOptions: { show: { resource: ['order'], operation: ['getAll'], orderFilter: ['status'] } },
			},
			...listControls('order', 100),

			/* ----- order: by number ----- */
			orderNumberField(['get', 'lookUp', 'holdUntil', 'restoreFromHold', 'markAsShipped', 'updateAddress']),
			{
				displayName: 'Shopify Order ID',
				name: 'shopifyOrderId',
				type: 'string',
				default: '',
				placeholder: '5012345678901',
				description:
					'Optional. ShipStation keeps the Shopify order ID as the order key: among orders sharing the number (several stores) the one with this ID is taken.',
				displayOptions: { show: { resource: ['order'], operation: ['get', 'lookUp'] } },
			},
			{
				displayName: 'Order Name',
				name: 'orderName',
				type: 'string',
				default: '',
				placeholder: 'NW1001',
				description: 'Optional. The Shopify order name when the store adds a prefix or suffix to the number; it is asked for too.',
				displayOptions: { show: { resource: ['order'], operation: ['get', 'lookUp'] } },
			},
			{
				displayName: 'Hold Until',
				name: 'holdUntilDate',
				type: 'dateTime',
				required: true,
				default: '',
				description: 'ShipStation moves the order back to Awaiting Shipment on this date',
				displayOptions: { show: { resource: ['order'], operation: ['holdUntil'] } },
			},
			{
				displayName: 'Carrier Code',
				name: 'carrierCode',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'usps',
				description: 'ShipStation carrier code, for example usps, ups, fedex or dhl_express',
				displayOptions: { show: { resource: ['order'], operation: ['markAsShipped'] } },
			},
			{
				displayName: 'Tracking Number',
				name: 'trackingNumber',
				type: 'string',
				default: '',
				displayOptions: { show: { resource: ['order'], operation: ['markAsShipped'] } },
			},
			{
				displayName: 'Ship Date',
				name: 'shipDate',
				type: 'dateTime',
				default: '',
				description: 'Defaults to today in ShipStation',
				displayOptions: { show: { resource: ['order'], operation: ['markAsShipped'] } },
			},
			{
				displayName: 'Notify Customer',
				name: 'notifyCustomer',
				type: 'boolean',
				default: false,
				description: 'Whether ShipStation emails the customer (leave off when Klaviyo sends the shipping email)',
				displayOptions: { show: { resource: ['order'], operation: ['markAsShipped'] } },
			},
			{
				displayName: 'Notify Sales Channel',
				name: 'notifySalesChannel',
				type: 'boolean',
				default: true,
				description: 'Whether ShipStation writes the tracking back to Shopify',
				displayOptions: { show: { resource: ['order'], operation: ['markAsShipped'] } },
			},
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
			{
				displayName: 'Order (JSON)',
				name: 'orderJson',
				type: 'json',
				required: true,
				default: '{\n  "orderNumber": "1001",\n  "orderKey": "",\n  "orderDate": "",\n  "orderStatus": "awaiting_shipment",\n  "billTo": {},\n  "shipTo": {}\n}',
				description: 'A ShipStation order as its createorder call takes it. With the orderKey of an existing open order it updates that order.',
				displayOptions: { show: { resource: ['order'], operation: ['createOrUpdate'] } },
			},

			/* ----- shipments ----- */
			{
				displayName: 'Filter By',
				name: 'shipmentFilter',
				type: 'options',
				options: [
					{ name: 'Ship Date', value: 'shipDate' },
					{ name: 'Order Number', value: 'order' },
				],
				default: 'shipDate',
				displayOptions: { show: { resource: ['shipment'], operation: ['getAll'] } },
			},
			{
				displayName: 'Shipped On or After',
				name: 'shipDateStart',
				type: 'dateTime',
				required: true,
				default: '',
				displayOptions: { show: { resource: ['shipment'], operation: ['getAll'], shipmentFilter: ['shipDate'] } },
			},
			{
				displayName: 'Shipped On or Before',
				name: 'shipDateEnd',
				type: 'dateTime',
				default: '',
				displayOptions: { show: { resource: ['shipment'], operation: ['getAll'], shipmentFilter: ['shipDate'] } },
			},
			{
				displayName: 'Order Number',
				name: 'shipmentOrderNumber',
				type: 'string',
				required: true,
				default: '',
				placeholder: '#1001',
				displayOptions: { show: { resource: ['shipment'], operation: ['getAll'], shipmentFilter: ['order'] } },
			},
			{
				displayName: 'Include Items',
				name: 'includeShipmentItems',
				type: 'boolean',
				default: true,
				description: 'Whether to include the items in each parcel (needed to see partial shipments)',
				displayOptions: { show: { resource: ['shipment'], operation: ['getAll'] } },
			},
			...listControls('shipment', 500),

			/* ----- label tracking ----- */
			{
				displayName: 'Tracking Number',
				name: 'labelTrackingNumber',
				type: 'string',
				required: true,
				default: '',
				displayOptions: { show: { resource: ['labelTracking'] } },
			},
			{
				displayName: 'Order Number',
				name: 'labelOrderNumber',
				type: 'string',
				required: true,
				default: '',
				placeholder: '#1001',
				description: 'The order the parcel belongs to, so the tracking lands on the right order',
				displayOptions: { show: { resource: ['labelTracking'] } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		let clients: ShipStationClients | undefined;
		for (let i = 0; i < items.length; i++) {
			try {
				clients ??= await shipStationClients(this);
				const resource = this.getNodeParameter('resource', i) as string;
				const operation = this.getNodeParameter('operation', i) as string;
				const results = await runOperation(this, clients, resource, operation, i);
				for (const json of results) out.push({ json, pairedItem: { item: i } });
			} catch (error) {
				const nodeError = shipStationNodeError(this.getNode(), error, i);
				if (this.continueOnFail()) {
					const facts = (error as { lookupFacts?: IDataObject }).lookupFacts ?? {};
					out.push({ json: { error: nodeError.message, description: nodeError.description ?? null, ...facts }, pairedItem: { item: i } });
					continue;
				}
				throw nodeError;
			}
		}
		return [out];
	}
}
