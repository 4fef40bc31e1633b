/**
 * Extensiv 3PL Warehouse Manager (3PL Central, secure-wms.com) order -> canonical snapshot.
 *
 * DOCUMENTATION-DERIVED: Extensiv publishes no machine-readable API description. The field names
 * below come from its public resource documentation (api.3plcentral.com/rels/orders/orders and
 * rels/orders/order: Order.Models.Order with ReadOnly = Order.Models.OrderReadOnly; HAL+JSON).
 * Extensiv has no status string: the stage is read from ReadOnly flags and dates in the order the
 * warehouse sets them (allocated -> pick started -> pick done -> pack done -> closed).
 */
import type { Address, FulfillmentStatus, FulfillmentStatusData, HoldReason, ShipmentData } from '../../order/types';
import {
	addQuantity,
	asArray,
	asRecord,
	isoOrNull,
	linesFrom,
	shippedProgress,
	str,
	toOrderKey,
} from '../threepl/common';
import type { FulfillmentSnapshot } from '../threepl/types';

/** Common.Enum.WarehouseTransactionApiStatus */
export const EXTENSIV_STATUS: Record<number, string> = { 0: 'Open', 1: 'Closed', 2: 'Canceled' };

/** Extensiv sends PascalCase or camelCase depending on the Accept header; read either. */
export function field(obj: unknown, name: string): unknown {
	const o = asRecord(obj);
	if (name in o) return o[name];
	const camel = name.charAt(0).toLowerCase() + name.slice(1);
	return o[camel];
}

/** HAL collections embed items under a rel URL whose host casing varies ("3plCentral"/"3plcentral"). */
export function embedded(obj: unknown, relSuffix: string): unknown[] {
	const e = asRecord(field(obj, '_embedded'));
	const key = Object.keys(e).find((k) => k.toLowerCase().endsWith(relSuffix.toLowerCase()));
	return key ? asArray(e[key]) : [];
}

export function extensivAddress(raw: unknown): Address | null {
	if (!Object.keys(asRecord(raw)).length) return null;
	return {
		name: str(field(raw, 'Name')),
		company: str(field(raw, 'CompanyName')),
		address1: str(field(raw, 'Address1')),
		address2: str(field(raw, 'Address2')),
		city: str(field(raw, 'City')),
		province: str(field(raw, 'State')),
		zip: str(field(raw, 'Zip')),
		countryCode: str(field(raw, 'Country')),
		phone: str(field(raw, 'PhoneNumber')),
	};
}

function orderItems(order: unknown): unknown[] {
	const items = field(order, 'OrderItems');
	return Array.isArray(items) ? items : embedded(order, 'rels/orders/item');
}

/** Extensiv dates are warehouse-local without an offset; we keep them as given when they cannot be placed. */
function when(value: unknown): string | null {
	return isoOrNull(value) ?? str(value);
}

