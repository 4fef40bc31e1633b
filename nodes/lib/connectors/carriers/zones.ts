import { DateTime } from 'luxon';

/**
 * Which IANA time zone a carrier's place is in. Carriers give wall times without an offset (DHL Express
 * scans) and delivery dates that end at midnight where the parcel is going, so the place decides the
 * instant. Country -> zones comes from the ICU data Node ships (Intl.Locale time zones, IANA zone.tab);
 * a locality inside a multi-zone country comes from the city-timezones package (about 7,300 cities with
 * their country, state and zone). Nothing is guessed: when the place leaves more than one zone with
 * different clocks, the answer says so (zone null, the candidates listed) and the caller stays uncertain.
 */

export interface Place {
	/** ISO 3166 alpha-2 ('US'); a country name ('GERMANY', 'USA') is accepted too. */
	countryCode?: string | null;
	country?: string | null;
	/** State or province code ('TN', 'ON', 'NSW') or name. */
	state?: string | null;
	city?: string | null;
	postalCode?: string | null;
	/** Free text as DHL writes it: 'CINCINNATI HUB, OH - USA', 'Oderweg 2, AMSTERDAM', 'LEIPZIG - GERMANY'. */
	locality?: string | null;
}

export interface ZoneAnswer {
	/** The zone, or null when the place leaves zones with different clocks. */
	zone: string | null;
	/** Every zone the place could be in (after narrowing), canonical IANA names. */
	candidates: string[];
	/** What decided it: the country alone, its state, a city, or nothing usable. */
	via: 'country' | 'state' | 'city' | 'none';
}

/** ICU and city-timezones still use some old IANA names; the canonical name is what users and fixtures see. */
const CANONICAL: Record<string, string> = {
	'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
	'America/Catamarca': 'America/Argentina/Catamarca',
	'America/Cordoba': 'America/Argentina/Cordoba',
	'America/Jujuy': 'America/Argentina/Jujuy',
	'America/Mendoza': 'America/Argentina/Mendoza',
	'America/Indianapolis': 'America/Indiana/Indianapolis',
	'America/Louisville': 'America/Kentucky/Louisville',
	'America/Montreal': 'America/Toronto',
	'America/Nipigon': 'America/Toronto',
	'America/Thunder_Bay': 'America/Toronto',
	'America/Yellowknife': 'America/Edmonton',
	'America/Pangnirtung': 'America/Iqaluit',
	'America/Godthab': 'America/Nuuk',
	'America/Coral_Harbour': 'America/Atikokan',
	'Africa/Asmera': 'Africa/Asmara',
	'Asia/Calcutta': 'Asia/Kolkata',
	'Asia/Katmandu': 'Asia/Kathmandu',
	'Asia/Saigon': 'Asia/Ho_Chi_Minh',
	'Asia/Rangoon': 'Asia/Yangon',
	'Asia/Chongqing': 'Asia/Shanghai',
	'Asia/Harbin': 'Asia/Shanghai',
	'Asia/Kashgar': 'Asia/Urumqi',
	'Asia/Choibalsan': 'Asia/Ulaanbaatar',
	'Atlantic/Faeroe': 'Atlantic/Faroe',
	'Europe/Kiev': 'Europe/Kyiv',
	'Europe/Uzhgorod': 'Europe/Kyiv',
	'Europe/Zaporozhye': 'Europe/Kyiv',
	'Pacific/Enderbury': 'Pacific/Kanton',
	'Pacific/Ponape': 'Pacific/Pohnpei',
	'Pacific/Truk': 'Pacific/Chuuk',
};

export function canonicalZone(zone: string): string {
	return CANONICAL[zone] ?? zone;
}

/**
 * States and provinces of the countries carriers report with a state code, per IANA zone.tab; the first
 * zone is the one most of the state keeps. A state with one clock resolves without a city.
 */
