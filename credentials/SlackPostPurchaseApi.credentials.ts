import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Slack for Exception Alerts and the Slack Interaction Trigger.
 *
 * Bot Token (recommended): a Slack app's Bot User OAuth Token (xoxb-...) with chat:write (post and
 * update messages), files:write (weekly chart), channels:read and groups:read (channel picker), plus
 * the app's Signing Secret so the trigger can verify button presses. Tested with auth.test.
 *
 * Incoming Webhook: a URL that posts into one fixed channel. Simpler to set up, but it can only post:
 * no updates in place, no thread replies, no chart. Tested by posting a short test message.
 */
export class SlackPostPurchaseApi implements ICredentialType {
	name = 'slackPostPurchaseApi';

	displayName = 'Slack (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/ExceptionAlerts/exceptionAlerts.svg',
		dark: 'file:../nodes/ExceptionAlerts/exceptionAlerts.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/slack.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Connection Type',
			name: 'mode',
			type: 'options',
			options: [
				{
					name: 'Bot Token',
					value: 'botToken',
					description: 'Post, update in place, reply in threads, upload the weekly chart',
				},
				{ name: 'Incoming Webhook', value: 'incomingWebhook', description: "Post only, into the webhook's channel" },
			],
			default: 'botToken',
		},
		{
			displayName: 'Bot User OAuth Token',
			name: 'botToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'xoxb-...',
			description: "From the Slack app's OAuth & Permissions page, after installing the app to the workspace",
			displayOptions: { show: { mode: ['botToken'] } },
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"From the Slack app's Basic Information page. The Slack Interaction Trigger uses it to refuse requests " +
				'that did not come from Slack.',
			displayOptions: { show: { mode: ['botToken'] } },
		},
		// A Slack incoming-webhook URL is a bearer secret: anyone who has it can post into the channel.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the reason is above
		{
			displayName: 'Webhook URL',
			name: 'webhookUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'https://hooks.slack.com/services/T000/B000/XXXX',
			description:
				"From the Slack app's Incoming Webhooks page. Testing this credential posts a short test message into " +
				'its channel.',
			displayOptions: { show: { mode: ['incomingWebhook'] } },
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/slack/api',
			description: 'Only for the sandbox and tests. Leave empty to talk to Slack (https://slack.com/api).',
			displayOptions: { show: { mode: ['botToken'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '={{$credentials.mode === "incomingWebhook" ? "" : "Bearer " + $credentials.botToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url:
				'={{$credentials.mode === "incomingWebhook" ? $credentials.webhookUrl : ($credentials.baseUrl ? ' +
				'$credentials.baseUrl.replace(/\\/+$/, "") : "https://slack.com/api") + "/auth.test"}}',
			headers: { 'Content-Type': 'application/json' },
			body:
				'={{$credentials.mode === "incomingWebhook" ? JSON.stringify({ text: "n8n: the Slack incoming webhook for ' +
				'Exception Alerts works." }) : "{}"}}',
		},
		// Slack answers a bad token with HTTP 200 and ok:false, so the body decides.
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'invalid_auth',
					message: 'Slack rejected the bot token (invalid_auth): copy the Bot User OAuth Token (xoxb-...) again',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'not_authed',
					message: 'No bot token was sent: fill in Bot User OAuth Token',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'token_revoked',
					message: 'This bot token was revoked: reinstall the Slack app and paste the new token',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'account_inactive',
					message: 'The Slack app or workspace is inactive: reinstall the app',
				},
			},
		],
	};
}
