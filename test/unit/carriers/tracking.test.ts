import { HttpError } from '../../../nodes/lib/http';
import {
	carrierTransport,
	createTracker,
	toTrackingObservation,
	trackAll,
	type CarrierCode,
} from '../../../nodes/lib/connectors/carriers';
import { FedExTracker } from '../../../nodes/lib/connectors/fedex/client';
import { UpsTracker } from '../../../nodes/lib/connectors/ups/client';
import { UspsTracker } from '../../../nodes/lib/connectors/usps/client';
import { createFedExSim, type FedExSim } from '../../sandbox/vendors/fedex';
import { createUpsSim } from '../../sandbox/vendors/ups';
import { createUspsSim } from '../../sandbox/vendors/usps';
import { createDhlSim } from '../../sandbox/vendors/dhl';
import { SCENARIOS, type Scenario } from '../../sandbox/vendors/carrierScenarios';
import { simTransport } from './simTransport';
import { createVirtualClock } from '../../helpers/virtualClock';

const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const EXPECTED: Record<Scenario, string> = {
	label_created: 'pre_transit',
	in_transit: 'in_transit',
	out_for_delivery: 'out_for_delivery',
	delivered: 'delivered',
	failed_attempt: 'failed_attempt',
	exception: 'exception',
	returned: 'returned_to_sender',
	ready_for_pickup: 'available_for_pickup',
};
const NUMBERS: Record<CarrierCode, (i: number) => string> = {
	ups: (i) => `1Z999AA1012345${String(6780 + i)}`,
	fedex: (i) => `79484318${String(5270 + i)}`,
	usps: (i) => `94001118992231974${String(28400 + i)}`,
	dhl: (i) => `123456${String(7800 + i)}`,
};

function setup(carrier: CarrierCode, options: Record<string, unknown> = {}) {
	const scenarios = Object.fromEntries(SCENARIOS.map((s, i) => [NUMBERS[carrier](i), s]));
	const common = { now: () => NOW, scenarios, ...options };
	const sim =
		carrier === 'ups'
			? createUpsSim(common)
			: carrier === 'fedex'
				? createFedExSim(common)
				: carrier === 'usps'
					? createUspsSim(common)
					: createDhlSim(common);
	const transport = simTransport(sim);
	const credentials =
		carrier === 'dhl'
			? { apiKey: 'dhl-key', baseUrl: `https://sim.test/${carrier}` }
			: { clientId: `${carrier}-client`, clientSecret: `${carrier}-secret`, baseUrl: `https://sim.test/${carrier}` };
	return { sim, transport, tracker: createTracker(carrier, transport, credentials) };
}

describe.each(['ups', 'fedex', 'usps', 'dhl'] as CarrierCode[])('%s: one normalised result', (carrier) => {
	it.each(SCENARIOS.map((s, i) => [s, i] as const))(
		'%s maps to the canonical status with a dated timeline',
		async (scenario, i) => {
			const { tracker } = setup(carrier);
			const outcomes = await trackAll(tracker, [NUMBERS[carrier](i)]);
			const result = outcomes.get(NUMBERS[carrier](i))!.result!;
			expect(result.found).toBe(true);
			expect(result.status).toBe(EXPECTED[scenario]);
			expect(result.rawStatus).not.toBe('');
			expect(result.warnings).toEqual([]);
			expect(result.events.length).toBeGreaterThan(0);
			for (const event of result.events)
				expect(event.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/);
			const instants = result.events.map((e) => Date.parse(e.at));
			expect([...instants].sort((a, b) => b - a)).toEqual(instants);
			expect(result.lastEventAt).toBe(result.events[0].at);
			expect(result.events[0].status).toBe(EXPECTED[scenario]);
			expect(result.events[0].location).toEqual(expect.any(String));
			if (scenario === 'delivered') {
				expect(result.deliveredAt).toEqual(expect.any(String));
				expect(result.estimatedDelivery).toBeNull();
			} else if (carrier === 'ups' && (scenario === 'failed_attempt' || scenario === 'ready_for_pickup')) {
				// UPS's scheduled date (SDD) is spent once UPS attempted delivery: it stays the commitment, not an estimate.
				expect(result.estimatedDelivery).toBeNull();
				expect(result.commitment).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			} else if (scenario !== 'returned') expect(result.estimatedDelivery).toMatch(/^\d{4}-\d{2}-\d{2}/);
			expect(result.trackingUrl).toContain(NUMBERS[carrier](i));
		},
	);

	it('an unknown number is a per-number result, the others in the run are unaffected', async () => {
		const { tracker } = setup(carrier, { unknownNumbers: ['UNKNOWN12345'] });
		const outcomes = await trackAll(tracker, ['UNKNOWN12345', NUMBERS[carrier](3)]);
		const unknown = outcomes.get('UNKNOWN12345')!;
		expect(unknown.error).toBeUndefined();
		expect(unknown.result).toMatchObject({ found: false, status: 'unknown', carrier });
		expect(unknown.result!.notFound!.message).toEqual(expect.any(String));
		expect(outcomes.get(NUMBERS[carrier](3))!.result!.found).toBe(true);
	});

	it('a malformed carrier date becomes a warning naming the field and value; the rest is kept', async () => {
		const { tracker } = setup(carrier, { malformedDates: [NUMBERS[carrier](0)] });
		const result = (await trackAll(tracker, [NUMBERS[carrier](0)])).get(NUMBERS[carrier](0))!.result!;
		expect(result.found).toBe(true);
		expect(result.warnings).toHaveLength(1);
		expect(result.warnings[0]).toMatch(/2024|04\/31/);
		expect(result.events.length).toBeGreaterThan(1);
		// UPS also sends the moment in GMT (Tracking.yaml Activity
		// gmtDate/gmtTime): a bad local date loses only the local reading.
		if (carrier === 'ups') {
			expect(result.warnings[0]).toMatch(/placed by its GMT time/);
			expect(result.events.some((e) => e.localTime === null)).toBe(true);
		} else expect(result.warnings[0]).toMatch(/left out of the timeline/);
	});
});

