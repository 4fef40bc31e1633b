/**
 * Public holidays by country and region (nodes/lib/order/holidays), against dates checked by hand in each
 * country's official calendar, and the place checks the Store Profile's Test relies on.
 */
import {
	holidayCountries,
	holidayPlaceProblems,
	holidayRegions,
	holidaysFor,
	HolidayPlaceError,
} from '../../../nodes/lib/order/holidays';

describe('holidaysFor: dates checked by hand', () => {
	test('US: Thanksgiving 2026 is Thursday 26 November; Independence Day 2027 observed Monday 5 July', () => {
		const us = holidaysFor({ country: 'US' }, 2026, 2027);
		expect(us).toContain('2026-11-26');
		expect(us).toContain('2027-07-04');
		expect(us).toContain('2027-07-05');
		// Black Friday is not a federal holiday.
		expect(us).not.toContain('2026-11-27');
		// Christmas 2027 is a Saturday: observed on Friday 24 December.
		expect(us).toContain('2027-12-24');
	});

	test('US national list for 2026: the eleven federal holidays, Independence Day observed on Friday 3 July', () => {
		expect(holidaysFor({ country: 'US' }, 2026, 2026)).toEqual([
			'2026-01-01',
			'2026-01-19',
			'2026-02-16',
			'2026-05-25',
			'2026-06-19',
			'2026-07-03',
			'2026-07-04',
			'2026-09-07',
			'2026-10-12',
			'2026-11-11',
			'2026-11-26',
			'2026-12-25',
		]);
	});

	test('DE: Epiphany (6 January) is a holiday in Bavaria, not in Berlin; the region may carry its country', () => {
		expect(holidaysFor({ country: 'DE', region: 'BY' }, 2026, 2026)).toContain('2026-01-06');
		expect(holidaysFor({ country: 'de', region: 'DE-BY' }, 2026, 2026)).toEqual(
			holidaysFor({ country: 'DE', region: 'BY' }, 2026, 2026),
		);
		expect(holidaysFor({ country: 'DE', region: 'BE' }, 2026, 2026)).not.toContain('2026-01-06');
		// Corpus Christi 2026 (Easter + 60 days) in Bavaria; German Unity Day everywhere.
		expect(holidaysFor({ country: 'DE', region: 'BY' }, 2026, 2026)).toContain('2026-06-04');
		expect(holidaysFor({ country: 'DE' }, 2026, 2026)).toContain('2026-10-03');
	});

	test('CA: Family Day (third Monday of February) in Ontario, not nationally; Canada Day everywhere', () => {
		expect(holidaysFor({ country: 'CA', region: 'ON' }, 2026, 2026)).toContain('2026-02-16');
		expect(holidaysFor({ country: 'CA' }, 2026, 2026)).not.toContain('2026-02-16');
		expect(holidaysFor({ country: 'CA' }, 2026, 2026)).toContain('2026-07-01');
	});

	test('GB: 2 January is a holiday in Scotland only; Boxing Day 2026 (Saturday) is observed on Monday 28th', () => {
		expect(holidaysFor({ country: 'GB', region: 'SCT' }, 2026, 2026)).toContain('2026-01-02');
		expect(holidaysFor({ country: 'GB', region: 'ENG' }, 2026, 2026)).not.toContain('2026-01-02');
		expect(holidaysFor({ country: 'GB', region: 'ENG' }, 2026, 2026)).toContain('2026-12-28');
	});

	test("FR, ES, AU, NL: a national day each (Bastille Day, Hispanic Day, Australia Day, King's Day)", () => {
		expect(holidaysFor({ country: 'FR' }, 2026, 2026)).toContain('2026-07-14');
		expect(holidaysFor({ country: 'ES' }, 2026, 2026)).toContain('2026-10-12');
		expect(holidaysFor({ country: 'AU' }, 2026, 2026)).toContain('2026-01-26');
		expect(holidaysFor({ country: 'NL' }, 2026, 2026)).toContain('2026-04-27');
	});

	test("only days off count: Mother's Day and other observances are not holidays", () => {
		// Mothering Sunday 2026 (15 March) is an observance in the UK rules.
		expect(holidaysFor({ country: 'GB' }, 2026, 2026)).not.toContain('2026-03-15');
	});

	test('several years at once, sorted and without repeats; no country gives no holidays', () => {
		const days = holidaysFor({ country: 'US' }, 2025, 2027);
		expect(days).toEqual([...new Set(days)].sort());
		expect(days.filter((d) => d.endsWith('-12-25')).map((d) => d.slice(0, 4))).toEqual(['2025', '2026', '2027']);
		expect(holidaysFor({ country: '' }, 2025, 2027)).toEqual([]);
	});

	test('an unknown place throws, naming the field', () => {
		expect(() => holidaysFor({ country: 'XX' }, 2026, 2026)).toThrow(HolidayPlaceError);
		expect(() => holidaysFor({ country: 'US', region: 'ZZ' }, 2026, 2026)).toThrow(/holidayRegion: "ZZ"/);
	});
});

describe('holidayPlaceProblems', () => {
	test('covers the countries stores sell from, with their regions', () => {
		const countries = holidayCountries();
		for (const country of ['US', 'CA', 'GB', 'DE', 'FR', 'ES', 'AU', 'NL']) expect(countries).toHaveProperty(country);
		expect(Object.keys(holidayRegions('US'))).toEqual(expect.arrayContaining(['CA', 'NY', 'TX', 'DC']));
		expect(Object.keys(holidayRegions('CA'))).toEqual(expect.arrayContaining(['ON', 'QC', 'BC']));
		expect(Object.keys(holidayRegions('DE'))).toHaveLength(16);
	});

	test.each([
		[{ country: '' }, []],
		[{ country: 'US', region: 'ca' }, []],
		[{ country: 'us', region: 'US-CA' }, []],
		[{ country: 'USA' }, [expect.stringMatching(/^holidayCountry: "USA" is not an ISO 3166-1 alpha-2 code/)]],
		[{ country: 'XX' }, [expect.stringMatching(/^holidayCountry: "XX" is not a country the holiday rules know/)]],
		[{ country: 'DE', region: 'XY' }, [expect.stringMatching(/^holidayRegion: "XY" is not a region of Germany.*BY/)]],
		[{ country: '', region: 'BY' }, [expect.stringMatching(/^holidayRegion: "BY" needs a Holiday Country/)]],
	])('%j -> %j', (place, problems) => {
		expect(holidayPlaceProblems(place)).toEqual(problems);
	});
});
