import {
	FAILED_EXECUTION_LIMITS,
	OPEN_EXECUTION_ACTION_ID,
	buildFailedExecutionMessage,
	readFailedExecution,
	redactSecrets,
} from '../../../nodes/lib/connectors/slack/failedExecutionMessage';
import type { Block } from '../../../nodes/lib/connectors/slack/blocks';
import { ValidationError } from '../../../nodes/lib/http/errors';
import { blockKitViolations } from '../../sandbox/vendors/slack';
import { blockKitErrors } from '../../contract/slack/blockKitSchema';

const NOW = '2026-11-20T15:30:00.000Z';

/** The Error Trigger's item as n8n's docs show it (Error Trigger node, "Error data"). */
function executionFailure(over: { execution?: Record<string, unknown>; workflow?: Record<string, unknown> } = {}) {
	return {
		execution: {
			id: '231',
			url: 'https://n8n.example.com/workflow/1/executions/231',
			retryOf: '34',
			error: {
				message: 'Example Error Message',
				stack: 'Error: Example Error Message\n    at secretFunction (x.js:1)',
			},
			lastNodeExecuted: 'Node With Error',
			mode: 'manual',
			...over.execution,
		},
		workflow: { id: '1', name: 'Example Workflow', ...over.workflow },
	};
}

const allText = (blocks: Block[]) => JSON.stringify(blocks);
const buttons = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));

function expectValid(blocks: Block[]) {
	expect(blockKitErrors(blocks)).toEqual([]);
	expect(blockKitViolations(blocks)).toEqual([]);
}

