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
const S = (field: string) => `$('Store settings').first().json.${field}`;
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

type Field = [name: string, type: 'string' | 'number' | 'boolean', value: string | number | boolean, why?: string];

function settings(b: Builder, position: [number, number], fields: Field[]) {
	return b.add(
		'Store settings',
		'n8n-nodes-base.set',
		3.4,
		position,
		{
			mode: 'manual',
			assignments: {
				assignments: fields.map(([name, type, value]) => ({ id: uuid(`${b.key}:setting:${name}`), name, type, value })),
			},
			includeOtherFields: true,
			options: {},
		},
		{ notes: 'Edit me: your store, channels, limits', notesInFlow: true },
	);
}

function storageFields(storage: Storage): Field[] {
	if (storage === 'postgres') return [['postgresSchema', 'string', 'public']];
	if (storage === 'airtable') return [['airtableBaseId', 'string', 'appXXXXXXXXXXXXXX']];
	return [['ledgerDataDirectory', 'string', '']];
}

function storageParams(storage: Storage): Json {
	if (storage === 'postgres') return { backend: 'postgres', schema: `={{ ${S('postgresSchema')} }}` };
	if (storage === 'airtable')
		return { backend: 'airtable', base: { __rl: true, mode: 'id', value: `={{ ${S('airtableBaseId')} }}` } };
	return { backend: 'embedded', dataDirectory: `={{ ${S('ledgerDataDirectory')} }}` };
}

/**
 * The ledger location set on each ledger node (templates without a Store settings node): the embedded ledger in
 * n8n's own folder, PostgreSQL's public schema, the Airtable base the credential names.
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
		'node; its *Ledger Base ID* (starts with `app`) names your base (a base ID in *Store settings*, where this ' +
		'workflow has one, takes precedence). Run the Order Ledger *Setup* operation once to check the tables. One ' +
		'worker at a time.',
};

const ledger = (
	b: Builder,
	storage: Storage,
	name: string,
	position: [number, number],
	operation: string,
	params: Json = {},
	extra: Partial<N> = {},
) => b.add(name, `${PKG}.orderLedger`, 1, position, { ...storageParams(storage), operation, ...params }, extra);

/** A ledger node whose location is set on the node itself (a template without a Store settings node). */
const ledgerAt = (
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

const channel = (field: string) => ({ __rl: true, mode: 'name', value: `={{ ${S(field)} }}` });

function alertsRouting(): Json {
	const routes: Array<[string, string]> = [
		['tracking_stalled', 'slackChannelShippingDelays'],
		['delivery_late', 'slackChannelShippingDelays'],
		['delivery_failed', 'slackChannelShippingDelays'],
		['returned_to_sender', 'slackChannelShippingDelays'],
		['fulfillment_stuck', 'slackChannelWarehouse'],
		['not_sent_to_fulfillment', 'slackChannelWarehouse'],
		['backordered', 'slackChannelWarehouse'],
		['address_invalid', 'slackChannelCustomerCare'],
		['edit_after_cutoff', 'slackChannelCustomerCare'],
	];
	return {
		defaultChannel: channel('slackChannelDefault'),
		channelRoutes: { route: routes.map(([exceptionType, field]) => ({ exceptionType, channel: channel(field) })) },
		options: {
			shop: `={{ ${S('shopDomain')} }}`,
			storeName: `={{ ${S('storeName')} }}`,
			includePii: false,
			threadReply: true,
		},
	};
}

const slackFields: Field[] = [
	['slackChannelDefault', 'string', '#order-exceptions'],
	['slackChannelShippingDelays', 'string', '#shipping-delays'],
	['slackChannelWarehouse', 'string', '#warehouse'],
	['slackChannelCustomerCare', 'string', '#customer-care'],
];
const storeFields: Field[] = [
	['storeName', 'string', 'Acme Outdoor'],
	['shopDomain', 'string', 'acme-outdoor.myshopify.com'],
	['timeZone', 'string', 'America/New_York'],
];
const policyFields: Field[] = [
	['notSentToFulfillmentHours', 'number', 4],
	['fulfillmentStuckHours', 'number', 16],
	['trackingStalledHours', 'number', 24],
	['trackingMissingGraceMinutes', 'number', 120],
	['businessHoursStart', 'string', '09:00'],
	['businessHoursEnd', 'string', '17:00'],
	['holidays', 'string', '2026-11-26, 2026-12-25'],
];

/**
 * Empty: judge orders by the real clock. A time (ISO 8601): judge as of that moment, to replay a past
 * day or to follow the sandbox's simulated clock (npm run demo sets it). Only the order judgement moves;
 * the ledger's queue (leases, retry waits) always runs on the real clock.
 */
const clockField: Field = ['evaluateAt', 'string', '', 'empty = now'];

function policyParams(): Json {
	return {
		now: `={{ ${S('evaluateAt')} }}`,
		timeZone: `={{ ${S('timeZone')} }}`,
		businessHoursStart: `={{ ${S('businessHoursStart')} }}`,
		businessHoursEnd: `={{ ${S('businessHoursEnd')} }}`,
		holidays: `={{ ${S('holidays')} }}`,
		thresholds: {
			notSentToFulfillmentHours: `={{ ${S('notSentToFulfillmentHours')} }}`,
			fulfillmentStuckHours: `={{ ${S('fulfillmentStuckHours')} }}`,
			trackingStalledHours: `={{ ${S('trackingStalledHours')} }}`,
			trackingMissingGraceMinutes: `={{ ${S('trackingMissingGraceMinutes')} }}`,
		},
	};
}

const settingsNote = (extra = '', clock = false) =>
	'## Store settings\nEverything that changes from one store (or one agency client) to the next is in the ' +
	`**Store settings** node: shop domain, time zone, Slack channel per kind of problem, thresholds${extra}.` +
	(clock
		? '\n\nLeave *evaluateAt* empty (orders are judged by the real clock); a time there replays that moment ' +
			'(the sandbox demo sets it).'
		: '') +
	'\n\nCloning for a new client? Duplicate the workflow and edit only that node.';

function write(file: string, name: string, b: Builder, tags: string[]) {
	const wf = {
		name,
		nodes: b.nodes,
		connections: b.connections,
		pinData: {},
		settings: { executionOrder: 'v1', saveManualExecutions: true, callerPolicy: 'workflowsFromSameOwner' },
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
			`return...) is written to the **Order Ledger** the moment it arrives. Nothing else happens here, so Shopify ` +
			`gets its answer at once and never retries or gives up on us.\n\nThe **Event processor** workflow picks the ` +
			`stored events up a minute later.\n\n${storageNote[storage]}`,
		[-80, -360],
		640,
		300,
		4,
	);
	b.note('Note: settings', settingsNote(), [600, -360], 420, 300, 6);
	b.note(
		'Note: step 1',
		'### Step 1: Shopify calls us\nPick your *Shopify Admin (Post-Purchase)* credential and **activate** the ' +
			'workflow: n8n registers the webhooks in Shopify for you (and removes them when you deactivate).\n\nA call ' +
			"without Shopify's signature is refused (401) and starts nothing.",
		[-80, 120],
		300,
		240,
	);
	b.note(
		'Note: step 2',
		"### Step 2: Store it\n**Append Event** saves the delivery under Shopify's event id. A repeat of the same " +
			'delivery is recognised and stored once (`status: duplicate`).\n\nIf the ledger is down, this execution ' +
			'fails and shows in *Executions*; the **Reconciliation sweep** still picks the order up later.',
		[440, 120],
		360,
		240,
	);
	const trigger = b.add(
		'Shopify webhook',
		`${PKG}.shopifyOrdersTrigger`,
		1,
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
		},
		{ webhookId: uuid(`intake${storage}:webhook`) },
	);
	// Right after the trigger, so every field is the delivery's own ($json): nothing names another node.
	const append = b.add('Store event in ledger', `${PKG}.orderLedger`, 1, [300, -20], {
		...ledgerLocation(storage),
		operation: 'appendEvent',
		eventKey: "={{ 'shopify:' + $json.eventId }}",
		source: 'shopify',
		topic: '={{ $json.topic }}',
		orderKey: "={{ $json.observations?.[0]?.orderKey ?? '' }}",
		payload: '={{ $json }}',
	});
	b.chain(trigger, append);
	write(
		`01-shopify-webhook-intake${suffix(storage)}.json`,
		`Post-purchase 1: Shopify webhook intake${label(storage)}`,
		b,
		[],
	);
}

