/**
 * Shopify's X-Shopify-API-Deprecated-Reason reaches the client (through the admin-api-client's own
 * logger hook) and is kept per client, that is per execution: once per operation and reason, nothing
 * shared between clients. The simulator answers like Shopify since 2025-04, listing the deprecated
 * members the document used.
 */
import { ShopifyClient } from '../../../nodes/lib/connectors/shopify';
import type { Transport } from '../../../nodes/lib/http/types';
import { ShopifySim } from '../../sandbox/vendors/shopify';

/** The simulator as the transport, without HTTP. */
function simTransport(sim: ShopifySim): Transport {
	return async (request) => {
		const body = String(request.body);
		const response = await sim.handle({
			method: request.method,
			path: new URL(request.url).pathname,
			query: new URLSearchParams(),
			headers: {
				'x-shopify-access-token': String(request.headers?.['x-shopify-access-token'] ?? ''),
				'content-type': 'application/json',
			},
			rawBody: body,
			json: JSON.parse(body),
		});
		return { status: response!.status, headers: response!.headers ?? {}, body: response!.body };
	};
}

const DEPRECATED =
	'query OldWebhooks { webhookSubscriptions(first: 1, callbackUrl: "https://x.example") { nodes { id endpoint { ' +
	'__typename } } } }';

describe('deprecation notices', () => {
	const sim = new ShopifySim({ seed: 1, orders: 3 });
	const client = () =>
		new ShopifyClient({
			shopDomain: sim.shopDomain,
			apiVersion: '2026-04',
			auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
			transport: simTransport(sim),
		});

	it('are collected with the operation that caused them, once per operation and reason', async () => {
		const c = client();
		await c.request(DEPRECATED);
		await c.request(DEPRECATED);
		expect(c.deprecations()).toEqual([
			{ operation: 'OldWebhooks', reason: 'QueryRoot.webhookSubscriptions.callbackUrl, WebhookSubscription.endpoint' },
		]);
	});

	it('belong to one client: a new client (the next execution) starts with none, and clean calls add none', async () => {
		const c = client();
		await c.request('query ShopInfo { shop { name } }');
		expect(c.deprecations()).toEqual([]);
	});
});
