import { HttpError, expectOk, type HttpRequest, type Transport } from '../../http';
import { buildNotFoundResult } from '../carriers/result';
import type { CarrierTracker, TrackResult } from '../carriers/types';
import { normaliseDhlShipments, type DhlShipment } from './normalise';

export const DHL_PRODUCTION_URL = 'https://api-eu.dhl.com';
export const DHL_SANDBOX_URL = 'https://api-test.dhl.com';

export interface DhlCredentials {
	apiKey: string;
	baseUrl?: string;
}

function baseOf(credentials: DhlCredentials): string {
	return (credentials.baseUrl?.trim() || DHL_PRODUCTION_URL).replace(/\/+$/, '');
}

/** DHL Shipment Tracking - Unified: API key header, one number per GET /track/shipments. */
export class DhlTracker implements CarrierTracker {
	readonly carrier = 'dhl' as const;
	readonly maxPerRequest = 1;
	requestsMade = 0;

	constructor(
		private readonly transport: Transport,
		private readonly credentials: DhlCredentials,
		private readonly options: { service?: string; language?: string } = {},
	) {}

	async trackBatch(trackingNumbers: string[]): Promise<TrackResult[]> {
		const results: TrackResult[] = [];
		for (const number of trackingNumbers) results.push(await this.trackOne(number));
		return results;
	}

	private async trackOne(trackingNumber: string): Promise<TrackResult> {
		const request: HttpRequest = {
			method: 'GET',
			url: `${baseOf(this.credentials)}/track/shipments`,
			query: {
				trackingNumber,
				service: this.options.service || undefined,
				language: this.options.language || undefined,
			},
			headers: { 'DHL-API-Key': this.credentials.apiKey, accept: 'application/json' },
			operation: 'dhl.track',
		};
		this.requestsMade += 1;
		const response = await this.transport(request);
		if (response.status === 404) {
			const problem = response.body as { title?: string; detail?: string } | undefined;
			return buildNotFoundResult(
				'dhl',
				trackingNumber,
				'404',
				problem?.detail ?? problem?.title ?? 'No shipment with given tracking number found.',
			);
		}
		if (response.status === 401)
			throw new HttpError(
				response,
				request,
				'DHL rejected the API key (401)',
				'Copy the API key of your app from developer.dhl.com (My Apps) into the credential; make sure the app ' +
					'has "Shipment Tracking - Unified" enabled.',
			);
		expectOk(response, request);
		return normaliseDhlShipments(trackingNumber, response.body as { shipments?: DhlShipment[] });
	}
}
