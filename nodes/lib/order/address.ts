/**
 * Address comparison for status_mismatch: is the address the warehouse ships to the one the customer
 * has in Shopify? Warehouses and shipping platforms hand addresses back USPS-normalised (ShipStation:
 * upper case, ZIP+4, Publication 28 abbreviations), so the same address is spelled differently on
 * each side. These small pure functions reduce both to one comparable form; only a difference that
 * survives them is a difference a person must look at.
 */
import type { Address } from './types';

/** USPS Publication 28, appendix C1 (street suffixes), with the spellings people commonly type. */
const STREET_SUFFIX: Record<string, string> = {
	ALLEY: 'ALY',
	ALLY: 'ALY',
	ANNEX: 'ANX',
	ARCADE: 'ARC',
	AVENUE: 'AVE',
	AV: 'AVE',
	AVEN: 'AVE',
	AVENU: 'AVE',
	AVN: 'AVE',
	AVNUE: 'AVE',
	BAYOU: 'BYU',
	BEACH: 'BCH',
	BEND: 'BND',
	BLUFF: 'BLF',
	BOTTOM: 'BTM',
	BOULEVARD: 'BLVD',
	BOUL: 'BLVD',
	BOULV: 'BLVD',
	BRANCH: 'BR',
	BRIDGE: 'BRG',
	BROOK: 'BRK',
	BYPASS: 'BYP',
	CANYON: 'CYN',
	CAUSEWAY: 'CSWY',
	CENTER: 'CTR',
	CENTRE: 'CTR',
	CENTR: 'CTR',
	CIRCLE: 'CIR',
	CIRC: 'CIR',
	CLIFF: 'CLF',
	CLIFFS: 'CLFS',
	COMMON: 'CMN',
	CORNER: 'COR',
	COURSE: 'CRSE',
	COURT: 'CT',
	COURTS: 'CTS',
	COVE: 'CV',
	CREEK: 'CRK',
	CRESCENT: 'CRES',
	CROSSING: 'XING',
	DRIVE: 'DR',
	DRIV: 'DR',
	DRV: 'DR',
	ESTATE: 'EST',
	ESTATES: 'ESTS',
	EXPRESSWAY: 'EXPY',
	EXPRESS: 'EXPY',
	EXTENSION: 'EXT',
	FALLS: 'FLS',
	FERRY: 'FRY',
	FIELD: 'FLD',
	FIELDS: 'FLDS',
	FLAT: 'FLT',
	FOREST: 'FRST',
	FORK: 'FRK',
	FREEWAY: 'FWY',
	GARDEN: 'GDN',
	GARDENS: 'GDNS',
	GATEWAY: 'GTWY',
	GLEN: 'GLN',
	GREEN: 'GRN',
	GROVE: 'GRV',
	HARBOR: 'HBR',
	HAVEN: 'HVN',
	HEIGHTS: 'HTS',
	HIGHWAY: 'HWY',
	HIGHWY: 'HWY',
	HILL: 'HL',
	HILLS: 'HLS',
	HOLLOW: 'HOLW',
	ISLAND: 'IS',
	JUNCTION: 'JCT',
	KNOLL: 'KNL',
	LAKE: 'LK',
	LAKES: 'LKS',
	LANDING: 'LNDG',
	LANE: 'LN',
	LIGHT: 'LGT',
	LOCK: 'LCK',
	LODGE: 'LDG',
	MANOR: 'MNR',
	MEADOW: 'MDW',
	MEADOWS: 'MDWS',
	MILL: 'ML',
	MISSION: 'MSN',
	MOTORWAY: 'MTWY',
	MOUNT: 'MT',
	MOUNTAIN: 'MTN',
	ORCHARD: 'ORCH',
	PARKWAY: 'PKWY',
	PARKWY: 'PKWY',
	PKY: 'PKWY',
	PASSAGE: 'PSGE',
	PINES: 'PNES',
	PLACE: 'PL',
	PLAIN: 'PLN',
	PLAINS: 'PLNS',
	PLAZA: 'PLZ',
	POINT: 'PT',
	POINTS: 'PTS',
	PORT: 'PRT',
	PRAIRIE: 'PR',
	RANCH: 'RNCH',
	RAPIDS: 'RPDS',
	RIDGE: 'RDG',
	RIVER: 'RIV',
	ROAD: 'RD',
	ROADS: 'RDS',
	ROUTE: 'RTE',
	SHORE: 'SHR',
	SHORES: 'SHRS',
	SKYWAY: 'SKWY',
	SPRING: 'SPG',
	SPRINGS: 'SPGS',
	SQUARE: 'SQ',
	STATION: 'STA',
	STREET: 'ST',
	STR: 'ST',
	STRT: 'ST',
	STREETS: 'STS',
	SUMMIT: 'SMT',
	TERRACE: 'TER',
	TERR: 'TER',
	THROUGHWAY: 'TRWY',
	TRACE: 'TRCE',
	TRACK: 'TRAK',
	TRAIL: 'TRL',
	TRAILS: 'TRL',
	TUNNEL: 'TUNL',
	TURNPIKE: 'TPKE',
	UNION: 'UN',
	VALLEY: 'VLY',
	VIADUCT: 'VIA',
	VIEW: 'VW',
	VILLAGE: 'VLG',
	VILLE: 'VL',
	VISTA: 'VIS',
	WALKS: 'WALK',
	WELLS: 'WLS',
};

