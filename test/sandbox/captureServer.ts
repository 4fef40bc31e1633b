/**
 * The sandbox backed by a capture instead of a generated world: every vendor API answers from recorded
 * traffic (HAR 1.2) as of the sandbox's simulated "now", with the replay's matching rules
 * (nodes/lib/replay/reads.ts, docs/replay.md), and the recorded pushes are delivered to the URLs you give,
 * byte for byte with their own headers. Point the credentials' base URL overrides at it and the same
 * capture plays through the templates in a real n8n.
 *
 *   npx tsx test/sandbox/server.ts --capture x.har [--port 8787] [--now <ISO instant>]
 *
 * Control API (/_control):
 *   GET  /time                          {now, first, last}
 *   POST /time {"at": "<ISO>"} | {"advance": "6h"}
 *   POST /pushes {"urls": {"shopify": "<n8n webhook URL>", "shipstation": "...", ...}}
 *        delivers every recorded push up to now not delivered yet, in time order; answers {sent, skipped, failures}
 *   GET  /reads                         every read served: what was asked and which entries answered
 *   GET  /subscriptions                 the Shopify webhook subscriptions activated workflows made
 * Slack and Klaviyo (not in a capture: the product only writes to them) accept every call, and so does
 * Shopify's webhook subscription management (activating the intake workflow subscribes its webhooks: app
 * setup, not order evidence, so a capture does not hold it); the subscriptions are listed by GET /subscriptions.
 */
import { startSandbox, type RunningSandbox, type SimRequest, type SimResponse, type VendorSim } from './http';
import { classifyExchange, isAuthPath, REPLAY_VENDORS, type ReplayVendor } from '../../nodes/lib/replay/classify';
import { parseHar, type Capture, type Exchange } from '../../nodes/lib/replay/har';
import type { ReadIndex } from '../../nodes/lib/replay/reads';
import { buildReadIndex, type ReadLog } from '../../nodes/lib/replay/transport';

export interface CaptureSandboxOptions {
	capture: Capture;
	port?: number;
	/** Simulated time to start at (default: the first entry's instant). */
	now?: string;
}

export interface PushResult {
	index: number;
	at: string;
	vendor: ReplayVendor;
	url: string;
	status: number;
}

/** A webhook subscription the product made (activating a trigger), kept in this sandbox's memory. */
export interface WebhookSubscription {
	id: string;
	topic: string;
	callbackUrl: string;
}

