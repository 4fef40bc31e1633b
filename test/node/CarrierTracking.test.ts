/**
 * Carrier Tracking through n8n's execution engine; HTTP intercepted by nock and answered by the
 * carrier simulators (test/sandbox/vendors), so requests and answers keep the carriers' contracts.
 */
import nock from 'nock';
import { CarrierTracking } from '../../nodes/CarrierTracking/CarrierTracking.node';
import { FedExPostPurchaseApi } from '../../credentials/FedExPostPurchaseApi.credentials';
import { UpsPostPurchaseApi } from '../../credentials/UpsPostPurchaseApi.credentials';
import { UspsPostPurchaseApi } from '../../credentials/UspsPostPurchaseApi.credentials';
import { DhlPostPurchaseApi } from '../../credentials/DhlPostPurchaseApi.credentials';
import { runNode } from '../helpers/n8n';
import { toSimRequest, type VendorSim } from '../sandbox/http';
import { createFedExSim, type FedExSim } from '../sandbox/vendors/fedex';
import { createUpsSim } from '../sandbox/vendors/ups';
import { createUspsSim } from '../sandbox/vendors/usps';
import { createDhlSim } from '../sandbox/vendors/dhl';
import { simTransport } from '../unit/carriers/simTransport';

/** Every request to `origin` is answered by `sim` (full path, query included), through nock. */
function nockSim(origin: string, sim: VendorSim) {
	const answer = async function (
		this: { req: { headers: Record<string, string | string[]>; method?: string } },
		uri: string,
		body: unknown,
	) {
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(this.req.headers))
			headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
		const raw = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
		const res = await sim.handle(toSimRequest(this.req.method ?? 'GET', uri, headers, raw));
		if (!res) return [404, { error: 'no route' }];
		const isJson = res.body !== undefined && typeof res.body !== 'string';
		return [
			res.status,
			isJson ? JSON.stringify(res.body) : (res.body ?? ''),
			{ ...(isJson ? { 'content-type': 'application/json' } : {}), ...(res.headers ?? {}) },
		];
	};
	const scope = nock(origin).persist();
	scope
		.get(/.*/)
		.query(true)
		.reply(answer as never);
	scope
		.post(/.*/)
		.query(true)
		.reply(answer as never);
	return scope;
}

const ORIGIN = 'https://carriers.test';
const credentialTypes = [
	new FedExPostPurchaseApi(),
	new UpsPostPurchaseApi(),
	new UspsPostPurchaseApi(),
	new DhlPostPurchaseApi(),
];
const credentials = {
	fedExPostPurchaseApi: {
		clientId: 'fedex-client',
		clientSecret: 'fedex-secret',
		environment: 'production',
		baseUrl: `${ORIGIN}/fedex`,
	},
	upsPostPurchaseApi: {
		clientId: 'ups-client',
		clientSecret: 'ups-secret',
		environment: 'production',
		baseUrl: `${ORIGIN}/ups`,
	},
	uspsPostPurchaseApi: {
		clientId: 'usps-client',
		clientSecret: 'usps-secret',
		environment: 'production',
		baseUrl: `${ORIGIN}/usps`,
	},
	dhlPostPurchaseApi: { apiKey: 'dhl-key', environment: 'production', baseUrl: `${ORIGIN}/dhl` },
};

let fedex: FedExSim;
beforeEach(() => {
	fedex = createFedExSim({
		scenarios: { '794843185271': 'delivered', '794843185272': 'out_for_delivery' },
		unknownNumbers: ['794800000000'],
		malformedDates: ['794843185279'],
	});
	nockSim(`${ORIGIN}`, {
		name: 'all',
		handle: (req) => {
			const [, mount, ...rest] = req.path.split('/');
			const sims: Record<string, VendorSim> = { fedex, ups: upsSim, usps: uspsSim, dhl: dhlSim };
			const sim = sims[mount];
			return sim?.handle({ ...req, path: `/${rest.join('/')}` });
		},
	});
});
afterEach(() => nock.cleanAll());
const upsSim = createUpsSim({ scenarios: { '1Z999AA10123456784': 'in_transit' } });
const uspsSim = createUspsSim();
const dhlSim = createDhlSim({ scenarios: { '1234567890': 'failed_attempt' } });

