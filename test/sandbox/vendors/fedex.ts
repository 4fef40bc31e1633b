/**
 * Simulated FedEx: OAuth (POST /oauth/token, form-encoded client credentials) and Track API
 * (POST /track/v1/trackingnumbers, 1..30 numbers). Shapes follow TrackingNumbers-Resource.json and
 * APIAuthorization-Resource.json (checked by test/contract/carriers/sims.contract.test.ts); unknown
 * numbers answer per number with TRACKING.TRACKINGNUMBER.NOTFOUND inside a 200, as FedEx does.
 * Tokens expire (expireTokens() mid-run), a quota answers 429 + Retry-After, every call is recorded.
 * Mount: base URL <sandbox>/fedex.
 */
import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from '../http';
import { lookUpAddress, unitOf, type BookAddress } from './addressBook';
import {
	localTime,
	TokenIssuer,
	type Journey,
	type JourneyEvent,
	type Scenario,
	type Step,
	CarrierSimBase,
} from './carrierScenarios';

export interface FedExSimOptions {
	seed?: number;
	clientId?: string;
	clientSecret?: string;
	now?: () => number;
	tokenTtlMs?: number;
	/** Requests per window across the account (our default: 1,400 per 10 s). */
	quota?: { limit: number; windowMs: number };
	scenarios?: Record<string, Scenario>;
	unknownNumbers?: string[];
	/** Numbers whose newest scan carries a garbled date (malformed-date tests). */
	malformedDates?: string[];
	record?: boolean;
}

const CODES: Record<Step, { code: string; description: string; exception?: string }> = {
	label: { code: 'OC', description: 'Shipment information sent to FedEx' },
	pickup: { code: 'PU', description: 'Picked up' },
	arrive: { code: 'AR', description: 'Arrived at FedEx location' },
	depart: { code: 'DP', description: 'Departed FedEx location' },
	out_for_delivery: { code: 'OD', description: 'On FedEx vehicle for delivery' },
	delivered: { code: 'DL', description: 'Delivered' },
	attempt: { code: 'DE', description: 'Delivery exception', exception: 'Customer not available or business closed' },
	exception: { code: 'SE', description: 'Shipment exception', exception: 'Incorrect address' },
	returned: { code: 'RS', description: 'Return to shipper' },
	ready_pickup: { code: 'HL', description: 'Ready for pickup' },
};

export const FEDEX_NOT_FOUND = {
	code: 'TRACKING.TRACKINGNUMBER.NOTFOUND',
	message: 'Tracking number cannot be found. Please correct the tracking number and try again.',
};

function scanLocation(event: JourneyEvent) {
	return {
		city: event.place.city,
		stateOrProvinceCode: event.place.state,
		postalCode: event.place.zip,
		countryCode: event.place.country,
		residential: false,
		countryName: 'United States',
	};
}

export function fedExTrackResult(journey: Journey, options: { malformed?: boolean } = {}) {
	const latest = journey.events[0];
	const latestCode = CODES[latest.step];
	const scanEvents = journey.events.map((event, index) => {
		const code = CODES[event.step];
		return {
			date:
				options.malformed && index === 0
					? '2024-13-45T25:61:00-07:00'
					: localTime(event.atMs, event.place).toISO({ suppressMilliseconds: true }),
			eventType: code.code,
			eventDescription: code.description,
			exceptionCode: code.exception ? '08' : '',
			exceptionDescription: code.exception ?? '',
			scanLocation: scanLocation(event),
			locationType: 'FEDEX_FACILITY',
			derivedStatusCode: code.code,
			derivedStatus: code.description,
		};
	});
	const dateAndTimes: Array<{ type: string; dateTime: string }> = [
		{
			type: 'SHIP',
			dateTime: localTime(journey.events[journey.events.length - 1].atMs, latest.place).toISO({
				suppressMilliseconds: true,
			})!,
		},
	];
	// FedEx gives estimates and commitments as the destination's local midnight without an offset
	// ("2026-04-10T00:00:00"): a DAY, not an instant. The parcel is late only once that day has ended there.
	const to = journey.destination ?? latest.place;
	const day = journey.estimatedDeliveryMs
		? localTime(journey.estimatedDeliveryMs, to).toFormat("yyyy-MM-dd'T'00:00:00")
		: null;
	if (day) dateAndTimes.push({ type: 'ESTIMATED_DELIVERY', dateTime: day }, { type: 'COMMITMENT', dateTime: day });
	if (journey.deliveredAtMs)
		dateAndTimes.push({
			type: 'ACTUAL_DELIVERY',
			dateTime: localTime(journey.deliveredAtMs, latest.place).toISO({ suppressMilliseconds: true })!,
		});
	return {
		trackingNumberInfo: {
			trackingNumber: journey.trackingNumber,
			trackingNumberUniqueId: `12029~${journey.trackingNumber}~FDEG`,
			carrierCode: 'FDXG',
		},
		latestStatusDetail: {
			code: latestCode.code,
			derivedCode: latestCode.code,
			statusByLocale: latestCode.description,
			description: latestCode.description,
			scanLocation: scanLocation(latest),
			ancillaryDetails: latestCode.exception
				? [
						{
							reason: '15',
							reasonDescription: latestCode.exception,
							action: 'Contact FedEx customer support.',
							actionDescription: latestCode.exception,
						},
					]
				: [],
		},
		dateAndTimes,
		...(day ? { estimatedDeliveryTimeWindow: { window: { begins: day, ends: day } } } : {}),
		recipientInformation: {
			address: {
				city: to.city,
				stateOrProvinceCode: to.state,
				postalCode: to.zip,
				countryCode: to.country,
				residential: true,
			},
		},
		scanEvents,
		serviceDetail: { type: 'FEDEX_GROUND', description: 'FedEx Ground', shortDescription: 'FG' },
	};
}