/** Directionals (Publication 28, appendix B). */
const DIRECTIONAL: Record<string, string> = {
	NORTH: 'N',
	SOUTH: 'S',
	EAST: 'E',
	WEST: 'W',
	NORTHEAST: 'NE',
	NORTHWEST: 'NW',
	SOUTHEAST: 'SE',
	SOUTHWEST: 'SW',
};

/**
 * Secondary unit designators (appendix C2). USPS writes "#" when it does not know the designator, so
 * "Apt 4", "Suite 4", "Unit 4" and "# 4" on the same street line all mean unit 4: one token for all.
 */
const UNIT: Record<string, string> = {
	APARTMENT: '#',
	APT: '#',
	SUITE: '#',
	STE: '#',
	UNIT: '#',
	'#': '#',
	NO: '#',
	NUMBER: '#',
	BUILDING: 'BLDG',
	BLDG: 'BLDG',
	FLOOR: 'FL',
	FL: 'FL',
	ROOM: 'RM',
	RM: 'RM',
	DEPARTMENT: 'DEPT',
	DEPT: 'DEPT',
	SPACE: 'SPC',
	LOT: 'LOT',
};

/** Words abbreviated the same way everywhere in a line ("Saint James" and "St James" are one street). */
const COMMON: Record<string, string> = { SAINT: 'ST', FORT: 'FT' };

const US_STATES: Record<string, string> = {
	ALABAMA: 'AL',
	ALASKA: 'AK',
	ARIZONA: 'AZ',
	ARKANSAS: 'AR',
	CALIFORNIA: 'CA',
	COLORADO: 'CO',
	CONNECTICUT: 'CT',
	DELAWARE: 'DE',
	'DISTRICT OF COLUMBIA': 'DC',
	FLORIDA: 'FL',
	GEORGIA: 'GA',
	HAWAII: 'HI',
	IDAHO: 'ID',
	ILLINOIS: 'IL',
	INDIANA: 'IN',
	IOWA: 'IA',
	KANSAS: 'KS',
	KENTUCKY: 'KY',
	LOUISIANA: 'LA',
	MAINE: 'ME',
	MARYLAND: 'MD',
	MASSACHUSETTS: 'MA',
	MICHIGAN: 'MI',
	MINNESOTA: 'MN',
	MISSISSIPPI: 'MS',
	MISSOURI: 'MO',
	MONTANA: 'MT',
	NEBRASKA: 'NE',
	NEVADA: 'NV',
	'NEW HAMPSHIRE': 'NH',
	'NEW JERSEY': 'NJ',
	'NEW MEXICO': 'NM',
	'NEW YORK': 'NY',
	'NORTH CAROLINA': 'NC',
	'NORTH DAKOTA': 'ND',
	OHIO: 'OH',
	OKLAHOMA: 'OK',
	OREGON: 'OR',
	PENNSYLVANIA: 'PA',
	'RHODE ISLAND': 'RI',
	'SOUTH CAROLINA': 'SC',
	'SOUTH DAKOTA': 'SD',
	TENNESSEE: 'TN',
	TEXAS: 'TX',
	UTAH: 'UT',
	VERMONT: 'VT',
	VIRGINIA: 'VA',
	WASHINGTON: 'WA',
	'WEST VIRGINIA': 'WV',
	WISCONSIN: 'WI',
	WYOMING: 'WY',
	'PUERTO RICO': 'PR',
	GUAM: 'GU',
	'VIRGIN ISLANDS': 'VI',
	'AMERICAN SAMOA': 'AS',
	'NORTHERN MARIANA ISLANDS': 'MP',
};

