/**
 * Exception Alerts through n8n's real execution engine, against the simulated Slack on loopback and
 * a real PostgreSQL ledger (its own schema). The credential's `authenticate` adds the bot token: the
 * simulated Slack refuses calls without it, so every passing call proves the credential works.
 */
import { Client } from 'pg';
import type { INodeExecutionData } from 'n8n-workflow';
import { ExceptionAlerts } from '../../nodes/ExceptionAlerts/ExceptionAlerts.node';
import { operationProperty, operations } from '../../nodes/ExceptionAlerts/v1/actions';
import { searchChannels } from '../../nodes/ExceptionAlerts/v1/methods';
import { SlackPostPurchaseApi } from '../../credentials/SlackPostPurchaseApi.credentials';
import { PostPurchaseStoreProfileApi } from '../../credentials/PostPurchaseStoreProfileApi.credentials';
import { openLedger, type LedgerStore } from '../../nodes/lib/ledger';
import { runNode } from '../helpers/n8n';
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { createSlackSim, type SlackSim } from '../sandbox/vendors/slack';
import { blockKitErrors } from '../contract/slack/blockKitSchema';
import { addCases } from '../unit/slack/fixtures';
import { simAcceptThenFail } from '../helpers/ambiguous';

const SCHEMA = `slack_node_${process.pid}_${Date.now()}`;
const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: '', ssl: 'disable' };
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Exception Alerts node: operations', () => {
	it('routes every value of the operation parameter, and nothing else, to the module named after it', () => {
		const values = (operationProperty.options ?? []).map((o) => (o as { value: string }).value);
		expect(Object.keys(operations).sort()).toEqual([...values].sort());
	});

	it('stops with a clear error for an operation it does not have', async () => {
		const { error } = await runNode({
			nodeType: new ExceptionAlerts(),
			parameters: { operation: 'deleteEverything' },
			credentials: { slackPostPurchaseApi: { mode: 'botToken', botToken: 'xoxb-x' } },
			credentialTypes: [new SlackPostPurchaseApi(), new PostPurchaseStoreProfileApi()],
		});
		expect(error?.message).toBe('Unknown operation "deleteEverything"');
	});
});

