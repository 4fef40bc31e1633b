/**
 * The approximate JSON size of an observation's data, for the size limit validation enforces. Its own module so
 * the shape checker (shape.ts) can size a value in the same walk that checks its shape (issue 14).
 */

/** Nesting past this depth counts as over any limit. */
export const MAX_DEPTH = 32;

/**
 * Approximate JSON size of a value, stopping as soon as `limit` is exceeded so a hostile payload costs
 * at most `limit` work. Returns Infinity past the limit or past MAX_DEPTH nesting.
 */
export function approximateSize(value: unknown, limit: number, depth = 0): number {
	if (depth > MAX_DEPTH) return Number.POSITIVE_INFINITY;
	if (typeof value !== 'object' || value === null) return leafSize(value);
	let size = 2;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			size += childSize(value[i], limit - size, depth) + 1;
			if (size > limit) return Number.POSITIVE_INFINITY;
		}
	} else {
		for (const k in value as Record<string, unknown>) {
			size += k.length + 4 + childSize((value as Record<string, unknown>)[k], limit - size, depth);
			if (size > limit) return Number.POSITIVE_INFINITY;
		}
	}
	return size;
}

/**
 * The size of a child of a value at `depth`. Most children are text or numbers: sized here rather than by a
 * call per leaf (the walk meets every field of every observation; issue 14). A leaf past MAX_DEPTH is still
 * Infinity, as approximateSize would say.
 */
export function childSize(child: unknown, limit: number, depth: number): number {
	if (typeof child === 'object' && child !== null) return approximateSize(child, limit, depth + 1);
	return depth + 1 > MAX_DEPTH ? Number.POSITIVE_INFINITY : leafSize(child);
}

/** Size of a value that is not an object or a list. */
export function leafSize(value: unknown): number {
	switch (typeof value) {
		case 'string':
			return value.length + 2;
		case 'undefined':
			return 4;
		default:
			return value === null ? 4 : 8;
	}
}
