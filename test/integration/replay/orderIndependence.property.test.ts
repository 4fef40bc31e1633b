/**
 * Order independence, proven over REAL fixtures (issue 15): the observations the product's own triggers and
 * connectors make of the clean-room vendor payloads (test/fixtures/vendor-native, replayed through
 * nodes/lib/replay), delivered in every order fast-check can find, with duplicates, through a ledger that keeps
 * the first event of each key (what pp_events' ON CONFLICT (idempotency_key) DO NOTHING does) and through
 * mergeRecords, give byte-identical records and the same cases.
 *
 * Besides the replayed observations, each scenario's ShipStation shipment listings are normalised directly, once
 * per way ShipStation serves them: the SHIP_NOTIFY resource_url (includeShipmentItems=False, shipmentItems null)
 * and the read with items (what ITEM_SHIP_NOTIFY points at). A redelivery with changed content ("conflict") takes
 * a real observation's key and instant and the data of another real observation of the same slot.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { shipmentToObservation } from '../../../nodes/lib/connectors/shipstation/normalise';
import type { SsShipment } from '../../../nodes/lib/connectors/shipstation/types';
import { mergeRecords, reconcile } from '../../../nodes/lib/order';
import { parsePolicy, type Policy } from '../../../nodes/lib/order/policy';
import type { Observation, OrderRecord } from '../../../nodes/lib/order/types';
import { CORPUS_ROOT, loadScenarios, runScenario } from './corpus';

const RUNS = { numRuns: Number(process.env.PROP_RUNS ?? 25) };

interface Case {
	name: string;
	policy: Policy;
	/** Instants to judge at: every truth instant of the scenario. */
	instants: string[];
	observations: Observation[];
}

const cases: Case[] = [];

/** Byte equality, reported as the first place the two serialisations part (a record is long). */
function expectSameBytes(actual: string, expected: string): void {
	if (actual === expected) return;
	let i = 0;
	while (i < actual.length && actual[i] === expected[i]) i++;
	const from = Math.max(0, i - 200);
	const around = (s: string) => s.slice(from, i + 200);
	throw new Error(`records differ at byte ${i}:\n  got      ...${around(actual)}\n  expected ...${around(expected)}`);
}

/** Every shipment of a scenario's ShipStation listings, as the trigger (or a read) normalises it. */
function shipStationListings(traffic: Array<{ at: string; fixture: string }>): Observation[] {
	const out: Observation[] = [];
	for (const t of traffic) {
		if (!/^shipstation\/(shipments|ship-notify-resource)-/.test(t.fixture)) continue;
		const body = JSON.parse(readFileSync(join(CORPUS_ROOT, t.fixture), 'utf8')) as { shipments?: SsShipment[] };
		for (const s of body.shipments ?? []) out.push(shipmentToObservation(s, new Date(t.at).toISOString()));
	}
	return out;
}

/** The ledger: the first event of a key is kept, a later one with the same key is a duplicate (dropped). */
function firstOfEachKey(arrivals: readonly Observation[]): Observation[] {
	const kept = new Map<string, Observation>();
	for (const o of arrivals) if (!kept.has(o.key)) kept.set(o.key, o);
	return [...kept.values()];
}

function processInChunks(arrivals: Observation[], cuts: number[], policy: Policy, now: string): OrderRecord {
	let record: OrderRecord | null = null;
	let from = 0;
	for (const cut of [...cuts.filter((c) => c > 0 && c < arrivals.length).sort((a, b) => a - b), arrivals.length]) {
		const chunk = arrivals.slice(from, cut);
		from = cut;
		if (chunk.length === 0) continue;
		record = reconcile(record, chunk, policy, now).record;
	}
	return record as OrderRecord;
}

/** The record without its case history: what the facts say (a case opened by an earlier chunk stays in history). */
function factsAndFields(record: OrderRecord): string {
	const rest: Partial<OrderRecord> = { ...record };
	delete rest.exceptions;
	delete rest.openExceptionTypes;
	delete rest.version;
	delete rest.updatedAt;
	return JSON.stringify(rest);
}

