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

/**
 * True for a "YYYY-MM-DDTHH:MM:SS" prefix with plausible fields (no roll-over needed). A check only, so
 * the hot path allocates nothing; canonicalMs reads the fields again when the instant is needed.
 */
function canonicalPrefix(s: string): boolean {
	if (
		s.charCodeAt(4) !== 45 ||
		s.charCodeAt(7) !== 45 ||
		s.charCodeAt(10) !== 84 ||
		s.charCodeAt(13) !== 58 ||
		s.charCodeAt(16) !== 58
	)
		return false;
	const y1 = digits2(s, 0);
	const y2 = digits2(s, 2);
	const mo = digits2(s, 5);
	const d = digits2(s, 8);
	const h = digits2(s, 11);
	const mi = digits2(s, 14);
	const se = digits2(s, 17);
	// Days up to 28 never roll over into the next month; other dates take the exact slow path.
	// Years below 100 would be read as 19xx by Date.UTC: slow path.
	return !(
		y1 < 1 ||
		y2 < 0 ||
		mo < 1 ||
		mo > 12 ||
		d < 1 ||
		d > 28 ||
		h < 0 ||
		h > 23 ||
		mi < 0 ||
		mi > 59 ||
		se < 0 ||
		se > 59
	);
}

/** Epoch ms of a string whose prefix canonicalPrefix accepted, with `ms` milliseconds. */
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

/** "...T..:..:..sssZ" (24 characters) in canonical form. */
function isCanonicalWithMs(s: string): boolean {
	return (
		s.length === 24 && s.charCodeAt(23) === 90 && s.charCodeAt(19) === 46 && canonicalPrefix(s) && digits3(s, 20) >= 0
	);
}

/** "...T..:..:..Z" (20 characters) in canonical form. */
function isCanonicalWithoutMs(s: string): boolean {
	return s.length === 20 && s.charCodeAt(19) === 90 && canonicalPrefix(s);
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
