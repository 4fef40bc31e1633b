/**
 * Checks on the template workflows (workflows/*.json), as pure functions that return a list of
 * problems (empty = fine), so each check can be shown to fail on a broken copy in the tests.
 *
 * Node descriptions come from this package's own node classes (nodes/*\/*.node.ts), so a template
 * that names a parameter, operation or option the node does not offer is caught before a user
 * imports it and finds a silently ignored setting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const WORKFLOWS_DIR = join(REPO_ROOT, 'workflows');
export const PACKAGE_PREFIX = 'n8n-nodes-post-purchase.';

export interface TemplateNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position?: [number, number];
	parameters?: Record<string, unknown>;
	credentials?: Record<string, unknown>;
	disabled?: boolean;
	webhookId?: string;
}

export interface Template {
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;
	[key: string]: unknown;
}

/**
 * n8n's own nodes the templates may use, at type versions n8n 2.40.7 ships (the e2e test checks the
 * same list against the node types the real n8n registers), with their number of main outputs.
 */
export const BASE_NODES: Record<string, { versions: number[]; outputs?: number }> = {
	'n8n-nodes-base.manualTrigger': { versions: [1] },
	'n8n-nodes-base.scheduleTrigger': { versions: [1.2] },
	'n8n-nodes-base.formTrigger': { versions: [2.2] },
	'n8n-nodes-base.set': { versions: [3.4] },
	'n8n-nodes-base.code': { versions: [2], outputs: 2 },
	'n8n-nodes-base.if': { versions: [2.2], outputs: 2 },
	'n8n-nodes-base.switch': { versions: [3.2], outputs: 8 },
	'n8n-nodes-base.splitInBatches': { versions: [3], outputs: 2 },
	'n8n-nodes-base.noOp': { versions: [1] },
	'n8n-nodes-base.merge': { versions: [3] },
	'n8n-nodes-base.errorTrigger': { versions: [1] },
	'n8n-nodes-base.stickyNote': { versions: [1], outputs: 0 },
	'n8n-nodes-base.postgres': { versions: [2.5], outputs: 2 },
	// The status page (issue 17): one Webhook for GET and POST (two outputs with "multiple methods"), answered by
	// Respond to Webhook.
	'n8n-nodes-base.webhook': { versions: [2.1], outputs: 2 },
	'n8n-nodes-base.respondToWebhook': { versions: [1.5] },
};

/* ------------------------------------------------------------------------------------------------ */
/* Loading                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

export function templateFiles(): string[] {
	return readdirSync(WORKFLOWS_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

export function loadTemplate(file: string): Template {
	return JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as Template;
}

/**
 * Where the ledger lives, set on the nodes themselves in a template that has no Store settings for it (issue 14:
 * the intake and the dead-letter review read no settings node): the embedded ledger's data directory, the
 * PostgreSQL schema or the Airtable base of every node with that backend, as a user sets it on each node (or the
 * Airtable credential's base).
 */
const LEDGER_LOCATION: Record<string, (node: TemplateNode, value: unknown) => boolean> = {
	ledgerDataDirectory: (node, value) => setOn(node, 'embedded', 'dataDirectory', value),
	postgresSchema: (node, value) => setOn(node, 'postgres', 'schema', value),
	airtableBaseId: (node, value) => setOn(node, 'airtable', 'base', { __rl: true, mode: 'id', value }),
};

function setOn(node: TemplateNode, backend: string, parameter: string, value: unknown): boolean {
	if (node.parameters?.backend !== backend) return false;
	node.parameters[parameter] = value;
	return true;
}

/**
 * The store settings that live in the Store Profile credential (issue 14) for the rebuilt templates, with the
 * values the templates' old Store settings node had, so a test judges orders exactly as before. Keys a test
 * overrides that are not profile fields are set on the template (setStoreSettings).
 */
