/**
 * Address validation contract (issue 17): the clean-room fixtures in test/fixtures/vendor-native/<carrier>/address
 * (answers, and the requests their meta files record) validated against UPS AddressValidation.yaml, USPS
 * addresses-v3r2_2.yaml and FedEx Addresses-Resource.json. Specs that are absent skip with the reason.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import type { HttpRequest, HttpResponse, Transport } from '../../../nodes/lib/http';
import type { Address } from '../../../nodes/lib/order/types';
import { addressForCarrier, createAddressValidator } from '../../../nodes/lib/connectors/carriers';
import { toSimRequest, type VendorSim } from '../../sandbox/http';
import { createFedExSim } from '../../sandbox/vendors/fedex';
import { createUpsSim } from '../../sandbox/vendors/ups';
import { createUspsSim } from '../../sandbox/vendors/usps';
import { simTransport } from '../../unit/carriers/simTransport';
import { fedExAddressRequestBody } from '../../../nodes/lib/connectors/fedex/address';
import { upsAddressRequestBody } from '../../../nodes/lib/connectors/ups/address';
import { uspsAddressQuery } from '../../../nodes/lib/connectors/usps/address';
import { addressFixtures, FIXTURE_ROOT as ROOT } from '../../helpers/addressFixtures';
import {
	describeIfSpec,
	loadOpenApi,
	validateAgainstComponent,
	validateAgainstOpenApi,
	validateQueryAgainstOpenApi,
	type ValidationResult,
} from '../../helpers/specs';

function expectValid(result: ValidationResult) {
	expect(result.errors).toEqual([]);
	expect(result.valid).toBe(true);
}

const CASES = ['address-ambiguous', 'address-corrected', 'address-error', 'address-invalid', 'address-valid'];

describe('address fixtures', () => {
	it.each(['ups', 'usps', 'fedex'])('%s has every case, each with a meta naming its sources', (carrier) => {
		const fixtures = addressFixtures(carrier);
		expect(fixtures.map((f) => f.name)).toEqual(CASES);
		for (const f of fixtures) expect(f.meta.vendor).toBe(carrier);
		expect(existsSync(path.join(ROOT, carrier, 'address', 'README.md'))).toBe(true);
	});
});

describeIfSpec('ups/AddressValidation.yaml')('UPS XAV fixtures against AddressValidation.yaml', () => {
	const spec = () => loadOpenApi('ups/AddressValidation.yaml');
	it.each(addressFixtures('ups').map((f) => [f.name, f] as const))('%s: answer and request', (_n, f) => {
		const specPath = new URL(f.meta.http.url).pathname.replace(/^\/api/, '');
		expectValid(
			validateAgainstOpenApi(
				spec(),
				{ path: specPath, method: 'POST', kind: 'response', status: f.meta.http.status },
				f.body,
			),
		);
		expectValid(
			validateAgainstOpenApi(spec(), { path: specPath, method: 'POST', kind: 'request' }, f.meta.http.requestBody),
		);
	});
	it('the validator is not a rubber stamp', () => {
		const bad = {
			XAVResponse: { Response: { ResponseStatus: { Code: 'OK', Description: 'Success' } }, Candidate: {} },
		};
		expect(
			validateAgainstOpenApi(spec(), { path: '/addressvalidation/v2/3', method: 'POST', kind: 'response' }, bad).valid,
		).toBe(false);
	});
});

describeIfSpec('usps/addresses-v3r2_2.yaml')('USPS Addresses fixtures against addresses-v3r2_2.yaml', () => {
	const spec = () => loadOpenApi('usps/addresses-v3r2_2.yaml');
	it.each(addressFixtures('usps').map((f) => [f.name, f] as const))('%s: answer', (_n, f) => {
		expectValid(
			validateAgainstOpenApi(
				spec(),
				{ path: '/address', method: 'GET', kind: 'response', status: f.meta.http.status },
				f.body,
			),
		);
	});
	it.each(
		addressFixtures('usps')
			.filter((f) => !f.meta.expect.error)
			.map((f) => [f.name, f] as const),
	)('%s: the query we send', (_n, f) => {
		expectValid(validateQueryAgainstOpenApi(spec(), { path: '/address', method: 'GET' }, f.meta.http.query!));
	});
	it('the bad request of address-error is refused by the spec too (state ZZ)', () => {
		const f = addressFixtures('usps').find((x) => x.name === 'address-error')!;
		expect(validateQueryAgainstOpenApi(spec(), { path: '/address', method: 'GET' }, f.meta.http.query!).valid).toBe(
			false,
		);
	});
	it('the validator is not a rubber stamp', () => {
		const bad = {
			address: { streetAddress: 'X', state: 'WA', ZIPCode: '98101' },
			additionalInfo: { DPVConfirmation: 'Q' },
		};
		expect(validateAgainstOpenApi(spec(), { path: '/address', method: 'GET', kind: 'response' }, bad).valid).toBe(
			false,
		);
	});
});

describeIfSpec('fedex/Addresses-Resource.json')(
	'FedEx Address Validation fixtures against Addresses-Resource.json',
	() => {
		const spec = () => loadOpenApi('fedex/Addresses-Resource.json');
		it.each(addressFixtures('fedex').map((f) => [f.name, f] as const))('%s: answer', (_n, f) => {
			expectValid(
				validateAgainstOpenApi(
					spec(),
					{ path: '/address/v1/addresses/resolve', method: 'POST', kind: 'response', status: f.meta.http.status },
					f.body,
				),
			);
		});
		// The request body is oneOf [Full_Schema_Validate_Address, five example-only schemas without constraints], so
		// every body matches several and oneOf cannot pass: validate against the real schema, as for Track.
		it.each(
			addressFixtures('fedex')
				.filter((f) => !f.meta.expect.error)
				.map((f) => [f.name, f] as const),
		)('%s: the request we send', (_n, f) => {
			expectValid(validateAgainstComponent(spec(), 'Full_Schema_Validate_Address', f.meta.http.requestBody));
		});
		it('the validator is not a rubber stamp', () => {
			const bad = { output: { resolvedAddresses: [{ classification: 'HOUSE', attributes: { Resolved: 'yes' } }] } };
			expect(
				validateAgainstOpenApi(spec(), { path: '/address/v1/addresses/resolve', method: 'POST', kind: 'response' }, bad)
					.valid,
			).toBe(false);
		});
	},
);

describe('requests the connectors build, against the specs', () => {
	const inputs = [
		{
			address1: '1200 pine street',
			address2: 'apt 4b',
			city: 'seattle',
			provinceCode: 'wa',
			zip: '98101',
			countryCode: 'us',
		},
		{ address1: '500 OAK AVE', city: 'SPRINGFIELD', provinceCode: 'IL', zip: '62704-1001', countryCode: 'US' },
		{ address1: '1 CALLE LUNA', zip: '00901', countryCode: 'PR' },
	];
	describeIfSpec('ups/AddressValidation.yaml')('UPS', () => {
		it.each(inputs.map((i) => [i.address1, i] as const))('%s', (_n, input) => {
			const body = upsAddressRequestBody(addressForCarrier('ups', input));
			expectValid(
				validateAgainstOpenApi(
					loadOpenApi('ups/AddressValidation.yaml'),
					{ path: '/addressvalidation/v2/3', method: 'POST', kind: 'request' },
					body,
				),
			);
		});
	});
	describeIfSpec('usps/addresses-v3r2_2.yaml')('USPS', () => {
		it.each(inputs.map((i) => [i.address1, i] as const))('%s', (_n, input) => {
			const query = uspsAddressQuery(addressForCarrier('usps', input));
			expectValid(
				validateQueryAgainstOpenApi(
					loadOpenApi('usps/addresses-v3r2_2.yaml'),
					{ path: '/address', method: 'GET' },
					query,
				),
			);
		});
	});
	describeIfSpec('fedex/Addresses-Resource.json')('FedEx', () => {
		it.each(
			[
				...inputs.slice(0, 2),
				{ address1: '10 Downing Street', city: 'London', zip: 'SW1A 2AA', countryCode: 'GB' },
			].map((i) => [i.address1, i] as const),
		)('%s', (_n, input) => {
			const body = fedExAddressRequestBody(addressForCarrier('fedex', input));
			expectValid(
				validateAgainstComponent(loadOpenApi('fedex/Addresses-Resource.json'), 'Full_Schema_Validate_Address', body),
			);
		});
	});
});

describe('the sandbox simulators answer address requests as the specs say', () => {
	const asked: Address[] = [
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
		{ address1: '350 Market Street', city: 'San Francisco', provinceCode: 'CA', zip: '94105', countryCode: 'US' },
		{ address1: '500 OAK AVE', city: 'SPRINGFIELD', provinceCode: 'IL', zip: '62704', countryCode: 'US' },
		{ address1: '99999 NOWHERE RD', city: 'SEATTLE', provinceCode: 'WA', zip: '98101', countryCode: 'US' },
	];
	const verdicts = ['valid', 'corrected', 'corrected', 'ambiguous', 'invalid'];

	/** A sim behind the connector, every answer kept for validation. */
	function through(sim: VendorSim) {
		const answers: HttpResponse[] = [];
		const inner = simTransport(sim);
		const transport = (async (request: HttpRequest) => {
			const response = await inner(request);
			if (!/token/.test(request.operation ?? '')) answers.push(response);
			return response;
		}) as Transport;
		return { transport, answers };
	}
	const credentials = (carrier: string) => ({
		clientId: `${carrier}-client`,
		clientSecret: `${carrier}-secret`,
		baseUrl: `https://sim.test/${carrier}`,
	});

	describeIfSpec('ups/AddressValidation.yaml')('UPS sim', () => {
		it('known, unknown and ambiguous addresses: verdicts, answers valid against the spec', async () => {
			const { transport, answers } = through(createUpsSim());
			const validator = createAddressValidator('ups', transport, credentials('ups'));
			const checks = [];
			for (const a of asked) checks.push(await validator.validate(a));
			expect(checks.map((c) => c.verdict)).toEqual(verdicts);
			expect(checks[2].residential).toBe(false);
			for (const answer of answers)
				expectValid(
					validateAgainstOpenApi(
						loadOpenApi('ups/AddressValidation.yaml'),
						{ path: '/addressvalidation/v2/3', method: 'POST', kind: 'response', status: answer.status },
						answer.body,
					),
				);
		});
		it('no token: 401; over the quota: 429 with Retry-After, like tracking', async () => {
			const sim = createUpsSim({ quota: { limit: 1, windowMs: 60_000 } });
			const body = JSON.stringify(upsAddressRequestBody(asked[0]));
			const first = await sim.handle(
				toSimRequest('POST', '/api/addressvalidation/v2/3', { transid: 'x', transactionsrc: 'y' }, body),
			);
			expect(first?.status).toBe(401);
			const second = await sim.handle(toSimRequest('POST', '/api/addressvalidation/v2/3', {}, body));
			expect(second?.status).toBe(429);
			expect(second?.headers?.['retry-after']).toBeDefined();
		});
	});

	describeIfSpec('usps/addresses-v3r2_2.yaml')('USPS sim', () => {
		it('known, unknown and ambiguous addresses: verdicts, answers valid against the spec', async () => {
			const { transport, answers } = through(createUspsSim());
			const validator = createAddressValidator('usps', transport, credentials('usps'));
			const checks = [];
			for (const a of asked) checks.push(await validator.validate(a));
			expect(checks.map((c) => c.verdict)).toEqual(verdicts);
			for (const answer of answers)
				expectValid(
					validateAgainstOpenApi(
						loadOpenApi('usps/addresses-v3r2_2.yaml'),
						{ path: '/address', method: 'GET', kind: 'response', status: answer.status },
						answer.body,
					),
				);
		});
		it('a bad state is a 400 ErrorMessage; no token 401', async () => {
			const sim = createUspsSim();
			const unauth = await sim.handle(
				toSimRequest('GET', '/addresses/v3/address?streetAddress=1&state=WA&city=X', {}, ''),
			);
			expect(unauth?.status).toBe(401);
			const token = sim.tokens.issue().token;
			const res = await sim.handle(
				toSimRequest('GET', '/addresses/v3/address?streetAddress=1&state=ZZ', { authorization: `Bearer ${token}` }, ''),
			);
			expect(res?.status).toBe(400);
			expectValid(
				validateAgainstOpenApi(
					loadOpenApi('usps/addresses-v3r2_2.yaml'),
					{ path: '/address', method: 'GET', kind: 'response', status: 400 },
					res!.body,
				),
			);
		});
	});

	describeIfSpec('fedex/Addresses-Resource.json')('FedEx sim', () => {
		it('known, unknown and ambiguous addresses: verdicts, answers valid against the spec', async () => {
			const { transport, answers } = through(createFedExSim());
			const validator = createAddressValidator('fedex', transport, credentials('fedex'));
			const checks = [];
			for (const a of asked) checks.push(await validator.validate(a));
			expect(checks.map((c) => c.verdict)).toEqual(verdicts);
			for (const answer of answers)
				expectValid(
					validateAgainstOpenApi(
						loadOpenApi('fedex/Addresses-Resource.json'),
						{ path: '/address/v1/addresses/resolve', method: 'POST', kind: 'response', status: answer.status },
						answer.body,
					),
				);
		});
		it('a malformed request is a 400 ErrorResponseVO', async () => {
			const sim = createFedExSim();
			const token = sim.tokens.issue().token;
			const res = await sim.handle(
				toSimRequest(
					'POST',
					'/address/v1/addresses/resolve',
					{ authorization: `Bearer ${token}` },
					'{"addressesToValidate":[]}',
				),
			);
			expect(res?.status).toBe(400);
			expectValid(
				validateAgainstOpenApi(
					loadOpenApi('fedex/Addresses-Resource.json'),
					{ path: '/address/v1/addresses/resolve', method: 'POST', kind: 'response', status: 400 },
					res!.body,
				),
			);
		});
	});
});
