/**
 * Simulated Slack Web API (mounted at /slack/): enough of Slack for the Exception Alerts node and the
 * end-to-end tests, faithful where our code depends on it:
 *  - methods at /slack/api/<method>, form-encoded or JSON bodies, query strings for GET, token as
 *    "Authorization: Bearer" or a `token` parameter (invalid_auth otherwise);
 *  - per-channel message pacing: a second message in the same channel within `messageIntervalMs`
 *    gets HTTP 429 with Retry-After and `{ ok:false, error:'ratelimited' }`, and is not posted;
 *  - channels the bot is and is not in (not_in_channel), unknown channels (channel_not_found),
 *    archived channels (is_archived);
 *  - Block Kit limits (50 blocks, 3,000 characters of section text, 150 of header text...):
 *    invalid_blocks with response_metadata.messages, as Slack answers;
 *  - chat.update of a deleted/unknown message: message_not_found; of another app's message:
 *    cant_update_message;
 *  - the external file-upload flow (files.getUploadURLExternal -> POST bytes -> files.completeUploadExternal);
 *  - incoming webhooks at /slack/webhook/<id>, answering "ok" / error words with 4xx;
 *  - message metadata on chat.postMessage (a JSON `metadata` with event_type + event_payload) and
 *    conversations.replies (parent first, then replies oldest first; metadata only with
 *    include_all_metadata; cursor pagination with `limit`; thread_not_found for an unknown ts;
 *    missing_scope when the token lacks channels:history / groups:history);
 *  - conversations.history (newest first, oldest/latest bounds, metadata with include_all_metadata), which
 *    the alerts read to find a post whose answer was lost.
 * Response bodies follow slack_web_openapi_v2.json (the contract test validates them).
 * Everything received is recorded (`calls`, `messages`) for assertions.
 */
import type { SimRequest, SimResponse, VendorSim } from '../http';

export interface SlackSimChannel {
	id: string;
	name: string;
	isMember?: boolean;
	isPrivate?: boolean;
	isArchived?: boolean;
}

export interface SlackSimMessage {
	channel: string;
	ts: string;
	text: string;
	blocks: unknown[] | null;
	threadTs: string | null;
	/** Who posted it: our bot or someone else (another app or a person). */
	botId: string | null;
	deleted: boolean;
	/** Every version the message had, the first one included. */
	history: Array<{ text: string; blocks: unknown[] | null; at: number }>;
	postedAt: number;
	files: string[];
	/** Message metadata as posted (chat.postMessage `metadata`), or null. */
	metadata?: { event_type: string; event_payload: Record<string, unknown> } | null;
}

export interface SlackSimCall {
	method: string;
	params: Record<string, string>;
	at: number;
	status: number;
	ok: boolean;
	error?: string;
}

export interface SlackSimFile {
	id: string;
	filename: string;
	length: number;
	received: number | null;
	title: string | null;
	channel: string | null;
	completed: boolean;
}

export interface SlackSimOptions {
	token?: string;
	channels?: SlackSimChannel[];
	/** Minimum spacing of messages per channel (Slack: about one per second). */
	messageIntervalMs?: number;
	/** Seconds in Retry-After on a 429. */
	retryAfterSeconds?: number;
	/** Incoming webhooks: id -> channel id. */
	webhooks?: Record<string, string>;
	now?: () => number;
	team?: { id: string; name: string; domain: string };
	/** Simulates an app installed without channels:history / groups:history (conversations.replies). */
	withoutHistoryScope?: boolean;
}

/**
 * The sim's whole public interface: its state lives in createSlackSim's
 * closure and changes only through the API or these controls.
 */