export function normaliseExtensivOrder(raw: unknown, observedAt: string): FulfillmentSnapshot {
	const order = asRecord(raw);
	const ro = asRecord(field(order, 'ReadOnly'));
	const orderId = String(field(ro, 'OrderId') ?? field(order, 'OrderId') ?? '');
	const isClosed = field(ro, 'IsClosed') === true;
	// Status may be absent from partial payloads: then IsClosed (which Extensiv calls the reliable flag) decides.
	const rawCode = field(ro, 'Status');
	const statusCode = rawCode === undefined || rawCode === null ? (isClosed ? 1 : 0) : Number(rawCode);
	const statusName = EXTENSIV_STATUS[statusCode];
	const fullyAllocated = field(ro, 'FullyAllocated') === true;
	const pickStarted = field(ro, 'PickStarted') === true;
	const pickDone = when(field(ro, 'PickDoneDate'));
	const packDone = when(field(ro, 'PackDoneDate'));

	const ordered = new Map<string, number>();
	const skuByItemId = new Map<string, string>();
	for (const item of orderItems(order)) {
		const sku = str(field(field(item, 'ItemIdentifier'), 'Sku'));
		addQuantity(ordered, sku, Number(field(item, 'Qty') ?? 0));
		const itemId = str(field(field(item, 'ReadOnly'), 'OrderItemId'));
		if (itemId && sku) skuByItemId.set(itemId, sku);
	}
	const packages = asArray(field(ro, 'Packages') ?? field(order, 'Packages'));
	const shipped = new Map<string, number>();
	const routing = asRecord(field(order, 'RoutingInfo'));
	const carrier = str(field(routing, 'Carrier'));
	const shipDate = when(field(ro, 'SmallParcelShipDate')) ?? when(field(ro, 'ProcessDate'));
	const shipments: ShipmentData[] = packages.map((p) => {
		const contents = asArray(field(p, 'PackageContents'));
		const lines = contents.map((c) => {
			const sku = skuByItemId.get(String(field(c, 'OrderItemId'))) ?? null;
			return { sku, lineId: str(field(c, 'OrderItemId')), quantity: Number(field(c, 'Qty') ?? 0) };
		});
		if (isClosed) for (const l of lines) addQuantity(shipped, l.sku, l.quantity);
		return {
			shipmentId: `${orderId}:package:${String(field(p, 'PackageId'))}`,
			trackingNumber:
				str(field(p, 'TrackingNumber')) ?? (packages.length === 1 ? str(field(routing, 'TrackingNumber')) : null),
			carrier,
			trackingUrl: null,
			shippedAt: isClosed ? shipDate : null,
			voided: statusCode === 2,
			lines,
			rawStatus: statusName ?? null,
		};
	});
	// A closed order with no package detail shipped what was ordered, under the routing tracking number.
	if (isClosed && !packages.length) {
		for (const [sku, qty] of ordered) addQuantity(shipped, sku, qty);
		if (str(field(routing, 'TrackingNumber'))) {
			shipments.push({
				shipmentId: `${orderId}:routing`,
				trackingNumber: str(field(routing, 'TrackingNumber')),
				carrier,
				trackingUrl: null,
				shippedAt: shipDate,
				voided: false,
				lines: [],
				rawStatus: statusName ?? null,
			});
		}
	}
	const lines = linesFrom(ordered, shipped);

	let status: FulfillmentStatus;
	let holdReason: HoldReason | null = null;
	let stage: string;
	if (statusName === 'Canceled') [status, stage] = ['cancelled', 'Canceled'];
	else if (statusName === 'Closed') {
		status = shippedProgress(lines) === 'partial' ? 'partially_shipped' : 'shipped';
		stage = 'Closed';
	} else if (statusName === 'Open') {
		if (packDone) [status, stage] = ['packed', 'PackDone'];
		else if (pickDone) [status, stage] = ['picked', 'PickDone'];
		else if (pickStarted) [status, stage] = ['processing', 'PickStarted'];
		else if (!fullyAllocated) [status, holdReason, stage] = ['on_hold', 'inventory', 'NotFullyAllocated'];
		else [status, stage] = ['processing', 'Allocated'];
	} else [status, stage] = ['unknown', `Status ${String(field(ro, 'Status'))}`];

	const updatedAt =
		isoOrNull(field(ro, 'LastModifiedDate')) ??
		isoOrNull(field(ro, 'ProcessDate')) ??
		isoOrNull(field(ro, 'CreationDate'));
	const fulfillment: FulfillmentStatusData = {
		status,
		rawStatus: statusName ? `${statusName}/${stage}` : stage,
		holdReason,
		holdDetail: holdReason ? 'FullyAllocated = false (not enough stock allocated)' : null,
		externalId: orderId,
		warehouse:
			str(field(field(ro, 'FacilityIdentifier'), 'Name')) ?? str(field(field(order, 'FacilityIdentifier'), 'Name')),
		lines,
		updatedAt,
		shippingAddress: extensivAddress(field(order, 'ShipTo')),
	};
	return {
		provider: 'extensiv',
		orderKey: toOrderKey(str(field(order, 'ReferenceNum'))),
		externalId: orderId,
		fulfillment,
		shipments,
		occurredAt: updatedAt ?? observedAt,
	};
}
