/**
 * The observation and record shapes the engine reads, declared once (from types.ts) and shared by
 * every validator at a boundary: validateObservation (order/validate.ts), the ledger's
 * validateOrderRecord (ledger/validate.ts) and the Klaviyo node's readOrderRecord. A validator that
 * passes a value guarantees every field the engine touches has the type types.ts gives it, so the
 * code after it cannot meet a number where it calls .trim() or an object where it maps a list.
 * Extend these with types.ts, additively.
 */
import { list, map, obj, oneOf, shapeErrors, tuple, type Shape } from './shape';
import { isParseableIso } from './time';
import {
	EDIT_FIELDS,
	EDIT_OUTCOMES,
	EXCEPTION_TYPES,
	FULFILLMENT_STATUSES,
	OBSERVATION_KINDS,
	SOURCES,
	STAGES,
	TRACKING_STATUSES,
	type ObservationKind,
} from './types';

const TEXT = 'string' as const;
/** A time the engine computes with (an unparseable one would throw "Invalid time value" in a rule). */
const INSTANT: Shape = {
	test: (v) => typeof v === 'string' && isParseableIso(v),
	what: 'an ISO 8601 time (e.g. 2026-03-01T14:05:00Z)',
};
const HOLD_REASONS = ['address', 'inventory', 'payment', 'manual_review', 'other'] as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export const ADDRESS_SHAPE = obj({
	name: TEXT,
	company: TEXT,
	address1: TEXT,
	address2: TEXT,
	city: TEXT,
	province: TEXT,
	provinceCode: TEXT,
	zip: TEXT,
	country: TEXT,
	countryCode: TEXT,
	phone: TEXT,
});

export const LINE_QUANTITY_SHAPE = obj(
	{ sku: TEXT, lineId: TEXT, title: TEXT, quantity: 'number', requiresShipping: 'boolean', remaining: 'number' },
	['quantity'],
);

const TRACKING_EVENT_SHAPE = obj({
	at: TEXT,
	status: oneOf(TRACKING_STATUSES),
	code: TEXT,
	description: TEXT,
	location: TEXT,
	localTime: TEXT,
	timeZone: TEXT,
	atUncertain: 'boolean',
	physicalScan: 'boolean',
});

