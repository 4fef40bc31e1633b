/**
 * The approval queue (issue 17): a person presses Approve or Reject on the Slack message of a customer's
 * request that waits for them (an `edit_after_cutoff` case whose request's outcome is `approval`, or `failed`
 * midway with the order maybe held). Approve carries out the request exactly as the customer asked it (the
 * address kept with the request in the ledger, never one typed in Slack); Reject leaves the order as it is and
 * takes off any hold of ours the request left.
 *
 * Exactly one decision per press, also under two presses at once or a press Slack sends twice: the decision is
 * appended to the ledger before anything is touched, under a key made of the request and how many decisions
 * it already had, so the ledger's unique key lets one press through. A decision that failed midway (recorded
 * as `failed`) leaves the next press free to try again; the change itself looks before it repeats (our hold is
 * named by the request, the warehouse adopts an address it already holds).
 *
 * Pure over ports: the node gives it the ledger, Shopify and the warehouse.
 */
import { ValidationError } from '../http/errors';
import type { LedgerEvent, NewEvent } from '../ledger/types';
import { destinationOf } from '../order/address';
import { waitingRequestIdOf } from '../order/waitingRequest';
import type { Address, EditRequestData, ExceptionCase, OrderRecord } from '../order/types';
import {
	applyAddressChange,
	holdHandleOf,
	type AddressChangeResult,
	type ChangeShopify,
	type ChangeWarehouse,
} from './addressChange';
import { cancelHoldHandleOf, type CancellationResult } from './cancellation';
import type { Decision, RequestKind } from './decide';
import { FIELD_OF_KIND, kindOfField, newestOutcomeOf, requestDataOf, requestEvent } from './requestEvent';
import { swapHoldHandleOf, type SwapResult } from './swap';
import { swapSummaryOf, type LineSwap } from '../order/itemSwap';

export const REQUEST_DECISIONS = ['approve', 'reject'] as const;
export type RequestDecision = (typeof REQUEST_DECISIONS)[number];

/** What carrying out an approved request reports, whichever kind it is. */
type CarriedOut = Pick<
	AddressChangeResult,
	'outcome' | 'decision' | 'failedStep' | 'heldFulfillmentOrders' | 'error' | 'steps'
>;

/** Outcomes that need no person any more: the case closes with them and the customer is told. */
const SETTLED = new Set(['applied', 'approved', 'rejected', 'refused']);

/** The request a case waits on, as the customer made it. */
export interface WaitingRequest {
	requestId: string;
	orderKey: string;
	kind: RequestKind;
	/** When the customer asked (UTC ISO). */
	requestedAt: string;
	/** The newest outcome recorded for it: approval (waiting) or failed (midway; the order may be held). */
	outcome: 'approval' | 'failed';
	reasons: string[];
	/** What the customer asked for, as kept with the request (address_change; null for a cancellation). */
	newAddress: Address | null;
	/** What else was kept with the request (a cancellation's reason). */
	kept: Record<string, unknown>;
	/** The lines the customer asked to swap, as kept with the request (swap; empty for the others). */
	swaps: LineSwap[];
	/** Decisions already recorded for it (a failed one leaves the next press free to try again). */
	decisionsSoFar: number;
	/** Claims of the attempt now due that recorded no outcome: a decision running now, or one that died. */
	openClaims: Array<{ key: string; at: number }>;
	/** After a failed attempt: what it left changed in one system and not the other (null: nothing). */
	halfDone: string | null;
}

