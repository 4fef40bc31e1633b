/**
 * World -> the warehouses' records: ShipStation v1 orders and shipments (built with the ShipStation
 * sim's own makeOrder/makeShipment, so every field the contract test checks is there, then set from
 * the world) and ShipBob 2026-01 orders (the OrderViewModel shape of the ShipBob sim).
 */
import type { SsOrder, SsShipment } from '../../../nodes/lib/connectors/shipstation/types';
import { makeOrder, makeShipment, ssTimestamp } from '../vendors/shipstation';
import { warehouseView, type CarrierCode, type WorldOrder, type WorldParcel } from './model';
import { SHOPIFY_ORDER_ID_BASE } from './projectShopify';
import { createRandom } from './random';

const seen = (ms: number | null | undefined, nowMs: number): ms is number => typeof ms === 'number' && ms <= nowMs;

function latest(...values: Array<number | null | undefined>): number {
	return Math.max(...values.filter((v): v is number => typeof v === 'number'));
}

/* ---------- ShipStation ---------- */

const SS_CARRIER: Record<CarrierCode, [string, string]> = {
	ups: ['ups', 'ups_ground'],
	fedex: ['fedex', 'fedex_ground'],
	usps: ['stamps_com', 'usps_ground_advantage'],
	dhl: ['dhl_express_worldwide', 'dhl_express_worldwide'],
};

export function shipStationOrderId(order: WorldOrder): number {
	return 100_000 + order.index;
}

function shipStationDate(ms: number): string {
	return ssTimestamp(ms).slice(0, 10);
}

/** The order and its labels as ShipStation shows them at `nowMs`; undefined before ShipStation has it. */
export function projectShipStation(
	order: WorldOrder,
	seed: number,
	nowMs: number,
): { order: SsOrder; shipments: SsShipment[] } | undefined {
	if (order.fulfiller !== 'shipstation' || !seen(order.sentAtMs, nowMs)) return undefined;
	const rand = createRandom(seed * 7919 + order.index).next;
	const labelled = order.parcels.filter((p) => seen(p.labelAtMs, nowMs));
	const cancelled = seen(order.warehouseCancelledAtMs, nowMs);
	const status = cancelled
		? 'cancelled'
		: order.parcels.length > 0 && labelled.length === order.parcels.length
			? 'shipped'
			: 'awaiting_shipment';
	const ss = makeOrder(rand, shipStationOrderId(order), order.name, order.sentAtMs, status);
	// The warehouse keeps what it imported: an edit made in Shopify afterwards never reached it.
	const wh = warehouseView(order);
	const a = wh.address;
	const name = `${a.firstName} ${a.lastName}`;
	ss.customerEmail = order.email;
	ss.customerUsername = order.email;
	ss.billTo = { ...ss.billTo, name };
	// ShipStation returns addresses USPS-normalised: upper case, ZIP+4. Not a difference from Shopify's.
	ss.shipTo = {
		...ss.shipTo,
		name: name.toUpperCase(),
		street1: a.address1.toUpperCase(),
		city: a.city.toUpperCase(),
		state: a.provinceCode,
		postalCode: `${a.zip}-${String(1000 + ((order.index * 7919) % 9000)).padStart(4, '0')}`,
		country: 'US',
	};
	ss.items = wh.lines.map((line, i) => ({
		...ss.items[0],
		orderItemId: ss.orderId * 10 + i,
		lineItemKey: `li-${ss.orderId}-${i}`,
		sku: line.sku,
		name: line.title,
		quantity: line.quantity,
	}));
	ss.requestedShippingService = order.shippingMethod;
	const first = order.parcels[0];
	if (first) [ss.carrierCode, ss.serviceCode] = SS_CARRIER[first.carrier];
	ss.modifyDate = ssTimestamp(
		latest(order.sentAtMs, cancelled ? order.warehouseCancelledAtMs : null, ...labelled.map((p) => p.labelAtMs)),
	);
	ss.shipDate = status === 'shipped' ? shipStationDate(Math.min(...labelled.map((p) => p.labelAtMs))) : null;
	ss.holdUntilDate = null;

	const shipments = labelled.map((parcel, p) => {
		const shipment = makeShipment(rand, 5_000_000 + order.index * 10 + p, ss, parcel.labelAtMs, null);
		[shipment.carrierCode, shipment.serviceCode] = SS_CARRIER[parcel.carrier];
		shipment.trackingNumber = parcel.trackingNumber;
		shipment.shipDate = shipStationDate(parcel.labelAtMs);
		shipment.shipmentItems = parcel.lines.map(({ line, quantity }) => ({
			...(shipment.shipmentItems ?? [])[0],
			orderItemId: ss.orderId * 10 + line,
			lineItemKey: `li-${ss.orderId}-${line}`,
			sku: wh.lines[line].sku,
			name: wh.lines[line].title,
			quantity,
		}));
		return shipment;
	});
	return { order: ss, shipments };
}

