/**
 * The pages of the self-service address change: the form (labels, autofill, errors tied to their fields, the
 * notices), the carrier's suggestion (one form, both addresses, two buttons), the outcome (each refusal in
 * customer words, anything internal as one generic line), and the status page's actions and pending request.
 * Each in every language, and inert whatever goes into it.
 */
import fc from 'fast-check';
import {
	ADDRESS_FIELDS,
	ADDRESS_NOTICES,
	CANCEL_NOTICES,
	CANCEL_REASONS,
	PAGE_LOCALES,
	REQUEST_OUTCOMES,
	renderAddressChangePage,
	renderAddressSuggestionPage,
	renderCancelPage,
	renderRequestOutcomePage,
	renderStatusPage,
	translator,
	type AddressField,
	type AddressValues,
} from '../../../nodes/lib/pages';
import { contrastRatio } from '../../../nodes/lib/pages/html';
import { BRANDING, HOSTILE, LANG_LINKS, viewOf } from './fixtures';
import { assertInert, tagsOf, textOf } from './htmlScan';
import { assertDocument, decode, hiddenOf, labelText, opening, textById, visibleInputs } from './pageChecks';

const en = translator('en');
const ACTION = '/webhook/order-status';
const STATUS_URL = '/webhook/order-status?t=v1.1001.1780000000.sig';
const HIDDEN = { csrf_token: 'tok-123', t: 'v1.1001.1780000000.sig', step: 'address' };
const TYPED: AddressValues = {
	name: 'Jane Doe',
	address1: '500 north main street',
	address2: 'Apt 4',
	city: 'Springfield',
	provinceCode: 'IL',
	zip: '62704',
	countryCode: 'US',
	phone: '+1 555 0100',
};
const SUGGESTED: AddressValues = { ...TYPED, address1: '500 N MAIN ST', zip: '62704-1234' };
const KINDS = ['address_change', 'cancel', 'swap'] as const;
const REFUSAL_CODES = [
	'action_disabled',
	'cancelled',
	'returned',
	'delivered',
	'shipped',
	'new_address_missing',
	'address_unchanged',
	'address_invalid',
	'address_ambiguous',
	'window_closed',
];

/** Every outcome with every kind of request. */
const outcomeKinds = () => REQUEST_OUTCOMES.flatMap((outcome) => KINDS.map((kind) => [outcome, kind] as const));

type ChangeOpts = Parameters<typeof renderAddressChangePage>[0];
type SuggestionOpts = Parameters<typeof renderAddressSuggestionPage>[0];
type OutcomeOpts = Parameters<typeof renderRequestOutcomePage>[0];
type CancelOpts = Parameters<typeof renderCancelPage>[0];
const CANCEL_HIDDEN = { ...HIDDEN, step: 'cancel' };
const ITEMS = [
	{ title: 'Speckled mug', quantity: 2 },
	{ title: 'Gift wrap', quantity: 1 },
];

const changePage = (extra: Partial<ChangeOpts> = {}) =>
	renderAddressChangePage({
		t: en,
		branding: BRANDING,
		langLinks: LANG_LINKS,
		action: ACTION,
		hidden: HIDDEN,
		orderName: '#1001',
		values: {},
		fieldErrors: {},
		notice: null,
		closesAt: '2026-03-10T19:00:00.000Z',
		timeZone: 'America/Chicago',
		allowInsist: false,
		statusUrl: STATUS_URL,
		...extra,
	});
const suggestionPage = (extra: Partial<SuggestionOpts> = {}) =>
	renderAddressSuggestionPage({
		t: en,
		branding: BRANDING,
		langLinks: LANG_LINKS,
		action: ACTION,
		hidden: HIDDEN,
		orderName: '#1001',
		typed: TYPED,
		suggestion: SUGGESTED,
		changed: ['address1', 'zip'],
		statusUrl: STATUS_URL,
		...extra,
	});
const cancelPage = (extra: Partial<CancelOpts> = {}) =>
	renderCancelPage({
		t: en,
		branding: BRANDING,
		langLinks: LANG_LINKS,
		action: ACTION,
		hidden: CANCEL_HIDDEN,
		orderName: '#1001',
		items: ITEMS,
		fieldErrors: {},
		notice: null,
		closesAt: '2026-03-10T19:00:00.000Z',
		timeZone: 'America/Chicago',
		statusUrl: STATUS_URL,
		...extra,
	});
const outcomePage = (extra: Partial<OutcomeOpts> = {}) =>
	renderRequestOutcomePage({
		t: en,
		branding: BRANDING,
		langLinks: LANG_LINKS,
		orderName: '#1001',
		kind: 'address_change',
		outcome: 'applied',
		reasons: [],
		newAddress: TYPED,
		statusUrl: STATUS_URL,
		...extra,
	});

