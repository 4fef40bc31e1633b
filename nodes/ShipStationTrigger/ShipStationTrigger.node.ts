import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { handleNotification, targetUrlWithToken, tokenMatches, TRIGGER_EVENTS, webhookToken, type SsWebhookEvent } from '../lib/connectors/shipstation';
import { shipStationClients } from '../shared/shipstation';

interface TriggerState {
	webhookIds?: number[];
	targetUrl?: string;
}

function webhookIdOf(ctx: IHookFunctions | IWebhookFunctions): string {
	const node = ctx.getNode();
	return node.webhookId ?? node.id;
}

export class ShipStationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ShipStation Trigger',
		name: 'shipStationTrigger',
		icon: 'file:shipStationTrigger.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when ShipStation imports or ships an order; fetches the data from ShipStation and normalises it',
		defaults: { name: 'ShipStation Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'shipStationPostPurchaseApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Order Imported (ORDER_NOTIFY)', value: 'ORDER_NOTIFY' },
					{ name: 'Order Shipped (SHIP_NOTIFY)', value: 'SHIP_NOTIFY' },
					{ name: 'Order Shipped, With Items (ITEM_SHIP_NOTIFY)', value: 'ITEM_SHIP_NOTIFY' },
				],
				default: [...TRIGGER_EVENTS],
				required: true,
				description: 'ShipStation events that start the workflow. Subscribed when the workflow is activated, removed when it is deactivated.',
			},
			{
				displayName: 'Store ID',
				name: 'storeId',
				type: 'number',
				default: 0,
				description: 'Only this ShipStation store; 0 means every store',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (!state.webhookIds?.length) return false;
				const { v1 } = await shipStationClients(this);
				const existing = new Set((await v1.listWebhooks()).map((w) => w.WebHookID));
				return state.webhookIds.every((id) => existing.has(id));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const { v1, credentials } = await shipStationClients(this);
				const events = this.getNodeParameter('events') as SsWebhookEvent[];
				const storeId = this.getNodeParameter('storeId', 0) as number;
				const targetUrl = targetUrlWithToken(this.getNodeWebhookUrl('default') as string, webhookToken(credentials.apiSecret, webhookIdOf(this)));
				const ids: number[] = [];
				try {
					for (const event of events) {
						const { id } = await v1.subscribeWebhook({ target_url: targetUrl, event, store_id: storeId > 0 ? storeId : null, friendly_name: `n8n post-purchase ${event}` });
						ids.push(id);
					}
				} catch (error) {
					// Leave nothing half-registered: ShipStation would call a workflow that is not active.
					for (const id of ids) await v1.unsubscribeWebhook(id).catch(() => undefined);
					throw error;
				}
				// Static data is persisted by n8n with the workflow, so deactivation on any worker finds the ids.
				const state = this.getWorkflowStaticData('node') as TriggerState;
				state.webhookIds = ids;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const { v1 } = await shipStationClients(this);
				for (const id of state.webhookIds ?? []) await v1.unsubscribeWebhook(id);
				delete state.webhookIds;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const { v1, credentials } = await shipStationClients(this);
		const presented = (this.getQueryData() as IDataObject).token;
		// The body is unsigned: the token in the URL we registered is the only proof the call is ShipStation's.
		if (!tokenMatches(presented, webhookToken(credentials.apiSecret, webhookIdOf(this)))) {
			response.status(401).json({ error: 'missing or wrong token: this URL only accepts calls registered by the ShipStation Trigger' });
			return { noWebhookResponse: true };
		}
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
		const receivedAt = new Date().toISOString();
		const outcome = await handleNotification(request.rawBody?.length ? request.rawBody : request.body, v1, receivedAt);

		if (outcome.kind === 'invalid' || outcome.kind === 'refused') {
			// Reported to the workflow (so it can alert) and to the caller; nothing was fetched.
			const report: IDataObject =
				outcome.kind === 'invalid'
					? { rejected: true, reason: outcome.error, field: outcome.field, receivedAt }
					: { rejected: true, reason: `resource_url refused: ${outcome.reason}`, field: 'resource_url', resourceUrl: outcome.resourceUrl, resourceType: outcome.resourceType, receivedAt };
			response.status(400).json({ error: report.reason });
			return { noWebhookResponse: true, workflowData: [[{ json: report, pairedItem: { item: 0 } }]] };
		}

		const items: INodeExecutionData[] = outcome.records.map((record) => ({
			json: {
				resourceType: record.resourceType,
				resourceUrl: outcome.resourceUrl,
				orderKey: record.orderKey ?? null,
				observations: record.observation ? [record.observation] : [],
				...(record.error ? { normaliseError: record.error, normaliseField: record.errorField ?? null } : {}),
				shipstation: record.record,
				receivedAt,
			} as unknown as IDataObject,
			pairedItem: { item: 0 },
		}));
		if (outcome.fetchError) {
			// What was read is passed on; the failure is an item too, with where to resume, so it can be replayed.
			items.push({
				json: {
					resourceType: outcome.resourceType,
					resourceUrl: outcome.resourceUrl,
					fetchError: outcome.fetchError.message,
					resumeFromPage: outcome.fetchError.resumeFromPage,
					receivedAt,
				},
				pairedItem: { item: 0 },
			});
		}
		if (!items.length) {
			items.push({ json: { resourceType: outcome.resourceType, resourceUrl: outcome.resourceUrl, observations: [], note: 'ShipStation listed no records for this notification', receivedAt }, pairedItem: { item: 0 } });
		}
		return { workflowData: [items] };
	}
}
