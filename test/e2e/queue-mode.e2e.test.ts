/**
 * Queue mode (n8n scale-out): main enqueues in Redis, separate worker processes execute. The Order
 * State workflow runs on the workers; several different orders sent at once must each get the answer
 * computed from their own observations only, which holds only if the node keeps no in-memory state
 * between executions (each worker runs many executions in one process).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { E2E_SETUP_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, e2eGate, N8nInstance, nodeItems, webhookWorkflow } from './harness';
import { ORDER_STATE_NODE, orderCase, observationsFromBodyNode, ORDER_CASES } from './order-state.fixtures';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

(gate.run ? describe : describe.skip)('n8n queue mode: Order State on workers', () => {
	let n8n: N8nInstance;
	let workflowId: string;
	const path = `pp-queue-${randomBytes(4).toString('hex')}`;

	beforeAll(async () => {
		n8n = await N8nInstance.create({
			install: gate.install,
			queue: { postgresDatabase: `pp_e2e_queue_${randomBytes(4).toString('hex')}` },
		});
		await n8n.startServer();
		// two worker processes, one execution at a time each, started side by side
		await Promise.all([n8n.startWorker(1), n8n.startWorker(1)]);
		workflowId = await n8n.activateWorkflow(
			webhookWorkflow({ name: 'queue: order state', path, nodes: [observationsFromBodyNode(), ORDER_STATE_NODE] }),
		);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	it('executes on the workers, and every order gets the state of its own observations only', async () => {
		// Every request is for the SAME order key with different facts, interleaved and concurrent: a node
		// that cached anything per order (or per process) would leak one request's facts into another's
		// record (e.g. a delivered parcel into the cancelled case), and 6 executions on 2 workers means
		// each worker process runs several of them back to back.
		const requests = [...ORDER_CASES, ...ORDER_CASES].map((c) => orderCase(c, 'Q1001'));
		const responses = await Promise.all(requests.map((req) => n8n.callWebhook(path, req.body)));
		responses.forEach((res, i) => {
			expect(res.status).toBe(200);
			requests[i].expectResponse(res.json() as Record<string, unknown>);
		});

		const main = n8n.log('main');
		expect(main.match(/Enqueued execution \d+/g)?.length).toBe(requests.length);
		const finishedOnWorkers =
			n8n
				.workerLogs()
				.join('\n')
				.match(/Worker finished execution \d+/g) ?? [];
		expect(finishedOnWorkers.length).toBe(requests.length);

		const last = await n8n.waitForExecution(workflowId);
		expect(last.status).toBe('success');
		expect(nodeItems(last, ORDER_STATE_NODE.name).length).toBeGreaterThan(0);
	});

	it('stop() leaves none of its keys in Redis (a stale cached webhook made the next activation 409)', async () => {
		const keysOfThisInstance = () =>
			execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', '--scan', '--pattern', `*${n8n.redisPrefix}*`], {
				encoding: 'utf8',
			})
				.split('\n')
				.filter(Boolean);
		const live = keysOfThisInstance();
		// while it runs, n8n's webhook cache and Bull's queue are under the instance's own prefix...
		expect(live.some((k) => k.includes(':cache:'))).toBe(true);
		expect(live.length).toBeGreaterThan(1);
		// ...and n8n's shared default prefix holds nothing of this instance's webhook path
		const shared = execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', '--scan', '--pattern', `*${path}*`], {
			encoding: 'utf8',
		})
			.split('\n')
			.filter(Boolean);
		expect(shared.every((k) => k.includes(n8n.redisPrefix))).toBe(true);
		await n8n.stop();
		expect(keysOfThisInstance()).toEqual([]);
	});
});
