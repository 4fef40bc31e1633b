/**
 * The pages of a customer's self-service request (issue 17): the address-change form, the carrier's
 * suggested address to pick or refuse, the cancel form, the item swap form, and what became of the request.
 * Built like the status page (render.ts: one document, no script, every value through `markup`); the handler
 * decides everything, these only show it. Refusals are shown by their customer-facing reason codes only:
 * anything else (a risk rule, the warehouse's state) becomes one generic line, so no internal reason reaches a
 * customer.
 */
import { REFUSE_REASONS, type RequestKind } from '../selfservice/decide';
import { markup, raw, safeLinkUrl, type SafeHtml } from './html';
import type { Translator } from './messages';
import type { Moment } from './view';
import {
	contactSection,
	countryName,
	documentOf,
	fieldValue,
	instantOf,
	lines,
	richText,
	section,
	storeNameOf,
	timeTag,
	type Branding,
	type LangLinks,
} from './render';

export const ADDRESS_FIELDS = [
	'name',
	'company',
	'address1',
	'address2',
	'city',
	'provinceCode',
	'zip',
	'countryCode',
	'phone',
] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];
export type AddressValues = Partial<Record<AddressField, string>>;
/** Why a field was not accepted (the handler decides; you render). */
export type AddressFieldError = 'required' | 'too_long' | 'not_a_country';
export const ADDRESS_NOTICES = [
	'session_expired',
	'rate_limited',
	'email_mismatch',
	'address_invalid',
	'address_ambiguous',
	'validation_unavailable',
	'bad_request',
] as const;
export type AddressNotice = (typeof ADDRESS_NOTICES)[number];

/** What the cancel form can say at its top: the address form's notices that fit it, and an unticked box. */
export const CANCEL_NOTICES = [
	'session_expired',
	'rate_limited',
	'email_mismatch',
	'bad_request',
	'confirm_missing',
] as const;
export type CancelNotice = (typeof CANCEL_NOTICES)[number];
/** The reasons the cancel form offers (name="reason"); none is required. */
export const CANCEL_REASONS = [
	'changed_mind',
	'ordered_by_mistake',
	'found_cheaper',
	'delivery_too_slow',
	'other',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];
/** An email the handler did not accept ("not a country" is about an address only). */
export type EmailFieldError = Exclude<AddressFieldError, 'not_a_country'>;
/** A line of the order as the cancel page lists it. */
export interface CancelItem {
	title: string;
	quantity: number;
}

/**
 * What the swap form can say at its top: the cancel form's notices about any request (same keys, same words),
 * and two of its own: no line was given a new variant, and a chosen variant sold out meanwhile.
 */
export const SWAP_NOTICES = [
	'email_mismatch',
	'session_expired',
	'bad_request',
	'nothing_chosen',
	'choice_gone',
	'rate_limited',
	/** Two lines were given the same new variant: one order edit adds each variant once. */
	'same_choice_twice',
] as const;
export type SwapNotice = (typeof SWAP_NOTICES)[number];
/**
 * A line of the order as the swap form offers it. Titles are Shopify's LineItem.title and .variantTitle ("the
 * title of the variant at time of order creation", null for a product without variants: Admin GraphQL
 * 2026-10 schema), so they are the customer's own words from checkout.
 */
export interface SwapPageLine {
	/** The form field the line's choice is posted under ("line_456"): letters, digits, "_" and "-" only. */
	field: string;
	/** The product's title ("Trail Runner"). */
	title: string;
	/** The variant as ordered ("L / Blue"); null: the product has no variants to tell apart. */
	variantTitle: string | null;
	/** Units on the line, all swapped together. */
	quantity: number;
	/** The other variants at the same price: the variant's numeric id (ProductVariant.legacyResourceId) and title. */
	choices: Array<{ value: string; label: string }>;
	/** The value the customer chose before, chosen again on a retry (when it is still offered). */
	selected: string | null;
	/** 'none': no other variant at the same price, so the line is shown without a choice. */
	unavailable: 'none' | null;
}
/** A line as the outcome page lists it once swapped: "1 × Trail Runner: L → M". */
export interface SwappedLine {
	title: string;
	from: string | null;
	to: string | null;
	quantity: number;
}

/** What happened to the request. */
export const REQUEST_OUTCOMES = ['applied', 'pending_review', 'refused', 'received'] as const;

/** Refusal codes with customer words (request.reason.<code>); any other code gets request.reason.other. */
export const REFUSAL_REASONS: ReadonlySet<string> = new Set<string>([...REFUSE_REASONS, 'window_closed']);
const FIELD_ERRORS: ReadonlySet<string> = new Set(['required', 'too_long', 'not_a_country']);
const EMAIL_ERRORS: ReadonlySet<string> = new Set(['required', 'too_long']);

/** A field the handler did not accept, and why. */
type FieldErrorEntry = [AddressField | 'email', AddressFieldError];

/** The alert at the top of the address form, which the fields it is about point at (aria-describedby). */
const NOTICE_ID = 'address-notice';
/** The address fields' element ids ("address-zip"); the email field is "email", as on the lookup form. */
const fieldId = (field: AddressField | 'email'): string => (field === 'email' ? 'email' : `address-${field}`);

