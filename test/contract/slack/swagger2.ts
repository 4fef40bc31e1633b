/**
 * Validation against Slack's Web API description, which is Swagger 2.0 (slack_web_openapi_v2.json,
 * MIT, copied under test/contract/specs/slack): requests are form fields / query parameters listed
 * in each method's `parameters`, responses are the 200 (ok:true) and default (ok:false) schemas.
 * test/helpers/specs.ts covers OpenAPI 3 request bodies; Swagger 2 form parameters are checked here.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { loadSpecFile } from '../../helpers/specs';

export const SLACK_SPEC = 'slack/slack_web_openapi_v2.json';

/** A method's parameter in Swagger 2: a form field, a query parameter or a header. */
interface SlackParameter {
	name: string;
	in: string;
	required?: boolean;
	type?: string;
}

/** A Web API method as the description documents it. */
interface SlackOperation {
	parameters?: SlackParameter[];
	responses?: Record<string, { schema?: unknown }>;
}

let ajv: Ajv | undefined;
function spec(): { paths: Record<string, Partial<Record<string, SlackOperation>>> } {
	return loadSpecFile(SLACK_SPEC);
}
function validator(): Ajv {
	if (ajv) return ajv;
	ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
	addFormats(ajv);
	ajv.addSchema(spec(), 'slack');
	return ajv;
}

function pointer(...parts: string[]): string {
	return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export function documentedMethod(method: string, httpMethod: string): SlackOperation | undefined {
	return spec().paths[`/${method}`]?.[httpMethod.toLowerCase()];
}

/** Checks a call's parameters against the method's documented parameters. */
export function validateSlackRequest(
	method: string,
	httpMethod: string,
	params: Record<string, string>,
	headers: Record<string, string>,
): string[] {
	const op = documentedMethod(method, httpMethod);
	if (!op) return [`${httpMethod} /${method} is not documented by the Slack Web API description`];
	const errors: string[] = [];
	const documented = new Map((op.parameters ?? []).map((p) => [p.name, p]));
	for (const [name, p] of documented) {
		if (name === 'token') {
			// The token may travel as a parameter or (Slack's advice) as "Authorization: Bearer".
			if (p.required && !params.token && !/^Bearer \S+/.test(headers.authorization ?? ''))
				errors.push('token: missing (no parameter and no Authorization header)');
			continue;
		}
		if (p.required && params[name] === undefined) errors.push(`${name}: required by the spec but not sent`);
	}
	for (const [name, value] of Object.entries(params)) {
		const p = documented.get(name);
		if (!p) {
			errors.push(`${name}: not a documented parameter of ${method}`);
			continue;
		}
		const where = httpMethod === 'GET' ? 'query' : 'formData';
		if (p.in !== where && p.in !== 'header') errors.push(`${name}: documented in ${p.in}, sent in ${where}`);
		if (p.type === 'boolean' && !['true', 'false', '1', '0'].includes(value))
			errors.push(`${name}: must be a boolean, got ${value}`);
		if ((p.type === 'integer' || p.type === 'number') && !Number.isFinite(Number(value)))
			errors.push(`${name}: must be a number, got ${value}`);
	}
	return errors;
}

/** Checks a response body against the method's 200 schema (ok:true) or default schema (ok:false). */
export function validateSlackResponse(method: string, httpMethod: string, body: unknown): string[] {
	const op = documentedMethod(method, httpMethod);
	if (!op) return [`${httpMethod} /${method} is not documented`];
	const key = (body as { ok?: boolean })?.ok === true ? '200' : 'default';
	if (!op.responses?.[key]?.schema) return [`no ${key} response schema for ${method}`];
	const validate = validator().compile({
		$ref: `slack#/${pointer('paths', `/${method}`, httpMethod.toLowerCase(), 'responses', key, 'schema')}`,
	});
	return validate(body)
		? []
		: (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
}
