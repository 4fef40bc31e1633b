/**
 * The ledger event of a customer's request (issue 17): the request as asked, and each outcome it reaches. The
 * event processor reconciles its edit_request observation into the order; `request` keeps what was asked (the
 * new address), so a person approving it later changes exactly that.
 */
import type { NewEvent } from '../ledger/types';
import type { EditRequestData, Observation } from '../order/types';
import type { RequestKind } from './decide';

/** The record's edit field of each kind of request, and back (the record keeps fields, the pages speak of kinds). */
export const FIELD_OF_KIND: Record<RequestKind, EditRequestData['field']> = {
	address_change: 'shipping_address',
	cancel: 'cancel',
	swap: 'line_items',
};

export function kindOfField(field: EditRequestData['field'] | undefined | null): RequestKind {
	if (field === 'cancel') return 'cancel';
	return field === 'line_items' ? 'swap' : 'address_change';
}

/** What a request of each kind is called in an error or a log line. */
export const KIND_WORDS: Record<RequestKind, string> = {
	address_change: 'address change',
	cancel: 'cancellation',
	swap: 'item swap',
};

/**
 * `customer:<requestId>:<outcome>`; a person's decision adds its attempt (`:<n>`), since a request may fail
 * under a person and be decided again.
 */
export function requestEvent(
	orderKey: string,
	requestId: string,
	data: EditRequestData,
	occurredAt: string,
	/** What was asked, kept for a person deciding later: the new address; a cancellation's reason. */
	request: Record<string, unknown>,
	attempt?: number,
): NewEvent {
	const base = `customer:${requestId}:${data.outcome ?? (data.applied ? 'applied' : 'pending')}`;
	const key = attempt === undefined ? base : `${base}:${attempt}`;
	const observation: Observation<'edit_request'> = {
		source: 'customer',
		sourceId: requestId,
		orderKey,
		kind: 'edit_request',
		occurredAt,
		receivedAt: occurredAt,
		key,
		data,
	};
	return {
		key,
		source: 'customer',
		topic: `self_service/${kindOfField(data.field)}`,
		orderKey,
		payload: { observations: [observation], request },
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request and its data an event of ours carries (null for a decision claim or any other event). */
export function requestDataOf(event: Pick<NewEvent, 'payload'>): { requestId: string; data: EditRequestData } | null {
	const payload = isRecord(event.payload) ? event.payload : {};
	const observations = Array.isArray(payload.observations) ? (payload.observations as Observation[]) : [];
	const obs = observations.find((o) => isRecord(o) && o.kind === 'edit_request');
	if (!obs) return null;
	return { requestId: String(obs.sourceId), data: obs.data as EditRequestData };
}

/** The newest outcome recorded for one request among the order's events (null: none yet). */
export function newestOutcomeOf(
	events: ReadonlyArray<Pick<NewEvent, 'payload' | 'key'>>,
	requestId: string,
): EditRequestData | null {
	let newest: { at: string; key: string; data: EditRequestData } | null = null;
	for (const event of events) {
		const found = requestDataOf(event);
		if (!found || found.requestId !== requestId || found.data.outcome === undefined) continue;
		const at = String(found.data.decidedAt ?? '');
		if (!newest || at > newest.at || (at === newest.at && event.key > newest.key))
			newest = { at, key: event.key, data: found.data };
	}
	return newest?.data ?? null;
}

/**
 * The order's requests still with a person (newest outcome approval or failed), from its events: what the record
 * will say once the event processor has reconciled them, known before it has.
 */
export function waitingRequestsOf(
	events: ReadonlyArray<Pick<NewEvent, 'payload' | 'key'>>,
): Array<{ requestId: string; field: EditRequestData['field']; outcome: 'approval' | 'failed' }> {
	const ids = new Set<string>();
	for (const event of events) {
		const found = requestDataOf(event);
		if (found) ids.add(found.requestId);
	}
	const out: Array<{ requestId: string; field: EditRequestData['field']; outcome: 'approval' | 'failed' }> = [];
	for (const requestId of ids) {
		const newest = newestOutcomeOf(events, requestId);
		if (newest?.outcome === 'approval' || newest?.outcome === 'failed')
			out.push({ requestId, field: newest.field, outcome: newest.outcome });
	}
	return out;
}