/**
 * What is open and why: the types and their current evidence. Not the ids: a case keeps the id (its opening
 * instant) it got when it opened, so a case opened by an earlier batch on less evidence keeps its earlier id
 * (owned cases are never re-keyed), while its evidence is brought up to date.
 */
function openCases(record: OrderRecord): string {
	return JSON.stringify(
		record.exceptions
			.filter((c) => !c.resolvedAt)
			.map((c) => ({ type: c.type, evidence: c.evidence }))
			.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
	);
}

/**
 * Deliveries: every real observation, in any order, some again. With `conflicts`, a repeat may be a redelivery
 * carrying another real read of its slot under the same key and instant (a vendor that changed its answer).
 */
function arrivalsArb(c: Case, conflicts: boolean) {
	const all = c.observations;
	const sameSlot = (o: Observation) =>
		all.filter((x) => x.source === o.source && x.kind === o.kind && x.sourceId === o.sourceId && x !== o);
	const extra = fc.array(
		fc.tuple(fc.nat(all.length - 1), fc.boolean(), fc.nat(50)).map(([i, conflict, pick]): Observation => {
			const o = all[i];
			const siblings = sameSlot(o);
			if (!conflicts || !conflict || siblings.length === 0) return o;
			// The same key and instant, another real read's content: the vendor redelivered with changed data.
			return { ...o, data: siblings[pick % siblings.length].data } as Observation;
		}),
		{ maxLength: 6 },
	);
	return extra.chain((dups) => fc.shuffledSubarray([...all, ...dups], { minLength: all.length + dups.length }));
}

const scenarios = loadScenarios();
const describeOrSkip = scenarios.length ? describe : describe.skip;

