/**
 * What the trigger does with one ShipStation notification once the token matched: check the body,
 * refuse a resource_url that is not ShipStation's API (no request made), follow its pages, and turn
 * every order or shipment into an observation. Per-record failures are reported beside the others,
 * never dropped; a fetch that fails part-way reports where to resume.
 */
import type { Observation } from '../../order/types';
import { ValidationError } from '../../http/errors';
import type { ShipStationV1Client } from './client';
import { orderToObservation, shipmentToObservation } from './normalise';
import { PaginationError } from './paginate';
import type { SsOrder, SsShipment, SsWebhookEvent } from './types';
import { checkResourceUrl, parseWebhookBody } from './webhook';

export interface NotificationRecord {
	resourceType: SsWebhookEvent;
	orderKey?: string;
	observation?: Observation<'fulfillment'> | Observation<'shipment'>;
	/** The ShipStation record as fetched. */
	record: SsOrder | SsShipment;
	/** Set when this one record could not be normalised (the others still are). */
	error?: string;
	errorField?: string | null;
}

export type NotificationOutcome =
	| { kind: 'invalid'; error: string; field: string | null }
	| { kind: 'refused'; resourceUrl: string; resourceType: string; reason: string }
	| {
			kind: 'fetched';
			resourceUrl: string;
			resourceType: SsWebhookEvent;
			records: NotificationRecord[];
			/** Set when ShipStation failed part-way: what was read is in records; resume from this page. */
			fetchError?: { message: string; resumeFromPage: number };
	  };

export async function handleNotification(
	body: unknown,
	client: ShipStationV1Client,
	receivedAt: string,
): Promise<NotificationOutcome> {
	let parsed;
	try {
		parsed = parseWebhookBody(body);
	} catch (error) {
		if (error instanceof ValidationError) return { kind: 'invalid', error: error.message, field: error.field ?? null };
		throw error;
	}
	const check = checkResourceUrl(parsed.resourceUrl, client.baseUrl);
	if (!check.ok || !check.url || !check.kind) {
		return {
			kind: 'refused',
			resourceUrl: parsed.resourceUrl,
			resourceType: parsed.resourceType,
			reason: check.reason ?? 'not the ShipStation API',
		};
	}
	const records: NotificationRecord[] = [];
	const outcome: NotificationOutcome = {
		kind: 'fetched',
		resourceUrl: parsed.resourceUrl,
		resourceType: parsed.resourceType,
		records,
	};
	try {
		for await (const page of client.iterateResource<SsOrder | SsShipment>(check.url, check.kind)) {
			for (const record of page.items)
				records.push(normaliseRecord(record, check.kind, parsed.resourceType, receivedAt));
		}
	} catch (error) {
		if (error instanceof PaginationError)
			outcome.fetchError = { message: error.message, resumeFromPage: error.resumeFromPage };
		else if (error instanceof ValidationError) outcome.fetchError = { message: error.message, resumeFromPage: 1 };
		else throw error;
	}
	return outcome;
}

function normaliseRecord(
	record: SsOrder | SsShipment,
	kind: 'orders' | 'shipments',
	resourceType: SsWebhookEvent,
	receivedAt: string,
): NotificationRecord {
	try {
		const observation =
			kind === 'shipments'
				? shipmentToObservation(record as SsShipment, receivedAt)
				: orderToObservation(record as SsOrder, receivedAt);
		return { resourceType, orderKey: observation.orderKey, observation, record };
	} catch (error) {
		return {
			resourceType,
			record,
			error: (error as Error).message,
			errorField: (error as ValidationError).field ?? null,
		};
	}
}
