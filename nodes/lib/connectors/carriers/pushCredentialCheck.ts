/**
 * What a push credential must hold before the Carrier Tracking Trigger can tell the carrier's pushes from
 * anyone else's. n8n's credential "Test" button runs this: the carrier calls us, so there is nothing to call
 * back, but an empty or short secret would let every push fail (or every forged push pass) silently.
 */
import type { PushConfig } from './pushHandler';

/** USPS Subscriptions - Tracking v3: the subscription `secret` is exactly 32 characters. */
export const USPS_SECRET_LENGTH = 32;
/** Shared secrets we compare or sign tokens with: shorter than this is guessable. */
export const MIN_SHARED_SECRET_LENGTH = 16;

/** Every problem with the credential, each naming the field and what to do; empty when it is usable. */
export function pushCredentialProblems(config: PushConfig): string[] {
	if (config.carrier === 'usps') {
		if (!config.secret)
			return ['Subscription Secret is empty: enter the 32-character secret of the USPS subscription.'];
		if (config.secret.length !== USPS_SECRET_LENGTH)
			return [
				`Subscription Secret has ${config.secret.length} characters; USPS subscription secrets have exactly ` +
					`${USPS_SECRET_LENGTH}: copy the secret you sent when creating the subscription.`,
			];
		return [];
	}
	const auth = config.auth;
	const problems: string[] = [];
	if (auth.scheme === 'credential') {
		problems.push(...secretProblems('Credential', auth.credential));
	} else if (auth.scheme === 'bearer') {
		if (!auth.accessToken) problems.push('Access Token is empty: enter the token your own token server hands UPS.');
	} else {
		if (!auth.clientId)
			problems.push('Client ID is empty: enter the Client ID registered in UPS "Manage Webhook Credentials".');
		problems.push(...secretProblems('Client Secret', auth.clientSecret));
	}
	return problems;
}

function secretProblems(field: string, value: string): string[] {
	if (!value) return [`${field} is empty: enter the value registered with UPS.`];
	if (value.length < MIN_SHARED_SECRET_LENGTH)
		return [
			`${field} has only ${value.length} characters: use a random string of at least ` +
				`${MIN_SHARED_SECRET_LENGTH} (32 or more is better) and register the same value with UPS.`,
		];
	return [];
}
