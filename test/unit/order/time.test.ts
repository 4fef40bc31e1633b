/** The fast ISO paths must agree exactly with Date.parse / toISOString, valid or not. */
import fc from 'fast-check';
import { canonicalIso, parseIsoMs } from '../../../nodes/lib/order/time';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const isoLike = fc
	.record({
		y: fc.integer({ min: 0, max: 9999 }),
		mo: fc.integer({ min: 0, max: 13 }),
		d: fc.integer({ min: 0, max: 32 }),
		h: fc.integer({ min: 0, max: 25 }),
		mi: fc.integer({ min: 0, max: 60 }),
		s: fc.integer({ min: 0, max: 60 }),
		ms: fc.integer({ min: 0, max: 999 }),
		withMs: fc.boolean(),
	})
	.map(
		({ y, mo, d, h, mi, s, ms, withMs }) =>
			`${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}` +
			`${withMs ? `.${pad(ms, 3)}` : ''}Z`,
	);
const anything = fc.oneof(
	isoLike,
	fc.string(),
	isoLike.map((s) => s.replace('T', ' ')),
	isoLike.map((s) => s.replace('Z', '+02:00')),
	fc.constantFrom(
		'2026-03-02T14:00:00.000Z',
		'2026-02-31T10:00:00Z',
		'2026-03-02T24:00:00Z',
		'yesterday',
		'2026-03-0xT14:00:00.000Z',
	),
);

test('parseIsoMs equals Date.parse', () => {
	fc.assert(
		fc.property(anything, (s) => Object.is(parseIsoMs(s), Date.parse(s))),
		{ numRuns: 5000 },
	);
});

test('canonicalIso equals toISOString of Date.parse (null when unparseable)', () => {
	fc.assert(
		fc.property(anything, (s) => {
			const ms = Date.parse(s);
			expect(canonicalIso(s)).toBe(s === '' || Number.isNaN(ms) ? null : new Date(ms).toISOString());
		}),
		{ numRuns: 5000 },
	);
});
