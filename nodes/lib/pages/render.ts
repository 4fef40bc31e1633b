/**
 * The customer pages as complete HTML documents: the order status page, the lookup form, and an error
 * page. Server-rendered with no script at all; every value from the record, the request or the store's
 * settings reaches the page through `markup` (escaped) after its URL or colour was checked. The pages of a
 * self-service request are in renderRequests.ts, built from the pieces exported here (documentOf, lines,
 * section, contactSection, timeTag...), which index.ts does not export.
 */
import { supportedLocaleOf } from './locale';
import { translator, usableTimeZone, type Translator } from './messages';
import {
	contrastRatio,
	markup,
	originOf,
	raw,
	safeEmail,
	safeHexColor,
	safeHttpUrl,
	safeLinkUrl,
	type SafeHtml,
} from './html';
import { styleSheet } from './styles';
import type { Destination, Milestone, Moment, ParcelView, StatusView } from './view';

export interface Branding {
	storeName: string;
	logoUrl?: string | null;
	accentColor?: string | null;
	supportEmail?: string | null;
	supportUrl?: string | null;
}

export const LOOKUP_NOTICES = [
	'not_found',
	'rate_limited',
	'expired_link',
	'bad_link',
	'bad_request',
	'session_expired',
] as const;
export type LookupNotice = (typeof LOOKUP_NOTICES)[number];

export type LangLinks = Array<{ locale: string; href: string }>;

/** The form fields the lookup page posts (besides the CSRF field the caller names). */
export const LOOKUP_FIELDS = { orderNumber: 'orderNumber', email: 'email' } as const;

/** Used when the store sets no accent colour, or one that is not readable on white. */
export const SAFE_ACCENT_COLOR = '#1d4ed8';
/** WCAG 2 AA for normal text. */
export const MIN_CONTRAST_RATIO = 4.5;
const PAGE_BACKGROUND = '#ffffff';
const RTL_LANGUAGES = new Set(['ar', 'dv', 'fa', 'he', 'ps', 'ur', 'yi']);
/** Longest value put back into a form field; anything longer was not typed by a customer. */
const MAX_FIELD_VALUE = 256;
const MAX_STORE_NAME = 120;
/** The lookup notice's element, which both fields point at (aria-describedby). */
const NOTICE_ID = 'lookup-notice';

/**
 * The store's accent colour when it is "#rgb"/"#rrggbb" and readable on the white page (links, white text
 * on the button); otherwise a dark blue that is.
 */
export function pageAccentColor(accentColor: unknown): string {
	const color = safeHexColor(accentColor);
	return color !== null && contrastRatio(color, PAGE_BACKGROUND) >= MIN_CONTRAST_RATIO ? color : SAFE_ACCENT_COLOR;
}

/* ---------- the three pages ---------- */

/** The self-service actions the status page has words for (actions.<kind>.link and .until). */
const ACTION_KINDS = ['address_change', 'cancel', 'swap'] as const;

/** A self-service action the status page offers while its window is open (the caller decides that). */
export interface StatusAction {
	kind: (typeof ACTION_KINDS)[number];
	/** The action's page: a path on this server or an absolute http(s) URL (anything else is left out). */
	href: string;
	/** When the window closes, UTC ISO; null when it has no deadline (or none the customer can plan on). */
	closesAt: string | null;
}

/** A request of the customer's still being worked on: by a person (pending_review) or by our team (received). */
export interface PendingRequest {
	kind: 'address_change' | 'cancel' | 'swap';
	outcome: 'pending_review' | 'received';
}

