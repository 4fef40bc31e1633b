import type { IDataObject, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { PushPayloadError, type PushOutcome, type PushVerdict } from '../lib/connectors/carriers/push';
import { answerUpsTokenRequest, normaliseUpsTrackAlert, verifyUpsTrackAlert, type UpsPushAuth } from '../lib/connectors/ups/trackAlert';
import { normaliseUspsNotification, USPS_DEFAULT_TOLERANCE_SECONDS, verifyUspsNotification } from '../lib/connectors/usps/subscription';

type PushCarrier = 'ups' | 'usps';

const CREDENTIALS: Record<PushCarrier, string> = {
	ups: 'upsTrackAlertPostPurchaseApi',
	usps: 'uspsTrackingSubscriptionPostPurchaseApi',
};

function rawBodyOf(ctx: IWebhookFunctions): Buffer {
	const req = ctx.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	// Without the raw bytes a signature over them cannot hold; a re-serialised body is the best left.
	return Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? ''), 'utf8');
}

async function upsAuth(ctx: IWebhookFunctions): Promise<UpsPushAuth> {
	const c = (await ctx.getCredentials(CREDENTIALS.ups)) as IDataObject;
	const scheme = String(c.scheme ?? 'oauth');
	if (scheme === 'credential') return { scheme, credential: String(c.credential ?? '') };
	if (scheme === 'bearer') return { scheme, accessToken: String(c.accessToken ?? ''), clientId: String(c.clientId ?? '') };
	return { scheme: 'oauth', clientId: String(c.clientId ?? ''), clientSecret: String(c.clientSecret ?? '') };
}

