import { DateTime } from 'luxon';
import type { TrackingEvent } from '../../order/types';
import { parseOffsetDateTime } from '../carriers/dates';
import { buildFoundResult, buildNotFoundResult, formatLocation } from '../carriers/result';
import { destinationZoneOf, placedScan, promiseReader, wallTimeAt } from '../carriers/times';
import { isLocalDateTime, zoneOfScan, type Place } from '../carriers/zones';
import type { TrackResult } from '../carriers/types';
import { list, obj } from '../shape';
import { mapFedExStatus } from './status';

interface FedExAddress {
	city?: string;
	stateOrProvinceCode?: string;
	postalCode?: string;
	countryCode?: string;
	countryName?: string;
}

interface FedExTimeWindow {
	type?: string;
	window?: { begins?: string; ends?: string };
}

/** The parts of FedEx's TrackResult we read (TrackingNumbers-Resource.json, components.schemas.TrackResult). */
export interface FedExTrackResult {
	trackingNumberInfo?: { trackingNumber?: string; carrierCode?: string };
	latestStatusDetail?: { code?: string; derivedCode?: string; statusByLocale?: string; description?: string };
	dateAndTimes?: Array<{ type?: string; dateTime?: string }>;
	estimatedDeliveryTimeWindow?: FedExTimeWindow;
	standardTransitTimeWindow?: FedExTimeWindow;
	recipientInformation?: { address?: FedExAddress };
	destinationLocation?: { locationContactAndAddress?: { address?: FedExAddress } };
	lastUpdatedDestinationAddress?: FedExAddress;
	scanEvents?: Array<{
		date?: string;
		eventType?: string;
		eventDescription?: string;
		exceptionDescription?: string;
		derivedStatusCode?: string;
		scanLocation?: FedExAddress;
	}>;
	error?: { code?: string; message?: string };
}

export interface FedExCompleteTrackResult {
	trackingNumber?: string;
	trackResults?: FedExTrackResult[];
}

const FEDEX_ADDRESS = obj({
	city: 'string',
	stateOrProvinceCode: 'string',
	postalCode: 'string',
	countryCode: 'string',
	countryName: 'string',
});
const FEDEX_WINDOW = obj({ type: 'string', window: obj({ begins: 'string', ends: 'string' }) });
/** What the FedEx tracker and normaliseFedExResult read (the answer of POST /track/v1/trackingnumbers). */
export const FEDEX_TRACK_RESPONSE = obj({
	output: obj({
		completeTrackResults: list(
			obj({
				trackingNumber: 'string',
				trackResults: list(
					obj({
						trackingNumberInfo: obj({ trackingNumber: 'string', carrierCode: 'string' }),
						latestStatusDetail: obj({
							code: 'string',
							derivedCode: 'string',
							statusByLocale: 'string',
							description: 'string',
						}),
						dateAndTimes: list(obj({ type: 'string', dateTime: 'string' })),
						estimatedDeliveryTimeWindow: FEDEX_WINDOW,
						standardTransitTimeWindow: FEDEX_WINDOW,
						recipientInformation: obj({ address: FEDEX_ADDRESS }),
						destinationLocation: obj({ locationContactAndAddress: obj({ address: FEDEX_ADDRESS }) }),
						lastUpdatedDestinationAddress: FEDEX_ADDRESS,
						scanEvents: list(
							obj({
								date: 'string',
								eventType: 'string',
								eventDescription: 'string',
								exceptionDescription: 'string',
								derivedStatusCode: 'string',
								scanLocation: FEDEX_ADDRESS,
							}),
						),
						error: obj({ code: 'string', message: 'string' }),
					}),
				),
			}),
		),
	}),
});