export function renderStatusPage(
	view: StatusView,
	opts: {
		t: Translator;
		branding: Branding;
		lookupUrl: string;
		langLinks: LangLinks;
		actions?: StatusAction[];
		pendingRequest?: PendingRequest | null;
	},
): string {
	const { t } = opts;
	const storeName = storeNameOf(opts.branding);
	const lookupUrl = safeLinkUrl(opts.lookupUrl);
	const main = lines(
		markup`<p class="eyebrow">${t.t('status.orderLabel', { orderName: view.orderName })}</p>`,
		markup`<h1>${t.t(`stage.${view.stage}.title`)}</h1>`,
		markup`<p class="lead">${t.t(`stage.${view.stage}.body`)}</p>`,
		placedLine(view, t),
		expectedLine(view, t),
		pendingRequestSection(opts.pendingRequest, t),
		noticesSection(view, t),
		parcelsSection(view, t),
		timelineSection(view, t),
		destinationSection(view, t),
		actionsSection(opts.actions, view.timeZone, t),
		contactSection(t, opts.branding, t.t('contact.emailSubject', { orderName: view.orderName })),
		lookupUrl ? markup`<p><a href="${lookupUrl}">${t.t('status.lookupAnother')}</a></p>` : null,
	);
	const title = storeName
		? t.t('status.documentTitle', { orderName: view.orderName, storeName })
		: t.t('status.orderLabel', { orderName: view.orderName });
	return documentOf({ t, branding: opts.branding, title, main, langLinks: opts.langLinks, formAction: null });
}

export function renderLookupPage(opts: {
	t: Translator;
	branding: Branding;
	action: string;
	csrfField: { name: string; value: string };
	notice?: LookupNotice | null;
	orderNumber?: string | null;
	email?: string | null;
	langLinks: LangLinks;
}): string {
	const { t } = opts;
	const storeName = storeNameOf(opts.branding);
	const action = safeLinkUrl(opts.action);
	const notice = (LOOKUP_NOTICES as readonly unknown[]).includes(opts.notice) ? (opts.notice as LookupNotice) : null;
	const main = lines(
		markup`<h1>${t.t('lookup.heading')}</h1>`,
		markup`<p class="lead">${t.t('lookup.intro')}</p>`,
		notice
			? markup`<div class="alert" id="${NOTICE_ID}" role="alert"><p>${t.t(`lookup.notice.${notice}`)}</p></div>`
			: null,
		lookupForm(opts, action, notice),
		contactSection(t, opts.branding, t.t('contact.emailSubjectGeneric')),
	);
	const title = storeName ? t.t('lookup.documentTitle', { storeName }) : t.t('lookup.heading');
	return documentOf({ t, branding: opts.branding, title, main, langLinks: opts.langLinks, formAction: action });
}

export function renderErrorPage(opts: { t: Translator; branding: Branding; status: number }): string {
	const { t } = opts;
	const status = Number.isInteger(opts.status) && opts.status >= 400 && opts.status <= 599 ? opts.status : 500;
	const kind = errorKindOf(status);
	const heading = t.t(`error.${kind}.title`);
	const storeName = storeNameOf(opts.branding);
	const main = lines(
		markup`<p class="eyebrow">${t.t('error.code', { status: String(status) })}</p>`,
		markup`<h1>${heading}</h1>`,
		markup`<p class="lead">${t.t(`error.${kind}.body`)}</p>`,
		contactSection(t, opts.branding, t.t('contact.emailSubjectGeneric')),
	);
	const title = storeName ? t.t('error.documentTitle', { title: heading, storeName }) : heading;
	return documentOf({ t, branding: opts.branding, title, main, langLinks: [], formAction: null });
}

/** The wording an HTTP status gets: what the customer can do about it, not what the server thinks. */
export function errorKindOf(status: number): string {
	if (status === 401 || status === 403) return 'forbidden';
	if (status === 404) return 'not_found';
	if (status === 410) return 'gone';
	if (status === 429) return 'rate_limited';
	if (status >= 500) return 'server';
	if (status === 400 || status === 405 || status === 413 || status === 415 || status === 422) return 'bad_request';
	return 'generic';
}

/* ---------- the document around every page ---------- */

