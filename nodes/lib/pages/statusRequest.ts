/**
 * One request to the order status page, answered (issue 17). The Webhook node hands over the request; this
 * decides what the customer sees: the lookup form, the order's page (from a signed link), or a redirect to
 * that link once a lookup by order number + email succeeds (so a refresh never re-posts the form, and the
 * page can be bookmarked). Pure apart from the ledger reads and the attempt counter passed in.
 *
 * Customer mistakes and hostile input are answers, not errors: each gets a page that says what to do, with
 * one wording and one status for "no such order" and "wrong email".
 */
import type { AttemptCount, AttemptOptions, LedgerEvent, NewEvent } from '../ledger/types';
import type { EditRequestData, OrderRecord } from '../order/types';
import {
	editWindow,
	kindOfField,
	newestOutcomeOf,
	requestDataOf,
	waitingRequestsOf,
	type RequestKind,
	type SelfServiceRules,
} from '../selfservice';
import {
	clientSubject,
	emailMatches,
	emailSubject,
	FORM_TOKEN_FIELD,
	formTokenValid,
	issueFormToken,
	orderSubject,
	readLookupInput,
	issueStatusLink,
	statusLinkUrl,
	verifyStatusLink,
} from './access';
import { chooseLocale, PAGE_LOCALES, supportedLocaleOf } from './locale';
import { translator } from './messages';
import { renderErrorPage, renderLookupPage, renderStatusPage, type Branding, type PendingRequest } from './render';
import { LOOKUP_CLIENT_WINDOW_SECONDS, LOOKUP_ORDER_WINDOW_SECONDS, type PageSettings } from './settings';
import { statusViewOf } from './view';

/** The request as n8n's Webhook node outputs it. */
export interface PageRequest {
	query?: Record<string, unknown>;
	body?: unknown;
	headers?: Record<string, unknown>;
}

export interface PageDeps {
	settings: PageSettings;
	storeName: string;
	storeTimeZone: string;
	now: Date;
	getOrder(orderKey: string): Promise<OrderRecord | null>;
	/**
	 * The order's stored observations (the ledger's events), for the carrier scans the record does not keep:
	 * they fill the timeline. Optional: without it the page shows the record's newest scan only.
	 */
	getObservations?(orderKey: string): Promise<unknown[]>;
	/**
	 * The order's customer events (requests and decisions). Optional: with it the page shows a decision made since
	 * the event processor last ran; without it, what the record says.
	 */
	requestEvents?(orderKey: string): Promise<LedgerEvent[]>;
	countAttempt(opts: AttemptOptions): Promise<AttemptCount>;
	/** The nonce of a new form token (random; tests pass their own so two pages can be compared). */
	newNonce?: () => string;
	/** The store's self-service rules: with an address change page set, the page offers the change while it may. */
	rules?: SelfServiceRules;
}

/**
 * The self-service links (address change, cancellation, item swap), each while the record says its window may
 * still be open, and each only when its page has an address in the settings and the rules allow it. The
 * record's warehouse status stands in for a live read here (the request page reads the warehouse itself before
 * anything changes), so a link is offered exactly when its page would not refuse at once.
 */
export function selfServiceActions(
	record: OrderRecord,
	settings: PageSettings,
	rules: SelfServiceRules | undefined,
	now: Date,
	hrefs: { addressChange: string; cancel: string; swap?: string },
): Array<{ kind: RequestKind; href: string; closesAt: string | null }> {
	if (!rules) return [];
	const known = record.sourceStatus?.fulfillment?.status ?? 'not_found';
	const window = editWindow(record, rules, { status: known, observedAt: now.toISOString() }, now);
	if (!window.open) return [];
	const out: Array<{ kind: RequestKind; href: string; closesAt: string | null }> = [];
	if (settings.addressChangeUrl && rules.allowAddressChange)
		out.push({ kind: 'address_change', href: hrefs.addressChange, closesAt: window.closesAt });
	if (settings.cancelUrl && rules.allowCancellation)
		out.push({ kind: 'cancel', href: hrefs.cancel, closesAt: window.closesAt });
	if (settings.swapUrl && rules.allowItemSwap && hrefs.swap)
		out.push({ kind: 'swap', href: hrefs.swap, closesAt: window.closesAt });
	return out;
}

