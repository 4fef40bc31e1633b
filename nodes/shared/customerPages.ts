/**
 * The Customer Pages credential in n8n: reading it for a node, and its Test button. The rules are
 * nodes/lib/pages/settings.ts; this file only moves data between n8n and them.
 */
import {
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	issueStatusLink,
	pageSettingsProblems,
	readPageSettings,
	statusLinkUrl,
	type PageSettings,
} from '../lib/pages';
import {
	MAX_WINDOW_MINUTES,
	parseSelfServiceRules,
	SelfServiceRulesError,
	type SelfServiceRules,
} from '../lib/selfservice';

/** The self-service rules the credential holds (the rest of the rules keep their defaults). */
export const SELF_SERVICE_CREDENTIAL_FIELDS = [
	'windowUntilPicking',
	'allowAddressChange',
	'allowCancellation',
	'allowItemSwap',
	'approveCountryChange',
	'approveUnverifiedAddress',
	'maxChangesPerOrder',
	'approveAboveValue',
] as const;

/**
 * The store's self-service rules: the credential's switches, and the time window from the Store Profile's
 * edit cut-off, so the page's window and the edit_after_cutoff case can never disagree.
 */
export function selfServiceRulesFrom(data: IDataObject, editCutoffMinutes: number): SelfServiceRules {
	// The profile allows 0 and fractions: 0 minutes means no changes by customers at all; a fraction rounds up.
	const minutes = Number.isFinite(editCutoffMinutes) ? Math.ceil(editCutoffMinutes) : Number.NaN;
	const input: Record<string, unknown> = { windowMinutes: Math.min(Math.max(minutes, 1), MAX_WINDOW_MINUTES) };
	for (const field of SELF_SERVICE_CREDENTIAL_FIELDS) if (data[field] !== undefined) input[field] = data[field];
	if (minutes === 0) {
		input.allowAddressChange = false;
		input.allowCancellation = false;
		input.allowItemSwap = false;
	}
	if (Number.isNaN(minutes)) input.windowMinutes = editCutoffMinutes;
	return parseSelfServiceRules(input);
}

export const CUSTOMER_PAGES_CREDENTIAL = 'postPurchaseCustomerPagesApi';
export const CUSTOMER_PAGES_TEST = 'postPurchaseCustomerPagesTest';

/** The store's page settings; a missing or unusable credential stops the node with what to fix. */
export async function loadPageSettings(ctx: IExecuteFunctions): Promise<PageSettings> {
	return readPageSettingsFrom(ctx, await pageCredential(ctx));
}

/** Each bad rule named with what to write (parseSelfServiceRules throws nothing else). */
function rulesProblems(error: unknown): string[] {
	return error instanceof SelfServiceRulesError ? error.errors : [(error as Error).message];
}

/** The self-service rules, with the Store Profile's edit cut-off as the time window. */
export async function loadSelfServiceRules(
	ctx: IExecuteFunctions,
	editCutoffMinutes: number,
	itemIndex?: number,
): Promise<SelfServiceRules> {
	const data = await pageCredential(ctx);
	try {
		return selfServiceRulesFrom(data, editCutoffMinutes);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), 'The self-service rules cannot be used as they are', {
			itemIndex,
			description:
				"Open the Customer Pages credential (and the Store Profile's Edit Cut-Off) and fix: " +
				rulesProblems(error).join('; '),
		});
	}
}

async function pageCredential(ctx: IExecuteFunctions): Promise<IDataObject> {
	let data: IDataObject;
	try {
		data = (await ctx.getCredentials(CUSTOMER_PAGES_CREDENTIAL)) as IDataObject;
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), 'No Customer Pages credential is selected', {
			description:
				"Choose the store's Post-Purchase Customer Pages credential on the node, or create one " +
				'(docs/customer-pages.md). ' +
				`(${(error as Error).message})`,
		});
	}
	return data;
}

function readPageSettingsFrom(ctx: IExecuteFunctions, data: IDataObject): PageSettings {
	const settings = readPageSettings(data);
	const problems = pageSettingsProblems(settings);
	if (problems.length)
		throw new NodeOperationError(ctx.getNode(), 'The Customer Pages credential cannot be used as it is', {
			description: `Open the credential and fix: ${problems.join('; ')}`,
		});
	return settings;
}

/** n8n's Test for the credential: it calls nothing, so the test is that every field can be used. */
export async function customerPagesCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const problems = pageSettingsProblems(readPageSettings(data));
	try {
		// The time window comes from the Store Profile; any valid one lets the switches be judged here.
		selfServiceRulesFrom(data, 60);
	} catch (error) {
		problems.push(...rulesProblems(error));
	}
	if (problems.length) return { status: 'Error', message: problems.join('; ') };
	return { status: 'OK', message: 'The page settings are complete' };
}

/**
 * The order's status page as a signed link (Klaviyo puts it in every customer event): it opens the page
 * for linkLifetimeDays without the customer typing anything.
 */
export function statusPageLink(settings: PageSettings, orderKey: string, now: Date): string {
	const expiresAt = new Date(now.getTime() + settings.linkLifetimeDays * 86_400_000);
	return statusLinkUrl(settings.pageUrl, issueStatusLink(orderKey, { secret: settings.linkSecret, expiresAt }));
}
