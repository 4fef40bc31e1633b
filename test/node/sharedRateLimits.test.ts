/**
 * "Share Rate Limits Across Workers" through n8n's execution engine: with the option on, the node keeps the
 * vendor account's budget in the test Redis (under its own prefix, removed afterwards) keyed by a digest of
 * the secret, never the secret; with Redis unreachable it runs anyway, paced locally, with a warning on the
 * node; with the option off it never asks for the Redis credential. And the Redis credential's Test.
 */
import nock from 'nock';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
} from 'n8n-workflow';
import { PostPurchaseRedisApi } from '../../credentials/PostPurchaseRedisApi.credentials';
import { ShipStationPostPurchaseApi } from '../../credentials/ShipStationPostPurchaseApi.credentials';
import { secretKeyPart } from '../../nodes/lib/http';
import { OrderLedger } from '../../nodes/OrderLedger/OrderLedger.node';
import { ShipStation } from '../../nodes/ShipStation/ShipStation.node';
import { postPurchaseRedisConnectionTest } from '../../nodes/shared/sharedBudget';
import { runNode } from '../helpers/n8n';
import { deleteKeysUnder, freePort, keysUnder, redisReachable, TEST_REDIS_PORT, testKeyPrefix } from '../helpers/redis';
import { createShipStationSim, type ShipStationSim } from '../sandbox/vendors/shipstation';
import { nockShipStation } from '../unit/shipstation/nockSim';

const prefix = testKeyPrefix('node-budget');
const API_KEY = 'ss-key';
const shipStation = {
	apiKey: API_KEY,
	apiSecret: 'ss-secret',
	v2ApiKey: 'ss-v2-key',
	v1BaseUrl: '',
	v2BaseUrl: '',
};
const redisCredential = (port = TEST_REDIS_PORT, password = '') => ({
	host: '127.0.0.1',
	port,
	user: '',
	password,
	database: 0,
	tls: false,
	keyPrefix: prefix,
});

let available = false;
let sim: ShipStationSim;
beforeAll(async () => {
	available = await redisReachable();
});
beforeEach(() => {
	nock.disableNetConnect();
	sim = createShipStationSim({ seed: 21, orders: 40, shipments: 30 });
	nockShipStation(sim);
});
afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});
afterAll(async () => {
	if (available) await deleteKeysUnder(prefix);
});

const maybe = (name: string, fn: () => Promise<void>) => it(name, async () => (available ? fn() : undefined));

function runShipStation(parameters: IDataObject, credentials: Record<string, ICredentialDataDecryptedObject>) {
	return runNode({
		nodeType: new ShipStation(),
		parameters: {
			resource: 'order',
			operation: 'getAll',
			orderFilter: 'status',
			orderStatus: 'on_hold',
			...parameters,
		},
		credentials,
		credentialTypes: [new ShipStationPostPurchaseApi(), new PostPurchaseRedisApi()],
	});
}

describe('Share Rate Limits Across Workers', () => {
	maybe('on: the API key budget lives in Redis under a digest of the key, one slot per call', async () => {
		const { outputs, error } = await runShipStation(
			{ shareRateLimits: true },
			{ shipStationPostPurchaseApi: shipStation, postPurchaseRedisApi: redisCredential() },
		);
		expect(error).toBeUndefined();
		expect(outputs[0].length).toBeGreaterThan(0);
		const keys = await keysUnder(prefix);
		expect(keys).toEqual([`${prefix}shipstation:${secretKeyPart(API_KEY)}`]);
		expect(keys.join(' ')).not.toContain(API_KEY);
		const Redis = (await import('ioredis')).default;
		const redis = new Redis({ port: TEST_REDIS_PORT });
		try {
			expect(await redis.zcard(keys[0])).toBe(sim.requests.length);
		} finally {
			await redis.quit();
		}
	});

	maybe('on, Redis unreachable: the node still answers, paced on its own, and says so on the node', async () => {
		const port = await freePort();
		const password = 'redis-pw-never-shown';
		const { outputs, error, runData } = await runShipStation(
			{ shareRateLimits: true },
			{ shipStationPostPurchaseApi: shipStation, postPurchaseRedisApi: redisCredential(port, password) },
		);
		expect(error).toBeUndefined();
		expect(outputs[0].length).toBe(sim.orders.filter((o) => o.orderStatus === 'on_hold').length);
		const hints = runData['ShipStation']?.[0]?.hints ?? [];
		expect(hints).toHaveLength(1);
		expect(hints[0].message).toContain(`Redis at 127.0.0.1:${port}`);
		expect(hints[0].message).toContain('paced its vendor calls on its own');
		expect(JSON.stringify(runData)).not.toContain(password);
	});

	it('off (the default): the Redis credential is never asked for', async () => {
		const { outputs, error } = await runShipStation({}, { shipStationPostPurchaseApi: shipStation });
		expect(error).toBeUndefined();
		expect(outputs[0].length).toBeGreaterThan(0);
	});

	it('Order Ledger on the embedded backend calls no vendor: the option does not apply there', async () => {
		const { error } = await runNode({
			nodeType: new OrderLedger(),
			parameters: {
				backend: 'embedded',
				dataDirectory: ':memory:',
				operation: 'getOrder',
				orderKey: '1',
				shareRateLimits: true,
			},
			credentials: {},
		});
		expect(error).toBeUndefined();
	});
});

describe('the Redis credential Test', () => {
	const test = (data: IDataObject) =>
		postPurchaseRedisConnectionTest.call(
			{} as ICredentialTestFunctions,
			{
				id: '1',
				name: 'Redis',
				type: 'postPurchaseRedisApi',
				data,
			} as ICredentialsDecrypted,
		);

	maybe('connects and PINGs', async () => {
		await expect(test(redisCredential())).resolves.toEqual({
			status: 'OK',
			message: `Connected to Redis at 127.0.0.1:${TEST_REDIS_PORT} (database 0)`,
		});
	});

	it('names host and port of a Redis it cannot reach, never the password', async () => {
		const port = await freePort();
		const result = await test(redisCredential(port, 'pw-secret-123'));
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`Redis at 127.0.0.1:${port} (database 0) did not answer`);
		expect(result.message).not.toContain('pw-secret-123');
	});
});