const COUNTRIES: Record<string, string> = {
	'UNITED STATES': 'US',
	'UNITED STATES OF AMERICA': 'US',
	USA: 'US',
	'U S A': 'US',
	'U S': 'US',
	CANADA: 'CA',
	'UNITED KINGDOM': 'GB',
	UK: 'GB',
	'GREAT BRITAIN': 'GB',
	AUSTRALIA: 'AU',
	GERMANY: 'DE',
	FRANCE: 'FR',
	MEXICO: 'MX',
};

/**
 * True when cleanText would only upper-case the value: ASCII letters, digits and hyphens in words
 * separated by single spaces, a hyphen never next to a space, no space at either end. Most address
 * fields look like this, and the regular-expression chain below costs ten times the check.
 */
function onlyNeedsUpperCase(value: string): boolean {
	const last = value.length - 1;
	for (let i = 0; i <= last; i++) {
		const c = value.charCodeAt(i);
		if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57)) continue;
		if (c === 45) {
			// "-" stays, unless a space touches it (cleanText drops spaces around a hyphen).
			if (i > 0 && value.charCodeAt(i - 1) === 32) return false;
			if (i < last && value.charCodeAt(i + 1) === 32) return false;
			continue;
		}
		if (c === 32 && i > 0 && i < last && value.charCodeAt(i + 1) !== 32) continue;
		return false;
	}
	return true;
}

