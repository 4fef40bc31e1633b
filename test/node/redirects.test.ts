/**
 * Credentials never follow a redirect to another origin (issue 15). Two real local servers (two ports, two
 * origins): the vendor's answers 301/302/307/308 to the other, which records whether credentials arrived.
 * Checked on both transports: the fetch transport (tests, sandbox, demo) and n8n's helper with the
 * credential's `authenticate` (the ShipStation node, HTTP Basic, through n8n's execution engine).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ShipStation } from '../../nodes/ShipStation/ShipStation.node';
import { ShipStationPostPurchaseApi } from '../../credentials/ShipStationPostPurchaseApi.credentials';
import { createFetchTransport } from '../../nodes/lib/http/fetchTransport';
import { RedirectError } from '../../nodes/lib/http/redirects';
import { runNode } from '../helpers/n8n';

interface Recorder {
	server: Server;
	origin: string;
	seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
	/** What the vendor answers at a path: a redirect (status, Location) or 200 with a body. */
	answer: (path: string) => { status: number; location?: string; body?: unknown };
}

async function recorder(answer: Recorder['answer']): Promise<Recorder> {
	const rec = { seen: [], answer } as unknown as Recorder;
	rec.server = createServer((req, res) => {
		rec.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
		req.resume();
		const a = rec.answer(req.url ?? '/');
		res.writeHead(a.status, { 'content-type': 'application/json', ...(a.location ? { location: a.location } : {}) });
		res.end(JSON.stringify(a.body ?? {}));
	});
	await new Promise<void>((resolve) => rec.server.listen(0, '127.0.0.1', resolve));
	rec.origin = `http://127.0.0.1:${(rec.server.address() as AddressInfo).port}`;
	return rec;
}

const ORDERS = { orders: [], total: 0, page: 1, pages: 0 };
let vendor: Recorder;
let elsewhere: Recorder;
beforeAll(async () => {
	elsewhere = await recorder(() => ({ status: 200, body: ORDERS }));
	vendor = await recorder(() => ({ status: 200, body: ORDERS }));
});
afterAll(async () => {
	await new Promise((resolve) => vendor.server.close(resolve));
	await new Promise((resolve) => elsewhere.server.close(resolve));
});
beforeEach(() => {
	vendor.seen.length = 0;
	elsewhere.seen.length = 0;
});

const credentials = {
	shipStationPostPurchaseApi: { apiKey: 'rd-key-111', apiSecret: 'rd-secret-222', v2ApiKey: '', v2BaseUrl: '' },
};
const BASIC = `Basic ${Buffer.from('rd-key-111:rd-secret-222').toString('base64')}`;

function listOrders(onError?: 'continueRegularOutput') {
	return runNode({
		nodeType: new ShipStation(),
		parameters: { resource: 'order', operation: 'getAll', orderFilter: 'status', orderStatus: 'on_hold' },
		credentials: {
			shipStationPostPurchaseApi: { ...credentials.shipStationPostPurchaseApi, v1BaseUrl: vendor.origin },
		},
		credentialTypes: [new ShipStationPostPurchaseApi()],
		onError,
	});
}

describe.each([301, 302, 307, 308])('a %s to another origin', (status) => {
	it('n8n helper with the credential: not followed, nothing reaches the other origin, a clear error', async () => {
		vendor.answer = () => ({ status, location: `${elsewhere.origin}/orders?x=1` });
		const { error } = await listOrders();
		expect(vendor.seen.length).toBeGreaterThan(0);
		expect(vendor.seen[0].headers.authorization).toBe(BASIC); // the check below is not vacuous
		expect(elsewhere.seen).toEqual([]);
		expect(error?.message).toContain(`redirected GET ${vendor.origin}/orders`);
		expect(error?.message).toContain(`to another origin, ${elsewhere.origin}`);
		expect((error as { description?: string }).description).toMatch(/base URL in the credential/);
	});

	it('fetch transport: not followed, the Authorization header stays home', async () => {
		vendor.answer = () => ({ status, location: `${elsewhere.origin}/collect` });
		const transport = createFetchTransport();
		const call = transport({
			method: 'GET',
			url: `${vendor.origin}/orders`,
			headers: { authorization: 'Bearer rd-token-333' },
			operation: 'shipstation.orders',
		});
		await expect(call).rejects.toBeInstanceOf(RedirectError);
		await expect(call).rejects.toThrow(/shipstation redirected GET .* to another origin/);
		expect(elsewhere.seen).toEqual([]);
	});
});

describe('a redirect to the same origin', () => {
	it('is followed by n8n helper, the credential applied again, and the answer used', async () => {
		vendor.answer = (path) =>
			path.startsWith('/moved') ? { status: 200, body: ORDERS } : { status: 301, location: '/moved/orders' };
		const { outputs, error } = await listOrders();
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([]);
		expect(vendor.seen.map((s) => s.url.split('?')[0])).toEqual(['/orders', '/moved/orders']);
		expect(vendor.seen[1].headers.authorization).toBe(BASIC);
		expect(elsewhere.seen).toEqual([]);
	});

	it('keeps a POST and its body on 307, and refuses to turn a POST into a GET on 302', async () => {
		const transport = createFetchTransport();
		vendor.answer = (path) => (path === '/a' ? { status: 307, location: '/b' } : { status: 200, body: { ok: 1 } });
		const res = await transport({ method: 'POST', url: `${vendor.origin}/a`, body: { n: 1 } });
		expect(res.status).toBe(200);
		expect(vendor.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /a', 'POST /b']);

		vendor.seen.length = 0;
		vendor.answer = (path) => (path === '/a' ? { status: 302, location: '/b' } : { status: 200 });
		await expect(transport({ method: 'POST', url: `${vendor.origin}/a`, body: {} })).rejects.toThrow(
			/not followed, because following turns it into a GET/,
		);
		expect(vendor.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /a']);
	});

	it('stops a redirect loop', async () => {
		vendor.answer = () => ({ status: 302, location: '/again' });
		await expect(createFetchTransport()({ method: 'GET', url: `${vendor.origin}/x` })).rejects.toThrow(
			/more than 5 times/,
		);
		expect(vendor.seen).toHaveLength(6);
	});
});
