/**
 * The Store Profile (issue 14): a store's settings in one place, so the event processor and the stuck-order
 * alerts judge by the same calendar and thresholds and post to the same channels, and an agency clones a
 * store by creating one profile. Pure: the n8n credential and node glue are in nodes/shared/storeProfile.ts.
 *
 * The field names are the credential's property names, and the same as Order State's parameters (its
 * thresholds are flat here), so one function turns either into a Policy: a store judged from its profile
 * and from the equivalent node parameters is judged the same.
 */
import { holidayPlaceProblems, holidaysFor } from './holidays';
import { defaultPolicy, parsePolicy, PolicyError, type Policy } from './policy';
import type { ExceptionType } from './types';

/** Order State's threshold fields: the names of its `thresholds` collection and of the profile's fields. */
export const THRESHOLD_FIELDS = [
	'carrierStallHours',
	'deliveryLateGraceMinutes',
	'editCutoffMinutes',
	'fulfillmentStuckHours',
	'notSentToFulfillmentHours',
	'notificationLateHours',
	'statusMismatchGraceMinutes',
	'trackingMissingGraceMinutes',
	'trackingStalledHours',
] as const;
export type ThresholdField = (typeof THRESHOLD_FIELDS)[number];

/**
 * What a policy is made of, as a person types it: Order State's parameters (thresholds flattened) or the
 * profile's fields. Values are as n8n hands them over (strings, numbers, a JSON string for carrier limits).
 */
export type PolicySettings = Partial<Record<ThresholdField, unknown>> & {
	timeZone?: unknown;
	warehouseTimeZone?: unknown;
	businessDays?: unknown;
	businessHoursStart?: unknown;
	businessHoursEnd?: unknown;
	/** Closed dates, "YYYY-MM-DD, ..." or a list (already merged with the holiday library's dates). */
	holidays?: unknown;
	fulfillmentClockStart?: unknown;
	lateAgainst?: unknown;
	confirmBeforeOpening?: unknown;
	/** Not a store setting (the workflow's Klaviyo event names): always Order State's own parameter. */
	notificationEvents?: unknown;
};

/**
 * The policy these settings describe; throws PolicyError naming each bad field the way parsePolicy names
 * it (thresholds.fulfillmentStuckHours, businessHours.start...), which the node's error mapper shows.
 */
export function policyFromSettings(s: PolicySettings): Policy {
	const d = defaultPolicy();
	let carrierStallHours: unknown = s.carrierStallHours;
	if (typeof carrierStallHours === 'string') {
		try {
			carrierStallHours = carrierStallHours.trim() === '' ? undefined : JSON.parse(carrierStallHours);
		} catch {
			carrierStallHours = 'not JSON';
		}
	}
	return parsePolicy({
		timeZone: s.timeZone ?? d.timeZone,
		businessDays: s.businessDays ?? d.businessDays,
		businessHours: {
			start: s.businessHoursStart ?? d.businessHours.start,
			end: s.businessHoursEnd ?? d.businessHours.end,
		},
		holidays: s.holidays ?? '',
		thresholds: {
			notSentToFulfillmentHours: s.notSentToFulfillmentHours,
			fulfillmentStuckHours: s.fulfillmentStuckHours,
			trackingStalledHours: s.trackingStalledHours,
			notificationLateHours: s.notificationLateHours,
		},
		carrierStallHours,
		graceMinutes: {
			statusMismatch: s.statusMismatchGraceMinutes,
			trackingMissing: s.trackingMissingGraceMinutes,
			deliveryLate: s.deliveryLateGraceMinutes,
		},
		editCutoffMinutes: s.editCutoffMinutes,
		notificationEvents: s.notificationEvents ?? {},
		warehouseTimeZone: s.warehouseTimeZone ?? '',
		fulfillmentClockStart: s.fulfillmentClockStart ?? d.fulfillmentClockStart,
		lateAgainst: s.lateAgainst ?? d.lateAgainst,
		confirmBeforeOpening: s.confirmBeforeOpening ?? d.confirmBeforeOpening,
	});
}

