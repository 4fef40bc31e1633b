/**
 * Carrier Tracking > Validate Address through n8n's execution engine (issue 17); HTTP intercepted by nock and
 * answered by the UPS, USPS and FedEx simulators' address endpoints (test/sandbox/vendors/addressBook.ts).
 */
import nock from 'nock';
import { CarrierTracking } from '../../nodes/CarrierTracking/CarrierTracking.node';
import { FedExPostPurchaseApi } from '../../credentials/FedExPostPurchaseApi.credentials';
import { UpsPostPurchaseApi } from '../../credentials/UpsPostPurchaseApi.credentials';
import { UspsPostPurchaseApi } from '../../credentials/UspsPostPurchaseApi.credentials';
import { runNode } from '../helpers/n8n';
import { nockSim } from '../unit/shopify/nockSim';
import { createFedExSim, type FedExSim } from '../sandbox/vendors/fedex';
import { createUpsSim, type UpsSim } from '../sandbox/vendors/ups';
import { createUspsSim, type UspsSim } from '../sandbox/vendors/usps';

/** One origin per carrier, so each is answered by its own sim. */
const originOf = (carrier: string) => `https://${carrier}.carriers.test`;
const credentialTypes = [new FedExPostPurchaseApi(), new UpsPostPurchaseApi(), new UspsPostPurchaseApi()];
const SECRETS = { fedex: 'fedex-secret-9f2c', ups: 'ups-secret-41ab', usps: 'usps-secret-77de' };
const credentials = {
	fedExPostPurchaseApi: {
		clientId: 'fedex-client',
		clientSecret: SECRETS.fedex,
		environment: 'production',
		baseUrl: originOf('fedex'),
	},
	upsPostPurchaseApi: {
		clientId: 'ups-client',
		clientSecret: SECRETS.ups,
		environment: 'production',
		baseUrl: originOf('ups'),
	},
	uspsPostPurchaseApi: {
		clientId: 'usps-client',
		clientSecret: SECRETS.usps,
		environment: 'production',
		baseUrl: originOf('usps'),
	},
};

let sims: { fedex: FedExSim; ups: UpsSim; usps: UspsSim };

/** Every request to a carrier's origin is answered by that carrier's sim (the shared nock bridge). */
function nockSims() {
	for (const carrier of ['fedex', 'ups', 'usps'] as const) nockSim(originOf(carrier), sims[carrier]);
}

beforeEach(() => {
	sims = {
		fedex: createFedExSim({ clientSecret: SECRETS.fedex }),
		ups: createUpsSim({ clientSecret: SECRETS.ups }),
		usps: createUspsSim({ clientSecret: SECRETS.usps }),
	};
	nockSims();
});
afterEach(() => nock.cleanAll());

const byExpression = {
	address1: '={{ $json.address1 }}',
	address2: '={{ $json.address2 }}',
	city: '={{ $json.city }}',
	provinceCode: '={{ $json.provinceCode }}',
	zip: '={{ $json.zip }}',
	countryCode: '={{ $json.countryCode }}',
};

const CUSTOMERS = [
	{
		address1: '1200 PINE ST',
		address2: 'APT 4B',
		city: 'SEATTLE',
		provinceCode: 'WA',
		zip: '98101-2104',
		countryCode: 'US',
	},
	{
		address1: '1200 pine street',
		address2: 'apt 4b',
		city: 'seattle',
		provinceCode: 'WA',
		zip: '98101',
		countryCode: 'US',
	},
	{ address1: '500 OAK AVE', address2: '', city: 'SPRINGFIELD', provinceCode: 'IL', zip: '62704', countryCode: 'US' },
	{ address1: '99999 NOWHERE RD', address2: '', city: 'SEATTLE', provinceCode: 'WA', zip: '98101', countryCode: 'US' },
];

