/**
 * What Upsert Order records for a Reconcile item besides its record: each opened case mapped as Open Exception
 * maps it, each resolved case with its own resolution (else 'cleared'), and lists that are not lists refused by
 * name.
 */
import { CaseListError, casesToRecord } from '../../../nodes/lib/pipeline';
import { exceptionCase, NOW, record } from './fixtures';

const stalled = { ...exceptionCase('tracking_stalled'), severity: 'high', evidence: { trackingNumber: '1Z1' } };
const stuck = exceptionCase('fulfillment_stuck');

describe('casesToRecord', () => {
	it('opens every case of `opened` with its own id, order, type, severity, openedAt and evidence', () => {
		const plan = casesToRecord({ record: record(), opened: [stalled, stuck], resolved: [] });
		expect(plan.resolve).toEqual([]);
		expect(plan.open).toEqual([
			{
				id: '1001:tracking_stalled',
				orderKey: '1001',
				type: 'tracking_stalled',
				severity: 'high',
				openedAt: NOW,
				evidence: { trackingNumber: '1Z1' },
				owner: null,
			},
			{
				id: '1001:fulfillment_stuck',
				orderKey: '1001',
				type: 'fulfillment_stuck',
				severity: 'medium',
				openedAt: NOW,
				evidence: {},
				owner: null,
			},
		]);
	});

	it("resolves every case of `resolved` with the case's resolution, 'cleared' when it has none", () => {
		const cleared = { ...stuck, resolvedAt: NOW, resolution: 'cleared' };
		const duplicate = { ...stalled, id: '1001:tracking_stalled:2', resolvedAt: NOW, resolution: 'duplicate of x' };
		const bare = { ...exceptionCase('delivery_late'), owner: 'ana' };
		const plan = casesToRecord({ record: record(), opened: [], resolved: [cleared, duplicate, bare] });
		expect(plan.open).toEqual([]);
		expect(plan.resolve.map((c) => [c.id, c.resolution])).toEqual([
			['1001:fulfillment_stuck', 'cleared'],
			['1001:tracking_stalled:2', 'duplicate of x'],
			['1001:delivery_late', 'cleared'],
		]);
		// Ready to be opened first should the ledger not have it, as Open Exception would (its owner kept).
		expect(plan.resolve[2].asOpened).toEqual({
			id: '1001:delivery_late',
			orderKey: '1001',
			type: 'delivery_late',
			severity: 'medium',
			openedAt: NOW,
			evidence: {},
			owner: 'ana',
		});
	});

	it("a case without an order key or openedAt takes the record's order and leaves the time to the ledger", () => {
		const loose: Record<string, unknown> = { ...stuck };
		for (const field of ['orderKey', 'openedAt', 'evidence']) delete loose[field];
		const plan = casesToRecord({ record: record({ orderKey: '2002' }), opened: [loose], resolved: [] });
		expect(plan.open[0]).toMatchObject({ orderKey: '2002', openedAt: null, evidence: {} });
	});

	it('missing lists record nothing', () => {
		expect(casesToRecord({ record: record() })).toEqual({ open: [], resolve: [] });
	});

	it.each([
		['not a list', { opened: 'x', resolved: [] }, 'opened', '"opened" is not a list of cases'],
		['not a case', { opened: [], resolved: [stuck, null] }, 'resolved', '"resolved" entry 2 is not a case'],
		['no id', { opened: [{ ...stuck, id: ' ' }], resolved: [] }, 'opened', '"opened" entry 1 has no id'],
	])('refuses a list with %s, naming the list and the entry', (_what, lists, field, message) => {
		let thrown: unknown;
		try {
			casesToRecord({ record: record(), ...lists });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(CaseListError);
		expect(thrown).toMatchObject({ field, message });
	});
});
