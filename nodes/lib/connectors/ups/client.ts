import { randomUUID } from 'node:crypto';
import { expectOk, type HttpRequest, type Transport } from '../../http';
import { ExecutionTokenCache, sendWithBearer, tokenError } from '../carriers/oauth';
import type { CarrierTracker, TrackResult } from '../carriers/types';
import { normaliseUpsResponse, upsNotFound, type UpsTrackResponse } from './normalise';

export const UPS_PRODUCTION_URL = 'https://onlinetools.ups.com';
export const UPS_SANDBOX_URL = 'https://wwwcie.ups.com';
/** Identifies us to UPS in the required transactionSrc header. */
export const UPS_TRANSACTION_SOURCE = 'n8n-post-purchase';

export interface UpsCredentials {
	clientId: string;
	clientSecret: string;
	baseUrl?: string;
}

export function baseOf(credentials: UpsCredentials): string {
	return (credentials.baseUrl?.trim() || UPS_PRODUCTION_URL).replace(/\/+$/, '');
}

export function upsTokenRequest(credentials: UpsCredentials): HttpRequest {
	const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
	return {
		method: 'POST',
		url: `${baseOf(credentials)}/security/v1/oauth/token`,
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			authorization: `Basic ${basic}`,
			accept: 'application/json',
		},
		body: 'grant_type=client_credentials',
		operation: 'ups.token',
		// A token exchange changes nothing at UPS: a second one just issues another token.
		effect: 'read',
	};
}

/** One token per execution for this credential: shared by tracking and address validation. */
export function upsTokenCache(transport: Transport, credentials: UpsCredentials): ExecutionTokenCache {
	return new ExecutionTokenCache(async () => {
		const request = upsTokenRequest(credentials);
		const response = await transport(request);
		const body = response.body as { access_token?: string } | undefined;
		if (response.status !== 200 || !body?.access_token) throw tokenError(response, request, 'UPS');
		return { accessToken: body.access_token };
	});
}
/** UPS Track API: OAuth client credentials (Basic), one inquiry number per GET. */
export class UpsTracker implements CarrierTracker {
	readonly carrier = 'ups' as const;
	readonly maxPerRequest = 1;
	readonly tokens: ExecutionTokenCache;
	requestsMade = 0;

	constructor(
		private readonly transport: Transport,
		private readonly credentials: UpsCredentials,
		private readonly newTransactionId: () => string = randomUUID,
	) {
		this.tokens = upsTokenCache(transport, credentials);
	}

	async trackBatch(trackingNumbers: string[]): Promise<TrackResult[]> {
		const results: TrackResult[] = [];
		for (const number of trackingNumbers) results.push(await this.trackOne(number));
		return results;
	}

	private async trackOne(trackingNumber: string): Promise<TrackResult> {
		const request: HttpRequest = {
			method: 'GET',
			url: `${baseOf(this.credentials)}/api/track/v1/details/${encodeURIComponent(trackingNumber)}`,
			query: { locale: 'en_US', returnSignature: 'false', returnMilestones: 'false', returnPOD: 'false' },
			headers: {
				transId: this.newTransactionId().replace(/-/g, '').slice(0, 32),
				transactionSrc: UPS_TRANSACTION_SOURCE,
				accept: 'application/json',
			},
			operation: 'ups.track',
		};
		this.requestsMade += 1;
		const response = await sendWithBearer(this.transport, this.tokens, request, 'UPS');
		if (response.status === 404) return upsNotFound(trackingNumber, response.body);
		expectOk(response, request);
		return normaliseUpsResponse(trackingNumber, response.body as UpsTrackResponse);
	}
}
