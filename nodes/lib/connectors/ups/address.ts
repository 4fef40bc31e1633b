/**
 * UPS Address Validation - Street Level (XAV v2, AddressValidation.yaml): POST
 * /api/addressvalidation/v2/3 (request option 3: validation and classification), bearer token from the
 * same OAuth client as tracking. The answer is one of three indicators: ValidAddressIndicator (one
 * candidate: valid, or corrected when it differs from the input), AmbiguousAddressIndicator (a candidate
 * list), NoCandidatesIndicator (invalid). Fixtures: test/fixtures/vendor-native/ups/address.
 */
import { randomUUID } from 'node:crypto';
import { HttpError, type HttpRequest, type Transport } from '../../http';
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
import { baseOf, upsTokenCache, UPS_TRANSACTION_SOURCE, type UpsCredentials } from './client';

/** The largest candidate list we ask for (the spec's default is 15). */
export const UPS_MAX_CANDIDATES = 15;

interface UpsAddressKeyFormat {
	AddressLine?: string[] | string;
	Region?: string;
	PoliticalDivision2?: string;
	PoliticalDivision1?: string;
	PostcodePrimaryLow?: string;
	PostcodeExtendedLow?: string;
	CountryCode?: string;
}

interface UpsClassification {
	Code?: string;
	Description?: string;
}

interface UpsCandidate {
	AddressClassification?: UpsClassification;
	AddressKeyFormat?: UpsAddressKeyFormat;
}

export interface UpsXavResponse {
	XAVResponse?: {
		Response?: { Alert?: Array<{ Code?: string; Description?: string }> | { Code?: string; Description?: string } };
		ValidAddressIndicator?: string;
		AmbiguousAddressIndicator?: string;
		NoCandidatesIndicator?: string;
		AddressClassification?: UpsClassification;
		Candidate?: UpsCandidate[] | UpsCandidate;
	};
}

/** The XAV request body for a checked address (addressForCarrier has cleaned it). */
export function upsAddressRequestBody(address: Address) {
	const [zip, plus4] = splitUsZip(address.zip);
	const lines = [address.address1, address.address2].filter((l): l is string => !!l);
	return {
		XAVRequest: {
			AddressKeyFormat: {
				AddressLine: lines,
				...(address.city ? { PoliticalDivision2: address.city } : {}),
				...(address.provinceCode ? { PoliticalDivision1: address.provinceCode } : {}),
				...(zip ? { PostcodePrimaryLow: zip } : {}),
				...(plus4 ? { PostcodeExtendedLow: plus4 } : {}),
				CountryCode: address.countryCode!,
			},
		},
	};
}

/** v1 sends a single object where v2 sends a list; accept both. */
const asList = <T>(value: T[] | T | undefined): T[] =>
	value === undefined ? [] : Array.isArray(value) ? value : [value];

function residentialOf(classification: UpsClassification | undefined): boolean | null {
	if (classification?.Code === '2') return true;
	if (classification?.Code === '1') return false;
	return null;
}

export function upsCandidateAddress(key: UpsAddressKeyFormat | undefined): Address {
	const lines = asList(key?.AddressLine).map(String);
	return {
		address1: lines[0] ?? null,
		address2: lines.slice(1).join(' ') || null,
		city: key?.PoliticalDivision2 ?? null,
		provinceCode: key?.PoliticalDivision1 ?? null,
		zip: joinZip(key?.PostcodePrimaryLow, key?.PostcodeExtendedLow),
		countryCode: key?.CountryCode ?? null,
	};
}

/** Reads an XAV answer (HTTP 200) for the address that was asked about. */
export function normaliseUpsAddress(input: Address, body: UpsXavResponse): AddressCheck {
	const xav = body?.XAVResponse ?? {};
	const candidates = asList(xav.Candidate).filter((c) => c && typeof c === 'object');
	const messages = asList(xav.Response?.Alert)
		.filter((a) => a && typeof a === 'object')
		.map((a) => [a.Code, a.Description].filter(Boolean).join(' '))
		.filter(Boolean);
	if (xav.ValidAddressIndicator !== undefined && candidates.length === 1)
		return matchedCheck('ups', input, upsCandidateAddress(candidates[0].AddressKeyFormat), {
			residential: residentialOf(candidates[0].AddressClassification ?? xav.AddressClassification),
			messages,
		});
	if (xav.NoCandidatesIndicator !== undefined || candidates.length === 0)
		return unmatchedCheck('ups', 'invalid', [], {
			residential: null,
			messages: messages.length ? messages : ['UPS found no address matching this one.'],
		});
	// AmbiguousAddressIndicator, or a "valid" answer with several candidates: the customer must choose.
	return unmatchedCheck(
		'ups',
		'ambiguous',
		candidates.map((c) => upsCandidateAddress(c.AddressKeyFormat)),
		{
			residential: residentialOf(xav.AddressClassification),
			messages: [...messages, `UPS found ${candidates.length} possible addresses: choose one.`],
		},
	);
}

/** UPS's own error code and message (response.errors[0]), when the body has them. */
export function upsErrorOf(body: unknown): { code: string; message: string } | null {
	const error = (body as { response?: { errors?: Array<{ code?: string; message?: string }> } })?.response?.errors?.[0];
	return error ? { code: String(error.code ?? ''), message: String(error.message ?? '') } : null;
}

export class UpsAddressValidator implements AddressValidator {
	readonly carrier = 'ups' as const;
	readonly tokens: ExecutionTokenCache;

	constructor(
		private readonly transport: Transport,
		private readonly credentials: UpsCredentials,
		tokens?: ExecutionTokenCache,
		private readonly newTransactionId: () => string = randomUUID,
	) {
		this.tokens = tokens ?? upsTokenCache(transport, credentials);
	}

	async validate(address: Address): Promise<AddressCheck> {
		const input = addressForCarrier('ups', address);
		const request: HttpRequest = {
			method: 'POST',
			url: `${baseOf(this.credentials)}/api/addressvalidation/v2/3`,
			query: { maximumcandidatelistsize: String(UPS_MAX_CANDIDATES) },
			headers: {
				'content-type': 'application/json',
				accept: 'application/json',
				transId: this.newTransactionId().replace(/-/g, '').slice(0, 32),
				transactionSrc: UPS_TRANSACTION_SOURCE,
			},
			body: upsAddressRequestBody(input),
			operation: 'ups.addressValidation',
			// Asking changes nothing at UPS: safe to repeat.
			effect: 'read',
		};
		const response = await sendWithBearer(this.transport, this.tokens, request, 'UPS', 'Address Validation API');
		if (response.status === 200) return normaliseUpsAddress(input, response.body as UpsXavResponse);
		const vendor = upsErrorOf(response.body);
		throw new HttpError(
			response,
			request,
			`UPS refused the address validation request (${response.status}` +
				`${vendor ? `, ${vendor.code} ${vendor.message}` : ''})`,
			response.status === 403
				? 'Add the Address Validation product to the app in the UPS developer portal (My Apps), then try again.'
				: response.status >= 400 && response.status < 500
					? 'Check the address fields UPS names in the message; street level validation needs a US or ' +
						'Puerto Rico street, city and state or ZIP.'
					: undefined,
		);
	}
}
