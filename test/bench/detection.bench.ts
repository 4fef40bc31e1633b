/**
 * Detection in the sandbox world, as the product really runs: the templates (intake, sweep, event processor,
 * stuck alerts) played by n8n's engine in this process (test/integration/pipeline/inProcessHost.ts) against
 * the world (default 500 orders, seed 42) with the planned failures, at every moment of the last days of the
 * story (default every 6 hours over 4 days), the ledger carrying what each moment learnt into the next, the
 * processor re-reading a held-back finding before its case opens. Printed:
 *
 * - at every sweep instant: stage accuracy, recall and precision, and per exception type hits / missed /
 *   false alarms, against the truth AT THAT INSTANT (test/sandbox/world/truthAt.ts);
 * - at the end: recall and precision per exception type, and the same against the planted truth;
 * - transient cases: opened, then cleared by themselves, while the truth never had that problem (target 0);
 * - the findings Order State held back for a re-read (its "Read Again First" output), wall time.
 *
 *   npx tsx test/bench/detection.bench.ts [--orders 500] [--seed 42] [--every 6] [--days 4] [--3pl shipbob|shipmonk]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeIdleEmbedded } from '../../nodes/lib/ledger/sql/pgliteDriver';
import type { ExceptionCase, ExceptionType, OrderRecord } from '../../nodes/lib/order/types';
import { runScenario } from '../e2e/scenario';
import { inProcessScenarioHost } from '../integration/pipeline/inProcessHost';
import { scoreDetection } from '../integration/pipeline/score';

import { startWorldSandbox } from '../sandbox/world/worldSandbox';
import {
	collectCases,
	emptyByType,
	precisionOf,
	recallOf,
	scoreAt,
	totalOf,
	transientCases,
	type TypeScore,
} from '../integration/pipeline/scoreAt';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
	if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: "${process.argv[i + 1]}" is not a positive number`);
	return n;
}

function text(name: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? String(process.argv[i + 1]) : fallback;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const cell = (s: TypeScore) => `${s.hits}/${s.missed}/${s.falseAlarms}`;
/** "recall/precision (hits/missed/false alarms)" of one type at one instant. */
const figures = (s: TypeScore) => `${pct(recallOf(s))}/${pct(precisionOf(s))} (${cell(s)})`;

