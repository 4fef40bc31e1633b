/**
 * The capture-backed sandbox (test/sandbox/captureServer.ts) serves over HTTP exactly what the in-process
 * replay answers: every read the replay made, asked again over HTTP at the same simulated instant, gets the
 * same status and body. Its recorded pushes arrive byte for byte (a Shopify signature still verifies), and a
 * ShipStation notification points at the sandbox, so the same capture can play through the templates in n8n.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyShopifyWebhook } from '../../../nodes/lib/connectors/shopify';
import type { ReplayVendor } from '../../../nodes/lib/replay/classify';
import { parseHar } from '../../../nodes/lib/replay/har';
import { buildReadIndex, type ReadLog } from '../../../nodes/lib/replay/transport';
import { replayCapture } from '../../../nodes/lib/replay/run';
import { scenarioToHar } from '../../../scripts/scenario-to-har';
import { startCaptureSandbox, type CaptureSandbox } from '../../sandbox/captureServer';
import { CORPUS_ROOT, loadScenarios } from './corpus';

const loaded = loadScenarios().find((s) => s.name.startsWith('1001-'));
const describeOrSkip = loaded ? describe : describe.skip;
if (!loaded) process.stdout.write('skipped: clean-room scenario 1001 not present\n');

describeOrSkip('capture-backed sandbox', () => {
	let sandbox: CaptureSandbox;
	let receiver: Server;
	const received: Array<{ path: string; headers: Record<string, string | string[] | undefined>; body: string }> = [];
	const converted = loaded ? scenarioToHar(loaded.scenario, CORPUS_ROOT) : undefined;
	const capture = converted ? parseHar(converted.har) : undefined;
	const index = capture ? buildReadIndex(capture) : undefined!;

	beforeAll(async () => {
		sandbox = await startCaptureSandbox({ capture: capture! });
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{}');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	});

	afterAll(async () => {
		await sandbox?.close();
		await new Promise<void>((resolve) => receiver?.close(() => resolve()));
	});

	it('answers every read of the in-process replay with the same status and body', async () => {
		const truthTimes = loaded!.scenario.truth.map((t) => t.at).sort();
		const result = await replayCapture(capture!, {
			at: truthTimes[truthTimes.length - 1],
			checkpoints: truthTimes,
			config: { secrets: converted!.config.secrets },
		});
		const reads = result.reads.filter((r) => r.vendor);
		expect(reads.length).toBeGreaterThan(5);
		for (const read of reads) {
			const url = new URL(read.url);
			const vendor = read.vendor as string;
			// The product's path under the vendor's public host, now under the sandbox's mount for that vendor.
			sandbox.setNow(Date.parse(read.at));
			const body = read.method === 'POST' ? bodyOfRead(read) : undefined;
			const viaHttp = await fetch(`${sandbox.baseUrl(vendor)}${url.pathname}${url.search}`, {
				method: read.method,
				headers: body ? { 'content-type': 'application/json' } : {},
				body,
			});
			const expected = index.answer(
				{
					vendor: vendor as ReplayVendor,
					method: read.method,
					path: url.pathname,
					query: [...url.searchParams].map(([name, value]) => ({ name, value })),
					bodyText: body,
				},
				Date.parse(read.at),
			);
			expect({ url: read.url, at: read.at, status: viaHttp.status, body: JSON.parse(await viaHttp.text()) }).toEqual({
				url: read.url,
				at: read.at,
				status: read.status,
				body: expected.response.body,
			});
			expect(expected.from).toEqual(read.from);
		}
	});

	it(
		'delivers the recorded pushes up to now, byte for byte, each once; ShipStation notifications point at the ' +
			'sandbox',
		async () => {
			const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
			sandbox.setNow(Date.parse('2026-12-01T02:00:00Z'));
			const urls = { shopify: `${base}/webhook/shopify`, shipstation: `${base}/webhook/shipstation` };
			const first = await sandbox.deliverPushes(urls);
			const again = await sandbox.deliverPushes(urls);
			expect(again.sent).toEqual([]);
			const pushesSoFar = capture!.exchanges.filter(
				(e) => e.atMs <= Date.parse('2026-12-01T02:00:00Z') && e.request.url.includes('/webhook/'),
			);
			expect(first.sent.map((s) => s.index)).toEqual(pushesSoFar.map((e) => e.index));
			const secret = converted!.config.secrets.shopify?.[0] ?? '';
			const shopify = received.filter((r) => r.path.startsWith('/webhook/shopify'));
			const verdicts = shopify.map(
				(r) => verifyShopifyWebhook(r.body, r.headers as Record<string, unknown>, secret).valid,
			);
			// The corpus's forged orders/cancelled (01:30Z) stays forged; every other Shopify push still verifies.
			expect(verdicts.filter((v) => !v)).toHaveLength(1);
			expect(verdicts.filter((v) => v).length).toBeGreaterThan(1);
			const ship = received.find((r) => r.path.startsWith('/webhook/shipstation'));
			expect(JSON.parse(ship!.body).resource_url.startsWith(sandbox.baseUrl('shipstation'))).toBe(true);
		},
	);
});

/** The body of a POST read, rebuilt from what the replay log says was asked. */
function bodyOfRead(read: ReadLog): string | undefined {
	// The replay log keeps what was asked; for Shopify the identity names the order, and the product's
	// own GetOrder document asks for it by id.
	const id = read.identities[0]?.match(/^shopify order id:(\d+)$/)?.[1];
	if (id)
		return JSON.stringify({
			query: 'query GetOrder($id: ID!) { order(id: $id) { id } }',
			variables: { id: `gid://shopify/Order/${id}` },
		});
	const numbers = read.identities.map((i) => i.split(' ').pop());
	if (read.vendor === 'fedex')
		return JSON.stringify({
			trackingInfo: numbers.map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })),
		});
	if (read.vendor === 'usps') return JSON.stringify(numbers.map((trackingNumber) => ({ trackingNumber })));
	return undefined;
}
