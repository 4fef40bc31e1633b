import { expectOk, type HttpRequest, type Transport } from '../../http';
import { ExecutionTokenCache, sendWithBearer, tokenError } from '../carriers/oauth';
import type { CarrierTracker, TrackResult } from '../carriers/types';
import { expectShape, list, obj } from '../shape';
import { normaliseUspsDetail, USPS_TRACKING_DETAIL, type UspsTrackingDetail } from './normalise';

export const USPS_PRODUCTION_URL = 'https://apis.usps.com';
export const USPS_SANDBOX_URL = 'https://apis-tem.usps.com';
/** TrackingRequest maxItems: 35. */
export const USPS_MAX_PER_REQUEST = 35;

export interface UspsCredentials {
	clientId: string;
	clientSecret: string;
	baseUrl?: string;
}

export function baseOf(credentials: UspsCredentials): string {
	return (credentials.baseUrl?.trim() || USPS_PRODUCTION_URL).replace(/\/+$/, '');
}

export function uspsTokenRequest(credentials: UspsCredentials): HttpRequest {
	return {
		method: 'POST',
		url: `${baseOf(credentials)}/oauth2/v3/token`,
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body: {
			grant_type: 'client_credentials',
			client_id: credentials.clientId,
			client_secret: credentials.clientSecret,
		},
		operation: 'usps.token',
		effect: 'read',
	};
}

export function uspsTrackRequestBody(trackingNumbers: string[]) {
	return trackingNumbers.map((trackingNumber) => ({ trackingNumber }));
}

/** One token per execution for this credential: shared by tracking and address validation. */
export function uspsTokenCache(transport: Transport, credentials: UspsCredentials): ExecutionTokenCache {
	return new ExecutionTokenCache(async () => {
		const request = uspsTokenRequest(credentials);
		const response = await transport(request);
		const body = response.body as { access_token?: string } | undefined;
		if (response.status !== 200 || !body?.access_token) throw tokenError(response, request, 'USPS');
		return { accessToken: body.access_token };
	});
}
/** USPS Tracking v3r2: OAuth client credentials, up to 35 numbers per POST, 207 for mixed results. */
export class UspsTracker implements CarrierTracker {
	readonly carrier = 'usps' as const;
	readonly maxPerRequest = USPS_MAX_PER_REQUEST;
	readonly tokens: ExecutionTokenCache;
	requestsMade = 0;

	constructor(
		private readonly transport: Transport,
		private readonly credentials: UspsCredentials,
	) {
		this.tokens = uspsTokenCache(transport, credentials);
	}

	async trackBatch(trackingNumbers: string[]): Promise<TrackResult[]> {
		const request: HttpRequest = {
			method: 'POST',
			url: `${baseOf(this.credentials)}/tracking/v3r2/tracking`,
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: uspsTrackRequestBody(trackingNumbers),
			operation: 'usps.track',
			effect: 'read',
		};
		this.requestsMade += 1;
		const response = await sendWithBearer(this.transport, this.tokens, request, 'USPS');
		// A request for one unknown number is answered 404 with an ErrorMessage for the whole call.
		if (response.status === 404 && trackingNumbers.length === 1) {
			expectShape(response.body ?? {}, obj({ error: obj({ code: 'string', message: 'string' }) }), 'The USPS answer');
			const error = (response.body as { error?: { code?: string; message?: string } })?.error;
			return [
				normaliseUspsDetail(trackingNumbers[0], {
					error: { code: error?.code ?? '404', message: error?.message ?? 'USPS could not find this tracking number.' },
				}),
			];
		}
		expectOk(response, request);
		const details = Array.isArray(response.body) ? (response.body as UspsTrackingDetail[]) : [];
		expectShape(details, list(USPS_TRACKING_DETAIL), 'The USPS tracking answer');
		const byNumber = new Map<string, UspsTrackingDetail>();
		for (const detail of details)
			if (detail.trackingNumber && !byNumber.has(detail.trackingNumber)) byNumber.set(detail.trackingNumber, detail);
		return trackingNumbers.map((number) => normaliseUspsDetail(number, byNumber.get(number)));
	}
}
