/**
 * The sandbox's faults for the chaos run (issue 16): a drawn share of requests fails as a 500 or a timeout, some
 * after the vendor acted (the effect happened, the answer was lost), and a vendor can be taken down for a while.
 */
import { KLAVIYO_REVISION } from '../../../nodes/lib/connectors/klaviyo/revision';
import { SANDBOX_CREDENTIALS, startWorldSandbox, type WorldSandbox } from '../../sandbox/world/worldSandbox';

jest.setTimeout(60_000);

/** Status of a request, or 'dropped' when the sandbox held the socket and closed it (a simulated timeout). */
async function statusOf(request: Promise<Response>): Promise<number | 'dropped'> {
	try {
		const res = await request;
		await res.arrayBuffer();
		return res.status;
	} catch {
		return 'dropped';
	}
}

/** A read with no rate limit in the sim, so every failure seen is an injected one. */
const checkSlackAuth = (sandbox: WorldSandbox) =>
	statusOf(
		fetch(`${sandbox.baseUrl('slack')}/api/auth.test`, {
			method: 'POST',
			headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.slack.token}` },
		}),
	);

const sendKlaviyoEvent = (sandbox: WorldSandbox, uniqueId: string) =>
	statusOf(
		fetch(`${sandbox.baseUrl('klaviyo')}/api/events`, {
			method: 'POST',
			headers: {
				authorization: `Klaviyo-API-Key ${SANDBOX_CREDENTIALS.klaviyo.apiKey}`,
				revision: KLAVIYO_REVISION,
				'content-type': 'application/vnd.api+json',
			},
			body: JSON.stringify({
				data: {
					type: 'event',
					attributes: {
						properties: {},
						unique_id: uniqueId,
						metric: { data: { type: 'metric', attributes: { name: 'Order Shipped' } } },
						profile: { data: { type: 'profile', attributes: { email: 'fault@example.com' } } },
					},
				},
			}),
		}),
	);

async function control(sandbox: WorldSandbox, path: string, body: unknown) {
	const res = await fetch(`${sandbox.baseUrl('_control')}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as { error?: string } };
}

