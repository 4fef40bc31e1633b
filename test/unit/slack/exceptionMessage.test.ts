import {
	buildExceptionMessage,
	buildThreadReply,
	caseState,
	formatEvidence,
	shopifyAdminOrderUrl,
	storeHandle,
} from '../../../nodes/lib/connectors/slack/exceptionMessage';
import {
	enforceMessageLimits,
	escapeMrkdwn,
	formatDuration,
	type Block,
} from '../../../nodes/lib/connectors/slack/blocks';
import { parseActionId } from '../../../nodes/lib/connectors/slack/interaction';
import { SLACK_LIMITS, TRUNCATION_NOTE } from '../../../nodes/lib/connectors/slack/limits';
import { blockKitViolations } from '../../sandbox/vendors/slack';
import { blockKitErrors } from '../../contract/slack/blockKitSchema';
import type { ExceptionCase } from '../../../nodes/lib/order/types';

const NOW = '2026-11-20T15:30:00.000Z';
const info = {
	title: 'Tracking stalled',
	plainWords: 'The carrier has not scanned the parcel for longer than your limit.',
	nextStep: 'Open a trace with the carrier and tell the customer.',
};

function aCase(over: Partial<ExceptionCase> = {}): ExceptionCase {
	return {
		id: '1001:tracking_stalled:2026-11-18T11:00:00.000Z',
		orderKey: '1001',
		type: 'tracking_stalled',
		severity: 'high',
		openedAt: '2026-11-18T11:00:00.000Z',
		evidence: {
			trackingNumber: '1Z999AA10123456784',
			carrier: 'UPS',
			lastScanAt: '2026-11-17T09:12:00Z',
			businessHoursSinceScan: 62,
		},
		owner: null,
		ackedAt: null,
		resolvedAt: null,
		resolution: null,
		...over,
	};
}

const allText = (blocks: Block[]) => JSON.stringify(blocks);

function expectValid(blocks: Block[]) {
	expect(blockKitErrors(blocks)).toEqual([]);
	expect(blockKitViolations(blocks)).toEqual([]);
}

