/**
 * Vendor contract helpers: every request we send and every fixture we parse is checked against the
 * vendor's published description (DESIGN.md "Testing"). Specs with a permissive licence are copied
 * under test/contract/specs (see ATTRIBUTION.md there); the others are read from ../shared only.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import {
	buildClientSchema,
	parse as parseGraphQL,
	validate as validateGraphQLDocument,
	type GraphQLSchema,
	type IntrospectionQuery,
} from 'graphql';

export const SHARED_SPECS = path.resolve(__dirname, '../../../shared/vendor-specs');
export const LOCAL_SPECS = path.resolve(__dirname, '../contract/specs');

/** Path of a spec in ../shared/vendor-specs, or undefined when it is not present on this machine. */
export function sharedSpecPath(relative: string): string | undefined {
	const full = path.join(SHARED_SPECS, relative);
	return existsSync(full) ? full : undefined;
}

/** A local copy first (permissive licences only), then ../shared. */
export function specPath(relative: string): string | undefined {
	const local = path.join(LOCAL_SPECS, relative);
	if (existsSync(local)) return local;
	return sharedSpecPath(relative);
}

/** For describe blocks: `describeIfSpec('dhl/...yaml')('...', () => ...)` prints the skip reason once. */
export function describeIfSpec(relative: string): jest.Describe {
	if (specPath(relative)) return describe;
	console.log(`skipped: spec not present (${relative})`);
	return describe.skip;
}

/**
 * The parts of a JSON Schema (as OpenAPI 3.x and Swagger 2 write one) these tests read, walk or rewrite.
 * Vendors write more keywords; ajv always gets the whole document, these types name what the tests touch.
 */
export interface JsonSchema {
	$ref?: string;
	type?: string | string[];
	enum?: unknown[];
	nullable?: boolean;
	example?: unknown;
	default?: unknown;
	required?: string[];
	properties?: Record<string, JsonSchema>;
	items?: JsonSchema;
	allOf?: JsonSchema[];
	oneOf?: JsonSchema[];
	anyOf?: JsonSchema[];
}

export interface OpenApiParameter {
	name: string;
	in: string;
	$ref?: string;
	schema?: JsonSchema;
}

/** A request body or a response: a reference, or content by media type. */
export interface OpenApiBody {
	$ref?: string;
	content?: Record<string, { schema?: JsonSchema; examples?: Record<string, { value?: unknown }> }>;
}

export interface OpenApiOperation {
	parameters?: OpenApiParameter[];
	requestBody?: OpenApiBody;
	responses?: Record<string, OpenApiBody>;
}

/** Operations by lower-case HTTP method. */
export type OpenApiPathItem = Partial<Record<string, OpenApiOperation>>;

/** An OpenAPI 3.x (or Swagger 2) document, as far as these tests read it. */
export interface OpenApiDocument {
	openapi?: string;
	info?: { version?: string };
	paths: Record<string, OpenApiPathItem>;
	webhooks?: Record<string, OpenApiPathItem>;
	components?: {
		schemas?: Record<string, JsonSchema>;
		examples?: Record<string, { value?: unknown }>;
		securitySchemes?: Record<string, { name?: string }>;
	};
}

const documentCache = new Map<string, unknown>();

/**
 * A spec file parsed (YAML, JSON, gzipped JSON), cached per file. The caller names the document's shape
 * (an OpenAPI document, a Postman collection, an introspection result); nothing here checks it.
 */
export function loadSpecFile<T = unknown>(relative: string): T {
	const file = specPath(relative);
	if (!file) throw new Error(`skipped: spec not present (${relative})`);
	const cached = documentCache.get(file);
	if (cached) return cached as T;
	let text = file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
	let doc: unknown;
	if (/\.ya?ml$/.test(file)) {
		// UPS Tracking.yaml has a TAB inside a scalar (SOURCES.md notes it); YAML forbids tabs as indentation.
		text = text.replace(/\t/g, '  ');
		doc = parseYaml(text, { maxAliasCount: -1 });
	} else doc = JSON.parse(text);
	documentCache.set(file, doc);
	return doc as T;
}

export function loadOpenApi(relative: string): OpenApiDocument {
	return loadSpecFile<OpenApiDocument>(relative);
}

/**
 * What a document holds at a path of keys (a JSON pointer's segments, unescaped), undefined where the path
 * leaves the document: `specAt(spec, ['components', 'schemas', 'Order'])`, or a `$ref` split at '/'.
 */
