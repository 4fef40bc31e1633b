/**
 * Generates workflows/*.json (the template workflows) from one description, so the embedded,
 * PostgreSQL and Airtable versions of each template never drift apart.
 * Run: npx tsx scripts/generate-templates.ts   (then `npx jest test/unit/templates`).
 * Edit this file, not the JSON: the templates test checks every parameter against the nodes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Storage = 'embedded' | 'postgres' | 'airtable';
type Json = Record<string, unknown>;
interface N {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Json;
	disabled?: boolean;
	onError?: string;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	webhookId?: string;
	notes?: string;
	notesInFlow?: boolean;
}

const OUT = process.env.PP_TEMPLATES_OUT ?? join(__dirname, '..', 'workflows');
const PKG = 'n8n-nodes-post-purchase';
const uuid = (seed: string) => {
	const h = createHash('sha1').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

class Builder {
	nodes: N[] = [];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	constructor(readonly key: string) {}
	add(
		name: string,
		type: string,
		typeVersion: number,
		position: [number, number],
		parameters: Json,
		extra: Partial<N> = {},
	): string {
		this.nodes.push({ id: uuid(`${this.key}:${name}`), name, type, typeVersion, position, parameters, ...extra });
		return name;
	}
	link(from: string, to: string, output = 0, input = 0) {
		const c = (this.connections[from] ??= { main: [] });
		while (c.main.length <= output) c.main.push([]);
		c.main[output].push({ node: to, type: 'main', index: input });
	}
	chain(...names: string[]) {
		for (let i = 0; i + 1 < names.length; i++) this.link(names[i], names[i + 1]);
	}
	note(title: string, text: string, position: [number, number], width: number, height: number, color = 7) {
		// the two header notes hold text only: keep them short and bottom-aligned with where they were placed
		const h = title === 'Note: what this does' || title === 'Note: settings' ? Math.min(height, 280) : height;
		this.add(title, 'n8n-nodes-base.stickyNote', 1, [position[0], position[1] + height - h - 20], {
			content: text,
			width,
			height: h,
			color,
		});
	}
}

/* ---------- shared pieces ---------- */

/**
 * Where the ledger is, set on each ledger node: the embedded ledger in n8n's own folder, PostgreSQL's public
 * schema, the Airtable base the credential names (its Ledger Base ID).
 */
function ledgerLocation(storage: Storage): Json {
	if (storage === 'postgres') return { backend: 'postgres', schema: 'public' };
	if (storage === 'airtable') return { backend: 'airtable', base: { __rl: true, mode: 'id', value: '' } };
	return { backend: 'embedded', dataDirectory: '' };
}

const storageNote: Record<Storage, string> = {
	embedded:
		'**Storage: Embedded (Local File).** The ledger is a file inside your n8n folder: nothing to install. Good ' +
		'for one n8n process. For queue mode or several n8n instances, import the `-postgres` version of this ' +
		'template instead.',
	postgres:
		'**Storage: PostgreSQL.** Open any Order Ledger or Exception Alerts node once and pick your *Post-Purchase ' +
		'PostgreSQL* credential; every ledger node of this workflow needs the same one. Safe with n8n queue mode and ' +
		'many workers.',
	airtable:
		'**Storage: Airtable.** Pick your *Post-Purchase Airtable* credential on each Order Ledger / Exception Alerts ' +
		'node; its *Ledger Base ID* (starts with `app`) names your base. Run the Order Ledger *Setup* operation ' +
		'once to check the tables. One worker at a time.',
};

/** An Order Ledger node, its location set on the node itself (no template has a settings node for it). */
const ledger = (
	b: Builder,
	storage: Storage,
	name: string,
	position: [number, number],
	operation: string,
	params: Json = {},
	extra: Partial<N> = {},
) => b.add(name, `${PKG}.orderLedger`, 1, position, { ...ledgerLocation(storage), operation, ...params }, extra);