describe('exception message (Block Kit)', () => {
	it('shows order link, plain words, evidence, age, next step and three buttons carrying the case id', () => {
		const built = buildExceptionMessage({
			exception: aCase(),
			order: { orderKey: '1001', name: '#1001', shopifyId: 'gid://shopify/Order/5550001' },
			info,
			shop: 'acme-goods.myshopify.com',
			includePii: false,
			now: NOW,
		});
		const { blocks, text } = built.message;
		expectValid(blocks);
		expect(built.state).toBe('open');
		const json = allText(blocks);
		expect(json).toContain('<https://admin.shopify.com/store/acme-goods/orders/5550001|#1001>');
		expect(json).toContain(info.plainWords);
		expect(json).toContain('1Z999AA10123456784');
		expect(json).toContain('Business hours since scan:* 62');
		expect(json).toContain('open for *2 d 4 h*');
		expect(json).toContain(info.nextStep);
		const actions = blocks.find((b) => b.type === 'actions');
		expect(actions).toBeDefined();
		const elements = (actions as { elements: Array<{ action_id: string; value?: string; text: { text: string } }> })
			.elements;
		expect(elements.map((e) => e.text.text)).toEqual(['Acknowledge', 'Resolve', 'Assign to me']);
		for (const e of elements) {
			expect(e.value).toBe(aCase().id);
			expect(parseActionId(e.action_id)?.caseIdPrefix).toBe(aCase().id);
		}
		expect(elements.map((e) => parseActionId(e.action_id)?.action)).toEqual(['acknowledge', 'resolve', 'assign_to_me']);
		expect(text).toBe('#1001: Tracking stalled (open, open for 2 d 4 h)');
	});

	it('drops Acknowledge once acknowledged, and all buttons once resolved or cleared', () => {
		const acked = buildExceptionMessage({
			exception: aCase({ ackedAt: '2026-11-19T08:00:00Z', owner: 'U024BE7LH' }),
			info,
			includePii: false,
			now: NOW,
		});
		expect(acked.state).toBe('acknowledged');
		const ackButtons = (
			acked.message.blocks.find((b) => b.type === 'actions') as { elements: Array<{ text: { text: string } }> }
		).elements.map((e) => e.text.text);
		expect(ackButtons).toEqual(['Resolve', 'Assign to me']);
		expect(allText(acked.message.blocks)).toContain('owner <@U024BE7LH>');

		const resolved = buildExceptionMessage({
			exception: aCase({ resolvedAt: '2026-11-20T10:00:00Z', resolution: 'Carrier found the parcel' }),
			info,
			includePii: false,
			now: NOW,
		});
		expect(resolved.state).toBe('resolved');
		expect(resolved.message.blocks.some((b) => b.type === 'actions')).toBe(false);
		expect(allText(resolved.message.blocks)).toContain('Carrier found the parcel');
		expect(allText(resolved.message.blocks)).toContain('was open *1 d 23 h*');
		expectValid(resolved.message.blocks);

		const cleared = buildExceptionMessage({
			exception: aCase({ resolvedAt: '2026-11-20T10:00:00Z', resolution: 'cleared' }),
			info,
			includePii: false,
			now: NOW,
		});
		expect(cleared.state).toBe('cleared');
		expect(allText(cleared.message.blocks)).toContain('Cleared by the engine');
	});

	it("puts Approve and Reject on a customer's request waiting for a person, and only there", () => {
		const labels = (exception: ExceptionCase) =>
			(
				buildExceptionMessage({ exception, info, includePii: false, now: NOW }).message.blocks.find(
					(b) => b.type === 'actions',
				) as { elements: Array<{ text: { text: string }; action_id: string; value: string }> } | undefined
			)?.elements ?? [];
		const edit = (outcome: string) =>
			aCase({
				id: '1001:edit_after_cutoff:2026-11-18T11:00:00.000Z',
				type: 'edit_after_cutoff',
				evidence: {
					edits: [{ field: 'shipping_address', requestId: 'r1', outcome, destination: 'Seattle, WA, US' }],
				},
			});
		const waiting = labels(edit('approval'));
		expect(waiting.map((e) => e.text.text)).toEqual(['Approve', 'Reject', 'Acknowledge', 'Resolve', 'Assign to me']);
		expect(waiting[0].action_id).toBe('ppx:approve:1001:edit_after_cutoff:2026-11-18T11:00:00.000Z');
		// Approve / Reject name the request they decide; the other buttons the case alone.
		expect(waiting[1].value).toBe('1001:edit_after_cutoff:2026-11-18T11:00:00.000Z|r1');
		expect(waiting[2].value).toBe('1001:edit_after_cutoff:2026-11-18T11:00:00.000Z');
		expect(labels(edit('failed')).map((e) => e.text.text)).toContain('Approve');
		// A request recorded without an outcome (before the queue existed) and other cases: no decision buttons.
		expect(labels(edit('applied')).map((e) => e.text.text)).not.toContain('Approve');
		expect(labels(aCase()).map((e) => e.text.text)).not.toContain('Approve');
	});

	it('truncates very long evidence with a note instead of failing, and stays within 3,000 characters', () => {
		const huge = 'scan '.repeat(2000);
		const built = buildExceptionMessage({
			exception: aCase({ evidence: { carrierEvents: huge } }),
			info,
			includePii: false,
			now: NOW,
		});
		expectValid(built.message.blocks);
		const evidenceBlock = built.message.blocks[2] as { text: { text: string } };
		expect(evidenceBlock.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
		expect(evidenceBlock.text.text.endsWith(TRUNCATION_NOTE)).toBe(true);
		expect(built.limits.truncatedFields).toEqual(['blocks[2].text']);
	});

	it('leaves customer name, email and address out unless turned on', () => {
		const c = aCase({
			type: 'address_invalid',
			evidence: {
				email: 'jane.doe@example.com',
				customerName: 'Jane Doe',
				address1: '1 Main St',
				zip: '10001',
				messages: ['Street not found; contact jane.doe@example.com'],
				validator: 'UPS',
			},
		});
		const order = {
			orderKey: '1001',
			name: '#1001',
			customer: { name: 'Jane Doe', email: 'jane.doe@example.com' },
			shippingAddress: { address1: '1 Main St', city: 'New York', zip: '10001', country: 'US' },
		};
		const off = allText(
			buildExceptionMessage({ exception: c, order, info, includePii: false, now: NOW }).message.blocks,
		);
		expect(off).not.toMatch(/Jane|jane\.doe|1 Main St|10001/);
		expect(off).toContain('[email hidden]');
		expect(off).toContain('4 customer detail(s) hidden');
		expect(off).toContain('UPS');
		const on = allText(buildExceptionMessage({ exception: c, order, info, includePii: true, now: NOW }).message.blocks);
		expect(on).toContain('Jane Doe');
		expect(on).toContain('jane.doe@example.com');
		expect(on).toContain('1 Main St');
	});

	it('escapes hostile strings so evidence cannot ping @channel or forge links', () => {
		const c = aCase({ evidence: { note: '<!channel> <https://evil.example|click> & more' } });
		const text = allText(buildExceptionMessage({ exception: c, info, includePii: false, now: NOW }).message.blocks);
		expect(text).not.toContain('<!channel>');
		expect(text).toContain('&lt;!channel&gt;');
		expect(text).not.toContain('<https://evil.example');
		expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
	});

	it('copes with a 1 MB hostile evidence string: masked, escaped, truncated, still valid', () => {
		const hostile = ('<!here> a.b@c.de ' + 'x'.repeat(100) + '@').repeat(8000);
		const built = buildExceptionMessage({
			exception: aCase({ evidence: { raw: hostile } }),
			info,
			includePii: false,
			now: NOW,
		});
		expectValid(built.message.blocks);
		const text = allText(built.message.blocks);
		expect(text).not.toContain('a.b@c.de');
		expect(text).not.toContain('<!here>');
		expect(built.limits.truncatedFields).toEqual(['blocks[2].text']);
	});

	it('refuses an empty case id with an error naming the field', () => {
		expect(() => buildExceptionMessage({ exception: aCase({ id: '' }), info, includePii: false, now: NOW })).toThrow(
			/case id/,
		);
	});

	it('writes short thread replies for each change', () => {
		expect(buildThreadReply(aCase(), 'acknowledged', 'U024BE7LH', NOW)).toBe(
			':eyes: Acknowledged by <@U024BE7LH> after 2 d 4 h.',
		);
		expect(buildThreadReply(aCase({ resolution: 'Reshipped' }), 'resolved', 'U024BE7LH', NOW)).toBe(
			':white_check_mark: Resolved by <@U024BE7LH> after 2 d 4 h: Reshipped',
		);
		expect(buildThreadReply(aCase(), 'cleared', null, NOW)).toContain('Cleared by the engine after 2 d 4 h');
	});
});

describe('limits guard', () => {
	it('keeps a message at 50 blocks and says how many were left out', () => {
		const blocks: Block[] = Array.from({ length: 80 }, (_, i) => ({
			type: 'section',
			text: { type: 'mrkdwn', text: `row ${i}` },
		}));
		const { message, report } = enforceMessageLimits({ text: 'x', blocks });
		expect(message.blocks).toHaveLength(50);
		expect(report.droppedBlocks).toBe(31);
		expect(JSON.stringify(message.blocks[49])).toContain('31 more block(s) left out');
		expect(blockKitErrors(message.blocks)).toEqual([]);
	});

	it('clips headers, buttons, fields and the fallback text to their documented sizes', () => {
		const long = 'x'.repeat(5000);
		const { message } = enforceMessageLimits({
			text: long,
			blocks: [
				{ type: 'header', text: { type: 'plain_text', text: long } },
				{ type: 'section', fields: Array.from({ length: 12 }, () => ({ type: 'mrkdwn' as const, text: long })) },
				{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: long }, action_id: 'a' }] },
			],
		});
		expect(blockKitErrors(message.blocks)).toEqual([]);
		expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
	});

	it('never splits an emoji when truncating', () => {
		const { message } = enforceMessageLimits({
			text: 'x',
			blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '📦'.repeat(2000) } }],
		});
		const text = (message.blocks[0] as { text: { text: string } }).text.text;
		expect(text.length).toBeLessThanOrEqual(3000);
		expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(text)).toBe(false);
	});
});

