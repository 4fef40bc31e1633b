/**
 * fast-check generators for the equivalence tests: claimed events, observations, stored records, read outputs
 * and reconcile results, drawn from small universes (three orders, a few tracking numbers, every source the
 * processor sees) so that the interesting collisions (two events of one order, a number both in a fact and a
 * stored parcel, a notification for exactly that parcel) happen often.
 */
import fc from 'fast-check';
import type { ParcelMatch } from '../../../nodes/lib/ledger/types';
import type {
	ExceptionCase,
	ExceptionType,
	Observation,
	OrderFact,
	ObservationKind,
	OrderRecord,
	ReconcileResult,
	ShipmentState,
	Source,
	ToConfirm,
} from '../../../nodes/lib/order';
import { EXCEPTION_TYPES, STAGES } from '../../../nodes/lib/order';
import type { ClaimedEvent, ClaimedEventRef, OrderWorkItem, ReadItem } from '../../../nodes/lib/pipeline';
import { fact, NOW_MS, record } from './fixtures';

const MINUTE = 60_000;
const ORDER_KEYS = ['1001', '1002', '1003'];
const TRACKING = ['1ZA', ' 1ZA', '1ZB ', '9400111', 'C123', '', '  '];
const iso = (minutesFromNow: number) => new Date(NOW_MS + minutesFromNow * MINUTE).toISOString();
/** Minutes around the fresh windows the tests use (FRESH_MINUTES), so "exactly that long ago" happens. */
const isoArb = fc.constantFrom(-120, -61, -60, -31, -30, -29, -5, 0, 5).map(iso);
export const FRESH_MINUTES = [0, 5, 30, 60];
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Text a vendor might send as a tracking number, including blanks and padding. */
const trackingArb = fc.oneof(fc.constantFrom(...TRACKING), fc.constantFrom(null, 42));

export const observationArb: fc.Arbitrary<Observation> = fc
	.record({
		source: fc.constantFrom('shopify', 'shipstation', 'shipbob', 'ups', 'usps', 'klaviyo'),
		kind: fc.constantFrom('order', 'fulfillment_order', 'fulfillment', 'shipment', 'tracking', 'lookup'),
		sourceId: fc.constantFrom('gid://shopify/Order/55', 's1', 's2'),
		orderKey: fc.constantFrom(...ORDER_KEYS, ''),
		data: fc.record(
			{
				trackingNumber: trackingArb,
				name: fc.constantFrom('#1001', '', null),
				shopifyId: fc.constantFrom('gid://shopify/Order/55', '', null),
			},
			{ requiredKeys: [] },
		),
	})
	.map((o) => ({ ...o, occurredAt: iso(-60), receivedAt: iso(-59), key: JSON.stringify(o) }) as Observation);

/**
 * A list of observations; with `nulls`, a null now and then (a malformed payload): the Code nodes that read
 * observations throw on one, the functions skip it.
 */
export const observationsArb = (nulls = false, maxLength = 4): fc.Arbitrary<Observation[]> =>
	fc.array(
		nulls ? fc.oneof({ weight: 19, arbitrary: observationArb }, { weight: 1, arbitrary: nullArb }) : observationArb,
		{
			maxLength,
		},
	);
const nullArb = fc.constant(null as unknown as Observation);

const parcelArb: fc.Arbitrary<ParcelMatch> = fc.oneof(
	fc.constant<ParcelMatch>({ matched: true, orderKey: '1001', trackingNumbers: ['1ZA'], matchedBy: 'record' }),
	fc.constantFrom('Tracking number 1ZZ matched no order', '').map(
		(message): ParcelMatch => ({
			matched: false,
			orderKey: null,
			trackingNumbers: ['1ZZ'],
			reason: 'unknown',
			candidates: [],
			message,
		}),
	),
);

const payloadArb: fc.Arbitrary<unknown> = fc.oneof(
	fc.record(
		{
			observations: observationsArb(true),
			orderKey: fc.constantFrom('1002', 1003, ''),
			normaliseError: fc.constantFrom('Tracking number 1ZQ matched no order', ''),
		},
		{ requiredKeys: [] },
	),
	fc.record({ observation: fc.oneof(observationArb, nullArb) }),
	fc.constantFrom(null, 'text', [], {}),
);

