/**
 * Exception Alerts > Post Failed Execution through n8n's real execution engine, against the simulated
 * Slack on loopback. No ledger credential is given: the operation must never open the Order Ledger.
 */
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import { ExceptionAlerts } from '../../nodes/ExceptionAlerts/ExceptionAlerts.node';
import { versionDescription } from '../../nodes/ExceptionAlerts/v1/versionDescription';
import { SlackPostPurchaseApi } from '../../credentials/SlackPostPurchaseApi.credentials';
import { PostPurchaseStoreProfileApi } from '../../credentials/PostPurchaseStoreProfileApi.credentials';
import { runNode } from '../helpers/n8n';
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { createSlackSim, type SlackSim } from '../sandbox/vendors/slack';
import { blockKitErrors } from '../contract/slack/blockKitSchema';
import { storeProfileFor } from '../unit/templates/checks';

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** The Error Trigger's item (docs.n8n.io, Error Trigger node, "Error data"). */
const failure = (over: Record<string, unknown> = {}) => ({
	execution: {
		id: '231',
		url: 'http://localhost:5678/workflow/wf1/executions/231',
		retryOf: null,
		error: { message: 'Shopify answered 401 for token shpat_0123456789abcdef0123456789abcdef', stack: 'at x.js:1' },
		lastNodeExecuted: 'Read orders',
		mode: 'webhook',
		...over,
	},
	workflow: { id: 'wf1', name: 'Post-purchase 1: Shopify webhook intake' },
});

