/**
 * Self-service (issue 17): the rules by which customers change, cancel or swap their own orders. Pure
 * functions over the canonical OrderRecord and a live warehouse read, and one port (warehouse.ts) that reads and
 * changes the ship-to at whichever warehouse the store uses; the flows that hold, update and release the order,
 * and the pages, build on them.
 */
export {
	defaultSelfServiceRules,
	parseSelfServiceRules,
	SelfServiceRulesError,
	SELF_SERVICE_RULE_FIELDS,
	MAX_WINDOW_MINUTES,
	MAX_LIVE_AGE_MINUTES,
} from './rules';
export type { SelfServiceRules } from './rules';
export { editWindow, warehouseState, OPEN_REASONS, CLOSED_REASONS, FINAL_REASONS } from './window';
export type { EditWindow, LiveStatus, OpenReason, ClosedReason, WindowReason, WarehouseState } from './window';
export { decideRequest, stillApplies, changesApplied, REQUEST_KINDS, REFUSE_REASONS, RISK_REASONS } from './decide';
export type {
	AddressValidation,
	ApprovalReason,
	Decision,
	DecisionContext,
	DecisionReason,
	Money,
	RaceCheck,
	RefuseReason,
	RequestKind,
	RiskReason,
	SelfServiceRequest,
} from './decide';
export { applyAddressChange, deliversTo, holdHandleOf, CHANGE_STEPS } from './addressChange';
export type { AddressChangeResult, ChangeShopify, ChangeStep, ChangeWarehouse, StepRecord } from './addressChange';
export {
	WAREHOUSES,
	WAREHOUSE_LABELS,
	ADDRESS_CHANGE_FAILURES,
	WarehouseAddressError,
	CANCEL_FAILURES,
	CANCEL_NOTE,
	WarehouseCancelError,
	SWAP_FAILURES,
	WarehouseSwapError,
	warehousePort,
	warehouseRefOf,
	wholeShipTo,
	sameShipTo,
	shipToDifferences,
} from './warehouse';
export type {
	AddressChangeFailure,
	CancelFailure,
	Warehouse,
	WarehouseCancel,
	WarehouseAddressChange,
	WarehouseAddressRead,
	WarehouseOrderRef,
	WarehousePort,
} from './warehouse';
export { shopifyChangePort, shopifyAddressInput, addressFromShopify, shopifyOrderOf } from './shopify';
export {
	decideWaitingRequest,
	mayEndCase,
	holdHandleFor,
	waitingRequestOf,
	decisionKeyOf,
	resolutionOf,
	DECISION_LEASE_MS,
	REQUEST_DECISIONS,
} from './approval';
export type { ApprovalDeps, ApprovalInput, ApprovalResult, RequestDecision, WaitingRequest } from './approval';
export {
	requestEvent,
	requestDataOf,
	newestOutcomeOf,
	waitingRequestsOf,
	kindOfField,
	FIELD_OF_KIND,
	KIND_WORDS,
} from './requestEvent';
export {
	applySwap,
	swapHoldHandleOf,
	swapReflected,
	swapProblem,
	evenPrice,
	warehouseReflects,
	warehouseSwapPort,
	swapSummaryOf,
	SWAP_STEPS,
} from './swap';
export type {
	EditableLine,
	LineSwap,
	SwapChoice,
	SwapMoney,
	SwapResult,
	SwapShopify,
	SwapVariant,
	SwapWarehouse,
} from './swap';
export { applyCancellation, cancelHoldHandleOf, warehouseCancelPort, CANCEL_STEPS } from './cancellation';
export type {
	CancelOptions,
	CancellationResult,
	CancelShopify,
	CancelWarehouse,
	WarehouseCancelState,
} from './cancellation';
export { shopifyCancelPort, shopifySwapPort } from './shopify';
