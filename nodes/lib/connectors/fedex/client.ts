import { expectOk, type HttpRequest, type Transport } from '../../http';
import { ExecutionTokenCache, sendWithBearer, tokenError } from '../carriers/oauth';
import type { CarrierTracker, TrackResult } from '../carriers/types';
import { expectShape } from '../shape';
import { FEDEX_TRACK_RESPONSE, normaliseFedExResult, type FedExCompleteTrackResult } from './normalise';

export const FEDEX_PRODUCTION_URL = 'https://apis.fedex.com';
export const FEDEX_SANDBOX_URL = 'https://apis-sandbox.fedex.com';
/** "Maximum limit is 30" (Full_Schema_Tracking_Numbers.trackingInfo). */
export const FEDEX_MAX_PER_REQUEST = 30;

export interface FedExCredentials {
	clientId: string;
	clientSecret: string;
	baseUrl?: string;
}

export function fedExTokenRequest(credentials: FedExCredentials): HttpRequest {
	const form = new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: credentials.clientId,
		client_secret: credentials.clientSecret,
	});
	return {
		method: 'POST',
		url: `${baseOf(credentials)}/oauth/token`,
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: form.toString(),
		operation: 'fedex.token',
		effect: 'read',
	};
}

export function fedExTrackRequestBody(trackingNumbers: string[]) {
	return {
		includeDetailedScans: true,
		trackingInfo: trackingNumbers.map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })),
	};
}

export function baseOf(credentials: FedExCredentials): string {
	return (credentials.baseUrl?.trim() || FEDEX_PRODUCTION_URL).replace(/\/+$/, '');
}

/** One token per execution for this credential: shared by tracking and address validation. */
export function fedExTokenCache(transport: Transport, credentials: FedExCredentials): ExecutionTokenCache {
	return new ExecutionTokenCache(async () => {
		const request = fedExTokenRequest(credentials);
		const response = await transport(request);
		const body = response.body as { access_token?: string } | undefined;
		if (response.status !== 200 || !body?.access_token) throw tokenError(response, request, 'FedEx');
		return { accessToken: body.access_token };
	});
}
/** FedEx Track API: OAuth client credentials, up to 30 numbers per POST /track/v1/trackingnumbers. */
export class FedExTracker implements CarrierTracker {
	readonly carrier = 'fedex' as const;
	readonly maxPerRequest = FEDEX_MAX_PER_REQUEST;
	readonly tokens: ExecutionTokenCache;
	requestsMade = 0;

	constructor(
		private readonly transport: Transport,
		private readonly credentials: FedExCredentials,
	) {
		this.tokens = fedExTokenCache(transport, credentials);
	}

	async trackBatch(trackingNumbers: string[]): Promise<TrackResult[]> {
		if (trackingNumbers.length > this.maxPerRequest)
			throw new RangeError(`FedEx accepts at most ${this.maxPerRequest} tracking numbers per request`);
		const request: HttpRequest = {
			method: 'POST',
			url: `${baseOf(this.credentials)}/track/v1/trackingnumbers`,
			headers: { 'content-type': 'application/json', 'x-locale': 'en_US' },
			body: fedExTrackRequestBody(trackingNumbers),
			operation: 'fedex.track',
			effect: 'read',
		};
		this.requestsMade += 1;
		const response = expectOk(await sendWithBearer(this.transport, this.tokens, request, 'FedEx'), request);
		expectShape(response.body ?? {}, FEDEX_TRACK_RESPONSE, 'The FedEx tracking answer');
		const results = ((response.body as { output?: { completeTrackResults?: FedExCompleteTrackResult[] } })?.output
			?.completeTrackResults ?? []) as FedExCompleteTrackResult[];
		const byNumber = new Map<string, FedExCompleteTrackResult>();
		for (const complete of results) {
			const number = complete.trackingNumber ?? complete.trackResults?.[0]?.trackingNumberInfo?.trackingNumber;
			if (number && !byNumber.has(number)) byNumber.set(number, complete);
		}
		return trackingNumbers.map((number) => normaliseFedExResult(number, byNumber.get(number)));
	}
}
