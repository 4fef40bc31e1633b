/**
 * n8n glue for the Shopify nodes: credential -> ShopifyClient over n8n's HTTP helper, and Shopify's
 * errors -> NodeApiError / NodeOperationError a non-engineer can act on.
 */
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type IHookFunctions, type ILoadOptionsFunctions, type INode, type IWebhookFunctions, type JsonObject } from 'n8n-workflow';
import { ShopifyClient, ShopifyGraphQLError, ShopifyUserErrors, type ShopifyAuth } from '../../lib/connectors/shopify';
import { ValidationError } from '../../lib/http/errors';
import { n8nTransport } from '../../shared/transport';
import { toNodeError } from '../../shared/errors';

export const CREDENTIAL_TYPE = 'shopifyAdminPostPurchaseApi';

type Ctx = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

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

export function authFromCredentials(credentials: ShopifyCredentialData): ShopifyAuth {
	return credentials.authMode === 'clientCredentials'
		? { mode: 'clientCredentials', clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? '' }
		: { mode: 'accessToken', accessToken: credentials.accessToken ?? '' };
}

/** One client per execution: its token cache and bucket estimate die with the execution. */
export async function shopifyClient(ctx: Ctx): Promise<ShopifyClient> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as ShopifyCredentialData;
	try {
		return new ShopifyClient({
			shopDomain: credentials.shopDomain,
			apiVersion: credentials.apiVersion,
			auth: authFromCredentials(credentials),
			transport: n8nTransport(ctx),
			baseUrl: credentials.baseUrl,
		});
	} catch (error) {
		throw shopifyNodeError(ctx.getNode(), error);
	}
}

export function shopifyNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof ShopifyUserErrors) {
		return new NodeApiError(node, { message: error.message, userErrors: error.userErrors } as unknown as JsonObject, {
			message: error.message,
			description: `Field: ${error.field ?? '(none given)'}. ${error.hint ?? ''}`.trim(),
			itemIndex,
		});
	}
	if (error instanceof ShopifyGraphQLError) {
		return new NodeApiError(node, { message: error.message, code: error.code ?? null } as JsonObject, {
			message: error.message,
			description: error.hint ?? 'Shopify refused the request; the message above says why.',
			itemIndex,
		});
	}
	if (error instanceof ValidationError) {
		return new NodeOperationError(node, error.message, {
			description: `${error.field ? `Field: ${error.field}. ` : ''}${error.hint ?? ''}`.trim() || undefined,
			itemIndex,
		});
	}
	return toNodeError(node, error, itemIndex);
}
