import { ValidationError } from '../../http';
import { orderRecordProblems } from '../../order/validate';
import type { Observation, OrderRecord, ShipmentState } from '../../order/types';
import { CARRIER_NAMES, SUPPORTED_CARRIERS, type CarrierCode } from '../carriers/types';
import { trackingUrlFor } from '../carriers/urls';
import { carrierFromCompany } from '../carriers/detect';
import type { EventInput } from './payloads';

/**
 * The customer-facing moments, each a Klaviyo metric a marketer builds a flow on. The metric names
 * and property names below are a published contract (docs/klaviyo.md): renaming one breaks flows.
 */
export const POST_PURCHASE_PRESETS = {
	order_confirmed: { metric: 'Order Confirmed', perShipment: false },
	order_shipped: { metric: 'Order Shipped', perShipment: true },
	shipment_delayed: { metric: 'Shipment Delayed', perShipment: true },
	out_for_delivery: { metric: 'Out For Delivery', perShipment: true },
	order_delivered: { metric: 'Order Delivered', perShipment: true },
	delivery_exception: { metric: 'Delivery Exception', perShipment: true },
	address_updated: { metric: 'Address Updated', perShipment: false },
	return_started: { metric: 'Return Started', perShipment: false },
	/** A customer's request that waited for a person was decided (issue 17): one event per request. */
	request_decided: { metric: 'Request Decided', perShipment: false },
} as const;
export type PostPurchasePreset = keyof typeof POST_PURCHASE_PRESETS;
export const POST_PURCHASE_PRESET_KEYS = Object.keys(POST_PURCHASE_PRESETS) as PostPurchasePreset[];

/** Every property a post-purchase event carries (docs/klaviyo.md documents each). */
export interface PostPurchaseProperties {
	OrderKey: string;
	OrderName: string | null;
	EventType: PostPurchasePreset;
	Stage: string;
	StageChangedAt: string;
	Locale: string | null;
	Carrier: string | null;
	CarrierCode: string | null;
	TrackingNumber: string | null;
	TrackingUrl: string | null;
	TrackingStatus: string | null;
	ShipmentKey: string | null;
	ShippedAt: string | null;
	EstimatedDelivery: string | null;
	PromisedBy: string | null;
	DeliveredAt: string | null;
	LastScanAt: string | null;
	ShipmentCount: number;
	Items: Array<{ ProductName: string | null; SKU: string | null; Quantity: number }>;
	ItemNames: string[];
	ItemCount: number;
	ShippingCity: string | null;
	ShippingRegion: string | null;
	ShippingCountry: string | null;
	OpenExceptions: string[];
	/** The delivery problem a Delivery Exception email explains (delivery_failed, returned_to_sender, ...). */
	DeliveryProblem: string | null;
	/** Request Decided only: which request, what kind, how it ended and why (reason codes). */
	RequestId?: string;
	RequestKind?: string;
	RequestOutcome?: string;
	RequestReasons?: string[];
}

/** The customer's request a Request Decided event is about (the Customer Requests node's output). */
export interface DecidedRequest {
	requestId: string;
	kind: string;
	/** approved, rejected or refused (the outcomes a customer is told). */
	outcome: string;
	decidedAt: string;
	reasons: string[];
}

const TOLD_OUTCOMES = ['approved', 'rejected', 'refused'];

/** The request of an item from Customer Requests (its top-level fields), or null when the item has none. */
export function decidedRequestOf(json: Record<string, unknown>): DecidedRequest | null {
	const { requestId, kind, outcome, decidedAt, reasons } = json;
	if (typeof requestId !== 'string' || requestId === '') return null;
	return {
		requestId,
		kind: typeof kind === 'string' ? kind : 'address_change',
		outcome: String(outcome ?? ''),
		decidedAt: typeof decidedAt === 'string' ? decidedAt : '',
		reasons: Array.isArray(reasons) ? reasons.map(String) : [],
	};
}

const DELIVERY_PROBLEMS = ['delivery_failed', 'returned_to_sender', 'tracking_stalled', 'address_invalid'];

/** The shipment the event is about: the one named, else the newest shipped one. */
export function pickShipment(record: OrderRecord, trackingNumberOrKey?: string | null): ShipmentState | undefined {
	const wanted = trackingNumberOrKey?.trim();
	if (wanted) return record.shipments.find((s) => s.key === wanted || s.trackingNumber === wanted);
	return [...record.shipments].sort((a, b) => (b.shippedAt ?? '').localeCompare(a.shippedAt ?? ''))[0];
}

function carrierCode(carrier: string | null | undefined): CarrierCode | null {
	const lower = (carrier ?? '').toLowerCase();
	if ((SUPPORTED_CARRIERS as readonly string[]).includes(lower)) return lower as CarrierCode;
	return carrierFromCompany(carrier);
}

