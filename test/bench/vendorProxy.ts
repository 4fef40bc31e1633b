/**
 * A local proxy in front of the sandbox for the real-n8n pipeline benchmark: every request waits
 * `latencyMs` before it is passed on (a vendor's network round trip, which the sandbox itself does not
 * have), and is counted per vendor (the first path segment: /shopify/..., /shipstation/...) and per
 * answer status, so the benchmark can print vendor calls per order and how many were refused (429).
 * The credentials point their base URL at the proxy instead of the sandbox; nothing else changes.
 */
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VendorCount {
	calls: number;
	/** Answers by HTTP status ("200": 812, "429": 3). */
	byStatus: Record<string, number>;
	/** Milliseconds of the first and the last call of this phase (epoch). */
	firstAt: number;
	lastAt: number;
}

export interface VendorProxy {
	url: string;
	baseUrl(vendor: string): string;
	setLatency(ms: number): void;
	/** Counts since the last reset, by vendor. */
	counts(): Record<string, VendorCount>;
	reset(): void;
	close(): Promise<void>;
}

export async function startVendorProxy(targetUrl: string, latencyMs = 0): Promise<VendorProxy> {
	const target = new URL(targetUrl);
	const agent = new Agent({ keepAlive: true, maxSockets: 64 });
	let latency = latencyMs;
	let counts: Record<string, VendorCount> = {};

	const count = (vendor: string, status: number) => {
		const now = Date.now();
		const c = (counts[vendor] ??= { calls: 0, byStatus: {}, firstAt: now, lastAt: now });
		c.calls += 1;
		c.byStatus[status] = (c.byStatus[status] ?? 0) + 1;
		c.lastAt = now;
	};

	const server: Server = createServer((req, res) => {
		const vendor = (req.url ?? '/').split('/')[1]?.split('?')[0] || '(root)';
		const forward = () => {
			const upstream = httpRequest(
				{
					host: target.hostname,
					port: target.port,
					method: req.method,
					path: req.url,
					headers: { ...req.headers, host: target.host },
					agent,
				},
				(answer) => {
					count(vendor, answer.statusCode ?? 0);
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			// a simulated timeout drops the socket: drop ours too, so the client sees what it would have
			upstream.on('error', () => {
				count(vendor, 0);
				res.destroy();
			});
			req.pipe(upstream);
		};
		if (latency > 0) {
			// the body is buffered by the socket meanwhile; pause so nothing is lost before the pipe starts
			req.pause();
			setTimeout(forward, latency);
		} else forward();
	});
	server.keepAliveTimeout = 60_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		baseUrl: (vendor) => `${url}/${vendor}`,
		setLatency: (ms) => (latency = ms),
		counts: () => counts,
		reset: () => (counts = {}),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				agent.destroy();
				server.close(() => resolve());
			}),
	};
}