/** An IF node that passes items on its first output when `expression` is true (n8n's boolean "is true"). */
function ifTrue(b: Builder, name: string, position: [number, number], idSeed: string, expression: string) {
	return b.add(name, 'n8n-nodes-base.if', 2.2, position, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [
				{
					id: uuid(idSeed),
					leftValue: expression,
					rightValue: '',
					operator: { type: 'boolean', operation: 'true', singleValue: true },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
}

/**
 * The error workflow's id (n8n keeps an imported workflow's id: `n8n import:workflow` and the API do). Every other
 * template names it in its settings, so a failed execution is posted to Slack without another step. If your n8n
 * gave the error workflow another id (pasted into the editor), pick it under each workflow's Settings.
 */
const ERROR_WORKFLOW_ID = 'PpErrorAlerts001';

function write(
	file: string,
	name: string,
	b: Builder,
	tags: string[],
	options: { id?: string; settings?: Record<string, unknown> } = {},
) {
	const errorWorkflow = options.id === ERROR_WORKFLOW_ID ? {} : { errorWorkflow: ERROR_WORKFLOW_ID };
	const wf = {
		...(options.id ? { id: options.id } : {}),
		name,
		nodes: b.nodes,
		connections: b.connections,
		pinData: {},
		settings: {
			executionOrder: 'v1',
			saveManualExecutions: true,
			callerPolicy: 'workflowsFromSameOwner',
			...errorWorkflow,
			...options.settings,
		},
		active: false,
		meta: { templateCredsSetupCompleted: false },
		tags: [],
	};
	void tags;
	writeFileSync(join(OUT, file), `${JSON.stringify(wf, null, '\t')}\n`);
}

const suffix = (storage: Storage) => (storage === 'embedded' ? '' : `-${storage}`);
const label = (storage: Storage) =>
	storage === 'embedded' ? '' : storage === 'postgres' ? ' (PostgreSQL)' : ' (Airtable)';

/* ---------- 1. intake ---------- */

function intake(storage: Storage) {
	const b = new Builder(`intake${storage}`);
	b.note(
		'Note: what this does',
		`# 1. Shopify webhook intake\nEvery order change Shopify reports (new order, payment, fulfillment, cancel, ` +
			`return...) is written to the **Order Ledger** the moment it arrives, by the trigger itself. Shopify is ` +
			`answered 200 only once the event is stored (503 if the ledger is down, so Shopify retries), and nothing ` +
			`else happens here, so the answer comes in milliseconds.\n\nNo n8n execution is kept per delivery: the ` +
			`ledger is the record (Order Ledger *List Events*, or the Dead-letter review). The **Event processor** ` +
			`workflow picks the stored events up a minute later.\n\n${storageNote[storage]}`,
		[-80, -360],
		640,
		300,
		4,
	);
	b.note(
		'Note: step 1',
		'### Shopify calls us, the trigger stores it\nPick your *Shopify Admin (Post-Purchase)* credential (and the ' +
			"ledger's, if it asks) and **activate** the workflow: n8n registers the webhooks in Shopify for you (and " +
			"removes them when you deactivate).\n\nA call without Shopify's signature is refused (401) and stores " +
			'nothing. A repeat of the same delivery is stored once. *On Delivery* on the trigger chooses this; set it ' +
			'to *Store in Order Ledger, Then Start the Workflow* to add your own steps after it.',
		[-80, 160],
		420,
		250,
	);
	b.add(
		'Shopify webhook',
		`${PKG}.shopifyOrdersTrigger`,
		2,
		[0, -20],
		{
			topics: [
				'orders/create',
				'orders/updated',
				'orders/cancelled',
				'fulfillments/create',
				'fulfillments/update',
				'fulfillment_orders/placed_on_hold',
				'fulfillment_orders/hold_released',
				'returns/request',
				'refunds/create',
			],
			// The trigger stores each delivery itself and answers Shopify once it is stored: one node, no execution
			// per delivery (the ledger is the record), as fast as a bare webhook (issue 16).
			onDelivery: 'store',
			...ledgerLocation(storage),
		},
		{ webhookId: uuid(`intake${storage}:webhook`) },
	);
	write(
		`01-shopify-webhook-intake${suffix(storage)}.json`,
		`Post-purchase 1: Shopify webhook intake${label(storage)}`,
		b,
		[],
		// Should someone add steps after the trigger, a successful run still needs no copy: the ledger has the event.
		{ settings: { saveDataSuccessExecution: 'none' } },
	);
}

/**
 * A Switch rule routing to output `key` when $json.action is any of `values`; each value is the action, or
 * [condition id seed, action] to keep an id the template already had.
 */
function switchRule(key: string, ...values: Array<string | [string, string]>) {
	return {
		outputKey: key,
		renameOutput: true,
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: values.map((v) => {
				const [seed, value] = typeof v === 'string' ? [`rule:${v}`, v] : v;
				return {
					id: uuid(seed),
					leftValue: '={{ $json.action }}',
					rightValue: value,
					operator: { type: 'string', operation: 'equals' },
				};
			}),
			combinator: values.length > 1 ? 'or' : 'and',
		},
	};
}

/**
 * Where a template's store settings come from (issue 14): the Store Profile credential, picked once on each node
 * that judges orders or posts to Slack. A clone for another client is a new profile, not an edited workflow.
 */
const profileNote =
	'## Store Profile\nThresholds, business hours, holidays (by country and region, plus your own closed days), ' +
	'Slack channels, store name and whether customers get Klaviyo messages live **once per store** in a ' +
	'*Post-Purchase Store Profile* credential. Pick it on every node with a red warning (n8n offers it by ' +
	'itself when you have one). Cloning for a client? Create their profile and credentials; the workflows stay ' +
	'as they are.';

/** The settings of the nodes that judge orders or post cases: the Store Profile credential. */
const fromProfile = { settingsSource: 'profile' };

/* ---------- 2. event processor ---------- */

function processor(storage: Storage) {
	const b = new Builder(`processor${storage}`);
	b.note(
		'Note: what this does',
		`# 2. Event processor\nEvery minute: claim the events the intake and the sweep stored, **one item per ` +
			`order**, and send the whole batch through each step once: ask Shopify, the warehouse and the carriers what ` +
			`is true **now**, work out each order's real stage and problems (**Order State**), save it, raise or close ` +
			`Slack cases, tell the customer through Klaviyo (off until you turn it on in the profile), and mark the ` +
			`events done.\n\nIf something fails for an order (Shopify down, bad data), its events are put back with a ` +
			`growing wait and tried again; after 5 tries they go to **Dead-letter review**.\n\n${storageNote[storage]}`,
		[-100, -560],
		900,
		400,
		4,
	);
	b.note('Note: settings', profileNote, [840, -560], 460, 400, 6);
	b.note(
		'Note: claim',
		'### Claim\n**Claim Batch** takes up to 50 waiting events (*Batch Size*), locks them for 5 minutes so two ' +
			'runs or two workers never handle the same event (nor two events of one order at once), and gives ' +
			'**one item per order** with its events, the ' +
			'order as stored, and whom to ask (*reads*): a webhook that brought the whole order needs no Shopify read, ' +
			'a warehouse heard from in the last 30 minutes none either.',
		[-100, -120],
		460,
		560,
	);
	b.note(
		'Note: fetch',
		'### Look it up everywhere, a batch at a time\n**Read for Work Items** on each vendor node asks about every ' +
			'order of the batch the way the vendor allows (Shopify 10 orders a call, ShipBob 100 keys, FedEx 30 ' +
			'numbers) and adds the facts to each order. The 3PL node: pick ShipBob, ShipHero, ShipMonk or Extensiv. ' +
			'**ShipStation** starts *deactivated*: select it and press **D** if ShipStation ships for you; with two ' +
			'warehouses keep both on. A vendor that fails for an order sends that order to *Record failure*.',
		[380, -120],
		960,
		560,
	);
	b.note(
		'Note: decide',
		'### Decide, confirm, save\n**Order State** folds the facts into one stage (placed ... delivered) and lists ' +
			'the problems. A parcel that looks stalled, or an order no warehouse seems to have, is not a case yet: it ' +
			'leaves by **Read Again First**, goes round the read nodes once more (only what it needs), and the case ' +
			'opens only if the fresh answer still shows it. **Save order** stores the order and its cases; an old ' +
			'fact can never move an order backwards.',
		[1360, -120],
		700,
		560,
	);
	b.note(
		'Note: act',
		'### Act, then mark done\n**Plan follow-ups** has one output per action: **Open Case** (posted once to the ' +
			"profile's channel for that problem; also a case an earlier run saved but could not post), **Clear Case** " +
			'(the Slack message updated), **Notify Customer** ' +
			'(Klaviyo, then remembered so nobody is told twice) and **Done** (each event acknowledged). Slack down ' +
			'does not stop the run: the case is kept in the ledger and posted when the order is handled again (workflow 4 ' +
			'queues it once an hour).',
		[2080, -120],
		700,
		900,
	);
	b.note(
		'Note: failure',
		'### When an order fails\nEvery step that can fail for one order sends it here: its events are put back ' +
			'with a growing wait (1 minute, doubling, at most an hour) and dead-lettered after 5 tries. The other ' +
			'orders of the batch carry on.',
		[380, 460],
		960,
		320,
		3,
	);
	const schedule = b.add('Every minute', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 200], {
		rule: { interval: [{ field: 'minutes', minutesInterval: 1 }] },
	});
	const claim = ledger(b, storage, 'Claim events', [220, 200], 'claimBatch', {
		batchSize: 50,
		leaseSeconds: 300,
		maxAttempts: 5,
		claimOutput: 'order',
	});
	// Each read node passes on every item: the orders it read with their facts added, the others unchanged.
	const onFail = { onError: 'continueErrorOutput' };
	const shopify = b.add(
		'Shopify order',
		`${PKG}.shopifyOrders`,
		1,
		[440, 200],
		{ operation: 'readForWorkItems' },
		onFail,
	);
	// Lookups judge "not at the warehouse" at the instant of asking: the same clock Order State judges by.
	const tpl = b.add(
		'Warehouse status (3PL)',
		`${PKG}.threePlFulfillment`,
		1,
		[660, 200],
		{ provider: 'shipbob', operation: 'readForWorkItems', now: '' },
		onFail,
	);
	const ss = b.add(
		'ShipStation',
		`${PKG}.shipStation`,
		1,
		[880, 200],
		{ resource: 'order', operation: 'readForWorkItems', now: '' },
		{ ...onFail, disabled: true },
	);
	const track = b.add(
		'Track parcels',
		`${PKG}.carrierTracking`,
		1,
		[1100, 200],
		{ operation: 'readForWorkItems' },
		onFail,
	);
	const state = b.add(
		'Order State',
		`${PKG}.orderState`,
		1,
		[1400, 200],
		{ operation: 'reconcile', ...fromProfile, now: '' },
		onFail,
	);
	const save = ledger(b, storage, 'Save order', [1700, 200], 'upsertOrder', {}, onFail);
	const plan = b.add(
		'Plan follow-ups',
		`${PKG}.orderState`,
		1,
		[1920, 200],
		{ operation: 'planFollowUps', ...fromProfile },
		onFail,
	);
	// Slack down must not stop the run: the case is saved in the ledger already, the events are acknowledged and the
	// customer is told; a case left without a message is posted when the order is handled again (the stuck-order
	// alerts, workflow 4, queue such an order once an hour).
	const alerts = (name: string, position: [number, number], params: Json) =>
		b.add(
			name,
			`${PKG}.exceptionAlerts`,
			1,
			position,
			{
				...ledgerLocation(storage),
				...fromProfile,
				caseId: '={{ $json.id }}',
				...params,
			},
			{ onError: 'continueRegularOutput' },
		);
	const post = alerts('Post case to Slack', [2200, 40], { operation: 'postException' });
	const update = alerts('Update Slack message', [2200, 200], { operation: 'updateException', change: 'auto' });
	const klaviyo = b.add(
		'Tell the customer (Klaviyo)',
		`${PKG}.klaviyoPostPurchase`,
		1,
		[2200, 360],
		{
			operation: 'postPurchaseEvent',
			event: '={{ $json.event }}',
			shipment: '={{ $json.shipment }}',
			postPurchaseOptions: {},
		},
		{ onError: 'continueRegularOutput' },
	);
	const told = ledger(
		b,
		storage,
		'Remember what we sent',
		[2420, 360],
		'appendEvent',
		{
			eventKey: "={{ 'klaviyo:' + $json.uniqueId }}",
			source: 'klaviyo',
			topic: 'notification',
			orderKey: '={{ $json.orderKey }}',
			payload: '={{ { observations: [$json.observation] } }}',
		},
		{ onError: 'continueRegularOutput' },
	);
	const ack = ledger(b, storage, 'Mark event done', [2200, 520], 'ack', {
		eventId: '={{ $json.eventId }}',
		leaseId: '={{ $json.leaseToken }}',
	});
	const fail = ledger(b, storage, 'Record failure', [880, 600], 'fail', {
		eventsFrom: 'workItem',
		errorMessage: '={{ $json.error }}',
		failMaxAttempts: 5,
		baseDelaySeconds: 60,
		maxDelaySeconds: 3600,
	});
	b.chain(schedule, claim, shopify, tpl, ss, track, state, save, plan);
	// Read Again First: back to the warehouse (a re-read never asks Shopify), then the carriers, then decide again.
	b.link(state, tpl, 1);
	b.link(plan, post, 0);
	b.link(plan, update, 1);
	b.link(plan, klaviyo, 2);
	b.link(plan, ack, 3);
	b.link(klaviyo, told);
	// The error outputs: one after the node's own outputs.
	for (const [node, errorOutput] of [
		[shopify, 1],
		[tpl, 1],
		[ss, 1],
		[track, 1],
		[state, 2],
		[save, 1],
		[plan, 4],
	] as Array<[string, number]>)
		b.link(node, fail, errorOutput);
	write(`02-event-processor${suffix(storage)}.json`, `Post-purchase 2: Event processor${label(storage)}`, b, []);
}

/* ---------- 3. reconciliation sweep ---------- */

function sweep(storage: Storage) {
	const b = new Builder(`sweep${storage}`);
	b.note(
		'Note: what this does',
		`# 3. Reconciliation sweep\nWebhooks get lost (an outage, a full queue, a warehouse that never sends them). ` +
			`Every 30 minutes this asks each system **what changed recently**, and every carrier **where each parcel in ` +
			`transit is**, and stores those snapshots in the ledger. The **Event processor** then handles them like any ` +
			`webhook.\n\nA snapshot identical to one already stored is skipped, so overlapping windows are ` +
			`safe.\n\n${storageNote[storage]}`,
		[-100, -540],
		720,
		380,
		4,
	);
	b.note(
		'Note: settings',
		'## Sweep window\n*Sweep window* says how far back each run looks (*lookBackMinutes*: make it longer than the ' +
			'schedule so runs overlap) and how many parcels in transit to track (*maxParcels*). Leave *evaluateAt* ' +
			'empty (the real clock); a time there replays that moment (the sandbox demo sets it).',
		[640, -540],
		440,
		380,
		6,
	);
	b.note(
		'Note: sources',
		'### Four questions\n1. **Shopify**: orders updated in the window.\n2. **3PL**: orders the warehouse changed ' +
			'(pick your provider on the node).\n3. **ShipStation**: orders and new labels, deactivated: activate both ' +
			'(select, press **D**) if ShipStation ships for you; deactivate the 3PL node if it does not ship for ' +
			'you.\n4. **Parcels in transit**: every parcel of a shipped order in the ledger, asked at its carrier.',
		[400, -120],
		940,
		1060,
	);
	b.note(
		'Note: store',
		'### Store\nEach snapshot becomes one event (**Append Event** with *Event Key From: Snapshot Content*): its ' +
			'key is made from the facts themselves, so a snapshot that did not change since the last sweep is a ' +
			'duplicate and not processed again. Nothing is decided here.',
		[1360, -120],
		400,
		1060,
	);
	const schedule = b.add('Every 30 minutes', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 390], {
		rule: { interval: [{ field: 'minutes', minutesInterval: 30 }] },
	});
	// The window's settings, read as $json by the nodes right after it (no expression names another node).
	const window = b.add(
		'Sweep window',
		'n8n-nodes-base.set',
		3.4,
		[200, 390],
		{
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: uuid(`sweep${storage}:lookBack`), name: 'lookBackMinutes', type: 'number', value: 90 },
					{ id: uuid(`sweep${storage}:maxParcels`), name: 'maxParcels', type: 'number', value: 500 },
					{ id: uuid(`sweep${storage}:evaluateAt`), name: 'evaluateAt', type: 'string', value: '' },
				],
			},
			includeOtherFields: false,
			options: {},
		},
		{ notes: 'How far back to look', notesInFlow: true },
	);
	const since =
		'={{ ($json.evaluateAt ? DateTime.fromISO($json.evaluateAt) : $now).minus({ minutes: $json.lookBackMinutes })' +
		'.toISO() }}';
	const shopify = b.add('Shopify: changed orders', `${PKG}.shopifyOrders`, 1, [460, 140], {
		operation: 'getMany',
		updatedAtMin: since,
		returnAll: true,
	});
	const tpl = b.add('3PL: changed orders', `${PKG}.threePlFulfillment`, 1, [460, 300], {
		provider: 'shipbob',
		operation: 'listOrdersUpdatedSince',
		updatedSince: since,
		options: {},
	});
	const ss = b.add(
		'ShipStation: changed orders',
		`${PKG}.shipStation`,
		1,
		[460, 460],
		{ resource: 'order', operation: 'getAll', orderFilter: 'modifyDate', modifyDateStart: since, returnAll: true },
		{ disabled: true },
	);
	const ssLabels = b.add(
		'ShipStation: new labels',
		`${PKG}.shipStation`,
		1,
		[460, 620],
		{
			resource: 'shipment',
			operation: 'getAll',
			shipmentFilter: 'shipDate',
			shipDateStart: since,
			includeShipmentItems: true,
			returnAll: true,
		},
		{ disabled: true },
	);
	const parcels = ledger(b, storage, 'Orders in transit', [460, 780], 'listOrders', {
		stages: ['shipped', 'partially_shipped', 'in_transit', 'out_for_delivery', 'partially_delivered'],
		limit: '={{ $json.maxParcels }}',
		listOutput: 'parcel',
	});
	const track = b.add(
		'Track parcels',
		`${PKG}.carrierTracking`,
		1,
		[700, 780],
		{
			operation: 'track',
			carrier: 'auto',
			trackingNumbers: '={{ $json.trackingNumber }}',
			trackingCompany: '={{ $json.trackingCompany }}',
			orderKey: '={{ $json.orderKey }}',
			options: {},
		},
		{ onError: 'continueRegularOutput' },
	);
	const snapshots = (name: string, source: string, position: [number, number]) =>
		ledger(b, storage, name, position, 'appendEvent', { eventKeyFrom: 'snapshot', snapshotSource: source });
	const e1 = snapshots('Store Shopify snapshots', 'shopify', [1000, 140]);
	const e2 = snapshots('Store 3PL snapshots', '3pl', [1000, 300]);
	const e3 = snapshots('Store ShipStation snapshots', 'shipstation', [1000, 540]);
	const e4 = snapshots('Store carrier snapshots', 'carrier', [1000, 780]);
	b.link(schedule, window);
	for (const n of [shopify, tpl, ss, ssLabels, parcels]) b.link(window, n);
	b.link(shopify, e1);
	b.link(tpl, e2);
	b.link(ss, e3);
	b.link(ssLabels, e3);
	b.chain(parcels, track, e4);
	write(
		`03-reconciliation-sweep${suffix(storage)}.json`,
		`Post-purchase 3: Reconciliation sweep${label(storage)}`,
		b,
		[],
	);
}

