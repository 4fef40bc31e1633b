/**
 * What the real-n8n pipeline benchmark puts in the ledger before it times anything: every Shopify webhook the
 * sandbox world would have delivered, stored as the intake template stores it (key: the trigger's eventKey, the
 * topic and the signed body's digest; the trigger's item as payload: topic, the headers' facts, the REST body and
 * the observations the trigger's own normaliser makes), repeats included, so the ledger absorbs them on their key
 * as it does a redelivery.
 */
import { normaliseWebhook } from '../../nodes/lib/connectors/shopify';
import { shopifyDeliveryKey } from '../../nodes/lib/connectors/shopify/hmac';
import type { NewEvent } from '../../nodes/lib/ledger/types';
import type { World } from '../sandbox/world/model';
import { planShopifyDeliveries, shopifyHeaders } from '../sandbox/world/webhooks';
import { SANDBOX_CREDENTIALS } from '../sandbox/world/worldSandbox';

/** The intake's ledger events for the world's Shopify deliveries up to `nowMs` (in delivery order). */
export function intakeEvents(world: World, nowMs: number, receivedAt = new Date().toISOString()): NewEvent[] {
	const { shopDomain, webhookSecret } = SANDBOX_CREDENTIALS.shopify;
	return planShopifyDeliveries(world, nowMs).map((delivery) => {
		const headers = shopifyHeaders(delivery, webhookSecret, shopDomain);
		const payload = JSON.parse(delivery.body) as unknown;
		const item: Record<string, unknown> = {
			topic: delivery.topic,
			shop: shopDomain,
			eventId: delivery.eventId,
			eventKey: shopifyDeliveryKey(delivery.topic, delivery.body),
			webhookId: headers['x-shopify-webhook-id'],
			triggeredAt: headers['x-shopify-triggered-at'],
			apiVersion: headers['x-shopify-api-version'],
			receivedAt,
			payload,
			observations: [],
		};
		try {
			item.observations = normaliseWebhook(delivery.topic, payload, {
				receivedAt,
				eventId: delivery.eventId,
			}).observations;
		} catch (error) {
			item.normaliseError = (error as Error).message;
		}
		const first = (item.observations as Array<{ orderKey?: string }>)[0];
		return {
			key: shopifyDeliveryKey(delivery.topic, delivery.body),
			source: 'shopify',
			topic: delivery.topic,
			orderKey: first?.orderKey ?? '',
			payload: item,
		};
	});
}
