/**
 * Node-test harness: runs ONE node through n8n's real execution engine (n8n-workflow `Workflow` +
 * n8n-core `WorkflowExecute`), the same code path n8n uses in production, without a server.
 *
 * ## runNode(options) => Promise<RunNodeResult>
 *
 *   const { outputs, error, runData } = await runNode({
 *     nodeType: new OrderState(),            // an INodeType or versioned node type instance
 *     parameters: { operation: 'reconcile' }, // node parameters as on the canvas ("={{ }}" expressions work)
 *     input: [{ json: { a: 1 } }],           // items fed to the node (default: one empty item)
 *     credentials: { shopifyAccessTokenApi: { shopSubdomain: 'x', accessToken: 'y' } },
 *     credentialTypes: [new ShopifyAccessTokenApi()], // so `authenticate`, `extends` and
 *                                                     // `preAuthentication` are applied like n8n does
 *     continueOnFail: true,                  // sets the node's "On Error: Continue" setting
 *     typeVersion: 2,                        // default: the newest version the node declares
 *   });
 *   outputs[0]      // items on the first output ("main" 0), each with pairedItem as n8n recorded it
 *   error           // the execution error when the node failed without continueOnFail
 *   runData         // n8n's full IRunData (keyed by node name) for anything else
 *
 * The workflow executed is `Input -> <node under test>`: "Input" is a tiny node that emits `input`
 * (each item gets `pairedItem` pointing at itself), so the engine's own data routing, pairedItem
 * bookkeeping, continueOnFail handling and expression evaluation all run for real.
 *
 * Credentials: `this.getCredentials(type)` returns `credentials[type]`; the node gets
 * `node.credentials[type] = { id, name }` exactly as a saved workflow has. `this.helpers.httpRequest`
 * and `httpRequestWithAuthentication` are n8n-core's own implementations, so they really perform HTTP
 * (use nock to intercept) and `httpRequestWithAuthentication` applies the credential type's
 * `authenticate` (function or `{ type: 'generic', properties }` with `={{$credentials.x}}` expressions),
 * mirroring n8n's CredentialsHelper. Pass the credential type in `credentialTypes` for that to work;
 * a credential used without its type fails loudly instead of silently sending an unauthenticated call.
 *
 * ## runWebhook(options) => Promise<RunWebhookResult>
 *
 *   const res = await runWebhook({
 *     nodeType: new ShopifyTrigger(), parameters: {...}, credentials, credentialTypes,
 *     method: 'POST', headers: { 'x-shopify-hmac-sha256': sig, 'content-type': 'application/json' },
 *     query: {}, rawBody: Buffer.from(body), path: 'shopify',
 *   });
 *   res.status, res.body, res.headers   // what the HTTP caller would have received
 *   res.workflowData                    // items handed to the rest of the workflow (undefined = none)
 *
 * It builds n8n-core's real `WebhookContext` with an express-like request (`body` parsed from JSON or
 * form, `rawBody` kept as the Buffer, lower-cased headers) and a response object that records what the
 * node writes. When the node does not answer itself, the response follows n8n's webhook defaults:
 * `webhookResponse` if returned, otherwise 200 `{"message":"Workflow was started"}` when the node emitted
 * data, or 200 with no body when it emitted nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core's InstanceSettings writes a settings file into the n8n user folder when first used;
// keep that out of the developer's home and away from parallel suites.
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'pp-node-test-'));
}
process.env.N8N_LOG_LEVEL ??= 'silent';

import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRequestOptionsSimplified,
	IRunData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import type { Observation, ObservationKind } from '../../nodes/lib/order/types';

export type AnyNodeType = INodeType | IVersionedNodeType;

export interface RunNodeOptions {
	nodeType: AnyNodeType;
	parameters?: IDataObject;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	/**
	 * The node's "On Error" setting; `continueOnFail: true` is 'continueRegularOutput'. With
	 * 'continueErrorOutput' n8n adds an Error output after the node's own, and moves error items there.
	 */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	typeVersion?: number;
	/** Node name on the canvas; defaults to the node's `defaults.name`. */
	nodeName?: string;
}

