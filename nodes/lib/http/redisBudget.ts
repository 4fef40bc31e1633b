import Redis, { type RedisOptions } from 'ioredis';
import { HELD_SLOT_POLL_MS, type BucketShape, type ReportedBucket, type SharedBudget } from './sharedBudget';

/**
 * The SharedBudget in Redis, which n8n's queue mode already runs. Each primitive is one Lua script, so a
 * check and its update are atomic whatever number of workers call at once, and every script reads the
 * time from the Redis server (TIME), so workers on hosts whose clocks differ still share one clock.
 * The scripts follow MemoryBudget (sharedBudget.ts) line for line; the tests run both through the same cases.
 *
 * Window: a sorted set of slots scored by the time they were sent (or, while held, by when the hold ends),
 * plus `<key>:blocked` when the vendor said none are left. Bucket: a hash {available, updatedAt, capacity,
 * restorePerSecond}. Keys expire once they no longer matter, so a store left alone empties itself.
 */

/**
 * The server's time in ms. Redis 5 and 6 replicate scripts verbatim unless told to replicate their effects, and
 * then refuse a write after TIME; Redis 7 always replicates effects (the call is kept there as a no-op).
 */
const NOW = `if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: window, blocked. ARGV: limit, windowMs, slot, holdMs. Returns ms to wait (0: taken). */
const TAKE_SLOT = `${NOW}
local limit, window, hold = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4])
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > now then return blocked - now end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + hold, ARGV[3])
  local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(newest[2]) + window - now + 1000))
  return 0
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
if oldest > now then return ${HELD_SLOT_POLL_MS} end
return math.max(1, oldest + window - now)`;

/** KEYS: window. ARGV: slot. */
const RELEASE_SLOT = `${NOW}
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 0`;

/** KEYS: window, blocked. ARGV: limit, windowMs, remaining, resetMs, phantom prefix. */
const CORRECT_WINDOW = `${NOW}
local limit, window, remaining, reset = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if remaining <= 0 then
  local untilAt = now + reset
  if untilAt > tonumber(redis.call('GET', KEYS[2]) or '0') then
    redis.call('SET', KEYS[2], untilAt, 'PX', math.max(1, reset))
  end
  return 0
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local missing = limit - redis.call('ZCARD', KEYS[1]) - remaining
for i = 1, missing do redis.call('ZADD', KEYS[1], now + reset - window, ARGV[5] .. ':' .. i) end
if missing > 0 then redis.call('PEXPIRE', KEYS[1], math.max(window, reset) + 1000) end
return 0`;

const REFILL = `
local state = redis.call('HMGET', KEYS[1], 'available', 'updatedAt', 'capacity', 'restorePerSecond')
local capacity = tonumber(state[3]) or tonumber(ARGV[2]) or tonumber(ARGV[1])
local rate = tonumber(state[4]) or tonumber(ARGV[3]) or 1
local available = tonumber(state[1]) or capacity
local updatedAt = tonumber(state[2]) or now
available = math.min(capacity, available + (now - updatedAt) / 1000 * rate)`;

const SAVE_BUCKET = `
redis.call('HSET', KEYS[1], 'available', tostring(available), 'updatedAt', now,
  'capacity', tostring(capacity), 'restorePerSecond', tostring(rate))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 60000)`;

/** KEYS: bucket. ARGV: cost, capacity, restorePerSecond, reserve. Returns ms to wait (0: taken). */
const TAKE_POINTS = `${NOW}${REFILL}
local charge = math.min(tonumber(ARGV[1]), capacity)
local needed = charge + tonumber(ARGV[4]) - available
if needed <= 0 then available = available - charge end${SAVE_BUCKET}
if needed <= 0 then return 0 end
return math.ceil(needed / rate * 1000)`;

/** KEYS: bucket. ARGV: reported available, capacity, restorePerSecond, charged, actual. */
const SETTLE_BUCKET = `${NOW}${REFILL}
capacity = tonumber(ARGV[2]) or capacity
rate = tonumber(ARGV[3]) or rate
available = math.min(capacity, available + tonumber(ARGV[4]) - tonumber(ARGV[5]), tonumber(ARGV[1]))${SAVE_BUCKET}
return 0`;

interface BudgetCommands {
	ppTakeSlot(window: string, blocked: string, ...args: Array<string | number>): Promise<number>;
	ppReleaseSlot(window: string, slot: string): Promise<number>;
	ppCorrectWindow(window: string, blocked: string, ...args: Array<string | number>): Promise<number>;
	ppTakePoints(bucket: string, ...args: Array<string | number>): Promise<number>;
	ppSettleBucket(bucket: string, ...args: Array<string | number>): Promise<number>;
}

/** How the Redis credential is reached (credentials/PostPurchaseRedisApi.credentials.ts). */
export interface RedisBudgetConnection {
	host: string;
	port: number;
	user?: string;
	password?: string;
	database?: number;
	tls?: boolean;
}

/**
 * Short timeouts and no offline queue: a budget store that does not answer within a second is treated as
 * down (the pacer falls back to local pacing) rather than holding every vendor call hostage.
 */
export function redisOptions(connection: RedisBudgetConnection): RedisOptions {
	return {
		host: connection.host,
		port: connection.port,
		username: connection.user || undefined,
		password: connection.password || undefined,
		db: connection.database ?? 0,
		tls: connection.tls ? {} : undefined,
		connectTimeout: 2000,
		commandTimeout: 1000,
		maxRetriesPerRequest: 0,
		enableOfflineQueue: false,
		lazyConnect: true,
		retryStrategy: () => null,
	};
}

export class RedisBudget implements SharedBudget {
	private phantoms = 0;
	private readonly commands: BudgetCommands;

	constructor(private readonly redis: Redis) {
		redis.defineCommand('ppTakeSlot', { numberOfKeys: 2, lua: TAKE_SLOT });
		redis.defineCommand('ppReleaseSlot', { numberOfKeys: 1, lua: RELEASE_SLOT });
		redis.defineCommand('ppCorrectWindow', { numberOfKeys: 2, lua: CORRECT_WINDOW });
		redis.defineCommand('ppTakePoints', { numberOfKeys: 1, lua: TAKE_POINTS });
		redis.defineCommand('ppSettleBucket', { numberOfKeys: 1, lua: SETTLE_BUCKET });
		this.commands = redis as unknown as BudgetCommands;
	}

	/** Connects (or throws what the server said, e.g. WRONGPASS) and returns the budget. */
	static async connect(connection: RedisBudgetConnection): Promise<RedisBudget> {
		const redis = new Redis(redisOptions(connection));
		// An 'error' event with no listener would crash the process; failures surface through the commands.
		redis.on('error', () => undefined);
		try {
			await redis.connect();
		} catch (error) {
			redis.disconnect();
			throw error;
		}
		return new RedisBudget(redis);
	}

	async takeSlot(key: string, limit: number, windowMs: number, slot: string, holdMs = 0): Promise<number> {
		return Number(await this.commands.ppTakeSlot(key, `${key}:blocked`, limit, windowMs, slot, holdMs));
	}

	async releaseSlot(key: string, slot: string): Promise<void> {
		await this.commands.ppReleaseSlot(key, slot);
	}

	async correctWindow(key: string, limit: number, windowMs: number, remaining: number, resetMs: number) {
		const phantom = `vendor:${process.pid}:${Date.now()}:${++this.phantoms}`;
		await this.commands.ppCorrectWindow(key, `${key}:blocked`, limit, windowMs, remaining, resetMs, phantom);
	}

	async takePoints(key: string, cost: number, bucket: BucketShape, reserve = 0): Promise<number> {
		return Number(await this.commands.ppTakePoints(key, cost, bucket.capacity, bucket.restorePerSecond, reserve));
	}

	async settleBucket(key: string, charged: number, actual: number, reported: ReportedBucket): Promise<void> {
		await this.commands.ppSettleBucket(
			key,
			reported.available,
			reported.capacity ?? '',
			reported.restorePerSecond ?? '',
			charged,
			actual,
		);
	}

	/** A round trip to the server (the credential's Test). */
	async ping(): Promise<void> {
		await this.redis.ping();
	}

	async close(): Promise<void> {
		try {
			await this.redis.quit();
		} catch {
			// Already gone (the server went away mid-run): nothing left to close.
			this.redis.disconnect();
		}
	}
}