const STATE_ZONES: Record<string, Record<string, string[]>> = {
	US: {
		AL: ['America/Chicago'],
		AK: [
			'America/Anchorage',
			'America/Juneau',
			'America/Sitka',
			'America/Yakutat',
			'America/Nome',
			'America/Metlakatla',
			'America/Adak',
		],
		AZ: ['America/Phoenix', 'America/Denver'],
		AR: ['America/Chicago'],
		CA: ['America/Los_Angeles'],
		CO: ['America/Denver'],
		CT: ['America/New_York'],
		DE: ['America/New_York'],
		DC: ['America/New_York'],
		FL: ['America/New_York', 'America/Chicago'],
		GA: ['America/New_York'],
		HI: ['Pacific/Honolulu'],
		ID: ['America/Boise', 'America/Los_Angeles'],
		IL: ['America/Chicago'],
		IN: [
			'America/Indiana/Indianapolis',
			'America/Chicago',
			'America/Indiana/Knox',
			'America/Indiana/Tell_City',
			'America/Indiana/Petersburg',
			'America/Indiana/Vincennes',
			'America/Indiana/Winamac',
			'America/Indiana/Marengo',
			'America/Indiana/Vevay',
		],
		IA: ['America/Chicago'],
		KS: ['America/Chicago', 'America/Denver'],
		KY: ['America/Kentucky/Louisville', 'America/Kentucky/Monticello', 'America/Chicago'],
		LA: ['America/Chicago'],
		ME: ['America/New_York'],
		MD: ['America/New_York'],
		MA: ['America/New_York'],
		MI: ['America/Detroit', 'America/Menominee'],
		MN: ['America/Chicago'],
		MS: ['America/Chicago'],
		MO: ['America/Chicago'],
		MT: ['America/Denver'],
		NE: ['America/Chicago', 'America/Denver'],
		NV: ['America/Los_Angeles'],
		NH: ['America/New_York'],
		NJ: ['America/New_York'],
		NM: ['America/Denver'],
		NY: ['America/New_York'],
		NC: ['America/New_York'],
		ND: [
			'America/Chicago',
			'America/North_Dakota/Center',
			'America/North_Dakota/New_Salem',
			'America/North_Dakota/Beulah',
			'America/Denver',
		],
		OH: ['America/New_York'],
		OK: ['America/Chicago'],
		OR: ['America/Los_Angeles', 'America/Boise'],
		PA: ['America/New_York'],
		RI: ['America/New_York'],
		SC: ['America/New_York'],
		SD: ['America/Chicago', 'America/Denver'],
		TN: ['America/Chicago', 'America/New_York'],
		TX: ['America/Chicago', 'America/Denver'],
		UT: ['America/Denver'],
		VT: ['America/New_York'],
		VA: ['America/New_York'],
		WA: ['America/Los_Angeles'],
		WV: ['America/New_York'],
		WI: ['America/Chicago'],
		WY: ['America/Denver'],
		PR: ['America/Puerto_Rico'],
		VI: ['America/St_Thomas'],
		GU: ['Pacific/Guam'],
		AS: ['Pacific/Pago_Pago'],
		MP: ['Pacific/Saipan'],
	},
	CA: {
		AB: ['America/Edmonton'],
		BC: ['America/Vancouver', 'America/Edmonton', 'America/Creston', 'America/Dawson_Creek', 'America/Fort_Nelson'],
		MB: ['America/Winnipeg'],
		NB: ['America/Moncton'],
		NL: ['America/St_Johns', 'America/Goose_Bay'],
		NS: ['America/Halifax', 'America/Glace_Bay'],
		NT: ['America/Edmonton', 'America/Inuvik'],
		NU: ['America/Iqaluit', 'America/Rankin_Inlet', 'America/Cambridge_Bay', 'America/Resolute', 'America/Atikokan'],
		ON: ['America/Toronto', 'America/Winnipeg', 'America/Atikokan'],
		PE: ['America/Halifax'],
		QC: ['America/Toronto', 'America/Blanc-Sablon'],
		SK: ['America/Regina', 'America/Swift_Current', 'America/Edmonton'],
		YT: ['America/Whitehorse', 'America/Dawson'],
	},
	AU: {
		ACT: ['Australia/Sydney'],
		NSW: ['Australia/Sydney', 'Australia/Broken_Hill', 'Australia/Lord_Howe'],
		NT: ['Australia/Darwin'],
		QLD: ['Australia/Brisbane', 'Australia/Lindeman'],
		SA: ['Australia/Adelaide'],
		TAS: ['Australia/Hobart'],
		VIC: ['Australia/Melbourne'],
		WA: ['Australia/Perth', 'Australia/Eucla'],
	},
};

