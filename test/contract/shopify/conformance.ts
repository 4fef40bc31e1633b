/**
 * Checks that a response fixture is something Shopify's schema can produce for a given document:
 * the document is executed against the published schema with resolvers that read the fixture, and
 * the result must equal the fixture with no errors. A wrong enum value, a missing non-null field, a
 * field the document did not select or a wrong type makes it fail.
 */
import { graphql, isAbstractType, type GraphQLSchema } from 'graphql';

type Obj = Record<string, unknown>;

export async function conformanceErrors(
	schema: GraphQLSchema,
	document: string,
	variables: Obj,
	data: unknown,
): Promise<string[]> {
	const result = await graphql({
		schema,
		source: document,
		variableValues: variables,
		rootValue: data as Obj,
		fieldResolver: (source: Obj, _args, _ctx, info) => source?.[info.path.key as string],
		typeResolver: (value: Obj, _ctx, info, abstractType) => {
			if (typeof value?.__typename === 'string') return value.__typename;
			// Shopify omits __typename unless asked: pick the only possible type that has every key.
			const keys = Object.keys(value ?? {});
			const candidates = isAbstractType(abstractType) ? info.schema.getPossibleTypes(abstractType) : [];
			const fits = candidates.filter((t) => keys.every((k) => k in t.getFields()));
			return fits.length === 1 ? fits[0].name : undefined;
		},
	});
	const errors = (result.errors ?? []).map((e) => `${e.path?.join('.') ?? ''}: ${e.message}`);
	const produced = JSON.stringify(result.data ?? null);
	const given = JSON.stringify(data);
	if (!errors.length && produced !== given)
		errors.push(
			`fixture has fields or values the document does not produce:\n  fixture:  ${given.slice(0, 300)}\n  ` +
				`executed: ${produced.slice(0, 300)}`,
		);
	return errors;
}
