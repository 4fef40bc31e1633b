/**
 * No secret of the credential in use reaches any error surface (issue 15). Every node family that calls a
 * vendor runs through n8n's execution engine against a fake vendor that fails in each way:
 *  - 401 and 500 whose bodies echo back everything they received (the Authorization header, the URL, the
 *    body): the worst vendor, so masking by value is what is tested, not luck;
 *  - a connection reset (the no-answer path a timeout takes too: TransportError);
 *  - 200 with a body that is not JSON and quotes the secrets;
 *  - a 302 to another origin with the secrets in the Location.
 * Each run is scanned whole: every string reachable from the execution error (message, description, stack,
 * errorResponse, context, cause, non-enumerable ones too), the run data n8n keeps, and the items written
 * under "On Error: Continue". Backoff sleeps are skipped (systemClock.sleep), so retries cost no time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { CarrierTracking } from '../../nodes/CarrierTracking/CarrierTracking.node';
import { ExceptionAlerts } from '../../nodes/ExceptionAlerts/ExceptionAlerts.node';
import { KlaviyoPostPurchase } from '../../nodes/Klaviyo/KlaviyoPostPurchase.node';
import { ShipStation } from '../../nodes/ShipStation/ShipStation.node';
import { ShopifyOrders } from '../../nodes/ShopifyOrders/ShopifyOrders.node';
import { ThreePlFulfillment } from '../../nodes/ThreePlFulfillment/ThreePlFulfillment.node';
import { DhlPostPurchaseApi } from '../../credentials/DhlPostPurchaseApi.credentials';
import { ExtensivPostPurchaseApi } from '../../credentials/ExtensivPostPurchaseApi.credentials';
import { FedExPostPurchaseApi } from '../../credentials/FedExPostPurchaseApi.credentials';
import { KlaviyoPostPurchaseApi } from '../../credentials/KlaviyoPostPurchaseApi.credentials';
import { ShipBobPostPurchaseApi } from '../../credentials/ShipBobPostPurchaseApi.credentials';
import { ShipHeroPostPurchaseApi } from '../../credentials/ShipHeroPostPurchaseApi.credentials';
import { ShipMonkPostPurchaseApi } from '../../credentials/ShipMonkPostPurchaseApi.credentials';
import { ShipStationPostPurchaseApi } from '../../credentials/ShipStationPostPurchaseApi.credentials';
import { ShopifyAdminPostPurchaseApi } from '../../credentials/ShopifyAdminPostPurchaseApi.credentials';
import { SlackPostPurchaseApi } from '../../credentials/SlackPostPurchaseApi.credentials';
import { UpsPostPurchaseApi } from '../../credentials/UpsPostPurchaseApi.credentials';
import { UspsPostPurchaseApi } from '../../credentials/UspsPostPurchaseApi.credentials';
import { systemClock } from '../../nodes/lib/http/types';
import { runNode, type AnyNodeType, type RunNodeResult } from '../helpers/n8n';

type Mode = '401 echo' | '500 echo' | 'connection reset' | 'bad JSON' | 'redirect elsewhere';
const MODES: Mode[] = ['401 echo', '500 echo', 'connection reset', 'bad JSON', 'redirect elsewhere'];

let mode: Mode = '401 echo';
let vendor: Server;
let elsewhere: Server;
let origin = '';
let elsewhereOrigin = '';
const elsewhereSeen: string[] = [];

/** Everything the request carried, as a vendor that quotes it back would. */
function echo(req: import('node:http').IncomingMessage, body: string): string {
	return JSON.stringify({
		error: `rejected ${req.method} ${req.url} with ${req.headers.authorization ?? ''}`,
		headers: req.headers,
		body,
	});
}

beforeAll(async () => {
	elsewhere = createServer((req, res) => {
		elsewhereSeen.push(`${req.method} ${req.url}`);
		res.end('{}');
	});
	vendor = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			const quoted = echo(req, body);
			if (mode === 'connection reset') {
				req.socket.destroy();
			} else if (mode === 'redirect elsewhere') {
				res.writeHead(302, { location: `${elsewhereOrigin}/collect?stolen=${encodeURIComponent(quoted)}` });
				res.end();
			} else if (mode === 'bad JSON') {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(`{"partial": ${quoted.slice(0, -1)}`);
			} else {
				res.writeHead(mode === '401 echo' ? 401 : 500, { 'content-type': 'application/json' });
				res.end(quoted);
			}
		});
	});
	await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
	await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
	elsewhereOrigin = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await new Promise((resolve) => vendor.close(resolve));
	await new Promise((resolve) => elsewhere.close(resolve));
});
beforeEach(() => {
	elsewhereSeen.length = 0;
	jest.spyOn(systemClock, 'sleep').mockResolvedValue(undefined);
});
afterEach(() => jest.restoreAllMocks());

interface Family {
	name: string;
	nodeType: () => AnyNodeType;
	parameters: IDataObject;
	credentialTypes: ICredentialType[];
	credentials: () => Record<string, ICredentialDataDecryptedObject>;
	input?: INodeExecutionData[];
	/** Secret values beyond the credential fields (the secret part of a webhook URL). */
	alsoSecret?: string[];
}