/** Claimed events with distinct ids, keys and lease tokens, as the ledger gives them. */
export const claimedEventsArb: fc.Arbitrary<ClaimedEvent[]> = fc
	.array(
		fc.record({
			source: fc.constantFrom('shopify', 'shopify', '3pl', 'shipstation', 'klaviyo', 'klaviyo', 'ups', 'fedex'),
			topic: fc.constantFrom('sweep', 'orders/updated', 'orders/paid', 'notification', 'tracking', null),
			orderKey: fc.constantFrom(...ORDER_KEYS, '', null),
			payload: payloadArb,
			parcel: opt(parcelArb),
		}),
		{ maxLength: 8 },
	)
	.map((events) =>
		events.map((e, i) => {
			const event: ClaimedEvent = { id: String(100 + i), key: `k${i}`, leaseToken: `lease-${i}`, ...e };
			if (e.parcel === undefined) delete event.parcel;
			return event;
		}),
	);

const refsArb: fc.Arbitrary<ClaimedEventRef[]> = fc.integer({ min: 0, max: 3 }).map((n) =>
	Array.from({ length: n }, (_, i) => ({
		id: String(i),
		key: `k${i}`,
		leaseToken: `t${i}`,
		source: 'shopify',
		topic: 'orders/paid',
	})),
);

export const workItemArb = (nulls = false): fc.Arbitrary<OrderWorkItem> =>
	fc.record({
		orderKey: fc.constantFrom(...ORDER_KEYS),
		events: refsArb,
		observations: observationsArb(nulls),
		// Mostly a batch with vendor events: our own notes alone skip every other rule.
		hints: fc.record({
			shopifyInHand: fc.boolean(),
			warehouseInHand: fc.boolean(),
			notificationsOnly: fc.constantFrom(false, false, false, true),
		}),
		problems: fc.constant([]),
	});

const factArb: fc.Arbitrary<OrderFact> = fc
	.record(
		{
			source: fc.constantFrom<Source>('shopify', 'shipstation', 'shipbob', 'extensiv', 'ups', 'klaviyo'),
			kind: fc.constantFrom<ObservationKind>('order', 'fulfillment_order', 'fulfillment', 'tracking', 'lookup'),
			lastReceivedAt: isoArb,
		},
		{ requiredKeys: ['source', 'kind'] },
	)
	.map(({ source, kind, ...fields }) => fact(source, kind, fields));

/** Parcels with distinct keys (a tracking number, or a warehouse's shipment id). */
const shipmentsArb: fc.Arbitrary<ShipmentState[]> = fc
	.array(
		fc.record({
			trackingNumber: fc.constantFrom('1ZA', '1ZB', 'C123', ' 1ZC ', null),
			trackingStatus: fc.constantFrom('in_transit', 'delivered', 'returned_to_sender', 'exception', null),
			shippedAt: fc.constantFrom(iso(-90), null),
			deliveredAt: fc.constantFrom(iso(-10), null),
			voided: fc.boolean(),
			direction: fc.constantFrom('outbound', 'return', undefined),
		}),
		{ maxLength: 4 },
	)
	.map((list) =>
		list.map(
			({ direction, ...s }, i): ShipmentState => ({
				key: s.trackingNumber ? `${s.trackingNumber.trim()}-${i}` : `shipstation:${i}`,
				seenBy: ['shipstation'],
				...s,
				...(direction ? { direction } : {}),
			}),
		),
	);

const notificationsArb = fc.array(
	fc.record({
		event: fc.constantFrom('order_shipped', 'order_delivered', 'shipment_delayed'),
		uniqueId: fc.constant('u'),
		sentAt: fc.constant(iso(-5)),
		shipmentKey: fc.constantFrom(null, '', '1ZA-0', '1ZB-1', '1ZA', 'C123', 'shipstation:0'),
	}),
	{ maxLength: 3 },
);

/** A stored record; without a name or Shopify id now and then (an order we have not read from Shopify yet). */
export const recordArb: fc.Arbitrary<OrderRecord> = fc
	.record(
		{
			orderKey: fc.constantFrom(...ORDER_KEYS),
			stage: fc.constantFrom(...STAGES),
			shopifyId: fc.constantFrom('gid://shopify/Order/9', '', null),
			name: fc.constantFrom('#1001', '', null),
			facts: fc.array(factArb, { maxLength: 4 }),
			shipments: shipmentsArb,
			notifications: notificationsArb,
		},
		{ requiredKeys: ['orderKey', 'stage', 'facts', 'shipments', 'notifications'] },
	)
	.map((fields) => record(fields));

const caseArb: fc.Arbitrary<ExceptionCase> = fc
	.constantFrom<ExceptionType>(...EXCEPTION_TYPES)
	.map((type) => ({ id: `1001:${type}`, orderKey: '1001', type, severity: 'medium', openedAt: iso(-1), evidence: {} }));

