/**
 * Shopify Orders through n8n's execution engine; HTTP intercepted by nock and answered by the
 * simulated Admin API (schema-executing), so every request and answer keeps Shopify's contract.
 */
import nock from 'nock';
import { ShopifyOrders } from '../../nodes/ShopifyOrders/ShopifyOrders.node';
import type { ShopifyOrdersV1 } from '../../nodes/ShopifyOrders/v1/ShopifyOrdersV1.node';
import { ShopifyAdminPostPurchaseApi } from '../../credentials/ShopifyAdminPostPurchaseApi.credentials';
import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { runNode } from '../helpers/n8n';
import { nockSim } from '../unit/shopify/nockSim';
import { ShopifySim } from '../sandbox/vendors/shopify';
import type { VendorSim } from '../sandbox/http';

const SHOP = 'pp-test.myshopify.com';
const ORIGIN = `https://${SHOP}`;
const credentialTypes = [new ShopifyAdminPostPurchaseApi()];
const tokenCredentials = {
	shopifyAdminPostPurchaseApi: {
		shopDomain: SHOP,
		apiVersion: '2026-10',
		authMode: 'accessToken',
		accessToken: 'shpat_sandbox_token',
		webhookSecret: 'whsec',
	},
};

let sim: ShopifySim;
beforeEach(() => {
	sim = new ShopifySim({
		seed: 5,
		orders: 40,
		shopDomain: SHOP,
		publicBaseUrl: ORIGIN,
		clientCredentials: { clientId: 'cid', clientSecret: 'csecret' },
	});
	nockSim(ORIGIN, sim);
});
afterEach(() => nock.cleanAll());

const openOrder = () => [...sim.allOrders()].find((o) => o.fulfillmentOrders[0].status === 'OPEN')!;

describe('Get', () => {
	it('returns the order and its observations, paired to the input item', async () => {
		const { outputs, error } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '#1003' } },
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		const [item] = outputs[0];
		expect((item.json.order as { name: string }).name).toBe('#1003');
		const kinds = (item.json.observations as Array<{ kind: string; orderKey: string }>).map((o) => o.kind);
		expect(kinds).toContain('order');
		expect(kinds).toContain('fulfillment_order');
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('an unknown order fails with a clear message; with Continue On Fail the next item still runs', async () => {
		const { outputs } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '={{ $json.name }}' } },
			input: [{ json: { name: '#999999' } }, { json: { name: '#1004' } }],
			credentials: tokenCredentials,
			credentialTypes,
			continueOnFail: true,
		});
		expect(outputs[0][0].json.error).toMatch(/No order named #999999/);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect((outputs[0][1].json.order as { name: string }).name).toBe('#1004');
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Get Many', () => {
	it('pages with cursors and honours the limit', async () => {
		const { outputs, error } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'getMany', returnAll: false, limit: 30 },
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(30);
		expect(sim.calls.filter((c) => c.operationName === 'ListOrders').map((c) => c.variables?.first)).toEqual([30]);
		expect(sim.calls.every((c) => !c.throttled)).toBe(true);
	});
	it('returns all orders in an updated_at window', async () => {
		const all = [...sim.allOrders()].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1));
		const { outputs } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: {
				operation: 'getMany',
				returnAll: true,
				updatedAtMin: all[5].updatedAt,
				updatedAtMax: all[14].updatedAt,
			},
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(outputs[0].map((i) => (i.json.order as { name: string }).name)).toEqual(all.slice(5, 15).map((o) => o.name));
	});
});

describe('Export', () => {
	it('runs a bulk operation, polls it and streams the result into orders', async () => {
		const { outputs, error } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'export', exportOutput: 'summary' },
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ orders: 40, detachedChildren: 0 });
		expect(outputs[0][0].json.observations as number).toBeGreaterThanOrEqual(80);
	}, 20000);
});

