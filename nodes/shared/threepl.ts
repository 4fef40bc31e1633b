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
import { secretKeyPart, type ResilientBudget } from '../lib/http';
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

/**
 * The credential fields that name the account whose limits the vendor counts (ShipBob: per user and app
 * token; ShipHero: per account; ShipMonk: per API key; Extensiv: per client and warehouse system). Budget
 * keys hold only a digest of them.
 */
const ACCOUNT_FIELDS: Record<ThreePlProvider, string[]> = {
	shipbob: ['token'],
	shiphero: ['refreshToken', 'accessToken'],
	shipmonk: ['apiKey'],
	extensiv: ['clientId', 'tpl'],
};

export function providerAccount(provider: ThreePlProvider, credentials: IDataObject): string {
	const values = ACCOUNT_FIELDS[provider].map((field) => String(credentials[field] ?? ''));
	return secretKeyPart(`${providerBaseUrl(provider, credentials)}\n${values.join('\n')}`);
}

/**
 * A client for this execution (limiters live per execution: nothing kept across runs). With a shared
 * budget (withSharedBudget) the account's limits are paced together with every other worker.
 */
export async function providerClient(
	ctx: Ctx,
	provider: ThreePlProvider,
	options: { clock?: Clock; sharedBudget?: ResilientBudget } = {},
): Promise<{ client: ThreePlClient; credentials: IDataObject }> {
	const credentialType = PROVIDER_CREDENTIALS[provider];
	const credentials = await providerCredentials(ctx, provider);
	const client = createThreePlClient(provider, {
		transport: n8nTransport(ctx, { credentialType }),
		baseUrl: providerBaseUrl(provider, credentials),
		channelId: (credentials.channelId as string) || undefined,
		customerAccountId: (credentials.customerAccountId as string) || undefined,
		clock: options.clock,
		shared: options.sharedBudget && { budget: options.sharedBudget, account: providerAccount(provider, credentials) },
	});
	return { client, credentials };
}
