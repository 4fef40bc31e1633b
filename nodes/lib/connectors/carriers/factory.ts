import type { Transport } from '../../http';
import { DhlTracker } from '../dhl/client';
import { FedExTracker } from '../fedex/client';
import { UpsTracker } from '../ups/client';
import { UspsTracker } from '../usps/client';
import type { CarrierCode, CarrierTracker } from './types';

export interface CarrierCredentialValues {
	clientId?: string;
	clientSecret?: string;
	apiKey?: string;
	baseUrl?: string;
}

/** One tracker per carrier per execution: its token cache lives exactly as long as the run. */
export function createTracker(carrier: CarrierCode, transport: Transport, credentials: CarrierCredentialValues, options: { dhlService?: string } = {}): CarrierTracker {
	switch (carrier) {
		case 'ups':
			return new UpsTracker(transport, { clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? '', baseUrl: credentials.baseUrl });
		case 'fedex':
			return new FedExTracker(transport, { clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? '', baseUrl: credentials.baseUrl });
		case 'usps':
			return new UspsTracker(transport, { clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? '', baseUrl: credentials.baseUrl });
		case 'dhl':
			return new DhlTracker(transport, { apiKey: credentials.apiKey ?? '', baseUrl: credentials.baseUrl }, { service: options.dhlService });
	}
}