/** As the record has it: the newest request reconciled into the order (the event processor's last run). */
export function pendingRequestOf(record: OrderRecord): (PendingRequest & { requestId: string | null }) | undefined {
	let newest: { at: string; data: EditRequestData } | undefined;
	for (const fact of record.facts ?? []) {
		if (fact.kind !== 'edit_request') continue;
		const data = fact.data as EditRequestData;
		const at = String(data.requestedAt ?? '');
		if (!newest || at > newest.at) newest = { at, data };
	}
	const outcome = newest?.data.outcome;
	if (outcome !== 'approval' && outcome !== 'failed') return undefined;
	return {
		kind: kindOfField(newest!.data.field),
		outcome: outcome === 'approval' ? 'pending_review' : 'received',
		requestId: newest!.data.requestId ?? null,
	};
}

/**
 * The request waiting for a person as of now. The ledger's customer events are written the moment a page takes a
 * request or a person decides one, before the event processor reconciles them into the record, so when they are
 * given they decide: a request approved a minute ago no longer shows as "being reviewed". The record still counts
 * for a request whose events the ledger no longer holds.
 */
export function pendingRequestNow(
	record: OrderRecord,
	events?: ReadonlyArray<Pick<NewEvent, 'payload' | 'key'>>,
): PendingRequest | undefined {
	const onRecord = pendingRequestOf(record);
	const waiting = events ? waitingRequestsOf(events)[0] : undefined;
	if (waiting)
		return {
			kind: kindOfField(waiting.field),
			outcome: waiting.outcome === 'approval' ? 'pending_review' : 'received',
		};
	if (!onRecord) return undefined;
	// The record's request has a newer outcome in the events (decided since): nothing waits.
	if (events && onRecord.requestId && newestOutcomeOf(events, onRecord.requestId)) return undefined;
	return { kind: onRecord.kind, outcome: onRecord.outcome };
}

/**
 * Whether the ledger's customer events hold a cancellation of the order carried out (applied by the page, or
 * approved by a person): the record says so only after the event processor's next run, and until then the page
 * must not offer changes to an order that is no longer going out.
 */
export function cancelledByRequest(events?: ReadonlyArray<Pick<NewEvent, 'payload' | 'key'>>): boolean {
	if (!events) return false;
	const ids = new Set(events.map((e) => requestDataOf(e)?.requestId).filter((id): id is string => !!id));
	return [...ids].some((id) => {
		const newest = newestOutcomeOf(events, id);
		return newest?.field === 'cancel' && (newest.outcome === 'applied' || newest.outcome === 'approved');
	});
}

/** What the customer's browser should get and, for the execution log, what happened (never the email). */
export type Outcome =
	| 'lookup_form'
	| 'status_page'
	| 'found'
	| 'not_found'
	| 'rate_limited'
	| 'csrf_failed'
	| 'bad_request'
	| 'bad_link'
	| 'expired_link'
	| 'error';

export type PageAnswer =
	| {
			kind: 'page';
			statusCode: number;
			headers: Record<string, string>;
			body: string;
			outcome: Outcome;
			locale: string;
			orderKey?: string;
	  }
	| {
			kind: 'redirect';
			statusCode: 303;
			location: string;
			headers: Record<string, string>;
			outcome: 'found';
			orderKey: string;
	  };

/**
 * The headers of every page. n8n 2.x sets its own Content-Security-Policy on webhook answers (a sandbox) and
 * drops ours, so the page's policy is in its <meta http-equiv> (no script, no frames, forms only to here);
 * X-Frame-Options refuses framing, which a meta policy cannot. same-origin keeps the signed link out of the
 * carriers' logs when the customer follows a tracking link; no-store keeps an order's page out of caches.
 */
