/**
 * What the real-n8n pipeline benchmark puts in the ledger before it times anything:
 *  - intakeEvents: every Shopify webhook the sandbox world would have delivered, stored as the intake
 *    template stores it (key 'shopify:<event id>', the trigger's item as payload: topic, headers' facts,
 *    the REST body and the observations the trigger's own normaliser makes), repeats included, so the
 *    ledger absorbs them on their key as it does a redelivery;
 *  - knownOrders: the records those webhooks lead to (the pure reconcile over each order's Shopify
 *    facts), the state a store is in when the reconciliation sweep runs over orders it already tracks.
 */
import { normaliseWebhook } from '../../nodes/lib/connectors/shopify';
import type { NewEvent } from '../../nodes/lib/ledger/types';
import { defaultPolicy } from '../../nodes/lib/order/policy';
import { reconcile } from '../../nodes/lib/order/reconcile';
import type { OrderRecord } from '../../nodes/lib/order/types';
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
			key: `shopify:${delivery.eventId}`,
			source: 'shopify',
			topic: delivery.topic,
			orderKey: first?.orderKey ?? '',
			payload: item,
		};
	});
}

/** Each order's record after its Shopify webhooks (default policy, evaluated at `nowIso`). */
export function knownOrders(events: NewEvent[], nowIso: string): OrderRecord[] {
	const byOrder = new Map<string, unknown[]>();
	for (const e of events) {
		if (!e.orderKey) continue;
		const observations = (e.payload as { observations?: unknown[] }).observations ?? [];
		byOrder.set(e.orderKey, [...(byOrder.get(e.orderKey) ?? []), ...observations]);
	}
	const policy = defaultPolicy();
	return [...byOrder.values()].map((observations) => reconcile(null, observations, policy, nowIso).record);
}
