import type { TrackingEvent } from '../../order/types';
import { parseDateOnly, parseOffsetDateTime } from '../carriers/dates';
import { buildFoundResult, buildNotFoundResult, formatLocation } from '../carriers/result';
import { destinationZoneOf, endOfDayScan, placedScan, promiseReader } from '../carriers/times';
import { isLocalDateTime, type Place } from '../carriers/zones';
import type { TrackResult } from '../carriers/types';
import { expectShape, list, obj } from '../shape';
import { mapDhlStatus } from './status';

interface DhlAddress {
	addressLocality?: string;
	postalCode?: string;
	countryCode?: string;
}

interface DhlEvent {
	timestamp?: string;
	statusCode?: string;
	status?: string;
	description?: string;
	location?: { address?: DhlAddress };
}

/** The parts of DHL's Shipment we read (utapi-traking-api-1.4.1.yaml supermodelIoLogisticsTrackingShipment). */
export interface DhlShipment {
	id?: string;
	service?: string;
	status?: DhlEvent;
	origin?: { address?: DhlAddress };
	destination?: { address?: DhlAddress };
	estimatedTimeOfDelivery?: string;
	estimatedDeliveryTimeFrame?: { estimatedFrom?: string; estimatedThrough?: string };
	details?: { proofOfDelivery?: { timestamp?: string } };
	events?: DhlEvent[];
}

/** DHL events that report paperwork, not a scan of the parcel. */
const ADMINISTRATIVE =
	/status updated|clearance status|customs status|awaiting (customs|clearance) (documents|information)/i;

const DHL_ADDRESS = obj({ addressLocality: 'string', postalCode: 'string', countryCode: 'string' });
const DHL_EVENT = obj({
	timestamp: 'string',
	statusCode: 'string',
	status: 'string',
	description: 'string',
	location: obj({ address: DHL_ADDRESS }),
});
/** What normaliseDhlShipments reads (DhlShipment as a checkable shape). */
const DHL_TRACK_RESPONSE = obj({
	shipments: list(
		obj({
			id: 'string',
			service: 'string',
			status: DHL_EVENT,
			origin: obj({ address: DHL_ADDRESS }),
			destination: obj({ address: DHL_ADDRESS }),
			estimatedTimeOfDelivery: 'string',
			estimatedDeliveryTimeFrame: obj({ estimatedFrom: 'string', estimatedThrough: 'string' }),
			details: obj({ proofOfDelivery: obj({ timestamp: 'string' }) }),
			events: list(DHL_EVENT),
		}),
	),
});

export function normaliseDhlShipments(
	trackingNumber: string,
	body: { shipments?: DhlShipment[] } | undefined,
): TrackResult {
	expectShape(body ?? {}, DHL_TRACK_RESPONSE, 'The DHL tracking answer');
	const shipments = body?.shipments ?? [];
	const shipment = shipments[0];
	if (!shipment)
		return buildNotFoundResult('dhl', trackingNumber, '404', 'No shipment with given tracking number found.');
	const warnings: string[] = [];
	if (shipments.length > 1)
		warnings.push(
			`DHL found ${shipments.length} shipments for this number (services: ` +
				`${shipments.map((s) => s.service).join(', ')}); the first is used. Set the service hint to choose.`,
		);

	const events: TrackingEvent[] = [];
	(shipment.events ?? []).forEach((event, index) => {
		const text = [event.status, event.description].filter((v) => v).join(' ');
		const address = event.location?.address;
		const status = mapDhlStatus(event.statusCode, text);
		const scan = {
			status,
			// A customs status update is DHL's paperwork, not DHL handling the parcel.
			physicalScan: status !== 'pre_transit' && !ADMINISTRATIVE.test(text),
			code: event.statusCode ?? null,
			description: event.description ?? event.status ?? null,
			location: formatLocation({
				city: address?.addressLocality,
				postalCode: address?.postalCode,
				country: address?.countryCode,
			}),
		};
		const at = parseOffsetDateTime(event.timestamp);
		if (at) {
			events.push({ ...scan, at });
			return;
		}
		// DHL Express writes scan times local to the scan location without an offset: place them there.
		// The spec types a timestamp as DateTime or Date: a date alone is kept at the end of that day, flagged.
		const date = parseDateOnly(event.timestamp);
		const placed = isLocalDateTime(event.timestamp)
			? placedScan(event.timestamp, placeOf(address), scan)
			: date
				? endOfDayScan(date, placeOf(address), scan)
				: null;
		if (!placed) {
			warnings.push(
				`events[${index}].timestamp "${event.timestamp ?? ''}" is not a date-time; that scan ` +
					`("${event.status ?? ''}") is left out of the timeline.`,
			);
			return;
		}
		if (placed.uncertain)
			warnings.push(
				`events[${index}].timestamp "${event.timestamp}" is local to "${scan.location ?? 'an unknown place'}", ` +
					`whose time zone cannot be pinned down; the scan is kept at the latest instant it can mean ` +
					`(${placed.event.at}).`,
			);
		events.push(placed.event);
	});

	const destination = destinationZoneOf(shipment.destination?.address ? placeOf(shipment.destination.address) : null);
	if (destination.warning) warnings.push(destination.warning);
	const zone = destination.zone;
	const read = promiseReader(zone, warnings);
	const frame = shipment.estimatedDeliveryTimeFrame;
	const estimatedWindow =
		frame?.estimatedFrom || frame?.estimatedThrough
			? {
					from: read('estimatedDeliveryTimeFrame.estimatedFrom', frame.estimatedFrom),
					to: read('estimatedDeliveryTimeFrame.estimatedThrough', frame.estimatedThrough),
				}
			: null;
	const estimatedDelivery = shipment.estimatedTimeOfDelivery
		? read('estimatedTimeOfDelivery', shipment.estimatedTimeOfDelivery)
		: (estimatedWindow?.to ?? null);
	const rawPod = shipment.details?.proofOfDelivery?.timestamp;
	let deliveredAt = parseOffsetDateTime(rawPod);
	if (!deliveredAt && isLocalDateTime(rawPod)) {
		const placed = placedScan(rawPod, placeOf(shipment.destination?.address), { status: 'delivered' });
		if (placed && !placed.uncertain) deliveredAt = placed.event.at;
	}
	if (rawPod && !deliveredAt)
		warnings.push(
			`proofOfDelivery.timestamp "${rawPod}" cannot be placed on the timeline; the delivery scan time is used instead.`,
		);

	const current = shipment.status;
	const currentText = [current?.status, current?.description].filter((v) => v).join(' ');
	let status = mapDhlStatus(current?.statusCode, currentText);
	// No shipment-level status: the newest scan says where the parcel is.
	if (status === 'unknown' && events.length > 0)
		status = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0].status;
	return buildFoundResult({
		trackingNumber,
		carrier: 'dhl',
		status,
		rawStatus: current?.statusCode ?? '',
		statusDescription: current?.description ?? current?.status ?? null,
		events,
		estimatedDelivery,
		estimatedWindow,
		destinationTimeZone: zone,
		deliveredAt,
		warnings,
	});
}

function placeOf(address: DhlAddress | undefined): Place {
	return {
		countryCode: address?.countryCode ?? null,
		postalCode: address?.postalCode ?? null,
		locality: address?.addressLocality ?? null,
	};
}
