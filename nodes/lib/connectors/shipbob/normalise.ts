/**
 * ShipBob (API 2026-01) order -> canonical fulfillment snapshot.
 *
 * ShipBob reports status on two levels: the order (Orders.OrderStatus: Processing, Exception,
 * PartiallyFulfilled, Fulfilled, Cancelled, ImportReview) and each shipment (Orders.OrderStatusEnum:
 * None, Processing, LabeledCreated, Completed, OnHold, Exception, Cancelled, CleanSweeped,
 * ImportReview). The order level is authoritative for the end states; the shipments tell us why a
 * "Processing" order is not moving (on hold for an address, out of stock) and how far it got.
 * The mapping table, field by field, is in docs/3pl.md.
 */
import type { Address, FulfillmentStatus, FulfillmentStatusData, HoldReason, ShipmentData } from '../../order/types';
import {
	addQuantity,
	asArray,
	asRecord,
	holdReasonFromText,
	isoOrNull,
	linesFrom,
	shippedProgress,
	str,
	toOrderKey,
} from '../threepl/common';
import type { FulfillmentSnapshot } from '../threepl/types';

export const SHIPBOB_ORDER_STATUSES = [
	'Processing',
	'Exception',
	'PartiallyFulfilled',
	'Fulfilled',
	'Cancelled',
	'ImportReview',
] as const;
export const SHIPBOB_SHIPMENT_STATUSES = [
	'None',
	'Processing',
	'Completed',
	'Exception',
	'OnHold',
	'Cancelled',
	'CleanSweeped',
	'LabeledCreated',
	'ImportReview',
] as const;

/** Shipment statuses that mean the parcel left (or is ready to leave with a label) the warehouse. */
const SHIPPED_SHIPMENT = new Set(['Completed']);

function statusDetailText(shipment: Record<string, unknown>): string {
	return asArray(shipment.status_details)
		.map((d) => {
			const detail = asRecord(d);
			return [str(detail.name), str(detail.description)].filter(Boolean).join(': ');
		})
		.filter(Boolean)
		.join('; ');
}

/** Units of one shipment product: one inventory item is the usual case; a bundle ships its smallest component count. */
function shipmentProductQuantity(product: Record<string, unknown>): number {
	const quantities = asArray(product.inventory_items).map((i) => Number(asRecord(i).quantity ?? 0));
	if (quantities.length === 0) return 0;
	return quantities.length === 1 ? quantities[0] : Math.min(...quantities);
}

export function shipbobAddress(raw: unknown): Address | null {
	const recipient = asRecord(raw);
	const address = asRecord(recipient.address);
	if (!Object.keys(address).length) return null;
	return {
		name: str(recipient.name) ?? str(recipient.full_name),
		company: str(address.company_name),
		address1: str(address.address1),
		address2: str(address.address2),
		city: str(address.city),
		province: str(address.state),
		zip: str(address.zip_code),
		countryCode: str(address.country),
		phone: str(recipient.phone_number),
	};
}

export function shipbobShipment(raw: unknown): ShipmentData {
	const shipment = asRecord(raw);
	const tracking = asRecord(shipment.tracking);
	const status = str(shipment.status);
	return {
		shipmentId: String(shipment.id),
		trackingNumber: str(tracking.tracking_number),
		carrier: str(tracking.carrier),
		trackingUrl: str(tracking.tracking_url),
		shippedAt:
			status && SHIPPED_SHIPMENT.has(status)
				? (isoOrNull(shipment.actual_fulfillment_date) ?? isoOrNull(tracking.shipping_date))
				: null,
		voided: status === 'Cancelled',
		lines: asArray(shipment.products).map((p) => {
			const product = asRecord(p);
			return {
				sku: str(product.sku),
				lineId: str(product.reference_id),
				title: str(product.name),
				quantity: shipmentProductQuantity(product),
			};
		}),
		rawStatus: status,
	};
}

interface Decision {
	status: FulfillmentStatus;
	holdReason?: HoldReason | null;
	holdDetail?: string | null;
}

/** Why a shipment is not moving, in canonical terms. */
function shipmentHold(shipments: Record<string, unknown>[]): Decision | undefined {
	for (const wanted of ['OnHold', 'Exception'] as const) {
		const stuck = shipments.find((s) => s.status === wanted);
		if (!stuck) continue;
		const detail = statusDetailText(stuck);
		const reason = detail ? holdReasonFromText(detail) : wanted === 'Exception' ? 'inventory' : 'other';
		// An Exception that is not about stock or address is a warehouse problem, not a hold.
		if (wanted === 'Exception' && reason !== 'inventory' && reason !== 'address')
			return { status: 'exception', holdDetail: detail || wanted };
		return { status: 'on_hold', holdReason: reason, holdDetail: detail || wanted };
	}
	return undefined;
}

