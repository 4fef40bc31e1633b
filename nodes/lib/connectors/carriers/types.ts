import type { TrackingEvent, TrackingStatus } from '../../order/types';

/** The carriers the Carrier Tracking node talks to directly. */
export const SUPPORTED_CARRIERS = ['ups', 'fedex', 'usps', 'dhl'] as const;
export type CarrierCode = (typeof SUPPORTED_CARRIERS)[number];

export const CARRIER_NAMES: Record<CarrierCode, string> = {
	ups: 'UPS',
	fedex: 'FedEx',
	usps: 'USPS',
	dhl: 'DHL',
};

/**
 * One normalised answer for one tracking number, whatever the carrier. `found: false` is a normal
 * per-number outcome (the carrier does not know the number yet, or it was mistyped), never a failed run.
 */
export interface TrackResult {
	trackingNumber: string;
	carrier: CarrierCode;
	found: boolean;
	status: TrackingStatus;
	/** The carrier's own status code for the newest state, always kept (also when status is 'unknown'). */
	rawStatus: string;
	statusDescription?: string | null;
	/** Newest first, every time with its zone offset. */
	events: TrackingEvent[];
	/** Date (YYYY-MM-DD) or date-time as the carrier gave it; null when the carrier has none. */
	estimatedDelivery?: string | null;
	deliveredAt?: string | null;
	lastEventAt?: string | null;
	/** IANA zone of the destination, so a date-only estimate means the end of that day there; null when unknown. */
	destinationTimeZone?: string | null;
	/**
	 * The carrier's commitment (FedEx COMMITMENT / standard transit window, UPS SDD, USPS guarantee):
	 * date or instant.
	 */
	commitment?: string | null;
	/** The window the carrier gives for the estimate (dates or instants with offset). */
	estimatedWindow?: { from?: string | null; to?: string | null } | null;
	trackingUrl: string;
	/** Why `found` is false: the carrier's code and message verbatim. */
	notFound?: { code: string; message: string } | null;
	/**
	 * Things we could not use, said out loud instead of dropped silently: a malformed carrier date, an
	 * event without a zone offset. Each names the field and the raw value.
	 */
	warnings: string[];
}

/** What a carrier connector offers the tracking orchestrator. */
export interface CarrierTracker {
	readonly carrier: CarrierCode;
	/** How many numbers one request may carry (FedEx 30, USPS 35, UPS and DHL 1). */
	readonly maxPerRequest: number;
	/** Tracks at most `maxPerRequest` numbers in one request; one result per number, in input order. */
	trackBatch(trackingNumbers: string[]): Promise<TrackResult[]>;
}