/** US ZIP Code prefixes (first three digits) -> state, USPS's assignment; military (AA/AE/AP) left out. */
const US_ZIP3: Array<[number, number, string]> = [
	[5, 5, 'NY'],
	[6, 7, 'PR'],
	[8, 8, 'VI'],
	[9, 9, 'PR'],
	[10, 27, 'MA'],
	[28, 29, 'RI'],
	[30, 38, 'NH'],
	[39, 49, 'ME'],
	[50, 59, 'VT'],
	[60, 69, 'CT'],
	[70, 89, 'NJ'],
	[100, 149, 'NY'],
	[150, 196, 'PA'],
	[197, 199, 'DE'],
	[200, 200, 'DC'],
	[201, 201, 'VA'],
	[202, 205, 'DC'],
	[206, 219, 'MD'],
	[220, 246, 'VA'],
	[247, 268, 'WV'],
	[270, 289, 'NC'],
	[290, 299, 'SC'],
	[300, 319, 'GA'],
	[320, 339, 'FL'],
	[341, 349, 'FL'],
	[350, 369, 'AL'],
	[370, 385, 'TN'],
	[386, 397, 'MS'],
	[398, 399, 'GA'],
	[400, 427, 'KY'],
	[430, 458, 'OH'],
	[460, 479, 'IN'],
	[480, 499, 'MI'],
	[500, 528, 'IA'],
	[530, 549, 'WI'],
	[550, 567, 'MN'],
	[569, 569, 'DC'],
	[570, 577, 'SD'],
	[580, 588, 'ND'],
	[590, 599, 'MT'],
	[600, 629, 'IL'],
	[630, 658, 'MO'],
	[660, 679, 'KS'],
	[680, 693, 'NE'],
	[700, 714, 'LA'],
	[716, 729, 'AR'],
	[730, 732, 'OK'],
	[733, 733, 'TX'],
	[734, 749, 'OK'],
	[750, 799, 'TX'],
	[800, 816, 'CO'],
	[820, 831, 'WY'],
	[832, 838, 'ID'],
	[840, 847, 'UT'],
	[850, 865, 'AZ'],
	[870, 884, 'NM'],
	[885, 885, 'TX'],
	[889, 898, 'NV'],
	[900, 961, 'CA'],
	[967, 968, 'HI'],
	[969, 969, 'GU'],
	[970, 979, 'OR'],
	[980, 994, 'WA'],
	[995, 999, 'AK'],
];

/** Canadian postal codes: the first letter is the province (X is shared by NT and NU, so it decides nothing). */
const CA_POSTAL_LETTER: Record<string, string> = {
	A: 'NL',
	B: 'NS',
	C: 'PE',
	E: 'NB',
	G: 'QC',
	H: 'QC',
	J: 'QC',
	K: 'ON',
	L: 'ON',
	M: 'ON',
	N: 'ON',
	P: 'ON',
	R: 'MB',
	S: 'SK',
	T: 'AB',
	V: 'BC',
	Y: 'YT',
};

