/**
 * Issue 17: the customer's self-service requests in the canonical model. Source 'customer', the edit request's
 * outcome fields (all optional, so stored records stay valid), validation that names the field and what to
 * write, and a timeline line that reads well for every outcome.
 */
import {
	EDIT_OUTCOMES,
	reconcile,
	defaultPolicy,
	SOURCES,
	timeline,
	validateObservation,
} from '../../../nodes/lib/order';
import type { EditRequestData, Observation } from '../../../nodes/lib/order';
import { validateOrderRecord } from '../../../nodes/lib/ledger/validate';
import { at, obs } from './arbitraries';

const order = obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
	name: '#1001',
	createdAt: at(0),
	financialStatus: 'PAID',
	fulfillmentStatus: 'UNFULFILLED',
});

function request(h: number, data: Record<string, unknown>, id = 'req-1') {
	return obs('customer', 'edit_request', id, h, {
		field: 'shipping_address',
		requestedAt: at(1),
		applied: false,
		requestId: id,
		...data,
	} as EditRequestData);
}

function errorsOf(o: unknown): string[] {
	const v = validateObservation(o);
	return v.ok ? [] : v.errors;
}

describe('source customer', () => {
	test('is a source, after the others (their order is unchanged)', () => {
		expect(SOURCES[SOURCES.length - 1]).toBe('customer');
		expect(SOURCES.slice(0, 3)).toEqual(['shopify', 'shipstation', 'shipbob']);
		expect(errorsOf(request(1, { outcome: 'approval', reasons: ['country_change'] }))).toEqual([]);
	});

	test('an unknown source still lists customer among the ones to use', () => {
		expect(errorsOf({ ...request(1, {}), source: 'customers' })).toEqual([
			`source: unknown source customers (use one of ${SOURCES.join(', ')})`,
		]);
		expect(SOURCES.join(', ')).toContain('manual, customer');
	});
});

describe('edit request outcome fields', () => {
	test('every field of a full outcome passes', () => {
		const full = request(2, {
			outcome: 'approved',
			applied: true,
			reasons: ['order_value_above_limit'],
			decidedAt: at(2),
			durationMs: 3_600_000,
			decidedBy: 'U024BE7LH',
			beforeShipping: true,
			held: false,
		});
		expect(errorsOf(full)).toEqual([]);
		for (const outcome of EDIT_OUTCOMES) {
			const applied = outcome === 'applied' || outcome === 'approved';
			expect([outcome, errorsOf(request(2, { outcome, applied }))]).toEqual([outcome, []]);
		}
	});

	test('a request recorded before outcomes existed (field, requestedAt, applied) is still valid', () => {
		const old = obs('manual', 'edit_request', 'e1', 1, {
			field: 'cancel',
			requestedAt: at(1),
			applied: false,
			reason: 'changed mind',
		});
		expect(errorsOf(old)).toEqual([]);
	});

	test.each<[string, Record<string, unknown>, string]>([
		[
			'an unknown outcome',
			{ outcome: 'approve' },
			'data.outcome: approve is not one of applied, approval, refused, failed, approved, rejected ' +
				'(how the request ended)',
		],
		['reasons that are not a list', { reasons: 'country_change' }, 'data.reasons: must be a list of decision codes'],
		['an empty reason', { reasons: ['country_change', ''] }, 'data.reasons: must be a list of decision codes'],
		[
			'an unparseable decision time',
			{ decidedAt: 'just now' },
			'data.decidedAt: unparseable time just now (use ISO 8601, e.g. 2026-03-01T14:05:00Z)',
		],
		[
			'a negative duration',
			{ durationMs: -5 },
			'data.durationMs: -5 is not a duration (milliseconds from the request to its outcome, 0 or more)',
		],
		['a duration as text', { durationMs: '5000' }, 'data.durationMs: 5000 is not a duration'],
		['an empty decider', { decidedBy: '' }, 'data.decidedBy:  is not who decided ("self_service" when applied'],
		['a numeric request id', { requestId: 17 }, "data.requestId: 17 is not a request id (the request's id as text"],
		['beforeShipping as text', { applied: true, beforeShipping: 'yes' }, 'data.beforeShipping: must be true or false'],
		['held as a number', { held: 1 }, 'data.held: must be true or false (true when the order was left on hold'],
		[
			'applied outcome, not applied',
			{ outcome: 'applied', applied: false },
			'data.applied: false, but outcome is "applied" (write applied true, or the outcome the request had)',
		],
		[
			'refused, yet applied',
			{ outcome: 'refused', applied: true },
			'data.applied: true, but outcome "refused" means the change was not made (write applied false, or outcome ' +
				'"applied" or "approved")',
		],
		['failed, yet applied', { outcome: 'failed', applied: true }, 'data.applied: true, but outcome "failed"'],
		[
			'shipped-before without the change',
			{ outcome: 'approval', beforeShipping: true },
			'data.beforeShipping: true, but the change was not applied (write false, or leave it out)',
		],
	])('%s is refused, naming the field and what to write', (_name, data, message) => {
		const errors = errorsOf(request(2, data));
		expect(errors.length).toBeGreaterThan(0);
		expect(errors[0].startsWith(message)).toBe(true);
	});

	test('a bad outcome is one item of its batch: the rest is reconciled, the bad one named by its key', () => {
		const bad = request(2, { outcome: 'done' });
		const result = reconcile(null, [order, bad, request(3, { outcome: 'refused' }, 'req-2')], defaultPolicy(), at(4));
		expect(result.rejected).toEqual([
			expect.objectContaining({ key: bad.key, errors: [expect.stringMatching(/^data\.outcome: done is not one of/)] }),
		]);
		expect(result.record.facts!.map((f) => f.slot)).toEqual([
			'customer|edit_request|req-2',
			'shopify|order|gid://shopify/Order/1001',
		]);
	});

	test('a stored record with customer facts passes the ledger; one whose outcome was edited by hand is refused', () => {
		const { record } = reconcile(null, [order, request(2, { outcome: 'approval' })], defaultPolicy(), at(3));
		expect(() => validateOrderRecord(record)).not.toThrow();
		expect(record.lastSeen.customer).toBe(at(2));
		const edited = structuredClone(record);
		const fact = edited.facts!.find((f) => f.source === 'customer')!;
		(fact.data as unknown as Record<string, unknown>).outcome = 'maybe';
		expect(() => validateOrderRecord(edited)).toThrow(/order\.facts\[0\]\.data\.outcome: must be one of applied/);
	});
});