describe('the address change page', () => {
	it('is one form that posts to the given URL, carrying every hidden entry', () => {
		const page = changePage();
		assertDocument(page);
		expect(opening(page, 'form')).toEqual([
			{ name: 'form', closing: false, attributes: { method: 'post', action: ACTION } },
		]);
		expect(page).toContain('form-action &#39;self&#39;;');
		expect(hiddenOf(page)).toEqual({
			csrf_token: ['tok-123'],
			t: ['v1.1001.1780000000.sig'],
			step: ['address'],
		});
		expect(page).toContain('<h1>Change the delivery address</h1>');
		expect(page).toContain('<p class="eyebrow">Order #1001</p>');
		expect(page).toContain('<title>Change the delivery address · Acme Mugs</title>');
		expect(page).toContain('<button type="submit" class="button">Change the address</button>');
		expect(page).not.toContain('role="alert"');
		expect(tagsOf(page).filter((tag) => 'aria-invalid' in tag.attributes)).toEqual([]);
		// An absolute action is the only other place the form may post to.
		expect(changePage({ action: 'https://n8n.acme.example/webhook/x' })).toContain(
			'form-action &#39;self&#39; https://n8n.acme.example;',
		);
	});

	it('asks for the order’s email, then each address field, each labelled and filled by the browser', () => {
		const page = changePage({ allowInsist: true });
		const inputs = visibleInputs(page);
		expect(inputs.map((i) => [i.attributes.name, i.attributes.type, i.attributes.autocomplete])).toEqual([
			['email', 'email', 'email'],
			['name', 'text', 'shipping name'],
			['company', 'text', 'shipping organization'],
			['address1', 'text', 'shipping address-line1'],
			['address2', 'text', 'shipping address-line2'],
			['city', 'text', 'shipping address-level2'],
			['provinceCode', 'text', 'shipping address-level1'],
			['zip', 'text', 'shipping postal-code'],
			['countryCode', 'text', 'shipping country'],
			['phone', 'tel', 'shipping tel'],
			['insist', 'checkbox', undefined],
		]);
		expect(inputs.map((i) => labelText(page, i.attributes.id))).toEqual([
			'Email address on the order',
			'Full name',
			'Company (optional)',
			'Street address',
			'Apartment, suite, unit, etc. (optional)',
			'City',
			'State / province code',
			'ZIP / postal code',
			'Country (2-letter code, e.g. US)',
			'Phone (optional)',
			'Use the address exactly as I typed it',
		]);
		expect(inputs.filter((i) => 'required' in i.attributes).map((i) => i.attributes.name)).toEqual([
			'email',
			'name',
			'address1',
			'city',
			'countryCode',
		]);
		// The address is one group, named by its legend.
		expect(page).toMatch(/<fieldset>\n<legend>New delivery address<\/legend>/);
		expect(page).toContain(
			'<input type="checkbox" id="insist" name="insist" value="1" aria-describedby="insist-hint">',
		);
		expect(textById(page, 'insist-hint')).toMatch(/^Only if you’re sure it’s right/);
		// A country name typed in full reaches the handler whole (no maxlength of 2 cutting "Germany" to "GE").
		expect(Number(inputs.find((i) => i.attributes.name === 'countryCode')!.attributes.maxlength)).toBeGreaterThan(2);
	});

	it('shows the insist checkbox only when the handler allows it', () => {
		expect(changePage({ allowInsist: false })).not.toContain('name="insist"');
		expect(visibleInputs(changePage({ allowInsist: false })).map((i) => i.attributes.name)).toEqual([
			'email',
			...ADDRESS_FIELDS,
		]);
	});

	it('gives back what the customer typed, field by field', () => {
		const page = changePage({ values: { ...TYPED, company: 'Acme & Sons "West"' } });
		const byName = Object.fromEntries(visibleInputs(page).map((i) => [i.attributes.name, decode(i.attributes.value)]));
		expect(byName).toEqual({ email: '', ...TYPED, company: 'Acme & Sons "West"' });
	});

	it.each(
		(['email', ...ADDRESS_FIELDS] as const).flatMap((field) =>
			(['required', 'too_long', 'not_a_country'] as const).map((error) => [field, error] as const),
		),
	)('%s %s: the field is invalid and described by its message, and the alert links to it', (field, error) => {
		const page = changePage({ fieldErrors: { [field]: error } });
		assertDocument(page);
		const id = field === 'email' ? 'email' : `address-${field}`;
		const input = visibleInputs(page).find((i) => i.attributes.name === field)!;
		expect(input.attributes.id).toBe(id);
		expect(input.attributes['aria-invalid']).toBe('true');
		expect(input.attributes['aria-describedby'].split(' ')).toContain(`${id}-error`);
		const message = en.t(`address.error.${error}`, { field });
		expect(textById(page, `${id}-error`)).toBe(message);
		// Only that field is marked.
		expect(visibleInputs(page).filter((i) => i.attributes['aria-invalid'] === 'true')).toHaveLength(1);
		// The alert at the top names the field and links to it.
		const label = field === 'email' ? 'Email address on the order' : en.t(`address.field.${field}`);
		expect(page).toContain(`<li><a href="#${id}">${label}: ${message}</a></li>`);
		expect(page).toContain('<p>Please check this field:</p>');
	});

	it('words a missing field by what it is, and counts the fields to fix', () => {
		const page = changePage({ fieldErrors: { city: 'required', countryCode: 'not_a_country', zip: 'too_long' } });
		expect(textById(page, 'address-city-error')).toBe('Enter the city.');
		expect(textById(page, 'address-countryCode-error')).toBe(
			'Enter the country as a 2-letter code, for example US, CA or GB.',
		);
		expect(textById(page, 'address-zip-error')).toBe('This is too long. Please shorten it.');
		expect(page).toContain('<p>Please check these 3 fields:</p>');
		// Listed in the order of the form, not of the object.
		const links = [...page.matchAll(/<li><a href="#([^"]+)">/g)].map((m) => m[1]);
		expect(links).toEqual(['address-city', 'address-zip', 'address-countryCode']);
		// Punctuation follows the language (French puts a no-break space before the colon).
		expect(changePage({ t: translator('fr'), fieldErrors: { city: 'required' } })).toContain(
			'<li><a href="#address-city">Ville\u00a0: Saisissez la ville.</a></li>',
		);
	});

	it('ignores field errors it has no words for', () => {
		const page = changePage({ fieldErrors: { city: 'pwned' as never, nope: 'required' } as never });
		expect(tagsOf(page).filter((tag) => 'aria-invalid' in tag.attributes)).toEqual([]);
		expect(page).not.toContain('role="alert"');
	});

	it.each(ADDRESS_NOTICES)('notice %s: its own words in every language, in an alert', (notice) => {
		for (const locale of PAGE_LOCALES) {
			const t = translator(locale);
			const page = changePage({ t, notice });
			expect(page).toContain(
				`<div class="alert" id="address-notice" role="alert">\n<p>${t.t(`address.notice.${notice}`)}</p>`,
			);
		}
		expect(new Set(ADDRESS_NOTICES.map((n) => en.t(`address.notice.${n}`))).size).toBe(ADDRESS_NOTICES.length);
	});

	it('a wrong email marks the email field and points it at the notice; the carrier’s verdicts, the address', () => {
		const mismatch = changePage({ notice: 'email_mismatch' });
		const email = visibleInputs(mismatch)[0];
		expect(email.attributes['aria-invalid']).toBe('true');
		expect(email.attributes['aria-describedby']).toBe('email-hint address-notice');
		expect(mismatch).toContain('<fieldset>');
		for (const notice of ['address_invalid', 'address_ambiguous'] as const) {
			const page = changePage({ notice });
			expect(page).toContain('<fieldset aria-describedby="address-notice">');
			expect(visibleInputs(page)[0].attributes['aria-invalid']).toBeUndefined();
		}
		expect(changePage({ notice: 'pwned' as never })).not.toContain('role="alert"');
	});

	it('shows the deadline in the given zone, as words and as machine-readable time', () => {
		expect(changePage()).toContain(
			'<p class="meta">You can make this change until <time datetime="2026-03-10T19:00:00.000Z">' +
				'Mar 10, 2026, 2:00 PM CDT</time>.</p>',
		);
		expect(changePage({ timeZone: 'Europe/Berlin', t: translator('de') })).toMatch(
			/Sie können diese Änderung bis zum <time datetime="2026-03-10T19:00:00.000Z">10\. März 2026, 20:00/,
		);
		for (const closesAt of [null, 'soon', '2026-03-10', '<b>']) expect(changePage({ closesAt })).not.toContain('<time');
	});

	it('links back to the order, and drops a link or action that is not http(s) or a path', () => {
		expect(changePage()).toContain(`<p class="back"><a href="${STATUS_URL}">Back to my order</a></p>`);
		expect(changePage({ statusUrl: 'javascript:alert(1)' })).not.toContain('Back to my order');
		expect(changePage({ action: 'javascript:alert(1)' })).toContain('<form method="post" action="">');
	});
});

