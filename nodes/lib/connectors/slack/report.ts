/**
 * The weekly exception report as a Slack message: what opened by type, the trend against previous
 * weeks, how fast cases get resolved (median and p90), what is still open and for how long, and how
 * many orders are stuck right now; and, in weeks with any, the customers' self-service requests. The chart
 * that goes with it is chart.ts.
 */
import type { ExceptionReport, SelfServiceReport, SelfServiceStats, StuckCount } from '../../ledger/types';
import type { EditField, EditOutcome, ExceptionType } from '../../order/types';
import {
	Block,
	SlackMessage,
	enforceMessageLimits,
	escapeMrkdwn,
	formatDuration,
	mrkdwn,
	plain,
	LimitReport,
} from './blocks';
import { formatPerson, humanise } from './exceptionMessage';
import { SLACK_LIMITS } from './limits';

export interface WeeklyReportInput {
	report: ExceptionReport;
	stuck?: StuckCount | null;
	/** Type names as people say them (the catalogue's titles). */
	titleFor?: (type: ExceptionType) => string;
	/** How many open cases to list by name before summarising the rest. */
	maxOpenListed?: number;
	/** Title line, e.g. the store's name. */
	storeName?: string | null;
	/** Added (issue 17): the self-service requests of the same weeks; a section only when there were any. */
	selfService?: SelfServiceReport | null;
}

export function buildWeeklyReportMessage(input: WeeklyReportInput): { message: SlackMessage; limits: LimitReport } {
	const { report } = input;
	const title = input.titleFor ?? ((t: ExceptionType) => humanise(t));
	const thisWeek = report.trend[report.trend.length - 1];
	const previous = report.trend.length > 1 ? report.trend[report.trend.length - 2] : undefined;
	const blocks: Block[] = [];
	const weekLabel = thisWeek ? `week of ${thisWeek.weekStart.slice(0, 10)}` : `to ${report.now.slice(0, 10)}`;
	blocks.push({
		type: 'header',
		text: plain(
			`📊 Exception report${input.storeName ? ` · ${input.storeName}` : ''}, ${weekLabel}`,
			SLACK_LIMITS.headerText,
		),
	});

	const opened = thisWeek?.opened ?? 0;
	const fields = [
		mrkdwn(`*Opened this week*\n${opened}${trendWords(thisWeek?.openedChangePct ?? null, previous?.opened)}`),
		mrkdwn(`*Resolved this week*\n${thisWeek?.resolved ?? 0}`),
		mrkdwn(`*Median time to resolve*\n${durationOrDash(report.timeToResolveSeconds.median)}`),
		mrkdwn(`*90% resolved within*\n${durationOrDash(report.timeToResolveSeconds.p90)}`),
		mrkdwn(`*Still open*\n${report.openCases.length}`),
	];
	if (input.stuck)
		fields.push(
			mrkdwn(
				`*Orders stuck now*\n${input.stuck.total} (no progress for ${formatDuration(input.stuck.olderThanSeconds)})`,
			),
		);
	blocks.push({ type: 'section', fields });

	const byType = Object.entries(report.countsByType)
		.filter(([, n]) => (n ?? 0) > 0)
		.sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
	blocks.push({
		type: 'section',
		text: mrkdwn(
			`*Opened by type, last ${report.weeks} week(s)*\n` +
				(byType.length
					? byType
							.map(
								([type, n]) =>
									`• ${escapeMrkdwn(title(type as ExceptionType))}: ` +
									`*${n}*${thisWeekCount(thisWeek?.openedByType, type)}`,
							)
							.join('\n')
					: '_No exceptions opened. A quiet week._'),
		),
	});

	if (report.trend.length > 1) {
		const rows = report.trend.map(
			(w) =>
				`${w.weekStart.slice(0, 10)}   opened ${String(w.opened).padStart(3)}   resolved ` +
				`${String(w.resolved).padStart(3)}`,
		);
		blocks.push({ type: 'section', text: mrkdwn(`*Week by week*\n\`\`\`${rows.join('\n')}\`\`\``) });
	}

	blocks.push({ type: 'divider' });
	const maxListed = input.maxOpenListed ?? 15;
	const open = [...report.openCases].sort((a, b) => b.ageSeconds - a.ageSeconds);
	if (open.length === 0)
		blocks.push({ type: 'section', text: mrkdwn('*Still open*\nNothing. Every case is resolved.') });
	else {
		const lines = open.slice(0, maxListed).map((c) => {
			const who = c.owner ? formatPerson(c.owner) : '_nobody yet_';
			const ack = c.acknowledged ? '' : ' · :warning: not acknowledged';
			return (
				`• *${escapeMrkdwn(orderLabel(c.orderKey))}* ${escapeMrkdwn(title(c.type))}: open ` +
				`*${formatDuration(c.ageSeconds)}* · owner ${who}${ack}`
			);
		});
		if (open.length > maxListed) lines.push(`_…and ${open.length - maxListed} more, the oldest listed first._`);
		blocks.push({ type: 'section', text: mrkdwn(`*Still open, oldest first*\n${lines.join('\n')}`) });
	}
	if (input.stuck && input.stuck.total > 0) {
		const stages = Object.entries(input.stuck.byStage)
			.filter(([, n]) => (n ?? 0) > 0)
			.sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
			.map(([stage, n]) => `${humanise(stage)} ${n}`);
		blocks.push({ type: 'section', text: mrkdwn(`*Stuck right now by stage*\n${escapeMrkdwn(stages.join(' · '))}`) });
	}
	const selfService = input.selfService && input.selfService.total.requests > 0 ? input.selfService : null;
	if (selfService) blocks.push(...selfServiceBlocks(selfService));
	blocks.push({
		type: 'context',
		elements: [
			mrkdwn(
				`Window ${report.windowStart.slice(0, 10)} to ${report.now.slice(0, 10)} · generated ` +
					`${report.now.slice(0, 16).replace('T', ' ')} UTC by n8n Exception Alerts`,
			),
		],
	});

	const text =
		`Exception report, ${weekLabel}: ${opened} opened, ${thisWeek?.resolved ?? 0} resolved, ` +
		`${report.openCases.length} still open.${selfService ? ` ${selfServiceSentence(selfService.total)}` : ''}`;
	const fitted = enforceMessageLimits({ text, blocks });
	return { message: fitted.message, limits: fitted.report };
}

