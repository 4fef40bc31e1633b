/**
 * `npm run demo`: the package doing its job in a real n8n on one machine, no accounts, no servers to
 * install.
 *
 * 1. Builds the package if needed and makes sure the pinned n8n is installed (scripts/e2e/install-n8n.sh:
 *    a one-time download into ~/.cache, several minutes the first time).
 * 2. Starts the simulated store (test/sandbox: Shopify, ShipStation, ShipBob, the carriers, Klaviyo,
 *    Slack) over one seeded world of orders with the messy mix a $5M brand has, every problem planted
 *    recorded as ground truth.
 * 3. Starts n8n on http://localhost:5678 with this package installed as a community package, imports
 *    the seven template workflows with credentials pointing at the sandbox and the embedded ledger,
 *    and plays the scenario through them (test/e2e/scenario.ts): webhooks into the intake, the
 *    reconciliation sweep, the event processor, the stuck-order alerts, two simulated days apart, then
 *    the weekly report.
 * 4. Prints what an ops lead wants to know and how detection compares with the planted truth, and
 *    leaves n8n's editor running with the workflows and their executions to open. Ctrl-C stops
 *    everything it started.
 *
 *   npm run demo -- [--orders 200] [--seed 42] [--port 5678] [--exit]
 *
 * --exit stops after the summary instead of leaving the editor running.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { EXCEPTION_TYPES, STAGES } from '../nodes/lib/order';
import { installedN8n, installN8n, N8N_OWNER, N8nInstance } from '../test/e2e/harness';
import { runScenario } from '../test/e2e/scenario';
import { startWorldSandbox, type WorldSandbox } from '../test/sandbox/world/worldSandbox';

const ROOT = join(__dirname, '..');

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	if (i < 0) return fallback;
	const n = Number(process.argv[i + 1]);
	if (!Number.isInteger(n) || n <= 0) {
		console.error(
			`--${name}: "${process.argv[i + 1] ?? ''}" is not a positive whole number (e.g. --${name} ${fallback})`,
		);
		process.exit(2);
	}
	return n;
}

const started = Date.now();
const step = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}`);

function table(title: string, counts: Record<string, number>): void {
	const rows = Object.entries(counts).filter(([, n]) => n > 0);
	console.log(`\n${title}`);
	if (rows.length === 0) console.log('  (none)');
	for (const [name, n] of rows) console.log(`  ${name.padEnd(26)} ${String(n).padStart(5)}`);
}

function newest(dir: string): number {
	if (!existsSync(dir)) return 0;
	let max = 0;
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
	}
	return max;
}

/** dist/ is what n8n installs: build it when it is missing or older than the sources. */
function buildIfNeeded(): void {
	const built = existsSync(join(ROOT, 'dist', 'nodes')) ? newest(join(ROOT, 'dist')) : 0;
	if (built > 0 && built >= Math.max(newest(join(ROOT, 'nodes')), newest(join(ROOT, 'credentials')))) return;
	step('building the package (npm run build)');
	const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	if (res.status !== 0) throw new Error('npm run build failed: see its output above');
}