describe('mutations', () => {
	it('Update Shipping Address reads back and confirms', async () => {
		const o = openOrder();
		const { outputs, error } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: {
				operation: 'updateShippingAddress',
				order: { __rl: true, mode: 'id', value: o.legacyResourceId },
				address: { address1: '9 Elm St', city: 'Denver', provinceCode: 'CO', zip: '80203', countryCode: 'US' },
			},
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.confirmed).toBe(true);
		expect((outputs[0][0].json.order as { shippingAddress: { address1: string } }).shippingAddress.address1).toBe(
			'9 Elm St',
		);
	});

	it('userErrors become a NodeApiError naming the field', async () => {
		const o = openOrder();
		const { error } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: {
				operation: 'updateShippingAddress',
				order: { __rl: true, mode: 'name', value: o.name },
				address: { address1: '9 Elm St', zip: 'ABC', countryCode: 'US' },
			},
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(error).toBeDefined();
		expect(error!.name).toBe('NodeApiError');
		expect(error!.message).toMatch(/shippingAddress\.zip: Zip is invalid/);
		expect(error!.description).toMatch(/Field: shippingAddress\.zip/);
	});

	it('Hold, then Release a fulfillment order', async () => {
		const fo = openOrder().fulfillmentOrders[0].id;
		const held = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: {
				operation: 'holdFulfillmentOrder',
				fulfillmentOrderId: fo,
				holdReason: 'INVENTORY_OUT_OF_STOCK',
				holdNotes: 'Waiting for stock',
			},
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(held.outputs[0][0].json).toMatchObject({ confirmed: true, fulfillmentOrder: { status: 'ON_HOLD' } });
		const released = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'releaseFulfillmentOrderHold', fulfillmentOrderId: fo },
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(released.outputs[0][0].json).toMatchObject({ confirmed: true, fulfillmentOrder: { status: 'OPEN' } });
	});

	it('Add Tracking to a fulfillment order, Add Tags, Set Note, Cancel', async () => {
		const o = openOrder();
		const ref = { __rl: true, mode: 'name', value: o.name };
		const tracked = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: {
				operation: 'addTracking',
				order: ref,
				trackingTarget: 'fulfillmentOrder',
				fulfillmentOrderId: o.fulfillmentOrders[0].id,
				trackingNumber: '1Z999',
				carrier: 'UPS',
			},
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(tracked.outputs[0][0].json.confirmed).toBe(true);
		const observations = tracked.outputs[0][0].json.observations as Array<{
			kind: string;
			data: { trackingNumber?: string };
		}>;
		expect(observations.find((x) => x.kind === 'shipment')!.data.trackingNumber).toBe('1Z999');

		const tagged = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'addTags', order: ref, tags: 'address-fixed' },
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect((tagged.outputs[0][0].json.order as { tags: string[] }).tags).toContain('address-fixed');
		const noted = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'setNote', order: ref, note: 'Leave at door' },
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect((noted.outputs[0][0].json.order as { note: string }).note).toBe('Leave at door');

		const other = [...sim.allOrders()].filter((x) => x.fulfillmentOrders[0].status === 'OPEN')[1];
		const cancelled = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: {
				operation: 'cancel',
				order: { __rl: true, mode: 'name', value: other.name },
				cancelReason: 'CUSTOMER',
				refund: true,
				restock: true,
			},
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(cancelled.outputs[0][0].json.confirmed).toBe(true);
		expect((cancelled.outputs[0][0].json.order as { cancelledAt: string }).cancelledAt).toBeTruthy();
	});
});

