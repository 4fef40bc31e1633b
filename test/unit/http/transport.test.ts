import { createFetchTransport } from '../../../nodes/lib/http/fetchTransport';
import { TransportError, HttpError, expectOk, redactUrl } from '../../../nodes/lib/http/errors';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';

describe('createFetchTransport against the sandbox host', () => {
	let sandbox: RunningSandbox;
	const seen: Array<{ method: string; path: string; json?: unknown; q: string | null }> = [];
	beforeAll(async () => {
		sandbox = await startSandbox([
			{
				name: 'echo',
				handle: (req) => {
					seen.push({ method: req.method, path: req.path, json: req.json, q: req.query.get('q') });
					if (req.path === '/slow') return { status: 200, hangMs: 2000 };
					if (req.path === '/text') return { status: 503, body: 'down for maintenance' };
					return { status: 201, headers: { 'x-thing': 'yes' }, body: { ok: true, echo: req.json } };
				},
			},
		]);
	});
	afterAll(() => sandbox.close());

	it('sends JSON bodies and query strings, and parses JSON answers', async () => {
		const res = await createFetchTransport()({
			method: 'POST',
			url: `${sandbox.baseUrl('echo')}/things`,
			query: { q: 'a b' },
			body: { n: 1 },
		});
		expect(res).toEqual({
			status: 201,
			headers: expect.objectContaining({ 'x-thing': 'yes' }),
			body: { ok: true, echo: { n: 1 } },
		});
		expect(seen.at(-1)).toEqual({ method: 'POST', path: '/things', json: { n: 1 }, q: 'a b' });
	});

	it('returns an HTTP error status as data, and expectOk turns it into an HttpError with a hint', async () => {
		const req = { method: 'GET' as const, url: `${sandbox.baseUrl('echo')}/text?token=secret` };
		const res = await createFetchTransport()(req);
		expect(res.status).toBe(503);
		expect(res.body).toBe('down for maintenance');
		let error: HttpError | undefined;
		try {
			expectOk(res, req);
		} catch (e) {
			error = e as HttpError;
		}
		expect(error).toBeInstanceOf(HttpError);
		expect(error!.message).not.toContain('secret');
		expect(error!.hint).toMatch(/try again later/);
	});

	it('throws a TransportError on timeout and on a refused connection', async () => {
		await expect(
			createFetchTransport()({ method: 'GET', url: `${sandbox.baseUrl('echo')}/slow`, timeoutMs: 200 }),
		).rejects.toBeInstanceOf(TransportError);
		await expect(createFetchTransport()({ method: 'GET', url: 'http://127.0.0.1:1/nothing' })).rejects.toBeInstanceOf(
			TransportError,
		);
	});

	it('answers 404 with a named route for unknown sims', async () => {
		const res = await createFetchTransport()({ method: 'GET', url: `${sandbox.url}/nobody/here` });
		expect(res.status).toBe(404);
		expect(JSON.stringify(res.body)).toContain('no route');
	});

	it('redacts secrets in URLs', () => {
		expect(redactUrl('https://x.test/a?token=abc&b=1&api_key=zz')).toBe(
			'https://x.test/a?token=[redacted]&b=1&api_key=[redacted]',
		);
	});
});
