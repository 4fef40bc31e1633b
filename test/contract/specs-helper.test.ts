/** The contract checks themselves must be able to fail: prove it on known-good and known-bad bodies. */
import {
	describeIfSpec,
	loadOpenApi,
	loadShopifySchema,
	specPath,
	toJsonSchemaDialect,
	validateAgainstOpenApi,
	validateGraphQL,
} from '../helpers/specs';

describe('vendor specs are present where CI needs them', () => {
	it('has ../shared/vendor-specs in CI (PP_REQUIRE_SHARED_SPECS=1)', () => {
		if (process.env.PP_REQUIRE_SHARED_SPECS !== '1') return;
		for (const f of [
			'dhl/utapi-traking-api-1.4.1.yaml',
			'shipbob/shipbob-openapi.json',
			'shipmonk/shipmonk-openapi.json',
			'shiphero/shiphero_schema.json',
		])
			expect(specPath(f)).toBeDefined();
	});
});

describeIfSpec('klaviyo/stable/categories/events.json')('validateAgainstOpenApi (Klaviyo, OpenAPI 3.0)', () => {
	const spec = loadOpenApi('klaviyo/stable/categories/events.json');
	const event = {
		data: {
			type: 'event',
			attributes: {
				properties: { order: '1001' },
				metric: { data: { type: 'metric', attributes: { name: 'Order Shipped' } } },
				profile: { data: { type: 'profile', attributes: { email: 'ada@example.com' } } },
				unique_id: '1001:order_shipped:1Z999',
			},
		},
	};
	it('accepts a documented Create Event body', () => {
		expect(validateAgainstOpenApi(spec, { path: '/api/events', method: 'POST', kind: 'request' }, event)).toEqual({
			valid: true,
			errors: [],
			template: '/api/events',
		});
	});
	it('rejects a body with a wrong type and a missing attribute, naming them', () => {
		const bad = { data: { type: 'evnt', attributes: { properties: {} } } };
		const result = validateAgainstOpenApi(spec, { path: '/api/events', method: 'POST', kind: 'request' }, bad);
		expect(result.valid).toBe(false);
		expect(result.errors.join('\n')).toMatch(/\/data\/type/);
		expect(result.errors.join('\n')).toMatch(/metric/);
	});
	it('reports undocumented paths and methods', () => {
		expect(validateAgainstOpenApi(spec, { path: '/api/nope', method: 'POST', kind: 'request' }, {}).errors[0]).toMatch(
			/not documented/,
		);
		expect(validateAgainstOpenApi(spec, { path: '/api/events', method: 'PUT', kind: 'request' }, {}).errors[0]).toMatch(
			/not documented/,
		);
	});
});

describeIfSpec('shipstation/openapi.yaml')(
	'validateAgainstOpenApi (ShipStation v2, OpenAPI 3.1, templated path)',
	() => {
		const spec = loadOpenApi('shipstation/openapi.yaml');
		it('matches a concrete path to its template and checks the response schema', () => {
			const result = validateAgainstOpenApi(
				spec,
				{ path: '/v2/labels/se-123/track', method: 'GET', kind: 'response' },
				{ status_code: 'NOT_A_CODE' },
			);
			expect(result.template).toBe('/v2/labels/{label_id}/track');
			expect(result.valid).toBe(false);
		});
	},
);

describe('toJsonSchemaDialect', () => {
	it('turns OpenAPI 3.0 nullable into JSON Schema', () => {
		expect(toJsonSchemaDialect({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
		expect(toJsonSchemaDialect({ enum: ['a'], type: 'string', nullable: true })).toEqual({
			enum: ['a', null],
			type: ['string', 'null'],
		});
		expect(toJsonSchemaDialect({ $ref: '#/x', nullable: true })).toEqual({
			anyOf: [{ $ref: '#/x' }, { type: 'null' }],
		});
	});
});

describeIfSpec('shopify/admin_schema_2026-10.json.gz')('validateGraphQL (Shopify Admin 2026-10)', () => {
	const schema = loadShopifySchema('2026-10');
	it('accepts a valid document and names the wrong field in an invalid one', () => {
		expect(validateGraphQL(schema, '{ shop { name } }')).toEqual([]);
		expect(validateGraphQL(schema, '{ shop { nam } }')[0]).toMatch(/Cannot query field "nam"/);
		expect(validateGraphQL(schema, '{ shop { ')[0]).toMatch(/^syntax/);
	});
});
