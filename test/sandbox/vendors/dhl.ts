/**
 * Simulated DHL Shipment Tracking - Unified: GET /track/shipments?trackingNumber=..., DHL-API-Key
 * header; 404 application/problem+json for an unknown number, 401 for a bad key, 429 past the quota.
 * Shapes follow utapi-traking-api-1.4.1.yaml (read from ../shared only: no licence to copy it).
 * Mount: base URL <sandbox>/dhl.
 */
import type { SimRequest, SimResponse } from '../http';
import {
	localTime,
	type Journey,
	type JourneyEvent,
	type Scenario,
	type Step,
	CarrierSimBase,
} from './carrierScenarios';

export interface DhlSimOptions {
	seed?: number;
	apiKey?: string;
	now?: () => number;
	quota?: { limit: number; windowMs: number };
	scenarios?: Record<string, Scenario>;
	unknownNumbers?: string[];
	malformedDates?: string[];
	record?: boolean;
}

const EVENTS: Record<Step, { statusCode: string; status: string; description: string }> = {
	label: {
		statusCode: 'pre-transit',
		status: 'Shipment information received',
		description: 'The shipment data has been transmitted electronically by the sender.',
	},
	pickup: { statusCode: 'transit', status: 'Shipment picked up', description: 'The shipment has been picked up.' },
	arrive: {
		statusCode: 'transit',
		status: 'Arrived at sort facility',
		description: 'The shipment has arrived at the sort facility.',
	},
	depart: {
		statusCode: 'transit',
		status: 'Departed sort facility',
		description: 'The shipment has left the sort facility.',
	},
	out_for_delivery: {
		statusCode: 'transit',
		status: 'Out for delivery',
		description: 'The shipment is out for delivery with the courier.',
	},
	delivered: { statusCode: 'delivered', status: 'Delivered', description: 'The shipment has been delivered.' },
	attempt: {
		statusCode: 'failure',
		status: 'Delivery attempt failed',
		description: 'Delivery attempt: the recipient was not at home.',
	},
	exception: {
		statusCode: 'failure',
		status: 'Address issue',
		description: 'The address is incomplete; the shipment is on hold.',
	},
	returned: {
		statusCode: 'failure',
		status: 'Returned to sender',
		description: 'The shipment is being returned to the sender.',
	},
	ready_pickup: {
		statusCode: 'transit',
		status: 'Ready for pickup',
		description: 'The shipment is ready for pickup at the service point.',
	},
};

/**
 * DHL Express event timestamps are the scan location's wall time WITHOUT an offset ("2026-04-10T14:03:00"):
 * the place (country, locality) is the only clue to the zone. The sim says it that way.
 */
function event(e: JourneyEvent, malformed: boolean) {
	const s = EVENTS[e.step];
	return {
		timestamp: malformed ? '2024-02-30T10:00:00' : localTime(e.atMs, e.place).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
		location: {
			address: {
				countryCode: e.place.country,
				postalCode: e.place.zip,
				addressLocality: `${e.place.city}, ${e.place.state}`,
			},
		},
		statusCode: s.statusCode,
		status: s.status,
		description: s.description,
	};
}

export function dhlShipment(journey: Journey, options: { malformed?: boolean } = {}) {
	const latest = journey.events[0];
	const to = journey.destination ?? latest.place;
	const events = journey.events.map((e, i) => event(e, !!options.malformed && i === 0));
	return {
		id: journey.trackingNumber,
		service: 'express',
		origin: { address: { countryCode: 'US', postalCode: '38118', addressLocality: 'MEMPHIS, TN' } },
		destination: {
			address: { countryCode: to.country, postalCode: to.zip, addressLocality: `${to.city}, ${to.state}` },
		},
		status: events[0],
		...(journey.estimatedDeliveryMs
			? { estimatedTimeOfDelivery: localTime(journey.estimatedDeliveryMs, to).toISO({ suppressMilliseconds: true })! }
			: {}),
		details: {
			product: { productName: 'DHL Express Worldwide' },
			...(journey.deliveredAtMs
				? {
						proofOfDelivery: {
							timestamp: localTime(journey.deliveredAtMs, to).toISO({ suppressMilliseconds: true })!,
							signed: { name: 'RECEIVER' },
						},
					}
				: {}),
			totalNumberOfPieces: 1,
		},
		events,
	};
}

export class DhlSim extends CarrierSimBase<DhlSimOptions> {
	readonly name = 'dhl';

	constructor(options: DhlSimOptions = {}) {
		super(options, { limit: 5, windowMs: 1000 });
	}

	private problem(
		status: number,
		title: string,
		detail: string,
		extraHeaders: Record<string, string> = {},
	): SimResponse {
		return {
			status,
			headers: { 'content-type': 'application/problem+json', 'content-language': 'en', ...extraHeaders },
			body: JSON.stringify({ title, status, detail, instance: '/track/shipments' }),
		};
	}

	protected route(request: SimRequest): SimResponse | undefined {
		if (request.method !== 'GET' || request.path !== '/track/shipments') return undefined;
		if (request.headers['dhl-api-key'] !== (this.options.apiKey ?? 'dhl-key'))
			return this.problem(401, 'Unauthorized', 'Invalid API key.');
		const limited = this.quota.take();
		if (!limited.ok)
			return this.problem(429, 'Too many requests', 'Rate limit exceeded.', {
				'retry-after': String(limited.retryAfterSeconds),
			});
		const number = request.query.get('trackingNumber') ?? '';
		if (!number) return this.problem(400, 'Bad request', 'The trackingNumber parameter is required.');
		const journey = this.journeyOf(number);
		if (!journey) return this.problem(404, 'No result found', 'No shipment with given tracking number found.');
		return {
			status: 200,
			headers: { 'content-language': 'en' },
			body: { shipments: [dhlShipment(journey, { malformed: this.malformed.has(number) })] },
		};
	}
}

export function createDhlSim(options: DhlSimOptions = {}): DhlSim {
	return new DhlSim(options);
}
