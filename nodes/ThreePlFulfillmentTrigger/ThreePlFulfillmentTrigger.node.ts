import { createHash } from 'node:crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { ShipBobClient, SHIPBOB_ORDER_TOPICS } from '../lib/connectors/shipbob/client';
import { ShipHeroClient } from '../lib/connectors/shiphero/client';
import {
	deliveryId,
	parseJsonBody,
	parseWebhookEvent,
	shipbobSubscribe,
	shipbobSubscriptionExists,
	shipbobUnsubscribe,
	shipheroSubscribe,
	shipheroSubscriptionExists,
	shipheroUnsubscribe,
	verifyWebhook,
	webhookObservations,
	type FulfillmentSnapshot,
	type SubscriptionState,
	type WebhookEvent,
	type WebhookProvider,
} from '../lib/connectors/threepl';
import { PROVIDER_CREDENTIALS, providerClient } from '../shared/threepl';

const SHIPHERO_WEBHOOK_TYPES = ['Shipment Update', 'Order Canceled', 'Order Packed Out', 'Order Allocated', 'Order Deallocated'];

function subscriptionOf(ctx: IHookFunctions | IWebhookFunctions): SubscriptionState | undefined {
	const data = ctx.getWorkflowStaticData('node');
	return data.subscription as SubscriptionState | undefined;
}

function headersOf(ctx: IWebhookFunctions): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(ctx.getHeaderData() as Record<string, unknown>)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? String(v[0]) : String(v);
	return out;
}

