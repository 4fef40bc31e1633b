/**
 * shapeErrors answers "fits" from a compiled yes/no check and walks the value for named errors only when the
 * check says no (issue 14: the walk was a fifth of reconcile's CPU). The two must agree on every value: a check
 * more lenient than the walk would let through what the code after it cannot read; a stricter one would
 * report "no errors" as a failure. Held here on valid observations and records, and on each with one field,
 * anywhere in it, replaced by an arbitrary value.
 */
import fc from 'fast-check';
import { parsePolicy, reconcile } from '../../../nodes/lib/order';
import { collectShapeErrors, fitsShape, MISFIT, sizeIfFits, type Shape } from '../../../nodes/lib/order/shape';
import { approximateSize, MAX_DEPTH } from '../../../nodes/lib/order/size';
import { OBSERVATION_DATA_SHAPES, ORDER_RECORD_SHAPE } from '../../../nodes/lib/order/shapes';
import type { ObservationKind } from '../../../nodes/lib/order/types';
import { nowArb, observationArb, observationsArb } from './arbitraries';

const RUNS = { numRuns: Number(process.env.PROP_RUNS ?? 300) };

/** Every path to a value inside v (objects and lists), the root included. */
function paths(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
	out.push(prefix);
	if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
	else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
	return out;
}

/** v with the value at `path` replaced (a deep copy; the root path replaces v itself). */
function replaced(v: unknown, path: Array<string | number>, by: unknown): unknown {
	if (path.length === 0) return by;
	const copy = structuredClone(v) as Record<string | number, unknown>;
	let at = copy;
	for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
	at[path[path.length - 1]] = by;
	return copy;
}

function agree(value: unknown, shape: Shape): void {
	const walked = collectShapeErrors(value, shape, 'data');
	expect({ fits: fitsShape(value, shape), walked }).toEqual({ fits: walked.length === 0, walked });
}

/** A value with one place (or a new field) changed to anything fast-check makes, null and undefined included. */
const mutatedArb = <T>(base: fc.Arbitrary<T>, inside: (v: T) => unknown = (v) => v) =>
	base.chain((v) =>
		fc.tuple(
			fc.constant(v),
			fc.constantFrom(...paths(inside(v))),
			fc.oneof(fc.anything(), fc.constantFrom(null, undefined, '', 0, Number.NaN, [], {})),
			fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
		),
	);

/** Order records as reconcile writes them and the ledger stores them (JSON round trip). */
const defaultPolicy = parsePolicy({});
const storedRecordArb = fc
	.tuple(observationsArb, nowArb)
	.map(([list, now]) => JSON.parse(JSON.stringify(reconcile(null, list, defaultPolicy, now).record)) as unknown);

describe('the compiled shape check and the walk give the same answer', () => {
	test('valid observations fit (the check is not stricter on what the engine accepts)', () => {
		fc.assert(
			fc.property(observationArb, (o) => {
				const shape = OBSERVATION_DATA_SHAPES[o.kind as ObservationKind];
				agree(o.data, shape);
				expect(fitsShape(o.data, shape)).toBe(true);
			}),
			RUNS,
		);
	});

	test('observations with one field anywhere replaced by anything', () => {
		let misfits = 0;
		fc.assert(
			fc.property(
				mutatedArb(
					observationArb.map((o) => [o.kind, o.data] as const),
					([, data]) => data,
				),
				([[kind, data], path, by, newField]) => {
					const shape = OBSERVATION_DATA_SHAPES[kind as ObservationKind];
					const widened = newField === undefined ? data : { ...(data as object), [newField]: by };
					const changed = replaced(widened, path, by);
					agree(changed, shape);
					if (!fitsShape(changed, shape)) misfits++;
				},
			),
			RUNS,
		);
		// Not vacuous: a good part of the changed values do not fit.
		expect(misfits).toBeGreaterThan(RUNS.numRuns / 10);
	});

	test("a field counts when it is the value's own and enumerable (inherited and hidden ones are not data)", () => {
		// The compiled check walks the value's fields (for-in), the walk reads the declared ones: they must agree
		// on values JSON cannot make, too. `by` goes on the prototype, or own but not enumerable.
		fc.assert(
			fc.property(
				observationArb,
				fc.constantFrom('inherited', 'hidden'),
				fc.oneof(fc.anything(), fc.constantFrom(7, [], {}, 'x')),
				(o, how, by) => {
					const shape = OBSERVATION_DATA_SHAPES[o.kind as ObservationKind];
					const data = o.data as unknown as Record<string, unknown>;
					const declared = 'fields' in (shape as object) ? Object.keys((shape as { fields: object }).fields) : [];
					const field = declared.find((f) => !(f in data)) ?? declared[0];
					const value: Record<string, unknown> =
						how === 'inherited' ? Object.assign(Object.create({ [field]: by }), data) : { ...data };
					if (how === 'hidden') Object.defineProperty(value, field, { value: by, enumerable: false });
					agree(value, shape);
					const own = { ...data };
					delete own[field];
					expect(fitsShape(value, shape)).toBe(fitsShape(own, shape));
				},
			),
			RUNS,
		);
	});

	test('stored records as reconcile writes them, and with one field anywhere replaced', () => {
		let misfits = 0;
		fc.assert(
			fc.property(mutatedArb(storedRecordArb), ([record, path, by]) => {
				agree(record, ORDER_RECORD_SHAPE);
				expect(fitsShape(record, ORDER_RECORD_SHAPE)).toBe(true);
				const changed = replaced(record, path, by);
				agree(changed, ORDER_RECORD_SHAPE);
				if (!fitsShape(changed, ORDER_RECORD_SHAPE)) misfits++;
			}),
			{ numRuns: Math.ceil(RUNS.numRuns / 3) },
		);
		expect(misfits).toBeGreaterThan(RUNS.numRuns / 30);
	});
});

