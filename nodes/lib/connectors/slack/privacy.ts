/**
 * Privacy by default (issue 15): with "Include Customer Details" off, no customer name, phone, e-mail or
 * street line reaches Slack, also not through free text a vendor wrote (a warehouse hold reason "Customer
 * Emily Carter asked to hold", an address check "4127 N Lincoln Ave not found", a carrier's "left with
 * CARTER"). Free text is redacted against the order's own customer data, whatever its case, spacing,
 * punctuation or phone formatting, and USPS spelling of street words ("North Lincoln Avenue" is "N LINCOLN AVE").
 *
 * Every function here is pure. Scanning is linear in the text: a word list, a few regular expressions
 * built from the customer's own (short) values, and no backtracking-prone patterns.
 */
import { streetWord } from '../../order/address';

/** The customer data one order holds, as written anywhere it came from. */
export interface CustomerData {
	names: string[];
	emails: string[];
	phones: string[];
	/** Street lines (address1, address2, and both as one line). */
	streets: string[];
}

/** The parts of an order a message can name the customer by. */
export interface CustomerSource {
	customer?: { name?: string | null; email?: string | null; phone?: string | null } | null;
	shippingAddress?: {
		name?: string | null;
		company?: string | null;
		address1?: string | null;
		address2?: string | null;
		phone?: string | null;
	} | null;
}

/** Evidence keys whose value names, reaches or locates the customer (at any depth). */
export const PII_KEY =
	/^(email|e_?mail|customer_?email|customer_?name|customer|name|first_?name|last_?name|full_?name|company|phone|customer_?phone|address|address1|address2|address_?line\d?|shipping_?address|billing_?address|street|zip|postal_?code|postcode)$/i;

// Bounded quantifiers keep the scan linear: an unbounded local part backtracks quadratically on long text.
const EMAIL_IN_TEXT = /[A-Z0-9._%+-]{1,64}@[A-Z0-9.-]{1,253}\.[A-Z]{2,24}/gi;
/** Words: letters and digits, with apostrophes inside a word ("O'Brien" is one word). */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
/** A name word shorter than this is only hidden as part of the full name ("Li" alone is too common a word). */
const MIN_NAME_WORD = 3;
/** Phones with fewer digits than this are not told apart from other numbers, so they are not matched. */
const MIN_PHONE_DIGITS = 7;

const HIDDEN = {
	email: '[email hidden]',
	phone: '[phone hidden]',
	name: '[name hidden]',
	street: '[address hidden]',
} as const;

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function addAddress(into: CustomerData, a: unknown): void {
	if (!a || typeof a !== 'object') return;
	const r = a as Record<string, unknown>;
	for (const k of ['name', 'company', 'firstName', 'lastName']) if (text(r[k])) into.names.push(r[k] as string);
	if (text(r.phone)) into.phones.push(r.phone as string);
	if (text(r.email)) into.emails.push(r.email as string);
	const lines = [r.address1, r.address2, r.street].filter((x): x is string => text(x) !== null);
	into.streets.push(...lines);
	if (lines.length > 1) into.streets.push(lines.join(' '));
}

/**
 * Walks evidence for customer values it carries under customer keys (a nested shipping address, a
 * customerName): they are hidden wherever else they appear in the text too.
 */
function addFromEvidence(into: CustomerData, value: unknown, depth: number): void {
	if (depth > 8 || !value || typeof value !== 'object') return;
	if (Array.isArray(value)) {
		for (const v of value) addFromEvidence(into, v, depth + 1);
		return;
	}
	for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
		if (!PII_KEY.test(k)) {
			addFromEvidence(into, v, depth + 1);
			continue;
		}
		if (v && typeof v === 'object') addAddress(into, v);
		else if (text(v)) {
			const s = v as string;
			if (/mail/i.test(k)) into.emails.push(s);
			else if (/phone/i.test(k)) into.phones.push(s);
			else if (/address|street/i.test(k)) into.streets.push(s);
			else if (/name|customer|company/i.test(k)) into.names.push(s);
		}
	}
}

