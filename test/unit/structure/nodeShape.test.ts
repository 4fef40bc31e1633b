/**
 * Every node has one shape (n8n's own versioned layout, as its Airtable v2 node):
 *
 *   nodes/<Folder>/<Name>.node.ts              thin: a VersionedNodeType whose version 1 is v1/<Name>V1
 *   nodes/<Folder>/v1/<Name>V1.node.ts         the INodeType of version 1 (description, methods, execute)
 *   nodes/<Folder>/v1/versionDescription.ts    `versionDescription`: the INodeTypeDescription of version 1
 *   nodes/<Folder>/v1/actions/router.ts        action nodes: runs the chosen operation for the input items
 *   nodes/<Folder>/v1/actions/**\/<op>.operation.ts   one file per operation, exporting `description` and `execute`
 *   nodes/<Folder>/v1/methods/                 list search / load options (when the node has any)
 *
 * so a version 2 can come without breaking saved workflows, and a reader finds an operation where its
 * name says. A node outside this shape fails here with what is missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { VersionedNodeType, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';
import { listTs, NODES, nodeFolders } from './sourceGraph';

/** The longest a version-dispatching node file needs to be. */
const THIN_NODE_FILE_LINES = 40;

function rootNodeFile(folder: string): string {
	const files = readdirSync(join(NODES, folder)).filter((f) => f.endsWith('.node.ts'));
	if (files.length !== 1)
		throw new Error(
			`nodes/${folder} must hold exactly one <Name>.node.ts at its root, found: ${files.join(', ') || 'none'}`,
		);
	return join(NODES, folder, files[0]);
}

async function loadClass(file: string): Promise<new () => unknown> {
	const mod = (await import(file)) as Record<string, unknown>;
	const classes = Object.values(mod).filter(
		(v): v is new () => unknown => typeof v === 'function' && /^class\s/.test(Function.prototype.toString.call(v)),
	);
	if (classes.length !== 1)
		throw new Error(`${basename(file)} must export exactly one class, exports ${Object.keys(mod).join(', ')}`);
	return classes[0];
}

function operationValues(description: INodeTypeDescription): string[] {
	return description.properties
		.filter((p: INodeProperties) => p.name === 'operation' && p.type === 'options')
		.flatMap((p) => (p.options ?? []).map((o) => String((o as { value: unknown }).value)));
}

describe.each(nodeFolders())('node %s', (folder) => {
	const dir = join(NODES, folder);

	/** v1/versionDescription.ts's `versionDescription`: the description of version 1. */
	const loadVersionDescription = async () =>
		((await import(join(dir, 'v1', 'versionDescription.ts'))) as { versionDescription: INodeTypeDescription })
			.versionDescription;

	it('has a thin versioned node file whose version 1 lives in v1/', async () => {
		const file = rootNodeFile(folder);
		const name = basename(file, '.node.ts');
		const lines = readFileSync(file, 'utf8').split('\n').length;
		expect({
			file: basename(file),
			lines: lines <= THIN_NODE_FILE_LINES ? 'thin' : `${lines} lines (at most ${THIN_NODE_FILE_LINES})`,
		}).toEqual({ file: basename(file), lines: 'thin' });
		const instance = new (await loadClass(file))() as VersionedNodeType;
		expect(instance).toBeInstanceOf(VersionedNodeType);
		expect(Object.keys(instance.nodeVersions)).toContain('1');
		expect(existsSync(join(dir, 'v1', `${name}V1.node.ts`))).toBe(true);
		expect(existsSync(join(dir, 'v1', 'versionDescription.ts'))).toBe(true);
		const versionDescription = await loadVersionDescription();
		// v1/ may serve later versions too (the Shopify trigger's 2 behaves as 1): 1 is among them
		const versions = [versionDescription?.version].flat();
		expect(versions).toContain(1);
		expect(instance.nodeVersions[1].description).toMatchObject({ name: versionDescription.name });
		for (const v of versions) expect(instance.nodeVersions[v as number]).toBe(instance.nodeVersions[1]);
	});

	it(
		'keeps each operation in its own <operation>.operation.ts exporting description and execute, run by ' +
			'v1/actions/router.ts',
		async () => {
			const versionDescription = await loadVersionDescription();
			const isTrigger = versionDescription.group.includes('trigger');
			if (isTrigger) {
				// Triggers run no operations; their webhook handling lives in v1 beside the node (checked above).
				expect(operationValues(versionDescription)).toEqual([]);
				return;
			}
			expect(existsSync(join(dir, 'v1', 'actions', 'router.ts'))).toBe(true);
			const operationFiles = new Map(
				listTs(join(dir, 'v1', 'actions'))
					.filter((f) => f.endsWith('.operation.ts'))
					.map((f) => [basename(f, '.operation.ts'), f]),
			);
			const operations = operationValues(versionDescription);
			expect(operations.length).toBeGreaterThan(0);
			const missing = operations.filter((op) => !operationFiles.has(op));
			expect({ operationsWithoutTheirFile: missing }).toEqual({ operationsWithoutTheirFile: [] });
			for (const op of operations) {
				const mod = (await import(operationFiles.get(op)!)) as { description?: unknown; execute?: unknown };
				expect({ op, description: Array.isArray(mod.description), execute: typeof mod.execute }).toEqual({
					op,
					description: true,
					execute: 'function',
				});
			}
		},
	);
});