/** How each field is typed and autofilled (the browser fills the shipping address it knows). */
interface FieldSpec {
	autocomplete: string;
	maxlength: number;
	required: boolean;
	optional: boolean;
	hint: boolean;
	type?: 'tel';
	/** Codes and postcodes: capitals on phone keyboards, no spell check. */
	code?: boolean;
}

const FIELD_SPECS: Readonly<Record<AddressField, FieldSpec>> = {
	name: { autocomplete: 'shipping name', maxlength: 255, required: true, optional: false, hint: false },
	company: { autocomplete: 'shipping organization', maxlength: 255, required: false, optional: true, hint: false },
	address1: { autocomplete: 'shipping address-line1', maxlength: 255, required: true, optional: false, hint: false },
	address2: { autocomplete: 'shipping address-line2', maxlength: 255, required: false, optional: true, hint: false },
	city: { autocomplete: 'shipping address-level2', maxlength: 255, required: true, optional: false, hint: false },
	provinceCode: {
		autocomplete: 'shipping address-level1',
		maxlength: 64,
		required: false,
		optional: false,
		hint: true,
		code: true,
	},
	zip: {
		autocomplete: 'shipping postal-code',
		maxlength: 32,
		required: false,
		optional: false,
		hint: false,
		code: true,
	},
	// No maxlength of 2: a country typed as a name ("Germany") must reach the handler and come back as
	// not_a_country, not be cut to a code of another country ("GE").
	countryCode: {
		autocomplete: 'shipping country',
		maxlength: 64,
		required: true,
		optional: false,
		hint: false,
		code: true,
	},
	phone: {
		autocomplete: 'shipping tel',
		maxlength: 32,
		required: false,
		optional: true,
		hint: true,
		type: 'tel',
	},
};

/* ---------- the address form ---------- */

/** The form: confirm the order's email, type the new address. */
export function renderAddressChangePage(opts: {
	t: Translator;
	branding: Branding;
	langLinks: LangLinks;
	/** Where the form posts. */
	action: string;
	/** Hidden inputs to carry (CSRF token, the link token `t`, `step`). */
	hidden: Record<string, string>;
	/** "#1001". */
	orderName: string;
	/** What to prefill (what the customer typed, on a retry). */
	values: AddressValues;
	/** The email to prefill: the one the customer confirmed, when the form comes back for the address. */
	email?: string | null;
	fieldErrors: Partial<Record<AddressField | 'email', AddressFieldError>>;
	notice: AddressNotice | null;
	/** The window's deadline, UTC ISO, shown in `timeZone`; null: no deadline to show. */
	closesAt: string | null;
	timeZone: string;
	/** Offer the checkbox name="insist" value="1": "Use the address exactly as I typed it". */
	allowInsist: boolean;
	/** "Back to my order". */
	statusUrl: string;
}): string {
	const { t } = opts;
	const action = safeLinkUrl(opts.action);
	const notice = (ADDRESS_NOTICES as readonly unknown[]).includes(opts.notice) ? (opts.notice as AddressNotice) : null;
	const errors = fieldErrorsOf(opts.fieldErrors, ['email', ...ADDRESS_FIELDS]);
	const closesAt = instantOf(opts.closesAt, opts.timeZone);
	const heading = t.t('address.heading');
	const main = lines(
		requestHeading(t, opts.orderName, heading, t.t('address.intro')),
		deadlineLine(t, 'address.closesAt', closesAt),
		alertOf(t, NOTICE_ID, notice ? t.t(`address.notice.${notice}`) : null, errors),
		addressForm(opts, action, notice, errors),
	);
	return requestDocument(t, opts, heading, main, action);
}

/**
 * The known errors of the page's own fields, in the order the fields appear (the order the alert lists them
 * in); an error the page has no words for, or one about a field it does not have, is left out.
 */
function fieldErrorsOf(
	given: unknown,
	fields: ReadonlyArray<AddressField | 'email'>,
	known: ReadonlySet<string> = FIELD_ERRORS,
): FieldErrorEntry[] {
	const errors = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
	return fields.flatMap((field) => {
		const error = Object.prototype.hasOwnProperty.call(errors, field) ? errors[field] : undefined;
		if (typeof error !== 'string' || !known.has(error)) return [];
		return [[field, error as AddressFieldError] as FieldErrorEntry];
	});
}

/**
 * The notice (already in words), and a list of the fields to fix, each a link to its field, in one alert read
 * out on arrival (role="alert"); `id` is what the fields the notice is about point at (aria-describedby).
 */
function alertOf(t: Translator, id: string, notice: string | null, errors: FieldErrorEntry[]): SafeHtml | null {
	if (notice === null && errors.length === 0) return null;
	const links = errors.map(([field, error]) => {
		const words = t.t('address.errorLink', { field: t.t(labelId(field)), error: errorText(t, field, error) });
		return markup`<li><a href="#${fieldId(field)}">${words}</a></li>`;
	});
	return lines(
		markup`<div class="alert" id="${id}" role="alert">`,
		notice ? markup`<p>${notice}</p>` : null,
		errors.length > 0 ? markup`<p>${t.t('address.errorSummary', { count: errors.length })}</p>` : null,
		errors.length > 0 ? markup`<ul class="error-list">${links}</ul>` : null,
		markup`</div>`,
	);
}

const labelId = (field: AddressField | 'email'): string =>
	field === 'email' ? 'address.email' : `address.field.${field}`;

