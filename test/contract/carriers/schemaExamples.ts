import { refKeys, specAt, type JsonSchema, type OpenApiDocument } from '../../helpers/specs';

/**
 * Builds an instance from the `example` values a vendor wrote into its own schema (FedEx documents
 * nearly every property this way): a fixture that is the vendor's data, not ours.
 */
export function exampleFromSchema(
	spec: OpenApiDocument,
	schema: JsonSchema | undefined,
	depth = 0,
	seen: string[] = [],
): unknown {
	if (!schema || depth > 40) return undefined;
	if (schema.$ref) {
		const ref = String(schema.$ref);
		if (seen.includes(ref)) return undefined;
		const target = specAt(spec, refKeys(ref)) as JsonSchema | undefined;
		return exampleFromSchema(spec, target, depth + 1, [...seen, ref]);
	}
	if (schema.allOf) {
		const parts = schema.allOf.map((s) => exampleFromSchema(spec, s, depth + 1, seen));
		if (parts.every((p: unknown) => p && typeof p === 'object' && !Array.isArray(p)))
			return Object.assign(
				{},
				...parts,
				schema.properties ? exampleFromSchema(spec, { ...schema, allOf: undefined }, depth + 1, seen) : {},
			);
		return parts.find((p: unknown) => p !== undefined);
	}
	if (schema.oneOf || schema.anyOf) return exampleFromSchema(spec, (schema.oneOf ?? schema.anyOf)![0], depth + 1, seen);
	if (schema.type === 'array' || schema.items) {
		if (Array.isArray(schema.example)) return schema.example;
		const item = exampleFromSchema(spec, schema.items, depth + 1, seen);
		return item === undefined ? [] : [item];
	}
	if (schema.type === 'object' || schema.properties) {
		const out: Record<string, unknown> = {};
		for (const [name, prop] of Object.entries(schema.properties ?? {})) {
			const value = exampleFromSchema(spec, prop, depth + 1, seen);
			if (value !== undefined) out[name] = value;
		}
		return out;
	}
	if (schema.example !== undefined) return schema.example;
	if (Array.isArray(schema.enum)) return schema.enum[0];
	return undefined;
}