describe("Shopify's deprecation notices", () => {
	/** Shopify as it answers a call that uses a deprecated field: the same body plus X-Shopify-API-Deprecated-Reason. */
	function withDeprecationHeader(reason: string, operations: string[]): VendorSim {
		return {
			name: 'shopify',
			handle: async (request) => {
				const response = await sim.handle(request);
				const operation =
					/\b(?:query|mutation)\s+(\w+)/.exec(
						String((request.json as { query?: string } | undefined)?.query ?? ''),
					)?.[1] ?? '';
				if (!response || !operations.includes(operation)) return response;
				return { ...response, headers: { ...response.headers, 'x-shopify-api-deprecated-reason': reason } };
			},
		};
	}
	const hintsOf = (runData: Awaited<ReturnType<typeof runNode>>['runData']) =>
		runData['Shopify Orders']?.[0]?.hints ?? [];

	it('reach the user as a warning on the node, once per call and reason, naming the call', async () => {
		nock.cleanAll();
		nockSim(ORIGIN, withDeprecationHeader('Order.legacyResourceId', ['GetOrder']));
		const { outputs, error, runData } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '={{ $json.n }}' } },
			input: [{ json: { n: '#1001' } }, { json: { n: '#1002' } }],
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		const hints = hintsOf(runData);
		expect(hints).toHaveLength(1);
		expect(hints[0]).toMatchObject({ type: 'warning', location: 'outputPane' });
		expect(hints[0].message).toContain('GetOrder');
		expect(hints[0].message).toContain('Order.legacyResourceId');
		expect(hints[0].message).toContain(`Shopify API ${tokenCredentials.shopifyAdminPostPurchaseApi.apiVersion}`);
	});

	it('are shown when an item fails under Continue On Fail, and nothing is shown without them', async () => {
		nock.cleanAll();
		nockSim(
			ORIGIN,
			withDeprecationHeader('https://shopify.dev/api/usage/versioning#deprecation-practices', ['FindOrderByName']),
		);
		const failed = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '#999999' } },
			credentials: tokenCredentials,
			credentialTypes,
			continueOnFail: true,
		});
		expect(failed.outputs[0][0].json.error).toMatch(/No order named #999999/);
		expect(
			hintsOf(failed.runData)
				.map((h) => h.message)
				.join('\n'),
		).toContain('FindOrderByName');

		nock.cleanAll();
		nockSim(ORIGIN, sim);
		const clean = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '#1001' } },
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(clean.error).toBeUndefined();
		expect(hintsOf(clean.runData)).toEqual([]);
	});
});

describe('a credential saved with a version Shopify has retired', () => {
	it('keeps working on the oldest supported version and says so on the node', async () => {
		const { outputs, error, runData } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '#1001' } },
			credentials: {
				shopifyAdminPostPurchaseApi: { ...tokenCredentials.shopifyAdminPostPurchaseApi, apiVersion: '2025-01' },
			},
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect((outputs[0][0].json.order as { name: string }).name).toBe('#1001');
		const hints = runData['Shopify Orders'][0].hints ?? [];
		expect(hints.map((h) => h.message).join('\n')).toMatch(
			/asks for API version 2025-01, which Shopify no longer supports; the node used 2026-01/,
		);
	});

	it('a version that is not a Shopify release is refused, naming the versions to pick', async () => {
		const { error } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '#1001' } },
			credentials: {
				shopifyAdminPostPurchaseApi: { ...tokenCredentials.shopifyAdminPostPurchaseApi, apiVersion: '2027-13' },
			},
			credentialTypes,
		});
		expect(error!.message).toMatch(/API version "2027-13" is not supported/);
		expect(error!.description).toMatch(/2026-10, 2026-07, 2026-04, 2026-01/);
	});
});

describe('bad input', () => {
	it('a shop domain that is not *.myshopify.com', async () => {
		const { error } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '#1001' } },
			credentials: {
				shopifyAdminPostPurchaseApi: { ...tokenCredentials.shopifyAdminPostPurchaseApi, shopDomain: 'www.mystore.com' },
			},
			credentialTypes,
		});
		expect(error!.message).toMatch(/not a \*\.myshopify\.com shop domain/);
		expect(error!.description).toMatch(/permanent domain ending in \.myshopify\.com/);
	});

	it('a revoked token is a 401 with what to do', async () => {
		sim.revokeAccessToken('shpat_sandbox_token');
		const { error } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '#1001' } },
			credentials: tokenCredentials,
			credentialTypes,
		});
		expect(error!.name).toBe('NodeApiError');
		expect(`${error!.message} ${error!.description}`).toMatch(/401|no longer accepts/);
	});

	it('client credentials mode exchanges the secret for a token once per execution', async () => {
		const { outputs, error } = await runNode({
			nodeType: new ShopifyOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '={{ $json.n }}' } },
			input: [{ json: { n: '#1001' } }, { json: { n: '#1002' } }, { json: { n: '#1003' } }],
			credentials: {
				shopifyAdminPostPurchaseApi: {
					shopDomain: SHOP,
					apiVersion: '2026-10',
					authMode: 'clientCredentials',
					clientId: 'cid',
					clientSecret: 'csecret',
				},
			},
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(3);
		expect(sim.tokenRequests).toHaveLength(1);
	});
});

