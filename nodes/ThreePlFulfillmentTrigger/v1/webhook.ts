/**
 * One 3PL delivery: verify the signature on the raw body, parse the event, read the order from the API
 * when asked (a failed read is passed on with its reason, never dropped), and hand one item with the
 * normalised observations and a stable event key to the workflow.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { ShipBobClient } from '../../lib/connectors/shipbob/client';
import {
	deliveryId,
	parseJsonBody,
	parseWebhookEvent,
	verifyWebhook,
	webhookObservations,
	type FulfillmentSnapshot,
	type WebhookEvent,
	type WebhookProvider,
} from '../../lib/connectors/threepl';
import { providerClient, providerCredentials } from '../../shared/threepl';
import { redactString } from '../../lib/http/redact';
import { secretsOfCredential } from '../../shared/secrets';
import { webhookSecret } from './subscriptions';

function headersOf(ctx: IWebhookFunctions): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(ctx.getHeaderData() as Record<string, unknown>))
		if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? String(v[0]) : String(v);
	return out;
}

/** Providers without a delivery id: the body's digest keeps retries of one delivery on one key. */
function createDigest(body: Buffer): string {
	return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const provider = this.getNodeParameter('provider') as WebhookProvider;
	const req = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
	const res = this.getResponseObject();
	const headers = headersOf(this);
	const rawBody = Buffer.isBuffer(req.rawBody)
		? req.rawBody
		: Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? ''));
	const credentials = await providerCredentials(this, provider);
	let secret: string;
	try {
		secret = await webhookSecret(this, provider);
	} catch (error) {
		// ShipHero could not be asked for the secret: 503, so ShipHero retries the delivery; nothing is lost.
		res.status(503).json({
			error: `Could not read the webhook signing secret: ${redactString((error as Error).message, {
				secrets: secretsOfCredential(credentials as Record<string, string>),
			})}`,
		});
		return { noWebhookResponse: true };
	}

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
			if (provider === 'shipbob' && event.externalId)
				snapshot = await (client as ShipBobClient).snapshotByOrderId(event.externalId);
			else snapshot = await client.getShipments(event.orderKey ?? String(event.externalId));
		} catch (error) {
			// The delivery is genuine: pass it on with the reason, so the ledger keeps it for a retry.
			fetchError = redactString((error as Error).message, {
				secrets: secretsOfCredential(credentials as Record<string, string>),
			});
		}
	}

	// Without the vendor's delivery id, the same content is the same event (a retried delivery is a duplicate).
	const contentKey = `${event.topic}:${event.externalId ?? event.orderKey}:${createDigest(rawBody)}`;
	const item: INodeExecutionData = {
		json: {
			provider,
			topic: event.topic,
			eventKey: `${provider}:${deliveryId(provider, headers) ?? contentKey}`,
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
