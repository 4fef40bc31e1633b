/**
 * The ShipStation node's operations: read the parameters of one item, call nodes/lib, shape the output.
 * Kept out of the node file so that file stays a description plus the per-item loop.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	lookupToObservations,
	orderToObservation,
	shipmentToObservation,
	toShipStationDate,
	toShipStationTime,
	trackingToObservation,
	orderKeyFromOrderNumber,
	type OrderListFilter,
	type ShipmentListFilter,
	type SsOrder,
	type SsShipment,
	type ShipStationV1Client,
} from '../lib/connectors/shipstation';
import { ValidationError } from '../lib/http/errors';
import type { ShipStationClients } from './transport';

type Ctx = IExecuteFunctions;

function orderItem(order: SsOrder, receivedAt: string): IDataObject {
	const observation = orderToObservation(order, receivedAt);
	return { orderKey: observation.orderKey, status: observation.data.status, rawStatus: observation.data.rawStatus, observations: [observation], shipstation: order } as unknown as IDataObject;
}

function shipmentItem(shipment: SsShipment, receivedAt: string): IDataObject {
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

async function listControl(ctx: Ctx, i: number): Promise<{ limit?: number; pageSize?: number; startPage?: number }> {
	const returnAll = ctx.getNodeParameter('returnAll', i) as boolean;
	const options = ctx.getNodeParameter('listOptions', i, {}) as { pageSize?: number; startPage?: number };
	return { limit: returnAll ? undefined : (ctx.getNodeParameter('limit', i) as number), pageSize: options.pageSize, startPage: options.startPage };
}

async function collect<T>(pages: AsyncGenerator<{ items: T[] }>, limit: number | undefined): Promise<T[]> {
	const all: T[] = [];
	for await (const page of pages) {
		all.push(...page.items);
		if (limit !== undefined && all.length >= limit) return all.slice(0, limit);
	}
	return all;
}

/** One order by number; several orders sharing the number are refused: a write must hit one order. */
async function singleOrder(v1: ShipStationV1Client, orderNumber: string): Promise<SsOrder> {
	const matches = await v1.getOrdersByNumber(orderNumber);
	if (matches.length === 0) {
		throw new ValidationError(`ShipStation has no order numbered ${orderNumber}`, 'orderNumber', 'Check the number, and that the order was imported into ShipStation (the store may not have synced yet).');
	}
	if (matches.length > 1) {
		throw new ValidationError(
			`ShipStation has ${matches.length} orders numbered ${orderNumber} (ids ${matches.map((o) => o.orderId).join(', ')})`,
			'orderNumber',
			'The number exists in several stores or the order was split; change it in ShipStation directly.',
		);
	}
	return matches[0];
}

function parseOrderJson(value: unknown): Partial<SsOrder> {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new ValidationError(`Order (JSON) is not valid JSON: ${(error as Error).message}`, 'orderJson');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ValidationError('Order (JSON) must be a JSON object', 'orderJson');
	const order = parsed as Partial<SsOrder>;
	for (const field of ['orderNumber', 'orderDate', 'orderStatus', 'billTo', 'shipTo'] as const) {
		if (order[field] === undefined || order[field] === null || order[field] === '') {
			throw new ValidationError(`Order (JSON) has no ${field}`, field, `ShipStation requires ${field} on createorder.`);
		}
	}
	return order;
}

