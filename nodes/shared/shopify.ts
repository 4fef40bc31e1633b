/**
 * n8n glue for the Shopify nodes (Shopify Orders and its trigger): credential -> ShopifyClient over
 * n8n's HTTP helper, and what the client learnt during an execution (Shopify's deprecation notices)
 * -> execution hints the user sees on the node. Errors go through nodes/shared/errors.ts.
 */
import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	NodeExecutionHint,
} from 'n8n-workflow';
import { ShopifyClient, type ShopifyAuth, type ShopifyDeprecation } from '../lib/connectors/shopify';
import type { ResilientBudget } from '../lib/http';
import { nodeErrorOf } from './errors';
import { n8nTransport } from './transport';

export const SHOPIFY_CREDENTIAL_TYPE = 'shopifyAdminPostPurchaseApi';

type Ctx = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/** The fields of the Shopify Admin API (Post-Purchase) credential. */
export interface ShopifyCredentialData {
	shopDomain: string;
	apiVersion?: string;
	authMode?: 'accessToken' | 'clientCredentials';
	accessToken?: string;
	clientId?: string;
	clientSecret?: string;
	webhookSecret?: string;
	baseUrl?: string;
}

/**
 * An access token is sent by n8n itself (the credential's `authenticate`, through
 * httpRequestWithAuthentication), so n8n's credential handling applies. The client credentials grant
 * stays in the library (ShopifyTokenSource): n8n re-runs a credential's preAuthentication only when a
 * request throws 401, and our transport must see every status itself (retries, throttling, the 401
 * hint), so n8n would never refresh an expired ~24 h token mid-run.
 */
export function authFromCredentials(credentials: ShopifyCredentialData): ShopifyAuth {
	return credentials.authMode === 'clientCredentials'
		? { mode: 'clientCredentials', clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? '' }
		: { mode: 'accessToken', accessToken: credentials.accessToken ?? '', sentByTransport: true };
}

export async function shopifyCredentials(ctx: Ctx): Promise<ShopifyCredentialData> {
	return (await ctx.getCredentials(SHOPIFY_CREDENTIAL_TYPE)) as unknown as ShopifyCredentialData;
}

/**
 * One client per execution: its token cache, bucket estimate and deprecation notices die with it. With a
 * shared budget (withSharedBudget) the shop's cost bucket is paced together with every other worker.
 */
export async function shopifyClient(
	ctx: Ctx,
	options: { sharedBudget?: ResilientBudget } = {},
): Promise<ShopifyClient> {
	const credentials = await shopifyCredentials(ctx);
	const auth = authFromCredentials(credentials);
	try {
		return new ShopifyClient({
			shopDomain: credentials.shopDomain,
			apiVersion: credentials.apiVersion,
			auth,
			transport: n8nTransport(ctx, auth.mode === 'accessToken' ? { credentialType: SHOPIFY_CREDENTIAL_TYPE } : {}),
			baseUrl: credentials.baseUrl,
			sharedBudget: options.sharedBudget,
		});
	} catch (error) {
		throw await nodeErrorOf(ctx, error);
	}
}

/** One warning per deprecation Shopify reported, naming the node's call and what to do. */
export function deprecationHints(apiVersion: string, deprecations: ShopifyDeprecation[]): NodeExecutionHint[] {
	return deprecations.map((d) => ({
		type: 'warning',
		location: 'outputPane',
		message:
			`Shopify API ${apiVersion}: the ${d.operation} call uses something Shopify has deprecated (${d.reason}). It ` +
			`still works in this version, but a later one may remove it: update the n8n-nodes-post-purchase package, and ` +
			`choose the newest API version in the credential once an update supports it.`,
	}));
}

/** A credential saved with a version Shopify has retired keeps working on the oldest supported one; say so. */
export function retiredVersionHint(retired: string, used: string): NodeExecutionHint {
	return {
		type: 'warning',
		location: 'outputPane',
		message:
			`The Shopify credential asks for API version ${retired}, which Shopify no longer supports; the node used ` +
			`${used}, as Shopify would. Open the credential and pick one of the versions it lists (the default is the ` +
			`newest).`,
	};
}

/**
 * Shows Shopify's X-Shopify-API-Deprecated-Reason notices of this execution (and a retired version in
 * the credential) as warnings on the node instead of dropping them. Older n8n versions have no
 * execution hints: there the notice is skipped.
 */
export function reportShopifyDeprecations(ctx: IExecuteFunctions, client: ShopifyClient): void {
	const hints = deprecationHints(client.apiVersion, client.deprecations());
	if (client.retiredApiVersion) hints.unshift(retiredVersionHint(client.retiredApiVersion, client.apiVersion));
	if (!hints.length || typeof ctx.addExecutionHints !== 'function') return;
	ctx.addExecutionHints(...hints);
}
