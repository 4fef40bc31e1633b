/**
 * One Block Kit message per exception case: what happened to which order, in plain words, with the
 * evidence, how long it has been open, what to do next, and the buttons that make it an owned case.
 * The same function renders every state of the case, so chat.update shows the case as it is now.
 */
import type { ExceptionCase, ExceptionType, Severity } from '../../order/types';
import { waitingRequestIdOf } from '../../order/waitingRequest';
import {
	Block,
	ButtonElement,
	SlackMessage,
	enforceMessageLimits,
	escapeMrkdwn,
	formatDuration,
	mrkdwn,
	mrkdwnLink,
	plain,
	LimitReport,
} from './blocks';
import { CaseAction, actionIdFor, assertCaseIdFits, buttonValueFor } from './interaction';
import { SLACK_LIMITS, truncateWithNote } from './limits';
import { customerDataOf, customerRedactor, redactEvidence } from './privacy';

/** What the engine's catalogue (nodes/lib/order) says about one exception type. */
export interface ExceptionTypeInfo {
	title: string;
	plainWords: string;
	nextStep: string;
}

export type CaseState = 'open' | 'acknowledged' | 'resolved' | 'cleared';

/**
 * The order facts a message may show. Customer fields are only shown when PII is turned on; with it off,
 * they are what free-text evidence is redacted against (privacy.ts).
 */
export interface AlertOrder {
	orderKey: string;
	name?: string | null;
	shopifyId?: string | null;
	customer?: { name?: string | null; email?: string | null; phone?: string | null } | null;
	shippingAddress?: {
		name?: string | null;
		company?: string | null;
		phone?: string | null;
		address1?: string | null;
		address2?: string | null;
		city?: string | null;
		province?: string | null;
		zip?: string | null;
		country?: string | null;
	} | null;
}

export interface ExceptionMessageInput {
	exception: ExceptionCase;
	order?: AlertOrder | null;
	info: ExceptionTypeInfo;
	/** The store, as "acme", "acme.myshopify.com" or an admin URL; used for the order link. */
	shop?: string | null;
	/** Customer name, email and address in the message (and in evidence) only when true. */
	includePii: boolean;
	now: string;
}

export interface BuiltMessage {
	message: SlackMessage;
	state: CaseState;
	limits: LimitReport;
}

const SEVERITY_LABEL: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
const SEVERITY_EMOJI: Record<Severity, string> = {
	low: ':large_blue_circle:',
	medium: ':large_yellow_circle:',
	high: ':large_orange_circle:',
	critical: ':red_circle:',
};
const STATE_LABEL: Record<CaseState, string> = {
	open: 'Open',
	acknowledged: 'Acknowledged',
	resolved: 'Resolved',
	cleared: 'Cleared by the engine',
};

export function caseState(c: Pick<ExceptionCase, 'ackedAt' | 'resolvedAt' | 'resolution'>): CaseState {
	if (c.resolvedAt) return c.resolution === 'cleared' ? 'cleared' : 'resolved';
	if (c.ackedAt) return 'acknowledged';
	return 'open';
}

export function buildExceptionMessage(input: ExceptionMessageInput): BuiltMessage {
	const { exception: c, info } = input;
	assertCaseIdFits(c.id);
	const state = caseState(c);
	const orderName = displayOrderName(input.order, c.orderKey);
	const openSeconds = secondsBetween(c.openedAt, c.resolvedAt ?? input.now);
	const link = shopifyAdminOrderUrl(input.shop, input.order?.shopifyId, orderName);
	const orderLabel = link ? mrkdwnLink(link, orderName) : `*${escapeMrkdwn(orderName)}*`;
	const severity = c.severity in SEVERITY_LABEL ? c.severity : 'medium';

	const blocks: Block[] = [];
	const headerPrefix = state === 'resolved' || state === 'cleared' ? '✅' : '⚠️';
	blocks.push({ type: 'header', text: plain(`${headerPrefix} ${orderName}: ${info.title}`, SLACK_LIMITS.headerText) });
	blocks.push({
		type: 'section',
		text: mrkdwn(
			`${orderLabel} · ${SEVERITY_EMOJI[severity]} ${SEVERITY_LABEL[severity]} · ${STATE_LABEL[state]} · ` +
				`${state === 'resolved' || state === 'cleared' ? 'was open' : 'open for'} ` +
				`*${formatDuration(openSeconds)}*\n${escapeMrkdwn(info.plainWords)}`,
		),
	});
	// Off (the default): customer data is hidden from every free-text field, not only from customer keys.
	const redact = input.includePii ? undefined : customerRedactor(customerDataOf(input.order, c.evidence));
	const evidence = formatEvidence(c.evidence, input.includePii, redact);
	blocks.push({ type: 'section', text: mrkdwn(`*What we saw*\n${evidence || '_No details recorded._'}`) });
	if (state === 'open' || state === 'acknowledged') {
		blocks.push({ type: 'section', text: mrkdwn(`*Suggested next step*\n${escapeMrkdwn(info.nextStep)}`) });
	}
	if (input.includePii) {
		const pii = formatCustomer(input.order);
		if (pii) blocks.push({ type: 'section', text: mrkdwn(`*Customer*\n${pii}`) });
	}
	blocks.push({ type: 'context', elements: [mrkdwn(contextLine(c, state, input.now, redact))] });
	const buttons = buttonsFor(state, c.id, waitingRequestIdOf(c));
	if (buttons.length) blocks.push({ type: 'actions', elements: buttons });

	const text =
		`${orderName}: ${info.title} (${STATE_LABEL[state].toLowerCase()}, ` +
		`${state === 'resolved' || state === 'cleared' ? 'was open' : 'open for'} ${formatDuration(openSeconds)})`;
	const fitted = enforceMessageLimits({ text, blocks });
	return { message: fitted.message, state, limits: fitted.report };
}

