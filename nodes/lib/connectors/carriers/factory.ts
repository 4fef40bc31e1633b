import type { Transport } from '../../http';
import { DHL_PRODUCTION_URL, DHL_SANDBOX_URL, DhlTracker } from '../dhl/client';
import { FEDEX_PRODUCTION_URL, FEDEX_SANDBOX_URL, FedExTracker } from '../fedex/client';
import { UPS_PRODUCTION_URL, UPS_SANDBOX_URL, UpsTracker } from '../ups/client';
import { USPS_PRODUCTION_URL, USPS_SANDBOX_URL, UspsTracker } from '../usps/client';
import { FedExAddressValidator } from '../fedex/address';
import { UpsAddressValidator } from '../ups/address';
import { UspsAddressValidator } from '../usps/address';
import type { AddressCarrier, AddressValidator } from './address';
import type { CarrierCode, CarrierTracker } from './types';

export interface CarrierCredentialValues {
	clientId?: string;
	clientSecret?: string;
	apiKey?: string;
	baseUrl?: string;
}

/** One tracker per carrier per execution: its token cache lives exactly as long as the run. */
export function createTracker(
	carrier: CarrierCode,
	transport: Transport,
	credentials: CarrierCredentialValues,
	options: { dhlService?: string } = {},
): CarrierTracker {
	switch (carrier) {
		case 'ups':
			return new UpsTracker(transport, {
				clientId: credentials.clientId ?? '',
				clientSecret: credentials.clientSecret ?? '',
				baseUrl: credentials.baseUrl,
			});
		case 'fedex':
			return new FedExTracker(transport, {
				clientId: credentials.clientId ?? '',
				clientSecret: credentials.clientSecret ?? '',
				baseUrl: credentials.baseUrl,
			});
		case 'usps':
			return new UspsTracker(transport, {
				clientId: credentials.clientId ?? '',
				clientSecret: credentials.clientSecret ?? '',
				baseUrl: credentials.baseUrl,
			});
		case 'dhl':
			return new DhlTracker(
				transport,
				{ apiKey: credentials.apiKey ?? '', baseUrl: credentials.baseUrl },
				{ service: options.dhlService },
			);
	}
}

/** One address validator per carrier per execution: its token cache lives exactly as long as the run. */
export function createAddressValidator(
	carrier: AddressCarrier,
	transport: Transport,
	credentials: CarrierCredentialValues,
): AddressValidator {
	const oauth = {
		clientId: credentials.clientId ?? '',
		clientSecret: credentials.clientSecret ?? '',
		baseUrl: credentials.baseUrl,
	};
	switch (carrier) {
		case 'ups':
			return new UpsAddressValidator(transport, oauth);
		case 'usps':
			return new UspsAddressValidator(transport, oauth);
		case 'fedex':
			return new FedExAddressValidator(transport, oauth);
	}
}

const URLS: Record<CarrierCode, { production: string; sandbox: string }> = {
	ups: { production: UPS_PRODUCTION_URL, sandbox: UPS_SANDBOX_URL },
	fedex: { production: FEDEX_PRODUCTION_URL, sandbox: FEDEX_SANDBOX_URL },
	usps: { production: USPS_PRODUCTION_URL, sandbox: USPS_SANDBOX_URL },
	dhl: { production: DHL_PRODUCTION_URL, sandbox: DHL_SANDBOX_URL },
};

/** The override wins (sandbox, tests), then the environment chosen in the credential. */
export function carrierBaseUrl(carrier: CarrierCode, environment: unknown, override: unknown): string {
	if (typeof override === 'string' && override.trim() !== '') return override.trim().replace(/\/+$/, '');
	return environment === 'sandbox' ? URLS[carrier].sandbox : URLS[carrier].production;
}

/** n8n credential type name per carrier. */
export const CARRIER_CREDENTIAL_TYPES: Record<CarrierCode, string> = {
	ups: 'upsPostPurchaseApi',
	fedex: 'fedExPostPurchaseApi',
	usps: 'uspsPostPurchaseApi',
	dhl: 'dhlPostPurchaseApi',
};
