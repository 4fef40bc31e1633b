/**
 * Which side of the product an exchange was on. A capture mixes two kinds of traffic:
 *   - pushes: the request was sent TO the product (a vendor's webhook): recognised by the vendor's own
 *     delivery headers or body shape, never by the URL (the product's URL is whatever n8n was given);
 *   - reads: the request was MADE by the product to a vendor's API: recognised by the API's host (or a
 *     base URL the replay config maps to a vendor, e.g. the sandbox's http://127.0.0.1:8787/shopify).
 * Token exchanges are reads too, but they carry no evidence about an order (kind 'auth').
 */
import type { Exchange } from './har';

export const REPLAY_VENDORS = [
	'shopify',
	'shipstation',
	'shipbob',
	'shiphero',
	'shipmonk',
	'extensiv',
	'ups',
	'fedex',
	'usps',
	'dhl',
] as const;
export type ReplayVendor = (typeof REPLAY_VENDORS)[number];

export type Classification =
	| { role: 'push'; vendor: ReplayVendor; why: string }
	| { role: 'read'; vendor: ReplayVendor; path: string; why: string }
	| { role: 'auth'; vendor: ReplayVendor; why: string }
	| { role: 'unknown'; why: string };

/** The vendors' published API hosts (production and sandbox), as the connectors use them. */
const API_HOSTS: Array<[RegExp, ReplayVendor]> = [
	[/\.myshopify\.com$/i, 'shopify'],
	[/^ssapi\.shipstation\.com$/i, 'shipstation'],
	[/^(sandbox-)?api\.shipbob\.com$/i, 'shipbob'],
	[/^public-api\.shiphero\.com$/i, 'shiphero'],
	[/^(api\.shipmonk\.com|sandbox\.shipmonk\.dev)$/i, 'shipmonk'],
	[/^(secure-wms\.com|box\.secure-wms\.com)$/i, 'extensiv'],
	[/^(onlinetools|wwwcie)\.ups\.com$/i, 'ups'],
	[/^apis(-sandbox)?\.fedex\.com$/i, 'fedex'],
	[/^apis(-tem)?\.usps\.com$/i, 'usps'],
	[/^api(-eu|-test)?\.dhl\.com$/i, 'dhl'],
];

/** Token endpoints: answered by the replay itself (a capture never needs to contain credentials). */
const AUTH_PATHS: Array<[ReplayVendor | '*', RegExp]> = [
	['ups', /^\/security\/v1\/oauth\/token$/],
	['fedex', /^\/oauth\/token$/],
	['usps', /^\/oauth2\/v3\/token$/],
	['shopify', /^\/admin\/oauth\/access_token$/],
	['shiphero', /^\/auth\/(refresh|token)$/],
	['extensiv', /^\/AuthServer\/api\/Token$/i],
];

export interface VendorBaseUrls {
	/** Extra API locations per vendor (sandbox, proxies): "http://127.0.0.1:8787/shopify". */
	[vendor: string]: string | undefined;
}

function stripBase(url: URL, base: string): string | undefined {
	let b: URL;
	try {
		b = new URL(base);
	} catch {
		return undefined;
	}
	if (b.origin !== url.origin) return undefined;
	const prefix = b.pathname.replace(/\/+$/, '');
	if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
	return url.pathname.slice(prefix.length) || '/';
}

/** The vendor API a URL belongs to and the path under that API's base, or undefined. */
export function vendorOfUrl(
	rawUrl: string,
	baseUrls: VendorBaseUrls = {},
): { vendor: ReplayVendor; path: string } | undefined {
	let url: URL;
	try {
		url = new URL(rawUrl);
	} catch {
		return undefined;
	}
	for (const vendor of REPLAY_VENDORS) {
		const base = baseUrls[vendor];
		if (!base) continue;
		const path = stripBase(url, base);
		if (path !== undefined) return { vendor, path };
	}
	for (const [host, vendor] of API_HOSTS) if (host.test(url.hostname)) return { vendor, path: url.pathname };
	return undefined;
}

export function isAuthPath(vendor: ReplayVendor, path: string): boolean {
	return AUTH_PATHS.some(([v, re]) => (v === vendor || v === '*') && re.test(path));
}