export class ThreePlFulfillmentTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '3PL Fulfillment Trigger',
		name: 'threePlFulfillmentTrigger',
		icon: 'file:threePlFulfillmentTrigger.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["provider"]}}',
		description: 'Starts the workflow when ShipBob, ShipHero or ShipMonk reports a change to an order (signature verified)',
		defaults: { name: '3PL Fulfillment Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: (['shipbob', 'shiphero', 'shipmonk'] as WebhookProvider[]).map((provider) => ({
			name: PROVIDER_CREDENTIALS[provider],
			required: true,
			displayOptions: { show: { provider: [provider] } },
		})),
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '3pl' }],
		properties: [
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'ShipBob', value: 'shipbob' },
					{ name: 'ShipHero', value: 'shiphero' },
					{ name: 'ShipMonk', value: 'shipmonk' },
				],
				default: 'shipbob',
				description: 'Extensiv does not push webhooks: poll it with 3PL Fulfillment > List Orders Updated Since',
			},
			{
				displayName: 'Events',
				name: 'shipbobTopics',
				type: 'multiOptions',
				options: SHIPBOB_ORDER_TOPICS.map((t) => ({ name: t, value: t })),
				default: [...SHIPBOB_ORDER_TOPICS],
				displayOptions: { show: { provider: ['shipbob'] } },
				description: 'ShipBob topics to subscribe to when the workflow is activated',
			},
			{
				displayName: 'Webhook Types',
				name: 'shipheroTypes',
				type: 'multiOptions',
				options: SHIPHERO_WEBHOOK_TYPES.map((t) => ({ name: t, value: t })),
				default: ['Shipment Update', 'Order Canceled'],
				displayOptions: { show: { provider: ['shiphero'] } },
				description: 'ShipHero webhooks to create when the workflow is activated (one per type)',
			},
			{
				displayName: 'Shop Name',
				name: 'shopName',
				type: 'string',
				default: '',
				displayOptions: { show: { provider: ['shiphero'] } },
				description: 'Only when your ShipHero account has several stores and the webhook is for one of them',
			},
			{
				displayName: 'Read the Order From the API',
				name: 'fetchOrder',
				type: 'boolean',
				default: true,
				description: 'Whether to read the full order after each notice, so the output has the same normalised status and parcels as 3PL Fulfillment (ShipMonk status changes carry the whole order already and are never re-read)',
			},
			{
				displayName: 'ShipMonk webhooks are set up by ShipMonk support: send them this node\'s Production URL and the Webhook Signing Secret from the credential (see docs/3pl.md)',
				name: 'shipmonkNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { provider: ['shipmonk'] } },
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const provider = this.getNodeParameter('provider') as WebhookProvider;
				if (provider === 'shipmonk') return true;
				const url = this.getNodeWebhookUrl('default') as string;
				const { client } = await providerClient(this, provider);
				if (provider === 'shipbob') return shipbobSubscriptionExists(client as ShipBobClient, subscriptionOf(this), url);
				return shipheroSubscriptionExists(client as ShipHeroClient, subscriptionOf(this), url);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const provider = this.getNodeParameter('provider') as WebhookProvider;
				if (provider === 'shipmonk') return true;
				const url = this.getNodeWebhookUrl('default') as string;
				const { client } = await providerClient(this, provider);
				const state =
					provider === 'shipbob'
						? await shipbobSubscribe(client as ShipBobClient, url, this.getNodeParameter('shipbobTopics') as string[])
						: await shipheroSubscribe(client as ShipHeroClient, url, this.getNodeParameter('shipheroTypes') as string[], (this.getNodeParameter('shopName', '') as string) || undefined);
				this.getWorkflowStaticData('node').subscription = state as unknown as IDataObject;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const provider = this.getNodeParameter('provider') as WebhookProvider;
				if (provider === 'shipmonk') return true;
				const { client } = await providerClient(this, provider);
				const state = subscriptionOf(this);
				if (provider === 'shipbob') await shipbobUnsubscribe(client as ShipBobClient, state);
				else await shipheroUnsubscribe(client as ShipHeroClient, state);
				delete this.getWorkflowStaticData('node').subscription;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const provider = this.getNodeParameter('provider') as WebhookProvider;
		const req = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
		const res = this.getResponseObject();
		const headers = headersOf(this);
		const rawBody = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? ''));
		const credentials = (await this.getCredentials(PROVIDER_CREDENTIALS[provider])) as IDataObject;
		const secret = subscriptionOf(this)?.secret || String(credentials.webhookSecret ?? '');

		const verdict = verifyWebhook(provider, rawBody, headers, secret, Date.now());
		if (!verdict.ok) {
			res.status(401).json({ error: `Signature check failed: ${verdict.reason}` });
			return { noWebhookResponse: true };
		}

		const receivedAt = new Date().toISOString();
		let event: WebhookEvent;
		try {
			event = parseWebhookEvent(provider, parseJsonBody(rawBody), headers, receivedAt);
		} catch (error) {
			res.status(400).json({ error: (error as Error).message });
			return { noWebhookResponse: true };
		}

		let snapshot: FulfillmentSnapshot | undefined = event.snapshot;
		let fetchError: string | null = null;
		const fetchOrder = (this.getNodeParameter('fetchOrder', true) as boolean) && !event.test;
		if (!snapshot && fetchOrder && (event.orderKey || event.externalId)) {
			try {
				const { client } = await providerClient(this, provider);
				if (provider === 'shipbob' && event.externalId) snapshot = await (client as ShipBobClient).snapshotByOrderId(event.externalId);
				else snapshot = await client.getShipments(event.orderKey ?? String(event.externalId));
			} catch (error) {
				// The delivery is genuine: pass it on with the reason, so the ledger keeps it for a retry.
				fetchError = (error as Error).message;
			}
		}

		const item: INodeExecutionData = {
			json: {
				provider,
				topic: event.topic,
				eventKey: `${provider}:${deliveryId(provider, headers) ?? `${event.topic}:${event.externalId ?? event.orderKey}:${createDigest(rawBody)}`}`,
				orderKey: snapshot?.orderKey ?? event.orderKey ?? null,
				externalId: snapshot?.externalId ?? event.externalId ?? null,
				test: event.test,
				receivedAt,
				status: snapshot?.fulfillment.status ?? null,
				fulfillment: (snapshot?.fulfillment ?? null) as unknown as IDataObject,
				shipments: (snapshot?.shipments ?? event.shipments ?? []) as unknown as IDataObject[],
				observations: webhookObservations(event, snapshot, receivedAt) as unknown as IDataObject[],
				fetchError,
				payload: JSON.parse(rawBody.toString('utf8')) as IDataObject,
			},
		};
		return { workflowData: [[item]] };
	}
}

/** Providers without a delivery id: the body's digest keeps retries of one delivery on one key. */
function createDigest(body: Buffer): string {
	return createHash('sha256').update(body).digest('hex').slice(0, 16);
}
