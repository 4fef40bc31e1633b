/**
 * The event processor's Code nodes, frozen here as the reference the pipeline functions (nodes/lib/pipeline) that
 * replaced them are compared with (equivalence.test.ts). Taken from workflows/02-event-processor.json at commit
 * 6d61e55 (2026-12-06; the -postgres and -airtable variants held the same Code nodes), before issue 14 rebuilt the
 * processor templates without Code nodes: once the templates no longer carry them, this copy is the only record
 * of what the workflow did, so this text must not change. While a template still has a Code node of one of these
 * names, equivalence.test.ts checks it equals its copy here.
 */
import { join } from 'node:path';

/** The processor templates the Code nodes shipped in (the same Code nodes in each, while they still hold them). */
export const PROCESSOR_WORKFLOWS = ['', '-postgres', '-airtable'].map((variant) =>
	join(__dirname, '..', '..', '..', 'workflows', `02-event-processor${variant}.json`),
);

/** The processor's Code nodes' jsCode by node name, as shipped at commit 6d61e55. */
export const PROCESSOR_CODE_NODES: Readonly<Record<string, string>> = {
	'Group by order':
		'// Several events often arrive for one order (created, paid, fulfilled...). Look the order up\n' +
		'// once for all of them: one item per order, carrying every claimed event id (each is' +
		' acknowledged at\n' +
		'// the end).\n' +
		'const groups = new Map();\n' +
		'for (const item of $input.all()) {\n' +
		'  const event = item.json;\n' +
		'  const payload = event.payload ?? {};\n' +
		'  const observations = Array.isArray(payload.observations)\n' +
		'    ? payload.observations\n' +
		'    : payload.observation ? [payload.observation] : [];\n' +
		'  const orderKey = String(event.orderKey || payload.orderKey || observations[0]?.orderKey' +
		" || '');\n" +
		'  // An event that names no order stays on its own, so it fails (and is retried) alone.\n' +
		"  const groupKey = orderKey || 'no-order:' + event.id;\n" +
		'  if (!groups.has(groupKey))\n' +
		'    groups.set(groupKey, { orderKey, events: [], observations: [], problems: [],' +
		' warehouseInHand: false });\n' +
		'  const group = groups.get(groupKey);\n' +
		'  group.events.push({ id: event.id, leaseToken: event.leaseToken, key: event.key });\n' +
		'  // The sweep just read this order from the warehouse: no need to ask it again, one order' +
		' at a time\n' +
		'  // (ShipStation allows 40 calls a minute; the sweep reads 500 orders a call).\n' +
		"  if (event.topic === 'sweep' && ['3pl', 'shipstation'].includes(event.source))" +
		' group.warehouseInHand = true;\n' +
		'  // A Shopify webhook carries the whole order (fulfillments and tracking included): no' +
		' need to read it\n' +
		"  // again. The sweep's list snapshot is lighter, so an order seen only there is still" +
		' read in full.\n' +
		"  if (event.source === 'shopify' && event.topic !== 'sweep' && observations.length > 0)" +
		' group.shopifyInHand = true;\n' +
		'  // Our own "customer was told" notes change nothing at Shopify, the warehouse or the' +
		' carrier.\n' +
		"  group.notificationsOnly = (group.notificationsOnly ?? true) && event.source === 'klaviyo';\n" +
		'  group.observations.push(...observations);\n' +
		'  if (!orderKey)\n' +
		'    group.problems.push(\n' +
		"      'Event ' + event.key + ' names no order' + (payload.normaliseError ? ': ' +" +
		" payload.normaliseError : '')\n" +
		'    );\n' +
		'}\n' +
		'return [...groups.values()].map((json) => ({ json }));',
	'Read event':
		"// The order's claimed events, and the facts (observations) they carry.\n" +
		'const group = $input.first().json;\n' +
		'if (!group.orderKey) {\n' +
		'  // Nothing to reconcile without an order number: record why, so it shows in Dead-letter' +
		' review.\n' +
		"  throw new Error(group.problems.join('; '));\n" +
		'}\n' +
		'return [{ json: {\n' +
		'  orderKey: group.orderKey,\n' +
		'  events: group.events,\n' +
		'  observations: group.observations,\n' +
		'  warehouseInHand: group.warehouseInHand,\n' +
		'  shopifyInHand: group.shopifyInHand === true,\n' +
		'  notificationsOnly: group.notificationsOnly === true\n' +
		'} }];',
	'Decide what to ask':
		'// Whom to ask about this order. Our own "customer was told" notes need nobody. Shopify is' +
		' not read\n' +
		"// again when a webhook with the whole order came with these events, once the order's" +
		' fulfillment orders\n' +
		'// are known: a webhook carries the order as REST has it, without them (which location' +
		' ships what), so an\n' +
		'// order routed to two locations is read in full once. The warehouse is not asked again\n' +
		'// when its view came with these events or was read in the last warehouseFreshMinutes: the' +
		' sweep reads\n' +
		"// whole pages at once, while one order at a time spends ShipStation's 40 calls a minute.\n" +
		"const event = $('Read event').first().json;\n" +
		"const record = $('Stored order').first().json.record ?? null;\n" +
		"const freshMinutes = Number($('Store settings').first().json.warehouseFreshMinutes ?? 0);\n" +
		"const warehouses = ['shipstation', 'shipbob', 'shiphero', 'shipmonk', 'extensiv'];\n" +
		'const since = Date.now() - freshMinutes * 60000;\n' +
		'const heardLately = (sources) => (record?.facts ?? []).some(\n' +
		'  (f) => sources.includes(f.source) && f.lastReceivedAt && Date.parse(f.lastReceivedAt) >=' +
		' since\n' +
		');\n' +
		'const askVendors = !event.notificationsOnly;\n' +
		'// Every key the warehouses may file the order under: store integrations use the Shopify' +
		' order id\n' +
		'// (ShipBob reference_id), others the number or the name. A miss counts only when all were' +
		' tried.\n' +
		"const shopifyFact = event.observations.find((o) => o.source === 'shopify' && o.kind ===" +
		" 'order');\n" +
		'const knowsFulfillmentOrders =\n' +
		"  (record?.facts ?? []).some((f) => f.source === 'shopify' && f.kind ===" +
		" 'fulfillment_order') ||\n" +
		"  event.observations.some((o) => o.source === 'shopify' && o.kind === 'fulfillment_order');\n" +
		'return [{ json: {\n' +
		'  orderKey: event.orderKey,\n' +
		'  askVendors,\n' +
		'  askShopify: askVendors && (!event.shopifyInHand || !knowsFulfillmentOrders),\n' +
		'  askWarehouse: askVendors && !event.warehouseInHand && !heardLately(warehouses),\n' +
		'  shopifyOrderId: record?.shopifyId ?? shopifyFact?.data?.shopifyId ??' +
		" shopifyFact?.sourceId ?? '',\n" +
		"  orderName: record?.name ?? shopifyFact?.data?.name ?? '',\n" +
		'} }];',
	'Parcels to track':
		'// Every tracking number we know for this order: from Shopify, the warehouse and the stored\n' +
		'// record.\n' +
		'const numbers = new Set();\n' +
		"const add = (n) => { if (typeof n === 'string' && n.trim()) numbers.add(n.trim()); };\n" +
		'const observationsOf = (name) => {\n' +
		'  try { return $(name).all().flatMap((i) => i.json.observations ?? []); } catch { return []; }\n' +
		'};\n' +
		"const asked = $('Decide what to ask').first().json;\n" +
		'// The warehouse nodes did not run for this order when its warehouse view came with the' +
		' events: their\n' +
		"// output would be an earlier order's.\n" +
		"const warehouse = !$('Decide what to ask').first().json.askWarehouse\n" +
		'  ? []\n' +
		"  : ['Warehouse status (3PL)', 'Warehouse status (ShipStation)', 'Warehouse labels" +
		" (ShipStation)'];\n" +
		'for (const o of [\n' +
		"  ...$('Read event').first().json.observations,\n" +
		"  ...(asked.askShopify ? observationsOf('Shopify order') : []),\n" +
		'  ...warehouse.flatMap(observationsOf)\n' +
		']) add(o.data?.trackingNumber);\n' +
		"for (const s of $('Stored order').first().json.record?.shipments ?? [])\n" +
		"  if (!['delivered', 'returned_to_sender'].includes(s.trackingStatus)) add(s.trackingNumber);\n" +
		"return [{ json: { orderKey: $('Read event').first().json.orderKey, trackingNumbers:" +
		" [...numbers].join(',') } }];",
	'Gather facts':
		'// One item for Order State: the stored record plus every fact we just collected\n' +
		'// (duplicates are harmless).\n' +
		'const itemsOf = (name) => { try { return $(name).all(); } catch { return []; } };\n' +
		"const event = $('Read event').first().json;\n" +
		'const observations = [...event.observations];\n' +
		'// A node that did not run for this order (skipped by an IF) still holds an earlier' +
		" order's output:\n" +
		'// read only the nodes that ran this time.\n' +
		"const asked = $('Decide what to ask').first().json;\n" +
		'const askedVendors = asked.askVendors;\n' +
		"if (asked.askShopify) for (const item of itemsOf('Shopify order'))" +
		' observations.push(...(item.json.observations ?? []));\n' +
		'for (const name of !asked.askWarehouse\n' +
		'  ? []\n' +
		"  : ['Warehouse status (3PL)', 'Warehouse status (ShipStation)', 'Warehouse labels" +
		" (ShipStation)']) {\n" +
		'  for (const item of itemsOf(name)) {\n' +
		'    const error = item.json.error;\n' +
		'    // An order the warehouse has not received yet is a fact (not_sent_to_fulfillment),' +
		' not a failure.\n' +
		'    if (error && !/not found|404|has no order/i.test(JSON.stringify(error)))\n' +
		"      throw new Error(name + ': ' + (error.message ?? error));\n" +
		'    observations.push(...(item.json.observations ?? []));\n' +
		'  }\n' +
		'}\n' +
		"if (askedVendors && $('Parcels to track').first().json.trackingNumbers !== '') {\n" +
		"  for (const item of itemsOf('Track parcels')) if (item.json.observation)" +
		' observations.push(item.json.observation);\n' +
		'}\n' +
		'return [{\n' +
		"  json: { orderKey: event.orderKey, previous: $('Stored order').first().json.record ??" +
		' null, observations }\n' +
		'}];',
	'What to re-read':
		'// No crying wolf: Order State held back a stalled-parcel or not-sent case (toConfirm)\n' +
		'// until a read made after its due time still shows it. Re-read exactly what it names,' +
		' once: the carriers\n' +
		'// by tracking number, the warehouses by every key of the order (a miss counts only when' +
		' every key was tried).\n' +
		"const result = $('Order State').first().json;\n" +
		"const carriers = ['ups', 'fedex', 'usps', 'dhl'];\n" +
		'const numbers = new Set();\n' +
		'let askWarehouse = false;\n' +
		'for (const held of result.toConfirm ?? []) {\n' +
		'  const sources = held.sources ?? [];\n' +
		'  const byCarrier = sources.some((s) => carriers.includes(s));\n' +
		'  if (byCarrier) for (const key of held.keys ?? []) numbers.add(key);\n' +
		'  // No source named: every warehouse the store uses.\n' +
		'  if (!byCarrier || sources.some((s) => !carriers.includes(s))) askWarehouse = true;\n' +
		'}\n' +
		'const record = result.record;\n' +
		'return [{ json: {\n' +
		'  orderKey: record.orderKey,\n' +
		"  trackingNumbers: [...numbers].join(','),\n" +
		'  askWarehouse,\n' +
		"  shopifyOrderId: record.shopifyId ?? '',\n" +
		"  orderName: record.name ?? ''\n" +
		'} }];',
	'Gather re-read facts':
		'// The facts of the first pass plus what the re-read just said; Order State decides again\n' +
		'// with them.\n' +
		'const itemsOf = (name) => { try { return $(name).all(); } catch { return []; } };\n' +
		"const first = $('Gather facts').first().json;\n" +
		"const plan = $('What to re-read').first().json;\n" +
		'const observations = [...first.observations];\n' +
		"// A node skipped for this order still holds an earlier order's output: read only those" +
		' that ran now.\n' +
		'if (plan.askWarehouse) {\n' +
		"  for (const name of ['Re-read warehouse (3PL)', 'Re-read warehouse (ShipStation)']) {\n" +
		'    for (const item of itemsOf(name)) observations.push(...(item.json.observations ?? []));\n' +
		'  }\n' +
		'}\n' +
		"if (plan.trackingNumbers !== '') {\n" +
		"  for (const item of itemsOf('Re-track parcels')) if (item.json.observation)" +
		' observations.push(item.json.observation);\n' +
		'}\n' +
		'return [{ json: { orderKey: first.orderKey, previous: first.previous, observations,' +
		' reread: true } }];',
	'Plan follow-ups':
		'// What must happen now: open new cases, close cleared ones, tell the customer, then mark' +
		' the event done.\n' +
		"const result = $('Order State').first().json;\n" +
		'const record = result.record;\n' +
		"const event = $('Read event').first().json;\n" +
		'const out = [];\n' +
		"for (const c of result.opened ?? []) out.push({ action: 'open', case: c });\n" +
		"for (const c of result.resolved ?? []) out.push({ action: 'clear', case: c });\n" +
		'// Customer messages: every milestone a parcel reached (shipped, delivered) that the' +
		' customer has not\n' +
		"// heard about yet, each once (the record lists what was sent, per parcel; Klaviyo's" +
		' unique_id makes a\n' +
		'// repeat harmless anyway). Delays and delivery problems are told when their case opens.\n' +
		"if ($('Store settings').first().json.sendKlaviyoEvents && record.stage !== 'cancelled') {\n" +
		'  const told = (event, s) => (record.notifications ?? []).some(\n' +
		'    (n) => n.event === event && (!n.shipmentKey || n.shipmentKey === s.key ||' +
		' n.shipmentKey === s.trackingNumber)\n' +
		'  );\n' +
		'  for (const s of record.shipments ?? []) {\n' +
		'    if (s.voided) continue;\n' +
		"    if (s.shippedAt && !told('order_shipped', s))\n" +
		"      out.push({ action: 'notify', event: 'order_shipped', shipment: s.key, record });\n" +
		"    if (s.deliveredAt && !told('order_delivered', s))\n" +
		"      out.push({ action: 'notify', event: 'order_delivered', shipment: s.key, record });\n" +
		'  }\n' +
		'  for (const c of result.opened ?? []) {\n' +
		"    if (c.type === 'delivery_late' || c.type === 'tracking_stalled')\n" +
		"      out.push({ action: 'notify', event: 'shipment_delayed', shipment: '', record });\n" +
		"    if (c.type === 'delivery_failed' || c.type === 'returned_to_sender')\n" +
		"      out.push({ action: 'notify', event: 'delivery_exception', shipment: '', record });\n" +
		'  }\n' +
		'}\n' +
		'for (const e of event.events)\n' +
		"  out.push({ action: 'done', eventId: e.id, leaseToken: e.leaseToken, orderKey:" +
		' record.orderKey, stage: record.stage });\n' +
		'return out.map((json) => ({ json }));',
	'Events of the failed order':
		'// The step that failed failed for every event of this order: record the error on each of' +
		' them.\n' +
		'const error = $input.first().json.error;\n' +
		"const message = (typeof error === 'string' ? error : error?.message) || 'processing failed';\n" +
		"return $('One order at a time').first().json.events.map((e) => ({\n" +
		'  json: { eventId: e.id, leaseToken: e.leaseToken, error: message }\n' +
		'}));',
};
