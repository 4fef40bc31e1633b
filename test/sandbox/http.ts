/**
 * The sandbox's HTTP host: one local server on 127.0.0.1 that mounts every vendor simulator under
 * /<name>/ (e.g. http://127.0.0.1:PORT/shopify/admin/api/2025-01/graphql.json). Credentials point
 * their "base URL override" at http://127.0.0.1:PORT/<name>.
 */
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

export interface SimRequest {
	method: string;
	/** Path below the sim's mount point, starting with '/'. */
	path: string;
	query: URLSearchParams;
	/** Lower-cased names. */
	headers: Record<string, string>;
	rawBody: string;
	/** Parsed when the body is JSON; undefined otherwise (or when it does not parse). */
	json?: unknown;
}

export interface SimResponse {
	status: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON; strings and Buffers as they are. */
	body?: unknown;
	/** Simulate a timeout: hold the socket this long, then destroy it. */
	hangMs?: number;
}

export interface VendorSim {
	name: string;
	/** Undefined means "not mine / unknown route" and becomes a 404. */
	handle(request: SimRequest): Promise<SimResponse | undefined> | SimResponse | undefined;
}

export interface RunningSandbox {
	url: string;
	port: number;
	baseUrl(simName: string): string;
	close(): Promise<void>;
}

/** Cap on request bodies: a sim must survive hostile inputs too (the node tests send 5 MB ones). */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw new Error('request body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function toSimRequest(
	method: string,
	pathAndQuery: string,
	headers: Record<string, string>,
	rawBody: string,
): SimRequest {
	const url = new URL(pathAndQuery, 'http://sandbox.local');
	let json: unknown;
	if (rawBody && /json/i.test(headers['content-type'] ?? '')) {
		try {
			json = JSON.parse(rawBody);
		} catch {
			json = undefined;
		}
	}
	return { method: method.toUpperCase(), path: url.pathname, query: url.searchParams, headers, rawBody, json };
}

export async function startSandbox(sims: VendorSim[], options: { port?: number } = {}): Promise<RunningSandbox> {
	const byName = new Map(sims.map((s) => [s.name, s]));
	const server: Server = createServer(async (req, res) => {
		try {
			const rawBody = await readBody(req);
			const [, mount, ...rest] = (req.url ?? '/').split('/');
			const sim = byName.get(mount.split('?')[0]);
			const headers: Record<string, string> = {};
			for (const [k, v] of Object.entries(req.headers))
				if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
			const simRequest = toSimRequest(req.method ?? 'GET', '/' + rest.join('/'), headers, rawBody);
			const answer = sim ? await sim.handle(simRequest) : undefined;
			if (!answer) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: `sandbox: no route for ${req.method} ${req.url}` }));
				return;
			}
			if (answer.hangMs !== undefined) {
				setTimeout(() => req.socket.destroy(), answer.hangMs).unref();
				return;
			}
			const isJson = answer.body !== undefined && typeof answer.body !== 'string' && !Buffer.isBuffer(answer.body);
			const outHeaders = {
				...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}),
				...(answer.headers ?? {}),
			};
			res.writeHead(answer.status, outHeaders);
			res.end(isJson ? JSON.stringify(answer.body) : (answer.body as string | Buffer | undefined));
		} catch (error) {
			res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: `sandbox failure: ${(error as Error).message}` }));
		}
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const url = `http://127.0.0.1:${port}`;
	return {
		url,
		port,
		baseUrl: (name) => `${url}/${name}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
