/**
 * The reconcile hot path takes shortcuts (issue 14: engine CPU); each must give exactly what the plain
 * code gives. The references below are the code as it was before the shortcut, kept here verbatim.
 */
import fc from 'fast-check';
import { addressDifferences, addressKey, normaliseAddress } from '../../../nodes/lib/order';
import { cleanText, normaliseCity, normaliseStreet, normaliseZip } from '../../../nodes/lib/order/address';
import { linesKey } from '../../../nodes/lib/order/facts';
import { normaliseEventName } from '../../../nodes/lib/order/rules';
import { sortInPlace, sortTexts } from '../../../nodes/lib/order/sort';
import { canonicalIso, isParseableIso, parseIsoMs } from '../../../nodes/lib/order/time';

function cleanTextReference(value: string | null | undefined): string {
	if (!value) return '';
	return value
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toUpperCase()
		.replace(/#/g, ' # ')
		.replace(/[.,'’`"()]/g, '')
		.replace(/\s*-\s*/g, '-')
		.replace(/[^A-Z0-9#\- ]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Text built from the characters that decide which path cleanText takes (and a few that need the slow one). */
const addressText = fc
	.array(fc.constantFrom('a', 'Z', '7', ' ', '  ', '-', ' - ', '#', '.', 'é', '\t', 'ß', 'St', 'Apt'), {
		maxLength: 12,
	})
	.map((parts) => parts.join(''));

describe('cleanText shortcut for plain ASCII words', () => {
	it('equals the regular-expression chain on any text', () => {
		fc.assert(
			fc.property(addressText, (s) => cleanText(s) === cleanTextReference(s)),
			{ numRuns: 5000 },
		);
		fc.assert(
			fc.property(fc.string({ maxLength: 20 }), (s) => cleanText(s) === cleanTextReference(s)),
			{
				numRuns: 2000,
			},
		);
	});

	it('takes the slow path where the shortcut would be wrong', () => {
		for (const s of [' MAIN ST', 'MAIN ST ', 'MAIN  ST', 'A -B', 'A- B', 'Main\tSt', 'Café', '#4', 'A.B'])
			expect(cleanText(s)).toBe(cleanTextReference(s));
		expect(cleanText('12-B Main St')).toBe('12-B MAIN ST');
	});
});

describe('city and postcode without a list of words or a replace when there is nothing to replace', () => {
	const COMMON: Record<string, string> = { SAINT: 'ST', FORT: 'FT' };
	function normaliseCityReference(value: string | null | undefined): string {
		return cleanText(value)
			.split(' ')
			.map((w) => COMMON[w] ?? (w === 'MOUNT' ? 'MT' : w))
			.join(' ');
	}
	function normaliseZipReference(zip: string | null | undefined, country: string): string {
		const z = cleanText(zip).replace(/\s+/g, '');
		if ((country === 'US' || country === '') && /^\d{5}(-?\d{4})?$/.test(z)) return z.slice(0, 5);
		return z;
	}
	const cityText = fc.oneof(
		addressText,
		fc
			.array(fc.constantFrom('Saint', 'st.', 'Mount', 'Fort', 'Louis', 'new york', '', ' ', '\u00a0', '-'), {
				maxLength: 5,
			})
			.map((w) => w.join(' ')),
	);
	const zipText = fc.oneof(
		addressText,
		fc.string({ maxLength: 12 }),
		fc.constantFrom('11201', '11201-1234', '112011234', '11201 1234', ' 11201 ', 'SW1A 1AA', 'H0H\t0H0', 'a1b 2c3'),
	);

	it('normaliseCity equals the split-map-join it replaced', () => {
		fc.assert(
			fc.property(cityText, (s) => normaliseCity(s) === normaliseCityReference(s)),
			{ numRuns: 3000 },
		);
	});

	it('normaliseZip equals the replace-then-test it replaced', () => {
		fc.assert(
			fc.property(zipText, fc.constantFrom('US', '', 'CA', 'GB'), (z, country) => {
				expect(normaliseZip(z, country)).toBe(normaliseZipReference(z, country));
			}),
			{ numRuns: 3000 },
		);
	});
});

describe('normalised addresses, met again', () => {
	const address = fc.record(
		{
			address1: fc.option(addressText, { nil: undefined }),
			address2: fc.option(addressText, { nil: null }),
			city: fc.option(addressText, { nil: undefined }),
			province: fc.option(addressText, { nil: undefined }),
			provinceCode: fc.option(fc.constantFrom('NY', 'ny', '', 'N Y'), { nil: undefined }),
			zip: fc.option(fc.constantFrom('11201', '11201-1234', 'SW1A 1AA', ''), { nil: undefined }),
			country: fc.option(fc.constantFrom('United States', 'USA', 'Canada', ''), { nil: undefined }),
			countryCode: fc.option(fc.constantFrom('US', 'CA', 'us', ''), { nil: undefined }),
		},
		{ requiredKeys: [] },
	);

	it('give the same answer however often and in whatever order they are asked', () => {
		fc.assert(
			fc.property(fc.array(address, { minLength: 1, maxLength: 6 }), (list) => {
				const first = list.map((a) => [addressKey(a), normaliseAddress(a)]);
				const again = [...list].reverse().map((a) => [addressKey({ ...a }), normaliseAddress({ ...a })]);
				expect(again.reverse()).toEqual(first);
				expect(addressDifferences(list[0], list[list.length - 1])).toEqual(
					addressDifferences({ ...list[0] }, { ...list[list.length - 1] }),
				);
			}),
			{ numRuns: 2000 },
		);
	});

	it('never let one field pass for another', () => {
		const a = { address1: '1 Main St', city: 'Brooklyn' };
		const b = { address1: '1 Main St Brooklyn', city: '' };
		expect(addressKey(a)).toBe('1 MAIN ST|BROOKLYN|||');
		expect(addressKey(b)).toBe('1 MAIN ST BROOKLYN||||');
	});

	it('hand out copies: changing one does not change the next answer', () => {
		const a = { address1: '9 Elm Street', city: 'Springfield', zip: '62704' };
		const n = normaliseAddress(a)!;
		n.street = 'changed';
		expect(normaliseAddress(a)!.street).toBe('9 ELM ST');
	});

	it('still fail on a field that is not text, as before', () => {
		const bad = { address1: '1 Main St', zip: 11201 } as unknown as Parameters<typeof addressKey>[0];
		expect(() => addressKey(bad)).toThrow(TypeError);
		expect(() => addressKey(bad)).toThrow(TypeError);
	});
});

describe('ISO times read without allocating', () => {
	const pad = (n: number, w: number) => String(n).padStart(w, '0');
	const isoLike = fc
		.tuple(
			fc.integer({ min: 0, max: 10000 }),
			fc.integer({ min: 0, max: 13 }),
			fc.integer({ min: 0, max: 32 }),
			fc.integer({ min: 0, max: 25 }),
			fc.integer({ min: 0, max: 61 }),
			fc.integer({ min: 0, max: 61 }),
			fc.option(fc.integer({ min: 0, max: 1000 })),
			fc.constantFrom('Z', 'z', '+02:00', ''),
		)
		.map(
			([y, mo, d, h, mi, s, ms, zone]) =>
				`${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}` +
				`${ms === null ? '' : `.${pad(ms, 3)}`}${zone}`,
		);
	const anything = fc.oneof(
		isoLike,
		fc.string({ maxLength: 30 }),
		isoLike.map((s) => s.replace('T', 'x')),
	);

	it('isParseableIso is exactly "Date.parse gives a number"', () => {
		fc.assert(
			fc.property(anything, (s) => isParseableIso(s) === !Number.isNaN(Date.parse(s))),
			{ numRuns: 10000 },
		);
	});

	it('parseIsoMs and canonicalIso still agree with Date.parse and toISOString', () => {
		fc.assert(
			fc.property(anything, (s) => {
				const ms = Date.parse(s);
				expect(parseIsoMs(s)).toBe(ms);
				expect(canonicalIso(s)).toBe(s === '' || Number.isNaN(ms) ? null : new Date(ms).toISOString());
			}),
			{ numRuns: 10000 },
		);
	});
});

describe('street words and line keys', () => {
	const streetWords = fc
		.array(fc.constantFrom('123', 'North', 'Main', 'Street', 'Saint', 'Fort', 'Apt', 'Suite', '#', '#4', 'Avenue'), {
			maxLength: 8,
		})
		.map((w) => w.join(' '));

	it('normaliseStreet gives the USPS words of the real tables', () => {
		expect(normaliseStreet('123 North Main Street, Suite 4')).toBe('123 N MAIN ST # 4');
		expect(normaliseStreet('1 Saint James Avenue Apt. #12')).toBe('1 ST JAMES AVE # 12');
		expect(normaliseStreet('  ')).toBe('');
		fc.assert(
			fc.property(streetWords, (line) => {
				const once = normaliseStreet(line);
				expect(normaliseStreet(once)).toBe(once);
				expect(once).not.toMatch(/# #|^ | $| {2}/);
			}),
			{ numRuns: 2000 },
		);
	});

	function linesKeyReference(
		lines: Array<{ sku?: string | null; quantity: number; requiresShipping?: boolean | null }> | null | undefined,
	): string | null {
		if (!lines || lines.length === 0) return null;
		const bySku = new Map<string, number>();
		for (const l of lines) {
			const sku = typeof l.sku === 'string' ? l.sku.trim().toUpperCase() : '';
			if (sku === '' || l.requiresShipping === false) continue;
			bySku.set(sku, (bySku.get(sku) ?? 0) + (Number(l.quantity) || 0));
		}
		if (bySku.size === 0) return null;
		return [...bySku.entries()]
			.sort((a, b) => (a[0] < b[0] ? -1 : 1))
			.map(([k, q]) => `${k}=${q}`)
			.join(',');
	}

	it('linesKey equals the map-sort-join it replaced', () => {
		const line = fc.record(
			{
				sku: fc.option(fc.constantFrom('a-1', 'A-1', ' b ', 'B', 'c', '', '10', '9'), { nil: undefined }),
				quantity: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constant(Number.NaN)),
				requiresShipping: fc.option(fc.boolean(), { nil: undefined }),
			},
			{ requiredKeys: ['quantity'] },
		);
		fc.assert(
			fc.property(fc.option(fc.array(line, { maxLength: 8 }), { nil: undefined }), (lines) => {
				expect(linesKey(lines)).toBe(linesKeyReference(lines));
			}),
			{ numRuns: 5000 },
		);
		// Past 16 lines linesKey sums in a Map again: both paths.
		fc.assert(
			fc.property(fc.array(line, { minLength: 12, maxLength: 40 }), (lines) => {
				expect(linesKey(lines)).toBe(linesKeyReference(lines));
			}),
			{ numRuns: 1000 },
		);
	});
});

describe('short lists sorted without the built-in sort', () => {
	// Pairs whose first item alone is compared: equal items must keep their order (a stable sort).
	const byFirst = (a: [number, number], b: [number, number]) => a[0] - b[0];

	it('sortInPlace gives the order of Array.prototype.sort, ties included, short lists and long', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.nat()), { maxLength: 40 }), (list) => {
				const expected = [...list].sort(byFirst);
				const copy = [...list];
				expect(sortInPlace(copy, byFirst)).toBe(copy);
				expect(copy).toEqual(expected);
			}),
			{ numRuns: 3000 },
		);
	});

	it('sortTexts gives the order of sort() on any text', () => {
		fc.assert(
			fc.property(
				fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.string({ maxLength: 3, unit: 'binary' })), { maxLength: 24 }),
				(list) => {
					expect(sortTexts([...list])).toEqual([...list].sort());
				},
			),
			{ numRuns: 3000 },
		);
	});
});

describe('normaliseEventName shortcut for names already normal', () => {
	const reference = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '_');
	const eventName = fc
		.array(fc.constantFrom('order', 'shipped', 'a', 'Z', '7', '_', '__', '-', ' ', '\t', 'É', 'ı', 'İ', 'ß'), {
			maxLength: 8,
		})
		.map((parts) => parts.join(''));

	it('equals lower-casing and replacing on any name', () => {
		fc.assert(
			fc.property(eventName, (name) => normaliseEventName(name) === reference(name)),
			{ numRuns: 5000 },
		);
		fc.assert(
			fc.property(fc.string({ maxLength: 20 }), (name) => normaliseEventName(name) === reference(name)),
			{ numRuns: 5000 },
		);
	});
});
