import fc from 'fast-check';
import { acceptLanguageRanges, chooseLocale, PAGE_LOCALES } from '../../../nodes/lib/pages';

describe('chooseLocale', () => {
	it.each([
		[
			'an explicit choice wins over everything',
			{ explicit: 'fr', customerLocale: 'es-MX', acceptLanguage: 'de' },
			'fr',
		],
		['explicit is read case- and region-insensitively', { explicit: 'DE-at' }, 'de'],
		['an explicit language without a file is skipped', { explicit: 'pt', customerLocale: 'es-MX' }, 'es'],
		['the order’s locale: es-MX is Spanish', { customerLocale: 'es-MX', acceptLanguage: 'de' }, 'es'],
		['Shopify’s underscore spelling', { customerLocale: 'fr_CA' }, 'fr'],
		['Accept-Language when the order has no locale', { customerLocale: null, acceptLanguage: 'de-CH,de;q=0.9' }, 'de'],
		['q-values, not header order, decide', { acceptLanguage: 'en;q=0.3, fr;q=0.8, de;q=0.5' }, 'fr'],
		['equal q keep the browser’s order', { acceptLanguage: 'es;q=0.5, de;q=0.5' }, 'es'],
		['unsupported ranges are passed over', { acceptLanguage: 'ja, zh-Hant;q=0.9, de;q=0.1' }, 'de'],
		['q=0 means "not this one"', { acceptLanguage: 'fr;q=0, es;q=0.2' }, 'es'],
		['a range whose q cannot be read is left out', { acceptLanguage: 'fr;q=2, de;q=abc, es;q=0.1' }, 'es'],
		['"*" leaves the choice to the fallback', { acceptLanguage: 'ja, *;q=0.5, de;q=0.1', fallback: 'fr' }, 'fr'],
		['the fallback when nothing matches', { acceptLanguage: 'ja', fallback: 'de' }, 'de'],
		['English when the fallback is no page language either', { acceptLanguage: 'ja', fallback: 'xx' }, 'en'],
		['English when nothing is given', {}, 'en'],
	])('%s', (_, opts, expected) => {
		expect(chooseLocale(opts)).toBe(expected);
	});

	it.each([
		['an empty explicit value', { explicit: '', customerLocale: 'de' }, 'de'],
		['path tricks', { explicit: '../../etc/passwd', acceptLanguage: 'fr' }, 'fr'],
		['markup', { explicit: '<script>alert(1)</script>', customerLocale: '"><img src=x>' }, 'en'],
		['a header of commas and semicolons', { acceptLanguage: ',,;;q=;,=,de' }, 'de'],
		['a huge header', { acceptLanguage: `${'x-'.repeat(50_000)}fr` }, 'en'],
		['values of the wrong type', { explicit: 42, customerLocale: {}, acceptLanguage: ['fr'] }, 'en'],
	])('garbage is skipped, never thrown on: %s', (_, opts, expected) => {
		expect(chooseLocale(opts as never)).toBe(expected);
	});

	it('never throws, and always names a page language', () => {
		const anything = fc.oneof(fc.string(), fc.constant(null), fc.constant(undefined), fc.anything());
		fc.assert(
			fc.property(anything, anything, anything, anything, (explicit, customerLocale, acceptLanguage, fallback) => {
				const locale = chooseLocale({ explicit, customerLocale, acceptLanguage, fallback } as never);
				expect(PAGE_LOCALES).toContain(locale);
			}),
		);
		expect(chooseLocale(null as never)).toBe('en');
	});
});

describe('acceptLanguageRanges', () => {
	it('orders by q, keeps equal q in header order, drops q=0', () => {
		expect(acceptLanguageRanges('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5, ja;q=0')).toEqual([
			'fr-CH',
			'fr',
			'en',
			'de',
			'*',
		]);
	});
});