/** The order's customer data, plus what the evidence itself holds under customer keys. */
export function customerDataOf(order: CustomerSource | null | undefined, evidence?: unknown): CustomerData {
	const data: CustomerData = { names: [], emails: [], phones: [], streets: [] };
	const c = order?.customer;
	if (c) {
		if (text(c.name)) data.names.push(c.name as string);
		if (text(c.email)) data.emails.push(c.email as string);
		if (text(c.phone)) data.phones.push(c.phone as string);
	}
	addAddress(data, order?.shippingAddress);
	addFromEvidence(data, evidence, 0);
	return data;
}

/** Upper case, accents folded, apostrophes dropped: "O’Brien" and "OBRIEN" are one word. */
function fold(word: string): string {
	return word
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/['’]/g, '')
		.toUpperCase();
}

interface Word {
	folded: string;
	start: number;
	end: number;
}

function wordsOf(s: string): Word[] {
	const out: Word[] = [];
	for (const m of s.matchAll(WORD)) out.push({ folded: fold(m[0]), start: m.index, end: m.index + m[0].length });
	return out;
}

/** A street line as comparable words: USPS forms, the unit designator ("Apt", "#") left out. */
function streetWords(line: string): string[] {
	return wordsOf(line)
		.map((w) => streetWord(w.folded))
		.filter((w) => w !== '#');
}

/** The customer's phone in any formatting: its national digits with any separators, an optional country code. */
function phonePattern(phone: string): string | null {
	const digits = phone.replace(/\D/g, '');
	if (digits.length < MIN_PHONE_DIGITS) return null;
	// The last ten digits are the number without a country code (NANP; shorter national numbers are all kept).
	const national = digits.length > 10 ? digits.slice(-10) : digits;
	// Not inside a longer word or number: a tracking number that happens to end in these digits is no phone.
	const body = [...national].join('[\\s().-]{0,3}');
	return `(?<![\\p{L}\\p{N}])(?:\\+?\\d{1,3}[\\s().-]{0,3})?\\(?${body}(?![\\p{L}\\p{N}])`;
}

export interface Redactor {
	(text: string): string;
	/** True when the redactor knows customer values to look for (besides any e-mail address). */
	readonly knowsCustomer: boolean;
}

/**
 * A function that hides the customer's data in free text: every e-mail address (anyone's: an address
 * in a warehouse note is never needed to act on a case), the customer's phones in any formatting, their
 * names (the full name, and each name word of three letters or more, any case), and their street lines
 * (word by word in USPS form, any case or spacing; a run of the line's words holding its number and a
 * street word).
 */
export function customerRedactor(data: CustomerData): Redactor {
	const phoneSources = [...new Set(data.phones)].map(phonePattern).filter((p): p is string => p !== null);
	const phones = phoneSources.length ? new RegExp(phoneSources.join('|'), 'gu') : null;
	const emails = [...new Set(data.emails.map((e) => e.trim().toLowerCase()))].filter((e) => e.length > 0);
	const nameRuns = uniqueRuns(data.names.map((n) => wordsOf(n).map((w) => w.folded)));
	const nameWords = new Set(nameRuns.flat().filter((w) => w.length >= MIN_NAME_WORD));
	const streetRuns = uniqueRuns(data.streets.map(streetWords));
	const knowsCustomer = phones !== null || emails.length > 0 || nameRuns.length > 0 || streetRuns.length > 0;

	const redact = (input: string): string => {
		if (input === '') return input;
		const spans: Array<[number, number, string]> = [];
		for (const m of input.matchAll(EMAIL_IN_TEXT)) spans.push([m.index, m.index + m[0].length, HIDDEN.email]);
		if (emails.length) {
			const lower = input.toLowerCase();
			for (const e of emails)
				for (let i = lower.indexOf(e); i >= 0; i = lower.indexOf(e, i + e.length))
					spans.push([i, i + e.length, HIDDEN.email]);
		}
		if (phones) for (const m of input.matchAll(phones)) spans.push([m.index, m.index + m[0].length, HIDDEN.phone]);
		if (nameRuns.length || streetRuns.length) {
			const words = wordsOf(input);
			for (const [from, to] of runsIn(words, nameRuns, (w) => w.folded)) spans.push([from, to, HIDDEN.name]);
			for (const w of words) if (nameWords.has(w.folded)) spans.push([w.start, w.end, HIDDEN.name]);
			const street = words.filter((w) => streetWord(w.folded) !== '#');
			for (const [from, to] of streetRunsIn(street, streetRuns)) spans.push([from, to, HIDDEN.street]);
		}
		return spans.length ? replaceSpans(input, spans) : input;
	};
	return Object.assign(redact, { knowsCustomer });
}

function uniqueRuns(runs: string[][]): string[][] {
	const seen = new Set<string>();
	const out: string[][] = [];
	for (const r of runs) {
		const key = r.join(' ');
		if (r.length === 0 || seen.has(key)) continue;
		seen.add(key);
		out.push(r);
	}
	return out;
}

/** Where a whole run of words (a full name) occurs, in any case and spacing. */
function runsIn(words: Word[], runs: string[][], key: (w: Word) => string): Array<[number, number]> {
	const out: Array<[number, number]> = [];
	for (let i = 0; i < words.length; i++)
		for (const run of runs) {
			if (i + run.length > words.length) continue;
			let k = 0;
			while (k < run.length && key(words[i + k]) === run[k]) k++;
			if (k === run.length) out.push([words[i].start, words[i + run.length - 1].end]);
		}
	return out;
}

/**
 * Where a street line occurs: consecutive words of the text that are words of the line in the line's
 * order (a word of the line may be left out: "4127 Lincoln Ave" is "4127 N LINCOLN AVE"), at least two,
 * holding a word with a digit (the number) and a word of three letters or more (the street), or the whole line.
 */
function streetRunsIn(words: Word[], lines: string[][]): Array<[number, number]> {
	const out: Array<[number, number]> = [];
	for (const line of lines) {
		for (let i = 0; i < words.length; i++) {
			let at = line.indexOf(streetWord(words[i].folded));
			if (at < 0) continue;
			let j = i;
			let digit = /\d/.test(line[at]);
			let word = /^[A-Z]{3,}$/.test(line[at]);
			let matched = 1;
			while (j + 1 < words.length) {
				const next = line.indexOf(streetWord(words[j + 1].folded), at + 1);
				if (next < 0) break;
				at = next;
				j++;
				matched++;
				if (/\d/.test(line[at])) digit = true;
				if (/^[A-Z]{3,}$/.test(line[at])) word = true;
			}
			// A whole line of one word ("Apt 2B" is "2B") is too common a word to hide on its own.
			if (matched >= 2 && ((digit && word) || matched === line.length)) {
				out.push([words[i].start, words[j].end]);
				i = j;
			}
		}
	}
	return out;
}

/** Replaces each span (overlaps merged, the first label kept) in one pass. */
function replaceSpans(input: string, spans: Array<[number, number, string]>): string {
	spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
	let out = '';
	let pos = 0;
	for (const [start, end, label] of spans) {
		if (end <= pos) continue;
		if (start >= pos) {
			out += input.slice(pos, start) + label;
		}
		pos = end;
	}
	return out + input.slice(pos);
}

/**
 * Evidence with customer values taken out: values under customer keys (at any depth) are dropped and
 * counted, every other string is redacted. Numbers, booleans and keys are kept as they are.
 */
export function redactEvidence(
	evidence: Record<string, unknown>,
	redact: (s: string) => string,
): { evidence: Record<string, unknown>; hidden: number } {
	let hidden = 0;
	const walk = (value: unknown, depth: number): unknown => {
		if (typeof value === 'string') return redact(value);
		if (!value || typeof value !== 'object' || depth > 16) return value;
		if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			if (v === undefined) continue;
			if (PII_KEY.test(k)) {
				hidden++;
				continue;
			}
			out[k] = walk(v, depth + 1);
		}
		return out;
	};
	const out = walk(evidence, 0) as Record<string, unknown>;
	return { evidence: out, hidden };
}