/** The Slack channel fields of a profile. */
export type ProfileChannelField =
	| 'slackChannelDefault'
	| 'slackChannelShippingDelays'
	| 'slackChannelWarehouse'
	| 'slackChannelCustomerCare'
	| 'slackReportChannel';

/**
 * Which of the profile's channels each exception type goes to; a type not listed goes to the default
 * channel. The one place this mapping lives (the templates used to spell it out in every workflow).
 */
export const PROFILE_CHANNEL_ROUTES: Readonly<Partial<Record<ExceptionType, ProfileChannelField>>> = {
	tracking_stalled: 'slackChannelShippingDelays',
	delivery_late: 'slackChannelShippingDelays',
	delivery_failed: 'slackChannelShippingDelays',
	returned_to_sender: 'slackChannelShippingDelays',
	fulfillment_stuck: 'slackChannelWarehouse',
	not_sent_to_fulfillment: 'slackChannelWarehouse',
	backordered: 'slackChannelWarehouse',
	address_invalid: 'slackChannelCustomerCare',
	edit_after_cutoff: 'slackChannelCustomerCare',
};

/** A store's settings as the profile holds them, each field filled (defaults where the profile is empty). */
export interface StoreProfile extends Record<Exclude<ThresholdField, 'carrierStallHours'>, number> {
	/** Per-carrier stall limits as JSON text, as Order State's parameter takes them. */
	carrierStallHours: string;
	storeName: string;
	shopDomain: string;
	timeZone: string;
	warehouseTimeZone: string;
	businessDays: number[];
	businessHoursStart: string;
	businessHoursEnd: string;
	holidayCountry: string;
	holidayRegion: string;
	/** The store's own closed dates, as typed ("2026-12-24, 2026-12-31"). */
	holidays: string;
	fulfillmentClockStart: string;
	lateAgainst: string;
	confirmBeforeOpening: boolean;
	slackChannelDefault: string;
	slackChannelShippingDelays: string;
	slackChannelWarehouse: string;
	slackChannelCustomerCare: string;
	slackReportChannel: string;
	sendCustomerMessages: boolean;
	/** Slack user IDs who may approve or reject customer requests, as typed ("U0123ABCD, U0456EFGH"); empty: anyone. */
	approvers: string;
}

/** A profile's defaults: the credential's defaults, and Order State's. */
export function defaultStoreProfile(): StoreProfile {
	const d = defaultPolicy();
	return {
		storeName: '',
		shopDomain: '',
		timeZone: d.timeZone,
		warehouseTimeZone: '',
		businessDays: d.businessDays,
		businessHoursStart: d.businessHours.start,
		businessHoursEnd: d.businessHours.end,
		holidayCountry: '',
		holidayRegion: '',
		holidays: '',
		// As Order State's Carrier Stall Limits parameter shows it (a unit test checks it equals the policy's).
		carrierStallHours: '{"ups": 24, "fedex": 24, "usps": 32, "dhl": 32}',
		deliveryLateGraceMinutes: d.graceMinutes.deliveryLate,
		editCutoffMinutes: d.editCutoffMinutes,
		fulfillmentStuckHours: d.thresholds.fulfillmentStuckHours,
		notSentToFulfillmentHours: d.thresholds.notSentToFulfillmentHours,
		notificationLateHours: d.thresholds.notificationLateHours,
		statusMismatchGraceMinutes: d.graceMinutes.statusMismatch,
		trackingMissingGraceMinutes: d.graceMinutes.trackingMissing,
		trackingStalledHours: d.thresholds.trackingStalledHours,
		fulfillmentClockStart: d.fulfillmentClockStart,
		lateAgainst: d.lateAgainst,
		confirmBeforeOpening: d.confirmBeforeOpening,
		slackChannelDefault: '#order-exceptions',
		slackChannelShippingDelays: '#shipping-delays',
		slackChannelWarehouse: '#warehouse',
		slackChannelCustomerCare: '#customer-care',
		slackReportChannel: '#order-exceptions',
		sendCustomerMessages: false,
		approvers: '',
	};
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());

