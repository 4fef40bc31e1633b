/**
 * The package as a user installs it: `npm pack` of the build, installed with npm into a stock n8n user
 * folder (`<userFolder>/.n8n/nodes` holding only the package.json n8n writes there), then the real n8n
 * 2.40.7 started on that folder, the package's node types listed by the server, and one node run in a
 * workflow (Manual Trigger -> observations -> Order State reconcile) with its stages checked.
 *
 * It proves the nodes come from the installed tarball and not from this repository: the package folder is
 * a copy (no symlink) inside the user folder, npm's lockfile records the tarball's own integrity hash,
 * every runtime dependency sits under the user folder, n8n's environment names no path into the repository
 * (no N8N_CUSTOM_EXTENSIONS, no NODE_PATH), and the types are registered under the community-package
 * prefix `n8n-nodes-post-purchase.` (a custom extension would be `CUSTOM.`).
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import {
	E2E_SETUP_TIMEOUT_MS,
	E2E_TEST_TIMEOUT_MS,
	e2eGate,
	manualWorkflow,
	N8N_NODES_PACKAGE_JSON,
	N8nInstance,
	nodeItems,
	PACKAGE_NAME,
	REPO_ROOT,
	TARBALL_INSTALL_ARGS,
} from './harness';
import { expectCase, observationsNode, ORDER_CASES, ORDER_STATE_NODE } from './order-state.fixtures';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

interface InstalledPackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
}

(gate.run ? describe : describe.skip)('the packed tarball, npm-installed into a stock n8n user folder', () => {
	let n8n: N8nInstance;
	let nodesDir: string;
	let installed: InstalledPackageJson;

	beforeAll(async () => {
		n8n = await N8nInstance.create({ install: gate.install, packageInstall: 'npm-install' });
		nodesDir = join(n8n.userFolder, '.n8n/nodes');
		installed = JSON.parse(readFileSync(join(n8n.packageDir, 'package.json'), 'utf8')) as InstalledPackageJson;
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	it('installs as a copy of the tarball with its dependencies, and without a second n8n-workflow', () => {
		expect(TARBALL_INSTALL_ARGS).toEqual(['install', '--ignore-scripts', '--install-strategy=shallow', '--omit=peer']);
		// the folder n8n created keeps its name; npm added the tarball as its one dependency
		const folderPackage = JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')) as {
			name: string;
			private: boolean;
			dependencies: Record<string, string>;
		};
		expect({ name: folderPackage.name, private: folderPackage.private }).toEqual({
			name: N8N_NODES_PACKAGE_JSON.name,
			private: true,
		});
		expect(folderPackage.dependencies[PACKAGE_NAME]).toMatch(/^file:.*\.tgz$/);

		// a real folder inside the user folder (installing a directory would have made a symlink to it)
		expect(lstatSync(n8n.packageDir).isSymbolicLink()).toBe(false);
		expect(realpathSync(n8n.packageDir).startsWith(realpathSync(n8n.userFolder))).toBe(true);
		expect(realpathSync(n8n.packageDir).startsWith(REPO_ROOT)).toBe(false);

		// npm's record of what it installed is this very tarball
		const lock = JSON.parse(readFileSync(join(nodesDir, 'node_modules/.package-lock.json'), 'utf8')) as {
			packages: Record<string, { integrity?: string; resolved?: string }>;
		};
		const entry = lock.packages[`node_modules/${PACKAGE_NAME}`];
		const integrity = `sha512-${createHash('sha512').update(readFileSync(n8n.tarball!)).digest('base64')}`;
		expect(entry.integrity).toBe(integrity);

		// what package.json declares is there, and nothing but the build
		for (const file of [...installed.n8n.nodes, ...installed.n8n.credentials])
			expect({ file, present: existsSync(join(n8n.packageDir, file)) }).toEqual({ file, present: true });
		expect(existsSync(join(n8n.packageDir, 'nodes'))).toBe(false);
		expect(existsSync(join(n8n.packageDir, 'test'))).toBe(false);

		// every runtime dependency resolves inside the user folder, not from n8n's own node_modules
		for (const dep of Object.keys(installed.dependencies ?? {})) {
			const found = [join(n8n.packageDir, 'node_modules', dep), join(nodesDir, 'node_modules', dep)].some((dir) =>
				existsSync(join(dir, 'package.json')),
			);
			expect({ dep, found }).toEqual({ dep, found: true });
		}
		// the n8n-workflow peer is n8n's: no copy of another version beside the package
		expect(existsSync(join(nodesDir, 'node_modules/n8n-workflow'))).toBe(false);
		expect(existsSync(join(n8n.packageDir, 'node_modules/n8n-workflow'))).toBe(false);
	});

	it('n8n started on that folder registers every node and credential of the package, from nowhere else', async () => {
		const env = n8n.environmentVariables();
		expect(env.N8N_CUSTOM_EXTENSIONS).toBeUndefined();
		expect(env.NODE_PATH).toBeUndefined();
		// PATH only finds executables (npx puts the repository's node_modules/.bin there), never modules
		const naming = Object.entries(env)
			.filter(([key, value]) => key !== 'PATH' && value?.includes(REPO_ROOT))
			.map(([key]) => key);
		expect(naming).toEqual([]);

		await n8n.startServer();
		const loaded = new Set(await n8n.loadedNodeTypes());
		expect(loaded).toContain('n8n-nodes-base.manualTrigger'); // the list is real, not empty
		// each node's type, as its codex beside the installed build names it
		const declared = installed.n8n.nodes.map(
			(file) =>
				(JSON.parse(readFileSync(join(n8n.packageDir, file.replace(/\.js$/, '.json')), 'utf8')) as { node: string })
					.node,
		);
		expect(declared.length).toBeGreaterThan(0);
		expect(declared.filter((type) => !loaded.has(type))).toEqual([]);
		expect([...loaded].filter((type) => type.startsWith('CUSTOM.'))).toEqual([]);
		// each credential type, by the name its installed build declares
		const credentials = new Set(await n8n.loadedCredentialTypes());
		const declaredCredentials = installed.n8n.credentials.map(
			(file) => /\bname = '([^']+)'/.exec(readFileSync(join(n8n.packageDir, file), 'utf8'))?.[1],
		);
		expect(declaredCredentials.length).toBeGreaterThan(0);
		expect(declaredCredentials.filter((name) => !name || !credentials.has(name))).toEqual([]);
		expect(n8n.log('main')).not.toMatch(
			new RegExp(`Failed to load package "${PACKAGE_NAME}"|Skipping package "${PACKAGE_NAME}"`),
		);
	});

	it('runs Order State from the installed package: each order reconciles to its stage', async () => {
		await n8n.startServer(); // started by the test above; a no-op then
		const cases = ORDER_CASES.map((caseName, i) => ({ caseName, orderKey: `INST${1001 + i}` }));
		const { id, active, ...workflow } = manualWorkflow({
			name: 'e2e: installed tarball, order state',
			nodes: [observationsNode(cases), ORDER_STATE_NODE],
		});
		void id;
		void active;
		// created through the public API and run in the server that listed the types above (the CLI would be
		// a second process beside the server's sqlite)
		const created = await n8n.api<{ id: string }>('POST', '/workflows', workflow);
		const result = await n8n.runWorkflow(created.id, 'Manual Trigger');
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		const items = nodeItems(result, ORDER_STATE_NODE.name);
		expect(items).toHaveLength(cases.length);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expectCase(item.json, cases[i].caseName, cases[i].orderKey);
		});
	});
});