/** Each kind's data: every field the engine reads, with its type (required fields are checked in validate.ts). */
export const OBSERVATION_DATA_SHAPES: Record<ObservationKind, Shape> = {
	order: obj({
		name: TEXT,
		shopifyId: TEXT,
		createdAt: TEXT,
		cancelledAt: TEXT,
		cancelReason: TEXT,
		closedAt: TEXT,
		financialStatus: TEXT,
		fulfillmentStatus: TEXT,
		email: TEXT,
		phone: TEXT,
		customerName: TEXT,
		locale: TEXT,
		shippingAddress: ADDRESS_SHAPE,
		lineItems: list(LINE_QUANTITY_SHAPE),
		tags: list(TEXT),
		promisedDeliveryBy: TEXT,
		shippingMethod: TEXT,
		paidAt: TEXT,
		returnStatus: TEXT,
	}),
	fulfillment_order: obj({
		id: TEXT,
		status: TEXT,
		requestStatus: TEXT,
		holdReasons: list(TEXT),
		assignedLocation: TEXT,
		assignedLocationId: TEXT,
		lineItems: list(LINE_QUANTITY_SHAPE),
		updatedAt: TEXT,
	}),
	fulfillment: obj({
		status: oneOf(FULFILLMENT_STATUSES),
		rawStatus: TEXT,
		holdReason: oneOf(HOLD_REASONS),
		holdDetail: TEXT,
		holdUntil: TEXT,
		externalId: TEXT,
		warehouse: TEXT,
		lines: list(obj({ sku: TEXT, ordered: 'number', shipped: 'number' }, ['ordered', 'shipped'])),
		updatedAt: TEXT,
		shippingAddress: ADDRESS_SHAPE,
		importedAt: TEXT,
		matchedBy: TEXT,
		locationId: TEXT,
	}),
	shipment: obj({
		shipmentId: TEXT,
		trackingNumber: TEXT,
		carrier: TEXT,
		trackingUrl: TEXT,
		shippedAt: TEXT,
		voided: 'boolean',
		lines: list(LINE_QUANTITY_SHAPE),
		rawStatus: TEXT,
		shippedOn: TEXT,
		direction: oneOf(['outbound', 'return']),
		returnId: TEXT,
		locationId: TEXT,
		fulfillmentOrderId: TEXT,
	}),
	tracking: obj({
		trackingNumber: TEXT,
		carrier: TEXT,
		status: oneOf(TRACKING_STATUSES),
		rawStatus: TEXT,
		estimatedDelivery: TEXT,
		deliveredAt: TEXT,
		lastEventAt: TEXT,
		events: list(TRACKING_EVENT_SHAPE),
		destinationTimeZone: TEXT,
		commitment: TEXT,
		estimatedWindow: obj({ from: TEXT, to: TEXT }),
		relayedBy: TEXT,
	}),
	notification: obj({ event: TEXT, uniqueId: TEXT, sentAt: TEXT, shipmentKey: TEXT }),
	return: obj({ returnId: TEXT, status: TEXT, rawStatus: TEXT, lines: list(LINE_QUANTITY_SHAPE) }),
	edit_request: obj({
		field: oneOf(EDIT_FIELDS),
		requestedAt: TEXT,
		applied: 'boolean',
		reason: TEXT,
		requestId: TEXT,
		outcome: oneOf(EDIT_OUTCOMES),
		reasons: list(TEXT),
		decidedAt: TEXT,
		durationMs: 'number',
		decidedBy: TEXT,
		beforeShipping: 'boolean',
		held: 'boolean',
		destination: TEXT,
		items: TEXT,
	}),
	address_check: obj({ valid: 'boolean', messages: list(TEXT) }),
	lookup: obj({ subject: oneOf(['order', 'tracking']), keys: list(TEXT), found: 'boolean' }),
};

const SHIPMENT_STATE_SHAPE = obj(
	{
		key: TEXT,
		trackingNumber: TEXT,
		carrier: TEXT,
		trackingUrl: TEXT,
		shippedAt: INSTANT,
		seenBy: list(oneOf(SOURCES)),
		trackingStatus: oneOf(TRACKING_STATUSES),
		lastEventAt: INSTANT,
		estimatedDelivery: INSTANT,
		deliveredAt: INSTANT,
		voided: 'boolean',
		sourceRefs: list(TEXT),
		shippedOn: TEXT,
		direction: oneOf(['outbound', 'return']),
		returnId: TEXT,
		locationId: TEXT,
		fulfillmentOrderId: TEXT,
		lastScanAt: INSTANT,
		lastScanPlace: TEXT,
		lastScanTimeZone: TEXT,
	},
	['key', 'seenBy'],
);

export const EXCEPTION_CASE_SHAPE = obj(
	{
		id: TEXT,
		orderKey: TEXT,
		type: oneOf(EXCEPTION_TYPES),
		severity: oneOf(SEVERITIES),
		openedAt: INSTANT,
		evidence: map('any'),
		owner: TEXT,
		ackedAt: INSTANT,
		resolvedAt: INSTANT,
		resolution: TEXT,
	},
	['id', 'orderKey', 'type', 'severity', 'openedAt'],
);

/** [UTC ISO, value]: history entries, first/newest estimate and commitment. */
const STAMPED_PAIR = tuple(INSTANT, TEXT);

/**
 * One fact of a record. Its data is checked against its kind's shape by checkFactData, since the
 * shape of `data` depends on `kind`.
 */
