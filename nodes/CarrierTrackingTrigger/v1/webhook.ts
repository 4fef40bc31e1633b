import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { handleCarrierPush, handlePushTokenRequest, type PushCarrier } from '../../lib/connectors/carriers/pushHandler';
import { USPS_DEFAULT_TOLERANCE_SECONDS } from '../../lib/connectors/usps/subscription';
import { carrierPushConfig } from '../../shared/carriers';

function rawBodyOf(ctx: IWebhookFunctions): Buffer {
	const req = ctx.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	// Without the raw bytes a signature over them cannot hold; a re-serialised body is the best left.
	return Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? ''), 'utf8');
}

/**
 * Both webhooks of the node: "setup" hands UPS a token (starts nothing); "default" verifies a push and
 * emits its tracking observation, or answers 401/400 and starts nothing.
 */
export async function receivePush(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const carrier = this.getNodeParameter('carrier') as PushCarrier;
	const res = this.getResponseObject();
	const request = {
		rawBody: rawBodyOf(this),
		headers: this.getHeaderData() as Record<string, unknown>,
		nowMs: Date.now(),
	};
	const toleranceSeconds =
		carrier === 'usps'
			? (this.getNodeParameter('timestampToleranceSeconds', USPS_DEFAULT_TOLERANCE_SECONDS) as number)
			: undefined;
	const config = await carrierPushConfig(this, carrier, toleranceSeconds);

	if (this.getWebhookName() === 'setup') {
		const answer = handlePushTokenRequest(config, request);
		res.status(answer.status).set(answer.headers).json(answer.body);
		// Handing out a token starts nothing.
		return { noWebhookResponse: true };
	}

	const answer = handleCarrierPush(config, request);
	if (!answer.item) {
		// Nothing downstream runs for a push not proven to be the carrier's (401), or unreadable (400).
		res.status(answer.status).json(answer.body);
		return { noWebhookResponse: true };
	}
	return { workflowData: [[{ json: answer.item as unknown as IDataObject }]] };
}
