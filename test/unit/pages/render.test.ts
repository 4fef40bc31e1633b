/**
 * The three pages as documents: the words for every stage, the structure a screen reader and a phone
 * need, the contrast fallback, the lookup form's fields and its one "not found" wording.
 */
import { STAGES, type Stage } from '../../../nodes/lib/order';
import {
	LOOKUP_NOTICES,
	pageAccentColor,
	renderErrorPage,
	renderLookupPage,
	renderStatusPage,
	SAFE_ACCENT_COLOR,
	translator,
	type Branding,
} from '../../../nodes/lib/pages';
import { contrastRatio } from '../../../nodes/lib/pages/html';
import { styleSheet } from '../../../nodes/lib/pages/styles';
import { BRANDING, everyVariantView, LANG_LINKS, viewOf } from './fixtures';
import { assertInert, tagsOf, textOf } from './htmlScan';

const en = translator('en');
const status = (view = viewOf(), branding: Branding = BRANDING, locale = 'en') =>
	renderStatusPage(view, { t: translator(locale), branding, lookupUrl: '/webhook/status', langLinks: LANG_LINKS });
const lookup = (extra: Partial<Parameters<typeof renderLookupPage>[0]> = {}) =>
	renderLookupPage({
		t: en,
		branding: BRANDING,
		action: '/webhook/status',
		csrfField: { name: 'csrf_token', value: 'tok-123' },
		langLinks: LANG_LINKS,
		...extra,
	});

const HEADLINES: Record<Stage, string> = {
	placed: 'We’ve received your order',
	on_hold: 'Your order is on hold',
	awaiting_fulfillment: 'Your order is confirmed',
	backordered: 'Waiting for stock',
	in_fulfillment: 'We’re preparing your order',
	partially_shipped: 'Part of your order has shipped',
	shipped: 'Your order has shipped',
	in_transit: 'Your order is on its way',
	out_for_delivery: 'Out for delivery',
	partially_delivered: 'Part of your order has arrived',
	delivered: 'Your order has been delivered',
	return_requested: 'Your return is in progress',
	returned: 'We’ve received your return',
	cancelled: 'Your order was canceled',
};

