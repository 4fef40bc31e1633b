import { rateLimitFloor, slackFloorMs } from '../../bench/rateFloor';

describe('the rate-limit floor the benchmarks print against', () => {
	it("Slack's floor is the busiest channel's messages a second apart, whatever the other channels", () => {
		expect(slackFloorMs({ C1: 1, C2: 1 })).toBe(0);
		expect(slackFloorMs({ C1: 20, C2: 5 })).toBe(19_000);
		expect(slackFloorMs({})).toBe(0);
	});

	it('a run is bound by its slowest vendor: Slack when its channel is busier than the other windows', () => {
		const floor = rateLimitFloor({
			calls: { slack: 26, shipstation: 80, klaviyo: 400 },
			slackMessagesByChannel: { C1: 25, C2: 1 },
		});
		expect(floor.perVendor).toEqual({ slack: 24_000, shipstation: 60_000, klaviyo: 0 });
		expect(floor).toMatchObject({ floorMs: 60_000, boundBy: 'shipstation' });
		const slackBound = rateLimitFloor({ calls: { slack: 26, klaviyo: 400 }, slackMessagesByChannel: { C1: 25 } });
		expect(slackBound).toMatchObject({ floorMs: 24_000, boundBy: 'slack', unmodelled: [] });
		// Without the per-channel count Slack is a vendor without a modelled limit, as before.
		expect(rateLimitFloor({ calls: { slack: 26 } }).unmodelled).toEqual(['slack']);
	});
});
