/** `npm run chaos` options (scripts/chaos.ts): the full run by default, --short for CI's, and each bad value named. */
import { parseChaosArgs } from '../../../scripts/chaos';
import { FULL_RUN, SHORT_RUN } from '../../e2e/chaos';

describe('npm run chaos options', () => {
	it('plays the full run by default and the short one with --short, each option overriding its value', () => {
		expect(parseChaosArgs([])).toEqual(FULL_RUN);
		expect(parseChaosArgs(['--short'])).toEqual(SHORT_RUN);
		expect(FULL_RUN.slackDownMs).toBe(10 * 60_000);
		expect(
			parseChaosArgs(['--short', '--orders', '60', '--seed', '7', '--slack-down', '5m', '--fault-rate', '0.1']),
		).toEqual({ ...SHORT_RUN, orders: 60, seed: 7, slackDownMs: 300_000, faultRate: 0.1 });
		expect(parseChaosArgs(['--slack-down', '45s']).slackDownMs).toBe(45_000);
	});

	it('names the option it cannot use', () => {
		expect(() => parseChaosArgs(['--orders', 'many'])).toThrow(/^--orders: "many" is not a positive whole number/);
		expect(() => parseChaosArgs(['--slack-down', '10'])).toThrow(/^--slack-down: "10" is not a duration/);
		expect(() => parseChaosArgs(['--fault-rate', '20'])).toThrow(/^--fault-rate: "20" is not between 0 and 1/);
		expect(() => parseChaosArgs(['--workers', '3'])).toThrow(/^--workers: not an option/);
	});
});
