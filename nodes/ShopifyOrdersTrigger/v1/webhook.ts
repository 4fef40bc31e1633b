import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import {
	getOrder,
	normaliseWebhook,
	observationsFromOrder,
	orderIdOfFulfillmentOrder,
	orderIdOfReturn,
	orderKeyFromName,
	pendingToObservations,
	shopifyDeliveryKey,
	shopifyHeader,
	verifyShopifyWebhook,
	type ShopifyClient,
	type WebhookNormalisation,
} from '../../lib/connectors/shopify';
import { redactString } from '../../lib/http/redact';
import { secretsOfCredential } from '../../shared/secrets';
import { shopifyClient, shopifyCredentials } from '../../shared/shopify';
import { readOnDelivery, storeDeliveryAndAnswer } from '../../shared/webhookLedger';

/** One delivery: signature on the raw body, then the payload and its observations as one item. */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
	const response = this.getResponseObject();
	const headers = this.getHeaderData() as Record<string, unknown>;
	const credentials = await shopifyCredentials(this);
	const raw =
		request.rawBody ??
		Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? ''), 'utf8');

	const verdict = verifyShopifyWebhook(raw, headers, credentials.webhookSecret);
	if (!verdict.valid) {
		// Nothing downstream runs: a forged or unsigned call must not start the workflow.
		response.status(401).json({
			error:
				verdict.reason === 'missing_secret'
					? 'webhook signing secret not configured in the credential'
					: 'invalid webhook signature',
		});
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
		// The ledger key: what Shopify signs (topic and body), not the unsigned event id (see shopifyDeliveryKey).
		eventKey: shopifyDeliveryKey(topic, raw),
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
			normalised = {
				observations: await observationsByLookup(await shopifyClient(this), lookup, receivedAt, eventId, pending),
			};
		}
		item.observations = normalised.observations as unknown as IDataObject[];
	} catch (error) {
		// The delivery is genuine: pass it on with the reason, so nothing is lost and the ledger can
		// record it for replay, instead of failing Shopify's delivery.
		item.normaliseError = redactString((error as Error).message, {
			secrets: secretsOfCredential(credentials as unknown as Record<string, string>),
		});
		item.normaliseField = (error as { field?: string }).field ?? null;
	}
	const onDelivery = readOnDelivery(this);
	if (onDelivery !== 'start') return await storeDeliveryAndAnswer(this, item, 'shopify', onDelivery);
	return { workflowData: [[{ json: item, pairedItem: { item: 0 } }]] };
}

async function observationsByLookup(
	client: ShopifyClient,
	lookup: NonNullable<WebhookNormalisation['lookup']>,
	receivedAt: string,
	eventId: string,
	pending: WebhookNormalisation['pending'] = [],
) {
	const orderId =
		lookup.type === 'order'
			? lookup.id
			: lookup.type === 'return'
				? await orderIdOfReturn(client, lookup.id)
				: await orderIdOfFulfillmentOrder(client, lookup.id);
	const order = await getOrder(client, { by: 'id', value: orderId });
	const primaryKind =
		lookup.type === 'fulfillment_order' ? 'fulfillment_order' : lookup.type === 'return' ? 'return' : 'order';
	const observations = observationsFromOrder(order, { receivedAt, eventId, primaryKind });
	// What the body itself said (a return parcel's tracking) lands on the order the lookup found.
	return [...observations, ...pendingToObservations(pending, orderKeyFromName(order.name), { receivedAt, eventId })];
}
