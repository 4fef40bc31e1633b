/**
 * A request races the warehouse's pick: the flow re-reads the warehouse right before committing the change,
 * and the customer is shown exactly one outcome, the one stillApplies returns.
 */
import type { FulfillmentStatus } from '../../../nodes/lib/order';
import {
	decideRequest,
	defaultSelfServiceRules,
	editWindow,
	stillApplies,
	type Decision,
	type LiveStatus,
} from '../../../nodes/lib/selfservice';
import { after, record } from './records';

const rules = defaultSelfServiceRules();
const live = (status: LiveStatus['status'], minutes: number): LiveStatus => ({ status, observedAt: after(minutes) });

function applied(windowRules = rules): Decision {
	const window = editWindow(record(), windowRules, live('received', 10), after(10));
	const decision = decideRequest({ kind: 'cancel' }, record(), window, windowRules);
	expect(decision.outcome).toBe('apply');
	return decision;
}

describe('stillApplies: an apply', () => {
	it.each<[LiveStatus['status'], Decision['outcome'], string[] | null]>([
		['not_found', 'apply', null],
		['received', 'apply', null],
		['processing', 'approval', ['warehouse_picking']],
		['picked', 'approval', ['warehouse_picking']],
		['packed', 'approval', ['warehouse_picking']],
		['on_hold', 'approval', ['on_hold']],
		['exception', 'approval', ['warehouse_exception']],
		['cancelled', 'approval', ['warehouse_cancelled']],
		['unknown', 'approval', ['warehouse_unknown']],
		['shipped', 'refuse', ['shipped']],
		['partially_shipped', 'refuse', ['shipped']],
	])('re-read says %s: %s', (status, outcome, reasons) => {
		const decision = applied();
		const check = stillApplies(decision, live(status, 10.5));
		expect(check.holds).toBe(reasons === null);
		expect(check.decision.outcome).toBe(outcome);
		if (reasons === null) expect(check.decision).toBe(decision);
		else
			expect(check.decision).toEqual<Decision>({
				outcome,
				reasons: reasons as Decision['reasons'],
				requires: null,
				observedAt: after(10),
			});
	});

	it('picking seen one second after the decision’s read wins the race; received one second after keeps it', () => {
		const decision = applied();
		expect(stillApplies(decision, live('picked', 10 + 1 / 60)).decision.outcome).toBe('approval');
		expect(stillApplies(decision, live('received', 10 + 1 / 60)).holds).toBe(true);
		// The same instant as the decision's read counts as a re-read.
		expect(stillApplies(decision, live('received', 10)).holds).toBe(true);
	});

	it('does not hold when the warehouse could not be re-read, or the "re-read" is older than the first read', () => {
		const decision = applied();
		expect(stillApplies(decision, null)).toEqual({
			holds: false,
			decision: { outcome: 'approval', reasons: ['warehouse_unknown'], requires: null, observedAt: after(10) },
		});
		expect(stillApplies(decision, live('received', 10 - 1 / 60)).decision.reasons).toEqual(['warehouse_unknown']);
		expect(stillApplies(decision, { status: 'received', observedAt: 'now' }).decision.reasons).toEqual([
			'warehouse_unknown',
		]);
	});

	it('with the time rule alone, picking does not overtake it (the store lets orders change while picked)', () => {
		const decision = applied({ ...rules, windowUntilPicking: false });
		expect(decision.requires).toBe('warehouse_not_shipped');
		for (const status of ['processing', 'picked', 'packed'] as FulfillmentStatus[])
			expect(stillApplies(decision, live(status, 11)).holds).toBe(true);
		expect(stillApplies(decision, live('shipped', 11)).decision.outcome).toBe('refuse');
		expect(stillApplies(decision, live('on_hold', 11)).decision.outcome).toBe('approval');
	});
});

describe('stillApplies: approvals and refusals', () => {
	const approval: Decision = {
		outcome: 'approval',
		reasons: ['warehouse_picking'],
		requires: null,
		observedAt: after(10),
	};
	const refusal: Decision = { outcome: 'refuse', reasons: ['action_disabled'], requires: null, observedAt: after(10) };

	it('an approval holds unless the order shipped meanwhile, which makes it a refusal', () => {
		for (const status of ['received', 'picked', 'on_hold', 'cancelled', 'unknown'] as FulfillmentStatus[])
			expect(stillApplies(approval, live(status, 11))).toEqual({ holds: true, decision: approval });
		expect(stillApplies(approval, null)).toEqual({ holds: true, decision: approval });
		expect(stillApplies(approval, live('shipped', 11))).toEqual({
			holds: false,
			decision: { outcome: 'refuse', reasons: ['shipped'], requires: null, observedAt: after(10) },
		});
	});

	it('a refusal always holds', () => {
		for (const liveAfter of [null, live('received', 11), live('shipped', 11)])
			expect(stillApplies(refusal, liveAfter)).toEqual({ holds: true, decision: refusal });
	});

	it('gives exactly one outcome for every re-read (the page never shows two)', () => {
		const decision = applied();
		const statuses: Array<LiveStatus['status']> = [
			'not_found',
			'received',
			'processing',
			'picked',
			'packed',
			'shipped',
			'partially_shipped',
			'on_hold',
			'cancelled',
			'exception',
			'unknown',
		];
		for (const status of statuses) {
			const { holds, decision: shown } = stillApplies(decision, live(status, 11));
			expect(['apply', 'approval', 'refuse']).toContain(shown.outcome);
			expect(holds).toBe(shown === decision);
			expect(shown.outcome === 'apply').toBe(holds);
		}
	});
});