export function specAt(document: unknown, keys: readonly string[]): unknown {
	let node = document;
	for (const key of keys) {
		if (!node || typeof node !== 'object') return undefined;
		node = (node as Record<string, unknown>)[key];
	}
	return node;
}

/** The keys of a local `$ref` ('#/components/schemas/Order' -> ['components', 'schemas', 'Order']). */
export function refKeys(ref: string): string[] {
	return ref.replace(/^#\//, '').split('/');
}

export interface OperationRef {
	/** A concrete or templated path: '/v2/labels/abc/track' matches '/v2/labels/{label_id}/track'. */
	path: string;
	method: string;
	kind: 'request' | 'response';
	/** Response status; defaults to the first 2xx the spec documents. */
	status?: number | string;
	contentType?: string;
}

export interface ValidationResult {
	valid: boolean;
	errors: string[];
	/** Which spec path template matched. */
	template?: string;
}

function templateMatches(template: string, concrete: string): boolean {
	const pattern =
		'^' +
		template
			.split(/\{[^}]+\}/)
			.map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
			.join('[^/]+') +
		'$';
	return new RegExp(pattern).test(concrete);
}

export function findPathTemplate(spec: OpenApiDocument, concrete: string): string | undefined {
	const paths = Object.keys(spec.paths ?? {});
	if (paths.includes(concrete)) return concrete;
	return paths.find((t) => templateMatches(t, concrete));
}

const ajvCache = new WeakMap<object, Ajv>();

function ajvFor(spec: OpenApiDocument): Ajv {
	let ajv = ajvCache.get(spec);
	if (ajv) return ajv;
	const is31 = String(spec.openapi ?? '').startsWith('3.1') || String(spec.openapi ?? '').startsWith('3.2');
	ajv = (
		is31
			? new Ajv2020({ strict: false, allErrors: true, logger: false, validateSchema: false })
			: new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false })
	) as Ajv;
	addFormats(ajv);
	ajv.addSchema(toJsonSchemaDialect(spec) as object, 'spec');
	ajvCache.set(spec, ajv);
	return ajv;
}

/**
 * OpenAPI 3.0's `nullable` is not JSON Schema: rewrite it (on a copy) into the equivalent
 * `type: [t, 'null']` / `anyOf` so ajv checks exactly what the vendor documents.
 */
export function toJsonSchemaDialect(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(toJsonSchemaDialect);
	if (!node || typeof node !== 'object') return node;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(node)) out[k] = toJsonSchemaDialect(v);
	if (out.nullable === true) {
		delete out.nullable;
		if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
		if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
		if (Array.isArray(out.type)) return { ...out, type: out.type.includes('null') ? out.type : [...out.type, 'null'] };
		return { anyOf: [out, { type: 'null' }] };
	}
	if (out.nullable === false) delete out.nullable;
	return out;
}