/**
 * The profile a credential's data describes: every field present, defaults for the missing ones (a profile
 * saved before a field existed keeps working). Checks nothing; storeProfileProblems does.
 */
export function readStoreProfile(data: Record<string, unknown>): StoreProfile {
	const d = defaultStoreProfile();
	const profile = { ...d } as unknown as Record<string, unknown>;
	for (const [field, fallback] of Object.entries(d)) {
		const value = data[field];
		if (value === undefined || value === null) continue;
		if (typeof fallback === 'string') profile[field] = text(value);
		else profile[field] = value;
	}
	return profile as unknown as StoreProfile;
}

/** The policy fields of a profile, with the holiday library's dates merged into its own. */
export function profilePolicySettings(profile: StoreProfile, holidays: string[]): PolicySettings {
	const settings: PolicySettings = {
		timeZone: profile.timeZone,
		warehouseTimeZone: profile.warehouseTimeZone,
		businessDays: profile.businessDays,
		businessHoursStart: profile.businessHoursStart,
		businessHoursEnd: profile.businessHoursEnd,
		holidays: [...holidays, ...ownHolidays(profile.holidays)],
		fulfillmentClockStart: profile.fulfillmentClockStart,
		lateAgainst: profile.lateAgainst,
		confirmBeforeOpening: profile.confirmBeforeOpening,
	};
	for (const field of THRESHOLD_FIELDS) settings[field] = profile[field];
	return settings;
}

function ownHolidays(typed: string): string[] {
	return typed.split(/[\s,;]+/).filter((d) => d !== '');
}

/**
 * The years whose public holidays a judgement at `now` can need: business hours are counted from events of
 * last year (an order placed on 30 December) up to due times next year.
 */
export function holidayYearsAround(now: Date): [number, number] {
	const year = now.getUTCFullYear();
	return [year - 1, year + 1];
}

/**
 * The policy a profile gives at `now`: its own fields, its holiday country/region's public holidays for the
 * years around `now` and its own closed dates, plus the node's notification events. Throws PolicyError
 * naming the profile's fields.
 */
export function policyFromProfile(profile: StoreProfile, now: Date, notificationEvents?: unknown): Policy {
	const place = { country: profile.holidayCountry, region: profile.holidayRegion };
	// Every problem at once: a place the rules do not know still lets the other fields be checked.
	const problems = holidayPlaceProblems(place);
	const [from, to] = holidayYearsAround(now);
	const publicHolidays = problems.length ? [] : holidaysFor(place, from, to);
	let policy: Policy | undefined;
	try {
		policy = policyFromSettings({ ...profilePolicySettings(profile, publicHolidays), notificationEvents });
	} catch (error) {
		if (!(error instanceof PolicyError)) throw error;
		problems.push(...error.errors.map(profileFieldNames));
	}
	if (problems.length || policy === undefined) throw new PolicyError(problems);
	return policy;
}

/** Policy error paths -> the profile's field names, so a message says which credential field to fix. */
const POLICY_PATH_TO_FIELD: Array<[RegExp, string]> = [
	[/^businessHours\.start:/, 'businessHoursStart:'],
	[/^businessHours\.end:/, 'businessHoursEnd:'],
	[/^businessHours:/, 'businessHoursStart/businessHoursEnd:'],
	[/^thresholds\.(\w+):/, '$1:'],
	[/^graceMinutes\.statusMismatch:/, 'statusMismatchGraceMinutes:'],
	[/^graceMinutes\.trackingMissing:/, 'trackingMissingGraceMinutes:'],
	[/^graceMinutes\.deliveryLate:/, 'deliveryLateGraceMinutes:'],
	[/^carrierStallHours\.[^:]*:/, 'carrierStallHours:'],
];