/**
 * n8n's HTTP helper stand-in for contexts the harness does not
 * build (list search, credential hooks); nock intercepts fetch.
 */
async function fetchHelper(options: { url: string; method: string; headers?: Record<string, string>; body?: string }) {
	const res = await fetch(options.url, { method: options.method, headers: options.headers, body: options.body });
	const headers: Record<string, string> = {};
	res.headers.forEach((v, k) => (headers[k] = v));
	const text = await res.text();
	return { body: text, headers, statusCode: res.status };
}

describe('resource locator list search', () => {
	it('lists newest orders first, filtered by the typed number, with ids the locator accepts', async () => {
		// An access token is sent by n8n's httpRequestWithAuthentication (the credential's authenticate).
		const withToken = async (type: string, options: Parameters<typeof fetchHelper>[0]) => {
			expect(type).toBe('shopifyAdminPostPurchaseApi');
			return fetchHelper({
				...options,
				headers: {
					...options.headers,
					'X-Shopify-Access-Token': tokenCredentials.shopifyAdminPostPurchaseApi.accessToken,
				},
			});
		};
		const ctx = {
			getCredentials: async () => tokenCredentials.shopifyAdminPostPurchaseApi,
			getNode: () => ({
				name: 'Shopify Orders',
				type: 'shopifyOrders',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
				id: 'n1',
			}),
			helpers: { httpRequest: fetchHelper, httpRequestWithAuthentication: withToken },
		} as unknown as ILoadOptionsFunctions;
		const v1 = new ShopifyOrders().nodeVersions[1] as ShopifyOrdersV1;
		const result = await v1.methods.listSearch.searchOrdersList.call(ctx, '#103');
		expect(result.results.map((r) => r.name.split(' ')[0])).toEqual([
			'#1039',
			'#1038',
			'#1037',
			'#1036',
			'#1035',
			'#1034',
			'#1033',
			'#1032',
			'#1031',
			'#1030',
		]);
		expect(String(result.results[0].value)).toMatch(/^\d+$/);
	});
});

describe('credential', () => {
	it('preAuthentication runs the client credentials grant and the token works', async () => {
		const type = new ShopifyAdminPostPurchaseApi();
		const helpers = {
			httpRequest: async (options: { url: string; method: string; headers?: Record<string, string>; body?: string }) =>
				JSON.parse((await fetchHelper(options)).body),
		};
		const out = await type.preAuthentication.call({ helpers } as never, {
			shopDomain: SHOP,
			authMode: 'clientCredentials',
			clientId: 'cid',
			clientSecret: 'csecret',
		});
		expect(out.sessionToken).toMatch(/^shpat_cc_/);
		expect(sim.tokenRequests).toHaveLength(1);
		const res = await sim.execute('{ shop { name } }', {});
		expect(res.data).toEqual({ shop: { name: 'Post-Purchase Demo' } });
	});
	it('the credential test is the cheap shop query, valid against the schema', () => {
		const type = new ShopifyAdminPostPurchaseApi();
		expect((type.test.request.body as { query: string }).query).toBe('{ shop { name } }');
		expect(type.authenticate.properties.headers!['X-Shopify-Access-Token']).toMatch(/sessionToken.*accessToken/);
	});
});
