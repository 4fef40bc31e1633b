/**
 * Shared vendor budgets in REAL n8n queue mode (opt-in: `npm run bench -- budget-queue-n8n`; needs the cached
 * n8n from scripts/e2e/install-n8n.sh, `npm run build`, PostgreSQL and Redis; about 5 minutes).
 *
 * n8n 2.40.7 in queue mode (main + 2 `n8n worker --concurrency=1`) runs one workflow twice at the same time, so
 * each worker runs one execution: Manual Trigger -> ShipStation (Get Many shipments, 10 a page, 40 pages) against
 * the sandbox's ShipStation (40 calls a minute per API key, 429 past it). Once with "Share Rate Limits Across
 * Workers" on (the Post-Purchase Redis credential on the same Redis as the queue), once off. Printed per mode:
 * calls ShipStation accepted, its 429s, the time from the first call to the last, and the fraction of the limit
 * used (the least time 40 a minute allows for the accepted calls / the time they took). Asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { installedN8n, N8nInstance, nodeTypeName } from '../e2e/harness';
import { startSandbox } from '../sandbox/http';
import { ShipStationSim } from '../sandbox/vendors/shipstation';
import { windowFloorMs } from './rateFloor';

const PAGES = Number(process.env.SHARED_BUDGET_N8N_PAGES ?? 40);
const PREFIX = `pp:bench:budget-n8n:${randomBytes(4).toString('hex')}:`;
const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function runAndWait(n8n: N8nInstance, workflowId: string): Promise<{ status: string; error?: string }> {
	const server = await n8n.startServer();
	const res = await fetch(`${server.baseUrl}/rest/workflows/${workflowId}/run`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: server.cookie },
		body: JSON.stringify({ triggerToStartFrom: { name: 'Manual Trigger' } }),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`running workflow ${workflowId} -> ${res.status}: ${text}`);
	const id = String((JSON.parse(text) as { data?: { executionId?: string } }).data?.executionId ?? '');
	const deadline = Date.now() + 15 * 60_000;
	for (;;) {
		const exec = await n8n
			.api<{ status?: string; stoppedAt?: string | null }>('GET', `/executions/${id}`)
			.catch(() => undefined);
		if (exec?.stoppedAt) {
			if (exec.status === 'success') return { status: 'success' };
			const full = await n8n
				.api<{ data?: { resultData?: { error?: { message?: string } } } }>('GET', `/executions/${id}?includeData=true`)
				.catch(() => undefined);
			return { status: exec.status ?? 'error', error: full?.data?.resultData?.error?.message };
		}
		if (Date.now() > deadline) throw new Error(`execution ${id} did not finish within 15 minutes`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

async function measure(n8n: N8nInstance, share: boolean): Promise<void> {
	const sim = new ShipStationSim({ seed: 16, orders: 200, shipments: PAGES * 10 });
	const sandbox = await startSandbox([sim]);
	try {
		const tag = randomBytes(3).toString('hex');
		await n8n.importCredentials([
			{
				id: `ss${tag}`,
				name: `ShipStation ${tag}`,
				type: 'shipStationPostPurchaseApi',
				data: {
					apiKey: 'ss-key',
					apiSecret: 'ss-secret',
					v2ApiKey: 'ss-v2-key',
					v1BaseUrl: sandbox.baseUrl('shipstation'),
				},
			},
			{
				id: `rd${tag}`,
				name: `Redis ${tag}`,
				type: 'postPurchaseRedisApi',
				data: { host: '127.0.0.1', port: 6379, database: 0, tls: false, keyPrefix: PREFIX },
			},
		]);
		const created = await n8n.api<{ id: string }>('POST', '/workflows', {
			name: `shared budget ${share ? 'on' : 'off'} ${tag}`,
			nodes: [
				{
					id: 'trigger',
					name: 'Manual Trigger',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'shipstation',
					name: 'ShipStation',
					type: nodeTypeName('shipStation'),
					typeVersion: 1,
					position: [250, 0],
					parameters: {
						resource: 'shipment',
						operation: 'getAll',
						shipmentFilter: 'shipDate',
						shipDateStart: '2000-01-01',
						returnAll: true,
						listOptions: { pageSize: 10 },
						shareRateLimits: share,
					},
					credentials: {
						shipStationPostPurchaseApi: { id: `ss${tag}`, name: `ShipStation ${tag}` },
						...(share ? { postPurchaseRedisApi: { id: `rd${tag}`, name: `Redis ${tag}` } } : {}),
					},
				},
			],
			connections: { 'Manual Trigger': { main: [[{ node: 'ShipStation', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		const runs = await Promise.all([runAndWait(n8n, created.id), runAndWait(n8n, created.id)]);
		const times = sim.requests.filter((r) => !r.path.startsWith('/v2/')).map((r) => r.at);
		const accepted = sim.stats.requests - sim.stats.rateLimited;
		const elapsed = Math.max(...times) - Math.min(...times);
		const floorMs = windowFloorMs(accepted, 40, 60_000);
		const mode = share ? 'SHARED budget in Redis' : 'not shared';
		const outcomes = runs.map((r) => r.status + (r.error ? ` (${r.error.slice(0, 80)})` : '')).join(', ');
		say(
			[
				`\nShipStation (40 calls a minute), 2 n8n queue-mode workers, ${mode}`,
				`  executions               ${outcomes}`,
				`  accepted by the vendor   ${accepted} calls`,
				`  throttles at the vendor  ${sim.stats.rateLimited}${share ? ' (target 0)' : ''}`,
				`  elapsed                  ${seconds(elapsed)} s (least the limit allows: ${seconds(floorMs)} s)`,
				`  fraction of the limit    ${(floorMs / elapsed).toFixed(3)}${share ? ' (target >= 0.9)' : ''}`,
			].join('\n'),
		);
	} finally {
		await sandbox.close();
	}
}

async function main(): Promise<void> {
	if (!installedN8n() && process.env.PP_E2E !== '1') {
		say('skipped: real n8n not installed (run scripts/e2e/install-n8n.sh)');
		return;
	}
	const n8n = await N8nInstance.create({ queue: { postgresDatabase: `pp_budget_${randomBytes(4).toString('hex')}` } });
	const redis = new Redis({ port: 6379 });
	try {
		await n8n.startServer();
		await Promise.all([n8n.startWorker(1), n8n.startWorker(1)]);
		say('n8n 2.40.7 in queue mode: main + 2 workers (concurrency 1); the workflow runs twice at once');
		await measure(n8n, true);
		await measure(n8n, false);
	} finally {
		await n8n.stop();
		const keys = await redis.keys(`${PREFIX}*`);
		if (keys.length) await redis.del(...keys);
		await redis.quit();
	}
}

void main();
