import { ValidationError } from '../../http/errors';

/**
 * API versions the package is tested against: the four Shopify supports as of December 2026 (each
 * stable version is supported for 12 months). Every document in documents.ts is validated against each
 * one's published schema in test/contract/shopify, and none uses a field deprecated in any of them, so
 * a user cannot pick a version we never checked. Newest first: the credential offers them in this order.
 */
export const SUPPORTED_API_VERSIONS = ['2026-10', '2026-07', '2026-04', '2026-01'] as const;
export type ShopifyApiVersion = (typeof SUPPORTED_API_VERSIONS)[number];
export const DEFAULT_API_VERSION: ShopifyApiVersion = '2026-10';

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
		throw new ValidationError(
			'The shop domain is empty',
			'shopDomain',
			"Enter your store's permanent domain, e.g. my-store.myshopify.com (Shopify admin > Settings > Domains).",
		);
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
			"Use the store's permanent domain ending in .myshopify.com (Shopify admin > Settings > Domains), not a " +
				'custom domain such as www.example.com.',
		);
	}
	return host;
}

export interface ResolvedApiVersion {
	version: ShopifyApiVersion;
	/** Set when the credential names a version Shopify has retired: the one it asked for. */
	retired?: string;
}

const OLDEST_SUPPORTED: ShopifyApiVersion = [...SUPPORTED_API_VERSIONS].sort()[0];

/**
 * The version to call. A version older than every supported one (a credential saved in 2025 with
 * 2025-01) is served by the oldest supported version, as Shopify itself does for a retired version, and
 * reported as `retired` so the node can tell the user; anything else outside the list is refused.
 */
export function resolveApiVersion(input: unknown): ResolvedApiVersion {
	const value = typeof input === 'string' && input.trim() ? input.trim() : DEFAULT_API_VERSION;
	if ((SUPPORTED_API_VERSIONS as readonly string[]).includes(value)) return { version: value as ShopifyApiVersion };
	if (/^\d{4}-(01|04|07|10)$/.test(value) && value < OLDEST_SUPPORTED)
		return { version: OLDEST_SUPPORTED, retired: value };
	throw new ValidationError(
		`API version "${value}" is not supported by this node`,
		'apiVersion',
		`Pick one of ${SUPPORTED_API_VERSIONS.join(', ')} in the credential.`,
	);
}

export function normaliseApiVersion(input: unknown): ShopifyApiVersion {
	return resolveApiVersion(input).version;
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
	return name
		.trim()
		.replace(/^#/, '')
		.replace(/(\.\d+|-R\d+)$/, '');
}
