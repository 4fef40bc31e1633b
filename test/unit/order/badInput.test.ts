/**
 * Bad input is rejected per item with an error that names the field; the rest of the batch is
 * reconciled and nothing is lost.
 */
import {
	defaultPolicy,
	parsePolicy,
	PolicyError,
	reconcile,
	ReconcileInputError,
	validateObservation,
} from '../../../nodes/lib/order';
import { at, obs } from './arbitraries';

const good = [
	obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
		name: '#1001',
		createdAt: at(0),
		financialStatus: 'PAID',
		fulfillmentStatus: 'UNFULFILLED',
	}),
	obs('shipstation', 'fulfillment', 'ss-1', 1, { status: 'processing', rawStatus: 'awaiting_shipment' }),
	obs('shipstation', 'shipment', 'sh-1', 5, {
		shipmentId: 'sh-1',
		trackingNumber: '1Z1',
		carrier: 'UPS',
		shippedAt: at(5),
	}),
];

function without(o: object, field: string): object {
	const copy: Record<string, unknown> = { ...o };
	delete copy[field];
	return copy;
}

describe('validateObservation names the field', () => {
	test.each([
		['missing field', without(good[0], 'occurredAt'), 'occurredAt: missing'],
		['missing key', without(good[0], 'key'), 'key: missing'],
		['unknown source', { ...good[0], source: 'amazon' }, 'source: unknown source amazon'],
		[
			'unparseable time',
			{ ...good[0], occurredAt: 'yesterday afternoon' },
			'occurredAt: unparseable time yesterday afternoon',
		],
		['wrong kind', { ...good[0], kind: 'invoice' }, 'kind: wrong kind invoice'],
		['missing data', without(good[0], 'data'), 'data: missing'],
		['kind-specific field', { ...good[2], data: { trackingNumber: '1Z1' } }, 'data.shipmentId: missing'],
		[
			'status outside the contract',
			{ ...good[1], data: { status: 'lost', rawStatus: 'lost' } },
			'data.status: lost is not one of',
		],
		[
			'nested time',
			{ ...good[0], data: { ...good[0].data, createdAt: '31/02/2026' } },
			'data.createdAt: unparseable time',
		],
		['non-string id', { ...good[0], sourceId: 42 }, 'sourceId: must be a string'],
		['not an object', 'hello', 'observation: must be an object'],
		[
			'tracking event time',
			{
				...obs('ups', 'tracking', '1Z1', 3, {
					trackingNumber: '1Z1',
					carrier: 'UPS',
					status: 'in_transit',
					rawStatus: 'I',
					events: [{ at: 'soon', status: 'in_transit' }],
				}),
			},
			'data.events[0].at: unparseable time',
		],
	])('%s', (_name, input, expected) => {
		const r = validateObservation(input);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join('\n')).toContain(expected);
	});

	test('a huge payload is rejected without walking all of it', () => {
		const huge = { ...good[0], data: { ...good[0].data, note: 'x'.repeat(300 * 1024) } };
		const r = validateObservation(huge);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors[0]).toMatch(/^data: payload over the size limit of 262144 bytes/);
		const deep: Record<string, unknown> = {};
		let cursor = deep;
		for (let i = 0; i < 100; i++) cursor = cursor.next = {} as Record<string, unknown>;
		const r2 = validateObservation({ ...good[0], data: { ...good[0].data, deep } });
		expect(r2.ok).toBe(false);
	});

	test('valid observations pass unchanged', () => {
		for (const o of good) expect(validateObservation(o)).toEqual({ ok: true, value: o });
	});
});