/* ---------- 4. stuck orders and SLA alerts ---------- */

function stuck(storage: Storage) {
	const b = new Builder(`stuck${storage}`);
	b.note(
		'Note: what this does',
		`# 4. Stuck-order and SLA alerts\nEvery hour: look at every order that is not finished yet and check it ` +
			`against your promises (the *Store Profile*: hours to reach the warehouse, to ship, for a parcel to move). An ` +
			`order that crossed a line becomes a **case** posted to Slack (once: later runs only update that message). ` +
			`Nothing arrives for an order that is stuck? This is what still notices.\n\n${storageNote[storage]}`,
		[-100, -640],
		720,
		400,
		4,
	);
	b.note('Note: settings', profileNote, [640, -640], 420, 400, 6);
	b.note(
		'Note: steps',
		'### Steps\n1. **Open orders**: every order not delivered, cancelled or returned.\n2. **Check the limits**: ' +
			'one item per problem, in business hours of your time zone (weekends and holidays do not count).\n3. **Save ' +
			'the case**: each problem is a case with an id; the same problem is never opened twice.\n4. **Post to ' +
			'Slack**: the right channel per kind of problem; a case already posted is updated, not posted again.\n5. ' +
			'**Cases not yet in Slack**: a case the event processor saved while Slack was down (it carries on without ' +
			'posting); **Post them through the processor** queues its order (once an hour), and the processor posts ' +
			'it under its one-run-per-order claim, so two runs never post one case.',
		[400, -220],
		900,
		540,
	);
	const schedule = b.add('Every hour', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 40], {
		rule: { interval: [{ field: 'hours', hoursInterval: 1 }] },
	});
	const list = ledger(b, storage, 'Open orders', [240, 130], 'listOrders', {
		stages: [
			'placed',
			'on_hold',
			'awaiting_fulfillment',
			'backordered',
			'in_fulfillment',
			'partially_shipped',
			'shipped',
			'in_transit',
			'out_for_delivery',
			'partially_delivered',
			'return_requested',
		],
		limit: 1000,
	});
	const check = b.add(
		'Check the limits',
		`${PKG}.orderState`,
		1,
		[680, 130],
		{ operation: 'evaluateStuck', ...fromProfile, now: '', recordField: 'record', output: 'perException' },
		{ onError: 'continueRegularOutput' },
	);
	const open = ledger(b, storage, 'Save the case', [900, 130], 'openException', {
		caseId: '={{ $json.exception.id }}',
		caseOrderKey: '={{ $json.orderKey }}',
		caseType: '={{ $json.exception.type }}',
		severity: '={{ $json.exception.severity }}',
		openedAt: '={{ $json.exception.openedAt }}',
		evidence: '={{ $json.exception.evidence }}',
	});
	// Cases the event processor saved but could not post (Slack down): their orders go back to the processor, which
	// posts a case it finds without a message (Upsert Order's cases.unposted). Posting from here instead would race
	// a processor run posting the same case; the processor's claim takes one run per order.
	const unposted = ledger(b, storage, 'Cases not yet in Slack', [680, -10], 'listExceptions', {
		caseState: 'open',
		notYetInSlack: true,
		unpostedQuietMinutes: 10,
		caseLimit: 200,
	});
	const repost = ledger(b, storage, 'Post them through the processor', [900, -10], 'appendEvent', {
		eventKey: "={{ 'unposted:' + $json.orderKey + ':' + $now.toFormat('yyyy-MM-dd HH') }}",
		source: 'manual',
		topic: 'unposted',
		orderKey: '={{ $json.orderKey }}',
		payload: '={{ { unposted: $json.id } }}',
	});
	// Slack down: the run carries on (the orders to confirm are still handed over); the cases wait in the ledger
	// and the next run's Cases not yet in Slack hands their orders to the processor.
	const post = b.add(
		'Post to Slack',
		`${PKG}.exceptionAlerts`,
		1,
		[1120, 130],
		{
			operation: 'postException',
			...ledgerLocation(storage),
			...fromProfile,
			caseId: '={{ $json.id }}',
		},
		{ onError: 'continueRegularOutput' },
	);
	b.note(
		'Note: confirm',
		'### Confirm first\nA parcel that looks stalled, or an order no warehouse seems to have, is not posted from ' +
			'here: **Cases to confirm** lists those orders and **Hand to the processor** queues each one (once an hour) ' +
			'for the **Event processor**, which asks the carrier and the warehouses again, live, and opens the case only ' +
			'if the problem still holds.',
		[400, 380],
		900,
		420,
		5,
	);
	const confirm = b.add(
		'Cases to confirm',
		`${PKG}.orderState`,
		1,
		[680, 560],
		{ operation: 'evaluateStuck', ...fromProfile, now: '', recordField: 'record', output: 'perOrder' },
		{ onError: 'continueRegularOutput' },
	);
	const heldBack = ifTrue(b, 'Held back?', [900, 560], 'stuck:heldback', '={{ ($json.toConfirm ?? []).length > 0 }}');
	const handOff = ledger(b, storage, 'Hand to the processor', [1120, 540], 'appendEvent', {
		eventKey:
			"={{ 'confirm:' + $json.orderKey + ':' + $json.toConfirm.map((c) => c.type + '@' + c.dueAt).join(',') + " +
			"':' + $now.toFormat('yyyy-MM-dd HH') }}",
		source: 'manual',
		topic: 'confirm',
		orderKey: '={{ $json.orderKey }}',
		payload: '={{ { toConfirm: $json.toConfirm } }}',
	});
	b.chain(schedule, list, check, open, post);
	b.chain(schedule, unposted, repost);
	b.link(list, confirm);
	b.link(confirm, heldBack);
	b.link(heldBack, handOff, 0);
	write(
		`04-stuck-order-sla-alerts${suffix(storage)}.json`,
		`Post-purchase 4: Stuck-order and SLA alerts${label(storage)}`,
		b,
		[],
	);
}

