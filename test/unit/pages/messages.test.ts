/**
 * The page languages: every file has exactly the English ids with the same ICU arguments, every message
 * formats, every id the code asks for exists (and every English message is asked for), and dates and
 * times come out in the reader's language and the zone of the place they are about.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import {
	PAGE_LOCALES,
	renderErrorPage,
	renderLookupPage,
	renderStatusPage,
	translator,
	UnknownLocaleError,
	UnknownMessageError,
	LOOKUP_NOTICES,
	ADDRESS_FIELDS,
	ADDRESS_NOTICES,
	CANCEL_NOTICES,
	CANCEL_REASONS,
	REQUEST_OUTCOMES,
	SWAP_NOTICES,
	renderAddressChangePage,
	renderSwapPage,
	renderCancelPage,
	renderAddressSuggestionPage,
	renderRequestOutcomePage,
	type Translator,
} from '../../../nodes/lib/pages';
import { BRANDING, everyVariantView, LANG_LINKS } from './fixtures';

const PAGES_DIR = join(__dirname, '../../../nodes/lib/pages');
const LOCALES_DIR = join(PAGES_DIR, 'locales');

function messagesOf(locale: string): Record<string, string> {
	return JSON.parse(readFileSync(join(LOCALES_DIR, `${locale}.json`), 'utf8')) as Record<string, string>;
}

type Ast = ReturnType<IntlMessageFormat['getAst']>;
// intl-messageformat's element types (@formatjs/icu-messageformat-parser TYPE).
const TYPE_NAMES = ['literal', 'argument', 'number', 'date', 'time', 'select', 'plural', 'pound', 'tag'];

/** "name:type" of every argument of a message, nested ones included (e.g. "count:plural"). */
function argumentsOf(ast: Ast, out = new Set<string>()): Set<string> {
	for (const element of ast) {
		const e = element as { type: number; value?: string; options?: Record<string, { value: Ast }> };
		const type = TYPE_NAMES[e.type];
		if (type !== 'literal' && type !== 'pound') out.add(`${e.value}:${type}`);
		for (const option of Object.values(e.options ?? {})) argumentsOf(option.value, out);
	}
	return out;
}

function parse(message: string, locale: string): Ast {
	return new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst();
}

/** Plural and select keys of a message: a translation must offer at least `other` for each. */
function pluralsHaveOther(ast: Ast): boolean {
	return ast.every((element) => {
		const e = element as { options?: Record<string, { value: Ast }> };
		if (!e.options) return true;
		return 'other' in e.options && Object.values(e.options).every((o) => pluralsHaveOther(o.value));
	});
}

const english = messagesOf('en');
const others = PAGE_LOCALES.filter((l) => l !== 'en');

