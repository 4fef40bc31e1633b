/**
 * n8n glue for Slack: reads the credential, builds the client or webhook target for one execution,
 * and turns Slack/ledger errors into n8n errors whose description says what to do.
 */
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type ILoadOptionsFunctions, type INode, type JsonObject } from 'n8n-workflow';
import { SlackApiError, SlackClient, postToIncomingWebhook, type SlackTarget } from '../lib/connectors/slack';
import { LedgerError } from '../lib/ledger/errors';
import { toNodeError } from '../shared/errors';
import { n8nTransport } from '../shared/transport';

export const SLACK_CREDENTIAL = 'slackPostPurchaseApi';

export interface SlackCredential {
	mode?: 'botToken' | 'incomingWebhook';
	botToken?: string;
	signingSecret?: string;
	webhookUrl?: string;
	baseUrl?: string;
}

export async function slackTarget(ctx: IExecuteFunctions | ILoadOptionsFunctions): Promise<SlackTarget> {
	const credential = (await ctx.getCredentials(SLACK_CREDENTIAL)) as SlackCredential;
	if (credential.mode === 'incomingWebhook') {
		const url = (credential.webhookUrl ?? '').trim();
		if (!/^https?:\/\//.test(url)) {
			throw new NodeOperationError(ctx.getNode(), 'The Slack credential has no webhook URL', { description: 'Paste the incoming-webhook URL from the Slack app\'s Incoming Webhooks page into the credential, or switch it to Bot Token.' });
		}
		const plain = n8nTransport(ctx);
		return { kind: 'webhook', post: (message) => postToIncomingWebhook(plain, url, message) };
	}
	const client = new SlackClient({
		// The credential's `authenticate` adds the bot token; URLs Slack hands out never get it.
		transport: n8nTransport(ctx, { credentialType: SLACK_CREDENTIAL }),
		plainTransport: n8nTransport(ctx),
		baseUrl: credential.baseUrl || undefined,
	});
	return { kind: 'bot', client };
}

export function slackNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof SlackApiError) {
		return new NodeApiError(node, { error: error.code, method: error.method, channel: error.channel ?? null, ...error.detail } as JsonObject, {
			message: error.message,
			description: error.hint,
			itemIndex,
		});
	}
	if (error instanceof LedgerError) return new NodeOperationError(node, error.message, { description: error.hint, itemIndex });
	return toNodeError(node, error, itemIndex);
}
