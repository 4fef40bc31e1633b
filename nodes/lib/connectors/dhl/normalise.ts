import type { TrackingEvent } from '../../order/types';
import { parseEstimate, parseOffsetDateTime } from '../carriers/dates';
import { buildFoundResult, buildNotFoundResult, formatLocation } from '../carriers/result';
import type { TrackResult } from '../carriers/types';
import { mapDhlStatus } from './status';

interface DhlEvent {
	timestamp?: string;
	statusCode?: string;
	status?: string;
	description?: string;
	location?: { address?: { addressLocality?: string; postalCode?: string; countryCode?: string } };
}

/** The parts of DHL's Shipment we read (utapi-traking-api-1.4.1.yaml supermodelIoLogisticsTrackingShipment). */
export interface DhlShipment {
	id?: string;
	service?: string;
	status?: DhlEvent;
	estimatedTimeOfDelivery?: string;
	estimatedDeliveryTimeFrame?: { estimatedFrom?: string; estimatedThrough?: string };
	details?: { proofOfDelivery?: { timestamp?: string } };
	events?: DhlEvent[];
}

export function normaliseDhlShipments(trackingNumber: string, body: { shipments?: DhlShipment[] } | undefined): TrackResult {
	const shipments = body?.shipments ?? [];
	const shipment = shipments[0];
	if (!shipment) return buildNotFoundResult('dhl', trackingNumber, '404', 'No shipment with given tracking number found.');
	const warnings: string[] = [];
	if (shipments.length > 1)
		warnings.push(`DHL found ${shipments.length} shipments for this number (services: ${shipments.map((s) => s.service).join(', ')}); the first is used. Set the service hint to choose.`);

	const events: TrackingEvent[] = [];
	(shipment.events ?? []).forEach((event, index) => {
		const at = parseOffsetDateTime(event.timestamp);
		if (!at) {
			warnings.push(`events[${index}].timestamp "${event.timestamp ?? ''}" is not a date-time with a zone offset; that scan ("${event.status ?? ''}") is left out of the timeline.`);
			return;
		}
		const text = [event.status, event.description].filter((v) => v).join(' ');
		const address = event.location?.address;
		events.push({
			at,
			status: mapDhlStatus(event.statusCode, text),
			code: event.statusCode ?? null,
			description: event.description ?? event.status ?? null,
			location: formatLocation({ city: address?.addressLocality, postalCode: address?.postalCode, country: address?.countryCode }),
		});
	});

	const rawEstimate = shipment.estimatedTimeOfDelivery ?? shipment.estimatedDeliveryTimeFrame?.estimatedThrough;
	const estimatedDelivery = parseEstimate(rawEstimate);
	if (rawEstimate && !estimatedDelivery) warnings.push(`estimatedTimeOfDelivery "${rawEstimate}" is not a date; no estimate is reported.`);
	const rawPod = shipment.details?.proofOfDelivery?.timestamp;
	const deliveredAt = parseOffsetDateTime(rawPod);
	if (rawPod && !deliveredAt) warnings.push(`proofOfDelivery.timestamp "${rawPod}" is not a date-time with a zone offset; the delivery scan time is used instead.`);

	const current = shipment.status;
	const currentText = [current?.status, current?.description].filter((v) => v).join(' ');
	return buildFoundResult({
		trackingNumber,
		carrier: 'dhl',
		status: mapDhlStatus(current?.statusCode, currentText),
		rawStatus: current?.statusCode ?? '',
		statusDescription: current?.description ?? current?.status ?? null,
		events,
		estimatedDelivery,
		deliveredAt,
		warnings,
	});
}
