/**
 * Slack answers most failures with HTTP 200 and `{ ok: false, error }`. SlackApiError carries that
 * code plus a sentence a non-engineer can act on (the node shows it as the error description).
 */
export class SlackApiError extends Error {
	readonly method: string;
	readonly code: string;
	readonly channel?: string;
	readonly hint: string;
	/** Extra fields Slack sent (needed / provided scopes, response_metadata.messages). */
	readonly detail: Record<string, unknown>;
	constructor(method: string, code: string, options: { channel?: string; detail?: Record<string, unknown> } = {}) {
		const where = options.channel ? ` (channel ${options.channel})` : '';
		super(`Slack ${method} failed: ${code}${where}`);
		this.name = 'SlackApiError';
		this.method = method;
		this.code = code;
		this.channel = options.channel;
		this.detail = options.detail ?? {};
		this.hint = hintForSlackError(code, options.channel, this.detail);
	}
}

export function hintForSlackError(
	code: string,
	channel: string | undefined,
	detail: Record<string, unknown> = {},
): string {
	const ch = channel ? `channel ${channel}` : 'the channel';
	switch (code) {
		case 'not_in_channel':
			return (
				`The Slack app is not a member of ${ch}. In Slack, open ${ch} and type "/invite @" followed by the app's ` +
				`name (or add the app under the channel's Integrations), then run again.`
			);
		case 'channel_not_found':
			return (
				`Slack cannot find ${ch}: it does not exist, or it is private and the app was never invited. Check the ` +
				`channel chosen for this exception type; for a private channel, invite the app first.`
			);
		case 'is_archived':
		case 'channel_is_archived':
			return `${capitalise(ch)} is archived. Unarchive it or choose another channel for this exception type.`;
		case 'not_authed':
		case 'invalid_auth':
		case 'token_revoked':
		case 'account_inactive':
		case 'token_expired':
			return (
				'Slack rejected the bot token. Copy the "Bot User OAuth Token" (xoxb-...) from the Slack app\'s OAuth & ' +
				'Permissions page into the credential; reinstall the app if it was removed.'
			);
		case 'missing_scope':
			return (
				`The bot token lacks the scope ${String(detail.needed ?? 'the method needs')}. Add it under OAuth & ` +
				`Permissions in the Slack app, reinstall the app to the workspace, and paste the new token into the ` +
				`credential.`
			);
		case 'message_not_found':
			return (
				'The Slack message for this case was deleted. Post Exception posts a fresh one; Update Exception needs the ' +
				'case to be posted first.'
			);
		case 'cant_update_message':
			return (
				'This Slack message was not posted by this app, so it cannot be changed. Post the case again with this ' +
				'credential.'
			);
		case 'edit_window_closed':
			return 'Slack no longer allows editing this message (the workspace limits how long messages can be edited).';
		case 'msg_too_long':
		case 'invalid_blocks':
		case 'invalid_blocks_format':
			return 'Slack refused the message layout. This is a bug in the node; please report it with the case id.';
		case 'ratelimited':
		case 'rate_limited':
			return (
				'Slack kept rate-limiting after several retries. Post fewer cases per run or run less often; nothing was ' +
				'posted twice.'
			);
		case 'webhook_only':
			return (
				'The credential is an incoming webhook, which can only post new messages. Use a bot token credential to ' +
				'update messages and post reports with charts.'
			);
		default:
			return `Slack answered "${code}". Look the code up on the method's page at docs.slack.dev.`;
	}
}

function capitalise(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}
