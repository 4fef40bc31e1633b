/**
 * Issue 17: the weekly report's "Self-service" section. Built from the ledger's self-service report (requests by
 * kind and outcome, the share done without a person, address fixes before shipping, median and p90 time to an
 * outcome, week by week), only in weeks with requests, within Block Kit's limits; posted by Post Weekly Report.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { SlackClient, postWeeklyReport } from '../../../nodes/lib/connectors/slack';
import { buildWeeklyReportMessage } from '../../../nodes/lib/connectors/slack/report';
import { buildExceptionReport } from '../../../nodes/lib/ledger/report';
import { selfServiceReport, type LedgerStore } from '../../../nodes/lib/ledger';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { createSlackSim, type SlackSim } from '../../sandbox/vendors/slack';
import { blockKitErrors } from '../../contract/slack/blockKitSchema';
import { createVirtualClock } from '../../helpers/virtualClock';
import { addSelfServiceOutcomes, openTestLedger } from './fixtures';

const NOW = '2026-11-20T12:00:00.000Z';
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/**
 * Four rolling weeks ending NOW (from 2026-10-23T12:00Z): six requests. s1 and s2 applied without a person; s3 went
 * to approval and was approved two hours after the request; s4 (a cancellation) refused; s5 (an item swap) still
 * waiting for approval; s6 failed midway and left on hold.
 */
const OUTCOMES: Parameters<typeof addSelfServiceOutcomes>[1] = [
	{
		requestId: 's6',
		orderKey: '7006',
		outcome: 'failed',
		requestedAt: '2026-10-30T10:00:00.000Z',
		decidedAt: plus('2026-10-30T10:00:00.000Z', 10),
		extra: { held: true },
	},
	{
		requestId: 's2',
		orderKey: '7002',
		outcome: 'applied',
		requestedAt: '2026-11-10T10:00:00.000Z',
		decidedAt: plus('2026-11-10T10:00:00.000Z', 3),
		extra: { beforeShipping: true },
	},
	{
		requestId: 's3',
		orderKey: '7003',
		outcome: 'approval',
		requestedAt: '2026-11-12T09:00:00.000Z',
		decidedAt: plus('2026-11-12T09:00:00.000Z', 2),
		extra: { reasons: ['country_change'] },
	},
	{
		requestId: 's3',
		orderKey: '7003',
		outcome: 'approved',
		requestedAt: '2026-11-12T09:00:00.000Z',
		decidedAt: '2026-11-12T11:00:00.000Z',
		extra: { decidedBy: 'U024BE7LH', beforeShipping: true },
	},
	{
		requestId: 's1',
		orderKey: '7001',
		outcome: 'applied',
		requestedAt: '2026-11-18T10:00:00.000Z',
		decidedAt: plus('2026-11-18T10:00:00.000Z', 5),
		extra: { beforeShipping: true },
	},
	{
		requestId: 's4',
		orderKey: '7004',
		outcome: 'refused',
		field: 'cancel',
		requestedAt: '2026-11-19T08:00:00.000Z',
		decidedAt: plus('2026-11-19T08:00:00.000Z', 1),
		extra: { reasons: ['shipped'] },
	},
	{
		requestId: 's5',
		orderKey: '7005',
		outcome: 'approval',
		field: 'line_items',
		requestedAt: '2026-11-19T15:00:00.000Z',
		decidedAt: plus('2026-11-19T15:00:00.000Z', 2),
		extra: { reasons: ['too_many_changes'] },
	},
];

/** The same outcomes as the observations the events carry. */
async function observations() {
	const ledger = await openTestLedger();
	try {
		await addSelfServiceOutcomes(ledger, OUTCOMES);
		return await ledger.listEvents({ source: 'customer', limit: 100 });
	} finally {
		await ledger.close();
	}
}

