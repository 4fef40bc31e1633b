/**
 * Simulated UPS: OAuth client credentials (POST /security/v1/oauth/token, HTTP Basic) and Track API
 * (GET /api/track/v1/details/{inquiryNumber}, transId + transactionSrc headers required). Shapes follow
 * Tracking.yaml / OAuthClientCredentials.yaml (checked by the contract tests); an unknown number is a
 * 404 with response.errors[] (TW0001). Tokens expire, a quota answers 429, every call is recorded.
 * Address Validation - Street Level (POST /api/addressvalidation/v2/{1|2|3}, AddressValidation.yaml) answers
 * from the sandbox address book (./addressBook), with the same token and quota as tracking.
 * Mount: base URL <sandbox>/ups.
 */
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

export interface UpsSimOptions {
	seed?: number;
	clientId?: string;
	clientSecret?: string;
	now?: () => number;
	tokenTtlMs?: number;
	quota?: { limit: number; windowMs: number };
	scenarios?: Record<string, Scenario>;
	unknownNumbers?: string[];
	malformedDates?: string[];
	record?: boolean;
}

const STATUS: Record<Step, { type: string; code: string; statusCode: string; description: string }> = {
	label: {
		type: 'M',
		code: 'MP',
		statusCode: '003',
		description: 'Shipper created a label, UPS has not received the package yet. ',
	},
	pickup: { type: 'P', code: 'PU', statusCode: '005', description: 'Pickup Scan ' },
	arrive: { type: 'I', code: 'AR', statusCode: '005', description: 'Arrived at Facility' },
	depart: { type: 'I', code: 'DP', statusCode: '005', description: 'Departed from Facility' },
	out_for_delivery: { type: 'I', code: 'OT', statusCode: '021', description: 'Out For Delivery Today' },
	delivered: { type: 'D', code: 'FS', statusCode: '011', description: 'DELIVERED ' },
	attempt: {
		type: 'X',
		code: '48',
		statusCode: '007',
		description:
			"Delivery Attempted. The receiver was not available for delivery. We'll make a second attempt the next " +
			'business day.',
	},
	exception: {
		type: 'X',
		code: 'UD',
		statusCode: '007',
		description: "The address is incorrect. We're attempting to obtain a corrected address.",
	},
	returned: { type: 'RS', code: 'RS', statusCode: '012', description: 'Returned to shipper' },
	ready_pickup: {
		type: 'I',
		code: 'ZW',
		statusCode: '005',
		description: 'Delivered to UPS Access Point™ and awaiting customer pickup.',
	},
};

function activity(event: JourneyEvent, malformed: boolean) {
	const local = localTime(event.atMs, event.place);
	const gmt = local.toUTC();
	const s = STATUS[event.step];
	return {
		location: {
			address: {
				city: event.place.city,
				stateProvince: event.place.state,
				postalCode: event.place.zip,
				country: event.place.country,
				countryCode: event.place.country,
			},
			slic: '8566',
		},
		status: { type: s.type, description: s.description, code: s.code, statusCode: s.statusCode },
		date: malformed ? '20241345' : local.toFormat('yyyyMMdd'),
		time: local.toFormat('HHmmss'),
		gmtDate: gmt.toFormat('yyyyMMdd'),
		gmtOffset: local.toFormat('ZZ'),
		gmtTime: gmt.toFormat('Hmmss'),
	};
}