describe('Exception Alerts node', () => {
	let sandbox: RunningSandbox;
	let sim: SlackSim;
	let ledger: LedgerStore;
	let seq = 7000;

	beforeAll(async () => {
		ledger = await openLedger({ backend: 'postgres', connection: { ...PG, ssl: false, schema: SCHEMA } });
	});
	afterAll(async () => {
		await ledger.close();
		const pg = new Client({ ...PG, ssl: false });
		await pg.connect();
		await pg.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
		await pg.end();
	});
	beforeEach(async () => {
		sim = createSlackSim({ webhooks: { hook1: 'C0EXCEPTIONS' } });
		sandbox = await startSandbox([sim]);
	});
	afterEach(() => sandbox.close());

	const newCase = async (type: 'tracking_stalled' | 'fulfillment_stuck' = 'fulfillment_stuck') => {
		seq++;
		const [id] = await addCases(ledger, [{ orderKey: String(seq), type, openedAt: '2026-11-18T11:00:00.000Z' }]);
		return id;
	};

	const credentials = (over: Record<string, unknown> = {}) => ({
		slackPostPurchaseApi: {
			mode: 'botToken',
			botToken: 'xoxb-sandbox-token',
			signingSecret: 's',
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
			...over,
		},
		postPurchasePostgresApi: PG,
	});

	const run = (
		parameters: Record<string, unknown>,
		input: INodeExecutionData[],
		opts: { continueOnFail?: boolean; credentials?: ReturnType<typeof credentials> } = {},
	) =>
		runNode({
			nodeType: new ExceptionAlerts(),
			parameters: { backend: 'postgres', schema: SCHEMA, defaultChannel: rl('C0EXCEPTIONS'), ...parameters },
			credentials: opts.credentials ?? credentials(),
			credentialTypes: [new SlackPostPurchaseApi()],
			input,
			continueOnFail: opts.continueOnFail,
		});

	it('Post Exception run twice: one message, then one update of it', async () => {
		const id = await newCase();
		const first = await run({ operation: 'postException' }, [{ json: { id } }]);
		expect(first.error).toBeUndefined();
		expect(first.outputs[0][0].json).toMatchObject({
			caseId: id,
			action: 'posted',
			channel: 'C0EXCEPTIONS',
			refStored: true,
		});
		expect(first.outputs[0][0].pairedItem).toEqual({ item: 0 });
		const second = await run({ operation: 'postException' }, [{ json: { id } }]);
		expect(second.outputs[0][0].json).toMatchObject({ action: 'updated', ts: first.outputs[0][0].json.ts });
		expect(sim.countCalls('chat.postMessage')).toBe(1);
		expect(sim.countCalls('chat.update')).toBe(1);
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
		expect(blockKitErrors(sim.messagesIn('C0EXCEPTIONS')[0].blocks)).toEqual([]);
		expect((await ledger.getException(id))?.slack?.ts).toBe(first.outputs[0][0].json.ts);
	});

	it.each([['reset' as const], [500 as const], [503 as const]])(
		'Post Exception, Slack posts then the answer is lost (%s) on every post: one message, its ts stored',
		async (mode) => {
			sandbox.close();
			const flaky = simAcceptThenFail(sim, {
				match: (r) => r.path.endsWith('/chat.postMessage'),
				mode,
				times: 5,
			});
			sandbox = await startSandbox([flaky]);
			const id = await newCase();
			const res = await run({ operation: 'postException' }, [{ json: { id } }]);
			expect(res.error).toBeUndefined();
			const messages = sim.messagesIn('C0EXCEPTIONS');
			expect(messages).toHaveLength(1);
			expect(sim.countCalls('chat.postMessage')).toBe(1);
			expect(flaky.injected).toBe(1);
			expect(res.outputs[0][0].json).toMatchObject({ action: 'posted', ts: messages[0].ts, refStored: true });
			expect((await ledger.getException(id))?.slack?.ts).toBe(messages[0].ts);
		},
	);

	it('routes a type to its own channel (fixed collection with a channel locator)', async () => {
		const id = await newCase('tracking_stalled');
		const res = await run(
			{
				operation: 'postException',
				channelRoutes: { route: [{ exceptionType: 'tracking_stalled', channel: rl('C0SHIPPING1') }] },
			},
			[{ json: { id } }],
		);
		expect(res.outputs[0][0].json).toMatchObject({ channel: 'C0SHIPPING1' });
		expect(sim.messagesIn('C0SHIPPING1')).toHaveLength(1);
	});

	it('cases for different channels go side by side: a quiet channel does not wait behind a busy one', async () => {
		// Slack takes one message a second per channel, so three cases for one channel take two seconds of waiting.
		// The fourth item, for another channel, is posted during that wait, not after it. Order, not time, is checked.
		const busy = [await newCase(), await newCase(), await newCase()];
		const quiet = await newCase('tracking_stalled');
		const res = await run(
			{
				operation: 'postException',
				channelRoutes: { route: [{ exceptionType: 'tracking_stalled', channel: rl('C0SHIPPING1') }] },
			},
			[...busy, quiet].map((id) => ({ json: { id } })),
		);
		expect(res.error).toBeUndefined();
		// Outputs in item order, each paired with its item, one message per case.
		expect(res.outputs[0].map((o) => [o.json.caseId, o.json.action, o.pairedItem])).toEqual(
			[...busy, quiet].map((id, item) => [id, 'posted', { item }]),
		);
		const posts = sim.calls.filter((c) => c.method === 'chat.postMessage' && c.ok).map((c) => c.params.channel);
		expect(posts.filter((c) => c === 'C0EXCEPTIONS')).toHaveLength(3);
		expect(posts.indexOf('C0SHIPPING1')).toBeLessThan(posts.lastIndexOf('C0EXCEPTIONS'));
		expect(sim.messagesIn('C0SHIPPING1')).toHaveLength(1);
	});

	it('the same case twice in one run: one message (the second item updates it), never two posts at once', async () => {
		const id = await newCase();
		const res = await run({ operation: 'postException' }, [{ json: { id } }, { json: { id } }]);
		expect(res.outputs[0].map((o) => o.json.action)).toEqual(['posted', 'updated']);
		expect(sim.countCalls('chat.postMessage')).toBe(1);
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
	});

	it('an unknown case id fails that item only (continue on fail), naming the field', async () => {
		const id = await newCase();
		const res = await run({ operation: 'postException' }, [{ json: { id: 'no-such-case' } }, { json: { id } }], {
			continueOnFail: true,
		});
		const [bad, good] = res.outputs[0];
		expect(bad.json.error).toContain('No exception case "no-such-case"');
		expect(bad.json.description).toContain('Case ID');
		expect(bad.pairedItem).toEqual({ item: 0 });
		expect(good.json).toMatchObject({ action: 'posted' });
		expect(good.pairedItem).toEqual({ item: 1 });
	});

	it('a channel the bot is not in stops the run with an error naming the channel and the fix', async () => {
		const id = await newCase();
		const res = await run({ operation: 'postException', defaultChannel: rl('C0GENERAL01') }, [{ json: { id } }]);
		expect(res.error?.message).toContain('not_in_channel');
		expect(res.error?.message).toContain('C0GENERAL01');
		expect(String((res.error as { description?: string }).description)).toContain('/invite');
	});

	it('a deleted message is posted afresh', async () => {
		const id = await newCase();
		const first = await run({ operation: 'postException' }, [{ json: { id } }]);
		sim.deleteMessage('C0EXCEPTIONS', String(first.outputs[0][0].json.ts));
		const again = await run({ operation: 'postException' }, [{ json: { id } }]);
		expect(again.outputs[0][0].json).toMatchObject({ action: 'reposted', refStored: true });
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
		expect((await ledger.getException(id, new Date().toISOString()))?.slack?.ts).toBe(again.outputs[0][0].json.ts);
	});

	it('Update Exception shows the acknowledgement in place and replies in the thread', async () => {
		const id = await newCase();
		const first = await run({ operation: 'postException' }, [{ json: { id } }]);
		await ledger.acknowledgeException(id, 'U024BE7LH', new Date().toISOString());
		const res = await run({ operation: 'updateException', change: 'auto' }, [
			{ json: { caseId: id, user: { id: 'U024BE7LH' } } },
		]);
		expect(res.outputs[0][0].json).toMatchObject({ action: 'updated', state: 'acknowledged' });
		const ts = String(first.outputs[0][0].json.ts);
		expect(sim.repliesTo('C0EXCEPTIONS', ts)[0].text).toMatch(/^:eyes: Acknowledged by <@U024BE7LH>/);
		expect(JSON.stringify(sim.messagesIn('C0EXCEPTIONS')[0].blocks)).not.toContain('"Acknowledge"');
	});

	it('Update Exception "Press Refused" names the approvers in the thread, once per person who pressed', async () => {
		const id = await newCase();
		const first = await run({ operation: 'postException' }, [{ json: { id } }]);
		const ts = String(first.outputs[0][0].json.ts);
		const profile = (approvers: string) => ({
			...credentials(),
			postPurchaseStoreProfileApi: {
				slackChannelDefault: 'C0EXCEPTIONS',
				slackChannelWarehouse: 'C0EXCEPTIONS',
				approvers,
			},
		});
		const refuse = (user: string, approvers = 'U024BE7LH, U0G9QF9C6') =>
			run(
				{ operation: 'updateException', change: 'press_refused', settingsSource: 'profile' },
				[{ json: { caseId: id, user: { id: user } } }],
				{ credentials: profile(approvers) },
			);
		await refuse('U99SAM0001');
		await refuse('U99SAM0001');
		await refuse('U77LEE0002');
		// The store named someone else meanwhile: the same person pressing again hears the new name.
		await refuse('U99SAM0001', 'U0LEE12345');
		const replies = sim.repliesTo('C0EXCEPTIONS', ts).map((r) => r.text);
		expect(replies).toEqual([
			expect.stringMatching(/^:no_entry: <@U99SAM0001> pressed a button .* only <@U024BE7LH>, <@U0G9QF9C6> can/),
			expect.stringMatching(/^:no_entry: <@U77LEE0002> pressed/),
			expect.stringMatching(/^:no_entry: <@U99SAM0001> pressed .* only <@U0LEE12345> can/),
		]);
		expect(replies[0]).toMatch(/Nothing was changed\.$/);
		// The case itself is untouched: still open, its buttons still there.
		expect((await ledger.getException(id, new Date().toISOString()))?.resolvedAt ?? null).toBeNull();
		expect(JSON.stringify(sim.messagesIn('C0EXCEPTIONS')[0].blocks)).toContain('"Acknowledge"');
	});

	it(
		'Update Exception run twice for the same change (a retry) leaves one thread reply; ' + 'a new change adds one',
		async () => {
			const id = await newCase();
			const first = await run({ operation: 'postException' }, [{ json: { id } }]);
			const ts = String(first.outputs[0][0].json.ts);
			await ledger.acknowledgeException(id, 'U024BE7LH', new Date().toISOString());
			const update = () =>
				run({ operation: 'updateException', change: 'auto' }, [{ json: { caseId: id, user: { id: 'U024BE7LH' } } }]);
			const a = await update();
			const b = await update();
			expect(a.outputs[0][0].json).toMatchObject({ state: 'acknowledged', threadReply: 'posted' });
			expect(b.outputs[0][0].json).toMatchObject({
				state: 'acknowledged',
				threadReply: 'already_posted',
				threadReplyTs: a.outputs[0][0].json.threadReplyTs,
			});
			expect(sim.repliesTo('C0EXCEPTIONS', ts)).toHaveLength(1);
			await ledger.resolveException(id, 'Reshipped', new Date().toISOString());
			const c = await update();
			expect(c.outputs[0][0].json).toMatchObject({ state: 'resolved', threadReply: 'posted' });
			expect(sim.repliesTo('C0EXCEPTIONS', ts).map((r) => r.metadata?.event_payload.change)).toEqual([
				'acknowledged',
				'resolved',
			]);
			expect(sim.countCalls('chat.delete')).toBe(0);
		},
	);

	it('Post Weekly Report posts the report and the chart', async () => {
		await newCase();
		const res = await run(
			{ operation: 'postWeeklyReport', reportChannel: rl('C0WAREHOUSE'), weeks: 4, stuckHours: 48, includeChart: true },
			[{ json: {} }],
		);
		expect(res.error).toBeUndefined();
		const out = res.outputs[0][0].json as { chartFileId: string; chartBytes: number; channel: string };
		expect(out.channel).toBe('C0WAREHOUSE');
		expect(out.chartFileId).toMatch(/^F0SANDBOX/);
		expect(sim.files[0]).toMatchObject({ completed: true, received: out.chartBytes });
		expect(JSON.stringify(sim.messagesIn('C0WAREHOUSE')[0].blocks)).toContain('Median time to resolve');
	});

	it('works with an incoming-webhook credential: posts once, never twice', async () => {
		const id = await newCase();
		const creds = {
			...credentials(),
			slackPostPurchaseApi: { mode: 'incomingWebhook', webhookUrl: `${sandbox.baseUrl('slack')}/webhook/hook1` },
		};
		const first = await run({ operation: 'postException' }, [{ json: { id } }], { credentials: creds as never });
		expect(first.outputs[0][0].json).toMatchObject({ action: 'posted' });
		const second = await run({ operation: 'postException' }, [{ json: { id } }], { credentials: creds as never });
		expect(second.outputs[0][0].json).toMatchObject({ action: 'already_posted_by_webhook' });
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
	});

	it('a wrong bot token gives an error that says which token to copy', async () => {
		const id = await newCase();
		const res = await run({ operation: 'postException' }, [{ json: { id } }], {
			credentials: credentials({ botToken: 'xoxb-wrong' }),
		});
		expect(res.error?.message).toContain('invalid_auth');
		expect(String((res.error as { description?: string }).description)).toContain('Bot User OAuth Token');
	});
});