export function documentOf(p: {
	t: Translator;
	branding: Branding;
	title: string;
	main: SafeHtml;
	langLinks: LangLinks;
	formAction: string | null;
}): string {
	const { t } = p;
	const branding = p.branding ?? ({} as Branding);
	const logo = safeHttpUrl(branding.logoUrl);
	const storeName = storeNameOf(branding);
	const direction = RTL_LANGUAGES.has(t.locale.split('-')[0]) ? 'rtl' : 'ltr';
	const page = lines(
		markup`<!DOCTYPE html>`,
		markup`<html lang="${t.locale}" dir="${direction}">`,
		markup`<head>`,
		markup`<meta charset="utf-8">`,
		markup`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		markup`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(logo, p.formAction)}">`,
		markup`<meta name="referrer" content="same-origin">`,
		markup`<meta name="robots" content="noindex, nofollow">`,
		markup`<title>${p.title}</title>`,
		markup`<style>${raw(styleSheet(pageAccentColor(branding.accentColor)))}</style>`,
		markup`</head>`,
		markup`<body>`,
		markup`<a class="skip" href="#main">${t.t('page.skipToContent')}</a>`,
		markup`<header class="site"><div class="wrap">`,
		markup`<p class="brand">${logo ? markup`<img src="${logo}" alt="${storeName}">` : storeName}</p>`,
		languageNav(t, p.langLinks),
		markup`</div></header>`,
		markup`<main id="main" tabindex="-1"><div class="wrap">`,
		p.main,
		markup`</div></main>`,
		markup`<footer class="site"><div class="wrap">${storeName ? markup`<p>${storeName}</p>` : null}</div></footer>`,
		markup`</body>`,
		markup`</html>`,
	);
	return `${page.value}\n`;
}

/**
 * Defence in depth beside escaping: no script, frame, font or connection of any kind; styles only inline;
 * images only from the logo's origin; the form posts only to this server or the action's origin. The
 * referrer is withheld (meta referrer) so a signed link never reaches a carrier's site.
 */
function contentSecurityPolicy(logo: string | null, formAction: string | null): string {
	const imageSources = originOf(logo) ?? "'none'";
	const formTargets = formAction === null ? "'none'" : ["'self'", originOf(formAction)].filter(Boolean).join(' ');
	return [
		"default-src 'none'",
		"style-src 'unsafe-inline'",
		`img-src ${imageSources}`,
		`form-action ${formTargets}`,
		"base-uri 'none'",
	].join('; ');
}

function languageNav(t: Translator, links: LangLinks): SafeHtml | null {
	const items = (Array.isArray(links) ? links : []).flatMap((link) => {
		const locale = supportedLocaleOf(link?.locale);
		const href = safeLinkUrl(link?.href);
		if (locale === null || href === null) return [];
		const current = locale === t.locale ? raw(' aria-current="true"') : null;
		const name = translator(locale).t('language.name');
		return [markup`<li><a href="${href}" hreflang="${locale}" lang="${locale}"${current}>${name}</a></li>`];
	});
	if (items.length === 0) return null;
	return markup`<nav class="lang" aria-label="${t.t('nav.language')}"><ul>${items}</ul></nav>`;
}

export function storeNameOf(branding: Branding | null | undefined): string {
	const name = branding?.storeName;
	return typeof name === 'string' ? oneLine(name).slice(0, MAX_STORE_NAME) : '';
}

export function fieldValue(value: unknown): string {
	return typeof value === 'string' ? value.slice(0, MAX_FIELD_VALUE) : '';
}

/* ---------- the lookup form ---------- */

function lookupForm(
	opts: Parameters<typeof renderLookupPage>[0],
	action: string | null,
	notice: LookupNotice | null,
): SafeHtml {
	const { t } = opts;
	const csrf = opts.csrfField && typeof opts.csrfField.name === 'string' ? opts.csrfField : null;
	// "No such order" and "wrong email" are one answer, so both fields are marked, never just one.
	const invalid = notice === 'not_found' ? raw(' aria-invalid="true"') : null;
	const orderDescribedBy = notice ? `order-number-hint ${NOTICE_ID}` : 'order-number-hint';
	const emailDescribedBy = notice ? markup` aria-describedby="${NOTICE_ID}"` : null;
	return lines(
		markup`<form method="post" action="${action ?? ''}">`,
		csrf ? markup`<input type="hidden" name="${csrf.name}" value="${String(csrf.value ?? '')}">` : null,
		markup`<div class="field">`,
		markup`<label for="order-number">${t.t('lookup.orderNumber')}</label>`,
		markup`<p class="hint" id="order-number-hint">${t.t('lookup.orderNumberHint')}</p>`,
		markup`<input type="text" id="order-number" name="${LOOKUP_FIELDS.orderNumber}"
 value="${fieldValue(opts.orderNumber)}" required maxlength="64" autocomplete="off"
 inputmode="text" autocapitalize="characters" spellcheck="false" aria-describedby="${orderDescribedBy}"${invalid}>`,
		markup`</div>`,
		markup`<div class="field">`,
		markup`<label for="email">${t.t('lookup.email')}</label>`,
		markup`<input type="email" id="email" name="${LOOKUP_FIELDS.email}"
 value="${fieldValue(opts.email)}" required maxlength="254" autocomplete="email"
 inputmode="email" autocapitalize="none" spellcheck="false"${emailDescribedBy}${invalid}>`,
		markup`</div>`,
		markup`<button type="submit" class="button">${t.t('lookup.submit')}</button>`,
		markup`</form>`,
	);
}

