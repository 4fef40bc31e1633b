/**
 * Exceptions as owned cases in Slack: the rules behind the Exception Alerts node.
 *
 * - One message per case. Its reference (channel + ts) is stored on the case in the Order Ledger, so
 *   a second run, a retry or another worker updates that message instead of posting again.
 * - A deleted message (message_not_found) is replaced by a fresh post whose reference is kept.
 * - Two runs racing to post the same case: the ledger keeps the first reference (first writer wins);
 *   the loser deletes its own post and updates the winner's, so the channel still shows one message.
 * - Acknowledge / resolve / clear: chat.update in place plus a short reply in the message's thread.
 *   Each reply carries message metadata naming the case and the change; before replying we read the
 *   thread back from Slack and skip the reply when one for the same change is already there, so a
 *   retry, a re-run or a second worker never says the same thing twice. Slack is the only state.
 */
import { ValidationError } from '../../http/errors';
import type {
	ExceptionReport,
	LedgerException,
	LedgerStore,
	SelfServiceReport,
	SlackMessageRef,
	StuckCount,
} from '../../ledger/types';
import { EXCEPTION_CATALOGUE } from '../../order/catalogue';
import type { ExceptionType, OrderRecord } from '../../order/types';
import type { SlackMessage } from './blocks';
import { compareSlackTs, sameMetadata, SlackClient, type MessageMetadata, type ThreadMessage } from './client';
import { renderTrendChartPng } from './chart';
import { SlackApiError } from './errors';
import {
	buildExceptionMessage,
	buildRefusedPressReply,
	buildThreadReply,
	caseState,
	fallbackTypeInfo,
	type AlertOrder,
	type CaseState,
	type ExceptionTypeInfo,
} from './exceptionMessage';
import { customerDataOf, customerRedactor } from './privacy';
import { buildWeeklyReportMessage } from './report';

/** Stands in for the channel of a case posted through an incoming webhook (which returns no ts). */
const WEBHOOK_CHANNEL = 'incoming-webhook';

/** The part of the ledger the alerts need. */
export type AlertLedger = Pick<
	LedgerStore,
	'getException' | 'getOrder' | 'setExceptionMessageRef' | 'replaceExceptionMessageRef'
>;

export type ReportLedger = Pick<LedgerStore, 'exceptionReport' | 'stuckCount' | 'selfServiceReport'>;

/** Where messages go: a bot token client (post + update), or an incoming webhook (post only). */
export type SlackTarget =
	| { kind: 'bot'; client: SlackClient }
	| { kind: 'webhook'; post: (message: SlackMessage) => Promise<void> };

export interface Routing {
	defaultChannel: string;
	byType?: Partial<Record<ExceptionType, string>>;
}

export interface AlertSettings {
	routing: Routing;
	includePii: boolean;
	shop?: string | null;
	now: string;
	/** Type words; defaults to the engine's catalogue. */
	infoFor?: (type: ExceptionType) => ExceptionTypeInfo;
}

export type PostAction = 'posted' | 'updated' | 'reposted' | 'already_posted_by_webhook' | 'lost_race_updated_winner';

/**
 * Marks a case's own message (message metadata), so that when Slack's answer to the post is lost the
 * message can be found in the channel and adopted instead of posted again.
 */
export const CASE_MESSAGE_EVENT = 'pp_case';

export function caseMessageMetadata(caseId: string): MessageMetadata {
	return { event_type: CASE_MESSAGE_EVENT, event_payload: { case_id: caseId } };
}

/** Marks the weekly report of one day, for the same reason. */
export const WEEKLY_REPORT_EVENT = 'pp_weekly_report';

export interface AlertOutcome {
	caseId: string;
	orderKey: string;
	type: ExceptionType;
	state: CaseState;
	action: PostAction | 'thread_reply_only';
	channel: string | null;
	ts: string | null;
	permalink: string | null;
	/** False when Slack has the message but the ledger could not record its reference. */
	refStored: boolean;
	threadReplyTs: string | null;
	/** What happened in the thread: replied now, found the same reply already there, or nothing. */
	threadReply: 'posted' | 'already_posted' | null;
	truncatedFields: string[];
	warnings: string[];
}