function decide(
	orderStatus: string,
	shipments: Record<string, unknown>[],
	progress: 'none' | 'partial' | 'all',
): Decision {
	switch (orderStatus) {
		case 'Cancelled':
			return { status: 'cancelled' };
		case 'Fulfilled':
			return { status: 'shipped' };
		case 'PartiallyFulfilled':
			return { status: 'partially_shipped' };
		case 'ImportReview':
			return { status: 'on_hold', holdReason: 'manual_review', holdDetail: 'ImportReview' };
		case 'Exception':
			return shipmentHold(shipments) ?? { status: 'exception', holdDetail: 'Exception' };
		case 'Processing': {
			const hold = shipmentHold(shipments);
			if (hold) return hold;
			if (
				progress === 'partial' ||
				(shipments.some((s) => SHIPPED_SHIPMENT.has(String(s.status))) &&
					shipments.some((s) => !SHIPPED_SHIPMENT.has(String(s.status)) && s.status !== 'Cancelled'))
			)
				return { status: 'partially_shipped' };
			if (
				shipments.length &&
				shipments.every((s) => s.status === 'Completed' || s.status === 'Cancelled') &&
				shipments.some((s) => s.status === 'Completed')
			)
				return { status: 'shipped' };
			if (shipments.some((s) => s.status === 'LabeledCreated')) return { status: 'packed' };
			if (shipments.some((s) => s.status === 'ImportReview'))
				return { status: 'on_hold', holdReason: 'manual_review', holdDetail: 'ImportReview' };
			if (shipments.some((s) => s.status === 'Processing' || s.status === 'CleanSweeped'))
				return { status: 'processing' };
			return { status: 'received' };
		}
		default:
			return { status: 'unknown' };
	}
}

/**
 * Orders.OrderViewModel -> snapshot. Never throws on an unknown status: it becomes 'unknown' with the
 * raw value kept.
 */
export function normaliseShipBobOrder(raw: unknown, observedAt: string): FulfillmentSnapshot {
	const order = asRecord(raw);
	const shipments = asArray(order.shipments).map(asRecord);
	const rawStatus = str(order.status) ?? '';

	const ordered = new Map<string, number>();
	for (const p of asArray(order.products)) {
		const product = asRecord(p);
		addQuantity(ordered, str(product.sku), Number(product.quantity ?? 0));
	}
	const shipped = new Map<string, number>();
	for (const s of shipments) {
		if (!SHIPPED_SHIPMENT.has(String(s.status))) continue;
		for (const p of asArray(s.products))
			addQuantity(shipped, str(asRecord(p).sku), shipmentProductQuantity(asRecord(p)));
	}
	const lines = linesFrom(ordered, shipped);
	// What the shipments hold (not cancelled): a line item edit (the item swap) changes these, not order.products.
	const live = shipments.filter((s) => s.status !== 'Cancelled');
	const heldItems = live.length
		? live.flatMap((s) =>
				asArray(s.products).map((p) => ({
					sku: str(asRecord(p).sku),
					quantity: shipmentProductQuantity(asRecord(p)),
				})),
			)
		: undefined;
	const decision = decide(rawStatus, shipments, shippedProgress(lines));

	const updatedAt =
		shipments
			.map((s) => isoOrNull(s.last_update_at))
			.filter((v): v is string => !!v)
			.sort()
			.pop() ?? null;
	const warehouse = shipments.map((s) => str(asRecord(s.location).name)).find(Boolean) ?? null;

	const fulfillment: FulfillmentStatusData = {
		status: decision.status,
		rawStatus,
		holdReason: decision.holdReason ?? null,
		holdDetail: decision.holdDetail ?? null,
		externalId: str(order.id),
		warehouse,
		lines,
		...(heldItems ? { heldItems } : {}),
		updatedAt,
		shippingAddress: shipbobAddress(order.recipient),
		// created_date is when the order was created in ShipBob (the import); purchase_date is the store's.
		importedAt: isoOrNull(order.created_date),
	};
	return {
		provider: 'shipbob',
		orderKey: toOrderKey(str(order.order_number) ?? str(order.reference_id)),
		externalId: String(order.id ?? ''),
		fulfillment,
		shipments: shipments.map(shipbobShipment),
		occurredAt: updatedAt ?? isoOrNull(order.created_date) ?? isoOrNull(order.purchase_date) ?? observedAt,
	};
}
