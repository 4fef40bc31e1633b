/**
 * Bulk export: bulkOperationRunQuery, poll until done, then stream the JSONL result line by line and
 * reassemble `__parentId` children onto their parent. Memory stays flat in the number of orders:
 * only the order being assembled (and its children) is held at any time.
 */
import { ValidationError } from '../../http/errors';
import { systemClock, type Clock } from '../../http/types';
import type { ShopifyClient } from './client';
import { BULK_OPERATION_RUN_QUERY_MUTATION, BULK_OPERATION_STATUS_QUERY, bulkOrdersExportQuery } from './documents';

export interface BulkOperationState {
	id: string;
	status: string;
	errorCode?: string | null;
	objectCount?: string;
	rootObjectCount?: string;
	url?: string | null;
	partialDataUrl?: string | null;
}

export class BulkOperationFailedError extends ValidationError {
	constructor(state: BulkOperationState) {
		super(
			`Shopify's bulk export ${state.id} ended ${state.status}${state.errorCode ? ` (${state.errorCode})` : ''}`,
			'bulkOperation',
			state.errorCode === 'ACCESS_DENIED'
				? 'The app lacks the read_orders scope (or read_all_orders for orders older than 60 days).'
				: 'Run the export again; if it keeps failing, narrow the date window.',
		);
		this.name = 'BulkOperationFailedError';
	}
}

/** Opens a byte stream for a URL (fetch by default; the bench injects its own). */
export type StreamOpener = (url: string) => Promise<AsyncIterable<Uint8Array | string>>;

export const fetchStream: StreamOpener = async (url) => {
	const response = await fetch(url);
	if (!response.ok || !response.body)
		throw new ValidationError(
			`Downloading the bulk export failed with HTTP ${response.status}`,
			'url',
			'The download link expires after a week: run the export again.',
		);
	return response.body as unknown as AsyncIterable<Uint8Array>;
};

export async function startBulkOrdersExport(client: ShopifyClient, search?: string): Promise<BulkOperationState> {
	const payload = await client.mutate<{ bulkOperation: BulkOperationState }>(
		BULK_OPERATION_RUN_QUERY_MUTATION,
		{ query: bulkOrdersExportQuery(search) },
		'bulkOperationRunQuery',
	);
	return payload.bulkOperation;
}

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);

export async function waitForBulkOperation(
	client: ShopifyClient,
	id: string,
	options: { clock?: Clock; intervalMs?: number; maxIntervalMs?: number; timeoutMs?: number } = {},
): Promise<BulkOperationState> {
	const clock = options.clock ?? systemClock;
	const started = clock.now();
	let interval = options.intervalMs ?? 1000;
	for (;;) {
		const data = await client.request<{ node: BulkOperationState | null }>(BULK_OPERATION_STATUS_QUERY, { id });
		const state = data.node;
		if (!state) throw new ValidationError(`Bulk operation ${id} is unknown to Shopify`, 'bulkOperation');
		if (FINAL.has(state.status)) {
			if (state.status !== 'COMPLETED') throw new BulkOperationFailedError(state);
			return state;
		}
		if (clock.now() - started > (options.timeoutMs ?? 6 * 3600_000)) {
			throw new ValidationError(
				`Bulk operation ${id} still ${state.status} after the time limit`,
				'bulkOperation',
				'Shopify is slow today: run the export again later.',
			);
		}
		await clock.sleep(interval);
		// Back off gently: big exports take minutes, and every poll costs points.
		interval = Math.min(options.maxIntervalMs ?? 10_000, Math.round(interval * 1.5));
	}
}

/** Splits a byte stream into lines without ever holding more than one partial line. */
export async function* readLines(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
	const decoder = new TextDecoder();
	let buffer = '';
	for await (const chunk of stream) {
		buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		let newline = buffer.indexOf('\n');
		while (newline >= 0) {
			const line = buffer.slice(0, newline).trim();
			buffer = buffer.slice(newline + 1);
			if (line) yield line;
			newline = buffer.indexOf('\n');
		}
	}
	buffer += decoder.decode();
	if (buffer.trim()) yield buffer.trim();
}

export interface AssembleStats {
	lines: number;
	roots: number;
	/** Children whose parent was not the record being assembled (Shopify groups them, so expect 0). */
	detached: number;
}

/**
 * Reassembles Shopify's flat JSONL into nested records: a line with `__parentId` is a node of a
 * nested connection and is attached to its parent under the connection's field name, guessed from
 * the child's gid type (LineItem -> lineItems, FulfillmentOrder -> fulfillmentOrders), as
 * `{ nodes: [...] }` so the record has the same shape as a normal GraphQL answer.
 */
export async function* assembleBulkRecords<T = Record<string, unknown>>(
	lines: AsyncIterable<string>,
	stats: AssembleStats = { lines: 0, roots: 0, detached: 0 },
): AsyncGenerator<T> {
	let current: Record<string, unknown> | undefined;
	const byId = new Map<string, Record<string, unknown>>();
	for await (const line of lines) {
		stats.lines += 1;
		let record: Record<string, unknown>;
		try {
			record = JSON.parse(line) as Record<string, unknown>;
		} catch {
			throw new ValidationError(
				`Line ${stats.lines} of the bulk export is not JSON`,
				'bulkExport',
				'The download was cut short: run the export again.',
			);
		}
		const parentId = record.__parentId as string | undefined;
		if (parentId === undefined) {
			if (current) yield current as T;
			current = record;
			byId.clear();
			if (typeof record.id === 'string') byId.set(record.id, record);
			stats.roots += 1;
			continue;
		}
		delete record.__parentId;
		const parent = byId.get(parentId);
		if (!parent) {
			stats.detached += 1;
			continue;
		}
		const field = connectionFieldFor(record.id);
		const connection = (parent[field] ??= { nodes: [] }) as { nodes: unknown[] };
		connection.nodes.push(record);
		if (typeof record.id === 'string') byId.set(record.id, record);
	}
	if (current) yield current as T;
}

const CONNECTION_FIELDS: Record<string, string> = {
	LineItem: 'lineItems',
	FulfillmentOrder: 'fulfillmentOrders',
	FulfillmentOrderLineItem: 'lineItems',
	Return: 'returns',
	Refund: 'refunds',
};

function connectionFieldFor(id: unknown): string {
	const type = typeof id === 'string' ? /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id)?.[1] : undefined;
	if (type && CONNECTION_FIELDS[type]) return CONNECTION_FIELDS[type];
	return type ? `${type.charAt(0).toLowerCase()}${type.slice(1)}s` : 'children';
}
