/**
 * Self-service rules (issue 17): when a customer may change their own order, and which requests a person
 * approves first. Plain data a non-engineer edits; the field names are flat so a credential or a Store
 * Profile section can hold them one field each.
 */

export interface SelfServiceRules {
	/** The window is open only while the warehouse has not started work on the order (picking or later). */
	windowUntilPicking: boolean;
	/** The window is open for this many minutes after the order was placed; null: no time limit. */
	windowMinutes: number | null;
	/**
	 * A warehouse status read longer ago than this (minutes) counts as unknown: a window never opens on an old
	 * read, because the warehouse may have started picking since.
	 */
	liveMaxAgeMinutes: number;
	allowAddressChange: boolean;
	allowCancellation: boolean;
	allowItemSwap: boolean;
	/** A new address in another country goes to approval. */
	approveCountryChange: boolean;
	/** An address the carrier could not validate, which the customer keeps anyway, goes to approval. */
	approveUnverifiedAddress: boolean;
	/**
	 * Orders worth more than this go to approval, per ISO 4217 currency ({"USD": 500, "EUR": 450}). An order is
	 * compared only with the limit of its own currency, never converted. Empty: no value rule.
	 */
	approveAboveValue: Record<string, number>;
	/** A request after this many changes to the same order goes to approval; null: no limit. */
	maxChangesPerOrder: number | null;
}

export const SELF_SERVICE_RULE_FIELDS = [
	'windowUntilPicking',
	'windowMinutes',
	'liveMaxAgeMinutes',
	'allowAddressChange',
	'allowCancellation',
	'allowItemSwap',
	'approveCountryChange',
	'approveUnverifiedAddress',
	'approveAboveValue',
	'maxChangesPerOrder',
] as const satisfies ReadonlyArray<keyof SelfServiceRules>;

/** Longest time window a store can set: 30 days. */
export const MAX_WINDOW_MINUTES = 30 * 24 * 60;
export const MAX_LIVE_AGE_MINUTES = 60;

/**
 * Safe defaults: the window closes when the warehouse starts picking or an hour after the order (the same
 * hour as the policy's editCutoffMinutes, so edit_after_cutoff and self-service agree out of the box). Item
 * swaps are off: a swap can change the price, which a store decides to offer.
 */
export function defaultSelfServiceRules(): SelfServiceRules {
	return {
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
	};
}

export class SelfServiceRulesError extends Error {
	constructor(readonly errors: string[]) {
		super(`Invalid self-service rules: ${errors.join('; ')}`);
		this.name = 'SelfServiceRulesError';
	}
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const shown = (v: unknown) => JSON.stringify(v)?.slice(0, 60) ?? String(v);

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function toNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '') return Number(value.trim());
	return Number.NaN;
}

function bool(input: Record<string, unknown>, field: keyof SelfServiceRules, fallback: boolean, errors: string[]) {
	const value = input[field];
	if (isEmpty(value)) return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	errors.push(`${field}: write true or false (got ${shown(value)})`);
	return fallback;
}

/** A whole number in [min, max]; empty gives `empty` (null: the rule is off). */
function whole(
	input: Record<string, unknown>,
	field: keyof SelfServiceRules,
	range: { min: number; max: number },
	empty: number | null,
	hint: string,
	errors: string[],
): number | null {
	const value = input[field];
	if (isEmpty(value)) return empty;
	const n = toNumber(value);
	if (!Number.isInteger(n) || n < range.min || n > range.max) {
		errors.push(`${field}: write a whole number from ${range.min} to ${range.max}${hint} (got ${shown(value)})`);
		return empty;
	}
	return n;
}

const CURRENCY = /^[A-Z]{3}$/;