export function postPurchaseProperties(
	record: OrderRecord,
	preset: PostPurchasePreset,
	shipment: ShipmentState | undefined,
): PostPurchaseProperties {
	const code = carrierCode(shipment?.carrier);
	const items = (record.lineItems ?? []).map((line) => ({
		ProductName: line.title ?? null,
		SKU: line.sku ?? null,
		Quantity: line.quantity,
	}));
	return {
		OrderKey: record.orderKey,
		OrderName: record.name ?? null,
		EventType: preset,
		Stage: record.stage,
		StageChangedAt: record.stageChangedAt,
		Locale: record.customer.locale ?? null,
		Carrier: code ? CARRIER_NAMES[code] : (shipment?.carrier ?? null),
		CarrierCode: code,
		TrackingNumber: shipment?.trackingNumber ?? null,
		TrackingUrl:
			shipment?.trackingUrl ??
			(code && shipment?.trackingNumber ? trackingUrlFor(code, shipment.trackingNumber) : null),
		TrackingStatus: shipment?.trackingStatus ?? null,
		ShipmentKey: shipment?.key ?? null,
		ShippedAt: shipment?.shippedAt ?? null,
		EstimatedDelivery: shipment?.estimatedDelivery ?? record.dates.estimatedDelivery ?? null,
		PromisedBy: record.dates.promisedBy ?? null,
		DeliveredAt: shipment?.deliveredAt ?? (preset === 'order_delivered' ? (record.dates.deliveredAt ?? null) : null),
		LastScanAt: shipment?.lastEventAt ?? null,
		ShipmentCount: record.shipments.length,
		Items: items,
		ItemNames: items.map((i) => i.ProductName).filter((n): n is string => !!n),
		ItemCount: items.reduce((sum, i) => sum + i.Quantity, 0),
		ShippingCity: record.shippingAddress?.city ?? null,
		ShippingRegion: record.shippingAddress?.provinceCode ?? record.shippingAddress?.province ?? null,
		ShippingCountry: record.shippingAddress?.countryCode ?? record.shippingAddress?.country ?? null,
		OpenExceptions: [...record.openExceptionTypes],
		DeliveryProblem: record.openExceptionTypes.find((t) => DELIVERY_PROBLEMS.includes(t)) ?? null,
	};
}

/** order + event + shipment: one notification per parcel per moment, however often the workflow runs. */
export function postPurchaseUniqueId(
	orderKey: string,
	preset: PostPurchasePreset,
	shipmentKey: string | null | undefined,
): string {
	const perShipment = POST_PURCHASE_PRESETS[preset].perShipment;
	return `pp:${orderKey}:${preset}:${perShipment ? (shipmentKey ?? 'no-shipment') : 'order'}`;
}

/** When the moment happened, so Klaviyo's timeline and flow delays are right even for late sends. */
function momentOf(record: OrderRecord, preset: PostPurchasePreset, shipment: ShipmentState | undefined): string {
	if (preset === 'order_confirmed') return record.dates.placedAt ?? record.stageChangedAt;
	if (preset === 'order_shipped') return shipment?.shippedAt ?? record.dates.shippedAt ?? record.stageChangedAt;
	if (preset === 'order_delivered') return shipment?.deliveredAt ?? record.dates.deliveredAt ?? record.stageChangedAt;
	if (preset === 'out_for_delivery' || preset === 'delivery_exception')
		return shipment?.lastEventAt ?? record.stageChangedAt;
	return record.stageChangedAt;
}

/** Accepts the record itself or an item that carries it under `record` / `order` (Order State output). */
export function readOrderRecord(json: Record<string, unknown>): OrderRecord {
	// Not an object at all (a null item from an expression): refused below by name, never a TypeError here.
	const carried = json !== null && typeof json === 'object' ? (json.record ?? json.order ?? json) : json;
	const candidate = carried as Partial<OrderRecord>;
	if (!candidate || typeof candidate !== 'object' || typeof candidate.orderKey !== 'string' || !candidate.orderKey)
		throw new ValidationError(
			'The input item is not an order record (no "orderKey")',
			'orderKey',
			'Connect this node after Order State or Order Ledger, whose items carry the enriched order (orderKey, ' +
				'stage, shipments, customer).',
		);
	if (!Array.isArray(candidate.shipments) || !candidate.customer || typeof candidate.stage !== 'string')
		throw new ValidationError(
			`Order ${candidate.orderKey} lacks "stage", "shipments" or "customer"`,
			'record',
			'Pass the full enriched order record from Order State, not a partial object.',
		);
	const record = { openExceptionTypes: [], lineItems: [], dates: {}, ...candidate };
	// The same shape the ledger stores and the engine reads, so a field of the wrong type is named here.
	const [problem] = orderRecordProblems(record, 'record');
	if (problem)
		throw new ValidationError(
			`Order ${candidate.orderKey}: ${problem}`,
			problem.slice(0, problem.indexOf(': ')),
			'Pass the enriched order record exactly as Order State or Order Ledger returns it.',
		);
	return record as OrderRecord;
}

