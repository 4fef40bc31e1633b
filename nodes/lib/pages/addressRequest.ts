/**
 * The customer's own address change (issue 17), one request answered. The customer opens the page from
 * their order's signed link, confirms the order's email, types the new address; the carrier checks it
 * (and may suggest a standardised form), the store's rules and the warehouse's live status decide, and an
 * "apply" is carried out through Shopify and the warehouse (nodes/lib/selfservice). Every request that
 * reaches a decision is recorded once in the ledger, so the order's timeline, its case and the weekly
 * report know of it.
 *
 * Pure apart from the calls passed in. Customer mistakes and hostile input are pages, never errors.
 */
import { createHash } from 'node:crypto';

import type { AddressCheck } from '../connectors/carriers/address';
import type { AttemptCount, AttemptOptions, NewEvent } from '../ledger/types';
import type { Address, EditRequestData, OrderRecord } from '../order/types';
import { destinationOf } from '../order/address';
import {
	decideRequest,
	editWindow,
	FINAL_REASONS,
	holdHandleOf,
	requestEvent,
	type AddressChangeResult,
	type ClosedReason,
	type AddressValidation,
	type Decision,
	type LiveStatus,
	type SelfServiceRules,
} from '../selfservice';
import {
	emailMatches,
	FORM_TOKEN_FIELD,
	formTokenValid,
	issueFormToken,
	orderSubject,
	statusLinkUrl,
	verifyStatusLink,
} from './access';
import { chooseLocale, PAGE_LOCALES } from './locale';
import { translator } from './messages';
import { renderLookupPage, type Branding } from './render';
import {
	ADDRESS_FIELDS,
	renderAddressChangePage,
	renderAddressSuggestionPage,
	renderRequestOutcomePage,
	type AddressField,
	type AddressFieldError,
	type AddressNotice,
	type AddressValues,
} from './renderRequests';
import { LOOKUP_ORDER_WINDOW_SECONDS, type PageSettings } from './settings';
import { pageHeaders, pendingRequestOf, type PageRequest } from './statusRequest';
import { statusViewOf } from './view';

export interface AddressChangeDeps {
	settings: PageSettings;
	rules: SelfServiceRules;
	storeName: string;
	storeTimeZone: string;
	now: Date;
	getOrder(orderKey: string): Promise<OrderRecord | null>;
	countAttempt(opts: AttemptOptions): Promise<AttemptCount>;
	/** The warehouse's status of the order read now; null when it could not be asked (the window stays shut). */
	readWarehouse(record: OrderRecord): Promise<LiveStatus | null>;
	/** The carrier's check of the address; absent when the store validates none (the rules then decide). */
	validateAddress?: (address: Address) => Promise<AddressCheck>;
	/** False when the warehouse's API cannot change a ship-to (Extensiv): every request then goes to a person. */
	warehouseCanChange?: boolean;
	/** Carries out an "apply" decision through Shopify and the warehouse. */
	applyChange(record: OrderRecord, address: Address, decision: Decision, handle: string): Promise<AddressChangeResult>;
	/** Appends the request, then its outcome, to the ledger; `duplicate` when the key was there already. */
	recordRequest(event: NewEvent): Promise<{ duplicate: boolean }>;
	/**
	 * The newest outcome recorded for a request of the order (null: none yet, it is still being carried out), so a
	 * form posted again (a refresh after the answer) shows how its request ended. Absent: "in hand" is answered.
	 */
	requestOutcome?: (orderKey: string, requestId: string) => Promise<EditRequestData | null>;
	newNonce?: () => string;
}

/** What happened, for the execution log and the item: never the email, the link or the address typed. */
export type AddressOutcome =
	| 'form'
	| 'suggestion'
	| 'applied'
	| 'pending_review'
	| 'refused'
	| 'received'
	| 'repeated'
	| 'pending'
	| 'invalid_input'
	| 'email_mismatch'
	| 'rate_limited'
	| 'csrf_failed'
	| 'bad_link'
	| 'expired_link'
	| 'not_found';

export interface AddressAnswer {
	statusCode: number;
	headers: Record<string, string>;
	body: string;
	locale: string;
	outcome: AddressOutcome;
	orderKey: string | null;
	/**
	 * What went wrong on the way without stopping the answer (a carrier or warehouse that could not be asked), for
	 * the execution log: the request then went to a person, and this says why. Vendor errors carry no secrets.
	 */
	warnings: string[];
	/** Set once a request reached a decision: what the ledger recorded. */
	request: {
		requestId: string;
		outcome: NonNullable<EditRequestData['outcome']>;
		reasons: string[];
		failedStep: string | null;
		heldFulfillmentOrders: string[];
		durationMs: number;
	} | null;
}

