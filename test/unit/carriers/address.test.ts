/**
 * Address validation connectors (issue 17) against the clean-room fixtures: every case of every carrier
 * (test/fixtures/vendor-native/<carrier>/address) read into the one AddressCheck shape and compared with the
 * facts its meta writes down; the request each connector builds is the one the fixture recorded. Bad input
 * is refused before any call, naming the field; vendor errors are reported, 429/5xx retried by the transport.
 */
import type { HttpRequest, HttpResponse, Transport } from '../../../nodes/lib/http';
import { HttpError, ValidationError } from '../../../nodes/lib/http';
import {
	addressChanges,
	carrierTransport,
	createAddressValidator,
	type AddressCarrier,
} from '../../../nodes/lib/connectors/carriers';
import type { Address } from '../../../nodes/lib/order/types';
import { addressFixtures } from '../../helpers/addressFixtures';

const US: Address = {
	address1: '1200 PINE ST',
	address2: 'APT 4B',
	city: 'SEATTLE',
	provinceCode: 'WA',
	zip: '98101-2104',
	countryCode: 'US',
};

/** Answers the token request, then `answers` in turn (the last one again); records what was sent. */
function fakeTransport(answers: Array<{ status: number; body: unknown; headers?: Record<string, string> }>) {
	const sent: HttpRequest[] = [];
	let n = 0;
	const transport = (async (request: HttpRequest): Promise<HttpResponse> => {
		if (/token/.test(request.operation ?? ''))
			return { status: 200, headers: {}, body: { access_token: 'tok', token_type: 'Bearer', expires_in: 3599 } };
		sent.push(request);
		const answer = answers[Math.min(n++, answers.length - 1)];
		return {
			status: answer.status,
			headers: { 'content-type': 'application/json', ...answer.headers },
			body: answer.body,
		};
	}) as Transport;
	return { transport, sent };
}

const validator = (carrier: AddressCarrier, transport: Transport) =>
	createAddressValidator(carrier, transport, {
		clientId: 'id',
		clientSecret: 'secret',
		baseUrl: 'https://fixture.test',
	});

describe.each(['ups', 'usps', 'fedex'] as AddressCarrier[])('%s address fixtures', (carrier) => {
	const fixtures = addressFixtures(carrier);
	it('has the five cases', () => expect(fixtures).toHaveLength(5));

	it.each(fixtures.filter((f) => !f.meta.expect.error).map((f) => [f.name, f] as const))(
		'%s reads as its meta says, from the request it recorded',
		async (_n, f) => {
			const { transport, sent } = fakeTransport([{ status: f.meta.http.status, body: f.body }]);
			const check = await validator(carrier, transport).validate(f.meta.input as Address);
			const e = f.meta.expect;
			expect(check.carrier).toBe(carrier);
			expect(check.verdict).toBe(e.verdict);
			expect(check.suggestion).toEqual(e.suggestion);
			expect(check.candidates).toHaveLength(e.candidateCount!);
			expect(check.residential).toBe(e.residential);
			expect(check.changes.map((c) => c.field)).toEqual(e.changedFields);
			if (check.suggestion) expect(check.candidates[0]).toEqual(check.suggestion);
			if (check.verdict !== 'valid') expect(check.messages.length + check.changes.length).toBeGreaterThan(0);
			// The request is the one the fixture recorded (body, or query for USPS).
			expect(sent).toHaveLength(1);
			const url = new URL(f.meta.http.url);
			expect(sent[0].method).toBe(f.meta.http.method);
			expect(new URL(sent[0].url).pathname).toBe(url.pathname);
			if (carrier === 'usps') expect(sent[0].query).toEqual(f.meta.http.query);
			else expect(sent[0].body).toEqual(f.meta.http.requestBody);
		},
	);

	it('the bad-request answer is an HttpError carrying the vendor status, code and an actionable hint', async () => {
		const f = fixtures.find((x) => x.name === 'address-error')!;
		const { transport } = fakeTransport([{ status: f.meta.http.status, body: f.body }]);
		const error = (await validator(carrier, transport)
			.validate(US)
			.catch((e: unknown) => e)) as HttpError;
		expect(error).toBeInstanceOf(HttpError);
		expect(error.status).toBe(f.meta.expect.error!.status);
		expect(error.message).toContain(f.meta.expect.error!.code === '400' ? 'state code' : f.meta.expect.error!.code);
		expect(error.hint).toMatch(/address field/i);
	});

	it('a 403 says which product to add to the app', async () => {
		const { transport } = fakeTransport([{ status: 403, body: {} }]);
		const error = (await validator(carrier, transport)
			.validate(US)
			.catch((e: unknown) => e)) as HttpError;
		expect(error.hint).toMatch(/Address/);
	});

	it('a token refused twice names the address product, not tracking', async () => {
		const { transport } = fakeTransport([{ status: 401, body: {} }]);
		const error = (await validator(carrier, transport)
			.validate(US)
			.catch((e: unknown) => e)) as HttpError;
		expect(error.message).toMatch(/401 twice/);
		expect(error.hint).toMatch(/Address/);
	});

	it('a missing country is refused before any call, naming countryCode', async () => {
		const { transport, sent } = fakeTransport([{ status: 200, body: {} }]);
		const error = (await validator(carrier, transport)
			.validate({ ...US, countryCode: null })
			.catch((e: unknown) => e)) as ValidationError;
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.field).toBe('countryCode');
		expect(error.hint).toMatch(/two-letter/);
		expect(sent).toHaveLength(0);
	});

	it('a missing street is refused, naming address1', async () => {
		const { transport, sent } = fakeTransport([{ status: 200, body: {} }]);
		const error = (await validator(carrier, transport)
			.validate({ ...US, address1: '  ' })
			.catch((e: unknown) => e)) as ValidationError;
		expect(error.field).toBe('address1');
		expect(sent).toHaveLength(0);
	});

	it('429 then 503 are retried by the carrier transport, then the answer is read', async () => {
		const valid = fixtures.find((x) => x.name === 'address-valid')!;
		const { transport: fake, sent } = fakeTransport([
			{ status: 429, body: {}, headers: { 'retry-after': '1' } },
			{ status: 503, body: {} },
			{ status: 200, body: valid.body },
		]);
		let now = 0;
		const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
		const transport = carrierTransport(fake, carrier === 'fedex' ? 'fedex' : carrier, {
			clock,
			requestsPerSecond: 100,
			random: () => 0,
		});
		const check = await validator(carrier, transport).validate(valid.meta.input as Address);
		expect(check.verdict).toBe('valid');
		expect(sent).toHaveLength(3);
	});
});