describe('batching and tokens', () => {
	it('FedEx: 95 numbers go in 4 requests (30+30+30+5) with ONE token for the whole run', async () => {
		const { sim: anySim, transport, tracker } = setup('fedex');
		const sim = anySim as FedExSim;
		const numbers = Array.from({ length: 95 }, (_, i) => `7948431${String(80000 + i)}`);
		const outcomes = await trackAll(tracker, [...numbers, numbers[0]]);
		expect(outcomes.size).toBe(95);
		expect(sim.trackRequests).toBe(4);
		expect(
			transport.requests
				.filter((r) => r.operation === 'fedex.track')
				.map((r) => (r.body as { trackingInfo: unknown[] }).trackingInfo.length),
		).toEqual([30, 30, 30, 5]);
		expect((tracker as FedExTracker).tokens.issued).toBe(1);
		expect(sim.calls.filter((c) => c.path === '/oauth/token')).toHaveLength(1);
	});

	it('USPS batches 35 per request', async () => {
		const { transport, tracker } = setup('usps');
		await trackAll(
			tracker,
			Array.from({ length: 40 }, (_, i) => `94001118992231974${String(10000 + i)}`),
		);
		expect(
			transport.requests.filter((r) => r.operation === 'usps.track').map((r) => (r.body as unknown[]).length),
		).toEqual([35, 5]);
		expect((tracker as UspsTracker).tokens.issued).toBe(1);
	});

	it.each(['ups', 'fedex', 'usps'] as CarrierCode[])(
		'%s: a token that expires mid-run is refreshed once and the run continues',
		async (carrier) => {
			const { sim, tracker } = setup(carrier);
			const numbers = Array.from({ length: 3 }, (_, i) => NUMBERS[carrier](i));
			await trackAll(tracker, [numbers[0]]);
			(sim as { expireTokens(): void }).expireTokens();
			const outcomes = await trackAll(tracker, numbers.slice(1));
			expect([...outcomes.values()].every((o) => o.result?.found)).toBe(true);
			expect((tracker as FedExTracker | UpsTracker | UspsTracker).tokens.issued).toBe(2);
		},
	);

	it('a token refused even right after a refresh is a clear error, not a loop', async () => {
		const { sim, transport, tracker } = setup('fedex');
		(sim as FedExSim).tokens.rejectAll = true;
		const outcome = (await trackAll(tracker, [NUMBERS.fedex(0)])).get(NUMBERS.fedex(0))!;
		expect(outcome.error).toBeInstanceOf(HttpError);
		expect(outcome.error!.message).toBe('FedEx rejected a freshly issued access token (401 twice in a row)');
		expect((outcome.error as HttpError).hint).toMatch(/Tracking API enabled/);
		expect(transport.requests.filter((r) => r.operation === 'fedex.token')).toHaveLength(2);
		expect(transport.requests.filter((r) => r.operation === 'fedex.track')).toHaveLength(2);
	});

	it('wrong client credentials say which fields to fix', async () => {
		const sim = createFedExSim({ now: () => NOW });
		const tracker = new FedExTracker(simTransport(sim), {
			clientId: 'x',
			clientSecret: 'y',
			baseUrl: 'https://sim.test/fedex',
		});
		const outcome = (await trackAll(tracker, ['794843185271'])).get('794843185271')!;
		expect((outcome.error as HttpError).status).toBe(401);
		expect((outcome.error as HttpError).hint).toMatch(/client ID \/ client secret/);
	});

	it('429 with Retry-After is waited out (virtual clock), every number still tracked', async () => {
		const clock = createVirtualClock(NOW);
		const sim = createFedExSim({ now: clock.now, quota: { limit: 3, windowMs: 1000 } });
		const transport = carrierTransport(simTransport(sim), 'fedex', { clock, requestsPerSecond: 100, random: () => 0 });
		const tracker = new FedExTracker(transport, {
			clientId: 'fedex-client',
			clientSecret: 'fedex-secret',
			baseUrl: 'https://sim.test/fedex',
		});
		const numbers = Array.from({ length: 300 }, (_, i) => `7948431${String(90000 + i)}`);
		const outcomes = await trackAll(tracker, numbers);
		expect([...outcomes.values()].every((o) => o.result?.found)).toBe(true);
		expect(sim.quota.rejected).toBeGreaterThan(0);
		expect(sim.trackRequests).toBe(10);
	});
});