/** The form's own fields beside the address: which step posted it, and the customer's choices. */
const LINK_FIELD = 't';
const MAX_FIELD_LENGTH: Record<AddressField, number> = {
	name: 100,
	company: 100,
	address1: 100,
	address2: 100,
	city: 60,
	provinceCode: 10,
	zip: 20,
	countryCode: 2,
	phone: 30,
};
const REQUIRED: AddressField[] = ['name', 'address1', 'city', 'zip', 'countryCode'];
const MAX_EMAIL_LENGTH = 254;
// eslint-disable-next-line no-control-regex -- control characters are what a form field must not hold
const CONTROL = /[\u0000-\u001f\u007f]/g;

function messageOf(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}

function text(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

/**
 * The posted form, or null for a page view. n8n's Webhook node gives every request a body (`{}` for a GET), so
 * a post is a body with one of the fields our forms always carry.
 */
function formOf(body: unknown): Record<string, unknown> | null {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
	const form = body as Record<string, unknown>;
	return FORM_TOKEN_FIELD in form || LINK_FIELD in form ? form : null;
}

/** The address fields of a form (prefix "s_": the carrier's suggestion carried through the choice form). */
function readAddressFields(
	form: Record<string, unknown>,
	prefix = '',
): { values: AddressValues; errors: Partial<Record<AddressField, AddressFieldError>> } {
	const values: AddressValues = {};
	const errors: Partial<Record<AddressField, AddressFieldError>> = {};
	for (const field of ADDRESS_FIELDS) {
		const raw = text(form[`${prefix}${field}`]) ?? '';
		let value = raw.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
		if (field === 'countryCode' || field === 'provinceCode') value = value.toUpperCase();
		values[field] = value;
		if (value.length > MAX_FIELD_LENGTH[field]) errors[field] = 'too_long';
		else if (value === '' && REQUIRED.includes(field)) errors[field] = 'required';
		else if (field === 'countryCode' && value !== '' && !/^[A-Z]{2}$/.test(value)) errors[field] = 'not_a_country';
	}
	return { values, errors };
}

function addressOf(values: AddressValues): Address {
	const out: Address = {};
	for (const field of ADDRESS_FIELDS) out[field] = values[field] ? values[field] : null;
	return out;
}

function valuesOf(address: Address | null | undefined, fallback: AddressValues): AddressValues {
	const out: AddressValues = {};
	for (const field of ADDRESS_FIELDS) {
		const value = address?.[field];
		// A carrier never judges name, company or phone: those stay as the customer typed them.
		out[field] = typeof value === 'string' && value !== '' ? value : (fallback[field] ?? '');
	}
	return out;
}

function brandingOf(settings: PageSettings, storeName: string): Branding {
	return {
		storeName,
		logoUrl: settings.logoUrl || null,
		accentColor: settings.accentColor || null,
		supportEmail: settings.supportEmail || null,
		supportUrl: settings.supportUrl || null,
	};
}

/** A request's id, from its form token: the same form posted twice is the same request. */
export function requestIdOf(formToken: string): string {
	return createHash('sha256').update(`self-service-request\n${formToken}`).digest('base64url').slice(0, 22);
}

/**
 * The outcome must reach the ledger: it is what opens the case for a held order. A ledger that refuses three
 * times stops the execution with the request and what is held, so the error workflow tells a person.
 */
async function recordOutcome(
	deps: AddressChangeDeps,
	event: NewEvent,
	details: { heldFulfillmentOrders: string[]; failedStep: string | null },
): Promise<void> {
	let last: unknown;
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			await deps.recordRequest(event);
			return;
		} catch (error) {
			last = error;
		}
	}
	throw new Error(
		`The outcome of address change request ${event.key} could not be recorded in the ledger (${messageOf(last)}). ` +
			(details.heldFulfillmentOrders.length
				? `Fulfillment orders ${details.heldFulfillmentOrders.join(', ')} are held by this request` +
					`${details.failedStep ? ` (it stopped at ${details.failedStep})` : ''}: release them in Shopify once done.`
				: 'Nothing is held.'),
	);
}

const PAGE_OUTCOME: Record<NonNullable<EditRequestData['outcome']>, AddressOutcome> = {
	applied: 'applied',
	approval: 'pending_review',
	refused: 'refused',
	failed: 'received',
	approved: 'applied',
	rejected: 'refused',
};

