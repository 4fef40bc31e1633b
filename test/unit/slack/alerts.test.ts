import { createFetchTransport, ValidationError } from '../../../nodes/lib/http';
import {
	SlackClient,
	SlackApiError,
	postException,
	updateException,
	postWeeklyReport,
	postToIncomingWebhook,
	type SlackTarget,
} from '../../../nodes/lib/connectors/slack';
import type { LedgerStore } from '../../../nodes/lib/ledger';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { createSlackSim, type SlackSim } from '../../sandbox/vendors/slack';
import { blockKitErrors } from '../../contract/slack/blockKitSchema';
import { addCases, openTestLedger } from './fixtures';
import { createVirtualClock } from '../../helpers/virtualClock';

const NOW = '2026-11-20T12:00:00.000Z';
const routing = { defaultChannel: 'C0EXCEPTIONS', byType: { tracking_stalled: 'C0SHIPPING1' } };

describe('exceptions as owned cases in Slack', () => {
	let sandbox: RunningSandbox;
	let sim: SlackSim;
	let clock: ReturnType<typeof createVirtualClock>;
	let ledger: LedgerStore;
	let ids: string[];
	let target: SlackTarget;
	const settings = (over: Record<string, unknown> = {}) => ({
		routing,
		includePii: false,
		shop: 'acme',
		now: NOW,
		threadReply: true,
		...over,
	});

	let orderSeq = 1000;
	beforeAll(async () => {
		ledger = await openTestLedger();
	});
	afterAll(() => ledger.close());
	beforeEach(async () => {
		clock = createVirtualClock(Date.parse(NOW));
		sim = createSlackSim({ now: clock.now, webhooks: { hook1: 'C0EXCEPTIONS' } });
		sandbox = await startSandbox([sim]);
		// Fresh cases for every test: the ledger is shared, the cases are not.
		orderSeq += 10;
		ids = await addCases(ledger, [
			{ orderKey: String(orderSeq + 1), type: 'tracking_stalled', openedAt: '2026-11-18T11:00:00.000Z' },
			{
				orderKey: String(orderSeq + 2),
				type: 'fulfillment_stuck',
				openedAt: '2026-11-19T09:30:00.000Z',
				evidence: { warehouse: 'ShipBob Reno', status: 'processing' },
			},
		]);
		target = { kind: 'bot', client: newClient() };
	});
	afterEach(() => sandbox.close());

	function newClient() {
		return new SlackClient({
			transport: createFetchTransport(),
			token: 'xoxb-sandbox-token',
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
			clock,
			retry: { random: () => 0.5 },
		});
	}

	it('posts once and, run again, updates that message instead of posting twice', async () => {
		const first = await postException(ledger, target, ids[0], settings());
		expect(first).toMatchObject({ action: 'posted', channel: 'C0SHIPPING1', refStored: true, state: 'open' });
		expect(first.permalink).toBe(`https://sandbox.slack.com/archives/C0SHIPPING1/p${first.ts!.replace('.', '')}`);
		const stored = await ledger.getException(ids[0], NOW);
		expect(stored?.slack).toEqual({ channel: 'C0SHIPPING1', ts: first.ts, permalink: first.permalink });

		// A second run, as a fresh execution would do it (new client, state only in the ledger).
		const second = await postException(ledger, { kind: 'bot', client: newClient() }, ids[0], settings());
		expect(second).toMatchObject({ action: 'updated', channel: 'C0SHIPPING1', ts: first.ts });
		expect(sim.countCalls('chat.postMessage')).toBe(1);
		expect(sim.countCalls('chat.update')).toBe(1);
		const messages = sim.messagesIn('C0SHIPPING1');
		expect(messages).toHaveLength(1);
		expect(messages[0].history).toHaveLength(2);
		expect(blockKitErrors(messages[0].blocks)).toEqual([]);
	});

	it('routes each exception type to its channel, others to the default', async () => {
		const a = await postException(ledger, target, ids[0], settings());
		const b = await postException(ledger, target, ids[1], settings());
		expect([a.channel, b.channel]).toEqual(['C0SHIPPING1', 'C0EXCEPTIONS']);
		expect(JSON.stringify(sim.messagesIn('C0EXCEPTIONS')[0].blocks)).toContain('Fulfillment stuck');
	});

	it(
		'posts a fresh message when the original was deleted ' + '(message_not_found) and keeps the new reference',
		async () => {
			const first = await postException(ledger, target, ids[0], settings());
			sim.deleteMessage('C0SHIPPING1', first.ts!);
			const again = await postException(ledger, target, ids[0], settings());
			expect(again.action).toBe('reposted');
			expect(again.ts).not.toBe(first.ts);
			expect(sim.messagesIn('C0SHIPPING1').map((m) => m.ts)).toEqual([again.ts]);
			expect(again.refStored).toBe(true);
			expect((await ledger.getException(ids[0], NOW))?.slack?.ts).toBe(again.ts);
			// and the next run updates the new message instead of posting a third one
			const third = await postException(ledger, target, ids[0], settings());
			expect(third.ts).toBe(again.ts);
			expect(sim.messagesIn('C0SHIPPING1').map((m) => m.ts)).toEqual([again.ts]);
		},
	);

	it('fails clearly, naming the channel, when the bot is not in it; nothing is recorded', async () => {
		const err = await postException(
			ledger,
			target,
			ids[1],
			settings({ routing: { defaultChannel: 'C0GENERAL01' } }),
		).catch((e) => e);
		expect(err).toBeInstanceOf(SlackApiError);
		expect(err.code).toBe('not_in_channel');
		expect(err.message).toContain('C0GENERAL01');
		expect(err.hint).toMatch(/invite/i);
		expect((await ledger.getException(ids[1], NOW))?.slack).toBeNull();
		const missing = await postException(
			ledger,
			target,
			ids[1],
			settings({ routing: { defaultChannel: 'C0DOESNOTEXIST' } }),
		).catch((e) => e);
		expect(missing.code).toBe('channel_not_found');
		expect(missing.hint).toContain('C0DOESNOTEXIST');
	});

	it('rejects an unknown or empty case id with an error naming the field', async () => {
		const unknown = await postException(ledger, target, '9999:delivery_late:x', settings()).catch((e) => e);
		expect(unknown).toBeInstanceOf(ValidationError);
		expect(unknown.field).toBe('caseId');
		expect(unknown.message).toContain('9999:delivery_late:x');
		await expect(postException(ledger, target, '', settings())).rejects.toMatchObject({ field: 'caseId' });
		await expect(postException(ledger, target, 42, settings())).rejects.toMatchObject({ field: 'caseId' });
		expect(sim.countCalls('chat.postMessage')).toBe(0);
	});

	it('two runs racing on one case leave one message in the channel', async () => {
		const [a, b] = await Promise.all([
			postException(ledger, { kind: 'bot', client: newClient() }, ids[1], settings()),
			postException(ledger, { kind: 'bot', client: newClient() }, ids[1], settings()),
		]);
		expect([a.action, b.action].sort()).toEqual(['lost_race_updated_winner', 'posted']);
		expect(a.ts).toBe(b.ts);
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
		expect((await ledger.getException(ids[1], NOW))?.slack?.ts).toBe(a.ts);
	});

	it('acknowledge and resolve update the message in place and reply in its thread', async () => {
		const posted = await postException(ledger, target, ids[1], settings());
		await ledger.acknowledgeException(ids[1], 'U024BE7LH', '2026-11-20T12:05:00.000Z');
		const acked = await updateException(
			ledger,
			target,
			ids[1],
			'acknowledged',
			'U024BE7LH',
			settings({ now: '2026-11-20T12:05:00.000Z' }),
		);
		expect(acked).toMatchObject({ action: 'updated', state: 'acknowledged', ts: posted.ts });
		let [message] = sim.messagesIn('C0EXCEPTIONS');
		const buttons = JSON.stringify((message.blocks as Array<{ type: string }>).filter((b) => b.type === 'actions'));
		expect(buttons).not.toContain('Acknowledge');
		expect(buttons).toContain('Resolve');
		expect(sim.repliesTo('C0EXCEPTIONS', posted.ts!).map((r) => r.text)).toEqual([
			':eyes: Acknowledged by <@U024BE7LH> after 1 d 2 h.',
		]);

		await ledger.resolveException(ids[1], 'Warehouse shipped it', '2026-11-20T13:00:00.000Z');
		const resolved = await updateException(
			ledger,
			target,
			ids[1],
			'resolved',
			'U024BE7LH',
			settings({ now: '2026-11-20T13:00:00.000Z' }),
		);
		expect(resolved.state).toBe('resolved');
		[message] = sim.messagesIn('C0EXCEPTIONS');
		expect((message.blocks as Array<{ type: string }>).some((b) => b.type === 'actions')).toBe(false);
		expect(message.history).toHaveLength(3);
		expect(sim.repliesTo('C0EXCEPTIONS', posted.ts!)).toHaveLength(2);
		expect(sim.repliesTo('C0EXCEPTIONS', posted.ts!)[1].text).toContain('Warehouse shipped it');
	});

	it(
		'Update run twice for the same change replies once; ' + 'the second run finds the first reply by its metadata',
		async () => {
			const posted = await postException(ledger, target, ids[1], settings());
			await ledger.acknowledgeException(ids[1], 'U024BE7LH', '2026-11-20T12:05:00.000Z');
			const first = await updateException(
				ledger,
				target,
				ids[1],
				'acknowledged',
				'U024BE7LH',
				settings({ now: '2026-11-20T12:05:00.000Z' }),
			);
			expect(first).toMatchObject({ action: 'updated', threadReply: 'posted' });
			// A retry / re-run in a fresh execution, later: nothing but Slack and the ledger to go on.
			const again = await updateException(
				ledger,
				{ kind: 'bot', client: newClient() },
				ids[1],
				'acknowledged',
				'U024BE7LH',
				settings({ now: '2026-11-20T12:09:00.000Z' }),
			);
			expect(again).toMatchObject({
				action: 'updated',
				threadReply: 'already_posted',
				threadReplyTs: first.threadReplyTs,
			});
			const replies = sim.repliesTo('C0EXCEPTIONS', posted.ts!);
			expect(replies).toHaveLength(1);
			expect(replies[0].metadata).toEqual({
				event_type: 'pp_case_change',
				event_payload: { case_id: ids[1], change: 'acknowledged' },
			});
			// The re-run read the thread and did not post at all (no post-then-delete).
			expect(sim.countCalls('chat.postMessage', (c) => c.params.thread_ts === posted.ts)).toBe(1);
			expect(sim.countCalls('chat.delete')).toBe(0);
			// The message itself is still brought up to date on the second run.
			expect(sim.countCalls('chat.update')).toBe(2);
			const read = sim.calls.filter((c) => c.method === 'conversations.replies');
			expect(read.length).toBeGreaterThanOrEqual(2);
			expect(read[0].params).toMatchObject({ channel: 'C0EXCEPTIONS', ts: posted.ts, include_all_metadata: 'true' });
		},
	);

	it('acknowledged then resolved gives two replies, and re-running the resolve adds none', async () => {
		const posted = await postException(ledger, target, ids[1], settings());
		await ledger.acknowledgeException(ids[1], 'U024BE7LH', '2026-11-20T12:05:00.000Z');
		await updateException(
			ledger,
			target,
			ids[1],
			'acknowledged',
			'U024BE7LH',
			settings({ now: '2026-11-20T12:05:00.000Z' }),
		);
		await ledger.resolveException(ids[1], 'Warehouse shipped it', '2026-11-20T13:00:00.000Z');
		const resolved = await updateException(
			ledger,
			target,
			ids[1],
			'resolved',
			'U024BE7LH',
			settings({ now: '2026-11-20T13:00:00.000Z' }),
		);
		expect(resolved.threadReply).toBe('posted');
		const rerun = await updateException(
			ledger,
			{ kind: 'bot', client: newClient() },
			ids[1],
			'auto',
			null,
			settings({ now: '2026-11-20T13:30:00.000Z' }),
		);
		expect(rerun).toMatchObject({ threadReply: 'already_posted', threadReplyTs: resolved.threadReplyTs });
		expect(
			sim.repliesTo('C0EXCEPTIONS', posted.ts!).map((r) => (r.metadata?.event_payload as { change: string }).change),
		).toEqual(['acknowledged', 'resolved']);
		expect(sim.countCalls('chat.postMessage', (c) => c.params.thread_ts === posted.ts)).toBe(2);
		expect(sim.countCalls('chat.delete')).toBe(0);
	});

	it('assigning to someone else is news, assigning to the same person again is not', async () => {
		const posted = await postException(ledger, target, ids[1], settings());
		await updateException(ledger, target, ids[1], 'assigned', 'U0AAAAAAA1', settings());
		await updateException(ledger, target, ids[1], 'assigned', 'U0AAAAAAA1', settings());
		await updateException(ledger, target, ids[1], 'assigned', 'U0BBBBBBB2', settings());
		expect(sim.repliesTo('C0EXCEPTIONS', posted.ts!).map((r) => r.metadata?.event_payload.owner)).toEqual([
			'U0AAAAAAA1',
			'U0BBBBBBB2',
		]);
	});

	it('two runs racing on the same change leave one reply in the thread (the later one removes itself)', async () => {
		const posted = await postException(ledger, target, ids[1], settings());
		await ledger.acknowledgeException(ids[1], 'U024BE7LH', '2026-11-20T12:05:00.000Z');
		const [a, b] = await Promise.all([
			updateException(ledger, { kind: 'bot', client: newClient() }, ids[1], 'acknowledged', 'U024BE7LH', settings()),
			updateException(ledger, { kind: 'bot', client: newClient() }, ids[1], 'acknowledged', 'U024BE7LH', settings()),
		]);
		const replies = sim.repliesTo('C0EXCEPTIONS', posted.ts!);
		expect(replies).toHaveLength(1);
		expect(a.threadReplyTs).toBe(replies[0].ts);
		expect(b.threadReplyTs).toBe(replies[0].ts);
		// Both got past the first read (neither saw a reply yet), so both posted and one deleted its own.
		expect(sim.countCalls('chat.postMessage', (c) => c.ok && c.params.thread_ts === posted.ts)).toBe(2);
		expect(sim.countCalls('chat.delete', (c) => c.ok)).toBe(1);
	});

	it('without the history scope the reply is still posted, with a warning naming the scope to add', async () => {
		const posted = await postException(ledger, target, ids[1], settings());
		await sandbox.close();
		sim = createSlackSim({ now: clock.now, withoutHistoryScope: true });
		sandbox = await startSandbox([sim]);
		sim.addMessage({
			channel: 'C0EXCEPTIONS',
			ts: posted.ts!,
			text: 'case',
			blocks: null,
			threadTs: null,
			botId: sim.botId,
			deleted: false,
			history: [{ text: 'case', blocks: null, at: clock.now() }],
			postedAt: clock.now(),
			files: [],
		});
		const out = await updateException(
			ledger,
			{ kind: 'bot', client: newClient() },
			ids[1],
			'assigned',
			'U0AAAAAAA1',
			settings(),
		);
		expect(out.threadReply).toBe('posted');
		expect(out.warnings.join(' ')).toContain('channels:history');
		expect(sim.repliesTo('C0EXCEPTIONS', posted.ts!)).toHaveLength(1);
	});

	it('reads a long thread page by page (next_cursor)', async () => {
		const client = newClient();
		const parent = await client.postMessage({ channel: 'C0WAREHOUSE', text: 'parent' });
		for (let i = 0; i < 4; i++)
			await client.postMessage({
				channel: 'C0WAREHOUSE',
				threadTs: parent.ts,
				text: `reply ${i}`,
				metadata: { event_type: 'pp_case_change', event_payload: { case_id: 'x', change: `c${i}` } },
			});
		const thread = await client.threadMessages('C0WAREHOUSE', parent.ts, { pageSize: 2 });
		expect(thread.map((m) => m.text)).toEqual(['parent', 'reply 0', 'reply 1', 'reply 2', 'reply 3']);
		expect(thread[4].metadata).toEqual({ event_type: 'pp_case_change', event_payload: { case_id: 'x', change: 'c3' } });
		expect(sim.countCalls('conversations.replies')).toBe(3);
	});

	it('a case the engine cleared says so (change derived from the ledger)', async () => {
		const posted = await postException(ledger, target, ids[0], settings());
		await ledger.resolveException(ids[0], 'cleared', '2026-11-20T14:00:00.000Z');
		const out = await updateException(
			ledger,
			target,
			ids[0],
			'auto',
			null,
			settings({ now: '2026-11-20T14:00:00.000Z' }),
		);
		expect(out.state).toBe('cleared');
		expect(sim.repliesTo('C0SHIPPING1', posted.ts!)[0].text).toContain('Cleared by the engine');
	});

	it('Update on a case never posted posts it (no thread reply to make)', async () => {
		const out = await updateException(ledger, target, ids[0], 'acknowledged', 'U1', settings());
		expect(out.action).toBe('posted');
		expect(sim.countCalls('chat.postMessage')).toBe(1);
	});

	it('incoming webhook: posts once, never twice, and refuses updates with a clear reason', async () => {
		const webhook: SlackTarget = {
			kind: 'webhook',
			post: (m) => postToIncomingWebhook(createFetchTransport(), `${sandbox.baseUrl('slack')}/webhook/hook1`, m, clock),
		};
		const first = await postException(ledger, webhook, ids[1], settings());
		expect(first).toMatchObject({ action: 'posted', refStored: true });
		const second = await postException(ledger, webhook, ids[1], settings());
		expect(second.action).toBe('already_posted_by_webhook');
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
		const err = await updateException(ledger, webhook, ids[1], 'acknowledged', 'U1', settings()).catch((e) => e);
		expect(err).toMatchObject({ code: 'webhook_only' });
		expect(err.hint).toContain('bot token');
	});

	it('a case first posted by webhook is posted properly once a bot token is used', async () => {
		const webhook: SlackTarget = {
			kind: 'webhook',
			post: (m) => postToIncomingWebhook(createFetchTransport(), `${sandbox.baseUrl('slack')}/webhook/hook1`, m, clock),
		};
		await postException(ledger, webhook, ids[1], settings());
		const out = await postException(ledger, target, ids[1], settings());
		expect(out.action).toBe('reposted');
		expect(out.channel).toBe('C0EXCEPTIONS');
		expect(sim.countCalls('chat.delete')).toBe(0);
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(2);
	});

	it('posting many cases into one channel stays at one message per second (no 429)', async () => {
		const many = await addCases(
			ledger,
			Array.from({ length: 6 }, (_, i) => ({
				orderKey: String(5000 + i),
				type: 'delivery_late' as const,
				openedAt: `2026-11-19T0${i}:00:00.000Z`,
			})),
		);
		for (const id of many) await postException(ledger, target, id, settings());
		expect(sim.countCalls('chat.postMessage', (c) => c.status === 429)).toBe(0);
		const times = sim.messagesIn('C0EXCEPTIONS').map((m) => m.postedAt);
		expect(times).toHaveLength(6);
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
	});
});

