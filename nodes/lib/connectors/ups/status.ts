import type { TrackingStatus } from '../../order/types';

/**
 * UPS activity status types (status.type in Track API responses) -> our status. UPS reports
 * out-for-delivery, access-point arrival and delivery attempts inside type I / X; the description
 * refines them (we always request locale en_US so the wording is stable). docs/carriers.md prints this.
 */
export const UPS_TYPE_MAP: Record<string, TrackingStatus> = {
	M: 'pre_transit', // Manifest / billing information received (label created)
	MV: 'exception', // Billing information voided (label cancelled)
	P: 'in_transit', // Pickup
	I: 'in_transit', // In transit
	O: 'out_for_delivery', // Out for delivery
	D: 'delivered', // Delivered
	X: 'exception', // Exception
	RS: 'returned_to_sender', // Returned to shipper
	NA: 'unknown', // Not available
};

/** Description wording that narrows a broad type (checked in this order). */
export const UPS_DESCRIPTION_RULES: Array<{ pattern: RegExp; status: TrackingStatus }> = [
	{ pattern: /return(ed|ing)? to (the )?(sender|shipper)/i, status: 'returned_to_sender' },
	{ pattern: /out for delivery/i, status: 'out_for_delivery' },
	// A notice left is a failed attempt even when it says the parcel will go to an Access Point: the engine
	// decides what the later "available for pickup" means. So these words are checked before the pickup words.
	{
		pattern:
			/(delivery attempt|attempted delivery|attempt(ed)? to deliver|infonotice|notice (was )?left|(receiver|customer|consignee) was not available)/i,
		status: 'failed_attempt',
	},
	{ pattern: /(access point|ready for pick ?up|available for pick ?up)/i, status: 'available_for_pickup' },
];

export function mapUpsStatus(status: { type?: string; description?: string } | undefined): TrackingStatus {
	if (!status?.type) return 'unknown';
	const base = UPS_TYPE_MAP[status.type.trim().toUpperCase()] ?? 'unknown';
	if (base === 'delivered' || base === 'pre_transit') return base;
	const refined = UPS_DESCRIPTION_RULES.find((rule) => rule.pattern.test(status.description ?? ''));
	return refined?.status ?? base;
}