export function catalogueInfo(type: ExceptionType): ExceptionTypeInfo {
	const entry = EXCEPTION_CATALOGUE[type];
	return entry
		? { title: entry.title, plainWords: entry.plainWords, nextStep: entry.nextStep }
		: fallbackTypeInfo(type);
}

export function channelFor(routing: Routing, type: ExceptionType): string {
	const channel = (routing.byType?.[type] || routing.defaultChannel || '').trim();
	if (!channel)
		throw new ValidationError(
			`No Slack channel is set for exception type "${type}" and there is no default channel.`,
			'channel',
			'Choose a default channel in the node, or add a route for this exception type.',
		);
	return channel;
}

async function loadCase(
	ledger: AlertLedger,
	caseId: unknown,
	now: string,
): Promise<{ exception: LedgerException; order: AlertOrder | null }> {
	if (typeof caseId !== 'string' || caseId.trim() === '')
		throw new ValidationError(
			'The case id is empty.',
			'caseId',
			'Map the "id" of an exception case from the Order Ledger into "Case ID".',
		);
	const exception = await ledger.getException(caseId, now);
	if (!exception)
		throw new ValidationError(
			`No exception case "${caseId}" in the Order Ledger.`,
			'caseId',
			'Check that "Case ID" holds an id the Order Ledger returned (Open Exception or List Exceptions) and that ' +
				'this node uses the same ledger.',
		);
	const record: OrderRecord | null = await ledger.getOrder(exception.orderKey);
	return { exception, order: record ? toAlertOrder(record) : null };
}

/** The order facts a message may show, from the stored record (exported for the fuzz harness). */
export function toAlertOrder(r: OrderRecord): AlertOrder {
	return {
		orderKey: r.orderKey,
		name: r.name,
		shopifyId: r.shopifyId,
		customer: r.customer,
		shippingAddress: r.shippingAddress ?? null,
	};
}

function render(exception: LedgerException, order: AlertOrder | null, settings: AlertSettings) {
	const info = (settings.infoFor ?? catalogueInfo)(exception.type);
	return buildExceptionMessage({
		exception,
		order,
		info,
		shop: settings.shop,
		includePii: settings.includePii,
		now: settings.now,
	});
}

