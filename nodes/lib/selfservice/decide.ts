/**
 * Eligibility (issue 17): what happens to one customer request. Apply it now, send it to a person in the Slack
 * approval queue, or refuse it. Every reason is a code the customer's page and the approval message translate;
 * there is no prose here.
 */
import { normaliseCountry } from '../order/address';
import type { Address, EditRequestData, OrderRecord } from '../order/types';
import type { SelfServiceRules } from './rules';
import {
	FINAL_REASONS,
	warehouseState,
	type ClosedReason,
	type EditWindow,
	type LiveStatus,
	type OpenReason,
} from './window';

export const REQUEST_KINDS = ['address_change', 'cancel', 'swap'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** What the carrier's address validation said of the new address, and whether the customer keeps it anyway. */
export interface AddressValidation {
	/** corrected: the carrier suggests a different address; ambiguous: several candidates; invalid: not found. */
	verdict: 'valid' | 'corrected' | 'ambiguous' | 'invalid';
	/** The customer keeps the address they typed over the carrier's verdict (or its correction). */
	customerInsists: boolean;
}

export interface SelfServiceRequest {
	kind: RequestKind;
	/** address_change: the address the customer wants (the carrier's correction when they took it). */
	newAddress?: Address | null;
	/** address_change: the carrier's verdict on newAddress; absent when it could not be validated. */
	validation?: AddressValidation | null;
}

export interface Money {
	/** Decimal amount as Shopify gives it ("129.90") or a number. */
	amount: string | number;
	/** ISO 4217 code of the currency the amount is in. */
	currencyCode: string;
}

export interface DecisionContext {
	/** False when the warehouse's API cannot change this (a person must): an apply becomes an approval. */
	warehouseCanChange?: boolean;
	/** The order's current total in the currency it is charged in; absent or null: unknown. */
	orderValue?: Money | null;
	/** Self-service changes already applied to this order; default: changesApplied(record). */
	changesSoFar?: number;
}

/** Why a request is refused (nothing a person could do either, or the customer must fix the request). */
export const REFUSE_REASONS = [
	'action_disabled',
	'cancelled',
	'returned',
	'delivered',
	'shipped',
	'new_address_missing',
	'address_unchanged',
	'address_invalid',
	'address_ambiguous',
	/** swap: a chosen variant is no longer for sale at the line's price, or the line changed since the customer asked. */
	'item_unavailable',
] as const;
export type RefuseReason = (typeof REFUSE_REASONS)[number];

/**
 * Why a request goes to approval: the window is closed for a reason a person can still act on (any closed
 * window reason but the final ones), or a risk rule fired:
 * - country_change: the new address is in another country; country_unknown: one side has no country.
 * - address_unverified: the carrier could not validate the address (or corrected it) and the customer insists.
 * - address_not_validated: no validation result came with the request.
 * - order_value_above_limit; order_value_unknown (no value, or not an amount); order_value_currency_unlisted
 *   (the rules have no limit in the order's currency, and amounts are never converted).
 * - too_many_changes: the order already had rules.maxChangesPerOrder changes.
 * - warehouse_manual: the warehouse's API cannot make the change (Extensiv's ship-to), so a person makes it there.
 * - shopify_edit_refused: Shopify refused the item swap's order edit when it was tried without committing (an order
 *   another app created, an archived order, a variant it will not add), so a person looks before anything changes.
 */
export const RISK_REASONS = [
	'country_change',
	'country_unknown',
	'address_unverified',
	'address_not_validated',
	'order_value_above_limit',
	'order_value_unknown',
	'order_value_currency_unlisted',
	'too_many_changes',
	'warehouse_manual',
	'shopify_edit_refused',
] as const;
export type RiskReason = (typeof RISK_REASONS)[number];
export type ApprovalReason = Exclude<ClosedReason, RefuseReason> | RiskReason;

export type DecisionReason = RefuseReason | ApprovalReason | OpenReason;

export interface Decision {
	outcome: 'apply' | 'approval' | 'refuse';
	/**
	 * refuse: every refusal reason; approval: the closed window's reason, then every risk rule that fired;
	 * apply: the open window's reason.
	 */
	reasons: DecisionReason[];
	/**
	 * apply only: what the warehouse must still say when the change is committed (stillApplies).
	 * warehouse_not_started with the picking rule on; warehouse_not_shipped with the time rule alone.
	 */
	requires: 'warehouse_not_started' | 'warehouse_not_shipped' | null;
	/** When the warehouse status the decision relied on was read (the window's observedAt). */
	observedAt: string | null;
}

const ACTION_ON: Record<RequestKind, keyof SelfServiceRules> = {
	address_change: 'allowAddressChange',
	cancel: 'allowCancellation',
	swap: 'allowItemSwap',
};

/**
 * Self-service changes the record shows applied: edit requests marked applied, one per request (the record
 * keeps the newest fact per request). Records without facts give 0; pass context.changesSoFar then.
 */
export function changesApplied(record: OrderRecord): number {
	let n = 0;
	for (const f of record.facts ?? []) if (f.kind === 'edit_request' && (f.data as EditRequestData).applied) n++;
	return n;
}

function amountOf(value: Money['amount']): number {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number.NaN;
	return Number(value);
}

function valueReasons(rules: SelfServiceRules, value: Money | null | undefined): RiskReason[] {
	if (Object.keys(rules.approveAboveValue).length === 0) return [];
	if (!value || typeof value.currencyCode !== 'string') return ['order_value_unknown'];
	const amount = amountOf(value.amount);
	if (!Number.isFinite(amount) || amount < 0) return ['order_value_unknown'];
	const code = value.currencyCode.trim().toUpperCase();
	if (!Object.prototype.hasOwnProperty.call(rules.approveAboveValue, code)) return ['order_value_currency_unlisted'];
	return amount > rules.approveAboveValue[code] ? ['order_value_above_limit'] : [];
}

const ADDRESS_PARTS: Array<keyof Address> = [
	'name',
	'company',
	'address1',
	'address2',
	'city',
	'province',
	'provinceCode',
	'zip',
	'country',
	'countryCode',
	'phone',
];

const partOf = (a: Address | null | undefined, k: keyof Address) => String(a?.[k] ?? '').trim();

function sameAddress(a: Address | null | undefined, b: Address): boolean {
	return a !== null && a !== undefined && ADDRESS_PARTS.every((k) => partOf(a, k) === partOf(b, k));
}

function hasAnyPart(a: Address | null | undefined): a is Address {
	return !!a && ADDRESS_PARTS.some((k) => partOf(a, k) !== '');
}

/**
 * Apply, approval or refuse, with every reason. Refuse when the action is off, the order is past the point of
 * no return, or the address request cannot be used as it is; approval when the window is closed but a person
 * can still act, or a risk rule fires; apply otherwise.
 */
export function decideRequest(
	request: SelfServiceRequest,
	record: OrderRecord,
	window: EditWindow,
	rules: SelfServiceRules,
	context: DecisionContext = {},
): Decision {
	const observedAt = window.observedAt;
	const refuse: RefuseReason[] = [];
	if (!rules[ACTION_ON[request.kind]]) refuse.push('action_disabled');
	if (!window.open && FINAL_REASONS.has(window.reason as ClosedReason)) refuse.push(window.reason as RefuseReason);

	const risks: RiskReason[] = [];
	if (request.kind === 'address_change') {
		const next = request.newAddress;
		if (!hasAnyPart(next)) refuse.push('new_address_missing');
		else {
			if (sameAddress(record.shippingAddress, next)) refuse.push('address_unchanged');
			const v = request.validation;
			if (!v) {
				if (rules.approveUnverifiedAddress) risks.push('address_not_validated');
			} else if (v.verdict !== 'valid') {
				if (v.customerInsists) {
					if (rules.approveUnverifiedAddress) risks.push('address_unverified');
				} else if (v.verdict === 'invalid') refuse.push('address_invalid');
				else if (v.verdict === 'ambiguous') refuse.push('address_ambiguous');
				// corrected and not insisting: newAddress is the carrier's correction, as good as valid.
			}
			if (rules.approveCountryChange) {
				const from = hasAnyPart(record.shippingAddress) ? normaliseCountry(record.shippingAddress) : '';
				const to = normaliseCountry(next);
				if (from === '' || to === '') risks.push('country_unknown');
				else if (from !== to) risks.push('country_change');
			}
		}
	}
	if (refuse.length > 0) return { outcome: 'refuse', reasons: refuse, requires: null, observedAt };

	risks.push(...valueReasons(rules, context.orderValue));
	if (rules.maxChangesPerOrder !== null) {
		const soFar = context.changesSoFar ?? changesApplied(record);
		if (soFar >= rules.maxChangesPerOrder) risks.push('too_many_changes');
	}
	if (context.warehouseCanChange === false) risks.push('warehouse_manual');

	if (!window.open || risks.length > 0) {
		const reasons: DecisionReason[] = window.open ? [] : [window.reason];
		reasons.push(...risks);
		return { outcome: 'approval', reasons, requires: null, observedAt };
	}
	return {
		outcome: 'apply',
		reasons: [window.reason],
		requires: rules.windowUntilPicking ? 'warehouse_not_started' : 'warehouse_not_shipped',
		observedAt,
	};
}

/** What replaces an apply the warehouse overtook: the closed reason its re-read gives. */
function overtaken(decision: Decision, reason: ClosedReason): Decision {
	return FINAL_REASONS.has(reason)
		? { outcome: 'refuse', reasons: [reason as RefuseReason], requires: null, observedAt: decision.observedAt }
		: { outcome: 'approval', reasons: [reason as ApprovalReason], requires: null, observedAt: decision.observedAt };
}

export interface RaceCheck {
	/** True when the decision stands as it was made. */
	holds: boolean;
	/** The one outcome to act on and show: the decision itself when it holds, else what replaces it. */
	decision: Decision;
}

/**
 * Does the decision still hold on a re-read of the warehouse taken right before the change is committed? The
 * customer sees exactly the returned decision. An apply holds only while the re-read (no older than the read
 * the decision used) shows what it required; otherwise the warehouse won the race: shipped becomes a refusal,
 * anything else (picking started, a hold, no answer) goes to approval. An approval holds unless the order has
 * shipped meanwhile; a refusal always holds. The time rule is judged when the request was made, not here.
 */
export function stillApplies(decision: Decision, liveAfter: LiveStatus | null): RaceCheck {
	if (decision.outcome === 'refuse') return { holds: true, decision };
	let state: ReturnType<typeof warehouseState> = 'warehouse_unknown';
	if (liveAfter !== null) {
		const afterMs = Date.parse(liveAfter.observedAt);
		const beforeMs = decision.observedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(decision.observedAt);
		// A "re-read" older than the read the decision used is not news about now.
		if (!Number.isNaN(afterMs) && afterMs >= beforeMs) state = warehouseState(liveAfter.status);
	}
	if (decision.outcome === 'approval') {
		return state === 'shipped' ? { holds: false, decision: overtaken(decision, 'shipped') } : { holds: true, decision };
	}
	if (state === 'not_started') return { holds: true, decision };
	if (state === 'started') {
		if (decision.requires === 'warehouse_not_shipped') return { holds: true, decision };
		return { holds: false, decision: overtaken(decision, 'warehouse_picking') };
	}
	return { holds: false, decision: overtaken(decision, state) };
}
