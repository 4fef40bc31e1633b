/**
 * Contract checks for ShipStation.
 *
 * v1 publishes no schema, so the checks are derived from ShipStation's public Postman collection:
 * a fixture must have exactly the field names of the collection's saved example response, each with the
 * example's JSON type (null in the example admits any type: the example does not say); a request must
 * use a method + path the collection documents, only query parameters it lists, and only body fields its
 * example body has. Shipments come from the documentation-derived field list (the collection has no
 * saved List Shipments response). v2 goes through the OpenAPI file with ajv.
 */
import { loadSpecFile, refKeys, specAt, type OpenApiDocument, type OpenApiParameter } from '../../helpers/specs';

export const COLLECTION = 'shipstation/ShipStation API.postman_collection.json';
export const V2_SPEC = 'shipstation/openapi.yaml';
export const SHIPMENT_SHAPE = 'shipstation/v1-shipment.doc-derived.json';

/** A JSON object as the collection's examples hold them. */
type JsonObject = Record<string, unknown>;

export interface PostmanItem {
	name: string;
	item?: PostmanItem[];
	request?: {
		method: string;
		url: string | { raw: string; path?: string[]; query?: Array<{ key: string }> };
		body?: { raw?: string };
	};
	response?: Array<{ name: string; code: number; body?: string; header?: Array<{ key: string; value: string }> }>;
}

function allRequests(): PostmanItem[] {
	const out: PostmanItem[] = [];
	const walk = (items: PostmanItem[]) => {
		for (const item of items) {
			if (item.item) walk(item.item);
			else if (item.request) out.push(item);
		}
	};
	walk(loadSpecFile<{ item: PostmanItem[] }>(COLLECTION).item);
	return out;
}

export function collectionItem(name: string): PostmanItem {
	const item = allRequests().find((i) => i.name === name);
	if (!item) throw new Error(`Postman collection has no request named "${name}"`);
	return item;
}

/**
 * The saved example response body of a collection request, parsed (every v1 example is an object); the
 * caller may name its shape (a ShipStation type), nothing checks it.
 */
export function exampleResponse<T extends object = JsonObject>(name: string): T {
	const body = collectionItem(name).response?.[0]?.body;
	if (!body) throw new Error(`"${name}" has no saved example response`);
	return JSON.parse(body);
}

/** The first order of the saved List Orders example: the fields and types of a v1 order. */
export function exampleListedOrder(): JsonObject {
	return (exampleResponse('List Orders').orders as JsonObject[])[0];
}

/** Headers of the saved example response (lower-cased names). */
export function exampleHeaders(name: string): Record<string, string> {
	const headers = collectionItem(name).response?.[0]?.header ?? [];
	return Object.fromEntries(headers.map((h) => [h.key.toLowerCase(), h.value]));
}

/** Request bodies in the collection use Postman variables ({{orderId}}); make them JSON first. */
export function exampleRequestBody(name: string): JsonObject {
	const raw = collectionItem(name).request?.body?.raw;
	if (!raw) throw new Error(`"${name}" has no example request body`);
	return JSON.parse(
		raw.replace(/\{\{\$guid\}\}/g, '00000000-0000-0000-0000-000000000000').replace(/\{\{[^}]+\}\}/g, '1'),
	);
}

function jsonType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

/**
 * Differences between `actual` and the example's shape. Objects: exactly the same keys. Values: the
 * example's type, or null. Arrays: every element against the example's first element.
 */
export function shapeDifferences(
	actual: unknown,
	example: unknown,
	at = '$',
	options: { allowMissing?: boolean } = {},
): string[] {
	const problems: string[] = [];
	if (example === null || actual === null) return problems;
	if (jsonType(actual) !== jsonType(example))
		return [`${at}: ${jsonType(actual)} where the example has ${jsonType(example)}`];
	if (Array.isArray(example) && Array.isArray(actual)) {
		if (example.length === 0) return problems;
		actual.forEach((element, index) =>
			problems.push(...shapeDifferences(element, example[0], `${at}[${index}]`, options)),
		);
		return problems;
	}
	if (typeof example === 'object' && typeof actual === 'object') {
		const exampleKeys = Object.keys(example as object);
		const actualKeys = Object.keys(actual as object);
		for (const key of actualKeys) if (!exampleKeys.includes(key)) problems.push(`${at}.${key}: not in the example`);
		if (!options.allowMissing)
			for (const key of exampleKeys)
				if (!actualKeys.includes(key)) problems.push(`${at}.${key}: missing (the example has it)`);
		for (const key of actualKeys) {
			if (exampleKeys.includes(key))
				problems.push(
					...shapeDifferences((actual as JsonObject)[key], (example as JsonObject)[key], `${at}.${key}`, options),
				);
		}
	}
	return problems;
}

const TYPE_CODES: Record<string, string> = { s: 'string', n: 'number', b: 'boolean', o: 'object', a: 'array' };

