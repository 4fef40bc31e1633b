import type { TrackingEvent } from '../../order/types';
import { parseEstimate, parseOffsetDateTime } from '../carriers/dates';
import { buildFoundResult, buildNotFoundResult, formatLocation } from '../carriers/result';
import type { TrackResult } from '../carriers/types';
import { mapFedExStatus } from './status';

/** The parts of FedEx's TrackResult we read (TrackingNumbers-Resource.json, components.schemas.TrackResult). */
export interface FedExTrackResult {
	trackingNumberInfo?: { trackingNumber?: string; carrierCode?: string };
	latestStatusDetail?: { code?: string; derivedCode?: string; statusByLocale?: string; description?: string };
	dateAndTimes?: Array<{ type?: string; dateTime?: string }>;
	estimatedDeliveryTimeWindow?: { window?: { begins?: string; ends?: string } };
	scanEvents?: Array<{
		date?: string;
		eventType?: string;
		eventDescription?: string;
		exceptionDescription?: string;
		derivedStatusCode?: string;
		scanLocation?: { city?: string; stateOrProvinceCode?: string; postalCode?: string; countryCode?: string };
	}>;
	error?: { code?: string; message?: string };
}

export interface FedExCompleteTrackResult {
	trackingNumber?: string;
	trackResults?: FedExTrackResult[];
}

export function normaliseFedExResult(trackingNumber: string, complete: FedExCompleteTrackResult | undefined): TrackResult {
	const track = complete?.trackResults?.[0];
	if (!track) return buildNotFoundResult('fedex', trackingNumber, 'NO.RESULT', 'FedEx returned no track result for this number.');
	if (track.error?.code) return buildNotFoundResult('fedex', trackingNumber, track.error.code, track.error.message ?? track.error.code);

	const warnings: string[] = [];
	if ((complete?.trackResults?.length ?? 0) > 1)
		warnings.push(`FedEx knows ${complete!.trackResults!.length} shipments with this number; the first (most recent) is used.`);

	const events: TrackingEvent[] = [];
	(track.scanEvents ?? []).forEach((scan, index) => {
		const at = parseOffsetDateTime(scan.date);
		if (!at) {
			warnings.push(`scanEvents[${index}].date "${scan.date ?? ''}" is not a date-time with a zone offset; that scan ("${scan.eventDescription ?? ''}") is left out of the timeline.`);
			return;
		}
		const code = scan.derivedStatusCode || scan.eventType || null;
		events.push({
			at,
			status: mapFedExStatus(code),
			code: scan.eventType ?? code,
			description: [scan.eventDescription, scan.exceptionDescription].filter((v) => v).join(': ') || null,
			location: formatLocation({
				city: scan.scanLocation?.city,
				state: scan.scanLocation?.stateOrProvinceCode,
				postalCode: scan.scanLocation?.postalCode,
				country: scan.scanLocation?.countryCode,
			}),
		});
	});

	const dateOf = (type: string) => track.dateAndTimes?.find((d) => d.type === type)?.dateTime;
	const rawEstimate = dateOf('ESTIMATED_DELIVERY') ?? track.estimatedDeliveryTimeWindow?.window?.ends ?? undefined;
	const estimatedDelivery = parseEstimate(rawEstimate);
	if (rawEstimate && !estimatedDelivery) warnings.push(`estimated delivery "${rawEstimate}" is not a date; no estimate is reported.`);

	const rawDelivered = dateOf('ACTUAL_DELIVERY');
	const deliveredAt = parseOffsetDateTime(rawDelivered);
	if (rawDelivered && !deliveredAt && !parseEstimate(rawDelivered))
		warnings.push(`dateAndTimes ACTUAL_DELIVERY "${rawDelivered}" is not a date-time; the delivery scan time is used instead.`);

	const rawStatus = track.latestStatusDetail?.derivedCode || track.latestStatusDetail?.code || '';
	return buildFoundResult({
		trackingNumber,
		carrier: 'fedex',
		status: mapFedExStatus(rawStatus),
		rawStatus,
		statusDescription: track.latestStatusDetail?.statusByLocale ?? track.latestStatusDetail?.description ?? null,
		events,
		estimatedDelivery,
		deliveredAt,
		warnings,
	});
}