describe('channel picker (list search)', () => {
	let sandbox: RunningSandbox;
	beforeAll(async () => {
		sandbox = await startSandbox([createSlackSim()]);
	});
	afterAll(() => sandbox.close());

	/**
	 * A load-options context reduced to what the list search touches; its HTTP helper performs the real
	 * request (to the simulated Slack) and adds the bot token as the credential's `authenticate` does.
	 */
	function loadOptionsContext(credential: Record<string, unknown>) {
		const request = async (options: {
			url: string;
			method: string;
			headers?: Record<string, string>;
			qs?: Record<string, unknown>;
			body?: unknown;
		}) => {
			const url = new URL(options.url);
			for (const [k, v] of Object.entries(options.qs ?? {})) url.searchParams.set(k, String(v));
			const res = await fetch(url, {
				method: options.method,
				headers: options.headers,
				body: options.body as string | undefined,
			});
			const headers: Record<string, string> = {};
			res.headers.forEach((v, k) => (headers[k] = v));
			return { statusCode: res.status, headers, body: await res.text() };
		};
		return {
			getCredentials: async () => credential,
			getNode: () => ({
				name: 'Exception Alerts',
				type: 'n8n-nodes-post-purchase.exceptionAlerts',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
				id: 'x',
			}),
			helpers: {
				httpRequest: request,
				httpRequestWithAuthentication: async (
					_type: string,
					options: { url: string; method: string; headers?: Record<string, string>; qs?: Record<string, unknown> },
				) =>
					request({
						...options,
						headers: { ...(options.headers ?? {}), Authorization: `Bearer ${credential.botToken}` },
					}),
			},
		};
	}

	it("lists the workspace channels, the app's own first, filtered by what is typed", async () => {
		const ctx = loadOptionsContext({
			mode: 'botToken',
			botToken: 'xoxb-sandbox-token',
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
		});
		const all = await searchChannels.call(ctx as never);
		expect(all.results.map((r) => r.name)).toEqual([
			'#order-exceptions',
			'#shipping-delays',
			'#warehouse',
			'#general (invite the app first)',
		]);
		expect(all.results[0].value).toBe('C0EXCEPTIONS');
		const filtered = await searchChannels.call(ctx as never, '#ship');
		expect(filtered.results.map((r) => r.value)).toEqual(['C0SHIPPING1']);
	});

	it('explains a rejected token instead of showing an empty list', async () => {
		const ctx = loadOptionsContext({
			mode: 'botToken',
			botToken: 'xoxb-wrong',
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
		});
		await expect(searchChannels.call(ctx as never)).rejects.toMatchObject({
			description: expect.stringContaining('Bot User OAuth Token'),
		});
	});
});