describe('locale files', () => {
	it('are the four languages of issue 17, found by reading the directory', () => {
		expect(PAGE_LOCALES).toEqual(['de', 'en', 'es', 'fr']);
		expect(readdirSync(LOCALES_DIR).sort()).toEqual(['de.json', 'en.json', 'es.json', 'fr.json']);
		expect(Object.keys(english).length).toBeGreaterThan(100);
	});

	it.each(others)('%s has exactly the English ids', (locale) => {
		const ids = Object.keys(messagesOf(locale));
		expect(ids.filter((id) => !(id in english))).toEqual([]);
		expect(Object.keys(english).filter((id) => !ids.includes(id))).toEqual([]);
	});

	it.each(PAGE_LOCALES)('%s: every message parses, with the same ICU arguments as English', (locale) => {
		const messages = messagesOf(locale);
		const differences: string[] = [];
		for (const [id, message] of Object.entries(messages)) {
			const ast = parse(message, locale);
			const mine = [...argumentsOf(ast)].sort();
			const theirs = [...argumentsOf(parse(english[id], 'en'))].sort();
			if (mine.join() !== theirs.join()) differences.push(`${id}: ${mine.join()} vs en ${theirs.join()}`);
			if (!pluralsHaveOther(ast)) differences.push(`${id}: a plural or select without "other"`);
		}
		expect(differences).toEqual([]);
	});

	it.each(PAGE_LOCALES)('%s: every message formats, for one and for many', (locale) => {
		const t = translator(locale);
		for (const [id, message] of Object.entries(messagesOf(locale))) {
			const names = [...argumentsOf(parse(message, locale))];
			for (const count of [1, 3]) {
				const values = Object.fromEntries(
					names.map((n) => {
						const [name, type] = n.split(':');
						return [name, type === 'plural' || type === 'number' ? count : `‹${name}›`];
					}),
				);
				const out = t.t(id, values);
				expect(out.length).toBeGreaterThan(0);
				// Every placeholder was filled: no ICU syntax or apostrophe quoting leaks into the page.
				expect(out).not.toMatch(/[{}]/);
				for (const n of names.filter((x) => x.endsWith(':argument'))) expect(out).toContain(`‹${n.split(':')[0]}›`);
			}
		}
	});

	it('plurals follow each language: one parcel, several parcels', () => {
		expect(translator('en').t('parcels.heading', { count: 1 })).toBe('Your package');
		expect(translator('en').t('parcels.heading', { count: 3 })).toBe('Your 3 packages');
		expect(translator('de').t('parcels.heading', { count: 2 })).toBe('Ihre 2 Pakete');
		expect(translator('fr').t('parcels.heading', { count: 2 })).toBe('Vos 2 colis');
		expect(translator('es').t('parcels.heading', { count: 1 })).toBe('Tu paquete');
	});
});

describe('translator', () => {
	it('throws on an id no file has, and on a language there is no file for', () => {
		expect(() => translator('en').t('no.such.message')).toThrow(UnknownMessageError);
		expect(() => translator('xx')).toThrow(UnknownLocaleError);
		expect(() => translator('../../package')).toThrow(UnknownLocaleError);
	});

	it('treats "<" in a message value as text for the renderer to escape, not as a tag', () => {
		expect(translator('en').t('status.orderLabel', { orderName: '<b>#1</b>' })).toBe('Order <b>#1</b>');
	});

	it('shows a scan in the zone it happened in, in the reader’s language', () => {
		// 02:30 UTC on March 10 is the evening of March 9 in Los Angeles: 7:30 PM, as daylight time began on
		// March 8, 2026 (before that date the same UTC time is 6:30 PM PST).
		expect(translator('en').dateTime('2026-03-10T02:30:00Z', 'America/Los_Angeles')).toBe('Mar 9, 2026, 7:30 PM PDT');
		expect(translator('en').dateTime('2026-03-03T02:30:00Z', 'America/Los_Angeles')).toBe('Mar 2, 2026, 6:30 PM PST');
		expect(translator('de').dateTime('2026-03-10T02:30:00Z', 'America/Los_Angeles')).toMatch(/^9\. März 2026, 19:30/);
		expect(translator('fr').dateTime('2026-03-10T02:30:00Z', 'Europe/Paris')).toMatch(/^10 mars 2026,? 03:30/);
		expect(translator('es').date('2026-03-10T02:30:00Z', 'America/Los_Angeles')).toBe('lunes, 9 de marzo de 2026');
	});

	it('reads a date without a time as that calendar day in any zone', () => {
		expect(translator('en').date('2026-03-10', 'Pacific/Honolulu')).toBe('Tuesday, March 10, 2026');
		expect(translator('en').date('2026-03-10', 'Pacific/Kiritimati')).toBe('Tuesday, March 10, 2026');
	});

	it('never fails a page over a bad time or zone', () => {
		expect(translator('en').dateTime('2026-03-10T02:30:00Z', 'Not/AZone')).toBe('Mar 10, 2026, 2:30 AM UTC');
		expect(translator('en').date('not a date', 'UTC')).toBe('not a date');
	});
});

/** A translator that notes every id asked for. */
function recording(locale: string, used: Set<string>): Translator {
	const base = translator(locale);
	return {
		...base,
		t: (id, values) => {
			used.add(id);
			return base.t(id, values);
		},
	};
}