describeOrSkip('order independence over the clean-room fixtures', () => {
	jest.setTimeout(120_000);

	beforeAll(async () => {
		for (const s of scenarios) {
			const run = await runScenario(s);
			const replayed = run.result.observations.get(run.orderKey) ?? [];
			// A listing the replay already delivered (same key, same data) is that delivery, not another one.
			const delivered = new Set(replayed.map((o) => `${o.key}|${JSON.stringify(o.data)}`));
			const listings = shipStationListings(s.scenario.traffic).filter(
				(o) => o.orderKey === run.orderKey && !delivered.has(`${o.key}|${JSON.stringify(o.data)}`),
			);
			cases.push({
				name: s.name,
				policy: parsePolicy(s.scenario.policy ?? {}),
				instants: [...new Set(s.scenario.truth.map((t) => new Date(t.at).toISOString()))].sort(),
				observations: [...replayed, ...listings],
			});
		}
	});

	it('has real observations of every scenario to permute (the property below is not vacuous)', () => {
		expect(cases.length).toBe(scenarios.length);
		for (const c of cases) expect(c.observations.length).toBeGreaterThan(3);
		// The SHIP_NOTIFY and the with-items listing of #1001's label are both in the set.
		const ship1001 = cases
			.find((c) => c.name.startsWith('1001'))!
			.observations.filter((o) => o.kind === 'shipment' && o.source === 'shipstation');
		expect(ship1001.some((o) => (o.data as { lines?: unknown }).lines === undefined)).toBe(true);
		expect(ship1001.some((o) => Array.isArray((o.data as { lines?: unknown }).lines))).toBe(true);
	});

	it('reconcile behind a first-wins ledger: any arrival order, duplicates, chunks -> byte-identical record', () => {
		for (const c of cases) {
			for (const now of c.instants) {
				const reference = reconcile(null, firstOfEachKey(c.observations), c.policy, now).record;
				const expected = JSON.stringify(reference);
				fc.assert(
					fc.property(arrivalsArb(c, false), fc.array(fc.nat(40), { maxLength: 3 }), (arrivals, cuts) => {
						const stored = firstOfEachKey(arrivals);
						const whole = reconcile(null, stored, c.policy, now).record;
						expectSameBytes(JSON.stringify(whole), expected);
						const chunked = processInChunks(stored, cuts, c.policy, now);
						expectSameBytes(factsAndFields(chunked), factsAndFields(whole));
						expectSameBytes(openCases(chunked), openCases(whole));
					}),
					RUNS,
				);
			}
		}
	});

	it('reconcile: same-key, same-instant reads with different data give one record whatever their order', () => {
		for (const c of cases) {
			for (const now of c.instants) {
				fc.assert(
					fc.property(arrivalsArb(c, true), fc.array(fc.nat(40), { maxLength: 3 }), (arrivals, cuts) => {
						const expected = JSON.stringify(reconcile(null, arrivals, c.policy, now).record);
						// A delivery seen twice changes nothing, down to the bytes.
						const once = reconcile(null, [...new Set(arrivals)], c.policy, now).record;
						expectSameBytes(JSON.stringify(once), expected);
						const backwards = [...arrivals].reverse();
						expectSameBytes(JSON.stringify(reconcile(null, backwards, c.policy, now).record), expected);
						const chunked = processInChunks(backwards, cuts, c.policy, now);
						expectSameBytes(factsAndFields(chunked), factsAndFields(JSON.parse(expected) as OrderRecord));
						expectSameBytes(openCases(chunked), openCases(JSON.parse(expected) as OrderRecord));
					}),
					RUNS,
				);
			}
		}
	});

	// The batches: the unfulfilled order and the lookups, then the other location's parcel, then the rest.
	it("#1008 in three batches ends with the whole set's open case (a cleared case comes back)", () => {
		// Found by the property above (CI, seed 737309815): the parcel cleared not_sent_to_fulfillment, and the
		// fulfillment orders showing the ShipBob part unsent could not bring it back (a cleared case stayed closed).
		const c = cases.find((x) => x.name.startsWith('1008'))!;
		const now = c.instants[c.instants.length - 1];
		const unfulfilled = (o: Observation) =>
			(o.data as { fulfillmentStatus?: string }).fulfillmentStatus === 'UNFULFILLED';
		const isFirst = (o: Observation) =>
			(o.source === 'shopify' && o.kind === 'order' && unfulfilled(o)) || o.kind === 'lookup';
		const isSecond = (o: Observation) => o.source === 'shopify' && o.kind === 'shipment';
		const batches = [
			c.observations.filter(isFirst),
			c.observations.filter(isSecond),
			c.observations.filter((o) => !isFirst(o) && !isSecond(o)),
		];
		let record: OrderRecord | null = null;
		const openAfter: string[][] = [];
		for (const batch of batches) {
			record = reconcile(record, batch, c.policy, now).record;
			openAfter.push(record.openExceptionTypes);
		}
		// The middle batch did clear it: otherwise this would not test the way back.
		expect(openAfter).toEqual([['not_sent_to_fulfillment'], [], ['not_sent_to_fulfillment']]);
		const whole = reconcile(null, c.observations, c.policy, now).record;
		expectSameBytes(openCases(record!), openCases(whole));
	});

	it('mergeRecords: two workers holding any two parts give one record, in either order, equal to the whole', () => {
		for (const c of cases) {
			const now = c.instants[c.instants.length - 1];
			fc.assert(
				fc.property(
					arrivalsArb(c, true),
					fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
					(arrivals, side) => {
						// Two workers may each hold a different version of one key: merging must not depend on who holds which.
						const stored = arrivals;
						// Each worker has some of the events; every event is with at least one of them.
						const a = stored.filter((_, i) => side[i % side.length] || i % 7 === 0);
						const b = stored.filter((_, i) => !side[i % side.length] || i % 7 === 0);
						const ra = reconcile(null, a.length ? a : stored, c.policy, now).record;
						const rb = reconcile(null, b.length ? b : stored, c.policy, now).record;
						const whole = reconcile(null, stored, c.policy, now).record;
						const ab = mergeRecords(ra, rb);
						expectSameBytes(JSON.stringify(ab), JSON.stringify(mergeRecords(rb, ra)));
						expectSameBytes(JSON.stringify(mergeRecords(ab, ra)), JSON.stringify(ab));
						// The merged evidence is the whole evidence: the facts, and every field derived from them.
						expectSameBytes(factsAndFields(ab), factsAndFields(whole));
						// Judged again at the same instant, the merged record has the whole set's open cases.
						expectSameBytes(openCases(reconcile(ab, [], c.policy, now).record), openCases(whole));
					},
				),
				RUNS,
			);
		}
	});
});
