/**
 * Activation and deactivation: one ShipStation webhook per chosen event, pointed at this node's URL with
 * its token. The ids live in the workflow's static data, which n8n persists with the workflow, so
 * deactivation on any worker finds them.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { targetUrlWithToken, webhookToken, type SsWebhookEvent } from '../../lib/connectors/shipstation';
import { nodeErrorOf } from '../../shared/errors';
import { shipStationClients } from '../../shared/shipstation';
import { webhookIdOf } from './webhook';

interface TriggerState {
	webhookIds?: number[];
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as TriggerState;
	if (!state.webhookIds?.length) return false;
	const { v1 } = await shipStationClients(this);
	const existing = new Set((await v1.listWebhooks()).map((w) => w.WebHookID));
	return state.webhookIds.every((id) => existing.has(id));
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const { v1, credentials } = await shipStationClients(this);
	const events = this.getNodeParameter('events') as SsWebhookEvent[];
	const storeId = this.getNodeParameter('storeId', 0) as number;
	const targetUrl = targetUrlWithToken(
		this.getNodeWebhookUrl('default') as string,
		webhookToken(credentials.apiSecret, webhookIdOf(this)),
	);
	const ids: number[] = [];
	try {
		for (const event of events) {
			const { id } = await v1.subscribeWebhook({
				target_url: targetUrl,
				event,
				store_id: storeId > 0 ? storeId : null,
				friendly_name: `n8n post-purchase ${event}`,
			});
			ids.push(id);
		}
	} catch (error) {
		// Leave nothing half-registered: ShipStation would call a workflow that is not active.
		for (const id of ids) await v1.unsubscribeWebhook(id).catch(() => undefined);
		throw await nodeErrorOf(this, error);
	}
	const state = this.getWorkflowStaticData('node') as TriggerState;
	state.webhookIds = ids;
	return true;
}

export async function deleteSubscriptions(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as TriggerState;
	const { v1 } = await shipStationClients(this);
	for (const id of state.webhookIds ?? []) await v1.unsubscribeWebhook(id);
	delete state.webhookIds;
	return true;
}
