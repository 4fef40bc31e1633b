/** Which order a parcel belongs to: the pure rules behind Append Event and Claim Batch for carrier pushes. */
import fc from 'fast-check';

import { normaliseTrackingNumber } from '../../../nodes/lib/order';
import {
	matchParcelEvents,
	matchParcels,
	observationsIn,
	ordersByNumber,
	parcelNumbersOf,
	parcelOfStored,
	recordTrackingNumbers,
	trackingLinksOf,
	withOrderKey,
} from '../../../nodes/lib/ledger/parcels';
import { delivered, pushEvent, shipped, upsPushItem } from '../../integration/ledger/fixtures';

describe('parcelNumbersOf: which events must be matched by tracking number', () => {
	it('a push (tracking observations, no order) is matched by its number, normalised as the engine does', () => {
		const item = upsPushItem('1z a8v2-6903 4815 0728');
		expect(parcelNumbersOf(pushEvent(item))).toEqual(['1ZA8V2690348150728']);
	});

	it("any spelling gives the engine's normalised number", () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[0-9A-Za-z][0-9A-Za-z -]{0,30}$/), (raw) => {
				const obs = { ...delivered('', 1, raw), orderKey: '' };
				const expected = normaliseTrackingNumber(raw);
				expect(parcelNumbersOf({ orderKey: null, payload: { observations: [obs] } })).toEqual(
					expected ? [expected] : [],
				);
			}),
		);
	});

	it('an event that names its order, or observations that name one, or other kinds, are left alone', () => {
		const obs = { ...delivered('', 1, '1ZX'), orderKey: '' };
		expect(parcelNumbersOf({ orderKey: '1001', payload: { observations: [obs] } })).toEqual([]);
		expect(parcelNumbersOf({ orderKey: null, payload: { observations: [delivered('1001', 1, '1ZX')] } })).toEqual([]);
		expect(
			parcelNumbersOf({ orderKey: null, payload: { observations: [{ ...shipped('', 1, '1ZX'), orderKey: '' }] } }),
		).toEqual([]);
		expect(parcelNumbersOf({ orderKey: null, payload: 'not an object' })).toEqual([]);
		expect(
			parcelNumbersOf({
				orderKey: null,
				payload: { observations: [null, 3, { kind: 'tracking', orderKey: '', data: { trackingNumber: 42 } }] },
			}),
		).toEqual([]);
	});

	it('reads observations as the event processor does: observations, else observation, else the payload itself', () => {
		const obs = { ...delivered('', 1, '1ZONE'), orderKey: '' };
		expect(observationsIn({ observations: [obs], observation: { other: true } })).toEqual([obs]);
		expect(observationsIn({ observation: obs })).toEqual([obs]);
		expect(observationsIn(obs)).toEqual([obs]);
		expect(observationsIn({ kind: 'tracking', orderKey: '' })).toEqual([]);
		expect(parcelNumbersOf({ payload: obs })).toEqual(['1ZONE']);
	});
});

describe('what the ledger learns about parcels', () => {
	it("an observation's own order wins over the event's; a parcel with no order teaches nothing", () => {
		const links = trackingLinksOf({
			orderKey: '2000',
			payload: {
				observations: [
					shipped('1001', 1, '1z-aaa'),
					{ ...shipped('', 1, '1ZBBB'), orderKey: '' },
					{ ...delivered('', 1, '1ZCCC'), orderKey: '' },
				],
			},
		});
		expect(links).toEqual([
			{ trackingNumber: '1ZAAA', orderKey: '1001' },
			{ trackingNumber: '1ZBBB', orderKey: '2000' },
			{ trackingNumber: '1ZCCC', orderKey: '2000' },
		]);
		expect(
			trackingLinksOf({ orderKey: null, payload: { observations: [{ ...delivered('', 1, '1ZCCC'), orderKey: '' }] } }),
		).toEqual([]);
	});

	it("a record's parcels, normalised and once each; parcels without a number are skipped", () => {
		expect(
			recordTrackingNumbers({
				shipments: [
					{ key: 'a', trackingNumber: '1z 1', seenBy: [] },
					{ key: 'b', trackingNumber: '1Z-1', seenBy: [] },
					{ key: 'c', trackingNumber: null, seenBy: [] },
				] as never,
			}),
		).toEqual(['1Z1']);
		expect(recordTrackingNumbers({ shipments: undefined as never })).toEqual([]);
	});

	it("the records' word beats stored events' for the same number", () => {
		const known = ordersByNumber([
			{ trackingNumber: 'T1', orderKey: 'E', origin: 'event' },
			{ trackingNumber: 'T1', orderKey: 'R', origin: 'record' },
			{ trackingNumber: 'T2', orderKey: 'E2', origin: 'event' },
			{ trackingNumber: 'T2', orderKey: 'E1', origin: 'event' },
		]);
		expect(Object.fromEntries(known)).toEqual({
			T1: { orderKeys: ['R'], origin: 'record' },
			T2: { orderKeys: ['E1', 'E2'], origin: 'event' },
		});
	});
});

