import fc from 'fast-check';
import {
	compactToLocalIso,
	normaliseOffset,
	parseDateOnly,
	parseEstimate,
	parseOffsetDateTime,
	withOffset,
} from '../../../nodes/lib/connectors/carriers/dates';

describe('carrier date parsing', () => {
	it('keeps the offset the carrier reported', () => {
		expect(parseOffsetDateTime('2018-02-02T12:01:00-07:00')).toBe('2018-02-02T12:01:00-07:00');
		expect(parseOffsetDateTime('2018-03-02T07:53:47Z')).toBe('2018-03-02T07:53:47Z');
	});

	it.each([
		'2024-13-45T25:61:00-07:00',
		'2024-02-30T10:00:00+01:00',
		'04/31/2024 2:03 pm',
		'2024-04-04T14:03:12',
		'',
		'null',
		42,
		null,
		undefined,
	])('rejects %p (malformed or without an offset) with null instead of throwing', (value) => {
		expect(parseOffsetDateTime(value)).toBeNull();
	});

	it('normalises USPS and odd offsets', () => {
		expect(normaliseOffset('-7:00')).toBe('-07:00');
		expect(normaliseOffset('+0530')).toBe('+05:30');
		expect(normaliseOffset('Z')).toBe('+00:00');
		expect(normaliseOffset('-25:00')).toBeNull();
		expect(normaliseOffset('EST')).toBeNull();
	});

	it('places a local time at an offset', () => {
		expect(withOffset('2024-04-04T14:03:12', '-7:00')).toBe('2024-04-04T14:03:12-07:00');
		expect(withOffset('2024-04-04T14:03:12', undefined)).toBeNull();
		expect(withOffset('2024-04-31T14:03:12', '-7:00')).toBeNull();
	});

	it('reads UPS compact dates, including a time without its leading zero', () => {
		expect(compactToLocalIso('20210210', '071356')).toBe('2021-02-10T07:13:56');
		expect(compactToLocalIso('20210210', '74700')).toBe('2021-02-10T07:47:00');
		expect(compactToLocalIso('20211345', '071356')).toBeNull();
		expect(compactToLocalIso('2021-02-10', '071356')).toBeNull();
	});

	it('estimates: dates stay dates, midnight local means the day', () => {
		expect(parseDateOnly('20240405')).toBe('2024-04-05');
		expect(parseDateOnly('2024-02-30')).toBeNull();
		expect(parseEstimate('2021-10-15T00:00:00')).toBe('2021-10-15');
		expect(parseEstimate('2021-10-15T00:00:00-06:00')).toBe('2021-10-15T00:00:00-06:00');
		expect(parseEstimate('2021-10-15T17:00:00')).toBe('2021-10-15T17:00:00');
		expect(parseEstimate('By End of Day')).toBeNull();
	});

	it('never throws on arbitrary input (property)', () => {
		fc.assert(
			fc.property(fc.anything(), fc.anything(), (a, b) => {
				parseOffsetDateTime(a);
				parseEstimate(a);
				parseDateOnly(a);
				withOffset(a, b);
				compactToLocalIso(a, b);
				normaliseOffset(a);
			}),
		);
	});

	it('round-trips any valid instant with any whole-hour offset (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 946684800, max: 4102444800 }),
				fc.integer({ min: -11, max: 14 }),
				(seconds, hours) => {
					const sign = hours < 0 ? '-' : '+';
					const offset = `${sign}${String(Math.abs(hours)).padStart(2, '0')}:00`;
					const local = new Date(seconds * 1000 + hours * 3600_000).toISOString().slice(0, 19);
					const iso = `${local}${offset}`;
					const parsed = parseOffsetDateTime(iso);
					expect(parsed).not.toBeNull();
					expect(Date.parse(parsed!)).toBe(seconds * 1000);
				},
			),
		);
	});
});
