/**
 * Every request the carrier connectors send and every response the sims produce (the fixtures our
 * normalisers are tested on) validated against the carriers' published OpenAPI descriptions.
 */
import {
	describeIfSpec,
	loadOpenApi,
	specAt,
	validateAgainstComponent,
	validateAgainstOpenApi,
	type OpenApiDocument,
} from '../../helpers/specs';
import { fedExTokenRequest, fedExTrackRequestBody } from '../../../nodes/lib/connectors/fedex/client';
import { normaliseFedExResult, type FedExCompleteTrackResult } from '../../../nodes/lib/connectors/fedex/normalise';
import { upsTokenRequest } from '../../../nodes/lib/connectors/ups/client';
import { uspsTokenRequest, uspsTrackRequestBody } from '../../../nodes/lib/connectors/usps/client';
import { createFedExSim, fedExTrackResult, FEDEX_NOT_FOUND } from '../../sandbox/vendors/fedex';
import { createUpsSim, upsTrackResponse } from '../../sandbox/vendors/ups';
import { createUspsSim, uspsTrackingDetail } from '../../sandbox/vendors/usps';
import { createDhlSim, dhlShipment } from '../../sandbox/vendors/dhl';
import { journeyFor, SCENARIOS } from '../../sandbox/vendors/carrierScenarios';
import { toSimRequest } from '../../sandbox/http';
import { exampleFromSchema } from './schemaExamples';

const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const journeys = SCENARIOS.map((scenario, i) => journeyFor(`NUM${i}ABCDEFG`, 7, NOW, scenario));

function expectValid(result: { valid: boolean; errors: string[] }) {
	expect(result.errors).toEqual([]);
	expect(result.valid).toBe(true);
}

describeIfSpec('ups/Tracking.yaml')('UPS Tracking + OAuth contract', () => {
	const tracking = () => loadOpenApi('ups/Tracking.yaml');
	const oauth = () => loadOpenApi('ups/OAuthClientCredentials.yaml');

	it('the token request body is the documented form (grant_type=client_credentials)', () => {
		const request = upsTokenRequest({ clientId: 'id', clientSecret: 'secret' });
		const form = Object.fromEntries(new URLSearchParams(String(request.body)));
		expectValid(
			validateAgainstOpenApi(
				oauth(),
				{
					path: '/security/v1/oauth/token',
					method: 'POST',
					kind: 'request',
					contentType: 'application/x-www-form-urlencoded',
				},
				form,
			),
		);
		expect(request.headers?.authorization).toBe(`Basic ${Buffer.from('id:secret').toString('base64')}`);
	});

	it('the sim token answer matches tokenSuccessResponse (expires_in is a string at UPS)', async () => {
		const sim = createUpsSim({ now: () => NOW });
		const req = upsTokenRequest({ clientId: 'ups-client', clientSecret: 'ups-secret' });
		const res = await sim.handle(
			toSimRequest('POST', '/security/v1/oauth/token', lower(req.headers), String(req.body)),
		);
		expect(res?.status).toBe(200);
		expectValid(
			validateAgainstOpenApi(
				oauth(),
				{ path: '/security/v1/oauth/token', method: 'POST', kind: 'response', status: 200 },
				res!.body,
			),
		);
		const bad = await sim.handle(
			toSimRequest(
				'POST',
				'/security/v1/oauth/token',
				{ authorization: 'Basic eDp5' },
				'grant_type=client_credentials',
			),
		);
		expectValid(
			validateAgainstOpenApi(
				oauth(),
				{ path: '/security/v1/oauth/token', method: 'POST', kind: 'response', status: 401 },
				bad!.body,
			),
		);
	});

	it.each(journeys.map((j) => [j.scenario, j] as const))(
		'a %s track response validates against TrackApiResponse',
		(_s, journey) => {
			expectValid(
				validateAgainstOpenApi(
					tracking(),
					{ path: `/track/v1/details/${journey.trackingNumber}`, method: 'GET', kind: 'response', status: 200 },
					upsTrackResponse(journey),
				),
			);
		},
	);

	it('the not-found answer validates against the 404 Response schema', async () => {
		const sim = createUpsSim({ now: () => NOW, unknownNumbers: ['1Z999AA10123456784'] });
		const token = sim.tokens.issue().token;
		const res = await sim.handle(
			toSimRequest(
				'GET',
				'/api/track/v1/details/1Z999AA10123456784',
				{ authorization: `Bearer ${token}`, transid: 'x', transactionsrc: 'y' },
				'',
			),
		);
		expect(res?.status).toBe(404);
		expectValid(
			validateAgainstOpenApi(
				tracking(),
				{ path: '/track/v1/details/1Z999AA10123456784', method: 'GET', kind: 'response', status: 404 },
				res!.body,
			),
		);
	});

	it('the validator is not a rubber stamp: a wrong type is reported', () => {
		const broken = upsTrackResponse(journeys[0]);
		Object.assign(broken.trackResponse.shipment[0].package[0], { packageCount: 'one' });
		expect(
			validateAgainstOpenApi(
				tracking(),
				{ path: '/track/v1/details/X', method: 'GET', kind: 'response', status: 200 },
				broken,
			).valid,
		).toBe(false);
	});
});

