/**
 * Proves the end-to-end harness itself against the real n8n: the package is installed the way the
 * Community Nodes installer does it and n8n registers every node it declares, `n8n execute` output is
 * parsed (success and failure), credentials import encrypted, and the server + public API work.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	codeNode,
	E2E_SETUP_TIMEOUT_MS,
	E2E_TEST_TIMEOUT_MS,
	e2eGate,
	manualWorkflow,
	N8nInstance,
	nodeItems,
	nodeTypeName,
	PACKAGE_NAME,
	REPO_ROOT,
} from './harness';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

/** A node class as n8n instantiates it (only what this test reads). */
type NodeClass = new () => { description: { name: string } };

/** `n8n-nodes-post-purchase.<name>` for every node package.json declares, read from the built files. */
async function declaredNodeTypes(): Promise<string[]> {
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	const types: string[] = [];
	for (const path of pkg.n8n.nodes) {
		const exports = (await import(join(REPO_ROOT, path))) as Record<string, NodeClass>;
		const Node = Object.values(exports).find((value) => typeof value === 'function');
		if (!Node) throw new Error(`${path} exports no node class`);
		types.push(nodeTypeName(new Node().description.name));
	}
	return types;
}

(gate.run ? describe : describe.skip)('real n8n harness', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await N8nInstance.create({ install: gate.install });
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	it('installs the packed package as a community package with its runtime dependencies', () => {
		const dir = join(n8n.userFolder, '.n8n/nodes/node_modules', PACKAGE_NAME);
		const installed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		expect(installed.name).toBe(PACKAGE_NAME);
		expect(installed.devDependencies).toBeUndefined();
		for (const path of installed.n8n.nodes as string[]) expect(existsSync(join(dir, path))).toBe(true);
		for (const dep of Object.keys(installed.dependencies ?? {})) {
			expect(existsSync(join(dir, 'node_modules', dep, 'package.json'))).toBe(true);
		}
		// only what `npm pack` ships: no sources, no tests
		expect(existsSync(join(dir, 'test'))).toBe(false);
		expect(existsSync(join(dir, 'nodes'))).toBe(false);
	});

	it('executes a workflow with `n8n execute` and reads node outputs by name', async () => {
		const [id, second] = await n8n.importWorkflows([
			manualWorkflow({ name: 'harness: code', nodes: [codeNode('Make Items', [{ n: 1 }, { n: 2 }])] }),
			manualWorkflow({ name: 'harness: second', nodes: [codeNode('Other', [{ other: true }])] }),
		]);
		const result = await n8n.executeWorkflow(id);
		expect(result.status).toBe('success');
		expect(result.exitCode).toBe(0);
		expect(nodeItems(result, 'Make Items').map((item) => item.json)).toEqual([{ n: 1 }, { n: 2 }]);
		expect(result.lastNodeExecuted).toBe('Make Items');
		// the batch import kept each workflow apart
		expect(nodeItems(await n8n.executeWorkflow(second), 'Other')[0].json).toEqual({ other: true });
	});

	it('reports a failing workflow as an error with the node and message', async () => {
		const id = await n8n.importWorkflow(
			manualWorkflow({
				name: 'harness: failing',
				nodes: [
					{
						name: 'Boom',
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						parameters: { jsCode: "throw new Error('boom from the harness test');" },
					},
				],
			}),
		);
		const result = await n8n.executeWorkflow(id);
		expect(result.status).toBe('error');
		expect(result.exitCode).not.toBe(0);
		expect(result.error?.message).toContain('boom from the harness test');
		expect(() => nodeItems(result, 'Boom')).toThrow(/boom from the harness test/);
	});

	it('imports credentials encrypted with the instance key', async () => {
		await n8n.importCredentials([
			{
				id: 'ppE2eCred0000001',
				name: 'Sandbox header auth',
				type: 'httpHeaderAuth',
				data: { name: 'X-Test', value: 'v-123' },
			},
		]);
		const exported = await n8n.cli(['export:credentials', '--id=ppE2eCred0000001']);
		expect(exported.code).toBe(0);
		const stored = JSON.parse(exported.stdout.slice(exported.stdout.indexOf('[')));
		expect(stored[0].name).toBe('Sandbox header auth');
		expect(typeof stored[0].data).toBe('string'); // encrypted at rest
		expect(stored[0].data).not.toContain('v-123');
		const decrypted = await n8n.cli(['export:credentials', '--id=ppE2eCred0000001', '--decrypted']);
		expect(decrypted.stdout).toContain('v-123');
	});

	it('starts a server that registers every node of the package and serves the public API', async () => {
		const { baseUrl, apiKey } = await n8n.startServer();
		expect(apiKey).toBeTruthy();
		expect((await fetch(`${baseUrl}/healthz/readiness`)).status).toBe(200);
		const loaded = new Set(await n8n.loadedNodeTypes());
		expect(loaded).toContain('n8n-nodes-base.manualTrigger'); // the list is real, not empty
		const declared = await declaredNodeTypes();
		for (const type of declared) expect(loaded).toContain(type);
		const workflows = await n8n.api<{ data: Array<{ name: string }> }>('GET', '/workflows');
		expect(workflows.data.map((wf) => wf.name)).toEqual(expect.arrayContaining(['harness: code', 'harness: failing']));
	});
});