describe('Exception Alerts node: Post Failed Execution', () => {
	let sandbox: RunningSandbox;
	let sim: SlackSim;

	beforeEach(async () => {
		sim = createSlackSim({ webhooks: { hook1: 'C0EXCEPTIONS' } });
		sandbox = await startSandbox([sim]);
	});
	afterEach(() => sandbox.close());

	const slack = (over: Record<string, unknown> = {}) => ({
		mode: 'botToken',
		botToken: 'xoxb-sandbox-token',
		signingSecret: 's',
		baseUrl: `${sandbox.baseUrl('slack')}/api`,
		...over,
	});

	const run = (
		parameters: Record<string, unknown>,
		input: INodeExecutionData[],
		opts: { continueOnFail?: boolean; profile?: Record<string, unknown>; slack?: Record<string, unknown> } = {},
	) =>
		runNode({
			nodeType: new ExceptionAlerts(),
			// A ledger backend that cannot be reached: Post Failed Execution must not try.
			parameters: { operation: 'postFailedExecution', backend: 'postgres', ...parameters },
			credentials: {
				slackPostPurchaseApi: (opts.slack ?? slack()) as ICredentialDataDecryptedObject,
				...(opts.profile ? { postPurchaseStoreProfileApi: opts.profile as ICredentialDataDecryptedObject } : {}),
			},
			credentialTypes: [new SlackPostPurchaseApi(), new PostPurchaseStoreProfileApi()],
			input,
			continueOnFail: opts.continueOnFail,
		});

	it("posts one message to the profile's default channel: workflow, node, masked error, link", async () => {
		const res = await run({ settingsSource: 'profile' }, [{ json: failure() }], {
			profile: storeProfileFor({ slackChannelDefault: '#order-exceptions', storeName: 'Acme Outdoor' }),
		});
		expect(res.error).toBeUndefined();
		const out = res.outputs[0][0];
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(out.json).toMatchObject({
			action: 'posted',
			channel: 'C0EXCEPTIONS',
			node: 'Read orders',
			executionId: '231',
			executionUrl: 'http://localhost:5678/workflow/wf1/executions/231',
			redactions: 1,
		});
		expect(JSON.stringify(out.json)).not.toContain('shpat_0123');
		const messages = sim.messagesIn('C0EXCEPTIONS');
		expect(messages).toHaveLength(1);
		expect(blockKitErrors(messages[0].blocks)).toEqual([]);
		const blocks = JSON.stringify(messages[0].blocks);
		expect(blocks).toContain('Post-purchase 1: Shopify webhook intake');
		expect(blocks).toContain('*Node*\\nRead orders');
		expect(blocks).toContain('"url":"http://localhost:5678/workflow/wf1/executions/231"');
		expect(blocks).toContain('Acme Outdoor');
		expect(blocks).not.toContain('shpat_0123');
		expect(blocks).not.toContain('at x.js');
		expect(sim.countCalls('chat.postMessage')).toBe(1);
	});

	it("posts to the node's Channel when the settings are the node's parameters", async () => {
		const res = await run({ settingsSource: 'parameters', failureChannel: rl('C0WAREHOUSE') }, [{ json: failure() }]);
		expect(res.error).toBeUndefined();
		expect(res.outputs[0][0].json).toMatchObject({ channel: 'C0WAREHOUSE' });
		expect(sim.messagesIn('C0WAREHOUSE')).toHaveLength(1);
	});

	it("posts through an incoming webhook credential (to the webhook's own channel)", async () => {
		const res = await run({ settingsSource: 'parameters', failureChannel: rl('C0WAREHOUSE') }, [{ json: failure() }], {
			slack: { mode: 'incomingWebhook', webhookUrl: `${sandbox.baseUrl('slack')}/webhook/hook1` },
		});
		expect(res.error).toBeUndefined();
		expect(res.outputs[0][0].json).toMatchObject({ action: 'posted', channel: null });
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
	});

	it('a bad item fails that item only with Continue On Fail, naming the field; the good one is posted', async () => {
		const res = await run(
			{ settingsSource: 'parameters', failureChannel: rl('C0EXCEPTIONS') },
			[{ json: { workflow: { name: 'W' } } }, { json: failure() }],
			{ continueOnFail: true },
		);
		const [bad, good] = res.outputs[0];
		expect(bad.json.error).toContain('neither an "execution" nor a "trigger"');
		expect(bad.json.description).toContain('Field: execution');
		expect(bad.json.description).toContain('Error Trigger');
		expect(bad.pairedItem).toEqual({ item: 0 });
		expect(good.json).toMatchObject({ action: 'posted' });
		expect(good.pairedItem).toEqual({ item: 1 });
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
	});

	it('without Continue On Fail a bad item stops the run, naming the field', async () => {
		const res = await run({ settingsSource: 'parameters', failureChannel: rl('C0EXCEPTIONS') }, [
			{ json: { execution: { id: '1' } } },
		]);
		expect(res.error?.message).toContain('no "workflow" object');
		expect(String((res.error as { description?: string }).description)).toContain('Field: workflow');
		expect(sim.countCalls('chat.postMessage')).toBe(0);
	});

	it('an empty profile channel is an error naming the profile field', async () => {
		const res = await run({ settingsSource: 'profile' }, [{ json: failure() }], {
			profile: storeProfileFor({ slackChannelDefault: '' }),
		});
		expect(res.error?.message).toBe('No Slack channel is set for failed executions');
		expect(String((res.error as { description?: string }).description)).toContain('slackChannelDefault');
	});

	it('hides the ledger storage parameters and credentials for this operation only', () => {
		const backend = versionDescription.properties.find((p) => p.name === 'backend');
		expect(backend?.displayOptions?.hide?.operation).toEqual(['postFailedExecution']);
		const postgres = versionDescription.credentials?.find((c) => c.name === 'postPurchasePostgresApi');
		expect(postgres?.displayOptions).toEqual({
			show: { backend: ['postgres'] },
			hide: { operation: ['postFailedExecution'] },
		});
		const channel = versionDescription.properties.find((p) => p.name === 'failureChannel');
		expect(channel?.displayOptions?.show).toEqual({
			operation: ['postFailedExecution'],
			settingsSource: ['parameters'],
		});
	});
});
