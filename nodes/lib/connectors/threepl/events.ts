/**
 * What a verified webhook delivery says, per provider, before any API call:
 *  - ShipMonk pushes the whole order (orderStatusChange: Order Detail Output) or the shipment
 *    notification, so it is normalised directly.
 *  - ShipBob and ShipHero push a notice about an order; the trigger reads the order from the API
 *    (the documented, validated shape) so every observation has the same fidelity as a poll.
 */
import { ValidationError } from '../../http/errors';
import { normaliseShipMonkOrder, normaliseShipMonkShipmentNotification } from '../shipmonk/normalise';
import { asRecord, isParcel, shippedProgress, snapshotToObservations, str, toOrderKey } from './common';
import type { FulfillmentStatus, FulfillmentStatusData, Observation, ShipmentData } from '../../order/types';
import type { FulfillmentSnapshot } from './types';
import type { WebhookProvider } from './webhooks';

export interface WebhookEvent {
	provider: WebhookProvider;
	/** ShipBob x-webhook-topic, ShipHero webhook_type, ShipMonk orderStatusChange / orderShipmentNotification. */
	topic: string;
	/** The store's order number when the payload carries it. */
	orderKey?: string;
	/** The provider's order id when the payload carries it. */
	externalId?: string;
	/** Set when the payload itself is a full order (ShipMonk). */
	snapshot?: FulfillmentSnapshot;
	/** Parcels the payload itself describes (ShipMonk shipment notification). */
	shipments?: ShipmentData[];
	/** When the payload says the parcels left. */
	occurredAt?: string | null;
	/** Added (issue 12): line quantities the payload reports (ShipMonk items: ordered_quantity / fulfilled_quantity). */
	lines?: Array<{ sku?: string | null; ordered: number; shipped: number }>;
	/** Added (issue 12): the warehouse the payload names (ShipMonk `warehouse`). */
	warehouse?: string | null;
	/** True for a provider's test delivery (ShipHero "test": "1"). */
	test: boolean;
}

export function parseJsonBody(rawBody: Buffer): Record<string, unknown> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch (error) {
		throw new ValidationError(
			`The webhook body is not valid JSON: ${(error as Error).message}`,
			'body',
			'The sender posted something that is not JSON; nothing was processed. Check the webhook URL is only given ' +
				'to the 3PL.',
		);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new ValidationError('The webhook body is not a JSON object', 'body', 'Nothing was processed.');
	return parsed as Record<string, unknown>;
}

function firstString(...values: unknown[]): string | undefined {
	for (const v of values) {
		const s = str(v);
		if (s) return s;
	}
	return undefined;
}

export function parseWebhookEvent(
	provider: WebhookProvider,
	body: Record<string, unknown>,
	headers: Record<string, string | undefined>,
	observedAt: string,
): WebhookEvent {
	if (provider === 'shipmonk') {
		if ('order_status' in body && 'processing_status' in body) {
			const snapshot = normaliseShipMonkOrder(body, observedAt);
			return {
				provider,
				topic: 'orderStatusChange',
				orderKey: snapshot.orderKey,
				externalId: snapshot.externalId,
				snapshot,
				test: false,
			};
		}
		if ('master_tracking_number' in body || 'packages' in body) {
			const n = normaliseShipMonkShipmentNotification(body);
			return {
				provider,
				topic: 'orderShipmentNotification',
				orderKey: n.orderKey,
				externalId: n.externalId,
				shipments: n.shipments,
				occurredAt: n.shippedAt,
				lines: n.lines,
				warehouse: str(body.warehouse),
				test: false,
			};
		}
		throw new ValidationError(
			'The ShipMonk webhook is neither an order status change nor a shipment notification',
			'body',
			'Only order webhooks are handled here; point return and receiving webhooks elsewhere.',
		);
	}
	if (provider === 'shiphero') {
		const fulfillment = asRecord(body.fulfillment);
		const order = asRecord(body.order);
		const number = firstString(fulfillment.order_number, body.order_number, order.order_number);
		return {
			provider,
			topic: firstString(body.webhook_type) ?? 'unknown',
			orderKey: number ? toOrderKey(number) : undefined,
			externalId: firstString(fulfillment.order_uuid, body.order_uuid, order.id, fulfillment.order_id, body.order_id),
			test: String(body.test ?? '0') === '1',
		};
	}
	const data = asRecord(body.data ?? body);
	const shipment = asRecord(data.shipment);
	const order = asRecord(data.order);
	const number = firstString(data.order_number, order.order_number, data.reference_id, order.reference_id);
	return {
		provider,
		topic: headers['x-webhook-topic'] ?? headers['shipbob-topic'] ?? firstString(body.topic, body.type) ?? 'unknown',
		orderKey: number ? toOrderKey(number) : undefined,
		externalId: firstString(data.order_id, shipment.order_id, order.id),
		test: false,
	};
}

/**
 * What the push itself says about the order as a whole: ShipMonk sends the notification once the order
 * is fulfilled.
 */
