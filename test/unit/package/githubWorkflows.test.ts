/**
 * The GitHub Actions workflows cannot run here, so this checks what can be checked offline: both files
 * are valid YAML with the shape Actions needs, CI runs lint, typecheck and the unit project against
 * PostgreSQL and Redis on pushes and pull requests, and a `v*` tag publishes with npm provenance
 * (OIDC id-token, NPM_TOKEN) only after building and testing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

const ROOT = join(__dirname, '../../..');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Job {
	'runs-on'?: string;
	permissions?: Record<string, string>;
	services?: Record<string, { image?: string; ports?: string[] }>;
	steps?: Step[];
}
interface Workflow {
	name?: string;
	on?: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs?: Record<string, Job>;
}

function loadWorkflow(file: string): Workflow {
	const text = readFileSync(join(ROOT, '.github/workflows', file), 'utf8');
	const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
	if (doc.errors.length > 0)
		throw new Error(`${file} is not valid YAML:\n${doc.errors.map((e) => e.message).join('\n')}`);
	// `on` is a plain string key in YAML 1.2 (the yaml package's default), as GitHub reads it
	return doc.toJS() as Workflow;
}

/** The only job's steps (both workflows have one job). */
function steps(workflow: Workflow): Step[] {
	const jobs = Object.values(workflow.jobs ?? {});
	expect(jobs).toHaveLength(1);
	return jobs[0].steps ?? [];
}

const runs = (list: Step[]) => list.map((step) => step.run ?? '');
const indexOfRun = (list: Step[], pattern: RegExp) => runs(list).findIndex((run) => pattern.test(run));

function expectWellFormed(workflow: Workflow) {
	expect(typeof workflow.name).toBe('string');
	for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
		expect({ id, runsOn: typeof job['runs-on'] }).toEqual({ id, runsOn: 'string' });
		for (const step of job.steps ?? []) {
			// a step does exactly one thing, and every action is pinned to a version
			expect(Number(step.uses !== undefined) + Number(step.run !== undefined)).toBe(1);
			if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v?\d[\w.]*$/);
		}
	}
}

function expectServices(job: Job) {
	expect(job.services?.postgres?.image).toMatch(/^postgres:\d+/);
	expect(job.services?.postgres?.ports).toContain('5432:5432');
	expect(job.services?.redis?.image).toMatch(/^redis:\d+/);
	expect(job.services?.redis?.ports).toContain('6379:6379');
}

describe('.github/workflows/ci.yml', () => {
	const ci = loadWorkflow('ci.yml');

	it('is a well-formed workflow on pushes and pull requests', () => {
		expectWellFormed(ci);
		expect(Object.keys(ci.on ?? {}).sort()).toEqual(['pull_request', 'push']);
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	it('lints, typechecks, builds and runs the unit project with PostgreSQL and Redis beside it', () => {
		const job = Object.values(ci.jobs ?? {})[0];
		expectServices(job);
		const list = steps(ci);
		const node = list.find((step) => step.uses?.startsWith('actions/setup-node@'));
		const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } })
			.engines.node;
		expect(engines).toContain(`>=${String(node?.with?.['node-version'])}`);
		const order = [
			/^npm ci\b/,
			/^npm run lint$/,
			/^npm run typecheck$/,
			/^npm run build$/,
			/^npx jest --selectProjects unit$/,
		].map((pattern) => indexOfRun(list, pattern));
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = loadWorkflow('publish.yml');

	it('runs on v* tags only, with the OIDC token npm provenance needs', () => {
		expectWellFormed(publish);
		expect(publish.on).toEqual({ push: { tags: ['v*'] } });
		expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	});

	it('builds and tests before it publishes with provenance, authenticated by NPM_TOKEN', () => {
		const job = Object.values(publish.jobs ?? {})[0];
		expectServices(job);
		const list = steps(publish);
		const setup = list.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
		const publishAt = indexOfRun(list, /^npm publish\b/);
		expect(publishAt).toBe(list.length - 1);
		expect(list[publishAt].run).toBe('npm publish --provenance --access public');
		expect(list[publishAt].env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
		for (const pattern of [
			/^npm ci\b/,
			/^npm run lint$/,
			/^npm run typecheck$/,
			/^npm run build$/,
			/^npx jest --selectProjects unit$/,
		]) {
			const at = indexOfRun(list, pattern);
			expect({ step: String(pattern), before: at >= 0 && at < publishAt }).toEqual({
				step: String(pattern),
				before: true,
			});
		}
		// a tag that disagrees with package.json stops the release before anything is built
		expect(
			indexOfRun(list, /GITHUB_REF_NAME[\s\S]*package\.json|package\.json[\s\S]*GITHUB_REF_NAME/),
		).toBeGreaterThanOrEqual(0);
	});
});