describe('Carrier Tracking node: Track', () => {
	it('batches the numbers of ALL items into requests of 30 with one token for the run', async () => {
		const numbers = Array.from({ length: 35 }, (_, i) => `7948431${String(90000 + i)}`);
		const { outputs, error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'track', carrier: 'fedex', trackingNumbers: '={{ $json.numbers }}' },
			input: [{ json: { numbers: numbers.slice(0, 20).join(',') } }, { json: { numbers: numbers.slice(20) } }],
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(35);
		expect(outputs[0].slice(0, 20).every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(outputs[0].slice(20).every((item) => (item.pairedItem as { item: number }).item === 1)).toBe(true);
		expect(fedex.calls.filter((c) => c.path === '/oauth/token')).toHaveLength(1);
		expect(
			fedex.calls
				.filter((c) => c.path === '/track/v1/trackingnumbers')
				.map((c) => (c.json as { trackingInfo: unknown[] }).trackingInfo.length)
				.sort(),
		).toEqual([30, 5]);
		for (const item of outputs[0])
			expect(item.json).toMatchObject({
				carrier: 'fedex',
				found: true,
				status: expect.any(String),
				trackingUrl: expect.stringContaining('fedex.com'),
			});
	});

	it('Auto detects the carrier per number and emits observations for Order State', async () => {
		const { outputs, error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: {
				operation: 'track',
				carrier: 'auto',
				trackingNumbers: '={{ $json.tracking }}',
				trackingCompany: '={{ $json.company }}',
				orderKey: '={{ $json.order }}',
			},
			input: [
				{ json: { tracking: '794843185271', company: 'FedEx', order: '#1001' } },
				{ json: { tracking: '1Z999AA10123456784', company: '', order: '1002' } },
				{ json: { tracking: '1234567890', company: 'DHL Express', order: '1003' } },
			],
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(
			outputs[0].map((i) => [
				i.json.carrier,
				i.json.status,
				(i.json.observation as { orderKey: string }).orderKey,
				i.pairedItem,
			]),
		).toEqual([
			['fedex', 'delivered', '1001', { item: 0 }],
			['ups', 'in_transit', '1002', { item: 1 }],
			['dhl', 'failed_attempt', '1003', { item: 2 }],
		]);
		expect(outputs[0][0].json.observation).toMatchObject({
			kind: 'tracking',
			source: 'fedex',
			data: { status: 'delivered', trackingNumber: '794843185271' },
		});
		expect(outputs[0][0].json.deliveredAt).toEqual(expect.any(String));
	});

	it('a number the carrier does not know is a per-item result, not a failed run', async () => {
		const { outputs, error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'track', carrier: 'fedex', trackingNumbers: '794800000000, 794843185272' },
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({
			trackingNumber: '794800000000',
			found: false,
			status: 'unknown',
			notFound: { code: 'TRACKING.TRACKINGNUMBER.NOTFOUND' },
		});
		expect(outputs[0][1].json).toMatchObject({
			trackingNumber: '794843185272',
			found: true,
			status: 'out_for_delivery',
		});
	});

	it('malformed carrier dates are reported on the item, the rest of the timeline kept', async () => {
		const { outputs, error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'track', carrier: 'fedex', trackingNumbers: '794843185279' },
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.found).toBe(true);
		expect(outputs[0][0].json.warnings).toEqual([
			expect.stringContaining('scanEvents[0].date "2024-13-45T25:61:00-07:00"'),
		]);
	});

	it('a token that expires mid-run is refreshed once and the run completes', async () => {
		const handle = fedex.handle.bind(fedex);
		let tracked = 0;
		fedex.handle = (req) => {
			const res = handle(req);
			if (req.path === '/track/v1/trackingnumbers' && res?.status === 200 && ++tracked === 1) fedex.expireTokens();
			return res;
		};
		const numbers = Array.from({ length: 61 }, (_, i) => `7948431${String(70000 + i)}`);
		const { outputs, error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'track', carrier: 'fedex', trackingNumbers: numbers.join('\n') },
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(61);
		expect(outputs[0].every((item) => item.json.found === true)).toBe(true);
		// batches in flight when the token expired all wait for the same single refresh
		expect(fedex.tokens.issued).toBe(2);
		expect(fedex.calls.filter((c) => c.status === 401).length).toBeGreaterThanOrEqual(1);
		expect(fedex.calls.filter((c) => c.path === '/oauth/token')).toHaveLength(2);
	});

	it('a token refused again after the refresh fails with a clear error (not a loop)', async () => {
		fedex.tokens.rejectAll = true;
		const { error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'track', carrier: 'fedex', trackingNumbers: '794843185271' },
			credentials,
			credentialTypes,
		});
		expect(error?.message).toBe('FedEx rejected a freshly issued access token (401 twice in a row)');
		expect((error as { description?: string }).description).toMatch(/Tracking API enabled/);
		expect(fedex.calls.filter((c) => c.path === '/oauth/token')).toHaveLength(2);
	});

	it('with continueOnFail a failure becomes an error item, the other items still tracked', async () => {
		const { outputs, error } = await runNode({
			nodeType: new CarrierTracking(),
			continueOnFail: true,
			parameters: { operation: 'track', carrier: 'auto', trackingNumbers: '={{ $json.t }}' },
			input: [
				{ json: { t: '794843185271' } },
				{ json: { t: 'ABCDEFGH' } },
				{ json: { t: '' } },
				{ json: { t: 'please ship fast!' } },
			],
			credentials: { fedExPostPurchaseApi: credentials.fedExPostPurchaseApi },
			credentialTypes,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ found: true, carrier: 'fedex' });
		expect(outputs[0][1]).toMatchObject({
			json: { error: expect.stringContaining('Cannot tell the carrier of "ABCDEFGH"') },
			pairedItem: { item: 1 },
		});
		expect(outputs[0][1].json.description).toMatch(/Choose the carrier/);
		expect(outputs[0][2]).toMatchObject({ json: { error: 'No tracking number given' }, pairedItem: { item: 2 } });
		expect(outputs[0][3]).toMatchObject({
			json: { error: '"PLEASESHIPFAST!" is not a tracking number (4 to 35 letters and digits)' },
			pairedItem: { item: 3 },
		});
	});

	it('a carrier without credential is named in the error', async () => {
		const { error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'track', carrier: 'auto', trackingNumbers: '1Z999AA10123456784' },
			credentials: { fedExPostPurchaseApi: credentials.fedExPostPurchaseApi },
			credentialTypes,
		});
		expect(error?.message).toBe('No UPS credential is set on this node');
		expect((error as { description?: string }).description).toMatch(
			/Add a "UPS Tracking \(Post-Purchase\) API" credential/,
		);
	});
});

