/**
 * v1 page/pages pagination that survives a failure in the middle.
 *
 * Retrying a failed page (a 500 on page 7) is the transport's job (withRetry). This module makes the
 * walk itself safe: it asks for pages by number, reads `pages` again from every answer (new records can
 * add a page while we walk), drops an item it has already yielded (an item can slide across a page
 * boundary), and when a page still fails after retries it throws a PaginationError that says which page
 * to resume from, so a re-run continues there instead of starting over or skipping ahead.
 */
import { ValidationError } from '../../http/errors';

export interface PageResult<T> {
	items: T[];
	page: number;
	pages: number;
	total: number;
}

export type PageFetcher<T> = (page: number) => Promise<PageResult<T>>;

export class PaginationError extends Error {
	readonly resumeFromPage: number;
	readonly itemsYielded: number;
	readonly cause: unknown;
	constructor(page: number, itemsYielded: number, cause: unknown) {
		super(
			`ShipStation page ${page} failed after retries (${(cause as Error)?.message ?? String(cause)}); ` +
				`${itemsYielded} records were read before it`,
		);
		this.name = 'PaginationError';
		this.resumeFromPage = page;
		this.itemsYielded = itemsYielded;
		this.cause = cause;
	}
}

export interface PaginateOptions<T> {
	startPage?: number;
	/** Stop after this many pages (a node's "limit"); undefined walks to the end. */
	maxPages?: number;
	/** Identity of an item, for de-duplication across page boundaries. */
	idOf: (item: T) => string | number;
}

/** Yields one page of new (not yet seen) items at a time. */
export async function* paginate<T>(
	fetchPage: PageFetcher<T>,
	options: PaginateOptions<T>,
): AsyncGenerator<{ page: number; pages: number; total: number; items: T[] }> {
	const seen = new Set<string>();
	let page = options.startPage ?? 1;
	let fetched = 0;
	let yielded = 0;
	for (;;) {
		let result: PageResult<T>;
		try {
			result = await fetchPage(page);
		} catch (error) {
			if (error instanceof ValidationError) throw error;
			throw new PaginationError(page, yielded, error);
		}
		fetched += 1;
		const fresh: T[] = [];
		for (const item of result.items) {
			const id = String(options.idOf(item));
			if (seen.has(id)) continue;
			seen.add(id);
			fresh.push(item);
		}
		yielded += fresh.length;
		yield { page, pages: result.pages, total: result.total, items: fresh };
		// An empty page means the end even if `pages` says otherwise (records removed while we walked).
		if (result.items.length === 0 || page >= result.pages) return;
		if (options.maxPages !== undefined && fetched >= options.maxPages) return;
		page += 1;
	}
}

/** Reads a v1 list envelope ({<field>: [...], total, page, pages}) and refuses anything else by name. */
export function readPageEnvelope<T>(body: unknown, field: 'orders' | 'shipments'): PageResult<T> {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw new ValidationError(
			`ShipStation answered a ${field} listing with ` +
				`${typeof body === 'string' ? 'text that is not JSON' : 'something that is not an object'}`,
			field,
			'ShipStation may be having trouble; run again later. If it persists, check the base URL in the credential.',
		);
	}
	const envelope = body as Record<string, unknown>;
	if (!Array.isArray(envelope[field]))
		throw new ValidationError(`ShipStation ${field} listing has no "${field}" array`, field);
	for (const counter of ['page', 'pages', 'total'] as const) {
		if (typeof envelope[counter] !== 'number')
			throw new ValidationError(`ShipStation ${field} listing has no numeric "${counter}"`, counter);
	}
	return {
		items: envelope[field] as T[],
		page: envelope.page as number,
		pages: envelope.pages as number,
		total: envelope.total as number,
	};
}
