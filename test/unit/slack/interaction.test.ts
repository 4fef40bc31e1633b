import {
	actionIdFor,
	buttonValueFor,
	parseActionId,
	parseInteractionBody,
} from '../../../nodes/lib/connectors/slack/interaction';
import { blockActionsPayload, formBody } from './interactionFixture';

describe('interaction payloads', () => {
	const caseId = '1001:tracking_stalled:2026-11-18T11:00:00.000Z';

	it('turns a button press into who pressed what on which case', () => {
		const parsed = parseInteractionBody(formBody(blockActionsPayload([{ action: 'acknowledge', caseId }])));
		expect(parsed.kind).toBe('case_actions');
		if (parsed.kind !== 'case_actions') return;
		expect(parsed.interactions).toEqual([
			{
				action: 'acknowledge',
				caseId,
				requestId: null,
				user: { id: 'U024BE7LH', username: 'ops.lead', name: 'ops.lead', teamId: 'T0SANDBOX1' },
				channel: { id: 'C0EXCEPTIONS', name: 'order-exceptions' },
				messageTs: '1763640000.000100',
				actionTs: '1763640001.000',
				responseUrl: 'https://hooks.slack.com/actions/T0SANDBOX1/1234567890/abcdefghijklmnop',
				triggerId: '12345.98765.abcd2358fdea',
				team: { id: 'T0SANDBOX1', domain: 'sandbox' },
			},
		]);
	});

	it('reads Approve and Reject presses (the approval queue) like the other buttons', () => {
		const parsed = parseInteractionBody(
			formBody(
				blockActionsPayload([
					{ action: 'approve', caseId },
					{ action: 'reject', caseId },
				]),
			),
		);
		expect(parsed.kind === 'case_actions' && parsed.interactions.map((i) => [i.action, i.caseId])).toEqual([
			['approve', caseId],
			['reject', caseId],
		]);
		expect(parseActionId('ppx:approve:x')).toEqual({ action: 'approve', caseIdPrefix: 'x' });
		// The request the button decides rides after the case id in its value.
		const payload = blockActionsPayload([{ action: 'approve', caseId }]);
		payload.actions[0].value = buttonValueFor(caseId, 'AbC_12-xyz');
		const named = parseInteractionBody(formBody(payload));
		expect(named.kind === 'case_actions' && named.interactions[0]).toMatchObject({ caseId, requestId: 'AbC_12-xyz' });
		expect(parseActionId('ppx:approve_all:x')).toBeNull();
	});

	it('keeps the full case id when the action_id had to be cut at 255 characters', () => {
		const longId = `order-${'x'.repeat(400)}:delivery_late:2026-11-18T11:00:00.000Z`;
		expect(actionIdFor('resolve', longId)).toHaveLength(255);
		const parsed = parseInteractionBody(formBody(blockActionsPayload([{ action: 'resolve', caseId: longId }])));
		expect(parsed.kind === 'case_actions' && parsed.interactions[0].caseId).toBe(longId);
	});

	it("counts other apps' actions as ignored instead of dropping them silently", () => {
		const payload = blockActionsPayload([{ action: 'resolve', caseId }]);
		payload.actions.push({ ...payload.actions[0], action_id: 'someone_elses_button' });
		const parsed = parseInteractionBody(formBody(payload));
		expect(parsed).toMatchObject({ kind: 'case_actions', ignored: 1 });
	});

	it('passes through other payload types and refuses bodies that are not Slack interactions', () => {
		expect(parseInteractionBody(formBody({ type: 'view_submission', user: { id: 'U1' } }))).toEqual({
			kind: 'other',
			type: 'view_submission',
		});
		expect(() => parseInteractionBody('text=hello')).toThrow(/payload/);
		expect(() => parseInteractionBody('payload=%7Bnot-json')).toThrow(/not valid JSON/);
		expect(() => parseInteractionBody(formBody({ type: 'block_actions', actions: [] }))).toThrow(/user\.id/);
		expect(parseActionId('ppx:unknown:1')).toBeNull();
	});
});