/** Post Exception: post once, update ever after. */
export async function postException(
	ledger: AlertLedger,
	target: SlackTarget,
	caseId: unknown,
	settings: AlertSettings,
): Promise<AlertOutcome> {
	const { exception, order } = await loadCase(ledger, caseId, settings.now);
	const built = render(exception, order, settings);
	const base = outcomeBase(exception, built.state, built.limits.truncatedFields);

	if (target.kind === 'webhook') {
		if (exception.slack)
			return {
				...base,
				action: 'already_posted_by_webhook',
				channel: exception.slack.channel,
				ts: exception.slack.ts,
				permalink: exception.slack.permalink ?? null,
				refStored: true,
				warnings: ['Already posted through the incoming webhook; webhooks cannot update messages.'],
			};
		await target.post(built.message);
		// A webhook gives no message ts: record a marker so a second run does not post the case again.
		const marker: SlackMessageRef = { channel: WEBHOOK_CHANNEL, ts: `webhook:${settings.now}` };
		const stored = await ledger.setExceptionMessageRef(exception.id, marker, settings.now);
		return {
			...base,
			action: 'posted',
			channel: marker.channel,
			ts: null,
			permalink: null,
			refStored: stored.slack?.ts === marker.ts,
		};
	}

	const slack = target.client;
	if (exception.slack && isWebhookMarker(exception.slack)) {
		// Posted earlier through an incoming webhook (no ts to update): a bot posts it properly now.
		return repost(
			ledger,
			slack,
			exception,
			built.message,
			exception.slack,
			channelFor(settings.routing, exception.type),
			settings,
			base,
		);
	}
	if (exception.slack) {
		const ref = exception.slack;
		try {
			await slack.updateMessage({
				channel: ref.channel,
				ts: ref.ts,
				text: built.message.text,
				blocks: built.message.blocks,
			});
			return {
				...base,
				action: 'updated',
				channel: ref.channel,
				ts: ref.ts,
				permalink: ref.permalink ?? null,
				refStored: true,
			};
		} catch (error) {
			if (!(error instanceof SlackApiError && error.code === 'message_not_found')) throw error;
			// The case keeps its channel: people look for it where it was.
			return repost(ledger, slack, exception, built.message, ref, ref.channel, settings, base);
		}
	}

	const channel = channelFor(settings.routing, exception.type);
	const metadata = caseMessageMetadata(exception.id);
	// A run that posted this case and then stopped before storing the message's ts (the ledger restarting, the worker
	// killed in between) left the message in the channel and the case without a reference: adopt that message rather
	// than post the case twice. If the look fails (no history scope, a channel name), the case is posted as before.
	const earlier = await slack
		.findPostedMessage(channel, metadata, EARLIER_POST_LOOKBACK_SECONDS)
		.catch(() => undefined);
	// The earlier message shows the case as it was then (hours ago, perhaps open where it is now resolved): brought
	// up to date, since nothing later would (Update Exception takes a case it sees unposted as freshly posted).
	if (earlier)
		await slack.updateMessage({
			channel: earlier.channel,
			ts: earlier.ts,
			text: built.message.text,
			blocks: built.message.blocks,
		});
	const posted = earlier
		? { ...earlier, adopted: true }
		: await slack.postMessageOnce({ channel, text: built.message.text, blocks: built.message.blocks, metadata });
	if (earlier) base.warnings.push(EARLIER_POST_WARNING);
	else if (posted.adopted) base.warnings.push(ADOPTED_WARNING);
	const permalink = await permalinkOrNull(slack, posted.channel, posted.ts, base.warnings);
	const stored = await ledger.setExceptionMessageRef(
		exception.id,
		{ channel: posted.channel, ts: posted.ts, permalink },
		settings.now,
	);
	if (stored.slack && stored.slack.ts !== posted.ts) {
		// Another run posted this case first: keep theirs, remove ours, bring theirs up to date.
		await slack
			.deleteMessage(posted.channel, posted.ts)
			.catch((e: unknown) =>
				base.warnings.push(`Could not delete the duplicate post ${posted.ts}: ${(e as Error).message}`),
			);
		await slack.updateMessage({
			channel: stored.slack.channel,
			ts: stored.slack.ts,
			text: built.message.text,
			blocks: built.message.blocks,
		});
		return {
			...base,
			action: 'lost_race_updated_winner',
			channel: stored.slack.channel,
			ts: stored.slack.ts,
			permalink: stored.slack.permalink ?? null,
			refStored: true,
		};
	}
	return {
		...base,
		action: 'posted',
		channel: posted.channel,
		ts: posted.ts,
		permalink,
		refStored: stored.slack?.ts === posted.ts,
	};
}

function isWebhookMarker(ref: SlackMessageRef): boolean {
	return ref.channel === WEBHOOK_CHANNEL;
}

/** Posts the case again and swaps the stored reference (compare-and-set on the old ts). */
async function repost(
	ledger: AlertLedger,
	slack: SlackClient,
	exception: LedgerException,
	message: SlackMessage,
	old: SlackMessageRef,
	channel: string,
	settings: AlertSettings,
	base: AlertOutcome,
): Promise<AlertOutcome> {
	const posted = await slack.postMessageOnce({
		channel,
		text: message.text,
		blocks: message.blocks,
		metadata: caseMessageMetadata(exception.id),
	});
	if (posted.adopted) base.warnings.push(ADOPTED_WARNING);
	const permalink = await permalinkOrNull(slack, posted.channel, posted.ts, base.warnings);
	const ref: SlackMessageRef = { channel: posted.channel, ts: posted.ts, permalink };
	// Compare-and-set on the old ts: if another run already reposted, its reference stays.
	const stored = await ledger.replaceExceptionMessageRef(exception.id, old.ts, ref, settings.now);
	const refStored = stored.slack?.ts === posted.ts;
	return { ...base, action: 'reposted', channel: posted.channel, ts: posted.ts, permalink, refStored };
}

