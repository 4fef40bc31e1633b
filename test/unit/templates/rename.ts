/**
 * Renaming every node of a template, the way n8n's editor does it (issue 14: renaming a node on the canvas must
 * never break a workflow). The editor's rename (n8n-workflow's Workflow.renameNode) moves the node's connections:
 * the source key and every connection that targets it; it also rewrites expressions that name the node, which
 * this helper deliberately does NOT do, so a template that still read another node by name would break when run
 * (the e2e test) and fail checkNoNodeReferences (the unit test). Pure: returns a copy.
 */
import type { Template } from './checks';

export const renamedName = (name: string) => `${name} (renamed)`;

export function renameEveryNode(template: Template, rename: (name: string) => string = renamedName): Template {
	const t = JSON.parse(JSON.stringify(template)) as Template;
	const names = new Map(t.nodes.map((node) => [node.name, rename(node.name)]));
	const fresh = new Set(names.values());
	if (fresh.size !== names.size) throw new Error(`${t.name}: the new names collide (${[...fresh].join(', ')})`);
	const to = (name: string) => names.get(name) ?? name; // a dangling target stays dangling, visibly
	for (const node of t.nodes) node.name = to(node.name);
	t.connections = Object.fromEntries(
		Object.entries(t.connections).map(([from, kinds]) => [
			to(from),
			Object.fromEntries(
				Object.entries(kinds).map(([kind, outputs]) => [
					kind,
					outputs.map((targets) => (targets ?? []).map((target) => ({ ...target, node: to(target.node) }))),
				]),
			),
		]),
	);
	// Pinned data is keyed by node name too (the editor moves it with the node).
	const pinData = t.pinData as Record<string, unknown> | undefined;
	if (pinData && typeof pinData === 'object')
		t.pinData = Object.fromEntries(Object.entries(pinData).map(([name, data]) => [to(name), data]));
	return t;
}

/** Connections whose source or target is no node of the workflow (after a rename that missed one). */
export function danglingConnections(t: Template): string[] {
	const names = new Set(t.nodes.map((n) => n.name));
	const problems: string[] = [];
	for (const [from, kinds] of Object.entries(t.connections)) {
		if (!names.has(from)) problems.push(`connection from missing node "${from}"`);
		for (const outputs of Object.values(kinds))
			for (const targets of outputs)
				for (const target of targets ?? [])
					if (!names.has(target.node)) problems.push(`${from} -> missing node "${target.node}"`);
	}
	return problems;
}

/** Every connection as "from[kind/output] -> to[kind/index]", sorted: two workflows wired alike list alike. */
export function connectionList(t: Template): string[] {
	return Object.entries(t.connections)
		.flatMap(([from, kinds]) =>
			Object.entries(kinds).flatMap(([kind, outputs]) =>
				outputs.flatMap((targets, output) =>
					(targets ?? []).map(
						(target) => `${from}[${kind}/${output}] -> ${target.node}[${target.type}/${target.index}]`,
					),
				),
			),
		)
		.sort();
}