describe('the cancel page', () => {
	const options = (page: string) =>
		[...page.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => ({
			value: m[1],
			selected: m[2] !== undefined,
			words: decode(m[3]),
		}));
	/** Every element that points at the alert. */
	const pointingAtNotice = (page: string) =>
		tagsOf(page)
			.filter((tag) => (tag.attributes['aria-describedby'] ?? '').split(' ').includes('cancel-notice'))
			.map((tag) => tag.attributes.name);

	it('is one form that posts to the given URL, carrying every hidden entry, and says what cancelling does', () => {
		const page = cancelPage();
		assertDocument(page);
		expect(opening(page, 'form')).toEqual([
			{ name: 'form', closing: false, attributes: { method: 'post', action: ACTION } },
		]);
		expect(page).toContain('form-action &#39;self&#39;;');
		expect(hiddenOf(page)).toEqual({ csrf_token: ['tok-123'], t: ['v1.1001.1780000000.sig'], step: ['cancel'] });
		expect(page).toContain('<p class="eyebrow">Order #1001</p>\n<h1>Cancel this order</h1>');
		expect(page).toContain('<title>Cancel this order · Acme Mugs</title>');
		const lead = textOf(/<p class="lead">([\s\S]*?)<\/p>/.exec(page)![1]);
		expect(lead).toMatch(/cancel your order/);
		expect(lead).toMatch(/refund your payment to the original payment method/);
		expect(lead).toMatch(/confirmation by email\.$/);
		expect(page).toContain('<button type="submit" class="button">Cancel my order</button>');
		expect(page).not.toContain('role="alert"');
		expect(tagsOf(page).filter((tag) => 'aria-invalid' in tag.attributes)).toEqual([]);
		expect(cancelPage({ action: 'https://n8n.acme.example/webhook/x' })).toContain(
			'form-action &#39;self&#39; https://n8n.acme.example;',
		);
	});

	it('asks for the order’s email, an optional reason and a confirmation, each labelled', () => {
		const page = cancelPage();
		const controls = tagsOf(page).filter(
			(tag) => !tag.closing && (tag.name === 'select' || (tag.name === 'input' && tag.attributes.type !== 'hidden')),
		);
		expect(controls.map((c) => [c.name, c.attributes.name, c.attributes.type, 'required' in c.attributes])).toEqual([
			['input', 'email', 'email', true],
			['select', 'reason', undefined, false],
			['input', 'confirm', 'checkbox', true],
		]);
		expect(controls.map((c) => labelText(page, c.attributes.id))).toEqual([
			'Email address on the order',
			'Why are you canceling? (optional)',
			'I understand that this cancels my whole order',
		]);
		expect(visibleInputs(page)[0].attributes.autocomplete).toBe('email');
		// The box sends confirm=1, must be ticked, and is never ticked for the customer.
		expect(page).toContain(
			'<input type="checkbox" id="confirm" name="confirm" value="1" required aria-describedby="confirm-hint">',
		);
		expect(textById(page, 'confirm-hint')).toBe('To cancel only some of the items, please contact us instead.');
		expect(textById(page, 'cancel-reason-hint')).toMatch(/^Your answer helps us improve/);
		const everything = cancelPage({ email: 'jane@example.com', reason: 'other', notice: 'session_expired' });
		expect(opening(everything, 'input').filter((i) => 'checked' in i.attributes)).toEqual([]);
	});

	it('offers the reasons after an empty first choice, none chosen unless the customer chose one', () => {
		expect(options(cancelPage())).toEqual([
			{ value: '', selected: false, words: 'Choose a reason (optional)' },
			{ value: 'changed_mind', selected: false, words: 'I changed my mind' },
			{ value: 'ordered_by_mistake', selected: false, words: 'I ordered by mistake' },
			{ value: 'found_cheaper', selected: false, words: 'I found a better price elsewhere' },
			{ value: 'delivery_too_slow', selected: false, words: 'Delivery would take too long' },
			{ value: 'other', selected: false, words: 'Another reason' },
		]);
		expect(CANCEL_REASONS).toEqual([
			'changed_mind',
			'ordered_by_mistake',
			'found_cheaper',
			'delivery_too_slow',
			'other',
		]);
		for (const reason of CANCEL_REASONS)
			expect(
				options(cancelPage({ reason }))
					.filter((o) => o.selected)
					.map((o) => o.value),
			).toEqual([reason]);
		for (const reason of ['pwned', '', null, 3])
			expect(options(cancelPage({ reason: reason as never })).filter((o) => o.selected)).toEqual([]);
		expect(opening(cancelPage(), 'select')).toHaveLength(1);
	});

	it('prefills the email it is given, and nothing for anything else', () => {
		expect(visibleInputs(cancelPage({ email: 'jane@example.com' }))[0].attributes.value).toBe('jane@example.com');
		expect(visibleInputs(cancelPage({ email: 'a"b@example.com' }))[0].attributes.value).toBe('a&quot;b@example.com');
		for (const email of [undefined, null, 42])
			expect(visibleInputs(cancelPage({ email: email as never }))[0].attributes.value).toBe('');
	});

	it('a hidden entry named like one of the form’s own fields is not sent twice', () => {
		const page = cancelPage({ hidden: { ...CANCEL_HIDDEN, email: 'evil@x', reason: 'other', confirm: '1' } });
		expect(Object.keys(hiddenOf(page)).sort()).toEqual(['csrf_token', 'step', 't']);
		expect(opening(page, 'input').filter((i) => i.attributes.name === 'confirm')).toHaveLength(1);
	});

	it.each(['required', 'too_long'] as const)(
		'email %s: the field is invalid and described by its message, and the alert links to it',
		(error) => {
			const page = cancelPage({ fieldErrors: { email: error } });
			assertDocument(page);
			const email = visibleInputs(page)[0];
			expect(email.attributes['aria-invalid']).toBe('true');
			expect(email.attributes['aria-describedby']).toBe('email-hint email-error');
			const message = en.t(`address.error.${error}`, { field: 'email' });
			expect(textById(page, 'email-error')).toBe(message);
			expect(page).toContain(`<div class="alert" id="cancel-notice" role="alert">`);
			expect(page).toContain(`<li><a href="#email">Email address on the order: ${message}</a></li>`);
			expect(page).toContain('<p>Please check this field:</p>');
		},
	);

	it('ignores an email error it has no words for here, and errors about fields it does not have', () => {
		const page = cancelPage({ fieldErrors: { email: 'not_a_country', city: 'required', zip: 'too_long' } as never });
		expect(tagsOf(page).filter((tag) => 'aria-invalid' in tag.attributes)).toEqual([]);
		expect(page).not.toContain('role="alert"');
	});

	it.each(CANCEL_NOTICES)('notice %s: its own words in every language, in an alert', (notice) => {
		for (const locale of PAGE_LOCALES) {
			const t = translator(locale);
			const page = cancelPage({ t, notice });
			const id = notice === 'confirm_missing' ? 'cancel.notice.confirm_missing' : `address.notice.${notice}`;
			expect(page).toContain(`<div class="alert" id="cancel-notice" role="alert">\n<p>${t.t(id)}</p>\n</div>`);
		}
		const words = CANCEL_NOTICES.map((n) => textById(cancelPage({ notice: n }), 'cancel-notice'));
		expect(new Set(words).size).toBe(CANCEL_NOTICES.length);
	});

	it('each notice is pointed at by the field it is about, and only by it', () => {
		const mismatch = cancelPage({ notice: 'email_mismatch' });
		expect(pointingAtNotice(mismatch)).toEqual(['email']);
		expect(visibleInputs(mismatch)[0].attributes['aria-describedby']).toBe('email-hint cancel-notice');
		expect(visibleInputs(mismatch)[0].attributes['aria-invalid']).toBe('true');
		const unticked = cancelPage({ notice: 'confirm_missing' });
		expect(pointingAtNotice(unticked)).toEqual(['confirm']);
		expect(unticked).toContain(
			'<input type="checkbox" id="confirm" name="confirm" value="1" required' +
				' aria-describedby="confirm-hint cancel-notice" aria-invalid="true">',
		);
		expect(textById(unticked, 'cancel-notice')).toBe(
			'Please check the box to confirm that you want to cancel your whole order.',
		);
		// The rest are about the request as a whole: shown, pointed at by nothing, marking nothing invalid.
		for (const notice of ['session_expired', 'rate_limited', 'bad_request'] as const) {
			const page = cancelPage({ notice });
			expect(page).toContain('role="alert"');
			expect(pointingAtNotice(page)).toEqual([]);
			expect(tagsOf(page).filter((tag) => 'aria-invalid' in tag.attributes)).toEqual([]);
		}
		// A notice of the address form's own (the carrier's verdicts) or anything else is no notice here.
		for (const notice of ['address_invalid', 'validation_unavailable', 'pwned'])
			expect(cancelPage({ notice: notice as never })).not.toContain('role="alert"');
	});

	it('a notice and an email error share the one alert', () => {
		const page = cancelPage({ notice: 'confirm_missing', fieldErrors: { email: 'required' } });
		expect(opening(page, 'div').filter((d) => d.attributes.role === 'alert')).toHaveLength(1);
		expect(textById(page, 'cancel-notice')).toMatch(/^Please check the box .* Please check this field: Email address/);
		expect(visibleInputs(page)[0].attributes['aria-describedby']).toBe('email-hint email-error');
	});

	it('shows the deadline in the given zone, as words and as machine-readable time', () => {
		expect(cancelPage()).toContain(
			'<p class="meta">You can cancel until <time datetime="2026-03-10T19:00:00.000Z">' +
				'Mar 10, 2026, 2:00 PM CDT</time>.</p>',
		);
		expect(cancelPage({ timeZone: 'Europe/Berlin', t: translator('de') })).toMatch(
			/Sie können bis zum <time datetime="2026-03-10T19:00:00.000Z">10\. März 2026, 20:00 MEZ<\/time> stornieren\./,
		);
		expect(cancelPage({ timeZone: 'Not/AZone' })).toContain('Mar 10, 2026, 7:00 PM UTC</time>');
		for (const closesAt of [null, 'soon', '2026-03-10', '<b>']) expect(cancelPage({ closesAt })).not.toContain('<time');
	});

	it('lists the order’s items with their quantities, before the form', () => {
		const page = cancelPage();
		expect(page).toContain(
			'<h2 id="cancel-items-heading">What’s in this order</h2>\n' +
				'<ul class="items"><li>2 × Speckled mug</li><li>1 × Gift wrap</li></ul>',
		);
		expect(page.indexOf('cancel-items-heading')).toBeLessThan(page.indexOf('<form'));
		expect(cancelPage({ t: translator('de'), items: [{ title: 'Tasse', quantity: 1200 }] })).toContain(
			'<li>1.200 × Tasse</li>',
		);
	});

	it('lists ten items, then how many more; leaves out lines without a title and quantities that are no count', () => {
		const many = Array.from({ length: 13 }, (_, i) => ({ title: `Mug ${i + 1}`, quantity: 1 }));
		const page = cancelPage({ items: many });
		const items = [...page.matchAll(/<li( class="more")?>([^<]*)<\/li>/g)].map((m) => m[2]);
		expect(items).toEqual([...many.slice(0, 10).map((item) => `1 × ${item.title}`), 'and 3 more items']);
		expect(cancelPage({ items: many.slice(0, 11) })).toContain('<li class="more">and 1 more item</li>');
		expect(cancelPage({ items: many.slice(0, 10) })).not.toContain('class="more"');
		const odd = cancelPage({
			items: [
				{ title: '  ', quantity: 1 },
				{ title: 42, quantity: 1 },
				null,
				{ title: 'Lid', quantity: 0 },
				{ title: 'Saucer', quantity: 1.5 },
				{ title: 'Spoon', quantity: '2' },
			] as never,
		});
		expect(odd).toContain('<ul class="items"><li>Lid</li><li>Saucer</li><li>Spoon</li></ul>');
		for (const items of [undefined, null, [], [{ title: '', quantity: 1 }], 'mugs'])
			expect(cancelPage({ items: items as never })).not.toContain('cancel-items-heading');
	});

	it('links back to the order, and drops a link or action that is not http(s) or a path', () => {
		expect(cancelPage()).toContain(`<p class="back"><a href="${STATUS_URL}">Back to my order</a></p>`);
		expect(cancelPage({ statusUrl: 'javascript:alert(1)' })).not.toContain('Back to my order');
		expect(cancelPage({ action: 'javascript:alert(1)' })).toContain('<form method="post" action="">');
	});

	it.each(['de', 'es', 'fr'])('%s: the whole page in that language', (locale) => {
		const t = translator(locale);
		const page = cancelPage({ t, notice: 'confirm_missing', fieldErrors: { email: 'required' } });
		assertDocument(page, locale);
		expect(page).toContain(`<h1>${t.t('cancel.heading')}</h1>`);
		expect(page).toContain(`<button type="submit" class="button">${t.t('cancel.submit')}</button>`);
		expect(labelText(page, 'confirm')).toBe(t.t('cancel.confirm'));
		expect(options(page).map((o) => o.words)).toEqual([
			t.t('cancel.reasonChoose'),
			...CANCEL_REASONS.map((r) => t.t(`cancel.reason.${r}`)),
		]);
		for (const english of [
			'Cancel this order',
			'Cancel my order',
			'Why are you canceling',
			'Choose a reason',
			'I changed my mind',
			'I understand',
			'What’s in this order',
			'check the box',
			'You can cancel until',
		])
			expect(page).not.toContain(english);
	});

	it('the select is as big and as visibly focused as a text field; an unticked box gets an outline', () => {
		const page = cancelPage();
		expect(page).toMatch(/input\[type=tel\],select\{display:block;width:100%;min-height:44px;/);
		expect(page).toMatch(/select:focus-visible/);
		expect(page).toMatch(/\.check input\[aria-invalid=true\]\{outline:2px solid #b91c1c/);
		expect(contrastRatio('#b91c1c', '#ffffff')).toBeGreaterThanOrEqual(3);
	});
});

describe('the suggestion page', () => {
	it('is one form posting to the given URL with both addresses: typed as the fields, suggested as s_<field>', () => {
		const page = suggestionPage();
		assertDocument(page);
		expect(opening(page, 'form')).toEqual([
			{ name: 'form', closing: false, attributes: { method: 'post', action: ACTION } },
		]);
		const hidden = hiddenOf(page);
		expect(hidden).toEqual({
			csrf_token: ['tok-123'],
			t: ['v1.1001.1780000000.sig'],
			step: ['address'],
			...Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, [TYPED[f] ?? '']])),
			...Object.fromEntries(ADDRESS_FIELDS.map((f) => [`s_${f}`, [SUGGESTED[f] ?? '']])),
		});
		expect(hidden.address1).toEqual(['500 north main street']);
		expect(hidden.s_address1).toEqual(['500 N MAIN ST']);
		expect(hidden.s_zip).toEqual(['62704-1234']);
		expect(visibleInputs(page)).toEqual([]);
	});

	it('has two submit buttons in that form: the suggestion (primary, first) and the typed address', () => {
		const page = suggestionPage();
		const tags = tagsOf(page);
		const formOpen = tags.findIndex((t) => t.name === 'form' && !t.closing);
		const formClose = tags.findIndex((t) => t.name === 'form' && t.closing);
		const buttons = tags.map((t, i) => ({ t, i })).filter(({ t }) => t.name === 'button' && !t.closing);
		expect(buttons.map(({ t }) => t.attributes)).toEqual([
			{ type: 'submit', name: 'choice', value: 'suggestion', class: 'button' },
			{ type: 'submit', name: 'choice', value: 'typed', class: 'button secondary' },
		]);
		for (const { i } of buttons) expect(i > formOpen && i < formClose).toBe(true);
		expect(page).toMatch(/value="suggestion" class="button">Use the suggested address<\/button>/);
		expect(page).toMatch(/value="typed" class="button secondary">Keep my address<\/button>/);
	});

	it('shows both addresses side by side, each under its heading, the countries named', () => {
		const page = suggestionPage();
		expect(page).toContain('<div class="compare">');
		expect(page).toContain('<h2 id="suggested-heading">Suggested by the carrier</h2>');
		expect(page).toContain('<h2 id="typed-heading">As you entered it</h2>');
		const [suggested, typed] = [...page.matchAll(/<p class="address">([\s\S]*?)<\/p>/g)].map((m) =>
			textOf(m[1]).trim(),
		);
		expect(suggested).toBe(
			'Jane Doe 500 N MAIN ST (different) Apt 4 Springfield, IL 62704-1234 (different) United States +1 555 0100',
		);
		expect(typed).toBe(
			'Jane Doe 500 north main street (different) Apt 4 Springfield, IL 62704 (different) United States +1 555 0100',
		);
		expect(suggestionPage({ t: translator('es') })).toContain('Estados Unidos');
		expect(suggestionPage({ t: translator('de') })).toContain('Vereinigte Staaten');
	});

	it('marks the changed fields in both addresses, by weight and words as well as colour', () => {
		const page = suggestionPage({ changed: ['address1', 'zip', 'nope' as AddressField] });
		expect(opening(page, 'mark').map((m) => m.attributes.class)).toEqual(['changed', 'changed', 'changed', 'changed']);
		expect(page).toContain(
			'<mark class="changed">500 N MAIN ST</mark><span class="visually-hidden"> (different)</span>',
		);
		expect(page).toContain('<mark class="changed">62704</mark><span class="visually-hidden"> (different)</span>');
		expect(page).toContain('<p class="meta">The differences are shown in bold and underlined.</p>');
		expect(page).toMatch(/mark\.changed\{[^}]*font-weight:700;text-decoration:underline/);
		const none = suggestionPage({ changed: [] });
		expect(none).not.toContain('<mark');
		expect(none).not.toContain('The differences are shown');
	});

	it('a hidden entry named like one of the form’s own fields is not sent twice', () => {
		const page = suggestionPage({ hidden: { ...HIDDEN, address1: 'evil', s_zip: 'evil', choice: 'typed' } });
		const hidden = hiddenOf(page);
		expect(hidden.address1).toEqual(['500 north main street']);
		expect(hidden.s_zip).toEqual(['62704-1234']);
		expect(hidden.choice).toBeUndefined();
	});
});

