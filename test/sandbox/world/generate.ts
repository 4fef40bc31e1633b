/**
 * The seeded world generator: N orders of a $5M-a-year Shopify brand (about 40 orders a day, two
 * warehouses: in-house with ShipStation and a ShipBob 3PL for overflow) with the messy mix such a
 * brand has, every planted problem recorded in the ground truth. Same seed, same world.
 *
 * Times are chosen with wide margins around the engine's default policy (docs/exceptions.md), so each
 * planted problem is unambiguous at the end time: a stalled parcel has had no scan for 9+ calendar
 * days (at least two business days past the longest stall limit, 32 business hours), a healthy one
 * was scanned within 6 hours, an order waiting at the warehouse arrived less than 5 hours ago (limit
 * 16 business hours), and so on.
 */
import type { ExceptionType, Stage } from '../../../nodes/lib/order/types';
import type {
	CarrierCode,
	CleanStory,
	Fulfiller,
	ParcelEvent,
	ParcelStep,
	PlannedFailure,
	Plant,
	ThreePl,
	TruthEntry,
	World,
	WorldLine,
	WorldOrder,
	WorldParcel,
} from './model';
import { DateTime } from 'luxon';
import { createRandom, type Random } from './random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Wednesday 15:00 in New York (EDT): mid-afternoon of a business day, well away from DST changes. */
export const DEFAULT_END = '2026-04-15T19:00:00.000Z';

export interface WorldOptions {
	seed?: number;
	orders?: number;
	/** The scenario's end time (ISO); the truth is stated for this instant. */
	endAt?: string;
	/** Failures to inject; default a few (see DEFAULT_FAILURES). */
	failures?: PlannedFailure[];
	/** The overflow 3PL (default ShipBob). */
	threePl?: ThreePl;
}

/** A few API failures every connector must ride through (retried; nothing lost). '3pl' is the world's 3PL. */
export const DEFAULT_FAILURES: PlannedFailure[] = [
	{ vendor: 'shopify', kind: '500', times: 1 },
	{ vendor: 'shipstation', kind: '429', times: 1 },
	{ vendor: '3pl', kind: '500', times: 2 },
	{ vendor: 'ups', kind: '429', times: 1 },
	{ vendor: 'fedex', kind: 'timeout', times: 1 },
	{ vendor: 'usps', kind: '500', times: 1 },
];

/** What each plant means at the end time under the default policy (docs/exceptions.md, docs/status-model.md). */
export const PLANT_TRUTH: Record<Plant, { exceptions: ExceptionType[]; stage: Stage }> = {
	// Marked fulfilled in Shopify by hand, the warehouse never shipped: Shopify's fulfillment makes it "shipped".
	status_mismatch_fulfilled: { exceptions: ['status_mismatch'], stage: 'shipped' },
	// Cancelled in Shopify, the cancellation never reached ShipStation.
	status_mismatch_cancelled: { exceptions: ['status_mismatch'], stage: 'cancelled' },
	// Split shipment: both parcels left, only the first tracking number reached Shopify.
	tracking_missing: { exceptions: ['tracking_missing'], stage: 'in_transit' },
	backordered: { exceptions: ['backordered'], stage: 'backordered' },
	address_invalid: { exceptions: ['address_invalid'], stage: 'on_hold' },
	not_sent_to_fulfillment: { exceptions: ['not_sent_to_fulfillment'], stage: 'awaiting_fulfillment' },
	// No scan for 8+ days and the carrier gives no estimate.
	tracking_stalled: { exceptions: ['tracking_stalled'], stage: 'in_transit' },
	// No scan for 8+ days and the estimate has passed: stalled AND late.
	tracking_stalled_late: { exceptions: ['delivery_late', 'tracking_stalled'], stage: 'in_transit' },
	// Still moving (recent scans) but past the carrier's estimate.
	delivery_late: { exceptions: ['delivery_late'], stage: 'in_transit' },
	// The newest carrier word is a failed attempt; a new estimate is still ahead.
	delivery_failed: { exceptions: ['delivery_failed'], stage: 'in_transit' },
	// The carrier is sending it back.
	returned_to_sender: { exceptions: ['returned_to_sender'], stage: 'in_transit' },
	// Added (issue 12). The customer changed the shipping address in Shopify after the warehouse imported the
	// order; the warehouse still has the old one and has not shipped.
	address_changed_after_import: { exceptions: ['status_mismatch'], stage: 'in_fulfillment' },
	// A unit was added to the order in Shopify after ShipStation imported it: the quantities differ.
	quantity_mismatch: { exceptions: ['status_mismatch'], stage: 'in_fulfillment' },
	// ShipStation shipped (label, carrier scans) while Shopify still says unfulfilled: the sources disagree,
	// and Shopify lacks the parcel's tracking number.
	shipped_not_in_shopify: { exceptions: ['status_mismatch', 'tracking_missing'], stage: 'in_transit' },
	// FedEx: the estimated day passed, then FedEx stopped giving an estimate (and a commitment). Still
	// moving, never delivered: a commitment that passed stays passed.
	estimate_withdrawn: { exceptions: ['delivery_late'], stage: 'in_transit' },
};

