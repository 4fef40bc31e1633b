// Prints one plain closing line ("tests: N passed, N failed, N skipped") after jest's own summary, so CI logs
// state the count in a form any reader or tool can pick out, and before it the slowest suites, so the CI budget
// (45 minutes) can be watched from any run's log. Under `npm test` (scripts/test.mjs, two jest runs) it hands
// both to the script instead, which prints them once for the two runs together.
const { appendFileSync } = require('node:fs');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const root = process.cwd() + '/';
		const suites = results.testResults
			.map((r) => ({ path: r.testFilePath.replace(root, ''), seconds: (r.perfStats.end - r.perfStats.start) / 1000 }))
			.filter((r) => Number.isFinite(r.seconds))
			.sort((a, b) => b.seconds - a.seconds)
			.slice(0, 12);
		const counts = {
			passed: results.numPassedTests,
			// A suite that could not run at all (it does not compile) has no failed test, but is a failure.
			failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
			skipped: results.numPendingTests + results.numTodoTests,
		};
		if (process.env.PP_TEST_SUMMARY_FILE) {
			appendFileSync(process.env.PP_TEST_SUMMARY_FILE, JSON.stringify({ ...counts, suites }) + '\n');
			return;
		}
		if (suites.length > 0) {
			process.stdout.write('\nslowest suites:\n');
			for (const s of suites) process.stdout.write(`  ${s.seconds.toFixed(0).padStart(5)} s  ${s.path}\n`);
		}
		process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
	}
}
module.exports = SummaryReporter;