/** What a thread reply announces; press_refused: a decision button pressed by someone not on the approver list. */
export type CaseChange = 'acknowledged' | 'resolved' | 'cleared' | 'assigned' | 'press_refused' | 'auto';

/**
 * Update Exception: re-render the message from the case as the ledger has it now (so the buttons and
 * state are right whoever changed it) and say what changed in the thread.
 */
export async function updateException(
	ledger: AlertLedger,
	target: SlackTarget,
	caseId: unknown,
	change: CaseChange,
	actor: string | null,
	settings: AlertSettings & { threadReply: boolean; approvers?: readonly string[] },
): Promise<AlertOutcome> {
	if (target.kind === 'webhook') throw new SlackApiError('chat.update', 'webhook_only');
	const { exception, order } = await loadCase(ledger, caseId, settings.now);
	const outcome = await postException(ledger, target, caseId, settings);
	// Never posted before (or only by webhook, which cannot be edited): the fresh post already shows
	// the current state, and there is no thread to reply in.
	if (!exception.slack || isWebhookMarker(exception.slack)) return outcome;
	const effective = change === 'auto' ? changeFromState(caseState(exception)) : change;
	if (!settings.threadReply || !effective || !outcome.channel || !outcome.ts) return outcome;
	const owner = actor ?? exception.owner ?? null;
	const redact = settings.includePii ? undefined : customerRedactor(customerDataOf(order, exception.evidence));
	if (effective === 'press_refused') {
		// Keyed by who pressed (never the case's owner) and the list named: the same person refused under a new list
		// hears the new names.
		const approvers = settings.approvers ?? [];
		const metadata = caseChangeMetadata(exception.id, effective, actor);
		metadata.event_payload.approvers = approvers.join(',');
		return replyOnce(target.client, outcome, metadata, buildRefusedPressReply(actor, approvers));
	}
	const reply = buildThreadReply(exception, effective, owner, settings.now, redact);
	return replyOnce(target.client, outcome, caseChangeMetadata(exception.id, effective, owner), reply);
}

/** Marks our thread replies so a later run can recognise them (message metadata event type). */
export const CASE_CHANGE_EVENT = 'pp_case_change';

/**
 * What makes a thread reply "the same": the case and the change; for an assignment also who now owns
 * it (assigning to someone else is news, saying it twice is not).
 */
export function caseChangeMetadata(
	caseId: string,
	change: Exclude<CaseChange, 'auto'>,
	owner: string | null,
): MessageMetadata {
	const event_payload: Record<string, string> = { case_id: caseId, change };
	// Assigning to someone else is news; so is a second person refused.
	if ((change === 'assigned' || change === 'press_refused') && owner) event_payload.owner = owner;
	return { event_type: CASE_CHANGE_EVENT, event_payload };
}

function sameChange(message: ThreadMessage, wanted: MessageMetadata): boolean {
	return sameMetadata(message.metadata, wanted);
}

/** The earliest reply in the thread (not the parent) announcing this change, if any. */
function earliestSameReply(thread: ThreadMessage[], parentTs: string, wanted: MessageMetadata): ThreadMessage | null {
	const matches = thread.filter((m) => m.ts !== parentTs && sameChange(m, wanted));
	return matches.sort((a, b) => compareTs(a.ts, b.ts))[0] ?? null;
}

const compareTs = compareSlackTs;

/**
 * How far back a case's own message is looked for before it is posted: an earlier run's post that was never recorded
 * comes back through a retry within the claim's lease and the failure back-off (hours at most).
 */
const EARLIER_POST_LOOKBACK_SECONDS = 24 * 3600;
const EARLIER_POST_WARNING =
	'An earlier run posted this case but stopped before its reference was stored; the message was found in the ' +
	'channel by its case id and adopted, not posted twice.';
const ADOPTED_WARNING =
	"Slack's answer to the post was lost (timeout or server error); the message was found in the channel by its " +
	'case id and adopted, not posted twice.';

