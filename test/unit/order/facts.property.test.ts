/**
 * joinFact is a semilattice join (commutative, associative, idempotent) for every field, the issue-12
 * ones included (paidAt, first/last physical scan, first/newest estimate and commitment, since): that is
 * what lets the ledger merge two copies of an order in any order and reconcile fold in any chunks.
 */
import fc from 'fast-check';
import { joinFact, toFact } from '../../../nodes/lib/order';
import type { Observation, OrderFact } from '../../../nodes/lib/order';
import { addFacts, joinedBySlot, mergeHistory, normalHistory, sortedFacts } from '../../../nodes/lib/order/facts';
import { observationArb, observationsArb } from './arbitraries';

const RUNS = { numRuns: Number(process.env.PROP_RUNS ?? 300) };

/** Three observations of one slot, so their facts can be joined. */
const sameSlot = observationArb.chain((o) =>
	fc
		.array(
			observationArb.filter((x) => x.kind === o.kind && x.source === o.source),
			{ minLength: 2, maxLength: 2 },
		)
		.map((more) => [o, ...more.map((m) => ({ ...m, sourceId: o.sourceId, orderKey: o.orderKey }) as Observation)]),
);

/** Equal up to key order (objects such as `since` may be built in another key order). */
const canon = (f: OrderFact) =>
	JSON.parse(
		JSON.stringify(f, (_k, v: unknown) =>
			v && typeof v === 'object' && !Array.isArray(v)
				? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
				: v,
		),
	) as unknown;

describe('joinFact: a semilattice join, issue-12 fields included', () => {
	test('commutative, associative, idempotent', () => {
		fc.assert(
			fc.property(sameSlot, ([x, y, z]) => {
				const [a, b, c] = [toFact(x), toFact(y), toFact(z)];
				expect(canon(joinFact(a, b))).toEqual(canon(joinFact(b, a)));
				expect(canon(joinFact(joinFact(a, b), c))).toEqual(canon(joinFact(a, joinFact(b, c))));
				expect(canon(joinFact(a, { ...a }))).toEqual(canon(a));
				const ab = joinFact(a, b);
				expect(canon(joinFact(ab, b))).toEqual(canon(ab));
			}),
			RUNS,
		);
	});

	test('the first promise survives a later one; the newest stays when a later read has none', () => {
		const base = {
			source: 'ups',
			kind: 'tracking',
			sourceId: '1Z1',
			orderKey: '1001',
			receivedAt: '2026-03-02T14:00:00Z',
		} as const;
		const read = (at: string, estimatedDelivery: string | null) =>
			toFact({
				...base,
				occurredAt: at,
				key: `k${at}`,
				data: { trackingNumber: '1Z1', carrier: 'UPS', status: 'in_transit', rawStatus: 'I', estimatedDelivery },
			} as Observation);
		const joined = [
			read('2026-03-02T15:00:00Z', '2026-03-04'),
			read('2026-03-03T15:00:00Z', '2026-03-06'),
			read('2026-03-04T15:00:00Z', null),
		].reduce(joinFact);
		expect(joined.firstEstimate).toEqual(['2026-03-02T15:00:00.000Z', '2026-03-04']);
		expect(joined.newestEstimate).toEqual(['2026-03-03T15:00:00.000Z', '2026-03-06']);
		expect((joined.data as { estimatedDelivery: string | null }).estimatedDelivery).toBeNull();
	});
});

describe('joinedBySlot: the sort-and-fold reconcile uses gives what the Map of slots gave', () => {
	test('the same facts, byte for byte, short lists and long, repeats included', () => {
		const listArb = observationsArb.chain((list) =>
			fc
				.subarray(list)
				.chain((again) => fc.shuffledSubarray([...list, ...again], { minLength: list.length + again.length })),
		);
		fc.assert(
			fc.property(listArb, (list) => {
				const facts = list.map(toFact);
				const viaMap = sortedFacts(addFacts(new Map(), facts));
				expect(JSON.stringify(joinedBySlot([...facts]))).toBe(JSON.stringify(viaMap));
			}),
			RUNS,
		);
	});
});

describe('normalHistory: the in-place history of a fresh fact is what mergeHistory(list, undefined) gave', () => {
	test('the same entries, sorted, without repeats, the newest kept', () => {
		// Few distinct times and statuses, so repeats and ties are common; up to 30 entries (a long scan list).
		const entryArb = fc.tuple(
			fc.constantFrom('2026-03-01T10:00:00.000Z', '2026-03-01T11:00:00.000Z', '2026-03-02T09:30:00.000Z', ''),
			fc.constantFrom('in_transit', 'delivered', 'pre_transit', 'exception'),
		);
		fc.assert(
			fc.property(fc.array(entryArb, { maxLength: 30 }), (list) => {
				const expected = JSON.stringify(mergeHistory(list, undefined));
				expect(JSON.stringify(normalHistory(list.map((e) => [e[0], e[1]] as [string, string])))).toBe(expected);
			}),
			RUNS,
		);
	});
});
