/**
 * The Shopify simulator answers what Shopify Orders' Read for Work Items sends (issue 14): `nodes(ids:)` (one
 * entry per id, in order, null for an unknown one) and order searches with OR (the union of the terms' matches,
 * paged by cursor), AND, NOT/- and parentheses, as https://shopify.dev/docs/api/usage/search-syntax describes.
 */
import { ShopifySim } from '../../sandbox/vendors/shopify';

const sim = new ShopifySim({ seed: 5, orders: 12 });
const gid = (name: string) => sim.findOrderByName(name)!.id;

async function names(query: string, first = 50, after?: string) {
	const res = (await sim.execute(
		'query ($q: String!, $first: Int!, $after: String) { ' +
			'orders(first: $first, after: $after, query: $q, sortKey: ID) { ' +
			'pageInfo { hasNextPage endCursor } nodes { name } } }',
		{ q: query, first, after },
	)) as { data: { orders: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ name: string }> } } };
	return { names: res.data.orders.nodes.map((o) => o.name), pageInfo: res.data.orders.pageInfo };
}

describe('Shopify simulator: nodes(ids:)', () => {
	it('one entry per id in the order asked, null where no order has that id', async () => {
		const res = (await sim.execute('query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Order { id name } } }', {
			ids: [gid('#1003'), 'gid://shopify/Order/1', gid('#1001'), 'gid://shopify/Product/5'],
		})) as { data: { nodes: Array<{ name: string } | null> }; errors?: unknown };
		expect(res.errors).toBeUndefined();
		expect(res.data.nodes.map((n) => n?.name ?? null)).toEqual(['#1003', null, '#1001', null]);
	});
});

describe('Shopify simulator: order search connectives', () => {
	it('OR is the union of its terms (bare, # and quoted names), in the sort order', async () => {
		expect((await names('name:#1004 OR name:1002 OR name:"1009" OR name:9999')).names).toEqual([
			'#1002',
			'#1004',
			'#1009',
		]);
	});

	it('pages an OR search by cursor', async () => {
		const query = ['1001', '1002', '1003', '1004', '1005'].map((n) => `name:${n}`).join(' OR ');
		const first = await names(query, 2);
		expect(first).toEqual({ names: ['#1001', '#1002'], pageInfo: expect.objectContaining({ hasNextPage: true }) });
		const second = await names(query, 2, first.pageInfo.endCursor);
		const third = await names(query, 2, second.pageInfo.endCursor);
		expect([second.names, third.names, third.pageInfo.hasNextPage]).toEqual([['#1003', '#1004'], ['#1005'], false]);
	});

	it('AND (written or implied) binds tighter than OR; parentheses group; NOT and - exclude', async () => {
		const created = sim.findOrderByName('#1002')!.createdAt;
		const at = `'${created}'`;
		expect((await names(`name:1001 OR name:1002 AND created_at:<${at}`)).names).toEqual(['#1001']);
		expect((await names(`(name:1001 OR name:1002) created_at:>=${at}`)).names).toEqual(
			['#1001', '#1002'].filter((n) => sim.findOrderByName(n)!.createdAt >= created),
		);
		expect((await names('(name:1001 OR name:1002 OR name:1003) -name:1002')).names).toEqual(['#1001', '#1003']);
		expect((await names('name:100* NOT (name:1001 OR name:1003)')).names).toEqual([
			'#1002',
			'#1004',
			'#1005',
			'#1006',
			'#1007',
			'#1008',
			'#1009',
		]);
	});

	it('a search without connectives still means every term (AND), and unknown fields are ignored', async () => {
		expect((await names('name:1007 status:open')).names).toEqual(['#1007']);
		expect((await names('name:1007 name:1008')).names).toEqual([]);
	});
});