export interface SlackSim extends VendorSim {
	readonly calls: readonly SlackSimCall[];
	readonly messages: ReadonlyArray<Readonly<SlackSimMessage>>;
	readonly files: ReadonlyArray<Readonly<SlackSimFile>>;
	readonly botUserId: string;
	readonly botId: string;
	/** Messages (not deleted, not thread replies unless asked) in a channel, oldest first. */
	messagesIn(channel: string, options?: { includeReplies?: boolean; includeDeleted?: boolean }): SlackSimMessage[];
	repliesTo(channel: string, ts: string): SlackSimMessage[];
	deleteMessage(channel: string, ts: string): void;
	setMember(channel: string, isMember: boolean): void;
	/** A message someone else posted (for cant_update_message). */
	injectForeignMessage(channel: string, text: string): SlackSimMessage;
	/** A message already in the channel when this sim starts (e.g. our bot posted it in an earlier run). */
	addMessage(message: SlackSimMessage): void;
	countCalls(method: string, filter?: (c: SlackSimCall) => boolean): number;
	/**
	 * From now on every API call is refused with this Slack error (e.g. token_revoked: the app was removed from the
	 * workspace), or, with null, answered normally again. Refused at once, as Slack does: nothing to retry.
	 */
	refuseAll(error: string | null): void;
}

/** A Block Kit block or element as a client sent it: JSON nothing has checked yet, any field may be anything. */
interface UncheckedBlock {
	type?: unknown;
	block_id?: unknown;
	text?: { type?: unknown; text?: unknown };
	fields?: unknown;
	elements?: unknown;
	value?: unknown;
	action_id?: unknown;
}

/** Documented Block Kit limits the sim enforces, like Slack's invalid_blocks check. */
export function blockKitViolations(blocks: unknown): string[] {
	const problems: string[] = [];
	if (!Array.isArray(blocks)) return ['blocks must be an array'];
	if (blocks.length > 50)
		problems.push(`must provide an array with no more than 50 items [json-pointer:/blocks] (got ${blocks.length})`);
	const textLength = (t: unknown) =>
		t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string'
			? (t as { text: string }).text.length
			: -1;
	(blocks as Array<UncheckedBlock | null>).forEach((b, i) => {
		const at = `[json-pointer:/blocks/${i}`;
		if (!b || typeof b !== 'object' || typeof b.type !== 'string') {
			problems.push(`missing type ${at}]`);
			return;
		}
		if (b.block_id !== undefined && String(b.block_id).length > 255)
			problems.push(`must be less than 256 characters ${at}/block_id]`);
		switch (b.type) {
			case 'header':
				if (!(textLength(b.text) >= 1 && textLength(b.text) <= 150))
					problems.push(`must be less than 151 characters ${at}/text]`);
				if (b.text?.type !== 'plain_text') problems.push(`must be plain_text ${at}/text/type]`);
				break;
			case 'section':
				if (b.text === undefined && !Array.isArray(b.fields)) problems.push(`must provide text or fields ${at}]`);
				if (b.text !== undefined && !(textLength(b.text) >= 1 && textLength(b.text) <= 3000))
					problems.push(`must be between 1 and 3000 characters ${at}/text]`);
				if (Array.isArray(b.fields)) {
					if (b.fields.length > 10) problems.push(`must provide no more than 10 items ${at}/fields]`);
					b.fields.forEach((f: unknown, j: number) => {
						if (!(textLength(f) >= 1 && textLength(f) <= 2000))
							problems.push(`must be between 1 and 2000 characters ${at}/fields/${j}]`);
					});
				}
				break;
			case 'context':
				if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 10)
					problems.push(`must provide 1 to 10 elements ${at}/elements]`);
				break;
			case 'actions':
				if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 25)
					problems.push(`must provide 1 to 25 elements ${at}/elements]`);
				else {
					const ids = new Set<unknown>();
					(b.elements as UncheckedBlock[]).forEach((e, j) => {
						if (e.type === 'button') {
							if (!(textLength(e.text) >= 1 && textLength(e.text) <= 75))
								problems.push(`must be less than 76 characters ${at}/elements/${j}/text]`);
							if (e.value !== undefined && String(e.value).length > 2000)
								problems.push(`must be less than 2001 characters ${at}/elements/${j}/value]`);
						}
						if (e.action_id !== undefined) {
							if (String(e.action_id).length > 255)
								problems.push(`must be less than 256 characters ${at}/elements/${j}/action_id]`);
							if (ids.has(e.action_id)) problems.push(`action_id must be unique ${at}/elements/${j}/action_id]`);
							ids.add(e.action_id);
						}
					});
				}
				break;
			case 'divider':
			case 'image':
			case 'rich_text':
				break;
			default:
				problems.push(`unsupported block type ${b.type} ${at}/type]`);
		}
	});
	return problems;
}