/* ---------- status page sections ---------- */

function placedLine(view: StatusView, t: Translator): SafeHtml | null {
	if (view.placedAt === null) return null;
	const date = timeTag({ iso: view.placedAt, timeZone: view.timeZone, precision: 'date' }, t);
	return markup`<p class="meta">${richText(t, 'status.placedOn', { date })}</p>`;
}

function expectedLine(view: StatusView, t: Translator): SafeHtml | null {
	// A parcel's own estimate is more precise than the store's promise; the promise stands in before one exists.
	if (view.promisedBy === null || view.parcels.some((p) => p.estimate || p.commitment || p.window)) return null;
	return markup`<p class="meta">${richText(t, 'status.expectedBy', { date: timeTag(view.promisedBy, t) })}</p>`;
}

function noticesSection(view: StatusView, t: Translator): SafeHtml | null {
	if (view.notices.length === 0) return null;
	const items = view.notices.map(
		(n) =>
			markup`<li class="notice"><h3>${t.t(`notice.${n.kind}.title`)}</h3><p>${t.t(`notice.${n.kind}.body`)}</p></li>`,
	);
	return section(
		'notices',
		t.t('notices.heading', { count: view.notices.length }),
		markup`<ul class="notices">${items}</ul>`,
	);
}

function parcelsSection(view: StatusView, t: Translator): SafeHtml | null {
	if (view.parcels.length === 0) return null;
	const count = view.parcels.length;
	const items = view.parcels.map((p) => parcelItem(p, count, t));
	return section('parcels', t.t('parcels.heading', { count }), markup`<ol class="parcels">${items}</ol>`);
}

function parcelItem(p: ParcelView, count: number, t: Translator): SafeHtml {
	const title =
		p.direction === 'return' ? t.t('parcel.returnTitle') : count > 1 ? t.t('parcel.title', { index: p.index }) : null;
	const place = p.lastScan?.place ? markup`<span class="place-name">${p.lastScan.place}</span><br>` : null;
	const rows = [
		row(t.t('parcel.status'), t.t(`parcel.status.${p.status}`)),
		p.carrier ? row(t.t('parcel.carrier'), p.carrier) : null,
		p.trackingNumber
			? row(t.t('parcel.trackingNumber'), markup`<span class="tracking-number">${p.trackingNumber}</span>`)
			: null,
		p.lastScan ? row(t.t('parcel.lastScan'), markup`${place}${timeTag(p.lastScan.at, t)}`) : null,
		p.shippedAt ? row(t.t('parcel.shipped'), timeTag(p.shippedAt, t)) : null,
		deliveryRow(p, t),
	];
	const linkText = p.carrier ? t.t('parcel.trackLink', { carrier: p.carrier }) : t.t('parcel.trackLinkGeneric');
	// noreferrer: the page's own address may carry a signed link, which is nothing a carrier should see.
	const link = p.trackingUrl
		? markup`<p class="track"><a href="${p.trackingUrl}" rel="noopener noreferrer">${linkText}</a></p>`
		: null;
	const heading = title ? markup`<h3>${title}</h3>` : null;
	return markup`<li class="parcel">${heading}<dl class="facts">${rows}</dl>${link}</li>`;
}