async function main(): Promise<void> {
	const orders = Math.floor(arg('orders', 500));
	const seed = Math.floor(arg('seed', 42));
	const everyHours = arg('every', 6);
	const days = arg('days', 4);
	const threePl = text('3pl', 'shipbob');
	if (threePl !== 'shipbob' && threePl !== 'shipmonk')
		throw new Error(`--3pl: "${threePl}" is not shipbob or shipmonk`);
	const started = Date.now();
	const sandbox = await startWorldSandbox({ seed, orders, threePl });
	const { world } = sandbox;
	const hours: number[] = [];
	for (let h = days * 24; h > 0; h -= everyHours) hours.push(h);
	hours.push(0);
	const ready = Date.now();
	const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-detection-bench-'));
	try {
		const steps: Array<{ atMs: number; records: Map<string, OrderRecord>; held: number }> = [];
		let heldSince = 0;
		const storage = { kind: 'embedded' as const, dataDirectory };
		await runScenario({
			host: inProcessScenarioHost(sandbox, storage),
			sandbox,
			storage,
			momentsHoursBeforeEnd: hours,
			// Order State's second output: findings held back until the warehouses or carriers are read again.
			onRun: (key, run) => {
				if (key !== 'processor') return;
				for (const task of run.runData['Order State'] ?? []) heldSince += task.data?.main?.[1]?.length ?? 0;
			},
			afterMoment: ({ nowMs, records }) => {
				steps.push({ atMs: nowMs, records, held: heldSince });
				heldSince = 0;
			},
		});
		const done = Date.now();
		const byPlant: Record<string, number> = {};
		for (const t of Object.values(world.truth)) if (t.plant) byPlant[t.plant] = (byPlant[t.plant] ?? 0) + 1;
		console.log(
			`world: ${orders} orders, seed ${seed}, 3PL ${threePl}, ` +
				`${Object.values(byPlant).reduce((a, b) => a + b, 0)} planted problems ${JSON.stringify(byPlant)}`,
		);
		console.log(
			`moments: ${steps.length}, every ${everyHours} h over the last ${days} days (simulated), the templates run ` +
				`at each (sweep, processor, webhooks since the moment before, stuck alerts)`,
		);
		console.log('');
		console.log(
			'per sweep instant (truth at that instant): stage accuracy, recall, precision, findings held back for a ' +
				're-read, open problems the truth',
		);
		console.log(
			'leaves undecided (near a threshold: neither hit nor false alarm); per exception type present: ' +
				'recall/precision (hits/missed/false alarms)',
		);
		const cases = new Map<string, ExceptionCase>();
		const overall = emptyByType();
		let confirmHeld = 0;
		for (const step of steps) {
			collectCases(cases, step.records);
			const s = scoreAt(world, step.records, step.atMs);
			const total = totalOf(s.byType);
			for (const [type, t] of Object.entries(s.byType) as Array<[ExceptionType, TypeScore]>) {
				overall[type].hits += t.hits;
				overall[type].missed += t.missed;
				overall[type].falseAlarms += t.falseAlarms;
			}
			confirmHeld += step.held;
			const types = (Object.entries(s.byType) as Array<[ExceptionType, TypeScore]>)
				.filter(([, t]) => t.hits + t.missed + t.falseAlarms > 0)
				.map(([type, t]) => `${type} ${figures(t)}`);
			console.log(
				`${s.at}  orders ${String(s.orders).padStart(4)}  stage ` +
					`${pct(s.stageRight / Math.max(1, s.orders)).padStart(6)}  recall ${pct(recallOf(total)).padStart(6)}  ` +
					`precision ${pct(precisionOf(total)).padStart(6)}  held ${step.held}  undecided ` +
					`${s.undecided.length}  | ${types.join(', ')}`,
			);
			if (s.missed.length || s.falseAlarms.length || s.wrongStage.length)
				console.log(
					`    ${JSON.stringify({
						missed: s.missed,
						falseAlarms: s.falseAlarms,
						wrongStage: s.wrongStage.slice(0, 10),
					})}`,
				);
			if (s.undecided.length) console.log(`    undecided: ${JSON.stringify(s.undecided)}`);
		}
		const last = steps[steps.length - 1];
		const end = scoreAt(world, last.records, world.endMs);
		const planted = scoreDetection(world.truth, last.records);
		console.log('');
		console.log(
			'per exception type              at the end: recall  precision (hits/missed/false)   all sweep instants: ' +
				'recall  precision',
		);
		for (const type of Object.keys(end.byType) as ExceptionType[]) {
			const e = end.byType[type];
			const o = overall[type];
			if (e.hits + e.missed + e.falseAlarms + o.hits + o.missed + o.falseAlarms === 0) continue;
			console.log(
				`  ${type.padEnd(28)} ${pct(recallOf(e)).padStart(17)} ${pct(precisionOf(e)).padStart(10)}  ` +
					`(${cell(e)})${' '.repeat(Math.max(1, 14 - cell(e).length))}${pct(recallOf(o)).padStart(10)} ` +
					`${pct(precisionOf(o)).padStart(10)}`,
			);
		}
		const endTotal = totalOf(end.byType);
		const allTotal = totalOf(overall);
		console.log(
			`  ${'all types'.padEnd(28)} ${pct(recallOf(endTotal)).padStart(17)} ` +
				`${pct(precisionOf(endTotal)).padStart(10)}  ` +
				`(${cell(endTotal)})${' '.repeat(Math.max(1, 14 - cell(endTotal).length))}` +
				`${pct(recallOf(allTotal)).padStart(10)} ${pct(precisionOf(allTotal)).padStart(10)}`,
		);
		console.log(
			`against the planted truth at the end: recall ${pct(planted.recall)}  precision ${pct(planted.precision)}  ` +
				`stage accuracy ${pct(planted.stageAccuracy)}`,
		);
		const transient = transientCases(world, cases.values(), world.endMs);
		const cleared = [...cases.values()].filter((c) => c.resolvedAt && c.resolution === 'cleared');
		console.log(
			`cases: ${cases.size} opened over the sweeps, ${cleared.length} cleared by themselves; TRANSIENT (truth ` +
				`never had it): ${transient.length}`,
		);
		if (transient.length)
			console.log(
				`    ${JSON.stringify(
					transient.map((c) => ({
						orderKey: c.orderKey,
						type: c.type,
						openedAt: c.openedAt,
						resolvedAt: c.resolvedAt,
					})),
				)}`,
			);
		console.log(
			`re-read before opening: ${confirmHeld} findings held back by Order State for a second read; injected ` +
				`failures fired ${sandbox.firedFailures.length}`,
		);
		console.log(
			`wall: sandbox start ${((ready - started) / 1000).toFixed(1)} s, ${steps.length} moments ` +
				`${((done - ready) / 1000).toFixed(1)} s`,
		);
	} finally {
		await sandbox.close();
		await closeIdleEmbedded();
		rmSync(dataDirectory, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