/* ---------- 2. event processor ---------- */

const GROUP_BY_ORDER = `// Several events often arrive for one order (created, paid, fulfilled...). Look the order up
// once for all of them: one item per order, carrying every claimed event id (each is acknowledged at
// the end).
const groups = new Map();
for (const item of $input.all()) {
  const event = item.json;
  const payload = event.payload ?? {};
  const observations = Array.isArray(payload.observations)
    ? payload.observations
    : payload.observation ? [payload.observation] : [];
  const orderKey = String(event.orderKey || payload.orderKey || observations[0]?.orderKey || '');
  // An event that names no order stays on its own, so it fails (and is retried) alone.
  const groupKey = orderKey || 'no-order:' + event.id;
  if (!groups.has(groupKey))
    groups.set(groupKey, { orderKey, events: [], observations: [], problems: [], warehouseInHand: false });
  const group = groups.get(groupKey);
  group.events.push({ id: event.id, leaseToken: event.leaseToken, key: event.key });
  // The sweep just read this order from the warehouse: no need to ask it again, one order at a time
  // (ShipStation allows 40 calls a minute; the sweep reads 500 orders a call).
  if (event.topic === 'sweep' && ['3pl', 'shipstation'].includes(event.source)) group.warehouseInHand = true;
  // A Shopify webhook carries the whole order (fulfillments and tracking included): no need to read it
  // again. The sweep's list snapshot is lighter, so an order seen only there is still read in full.
  if (event.source === 'shopify' && event.topic !== 'sweep' && observations.length > 0) group.shopifyInHand = true;
  // Our own "customer was told" notes change nothing at Shopify, the warehouse or the carrier.
  group.notificationsOnly = (group.notificationsOnly ?? true) && event.source === 'klaviyo';
  group.observations.push(...observations);
  if (!orderKey)
    group.problems.push(
      'Event ' + event.key + ' names no order' + (payload.normaliseError ? ': ' + payload.normaliseError : '')
    );
}
return [...groups.values()].map((json) => ({ json }));`;

const READ_EVENT = `// The order's claimed events, and the facts (observations) they carry.
const group = $input.first().json;
if (!group.orderKey) {
  // Nothing to reconcile without an order number: record why, so it shows in Dead-letter review.
  throw new Error(group.problems.join('; '));
}
return [{ json: {
  orderKey: group.orderKey,
  events: group.events,
  observations: group.observations,
  warehouseInHand: group.warehouseInHand,
  shopifyInHand: group.shopifyInHand === true,
  notificationsOnly: group.notificationsOnly === true
} }];`;

const FAILED_EVENTS = `// The step that failed failed for every event of this order: record the error on each of them.
const error = $input.first().json.error;
const message = (typeof error === 'string' ? error : error?.message) || 'processing failed';
return $('One order at a time').first().json.events.map((e) => ({
  json: { eventId: e.id, leaseToken: e.leaseToken, error: message }
}));`;

const DECIDE = `// Whom to ask about this order. Our own "customer was told" notes need nobody. Shopify is not read
// again when a webhook with the whole order came with these events, once the order's fulfillment orders
// are known: a webhook carries the order as REST has it, without them (which location ships what), so an
// order routed to two locations is read in full once. The warehouse is not asked again
// when its view came with these events or was read in the last warehouseFreshMinutes: the sweep reads
// whole pages at once, while one order at a time spends ShipStation's 40 calls a minute.
const event = $('Read event').first().json;
const record = $('Stored order').first().json.record ?? null;
const freshMinutes = Number($('Store settings').first().json.warehouseFreshMinutes ?? 0);
const warehouses = ['shipstation', 'shipbob', 'shiphero', 'shipmonk', 'extensiv'];
const since = Date.now() - freshMinutes * 60000;
const heardLately = (sources) => (record?.facts ?? []).some(
  (f) => sources.includes(f.source) && f.lastReceivedAt && Date.parse(f.lastReceivedAt) >= since
);
const askVendors = !event.notificationsOnly;
// Every key the warehouses may file the order under: store integrations use the Shopify order id
// (ShipBob reference_id), others the number or the name. A miss counts only when all were tried.
const shopifyFact = event.observations.find((o) => o.source === 'shopify' && o.kind === 'order');
const knowsFulfillmentOrders =
  (record?.facts ?? []).some((f) => f.source === 'shopify' && f.kind === 'fulfillment_order') ||
  event.observations.some((o) => o.source === 'shopify' && o.kind === 'fulfillment_order');
return [{ json: {
  orderKey: event.orderKey,
  askVendors,
  askShopify: askVendors && (!event.shopifyInHand || !knowsFulfillmentOrders),
  askWarehouse: askVendors && !event.warehouseInHand && !heardLately(warehouses),
  shopifyOrderId: record?.shopifyId ?? shopifyFact?.data?.shopifyId ?? shopifyFact?.sourceId ?? '',
  orderName: record?.name ?? shopifyFact?.data?.name ?? '',
} }];`;

