/**
 * Slack's documented Block Kit and message limits (docs.slack.dev, "Blocks" reference and
 * chat.postMessage). Slack rejects a message that breaks any of them with `invalid_blocks`, so we
 * enforce them before sending: an exception alert must never be refused because its evidence is long.
 */
export const SLACK_LIMITS = {
	/** Blocks per message (modals and Home tabs allow 100; messages 50). */
	blocksPerMessage: 50,
	/** Text of a section block, and of any mrkdwn text object we send. */
	sectionText: 3000,
	/** Each item of a section block's `fields`. */
	sectionFieldText: 2000,
	sectionFields: 10,
	/** A header block's plain_text. */
	headerText: 150,
	/** Elements of a context block. */
	contextElements: 10,
	/** Elements of an actions block. */
	actionsElements: 25,
	/** A button's label. */
	buttonText: 75,
	actionId: 255,
	buttonValue: 2000,
	blockId: 255,
	url: 3000,
	imageAltText: 2000,
	/** The top-level `text` is truncated by Slack after 40,000 characters; 4,000 is the advice. */
	messageText: 4000,
} as const;

export const TRUNCATION_NOTE = '… (truncated: the full text is in the Order Ledger)';

/**
 * Cuts text to at most `max` characters, ending with a note that says where the rest is. Counts code
 * points, not UTF-16 units, so an emoji is never split into a broken surrogate.
 */
export function truncateWithNote(
	text: string,
	max: number,
	note: string = TRUNCATION_NOTE,
): { text: string; truncated: boolean } {
	const chars = Array.from(text);
	if (text.length <= max) return { text, truncated: false };
	const noteLength = note.length;
	if (noteLength >= max) return { text: Array.from(note).slice(0, max).join(''), truncated: true };
	// Slack counts UTF-16 units; trim code points until the UTF-16 length fits.
	let kept = chars.slice(0, max - noteLength);
	while (kept.join('').length + noteLength > max) kept = kept.slice(0, -1);
	return { text: kept.join('').trimEnd() + note, truncated: true };
}

/** Plain cut without a note, for labels (button text, header) where a note would not fit. */
export function clip(text: string, max: number): string {
	if (text.length <= max) return text;
	let kept = Array.from(text).slice(0, max - 1);
	while (kept.join('').length + 1 > max) kept = kept.slice(0, -1);
	return `${kept.join('')}…`;
}