function errorText(t: Translator, field: AddressField | 'email', error: AddressFieldError): string {
	return t.t(`address.error.${error}`, { field });
}

function addressForm(
	opts: Parameters<typeof renderAddressChangePage>[0],
	action: string | null,
	notice: AddressNotice | null,
	errors: FieldErrorEntry[],
): SafeHtml {
	const { t } = opts;
	const errorOf = new Map(errors);
	const values = typeof opts.values === 'object' && opts.values !== null ? opts.values : {};
	const own = new Set<string>(['email', 'insist', ...ADDRESS_FIELDS]);
	// The email notice is about the email field; the carrier's verdicts are about the address as a whole.
	const addressNotice = notice === 'address_invalid' || notice === 'address_ambiguous';
	return lines(
		markup`<form method="post" action="${action ?? ''}">`,
		hiddenInputs(opts.hidden, own),
		emailField(t, opts.email, errorOf.get('email'), notice === 'email_mismatch' ? NOTICE_ID : null),
		markup`<fieldset${addressNotice ? markup` aria-describedby="${NOTICE_ID}"` : null}>`,
		markup`<legend>${t.t('address.newAddress')}</legend>`,
		...ADDRESS_FIELDS.map((field) => addressField(t, field, values[field], errorOf.get(field))),
		markup`</fieldset>`,
		opts.allowInsist
			? checkField({ name: 'insist', label: t.t('address.insist'), hint: t.t('address.insistHint') })
			: null,
		markup`<button type="submit" class="button">${t.t('address.submit')}</button>`,
		markup`</form>`,
	);
}

/**
 * The order's email, which confirms the request comes from the customer: prefilled with the one they
 * confirmed (a string; anything else leaves it empty), marked invalid and pointed at its error, and at the
 * alert (`noticeId`) when the notice is about it.
 */
function emailField(
	t: Translator,
	email: unknown,
	error: AddressFieldError | undefined,
	noticeId: string | null,
): SafeHtml {
	const describedBy = ['email-hint', error ? 'email-error' : null, noticeId].filter(Boolean).join(' ');
	const invalid = error || noticeId ? raw(' aria-invalid="true"') : null;
	const value = typeof email === 'string' ? email : '';
	return lines(
		markup`<div class="field">`,
		markup`<label for="email">${t.t('address.email')}</label>`,
		markup`<p class="hint" id="email-hint">${t.t('address.emailHint')}</p>`,
		error ? markup`<p class="error" id="email-error">${errorText(t, 'email', error)}</p>` : null,
		markup`<input type="email" id="email" name="email" value="${value}" required maxlength="254"
 autocomplete="email" inputmode="email" autocapitalize="none" spellcheck="false"
 aria-describedby="${describedBy}"${invalid}>`,
		markup`</div>`,
	);
}

function addressField(
	t: Translator,
	field: AddressField,
	value: unknown,
	error: AddressFieldError | undefined,
): SafeHtml {
	const spec = FIELD_SPECS[field];
	const id = fieldId(field);
	const describedBy = [spec.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean) as string[];
	const optional = spec.optional ? optionalMark(t) : null;
	const attributes = [
		spec.required ? raw(' required') : null,
		markup` maxlength="${String(spec.maxlength)}" autocomplete="${spec.autocomplete}"`,
		spec.code ? raw(' autocapitalize="characters" spellcheck="false"') : null,
		describedBy.length > 0 ? markup` aria-describedby="${describedBy.join(' ')}"` : null,
		error ? raw(' aria-invalid="true"') : null,
	];
	return lines(
		markup`<div class="field">`,
		markup`<label for="${id}">${t.t(`address.field.${field}`)}${optional}</label>`,
		spec.hint ? markup`<p class="hint" id="${id}-hint">${t.t(`address.hint.${field}`)}</p>` : null,
		error ? markup`<p class="error" id="${id}-error">${errorText(t, field, error)}</p>` : null,
		markup`<input type="${spec.type ?? 'text'}" id="${id}" name="${field}" value="${fieldValue(value)}"${attributes}>`,
		markup`</div>`,
	);
}

/**
 * A checkbox sending `name`=1, its label beside it (id = name); its hint, and the alert when the notice is
 * about it (`noticeId`, which also marks it invalid), describe it.
 */
function checkField(box: {
	name: string;
	label: string;
	hint: string;
	required?: boolean;
	noticeId?: string | null;
}): SafeHtml {
	const { name } = box;
	const describedBy = [`${name}-hint`, box.noticeId ?? null].filter(Boolean).join(' ');
	const attributes = [
		box.required ? raw(' required') : null,
		markup` aria-describedby="${describedBy}"`,
		box.noticeId ? raw(' aria-invalid="true"') : null,
	];
	return lines(
		markup`<div class="field check">`,
		markup`<input type="checkbox" id="${name}" name="${name}" value="1"${attributes}>`,
		markup`<div><label for="${name}">${box.label}</label>`,
		markup`<p class="hint" id="${name}-hint">${box.hint}</p></div>`,
		markup`</div>`,
	);
}

/* ---------- the cancel form ---------- */