function trendWords(changePct: number | null, previousOpened: number | undefined): string {
	if (changePct === null || previousOpened === undefined) return '';
	if (changePct === 0) return ' (same as last week)';
	const arrow = changePct > 0 ? '▲' : '▼';
	return ` (${arrow} ${Math.abs(Math.round(changePct))}% vs ${previousOpened} last week)`;
}

function thisWeekCount(byType: Partial<Record<ExceptionType, number>> | undefined, type: string): string {
	const n = byType?.[type as ExceptionType];
	return n ? ` (${n} this week)` : '';
}

function durationOrDash(seconds: number | null): string {
	return seconds === null ? '—' : formatDuration(seconds);
}

function orderLabel(orderKey: string): string {
	return /^\d+$/.test(orderKey) ? `#${orderKey}` : orderKey;
}

/* ---------- self-service (issue 17) ---------- */

const KIND_WORDS: Record<EditField, string> = {
	shipping_address: 'Address changes',
	line_items: 'Item changes',
	cancel: 'Cancellations',
};

const OUTCOME_WORDS: Record<EditOutcome, string> = {
	applied: 'Applied',
	approved: 'Approved after review',
	approval: 'Waiting for approval',
	rejected: 'Rejected after review',
	refused: 'Refused',
	failed: 'Failed midway',
};

/** "9 of 12 (75%)", or a dash when no request reached an outcome. */
function rateWords(stats: SelfServiceStats): string {
	return stats.selfServicePct === null ? '—' : `${stats.selfServicePct}% (${stats.selfService} of ${stats.decided})`;
}

/** Counts by key in a fixed order, most first: "Address changes *10* · Cancellations *2*". */
function countWords<K extends string>(counts: Partial<Record<K, number>>, words: Record<K, string>): string {
	return (Object.keys(words) as K[])
		.filter((k) => (counts[k] ?? 0) > 0)
		.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))
		.map((k) => `${words[k]} *${counts[k]}*`)
		.join(' · ');
}

function msOrDash(ms: number | null): string {
	return ms === null ? '—' : formatDuration(ms / 1000);
}

/** The self-service section: how many requests, how many needed no person, address fixes, how fast; by kind. */
function selfServiceBlocks(selfService: SelfServiceReport): Block[] {
	const total = selfService.total;
	const thisWeek = selfService.trend[selfService.trend.length - 1];
	const blocks: Block[] = [{ type: 'divider' }];
	blocks.push({
		type: 'section',
		fields: [
			mrkdwn(`*Self-service requests*\n${total.requests}${thisWeek ? ` (${thisWeek.requests} this week)` : ''}`),
			mrkdwn(`*Done without a person*\n${rateWords(total)}`),
			mrkdwn(`*Address fixes before shipping*\n${total.addressFixesBeforeShipping}`),
			mrkdwn(`*Median time to an outcome*\n${msOrDash(total.timeToOutcomeMs.median)}`),
			mrkdwn(`*90% reached an outcome within*\n${msOrDash(total.timeToOutcomeMs.p90)}`),
		],
	});
	const lines = [`• By kind: ${countWords(total.byKind, KIND_WORDS)}`];
	const outcomes = countWords(total.byOutcome, OUTCOME_WORDS);
	if (outcomes) lines.push(`• By outcome: ${outcomes}`);
	const undecided = total.requests - total.decided;
	if (undecided > 0) lines.push(`• Recorded without an outcome: *${undecided}*`);
	let text = `*Self-service, last ${selfService.weeks} week(s)*\n${lines.join('\n')}`;
	if (selfService.trend.length > 1) {
		const rows = selfService.trend.map(
			(w) =>
				`${w.weekStart.slice(0, 10)}   requests ${String(w.requests).padStart(3)}   without a person ` +
				`${w.selfServicePct === null ? '   —' : `${String(Math.round(w.selfServicePct)).padStart(3)}%`}`,
		);
		text += `\n\`\`\`${rows.join('\n')}\`\`\``;
	}
	blocks.push({ type: 'section', text: mrkdwn(text) });
	return blocks;
}

/** The notification text's sentence: "Self-service: 12 requests, 75% without a person." */
function selfServiceSentence(total: SelfServiceStats): string {
	const rate = total.selfServicePct === null ? '' : `, ${total.selfServicePct}% without a person`;
	return `Self-service: ${total.requests} request${total.requests === 1 ? '' : 's'}${rate}.`;
}