describe('two outcomes of one request at the same instant', () => {
	test('join field by field into a fact the ledger still stores, and the rule reads it without a person', () => {
		// A flow that stamps every outcome with the same time: refused and applied join as {outcome: refused,
		// applied: true} (facts.ts: per field, the value that says more). Each observation alone was valid.
		const refused = request(2, { outcome: 'refused', reasons: ['address_invalid'] });
		const applied = request(2, { outcome: 'applied', applied: true, decidedBy: 'self_service' });
		expect([errorsOf(refused), errorsOf(applied)]).toEqual([[], []]);
		const { record } = reconcile(null, [order, refused, applied], defaultPolicy(), at(3));
		const fact = record.facts!.find((f) => f.source === 'customer')!;
		expect(fact.data).toMatchObject({ outcome: 'refused', applied: true });
		expect(() => validateOrderRecord(record)).not.toThrow();
		expect(record.openExceptionTypes).toEqual([]);
		// The same request's observation with that mix is still refused at the boundary.
		expect(errorsOf(request(2, { outcome: 'refused', applied: true }))[0]).toMatch(/^data\.applied: true, but outcome/);
	});
});

describe('timeline lines for each outcome', () => {
	const cases: Array<[string, Partial<EditRequestData>, string]> = [
		[
			'applied',
			{ outcome: 'applied', applied: true, decidedBy: 'self_service', beforeShipping: true },
			'Customer: asked to change the shipping address: applied automatically before any parcel shipped',
		],
		[
			'approval',
			{ outcome: 'approval', reasons: ['country_change', 'order_value_above_limit'] },
			'Customer: asked to change the shipping address: sent to a person for approval (country change, order value ' +
				'above limit)',
		],
		[
			'refused',
			{ outcome: 'refused', reasons: ['address_invalid'] },
			'Customer: asked to change the shipping address: refused (address invalid)',
		],
		[
			'failed, held',
			{ outcome: 'failed', held: true },
			'Customer: asked to change the shipping address: failed midway: the order is on hold in Shopify for a person',
		],
		[
			'failed, not held',
			{ outcome: 'failed' },
			'Customer: asked to change the shipping address: failed midway: a person must finish it',
		],
		[
			'approved and applied',
			{ outcome: 'approved', applied: true, decidedBy: 'U024BE7LH', beforeShipping: true },
			'Customer: asked to change the shipping address: approved by U024BE7LH and applied before any parcel shipped',
		],
		[
			'rejected',
			{ outcome: 'rejected', decidedBy: 'U024BE7LH' },
			'Customer: asked to change the shipping address: rejected by U024BE7LH',
		],
		[
			'applied after a person approved it',
			{ outcome: 'applied', applied: true, decidedBy: 'U024BE7LH' },
			'Customer: asked to change the shipping address: applied after review by U024BE7LH',
		],
	];
	test.each(cases)('%s', (_name, data, summary) => {
		const [entry] = timeline(null, [request(2, data)]);
		expect(entry).toEqual({
			at: at(2),
			source: 'customer',
			kind: 'edit_request',
			summary,
			ref: expect.any(String),
		});
	});

	test('a cancellation and an item swap say what was asked; old requests keep their line', () => {
		const lines = timeline(null, [
			request(2, { field: 'cancel', outcome: 'approval', reasons: ['warehouse_picking'] }, 'c1'),
			request(3, { field: 'line_items', outcome: 'refused', reasons: ['action_disabled'] }, 's1'),
			obs('manual', 'edit_request', 'e1', 4, { field: 'shipping_address', requestedAt: at(4), applied: false }),
		] as Observation[]).map((e) => e.summary);
		expect(lines).toEqual([
			'Customer: asked to cancel the order: sent to a person for approval (warehouse picking)',
			'Customer: asked to change the items: refused (action disabled)',
			'Manual: customer asked to change shipping address (not applied)',
		]);
	});
});
