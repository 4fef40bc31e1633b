/**
 * Runs the event processor's Code nodes (their jsCode as frozen in processorCodeNodes.ts, taken from
 * workflows/02-event-processor.json before the templates were rebuilt without them) outside n8n, with a small
 * fake of the Code node's globals, so the pipeline functions can be compared with them.
 *
 * The fake: `$input.all()/first()` give the input items; `$('Node').all()/first()` give what the test says that
 * node output, and throw for a node the test says did not run (as n8n does; the Code nodes catch that where a
 * node may be skipped); `Date.now()` is pinned. Every value is passed through JSON first, as n8n items are.
 */
import { existsSync, readFileSync } from 'node:fs';

import { PROCESSOR_CODE_NODES } from './processorCodeNodes';

export interface WorkflowNode {
	name: string;
	type: string;
	parameters: { jsCode?: string };
}

/** The frozen jsCode of the processor's Code node of that name; a name it never had fails the test that asks. */
export function jsCodeOf(name: string): string {
	const code = Object.hasOwn(PROCESSOR_CODE_NODES, name) ? PROCESSOR_CODE_NODES[name] : undefined;
	if (code === undefined) throw new Error(`No frozen Code node "${name}" in processorCodeNodes.ts`);
	return code;
}

/** The Code nodes of a template file (none when the file is gone). */
export function codeNodesOf(file: string): WorkflowNode[] {
	if (!existsSync(file)) return [];
	const { nodes: all } = JSON.parse(readFileSync(file, 'utf8')) as { nodes: WorkflowNode[] };
	return all.filter((n) => n.type === 'n8n-nodes-base.code');
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
/** Compiled once per distinct jsCode. */
const compiled = new Map<string, (input: unknown, $: unknown, date: unknown) => unknown>();

/** The json of each item the Code node returns; throws what the Code node throws. */
export function runCodeNode(name: string, run: CodeNodeRun = {}): unknown[] {
	return runJsCode(jsCodeOf(name), run);
}

/** The same for a Code node's jsCode given as text (a frozen copy of a Code node no template ships any more). */
export function runJsCode(jsCode: string, run: CodeNodeRun = {}): unknown[] {
	let fn = compiled.get(jsCode);
	if (fn === undefined) {
		fn = new Function('$input', '$', 'Date', jsCode) as NonNullable<typeof fn>;
		compiled.set(jsCode, fn);
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
