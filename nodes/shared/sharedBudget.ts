/**
 * n8n glue for shared rate budgets (issue 16; docs/reliability.md, "Shared rate budgets"): the node option
 * "Share Rate Limits Across Workers", its Redis credential slot, the credential's Test, and one connection per
 * execution. Every node that calls a vendor uses this file only; the budgets themselves are in
 * nodes/lib/http/sharedBudget.ts and redisBudget.ts.
 *
 * Off by default: a node without the option paces exactly as before. On, a Redis that cannot be reached
 * never fails the run: the node paces on its own, says so in a warning on the node, and logs it (the
 * message names host and port, never the password).
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeCredentialTestResult,
	INodeProperties,
	NodeParameterValue,
} from 'n8n-workflow';
import { ResilientBudget } from '../lib/http/sharedBudget';
import { RedisBudget, type RedisBudgetConnection } from '../lib/http/redisBudget';

export const REDIS_CREDENTIAL = 'postPurchaseRedisApi';
/** The credential test a node names in `testedBy` and lists under `methods.credentialTest`. */
export const REDIS_CONNECTION_TEST = 'postPurchaseRedisConnectionTest';
export const SHARE_RATE_LIMITS = 'shareRateLimits';
export const DEFAULT_KEY_PREFIX = 'pp:budget:';

/** The Post-Purchase Redis credential as n8n hands it over: the connection, and the prefix of the budget keys. */
export interface RedisCredential extends RedisBudgetConnection {
	keyPrefix?: string;
}

/** The node option, top level, next to the vendor credential. */
export const shareRateLimitsProperty: INodeProperties = {
	displayName: 'Share Rate Limits Across Workers',
	name: SHARE_RATE_LIMITS,
	type: 'boolean',
	noDataExpression: true,
	default: false,
	description:
		'Whether to keep the vendor rate limit in Redis, shared by every n8n worker and execution calling the same ' +
		'account, so together they stay inside it (n8n queue mode, or several workflows at once). Off: each ' +
		'execution paces on its own.',
};

/** The Redis credential slot, shown only when the option is on. */
export const sharedRateLimitCredential: INodeCredentialDescription = {
	name: REDIS_CREDENTIAL,
	required: true,
	testedBy: REDIS_CONNECTION_TEST,
	displayOptions: { show: { [SHARE_RATE_LIMITS]: [true] } },
};

/**
 * The option and its credential slot for a node that calls a vendor only in some settings (Order Ledger:
 * only on the Airtable backend): both shown only when `show` holds as well.
 */
export function sharedRateLimitsWhen(show: Record<string, NodeParameterValue[]>): {
	property: INodeProperties;
	credential: INodeCredentialDescription;
} {
	return {
		property: { ...shareRateLimitsProperty, displayOptions: { show } },
		credential: { ...sharedRateLimitCredential, displayOptions: { show: { ...show, [SHARE_RATE_LIMITS]: [true] } } },
	};
}

export function redisConnection(credential: RedisCredential): RedisBudgetConnection {
	return {
		host: credential.host || 'localhost',
		port: Number(credential.port) || 6379,
		user: credential.user || undefined,
		password: credential.password || undefined,
		database: Number(credential.database) || 0,
		tls: credential.tls === true,
	};
}

function where(connection: RedisBudgetConnection): string {
	return `${connection.host}:${connection.port} (database ${connection.database ?? 0})`;
}

/** A connection error as a user can act on it; ioredis' messages name host and port, never the password. */
function redisProblem(error: unknown, connection: RedisBudgetConnection): string {
	const message = error instanceof Error ? error.message : String(error);
	if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(message))
		return `Redis at ${where(connection)} refused the user or password: check them in the Redis credential`;
	return `Redis at ${where(connection)} did not answer (${message}): check host, port and TLS in the Redis credential`;
}

/**
 * The execution's shared budget, or undefined when the option is off (or `applies` is false: the node calls
 * no vendor in its current settings). The caller closes it when the execution's calls are done
 * (withSharedBudget does both).
 */
export async function openSharedBudget(
	ctx: IExecuteFunctions,
	options: { applies?: boolean } = {},
): Promise<ResilientBudget | undefined> {
	if (options.applies === false) return undefined;
	if (!(ctx.getNodeParameter(SHARE_RATE_LIMITS, 0, false) as boolean)) return undefined;
	const credential = (await ctx.getCredentials(REDIS_CREDENTIAL)) as unknown as RedisCredential;
	const connection = redisConnection(credential);
	const warn = (message: string) => {
		ctx.logger.warn(message);
		if (typeof ctx.addExecutionHints === 'function')
			ctx.addExecutionHints({ type: 'warning', location: 'outputPane', message });
	};
	try {
		const store = await RedisBudget.connect(connection);
		return new ResilientBudget(store, { prefix: credential.keyPrefix ?? DEFAULT_KEY_PREFIX, warn });
	} catch (error) {
		warn(
			`Shared rate limits were off for this run: ${redisProblem(error, connection)}. The node paced its vendor ` +
				`calls on its own, as without sharing.`,
		);
		return undefined;
	}
}

/** Runs `work` with the execution's shared budget (or none) and closes the connection afterwards. */
export async function withSharedBudget<T>(
	ctx: IExecuteFunctions,
	work: (budget: ResilientBudget | undefined) => Promise<T>,
	options: { applies?: boolean } = {},
): Promise<T> {
	const budget = await openSharedBudget(ctx, options);
	try {
		return await work(budget);
	} finally {
		await budget?.close();
	}
}

/** n8n's Test for the Redis credential: connect, PING, and say what to fix. */
export async function postPurchaseRedisConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const connection = redisConnection(credential.data as unknown as RedisCredential);
	let store: RedisBudget | undefined;
	try {
		store = await RedisBudget.connect(connection);
		await store.ping();
		return { status: 'OK', message: `Connected to Redis at ${where(connection)}` };
	} catch (error) {
		return { status: 'Error', message: redisProblem(error, connection) };
	} finally {
		await store?.close();
	}
}