/** Upper case, accents folded, punctuation dropped ("#" kept as its own word), single spaces. */
export function cleanText(value: string | null | undefined): string {
	if (!value) return '';
	if (typeof value === 'string' && onlyNeedsUpperCase(value)) return value.toUpperCase();
	return value
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toUpperCase()
		.replace(/#/g, ' # ')
		.replace(/[.,'’`"()]/g, '')
		.replace(/\s*-\s*/g, '-')
		.replace(/[^A-Z0-9#\- ]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * Every street word's USPS form in one map, earlier tables winning as the chain of lookups did
 * (suffix, directional, unit, common); one hash lookup per word instead of up to four.
 */
const STREET_WORD = new Map<string, string>();
for (const table of [COMMON, UNIT, DIRECTIONAL, STREET_SUFFIX])
	for (const [word, usps] of Object.entries(table)) STREET_WORD.set(word, usps);

/** One upper-case street word in USPS form ("AVENUE" -> "AVE", "APT" -> "#"); other words as they are. */
export function streetWord(word: string): string {
	return STREET_WORD.get(word) ?? word;
}

/** One street line in USPS form: "123 North Main Street, Suite 4" -> "123 N MAIN ST # 4". */
export function normaliseStreet(value: string | null | undefined): string {
	// Most addresses have no second line: nothing to split.
	if (!value) return '';
	const words = cleanText(value).split(' ');
	let out = '';
	let last = '';
	for (const w of words) {
		if (w === '') continue;
		const n = STREET_WORD.get(w) ?? w;
		// "Apt. #12": one unit designator, not two.
		if (n === '#' && last === '#') continue;
		out = out === '' ? n : `${out} ${n}`;
		last = n;
	}
	return out;
}

/** "St. Louis" and "SAINT LOUIS" are one city. */
export function normaliseCity(value: string | null | undefined): string {
	const text = cleanText(value);
	// Most cities are one word: no list of words to split off and join again (issue 14).
	if (!text.includes(' ')) return cityWord(text);
	let out = '';
	const words = text.split(' ');
	for (let i = 0; i < words.length; i++) out = i === 0 ? cityWord(words[i]) : `${out} ${cityWord(words[i])}`;
	return out;
}

/** One upper-case word of a city in its common short form ("SAINT" -> "ST", "MOUNT" -> "MT"). */
function cityWord(word: string): string {
	return COMMON[word] ?? (word === 'MOUNT' ? 'MT' : word);
}

/** Two-letter country code when the name is a known one. */
export function normaliseCountry(address: Address): string {
	const code = cleanText(address.countryCode);
	if (code.length === 2) return code;
	const name = cleanText(address.country);
	return COUNTRIES[name] ?? name;
}

/** US ZIP+4 compares by its five-digit ZIP; elsewhere the postcode without spaces. */
export function normaliseZip(zip: string | null | undefined, country: string): string {
	// cleanText leaves no white space but single spaces: most postcodes have none, and need no replace.
	const text = cleanText(zip);
	const z = text.includes(' ') ? text.replace(/ /g, '') : text;
	if ((country === 'US' || country === '') && /^\d{5}(-?\d{4})?$/.test(z)) return z.slice(0, 5);
	return z;
}

/** State code when the name is a US state ("California" -> "CA"), else the cleaned text. */
export function normaliseProvince(address: Address): string {
	const code = cleanText(address.provinceCode);
	if (code !== '') return code;
	const name = cleanText(address.province);
	return US_STATES[name] ?? name;
}

export interface NormalisedAddress {
	street: string;
	city: string;
	province: string;
	zip: string;
	country: string;
}

/**
 * The comparable form of a delivery address. Name, company and phone are left out on purpose: they do
 * not change where the parcel goes, and warehouses often truncate them.
 */
export function normaliseAddress(address: Address | null | undefined): NormalisedAddress | null {
	const n = normalisedOnce(address);
	return n === null ? null : { ...n };
}

/** The raw fields normalisation reads. */
interface RawAddress {
	address1: string | null | undefined;
	address2: string | null | undefined;
	city: string | null | undefined;
	province: string | null | undefined;
	provinceCode: string | null | undefined;
	zip: string | null | undefined;
	country: string | null | undefined;
	countryCode: string | null | undefined;
}

interface Remembered {
	/** null: an address with a field that is neither text nor absent (normalised, never remembered). */
	raw: RawAddress | null;
	normalised: Readonly<NormalisedAddress> | null;
	/** addressKey's answer, joined once: the key is asked for on every read of the order. */
	key: string | null;
}

/**
 * The last few addresses normalised, by their raw fields. An order's address is met several times in
 * one reconcile (each Shopify read of the order, then the rules), one after another, so a handful of
 * entries compared field by field is all a cache needs; bounded, and a pure function of the fields.
 */
const remembered: Remembered[] = [];
const REMEMBERED_LIMIT = 4;
let nextSlot = 0;

function isTextOrAbsent(v: unknown): v is string | null | undefined {
	return typeof v === 'string' || v === undefined || v === null;
}

/**
 * The raw fields normalisation reads, or null when one is neither text nor absent (not remembered). Each
 * field is read by name, here and in sameRaw: a loop over a list of field names is one read site for eight
 * names, which V8 serves by a megamorphic hash probe per read; a named read sees one or two layouts.
 */
function rawFields(address: Address): RawAddress | null {
	const raw: RawAddress = {
		address1: address.address1,
		address2: address.address2,
		city: address.city,
		province: address.province,
		provinceCode: address.provinceCode,
		zip: address.zip,
		country: address.country,
		countryCode: address.countryCode,
	};
	return isTextOrAbsent(raw.address1) &&
		isTextOrAbsent(raw.address2) &&
		isTextOrAbsent(raw.city) &&
		isTextOrAbsent(raw.province) &&
		isTextOrAbsent(raw.provinceCode) &&
		isTextOrAbsent(raw.zip) &&
		isTextOrAbsent(raw.country) &&
		isTextOrAbsent(raw.countryCode)
		? raw
		: null;
}

function sameRaw(a: RawAddress, address: Address): boolean {
	return (
		a.address1 === address.address1 &&
		a.address2 === address.address2 &&
		a.city === address.city &&
		a.province === address.province &&
		a.provinceCode === address.provinceCode &&
		a.zip === address.zip &&
		a.country === address.country &&
		a.countryCode === address.countryCode
	);
}

/** normaliseAddress, shared: callers only read the result. */
function normalisedOnce(address: Address | null | undefined): Readonly<NormalisedAddress> | null {
	return address ? rememberedOf(address).normalised : null;
}

/** The address normalised and keyed, from the remembered few when its raw fields are there. */
function rememberedOf(address: Address): Remembered {
	for (const r of remembered) if (r.raw !== null && sameRaw(r.raw, address)) return r;
	const raw = rawFields(address);
	const normalised = computeNormalised(address);
	const entry: Remembered = { raw, normalised, key: normalised === null ? null : keyOf(normalised) };
	if (raw !== null) {
		remembered[nextSlot] = entry;
		nextSlot = (nextSlot + 1) % REMEMBERED_LIMIT;
	}
	return entry;
}

function computeNormalised(address: Address): NormalisedAddress | null {
	const country = normaliseCountry(address);
	const street = joinNonEmpty(normaliseStreet(address.address1), normaliseStreet(address.address2));
	const out = {
		street,
		city: normaliseCity(address.city),
		province: normaliseProvince(address),
		zip: normaliseZip(address.zip, country),
		country,
	};
	return out.street === '' && out.city === '' && out.zip === '' ? null : out;
}

/** The two street lines joined by a space, an empty one left out (as filtering a list of the two and joining). */
function joinNonEmpty(a: string, b: string): string {
	if (a === '') return b;
	return b === '' ? a : `${a} ${b}`;
}

function keyOf(n: Readonly<NormalisedAddress>): string {
	// A template, not a list joined: one string built, no list (issue 14).
	return `${n.street}|${n.city}|${n.province}|${n.zip}|${n.country}`;
}

/** A short key of the normalised address: equal keys, same delivery address. */
export function addressKey(address: Address | null | undefined): string | null {
	return address ? rememberedOf(address).key : null;
}

/**
 * The fields in which two addresses differ after normalisation (empty: the same address). A field
 * missing on one side is not a difference: warehouses often leave the country or province out.
 */
export function addressDifferences(
	a: Address | null | undefined,
	b: Address | null | undefined,
): Array<keyof NormalisedAddress> {
	const x = normalisedOnce(a);
	const y = normalisedOnce(b);
	if (x === null || y === null) return [];
	const fields: Array<keyof NormalisedAddress> = ['street', 'city', 'province', 'zip', 'country'];
	return fields.filter((f) => x[f] !== '' && y[f] !== '' && x[f] !== y[f]);
}

/** The ship-to fields every warehouse stores and hands back, as the canonical Address names them. */
export const SHIP_TO_FIELDS = [
	'name',
	'company',
	'address1',
	'address2',
	'city',
	'province',
	'zip',
	'country',
	'phone',
] as const;
export type ShipToField = (typeof SHIP_TO_FIELDS)[number];

/** Trimmed, inner runs of white space as one space (ShipHero splits a name in two and joins it back). */
function shipToText(value: unknown): string {
	return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
}

/** A code or a name, compared without case; "IL" and "il" are one state. */
function shipToCode(value: unknown): string {
	return shipToText(value).toUpperCase();
}

/** Postcodes with their spacing ignored ("SW1A 1AA" = "SW1A1AA"). */
function shipToZip(value: unknown): string {
	return shipToCode(value).replace(/ /g, '');
}

/**
 * A province or a country as the set of what is given for it (the name and the code). Warehouses keep one
 * or both (ShipBob only `state`, ShipHero `state` and `state_code`), so two sides agree when they share a
 * value, or when both have none.
 */
function sameOneOf(a: Array<unknown>, b: Array<unknown>): boolean {
	const x = a.map(shipToCode).filter((v) => v !== '');
	const y = b.map(shipToCode).filter((v) => v !== '');
	if (x.length === 0 || y.length === 0) return x.length === y.length;
	return x.some((v) => y.includes(v));
}

/**
 * The ship-to fields in which `held` (what a warehouse holds) is not `wanted`. Exact after trimming, except
 * that country and province codes ignore case and postcodes ignore spacing; an empty field and a missing
 * one are the same. A field `wanted` leaves undefined is not compared (null or '' mean "must be empty"), so
 * a write that sets some fields can be checked against the fields it set.
 */
export function shipToDifferences(held: Address | null | undefined, wanted: Address): ShipToField[] {
	const a: Address = held ?? {};
	const out: ShipToField[] = [];
	for (const field of SHIP_TO_FIELDS) {
		if (field === 'province') {
			if (wanted.province === undefined && wanted.provinceCode === undefined) continue;
			if (!sameOneOf([a.province, a.provinceCode], [wanted.province, wanted.provinceCode])) out.push(field);
		} else if (field === 'country') {
			if (wanted.country === undefined && wanted.countryCode === undefined) continue;
			if (!sameOneOf([a.country, a.countryCode], [wanted.country, wanted.countryCode])) out.push(field);
		} else if (wanted[field] !== undefined) {
			const same =
				field === 'zip'
					? shipToZip(a.zip) === shipToZip(wanted.zip)
					: shipToText(a[field]) === shipToText(wanted[field]);
			if (!same) out.push(field);
		}
	}
	return out;
}

/**
 * Whether the warehouse already holds `wanted` as its ship-to (the test for "already done" after a call
 * whose answer was lost): shipToDifferences finds nothing. A warehouse that holds no address holds nothing.
 */
export function sameShipTo(held: Address | null | undefined, wanted: Address): boolean {
	return held !== null && held !== undefined && shipToDifferences(held, wanted).length === 0;
}

/**
 * Where an address delivers, coarse ("Seattle, WA, US"): enough for a person deciding on a request in Slack
 * (a country change, a far move), without the street or the name (customer data stays in the ledger).
 */
export function destinationOf(address: Pick<Address, 'city' | 'provinceCode' | 'countryCode'> | null): string | null {
	if (!address) return null;
	const parts = [address.city, address.provinceCode, address.countryCode]
		.map((p) => (typeof p === 'string' ? p.trim() : ''))
		.filter((p) => p !== '');
	return parts.length > 0 ? parts.join(', ') : null;
}
