import type { TrackingEvent } from '../../order/types';
import { parseEstimate, parseOffsetDateTime, withOffset } from '../carriers/dates';
import { buildFoundResult, buildNotFoundResult, formatLocation } from '../carriers/result';
import type { TrackResult } from '../carriers/types';
import { mapUspsCategory, mapUspsEvent } from './status';

/** The parts of USPS TrackingDetail we read (tracking-v3r2_4.yaml). */
export interface UspsTrackingDetail {
	trackingNumber?: string;
	status?: string;
	statusCategory?: string;
	statusSummary?: string;
	statusCode?: string;
	deliveryDateExpectation?: { expectedDeliveryDate?: string; predictedDeliveryDate?: string };
	trackingEvents?: Array<{
		eventCode?: string;
		eventType?: string;
		eventTimestamp?: string;
		GMTTimestamp?: string;
		GMTOffset?: string;
		eventCity?: string;
		eventState?: string;
		eventZIPCode?: string;
		eventCountry?: string;
	}>;
	error?: { code?: string; message?: string };
}

/** eventTimestamp is local (sometimes with offset); GMTOffset places it; GMTTimestamp is the fallback. */
function eventInstant(event: NonNullable<UspsTrackingDetail['trackingEvents']>[number]): string | null {
	return parseOffsetDateTime(event.eventTimestamp) ?? withOffset(event.eventTimestamp, event.GMTOffset) ?? parseOffsetDateTime(event.GMTTimestamp);
}

export function normaliseUspsDetail(trackingNumber: string, detail: UspsTrackingDetail | undefined): TrackResult {
	if (!detail) return buildNotFoundResult('usps', trackingNumber, '404', 'USPS returned nothing for this number.');
	if (detail.error || (detail.statusCode && detail.statusCode !== '200'))
		return buildNotFoundResult('usps', trackingNumber, detail.error?.code ?? detail.statusCode ?? '404', detail.error?.message ?? 'USPS could not find this tracking number.');

	const warnings: string[] = [];
	const events: TrackingEvent[] = [];
	(detail.trackingEvents ?? []).forEach((event, index) => {
		const at = eventInstant(event);
		if (!at) {
			warnings.push(`trackingEvents[${index}].eventTimestamp "${event.eventTimestamp ?? ''}" (GMTOffset "${event.GMTOffset ?? ''}", GMTTimestamp "${event.GMTTimestamp ?? ''}") is not a usable date-time; that scan ("${event.eventType ?? ''}") is left out of the timeline.`);
			return;
		}
		events.push({
			at,
			status: mapUspsEvent(event.eventCode, event.eventType),
			code: event.eventCode ?? null,
			description: event.eventType ?? null,
			location: formatLocation({ city: event.eventCity, state: event.eventState, postalCode: event.eventZIPCode, country: event.eventCountry }),
		});
	});

	const rawEstimate = detail.deliveryDateExpectation?.expectedDeliveryDate ?? detail.deliveryDateExpectation?.predictedDeliveryDate;
	const estimatedDelivery = parseEstimate(rawEstimate);
	if (rawEstimate && !estimatedDelivery) warnings.push(`deliveryDateExpectation "${rawEstimate}" is not a date; no estimate is reported.`);

	let status = mapUspsCategory(detail.statusCategory);
	if (status === 'unknown' && events[0]) status = events[0].status;
	return buildFoundResult({
		trackingNumber,
		carrier: 'usps',
		status,
		rawStatus: detail.statusCategory ?? detail.status ?? '',
		statusDescription: detail.statusSummary ?? detail.status ?? null,
		events,
		estimatedDelivery,
		warnings,
	});
}
