/**
 * The whole scenario through the templates in a real n8n, bound to the simulated store, on the
 * embedded ledger and on PostgreSQL (test/e2e/scenario.ts plays it), scored against the world's
 * ground truth:
 *  - every planted problem detected as the right exception type (recall 100%), no exception on a
 *    clean order (precision 100%), the ledger's stage of every order equal to the truth;
 *  - every Shopify delivery stored once (repeats recognised), none refused;
 *  - every stored event acknowledged exactly once, none failed, dead or left in the queue;
 *  - every case posted to Slack once, and the cases that cleared updated in place;
 *  - every Klaviyo event sent once, and remembered in the ledger;
 *  - the weekly report posted.
 * PP_SCENARIO_ORDERS sets the world's size (default 120 here; `npm run demo` plays 500).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { startWorldSandbox, type WorldSandbox } from '../sandbox/world/worldSandbox';
import { planShopifyDeliveries } from '../sandbox/world/webhooks';
import { E2E_SETUP_TIMEOUT_MS, e2eGate, N8nInstance } from './harness';
import { runScenario, type ScenarioReport, type ScenarioStorage } from './scenario';

const gate = e2eGate();
const ORDERS = Number(process.env.PP_SCENARIO_ORDERS ?? 120);
const SEED = Number(process.env.PP_SCENARIO_SEED ?? 42);
const postgresUrl = process.env.PP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
jest.setTimeout(40 * 60_000);

function expectScenarioRight(report: ScenarioReport, sandbox: WorldSandbox) {
	const { score } = report;
	// the lists name what went wrong when a number is off
	expect({
		missed: score.missed,
		unexpected: score.unexpected,
		wrongStage: score.wrongStage,
		missingOrders: score.missingOrders,
	}).toEqual({ missed: [], unexpected: [], wrongStage: [], missingOrders: [] });
	expect([score.recall, score.precision, score.stageAccuracy]).toEqual([1, 1, 1]);
	expect(score.orders).toBe(ORDERS);
	expect(score.planted).toBeGreaterThanOrEqual(11);

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

function summary(label: string, r: ScenarioReport): string {
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

async function play(storage: ScenarioStorage, label: string) {
	const sandbox = await startWorldSandbox({ seed: SEED, orders: ORDERS });
	let n8n: N8nInstance | undefined;
	try {
		n8n = await N8nInstance.create({ install: gate.install });
		const started = Date.now();
		const report = await runScenario({
			n8n,
			sandbox,
			storage,
			progress: (line) =>
				process.stdout.write(`[scenario ${label} +${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`),
		});
		process.stdout.write(`${summary(label, report)}; ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
		expectScenarioRight(report, sandbox);
	} finally {
		await n8n?.stop();
		await sandbox.close();
	}
}

(gate.run ? describe : describe.skip)(
	'the whole scenario through the templates in real n8n, scored against the truth',
	() => {
		it(
			'on the embedded ledger',
			async () => {
				const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-scenario-embedded-'));
				try {
					await play({ kind: 'embedded', dataDirectory }, 'embedded');
				} finally {
					rmSync(dataDirectory, { recursive: true, force: true });
				}
			},
			E2E_SETUP_TIMEOUT_MS + 40 * 60_000,
		);

		it(
			'on PostgreSQL',
			async () => {
				const schema = `pp_scenario_${Date.now().toString(36)}`;
				const client = new Client({ connectionString: postgresUrl });
				await client.connect();
				try {
					await client.query(`CREATE SCHEMA "${schema}"`);
					await play({ kind: 'postgres', schema, url: postgresUrl }, 'postgres');
				} finally {
					await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
					await client.end();
				}
			},
			E2E_SETUP_TIMEOUT_MS + 40 * 60_000,
		);
	},
);
