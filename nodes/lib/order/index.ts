/**
 * The order engine: canonical model, validation, reconcile, exception rules, policy, timeline.
 * Pure TypeScript; imports nothing from n8n, so every node, the ledger and the sandbox share it.
 */
export * from './types';
export { defaultPolicy, parsePolicy, PolicyError } from './policy';
export type { Policy, NotificationMilestone, FulfillmentClockStart, LateAgainst } from './policy';
export { FULFILLMENT_CLOCK_STARTS, LATE_AGAINST } from './policy';
export { BusinessCalendar, dueAfterBusinessHours, endOfDayIn, isDateOnly } from './businessTime';
export {
	normaliseAddress,
	addressKey,
	addressDifferences,
	sameShipTo,
	shipToDifferences,
	SHIP_TO_FIELDS,
} from './address';
export type { NormalisedAddress, ShipToField } from './address';
export { validateObservation, approximateSize, DEFAULT_MAX_OBSERVATION_BYTES } from './validate';
export type { ValidationResult } from './validate';
export { toFact, joinFact, slotOf } from './facts';
export {
	derive,
	deriveStage,
	STAGE_RANK,
	SHIPPED_STAGES,
	PRE_SHIP_STAGES,
	normaliseTrackingNumber,
	normaliseCarrier,
} from './derive';
export { RULES, runRules, normaliseEventName } from './rules';
export type { Rule, RuleContext, Finding, Confirmation } from './rules';
export { EXCEPTION_CATALOGUE } from './catalogue';
export type { ExceptionCatalogueEntry } from './catalogue';
export { reconcile, mergeRecords, evaluateStuck, caseId, calendarFor, ReconcileInputError } from './reconcile';
export type { ReconcileResult, Change, RejectedObservation, StuckEvaluation, ToConfirm } from './reconcile';
export { timeline, formatTimeline } from './timeline';
export type { TimelineEntry } from './timeline';
