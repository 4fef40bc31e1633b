/**
 * n8n glue for the Store Profile (issue 14): where a node's store settings come from. With "Settings From"
 * = Store Profile they come from the node's postPurchaseStoreProfileApi credential, otherwise from the node's
 * own parameters as before (the default, so saved workflows behave exactly as they did). Order State and
 * Exception Alerts both read their settings through this file only, so the two cannot read a profile
 * differently. The rules (validation, policy, channel routes) are in nodes/lib/order/storeProfile.ts.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeCredentialTestResult,
	INodeProperties,
	IDisplayOptions,
	NodeParameterValue,
} from 'n8n-workflow';
import { HOLIDAY_DATA_VERSION } from '../lib/order/holidays';
import { defaultPolicy, PolicyError, type Policy } from '../lib/order/policy';
import {
	policyFromProfile,
	policyFromSettings,
	profileRouting,
	readStoreProfile,
	storeProfileProblems,
	THRESHOLD_FIELDS,
	type PolicySettings,
	type StoreProfile,
} from '../lib/order/storeProfile';
import type { ExceptionType } from '../lib/order/types';
import { readNowParameter } from './clock';
import { toNodeError } from './errors';

export const STORE_PROFILE_CREDENTIAL = 'postPurchaseStoreProfileApi';
/** The credential test's name: a node lists it under `testedBy` and `methods.credentialTest`. */
export const STORE_PROFILE_TEST = 'postPurchaseStoreProfileTest';

export type SettingsSource = 'profile' | 'parameters';

/** The "Settings From" parameter, shown for the operations that read store settings. */
export function settingsSourceProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Settings From',
		name: 'settingsSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Store Profile',
				value: 'profile',
				description:
					"The store's Post-Purchase Store Profile credential: time zone, hours, holidays, thresholds, channels",
			},
			{
				name: "This Node's Parameters",
				value: 'parameters',
				description: 'The settings typed on this node',
			},
		],
		default: 'parameters',
		description:
			'Where the store settings come from. A Store Profile keeps them in one place for every workflow of the store.',
		displayOptions: { show: { operation: operations } },
	};
}

/** The profile credential slot: required, and shown only when "Settings From" is Store Profile. */
export function storeProfileCredential(operations: string[]): INodeCredentialDescription {
	return {
		name: STORE_PROFILE_CREDENTIAL,
		required: true,
		testedBy: STORE_PROFILE_TEST,
		displayOptions: { show: { operation: operations, settingsSource: ['profile'] } },
	};
}

/** Shown only when the node's own parameters hold the settings (a parameter the profile replaces). */
export function onlyWithParameters(show: Record<string, NodeParameterValue[]>): IDisplayOptions {
	return { show: { ...show, settingsSource: ['parameters'] } };
}

/**
 * Where this execution's settings come from, and the profile when it is the source: read once per
 * execution (the credential is the node's, not the item's). Nothing is kept after the run.
 */
export interface StoreSettings {
	source: SettingsSource;
	profile: StoreProfile | null;
}

/**
 * "Settings From" and, for Store Profile, the credential. `applies` is false for an operation without
 * store settings (Order State's Timeline): its settings are the node's, whatever "Settings From" says.
 */
export async function loadStoreSettings(
	ctx: IExecuteFunctions,
	applies = true,
	/** A node without "Settings From" that always reads the profile (Customer Pages). */
	fixedSource?: SettingsSource,
): Promise<StoreSettings> {
	const source =
		fixedSource ??
		(applies ? (ctx.getNodeParameter('settingsSource', 0, 'parameters') as SettingsSource) : 'parameters');
	if (source !== 'profile') return { source: 'parameters', profile: null };
	let data: IDataObject;
	try {
		data = (await ctx.getCredentials(STORE_PROFILE_CREDENTIAL)) as IDataObject;
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), 'No Store Profile credential is selected', {
			description:
				'"Settings From" is Store Profile: choose the store\'s Post-Purchase Store Profile credential on the node ' +
				`(or create one), or set "Settings From" to This Node's Parameters. (${(error as Error).message})`,
		});
	}
	return { source, profile: readStoreProfile(data) };
}

/* -------------------------------------------------------------------------------------------------- */
/* Order State                                                                                          */
/* -------------------------------------------------------------------------------------------------- */

/** Order State's own policy parameters of item i, flat, as nodes/lib's policyFromSettings takes them. */
function policySettingsFromParameters(ctx: IExecuteFunctions, i: number): PolicySettings {
	const d = defaultPolicy();
	const t = ctx.getNodeParameter('thresholds', i, {}) as IDataObject;
	const settings: PolicySettings = {
		timeZone: ctx.getNodeParameter('timeZone', i, d.timeZone),
		businessDays: ctx.getNodeParameter('businessDays', i, d.businessDays),
		businessHoursStart: ctx.getNodeParameter('businessHoursStart', i, d.businessHours.start),
		businessHoursEnd: ctx.getNodeParameter('businessHoursEnd', i, d.businessHours.end),
		holidays: ctx.getNodeParameter('holidays', i, ''),
		warehouseTimeZone: ctx.getNodeParameter('warehouseTimeZone', i, ''),
		fulfillmentClockStart: ctx.getNodeParameter('fulfillmentClockStart', i, d.fulfillmentClockStart),
		lateAgainst: ctx.getNodeParameter('lateAgainst', i, d.lateAgainst),
		confirmBeforeOpening: ctx.getNodeParameter('confirmBeforeOpening', i, d.confirmBeforeOpening),
	};
	for (const field of THRESHOLD_FIELDS) settings[field] = t[field];
	return settings;
}