export class CarrierTrackingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Carrier Tracking Trigger',
		name: 'carrierTrackingTrigger',
		icon: 'file:carrierTrackingTrigger.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["carrier"] === "ups" ? "UPS Track Alert" : "USPS tracking subscription"}}',
		description:
			'Starts the workflow when UPS (Track Alert) or USPS (tracking subscriptions) pushes a tracking event; verifies it and emits the same tracking observation as a Carrier Tracking read. FedEx pushes are not supported (see docs/carriers.md).',
		defaults: { name: 'Carrier Tracking Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: (Object.keys(CREDENTIALS) as PushCarrier[]).map((carrier) => ({
			name: CREDENTIALS[carrier],
			required: true,
			displayOptions: { show: { carrier: [carrier] } },
		})),
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: '={{$parameter["responseMode"]}}', path: 'push' },
			// UPS Track Alert v2 asks a token URL the customer provides for its bearer token: this is it. n8n
			// names a node's webhooks 'default' or 'setup'; 'setup' is the second one, whatever it serves.
			{ name: 'setup', httpMethod: 'POST', responseMode: 'onReceived', path: 'token' },
		],
		properties: [
			{
				displayName: 'Carrier',
				name: 'carrier',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'UPS Track Alert', value: 'ups', description: 'Pushes for tracking numbers or accounts subscribed with the Track Alert API' },
					{ name: 'USPS Tracking Subscription', value: 'usps', description: 'Notifications of a Subscriptions - Tracking v3 subscription, signed with X-HMAC' },
				],
				default: 'ups',
				description:
					'FedEx is not offered: FedEx documents how its tracking webhook is signed but publishes no description of the pushed payload, so it cannot be read reliably. Use Carrier Tracking (Track) for FedEx.',
			},
			{
				displayName:
					'Give UPS the Production URL of this node (the "push" webhook) as the subscription URL. With OAuth (This Trigger Issues Tokens), register the "token" webhook URL as your token URL in UPS\'s Manage Webhook Credentials, with the Client ID and Secret of the credential.',
				name: 'upsNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { carrier: ['ups'] } },
			},
			{
				displayName: 'Give USPS the Production URL of this node as the subscription\'s listenerURL, and the credential\'s 32-character secret as its secret',
				name: 'uspsNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { carrier: ['usps'] } },
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'timestampToleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: USPS_DEFAULT_TOLERANCE_SECONDS,
				displayOptions: { show: { carrier: ['usps'] } },
				description:
					'A notification whose signed timestamp is further than this from now is refused (401), so a recorded notification cannot be replayed. 0 turns the check off: only for replaying recorded traffic.',
			},
			{
				displayName: 'Respond to the Carrier',
				name: 'responseMode',
				type: 'options',
				options: [
					{ name: 'Immediately', value: 'onReceived', description: 'Answer 200 as soon as the push is verified and read' },
					{ name: 'When Last Node Finishes', value: 'lastNode', description: 'Answer 200 only after the workflow ran' },
					{ name: "Using 'Respond to Webhook' Node", value: 'responseNode', description: 'Answer from a Respond to Webhook node, e.g. right after Order Ledger stored the event' },
				],
				default: 'onReceived',
				description: 'UPS asks for an acknowledgement within milliseconds: keep Immediately unless the workflow is very short',
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const carrier = this.getNodeParameter('carrier') as PushCarrier;
		const res = this.getResponseObject();
		const headers = this.getHeaderData() as Record<string, unknown>;
		const rawBody = rawBodyOf(this);
		const nowMs = Date.now();

		if (this.getWebhookName() === 'setup') {
			const answer =
				carrier === 'ups'
					? answerUpsTokenRequest(headers, rawBody, await upsAuth(this), nowMs)
					: { status: 404, body: { error: 'not_found', error_description: 'only UPS Track Alert uses a token URL' }, headers: {} };
			res.status(answer.status).set(answer.headers).json(answer.body);
			// Handing out a token starts nothing.
			return { noWebhookResponse: true };
		}

		let verdict: PushVerdict;
		if (carrier === 'ups') verdict = verifyUpsTrackAlert(headers, await upsAuth(this), nowMs);
		else {
			const { secret } = (await this.getCredentials(CREDENTIALS.usps)) as IDataObject;
			const tolerance = this.getNodeParameter('timestampToleranceSeconds', USPS_DEFAULT_TOLERANCE_SECONDS) as number;
			verdict = verifyUspsNotification(rawBody, headers, String(secret ?? ''), nowMs, tolerance);
		}
		if (!verdict.ok) {
			// Nothing downstream runs for a push that is not proven to be the carrier's, or cannot be read.
			res.status(verdict.status).json({ error: verdict.reason, ...(verdict.field ? { field: verdict.field } : {}) });
			return { noWebhookResponse: true };
		}

		const receivedAt = new Date(nowMs).toISOString();
		let outcome: PushOutcome;
		try {
			outcome = carrier === 'ups' ? normaliseUpsTrackAlert(rawBody, receivedAt) : normaliseUspsNotification(rawBody, receivedAt);
		} catch (error) {
			if (!(error instanceof PushPayloadError)) throw error;
			res.status(400).json({ error: error.message, field: error.field });
			return { noWebhookResponse: true };
		}
		return { workflowData: [[{ json: itemOf(outcome, receivedAt) }]] };
	}
}

/**
 * One item per push, ready for Order Ledger > Append Event (its defaults read key, source, kind and
 * orderKey) and for Order State (observations). A carrier names a parcel, not an order: orderKey is
 * empty and the parcel is matched to its order by tracking number downstream.
 */
function itemOf(outcome: PushOutcome, receivedAt: string): IDataObject {
	const { result, observation } = outcome;
	return {
		carrier: outcome.carrier,
		source: outcome.carrier,
		kind: 'tracking',
		key: outcome.deliveryKey,
		orderKey: '',
		trackingNumber: outcome.trackingNumber,
		status: result.status,
		rawStatus: result.rawStatus,
		statusDescription: result.statusDescription ?? null,
		estimatedDelivery: result.estimatedDelivery ?? null,
		deliveredAt: result.deliveredAt ?? null,
		lastEventAt: result.lastEventAt ?? null,
		trackingUrl: result.trackingUrl,
		references: outcome.references,
		receivedAt,
		observation: observation as unknown as IDataObject,
		observations: [observation as unknown as IDataObject],
		push: outcome.meta as IDataObject,
		warnings: outcome.warnings,
		body: outcome.body as IDataObject,
	};
}
