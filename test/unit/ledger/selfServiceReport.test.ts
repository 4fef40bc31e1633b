/**
 * Issue 17: the self-service report, pure. Each request counted once by its newest outcome, the self-service rate
 * (applied without a person / requests that reached an outcome), address fixes before shipping, median and p90
 * time to an outcome, rolling week buckets by when the request was asked.
 */
import { selfServiceReport, selfServiceWindowStart } from '../../../nodes/lib/ledger';
import type { EditOutcome, EditRequestData, Observation } from '../../../nodes/lib/order';
import { at, obs } from '../order/arbitraries';

const DAY = 24;
/** now: day 21 after T0, so three weeks cover days 0-7, 7-14, 14-21. */
const NOW = at(21 * DAY);
const MIN = 60_000;

/** One outcome of request `id`, asked at hour `asked`, reached at hour `h`. */
function outcome(
	id: string,
	asked: number,
	h: number,
	what: EditOutcome | undefined,
	extra: Partial<EditRequestData> = {},
): Observation<'edit_request'> {
	return obs('customer', 'edit_request', id, h, {
		field: 'shipping_address',
		requestedAt: at(asked),
		applied: what === 'applied' || what === 'approved',
		requestId: id,
		outcome: what,
		decidedAt: at(h),
		decidedBy: what === 'applied' ? 'self_service' : null,
		...extra,
	} as EditRequestData);
}

/** As the ledger stores it: one event per outcome, the observation in payload.observations. */
function event(o: Observation) {
	return {
		key: `customer:${o.sourceId}:${(o.data as EditRequestData).outcome}`,
		source: 'customer',
		topic: 'self_service/address_change',
		orderKey: o.orderKey,
		payload: { observations: [o] },
	};
}