/**
 * The short thread reply that tells the channel what changed. `redact` hides customer data in the
 * resolution someone typed (pass customerRedactor(...) unless customer details are turned on).
 */
export function buildThreadReply(
	c: ExceptionCase,
	change: 'acknowledged' | 'resolved' | 'cleared' | 'assigned' | 'reopened',
	actor: string | null,
	now: string,
	redact: (text: string) => string = (text) => text,
): string {
	const who = actor ? formatPerson(actor) : 'someone';
	const after = formatDuration(secondsBetween(c.openedAt, now));
	switch (change) {
		case 'acknowledged':
			return `:eyes: Acknowledged by ${who} after ${after}.`;
		case 'assigned':
			return `:bust_in_silhouette: ${who} now owns this case.`;
		case 'resolved':
			return (
				`:white_check_mark: Resolved by ${who} after ` +
				`${after}${c.resolution ? `: ${escapeMrkdwn(truncateWithNote(redact(c.resolution), 500).text)}` : '.'}`
			);
		case 'cleared':
			return `:white_check_mark: Cleared by the engine after ${after}: the evidence went away.`;
		case 'reopened':
			return `:warning: Reopened.`;
	}
}

/**
 * The thread reply when someone not on the store's approver list pressed Approve, Reject or Resolve on a case
 * that waits on a customer's request: the channel sees
 * that nothing happened and who may decide instead.
 */
export function buildRefusedPressReply(actor: string | null, approvers: readonly string[]): string {
	const who = actor ? formatPerson(actor) : 'Someone';
	const may = approvers.length ? approvers.map(formatPerson).join(', ') : "the store's approvers";
	return (
		`:no_entry: ${who} pressed a button on this customer's request, but only ${may} can approve, reject or ` +
		"resolve it (the Store Profile's Approvers). Nothing was changed."
	);
}

function buttonsFor(state: CaseState, caseId: string, requestId: string | null): ButtonElement[] {
	if (state === 'resolved' || state === 'cleared') return [];
	const decision = requestId !== null;
	const button = (action: CaseAction, label: string, style?: 'primary' | 'danger'): ButtonElement => ({
		type: 'button',
		text: plain(label, SLACK_LIMITS.buttonText),
		action_id: actionIdFor(action, caseId),
		value: action === 'approve' || action === 'reject' ? buttonValueFor(caseId, requestId) : caseId,
		...(style ? { style } : {}),
	});
	const out: ButtonElement[] = [];
	if (decision) out.push(button('approve', 'Approve', 'primary'), button('reject', 'Reject', 'danger'));
	if (state === 'open') out.push(button('acknowledge', 'Acknowledge', decision ? undefined : 'primary'));
	out.push(button('resolve', 'Resolve'));
	out.push(button('assign_to_me', 'Assign to me'));
	return out;
}

function contextLine(
	c: ExceptionCase,
	state: CaseState,
	now: string,
	redact: (text: string) => string = (text) => text,
): string {
	const parts = [`Case \`${escapeMrkdwn(c.id)}\``, `opened ${slackDate(c.openedAt)}`];
	if (c.owner) parts.push(`owner ${formatPerson(c.owner)}`);
	if (c.ackedAt) parts.push(`acknowledged ${slackDate(c.ackedAt)}`);
	if (state === 'resolved') {
		const resolution = c.resolution ? `: ${escapeMrkdwn(truncateWithNote(redact(c.resolution), 500).text)}` : '';
		parts.push(`resolved ${slackDate(c.resolvedAt as string)}${resolution}`);
	}
	if (state === 'cleared') parts.push(`cleared ${slackDate(c.resolvedAt as string)}`);
	parts.push(`updated ${slackDate(now)}`);
	return parts.join(' · ');
}