/* ---------- 5. weekly report ---------- */

function weekly(storage: Storage) {
	const b = new Builder(`weekly${storage}`);
	b.note(
		'Note: what this does',
		`# 5. Weekly exception report\nEvery Monday at 9:00 (your n8n's time zone, see *Settings > Timezone* of this ` +
			`workflow) one Slack message: problems by type, the trend over the last weeks, how long cases took to ` +
			`resolve, the oldest open ones, and a chart.\n\n${storageNote[storage]}`,
		[-100, -500],
		620,
		320,
		4,
	);
	b.note('Note: settings', profileNote, [540, -500], 420, 320, 6);
	b.note(
		'Note: step',
		"### Post the report\n**Post Weekly Report** reads the cases from the ledger and posts to the profile's report " +
			'channel (*Weeks* and *Stuck Hours* on the node). ' +
			'Needs the *Slack (Post-Purchase)* credential with a bot token for the chart.',
		[440, -60],
		360,
		380,
	);
	const schedule = b.add('Monday 9:00', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 40], {
		rule: { interval: [{ field: 'weeks', weeksInterval: 1, triggerAtDay: [1], triggerAtHour: 9, triggerAtMinute: 0 }] },
	});
	const report = b.add('Post weekly report', `${PKG}.exceptionAlerts`, 1, [500, 40], {
		operation: 'postWeeklyReport',
		...ledgerLocation(storage),
		...fromProfile,
		weeks: 4,
		stuckHours: 48,
		includeChart: true,
	});
	b.chain(schedule, report);
	write(
		`05-weekly-exception-report${suffix(storage)}.json`,
		`Post-purchase 5: Weekly exception report${label(storage)}`,
		b,
		[],
	);
}

