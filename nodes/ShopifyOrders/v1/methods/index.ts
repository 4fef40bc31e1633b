import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { searchOrders } from '../../../lib/connectors/shopify';
import { nodeErrorOf } from '../../../shared/errors';
import { shopifyClient } from '../../../shared/shopify';

/** Resource locator list: newest orders first, filtered by the number the user types. */
export async function searchOrdersList(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await shopifyClient(this);
	try {
		const { results, next } = await searchOrders(client, filter, paginationToken);
		return {
			results: results.map((o) => ({
				name: `${o.name} (${o.displayFulfillmentStatus.toLowerCase().replace(/_/g, ' ')}, ${o.createdAt.slice(0, 10)})`,
				value: o.id.split('/').pop() ?? o.id,
			})),
			paginationToken: next,
		};
	} catch (error) {
		throw await nodeErrorOf(this, error);
	}
}

export const listSearch = { searchOrdersList };