/* ---------- ShipBob ---------- */

type Json = Record<string, unknown>;

const SHIPBOB_CARRIER: Record<CarrierCode, [string, string]> = {
	ups: ['UPS', 'Ground'],
	fedex: ['FedEx', 'Ground'],
	usps: ['USPS', 'Ground Advantage'],
	dhl: ['DHL Express', 'Worldwide'],
};

export function shipBobOrderId(order: WorldOrder): number {
	return 900_000 + order.index;
}

/** The order as ShipBob's GET /2026-01/order shows it at `nowMs`; undefined before ShipBob has it. */
export function projectShipBob(order: WorldOrder, nowMs: number): Json | undefined {
	if (order.fulfiller !== 'shipbob' || !seen(order.sentAtMs, nowMs)) return undefined;
	const id = shipBobOrderId(order);
	const created = new Date(order.sentAtMs).toISOString();
	// The warehouse keeps what it imported: an edit made in Shopify afterwards never reached it.
	const wh = warehouseView(order);
	const a = wh.address;
	const address = {
		address1: a.address1,
		address2: null,
		city: a.city,
		state: a.provinceCode,
		zip_code: a.zip,
		country: 'US',
		company_name: null,
	};
	const recipient = { name: `${a.firstName} ${a.lastName}`, email: order.email, phone_number: null, address };
	const products = wh.lines.map((line, j) => ({
		id: 5000 + j,
		reference_id: line.sku,
		sku: line.sku,
		quantity: line.quantity,
		quantity_unit_of_measure_code: 'EA',
		unit_price: 24,
		external_line_id: j + 1,
		gtin: null,
		upc: null,
	}));
	const shipmentProducts = (lines: Array<{ line: number; quantity: number }>) =>
		lines.map(({ line, quantity }) => ({
			id: 5000 + line,
			reference_id: wh.lines[line].sku,
			sku: wh.lines[line].sku,
			name: wh.lines[line].title,
			inventory_items: [
				{
					id: 5100 + line,
					name: wh.lines[line].title,
					quantity,
					quantity_committed: quantity,
					is_dangerous_goods: false,
					lot: null,
					expiration_date: null,
					serial_numbers: [],
				},
			],
		}));
	const allLines = wh.lines.map((l, line) => ({ line, quantity: l.quantity }));
	// ShipBob's Shopify integration files the order under the Shopify order's numeric id (reference_id) and
	// keeps the order name ("#1001") as order_number: the order key is in neither as such.
	const referenceId = String(SHOPIFY_ORDER_ID_BASE + order.index);
	const shipment = (
		n: number,
		status: string,
		updatedMs: number,
		lines: Array<{ line: number; quantity: number }>,
		extra: Json = {},
	): Json => ({
		id: id * 10 + n,
		order_id: id,
		reference_id: referenceId,
		created_date: created,
		last_update_at: new Date(updatedMs).toISOString(),
		status,
		status_details: [],
		location: { id: 7, name: 'Cicero (IL)' },
		recipient: { ...recipient, full_name: recipient.name },
		is_tracking_uploaded: status === 'Completed',
		require_signature: false,
		ship_option: order.shippingMethod,
		actual_fulfillment_date: status === 'Completed' ? new Date(updatedMs).toISOString() : null,
		estimated_fulfillment_date: new Date((order.sentAtMs as number) + 86_400_000).toISOString(),
		estimated_fulfillment_date_status: status === 'Completed' ? 'FulfilledOnTime' : 'PendingOnTime',
		products: shipmentProducts(lines),
		...extra,
	});
	const tracking = (parcel: WorldParcel) => {
		const [carrier, service] = SHIPBOB_CARRIER[parcel.carrier];
		return {
			carrier,
			carrier_service: service,
			tracking_number: parcel.trackingNumber,
			tracking_url: null,
			shipping_date: new Date(parcel.labelAtMs).toISOString(),
			bol: null,
			pro_number: null,
			scac: null,
		};
	};

	let status: string;
	let shipments: Json[];
	const labelled = order.parcels.filter((p) => seen(p.labelAtMs, nowMs));
	if (seen(order.warehouseCancelledAtMs, nowMs)) {
		status = 'Cancelled';
		shipments = [shipment(1, 'Cancelled', order.warehouseCancelledAtMs, allLines)];
	} else if (order.hold && seen(order.hold.atMs, nowMs)) {
		const inventory = order.hold.reason === 'inventory';
		status = inventory ? 'Exception' : 'Processing';
		const detail = inventory
			? {
					id: 2,
					name: 'OutOfStock',
					description: 'Item is out of stock',
					inventory_id: 5100,
					exception_fulfillment_center_id: 7,
					extra_information: { validation_messages: [] },
				}
			: {
					id: 1,
					name: 'InvalidAddress',
					description: 'Address could not be validated',
					inventory_id: null,
					exception_fulfillment_center_id: null,
					extra_information: { validation_messages: ['Unknown street'] },
				};
		shipments = [
			shipment(1, inventory ? 'Exception' : 'OnHold', order.hold.atMs, allLines, { status_details: [detail] }),
		];
	} else if (order.parcels.length > 0 && labelled.length === order.parcels.length) {
		status = 'Fulfilled';
		shipments = labelled.map((parcel, p) =>
			shipment(p + 1, 'Completed', parcel.labelAtMs, parcel.lines, { tracking: tracking(parcel) }),
		);
	} else {
		status = 'Processing';
		shipments = [shipment(1, 'Processing', order.sentAtMs, allLines)];
	}
	return {
		id,
		created_date: created,
		purchase_date: new Date(order.placedAtMs).toISOString(),
		reference_id: referenceId,
		order_number: order.name,
		status,
		type: 'DTC',
		channel: { id: 11, name: 'Shopify' },
		shipping_method: order.shippingMethod,
		recipient,
		products,
		tags: [],
		shipments,
		gift_message: null,
		financials: { total_price: 48 },
	};
}

