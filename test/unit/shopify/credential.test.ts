/**
 * A credential imports only n8n-workflow, so the Shopify credential inlines the API versions the
 * library supports. This keeps the copies equal: a version added to the library but not offered (or
 * offered but never contract-tested) fails here.
 */
import {
	DEFAULT_API_VERSION,
	SUPPORTED_API_VERSIONS,
	ShopifyClient,
	ShopifyTokenSource,
	resolveApiVersion,
} from '../../../nodes/lib/connectors/shopify';
import type { HttpRequest } from '../../../nodes/lib/http/types';
import { ShopifyAdminPostPurchaseApi } from '../../../credentials/ShopifyAdminPostPurchaseApi.credentials';

describe('Shopify credential constants', () => {
	const apiVersion = new ShopifyAdminPostPurchaseApi().properties.find((p) => p.name === 'apiVersion')!;

	it("offers exactly the supported API versions, in the library's order", () => {
		expect((apiVersion.options ?? []).map((o) => (o as { value: string }).value)).toEqual([...SUPPORTED_API_VERSIONS]);
	});

	it("defaults to the library's default version and labels it so", () => {
		expect(apiVersion.default).toBe(DEFAULT_API_VERSION);
		const labelled = (apiVersion.options ?? []).filter((o) => /\(Default\)/.test((o as { name: string }).name));
		expect(labelled.map((o) => (o as { value: string }).value)).toEqual([DEFAULT_API_VERSION]);
	});

	it('are the four versions Shopify supports as of December 2026, newest the default', () => {
		expect([...SUPPORTED_API_VERSIONS].sort()).toEqual(['2026-01', '2026-04', '2026-07', '2026-10']);
		expect(DEFAULT_API_VERSION).toBe('2026-10');
	});
});

describe('Shopify credential paths', () => {
	const credential = new ShopifyAdminPostPurchaseApi();

	it('the credential test posts to the GraphQL path the client uses', () => {
		for (const version of SUPPORTED_API_VERSIONS) {
			const client = new ShopifyClient({
				shopDomain: 'x.myshopify.com',
				apiVersion: version,
				auth: { mode: 'accessToken', accessToken: 't' },
				transport: async () => ({ status: 200, headers: {}, body: {} }),
			});
			const path = String(credential.test.request.url)
				.replace(/^=/, '')
				.replace('{{$credentials.apiVersion}}', version);
			expect(`https://x.myshopify.com${path}`).toBe(client.graphqlUrl());
		}
	});

	it(
		'preAuthentication has nothing to store for an access token (n8n would rewrite the credential before every ' +
			'request)',
		async () => {
			const helpers = {
				httpRequest: async () => {
					throw new Error('no token exchange for an access token');
				},
			};
			expect(
				await credential.preAuthentication.call({ helpers } as never, {
					shopDomain: 'x.myshopify.com',
					authMode: 'accessToken',
					accessToken: 'shpat_x',
				}),
			).toEqual({});
		},
	);

	it('preAuthentication asks the token endpoint the library asks', async () => {
		const urls: string[] = [];
		const helpers = {
			httpRequest: async (options: { url: string }) => (urls.push(options.url), { access_token: 'shpat_cc_x' }),
		};
		await credential.preAuthentication.call({ helpers } as never, {
			shopDomain: 'x.myshopify.com',
			authMode: 'clientCredentials',
			clientId: 'c',
			clientSecret: 's',
		});
		const sent: HttpRequest[] = [];
		const tokens = new ShopifyTokenSource(
			{ mode: 'clientCredentials', clientId: 'c', clientSecret: 's' },
			'https://x.myshopify.com',
			async (request) => (
				sent.push(request),
				{ status: 200, headers: {}, body: { access_token: 'shpat_cc_x', expires_in: 86399 } }
			),
		);
		await tokens.token();
		expect(urls).toEqual([sent[0].url]);
	});
});

describe('resolveApiVersion', () => {
	it('keeps a supported version and uses the default when none is set', () => {
		for (const v of SUPPORTED_API_VERSIONS) expect(resolveApiVersion(v)).toEqual({ version: v });
		expect(resolveApiVersion('')).toEqual({ version: DEFAULT_API_VERSION });
		expect(resolveApiVersion(undefined)).toEqual({ version: DEFAULT_API_VERSION });
	});
	it('serves a retired release with the oldest supported one, as Shopify does, and reports it', () => {
		expect(resolveApiVersion('2025-01')).toEqual({ version: '2026-01', retired: '2025-01' });
		expect(resolveApiVersion(' 2024-10 ')).toEqual({ version: '2026-01', retired: '2024-10' });
	});
	it('refuses what is not a retired Shopify release (a typo, a future or unknown version)', () => {
		for (const bad of ['2027-01', '2025-02', 'unstable', 'latest'])
			expect(() => resolveApiVersion(bad)).toThrow(/is not supported/);
	});
});