describe('carriers that cannot validate a country are not asked', () => {
	it.each([
		['usps', 'CA'],
		['ups', 'GB'],
		['ups', 'CA'],
	] as Array<[AddressCarrier, string]>)(
		'%s refuses %s, naming countryCode and pointing to FedEx',
		async (carrier, country) => {
			const { transport, sent } = fakeTransport([{ status: 200, body: {} }]);
			const error = (await validator(carrier, transport)
				.validate({ ...US, countryCode: country, provinceCode: 'ON', zip: 'M5V 2T6' })
				.catch((e: unknown) => e)) as ValidationError;
			expect(error).toBeInstanceOf(ValidationError);
			expect(error.field).toBe('countryCode');
			expect(error.message).toContain(country);
			expect(error.hint).toMatch(/FedEx/);
			expect(sent).toHaveLength(0);
		},
	);

	it('FedEx takes other countries (GB) and sends the country as given', async () => {
		const { transport, sent } = fakeTransport([{ status: 200, body: { output: { resolvedAddresses: [] } } }]);
		const check = await validator('fedex', transport).validate({
			address1: '10 Downing Street',
			city: 'London',
			zip: 'SW1A 2AA',
			countryCode: 'gb',
		});
		expect(check.verdict).toBe('invalid');
		expect(
			(sent[0].body as { addressesToValidate: Array<{ address: { countryCode: string } }> }).addressesToValidate[0]
				.address.countryCode,
		).toBe('GB');
	});

	it('USPS refuses a state name and a non-US ZIP, naming the field', async () => {
		const { transport } = fakeTransport([{ status: 200, body: {} }]);
		const state = (await validator('usps', transport)
			.validate({ ...US, provinceCode: 'Washington' })
			.catch((e: unknown) => e)) as ValidationError;
		expect(state.field).toBe('provinceCode');
		const zip = (await validator('usps', transport)
			.validate({ ...US, zip: '9810' })
			.catch((e: unknown) => e)) as ValidationError;
		expect(zip.field).toBe('zip');
		const none = (await validator('usps', transport)
			.validate({ ...US, provinceCode: null })
			.catch((e: unknown) => e)) as ValidationError;
		expect(none.field).toBe('provinceCode');
	});

	it('a Puerto Rico address goes to USPS with PR as its state', async () => {
		const { transport, sent } = fakeTransport([
			{ status: 404, body: { error: { code: '404', message: 'There is no match for the address requested.' } } },
		]);
		const check = await validator('usps', transport).validate({
			address1: '1 CALLE LUNA',
			city: 'SAN JUAN',
			zip: '00901',
			countryCode: 'PR',
		});
		expect(check.verdict).toBe('invalid');
		expect(sent[0].query).toMatchObject({ state: 'PR', ZIPCode: '00901' });
	});
});

