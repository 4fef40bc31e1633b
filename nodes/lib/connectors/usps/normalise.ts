import type { TrackingEvent } from '../../order/types';
import { DateTime } from 'luxon';
import { normaliseOffset, parseDateOnly, parseOffsetDateTime, withOffset } from '../carriers/dates';
import { buildFoundResult, buildNotFoundResult, formatLocation } from '../carriers/result';
import { destinationZoneOf, endOfDayScan, placedScan, promiseReader, readPromise, wallTimeAt } from '../carriers/times';
import { isLocalDateTime, zoneOfScan, type Place } from '../carriers/zones';
import type { TrackResult } from '../carriers/types';
import { list, obj } from '../shape';
import { mapUspsCategory, mapUspsEvent } from './status';

/** The parts of USPS TrackingDetail we read (tracking-v3r2_4.yaml). */
export interface UspsTrackingDetail {
	trackingNumber?: string;
	status?: string;
	statusCategory?: string;
	statusSummary?: string;
	statusCode?: string;
	destinationCity?: string;
	destinationState?: string;
	destinationZIPCode?: string;
	destinationCountry?: string;
	deliveryDateExpectation?: {
		expectedDeliveryDate?: string;
		predictedDeliveryDate?: string;
		guaranteedDeliveryDate?: string;
		predictedDeliveryWindowStartTime?: string;
		predictedDeliveryWindowEndTime?: string;
	};
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

/** UspsTrackingDetail as a checkable shape: what the tracker and normaliseUspsDetail read. */
export const USPS_TRACKING_DETAIL = obj({
	trackingNumber: 'string',
	status: 'string',
	statusCategory: 'string',
	statusSummary: 'string',
	statusCode: 'string',
	destinationCity: 'string',
	destinationState: 'string',
	destinationZIPCode: 'string',
	destinationCountry: 'string',
	deliveryDateExpectation: obj({
		expectedDeliveryDate: 'string',
		predictedDeliveryDate: 'string',
		guaranteedDeliveryDate: 'string',
		predictedDeliveryWindowStartTime: 'string',
		predictedDeliveryWindowEndTime: 'string',
	}),
	trackingEvents: list(
		obj({
			eventCode: 'string',
			eventType: 'string',
			eventTimestamp: 'string',
			GMTTimestamp: 'string',
			GMTOffset: 'string',
			eventCity: 'string',
			eventState: 'string',
			eventZIPCode: 'string',
			eventCountry: 'string',
		}),
	),
	error: obj({ code: 'string', message: 'string' }),
});

type UspsEvent = NonNullable<UspsTrackingDetail['trackingEvents']>[number];

/** GMTTimestamp is the instant (written at the event's GMTOffset); eventTimestamp is the local wall clock. */
function eventInstant(event: UspsEvent): string | null {
	const gmt = parseOffsetDateTime(event.GMTTimestamp);
	const offset = normaliseOffset(event.GMTOffset);
	if (gmt) {
		const dt = DateTime.fromISO(gmt, { setZone: true });
		const shown = offset ? dt.setZone(`UTC${offset}`) : dt;
		return (shown.isValid ? shown : dt).toISO({ suppressMilliseconds: true });
	}
	return parseOffsetDateTime(event.eventTimestamp) ?? withOffset(event.eventTimestamp, event.GMTOffset);
}

function eventPlace(event: UspsEvent): Place {
	const country = event.eventCountry?.trim() || (event.eventState?.trim() ? 'US' : null);
	// Facility events name the facility in eventCity ('RENO NV DISTRIBUTION CENTER'): read it as a locality too.
	return {
		city: event.eventCity ?? null,
		locality: event.eventCity ?? null,
		state: event.eventState ?? null,
		postalCode: event.eventZIPCode ?? null,
		country,
	};
}

/** Event statuses that say more than the category "Alert" does. */
const NARROWER_THAN_ALERT = new Set(['failed_attempt', 'available_for_pickup', 'returned_to_sender']);

export function normaliseUspsDetail(trackingNumber: string, detail: UspsTrackingDetail | undefined): TrackResult {
	if (!detail) return buildNotFoundResult('usps', trackingNumber, '404', 'USPS returned nothing for this number.');
	if (detail.error || (detail.statusCode && detail.statusCode !== '200'))
		return buildNotFoundResult(
			'usps',
			trackingNumber,
			detail.error?.code ?? detail.statusCode ?? '404',
			detail.error?.message ?? 'USPS could not find this tracking number.',
		);

	const warnings: string[] = [];
	const events: TrackingEvent[] = [];
	(detail.trackingEvents ?? []).forEach((event, index) => {
		const status = mapUspsEvent(event.eventCode, event.eventType);
		const raw = typeof event.eventTimestamp === 'string' ? event.eventTimestamp.trim() : null;
		const scan = {
			status,
			// An event with a date and no time of day is USPS's systems speaking, not a scan of the item.
			physicalScan: status !== 'pre_transit' && !(parseDateOnly(raw) && !event.GMTTimestamp),
			code: event.eventCode ?? null,
			description: event.eventType ?? null,
			location: formatLocation({
				city: event.eventCity,
				state: event.eventState,
				postalCode: event.eventZIPCode,
				country: event.eventCountry,
			}),
		};
		const at = eventInstant(event);
		if (at) {
			const dt = DateTime.fromISO(at, { setZone: true });
			events.push({
				...scan,
				at,
				localTime: raw && !parseOffsetDateTime(raw) ? raw : null,
				timeZone: zoneOfScan(eventPlace(event), dt.toMillis(), dt.offset),
			});
			return;
		}
		// No GMT fields: the wall time is local to the event's city; a date alone is read at the end of that day.
		const date = parseDateOnly(raw);
		const placed = isLocalDateTime(raw)
			? placedScan(raw, eventPlace(event), scan)
			: date
				? endOfDayScan(date, eventPlace(event), scan)
				: null;
		if (!placed) {
			warnings.push(
				`trackingEvents[${index}].eventTimestamp "${event.eventTimestamp ?? ''}" (GMTOffset ` +
					`"${event.GMTOffset ?? ''}", GMTTimestamp "${event.GMTTimestamp ?? ''}") is not a usable date-time; that ` +
					`scan ("${event.eventType ?? ''}") is left out of the timeline.`,
			);
			return;
		}
		if (placed.uncertain)
			warnings.push(
				`trackingEvents[${index}].eventTimestamp "${raw}" has no GMT time${date ? ' and no time of day' : ''}; ` +
					`the scan is kept at the latest instant it can mean (${placed.event.at}).`,
			);
		events.push(placed.event);
	});

	const destinationCountry =
		detail.destinationCountry?.trim() || (detail.destinationState || detail.destinationZIPCode ? 'US' : null);
	const destination = destinationZoneOf(
		detail.destinationCity || detail.destinationState || detail.destinationZIPCode
			? {
					city: detail.destinationCity ?? null,
					state: detail.destinationState ?? null,
					postalCode: detail.destinationZIPCode ?? null,
					country: destinationCountry,
				}
			: null,
	);
	if (destination.warning) warnings.push(destination.warning);
	const zone = destination.zone;
	const expectation = detail.deliveryDateExpectation;
	const read = promiseReader(zone, warnings, 'deliveryDateExpectation.');
	// USPS dates are days (format: date): the end of that day at the destination is when they pass.
	const estimatedDelivery = expectation?.expectedDeliveryDate
		? read('expectedDeliveryDate', expectation.expectedDeliveryDate)
		: read('predictedDeliveryDate', expectation?.predictedDeliveryDate);
	// The guarantee may be a date, a date-time or words ("2 Business Days"); words are no commitment we can time.
	const guarantee = expectation?.guaranteedDeliveryDate;
	const commitment =
		guarantee && /^\d{4}-\d{2}-\d{2}/.test(guarantee.trim()) ? read('guaranteedDeliveryDate', guarantee) : null;
	const windowDate =
		parseDateOnly(expectation?.predictedDeliveryDate) ?? parseDateOnly(expectation?.expectedDeliveryDate);
	const windowEdge = (field: string, raw: string | undefined) => {
		if (!raw || raw.trim() === '') return null;
		const full = readPromise(raw, zone);
		if (full.value && !full.invalid && /T/.test(raw)) return full.value;
		const local = windowDate ? localOnDate(windowDate, raw) : null;
		const placed = local ? wallTimeAt(local, zone) : null;
		if (!placed)
			warnings.push(`deliveryDateExpectation.${field} "${raw}" is not a time we can read; it is not reported.`);
		return placed?.at ?? null;
	};
	const from = windowEdge('predictedDeliveryWindowStartTime', expectation?.predictedDeliveryWindowStartTime);
	const to = windowEdge('predictedDeliveryWindowEndTime', expectation?.predictedDeliveryWindowEndTime);
	const estimatedWindow = from || to ? { from, to } : null;

	let status = mapUspsCategory(detail.statusCategory);
	// A broad category ("Alert") or none: the newest event says which (a notice left is a failed attempt).
	const newest = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
	if (newest && (status === 'unknown' || (status === 'exception' && NARROWER_THAN_ALERT.has(newest.status))))
		status = newest.status;
	return buildFoundResult({
		trackingNumber,
		carrier: 'usps',
		status,
		rawStatus: detail.statusCategory ?? detail.status ?? '',
		statusDescription: detail.statusSummary ?? detail.status ?? null,
		events,
		estimatedDelivery,
		estimatedWindow,
		commitment,
		destinationTimeZone: zone,
		warnings,
	});
}

/** '2026-12-03' + '2:00 PM' / '14:00' / '140000' -> '2026-12-03T14:00:00'; null when the time is not one. */
function localOnDate(date: string, time: string): string | null {
	const text = time.trim().toUpperCase();
	const match = /^(\d{1,2}):?(\d{2})(?::?(\d{2}))?\s*(AM|PM)?$/.exec(text);
	if (!match) return null;
	let hour = Number(match[1]);
	if (match[4] === 'PM' && hour < 12) hour += 12;
	if (match[4] === 'AM' && hour === 12) hour = 0;
	if (hour > 23 || Number(match[2]) > 59) return null;
	return `${date}T${String(hour).padStart(2, '0')}:${match[2]}:${match[3] ?? '00'}`;
}
