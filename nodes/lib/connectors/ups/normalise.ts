import { DateTime } from 'luxon';
import type { TrackingEvent } from '../../order/types';
import { compactToLocalIso, normaliseOffset, parseDateOnly, withOffset } from '../carriers/dates';
import { buildFoundResult, buildNotFoundResult, formatLocation } from '../carriers/result';
import { destinationZoneOf, placedScan, wallTimeAt } from '../carriers/times';
import { zoneOfScan, type Place } from '../carriers/zones';
import type { TrackResult } from '../carriers/types';
import { expectShape, list, obj } from '../shape';
import { mapUpsStatus } from './status';

interface UpsStatus {
	type?: string;
	code?: string;
	description?: string;
	statusCode?: string;
}

interface UpsAddress {
	city?: string;
	stateProvince?: string;
	postalCode?: string;
	countryCode?: string;
	country?: string;
}

/** The parts of UPS's Package we read (Tracking.yaml components.schemas.Package / Activity). */
export interface UpsPackage {
	trackingNumber?: string;
	currentStatus?: UpsStatus;
	activity?: Array<{
		date?: string;
		time?: string;
		gmtDate?: string;
		gmtTime?: string;
		gmtOffset?: string;
		status?: UpsStatus;
		location?: { address?: UpsAddress };
		logicalScan?: boolean;
	}>;
	deliveryDate?: Array<{ type?: string; date?: string }>;
	deliveryTime?: { type?: string; startTime?: string; endTime?: string };
	packageAddress?: Array<{ type?: string; address?: UpsAddress }>;
	accessPointInformation?: { pickupByDate?: string };
}

export interface UpsTrackResponse {
	trackResponse?: {
		shipment?: Array<{
			inquiryNumber?: string;
			package?: UpsPackage[];
			warnings?: Array<{ code?: string; message?: string }>;
		}>;
	};
}

const UPS_STATUS = obj({ type: 'string', code: 'string', description: 'string', statusCode: 'string' });
const UPS_ADDRESS = obj({
	city: 'string',
	stateProvince: 'string',
	postalCode: 'string',
	countryCode: 'string',
	country: 'string',
});
/** What normaliseUpsResponse reads (UpsTrackResponse as a checkable shape). */
const UPS_TRACK_RESPONSE = obj({
	trackResponse: obj({
		shipment: list(
			obj({
				inquiryNumber: 'string',
				package: list(
					obj({
						trackingNumber: 'string',
						currentStatus: UPS_STATUS,
						activity: list(
							obj({
								date: 'string',
								time: 'string',
								gmtDate: 'string',
								gmtTime: 'string',
								gmtOffset: 'string',
								status: UPS_STATUS,
								location: obj({ address: UPS_ADDRESS }),
								logicalScan: 'boolean',
							}),
						),
						deliveryDate: list(obj({ type: 'string', date: 'string' })),
						deliveryTime: obj({ type: 'string', startTime: 'string', endTime: 'string' }),
						packageAddress: list(obj({ type: 'string', address: UPS_ADDRESS })),
						accessPointInformation: obj({ pickupByDate: 'string' }),
					}),
				),
				warnings: list(obj({ code: 'string', message: 'string' })),
			}),
		),
	}),
});