describe('helpers', () => {
	it('formats durations people read at a glance', () => {
		expect(formatDuration(30)).toBe('under a minute');
		expect(formatDuration(45 * 60)).toBe('45 min');
		expect(formatDuration(3 * 3600 + 12 * 60)).toBe('3 h 12 min');
		expect(formatDuration(2 * 86400)).toBe('2 d');
	});

	it('derives the store handle and admin link from what users paste', () => {
		expect(storeHandle('acme.myshopify.com')).toBe('acme');
		expect(storeHandle('https://admin.shopify.com/store/acme/orders')).toBe('acme');
		expect(storeHandle('acme')).toBe('acme');
		expect(storeHandle('not a shop')).toBeNull();
		expect(shopifyAdminOrderUrl('acme', null, '#1001')).toBe(
			'https://admin.shopify.com/store/acme/orders?query=%231001',
		);
		expect(shopifyAdminOrderUrl(null, 'gid://shopify/Order/1', '#1')).toBeNull();
	});

	it('derives the case state from its timestamps', () => {
		expect(caseState({ ackedAt: null, resolvedAt: null })).toBe('open');
		expect(caseState({ ackedAt: 'x', resolvedAt: null })).toBe('acknowledged');
		expect(caseState({ ackedAt: null, resolvedAt: 'x', resolution: 'cleared' })).toBe('cleared');
	});

	it('renders nested evidence readably', () => {
		expect(formatEvidence({ lines: [{ sku: 'A', shipped: 1 }], skus: ['A', 'B'], missing: null }, false)).toBe(
			'• *Lines:* [{"sku":"A","shipped":1}]\n• *Skus:* A, B\n• *Missing:* —',
		);
	});
});
