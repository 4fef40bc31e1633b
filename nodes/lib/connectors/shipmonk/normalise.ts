/**
 * ShipMonk (API v1.024) order -> canonical fulfillment snapshot.
 *
 * ShipMonk gives a coarse `order_status` (unfulfilled, fulfilled, onHold, cancelled) and a fine
 * `processing_status` (21 values from backorder to delivered); `actions_required` says why an
 * order cannot be submitted (address, item mapping, customs...). The fine status drives the
 * mapping, the coarse one wins for the end states. docs/3pl.md has the table.
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

/** Every processing_status in the published enum, with its canonical meaning. */
export const SHIPMONK_PROCESSING_STATUS: Record<string, { status: FulfillmentStatus; holdReason?: HoldReason }> = {
	backorder: { status: 'on_hold', holdReason: 'inventory' },
	unable_to_submit: { status: 'on_hold', holdReason: 'manual_review' },
	queued_to_submit: { status: 'received' },
	subscription: { status: 'received' },
	package_forwarding: { status: 'received' },
	awaiting_label_request_from_merchant_facility: { status: 'processing' },
	on_hold: { status: 'on_hold', holdReason: 'other' },
	submitted: { status: 'processing' },
	pick_in_progress: { status: 'processing' },
	pack_in_progress: { status: 'picked' },
	packed: { status: 'packed' },
	awaiting_pick_up: { status: 'packed' },
	awaiting_carrier_processing: { status: 'shipped' },
	en_route: { status: 'shipped' },
	delivered: { status: 'shipped' },
	undeliverable: { status: 'exception' },
	shipped_untrackable: { status: 'shipped' },
	fulfilled_by_3rd: { status: 'shipped' },
	cancellation_requested: { status: 'on_hold', holdReason: 'other' },
	cancelled: { status: 'cancelled' },
	updating: { status: 'processing' },
};

/** actions_required flags -> the hold reason a person would act on. First match wins. */
const ACTION_REASONS: Array<[string, HoldReason]> = [
	['address', 'address'],
	['ship_short', 'inventory'],
	['item_mapping', 'manual_review'],
	['shipping_mapping', 'manual_review'],
	['customs', 'manual_review'],
	['hs_code', 'manual_review'],
	['automation_rule', 'manual_review'],
	['routing', 'other'],
	['pending_b2b_routing', 'other'],
	['freight_quote', 'other'],
	['freight_info', 'other'],
	['global_e_label', 'other'],
	['value_added_service_problem', 'other'],
];

export function shipmonkAddress(raw: unknown): Address | null {
	const a = asRecord(raw);
	if (!Object.keys(a).length) return null;
	return {
		name: str(a.name),
		company: str(a.company),
		address1: str(a.street1),
		address2: str(a.street2),
		city: str(a.city),
		province: str(a.state),
		zip: str(a.zip),
		countryCode: str(a.country_code),
		phone: str(a.phone),
	};
}

/** One package is one parcel; ShipMonk has no package id, so order key + package number identifies it. */
export function shipmonkPackages(
	orderKey: string,
	packages: unknown,
	carrier: string | null,
	shippedAt: string | null,
	rawStatus: string | null,
): ShipmentData[] {
	return asArray(packages).map((p, index) => {
		const pkg = asRecord(p);
		const number = pkg.number ?? pkg.box_number ?? index + 1;
		const packed = asArray(pkg.packed_items).length ? asArray(pkg.packed_items) : asArray(pkg.packed_products);
		return {
			shipmentId: `${orderKey}:package:${String(number)}`,
			trackingNumber: str(pkg.tracking_number),
			carrier,
			trackingUrl: str(pkg.carrier_tracking_url) ?? str(pkg.tracking_url) ?? str(pkg.tracking_link),
			shippedAt,
			voided: false,
			lines: packed.map((i) => {
				const item = asRecord(i);
				return { sku: str(item.sku), lineId: str(item.line_key), quantity: Number(item.quantity ?? 0) };
			}),
			rawStatus,
		};
	});
}

function holdReasonFromActions(actions: Record<string, unknown>): { reason: HoldReason; flags: string[] } | undefined {
	const flags = ACTION_REASONS.filter(([flag]) => actions[flag] === true);
	if (!flags.length) return undefined;
	return { reason: flags[0][1], flags: flags.map(([flag]) => flag) };
}