export function normaliseUpsResponse(trackingNumber: string, body: UpsTrackResponse | undefined): TrackResult {
	expectShape(body ?? {}, UPS_TRACK_RESPONSE, 'The UPS tracking answer');
	const shipment = body?.trackResponse?.shipment?.[0];
	const pkg = shipment?.package?.[0];
	if (!pkg) {
		const warning = shipment?.warnings?.[0];
		return buildNotFoundResult(
			'ups',
			trackingNumber,
			warning?.code ?? 'NO.PACKAGE',
			warning?.message ?? 'UPS returned no package for this number.',
		);
	}
	const warnings: string[] = [];
	const events: TrackingEvent[] = [];
	(pkg.activity ?? []).forEach((activity, index) => {
		const address = activity.location?.address;
		const status = mapUpsStatus(activity.status);
		const scan = {
			status,
			// Tracking.yaml Activity.logicalScan: "true for logical event, false for physical event".
			physicalScan: activity.logicalScan !== true && status !== 'pre_transit',
			code: activity.status?.code ?? activity.status?.type ?? null,
			description: activity.status?.description?.trim() || null,
			location: formatLocation({
				city: address?.city,
				state: address?.stateProvince,
				postalCode: address?.postalCode,
				country: address?.countryCode ?? address?.country,
			}),
		};
		const local = compactToLocalIso(activity.date, activity.time);
		// date/time are the scan location's wall clock; gmtDate/gmtTime are the same moment in GMT and decide the instant.
		const at = instantOfActivity(activity) ?? (local ? withOffset(local, activity.gmtOffset) : null);
		if (at) {
			if (!local && (activity.date || activity.time))
				warnings.push(
					`activity[${index}] local date "${activity.date ?? ''}" time "${activity.time ?? ''}" is not a ` +
						`date-time; the scan is placed by its GMT time (gmtDate "${activity.gmtDate}", gmtTime ` +
						`"${activity.gmtTime}").`,
				);
			events.push({ ...scan, at, localTime: local, timeZone: scanZone(at, placeOf(address)) });
			return;
		}
		const placed = local ? placedScan(local, placeOf(address), scan) : null;
		if (!placed) {
			warnings.push(
				`activity[${index}] date "${activity.date ?? ''}" time "${activity.time ?? ''}" offset ` +
					`"${activity.gmtOffset ?? ''}" is not a usable date-time; that scan ` +
					`("${activity.status?.description ?? ''}") is left out of the timeline.`,
			);
			return;
		}
		if (placed.uncertain)
			warnings.push(
				`activity[${index}] has no GMT time and the zone of "${scan.location ?? 'its location'}" cannot be ` +
					`pinned down; the scan is kept at the latest instant it can mean.`,
			);
		events.push(placed.event);
	});

	const destinationAddress = pkg.packageAddress?.find((a) =>
		/destination|ship ?to|delivery/i.test(a.type ?? ''),
	)?.address;
	const destination = destinationZoneOf(destinationAddress ? placeOf(destinationAddress) : null);
	if (destination.warning) warnings.push(destination.warning);
	const zone = destination.zone;
	const dateOfType = (type: string) => {
		const entry = pkg.deliveryDate?.find((d) => d.type === type);
		const date = parseDateOnly(entry?.date);
		if (entry?.date && !date)
			warnings.push(`deliveryDate ${type} "${entry.date}" is not a date (YYYYMMDD); it is not reported.`);
		return date;
	};
	const at = (date: string, time: string | undefined, field: string) => {
		const local = compactToLocalIso(date.replace(/-/g, ''), time);
		const placed = local && time ? wallTimeAt(local, zone) : null;
		if (time && !placed) warnings.push(`deliveryTime.${field} "${time}" is not a time (HHMMSS); it is not reported.`);
		if (placed?.uncertain)
			warnings.push(
				`deliveryTime.${field} "${time}" is local to the destination, whose zone is unknown; it is read at the ` +
					`latest instant it can mean.`,
			);
		return placed?.at ?? null;
	};

	// SDD is the date UPS scheduled; RDD (rescheduled) supersedes it as the estimate, SDD stays the commitment.
	const scheduled = dateOfType('SDD');
	const rescheduled = dateOfType('RDD');
	const deliveredDate = dateOfType('DEL');
	// The current state: UPS's currentStatus type when it gives one, else the newest activity (currentStatus
	// often carries only a description and code). Its description refines the type like an activity's.
	const newest = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
	let status = pkg.currentStatus?.type ? mapUpsStatus(pkg.currentStatus) : (newest?.status ?? 'unknown');
	if (status === 'in_transit' && pkg.accessPointInformation?.pickupByDate) status = 'available_for_pickup';
	// The scheduled date is an estimate while the parcel is on its way; once UPS delivered or attempted it, that
	// day is spent and only an RDD is a new estimate (SDD stays the commitment).
	const spent =
		status === 'delivered' ||
		status === 'failed_attempt' ||
		status === 'available_for_pickup' ||
		status === 'returned_to_sender' ||
		!!deliveredDate;
	const estimatedDelivery = rescheduled ?? (spent ? null : scheduled);
	const time = pkg.deliveryTime;
	const timeType = time?.type?.trim().toUpperCase();
	const commitment =
		scheduled && timeType === 'CMT' && time?.endTime
			? (at(scheduled, time.endTime, 'endTime') ?? scheduled)
			: scheduled;
	const windowDay = rescheduled ?? scheduled;
	const estimatedWindow =
		windowDay && !spent && (timeType === 'EDW' || timeType === 'CDW' || timeType === 'IDW')
			? {
					from: time?.startTime ? at(windowDay, time.startTime, 'startTime') : null,
					to: time?.endTime ? at(windowDay, time.endTime, 'endTime') : null,
				}
			: null;
	const deliveredAt =
		deliveredDate && timeType === 'DEL' && time?.endTime && zone ? at(deliveredDate, time.endTime, 'endTime') : null;

	return buildFoundResult({
		trackingNumber,
		carrier: 'ups',
		status,
		rawStatus: [pkg.currentStatus?.type, pkg.currentStatus?.code].filter((v) => v).join(':'),
		statusDescription: pkg.currentStatus?.description?.trim() ?? null,
		events,
		estimatedDelivery,
		estimatedWindow,
		commitment,
		destinationTimeZone: zone,
		deliveredAt,
		warnings,
	});
}

/** The activity's instant from its GMT fields, written with the scan's own offset when UPS gives one. */
function instantOfActivity(activity: NonNullable<UpsPackage['activity']>[number]): string | null {
	const gmt = compactToLocalIso(activity.gmtDate, activity.gmtTime);
	if (!gmt) return null;
	const offset = normaliseOffset(activity.gmtOffset);
	const utc = withOffset(gmt, '+00:00');
	if (!utc || !offset) return utc;
	const dt = DateTime.fromISO(utc, { setZone: true }).setZone(`UTC${offset}`);
	return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : utc;
}

/** The IANA zone of a scan whose instant and offset UPS gave. */
function scanZone(at: string, place: Place): string | null {
	const dt = DateTime.fromISO(at, { setZone: true });
	return dt.isValid ? zoneOfScan(place, dt.toMillis(), dt.offset) : null;
}

function placeOf(address: UpsAddress | undefined): Place {
	return {
		city: address?.city ?? null,
		state: address?.stateProvince ?? null,
		postalCode: address?.postalCode ?? null,
		countryCode: address?.countryCode ?? null,
		country: address?.country ?? null,
	};
}

/** UPS answers an unknown number with 404 and response.errors[] (code TW0001 and friends). */
export function upsNotFound(trackingNumber: string, body: unknown): TrackResult {
	expectShape(
		body ?? {},
		obj({ response: obj({ errors: list(obj({ code: 'string', message: 'string' })) }) }),
		'The UPS not-found answer',
	);
	const error = (body as { response?: { errors?: Array<{ code?: string; message?: string }> } })?.response?.errors?.[0];
	return buildNotFoundResult(
		'ups',
		trackingNumber,
		error?.code ?? '404',
		error?.message ?? 'UPS has no tracking information for this number.',
	);
}