const ORDER_FACT_SHAPE = obj(
	{
		slot: TEXT,
		source: oneOf(SOURCES),
		kind: oneOf(OBSERVATION_KINDS),
		sourceId: TEXT,
		at: INSTANT,
		key: TEXT,
		firstAt: INSTANT,
		firstReceivedAt: INSTANT,
		lastReceivedAt: INSTANT,
		history: list(STAMPED_PAIR),
		deliveredAt: INSTANT,
		cancelledAt: INSTANT,
		lastEventAt: INSTANT,
		paidAt: INSTANT,
		firstScanAt: INSTANT,
		lastScanAt: INSTANT,
		lastScanPlace: STAMPED_PAIR,
		lastScanZone: STAMPED_PAIR,
		firstEstimate: STAMPED_PAIR,
		newestEstimate: STAMPED_PAIR,
		firstCommitment: STAMPED_PAIR,
		newestCommitment: STAMPED_PAIR,
		since: map(INSTANT),
		data: map('any'),
	},
	['slot', 'source', 'kind', 'sourceId', 'at', 'key', 'firstAt', 'data'],
);

/** Everything the engine, the ledger, Klaviyo and Slack read of a stored OrderRecord. */
export const ORDER_RECORD_SHAPE = obj(
	{
		orderKey: TEXT,
		name: TEXT,
		shopifyId: TEXT,
		stage: oneOf(STAGES),
		stageChangedAt: INSTANT,
		sourceStatus: obj({
			shopify: obj(
				{
					financialStatus: TEXT,
					fulfillmentStatus: TEXT,
					fulfillmentOrders: list(obj({ id: TEXT, status: TEXT, holdReasons: list(TEXT) }, ['id', 'status'])),
					observedAt: TEXT,
				},
				['observedAt'],
			),
			fulfillment: obj(
				{
					source: oneOf(SOURCES),
					status: oneOf(FULFILLMENT_STATUSES),
					rawStatus: TEXT,
					holdReason: oneOf(HOLD_REASONS),
					observedAt: TEXT,
				},
				['source', 'status', 'observedAt'],
			),
		}),
		dates: obj({
			placedAt: TEXT,
			sentToFulfillmentAt: TEXT,
			shippedAt: TEXT,
			deliveredAt: TEXT,
			cancelledAt: TEXT,
			promisedBy: TEXT,
			estimatedDelivery: TEXT,
		}),
		shipments: list(SHIPMENT_STATE_SHAPE),
		customer: obj({ email: TEXT, phone: TEXT, name: TEXT, locale: TEXT }),
		shippingAddress: ADDRESS_SHAPE,
		lineItems: list(LINE_QUANTITY_SHAPE),
		exceptions: list(EXCEPTION_CASE_SHAPE),
		openExceptionTypes: list(oneOf(EXCEPTION_TYPES)),
		notifications: list(
			obj({ event: TEXT, uniqueId: TEXT, sentAt: INSTANT, shipmentKey: TEXT }, ['event', 'uniqueId', 'sentAt']),
		),
		lastSeen: map(INSTANT),
		version: 'number',
		updatedAt: TEXT,
		facts: list(ORDER_FACT_SHAPE),
	},
	[
		'orderKey',
		'stage',
		'stageChangedAt',
		'sourceStatus',
		'dates',
		'shipments',
		'customer',
		'exceptions',
		'openExceptionTypes',
		'notifications',
		'lastSeen',
	],
);

/**
 * Every field of `record` that is not what the engine reads, by path ("order.shipments[0].carrier: must
 * be text (got number 7)"), including each fact's data against its kind's shape. [] when it fits.
 */
export function orderRecordErrors(record: unknown, path: string): string[] {
	const errors = shapeErrors(record, ORDER_RECORD_SHAPE, path);
	const facts = (record as { facts?: unknown } | null)?.facts;
	if (errors.length === 0 && Array.isArray(facts))
		facts.forEach((fact: { kind: ObservationKind; data: unknown }, i) =>
			errors.push(...shapeErrors(fact.data, OBSERVATION_DATA_SHAPES[fact.kind], `${path}.facts[${i}].data`)),
		);
	return errors;
}
