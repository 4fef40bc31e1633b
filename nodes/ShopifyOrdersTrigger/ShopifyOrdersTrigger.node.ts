import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import {
	createSubscriptions,
	deleteSubscriptions,
	getOrder,
	normaliseWebhook,
	observationsFromOrder,
	ORDER_TOPICS,
	orderKeyFromName,
	pendingToObservations,
	orderIdOfFulfillmentOrder,
	orderIdOfReturn,
	shopifyHeader,
	subscriptionsExist,
	verifyShopifyWebhook,
	type ShopifyClient,
	type WebhookNormalisation,
} from '../lib/connectors/shopify';
import { CREDENTIAL_TYPE, shopifyClient, type ShopifyCredentialData } from '../ShopifyOrders/transport';

export class ShopifyOrdersTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shopify Orders Trigger',
		name: 'shopifyOrdersTrigger',
		icon: 'file:shopifyOrdersTrigger.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["topics"].join(", ")}}',
		description: 'Starts the workflow when Shopify reports an order, fulfillment, return or refund change; verifies the signature',
		defaults: { name: 'Shopify Orders Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'shopifyAdminPostPurchaseApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: '={{$parameter["responseMode"]}}', path: 'webhook' }],
		properties: [
			{
				displayName: 'Topics',
				name: 'topics',
				type: 'multiOptions',
				options: ORDER_TOPICS.map((t) => ({ name: t, value: t })),
				default: ['orders/create', 'orders/updated', 'orders/cancelled', 'fulfillments/create', 'fulfillments/update'],
				required: true,
				description: 'Shopify events that start the workflow. Subscriptions are created when the workflow is activated and removed when it is deactivated.',
			},
			{
				displayName: 'Respond to Shopify',
				name: 'responseMode',
				type: 'options',
				options: [
					{ name: 'Immediately', value: 'onReceived', description: 'Answer 200 as soon as the signature checks out' },
					{ name: 'When Last Node Finishes', value: 'lastNode', description: 'Answer 200 only after the workflow ran; if it fails, Shopify retries the delivery' },
					{ name: "Using 'Respond to Webhook' Node", value: 'responseNode', description: 'Answer from a Respond to Webhook node, e.g. right after the Order Ledger stored the event' },
				],
				default: 'onReceived',
				description: 'To make every event durable before Shopify is told it arrived, respond after the Order Ledger append (Respond to Webhook node) or when the last node finishes. Shopify expects an answer within 5 seconds.',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const client = await shopifyClient(this);
				return subscriptionsExist(client, this.getNodeWebhookUrl('default') as string, this.getNodeParameter('topics') as string[]);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const client = await shopifyClient(this);
				const ids = await createSubscriptions(client, this.getNodeWebhookUrl('default') as string, this.getNodeParameter('topics') as string[]);
				// Workflow static data is persisted by n8n (not process memory), so deactivation on any worker finds it.
				this.getWorkflowStaticData('node').webhookSubscriptionIds = ids;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const client = await shopifyClient(this);
				const staticData = this.getWorkflowStaticData('node');
				await deleteSubscriptions(client, this.getNodeWebhookUrl('default') as string, (staticData.webhookSubscriptionIds as string[]) ?? []);
				delete staticData.webhookSubscriptionIds;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
		const response = this.getResponseObject();
		const headers = this.getHeaderData() as Record<string, unknown>;
		const credentials = (await this.getCredentials(CREDENTIAL_TYPE)) as unknown as ShopifyCredentialData;
		const raw = request.rawBody ?? Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? ''), 'utf8');

		const verdict = verifyShopifyWebhook(raw, headers, credentials.webhookSecret);
		if (!verdict.valid) {
			// Nothing downstream runs: a forged or unsigned call must not start the workflow.
			response.status(401).json({ error: verdict.reason === 'missing_secret' ? 'webhook signing secret not configured in the credential' : 'invalid webhook signature' });
			return { noWebhookResponse: true };
		}

		const topic = shopifyHeader(headers, 'topic') ?? '';
		const eventId = shopifyHeader(headers, 'event-id') ?? shopifyHeader(headers, 'webhook-id') ?? '';
		let payload: unknown;
		try {
			payload = JSON.parse(raw.toString('utf8'));
		} catch {
			response.status(400).json({ error: `the ${topic || 'webhook'} body is not valid JSON` });
			return { noWebhookResponse: true };
		}

		const receivedAt = new Date().toISOString();
		const item: IDataObject = {
			topic,
			shop: shopifyHeader(headers, 'shop-domain') ?? null,
			eventId,
			webhookId: shopifyHeader(headers, 'webhook-id') ?? null,
			triggeredAt: shopifyHeader(headers, 'triggered-at') ?? null,
			apiVersion: shopifyHeader(headers, 'api-version') ?? null,
			receivedAt,
			payload: payload as IDataObject,
			observations: [],
		};
		try {
			let normalised: WebhookNormalisation = normaliseWebhook(topic, payload, { receivedAt, eventId });
			if (normalised.lookup) {
				const { lookup, pending } = normalised;
				normalised = { observations: await observationsByLookup(await shopifyClient(this), lookup, receivedAt, eventId, pending) };
			}
			item.observations = normalised.observations as unknown as IDataObject[];
		} catch (error) {
			// The delivery is genuine: pass it on with the reason, so nothing is lost and the ledger can
			// record it for replay, instead of failing Shopify's delivery.
			item.normaliseError = (error as Error).message;
			item.normaliseField = (error as { field?: string }).field ?? null;
		}
		return { workflowData: [[{ json: item, pairedItem: { item: 0 } }]] };
	}
}

async function observationsByLookup(
	client: ShopifyClient,
	lookup: NonNullable<WebhookNormalisation['lookup']>,
	receivedAt: string,
	eventId: string,
	pending: WebhookNormalisation['pending'] = [],
) {
	const orderId =
		lookup.type === 'order' ? lookup.id : lookup.type === 'return' ? await orderIdOfReturn(client, lookup.id) : await orderIdOfFulfillmentOrder(client, lookup.id);
	const order = await getOrder(client, { by: 'id', value: orderId });
	const primaryKind = lookup.type === 'fulfillment_order' ? 'fulfillment_order' : lookup.type === 'return' ? 'return' : 'order';
	const observations = observationsFromOrder(order, { receivedAt, eventId, primaryKind });
	// What the body itself said (a return parcel's tracking) lands on the order the lookup found.
	return [...observations, ...pendingToObservations(pending, orderKeyFromName(order.name), { receivedAt, eventId })];
}