/* ---------- ShipMonk ---------- */

const SHIPMONK_CARRIER: Record<CarrierCode, [string, string]> = {
	ups: ['UPS', 'Ground'],
	fedex: ['FedEx', 'Ground'],
	usps: ['USPS', 'Ground Advantage'],
	dhl: ['DHL Express', 'Worldwide'],
};

const SHIPMONK_NO_ACTIONS = {
	item_mapping: false,
	address: false,
	shipping_mapping: false,
	customs: false,
	at_risk: false,
	routing: false,
	freight_quote: false,
	freight_info: false,
	ship_short: false,
	hs_code: false,
	global_e_label: false,
	ship_monk_hazmat_carrier_service_not_available: false,
	automation_rule: false,
	pending_b2b_routing: false,
	value_added_service_problem: false,
};

/**
 * The order as ShipMonk's Order Detail Output shows it at `nowMs`
 * (the ShipMonk sim's shape); undefined before ShipMonk has it.
 */
export function projectShipMonk(order: WorldOrder, nowMs: number): Json | undefined {
	if (order.fulfiller !== 'shipmonk' || !seen(order.sentAtMs, nowMs)) return undefined;
	const labelled = order.parcels.filter((p) => seen(p.labelAtMs, nowMs));
	const shipped = order.parcels.length > 0 && labelled.length === order.parcels.length;
	const cancelled = seen(order.warehouseCancelledAtMs, nowMs);
	const held = !cancelled && order.hold !== null && seen(order.hold.atMs, nowMs) ? order.hold : null;
	const delivered = shipped && labelled.every((p) => p.events.some((e) => e.step === 'delivered' && e.atMs <= nowMs));
	const [orderStatus, processing] = cancelled
		? ['cancelled', 'cancelled']
		: held?.reason === 'inventory'
			? ['unfulfilled', 'backorder']
			: held?.reason === 'address'
				? ['onHold', 'unable_to_submit']
				: shipped
					? ['fulfilled', delivered ? 'delivered' : 'en_route']
					: ['unfulfilled', 'submitted'];
	// The warehouse keeps what it imported: an edit made in Shopify afterwards never reached it.
	const wh = warehouseView(order);
	const a = wh.address;
	const address = (name: string) => ({
		name,
		company: null,
		street1: a.address1,
		street2: null,
		state: a.provinceCode,
		city: a.city,
		zip: a.zip,
		country_code: 'US',
		phone: null,
		email: order.email,
		residential: true,
	});
	const items = wh.lines.map((line, j) => ({
		line_key: `${order.key}-${j + 1}`,
		sku: line.sku,
		name: line.title,
		quantity: line.quantity,
		price: 24,
		image_url: null,
		fulfilled_quantity: shipped ? line.quantity : null,
		source: 'imported',
		products: [],
	}));
	const firstParcel = labelled[0];
	const [carrier, service] = firstParcel ? SHIPMONK_CARRIER[firstParcel.carrier] : ['USPS', 'Ground Advantage'];
	const updatedMs = latest(
		order.sentAtMs,
		held?.atMs,
		cancelled ? order.warehouseCancelledAtMs : null,
		...(shipped ? labelled.map((p) => p.labelAtMs) : []),
	);
	return {
		order_key: `shopify-${shipBobOrderId(order)}`,
		order_number: order.key,
		order_type: 'direct_to_consumer',
		store: { id: 42, name: 'Demo Store' },
		warehouse: { identifier: 'FL1', id: 1, name: 'Miami, FL', warehouse_wms_type: 'shipmonk' },
		trading_partner: null,
		ordered_at: new Date(order.placedAtMs).toISOString(),
		customer_email: order.email,
		shipping_method: { id: 3, name: `${carrier} ${service}`, carrier: { id: 2, name: carrier } },
		requested_shipping_service: order.shippingMethod,
		shipping_paid: 5,
		tax_paid: 0,
		order_costs: {
			estimated_shipping_related_charges: null,
			estimated_packaging_material_charges: null,
			estimated_pick_and_pack_charges: null,
		},
		ship_from: { ...address('ShipMonk FL1'), email: null },
		ship_to: address(`${a.firstName} ${a.lastName}`),
		order_status: orderStatus,
		processing_status: processing,
		items,
		attributes: [],
		currency_code: 'USD',
		references: [],
		custom_data: [],
		special_requirements: null,
		actions_required:
			held?.reason === 'address' ? { ...SHIPMONK_NO_ACTIONS, address: true } : { ...SHIPMONK_NO_ACTIONS },
		master_tracking_number: shipped ? firstParcel.trackingNumber : null,
		tracking_url: null,
		returns: [],
		packages: shipped
			? labelled.map((p, i) => ({
					number: i + 1,
					tracking_number: p.trackingNumber,
					tracking_url: null,
					weight_lb: { value: 1.2, unit: 'lb' },
					pallet_weight_lb: null,
					pallet_number: null,
					box_number: null,
					carton_labels: [],
					packed_products: p.lines.map(({ line, quantity }) => ({ sku: wh.lines[line].sku, quantity, lots: [] })),
					packing_group: null,
					packed_items: p.lines.map(({ line, quantity }) => ({
						sku: wh.lines[line].sku,
						line_key: `${order.key}-${line + 1}`,
						quantity,
					})),
				}))
			: [],
		tax_id: null,
		recipient_tax_id: null,
		shipment_data: shipped
			? {
					carrier,
					service,
					carrier_tracking_url: null,
					carrier_alpha_code: null,
					carrier_trans_method_code: null,
					bill_of_lading_number: null,
					master_bill_of_lading_number: null,
					load_number: null,
					authorization_number: null,
					estimated_shipping_cost: 4.1,
					routing: null,
				}
			: null,
		order_parts: null,
		shipped_at: shipped ? new Date(Math.max(...labelled.map((p) => p.labelAtMs))).toISOString() : null,
		updated_at: new Date(updatedMs).toISOString(),
		order_size: 'regular',
		extra_data: [],
		serial_numbers: [],
		gift_message: null,
		gift_from: null,
		customer_notes: null,
		order_detail_url: `https://app.shipmonk.com/orders/${order.key}`,
	};
}