function renderEverything(t: Translator): string[] {
	const noChannel = { storeName: 'Acme Mugs' };
	return [
		...everyVariantView().map((view) =>
			renderStatusPage(view, { t, branding: BRANDING, lookupUrl: '/status', langLinks: LANG_LINKS }),
		),
		renderStatusPage(everyVariantView()[0], { t, branding: noChannel, lookupUrl: '/status', langLinks: [] }),
		...[null, ...LOOKUP_NOTICES].map((notice) =>
			renderLookupPage({
				t,
				branding: BRANDING,
				action: '/status',
				csrfField: { name: 'csrf', value: 'x' },
				notice,
				langLinks: LANG_LINKS,
			}),
		),
		...[400, 401, 404, 410, 418, 429, 500, 503].map((status) => renderErrorPage({ t, branding: BRANDING, status })),
		renderErrorPage({ t, branding: { storeName: '' }, status: 404 }),
		renderLookupPage({
			t,
			branding: { storeName: '' },
			action: '/',
			csrfField: { name: 'c', value: 'x' },
			langLinks: [],
		}),
		renderStatusPage(everyVariantView()[1], { t, branding: { storeName: '' }, lookupUrl: '/', langLinks: [] }),
		...renderRequestPages(t),
	];
}

/** The status page's actions and pending requests, and the self-service pages with every notice, error and reason. */
function renderRequestPages(t: Translator): string[] {
	const kinds = ['address_change', 'cancel', 'swap'] as const;
	const address = { name: 'Jane Doe', address1: '1 Main St', city: 'Springfield', zip: '62704', countryCode: 'US' };
	const common = { t, branding: BRANDING, langLinks: LANG_LINKS, orderName: '#1001', statusUrl: '/status' };
	const errors = ['required', 'too_long', 'not_a_country'] as const;
	const everyField = ['email', ...ADDRESS_FIELDS] as const;
	return [
		...(['pending_review', 'received'] as const).flatMap((outcome) =>
			kinds.map((kind) =>
				renderStatusPage(everyVariantView()[0], {
					t,
					branding: BRANDING,
					lookupUrl: '/status',
					langLinks: LANG_LINKS,
					actions: [
						{ kind: 'address_change', href: '/status?step=address', closesAt: '2026-03-10T19:00:00Z' },
						{ kind: 'cancel', href: '/status?step=cancel', closesAt: '2026-03-10T19:00:00Z' },
						{ kind: 'swap', href: '/status?step=swap', closesAt: '2026-03-10T19:00:00Z' },
					],
					pendingRequest: { kind, outcome },
				}),
			),
		),
		...[null, ...ADDRESS_NOTICES].flatMap((notice) =>
			errors.map((error) =>
				renderAddressChangePage({
					...common,
					action: '/status',
					hidden: { csrf: 'x' },
					values: address,
					fieldErrors: Object.fromEntries(everyField.map((field) => [field, error])),
					notice,
					closesAt: '2026-03-10T19:00:00Z',
					timeZone: 'America/Chicago',
					allowInsist: true,
				}),
			),
		),
		// Every notice with the email error, every reason chosen, and more items than the page lists.
		...[null, ...CANCEL_NOTICES].flatMap((notice) =>
			[null, ...CANCEL_REASONS].map((reason) =>
				renderCancelPage({
					...common,
					action: '/status',
					hidden: { csrf: 'x' },
					items: Array.from({ length: 12 }, (_, i) => ({ title: `Mug ${i}`, quantity: i + 1 })),
					email: 'jane@example.com',
					reason,
					fieldErrors: { email: 'required' },
					notice,
					closesAt: '2026-03-10T19:00:00Z',
					timeZone: 'America/Chicago',
				}),
			),
		),
		// Every notice, a line with and one without a variant to keep, and a line with nothing else to offer.
		...[null, ...SWAP_NOTICES].map((notice) =>
			renderSwapPage({
				...common,
				action: '/status',
				hidden: { csrf: 'x' },
				lines: [
					{
						field: 'line_1',
						title: 'Trail Runner',
						variantTitle: 'L / Blue',
						quantity: 2,
						choices: [{ value: '11', label: 'M / Blue' }],
						selected: '11',
						unavailable: null,
					},
					{
						field: 'line_2',
						title: 'Cap',
						variantTitle: null,
						quantity: 1,
						choices: [{ value: '21', label: 'Red' }],
						selected: null,
						unavailable: null,
					},
					{
						field: 'line_3',
						title: 'Mug',
						variantTitle: null,
						quantity: 1,
						choices: [],
						selected: null,
						unavailable: 'none',
					},
				],
				email: 'jane@example.com',
				fieldErrors: { email: 'required' },
				notice,
				closesAt: '2026-03-10T19:00:00Z',
				timeZone: 'America/Chicago',
			}),
		),
		renderAddressSuggestionPage({
			...common,
			action: '/status',
			hidden: { csrf: 'x' },
			typed: address,
			suggestion: { ...address, zip: '62704-1234' },
			changed: ['zip'],
		}),
		...REQUEST_OUTCOMES.flatMap((outcome) =>
			kinds.map((kind) =>
				renderRequestOutcomePage({
					...common,
					kind,
					outcome,
					reasons: [
						'action_disabled',
						'cancelled',
						'returned',
						'delivered',
						'shipped',
						'new_address_missing',
						'address_unchanged',
						'address_invalid',
						'address_ambiguous',
						'item_unavailable',
						'window_closed',
						'an_internal_reason',
					],
					newAddress: address,
					swaps: [
						{ title: 'Trail Runner', from: 'L / Blue', to: 'M / Blue', quantity: 2 },
						{ title: 'Cap', from: null, to: 'Red', quantity: 1 },
						{ title: 'Mug', from: 'White', to: null, quantity: 1 },
					],
				}),
			),
		),
		renderRequestOutcomePage({
			...common,
			kind: 'address_change',
			outcome: 'refused',
			reasons: ['shipped'],
			newAddress: null,
		}),
	];
}