export interface CaptureSandbox extends RunningSandbox {
	/** Shopify webhook subscriptions made by activated workflows. */
	subscriptions: WebhookSubscription[];
	nowMs(): number;
	setNow(ms: number): void;
	reads: ReadLog[];
	/** Delivers the recorded pushes up to now (each once) to the vendor's URL. */
	deliverPushes(urls: Partial<Record<ReplayVendor, string>>): Promise<{
		sent: PushResult[];
		skipped: Array<{ index: number; vendor: ReplayVendor; why: string }>;
		failures: Array<{ index: number; error: string }>;
	}>;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function answerRead(
	index: ReadIndex,
	vendor: ReplayVendor,
	request: SimRequest,
	nowMs: number,
	reads: ReadLog[],
): SimResponse {
	if (isAuthPath(vendor, request.path))
		return { status: 200, body: { access_token: `replay-${vendor}-token`, token_type: 'Bearer', expires_in: 3599 } };
	const answer = index.answer(
		{
			vendor,
			method: request.method,
			path: request.path,
			query: [...request.query].map(([name, value]) => ({ name, value })),
			bodyText: request.rawBody || undefined,
		},
		nowMs,
	);
	reads.push({
		at: new Date(nowMs).toISOString(),
		vendor,
		method: request.method,
		url: `/${vendor}${request.path}${request.query.toString() ? `?${request.query}` : ''}`,
		identities: answer.identities,
		from: answer.from,
		missing: answer.missing,
		status: answer.response.status,
	});
	const body = answer.response.body;
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(answer.response.headers))
		if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
			headers[name] = value;
	headers['content-type'] ??= 'application/json';
	return { status: answer.response.status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** The variables of the webhook subscription documents the Shopify trigger sends (create, delete, list). */
interface SubscriptionVariables {
	webhookSubscription?: { uri?: unknown; callbackUrl?: unknown };
	topic?: unknown;
	id?: unknown;
	uri?: unknown;
	callbackUrl?: unknown;
}

/**
 * Shopify's webhook subscription management (the three operations the Shopify Orders Trigger uses on
 * activation and deactivation), answered from memory; undefined for every other GraphQL request, which
 * the capture answers.
 */
function answerSubscriptionManagement(
	request: SimRequest,
	subscriptions: WebhookSubscription[],
	nextId: () => number,
): SimResponse | undefined {
	if (request.method !== 'POST' || !request.path.endsWith('/graphql.json')) return undefined;
	const body = (request.json ?? {}) as { query?: unknown; variables?: SubscriptionVariables };
	const query = typeof body.query === 'string' ? body.query : '';
	const variables = body.variables ?? {};
	if (/\bwebhookSubscriptionCreate\s*\(/.test(query)) {
		// 2025-01 and before: callbackUrl; from 2025-04 on Shopify takes the endpoint as `uri`.
		const callbackUrl = String(variables.webhookSubscription?.uri ?? variables.webhookSubscription?.callbackUrl ?? '');
		if (!callbackUrl)
			return {
				status: 200,
				body: {
					data: {
						webhookSubscriptionCreate: {
							webhookSubscription: null,
							userErrors: [{ field: ['webhookSubscription', 'uri'], message: "Address can't be blank" }],
						},
					},
				},
			};
		const sub = {
			id: `gid://shopify/WebhookSubscription/${nextId()}`,
			topic: String(variables.topic ?? ''),
			callbackUrl,
		};
		subscriptions.push(sub);
		return {
			status: 200,
			body: {
				data: {
					webhookSubscriptionCreate: {
						webhookSubscription: { id: sub.id, topic: sub.topic, format: 'JSON' },
						userErrors: [],
					},
				},
			},
		};
	}
	if (/\bwebhookSubscriptionDelete\s*\(/.test(query)) {
		const at = subscriptions.findIndex((s) => s.id === variables.id);
		if (at >= 0) subscriptions.splice(at, 1);
		return {
			status: 200,
			body: {
				data: {
					webhookSubscriptionDelete:
						at >= 0
							? { deletedWebhookSubscriptionId: variables.id, userErrors: [] }
							: {
									deletedWebhookSubscriptionId: null,
									userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
								},
				},
			},
		};
	}
	if (/\bwebhookSubscriptions\s*\(/.test(query)) {
		const wanted = variables.uri ?? variables.callbackUrl;
		const nodes = subscriptions
			.filter((s) => !wanted || s.callbackUrl === wanted)
			.map((s) => ({
				id: s.id,
				topic: s.topic,
				format: 'JSON',
				uri: s.callbackUrl,
				endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: s.callbackUrl },
			}));
		return {
			status: 200,
			body: { data: { webhookSubscriptions: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } } },
		};
	}
	return undefined;
}

/** ShipStation's resource_url names ssapi.shipstation.com: point it at this sandbox, as the world sandbox does. */
function rewriteResourceUrl(body: string, shipstationBase: string): string {
	try {
		const parsed = JSON.parse(body) as { resource_url?: unknown };
		if (typeof parsed.resource_url !== 'string') return body;
		const url = new URL(parsed.resource_url);
		return JSON.stringify({ ...parsed, resource_url: `${shipstationBase}${url.pathname}${url.search}` });
	} catch {
		return body;
	}
}

export async function startCaptureSandbox(options: CaptureSandboxOptions): Promise<CaptureSandbox> {
	const { capture } = options;
	const index = buildReadIndex(capture);
	const reads: ReadLog[] = [];
	const first = capture.exchanges[0]?.atMs ?? Date.now();
	const last = capture.exchanges[capture.exchanges.length - 1]?.atMs ?? first;
	let now = options.now ? Date.parse(options.now) : first;
	const delivered = new Set<number>();
	const pushes: Array<{ exchange: Exchange; vendor: ReplayVendor }> = [];
	for (const exchange of capture.exchanges) {
		const c = classifyExchange(exchange);
		if (c.role === 'push') pushes.push({ exchange, vendor: c.vendor });
	}

	const subscriptions: WebhookSubscription[] = [];
	let subscriptionSeq = 1;
	const vendorSims: VendorSim[] = REPLAY_VENDORS.map((vendor) => ({
		name: vendor,
		handle: (request: SimRequest) =>
			(vendor === 'shopify'
				? answerSubscriptionManagement(request, subscriptions, () => subscriptionSeq++)
				: undefined) ?? answerRead(index, vendor, request, now, reads),
	}));
	const writeOnly: VendorSim[] = [
		{
			name: 'slack',
			handle: () => ({
				status: 200,
				body: { ok: true, channel: 'C0REPLAY', ts: `${Math.floor(now / 1000)}.000100`, message: {} },
			}),
		},
		{
			name: 'klaviyo',
			handle: (r) => ({
				status: r.method === 'GET' ? 200 : 202,
				body: r.method === 'GET' ? { data: [] } : { data: { type: 'event-bulk-create-job', id: `replay-${now}` } },
			}),
		},
	];

	const control: VendorSim = {
		name: '_control',
		handle: async (request) => {
			if (request.path === '/time' && request.method === 'GET')
				return {
					status: 200,
					body: {
						now: new Date(now).toISOString(),
						first: new Date(first).toISOString(),
						last: new Date(last).toISOString(),
					},
				};
			if (request.path === '/time' && request.method === 'POST') {
				const body = (request.json ?? {}) as { at?: unknown; advance?: unknown };
				if (typeof body.at === 'string' && !Number.isNaN(Date.parse(body.at))) now = Date.parse(body.at);
				else if (typeof body.advance === 'string' && DURATION.test(body.advance)) {
					const [, n, unit] = DURATION.exec(body.advance) as RegExpExecArray;
					now += Number(n) * UNIT_MS[unit];
				} else
					return {
						status: 400,
						body: { error: 'send {"at": "<ISO 8601 instant>"} or {"advance": "6h"} (ms, s, m, h, d)', field: 'at' },
					};
				return { status: 200, body: { now: new Date(now).toISOString() } };
			}
			if (request.path === '/reads' && request.method === 'GET') return { status: 200, body: { reads } };
			if (request.path === '/subscriptions' && request.method === 'GET')
				return { status: 200, body: { subscriptions } };
			if (request.path === '/pushes' && request.method === 'POST') {
				const urls = ((request.json ?? {}) as { urls?: Record<string, string> }).urls;
				if (!urls || typeof urls !== 'object')
					return { status: 400, body: { error: 'send {"urls": {"shopify": "<webhook URL>", ...}}', field: 'urls' } };
				return { status: 200, body: await sandbox.deliverPushes(urls as Partial<Record<ReplayVendor, string>>) };
			}
			return undefined;
		},
	};

	const server = await startSandbox([...vendorSims, ...writeOnly, control], { port: options.port });
	const sandbox: CaptureSandbox = {
		...server,
		subscriptions,
		nowMs: () => now,
		setNow: (ms: number) => {
			now = ms;
		},
		reads,
		async deliverPushes(urls) {
			const sent: PushResult[] = [];
			const skipped: Array<{ index: number; vendor: ReplayVendor; why: string }> = [];
			const failures: Array<{ index: number; error: string }> = [];
			for (const { exchange, vendor } of pushes) {
				if (exchange.atMs > now || delivered.has(exchange.index)) continue;
				const url = urls[vendor];
				if (!url) {
					skipped.push({ index: exchange.index, vendor, why: `no URL given for ${vendor} pushes` });
					continue;
				}
				delivered.add(exchange.index);
				const headers: Record<string, string> = {};
				for (const [name, value] of Object.entries(exchange.request.headers))
					if (!['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
				const body =
					vendor === 'shipstation'
						? rewriteResourceUrl(exchange.request.bodyText ?? '', server.baseUrl('shipstation'))
						: (exchange.request.bodyText ?? '');
				try {
					const target = new URL(url);
					// Query of the recorded URL (ShipStation's token) goes along unless the target sets its own.
					for (const q of exchange.request.query)
						if (!target.searchParams.has(q.name)) target.searchParams.set(q.name, q.value);
					const res = await fetch(target, { method: exchange.request.method, headers, body });
					await res.text();
					sent.push({ index: exchange.index, at: exchange.at, vendor, url: target.toString(), status: res.status });
				} catch (error) {
					failures.push({ index: exchange.index, error: (error as Error).message });
				}
			}
			return { sent, skipped, failures };
		},
	};
	return sandbox;
}

/** CLI: `server.ts --capture x.har [--port 8787] [--now <ISO>]`. */
export async function runCaptureSandboxCli(argv: string[]): Promise<void> {
	let path: string | undefined;
	let port = 8787;
	let now: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = argv[i + 1];
		if (flag === '--capture') path = value;
		else if (flag === '--port') port = Number(value);
		else if (flag === '--now') now = value;
		else
			throw new Error(
				`unknown option "${flag}" with --capture (use --capture x.har [--port 8787] [--now <ISO instant>])`,
			);
		i++;
	}
	if (!path) throw new Error('--capture: give the path of a .har file');
	if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port: "${port}" is not a port number`);
	if (now !== undefined && Number.isNaN(Date.parse(now))) throw new Error(`--now: "${now}" is not an ISO 8601 instant`);
	const { readFileSync } = await import('node:fs');
	const capture = parseHar(readFileSync(path, 'utf8'));
	const sandbox = await startCaptureSandbox({ capture, port, now });
	console.log(
		`capture sandbox: ${capture.exchanges.length} entries from ${path}, now ${new Date(sandbox.nowMs()).toISOString()}`,
	);
	for (const v of [...REPLAY_VENDORS, 'slack', 'klaviyo'])
		console.log(`  ${v.padEnd(12)} ${sandbox.baseUrl(v)}${v === 'slack' ? '/api' : ''}`);
	console.log(
		`  ${'control'.padEnd(12)} ${sandbox.baseUrl('_control')}  (GET /time, POST /time {"at"|"advance"}, POST ` +
			`/pushes {"urls": {...}}, GET /reads)`,
	);
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
