/**
 * One "worker" of shared-budget.bench.ts: a separate OS process running the real client code of one vendor
 * (ShopifyClient + listOrders, ShipStationV1Client + shipStationTransport, the ledger's AirtableClient)
 * against the sandbox, with or without the shared budget in Redis. Prints one JSON line: its calls'
 * start and end times, and the errors it saw (a call that gave up counts there, never silently).
 *
 *   node --import tsx sharedBudgetWorker.ts '<json WorkerTask>'
 */
import { createFetchTransport, ResilientBudget, secretKeyPart } from '../../nodes/lib/http';
import { RedisBudget } from '../../nodes/lib/http/redisBudget';
import { listOrders, ShopifyClient } from '../../nodes/lib/connectors/shopify';
import { ShipStationV1Client, shipStationTransport } from '../../nodes/lib/connectors/shipstation';
import { AirtableClient } from '../../nodes/lib/ledger/airtable/client';

export interface WorkerTask {
	vendor: 'shopify' | 'shipstation' | 'airtable';
	baseUrl: string;
	share: boolean;
	prefix: string;
	redisPort: number;
	/** Epoch ms at which both workers start. */
	startAt: number;
	/** Shopify: orders to list (pages of 50); ShipStation: pages to read; Airtable: requests. */
	amount: number;
	shopDomain?: string;
	token?: string;
	apiKey?: string;
	apiSecret?: string;
	baseId?: string;
}

async function main(): Promise<void> {
	const task = JSON.parse(process.argv[2]) as WorkerTask;
	const budget = task.share
		? new ResilientBudget(await RedisBudget.connect({ host: '127.0.0.1', port: task.redisPort }), {
				prefix: task.prefix,
				warn: (message) => process.stderr.write(`${message}\n`),
			})
		: undefined;
	const calls: Array<{ start: number; end: number }> = [];
	const errors: string[] = [];
	const fetchTransport = createFetchTransport();
	const timed: typeof fetchTransport = async (request) => {
		const start = Date.now();
		try {
			return await fetchTransport(request);
		} finally {
			calls.push({ start, end: Date.now() });
		}
	};
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, task.startAt - Date.now())));
	try {
		if (task.vendor === 'shopify') {
			const client = new ShopifyClient({
				shopDomain: task.shopDomain!,
				auth: { mode: 'accessToken', accessToken: task.token! },
				transport: timed,
				baseUrl: task.baseUrl,
				sharedBudget: budget,
			});
			for await (const page of listOrders(client, { pageSize: 50, limit: task.amount })) void page;
		} else if (task.vendor === 'shipstation') {
			const transport = shipStationTransport(timed, {
				shared: budget && { budget, account: secretKeyPart(task.apiKey!) },
			});
			const client = new ShipStationV1Client({
				transport,
				baseUrl: task.baseUrl,
				auth: { apiKey: task.apiKey!, apiSecret: task.apiSecret! },
			});
			for await (const page of client.iterateShipments({}, { pageSize: 10, maxPages: task.amount })) void page;
		} else {
			// No 30-second retries after a 429: the bench counts throttles, it does not wait out the lock.
			const client = new AirtableClient({
				baseId: task.baseId!,
				apiKey: task.token!,
				endpointUrl: task.baseUrl,
				transport: timed,
				sharedBudget: budget,
				maxRateLimitRetries: 0,
			});
			for (let i = 0; i < task.amount; i++)
				await client.listAll('Orders', undefined, 1).catch((error) => errors.push((error as Error).message));
		}
	} catch (error) {
		errors.push((error as Error).message);
	}
	await budget?.close();
	process.stdout.write(`${JSON.stringify({ calls, errors: [...new Set(errors)], errorCount: errors.length })}\n`);
}

void main();