/** The notification event names (always the node's own parameter: they name the workflow's Klaviyo events). */
function notificationEventsParameter(ctx: IExecuteFunctions, i: number): IDataObject {
	const n = ctx.getNodeParameter('notificationEvents', i, {}) as IDataObject;
	const events: IDataObject = {};
	for (const milestone of ['shipped', 'out_for_delivery', 'delivered'])
		if (n[milestone] !== undefined) events[milestone] = n[milestone];
	return events;
}

/**
 * The policy of item i: from the profile (its public holidays for the years around the item's "Now") or
 * from the node's parameters. Policies are cached per distinct settings within one execution, so items
 * sharing a policy share its business-day cache; nothing survives the execution (queue-mode safe). A bad
 * policy throws: the parameters' PolicyError for the router's error mapper, or an error naming the profile.
 */
export function policyReader(ctx: IExecuteFunctions, settings: StoreSettings): (i: number) => Policy {
	const cache = new Map<string, Policy>();
	return (i: number) => {
		const notificationEvents = notificationEventsParameter(ctx, i);
		const profile = settings.profile;
		if (profile === null) {
			const input = { ...policySettingsFromParameters(ctx, i), notificationEvents };
			return cached(cache, JSON.stringify(input), () => policyFromSettings(input));
		}
		const now = readNowParameter(ctx, i) ?? new Date();
		const key = JSON.stringify([now.getUTCFullYear(), notificationEvents]);
		return cached(cache, key, () => {
			try {
				return policyFromProfile(profile, now, notificationEvents);
			} catch (error) {
				if (!(error instanceof PolicyError)) throw toNodeError(ctx.getNode(), error, i);
				throw new NodeOperationError(ctx.getNode(), 'The Store Profile is not usable', {
					itemIndex: i,
					description: `Fix these fields of the Post-Purchase Store Profile credential: ${error.errors.join('; ')}.`,
				});
			}
		});
	};
}

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
	let value = cache.get(key);
	if (value === undefined) {
		value = make();
		cache.set(key, value);
	}
	return value;
}

/** Plan Follow-Ups: whether to plan Klaviyo messages (the profile's switch, or the node's). */
export function readSendCustomerMessages(ctx: IExecuteFunctions, settings: StoreSettings, i: number): boolean {
	if (settings.profile) return settings.profile.sendCustomerMessages === true;
	return ctx.getNodeParameter('sendCustomerMessages', i, false) as boolean;
}

/* -------------------------------------------------------------------------------------------------- */
/* Exception Alerts                                                                                     */
/* -------------------------------------------------------------------------------------------------- */

/** Where a case goes, and the shop its message links to. */
export interface CaseTarget {
	routing: { defaultChannel: string; byType: Partial<Record<ExceptionType, string>> };
	shop: string | null;
}

/** Post/Update Exception: the profile's channels and shop, or the node's channel parameters and Shop option. */
export function readCaseTarget(ctx: IExecuteFunctions, settings: StoreSettings, i: number): CaseTarget {
	if (settings.profile) return { routing: profileRouting(settings.profile), shop: settings.profile.shopDomain || null };
	const defaultChannel = ctx.getNodeParameter('defaultChannel', i, '', { extractValue: true }) as string;
	const routes = ctx.getNodeParameter('channelRoutes.route', i, []) as Array<{
		exceptionType: ExceptionType;
		channel: { value?: string } | string;
	}>;
	const byType: Partial<Record<ExceptionType, string>> = {};
	for (const r of routes) {
		const channel = typeof r.channel === 'string' ? r.channel : r.channel?.value;
		if (channel) byType[r.exceptionType] = channel;
	}
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	return { routing: { defaultChannel, byType }, shop: (options.shop as string) || null };
}

/** Post Weekly Report: the channel and the store name in its title. */
export function readReportTarget(
	ctx: IExecuteFunctions,
	settings: StoreSettings,
	i: number,
): { channel: string; storeName: string | null } {
	if (settings.profile)
		return { channel: settings.profile.slackReportChannel, storeName: settings.profile.storeName || null };
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	return {
		channel: ctx.getNodeParameter('reportChannel', i, '', { extractValue: true }) as string,
		storeName: (options.storeName as string) || null,
	};
}

/* -------------------------------------------------------------------------------------------------- */
/* Credential test                                                                                      */
/* -------------------------------------------------------------------------------------------------- */

/**
 * n8n's Test for the profile (a node lists it under `testedBy`): the profile calls nothing, so the test is
 * that every field can be used: time zones, hours, thresholds, holiday country and region.
 */
export async function storeProfileCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problems = storeProfileProblems(readStoreProfile((credential.data ?? {}) as IDataObject));
	if (problems.length) return { status: 'Error', message: problems.join('; ') };
	return {
		status: 'OK',
		message: `The profile is complete (holiday rules of ${HOLIDAY_DATA_VERSION})`,
	};
}
