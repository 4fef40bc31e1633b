/**
 * Building HTML that cannot be injected into. Every page is written with the `markup` template tag: each
 * interpolated value is escaped unless it is markup this module built (SafeHtml), so a record or request
 * value can only ever become text. Attributes are always double-quoted, and URLs and colours are checked
 * before they reach one.
 */

/** Markup built by `markup` (or `raw` for the fixed style sheet): the only thing inserted unescaped. */
export class SafeHtml {
	constructor(readonly value: string) {}
	toString(): string {
		return this.value;
	}
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
	'`': '&#96;',
};

/** Escaped for text and for a quoted attribute alike. */
export function escapeHtml(value: unknown): string {
	return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

type Interpolation = SafeHtml | string | number | null | undefined | false | readonly Interpolation[];

function piece(value: Interpolation): string {
	if (value === null || value === undefined || value === false) return '';
	if (value instanceof SafeHtml) return value.value;
	if (Array.isArray(value)) return (value as readonly Interpolation[]).map(piece).join('');
	return escapeHtml(value);
}

/**
 * The tag every page is written with. Named `markup`, not `html`: Prettier reformats html`` templates as
 * HTML documents, which would change the whitespace and the tags of the pages this tag produces.
 */
export function markup(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
	let out = strings[0];
	for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
	return new SafeHtml(out);
}

/** Markup written in this package's own source (the style sheet), never a value from outside. */
export function raw(markup: string): SafeHtml {
	return new SafeHtml(markup);
}

/**
 * A URL as a browser reads it (WHATWG URL: leading and trailing controls and spaces trimmed, tabs and line
 * breaks removed anywhere), so "java\tscript:" is checked as the javascript: it would become.
 */
function asBrowserReadsIt(value: string): string {
	// eslint-disable-next-line no-control-regex
	return value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

/**
 * An absolute http(s) URL, normalised by the URL parser, or null. Used for every URL that comes from a record
 * or from the store's settings (tracking page, logo, help page): javascript:, data: and the rest are dropped.
 */
export function safeHttpUrl(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const text = asBrowserReadsIt(value);
	if (text === '' || text.length > 2048) return null;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return null;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
	if (url.username !== '' || url.password !== '') return null;
	return url.href;
}

/**
 * A URL of the page's own (the lookup form, a language switch, the form's action): a path or query on
 * this server, or an absolute http(s) URL. A scheme other than http(s), or "//host" (another server that
 * looks like a path), gives null.
 */
export function safeLinkUrl(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const text = asBrowserReadsIt(value);
	if (text === '' || text.length > 2048) return null;
	if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return safeHttpUrl(text);
	// Browsers read a backslash as a slash here: "/\evil.example" is "//evil.example".
	if (/^[/\\]{2}/.test(text) || /^\/\\/.test(text)) return null;
	return text;
}

/** A plain address for a mailto: link, or null (no spaces, quotes, angle brackets or header tricks). */
export function safeEmail(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const text = value.trim();
	if (text.length > 254 || !/^[^\s@<>"'`?&#%,;:()[\]\\]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(text)) return null;
	return text;
}

/** The origin of an absolute http(s) URL, for the page's Content-Security-Policy (null for a relative URL). */
export function originOf(url: string | null): string | null {
	if (url === null || !/^https?:/i.test(url)) return null;
	try {
		return new URL(url).origin;
	} catch {
		return null;
	}
}

/** "#rgb" or "#rrggbb" as "#rrggbb" (lower case), else null: the only colours the store may set. */
export function safeHexColor(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const text = value.trim().toLowerCase();
	if (/^#[0-9a-f]{6}$/.test(text)) return text;
	if (/^#[0-9a-f]{3}$/.test(text)) return `#${text[1]}${text[1]}${text[2]}${text[2]}${text[3]}${text[3]}`;
	return null;
}

/** WCAG 2 relative luminance of a "#rrggbb" colour. */
function luminance(hex: string): number {
	const channel = (offset: number): number => {
		const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light + 0.05) / (dark + 0.05);
}