export function upsTrackResponse(journey: Journey, options: { malformed?: boolean } = {}) {
	const latest = journey.events[0];
	const current = STATUS[latest.step];
	const deliveryDate: Array<{ type: string; date: string }> = [];
	// UPS: the scheduled delivery date (SDD) is a local date of the destination, with "end of day" as its time.
	const to = journey.destination ?? latest.place;
	if (journey.estimatedDeliveryMs)
		deliveryDate.push({ type: 'SDD', date: localTime(journey.estimatedDeliveryMs, to).toFormat('yyyyMMdd') });
	if (journey.deliveredAtMs)
		deliveryDate.push({ type: 'DEL', date: localTime(journey.deliveredAtMs, latest.place).toFormat('yyyyMMdd') });
	const deliveryTime = journey.deliveredAtMs
		? { type: 'DEL', endTime: localTime(journey.deliveredAtMs, latest.place).toFormat('HHmmss') }
		: journey.estimatedDeliveryMs
			? { type: 'EOD' }
			: undefined;
	return {
		trackResponse: {
			shipment: [
				{
					inquiryNumber: journey.trackingNumber,
					package: [
						{
							trackingNumber: journey.trackingNumber,
							deliveryDate,
							...(deliveryTime ? { deliveryTime } : {}),
							activity: journey.events.map((e, i) => activity(e, !!options.malformed && i === 0)),
							currentStatus: {
								code: current.code,
								description: current.description,
								simplifiedTextDescription: current.description.trim(),
								statusCode: current.statusCode,
								type: current.type,
							},
							packageAddress: [
								{
									type: 'ORIGIN',
									name: 'SHIPPER',
									address: { city: 'MEMPHIS', stateProvince: 'TN', countryCode: 'US', postalCode: '38118' },
								},
								{
									type: 'DESTINATION',
									name: 'CUSTOMER',
									address: { city: to.city, stateProvince: to.state, countryCode: to.country, postalCode: to.zip },
								},
							],
							service: { code: '003', levelCode: '003', description: 'UPS Ground' },
							...(latest.step === 'ready_pickup'
								? {
										accessPointInformation: {
											pickupByDate: localTime(latest.atMs + 7 * 86400_000, latest.place).toFormat('yyyyMMdd'),
										},
									}
								: {}),
							packageCount: 1,
						},
					],
					userRelation: [],
				},
			],
		},
	};
}

type AddressKey = {
	AddressLine?: string[] | string;
	PoliticalDivision2?: string;
	PoliticalDivision1?: string;
	PostcodePrimaryLow?: string;
	CountryCode?: string;
};

function upsCandidate(book: BookAddress, unit: string | undefined) {
	return {
		AddressClassification: book.residential
			? { Code: '2', Description: 'Residential' }
			: { Code: '1', Description: 'Commercial' },
		AddressKeyFormat: {
			AddressLine: unit ? [book.address1, unit] : [book.address1],
			Region: `${book.city} ${book.state} ${book.zip5}-${book.plus4}`,
			PoliticalDivision2: book.city,
			PoliticalDivision1: book.state,
			PostcodePrimaryLow: book.zip5,
			PostcodeExtendedLow: book.plus4,
			CountryCode: 'US',
		},
	};
}

/** The XAV answer for a request body: valid (one candidate), ambiguous (several), no candidates, or a 400. */
export function upsXavAnswer(json: unknown): SimResponse {
	const key = (json as { XAVRequest?: { AddressKeyFormat?: AddressKey } })?.XAVRequest?.AddressKeyFormat;
	const country = key?.CountryCode;
	if (!key || !country || !/^[A-Z]{2}$/.test(country))
		return {
			status: 400,
			body: { response: { errors: [{ code: '264002', message: 'Country Code is invalid or missing.' }] } },
		};
	if (country !== 'US' && country !== 'PR')
		return {
			status: 400,
			body: {
				response: { errors: [{ code: '264004', message: 'Street level validation is available for US and PR only.' }] },
			},
		};
	const lines = Array.isArray(key.AddressLine) ? key.AddressLine : key.AddressLine ? [key.AddressLine] : [];
	const entry = lookUpAddress(lines[0], key.PostcodePrimaryLow);
	const response = { ResponseStatus: { Code: '1', Description: 'Success' } };
	if (!entry)
		return {
			status: 200,
			body: {
				XAVResponse: {
					Response: response,
					NoCandidatesIndicator: '',
					AddressClassification: { Code: '0', Description: 'UnClassified' },
				},
			},
		};
	const candidates = entry.standard.map((b) =>
		upsCandidate(b, entry.standard.length === 1 ? unitOf(lines[1], b) : undefined),
	);
	if (candidates.length === 1)
		return {
			status: 200,
			body: {
				XAVResponse: {
					Response: response,
					ValidAddressIndicator: '',
					AddressClassification: candidates[0].AddressClassification,
					Candidate: candidates,
				},
			},
		};
	return {
		status: 200,
		body: {
			XAVResponse: {
				Response: response,
				AmbiguousAddressIndicator: '',
				AddressClassification: { Code: '0', Description: 'UnClassified' },
				Candidate: candidates,
			},
		},
	};
}