interface FedExInputAddress {
	streetLines?: string[];
	city?: string;
	stateOrProvinceCode?: string;
	postalCode?: string;
	countryCode?: string;
}

function fedExAttributes(resolved: boolean, multiple = false) {
	return {
		POBox: false,
		POBoxOnlyZIP: false,
		SplitZip: false,
		SuiteRequiredButMissing: false,
		InvalidSuiteNumber: false,
		ResolutionInput: 'RAW_ADDRESS',
		DPV: resolved,
		ResolutionMethod: 'USPS_VALIDATE',
		DataVintage: 'November 2026',
		MatchSource: 'Postal',
		CountrySupported: true,
		ValidlyFormed: true,
		Matched: resolved,
		Resolved: resolved,
		Inserted: false,
		MultiUnitBase: false,
		ZIP11Match: resolved,
		ZIP4Match: resolved,
		UniqueZIP: false,
		StreetAddress: resolved,
		RRConversion: false,
		ValidMultiUnit: false,
		AddressType: resolved ? 'STANDARDIZED' : 'NORMALIZED',
		AddressPrecision: 'STREET_ADDRESS',
		MultipleMatches: multiple,
	};
}

function fedExResolved(input: FedExInputAddress, book: BookAddress | null, multiple = false) {
	const lines = book
		? [book.address1, ...(unitOf(input.streetLines?.[1], book) ? [unitOf(input.streetLines?.[1], book)!] : [])]
		: (input.streetLines ?? []).map((l) => l.toUpperCase());
	const city = book?.city ?? (input.city ?? '').toUpperCase();
	const zip = book ? `${book.zip5}-${book.plus4}` : (input.postalCode ?? '');
	return {
		streetLinesToken: lines,
		city,
		stateOrProvinceCode: book?.state ?? input.stateOrProvinceCode ?? '',
		countryCode: input.countryCode ?? 'US',
		customerMessage: multiple
			? [{ code: 'MISSING.OR.AMBIGUOUS.DIRECTIONAL', message: 'Invalid or missing address directional.' }]
			: [],
		cityToken: [{ changed: city !== input.city, value: city }],
		postalCodeToken: { changed: zip !== input.postalCode, value: zip },
		parsedPostalCode: book
			? { base: book.zip5, addOn: book.plus4, deliveryPoint: '04' }
			: { base: (input.postalCode ?? '').slice(0, 5), addOn: '', deliveryPoint: '' },
		classification: book ? (book.residential ? 'RESIDENTIAL' : 'BUSINESS') : 'UNKNOWN',
		postOfficeBox: false,
		normalizedStatusNameDPV: !!book,
		standardizedStatusNameMatchSource: 'Postal',
		resolutionMethodName: 'USPS_VALIDATE',
		ruralRouteHighwayContract: false,
		generalDelivery: false,
		attributes: fedExAttributes(!!book, multiple),
	};
}

/** The resolve answer for a request body: one resolved entry per address, or a 400 for a malformed request. */
export function fedExResolveAnswer(json: unknown): SimResponse {
	const addresses = (json as { addressesToValidate?: Array<{ address?: FedExInputAddress }> })?.addressesToValidate;
	const bad = (message: string): SimResponse => ({
		status: 400,
		body: { transactionId: randomUUID(), errors: [{ code: 'INVALID.INPUT.EXCEPTION', message }] },
	});
	if (!Array.isArray(addresses) || addresses.length === 0 || addresses.length > 100)
		return bad('Invalid field value in the input: addressesToValidate');
	const resolved = [];
	for (const item of addresses) {
		const a = item.address;
		if (!a?.streetLines?.length || !a.countryCode) return bad('Invalid field value in the input: streetLines');
		const entry = a.countryCode === 'US' ? lookUpAddress(a.streetLines[0], a.postalCode) : undefined;
		if (!entry) resolved.push(fedExResolved(a, null));
		else if (entry.standard.length > 1) resolved.push({ ...fedExResolved(a, null, true), classification: 'UNKNOWN' });
		else resolved.push(fedExResolved(a, entry.standard[0]));
	}
	return { status: 200, body: { transactionId: randomUUID(), output: { resolvedAddresses: resolved, alerts: [] } } };
}

