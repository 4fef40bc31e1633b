/**
 * What a verified webhook delivery says, per provider, before any API call:
 *  - ShipMonk pushes the whole order (orderStatusChange: Order Detail Output) or the shipment
 *    notification, so it is normalised directly.
 *  - ShipBob and ShipHero push a notice about an order; the trigger reads the order from the API
 *    (the documented, validated shape) so every observation has the same fidelity as a poll.
 */
import { ValidationError } from '../../http/errors';
import { normaliseShipMonkOrder, normaliseShipMonkShipmentNotification } from '../shipmonk/normalise';
import { asRecord, snapshotToObservations, str, toOrderKey } from './common';
import type { Observation, ShipmentData } from '../../order/types';
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
	/** True for a provider's test delivery (ShipHero "test": "1"). */
	test: boolean;
}

export function parseJsonBody(rawBody: Buffer): Record<string, unknown> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch (error) {
		throw new ValidationError(`The webhook body is not valid JSON: ${(error as Error).message}`, 'body', 'The sender posted something that is not JSON; nothing was processed. Check the webhook URL is only given to the 3PL.');
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ValidationError('The webhook body is not a JSON object', 'body', 'Nothing was processed.');
	return parsed as Record<string, unknown>;
}

function firstString(...values: unknown[]): string | undefined {
	for (const v of values) {
		const s = str(v);
		if (s) return s;
	}
	return undefined;
}

export function parseWebhookEvent(provider: WebhookProvider, body: Record<string, unknown>, headers: Record<string, string | undefined>, observedAt: string): WebhookEvent {
	if (provider === 'shipmonk') {
		if ('order_status' in body && 'processing_status' in body) {
			const snapshot = normaliseShipMonkOrder(body, observedAt);
			return { provider, topic: 'orderStatusChange', orderKey: snapshot.orderKey, externalId: snapshot.externalId, snapshot, test: false };
		}
		if ('master_tracking_number' in body || 'packages' in body) {
			const n = normaliseShipMonkShipmentNotification(body);
			return { provider, topic: 'orderShipmentNotification', orderKey: n.orderKey, externalId: n.externalId, shipments: n.shipments, occurredAt: n.shippedAt, test: false };
		}
		throw new ValidationError('The ShipMonk webhook is neither an order status change nor a shipment notification', 'body', 'Only order webhooks are handled here; point return and receiving webhooks elsewhere.');
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
 * The observations a verified delivery yields: the full snapshot when the order was read, otherwise at
 * least the parcels the payload itself describes. One function for the trigger and the replay of
 * recorded traffic, so a replay runs exactly what the trigger runs.
 */
export function webhookObservations(event: WebhookEvent, snapshot: FulfillmentSnapshot | undefined, receivedAt: string): Observation[] {
	if (snapshot) return snapshotToObservations(snapshot, receivedAt);
	if (!event.shipments?.length || !event.orderKey) return [];
	const orderKey = event.orderKey;
	return event.shipments.map((data) => ({
		source: event.provider,
		sourceId: data.shipmentId,
		orderKey,
		kind: 'shipment' as const,
		occurredAt: data.shippedAt ?? event.occurredAt ?? receivedAt,
		receivedAt,
		key: `${event.provider}:shipment:${data.shipmentId}:${data.trackingNumber ?? ''}|${data.voided ? 'voided' : ''}|${data.rawStatus ?? ''}`,
		data,
	}));
}