const TRACKING_NUMBERS = `// Every tracking number we know for this order: from Shopify, the warehouse and the stored
// record.
const numbers = new Set();
const add = (n) => { if (typeof n === 'string' && n.trim()) numbers.add(n.trim()); };
const observationsOf = (name) => {
  try { return $(name).all().flatMap((i) => i.json.observations ?? []); } catch { return []; }
};
const asked = $('Decide what to ask').first().json;
// The warehouse nodes did not run for this order when its warehouse view came with the events: their
// output would be an earlier order's.
const warehouse = !$('Decide what to ask').first().json.askWarehouse
  ? []
  : ['Warehouse status (3PL)', 'Warehouse status (ShipStation)', 'Warehouse labels (ShipStation)'];
for (const o of [
  ...$('Read event').first().json.observations,
  ...(asked.askShopify ? observationsOf('Shopify order') : []),
  ...warehouse.flatMap(observationsOf)
]) add(o.data?.trackingNumber);
for (const s of $('Stored order').first().json.record?.shipments ?? [])
  if (!['delivered', 'returned_to_sender'].includes(s.trackingStatus)) add(s.trackingNumber);
return [{ json: { orderKey: $('Read event').first().json.orderKey, trackingNumbers: [...numbers].join(',') } }];`;

const GATHER = `// One item for Order State: the stored record plus every fact we just collected
// (duplicates are harmless).
const itemsOf = (name) => { try { return $(name).all(); } catch { return []; } };
const event = $('Read event').first().json;
const observations = [...event.observations];
// A node that did not run for this order (skipped by an IF) still holds an earlier order's output:
// read only the nodes that ran this time.
const asked = $('Decide what to ask').first().json;
const askedVendors = asked.askVendors;
if (asked.askShopify) for (const item of itemsOf('Shopify order')) observations.push(...(item.json.observations ?? []));
for (const name of !asked.askWarehouse
  ? []
  : ['Warehouse status (3PL)', 'Warehouse status (ShipStation)', 'Warehouse labels (ShipStation)']) {
  for (const item of itemsOf(name)) {
    const error = item.json.error;
    // An order the warehouse has not received yet is a fact (not_sent_to_fulfillment), not a failure.
    if (error && !/not found|404|has no order/i.test(JSON.stringify(error)))
      throw new Error(name + ': ' + (error.message ?? error));
    observations.push(...(item.json.observations ?? []));
  }
}
if (askedVendors && event.trackingNumbers !== '') {
  for (const item of itemsOf('Track parcels')) if (item.json.observation) observations.push(item.json.observation);
}
return [{
  json: { orderKey: event.orderKey, previous: $('Stored order').first().json.record ?? null, observations }
}];`;

const PLAN = `// What must happen now: open new cases, close cleared ones, tell the customer, then mark the event done.
const result = $('Order State').first().json;
const record = result.record;
const event = $('Read event').first().json;
const out = [];
for (const c of result.opened ?? []) out.push({ action: 'open', case: c });
for (const c of result.resolved ?? []) out.push({ action: 'clear', case: c });
// Customer messages: every milestone a parcel reached (shipped, delivered) that the customer has not
// heard about yet, each once (the record lists what was sent, per parcel; Klaviyo's unique_id makes a
// repeat harmless anyway). Delays and delivery problems are told when their case opens.
if ($('Store settings').first().json.sendKlaviyoEvents && record.stage !== 'cancelled') {
  const told = (event, s) => (record.notifications ?? []).some(
    (n) => n.event === event && (!n.shipmentKey || n.shipmentKey === s.key || n.shipmentKey === s.trackingNumber)
  );
  for (const s of record.shipments ?? []) {
    if (s.voided) continue;
    if (s.shippedAt && !told('order_shipped', s))
      out.push({ action: 'notify', event: 'order_shipped', shipment: s.key, record });
    if (s.deliveredAt && !told('order_delivered', s))
      out.push({ action: 'notify', event: 'order_delivered', shipment: s.key, record });
  }
  for (const c of result.opened ?? []) {
    if (c.type === 'delivery_late' || c.type === 'tracking_stalled')
      out.push({ action: 'notify', event: 'shipment_delayed', shipment: '', record });
    if (c.type === 'delivery_failed' || c.type === 'returned_to_sender')
      out.push({ action: 'notify', event: 'delivery_exception', shipment: '', record });
  }
}
for (const e of event.events)
  out.push({ action: 'done', eventId: e.id, leaseToken: e.leaseToken, orderKey: record.orderKey, stage: record.stage });
return out.map((json) => ({ json }));`;

const WHAT_TO_REREAD = `// No crying wolf: Order State held back a stalled-parcel or not-sent case (toConfirm)
// until a read made after its due time still shows it. Re-read exactly what it names, once: the carriers
// by tracking number, the warehouses by every key of the order (a miss counts only when every key was tried).
const result = $('Order State').first().json;
const carriers = ['ups', 'fedex', 'usps', 'dhl'];
const numbers = new Set();
let askWarehouse = false;
for (const held of result.toConfirm ?? []) {
  const sources = held.sources ?? [];
  const byCarrier = sources.some((s) => carriers.includes(s));
  if (byCarrier) for (const key of held.keys ?? []) numbers.add(key);
  // No source named: every warehouse the store uses.
  if (!byCarrier || sources.some((s) => !carriers.includes(s))) askWarehouse = true;
}
const record = result.record;
return [{ json: {
  orderKey: record.orderKey,
  trackingNumbers: [...numbers].join(','),
  askWarehouse,
  shopifyOrderId: record.shopifyId ?? '',
  orderName: record.name ?? ''
} }];`;

