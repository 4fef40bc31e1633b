import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	assembleBulkRecords,
	buildOrdersSearch,
	observationsFromOrder,
	readLines,
	startBulkOrdersExport,
	waitForBulkOperation,
	type GqlOrder,
	type ShopifyClient,
	type StreamOpener,
} from '../../../../lib/connectors/shopify';

const show = { show: { operation: ['export'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Updated After',
		name: 'exportUpdatedAtMin',
		type: 'dateTime',
		default: '',
		displayOptions: show,
		description: 'Only orders changed at or after this time (leave empty to export every order)',
	},
	{
		displayName: 'Search Query',
		name: 'exportSearch',
		type: 'string',
		default: '',
		displayOptions: show,
		description: "Extra filter in Shopify's search syntax",
	},
	{
		displayName: 'Output',
		name: 'exportOutput',
		type: 'options',
		options: [
			{ name: 'One Item per Order', value: 'orders' },
			{
				name: 'Summary Only',
				value: 'summary',
				description: 'Counts only; use for very large backfills that feed Order State in another way',
			},
		],
		default: 'orders',
		displayOptions: show,
	},
];

/** A bulk operation for backfills: started, polled to completion, its JSONL streamed line by line. */
export async function execute(
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const search = buildOrdersSearch({
		updatedAtMin: (this.getNodeParameter('exportUpdatedAtMin', itemIndex) as string) || null,
		search: (this.getNodeParameter('exportSearch', itemIndex) as string) || null,
	});
	const mode = this.getNodeParameter('exportOutput', itemIndex) as string;
	const started = await startBulkOrdersExport(client, search);
	const done = await waitForBulkOperation(client, started.id);
	if (!done.url) return [{ bulkOperationId: done.id, orders: 0, observations: 0 }];
	const stats = { lines: 0, roots: 0, detached: 0 };
	const receivedAt = new Date().toISOString();
	const out: IDataObject[] = [];
	let observations = 0;
	for await (const order of assembleBulkRecords<GqlOrder>(readLines(await n8nStream(this)(done.url)), stats)) {
		const obs = observationsFromOrder(order, { receivedAt });
		observations += obs.length;
		if (mode === 'orders')
			out.push({ order: order as unknown as IDataObject, observations: obs as unknown as IDataObject[] });
	}
	if (mode === 'summary')
		out.push({
			bulkOperationId: done.id,
			orders: stats.roots,
			lines: stats.lines,
			observations,
			detachedChildren: stats.detached,
		});
	return out;
}

/**
 * Downloads the result through n8n's HTTP helper (so proxy settings apply) as a stream: the file can
 * be hundreds of megabytes and must never be held in memory whole.
 */
function n8nStream(ctx: IExecuteFunctions): StreamOpener {
	return async (url) => {
		const body: unknown = await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			timeout: 10 * 60_000,
		});
		if (body && typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function')
			return body as AsyncIterable<Uint8Array>;
		// An HTTP helper that buffered the body anyway: still correct, just not streamed.
		const whole: string | Uint8Array = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
		return (async function* () {
			yield whole;
		})();
	};
}