/** The cancel form's alert; the email field and the confirmation box point at it when it is about them. */
const CANCEL_NOTICE_ID = 'cancel-notice';
/** Lines listed before "and N more items": enough to recognise the order, short enough for a phone. */
const MAX_ITEMS_SHOWN = 10;

/** What every form about the whole order (cancel, swap) takes: where it posts, who asks, until when. */
interface OrderFormPage {
	t: Translator;
	branding: Branding;
	langLinks: LangLinks;
	/** Where the form posts. */
	action: string;
	/** Hidden inputs to carry (CSRF token, the link token `t`, `step`). */
	hidden: Record<string, string>;
	/** "#1001". */
	orderName: string;
	/** The email to prefill (the one the customer confirmed, on a retry). */
	email?: string | null;
	fieldErrors: Partial<Record<'email', EmailFieldError>>;
	/** The window's deadline, UTC ISO, shown in `timeZone`; null: no deadline to show. */
	closesAt: string | null;
	timeZone: string;
	/** "Back to my order". */
	statusUrl: string;
}

/**
 * The form: what cancelling does, the order's items, confirm the order's email, an optional reason, and a
 * box the customer must tick (the browser asks for it; `confirm_missing` is the server's answer when it did
 * not). Built from the address form's pieces, so both forms read, point and fail alike.
 */
export function renderCancelPage(
	opts: OrderFormPage & {
		/** The order's lines, to show what is being cancelled; absent or empty: no list. */
		items?: CancelItem[] | null;
		/** The reason to preselect (the one the customer chose, on a retry). */
		reason?: CancelReason | null;
		notice: CancelNotice | null;
	},
): string {
	const { t } = opts;
	const action = safeLinkUrl(opts.action);
	const notice = (CANCEL_NOTICES as readonly unknown[]).includes(opts.notice) ? (opts.notice as CancelNotice) : null;
	const errors = fieldErrorsOf(opts.fieldErrors, ['email'], EMAIL_ERRORS);
	const heading = t.t('cancel.heading');
	// The notices the address form has are worded for any request; only the unticked box is the cancel form's own.
	const noticeWords =
		notice === null ? null : t.t(`${notice === 'confirm_missing' ? 'cancel' : 'address'}.notice.${notice}`);
	const main = lines(
		requestHeading(t, opts.orderName, heading, t.t('cancel.intro')),
		deadlineLine(t, 'cancel.closesAt', instantOf(opts.closesAt, opts.timeZone)),
		alertOf(t, CANCEL_NOTICE_ID, noticeWords, errors),
		itemList(t, opts.items),
		cancelForm(opts, action, notice, errors),
	);
	return requestDocument(t, opts, heading, main, action);
}

/** "2 × Ceramic mug", a line each; a line without a title is left out, one whose quantity is not a count shows none. */
function itemList(t: Translator, given: unknown): SafeHtml | null {
	const items = (Array.isArray(given) ? given : []).flatMap((item: unknown) => {
		const { title, quantity } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
		const name = fieldValue(title).trim();
		if (name === '') return [];
		return [
			typeof quantity === 'number' && Number.isSafeInteger(quantity) && quantity > 0
				? t.t('cancel.item', { quantity, title: name })
				: name,
		];
	});
	if (items.length === 0) return null;
	const shown = items.slice(0, MAX_ITEMS_SHOWN).map((words) => markup`<li>${words}</li>`);
	const more = items.length - shown.length;
	const rest = more > 0 ? markup`<li class="more">${t.t('cancel.moreItems', { count: more })}</li>` : null;
	return section('cancel-items', t.t('cancel.itemsHeading'), markup`<ul class="items">${shown}${rest}</ul>`);
}

function cancelForm(
	opts: Parameters<typeof renderCancelPage>[0],
	action: string | null,
	notice: CancelNotice | null,
	errors: FieldErrorEntry[],
): SafeHtml {
	const { t } = opts;
	const own = new Set<string>(['email', 'reason', 'confirm']);
	return lines(
		markup`<form method="post" action="${action ?? ''}">`,
		hiddenInputs(opts.hidden, own),
		emailField(t, opts.email, new Map(errors).get('email'), notice === 'email_mismatch' ? CANCEL_NOTICE_ID : null),
		reasonField(t, opts.reason),
		// Never ticked in advance, not even on a retry: each cancellation is confirmed by the customer's own tick.
		checkField({
			name: 'confirm',
			label: t.t('cancel.confirm'),
			hint: t.t('cancel.confirmHint'),
			required: true,
			noticeId: notice === 'confirm_missing' ? CANCEL_NOTICE_ID : null,
		}),
		markup`<button type="submit" class="button">${t.t('cancel.submit')}</button>`,
		markup`</form>`,
	);
}

/** The optional reason: an empty first choice, so sending none is the default and not a reason of its own. */
function reasonField(t: Translator, given: unknown): SafeHtml {
	const chosen = (CANCEL_REASONS as readonly unknown[]).includes(given) ? given : null;
	const options = CANCEL_REASONS.map((reason) => {
		const selected = reason === chosen ? raw(' selected') : null;
		return markup`<option value="${reason}"${selected}>${t.t(`cancel.reason.${reason}`)}</option>`;
	});
	return lines(
		markup`<div class="field">`,
		markup`<label for="cancel-reason">${t.t('cancel.reasonLabel')}${optionalMark(t)}</label>`,
		markup`<p class="hint" id="cancel-reason-hint">${t.t('cancel.reasonHint')}</p>`,
		markup`<select id="cancel-reason" name="reason" aria-describedby="cancel-reason-hint">`,
		markup`<option value="">${t.t('cancel.reasonChoose')}</option>`,
		...options,
		markup`</select>`,
		markup`</div>`,
	);
}

