/**
 * Regenerates the pictures in docs/slack.md:
 *   docs/img/slack-exception-message.png   an exception case as Slack shows it (HTML mock-up of the
 *                                          real Block Kit payload, screenshotted with Chromium)
 *   docs/img/slack-exception-resolved.png  the same case after Resolve (the chat.update version)
 *   docs/img/slack-weekly-report.png       the weekly report message (mock-up, screenshotted)
 *   docs/img/slack-weekly-chart.png        the chart exactly as the node uploads it (resvg output)
 *
 * Run: npx tsx scripts/docs-screenshots.ts   (needs Debian's chromium at /usr/bin/chromium, or set
 * CHROMIUM_PATH). The messages come from the same builders the node uses, so the pictures cannot
 * drift from what is posted.
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';
import {
	buildExceptionMessage,
	buildWeeklyReportMessage,
	renderTrendChartPng,
	catalogueInfo,
	type Block,
	type SlackMessage,
} from '../nodes/lib/connectors/slack';
import type { ExceptionReport, StuckCount } from '../nodes/lib/ledger/types';
import type { ExceptionCase } from '../nodes/lib/order/types';

const OUT = path.resolve(__dirname, '../docs/img');
const NOW = '2026-11-20T15:30:00.000Z';

const sampleCase: ExceptionCase = {
	id: '1042:tracking_stalled:2026-11-18T11:00:00.000Z',
	orderKey: '1042',
	type: 'tracking_stalled',
	severity: 'high',
	openedAt: '2026-11-18T11:00:00.000Z',
	evidence: {
		carrier: 'UPS',
		trackingNumber: '1Z999AA10123456784',
		lastScan: 'Departed facility, Louisville KY (2026-11-17 09:12 EST)',
		businessHoursWithoutScan: 30,
		limitBusinessHours: 24,
		customerEmail: 'jane.doe@example.com',
	},
	owner: null,
	ackedAt: null,
	resolvedAt: null,
	resolution: null,
};

const sampleReport: ExceptionReport = {
	now: NOW,
	weeks: 4,
	windowStart: '2026-10-23T15:30:00.000Z',
	countsByType: {
		tracking_stalled: 15,
		delivery_late: 14,
		fulfillment_stuck: 4,
		address_invalid: 3,
		not_sent_to_fulfillment: 2,
		tracking_missing: 2,
	},
	trend: [
		{
			weekStart: '2026-10-23T15:30:00.000Z',
			weekEnd: '2026-10-30T15:30:00.000Z',
			opened: 9,
			resolved: 7,
			openedByType: { tracking_stalled: 4, delivery_late: 3, tracking_missing: 2 },
			openedChangePct: null,
		},
		{
			weekStart: '2026-10-30T15:30:00.000Z',
			weekEnd: '2026-11-06T15:30:00.000Z',
			opened: 14,
			resolved: 10,
			openedByType: { tracking_stalled: 6, delivery_late: 4, fulfillment_stuck: 4 },
			openedChangePct: 55.6,
		},
		{
			weekStart: '2026-11-06T15:30:00.000Z',
			weekEnd: '2026-11-13T15:30:00.000Z',
			opened: 11,
			resolved: 15,
			openedByType: { tracking_stalled: 3, delivery_late: 5, address_invalid: 3 },
			openedChangePct: -21.4,
		},
		{
			weekStart: '2026-11-13T15:30:00.000Z',
			weekEnd: '2026-11-20T15:30:00.000Z',
			opened: 6,
			resolved: 9,
			openedByType: { tracking_stalled: 2, delivery_late: 2, not_sent_to_fulfillment: 2 },
			openedChangePct: -45.5,
		},
	],
	timeToResolveSeconds: { count: 41, median: 5.5 * 3600, p90: 31 * 3600 },
	openCases: [
		{
			id: 'a',
			orderKey: '1042',
			type: 'tracking_stalled',
			severity: 'high',
			owner: null,
			openedAt: '2026-11-18T11:00:00.000Z',
			ageSeconds: 2 * 86400 + 4.5 * 3600,
			acknowledged: false,
		},
		{
			id: 'b',
			orderKey: '1037',
			type: 'delivery_late',
			severity: 'medium',
			owner: 'U024BE7LH',
			openedAt: '2026-11-17T09:00:00.000Z',
			ageSeconds: 3 * 86400 + 6.5 * 3600,
			acknowledged: true,
		},
		{
			id: 'c',
			orderKey: '1051',
			type: 'not_sent_to_fulfillment',
			severity: 'medium',
			owner: null,
			openedAt: '2026-11-20T08:00:00.000Z',
			ageSeconds: 7.5 * 3600,
			acknowledged: false,
		},
	],
};
const sampleStuck: StuckCount = {
	now: NOW,
	olderThanSeconds: 48 * 3600,
	total: 5,
	byStage: { in_transit: 3, awaiting_fulfillment: 2 },
	byExceptionType: { tracking_stalled: 2 },
};

/* ---------- a small Block Kit -> HTML mock-up, close to how Slack lays blocks out ---------- */

