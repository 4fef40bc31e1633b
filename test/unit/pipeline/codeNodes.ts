/**
 * Runs the event processor's shipped Code nodes (their jsCode as in workflows/02-event-processor.json) outside
 * n8n, with a small fake of the Code node's globals, so the pipeline functions can be compared with them.
 *
 * The fake: `$input.all()/first()` give the input items; `$('Node').all()/first()` give what the test says that
 * node output, and throw for a node the test says did not run (as n8n does; the Code nodes catch that where a
 * node may be skipped); `Date.now()` is pinned. Every value is passed through JSON first, as n8n items are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const WORKFLOW = join(__dirname, '..', '..', '..', 'workflows', '02-event-processor.json');

interface WorkflowNode {
	name: string;
	type: string;
	parameters: { jsCode?: string };
}

let nodes: WorkflowNode[] | undefined;

/** The jsCode of the Code node of that name; a renamed or missing node fails the test that asks. */
export function jsCodeOf(name: string): string {
	nodes ??= (JSON.parse(readFileSync(WORKFLOW, 'utf8')) as { nodes: WorkflowNode[] }).nodes;
	const node = nodes.find((n) => n.name === name && n.type === 'n8n-nodes-base.code');
	if (!node?.parameters.jsCode) throw new Error(`No Code node "${name}" in ${WORKFLOW}`);
	return node.parameters.jsCode;
}

export interface CodeNodeRun {
	/** The json of the items coming in. */
	input?: unknown[];
	/** The json of each earlier node's output items; a node left out has not run. */
	nodes?: Record<string, unknown[]>;
	/** What Date.now() says. */
	nowMs?: number;
}

type Items = Array<{ json: unknown }>;
const compiled = new Map<string, (input: unknown, $: unknown, date: unknown) => unknown>();

/** The json of each item the Code node returns; throws what the Code node throws. */
export function runCodeNode(name: string, run: CodeNodeRun = {}): unknown[] {
	let fn = compiled.get(name);
	if (fn === undefined) {
		fn = new Function('$input', '$', 'Date', jsCodeOf(name)) as NonNullable<typeof fn>;
		compiled.set(name, fn);
	}
	const items = (list: unknown[]): Items => list.map((json) => ({ json: asJson(json) }));
	const accessor = (list: Items) => ({ all: () => list, first: () => list[0] });
	const input = accessor(items(run.input ?? []));
	const $ = (node: string) => {
		const out = run.nodes?.[node];
		if (out === undefined) throw new Error(`Referenced node "${node}" has not been executed`);
		return accessor(items(out));
	};
	const nowMs = run.nowMs ?? Date.now();
	class PinnedDate extends Date {
		static now() {
			return nowMs;
		}
	}
	const out = fn(input, $, PinnedDate) as Items;
	return out.map((item) => item.json);
}

/** What survives n8n's JSON items (undefined fields dropped). */
export function asJson<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
