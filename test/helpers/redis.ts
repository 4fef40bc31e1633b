/**
 * The test Redis (127.0.0.1:6379, or PP_TEST_REDIS_PORT): shared by the machine, so every test keeps to its
 * own key prefix and removes it. Tests that need it skip when it is not there, unless PP_REQUIRE_REDIS=1 (CI),
 * which turns its absence into a failure.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import Redis from 'ioredis';

export const TEST_REDIS_PORT = Number(process.env.PP_TEST_REDIS_PORT ?? 6379);
const REQUIRE = process.env.PP_REQUIRE_REDIS === '1';

export async function redisReachable(port = TEST_REDIS_PORT): Promise<boolean> {
	const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
	probe.on('error', () => undefined);
	try {
		await probe.connect();
		await probe.ping();
		return true;
	} catch (error) {
		if (REQUIRE) throw new Error(`PP_REQUIRE_REDIS=1 but Redis on 127.0.0.1:${port} is unreachable: ${error}`);
		process.stdout.write(`skip: no Redis on 127.0.0.1:${port} (PP_REQUIRE_REDIS=1 makes this fail)\n`);
		return false;
	} finally {
		probe.disconnect();
	}
}

/** A key prefix no other test or run uses. */
export function testKeyPrefix(name: string): string {
	return `pp:test:${name}:${randomBytes(4).toString('hex')}:`;
}

/** Every key under `prefix`, and a way to delete them. */
export async function keysUnder(prefix: string, port = TEST_REDIS_PORT): Promise<string[]> {
	const redis = new Redis({ port });
	try {
		return (await redis.keys(`${prefix}*`)).sort();
	} finally {
		await redis.quit();
	}
}

export async function deleteKeysUnder(prefix: string, port = TEST_REDIS_PORT): Promise<void> {
	const redis = new Redis({ port });
	try {
		const keys = await redis.keys(`${prefix}*`);
		if (keys.length) await redis.del(...keys);
	} finally {
		await redis.quit();
	}
}

/** A TCP port nothing listens on (taken from the OS, then released). */
export async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}