/* ---------- the item swap form ---------- */

/** The swap form's alert; the email field and the line choices point at it when it is about them. */
const SWAP_NOTICE_ID = 'swap-notice';
/**
 * A line's form field as the handler names it: it becomes an element id and a posted name, so anything that
 * could clash with another id or break a reference (spaces, quotes) is not a field of ours.
 */
const SWAP_FIELD = /^[A-Za-z0-9_-]{1,64}$/;
/** A variant as the form posts it: Shopify's numeric id (ProductVariant.legacyResourceId, an UnsignedInt64). */
const VARIANT_VALUE = /^[0-9]{1,20}$/;

/** A line the form can show: checked and cut to what a page shows; the choices it may offer, in the order given. */
interface SwapLineShown {
	field: string;
	title: string;
	variantTitle: string;
	quantity: number;
	choices: Array<{ value: string; label: string }>;
	selected: string | null;
	/** The customer's earlier choice is no longer offered (sold out meanwhile). */
	choiceGone: boolean;
}

/**
 * The form: change the variant (size, colour) of lines not packed yet, at the same price. Each line in its
 * own group, named by its "2 × Trail Runner — L / Blue", with a "Change to" list whose first choice keeps the
 * line as it is (value ""), so leaving a line alone sends nothing to change. Then the order's email, as on the
 * cancel form, and one submit. Built from the cancel form's pieces, so both forms read, point and fail alike.
 */
export function renderSwapPage(
	opts: OrderFormPage & {
		/** The lines that may be changed, in the order's order. */
		lines: SwapPageLine[];
		notice: SwapNotice | null;
	},
): string {
	const { t } = opts;
	const action = safeLinkUrl(opts.action);
	const notice = (SWAP_NOTICES as readonly unknown[]).includes(opts.notice) ? (opts.notice as SwapNotice) : null;
	const errors = fieldErrorsOf(opts.fieldErrors, ['email'], EMAIL_ERRORS);
	const heading = t.t('swap.heading');
	// The notices the cancel form shares are worded for any request (address.notice.*); three are the swap's own.
	const own = notice === 'nothing_chosen' || notice === 'choice_gone' || notice === 'same_choice_twice';
	const noticeWords = notice === null ? null : t.t(`${own ? 'swap' : 'address'}.notice.${notice}`);
	const main = lines(
		requestHeading(t, opts.orderName, heading, t.t('swap.intro')),
		deadlineLine(t, 'swap.closesAt', instantOf(opts.closesAt, opts.timeZone)),
		alertOf(t, SWAP_NOTICE_ID, noticeWords, errors),
		swapForm(opts, action, notice, errors),
	);
	return requestDocument(t, opts, heading, main, action);
}

function swapForm(
	opts: Parameters<typeof renderSwapPage>[0],
	action: string | null,
	notice: SwapNotice | null,
	errors: FieldErrorEntry[],
): SafeHtml {
	const { t } = opts;
	const hiddenNames = new Set(typeof opts.hidden === 'object' && opts.hidden !== null ? Object.keys(opts.hidden) : []);
	const shown = swapLinesOf(opts.lines, hiddenNames);
	const pointed = linesPointedAt(shown, notice);
	const own = new Set<string>(['email', ...shown.map((line) => line.field)]);
	return lines(
		markup`<form method="post" action="${action ?? ''}">`,
		hiddenInputs(opts.hidden, own),
		shown.length > 0
			? markup`<h2 id="swap-lines-heading">${t.t('swap.itemsHeading', { count: unitsOf(shown) })}</h2>`
			: null,
		shown.length > 0
			? markup`<ul class="swap-lines" aria-labelledby="swap-lines-heading">${shown.map((line) =>
					swapLine(t, line, pointed.has(line.field)),
				)}</ul>`
			: null,
		emailField(t, opts.email, new Map(errors).get('email'), notice === 'email_mismatch' ? SWAP_NOTICE_ID : null),
		markup`<button type="submit" class="button">${t.t('swap.submit')}</button>`,
		markup`</form>`,
	);
}

/**
 * The lines the form can offer, each once: a line whose field is not one of ours (see SWAP_FIELD), is taken
 * (the email, a hidden entry such as the CSRF token, an earlier line), has no title, or no count of units to
 * swap is left out; so is each choice without a numeric variant id or a label, or offered twice.
 */
function swapLinesOf(given: unknown, hiddenNames: ReadonlySet<string>): SwapLineShown[] {
	const taken = new Set<string>(['email', ...hiddenNames]);
	return (Array.isArray(given) ? given : []).flatMap((line: unknown) => {
		const l = (typeof line === 'object' && line !== null ? line : {}) as Record<string, unknown>;
		const field = typeof l.field === 'string' && SWAP_FIELD.test(l.field) ? l.field : null;
		const title = fieldValue(l.title).trim();
		if (field === null || taken.has(field) || title === '' || !isCount(l.quantity)) return [];
		taken.add(field);
		const offered = l.unavailable === 'none' ? [] : choicesOf(l.choices);
		const previous = typeof l.selected === 'string' && l.selected !== '' ? l.selected : null;
		const selected = offered.some((c) => c.value === previous) ? previous : null;
		return [
			{
				field,
				title,
				variantTitle: fieldValue(l.variantTitle).trim(),
				quantity: l.quantity,
				choices: offered,
				selected,
				choiceGone: previous !== null && selected === null,
			},
		];
	});
}