function pushedStatus(event: WebhookEvent): FulfillmentStatus {
	// Partial only when the payload's own quantities say so; a notification without quantities means fulfilled.
	return event.lines?.length && shippedProgress(event.lines) === 'partial' ? 'partially_shipped' : 'shipped';
}

function isShipped(status: FulfillmentStatus): boolean {
	return status === 'shipped' || status === 'partially_shipped';
}

function pushShipmentObservation(
	event: WebhookEvent,
	orderKey: string,
	data: ShipmentData,
	receivedAt: string,
): Observation {
	return {
		source: event.provider,
		sourceId: data.shipmentId,
		orderKey,
		kind: 'shipment',
		// The push is at least as new as the ship time it reports.
		occurredAt: latest(data.shippedAt, event.occurredAt) ?? receivedAt,
		receivedAt,
		// "push" keeps this version apart from a read's record of the same parcel (snapshotToObservations keys it
		// `<provider>:shipment:<id>:<fingerprint>`), so neither is taken for a duplicate of the other.
		key:
			`${event.provider}:push:shipment:${data.shipmentId}:` +
			`${data.trackingNumber ?? ''}|${data.voided ? 'voided' : ''}|${data.rawStatus ?? ''}`,
		data,
	};
}

function latest(...values: Array<string | null | undefined>): string | null {
	let best: string | null = null;
	for (const v of values) if (v && (best === null || Date.parse(v) > Date.parse(best))) best = v;
	return best;
}

/**
 * The order status the push implies, dated at the push. Given only when the read (if any) is older than the push
 * and does not say shipped: a read that has not caught up with the warehouse must not erase its own notification.
 */
function pushFulfillmentObservation(
	event: WebhookEvent,
	snapshot: FulfillmentSnapshot | undefined,
	orderKey: string,
	at: string,
	receivedAt: string,
): Observation | null {
	const externalId = snapshot?.externalId ?? event.externalId;
	if (!externalId) return null;
	if (snapshot) {
		const readAt = snapshot.fulfillment.updatedAt ?? snapshot.occurredAt;
		if (isShipped(snapshot.fulfillment.status) || Date.parse(readAt) >= Date.parse(at)) return null;
	}
	const status = pushedStatus(event);
	const data: FulfillmentStatusData = {
		// What the read knows and the push does not say (address, import time) stays as the read had it.
		...(snapshot?.fulfillment ?? {}),
		status,
		rawStatus: event.topic,
		holdReason: null,
		holdDetail: null,
		externalId,
		warehouse: event.warehouse ?? snapshot?.fulfillment.warehouse ?? null,
		lines: event.lines?.length ? event.lines : snapshot?.fulfillment.lines,
		updatedAt: at,
	};
	return {
		source: event.provider,
		sourceId: externalId,
		orderKey,
		kind: 'fulfillment',
		occurredAt: at,
		receivedAt,
		key: `${event.provider}:push:order:${externalId}:${event.topic}:${status}:${at}`,
		data,
	};
}

/**
 * The observations a verified delivery yields: the snapshot's when the order was read, and beside them the
 * parcels the payload itself describes (and, when the read is older than the push and not shipped, the status
 * the push implies), so a read that has not caught up cannot erase the vendor's word that a parcel left. One
 * function for the trigger and the replay of recorded traffic, so a replay runs exactly what the trigger runs.
 */
export function webhookObservations(
	event: WebhookEvent,
	snapshot: FulfillmentSnapshot | undefined,
	receivedAt: string,
): Observation[] {
	const read = snapshot ? snapshotToObservations(snapshot, receivedAt) : [];
	const orderKey = snapshot?.orderKey ?? event.orderKey;
	const pushed = (event.shipments ?? []).filter(isParcel);
	if (!orderKey || !pushed.length) return read;
	const at = latest(event.occurredAt, ...pushed.map((s) => s.shippedAt)) ?? receivedAt;
	// The read's record of a parcel the push also describes: when the read is older than the push, the push's version
	// is the newer one. Both sit in the same (source, kind, sourceId) slot and could tie on occurredAt (the ship time),
	// where the engine would pick by key; the stale copy is left out so the push decides. A read as new as the push
	// (or newer) keeps its own version and the push's copy is not added.
	const readIsOlder = snapshot
		? Date.parse(snapshot.fulfillment.updatedAt ?? snapshot.occurredAt) < Date.parse(at)
		: true;
	const pushedIds = new Set(pushed.map((s) => s.shipmentId));
	const readIds = new Set(read.filter((o) => o.kind === 'shipment').map((o) => o.sourceId));
	const observations = read.filter((o) => !(readIsOlder && o.kind === 'shipment' && pushedIds.has(o.sourceId)));
	for (const data of pushed) {
		if (!readIsOlder && readIds.has(data.shipmentId)) continue;
		observations.push(pushShipmentObservation(event, orderKey, data, receivedAt));
	}
	const fulfillment = pushFulfillmentObservation(event, snapshot, orderKey, at, receivedAt);
	if (fulfillment) observations.push(fulfillment);
	return observations;
}
