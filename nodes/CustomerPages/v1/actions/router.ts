import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
import { continueOnFailItem, nodeErrorOf } from '../../../shared/errors';
import { loadPageSettings } from '../../../shared/customerPages';
import { openLedgerFor } from '../../../shared/ledger';
import { loadStoreSettings } from '../../../shared/storeProfile';
import { operations } from '.';

/**
 * Reads the page settings and the Store Profile and opens the ledger once for the execution, answers every
 * item (each is one request), closes the ledger. A customer's mistake is an answer, not an error; an error
 * here is ours (the ledger unreachable): with "Continue On Fail" it becomes an error item on the Page output,
 * otherwise the node stops with what to do.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const name = this.getNodeParameter('operation', 0) as string;
	const operation = operations[name];
	if (!operation)
		throw new NodeOperationError(this.getNode(), `Unknown operation "${name}"`, {
			description: 'Choose an operation from the list on the node.',
		});
	const pages: INodeExecutionData[] = [];
	const redirects: INodeExecutionData[] = [];
	let ledger: LedgerStore | undefined;
	try {
		const settings = await loadPageSettings(this);
		// The profile is required on this node: "Settings From" does not apply, its credential is always read.
		const { profile } = await loadStoreSettingsFromProfile(this);
		ledger = await openLedgerFor(this, { noRateLimitWaits: true });
		for (let i = 0; i < items.length; i++) {
			try {
				const answer = await operation.execute.call(this, { ledger, settings, profile }, i);
				(answer.output === 1 ? redirects : pages).push({ json: answer.json, pairedItem: { item: i } });
			} catch (error) {
				const nodeError = await nodeErrorOf(this, error, i);
				if (!this.continueOnFail()) throw nodeError;
				const failed = continueOnFailItem(nodeError, i);
				// On the regular output the customer still gets a page (503) through the same Respond to Webhook;
				// the Error output keeps n8n's own shape (error and details only).
				if (this.getNode().onError !== 'continueErrorOutput')
					failed.json = { ...failed.json, ...operation.failurePage.call(this, { ledger, settings, profile }, i) };
				pages.push(failed);
			}
		}
	} catch (error) {
		throw await nodeErrorOf(this, error);
	} finally {
		await ledger?.close();
	}
	return [pages, redirects];
}

async function loadStoreSettingsFromProfile(ctx: IExecuteFunctions) {
	const settings = await loadStoreSettings(ctx, true, 'profile');
	if (!settings.profile)
		throw new NodeOperationError(ctx.getNode(), 'No Store Profile credential is selected', {
			description: "Choose the store's Post-Purchase Store Profile credential on the node, or create one.",
		});
	return { profile: settings.profile };
}
