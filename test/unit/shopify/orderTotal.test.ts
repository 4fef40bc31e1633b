/**
 * readOrderTotal against the Shopify simulator: the order's current total in the currency the customer is charged
 * in, by id or by name, as the self-service value rule reads it; an order that is not there is an error.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import { readOrderTotal, ShopifyClient } from '../../../nodes/lib/connectors/shopify';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ShopifySim } from '../../sandbox/vendors/shopify';

describe('readOrderTotal', () => {
	let box: RunningSandbox;
	const sim = new ShopifySim({ seed: 3, orders: 4 });
	let client: ShopifyClient;
	beforeAll(async () => {
		box = await startSandbox([sim]);
		client = new ShopifyClient({
			shopDomain: sim.shopDomain,
			auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
			transport: createFetchTransport(),
			baseUrl: box.baseUrl('shopify'),
		});
	});
	afterAll(() => box.close());

	it("gives the order's current total with its currency, by id and by name alike", async () => {
		const order = sim.orderAt(0);
		const byId = await readOrderTotal(client, { by: 'id', value: order.id });
		expect(byId.currencyCode).toMatch(/^[A-Z]{3}$/);
		expect(Number(byId.amount)).toBeGreaterThan(0);
		expect(await readOrderTotal(client, { by: 'name', value: order.name })).toEqual(byId);
	});

	it('an order that is not in the store is an error naming it', async () => {
		await expect(readOrderTotal(client, { by: 'name', value: '#999999' })).rejects.toThrow(/999999/);
	});
});