export interface RunNodeResult {
	/** One array of items per output of the node under test (empty when the node failed). */
	outputs: INodeExecutionData[][];
	/** Set when the execution failed (the node threw and continueOnFail was off). */
	error?: ExecutionError;
	runData: IRunData;
	/** Credential data after the run (shows what preAuthentication refreshed). */
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

export interface RunWebhookOptions {
	nodeType: AnyNodeType;
	parameters?: IDataObject;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
	headers?: Record<string, string>;
	query?: Record<string, string>;
	rawBody?: Buffer;
	path?: string;
	typeVersion?: number;
	/** Which of the node's declared webhooks to call (default 'default'). */
	webhookName?: string;
	/** The workflow's static data as n8n would load it (e.g. a trigger's subscription state). */
	staticData?: IDataObject;
}

export interface RunWebhookResult {
	status: number;
	body: unknown;
	headers: Record<string, string>;
	/** What the node passes on to the workflow; undefined when it started nothing. */
	workflowData?: INodeExecutionData[][];
	/** The raw value the node's webhook() returned. */
	response: IWebhookResponseData;
}

const PACKAGE_PREFIX = 'n8n-nodes-post-purchase';
const INPUT_NODE_TYPE = 'pp-test.input';
const INPUT_NODE_NAME = 'Input';

/* ------------------------------------------------------------------------------------------------ */
/* Node types                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

/** Emits the items the test supplies, each paired with itself so lineage is checkable downstream. */
function inputNodeType(items: INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName: 'Test Input',
			name: 'input',
			group: ['input'],
			version: 1,
			description: 'Emits the items given by the test',
			defaults: { name: INPUT_NODE_NAME },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			return [items.map((item, index) => ({ ...item, pairedItem: item.pairedItem ?? { item: index } }))];
		},
	};
}

function latestVersion(nodeType: AnyNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function baseDescription(nodeType: AnyNodeType) {
	return 'nodeVersions' in nodeType ? nodeType.description : nodeType.description;
}

class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, AnyNodeType>) {}

	getByName(name: string): AnyNodeType {
		const type = this.types[name];
		if (!type) throw new Error(`test harness: unknown node type "${name}"`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes() {
		return {};
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* Credentials                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

/**
 * In-memory stand-in for n8n's CredentialsHelper (packages/cli), which normally reads encrypted rows
 * from the database. The request-shaping parts (authenticate, preAuthentication, extends) follow the
 * same rules as n8n's so a credential type behaves here as it will in a real instance.
 */
class TestCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	constructor(
		readonly store: Record<string, ICredentialDataDecryptedObject>,
		credentialTypes: ICredentialType[],
	) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	private getType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) {
			throw new Error(
				`test harness: credential type "${name}" is not registered; pass it in credentialTypes so its ` +
					`authenticate is applied`,
			);
		}
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('test harness: generic authenticate needs workflow and node');
			const resolve = (value: string) => resolveCredentialExpression(value, credentials, workflow, node);
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				target[section] ??= {};
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					// n8n resolves `auth` values too ({ username, password }); strings only are expressions
					target[section][resolve(key)] = typeof value === 'string' ? resolve(value) : value;
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** Like n8n: refresh the `expirable` hidden property when empty or expired, and persist it. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) {
			return undefined;
		}
		const output = (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		this.store[typeName] = { ...this.store[typeName], ...output };
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.lookup(type);
		return {
			id: details.id ?? undefined,
			name: details.name,
			type,
			data: undefined,
			getData: () => ({ ...data }),
			getDataToSave: () => ({ id: details.id, name: details.name, type, data: '' }),
			setData: (next: ICredentialDataDecryptedObject) => {
				this.store[type] = next;
			},
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		// a copy, as n8n decrypts a fresh object on every call: a node cannot mutate the stored secret
		return structuredClone(this.lookup(type));
	}

	async updateCredentials(_details: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.store[type] = data;
	}

	async updateCredentialsOauthTokenData(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.store[type] = data;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const own = this.getType(type);
		const merged: INodeProperties[] = [];
		for (const parent of own.extends ?? [])
			NodeHelpers.mergeNodeProperties(merged, this.getCredentialsProperties(parent));
		NodeHelpers.mergeNodeProperties(merged, own.properties);
		return merged;
	}

	private lookup(type: string): ICredentialDataDecryptedObject {
		const data = this.store[type];
		if (!data) throw new Error(`test harness: no credentials of type "${type}" were given to runNode`);
		return data;
	}
}

function resolveCredentialExpression(
	value: string,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? String(resolved) : '';
}

/* ------------------------------------------------------------------------------------------------ */
/* Execution plumbing                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

function additionalDataFor(
	credentialsHelper: ICredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new Error(`test harness: ${what} is not available in node tests`);
	};
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: unsupported('executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: unsupported('the Code node task runner'),
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

function nodeUnderTest(
	nodeType: AnyNodeType,
	options: {
		parameters?: IDataObject;
		typeVersion?: number;
		nodeName?: string;
		continueOnFail?: boolean;
		onError?: RunNodeOptions['onError'];
	},
	credentialNames: string[],
): INode {
	const typeVersion = options.typeVersion ?? latestVersion(nodeType);
	const description = NodeHelpers.getVersionedNodeType(nodeType, typeVersion).description;
	const node: INode = {
		id: 'node-under-test',
		name: options.nodeName ?? description.defaults?.name ?? description.displayName,
		type: `${PACKAGE_PREFIX}.${description.name}`,
		typeVersion,
		position: [200, 0],
		parameters: (options.parameters ?? {}) as INode['parameters'],
		webhookId: 'test-webhook-id',
	};
	if (options.continueOnFail || options.onError) {
		node.onError = options.onError ?? 'continueRegularOutput';
		node.continueOnFail = true;
	}
	if (credentialNames.length > 0) {
		node.credentials = Object.fromEntries(
			credentialNames.map((name) => [name, { id: `cred-${name}`, name: `${name} (test)` }]),
		);
	}
	return node;
}

/** Fills in the node's parameter defaults the way the editor does before saving a workflow. */
function withDefaults(node: INode, nodeType: INodeType): INode {
	const parameters = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		node.parameters,
		true,
		false,
		node,
		nodeType.description,
	);
	return { ...node, parameters: parameters ?? node.parameters };
}