const errorTriggerItem = {
	execution: { id: '7', error: { message: 'an upstream node failed' }, lastNodeExecuted: 'X', mode: 'trigger' },
	workflow: { id: 'w', name: 'W' },
};

const FAMILIES: Family[] = [
	{
		name: 'ShipStation',
		nodeType: () => new ShipStation(),
		parameters: { resource: 'order', operation: 'getAll', orderFilter: 'status', orderStatus: 'on_hold' },
		credentialTypes: [new ShipStationPostPurchaseApi()],
		credentials: () => ({
			shipStationPostPurchaseApi: {
				apiKey: 'LEAK-ss-api-key-01',
				apiSecret: 'LEAK-ss-api-secret-02',
				v2ApiKey: 'LEAK-ss-v2-key-03',
				v1BaseUrl: origin,
				v2BaseUrl: origin,
			},
		}),
	},
	{
		name: 'Shopify Orders',
		nodeType: () => new ShopifyOrders(),
		parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '#1003' } },
		credentialTypes: [new ShopifyAdminPostPurchaseApi()],
		credentials: () => ({
			shopifyAdminPostPurchaseApi: {
				shopDomain: 'leak-test.myshopify.com',
				apiVersion: '2026-10',
				authMode: 'accessToken',
				accessToken: 'LEAK-shopify-token-04',
				webhookSecret: 'LEAK-shopify-whsec-05',
				baseUrl: origin,
			},
		}),
	},
	...(['shipbob', 'shiphero', 'shipmonk', 'extensiv'] as const).map(
		(provider): Family => ({
			name: `3PL Fulfillment (${provider})`,
			nodeType: () => new ThreePlFulfillment(),
			parameters: { provider, operation: 'getOrderStatus', orderNumber: '1001' },
			credentialTypes: [
				new ShipBobPostPurchaseApi(),
				new ShipHeroPostPurchaseApi(),
				new ShipMonkPostPurchaseApi(),
				new ExtensivPostPurchaseApi(),
			],
			credentials: () => ({
				shipBobPostPurchaseApi: { token: 'LEAK-shipbob-pat-06', environment: 'production', baseUrl: origin },
				shipHeroPostPurchaseApi: { refreshToken: 'LEAK-shiphero-refresh-07', accessToken: '', baseUrl: origin },
				shipMonkPostPurchaseApi: { apiKey: 'LEAK-shipmonk-key-08', environment: 'production', baseUrl: origin },
				extensivPostPurchaseApi: {
					clientId: 'LEAK-ext-client-09',
					clientSecret: 'LEAK-ext-secret-10',
					tpl: '{0000}',
					userLoginId: '1',
					accessToken: '',
					baseUrl: origin,
				},
			}),
		}),
	),
	...(
		[
			['fedex', '794843185271'],
			['ups', '1Z999AA10123456784'],
			['usps', '9400111899223197428497'],
			['dhl', '1234567890'],
		] as const
	).map(
		([carrier, number]): Family => ({
			name: `Carrier Tracking (${carrier})`,
			nodeType: () => new CarrierTracking(),
			parameters: { operation: 'track', carrier, trackingNumbers: number },
			credentialTypes: [
				new FedExPostPurchaseApi(),
				new UpsPostPurchaseApi(),
				new UspsPostPurchaseApi(),
				new DhlPostPurchaseApi(),
			],
			credentials: () => ({
				fedExPostPurchaseApi: {
					clientId: 'LEAK-fedex-client-11',
					clientSecret: 'LEAK-fedex-secret-12',
					environment: 'production',
					baseUrl: origin,
				},
				upsPostPurchaseApi: {
					clientId: 'LEAK-ups-client-13',
					clientSecret: 'LEAK-ups-secret-14',
					environment: 'production',
					baseUrl: origin,
				},
				uspsPostPurchaseApi: {
					clientId: 'LEAK-usps-client-15',
					clientSecret: 'LEAK-usps-secret-16',
					environment: 'production',
					baseUrl: origin,
				},
				dhlPostPurchaseApi: { apiKey: 'LEAK-dhl-key-17', environment: 'production', baseUrl: origin },
			}),
		}),
	),
	{
		name: 'Klaviyo',
		nodeType: () => new KlaviyoPostPurchase(),
		parameters: { operation: 'createEvent', metric: 'X', email: 'a@example.com', properties: '{}' },
		credentialTypes: [new KlaviyoPostPurchaseApi()],
		credentials: () => ({ klaviyoPostPurchaseApi: { apiKey: 'LEAK-klaviyo-key-18', baseUrl: origin } }),
	},
	{
		name: 'Exception Alerts (Slack bot token)',
		nodeType: () => new ExceptionAlerts(),
		parameters: {
			operation: 'postFailedExecution',
			backend: 'postgres',
			settingsSource: 'parameters',
			failureChannel: { __rl: true, mode: 'id', value: 'C0123456789' },
		},
		credentialTypes: [new SlackPostPurchaseApi()],
		credentials: () => ({
			slackPostPurchaseApi: {
				mode: 'botToken',
				botToken: 'LEAK-slack-bot-19',
				signingSecret: 'LEAK-slack-signing-20',
				baseUrl: `${origin}/api`,
			},
		}),
		input: [{ json: errorTriggerItem }],
	},
	{
		name: 'Exception Alerts (Slack incoming webhook)',
		nodeType: () => new ExceptionAlerts(),
		parameters: {
			operation: 'postFailedExecution',
			backend: 'postgres',
			settingsSource: 'parameters',
			failureChannel: { __rl: true, mode: 'id', value: 'C0123456789' },
		},
		credentialTypes: [new SlackPostPurchaseApi()],
		credentials: () => ({
			slackPostPurchaseApi: {
				mode: 'incomingWebhook',
				signingSecret: 'LEAK-slack-signing-21',
				webhookUrl: `${origin}/services/T0LEAK/B0LEAK/LEAKslackhookpath22`,
			},
		}),
		input: [{ json: errorTriggerItem }],
		alsoSecret: ['LEAKslackhookpath22'],
	},
];

