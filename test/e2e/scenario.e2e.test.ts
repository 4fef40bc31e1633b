/**
 * The whole scenario through the templates in a real n8n, bound to the simulated store, on the
 * embedded ledger and on PostgreSQL (test/e2e/scenario.ts plays it), scored against the world's
 * ground truth:
 *  - every planted problem detected as the right exception type (recall 100%), no exception on a
 *    clean order (precision 100%), the ledger's stage of every order equal to the truth;
 *  - every Shopify delivery stored once (repeats recognised), none refused;
 *  - every stored event acknowledged exactly once, none failed, dead or left in the queue;
 *  - every case posted to Slack once, and the cases that cleared updated in place;
 *  - every Klaviyo event sent once, and remembered in the ledger;
 *  - the weekly report posted.
 * PP_SCENARIO_ORDERS sets the world's size. The default, 60, is CI's: every kind of planted problem is in the
 * world at that size (test/sandbox/world/generate.ts plantCounts: the same plants as at 120), and the run takes
 * about a third less. `PP_SCENARIO_ORDERS=120` is the full-size run; `npm run demo` plays 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { startWorldSandbox } from '../sandbox/world/worldSandbox';
import { E2E_SETUP_TIMEOUT_MS, e2eGate, N8nInstance } from './harness';
import { runScenario, type ScenarioStorage } from './scenario';
import { expectScenarioRight, summary } from './scenarioChecks';

const gate = e2eGate();
const ORDERS = Number(process.env.PP_SCENARIO_ORDERS ?? 60);
const SEED = Number(process.env.PP_SCENARIO_SEED ?? 42);
const postgresUrl = process.env.PP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
jest.setTimeout(40 * 60_000);

async function play(storage: ScenarioStorage, label: string) {
	const sandbox = await startWorldSandbox({ seed: SEED, orders: ORDERS });
	let n8n: N8nInstance | undefined;
	try {
		n8n = await N8nInstance.create({ install: gate.install });
		const started = Date.now();
		const report = await runScenario({
			n8n,
			sandbox,
			storage,
			progress: (line) =>
				process.stdout.write(`[scenario ${label} +${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`),
		});
		process.stdout.write(`${summary(label, report)}; ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
		expectScenarioRight(report, sandbox, { orders: ORDERS });
	} finally {
		await n8n?.stop();
		await sandbox.close();
	}
}

(gate.run ? describe : describe.skip)(
	'the whole scenario through the templates in real n8n, scored against the truth',
	() => {
		it(
			'on the embedded ledger',
			async () => {
				const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-scenario-embedded-'));
				try {
					await play({ kind: 'embedded', dataDirectory }, 'embedded');
				} finally {
					rmSync(dataDirectory, { recursive: true, force: true });
				}
			},
			E2E_SETUP_TIMEOUT_MS + 40 * 60_000,
		);

		it(
			'on PostgreSQL',
			async () => {
				const schema = `pp_scenario_${Date.now().toString(36)}`;
				const client = new Client({ connectionString: postgresUrl });
				await client.connect();
				try {
					await client.query(`CREATE SCHEMA "${schema}"`);
					await play({ kind: 'postgres', schema, url: postgresUrl }, 'postgres');
				} finally {
					await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
					await client.end();
				}
			},
			E2E_SETUP_TIMEOUT_MS + 40 * 60_000,
		);
	},
);