const toConfirmArb: fc.Arbitrary<ToConfirm> = fc.record({
	type: fc.constantFrom<ExceptionType>('tracking_stalled', 'not_sent_to_fulfillment'),
	orderKey: fc.constant('1001'),
	dueAt: fc.constant(iso(-1)),
	sources: fc.subarray(['ups', 'fedex', 'usps', 'dhl', 'shipbob', 'shipstation', 'ontrac']),
	keys: fc.array(fc.constantFrom('1ZA', '1ZB', '1001', '#1001'), { maxLength: 3 }),
});

export const reconcileResultArb: fc.Arbitrary<ReconcileResult> = fc.record({
	record: recordArb,
	opened: fc.array(caseArb, { maxLength: 3 }),
	resolved: fc.array(caseArb, { maxLength: 2 }),
	changes: fc.constant([]),
	rejected: fc.constant([]),
	toConfirm: fc.array(toConfirmArb, { maxLength: 3 }),
});

/** What a read node may output for one order: a list of its items, or undefined when it did not run. */
export const readItemsArb = (errors: fc.Arbitrary<unknown>): fc.Arbitrary<ReadItem[] | undefined> =>
	opt(
		fc.array(
			fc.record({ observations: observationsArb(false, 2), error: errors }, { requiredKeys: ['observations'] }),
			{ maxLength: 2 },
		),
	);

/** A warehouse's error: not there (in its several wordings), a real failure, or an object. */
export const warehouseErrorArb: fc.Arbitrary<unknown> = fc.constantFrom(
	'Order 1001 not found at ShipBob',
	'GET /orders answered 404',
	'ShipStation has no order 1001',
	'ShipBob answered 503',
	'The credentials were rejected',
	'',
	{ message: 'Not Found' },
	{ message: 'answered 500' },
	{ code: 'E500' },
	{ status: 404 },
);

/** One output item of carrier tracking: a parcel's observation, an error, or the empty item alwaysOutputData adds. */
export const carrierItemsArb: fc.Arbitrary<ReadItem[] | undefined> = opt(
	fc.array(
		fc.oneof(
			observationArb.map((observation) => ({ observation })),
			fc.constant({ error: 'UPS answered 500', trackingNumber: '1ZA' }),
			fc.constant({}),
		),
		{ maxLength: 3 },
	),
);

/** A fact as a sweep read gives it: keys and times of every JSON kind, some sharing a key, text beyond ASCII. */
const sweepObservationArb: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 6, arbitrary: observationArb },
	{
		weight: 3,
		arbitrary: fc.record(
			{
				key: fc.oneof(
					fc.constantFrom('ups:1ZA:D1', 'ups:1ZA:D1 ', 'shopify:55', 'é', '\u{1F4E6}', ''),
					fc.string({ unit: 'binary', maxLength: 6 }),
					fc.constantFrom(42, null, true),
				),
				occurredAt: fc.constantFrom(iso(-60), iso(-5), '', null, 1_700_000_000_000),
				orderKey: fc.constantFrom(...ORDER_KEYS, '', null, 1004),
			},
			{ requiredKeys: [] },
		),
	},
	{ weight: 1, arbitrary: fc.constantFrom('a fact as text', 7, [1, 2]) },
);

/**
 * An item reaching a sweep's "<Source> snapshots": a vendor's order with its facts (`observations`), a carrier's
 * answer (one `observation`), or either without facts or order; with `nulls`, a null fact now and then.
 */
export const sweepItemArb = (nulls = false): fc.Arbitrary<Record<string, unknown>> =>
	fc.record(
		{
			observations: fc.oneof(
				fc.array(
					nulls
						? fc.oneof({ weight: 19, arbitrary: sweepObservationArb }, { weight: 1, arbitrary: fc.constant(null) })
						: sweepObservationArb,
					{ maxLength: 4 },
				),
				fc.constant(null),
			),
			observation: fc.oneof(sweepObservationArb, fc.constantFrom(null, '', 0)),
			orderKey: fc.constantFrom(...ORDER_KEYS, '', null, 0, 1005, '#1001'),
			trackingNumber: fc.constantFrom('1ZA', ''),
		},
		{ requiredKeys: [] },
	);

/** A stored order as List Orders outputs it, its parcels with and without a carrier. */
export const listedRecordArb: fc.Arbitrary<OrderRecord> = fc
	.tuple(recordArb, fc.array(fc.constantFrom('UPS', 'USPS', '', null, undefined), { minLength: 4, maxLength: 4 }))
	.map(([r, carriers]) => ({
		...r,
		shipments: r.shipments.map((s, n) => (carriers[n] === undefined ? s : { ...s, carrier: carriers[n] })),
	}));