describe('reconcile with a batch containing bad items', () => {
	test('each bad item is rejected with its index and key; the rest is reconciled', () => {
		const batch: unknown[] = [
			good[0],
			without({ ...good[1], key: 'bad-missing' }, 'occurredAt'),
			good[1],
			{ ...good[2], key: 'bad-source', source: 'acme-3pl' },
			{ ...good[2], key: 'bad-time', occurredAt: 'not a time' },
			{ ...good[2], key: 'bad-huge', data: { ...good[2].data, blob: 'y'.repeat(300 * 1024) } },
			{ ...good[2], key: 'other-order', orderKey: '9999' },
			good[2],
		];
		const r = reconcile(null, batch, defaultPolicy(), at(3));
		expect(r.rejected.map((x) => [x.index, x.key])).toEqual([
			[1, 'bad-missing'],
			[3, 'bad-source'],
			[4, 'bad-time'],
			[5, 'bad-huge'],
			[6, 'other-order'],
		]);
		expect(r.rejected[0].errors).toEqual(['occurredAt: missing (required, an ISO 8601 time)']);
		expect(r.rejected[1].errors[0]).toMatch(/^source: unknown source acme-3pl/);
		expect(r.rejected[2].errors[0]).toMatch(/^occurredAt: unparseable time/);
		expect(r.rejected[3].errors[0]).toMatch(/^data: payload over the size limit/);
		expect(r.rejected[4].errors[0]).toMatch(/^orderKey: "9999" belongs to another order/);
		// Nothing valid was lost: the record is exactly what the good items alone give.
		expect(r.record).toEqual(reconcile(null, good, defaultPolicy(), at(3)).record);
		expect(r.record.stage).toBe('shipped');
	});

	test('the size limit comes from the policy', () => {
		const bulky = { ...good[2], key: 'bulky', data: { ...good[2].data, note: 'z'.repeat(2000) } };
		const r = reconcile(null, [...good, bulky], parsePolicy({ maxObservationBytes: 1000 }), at(3));
		expect(r.rejected.map((x) => x.key)).toEqual(['bulky']);
		expect(r.rejected[0].errors[0]).toContain('size limit of 1000 bytes');
		expect(reconcile(null, [...good, bulky], defaultPolicy(), at(3)).rejected).toEqual([]);
	});

	test('nothing to reconcile: a clear error that keeps the rejected items', () => {
		expect(() => reconcile(null, [], defaultPolicy(), at(3))).toThrow(/no previous record and no observations/);
		try {
			reconcile(null, [{ source: 'x' }], defaultPolicy(), at(3));
			throw new Error('expected a ReconcileInputError');
		} catch (e) {
			expect(e).toBeInstanceOf(ReconcileInputError);
			expect((e as ReconcileInputError).rejected[0].errors[0]).toMatch(/^source: unknown source x/);
		}
		expect(() => reconcile(null, good, defaultPolicy(), 'tomorrow')).toThrow(/now: unparseable time "tomorrow"/);
	});
});

describe('parsePolicy', () => {
	test('fills defaults and accepts canvas-style strings', () => {
		const p = parsePolicy({
			timeZone: 'Europe/London',
			businessDays: '1,2,3,4,5,6',
			holidays: '2026-12-25, 2026-12-26',
			thresholds: { fulfillmentStuckHours: '24' },
		});
		expect(p.timeZone).toBe('Europe/London');
		expect(p.businessDays).toEqual([1, 2, 3, 4, 5, 6]);
		expect(p.holidays).toEqual(['2026-12-25', '2026-12-26']);
		expect(p.thresholds.fulfillmentStuckHours).toBe(24);
		expect(p.thresholds.notSentToFulfillmentHours).toBe(defaultPolicy().thresholds.notSentToFulfillmentHours);
	});

	test('every bad field is named with what to write instead', () => {
		try {
			parsePolicy({
				timeZone: 'Mars/Olympus',
				businessHours: { start: '9am', end: '17:00' },
				holidays: ['Christmas'],
				thresholds: { trackingStalledHours: -1 },
				businessDays: 'funday',
				severity: { late: 'high' },
			});
			throw new Error('expected a PolicyError');
		} catch (e) {
			expect(e).toBeInstanceOf(PolicyError);
			const errors = (e as PolicyError).errors.join('\n');
			expect(errors).toContain('timeZone: "Mars/Olympus" is not a time zone');
			expect(errors).toContain('businessHours.start: "9am" is not a time (use HH:mm');
			expect(errors).toContain('holidays: "Christmas" is not a date (use YYYY-MM-DD)');
			expect(errors).toContain('thresholds.trackingStalledHours: must be a number of 0 or more');
			expect(errors).toContain('businessDays: "funday" is not a weekday');
			expect(errors).toContain('severity.late: unknown exception type');
		}
	});
});