export function pageHeaders(locale: string): Record<string, string> {
	return {
		'Content-Type': 'text/html; charset=utf-8',
		'Cache-Control': 'no-store',
		'Referrer-Policy': 'same-origin',
		'X-Content-Type-Options': 'nosniff',
		'X-Frame-Options': 'DENY',
		'Content-Language': locale,
	};
}

const REDIRECT_HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin' };

type Notice = 'not_found' | 'rate_limited' | 'expired_link' | 'bad_link' | 'bad_request' | 'session_expired';

function text(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

function formOf(body: unknown): Record<string, unknown> | null {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
	const form = body as Record<string, unknown>;
	return 'orderNumber' in form || 'email' in form || FORM_TOKEN_FIELD in form ? form : null;
}

function withLang(pageUrl: string, lang: string): string {
	const url = new URL(pageUrl);
	url.searchParams.set('lang', lang);
	return url.toString();
}

/** The store's branding from the page settings (the status page's and every request page's). */
export function brandingOf(settings: PageSettings, storeName: string): Branding {
	return {
		storeName,
		logoUrl: settings.logoUrl || null,
		accentColor: settings.accentColor || null,
		supportEmail: settings.supportEmail || null,
		supportUrl: settings.supportUrl || null,
	};
}

/**
 * The page for a failure of ours (the ledger unreachable): "we cannot show your order right now" in the
 * browser's language, so the customer never gets n8n's bare error; the execution still records the error.
 */
export function errorAnswer(
	request: PageRequest,
	settings: PageSettings,
	storeName: string,
	statusCode = 503,
): PageAnswer & { kind: 'page' } {
	const query = request.query ?? {};
	const locale = chooseLocale({
		explicit: text(query.lang),
		acceptLanguage: text((request.headers ?? {})['accept-language']),
	});
	const branding = brandingOf(settings, storeName);
	const body = renderErrorPage({ t: translator(locale), branding, status: statusCode });
	return { kind: 'page', statusCode, headers: pageHeaders(locale), body, outcome: 'error', locale };
}

export async function answerStatusRequest(request: PageRequest, deps: PageDeps): Promise<PageAnswer> {
	const { settings, now } = deps;
	const query = request.query ?? {};
	const headers = request.headers ?? {};
	const explicit = text(query.lang);
	const branding = brandingOf(settings, deps.storeName);
	const acceptLanguage = text(headers['accept-language']);

	const lookupPage = (
		statusCode: number,
		outcome: Outcome,
		notice: Notice | null,
		typed?: { orderNumber?: string | null; email?: string | null },
	): PageAnswer => {
		const locale = chooseLocale({ explicit, acceptLanguage });
		const body = renderLookupPage({
			t: translator(locale),
			branding,
			action: explicit ? withLang(settings.pageUrl, locale) : settings.pageUrl,
			csrfField: { name: FORM_TOKEN_FIELD, value: issueFormToken(settings.linkSecret, now, deps.newNonce?.()) },
			notice,
			orderNumber: typed?.orderNumber ?? null,
			email: typed?.email ?? null,
			langLinks: PAGE_LOCALES.map((l) => ({ locale: l, href: withLang(settings.pageUrl, l) })),
		});
		return { kind: 'page', statusCode, headers: pageHeaders(locale), body, outcome, locale };
	};

	const form = formOf(request.body);
	if (form) {
		const typed = { orderNumber: text(form.orderNumber), email: text(form.email) };
		// An Origin naming another site is refused outright. Our own form sends "null" (n8n's sandbox makes the
		// page an opaque origin) or nothing; then the token decides, which only a form we served carries.
		const origin = text(headers.origin);
		const sameOrigin = !origin || origin === 'null' || origin === new URL(settings.pageUrl).origin;
		if (!sameOrigin || !formTokenValid(form[FORM_TOKEN_FIELD], settings.linkSecret, now))
			return lookupPage(403, 'csrf_failed', 'session_expired', typed);
		const input = readLookupInput(form.orderNumber, form.email);
		if (!input.ok) return lookupPage(400, 'bad_request', 'bad_request', typed);
		// Per order number (guessing emails), per email (guessing order numbers: they are sequential) and per
		// client where a trusted proxy names it. Every subject is counted, refused or not, so no limit is an oracle.
		const subjects: Array<[string, number, number]> = [
			[orderSubject(input.orderKey, settings.linkSecret), settings.lookupsPerOrder, LOOKUP_ORDER_WINDOW_SECONDS],
			[emailSubject(input.email, settings.linkSecret), settings.lookupsPerOrder, LOOKUP_ORDER_WINDOW_SECONDS],
		];
		const client = clientSubject(headers, settings.linkSecret, settings.trustedProxies);
		if (client) subjects.unshift([client, settings.lookupsPerClient, LOOKUP_CLIENT_WINDOW_SECONDS]);
		let allowed = true;
		for (const [subject, limit, windowSeconds] of subjects) {
			const count = await deps.countAttempt({ subject, limit, windowSeconds, now: now.toISOString() });
			allowed &&= count.allowed;
		}
		if (!allowed) return lookupPage(429, 'rate_limited', 'rate_limited', typed);
		const record = await deps.getOrder(input.orderKey);
		if (!emailMatches(record?.customer?.email, input.email)) return lookupPage(404, 'not_found', 'not_found', typed);
		const expiresAt = new Date(now.getTime() + settings.linkLifetimeDays * 86_400_000);
		const token = issueStatusLink(input.orderKey, { secret: settings.linkSecret, expiresAt });
		return {
			kind: 'redirect',
			statusCode: 303,
			// Only a language we have: an unsupported ?lang must not override the customer's own on their page.
			location: statusLinkUrl(settings.pageUrl, token, supportedLocaleOf(explicit)),
			headers: REDIRECT_HEADERS,
			outcome: 'found',
			orderKey: input.orderKey,
		};
	}

	const token = query.t;
	if (token === undefined) return lookupPage(200, 'lookup_form', null);
	const link = verifyStatusLink(token, { secret: settings.linkSecret, now });
	if (!link.ok)
		return link.reason === 'expired'
			? lookupPage(410, 'expired_link', 'expired_link')
			: lookupPage(400, 'bad_link', 'bad_link');
	const record = await deps.getOrder(link.orderKey);
	if (!record) return lookupPage(404, 'not_found', 'not_found');
	const locale = chooseLocale({ explicit, customerLocale: record.customer?.locale ?? null, acceptLanguage });
	const observations = deps.getObservations ? await deps.getObservations(link.orderKey) : [];
	const view = statusViewOf(record, { now: now.toISOString(), storeTimeZone: deps.storeTimeZone, observations });
	const events = deps.requestEvents ? await deps.requestEvents(link.orderKey) : undefined;
	const pending = pendingRequestNow(record, events);
	const linkTo = (pageUrl: string) =>
		pageUrl ? statusLinkUrl(pageUrl, String(token), supportedLocaleOf(explicit)) : '';
	const hrefs = {
		addressChange: linkTo(settings.addressChangeUrl),
		cancel: linkTo(settings.cancelUrl),
		swap: linkTo(settings.swapUrl),
	};
	const body = renderStatusPage(view, {
		t: translator(locale),
		branding,
		lookupUrl: withLang(settings.pageUrl, locale),
		langLinks: PAGE_LOCALES.map((l) => ({ locale: l, href: statusLinkUrl(settings.pageUrl, String(token), l) })),
		// While a request waits for a person, the page says so instead of offering another change.
		// Nor after a cancellation the record does not show yet.
		actions: pending || cancelledByRequest(events) ? [] : selfServiceActions(record, settings, deps.rules, now, hrefs),
		pendingRequest: pending,
	});
	return {
		kind: 'page',
		statusCode: 200,
		headers: pageHeaders(locale),
		body,
		outcome: 'status_page',
		locale,
		orderKey: link.orderKey,
	};
}