/** A value nested deeper than approximateSize sizes (every size past MAX_DEPTH is Infinity). */
function nested(depth: number, leaf: unknown, asList: boolean): unknown {
	let v = leaf;
	for (let i = 0; i < depth; i++) v = asList ? [v] : { x: v };
	return v;
}

/**
 * sizeIfFits answers validation's two questions of an observation's data (its size, whether it fits its kind's
 * shape) in one walk: it must say what approximateSize and fitsShape say apart, on the value, at any limit.
 */
function sizedAgrees(value: unknown, shape: Shape, limit: number): void {
	const sized = sizeIfFits(value, shape, limit);
	const size = approximateSize(value, limit);
	if (fitsShape(value, shape)) {
		expect({ misfit: sized === MISFIT, over: sized > limit }).toEqual({ misfit: false, over: size > limit });
		if (size <= limit) expect(sized).toBe(size);
	} else if (sized !== MISFIT) {
		// A misfit found past the limit need not be found: the size limit is the error then.
		expect({ sized: sized > limit, size: size > limit }).toEqual({ sized: true, size: true });
	}
}

describe('sizeIfFits: approximateSize and fitsShape in one walk', () => {
	const limitArb = fc.oneof(fc.constant(256 * 1024), fc.integer({ min: 0, max: 1500 }));
	const byArb = fc.oneof(
		fc.anything(),
		fc.constantFrom(null, undefined, '', 0, Number.NaN, [], {}, 'x'.repeat(3000)),
		fc
			.tuple(fc.integer({ min: MAX_DEPTH - 4, max: MAX_DEPTH + 4 }), fc.anything(), fc.boolean())
			.map(([d, leaf, l]) => nested(d, leaf, l)),
	);

	test('valid observations, at any limit', () => {
		fc.assert(
			fc.property(observationArb, limitArb, (o, limit) => {
				const shape = OBSERVATION_DATA_SHAPES[o.kind as ObservationKind];
				sizedAgrees(o.data, shape, limit);
				if (approximateSize(o.data, limit) <= limit) expect(sizeIfFits(o.data, shape, limit)).not.toBe(MISFIT);
			}),
			RUNS,
		);
	});

	test('observations with one field anywhere (or a new one) replaced by anything, deep values included', () => {
		fc.assert(
			fc.property(
				observationArb.chain((o) =>
					fc.tuple(
						fc.constant(o),
						fc.constantFrom(...paths(o.data)),
						byArb,
						fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
					),
				),
				limitArb,
				([o, path, by, newField], limit) => {
					const shape = OBSERVATION_DATA_SHAPES[o.kind as ObservationKind];
					const widened = newField === undefined ? o.data : { ...(o.data as object), [newField]: by };
					sizedAgrees(replaced(widened, path, by), shape, limit);
				},
			),
			RUNS,
		);
	});

	test('stored records (maps, tuples and tests inside), with one field anywhere replaced', () => {
		fc.assert(
			fc.property(mutatedArb(storedRecordArb), limitArb, ([record, path, by], limit) => {
				sizedAgrees(record, ORDER_RECORD_SHAPE, limit);
				sizedAgrees(replaced(record, path, by), ORDER_RECORD_SHAPE, limit);
			}),
			{ numRuns: Math.ceil(RUNS.numRuns / 3) },
		);
	});

	test('inherited and non-enumerable fields are sized as approximateSize sizes them, and not checked', () => {
		fc.assert(
			fc.property(observationArb, fc.constantFrom('inherited', 'hidden'), byArb, (o, how, by) => {
				const shape = OBSERVATION_DATA_SHAPES[o.kind as ObservationKind];
				const data = o.data as unknown as Record<string, unknown>;
				const declared = 'fields' in (shape as object) ? Object.keys((shape as { fields: object }).fields) : [];
				const field = declared.find((f) => !(f in data)) ?? declared[0];
				const value: Record<string, unknown> =
					how === 'inherited' ? Object.assign(Object.create({ [field]: by }), data) : { ...data };
				if (how === 'hidden') Object.defineProperty(value, field, { value: by, enumerable: false });
				sizedAgrees(value, shape, 256 * 1024);
			}),
			RUNS,
		);
	});
});
