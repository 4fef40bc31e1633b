/**
 * The simulated Slack must refuse what Slack refuses. Its Block Kit check and the contract schema
 * (written separately from the documentation) must agree on valid and invalid payloads, so neither
 * can silently drift into accepting what Slack would reject.
 */
import { blockKitViolations } from '../../sandbox/vendors/slack';
import { blockKitErrors } from '../../contract/slack/blockKitSchema';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (action_id: string, text = 'Go', value?: string) => ({
	type: 'button',
	text: { type: 'plain_text', text },
	action_id,
	...(value !== undefined ? { value } : {}),
});

const valid: Array<[string, unknown[]]> = [
	['one section', [section('hello')]],
	['3,000 characters of section text', [section('x'.repeat(3000))]],
	['50 blocks', Array.from({ length: 50 }, () => ({ type: 'divider' }))],
	['header of 150', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } }]],
	[
		'10 fields of 2,000',
		[{ type: 'section', fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'f'.repeat(2000) })) }],
	],
	['25 buttons', [{ type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button(`a${i}`)) }]],
];

const invalid: Array<[string, unknown[]]> = [
	['51 blocks', Array.from({ length: 51 }, () => ({ type: 'divider' }))],
	['3,001 characters of section text', [section('x'.repeat(3001))]],
	['empty section text', [section('')]],
	['header of 151', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }]],
	['mrkdwn header', [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }]],
	['11 fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }]],
	['a field of 2,001', [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }]],
	['26 buttons', [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`)) }]],
	['button label of 76', [{ type: 'actions', elements: [button('a', 'b'.repeat(76))] }]],
	['button value of 2,001', [{ type: 'actions', elements: [button('a', 'Go', 'v'.repeat(2001))] }]],
	['action_id of 256', [{ type: 'actions', elements: [button('a'.repeat(256))] }]],
	['duplicate action_id', [{ type: 'actions', elements: [button('same'), button('same')] }]],
	[
		'11 context elements',
		[{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }],
	],
	['block_id of 256', [{ type: 'divider', block_id: 'b'.repeat(256) }]],
];

describe('Block Kit limits: simulated Slack and contract schema agree', () => {
	it.each(valid)('both accept: %s', (_name, blocks) => {
		expect(blockKitViolations(blocks)).toEqual([]);
		expect(blockKitErrors(blocks)).toEqual([]);
	});

	it.each(invalid)('both refuse: %s', (_name, blocks) => {
		expect(blockKitViolations(blocks)).not.toEqual([]);
		expect(blockKitErrors(blocks)).not.toEqual([]);
	});
});
