/**
 * `npm run fuzz`: mutated real vendor payloads through every normaliser and the engine's, ledger's and
 * Slack's entry points; prints inputs per target, refusals, crashes and distinct crash sites, and the time.
 * Options: --inputs N (default 100000), --seed S (default: random, printed so a run can be repeated),
 * --only TEXT / --skip TEXT (only / all but the targets whose name contains TEXT).
 * Exits 1 when anything crashed.
 */
import { formatReport, runFuzz } from './harness';
import { loadTargets } from './targets';

function option(name: string): string | undefined {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main() {
	const inputs = Number(option('inputs') ?? 100_000);
	const seed = Number(option('seed') ?? Math.floor(Math.random() * 2 ** 31));
	if (!Number.isInteger(inputs) || inputs < 1 || !Number.isInteger(seed))
		throw new Error('usage: tsx test/fuzz/run.ts [--inputs N] [--seed S] (whole numbers)');
	const only = option('only');
	const skip = option('skip');
	const targets = (await loadTargets()).filter(
		(t) => (!only || t.name.includes(only)) && (!skip || !t.name.includes(skip)),
	);
	console.log(`fuzz: ${targets.length} targets, seed ${seed} (repeat with --seed ${seed}), ${inputs} inputs`);
	const report = await runFuzz(targets, { seed, inputs });
	console.log(formatReport(report));
	if (process.argv.includes('--stacks')) for (const ex of report.examples.values()) console.log(ex.stack);
	process.exitCode = report.crashes.length ? 1 : 0;
}

void main();