export const STORE_PROFILE_DEFAULTS: Record<string, string | number | boolean> = {
	storeName: 'Acme Outdoor',
	shopDomain: 'acme-outdoor.myshopify.com',
	timeZone: 'America/New_York',
	slackChannelDefault: '#order-exceptions',
	slackChannelShippingDelays: '#shipping-delays',
	slackChannelWarehouse: '#warehouse',
	slackChannelCustomerCare: '#customer-care',
	slackReportChannel: '#ops-weekly',
	notSentToFulfillmentHours: 4,
	fulfillmentStuckHours: 16,
	trackingStalledHours: 24,
	trackingMissingGraceMinutes: 120,
	businessHoursStart: '09:00',
	businessHoursEnd: '17:00',
	holidays: '2026-11-26, 2026-12-25',
	// The old templates sent Klaviyo events unless switched off; the profile's own default is off.
	sendCustomerMessages: true,
};

/** Old Store settings names that are profile fields under another name. */
const PROFILE_ALIASES: Record<string, string> = { sendKlaviyoEvents: 'sendCustomerMessages' };

const isProfileKey = (name: string) => name in STORE_PROFILE_DEFAULTS || name in PROFILE_ALIASES;

/** The Store Profile credential data for these overrides (the defaults above, overridden). */
export function storeProfileFor(overrides: Record<string, unknown>): Record<string, unknown> {
	const profile: Record<string, unknown> = { ...STORE_PROFILE_DEFAULTS };
	for (const [name, value] of Object.entries(overrides))
		if (isProfileKey(name)) profile[PROFILE_ALIASES[name] ?? name] = value;
	return profile;
}

/**
 * For `n8n execute` (the CLI runs a workflow from a Manual Trigger): a template started only by its schedule
 * gets a Manual Trigger feeding the same nodes, as a user clicking Test Workflow on the schedule would.
 */
export function withManualTrigger(t: Template): Template {
	if (t.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger')) return t;
	const schedule = t.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) return t;
	const name = 'Run now (test)';
	t.nodes.push({ name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 400], parameters: {} });
	t.connections[name] = JSON.parse(JSON.stringify(t.connections[schedule.name])) as Template['connections'][string];
	return t;
}

/**
 * A Store Profile credential to import into n8n (`importCredentials`): the profile for these overrides, plus
 * any field the defaults above do not list (e.g. a warehouse time zone).
 */
export function storeProfileCredential(
	ref: { id: string; name: string },
	overrides: Record<string, unknown> = {},
	extra: Record<string, unknown> = {},
) {
	return { ...ref, type: 'postPurchaseStoreProfileApi', data: { ...storeProfileFor(overrides), ...extra } };
}

/** Binds a Store Profile credential on every node that takes its settings from the profile. */
export function bindStoreProfile(t: Template, ref: { id: string; name: string }): Template {
	for (const node of t.nodes)
		if (node.parameters?.settingsSource === 'profile')
			node.credentials = { ...(node.credentials ?? {}), postPurchaseStoreProfileApi: ref };
	return t;
}

const isLedger = (node: TemplateNode) => node.type === `${PACKAGE_PREFIX}orderLedger`;
const ledgerOperation = (node: TemplateNode, operation: string) =>
	isLedger(node) && node.parameters?.operation === operation;

/**
 * Workflow settings a rebuilt template keeps on the node that uses them (no settings node): the test clock on
 * every node with a "Now" that judges orders (never the ledger's, whose queue runs on the real clock), the batch
 * size, the attempts before dead-lettering, the warehouse freshness, how long a case must be left alone before the
 * stuck-order alerts post it as one the processor could not.
 */
const NODE_SETTINGS: Record<string, (node: TemplateNode, value: unknown) => boolean> = {
	evaluateAt: (node, value) => !isLedger(node) && setIfPresent(node, 'now', value),
	batchSize: (node, value) => ledgerOperation(node, 'claimBatch') && setTo(node, 'batchSize', value),
	maxAttempts: (node, value) =>
		(ledgerOperation(node, 'claimBatch') && setTo(node, 'maxAttempts', value)) ||
		(ledgerOperation(node, 'fail') && setTo(node, 'failMaxAttempts', value)),
	warehouseFreshMinutes: (node, value) =>
		ledgerOperation(node, 'claimBatch') && setTo(node, 'warehouseFreshMinutes', value),
	unpostedQuietMinutes: (node, value) =>
		ledgerOperation(node, 'listExceptions') && setIfPresent(node, 'unpostedQuietMinutes', value),
};