describe('the status page', () => {
	it.each(STAGES)('%s: a headline in plain words and one sentence', (stage) => {
		const page = status(viewOf({ stage }));
		expect(page).toContain(`<h1>${HEADLINES[stage]}</h1>`);
		const lead = /<p class="lead">([^<]+)<\/p>/.exec(page)?.[1] ?? '';
		expect(lead).toBe(en.t(`stage.${stage}.body`));
		expect(lead.length).toBeGreaterThan(20);
	});

	it('every stage has its own headline', () => {
		expect(new Set(STAGES.map((stage) => en.t(`stage.${stage}.title`))).size).toBe(STAGES.length);
	});

	it.each(everyVariantView().map((view, i) => [i, view] as const))(
		'variant %i is a complete, accessible-by-construction document',
		(_, view) => {
			const page = status(view);
			assertInert(page);
			const tags = tagsOf(page);
			const opening = (name: string) => tags.filter((t) => t.name === name && !t.closing);
			expect(page.startsWith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')).toBe(true);
			expect(opening('h1')).toHaveLength(1);
			for (const landmark of ['header', 'main', 'footer']) expect(opening(landmark)).toHaveLength(1);
			expect(opening('title')).toHaveLength(1);
			expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
			expect(page).not.toMatch(/<script|<link|<iframe|@import|url\(/i);
			// Headings in order: h1, then h2 sections, h3 only inside them.
			const levels = tags.filter((t) => /^h[1-3]$/.test(t.name) && !t.closing).map((t) => Number(t.name[1]));
			levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
			// Every section is named by its heading; ids are unique.
			const ids = tags.map((t) => t.attributes.id).filter(Boolean);
			expect(new Set(ids).size).toBe(ids.length);
			for (const section of opening('section')) expect(ids).toContain(section.attributes['aria-labelledby']);
			// Lists hold only list items.
			expect(page).not.toMatch(/<(ol|ul)[^>]*>(?!<li)/);
			for (const time of opening('time')) expect(time.attributes.datetime).toMatch(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/);
		},
	);

	it('shows each parcel: carrier, tracking number and link, last scan place and time, the estimate', () => {
		const page = status();
		const text = textOf(page);
		expect(text).toContain('Carrier UPS');
		expect(text).toContain('Tracking number 1Z999AA10123456784');
		expect(text).toContain('Last scan Louisville, KY Mar 5, 2026, 9:10 AM EST');
		expect(text).toContain('Estimated delivery Wednesday, March 11, 2026');
		expect(page).toContain(
			'<a href="https://www.ups.com/track?tracknum=1Z999AA10123456784" rel="noopener noreferrer">Track with UPS</a>',
		);
		expect(page).toContain('<h2 id="parcels-heading">Your package</h2>');
		expect(status(everyVariantView()[0])).toContain('<h2 id="parcels-heading">Your 9 packages</h2>');
	});

	it('the contact action comes from the store’s settings, with a fallback sentence without them', () => {
		const page = status();
		expect(page).toContain(
			'<a class="button" href="mailto:help@acme.example?subject=Question%20about%20order%20%231001">Email us</a>',
		);
		expect(page).toContain('<a href="https://acme.example/help">Visit our help center</a>');
		const bare = status(viewOf(), { storeName: 'Acme Mugs', supportEmail: 'not an email', supportUrl: 'ftp://x' });
		expect(bare).toContain('Reply to your order confirmation email and we’ll get back to you.');
		expect(bare).not.toContain('class="button"');
	});

	it('offers the other languages with their own names, marking the current one', () => {
		const page = status(viewOf(), BRANDING, 'fr');
		expect(page).toContain('<html lang="fr" dir="ltr">');
		expect(page).toContain('<nav class="lang" aria-label="Langue">');
		expect(page).toContain('<a href="?lang=de" hreflang="de" lang="de">Deutsch</a>');
		expect(page).toContain('<a href="?lang=fr" hreflang="fr" lang="fr" aria-current="true">Français</a>');
		const odd = renderStatusPage(viewOf(), {
			t: en,
			branding: BRANDING,
			lookupUrl: '/',
			langLinks: [
				{ locale: 'xx', href: '?lang=xx' },
				{ locale: 'de', href: 'javascript:alert(1)' },
			],
		});
		expect(odd).not.toContain('<nav');
	});

	it.each([
		['de', ['Ihre Bestellung ist unterwegs', 'Letzter Scan', 'Voraussichtliche Zustellung', 'Brauchen Sie Hilfe?']],
		['fr', ['Votre commande est en route', 'Dernier scan', 'Livraison estimée', 'Besoin d’aide\u202f?']],
		['es', ['Tu pedido está en camino', 'Último escaneo', 'Entrega estimada', '¿Necesitas ayuda?']],
	])('%s: the page is in that language', (locale, phrases) => {
		const page = status(viewOf(), BRANDING, locale);
		for (const phrase of phrases) expect(page).toContain(phrase);
		for (const english of [
			'Your order is on its way',
			'Last scan',
			'Estimated delivery',
			'Need help?',
			'Order history',
		])
			expect(page).not.toContain(english);
	});
});

describe('the accent colour', () => {
	it('keeps a store colour that reads at 4.5:1 on white, in #rgb or #rrggbb', () => {
		expect(pageAccentColor('#0B5394')).toBe('#0b5394');
		expect(pageAccentColor('#036')).toBe('#003366');
		expect(status()).toContain('--accent:#0b5394');
	});

	it.each([
		{ accent: '#ffff00', why: 'yellow on white' },
		{ accent: '#0a7', why: 'a mid green at 3.1:1' },
		{ accent: '#777777', why: 'a grey just under 4.5:1' },
		{ accent: 'red', why: 'a colour name' },
		{ accent: '#12345g', why: 'not hex' },
		{ accent: '#1d4ed8; } body { display:none', why: 'CSS injection' },
		{ accent: null, why: 'none given' },
	])('falls back to a safe dark colour for $accent ($why)', ({ accent }) => {
		expect(pageAccentColor(accent)).toBe(SAFE_ACCENT_COLOR);
		const page = status(viewOf(), { ...BRANDING, accentColor: accent });
		expect(page).toContain(`--accent:${SAFE_ACCENT_COLOR}`);
		expect(page).not.toContain('display:none');
	});

	it('the fallback and the page’s own text colours pass 4.5:1 on white', () => {
		expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
		for (const colour of [SAFE_ACCENT_COLOR, '#1f2937', '#4b5563'])
			expect(contrastRatio(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
		// Notice and alert backgrounds under body text.
		expect(contrastRatio('#1f2937', '#fffbeb')).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio('#1f2937', '#fef2f2')).toBeGreaterThanOrEqual(4.5);
	});
});

describe('the style sheet', () => {
	it('closes every block it opens, so no rule is left inside the phone-width @media block', () => {
		let depth = 0;
		const depths: number[] = [];
		for (const c of styleSheet(SAFE_ACCENT_COLOR)) {
			if (c === '{') depth++;
			if (c === '}') depth--;
			depths.push(depth);
		}
		expect(Math.min(...depths)).toBe(0);
		expect(depth).toBe(0);
		// Each top-level rule starts at depth 0: the reduced-motion query is not nested in the phone query.
		const sheet = styleSheet(SAFE_ACCENT_COLOR);
		expect(depths[sheet.indexOf('@media (prefers-reduced-motion') - 1]).toBe(0);
	});
});

describe('the lookup page', () => {
	it('is a labelled form that posts order number and email with the CSRF field', () => {
		const page = lookup();
		assertInert(page);
		expect(page).toContain('<form method="post" action="/webhook/status">');
		expect(page).toContain('<input type="hidden" name="csrf_token" value="tok-123">');
		expect(page).toContain('<label for="order-number">Order number</label>');
		expect(page).toContain('<label for="email">Email address</label>');
		const inputs = tagsOf(page).filter((t) => t.name === 'input' && t.attributes.type !== 'hidden');
		expect(inputs.map((i) => [i.attributes.name, i.attributes.autocomplete, i.attributes.inputmode])).toEqual([
			['orderNumber', 'off', 'text'],
			['email', 'email', 'email'],
		]);
		expect(tagsOf(page).filter((t) => t.name === 'h1' && !t.closing)).toHaveLength(1);
		expect(page).toContain('form-action &#39;self&#39;;');
		expect(page).not.toContain('role="alert"');
	});

	it('"not found" is one wording for a wrong number and a wrong email, and names neither field', () => {
		const page = lookup({ notice: 'not_found', orderNumber: '1001', email: 'someone@example.com' });
		expect(page).toContain(
			'<div class="alert" id="lookup-notice" role="alert">' +
				'<p>We could not find an order with that number and email address.</p></div>',
		);
		const inputs = tagsOf(page).filter((t) => t.name === 'input' && t.attributes.type !== 'hidden');
		expect(inputs.map((i) => i.attributes['aria-invalid'])).toEqual(['true', 'true']);
		expect(inputs.map((i) => i.attributes.value)).toEqual(['1001', 'someone@example.com']);
	});

	it.each(LOOKUP_NOTICES)('notice %s has its own words in every language', (notice) => {
		for (const locale of ['en', 'de', 'es', 'fr']) {
			const page = lookup({ t: translator(locale), notice });
			expect(page).toContain(`role="alert"><p>${translator(locale).t(`lookup.notice.${notice}`)}</p>`);
		}
	});

	it('an unknown notice is no notice; an absolute action goes into the policy; a javascript: one is dropped', () => {
		expect(lookup({ notice: 'pwned' as never })).not.toContain('role="alert"');
		const absolute = lookup({ action: 'https://n8n.acme.example/webhook/status' });
		expect(absolute).toContain('form-action &#39;self&#39; https://n8n.acme.example;');
		const hostile = lookup({ action: 'javascript:alert(1)' });
		expect(hostile).toContain('<form method="post" action="">');
	});
});

describe('the error page', () => {
	it.each([
		[400, 'Something went wrong with that request'],
		[403, 'You don’t have access to this page'],
		[404, 'We couldn’t find this page'],
		[410, 'This link has expired'],
		[429, 'Too many requests'],
		[500, 'Something went wrong on our side'],
		[503, 'Something went wrong on our side'],
		[418, 'We couldn’t open this page'],
		[Number.NaN, 'Something went wrong on our side'],
	])('%s: %s', (code, headline) => {
		const page = renderErrorPage({ t: en, branding: BRANDING, status: code });
		assertInert(page);
		expect(page).toContain(`<h1>${headline}</h1>`);
		expect(page).toContain(`Error ${Number.isNaN(code) ? 500 : code}`);
		expect(page).toContain('Need help?');
	});
});