export function createSlackSim(options: SlackSimOptions = {}): SlackSim {
	const token = options.token ?? 'xoxb-sandbox-token';
	let refusing: string | null = null;
	const now = options.now ?? (() => Date.now());
	const interval = options.messageIntervalMs ?? 1000;
	const retryAfter = options.retryAfterSeconds ?? 1;
	const team = options.team ?? { id: 'T0SANDBOX1', name: 'Sandbox Workspace', domain: 'sandbox' };
	const botUserId = 'U0SANDBOXBOT';
	const botId = 'B0SANDBOX01';
	const channels = new Map<string, SlackSimChannel>(
		(
			options.channels ?? [
				{ id: 'C0EXCEPTIONS', name: 'order-exceptions', isMember: true },
				{ id: 'C0SHIPPING1', name: 'shipping-delays', isMember: true },
				{ id: 'C0WAREHOUSE', name: 'warehouse', isMember: true },
				{ id: 'C0GENERAL01', name: 'general', isMember: false },
				{ id: 'G0PRIVATE01', name: 'ops-private', isMember: false, isPrivate: true },
			]
		).map((c) => [c.id, { isMember: true, isPrivate: false, isArchived: false, ...c }]),
	);
	const calls: SlackSimCall[] = [];
	const messages: SlackSimMessage[] = [];
	const files: SlackSimFile[] = [];
	const lastMessageAt = new Map<string, number>();
	let tsCounter = 0;
	let fileCounter = 0;

	const nextTs = () => {
		tsCounter++;
		const seconds = Math.floor(now() / 1000);
		return `${seconds}.${String(tsCounter).padStart(6, '0')}`;
	};
	const findMessage = (channel: string, ts: string) => messages.find((m) => m.channel === channel && m.ts === ts);

	function resolveChannel(idOrName: string): SlackSimChannel | undefined {
		const byId = channels.get(idOrName);
		if (byId) return byId;
		const name = idOrName.replace(/^#/, '');
		return [...channels.values()].find((c) => c.name === name);
	}

	function conversationObject(c: SlackSimChannel) {
		return {
			id: c.id,
			name: c.name,
			name_normalized: c.name,
			created: 1600000000,
			creator: 'U0CREATOR01',
			is_archived: !!c.isArchived,
			is_channel: !c.isPrivate,
			is_group: !!c.isPrivate,
			is_general: c.name === 'general',
			is_im: false,
			is_mpim: false,
			is_private: !!c.isPrivate,
			is_shared: false,
			is_org_shared: false,
			is_ext_shared: false,
			is_member: !!c.isMember,
			topic: { value: '', creator: '', last_set: 0 },
			purpose: { value: '', creator: '', last_set: 0 },
		};
	}

	function params(req: SimRequest): Record<string, string> {
		const out: Record<string, string> = {};
		req.query.forEach((v, k) => (out[k] = v));
		const type = req.headers['content-type'] ?? '';
		if (req.rawBody && /x-www-form-urlencoded/i.test(type))
			new URLSearchParams(req.rawBody).forEach((v, k) => (out[k] = v));
		else if (req.rawBody && /json/i.test(type) && req.json && typeof req.json === 'object') {
			for (const [k, v] of Object.entries(req.json as Record<string, unknown>))
				out[k] = typeof v === 'string' ? v : JSON.stringify(v);
		}
		return out;
	}

	function answer(
		method: string,
		p: Record<string, string>,
		status: number,
		body: Record<string, unknown>,
		headers?: Record<string, string>,
	): SimResponse {
		calls.push({
			method,
			params: p,
			at: now(),
			status,
			ok: body.ok === true,
			error: typeof body.error === 'string' ? body.error : undefined,
		});
		return { status, headers, body };
	}
	const fail = (method: string, p: Record<string, string>, error: string, extra: Record<string, unknown> = {}) =>
		answer(method, p, 200, { ok: false, error, ...extra });

	/** Checks a message target the way chat.postMessage does; returns an error word or the channel. */
	function postableChannel(idOrName: string | undefined): SlackSimChannel | string {
		if (!idOrName) return 'channel_not_found';
		const c = resolveChannel(idOrName);
		if (!c) return 'channel_not_found';
		// A private channel the bot is not in is invisible to it.
		if (c.isPrivate && !c.isMember) return 'channel_not_found';
		if (c.isArchived) return 'is_archived';
		if (!c.isMember) return 'not_in_channel';
		return c;
	}

	function paced(channel: string): boolean {
		const last = lastMessageAt.get(channel);
		return last !== undefined && now() - last < interval;
	}

	function parseBlocks(raw: string | undefined): { blocks: unknown[] | null; problems: string[] } {
		if (raw === undefined || raw === '') return { blocks: null, problems: [] };
		let blocks: unknown;
		try {
			blocks = JSON.parse(raw);
		} catch {
			return { blocks: null, problems: ['invalid JSON'] };
		}
		return { blocks: blocks as unknown[], problems: blockKitViolations(blocks) };
	}

	/** Slack's checks on chat.postMessage `metadata`: JSON with a string event_type and an object event_payload. */
	function parseMetadata(raw: string | undefined): SlackSimMessage['metadata'] | 'invalid_metadata_format' {
		if (raw === undefined || raw === '') return null;
		try {
			const m = JSON.parse(raw);
			if (
				!m ||
				typeof m !== 'object' ||
				typeof m.event_type !== 'string' ||
				!m.event_type ||
				!m.event_payload ||
				typeof m.event_payload !== 'object' ||
				Array.isArray(m.event_payload)
			)
				return 'invalid_metadata_format';
			return { event_type: m.event_type, event_payload: m.event_payload };
		} catch {
			return 'invalid_metadata_format';
		}
	}

	function replyObject(
		m: SlackSimMessage,
		parent: SlackSimMessage,
		withMetadata: boolean,
		replies: SlackSimMessage[],
	): Record<string, unknown> {
		const out: Record<string, unknown> = {
			type: 'message',
			text: m.text,
			ts: m.ts,
			user: botUserId,
			bot_id: m.botId,
			thread_ts: parent.ts,
		};
		if (m === parent) {
			out.reply_count = replies.length;
			out.subscribed = false;
			if (replies.length) out.latest_reply = replies[replies.length - 1].ts;
		} else out.parent_user_id = botUserId;
		if (withMetadata && m.metadata) out.metadata = m.metadata;
		return out;
	}

	const methods: Record<string, (req: SimRequest, p: Record<string, string>) => SimResponse> = {
		'auth.test': (_req, p) =>
			answer('auth.test', p, 200, {
				ok: true,
				url: `https://${team.domain}.slack.com/`,
				team: team.name,
				user: 'post-purchase-bot',
				team_id: team.id,
				user_id: botUserId,
				bot_id: botId,
			}),

		'chat.postMessage': (_req, p) => {
			const target = postableChannel(p.channel);
			if (typeof target === 'string') return fail('chat.postMessage', p, target);
			if (paced(target.id))
				return answer(
					'chat.postMessage',
					p,
					429,
					{ ok: false, error: 'ratelimited' },
					{ 'retry-after': String(retryAfter) },
				);
			const { blocks, problems } = parseBlocks(p.blocks);
			if (problems.length)
				return fail('chat.postMessage', p, 'invalid_blocks', { response_metadata: { messages: problems } });
			if (!p.text && !blocks) return fail('chat.postMessage', p, 'no_text');
			if (p.thread_ts && !findMessage(target.id, p.thread_ts)) return fail('chat.postMessage', p, 'thread_not_found');
			const metadata = parseMetadata(p.metadata);
			if (metadata === 'invalid_metadata_format') return fail('chat.postMessage', p, metadata);
			const ts = nextTs();
			const text = p.text ?? '';
			messages.push({
				channel: target.id,
				ts,
				text,
				blocks,
				threadTs: p.thread_ts ?? null,
				botId,
				deleted: false,
				history: [{ text, blocks, at: now() }],
				postedAt: now(),
				files: [],
				metadata,
			});
			lastMessageAt.set(target.id, now());
			const message: Record<string, unknown> = {
				type: 'message',
				subtype: 'bot_message',
				text,
				ts,
				bot_id: botId,
				username: 'post-purchase-bot',
			};
			if (blocks) message.blocks = blocks;
			if (p.thread_ts) message.thread_ts = p.thread_ts;
			return answer('chat.postMessage', p, 200, { ok: true, channel: target.id, ts, message });
		},

		'chat.update': (_req, p) => {
			const c = p.channel ? resolveChannel(p.channel) : undefined;
			if (!c || (c.isPrivate && !c.isMember)) return fail('chat.update', p, 'channel_not_found');
			const m = p.ts ? findMessage(c.id, p.ts) : undefined;
			if (!m || m.deleted) return fail('chat.update', p, 'message_not_found');
			if (m.botId !== botId) return fail('chat.update', p, 'cant_update_message');
			const { blocks, problems } = parseBlocks(p.blocks);
			if (problems.length)
				return fail('chat.update', p, 'invalid_blocks', { response_metadata: { messages: problems } });
			if (!p.text && !blocks) return fail('chat.update', p, 'no_text');
			m.text = p.text ?? m.text;
			if (blocks) m.blocks = blocks;
			m.history.push({ text: m.text, blocks: m.blocks, at: now() });
			// The published description types chat.update's message.blocks as an object (a quirk of the
			// 2021 spec; Slack sends an array). It is optional, so the sim leaves it out to stay valid.
			return answer('chat.update', p, 200, {
				ok: true,
				channel: c.id,
				ts: m.ts,
				text: m.text,
				message: { text: m.text },
			});
		},

		'chat.delete': (_req, p) => {
			const c = p.channel ? resolveChannel(p.channel) : undefined;
			if (!c || (c.isPrivate && !c.isMember)) return fail('chat.delete', p, 'channel_not_found');
			const m = p.ts ? findMessage(c.id, p.ts) : undefined;
			if (!m || m.deleted) return fail('chat.delete', p, 'message_not_found');
			if (m.botId !== botId) return fail('chat.delete', p, 'cant_delete_message');
			m.deleted = true;
			return answer('chat.delete', p, 200, { ok: true, channel: c.id, ts: m.ts });
		},

		'chat.getPermalink': (_req, p) => {
			const c = p.channel ? resolveChannel(p.channel) : undefined;
			if (!c) return fail('chat.getPermalink', p, 'channel_not_found');
			const m = p.message_ts ? findMessage(c.id, p.message_ts) : undefined;
			if (!m || m.deleted) return fail('chat.getPermalink', p, 'message_not_found');
			return answer('chat.getPermalink', p, 200, {
				ok: true,
				channel: c.id,
				permalink: `https://${team.domain}.slack.com/archives/${c.id}/p${m.ts.replace('.', '')}`,
			});
		},

		'conversations.info': (_req, p) => {
			const c = p.channel ? resolveChannel(p.channel) : undefined;
			if (!c || (c.isPrivate && !c.isMember)) return fail('conversations.info', p, 'channel_not_found');
			return answer('conversations.info', p, 200, { ok: true, channel: conversationObject(c) });
		},

		'conversations.replies': (_req, p) => {
			if (options.withoutHistoryScope)
				return fail('conversations.replies', p, 'missing_scope', {
					needed: 'channels:history,groups:history,mpim:history,im:history',
					provided: 'chat:write,files:write,channels:read',
				});
			const c = p.channel ? resolveChannel(p.channel) : undefined;
			// Reading needs membership as well as the scope: a channel the bot is not in is not visible.
			if (!c || !c.isMember) return fail('conversations.replies', p, 'channel_not_found');
			const parent = p.ts ? findMessage(c.id, p.ts) : undefined;
			if (!parent || parent.deleted) return fail('conversations.replies', p, 'thread_not_found');
			const replies = messages.filter((m) => m.channel === c.id && m.threadTs === parent.ts && !m.deleted);
			const withMetadata = p.include_all_metadata === 'true' || p.include_all_metadata === '1';
			const all = [parent, ...replies].map((m) => replyObject(m, parent, withMetadata, replies));
			const limit = Math.max(1, Math.min(1000, Number(p.limit ?? 1000) || 1000));
			const start = p.cursor
				? Number(Buffer.from(p.cursor, 'base64').toString('utf8').replace('next_ts_offset:', '')) || 0
				: 0;
			const page = all.slice(start, start + limit);
			const hasMore = start + limit < all.length;
			const body: Record<string, unknown> = { ok: true, messages: page, has_more: hasMore };
			// Slack adds response_metadata.next_cursor when there is a next page (the 2021 description's
			// example shows it, though its schema omits it); the sim adds it only then.
			if (hasMore)
				body.response_metadata = { next_cursor: Buffer.from(`next_ts_offset:${start + limit}`).toString('base64') };
			return answer('conversations.replies', p, 200, body);
		},

		// conversations.history (docs.slack.dev): the channel's messages, newest first, thread replies left out;
		// `oldest`/`latest` bound by ts (exclusive unless `inclusive`), metadata only with include_all_metadata,
		// cursor pagination with `limit`; the same scope and membership rules as conversations.replies.
		'conversations.history': (_req, p) => {
			if (options.withoutHistoryScope)
				return fail('conversations.history', p, 'missing_scope', {
					needed: 'channels:history,groups:history,mpim:history,im:history',
					provided: 'chat:write,files:write,channels:read',
				});
			const c = p.channel ? resolveChannel(p.channel) : undefined;
			if (!c || !c.isMember) return fail('conversations.history', p, 'channel_not_found');
			const inclusive = p.inclusive === 'true' || p.inclusive === '1';
			const after = (ts: string, bound: string | undefined) =>
				bound === undefined || Number(ts) > Number(bound) || (inclusive && Number(ts) === Number(bound));
			const before = (ts: string, bound: string | undefined) =>
				bound === undefined || Number(ts) < Number(bound) || (inclusive && Number(ts) === Number(bound));
			const withMetadata = p.include_all_metadata === 'true' || p.include_all_metadata === '1';
			const all = messages
				.filter((m) => m.channel === c.id && !m.deleted && (!m.threadTs || m.threadTs === m.ts))
				.filter((m) => after(m.ts, p.oldest) && before(m.ts, p.latest))
				.sort((a, b) => Number(b.ts) - Number(a.ts))
				.map((m) => {
					const out: Record<string, unknown> = { type: 'message', text: m.text, ts: m.ts, user: botUserId };
					if (m.botId) out.bot_id = m.botId;
					if (withMetadata && m.metadata) out.metadata = m.metadata;
					return out;
				});
			const limit = Math.max(1, Math.min(999, Number(p.limit ?? 100) || 100));
			const start = p.cursor ? Number(Buffer.from(p.cursor, 'base64').toString('utf8').replace('offset:', '')) || 0 : 0;
			const page = all.slice(start, start + limit);
			const hasMore = start + limit < all.length;
			const body: Record<string, unknown> = {
				ok: true,
				messages: page,
				has_more: hasMore,
				pin_count: 0,
				// Slack sends these with every history answer (the Web API description requires them)
				channel_actions_ts: null,
				channel_actions_count: 0,
			};
			if (hasMore) body.response_metadata = { next_cursor: Buffer.from(`offset:${start + limit}`).toString('base64') };
			return answer('conversations.history', p, 200, body);
		},

		'conversations.list': (_req, p) => {
			const types = (p.types ?? 'public_channel').split(',');
			const excludeArchived = p.exclude_archived === 'true' || p.exclude_archived === '1';
			const visible = [...channels.values()].filter(
				(c) =>
					(c.isPrivate ? types.includes('private_channel') && c.isMember : types.includes('public_channel')) &&
					!(excludeArchived && c.isArchived),
			);
			const limit = Math.max(1, Math.min(1000, Number(p.limit ?? 100) || 100));
			const start = p.cursor ? Number(Buffer.from(p.cursor, 'base64').toString('utf8').replace('offset:', '')) || 0 : 0;
			const page = visible.slice(start, start + limit);
			const next = start + limit < visible.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
			return answer('conversations.list', p, 200, {
				ok: true,
				channels: page.map(conversationObject),
				response_metadata: { next_cursor: next },
			});
		},

		'files.getUploadURLExternal': (req, p) => {
			const length = Number(p.length);
			if (!p.filename) return fail('files.getUploadURLExternal', p, 'invalid_arguments');
			if (!Number.isInteger(length) || length <= 0) return fail('files.getUploadURLExternal', p, 'invalid_arguments');
			fileCounter++;
			const id = `F0SANDBOX${String(fileCounter).padStart(3, '0')}`;
			files.push({ id, filename: p.filename, length, received: null, title: null, channel: null, completed: false });
			const host = req.headers.host ?? '127.0.0.1';
			return answer('files.getUploadURLExternal', p, 200, {
				ok: true,
				upload_url: `http://${host}/slack/upload/${id}`,
				file_id: id,
			});
		},

		'files.completeUploadExternal': (_req, p) => {
			let list: Array<{ id: string; title?: string }>;
			try {
				list = JSON.parse(p.files ?? '');
			} catch {
				return fail('files.completeUploadExternal', p, 'invalid_arguments');
			}
			if (!Array.isArray(list) || list.length === 0)
				return fail('files.completeUploadExternal', p, 'invalid_arguments');
			let target: SlackSimChannel | undefined;
			if (p.channel_id) {
				const t = postableChannel(p.channel_id);
				if (typeof t === 'string') return fail('files.completeUploadExternal', p, t);
				if (paced(t.id))
					return answer(
						'files.completeUploadExternal',
						p,
						429,
						{ ok: false, error: 'ratelimited' },
						{ 'retry-after': String(retryAfter) },
					);
				target = t;
			}
			const done: Array<Record<string, unknown>> = [];
			for (const entry of list) {
				const f = files.find((x) => x.id === entry.id);
				if (!f || f.received === null) return fail('files.completeUploadExternal', p, 'file_not_found');
				if (f.received !== f.length) return fail('files.completeUploadExternal', p, 'file_upload_size_mismatch');
				f.completed = true;
				f.title = entry.title ?? f.filename;
				f.channel = target?.id ?? null;
				done.push({
					id: f.id,
					name: f.filename,
					title: f.title,
					permalink: `https://${team.domain}.slack.com/files/${botUserId}/${f.id}/${f.filename}`,
				});
			}
			if (target) {
				const ts = nextTs();
				const text = p.initial_comment ?? '';
				messages.push({
					channel: target.id,
					ts,
					text,
					blocks: null,
					threadTs: p.thread_ts ?? null,
					botId,
					deleted: false,
					history: [{ text, blocks: null, at: now() }],
					postedAt: now(),
					files: list.map((l) => l.id),
				});
				lastMessageAt.set(target.id, now());
			}
			return answer('files.completeUploadExternal', p, 200, { ok: true, files: done });
		},
	};

	const sim: SlackSim = {
		name: 'slack',
		calls,
		messages,
		files,
		botUserId,
		botId,
		async handle(req: SimRequest): Promise<SimResponse | undefined> {
			const apiMatch = /^\/api\/([A-Za-z.]+)$/.exec(req.path);
			if (apiMatch) {
				const method = apiMatch[1];
				const handler = methods[method];
				const p = params(req);
				if (!handler) return answer(method, p, 404, { ok: false, error: 'unknown_method' });
				const auth = req.headers.authorization ?? '';
				const given = auth.startsWith('Bearer ') ? auth.slice(7) : p.token;
				if (!given) return fail(method, p, 'not_authed');
				if (given !== token) return fail(method, p, 'invalid_auth');
				if (refusing) return fail(method, p, refusing);
				return handler(req, p);
			}
			const upload = /^\/upload\/(F[A-Z0-9]+)$/.exec(req.path);
			if (upload && req.method === 'POST') {
				const f = files.find((x) => x.id === upload[1]);
				if (!f) return { status: 404, body: 'file not found' };
				// rawBody is decoded as UTF-8 by the host; Content-Length is the byte count that was sent.
				f.received = Number(req.headers['content-length'] ?? Buffer.byteLength(req.rawBody));
				calls.push({ method: 'upload', params: { file: f.id }, at: now(), status: 200, ok: true });
				return { status: 200, headers: { 'content-type': 'text/plain' }, body: `OK - ${f.received}` };
			}
			const hook = /^\/webhook\/([A-Za-z0-9_-]+)$/.exec(req.path);
			if (hook && req.method === 'POST') {
				const channelId = options.webhooks?.[hook[1]];
				const p = { webhook: hook[1] };
				const text = (status: number, word: string): SimResponse => {
					calls.push({
						method: 'incoming-webhook',
						params: p,
						at: now(),
						status,
						ok: status === 200,
						error: status === 200 ? undefined : word,
					});
					return { status, headers: { 'content-type': 'text/html' }, body: word };
				};
				if (!channelId) return text(404, 'no_service');
				const body = req.json as { text?: string; blocks?: unknown[] } | undefined;
				if (!body) return text(400, 'invalid_payload');
				const problems = body.blocks ? blockKitViolations(body.blocks) : [];
				if (problems.length) return text(400, 'invalid_blocks');
				if (!body.text && !body.blocks) return text(400, 'no_text');
				const c = channels.get(channelId);
				if (!c) return text(404, 'channel_not_found');
				if (c.isArchived) return text(410, 'channel_is_archived');
				if (paced(c.id)) {
					calls.push({
						method: 'incoming-webhook',
						params: p,
						at: now(),
						status: 429,
						ok: false,
						error: 'rate_limited',
					});
					return {
						status: 429,
						headers: { 'retry-after': String(retryAfter), 'content-type': 'text/html' },
						body: 'rate_limited',
					};
				}
				const ts = nextTs();
				messages.push({
					channel: c.id,
					ts,
					text: body.text ?? '',
					blocks: body.blocks ?? null,
					threadTs: null,
					botId: `${botId}-webhook`,
					deleted: false,
					history: [{ text: body.text ?? '', blocks: body.blocks ?? null, at: now() }],
					postedAt: now(),
					files: [],
				});
				lastMessageAt.set(c.id, now());
				return text(200, 'ok');
			}
			return undefined;
		},
		messagesIn(channel, opts = {}) {
			return messages.filter(
				(m) =>
					m.channel === channel && (opts.includeDeleted || !m.deleted) && (opts.includeReplies || m.threadTs === null),
			);
		},
		repliesTo(channel, ts) {
			return messages.filter((m) => m.channel === channel && m.threadTs === ts && !m.deleted);
		},
		deleteMessage(channel, ts) {
			const m = findMessage(channel, ts);
			if (!m) throw new Error(`slack sim: no message ${channel}/${ts}`);
			m.deleted = true;
		},
		setMember(channel, isMember) {
			const c = channels.get(channel);
			if (!c) throw new Error(`slack sim: no channel ${channel}`);
			c.isMember = isMember;
		},
		refuseAll(error) {
			refusing = error;
		},
		injectForeignMessage(channel, text) {
			const m: SlackSimMessage = {
				channel,
				ts: nextTs(),
				text,
				blocks: null,
				threadTs: null,
				botId: 'B0OTHERAPP1',
				deleted: false,
				history: [{ text, blocks: null, at: now() }],
				postedAt: now(),
				files: [],
			};
			messages.push(m);
			return m;
		},
		addMessage(message) {
			if (!channels.has(message.channel)) throw new Error(`slack sim: no channel ${message.channel}`);
			messages.push({ ...message });
		},
		countCalls(method, filter) {
			return calls.filter((c) => c.method === method && (!filter || filter(c))).length;
		},
	};
	return sim;
}
