/**
 * The customer's own cancellation (issue 17), one request answered. From the order's signed link the customer
 * sees what the order holds and until when it can be cancelled, confirms the order's email and that the whole
 * order goes, and may say why. The store's rules and the warehouse's live status decide; an "apply" is carried
 * out at the warehouse and in Shopify (nodes/lib/selfservice/cancellation.ts), anything else waits for a person
 * in the approval queue or is refused with the reason. Every request is recorded once in the ledger, as asked and
 * with its outcome, like the address change (the same session: requestSession.ts).
 *
 * Pure apart from the calls passed in. Customer mistakes and hostile input are pages, never errors.
 */
import type { OrderRecord } from '../order/types';
import { cancelHoldHandleOf, decideRequest, FINAL_REASONS, type ClosedReason, type Decision } from '../selfservice';

/** Our hold's name, where the pages' callers find it. */
export { cancelHoldHandleOf };
import { CANCEL_REASONS, renderCancelPage, type CancelNotice, type CancelReason } from './renderRequests';
import {
	openRequestSession,
	text,
	type CarriedOut,
	type RequestAnswer,
	type RequestPageDeps,
	type RequestPageOutcome,
} from './requestSession';
import type { PageRequest } from './statusRequest';

/** What carrying out a cancellation reports back (applyCancellation's result, as the page needs it). */
export interface CancelResult extends CarriedOut {
	/** Where the warehouse stands: cancelled, absent (never had it) or open. */
	warehouse: string;
	shopifyCancelled: boolean;
}

export interface CancelDeps extends RequestPageDeps {
	/** False when the warehouse's API cannot cancel (a person must): every request then goes to approval. */
	warehouseCanCancel?: boolean;
	/** Carries out an "apply" decision at the warehouse and in Shopify; `handle` names our hold. */
	applyCancel(record: OrderRecord, decision: Decision, handle: string): Promise<CancelResult>;
}

export async function answerCancelRequest(request: PageRequest, deps: CancelDeps): Promise<RequestAnswer> {
	const startedMs = Date.now();
	const opened = await openRequestSession(request, deps, 'cancel', deps.settings.cancelUrl);
	if ('answer' in opened) return opened.answer;
	const session = opened.session;
	const { form, record } = session;

	const formPage = (
		statusCode: number,
		outcome: RequestPageOutcome,
		opts: {
			notice?: CancelNotice | null;
			emailError?: boolean;
			email?: string;
			reason?: string;
			closesAt?: string | null;
		},
	) =>
		session.page(
			statusCode,
			outcome,
			renderCancelPage({
				t: session.t,
				branding: session.branding,
				langLinks: session.langLinks,
				action: session.action,
				hidden: session.hidden(),
				orderName: session.orderName,
				items: (record.lineItems ?? []).map((line) => ({
					title: line.title ?? line.sku ?? '',
					quantity: line.quantity,
				})),
				email: opts.email ?? null,
				// Shown again only when it is one of ours (an edited form's value is never echoed).
				reason: (CANCEL_REASONS as readonly string[]).includes(opts.reason ?? '')
					? (opts.reason as CancelReason)
					: null,
				fieldErrors: opts.emailError ? { email: 'required' } : {},
				notice: opts.notice ?? null,
				closesAt: opts.closesAt ?? null,
				timeZone: session.timeZone,
				statusUrl: session.statusUrl,
			}),
		);

	// A request already with a person is answered before another is taken.
	const pending = await session.pendingRequest();
	if (pending) return session.outcomePage(200, pending.outcome, [], null, null, 'pending');

	if (!form) {
		// What would refuse any cancellation is said before the customer fills anything in.
		const window = await session.judge();
		const final: string[] = deps.rules.allowCancellation ? [] : ['action_disabled'];
		if (!window.open && FINAL_REASONS.has(window.reason as ClosedReason)) final.push(window.reason);
		if (final.length > 0) return session.outcomePage(200, 'refused', final, null);
		return formPage(200, 'form', { closesAt: window.open ? window.closesAt : null });
	}

	const email = (text(form.email) ?? '').trim();
	const reason = (text(form.reason) ?? '').trim();
	const refused = await session.checkPost(email);
	if (refused)
		return formPage(refused.statusCode, refused.outcome, {
			notice: refused.notice,
			emailError: refused.notice === 'email_mismatch',
			reason: refused.notice === 'session_expired' ? '' : reason,
		});
	// A reason outside the list came from an edited form: said, not silently dropped.
	if (reason !== '' && !(CANCEL_REASONS as readonly string[]).includes(reason))
		return formPage(400, 'invalid_input', { notice: 'bad_request', email });
	if (text(form.confirm) !== '1') return formPage(400, 'invalid_input', { notice: 'confirm_missing', email, reason });

	return session.settle({
		field: 'cancel',
		kept: { reason: reason || null },
		startedMs,
		shown: null,
		decide: (window, context) =>
			decideRequest({ kind: 'cancel' }, record, window, deps.rules, {
				...context,
				warehouseCanChange: deps.warehouseCanCancel,
			}),
		holdHandle: cancelHoldHandleOf,
		apply: (decision, handle) => deps.applyCancel(record, decision, handle),
		resultDetails: (result) => ({
			warehouse: (result as CancelResult | null)?.warehouse ?? null,
			shopifyCancelled: (result as CancelResult | null)?.shopifyCancelled ?? false,
		}),
	});
}
