/**
 * Slack Interaction Trigger through n8n's webhook context: Slack's signature on the raw body, the
 * 5-minute replay window, an immediate empty 200 (Slack's 3-second rule: the node answers in
 * onReceived mode before the workflow runs), and the items the workflow gets.
 */
import type { IDataObject } from 'n8n-workflow';
import { SlackInteractionTrigger } from '../../nodes/SlackInteractionTrigger/SlackInteractionTrigger.node';
import { SlackPostPurchaseApi } from '../../credentials/SlackPostPurchaseApi.credentials';
import { runWebhook } from '../helpers/n8n';
import { blockActionsPayload, formBody, signedHeaders } from '../unit/slack/interactionFixture';

const SECRET = 'e4b1f0c2d9a84b7f9c3e2a1d5f6b7c8d';
const CASE = '1001:tracking_stalled:2026-11-18T11:00:00.000Z';

const call = (body: string, headers: Record<string, string>, parameters: IDataObject = {}) =>
	runWebhook({
		nodeType: new SlackInteractionTrigger(),
		parameters,
		credentials: { slackPostPurchaseApi: { mode: 'botToken', botToken: 'xoxb-x', signingSecret: SECRET } },
		credentialTypes: [new SlackPostPurchaseApi()],
		method: 'POST',
		headers,
		rawBody: Buffer.from(body),
		path: 'slack-interactions',
	});

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('Slack Interaction Trigger', () => {
	it('answers at once in onReceived mode (no waiting on the workflow)', () => {
		const hook = new SlackInteractionTrigger().getNodeType(1).description.webhooks?.[0];
		expect(hook).toMatchObject({ httpMethod: 'POST', responseMode: 'onReceived' });
	});

	it('a correctly signed press becomes one item: who pressed what on which case', async () => {
		const body = formBody(blockActionsPayload([{ action: 'resolve', caseId: CASE }]));
		const res = await call(body, signedHeaders(body, SECRET, nowSeconds()));
		expect(res.status).toBe(200);
		expect(res.body === '' || res.body === undefined).toBe(true);
		const items = res.workflowData?.[0] ?? [];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			action: 'resolve',
			caseId: CASE,
			user: { id: 'U024BE7LH', username: 'ops.lead' },
			channel: { id: 'C0EXCEPTIONS' },
			messageTs: '1763640000.000100',
		});
		expect(typeof items[0].json.receivedAt).toBe('string');
	});

	it("keeps Slack's exact bytes: a body with characters a re-encode would change still verifies", async () => {
		const payload = blockActionsPayload([
			{ action: 'acknowledge', caseId: "order*~!'()#1001:delivery_late:2026-11-18T11:00:00.000Z" },
		]);
		// Slack encodes spaces as '+' and leaves *~ alone; URLSearchParams would write them differently.
		const body = `payload=${encodeURIComponent(JSON.stringify(payload)).replace(/%20/g, '+')}`;
		const res = await call(body, signedHeaders(body, SECRET, nowSeconds()));
		expect(res.status).toBe(200);
		expect(res.workflowData?.[0][0].json.caseId).toBe("order*~!'()#1001:delivery_late:2026-11-18T11:00:00.000Z");
	});

	it('rejects a forged signature with 401 and starts nothing', async () => {
		const body = formBody(blockActionsPayload([{ action: 'resolve', caseId: CASE }]));
		const res = await call(body, signedHeaders(body, 'not-the-apps-secret', nowSeconds()));
		expect(res.status).toBe(401);
		expect(res.workflowData).toBeUndefined();
		expect(JSON.stringify(res.body)).toContain('mismatch');
	});

	it('rejects a body altered after signing with 401', async () => {
		const body = formBody(blockActionsPayload([{ action: 'acknowledge', caseId: CASE }]));
		const headers = signedHeaders(body, SECRET, nowSeconds());
		const res = await call(body.replace('acknowledge', 'resolve'), headers);
		expect(res.status).toBe(401);
		expect(res.workflowData).toBeUndefined();
	});

	it('rejects a replayed request older than 5 minutes with 401, even with a valid signature', async () => {
		const body = formBody(blockActionsPayload([{ action: 'resolve', caseId: CASE }]));
		const res = await call(body, signedHeaders(body, SECRET, nowSeconds() - 6 * 60));
		expect(res.status).toBe(401);
		expect(JSON.stringify(res.body)).toContain('stale_timestamp');
		expect(res.workflowData).toBeUndefined();
	});

	it("rejects a request without Slack's headers with 401", async () => {
		const body = formBody(blockActionsPayload([{ action: 'resolve', caseId: CASE }]));
		const res = await call(body, { 'content-type': 'application/x-www-form-urlencoded' });
		expect(res.status).toBe(401);
		expect(res.workflowData).toBeUndefined();
	});

	it('answers a signed but malformed body with 400 naming the field', async () => {
		const body = 'payload=%7Bbroken';
		const res = await call(body, signedHeaders(body, SECRET, nowSeconds()));
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toContain('payload');
		expect(res.workflowData).toBeUndefined();
	});

	it(
		'acknowledges other interaction types and filtered-out buttons with 200, ' + 'without starting the workflow',
		async () => {
			const other = formBody({ type: 'view_closed', user: { id: 'U1' } });
			const a = await call(other, signedHeaders(other, SECRET, nowSeconds()));
			expect(a.status).toBe(200);
			expect(a.workflowData).toBeUndefined();
			const body = formBody(blockActionsPayload([{ action: 'assign_to_me', caseId: CASE }]));
			const b = await call(body, signedHeaders(body, SECRET, nowSeconds()), { actions: ['acknowledge', 'resolve'] });
			expect(b.status).toBe(200);
			expect(b.workflowData).toBeUndefined();
		},
	);
});
