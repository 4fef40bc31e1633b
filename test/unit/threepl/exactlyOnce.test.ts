/**
 * Warehouse writes exactly once when the 3PL acts but its answer is lost: the simulator cancels the
 * order (or subscribes the webhook), then the transport loses the answer; the client reads back.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';
import { acceptThenFail, AMBIGUOUS_MODES, type AmbiguousMode } from '../../helpers/ambiguous';
import { createVirtualClock } from '../../helpers/virtualClock';

describe('ShipBob writes under lost answers', () => {
	const clock = createVirtualClock(Date.parse('2026-01-07T00:00:00Z'));
	let sandbox: RunningSandbox;
	let sim: ShipBobSim;
	beforeEach(async () => {
		sim = new ShipBobSim({ orders: 40, now: clock.now });
		sandbox = await startSandbox([sim]);
	});
	afterEach(() => sandbox.close());

	function client(mode: AmbiguousMode, match: RegExp) {
		const flaky = acceptThenFail(createFetchTransport(), {
			match: (r) => r.method === 'POST' && match.test(new URL(r.url).pathname),
			mode,
			times: 5,
		});
		const c = new ShipBobClient({
			transport: flaky,
			baseUrl: sandbox.baseUrl('shipbob'),
			headers: { authorization: 'Bearer sb-pat-test' },
			clock,
			retry: { random: () => 0.5 },
		});
		return { c, flaky };
	}
	const accepted = (match: RegExp) =>
		sim.kit.requests.filter((r) => r.method === 'POST' && match.test(r.path) && r.status < 300).length;

	it.each(AMBIGUOUS_MODES)(
		'cancel, %s after ShipBob cancelled: one cancel, the cancelled order adopted',
		async (mode) => {
			const { c, flaky } = client(mode, /:cancel$/);
			const result = await c.cancel('1009');
			expect(result).toMatchObject({ cancelled: true, rawResult: 'Success' });
			expect(result.snapshot?.fulfillment.status).toBe('cancelled');
			expect(accepted(/:cancel$/)).toBe(1);
			expect(flaky.injected).toBe(1);
		},
	);

	it.each(AMBIGUOUS_MODES)('webhook create, %s after ShipBob subscribed: one subscription, adopted', async (mode) => {
		const { c } = client(mode, /\/webhook$/);
		const url = 'https://n8n.example.com/webhook/3pl';
		const hook = await c.createWebhook(url, ['order.shipped'], 'our-secret');
		const all = await c.listWebhooks();
		expect(all.filter((w) => w.url === url)).toHaveLength(1);
		expect(hook).toMatchObject({ id: all[0].id, secret: 'our-secret' });
		expect(accepted(/\/webhook$/)).toBe(1);
	});
});
