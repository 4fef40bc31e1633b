/**
 * Activation and deactivation. ShipBob and ShipHero subscriptions are created through their APIs and
 * kept (ids and signing secret) in the workflow's static data, which n8n persists with the workflow;
 * ShipMonk webhooks are set up by ShipMonk support, so there is nothing to create or remove.
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
	type SubscriptionState,
	type WebhookProvider,
} from '../../lib/connectors/threepl';
import { providerClient } from '../../shared/threepl';

export function subscriptionOf(ctx: IHookFunctions | IWebhookFunctions): SubscriptionState | undefined {
	return ctx.getWorkflowStaticData('node').subscription as SubscriptionState | undefined;
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const provider = this.getNodeParameter('provider') as WebhookProvider;
	if (provider === 'shipmonk') return true;
	const url = this.getNodeWebhookUrl('default') as string;
	const { client } = await providerClient(this, provider);
	if (provider === 'shipbob') return shipbobSubscriptionExists(client as ShipBobClient, subscriptionOf(this), url);
	return shipheroSubscriptionExists(client as ShipHeroClient, subscriptionOf(this), url);
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const provider = this.getNodeParameter('provider') as WebhookProvider;
	if (provider === 'shipmonk') return true;
	const url = this.getNodeWebhookUrl('default') as string;
	const { client } = await providerClient(this, provider);
	const state =
		provider === 'shipbob'
			? await shipbobSubscribe(client as ShipBobClient, url, this.getNodeParameter('shipbobTopics') as string[])
			: await shipheroSubscribe(
					client as ShipHeroClient,
					url,
					this.getNodeParameter('shipheroTypes') as string[],
					(this.getNodeParameter('shopName', '') as string) || undefined,
				);
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
