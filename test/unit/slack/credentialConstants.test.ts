/**
 * Credentials import only n8n-workflow, so the Slack credential inlines the Web API's address for its
 * test request (auth.test); it must stay the address the Slack client calls.
 */
import { SlackPostPurchaseApi } from '../../../credentials/SlackPostPurchaseApi.credentials';
import { DEFAULT_SLACK_API_URL } from '../../../nodes/lib/connectors/slack/client';

describe('Slack credential', () => {
	it('tests a bot token with auth.test on the Web API the client calls (override, else Slack)', () => {
		expect(new SlackPostPurchaseApi().test.request.url).toBe(
			`={{$credentials.mode === "incomingWebhook" ? $credentials.webhookUrl : ($credentials.baseUrl ? ` +
				`$credentials.baseUrl.replace(/\\/+$/, "") : "${DEFAULT_SLACK_API_URL}") + "/auth.test"}}`,
		);
	});
});