/** The refusal reasons a customer is told (the rest are the store's business). */
const CUSTOMER_REFUSALS = new Set([
	'action_disabled',
	'cancelled',
	'returned',
	'delivered',
	'shipped',
	'new_address_missing',
	'address_unchanged',
	'address_invalid',
	'address_ambiguous',
]);

function shippedYet(record: OrderRecord): boolean {
	return (record.shipments ?? []).some((s) => s.direction !== 'return' && !s.voided);
}

/** The request's ledger event, where the pages' callers have always found it. */
export { requestEvent };

export async function answerAddressRequest(request: PageRequest, deps: AddressChangeDeps): Promise<AddressAnswer> {
	const { settings, now } = deps;
	const startedMs = Date.now();
	const query = request.query ?? {};
	const headers = request.headers ?? {};
	const form = formOf(request.body);
	const explicit = text(query.lang);
	const acceptLanguage = text(headers['accept-language']);
	const branding = brandingOf(settings, deps.storeName);
	const token = form ? form[LINK_FIELD] : query[LINK_FIELD];
	const warnings: string[] = [];

	const page = (
		statusCode: number,
		outcome: AddressOutcome,
		locale: string,
		body: string,
		orderKey: string | null,
		requestInfo: AddressAnswer['request'] = null,
	): AddressAnswer => ({
		statusCode,
		headers: pageHeaders(locale),
		body,
		locale,
		outcome,
		orderKey,
		warnings,
		request: requestInfo,
	});

	// Without a usable link there is no order: the lookup form says why (as the status page does).
	const lookup = (statusCode: number, outcome: AddressOutcome, notice: 'bad_link' | 'expired_link' | 'not_found') => {
		const locale = chooseLocale({ explicit, acceptLanguage });
		const withLang = (l: string) => {
			const url = new URL(settings.pageUrl);
			url.searchParams.set('lang', l);
			return url.toString();
		};
		const body = renderLookupPage({
			t: translator(locale),
			branding,
			action: settings.pageUrl,
			csrfField: { name: FORM_TOKEN_FIELD, value: issueFormToken(settings.linkSecret, now, deps.newNonce?.()) },
			notice,
			langLinks: PAGE_LOCALES.map((l) => ({ locale: l, href: withLang(l) })),
		});
		return page(statusCode, outcome, locale, body, null);
	};

	const link = verifyStatusLink(token, { secret: settings.linkSecret, now });
	if (!link.ok)
		return link.reason === 'expired'
			? lookup(410, 'expired_link', 'expired_link')
			: lookup(400, 'bad_link', 'bad_link');
	const orderKey = link.orderKey;
	const record = await deps.getOrder(orderKey);
	if (!record) return lookup(404, 'not_found', 'not_found');

	const locale = chooseLocale({ explicit, customerLocale: record.customer?.locale ?? null, acceptLanguage });
	const t = translator(locale);
	const changeUrl = settings.addressChangeUrl;
	const statusUrl = statusLinkUrl(settings.pageUrl, String(token), explicit ? locale : null);
	const langLinks = PAGE_LOCALES.map((l) => ({ locale: l, href: statusLinkUrl(changeUrl, String(token), l) }));
	const action = statusLinkUrl(changeUrl, String(token), explicit ? locale : null);
	// The order's name and zone (the destination's, when a carrier gave it) as the status page shows them.
	const { orderName, timeZone } = statusViewOf(record, { now: now.toISOString(), storeTimeZone: deps.storeTimeZone });
	const hidden = () => ({
		[FORM_TOKEN_FIELD]: issueFormToken(settings.linkSecret, now, deps.newNonce?.()),
		[LINK_FIELD]: String(token),
	});

	const outcomePage = (
		statusCode: number,
		outcome: 'applied' | 'pending_review' | 'refused' | 'received',
		reasons: string[],
		newAddress: AddressValues | null,
		requestInfo: AddressAnswer['request'] = null,
		pageOutcome: AddressOutcome = outcome,
	) =>
		page(
			statusCode,
			pageOutcome,
			locale,
			renderRequestOutcomePage({
				t,
				branding,
				langLinks,
				orderName,
				kind: 'address_change',
				outcome,
				reasons: reasons.filter((r) => CUSTOMER_REFUSALS.has(r)),
				newAddress,
				statusUrl,
			}),
			orderKey,
			requestInfo,
		);

	/** The window as the warehouse says now. A refusal is known before the customer types anything. */
	const judge = async () => {
		let live: LiveStatus | null = null;
		try {
			live = await deps.readWarehouse(record);
		} catch (error) {
			// Unknown keeps the window shut: the request then goes to a person, never applied blind.
			live = null;
			warnings.push(`The warehouse could not be asked for the order's status: ${messageOf(error)}`);
		}
		return editWindow(record, deps.rules, live, now);
	};

	const formPage = (
		statusCode: number,
		outcome: AddressOutcome,
		opts: {
			values?: AddressValues;
			fieldErrors?: Partial<Record<AddressField | 'email', AddressFieldError>>;
			notice?: AddressNotice | null;
			allowInsist?: boolean;
			closesAt?: string | null;
			/** Only once the email was confirmed: the form then comes back for the address alone. */
			email?: string;
		},
	) =>
		page(
			statusCode,
			outcome,
			locale,
			renderAddressChangePage({
				t,
				branding,
				langLinks,
				action,
				hidden: hidden(),
				orderName,
				values: opts.values ?? {},
				email: opts.email ?? null,
				fieldErrors: opts.fieldErrors ?? {},
				notice: opts.notice ?? null,
				closesAt: opts.closesAt ?? null,
				timeZone,
				allowInsist: opts.allowInsist ?? false,
				statusUrl,
			}),
			orderKey,
		);

	// A request already with a person is answered before another is taken: approving it later must not undo a
	// newer change, and a held order is not changed around its case.
	const pending = pendingRequestOf(record);
	if (pending) return outcomePage(200, pending.outcome, [], null, null, 'pending');

	if (!form) {
		// What would refuse any address is said before the customer types one; anything else is decided on the post.
		const window = await judge();
		const final: string[] = deps.rules.allowAddressChange ? [] : ['action_disabled'];
		if (!window.open && FINAL_REASONS.has(window.reason as ClosedReason)) final.push(window.reason);
		if (final.length > 0) return outcomePage(200, 'refused', final, null);
		return formPage(200, 'form', { closesAt: window.open ? window.closesAt : null });
	}

	// A post: our own form, within its lifetime, from this site (or the sandbox's "null" origin).
	const origin = text(headers.origin);
	const sameOrigin = !origin || origin === 'null' || origin === new URL(changeUrl).origin;
	const formToken = form[FORM_TOKEN_FIELD];
	if (!sameOrigin || !formTokenValid(formToken, settings.linkSecret, now))
		return formPage(403, 'csrf_failed', { notice: 'session_expired' });

	const typed = readAddressFields(form);
	const email = (text(form.email) ?? '').trim();
	const attempt = await deps.countAttempt({
		subject: `change:${orderSubject(orderKey, settings.linkSecret)}`,
		limit: settings.lookupsPerOrder,
		windowSeconds: LOOKUP_ORDER_WINDOW_SECONDS,
		now: now.toISOString(),
	});
	if (!attempt.allowed) return formPage(429, 'rate_limited', { values: typed.values, notice: 'rate_limited' });
	if (email === '' || email.length > MAX_EMAIL_LENGTH || !emailMatches(record.customer?.email, email))
		return formPage(403, 'email_mismatch', {
			values: typed.values,
			fieldErrors: { email: 'required' },
			notice: 'email_mismatch',
		});
	if (Object.keys(typed.errors).length > 0)
		return formPage(400, 'invalid_input', {
			values: typed.values,
			fieldErrors: typed.errors,
			notice: 'bad_request',
			email,
		});

	// Which address: the one typed, or the carrier's suggestion the customer picked on the choice page.
	const choice = text(form.choice);
	let chosen = typed.values;
	if (choice === 'suggestion') {
		const suggested = readAddressFields(form, 's_');
		if (Object.keys(suggested.errors).length > 0)
			return formPage(400, 'invalid_input', { values: typed.values, notice: 'bad_request', email });
		chosen = suggested.values;
	}
	const insists = choice === 'typed' || text(form.insist) === '1';
	// The form asks for no phone or company the order already has: left empty, they are kept, not erased.
	for (const kept of ['phone', 'company'] as const)
		if (!chosen[kept] && record.shippingAddress?.[kept])
			chosen = { ...chosen, [kept]: String(record.shippingAddress[kept]) };

	// The carrier checks the address actually sent (never a verdict the form carries: forms can be edited).
	let validation: AddressValidation | null = null;
	if (deps.validateAddress) {
		let check: AddressCheck | null = null;
		try {
			check = await deps.validateAddress(addressOf(chosen));
		} catch (error) {
			check = null; // Not validated: the rules decide (by default a person looks).
			warnings.push(`The carrier could not check the address: ${messageOf(error)}`);
		}
		if (check) {
			if (check.verdict === 'corrected' && choice === null && check.suggestion) {
				const suggestion = valuesOf(check.suggestion, chosen);
				const changed = ADDRESS_FIELDS.filter((f) => (suggestion[f] ?? '') !== (chosen[f] ?? ''));
				return page(
					200,
					'suggestion',
					locale,
					renderAddressSuggestionPage({
						t,
						branding,
						langLinks,
						action,
						hidden: { ...hidden(), email },
						orderName,
						typed: chosen,
						suggestion,
						changed,
						statusUrl,
					}),
					orderKey,
				);
			}
			if ((check.verdict === 'invalid' || check.verdict === 'ambiguous') && !insists)
				return formPage(422, 'invalid_input', {
					values: chosen,
					notice: check.verdict === 'invalid' ? 'address_invalid' : 'address_ambiguous',
					allowInsist: true,
					email,
				});
			// The suggestion picked may come back "corrected" again (case, a ZIP+4): still the carrier's own form.
			// Anything else it says of it counts as said: edited s_ fields get no free pass.
			const pickedSuggestion = choice === 'suggestion' && (check.verdict === 'valid' || check.verdict === 'corrected');
			validation = { verdict: pickedSuggestion ? 'valid' : check.verdict, customerInsists: insists };
		}
	}

	// One request per form: the same form posted twice (a double click, a refresh, two workers) is one change.
	// The request is appended to the ledger before anything is touched, under a key only this form makes: the
	// ledger's unique key decides which post goes on, and a request that dies midway is still on record.
	const requestId = requestIdOf(String(formToken));
	const newAddress = addressOf(chosen);
	const asked: EditRequestData = {
		field: 'shipping_address',
		requestedAt: now.toISOString(),
		applied: false,
		requestId,
	};
	const received = await deps.recordRequest(
		requestEvent(orderKey, requestId, asked, now.toISOString(), { newAddress }),
	);
	if (received.duplicate) {
		// The first post of this form may have ended already (a refresh after its answer): say how, not "in hand".
		const ended = deps.requestOutcome ? await deps.requestOutcome(orderKey, requestId).catch(() => null) : null;
		const shownBefore = ended?.outcome ? PAGE_OUTCOME[ended.outcome] : 'received';
		return outcomePage(
			200,
			shownBefore as 'applied' | 'pending_review' | 'refused' | 'received',
			ended?.reasons ?? [],
			shownBefore === 'refused' ? null : chosen,
			null,
			'repeated',
		);
	}

	const window = await judge();
	let decision = decideRequest({ kind: 'address_change', newAddress, validation }, record, window, deps.rules, {
		warehouseCanChange: deps.warehouseCanChange,
	});
	let result: AddressChangeResult | null = null;
	if (decision.outcome === 'apply') {
		result = await deps.applyChange(record, newAddress, decision, holdHandleOf(requestId));
		decision = result.decision;
	}
	const outcome: NonNullable<EditRequestData['outcome']> =
		result?.outcome ?? (decision.outcome === 'refuse' ? 'refused' : 'approval');
	const durationMs = Date.now() - startedMs;
	// Strictly after the request's own observation, so the outcome is its newest fact.
	const decidedAt = new Date(now.getTime() + Math.max(1, durationMs)).toISOString();
	const data: EditRequestData = {
		field: 'shipping_address',
		requestedAt: now.toISOString(),
		applied: outcome === 'applied',
		reason: result?.error ?? null,
		requestId,
		outcome,
		reasons: decision.reasons.map(String),
		decidedAt,
		durationMs,
		decidedBy: outcome === 'applied' || outcome === 'refused' ? 'self_service' : null,
		beforeShipping: outcome === 'applied' ? !shippedYet(record) : undefined,
		held: outcome === 'failed' ? (result?.heldFulfillmentOrders.length ?? 0) > 0 : undefined,
		destination: destinationOf(newAddress),
	};
	const details = {
		newAddress,
		failedStep: result?.failedStep ?? null,
		heldFulfillmentOrders: result?.heldFulfillmentOrders ?? [],
		holdHandle: result ? holdHandleOf(requestId) : null,
		steps: result?.steps ?? [],
	};
	await recordOutcome(deps, requestEvent(orderKey, requestId, data, decidedAt, details), details);
	const info: AddressAnswer['request'] = {
		requestId,
		outcome,
		reasons: data.reasons ?? [],
		failedStep: result?.failedStep ?? null,
		heldFulfillmentOrders: result?.heldFulfillmentOrders ?? [],
		durationMs,
	};
	const shown = PAGE_OUTCOME[outcome] as 'applied' | 'pending_review' | 'refused' | 'received';
	return outcomePage(200, shown, data.reasons ?? [], outcome === 'refused' ? null : chosen, info);
}
