/**
 * FedEx Address Validation (Addresses-Resource.json): POST /address/v1/addresses/resolve, bearer token from
 * the same OAuth client as tracking. FedEx answers one resolved entry per address and never a candidate
 * list: `attributes` say whether it Resolved (valid, or corrected when the resolved form differs from the
 * input), has MultipleMatches (ambiguous) or is only NORMALIZED (invalid). Many countries, not only the US.
 * Fixtures: test/fixtures/vendor-native/fedex/address.
 */
import { HttpError, type HttpRequest, type Transport } from '../../http';
import {
	addressForCarrier,
	joinZip,
	matchedCheck,
	unmatchedCheck,
	type AddressCheck,
	type AddressValidator,
} from '../carriers/address';
import { ExecutionTokenCache, sendWithBearer } from '../carriers/oauth';
import type { Address } from '../../order/types';
import { baseOf, fedExTokenCache, type FedExCredentials } from './client';

type Flag = boolean | string | undefined;

export interface FedExResolvedAddress {
	streetLinesToken?: string[];
	city?: string;
	stateOrProvinceCode?: string;
	countryCode?: string;
	customerMessage?: Array<{ code?: string; message?: string } | string>;
	postalCodeToken?: { changed?: boolean; value?: string };
	parsedPostalCode?: { base?: string; addOn?: string; deliveryPoint?: string };
	classification?: string;
	attributes?: Record<string, Flag>;
}

export interface FedExAddressResponse {
	output?: { resolvedAddresses?: FedExResolvedAddress[]; alerts?: Array<{ code?: string; message?: string }> };
}

export function fedExAddressRequestBody(address: Address) {
	return {
		addressesToValidate: [
			{
				address: {
					streetLines: [address.address1, address.address2].filter((l): l is string => !!l),
					...(address.city ? { city: address.city } : {}),
					...(address.provinceCode ? { stateOrProvinceCode: address.provinceCode } : {}),
					...(address.zip ? { postalCode: address.zip } : {}),
					countryCode: address.countryCode!,
				},
			},
		],
	};
}

/** The spec types attributes as booleans; answers have been seen with "true"/"false" strings. Both count. */
const isTrue = (flag: Flag) => flag === true || flag === 'true';

function residentialOf(classification: string | undefined): boolean | null {
	if (classification === 'RESIDENTIAL') return true;
	if (classification === 'BUSINESS') return false;
	return null; // MIXED, UNKNOWN, absent (FedEx classifies US and Canadian addresses only)
}

function resolvedAddress(r: FedExResolvedAddress): Address {
	const lines = Array.isArray(r.streetLinesToken) ? r.streetLinesToken.map(String) : [];
	const parsed = r.parsedPostalCode;
	const zip =
		parsed?.base && r.countryCode === 'US' ? joinZip(parsed.base, parsed.addOn) : (r.postalCodeToken?.value ?? null);
	return {
		address1: lines[0] ?? null,
		address2: lines.slice(1).join(' ') || null,
		city: r.city ?? null,
		provinceCode: r.stateOrProvinceCode ?? null,
		zip: zip ?? joinZip(parsed?.base, parsed?.addOn),
		countryCode: r.countryCode ?? null,
	};
}

const CUSTOMER_MESSAGES: Record<string, string> = {
	'INVALID.SUITE.NUMBER': 'The apartment or suite number is invalid or missing.',
	'SUITE.NUMBER.REQUIRED': 'An apartment or suite number is required.',
	'PARTIAL.STREET.MATCH': 'A single street address is needed: the one entered is a range of street numbers.',
	'MISSING.OR.AMBIGUOUS.DIRECTIONAL': 'The street direction (N, S, E, W) is missing or ambiguous.',
	'INTERPOLATED.STREET.ADDRESS':
		'FedEx could not confirm the exact street number; it lies within a valid range for the street.',
	'RRHC.CONVERSION': 'A street address is needed: the rural route address was converted.',
};

