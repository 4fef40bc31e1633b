/**
 * A block_actions payload as Slack sends it for a button press, shaped after Slack's
 * "block_actions payload" reference and the official SDK's BlockAction/ButtonAction types
 * (slackapi/bolt-js src/types/actions/block-action.ts): type, team, user, api_app_id, token,
 * container, trigger_id, channel, message, response_url, actions[{type, action_id, block_id, text,
 * value, style, action_ts}]. Posted form-encoded as `payload=<json>`.
 */
import { computeSlackSignature } from '../../helpers/webhookSigners';
import { actionIdFor, type CaseAction } from '../../../nodes/lib/connectors/slack/interaction';

export function blockActionsPayload(
	press: Array<{ action: CaseAction; caseId: string }>,
	user = { id: 'U024BE7LH', username: 'ops.lead', name: 'ops.lead', team_id: 'T0SANDBOX1' },
) {
	const messageTs = '1763640000.000100';
	return {
		type: 'block_actions',
		user,
		api_app_id: 'A0SANDBOXAP',
		token: 'legacyVerificationTokenNotUsed',
		container: { type: 'message', message_ts: messageTs, channel_id: 'C0EXCEPTIONS', is_ephemeral: false },
		trigger_id: '12345.98765.abcd2358fdea',
		team: { id: 'T0SANDBOX1', domain: 'sandbox' },
		enterprise: null,
		is_enterprise_install: false,
		channel: { id: 'C0EXCEPTIONS', name: 'order-exceptions' },
		message: {
			type: 'message',
			subtype: 'bot_message',
			text: '#1001: Tracking stalled',
			ts: messageTs,
			bot_id: 'B0SANDBOX01',
			blocks: [],
		},
		state: { values: {} },
		response_url: 'https://hooks.slack.com/actions/T0SANDBOX1/1234567890/abcdefghijklmnop',
		actions: press.map((p, i) => ({
			type: 'button',
			action_id: actionIdFor(p.action, p.caseId),
			block_id: 'b' + i,
			text: { type: 'plain_text', text: p.action, emoji: true },
			value: p.caseId,
			action_ts: `1763640001.00${i}`,
		})),
	};
}

export function formBody(payload: unknown): string {
	return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export function signedHeaders(body: string, secret: string, timestampSeconds: number): Record<string, string> {
	const ts = String(timestampSeconds);
	return {
		'content-type': 'application/x-www-form-urlencoded',
		'x-slack-request-timestamp': ts,
		'x-slack-signature': computeSlackSignature(secret, ts, body),
	};
}