export interface PostPurchaseEventOptions {
	preset: PostPurchasePreset;
	/** Request Decided: the request decided (required for that event, ignored by the others). */
	request?: DecidedRequest | null;
	/** Which parcel (tracking number or shipment key) for per-shipment events; default the newest. */
	shipment?: string | null;
	/** Overrides the preset's metric name (keep the default unless your flows use another name). */
	metricName?: string | null;
	extraProperties?: Record<string, unknown>;
}

export function buildPostPurchaseEvent(
	record: OrderRecord,
	options: PostPurchaseEventOptions,
): EventInput & { uniqueId: string; shipmentKey: string | null } {
	const preset = POST_PURCHASE_PRESETS[options.preset];
	if (!preset)
		throw new ValidationError(
			`Unknown post-purchase event "${options.preset}"`,
			'event',
			`Pick one of: ${POST_PURCHASE_PRESET_KEYS.join(', ')}.`,
		);
	const shipment = pickShipment(record, options.shipment);
	if (options.shipment && !shipment)
		throw new ValidationError(
			`Order ${record.orderKey} has no shipment "${options.shipment}"`,
			'shipment',
			'Use a tracking number or shipment key that appears in the order record, or leave the field empty to use ' +
				'the newest shipment.',
		);
	if (preset.perShipment && !shipment)
		throw new ValidationError(
			`"${preset.metric}" is about a parcel, but order ${record.orderKey} has no shipment yet`,
			'shipments',
			'Send this event only after the order has a shipment (filter on stage first), or use "Order Confirmed".',
		);
	if (!record.customer.email && !record.customer.phone)
		throw new ValidationError(
			`Order ${record.orderKey} has no customer email or phone`,
			'customer.email',
			'Klaviyo needs an email or phone to notify the customer: the order has neither, so nothing was sent for it.',
		);
	const request = options.preset === 'request_decided' ? requestToTell(record, options.request) : null;
	const properties = {
		...postPurchaseProperties(record, options.preset, shipment),
		...(request
			? {
					RequestId: request.requestId,
					RequestKind: request.kind,
					RequestOutcome: request.outcome,
					RequestReasons: request.reasons,
				}
			: {}),
		...(options.extraProperties ?? {}),
	};
	// One Request Decided per request (an order may have several), one of every other moment per order or parcel.
	const uniqueId = request
		? `pp:${record.orderKey}:request_decided:${request.requestId}`
		: postPurchaseUniqueId(record.orderKey, options.preset, shipment?.key);
	return {
		metric: options.metricName?.trim() || preset.metric,
		profile: {
			email: record.customer.email ?? null,
			phoneNumber: record.customer.phone ?? null,
			locale: record.customer.locale ?? null,
		},
		properties,
		time: request?.decidedAt || momentOf(record, options.preset, shipment),
		uniqueId,
		shipmentKey: preset.perShipment ? (shipment?.key ?? null) : null,
	};
}

/** Request Decided needs the request, decided in a way the customer is told of. */
function requestToTell(record: OrderRecord, request: DecidedRequest | null | undefined): DecidedRequest {
	if (!request)
		throw new ValidationError(
			`"Request Decided" for order ${record.orderKey} names no request`,
			'requestId',
			'Connect this node after Customer Requests (Approve or Reject): its items carry requestId and outcome.',
		);
	if (!TOLD_OUTCOMES.includes(request.outcome))
		throw new ValidationError(
			`Request ${request.requestId} of order ${record.orderKey} is "${request.outcome}", not decided`,
			'outcome',
			`Send Request Decided only for ${TOLD_OUTCOMES.join(', ')} (filter on tellCustomer first).`,
		);
	return request;
}

/** What Order State learns after a send: the customer was told (feeds notification_late and dedup). */
export function toNotificationObservation(
	record: OrderRecord,
	preset: PostPurchasePreset,
	sent: { uniqueId: string; shipmentKey: string | null; sentAt: string },
): Observation<'notification'> {
	return {
		source: 'klaviyo',
		sourceId: sent.uniqueId,
		orderKey: record.orderKey,
		kind: 'notification',
		occurredAt: sent.sentAt,
		receivedAt: sent.sentAt,
		key: `klaviyo:${sent.uniqueId}`,
		data: { event: preset, uniqueId: sent.uniqueId, sentAt: sent.sentAt, shipmentKey: sent.shipmentKey },
	};
}
