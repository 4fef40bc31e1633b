import type { IHookFunctions } from 'n8n-workflow';
import { createSubscriptions, deleteSubscriptions, subscriptionsExist } from '../../lib/connectors/shopify';
import { nodeErrorOf } from '../../shared/errors';
import { shopifyClient } from '../../shared/shopify';

/** Activation and deactivation: Shopify's webhook subscriptions for this workflow's URL and topics. */
export const subscriptionMethods = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const client = await shopifyClient(this);
		try {
			return await subscriptionsExist(client, webhookUrl(this), this.getNodeParameter('topics') as string[]);
		} catch (error) {
			throw await nodeErrorOf(this, error);
		}
	},
	async create(this: IHookFunctions): Promise<boolean> {
		const client = await shopifyClient(this);
		try {
			const ids = await createSubscriptions(client, webhookUrl(this), this.getNodeParameter('topics') as string[]);
			// Workflow static data is persisted by n8n (not process memory), so deactivation on any worker finds it.
			this.getWorkflowStaticData('node').webhookSubscriptionIds = ids;
			return true;
		} catch (error) {
			throw await nodeErrorOf(this, error);
		}
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		const client = await shopifyClient(this);
		const staticData = this.getWorkflowStaticData('node');
		try {
			await deleteSubscriptions(client, webhookUrl(this), (staticData.webhookSubscriptionIds as string[]) ?? []);
		} catch (error) {
			throw await nodeErrorOf(this, error);
		}
		delete staticData.webhookSubscriptionIds;
		return true;
	},
};

function webhookUrl(ctx: IHookFunctions): string {
	return ctx.getNodeWebhookUrl('default') as string;
}