function workflowBase(nodes: INode[], connections: IWorkflowBase['connections']): IWorkflowBase {
	const now = new Date();
	return {
		id: 'pp-test-workflow',
		name: 'node test',
		active: false,
		isArchived: false,
		createdAt: now,
		updatedAt: now,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	} as IWorkflowBase;
}

/* ------------------------------------------------------------------------------------------------ */
/* runNode                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const input = options.input ?? [{ json: {} }];
	const store: Record<string, ICredentialDataDecryptedObject> = structuredClone(options.credentials ?? {});
	const credentialsHelper = new TestCredentialsHelper(store, options.credentialTypes ?? []);

	const description = baseDescription(options.nodeType);
	const typeName = `${PACKAGE_PREFIX}.${description.name}`;
	const nodeTypes = new TestNodeTypes({ [INPUT_NODE_TYPE]: inputNodeType(input), [typeName]: options.nodeType });

	const draft = nodeUnderTest(options.nodeType, options, Object.keys(store));
	const node = withDefaults(draft, nodeTypes.getByNameAndVersion(typeName, draft.typeVersion));
	const inputNode: INode = {
		id: 'input',
		name: INPUT_NODE_NAME,
		type: INPUT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const connections = { [INPUT_NODE_NAME]: { main: [[{ node: node.name, type: 'main' as const, index: 0 }]] } };
	const base = workflowBase([inputNode, node], connections);
	const workflow = new Workflow({ ...base, nodeTypes, staticData: {} });

	const mode: WorkflowExecuteMode = 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', base);
	const additionalData = additionalDataFor(credentialsHelper, hooks);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: inputNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await execution.processRunExecutionData(workflow);
	const runData = run.data.resultData.runData;
	const task = runData[node.name]?.[0];
	const outputs = (task?.data?.main ?? []).map((items) => items ?? []);
	return { outputs, error: run.data.resultData.error, runData, credentials: store };
}

/* ------------------------------------------------------------------------------------------------ */
/* runWebhook                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

interface CapturedResponse {
	status?: number;
	body?: unknown;
	headers: Record<string, string>;
	ended: boolean;
}

function parseBody(rawBody: Buffer, contentType: string | undefined): unknown {
	if (rawBody.length === 0) return {};
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	const text = rawBody.toString('utf8');
	if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
	if (type === '' || type === 'application/json' || type.endsWith('+json')) {
		// n8n's webhook server answers malformed JSON itself; a node would see the raw body only
		try {
			return JSON.parse(text);
		} catch {
			return {};
		}
	}
	return {};
}

/** The subset of express' Response that webhook nodes use, recording everything written to it. */
function recordingResponse(captured: CapturedResponse) {
	const res = {
		headersSent: false,
		status(code: number) {
			captured.status = code;
			return res;
		},
		sendStatus(code: number) {
			captured.status = code;
			return res.end();
		},
		setHeader(name: string, value: string) {
			captured.headers[name.toLowerCase()] = String(value);
			return res;
		},
		set(name: string | Record<string, string>, value?: string) {
			if (typeof name === 'string') return res.setHeader(name, value ?? '');
			for (const [k, v] of Object.entries(name)) res.setHeader(k, v);
			return res;
		},
		header(name: string, value: string) {
			return res.setHeader(name, value);
		},
		json(body: unknown) {
			res.setHeader('content-type', 'application/json');
			return res.send(body);
		},
		send(body?: unknown) {
			captured.body = body;
			return res.end();
		},
		end(body?: unknown) {
			if (body !== undefined) captured.body = body;
			captured.status ??= 200;
			captured.ended = true;
			res.headersSent = true;
			return res;
		},
		writeHead(code: number, headers?: Record<string, string>) {
			captured.status = code;
			for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
			return res;
		},
	};
	return res;
}