function setIfPresent(node: TemplateNode, parameter: string, value: unknown): boolean {
	if (!node.parameters || !(parameter in node.parameters)) return false;
	node.parameters[parameter] = value;
	return true;
}

function setTo(node: TemplateNode, parameter: string, value: unknown): boolean {
	node.parameters = { ...(node.parameters ?? {}), [parameter]: value };
	return true;
}

/**
 * Fills a template's settings as a user would: the fields of its Set nodes (Store settings where a template still
 * has one), the ledger location and workflow settings on the nodes, and nothing for the Store Profile's fields
 * (storeProfileFor gives those as the credential a test imports). Strict (default): a name nothing takes is an
 * error, so a test cannot silently set nothing; lenient: names the template lacks are skipped (one override list
 * for all seven templates).
 */
export function setStoreSettings(
	t: Template,
	overrides: Record<string, unknown>,
	options: { strict?: boolean } = {},
): Template {
	const list = t.nodes
		.filter((n) => n.type === 'n8n-nodes-base.set')
		.flatMap(
			(n) => (n.parameters!.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments,
		);
	const usesProfile = t.nodes.some((n) => n.parameters?.settingsSource === 'profile');
	for (const [name, value] of Object.entries(overrides)) {
		const entry = list.find((a) => a.name === name);
		if (entry) {
			entry.value = value;
			continue;
		}
		const place = LEDGER_LOCATION[name] ?? NODE_SETTINGS[name];
		const placed = place ? t.nodes.map((node) => place(node, value)).some(Boolean) : false;
		const inProfile = usesProfile && isProfileKey(name);
		if (!placed && !inProfile && options.strict !== false)
			throw new Error(`${t.name}: neither a Set node, a node nor the Store Profile takes ${name}`);
	}
	return t;
}

/** Every node description of this package, keyed by `n8n-nodes-post-purchase.<name>`, from the TS sources. */
export function packageNodeDescriptions(): Map<string, INodeTypeDescription> {
	const out = new Map<string, INodeTypeDescription>();
	const nodesDir = join(REPO_ROOT, 'nodes');
	for (const dir of readdirSync(nodesDir)) {
		if (dir === 'lib' || dir === 'shared') continue;
		let files: string[];
		try {
			files = readdirSync(join(nodesDir, dir)).filter((f) => f.endsWith('.node.ts'));
		} catch {
			continue;
		}
		for (const file of files) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- every node file, found at run time
			const mod = require(join(nodesDir, dir, file)) as Record<string, unknown>;
			for (const Exported of Object.values(mod)) {
				if (typeof Exported !== 'function') continue;
				const instance = new (Exported as new () => {
					description?: INodeTypeDescription;
					getNodeType?: () => { description: INodeTypeDescription };
				})();
				// A VersionedNodeType's own description is the base one (no properties): read its default version's.
				const description =
					typeof instance.getNodeType === 'function' ? instance.getNodeType().description : instance.description;
				if (description?.name) out.set(PACKAGE_PREFIX + description.name, description);
			}
		}
	}
	return out;
}

/* ------------------------------------------------------------------------------------------------ */
/* Checks                                                                                              */
/* ------------------------------------------------------------------------------------------------ */

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/** Node types are this package's nodes or known n8n-nodes-base nodes at versions n8n ships. */
export function checkNodeTypes(t: Template, ours: Map<string, INodeTypeDescription>): string[] {
	const problems: string[] = [];
	for (const node of t.nodes) {
		const own = ours.get(node.type);
		if (own) {
			const versions = Array.isArray(own.version) ? own.version : [own.version];
			if (!versions.includes(node.typeVersion))
				problems.push(`${node.name}: ${node.type} has no version ${node.typeVersion} (has ${versions.join(', ')})`);
			continue;
		}
		const base = BASE_NODES[node.type];
		if (!base) problems.push(`${node.name}: unknown node type ${node.type}`);
		else if (!base.versions.includes(node.typeVersion))
			problems.push(
				`${node.name}: ${node.type} v${node.typeVersion} is not a version the templates may use ` +
					`(${base.versions.join(', ')})`,
			);
	}
	return problems;
}

