/**
 * `npm run bench`: runs every test/bench/*.bench.ts one after another (each a standalone script that
 * prints its figures) so their timings do not disturb each other. Benchmarks print; they never assert.
 * `npm run bench -- shopify ledger` runs only the benches whose file names contain those words.
 */
import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import * as path from 'path';

const filters = process.argv.slice(2);
const benches = readdirSync(__dirname)
	.filter((f) => f.endsWith('.bench.ts'))
	.filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
	.sort();

let failed = 0;
for (const file of benches) {
	process.stdout.write(`\n=== ${file} ===\n`);
	const started = Date.now();
	const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file)], {
		stdio: 'inherit',
		env: process.env,
	});
	if (run.status !== 0) failed++;
	process.stdout.write(`--- ${file}: exit ${run.status}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
if (benches.length === 0) process.stdout.write(`no bench matches ${filters.join(' ')}\n`);
process.exit(failed ? 1 : 0);
