import type { TrackingEvent, TrackingStatus } from '../../order/types';
import { instantOf } from './dates';
import type { CarrierCode, TrackResult } from './types';
import { trackingUrlFor } from './urls';

export interface ResultParts {
	trackingNumber: string;
	carrier: CarrierCode;
	status: TrackingStatus;
	rawStatus: string;
	statusDescription?: string | null;
	events: TrackingEvent[];
	estimatedDelivery?: string | null;
	deliveredAt?: string | null;
	destinationTimeZone?: string | null;
	commitment?: string | null;
	estimatedWindow?: { from?: string | null; to?: string | null } | null;
	warnings: string[];
}

/**
 * Puts events newest first and derives what the carrier left implicit: when it was delivered (the
 * delivered scan) and when it last moved (the input to the tracking_stalled rule).
 */
export function buildFoundResult(parts: ResultParts): TrackResult {
	const events = [...parts.events].sort((a, b) => instantOf(b.at) - instantOf(a.at));
	const deliveredScan = events.find((e) => e.status === 'delivered');
	const deliveredAt = parts.deliveredAt ?? (parts.status === 'delivered' ? (deliveredScan?.at ?? null) : null);
	return {
		trackingNumber: parts.trackingNumber,
		carrier: parts.carrier,
		found: true,
		status: parts.status,
		rawStatus: parts.rawStatus,
		statusDescription: parts.statusDescription ?? null,
		events,
		// The estimate is what the carrier still states (DHL keeps it after delivery); the engine judges lateness by stage.
		estimatedDelivery: parts.estimatedDelivery ?? null,
		deliveredAt,
		lastEventAt: events[0]?.at ?? null,
		destinationTimeZone: parts.destinationTimeZone ?? null,
		// The commitment stays after delivery: whether it was kept is a fact about the delivery.
		commitment: parts.commitment ?? null,
		estimatedWindow: parts.status === 'delivered' ? null : (parts.estimatedWindow ?? null),
		trackingUrl: trackingUrlFor(parts.carrier, parts.trackingNumber),
		notFound: null,
		warnings: parts.warnings,
	};
}

export function buildNotFoundResult(
	carrier: CarrierCode,
	trackingNumber: string,
	code: string,
	message: string,
): TrackResult {
	return {
		trackingNumber,
		carrier,
		found: false,
		status: 'unknown',
		rawStatus: code,
		statusDescription: message,
		events: [],
		estimatedDelivery: null,
		deliveredAt: null,
		lastEventAt: null,
		destinationTimeZone: null,
		commitment: null,
		estimatedWindow: null,
		trackingUrl: trackingUrlFor(carrier, trackingNumber),
		notFound: { code, message },
		warnings: [],
	};
}

/** Joins the parts of a place that exist: "SEATTLE, WA 98101, US". */
export function formatLocation(parts: {
	city?: unknown;
	state?: unknown;
	postalCode?: unknown;
	country?: unknown;
}): string | null {
	const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
	const cityState = [str(parts.city), [str(parts.state), str(parts.postalCode)].filter(Boolean).join(' ')]
		.filter((v) => v)
		.join(', ');
	const all = [cityState, str(parts.country)].filter((v) => v).join(', ');
	return all === '' ? null : all;
}