describe('readings beyond the fixtures', () => {
	it('USPS DPV D (apartment missing) is ambiguous with the building as the only candidate', async () => {
		const body = {
			address: { streetAddress: '1200 PINE ST', city: 'SEATTLE', state: 'WA', ZIPCode: '98101', ZIPPlus4: '2104' },
			additionalInfo: { DPVConfirmation: 'D', business: 'N' },
			corrections: [{ code: '32', text: 'Default address: more information is needed' }],
			matches: [],
		};
		const { transport } = fakeTransport([{ status: 200, body }]);
		const check = await validator('usps', transport).validate({ ...US, address2: null });
		expect(check.verdict).toBe('ambiguous');
		expect(check.candidates).toHaveLength(1);
		expect(check.messages.join(' ')).toMatch(/apartment/);
	});

	it('USPS DPV N is invalid', async () => {
		const body = {
			address: { streetAddress: '1 X ST', state: 'WA', ZIPCode: '98101' },
			additionalInfo: { DPVConfirmation: 'N' },
		};
		const { transport } = fakeTransport([{ status: 200, body }]);
		expect((await validator('usps', transport).validate(US)).verdict).toBe('invalid');
	});

	it('FedEx STANDARDIZED.ADDRESS.NOTFOUND (the spec 400 example) is an invalid address, not a failure', async () => {
		const body = { errors: [{ code: 'STANDARDIZED.ADDRESS.NOTFOUND', message: 'Standardized address is not found.' }] };
		const { transport } = fakeTransport([{ status: 400, body }]);
		const check = await validator('fedex', transport).validate(US);
		expect(check.verdict).toBe('invalid');
		expect(check.messages).toEqual(['Standardized address is not found.']);
	});

	it('FedEx attributes sent as "true"/"false" strings read the same as booleans', async () => {
		const body = {
			output: {
				resolvedAddresses: [
					{
						streetLinesToken: ['1200 PINE ST', 'APT 4B'],
						city: 'SEATTLE',
						stateOrProvinceCode: 'WA',
						countryCode: 'US',
						parsedPostalCode: { base: '98101', addOn: '2104' },
						classification: 'BUSINESS',
						customerMessage: [{ code: 'INTERPOLATED.STREET.ADDRESS', message: 'x' }],
						attributes: { Resolved: 'true', MultipleMatches: 'false' },
					},
				],
			},
		};
		const { transport } = fakeTransport([{ status: 200, body }]);
		const check = await validator('fedex', transport).validate(US);
		expect(check.verdict).toBe('valid');
		expect(check.residential).toBe(false);
		expect(check.messages[0]).toMatch(/street number/);
	});

	it('UPS v1-style single Candidate object and string AddressLine are read too', async () => {
		const body = {
			XAVResponse: {
				Response: { ResponseStatus: { Code: '1', Description: 'Success' } },
				ValidAddressIndicator: '',
				Candidate: {
					AddressKeyFormat: {
						AddressLine: '1200 PINE ST',
						PoliticalDivision2: 'SEATTLE',
						PoliticalDivision1: 'WA',
						PostcodePrimaryLow: '98101',
						PostcodeExtendedLow: '2104',
						CountryCode: 'US',
					},
				},
			},
		};
		const { transport } = fakeTransport([{ status: 200, body }]);
		const check = await validator('ups', transport).validate(US);
		expect(check.verdict).toBe('corrected');
		expect(check.changes).toEqual([{ field: 'address2', from: 'APT 4B', to: null }]);
	});

	it('addressChanges compares trimmed text, case kept', () => {
		expect(addressChanges({ city: ' Seattle ' }, { city: 'SEATTLE' })).toEqual([
			{ field: 'city', from: 'Seattle', to: 'SEATTLE' },
		]);
		expect(addressChanges({ address1: '1  PINE ST' }, { address1: '1 PINE ST' })).toEqual([]);
	});
});

describe('hostile answers give a check or an HttpError, never a TypeError', () => {
	const bodies = [
		null,
		'text',
		42,
		[],
		{ XAVResponse: { Candidate: [null, 7] } },
		{ address: 'x', corrections: {} },
		{
			output: {
				resolvedAddresses: [{ customerMessage: { a: 1 }, streetLinesToken: 'x', attributes: null }],
				alerts: 'no',
			},
		},
	];
	it.each(['ups', 'usps', 'fedex'] as AddressCarrier[])('%s', async (carrier) => {
		for (const body of bodies) {
			const { transport } = fakeTransport([{ status: 200, body }]);
			const outcome = await validator(carrier, transport)
				.validate(US)
				.catch((e: unknown) => e);
			expect(outcome).not.toBeInstanceOf(TypeError);
		}
	});
});
