/**
 * Webhook subscriptions on trigger activation, per provider, as plain functions over the clients so
 * they are tested against the sims. The node keeps what they return in the workflow's static data
 * (persisted by n8n, never in memory), which is also where the signing secret lives.
 *  - ShipBob: POST /2026-01/webhook with our own `whsec_` secret; DELETE on deactivation.
 *  - ShipHero: webhook_create per webhook type (returns shared_signature_secret); webhook_delete.
 *  - ShipMonk: no subscription API ("Webhook setup can be done by your ShipMonk support team"):
 *    nothing to call; the user gives ShipMonk the URL and a secret (docs/3pl.md).
 */
import { randomBytes } from 'node:crypto';
import type { ShipBobWebhookApi } from '../shipbob/client';
import type { ShipHeroClient } from '../shiphero/client';

export interface SubscriptionState {
	/** ShipBob subscription id, or ShipHero webhook names we created. */
	ids: string[];
	url: string;
	secret: string;
	/** ShipHero shop the webhooks were created for ('api' when not set). */
	shopName?: string;
}

export function newShipBobSecret(): string {
	return `whsec_${randomBytes(24).toString('base64')}`;
}

export async function shipbobSubscriptionExists(
	api: ShipBobWebhookApi,
	state: SubscriptionState | undefined,
	url: string,
): Promise<boolean> {
	if (!state?.secret || state.url !== url) return false;
	const hooks = await api.listWebhooks();
	return state.ids.every((id) => hooks.some((h) => h.id === id && h.url === url));
}

export async function shipbobSubscribe(
	api: ShipBobWebhookApi,
	url: string,
	topics: string[],
): Promise<SubscriptionState> {
	// A subscription we no longer hold the secret for cannot be verified: replace it.
	for (const stale of (await api.listWebhooks()).filter((h) => h.url === url)) await api.deleteWebhook(stale.id);
	const secret = newShipBobSecret();
	const created = await api.createWebhook(url, topics, secret, 'n8n 3PL Fulfillment Trigger');
	return { ids: [created.id], url, secret: created.secret ?? secret };
}

export async function shipbobUnsubscribe(api: ShipBobWebhookApi, state: SubscriptionState | undefined): Promise<void> {
	for (const id of state?.ids ?? []) await api.deleteWebhook(id);
}

type ShipHeroWebhookApi = Pick<ShipHeroClient, 'createWebhook' | 'deleteWebhook' | 'listWebhooks'>;

export async function shipheroSubscriptionExists(
	api: ShipHeroWebhookApi,
	state: SubscriptionState | undefined,
	url: string,
): Promise<boolean> {
	if (!state?.secret || state.url !== url) return false;
	const hooks = await api.listWebhooks();
	return state.ids.every((name) => hooks.some((h) => h.name === name && h.url === url));
}

/**
 * ShipHero allows one webhook per type and shop, and signs all of an app's webhooks with the same
 * shared secret; an existing one of the same type is replaced so we hold its secret.
 */
export async function shipheroSubscribe(
	api: ShipHeroWebhookApi,
	url: string,
	types: string[],
	shopName?: string,
): Promise<SubscriptionState> {
	const existing = await api.listWebhooks();
	let secret = '';
	for (const type of types) {
		if (existing.some((h) => h.name === type)) await api.deleteWebhook(type, shopName);
		const created = await api.createWebhook(type, url, shopName);
		secret = created.secret ?? secret;
	}
	if (!secret)
		throw new Error(
			'ShipHero created the webhook without returning its signing secret; delete it in ShipHero and activate again.',
		);
	return { ids: types, url, secret, shopName };
}

export async function shipheroUnsubscribe(
	api: ShipHeroWebhookApi,
	state: SubscriptionState | undefined,
): Promise<void> {
	for (const name of state?.ids ?? []) {
		try {
			await api.deleteWebhook(name, state?.shopName);
		} catch (error) {
			if (!/not found/i.test((error as Error).message)) throw error;
		}
	}
}
