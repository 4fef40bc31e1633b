/**
 * Block Kit types we send, the text helpers every message uses, and the guard that keeps a message
 * inside Slack's documented limits (limits.ts) whatever the input looks like.
 */
import { SLACK_LIMITS, clip, truncateWithNote } from './limits';

export interface TextObject {
	type: 'plain_text' | 'mrkdwn';
	text: string;
	emoji?: boolean;
}

export interface ButtonElement {
	type: 'button';
	text: TextObject & { type: 'plain_text' };
	action_id: string;
	value?: string;
	url?: string;
	style?: 'primary' | 'danger';
}

export interface ImageElement {
	type: 'image';
	image_url: string;
	alt_text: string;
}

export type Block =
	| { type: 'header'; text: TextObject & { type: 'plain_text' }; block_id?: string }
	| {
			type: 'section';
			text?: TextObject;
			fields?: TextObject[];
			accessory?: ButtonElement | ImageElement;
			block_id?: string;
	  }
	| { type: 'context'; elements: Array<TextObject | ImageElement>; block_id?: string }
	| { type: 'actions'; elements: ButtonElement[]; block_id?: string }
	| { type: 'divider'; block_id?: string }
	| {
			type: 'image';
			image_url: string;
			alt_text: string;
			title?: TextObject & { type: 'plain_text' };
			block_id?: string;
	  };

export interface SlackMessage {
	/** Notification and accessibility fallback; Slack shows it where blocks cannot be shown. */
	text: string;
	blocks: Block[];
}

/** Slack's mrkdwn treats &, < and > as control characters (links, mentions): escape them in data. */
export function escapeMrkdwn(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link whose label cannot break out of the <url|label> syntax. */
export function mrkdwnLink(url: string, label: string): string {
	const safeUrl = url.replace(/[<>|\s]/g, encodeURIComponent);
	return `<${safeUrl}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

export function plain(text: string, max: number): TextObject & { type: 'plain_text' } {
	return { type: 'plain_text', text: clip(text || ' ', max), emoji: true };
}

export function mrkdwn(text: string): TextObject {
	return { type: 'mrkdwn', text };
}

/** "2 d 4 h", "3 h 12 min", "45 min", "under a minute": how long a case has been open. */
export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 60) return 'under a minute';
	const minutes = Math.floor(seconds / 60);
	const days = Math.floor(minutes / (60 * 24));
	const hours = Math.floor((minutes % (60 * 24)) / 60);
	const mins = minutes % 60;
	if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
	if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
	return `${mins} min`;
}

export interface LimitReport {
	truncatedFields: string[];
	droppedBlocks: number;
}

/**
 * Makes a message fit Slack's limits instead of letting Slack refuse it: long section text is cut
 * with a note, labels are clipped, extra fields/elements/blocks are dropped and the drop is said in
 * the message itself. Returns what it changed so the node can report it.
 */
export function enforceMessageLimits(message: SlackMessage): { message: SlackMessage; report: LimitReport } {
	const truncatedFields: string[] = [];
	const fitText = (t: TextObject, max: number, where: string): TextObject => {
		const cut = truncateWithNote(t.text, max);
		if (cut.truncated) truncatedFields.push(where);
		return { ...t, text: cut.text };
	};
	let blocks = message.blocks.map((block, i): Block => {
		const where = `blocks[${i}]`;
		switch (block.type) {
			case 'header':
				return { ...block, text: plain(block.text.text, SLACK_LIMITS.headerText) };
			case 'section': {
				const out = { ...block };
				if (block.text) out.text = fitText(block.text, SLACK_LIMITS.sectionText, `${where}.text`);
				if (block.fields)
					out.fields = block.fields
						.slice(0, SLACK_LIMITS.sectionFields)
						.map((f, j) => fitText(f, SLACK_LIMITS.sectionFieldText, `${where}.fields[${j}]`));
				return out;
			}
			case 'context':
				return {
					...block,
					elements: block.elements
						.slice(0, SLACK_LIMITS.contextElements)
						.map((e, j) => ('text' in e ? fitText(e, SLACK_LIMITS.sectionText, `${where}.elements[${j}]`) : e)),
				};
			case 'actions':
				return {
					...block,
					elements: block.elements
						.slice(0, SLACK_LIMITS.actionsElements)
						.map((b) => ({ ...b, text: plain(b.text.text, SLACK_LIMITS.buttonText) })),
				};
			default:
				return block;
		}
	});
	let droppedBlocks = 0;
	if (blocks.length > SLACK_LIMITS.blocksPerMessage) {
		droppedBlocks = blocks.length - (SLACK_LIMITS.blocksPerMessage - 1);
		blocks = [
			...blocks.slice(0, SLACK_LIMITS.blocksPerMessage - 1),
			{
				type: 'context',
				elements: [
					mrkdwn(
						`_${droppedBlocks} more block(s) left out: Slack shows at most ${SLACK_LIMITS.blocksPerMessage} per ` +
							`message. The Order Ledger has the full list._`,
					),
				],
			},
		];
	}
	const text = truncateWithNote(message.text, SLACK_LIMITS.messageText);
	if (text.truncated) truncatedFields.push('text');
	return { message: { text: text.text, blocks }, report: { truncatedFields, droppedBlocks } };
}