export async function runWebhook(options: RunWebhookOptions): Promise<RunWebhookResult> {
	const store: Record<string, ICredentialDataDecryptedObject> = structuredClone(options.credentials ?? {});
	const credentialsHelper = new TestCredentialsHelper(store, options.credentialTypes ?? []);
	const description = baseDescription(options.nodeType);
	const typeName = `${PACKAGE_PREFIX}.${description.name}`;
	const nodeTypes = new TestNodeTypes({ [typeName]: options.nodeType });

	const draft = nodeUnderTest(options.nodeType, options, Object.keys(store));
	const nodeType = nodeTypes.getByNameAndVersion(typeName, draft.typeVersion);
	if (typeof nodeType.webhook !== 'function') {
		throw new Error(`test harness: node type "${typeName}" has no webhook() method`);
	}
	const node = withDefaults(draft, nodeType);
	const base = workflowBase([node], {});
	const workflow = new Workflow({ ...base, nodeTypes, staticData: structuredClone(options.staticData ?? {}) });

	const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
	const rawBody = options.rawBody ?? Buffer.alloc(0);
	const method = options.method ?? 'POST';
	const path = options.path ?? 'webhook';
	const query = options.query ?? {};
	const request = {
		method,
		url: `/webhook/${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`,
		path: `/webhook/${path}`,
		headers,
		query,
		params: {},
		body: parseBody(rawBody, headers['content-type']),
		rawBody,
		readRawBody: async () => undefined,
		get: (name: string) => headers[name.toLowerCase()],
		header: (name: string) => headers[name.toLowerCase()],
	};
	const captured: CapturedResponse = { headers: {}, ended: false };
	const response = recordingResponse(captured);

	const mode: WorkflowExecuteMode = 'webhook';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', base);
	const additionalData = additionalDataFor(credentialsHelper, hooks, {
		httpRequest: request as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
		httpResponse: response as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
	});
	const webhookData: IWebhookData = {
		httpMethod: method,
		node: node.name,
		path,
		webhookDescription: {
			name: options.webhookName ?? 'default',
			httpMethod: method,
			path,
			responseMode: 'onReceived',
		},
		workflowId: base.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	} as IWebhookData;

	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
	const result = await nodeType.webhook.call(context);

	const workflowData = result.workflowData ?? undefined;
	if (captured.ended || result.noWebhookResponse) {
		return {
			status: captured.status ?? 200,
			body: captured.body,
			headers: captured.headers,
			workflowData,
			response: result,
		};
	}
	if (result.webhookResponse !== undefined) {
		return { status: 200, body: result.webhookResponse, headers: captured.headers, workflowData, response: result };
	}
	const started = workflowData !== undefined;
	return {
		status: 200,
		body: started ? { message: 'Workflow was started' } : undefined,
		headers: captured.headers,
		workflowData,
		response: result,
	};
}

