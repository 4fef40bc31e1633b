import type { TrackingStatus } from '../../order/types';

/**
 * FedEx track status codes (latestStatusDetail.derivedCode / scanEvents[].derivedStatusCode and
 * eventType) -> our status. docs/carriers.md prints this table; a code not listed maps to 'unknown'
 * and its raw value is kept.
 */
export const FEDEX_STATUS_MAP: Record<string, TrackingStatus> = {
	OC: 'pre_transit', // Shipment information sent to FedEx (label created)
	IN: 'pre_transit', // Initiated (derived status of a label created: not a physical scan)
	PU: 'in_transit', // Picked up
	PX: 'in_transit', // Picked up (see details)
	IT: 'in_transit', // In transit
	IX: 'in_transit', // In transit (see details)
	AR: 'in_transit', // Arrived at FedEx location
	DP: 'in_transit', // Departed FedEx location
	AF: 'in_transit', // At local FedEx facility
	OF: 'in_transit', // At FedEx origin facility
	FD: 'in_transit', // At FedEx destination facility
	SF: 'in_transit', // At sort facility
	LO: 'in_transit', // Left FedEx origin location
	AA: 'in_transit', // At airport
	PF: 'in_transit', // Plane in flight
	PL: 'in_transit', // Plane landed
	EO: 'in_transit', // Enroute to origin airport
	EA: 'in_transit', // Enroute to airport
	TR: 'in_transit', // Transfer
	CC: 'in_transit', // Cleared customs
	CP: 'in_transit', // Clearance in progress
	CD: 'in_transit', // Clearance delay (a delay, not a failure: delivery_late watches the estimate)
	DY: 'in_transit', // Delay
	DD: 'in_transit', // Delivery delay
	PD: 'in_transit', // Pickup delay
	AX: 'in_transit', // At USPS facility
	OX: 'in_transit', // Shipment information sent to USPS
	AD: 'in_transit', // At delivery location
	OD: 'out_for_delivery', // On FedEx vehicle for delivery
	ED: 'out_for_delivery', // Enroute to delivery
	HL: 'available_for_pickup', // Hold at location / ready for pickup
	DL: 'delivered', // Delivered
	DE: 'failed_attempt', // Delivery exception (customer not available, business closed, ...)
	SE: 'exception', // Shipment exception
	CA: 'exception', // Shipment cancelled
	RS: 'returned_to_sender', // Return to shipper
};

export function mapFedExStatus(code: string | null | undefined): TrackingStatus {
	if (!code) return 'unknown';
	return FEDEX_STATUS_MAP[code.trim().toUpperCase()] ?? 'unknown';
}
