/**
 * A clock for tests, benchmarks and simulations: it advances only when someone sleeps on it, so a
 * retry back-off or a rate-limit pause of minutes takes no time at all. Test-only: the nodes always run
 * on `systemClock` (nodes/lib/http/types.ts), so this stays out of the published package.
 */
import type { Clock } from '../../nodes/lib/http/types';

export function createVirtualClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void } {
	let current = start;
	return {
		now: () => current,
		sleep: async (ms: number) => {
			current += Math.max(0, ms);
		},
		advance(ms: number) {
			current += ms;
		},
	};
}