/** The state a postal code belongs to, where the code says it (US ZIP, Canadian postal code). */
export function stateOfPostalCode(country: string, postalCode: string | null | undefined): string | null {
	const code = (postalCode ?? '').trim().toUpperCase();
	if (country === 'US' && /^\d{5}(-?\d{4})?$/.test(code)) {
		const prefix = Number(code.slice(0, 3));
		return US_ZIP3.find(([from, to]) => prefix >= from && prefix <= to)?.[2] ?? null;
	}
	if (country === 'CA' && /^[A-Z]\d[A-Z]/.test(code)) return CA_POSTAL_LETTER[code[0]] ?? null;
	return null;
}

/** The province names city-timezones uses for Canada and Australia (it has state codes only for the US). */
const PROVINCE_NAMES: Record<string, Record<string, string>> = {
	CA: {
		AB: 'Alberta',
		BC: 'British Columbia',
		MB: 'Manitoba',
		NB: 'New Brunswick',
		NL: 'Newfoundland and Labrador',
		NS: 'Nova Scotia',
		NT: 'Northwest Territories',
		NU: 'Nunavut',
		ON: 'Ontario',
		PE: 'Prince Edward Island',
		QC: 'Quebec',
		SK: 'Saskatchewan',
		YT: 'Yukon',
	},
	AU: {
		ACT: 'Australian Capital Territory',
		NSW: 'New South Wales',
		NT: 'Northern Territory',
		QLD: 'Queensland',
		SA: 'South Australia',
		TAS: 'Tasmania',
		VIC: 'Victoria',
		WA: 'Western Australia',
	},
};

/** Country names carriers print that Intl.DisplayNames does not ('USA', 'UK', DHL's 'CHINA MAINLAND'). */
const COUNTRY_ALIASES: Record<string, string> = {
	usa: 'US',
	'united states of america': 'US',
	us: 'US',
	uk: 'GB',
	'great britain': 'GB',
	england: 'GB',
	scotland: 'GB',
	wales: 'GB',
	'northern ireland': 'GB',
	'china mainland': 'CN',
	'china, peoples republic': 'CN',
	'korea, republic of': 'KR',
	'korea republic of': 'KR',
	'korea, republic of (south k)': 'KR',
	'hong kong sar, china': 'HK',
	'hong kong sar china': 'HK',
	'netherlands, the': 'NL',
	'the netherlands': 'NL',
	holland: 'NL',
	'russian federation': 'RU',
	'viet nam': 'VN',
	'czech republic': 'CZ',
	'taiwan, china': 'TW',
	'macau sar, china': 'MO',
	uae: 'AE',
	'united arab emirates': 'AE',
};

function normaliseName(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[.'’]/g, '')
		.replace(/[^a-z0-9,()]+/g, ' ')
		.trim();
}

interface CityRow {
	city: string;
	city_ascii: string;
	iso2: string;
	province?: string;
	state_ansi?: string;
	timezone: string;
	pop: number;
}

let cityIndex: Map<string, CityRow[]> | null = null;
let countryNames: Map<string, string> | null = null;

/** Loaded on first use: 1.9 MB of city data stays out of memory for workflows that never need it. */
function cities(): Map<string, CityRow[]> {
	if (cityIndex) return cityIndex;
	// A static import would load the city data with the module; every caller of this index is synchronous.
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load on first use (see above)
	const { cityMapping } = require('city-timezones') as { cityMapping: CityRow[] };
	cityIndex = new Map();
	for (const row of cityMapping)
		for (const name of new Set([normaliseName(row.city), normaliseName(row.city_ascii)])) {
			const list = cityIndex.get(name) ?? [];
			list.push(row);
			cityIndex.set(name, list);
		}
	return cityIndex;
}

function regionCodes(): string[] {
	const codes: string[] = [];
	for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) codes.push(String.fromCharCode(a, b));
	return codes;
}