/** Every secret value of a family's credentials, and the HTTP Basic encodings of their pairs. */
function secretsOf(family: Family): string[] {
	const values = Object.values(family.credentials()).flatMap((data) =>
		Object.values(data).filter((v): v is string => typeof v === 'string' && v.startsWith('LEAK')),
	);
	const basic = values.flatMap((a) => values.map((b) => Buffer.from(`${a}:${b}`).toString('base64')));
	return [...values, ...basic, ...(family.alsoSecret ?? [])];
}

/** Every string reachable from a value: own properties, enumerable or not (message, stack), to any depth. */
export function allStrings(value: unknown, out: string[] = [], seen = new WeakSet<object>()): string[] {
	if (typeof value === 'string') out.push(value);
	if (value === null || typeof value !== 'object' || seen.has(value)) return out;
	seen.add(value);
	for (const key of Object.getOwnPropertyNames(value)) {
		let property: unknown;
		try {
			// Read through getters too: an Error's `stack` may be an accessor.
			property = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		allStrings(property, out, seen);
	}
	return out;
}

/** The secrets found anywhere in a run: the error, n8n's run data, and every output item. */
export function leaksIn(result: RunNodeResult, secrets: string[]): string[] {
	const text = [...allStrings(result.error), JSON.stringify(result.runData), JSON.stringify(result.outputs)].join('\n');
	return secrets.filter((secret) => text.includes(secret));
}

function run(family: Family, onError?: 'continueRegularOutput' | 'continueErrorOutput') {
	return runNode({
		nodeType: family.nodeType(),
		parameters: family.parameters,
		credentialTypes: family.credentialTypes,
		credentials: family.credentials(),
		input: family.input,
		onError,
	});
}

describe('the scanner itself', () => {
	it('finds a secret planted in an output item, in an error stack, and under a non-enumerable property', () => {
		const secrets = ['LEAK-planted-99'];
		const error = new Error('fine');
		Object.defineProperty(error, 'hidden', { value: { deep: ['LEAK-planted-99'] }, enumerable: false });
		expect(leaksIn({ outputs: [], runData: {}, credentials: {}, error: error as never }, secrets)).toEqual(secrets);
		const item = { json: { note: 'x LEAK-planted-99 y' } };
		expect(leaksIn({ outputs: [[item]], runData: {}, credentials: {} }, secrets)).toEqual(secrets);
		const stack = new Error('LEAK-planted-99');
		expect(stack.stack).toContain('LEAK-planted-99'); // written now, with the message as it is now
		(stack as { message: string }).message = 'clean';
		expect(leaksIn({ outputs: [], runData: {}, credentials: {}, error: stack as never }, secrets)).toEqual(secrets);
	});
});

describe.each(FAMILIES.map((family) => [family.name, family] as const))('%s', (_name, family) => {
	it.each(MODES)('%s: the run fails, and no secret is anywhere in what it leaves', async (failure) => {
		mode = failure;
		const secrets = secretsOf(family);
		expect(secrets.length).toBeGreaterThan(0);

		const stopped = await run(family);
		// The fake vendor really failed the run, so the scan looks at an error. A 200 whose body is not JSON is
		// taken as it is by some operations (Klaviyo's 202 carries no body); what they output is scanned the same.
		if (failure !== 'bad JSON') expect(stopped.error).toBeDefined();
		expect(leaksIn(stopped, secrets)).toEqual([]);

		const continued = await run(family, 'continueRegularOutput');
		expect(continued.error).toBeUndefined();
		if (failure !== 'bad JSON') expect(JSON.stringify(continued.outputs)).toMatch(/"error"/);
		expect(leaksIn(continued, secrets)).toEqual([]);

		const errorOutput = await run(family, 'continueErrorOutput');
		expect(leaksIn(errorOutput, secrets)).toEqual([]);

		expect(elsewhereSeen).toEqual([]);
	});
});
