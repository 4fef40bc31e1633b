/**
 * The item swap page: one form listing the order's lines not packed yet, each with a "Change to" choice whose
 * first option keeps it, the order's email, and one submit; its notices; the lines swapped on the outcome page;
 * the status page's swap link. In every language, and inert whatever goes into it.
 *
 * Line and variant titles are written the way Shopify gives them: LineItem.title is "the title of the product at
 * time of order creation", LineItem.variantTitle "the title of the variant at time of order creation" (null for
 * a product without variants), and a variant's title joins its option values with " / " ("L / Blue"), as in
 * Shopify's Admin GraphQL reference (shopify.dev/docs/api/admin-graphql, LineItem and ProductVariant, 2026-10).
 * Choice values are ProductVariant.legacyResourceId, the numeric id (an UnsignedInt64).
 */
import fc from 'fast-check';
import {
	PAGE_LOCALES,
	SWAP_NOTICES,
	renderRequestOutcomePage,
	renderStatusPage,
	renderSwapPage,
	translator,
	type SwapPageLine,
} from '../../../nodes/lib/pages';
import { BRANDING, HOSTILE, LANG_LINKS, viewOf } from './fixtures';
import { assertInert, tagsOf, textOf } from './htmlScan';
import { assertDocument, decode, hiddenOf, labelText, opening, textById, visibleInputs } from './pageChecks';

const en = translator('en');
const ACTION = '/webhook/order-swap';
const STATUS_URL = '/webhook/order-status?t=v1.1001.1780000000.sig';
const HIDDEN = { csrf_token: 'tok-123', t: 'v1.1001.1780000000.sig', step: 'swap' };
const RUNNER: SwapPageLine = {
	field: 'line_456',
	title: 'Trail Runner',
	variantTitle: 'L / Blue',
	quantity: 2,
	choices: [
		{ value: '40000000001', label: 'M / Blue' },
		{ value: '40000000002', label: 'XL / Blue' },
	],
	selected: null,
	unavailable: null,
};
const CAP: SwapPageLine = {
	field: 'line_457',
	title: 'Field Cap',
	variantTitle: null,
	quantity: 1,
	choices: [{ value: '40000000011', label: 'Red' }],
	selected: null,
	unavailable: null,
};
const SOCKS: SwapPageLine = {
	field: 'line_458',
	title: 'Wool Socks',
	variantTitle: 'M',
	quantity: 3,
	choices: [],
	selected: null,
	unavailable: 'none',
};
const LINES = [RUNNER, CAP, SOCKS];

type SwapOpts = Parameters<typeof renderSwapPage>[0];
const swapPage = (extra: Partial<SwapOpts> = {}) =>
	renderSwapPage({
		t: en,
		branding: BRANDING,
		langLinks: LANG_LINKS,
		action: ACTION,
		hidden: HIDDEN,
		orderName: '#1001',
		lines: LINES,
		fieldErrors: {},
		notice: null,
		closesAt: '2026-03-10T19:00:00.000Z',
		timeZone: 'America/Chicago',
		statusUrl: STATUS_URL,
		...extra,
	});

