/**
 * The event processor's decisions as pure functions over plain JSON (issue 14): one work item per order
 * flows from Claim Batch to Ack/Fail. No n8n import: node operations and templates are built on these.
 */
export * from './workItem';
export { groupClaimedEvents, problemOf, type ClaimedEvent } from './groupClaimedEvents';
export { planReads, type PlanReadsOptions } from './planReads';
export { parcelsStillMoving, trackingNumbersToRead, type ParcelStillMoving } from './trackingNumbers';
export {
	classifyReadFailure,
	gatherFacts,
	ReadFailedError,
	type ReadItem,
	type ReadOutput,
	type ReadOutputs,
} from './gatherFacts';
export { planFollowUps, type CustomerEvent, type FollowUp } from './planFollowUps';
export { planReread, type RereadPlan } from './planReread';
export { afterReconcile, type AfterReconcile } from './afterReconcile';
export { failedEvents, type FailedEvent } from './failedEvents';
export { hasError, orderKeysOf, requireReadWhen, shouldRead, withObservations, type WorkItemJson } from './enrich';
export {
	fnv1a32,
	snapshotEvent,
	type SnapshotEvent,
	type SnapshotOutcome,
	type SnapshotPayload,
} from './snapshotEvent';
export { CaseListError, casesToRecord, type CasesToRecord, type CaseToResolve } from './casesToRecord';
