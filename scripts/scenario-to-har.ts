/**
 * A clean-room scenario (test/fixtures/vendor-native/scenarios/*.json, format in docs/replay.md) as a
 * HAR 1.2 capture, plus the small replay config holding the signing secrets the fixtures document.
 *
 *   npx tsx scripts/scenario-to-har.ts <scenario.json> [--out capture.har] [--config-out replay.json]
 *
 * - push: a request TO the product at `at`: the fixture's exact bytes as the body (signatures are over
 *   those bytes), the URL and every header from its meta (`http.url`, `http.headers`). The product's own
 *   answer is not part of the evidence; it is written as 200.
 * - read: a request the product made and the vendor's answer, at `at`: method, URL, request headers
 *   and body from the meta (`http.method`, `http.url`, `http.requestHeaders`, `http.requestBody`), the
 *   answer's status and headers (`http.status`, `http.responseHeaders`) and the fixture as its body.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { harDocument, harEntry } from '../nodes/lib/replay/har';

export interface ScenarioTraffic {
	at: string;
	direction: 'push' | 'read';
	vendor: string;
	fixture: string;
}

export interface ScenarioTruth {
	at: string;
	stage: string;
	problems: string[];
	notProblems?: string[];
	why?: string;
}

export interface Scenario {
	description: string;
	policy?: Record<string, unknown>;
	orderKey: string;
	traffic: ScenarioTraffic[];
	truth: ScenarioTruth[];
}

interface FixtureMeta {
	vendor?: string;
	kind?: string;
	http?: {
		method?: string;
		url?: string;
		status?: number;
		headers?: Record<string, string>;
		requestHeaders?: Record<string, string>;
		responseHeaders?: Record<string, string>;
		requestBody?: unknown;
	};
	secret?: string;
}

export class ScenarioError extends Error {}

/** The corpus root: the folder that holds scenarios/ (fixture paths are relative to it). */
export function corpusRootOf(scenarioPath: string): string {
	return resolve(dirname(scenarioPath), '..');
}

function readMeta(root: string, fixture: string, where: string): FixtureMeta {
	const metaPath = join(root, fixture.replace(/\.json$/, '.meta.json'));
	try {
		return JSON.parse(readFileSync(metaPath, 'utf8')) as FixtureMeta;
	} catch (error) {
		throw new ScenarioError(`${where}.fixture: no readable meta file ${metaPath} (${(error as Error).message})`);
	}
}

function readBody(root: string, fixture: string, where: string): string {
	try {
		return readFileSync(join(root, fixture), 'utf8');
	} catch (error) {
		throw new ScenarioError(`${where}.fixture: cannot read ${fixture} (${(error as Error).message})`);
	}
}

export interface ConvertedScenario {
	har: Record<string, unknown>;
	/** Replay config: the signing secrets per vendor the pushes' metas document. */
	config: { secrets: Record<string, string[]> };
}

/** Pure conversion (the corpus test uses it): every problem names the traffic entry and field. */
export function scenarioToHar(scenario: Scenario, root: string): ConvertedScenario {
	if (!Array.isArray(scenario.traffic)) throw new ScenarioError('traffic: must be a list');
	const entries: Array<Record<string, unknown>> = [];
	const secrets: Record<string, string[]> = {};
	scenario.traffic.forEach((t, i) => {
		const where = `traffic[${i}]`;
		if (!t || typeof t.fixture !== 'string') throw new ScenarioError(`${where}.fixture: missing`);
		if (typeof t.at !== 'string' || Number.isNaN(Date.parse(t.at)))
			throw new ScenarioError(`${where}.at: "${String(t.at)}" is not an ISO 8601 instant`);
		const meta = readMeta(root, t.fixture, where);
		const http = meta.http ?? {};
		if (!http.url) throw new ScenarioError(`${where}: the meta of ${t.fixture} has no http.url`);
		const body = readBody(root, t.fixture, where);
		const comment = `${t.direction} ${t.vendor} ${t.fixture}`;
		if (t.direction === 'push') {
			if (meta.secret) {
				const list = (secrets[t.vendor] ??= []);
				if (!list.includes(meta.secret)) list.push(meta.secret);
			}
			entries.push(
				harEntry({
					at: t.at,
					method: http.method ?? 'POST',
					url: http.url,
					requestHeaders: http.headers ?? {},
					requestBody: body,
					status: 200,
					responseHeaders: {},
					responseBody: '',
					comment,
				}),
			);
		} else if (t.direction === 'read') {
			const requestBody =
				http.requestBody === undefined
					? undefined
					: typeof http.requestBody === 'string'
						? http.requestBody
						: JSON.stringify(http.requestBody);
			const requestHeaders = { ...(http.requestHeaders ?? {}) };
			if (requestBody !== undefined && !Object.keys(requestHeaders).some((h) => h.toLowerCase() === 'content-type'))
				requestHeaders['content-type'] = 'application/json';
			const responseHeaders = { ...(http.responseHeaders ?? {}) };
			if (!Object.keys(responseHeaders).some((h) => h.toLowerCase() === 'content-type'))
				responseHeaders['content-type'] = 'application/json';
			entries.push(
				harEntry({
					at: t.at,
					method: http.method ?? 'GET',
					url: http.url,
					requestHeaders,
					requestBody,
					status: http.status ?? 200,
					responseHeaders,
					responseBody: body,
					comment,
				}),
			);
		} else throw new ScenarioError(`${where}.direction: "${String(t.direction)}" is neither "push" nor "read"`);
	});
	return { har: harDocument(entries, scenario.description), config: { secrets } };
}

function main(argv: string[]): void {
	const args = [...argv];
	const input = args.shift();
	if (!input || input.startsWith('-')) {
		process.stderr.write(
			'usage: npx tsx scripts/scenario-to-har.ts <scenario.json> [--out capture.har] [--config-out replay.json]\n',
		);
		process.exit(2);
	}
	let out: string | undefined;
	let configOut: string | undefined;
	while (args.length) {
		const flag = args.shift();
		if (flag === '--out') out = args.shift();
		else if (flag === '--config-out') configOut = args.shift();
		else {
			process.stderr.write(`unknown option ${flag}\n`);
			process.exit(2);
		}
	}
	const scenario = JSON.parse(readFileSync(input, 'utf8')) as Scenario;
	const { har, config } = scenarioToHar(scenario, corpusRootOf(input));
	const text = `${JSON.stringify(har, null, 2)}\n`;
	if (out) writeFileSync(out, text);
	else process.stdout.write(text);
	if (configOut) writeFileSync(configOut, `${JSON.stringify(config, null, 2)}\n`);
}

if (require.main === module) {
	try {
		main(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n`);
		process.exit(1);
	}
}
