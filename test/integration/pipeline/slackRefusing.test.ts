/**
 * Slack unusable while orders are processed (the templates in-process, as templates.test.ts plays them). Slack is
 * a side channel: losing it must not hold back the orders, the customers' messages or the events'
 * acknowledgement, and no case may be lost. The event processor carries on without posting (Post case to Slack
 * continues on error); the cases wait in the ledger without a message; once Slack answers, the stuck-order
 * alerts' "Cases not yet in Slack" hands their orders back to the processor, which posts each case once.
 *
 * Slack refuses every call here (token_revoked: the app removed from the workspace), which fails at once. An
 * outage (503) fails the same way after the client's retries, 20 s and more per call: the chaos e2e test plays
 * that one in a real n8n (Slack down, then every open case posted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openLedger } from '../../../nodes/lib/ledger';
import { closeIdleEmbedded } from '../../../nodes/lib/ledger/sql/pgliteDriver';
import type { LedgerException } from '../../../nodes/lib/ledger/types';
import {
	allItems,
	ledgerConfig,
	manualStart,
	prepareTemplate,
	runScenario,
	type ScenarioReport,
	type ScenarioStorage,
} from '../../e2e/scenario';
import { startWorldSandbox, type WorldSandbox } from '../../sandbox/world/worldSandbox';
import { setStoreSettings } from '../../unit/templates/checks';
import { inProcessScenarioHost } from './inProcessHost';

jest.setTimeout(900_000);

describe('Slack refusing every call while the event processor runs (seed 42, 16 orders, in-process)', () => {
	let sandbox: WorldSandbox;
	let report: ScenarioReport;
	let dataDirectory: string;
	/** What Slack and Klaviyo had seen when Slack came back (after the stuck-order alerts of the last moment). */
	let atRecovery: { slackMessages: number; klaviyoAccepted: number; slackRefusals: number } | undefined;
	let casesAtRecovery: LedgerException[] = [];
	let catchUp: Awaited<ReturnType<ReturnType<typeof inProcessScenarioHost>['run']>>;
	let casesAfter: LedgerException[] = [];
	/** Cases the processor posted after the catch-up handed their orders back. */
	const postedByProcessor: string[] = [];

	beforeAll(async () => {
		dataDirectory = mkdtempSync(join(tmpdir(), 'pp-slack-outage-'));
		const storage: ScenarioStorage = { kind: 'embedded', dataDirectory };
		sandbox = await startWorldSandbox({ seed: 42, orders: 16, injectFailures: false });
		const host = inProcessScenarioHost(sandbox, storage);
		sandbox.sims.slack.refuseAll('token_revoked');
		report = await runScenario({
			host,
			sandbox,
			storage,
			// One moment: the sweep, the webhooks and the processor, then the stuck-order alerts, all without Slack.
			momentsHoursBeforeEnd: [0],
			onRun: (key) => {
				if (key !== 'stuck' || atRecovery) return;
				atRecovery = {
					slackMessages: sandbox.sims.slack.messages.length,
					klaviyoAccepted: sandbox.sims.klaviyo.accepted.length,
					slackRefusals: sandbox.sims.slack.calls.filter((c) => c.error === 'token_revoked').length,
				};
				sandbox.sims.slack.refuseAll(null);
			},
		});
		// The cases as the outage left them (the ledger read while nothing runs).
		const ledger = await openLedger(ledgerConfig(storage));
		const endAt = new Date(sandbox.world.endMs).toISOString();
		try {
			casesAtRecovery = await ledger.listExceptions({ state: 'open', now: endAt, limit: 10_000 });
		} finally {
			await ledger.close();
		}
		// The next hour's stuck-order alerts, Slack up again. Quiet time 0: no processor run holds an order now.
		const stuck = prepareTemplate('stuck', sandbox, storage, endAt);
		setStoreSettings(stuck, { unpostedQuietMinutes: 0 });
		await host.save('stuck', stuck);
		catchUp = await host.run('stuck', manualStart(stuck));
		// The processor runs every minute: here until it claims nothing.
		const processor = prepareTemplate('processor', sandbox, storage, endAt);
		await host.save('processor', processor);
		for (let round = 0; round < 20; round++) {
			const run = await host.run('processor', manualStart(processor));
			expect(run.status).toBe('success');
			for (const posted of allItems<{ caseId?: string; action?: string }>(run, 'Post case to Slack'))
				if (posted.action === 'posted') postedByProcessor.push(String(posted.caseId));
			if (allItems(run, 'Claim events').length === 0) break;
		}
		const after = await openLedger(ledgerConfig(storage));
		try {
			casesAfter = await after.listExceptions({ state: 'all', now: endAt, limit: 10_000 });
		} finally {
			await after.close();
		}
	});
	afterAll(async () => {
		await sandbox?.close();
		await closeIdleEmbedded();
		if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
	});

	it('Slack really was unusable: calls were made and refused, and no message reached a channel', () => {
		expect(atRecovery).toBeDefined();
		expect(atRecovery!.slackRefusals).toBeGreaterThan(0);
		expect(atRecovery!.slackMessages).toBe(0);
	});

	it('the orders went on: every processor run succeeded, every event is done, customers were told', () => {
		expect(report.processor.failedExecutions).toBe(0);
		expect(report.processor.failures).toEqual([]);
		expect(report.events.filter((e) => e.status !== 'done').map((e) => `${e.key}: ${e.status}`)).toEqual([]);
		expect(atRecovery!.klaviyoAccepted).toBeGreaterThan(0);
	});

	it('no case was lost: the cases Slack never heard of waited in the ledger without a message', () => {
		const waiting = casesAtRecovery.filter((c) => !c.slack);
		expect(waiting.length).toBeGreaterThan(0);
	});

	// Stuck-order cases are posted by the alerts' own check of the limits, the others by the processor.
	it('once Slack answered, each waiting case was posted once, by the alerts or by the processor', () => {
		expect(catchUp.status).toBe('success');
		const waitingIds = casesAtRecovery.filter((c) => !c.slack).map((c) => c.id);
		const handed = allItems<{ event?: { orderKey?: string } }>(catchUp, 'Post them through the processor');
		expect(new Set(handed.map((h) => h.event?.orderKey))).toEqual(
			new Set(casesAtRecovery.filter((c) => !c.slack).map((c) => c.orderKey)),
		);
		// A stuck-order case is posted by workflow 4's own check of the limits, as every hour; the others by the
		// processor, for the orders the catch-up handed back. Together: every waiting case.
		const postedByAlerts = allItems<{ caseId?: string; action?: string }>(catchUp, 'Post to Slack')
			.filter((p) => p.action === 'posted')
			.map((p) => String(p.caseId));
		expect(postedByProcessor.length).toBeGreaterThan(0);
		expect([...postedByAlerts, ...postedByProcessor].sort()).toEqual([...waitingIds].sort());
		const byId = new Map(casesAfter.map((c) => [c.id, c]));
		// every case that waited now has its message, and that message exists in the channel
		const topLevel = sandbox.sims.slack.messages.filter((m) => m.threadTs === null && !m.deleted);
		for (const id of waitingIds) {
			const ref = byId.get(id)?.slack;
			expect({ id, posted: !!ref }).toEqual({ id, posted: true });
			expect(topLevel.filter((m) => m.channel === ref!.channel && m.ts === ref!.ts)).toHaveLength(1);
		}
		// and no case reached Slack twice (a message per case, found by the case id in its metadata)
		const perCase = new Map<string, number>();
		for (const m of topLevel) {
			const caseId = (m.metadata as { event_payload?: { case_id?: string } } | undefined)?.event_payload?.case_id;
			if (caseId) perCase.set(caseId, (perCase.get(caseId) ?? 0) + 1);
		}
		expect([...perCase].filter(([, n]) => n > 1)).toEqual([]);
		expect(perCase.size).toBeGreaterThanOrEqual(waitingIds.length);
	});
});
