/**
 * n8n glue for Klaviyo: credential -> client. Requests go through n8n's httpRequestWithAuthentication,
 * so the credential's `authenticate` (private key header and the pinned revision) applies with n8n's
 * proxy and credential handling; pacing by Klaviyo's RateLimit-* headers and retries stay in nodes/lib.
 * One client per execution: its limiters die with the run (queue-mode safe).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { KlaviyoClient, klaviyoTransport } from '../lib/connectors/klaviyo';
import { secretKeyPart, type ResilientBudget } from '../lib/http';
import { n8nTransport } from './transport';

export const KLAVIYO_CREDENTIAL_TYPE = 'klaviyoPostPurchaseApi';

export async function klaviyoClient(
	ctx: IExecuteFunctions,
	options: { sharedBudget?: ResilientBudget } = {},
): Promise<KlaviyoClient> {
	const credentials = await ctx.getCredentials(KLAVIYO_CREDENTIAL_TYPE);
	const budget = options.sharedBudget;
	const transport = klaviyoTransport(n8nTransport(ctx, { credentialType: KLAVIYO_CREDENTIAL_TYPE }), {
		shared: budget && { budget, account: secretKeyPart(String(credentials.apiKey ?? '')) },
	});
	// The client still names the key in its own headers (it is also used outside n8n: sandbox, replay);
	// the credential sets the same Authorization and revision values, so the two agree.
	return new KlaviyoClient(transport, {
		apiKey: credentials.apiKey as string,
		baseUrl: credentials.baseUrl as string,
	});
}
