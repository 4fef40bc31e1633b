/**
 * Issue 14: renaming any node of a template must not break it. renameEveryNode renames every node and moves the
 * connections as the editor does; nothing in the parameters is touched, and for every template nothing needed to
 * be: n8n's own rename (Workflow.renameNode, what the editor calls) rewrites no parameter and wires the nodes the
 * same way. Each check is also shown to fail on a copy that still names a node in an expression, or on a rename
 * that forgot the connections.
 */
import { Workflow } from 'n8n-workflow';
import type { INode, INodeTypes, IConnections } from 'n8n-workflow';

import { checkNoNodeReferences, loadTemplate, templateFiles } from './checks';
import type { Template } from './checks';
import { connectionList, danglingConnections, renamedName, renameEveryNode } from './rename';

const files = templateFiles();
const clone = (t: Template): Template => JSON.parse(JSON.stringify(t)) as Template;

/** n8n's own rename, node by node, as the editor does it (no node type is needed to rename). */
function renameWithN8n(template: Template, rename: (name: string) => string): Template {
	const t = clone(template);
	const noTypes = {
		getByName: () => undefined,
		getByNameAndVersion: () => undefined,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({
		nodes: t.nodes as unknown as INode[],
		connections: t.connections as unknown as IConnections,
		active: false,
		nodeTypes: noTypes,
	});
	for (const node of template.nodes) workflow.renameNode(node.name, rename(node.name));
	return {
		...t,
		nodes: Object.values(workflow.nodes) as unknown as Template['nodes'],
		connections: workflow.connectionsBySourceNode as unknown as Template['connections'],
	};
}

const parametersByName = (t: Template) => Object.fromEntries(t.nodes.map((n) => [n.name, n.parameters ?? {}]));

describe('renaming every node of a template', () => {
	it('finds the templates', () => {
		expect(files.length).toBeGreaterThanOrEqual(7);
	});

	describe.each(files)('%s', (file) => {
		const original = loadTemplate(file);
		const renamed = renameEveryNode(original);

		it('renames every node (sticky notes too) and keeps everything else of each node', () => {
			expect(renamed.nodes.map((n) => n.name)).toEqual(original.nodes.map((n) => renamedName(n.name)));
			const before = new Set(original.nodes.map((n) => n.name));
			expect(renamed.nodes.filter((n) => before.has(n.name))).toEqual([]);
			const withoutName = (t: Template) => t.nodes.map((n) => ({ ...n, name: undefined }));
			expect(withoutName(renamed)).toEqual(withoutName(original));
			// the original is not changed
			expect(original).toEqual(loadTemplate(file));
		});

		it('moves every connection with its nodes: none dangles, none is lost', () => {
			expect(danglingConnections(renamed)).toEqual([]);
			expect(connectionList(renamed)).toEqual(
				connectionList(original)
					.map((c) => c.replace(/^(.*)\[(\w+\/\d+)\] -> (.*)\[(\w+\/\d+)\]$/, `$1 (renamed)[$2] -> $3 (renamed)[$4]`))
					.sort(),
			);
			// every template of more than one working node has connections (the intake is one node: the trigger stores)
			const working = original.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
			expect(connectionList(renamed).length > 0).toBe(working > 1);
		});

		it('needed no parameter changed: no expression names a node, before or after', () => {
			expect(checkNoNodeReferences(original)).toEqual([]);
			expect(checkNoNodeReferences(renamed)).toEqual([]);
		});

		it("n8n's own rename (the editor's) rewrites no parameter and wires the nodes the same way", () => {
			const byN8n = renameWithN8n(original, renamedName);
			expect(parametersByName(byN8n)).toEqual(parametersByName(renamed));
			expect(connectionList(byN8n)).toEqual(connectionList(renamed));
		});
	});

	it('takes any rename function, and refuses one that makes two nodes share a name', () => {
		const t = loadTemplate(files[0]);
		expect(renameEveryNode(t, (name) => `Step: ${name}`).nodes.every((n) => n.name.startsWith('Step: '))).toBe(true);
		expect(() => renameEveryNode(t, () => 'Same')).toThrow(/collide/);
	});
});

describe('the rename checks fail when they should', () => {
	/** A two-node workflow whose second node still reads the first by its name. */
	const naming: Template = {
		name: 'names a node',
		nodes: [
			{ name: 'Claim events', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
			{
				name: 'Use it',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: { value: "={{ $('Claim events').item.json.orderKey }}" },
			},
		],
		connections: { 'Claim events': { main: [[{ node: 'Use it', type: 'main', index: 0 }]] } },
	};

	it('a template that names a node: checkNoNodeReferences flags it after the rename, and n8n must rewrite it', () => {
		const renamed = renameEveryNode(naming);
		expect(checkNoNodeReferences(renamed)).toEqual(['Use it (renamed): value names another node']);
		const byN8n = renameWithN8n(naming, renamedName);
		expect(parametersByName(byN8n)).not.toEqual(parametersByName(renamed));
		expect(byN8n.nodes[1].parameters!.value).toContain('Claim events (renamed)');
	});

	it('a rename that forgets the connections leaves them dangling', () => {
		const forgot = clone(naming);
		for (const node of forgot.nodes) node.name = renamedName(node.name);
		expect(danglingConnections(forgot)).toEqual([
			'connection from missing node "Claim events"',
			'Claim events -> missing node "Use it"',
		]);
		const targetsOnly = renameEveryNode(naming);
		targetsOnly.connections['Claim events (renamed)'].main[0][0].node = 'Use it';
		expect(danglingConnections(targetsOnly)).toEqual(['Claim events (renamed) -> missing node "Use it"']);
	});
});
