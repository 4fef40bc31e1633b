/**
 * Simulated USPS: OAuth 2.0 v3 (POST /oauth2/v3/token, JSON or form client credentials) and Tracking
 * v3r2 (POST /tracking/v3r2/tracking, 1..35 numbers; 200 when all are found, 207 multi-status when some
 * are not, 404 when the only number is unknown). Shapes follow tracking-v3r2_4.yaml / oauth2_3_update.yaml.
 * Addresses v3 (GET /addresses/v3/address, addresses-v3r2_2.yaml) answers from the sandbox address book
 * (./addressBook), with the same token and quota as tracking.
 * Mount: base URL <sandbox>/usps.
 */
import type { SimRequest, SimResponse } from '../http';
import { lookUpAddress, unitOf } from './addressBook';
import {
	localTime,
	TokenIssuer,
	type Journey,
	type JourneyEvent,
	type Scenario,
	type Step,
	CarrierSimBase,
} from './carrierScenarios';

export interface UspsSimOptions {
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

const EVENTS: Record<Step, { code: string; type: string }> = {
	label: { code: 'MA', type: 'Shipping Label Created, USPS Awaiting Item' },
	pickup: { code: '03', type: 'USPS picked up item' },
	arrive: { code: '10', type: 'Arrived at USPS Regional Facility' },
	depart: { code: 'L1', type: 'Departed USPS Regional Facility' },
	out_for_delivery: { code: 'OF', type: 'Out for Delivery' },
	delivered: { code: '01', type: 'Delivered, In/At Mailbox' },
	attempt: { code: '02', type: 'Notice Left (No Authorized Recipient Available)' },
	exception: { code: '05', type: 'Undeliverable as Addressed' },
	returned: { code: '09', type: 'Return to Sender' },
	ready_pickup: { code: '16', type: 'Available for Pickup' },
};

const CATEGORY: Record<Step, string> = {
	label: 'Pre-Shipment',
	pickup: 'Accepted',
	arrive: 'In Transit',
	depart: 'In Transit',
	out_for_delivery: 'Out for Delivery',
	delivered: 'Delivered',
	attempt: 'Delivery Attempt',
	exception: 'Alert',
	returned: 'Return to Sender',
	ready_pickup: 'Available for Pickup',
};

/** USPS writes offsets without the leading zero: '-7:00' (TrackingEvent.GMTOffset example). */
function uspsOffset(minutes: number): string {
	const abs = Math.abs(minutes);
	return `${minutes < 0 ? '-' : '+'}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

function trackingEvent(event: JourneyEvent, malformed: boolean) {
	const local = localTime(event.atMs, event.place);
	const e = EVENTS[event.step];
	return {
		eventType: e.type,
		eventTimestamp: malformed ? '04/31/2024 2:03 pm' : local.toISO({ suppressMilliseconds: true })!,
		GMTTimestamp: malformed ? '2024-04-31T21:03:00Z' : local.toUTC().toISO({ suppressMilliseconds: true })!,
		GMTOffset: uspsOffset(local.offset),
		eventCountry: event.place.country,
		eventCity: event.place.city,
		eventState: event.place.state,
		eventZIPCode: event.place.zip,
		firm: '',
		eventCode: e.code,
		actionCode: '',
		reasonCode: '',
	};
}

export function uspsTrackingDetail(journey: Journey, options: { malformed?: boolean } = {}) {
	const latest = journey.events[0];
	const to = journey.destination ?? latest.place;
	const events = journey.events.map((e, i) => trackingEvent(e, !!options.malformed && i === 0));
	return {
		trackingNumber: journey.trackingNumber,
		destinationCity: to.city,
		destinationState: to.state,
		destinationZIPCode: to.zip,
		mailClass: 'USPS Ground Advantage',
		mailType: 'Domestic',
		originCity: 'MEMPHIS',
		originState: 'TN',
		originZIPCode: '38118',
		status: EVENTS[latest.step].type,
		statusCategory: CATEGORY[latest.step],
		statusSummary: `Your item status is: ${EVENTS[latest.step].type}.`,
		...(journey.estimatedDeliveryMs
			? {
					deliveryDateExpectation: {
						expectedDeliveryDate: localTime(journey.estimatedDeliveryMs, to).toFormat('yyyy-MM-dd'),
					},
				}
			: {}),
		trackingEvents: events,
	};
}

const USPS_STATE =
	/^(AA|AE|AL|AK|AP|AS|AZ|AR|CA|CO|CT|DE|DC|FM|FL|GA|GU|HI|ID|IL|IN|IA|KS|KY|LA|ME|MH|MD|MA|MI|MN|MS|MO|MP|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PW|PA|PR|RI|SC|SD|TN|TX|UT|VT|VI|VA|WA|WV|WI|WY)$/;

const uspsError = (status: number, code: string, message: string): SimResponse => ({
	status,
	body: { apiVersion: 'v3', error: { code, message, errors: [] } },
});

/** The GET /address answer for a query: the standard address, "more than one", no match, or a 400. */
export function uspsAddressAnswer(query: URLSearchParams): SimResponse {
	const state = query.get('state') ?? '';
	if (!USPS_STATE.test(state)) return uspsError(400, '400', 'The state code in the request is missing or invalid.');
	const street = query.get('streetAddress');
	if (!street || (!query.get('city') && !query.get('ZIPCode')))
		return uspsError(400, '400', 'The city and state are missing or together unverifiable.');
	const entry = lookUpAddress(street, query.get('ZIPCode') ?? undefined);
	if (!entry) return uspsError(404, '404', 'There is no match for the address requested.');
	if (entry.standard.length > 1)
		return uspsError(400, '404', 'More than one address was found matching the requested address.');
	const book = entry.standard[0];
	return {
		status: 200,
		body: {
			firm: '',
			address: {
				streetAddress: book.address1,
				streetAddressAbbreviation: '',
				secondaryAddress: unitOf(query.get('secondaryAddress') ?? undefined, book) ?? '',
				cityAbbreviation: '',
				city: book.city,
				state: book.state,
				ZIPCode: book.zip5,
				ZIPPlus4: book.plus4,
				urbanization: '',
			},
			additionalInfo: {
				deliveryPoint: '04',
				carrierRoute: 'C012',
				DPVConfirmation: 'Y',
				DPVCMRA: 'N',
				business: book.residential ? 'N' : 'Y',
				centralDeliveryPoint: 'N',
				vacant: 'N',
			},
			corrections: [],
			matches: [{ code: '31', text: 'Single Response - exact match' }],
			warnings: [],
		},
	};
}

export class UspsSim extends CarrierSimBase<UspsSimOptions> {
	readonly name = 'usps';
	readonly tokens: TokenIssuer;

	constructor(options: UspsSimOptions = {}) {
		super(options, { limit: 60, windowMs: 1000 });
		this.tokens = new TokenIssuer(options.tokenTtlMs ?? 28_800_000, this.now);
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
				body: { apiVersion: 'v3r2', error: { code: '429', message: 'Too Many Requests' } },
			};
		if (request.method === 'POST' && request.path === '/oauth2/v3/token') return this.token(request);
		if (request.method === 'POST' && request.path === '/tracking/v3r2/tracking') return this.track(request);
		if (request.method === 'GET' && request.path === '/addresses/v3/address') return this.address(request);
		return undefined;
	}

	/** Address requests answered, for tests. */
	addressRequests = 0;

	private address(request: SimRequest): SimResponse {
		if (!this.tokens.valid(request.headers.authorization))
			return {
				status: 401,
				headers: { 'www-authenticate': 'Bearer realm="https://api.usps.com"' },
				body: {
					apiVersion: 'v3',
					error: { code: '401', message: 'Unauthorized: the access token is invalid or expired.' },
				},
			};
		this.addressRequests += 1;
		return uspsAddressAnswer(request.query);
	}

	private token(request: SimRequest): SimResponse {
		const values =
			request.json && typeof request.json === 'object'
				? (request.json as Record<string, string>)
				: Object.fromEntries(new URLSearchParams(request.rawBody));
		if (values.grant_type !== 'client_credentials')
			return {
				status: 400,
				body: { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' },
			};
		if (
			values.client_id !== (this.options.clientId ?? 'usps-client') ||
			values.client_secret !== (this.options.clientSecret ?? 'usps-secret')
		)
			return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
		const { token, expiresInSeconds } = this.tokens.issue();
		return {
			status: 200,
			body: { access_token: token, token_type: 'Bearer', expires_in: expiresInSeconds, scope: 'tracking' },
		};
	}

	private track(request: SimRequest): SimResponse {
		if (!this.tokens.valid(request.headers.authorization))
			return {
				status: 401,
				headers: { 'www-authenticate': 'Bearer realm="https://api.usps.com"' },
				body: {
					apiVersion: 'v3r2',
					error: { code: '401', message: 'Unauthorized: the access token is invalid or expired.' },
				},
			};
		const body = request.json;
		if (!Array.isArray(body) || body.length === 0 || body.length > 35)
			return {
				status: 400,
				body: {
					apiVersion: 'v3r2',
					error: {
						code: '400',
						message: 'The request body must be an array of 1 to 35 tracking requests.',
						errors: [
							{
								status: '400',
								code: 'maxItems',
								title: 'Invalid request body',
								detail: 'Between 1 and 35 items are allowed.',
								source: { parameter: 'body' },
							},
						],
					},
				},
			};
		const results = (body as Array<{ trackingNumber?: string }>).map((item) => {
			const number = String(item.trackingNumber ?? '');
			const journey = this.journeyOf(number);
			return journey
				? {
						found: true as const,
						value: { statusCode: '200', ...uspsTrackingDetail(journey, { malformed: this.malformed.has(number) }) },
					}
				: {
						found: false as const,
						value: {
							statusCode: '404',
							trackingNumber: number,
							apiVersion: 'v3r2',
							error: {
								code: '404',
								message: 'The tracking number may be incorrect or the status update is not yet available.',
							},
						},
					};
		});
		if (results.every((r) => r.found))
			return {
				status: 200,
				body: results.map((r) => {
					const { statusCode: _s, ...detail } = r.value as Record<string, unknown>;
					void _s;
					return detail;
				}),
			};
		if (results.length === 1)
			return { status: 404, body: { apiVersion: 'v3r2', error: (results[0].value as { error: unknown }).error } };
		return { status: 207, body: results.map((r) => r.value) };
	}
}

export function createUspsSim(options: UspsSimOptions = {}): UspsSim {
	return new UspsSim(options);
}