describe('selfServiceReport', () => {
	test('counts each request once, by its newest outcome: approval then approved is one approved request', () => {
		const report = selfServiceReport(
			[
				outcome('r1', 24, 24.01, 'approval', { reasons: ['country_change'] }),
				outcome('r1', 24, 26, 'approved', { decidedBy: 'U024BE7LH' }),
			],
			NOW,
			3,
		);
		expect(report.total).toMatchObject({
			requests: 1,
			decided: 1,
			byOutcome: { approved: 1 },
			byKind: { shipping_address: 1 },
			selfService: 0,
			selfServicePct: 0,
		});
		// Its time to an outcome is the newest one's: 2 h from the request to the approval.
		expect(report.total.timeToOutcomeMs).toEqual({ count: 1, median: 2 * 3600_000, p90: 2 * 3600_000 });
	});

	test('the self-service rate: applied without a person over every request that reached an outcome', () => {
		const report = selfServiceReport(
			[
				outcome('a1', 10, 10, 'applied', { beforeShipping: true }),
				outcome('a2', 30, 30, 'applied'),
				outcome('a3', 50, 50, 'applied', { field: 'cancel' }),
				// Approved after review: not self-service.
				outcome('p1', 60, 60, 'approval'),
				outcome('p1', 60, 70, 'approved'),
				// Failed midway, then applied by a person: applied, but not self-service.
				outcome('f1', 80, 80, 'failed', { held: true }),
				outcome('f1', 80, 90, 'applied', { decidedBy: 'U024BE7LH' }),
				outcome('x1', 100, 100, 'refused', { reasons: ['address_invalid'] }),
				outcome('w1', 110, 110, 'approval'),
				outcome('j1', 120, 120, 'approval'),
				outcome('j1', 120, 125, 'rejected', { decidedBy: 'U024BE7LH' }),
			],
			NOW,
			3,
		);
		// 8 requests, 3 of them applied without a person: 37.5%.
		expect(report.total).toMatchObject({
			requests: 8,
			decided: 8,
			byOutcome: { applied: 4, approved: 1, refused: 1, approval: 1, rejected: 1 },
			byKind: { shipping_address: 7, cancel: 1 },
			selfService: 3,
			selfServicePct: 37.5,
		});
		expect(Object.values(report.total.byOutcome).reduce((a, b) => a + (b ?? 0), 0)).toBe(8);
	});

	test('address fixes before shipping: applied address changes with beforeShipping, nothing else', () => {
		const report = selfServiceReport(
			[
				outcome('a1', 10, 10, 'applied', { beforeShipping: true }),
				outcome('a2', 11, 11, 'applied', { beforeShipping: false }),
				outcome('a3', 12, 12, 'applied'),
				outcome('c1', 13, 13, 'applied', { field: 'cancel', beforeShipping: true }),
				outcome('p1', 14, 14, 'approval'),
				outcome('p1', 14, 20, 'approved', { beforeShipping: true, decidedBy: 'U024BE7LH' }),
			],
			NOW,
			3,
		);
		expect(report.total.addressFixesBeforeShipping).toBe(2);
	});

	test('median and p90 time to an outcome: durationMs, else decidedAt, else when the outcome happened', () => {
		const report = selfServiceReport(
			[
				outcome('d1', 10, 10, 'applied', { durationMs: 1_000 }),
				outcome('d2', 11, 11, 'applied', { durationMs: 3_000 }),
				outcome('d3', 12, 12, 'applied', { durationMs: 5_000 }),
				// No durationMs: decidedAt minus requestedAt (6 min).
				outcome('d4', 13, 13.1, 'refused'),
				// Neither: the observation's occurredAt (30 min).
				outcome('d5', 14, 14.5, 'approval', { decidedAt: null }),
			],
			NOW,
			3,
		);
		// 1 s, 3 s, 5 s, 6 min, 30 min: median 5 s; p90 (nearest rank: 5th of 5) 30 min.
		expect(report.total.timeToOutcomeMs).toEqual({ count: 5, median: 5_000, p90: 30 * MIN });
	});

	test('rolling week buckets by when the request was asked; requests outside the window are left out', () => {
		const report = selfServiceReport(
			[
				// Asked before the window (day -1): not counted, although its approval is inside it.
				outcome('old', -DAY, -DAY, 'approval'),
				outcome('old', -DAY, 2 * DAY, 'approved'),
				outcome('w1a', 2 * DAY, 2 * DAY, 'applied'),
				outcome('w2a', 8 * DAY, 8 * DAY, 'applied'),
				outcome('w2b', 13 * DAY, 13 * DAY, 'approval'),
				// Asked in week 2, decided in week 3: counted in week 2, the week it was asked.
				outcome('w2b', 13 * DAY, 15 * DAY, 'rejected'),
				outcome('w3a', 20 * DAY, 20 * DAY, 'refused'),
				// Its rejection happens after now: the report as of now still sees it waiting for approval.
				outcome('w3b', 20.5 * DAY, 20.5 * DAY, 'approval'),
				outcome('w3b', 20.5 * DAY, 22 * DAY, 'rejected'),
			],
			NOW,
			3,
		);
		expect(report.windowStart).toBe(at(0));
		expect(report.windowStart).toBe(selfServiceWindowStart(NOW, 3));
		expect(report.trend.map((w) => [w.weekStart, w.weekEnd])).toEqual([
			[at(0), at(7 * DAY)],
			[at(7 * DAY), at(14 * DAY)],
			[at(14 * DAY), at(21 * DAY)],
		]);
		expect(report.trend.map((w) => w.requests)).toEqual([1, 2, 2]);
		expect(report.trend.map((w) => w.byOutcome)).toEqual([
			{ applied: 1 },
			{ applied: 1, rejected: 1 },
			{ refused: 1, approval: 1 },
		]);
		expect(report.trend.map((w) => w.selfServicePct)).toEqual([100, 50, 0]);
		expect(report.total.requests).toBe(5);
	});

	test('reads ledger events, counts only source customer, names nothing twice, whatever the input order', () => {
		const own = [
			outcome('r1', 10, 10, 'approval'),
			outcome('r1', 10, 12, 'approved'),
			outcome('r2', 11, 11, 'applied', { beforeShipping: true }),
		];
		const manual = obs('manual', 'edit_request', 'm1', 10, {
			field: 'shipping_address',
			requestedAt: at(10),
			applied: false,
		});
		const other1002 = { ...outcome('r1', 10, 10, 'refused'), orderKey: '1002', key: 'k-1002' };
		const bad = {
			...outcome('r3', 10, 10, 'applied'),
			data: { ...outcome('r3', 10, 10, 'applied').data, outcome: 'ok' },
		};
		const events = [
			...own.map(event),
			event(own[1]), // delivered twice
			event(manual),
			event(other1002),
			event(bad as Observation),
			{ key: 'noise', source: 'customer', payload: { note: 'not an observation' } },
			{ key: 'empty', source: 'customer', payload: null },
		];
		const report = selfServiceReport(events, NOW, 3);
		expect(report.total).toMatchObject({
			requests: 3,
			byOutcome: { approved: 1, applied: 1, refused: 1 },
			selfService: 1,
			addressFixesBeforeShipping: 1,
		});
		expect(report.invalidObservations).toBe(1);
		expect(selfServiceReport([...events].reverse(), NOW, 3)).toEqual(report);
		// Observations given directly read the same as the events that carry them.
		expect(selfServiceReport([...own, own[1], manual, other1002, bad], NOW, 3)).toEqual(report);
	});

	test('nothing asked: zero counts, no rate, no durations, every week present', () => {
		const report = selfServiceReport([], NOW, 2);
		expect(report.total).toEqual({
			requests: 0,
			byKind: {},
			byOutcome: {},
			decided: 0,
			selfService: 0,
			selfServicePct: null,
			addressFixesBeforeShipping: 0,
			timeToOutcomeMs: { count: 0, median: null, p90: null },
		});
		expect(report.trend).toHaveLength(2);
		expect(report).toMatchObject({ now: NOW, weeks: 2, invalidObservations: 0 });
	});

	test('a request recorded without an outcome counts as a request, not in the rate', () => {
		const report = selfServiceReport([outcome('n1', 10, 10, undefined), outcome('a1', 11, 11, 'applied')], NOW, 3);
		expect(report.total).toMatchObject({ requests: 2, decided: 1, selfService: 1, selfServicePct: 100 });
	});
});
