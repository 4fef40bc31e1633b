/**
 * USPS Addresses v3 (addresses-v3r2_2.yaml): GET /addresses/v3/address with the address in the query, bearer
 * token from the same OAuth client as tracking. USPS standardises one domestic address: 200 with the
 * address, DPV confirmation and match codes; 404 when nothing matches; an error naming "more than one
 * address" when several match and none is the default (USPS gives no candidate list).
 * Fixtures: test/fixtures/vendor-native/usps/address.
 */
import { HttpError, ValidationError, type HttpRequest, type Transport } from '../../http';
import {
	addressForCarrier,
	joinZip,
	matchedCheck,
	splitUsZip,
	unmatchedCheck,
	type AddressCheck,
	type AddressValidator,
} from '../carriers/address';
import { ExecutionTokenCache, sendWithBearer } from '../carriers/oauth';
import type { Address } from '../../order/types';
import { baseOf, uspsTokenCache, type UspsCredentials } from './client';

/** The `state` pattern of GET /address: states, DC, territories, military (AA, AE, AP), freely associated states. */
const USPS_STATES = new Set(
	(
		'AA AE AL AK AP AS AZ AR CA CO CT DE DC FM FL GA GU HI ID IL IN IA KS KY LA ME MH MD MA MI MN MS MO MP MT NE ' +
		'NV NH NJ NM NY NC ND OH OK OR PW PA PR RI SC SD TN TX UT VT VI VA WA WV WI WY'
	).split(' '),
);

export interface UspsAddressResponse {
	firm?: string;
	address?: {
		streetAddress?: string;
		secondaryAddress?: string;
		city?: string;
		state?: string;
		ZIPCode?: string;
		ZIPPlus4?: string | null;
		urbanization?: string;
	};
	additionalInfo?: { DPVConfirmation?: string; business?: string; vacant?: string };
	corrections?: Array<{ code?: string; text?: string }>;
	matches?: Array<{ code?: string; text?: string }>;
	warnings?: string[];
}

/** The GET /address query for a checked address; refuses what the spec would refuse, naming the field. */
export function uspsAddressQuery(address: Address): Record<string, string> {
	if (!USPS_STATES.has(address.provinceCode ?? ''))
		throw new ValidationError(
			`Province Code "${address.provinceCode}" is not a USPS state code`,
			'provinceCode',
			'Use the two-letter state code (WA, NY, PR...), not the state name.',
		);
	const [zip, plus4] = splitUsZip(address.zip);
	if (zip && !/^\d{5}$/.test(zip))
		throw new ValidationError(
			`ZIP "${address.zip}" is not a US ZIP code`,
			'zip',
			'Use the 5-digit ZIP code, optionally with its 4-digit extension (98101 or 98101-2104).',
		);
	const query: Record<string, string> = { streetAddress: address.address1! };
	if (address.address2) query.secondaryAddress = address.address2;
	if (address.city) query.city = address.city;
	query.state = address.provinceCode!;
	if (zip) query.ZIPCode = zip;
	if (plus4) query.ZIPPlus4 = plus4;
	return query;
}

function residentialOf(business: string | undefined): boolean | null {
	// USPS documents "business address" Y / N only; N is read as residential.
	if (business === 'Y') return false;
	if (business === 'N') return true;
	return null;
}

function codeTexts(list: Array<{ code?: string; text?: string }> | undefined): string[] {
	return (Array.isArray(list) ? list : [])
		.filter((c) => c && typeof c === 'object')
		.map((c) => [c.code, c.text].filter(Boolean).join(' '))
		.filter((t) => t !== '');
}

/** Reads a 200 answer of GET /address for the address that was asked about. */
export function normaliseUspsAddress(input: Address, body: UspsAddressResponse): AddressCheck {
	const a = body?.address ?? {};
	const standard: Address = {
		address1: a.streetAddress ?? null,
		address2: a.secondaryAddress ?? null,
		city: a.city ?? null,
		provinceCode: a.state ?? null,
		zip: joinZip(a.ZIPCode, a.ZIPPlus4),
		countryCode: input.countryCode ?? 'US',
	};
	const residential = residentialOf(body?.additionalInfo?.business);
	const warnings = Array.isArray(body?.warnings) ? body.warnings.map(String) : [];
	const messages = [...codeTexts(body?.corrections), ...warnings];
	const dpv = body?.additionalInfo?.DPVConfirmation;
	if (dpv === 'N')
		return unmatchedCheck('usps', 'invalid', [], {
			residential: null,
			messages: [...messages, 'USPS does not know this street number (DPV N).'],
		});
	if (dpv === 'D')
		// The building is known, the apartment or suite is missing: one building, several delivery points.
		return unmatchedCheck('usps', 'ambiguous', [standard], {
			residential,
			messages: [...messages, 'USPS found the building but needs the apartment, suite or unit number (DPV D).'],
		});
	if (dpv === 'S') messages.push('USPS could not confirm the apartment, suite or unit number (DPV S).');
	return matchedCheck('usps', input, standard, { residential, messages });
}

/** An answer that is a verdict although it is not 200: "no match" (invalid) or "more than one" (ambiguous). */
export function uspsVerdictFromError(status: number, body: unknown): AddressCheck | null {
	const message = String((body as { error?: { message?: string } })?.error?.message ?? '');
	if ((status === 400 || status === 404) && /more than one address/i.test(message))
		return unmatchedCheck('usps', 'ambiguous', [], { messages: [message] });
	if (status === 404)
		return unmatchedCheck('usps', 'invalid', [], {
			messages: [message || 'USPS found no address matching this one.'],
		});
	return null;
}

export class UspsAddressValidator implements AddressValidator {
	readonly carrier = 'usps' as const;
	readonly tokens: ExecutionTokenCache;

	constructor(
		private readonly transport: Transport,
		private readonly credentials: UspsCredentials,
		tokens?: ExecutionTokenCache,
	) {
		this.tokens = tokens ?? uspsTokenCache(transport, credentials);
	}

	async validate(address: Address): Promise<AddressCheck> {
		const input = addressForCarrier('usps', address);
		const request: HttpRequest = {
			method: 'GET',
			url: `${baseOf(this.credentials)}/addresses/v3/address`,
			query: uspsAddressQuery(input),
			headers: { accept: 'application/json' },
			operation: 'usps.address',
		};
		const response = await sendWithBearer(this.transport, this.tokens, request, 'USPS', 'Addresses API');
		if (response.status === 200) return normaliseUspsAddress(input, response.body as UspsAddressResponse);
		const verdict = uspsVerdictFromError(response.status, response.body);
		if (verdict) return verdict;
		const message = (response.body as { error?: { message?: string } })?.error?.message;
		throw new HttpError(
			response,
			request,
			`USPS refused the address request (${response.status}${message ? `: ${message}` : ''})`,
			response.status === 403
				? 'Add the Addresses API to the app on developers.usps.com, then try again.'
				: response.status >= 400 && response.status < 500
					? 'Check the address field USPS names in the message (street, city, two-letter state, 5-digit ZIP).'
					: undefined,
		);
	}
}
