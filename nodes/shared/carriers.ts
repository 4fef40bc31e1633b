/**
 * n8n glue for the carriers, shared by Carrier Tracking (credential -> tracker) and the Carrier Tracking
 * Trigger (credential -> what proves a push is the carrier's). Trackers, limiters and token caches are
 * made per execution and dropped with it: nothing outlives a run (queue-mode safe).
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';
import {
	CARRIER_CREDENTIAL_TYPES,
	carrierBaseUrl,
	carrierTransport,
	createAddressValidator,
	createTracker,
	type AddressCarrier,
	type AddressValidator,
	type CarrierCode,
	type CarrierTracker,
} from '../lib/connectors/carriers';
import { pushCredentialProblems } from '../lib/connectors/carriers/pushCredentialCheck';
import type { PushCarrier, PushConfig } from '../lib/connectors/carriers/pushHandler';
import type { UpsPushAuth } from '../lib/connectors/ups/trackAlert';
import { secretKeyPart, type ResilientBudget } from '../lib/http';
import { n8nTransport } from './transport';

export { CARRIER_CREDENTIAL_TYPES };

/** n8n credential type per carrier whose pushes the trigger accepts. */
export const PUSH_CREDENTIAL_TYPES: Record<PushCarrier, string> = {
	ups: 'upsTrackAlertPostPurchaseApi',
	usps: 'uspsTrackingSubscriptionPostPurchaseApi',
};

export interface CarrierTrackerOptions {
	/** Pacing per carrier for this execution (default: the carrier's own in nodes/lib). */
	requestsPerSecond?: number;
	/** Which DHL business to ask when a number exists in several. */
	dhlService?: string;
	/** Share the pacing with every worker using the same carrier account (withSharedBudget). */
	sharedBudget?: ResilientBudget;
}

/**
 * The tracker for one carrier in this execution, or undefined when the node has no credential for that
 * carrier (the caller says which credential to add).
 *
 * DHL authenticates with a fixed API key header, so its requests go through n8n's
 * httpRequestWithAuthentication and the credential's `authenticate` adds the key. UPS, FedEx and USPS
 * use OAuth client credentials with a short-lived bearer token that n8n cannot obtain generically for
 * these credential types; that exchange stays in nodes/lib (ExecutionTokenCache: one token per run,
 * one refresh on 401), sent through n8n's plain request helper so n8n's proxy settings still apply.
 * Their credentials' `authenticate` serves n8n's credential test (the token request).
 */
export async function carrierTracker(
	ctx: IExecuteFunctions,
	carrier: CarrierCode,
	options: CarrierTrackerOptions = {},
): Promise<CarrierTracker | undefined> {
	const credentialType = CARRIER_CREDENTIAL_TYPES[carrier];
	let credentials: IDataObject;
	try {
		credentials = await ctx.getCredentials(credentialType);
	} catch {
		return undefined;
	}
	const base = carrier === 'dhl' ? n8nTransport(ctx, { credentialType }) : n8nTransport(ctx);
	return createTracker(
		carrier,
		carrierTransport(base, carrier, {
			requestsPerSecond: options.requestsPerSecond,
			shared: options.sharedBudget && {
				budget: options.sharedBudget,
				account: secretKeyPart(String(credentials.clientId || credentials.apiKey || '')),
			},
		}),
		{
			clientId: credentials.clientId as string,
			clientSecret: credentials.clientSecret as string,
			apiKey: credentials.apiKey as string,
			baseUrl: carrierBaseUrl(carrier, credentials.environment, credentials.baseUrl),
		},
		{ dhlService: options.dhlService },
	);
}

/**
 * The address validator for one carrier in this execution (UPS, USPS, FedEx: the same OAuth credential and
 * token handling as tracking, one token per run), or undefined when the node has no credential for it.
 */
export async function carrierAddressValidator(
	ctx: IExecuteFunctions,
	carrier: AddressCarrier,
	options: Pick<CarrierTrackerOptions, 'requestsPerSecond'> = {},
): Promise<AddressValidator | undefined> {
	let credentials: IDataObject;
	try {
		credentials = await ctx.getCredentials(CARRIER_CREDENTIAL_TYPES[carrier]);
	} catch {
		return undefined;
	}
	return createAddressValidator(
		carrier,
		carrierTransport(n8nTransport(ctx), carrier, { requestsPerSecond: options.requestsPerSecond }),
		{
			clientId: credentials.clientId as string,
			clientSecret: credentials.clientSecret as string,
			baseUrl: carrierBaseUrl(carrier, credentials.environment, credentials.baseUrl),
		},
	);
}

/**
 * What proves a push is the carrier's, from the carrier's push credential (never from workflow static
 * data). `toleranceSeconds` is the USPS timestamp window the node's parameter sets.
 */
export async function carrierPushConfig(
	ctx: IWebhookFunctions,
	carrier: PushCarrier,
	toleranceSeconds?: number,
): Promise<PushConfig> {
	const credentials = (await ctx.getCredentials(PUSH_CREDENTIAL_TYPES[carrier])) as IDataObject;
	return pushConfigFrom(carrier, credentials, toleranceSeconds);
}

/** A push credential's fields as the library's PushConfig. */
export function pushConfigFrom(carrier: PushCarrier, c: IDataObject, toleranceSeconds?: number): PushConfig {
	if (carrier === 'usps') return { carrier, secret: String(c.secret ?? ''), toleranceSeconds };
	const scheme = String(c.scheme ?? 'oauth');
	let auth: UpsPushAuth;
	if (scheme === 'credential') auth = { scheme, credential: String(c.credential ?? '') };
	else if (scheme === 'bearer')
		auth = { scheme, accessToken: String(c.accessToken ?? ''), clientId: String(c.clientId ?? '') };
	else auth = { scheme: 'oauth', clientId: String(c.clientId ?? ''), clientSecret: String(c.clientSecret ?? '') };
	return { carrier, auth };
}

/** n8n's credential test for a push credential, by name (a node lists it under `testedBy`). */
export const PUSH_CREDENTIAL_TESTS: Record<PushCarrier, string> = {
	ups: 'upsTrackAlertCredentialTest',
	usps: 'uspsTrackingSubscriptionCredentialTest',
};

function pushCredentialTest(carrier: PushCarrier) {
	return async function (
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const problems = pushCredentialProblems(pushConfigFrom(carrier, (credential.data ?? {}) as IDataObject));
		if (problems.length) return { status: 'Error', message: problems.join(' ') };
		return {
			status: 'OK',
			message:
				`Complete: the trigger checks every ${carrier.toUpperCase()} push against it ` +
				'(the carrier calls n8n, so there is nothing to call back)',
		};
	};
}

export const upsTrackAlertCredentialTest = pushCredentialTest('ups');
export const uspsTrackingSubscriptionCredentialTest = pushCredentialTest('usps');
