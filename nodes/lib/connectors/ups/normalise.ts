import type { TrackingEvent } from '../../order/types';
import { compactToLocalIso, parseDateOnly, withOffset } from '../carriers/dates';
import { buildFoundResult, buildNotFoundResult, formatLocation } from '../carriers/result';
import type { TrackResult } from '../carriers/types';
import { mapUpsStatus } from './status';

interface UpsStatus {
	type?: string;
	code?: string;
	description?: string;
	statusCode?: string;
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
		location?: { address?: { city?: string; stateProvince?: string; postalCode?: string; countryCode?: string; country?: string } };
	}>;
	deliveryDate?: Array<{ type?: string; date?: string }>;
	accessPointInformation?: { pickupByDate?: string };
}

export interface UpsTrackResponse {
	trackResponse?: {
		shipment?: Array<{ inquiryNumber?: string; package?: UpsPackage[]; warnings?: Array<{ code?: string; message?: string }> }>;
	};
}

/** Offset from UPS's local and GMT clock readings when gmtOffset itself is missing. */
function offsetFromGmt(local: string, gmtDate?: string, gmtTime?: string): string | null {
	const gmt = compactToLocalIso(gmtDate, gmtTime);
	if (!gmt) return null;
	const minutes = Math.round((Date.parse(`${local}Z`) - Date.parse(`${gmt}Z`)) / 60000);
	if (!Number.isFinite(minutes) || Math.abs(minutes) > 14 * 60) return null;
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function normaliseUpsResponse(trackingNumber: string, body: UpsTrackResponse | undefined): TrackResult {
	const shipment = body?.trackResponse?.shipment?.[0];
	const pkg = shipment?.package?.[0];
	if (!pkg) {
		const warning = shipment?.warnings?.[0];
		return buildNotFoundResult('ups', trackingNumber, warning?.code ?? 'NO.PACKAGE', warning?.message ?? 'UPS returned no package for this number.');
	}
	const warnings: string[] = [];
	const events: TrackingEvent[] = [];
	(pkg.activity ?? []).forEach((activity, index) => {
		const local = compactToLocalIso(activity.date, activity.time);
		const at = local ? withOffset(local, activity.gmtOffset) ?? withOffset(local, offsetFromGmt(local, activity.gmtDate, activity.gmtTime)) : null;
		if (!at) {
			warnings.push(`activity[${index}] date "${activity.date ?? ''}" time "${activity.time ?? ''}" offset "${activity.gmtOffset ?? ''}" is not a usable date-time; that scan ("${activity.status?.description ?? ''}") is left out of the timeline.`);
			return;
		}
		const address = activity.location?.address;
		events.push({
			at,
			status: mapUpsStatus(activity.status),
			code: activity.status?.code ?? activity.status?.type ?? null,
			description: activity.status?.description?.trim() || null,
			location: formatLocation({ city: address?.city, state: address?.stateProvince, postalCode: address?.postalCode, country: address?.countryCode ?? address?.country }),
		});
	});

	// RDD (rescheduled) supersedes SDD (scheduled): the newest promise is the one the customer sees.
	const estimate = pkg.deliveryDate?.find((d) => d.type === 'RDD') ?? pkg.deliveryDate?.find((d) => d.type === 'SDD');
	const estimatedDelivery = parseDateOnly(estimate?.date);
	if (estimate?.date && !estimatedDelivery) warnings.push(`deliveryDate ${estimate.type} "${estimate.date}" is not a date (YYYYMMDD); no estimate is reported.`);

	let status = mapUpsStatus(pkg.currentStatus);
	if (status === 'in_transit' && pkg.accessPointInformation?.pickupByDate) status = 'available_for_pickup';
	return buildFoundResult({
		trackingNumber,
		carrier: 'ups',
		status,
		rawStatus: [pkg.currentStatus?.type, pkg.currentStatus?.code].filter((v) => v).join(':'),
		statusDescription: pkg.currentStatus?.description?.trim() ?? null,
		events,
		estimatedDelivery,
		warnings,
	});
}

/** UPS answers an unknown number with 404 and response.errors[] (code TW0001 and friends). */
export function upsNotFound(trackingNumber: string, body: unknown): TrackResult {
	const error = (body as { response?: { errors?: Array<{ code?: string; message?: string }> } })?.response?.errors?.[0];
	return buildNotFoundResult('ups', trackingNumber, error?.code ?? '404', error?.message ?? 'UPS has no tracking information for this number.');
}