/** 'GERMANY', 'Germany', 'USA', 'DE' -> 'DE'; null when it is not a country we can name. */
export function countryCodeOf(raw: unknown): string | null {
	if (typeof raw !== 'string' || raw.trim() === '') return null;
	const text = raw.trim();
	if (/^[A-Za-z]{2}$/.test(text) && countryZonesRaw(text.toUpperCase()).length > 0) return text.toUpperCase();
	const key = normaliseName(text);
	// Own keys only: a place named "constructor" must not find Object.prototype's function.
	if (Object.hasOwn(COUNTRY_ALIASES, key)) return COUNTRY_ALIASES[key];
	if (!countryNames) {
		countryNames = new Map();
		const display = new Intl.DisplayNames('en', { type: 'region' });
		for (const code of regionCodes()) {
			let name: string | undefined;
			try {
				name = display.of(code);
			} catch {
				name = undefined;
			}
			if (name && name !== code && countryZonesRaw(code).length > 0) countryNames.set(normaliseName(name), code);
		}
	}
	return countryNames.get(key) ?? null;
}

/** Zones of a country from the ICU data in Node (Intl.Locale time zones: getTimeZones() or the older getter). */
function countryZonesRaw(code: string): string[] {
	try {
		const locale = new Intl.Locale(`und-${code}`) as Intl.Locale & {
			getTimeZones?: () => string[];
			timeZones?: string[];
		};
		const zones = typeof locale.getTimeZones === 'function' ? locale.getTimeZones() : locale.timeZones;
		return Array.isArray(zones) ? zones : [];
	} catch {
		return [];
	}
}

/** Every IANA zone of a country (canonical names); [] for an unknown code. */
export function countryZones(code: string): string[] {
	const fromIcu = countryZonesRaw(code.toUpperCase()).map(canonicalZone);
	if (fromIcu.length > 0) return [...new Set(fromIcu)];
	// A Node without the Intl Locale Info API: the zones of the country's known cities are the best we have.
	const fromCities = new Set<string>();
	for (const rows of cities().values())
		for (const row of rows) if (row.iso2 === code.toUpperCase()) fromCities.add(canonicalZone(row.timezone));
	return [...fromCities];
}

function offsetAt(zone: string, millis: number): number | null {
	const dt = DateTime.fromMillis(millis, { zone });
	return dt.isValid ? dt.offset : null;
}

/** Splits zones into groups that keep the same clock at every sample instant. */
function sameClockGroups(zones: string[], samples: number[]): string[][] {
	const groups = new Map<string, string[]>();
	for (const zone of zones) {
		const signature = samples.map((ms) => offsetAt(zone, ms)).join('/');
		if (signature.includes('null')) continue;
		groups.set(signature, [...(groups.get(signature) ?? []), zone]);
	}
	return [...groups.values()];
}

/** Samples across a year: winter, summer and both DST-change seasons. */
function yearSamples(year: number): number[] {
	return [0, 3, 6, 9].map((month) => Date.UTC(year, month, 15, 12));
}

function stateOf(country: string, raw: string | null | undefined): string | null {
	if (!raw) return null;
	const text = raw.trim().toUpperCase();
	const table = STATE_ZONES[country];
	if (!table) return raw.trim();
	if (table[text]) return text;
	const byName = Object.entries(PROVINCE_NAMES[country] ?? {}).find(
		([, name]) => normaliseName(name) === normaliseName(raw),
	);
	return byName?.[0] ?? null;
}

/**
 * Words DHL and UPS add to a facility's name that are not part of the town
 * ('CINCINNATI HUB', 'NEW YORK CITY GATEWAY').
 */
const FACILITY_WORDS =
	/\b(hub|gateway|service area|service center|facility|airport|sort(ing)? (center|centre)|distribution (center|centre)|terminal|depot)\b/gi;

interface ParsedLocality {
	names: string[];
	state: string | null;
	country: string | null;
}