/** Checks an object against a documentation-derived field list ({"field": "s?"}): exact keys, types. */
export function fieldListDifferences(actual: unknown, fields: Record<string, string>, at = '$'): string[] {
	if (jsonType(actual) !== 'object') return [`${at}: ${jsonType(actual)} where an object is documented`];
	const problems: string[] = [];
	const record = actual as Record<string, unknown>;
	for (const key of Object.keys(record)) if (!(key in fields)) problems.push(`${at}.${key}: not a documented field`);
	for (const [key, code] of Object.entries(fields)) {
		if (!(key in record)) {
			problems.push(`${at}.${key}: missing`);
			continue;
		}
		const value = record[key];
		const nullable = code.endsWith('?');
		const expected = TYPE_CODES[code.replace('?', '')];
		if (value === null) {
			if (!nullable) problems.push(`${at}.${key}: null, documented as ${expected}`);
		} else if (jsonType(value) !== expected)
			problems.push(`${at}.${key}: ${jsonType(value)}, documented as ${expected}`);
	}
	return problems;
}

export function shipmentShape(): {
	shipment: Record<string, string>;
	shipmentItem: Record<string, string>;
	page: Record<string, string>;
	webhookPayload: Record<string, string>;
} {
	return loadSpecFile(SHIPMENT_SHAPE);
}

export function shipmentDifferences(shipment: unknown, at = '$'): string[] {
	const shape = shipmentShape();
	const problems = fieldListDifferences(shipment, shape.shipment, at);
	const items = (shipment as { shipmentItems?: unknown })?.shipmentItems;
	if (Array.isArray(items))
		items.forEach((item, i) =>
			problems.push(...fieldListDifferences(item, shape.shipmentItem, `${at}.shipmentItems[${i}]`)),
		);
	return problems;
}

export interface SentRequest {
	method: string;
	/** Path below the v1 base URL ('/orders/createorder'). */
	path: string;
	query: Record<string, string>;
	json?: unknown;
}

function pathMatches(documented: string[], actual: string): boolean {
	const parts = actual.replace(/^\//, '').split('/');
	if (parts.length !== documented.length) return false;
	return documented.every((segment, i) => /^\{\{.+\}\}$/.test(segment) || segment === parts[i]);
}

/** Which collection request documents this request (method + path), or undefined. */
export function documentingRequest(request: SentRequest): PostmanItem | undefined {
	return allRequests().find((item) => {
		const url = item.request!.url;
		const segments =
			typeof url === 'string' ? url.replace('{{baseUrl}}/', '').split('?')[0].split('/') : (url.path ?? []);
		return item.request!.method === request.method && pathMatches(segments, request.path);
	});
}

/** Problems of a v1 request against the collection: path, query parameter names, body fields. */
export function v1RequestProblems(request: SentRequest): string[] {
	const item = documentingRequest(request);
	if (!item) return [`${request.method} ${request.path} is not in the Postman collection`];
	const problems: string[] = [];
	const url = item.request!.url;
	const documentedQuery = typeof url === 'string' ? [] : (url.query ?? []).map((q) => q.key);
	for (const key of Object.keys(request.query)) {
		if (!documentedQuery.includes(key)) problems.push(`query parameter "${key}" is not documented for "${item.name}"`);
	}
	if (request.json !== undefined) {
		const example = exampleRequestBody(item.name);
		problems.push(...shapeDifferences(request.json, example, `${item.name} body`, { allowMissing: true }));
	}
	return problems;
}

/**
 * The v2 file declares `additionalProperties: false` beside `allOf` on several response bodies
 * (get_tracking_log_from_label_response_body, list_labels_response_body, link). In JSON Schema that
 * rejects every property (they are declared inside allOf, invisible to additionalProperties), so no
 * real response could pass. The author's intent is "no fields beyond the documented ones", which is
 * exactly `unevaluatedProperties: false` (JSON Schema 2020-12, the dialect of OpenAPI 3.1). This copy
 * makes that one substitution and nothing else.
 */
export function v2SpecWithClosedAllOf(): OpenApiDocument {
	const rewrite = (node: unknown): unknown => {
		if (Array.isArray(node)) return node.map(rewrite);
		if (!node || typeof node !== 'object') return node;
		const out: JsonObject = {};
		for (const [k, v] of Object.entries(node)) out[k] = rewrite(v);
		if (out.additionalProperties === false && Array.isArray(out.allOf)) {
			delete out.additionalProperties;
			out.unevaluatedProperties = false;
		}
		return out;
	};
	return rewrite(loadSpecFile(V2_SPEC)) as OpenApiDocument;
}

/** Query parameter names the v2 spec documents for an operation (resolving $ref parameters). */
export function v2QueryParameters(spec: OpenApiDocument, template: string, method: string): string[] {
	const resolve = (p: OpenApiParameter) =>
		p.$ref ? (specAt(spec, refKeys(p.$ref)) as OpenApiParameter | undefined) : p;
	// parameters of the path item (every method), then of the operation
	const shared = (specAt(spec, ['paths', template, 'parameters']) ?? []) as OpenApiParameter[];
	const params = [...shared, ...(spec.paths[template][method.toLowerCase()]?.parameters ?? [])].map(resolve);
	return params.filter((p) => p?.in === 'query').map((p) => p!.name);
}