const GATHER_REREAD = `// The facts of the first pass plus what the re-read just said; Order State decides again
// with them.
const itemsOf = (name) => { try { return $(name).all(); } catch { return []; } };
const first = $('Gather facts').first().json;
const plan = $('What to re-read').first().json;
const observations = [...first.observations];
// A node skipped for this order still holds an earlier order's output: read only those that ran now.
if (plan.askWarehouse) {
  for (const name of ['Re-read warehouse (3PL)', 'Re-read warehouse (ShipStation)']) {
    for (const item of itemsOf(name)) observations.push(...(item.json.observations ?? []));
  }
}
if (plan.trackingNumbers !== '') {
  for (const item of itemsOf('Re-track parcels')) if (item.json.observation) observations.push(item.json.observation);
}
return [{ json: { orderKey: first.orderKey, previous: first.previous, observations, reread: true } }];`;

function switchRule(key: string, value: string) {
	return {
		outputKey: key,
		renameOutput: true,
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: uuid(`rule:${value}`),
					leftValue: '={{ $json.action }}',
					rightValue: value,
					operator: { type: 'string', operation: 'equals' },
				},
			],
			combinator: 'and',
		},
	};
}

function processor(storage: Storage) {
	const b = new Builder(`processor${storage}`);
	b.note(
		'Note: what this does',
		`# 2. Event processor\nEvery minute: take the events the intake stored, and for each order ask Shopify, the ` +
			`warehouse and the carrier what is true **now**, work out the order's real stage and problems (**Order ` +
			`State**), save it, raise or close Slack cases, send the customer's shipping emails through Klaviyo, and ` +
			`mark the event done.\n\nIf something fails (Shopify down, bad data), the event is put back with a growing ` +
			`wait and tried again; after *maxAttempts* tries it goes to **Dead-letter ` +
			`review**.\n\n${storageNote[storage]}`,
		[-100, -600],
		820,
		420,
		4,
	);
	b.note(
		'Note: settings',
		settingsNote(', batch size, retries, and whether Klaviyo emails are sent', true),
		[760, -600],
		440,
		420,
		6,
	);
	b.note(
		'Note: claim',
		'### Claim\n**Claim Batch** takes up to *batchSize* waiting events and locks them for 5 minutes, so two runs ' +
			'(or two n8n workers) never handle the same event. The loop then handles them **one order at a time**: ' +
			'several events for the same order are looked up once.',
		[380, -120],
		500,
		500,
	);
	b.note(
		'Note: fetch',
		"### Look it up everywhere\n1. The order as we stored it last time.\n2. Shopify's order now, unless a " +
			'webhook just brought it (*Decide what to ask*; our own notes that the customer was told need nobody).\n3. ' +
			'The warehouse: **3PL** (ShipBob, ShipHero, ShipMonk, Extensiv: pick yours on the node) or **ShipStation** ' +
			"(its order and its labels), unless the sweep's snapshot came with the events or was read in the last " +
			'*warehouseFreshMinutes* (*Decide what to ask*). The ShipStation nodes start *deactivated*: select them and ' +
			'press **D** to switch them on; with two warehouses, keep both on.\n4. Each parcel at its carrier (UPS, ' +
			'FedEx, USPS, DHL).',
		[900, -120],
		1900,
		580,
	);
	b.note(
		'Note: decide',
		'### Decide and save\n**Order State** folds all facts into one stage (placed ... delivered) and lists ' +
			'problems (stuck at the warehouse, no tracking, stalled parcel, late delivery...), using the thresholds from ' +
			'*Store settings*. **Save order** stores it: an old fact can never move an order backwards.',
		[900, 480],
		700,
		600,
	);
	b.note(
		'Note: confirm',
		'### Confirm before a case opens\nA parcel that looks stalled, or an order no warehouse seems to have, is ' +
			'**not** a case yet: **Order State** lists it in *toConfirm*. **What to re-read** asks exactly those ' +
			'carriers (by tracking number) and warehouses (by the order number, name and Shopify order ID) again, live, ' +
			'once; **Order State** decides again with the fresh answers. The case opens only if the problem still holds; ' +
			'otherwise nothing is posted. If the re-read fails, nothing opens now and the next run tries again.',
		[900, 1400],
		1760,
		420,
		5,
	);
	b.note(
		'Note: act',
		'### Act, then mark done\n- **open**: new problem: saved as a case and posted once to the right Slack ' +
			'channel.\n- **clear**: the problem went away: the case closes and its Slack message says so.\n- **notify**: ' +
			'the order reached a stage the customer should hear about: one Klaviyo event (never twice).\n- **done**: ' +
			'only after all that, the event is acknowledged.',
		[1620, 480],
		780,
		880,
	);
	b.note(
		'Note: failure',
		'### When a step fails\nThe red paths lead to **Record failure**: the error is stored with the event, which ' +
			'is retried later (1 min, 2 min, 4 min... up to 1 h). After *maxAttempts* it is **dead**: see it and replay ' +
			'it in the *Dead-letter review* workflow.',
		[380, 480],
		500,
		600,
		3,
	);
	const schedule = b.add('Every minute', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 120], {
		rule: { interval: [{ field: 'minutes', minutesInterval: 1 }] },
	});
	const manual = b.add('Run now (test)', 'n8n-nodes-base.manualTrigger', 1, [0, 300], {});
	const set = settings(
		b,
		[200, 200],
		[
			...storeFields,
			...slackFields,
			...policyFields,
			['batchSize', 'number', 50],
			['maxAttempts', 'number', 5],
			['sendKlaviyoEvents', 'boolean', true],
			['warehouseFreshMinutes', 'number', 30],
			clockField,
			...storageFields(storage),
		],
	);
	const claim = ledger(b, storage, 'Claim events', [440, 200], 'claimBatch', {
		batchSize: `={{ ${S('batchSize')} }}`,
		leaseSeconds: 300,
		maxAttempts: `={{ ${S('maxAttempts')} }}`,
	});
	const group = b.add('Group by order', 'n8n-nodes-base.code', 2, [600, 200], { jsCode: GROUP_BY_ORDER });
	const loop = b.add('One order at a time', 'n8n-nodes-base.splitInBatches', 3, [780, 200], {
		batchSize: 1,
		options: {},
	});
	const allDone = b.add('All claimed events handled', 'n8n-nodes-base.noOp', 1, [960, 20], {});
	const read = b.add(
		'Read event',
		'n8n-nodes-base.code',
		2,
		[960, 200],
		{ jsCode: READ_EVENT },
		{ onError: 'continueErrorOutput' },
	);
	const stored = ledger(b, storage, 'Stored order', [1180, 200], 'getOrder', {
		lookupOrderKey: '={{ $json.orderKey }}',
		failIfMissing: false,
	});
	// Inside the loop, expressions read the current order with .first() (the node's latest run): .item
	// walks paired items back through every earlier iteration, which grows with the batch.
	const decide = b.add('Decide what to ask', 'n8n-nodes-base.code', 2, [1180, 20], { jsCode: DECIDE });
	const ownNotes = ifTrue(
		b,
		'Only our own notes?',
		[1400, 20],
		'processor:ownnotes',
		"={{ !$('Decide what to ask').first().json.askVendors }}",
	);
	const askShopify = ifTrue(
		b,
		'Ask Shopify?',
		[1400, 200],
		'processor:askshopify',
		"={{ $('Decide what to ask').first().json.askShopify }}",
	);
	const shopify = b.add(
		'Shopify order',
		`${PKG}.shopifyOrders`,
		1,
		[1510, 330],
		{
			operation: 'get',
			order: { __rl: true, mode: 'name', value: "={{ '#' + $('Read event').first().json.orderKey }}" },
		},
		{ onError: 'continueErrorOutput' },
	);
	const inHand = ifTrue(
		b,
		'Warehouse view in hand?',
		[1620, 20],
		'processor:inhand',
		"={{ !$('Decide what to ask').first().json.askWarehouse }}",
	);
	// Every key the order may be filed under (ShipBob's Shopify integration: the Shopify order id).
	const shopifyIdExpr =
		"={{ $('Decide what to ask').first().json.askShopify ? ($('Shopify order').first().json.order?.id ?? '') : " +
		"$('Decide what to ask').first().json.shopifyOrderId }}";
	const orderNameExpr = "={{ $('Decide what to ask').first().json.orderName }}";
	const tpl = b.add(
		'Warehouse status (3PL)',
		`${PKG}.threePlFulfillment`,
		1,
		[1620, 200],
		{
			provider: 'shipbob',
			operation: 'getOrderStatus',
			orderNumber: "={{ $('Read event').first().json.orderKey }}",
			shopifyOrderId: shopifyIdExpr,
			orderName: orderNameExpr,
			// a lookup's "not there" holds at the time of asking: the same clock Order State judges by
			now: `={{ ${S('evaluateAt')} }}`,
		},
		{ onError: 'continueRegularOutput' },
	);
	const ss = b.add(
		'Warehouse status (ShipStation)',
		`${PKG}.shipStation`,
		1,
		[1840, 200],
		{
			resource: 'order',
			operation: 'get',
			orderNumber: "={{ $('Read event').first().json.orderKey }}",
			shopifyOrderId: shopifyIdExpr,
			orderName: orderNameExpr,
			now: `={{ ${S('evaluateAt')} }}`,
		},
		{ onError: 'continueRegularOutput', disabled: true },
	);
	// The labels carry the tracking numbers: a split shipment's second parcel may be known only here.
	const ssLabels = b.add(
		'Warehouse labels (ShipStation)',
		`${PKG}.shipStation`,
		1,
		[2060, 200],
		{
			resource: 'shipment',
			operation: 'getAll',
			shipmentFilter: 'order',
			shipmentOrderNumber: "={{ $('Read event').first().json.orderKey }}",
			includeShipmentItems: true,
			returnAll: true,
		},
		{ onError: 'continueRegularOutput', disabled: true, alwaysOutputData: true },
	);
	const numbers = b.add('Parcels to track', 'n8n-nodes-base.code', 2, [2260, 200], { jsCode: TRACKING_NUMBERS });
	const track = b.add(
		'Track parcels',
		`${PKG}.carrierTracking`,
		1,
		[2460, 200],
		{
			operation: 'track',
			carrier: 'auto',
			trackingNumbers: '={{ $json.trackingNumbers }}',
			orderKey: '={{ $json.orderKey }}',
			options: {},
		},
		{ onError: 'continueRegularOutput', alwaysOutputData: true },
	);
	const gather = b.add(
		'Gather facts',
		'n8n-nodes-base.code',
		2,
		[2660, 200],
		{
			jsCode: GATHER.replace(
				"event.trackingNumbers !== ''",
				"$('Parcels to track').first().json.trackingNumbers !== ''",
			),
		},
		{ onError: 'continueErrorOutput' },
	);
	const state = b.add(
		'Order State',
		`${PKG}.orderState`,
		1,
		[960, 900],
		{ operation: 'reconcile', previousField: 'previous', observationsField: 'observations', ...policyParams() },
		{ onError: 'continueErrorOutput' },
	);
	// The re-read step: only when Order State held a case back, and once per order (the second pass goes on
	// to Save order).
	const confirmFirst = ifTrue(
		b,
		'Confirm first?',
		[1100, 1080],
		'processor:confirmfirst',
		"={{ ($json.toConfirm ?? []).length > 0 && !($('Gather re-read facts').isExecuted && $('Gather re-read " +
			"facts').first().json.orderKey === $json.record.orderKey) }}",
	);
	const whatToReread = b.add('What to re-read', 'n8n-nodes-base.code', 2, [1000, 1560], { jsCode: WHAT_TO_REREAD });
	const rereadWarehouse = ifTrue(
		b,
		'Re-read warehouse?',
		[1220, 1560],
		'processor:rereadwarehouse',
		"={{ $('What to re-read').first().json.askWarehouse }}",
	);
	const rereadKeys = {
		orderNumber: "={{ $('What to re-read').first().json.orderKey }}",
		shopifyOrderId: "={{ $('What to re-read').first().json.shopifyOrderId }}",
		orderName: "={{ $('What to re-read').first().json.orderName }}",
		now: `={{ ${S('evaluateAt')} }}`,
	};
	const reread3pl = b.add(
		'Re-read warehouse (3PL)',
		`${PKG}.threePlFulfillment`,
		1,
		[1440, 1480],
		{ provider: 'shipbob', operation: 'lookUpOrder', ...rereadKeys },
		{ onError: 'continueRegularOutput' },
	);
	const rereadSs = b.add(
		'Re-read warehouse (ShipStation)',
		`${PKG}.shipStation`,
		1,
		[1660, 1480],
		{ resource: 'order', operation: 'lookUp', ...rereadKeys },
		{ onError: 'continueRegularOutput', disabled: true },
	);
	const retrack = b.add(
		'Re-track parcels',
		`${PKG}.carrierTracking`,
		1,
		[1900, 1560],
		{
			operation: 'track',
			carrier: 'auto',
			trackingNumbers: "={{ $('What to re-read').first().json.trackingNumbers }}",
			orderKey: "={{ $('What to re-read').first().json.orderKey }}",
			options: {},
		},
		{ onError: 'continueRegularOutput', alwaysOutputData: true, executeOnce: true },
	);
	const gatherReread = b.add(
		'Gather re-read facts',
		'n8n-nodes-base.code',
		2,
		[2120, 1560],
		{ jsCode: GATHER_REREAD },
		{ onError: 'continueErrorOutput' },
	);
	const save = ledger(b, storage, 'Save order', [1180, 900], 'upsertOrder', {
		order: "={{ $('Order State').first().json.record }}",
	});
	const plan = b.add('Plan follow-ups', 'n8n-nodes-base.code', 2, [1400, 900], { jsCode: PLAN });
	const route = b.add('Route', 'n8n-nodes-base.switch', 3.2, [1680, 900], {
		rules: {
			values: [
				switchRule('open', 'open'),
				switchRule('clear', 'clear'),
				switchRule('notify', 'notify'),
				switchRule('done', 'done'),
			],
		},
		options: {},
	});
	const open = ledger(b, storage, 'Open case', [1940, 700], 'openException', {
		caseId: '={{ $json.case.id }}',
		caseOrderKey: '={{ $json.case.orderKey }}',
		caseType: '={{ $json.case.type }}',
		severity: '={{ $json.case.severity }}',
		openedAt: '={{ $json.case.openedAt }}',
		evidence: '={{ $json.case.evidence }}',
	});
	const post = b.add('Post case to Slack', `${PKG}.exceptionAlerts`, 1, [2180, 700], {
		operation: 'postException',
		...storageParams(storage),
		caseId: '={{ $json.id }}',
		...alertsRouting(),
	});
	const close = ledger(b, storage, 'Close cleared case', [1940, 860], 'resolveException', {
		caseId: '={{ $json.case.id }}',
		resolution: 'cleared',
	});
	const update = b.add('Update Slack message', `${PKG}.exceptionAlerts`, 1, [2180, 860], {
		operation: 'updateException',
		...storageParams(storage),
		caseId: '={{ $json.id }}',
		change: 'auto',
		actor: '',
		...alertsRouting(),
	});
	const klaviyo = b.add(
		'Tell the customer (Klaviyo)',
		`${PKG}.klaviyoPostPurchase`,
		1,
		[1940, 1020],
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
		[2180, 1020],
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
	const ack = ledger(b, storage, 'Mark event done', [1940, 1180], 'ack', {
		eventId: '={{ $json.eventId }}',
		leaseId: '={{ $json.leaseToken }}',
	});
	const failed = b.add('Events of the failed order', 'n8n-nodes-base.code', 2, [420, 900], { jsCode: FAILED_EVENTS });
	const fail = ledger(b, storage, 'Record failure', [620, 900], 'fail', {
		eventId: '={{ $json.eventId }}',
		leaseId: '={{ $json.leaseToken }}',
		errorMessage: '={{ $json.error }}',
		failMaxAttempts: `={{ ${S('maxAttempts')} }}`,
		baseDelaySeconds: 60,
		maxDelaySeconds: 3600,
	});
	b.link(schedule, set);
	b.link(manual, set);
	b.chain(set, claim, group, loop);
	b.link(loop, allDone, 0);
	b.link(loop, read, 1);
	b.link(read, stored, 0);
	b.link(read, failed, 1);
	b.chain(stored, decide, ownNotes);
	b.link(ownNotes, gather, 0);
	b.link(ownNotes, askShopify, 1);
	b.link(askShopify, shopify, 0);
	b.link(askShopify, inHand, 1);
	b.link(shopify, inHand, 0);
	b.link(shopify, failed, 1);
	b.link(inHand, numbers, 0);
	b.link(inHand, tpl, 1);
	b.chain(tpl, ss, ssLabels, numbers, track, gather);
	b.link(gather, state, 0);
	b.link(gather, failed, 1);
	b.link(state, confirmFirst, 0);
	b.link(state, failed, 1);
	b.link(confirmFirst, whatToReread, 0);
	b.link(confirmFirst, save, 1);
	b.link(whatToReread, rereadWarehouse);
	b.link(rereadWarehouse, reread3pl, 0);
	b.link(rereadWarehouse, retrack, 1);
	b.chain(reread3pl, rereadSs, retrack, gatherReread);
	b.link(gatherReread, state, 0);
	b.link(gatherReread, failed, 1);
	b.link(failed, fail);
	b.chain(save, plan, route);
	b.link(route, open, 0);
	b.link(route, close, 1);
	b.link(route, klaviyo, 2);
	b.link(route, ack, 3);
	b.chain(open, post);
	b.chain(close, update);
	b.chain(klaviyo, told);
	b.link(ack, loop);
	b.link(fail, loop);
	write(`02-event-processor${suffix(storage)}.json`, `Post-purchase 2: Event processor${label(storage)}`, b, []);
}

