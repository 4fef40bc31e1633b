/**
 * Public holidays by country and region, from a maintained source instead of a list someone types.
 *
 * The rules are date-holidays' (commenthol/date-holidays, rules for 200+ countries and their regions),
 * evaluated by its own parser, date-holidays-parser. The full date-holidays package installs ~46 MB, most
 * of it data and tooling the parser does not need; the parser installs ~28 MB and reads the rules as
 * plain data. holidays.json beside this file is date-holidays' data/holidays.json unchanged (minified),
 * and test/unit/order/holidays.data.test.ts fails when it differs from the installed date-holidays
 * (a devDependency), so bumping that version is how the rules are updated. docs/development.md has the
 * figures. The data is CC BY-SA 3.0 (its `license` field); the code is ISC.
 */
import Holidays from 'date-holidays-parser';
import data from './holidays.json';

/** Where a store is: ISO 3166-1 alpha-2 country, optional ISO 3166-2 subdivision ("BY" or "DE-BY"). */
export interface HolidayPlace {
	country: string;
	region?: string;
}

/** Version (date) of the holiday rules in use, for the docs and the credential test's message. */
export const HOLIDAY_DATA_VERSION: string = data.version;

/**
 * Days a store counts as closed: public holidays only. date-holidays also lists bank, school, optional
 * and observance days (e.g. Mother's Day); warehouses and support teams work on those.
 */
const CLOSED_TYPES = new Set(['public']);

/** Upper-case, trimmed; the region loses a repeated country prefix ("DE-BY" -> "BY"). */
export function normaliseHolidayPlace(place: HolidayPlace): { country: string; region: string } {
	const country = String(place.country ?? '')
		.trim()
		.toUpperCase();
	let region = String(place.region ?? '')
		.trim()
		.toUpperCase();
	if (country !== '' && region.startsWith(`${country}-`)) region = region.slice(country.length + 1);
	return { country, region };
}

// One parser for listing countries and regions; never asked for dates, so it holds no place.
let catalogue: Holidays | undefined;
function lister(): Holidays {
	catalogue ??= new Holidays(data);
	return catalogue;
}

/** Countries the rules cover: ISO code -> English name. */
export function holidayCountries(): Record<string, string> {
	return lister().getCountries('en') ?? {};
}

/** Regions (states, provinces, Länder...) of a country the rules know: code -> name; {} when none. */
export function holidayRegions(country: string): Record<string, string> {
	return lister().getStates(normaliseHolidayPlace({ country }).country, 'en') ?? {};
}

/**
 * What is wrong with a place, each problem naming the field (holidayCountry, holidayRegion) and what to
 * write instead; empty when the rules know it. An empty country means "no public holidays".
 */
export function holidayPlaceProblems(place: HolidayPlace): string[] {
	const { country, region } = normaliseHolidayPlace(place);
	if (country === '')
		return region === '' ? [] : [`holidayRegion: "${region}" needs a Holiday Country (e.g. US, DE) as well`];
	if (!/^[A-Z]{2}$/.test(country))
		return [`holidayCountry: "${country}" is not an ISO 3166-1 alpha-2 code (two letters, e.g. US, GB, DE)`];
	const countries = holidayCountries();
	if (!(country in countries))
		return [`holidayCountry: "${country}" is not a country the holiday rules know (e.g. US, CA, GB, DE, FR)`];
	if (region === '') return [];
	const regions = holidayRegions(country);
	if (!(region in regions)) {
		const known = Object.keys(regions);
		return [
			`holidayRegion: "${region}" is not a region of ${countries[country]} the holiday rules know ` +
				(known.length ? `(use one of ${known.join(', ')}, or leave it empty)` : '(it has none: leave it empty)'),
		];
	}
	return [];
}

export class HolidayPlaceError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.join('; '));
		this.name = 'HolidayPlaceError';
	}
}

/**
 * Public holidays of a place for the years fromYear..toYear (inclusive), as YYYY-MM-DD in the place's own
 * calendar (the date a person there calls the holiday), sorted, without repeats. Observed days count: when
 * a holiday falls on a weekend and the rules move it (US Independence Day 2027 -> Monday 2027-07-05), both
 * dates are listed. An empty country gives none. Throws HolidayPlaceError for a place the rules do not know.
 */
export function holidaysFor(place: HolidayPlace, fromYear: number, toYear: number): string[] {
	const problems = holidayPlaceProblems(place);
	if (problems.length) throw new HolidayPlaceError(problems);
	const { country, region } = normaliseHolidayPlace(place);
	if (country === '') return [];
	const parser = region === '' ? new Holidays(data, country) : new Holidays(data, country, region);
	const days = new Set<string>();
	for (let year = Math.floor(fromYear); year <= Math.floor(toYear); year++)
		for (const holiday of parser.getHolidays(year) || [])
			if (CLOSED_TYPES.has(holiday.type)) for (const day of daysCovered(holiday)) days.add(day);
	return [...days].sort();
}

/**
 * The local dates a holiday covers: its start date, and the following ones when it lasts several days.
 * `date` is local wall time ("2026-12-25 00:00:00"); start/end are instants, so their difference is the
 * length (a DST change inside it moves it by an hour, hence the rounding).
 */
function daysCovered(holiday: { date: string; start: Date; end: Date }): string[] {
	const first = holiday.date.slice(0, 10);
	const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
	const out = [first];
	const cursor = new Date(`${first}T00:00:00Z`);
	for (let k = 1; k < days; k++) {
		cursor.setUTCDate(cursor.getUTCDate() + 1);
		out.push(cursor.toISOString().slice(0, 10));
	}
	return out;
}