/** 'CINCINNATI HUB, OH - USA' -> names ['CINCINNATI HUB', 'CINCINNATI'], state 'OH', country 'USA'. */
export function parseLocality(raw: string | null | undefined): ParsedLocality {
	const parsed: ParsedLocality = { names: [], state: null, country: null };
	if (!raw || raw.trim() === '') return parsed;
	let text = raw.trim();
	const dash = text.lastIndexOf(' - ');
	if (dash > 0) {
		parsed.country = text.slice(dash + 3).trim();
		text = text.slice(0, dash).trim();
	}
	for (const part of text
		.split(',')
		.map((p) => p.trim())
		.filter((p) => p !== '')) {
		if (/^[A-Za-z]{2,3}$/.test(part) && parsed.names.length > 0) {
			parsed.state = part.toUpperCase();
			continue;
		}
		const withoutDigits = part
			.replace(/\b\d[\w-]*\b/g, ' ')
			.replace(/\s+/g, ' ')
			.trim();
		const withoutFacility = withoutDigits.replace(FACILITY_WORDS, ' ').replace(/\s+/g, ' ').trim();
		// USPS facilities put the state inside the name: 'RENO NV DISTRIBUTION CENTER'.
		const trailingState = /^(.+?)\s+([A-Za-z]{2})$/.exec(withoutFacility);
		if (trailingState && !parsed.state) parsed.state = trailingState[2].toUpperCase();
		for (const name of [
			part,
			withoutDigits,
			withoutFacility,
			withoutFacility.replace(/\bcity$/i, '').trim(),
			trailingState?.[1] ?? '',
		])
			if (name !== '' && !parsed.names.includes(name)) parsed.names.push(name);
	}
	return parsed;
}

function cityMatches(names: string[], country: string | null, state: string | null): CityRow[] {
	const index = cities();
	for (const name of names) {
		let rows = index.get(normaliseName(name)) ?? [];
		if (country) rows = rows.filter((row) => row.iso2 === country);
		if (state && country === 'US') rows = rows.filter((row) => row.state_ansi === state);
		else if (state && PROVINCE_NAMES[country ?? '']?.[state]) {
			const province = normaliseName(PROVINCE_NAMES[country!][state]);
			rows = rows.filter((row) => normaliseName(row.province ?? '') === province);
		}
		if (rows.length > 0) return rows;
	}
	return [];
}

/** The zone a group stands for: the state's main zone, else the zone of the country's biggest known city. */
function representative(group: string[], country: string | null, preferred: string[]): string {
	const first = preferred.find((zone) => group.includes(zone));
	if (first) return first;
	if (country) {
		let best: { zone: string; pop: number } | null = null;
		for (const rows of cities().values())
			for (const row of rows) {
				const zone = canonicalZone(row.timezone);
				if (row.iso2 === country && group.includes(zone) && (!best || row.pop > best.pop))
					best = { zone, pop: row.pop };
			}
		if (best) return best.zone;
	}
	return group[0];
}

/**
 * The zone of a place. `samples` are the instants at which two zones must agree to count as one clock
 * (defaults: four dates across `year`, or the current year); pass the instants that matter when known.
 */
export function zoneOfPlace(place: Place, options: { samples?: number[]; year?: number } = {}): ZoneAnswer {
	const locality = parseLocality(place.locality);
	const country = countryCodeOf(place.countryCode) ?? countryCodeOf(place.country) ?? countryCodeOf(locality.country);
	const samples = options.samples ?? yearSamples(options.year ?? new Date().getUTCFullYear());
	const none: ZoneAnswer = { zone: null, candidates: [], via: 'none' };
	if (!country) return none;
	const all = countryZones(country);
	if (all.length === 0) return none;

	const decide = (candidates: string[], via: ZoneAnswer['via'], preferred: string[]): ZoneAnswer | null => {
		const groups = sameClockGroups(candidates, samples);
		if (groups.length === 1) return { zone: representative(groups[0], country, preferred), candidates, via };
		return null;
	};

	const byCountry = decide(all, 'country', []);
	if (byCountry) return byCountry;

	const state =
		stateOf(country, place.state) ?? stateOf(country, locality.state) ?? stateOfPostalCode(country, place.postalCode);
	const stateZones = state ? STATE_ZONES[country]?.[state] : undefined;
	let candidates = stateZones ? stateZones.map(canonicalZone) : all;
	if (stateZones) {
		const byState = decide(candidates, 'state', candidates);
		if (byState) return byState;
	}

	const names = [place.city, ...locality.names].filter((n): n is string => typeof n === 'string' && n.trim() !== '');
	const rows = cityMatches(names, country, state && STATE_ZONES[country]?.[state] ? state : null);
	if (rows.length > 0) {
		const zones = [...new Set(rows.map((row) => canonicalZone(row.timezone)))].filter(
			(zone) => all.includes(zone) || candidates.includes(zone),
		);
		const byCity = zones.length > 0 ? decide(zones, 'city', stateZones ?? zones) : null;
		if (byCity) return byCity;
		if (zones.length > 0) candidates = zones;
	}
	return { zone: null, candidates, via: 'none' };
}

