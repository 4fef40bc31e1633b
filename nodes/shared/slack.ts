/**
 * n8n glue for Slack, shared by Exception Alerts (posting) and the Slack Interaction Trigger (button
 * presses): the credential's name and fields, and the client or incoming-webhook target built from it.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { SlackClient, postToIncomingWebhook, type SlackTarget } from '../lib/connectors/slack';
import { secretKeyPart, type ResilientBudget } from '../lib/http';
import { n8nTransport } from './transport';

export const SLACK_CREDENTIAL = 'slackPostPurchaseApi';

export interface SlackCredential {
	mode?: 'botToken' | 'incomingWebhook';
	botToken?: string;
	signingSecret?: string;
	webhookUrl?: string;
	baseUrl?: string;
}

/**
 * Where messages go for one execution: the Web API client (bot token), or the credential's incoming
 * webhook, which can only post. Built per execution, so nothing (not the per-channel pacer either)
 * outlives it.
 */
export async function slackTarget(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	options: { sharedBudget?: ResilientBudget } = {},
): Promise<SlackTarget> {
	const credential = (await ctx.getCredentials(SLACK_CREDENTIAL)) as SlackCredential;
	if (credential.mode === 'incomingWebhook') {
		const url = (credential.webhookUrl ?? '').trim();
		if (!/^https?:\/\//.test(url)) {
			throw new NodeOperationError(ctx.getNode(), 'The Slack credential has no webhook URL', {
				description:
					"Paste the incoming-webhook URL from the Slack app's Incoming Webhooks page into the credential, or " +
					'switch it to Bot Token.',
			});
		}
		const plain = n8nTransport(ctx);
		return { kind: 'webhook', post: (message) => postToIncomingWebhook(plain, url, message) };
	}
	const client = new SlackClient({
		// The credential's `authenticate` adds the bot token; URLs Slack hands out never get it.
		transport: n8nTransport(ctx, { credentialType: SLACK_CREDENTIAL }),
		plainTransport: n8nTransport(ctx),
		baseUrl: credential.baseUrl || undefined,
		shared: options.sharedBudget && { budget: options.sharedBudget, account: secretKeyPart(credential.botToken ?? '') },
	});
	return { kind: 'bot', client };
}

/** The Slack app's signing secret, which the trigger checks every request against ('' when unset: all checks fail). */
export async function slackSigningSecret(ctx: IWebhookFunctions): Promise<string> {
	const credential = (await ctx.getCredentials(SLACK_CREDENTIAL)) as SlackCredential;
	return String(credential.signingSecret ?? '');
}
