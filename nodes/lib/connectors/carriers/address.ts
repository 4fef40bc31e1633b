/**
 * Carrier address validation (issue 17): one answer shape for UPS Address Validation - Street Level (XAV),
 * USPS Addresses v3 and FedEx Address Validation, so the customer page can offer the carrier's standardised
 * address before the order is changed. Each carrier's request and reading live in <carrier>/address.ts.
 */
import { ValidationError } from '../../http';
import type { Address } from '../../order/types';

export const ADDRESS_CARRIERS = ['ups', 'usps', 'fedex'] as const;
export type AddressCarrier = (typeof ADDRESS_CARRIERS)[number];

export type AddressVerdict = 'valid' | 'corrected' | 'ambiguous' | 'invalid';

export interface AddressCheck {
	carrier: AddressCarrier;
	verdict: AddressVerdict;
	/** The carrier's standardised form of the address, when it has exactly one. */
	suggestion: Address | null;
	/** Every candidate the carrier returned (ambiguous: several). */
	candidates: Address[];
	/** What differs between the input and the suggestion, by field (address1, city, zip...), for the page. */
	changes: Array<{ field: keyof Address; from: string | null; to: string | null }>;
	residential: boolean | null;
	messages: string[];
}

/** What a carrier connector offers: one address in, one check out (a vendor 4xx throws HttpError). */
export interface AddressValidator {
	readonly carrier: AddressCarrier;
	validate(address: Address): Promise<AddressCheck>;
}

/** The fields a carrier checks and standardises, in the order a page shows them. */
export const CHECKED_FIELDS = ['address1', 'address2', 'city', 'provinceCode', 'zip', 'countryCode'] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];

/** Trimmed, inner whitespace collapsed; empty is null. Case is kept: a case change is a correction. */
export function cleanPart(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	const text = String(value).replace(/\s+/g, ' ').trim();
	return text === '' ? null : text;
}

/** The checked fields of an address, cleaned (name, company, phone are not the carrier's to judge). */
export function checkedPart(address: Address): Address {
	const out: Address = {};
	for (const field of CHECKED_FIELDS) out[field] = cleanPart(address[field]);
	return out;
}

export function addressChanges(input: Address, suggestion: Address): AddressCheck['changes'] {
	const changes: AddressCheck['changes'] = [];
	for (const field of CHECKED_FIELDS) {
		const from = cleanPart(input[field]);
		const to = cleanPart(suggestion[field]);
		if (from !== to) changes.push({ field, from, to });
	}
	return changes;
}

/**
 * The check for a carrier that matched exactly one address: valid when it equals the input as typed,
 * corrected otherwise (the carrier's form differs: a ZIP+4, a street suffix, upper case).
 */
export function matchedCheck(
	carrier: AddressCarrier,
	input: Address,
	suggestion: Address,
	extra: { residential?: boolean | null; messages?: string[] } = {},
): AddressCheck {
	const standard = checkedPart(suggestion);
	const changes = addressChanges(input, standard);
	return {
		carrier,
		verdict: changes.length === 0 ? 'valid' : 'corrected',
		suggestion: standard,
		candidates: [standard],
		changes,
		residential: extra.residential ?? null,
		messages: extra.messages ?? [],
	};
}

/** The check without a single suggestion: several candidates, or none. */
export function unmatchedCheck(
	carrier: AddressCarrier,
	verdict: 'ambiguous' | 'invalid',
	candidates: Address[],
	extra: { residential?: boolean | null; messages?: string[] } = {},
): AddressCheck {
	return {
		carrier,
		verdict,
		suggestion: null,
		candidates: candidates.map(checkedPart),
		changes: [],
		residential: extra.residential ?? null,
		messages: extra.messages ?? [],
	};
}

/** "98101" + "2104" -> "98101-2104"; the +4 only when there is one. */
export function joinZip(base: unknown, plus: unknown): string | null {
	const five = cleanPart(base);
	const four = cleanPart(plus);
	if (!five) return null;
	return four ? `${five}-${four}` : five;
}

/** "98101-2104" -> ["98101", "2104"]; "98101" -> ["98101", null]. */
export function splitUsZip(zip: string | null | undefined): [string | null, string | null] {
	const clean = cleanPart(zip);
	if (!clean) return [null, null];
	const m = /^(\d{5})(?:[-\s]?(\d{4}))?$/.exec(clean);
	return m ? [m[1], m[2] ?? null] : [clean, null];
}

const NAMES: Record<AddressCarrier, string> = { ups: 'UPS', usps: 'USPS', fedex: 'FedEx' };

/** Countries that are US postal territory: USPS takes them with their own code as the state. */
const US_TERRITORIES = ['PR', 'VI', 'GU', 'AS', 'MP'];

export interface AddressRules {
	/** The countries the carrier's address API can validate (undefined: any). */
	countries?: readonly string[];
	/** Why the others are refused, for the message. */
	coverage?: string;
	/** The state or province is required (USPS). */
	requireProvince?: boolean;
}

export const ADDRESS_RULES: Record<AddressCarrier, AddressRules> = {
	// USPS Addresses v3 standardises domestic addresses only (its state pattern lists US states and territories).
	usps: { countries: ['US', ...US_TERRITORIES], coverage: 'USPS validates US addresses only', requireProvince: true },
	// XAV street level: "addresses in the U.S. and Puerto Rico" (AddressValidation.yaml).
	ups: { countries: ['US', 'PR'], coverage: 'UPS street level validation covers the US and Puerto Rico only' },
	fedex: {},
};

/**
 * The input as the carrier will get it, or a ValidationError naming the field and what to do: the country
 * is always needed (nothing is assumed), and a carrier is never asked about a country it cannot validate.
 */
export function addressForCarrier(carrier: AddressCarrier, address: Address): Address {
	const input = checkedPart(address ?? {});
	const name = NAMES[carrier];
	const country = input.countryCode?.toUpperCase() ?? null;
	if (!country)
		throw new ValidationError(
			'Country Code is missing',
			'countryCode',
			'Set Country Code to the two-letter ISO code of the address (US, CA, GB...).',
		);
	if (!/^[A-Z]{2}$/.test(country))
		throw new ValidationError(
			`Country Code "${input.countryCode}" is not a two-letter ISO code`,
			'countryCode',
			'Use the two-letter code (US, not USA or United States): Shopify calls it countryCode.',
		);
	input.countryCode = country;
	const rules = ADDRESS_RULES[carrier];
	if (rules.countries && !rules.countries.includes(country))
		throw new ValidationError(
			`${name} cannot validate an address in ${country}: ${rules.coverage}`,
			'countryCode',
			`Choose FedEx as the carrier for addresses outside ${carrier === 'usps' ? 'the US' : 'the US and PR'}, ` +
				'or skip validation for this address.',
		);
	if (!input.address1)
		throw new ValidationError(
			'Address Line 1 is missing',
			'address1',
			'Set Address Line 1 to the street and house number (for example {{ $json.address1 }}).',
		);
	if (input.provinceCode) input.provinceCode = input.provinceCode.toUpperCase();
	if (rules.requireProvince && !input.provinceCode && US_TERRITORIES.includes(country)) input.provinceCode = country;
	if (rules.requireProvince && !input.provinceCode)
		throw new ValidationError(
			'Province Code (state) is missing',
			'provinceCode',
			`${name} needs the two-letter state code (WA, NY...): Shopify calls it provinceCode.`,
		);
	if (!input.city && !input.zip)
		throw new ValidationError(
			'City and ZIP / postal code are both missing',
			'city',
			`${name} needs the city or the postal code, preferably both.`,
		);
	return input;
}
