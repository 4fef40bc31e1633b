/**
 * Exactly one Slack message per case when Slack acts but its answer is lost (accepted, then a timeout,
 * a reset or a 5xx): the simulator posts the message, the transport then loses the answer.
 */
import { createFetchTransport, OutcomeUnknownError } from '../../../nodes/lib/http';
import {
	postException,
	postToIncomingWebhook,
	postWeeklyReport,
	SlackClient,
	updateException,
	type SlackTarget,
} from '../../../nodes/lib/connectors/slack';
import type { LedgerStore } from '../../../nodes/lib/ledger';
import type { Transport } from '../../../nodes/lib/http/types';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { createSlackSim, type SlackSim } from '../../sandbox/vendors/slack';
import { acceptThenFail, AMBIGUOUS_MODES, callTo, type AmbiguousMode } from '../../helpers/ambiguous';
import { createVirtualClock } from '../../helpers/virtualClock';
import { addCases, openTestLedger } from './fixtures';

const NOW = '2026-11-20T12:00:00.000Z';
const settings = (over: Record<string, unknown> = {}) => ({
	routing: { defaultChannel: 'C0EXCEPTIONS' },
	includePii: false,
	shop: 'acme',
	now: NOW,
	threadReply: true,
	...over,
});

describe('Slack posts exactly once under lost answers', () => {
	let sandbox: RunningSandbox;
	let sim: SlackSim;
	let ledger: LedgerStore;
	let clock: ReturnType<typeof createVirtualClock>;
	let orderSeq = 7000;
	let ids: string[];

	beforeAll(async () => {
		ledger = await openTestLedger();
	});
	afterAll(() => ledger.close());
	beforeEach(async () => {
		clock = createVirtualClock(Date.parse(NOW));
		sim = createSlackSim({ now: clock.now, webhooks: { hook1: 'C0EXCEPTIONS' } });
		sandbox = await startSandbox([sim]);
		orderSeq += 10;
		ids = await addCases(ledger, [
			{ orderKey: String(orderSeq + 1), type: 'tracking_stalled', openedAt: '2026-11-18T11:00:00.000Z' },
		]);
	});
	afterEach(() => sandbox.close());

	function bot(transport: Transport): SlackTarget {
		return {
			kind: 'bot',
			client: new SlackClient({
				transport,
				token: 'xoxb-sandbox-token',
				baseUrl: `${sandbox.baseUrl('slack')}/api`,
				clock,
				retry: { random: () => 0.5 },
			}),
		};
	}
	const okPosts = () => sim.countCalls('chat.postMessage', (c) => c.ok);

	const cases: Array<[AmbiguousMode, number]> = AMBIGUOUS_MODES.flatMap((m) =>
		[1, 5].map((n) => [m, n] as [AmbiguousMode, number]),
	);
	it.each(cases)('case post, %s on up to %i posts: one message, its real ts stored', async (mode, times) => {
		const flaky = acceptThenFail(createFetchTransport(), { match: callTo('POST', '/chat.postMessage'), mode, times });
		const outcome = await postException(ledger, bot(flaky), ids[0], settings());

		expect(okPosts()).toBe(1);
		const inChannel = sim.messagesIn('C0EXCEPTIONS');
		expect(inChannel).toHaveLength(1);
		expect(outcome).toMatchObject({ action: 'posted', ts: inChannel[0].ts, refStored: true });
		expect(outcome.warnings.join(' ')).toMatch(/found in the channel by its case id and adopted/);
		expect((await ledger.getException(ids[0], NOW))?.slack?.ts).toBe(inChannel[0].ts);
		expect(inChannel[0].metadata).toEqual({ event_type: 'pp_case', event_payload: { case_id: ids[0] } });
		// Only the first lost answer is ever consumed: nothing is sent a second time.
		expect(flaky.injected).toBe(1);
	});

	it('a later run updates the adopted message instead of posting again', async () => {
		const flaky = acceptThenFail(createFetchTransport(), {
			match: callTo('POST', '/chat.postMessage'),
			mode: 'timeout',
			times: 1,
		});
		const first = await postException(ledger, bot(flaky), ids[0], settings());
		const second = await postException(ledger, bot(createFetchTransport()), ids[0], settings());
		expect(second).toMatchObject({ action: 'updated', ts: first.ts });
		expect(okPosts()).toBe(1);
	});

	it('posted, the ledger failed before its reference was stored: the retry adopts it, no second post', async () => {
		// A crash between chat.postMessage and storing its ts (the ledger restarting, the worker killed: `npm run
		// chaos`) leaves the case without a reference; the run that retries it must find the message it already has.
		let ledgerDown = true;
		const downOnce = new Proxy(ledger, {
			get(target, prop) {
				if (prop === 'setExceptionMessageRef' && ledgerDown)
					return async () => {
						ledgerDown = false;
						throw new Error('Connection terminated unexpectedly');
					};
				const value = Reflect.get(target, prop) as unknown;
				return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
			},
		});
		await expect(postException(downOnce, bot(createFetchTransport()), ids[0], settings())).rejects.toThrow(
			/Connection terminated/,
		);
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
		expect((await ledger.getException(ids[0], NOW))?.slack).toBeFalsy();

		clock.advance(10 * 60_000); // the retry comes after the claim's lease ran out
		// Meanwhile the case was resolved: the retry's Reconcile cleared it, so Update Exception runs, not Post.
		const postedText = sim.messagesIn('C0EXCEPTIONS')[0].text;
		await ledger.resolveException(ids[0], 'cleared', new Date(clock.now()).toISOString());
		const retry = await updateException(ledger, bot(createFetchTransport()), ids[0], 'auto', null, settings());
		const inChannel = sim.messagesIn('C0EXCEPTIONS');
		expect(inChannel).toHaveLength(1);
		expect(okPosts()).toBe(1);
		expect(retry).toMatchObject({ action: 'posted', ts: inChannel[0].ts, refStored: true });
		expect(retry.warnings.join(' ')).toMatch(/found in the channel by its case id and adopted/);
		expect((await ledger.getException(ids[0], NOW))?.slack?.ts).toBe(inChannel[0].ts);
		// The adopted message was brought up to date: it shows the case resolved, not as it was when posted.
		expect(inChannel[0].text).not.toBe(postedText);
		expect(inChannel[0].text).toMatch(/resolved|cleared/i);
	});

	it('the thread reply of a case change, answer lost: one reply, adopted', async () => {
		await postException(ledger, bot(createFetchTransport()), ids[0], settings());
		await ledger.acknowledgeException(ids[0], 'U0AGENT', NOW);
		const flaky = acceptThenFail(createFetchTransport(), {
			match: callTo('POST', '/chat.postMessage'),
			mode: 500,
			times: 3,
		});
		const outcome = await updateException(ledger, bot(flaky), ids[0], 'acknowledged', 'U0AGENT', settings());
		const parent = sim.messagesIn('C0EXCEPTIONS')[0];
		const replies = sim.repliesTo('C0EXCEPTIONS', parent.ts);
		expect(replies).toHaveLength(1);
		expect(outcome).toMatchObject({ threadReply: 'posted', threadReplyTs: replies[0].ts });
		expect(okPosts()).toBe(2);
	});

	it('the weekly report, answer lost: one report message', async () => {
		const flaky = acceptThenFail(createFetchTransport(), {
			match: callTo('POST', '/chat.postMessage'),
			mode: 'timeout',
			times: 2,
		});
		const outcome = await postWeeklyReport(ledger, bot(flaky), {
			channel: 'C0EXCEPTIONS',
			weeks: 4,
			stuckOlderThanSeconds: 86_400,
			includeChart: false,
			now: NOW,
		});
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
		expect(outcome.ts).toBe(sim.messagesIn('C0EXCEPTIONS')[0].ts);
	});

	it('without the history scope the outcome is reported unknown, never posted twice', async () => {
		sandbox.close();
		sim = createSlackSim({ now: clock.now, withoutHistoryScope: true });
		sandbox = await startSandbox([sim]);
		const flaky = acceptThenFail(createFetchTransport(), {
			match: callTo('POST', '/chat.postMessage'),
			mode: 502,
			times: 1,
		});
		const error = await postException(ledger, bot(flaky), ids[0], settings()).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(OutcomeUnknownError);
		expect((error as Error).message).toMatch(/looking for the result failed too/);
		expect(okPosts()).toBe(1);
	});

	it.each(AMBIGUOUS_MODES)(
		'incoming webhook, %s after Slack took it: not sent again, outcome unknown',
		async (mode) => {
			const url = `${sandbox.baseUrl('slack')}/webhook/hook1`;
			const flaky = acceptThenFail(createFetchTransport(), { match: callTo('POST', '/webhook/hook1'), mode, times: 5 });
			const webhook: SlackTarget = { kind: 'webhook', post: (m) => postToIncomingWebhook(flaky, url, m, clock) };
			const error = await postException(ledger, webhook, ids[0], settings()).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(OutcomeUnknownError);
			expect((error as OutcomeUnknownError).hint).toMatch(/Look in the channel of the incoming webhook/);
			// The webhook URL's path is its secret: not in the error.
			expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('hook1');
			expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(1);
			expect(flaky.injected).toBe(1);
		},
	);
});