function messagesOf(r: FedExResolvedAddress, alerts: Array<{ code?: string; message?: string }>): string[] {
	const out: string[] = [];
	for (const m of Array.isArray(r.customerMessage) ? r.customerMessage : []) {
		if (!m) continue;
		const code = typeof m === 'string' ? m : (m.code ?? '');
		const text = typeof m === 'string' ? '' : (m.message ?? '');
		out.push(CUSTOMER_MESSAGES[code] ?? (text || code));
	}
	for (const a of alerts) if (a?.message || a?.code) out.push(a.message || String(a.code));
	return out.filter(Boolean);
}

/** Reads a 200 answer for the (single) address that was asked about. */
export function normaliseFedExAddress(input: Address, body: FedExAddressResponse): AddressCheck {
	const list = body?.output?.resolvedAddresses;
	const resolved = Array.isArray(list) ? list[0] : undefined;
	const alerts = Array.isArray(body?.output?.alerts) ? body!.output!.alerts! : [];
	if (!resolved)
		return unmatchedCheck('fedex', 'invalid', [], {
			messages: [...messagesOf({}, alerts), 'FedEx returned no resolved address.'],
		});
	const attributes = resolved.attributes ?? {};
	const messages = messagesOf(resolved, alerts);
	const residential = residentialOf(resolved.classification);
	if (isTrue(attributes.MultipleMatches))
		return unmatchedCheck('fedex', 'ambiguous', [resolvedAddress(resolved)], {
			residential,
			messages: [...messages, 'FedEx found several matching addresses: more detail is needed.'],
		});
	if (!isTrue(attributes.Resolved))
		return unmatchedCheck('fedex', 'invalid', [], {
			residential: null,
			messages: [...messages, 'FedEx could not match this address to a known address.'],
		});
	if (isTrue(attributes.SuiteRequiredButMissing) && !messages.some((m) => /suite/i.test(m)))
		messages.push(CUSTOMER_MESSAGES['SUITE.NUMBER.REQUIRED']);
	return matchedCheck('fedex', input, resolvedAddress(resolved), { residential, messages });
}

/** A 400 that is an answer about the address: the spec's own STANDARDIZED.ADDRESS.NOTFOUND example. */
export function fedExVerdictFromError(status: number, body: unknown): AddressCheck | null {
	const errors = (body as { errors?: Array<{ code?: string; message?: string }> })?.errors ?? [];
	const notFound = errors.find((e) => e.code === 'STANDARDIZED.ADDRESS.NOTFOUND');
	if (status === 400 && notFound)
		return unmatchedCheck('fedex', 'invalid', [], {
			messages: [notFound.message || 'FedEx found no standardized address.'],
		});
	return null;
}

export class FedExAddressValidator implements AddressValidator {
	readonly carrier = 'fedex' as const;
	readonly tokens: ExecutionTokenCache;

	constructor(
		private readonly transport: Transport,
		private readonly credentials: FedExCredentials,
		tokens?: ExecutionTokenCache,
	) {
		this.tokens = tokens ?? fedExTokenCache(transport, credentials);
	}

	async validate(address: Address): Promise<AddressCheck> {
		const input = addressForCarrier('fedex', address);
		const request: HttpRequest = {
			method: 'POST',
			url: `${baseOf(this.credentials)}/address/v1/addresses/resolve`,
			headers: { 'content-type': 'application/json', 'x-locale': 'en_US' },
			body: fedExAddressRequestBody(input),
			operation: 'fedex.addressValidation',
			effect: 'read',
		};
		const response = await sendWithBearer(this.transport, this.tokens, request, 'FedEx', 'Address Validation API');
		if (response.status === 200) return normaliseFedExAddress(input, response.body as FedExAddressResponse);
		const verdict = fedExVerdictFromError(response.status, response.body);
		if (verdict) return verdict;
		const error = (response.body as { errors?: Array<{ code?: string; message?: string }> })?.errors?.[0];
		throw new HttpError(
			response,
			request,
			`FedEx refused the address validation request (${response.status}` +
				`${error ? `, ${error.code}: ${error.message}` : ''})`,
			response.status === 403
				? 'Add the Address Validation API to the project on developer.fedex.com, then try again.'
				: response.status >= 400 && response.status < 500
					? 'Check the address fields FedEx names in the message (street lines, city, postal code, country code).'
					: undefined,
		);
	}
}