const EMOJI: Record<string, string> = {
	eyes: '👀',
	white_check_mark: '✅',
	warning: '⚠️',
	red_circle: '🔴',
	large_orange_circle: '🟠',
	large_yellow_circle: '🟡',
	large_blue_circle: '🔵',
	bust_in_silhouette: '👤',
};
const PEOPLE: Record<string, string> = { U024BE7LH: 'Maya (Ops)' };

function esc(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack mrkdwn (already escaped by Slack's rules) to HTML. */
function mrkdwnToHtml(text: string): string {
	let html = text
		.replace(/```([\s\S]*?)```/g, (_m, code) => `<pre>${code}</pre>`)
		.replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_m, url, label) => `<a href="${url}">${label}</a>`)
		.replace(/<@([UW][A-Z0-9]+)>/g, (_m, id) => `<span class="mention">@${PEOPLE[id] ?? id}</span>`)
		.replace(/<!date\^\d+\^[^|]*\|([^>]+)>/g, (_m, fallback) => fallback)
		.replace(/`([^`]+)`/g, '<code>$1</code>')
		.replace(/(^|[\s(>])\*([^*\n]+)\*/g, '$1<b>$2</b>')
		.replace(/(^|[\s(>])_([^_\n]+)_/g, '$1<i>$2</i>')
		.replace(/:([a-z_]+):/g, (m, name) => EMOJI[name] ?? m);
	html = html.replace(/\n/g, '<br>');
	return html;
}

function blockHtml(b: Block): string {
	switch (b.type) {
		case 'header':
			return `<div class="header">${esc(b.text.text)}</div>`;
		case 'section': {
			const text = b.text ? `<div class="text">${mrkdwnToHtml(b.text.text)}</div>` : '';
			const fields = b.fields
				? `<div class="fields">${b.fields.map((f) => `<div>${mrkdwnToHtml(f.text)}</div>`).join('')}</div>`
				: '';
			return `<div class="section">${text}${fields}</div>`;
		}
		case 'context':
			return `<div class="context">${b.elements.map((e) => ('text' in e ? mrkdwnToHtml(e.text) : '')).join(' ')}</div>`;
		case 'actions': {
			const buttons = b.elements.map((e) => `<span class="button ${e.style ?? ''}">${esc(e.text.text)}</span>`);
			return `<div class="actions">${buttons.join('')}</div>`;
		}
		case 'divider':
			return '<hr>';
		default:
			return '';
	}
}

const SENDER =
	'<div class="who"><b>Post-Purchase Alerts</b> <span class="app">APP</span> <span class="time">3:30 PM</span></div>';

/** The thread line under a message: how many replies, and the last one. */
function repliesHtml(replies: string[] | undefined): string {
	if (!replies?.length) return '';
	const count = `${replies.length} repl${replies.length === 1 ? 'y' : 'ies'}`;
	const last = mrkdwnToHtml(replies[replies.length - 1]);
	return `<div class="replies"><span class="mini">PP</span> ${count} <span class="time">${last}</span></div>`;
}

function page(messages: Array<{ message: SlackMessage; replies?: string[]; file?: string }>, channel: string): string {
	const body = messages
		.map(
			(m) => `<div class="msg"><div class="avatar">PP</div><div class="content">${SENDER}
			${m.message.blocks.map(blockHtml).join('\n')}
			${m.file ? `<img class="file" src="${m.file}">` : ''}
			${repliesHtml(m.replies)}
			</div></div>`,
		)
		.join('\n');
	return `<!doctype html><html><head><meta charset="utf-8"><style>
	body {
		margin:0; background:#fff; font-family: 'DejaVu Sans', Lato, Arial, sans-serif; font-size:15px; color:#1d1c1d;
	}
	.channel { padding:12px 20px; border-bottom:1px solid #ddd; font-weight:bold; font-size:17px; }
	#shot { width: 820px; padding-bottom: 12px; }
	.msg { display:flex; padding:12px 20px 4px; }
	.avatar {
		width:36px; height:36px; border-radius:6px; background:#4a154b; color:#fff; font-size:13px; font-weight:bold;
		display:flex; align-items:center; justify-content:center; margin-right:10px; flex:none;
	}
	.content { flex:1; min-width:0; }
	.who { margin-bottom:4px; }
	.app { background:#eee; color:#555; font-size:10px; padding:1px 3px; border-radius:2px; }
	.time { color:#616061; font-size:12px; }
	.header { font-size:18px; font-weight:900; margin:6px 0 8px; }
	.section { margin:6px 0; line-height:1.45; }
	.fields { display:grid; grid-template-columns: 1fr 1fr; gap:8px 24px; }
	.context { color:#616061; font-size:12.5px; margin:6px 0; line-height:1.5; }
	.actions { margin:10px 0 6px; }
	.button {
		display:inline-block; border:1px solid #bbb; border-radius:4px; padding:5px 14px; margin-right:8px;
		font-weight:bold; font-size:14px;
	}
	.button.primary { background:#007a5a; border-color:#007a5a; color:#fff; }
	a { color:#1264a3; text-decoration:none; }
	code { background:#f6f6f6; border:1px solid #ddd; border-radius:3px; padding:0 3px; font-size:12px; color:#c01343; }
	pre { background:#f8f8f8; border:1px solid #ddd; border-radius:4px; padding:8px; font-size:12.5px; margin:4px 0; }
	.mention { background:#e8f5fa; color:#1264a3; border-radius:3px; padding:0 2px; }
	hr { border:none; border-top:1px solid #e5e5e5; margin:10px 0; }
	.file { width:640px; border:1px solid #ddd; border-radius:8px; margin-top:6px; }
	.replies { color:#1264a3; font-weight:bold; font-size:13px; margin:6px 0; } .replies .time { font-weight:normal; }
	.mini {
		display:inline-block; width:20px; height:20px; border-radius:4px; background:#4a154b; color:#fff; font-size:9px;
		text-align:center; line-height:20px;
	}
	</style></head><body><div id="shot"><div class="channel"># ${esc(channel)}</div>${body}</div></body></html>`;
}

async function main(): Promise<void> {
	mkdirSync(OUT, { recursive: true });
	const info = catalogueInfo('tracking_stalled');
	const open = buildExceptionMessage({
		exception: sampleCase,
		order: { orderKey: '1042', name: '#1042', shopifyId: 'gid://shopify/Order/5550001042' },
		info,
		shop: 'acme-goods',
		includePii: false,
		now: NOW,
	});
	const resolvedCase = {
		...sampleCase,
		owner: 'U024BE7LH',
		ackedAt: '2026-11-20T15:40:00.000Z',
		resolvedAt: '2026-11-20T16:10:00.000Z',
		resolution: 'UPS trace opened; parcel rescanned in Chicago',
	};
	const resolved = buildExceptionMessage({
		exception: resolvedCase,
		order: { orderKey: '1042', name: '#1042', shopifyId: 'gid://shopify/Order/5550001042' },
		info,
		shop: 'acme-goods',
		includePii: false,
		now: '2026-11-20T16:10:00.000Z',
	});
	const report = buildWeeklyReportMessage({
		report: sampleReport,
		stuck: sampleStuck,
		titleFor: (t) => catalogueInfo(t).title,
		storeName: 'Acme Goods',
	});
	const chart = await renderTrendChartPng(sampleReport, { titleFor: (t) => catalogueInfo(t).title });
	writeFileSync(path.join(OUT, 'slack-weekly-chart.png'), chart);

	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	try {
		const shots: Array<[string, string]> = [
			['slack-exception-message.png', page([{ message: open.message }], 'shipping-delays')],
			[
				'slack-exception-resolved.png',
				page(
					[
						{
							message: resolved.message,
							replies: [
								':eyes: Acknowledged by <@U024BE7LH> after 2 d 4 h.',
								':white_check_mark: Resolved by <@U024BE7LH> after 2 d 5 h: UPS trace opened; parcel rescanned ' +
									'in Chicago',
							],
						},
					],
					'shipping-delays',
				),
			],
			[
				'slack-weekly-report.png',
				page(
					[{ message: report.message, file: `data:image/png;base64,${chart.toString('base64')}` }],
					'order-exceptions',
				),
			],
		];
		for (const [file, html] of shots) {
			const p = await browser.newPage({ viewport: { width: 860, height: 600 }, deviceScaleFactor: 1.5 });
			await p.setContent(html, { waitUntil: 'load' });
			await p.locator('#shot').screenshot({ path: path.join(OUT, file) });
			await p.close();
			console.log(`wrote docs/img/${file}`);
		}
		console.log(`wrote docs/img/slack-weekly-chart.png (${chart.length} bytes)`);
	} finally {
		await browser.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
