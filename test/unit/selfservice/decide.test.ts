import type { Address } from '../../../nodes/lib/order';
import {
	CLOSED_REASONS,
	changesApplied,
	decideRequest,
	defaultSelfServiceRules,
	FINAL_REASONS,
	REFUSE_REASONS,
	RISK_REASONS,
	type ClosedReason,
	type Decision,
	type DecisionContext,
	type EditWindow,
	type SelfServiceRequest,
	type SelfServiceRules,
} from '../../../nodes/lib/selfservice';
import { after, record } from './records';

const rules: SelfServiceRules = defaultSelfServiceRules();
const OPEN: EditWindow = { open: true, closesAt: after(60), reason: 'within_minutes', observedAt: after(5) };
const closed = (reason: ClosedReason): EditWindow => ({
	open: false,
	closesAt: after(60),
	reason,
	observedAt: after(5),
});

const HOME: Address = {
	address1: '9 Elm Avenue',
	city: 'Springfield',
	provinceCode: 'IL',
	zip: '62701',
	countryCode: 'US',
};
const TORONTO: Address = {
	address1: '1 Front St W',
	city: 'Toronto',
	provinceCode: 'ON',
	zip: 'M5J 2X5',
	countryCode: 'CA',
};
const valid = { verdict: 'valid' as const, customerInsists: false };
const move = (
	newAddress: Address = HOME,
	validation: SelfServiceRequest['validation'] = valid,
): SelfServiceRequest => ({
	kind: 'address_change',
	newAddress,
	validation,
});
const cancel: SelfServiceRequest = { kind: 'cancel' };
const swap: SelfServiceRequest = { kind: 'swap' };
const allOn: SelfServiceRules = { ...rules, allowItemSwap: true };

function decide(
	request: SelfServiceRequest,
	window: EditWindow = OPEN,
	r: SelfServiceRules = allOn,
	context: DecisionContext = {},
): Pick<Decision, 'outcome' | 'reasons'> {
	const { outcome, reasons } = decideRequest(request, record(), window, r, context);
	return { outcome, reasons };
}

describe('decideRequest: apply', () => {
	it.each<[string, SelfServiceRequest]>([
		['address change', move()],
		['cancellation', cancel],
		['item swap', swap],
	])('applies a %s inside the window with no risk', (_, request) => {
		expect(decideRequest(request, record(), OPEN, allOn)).toEqual<Decision>({
			outcome: 'apply',
			reasons: ['within_minutes'],
			requires: 'warehouse_not_started',
			observedAt: after(5),
		});
	});

	it('says what the warehouse must still say when the change is committed, by the window rule in force', () => {
		const byWarehouse: EditWindow = {
			open: true,
			closesAt: null,
			reason: 'warehouse_not_started',
			observedAt: after(5),
		};
		expect(decideRequest(cancel, record(), byWarehouse, { ...allOn, windowMinutes: null })).toMatchObject({
			outcome: 'apply',
			reasons: ['warehouse_not_started'],
			requires: 'warehouse_not_started',
		});
		expect(decideRequest(cancel, record(), OPEN, { ...allOn, windowUntilPicking: false })).toMatchObject({
			outcome: 'apply',
			requires: 'warehouse_not_shipped',
		});
	});

	it('takes the carrier’s correction when the customer did not insist on their own', () => {
		expect(decide(move(HOME, { verdict: 'corrected', customerInsists: false }))).toEqual({
			outcome: 'apply',
			reasons: ['within_minutes'],
		});
	});

	it('applies an unverified or unvalidated address when the store turned that risk rule off', () => {
		const lax = { ...allOn, approveUnverifiedAddress: false };
		expect(decide(move(HOME, { verdict: 'invalid', customerInsists: true }), OPEN, lax).outcome).toBe('apply');
		expect(decide(move(HOME, null), OPEN, lax).outcome).toBe('apply');
	});
});