export function normaliseFedExResult(
	trackingNumber: string,
	complete: FedExCompleteTrackResult | undefined,
): TrackResult {
	const track = complete?.trackResults?.[0];
	if (!track)
		return buildNotFoundResult('fedex', trackingNumber, 'NO.RESULT', 'FedEx returned no track result for this number.');
	if (track.error?.code)
		return buildNotFoundResult('fedex', trackingNumber, track.error.code, track.error.message ?? track.error.code);

	const warnings: string[] = [];
	if ((complete?.trackResults?.length ?? 0) > 1)
		warnings.push(
			`FedEx knows ${complete!.trackResults!.length} shipments with this number; the first (most recent) is used.`,
		);

	const events: TrackingEvent[] = [];
	(track.scanEvents ?? []).forEach((scan, index) => {
		const code = scan.derivedStatusCode || scan.eventType || null;
		const location = scan.scanLocation ?? {};
		const status = mapFedExStatus(code);
		const event = {
			status,
			physicalScan: status !== 'pre_transit',
			code: scan.eventType ?? code,
			description: [scan.eventDescription, scan.exceptionDescription].filter((v) => v).join(': ') || null,
			location: formatLocation({
				city: location.city,
				state: location.stateOrProvinceCode,
				postalCode: location.postalCode,
				country: location.countryCode,
			}),
		};
		const at = parseOffsetDateTime(scan.date);
		if (at) {
			const dt = DateTime.fromISO(at, { setZone: true });
			events.push({ ...event, at, timeZone: zoneOfScan(placeOf(location), dt.toMillis(), dt.offset) });
			return;
		}
		// FedEx documents scan dates with their offset; one without is local to the scan location.
		const placed = isLocalDateTime(scan.date) ? placedScan(scan.date, placeOf(location), event) : null;
		if (!placed) {
			warnings.push(
				`scanEvents[${index}].date "${scan.date ?? ''}" is not a date-time; that scan ` +
					`("${scan.eventDescription ?? ''}") is left out of the timeline.`,
			);
			return;
		}
		if (placed.uncertain)
			warnings.push(
				`scanEvents[${index}].date "${scan.date}" has no offset and the zone of ` +
					`"${event.location ?? 'its location'}" cannot be pinned down; the scan is kept at the latest instant it ` +
					`can mean.`,
			);
		events.push(placed.event);
	});

	// Where it is going decides when a date-only promise ends: the newest delivery address FedEx knows.
	const address = [
		track.lastUpdatedDestinationAddress,
		track.recipientInformation?.address,
		track.destinationLocation?.locationContactAndAddress?.address,
	].find((a) => a && (a.city || a.stateOrProvinceCode || a.postalCode || a.countryCode));
	const destination = destinationZoneOf(address ? placeOf(address) : null);
	if (destination.warning) warnings.push(destination.warning);
	const zone = destination.zone;
	const read = promiseReader(zone, warnings);
	const dateOf = (type: string) => track.dateAndTimes?.find((d) => d.type === type)?.dateTime;
	const windowOf = (name: string, w: FedExTimeWindow | undefined) =>
		w?.window?.begins || w?.window?.ends
			? { from: read(`${name}.window.begins`, w.window.begins), to: read(`${name}.window.ends`, w.window.ends) }
			: null;

	const estimatedWindow = windowOf('estimatedDeliveryTimeWindow', track.estimatedDeliveryTimeWindow);
	const standardWindow = windowOf('standardTransitTimeWindow', track.standardTransitTimeWindow);
	// An absent estimate is only an absent estimate: nothing below reads delivery from it.
	const estimatedDelivery = dateOf('ESTIMATED_DELIVERY')
		? read('dateAndTimes ESTIMATED_DELIVERY', dateOf('ESTIMATED_DELIVERY'))
		: (estimatedWindow?.to ?? null);
	// COMMITMENT is the promise FedEx made at shipping; the standard transit window states the same promise.
	const commitment = dateOf('COMMITMENT')
		? read('dateAndTimes COMMITMENT', dateOf('COMMITMENT'))
		: (standardWindow?.to ?? null);

	const rawDelivered = dateOf('ACTUAL_DELIVERY');
	let deliveredAt = parseOffsetDateTime(rawDelivered);
	if (!deliveredAt && isLocalDateTime(rawDelivered)) {
		const placed = wallTimeAt(rawDelivered, zone);
		if (placed && !placed.uncertain) deliveredAt = placed.at;
	}
	if (rawDelivered && !deliveredAt)
		warnings.push(
			`dateAndTimes ACTUAL_DELIVERY "${rawDelivered}" cannot be placed on the timeline; the delivery scan time ` +
				`is used instead.`,
		);

	const rawStatus = track.latestStatusDetail?.derivedCode || track.latestStatusDetail?.code || '';
	return buildFoundResult({
		trackingNumber,
		carrier: 'fedex',
		status: mapFedExStatus(rawStatus),
		rawStatus,
		statusDescription: track.latestStatusDetail?.statusByLocale ?? track.latestStatusDetail?.description ?? null,
		events,
		estimatedDelivery,
		estimatedWindow,
		commitment,
		destinationTimeZone: zone,
		deliveredAt,
		warnings,
	});
}

function placeOf(address: FedExAddress): Place {
	return {
		city: address.city ?? null,
		state: address.stateOrProvinceCode ?? null,
		postalCode: address.postalCode ?? null,
		countryCode: address.countryCode ?? null,
		country: address.countryName ?? null,
	};
}
