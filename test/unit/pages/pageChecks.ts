/**
 * What every request page must be, checked the same way by each page's tests: the document's shape for a
 * screen reader and a phone, and readers for its form (hidden entries, labels, the text of an element).
 */
import { assertInert, tagsOf, textOf, type Tag } from './htmlScan';

export function decode(value: string): string {
	return value
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&#96;/g, '`')
		.replace(/&amp;/g, '&');
}

export const opening = (page: string, name: string): Tag[] => tagsOf(page).filter((t) => t.name === name && !t.closing);
export const visibleInputs = (page: string) => opening(page, 'input').filter((i) => i.attributes.type !== 'hidden');
/** The form's hidden inputs as name -> every value sent under it. */
export function hiddenOf(page: string): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	for (const input of opening(page, 'input').filter((i) => i.attributes.type === 'hidden'))
		(out[decode(input.attributes.name)] ??= []).push(decode(input.attributes.value));
	return out;
}
/** The text of the element with this id (the first closing tag of its kind ends it: enough for p, label, div). */
export function textById(page: string, id: string): string {
	const match = new RegExp(`<([a-z0-9]+)[^>]* id="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(page);
	if (!match) throw new Error(`no element with id ${id}`);
	return textOf(match[2]).trim();
}
export const labelText = (page: string, id: string) =>
	textOf(new RegExp(`<label for="${id}">([\\s\\S]*?)</label>`).exec(page)?.[1] ?? '').trim();

/**
 * What every page must be for a screen reader and a phone: one h1 and the three landmarks, headings that do
 * not skip a level, unique ids, every aria-labelledby / aria-describedby / label / in-page link pointing at an
 * element that exists, lists holding only list items, nothing that runs.
 */
export function assertDocument(page: string, locale = 'en'): void {
	assertInert(page);
	const tags = tagsOf(page);
	expect(page.startsWith(`<!DOCTYPE html>\n<html lang="${locale}" dir="ltr">`)).toBe(true);
	expect(opening(page, 'h1')).toHaveLength(1);
	for (const landmark of ['header', 'main', 'footer']) expect(opening(page, landmark)).toHaveLength(1);
	expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
	expect(page).not.toMatch(/<script|<link|<iframe|@import|url\(/i);
	const levels = tags.filter((t) => /^h[1-3]$/.test(t.name) && !t.closing).map((t) => Number(t.name[1]));
	levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
	const ids = tags.map((t) => t.attributes.id).filter(Boolean);
	expect(new Set(ids).size).toBe(ids.length);
	for (const tag of tags.filter((t) => !t.closing)) {
		for (const ref of (tag.attributes['aria-describedby'] ?? '').split(' ').filter(Boolean)) expect(ids).toContain(ref);
		if (tag.attributes['aria-labelledby']) expect(ids).toContain(tag.attributes['aria-labelledby']);
		if (tag.name === 'label') expect(ids).toContain(tag.attributes.for);
		if (tag.name === 'a' && tag.attributes.href?.startsWith('#')) expect(ids).toContain(tag.attributes.href.slice(1));
	}
	// Every visible control has a label of its own.
	for (const input of tags.filter(
		(t) => (t.name === 'input' && t.attributes.type !== 'hidden') || (t.name === 'select' && !t.closing),
	))
		expect(tags.filter((t) => t.name === 'label' && t.attributes.for === input.attributes.id)).toHaveLength(1);
	expect(page).not.toMatch(/<(ol|ul)[^>]*>(?!<li)/);
}