/** Ids written out in the pages' source ("t.t('lookup.heading')"), including the language names. */
function literalIdsInSource(): string[] {
	const ids = new Set<string>();
	for (const file of readdirSync(PAGES_DIR).filter((f) => f.endsWith('.ts'))) {
		const source = readFileSync(join(PAGES_DIR, file), 'utf8');
		for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) ids.add(match[1]);
	}
	return [...ids];
}

describe('the ids the pages use', () => {
	const used = new Set<string>();
	const pages = new Map<string, string[]>();
	beforeAll(() => {
		for (const locale of PAGE_LOCALES) pages.set(locale, renderEverything(recording(locale, used)));
	});

	it('every id written in the source exists in every file', () => {
		const literal = literalIdsInSource();
		expect(literal.length).toBeGreaterThan(20);
		for (const locale of PAGE_LOCALES) {
			const messages = messagesOf(locale);
			expect(literal.filter((id) => !(id in messages))).toEqual([]);
		}
	});

	it('every page renders in every language, and every English message is shown by some page', () => {
		const shown = new Set([...used, ...literalIdsInSource()]);
		expect(Object.keys(english).filter((id) => !shown.has(id))).toEqual([]);
	});

	it.each(others)('%s pages are in that language: no English sentence is left in them', (locale) => {
		const theirs = messagesOf(locale);
		// English messages with words (placeholders aside) that the translation does not share.
		const englishWords = Object.entries(english)
			.filter(([id, message]) => theirs[id] !== message && !/[{}]/.test(message) && message.length >= 8)
			.map(([, message]) => message.replace(/’/g, '&#39;').replace(/'/g, '&#39;'));
		const leaked = new Set<string>();
		for (const page of pages.get(locale)!)
			for (const sentence of englishWords) if (page.includes(`>${sentence}<`)) leaked.add(sentence);
		expect([...leaked]).toEqual([]);
		expect(pages.get(locale)!.join('')).toContain(`>${theirs['stage.delivered.title']}<`);
	});
});
