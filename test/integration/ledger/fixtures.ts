/**
 * Real OrderRecords for ledger tests, produced by the engine's reconcile from Observations (so they
 * carry facts, and mergeRecords behaves as in production).
 */
import { defaultPolicy, reconcile } from '../../../nodes/lib/order';
import type { Observation, ObservationKind, OrderRecord, Source } from '../../../nodes/lib/order';
import { handleCarrierPush, type PushItem } from '../../../nodes/lib/connectors/carriers/pushHandler';

export const T0 = Date.parse('2026-03-02T14:00:00.000Z'); // a Monday
export const HOUR = 3_600_000;
export const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

export function observation<K extends ObservationKind>(
	orderKey: string,
	source: Source,
	kind: K,
	sourceId: string,
	hours: number,
	data: Observation<K>['data'],
): Observation<K> {
	const occurredAt = at(hours);
	return {
		source,
		kind,
		sourceId,
		orderKey,
		occurredAt,
		receivedAt: occurredAt,
		key: `${source}:${kind}:${sourceId}:${occurredAt}`,
		data,
	} as Observation<K>;
}

export function placed(orderKey: string, hours = 0): Observation<'order'> {
	return observation(orderKey, 'shopify', 'order', `gid://shopify/Order/${orderKey}`, hours, {
		name: `#${orderKey}`,
		createdAt: at(0),
		financialStatus: 'PAID',
		fulfillmentStatus: 'UNFULFILLED',
		email: 'customer@example.com',
	});
}

export function shipped(orderKey: string, hours: number, tracking = `1Z${orderKey}`): Observation<'shipment'> {
	return observation(orderKey, 'shipstation', 'shipment', `ss-${orderKey}`, hours, {
		shipmentId: `ss-${orderKey}`,
		trackingNumber: tracking,
		carrier: 'UPS',
		shippedAt: at(hours),
	});
}

export function delivered(orderKey: string, hours: number, tracking = `1Z${orderKey}`): Observation<'tracking'> {
	return observation(orderKey, 'ups', 'tracking', tracking, hours, {
		trackingNumber: tracking,
		carrier: 'UPS',
		status: 'delivered',
		rawStatus: 'D',
		deliveredAt: at(hours),
		lastEventAt: at(hours),
	});
}

/** The record the engine builds from these observations at `nowHours`. */
export function recordFrom(observations: Observation[], nowHours: number): OrderRecord {
	return reconcile(null, observations, defaultPolicy(), at(nowHours)).record;
}

/** A hand-made minimal record (no facts), for stuck/list tests that need an exact stage and time. */
export function bareRecord(
	orderKey: string,
	stage: OrderRecord['stage'],
	stageChangedAt: string,
	openExceptionTypes: OrderRecord['openExceptionTypes'] = [],
): OrderRecord {
	return {
		orderKey,
		stage,
		stageChangedAt,
		sourceStatus: {},
		dates: { placedAt: stageChangedAt },
		shipments: [],
		customer: {},
		exceptions: [],
		openExceptionTypes,
		notifications: [],
		lastSeen: {},
		version: 0,
		updatedAt: stageChangedAt,
	};
}

export const HOSTILE_STRINGS = [
	"O'Brien; DROP TABLE pp_events; --",
	'Robert"); DELETE FROM pp_orders WHERE ("1"="1',
	'$1 $$ dollar $$ quoting \\ backslash \\\\ and %s %d',
	'emoji 📦🚚✅ and ZWJ 👩‍👩‍👧 and RTL ‏שלום‏ and 中文',
	'<script>alert(1)</script> {{ $json.x }} ={{ 1 }}',
	'line\nbreaks\r\nand\ttabs',
	'\u2028\u2029 separators and a lone surrogate pair 𝄞',
];

/**
 * A UPS Track Alert push as the Carrier Tracking Trigger emits it (its own handler, from the bytes UPS
 * sends; body shaped after UPSTrackAlert.yaml's tracking event): kind 'tracking', an EMPTY orderKey
 * (a carrier names a parcel, not an order), the tracking observation in `observations`.
 */
export function upsPushItem(trackingNumber: string, hours = 30): PushItem {
	const when = new Date(T0 + hours * HOUR);
	const d = (x: Date) => x.toISOString().slice(0, 10).replace(/-/g, '');
	const t = (x: Date) => x.toISOString().slice(11, 19).replace(/:/g, '');
	const local = new Date(when.getTime() - 6 * HOUR);
	const body = JSON.stringify({
		trackingNumber,
		localActivityDate: d(local),
		localActivityTime: t(local),
		activityLocation: { city: 'HODGKINS', stateProvince: 'IL', country: 'US' },
		activityStatus: { type: 'I', code: 'AR', description: 'Arrived at Facility' },
		gmtActivityDate: d(when),
		gmtActivityTime: t(when),
		gmtOffset: '-06.00',
	});
	const answer = handleCarrierPush(
		{ carrier: 'ups', auth: { scheme: 'credential', credential: 'ledger-test-credential' } },
		{ rawBody: Buffer.from(body), headers: { credential: 'ledger-test-credential' }, nowMs: when.getTime() },
	);
	if (!answer.item) throw new Error(`the push fixture was refused: ${JSON.stringify(answer.body)}`);
	return answer.item;
}

/**
 * What Append Event stores for a trigger item with its default parameters (key, source, kind, orderKey, whole item).
 */
export function pushEvent(item: PushItem) {
	return {
		key: item.key,
		source: item.source,
		topic: item.kind,
		orderKey: item.orderKey || null,
		payload: item as unknown,
	};
}
