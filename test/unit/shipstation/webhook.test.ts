import {
	checkResourceUrl,
	parseWebhookBody,
	targetUrlWithToken,
	tokenMatches,
} from '../../../nodes/lib/connectors/shipstation/webhook';

describe('ShipStation webhook body', () => {
	it('parses a ShipStation notification from a string, a Buffer or an object', () => {
		const body = {
			resource_url: 'https://ssapi.shipstation.com/shipments?storeID=1&batchId=2',
			resource_type: 'SHIP_NOTIFY',
		};
		const expected = { resourceUrl: body.resource_url, resourceType: 'SHIP_NOTIFY' };
		expect(parseWebhookBody(JSON.stringify(body))).toEqual(expected);
		expect(parseWebhookBody(Buffer.from(JSON.stringify(body)))).toEqual(expected);
		expect(parseWebhookBody(body)).toEqual(expected);
	});

	it('names the problem on malformed JSON, a missing resource_url, an unknown resource_type', () => {
		expect(() => parseWebhookBody('{"resource_url": ')).toThrow(
			expect.objectContaining({ field: 'body', message: expect.stringContaining('not valid JSON') }),
		);
		expect(() => parseWebhookBody('[]')).toThrow(expect.objectContaining({ field: 'body' }));
		expect(() => parseWebhookBody({ resource_type: 'SHIP_NOTIFY' })).toThrow(
			expect.objectContaining({ field: 'resource_url' }),
		);
		expect(() =>
			parseWebhookBody({ resource_url: 'https://ssapi.shipstation.com/orders', resource_type: 'DROP_TABLES' }),
		).toThrow(expect.objectContaining({ field: 'resource_type' }));
		expect(() => parseWebhookBody('x'.repeat(70_000))).toThrow(expect.objectContaining({ field: 'body' }));
	});
});

describe('resource_url allow-list', () => {
	it('accepts ShipStation orders and shipments listings on the API host', () => {
		expect(checkResourceUrl('https://ssapi.shipstation.com/orders?storeID=1&importBatch=abc')).toMatchObject({
			ok: true,
			kind: 'orders',
		});
		expect(checkResourceUrl('https://SSAPI.shipstation.com/shipments?batchId=1')).toMatchObject({
			ok: true,
			kind: 'shipments',
		});
	});

	it.each([
		['https://evil.example.com/shipments', 'host evil.example.com'],
		['https://ssapi.shipstation.com.evil.com/shipments', 'host ssapi.shipstation.com.evil.com'],
		['https://evilssapi.shipstation.com/shipments', 'host evilssapi.shipstation.com'],
		['http://ssapi.shipstation.com/shipments', 'uses http'],
		['https://ssapi.shipstation.com:8443/shipments', 'host ssapi.shipstation.com:8443'],
		['https://user:pw@ssapi.shipstation.com/shipments', 'embeds credentials'],
		['https://ssapi.shipstation.com/accounts/registeraccount', 'not a ShipStation orders or shipments listing'],
		['https://ssapi.shipstation.com/shipments/createlabel', 'not a ShipStation orders or shipments listing'],
		['file:///etc/passwd', 'uses file'],
		['/shipments', 'not an absolute URL'],
		[`https://ssapi.shipstation.com/shipments?x=${'a'.repeat(300)}`, 'at most 200'],
	])('refuses %s and says why', (url, reason) => {
		const check = checkResourceUrl(url);
		expect(check.ok).toBe(false);
		expect(check.reason).toContain(reason);
	});

	it('follows the configured base URL (sandbox), path prefix included', () => {
		expect(
			checkResourceUrl('http://127.0.0.1:4010/shipstation/shipments?batchId=1', 'http://127.0.0.1:4010/shipstation'),
		).toMatchObject({ ok: true, kind: 'shipments' });
		expect(checkResourceUrl('http://127.0.0.1:4010/other/shipments', 'http://127.0.0.1:4010/shipstation').ok).toBe(
			false,
		);
		expect(checkResourceUrl('https://ssapi.shipstation.com/shipments', 'http://127.0.0.1:4010/shipstation').ok).toBe(
			false,
		);
	});
});

describe('webhook token', () => {
	it('matches only the exact token', () => {
		expect(tokenMatches('s3cret-token', 's3cret-token')).toBe(true);
		expect(tokenMatches('s3cret-tokeN', 's3cret-token')).toBe(false);
		expect(tokenMatches('', 's3cret-token')).toBe(false);
		expect(tokenMatches(undefined, 's3cret-token')).toBe(false);
		expect(tokenMatches(['s3cret-token'], 's3cret-token')).toBe(false);
		expect(tokenMatches('anything', '')).toBe(false);
	});

	it('appends the token to the registered URL, keeping what is there', () => {
		expect(targetUrlWithToken('https://n8n.example.com/webhook/abc/shipstation', 't0k')).toBe(
			'https://n8n.example.com/webhook/abc/shipstation?token=t0k',
		);
		expect(targetUrlWithToken('https://n8n.example.com/webhook/abc?x=1', 't0k')).toBe(
			'https://n8n.example.com/webhook/abc?x=1&token=t0k',
		);
	});
});