/**
 * Replies in the case's thread unless the same change was announced there already. Two runs racing
 * past the check both post; each then reads the thread again and the later reply deletes itself, so
 * the thread keeps exactly one (the earliest).
 */
async function replyOnce(
	slack: SlackClient,
	outcome: AlertOutcome,
	metadata: MessageMetadata,
	text: string,
): Promise<AlertOutcome> {
	const channel = outcome.channel as string;
	const parentTs = outcome.ts as string;
	let before: ThreadMessage[];
	try {
		before = await slack.threadMessages(channel, parentTs);
	} catch (error) {
		if (!isMissingHistoryScope(error)) throw error;
		// Without the history scope we cannot look: replying beats saying nothing, and the warning says
		// how to make it safe (the reply may repeat on a retry until the scope is added).
		const posted = await slack.postMessage({ channel, threadTs: parentTs, text, metadata });
		const needed = String((error as SlackApiError).detail?.needed ?? 'channels:history, groups:history');
		return {
			...outcome,
			threadReplyTs: posted.ts,
			threadReply: 'posted',
			warnings: [
				...outcome.warnings,
				`Could not read the thread to check for an earlier reply (missing scope ${needed}), so a retry may ` +
					`repeat this reply. Add channels:history (and groups:history for private channels) to the Slack app and ` +
					`reinstall it.`,
			],
		};
	}
	const existing = earliestSameReply(before, parentTs, metadata);
	if (existing) return { ...outcome, threadReplyTs: existing.ts, threadReply: 'already_posted' };

	const posted = await slack.postMessageOnce({ channel, threadTs: parentTs, text, metadata });
	let after: ThreadMessage[];
	try {
		after = await slack.threadMessages(channel, parentTs);
	} catch (error) {
		// The reply is posted; failing now would make n8n retry a step that already happened.
		return {
			...outcome,
			threadReplyTs: posted.ts,
			threadReply: 'posted',
			warnings: [
				...outcome.warnings,
				`Replied, but could not re-read the thread to rule out a simultaneous duplicate: ${(error as Error).message}`,
			],
		};
	}
	const first = earliestSameReply(after, parentTs, metadata);
	if (first && first.ts !== posted.ts && compareTs(first.ts, posted.ts) < 0) {
		// Another run replied first: ours is the duplicate.
		await slack.deleteMessage(channel, posted.ts);
		return { ...outcome, threadReplyTs: first.ts, threadReply: 'already_posted' };
	}
	return { ...outcome, threadReplyTs: posted.ts, threadReply: 'posted' };
}

function isMissingHistoryScope(error: unknown): boolean {
	return error instanceof SlackApiError && (error.code === 'missing_scope' || error.code === 'not_allowed_token_type');
}

function changeFromState(state: CaseState): 'acknowledged' | 'resolved' | 'cleared' | null {
	return state === 'open' ? null : state;
}

function outcomeBase(exception: LedgerException, state: CaseState, truncatedFields: string[]): AlertOutcome {
	return {
		caseId: exception.id,
		orderKey: exception.orderKey,
		type: exception.type,
		state,
		action: 'posted',
		channel: null,
		ts: null,
		permalink: null,
		refStored: false,
		threadReplyTs: null,
		threadReply: null,
		truncatedFields,
		warnings: [],
	};
}

async function permalinkOrNull(
	slack: SlackClient,
	channel: string,
	ts: string,
	warnings: string[],
): Promise<string | null> {
	try {
		return await slack.getPermalink(channel, ts);
	} catch (error) {
		// The message is posted; a missing permalink must not make the run fail or post again.
		warnings.push(`Posted, but Slack gave no permalink: ${(error as Error).message}`);
		return null;
	}
}

/* ---------- weekly report ---------- */

export interface WeeklyReportSettings {
	channel: string;
	weeks: number;
	stuckOlderThanSeconds: number;
	includeChart: boolean;
	storeName?: string | null;
	now: string;
	titleFor?: (type: ExceptionType) => string;
}

