import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { parseInteractionBody, verifySlackSignature, CASE_ACTIONS, type CaseInteraction } from '../lib/connectors/slack';
import { ValidationError } from '../lib/http/errors';

/**
 * Receives the button presses on exception messages (Slack "Interactivity" request URL), checks
 * Slack's signature on the raw body, answers at once (Slack gives an app 3 seconds) and hands the
 * workflow who pressed what on which case.
 */
export class SlackInteractionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Slack Interaction Trigger',
		name: 'slackInteractionTrigger',
		icon: 'file:slackInteractionTrigger.svg',
		group: ['trigger'],
		version: 1,
		description: 'Starts when someone presses Acknowledge, Resolve or Assign to me on an exception message in Slack',
		defaults: { name: 'Slack Interaction Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'slackPostPurchaseApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answer before the workflow runs: Slack shows an error to the person after 3 s.
				responseMode: 'onReceived',
				path: 'slack-interactions',
			},
		],
		properties: [
			{
				displayName: 'Paste this node\'s Production URL into the Slack app under Interactivity & Shortcuts → Request URL',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Actions',
				name: 'actions',
				type: 'multiOptions',
				options: [
					{ name: 'Acknowledge', value: 'acknowledge' },
					{ name: 'Assign to Me', value: 'assign_to_me' },
					{ name: 'Resolve', value: 'resolve' },
				],
				default: [...CASE_ACTIONS],
				description: 'Which button presses start the workflow',
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const credential = await this.getCredentials('slackPostPurchaseApi');
		// n8n reads the body before calling webhook(); read it here if a host has not done so yet.
		const lazy = req as unknown as { rawBody?: Buffer; readRawBody?: () => Promise<void> };
		if (!lazy.rawBody && typeof lazy.readRawBody === 'function') await lazy.readRawBody();
		const rawBody = rawBodyOf(req);
		const check = verifySlackSignature({
			signingSecret: String(credential.signingSecret ?? ''),
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
		const items: INodeExecutionData[] = parsed.interactions.filter((i) => wanted.has(i.action)).map((i) => ({ json: toJson(i, receivedAt) }));
		if (!items.length) return { webhookResponse: '' };
		return { webhookResponse: '', workflowData: [items] };
	}
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