/* ---------- 3. reconciliation sweep ---------- */

const TO_EVENTS = (
	source: string,
) => `// One ledger event per order snapshot. The key is made from the facts themselves, so a snapshot
// that did not change since the last sweep is recognised as a duplicate and not processed again.
const hash = (text) => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
  return (h >>> 0).toString(16);
};
const out = [];
for (const item of $input.all()) {
  const observations = item.json.observations ?? (item.json.observation ? [item.json.observation] : []);
  const orderKey = item.json.orderKey ?? observations[0]?.orderKey;
  if (!orderKey || observations.length === 0) continue; // nothing new to say about an order
  const facts = observations.map((o) => o.key + '@' + (o.occurredAt ?? '')).sort().join('|');
  out.push({ json: {
    key: 'sweep:${source}:' + orderKey + ':' + hash(facts),
    source: '${source}',
    kind: 'sweep',
    orderKey: String(orderKey),
    observations
  } });
}
return out;`;

const IN_TRANSIT = `// Tracking numbers of every parcel still on its way, with the order they belong to.
const out = [];
for (const item of $input.all()) {
  const record = item.json.record ?? item.json;
  for (const s of record.shipments ?? []) {
    if (s.trackingNumber && !['delivered', 'returned_to_sender'].includes(s.trackingStatus))
      out.push({
        json: { orderKey: record.orderKey, trackingNumber: s.trackingNumber, trackingCompany: s.carrier ?? '' }
      });
  }
}
return out;`;

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
		settingsNote(' and how far back to look (make it longer than the schedule so runs overlap)', true),
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
			'you.\n4. **Parcels in transit**: every shipped order in the ledger, each parcel asked at its carrier.',
		[400, -120],
		940,
		1060,
	);
	b.note(
		'Note: store',
		'### Store\nEach snapshot becomes one event (source, order number, the facts). **Append Event** stores new ' +
			'ones and recognises repeats. Nothing is decided here.',
		[1360, -120],
		400,
		1060,
	);
	const schedule = b.add('Every 30 minutes', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 300], {
		rule: { interval: [{ field: 'minutes', minutesInterval: 30 }] },
	});
	const manual = b.add('Run now (test)', 'n8n-nodes-base.manualTrigger', 1, [0, 480], {});
	const set = settings(
		b,
		[200, 390],
		[
			...storeFields,
			['lookBackMinutes', 'number', 90],
			['maxParcels', 'number', 500],
			clockField,
			...storageFields(storage),
		],
	);
	const since =
		`={{ (${S('evaluateAt')} ? DateTime.fromISO(${S('evaluateAt')}) : $now).minus({ minutes: ` +
		`${S('lookBackMinutes')} }).toISO() }}`;
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
	const list = ledger(b, storage, 'Orders in transit', [460, 780], 'listOrders', {
		stages: ['shipped', 'partially_shipped', 'in_transit', 'out_for_delivery', 'partially_delivered'],
		limit: `={{ ${S('maxParcels')} }}`,
	});
	const parcels = b.add('Parcels still moving', 'n8n-nodes-base.code', 2, [680, 780], { jsCode: IN_TRANSIT });
	const track = b.add(
		'Track each parcel',
		`${PKG}.carrierTracking`,
		1,
		[900, 780],
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
	const e1 = b.add('Shopify snapshots', 'n8n-nodes-base.code', 2, [1140, 140], { jsCode: TO_EVENTS('shopify') });
	const e2 = b.add('3PL snapshots', 'n8n-nodes-base.code', 2, [1140, 300], { jsCode: TO_EVENTS('3pl') });
	const e3 = b.add('ShipStation snapshots', 'n8n-nodes-base.code', 2, [1140, 460], {
		jsCode: TO_EVENTS('shipstation'),
	});
	const e4 = b.add('Carrier snapshots', 'n8n-nodes-base.code', 2, [1140, 780], { jsCode: TO_EVENTS('carrier') });
	const append = ledger(b, storage, 'Store snapshots in ledger', [1500, 380], 'appendEvent', {
		eventKey: '={{ $json.key }}',
		source: '={{ $json.source }}',
		topic: '={{ $json.kind }}',
		orderKey: '={{ $json.orderKey }}',
		payload: '={{ $json }}',
	});
	b.link(schedule, set);
	b.link(manual, set);
	for (const n of [shopify, tpl, ss, ssLabels, list]) b.link(set, n);
	b.link(shopify, e1);
	b.link(tpl, e2);
	b.link(ss, e3);
	b.link(ssLabels, e3);
	b.chain(list, parcels, track, e4);
	for (const n of [e1, e2, e3, e4]) b.link(n, append);
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
			`against your promises (*Store settings*: hours to reach the warehouse, to ship, for a parcel to move). An ` +
			`order that crossed a line becomes a **case** posted to Slack (once: later runs only update that message). ` +
			`Nothing arrives for an order that is stuck? This is what still notices.\n\n${storageNote[storage]}`,
		[-100, -640],
		720,
		400,
		4,
	);
	b.note('Note: settings', settingsNote(' and the hour limits', true), [640, -640], 420, 400, 6);
	b.note(
		'Note: steps',
		'### Steps\n1. **Open orders**: every order not delivered, cancelled or returned.\n2. **Check the limits**: ' +
			'one item per problem, in business hours of your time zone (weekends and holidays do not count).\n3. **Save ' +
			'the case**: each problem is a case with an id; the same problem is never opened twice.\n4. **Post to ' +
			'Slack**: the right channel per kind of problem; a case already posted is updated, not posted again.',
		[400, -120],
		900,
		440,
	);
	const schedule = b.add('Every hour', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 40], {
		rule: { interval: [{ field: 'hours', hoursInterval: 1 }] },
	});
	const manual = b.add('Run now (test)', 'n8n-nodes-base.manualTrigger', 1, [0, 220], {});
	const set = settings(
		b,
		[200, 130],
		[
			...storeFields,
			...slackFields,
			...policyFields,
			['maxOrders', 'number', 1000],
			clockField,
			...storageFields(storage),
		],
	);
	const list = ledger(b, storage, 'Open orders', [460, 130], 'listOrders', {
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
		limit: `={{ ${S('maxOrders')} }}`,
	});
	const check = b.add(
		'Check the limits',
		`${PKG}.orderState`,
		1,
		[680, 130],
		{ operation: 'evaluateStuck', recordField: 'record', output: 'perException', ...policyParams() },
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
	const post = b.add('Post to Slack', `${PKG}.exceptionAlerts`, 1, [1120, 130], {
		operation: 'postException',
		...storageParams(storage),
		caseId: '={{ $json.id }}',
		...alertsRouting(),
	});
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
		{ operation: 'evaluateStuck', recordField: 'record', output: 'perOrder', ...policyParams() },
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
	b.link(schedule, set);
	b.link(manual, set);
	b.chain(set, list, check, open, post);
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
	b.note(
		'Note: settings',
		settingsNote(', the report channel and how many weeks to compare'),
		[540, -500],
		420,
		320,
		6,
	);
	b.note(
		'Note: step',
		'### Post the report\n**Post Weekly Report** reads the cases from the ledger and posts to *reportChannel*. ' +
			'Needs the *Slack (Post-Purchase)* credential with a bot token for the chart.',
		[440, -60],
		360,
		380,
	);
	const schedule = b.add('Monday 9:00', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 40], {
		rule: { interval: [{ field: 'weeks', weeksInterval: 1, triggerAtDay: [1], triggerAtHour: 9, triggerAtMinute: 0 }] },
	});
	const manual = b.add('Run now (test)', 'n8n-nodes-base.manualTrigger', 1, [0, 220], {});
	const set = settings(
		b,
		[200, 130],
		[
			...storeFields,
			['slackReportChannel', 'string', '#ops-weekly'],
			['weeks', 'number', 4],
			['stuckHours', 'number', 48],
			...storageFields(storage),
		],
	);
	const report = b.add('Post weekly report', `${PKG}.exceptionAlerts`, 1, [560, 130], {
		operation: 'postWeeklyReport',
		...storageParams(storage),
		reportChannel: channel('slackReportChannel'),
		weeks: `={{ ${S('weeks')} }}`,
		stuckHours: `={{ ${S('stuckHours')} }}`,
		includeChart: true,
		options: { shop: `={{ ${S('shopDomain')} }}`, storeName: `={{ ${S('storeName')} }}` },
	});
	b.link(schedule, set);
	b.link(manual, set);
	b.chain(set, report);
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
	const replayAll = ledgerAt(b, storage, 'Replay all dead events', [460, -60], 'replay', {
		replayScope: 'allDead',
		replayedBy: "={{ $json['Your name'] }}",
	});
	const replayIds = ledgerAt(b, storage, 'Replay chosen events', [460, 100], 'replay', {
		replayScope: 'ids',
		replayIds: "={{ $json['Event IDs'] }}",
		replayedBy: "={{ $json['Your name'] }}",
	});
	b.link(form, all);
	b.link(all, replayAll, 0);
	b.link(all, replayIds, 1);
	const dead = ledgerAt(
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
	const timeline = ledgerAt(b, storage, 'Order timeline with failures', [700, 460], 'getTimeline', {
		lookupOrderKey: '={{ $json.reviewOrderNumber }}',
	});
	b.link(manual, review);
	b.link(review, dead);
	b.link(review, has);
	b.link(has, timeline, 0);
	write(`06-dead-letter-review${suffix(storage)}.json`, `Post-purchase 6: Dead-letter review${label(storage)}`, b, []);
}