export async function runOperation(ctx: Ctx, clients: ShipStationClients, resource: string, operation: string, i: number): Promise<IDataObject[]> {
	const { v1, v2 } = clients;
	const receivedAt = new Date().toISOString();

	if (resource === 'order') {
		if (operation === 'getAll') {
			const filterBy = ctx.getNodeParameter('orderFilter', i) as string;
			const filter: OrderListFilter = {};
			if (filterBy === 'status') filter.orderStatus = ctx.getNodeParameter('orderStatus', i) as string;
			else {
				const start = ctx.getNodeParameter('modifyDateStart', i) as string;
				if (!start) throw new ValidationError('Modified After is empty', 'modifyDateStart', 'Pick the time from which changed orders are listed.');
				filter.modifyDateStart = toShipStationTime(start);
				const end = ctx.getNodeParameter('modifyDateEnd', i, '') as string;
				if (end) filter.modifyDateEnd = toShipStationTime(end);
			}
			const control = await listControl(ctx, i);
			const orders = await collect(v1.iterateOrders(filter, control), control.limit);
			return orders.map((order) => orderItem(order, receivedAt));
		}
		if (operation === 'createOrUpdate') {
			const order = await v1.createOrUpdateOrder(parseOrderJson(ctx.getNodeParameter('orderJson', i)));
			return [orderItem(order, receivedAt)];
		}
		const orderNumber = ctx.getNodeParameter('orderNumber', i) as string;
		if (operation === 'get' || operation === 'lookUp') {
			orderKeyFromOrderNumber(orderNumber);
			const lookup = await v1.lookUpOrder({
				orderNumber,
				shopifyOrderId: (ctx.getNodeParameter('shopifyOrderId', i, '') as string) || null,
				orderName: (ctx.getNodeParameter('orderName', i, '') as string) || null,
			});
			const [fact, ...facts] = lookupToObservations(lookup, receivedAt);
			if (!lookup.orders.length) {
				if (operation === 'lookUp') {
					// A miss is an answer, not an error: Order State needs it to conclude "not at the warehouse".
					return [{ orderKey: lookup.orderKey, found: false, keys: lookup.keys, status: null, observations: [fact] } as unknown as IDataObject];
				}
				const miss = new ValidationError(
					`ShipStation has no order numbered ${orderNumber} (asked by ${lookup.keys.join(', ')})`,
					'orderNumber',
					'Check the number, and that the store has synced the order into ShipStation. Use Look Up to get a "not found" item instead of an error.',
				);
				// With Continue On Fail the error item still hands Order State the lookup fact.
				throw Object.assign(miss, { lookupFacts: { orderKey: lookup.orderKey, found: false, keys: lookup.keys, observations: [fact] } });
			}
			return lookup.orders.map((order, n) => ({
				...orderItem(order, receivedAt),
				orderKey: lookup.orderKey,
				found: true,
				keys: lookup.keys,
				matchedBy: lookup.matchedBy,
				observations: [fact, facts[n]],
			}));
		}
		const order = await singleOrder(v1, orderNumber);
		if (operation === 'holdUntil') {
			await v1.holdUntil(order.orderId, toShipStationDate(ctx.getNodeParameter('holdUntilDate', i) as string, 'holdUntilDate'));
		} else if (operation === 'restoreFromHold') {
			await v1.restoreFromHold(order.orderId);
		} else if (operation === 'markAsShipped') {
			const shipDate = ctx.getNodeParameter('shipDate', i, '') as string;
			const trackingNumber = ctx.getNodeParameter('trackingNumber', i, '') as string;
			await v1.markAsShipped({
				orderId: order.orderId,
				carrierCode: (ctx.getNodeParameter('carrierCode', i) as string).trim(),
				...(shipDate ? { shipDate: toShipStationDate(shipDate, 'shipDate') } : {}),
				...(trackingNumber ? { trackingNumber: trackingNumber.trim() } : {}),
				notifyCustomer: ctx.getNodeParameter('notifyCustomer', i) as boolean,
				notifySalesChannel: ctx.getNodeParameter('notifySalesChannel', i) as boolean,
			});
		} else if (operation === 'updateAddress') {
			const address = ctx.getNodeParameter('address', i, {}) as Record<string, string>;
			if (!Object.keys(address).length) throw new ValidationError('New Address has no fields', 'address', 'Add at least one address field to change.');
			await v1.updateShippingAddress(order, address);
		} else {
			throw new ValidationError(`Unknown order operation "${operation}"`, 'operation');
		}
		// Read back: the output is what ShipStation now says, not what we asked for.
		return [orderItem(await v1.getOrder(order.orderId), receivedAt)];
	}

	if (resource === 'shipment') {
		const filterBy = ctx.getNodeParameter('shipmentFilter', i) as string;
		const filter: ShipmentListFilter = { includeShipmentItems: ctx.getNodeParameter('includeShipmentItems', i) as boolean };
		if (filterBy === 'order') filter.orderNumber = orderKeyFromOrderNumber(ctx.getNodeParameter('shipmentOrderNumber', i) as string);
		else {
			const start = ctx.getNodeParameter('shipDateStart', i) as string;
			if (!start) throw new ValidationError('Shipped On or After is empty', 'shipDateStart', 'Pick the first ship date to list.');
			filter.shipDateStart = toShipStationDate(start, 'shipDateStart');
			const end = ctx.getNodeParameter('shipDateEnd', i, '') as string;
			if (end) filter.shipDateEnd = toShipStationDate(end, 'shipDateEnd');
		}
		const control = await listControl(ctx, i);
		const shipments = await collect(v1.iterateShipments(filter, { pageSize: control.pageSize ?? 500, startPage: control.startPage }), control.limit);
		return shipments.map((shipment) => shipmentItem(shipment, receivedAt));
	}

	if (resource === 'labelTracking') {
		if (!clients.credentials.v2ApiKey) {
			throw new ValidationError('Label tracking needs the ShipStation v2 API key', 'v2ApiKey', 'Add the V2 API Key to the ShipStation credential (Settings > Account > API Settings).');
		}
		const trackingNumber = (ctx.getNodeParameter('labelTrackingNumber', i) as string).trim();
		if (!trackingNumber) throw new ValidationError('Tracking Number is empty', 'labelTrackingNumber');
		const orderKey = orderKeyFromOrderNumber(ctx.getNodeParameter('labelOrderNumber', i) as string);
		const label = await v2.findLabelByTrackingNumber(trackingNumber);
		if (!label) throw new ValidationError(`ShipStation has no label with tracking number ${trackingNumber}`, 'labelTrackingNumber', 'Labels bought outside ShipStation cannot be tracked here; use the Carrier Tracking node.');
		const info = await v2.trackLabel(label.label_id);
		const observation = trackingToObservation(info, { orderKey, labelId: label.label_id, carrier: label.carrier_code ?? null }, receivedAt);
		return [
			{
				orderKey,
				trackingNumber,
				status: observation.data.status,
				rawStatus: observation.data.rawStatus,
				observations: [observation],
				shipstation: { label, tracking: info },
			} as unknown as IDataObject,
		];
	}
	throw new ValidationError(`Unknown resource "${resource}"`, 'resource');
}
