/**
 * The truth must be unambiguous under the default policy: every planted problem is far past its
 * threshold at the end time and every clean order far from one, in the policy's own business hours
 * (the engine's BusinessCalendar), for several seeds. A change to a default threshold that would make
 * the truth borderline fails here, naming the order, before it shows up as a flaky detection figure.
 */
import { BusinessCalendar, dueAfterBusinessHours } from '../../../nodes/lib/order/businessTime';
import { defaultPolicy } from '../../../nodes/lib/order/policy';
import { generateWorld } from '../../sandbox/world/generate';
import type { WorldOrder, WorldParcel } from '../../sandbox/world/model';
import { eventsUntil } from '../../sandbox/world/projectCarrier';
import { endOfEstimatedDay } from '../../sandbox/world/truthAt';

const policy = defaultPolicy();
const calendar = new BusinessCalendar(policy);
const stallLimit = (p: WorldParcel) => policy.carrierStallHours[p.carrier] ?? policy.thresholds.trackingStalledHours;
/** At least `hours` business hours passed between `fromMs` and `toMs`. */
const atLeast = (fromMs: number, hours: number, toMs: number) =>
	dueAfterBusinessHours(calendar, fromMs, hours, toMs) !== null;
const lastScan = (p: WorldParcel, end: number) => eventsUntil(p, end).at(-1)!.atMs;

describe.each([42, 1, 7, 2026])('seed %i: every story is far from the default thresholds at the end time', (seed) => {
	const world = generateWorld({ seed, orders: 300 });
	const end = world.endMs;
	const where = (o: WorldOrder) => `order ${o.key} (${o.plant ?? o.story})`;

	it('stalled parcels are two business days past their carrier limit; moving ones within half of it', () => {
		for (const o of world.orders)
			for (const p of o.parcels) {
				const last = lastScan(p, end);
				const delivered = eventsUntil(p, end).some((e) => e.step === 'delivered');
				if (o.plant === 'tracking_stalled' || o.plant === 'tracking_stalled_late')
					expect([where(o), atLeast(last, stallLimit(p) + 16, end)]).toEqual([where(o), true]);
				else if (
					!delivered &&
					['in_transit', 'tracking_missing', 'delivery_late', 'estimate_withdrawn', 'shipped_not_in_shopify'].includes(
						String(o.plant ?? o.story),
					)
				)
					expect([where(o), atLeast(last, stallLimit(p) / 2, end)]).toEqual([where(o), false]);
			}
	});

	it('estimates: passed by a day for late parcels, a day ahead for parcels that are not late', () => {
		for (const o of world.orders)
			for (const p of o.parcels) {
				if (eventsUntil(p, end).some((e) => e.step === 'delivered') || p.estimatedDeliveryMs === null) continue;
				const late =
					o.plant === 'delivery_late' || o.plant === 'tracking_stalled_late' || o.plant === 'estimate_withdrawn';
				// Carriers give a DAY (FedEx local midnight, UPS SDD, USPS expected date): late only once it has ended there.
				const margin = late
					? end - endOfEstimatedDay(p.estimatedDeliveryMs, o.address.zone)
					: p.estimatedDeliveryMs - end;
				expect([where(o), margin >= 20 * 3_600_000]).toEqual([where(o), true]);
				// A withdrawn estimate was withdrawn after its day had ended, and well before the end time.
				if (p.estimateWithdrawnAtMs != null)
					expect([
						where(o),
						p.estimateWithdrawnAtMs > endOfEstimatedDay(p.estimatedDeliveryMs, o.address.zone),
						end - p.estimateWithdrawnAtMs > 12 * 3_600_000,
					]).toEqual([where(o), true, true]);
			}
	});

	it('orders waiting for the warehouse or at it are well inside (or well past, when planted) their thresholds', () => {
		for (const o of world.orders) {
			if (o.story === 'just_placed')
				expect([where(o), atLeast(o.placedAtMs, policy.thresholds.notSentToFulfillmentHours, end)]).toEqual([
					where(o),
					false,
				]);
			if (o.plant === 'not_sent_to_fulfillment')
				expect([where(o), atLeast(o.placedAtMs, 2 * policy.thresholds.notSentToFulfillmentHours, end)]).toEqual([
					where(o),
					true,
				]);
			if (o.story === 'at_warehouse')
				expect([where(o), atLeast(o.sentAtMs as number, policy.thresholds.fulfillmentStuckHours / 2, end)]).toEqual([
					where(o),
					false,
				]);
		}
	});

	it('disagreements have lasted far past their grace windows; clean hand-offs resolve well inside them', () => {
		const grace = policy.graceMinutes;
		for (const o of world.orders) {
			if (o.plant === 'status_mismatch_fulfilled')
				expect(end - (o.shopifyManualFulfilledAtMs as number)).toBeGreaterThan(4 * grace.statusMismatch * 60_000);
			if (o.plant === 'status_mismatch_cancelled')
				expect(end - (o.shopifyCancelledAtMs as number)).toBeGreaterThan(4 * grace.statusMismatch * 60_000);
			if (o.plant === 'tracking_missing')
				expect(end - o.parcels[1].labelAtMs).toBeGreaterThan(2 * grace.trackingMissing * 60_000);
			if (o.plant === 'shipped_not_in_shopify')
				expect(end - o.parcels[0].labelAtMs).toBeGreaterThan(4 * grace.trackingMissing * 60_000);
			// An edit Shopify has and the warehouse lacks is old; the order is still young at the warehouse.
			if (o.shopifyEdit) {
				expect(end - o.shopifyEdit.atMs).toBeGreaterThan(3 * grace.statusMismatch * 60_000);
				expect([where(o), atLeast(o.sentAtMs as number, policy.thresholds.fulfillmentStuckHours / 2, end)]).toEqual([
					where(o),
					false,
				]);
			}
			if (o.story === 'cancelled')
				expect((o.warehouseCancelledAtMs as number) - (o.shopifyCancelledAtMs as number)).toBeLessThan(
					(grace.statusMismatch * 60_000) / 2,
				);
			for (const p of o.parcels)
				if (p.shopifyAtMs !== null)
					expect(p.shopifyAtMs - p.labelAtMs).toBeLessThan((grace.trackingMissing * 60_000) / 2);
		}
	});
});