describeIfSpec('fedex/TrackingNumbers-Resource.json')('FedEx Track + OAuth contract', () => {
	const track = () => loadOpenApi('fedex/TrackingNumbers-Resource.json');
	const auth = () => loadOpenApi('fedex/APIAuthorization-Resource.json');

	it('a full batch of 30 numbers is a valid Full_Schema_Tracking_Numbers body', () => {
		const body = fedExTrackRequestBody(Array.from({ length: 30 }, (_, i) => `79484318${String(1000 + i)}`));
		// The request schema is oneOf [Full_Schema_Tracking_Numbers, Track_by_Tracking_Number], but the
		// second is only an example with no constraints, so every body matches both and oneOf can never
		// pass. Validate against the real schema, Full_Schema_Tracking_Numbers.
		expectValid(validateAgainstComponent(track(), 'Full_Schema_Tracking_Numbers', body));
		expect(
			specAt(track(), [
				'paths',
				'/track/v1/trackingnumbers',
				'post',
				'requestBody',
				'content',
				'application/json',
				'schema',
				'oneOf',
				'0',
				'$ref',
			]),
		).toBe('#/components/schemas/Full_Schema_Tracking_Numbers');
		expect(body.trackingInfo).toHaveLength(30);
	});

	it('the token request is the documented form', () => {
		const form = Object.fromEntries(
			new URLSearchParams(String(fedExTokenRequest({ clientId: 'a', clientSecret: 'b' }).body)),
		);
		expectValid(
			validateAgainstOpenApi(
				auth(),
				{ path: '/oauth/token', method: 'POST', kind: 'request', contentType: 'application/x-www-form-urlencoded' },
				form,
			),
		);
	});

	it('sim token answers (200 and 401) match the documented responses', async () => {
		const sim = createFedExSim({ now: () => NOW });
		const req = fedExTokenRequest({ clientId: 'fedex-client', clientSecret: 'fedex-secret' });
		const ok = await sim.handle(toSimRequest('POST', '/oauth/token', lower(req.headers), String(req.body)));
		expectValid(
			validateAgainstOpenApi(auth(), { path: '/oauth/token', method: 'POST', kind: 'response', status: 200 }, ok!.body),
		);
		const bad = await sim.handle(
			toSimRequest(
				'POST',
				'/oauth/token',
				lower(req.headers),
				'grant_type=client_credentials&client_id=x&client_secret=y',
			),
		);
		expect(bad?.status).toBe(401);
		expectValid(
			validateAgainstOpenApi(
				auth(),
				{ path: '/oauth/token', method: 'POST', kind: 'response', status: 401 },
				bad!.body,
			),
		);
	});

	it.each(journeys.map((j) => [j.scenario, j] as const))(
		'a %s track result validates against TrkcResponseVO_TrackingNumber',
		(_s, journey) => {
			const body = {
				transactionId: 't',
				output: {
					completeTrackResults: [{ trackingNumber: journey.trackingNumber, trackResults: [fedExTrackResult(journey)] }],
				},
			};
			expectValid(
				validateAgainstOpenApi(
					track(),
					{ path: '/track/v1/trackingnumbers', method: 'POST', kind: 'response', status: 200 },
					body,
				),
			);
		},
	);

	it('the per-number NOTFOUND result and the 401 expired-token answer validate', () => {
		const notFound = {
			transactionId: 't',
			output: {
				completeTrackResults: [
					{
						trackingNumber: '123456789012',
						trackResults: [
							{
								trackingNumberInfo: { trackingNumber: '123456789012', trackingNumberUniqueId: '' },
								error: FEDEX_NOT_FOUND,
							},
						],
					},
				],
			},
		};
		expectValid(
			validateAgainstOpenApi(
				track(),
				{ path: '/track/v1/trackingnumbers', method: 'POST', kind: 'response', status: 200 },
				notFound,
			),
		);
		const expired = {
			transactionId: 't',
			errors: [
				{ code: 'NOT.AUTHORIZED.ERROR', message: 'Access token expired. Please modify your request and try again.' },
			],
		};
		expectValid(
			validateAgainstOpenApi(
				track(),
				{ path: '/track/v1/trackingnumbers', method: 'POST', kind: 'response', status: 401 },
				expired,
			),
		);
	});

	it("FedEx's own schema examples form a valid response that the normaliser reads", () => {
		const spec = track();
		const schema = spec.components?.schemas?.TrkcResponseVO_TrackingNumber;
		const fixture = exampleFromSchema(spec, schema) as { output: { completeTrackResults: FedExCompleteTrackResult[] } };
		expectValid(
			validateAgainstOpenApi(
				spec,
				{ path: '/track/v1/trackingnumbers', method: 'POST', kind: 'response', status: 200 },
				fixture,
			),
		);
		const complete = fixture.output.completeTrackResults[0];
		delete complete.trackResults![0].error; // the examples also fill the error slot; a found parcel has none
		const result = normaliseFedExResult(complete.trackingNumber!, complete);
		expect(result.found).toBe(true);
		expect(result.trackingNumber).toBe('123456789012');
		// latestStatusDetail example: derivedCode PU "Picked up"
		expect(result.rawStatus).toBe('PU');
		expect(result.status).toBe('in_transit');
		// scanEvents example date '2018-02-02T12:01:00-07:00' keeps its offset
		expect(result.events[0].at).toBe('2018-02-02T12:01:00-07:00');
		expect(result.events[0].location).toContain('SEATTLE');
	});

	it('the validator rejects a request with a wrongly typed field', () => {
		expect(
			validateAgainstComponent(track(), 'Full_Schema_Tracking_Numbers', {
				includeDetailedScans: 'yes',
				trackingInfo: 'x',
			}).valid,
		).toBe(false);
		expect(
			validateAgainstComponent(track(), 'Full_Schema_Tracking_Numbers', {
				includeDetailedScans: true,
				trackingInfo: [{ trackingNumberInfo: {} }],
			}).valid,
		).toBe(false);
	});
});