function profileFieldNames(problem: string): string {
	for (const [path, field] of POLICY_PATH_TO_FIELD) if (path.test(problem)) return problem.replace(path, field);
	return problem;
}

/**
 * Everything wrong with a profile, each naming its field and saying what to write; empty when usable.
 * The credential's Test button shows these, so a typo is found when the profile is saved, not at 3 a.m.
 * when the first stuck-order run fails.
 */
export function storeProfileProblems(profile: StoreProfile, now: Date = new Date()): string[] {
	const problems: string[] = [];
	try {
		policyFromProfile(profile, now);
	} catch (error) {
		if (!(error instanceof PolicyError)) throw error;
		problems.push(...error.errors);
	}
	const shop = profile.shopDomain;
	if (shop !== '' && !/^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/i.test(shop))
		problems.push(
			`shopDomain: "${shop.slice(0, 80)}" is not a shop domain (write it without https:// or a path, e.g. ` +
				'acme.myshopify.com)',
		);
	for (const field of ['slackChannelDefault', 'slackReportChannel'] as const)
		if (profile[field] === '')
			problems.push(`${field}: is empty (write a channel name such as #order-exceptions, or a channel ID)`);
	problems.push(...approversOf(profile.approvers).problems);
	return problems;
}

/**
 * A Slack user ID: U… for a workspace member, W… for an Enterprise Grid one; 9 or more letters and digits with at
 * least one digit, so a name that happens to start with U or W ("WALTER", "Uma") is not taken for one.
 */
const SLACK_USER_ID = /^[UW](?=[A-Z0-9]*\d)[A-Z0-9]{8,}$/;

/**
 * The Slack users the profile lets decide customer requests, read from the Approvers field ("U0123ABCD,
 * U0456EFGH"; commas, semicolons, spaces or lines between them; a pasted mention, "<@U0123ABCD>" or
 * "<@U0123ABCD|maya lin>", counts as its ID). Only IDs: a display name can be changed by its owner, so a list of
 * names would let anyone in the channel rename themselves into it. Empty field: no list, anyone who sees the
 * buttons may decide; a field with text and no ID in it is a problem, never "no list".
 */
export function approversOf(typed: string): { ids: string[]; problems: string[] } {
	const ids: string[] = [];
	const problems: string[] = [];
	// Mentions first, whole: a label may hold spaces.
	const text = typed.replace(/<@([A-Za-z0-9]+)(\|[^>]*)?>/g, ' $1 ');
	for (const token of text.split(/[\s,;]+/).filter((t) => t !== '')) {
		// IDs are upper case; one typed in lower case is the same ID.
		const id = token.toUpperCase();
		if (SLACK_USER_ID.test(id)) {
			if (!ids.includes(id)) ids.push(id);
		} else
			problems.push(
				`approvers: "${token.slice(0, 40)}" is not a Slack user ID (write IDs such as U0123ABCD, separated by ` +
					"commas; in Slack: the person's profile, then ⋮, then Copy member ID). Names are not accepted: " +
					'anyone can change their own.',
			);
	}
	if (typed.trim() !== '' && ids.length === 0 && problems.length === 0)
		problems.push('approvers: holds no Slack user ID (write IDs such as U0123ABCD, or leave it empty for anyone)');
	return { ids, problems };
}

/**
 * Where each exception type goes by the profile: its group's channel when the profile names one, else the
 * default channel. Shaped as the Slack connector's Routing.
 */
export function profileRouting(profile: StoreProfile): {
	defaultChannel: string;
	byType: Partial<Record<ExceptionType, string>>;
} {
	const byType: Partial<Record<ExceptionType, string>> = {};
	for (const [type, field] of Object.entries(PROFILE_CHANNEL_ROUTES) as Array<[ExceptionType, ProfileChannelField]>)
		if (profile[field] !== '') byType[type] = profile[field];
	return { defaultChannel: profile.slackChannelDefault, byType };
}
