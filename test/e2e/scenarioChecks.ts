/**
 * What a played scenario must show (test/e2e/scenario.ts runScenario), wherever it was played: in a real n8n
 * (the e2e suite) or by n8n's engine in this process (test/integration/pipeline/templates.test.ts).
 *  - every planted problem detected as the right exception type (recall 100%), no exception on a
 *    clean order (precision 100%), the ledger's stage of every order equal to the truth;
 *  - every Shopify delivery stored once (repeats recognised), none refused;
 *  - every stored event acknowledged exactly once, none failed, dead or left in the queue;
 *  - every case posted to Slack once, and the cases that cleared updated in place;
 *  - every Klaviyo event sent once, and remembered in the ledger;
 *  - the weekly report posted.
 */
import { planShopifyDeliveries } from '../sandbox/world/webhooks';
import type { WorldSandbox } from '../sandbox/world/worldSandbox';
import type { ScenarioReport } from './scenario';

/** `orders`: the world's size; `minPlanted`: the planted problems the world must at least hold (default 11). */
export function expectScenarioRight(
	report: ScenarioReport,
	sandbox: WorldSandbox,
	{ orders, minPlanted = 11 }: { orders: number; minPlanted?: number },
) {
	const { score } = report;
	// the lists name what went wrong when a number is off
	expect({
		missed: score.missed,
		unexpected: score.unexpected,
		wrongStage: score.wrongStage,
		missingOrders: score.missingOrders,
	}).toEqual({ missed: [], unexpected: [], wrongStage: [], missingOrders: [] });
	expect([score.recall, score.precision, score.stageAccuracy]).toEqual([1, 1, 1]);
	expect(score.orders).toBe(orders);
	expect(score.planted).toBeGreaterThanOrEqual(minPlanted);

	// intake: everything sent was accepted; each distinct delivery stored once, repeats recognised
	const distinct = new Set(planShopifyDeliveries(sandbox.world, sandbox.world.endMs).map((d) => d.eventId)).size;
	expect(report.intake.rejected).toBe(0);
	expect(report.intake.failedExecutions).toBe(0);
	expect(report.intake.repeats).toBeGreaterThan(0);
	expect(report.intake.outOfOrder).toBeGreaterThan(0);
	expect(report.intake.stored).toBe(distinct);
	expect(report.intake.duplicates).toBe(report.intake.repeats);

	// the queue: every event acknowledged exactly once, nothing failed, dead or waiting
	expect(report.processor.failures).toEqual([]);
	expect(
		report.events.filter((e) => e.status !== 'done').map((e) => `${e.key} ${e.status} ${e.lastError ?? ''}`),
	).toEqual([]);
	expect([...report.processor.acked.keys()].sort()).toEqual(report.events.map((e) => e.id).sort());
	expect([...report.processor.acked].filter(([, n]) => n !== 1)).toEqual([]);

	// Slack: one message per case, updated in place when the case cleared
	expect(report.cases.length).toBeGreaterThan(0);
	expect(report.slack.casesWithoutMessage).toEqual([]);
	expect(report.slack.casesPostedTwice).toEqual([]);
	expect(report.slack.caseMessages).toBe(report.cases.length);
	expect(report.slack.cleared).toBeGreaterThan(0);
	expect(report.slack.clearedNotUpdated).toEqual([]);
	expect(report.slack.reportPosted).toBe(true);

	// Klaviyo: each event once, each remembered
	expect(report.klaviyo.accepted).toBeGreaterThan(0);
	expect(report.klaviyo.distinctUniqueIds).toBe(report.klaviyo.accepted);
	expect(report.klaviyo.remembered).toBe(report.klaviyo.accepted);
}

const countBy = (list: string[]) =>
	list.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

export function summary(label: string, r: ScenarioReport): string {
	return (
		`${label}: recall ${r.score.recall}, precision ${r.score.precision}, stage ${r.score.stageAccuracy} ` +
		`(${r.score.planted} planted, ${r.score.orders} orders); ` +
		(`intake ${r.intake.sent} sent (${r.intake.repeats} repeats, ${r.intake.outOfOrder} out of order), ` +
			`${r.intake.stored} stored; `) +
		(`processor ${r.processor.runs} runs, ${r.processor.acked.size} events acked; cases ${r.cases.length} ` +
			`(${r.slack.cleared} cleared: ` +
			`${JSON.stringify(countBy(r.cases.filter((c) => c.resolvedAt).map((c) => c.type)))}); Klaviyo ` +
			`${r.klaviyo.accepted}`) +
		// what went wrong, printed before the assertions stop the test
		(r.score.missed.length || r.score.unexpected.length || r.score.wrongStage.length
			? `; missed ${JSON.stringify(r.score.missed)}, unexpected ${JSON.stringify(r.score.unexpected)}, wrong stage ` +
				`${JSON.stringify(r.score.wrongStage)}`
			: '')
	);
}
