/**
 * The buttons on an exception message, and the block_actions payloads Slack sends when someone
 * presses one (docs.slack.dev "block_actions payload").
 *
 * Each button's action_id carries the action and the case id ("ppx:acknowledge:<caseId>"), and its
 * value carries the case id alone, so the trigger can tell which case was meant without any state.
 * Approve and Reject appear on a customer's request that waits for a person (the approval queue, issue 17).
 */
import { ValidationError } from '../../http/errors';
import { SLACK_LIMITS } from './limits';

export const CASE_ACTIONS = ['acknowledge', 'resolve', 'assign_to_me', 'approve', 'reject'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

const ACTION_PREFIX = 'ppx';

export function actionIdFor(action: CaseAction, caseId: string): string {
	assertCaseIdFits(caseId);
	const full = `${ACTION_PREFIX}:${action}:${caseId}`;
	// action_id must stay under 255 characters; the value (2,000) always holds the full id, so a very
	// long id is cut here without losing which case was meant.
	return full.length <= SLACK_LIMITS.actionId ? full : full.slice(0, SLACK_LIMITS.actionId);
}

export function assertCaseIdFits(caseId: string): void {
	if (!caseId || typeof caseId !== 'string')
		throw new ValidationError(
			'The exception case id is empty.',
			'caseId',
			'Pass the id of a case from the Order Ledger.',
		);
	if (caseId.length > SLACK_LIMITS.buttonValue) {
		throw new ValidationError(
			`The exception case id is ${caseId.length} characters long; Slack buttons carry at most ` +
				`${SLACK_LIMITS.buttonValue}.`,
			'caseId',
			'Use the case id the Order Ledger assigned.',
		);
	}
}

/** Between the case id and the request id in an Approve / Reject button's value. */
const REQUEST_SEPARATOR = '|';

/**
 * An Approve / Reject button's value: the case id, then the request it decides (so a press decides exactly the
 * request the message showed). Without room for both (a very long case id), the case id alone.
 */
export function buttonValueFor(caseId: string, requestId: string | null): string {
	const full = requestId ? `${caseId}${REQUEST_SEPARATOR}${requestId}` : caseId;
	return full.length <= SLACK_LIMITS.buttonValue ? full : caseId;
}

export function parseActionId(actionId: string): { action: CaseAction; caseIdPrefix: string } | null {
	const match = /^ppx:(acknowledge|resolve|assign_to_me|approve|reject):(.*)$/s.exec(actionId);
	if (!match) return null;
	return { action: match[1] as CaseAction, caseIdPrefix: match[2] };
}

/** Who pressed what on which case: what the trigger outputs and the template writes to the ledger. */
export interface CaseInteraction {
	action: CaseAction;
	caseId: string;
	/** Approve / Reject: the customer's request the button decides (null on the other buttons, or older messages). */
	requestId: string | null;
	user: { id: string; username: string | null; name: string | null; teamId: string | null };
	channel: { id: string | null; name: string | null };
	messageTs: string | null;
	actionTs: string | null;
	responseUrl: string | null;
	triggerId: string | null;
	team: { id: string | null; domain: string | null };
}

export type ParsedInteraction =
	| { kind: 'case_actions'; interactions: CaseInteraction[]; ignored: number }
	| { kind: 'other'; type: string };

/**
 * Decodes the `payload=` form field Slack posts to the Interactivity Request URL. Only our own
 * buttons become interactions; other apps' or other components' actions are counted as ignored so
 * nothing is dropped silently.
 */
export function parseInteractionBody(rawBody: string): ParsedInteraction {
	const form = new URLSearchParams(rawBody);
	const payloadText = form.get('payload');
	if (payloadText === null)
		throw new ValidationError(
			'The request has no "payload" form field.',
			'payload',
			"Point the Slack app's Interactivity Request URL at this trigger; other Slack features send other bodies.",
		);
	let payload: unknown;
	try {
		payload = JSON.parse(payloadText);
	} catch {
		throw new ValidationError(
			'The "payload" form field is not valid JSON.',
			'payload',
			"The request did not come from Slack's interactivity feature.",
		);
	}
	return parseInteractionPayload(payload);
}

export function parseInteractionPayload(payload: unknown): ParsedInteraction {
	if (!isObject(payload) || typeof payload.type !== 'string')
		throw new ValidationError(
			'The interaction payload has no "type".',
			'payload.type',
			"The request did not come from Slack's interactivity feature.",
		);
	if (payload.type !== 'block_actions') return { kind: 'other', type: payload.type };
	const user = isObject(payload.user) ? payload.user : null;
	if (!user || typeof user.id !== 'string')
		throw new ValidationError(
			'The block_actions payload has no user.id.',
			'payload.user.id',
			"The request did not come from Slack's interactivity feature.",
		);
	const actions = Array.isArray(payload.actions) ? payload.actions : [];
	const container = isObject(payload.container) ? payload.container : {};
	const channel = isObject(payload.channel) ? payload.channel : {};
	const team = isObject(payload.team) ? payload.team : {};
	const interactions: CaseInteraction[] = [];
	let ignored = 0;
	for (const raw of actions) {
		const decoded = isObject(raw) && typeof raw.action_id === 'string' ? parseActionId(raw.action_id) : null;
		if (!decoded || !isObject(raw)) {
			ignored++;
			continue;
		}
		let value = typeof raw.value === 'string' && raw.value ? raw.value : null;
		let requestId: string | null = null;
		const cut = value === null ? -1 : value.lastIndexOf(REQUEST_SEPARATOR);
		// Approve / Reject carry the request after the case id; a request id is base64url (no separator in it).
		if ((decoded.action === 'approve' || decoded.action === 'reject') && value !== null && cut > 0) {
			const tail = value.slice(cut + 1);
			if (/^[A-Za-z0-9_-]+$/.test(tail)) {
				requestId = tail;
				value = value.slice(0, cut);
			}
		}
		// The value holds the whole id; the action_id's copy may have been cut at 255 characters.
		const caseId = value && value.startsWith(decoded.caseIdPrefix) ? value : decoded.caseIdPrefix;
		interactions.push({
			action: decoded.action,
			caseId,
			requestId,
			user: { id: user.id, username: str(user.username), name: str(user.name), teamId: str(user.team_id) },
			channel: { id: str(channel.id) ?? str(container.channel_id), name: str(channel.name) },
			messageTs: str(container.message_ts) ?? (isObject(payload.message) ? str(payload.message.ts) : null),
			actionTs: str(raw.action_ts),
			responseUrl: str(payload.response_url),
			triggerId: str(payload.trigger_id),
			team: { id: str(team.id), domain: str(team.domain) },
		});
	}
	return { kind: 'case_actions', interactions, ignored };
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
	return typeof v === 'string' && v !== '' ? v : null;
}
