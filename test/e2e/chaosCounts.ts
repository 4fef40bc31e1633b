/**
 * What the chaos run (test/e2e/chaos.ts) counts at the simulators: every effect by the identity that makes it
 * one effect (a case's Slack message, a Shopify mutation with its input, a Klaviyo event of one customer at one
 * moment), so an effect done twice shows however it was done twice (two posts, two unique ids, a lost answer
 * sent again). Pure functions over what the sims recorded.
 */
import { createHash } from 'node:crypto';

import type { PlannedDelivery } from '../sandbox/world/webhooks';
import type { Random } from '../sandbox/world/random';

export interface Repeat {
	identity: string;
	times: number;
}

/** Identities that occur more than once, with how often. */
export function repeated<T>(items: readonly T[], identity: (item: T) => string): Repeat[] {
	const counts = new Map<string, number>();
	for (const item of items) counts.set(identity(item), (counts.get(identity(item)) ?? 0) + 1);
	return [...counts].filter(([, times]) => times > 1).map(([id, times]) => ({ identity: id, times }));
}

/** Extra copies beyond the first: 2 posts of one case count 1. */
export const extraCopies = (repeats: Repeat[]) => repeats.reduce((sum, r) => sum + r.times - 1, 0);

/** The key the intake stores a Shopify delivery under: its topic and the SHA-256 of the signed body. */
export function deliveryKey(delivery: Pick<PlannedDelivery, 'topic' | 'body'>): string {
	return `shopify:${delivery.topic}:${createHash('sha256').update(delivery.body).digest('hex')}`;
}

/** Every delivery `copies` times, the whole list shuffled: Shopify's retries, arriving in any order. */
export function repeatAndShuffle<T>(deliveries: readonly T[], copies: number, random: Random): T[] {
	return random.shuffle(deliveries.flatMap((d) => Array.from({ length: copies }, () => d)));
}

interface SlackMessageSeen {
	threadTs: string | null;
	deleted: boolean;
	metadata?: { event_type: string; event_payload: Record<string, unknown> } | null;
}

/**
 * Top-level case messages per case (by the `pp_case` metadata each carries), deleted ones included: a second
 * message removed later was still seen in the channel.
 */
export function slackCasePosts(messages: readonly SlackMessageSeen[]): { posts: number; repeats: Repeat[] } {
	const casePosts = messages.filter((m) => m.threadTs === null && m.metadata?.event_type === 'pp_case');
	return {
		posts: casePosts.length,
		repeats: repeated(casePosts, (m) => String(m.metadata!.event_payload.case_id)),
	};
}

/** The Shopify GraphQL mutations the package sends (operation names of nodes/lib/connectors/shopify). */
export const SHOPIFY_MUTATIONS = new Set([
	'FulfillmentCreate',
	'FulfillmentOrderHold',
	'FulfillmentOrderReleaseHold',
	'FulfillmentTrackingInfoUpdate',
	'OrderCancel',
	'OrderUpdate',
	'TagsAdd',
	'WebhookSubscriptionCreate',
	'WebhookSubscriptionDelete',
	'BulkOperationRunQuery',
]);

interface ShopifyCallSeen {
	operationName?: string;
	variables?: Record<string, unknown>;
	status: number;
	throttled: boolean;
}

/** Shopify writes the sim carried out (not throttled), and the same mutation with the same input twice. */
export function shopifyWrites(calls: readonly ShopifyCallSeen[]): { writes: number; repeats: Repeat[] } {
	const writes = calls.filter(
		(c) => c.operationName && SHOPIFY_MUTATIONS.has(c.operationName) && c.status === 200 && !c.throttled,
	);
	return {
		writes: writes.length,
		repeats: repeated(writes, (c) => `${c.operationName} ${JSON.stringify(c.variables ?? {})}`),
	};
}

interface KlaviyoEventSeen {
	metric: string;
	profile: Record<string, unknown>;
	time?: string;
	uniqueId: string | null;
}

/**
 * Klaviyo events accepted, and the same customer told the same thing about the same moment twice (metric,
 * profile, event time): a repeat Klaviyo's unique_id check could not catch because the unique id differed.
 */
export function klaviyoEvents(accepted: readonly KlaviyoEventSeen[]): { accepted: number; repeats: Repeat[] } {
	const who = (p: Record<string, unknown>) => String(p.email ?? p.phone_number ?? p.external_id ?? '').toLowerCase();
	return {
		accepted: accepted.length,
		repeats: repeated(accepted, (e) => `${e.metric} ${who(e.profile)} ${e.time ?? ''}`),
	};
}