describe('Carrier Tracking node: Validate Address', () => {
	it.each(['ups', 'usps', 'fedex'] as const)(
		'%s: one AddressCheck per item, paired, with one token for the run',
		async (carrier) => {
			const { outputs, error } = await runNode({
				nodeType: new CarrierTracking(),
				parameters: { operation: 'validateAddress', carrier, ...byExpression },
				input: CUSTOMERS.map((json) => ({ json })),
				credentials,
				credentialTypes,
			});
			expect(error).toBeUndefined();
			const items = outputs[0];
			expect(items.map((i) => [i.json.carrier, i.json.verdict, i.pairedItem])).toEqual([
				[carrier, 'valid', { item: 0 }],
				[carrier, 'corrected', { item: 1 }],
				[carrier, 'ambiguous', { item: 2 }],
				[carrier, 'invalid', { item: 3 }],
			]);
			expect(items[1].json.suggestion).toEqual({
				address1: '1200 PINE ST',
				address2: 'APT 4B',
				city: 'SEATTLE',
				provinceCode: 'WA',
				zip: '98101-2104',
				countryCode: 'US',
			});
			expect((items[1].json.changes as Array<{ field: string }>).map((c) => c.field)).toEqual([
				'address1',
				'address2',
				'city',
				'zip',
			]);
			expect(items[0].json.residential).toBe(true);
			expect(items[1].json.input).toMatchObject({ address1: '1200 pine street', countryCode: 'US' });
			if (carrier === 'ups') expect(items[2].json.candidates).toHaveLength(2);
			const tokenPath = { ups: '/security/v1/oauth/token', usps: '/oauth2/v3/token', fedex: '/oauth/token' }[carrier];
			expect(sims[carrier].calls.filter((c) => c.path === tokenPath)).toHaveLength(1);
			expect(sims[carrier].addressRequests).toBe(4);
			expect(JSON.stringify(outputs)).not.toContain(SECRETS[carrier]);
		},
	);

	it('a non-US address sent to USPS stops the run with an error naming Country Code, before any call', async () => {
		const { error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'validateAddress', carrier: 'usps', ...byExpression },
			input: [
				{ json: { address1: '1 Main St', city: 'Toronto', provinceCode: 'ON', zip: 'M5V 2T6', countryCode: 'CA' } },
			],
			credentials,
			credentialTypes,
		});
		expect(error?.message).toMatch(/USPS cannot validate an address in CA/);
		expect((error as { description?: string }).description).toMatch(/countryCode|Country Code/);
		expect((error as { description?: string }).description).toMatch(/FedEx/);
		expect(sims.usps.addressRequests).toBe(0);
	});

	it('continueOnFail: a bad item becomes an error item in place, the others are checked', async () => {
		const { outputs, error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'validateAddress', carrier: 'ups', ...byExpression },
			input: [{ json: CUSTOMERS[0] }, { json: { ...CUSTOMERS[0], countryCode: '' } }, { json: CUSTOMERS[3] }],
			credentials,
			credentialTypes,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(3);
		expect(outputs[0][0].json.verdict).toBe('valid');
		expect(outputs[0][1].json.error).toMatch(/Country Code is missing/);
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
		expect(outputs[0][2].json.verdict).toBe('invalid');
	});

	it('a carrier without a credential on the node names the credential to add', async () => {
		const { error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'validateAddress', carrier: 'fedex', ...byExpression },
			input: [{ json: CUSTOMERS[0] }],
			credentials: { upsPostPurchaseApi: credentials.upsPostPurchaseApi },
			credentialTypes,
		});
		expect(error?.message).toMatch(/No FedEx credential/);
		expect((error as { description?: string }).description).toMatch(/FedEx Tracking \(Post-Purchase\) API/);
	});

	it('refused client credentials: a NodeApiError with an actionable description and no secret', async () => {
		const { error } = await runNode({
			nodeType: new CarrierTracking(),
			parameters: { operation: 'validateAddress', carrier: 'usps', ...byExpression },
			input: [{ json: CUSTOMERS[0] }],
			credentials: {
				uspsPostPurchaseApi: { ...credentials.uspsPostPurchaseApi, clientSecret: 'wrong-secret-0000' },
			},
			credentialTypes,
		});
		expect(error).toBeDefined();
		expect((error as { description?: string }).description).toMatch(/client ID \/ client secret/);
		expect(JSON.stringify(error)).not.toContain('wrong-secret-0000');
		expect(String(error?.message)).not.toContain('wrong-secret-0000');
	});
});