export const STORY_STAGE: Record<CleanStory, Stage> = {
	delivered: 'delivered',
	recovered: 'delivered',
	in_transit: 'in_transit',
	shipped_same_evening: 'in_transit',
	at_warehouse: 'in_fulfillment',
	just_placed: 'awaiting_fulfillment',
	cancelled: 'cancelled',
};

/** How many of each plant for N orders: about 2% status mismatches, the rest a few each (at least one). */
export function plantCounts(n: number): Record<Plant, number> {
	const share = (fraction: number, min: number) => Math.max(min, Math.round(n * fraction));
	const mismatches = share(0.02, 2);
	return {
		status_mismatch_fulfilled: Math.ceil(mismatches / 2),
		status_mismatch_cancelled: Math.floor(mismatches / 2),
		tracking_missing: share(0.004, 1),
		backordered: share(0.01, 1),
		address_invalid: share(0.004, 1),
		not_sent_to_fulfillment: share(0.004, 1),
		tracking_stalled: share(0.004, 1),
		tracking_stalled_late: share(0.004, 1),
		delivery_late: share(0.01, 1),
		delivery_failed: share(0.006, 1),
		returned_to_sender: share(0.004, 1),
		address_changed_after_import: share(0.004, 1),
		quantity_mismatch: share(0.004, 1),
		shipped_not_in_shopify: share(0.004, 1),
		estimate_withdrawn: share(0.004, 1),
	};
}

const CLEAN_WEIGHTS: Array<[CleanStory, number]> = [
	['delivered', 0.62],
	['in_transit', 0.2],
	['at_warehouse', 0.08],
	['just_placed', 0.05],
	['cancelled', 0.05],
	['shipped_same_evening', 0.03],
];

const CARRIER_WEIGHTS: Array<[CarrierCode, number]> = [
	['ups', 0.4],
	['usps', 0.35],
	['fedex', 0.22],
	['dhl', 0.03],
];

const FIRST = [
	'Ada',
	'Grace',
	'Alan',
	'Edsger',
	'Barbara',
	'Ken',
	'Margaret',
	'Linus',
	'Radia',
	'Donald',
	'Frances',
	'John',
];
const LAST = [
	'Lovelace',
	'Hopper',
	'Turing',
	'Dijkstra',
	'Liskov',
	'Thompson',
	'Hamilton',
	'Torvalds',
	'Perlman',
	'Knuth',
	'Allen',
	'Backus',
];
const CITIES: Array<[string, string, string, string, string]> = [
	['Austin', 'TX', 'Texas', '78701', 'America/Chicago'],
	['Denver', 'CO', 'Colorado', '80202', 'America/Denver'],
	['Portland', 'OR', 'Oregon', '97201', 'America/Los_Angeles'],
	['Boston', 'MA', 'Massachusetts', '02108', 'America/New_York'],
	['Chicago', 'IL', 'Illinois', '60601', 'America/Chicago'],
	['Atlanta', 'GA', 'Georgia', '30303', 'America/New_York'],
];
/** A real change of address (another street), not a difference of spelling. */
const OTHER_STREETS = ['Oak Ave', 'Pine Rd', 'Elm Blvd', 'Cedar Ln'];
/**
 * What customers order, by the SKU of the variant sold. Each is one size of a product in the Shopify sim's catalogue
 * (SIM_PRODUCTS, test/sandbox/vendors/shopify.ts), which gives it sibling sizes at the same price and a dearer one,
 * so an item swap (issue 17) always has a choice. A SKU added here must be added there too
 * (shopify-projection.test.ts checks it).
 */
