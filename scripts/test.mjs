// `npm test`: the unit project (unit, contract, node, integration) on every core, then the e2e project one
// suite at a time (each e2e suite starts real n8n processes of its own; two at once would share the 2 cores
// and the timings they wait on). Extra arguments go to both jest runs. Exits non-zero when either run fails,
// after both have run, and prints one combined "tests:" line and the slowest suites of both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const extra = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'pp-test-summary-'));
const summaryFile = join(dir, 'summary.jsonl');
const runs = [
	['--selectProjects', 'unit', '--maxWorkers=2'],
	['--selectProjects', 'e2e', '--runInBand'],
];
let failed = false;
for (const args of runs) {
	const run = spawnSync('npx', ['jest', ...args, ...extra], {
		stdio: 'inherit',
		env: { ...process.env, PP_TEST_SUMMARY_FILE: summaryFile },
	});
	if (run.status !== 0) failed = true;
}

let lines = [];
try {
	lines = readFileSync(summaryFile, 'utf8')
		.trim()
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l));
} catch {
	// Neither run got as far as its reporter (a config error): jest said why above.
}
rmSync(dir, { recursive: true, force: true });
const total = { passed: 0, failed: 0, skipped: 0 };
const suites = [];
for (const l of lines) {
	total.passed += l.passed;
	total.failed += l.failed;
	total.skipped += l.skipped;
	suites.push(...l.suites);
}
if (suites.length > 0) {
	process.stdout.write('\nslowest suites:\n');
	for (const s of suites.sort((a, b) => b.seconds - a.seconds).slice(0, 12))
		process.stdout.write(`  ${s.seconds.toFixed(0).padStart(5)} s  ${s.path}\n`);
}
process.stdout.write(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(failed || lines.length < runs.length ? 1 : 0);