export interface WeeklyReportOutcome {
	channel: string;
	ts: string | null;
	permalink: string | null;
	chartFileId: string | null;
	chartBytes: number;
	report: ExceptionReport;
	stuck: StuckCount;
	/** Added (issue 17): the self-service requests of the same weeks (the message has a section when any). */
	selfService: SelfServiceReport;
	warnings: string[];
}

export async function postWeeklyReport(
	ledger: ReportLedger,
	target: SlackTarget,
	settings: WeeklyReportSettings,
): Promise<WeeklyReportOutcome> {
	if (!Number.isInteger(settings.weeks) || settings.weeks < 1 || settings.weeks > 52)
		throw new ValidationError(
			`Weeks must be a whole number from 1 to 52 (got ${settings.weeks}).`,
			'weeks',
			'Set "Weeks to Compare" to 4 for a month of trend.',
		);
	const titleFor = settings.titleFor ?? ((t: ExceptionType) => catalogueInfo(t).title);
	const report = await ledger.exceptionReport({ now: settings.now, weeks: settings.weeks });
	const stuck = await ledger.stuckCount({ now: settings.now, olderThanSeconds: settings.stuckOlderThanSeconds });
	const selfService = await ledger.selfServiceReport({ now: settings.now, weeks: settings.weeks });
	const { message } = buildWeeklyReportMessage({
		report,
		stuck,
		selfService,
		titleFor,
		storeName: settings.storeName,
	});
	const warnings: string[] = [];
	if (target.kind === 'webhook') {
		await target.post(message);
		if (settings.includeChart)
			warnings.push(
				'The chart was left out: incoming webhooks cannot upload files. Use a bot token credential to include it.',
			);
		return {
			channel: WEBHOOK_CHANNEL,
			ts: null,
			permalink: null,
			chartFileId: null,
			chartBytes: 0,
			report,
			stuck,
			selfService,
			warnings,
		};
	}
	const channel = settings.channel.trim();
	if (!channel)
		throw new ValidationError(
			'No Slack channel is set for the weekly report.',
			'reportChannel',
			'Choose the channel the report should go to.',
		);
	const slack = target.client;
	// Drawn before anything is posted: the renderer loads on first use, and a failure after the post would make a
	// retried run post the report twice.
	const png = settings.includeChart ? await renderTrendChartPng(report, { titleFor }) : undefined;
	const posted = await slack.postMessageOnce({
		channel,
		text: message.text,
		blocks: message.blocks,
		metadata: { event_type: WEEKLY_REPORT_EVENT, event_payload: { day: settings.now.slice(0, 10) } },
	});
	if (posted.adopted) warnings.push(ADOPTED_WARNING.replace('by its case id', 'by its day'));
	const permalink = await permalinkOrNull(slack, posted.channel, posted.ts, warnings);
	let chartFileId: string | null = null;
	let chartBytes = 0;
	if (png) {
		chartBytes = png.length;
		const file = await slack.uploadFile({
			filename: `exceptions-${settings.now.slice(0, 10)}.png`,
			bytes: png,
			title:
				`Exceptions opened per week, ${report.trend[0]?.weekStart.slice(0, 10) ?? ''} to ` +
				`${settings.now.slice(0, 10)}`,
			altText: chartAltText(report, titleFor),
			// In the channel rather than the thread: the picture is what people read first.
			channel: posted.channel,
		});
		chartFileId = file.id;
	}
	return {
		channel: posted.channel,
		ts: posted.ts,
		permalink,
		chartFileId,
		chartBytes,
		report,
		stuck,
		selfService,
		warnings,
	};
}

/** The chart in words, for screen readers (Slack shows alt text to them). */
export function chartAltText(report: ExceptionReport, titleFor: (t: ExceptionType) => string): string {
	const weeks = report.trend
		.map((w) => `${w.weekStart.slice(0, 10)}: ${w.opened} opened, ${w.resolved} resolved`)
		.join('; ');
	const top = Object.entries(report.countsByType).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0];
	return (
		`Exceptions per week. ` +
		`${weeks}.${top ? ` Most frequent: ${titleFor(top[0] as ExceptionType)} (${top[1]}).` : ''}`
	).slice(0, 1000);
}