export class FedExSim extends CarrierSimBase<FedExSimOptions> {
	readonly name = 'fedex';
	readonly tokens: TokenIssuer;
	trackRequests = 0;

	constructor(options: FedExSimOptions = {}) {
		super(options, { limit: 1400, windowMs: 10_000 });
		this.tokens = new TokenIssuer(options.tokenTtlMs ?? 3600_000, this.now);
	}

	expireTokens(): void {
		this.tokens.expireAll();
	}

	protected route(request: SimRequest): SimResponse | undefined {
		const limited = this.quota.take();
		if (!limited.ok)
			return {
				status: 429,
				headers: { 'retry-after': String(limited.retryAfterSeconds) },
				body: {
					transactionId: randomUUID(),
					errors: [
						{
							code: 'TOO.MANY.REQUESTS',
							message: 'We have received too many requests in a short duration. Please wait a while to try again.',
						},
					],
				},
			};
		if (request.method === 'POST' && request.path === '/oauth/token') return this.token(request);
		if (request.method === 'POST' && request.path === '/track/v1/trackingnumbers') return this.track(request);
		if (request.method === 'POST' && request.path === '/address/v1/addresses/resolve') return this.resolve(request);
		return undefined;
	}

	/** Address requests answered, for tests. */
	addressRequests = 0;

	private resolve(request: SimRequest): SimResponse {
		if (!this.tokens.valid(request.headers.authorization))
			return {
				status: 401,
				body: {
					transactionId: randomUUID(),
					errors: [
						{
							code: 'NOT.AUTHORIZED.ERROR',
							message: 'Access token expired. Please modify your request and try again.',
						},
					],
				},
			};
		this.addressRequests += 1;
		return fedExResolveAnswer(request.json);
	}

	private token(request: SimRequest): SimResponse {
		const form = new URLSearchParams(request.rawBody);
		const ok =
			/x-www-form-urlencoded/.test(request.headers['content-type'] ?? '') &&
			form.get('grant_type') === 'client_credentials' &&
			form.get('client_id') === (this.options.clientId ?? 'fedex-client') &&
			form.get('client_secret') === (this.options.clientSecret ?? 'fedex-secret');
		if (!ok)
			return {
				status: 401,
				body: {
					transactionId: randomUUID(),
					errors: [
						{
							code: 'NOT.AUTHORIZED.ERROR',
							message: 'The given client credentials were not valid. Please modify your request and try again.',
						},
					],
				},
			};
		const { token, expiresInSeconds } = this.tokens.issue();
		return {
			status: 200,
			body: { access_token: token, token_type: 'bearer', expires_in: expiresInSeconds, scope: 'CXS' },
		};
	}

	private track(request: SimRequest): SimResponse {
		if (!this.tokens.valid(request.headers.authorization))
			return {
				status: 401,
				body: {
					transactionId: randomUUID(),
					errors: [
						{
							code: 'NOT.AUTHORIZED.ERROR',
							message: 'Access token expired. Please modify your request and try again.',
						},
					],
				},
			};
		const body = request.json as
			| { trackingInfo?: Array<{ trackingNumberInfo?: { trackingNumber?: string } }> }
			| undefined;
		const numbers = (body?.trackingInfo ?? []).map((t) => t.trackingNumberInfo?.trackingNumber ?? '');
		if (numbers.length === 0 || numbers.some((n) => n === ''))
			return {
				status: 400,
				body: {
					transactionId: randomUUID(),
					errors: [{ code: 'TRACKING.TRACKINGNUMBER.EMPTY', message: 'Please provide tracking number.' }],
				},
			};
		if (numbers.length > 30)
			return {
				status: 400,
				body: {
					transactionId: randomUUID(),
					errors: [
						{
							code: 'TRACKING.TRACKINGNUMBERS.LIMIT.EXCEEDED',
							message: 'Maximum limit of 30 tracking numbers exceeded.',
						},
					],
				},
			};
		this.trackRequests += 1;
		const completeTrackResults = numbers.map((trackingNumber) => {
			const journey = this.journeyOf(trackingNumber);
			if (!journey)
				return {
					trackingNumber,
					trackResults: [
						{ trackingNumberInfo: { trackingNumber, trackingNumberUniqueId: '' }, error: FEDEX_NOT_FOUND },
					],
				};
			return {
				trackingNumber,
				trackResults: [fedExTrackResult(journey, { malformed: this.malformed.has(trackingNumber) })],
			};
		});
		return { status: 200, body: { transactionId: randomUUID(), output: { completeTrackResults } } };
	}
}

export function createFedExSim(options: FedExSimOptions = {}): FedExSim {
	return new FedExSim(options);
}