/** Items of output `index` of node `nodeName` from a RunNodeResult's runData (first run). */
export function outputOf(runData: IRunData, nodeName: string, index = 0): INodeExecutionData[] {
	return runData[nodeName]?.[0]?.data?.main?.[index] ?? [];
}

/** The observations a connector node put on an output item (`observations`, of the kind the test expects). */
export function observationsOf<K extends ObservationKind = ObservationKind>(
	item: INodeExecutionData,
): Observation<K>[] {
	return item.json.observations as unknown as Observation<K>[];
}

/* ------------------------------------------------------------------------------------------------ */
/* runWorkflow                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

/**
 * Every node and credential type the package declares (package.json "n8n"), loaded from source, keyed the
 * way a saved workflow names them ("n8n-nodes-post-purchase.orderLedger").
 */
export function packageTypes(): { nodeTypes: Record<string, AnyNodeType>; credentialTypes: ICredentialType[] } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the manifest lists what the package ships
	const manifest = require('../../package.json') as { n8n: { nodes: string[]; credentials: string[] } };
	const load = <T>(distPath: string): T[] => {
		const source = `../../${distPath.replace(/^dist\//, '').replace(/\.js$/, '')}`;
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- each file exports its class
		const exports = require(source) as Record<string, new () => T>;
		return Object.values(exports)
			.filter((v) => typeof v === 'function')
			.map((Type) => new Type());
	};
	const nodeTypes: Record<string, AnyNodeType> = {};
	for (const path of manifest.n8n.nodes)
		for (const type of load<AnyNodeType>(path)) nodeTypes[`${PACKAGE_PREFIX}.${baseDescription(type).name}`] = type;
	return { nodeTypes, credentialTypes: manifest.n8n.credentials.flatMap((p) => load<ICredentialType>(p)) };
}

/**
 * Stand-ins for the few n8n base nodes the templates use around ours, doing what n8n's own do with the
 * parameters the templates set (the e2e suites run the real ones in a real n8n):
 * - Set 3.x "Manual Mapping": each assignment's value (expressions evaluated by n8n), cast to its type, on
 *   top of the input item when "Include Other Input Fields" is on;
 * - If 2.x: n8n's own filter evaluation (getNodeParameter with extractValue on the `conditions` filter, as
 *   n8n's If node calls it), true items on output 0, false on output 1.
 */
function setStandIn(): INodeType {
	return {
		description: {
			displayName: 'Set (stand-in)',
			name: 'set',
			group: ['input'],
			version: [3, 3.1, 3.2, 3.3, 3.4],
			description: "n8n's Set node, manual mapping only",
			defaults: { name: 'Edit Fields' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'Mode', name: 'mode', type: 'string', default: 'manual' },
				{ displayName: 'Fields', name: 'assignments', type: 'assignmentCollection', default: {} },
				{ displayName: 'Include Other Fields', name: 'includeOtherFields', type: 'boolean', default: false },
			],
		},
		async execute(this: IExecuteFunctions) {
			return [
				this.getInputData().map((item, i) => {
					const list = (this.getNodeParameter('assignments.assignments', i, []) ?? []) as Array<{
						name: string;
						value: unknown;
						type?: string;
					}>;
					const json: IDataObject = this.getNodeParameter('includeOtherFields', i, false) ? { ...item.json } : {};
					for (const a of list) {
						if (a.type === 'number') json[a.name] = Number(a.value);
						else if (a.type === 'boolean') json[a.name] = a.value === true || a.value === 'true';
						else if (a.type === 'string')
							json[a.name] = a.value === undefined || a.value === null ? '' : String(a.value);
						else json[a.name] = a.value as IDataObject[string];
					}
					return { json, pairedItem: { item: i } };
				}),
			];
		},
	};
}

