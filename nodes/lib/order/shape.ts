/**
 * Declared shapes of untrusted values (vendor answers, observations, stored records) and one checker
 * for them, so a validator accepts exactly what the code after it reads: a field the code calls .trim()
 * on is declared 'string', a list it maps over is declared a list. The checker names every field that
 * does not fit by its path ("data.lines[2].sku") and what it should be, instead of the code after it
 * failing with a TypeError far from the cause. Pure and iterative over declared depth only.
 */
import { approximateSize, childSize, MAX_DEPTH } from './size';

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

type Check = (value: unknown) => boolean;

/**
 * Whether `key` is one of the object's own enumerable fields: the fields a declared object shape checks (an
 * inherited or non-enumerable property is not data; JSON makes neither), as maps already did (Object.keys).
 */
function isOwnField(value: object, key: string): boolean {
	return Object.prototype.propertyIsEnumerable.call(value, key);
}

const compiled = new WeakMap<object, Check>();
const SCALAR_CHECKS: Record<string, Check> = {
	string: (v) => typeof v === 'string',
	number: (v) => typeof v === 'number' && Number.isFinite(v),
	boolean: (v) => typeof v === 'boolean',
	id: (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
	any: () => true,
};

/**
 * The shape as one yes/no function, built once per shape object: what shapeErrors accepts, without a path
 * string or an error list per field. Nearly every value fits, and the engine checks every observation
 * (issue 14: it was a fifth of reconcile's CPU), so shapeErrors asks this first and walks for the errors only
 * when it says no. Recursion follows the declared shape, never the value, so its depth is the shape's.
 */
function checkOf(shape: Shape): Check {
	if (typeof shape === 'string') return SCALAR_CHECKS[shape] ?? (() => false);
	const known = compiled.get(shape);
	if (known) return known;
	let check: Check;
	if ('oneOf' in shape) {
		const values = new Set(shape.oneOf);
		check = (v) => typeof v === 'string' && values.has(v);
	} else if ('test' in shape) check = shape.test;
	else if ('list' in shape) {
		const item = checkOf(shape.list);
		check = (v) => {
			if (!Array.isArray(v)) return false;
			for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
			return true;
		};
	} else if ('tuple' in shape) {
		const items = shape.tuple.map(checkOf);
		check = (v) => Array.isArray(v) && v.length === items.length && items.every((c, i) => c(v[i]));
	} else if ('map' in shape) {
		const value = checkOf(shape.map);
		check = (v) => {
			if (!isPlainObject(v)) return false;
			for (const k of Object.keys(v)) if (!value(v[k])) return false;
			return true;
		};
	} else {
		const required = shape.required ?? [];
		const fieldChecks = new Map<string, Check>();
		for (const name of Object.keys(shape.fields)) fieldChecks.set(name, checkOf(shape.fields[name]));
		check = (v) => {
			if (!isPlainObject(v)) return false;
			for (const name of required) if (v[name] === undefined || v[name] === null || v[name] === '') return false;
			// The value's own fields, not the declared ones: reading v[name] for every declared name is one read
			// site for every shape and field name, so V8 makes it a megamorphic hash probe (the costliest line of
			// validation; issue 14). A for-in over the value reads each field by the layout's own field list, and
			// most declared fields are absent anyway. A field counts when it is the value's own and enumerable
			// (what JSON makes; collectShapeErrors reads the same fields).
			for (const key in v) {
				const fieldCheck = fieldChecks.get(key);
				if (fieldCheck === undefined) continue;
				const x = v[key];
				if (x !== undefined && x !== null && !fieldCheck(x) && isOwnField(v, key)) return false;
			}
			return true;
		};
	}
	compiled.set(shape, check);
	return check;
}

/** What sizeIfFits says of a value that does not have the shape. */
export const MISFIT = -1;

/** A shape's check and approximateSize in one: the size of a value at `depth` that fits, else MISFIT. */
type SizedCheck = (value: unknown, limit: number, depth: number) => number;
const compiledSized = new WeakMap<object, SizedCheck>();

/**
 * approximateSize(value, limit) and fitsShape(value, shape) in one walk: validation asks both of every
 * observation's data, and two walks over every field cost a tenth of validation (issue 14). MISFIT when the value
 * does not have the shape (the caller then asks the two apart, for the errors); otherwise a size that is past
 * `limit` exactly when approximateSize's is, and equal to it when it is not.
 */
export function sizeIfFits(value: unknown, shape: Shape, limit: number): number {
	return sizedCheckOf(shape)(value, limit, 0);
}

/**
 * checkOf with the size: objects and lists are walked once for both, their fields and items by their own sized
 * check; other shapes (leaves, and the rare tuples, maps and tests) are checked, then sized.
 */
function sizedCheckOf(shape: Shape): SizedCheck {
	if (typeof shape === 'string') return SIZED_SCALARS[shape] ?? (() => MISFIT);
	const known = compiledSized.get(shape);
	if (known) return known;
	let sized: SizedCheck;
	if ('fields' in shape) sized = sizedObjectCheck(shape);
	else if ('list' in shape) sized = sizedListCheck(sizedCheckOf(shape.list));
	else {
		const check = checkOf(shape);
		sized = (v, limit, depth) => (check(v) ? approximateSize(v, limit, depth) : MISFIT);
	}
	compiledSized.set(shape, sized);
	return sized;
}

/** SCALAR_CHECKS with leafSize's sizes written out: most fields of every observation are text. */
const SIZED_SCALARS: Record<string, SizedCheck> = {
	string: (v, _limit, depth) =>
		depth > MAX_DEPTH ? Number.POSITIVE_INFINITY : typeof v === 'string' ? v.length + 2 : MISFIT,
	number: (v, _limit, depth) =>
		depth > MAX_DEPTH ? Number.POSITIVE_INFINITY : typeof v === 'number' && Number.isFinite(v) ? 8 : MISFIT,
	boolean: (v, _limit, depth) => (depth > MAX_DEPTH ? Number.POSITIVE_INFINITY : typeof v === 'boolean' ? 8 : MISFIT),
	id: (v, _limit, depth) =>
		depth > MAX_DEPTH
			? Number.POSITIVE_INFINITY
			: typeof v === 'string'
				? v.length + 2
				: typeof v === 'number' && Number.isFinite(v)
					? 8
					: MISFIT,
	any: (v, limit, depth) => approximateSize(v, limit, depth),
};

function sizedListCheck(item: SizedCheck): SizedCheck {
	return (v, limit, depth) => {
		if (depth > MAX_DEPTH) return Number.POSITIVE_INFINITY;
		if (!Array.isArray(v)) return MISFIT;
		let size = 2;
		for (let i = 0; i < v.length; i++) {
			const s = item(v[i], limit - size, depth + 1);
			if (s === MISFIT) return MISFIT;
			size += s + 1;
			if (size > limit) return Number.POSITIVE_INFINITY;
		}
		return size;
	};
}

function sizedObjectCheck(shape: { fields: Record<string, Shape>; required?: readonly string[] }): SizedCheck {
	const required = shape.required ?? [];
	const fieldChecks = new Map<string, SizedCheck>();
	for (const name of Object.keys(shape.fields)) fieldChecks.set(name, sizedCheckOf(shape.fields[name]));
	return (v, limit, depth) => {
		if (depth > MAX_DEPTH) return Number.POSITIVE_INFINITY;
		if (!isPlainObject(v)) return MISFIT;
		for (const name of required) if (v[name] === undefined || v[name] === null || v[name] === '') return MISFIT;
		let size = 2;
		// Every field, as approximateSize walks them: declared ones by their sized check, the rest (and absent
		// ones) by size alone. A misfit counts only on the value's own field, as in checkOf.
		for (const key in v) {
			const x = v[key];
			const fieldCheck = x === undefined || x === null ? undefined : fieldChecks.get(key);
			let s = fieldCheck === undefined ? childSize(x, limit - size, depth) : fieldCheck(x, limit - size, depth + 1);
			if (s === MISFIT) {
				if (isOwnField(v, key)) return MISFIT;
				s = childSize(x, limit - size, depth);
			}
			size += key.length + 4 + s;
			if (size > limit) return Number.POSITIVE_INFINITY;
		}
		return size;
	};
}

/**
 * Every place where `value` does not have `shape`, as "path: must be X (got Y)". Absent and null
 * fields are allowed unless listed in `required`; list items and map values must be present.
 * At most `limit` errors, so a hostile list of a million bad items costs little.
 */
export function shapeErrors(value: unknown, shape: Shape, path: string, limit = 20): string[] {
	return fitsShape(value, shape) ? [] : collectShapeErrors(value, shape, path, limit);
}

/** Whether shapeErrors would find nothing: the compiled check alone. */
export function fitsShape(value: unknown, shape: Shape): boolean {
	return checkOf(shape)(value);
}

/** shapeErrors without the compiled check first: the walk that names each misfit (exported for the test that
 * holds the two to the same answer). */
export function collectShapeErrors(value: unknown, shape: Shape, path: string, limit = 20): string[] {
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
			const v = isOwnField(obj, field) ? obj[field] : undefined;
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
