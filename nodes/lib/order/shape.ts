/**
 * Declared shapes of untrusted values (vendor answers, observations, stored records) and one checker
 * for them, so a validator accepts exactly what the code after it reads: a field the code calls .trim()
 * on is declared 'string', a list it maps over is declared a list. The checker names every field that
 * does not fit by its path ("data.lines[2].sku") and what it should be, instead of the code after it
 * failing with a TypeError far from the cause. Pure and iterative over declared depth only.
 */

export type Shape =
	| 'string'
	| 'number'
	| 'boolean'
	/** a string or a number (ids vendors send either way; the code turns them into text itself) */
	| 'id'
	/** anything: the code only passes it on or stringifies it */
	| 'any'
	| { oneOf: readonly string[] }
	| { list: Shape }
	/** a value the predicate accepts ("an ISO 8601 time"), described by `what` */
	| { test: (value: unknown) => boolean; what: string }
	/** a list of exactly these items, in order ([instant, token] pairs) */
	| { tuple: readonly Shape[] }
	| { fields: Record<string, Shape>; required?: readonly string[] }
	/** an object whose every value has the shape (a map keyed by source, slot, ...) */
	| { map: Shape };

const DESCRIBE: Record<string, string> = {
	string: 'text',
	number: 'a number',
	boolean: 'true or false',
	id: 'text or a number',
};

function describe(shape: Shape): string {
	if (typeof shape === 'string') return DESCRIBE[shape] ?? shape;
	if ('oneOf' in shape) return `one of ${shape.oneOf.join(', ')}`;
	if ('test' in shape) return shape.what;
	if ('list' in shape) return 'a list';
	if ('tuple' in shape) return `a list of ${shape.tuple.length} (${shape.tuple.map(describe).join(', ')})`;
	return 'an object';
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return value.length > 40 ? 'text' : JSON.stringify(value);
	return `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fits(value: unknown, shape: Shape): boolean {
	switch (shape) {
		case 'string':
			return typeof value === 'string';
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'id':
			return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
		case 'any':
			return true;
	}
	if ('oneOf' in shape) return typeof value === 'string' && shape.oneOf.includes(value);
	if ('test' in shape) return shape.test(value);
	if ('list' in shape) return Array.isArray(value);
	if ('tuple' in shape) return Array.isArray(value) && value.length === shape.tuple.length;
	return isPlainObject(value);
}

/**
 * Every place where `value` does not have `shape`, as "path: must be X (got Y)". Absent and null
 * fields are allowed unless listed in `required`; list items and map values must be present.
 * At most `limit` errors, so a hostile list of a million bad items costs little.
 */
export function shapeErrors(value: unknown, shape: Shape, path: string, limit = 20): string[] {
	const errors: string[] = [];
	const stack: Array<{ value: unknown; shape: Shape; path: string }> = [{ value, shape, path }];
	while (stack.length && errors.length < limit) {
		const item = stack.pop()!;
		if (!fits(item.value, item.shape)) {
			errors.push(`${item.path}: must be ${describe(item.shape)} (got ${kindOf(item.value)})`);
			continue;
		}
		const s = item.shape;
		if (typeof s === 'string' || 'oneOf' in s || 'test' in s) continue;
		if ('list' in s) {
			const list = item.value as unknown[];
			for (let i = list.length - 1; i >= 0; i--)
				stack.push({ value: list[i], shape: s.list, path: `${item.path}[${i}]` });
			continue;
		}
		if ('tuple' in s) {
			const items = item.value as unknown[];
			s.tuple.forEach((itemShape, i) => stack.push({ value: items[i], shape: itemShape, path: `${item.path}[${i}]` }));
			continue;
		}
		const obj = item.value as Record<string, unknown>;
		if ('map' in s) {
			for (const [k, v] of Object.entries(obj)) stack.push({ value: v, shape: s.map, path: `${item.path}.${k}` });
			continue;
		}
		for (const field of s.required ?? [])
			if (obj[field] === undefined || obj[field] === null || obj[field] === '')
				errors.push(`${item.path ? `${item.path}.` : ''}${field}: missing (required)`);
		for (const [field, fieldShape] of Object.entries(s.fields)) {
			const v = Object.prototype.hasOwnProperty.call(obj, field) ? obj[field] : undefined;
			if (v === undefined || v === null) continue;
			stack.push({ value: v, shape: fieldShape, path: item.path ? `${item.path}.${field}` : field });
		}
	}
	return errors;
}

/* Small constructors, so a declared shape reads like the type it guards. */
export const list = (of: Shape): Shape => ({ list: of });
export const obj = (fields: Record<string, Shape>, required?: readonly string[]): Shape => ({ fields, required });
export const map = (of: Shape): Shape => ({ map: of });
export const tuple = (...items: Shape[]): Shape => ({ tuple: items });
export const oneOf = (values: readonly string[]): Shape => ({ oneOf: values });
