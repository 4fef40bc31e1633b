import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { answerStatusRequest, errorAnswer } from '../../../lib/pages';
import { readNowParameter, readTimeProperty } from '../../../shared/clock';
import { loadSelfServiceRules } from '../../../shared/customerPages';
import { customerEventsOf, record, requestOf, type FailurePage, type PageExecute } from './common';

export const description: INodeProperties[] = [
	readTimeProperty(
		{ operation: ['statusPage'] },
		'The time links are checked and signed against. Leave empty for the current time; set it only to test or replay.',
	),
];

/** The newest events an order's page reads for its carrier scans (a page view is one read, bounded). */
const STORED_EVENTS_READ = 200;

/** The observations stored events carry (`payload.observations`, as every appender writes them). */
function observationsOf(events: Array<{ payload: unknown }>): unknown[] {
	const out: unknown[] = [];
	for (const event of events) {
		const list = (record(event.payload) ?? {}).observations;
		if (Array.isArray(list)) out.push(...list);
	}
	return out;
}

/** "We cannot show your order right now" (503), for Respond to Webhook to send beside the recorded error. */
export const failurePage: FailurePage = function (this, run, i) {
	const answer = errorAnswer(requestOf(this.getInputData()[i].json), run.settings, run.profile.storeName);
	return { statusCode: answer.statusCode, locale: answer.locale, headers: answer.headers, body: answer.body };
};

export const execute: PageExecute = async function (this, run, i) {
	const request = requestOf(this.getInputData()[i].json);
	const answer = await answerStatusRequest(request, {
		settings: run.settings,
		storeName: run.profile.storeName,
		storeTimeZone: run.profile.timeZone,
		now: readNowParameter(this, i) ?? new Date(),
		getOrder: (orderKey) => run.ledger.getOrder(orderKey),
		getObservations: async (orderKey) =>
			observationsOf(await run.ledger.listEvents({ orderKey, limit: STORED_EVENTS_READ, newestFirst: true })),
		// A decision made since the processor last ran shows at once (the request is no longer "being reviewed").
		requestEvents: (orderKey) => customerEventsOf(run.ledger, orderKey),
		countAttempt: (opts) => run.ledger.countAttempt(opts),
		// Rules only matter when the page may offer the address change, the cancellation or the item swap.
		// Rules that cannot be read hide the links here; the request page itself says what to fix.
		rules:
			run.settings.addressChangeUrl || run.settings.cancelUrl || run.settings.swapUrl
				? await loadSelfServiceRules(this, run.profile.editCutoffMinutes, i).catch(() => undefined)
				: undefined,
	});
	const common: IDataObject = { outcome: answer.outcome, orderKey: answer.orderKey ?? null };
	if (answer.kind === 'redirect')
		return {
			output: 1,
			json: { ...common, statusCode: answer.statusCode, location: answer.location, headers: answer.headers },
		};
	return {
		output: 0,
		json: {
			...common,
			statusCode: answer.statusCode,
			locale: answer.locale,
			headers: answer.headers,
			body: answer.body,
		},
	};
};
