/**
 * Activation and deactivation. ShipBob and ShipHero subscriptions are created through their APIs and
 * their ids kept in the workflow's static data, which n8n persists with the workflow (unencrypted, so
 * never a signing secret: see webhookSecret); ShipMonk webhooks are set up by ShipMonk support, so there
 * is nothing to create or remove.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import type { ShipBobClient } from '../../lib/connectors/shipbob/client';
import type { ShipHeroClient } from '../../lib/connectors/shiphero/client';
import {
	shipbobSubscribe,
	shipbobSubscriptionExists,
	shipbobUnsubscribe,
	shipheroSubscribe,
	shipheroSubscriptionExists,
	shipheroUnsubscribe,
	shipheroWebhookSecret,
	shipbobWebhookSecret,
	type SubscriptionState,
	type WebhookProvider,
} from '../../lib/connectors/threepl';
import { providerClient, providerCredentials } from '../../shared/threepl';

export function subscriptionOf(ctx: IHookFunctions | IWebhookFunctions): SubscriptionState | undefined {
	return ctx.getWorkflowStaticData('node').subscription as SubscriptionState | undefined;
}

/**
 * The secret a delivery is checked with, from the credential (never from static data, except a secret an
 * older version left there, read until the next activation replaces it):
 *  - ShipBob: the credential's Webhook Signing Secret, else the one derived from its token and the URL;
 *  - ShipHero: the credential's Webhook Signing Secret, else the one ShipHero reports for our webhook;
 *  - ShipMonk: the credential's Webhook Signing Secret.
 */
export async function webhookSecret(ctx: IWebhookFunctions, provider: WebhookProvider): Promise<string> {
	const credentials = await providerCredentials(ctx, provider);
	const own = String(credentials.webhookSecret ?? '');
	const legacy = subscriptionOf(ctx)?.secret;
	if (provider === 'shipmonk' || own) return own;
	if (legacy) return legacy;
	const url = subscriptionOf(ctx)?.url ?? (ctx.getNodeWebhookUrl('default') as string);
	if (provider === 'shipbob') return shipbobWebhookSecret('', String(credentials.token ?? ''), url);
	const { client } = await providerClient(ctx, provider);
	return shipheroWebhookSecret(client as ShipHeroClient, url);
}

async function shipbobSecretFor(ctx: IHookFunctions, url: string): Promise<string> {
	const credentials = await providerCredentials(ctx, 'shipbob');
	return shipbobWebhookSecret(String(credentials.webhookSecret ?? ''), String(credentials.token ?? ''), url);
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const provider = this.getNodeParameter('provider') as WebhookProvider;
	if (provider === 'shipmonk') return true;
	const url = this.getNodeWebhookUrl('default') as string;
	const { client } = await providerClient(this, provider);
	if (provider === 'shipbob')
		return shipbobSubscriptionExists(
			client as ShipBobClient,
			subscriptionOf(this),
			url,
			await shipbobSecretFor(this, url),
		);
	return shipheroSubscriptionExists(client as ShipHeroClient, subscriptionOf(this), url);
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const provider = this.getNodeParameter('provider') as WebhookProvider;
	if (provider === 'shipmonk') return true;
	const url = this.getNodeWebhookUrl('default') as string;
	const { client } = await providerClient(this, provider);
	const state =
		provider === 'shipbob'
			? await shipbobSubscribe(
					client as ShipBobClient,
					url,
					this.getNodeParameter('shipbobTopics') as string[],
					await shipbobSecretFor(this, url),
				)
			: await shipheroSubscribe(
					client as ShipHeroClient,
					url,
					this.getNodeParameter('shipheroTypes') as string[],
					(this.getNodeParameter('shopName', '') as string) || undefined,
				);
	// Ids and URL only: the state the library returns holds no secret (and replaces one an older version wrote).
	this.getWorkflowStaticData('node').subscription = state as unknown as IDataObject;
	return true;
}

export async function deleteSubscriptions(this: IHookFunctions): Promise<boolean> {
	const provider = this.getNodeParameter('provider') as WebhookProvider;
	if (provider === 'shipmonk') return true;
	const { client } = await providerClient(this, provider);
	const state = subscriptionOf(this);
	if (provider === 'shipbob') await shipbobUnsubscribe(client as ShipBobClient, state);
	else await shipheroUnsubscribe(client as ShipHeroClient, state);
	delete this.getWorkflowStaticData('node').subscription;
	return true;
}
