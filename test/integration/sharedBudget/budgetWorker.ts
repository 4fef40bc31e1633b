/**
 * One OS process drawing on a shared budget through the real limiters, for redisBudget.test.ts: it
 * paces `calls` calls and prints, as one JSON line, when each was let through: `sent` stamps each call after
 * its limiter let it go, and `granted` brackets each shared grant between the start and the end of the Redis
 * call that made it (the grant happened at the server somewhere inside; under load the stamps alone can be
 * late by more than a window's margin).
 *
 *   node --import tsx budgetWorker.ts <window|bucket> <json options>
 *
 * window: { prefix, key, limit, windowMs, calls, share }       IntervalLimiter
 * bucket: { prefix, key, capacity, restorePerSecond, cost, calls, share }   LeakyBucketLimiter
 * `share: false` is the control: the same limiter with no shared budget.
 * The start is synchronised on `startAt` (epoch ms) so both processes begin together.
 */
import { IntervalLimiter, LeakyBucketLimiter, ResilientBudget, type SharedBudget } from '../../../nodes/lib/http';
import { RedisBudget } from '../../../nodes/lib/http/redisBudget';

interface Options {
	prefix: string;
	key: string;
	calls: number;
	share: boolean;
	startAt: number;
	limit?: number;
	windowMs?: number;
	capacity?: number;
	restorePerSecond?: number;
	cost?: number;
	redisPort?: number;
}

async function main() {
	const [mode, raw] = process.argv.slice(2);
	const options = JSON.parse(raw) as Options;
	const redis = await RedisBudget.connect({ host: '127.0.0.1', port: options.redisPort ?? 6379 });
	const granted: Array<{ from: number; to: number }> = [];
	const store: SharedBudget = {
		async takeSlot(key, limit, windowMs, slot, holdMs) {
			const from = Date.now();
			const wait = await redis.takeSlot(key, limit, windowMs, slot, holdMs);
			if (wait === 0) granted.push({ from, to: Date.now() });
			return wait;
		},
		releaseSlot: (key, slot) => redis.releaseSlot(key, slot),
		correctWindow: (key, limit, windowMs, remaining, resetMs) =>
			redis.correctWindow(key, limit, windowMs, remaining, resetMs),
		takePoints: (key, cost, bucket, reserve) => redis.takePoints(key, cost, bucket, reserve),
		settleBucket: (key, charged, actual, reported) => redis.settleBucket(key, charged, actual, reported),
		close: () => redis.close(),
	};
	const budget = new ResilientBudget(store, { prefix: options.prefix, warn: (m) => process.stderr.write(`${m}\n`) });
	const shared = options.share ? { budget, key: options.key } : undefined;
	const sent: number[] = [];
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.startAt - Date.now())));
	if (mode === 'window') {
		const limiter = new IntervalLimiter(options.limit!, options.windowMs!, undefined, shared);
		for (let i = 0; i < options.calls; i++) {
			await limiter.acquire();
			sent.push(Date.now());
		}
	} else {
		const shape = { capacity: options.capacity!, restorePerSecond: options.restorePerSecond! };
		const bucket = new LeakyBucketLimiter({ available: shape.capacity, ...shape }, { shared });
		for (let i = 0; i < options.calls; i++) {
			await bucket.take(options.cost!);
			sent.push(Date.now());
		}
	}
	await budget.close();
	process.stdout.write(`${JSON.stringify({ sent, granted, unavailable: budget.unavailable ?? null })}\n`);
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack}\n`);
	process.exit(1);
});
