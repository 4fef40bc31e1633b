/**
 * Slack Web API client over our Transport. Requests are form-encoded as the Web API description
 * (slack_web_openapi_v2.json) declares them; the token goes in the Authorization header (Slack's
 * advice) unless the transport adds it itself (n8n credential `authenticate`).
 *
 * Pacing: Slack allows about one message per second per channel and answers bursts with 429 and
 * Retry-After. We pace messages per channel BEFORE sending and retry a 429 after the time Slack asks.
 * Pacers live in the client, and a client lives for one execution: nothing is kept across runs.
 */
import { HttpError } from '../../http/errors';
import { SpacedLane } from '../../http/limiters';
import { sendOnce } from '../../http/once';
import { budgetKey, type ResilientBudget } from '../../http/sharedBudget';
import { withRetry, type RetryOptions } from '../../http/retry';
import {
	systemClock,
	type CallEffect,
	type Clock,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../../http/types';
import type { Block } from './blocks';
import { SlackApiError } from './errors';
import { OutcomeUnknownError } from '../../http/outcome';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api';

const BASE_URL_HINT =
	'Check the Base URL in the Slack credential: it must point at the Slack Web API (https://slack.com/api), or be ' +
	'left empty.';

export interface SlackClientOptions {
	/** Sends Web API calls; may authenticate them itself (then leave `token` empty). */
	transport: Transport;
	/** Sends to URLs Slack hands out (file upload URL, incoming webhook): never gets the token. */
	plainTransport?: Transport;
	token?: string;
	baseUrl?: string;
	clock?: Clock;
	retry?: RetryOptions;
	/** Minimum spacing of messages in one channel; Slack's guidance is one per second. */
	perChannelIntervalMs?: number;
	/**
	 * Share each channel's spacing with the other processes posting as the same app; `account` names the
	 * token without holding it (secretKeyPart).
	 */
	shared?: { budget: ResilientBudget; account: string };
}

export interface PostedMessage {
	channel: string;
	ts: string;
}

export interface ChannelSummary {
	id: string;
	name: string;
	isPrivate: boolean;
	isMember: boolean;
	isArchived: boolean;
}

export interface AuthInfo {
	teamId: string;
	team: string;
	userId: string;
	botId: string | null;
	url: string;
}

/**
 * Message metadata (docs.slack.dev/messaging/message-metadata): an app's own structured data on a
 * message, invisible to people. We tag thread replies with it so a later run can recognise them.
 */
export interface MessageMetadata {
	event_type: string;
	event_payload: Record<string, string | number | boolean>;
}

/** One message of a thread as conversations.replies returns it (the parent comes first). */
export interface ThreadMessage {
	ts: string;
	threadTs: string | null;
	text: string;
	botId: string | null;
	metadata: MessageMetadata | null;
}

/** Upper bound on pages read from one thread: a case's thread holds a handful of replies. */
const MAX_THREAD_PAGES = 20;

export interface UploadedFile {
	id: string;
	title: string | null;
	permalink: string | null;
}

/** Calls that post or change a message in a channel: the ones Slack limits per channel. */
const CHANNEL_PACED = new Set(['chat.postMessage', 'chat.update', 'chat.delete', 'files.completeUploadExternal']);

/**
 * What a Web API write does if sent twice (reads are GET). A post or a file share shows twice; an
 * update sets the same text again; a delete of a deleted message answers message_not_found (taken as done).
 */
const WRITE_EFFECT: Record<string, CallEffect> = {
	'chat.postMessage': 'unsafe',
	'files.completeUploadExternal': 'unsafe',
	'chat.update': 'idempotent',
	'chat.delete': 'idempotent',
};

/** How far back to look for a post whose answer was lost: covers clock skew between us and Slack. */
const LOOKBACK_SECONDS = 300;
/** Pages of channel history read when looking for such a post (200 messages a page). */
const MAX_HISTORY_PAGES = 5;

export interface PostedOnce extends PostedMessage {
	/** True when Slack's answer was lost and the message was found in the channel (its ts adopted). */
	adopted: boolean;
}

export class SlackClient {
	private readonly transport: Transport;
	private readonly plain: Transport;
	private readonly baseUrl: string;
	private readonly clock: Clock;
	private readonly pacers = new Map<string, SpacedLane>();
	private readonly intervalMs: number;
	/** Every call made, in order: the node reports them and tests assert on them. */
	readonly calls: Array<{ method: string; channel?: string; at: number }> = [];

	constructor(private readonly options: SlackClientOptions) {
		this.clock = options.clock ?? systemClock;
		const retry: RetryOptions = {
			maxAttempts: 5,
			baseDelayMs: 1000,
			maxDelayMs: 60_000,
			clock: this.clock,
			...options.retry,
		};
		this.transport = withRetry(options.transport, retry);
		this.plain = withRetry(options.plainTransport ?? options.transport, retry);
		this.baseUrl = (options.baseUrl || DEFAULT_SLACK_API_URL).replace(/\/+$/, '');
		this.intervalMs = options.perChannelIntervalMs ?? 1000;
	}

	async authTest(): Promise<AuthInfo> {
		const body = await this.call('auth.test', 'GET', {});
		return {
			teamId: String(body.team_id ?? ''),
			team: String(body.team ?? ''),
			userId: String(body.user_id ?? ''),
			botId: typeof body.bot_id === 'string' ? body.bot_id : null,
			url: String(body.url ?? ''),
		};
	}

	async postMessage(args: {
		channel: string;
		text: string;
		blocks?: Block[];
		threadTs?: string;
		unfurlLinks?: boolean;
		metadata?: MessageMetadata;
	}): Promise<PostedMessage> {
		const body = await this.call(
			'chat.postMessage',
			'POST',
			{
				channel: args.channel,
				text: args.text,
				blocks: args.blocks ? JSON.stringify(args.blocks) : undefined,
				thread_ts: args.threadTs,
				unfurl_links: args.unfurlLinks ?? false,
				unfurl_media: false,
				// chat.postMessage takes metadata as a JSON string (documented on docs.slack.dev; newer than
				// the 2021 Web API description, so the contract test checks it separately).
				metadata: args.metadata ? JSON.stringify(args.metadata) : undefined,
			},
			args.channel,
		);
		return { channel: String(body.channel), ts: String(body.ts) };
	}

	async updateMessage(args: { channel: string; ts: string; text: string; blocks?: Block[] }): Promise<PostedMessage> {
		const body = await this.call(
			'chat.update',
			'POST',
			{
				channel: args.channel,
				ts: args.ts,
				text: args.text,
				blocks: args.blocks ? JSON.stringify(args.blocks) : undefined,
			},
			args.channel,
		);
		return { channel: String(body.channel), ts: String(body.ts) };
	}

	/** Removes one of our own messages (used when two runs raced to post the same case). */
	async deleteMessage(channel: string, ts: string): Promise<void> {
		try {
			await this.call('chat.delete', 'POST', { channel, ts }, channel);
		} catch (error) {
			// Gone already (a repeated delete, or someone removed it): what we wanted.
			if (!(error instanceof SlackApiError && error.code === 'message_not_found')) throw error;
		}
	}

	/**
	 * Posts a message that carries metadata identifying it (a case id), exactly once: when Slack's answer
	 * is lost (timeout, 5xx) the message is looked for in the channel (or the thread) by that metadata and
	 * its ts adopted; it is posted again only when Slack shows no such message. Looking needs
	 * channels:history (groups:history for private channels) and a channel id; without them the outcome
	 * is reported as unknown, never posted twice.
	 */
	async postMessageOnce(args: {
		channel: string;
		text: string;
		blocks?: Block[];
		threadTs?: string;
		unfurlLinks?: boolean;
		metadata: MessageMetadata;
	}): Promise<PostedOnce> {
		const sent = await sendOnce({
			what: `Slack post to ${args.channel} (${describeMetadata(args.metadata)})`,
			clock: this.clock,
			send: () => this.postMessage(args),
			find: async () => {
				if (!args.threadTs) return await this.findPostedMessage(args.channel, args.metadata, LOOKBACK_SECONDS);
				const found = (await this.threadMessages(args.channel, args.threadTs)).filter((m) => m.ts !== args.threadTs);
				const ours = found
					.filter((m) => sameMetadata(m.metadata, args.metadata))
					.sort((a, b) => compareSlackTs(a.ts, b.ts))[0];
				return ours ? { channel: args.channel, ts: ours.ts } : undefined;
			},
		});
		return { ...sent.value, adopted: sent.how === 'found' };
	}

	/**
	 * The first top-level message of the last `withinSeconds` in the channel that carries `metadata`, or undefined.
	 * Needs channels:history (groups:history for private channels) and a channel id.
	 */
	async findPostedMessage(
		channel: string,
		metadata: MessageMetadata,
		withinSeconds: number,
	): Promise<{ channel: string; ts: string } | undefined> {
		const ours = (await this.recentMessages(channel, this.clock.now() / 1000 - withinSeconds))
			.filter((m) => sameMetadata(m.metadata, metadata))
			.sort((a, b) => compareSlackTs(a.ts, b.ts))[0];
		return ours ? { channel, ts: ours.ts } : undefined;
	}

	/**
	 * The channel's messages since `oldest` (seconds), newest first as Slack gives them, with metadata
	 * (conversations.history, include_all_metadata). Thread replies are not included (Slack's rule).
	 */
	async recentMessages(channel: string, oldest: number): Promise<ThreadMessage[]> {
		return this.pagedMessages(
			'conversations.history',
			channel,
			{ oldest: oldest.toFixed(6), limit: 200 },
			MAX_HISTORY_PAGES,
		);
	}

	/**
	 * The whole thread under `ts` (parent first), following `next_cursor`, with every message's metadata
	 * (`include_all_metadata`). Needs channels:history (public) or groups:history (private channels).
	 */
	async threadMessages(channel: string, ts: string, options: { pageSize?: number } = {}): Promise<ThreadMessage[]> {
		return this.pagedMessages(
			'conversations.replies',
			channel,
			{ ts, limit: options.pageSize ?? 200 },
			MAX_THREAD_PAGES,
		);
	}

	/** A message list (history or replies) with every message's metadata, following `next_cursor` up to `maxPages`. */
	private async pagedMessages(
		method: 'conversations.history' | 'conversations.replies',
		channel: string,
		params: Record<string, string | number>,
		maxPages: number,
	): Promise<ThreadMessage[]> {
		const out: ThreadMessage[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < maxPages; page++) {
			const body = await this.call(method, 'GET', { channel, ...params, include_all_metadata: true, cursor }, channel);
			if (Array.isArray(body.messages))
				out.push(...(body.messages as Array<Record<string, unknown>>).map(toThreadMessage));
			const next = (body.response_metadata as { next_cursor?: string } | undefined)?.next_cursor;
			if (!next) return out;
			cursor = next;
		}
		return out;
	}

	async getPermalink(channel: string, messageTs: string): Promise<string> {
		const body = await this.call('chat.getPermalink', 'GET', { channel, message_ts: messageTs }, channel);
		return String(body.permalink);
	}

	async conversationInfo(channel: string): Promise<ChannelSummary> {
		const body = await this.call('conversations.info', 'GET', { channel }, channel);
		return toChannelSummary(body.channel as Record<string, unknown>);
	}

	/** One page of channels for the channel picker; `cursor` continues where the last page ended. */
	async listChannels(
		args: { cursor?: string; limit?: number; types?: string } = {},
	): Promise<{ channels: ChannelSummary[]; nextCursor: string | null }> {
		const body = await this.call('conversations.list', 'GET', {
			exclude_archived: true,
			types: args.types ?? 'public_channel,private_channel',
			limit: args.limit ?? 200,
			cursor: args.cursor,
		});
		const channels = Array.isArray(body.channels)
			? (body.channels as Array<Record<string, unknown>>).map(toChannelSummary)
			: [];
		const meta = body.response_metadata as { next_cursor?: string } | undefined;
		return { channels, nextCursor: meta?.next_cursor ? meta.next_cursor : null };
	}

	/**
	 * Uploads a file with Slack's external-upload flow (files.getUploadURLExternal, POST the bytes to
	 * the URL it returns, files.completeUploadExternal), the replacement for the retired files.upload.
	 */
	async uploadFile(args: {
		filename: string;
		bytes: Buffer;
		title?: string;
		altText?: string;
		channel?: string;
		threadTs?: string;
		initialComment?: string;
	}): Promise<UploadedFile> {
		const ticket = await this.call('files.getUploadURLExternal', 'GET', {
			filename: args.filename,
			length: args.bytes.length,
			alt_txt: args.altText,
		});
		const uploadUrl = String(ticket.upload_url);
		const fileId = String(ticket.file_id);
		const request: HttpRequest = {
			method: 'POST',
			url: uploadUrl,
			headers: { 'content-type': 'application/octet-stream' },
			body: args.bytes,
			operation: 'slack.fileUpload',
			// The same bytes to the same one-off upload URL: the file is not shared until completeUploadExternal.
			effect: 'idempotent',
		};
		const uploaded = await this.plain(request);
		if (uploaded.status < 200 || uploaded.status >= 300)
			throw new HttpError(
				uploaded,
				request,
				undefined,
				'Slack did not accept the file bytes; the upload can be repeated safely.',
			);
		const done = await this.call(
			'files.completeUploadExternal',
			'POST',
			{
				files: JSON.stringify([{ id: fileId, title: args.title ?? args.filename }]),
				channel_id: args.channel,
				thread_ts: args.threadTs,
				initial_comment: args.initialComment,
			},
			args.channel,
		);
		const file = Array.isArray(done.files) ? (done.files[0] as Record<string, unknown>) : undefined;
		return {
			id: String(file?.id ?? fileId),
			title: typeof file?.title === 'string' ? file.title : null,
			permalink: typeof file?.permalink === 'string' ? file.permalink : null,
		};
	}

	/** Low-level call: paces message calls per channel, retries 429/5xx, and turns `ok: false` into SlackApiError. */
	async call(
		method: string,
		httpMethod: 'GET' | 'POST',
		params: Record<string, string | number | boolean | undefined>,
		channel?: string,
	): Promise<Record<string, unknown>> {
		if (channel && CHANNEL_PACED.has(method))
			return this.pacer(channel).run(() => this.send(method, httpMethod, params, channel));
		return this.send(method, httpMethod, params, channel);
	}

	private async send(
		method: string,
		httpMethod: 'GET' | 'POST',
		params: Record<string, string | number | boolean | undefined>,
		channel?: string,
	): Promise<Record<string, unknown>> {
		const defined = Object.entries(params).filter(([, v]) => v !== undefined) as Array<
			[string, string | number | boolean]
		>;
		const headers: Record<string, string> = {};
		if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
		const request: HttpRequest =
			httpMethod === 'GET'
				? {
						method: 'GET',
						url: `${this.baseUrl}/${method}`,
						headers,
						query: Object.fromEntries(defined),
						operation: `slack.${method}`,
					}
				: {
						method: 'POST',
						url: `${this.baseUrl}/${method}`,
						headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
						body: new URLSearchParams(defined.map(([k, v]) => [k, String(v)])).toString(),
						operation: `slack.${method}`,
						effect: WRITE_EFFECT[method] ?? 'unsafe',
					};
		this.calls.push({ method, channel, at: this.clock.now() });
		const response = await this.transport(request);
		return readSlackBody(method, response, request, channel);
	}

	/** One message call at a time per channel, a second after the previous one ended (see SpacedLane). */
	private pacer(channel: string): SpacedLane {
		let pacer = this.pacers.get(channel);
		if (!pacer) {
			const shared = this.options.shared;
			pacer = new SpacedLane(
				this.intervalMs,
				this.clock,
				shared && { budget: shared.budget, key: budgetKey('slack', shared.account, channel) },
			);
			this.pacers.set(channel, pacer);
		}
		return pacer;
	}
}

export function readSlackBody(
	method: string,
	response: HttpResponse,
	request: HttpRequest,
	channel?: string,
): Record<string, unknown> {
	const body = response.body;
	if (response.status === 429) {
		throw new SlackApiError(method, 'ratelimited', {
			channel,
			detail: { retryAfter: response.headers['retry-after'] },
		});
	}
	if (response.status < 200 || response.status >= 300) {
		// Slack's own error bodies say ok:false; anything else is not Slack (wrong base URL, a proxy).
		if (isRecord(body) && body.ok === false && typeof body.error === 'string')
			throw new SlackApiError(method, body.error, { channel, detail: body });
		throw new HttpError(response, request, undefined, response.status === 404 ? BASE_URL_HINT : undefined);
	}
	if (!isRecord(body))
		throw new HttpError(
			response,
			request,
			`Slack ${method} answered with something that is not JSON`,
			'Check the Base URL in the Slack credential: it must point at the Slack Web API (https://slack.com/api).',
		);
	if (body.ok !== true) {
		const code = typeof body.error === 'string' ? body.error : 'unknown_error';
		const detail: Record<string, unknown> = {};
		for (const key of ['needed', 'provided', 'warning', 'response_metadata'])
			if (body[key] !== undefined) detail[key] = body[key];
		throw new SlackApiError(method, code, { channel, detail });
	}
	return body;
}

function toChannelSummary(raw: Record<string, unknown> | undefined): ChannelSummary {
	const c = raw ?? {};
	return {
		id: String(c.id ?? ''),
		name: String(c.name ?? c.id ?? ''),
		isPrivate: c.is_private === true,
		isMember: c.is_member === true,
		isArchived: c.is_archived === true,
	};
}

function toThreadMessage(m: Record<string, unknown>): ThreadMessage {
	return {
		ts: String(m.ts ?? ''),
		threadTs: typeof m.thread_ts === 'string' ? m.thread_ts : null,
		text: typeof m.text === 'string' ? m.text : '',
		botId: typeof m.bot_id === 'string' ? m.bot_id : null,
		metadata: toMetadata(m.metadata),
	};
}

function toMetadata(raw: unknown): MessageMetadata | null {
	if (!isRecord(raw) || typeof raw.event_type !== 'string') return null;
	const payload = isRecord(raw.event_payload) ? raw.event_payload : {};
	const flat: Record<string, string | number | boolean> = {};
	for (const [k, v] of Object.entries(payload))
		if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') flat[k] = v;
	return { event_type: raw.event_type, event_payload: flat };
}

/** Same event type and the same payload, key for key. */
export function sameMetadata(have: MessageMetadata | null, wanted: MessageMetadata): boolean {
	if (!have || have.event_type !== wanted.event_type) return false;
	const keys = new Set([...Object.keys(have.event_payload), ...Object.keys(wanted.event_payload)]);
	return [...keys].every((k) => have.event_payload[k] === wanted.event_payload[k]);
}

/** Slack timestamps are "seconds.micro" strings: compare them as numbers, part by part. */
export function compareSlackTs(a: string, b: string): number {
	const [as, au = '0'] = a.split('.');
	const [bs, bu = '0'] = b.split('.');
	return Number(as) - Number(bs) || Number(au.padEnd(6, '0')) - Number(bu.padEnd(6, '0'));
}

function lostAnswer(error: OutcomeUnknownError): string {
	return error.status !== undefined ? `answered ${error.status}` : `gave no answer (${error.code})`;
}

function describeMetadata(m: MessageMetadata): string {
	return [m.event_type, ...Object.entries(m.event_payload).map(([k, v]) => `${k}=${String(v)}`)].join(' ');
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/* ---------- incoming webhooks ---------- */

/**
 * Posts to an incoming-webhook URL (a simpler set-up than a bot: no token, one fixed channel). Slack
 * answers 200 "ok", or an error word in the body with 400/403/404/410. A webhook cannot update or
 * thread a message, so the Update operation needs a bot token.
 */
export async function postToIncomingWebhook(
	transport: Transport,
	url: string,
	message: { text: string; blocks?: Block[] },
	clock: Clock = systemClock,
): Promise<void> {
	const send = withRetry(transport, { maxAttempts: 5, baseDelayMs: 1000, clock });
	const request: HttpRequest = {
		method: 'POST',
		url,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(message),
		operation: 'slack.incomingWebhook',
		effect: 'unsafe',
	};
	let response: HttpResponse;
	try {
		response = await send(request);
	} catch (error) {
		// An incoming webhook cannot be read back: after a lost answer nobody can tell whether the message is in
		// the channel, so it is not sent again and the person is told to look.
		if (error instanceof OutcomeUnknownError)
			throw new OutcomeUnknownError(
				// The webhook URL's path is its secret: the error names the host only.
				{ method: 'POST', url: `${new URL(url).origin}/…`, operation: request.operation },
				{},
				{
					message:
						`Slack's incoming webhook ${lostAnswer(error)} after the message was sent: it may or may not be in ` +
						'the channel, and was not sent again',
					hint:
						'Look in the channel of the incoming webhook: if the message is not there, run this step again. To have ' +
						'this checked automatically, use a bot token credential (it finds its own messages).',
				},
			);
		throw error;
	}
	if (response.status >= 200 && response.status < 300) return;
	const word =
		typeof response.body === 'string'
			? response.body.trim()
			: isRecord(response.body) && typeof response.body.error === 'string'
				? response.body.error
				: '';
	if (response.status === 429) throw new SlackApiError('incoming-webhook', 'ratelimited');
	if (word && /^[a-z_]+$/.test(word))
		throw new SlackApiError('incoming-webhook', word, { channel: 'of the incoming webhook' });
	throw new HttpError(
		response,
		request,
		undefined,
		response.status === 404
			? 'The incoming-webhook URL is unknown to Slack (the webhook was removed): create a new one under Incoming ' +
				'Webhooks in the Slack app and paste it into the credential.'
			: undefined,
	);
}
