/**
 * The customer's own address change (issue 17), one request answered. The customer opens the page from
 * their order's signed link, confirms the order's email, types the new address; the carrier checks it
 * (and may suggest a standardised form), the store's rules and the warehouse's live status decide, and an
 * "apply" is carried out through Shopify and the warehouse (nodes/lib/selfservice). Every request that
 * reaches a decision is recorded once in the ledger, so the order's timeline, its case and the weekly
 * report know of it. What every request page does (link, language, checks, recording) is requestSession.ts.
 *
 * Pure apart from the calls passed in. Customer mistakes and hostile input are pages, never errors.
 */
import type { AddressCheck } from '../connectors/carriers/address';
import { destinationOf } from '../order/address';
import type { Address, OrderRecord } from '../order/types';
import {
	decideRequest,
	FINAL_REASONS,
	holdHandleOf,
	requestEvent,
	type AddressChangeResult,
	type AddressValidation,
	type ClosedReason,
	type Decision,
} from '../selfservice';
import {
	ADDRESS_FIELDS,
	renderAddressChangePage,
	renderAddressSuggestionPage,
	type AddressField,
	type AddressFieldError,
	type AddressNotice,
	type AddressValues,
} from './renderRequests';
import {
	messageOf,
	openRequestSession,
	requestIdOf,
	shippedYet,
	text,
	type RequestAnswer,
	type RequestPageDeps,
	type RequestPageOutcome,
} from './requestSession';
import type { PageRequest } from './statusRequest';

export interface AddressChangeDeps extends RequestPageDeps {
	/** The carrier's check of the address; absent when the store validates none (the rules then decide). */
	validateAddress?: (address: Address) => Promise<AddressCheck>;
	/** False when the warehouse's API cannot change a ship-to (Extensiv): every request then goes to a person. */
	warehouseCanChange?: boolean;
	/** Carries out an "apply" decision through Shopify and the warehouse. */
	applyChange(record: OrderRecord, address: Address, decision: Decision, handle: string): Promise<AddressChangeResult>;
}

/** What happened, for the execution log and the item: never the email, the link or the address typed. */
export type AddressOutcome = RequestPageOutcome;
export type AddressAnswer = RequestAnswer;

/** A request's id and its ledger event, where the pages' callers have always found them. */
export { requestIdOf, requestEvent };

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
// eslint-disable-next-line no-control-regex -- control characters are what a form field must not hold
const CONTROL = /[\u0000-\u001f\u007f]/g;

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

export async function answerAddressRequest(request: PageRequest, deps: AddressChangeDeps): Promise<AddressAnswer> {
	const startedMs = Date.now();
	const opened = await openRequestSession(request, deps, 'address_change', deps.settings.addressChangeUrl);
	if ('answer' in opened) return opened.answer;
	const session = opened.session;
	const { form, record, warnings } = session;

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
		session.page(
			statusCode,
			outcome,
			renderAddressChangePage({
				t: session.t,
				branding: session.branding,
				langLinks: session.langLinks,
				action: session.action,
				hidden: session.hidden(),
				orderName: session.orderName,
				values: opts.values ?? {},
				email: opts.email ?? null,
				fieldErrors: opts.fieldErrors ?? {},
				notice: opts.notice ?? null,
				closesAt: opts.closesAt ?? null,
				timeZone: session.timeZone,
				allowInsist: opts.allowInsist ?? false,
				statusUrl: session.statusUrl,
			}),
		);

	// A request already with a person is answered before another is taken: approving it later must not undo a
	// newer change, and a held order is not changed around its case.
	const pending = await session.pendingRequest();
	if (pending) return session.outcomePage(200, pending.outcome, [], null, null, 'pending');

	if (!form) {
		// What would refuse any address is said before the customer types one; anything else is decided on the post.
		const window = await session.judge();
		const final: string[] = deps.rules.allowAddressChange ? [] : ['action_disabled'];
		if (!window.open && FINAL_REASONS.has(window.reason as ClosedReason)) final.push(window.reason);
		if (final.length > 0) return session.outcomePage(200, 'refused', final, null);
		return formPage(200, 'form', { closesAt: window.open ? window.closesAt : null });
	}

	const typed = readAddressFields(form);
	const email = (text(form.email) ?? '').trim();
	const refused = await session.checkPost(email);
	if (refused)
		return formPage(refused.statusCode, refused.outcome, {
			// A form that is not ours shows nothing back; the others keep what the customer typed.
			values: refused.notice === 'session_expired' ? {} : typed.values,
			fieldErrors: refused.notice === 'email_mismatch' ? { email: 'required' } : {},
			notice: refused.notice,
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
				return session.page(
					200,
					'suggestion',
					renderAddressSuggestionPage({
						t: session.t,
						branding: session.branding,
						langLinks: session.langLinks,
						action: session.action,
						hidden: { ...session.hidden(), email },
						orderName: session.orderName,
						typed: chosen,
						suggestion,
						changed,
						statusUrl: session.statusUrl,
					}),
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
	const newAddress = addressOf(chosen);
	return session.settle({
		field: 'shipping_address',
		kept: { newAddress },
		startedMs,
		shown: chosen,
		decide: (window, context) =>
			decideRequest({ kind: 'address_change', newAddress, validation }, record, window, deps.rules, {
				...context,
				warehouseCanChange: deps.warehouseCanChange,
			}),
		holdHandle: holdHandleOf,
		apply: (decision, handle) => deps.applyChange(record, newAddress, decision, handle),
		outcomeData: (outcome) => ({
			beforeShipping: outcome === 'applied' ? !shippedYet(record) : undefined,
			destination: destinationOf(newAddress),
		}),
	});
}
