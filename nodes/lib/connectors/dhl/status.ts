import type { TrackingStatus } from '../../order/types';

/** DHL unified statusCode (ShipmentEvent.statusCode enum) -> our status, before refinement. */
export const DHL_STATUS_MAP: Record<string, TrackingStatus> = {
	'pre-transit': 'pre_transit',
	transit: 'in_transit',
	delivered: 'delivered',
	failure: 'exception',
	unknown: 'unknown',
};

/** The unified API folds several states into transit/failure; the status text narrows them. */
export const DHL_TEXT_RULES: Array<{ when: TrackingStatus[]; pattern: RegExp; status: TrackingStatus }> = [
	{
		when: ['in_transit', 'exception'],
		pattern: /return(ed)? to (the )?(sender|shipper)|returned/i,
		status: 'returned_to_sender',
	},
	{
		when: ['in_transit'],
		pattern: /out for delivery|with (the )?(delivery )?courier|on (the )?delivery vehicle/i,
		status: 'out_for_delivery',
	},
	{
		when: ['in_transit', 'exception'],
		pattern:
			/ready for (pick ?up|collection)|available for (pick ?up|collection)|at (the )?(pick ?up|parcel) (point|shop|station)|service point/i,
		status: 'available_for_pickup',
	},
	{
		when: ['in_transit', 'exception'],
		pattern:
			/delivery attempt|attempted delivery|could not be delivered|recipient (was )?not (at home|available)|notice (left|card)|card left|consignee not available/i,
		status: 'failed_attempt',
	},
	// Data about the parcel reaching DHL is not the parcel reaching DHL: no physical scan yet.
	{
		when: ['in_transit', 'unknown'],
		pattern:
			/shipment information received|(electronic )?shipment (data|information) (received|transmitted)|label (created|printed)|awaiting (collection|pick ?up) by dhl/i,
		status: 'pre_transit',
	},
];

export function mapDhlStatus(statusCode: string | null | undefined, text: string | null | undefined): TrackingStatus {
	const base = statusCode ? (DHL_STATUS_MAP[statusCode.trim().toLowerCase()] ?? 'unknown') : 'unknown';
	const rule = DHL_TEXT_RULES.find((r) => r.when.includes(base) && r.pattern.test(text ?? ''));
	return rule?.status ?? base;
}
