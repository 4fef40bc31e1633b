/**
 * Webhook subscriptions on trigger activation, per provider, as plain functions over the clients so
 * they are tested against the sims. The node keeps what they return in the workflow's static data
 * (persisted by n8n, never in memory): ids and URL, never a signing secret (issue 15: n8n encrypts
 * credentials, not static data). The secret lives in the credential or is worked out from it:
 *  - ShipBob: POST /2026-01/webhook with OUR `whsec_` secret: the credential's Webhook Signing Secret, or,
 *    when that is empty, one derived from the credential's token and the webhook URL (shipbobWebhookSecret),
 *    so every worker computes the same secret and nothing secret is stored. DELETE on deactivation.
 *  - ShipHero: webhook_create per webhook type; ShipHero chooses the shared_signature_secret. The trigger
 *    takes it from the credential's Webhook Signing Secret, or else reads it from ShipHero's `webhooks`
 *    query with the credential when a delivery arrives. webhook_delete on deactivation.
 *  - ShipMonk: no subscription API ("Webhook setup can be done by your ShipMonk support team"):
 *    nothing to call; the user gives ShipMonk the URL and the credential's secret (docs/3pl.md).
 * A state written by an older version may still hold `secret`: it is read (deliveries keep verifying until
 * the next activation) and makes the subscription count as missing, so activation replaces it with one
 * whose state holds no secret. Nothing writes `secret` any more.
 */
import { createHash, createHmac } from 'node:crypto';
import type { ShipBobWebhookApi } from '../shipbob/client';
import type { ShipHeroClient } from '../shiphero/client';

export interface SubscriptionState {
	/** ShipBob subscription id, or ShipHero webhook names we created. */
	ids: string[];
	url: string;
	/** SHA-256 of the ShipBob secret subscribed with (not the secret): a changed credential re-subscribes. */
	secretFingerprint?: string;
	/** Written by older versions only; read for migration, never written. */
	secret?: string;
	/** ShipHero shop the webhooks were created for ('api' when not set). */
	shopName?: string;
}

/**
 * The ShipBob signing secret for a webhook URL: the credential's own when set, otherwise derived from the
 * credential's token and the URL (HMAC-SHA256, 32 bytes, Standard Webhooks' whsec_ form). Derived, not
 * stored: every queue-mode worker computes the same one, and knowing the URL is not enough to compute it.
 */
export function shipbobWebhookSecret(credentialSecret: string | undefined, token: string, url: string): string {
	if (credentialSecret) return credentialSecret;
	if (!token) return '';
	const key = createHmac('sha256', token).update(`n8n-post-purchase:shipbob-webhook:${url}`).digest();
	return `whsec_${key.toString('base64')}`;
}

export function secretFingerprint(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

export async function shipbobSubscriptionExists(
	api: ShipBobWebhookApi,
	state: SubscriptionState | undefined,
	url: string,
	secret: string,
): Promise<boolean> {
	// An old state holding its secret is replaced once, so the secret leaves static data.
	if (!state || state.secret || state.url !== url) return false;
	if (state.secretFingerprint !== secretFingerprint(secret)) return false;
	const hooks = await api.listWebhooks();
	return state.ids.every((id) => hooks.some((h) => h.id === id && h.url === url));
}

export async function shipbobSubscribe(
	api: ShipBobWebhookApi,
	url: string,
	topics: string[],
	secret: string,
): Promise<SubscriptionState> {
	if (!secret) throw new Error('No ShipBob webhook signing secret: the credential has neither a secret nor a token.');
	// A subscription signed with another secret cannot be verified: replace it.
	for (const stale of (await api.listWebhooks()).filter((h) => h.url === url)) await api.deleteWebhook(stale.id);
	const created = await api.createWebhook(url, topics, secret, 'n8n 3PL Fulfillment Trigger');
	if (created.secret && created.secret !== secret) {
		await api.deleteWebhook(created.id);
		throw new Error(
			'ShipBob created the webhook with a signing secret of its own instead of ours, so its deliveries could ' +
				'not be verified; the subscription was removed. Ask ShipBob support, or set the Webhook Signing Secret ' +
				'in the credential.',
		);
	}
	return { ids: [created.id], url, secretFingerprint: secretFingerprint(secret) };
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
	if (!state || state.secret || state.url !== url) return false;
	const hooks = await api.listWebhooks();
	return state.ids.every((name) => hooks.some((h) => h.name === name && h.url === url));
}

/**
 * The secret ShipHero signs our webhooks with, read from ShipHero (the `webhooks` query returns
 * shared_signature_secret): for a trigger whose credential does not hold it. '' when ShipHero has no
 * webhook for this URL.
 */
export async function shipheroWebhookSecret(api: ShipHeroWebhookApi, url: string): Promise<string> {
	const hooks = await api.listWebhooks();
	return hooks.find((h) => h.url === url && h.secret)?.secret ?? '';
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
	for (const type of types) {
		if (existing.some((h) => h.name === type)) await api.deleteWebhook(type, shopName);
		// The secret it returns is not kept: deliveries read it from the credential or from ShipHero.
		await api.createWebhook(type, url, shopName);
	}
	return { ids: types, url, shopName };
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
