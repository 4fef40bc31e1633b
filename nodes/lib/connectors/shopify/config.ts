import { ValidationError } from '../../http/errors';

/**
 * API versions the package is tested against: each has its published schema in
 * test/contract/specs/shopify and every document is validated against both. A version is only
 * offered once its schema is in the contract tests, so a user cannot pick one we never checked.
 */
export const SUPPORTED_API_VERSIONS = ['2025-01', '2024-10'] as const;
export type ShopifyApiVersion = (typeof SUPPORTED_API_VERSIONS)[number];
export const DEFAULT_API_VERSION: ShopifyApiVersion = '2025-01';

/** Shopify's documented page maximum for connections. */
export const MAX_PAGE_SIZE = 250;
/** Shopify rejects a single query whose requested cost exceeds this many points. */
export const SINGLE_QUERY_MAX_COST = 1000;

const MYSHOPIFY_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const BARE_HANDLE = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Accepts "my-store", "my-store.myshopify.com" or "https://my-store.myshopify.com/admin" and returns
 * "my-store.myshopify.com". Anything else (a custom domain, an admin.shopify.com URL) is refused:
 * the Admin API and the token endpoint only answer on the permanent *.myshopify.com host.
 */
export function normaliseShopDomain(input: unknown): string {
	const raw = typeof input === 'string' ? input.trim().toLowerCase() : '';
	if (!raw) {
		throw new ValidationError('The shop domain is empty', 'shopDomain', 'Enter your store\'s permanent domain, e.g. my-store.myshopify.com (Shopify admin > Settings > Domains).');
	}
	let host = raw;
	if (/^https?:\/\//.test(raw)) {
		try {
			host = new URL(raw).hostname;
		} catch {
			host = '';
		}
	} else {
		host = raw.split('/')[0];
	}
	if (BARE_HANDLE.test(host)) host = `${host}.myshopify.com`;
	if (!MYSHOPIFY_HOST.test(host)) {
		throw new ValidationError(
			`"${String(input).slice(0, 100)}" is not a *.myshopify.com shop domain`,
			'shopDomain',
			'Use the store\'s permanent domain ending in .myshopify.com (Shopify admin > Settings > Domains), not a custom domain such as www.example.com.',
		);
	}
	return host;
}

export function normaliseApiVersion(input: unknown): ShopifyApiVersion {
	const value = typeof input === 'string' && input.trim() ? input.trim() : DEFAULT_API_VERSION;
	if (!(SUPPORTED_API_VERSIONS as readonly string[]).includes(value)) {
		throw new ValidationError(
			`API version "${value}" is not supported by this node`,
			'apiVersion',
			`Pick one of ${SUPPORTED_API_VERSIONS.join(', ')} in the credential.`,
		);
	}
	return value as ShopifyApiVersion;
}

/** Where requests go: the shop itself, or the sandbox base URL override (tests, demo). */
export function shopOrigin(shopDomain: string, baseUrlOverride?: string | null): string {
	if (baseUrlOverride && baseUrlOverride.trim()) return baseUrlOverride.trim().replace(/\/+$/, '');
	return `https://${shopDomain}`;
}

export function orderGid(id: string | number): string {
	const text = String(id).trim();
	return text.startsWith('gid://') ? text : `gid://shopify/Order/${text}`;
}

/** "#1001" -> "1001"; "#1001.2" (a fulfillment name) -> "1001"; "#1001-R1" (a return) -> "1001". */
export function orderKeyFromName(name: string): string {
	return name.trim().replace(/^#/, '').replace(/(\.\d+|-R\d+)$/, '');
}
