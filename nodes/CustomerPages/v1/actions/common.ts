/** What Customer Pages' operations share. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
import type { PageRequest } from '../../../lib/pages';
import type { PageSettings } from '../../../lib/pages/settings';
import type { StoreProfile } from '../../../lib/order/storeProfile';

/** One ledger connection, the store's page settings and profile per execution. */
export interface PagesRun {
	ledger: LedgerStore;
	settings: PageSettings;
	profile: StoreProfile;
}

/** Which output an answer goes to (see the node's outputNames) and what it carries. */
export interface PageOutput {
	output: 0 | 1;
	json: IDataObject;
}

export type PageExecute = (this: IExecuteFunctions, run: PagesRun, itemIndex: number) => Promise<PageOutput>;

/** The page a customer gets when the operation failed on our side (Continue On Fail): status, headers, body. */
export type FailurePage = (this: IExecuteFunctions, run: PagesRun, itemIndex: number) => IDataObject;

export interface PageOperation {
	description: INodeProperties[];
	execute: PageExecute;
	failurePage: FailurePage;
}

export function record(value: unknown): Record<string, unknown> | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The Webhook node's item is the request: its query, its form body and its headers. The answer goes to the
 * Page output (status code, headers and HTML for Respond to Webhook) or the Redirect output (a Location).
 * The item says what happened (`outcome`), never the email typed or the link's token.
 */
export function requestOf(item: IDataObject): PageRequest {
	return { query: record(item.query), body: item.body, headers: record(item.headers) };
}

/** The order's customer events (requests as asked, their outcomes, decisions), as the request pages read them. */
export function customerEventsOf(ledger: LedgerStore, orderKey: string) {
	return ledger.listEvents({ orderKey, source: 'customer', limit: 1000 });
}