function parsedBody(exchange: Exchange): Record<string, unknown> | undefined {
	if (!exchange.request.bodyText) return undefined;
	try {
		const body = JSON.parse(exchange.request.bodyText) as unknown;
		return typeof body === 'object' && body !== null && !Array.isArray(body)
			? (body as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/**
 * The vendor that pushed this request, from what the vendor documents it sends:
 * Shopify X-Shopify-Topic / X-Shopify-Hmac-Sha256; ShipBob Standard Webhooks headers (webhook-id,
 * webhook-timestamp, webhook-signature); ShipHero X-ShipHero-Hmac-Sha256 / X-ShipHero-Message-ID;
 * ShipMonk X-Sm-Signature; ShipStation's body {resource_url, resource_type} (it signs nothing);
 * UPS Track Alert User-Agent UPSPubSubTrackingService (UPSTrackAlert.yaml); USPS subscription
 * notifications X-HMAC over {timestamp, payload} (subscriptions-tracking-v3r2_1.yaml).
 */
export function pushVendorOf(exchange: Exchange): { vendor: ReplayVendor; why: string } | undefined {
	const h = exchange.request.headers;
	if (h['x-shopify-topic'] !== undefined || h['x-shopify-hmac-sha256'] !== undefined)
		return { vendor: 'shopify', why: 'X-Shopify-Topic / X-Shopify-Hmac-Sha256 header' };
	if (h['webhook-signature'] !== undefined && h['webhook-id'] !== undefined)
		return { vendor: 'shipbob', why: 'Standard Webhooks headers (ShipBob)' };
	if (h['x-shiphero-hmac-sha256'] !== undefined || h['x-shiphero-message-id'] !== undefined)
		return { vendor: 'shiphero', why: 'X-ShipHero-Hmac-Sha256 header' };
	if (h['x-sm-signature'] !== undefined) return { vendor: 'shipmonk', why: 'X-Sm-Signature header' };
	if (/UPSPubSubTrackingService/i.test(h['user-agent'] ?? ''))
		return { vendor: 'ups', why: 'User-Agent UPSPubSubTrackingService (UPS Track Alert)' };
	const body = parsedBody(exchange);
	if (
		h['x-hmac'] !== undefined ||
		h['hmac-header'] !== undefined ||
		(body && typeof body.payload === 'string' && 'timestamp' in body && 'subscriptionId' in body)
	)
		return { vendor: 'usps', why: 'X-HMAC header / subscription notification body (USPS)' };
	if (body && typeof body.resource_url === 'string' && typeof body.resource_type === 'string')
		return { vendor: 'shipstation', why: 'body {resource_url, resource_type} (ShipStation)' };
	// Vendors that sign nothing of their own (ShipMonk's Basic auth): the n8n webhook path the store gave them
	// (/webhook/... or /webhook-test/...), when it names the vendor.
	const path = new URL(exchange.request.url).pathname.toLowerCase();
	const named = /\/webhook(-test)?\//.test(path)
		? REPLAY_VENDORS.find((v) => new RegExp(`(^|/|-)${v}(\\b|/|-|$)`).test(path))
		: undefined;
	if (named && exchange.request.method === 'POST')
		return { vendor: named, why: `POST to a webhook path naming ${named} (${path})` };
	return undefined;
}

export function classifyExchange(exchange: Exchange, baseUrls: VendorBaseUrls = {}): Classification {
	const api = vendorOfUrl(exchange.request.url, baseUrls);
	if (api) {
		if (isAuthPath(api.vendor, api.path))
			return { role: 'auth', vendor: api.vendor, why: `token endpoint ${api.path}` };
		return {
			role: 'read',
			vendor: api.vendor,
			path: api.path,
			why: `request to the ${api.vendor} API (${new URL(exchange.request.url).host})`,
		};
	}
	const push = pushVendorOf(exchange);
	if (push) return { role: 'push', ...push };
	return {
		role: 'unknown',
		why:
			`${exchange.request.method} ${exchange.request.url.slice(0, 100)}: neither a known vendor API host nor a ` +
			`vendor's webhook headers; map its base URL to a vendor in the replay config ("baseUrls") if it is a vendor ` +
			`API`,
	};
}
