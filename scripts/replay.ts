/**
 * npm run replay -- <capture.har> --at <instant> [--policy policy.json] [--config replay.json]
 *                   [--checkpoint <instant> ...] [--sweep-every <minutes>] [--reads] [--no-timeline] [--json]
 *
 * Plays recorded vendor traffic (HAR 1.2) through the product's own triggers, connectors and engine and
 * prints, per order, the stage, the open and resolved cases and the timeline at each checkpoint and at
 * --at. docs/replay.md describes the format, the matching rules and when the product reads.
 */
import { readFileSync } from 'node:fs';
import { parsePolicy } from '../nodes/lib/order/policy';
import { HarError, parseHar } from '../nodes/lib/replay/har';
import { formatReplay } from '../nodes/lib/replay/report';
import { parseReplayConfig, replayCapture } from '../nodes/lib/replay/run';

const USAGE =
	'usage: npm run replay -- <capture.har> --at <ISO instant> [--policy policy.json] [--config replay.json] ' +
	'[--checkpoint <ISO instant> ...] [--sweep-every <minutes>] [--reads] [--no-timeline] [--json]';

function fail(message: string): never {
	process.stderr.write(`${message}\n${USAGE}\n`);
	process.exit(2);
}

function readJson(path: string, what: string): unknown {
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		return fail(`${what} ${path}: ${(error as Error).message}`);
	}
}

async function main(argv: string[]): Promise<void> {
	const args = [...argv];
	let capturePath: string | undefined;
	let at: string | undefined;
	let policyPath: string | undefined;
	let configPath: string | undefined;
	let sweepEvery: number | undefined;
	const checkpoints: string[] = [];
	const flags = { reads: false, timeline: true, json: false };
	while (args.length) {
		const arg = args.shift() as string;
		const value = () => args.shift() ?? fail(`${arg} needs a value`);
		if (arg === '--at') at = value();
		else if (arg === '--policy') policyPath = value();
		else if (arg === '--config') configPath = value();
		else if (arg === '--checkpoint') checkpoints.push(value());
		else if (arg === '--sweep-every') {
			sweepEvery = Number(value());
			if (!Number.isFinite(sweepEvery) || sweepEvery <= 0) fail('--sweep-every: a number of minutes greater than 0');
		} else if (arg === '--reads') flags.reads = true;
		else if (arg === '--no-timeline') flags.timeline = false;
		else if (arg === '--json') flags.json = true;
		else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
		else if (!capturePath) capturePath = arg;
		else fail(`one capture at a time (got ${capturePath} and ${arg})`);
	}
	if (!capturePath) fail('which capture? give the path of a .har file');
	if (!at) fail('--at is required: the instant to report at (e.g. 2026-12-03T12:00:00Z)');
	const policy = policyPath ? parsePolicy(readJson(policyPath, 'policy')) : undefined;
	let config;
	try {
		config = configPath ? parseReplayConfig(readJson(configPath, 'config')) : undefined;
	} catch (error) {
		return fail(`${configPath}: ${(error as Error).message}`);
	}
	let capture;
	try {
		capture = parseHar(readFileSync(capturePath, 'utf8'));
	} catch (error) {
		if (error instanceof HarError) {
			process.stderr.write(`${capturePath}: ${error.message}\n`);
			process.exit(1);
		}
		throw error;
	}
	const result = await replayCapture(capture, { at, checkpoints, policy, config, sweepEveryMinutes: sweepEvery });
	if (flags.json) {
		const json = { ...result, records: Object.fromEntries(result.records), cases: Object.fromEntries(result.cases) };
		process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
		return;
	}
	process.stdout.write(formatReplay(result, { reads: flags.reads, timeline: flags.timeline }));
}

main(process.argv.slice(2)).catch((error) => {
	process.stderr.write(`replay failed: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