describe('matchParcels: one order, or why not', () => {
	const known = ordersByNumber([
		{ trackingNumber: 'A', orderKey: '1001', origin: 'record' },
		{ trackingNumber: 'B', orderKey: '1001', origin: 'event' },
		{ trackingNumber: 'C', orderKey: '1002', origin: 'record' },
	]);

	it('numbers that all lead to one order match it (from an event when any came from one)', () => {
		expect(matchParcels(['A'], known)).toEqual({
			matched: true,
			orderKey: '1001',
			trackingNumbers: ['A'],
			matchedBy: 'record',
		});
		expect(matchParcels(['A', 'B', 'UNKNOWN'], known)).toEqual({
			matched: true,
			orderKey: '1001',
			trackingNumbers: ['A', 'B', 'UNKNOWN'],
			matchedBy: 'event',
		});
	});

	it('an unknown number says which and what to do; two orders are named, never guessed', () => {
		const unknown = matchParcels(['ZZZ'], known);
		expect(unknown).toMatchObject({ matched: false, orderKey: null, reason: 'unknown', candidates: [] });
		expect(!unknown.matched && unknown.message).toMatch(
			/^Tracking number ZZZ matched no order.*retried.*Replay this event\.$/,
		);
		const two = matchParcels(['A', 'C'], known);
		expect(two).toMatchObject({ matched: false, reason: 'ambiguous', candidates: ['1001', '1002'] });
		expect(!two.matched && two.message).toMatch(/A, C belongs to several orders \(1001, 1002\).*Replay this event\.$/);
	});
});

describe('withOrderKey: the order goes where it was missing, nowhere else', () => {
	it(
		'fills the push item and its tracking observations, ' +
			'leaves set orders and other kinds, never mutates the input',
		() => {
			const item = upsPushItem('1ZFILL');
			const copy = structuredClone(item);
			const other = shipped('', 1, '1ZOTHER');
			const filled = withOrderKey(
				{
					...item,
					observations: [...item.observations, { ...delivered('9999', 1, '1ZKEEP') }, { ...other, orderKey: '' }],
				},
				'1001',
			) as typeof item;
			expect(item).toEqual(copy);
			expect(filled.orderKey).toBe('1001');
			expect(filled.observation.orderKey).toBe('1001');
			expect(filled.observations.map((o) => o.orderKey)).toEqual(['1001', '9999', '']);
			expect(withOrderKey('text', '1')).toBe('text');
		},
	);
});

describe('matchParcelEvents: one lookup for a batch', () => {
	it('asks once with every number of the batch; events without parcels pass through untouched', async () => {
		const asked: string[][] = [];
		const find = async (numbers: string[]) => {
			asked.push(numbers);
			return ordersByNumber([{ trackingNumber: '1ZKNOWN', orderKey: '1001', origin: 'record' }]);
		};
		const plain = { key: 'k', orderKey: '1000', payload: { a: 1 } };
		const [a, b, c] = await matchParcelEvents(
			[plain, pushEvent(upsPushItem('1zknown')), pushEvent(upsPushItem('1ZUNKNOWN'))],
			find,
		);
		expect(asked).toEqual([['1ZKNOWN', '1ZUNKNOWN']]);
		expect(a).toEqual({ event: plain });
		expect(b.event.orderKey).toBe('1001');
		expect(b.parcel).toMatchObject({ matched: true, orderKey: '1001' });
		expect(c.event.orderKey).toBeNull();
		expect(c.parcel).toMatchObject({ matched: false, trackingNumbers: ['1ZUNKNOWN'] });
		asked.length = 0;
		await matchParcelEvents([plain], find);
		expect(asked).toEqual([]);
	});

	it("a repeat reports what is stored: a stored order wins over today's verdict", () => {
		const now = matchParcels(['X'], new Map());
		expect(parcelOfStored(now, { orderKey: '1001' })).toEqual({
			matched: true,
			orderKey: '1001',
			trackingNumbers: ['X'],
			matchedBy: 'event',
		});
		expect(parcelOfStored(now, { orderKey: null })).toBe(now);
		expect(parcelOfStored(undefined, { orderKey: '1' })).toBeUndefined();
	});
});
