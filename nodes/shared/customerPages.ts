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

export const CUSTOMER_PAGES_CREDENTIAL = 'postPurchaseCustomerPagesApi';
export const CUSTOMER_PAGES_TEST = 'postPurchaseCustomerPagesTest';

/** The store's page settings; a missing or unusable credential stops the node with what to fix. */
export async function loadPageSettings(ctx: IExecuteFunctions): Promise<PageSettings> {
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
	const problems = pageSettingsProblems(readPageSettings((credential.data ?? {}) as IDataObject));
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