function choicesOf(given: unknown): Array<{ value: string; label: string }> {
	const seen = new Set<string>();
	return (Array.isArray(given) ? given : []).flatMap((choice: unknown) => {
		const { value, label } = (typeof choice === 'object' && choice !== null ? choice : {}) as Record<string, unknown>;
		const words = fieldValue(label).trim();
		if (typeof value !== 'string' || !VARIANT_VALUE.test(value) || words === '' || seen.has(value)) return [];
		seen.add(value);
		return [{ value, label: words }];
	});
}

/**
 * The lines a notice is about, whose choice points at it and is marked invalid: every line with a choice for
 * "nothing chosen"; for "choice gone", the lines whose earlier choice is no longer offered, or every line with
 * a choice when the handler's lines do not tell which.
 */
function linesPointedAt(shown: SwapLineShown[], notice: SwapNotice | null): ReadonlySet<string> {
	const choosable = shown.filter((line) => line.choices.length > 0);
	if (notice === 'nothing_chosen') return new Set(choosable.map((line) => line.field));
	if (notice === 'same_choice_twice') {
		const chosen = choosable.map((line) => line.selected).filter((v): v is string => !!v);
		return new Set(
			choosable
				.filter((l) => !!l.selected && chosen.indexOf(l.selected) !== chosen.lastIndexOf(l.selected))
				.map((l) => l.field),
		);
	}
	if (notice !== 'choice_gone') return new Set();
	const gone = choosable.filter((line) => line.choiceGone);
	return new Set((gone.length > 0 ? gone : choosable).map((line) => line.field));
}

/**
 * One line: a group named by the line itself, so a screen reader says which item "Change to" is about; a line
 * without another variant at the same price gets a short sentence instead of a choice.
 */
function swapLine(t: Translator, line: SwapLineShown, pointed: boolean): SafeHtml {
	const words =
		line.variantTitle === ''
			? t.t('swap.line', { quantity: line.quantity, title: line.title })
			: t.t('swap.lineVariant', { quantity: line.quantity, title: line.title, variant: line.variantTitle });
	if (line.choices.length === 0)
		return markup`<li><p class="swap-item">${words}</p><p class="hint">${t.t('swap.unavailable')}</p></li>`;
	const id = `swap-line-${line.field}`;
	const keep = line.variantTitle === '' ? t.t('swap.keepCurrent') : t.t('swap.keep', { variant: line.variantTitle });
	const options = line.choices.map((choice) => {
		const selected = choice.value === line.selected ? raw(' selected') : null;
		return markup`<option value="${choice.value}"${selected}>${choice.label}</option>`;
	});
	const invalid = pointed ? markup` aria-describedby="${SWAP_NOTICE_ID}" aria-invalid="true"` : null;
	return lines(
		markup`<li><fieldset>`,
		markup`<legend class="swap-item">${words}</legend>`,
		markup`<label for="${id}">${t.t('swap.changeTo')}</label>`,
		markup`<select id="${id}" name="${line.field}"${invalid}>`,
		markup`<option value="">${keep}</option>`,
		...options,
		markup`</select>`,
		markup`</fieldset></li>`,
	);
}

/* ---------- the carrier's suggestion ---------- */

/**
 * The carrier suggests a standardised address: pick it or keep yours. One form with two submit buttons,
 * name="choice" value="suggestion" (first, so Enter picks it) and value="typed"; it carries both addresses,
 * the typed one under the field names and the suggestion under s_<field>, and every entry of `hidden`.
 */
export function renderAddressSuggestionPage(opts: {
	t: Translator;
	branding: Branding;
	langLinks: LangLinks;
	action: string;
	hidden: Record<string, string>;
	orderName: string;
	typed: AddressValues;
	suggestion: AddressValues;
	/** Fields where the suggestion differs: highlighted in both addresses, and not by colour alone. */
	changed: AddressField[];
	statusUrl: string;
}): string {
	const { t } = opts;
	const action = safeLinkUrl(opts.action);
	const typed = valuesOf(opts.typed);
	const suggestion = valuesOf(opts.suggestion);
	const changed = new Set<AddressField>(
		(Array.isArray(opts.changed) ? opts.changed : []).filter((f) => (ADDRESS_FIELDS as readonly unknown[]).includes(f)),
	);
	const own = new Set<string>(['choice', ...ADDRESS_FIELDS, ...ADDRESS_FIELDS.map((f) => `s_${f}`)]);
	const heading = t.t('suggestion.heading');
	const main = lines(
		requestHeading(t, opts.orderName, heading, t.t('suggestion.intro')),
		changed.size > 0 ? markup`<p class="meta">${t.t('suggestion.changedNote')}</p>` : null,
		markup`<form method="post" action="${action ?? ''}">`,
		hiddenInputs(opts.hidden, own),
		...ADDRESS_FIELDS.map((f) => markup`<input type="hidden" name="${f}" value="${typed[f]}">`),
		...ADDRESS_FIELDS.map((f) => markup`<input type="hidden" name="s_${f}" value="${suggestion[f]}">`),
		markup`<div class="compare">`,
		choiceCard(t, 'suggested', suggestion, changed, 'suggestion', 'button'),
		choiceCard(t, 'typed', typed, changed, 'typed', 'button secondary'),
		markup`</div>`,
		markup`</form>`,
	);
	return requestDocument(t, opts, heading, main, action);
}

