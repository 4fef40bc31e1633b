/**
 * The truth at any instant (world/truthAt.ts) is a second, independent statement of the planted problems:
 * at the end time it must say exactly what the planted truth (generate.ts PLANT_TRUTH) says, for every
 * order of several seeds and both 3PLs; on the way it must see each problem arrive when its story says.
 */
import { DAY, generateWorld, HOUR } from '../../sandbox/world/generate';
import { businessHoursBetween, truthAt } from '../../sandbox/world/truthAt';

describe('the truth at any instant', () => {
	it.each([
		[42, 'shipbob'],
		[1, 'shipmonk'],
		[7, 'shipbob'],
		[2026, 'shipmonk'],
	] as const)('seed %i (%s): at the end time it is the planted truth, with nothing left undecided', (seed, threePl) => {
		const world = generateWorld({ seed, orders: 300, threePl });
		for (const o of world.orders) {
			const t = truthAt(o, world.endMs, world.timeZone)!;
			expect([o.key, t.must, t.may, t.stage]).toEqual([
				o.key,
				world.truth[o.key].exceptions,
				[],
				world.truth[o.key].stage,
			]);
		}
	});

	it("counts business hours Monday to Friday, 09:00 to 17:00 in the store's zone", () => {
		const zone = 'America/New_York';
		// Friday 2026-04-10 16:00 EDT to Monday 2026-04-13 10:00 EDT: 1 h on Friday, 1 h on Monday.
		expect(businessHoursBetween(Date.parse('2026-04-10T20:00:00Z'), Date.parse('2026-04-13T14:00:00Z'), zone)).toBe(2);
		expect(businessHoursBetween(Date.parse('2026-04-11T12:00:00Z'), Date.parse('2026-04-12T20:00:00Z'), zone)).toBe(0);
	});

	it('a problem arrives when its story says, not before', () => {
		const world = generateWorld({ seed: 42, orders: 300 });
		const at = (plant: string) => world.orders.find((o) => o.plant === plant)!;
		const failed = at('delivery_failed');
		const attempt = failed.parcels[0].events.find((e) => e.step === 'attempt')!.atMs;
		expect(truthAt(failed, attempt - HOUR)!.must).toEqual([]);
		expect(truthAt(failed, attempt + 2 * HOUR)!.must).toEqual(['delivery_failed']);
		const edited = at('address_changed_after_import');
		expect(truthAt(edited, edited.shopifyEdit!.atMs - 1)!.must).toEqual([]);
		expect(truthAt(edited, edited.shopifyEdit!.atMs + 30 * 60_000)!.may).toEqual(['status_mismatch']);
		const withdrawn = at('estimate_withdrawn');
		expect(truthAt(withdrawn, withdrawn.parcels[0].estimatedDeliveryMs! - HOUR)!.must).toEqual([]);
		expect(truthAt(withdrawn, withdrawn.parcels[0].estimatedDeliveryMs! + 2 * DAY)!.must).toEqual(['delivery_late']);
	});

	it('a parcel that stalled and recovered had the stall on the way, and not at the end', () => {
		const world = generateWorld({ seed: 42, orders: 300 });
		const recovered = world.orders.find((o) => o.story === 'recovered')!;
		expect(truthAt(recovered, world.endMs - 2 * DAY, world.timeZone)!.must).toContain('tracking_stalled');
		expect(truthAt(recovered, world.endMs, world.timeZone)!.must).toEqual([]);
	});
});