function pointer(...parts: string[]): string {
	return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** Validates a body against the schema the vendor documents for that operation. Can fail: use it. */
export function validateAgainstOpenApi(spec: OpenApiDocument, op: OperationRef, body: unknown): ValidationResult {
	const template = findPathTemplate(spec, op.path);
	if (!template) return { valid: false, errors: [`path ${op.path} is not documented by the spec`] };
	const method = op.method.toLowerCase();
	const operation = spec.paths[template][method];
	if (!operation) return { valid: false, errors: [`${op.method} ${template} is not documented by the spec`], template };
	let contentPath: string[];
	let content: OpenApiBody['content'];
	if (op.kind === 'request') {
		let requestBody = operation.requestBody;
		const base = ['paths', template, method, 'requestBody'];
		if (requestBody?.$ref) {
			const ref = refKeys(requestBody.$ref);
			requestBody = specAt(spec, ref) as OpenApiBody | undefined;
			contentPath = [...ref, 'content'];
		} else contentPath = [...base, 'content'];
		content = requestBody?.content;
	} else {
		const statuses = Object.keys(operation.responses ?? {});
		const status = String(op.status ?? statuses.find((s) => /^2/.test(s)) ?? '200');
		let response =
			operation.responses?.[status] ?? operation.responses?.[`${status[0]}XX`] ?? operation.responses?.default;
		if (!response)
			return { valid: false, errors: [`response ${status} of ${op.method} ${template} is not documented`], template };
		const key = operation.responses?.[status]
			? status
			: operation.responses?.[`${status[0]}XX`]
				? `${status[0]}XX`
				: 'default';
		contentPath = ['paths', template, method, 'responses', key, 'content'];
		if (response.$ref) {
			const ref = refKeys(response.$ref);
			response = specAt(spec, ref) as OpenApiBody | undefined;
			contentPath = [...ref, 'content'];
		}
		content = response?.content;
	}
	if (!content)
		return { valid: false, errors: [`no ${op.kind} body documented for ${op.method} ${template}`], template };
	const contentType = op.contentType ?? Object.keys(content).find((c) => /json/.test(c)) ?? Object.keys(content)[0];
	if (!content[contentType]?.schema) return { valid: false, errors: [`no schema for ${contentType}`], template };
	const ajv = ajvFor(spec);
	const validate = ajv.compile({ $ref: `spec#/${pointer(...contentPath, contentType, 'schema')}` });
	const valid = validate(body) as boolean;
	return {
		valid,
		template,
		errors: valid
			? []
			: (validate.errors ?? []).map(
					(e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`,
				),
	};
}

/** Validates against a named component schema (e.g. a webhook payload documented under components). */
export function validateAgainstComponent(spec: OpenApiDocument, schemaName: string, body: unknown): ValidationResult {
	if (!spec.components?.schemas?.[schemaName]) return { valid: false, errors: [`component ${schemaName} not in spec`] };
	const validate = ajvFor(spec).compile({ $ref: `spec#/${pointer('components', 'schemas', schemaName)}` });
	const valid = validate(body) as boolean;
	return {
		valid,
		errors: valid ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`),
	};
}

const schemaCache = new Map<string, GraphQLSchema>();

/** A GraphQL schema from an introspection JSON (Shopify Admin, ShipHero). */
export function loadGraphQLIntrospection(relative: string): GraphQLSchema {
	const cached = schemaCache.get(relative);
	if (cached) return cached;
	// Shopify's file is the introspection query's whole answer ({ data: { __schema } }); others are its data.
	const doc = loadSpecFile<IntrospectionQuery | { data: IntrospectionQuery }>(relative);
	const schema = buildClientSchema('data' in doc ? doc.data : doc);
	schemaCache.set(relative, schema);
	return schema;
}

export function loadShopifySchema(version = '2026-10'): GraphQLSchema {
	return loadGraphQLIntrospection(`shopify/admin_schema_${version}.json.gz`);
}

/** Returns the validation errors of a document against a schema (empty when valid). */
export function validateGraphQL(schema: GraphQLSchema, document: string): string[] {
	try {
		return validateGraphQLDocument(schema, parseGraphQL(document)).map((e) => e.message);
	} catch (error) {
		return [`syntax: ${(error as Error).message}`];
	}
}

/**
 * Validates a query string's parameters against the operation's documented `in: query` parameters: every
 * required one present, none undocumented, each value against its schema (GET /address at USPS, for one).
 */
export function validateQueryAgainstOpenApi(
	spec: OpenApiDocument,
	op: { path: string; method: string },
	query: Record<string, string>,
): ValidationResult {
	const template = findPathTemplate(spec, op.path);
	if (!template) return { valid: false, errors: [`path ${op.path} is not documented by the spec`] };
	const operation = spec.paths[template][op.method.toLowerCase()];
	if (!operation) return { valid: false, errors: [`${op.method} ${template} is not documented by the spec`], template };
	const parameters = (operation.parameters ?? [])
		.map((p) => (p.$ref ? (specAt(spec, refKeys(p.$ref)) as OpenApiParameter & { required?: boolean }) : p))
		.filter((p): p is OpenApiParameter & { required?: boolean } => !!p && p.in === 'query');
	const errors: string[] = [];
	for (const p of parameters) if (p.required && query[p.name] === undefined) errors.push(`query ${p.name} is required`);
	for (const [name, value] of Object.entries(query)) {
		const p = parameters.find((q) => q.name === name);
		if (!p) {
			errors.push(`query ${name} is not documented`);
			continue;
		}
		if (!p.schema) continue;
		const validate = ajvFor(spec).compile(toJsonSchemaDialect(p.schema) as object);
		if (!validate(value))
			errors.push(...(validate.errors ?? []).map((e) => `query ${name} ${e.message} (${JSON.stringify(value)})`));
	}
	return { valid: errors.length === 0, errors, template };
}
