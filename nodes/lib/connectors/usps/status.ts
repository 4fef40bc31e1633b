import type { TrackingStatus } from '../../order/types';

/** USPS statusCategory (the item's summary state) -> our status. docs/carriers.md prints this. */
export const USPS_CATEGORY_MAP: Record<string, TrackingStatus> = {
	'pre-shipment': 'pre_transit',
	accepted: 'in_transit',
	'in transit': 'in_transit',
	'out for delivery': 'out_for_delivery',
	'available for pickup': 'available_for_pickup',
	'delivery attempt': 'failed_attempt',
	delivered: 'delivered',
	alert: 'exception',
	'return to sender': 'returned_to_sender',
};

/** USPS scan event codes (Publication 199, Appendix G-4) -> our status, for the per-event timeline. */
export const USPS_EVENT_CODE_MAP: Record<string, TrackingStatus> = {
	MA: 'pre_transit', // Shipping label created, USPS awaiting item
	GX: 'exception', // Shipping label cancelled
	'03': 'in_transit', // Accepted / picked up
	'10': 'in_transit', // Processed / arrival scan
	'07': 'in_transit', // Arrival at unit
	OF: 'out_for_delivery', // Out for delivery
	'16': 'available_for_pickup', // Available for pickup
	'14': 'available_for_pickup', // Arrival at pickup point
	'01': 'delivered', // Delivered
	'17': 'delivered', // Picked up by agent
	'43': 'delivered', // Picked up at Post Office
	'02': 'failed_attempt', // Notice left (no authorised recipient available)
	'52': 'failed_attempt', // Notice left
	'51': 'failed_attempt', // Business closed
	'53': 'failed_attempt', // Receptacle full / item oversized
	'54': 'failed_attempt', // No access to delivery location
	'55': 'failed_attempt', // No secure location available
	'56': 'failed_attempt', // Animal interference
	'04': 'exception', // Refused
	'05': 'exception', // Undeliverable as addressed
	'21': 'exception', // No such number
	'22': 'exception', // Insufficient address
	'23': 'exception', // Moved, left no address
	'25': 'exception', // Addressee unknown
	'09': 'returned_to_sender', // Return to sender
	'29': 'returned_to_sender', // Return to sender, not picked up
};

export function mapUspsCategory(category: string | null | undefined): TrackingStatus {
	if (!category) return 'unknown';
	return USPS_CATEGORY_MAP[category.trim().toLowerCase()] ?? 'unknown';
}

/** Event code first; the event type wording when the code is one we do not list. */
export function mapUspsEvent(code: string | null | undefined, eventType: string | null | undefined): TrackingStatus {
	const text = (eventType ?? '').toLowerCase();
	// Label data is not the item: USPS has not touched it yet. The words decide here because the spec leaves
	// event codes to Pub 199 and answers pair "Shipping Label Created" with more than one code.
	if (/(label cancel|label void)/.test(text)) return 'exception';
	if (
		/(shipping label created|pre-shipment|awaiting item|electronic shipping info received|shipment received, package acceptance pending)/.test(
			text,
		)
	)
		return 'pre_transit';
	const byCode = code ? USPS_EVENT_CODE_MAP[code.trim().toUpperCase()] : undefined;
	if (byCode) return byCode;
	if (text.startsWith('delivered')) return 'delivered';
	if (text.includes('out for delivery')) return 'out_for_delivery';
	if (text.includes('available for pickup')) return 'available_for_pickup';
	if (text.includes('return to sender')) return 'returned_to_sender';
	if (text.includes('notice left') || text.includes('delivery attempt')) return 'failed_attempt';
	if (/(arrived|departed|in transit|processed|accepted|picked up)/.test(text)) return 'in_transit';
	return 'unknown';
}