/** {"USD": 500}, its JSON text, or "USD 500, EUR 450" -> { USD: 500, EUR: 450 }. */
function valueLimits(value: unknown, errors: string[]): Record<string, number> {
	const field = 'approveAboveValue';
	const example = 'e.g. "USD 500, EUR 450" or {"USD": 500}, or leave it empty for no value rule';
	if (isEmpty(value)) return {};
	let pairs: Array<[string, unknown]>;
	if (isRecord(value)) pairs = Object.entries(value);
	else if (typeof value === 'string' && value.trim().startsWith('{')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(value);
		} catch {
			errors.push(`${field}: is not valid JSON (${example})`);
			return {};
		}
		if (!isRecord(parsed)) {
			errors.push(`${field}: write each currency with its amount (${example})`);
			return {};
		}
		pairs = Object.entries(parsed);
	} else if (typeof value === 'string') {
		pairs = [];
		for (const part of value.split(/[,;\n]+/)) {
			if (part.trim() === '') continue;
			const m = /^\s*([A-Za-z]+)\s*:?\s*(\S+)\s*$/.exec(part);
			if (!m) {
				errors.push(`${field}: "${part.trim().slice(0, 40)}" is not a currency and an amount (${example})`);
				continue;
			}
			pairs.push([m[1], m[2]]);
		}
	} else {
		errors.push(`${field}: write each currency with its amount (${example})`);
		return {};
	}
	const limits: Record<string, number> = {};
	for (const [rawCode, rawAmount] of pairs) {
		const code = rawCode.trim().toUpperCase();
		if (!CURRENCY.test(code)) {
			errors.push(`${field}: "${rawCode.slice(0, 20)}" is not a currency code (use ISO 4217 codes such as USD, EUR)`);
			continue;
		}
		const amount = toNumber(rawAmount);
		if (!Number.isFinite(amount) || amount < 0) {
			errors.push(
				`${field}.${code}: write an amount of 0 or more, without the currency sign (got ${shown(rawAmount)})`,
			);
			continue;
		}
		if (code in limits) {
			errors.push(`${field}.${code}: is given twice (write each currency once)`);
			continue;
		}
		limits[code] = amount;
	}
	return limits;
}

/**
 * The rules these settings describe, defaults for the missing ones. Throws SelfServiceRulesError naming each
 * bad field and what to write instead, and each field it does not know (a misspelt field would otherwise
 * be ignored silently and its default used).
 */
export function parseSelfServiceRules(input: unknown): SelfServiceRules {
	const d = defaultSelfServiceRules();
	if (input === undefined || input === null) return d;
	if (!isRecord(input))
		throw new SelfServiceRulesError([
			`self-service rules: write an object of settings (${SELF_SERVICE_RULE_FIELDS.join(', ')})`,
		]);
	const errors: string[] = [];
	for (const key of Object.keys(input))
		if (!(SELF_SERVICE_RULE_FIELDS as readonly string[]).includes(key))
			errors.push(
				`${key.slice(0, 40)}: is not a self-service setting (the settings are ${SELF_SERVICE_RULE_FIELDS.join(', ')})`,
			);

	const rules: SelfServiceRules = {
		windowUntilPicking: bool(input, 'windowUntilPicking', d.windowUntilPicking, errors),
		windowMinutes:
			'windowMinutes' in input
				? whole(
						input,
						'windowMinutes',
						{ min: 1, max: MAX_WINDOW_MINUTES },
						null,
						', or leave it empty for no time limit',
						errors,
					)
				: d.windowMinutes,
		liveMaxAgeMinutes: d.liveMaxAgeMinutes,
		allowAddressChange: bool(input, 'allowAddressChange', d.allowAddressChange, errors),
		allowCancellation: bool(input, 'allowCancellation', d.allowCancellation, errors),
		allowItemSwap: bool(input, 'allowItemSwap', d.allowItemSwap, errors),
		approveCountryChange: bool(input, 'approveCountryChange', d.approveCountryChange, errors),
		approveUnverifiedAddress: bool(input, 'approveUnverifiedAddress', d.approveUnverifiedAddress, errors),
		approveAboveValue: valueLimits(input.approveAboveValue, errors),
		maxChangesPerOrder:
			'maxChangesPerOrder' in input
				? whole(input, 'maxChangesPerOrder', { min: 0, max: 1000 }, null, ', or leave it empty for no limit', errors)
				: d.maxChangesPerOrder,
	};

	if (!isEmpty(input.liveMaxAgeMinutes)) {
		const age = toNumber(input.liveMaxAgeMinutes);
		if (!Number.isFinite(age) || age <= 0 || age > MAX_LIVE_AGE_MINUTES)
			errors.push(
				`liveMaxAgeMinutes: write a number of minutes above 0 and at most ${MAX_LIVE_AGE_MINUTES}, e.g. 5 ` +
					`(got ${shown(input.liveMaxAgeMinutes)})`,
			);
		else rules.liveMaxAgeMinutes = age;
	}

	// Without either rule the window would stay open until the parcel ships: never what a store means.
	if (!rules.windowUntilPicking && rules.windowMinutes === null && !errors.some((e) => e.startsWith('window')))
		errors.push(
			'windowUntilPicking / windowMinutes: set windowUntilPicking to true, or windowMinutes to a number of ' +
				'minutes, or both (the window then closes at whichever comes first)',
		);

	if (errors.length > 0) throw new SelfServiceRulesError(errors);
	return rules;
}
