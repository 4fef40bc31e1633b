/**
 * The customer pages' words: ICU MessageFormat messages, one flat JSON object per language in locales/,
 * formatted with intl-messageformat. Dates and times are formatted with Intl in the zone the caller names
 * (the parcel's or the destination's), so a scan reads as the clock on the wall where it happened.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES_DIR, PAGE_LOCALES, type PageLocale } from './locale';

export interface Translator {
	locale: PageLocale;
	/** The message `id` formatted with `values`; throws UnknownMessageError for an id the file lacks. */
	t(id: string, values?: Record<string, unknown>): string;
	/** A calendar date ("Tuesday, March 10, 2026"); a date-only value ("2026-03-10") is that day anywhere. */
	date(iso: string, timeZone: string): string;
	/** A date and time with its zone ("Mar 9, 2026, 7:30 PM PDT"). */
	dateTime(iso: string, timeZone: string): string;
}

export class UnknownMessageError extends Error {
	constructor(
		readonly locale: string,
		readonly id: string,
	) {
		super(`No message "${id}" in nodes/lib/pages/locales/${locale}.json`);
		this.name = 'UnknownMessageError';
	}
}

export class UnknownLocaleError extends Error {
	constructor(readonly locale: string) {
		super(`No page language "${locale}": nodes/lib/pages/locales/ has ${PAGE_LOCALES.join(', ')}`);
		this.name = 'UnknownLocaleError';
	}
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/*
 * Parsed files and compiled messages are kept for the life of the process: they are the package's own
 * read-only files, the same for every execution and every worker, so caching them keeps no order state.
 */
const catalogues = new Map<PageLocale, Readonly<Record<string, string>>>();
const compiled = new Map<string, IntlMessageFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The messages of one language, read and checked once (a flat object of strings). */
export function messagesOf(locale: PageLocale): Readonly<Record<string, string>> {
	let messages = catalogues.get(locale);
	if (messages === undefined) {
		if (!PAGE_LOCALES.includes(locale)) throw new UnknownLocaleError(locale);
		messages = parseCatalogue(locale, readFileSync(join(LOCALES_DIR, `${locale}.json`), 'utf8'));
		catalogues.set(locale, messages);
	}
	return messages;
}

function parseCatalogue(locale: string, text: string): Readonly<Record<string, string>> {
	const parsed: unknown = JSON.parse(text);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
		throw new Error(`locales/${locale}.json must hold one JSON object of message id -> ICU message`);
	for (const [id, message] of Object.entries(parsed))
		if (typeof message !== 'string') throw new Error(`locales/${locale}.json: message "${id}" is not a string`);
	return Object.freeze(parsed as Record<string, string>);
}

/**
 * The compiled message. ignoreTag: a message is plain text that the renderer escapes as a whole, so "<"
 * in a translation is a character, never markup.
 */
function formatterOf(locale: PageLocale, id: string): IntlMessageFormat {
	const key = `${locale}\u0000${id}`;
	let format = compiled.get(key);
	if (format === undefined) {
		const messages = messagesOf(locale);
		if (!Object.prototype.hasOwnProperty.call(messages, id)) throw new UnknownMessageError(locale, id);
		format = new IntlMessageFormat(messages[id], locale, undefined, { ignoreTag: true });
		compiled.set(key, format);
	}
	return format;
}

export function translator(locale: PageLocale): Translator {
	messagesOf(locale);
	return {
		locale,
		t: (id, values) => {
			const out = formatterOf(locale, id).format(values as Record<string, string | number>);
			return Array.isArray(out) ? out.join('') : String(out);
		},
		date: (iso, timeZone) => formatDate(locale, iso, timeZone),
		dateTime: (iso, timeZone) => formatDateTime(locale, iso, timeZone),
	};
}

/** A zone Intl knows, else UTC: a page must render even when a record names a zone that does not exist. */
export function usableTimeZone(timeZone: unknown): string {
	if (typeof timeZone !== 'string' || timeZone === '') return 'UTC';
	try {
		new Intl.DateTimeFormat('en', { timeZone });
		return timeZone;
	} catch {
		return 'UTC';
	}
}

function dateFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
	let format = dateFormats.get(key);
	if (format === undefined) {
		format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
		dateFormats.set(key, format);
	}
	return format;
}

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' };
const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
	year: 'numeric',
	month: 'short',
	day: 'numeric',
	hour: 'numeric',
	minute: '2-digit',
	timeZoneName: 'short',
};

function formatDate(locale: string, iso: string, timeZone: string): string {
	// A date without a time is a calendar day, the same in every zone: read at UTC noon, formatted in UTC.
	if (DATE_ONLY.test(iso)) {
		const ms = Date.parse(`${iso}T12:00:00Z`);
		return Number.isNaN(ms) ? iso : dateFormat(locale, 'UTC', DATE_OPTIONS).format(ms);
	}
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? iso : dateFormat(locale, usableTimeZone(timeZone), DATE_OPTIONS).format(ms);
}

function formatDateTime(locale: string, iso: string, timeZone: string): string {
	if (DATE_ONLY.test(iso)) return formatDate(locale, iso, timeZone);
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? iso : dateFormat(locale, usableTimeZone(timeZone), DATE_TIME_OPTIONS).format(ms);
}
