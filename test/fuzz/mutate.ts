/**
 * Seeded mutations of JSON values for the fuzz harness: the same seed gives the same inputs on every
 * machine, so a crash found by `npm run fuzz` is reproduced by its seed and input number.
 */

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; deterministic across platforms. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type Random = () => number;

export function pick<T>(rand: Random, list: readonly T[]): T {
	return list[Math.floor(rand() * list.length)];
}

type Path = Array<string | number>;

/** Every path into a JSON value (the root is []), capped so a huge fixture costs bounded work. */
function paths(value: unknown, cap = 4000): Path[] {
	const out: Path[] = [[]];
	const stack: Array<{ value: unknown; path: Path }> = [{ value, path: [] }];
	while (stack.length && out.length < cap) {
		const { value: v, path } = stack.pop()!;
		if (Array.isArray(v))
			v.forEach((child, i) => {
				out.push([...path, i]);
				stack.push({ value: child, path: [...path, i] });
			});
		else if (v && typeof v === 'object')
			for (const [k, child] of Object.entries(v)) {
				out.push([...path, k]);
				stack.push({ value: child, path: [...path, k] });
			}
	}
	return out;
}

function getAt(root: unknown, path: Path): unknown {
	let v = root;
	for (const step of path) v = (v as Record<string | number, unknown>)[step];
	return v;
}

const LONE_SURROGATES = ['\uD800', '\uDFFF', 'a\uDC00b', '\uDBFF'];
const WEIRD_STRINGS = [
	'',
	' ',
	'\u0000',
	'null',
	'undefined',
	'NaN',
	'0',
	'-1',
	'1e309',
	'2026-13-45T99:99:99Z',
	'not a date',
	'__proto__',
	'constructor',
	'💥',
	'#',
	'ZZZ',
];
const WEIRD_NUMBERS = [0, -1, 1.5, Number.MAX_SAFE_INTEGER, -0, 1e21, 2 ** 53 + 1];

/** One replacement for a value: a type swap, a hostile string, a structure change. */
function mutateValue(rand: Random, value: unknown): unknown {
	const op = Math.floor(rand() * 18);
	switch (op) {
		case 0:
			return null;
		case 1:
			return undefined; // deleted when set on an object (see setAt)
		case 2: // number <-> string
			if (typeof value === 'string') return Number.isNaN(Number(value)) ? value.length : Number(value);
			if (typeof value === 'number') return String(value);
			return pick(rand, WEIRD_NUMBERS);
		case 3:
			return pick(rand, WEIRD_STRINGS);
		case 4:
			return pick(rand, WEIRD_NUMBERS);
		case 5:
			return rand() < 0.5;
		case 6: // array <-> object
			if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
			if (value && typeof value === 'object') return Object.values(value);
			return [value];
		case 7:
			return {};
		case 8:
			return [];
		case 9: {
			// huge string: at most 300,000 characters, repeated from the value's own text
			const unit = typeof value === 'string' && value !== '' ? value.slice(0, 64) : 'x';
			return unit.repeat(Math.ceil((1 + Math.floor(rand() * 300_000)) / unit.length)).slice(0, 300_000);
		}
		case 10: // lone surrogate inside the text
			return `${typeof value === 'string' ? value : 'v'}${pick(rand, LONE_SURROGATES)}`;
		case 11: // NUL inside the text
			return `${typeof value === 'string' ? value : 'v'}\u0000x`;
		case 12: {
			// deep nesting
			let nested: unknown = value;
			const depth = pick(rand, [40, 200, 2000]);
			for (let i = 0; i < depth; i++) nested = rand() < 0.5 ? [nested] : { a: nested };
			return nested;
		}
		case 13: // a copy of itself in a list (a one-element list where a value was, or the reverse)
			return Array.isArray(value) ? value[0] : [value, value];
		case 14:
			return typeof value === 'string' ? value.toUpperCase() + ' ' : 'Text';
		case 15:
			return typeof value === 'number' ? -value : { value };
		case 16:
			return typeof value === 'string' ? `${value}x` : -1;
		default:
			return typeof value === 'string' ? value.slice(0, Math.floor(value.length / 2)) : '';
	}
}

function setAt(root: unknown, path: Path, replacement: unknown): unknown {
	if (path.length === 0) return replacement;
	const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
	const last = path[path.length - 1];
	if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
	else parent[last] = replacement;
	return root;
}

/**
 * A mutated deep copy of `seed`: 1 to 4 mutations at random paths. A fifth of the mutations target
 * the root's direct children, where a normaliser's required fields usually live.
 */
export function mutate(rand: Random, seed: unknown): unknown {
	let root = structuredClone(seed);
	const count = 1 + Math.floor(rand() * 4);
	for (let i = 0; i < count; i++) {
		const all = paths(root);
		const shallow = all.filter((p) => p.length === 1);
		const path = shallow.length && rand() < 0.2 ? pick(rand, shallow) : pick(rand, all);
		if (path.length === 0 && rand() < 0.9) continue; // replacing the whole input is rarely interesting
		root = setAt(root, path, mutateValue(rand, getAt(root, path)));
	}
	return root;
}