const PRODUCTS: Array<[string, string]> = [
	['TEE-BLK-M', 'Black tee (M)'],
	['TEE-WHT-L', 'White tee (L)'],
	['MUG-12OZ', 'Stoneware mug'],
	['CAP-NVY', 'Navy cap'],
	['SOCK-3PK', 'Socks, 3-pack'],
	['BOTTLE-750', 'Steel bottle'],
];
/** The carrier sims share six places (carrierScenarios.ts PLACES). */
const PLACE_COUNT = 6;

function weighted<T>(rand: Random, table: Array<[T, number]>): T {
	let roll = rand.next() * table.reduce((s, [, w]) => s + w, 0);
	for (const [value, weight] of table) {
		roll -= weight;
		if (roll < 0) return value;
	}
	return table[table.length - 1][0];
}

/** Mod-10 check digit of a USPS IMpb barcode (weights 3,1 from the right). */
export function uspsCheckDigit(body: string): number {
	let sum = 0;
	for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
	return (10 - (sum % 10)) % 10;
}

/** Numbers in each carrier's real format, so carrier detection works as it does on real data. */
export function trackingNumberFor(carrier: CarrierCode, serial: number): string {
	const digits = (width: number) => String(serial).padStart(width, '0');
	switch (carrier) {
		case 'ups':
			return `1ZWRLD${digits(12)}`;
		case 'fedex':
			return `78${digits(10)}`;
		case 'usps': {
			const body = `9400${digits(17)}`;
			return `${body}${uspsCheckDigit(body)}`;
		}
		case 'dhl':
			return `3${digits(9)}`;
	}
}

interface Draft {
	kind: { plant: Plant } | { story: CleanStory };
	placedAtMs: number;
	build: (
		order: Omit<
			WorldOrder,
			'parcels' | 'sentAtMs' | 'hold' | 'shopifyCancelledAtMs' | 'warehouseCancelledAtMs' | 'shopifyManualFulfilledAtMs'
		>,
	) => Partial<WorldOrder>;
}

