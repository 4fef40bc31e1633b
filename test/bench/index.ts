/**
 * `npm run bench`: runs every test/bench/*.bench.ts one after another (each a standalone script that
 * prints its figures) so their timings do not disturb each other. Benchmarks print; they never assert.
 * `npm run bench -- shopify ledger` runs only the benches whose file names contain those words.
 * Opt-in benches (OPT_IN: they need a real n8n and take many minutes) run only when a word names them:
 * `npm run bench -- pipeline-n8n` (arguments after `--args` go to them, e.g. `-- pipeline-n8n --args
 * --orders 100 --mode single`).
 */
import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import * as path from 'path';

// intake-n8n runs by default (issue 16: `npm run bench` prints the intake figures; without n8n it prints a skip line).
const OPT_IN = ['pipeline-n8n.bench.ts', 'budget-queue-n8n.bench.ts'];

const argv = process.argv.slice(2);
const split = argv.indexOf('--args');
const filters = split >= 0 ? argv.slice(0, split) : argv;
const benchArgs = split >= 0 ? argv.slice(split + 1) : [];
const named = (f: string) => filters.some((w) => f.includes(w));
const benches = readdirSync(__dirname)
	.filter((f) => f.endsWith('.bench.ts'))
	.filter((f) => (OPT_IN.includes(f) ? named(f) : filters.length === 0 || named(f)))
	.sort();

let failed = 0;
for (const file of benches) {
	process.stdout.write(`\n=== ${file} ===\n`);
	const started = Date.now();
	const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file), ...benchArgs], {
		stdio: 'inherit',
		env: process.env,
	});
	if (run.status !== 0) failed++;
	process.stdout.write(`--- ${file}: exit ${run.status}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
if (benches.length === 0) process.stdout.write(`no bench matches ${filters.join(' ')}\n`);
else if (filters.length === 0) process.stdout.write(`\n(opt-in, not run: ${OPT_IN.join(', ')}; name one to run it)\n`);
process.exit(failed ? 1 : 0);
