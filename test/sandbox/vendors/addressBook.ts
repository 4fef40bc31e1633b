/**
 * The sandbox carriers' small address book (issue 17): which addresses their address endpoints know, so the
 * UPS, USPS and FedEx simulators agree. A street + ZIP they know is answered with its standard form (valid
 * when asked exactly so, corrected otherwise), a street with a missing directional with its candidates
 * (ambiguous); anything else is unknown (invalid). Fictional places, US-style as the carriers' own examples.
 */

export interface BookAddress {
	address1: string;
	address2?: string;
	city: string;
	state: string;
	zip5: string;
	plus4: string;
	/** true residential, false commercial. */
	residential: boolean;
}

export interface BookEntry {
	/** One standard form: the carrier's suggestion. Several: the candidates of an ambiguous street. */
	standard: BookAddress[];
}

/** Upper case, whitespace collapsed, the usual suffixes and unit words abbreviated as USPS Publication 28 does. */
export function bookKey(street: string | undefined, zip: string | undefined): string {
	const s = String(street ?? '')
		.toUpperCase()
		.replace(/[.,]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/\bSTREET\b/g, 'ST')
		.replace(/\bAVENUE\b/g, 'AVE')
		.replace(/\bBOULEVARD\b/g, 'BLVD')
		.replace(/\bROAD\b/g, 'RD');
	return `${s}|${String(zip ?? '').slice(0, 5)}`;
}

const PINE: BookAddress = {
	address1: '1200 PINE ST',
	address2: 'APT 4B',
	city: 'SEATTLE',
	state: 'WA',
	zip5: '98101',
	plus4: '2104',
	residential: true,
};
const MARKET: BookAddress = {
	address1: '350 MARKET ST',
	address2: 'STE 200',
	city: 'SAN FRANCISCO',
	state: 'CA',
	zip5: '94105',
	plus4: '1712',
	residential: false,
};
const OAK_N: BookAddress = {
	address1: '500 N OAK AVE',
	city: 'SPRINGFIELD',
	state: 'IL',
	zip5: '62704',
	plus4: '1001',
	residential: true,
};
const OAK_S: BookAddress = { ...OAK_N, address1: '500 S OAK AVE', plus4: '1002', residential: false };

export const ADDRESS_BOOK: Record<string, BookEntry> = {
	[bookKey('1200 PINE ST', '98101')]: { standard: [PINE] },
	[bookKey('350 MARKET ST', '94105')]: { standard: [MARKET] },
	[bookKey('500 OAK AVE', '62704')]: { standard: [OAK_N, OAK_S] },
};

/** The entry for a street + ZIP, or undefined (an unknown address). */
export function lookUpAddress(street: string | undefined, zip: string | undefined): BookEntry | undefined {
	return ADDRESS_BOOK[bookKey(street, zip)];
}

/** The secondary line of the answer: the asked unit upper-cased, else the book's. */
export function unitOf(asked: string | undefined, book: BookAddress): string | undefined {
	const unit = String(asked ?? '')
		.toUpperCase()
		.replace(/\s+/g, ' ')
		.trim();
	return unit || book.address2;
}
