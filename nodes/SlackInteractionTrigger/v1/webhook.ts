import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	CASE_ACTIONS,
	parseInteractionBody,
	verifySlackSignature,
	type CaseInteraction,
} from '../../lib/connectors/slack';
import { ValidationError } from '../../lib/http/errors';
import { slackSigningSecret } from '../../shared/slack';

/**
 * A button press from Slack: check Slack's signature on the raw body, answer at once (Slack gives an
 * app 3 seconds) and hand the workflow who pressed what on which case.
 */
export async function receiveInteraction(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	const res = this.getResponseObject();
	const signingSecret = await slackSigningSecret(this);
	// n8n reads the body before calling webhook(); read it here if a host has not done so yet.
	const lazy = req as unknown as { rawBody?: Buffer; readRawBody?: () => Promise<void> };
	if (!lazy.rawBody && typeof lazy.readRawBody === 'function') await lazy.readRawBody();
	const rawBody = rawBodyOf(req);
	const check = verifySlackSignature({
		signingSecret,
		timestamp: header(req.headers, 'x-slack-request-timestamp'),
		signature: header(req.headers, 'x-slack-signature'),
		rawBody,
		nowMs: Date.now(),
	});
	if (!check.ok) {
		// Nothing downstream runs for a forged, altered or replayed request.
		res.status(401).json({ error: check.reason, message: check.message });
		return { noWebhookResponse: true };
	}
	let parsed;
	try {
		parsed = parseInteractionBody(rawBody.toString('utf8'));
	} catch (error) {
		const message = error instanceof ValidationError ? error.message : 'The request body could not be read.';
		res.status(400).json({ error: 'bad_payload', message });
		return { noWebhookResponse: true };
	}
	// An empty 200 tells Slack the press was received; the workflow continues on its own.
	if (parsed.kind !== 'case_actions') return { webhookResponse: '' };
	const wanted = new Set(this.getNodeParameter('actions', CASE_ACTIONS as unknown as string[]) as string[]);
	const receivedAt = new Date().toISOString();
	const items: INodeExecutionData[] = parsed.interactions
		.filter((i) => wanted.has(i.action))
		.map((i) => ({ json: toJson(i, receivedAt) }));
	if (!items.length) return { webhookResponse: '' };
	return { webhookResponse: '', workflowData: [items] };
}

function toJson(i: CaseInteraction, receivedAt: string): IDataObject {
	return { ...(i as unknown as IDataObject), receivedAt };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
	const v = headers[name];
	return Array.isArray(v) ? v[0] : v;
}

/** n8n keeps the unparsed body as req.rawBody; signatures are only valid over those exact bytes. */
function rawBodyOf(req: { rawBody?: Buffer | string; body?: unknown }): Buffer {
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	if (typeof req.rawBody === 'string') return Buffer.from(req.rawBody, 'utf8');
	// Without the raw bytes the signature cannot be checked: an empty body makes it fail, never pass.
	return Buffer.alloc(0);
}
