/**
 * A strict reader of the pages' markup for tests: the renderer writes every attribute double-quoted with
 * its value escaped, so every "<" in a page must open one of these tags with such attributes. Anything a
 * hostile value could add (a tag, an unquoted attribute, a stray quote) makes the page unreadable here.
 */

export const PAGE_TAGS = new Set([
	'html',
	'head',
	'meta',
	'title',
	'style',
	'body',
	'a',
	'header',
	'nav',
	'main',
	'footer',
	'section',
	'div',
	'p',
	'span',
	'br',
	'img',
	'h1',
	'h2',
	'h3',
	'ul',
	'ol',
	'li',
	'dl',
	'dt',
	'dd',
	'time',
	'form',
	'fieldset',
	'legend',
	'label',
	'input',
	'select',
	'option',
	'button',
	'mark',
]);

export interface Tag {
	name: string;
	closing: boolean;
	attributes: Record<string, string>;
}

const TAG = /^<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*(?:="[^"<>`]*")?)*)\s*>/;
const ATTRIBUTE = /\s+([a-z][a-z-]*)(?:="([^"<>`]*)")?/g;

/** Every tag of a page, in order; throws at the first "<" that does not open a well-formed page tag. */
export function tagsOf(page: string): Tag[] {
	const body = page.replace(/^<!DOCTYPE html>\n/, '');
	const tags: Tag[] = [];
	let from = 0;
	for (;;) {
		const i = body.indexOf('<', from);
		if (i < 0) return tags;
		const match = TAG.exec(body.slice(i));
		if (!match || !PAGE_TAGS.has(match[2]))
			throw new Error(`not a page tag at ${i}: ${JSON.stringify(body.slice(i, i + 80))}`);
		const attributes: Record<string, string> = {};
		for (const a of match[3].matchAll(ATTRIBUTE)) {
			if (a[1] in attributes) throw new Error(`attribute ${a[1]} twice in ${match[0]}`);
			attributes[a[1]] = a[2] ?? '';
		}
		tags.push({ name: match[2], closing: match[1] === '/', attributes });
		from = i + match[0].length;
	}
}

/** The text of a page with tags removed and entities decoded (enough for the entities the renderer writes). */
export function textOf(page: string): string {
	return page
		.replace(/<style>[\s\S]*?<\/style>/, '')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&#96;/g, '`')
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ');
}

/** What the page points a browser at: link targets, image sources and the form's action. */
export function urlsOf(page: string): string[] {
	return tagsOf(page).flatMap((tag) =>
		['href', 'src', 'action'].filter((a) => a in tag.attributes).map((a) => decode(tag.attributes[a])),
	);
}

function decode(value: string): string {
	return value
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&#96;/g, '`')
		.replace(/&amp;/g, '&');
}

/** The checks every page must pass whatever went into it. */
export function assertInert(page: string): void {
	const tags = tagsOf(page);
	const problems: string[] = [];
	if (/<script/i.test(page)) problems.push('a <script');
	for (const tag of tags) {
		for (const name of Object.keys(tag.attributes))
			if (name.startsWith('on')) problems.push(`event handler ${name} on <${tag.name}>`);
		if ('style' in tag.attributes) problems.push(`style attribute on <${tag.name}>`);
	}
	for (const url of urlsOf(page)) {
		const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\t\n\r]/g, '').trim())?.[1]?.toLowerCase();
		if (scheme !== undefined && !['http', 'https', 'mailto'].includes(scheme)) problems.push(`a ${scheme}: URL`);
		if (/^\s*[/\\]{2}/.test(url)) problems.push(`a URL to another host that looks like a path: ${url}`);
	}
	if (problems.length > 0) throw new Error(problems.join('; '));
}