/** Delivered, else the firmest promise there is: the carrier's commitment, its window, its estimate. */
function deliveryRow(p: ParcelView, t: Translator): SafeHtml | null {
	if (p.deliveredAt) return row(t.t('parcel.delivered'), timeTag(p.deliveredAt, t));
	if (p.commitment) return row(t.t('parcel.commitment'), timeTag(p.commitment, t));
	const from = p.window?.from ?? null;
	const to = p.window?.to ?? null;
	const window = t.t('parcel.window');
	// A window that opens and closes on the same day is that day.
	if (from && to && machineTime(from) === machineTime(to)) return row(t.t('parcel.estimate'), timeTag(to, t));
	if (from && to) return row(window, richText(t, 'parcel.windowRange', { from: timeTag(from, t), to: timeTag(to, t) }));
	if (p.estimate) return row(t.t('parcel.estimate'), timeTag(p.estimate, t));
	if (from) return row(window, richText(t, 'parcel.windowFrom', { from: timeTag(from, t) }));
	if (to) return row(window, richText(t, 'parcel.windowTo', { to: timeTag(to, t) }));
	return null;
}

function timelineSection(view: StatusView, t: Translator): SafeHtml | null {
	if (view.timeline.length === 0) return null;
	const items = view.timeline.map((m) => milestoneItem(m, t));
	return section('timeline', t.t('timeline.heading'), markup`<ol class="timeline">${items}</ol>`);
}

function milestoneItem(m: Milestone, t: Translator): SafeHtml {
	const words =
		m.kind === 'shipped' && m.carrier
			? t.t('milestone.shippedWith', { carrier: m.carrier })
			: t.t(`milestone.${m.kind}`);
	const parcel =
		m.parcel !== null ? markup`<span class="parcel-ref">${t.t('timeline.parcel', { index: m.parcel })}</span>` : null;
	const place = m.place ? markup`<span class="place">${m.place}</span>` : null;
	return markup`<li>${timeTag(m.at, t)}${parcel}<span class="step">${words}</span>${place}</li>`;
}

/** "Your request to change the address is being reviewed": what happens next, before anything else on the page. */
function pendingRequestSection(pending: PendingRequest | null | undefined, t: Translator): SafeHtml | null {
	if (!pending || !PENDING_OUTCOMES.has(pending.outcome)) return null;
	const kind = pending.kind === 'cancel' || pending.kind === 'swap' ? pending.kind : 'address_change';
	return lines(
		markup`<section class="request" aria-labelledby="request-heading">`,
		markup`<h2 id="request-heading">${t.t(`status.pending.${pending.outcome}.title`, { kind })}</h2>`,
		markup`<p>${t.t(`status.pending.${pending.outcome}.body`, { kind })}</p>`,
		markup`</section>`,
	);
}

const PENDING_OUTCOMES: ReadonlySet<string> = new Set(['pending_review', 'received']);

/**
 * "Need to change something?": a link per action the caller offers, in the order given, with its deadline in
 * the order's zone; a kind the page has no words for is left out.
 */
function actionsSection(actions: StatusAction[] | undefined, timeZone: string, t: Translator): SafeHtml | null {
	const items = (Array.isArray(actions) ? actions : []).flatMap((action) => {
		const href = safeLinkUrl(action?.href);
		const kind = ACTION_KINDS.find((known) => known === action?.kind);
		if (kind === undefined || href === null) return [];
		const closesAt = instantOf(action.closesAt, timeZone);
		const until = closesAt ? richText(t, `actions.${kind}.until`, { time: timeTag(closesAt, t) }) : null;
		const link = markup`<a href="${href}">${t.t(`actions.${kind}.link`)}</a>`;
		return [markup`<li>${link}${until ? markup`<p class="meta">${until}</p>` : null}</li>`];
	});
	if (items.length === 0) return null;
	return section('actions', t.t('actions.heading'), markup`<ul class="actions-list">${items}</ul>`);
}

function destinationSection(view: StatusView, t: Translator): SafeHtml | null {
	const address = view.destination ? destinationText(view.destination, t.locale) : null;
	if (!address && !view.email) return null;
	return section(
		'destination',
		t.t('destination.heading'),
		markup`<dl class="facts">${[
			address ? row(t.t('destination.address'), address) : null,
			view.email ? row(t.t('destination.email'), view.email) : null,
		]}</dl>`,
		markup`<p class="privacy">${t.t('destination.privacy')}</p>`,
	);
}

/** "Springfield, IL 627**, United States", the country named in the reader's language. */
function destinationText(d: Destination, locale: string): string | null {
	const regionLine = [d.region, d.postcode].filter((x) => x !== null).join(' ');
	const country = d.countryCode ? countryName(d.countryCode, locale) : d.country;
	const parts = [d.city, regionLine, country].filter((x): x is string => typeof x === 'string' && x !== '');
	return parts.length === 0 ? null : parts.join(', ');
}