describe('hostile strings', () => {
	test('carrier names, order keys and event names from input cannot reach object internals or stall the engine', () => {
		const weird = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
		const list = [
			obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
				name: '#1001 <script>alert(1)</script>',
				createdAt: at(0),
				financialStatus: 'PAID',
				fulfillmentStatus: 'UNFULFILLED',
			}),
			...weird.map((carrier, i) =>
				obs('shipstation', 'shipment', `s${i}`, 1, { shipmentId: `s${i}`, trackingNumber: `TN${i}`, carrier }),
			),
			...weird.map((carrier, i) =>
				obs('ups', 'tracking', `TN${i}`, 2, {
					trackingNumber: `TN${i}`,
					carrier,
					status: 'in_transit',
					rawStatus: carrier,
					lastEventAt: at(2),
				}),
			),
			obs('klaviyo', 'notification', 'n1', 3, { event: '__proto__', uniqueId: 'n1', sentAt: at(3) }),
		];
		// Judged without the confirming re-read, so the stall opens on these facts alone.
		const r = reconcile(null, list, parsePolicy({ confirmBeforeOpening: false }), at(100));
		expect(r.rejected).toEqual([]);
		// Unknown carriers use the default stall limit (24 business hours): all four parcels are stalled.
		const stalled = r.record.exceptions.find((c) => c.type === 'tracking_stalled');
		expect(
			(stalled?.evidence.parcels as Array<{ limitBusinessHours: number }>).map((p) => p.limitBusinessHours),
		).toEqual([24, 24, 24, 24]);
		expect(r.record.notifications.map((n) => n.event)).toEqual(['__proto__']);
		expect(Object.getPrototypeOf(defaultPolicy().carrierStallHours)).toBe(Object.prototype);
	});

	test('a policy cannot name a carrier that would touch object internals', () => {
		expect(() => parsePolicy({ carrierStallHours: JSON.parse('{"__proto__": 5}') })).toThrow(
			/carrierStallHours: "__proto__" is not a carrier name/,
		);
	});
});

describe('issue 12 fields', () => {
	test('a date-only ship date must be a date, a direction outbound or return, a commitment a date or time', () => {
		const bad = obs('shipstation', 'shipment', 's1', 1, {
			shipmentId: 's1',
			shippedOn: '03/02/2026',
			direction: 'sideways' as 'return',
		});
		const r = validateObservation(bad);
		expect(r.ok).toBe(false);
		expect(r.ok ? [] : r.errors).toEqual([
			"data.shippedOn: 03/02/2026 is not a date (the warehouse's local date as YYYY-MM-DD; put an instant in " +
				'shippedAt)',
			'data.direction: sideways is not one of outbound, return',
		]);
		expect(
			validateObservation(
				obs('shipstation', 'shipment', 's1', 1, { shipmentId: 's1', shippedOn: '2026-03-02', direction: 'return' }),
			).ok,
		).toBe(true);
		const t = validateObservation(
			obs('fedex', 'tracking', '7', 1, {
				trackingNumber: '7',
				carrier: 'FedEx',
				status: 'in_transit',
				rawStatus: 'IT',
				commitment: 'soon',
			}),
		);
		expect(t.ok ? [] : t.errors).toEqual([expect.stringMatching(/^data\.commitment: unparseable time soon/)]);
	});
});