export interface PlacedTime {
	/** ISO 8601 with offset. */
	at: string;
	timeZone: string | null;
	atUncertain: boolean;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** True for '2026-11-30T14:05:00' (a wall time without offset). */
export function isLocalDateTime(raw: unknown): raw is string {
	return (
		typeof raw === 'string' && LOCAL_DATE_TIME.test(raw.trim()) && DateTime.fromISO(raw.trim(), { zone: 'utc' }).isValid
	);
}

/** The wall time read in a fixed zone, as ISO with offset. */
export function wallTimeIn(local: string, zone: string): string | null {
	const dt = DateTime.fromISO(local.trim(), { zone });
	return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}

/** The latest instant a wall time can mean anywhere on Earth: read at UTC-12. */
export function latestReading(local: string): string | null {
	return wallTimeIn(local, 'UTC-12');
}

/**
 * A wall time without offset placed on the timeline at its place. When the place leaves zones that
 * disagree at that very wall time, the answer is the latest instant it can mean (UTC-12) and uncertain,
 * so a stall clock started from it never starts early.
 */
export function placeWallTime(local: string, place: Place): PlacedTime | null {
	const text = local.trim();
	if (!isLocalDateTime(text)) return null;
	const rough = DateTime.fromISO(text, { zone: 'utc' }).toMillis();
	// Zones count as one clock if they agree around this wall time (a day either side covers every offset).
	const answer = zoneOfPlace(place, { samples: [rough - 86_400_000, rough, rough + 86_400_000] });
	if (answer.zone) {
		const at = wallTimeIn(text, answer.zone);
		if (at) return { at, timeZone: answer.zone, atUncertain: false };
	}
	const latest = latestReading(text);
	return latest ? { at: latest, timeZone: null, atUncertain: true } : null;
}

/**
 * The zone of a scan whose instant and offset are known (UPS gmtOffset, USPS GMTOffset, FedEx ISO offsets):
 * the place's zone when its clock shows that offset then; else the zones of the place (or its country) that
 * show that offset at that instant, when they keep one clock all year. Null when that still leaves a choice.
 */
export function zoneOfScan(place: Place, instantMs: number, offsetMinutes: number): string | null {
	const year = new Date(instantMs).getUTCFullYear();
	const answer = zoneOfPlace(place, { year });
	if (answer.zone && offsetAt(answer.zone, instantMs) === offsetMinutes) return answer.zone;
	const locality = parseLocality(place.locality);
	const country = countryCodeOf(place.countryCode) ?? countryCodeOf(place.country) ?? countryCodeOf(locality.country);
	const pool = answer.candidates.length > 0 && !answer.zone ? answer.candidates : country ? countryZones(country) : [];
	const showing = pool.filter((zone) => offsetAt(zone, instantMs) === offsetMinutes);
	const groups = sameClockGroups(showing, yearSamples(year));
	if (groups.length !== 1) return null;
	const state = country ? (stateOf(country, place.state) ?? stateOf(country, locality.state)) : null;
	return representative(groups[0], country, state && country ? (STATE_ZONES[country]?.[state] ?? []) : []);
}
