/**
 * Which language a customer page is shown in. The languages are the files in locales/: adding one is adding
 * a file (no list to edit here), so the list is read from the directory when the module loads.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Next to this module in the sources and in dist/ (scripts/copy-assets.mjs copies the files there). */
export const LOCALES_DIR = join(__dirname, 'locales');

/** Language tags as the files name them, e.g. 'de', 'en', or 'pt-br' for a regional file. */
export type PageLocale = string;

export const PAGE_LOCALES: readonly PageLocale[] = Object.freeze(
	readdirSync(LOCALES_DIR)
		.filter((file) => file.endsWith('.json'))
		.map((file) => file.slice(0, -'.json'.length).toLowerCase())
		.sort(),
);

const DEFAULT_FALLBACK: PageLocale = 'en';
/** A header longer than this is not from a browser; reading all of it would only cost time. */
const MAX_ACCEPT_LANGUAGE_LENGTH = 1_000;
const MAX_ACCEPT_LANGUAGE_ENTRIES = 32;

/**
 * The page language for a request: an explicit choice (?lang=) first, then the order's customerLocale
 * ("es-MX" -> es), then Accept-Language (q-values honoured), then the fallback (else 'en'). Never throws:
 * every input may be missing, of the wrong type or garbage, and is then skipped.
 */
export function chooseLocale(opts: {
	explicit?: string | null;
	customerLocale?: string | null;
	acceptLanguage?: string | null;
	fallback?: string;
}): PageLocale {
	const given = (opts ?? {}) as Record<string, unknown>;
	return (
		supportedLocaleOf(given.explicit) ??
		supportedLocaleOf(given.customerLocale) ??
		firstSupportedOfAcceptLanguage(given.acceptLanguage) ??
		supportedLocaleOf(given.fallback) ??
		(PAGE_LOCALES.includes(DEFAULT_FALLBACK) ? DEFAULT_FALLBACK : PAGE_LOCALES[0])
	);
}

/**
 * The page locale a language tag asks for: the exact file when there is one ("pt-BR" -> pt-br), else its
 * language ("es-MX", "es_MX" -> es). Null when the tag is not a tag or no file serves it.
 */
export function supportedLocaleOf(tag: unknown): PageLocale | null {
	if (typeof tag !== 'string') return null;
	const normal = tag.trim().replace(/_/g, '-').toLowerCase();
	if (normal.length === 0 || normal.length > 35 || !/^[a-z]{2,8}(-[a-z0-9]{1,8})*$/.test(normal)) return null;
	if (PAGE_LOCALES.includes(normal)) return normal;
	const language = normal.split('-')[0];
	return PAGE_LOCALES.includes(language) ? language : null;
}

/** Accept-Language ranges, highest q first; equal q keep the browser's order. q=0 means "not this one". */
export function acceptLanguageRanges(header: unknown): string[] {
	if (typeof header !== 'string') return [];
	const ranges: Array<{ tag: string; q: number; position: number }> = [];
	const parts = header.slice(0, MAX_ACCEPT_LANGUAGE_LENGTH).split(',').slice(0, MAX_ACCEPT_LANGUAGE_ENTRIES);
	parts.forEach((part, position) => {
		const [rawTag, ...params] = part.split(';');
		const tag = rawTag.trim();
		if (tag === '') return;
		const q = qualityOf(params);
		if (q > 0) ranges.push({ tag, q, position });
	});
	return ranges.sort((a, b) => b.q - a.q || a.position - b.position).map((r) => r.tag);
}

/** The q parameter (RFC 9110: 0 to 1); without one q=1, and a range whose q cannot be read is left out (q=0). */
function qualityOf(params: string[]): number {
	for (const param of params) {
		const [name, value] = param.split('=').map((s) => s.trim());
		if (name.toLowerCase() !== 'q') continue;
		const q = /^[01](\.\d{0,3})?$/.test(value ?? '') ? Number(value) : Number.NaN;
		return q >= 0 && q <= 1 ? q : 0;
	}
	return 1;
}

function firstSupportedOfAcceptLanguage(header: unknown): PageLocale | null {
	for (const tag of acceptLanguageRanges(header)) {
		// "*" means "any language": the caller's fallback decides which.
		if (tag === '*') return null;
		const locale = supportedLocaleOf(tag);
		if (locale !== null) return locale;
	}
	return null;
}
