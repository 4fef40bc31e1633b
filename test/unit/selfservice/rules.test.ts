import {
	defaultSelfServiceRules,
	parseSelfServiceRules,
	SELF_SERVICE_RULE_FIELDS,
	SelfServiceRulesError,
	type SelfServiceRules,
} from '../../../nodes/lib/selfservice';

function errorsOf(input: unknown): string[] {
	try {
		parseSelfServiceRules(input);
	} catch (error) {
		expect(error).toBeInstanceOf(SelfServiceRulesError);
		return (error as SelfServiceRulesError).errors;
	}
	throw new Error('expected SelfServiceRulesError');
}

describe('parseSelfServiceRules', () => {
	it('gives the defaults for nothing and for an empty object', () => {
		expect(parseSelfServiceRules(undefined)).toEqual(defaultSelfServiceRules());
		expect(parseSelfServiceRules(null)).toEqual(defaultSelfServiceRules());
		expect(parseSelfServiceRules({})).toEqual(defaultSelfServiceRules());
	});

	it('has safe defaults: both window rules, swaps off, risk rules on, no value rule', () => {
		expect(defaultSelfServiceRules()).toEqual<SelfServiceRules>({
			windowUntilPicking: true,
			windowMinutes: 60,
			liveMaxAgeMinutes: 5,
			allowAddressChange: true,
			allowCancellation: true,
			allowItemSwap: false,
			approveCountryChange: true,
			approveUnverifiedAddress: true,
			approveAboveValue: {},
			maxChangesPerOrder: 3,
		});
		expect(Object.keys(defaultSelfServiceRules()).sort()).toEqual([...SELF_SERVICE_RULE_FIELDS].sort());
	});

	it('reads every field as n8n hands it over (strings from a credential form)', () => {
		expect(
			parseSelfServiceRules({
				windowUntilPicking: 'false',
				windowMinutes: '90',
				liveMaxAgeMinutes: '2.5',
				allowAddressChange: 'true',
				allowCancellation: false,
				allowItemSwap: true,
				approveCountryChange: 'false',
				approveUnverifiedAddress: false,
				approveAboveValue: 'usd 500, EUR: 450.50\nGBP 0',
				maxChangesPerOrder: '0',
			}),
		).toEqual<SelfServiceRules>({
			windowUntilPicking: false,
			windowMinutes: 90,
			liveMaxAgeMinutes: 2.5,
			allowAddressChange: true,
			allowCancellation: false,
			allowItemSwap: true,
			approveCountryChange: false,
			approveUnverifiedAddress: false,
			approveAboveValue: { USD: 500, EUR: 450.5, GBP: 0 },
			maxChangesPerOrder: 0,
		});
	});

	it('takes value limits as an object or its JSON text', () => {
		expect(parseSelfServiceRules({ approveAboveValue: { usd: '500' } }).approveAboveValue).toEqual({ USD: 500 });
		expect(parseSelfServiceRules({ approveAboveValue: ' {"CAD": 700} ' }).approveAboveValue).toEqual({ CAD: 700 });
		expect(parseSelfServiceRules({ approveAboveValue: '' }).approveAboveValue).toEqual({});
	});

	it('turns a rule off with an empty field, keeps the default when the field is absent', () => {
		expect(parseSelfServiceRules({ windowMinutes: '' }).windowMinutes).toBeNull();
		expect(parseSelfServiceRules({ windowMinutes: null }).windowMinutes).toBeNull();
		expect(parseSelfServiceRules({ maxChangesPerOrder: '' }).maxChangesPerOrder).toBeNull();
		expect(parseSelfServiceRules({ windowUntilPicking: true }).windowMinutes).toBe(60);
		expect(parseSelfServiceRules({ windowMinutes: 30 }).maxChangesPerOrder).toBe(3);
	});

	it('accepts either window rule alone', () => {
		expect(parseSelfServiceRules({ windowUntilPicking: false, windowMinutes: 30 })).toMatchObject({
			windowUntilPicking: false,
			windowMinutes: 30,
		});
		expect(parseSelfServiceRules({ windowUntilPicking: true, windowMinutes: '' })).toMatchObject({
			windowUntilPicking: true,
			windowMinutes: null,
		});
	});

	it.each<[string, unknown, RegExp]>([
		['windowUntilPicking', 'yes', /^windowUntilPicking: write true or false/],
		['windowMinutes', '0', /^windowMinutes: write a whole number from 1 to 43200, or leave it empty/],
		['windowMinutes', 'an hour', /^windowMinutes: write a whole number/],
		['windowMinutes', 12.5, /^windowMinutes: write a whole number/],
		['windowMinutes', 43_201, /^windowMinutes: write a whole number/],
		['liveMaxAgeMinutes', 0, /^liveMaxAgeMinutes: write a number of minutes above 0 and at most 60/],
		['liveMaxAgeMinutes', '61', /^liveMaxAgeMinutes: /],
		['allowAddressChange', 1, /^allowAddressChange: write true or false/],
		['allowCancellation', 'no', /^allowCancellation: write true or false/],
		['allowItemSwap', {}, /^allowItemSwap: write true or false/],
		['approveCountryChange', 'on', /^approveCountryChange: write true or false/],
		['approveUnverifiedAddress', 'off', /^approveUnverifiedAddress: write true or false/],
		['approveAboveValue', '$500', /^approveAboveValue: "\$500" is not a currency and an amount \(e\.g\. "USD 500/],
		['approveAboveValue', 'DOLLARS 500', /^approveAboveValue: "DOLLARS" is not a currency code \(use ISO 4217/],
		['approveAboveValue', 'USD -5', /^approveAboveValue\.USD: write an amount of 0 or more/],
		['approveAboveValue', 'USD 5, usd 6', /^approveAboveValue\.USD: is given twice/],
		['approveAboveValue', '{"USD": }', /^approveAboveValue: is not valid JSON/],
		['approveAboveValue', 500, /^approveAboveValue: write each currency with its amount/],
		['approveAboveValue', { EUR: 'lots' }, /^approveAboveValue\.EUR: write an amount/],
		['maxChangesPerOrder', -1, /^maxChangesPerOrder: write a whole number from 0 to 1000, or leave it empty/],
		['maxChangesPerOrder', '2.5', /^maxChangesPerOrder: /],
	])('names %s when it is %p', (field, value, message) => {
		const errors = errorsOf({ [field]: value });
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatch(message);
	});

	it('refuses a window without either rule, naming both fields', () => {
		expect(errorsOf({ windowUntilPicking: false, windowMinutes: '' })).toEqual([
			'windowUntilPicking / windowMinutes: set windowUntilPicking to true, or windowMinutes to a number of ' +
				'minutes, or both (the window then closes at whichever comes first)',
		]);
	});

	it('names a field it does not know (a misspelt setting is never ignored silently)', () => {
		expect(errorsOf({ allowSwap: true })).toEqual([
			expect.stringMatching(/^allowSwap: is not a self-service setting \(the settings are windowUntilPicking, /),
		]);
	});

	it('names every bad field at once, and says so in the message', () => {
		const input = { windowMinutes: -3, allowCancellation: 'maybe', approveAboveValue: 'EURO 4' };
		const errors = errorsOf(input);
		expect(errors.map((e) => e.split(':')[0])).toEqual(['windowMinutes', 'allowCancellation', 'approveAboveValue']);
		expect(() => parseSelfServiceRules(input)).toThrow(/^Invalid self-service rules: windowMinutes: /);
	});

	it('refuses what is not an object of settings', () => {
		for (const input of ['windowMinutes=5', 5, [1]])
			expect(errorsOf(input)).toEqual([expect.stringMatching(/^self-service rules: write an object of settings/)]);
	});
});
