/**
 * A JSON Schema for the Block Kit subset we send, written from Slack's Block Kit reference
 * (docs.slack.dev/reference/block-kit: blocks, block elements, composition objects). Slack publishes
 * no schema for Block Kit (SOURCES.md; the Web API description types `blocks` as a loose array), so
 * the documented limits are encoded here, each with the page it comes from:
 *  - message: at most 50 blocks (Blocks reference, "messages: up to 50 blocks")
 *  - header: plain_text only, at most 150 characters (Header block)
 *  - section: text 1..3000 characters; fields at most 10 items of at most 2000 characters; block_id
 *    at most 255 (Section block)
 *  - context: 1..10 elements (Context block)
 *  - actions: 1..25 elements (Actions block)
 *  - button: text plain_text at most 75 characters, action_id at most 255, value at most 2000, url at
 *    most 3000, style primary|danger (Button element)
 *  - image: image_url at most 3000, alt_text at most 2000 (Image block)
 */
import Ajv from 'ajv';

const plainText = (max: number) => ({
	type: 'object',
	required: ['type', 'text'],
	additionalProperties: false,
	properties: {
		type: { const: 'plain_text' },
		text: { type: 'string', minLength: 1, maxLength: max },
		emoji: { type: 'boolean' },
	},
});
const anyText = (max: number) => ({
	type: 'object',
	required: ['type', 'text'],
	additionalProperties: false,
	properties: {
		type: { enum: ['plain_text', 'mrkdwn'] },
		text: { type: 'string', minLength: 1, maxLength: max },
		emoji: { type: 'boolean' },
		verbatim: { type: 'boolean' },
	},
});
const blockId = { type: 'string', maxLength: 255 };
const button = {
	type: 'object',
	required: ['type', 'text'],
	additionalProperties: false,
	properties: {
		type: { const: 'button' },
		text: plainText(75),
		action_id: { type: 'string', minLength: 1, maxLength: 255 },
		value: { type: 'string', maxLength: 2000 },
		url: { type: 'string', maxLength: 3000 },
		style: { enum: ['primary', 'danger'] },
	},
};
const imageElement = {
	type: 'object',
	required: ['type', 'image_url', 'alt_text'],
	additionalProperties: false,
	properties: {
		type: { const: 'image' },
		image_url: { type: 'string', maxLength: 3000 },
		alt_text: { type: 'string', maxLength: 2000 },
	},
};

export const BLOCK_KIT_MESSAGE_SCHEMA = {
	type: 'array',
	maxItems: 50,
	items: {
		type: 'object',
		required: ['type'],
		oneOf: [
			{
				properties: { type: { const: 'header' }, text: plainText(150), block_id: blockId },
				required: ['type', 'text'],
				additionalProperties: false,
			},
			{
				properties: {
					type: { const: 'section' },
					text: anyText(3000),
					fields: { type: 'array', minItems: 1, maxItems: 10, items: anyText(2000) },
					accessory: { oneOf: [button, imageElement] },
					block_id: blockId,
				},
				anyOf: [{ required: ['text'] }, { required: ['fields'] }],
				additionalProperties: false,
			},
			{
				properties: {
					type: { const: 'context' },
					elements: { type: 'array', minItems: 1, maxItems: 10, items: { oneOf: [anyText(3000), imageElement] } },
					block_id: blockId,
				},
				required: ['type', 'elements'],
				additionalProperties: false,
			},
			{
				properties: {
					type: { const: 'actions' },
					elements: { type: 'array', minItems: 1, maxItems: 25, items: button },
					block_id: blockId,
				},
				required: ['type', 'elements'],
				additionalProperties: false,
			},
			{
				properties: { type: { const: 'divider' }, block_id: blockId },
				required: ['type'],
				additionalProperties: false,
			},
			{
				properties: {
					type: { const: 'image' },
					image_url: { type: 'string', maxLength: 3000 },
					alt_text: { type: 'string', maxLength: 2000 },
					title: plainText(2000),
					block_id: blockId,
				},
				required: ['type', 'image_url', 'alt_text'],
				additionalProperties: false,
			},
		],
	},
};

const validate = new Ajv({ allErrors: true, strict: false }).compile(BLOCK_KIT_MESSAGE_SCHEMA);

/** Errors of a blocks array against the documented limits; empty when the message is valid. */
export function blockKitErrors(blocks: unknown): string[] {
	if (validate(blocks)) {
		// action_id must be unique within a message (Button element reference).
		const ids = (blocks as Array<{ type: string; elements?: Array<{ action_id?: string }> }>)
			.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.action_id) : []))
			.filter(Boolean);
		return new Set(ids).size === ids.length ? [] : ['action_id values are not unique within the message'];
	}
	return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
