/**
 * The Customer Pages settings of one store (the "Post-Purchase Customer Pages" credential): where the pages
 * live, the secret links are signed with, branding, and how many lookups a client may try. Pure: the
 * credential glue is nodes/shared/customerPages.ts.
 */
import { MIN_SECRET_LENGTH } from './access';

export interface PageSettings {
	/** The public address of the status page (the Webhook node's production URL as customers reach it). */
	pageUrl: string;
	/**
	 * The public address of the address change page (its own workflow's Webhook node); empty: customers are not
	 * offered address changes.
	 */
	addressChangeUrl: string;
	/** The cancellation page's public URL (template 10's Webhook); empty: customers are not offered it. */
	cancelUrl: string;
	/** The item swap page's public URL (its workflow's Webhook); empty: customers are not offered swaps. */
	swapUrl: string;
	linkSecret: string;
	/** How long a link in an email opens the page. */
	linkLifetimeDays: number;
	logoUrl: string;
	accentColor: string;
	supportEmail: string;
	supportUrl: string;
	/** Order-number + email lookups one client may try in 15 minutes, and tries at one order in an hour. */
	lookupsPerClient: number;
	/** Tries at one order number, and with one email address, in an hour (each counted on its own). */
	lookupsPerOrder: number;
	/**
	 * How many proxies of the store's own stand in front of n8n, each appending to X-Forwarded-For: the client's
	 * address is the entry that many places from the right. 0: none, so no client address can be trusted.
	 */
	trustedProxies: number;
}

export const LOOKUP_CLIENT_WINDOW_SECONDS = 15 * 60;
export const LOOKUP_ORDER_WINDOW_SECONDS = 60 * 60;

export function defaultPageSettings(): PageSettings {
	return {
		pageUrl: '',
		addressChangeUrl: '',
		cancelUrl: '',
		swapUrl: '',
		linkSecret: '',
		linkLifetimeDays: 60,
		logoUrl: '',
		accentColor: '#1f4e79',
		supportEmail: '',
		supportUrl: '',
		lookupsPerClient: 10,
		lookupsPerOrder: 10,
		trustedProxies: 1,
	};
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value.trim() : fallback);
const whole = (value: unknown, fallback: number) =>
	value === undefined || value === null || value === '' ? fallback : Number(value);

export function readPageSettings(data: Record<string, unknown>): PageSettings {
	const d = defaultPageSettings();
	return {
		pageUrl: text(data.pageUrl, d.pageUrl),
		addressChangeUrl: text(data.addressChangeUrl, d.addressChangeUrl),
		cancelUrl: text(data.cancelUrl, d.cancelUrl),
		swapUrl: text(data.swapUrl, d.swapUrl),
		// Never trimmed: a secret is used exactly as pasted.
		linkSecret: typeof data.linkSecret === 'string' ? data.linkSecret : '',
		linkLifetimeDays: whole(data.linkLifetimeDays, d.linkLifetimeDays),
		logoUrl: text(data.logoUrl, d.logoUrl),
		accentColor: text(data.accentColor, d.accentColor),
		supportEmail: text(data.supportEmail, d.supportEmail),
		supportUrl: text(data.supportUrl, d.supportUrl),
		lookupsPerClient: whole(data.lookupsPerClient, d.lookupsPerClient),
		lookupsPerOrder: whole(data.lookupsPerOrder, d.lookupsPerOrder),
		trustedProxies: whole(data.trustedProxies, d.trustedProxies),
	};
}

function isWebUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

function isWholeIn(value: number, min: number, max: number): boolean {
	return Number.isInteger(value) && value >= min && value <= max;
}

/** Each problem names the field and what to write instead; empty when the settings can be used. */
export function pageSettingsProblems(s: PageSettings): string[] {
	const problems: string[] = [];
	if (!isWebUrl(s.pageUrl))
		problems.push(
			'pageUrl: write the public address of the status page, the production URL of its Webhook node ' +
				'(e.g. https://n8n.example.com/webhook/order-status)',
		);
	if (s.addressChangeUrl && !isWebUrl(s.addressChangeUrl))
		problems.push(
			'addressChangeUrl: write the public address of the address change page, the production URL of its ' +
				'Webhook node (e.g. https://n8n.example.com/webhook/order-address), or leave it empty',
		);
	if (s.cancelUrl && !isWebUrl(s.cancelUrl))
		problems.push(
			'cancelUrl: write the public address of the cancellation page, the production URL of its Webhook node ' +
				'(e.g. https://n8n.example.com/webhook/order-cancel), or leave it empty',
		);
	if (s.swapUrl && !isWebUrl(s.swapUrl))
		problems.push(
			'swapUrl: write the public address of the item swap page, the production URL of its Webhook node ' +
				'(e.g. https://n8n.example.com/webhook/order-swap), or leave it empty',
		);
	if (s.linkSecret.length < MIN_SECRET_LENGTH)
		problems.push(
			`linkSecret: use at least ${MIN_SECRET_LENGTH} characters (e.g. the output of \`openssl rand -base64 48\`)`,
		);
	if (!isWholeIn(s.linkLifetimeDays, 1, 365)) problems.push('linkLifetimeDays: a whole number of days, 1 to 365');
	if (s.logoUrl && !/^https:\/\//i.test(s.logoUrl))
		problems.push('logoUrl: an https:// address of the logo image, or empty');
	if (!/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(s.accentColor))
		problems.push('accentColor: a colour as #rgb or #rrggbb, e.g. #1f4e79');
	if (s.supportEmail && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(s.supportEmail))
		problems.push('supportEmail: an email address customers can write to, or empty');
	if (s.supportUrl && !isWebUrl(s.supportUrl)) problems.push('supportUrl: an http(s) address, or empty');
	if (!isWholeIn(s.lookupsPerClient, 1, 1000)) problems.push('lookupsPerClient: a whole number, 1 to 1000');
	if (!isWholeIn(s.lookupsPerOrder, 1, 1000)) problems.push('lookupsPerOrder: a whole number, 1 to 1000');
	if (!isWholeIn(s.trustedProxies, 0, 10))
		problems.push('trustedProxies: how many proxies of yours stand in front of n8n, 0 to 10 (0: none)');
	return problems;
}