describe('decideRequest: refuse', () => {
	it.each<[string, SelfServiceRequest, keyof SelfServiceRules]>([
		['address change', move(), 'allowAddressChange'],
		['cancellation', cancel, 'allowCancellation'],
		['item swap', swap, 'allowItemSwap'],
	])('refuses a %s the store turned off, even inside the window', (_, request, field) => {
		expect(decide(request, OPEN, { ...allOn, [field]: false })).toEqual({
			outcome: 'refuse',
			reasons: ['action_disabled'],
		});
	});

	it('has item swaps off by default', () => {
		expect(decide(swap, OPEN, rules)).toEqual({ outcome: 'refuse', reasons: ['action_disabled'] });
	});

	it.each([...FINAL_REASONS])('refuses every kind past the point of no return (%s), whatever the risks', (reason) => {
		for (const request of [move(TORONTO, { verdict: 'invalid', customerInsists: true }), cancel, swap])
			expect(decide(request, closed(reason), allOn, { changesSoFar: 99 })).toEqual({
				outcome: 'refuse',
				reasons: [reason],
			});
	});

	it('gives every refusal reason at once', () => {
		expect(
			decide(move(HOME, { verdict: 'ambiguous', customerInsists: false }), closed('shipped'), {
				...allOn,
				allowAddressChange: false,
			}),
		).toEqual({
			outcome: 'refuse',
			reasons: ['action_disabled', 'shipped', 'address_ambiguous'],
		});
	});

	it.each<[string, SelfServiceRequest, string]>([
		['no new address', { kind: 'address_change' }, 'new_address_missing'],
		[
			'an empty new address',
			{ kind: 'address_change', newAddress: { address1: ' ', city: '' }, validation: valid },
			'new_address_missing',
		],
		['the address it already ships to', move(record().shippingAddress!), 'address_unchanged'],
		[
			'an address the carrier could not find',
			move(HOME, { verdict: 'invalid', customerInsists: false }),
			'address_invalid',
		],
		['an ambiguous address', move(HOME, { verdict: 'ambiguous', customerInsists: false }), 'address_ambiguous'],
	])('refuses an address change with %s (the customer fixes it)', (_, request, reason) => {
		expect(decide(request)).toEqual({ outcome: 'refuse', reasons: [reason] });
	});
});

describe('decideRequest: approval when the window is closed but the order has not shipped', () => {
	const NOT_FINAL = CLOSED_REASONS.filter((r) => !FINAL_REASONS.has(r));

	it('knows which closed reasons are final', () => {
		expect(NOT_FINAL).toEqual([
			'warehouse_cancelled',
			'on_hold',
			'warehouse_exception',
			'shopify_fulfillment_closed',
			'warehouse_picking',
			'minutes_passed',
			'warehouse_unknown',
			'order_time_unknown',
		]);
	});

	it.each(NOT_FINAL)('sends every kind to approval when the window closed for %s', (reason) => {
		for (const request of [move(), cancel, swap])
			expect(decide(request, closed(reason))).toEqual({ outcome: 'approval', reasons: [reason] });
	});

	it('gives the window’s reason first, then every risk rule that fired', () => {
		expect(
			decide(
				move(TORONTO, { verdict: 'invalid', customerInsists: true }),
				closed('warehouse_picking'),
				{ ...allOn, approveAboveValue: { USD: 100 } },
				{
					orderValue: { amount: '250.00', currencyCode: 'USD' },
					changesSoFar: 3,
				},
			),
		).toEqual({
			outcome: 'approval',
			reasons: [
				'warehouse_picking',
				'address_unverified',
				'country_change',
				'order_value_above_limit',
				'too_many_changes',
			],
		});
	});
});

