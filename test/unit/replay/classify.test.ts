import { classifyExchange } from '../../../nodes/lib/replay/classify';
import { harDocument, harEntry, parseHar, type Exchange } from '../../../nodes/lib/replay/har';

function exchange(method: string, url: string, headers: Record<string, string> = {}, body?: string): Exchange {
	return parseHar(
		harDocument([
			harEntry({ at: '2026-12-01T15:00:00Z', method, url, requestHeaders: headers, requestBody: body, status: 200 }),
		]),
	).exchanges[0];
}

describe('classifyExchange', () => {
	it.each([
		['https://northwind-outfitters.myshopify.com/admin/api/2026-10/graphql.json', 'shopify'],
		['https://ssapi.shipstation.com/shipments?orderNumber=1001', 'shipstation'],
		['https://api.shipbob.com/2026-01/order?ReferenceIds=5012345678906', 'shipbob'],
		['https://public-api.shiphero.com/graphql', 'shiphero'],
		['https://api.shipmonk.com/v1/integrations/orders?orderKey=1', 'shipmonk'],
		['https://onlinetools.ups.com/api/track/v1/details/1Z4R8W290310010012', 'ups'],
		['https://apis.fedex.com/track/v1/trackingnumbers', 'fedex'],
		['https://apis.usps.com/tracking/v3r2/tracking', 'usps'],
		['https://api-eu.dhl.com/track/shipments?trackingNumber=4829301756', 'dhl'],
	])('a request to %s is a %s read', (url, vendor) => {
		expect(classifyExchange(exchange('GET', url))).toMatchObject({ role: 'read', vendor });
	});

	it('token exchanges are auth, not evidence', () => {
		expect(classifyExchange(exchange('POST', 'https://onlinetools.ups.com/security/v1/oauth/token'))).toMatchObject({
			role: 'auth',
			vendor: 'ups',
		});
		expect(classifyExchange(exchange('POST', 'https://apis.fedex.com/oauth/token'))).toMatchObject({
			role: 'auth',
			vendor: 'fedex',
		});
		expect(classifyExchange(exchange('POST', 'https://apis.usps.com/oauth2/v3/token'))).toMatchObject({
			role: 'auth',
			vendor: 'usps',
		});
	});

	it('pushes are recognised by the headers or body each vendor documents, whatever the product URL', () => {
		const url = 'https://n8n.example.com/webhook/abc';
		expect(
			classifyExchange(
				exchange('POST', url, { 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': 'x' }, '{}'),
			),
		).toMatchObject({ role: 'push', vendor: 'shopify' });
		expect(
			classifyExchange(
				exchange('POST', url, { 'webhook-id': 'msg_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' }, '{}'),
			),
		).toMatchObject({ role: 'push', vendor: 'shipbob' });
		expect(classifyExchange(exchange('POST', url, { 'X-ShipHero-Hmac-Sha256': 'x' }, '{}'))).toMatchObject({
			role: 'push',
			vendor: 'shiphero',
		});
		expect(
			classifyExchange(
				exchange(
					'POST',
					url,
					{},
					'{"resource_url":"https://ssapi.shipstation.com/shipments?batchId=1","resource_type":"SHIP_NOTIFY"}',
				),
			),
		).toMatchObject({ role: 'push', vendor: 'shipstation' });
		expect(classifyExchange(exchange('POST', url, { 'User-Agent': 'UPSPubSubTrackingService' }, '{}'))).toMatchObject({
			role: 'push',
			vendor: 'ups',
		});
		expect(
			classifyExchange(exchange('POST', url, { 'X-HMAC': 'x' }, '{"timestamp":"t","payload":"{}"}')),
		).toMatchObject({ role: 'push', vendor: 'usps' });
	});

	it('a vendor that signs nothing of its own is recognised by the webhook path the store gave it', () => {
		expect(
			classifyExchange(
				exchange('POST', 'https://n8n.example.com/webhook/shipmonk', { Authorization: 'Basic x' }, '{}'),
			),
		).toMatchObject({ role: 'push', vendor: 'shipmonk' });
	});

	it('a path naming a vendor outside an n8n webhook path is not taken for a push', () => {
		expect(
			classifyExchange(exchange('POST', 'https://proxy.example.com/shopify/admin/api/2026-10/graphql.json', {}, '{}'))
				.role,
		).toBe('unknown');
	});

	it('anything else is reported with the reason and what to do, never guessed', () => {
		const c = classifyExchange(exchange('GET', 'https://example.org/status'));
		expect(c.role).toBe('unknown');
		expect(c.why).toMatch(/baseUrls/);
	});

	it('a base URL in the replay config maps a sandbox or proxy to its vendor and strips its prefix', () => {
		const c = classifyExchange(exchange('GET', 'http://127.0.0.1:8787/shipstation/orders?orderNumber=1001'), {
			shipstation: 'http://127.0.0.1:8787/shipstation',
		});
		expect(c).toMatchObject({ role: 'read', vendor: 'shipstation', path: '/orders' });
	});
});