/** Slack renders <!date^…> in each reader's own time zone; the fallback is UTC. */
function slackDate(iso: string): string {
	const ms = Date.parse(iso);
	if (!Number.isFinite(ms)) return escapeMrkdwn(iso);
	const fallback = new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
	return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** Slack user ids become mentions; anything else is shown as written. */
export function formatPerson(person: string): string {
	return /^[UW][A-Z0-9]{2,}$/.test(person) ? `<@${person}>` : escapeMrkdwn(person);
}

function displayOrderName(order: AlertOrder | null | undefined, orderKey: string): string {
	if (order?.name) return order.name;
	return /^\d+$/.test(orderKey) ? `#${orderKey}` : orderKey;
}

/**
 * The order's page in the Shopify admin. Shopify's admin lives at admin.shopify.com/store/<handle>;
 * without a numeric order id we link to the order search, which still lands on one order.
 */
export function shopifyAdminOrderUrl(
	shop: string | null | undefined,
	shopifyId: string | null | undefined,
	orderName: string,
): string | null {
	const handle = storeHandle(shop);
	if (!handle) return null;
	const numericId = shopifyId ? /(\d+)$/.exec(shopifyId)?.[1] : undefined;
	const base = `https://admin.shopify.com/store/${encodeURIComponent(handle)}/orders`;
	return numericId ? `${base}/${numericId}` : `${base}?query=${encodeURIComponent(orderName)}`;
}

export function storeHandle(shop: string | null | undefined): string | null {
	if (!shop) return null;
	const s = shop.trim().toLowerCase();
	const admin = /admin\.shopify\.com\/store\/([a-z0-9][a-z0-9-]*)/.exec(s);
	if (admin) return admin[1];
	const myshopify = /^(?:https?:\/\/)?([a-z0-9][a-z0-9-]*)\.myshopify\.com/.exec(s);
	if (myshopify) return myshopify[1];
	return /^[a-z0-9][a-z0-9-]*$/.test(s) ? s : null;
}

/* ---------- evidence ---------- */

/**
 * One bullet per fact, keys in words. With customer details off, values under customer keys are left
 * out (at any depth, and counted) and every other text is redacted: against the order's customer data
 * when `redact` is given (buildExceptionMessage always gives it), else against what the evidence itself
 * holds under customer keys; every e-mail address is hidden either way.
 */
export function formatEvidence(
	evidence: Record<string, unknown> | null | undefined,
	includePii: boolean,
	redact?: (text: string) => string,
): string {
	if (!evidence || typeof evidence !== 'object') return '';
	let shown = evidence;
	let hidden = 0;
	if (!includePii) {
		const r = redactEvidence(evidence, redact ?? customerRedactor(customerDataOf(null, evidence)));
		shown = r.evidence;
		hidden = r.hidden;
	}
	const lines: string[] = [];
	for (const [key, value] of Object.entries(shown)) {
		if (value === undefined) continue;
		lines.push(`• *${escapeMrkdwn(humanise(key))}:* ${escapeMrkdwn(renderValue(value))}`);
	}
	if (hidden) lines.push(`_${hidden} customer detail(s) hidden (turn on "Include Customer Details" to show them)._`);
	return lines.join('\n');
}

function renderValue(value: unknown): string {
	if (value === null) return '—';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
		return value.join(', ');
	return JSON.stringify(value);
}

export function humanise(key: string): string {
	const words = key
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/[_-]+/g, ' ')
		.trim()
		.toLowerCase();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatCustomer(order: AlertOrder | null | undefined): string {
	if (!order) return '';
	const lines: string[] = [];
	if (order.customer?.name) lines.push(escapeMrkdwn(order.customer.name));
	if (order.customer?.email) lines.push(escapeMrkdwn(order.customer.email));
	const a = order.shippingAddress;
	if (a) {
		const address = [a.name, a.address1, a.address2, [a.zip, a.city].filter(Boolean).join(' '), a.province, a.country]
			.filter((p) => p && String(p).trim())
			.join(', ');
		if (address) lines.push(escapeMrkdwn(address));
	}
	return lines.join('\n');
}

function secondsBetween(fromIso: string, toIso: string): number {
	const from = Date.parse(fromIso);
	const to = Date.parse(toIso);
	if (!Number.isFinite(from) || !Number.isFinite(to)) return 0;
	return Math.max(0, (to - from) / 1000);
}

/** Title and words for a type when the catalogue has no entry (a newer engine than this node). */
export function fallbackTypeInfo(type: ExceptionType | string): ExceptionTypeInfo {
	const title = humanise(type);
	return {
		title,
		plainWords: `The engine opened a "${title}" case for this order.`,
		nextStep: 'Open the order in Shopify and check its fulfillment and tracking.',
	};
}