export class UpsSim extends CarrierSimBase<UpsSimOptions> {
	readonly name = 'ups';
	readonly tokens: TokenIssuer;

	constructor(options: UpsSimOptions = {}) {
		super(options, { limit: 250, windowMs: 1000 });
		this.tokens = new TokenIssuer(options.tokenTtlMs ?? 14_399_000, this.now);
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
				body: { response: { errors: [{ code: '10429', message: 'Too Many Requests' }] } },
			};
		if (request.method === 'POST' && request.path === '/security/v1/oauth/token') return this.token(request);
		const match = /^\/api\/track\/v1\/details\/([^/]+)$/.exec(request.path);
		if (request.method === 'GET' && match) return this.track(request, decodeURIComponent(match[1]));
		const xav = /^\/api\/addressvalidation\/v[12]\/([123])$/.exec(request.path);
		if (request.method === 'POST' && xav) return this.addressValidation(request);
		return undefined;
	}

	/** Address requests answered, for tests. */
	addressRequests = 0;

	private addressValidation(request: SimRequest): SimResponse {
		if (!this.tokens.valid(request.headers.authorization))
			return {
				status: 401,
				body: { response: { errors: [{ code: '250002', message: 'Invalid Authentication Information.' }] } },
			};
		if (!request.headers.transid || !request.headers.transactionsrc)
			return {
				status: 400,
				body: { response: { errors: [{ code: 'TV0002', message: 'Missing transId or transactionSrc header' }] } },
			};
		this.addressRequests += 1;
		return upsXavAnswer(request.json);
	}

	private token(request: SimRequest): SimResponse {
		const clientPair = `${this.options.clientId ?? 'ups-client'}:${this.options.clientSecret ?? 'ups-secret'}`;
		const expected = `Basic ${Buffer.from(clientPair).toString('base64')}`;
		const form = new URLSearchParams(request.rawBody);
		if (request.headers.authorization !== expected || form.get('grant_type') !== 'client_credentials')
			return {
				status: 401,
				body: { response: { errors: [{ code: '250002', message: 'Invalid Authentication Information.' }] } },
			};
		const { token, expiresInSeconds } = this.tokens.issue();
		return {
			status: 200,
			body: {
				token_type: 'Bearer',
				issued_at: String(this.now()),
				client_id: this.options.clientId ?? 'ups-client',
				access_token: token,
				expires_in: String(expiresInSeconds),
				refresh_count: '0',
				status: 'approved',
			},
		};
	}

	private track(request: SimRequest, inquiryNumber: string): SimResponse {
		if (!this.tokens.valid(request.headers.authorization))
			return {
				status: 401,
				body: { response: { errors: [{ code: '250002', message: 'Invalid Authentication Information.' }] } },
			};
		if (!request.headers.transid || !request.headers.transactionsrc)
			return {
				status: 400,
				body: { response: { errors: [{ code: 'TV0002', message: 'Missing transId or transactionSrc header' }] } },
			};
		if (inquiryNumber.length < 7 || inquiryNumber.length > 34)
			return { status: 400, body: { response: { errors: [{ code: 'TV1001', message: 'Invalid inquiry number' }] } } };
		const journey = this.journeyOf(inquiryNumber);
		if (!journey)
			return {
				status: 404,
				body: { response: { errors: [{ code: 'TW0001', message: 'Tracking Information Not Found' }] } },
			};
		return { status: 200, body: upsTrackResponse(journey, { malformed: this.malformed.has(inquiryNumber) }) };
	}
}

export function createUpsSim(options: UpsSimOptions = {}): UpsSim {
	return new UpsSim(options);
}
