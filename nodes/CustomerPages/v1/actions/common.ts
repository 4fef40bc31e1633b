/** What Customer Pages' operations share. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
import { errorAnswer, type PageRequest } from '../../../lib/pages';
import type { RequestAnswer, RequestPageDeps } from '../../../lib/pages/requestSession';
import type { PageSettings } from '../../../lib/pages/settings';
import type { StoreProfile } from '../../../lib/order/storeProfile';
import { readOrderTotal } from '../../../lib/connectors/shopify';
import { newestOutcomeOf, shopifyOrderOf, warehouseRefOf, type WarehousePort } from '../../../lib/selfservice';
import { shopifyClient } from '../../../shared/shopify';
import { readNowParameter, readTimeProperty } from '../../../shared/clock';
import { loadSelfServiceRules } from '../../../shared/customerPages';
import { openWarehousePort } from '../../../shared/warehouse';

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

/**
 * What every request page (address change, cancellation) takes from the run for item `i`: the time it is judged
 * at, the rules, the warehouse's live status, and the ledger's reads and writes. `clock` stamps the steps from
 * "Now" on at the real pace, so a replayed request keeps its order of steps.
 */
export async function openRequestPage(
	ctx: IExecuteFunctions,
	run: PagesRun,
	i: number,
): Promise<{ deps: RequestPageDeps; warehouse: WarehousePort; clock: () => Date }> {
	const now = readNowParameter(ctx, i) ?? new Date();
	const rules = await loadSelfServiceRules(ctx, run.profile.editCutoffMinutes, i);
	const warehouse = await openWarehousePort(ctx, i);
	const started = Date.now();
	const clock = () => new Date(now.getTime() + (Date.now() - started));
	const deps: RequestPageDeps = {
		settings: run.settings,
		rules,
		storeName: run.profile.storeName,
		storeTimeZone: run.profile.timeZone,
		now,
		getOrder: (orderKey) => run.ledger.getOrder(orderKey),
		countAttempt: (opts) => run.ledger.countAttempt(opts),
		readWarehouse: async (record) => (await warehouse.read(warehouseRefOf(record), clock)).status,
		recordRequest: async (event) => ({
			duplicate: (await run.ledger.appendEvent(event, clock().toISOString())).status === 'duplicate',
		}),
		requestEvents: (orderKey) => customerEventsOf(run.ledger, orderKey),
		requestOutcome: async (orderKey, requestId) =>
			newestOutcomeOf(await customerEventsOf(run.ledger, orderKey), requestId),
		orderValue: async (record) => readOrderTotal(await shopifyClient(ctx), shopifyOrderOf(record)),
	};
	return { deps, warehouse, clock };
}

/** A request page's answer on the Page output: what happened (never the email or the link), and the page. */
export function requestPageOutput(answer: RequestAnswer): PageOutput {
	return {
		output: 0,
		json: {
			outcome: answer.outcome,
			orderKey: answer.orderKey,
			request: answer.request as IDataObject | null,
			warnings: answer.warnings,
			statusCode: answer.statusCode,
			locale: answer.locale,
			headers: answer.headers,
			body: answer.body,
		},
	};
}

/** "We cannot take your request right now" (503), for Respond to Webhook beside the recorded error. */
export const requestFailurePage: FailurePage = function (this, run, i) {
	const answer = errorAnswer(requestOf(this.getInputData()[i].json), run.settings, run.profile.storeName);
	return { statusCode: answer.statusCode, locale: answer.locale, headers: answer.headers, body: answer.body };
};

/** The request pages' "Now": when links, forms and the cut-off window are judged. */
export function requestTimeProperty(show: Record<string, string[]>): INodeProperties {
	return readTimeProperty(
		show,
		'The time links, forms and the cut-off window are judged at. Leave empty for the current time; set it only to ' +
			'test or replay.',
	);
}

/**
 * Stops, saying what to set, when the credential has no public URL for this page: its form would post nowhere and
 * the status page could not link to it. `field` is the credential's field, `section` the docs' section.
 */
export function requirePageUrl(ctx: IExecuteFunctions, url: string, field: string, section: string, i: number): void {
	if (url) return;
	throw new NodeOperationError(ctx.getNode(), `The Customer Pages credential has no ${field}`, {
		itemIndex: i,
		description:
			`Open the credential and set ${field} to this workflow's Webhook production URL ` +
			`(docs/customer-pages.md, "${section}").`,
	});
}