describe('sandbox faults: random 5xx and timeouts, outages', () => {
	let sandbox: WorldSandbox;
	beforeEach(async () => {
		sandbox = await startWorldSandbox({ seed: 3, orders: 20, injectFailures: false, timeoutHangMs: 20 });
	});
	afterEach(() => sandbox.close());

	it('fails about the drawn share of requests, as 500s and timeouts, the same ones for the same seed', async () => {
		const play = async () => {
			sandbox.setRandomFaults({ rate: 0.2, seed: 9, vendors: ['slack'] });
			const statuses: Array<number | 'dropped'> = [];
			for (let i = 0; i < 300; i++) statuses.push(await checkSlackAuth(sandbox));
			sandbox.setRandomFaults(undefined);
			return statuses;
		};
		const first = await play();
		const failed = first.filter((s) => s !== 200);
		expect(failed.length).toBeGreaterThan(300 * 0.13);
		expect(failed.length).toBeLessThan(300 * 0.27);
		expect(new Set(failed)).toEqual(new Set([500, 'dropped']));
		expect(sandbox.firedFailures).toHaveLength(failed.length);
		expect(new Set(sandbox.firedFailures.map((f) => f.kind))).toEqual(new Set(['500', 'timeout']));
		// the same seed draws the same failures
		expect(await play()).toEqual(first);
		// stopped: every request answers again
		for (let i = 0; i < 20; i++) expect(await checkSlackAuth(sandbox)).toBe(200);
	});

	it('leaves the vendors it does not name alone', async () => {
		sandbox.setRandomFaults({ rate: 1, vendors: ['klaviyo'] });
		for (let i = 0; i < 10; i++) expect(await checkSlackAuth(sandbox)).toBe(200);
		expect(sandbox.firedFailures).toEqual([]);
	});

	it('after the effect: the vendor acted although the caller saw a failure; before it: it did not', async () => {
		sandbox.setRandomFaults({ rate: 1, afterEffectShare: 1, vendors: ['klaviyo'] });
		for (let i = 0; i < 5; i++) expect(await sendKlaviyoEvent(sandbox, `after-${i}`)).not.toBe(202);
		expect(sandbox.sims.klaviyo.accepted.map((a) => a.uniqueId)).toEqual([0, 1, 2, 3, 4].map((i) => `after-${i}`));
		expect(sandbox.firedFailures.every((f) => f.afterEffect === true)).toBe(true);

		sandbox.setRandomFaults({ rate: 1, afterEffectShare: 0, vendors: ['klaviyo'] });
		for (let i = 0; i < 5; i++) expect(await sendKlaviyoEvent(sandbox, `before-${i}`)).not.toBe(202);
		expect(sandbox.sims.klaviyo.accepted).toHaveLength(5);

		sandbox.setRandomFaults(undefined);
		expect(await sendKlaviyoEvent(sandbox, 'after-0')).toBe(202);
		expect(await sendKlaviyoEvent(sandbox, 'clean')).toBe(202);
		// Klaviyo absorbs the resend of an event it already has (same unique_id)
		expect(sandbox.sims.klaviyo.accepted).toHaveLength(6);
	});

	it('a vendor that is down answers 503 and does nothing, until the outage ends', async () => {
		sandbox.setOutage('klaviyo', 60_000);
		expect(await sendKlaviyoEvent(sandbox, 'during')).toBe(503);
		expect(await checkSlackAuth(sandbox)).toBe(200);
		expect(sandbox.sims.klaviyo.accepted).toEqual([]);
		expect(sandbox.firedFailures).toEqual([{ vendor: 'klaviyo', kind: 'outage', path: '/api/events' }]);
		sandbox.setOutage('klaviyo', 0);
		expect(await sendKlaviyoEvent(sandbox, 'after')).toBe(202);
		expect(sandbox.sims.klaviyo.accepted.map((a) => a.uniqueId)).toEqual(['after']);
	});

	it('the control API sets both, and names the field it cannot use', async () => {
		expect((await control(sandbox, '/outages', { vendor: 'klaviyo', for: '1m' })).status).toBe(200);
		expect(await sendKlaviyoEvent(sandbox, 'x')).toBe(503);
		expect((await control(sandbox, '/outages', { vendor: 'klaviyo', for: '0s' })).status).toBe(200);
		expect(await sendKlaviyoEvent(sandbox, 'x')).toBe(202);
		expect((await control(sandbox, '/faults', { rate: 1, vendors: ['slack'], seed: 2 })).status).toBe(200);
		expect(await checkSlackAuth(sandbox)).not.toBe(200);
		expect((await control(sandbox, '/faults', { rate: 0 })).status).toBe(200);
		expect(await checkSlackAuth(sandbox)).toBe(200);

		expect((await control(sandbox, '/faults', { rate: 2 })).body.error).toMatch(
			/^faults.rate: 2 is not between 0 and 1/,
		);
		expect((await control(sandbox, '/faults', { rate: 0.1, afterEffectShare: -1 })).body.error).toMatch(
			/^faults.afterEffectShare: -1/,
		);
		expect((await control(sandbox, '/faults', { rate: 0.1, vendors: ['acme'] })).body.error).toMatch(
			/^faults.vendors: "acme" is not a sandbox vendor/,
		);
		expect((await control(sandbox, '/outages', { vendor: 'acme', for: '1m' })).body.error).toMatch(
			/^outage.vendor: "acme" is not a sandbox vendor/,
		);
		expect((await control(sandbox, '/outages', { vendor: 'slack', for: 'soon' })).body.error).toMatch(
			/^for: "soon" is not a duration/,
		);
	});
});