/* ---------- 6. dead-letter review ---------- */

function deadLetter(storage: Storage) {
	const b = new Builder(`dead${storage}`);
	b.note(
		'Note: what this does',
		`# 6. Dead-letter review\nAn event the processor could not handle after all its tries is **dead**: parked, ` +
			`never lost. This workflow shows what died and why, and puts chosen events back in the queue with one click ` +
			`once you fixed the cause (an expired credential, a vendor outage, an order typo).\n\n${storageNote[storage]}`,
		[-100, -820],
		680,
		340,
		4,
	);
	b.note(
		'Note: review',
		'### See what failed\nClick **Test workflow** on *Show what failed*: **Dead events** lists each event that ' +
			'gave up, its order, source, the number of tries and **why it failed** (the last error), with the id to ' +
			'replay.\n\nType an order number into *reviewOrderNumber* in *Review* to see only that order, and ' +
			'its whole **timeline** (every event, failure and stage change).',
		[600, 160],
		700,
		520,
	);
	b.note(
		'Note: replay',
		'### Replay with one click\nActivate the workflow and open the **form** (its URL is on the *Replay form* ' +
			'node). Paste event ids (comma-separated) or choose *All dead events*, type your name, submit. Each event ' +
			'goes back to the queue with its tries reset; your name and the time are recorded. The **Event processor** ' +
			'picks them up within a minute.',
		[600, -440],
		700,
		560,
	);
	const manual = b.add('Show what failed', 'n8n-nodes-base.manualTrigger', 1, [0, 260], {});
	const form = b.add(
		'Replay form',
		'n8n-nodes-base.formTrigger',
		2.2,
		[0, 20],
		{
			formTitle: 'Replay dead events',
			formDescription: 'Put failed order events back in the queue after fixing what made them fail.',
			formFields: {
				values: [
					{
						fieldLabel: 'Replay',
						fieldType: 'dropdown',
						fieldOptions: { values: [{ option: 'These event IDs' }, { option: 'All dead events' }] },
						requiredField: true,
					},
					{ fieldLabel: 'Event IDs', placeholder: '1042, 1043' },
					{ fieldLabel: 'Your name', requiredField: true },
				],
			},
			options: {},
		},
		{ webhookId: uuid(`dead${storage}:form`) },
	);
	// Each trigger has its own path, so nothing asks which one ran (no expression names another node).
	const review = b.add(
		'Review',
		'n8n-nodes-base.set',
		3.4,
		[220, 300],
		{
			mode: 'manual',
			assignments: {
				assignments: [{ id: uuid(`dead${storage}:review`), name: 'reviewOrderNumber', type: 'string', value: '' }],
			},
			includeOtherFields: false,
			options: {},
		},
		{ notes: 'Optional: one order number', notesInFlow: true },
	);
	const all = b.add('All dead events?', 'n8n-nodes-base.if', 2.2, [220, 20], {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: uuid('dead:all'),
					leftValue: '={{ $json.Replay }}',
					rightValue: 'All dead events',
					operator: { type: 'string', operation: 'equals' },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
	// Each replayed event is listed with its outcome (replayed, not_dead, not_found) and its last error.
	const replayAll = ledger(b, storage, 'Replay all dead events', [460, -60], 'replay', {
		replayScope: 'allDead',
		replayedBy: "={{ $json['Your name'] }}",
	});
	const replayIds = ledger(b, storage, 'Replay chosen events', [460, 100], 'replay', {
		replayScope: 'ids',
		replayIds: "={{ $json['Event IDs'] }}",
		replayedBy: "={{ $json['Your name'] }}",
	});
	b.link(form, all);
	b.link(all, replayAll, 0);
	b.link(all, replayIds, 1);
	const dead = ledger(
		b,
		storage,
		'Dead events',
		[460, 300],
		'listEvents',
		{
			eventStatuses: ['dead'],
			eventOrderKey: '={{ $json.reviewOrderNumber }}',
			eventLimit: 200,
			includePayload: false,
		},
		{ alwaysOutputData: true },
	);
	const has = b.add('Order number given?', 'n8n-nodes-base.if', 2.2, [460, 480], {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: uuid('dead:has'),
					leftValue: '={{ $json.reviewOrderNumber }}',
					rightValue: '',
					operator: { type: 'string', operation: 'notEmpty', singleValue: true },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
	const timeline = ledger(b, storage, 'Order timeline with failures', [700, 460], 'getTimeline', {
		lookupOrderKey: '={{ $json.reviewOrderNumber }}',
	});
	b.link(manual, review);
	b.link(review, dead);
	b.link(review, has);
	b.link(has, timeline, 0);
	write(`06-dead-letter-review${suffix(storage)}.json`, `Post-purchase 6: Dead-letter review${label(storage)}`, b, []);
}

/* ---------- 7. Slack case buttons ---------- */

/**
 * Template 7 (the case buttons) and template 11 (the same with the approval queue). A Slack app has one
 * Interactivity URL, so 11 is 7 plus Approve / Reject: a store with self-service pages imports 11 instead of 7.
 * They are two templates because n8n activates a workflow only when every node has its credentials: 7 must not
 * ask for Shopify, a warehouse and Klaviyo from a store that only wants the buttons.
 */
function slackActions(storage: Storage, approvals: boolean) {
	const b = new Builder(approvals ? `slackapprovals${storage}` : `slack${storage}`);
	// 11 has a gate before Resolve and the decisions beneath: the ledger and message steps move right to make room.
	const at: Record<string, [number, number]> = approvals
		? { ack: [800, 0], resolve: [1240, 200], withPress: [1480, 120], update: [1700, 120] }
		: { ack: [800, 40], resolve: [800, 200], withPress: [1040, 120], update: [1260, 120] };
	b.note(
		'Note: what this does',
		approvals
			? `# 11. Slack case buttons and approval queue\nTemplate 7 plus the approval queue: every case has ` +
					`**Acknowledge**, **Assign to me** and **Resolve**, and a customer's request waiting for a person ` +
					`(address change, cancellation) also **Approve** and **Reject**. Import this one **instead of** ` +
					`template 7 when you use the self-service pages (9, 10): your Slack app has one Request URL.\n\n` +
					`${storageNote[storage]}`
			: `# 7. Slack case buttons\nEvery case the other workflows post to Slack has buttons: **Acknowledge**, ` +
					`**Assign to me**, **Resolve**. This workflow receives the press, records it on the case in the ledger ` +
					`(who, when) and updates the Slack message in place, with a reply in its thread ("Acknowledged by ` +
					`@Maya after 2 h").\n\n${storageNote[storage]}`,
		[-100, -520],
		700,
		340,
		4,
	);
	b.note('Note: settings', profileNote, [620, -520], 420, 340, 6);
	b.note(
		'Note: receive',
		"### Receive the press\nIn your Slack app, set **Interactivity → Request URL** to this trigger's production " +
			"URL and activate the workflow. Presses without Slack's signature (or older than 5 minutes) are refused; " +
			'Slack gets its answer at once.',
		[-100, -120],
		560,
		440,
	);
	if (approvals)
		b.note(
			'Note: approve',
			"### Approval queue\nA customer's request that waits for a person (past the cut-off, a country change, an " +
				'address the carrier could not find) shows **Approve** and **Reject**. **Approve or reject** carries it out ' +
				'in Shopify and your warehouse exactly as the customer asked (pick Shopify and the warehouse on it), records ' +
				'who decided, and closes the case; two presses at once make one decision. If the change fails midway the ' +
				'order stays held, the case stays open and the error workflow says why. **Tell the customer** sends the ' +
				"Klaviyo event *Request Decided* when the Store Profile's customer messages are on. With **Approvers** set " +
				'in the Store Profile (Slack member IDs), a press by anyone else decides nothing and **Say who may ' +
				'decide** tells the thread so.',
			[480, 740],
			1700,
			170,
			5,
		);
	b.note(
		'Note: record',
		'### Record it, then update the message\n**Acknowledge** and **Assign to me** make the person the case ' +
			'owner; **Resolve** closes the case with their name. **Update Slack message** then redraws the message from ' +
			'the case as the ledger has it (buttons gone once resolved), naming who pressed: **With the press** joins the ' +
			'press to the case the ledger wrote, item by item, so nothing reads another node by name.' +
			(approvals
				? " **May resolve?** lets Resolve through on a case that waits on a customer's request only for the " +
					"Store Profile's **Approvers** (anyone, while it names none)."
				: ''),
		[480, -120],
		approvals ? 1460 : 900,
		440,
	);
	const trigger = b.add(
		'Slack button',
		`${PKG}.slackInteractionTrigger`,
		1,
		[0, 120],
		{ actions: ['acknowledge', 'assign_to_me', 'resolve', ...(approvals ? ['approve', 'reject'] : [])] },
		{ webhookId: uuid(`${approvals ? 'slackapprovals' : 'slack'}${storage}:webhook`) },
	);
	const route = b.add('Which button?', 'n8n-nodes-base.switch', 3.2, [540, 120], {
		rules: {
			values: [
				switchRule('take ownership', ['slack:ack', 'acknowledge'], ['slack:assign', 'assign_to_me']),
				switchRule('resolve', 'resolve'),
				...(approvals
					? [switchRule('decide a request', ['slack:approve', 'approve'], ['slack:reject', 'reject'])]
					: []),
			],
		},
		options: {},
	});
	const ack = ledger(b, storage, 'Acknowledge case', at.ack, 'acknowledgeException', {
		caseId: '={{ $json.caseId }}',
		owner: '={{ $json.user.id }}',
	});
	const resolve = ledger(b, storage, 'Resolve case', at.resolve, 'resolveException', {
		caseId: '={{ $json.caseId }}',
		resolution: "={{ 'Resolved in Slack by ' + ($json.user.name || $json.user.id) }}",
	});
	// The press (who, which case) beside the case as the ledger now has it: one item each, in the same order.
	const withPress = b.add('With the press', 'n8n-nodes-base.merge', 3, at.withPress, {
		mode: 'combine',
		combineBy: 'combineByPosition',
		options: {},
	});
	const update = b.add('Update Slack message', `${PKG}.exceptionAlerts`, 1, at.update, {
		operation: 'updateException',
		...ledgerLocation(storage),
		...fromProfile,
		caseId: '={{ $json.caseId }}',
		change: 'auto',
		actor: '={{ $json.user.id }}',
	});
	b.chain(trigger, route);
	b.link(route, ack, 0);
	if (!approvals) b.link(route, resolve, 1);
	b.link(trigger, withPress, 0, 0);
	b.link(ack, withPress, 0, 1);
	b.link(resolve, withPress, 0, 1);
	b.link(withPress, update);
	if (approvals) {
		// Approve / Reject on a customer's request: carried out exactly as the customer asked, recorded with who
		// decided; the item keeps the press, so the message update names them too.
		const decide = b.add('Approve or reject', `${PKG}.customerRequests`, 1, [800, 420], {
			operation: 'decide',
			...ledgerLocation(storage),
			caseId: '={{ $json.caseId }}',
			requestId: '={{ $json.requestId }}',
			decision: '={{ $json.action }}',
			decidedBy: '={{ $json.user.name || $json.user.id }}',
			warehouse: 'shipstation',
		});
		const allowed = ifTrue(b, 'Allowed to decide?', [1020, 420], 'slack:allowed', '={{ $json.allowed }}');
		const tell = ifTrue(b, 'Tell the customer?', [1700, 420], 'slack:tell', '={{ $json.tellCustomer }}');
		// Resolve would close a case whose customer's request still waits: only the store's approvers may.
		const mayResolve = b.add('May resolve?', `${PKG}.customerRequests`, 1, [800, 200], {
			operation: 'checkApprover',
			...ledgerLocation(storage),
			caseId: '={{ $json.caseId }}',
		});
		const resolveAllowed = ifTrue(
			b,
			'Allowed to resolve?',
			[1020, 200],
			'slack:resolveAllowed',
			'={{ $json.allowed }}',
		);
		const refused = b.add('Say who may decide', `${PKG}.exceptionAlerts`, 1, [1240, 600], {
			operation: 'updateException',
			...ledgerLocation(storage),
			...fromProfile,
			caseId: '={{ $json.caseId }}',
			change: 'press_refused',
			actor: '={{ $json.user.id }}',
		});
		const klaviyo = b.add('Tell the customer (Klaviyo)', `${PKG}.klaviyoPostPurchase`, 1, [1920, 400], {
			operation: 'postPurchaseEvent',
			event: 'request_decided',
			postPurchaseOptions: {},
		});
		b.link(route, decide, 2);
		b.link(decide, allowed);
		b.link(allowed, update, 0);
		b.link(allowed, tell, 0);
		b.link(allowed, refused, 1);
		b.link(route, mayResolve, 1);
		b.link(mayResolve, resolveAllowed);
		b.link(resolveAllowed, resolve, 0);
		b.link(resolveAllowed, refused, 1);
		b.link(tell, klaviyo, 0);
	}
	write(
		approvals ? `11-slack-approval-queue${suffix(storage)}.json` : `07-slack-case-buttons${suffix(storage)}.json`,
		approvals
			? `Post-purchase 11: Slack case buttons and approval queue${label(storage)}`
			: `Post-purchase 7: Slack case buttons${label(storage)}`,
		b,
		[],
	);
}

/* ---------- 0. error alerts ---------- */

function errorAlerts() {
	const b = new Builder('errors');
	b.note(
		'Note: what this does',
		'# 0. Error alerts\nEvery other template names this workflow as its **error workflow** (Settings → Error ' +
			'workflow): when one of their executions fails (a credential expired, a node crashed), n8n starts this ' +
			'one and it posts the failure to Slack: which workflow, which node, the error, and a link to the ' +
			'execution. Failures of single orders never land here: the processor records those in the ledger and ' +
			'retries them.\n\nImport this one **first**, so the others find it by its id, and **publish** it (n8n runs an ' +
			'error workflow only when it is published).',
		[-100, -420],
		640,
		340,
		4,
	);
	b.note('Note: settings', profileNote, [560, -420], 420, 340, 6);
	b.note(
		'Note: post',
		"### Post the failure\n**Post Failed Execution** posts to the profile's default channel, with a button that " +
			"opens the execution in n8n (set n8n's `WEBHOOK_URL` or editor base URL so the link points at your n8n). " +
			'Pick the *Slack (Post-Purchase)* credential.',
		[180, -40],
		400,
		300,
	);
	const trigger = b.add('When a workflow fails', 'n8n-nodes-base.errorTrigger', 1, [0, 100], {});
	const post = b.add('Post failure to Slack', `${PKG}.exceptionAlerts`, 1, [300, 100], {
		operation: 'postFailedExecution',
		...fromProfile,
	});
	b.chain(trigger, post);
	write('00-error-alerts.json', 'Post-purchase 0: Error alerts', b, [], { id: ERROR_WORKFLOW_ID });
}

/* ---------- 8. order status page ---------- */

/**
 * The page's headers, each from the Customer Pages item (names as answerStatusRequest sets them). No
 * Content-Security-Policy: n8n 2.x drops it from webhook answers and sets its own sandbox; the page carries its
 * policy in a meta tag.
 */
const PAGE_HEADERS = [
	'Content-Type',
	'Cache-Control',
	'Referrer-Policy',
	'X-Content-Type-Options',
	'X-Frame-Options',
	'Content-Language',
];
const headerEntries = (names: string[]) => ({
	entries: names.map((name) => ({ name, value: `={{ $json.headers['${name}'] }}` })),
});

function statusPage(storage: Storage) {
	const b = new Builder(`statuspage${storage}`);
	b.note(
		'Note: what this does',
		'# 8. Order status page\nYour customers\' own "where is my order" page, served by this n8n: the ' +
			"order's stage in " +
			'plain words, each parcel with its last scan and estimate, a timeline, and what you are doing about a delay, ' +
			'in English, Spanish, French or German. Customers arrive from the link in every Klaviyo event (signed, no ' +
			'typing) or type their order number and email.\n\nNo execution is kept per page view (the form carries ' +
			`emails).\n\n${storageNote[storage]}`,
		[-100, -460],
		640,
		320,
		4,
	);
	b.note(
		'Note: settings',
		"### Settings\nPick the store's **Post-Purchase Customer Pages** credential on *Answer the page*: the page's " +
			"public URL (this Webhook's production URL), the link secret, logo, colour, support contact and lookup " +
			'limits. The store name and time zone come from its **Store Profile**. Use the same Customer Pages ' +
			'credential on the Klaviyo node so emails link here. Then **activate**.',
		[560, -460],
		460,
		320,
		6,
	);
	b.note(
		'Note: answer',
		'### One request, one answer\nThe lookup form (GET), a lookup (POST: token-checked, rate-limited per client and ' +
			"per order; the same answer for an unknown order and a wrong email) or an order's page from its signed " +
			"link. A successful lookup is sent on to the order's signed link (**Redirect**), so a refresh never posts " +
			'the form again.',
		[200, -100],
		520,
		400,
	);
	const hook = b.add(
		'Customer opens the page',
		'n8n-nodes-base.webhook',
		2.1,
		[0, 100],
		{
			multipleMethods: true,
			httpMethod: ['GET', 'POST'],
			path: 'order-status',
			responseMode: 'responseNode',
			options: {},
		},
		{ webhookId: uuid(`statuspage${storage}:webhook`) },
	);
	const answer = b.add('Answer the page', `${PKG}.customerPages`, 1, [300, 100], {
		operation: 'statusPage',
		...ledgerLocation(storage),
	});
	const page = b.add('Send the page', 'n8n-nodes-base.respondToWebhook', 1.5, [580, 20], {
		respondWith: 'text',
		responseBody: '={{ $json.body }}',
		options: { responseCode: '={{ $json.statusCode }}', responseHeaders: headerEntries(PAGE_HEADERS) },
	});
	const redirect = b.add("Send to the order's page", 'n8n-nodes-base.respondToWebhook', 1.5, [580, 200], {
		respondWith: 'redirect',
		redirectURL: '={{ $json.location }}',
		options: {
			responseCode: '={{ $json.statusCode }}',
			responseHeaders: headerEntries(['Cache-Control', 'Referrer-Policy']),
		},
	});
	b.link(hook, answer, 0);
	b.link(hook, answer, 1);
	b.link(answer, page, 0);
	b.link(answer, redirect, 1);
	write(`08-order-status-page${suffix(storage)}.json`, `Post-purchase 8: Order status page${label(storage)}`, b, [], {
		// Page views carry what customers typed (their email): the ledger and the page are the record, not n8n.
		settings: { saveDataSuccessExecution: 'none' },
	});
}

/**
 * A customer's request page (templates 9 and 10): the Webhook (GET and POST, answered by Respond to Webhook),
 * Customer Pages with the page's operation, and the page sent back. `seed` keeps each template's webhook id.
 */
function requestPage(b: Builder, storage: Storage, seed: string, path: string, operation: string, extra: Json = {}) {
	const hook = b.add(
		'Customer opens the form',
		'n8n-nodes-base.webhook',
		2.1,
		[0, 100],
		{ multipleMethods: true, httpMethod: ['GET', 'POST'], path, responseMode: 'responseNode', options: {} },
		{ webhookId: uuid(`${seed}${storage}:webhook`) },
	);
	const answer = b.add('Answer the page', `${PKG}.customerPages`, 1, [300, 100], {
		operation,
		warehouse: 'shipstation',
		...extra,
		...ledgerLocation(storage),
	});
	const page = b.add('Send the page', 'n8n-nodes-base.respondToWebhook', 1.5, [620, 100], {
		respondWith: 'text',
		responseBody: '={{ $json.body }}',
		options: { responseCode: '={{ $json.statusCode }}', responseHeaders: headerEntries(PAGE_HEADERS) },
	});
	b.link(hook, answer, 0);
	b.link(hook, answer, 1);
	b.link(answer, page, 0);
}

function addressChange(storage: Storage) {
	const b = new Builder(`addresschange${storage}`);
	b.note(
		'Note: what this does',
		'# 9. Address change by the customer\nCustomers fix their own delivery address while your cut-off window is ' +
			"open, from the link on their status page: they confirm the order's email and type the new address; the " +
			'carrier checks it and may suggest its standard form. Inside the window the change is made in your ' +
			'warehouse and in Shopify (held meanwhile, both read back). Outside it, or when a rule says so, the ' +
			'request waits for a person: the event processor opens an owned case in Slack. In English, Spanish, ' +
			`French or German.\n\n${storageNote[storage]}`,
		[-100, -500],
		640,
		360,
		4,
	);
	b.note(
		'Note: settings',
		"### Settings\nOn *Answer the page* pick the store's **Customer Pages** credential (set its **Address Change " +
			"Page URL** to this Webhook's production URL, and the self-service rules), the **Store Profile** (its Edit " +
			'Cut-Off is the time window), **Shopify**, your **warehouse** and the carrier that checks addresses. ' +
			'Run the event processor (template 2) on the same ledger: it turns requests waiting for a person into Slack ' +
			'cases. Then **activate**.',
		[560, -500],
		480,
		360,
		6,
	);
	b.note(
		'Note: answer',
		'### One request, one answer\nThe form (GET, from the signed link), then each post: token-checked, limited ' +
			"per order, the email confirmed. The warehouse's live status and your rules decide: changed, waiting for " +
			'review, or refused with the reason. If a step fails midway the order stays on hold for a person, never ' +
			'half-changed. Each request is recorded in the ledger once.',
		[200, -100],
		560,
		400,
	);
	requestPage(b, storage, 'addresschange', 'order-address', 'addressChange', { addressCarrier: 'ups' });
	write(
		`09-order-address-change${suffix(storage)}.json`,
		`Post-purchase 9: Address change by the customer${label(storage)}`,
		b,
		[],
		// Posts carry the customer's email and address: the ledger records the request, n8n keeps no copy.
		{ settings: { saveDataSuccessExecution: 'none' } },
	);
}

/* ---------- 10. Cancellation by the customer ---------- */

function cancellation(storage: Storage) {
	const b = new Builder(`cancel${storage}`);
	b.note(
		'Note: what this does',
		'# 10. Cancellation by the customer\nCustomers cancel their whole order themselves while your cut-off window is ' +
			"open, from the link on their status page: they see what the order holds, confirm the order's email and " +
			'tick that the whole order goes (a reason is optional). Inside the window the order is held in Shopify, ' +
			'cancelled at your warehouse and then in Shopify (refunded, restocked), both read back. Outside it, or when ' +
			'a rule says so, the request waits for a person: Approve or Reject in Slack (template 11). In English, ' +
			`Spanish, French or German.\n\n${storageNote[storage]}`,
		[-100, -500],
		640,
		360,
		4,
	);
	b.note(
		'Note: settings',
		"### Settings\nOn *Answer the page* pick the store's **Customer Pages** credential (set its **Cancellation " +
			"Page URL** to this Webhook's production URL; **Allow Cancellations** is on by default), the **Store " +
			"Profile** (its Edit Cut-Off is the time window), **Shopify** and your **warehouse**. Refund and Shopify's " +
			'own email are switches on the node. Run the event processor (template 2) and template 11 on the same ' +
			'ledger. Then **activate**.',
		[560, -500],
		480,
		360,
		6,
	);
	b.note(
		'Note: answer',
		'### One request, one answer\nThe form (GET, from the signed link), then the post: token-checked, limited ' +
			"per order, the email confirmed, the box ticked. The warehouse's live status and your rules decide: " +
			'cancelled, waiting for review, or refused with the reason. If a step fails midway the order stays on hold ' +
			'for a person (the case says whether the warehouse already cancelled). Each request is recorded in the ' +
			'ledger once.',
		[200, -100],
		560,
		400,
	);
	requestPage(b, storage, 'cancel', 'order-cancel', 'cancel');
	write(
		`10-order-cancellation${suffix(storage)}.json`,
		`Post-purchase 10: Cancellation by the customer${label(storage)}`,
		b,
		[],
		// Posts carry the customer's email: the ledger records the request, n8n keeps no copy.
		{ settings: { saveDataSuccessExecution: 'none' } },
	);
}

/* ---------- 12. Item swap by the customer ---------- */

function itemSwap(storage: Storage) {
	const b = new Builder(`swap${storage}`);
	b.note(
		'Note: what this does',
		'# 12. Item swap by the customer\nCustomers change the size or colour of items themselves while your cut-off ' +
			"window is open, from the link on their status page: each line offers the product's other variants at the " +
			"same price that are for sale; they pick, and confirm the order's email. Inside the window the order is " +
			'held in Shopify, the items are changed at your warehouse and then in Shopify (one order edit: the old ' +
			'variant restocked, the new one taken from stock), both read back. Outside it, or when a rule says so, the ' +
			'request waits for a person: Approve or Reject in Slack (template 11). In English, Spanish, French or ' +
			`German.\n\n${storageNote[storage]}`,
		[-100, -500],
		640,
		380,
		4,
	);
	b.note(
		'Note: settings',
		"### Settings\nOn *Answer the page* pick the store's **Customer Pages** credential (set its **Item Swap Page " +
			"URL** to this Webhook's production URL and turn **Allow Item Swaps** on: it is off by default), the " +
			'**Store Profile** (its Edit Cut-Off is the time window), **Shopify** and your **warehouse**. ShipStation, ' +
			'ShipHero, ShipMonk and ShipBob change items through their APIs (ShipBob: when the new SKU is one ShipBob ' +
			'inventory item and the shipment is not picked; otherwise a person); with Extensiv every swap goes to a ' +
			'person (change it in the 3PL, then Approve). Run the event processor (template 2) and template 11 on the ' +
			'same ledger. Then **activate**.',
		[560, -500],
		480,
		380,
		6,
	);
	b.note(
		'Note: answer',
		'### One request, one answer\nThe form (GET, from the signed link), then the post: token-checked, limited ' +
			'per order, the email confirmed, each choice checked against Shopify now (still for sale, same price). The ' +
			"warehouse's live status and your rules decide: changed, waiting for review, or refused with the reason. If " +
			'a step fails midway the order stays on hold for a person (the case says whether the warehouse already has ' +
			'the new items). Each request is recorded in the ledger once.',
		[200, -100],
		560,
		400,
	);
	requestPage(b, storage, 'swap', 'order-swap', 'swap');
	write(
		`12-order-item-swap${suffix(storage)}.json`,
		`Post-purchase 12: Item swap by the customer${label(storage)}`,
		b,
		[],
		// Posts carry the customer's email: the ledger records the request, n8n keeps no copy.
		{ settings: { saveDataSuccessExecution: 'none' } },
	);
}

mkdirSync(OUT, { recursive: true });
errorAlerts();
for (const storage of ['embedded', 'postgres', 'airtable'] as Storage[]) {
	intake(storage);
	processor(storage);
	sweep(storage);
	stuck(storage);
	weekly(storage);
	deadLetter(storage);
	slackActions(storage, false);
	statusPage(storage);
	addressChange(storage);
	cancellation(storage);
	itemSwap(storage);
	slackActions(storage, true);
}
console.log('written');
