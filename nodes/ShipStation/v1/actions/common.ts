/**
 * What the ShipStation operations share: the output item shapes, the list controls (description and
 * reading), and the page walk with a limit.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	orderToObservation,
	shipmentToObservation,
	type SsOrder,
	type SsShipment,
} from '../../../lib/connectors/shipstation';

export function orderItem(order: SsOrder, receivedAt: string): IDataObject {
	const observation = orderToObservation(order, receivedAt);
	return {
		orderKey: observation.orderKey,
		status: observation.data.status,
		rawStatus: observation.data.rawStatus,
		observations: [observation],
		shipstation: order,
	} as unknown as IDataObject;
}

export function shipmentItem(shipment: SsShipment, receivedAt: string): IDataObject {
	const observation = shipmentToObservation(shipment, receivedAt);
	return {
		orderKey: observation.orderKey,
		shipmentId: observation.data.shipmentId,
		trackingNumber: observation.data.trackingNumber ?? null,
		carrier: observation.data.carrier ?? null,
		// The warehouse's local ship date (YYYY-MM-DD), as ShipStation gives it: a date, not an instant.
		shipDate: observation.data.shippedOn ?? null,
		voided: observation.data.voided ?? false,
		observations: [observation],
		shipstation: shipment,
	} as unknown as IDataObject;
}

/** Return All / Limit / page options of a Get Many, shown for one resource. */
export function listControls(resource: string, defaultPageSize: number): INodeProperties[] {
	return [
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
					description:
						'Where to start. After a run stopped on a ShipStation error, set it to the page the error names to ' +
						'continue without duplicates.',
				},
			],
		},
	];
}

export interface ListControl {
	limit?: number;
	pageSize?: number;
	startPage?: number;
}

export function listControl(ctx: IExecuteFunctions, i: number): ListControl {
	const returnAll = ctx.getNodeParameter('returnAll', i) as boolean;
	const options = ctx.getNodeParameter('listOptions', i, {}) as { pageSize?: number; startPage?: number };
	return {
		limit: returnAll ? undefined : (ctx.getNodeParameter('limit', i) as number),
		pageSize: options.pageSize,
		startPage: options.startPage,
	};
}

/** Walks the pages until the limit; a page walk that stops part-way throws the library's PaginationError. */
export async function collect<T>(pages: AsyncGenerator<{ items: T[] }>, limit: number | undefined): Promise<T[]> {
	const all: T[] = [];
	for await (const page of pages) {
		all.push(...page.items);
		if (limit !== undefined && all.length >= limit) return all.slice(0, limit);
	}
	return all;
}