describe('weekly exception report', () => {
	let sandbox: RunningSandbox;
	let sim: SlackSim;
	const clock = createVirtualClock(Date.parse(NOW));
	let ledger: LedgerStore;
	let ids: string[];

	beforeAll(async () => {
		sim = createSlackSim({ now: clock.now });
		sandbox = await startSandbox([sim]);
		ledger = await openTestLedger();
		// Four rolling weeks ending now (the ledger's weeks end at `now`): 1, 3, 2 and 2 cases opened.
		ids = await addCases(ledger, [
			{ orderKey: '3001', type: 'delivery_late', openedAt: '2026-10-27T10:00:00.000Z' },
			{ orderKey: '3002', type: 'tracking_stalled', openedAt: '2026-11-02T10:00:00.000Z' },
			{ orderKey: '3003', type: 'delivery_late', openedAt: '2026-11-03T10:00:00.000Z' },
			{ orderKey: '3004', type: 'fulfillment_stuck', openedAt: '2026-11-04T10:00:00.000Z' },
			{ orderKey: '3005', type: 'tracking_stalled', openedAt: '2026-11-10T10:00:00.000Z' },
			{ orderKey: '3006', type: 'tracking_stalled', openedAt: '2026-11-11T10:00:00.000Z' },
			{ orderKey: '3007', type: 'address_invalid', openedAt: '2026-11-18T10:00:00.000Z' },
			{ orderKey: '3008', type: 'tracking_stalled', openedAt: '2026-11-19T10:00:00.000Z' },
		]);
		// Resolved after 2 h, 4 h, 6 h and 8 h: median 5 h.
		await ledger.resolveException(ids[0], 'reshipped', '2026-10-27T12:00:00.000Z');
		await ledger.resolveException(ids[1], 'found', '2026-11-02T14:00:00.000Z');
		await ledger.resolveException(ids[2], 'cleared', '2026-11-03T16:00:00.000Z');
		await ledger.resolveException(ids[4], 'cleared', '2026-11-10T18:00:00.000Z');
		await ledger.acknowledgeException(ids[7], 'U024BE7LH', '2026-11-19T11:00:00.000Z');
	});
	afterAll(async () => {
		await ledger.close();
		await sandbox.close();
	});

	it(
		'posts counts by type, the trend, median/p90 time to resolve, ' +
			'open cases with age, stuck orders, and the chart',
		async () => {
			const client = new SlackClient({
				transport: createFetchTransport(),
				token: 'xoxb-sandbox-token',
				baseUrl: `${sandbox.baseUrl('slack')}/api`,
				clock,
			});
			const out = await postWeeklyReport(
				ledger,
				{ kind: 'bot', client },
				{ channel: 'C0EXCEPTIONS', weeks: 4, stuckOlderThanSeconds: 48 * 3600, includeChart: true, now: NOW },
			);
			expect(out.report.trend.map((w) => w.opened)).toEqual([1, 3, 2, 2]);
			expect(out.report.timeToResolveSeconds.median).toBe(5 * 3600);
			expect(out.chartFileId).toMatch(/^F0SANDBOX/);
			expect(out.chartBytes).toBeGreaterThan(5000);

			const [report, chart] = sim.messagesIn('C0EXCEPTIONS');
			expect(blockKitErrors(report.blocks)).toEqual([]);
			const json = JSON.stringify(report.blocks);
			expect(json).toContain('*Opened this week*\\n2 (same as last week)');
			expect(json).toContain('*Median time to resolve*\\n5 h');
			expect(json).toContain('• Tracking stalled: *4* (1 this week)');
			expect(json).toContain('*#3004* Fulfillment stuck: open *16 d 2 h*');
			expect(json).toContain('*#3008* Tracking stalled: open *1 d 2 h* · owner <@U024BE7LH>');
			expect(json).toContain('*Orders stuck now*');
			expect(chart.files).toEqual([out.chartFileId]);
			expect(sim.files[0]).toMatchObject({ completed: true, received: out.chartBytes, channel: 'C0EXCEPTIONS' });
		},
	);

	it('refuses a nonsense number of weeks, naming the field', async () => {
		const client = new SlackClient({
			transport: createFetchTransport(),
			token: 'xoxb-sandbox-token',
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
		});
		await expect(
			postWeeklyReport(
				ledger,
				{ kind: 'bot', client },
				{ channel: 'C0EXCEPTIONS', weeks: 0, stuckOlderThanSeconds: 1, includeChart: false, now: NOW },
			),
		).rejects.toMatchObject({ field: 'weeks' });
	});
});