async function portFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function main(): Promise<void> {
	// 200 orders play in about ten minutes on 2 cores; --orders 500 is the full-size world (see README).
	const orders = arg('orders', 200);
	const seed = arg('seed', 42);
	const port = arg('port', 5678);
	const exitAfter = process.argv.includes('--exit');

	if (!(await portFree(port))) {
		console.error(`Port ${port} is in use (another n8n?). Stop it, or run: npm run demo -- --port ${port + 1}`);
		process.exit(2);
	}
	buildIfNeeded();
	let install = installedN8n();
	if (!install) {
		step('installing n8n 2.40.7 on Node 24 into ~/.cache (one time; several minutes, progress below)');
		install = installN8n();
	}

	// What Ctrl-C must stop: filled in as each one starts, so a signal during start-up stops what is running.
	const running: { sandbox?: WorldSandbox; n8n?: N8nInstance } = {};
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('\nstopping n8n and the sandbox');
		await running.n8n?.stop().catch(() => undefined);
		await running.sandbox?.close().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(130));
	process.on('SIGTERM', () => void stop(143));

	step(`starting the simulated store: ${orders} orders, seed ${seed}`);
	const sandbox = await startWorldSandbox({ seed, orders });
	running.sandbox = sandbox;
	step(`sandbox on ${sandbox.url} (vendors under /<vendor>/, control API under /_control/)`);

	step(`starting n8n with the package installed, on http://localhost:${port}`);
	const n8n = await N8nInstance.create({ install, port });
	running.n8n = n8n;
	const server = await n8n.startServer();
	const dataDirectory = join(n8n.userFolder, '.n8n', 'post-purchase-ledger');

	const report = await runScenario({ n8n, sandbox, storage: { kind: 'embedded', dataDirectory }, progress: step });
	const { score } = report;
	const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

	const stages = Object.fromEntries(STAGES.map((s) => [s, report.stages[s] ?? 0]));
	const open = Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, report.openByType[t] ?? 0]));
	table('Orders by stage (the ledger)', stages);
	table('Open exception cases by type', open);
	const cleared: Record<string, number> = {};
	for (const c of report.cases) if (c.resolvedAt) cleared[c.type] = (cleared[c.type] ?? 0) + 1;
	table('Cases that opened on day 1 and cleared by day 3 (their Slack message updated in place)', cleared);
	console.log(
		`\nSlack: ${report.cases.length} cases, each posted once (${report.slack.caseMessages} case messages; posted ` +
			`twice: ${report.slack.casesPostedTwice.length}); ${report.slack.cleared} cleared and updated in place; ` +
			`weekly report ${report.slack.reportPosted ? 'posted' : 'NOT posted'}`,
	);
	console.log(
		`Klaviyo: ${report.klaviyo.accepted} customer events accepted, ${report.klaviyo.distinctUniqueIds} distinct, ` +
			`${report.klaviyo.remembered} remembered in the ledger`,
	);
	const notDone = report.events.filter((e) => e.status !== 'done').length;
	const twice = [...report.processor.acked.values()].filter((n) => n > 1).length;
	console.log(
		`Queue: ${report.intake.sent} Shopify webhooks sent (${report.intake.repeats} repeats, ` +
			`${report.intake.outOfOrder} out of order), ${report.intake.stored} stored; ` +
			(`${report.events.length} events in all, ${report.processor.acked.size} acknowledged once, ${twice} twice, ` +
				`${notDone} not done, ${report.processor.failures.length} failures`),
	);
	console.log(
		`Detection against the planted truth: recall ${pct(score.recall)}, precision ${pct(score.precision)}, stage ` +
			`accuracy ${pct(score.stageAccuracy)} ` +
			(`(${score.planted} planted problems in ${score.orders} orders; missed ${score.missed.length}, unexpected ` +
				`${score.unexpected.length}, wrong stage ${score.wrongStage.length})`),
	);
	for (const m of score.missed.slice(0, 10)) console.log(`  missed: #${m.orderKey} ${m.type} (${m.plant})`);
	for (const u of score.unexpected.slice(0, 10))
		console.log(`  unexpected: #${u.orderKey} ${u.type} (${u.plant ?? u.story})`);
	console.log(`Injected vendor failures ridden through: ${sandbox.firedFailures.length}`);
	console.log(`Wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);

	if (exitAfter) return await stop(score.recall === 1 && score.precision === 1 ? 0 : 1);
	console.log(`
n8n is running: open http://localhost:${port} and sign in as ${N8N_OWNER.email} / ${N8N_OWNER.password}
  - Workflows: the seven "Post-purchase" templates, set up for the sandbox store (its Store Profile, credentials).
  - Executions: every run of the scenario, node by node.
  - The intake is active; run the others with "Execute workflow". The ledger is the embedded one in
    ${dataDirectory}
The sandbox keeps answering on ${sandbox.url}. Ctrl-C stops n8n and the sandbox.`);
	void server;
	await new Promise(() => undefined);
}

main().catch(async (error) => {
	console.error(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
	process.exit(1);
});