describe('failed execution message', () => {
	it('names the workflow and the node, shows the error and when, and links to the execution', () => {
		const built = buildFailedExecutionMessage(executionFailure(), { now: NOW });
		const { blocks, text } = built.message;
		expectValid(blocks);
		expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '🚨 Workflow failed: Example Workflow' } });
		const all = allText(blocks);
		expect(all).toContain('*Workflow*\\nExample Workflow');
		expect(all).toContain('*Node*\\nNode With Error');
		expect(all).toContain('*Execution*\\n231');
		expect(all).toContain('*Retry of*\\n34');
		expect(all).toContain('```Example Error Message```');
		// Shown in each reader's time zone, with a UTC fallback.
		expect(all).toContain(`<!date^${Date.parse(NOW) / 1000}^{date_short_pretty} at {time}|2026-11-20 15:30 UTC>`);
		expect(buttons(blocks)).toEqual([
			expect.objectContaining({
				action_id: OPEN_EXECUTION_ACTION_ID,
				text: expect.objectContaining({ text: 'Open execution' }),
				url: 'https://n8n.example.com/workflow/1/executions/231',
			}),
		]);
		expect(text).toBe('Workflow "Example Workflow" failed at node "Node With Error": Example Error Message');
		expect(built.failure).toMatchObject({ kind: 'execution', executionId: '231', node: 'Node With Error' });
		expect(built.redactions).toBe(0);
	});

	it('never shows the stack', () => {
		const { message } = buildFailedExecutionMessage(executionFailure(), { now: NOW });
		expect(allText(message.blocks)).not.toContain('secretFunction');
		expect(message.text).not.toContain('secretFunction');
	});

	it("shows the error's own advice (a node error's description) under What to do", () => {
		const item = executionFailure({
			execution: { error: { message: 'Forbidden', description: 'Check the <Shopify> token & its scopes.' } },
		});
		const { message } = buildFailedExecutionMessage(item, { now: NOW });
		expectValid(message.blocks);
		expect(allText(message.blocks)).toContain('*What to do*\\nCheck the &lt;Shopify&gt; token &amp; its scopes.');
	});

	it('reports a trigger failure: no execution, no link, the node from the error', () => {
		const item = {
			trigger: {
				error: { message: 'Webhook registration failed', node: { name: 'Shopify Trigger' } },
				mode: 'trigger',
			},
			workflow: { id: '7', name: 'Intake' },
		};
		const built = buildFailedExecutionMessage(item, { now: NOW });
		expectValid(built.message.blocks);
		expect(buttons(built.message.blocks)).toEqual([]);
		const all = allText(built.message.blocks);
		expect(all).toContain('*Node*\\nShopify Trigger');
		expect(all).not.toContain('*Execution*');
		expect(all).toContain('No execution was saved');
		expect(built.failure).toMatchObject({ kind: 'trigger', executionId: null, executionUrl: null });
	});

	it('says the trigger failed when n8n names no node', () => {
		const built = buildFailedExecutionMessage(
			{ trigger: { error: { message: 'boom' }, mode: 'trigger' }, workflow: { id: '7', name: 'Intake' } },
			{ now: NOW },
		);
		expect(allText(built.message.blocks)).toContain('The trigger, before an execution started');
		expect(built.message.text).toBe('Workflow "Intake" failed at its trigger: boom');
	});

	it.each([
		['missing', undefined],
		['empty', ''],
		['not http(s)', 'javascript:alert(1)'],
		['relative', '/workflow/1/executions/231'],
		['with spaces', 'https://n8n.example.com/a b'],
	])('gives no button when the url is %s, and says why', (_label, url) => {
		const item = executionFailure();
		(item.execution as Record<string, unknown>).url = url;
		const built = buildFailedExecutionMessage(item, { now: NOW });
		expectValid(built.message.blocks);
		expect(buttons(built.message.blocks)).toEqual([]);
		expect(allText(built.message.blocks)).toContain('No link: n8n sent no http(s) URL');
		expect(built.failure.executionUrl).toBeNull();
	});

	it('keeps a long error short and says where the rest is', () => {
		const item = executionFailure({ execution: { error: { message: 'x'.repeat(50_000) } } });
		const built = buildFailedExecutionMessage(item, { now: NOW });
		expectValid(built.message.blocks);
		expect(built.errorTruncated).toBe(true);
		expect(built.failure.errorMessage.length).toBeLessThanOrEqual(FAILED_EXECUTION_LIMITS.errorMessage);
		expect(built.failure.errorMessage).toMatch(/full error is in the execution\)$/);
		expect(built.message.text.length).toBeLessThan(500);
	});

	it('cannot be broken by markdown in the error, the workflow or the node name', () => {
		const hostile = '<!channel> *bold* _it_ ~s~ ``` closed ``` <https://evil.example|click> & more';
		const item = executionFailure({
			execution: { error: { message: hostile }, lastNodeExecuted: '<@U123> node' },
			workflow: { name: '*Intake* <!here>' },
		});
		const { message } = buildFailedExecutionMessage(item, { now: NOW });
		expectValid(message.blocks);
		// Slack parses mentions and links in mrkdwn only (the header is plain_text, shown as typed).
		const mrkdwnTexts = JSON.stringify(message.blocks.filter((b) => b.type !== 'header'));
		expect(mrkdwnTexts).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
		expect(message.text).not.toMatch(/<!channel>|<!here>|<@U123>/);
		// One code block: the error's own backticks cannot close it.
		const errorSection = message.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*Error*'));
		const errorText = errorSection && errorSection.type === 'section' ? errorSection.text!.text : '';
		expect(errorText.match(/```/g)).toHaveLength(2);
		expect(errorText).toContain('&lt;!channel&gt; *bold* _it_ ~s~');
	});

	it.each([
		['a Slack bot token', 'invalid_auth for xoxb-1234567890-abcdefghij', 'xoxb-1234567890'],
		['a Shopify admin token', 'token shpat_0123456789abcdef0123456789abcdef rejected', 'shpat_0123'],
		['a Bearer header', 'Authorization: Bearer abc.def.ghi-jkl', 'abc.def'],
		['a password in a connection string', 'connect postgres://ledger:hunter2@db:5432/x failed', 'hunter2'],
		['a key in a query string', 'GET https://api.example.com/x?api_key=abc123secret failed', 'abc123secret'],
		['a JSON secret field', '{"client_secret":"s3cr3t-value","id":1}', 's3cr3t-value'],
		['password=', 'login failed: password=letmein user=ops', 'letmein'],
		['a Stripe key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', '4eC39HqLyjWDarjtT1zdp7dc'],
		['a long opaque key', `key ${'a1B2c3D4'.repeat(6)} refused`, 'a1B2c3D4a1B2'],
	])('masks %s', (_label, errorMessage, secret) => {
		const item = executionFailure({ execution: { error: { message: errorMessage, description: errorMessage } } });
		const built = buildFailedExecutionMessage(item, { now: NOW });
		expect(JSON.stringify(built.message)).not.toContain(secret);
		expect(JSON.stringify(built.failure)).not.toContain(secret);
		expect(built.redactions).toBeGreaterThan(0);
		expect(allText(built.message.blocks)).toContain('Values that looked like secrets were masked');
	});

	it('leaves ordinary errors alone', () => {
		for (const message of [
			'Order #1001 (gid://shopify/Order/5550001) not found',
			'The service was not able to process your request (429)',
			'Cannot read properties of undefined (reading "token")',
			'execution 8f14e45f-ceea-467f-a0e6-5b5f3d4e3c2a timed out',
		]) {
			expect(redactSecrets(message)).toEqual({ text: message, count: 0 });
		}
	});

	it('shows the store name, when given, in the context line', () => {
		const { message } = buildFailedExecutionMessage(executionFailure(), { now: NOW, storeName: 'Acme & Co' });
		expect(allText(message.blocks)).toContain('Acme &amp; Co');
	});
});

describe('reading the Error Trigger item', () => {
	it.each([
		['not an object', 'oops', 'item'],
		['without workflow', { execution: { id: '1' } }, 'workflow'],
		['with a nameless workflow', { workflow: {}, execution: { id: '1' } }, 'workflow.name'],
		['without execution or trigger', { workflow: { name: 'W' } }, 'execution'],
	])('rejects an item %s, naming the field', (_label, input, field) => {
		let error: unknown;
		try {
			readFailedExecution(input);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).field).toBe(field);
		expect((error as ValidationError).hint).toContain('Error Trigger');
	});

	it('takes the workflow id as its name when n8n sends no name', () => {
		expect(readFailedExecution({ workflow: { id: 'abc' }, execution: {} }).workflow.name).toBe('Workflow abc');
	});
});