function choiceCard(
	t: Translator,
	name: 'suggested' | 'typed',
	values: Record<AddressField, string>,
	changed: ReadonlySet<AddressField>,
	choice: 'suggestion' | 'typed',
	buttonClass: string,
): SafeHtml {
	return lines(
		markup`<section class="choice" aria-labelledby="${name}-heading">`,
		markup`<h2 id="${name}-heading">${t.t(`suggestion.${name}`)}</h2>`,
		addressBlock(t, values, changed),
		markup`<button type="submit" name="choice" value="${choice}" class="${buttonClass}">${t.t(
			choice === 'suggestion' ? 'suggestion.useSuggestion' : 'suggestion.useTyped',
		)}</button>`,
		markup`</section>`,
	);
}

/* ---------- what happened to the request ---------- */

/**
 * What happened to the request: applied (done, in the store and the warehouse), pending_review (a person
 * decides, the customer hears by email), refused (with the reasons a customer may read), received (something
 * failed midway: the order is on hold and our team finishes it).
 */
export function renderRequestOutcomePage(opts: {
	t: Translator;
	branding: Branding;
	langLinks: LangLinks;
	orderName: string;
	kind: RequestKind;
	outcome: (typeof REQUEST_OUTCOMES)[number];
	/** Refusal codes; a code without customer words becomes one generic line. */
	reasons: string[];
	/** applied / pending_review of an address change: the address asked for (the customer typed it). */
	newAddress: AddressValues | null;
	/** applied swap: the lines as they are now; absent or empty: no list. */
	swaps?: SwappedLine[] | null;
	statusUrl: string;
}): string {
	const { t } = opts;
	const kind = requestKindOf(opts.kind);
	// An outcome this page does not know is worded as "received": our team has it, nothing is promised.
	const outcome = (REQUEST_OUTCOMES as readonly unknown[]).includes(opts.outcome) ? opts.outcome : 'received';
	const heading = t.t(`request.${outcome}.title`, { kind });
	const address =
		kind === 'address_change' && (outcome === 'applied' || outcome === 'pending_review') && opts.newAddress
			? valuesOf(opts.newAddress)
			: null;
	const main = lines(
		requestHeading(t, opts.orderName, heading, t.t(`request.${outcome}.body`, { kind })),
		outcome === 'refused' ? reasonList(t, kind, opts.reasons) : null,
		address && ADDRESS_FIELDS.some((f) => address[f].trim() !== '')
			? section('new-address', t.t('address.newAddress'), addressBlock(t, address, new Set()))
			: null,
		kind === 'swap' && outcome === 'applied' ? swappedList(t, opts.swaps) : null,
	);
	return requestDocument(t, opts, heading, main, null);
}

/** The kinds of request the pages have words for ({kind, select, ...} in the messages): the self-service ones. */
export type { RequestKind };

/** A kind the messages know; anything else is worded as an address change, as before swaps existed. */
function requestKindOf(kind: unknown): RequestKind {
	return kind === 'cancel' || kind === 'swap' ? kind : 'address_change';
}

/**
 * "1 × Trail Runner: L → M", a line each; a line without a title or a count is left out (it was not swapped as
 * such), and one without its old variant's title says only what it is now.
 */
function swappedList(t: Translator, given: unknown): SafeHtml | null {
	let units = 0;
	const items = (Array.isArray(given) ? given : []).flatMap((line: unknown) => {
		const { title, from, to, quantity } = (typeof line === 'object' && line !== null ? line : {}) as Record<
			string,
			unknown
		>;
		const name = fieldValue(title).trim();
		if (name === '' || !isCount(quantity)) return [];
		units += quantity;
		const [before, after] = [fieldValue(from).trim(), fieldValue(to).trim()];
		if (after === '') return [t.t('swap.line', { quantity, title: name })];
		if (before === '') return [t.t('swap.changedTo', { quantity, title: name, to: after })];
		return [t.t('swap.changed', { quantity, title: name, from: before, to: after })];
	});
	if (items.length === 0) return null;
	const list = markup`<ul class="items">${items.map((words) => markup`<li>${words}</li>`)}</ul>`;
	return section('swapped-items', t.t('swap.changedHeading', { count: units }), list);
}

/** The units on the lines, which the headings count: "2 × Trail Runner" and "1 × Cap" are 3 items to a customer. */
const unitsOf = (shown: ReadonlyArray<{ quantity: number }>): number => shown.reduce((n, line) => n + line.quantity, 0);

const isCount = (value: unknown): value is number =>
	typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** Each known reason once, in the order given; every unknown one together as a single generic line. */