export interface ApprovalDeps {
	getCase(caseId: string): Promise<ExceptionCase | null>;
	getOrder(orderKey: string): Promise<OrderRecord | null>;
	/** The customer's events of the order (source `customer`), any order. */
	requestEvents(orderKey: string): Promise<LedgerEvent[]>;
	/** Appends an event; duplicate when its key is already there. */
	append(event: NewEvent): Promise<{ duplicate: boolean }>;
	/** Closes the case with the person's words (a settled decision). */
	resolveCase(caseId: string, resolution: string): Promise<void>;
	/** Shopify and the warehouse of the order, as the address change needs them (and a reject releases holds). */
	change(record: OrderRecord): Promise<{ shopify: ChangeShopify; warehouse: ChangeWarehouse }>;
	/** Carries out an approved cancellation (applyCancellation with the store's refund and email choices). */
	cancel?: (record: OrderRecord, decision: Decision, handle: string) => Promise<CancellationResult>;
	/** Carries out an approved item swap (applySwap with the store's email choice). */
	swap?: (record: OrderRecord, decision: Decision, swaps: LineSwap[], handle: string) => Promise<SwapResult>;
	now: () => Date;
}

export interface ApprovalInput {
	caseId: string;
	decision: RequestDecision;
	/** Who pressed (a Slack user id or name): recorded as the request's decidedBy. */
	decidedBy: string;
	/** The request the pressed button names (newer messages carry it); absent: the case's newest waiting one. */
	requestId?: string | null;
	/** The Slack user ID of who pressed: checked against `approvers`. */
	pressedBy?: string | null;
	/** The store's approvers (Slack user IDs, the Store Profile's Approvers); empty or absent: anyone may decide. */
	approvers?: readonly string[];
}