export function countryName(code: string, locale: string): string {
	try {
		return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
	} catch {
		return code;
	}
}

export function contactSection(t: Translator, branding: Branding, subject: string): SafeHtml {
	const email = safeEmail(branding?.supportEmail);
	const url = safeHttpUrl(branding?.supportUrl);
	const ways: Array<{ href: string; words: string }> = [];
	if (email) ways.push({ href: `mailto:${email}?subject=${encodeURIComponent(subject)}`, words: t.t('contact.email') });
	if (url) ways.push({ href: url, words: t.t('contact.helpCenter') });
	if (ways.length === 0) return section('contact', t.t('contact.heading'), markup`<p>${t.t('contact.noChannel')}</p>`);
	// The first way to reach the store is the page's one button.
	const actions = ways.map((way, i) =>
		i === 0
			? markup`<a class="button" href="${way.href}">${way.words}</a>`
			: markup`<a href="${way.href}">${way.words}</a>`,
	);
	return section(
		'contact',
		t.t('contact.heading'),
		markup`<p>${t.t('contact.body')}</p>`,
		markup`<p class="actions">${actions}</p>`,
	);
}

/* ---------- small pieces ---------- */

/** A section named by its own heading (a landmark a screen reader can list). */
export function section(name: string, heading: string, ...content: SafeHtml[]): SafeHtml {
	return lines(
		markup`<section aria-labelledby="${name}-heading">`,
		markup`<h2 id="${name}-heading">${heading}</h2>`,
		...content,
		markup`</section>`,
	);
}

/** Pieces of markup one per line (the absent ones left out), so the page source reads like the page. */
export function lines(...pieces: Array<SafeHtml | null>): SafeHtml {
	return raw(
		pieces
			.filter((piece): piece is SafeHtml => piece !== null)
			.map((piece) => piece.value)
			.join('\n'),
	);
}

function row(label: string, value: string | SafeHtml): SafeHtml {
	return markup`<dt>${label}</dt><dd>${value}</dd>`;
}

/** A UTC instant to show as a date and time in `timeZone`, or null when `iso` is not an instant. */
export function instantOf(iso: unknown, timeZone: string): Moment | null {
	if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(iso)) return null;
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? null : { iso: new Date(ms).toISOString(), timeZone, precision: 'time' };
}

/** A moment as words in the reader's language, and as machine-readable time for assistive technology. */
export function timeTag(m: Moment, t: Translator): SafeHtml {
	const words = m.precision === 'date' ? t.date(m.iso, m.timeZone) : t.dateTime(m.iso, m.timeZone);
	return markup`<time datetime="${machineTime(m)}">${words}</time>`;
}

/** The instant itself, or for a day the calendar date in the moment's zone. */
function machineTime(m: Moment): string {
	if (m.precision === 'time' || /^\d{4}-\d{2}-\d{2}$/.test(m.iso)) return m.iso;
	const ms = Date.parse(m.iso);
	if (Number.isNaN(ms)) return m.iso;
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: usableTimeZone(m.timeZone),
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).formatToParts(ms);
	const part = (type: string): string => parts.find((x) => x.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * A message whose placeholders hold markup ("Placed on {date}" with a <time> element): the message is
 * formatted with stand-ins, escaped as a whole, and only then are the stand-ins swapped for the markup.
 */
export function richText(t: Translator, id: string, parts: Record<string, SafeHtml>): SafeHtml {
	const names = Object.keys(parts);
	const standIns = Object.fromEntries(names.map((name, i) => [name, `${STAND_IN}${i}${STAND_IN}`]));
	const escaped = markup`${t.t(id, standIns)}`.value;
	return raw(escaped.replace(STAND_INS, (_, i: string) => parts[names[Number(i)]].value));
}

/** A character no message and no value in one contains (values reach richText only as markup parts). */
const STAND_IN = '\u2063';
const STAND_INS = /\u2063(\d+)\u2063/g;

/** Text as one line: control characters and runs of white space become one space. */
function oneLine(text: string): string {
	return text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
}