/** Does a displayOptions.show/hide condition hold for these (top-level) parameter values? */
function visible(prop: INodeProperties, values: Record<string, unknown>, defaults: Record<string, unknown>): boolean {
	const valueOf = (key: string) => {
		const name = key.replace(/^\//, '');
		return name in values ? values[name] : defaults[name];
	};
	const matches = (key: string, allowed: unknown[]) => {
		if (key.startsWith('@')) return true; // @version and the like: not modelled, assume shown
		const v = valueOf(key);
		if (isExpression(v)) return true; // decided at run time
		return Array.isArray(v) ? v.some((x) => allowed.includes(x)) : allowed.includes(v);
	};
	const show = prop.displayOptions?.show ?? {};
	const hide = prop.displayOptions?.hide ?? {};
	for (const [key, allowed] of Object.entries(show)) if (!matches(key, allowed as unknown[])) return false;
	for (const [key, hidden] of Object.entries(hide)) if (matches(key, hidden as unknown[])) return false;
	return true;
}

function optionValues(prop: INodeProperties): unknown[] {
	return ((prop.options ?? []) as INodePropertyOptions[]).map((o) => o.value);
}

/** One value against one property: options/multiOptions values, resource-locator modes, collections. */
function checkValue(where: string, prop: INodeProperties, value: unknown): string[] {
	if (isExpression(value)) return [];
	if (prop.type === 'options') {
		return optionValues(prop).includes(value as never)
			? []
			: [`${where}: "${String(value)}" is not one of ${optionValues(prop).join('|')}`];
	}
	if (prop.type === 'multiOptions') {
		if (!Array.isArray(value)) return [`${where}: must be a list`];
		return value
			.filter((v) => !isExpression(v) && !optionValues(prop).includes(v as never))
			.map((v) => `${where}: "${String(v)}" is not one of ${optionValues(prop).join('|')}`);
	}
	if (prop.type === 'resourceLocator') {
		const rl = value as { __rl?: boolean; mode?: string };
		const modes = (prop.modes ?? []).map((m) => m.name);
		return rl && typeof rl === 'object' && modes.includes(rl.mode ?? '')
			? []
			: [`${where}: resource locator mode "${String(rl?.mode)}" is not one of ${modes.join('|')}`];
	}
	if (prop.type === 'collection') {
		const problems: string[] = [];
		for (const [key, inner] of Object.entries((value ?? {}) as Record<string, unknown>)) {
			const sub = (prop.options as INodeProperties[]).find((o) => o.name === key);
			if (!sub)
				problems.push(
					`${where}.${key}: no such option (has ${(prop.options as INodeProperties[]).map((o) => o.name).join(', ')})`,
				);
			else problems.push(...checkValue(`${where}.${key}`, sub, inner));
		}
		return problems;
	}
	if (prop.type === 'fixedCollection') {
		const problems: string[] = [];
		for (const [group, entries] of Object.entries((value ?? {}) as Record<string, unknown>)) {
			const def = (prop.options as Array<{ name: string; values: INodeProperties[] }>).find((o) => o.name === group);
			if (!def) {
				problems.push(`${where}.${group}: no such group`);
				continue;
			}
			for (const [i, entry] of (Array.isArray(entries) ? entries : [entries]).entries()) {
				for (const [key, inner] of Object.entries(entry as Record<string, unknown>)) {
					const sub = def.values.find((v) => v.name === key);
					if (!sub) problems.push(`${where}.${group}[${i}].${key}: no such field`);
					else problems.push(...checkValue(`${where}.${group}[${i}].${key}`, sub, inner));
				}
			}
		}
		return problems;
	}
	return [];
}

/**
 * For this package's nodes: every parameter the template sets exists on the node, is shown for the
 * chosen resource/operation/backend (a hidden parameter is silently ignored by n8n), and every
 * options value is one the node offers.
 */
export function checkOwnParameters(t: Template, ours: Map<string, INodeTypeDescription>): string[] {
	const problems: string[] = [];
	for (const node of t.nodes) {
		const description = ours.get(node.type);
		if (!description) continue;
		const values = node.parameters ?? {};
		const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));
		for (const [name, value] of Object.entries(values)) {
			const candidates = description.properties.filter((p) => p.name === name);
			if (candidates.length === 0) {
				problems.push(`${node.name}: parameter "${name}" does not exist on ${description.name}`);
				continue;
			}
			const shown = candidates.filter((p) => visible(p, values, defaults));
			if (shown.length === 0) {
				problems.push(
					`${node.name}: parameter "${name}" is hidden for these settings ` +
						`(${JSON.stringify(candidates[0].displayOptions)})`,
				);
				continue;
			}
			const perCandidate = shown.map((p) => checkValue(`${node.name}.${name}`, p, value));
			if (perCandidate.every((list) => list.length > 0)) problems.push(...perCandidate[0]);
		}
	}
	return problems;
}

