/**
 * World parcels -> the carrier sims' Journey (test/sandbox/vendors/carrierScenarios.ts): each carrier
 * sim turns a Journey into its own codes, date formats and response shape, so the world only decides
 * what happened and when. A parcel is unknown to its carrier until its label exists.
 */
import type { Journey, Place, Scenario } from '../vendors/carrierScenarios';
import type { ParcelEvent, ParcelStep, World, WorldParcel } from './model';

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

/** What the carrier says about the parcel at `nowMs`; undefined while it has no label (carrier: "not found"). */
export function journeyAt(parcel: WorldParcel, nowMs: number): Journey | undefined {
	const events = eventsUntil(parcel, nowMs);
	if (events.length === 0) return undefined;
	const latest = events[events.length - 1];
	const delivered = latest.step === 'delivered' ? latest.atMs : null;
	return {
		trackingNumber: parcel.trackingNumber,
		scenario: SCENARIO_OF[latest.step],
		events: events.map((e) => ({ step: e.step, atMs: e.atMs, place: PLACES[e.place % PLACES.length] })).reverse(),
		estimatedDeliveryMs: delivered ? null : parcel.estimatedDeliveryMs,
		deliveredAtMs: delivered,
	};
}

/** tracking number -> parcel, for the carrier sims' lookups. */
export function parcelIndex(world: World): Map<string, WorldParcel> {
	const index = new Map<string, WorldParcel>();
	for (const order of world.orders) for (const parcel of order.parcels) index.set(parcel.trackingNumber, parcel);
	return index;
}
