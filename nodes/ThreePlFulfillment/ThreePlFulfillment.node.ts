import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import type { Address } from '../lib/order/types';
import {
	lookupToObservations,
	OrderNotFoundError,
	requireIsoDate,
	requireOrderNumber,
	shopifyOrderIdOf,
	snapshotToObservations,
	UnsupportedOperationError,
	withLookup,
	type FulfillmentSnapshot,
	type OrderLookup,
	type OrderLookupKeys,
	type ThreePlOperation,
	type ThreePlProvider,
} from '../lib/connectors/threepl';
import { toNodeError } from '../shared/errors';
import { PROVIDER_CREDENTIALS, PROVIDER_OPTIONS, providerClient } from './transport';

const NEEDS_ORDER: ThreePlOperation[] = ['getOrderStatus', 'lookUpOrder', 'getShipments', 'updateShippingAddress', 'cancel'];
/** Operations that find the order by every key: they take the Shopify id and name too. */
const LOOKS_UP: ThreePlOperation[] = ['getOrderStatus', 'lookUpOrder', 'getShipments'];

function snapshotItem(snapshot: FulfillmentSnapshot, receivedAt: string, itemIndex: number, extra: IDataObject = {}): INodeExecutionData {
	return {
		json: {
			provider: snapshot.provider,
			orderKey: snapshot.orderKey,
			externalId: snapshot.externalId,
			status: snapshot.fulfillment.status,
			rawStatus: snapshot.fulfillment.rawStatus,
			holdReason: snapshot.fulfillment.holdReason ?? null,
			fulfillment: snapshot.fulfillment,
			shipments: snapshot.shipments,
			occurredAt: snapshot.occurredAt,
			observations: snapshotToObservations(snapshot, receivedAt),
			...extra,
		} as unknown as IDataObject,
		pairedItem: { item: itemIndex },
	};
}

/** A lookup, found or not: the lookup fact first, then (when found) the order's facts with matchedBy. */
function lookupItem(provider: ThreePlProvider, lookup: OrderLookup, receivedAt: string, itemIndex: number): INodeExecutionData {
	if (lookup.snapshot) {
		return snapshotItem(withLookup(lookup), receivedAt, itemIndex, { found: true, keys: lookup.keys, matchedBy: lookup.matchedBy });
	}
	return {
		json: {
			provider,
			orderKey: lookup.orderKey,
			found: false,
			keys: lookup.keys,
			status: null,
			observations: lookupToObservations(provider, lookup, receivedAt),
		} as unknown as IDataObject,
		pairedItem: { item: itemIndex },
	};
}