/** The options of the select named `name`, in order. */
function optionsOf(page: string, name: string): Array<{ value: string; selected: boolean; words: string }> {
	const select = new RegExp(`<select [^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(page);
	if (!select) throw new Error(`no select ${name}`);
	return [...select[1].matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => ({
		value: decode(m[1]),
		selected: m[2] !== undefined,
		words: decode(m[3]),
	}));
}
const selects = (page: string) => opening(page, 'select');
/** The names of the controls that point at the alert. */
const pointingAtNotice = (page: string) =>
	tagsOf(page)
		.filter((tag) => !tag.closing && (tag.attributes['aria-describedby'] ?? '').split(' ').includes('swap-notice'))
		.map((tag) => tag.attributes.name);

describe('the swap page', () => {
	it('is one form that posts to the given URL, carrying every hidden entry given, and says what changes', () => {
		const page = swapPage();
		assertDocument(page);
		expect(opening(page, 'form')).toEqual([
			{ name: 'form', closing: false, attributes: { method: 'post', action: ACTION } },
		]);
		expect(hiddenOf(page)).toEqual({ csrf_token: ['tok-123'], t: ['v1.1001.1780000000.sig'], step: ['swap'] });
		expect(page).toContain('form-action &#39;self&#39;;');
		expect(page).toContain('<p class="eyebrow">Order #1001</p>\n<h1>Change size or color</h1>');
		expect(page).toContain('<title>Change size or color · Acme Mugs</title>');
		const lead = textOf(/<p class="lead">([\s\S]*?)<\/p>/.exec(page)![1]);
		expect(lead).toMatch(/haven’t packed yet/);
		expect(lead).toMatch(/price stays the same/);
		expect(page).toContain('<button type="submit" class="button">Change my items</button>');
		expect(page).not.toContain('role="alert"');
		expect(tagsOf(page).filter((tag) => 'aria-invalid' in tag.attributes)).toEqual([]);
		expect(page).toContain(`<p class="back"><a href="${STATUS_URL}">Back to my order</a></p>`);
		expect(swapPage({ action: 'https://n8n.acme.example/webhook/x' })).toContain(
			'form-action &#39;self&#39; https://n8n.acme.example;',
		);
	});

	it('lists each line as "2 × Trail Runner — L / Blue", in a group that names its "Change to" choice', () => {
		const page = swapPage();
		expect(page).toContain('<h2 id="swap-lines-heading">Your 6 items</h2>');
		expect(page).toContain('<ul class="swap-lines" aria-labelledby="swap-lines-heading"><li><fieldset>');
		expect(page).toContain(
			'<li><fieldset>\n<legend class="swap-item">2 × Trail Runner — L / Blue</legend>\n' +
				'<label for="swap-line-line_456">Change to</label>\n<select id="swap-line-line_456" name="line_456">',
		);
		expect(page).toContain('<legend class="swap-item">1 × Field Cap</legend>');
		expect(labelText(page, 'swap-line-line_456')).toBe('Change to');
		expect(optionsOf(page, 'line_456')).toEqual([
			{ value: '', selected: false, words: 'Keep L / Blue' },
			{ value: '40000000001', selected: false, words: 'M / Blue' },
			{ value: '40000000002', selected: false, words: 'XL / Blue' },
		]);
		// A product without variants to tell apart keeps "as it is".
		expect(optionsOf(page, 'line_457')[0]).toEqual({ value: '', selected: false, words: 'Keep as it is' });
		// The heading counts units, as a customer does: 2 × Trail Runner and 1 × Field Cap and 3 × Wool Socks are 6.
		expect(swapPage({ lines: [CAP] })).toContain('<h2 id="swap-lines-heading">Your item</h2>');
		// The lines come before the email, the email before the button.
		const order = ['swap-lines-heading', 'name="email"', 'type="submit"'].map((s) => page.indexOf(s));
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(swapPage({ t: translator('de'), lines: [{ ...RUNNER, quantity: 1200 }] })).toContain(
			'<legend class="swap-item">1.200 × Trail Runner – L / Blue</legend>',
		);
	});

	it('a line with no other variant at the same price has no choice, only a short sentence', () => {
		const page = swapPage();
		expect(page).toContain(
			'<li><p class="swap-item">3 × Wool Socks — M</p>' +
				'<p class="hint">No other size or color is available at the same price.</p></li>',
		);
		expect(selects(page).map((s) => s.attributes.name)).toEqual(['line_456', 'line_457']);
		// Choices given with unavailable: 'none' are not offered; no choice left is the same as none.
		const none = swapPage({
			lines: [
				{ ...RUNNER, unavailable: 'none' },
				{ ...CAP, choices: [{ value: 'x', label: '' }] },
			],
		});
		expect(selects(none)).toEqual([]);
		expect(none.match(/No other size or color is available/g)).toHaveLength(2);
		expect(none).not.toContain('M / Blue');
	});

	it('keeps the choice made before, and only one that is still offered', () => {
		const again = swapPage({ lines: [{ ...RUNNER, selected: '40000000002' }] });
		expect(optionsOf(again, 'line_456').filter((o) => o.selected)).toEqual([
			{ value: '40000000002', selected: true, words: 'XL / Blue' },
		]);
		for (const selected of ['40000000099', '', null, 7, '<b>'])
			expect(
				optionsOf(swapPage({ lines: [{ ...RUNNER, selected: selected as never }] }), 'line_456').filter(
					(o) => o.selected,
				),
			).toEqual([]);
	});

	it('offers a choice once, only with a numeric variant id and a label', () => {
		const page = swapPage({
			lines: [
				{
					...RUNNER,
					choices: [
						{ value: '40000000001', label: 'M / Blue' },
						{ value: '40000000001', label: 'M / Blue again' },
						{ value: 'gid://shopify/ProductVariant/1', label: 'A gid' },
						{ value: '', label: 'Empty: that is "keep"' },
						{ value: '40000000003', label: '   ' },
						{ value: 40000000004, label: 'A number' },
						null,
						{ value: '40000000005', label: 'S / Blue' },
					] as never,
				},
			],
		});
		expect(optionsOf(page, 'line_456').map((o) => o.value)).toEqual(['', '40000000001', '40000000005']);
	});

	it('leaves out a line it cannot post: a field that is no name of ours or is taken, no title, no count', () => {
		const page = swapPage({
			hidden: HIDDEN,
			lines: [
				RUNNER,
				{ ...CAP, field: 'line_456' },
				{ ...CAP, field: 'email' },
				{ ...CAP, field: 'csrf_token' },
				{ ...CAP, field: 'line 9' },
				{ ...CAP, field: 'a"b' },
				{ ...CAP, field: '' },
				{ ...CAP, field: 'line_10', title: '  ' },
				{ ...CAP, field: 'line_11', quantity: 0 },
				{ ...CAP, field: 'line_12', quantity: 1.5 },
				{ ...CAP, field: 'line_13', quantity: '2' as never },
				null as never,
				{ ...CAP, field: 'line_14' },
			],
		});
		assertDocument(page);
		expect(selects(page).map((s) => s.attributes.name)).toEqual(['line_456', 'line_14']);
		expect(hiddenOf(page).csrf_token).toEqual(['tok-123']);
		expect(opening(page, 'input').filter((i) => i.attributes.name === 'email')).toHaveLength(1);
		for (const lines of [[], null, undefined, 'lines', [{ ...CAP, title: '' }]]) {
			const empty = swapPage({ lines: lines as never });
			assertDocument(empty);
			expect(empty).not.toContain('class="swap-lines"');
			expect(empty).toContain('name="email"');
		}
	});

	it('a hidden entry named like one of the form’s own fields is not sent twice', () => {
		const page = swapPage({ hidden: { ...HIDDEN, email: 'evil@x' } });
		expect(Object.keys(hiddenOf(page)).sort()).toEqual(['csrf_token', 'step', 't']);
	});

	it('asks for the order’s email as the cancel page does, prefilled with what it is given', () => {
		const page = swapPage({ email: 'jane@example.com' });
		const [email] = visibleInputs(page);
		expect(email.attributes).toMatchObject({
			type: 'email',
			id: 'email',
			name: 'email',
			value: 'jane@example.com',
			required: '',
			autocomplete: 'email',
			'aria-describedby': 'email-hint',
		});
		expect(labelText(page, 'email')).toBe('Email address on the order');
		for (const given of [undefined, null, 42])
			expect(visibleInputs(swapPage({ email: given as never }))[0].attributes.value).toBe('');
	});

	it.each(['required', 'too_long'] as const)(
		'email %s: invalid, described by its message, linked from the alert',
		(error) => {
			const page = swapPage({ fieldErrors: { email: error } });
			assertDocument(page);
			const [email] = visibleInputs(page);
			expect(email.attributes['aria-invalid']).toBe('true');
			expect(email.attributes['aria-describedby']).toBe('email-hint email-error');
			const message = en.t(`address.error.${error}`, { field: 'email' });
			expect(textById(page, 'email-error')).toBe(message);
			expect(page).toContain('<div class="alert" id="swap-notice" role="alert">');
			expect(page).toContain(`<li><a href="#email">Email address on the order: ${message}</a></li>`);
		},
	);

	it('ignores an email error it has no words for, and errors about fields it does not have', () => {
		const page = swapPage({ fieldErrors: { email: 'not_a_country', line_456: 'required' } as never });
		expect(tagsOf(page).filter((tag) => 'aria-invalid' in tag.attributes)).toEqual([]);
		expect(page).not.toContain('role="alert"');
	});

	it('has the notices the brief names, the shared ones under the cancel page’s keys', () => {
		expect([...SWAP_NOTICES].sort()).toEqual(
			[
				'bad_request',
				'choice_gone',
				'email_mismatch',
				'nothing_chosen',
				'rate_limited',
				'same_choice_twice',
				'session_expired',
			].sort(),
		);
	});

	it.each(SWAP_NOTICES)('notice %s: its own words in every language, in an alert', (notice) => {
		const own = ['nothing_chosen', 'choice_gone', 'same_choice_twice'].includes(notice);
		for (const locale of PAGE_LOCALES) {
			const t = translator(locale);
			const page = swapPage({ t, notice });
			assertDocument(page, locale);
			const id = own ? `swap.notice.${notice}` : `address.notice.${notice}`;
			expect(page).toContain(`<div class="alert" id="swap-notice" role="alert">\n<p>${t.t(id)}</p>\n</div>`);
		}
		const words = SWAP_NOTICES.map((n) => textById(swapPage({ notice: n }), 'swap-notice'));
		expect(new Set(words).size).toBe(SWAP_NOTICES.length);
	});

	it('each notice is pointed at by the controls it is about, and only by them', () => {
		const mismatch = swapPage({ notice: 'email_mismatch' });
		expect(pointingAtNotice(mismatch)).toEqual(['email']);
		expect(visibleInputs(mismatch)[0].attributes['aria-invalid']).toBe('true');
		// Nothing chosen: every line that has a choice (the socks have none).
		const nothing = swapPage({ notice: 'nothing_chosen' });
		expect(pointingAtNotice(nothing)).toEqual(['line_456', 'line_457']);
		expect(nothing).toContain(
			'<select id="swap-line-line_456" name="line_456" aria-describedby="swap-notice" aria-invalid="true">',
		);
		expect(textById(nothing, 'swap-notice')).toBe('Please choose a new size or color for at least one item.');
		// Sold out meanwhile: the line whose earlier choice is gone, back on "keep".
		const gone = swapPage({ notice: 'choice_gone', lines: [RUNNER, { ...CAP, selected: '40000000012' }, SOCKS] });
		expect(pointingAtNotice(gone)).toEqual(['line_457']);
		expect(optionsOf(gone, 'line_457').filter((o) => o.selected)).toEqual([]);
		expect(textById(gone, 'swap-notice')).toBe('Something you chose has just sold out. Please choose again.');
		// When the lines do not tell which, every line with a choice.
		expect(pointingAtNotice(swapPage({ notice: 'choice_gone' }))).toEqual(['line_456', 'line_457']);
		// The rest are about the request as a whole: shown, pointed at by nothing, marking nothing invalid.
		for (const notice of ['session_expired', 'rate_limited', 'bad_request'] as const) {
			const page = swapPage({ notice });
			expect(page).toContain('role="alert"');
			expect(pointingAtNotice(page)).toEqual([]);
			expect(tagsOf(page).filter((tag) => 'aria-invalid' in tag.attributes)).toEqual([]);
		}
		// Another form's notice, or anything else, is no notice here.
		for (const notice of ['confirm_missing', 'address_invalid', 'pwned', null])
			expect(swapPage({ notice: notice as never })).not.toContain('role="alert"');
	});

	it('a notice and an email error share the one alert', () => {
		const page = swapPage({ notice: 'nothing_chosen', fieldErrors: { email: 'required' } });
		expect(opening(page, 'div').filter((d) => d.attributes.role === 'alert')).toHaveLength(1);
		expect(textById(page, 'swap-notice')).toMatch(/^Please choose a new size .* Please check this field: Email/);
	});

	it('shows the deadline in the given zone, as words and as machine-readable time', () => {
		expect(swapPage()).toContain(
			'<p class="meta">You can change items until <time datetime="2026-03-10T19:00:00.000Z">' +
				'Mar 10, 2026, 2:00 PM CDT</time>.</p>',
		);
		expect(swapPage({ t: translator('fr'), timeZone: 'Europe/Paris' })).toMatch(
			/Vous pouvez modifier vos articles jusqu’au <time datetime="2026-03-10T19:00:00.000Z">10 mars 2026,? 20:00/,
		);
		for (const closesAt of [null, 'soon', '2026-03-10', '<b>']) expect(swapPage({ closesAt })).not.toContain('<time');
	});

	it('drops an action or a back link that is not http(s) or a path', () => {
		expect(swapPage({ action: 'javascript:alert(1)' })).toContain('<form method="post" action="">');
		expect(swapPage({ statusUrl: 'javascript:alert(1)' })).not.toContain('Back to my order');
	});

	it('a red border marks a choice the notice is about, as on a text field; a long title wraps on a phone', () => {
		const page = swapPage();
		expect(page).toMatch(/select\[aria-invalid=true\]\{border-color:#b91c1c;border-width:2px\}/);
		expect(page).toMatch(/\.swap-item\{max-width:100%;[^}]*overflow-wrap:anywhere\}/);
		expect(page).toMatch(/input\[type=tel\],select\{display:block;width:100%;min-height:44px;/);
	});
});

describe('the swap page in every language', () => {
	const everyVariant = (locale: string) => {
		const t = translator(locale);
		return [
			swapPage({ t, email: 'jane@example.com', lines: [{ ...RUNNER, selected: '40000000001' }, CAP, SOCKS] }),
			swapPage({ t, closesAt: null, lines: [] }),
			...SWAP_NOTICES.map((notice) => swapPage({ t, notice, fieldErrors: { email: 'too_long' } })),
		];
	};

	it.each(PAGE_LOCALES)('%s: renders without a missing message, complete and accessible', (locale) => {
		const pages = everyVariant(locale);
		expect(pages).toHaveLength(2 + SWAP_NOTICES.length);
		for (const page of pages) assertDocument(page, locale);
	});

	it.each(['de', 'es', 'fr'])('%s: the whole page in that language', (locale) => {
		const t = translator(locale);
		const page = swapPage({ t, notice: 'nothing_chosen', fieldErrors: { email: 'required' } });
		expect(page).toContain(`<h1>${t.t('swap.heading')}</h1>`);
		expect(page).toContain(`<button type="submit" class="button">${t.t('swap.submit')}</button>`);
		expect(labelText(page, 'swap-line-line_456')).toBe(t.t('swap.changeTo'));
		expect(optionsOf(page, 'line_456')[0].words).toBe(t.t('swap.keep', { variant: 'L / Blue' }));
		expect(optionsOf(page, 'line_457')[0].words).toBe(t.t('swap.keepCurrent'));
		expect(textOf(page)).toContain(t.t('swap.unavailable'));
		for (const english of [
			'Change size or color',
			'Change my items',
			'Change to',
			'Keep ',
			'Your 6 items',
			'No other size',
			'Please choose',
			'You can change items until',
			'Back to my order',
			'price stays',
		])
			expect(page).not.toContain(english);
	});

	it('es speaks to the customer as "tú", as the other pages do', () => {
		const es = translator('es');
		expect(es.t('swap.intro')).toMatch(/^Puedes /);
		expect(es.t('swap.notice.nothing_chosen')).toMatch(/^Elige /);
		expect(es.t('swap.notice.choice_gone')).toMatch(/elegiste/);
		for (const id of ['swap.intro', 'swap.notice.nothing_chosen', 'swap.notice.choice_gone', 'actions.swap.until'])
			expect(es.t(id, { time: 'x' })).not.toMatch(/\b(usted|puede|elija|eligió)\b/i);
	});
});

describe('the outcome page of a swap', () => {
	type OutcomeOpts = Parameters<typeof renderRequestOutcomePage>[0];
	const outcomePage = (extra: Partial<OutcomeOpts> = {}) =>
		renderRequestOutcomePage({
			t: en,
			branding: BRANDING,
			langLinks: LANG_LINKS,
			orderName: '#1001',
			kind: 'swap',
			outcome: 'applied',
			reasons: [],
			newAddress: null,
			swaps: [
				{ title: 'Trail Runner', from: 'L', to: 'M', quantity: 1 },
				{ title: 'Field Cap', from: null, to: 'Red', quantity: 2 },
			],
			statusUrl: STATUS_URL,
			...extra,
		});

	it('applied: says so, and lists each swapped line as "1 × Trail Runner: L → M"', () => {
		const page = outcomePage();
		assertDocument(page);
		expect(page).toContain('<h1>Your items have been changed</h1>');
		expect(page).toContain('<p class="lead">We’ll ship the new items below.</p>');
		expect(page).toContain(
			'<h2 id="swapped-items-heading">Your 3 changed items</h2>\n' +
				'<ul class="items"><li>1 × Trail Runner: L → M</li><li>2 × Field Cap: now Red</li></ul>',
		);
		expect(outcomePage({ swaps: [{ title: 'Mug', from: 'White', to: null, quantity: 1 }] })).toContain(
			'<h2 id="swapped-items-heading">Your changed item</h2>\n<ul class="items"><li>1 × Mug</li></ul>',
		);
		expect(opening(page, 'form')).toEqual([]);
	});

	it('lists nothing it cannot word, and nothing but on "applied" of a swap', () => {
		const odd = outcomePage({
			swaps: [
				{ title: '  ', from: 'L', to: 'M', quantity: 1 },
				{ title: 'Lid', from: 'L', to: 'M', quantity: 0 },
				{ title: 'Saucer', from: 'L', to: 'M', quantity: 1.5 },
				null,
				{ title: 'Spoon', from: 'L', to: 'M', quantity: 1 },
			] as never,
		});
		expect(odd).toContain('<ul class="items"><li>1 × Spoon: L → M</li></ul>');
		for (const extra of [
			{ swaps: undefined },
			{ swaps: null },
			{ swaps: [] },
			{ swaps: 'all' as never },
			{ outcome: 'pending_review' as const },
			{ outcome: 'refused' as const, reasons: ['shipped'] },
			{ outcome: 'received' as const },
			{ kind: 'address_change' as const },
			{ kind: 'cancel' as const },
		])
			expect(outcomePage(extra)).not.toContain('swapped-items');
	});

	it.each(['applied', 'pending_review', 'refused', 'received'] as const)(
		'%s: a headline of its own for a swap, in every language',
		(outcome) => {
			for (const locale of PAGE_LOCALES) {
				const t = translator(locale);
				const swap = t.t(`request.${outcome}.title`, { kind: 'swap' });
				expect(swap).not.toBe(t.t(`request.${outcome}.title`, { kind: 'address_change' }));
				expect(swap).not.toBe(t.t(`request.${outcome}.title`, { kind: 'cancel' }));
				const page = outcomePage({ t, outcome, reasons: ['shipped'] });
				assertDocument(page, locale);
				expect(page).toContain(`<h1>${swap}</h1>`);
			}
			expect(en.t('request.pending_review.title', { kind: 'swap' })).toBe(
				'We’ve received your request to change items',
			);
		},
	);

	it('every message that varies by kind has words for a swap, in every language', () => {
		for (const locale of PAGE_LOCALES) {
			const t = translator(locale);
			for (const id of [
				'status.pending.pending_review.title',
				'status.pending.received.title',
				'request.applied.title',
				'request.applied.body',
				'request.pending_review.title',
				'request.refused.title',
				'request.received.title',
				'request.reason.action_disabled',
				'request.reason.shipped',
				'request.reason.window_closed',
				'request.reason.other',
			]) {
				const swap = t.t(id, { kind: 'swap' });
				expect([id, swap]).not.toEqual([id, t.t(id, { kind: 'address_change' })]);
				expect([id, swap]).not.toEqual([id, t.t(id, { kind: 'cancel' })]);
			}
		}
	});
});

describe('the status page’s swap link and pending swap', () => {
	const status = (extra: Partial<Parameters<typeof renderStatusPage>[1]> = {}, locale = 'en') =>
		renderStatusPage(viewOf(), {
			t: translator(locale),
			branding: BRANDING,
			lookupUrl: '/webhook/order-status',
			langLinks: LANG_LINKS,
			...extra,
		});

	it('offers the swap with its deadline in the order’s zone, in the order given', () => {
		const page = status({
			actions: [
				{ kind: 'cancel', href: '/c', closesAt: null },
				{ kind: 'swap', href: '/webhook/order-swap?t=x', closesAt: '2026-03-10T19:00:00Z' },
			],
		});
		assertDocument(page);
		expect(page).toContain(
			'<ul class="actions-list"><li><a href="/c">Cancel the order</a></li>' +
				'<li><a href="/webhook/order-swap?t=x">Change size or color</a><p class="meta">You can change items until ' +
				'<time datetime="2026-03-10T19:00:00.000Z">Mar 10, 2026, 3:00 PM EDT</time></p></li></ul>',
		);
		expect(status({ actions: [{ kind: 'swap', href: 'javascript:alert(1)', closesAt: null }] })).not.toContain(
			'actions-heading',
		);
	});

	it.each(PAGE_LOCALES)('%s: the link and a pending swap in that language', (locale) => {
		const t = translator(locale);
		for (const outcome of ['pending_review', 'received'] as const) {
			const page = status(
				{ actions: [{ kind: 'swap', href: '/s', closesAt: null }], pendingRequest: { kind: 'swap', outcome } },
				locale,
			);
			assertDocument(page, locale);
			expect(page).toContain(`<a href="/s">${t.t('actions.swap.link')}</a>`);
			expect(textById(page, 'request-heading')).toBe(t.t(`status.pending.${outcome}.title`, { kind: 'swap' }));
		}
	});
});

describe('hostile values on the swap page', () => {
	function pageWith(s: string, locale = 'en'): string {
		return swapPage({
			t: translator(locale),
			orderName: s,
			lines: [
				{ ...RUNNER, title: s, variantTitle: s, choices: [{ value: '40000000001', label: s }], selected: s },
				{ ...CAP, field: s, title: s },
				{ ...SOCKS, title: s, variantTitle: s },
			],
			email: s,
			hidden: { [s]: s, csrf_token: s, t: s },
			action: s,
			statusUrl: s,
			closesAt: s,
			timeZone: s,
			notice: s as never,
			fieldErrors: { email: s, [s]: 'required' } as never,
			langLinks: [{ locale: s, href: s }],
			branding: { ...BRANDING, storeName: s },
		});
	}

	it.each(HOSTILE)('%s in a title, a variant name or any field renders as text', (s) => {
		const page = pageWith(s);
		assertInert(page);
		expect(page).not.toContain('<script>alert(1)</script>');
		expect(page).not.toContain('<img src=x');
		expect(tagsOf(page).filter((tag) => 'onerror' in tag.attributes)).toEqual([]);
		expect(opening(page, 'img').map((i) => i.attributes.src)).toEqual(['https://cdn.example.com/logo.png']);
		const text = textOf(page);
		expect(text).toContain(`Order ${s}`);
		expect(text).toContain(`2 × ${s} — ${s}`);
		expect(text).toContain(`3 × ${s} — ${s}`);
		expect(optionsOf(page, 'line_456').map((o) => o.words)).toEqual([`Keep ${s}`, s]);
		expect(optionsOf(page, 'line_456').filter((o) => o.selected)).toEqual([]);
		// The line with a hostile field name is not offered; the hidden entries go back unchanged.
		expect(selects(page).map((t) => t.attributes.name)).toEqual(['line_456']);
		expect(hiddenOf(page)[s]).toEqual([s]);
		expect(decode(visibleInputs(page)[0].attributes.value)).toBe(s);
		expect(page).not.toContain('role="alert"');
		expect(decode(opening(page, 'form')[0].attributes.action)).toBe(s.startsWith('javascript:') ? '' : s);
	});

	it('the escaped value is visible exactly as typed', () => {
		const page = pageWith('<script>alert(1)</script>');
		expect(page).toContain(
			'<legend class="swap-item">2 × &lt;script&gt;alert(1)&lt;/script&gt; — ' +
				'&lt;script&gt;alert(1)&lt;/script&gt;</legend>',
		);
		expect(page).toContain('<option value="40000000001">&lt;script&gt;alert(1)&lt;/script&gt;</option>');
		expect(page).toContain('<option value="">Keep &lt;script&gt;alert(1)&lt;/script&gt;</option>');
	});

	it('escapes the swapped lines on the outcome page', () => {
		const s = '"><img src=x onerror=alert(1)>';
		const page = renderRequestOutcomePage({
			t: en,
			branding: BRANDING,
			langLinks: LANG_LINKS,
			orderName: s,
			kind: 'swap',
			outcome: 'applied',
			reasons: [],
			newAddress: null,
			swaps: [{ title: s, from: s, to: s, quantity: 1 }],
			statusUrl: s,
		});
		assertInert(page);
		expect(textOf(page)).toContain(`1 × ${s}: ${s} → ${s}`);
		expect(tagsOf(page).filter((tag) => 'onerror' in tag.attributes)).toEqual([]);
	});

	it('property: any string anywhere, in any language, leaves the page well-formed and inert', () => {
		const anyText = fc.oneof(
			fc.string({ unit: 'grapheme', maxLength: 30 }),
			fc
				.array(fc.constantFrom('<', '>', '"', "'", '`', '&', '=', ' ', '/', 'script', 'on', 'javascript:', '\n'), {
					maxLength: 10,
				})
				.map((parts) => parts.join('')),
		);
		fc.assert(
			fc.property(anyText, fc.constantFrom(...PAGE_LOCALES), (s, locale) => assertInert(pageWith(s, locale))),
			{ numRuns: 60 },
		);
	});
});