describe('the Self-service section of the weekly report', () => {
	test('counts, rate, address fixes, durations, by kind and outcome, week by week; valid Block Kit', async () => {
		const selfService = selfServiceReport(await observations(), NOW, 4);
		const report = buildExceptionReport([], NOW, 4);
		const { message } = buildWeeklyReportMessage({ report, selfService });
		expect(blockKitErrors(message.blocks)).toEqual([]);
		const json = JSON.stringify(message.blocks);
		expect(json).toContain('*Self-service requests*\\n6 (3 this week)');
		expect(json).toContain('*Done without a person*\\n33.3% (2 of 6)');
		expect(json).toContain('*Address fixes before shipping*\\n3');
		// 1, 2, 3, 5 and 10 s and 2 h: median 4 s, p90 (nearest rank) 2 h.
		expect(json).toContain('*Median time to an outcome*\\nunder a minute');
		expect(json).toContain('*90% reached an outcome within*\\n2 h');
		expect(json).toContain(
			'*Self-service, last 4 week(s)*\\n• By kind: Address changes *4* · Item changes *1* · Cancellations *1*\\n' +
				'• By outcome: Applied *2* · Approved after review *1* · Waiting for approval *1* · Refused *1* · ' +
				'Failed midway *1*',
		);
		expect(json).toContain(
			'```2026-10-23   requests   1   without a person   0%\\n' +
				'2026-10-30   requests   0   without a person    —\\n' +
				'2026-11-06   requests   2   without a person  50%\\n' +
				'2026-11-13   requests   3   without a person  33%```',
		);
		// After the exception report's own sections, before its closing context line.
		const types = message.blocks.map((b) => b.type);
		expect(types.slice(-4)).toEqual(['divider', 'section', 'section', 'context']);
		expect(message.text).toBe(
			'Exception report, week of 2026-11-13: 0 opened, 0 resolved, 0 still open. Self-service: 6 requests, 33.3% ' +
				'without a person.',
		);
	});

	test('no requests in the window: no section, and the message is exactly the report without it', () => {
		const report = buildExceptionReport([], NOW, 4);
		const none = selfServiceReport([], NOW, 4);
		const withEmpty = buildWeeklyReportMessage({ report, selfService: none }).message;
		const without = buildWeeklyReportMessage({ report }).message;
		expect(withEmpty).toEqual(without);
		expect(JSON.stringify(withEmpty)).not.toContain('Self-service');
	});

	test('one week, a request without an outcome: no week table, no rate, said plainly', async () => {
		const selfService = selfServiceReport(
			[
				{
					source: 'customer',
					sourceId: 'n1',
					orderKey: '7100',
					kind: 'edit_request',
					occurredAt: '2026-11-19T10:00:00.000Z',
					receivedAt: '2026-11-19T10:00:00.000Z',
					key: 'customer:n1',
					data: { field: 'shipping_address', requestedAt: '2026-11-19T10:00:00.000Z', applied: false },
				},
			],
			NOW,
			1,
		);
		const { message } = buildWeeklyReportMessage({ report: buildExceptionReport([], NOW, 1), selfService });
		expect(blockKitErrors(message.blocks)).toEqual([]);
		const json = JSON.stringify(message.blocks);
		expect(json).toContain('*Self-service requests*\\n1 (1 this week)');
		expect(json).toContain('*Done without a person*\\n—');
		expect(json).toContain('*Median time to an outcome*\\n—');
		expect(json).toContain('• By kind: Address changes *1*\\n• Recorded without an outcome: *1*');
		expect(json).not.toContain('By outcome');
		expect(json).not.toContain('```2026');
		expect(message.text).toMatch(/ Self-service: 1 request\.$/);
	});
});

describe('Post Weekly Report with self-service requests in the ledger', () => {
	let sandbox: RunningSandbox;
	let sim: SlackSim;
	let ledger: LedgerStore;
	const clock = createVirtualClock(Date.parse(NOW));

	beforeAll(async () => {
		sim = createSlackSim({ now: clock.now });
		sandbox = await startSandbox([sim]);
		ledger = await openTestLedger();
		await addSelfServiceOutcomes(ledger, OUTCOMES);
		// Another source's event and a request asked before the window: neither is counted.
		await ledger.appendEvent({ key: 'shopify-1', source: 'shopify', orderKey: '7001', payload: {} }, NOW);
		await addSelfServiceOutcomes(ledger, [
			{
				requestId: 'old',
				orderKey: '7000',
				outcome: 'applied',
				requestedAt: '2026-10-01T10:00:00.000Z',
				decidedAt: '2026-10-01T10:00:01.000Z',
			},
		]);
	});
	afterAll(async () => {
		await ledger.close();
		await sandbox.close();
	});

	test('posts the section and returns the self-service report with the exception report', async () => {
		const client = new SlackClient({
			transport: createFetchTransport(),
			token: 'xoxb-sandbox-token',
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
			clock,
		});
		const out = await postWeeklyReport(
			ledger,
			{ kind: 'bot', client },
			{ channel: 'C0EXCEPTIONS', weeks: 4, stuckOlderThanSeconds: 48 * 3600, includeChart: false, now: NOW },
		);
		expect(out.selfService.total).toMatchObject({
			requests: 6,
			decided: 6,
			selfService: 2,
			selfServicePct: 33.3,
			addressFixesBeforeShipping: 3,
			byOutcome: { applied: 2, approved: 1, approval: 1, refused: 1, failed: 1 },
			byKind: { shipping_address: 4, line_items: 1, cancel: 1 },
			timeToOutcomeMs: { count: 6, median: 4_000, p90: 2 * 3600_000 },
		});
		expect(out.selfService.trend.map((w) => w.requests)).toEqual([1, 0, 2, 3]);
		const [posted] = sim.messagesIn('C0EXCEPTIONS');
		expect(blockKitErrors(posted.blocks)).toEqual([]);
		const json = JSON.stringify(posted.blocks);
		expect(json).toContain('*Self-service requests*\\n6 (3 this week)');
		expect(json).toContain('*Done without a person*\\n33.3% (2 of 6)');
		expect(posted.text).toContain('Self-service: 6 requests, 33.3% without a person.');
	});
});
