import { BusinessCalendar, defaultPolicy, dueAfterBusinessHours, parsePolicy } from '../../../nodes/lib/order';

const ny = new BusinessCalendar(defaultPolicy()); // America/New_York, Mon-Fri 09:00-17:00
const H = 3_600_000;

function add(startIso: string, hours: number, cal = ny): string {
	return new Date(cal.addBusinessHours(Date.parse(startIso), hours)).toISOString();
}

describe('business hours (store zone, weekends, holidays, DST)', () => {
	test.each([
		['inside one day', '2026-03-02T14:00:00Z', 3, '2026-03-02T17:00:00.000Z'],
		['starting before opening counts from 09:00', '2026-03-02T12:00:00Z', 1, '2026-03-02T15:00:00.000Z'],
		['starting after closing counts from the next morning', '2026-03-02T23:30:00Z', 1, '2026-03-03T15:00:00.000Z'],
		['spills into the next day', '2026-03-02T21:00:00Z', 2, '2026-03-03T15:00:00.000Z'],
		['skips the weekend', '2026-02-27T21:00:00Z', 2, '2026-03-02T15:00:00.000Z'],
		// US DST starts Sunday 2026-03-08: Friday 16:00 EST (21:00Z) + 2h = Monday 10:00 EDT = 14:00Z, not 15:00Z.
		['across the spring-forward weekend', '2026-03-06T21:00:00Z', 2, '2026-03-09T14:00:00.000Z'],
		// DST ends Sunday 2026-11-01: Friday 16:00 EDT (20:00Z) + 2h = Monday 10:00 EST = 15:00Z.
		['across the fall-back weekend', '2026-10-30T20:00:00Z', 2, '2026-11-02T15:00:00.000Z'],
		['started on a Saturday', '2026-03-07T15:00:00Z', 8, '2026-03-09T21:00:00.000Z'],
	])('%s', (_name, start, hours, expected) => {
		expect(add(start, hours)).toBe(expected);
	});

	test('a holiday is skipped like a weekend day', () => {
		const cal = new BusinessCalendar(parsePolicy({ holidays: ['2026-07-03'] }));
		// Thursday 2 July 16:00 EDT + 2h: 1h on Thursday, Friday 3 July is a holiday, 1h on Monday 6 July.
		expect(add('2026-07-02T20:00:00Z', 2, cal)).toBe('2026-07-06T14:00:00.000Z');
		expect(add('2026-07-02T20:00:00Z', 2)).toBe('2026-07-03T14:00:00.000Z');
	});

	test('other zones and working weeks', () => {
		const berlin = new BusinessCalendar(
			parsePolicy({
				timeZone: 'Europe/Berlin',
				businessDays: 'mon,tue,wed,thu,fri,sat',
				businessHours: { start: '08:00', end: '24:00' },
			}),
		);
		// Saturday is a working day in this store; Europe switches to summer time on 2026-03-29.
		// Saturday 23:30 CET + 1h: 30 min on Saturday (open until 24:00), Sunday off, Monday 08:00 CEST (06:00Z) + 30 min.
		expect(new Date(berlin.addBusinessHours(Date.parse('2026-03-28T22:30:00Z'), 1)).toISOString()).toBe(
			'2026-03-30T06:30:00.000Z',
		);
		expect(new Date(berlin.addBusinessHours(Date.parse('2026-03-28T09:00:00Z'), 2)).toISOString()).toBe(
			'2026-03-28T11:00:00.000Z',
		);
	});

	test('business time between two instants', () => {
		expect(ny.businessMsBetween(Date.parse('2026-03-06T21:00:00Z'), Date.parse('2026-03-09T14:00:00Z')) / H).toBe(2);
		expect(ny.businessMsBetween(Date.parse('2026-03-09T14:00:00Z'), Date.parse('2026-03-06T21:00:00Z'))).toBe(0);
		// A full week (40h) plus Monday 09:00-10:00 EDT: 14:00Z is 10:00 after the clocks moved.
		expect(ny.businessMsBetween(Date.parse('2026-03-02T14:00:00Z'), Date.parse('2026-03-09T14:00:00Z')) / H).toBe(41);
	});

	test('due only when the business hours have really passed', () => {
		const start = Date.parse('2026-03-06T21:00:00Z');
		expect(dueAfterBusinessHours(ny, start, 2, Date.parse('2026-03-09T13:59:59Z'))).toBeNull();
		expect(dueAfterBusinessHours(ny, start, 2, Date.parse('2026-03-09T14:00:00Z'))).toBe(
			Date.parse('2026-03-09T14:00:00Z'),
		);
	});

	test('a nonsensical duration never walks the calendar: it is simply never due', () => {
		expect(ny.addBusinessHours(Date.parse('2026-03-02T14:00:00Z'), Number.NaN)).toBe(Number.POSITIVE_INFINITY);
		expect(ny.addBusinessHours(Date.parse('2026-03-02T14:00:00Z'), -1)).toBe(Number.POSITIVE_INFINITY);
		expect(ny.addBusinessHours(Number.NaN, 2)).toBe(Number.POSITIVE_INFINITY);
	});

	test('date-only promises end at midnight in the store zone', () => {
		expect(new Date(ny.endOfLocalDate('2026-03-05')).toISOString()).toBe('2026-03-06T04:59:59.999Z');
	});
});