describe('toTrackingObservation', () => {
	it('produces a tracking observation whose key only changes when the carrier state does', async () => {
		const { tracker } = setup('ups');
		const result = (await trackAll(tracker, [NUMBERS.ups(0)])).get(NUMBERS.ups(0))!.result!;
		const a = toTrackingObservation(result, { orderKey: '#1001', receivedAt: '2026-11-20T15:00:00Z' });
		const b = toTrackingObservation(result, { orderKey: '1001', receivedAt: '2026-11-20T16:00:00Z' });
		expect(a).toMatchObject({
			source: 'ups',
			kind: 'tracking',
			orderKey: '1001',
			sourceId: NUMBERS.ups(0),
			occurredAt: result.lastEventAt,
		});
		expect(a.data).toMatchObject({
			trackingNumber: NUMBERS.ups(0),
			carrier: 'ups',
			status: 'delivered',
			rawStatus: result.rawStatus,
		});
		expect(a.key).toBe(b.key);
		const moved = toTrackingObservation(
			{ ...result, status: 'exception' },
			{ orderKey: '1001', receivedAt: '2026-11-20T16:00:00Z' },
		);
		expect(moved.key).not.toBe(a.key);
	});
});

describe('one bad number never sinks a batch', () => {
	it('a batch answered 400 is retried number by number so only the refused number fails', async () => {
		const sim = createFedExSim({ now: () => NOW });
		const handle = sim.handle.bind(sim);
		// FedEx refusing a whole request because of one number it cannot parse
		sim.handle = (req) => {
			const numbers = (
				(req.json as { trackingInfo?: Array<{ trackingNumberInfo: { trackingNumber: string } }> })?.trackingInfo ?? []
			).map((t) => t.trackingNumberInfo.trackingNumber);
			if (numbers.includes('BADNUMBER1'))
				return {
					status: 400,
					body: {
						transactionId: 't',
						errors: [{ code: 'TRACKING.TRACKINGNUMBER.INVALID', message: 'Invalid tracking number.' }],
					},
				};
			return handle(req);
		};
		const tracker = new FedExTracker(simTransport(sim), {
			clientId: 'fedex-client',
			clientSecret: 'fedex-secret',
			baseUrl: 'https://sim.test/fedex',
		});
		const outcomes = await trackAll(tracker, ['794843185271', 'BADNUMBER1', '794843185272']);
		expect(outcomes.get('794843185271')!.result!.found).toBe(true);
		expect(outcomes.get('794843185272')!.result!.found).toBe(true);
		expect((outcomes.get('BADNUMBER1')!.error as HttpError).status).toBe(400);
		expect((outcomes.get('BADNUMBER1')!.error as HttpError).message).toContain('TRACKING.TRACKINGNUMBER.INVALID');
	});

	it('text that cannot be a tracking number is refused before any request, naming it', async () => {
		const { resolveCarrier, splitTrackingNumbers } = await import('../../../nodes/lib/connectors/carriers');
		expect(splitTrackingNumbers('1Z999AA10123456784, 794843185271\n 9400111899223197428497')).toEqual([
			'1Z999AA10123456784',
			'794843185271',
			'9400111899223197428497',
		]);
		expect(() => resolveCarrier('PLEASE@SHIP', 'fedex')).toThrow(
			'"PLEASE@SHIP" is not a tracking number (4 to 35 letters and digits)',
		);
		expect(() => resolveCarrier('X'.repeat(500), 'ups')).toThrow(/…" is not a tracking number/);
		expect(() => splitTrackingNumbers([{ a: 1 }])).toThrow(/contains a object/);
	});
});
