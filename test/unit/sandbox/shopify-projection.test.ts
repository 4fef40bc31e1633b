/**
 * The Shopify sim executes every query against Shopify's published Admin schema over the objects the
 * world projects, so a projected field of the wrong type, an enum value Shopify does not have or a
 * missing non-null field is a GraphQL error. Here every read document the Shopify connector uses runs
 * over every order of a world, at several simulated instants, and must come back without one.
 */
import {
	FIND_ORDER_BY_NAME_QUERY,
	GET_FULFILLMENT_ORDER_QUERY,
	GET_ORDER_QUERY,
	LIST_ORDERS_QUERY,
	READ_EDITABLE_LINES_QUERY,
	SEARCH_ORDERS_QUERY,
} from '../../../nodes/lib/connectors/shopify/documents';
import { EDITABLE_LINES_PER_PAGE, toEditableLine } from '../../../nodes/lib/connectors/shopify/orderEdit';
import { observationsFromOrder } from '../../../nodes/lib/connectors/shopify/normalise';
import type { GqlOrder } from '../../../nodes/lib/connectors/shopify/types';
import { validateObservation } from '../../../nodes/lib/order/validate';
import { DAY, generateWorld } from '../../sandbox/world/generate';
import { projectShopifyOrder } from '../../sandbox/world/projectShopify';
import { ShopifySim } from '../../sandbox/vendors/shopify';

describe('the world as the Shopify sim serves it', () => {
	const world = generateWorld({ seed: 42, orders: 120 });
	// A bucket big enough that the cost limit never answers before the schema does (limits are tested elsewhere).
	const shopify = new ShopifySim({ orders: 0, bucketSize: 10_000_000, restoreRate: 10_000_000 });
	const sims = { shopify };

	it.each([6, 2, 0])(
		'every order (and its fulfillment order) reads without a GraphQL error %i days before the end',
		async (daysBefore) => {
			const now = world.endMs - daysBefore * DAY;
			shopify.loadOrders(world.orders.filter((o) => o.placedAtMs <= now).map((o) => projectShopifyOrder(o, now)));
			const placed = world.orders.filter((o) => o.placedAtMs <= now);
			expect(sims.shopify.orderCount).toBe(placed.length);
			for (const order of placed) {
				const id = `gid://shopify/Order/${5_600_000_000_000 + order.index}`;
				const got = await sims.shopify.execute(GET_ORDER_QUERY, { id });
				expect(got.errors).toBeUndefined();
				const read = (got.data as { order: GqlOrder }).order;
				expect(read.name).toBe(order.name);
				for (const o of observationsFromOrder(read, { receivedAt: new Date(now).toISOString() }))
					expect(validateObservation(o, 256 * 1024).ok).toBe(true);
				const fo = await sims.shopify.execute(GET_FULFILLMENT_ORDER_QUERY, {
					id: read.fulfillmentOrders!.nodes[0].id,
				});
				expect(fo.errors).toBeUndefined();
			}
			const byName = await sims.shopify.execute(FIND_ORDER_BY_NAME_QUERY, { query: `name:${placed[0].key}` });
			expect(byName.errors).toBeUndefined();
			const list = await sims.shopify.execute(LIST_ORDERS_QUERY, {
				first: 50,
				after: null,
				query: null,
				reverse: false,
			});
			expect(list.errors).toBeUndefined();
			const search = await sims.shopify.execute(SEARCH_ORDERS_QUERY, { first: 10, query: null, after: null });
			expect(search.errors).toBeUndefined();
		},
	);

	it('every world line has a variant whose product offers an even swap and a dearer choice (issue 17)', async () => {
		const now = world.endMs;
		shopify.loadOrders(world.orders.filter((o) => o.placedAtMs <= now).map((o) => projectShopifyOrder(o, now)));
		for (const order of world.orders.slice(0, 30)) {
			const id = `gid://shopify/Order/${5_600_000_000_000 + order.index}`;
			const got = await sims.shopify.execute(READ_EDITABLE_LINES_QUERY, {
				id,
				first: EDITABLE_LINES_PER_PAGE,
				after: null,
			});
			expect(got.errors).toBeUndefined();
			const page = got.data as { shop: { currencyCode: string }; order: { lineItems: { nodes: never[] } } };
			for (const line of page.order.lineItems.nodes.map((n) => toEditableLine(n, page.shop.currencyCode))) {
				expect(line.variantId).not.toBeNull();
				const price = Number(line.unitPrice!.amount);
				expect(line.choices.some((c) => Number(c.price.amount) === price)).toBe(true);
				expect(line.choices.some((c) => Number(c.price.amount) > price)).toBe(true);
				expect(line.choices.length).toBeGreaterThanOrEqual(2);
			}
		}
	});
});
