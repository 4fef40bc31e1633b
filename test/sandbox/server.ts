/**
 * The simulated store as one local process: every vendor sim over one generated world on 127.0.0.1,
 * with the control API under /_control (docs/sandbox.md).
 *
 *   npx tsx test/sandbox/server.ts --seed 42 --orders 500 --port 8787 [--3pl shipbob|shipmonk] \
 *       [--now 2026-04-13T12:00:00Z] [--no-failures]
 *   npx tsx test/sandbox/server.ts --capture x.har [--port 8787] [--now <ISO>]
 *       (recorded traffic instead of a world: captureServer.ts)
 *
 * Prints the base URL of every vendor (what a credential's "base URL override" takes), then serves
 * until Ctrl-C.
 */
import {
	startWorldSandbox,
	SANDBOX_CREDENTIALS,
	type WorldSandbox,
	type WorldSandboxOptions,
} from './world/worldSandbox';

export interface CliOptions extends WorldSandboxOptions {
	help?: boolean;
}

const USAGE =
	'usage: npx tsx test/sandbox/server.ts [--seed 42] [--orders 500] [--port 8787] [--3pl shipbob|shipmonk] ' +
	'[--now <ISO time>] [--end <ISO time>] [--no-failures]';

/** Parses argv; every mistake names the flag and what to write instead. */
export function parseArgs(argv: string[]): CliOptions {
	const options: CliOptions = {};
	const integer = (flag: string, value: string | undefined, min: number, max: number): number => {
		const n = Number(value);
		if (value === undefined || !Number.isInteger(n) || n < min || n > max)
			throw new Error(`${flag}: "${value ?? ''}" is not a whole number from ${min} to ${max}. ${USAGE}`);
		return n;
	};
	const date = (flag: string, value: string | undefined): string => {
		if (value === undefined || Number.isNaN(Date.parse(value)))
			throw new Error(`${flag}: "${value ?? ''}" is not a date (use ISO 8601, e.g. 2026-04-15T19:00:00Z). ${USAGE}`);
		return value;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = argv[i + 1];
		switch (flag) {
			case '--seed':
				options.seed = integer(flag, value, 0, 2 ** 31 - 1);
				i++;
				break;
			case '--orders':
				options.orders = integer(flag, value, 30, 100_000);
				i++;
				break;
			case '--port':
				options.port = integer(flag, value, 0, 65_535);
				i++;
				break;
			case '--now':
				options.now = date(flag, value);
				i++;
				break;
			case '--end':
				options.endAt = date(flag, value);
				i++;
				break;
			case '--3pl':
				if (value !== 'shipbob' && value !== 'shipmonk')
					throw new Error(`--3pl: "${value ?? ''}" is not a 3PL the sandbox plays (use shipbob or shipmonk). ${USAGE}`);
				options.threePl = value;
				i++;
				break;
			case '--no-failures':
				options.injectFailures = false;
				break;
			case '--help':
			case '-h':
				options.help = true;
				break;
			default:
				throw new Error(`unknown option "${flag}". ${USAGE}`);
		}
	}
	return options;
}

/** The lines printed at start: one base URL per vendor, the control API, the scenario. */
export function describeSandbox(sandbox: WorldSandbox): string[] {
	const vendors = [
		'shopify',
		'shipstation',
		'shipbob',
		'shipmonk',
		'shiphero',
		'extensiv',
		'ups',
		'fedex',
		'usps',
		'dhl',
		'klaviyo',
		'slack',
	];
	const planted = Object.values(sandbox.world.truth).filter((t) => t.plant).length;
	return [
		`sandbox: ${sandbox.world.orders.length} orders (seed ${sandbox.world.seed}, ${planted} with planted ` +
			`problems, 3PL ${sandbox.world.threePl}), scenario ${new Date(sandbox.world.startMs).toISOString()} .. ` +
			`${new Date(sandbox.world.endMs).toISOString()}, now ${new Date(sandbox.nowMs()).toISOString()}`,
		// What each credential's base URL override takes (Slack's Web API lives under /api).
		...vendors.map((v) => `  ${v.padEnd(12)} ${sandbox.baseUrl(v)}${v === 'slack' ? '/api' : ''}`),
		`  ${'control'.padEnd(12)} ${sandbox.baseUrl('_control')}  (GET /time, POST /time {"advance":"6h"}, GET ` +
			`/truth, POST /failures, POST /faults, POST /outages, POST /webhooks/shopify {"url"})`,
		`  credentials: Shopify token ${SANDBOX_CREDENTIALS.shopify.accessToken} (webhook secret ` +
			`${SANDBOX_CREDENTIALS.shopify.webhookSecret}), ShipStation ` +
			`${SANDBOX_CREDENTIALS.shipstation.apiKey}/${SANDBOX_CREDENTIALS.shipstation.apiSecret}, ShipBob ` +
			`${SANDBOX_CREDENTIALS.shipbob.token}, ShipMonk ${SANDBOX_CREDENTIALS.shipmonk.apiKey}`,
	];
}

async function main(): Promise<void> {
	// A recorded capture instead of a generated world (docs/replay.md): test/sandbox/captureServer.ts.
	if (process.argv.includes('--capture')) {
		try {
			return await (await import('./captureServer')).runCaptureSandboxCli(process.argv.slice(2));
		} catch (error) {
			console.error((error as Error).message);
			process.exit(2);
		}
	}
	let options: CliOptions;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
	if (options.help) {
		console.log(USAGE);
		return;
	}
	const sandbox = await startWorldSandbox({ port: 8787, ...options });
	for (const line of describeSandbox(sandbox)) console.log(line);
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) void main();
