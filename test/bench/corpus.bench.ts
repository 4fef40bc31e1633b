/**
 * npm run bench -- corpus: the clean-room scenarios (test/fixtures/vendor-native/scenarios) replayed through
 * the product (docs/replay.md). Prints, per exception type, recall and precision at the end of each
 * scenario (its last truth instant) and over every truth instant, the stage accuracy, every truth instant's
 * verdict, and the transient cases (opened, then cleared with nobody touching them, of a type the truth
 * never had at any instant): once with sweeps at the truth instants only, once with a sweep every hour too
 * (a schedule a store would run), which is where a case that opens and clears by itself shows. A transient
 * case opened because the capture has no carrier read between two recordings (scans the carrier had before
 * the case opened, first read after it) is counted apart, with the scans that were hidden.
 * Benchmarks print; they never assert.
 */
import {
	describeCheck,
	detectionFigures,
	loadScenarios,
	runScenario,
	type ScenarioRun,
	type TruthCheck,
} from '../integration/replay/corpus';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printFigures(title: string, checks: TruthCheck[]): void {
	const f = detectionFigures(checks);
	process.stdout.write(`\n${title}: ${f.entries} truth entries\n`);
	process.stdout.write(
		`  stage accuracy ${pct(f.stageAccuracy)}   recall ${pct(f.recall)} (${f.tp}/${f.tp + f.fn})   precision ` +
			`${pct(f.precision)} (${f.tp}/${f.tp + f.fp})\n`,
	);
	process.stdout.write(
		`  ${'exception type'.padEnd(26)} ${'real'.padStart(5)} ${'found'.padStart(6)} ${'false'.padStart(6)} ` +
			`${'recall'.padStart(8)} ${'precision'.padStart(10)}\n`,
	);
	for (const row of f.perType)
		process.stdout.write(
			`  ${row.type.padEnd(26)} ${String(row.tp + row.fn).padStart(5)} ${String(row.tp).padStart(6)} ` +
				`${String(row.fp).padStart(6)} ${pct(row.recall).padStart(8)} ${pct(row.precision).padStart(10)}\n`,
		);
}

/**
 * Transient cases, split by cause: the product's (it had what it needed and still cried wolf) and the
 * capture's (carrier scans dated before the case opened that no recorded read returned before then: a
 * sweep between two recordings is answered with the older one, docs/replay.md "Limits").
 */
function printTransient(title: string, runs: ScenarioRun[]): void {
	const gapCases = new Set(runs.flatMap((r) => r.captureGaps.map((g) => g.case)));
	const product = runs.flatMap((r) =>
		r.transient.filter((c) => !gapCases.has(c)).map((c) => ({ scenario: r.name, c })),
	);
	const gaps = runs.flatMap((r) => r.captureGaps.map((g) => ({ scenario: r.name, ...g })));
	const gapNote = gaps.length ? ` (and ${gaps.length} opened on a gap in the capture, below)` : '';
	process.stdout.write(`\n${title}: ${product.length} transient case${product.length === 1 ? '' : 's'}${gapNote}\n`);
	for (const { scenario, c } of product)
		process.stdout.write(`  ${scenario}: ${c.type} opened ${c.openedAt}, cleared ${c.resolvedAt}\n`);
	for (const g of gaps) {
		process.stdout.write(
			`  capture gap, ${g.scenario}: ${g.case.type} opened ${g.case.openedAt}, cleared ${g.case.resolvedAt}; the ` +
				`carrier's later answer shows ${g.hidden.length} scan${g.hidden.length === 1 ? '' : 's'} before the ` +
				`opening that no recorded read returned in time:\n`,
		);
		for (const h of g.hidden.slice(0, 3))
			process.stdout.write(`      ${h.at}  ${h.description}  (first read ${h.firstReadAt})\n`);
	}
}

async function main(): Promise<void> {
	const scenarios = loadScenarios();
	if (!scenarios.length) {
		process.stdout.write('skipped: clean-room scenarios not present (test/fixtures/vendor-native/scenarios)\n');
		return;
	}
	const started = Date.now();
	const runs: ScenarioRun[] = [];
	for (const s of scenarios) runs.push(await runScenario(s));
	const replayMs = Date.now() - started;
	const checks = runs.flatMap((r) => r.checks);

	process.stdout.write(
		`clean-room corpus: ${runs.length} scenarios, ${checks.length} truth instants, replayed in ` +
			`${(replayMs / 1000).toFixed(1)} s\n`,
	);
	process.stdout.write('\nevery truth instant (sweeps at the truth instants):\n');
	for (const c of checks)
		process.stdout.write(
			`  ${describeCheck(c)}${c.expectedProblems.length ? `   [real: ${c.expectedProblems.join(', ')}]` : ''}\n`,
		);

	const ends = runs.map((r) => r.checks.reduce((last, c) => (c.at > last.at ? c : last)));
	printFigures('at the end of each scenario', ends);
	printFigures('over every truth instant', checks);
	// Per instant rank (first, second, ... truth instant of each scenario): how the figures move along a story.
	const maxRank = Math.max(...runs.map((r) => r.checks.length));
	for (let rank = 0; rank < maxRank; rank++) {
		const at = runs
			.map((r) => [...r.checks].sort((a, b) => a.at.localeCompare(b.at))[rank])
			.filter((c): c is TruthCheck => !!c);
		const f = detectionFigures(at);
		process.stdout.write(
			`  truth instant #${rank + 1} of each scenario (${at.length}): stage ${pct(f.stageAccuracy)}, recall ` +
				`${pct(f.recall)}, precision ${pct(f.precision)}\n`,
		);
	}
	printTransient('sweeps at the truth instants only', runs);

	const hourlyStarted = Date.now();
	const hourly: ScenarioRun[] = [];
	for (const s of scenarios) hourly.push(await runScenario(s, { sweepEveryMinutes: 60 }));
	const hourlyChecks = hourly.flatMap((r) => r.checks);
	printFigures(`with a sweep every hour as well (${((Date.now() - hourlyStarted) / 1000).toFixed(1)} s)`, hourlyChecks);
	printTransient('with a sweep every hour as well', hourly);
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