/* ---------- 7. Slack case buttons ---------- */

function slackActions(storage: Storage) {
	const b = new Builder(`slack${storage}`);
	b.note(
		'Note: what this does',
		`# 7. Slack case buttons\nEvery case the other workflows post to Slack has buttons: **Acknowledge**, ` +
			`**Assign to me**, **Resolve**. This workflow receives the press, records it on the case in the ledger (who, ` +
			`when) and updates the Slack message in place, with a reply in its thread ("Acknowledged by @Maya after 2 ` +
			`h").\n\n${storageNote[storage]}`,
		[-100, -520],
		700,
		340,
		4,
	);
	b.note('Note: settings', settingsNote(''), [620, -520], 420, 340, 6);
	b.note(
		'Note: receive',
		"### Receive the press\nIn your Slack app, set **Interactivity → Request URL** to this trigger's production " +
			"URL and activate the workflow. Presses without Slack's signature (or older than 5 minutes) are refused; " +
			'Slack gets its answer at once.',
		[-100, -120],
		560,
		440,
	);
	b.note(
		'Note: record',
		'### Record it, then update the message\n**Acknowledge** and **Assign to me** make the person the case ' +
			'owner; **Resolve** closes the case with their name. **Update Slack message** then redraws the message from ' +
			'the case as the ledger has it (buttons gone once resolved).',
		[480, -120],
		900,
		440,
	);
	const trigger = b.add(
		'Slack button',
		`${PKG}.slackInteractionTrigger`,
		1,
		[0, 120],
		{ actions: ['acknowledge', 'assign_to_me', 'resolve'] },
		{ webhookId: uuid(`slack${storage}:webhook`) },
	);
	const set = settings(b, [220, 120], [...storeFields, ...slackFields, ...storageFields(storage)]);
	const route = b.add('Which button?', 'n8n-nodes-base.switch', 3.2, [540, 120], {
		rules: {
			values: [
				{
					outputKey: 'take ownership',
					renameOutput: true,
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [
							{
								id: uuid('slack:ack'),
								leftValue: '={{ $json.action }}',
								rightValue: 'acknowledge',
								operator: { type: 'string', operation: 'equals' },
							},
							{
								id: uuid('slack:assign'),
								leftValue: '={{ $json.action }}',
								rightValue: 'assign_to_me',
								operator: { type: 'string', operation: 'equals' },
							},
						],
						combinator: 'or',
					},
				},
				switchRule('resolve', 'resolve'),
			],
		},
		options: {},
	});
	const ack = ledger(b, storage, 'Acknowledge case', [800, 40], 'acknowledgeException', {
		caseId: '={{ $json.caseId }}',
		owner: '={{ $json.user.id }}',
	});
	const resolve = ledger(b, storage, 'Resolve case', [800, 200], 'resolveException', {
		caseId: '={{ $json.caseId }}',
		resolution: "={{ 'Resolved in Slack by ' + ($json.user.name || $json.user.id) }}",
	});
	const update = b.add('Update Slack message', `${PKG}.exceptionAlerts`, 1, [1080, 120], {
		operation: 'updateException',
		...storageParams(storage),
		caseId: "={{ $('Slack button').item.json.caseId }}",
		change: 'auto',
		actor: "={{ $('Slack button').item.json.user.id }}",
		...alertsRouting(),
	});
	b.chain(trigger, set, route);
	b.link(route, ack, 0);
	b.link(route, resolve, 1);
	b.link(ack, update);
	b.link(resolve, update);
	write(`07-slack-case-buttons${suffix(storage)}.json`, `Post-purchase 7: Slack case buttons${label(storage)}`, b, []);
}

mkdirSync(OUT, { recursive: true });
for (const storage of ['embedded', 'postgres', 'airtable'] as Storage[]) {
	intake(storage);
	processor(storage);
	sweep(storage);
	stuck(storage);
	weekly(storage);
	deadLetter(storage);
	slackActions(storage);
}
console.log('written');
