/**
 * What every self-service request page shares (issue 17: the address change, the cancellation): the order's
 * signed link read and checked (the lookup form when it is missing, forged or expired), the customer's language,
 * the page's links, the answer's shape, the window judged against the warehouse's live status, the checks a post
 * passes before anything is decided (our form token from this site, the per-order limit, the order's email), and
 * the outcome recorded in the ledger however the ledger behaves. Each page adds only its own form and its change.
 *
 * Pure apart from the calls passed in. Customer mistakes and hostile input are pages, never errors.
 */
import { createHash } from 'node:crypto';

import type { AttemptCount, AttemptOptions, NewEvent } from '../ledger/types';
import type { EditRequestData, OrderRecord } from '../order/types';
import {
	editWindow,
	KIND_WORDS,
	newestOutcomeOf,
	type RequestKind,
	requestEvent,
	type Decision,
	type DecisionContext,
	type Money,
	type EditWindow,
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
import { translator, type Translator } from './messages';
import { renderLookupPage, type Branding, type LangLinks } from './render';
import { REFUSAL_REASONS, renderRequestOutcomePage, type AddressValues } from './renderRequests';
import { LOOKUP_ORDER_WINDOW_SECONDS, type PageSettings } from './settings';
import { brandingOf, pageHeaders, pendingRequestNow, type PageRequest } from './statusRequest';
import { statusViewOf } from './view';

/** What every request page needs from its caller. */
export interface RequestPageDeps {
	settings: PageSettings;
	rules: SelfServiceRules;
	storeName: string;
	storeTimeZone: string;
	now: Date;
	getOrder(orderKey: string): Promise<OrderRecord | null>;
	countAttempt(opts: AttemptOptions): Promise<AttemptCount>;
	/** The warehouse's status of the order read now; null when it could not be asked (the window stays shut). */
	readWarehouse(record: OrderRecord): Promise<LiveStatus | null>;
	/** Appends the request, then its outcome, to the ledger; `duplicate` when the key was there already. */
	recordRequest(event: NewEvent): Promise<{ duplicate: boolean }>;
	/**
	 * The newest outcome recorded for a request of the order (null: none yet, it is still being carried out), so a
	 * form posted again (a refresh after the answer) shows how its request ended. Absent: "in hand" is answered.
	 */
	requestOutcome?: (orderKey: string, requestId: string) => Promise<EditRequestData | null>;
	/**
	 * The order's customer events (source `customer`), so a request still with a person is known before the event
	 * processor has put it on the record. Absent: the record alone says.
	 */
	requestEvents?: (orderKey: string) => Promise<NewEvent[]>;
	/**
	 * What the order costs the customer now, in the currency they are charged in (Shopify's current total), asked
	 * only when the rules have a value limit. Absent, or failing: unknown, which a value rule sends to a person.
	 */
	orderValue?: (record: OrderRecord) => Promise<Money | null>;
	newNonce?: () => string;
}

/** What happened, for the execution log and the item: never the email, the link or what was typed. */
export type RequestPageOutcome =
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

/** What the customer's request page shows for each recorded outcome. */
export type ShownOutcome = 'applied' | 'pending_review' | 'refused' | 'received';

export interface RequestAnswer {
	statusCode: number;
	headers: Record<string, string>;
	body: string;
	locale: string;
	outcome: RequestPageOutcome;
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

export const LINK_FIELD = 't';
const MAX_EMAIL_LENGTH = 254;

export const PAGE_OUTCOME: Record<NonNullable<EditRequestData['outcome']>, ShownOutcome> = {
	applied: 'applied',
	approval: 'pending_review',
	refused: 'refused',
	failed: 'received',
	approved: 'applied',
	rejected: 'refused',
};

export function messageOf(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}

export function text(value: unknown): string | null {
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

/**
 * A request's id, from its form token, the order and the page: the same form posted twice is the same request,
 * and a token posted for another order or to the other page is another request (never taken for a repeat).
 */
export function requestIdOf(formToken: string, orderKey: string, kind: RequestKind): string {
	return createHash('sha256')
		.update(`self-service-request\n${kind}\n${orderKey}\n${formToken}`)
		.digest('base64url')
		.slice(0, 22);
}

export function shippedYet(record: OrderRecord): boolean {
	return (record.shipments ?? []).some((s) => s.direction !== 'return' && !s.voided);
}

/** One request page's view of one request: the order, the language, the links, and what every page does. */
export interface RequestSession {
	kind: RequestKind;
	/** The posted form; null for a page view. */
	form: Record<string, unknown> | null;
	orderKey: string;
	record: OrderRecord;
	locale: string;
	t: Translator;
	branding: Branding;
	langLinks: LangLinks;
	/** Where this page's form posts (its own URL with the link). */
	action: string;
	statusUrl: string;
	orderName: string;
	timeZone: string;
	warnings: string[];
	/** Our form token and the link, for the form's hidden inputs. */
	hidden(): Record<string, string>;
	page(
		statusCode: number,
		outcome: RequestPageOutcome,
		body: string,
		requestInfo?: RequestAnswer['request'],
	): RequestAnswer;
	/** What became of the request, in the customer's words (internal reasons left out). */
	outcomePage(
		statusCode: number,
		outcome: ShownOutcome,
		reasons: string[],
		newAddress: AddressValues | null,
		requestInfo?: RequestAnswer['request'],
		pageOutcome?: RequestPageOutcome,
		swaps?: ShownSwap[] | null,
	): RequestAnswer;
	/** The window as the warehouse says now (unknown keeps it shut, never open on a guess). */
	judge(): Promise<EditWindow>;
	/**
	 * The checks a post passes before anything is decided, in order: our form from this site within its lifetime,
	 * the per-order limit, the order's email. The failure's outcome and notice, or null when all pass.
	 */
	checkPost(email: string): Promise<{
		statusCode: number;
		outcome: RequestPageOutcome;
		notice: 'session_expired' | 'rate_limited' | 'email_mismatch';
	} | null>;
	/** The request's id, from this post's form token, the order and the page. */
	requestId(): string;
	/**
	 * A request of the order's still with a person (waiting for approval, or held after a failure), as the record
	 * or, before the processor caught up, the ledger says: approving it later must not undo a newer change.
	 */
	pendingRequest(): Promise<{ kind: RequestKind; outcome: 'pending_review' | 'received' } | undefined>;
	/** How a form posted again ended (a refresh after its answer), or "in hand" while it is still being carried out. */
	repeated(typed: AddressValues | null, swaps?: ShownSwap[] | null): Promise<RequestAnswer>;
	/** Appends the outcome, three tries; then an error naming the request and what it holds (the error workflow). */
	recordOutcome(
		event: NewEvent,
		details: { heldFulfillmentOrders: string[]; failedStep: string | null },
	): Promise<void>;
	/**
	 * The end both request pages share once a post passed every check: the request recorded as asked (a form sent
	 * again gets `repeated`), the window judged, the decision, an apply carried out under our hold named for the
	 * request, the outcome recorded with what the person taking over needs, and the answer.
	 */
	settle(request: SettleRequest): Promise<RequestAnswer>;
}

/** What carrying out an apply reports, whichever change it is. */
export interface CarriedOut {
	outcome: 'applied' | 'approval' | 'refused' | 'failed';
	decision: Decision;
	heldFulfillmentOrders: string[];
	failedStep: string | null;
	error: string | null;
	steps: unknown[];
}

export interface SettleRequest {
	field: EditRequestData['field'];
	/** What was asked, kept with the request for a person deciding later (the new address, the reason). */
	kept: Record<string, unknown>;
	/** When the answer to this post began (for durationMs). */
	startedMs: number;
	/** The decision on the window as the warehouse says now, with what the session knows of the order (its value). */
	decide(window: EditWindow, context: DecisionContext): Decision;
	/** Our hold's name for the request. */
	holdHandle(requestId: string): string;
	apply(decision: Decision, handle: string): Promise<CarriedOut>;
	/** What else the outcome records, once known (an address change: fixed before shipping, the destination). */
	outcomeData?(outcome: NonNullable<EditRequestData['outcome']>): Partial<EditRequestData>;
	/** What else the outcome event keeps of the result (a cancellation: where each system stands). */
	resultDetails?(result: CarriedOut | null): Record<string, unknown>;
	/** The address to show on the answer (address change; null for a cancellation). */
	shown: AddressValues | null;
	/** The lines to show on the answer (an item swap). */
	shownSwaps?: ShownSwap[] | null;
}

/** One swapped line as the answer shows it ("1 × Trail Runner: L → M"). */
export interface ShownSwap {
	title: string;
	from: string | null;
	to: string | null;
	quantity: number;
}

/**
 * Reads the link and the order for a request page at `pageUrl` (the page's own public URL). Without a usable link
 * or order, the answer is the lookup form saying why; otherwise the session the page goes on with.
 */
export async function openRequestSession(
	request: PageRequest,
	deps: RequestPageDeps,
	kind: RequestSession['kind'],
	pageUrl: string,
): Promise<{ answer: RequestAnswer } | { session: RequestSession }> {
	const { settings, now } = deps;
	const query = request.query ?? {};
	const headers = request.headers ?? {};
	const form = formOf(request.body);
	const explicit = text(query.lang);
	const acceptLanguage = text(headers['accept-language']);
	const branding = brandingOf(settings, deps.storeName);
	const token = form ? form[LINK_FIELD] : query[LINK_FIELD];
	const warnings: string[] = [];

	const answerOf = (
		statusCode: number,
		outcome: RequestPageOutcome,
		locale: string,
		body: string,
		orderKey: string | null,
		requestInfo: RequestAnswer['request'] = null,
	): RequestAnswer => ({
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
	const lookup = (
		statusCode: number,
		outcome: RequestPageOutcome,
		notice: 'bad_link' | 'expired_link' | 'not_found',
	) => {
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
		return { answer: answerOf(statusCode, outcome, locale, body, null) };
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
	const statusUrl = statusLinkUrl(settings.pageUrl, String(token), explicit ? locale : null);
	const langLinks = PAGE_LOCALES.map((l) => ({ locale: l, href: statusLinkUrl(pageUrl, String(token), l) }));
	const action = statusLinkUrl(pageUrl, String(token), explicit ? locale : null);
	// The order's name and zone (the destination's, when a carrier gave it) as the status page shows them.
	const { orderName, timeZone } = statusViewOf(record, { now: now.toISOString(), storeTimeZone: deps.storeTimeZone });

	const page: RequestSession['page'] = (statusCode, outcome, body, requestInfo = null) =>
		answerOf(statusCode, outcome, locale, body, orderKey, requestInfo);

	const outcomePage: RequestSession['outcomePage'] = (
		statusCode,
		outcome,
		reasons,
		newAddress,
		requestInfo = null,
		pageOutcome = outcome,
		swaps = null,
	) =>
		page(
			statusCode,
			pageOutcome,
			renderRequestOutcomePage({
				t,
				branding,
				langLinks,
				orderName,
				kind,
				outcome,
				// Only reasons with customer words: a risk rule or the warehouse's state is the store's business.
				reasons: reasons.filter((r) => REFUSAL_REASONS.has(r)),
				newAddress,
				swaps: outcome === 'refused' ? null : swaps,
				statusUrl,
			}),
			requestInfo,
		);

	/** The order's value for the value rule; unknown (null) when it cannot be read, so a person decides. */
	const orderValueOf = async (): Promise<Money | null | undefined> => {
		if (Object.keys(deps.rules.approveAboveValue).length === 0) return undefined;
		if (!deps.orderValue) return null;
		try {
			return await deps.orderValue(record);
		} catch (error) {
			warnings.push(`The order's value could not be read from Shopify: ${messageOf(error)}`);
			return null;
		}
	};

	const session: RequestSession = {
		async settle(request) {
			// One request per form: recorded as asked before anything is touched, under a key only this form makes;
			// the ledger's unique key decides which post goes on, and a request that dies midway is on record.
			const requestId = session.requestId();
			const asked: EditRequestData = {
				field: request.field,
				requestedAt: now.toISOString(),
				applied: false,
				requestId,
			};
			if (
				(await deps.recordRequest(requestEvent(orderKey, requestId, asked, now.toISOString(), request.kept))).duplicate
			)
				return session.repeated(request.shown, request.shownSwaps ?? null);

			let decision = request.decide(await session.judge(), { orderValue: await orderValueOf() });
			let result: CarriedOut | null = null;
			if (decision.outcome === 'apply') {
				result = await request.apply(decision, request.holdHandle(requestId));
				decision = result.decision;
			}
			const outcome: NonNullable<EditRequestData['outcome']> =
				result?.outcome ?? (decision.outcome === 'refuse' ? 'refused' : 'approval');
			const durationMs = Date.now() - request.startedMs;
			// Strictly after the request's own observation, so the outcome is its newest fact.
			const decidedAt = new Date(now.getTime() + Math.max(1, durationMs)).toISOString();
			const data: EditRequestData = {
				field: request.field,
				requestedAt: now.toISOString(),
				applied: outcome === 'applied',
				reason: result?.error ?? null,
				requestId,
				outcome,
				reasons: decision.reasons.map(String),
				decidedAt,
				durationMs,
				decidedBy: outcome === 'applied' || outcome === 'refused' ? 'self_service' : null,
				held: outcome === 'failed' ? (result?.heldFulfillmentOrders.length ?? 0) > 0 : undefined,
				...request.outcomeData?.(outcome),
			};
			const details = {
				...request.kept,
				failedStep: result?.failedStep ?? null,
				heldFulfillmentOrders: result?.heldFulfillmentOrders ?? [],
				holdHandle: result ? request.holdHandle(requestId) : null,
				...request.resultDetails?.(result),
				steps: result?.steps ?? [],
			};
			await session.recordOutcome(requestEvent(orderKey, requestId, data, decidedAt, details), details);
			return outcomePage(
				200,
				PAGE_OUTCOME[outcome],
				data.reasons ?? [],
				outcome === 'refused' ? null : request.shown,
				{
					requestId,
					outcome,
					reasons: data.reasons ?? [],
					failedStep: result?.failedStep ?? null,
					heldFulfillmentOrders: result?.heldFulfillmentOrders ?? [],
					durationMs,
				},
				PAGE_OUTCOME[outcome],
				request.shownSwaps ?? null,
			);
		},
		kind,
		form,
		orderKey,
		record,
		locale,
		t,
		branding,
		langLinks,
		action,
		statusUrl,
		orderName,
		timeZone,
		warnings,
		hidden: () => ({
			[FORM_TOKEN_FIELD]: issueFormToken(settings.linkSecret, now, deps.newNonce?.()),
			[LINK_FIELD]: String(token),
		}),
		page,
		outcomePage,

		async judge() {
			let live: LiveStatus | null = null;
			try {
				live = await deps.readWarehouse(record);
			} catch (error) {
				// Unknown keeps the window shut: the request then goes to a person, never applied blind.
				live = null;
				warnings.push(`The warehouse could not be asked for the order's status: ${messageOf(error)}`);
			}
			return editWindow(record, deps.rules, live, now);
		},

		async checkPost(email) {
			// Our own form, within its lifetime, from this site (or the sandbox's "null" origin).
			const origin = text(headers.origin);
			const sameOrigin = !origin || origin === 'null' || origin === new URL(pageUrl).origin;
			if (!sameOrigin || !formTokenValid(form?.[FORM_TOKEN_FIELD], settings.linkSecret, now))
				return { statusCode: 403, outcome: 'csrf_failed', notice: 'session_expired' };
			const attempt = await deps.countAttempt({
				subject: `change:${orderSubject(orderKey, settings.linkSecret)}`,
				limit: settings.lookupsPerOrder,
				windowSeconds: LOOKUP_ORDER_WINDOW_SECONDS,
				now: now.toISOString(),
			});
			if (!attempt.allowed) return { statusCode: 429, outcome: 'rate_limited', notice: 'rate_limited' };
			if (email === '' || email.length > MAX_EMAIL_LENGTH || !emailMatches(record.customer?.email, email))
				return { statusCode: 403, outcome: 'email_mismatch', notice: 'email_mismatch' };
			return null;
		},

		requestId: () => requestIdOf(String(form?.[FORM_TOKEN_FIELD]), orderKey, kind),

		async pendingRequest() {
			return pendingRequestNow(record, deps.requestEvents ? await deps.requestEvents(orderKey) : undefined);
		},

		async repeated(typed, swaps) {
			// The first post of this form may have ended already (a refresh after its answer): say how, not "in hand".
			const requestId = requestIdOf(String(form?.[FORM_TOKEN_FIELD]), orderKey, kind);
			const ended = deps.requestOutcome ? await deps.requestOutcome(orderKey, requestId).catch(() => null) : null;
			const shown = ended?.outcome ? PAGE_OUTCOME[ended.outcome] : 'received';
			return outcomePage(200, shown, ended?.reasons ?? [], shown === 'refused' ? null : typed, null, 'repeated', swaps);
		},

		async recordOutcome(event, details) {
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
				`The outcome of ${KIND_WORDS[kind]} request ${event.key} could not be ` +
					`recorded in the ledger (${messageOf(last)}). ` +
					(details.heldFulfillmentOrders.length
						? `Fulfillment orders ${details.heldFulfillmentOrders.join(', ')} are held by this request` +
							`${details.failedStep ? ` (it stopped at ${details.failedStep})` : ''}: release them in Shopify once ` +
							'done.'
						: 'Nothing is held.'),
			);
		},
	};
	return { session };
}

/** The newest outcome of a request among the order's events, for `requestOutcome` (shared with the approval). */
export { newestOutcomeOf };