function reasonList(t: Translator, kind: RequestKind, reasons: unknown): SafeHtml {
	const codes = Array.isArray(reasons) ? reasons : [];
	const ids: string[] = [];
	for (const code of codes) {
		const id =
			typeof code === 'string' && REFUSAL_REASONS.has(code) ? `request.reason.${code}` : 'request.reason.other';
		if (!ids.includes(id)) ids.push(id);
	}
	if (ids.length === 0) ids.push('request.reason.other');
	const items = ids.map((id) => markup`<li>${t.t(id, { kind })}</li>`);
	// The lead before it ends "Here's why:", so the list needs no heading of its own.
	return markup`<ul class="reasons">${items}</ul>`;
}

/* ---------- small pieces ---------- */

/** How every request page opens: which order it is about, what it is, and what happens. */
function requestHeading(t: Translator, orderName: string, heading: string, lead: string): SafeHtml {
	return lines(
		markup`<p class="eyebrow">${t.t('status.orderLabel', { orderName })}</p>`,
		markup`<h1>${heading}</h1>`,
		markup`<p class="lead">${lead}</p>`,
	);
}

/** " (optional)" after a label, lighter than the label itself. */
function optionalMark(t: Translator): SafeHtml {
	return markup` <span class="optional">${t.t('address.optional')}</span>`;
}

/** "You can ... until <time>" (message `id`, its {time} a <time> element); nothing without a deadline. */
function deadlineLine(t: Translator, id: string, closesAt: Moment | null): SafeHtml | null {
	return closesAt ? markup`<p class="meta">${richText(t, id, { time: timeTag(closesAt, t) })}</p>` : null;
}

/** Every field as a string (absent, or not a string: empty), cut to what a form gives back. */
function valuesOf(given: unknown): Record<AddressField, string> {
	const values = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
	return Object.fromEntries(
		ADDRESS_FIELDS.map((f) => [f, Object.prototype.hasOwnProperty.call(values, f) ? fieldValue(values[f]) : '']),
	) as Record<AddressField, string>;
}

/**
 * An address as it is written on a parcel: name, company, street lines, "city, state ZIP", country (named in
 * the reader's language when it is a code), phone. Changed fields are marked and followed by "(different)"
 * for screen readers, so the difference is not shown by colour alone.
 */
function addressBlock(
	t: Translator,
	values: Record<AddressField, string>,
	changed: ReadonlySet<AddressField>,
): SafeHtml {
	const marker = markup`<span class="visually-hidden"> ${t.t('suggestion.different')}</span>`;
	const part = (field: AddressField): SafeHtml | null => {
		const value = field === 'countryCode' ? countryOf(values.countryCode, t.locale) : values[field].trim();
		if (value === '') return null;
		return changed.has(field) ? markup`<mark class="changed">${value}</mark>${marker}` : markup`${value}`;
	};
	const join = (pieces: Array<SafeHtml | null>, separator: string): SafeHtml | null => {
		const present = pieces.filter((p): p is SafeHtml => p !== null);
		return present.length === 0 ? null : raw(present.map((p) => p.value).join(separator));
	};
	const regionLine = join([part('provinceCode'), part('zip')], ' ');
	const placeLine = join([part('city'), regionLine], ', ');
	const addressLines = [
		part('name'),
		part('company'),
		part('address1'),
		part('address2'),
		placeLine,
		part('countryCode'),
		part('phone'),
	];
	return markup`<p class="address">${join(addressLines, '<br>')}</p>`;
}

/** "US" as "United States" in the reader's language; anything that is not a 2-letter code as typed. */
function countryOf(value: string, locale: string): string {
	const code = value.trim().toUpperCase();
	return /^[A-Z]{2}$/.test(code) ? countryName(code, locale) : value.trim();
}

/** The caller's hidden inputs; a name the form writes itself is left out, so no field is sent twice. */
function hiddenInputs(hidden: unknown, own: ReadonlySet<string>): SafeHtml | null {
	if (typeof hidden !== 'object' || hidden === null) return null;
	const inputs = Object.entries(hidden as Record<string, unknown>)
		.filter(([name]) => !own.has(name))
		.map(([name, value]) => markup`<input type="hidden" name="${name}" value="${String(value ?? '')}">`);
	return inputs.length === 0 ? null : lines(...inputs);
}

function backLink(t: Translator, statusUrl: string): SafeHtml | null {
	const href = safeLinkUrl(statusUrl);
	return href ? markup`<p class="back"><a href="${href}">${t.t('request.backToOrder')}</a></p>` : null;
}

function titleOf(t: Translator, branding: Branding, heading: string): string {
	const storeName = storeNameOf(branding);
	return storeName ? t.t('request.documentTitle', { title: heading, storeName }) : heading;
}

/**
 * The end every request page shares: "back to my order", the contact links, and the document around it
 * (`formAction`: where its form posts, for the page's own policy; null without a form).
 */
function requestDocument(
	t: Translator,
	opts: { branding: Branding; langLinks: LangLinks; orderName: string; statusUrl: string },
	heading: string,
	main: SafeHtml,
	formAction: string | null,
): string {
	return documentOf({
		t,
		branding: opts.branding,
		title: titleOf(t, opts.branding, heading),
		main: lines(
			main,
			backLink(t, opts.statusUrl),
			contactSection(t, opts.branding, t.t('contact.emailSubject', { orderName: opts.orderName })),
		),
		langLinks: opts.langLinks,
		formAction,
	});
}
