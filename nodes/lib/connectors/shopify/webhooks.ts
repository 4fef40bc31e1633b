/** Webhook subscriptions through GraphQL: what the trigger does on activation and deactivation. */
import { sendOnce } from '../../http/once';
import type { ShopifyClient } from './client';
import {
	WEBHOOK_SUBSCRIPTIONS_QUERY,
	WEBHOOK_SUBSCRIPTION_CREATE_MUTATION,
	WEBHOOK_SUBSCRIPTION_DELETE_MUTATION,
} from './documents';
import { topicToEnum } from './normalise';
import type { GqlPageInfo } from './types';

export interface WebhookSubscriptionView {
	id: string;
	topic: string;
	format?: string;
	/** Where Shopify delivers: our webhook URL for HTTP subscriptions. */
	uri: string;
}

export async function listWebhookSubscriptions(
	client: ShopifyClient,
	callbackUrl: string,
): Promise<WebhookSubscriptionView[]> {
	const out: WebhookSubscriptionView[] = [];
	let after: string | null = null;
	for (;;) {
		const data: { webhookSubscriptions: { pageInfo: GqlPageInfo; nodes: WebhookSubscriptionView[] } } =
			await client.request(WEBHOOK_SUBSCRIPTIONS_QUERY, { first: 100, after, uri: callbackUrl });
		out.push(...data.webhookSubscriptions.nodes.filter((s) => s.uri === callbackUrl));
		if (!data.webhookSubscriptions.pageInfo.hasNextPage) return out;
		after = data.webhookSubscriptions.pageInfo.endCursor ?? null;
	}
}

/** True when every wanted topic already has a subscription to this URL. */
export async function subscriptionsExist(
	client: ShopifyClient,
	callbackUrl: string,
	topics: string[],
): Promise<boolean> {
	const existing = new Set((await listWebhookSubscriptions(client, callbackUrl)).map((s) => s.topic));
	return topics.every((t) => existing.has(topicToEnum(t)));
}

/** Creates the missing subscriptions; returns the ids of all subscriptions for this URL and these topics. */
export async function createSubscriptions(
	client: ShopifyClient,
	callbackUrl: string,
	topics: string[],
): Promise<string[]> {
	const existing = await listWebhookSubscriptions(client, callbackUrl);
	const ids: string[] = [];
	for (const topic of topics) {
		const wanted = topicToEnum(topic);
		const found = existing.find((s) => s.topic === wanted);
		if (found) {
			ids.push(found.id);
			continue;
		}
		// A lost answer may hide a subscription Shopify made: look for it before subscribing again.
		const sent = await sendOnce({
			what: `Shopify webhookSubscriptionCreate for ${wanted}`,
			clock: client.clock,
			send: async () =>
				(
					await client.mutate<{ webhookSubscription: { id: string } }>(
						WEBHOOK_SUBSCRIPTION_CREATE_MUTATION,
						{ topic: wanted, webhookSubscription: { uri: callbackUrl, format: 'JSON' } },
						'webhookSubscriptionCreate',
					)
				).webhookSubscription.id,
			find: async () => (await listWebhookSubscriptions(client, callbackUrl)).find((s) => s.topic === wanted)?.id,
		});
		ids.push(sent.value);
	}
	return ids;
}

/** Deletes every subscription pointing at this URL (and any ids remembered from activation). */
export async function deleteSubscriptions(
	client: ShopifyClient,
	callbackUrl: string,
	knownIds: string[] = [],
): Promise<number> {
	const ids = new Set([...knownIds, ...(await listWebhookSubscriptions(client, callbackUrl)).map((s) => s.id)]);
	let deleted = 0;
	for (const id of ids) {
		try {
			// Deleting twice answers "does not exist", which is taken as done below: safe to repeat.
			await client.mutate(WEBHOOK_SUBSCRIPTION_DELETE_MUTATION, { id }, 'webhookSubscriptionDelete', {
				effect: 'idempotent',
			});
			deleted += 1;
		} catch (error) {
			// Already gone (deleted by hand in Shopify admin) is what we wanted anyway.
			if (!/does not exist|not found/i.test((error as Error).message)) throw error;
		}
	}
	return deleted;
}
