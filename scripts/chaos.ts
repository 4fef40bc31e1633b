/**
 * `npm run chaos`: queue mode under faults (test/e2e/chaos.ts). Real n8n main + 2 workers on a private PostgreSQL
 * and Redis, the PostgreSQL ledger templates and the sandbox store; every Shopify webhook delivered 3 times and
 * shuffled, 20% vendor 5xx/timeouts, a worker SIGKILLed mid-batch, Slack down for 10 minutes, PostgreSQL and Redis
 * restarted. Prints what was counted at the simulators once the backlog has drained. It asserts nothing (the CI
 * version, test/e2e/chaos.e2e.test.ts, does); it exits non-zero only when the run itself crashes.
 *
 *   npm run chaos                      the full run (~20-30 minutes)
 *   npm run chaos -- --short           the CI-sized run (Slack down 40 s, short lease and back-off)
 *   npm run chaos -- --orders 60 --seed 7 --slack-down 5m
 */
import { e2eGate, SKIP_LINE } from '../test/e2e/harness';
import { chaosSummary, FULL_RUN, runChaos, SHORT_RUN, type ChaosOptions } from '../test/e2e/chaos';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export function parseChaosArgs(argv: string[]): Omit<ChaosOptions, 'install' | 'progress'> {
	const options = { ...(argv.includes('--short') ? SHORT_RUN : FULL_RUN) };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag === '--short') continue;
		const value = argv[++i];
		if (flag === '--orders' || flag === '--seed') {
			const n = Number(value);
			if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: "${value}" is not a positive whole number`);
			options[flag === '--orders' ? 'orders' : 'seed'] = n;
		} else if (flag === '--slack-down') {
			const m = DURATION.exec(value ?? '');
			if (!m) throw new Error(`--slack-down: "${value}" is not a duration (use e.g. 45s or 10m)`);
			options.slackDownMs = Number(m[1]) * UNIT_MS[m[2]];
		} else if (flag === '--fault-rate') {
			const rate = Number(value);
			if (!(rate >= 0 && rate <= 1)) throw new Error(`--fault-rate: "${value}" is not between 0 and 1`);
			options.faultRate = rate;
		} else throw new Error(`${flag}: not an option (use --short, --orders, --seed, --slack-down, --fault-rate)`);
	}
	return options;
}

async function main() {
	const settings = parseChaosArgs(process.argv.slice(2));
	const gate = e2eGate();
	if (!gate.run) {
		process.stdout.write(`chaos: ${SKIP_LINE}\n`);
		return;
	}
	const started = Date.now();
	const report = await runChaos({
		...settings,
		install: gate.install,
		progress: (line) => process.stdout.write(`[chaos +${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`),
	});
	process.stdout.write(`\n${chaosSummary(report).join('\n')}\n`);
}

if (require.main === module) {
	main().then(
		() => process.exit(0),
		(error: Error) => {
			process.stderr.write(`chaos: the run crashed: ${error.stack ?? error.message}\n`);
			process.exit(1);
		},
	);
}