export function generateWorld(options: WorldOptions = {}): World {
	const seed = options.seed ?? 42;
	const threePl: ThreePl = options.threePl ?? 'shipbob';
	if (threePl !== 'shipbob' && threePl !== 'shipmonk')
		throw new Error(`threePl: "${String(threePl)}" is not a 3PL the world plays (use shipbob or shipmonk)`);
	const n = Math.max(1, Math.floor(options.orders ?? 500));
	const endMs = Date.parse(options.endAt ?? DEFAULT_END);
	if (Number.isNaN(endMs))
		throw new Error(`endAt: "${options.endAt}" is not a date (use ISO 8601, e.g. ${DEFAULT_END})`);
	const startMs = endMs - 14 * DAY;
	const rand = createRandom(seed);
	const between = (from: number, to: number) => Math.floor(from + rand.next() * (to - from));

	// Which order gets which story: planted ones first, the rest clean, then shuffled.
	const kinds: Array<{ plant: Plant } | { story: CleanStory }> = [];
	for (const [plant, count] of Object.entries(plantCounts(n)) as Array<[Plant, number]>)
		for (let i = 0; i < count; i++) kinds.push({ plant });
	if (kinds.length > n)
		throw new Error(
			`orders: ${n} is too few for the planted problems (${kinds.length}); use at least ${kinds.length + 5}`,
		);
	while (kinds.length < n) kinds.push({ story: weighted(rand, CLEAN_WEIGHTS) });
	rand.shuffle(kinds);
	// About 1% (at least one) of the delivered orders stalled on the way and then recovered: the problem
	// that goes away on its own. They are delivered orders placed early enough, drawn with the same
	// random numbers, so every other order of a seed stays exactly as it was.
	let recover = Math.max(1, Math.round(n * 0.01));

	let serial = (seed % 1000) * 100_000;
	const carrier = () => weighted(rand, CARRIER_WEIGHTS);
	const place = () => Math.floor(rand.next() * PLACE_COUNT);
	const parcel = (
		labelAtMs: number,
		steps: Array<[ParcelStep, number]>,
		estimatedDeliveryMs: number | null,
		shopifyAtMs: number | null,
		code = carrier(),
	): WorldParcel => {
		const events: ParcelEvent[] = [{ step: 'label', atMs: labelAtMs, place: place() }];
		for (const [step, at] of steps) events.push({ step, atMs: at, place: place() });
		return {
			trackingNumber: trackingNumberFor(code, ++serial),
			carrier: code,
			lines: [],
			labelAtMs,
			shopifyAtMs,
			events,
			estimatedDeliveryMs,
			estimateWithdrawnAtMs: null,
		};
	};
	/** A parcel moving normally: a scan every 6 hours, delivered 68 h after the label unless "now" comes first. */
	const movingParcel = (labelAtMs: number, shopifyAtMs: number | null) =>
		parcel(
			labelAtMs,
			[
				['pickup', labelAtMs + 2 * HOUR],
				...Array.from(
					{ length: 9 },
					(_, i) => [i % 2 === 0 ? 'arrive' : 'depart', labelAtMs + (8 + i * 6) * HOUR] as [ParcelStep, number],
				),
				['out_for_delivery', labelAtMs + 62 * HOUR],
				['delivered', labelAtMs + 68 * HOUR],
			],
			labelAtMs + 4 * DAY,
			shopifyAtMs,
		);

	const drafts: Draft[] = kinds.map((kind) => {
		const story = 'story' in kind ? kind.story : null;
		const plant = 'plant' in kind ? kind.plant : null;
		switch (story ?? plant) {
			case 'delivered': {
				const placed = between(startMs, endMs - 5 * DAY);
				if (recover > 0 && placed < endMs - 9 * DAY) {
					recover--;
					return {
						kind: { story: 'recovered' },
						placedAtMs: placed,
						build: () => {
							// Scanned for 14 hours, then nothing for days (stalled by any limit two days before
							// the end), then it moves again and is delivered a day before the end. No estimate:
							// never "late".
							const label = placed + 20 * HOUR + between(0, 6 * HOUR);
							const steps: Array<[ParcelStep, number]> = [
								['pickup', label + 2 * HOUR],
								['arrive', label + 8 * HOUR],
								['depart', label + 14 * HOUR],
								['arrive', endMs - 30 * HOUR],
								['out_for_delivery', endMs - 28 * HOUR],
								['delivered', endMs - 24 * HOUR],
							];
							return { sentAtMs: placed + 10 * MINUTE, parcels: [parcel(label, steps, null, label + 30 * MINUTE)] };
						},
					};
				}
				return {
					kind,
					placedAtMs: placed,
					build: () => {
						const label = placed + 20 * HOUR + between(0, 6 * HOUR);
						const p = parcel(
							label,
							[
								['pickup', label + 3 * HOUR],
								['arrive', label + 12 * HOUR],
								['depart', label + 20 * HOUR],
								['arrive', label + 30 * HOUR],
								['out_for_delivery', label + 40 * HOUR],
								['delivered', label + 46 * HOUR],
							],
							label + 3 * DAY,
							label + 30 * MINUTE,
						);
						return { sentAtMs: placed + 10 * MINUTE, parcels: [p] };
					},
				};
			}
			case 'in_transit':
			case 'shipped_not_in_shopify':
			case 'tracking_missing': {
				const label = between(endMs - 40 * HOUR, endMs - 10 * HOUR);
				const placed = label - 20 * HOUR - between(0, 4 * HOUR);
				return {
					kind,
					placedAtMs: placed,
					build: () => {
						// Shipped at the warehouse, never told to Shopify: no parcel reaches Shopify.
						const parcels = [movingParcel(label, plant === 'shipped_not_in_shopify' ? null : label + 30 * MINUTE)];
						// The split shipment: a second parcel whose tracking never reached Shopify.
						if (plant === 'tracking_missing') parcels.push(movingParcel(label + 5 * MINUTE, null));
						return { sentAtMs: placed + 10 * MINUTE, parcels };
					},
				};
			}
			case 'shipped_same_evening': {
				// Placed in the Pacific afternoon and labelled that evening between 17:30 and 21:30 Pacific (after
				// midnight UTC), one to two days before the end; picked up two hours later.
				const day = DateTime.fromMillis(between(endMs - 2 * DAY, endMs - DAY), { zone: 'America/Los_Angeles' }).startOf(
					'day',
				);
				const label = day.plus({ hours: 17, minutes: 30 }).toMillis() + between(0, 4 * HOUR);
				const placed = label - 90 * MINUTE;
				return {
					kind,
					placedAtMs: placed,
					build: () => ({ sentAtMs: placed + 10 * MINUTE, parcels: [movingParcel(label, label + 30 * MINUTE)] }),
				};
			}
			case 'at_warehouse': {
				const placed = between(endMs - 5 * HOUR, endMs - 1 * HOUR);
				return { kind, placedAtMs: placed, build: () => ({ sentAtMs: placed + 10 * MINUTE }) };
			}
			case 'just_placed':
				return { kind, placedAtMs: between(endMs - 2 * HOUR, endMs - 20 * MINUTE), build: () => ({}) };
			case 'cancelled': {
				const placed = between(startMs, endMs - 3 * DAY);
				return {
					kind,
					placedAtMs: placed,
					build: () => ({
						sentAtMs: placed + 10 * MINUTE,
						shopifyCancelledAtMs: placed + 2 * HOUR,
						warehouseCancelledAtMs: placed + 2 * HOUR + 15 * MINUTE,
					}),
				};
			}
			case 'status_mismatch_fulfilled': {
				const placed = between(endMs - 6 * DAY, endMs - 3 * DAY);
				return {
					kind,
					placedAtMs: placed,
					build: () => ({ sentAtMs: placed + 10 * MINUTE, shopifyManualFulfilledAtMs: placed + DAY }),
				};
			}
			case 'status_mismatch_cancelled': {
				const placed = between(endMs - 6 * DAY, endMs - 3 * DAY);
				return {
					kind,
					placedAtMs: placed,
					build: () => ({ sentAtMs: placed + 10 * MINUTE, shopifyCancelledAtMs: placed + DAY }),
				};
			}
			case 'backordered':
			case 'address_invalid': {
				const placed = between(endMs - 4 * DAY, endMs - DAY);
				const reason = plant === 'backordered' ? 'inventory' : 'address';
				return {
					kind,
					placedAtMs: placed,
					build: () => ({
						sentAtMs: placed + 10 * MINUTE,
						hold: { reason, atMs: placed + (reason === 'inventory' ? HOUR : 30 * MINUTE) },
					}),
				};
			}
			case 'not_sent_to_fulfillment':
				return { kind, placedAtMs: between(endMs - 5 * DAY, endMs - 2 * DAY), build: () => ({}) };
			case 'tracking_stalled':
			case 'tracking_stalled_late': {
				const label = between(endMs - 13 * DAY, endMs - 10 * DAY);
				const placed = label - 20 * HOUR;
				return {
					kind,
					placedAtMs: placed,
					build: () => {
						const steps: Array<[ParcelStep, number]> = [
							['pickup', label + 2 * HOUR],
							['arrive', label + 8 * HOUR],
							['depart', label + 14 * HOUR],
						];
						const estimate = plant === 'tracking_stalled_late' ? label + 3 * DAY : null;
						return { sentAtMs: placed + 10 * MINUTE, parcels: [parcel(label, steps, estimate, label + 30 * MINUTE)] };
					},
				};
			}
			case 'delivery_late':
			case 'estimate_withdrawn': {
				const label = between(endMs - 5 * DAY, endMs - 4 * DAY);
				const placed = label - 20 * HOUR;
				return {
					kind,
					placedAtMs: placed,
					build: () => {
						// Scanned every 8 hours right up to now, never delivered: moving, but past the estimate.
						const steps: Array<[ParcelStep, number]> = [['pickup', label + 2 * HOUR]];
						for (let t = label + 10 * HOUR, i = 0; t <= endMs - 30 * MINUTE; t += 8 * HOUR, i++)
							steps.push([i % 2 === 0 ? 'arrive' : 'depart', t]);
						if (plant === 'delivery_late')
							return {
								sentAtMs: placed + 10 * MINUTE,
								parcels: [parcel(label, steps, label + 2 * DAY, label + 30 * MINUTE)],
							};
						// FedEx withdraws the estimated day (and its commitment)
						// 30 hours after it, at least 18 hours before the end.
						const p = parcel(label, steps, label + 2 * DAY, label + 30 * MINUTE, 'fedex');
						p.estimateWithdrawnAtMs = label + 2 * DAY + 30 * HOUR;
						return { sentAtMs: placed + 10 * MINUTE, parcels: [p] };
					},
				};
			}
			case 'address_changed_after_import':
			case 'quantity_mismatch': {
				// At the warehouse for less than 5 hours (well inside the 16 business hour fulfillment limit); the
				// edit in Shopify came 40 minutes after placing, so it is 3+ hours old at the end (grace: 60 minutes).
				const placed = between(endMs - 5 * HOUR, endMs - 4 * HOUR);
				return {
					kind,
					placedAtMs: placed,
					build: (order) => {
						const atMs = placed + 40 * MINUTE;
						if (plant === 'quantity_mismatch') {
							const lines = order.lines.map((l, i) => (i === 0 ? { ...l, quantity: l.quantity + 1 } : l));
							return { sentAtMs: placed + 10 * MINUTE, lines, shopifyEdit: { atMs, before: { lines: order.lines } } };
						}
						const street = OTHER_STREETS[order.index % OTHER_STREETS.length];
						const address = { ...order.address, address1: `${1000 + (order.index % 9000)} ${street}` };
						return {
							sentAtMs: placed + 10 * MINUTE,
							address,
							shopifyEdit: { atMs, before: { address: order.address } },
						};
					},
				};
			}
			case 'delivery_failed': {
				const label = between(endMs - 4 * DAY, endMs - 3 * DAY);
				const placed = label - 20 * HOUR;
				return {
					kind,
					placedAtMs: placed,
					build: () => {
						const steps: Array<[ParcelStep, number]> = [
							['pickup', label + 2 * HOUR],
							['arrive', label + 10 * HOUR],
							['depart', label + 18 * HOUR],
							['out_for_delivery', endMs - 30 * HOUR],
							['attempt', endMs - 26 * HOUR],
						];
						return {
							sentAtMs: placed + 10 * MINUTE,
							parcels: [parcel(label, steps, endMs + 20 * HOUR, label + 30 * MINUTE)],
						};
					},
				};
			}
			case 'returned_to_sender': {
				const label = between(endMs - 8 * DAY, endMs - 6 * DAY);
				const placed = label - 20 * HOUR;
				return {
					kind,
					placedAtMs: placed,
					build: () => {
						const steps: Array<[ParcelStep, number]> = [
							['pickup', label + 2 * HOUR],
							['arrive', label + 10 * HOUR],
							['exception', label + 30 * HOUR],
							['returned', label + 40 * HOUR],
						];
						return { sentAtMs: placed + 10 * MINUTE, parcels: [parcel(label, steps, null, label + 30 * MINUTE)] };
					},
				};
			}
			default:
				throw new Error(`world: no story for ${JSON.stringify(kind)}`);
		}
	});

	// Order names follow placement: #1001 is the oldest order.
	drafts.sort((a, b) => a.placedAtMs - b.placedAtMs);
	const orders: WorldOrder[] = drafts.map((draft, index) => {
		const plant = 'plant' in draft.kind ? draft.kind.plant : null;
		const story = 'story' in draft.kind ? draft.kind.story : null;
		const first = rand.pick(FIRST);
		const last = rand.pick(LAST);
		const [city, provinceCode, province, zip, zone] = rand.pick(CITIES);
		const lineCount = 1 + Math.floor(rand.next() * 3);
		const lines: WorldLine[] = Array.from({ length: lineCount }, (_, j) => {
			const [sku, title] = PRODUCTS[(index + j) % PRODUCTS.length];
			return { sku, title, quantity: 1 + Math.floor(rand.next() * 2) };
		});
		// A split shipment needs two units to split.
		if (plant === 'tracking_missing' && lines.length === 1 && lines[0].quantity === 1) lines[0].quantity = 2;
		const fulfiller: Fulfiller =
			plant === 'backordered' || plant === 'address_invalid' || plant === 'address_changed_after_import'
				? threePl
				: plant === 'tracking_missing' ||
					  plant === 'quantity_mismatch' ||
					  plant === 'shipped_not_in_shopify' ||
					  plant?.startsWith('status_mismatch') ||
					  story === 'shipped_same_evening'
					? 'shipstation'
					: rand.next() < 0.25
						? threePl
						: 'shipstation';
		const base = {
			index,
			key: String(1001 + index),
			name: `#${1001 + index}`,
			placedAtMs: draft.placedAtMs,
			email: `${first}.${last}.${1001 + index}@example.com`.toLowerCase(),
			address: {
				firstName: first,
				lastName: last,
				address1: `${100 + Math.floor(rand.next() * 900)} Main St`,
				city,
				province,
				provinceCode,
				zip,
				zone,
			},
			lines,
			shippingMethod: rand.next() < 0.75 ? 'Standard' : 'Express',
			fulfiller,
			plant,
			story,
		};
		const built = draft.build(base);
		const order: WorldOrder = {
			...base,
			sentAtMs: null,
			hold: null,
			shopifyCancelledAtMs: null,
			warehouseCancelledAtMs: null,
			shopifyManualFulfilledAtMs: null,
			shopifyEdit: null,
			parcels: [],
			...built,
		};
		assignLines(order);
		return order;
	});

	const truth: Record<string, TruthEntry> = {};
	for (const order of orders) truth[order.key] = truthOf(order);
	return {
		seed,
		threePl,
		timeZone: 'America/New_York',
		startMs,
		endMs,
		orders,
		truth,
		failures: (options.failures ?? DEFAULT_FAILURES).map((f) => (f.vendor === '3pl' ? { ...f, vendor: threePl } : f)),
	};
}

/** One parcel carries every unit; a split shipment puts the first unit in parcel 1 and the rest in parcel 2. */
function assignLines(order: WorldOrder): void {
	if (order.parcels.length === 0) return;
	if (order.parcels.length === 1) {
		order.parcels[0].lines = order.lines.map((l, line) => ({ line, quantity: l.quantity }));
		return;
	}
	const [firstParcel, second] = order.parcels;
	firstParcel.lines = [{ line: 0, quantity: 1 }];
	second.lines = order.lines
		.map((l, line) => ({ line, quantity: line === 0 ? l.quantity - 1 : l.quantity }))
		.filter((l) => l.quantity > 0);
}

export function truthOf(order: WorldOrder): TruthEntry {
	if (order.plant) {
		const t = PLANT_TRUTH[order.plant];
		return {
			orderKey: order.key,
			plant: order.plant,
			story: null,
			exceptions: [...t.exceptions].sort(),
			stage: t.stage,
		};
	}
	const story = order.story as CleanStory;
	return { orderKey: order.key, plant: null, story, exceptions: [], stage: STORY_STAGE[story] };
}
