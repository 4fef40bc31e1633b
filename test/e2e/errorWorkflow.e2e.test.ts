/**
 * The error-workflow template (workflows/00-error-alerts.json) in a real n8n with the packed package:
 * imported with its own id (every other template names it as settings.errorWorkflow), its Exception
 * Alerts node bound to the Slack and Store Profile credentials, then published (n8n 2.x starts only a
 * published error workflow). A webhook workflow whose node fails,
 * with that error workflow set, is called over HTTP; n8n starts the error workflow, which posts one
 * message to the simulated Slack naming the failed workflow and node, with a link to the execution,
 * and with the secret in the error masked.
 */
import type { Block } from '../../nodes/lib/connectors/slack/blocks';
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { createSlackSim, type SlackSim } from '../sandbox/vendors/slack';
import { bindStoreProfile, loadTemplate, storeProfileCredential } from '../unit/templates/checks';
import { E2E_SETUP_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, e2eGate, N8nInstance, webhookWorkflow } from './harness';

jest.setTimeout(2 * E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

/** The id the generator gives the error workflow (scripts/generate-templates.ts). */
const ERROR_WORKFLOW_ID = 'PpErrorAlerts001';
const SLACK = { id: 'errSlack000000001', name: 'Slack sandbox' };
const PROFILE = { id: 'errStoreProfile01', name: 'Store profile (e2e)' };
const SECRET = 'shpat_0123456789abcdef0123456789abcdef';

(gate.run ? describe : describe.skip)('error-workflow template in real n8n', () => {
	let n8n: N8nInstance;
	let sandbox: RunningSandbox;
	let slack: SlackSim;

	beforeAll(async () => {
		slack = createSlackSim();
		sandbox = await startSandbox([slack]);
		n8n = await N8nInstance.create({ install: gate.install });
		await n8n.importCredentials([
			{
				...SLACK,
				type: 'slackPostPurchaseApi',
				data: {
					mode: 'botToken',
					botToken: 'xoxb-sandbox-token',
					signingSecret: 's',
					baseUrl: `${sandbox.baseUrl('slack')}/api`,
				},
			},
			storeProfileCredential(PROFILE, { slackChannelDefault: '#order-exceptions', storeName: 'Acme Outdoor' }),
		]);
		const template = bindStoreProfile(loadTemplate('00-error-alerts.json'), PROFILE);
		for (const node of template.nodes)
			if (node.type.endsWith('.exceptionAlerts'))
				node.credentials = { ...(node.credentials ?? {}), slackPostPurchaseApi: SLACK };
		// The CLI import keeps the template's id: the one the other templates' settings name.
		expect(await n8n.importWorkflow(template)).toBe(ERROR_WORKFLOW_ID);
		await n8n.startServer();
		// n8n 2.x runs an error workflow only when it is published (active): a user publishes it after import.
		await n8n.api('POST', `/workflows/${ERROR_WORKFLOW_ID}/activate`);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	it('a failed execution is posted once, naming the workflow and the node, with a link to the execution', async () => {
		const failing = webhookWorkflow({
			name: 'Intake that fails (e2e)',
			path: 'pp-fails-on-purpose',
			nodes: [
				{
					name: 'Read the order',
					type: 'n8n-nodes-base.stopAndError',
					typeVersion: 1,
					parameters: {
						errorType: 'errorMessage',
						errorMessage: `Shopify refused the token ${SECRET} <!channel>`,
					},
				},
			],
		});
		const failingId = await n8n.activateWorkflow({
			...failing,
			settings: { executionOrder: 'v1', errorWorkflow: ERROR_WORKFLOW_ID },
		});
		const res = await n8n.callWebhook('pp-fails-on-purpose', { order: 1001 });
		expect(res.status).toBeGreaterThanOrEqual(400);

		const failed = await n8n.waitForExecution(failingId);
		expect(failed.status).toBe('error');
		const alert = await n8n.waitForExecution(ERROR_WORKFLOW_ID, 120_000);
		expect(alert.status).toBe('success');

		const messages = slack.messagesIn('C0EXCEPTIONS');
		expect(messages).toHaveLength(1);
		const blocks = JSON.stringify(messages[0].blocks);
		expect(blocks).toContain('Intake that fails (e2e)');
		expect(blocks).toContain('*Node*\\nRead the order');
		expect(blocks).toContain('Shopify refused the token [redacted] &lt;!channel&gt;');
		expect(blocks).not.toContain(SECRET);
		expect(blocks).toContain('Acme Outdoor');
		const button = ((messages[0].blocks ?? []) as Block[])
			.flatMap((b) => (b.type === 'actions' ? b.elements : []))
			.find((e) => e.text?.text === 'Open execution');
		expect(button?.url).toMatch(
			new RegExp(`^http://127\\.0\\.0\\.1:\\d+/workflow/${failingId}/executions/${failed.id}$`),
		);
		expect(messages[0].text).toContain('Workflow "Intake that fails (e2e)" failed at node "Read the order"');
	});
});