describe('Carrier Tracking node: Detect Carrier', () => {
	it('detects from number and company, one item per number', async () => {
		const { outputs, error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'detectCarrier', trackingNumbers: '={{ $json.n }}', trackingCompany: '={{ $json.c }}' },
			input: [
				{ json: { n: '1Z999AA10123456784, 9400111899223197428497', c: '' } },
				{ json: { n: '794843185271', c: 'DHL Express' } },
			],
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((i) => [i.json.trackingNumber, i.json.carrier, i.json.basis, i.pairedItem])).toEqual([
			['1Z999AA10123456784', 'ups', 'format', { item: 0 }],
			['9400111899223197428497', 'usps', 'format', { item: 0 }],
			['794843185271', 'dhl', 'company', { item: 1 }],
		]);
		expect(outputs[0][0].json.trackingUrl).toBe('https://www.ups.com/track?tracknum=1Z999AA10123456784');
	});
});

describe('credential test requests are accepted by the carrier (sim)', () => {
	it.each([
		['fedex', new FedExPostPurchaseApi(), credentials.fedExPostPurchaseApi, () => createFedExSim()],
		['ups', new UpsPostPurchaseApi(), credentials.upsPostPurchaseApi, () => createUpsSim()],
		['usps', new UspsPostPurchaseApi(), credentials.uspsPostPurchaseApi, () => createUspsSim()],
	] as const)('%s: the test request, authenticated, gets a token', async (name, type, creds, makeSim) => {
		const sim = makeSim();
		const request = await type.authenticate(creds, {
			url: type.test.request.url!,
			method: type.test.request.method,
			headers: { ...(type.test.request.headers ?? {}) },
			body: type.test.request.body,
		});
		const transport = simTransport(sim, `https://sim.test/${name}`);
		const res = await transport({
			method: 'POST',
			url: `https://sim.test/${name}${request.url}`,
			headers: request.headers as Record<string, string>,
			body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
		});
		expect(res.status).toBe(200);
		expect((res.body as { access_token: string }).access_token).toEqual(expect.any(String));
		expect(String(type.test.request.baseURL)).toContain('$credentials.baseUrl');
	});
});
