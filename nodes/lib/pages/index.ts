/**
 * Customer pages (issue 17): the order status page, the lookup form and error pages, the pages of a
 * self-service request (the address form, the carrier's suggestion, the cancel form, the item swap form, the
 * outcome), in the customer's language, and who may see them (signed links, lookups, form tokens). Pure
 * functions over the canonical OrderRecord; the node that serves them passes in the ledger reads.
 */
export { selfServiceActions, answerStatusRequest, errorAnswer, pageHeaders, pendingRequestOf } from './statusRequest';
export { answerAddressRequest, requestEvent, requestIdOf } from './addressRequest';
export { answerSwapRequest, chosenSwaps, evenChoicesOf, lineFieldOf, shownSwapsOf, swappableLine } from './swapRequest';
export type { SwapDeps, SwapPageResult } from './swapRequest';
export { holdHandleOf } from '../selfservice/addressChange';
export type { AddressAnswer, AddressChangeDeps, AddressOutcome } from './addressRequest';
export type { PageAnswer, PageDeps, PageRequest, Outcome } from './statusRequest';
export {
	issueStatusLink,
	verifyStatusLink,
	statusLinkUrl,
	issueFormToken,
	formTokenValid,
	FORM_TOKEN_FIELD,
	MIN_SECRET_LENGTH,
} from './access';
export { defaultPageSettings, readPageSettings, pageSettingsProblems } from './settings';
export type { PageSettings } from './settings';
export { PAGE_LOCALES, chooseLocale, supportedLocaleOf, acceptLanguageRanges } from './locale';
export type { PageLocale } from './locale';
export { translator, UnknownMessageError, UnknownLocaleError } from './messages';
export type { Translator } from './messages';
export { statusViewOf, maskEmail, maskPostcode, MAX_MILESTONES, MILESTONE_KINDS, NOTICE_KINDS } from './view';
export type {
	StatusView,
	ParcelView,
	ParcelStatus,
	Milestone,
	MilestoneKind,
	Notice,
	NoticeKind,
	Destination,
	Moment,
} from './view';
export {
	renderStatusPage,
	renderLookupPage,
	renderErrorPage,
	pageAccentColor,
	SAFE_ACCENT_COLOR,
	LOOKUP_FIELDS,
	LOOKUP_NOTICES,
} from './render';
export type { Branding, LookupNotice, LangLinks } from './render';
export {
	renderAddressChangePage,
	renderAddressSuggestionPage,
	renderRequestOutcomePage,
	renderCancelPage,
	renderSwapPage,
	ADDRESS_FIELDS,
	ADDRESS_NOTICES,
	CANCEL_NOTICES,
	CANCEL_REASONS,
	REQUEST_OUTCOMES,
	SWAP_NOTICES,
} from './renderRequests';
export type {
	AddressField,
	AddressValues,
	AddressFieldError,
	AddressNotice,
	CancelItem,
	CancelNotice,
	CancelReason,
	EmailFieldError,
	RequestKind,
	SwapNotice,
	SwapPageLine,
	SwappedLine,
} from './renderRequests';
export { answerCancelRequest, cancelHoldHandleOf } from './cancelRequest';
export type { CancelDeps, CancelResult } from './cancelRequest';