/** Every connection starts at a node of the workflow, ends at one, and uses an output the node has. */
export function checkConnections(t: Template, ours: Map<string, INodeTypeDescription>): string[] {
	const problems: string[] = [];
	const byName = new Map(t.nodes.map((n) => [n.name, n]));
	if (byName.size !== t.nodes.length) problems.push('two nodes share a name');
	for (const [from, kinds] of Object.entries(t.connections)) {
		const source = byName.get(from);
		if (!source) {
			problems.push(`connection from missing node "${from}"`);
			continue;
		}
		const description = ours.get(source.type);
		const ownOutputs = description ? outputsOf(description, source) : undefined;
		const outputs = Array.isArray(ownOutputs)
			? ownOutputs.length + (hasErrorOutput(source) ? 1 : 0)
			: (BASE_NODES[source.type]?.outputs ?? 1) + (hasErrorOutput(source) ? 1 : 0);
		for (const [kind, list] of Object.entries(kinds)) {
			if (kind !== 'main') problems.push(`${from}: connection type "${kind}" (templates only use main)`);
			list.forEach((targets, output) => {
				if (output >= Math.max(outputs, 1) && targets.length > 0)
					problems.push(`${from}: output ${output} does not exist (node has ${outputs})`);
				for (const target of targets)
					if (!byName.has(target.node)) problems.push(`${from} -> missing node "${target.node}"`);
			});
		}
	}
	return problems;
}

/**
 * A node's outputs as n8n computes them for this node's parameters: a list, or an expression over `$parameter`
 * (Order State's outputs depend on the operation), evaluated with the node's parameters over the defaults.
 */
export function outputsOf(description: INodeTypeDescription, node: TemplateNode): unknown[] {
	const { outputs } = description;
	if (Array.isArray(outputs)) return outputs;
	const body = /^=\{\{([\s\S]*)\}\}$/.exec(String(outputs).trim())?.[1];
	if (!body) throw new Error(`${description.name}: outputs ${String(outputs)} is neither a list nor an expression`);
	const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));
	const evaluate = new Function('$parameter', `return (${body});`) as (p: Record<string, unknown>) => unknown;
	const result = evaluate({ ...defaults, ...(node.parameters ?? {}) });
	if (!Array.isArray(result)) throw new Error(`${description.name}: outputs expression gave ${String(result)}`);
	return result;
}

const hasErrorOutput = (node: TemplateNode) => (node as { onError?: string }).onError === 'continueErrorOutput';

/** No credential ids (or any credential binding): a user binds their own after import. */
export function checkNoCredentials(t: Template): string[] {
	const problems: string[] = [];
	for (const node of t.nodes)
		if (node.credentials !== undefined)
			problems.push(`${node.name}: carries credentials ${JSON.stringify(node.credentials)}`);
	const text = JSON.stringify(t);
	if (/"credentials"\s*:/.test(text) && problems.length === 0)
		problems.push('a "credentials" key appears in the workflow');
	return problems;
}

/**
 * Sticky notes: at least one per workflow, each with text, and every working node is explained by a
 * note nearby (within 700 px of the note's rectangle), so nothing on the canvas is left unexplained.
 */