describeIfSpec('usps/tracking-v3r2_4.yaml')('USPS Tracking v3r2 + OAuth contract', () => {
	const spec = () => loadOpenApi('usps/tracking-v3r2_4.yaml');
	const oauth = () => loadOpenApi('usps/oauth2_3_update.yaml');

	it('a batch of 35 numbers is a valid TrackingRequest and 36 is not', () => {
		const numbers = Array.from({ length: 36 }, (_, i) => `9400111899223${String(100000000 + i)}`);
		expectValid(
			validateAgainstOpenApi(
				spec(),
				{ path: '/tracking', method: 'POST', kind: 'request' },
				uspsTrackRequestBody(numbers.slice(0, 35)),
			),
		);
		expect(
			validateAgainstOpenApi(
				spec(),
				{ path: '/tracking', method: 'POST', kind: 'request' },
				uspsTrackRequestBody(numbers),
			).valid,
		).toBe(false);
	});

	it('the token request carries the fields ClientCredentials requires', () => {
		const body = uspsTokenRequest({ clientId: 'a', clientSecret: 'b' }).body as Record<string, string>;
		const schemas = oauth().components!.schemas!;
		const required = [...schemas.TokenRequest.required!, ...schemas.ClientCredentials.required!];
		for (const field of required) expect(body[field]).toEqual(expect.any(String));
		expect(schemas.TokenRequest.properties!.grant_type.enum).toContain(body.grant_type);
		// The published schema cannot be satisfied by ANY client-credentials body: TokenRequest says
		// additionalProperties: false while ClientCredentials (allOf TokenRequest) adds client_id. Our
		// body is checked field by field above instead; see docs/carriers.md "Spec defects".
		expect(
			validateAgainstOpenApi(
				oauth(),
				{ path: '/token', method: 'POST', kind: 'request', contentType: 'application/json' },
				body,
			).valid,
		).toBe(false);
	});

	it.each(journeys.map((j) => [j.scenario, j] as const))(
		'a %s tracking detail has only documented fields of the documented types',
		(_s, journey) => {
			// SharedTrackingDetail has additionalProperties: false inside an allOf, which rejects the
			// deliveryDateExpectation / trackingEvents the same allOf adds: validate each part on its own.
			const { deliveryDateExpectation, trackingEvents, ...shared } = uspsTrackingDetail(journey) as Record<
				string,
				unknown
			>;
			const s = spec();
			const check = (schemaName: string, value: unknown) =>
				expectValid(validateAgainstComponentLocal(s, schemaName, value));
			check('SharedTrackingDetail', shared);
			if (deliveryDateExpectation) check('DeliveryDateExpectation', deliveryDateExpectation);
			check('TrackingEvents', trackingEvents);
		},
	);

	it('a 207 multi-status answer has a FailureResponse for the unknown number', async () => {
		const sim = createUspsSim({ now: () => NOW, unknownNumbers: ['9400100000000000000000'] });
		const token = sim.tokens.issue().token;
		const res = await sim.handle(
			toSimRequest(
				'POST',
				'/tracking/v3r2/tracking',
				{ authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				JSON.stringify([{ trackingNumber: '9400100000000000000000' }, { trackingNumber: '9400111899223100000001' }]),
			),
		);
		expect(res?.status).toBe(207);
		const failure = (res!.body as Array<{ apiVersion: unknown; error: unknown; statusCode: unknown }>)[0];
		expectValid(
			validateAgainstComponentLocal(spec(), 'ErrorMessage', { apiVersion: failure.apiVersion, error: failure.error }),
		);
		expect(failure.statusCode).toBe('404');
	});
});

describeIfSpec('dhl/utapi-traking-api-1.4.1.yaml')('DHL Shipment Tracking - Unified contract', () => {
	const spec = () => loadOpenApi('dhl/utapi-traking-api-1.4.1.yaml');

	it.each(journeys.map((j) => [j.scenario, j] as const))(
		'a %s shipments answer validates against supermodelIoLogisticsTrackingShipments',
		(_s, journey) => {
			expectValid(
				validateAgainstOpenApi(
					spec(),
					{ path: '/shipments', method: 'GET', kind: 'response', status: 200 },
					{ shipments: [dhlShipment(journey)] },
				),
			);
		},
	);

	it('the 404 problem answer validates against shipmentNotFound', async () => {
		const sim = createDhlSim({ now: () => NOW });
		const res = await sim.handle(
			toSimRequest('GET', '/track/shipments?trackingNumber=UNKNOWN1', { 'dhl-api-key': 'dhl-key' }, ''),
		);
		expect(res?.status).toBe(404);
		expectValid(
			validateAgainstOpenApi(
				spec(),
				{ path: '/shipments', method: 'GET', kind: 'response', status: 404, contentType: 'application/problem+json' },
				JSON.parse(String(res!.body)),
			),
		);
	});

	it('the sim requires the API key header the spec documents', async () => {
		expect(specAt(spec(), ['components', 'securitySchemes', 'ApiKeyAuth', 'name'])).toBe('DHL-API-Key');
		const res = await createDhlSim().handle(toSimRequest('GET', '/track/shipments?trackingNumber=1234567890', {}, ''));
		expect(res?.status).toBe(401);
	});
});

function validateAgainstComponentLocal(spec: OpenApiDocument, name: string, body: unknown) {
	return validateAgainstComponent(spec, name, body);
}

function lower(headers: Record<string, string> | undefined): Record<string, string> {
	return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