describe('the colours the request pages add', () => {
	it('read at 4.5:1 or better: error text and alert links, text on the highlight and on the request box', () => {
		expect(contrastRatio('#b91c1c', '#ffffff')).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio('#b91c1c', '#fef2f2')).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio('#1f2937', '#fef3c7')).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio('#1f2937', '#f3f4f6')).toBeGreaterThanOrEqual(4.5);
		expect(changePage()).toMatch(/\.error\{[^}]*color:#b91c1c/);
		expect(changePage()).toMatch(/\.alert a\{color:#b91c1c\}/);
		expect(changePage()).toMatch(/\.request\{[^}]*background:#f3f4f6\}/);
	});
});

describe('the outcome page', () => {
	const combos = outcomeKinds();

	it.each(combos)('%s, %s: its own headline and what happens next', (outcome, kind) => {
		const page = outcomePage({ outcome, kind, reasons: outcome === 'refused' ? ['shipped'] : [] });
		assertDocument(page);
		expect(page).toContain(`<h1>${en.t(`request.${outcome}.title`, { kind })}</h1>`);
		expect(page).toContain(`<p class="lead">${en.t(`request.${outcome}.body`, { kind })}</p>`);
		expect(page).toContain(`<p class="back"><a href="${STATUS_URL}">Back to my order</a></p>`);
		expect(opening(page, 'form')).toEqual([]);
		expect(page).toContain('form-action &#39;none&#39;');
	});

	it('every outcome and kind reads differently', () => {
		const headlines = combos.map(([outcome, kind]) => en.t(`request.${outcome}.title`, { kind }));
		expect(new Set(headlines).size).toBe(combos.length);
		expect(en.t('request.applied.title', { kind: 'address_change' })).toBe('Your delivery address has been changed');
		expect(en.t('request.applied.title', { kind: 'cancel' })).toBe('Your order has been canceled');
	});

	it('"received" says what happens next, never that something failed', () => {
		const text = textOf(outcomePage({ outcome: 'received' }));
		expect(text).toContain('We’re taking care of your address change');
		expect(text).toContain('paused your order while our team finishes it');
		expect(text).not.toMatch(/error|fail|wrong/i);
		// An outcome the page does not know is worded the same way.
		expect(outcomePage({ outcome: 'exploded' as never })).toContain(
			'<h1>We’re taking care of your address change</h1>',
		);
	});

	it('lists each refusal reason once, in customer words; unknown and internal codes become one generic line', () => {
		const page = outcomePage({
			outcome: 'refused',
			reasons: [
				'shipped',
				'country_change',
				'warehouse_picking',
				'window_closed',
				'shipped',
				'order_value_above_limit',
			],
		});
		const items = [...page.matchAll(/<ul class="reasons">([\s\S]*?)<\/ul>/g)].flatMap((m) =>
			[...m[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((li) => textOf(li[1]).trim()),
		);
		expect(items).toEqual([
			'Your order has already shipped, so its address can no longer be changed.',
			'This order’s address can’t be changed online anymore.',
			'The time to change this order’s address online has passed.',
		]);
		expect(page).toContain('<p class="lead">We’re sorry about that. Here’s why:</p>\n<ul class="reasons"><li>');
		for (const internal of ['country_change', 'warehouse', 'order_value', 'risk']) expect(page).not.toContain(internal);
		const none = outcomePage({ outcome: 'refused', reasons: [] });
		expect(none).toContain('<li>This order’s address can’t be changed online anymore.</li>');
		expect(outcomePage({ outcome: 'refused', reasons: 'shipped' as never })).toContain('online anymore.</li>');
	});

	it.each(REFUSAL_CODES)('refusal %s has its own words for each kind, in every language', (code) => {
		for (const locale of PAGE_LOCALES) {
			const t = translator(locale);
			for (const kind of KINDS) {
				const words = t.t(`request.reason.${code}`, { kind });
				expect(words).not.toBe(t.t('request.reason.other', { kind }));
				const page = outcomePage({ t, outcome: 'refused', kind, reasons: [code] });
				expect(page).toContain(`<ul class="reasons"><li>${words}</li></ul>`);
			}
		}
		const all = REFUSAL_CODES.map((c) => en.t(`request.reason.${c}`, { kind: 'address_change' }));
		expect(new Set(all).size).toBe(REFUSAL_CODES.length);
	});

	it('shows the new address when it was applied or is being reviewed, and only for an address change', () => {
		for (const outcome of ['applied', 'pending_review'] as const) {
			const page = outcomePage({ outcome });
			expect(page).toContain('<h2 id="new-address-heading">New delivery address</h2>');
			expect(textOf(page)).toContain('Jane Doe 500 north main street Apt 4 Springfield, IL 62704 United States');
			expect(page).not.toContain('<mark');
		}
		for (const extra of [
			{ outcome: 'refused' as const },
			{ outcome: 'received' as const },
			{ outcome: 'applied' as const, kind: 'cancel' as const },
			{ outcome: 'applied' as const, newAddress: null },
			{ outcome: 'applied' as const, newAddress: { name: '  ' } },
		])
			expect(outcomePage(extra)).not.toContain('New delivery address');
	});
});

describe('the status page’s actions and pending request', () => {
	const status = (extra: Partial<Parameters<typeof renderStatusPage>[1]> = {}, locale = 'en') =>
		renderStatusPage(viewOf(), {
			t: translator(locale),
			branding: BRANDING,
			lookupUrl: '/webhook/order-status',
			langLinks: LANG_LINKS,
			...extra,
		});

	it('offers the address change with its deadline in the order’s zone', () => {
		const page = status({
			actions: [
				{ kind: 'address_change', href: '/webhook/order-status?t=x&step=address', closesAt: '2026-03-10T19:00:00Z' },
			],
		});
		assertDocument(page);
		expect(page).toContain('<h2 id="actions-heading">Need to change something?</h2>');
		expect(page).toContain(
			'<ul class="actions-list"><li><a href="/webhook/order-status?t=x&amp;step=address">' +
				'Change the delivery address</a><p class="meta">You can change it until ' +
				'<time datetime="2026-03-10T19:00:00.000Z">Mar 10, 2026, 3:00 PM EDT</time></p></li></ul>',
		);
		// viewOf's zone is New York: the view's zone decides, not the server's.
		expect(viewOf().timeZone).toBe('America/New_York');
		const noDeadline = status({ actions: [{ kind: 'address_change', href: '/a', closesAt: null }] });
		expect(noDeadline).toContain('<li><a href="/a">Change the delivery address</a></li>');
		expect(noDeadline).not.toContain('<time datetime="2026-03-10T19');
	});

	it('offers the cancellation with its deadline in the order’s zone, after the address change as given', () => {
		const page = status({
			actions: [
				{ kind: 'address_change', href: '/a', closesAt: null },
				{ kind: 'cancel', href: '/webhook/order-status?t=x&step=cancel', closesAt: '2026-03-10T19:00:00Z' },
			],
		});
		assertDocument(page);
		expect(page).toContain(
			'<ul class="actions-list"><li><a href="/a">Change the delivery address</a></li>' +
				'<li><a href="/webhook/order-status?t=x&amp;step=cancel">Cancel the order</a><p class="meta">' +
				'You can cancel it until <time datetime="2026-03-10T19:00:00.000Z">Mar 10, 2026, 3:00 PM EDT</time>' +
				'</p></li></ul>',
		);
		const alone = status({ actions: [{ kind: 'cancel', href: '/c', closesAt: null }] });
		expect(alone).toContain('<ul class="actions-list"><li><a href="/c">Cancel the order</a></li></ul>');
		expect(alone).not.toContain('Change the delivery address');
		// The caller's order is the page's order.
		const reversed = status({
			actions: [
				{ kind: 'cancel', href: '/c', closesAt: null },
				{ kind: 'address_change', href: '/a', closesAt: null },
			],
		});
		expect(reversed.indexOf('Cancel the order')).toBeLessThan(reversed.indexOf('Change the delivery address'));
	});

	it.each(['javascript:alert(1)', '//evil.example', 'data:text/html,x'])(
		'a cancel link to %s is left out, and the address change beside it stays',
		(href) => {
			const page = status({
				actions: [
					{ kind: 'cancel', href, closesAt: null },
					{ kind: 'address_change', href: '/a', closesAt: null },
				],
			});
			expect(page).not.toContain('Cancel the order');
			expect(page).toContain('<li><a href="/a">Change the delivery address</a></li>');
		},
	);

	it.each([
		['no actions', undefined],
		['an empty list', []],
		['a javascript: link', [{ kind: 'address_change', href: 'javascript:alert(1)', closesAt: null }]],
		['another host that looks like a path', [{ kind: 'address_change', href: '//evil.example', closesAt: null }]],
		['a kind the page does not know', [{ kind: 'return', href: '/a', closesAt: null }]],
		['a cancel link to another host', [{ kind: 'cancel', href: '//evil.example', closesAt: null }]],
		['an action that is no object', [null, 'cancel']],
	])('%s: no actions section', (_, actions) => {
		const page = status({ actions: actions as never });
		expect(page).not.toContain('actions-heading');
		expect(page).not.toContain('Change the delivery address');
		expect(page).not.toContain('Cancel the order');
	});

	it.each([
		['pending_review', 'address_change', 'Your request to change the address is being reviewed'],
		['pending_review', 'cancel', 'Your request to cancel this order is being reviewed'],
		['received', 'address_change', 'We’re finishing your address change'],
		['received', 'cancel', 'We’re finishing your cancellation'],
	] as const)('a request %s (%s) is announced before anything else', (outcome, kind, words) => {
		const page = status({ pendingRequest: { kind, outcome } });
		assertDocument(page);
		expect(page).toContain(
			`<section class="request" aria-labelledby="request-heading">\n<h2 id="request-heading">${words}</h2>`,
		);
		expect(page.indexOf('request-heading')).toBeLessThan(page.indexOf('parcels-heading'));
		expect(textById(page, 'request-heading')).toBe(words);
	});

	it('no pending request, or one the page does not know, shows nothing', () => {
		expect(status()).not.toContain('request-heading');
		expect(status({ pendingRequest: null })).not.toContain('request-heading');
		expect(status({ pendingRequest: { kind: 'cancel', outcome: 'applied' as never } })).not.toContain(
			'request-heading',
		);
	});

	it.each(['de', 'es', 'fr'])('%s: actions and the pending request in that language', (locale) => {
		const t = translator(locale);
		const page = status(
			{
				actions: [
					{ kind: 'address_change', href: '/a', closesAt: '2026-03-10T19:00:00Z' },
					{ kind: 'cancel', href: '/c', closesAt: '2026-03-10T19:00:00Z' },
				],
				pendingRequest: { kind: 'address_change', outcome: 'pending_review' },
			},
			locale,
		);
		expect(page).toContain(t.t('actions.heading'));
		expect(page).toContain(t.t('actions.address_change.link'));
		expect(page).toContain(`<a href="/c">${t.t('actions.cancel.link')}</a>`);
		expect(textOf(page)).toContain(
			t.t('actions.cancel.until', { time: t.dateTime('2026-03-10T19:00:00Z', 'America/New_York') }),
		);
		expect(page).toContain(t.t('status.pending.pending_review.title', { kind: 'address_change' }));
		for (const english of [
			'Need to change something?',
			'Change the delivery address',
			'being reviewed',
			'Cancel the order',
			'You can cancel it until',
		])
			expect(page).not.toContain(english);
	});
});

/** Every variant of the three pages in one language. */
function everyRequestPage(locale: string): string[] {
	const t = translator(locale);
	const base = { t, branding: BRANDING, langLinks: LANG_LINKS };
	return [
		changePage({ ...base, allowInsist: true }),
		changePage({ ...base, closesAt: null, values: TYPED }),
		...ADDRESS_NOTICES.map((notice) =>
			changePage({
				...base,
				notice,
				fieldErrors: Object.fromEntries(
					['email', ...ADDRESS_FIELDS].map((f, i) => [f, (['required', 'too_long', 'not_a_country'] as const)[i % 3]]),
				),
			}),
		),
		cancelPage({ ...base, email: 'jane@example.com', reason: 'other' }),
		cancelPage({ ...base, closesAt: null, items: null }),
		...CANCEL_NOTICES.map((notice) => cancelPage({ ...base, notice, fieldErrors: { email: 'too_long' } })),
		suggestionPage(base),
		suggestionPage({ ...base, changed: [] }),
		...outcomeKinds().map(([outcome, kind]) =>
			outcomePage({ ...base, outcome, kind, reasons: [...REFUSAL_CODES, 'something_internal'] }),
		),
	];
}

describe('every request page in every language', () => {
	it.each(PAGE_LOCALES)('%s: renders (no unknown message), complete and in that language', (locale) => {
		const pages = everyRequestPage(locale);
		expect(pages).toHaveLength(2 + ADDRESS_NOTICES.length + 2 + CANCEL_NOTICES.length + 2 + outcomeKinds().length);
		for (const page of pages) assertDocument(page, locale);
		if (locale !== 'en')
			for (const page of pages)
				for (const english of [
					'Change the delivery address',
					'Street address',
					'Back to my order',
					'Suggested by',
					'Cancel my order',
					'Choose a reason',
				])
					expect(page).not.toContain(english);
	});

	it.each(PAGE_LOCALES)('%s: every field has its own label, and the labels say what the brief asks', (locale) => {
		const t = translator(locale);
		const labels = ADDRESS_FIELDS.map((f) => t.t(`address.field.${f}`));
		expect(new Set(labels).size).toBe(ADDRESS_FIELDS.length);
		expect(t.t('address.field.countryCode')).toMatch(/2/);
	});
});

describe('hostile values in every field', () => {
	function pagesWith(s: string, locale = 'en'): string[] {
		const t = translator(locale);
		const all: AddressValues = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, s]));
		const hidden = { [s]: s, csrf_token: s, t: s };
		return [
			changePage({
				t,
				orderName: s,
				values: all,
				hidden,
				action: s,
				statusUrl: s,
				closesAt: s,
				timeZone: s,
				notice: s as never,
				fieldErrors: { [s]: 'required', city: s as never, zip: 'too_long' } as never,
				langLinks: [{ locale: s, href: s }],
				allowInsist: true,
			}),
			cancelPage({
				t,
				orderName: s,
				items: [
					{ title: s, quantity: 2 },
					{ title: s, quantity: s as never },
				],
				email: s,
				reason: s as never,
				hidden,
				action: s,
				statusUrl: s,
				closesAt: s,
				timeZone: s,
				notice: s as never,
				fieldErrors: { email: s, [s]: 'required' } as never,
				langLinks: [{ locale: s, href: s }],
			}),
			suggestionPage({
				t,
				orderName: s,
				typed: all,
				suggestion: all,
				changed: [...ADDRESS_FIELDS, s as never],
				hidden,
				action: `/x?${s}`,
				statusUrl: `/status?q=${s}`,
			}),
			...REQUEST_OUTCOMES.map((outcome) =>
				outcomePage({
					t,
					orderName: s,
					outcome,
					kind: s as never,
					reasons: [s, 'shipped'],
					newAddress: all,
					statusUrl: s,
					branding: { ...BRANDING, storeName: s },
				}),
			),
			renderStatusPage(viewOf({ orderName: s }), {
				t,
				branding: BRANDING,
				lookupUrl: s,
				langLinks: LANG_LINKS,
				actions: [
					{ kind: 'address_change', href: `/a?${s}`, closesAt: s },
					{ kind: 'cancel', href: `/c?${s}`, closesAt: s },
					{ kind: s as never, href: s, closesAt: s },
				],
				pendingRequest: { kind: s as never, outcome: 'received' },
			}),
		];
	}

	it.each(HOSTILE)('%s renders as text: no tag, attribute or script of its own', (s) => {
		const pages = pagesWith(s);
		for (const page of pages) {
			assertInert(page);
			expect(page).not.toContain('<script>alert(1)</script>');
			expect(page).not.toContain('<img src=x');
			expect(tagsOf(page).filter((tag) => 'onerror' in tag.attributes)).toEqual([]);
			// The one image is the store's logo.
			expect(opening(page, 'img').map((i) => i.attributes.src)).toEqual(['https://cdn.example.com/logo.png']);
			expect(textOf(page)).toContain(`Order ${s}`);
		}
		const [form, cancel, suggestion] = pages;
		// Typed values come back in their fields, and the hidden ones are sent back unchanged.
		for (const input of visibleInputs(form).filter(
			(i) => i.attributes.type !== 'email' && i.attributes.type !== 'checkbox',
		))
			expect(decode(input.attributes.value)).toBe(s);
		expect(hiddenOf(form)[s]).toEqual([s]);
		// The cancel form: the email given back as given, the item titles as text, no reason of the value's own.
		expect(decode(visibleInputs(cancel)[0].attributes.value)).toBe(s);
		expect(hiddenOf(cancel)[s]).toEqual([s]);
		expect(textOf(cancel)).toContain(`2 × ${s}`);
		expect(opening(cancel, 'option').map((o) => o.attributes.value)).toEqual(['', ...CANCEL_REASONS]);
		expect(opening(cancel, 'option').filter((o) => 'selected' in o.attributes)).toEqual([]);
		expect(cancel).not.toContain('role="alert"');
		expect(decode(opening(cancel, 'form')[0].attributes.action)).toBe(s.startsWith('javascript:') ? '' : s);
		const status = pages[pages.length - 1];
		expect(opening(status, 'a').filter((a) => decode(a.attributes.href) === `/c?${s}`)).toHaveLength(1);
		expect(hiddenOf(suggestion).s_address1).toEqual([s]);
		expect(hiddenOf(suggestion).address1).toEqual([s]);
		// A path stays a path (escaped); a javascript: action is dropped.
		expect(decode(opening(form, 'form')[0].attributes.action)).toBe(s.startsWith('javascript:') ? '' : s);
	});

	it('the escaped value is visible exactly as typed', () => {
		const [, cancel, suggestion] = pagesWith('<script>alert(1)</script>');
		expect(cancel).toContain('<li>2 × &lt;script&gt;alert(1)&lt;/script&gt;</li>');
		expect(cancel).toContain('<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>');
		expect(suggestion).toContain('<mark class="changed">&lt;script&gt;alert(1)&lt;/script&gt;</mark>');
		expect(suggestion).toContain('name="s_name" value="&lt;script&gt;alert(1)&lt;/script&gt;"');
		const [form] = pagesWith('"><img src=x onerror=alert(1)>');
		expect(form).toContain('name="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" value="&quot;&gt;&lt;img src=x');
	});

	it('property: any string in any field, in any language, leaves every page well-formed and inert', () => {
		const anyText = fc.oneof(
			fc.string({ unit: 'grapheme', maxLength: 30 }),
			fc
				.array(fc.constantFrom('<', '>', '"', "'", '`', '&', '=', ' ', '/', 'script', 'on', 'javascript:', '\n'), {
					maxLength: 10,
				})
				.map((parts) => parts.join('')),
		);
		fc.assert(
			fc.property(anyText, fc.constantFrom(...PAGE_LOCALES), (s, locale) => {
				for (const page of pagesWith(s, locale)) assertInert(page);
			}),
			{ numRuns: 60 },
		);
	});
});
