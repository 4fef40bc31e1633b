/**
 * ShipStation webhooks: the body is unsigned and only points at data (resource_url + resource_type).
 *
 * Two rules make that safe:
 * 1. The URL we registered carries a secret token; a delivery without it is refused (401) before anything.
 * 2. We dereference resource_url with our API credentials ONLY when it points at the ShipStation API host
 *    we are configured for. Anything else (another host, another scheme, embedded credentials, a path that
 *    is not an orders/shipments listing) is refused and reported: otherwise anyone who learns the webhook
 *    URL could make us send our ShipStation credentials to a server of their choosing.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { ValidationError } from '../../http/errors';
import type { SsWebhookEvent, SsWebhookPayload } from './types';
import { SS_WEBHOOK_EVENTS } from './types';

export const SHIPSTATION_V1_BASE_URL = 'https://ssapi.shipstation.com';
export const SHIPSTATION_V2_BASE_URL = 'https://api.shipstation.com';

/** The events the trigger subscribes; ITEM_ORDER_NOTIFY is accepted on delivery but not subscribed. */
export const TRIGGER_EVENTS: SsWebhookEvent[] = ['ORDER_NOTIFY', 'SHIP_NOTIFY', 'ITEM_SHIP_NOTIFY'];

/** ShipStation documents resource_url as at most 200 characters; more is not ShipStation. */
const MAX_RESOURCE_URL_LENGTH = 200;
const MAX_BODY_BYTES = 64 * 1024;

export type ResourceKind = 'orders' | 'shipments';

export interface ParsedWebhook {
	resourceUrl: string;
	resourceType: SsWebhookEvent;
}

/** Raw body (string, Buffer or already-parsed object) -> checked payload. Errors name the field. */
export function parseWebhookBody(body: unknown): ParsedWebhook {
	let value: unknown = body;
	if (Buffer.isBuffer(value)) value = value.toString('utf8');
	if (typeof value === 'string') {
		if (Buffer.byteLength(value) > MAX_BODY_BYTES) {
			throw new ValidationError(
				`Webhook body is ${Buffer.byteLength(value)} bytes; a ShipStation notification is under 1 KB`,
				'body',
			);
		}
		try {
			value = JSON.parse(value);
		} catch (error) {
			throw new ValidationError(
				`Webhook body is not valid JSON (${(error as Error).message})`,
				'body',
				'ShipStation sends {"resource_url": ..., "resource_type": ...}; check what is posting to this webhook URL.',
			);
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new ValidationError('Webhook body must be a JSON object with resource_url and resource_type', 'body');
	}
	const payload = value as Partial<SsWebhookPayload>;
	if (typeof payload.resource_url !== 'string' || payload.resource_url.trim() === '') {
		throw new ValidationError(
			'Webhook body has no resource_url',
			'resource_url',
			'A ShipStation notification always names the resource to fetch.',
		);
	}
	if (
		typeof payload.resource_type !== 'string' ||
		!(SS_WEBHOOK_EVENTS as readonly string[]).includes(payload.resource_type)
	) {
		throw new ValidationError(
			`Webhook resource_type ${JSON.stringify(payload.resource_type)} is not one of ${SS_WEBHOOK_EVENTS.join(', ')}`,
			'resource_type',
		);
	}
	return { resourceUrl: payload.resource_url.trim(), resourceType: payload.resource_type as SsWebhookEvent };
}

export interface ResourceUrlCheck {
	ok: boolean;
	/** Why it was refused, in words for the execution log. */
	reason?: string;
	url?: URL;
	kind?: ResourceKind;
}

/**
 * Is this resource_url one we may fetch with our credentials? Only the configured v1 API origin (default
 * https://ssapi.shipstation.com; the sandbox override in tests), only /orders or /shipments listings.
 */
export function checkResourceUrl(resourceUrl: string, apiBaseUrl: string = SHIPSTATION_V1_BASE_URL): ResourceUrlCheck {
	if (resourceUrl.length > MAX_RESOURCE_URL_LENGTH) {
		return {
			ok: false,
			reason: `resource_url is ${resourceUrl.length} characters; ShipStation's are at most ${MAX_RESOURCE_URL_LENGTH}`,
		};
	}
	let url: URL;
	let base: URL;
	try {
		url = new URL(resourceUrl);
	} catch {
		return { ok: false, reason: 'resource_url is not an absolute URL' };
	}
	try {
		base = new URL(apiBaseUrl);
	} catch {
		return { ok: false, reason: `the configured ShipStation API URL ${JSON.stringify(apiBaseUrl)} is not a URL` };
	}
	if (url.username || url.password) return { ok: false, reason: 'resource_url embeds credentials' };
	if (url.protocol !== base.protocol) {
		return {
			ok: false,
			reason:
				`resource_url uses ${url.protocol.replace(':', '')}, the ShipStation API uses ` +
				`${base.protocol.replace(':', '')}`,
		};
	}
	// host includes the port, so https://ssapi.shipstation.com:8443 is not the API either.
	if (url.host.toLowerCase() !== base.host.toLowerCase()) {
		return { ok: false, reason: `resource_url host ${url.host} is not the ShipStation API host ${base.host}` };
	}
	const basePath = base.pathname.replace(/\/+$/, '');
	const rest = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : null;
	const kind = rest === '/orders' ? 'orders' : rest === '/shipments' ? 'shipments' : undefined;
	if (!kind)
		return { ok: false, reason: `resource_url path ${url.pathname} is not a ShipStation orders or shipments listing` };
	return { ok: true, url, kind };
}

/** Constant-time comparison of the token in the request against the one we registered. */
export function tokenMatches(presented: unknown, expected: string): boolean {
	if (typeof presented !== 'string' || presented === '' || expected === '') return false;
	// Hash both so lengths match and the comparison time says nothing about the secret.
	const a = createHash('sha256').update(presented).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** The URL ShipStation is told to call: the n8n webhook URL with our secret token appended. */
export function targetUrlWithToken(webhookUrl: string, token: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set('token', token);
	return url.toString();
}

/**
 * The secret token for one trigger's webhook URL, derived from the API secret and the trigger's webhook
 * id. Derived, not stored: every queue-mode worker computes the same token with no shared state, and
 * someone who knows the URL path (the webhook id) still cannot compute it without the API secret.
 */
export function webhookToken(apiSecret: string, webhookId: string): string {
	if (!apiSecret)
		throw new ValidationError(
			'The ShipStation credential has no API secret',
			'apiSecret',
			'Fill in the API Secret in the ShipStation credential.',
		);
	return createHmac('sha256', apiSecret).update(`shipstation-trigger:${webhookId}`).digest('base64url').slice(0, 32);
}