export function checkStickyNotes(t: Template): string[] {
	const notes = t.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
	if (notes.length === 0) return ['no sticky notes'];
	const problems: string[] = [];
	for (const note of notes)
		if (typeof note.parameters?.content !== 'string' || (note.parameters.content as string).trim().length < 40)
			problems.push(`${note.name}: empty or too short`);
	const rects = notes.map((n) => {
		const [x, y] = n.position ?? [0, 0];
		return { x, y, w: Number(n.parameters?.width ?? 240), h: Number(n.parameters?.height ?? 160) };
	});
	for (const node of t.nodes) {
		if (node.type === 'n8n-nodes-base.stickyNote') continue;
		const [x, y] = node.position ?? [0, 0];
		const near = rects.some(
			(r) => Math.max(r.x - x, 0, x - (r.x + r.w)) <= 700 && Math.max(r.y - y, 0, y - (r.y + r.h)) <= 700,
		);
		if (!near) problems.push(`${node.name}: no sticky note nearby`);
	}
	return problems;
}

/**
 * Issue 14: the pipeline's logic lives in node operations a person edits as options, never in JavaScript.
 * A Code node in a template is a problem.
 */
export function checkNoCodeNodes(t: Template): string[] {
	return t.nodes.filter((n) => n.type === 'n8n-nodes-base.code').map((n) => `${n.name}: is a Code node`);
}

/** Every way an n8n expression reads another node's data by that node's name. */
const NODE_REFERENCE = /\$\(\s*['"`]|\$node\s*\[|\$items\s*\(/;

/**
 * Issue 14: renaming a node on the canvas must never break a workflow, so no expression may read another node by
 * its name (`$('Name')`, `$node['Name']`, `$items('Name')`); each node reads its own input (`$json`).
 */
export function checkNoNodeReferences(t: Template): string[] {
	const problems: string[] = [];
	const visit = (value: unknown, path: string, node: string) => {
		if (typeof value === 'string') {
			if (value.startsWith('=') && NODE_REFERENCE.test(value)) problems.push(`${node}: ${path} names another node`);
		} else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`, node));
		else if (value && typeof value === 'object')
			for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k, node);
	};
	for (const node of t.nodes)
		if (node.type !== 'n8n-nodes-base.stickyNote') visit(node.parameters ?? {}, '', node.name);
	return problems;
}

/** Issue 14: at most `max` working nodes (sticky notes aside), so a template reads at the editor's fit-to-view. */
export function checkWorkingNodes(t: Template, max = 15): string[] {
	const working = t.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
	return working > max ? [`${working} working nodes (at most ${max})`] : [];
}

/** The template's group: "02-event-processor-postgres.json" -> "02-event-processor". */
export const templateGroup = (file: string) => file.replace(/(-postgres|-airtable)?\.json$/, '');

/**
 * workflows/README.md has one "## " section per template group that names each of its files and
 * shows its canvas picture (docs/img/templates/<group>.png), and names no file that does not exist.
 */
export function checkReadme(readme: string, files: string[], imageExists: (rel: string) => boolean): string[] {
	const problems: string[] = [];
	const sections = readme.split(/^## /m).slice(1);
	const groups = [...new Set(files.map(templateGroup))];
	for (const group of groups) {
		const matching = sections.filter((s) => s.includes(`${group}.json`));
		if (matching.length !== 1) {
			problems.push(`${group}: expected one README section naming ${group}.json, found ${matching.length}`);
			continue;
		}
		const section = matching[0];
		for (const file of files.filter((f) => templateGroup(f) === group))
			if (!section.includes(file)) problems.push(`${group}: section does not name ${file}`);
		const image = `docs/img/templates/${group}.png`;
		if (!section.includes(`](../${image})`)) problems.push(`${group}: section has no picture ../${image}`);
		else if (!imageExists(image)) problems.push(`${group}: picture ${image} is missing`);
	}
	for (const named of readme.match(/\b\d\d-[\w-]+\.json/g) ?? [])
		if (!files.includes(named)) problems.push(`README names ${named}, which is not in workflows/`);
	return problems;
}
