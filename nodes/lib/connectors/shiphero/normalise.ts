/**
 * ShipHero (public GraphQL API) Order -> canonical fulfillment snapshot.
 *
 * ShipHero's `fulfillment_status` is a free string (pending, fulfilled, partially_fulfilled,
 * canceled, plus account-defined custom statuses), and the reasons an order is not moving live
 * beside it: `holds` (address, payment, fraud, operator, client, shipping method) and the line
 * quantities (backorder, allocated, shipped). We read all three; docs/3pl.md has the table.
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

/** Hold flags in the order a person fixes them: an address hold blocks before a payment review. */
const HOLD_FLAGS: Array<[string, HoldReason]> = [
	['address_hold', 'address'],
	['payment_hold', 'payment'],
	['fraud_hold', 'manual_review'],
	['operator_hold', 'manual_review'],
	['client_hold', 'other'],
	['shipping_method_hold', 'other'],
];

function edges(connection: unknown): Record<string, unknown>[] {
	return asArray(asRecord(connection).edges).map((e) => asRecord(asRecord(e).node));
}

export function shipheroAddress(raw: unknown): Address | null {
	const a = asRecord(raw);
	if (!Object.keys(a).length) return null;
	const name = [str(a.first_name), str(a.last_name)].filter(Boolean).join(' ') || null;
	return {
		name,
		company: str(a.company),
		address1: str(a.address1),
		address2: str(a.address2),
		city: str(a.city),
		province: str(a.state),
		provinceCode: str(a.state_code),
		zip: str(a.zip),
		country: str(a.country),
		countryCode: str(a.country_code),
		phone: str(a.phone),
	};
}

/** One ShipHero label is one parcel with one tracking number: that is our shipment. */
export function shipheroShipments(order: Record<string, unknown>): ShipmentData[] {
	const out: ShipmentData[] = [];
	for (const shipment of asArray(order.shipments).map(asRecord)) {
		const shipmentLines = edges(shipment.line_items);
		const labels = asArray(shipment.shipping_labels).map(asRecord);
		const linesFor = (labelId: string | null) =>
			shipmentLines
				.filter((l) => labels.length <= 1 || !l.shipping_label_id || str(l.shipping_label_id) === labelId)
				.map((l) => ({
					sku: str(asRecord(l.line_item).sku),
					lineId: str(l.line_item_id),
					quantity: Number(l.quantity ?? 0),
				}));
		if (!labels.length) {
			out.push({
				shipmentId: String(shipment.id),
				shippedAt: isoOrNull(shipment.created_date),
				voided: shipment.refunded === true,
				lines: linesFor(null),
				rawStatus: null,
			});
			continue;
		}
		for (const label of labels) {
			const status = str(label.status);
			out.push({
				shipmentId: String(label.id ?? shipment.id),
				trackingNumber: str(label.tracking_number),
				carrier: str(label.carrier),
				trackingUrl: str(label.tracking_url),
				shippedAt: isoOrNull(label.created_date) ?? isoOrNull(shipment.created_date),
				voided: status?.toLowerCase() === 'voided' || label.refunded === true || label.needs_refund === true,
				lines: linesFor(str(label.id)),
				rawStatus: status,
			});
		}
	}
	return out;
}

interface Decision {
	status: FulfillmentStatus;
	holdReason?: HoldReason | null;
	holdDetail?: string | null;
}

function decide(
	order: Record<string, unknown>,
	rawStatus: string,
	lines: Record<string, unknown>[],
	progress: 'none' | 'partial' | 'all',
): Decision {
	const status = rawStatus.trim().toLowerCase();
	if (status === 'canceled' || status === 'cancelled') return { status: 'cancelled' };
	if (status === 'fulfilled' || status === 'shipped')
		return { status: progress === 'partial' ? 'partially_shipped' : 'shipped' };
	if (status === 'partially_fulfilled') return { status: 'partially_shipped' };

	const holds = asRecord(order.holds);
	const active = HOLD_FLAGS.filter(([flag]) => holds[flag] === true);
	if (active.length)
		return { status: 'on_hold', holdReason: active[0][1], holdDetail: active.map(([flag]) => flag).join(', ') };
	if (
		isoOrNull(order.hold_until_date) &&
		Date.parse(String(order.hold_until_date)) > Date.parse(String(order.updated_at ?? 0))
	)
		return { status: 'on_hold', holdReason: 'other', holdDetail: `hold_until_date ${order.hold_until_date}` };

	if (progress === 'partial') return { status: 'partially_shipped' };
	const backordered = lines.some((l) => Number(l.backorder_quantity ?? 0) > 0);
	if (status === 'pending' || status === 'unfulfilled' || status === 'awaiting_shipment') {
		if (backordered) return { status: 'on_hold', holdReason: 'inventory', holdDetail: 'backorder_quantity > 0' };
		// Allocation (quantity_allocated, ready_to_ship) is ShipHero reserving stock on its own as soon as
		// the order arrives; it is not the warehouse working on it. ShipHero still says "pending": received.
		return { status: 'received' };
	}
	if (status === 'backorder' || status === 'backordered')
		return { status: 'on_hold', holdReason: 'inventory', holdDetail: rawStatus };
	return { status: 'unknown' };
}

/** ShipHero Order -> snapshot; never throws on a status it does not know (it becomes 'unknown', raw kept). */
export function normaliseShipHeroOrder(raw: unknown, observedAt: string): FulfillmentSnapshot {
	const order = asRecord(raw);
	const rawStatus = str(order.fulfillment_status) ?? '';
	const lineNodes = edges(order.line_items);
	const ordered = new Map<string, number>();
	const shipped = new Map<string, number>();
	for (const line of lineNodes) {
		addQuantity(ordered, str(line.sku), Number(line.quantity ?? 0));
		addQuantity(shipped, str(line.sku), Number(line.quantity_shipped ?? 0));
	}
	const lines = linesFrom(ordered, shipped);
	const decision = decide(order, rawStatus, lineNodes, shippedProgress(lines));
	const shipments = asArray(order.shipments).map(asRecord);
	const fulfillment: FulfillmentStatusData = {
		status: decision.status,
		rawStatus,
		holdReason: decision.holdReason ?? null,
		holdDetail: decision.holdDetail ?? null,
		externalId: str(order.id),
		warehouse:
			shipments.map((s) => str(asRecord(s.warehouse).identifier)).find(Boolean) ?? str(lineNodes[0]?.warehouse) ?? null,
		lines,
		updatedAt: isoOrNull(order.updated_at),
		shippingAddress: shipheroAddress(order.shipping_address),
	};
	return {
		provider: 'shiphero',
		orderKey: toOrderKey(str(order.order_number) ?? str(order.partner_order_id)),
		externalId: String(order.id ?? ''),
		fulfillment,
		shipments: shipheroShipments(order),
		occurredAt: isoOrNull(order.updated_at) ?? isoOrNull(order.order_date) ?? observedAt,
	};
}
