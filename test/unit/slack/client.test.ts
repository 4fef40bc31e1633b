import { createFetchTransport, HttpError } from '../../../nodes/lib/http';
import { SlackClient, postToIncomingWebhook, SlackApiError } from '../../../nodes/lib/connectors/slack';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { createSlackSim, type SlackSim } from '../../sandbox/vendors/slack';
import { createVirtualClock } from '../../helpers/virtualClock';

const TOKEN = 'xoxb-sandbox-token';

describe('SlackClient against the simulated Slack', () => {
	let sandbox: RunningSandbox;
	let sim: SlackSim;
	let clock: ReturnType<typeof createVirtualClock>;

	beforeEach(async () => {
		clock = createVirtualClock(Date.UTC(2026, 10, 20, 12));
		sim = createSlackSim({ now: clock.now, webhooks: { hook1: 'C0EXCEPTIONS' } });
		sandbox = await startSandbox([sim]);
	});
	afterEach(() => sandbox.close());

	const client = (over: Partial<ConstructorParameters<typeof SlackClient>[0]> = {}) =>
		new SlackClient({
			transport: createFetchTransport(),
			token: TOKEN,
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
			clock,
			retry: { random: () => 0.5 },
			...over,
		});

	it('paces messages to one per second per channel, so Slack never has to refuse one', async () => {
		const slack = client();
		const start = clock.now();
		for (let i = 0; i < 5; i++) await slack.postMessage({ channel: 'C0EXCEPTIONS', text: `case ${i}` });
		await slack.postMessage({ channel: 'C0SHIPPING1', text: 'other channel' });
		expect(sim.countCalls('chat.postMessage', (c) => c.status === 429)).toBe(0);
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(5);
		const times = sim.messagesIn('C0EXCEPTIONS').map((m) => m.postedAt);
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
		// Another channel has its own budget: it does not wait behind the first.
		const other = sim.messagesIn('C0SHIPPING1')[0];
		expect(other.postedAt - times[4]).toBeLessThan(1000);
		expect(clock.now() - start).toBe(4000);
	});

	it('honours Retry-After when Slack answers 429 (pacing turned off to provoke it)', async () => {
		const slack = client({ perChannelIntervalMs: 1 });
		await slack.postMessage({ channel: 'C0EXCEPTIONS', text: 'first' });
		const before = clock.now();
		await slack.postMessage({ channel: 'C0EXCEPTIONS', text: 'second' });
		expect(sim.countCalls('chat.postMessage', (c) => c.status === 429)).toBe(1);
		expect(clock.now() - before).toBeGreaterThanOrEqual(1000);
		expect(sim.messagesIn('C0EXCEPTIONS').map((m) => m.text)).toEqual(['first', 'second']);
	});

	it('gives up after the retry budget with a ratelimited SlackApiError', async () => {
		const stubborn = createSlackSim({ now: clock.now, retryAfterSeconds: 1, messageIntervalMs: 3_600_000 });
		const box = await startSandbox([stubborn]);
		try {
			const slack = new SlackClient({
				transport: createFetchTransport(),
				token: TOKEN,
				baseUrl: `${box.baseUrl('slack')}/api`,
				clock,
				perChannelIntervalMs: 1,
				retry: { maxAttempts: 3, random: () => 0.5 },
			});
			await slack.postMessage({ channel: 'C0EXCEPTIONS', text: 'first' });
			await expect(slack.postMessage({ channel: 'C0EXCEPTIONS', text: 'second' })).rejects.toMatchObject({
				name: 'SlackApiError',
				code: 'ratelimited',
			});
			expect(stubborn.countCalls('chat.postMessage', (c) => c.status === 429)).toBe(3);
		} finally {
			await box.close();
		}
	});

	it('updates in place, threads replies and returns permalinks', async () => {
		const slack = client();
		const posted = await slack.postMessage({ channel: 'C0EXCEPTIONS', text: 'v1' });
		await slack.updateMessage({ channel: posted.channel, ts: posted.ts, text: 'v2' });
		await slack.postMessage({ channel: posted.channel, text: 'reply', threadTs: posted.ts });
		const link = await slack.getPermalink(posted.channel, posted.ts);
		expect(link).toBe(`https://sandbox.slack.com/archives/C0EXCEPTIONS/p${posted.ts.replace('.', '')}`);
		const [message] = sim.messagesIn('C0EXCEPTIONS');
		expect(message.history.map((h) => h.text)).toEqual(['v1', 'v2']);
		expect(sim.repliesTo('C0EXCEPTIONS', posted.ts).map((m) => m.text)).toEqual(['reply']);
	});

	it('names the channel when the bot is not in it or it does not exist', async () => {
		const slack = client();
		const notIn = await slack.postMessage({ channel: 'C0GENERAL01', text: 'x' }).catch((e) => e);
		expect(notIn).toBeInstanceOf(SlackApiError);
		expect(notIn.code).toBe('not_in_channel');
		expect(notIn.message).toContain('C0GENERAL01');
		expect(notIn.hint).toContain('/invite');
		const missing = await slack.postMessage({ channel: 'C0NOSUCHONE', text: 'x' }).catch((e) => e);
		expect(missing.code).toBe('channel_not_found');
		expect(missing.hint).toContain('C0NOSUCHONE');
	});

	it("reports message_not_found for a deleted message and cant_update_message for someone else's", async () => {
		const slack = client();
		const posted = await slack.postMessage({ channel: 'C0EXCEPTIONS', text: 'v1' });
		sim.deleteMessage(posted.channel, posted.ts);
		await expect(slack.updateMessage({ channel: posted.channel, ts: posted.ts, text: 'v2' })).rejects.toMatchObject({
			code: 'message_not_found',
		});
		const foreign = sim.injectForeignMessage('C0EXCEPTIONS', 'a person wrote this');
		await expect(slack.updateMessage({ channel: 'C0EXCEPTIONS', ts: foreign.ts, text: 'v2' })).rejects.toMatchObject({
			code: 'cant_update_message',
		});
	});

	it('rejects a wrong token with a hint about the bot token', async () => {
		const err = await client({ token: 'xoxb-wrong' })
			.authTest()
			.catch((e) => e);
		expect(err).toMatchObject({ code: 'invalid_auth' });
		expect(err.hint).toContain('Bot User OAuth Token');
		await expect(client().authTest()).resolves.toMatchObject({
			teamId: 'T0SANDBOX1',
			userId: sim.botUserId,
			botId: sim.botId,
		});
	});

	it('pages through channels for the channel picker', async () => {
		const slack = client();
		const first = await slack.listChannels({ limit: 2 });
		expect(first.channels).toHaveLength(2);
		expect(first.nextCursor).not.toBeNull();
		const rest = await slack.listChannels({ limit: 100, cursor: first.nextCursor! });
		const names = [...first.channels, ...rest.channels].map((c) => c.name);
		// The private channel the bot is not in stays invisible, as in Slack.
		expect(names).toEqual(['order-exceptions', 'shipping-delays', 'warehouse', 'general']);
		expect(rest.nextCursor).toBeNull();
	});

	it('uploads a file with the external-upload flow and shares it in the channel', async () => {
		const slack = client();
		const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 250, 251]);
		const file = await slack.uploadFile({
			filename: 'chart.png',
			bytes,
			title: 'Weekly chart',
			altText: 'bars',
			channel: 'C0EXCEPTIONS',
			initialComment: 'Trend',
		});
		expect(file.id).toMatch(/^F0SANDBOX/);
		expect(sim.files[0]).toMatchObject({
			filename: 'chart.png',
			length: bytes.length,
			received: bytes.length,
			completed: true,
			channel: 'C0EXCEPTIONS',
			title: 'Weekly chart',
		});
		expect(sim.calls.map((c) => c.method)).toEqual([
			'files.getUploadURLExternal',
			'upload',
			'files.completeUploadExternal',
		]);
		expect(sim.messagesIn('C0EXCEPTIONS')[0]).toMatchObject({ text: 'Trend', files: [file.id] });
	});

	it('posts to an incoming webhook and explains its errors', async () => {
		await postToIncomingWebhook(
			createFetchTransport(),
			`${sandbox.baseUrl('slack')}/webhook/hook1`,
			{ text: 'hello' },
			clock,
		);
		expect(sim.messagesIn('C0EXCEPTIONS').map((m) => m.text)).toEqual(['hello']);
		const gone = await postToIncomingWebhook(
			createFetchTransport(),
			`${sandbox.baseUrl('slack')}/webhook/removed`,
			{ text: 'x' },
			clock,
		).catch((e) => e);
		expect(gone).toBeInstanceOf(SlackApiError);
		expect(gone.code).toBe('no_service');
		const bad = await postToIncomingWebhook(
			createFetchTransport(),
			`${sandbox.baseUrl('slack')}/webhook/hook1`,
			{ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(200) } }] as never },
			clock,
		).catch((e) => e);
		expect(bad.code).toBe('invalid_blocks');
	});

	it('explains a base URL that does not lead to Slack', async () => {
		const err = await client({ baseUrl: `${sandbox.url}/nowhere` })
			.authTest()
			.catch((e) => e);
		expect(err).toBeInstanceOf(HttpError);
		expect(err.status).toBe(404);
		expect(err.hint).toContain('Base URL');
	});
});