describe('decideRequest: each risk rule alone, and together', () => {
	const withValue: SelfServiceRules = { ...allOn, approveAboveValue: { USD: 500, EUR: 450 } };
	const usd = (amount: string | number) => ({ orderValue: { amount, currencyCode: 'USD' } });

	it.each<[string, SelfServiceRequest, SelfServiceRules, DecisionContext, string | null]>([
		['country change', move(TORONTO), allOn, {}, 'country_change'],
		['country change, rule off', move(TORONTO), { ...allOn, approveCountryChange: false }, {}, null],
		['country by name on one side', move({ ...HOME, countryCode: null, country: 'United States' }), allOn, {}, null],
		['no country on the new address', move({ ...HOME, countryCode: null }), allOn, {}, 'country_unknown'],
		[
			'insists on an invalid address',
			move(HOME, { verdict: 'invalid', customerInsists: true }),
			allOn,
			{},
			'address_unverified',
		],
		[
			'insists on an ambiguous address',
			move(HOME, { verdict: 'ambiguous', customerInsists: true }),
			allOn,
			{},
			'address_unverified',
		],
		[
			'insists on their own over a correction',
			move(HOME, { verdict: 'corrected', customerInsists: true }),
			allOn,
			{},
			'address_unverified',
		],
		[
			'insists on a valid address (nothing to insist on)',
			move(HOME, { verdict: 'valid', customerInsists: true }),
			allOn,
			{},
			null,
		],
		['no validation result', { kind: 'address_change', newAddress: HOME }, allOn, {}, 'address_not_validated'],
		['value above the limit', cancel, withValue, usd('500.01'), 'order_value_above_limit'],
		['value exactly at the limit', cancel, withValue, usd('500.00'), null],
		['value as a number', swap, withValue, usd(501), 'order_value_above_limit'],
		[
			'value in another listed currency, above its own limit',
			cancel,
			withValue,
			{ orderValue: { amount: '480', currencyCode: 'eur' } },
			'order_value_above_limit',
		],
		[
			'value in a listed currency, under',
			cancel,
			withValue,
			{ orderValue: { amount: '449.99', currencyCode: 'EUR' } },
			null,
		],
		[
			'value in a currency without a limit (never converted)',
			cancel,
			withValue,
			{ orderValue: { amount: '1', currencyCode: 'CAD' } },
			'order_value_currency_unlisted',
		],
		['no value', cancel, withValue, {}, 'order_value_unknown'],
		['a value that is not an amount', cancel, withValue, usd('12,50'), 'order_value_unknown'],
		['a negative value', cancel, withValue, usd(-1), 'order_value_unknown'],
		['no value, no value rule', cancel, allOn, {}, null],
		['changes so far under the limit', cancel, allOn, { changesSoFar: 2 }, null],
		['changes so far at the limit', swap, allOn, { changesSoFar: 3 }, 'too_many_changes'],
		[
			'no change allowed without approval',
			cancel,
			{ ...allOn, maxChangesPerOrder: 0 },
			{ changesSoFar: 0 },
			'too_many_changes',
		],
		['no change limit', cancel, { ...allOn, maxChangesPerOrder: null }, { changesSoFar: 50 }, null],
	])('%s', (_, request, r, context, reason) => {
		expect(decide(request, OPEN, r, context)).toEqual(
			reason === null ? { outcome: 'apply', reasons: ['within_minutes'] } : { outcome: 'approval', reasons: [reason] },
		);
	});

	it('reads "value in another listed currency" by its own limit only', () => {
		// 480 EUR is above the EUR limit (450) though below the USD one (500): no conversion, no cross-currency compare.
		expect(decide(cancel, OPEN, withValue, { orderValue: { amount: 480, currencyCode: 'EUR' } }).reasons).toEqual([
			'order_value_above_limit',
		]);
	});

	it('fires every risk rule together, in a fixed order', () => {
		expect(
			decide(move(TORONTO, { verdict: 'corrected', customerInsists: true }), OPEN, withValue, {
				...usd(900),
				changesSoFar: 7,
			}),
		).toEqual({
			outcome: 'approval',
			reasons: ['address_unverified', 'country_change', 'order_value_above_limit', 'too_many_changes'],
		});
	});

	it('does not judge addresses for cancellations and swaps', () => {
		expect(decide(cancel, OPEN, allOn).outcome).toBe('apply');
		expect(decide({ kind: 'swap', newAddress: TORONTO }, OPEN, allOn).outcome).toBe('apply');
	});

	it('sends an apply to a person when the warehouse cannot make the change itself, and only then', () => {
		const plain = { ...allOn, approveCountryChange: false, approveUnverifiedAddress: false, maxChangesPerOrder: null };
		const manual = decideRequest(cancel, record(), OPEN, plain, { warehouseCanChange: false });
		expect(manual).toMatchObject({ outcome: 'approval', reasons: ['warehouse_manual'] });
		expect(decideRequest(cancel, record(), OPEN, plain, { warehouseCanChange: true }).outcome).toBe('apply');
		expect(decideRequest(cancel, record(), OPEN, plain).outcome).toBe('apply');
	});

	it('calls the country unknown when the record has no address', () => {
		expect(decideRequest(move(), record({ shippingAddress: null }), OPEN, allOn).reasons).toEqual(['country_unknown']);
	});

	it('lists every risk reason code', () => {
		expect([...RISK_REASONS].sort()).toEqual(
			[
				'address_not_validated',
				'address_unverified',
				'country_change',
				'country_unknown',
				'order_value_above_limit',
				'order_value_currency_unlisted',
				'order_value_unknown',
				'too_many_changes',
				'warehouse_manual',
				'shopify_edit_refused',
			].sort(),
		);
		expect([...REFUSE_REASONS].sort()).toEqual(
			[
				'action_disabled',
				'address_ambiguous',
				'address_invalid',
				'address_unchanged',
				'cancelled',
				'delivered',
				'item_unavailable',
				'new_address_missing',
				'returned',
				'shipped',
			].sort(),
		);
	});
});

describe('changesApplied', () => {
	const fact = (id: string, applied: boolean) => ({
		slot: `manual|edit_request|${id}`,
		source: 'manual' as const,
		kind: 'edit_request' as const,
		sourceId: id,
		at: after(1),
		key: id,
		firstAt: after(1),
		data: { field: 'shipping_address' as const, requestedAt: after(1), applied },
	});

	it('counts the edit requests the record shows applied, and is the default for changesSoFar', () => {
		const r = record({ facts: [fact('e1', true), fact('e2', false), fact('e3', true), fact('e4', true)] });
		expect(changesApplied(r)).toBe(3);
		expect(changesApplied(record())).toBe(0);
		expect(decideRequest(cancel, r, OPEN, allOn).reasons).toEqual(['too_many_changes']);
		expect(decideRequest(cancel, r, OPEN, allOn, { changesSoFar: 1 }).outcome).toBe('apply');
	});
});