export interface ApprovalResult {
	caseId: string;
	orderKey: string;
	requestId: string;
	kind: RequestKind;
	decision: RequestDecision;
	decidedBy: string;
	/**
	 * approved: the change was made in both systems; rejected: left as it was; refused: approved, but the order
	 * shipped meanwhile (nothing changed); failed: approved, but a step failed (the order may be held, the case
	 * stays open); already_decided: another press decided it first (nothing done here); not_allowed: the person
	 * who pressed is not one of the store's approvers (nothing done, nothing recorded).
	 */
	outcome: 'approved' | 'rejected' | 'refused' | 'failed' | 'already_decided' | 'not_allowed';
	reasons: string[];
	/** Whether the customer should now hear how their request ended (a settled outcome of this press). */
	settled: boolean;
	/** What the customer asked for (null when no waiting request was found: decided before). */
	newAddress: Address | null;
	failedStep: string | null;
	heldFulfillmentOrders: string[];
	error: string | null;
	steps: AddressChangeResult['steps'];
	decidedAt: string;
	record: OrderRecord;
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What an event kept of the request as asked (the new address, a cancellation's reason). */
function keptOf(event: LedgerEvent): Record<string, unknown> | null {
	const payload = isRecord(event.payload) ? event.payload : {};
	return isRecord(payload.request) ? payload.request : null;
}

/**
 * Whether `pressedBy` may end what this case waits on. A case carrying a customer's request that waits for a person
 * (the approval queue) is the store's approvers' to end: Approve and Reject are checked in decideWaitingRequest,
 * and Resolve, which would close the case with the request undecided (and a hold of ours left on), is checked
 * here. Every other case, and every case while the store names no approvers, anyone may act on.
 */
export function mayEndCase(
	exception: Pick<ExceptionCase, 'type' | 'evidence'>,
	approvers: readonly string[],
	pressedBy: string | null,
): { allowed: boolean; waitingRequestId: string | null; reason: string | null } {
	const waitingRequestId = waitingRequestIdOf(exception);
	if (approvers.length === 0 || waitingRequestId === null) return { allowed: true, waitingRequestId, reason: null };
	const who = pressedBy?.trim() ?? '';
	if (who !== '' && approvers.includes(who)) return { allowed: true, waitingRequestId, reason: null };
	return {
		allowed: false,
		waitingRequestId,
		reason:
			`${who || 'nobody named'} is not one of the store's approvers, and the case waits on request ` + waitingRequestId,
	};
}

/** Our Shopify hold of a request, by its kind: each flow names its hold by the request (a retry finds its own). */
export function holdHandleFor(kind: RequestKind, requestId: string): string {
	const of = { address_change: holdHandleOf, cancel: cancelHoldHandleOf, swap: swapHoldHandleOf }[kind];
	return of(requestId);
}

/** The key of a decision claim: one per request and attempt, so two presses at once make one decision. */
export function decisionKeyOf(requestId: string, attempt: number): string {
	return `customer:${requestId}:decision:${attempt}`;
}

const DECISION_KEY = /^customer:(.+):decision:(\d+)(?::after:.+)?$/;
/** A person's outcome carries its attempt: `customer:<request>:<outcome>:<attempt>`. */
const DECIDED_KEY = /^customer:(.+):(?:applied|approved|rejected|refused|failed):(\d+)$/;

/**
 * How long a decision that was claimed but recorded no outcome counts as still running (another press is told
 * so); after it, the press that finds it takes over (the run died between steps: its steps look before they
 * repeat, so taking over finishes them once).
 */
export const DECISION_LEASE_MS = 10 * 60_000;

/**
 * Where a failed attempt left the systems, from what its outcome kept: a warehouse already changed or cancelled
 * while Shopify is not is a split a Reject must not hide (null: nothing was changed anywhere).
 */
function halfDoneOf(kind: WaitingRequest['kind'], kept: Record<string, unknown> | null): string | null {
	if (!kept) return null;
	if (kind === 'swap') {
		if (kept.warehouse === 'swapped' && kept.shopifySwapped !== true)
			return 'the warehouse has the new items, Shopify still lists the old ones';
		if (kept.shopifySwapped === true && kept.warehouse === 'old')
			return 'Shopify lists the new items, the warehouse still has the old ones';
		return null;
	}
	if (kind === 'cancel') {
		if (kept.warehouse === 'cancelled' && kept.shopifyCancelled !== true)
			return 'the warehouse has cancelled the order, Shopify has not';
		if (kept.shopifyCancelled === true && kept.warehouse === 'open')
			return 'Shopify has cancelled the order, the warehouse has not';
		return null;
	}
	const steps = Array.isArray(kept.steps) ? kept.steps.filter(isRecord) : [];
	// A warehouse step noted "not at the warehouse yet" wrote nothing there.
	const done = (step: string) =>
		steps.some((st) => st.step === step && st.ok === true && !String(st.detail ?? '').startsWith('not at'));
	if (done('read_back')) return 'both systems already have the new address (only our hold is left)';
	if (done('shopify')) return 'Shopify already has the new address';
	if (done('warehouse')) return 'the warehouse already has the new address';
	return null;
}

/**
 * The request the case waits on, from the case's evidence (the request a person saw on the message) and the
 * order's customer events (its newest outcome and the address asked for). Throws, naming the field, when the
 * case is not a customer's request.
 */
export function waitingRequestOf(
	exception: ExceptionCase,
	events: readonly LedgerEvent[],
	/** The request the pressed button names; absent (older messages): the newest waiting one of the case. */
	chosenRequestId?: string | null,
): { request: WaitingRequest | null; newestOutcome: EditRequestData | null } {
	if (exception.type !== 'edit_after_cutoff')
		throw new ValidationError(
			`Case ${exception.id} is a "${exception.type}" case, not a customer's request`,
			'caseId',
			'Approve and Reject apply to "Customer request needs a person" (edit_after_cutoff) cases only; use ' +
				'Acknowledge or Resolve for the others.',
		);
	const edits = Array.isArray(exception.evidence?.edits) ? (exception.evidence.edits as unknown[]) : [];
	const waitingEdits = edits
		.filter(isRecord)
		.filter((e) => text(e.requestId) && (e.outcome === 'approval' || e.outcome === 'failed'))
		.sort((a, b) => String(b.requestedAt ?? '').localeCompare(String(a.requestedAt ?? '')));
	const waiting = chosenRequestId ? waitingEdits.find((e) => e.requestId === chosenRequestId) : waitingEdits[0];
	if (!waiting)
		throw new ValidationError(
			`Case ${exception.id} holds no self-service request waiting for a decision`,
			'caseId',
			'The request was made before the approval queue existed, or by another channel: change the order by ' +
				'hand, then press Resolve.',
		);
	const requestId = String(waiting.requestId);
	let kept: Record<string, unknown> | null = null;
	let decisions = 0;
	const claims: LedgerEvent[] = [];
	for (const event of events) {
		const claim = DECISION_KEY.exec(event.key);
		const decided = DECIDED_KEY.exec(event.key);
		if (claim && claim[1] === requestId) claims.push(event);
		else if (requestDataOf(event)?.requestId === requestId) {
			// The request as first asked is what a person decides on: later events only add what happened.
			kept ??= keptOf(event);
			if (decided) decisions = Math.max(decisions, Number(decided[2]));
		}
	}
	const newest = newestOutcomeOf(events, requestId);
	const kind = kindOfField(newest?.field ?? (waiting.field as EditRequestData['field']));
	const swaps = kind === 'swap' && Array.isArray(kept?.swaps) ? (kept!.swaps as LineSwap[]) : [];
	if (kind === 'swap' && swaps.length === 0)
		throw new ValidationError(
			`The ledger keeps no lines for item swap ${requestId} of order ${exception.orderKey}`,
			'request.swaps',
			'The request was recorded without the items asked for: ask the customer which items, change the order by ' +
				'hand, then press Resolve.',
		);
	const newAddress = kind === 'address_change' && isRecord(kept?.newAddress) ? (kept!.newAddress as Address) : null;
	if (kind === 'address_change' && !newAddress)
		throw new ValidationError(
			`The ledger keeps no address for request ${requestId} of order ${exception.orderKey}`,
			'request.newAddress',
			'The request was recorded without the address asked for: ask the customer for it, change the order by hand, ' +
				'then press Resolve.',
		);
	const outcome = newest?.outcome;
	if (outcome !== 'approval' && outcome !== 'failed') return { request: null, newestOutcome: newest };
	// The claims of the attempt now due: one without its outcome is a decision still running (or one that died).
	const open = claims.filter((c) => Number(DECISION_KEY.exec(c.key)![2]) === decisions + 1);
	const lastFailed = newestFailedKept(events, requestId);
	return {
		request: {
			requestId,
			orderKey: exception.orderKey,
			kind,
			requestedAt: String(newest!.requestedAt),
			outcome,
			reasons: newest!.reasons ?? [],
			newAddress,
			kept: kept ?? {},
			swaps,
			decisionsSoFar: decisions,
			openClaims: open.map((c) => ({ key: c.key, at: claimedAt(c) })),
			halfDone: outcome === 'failed' ? halfDoneOf(kind, lastFailed) : null,
		},
		newestOutcome: newest,
	};
}

/** When a claim was made (its payload's decidedAt; else never, so it counts as long gone). */
function claimedAt(event: LedgerEvent): number {
	const payload = isRecord(event.payload) ? event.payload : {};
	const at = Date.parse(String(payload.decidedAt ?? ''));
	return Number.isNaN(at) ? 0 : at;
}

/** What the newest failed outcome of the request kept (its steps, where each system stands). */
function newestFailedKept(events: readonly LedgerEvent[], requestId: string): Record<string, unknown> | null {
	let newest: { at: string; kept: Record<string, unknown> | null } | null = null;
	for (const event of events) {
		const found = requestDataOf(event);
		if (!found || found.requestId !== requestId || found.data.outcome !== 'failed') continue;
		const at = String(found.data.decidedAt ?? '');
		if (!newest || at > newest.at) newest = { at, kept: keptOf(event) };
	}
	return newest?.kept ?? null;
}

/** A person's approval overrides the window and the rules, never the warehouse: it must not have shipped. */
function personalApproval(now: Date): Decision {
	return { outcome: 'apply', reasons: [], requires: 'warehouse_not_shipped', observedAt: now.toISOString() };
}

function shippedYet(record: OrderRecord): boolean {
	return (record.shipments ?? []).some((s) => s.direction !== 'return' && !s.voided);
}

/** Takes our hold off every fulfillment order that still carries it (a failed request may have left it). */
async function releaseOurHolds(shopify: ChangeShopify, handle: string): Promise<string[]> {
	const released: string[] = [];
	for (const fo of await shopify.fulfillmentOrders())
		if ((fo.holdHandles ?? []).includes(handle)) {
			await shopify.release(fo.id, handle);
			released.push(fo.id);
		}
	return released;
}

/** The words the case closes with, for the Slack thread and the ledger. */
export function resolutionOf(result: Pick<ApprovalResult, 'outcome' | 'decidedBy' | 'reasons' | 'kind'>): string {
	const done: Record<RequestKind, string> = {
		cancel: 'the order is cancelled at the warehouse and in Shopify.',
		address_change: 'the new delivery address is in Shopify and the warehouse.',
		swap: 'the new items are in Shopify and at the warehouse.',
	};
	const kept: Record<RequestKind, string> = {
		cancel: 'the order goes on.',
		address_change: 'the order keeps its address.',
		swap: 'the order keeps its items.',
	};
	switch (result.outcome) {
		case 'approved':
			return `Approved by ${result.decidedBy}: ${done[result.kind]}`;
		case 'rejected':
			return `Rejected by ${result.decidedBy}: ${kept[result.kind]}`;
		case 'refused':
			return (
				`Approved by ${result.decidedBy}, but the order had ${result.reasons.join(', ') || 'moved on'}: nothing ` +
				'was changed.'
			);
		default:
			return '';
	}
}

/**
 * Decides the request of one case. Throws a ValidationError (which field, what to do) when the case is not a
 * customer's request or cannot be found; vendor failures during the change never throw: the result is
 * `failed` with the step, and the case stays open.
 */
export async function decideWaitingRequest(input: ApprovalInput, deps: ApprovalDeps): Promise<ApprovalResult> {
	if (!(REQUEST_DECISIONS as readonly string[]).includes(input.decision))
		throw new ValidationError(
			`"${String(input.decision)}" is not a decision`,
			'decision',
			'Use "approve" or "reject" (the Slack button pressed gives one of them as action).',
		);
	const decidedBy = text(input.decidedBy);
	if (!decidedBy)
		throw new ValidationError(
			'Nobody is named as deciding',
			'decidedBy',
			"Map Decided By to the Slack user who pressed (the trigger's user.id or user.name).",
		);
	const approvers = input.approvers ?? [];
	const pressedBy = text(input.pressedBy ?? null)?.trim() ?? null;
	if (approvers.length > 0 && !pressedBy)
		throw new ValidationError(
			'The store names approvers, but this press names no Slack user',
			'pressedBy',
			"Map Pressed By to the Slack user ID of who pressed (the Slack Interaction Trigger's user.id).",
		);
	const exception = await deps.getCase(input.caseId);
	if (!exception)
		throw new ValidationError(
			`There is no case ${input.caseId} in the ledger`,
			'caseId',
			'Pass the case id the Slack button carries (the trigger outputs it as caseId), on the same ledger storage.',
		);
	const record = await deps.getOrder(exception.orderKey);
	if (!record)
		throw new ValidationError(
			`The ledger has no order ${exception.orderKey} for case ${exception.id}`,
			'orderKey',
			'Check that this node uses the same ledger storage as the workflows that opened the case.',
		);
	const events = await deps.requestEvents(exception.orderKey);
	const allowed = approvers.length === 0 || approvers.includes(pressedBy!);
	let waiting: ReturnType<typeof waitingRequestOf>;
	try {
		waiting = waitingRequestOf(exception, events, text(input.requestId ?? null));
	} catch (error) {
		// What is wrong with the case is for the approvers to hear; someone else is only told they may not decide.
		if (allowed) throw error;
		waiting = { request: null, newestOutcome: null };
	}
	const { request, newestOutcome } = waiting;
	const now = deps.now();
	const decidedAt = now.toISOString();
	const base = {
		caseId: exception.id,
		orderKey: exception.orderKey,
		kind: request?.kind ?? kindOfField(newestOutcome?.field),
		decision: input.decision,
		decidedBy,
		failedStep: null,
		heldFulfillmentOrders: [],
		error: null,
		steps: [],
		decidedAt,
		record,
	};
	const alreadyDecided = (requestId: string, address: Address | null, reasons: string[]): ApprovalResult => ({
		...base,
		requestId,
		outcome: 'already_decided',
		reasons,
		settled: false,
		newAddress: address,
	});
	// Someone the store did not name: nothing is claimed, changed or recorded, whatever the request's state.
	if (!allowed)
		return {
			...base,
			requestId: String(request?.requestId ?? newestOutcome?.requestId ?? input.requestId ?? ''),
			outcome: 'not_allowed',
			reasons: [`${pressedBy} is not one of the store's approvers`],
			settled: false,
			newAddress: request?.newAddress ?? null,
		};
	if (!request) {
		const by = newestOutcome?.decidedBy ? ` by ${newestOutcome.decidedBy}` : '';
		return alreadyDecided(String(newestOutcome?.requestId ?? input.requestId ?? ''), null, [
			`decided before: ${newestOutcome?.outcome ?? 'unknown'}${by}`,
		]);
	}
	// A decision of this attempt is running (claimed, no outcome yet): this press waits for it, never runs beside
	// it. One claimed longer ago than the lease died between steps: this press takes over under a key of its own.
	const running = request.openClaims.filter((c) => now.getTime() - c.at < DECISION_LEASE_MS);
	if (running.length > 0)
		return alreadyDecided(request.requestId, request.newAddress, ['another press is deciding it']);
	// Reject after a failure that changed one system and not the other would hide the split: say what to do.
	if (input.decision === 'reject' && request.halfDone)
		throw new ValidationError(
			`Request ${request.requestId} of order ${request.orderKey} cannot be rejected as it is: ${request.halfDone}`,
			'decision',
			'Press Approve to finish it, or undo that system by hand (then press Resolve); our hold stays on until then.',
		);

	// A node that cannot carry the request out says so before it claims the decision (a claim would block a press).
	if (input.decision === 'approve' && request.kind === 'cancel' && !deps.cancel)
		throw new ValidationError(
			`Request ${request.requestId} is a cancellation, and this node cannot cancel orders`,
			'operation',
			'Use the Customer Requests node (Approve or Reject) of this package version or later.',
		);
	if (input.decision === 'approve' && request.kind === 'swap' && !deps.swap)
		throw new ValidationError(
			`Request ${request.requestId} is an item swap, and this node cannot swap items`,
			'operation',
			'Use the Customer Requests node (Approve or Reject) of this package version or later.',
		);
	// One decision per press: the claim goes in first; a second press at once finds its key taken.
	const attempt = request.decisionsSoFar + 1;
	const stale = request.openClaims[request.openClaims.length - 1];
	const claim: NewEvent = {
		key: stale
			? `${decisionKeyOf(request.requestId, attempt)}:after:${stale.at}`
			: decisionKeyOf(request.requestId, attempt),
		source: 'customer',
		topic: 'self_service/decision',
		orderKey: request.orderKey,
		// The Slack user ID checked against the approvers, beside the name shown (which its owner can change).
		payload: {
			observations: [],
			requestId: request.requestId,
			decision: input.decision,
			decidedBy,
			pressedBy,
			decidedAt,
		},
	};
	if ((await deps.append(claim)).duplicate)
		return alreadyDecided(request.requestId, request.newAddress, ['another press is deciding it']);

	const cancelling = request.kind === 'cancel';
	const swapping = request.kind === 'swap';
	const handle = holdHandleFor(request.kind, request.requestId);
	const ports = await deps.change(record);
	let outcome: 'approved' | 'rejected' | 'refused' | 'failed';
	let change: CarriedOut | null = null;
	let reasons: string[] = [];
	let error: string | null = null;
	let failedStep: string | null = null;
	let held: string[] = [];
	let standing: Record<string, unknown> = {};
	if (input.decision === 'reject') {
		try {
			await releaseOurHolds(ports.shopify, handle);
			outcome = 'rejected';
		} catch (e) {
			outcome = 'failed';
			failedStep = 'release';
			error = e instanceof Error ? e.message : String(e);
		}
	} else {
		change = cancelling
			? await deps.cancel!(record, personalApproval(now), handle)
			: swapping
				? await deps.swap!(record, personalApproval(now), request.swaps, handle)
				: await applyAddressChange(
						{ decision: personalApproval(now), address: request.newAddress!, handle },
						{ ...ports, now: deps.now },
					);
		// Where each system stands, kept with the outcome: a later Reject reads the split from it (halfDoneOf).
		const { warehouse, shopifyCancelled, shopifySwapped } = change as Partial<CancellationResult & SwapResult>;
		standing = { warehouse, shopifyCancelled, shopifySwapped };
		reasons = change.decision.reasons.map(String);
		failedStep = change.failedStep;
		held = change.heldFulfillmentOrders;
		error = change.error;
		if (change.outcome === 'applied') outcome = 'approved';
		else if (change.outcome === 'refused') outcome = 'refused';
		else {
			// The warehouse started work or the order is held by someone else: approved, but not possible now.
			outcome = 'failed';
			if (change.outcome === 'approval') {
				// The step that said no: the warehouse refusing its write, or the recheck itself.
				failedStep = [...change.steps].reverse().find((st) => !st.ok)?.step ?? 'recheck';
				const what = cancelling ? 'cancelled' : swapping ? 'swapped' : 'changed';
				error = `Not ${what}: ${reasons.join(', ') || 'the warehouse or Shopify moved on'}`;
			}
		}
	}
	const data: EditRequestData = {
		field: FIELD_OF_KIND[request.kind],
		requestedAt: request.requestedAt,
		applied: outcome === 'approved',
		reason: error,
		requestId: request.requestId,
		outcome,
		reasons,
		decidedAt,
		durationMs: Math.max(0, now.getTime() - Date.parse(request.requestedAt)),
		decidedBy,
		beforeShipping: outcome === 'approved' && request.kind === 'address_change' ? !shippedYet(record) : undefined,
		held: outcome === 'failed' ? held.length > 0 : undefined,
		destination: request.kind === 'address_change' ? destinationOf(request.newAddress) : undefined,
		items: request.kind === 'swap' ? swapSummaryOf(request.swaps) : undefined,
	};
	const details = {
		pressedBy,
		failedStep,
		heldFulfillmentOrders: held,
		holdHandle: handle,
		...standing,
		steps: change?.steps ?? [],
	};
	await deps.append(
		requestEvent(request.orderKey, request.requestId, data, decidedAt, { ...request.kept, ...details }, attempt),
	);
	const result: ApprovalResult = {
		...base,
		requestId: request.requestId,
		outcome,
		reasons,
		settled: SETTLED.has(outcome),
		newAddress: request.newAddress,
		failedStep,
		heldFulfillmentOrders: held,
		error,
		steps: change?.steps ?? [],
	};
	// The case closes once no other request in it still waits (a customer may have asked twice before the
	// processor caught up): otherwise it stays open with the other request's buttons.
	const othersWaiting = (Array.isArray(exception.evidence?.edits) ? (exception.evidence.edits as unknown[]) : [])
		.filter(isRecord)
		.map((e) => text(e.requestId))
		.filter((id): id is string => id !== null && id !== request.requestId)
		.some((id) => ['approval', 'failed'].includes(String(newestOutcomeOf(events, id)?.outcome)));
	if (result.settled && !othersWaiting) await deps.resolveCase(exception.id, resolutionOf(result));
	return result;
}
