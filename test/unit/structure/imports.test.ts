/**
 * The layering DESIGN.md promises, checked over the import graph of the source:
 *  - a node folder imports only its own files, nodes/shared and nodes/lib (never another node's folder:
 *    per-vendor n8n glue lives once in nodes/shared);
 *  - nodes/shared imports nodes/lib and n8n-workflow, never a node folder;
 *  - nodes/lib is n8n-free (no n8n-workflow, no nodes/shared, no node folder);
 *  - credentials import n8n-workflow only (a credential is a form; logic lives elsewhere).
 */
import { join } from 'node:path';
import { importsOf, listTs, NODES, nodeFolders, rel, roomOf, ROOT } from './sourceGraph';

describe('import graph', () => {
	it('finds the files it checks (a broken walk must not pass as "no violations")', () => {
		expect(nodeFolders().length).toBeGreaterThanOrEqual(13);
		expect(listTs(join(NODES, 'lib')).length).toBeGreaterThan(50);
		expect(listTs(join(ROOT, 'credentials')).length).toBeGreaterThanOrEqual(16);
	});

	it.each(nodeFolders())('node folder %s imports only itself, nodes/shared and nodes/lib', (folder) => {
		const files = listTs(join(NODES, folder));
		expect(files.length).toBeGreaterThan(0);
		const bad = files
			.flatMap(importsOf)
			.filter((e) => e.resolved !== undefined)
			.filter((e) => {
				const room = roomOf(e.resolved!);
				return room !== folder && room !== 'shared' && room !== 'lib';
			})
			.map((e) => `${rel(e.from)} imports ${e.specifier}`);
		expect(bad).toEqual([]);
	});

	it('nodes/shared imports only nodes/lib and packages, never a node folder', () => {
		const bad = listTs(join(NODES, 'shared'))
			.flatMap(importsOf)
			.filter((e) => e.resolved !== undefined && !['shared', 'lib'].includes(roomOf(e.resolved) ?? ''))
			.map((e) => `${rel(e.from)} imports ${e.specifier}`);
		expect(bad).toEqual([]);
	});

	it('nodes/lib does not depend on n8n or on the node layer', () => {
		const bad = listTs(join(NODES, 'lib'))
			.flatMap(importsOf)
			.filter((e) =>
				e.resolved !== undefined
					? roomOf(e.resolved) !== 'lib'
					: e.specifier === 'n8n-workflow' || e.specifier.startsWith('n8n-core'),
			)
			.map((e) => `${rel(e.from)} imports ${e.specifier}`);
		expect(bad).toEqual([]);
	});

	it('credentials import n8n-workflow only', () => {
		const bad = listTs(join(ROOT, 'credentials'))
			.flatMap(importsOf)
			.filter((e) => e.specifier !== 'n8n-workflow')
			.map((e) => `${rel(e.from)} imports ${e.specifier}`);
		expect(bad).toEqual([]);
	});
});
