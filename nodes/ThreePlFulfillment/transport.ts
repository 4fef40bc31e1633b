/**
 * n8n glue for the 3PL nodes: which credential a provider uses and how its base URL is chosen.
 * Shared by 3PL Fulfillment and its trigger; everything else lives in nodes/lib.
 */
import type { IDataObject, IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { EXTENSIV_BASE_URL } from '../lib/connectors/extensiv/client';
import { SHIPBOB_BASE_URL, SHIPBOB_SANDBOX_URL } from '../lib/connectors/shipbob/client';
import { SHIPHERO_BASE_URL } from '../lib/connectors/shiphero/client';
import { SHIPMONK_BASE_URL, SHIPMONK_SANDBOX_URL } from '../lib/connectors/shipmonk/client';
import { createThreePlClient, type ThreePlClient, type ThreePlProvider } from '../lib/connectors/threepl';
import { n8nTransport } from '../shared/transport';

export const PROVIDER_CREDENTIALS: Record<ThreePlProvider, string> = {
	shipbob: 'shipBobPostPurchaseApi',
	shiphero: 'shipHeroPostPurchaseApi',
	shipmonk: 'shipMonkPostPurchaseApi',
	extensiv: 'extensivPostPurchaseApi',
};

export const PROVIDER_OPTIONS = [
	{ name: 'ShipBob', value: 'shipbob' },
	{ name: 'ShipHero', value: 'shiphero' },
	{ name: 'ShipMonk', value: 'shipmonk' },
	{ name: 'Extensiv (3PL Central)', value: 'extensiv' },
];

export function providerBaseUrl(provider: ThreePlProvider, credentials: IDataObject): string {
	const override = String(credentials.baseUrl ?? '').trim();
	if (override) return override.replace(/\/+$/, '');
	const sandbox = credentials.environment === 'sandbox';
	switch (provider) {
		case 'shipbob':
			return sandbox ? SHIPBOB_SANDBOX_URL : SHIPBOB_BASE_URL;
		case 'shipmonk':
			return sandbox ? SHIPMONK_SANDBOX_URL : SHIPMONK_BASE_URL;
		case 'shiphero':
			return SHIPHERO_BASE_URL;
		case 'extensiv':
			return EXTENSIV_BASE_URL;
	}
}

/** A client for this execution (limiters live per execution: nothing kept across runs). */
export async function providerClient(ctx: IExecuteFunctions | IHookFunctions | IWebhookFunctions, provider: ThreePlProvider): Promise<{ client: ThreePlClient; credentials: IDataObject }> {
	const credentialType = PROVIDER_CREDENTIALS[provider];
	const credentials = (await ctx.getCredentials(credentialType)) as IDataObject;
	const client = createThreePlClient(provider, {
		transport: n8nTransport(ctx, { credentialType }),
		baseUrl: providerBaseUrl(provider, credentials),
		channelId: (credentials.channelId as string) || undefined,
		customerAccountId: (credentials.customerAccountId as string) || undefined,
	});
	return { client, credentials };
}
