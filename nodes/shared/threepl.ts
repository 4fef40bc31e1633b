/**
 * n8n glue for the 3PLs (ShipBob, ShipHero, ShipMonk, Extensiv), shared by 3PL Fulfillment and its
 * trigger: which credential a provider uses, how its base URL is chosen, and credential -> client over
 * n8n's HTTP helper (authenticated by the credential type). Everything else lives in nodes/lib.
 */
import type { IDataObject, IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { EXTENSIV_BASE_URL } from '../lib/connectors/extensiv/client';
import { SHIPBOB_BASE_URL, SHIPBOB_SANDBOX_URL } from '../lib/connectors/shipbob/client';
import { SHIPHERO_BASE_URL } from '../lib/connectors/shiphero/client';
import { SHIPMONK_BASE_URL, SHIPMONK_SANDBOX_URL } from '../lib/connectors/shipmonk/client';
import { createThreePlClient, type ThreePlClient, type ThreePlProvider } from '../lib/connectors/threepl';
import type { Clock } from '../lib/http/types';
import { n8nTransport } from './transport';

type Ctx = IExecuteFunctions | IHookFunctions | IWebhookFunctions;

export const PROVIDER_CREDENTIALS: Record<ThreePlProvider, string> = {
	shipbob: 'shipBobPostPurchaseApi',
	shiphero: 'shipHeroPostPurchaseApi',
	shipmonk: 'shipMonkPostPurchaseApi',
	extensiv: 'extensivPostPurchaseApi',
};

/** The credential's base URL override, else the provider's host for the chosen environment. */
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

export async function providerCredentials(ctx: Ctx, provider: ThreePlProvider): Promise<IDataObject> {
	return (await ctx.getCredentials(PROVIDER_CREDENTIALS[provider])) as IDataObject;
}

/** A client for this execution (limiters live per execution: nothing kept across runs). */
export async function providerClient(
	ctx: Ctx,
	provider: ThreePlProvider,
	options: { clock?: Clock } = {},
): Promise<{ client: ThreePlClient; credentials: IDataObject }> {
	const credentialType = PROVIDER_CREDENTIALS[provider];
	const credentials = await providerCredentials(ctx, provider);
	const client = createThreePlClient(provider, {
		transport: n8nTransport(ctx, { credentialType }),
		baseUrl: providerBaseUrl(provider, credentials),
		channelId: (credentials.channelId as string) || undefined,
		customerAccountId: (credentials.customerAccountId as string) || undefined,
		clock: options.clock,
	});
	return { client, credentials };
}