function ifStandIn(): INodeType {
	return {
		description: {
			displayName: 'If (stand-in)',
			name: 'if',
			group: ['transform'],
			version: [2, 2.1, 2.2],
			description: "n8n's If node",
			defaults: { name: 'If' },
			inputs: ['main'],
			outputs: ['main', 'main'],
			properties: [
				{
					displayName: 'Conditions',
					name: 'conditions',
					type: 'filter',
					default: {},
					typeOptions: { filter: { caseSensitive: true, typeValidation: 'strict', version: 2 } },
				},
				{ displayName: 'Loose Type Validation', name: 'looseTypeValidation', type: 'boolean', default: false },
			],
		},
		async execute(this: IExecuteFunctions) {
			const kept: INodeExecutionData[] = [];
			const dropped: INodeExecutionData[] = [];
			this.getInputData().forEach((item, i) => {
				const pass = this.getNodeParameter('conditions', i, false, { extractValue: true }) as boolean;
				(pass ? kept : dropped).push({ ...item, pairedItem: { item: i } });
			});
			return [kept, dropped];
		},
	};
}

/** A node type that never runs (sticky notes, the triggers a run does not start from). */
function inertType(name: string, group: INodeTypeDescription['group']): INodeType {
	return {
		description: {
			displayName: name,
			name,
			group,
			version: [1, 1.1, 1.2, 1.3],
			description: 'not run in tests',
			defaults: { name },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			throw new Error(`test harness: the ${name} node is not run in tests`);
		},
	};
}

export interface RunWorkflowOptions {
	workflow: { nodes: INode[]; connections: IWorkflowBase['connections'] };
	/** The node the run starts from: its type is replaced by one that emits `input` (a trigger, usually). */
	start: string;
	/** What the start node emits (default: one empty item, as a schedule trigger's run). */
	input?: INodeExecutionData[];
	/** Decrypted credential data by credential type (each node gets the one of its type). */
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

export interface RunWorkflowResult {
	status: 'success' | 'error';
	runData: IRunData;
	error?: ExecutionError;
	lastNodeExecuted?: string;
}

/**
 * A whole workflow (a template as the editor would save it) through n8n's real execution engine in this
 * process: the same WorkflowExecute as runNode, every node of the package, expressions, pairedItem, error
 * outputs and disabled nodes handled by n8n itself. No server, no database of n8n's own.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	const { nodeTypes: ours, credentialTypes } = cachedPackageTypes();
	const store: Record<string, ICredentialDataDecryptedObject> = structuredClone(options.credentials);
	const credentialsHelper = new TestCredentialsHelper(store, credentialTypes);
	const startType = 'pp-test.start';
	const nodeTypes = new TestNodeTypes({
		...ours,
		[startType]: inputNodeType(options.input ?? [{ json: {} }]),
		'n8n-nodes-base.set': setStandIn(),
		'n8n-nodes-base.if': ifStandIn(),
		'n8n-nodes-base.scheduleTrigger': inertType('scheduleTrigger', ['trigger', 'schedule']),
		'n8n-nodes-base.manualTrigger': inertType('manualTrigger', ['trigger']),
		'n8n-nodes-base.errorTrigger': inertType('errorTrigger', ['trigger']),
	});
	const startNode = options.workflow.nodes.find((n) => n.name === options.start);
	if (!startNode) throw new Error(`test harness: the workflow has no node "${options.start}" to start from`);
	const nodes = options.workflow.nodes
		.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
		.map((n) => {
			if (n.name === options.start) return { ...n, type: startType, typeVersion: 1, parameters: {} };
			return withDefaults(structuredClone(n), nodeTypes.getByNameAndVersion(n.type, n.typeVersion));
		});
	const base = workflowBase(nodes, options.workflow.connections);
	const workflow = new Workflow({ ...base, nodeTypes, staticData: {} });
	const mode: WorkflowExecuteMode = 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', base);
	const start = nodes.find((n) => n.name === options.start)!;
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: start, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	const execution = new WorkflowExecute(additionalDataFor(credentialsHelper, hooks), mode, runExecutionData);
	const run = await execution.processRunExecutionData(workflow);
	const error = run.data.resultData.error;
	return {
		status: error ? 'error' : 'success',
		runData: run.data.resultData.runData,
		error,
		lastNodeExecuted: run.data.resultData.lastNodeExecuted,
	};
}

let packageTypesCache: ReturnType<typeof packageTypes> | undefined;
/** Loaded once per test file: the types hold no state of a run (n8n keeps none in them either). */
function cachedPackageTypes() {
	packageTypesCache ??= packageTypes();
	return packageTypesCache;
}
