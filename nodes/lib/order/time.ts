/**
 * Fast paths for the ISO 8601 times that dominate the input ("2026-03-02T14:00:00.000Z" and the same
 * without milliseconds). Date.parse and toISOString cost about a microsecond each under load and
 * reconcile meets dozens per order; anything else falls back to them, so results are identical.
 */

function digits2(s: string, i: number): number {
	const a = s.charCodeAt(i) - 48;
	const b = s.charCodeAt(i + 1) - 48;
	return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function digits3(s: string, i: number): number {
	const a = digits2(s, i);
	const c = s.charCodeAt(i + 2) - 48;
	return a >= 0 && c >= 0 && c <= 9 ? a * 10 + c : -1;
}

/** Epoch ms of a string in a canonical form (the patterns below accepted it), with `ms` milliseconds. */
function canonicalMs(s: string, ms: number): number {
	return Date.UTC(
		digits2(s, 0) * 100 + digits2(s, 2),
		digits2(s, 5) - 1,
		digits2(s, 8),
		digits2(s, 11),
		digits2(s, 14),
		digits2(s, 17),
		ms,
	);
}

/*
 * The canonical forms, with plausible fields only: days up to 28 never roll over into the next month, and
 * years below 100 would be read as 19xx by Date.UTC; other times take the exact slow path. Regular expressions
 * because the engine checks every time of every observation several times over (validation, facts, derive,
 * rules) and V8 compiles these to native code that tests a time in about two thirds of the time a
 * character-by-character check took (issue 14). Only parseIsoMs reads the fields, after the test.
 */
const CANONICAL_WITH_MS =
	/^(?!00)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const CANONICAL_WITHOUT_MS = /^(?!00)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/** "...T..:..:..sssZ" (24 characters) in canonical form. */
function isCanonicalWithMs(s: string): boolean {
	return s.length === 24 && CANONICAL_WITH_MS.test(s);
}

/** "...T..:..:..Z" (20 characters) in canonical form. */
function isCanonicalWithoutMs(s: string): boolean {
	return s.length === 20 && CANONICAL_WITHOUT_MS.test(s);
}

/** Epoch ms of an ISO time, exactly like Date.parse (NaN when unparseable). */
export function parseIsoMs(s: string): number {
	if (isCanonicalWithMs(s)) return canonicalMs(s, digits3(s, 20));
	if (isCanonicalWithoutMs(s)) return canonicalMs(s, 0);
	return Date.parse(s);
}

/** Exactly !Number.isNaN(parseIsoMs(s)), without computing the instant on the common forms. */
export function isParseableIso(s: string): boolean {
	return isCanonicalWithMs(s) || isCanonicalWithoutMs(s) || !Number.isNaN(Date.parse(s));
}

/** The canonical UTC form "YYYY-MM-DDTHH:MM:SS.sssZ" (so times compare as strings), or null. */
export function canonicalIso(s: string | null | undefined): string | null {
	if (s === null || s === undefined || s === '') return null;
	if (isCanonicalWithMs(s)) return s;
	if (isCanonicalWithoutMs(s)) return `${s.slice(0, 19)}.000Z`;
	const ms = Date.parse(s);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