export class ThreePlFulfillment implements INodeType {
	description: INodeTypeDescription = {
		displayName: '3PL Fulfillment',
		name: 'threePlFulfillment',
		icon: 'file:threePlFulfillment.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["provider"] + ": " + $parameter["operation"]}}',
		description: 'Read and change orders at ShipBob, ShipHero, ShipMonk or Extensiv with one normalised fulfillment status',
		defaults: { name: '3PL Fulfillment' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: true,
		credentials: (Object.entries(PROVIDER_CREDENTIALS) as Array<[ThreePlProvider, string]>).map(([provider, name]) => ({
			name,
			required: true,
			displayOptions: { show: { provider: [provider] } },
		})),
		properties: [
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'options',
				noDataExpression: true,
				options: PROVIDER_OPTIONS,
				default: 'shipbob',
				description: 'The 3PL that fulfils your orders',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Cancel', value: 'cancel', action: 'Cancel an order at the 3PL', description: 'Stop the warehouse from shipping the order, while it still can' },
					{ name: 'Get Order Status', value: 'getOrderStatus', action: 'Get the fulfillment status of an order', description: 'Normalised status, hold reason and lines shipped vs ordered' },
					{ name: 'Get Shipments', value: 'getShipments', action: 'Get the shipments of an order', description: 'Every parcel with tracking number, carrier and ship date' },
					{ name: 'List Orders Updated Since', value: 'listOrdersUpdatedSince', action: 'List orders updated since a time', description: 'Every order the 3PL changed since a date, all pages' },
					{
						name: 'Look Up Order',
						value: 'lookUpOrder',
						action: 'Look up an order by every key',
						description: 'Ask by the Shopify order ID and the name; a miss is an item (found: false), not an error',
					},
					{ name: 'Update Shipping Address', value: 'updateShippingAddress', action: 'Update the shipping address of an order', description: 'Where the 3PL allows it, before the order is picked' },
				],
				default: 'getOrderStatus',
			},
			{
				displayName: 'Order Number',
				name: 'orderNumber',
				type: 'string',
				default: '',
				required: true,
				placeholder: '={{ $json.orderKey }}',
				description: 'The store\'s order number, with or without # (e.g. 1001 or #1001)',
				displayOptions: { show: { operation: NEEDS_ORDER } },
			},
			{
				displayName: 'Shopify Order ID',
				name: 'shopifyOrderId',
				type: 'string',
				default: '',
				placeholder: '={{ $json.shopifyId }}',
				description:
					'Optional but recommended. Store integrations file the order under the Shopify order ID (ShipBob reference_id, ShipHero partner_order_id, ShipMonk order_key); it is asked for first.',
				displayOptions: { show: { operation: LOOKS_UP } },
			},
			{
				displayName: 'Order Name',
				name: 'orderName',
				type: 'string',
				default: '',
				placeholder: 'NW1001',
				description: 'Optional. The Shopify order name when the store adds a prefix or suffix to the number; it is asked for too.',
				displayOptions: { show: { operation: LOOKS_UP } },
			},
			{
				displayName: 'Updated Since',
				name: 'updatedSince',
				type: 'string',
				default: '={{ $now.minus({ hours: 1 }).toISO() }}',
				required: true,
				description: 'Date and time (ISO 8601) to list changes from; keep the last run\'s time in the ledger to never miss one',
				displayOptions: { show: { operation: ['listOrdersUpdatedSince'] } },
			},
			{
				displayName: 'New Address',
				name: 'address',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: { show: { operation: ['updateShippingAddress'] } },
				options: [
					{ displayName: 'Address Line 1', name: 'address1', type: 'string', default: '' },
					{ displayName: 'Address Line 2', name: 'address2', type: 'string', default: '' },
					{ displayName: 'City', name: 'city', type: 'string', default: '' },
					{ displayName: 'Company', name: 'company', type: 'string', default: '' },
					{ displayName: 'Country Code', name: 'countryCode', type: 'string', default: '', placeholder: 'US' },
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
					{ displayName: 'State / Province Code', name: 'provinceCode', type: 'string', default: '', placeholder: 'CA' },
					{ displayName: 'ZIP / Postal Code', name: 'zip', type: 'string', default: '' },
				],
			},
			{
				displayName: 'Reason',
				name: 'reason',
				type: 'string',
				default: '',
				description: 'Why the order is cancelled (kept in the 3PL\'s history where it supports one)',
				displayOptions: { show: { operation: ['cancel'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { show: { operation: ['listOrdersUpdatedSince'] } },
				options: [
					{
						displayName: 'Max Pages',
						name: 'maxPages',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 50,
						description: 'Stop after this many pages; the last item then carries "nextCursor" to continue from',
					},
					{
						displayName: 'Resume From Cursor',
						name: 'cursor',
						type: 'string',
						default: '',
						description: 'The "nextCursor" of a run that stopped at Max Pages',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const provider = this.getNodeParameter('provider', 0) as ThreePlProvider;
		const operation = this.getNodeParameter('operation', 0) as ThreePlOperation;
		const out: INodeExecutionData[] = [];
		let client: Awaited<ReturnType<typeof providerClient>>['client'];
		try {
			({ client } = await providerClient(this, provider));
			const why = client.unsupported[operation];
			// Refuse up front, per the provider's API, rather than fail on every item.
			const unsupported = why ? new UnsupportedOperationError(provider, operation, why) : undefined;
			if (unsupported) throw toNodeError(this.getNode(), unsupported, 0);
		} catch (error) {
			if (this.continueOnFail()) return [items.map((_, i) => ({ json: { error: (error as Error).message }, pairedItem: { item: i } }))];
			throw toNodeError(this.getNode(), error, 0);
		}

		for (let i = 0; i < items.length; i++) {
			try {
				const receivedAt = new Date().toISOString();
				if (operation === 'listOrdersUpdatedSince') {
					const since = requireIsoDate(this.getNodeParameter('updatedSince', i), 'updatedSince');
					const options = this.getNodeParameter('options', i, {}) as { maxPages?: number; cursor?: string };
					const result = await client.listOrdersUpdatedSince(since, { maxPages: options.maxPages ?? 50, cursor: options.cursor || undefined });
					result.snapshots.forEach((s, n) => out.push(snapshotItem(s, receivedAt, i, n === result.snapshots.length - 1 && result.nextCursor ? { nextCursor: result.nextCursor } : {})));
					if (!result.snapshots.length && result.nextCursor) out.push({ json: { nextCursor: result.nextCursor }, pairedItem: { item: i } });
					continue;
				}
				const orderNumber = requireOrderNumber(this.getNodeParameter('orderNumber', i), 'orderNumber');
				const keys: OrderLookupKeys = {
					orderNumber,
					shopifyOrderId: shopifyOrderIdOf(this.getNodeParameter('shopifyOrderId', i, '')),
					orderName: (this.getNodeParameter('orderName', i, '') as string) || null,
				};
				if (operation === 'lookUpOrder') out.push(lookupItem(provider, await client.lookUpOrder(keys), receivedAt, i));
				else if (operation === 'getOrderStatus') out.push(snapshotItem(await client.getOrderStatus(keys), receivedAt, i));
				else if (operation === 'getShipments') out.push(snapshotItem(await client.getShipments(keys), receivedAt, i));
				else if (operation === 'updateShippingAddress') {
					const address = this.getNodeParameter('address', i, {}) as Address;
					out.push(snapshotItem(await client.updateShippingAddress(orderNumber, address), receivedAt, i, { addressUpdated: true }));
				} else if (operation === 'cancel') {
					const result = await client.cancel(orderNumber, (this.getNodeParameter('reason', i, '') as string) || undefined);
					if (result.snapshot) out.push(snapshotItem(result.snapshot, receivedAt, i, { cancelled: result.cancelled, cancelResult: result.rawResult }));
					else out.push({ json: { ...result } as unknown as IDataObject, pairedItem: { item: i } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					const nodeError = toNodeError(this.getNode(), error, i);
					// A miss after every key was tried is still a fact Order State needs ("not at the warehouse").
					const lookup = error instanceof OrderNotFoundError ? error.lookup : undefined;
					const facts = lookup ? { found: false, keys: lookup.keys, observations: lookupToObservations(provider, lookup, new Date().toISOString()) } : {};
					out.push({ json: { error: nodeError.message, description: nodeError.description ?? null, ...facts } as unknown as IDataObject, pairedItem: { item: i } });
					continue;
				}
				throw toNodeError(this.getNode(), error, i);
			}
		}
		return [out];
	}
}