/** Order Detail Output (GET /v1/integrations/orders, orders-list items, orderStatusChange webhook) -> snapshot. */
export function normaliseShipMonkOrder(raw: unknown, observedAt: string): FulfillmentSnapshot {
	const order = asRecord(raw);
	const orderStatus = str(order.order_status) ?? '';
	const processing = str(order.processing_status) ?? '';
	const rawStatus = processing ? `${orderStatus}/${processing}` : orderStatus;

	const ordered = new Map<string, number>();
	const shipped = new Map<string, number>();
	for (const i of asArray(order.items)) {
		const item = asRecord(i);
		if (item.source === 'packaging') continue; // packaging material is not what the customer ordered
		addQuantity(ordered, str(item.sku), Number(item.quantity ?? 0));
		addQuantity(shipped, str(item.sku), Number(item.fulfilled_quantity ?? 0));
	}
	const lines = linesFrom(ordered, shipped);
	const progress = shippedProgress(lines);

	let status: FulfillmentStatus;
	let holdReason: HoldReason | null = null;
	let holdDetail: string | null = null;
	const mapped = SHIPMONK_PROCESSING_STATUS[processing];
	const actions = holdReasonFromActions(asRecord(order.actions_required));
	if (orderStatus === 'cancelled') status = 'cancelled';
	else if (mapped) {
		status = mapped.status;
		if (status === 'on_hold') {
			holdReason = actions?.reason ?? mapped.holdReason ?? 'other';
			holdDetail = actions ? `${processing}: ${actions.flags.join(', ')}` : processing;
		}
		if (status === 'exception') holdDetail = processing;
	} else if (orderStatus === 'onHold') {
		status = 'on_hold';
		holdReason = actions?.reason ?? 'other';
		holdDetail = actions ? `onHold: ${actions.flags.join(', ')}` : 'onHold';
	} else if (orderStatus === 'fulfilled') status = 'shipped';
	else status = 'unknown';

	// A shipped status with lines still owed is a partial shipment (split orders ship in parts).
	if (status === 'shipped' && progress === 'partial') status = 'partially_shipped';

	const orderKey = toOrderKey(str(order.order_number) ?? str(order.order_key));
	const shipmentData = asRecord(order.shipment_data);
	const carrier = str(shipmentData.carrier) ?? str(asRecord(asRecord(order.shipping_method).carrier).name);
	const shippedAt = isoOrNull(order.shipped_at);
	const fulfillment: FulfillmentStatusData = {
		status,
		rawStatus,
		holdReason,
		holdDetail,
		externalId: str(order.order_key),
		warehouse: str(asRecord(order.warehouse).identifier),
		lines,
		updatedAt: isoOrNull(order.updated_at),
		shippingAddress: shipmonkAddress(order.ship_to),
	};
	return {
		provider: 'shipmonk',
		orderKey,
		externalId: String(order.order_key ?? ''),
		fulfillment,
		shipments: shipmonkPackages(orderKey, order.packages, carrier, shippedAt, processing || null),
		occurredAt: isoOrNull(order.updated_at) ?? shippedAt ?? isoOrNull(order.ordered_at) ?? observedAt,
	};
}

/** ShipMonk's shipped_at in a notification is an ISO string or, for legacy stores, a PHP date object. */
export function shipmonkNotificationDate(value: unknown): string | null {
	if (typeof value === 'string') return isoOrNull(value);
	const d = asRecord(value);
	if (typeof d.date !== 'string') return null;
	// "2024-05-01 10:00:00.000000" in d.timezone; UTC is the only zone we can place without a tz database.
	const utc = String(d.timezone ?? '').toUpperCase() === 'UTC' ? 'Z' : '';
	return isoOrNull(d.date.replace(' ', 'T').replace(/\.(\d{3})\d*$/, '.$1') + utc);
}

/** orderShipmentNotification webhook -> shipments plus the line quantities it reports. */
export function normaliseShipMonkShipmentNotification(raw: unknown): {
	orderKey: string;
	externalId: string;
	shipments: ShipmentData[];
	lines: Array<{ sku?: string | null; ordered: number; shipped: number }>;
	shippedAt: string | null;
} {
	const n = asRecord(raw);
	const orderKey = toOrderKey(str(n.order_number) ?? str(n.order_key));
	const shippedAt = shipmonkNotificationDate(n.shipped_at);
	const ordered = new Map<string, number>();
	const shipped = new Map<string, number>();
	for (const i of asArray(n.items)) {
		const item = asRecord(i);
		if (item.source === 'packaging') continue;
		addQuantity(ordered, str(item.sku), Number(item.ordered_quantity ?? item.quantity ?? 0));
		addQuantity(shipped, str(item.sku), Number(item.fulfilled_quantity ?? 0));
	}
	const packages = shipmonkPackages(orderKey, n.packages, str(n.carrier), shippedAt, 'shipped');
	if (!packages.length && str(n.master_tracking_number)) {
		packages.push({
			shipmentId: `${orderKey}:package:1`,
			trackingNumber: str(n.master_tracking_number),
			carrier: str(n.carrier),
			trackingUrl: str(n.carrier_tracking_url),
			shippedAt,
			voided: false,
			lines: [],
			rawStatus: 'shipped',
		});
	}
	return {
		orderKey,
		externalId: String(n.order_key ?? ''),
		shipments: packages,
		lines: linesFrom(ordered, shipped),
		shippedAt,
	};
}
