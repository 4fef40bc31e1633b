/**
 * World parcels -> the carrier sims' Journey (test/sandbox/vendors/carrierScenarios.ts): each carrier
 * sim turns a Journey into its own codes, date formats and response shape, so the world only decides
 * what happened and when. A parcel is unknown to its carrier until its label exists.
 */
import type { Journey, Place, Scenario } from '../vendors/carrierScenarios';
import type { ParcelEvent, ParcelStep, World, WorldAddress, WorldParcel } from './model';

/** The same six places the carrier sims use (carrierScenarios.ts). */
export const PLACES: Place[] = [
	{ city: 'MEMPHIS', state: 'TN', zip: '38118', country: 'US', zone: 'America/Chicago' },
	{ city: 'LOUISVILLE', state: 'KY', zip: '40209', country: 'US', zone: 'America/New_York' },
	{ city: 'SEATTLE', state: 'WA', zip: '98101', country: 'US', zone: 'America/Los_Angeles' },
	{ city: 'DENVER', state: 'CO', zip: '80202', country: 'US', zone: 'America/Denver' },
	{ city: 'NEWARK', state: 'NJ', zip: '07102', country: 'US', zone: 'America/New_York' },
	{ city: 'PHOENIX', state: 'AZ', zip: '85001', country: 'US', zone: 'America/Phoenix' },
];

/** The planned events that have happened by `nowMs`, oldest first. */
export function eventsUntil(parcel: WorldParcel, nowMs: number): ParcelEvent[] {
	return parcel.events.filter((e) => e.atMs <= nowMs);
}

const SCENARIO_OF: Record<ParcelStep, Scenario> = {
	label: 'label_created',
	pickup: 'in_transit',
	arrive: 'in_transit',
	depart: 'in_transit',
	out_for_delivery: 'out_for_delivery',
	delivered: 'delivered',
	attempt: 'failed_attempt',
	exception: 'exception',
	returned: 'returned',
};

/** The customer's address as a carrier place (its zone decides what a date-only estimate means). */
export function destinationPlace(address: WorldAddress): Place {
	return {
		city: address.city.toUpperCase(),
		state: address.provinceCode,
		zip: address.zip,
		country: 'US',
		zone: address.zone,
	};
}

/** Is the carrier still giving an estimate at `nowMs`? (FedEx withdraws a passed one.) */
export function estimateShown(parcel: WorldParcel, nowMs: number): boolean {
	return (
		parcel.estimatedDeliveryMs !== null &&
		!(typeof parcel.estimateWithdrawnAtMs === 'number' && parcel.estimateWithdrawnAtMs <= nowMs)
	);
}

/** What the carrier says about the parcel at `nowMs`; undefined while it has no label (carrier: "not found"). */
export function journeyAt(parcel: WorldParcel, nowMs: number, destination?: WorldAddress): Journey | undefined {
	const events = eventsUntil(parcel, nowMs);
	if (events.length === 0) return undefined;
	const latest = events[events.length - 1];
	const delivered = latest.step === 'delivered' ? latest.atMs : null;
	return {
		trackingNumber: parcel.trackingNumber,
		scenario: SCENARIO_OF[latest.step],
		events: events.map((e) => ({ step: e.step, atMs: e.atMs, place: PLACES[e.place % PLACES.length] })).reverse(),
		estimatedDeliveryMs: delivered || !estimateShown(parcel, nowMs) ? null : parcel.estimatedDeliveryMs,
		deliveredAtMs: delivered,
		...(destination ? { destination: destinationPlace(destination) } : {}),
	};
}

/** tracking number -> parcel and where it is going, for the carrier sims' lookups. */
export function parcelIndex(world: World): Map<string, WorldParcel & { destination: WorldAddress }> {
	const index = new Map<string, WorldParcel & { destination: WorldAddress }>();
	for (const order of world.orders)
		for (const parcel of order.parcels) index.set(parcel.trackingNumber, { ...parcel, destination: order.address });
	return index;
}
