/**
 * The reconciliation sweep's Code nodes as the templates shipped them before issue 14 (scripts/generate-templates.ts
 * TO_EVENTS and IN_TRANSIT, workflows/03-reconciliation-sweep.json), frozen here as the reference the pipeline
 * functions that replace them are compared with: the templates no longer carry them, and a ledger filled by the
 * old template must still recognise an unchanged snapshot, so this text must not change.
 */
import { join } from 'node:path';

import { codeNodesOf } from './codeNodes';

/** The template the Code nodes shipped in, while it still holds them (checked against the copies below). */
export const SWEEP_WORKFLOW = join(__dirname, '..', '..', '..', 'workflows', '03-reconciliation-sweep.json');

/** The sweep's four questions, each with the source its snapshots were stored under. */
export const SNAPSHOT_NODES = {
	'Shopify snapshots': 'shopify',
	'3PL snapshots': '3pl',
	'ShipStation snapshots': 'shipstation',
	'Carrier snapshots': 'carrier',
} as const;

/** "<Source> snapshots" (TO_EVENTS(source)). */
export const snapshotsCode = (source: string): string =>
	'// One ledger event per order snapshot. The key is made from the facts themselves, so a snapshot\n' +
	'// that did not change since the last sweep is recognised as a duplicate and not processed again.\n' +
	'const hash = (text) => {\n' +
	'  let h = 2166136261;\n' +
	'  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }\n' +
	'  return (h >>> 0).toString(16);\n' +
	'};\n' +
	'const out = [];\n' +
	'for (const item of $input.all()) {\n' +
	'  const observations = item.json.observations ?? (item.json.observation ? [item.json.observation] : []);\n' +
	'  const orderKey = item.json.orderKey ?? observations[0]?.orderKey;\n' +
	'  if (!orderKey || observations.length === 0) continue; // nothing new to say about an order\n' +
	"  const facts = observations.map((o) => o.key + '@' + (o.occurredAt ?? '')).sort().join('|');\n" +
	'  out.push({ json: {\n' +
	`    key: 'sweep:${source}:' + orderKey + ':' + hash(facts),\n` +
	`    source: '${source}',\n` +
	"    kind: 'sweep',\n" +
	'    orderKey: String(orderKey),\n' +
	'    observations\n' +
	'  } });\n' +
	'}\n' +
	'return out;';

/** "Parcels still moving" (IN_TRANSIT). */
export const PARCELS_STILL_MOVING =
	'// Tracking numbers of every parcel still on its way, with the order they belong to.\n' +
	'const out = [];\n' +
	'for (const item of $input.all()) {\n' +
	'  const record = item.json.record ?? item.json;\n' +
	'  for (const s of record.shipments ?? []) {\n' +
	"    if (s.trackingNumber && !['delivered', 'returned_to_sender'].includes(s.trackingStatus))\n" +
	'      out.push({\n' +
	"        json: { orderKey: record.orderKey, trackingNumber: s.trackingNumber, trackingCompany: s.carrier ?? '' }\n" +
	'      });\n' +
	'  }\n' +
	'}\n' +
	'return out;';

/** The sweep template's Code nodes by name, while it still has them (none once the templates are rebuilt). */
export function shippedSweepCode(): Record<string, string> {
	return Object.fromEntries(codeNodesOf(SWEEP_WORKFLOW).map((n) => [n.name, n.parameters.jsCode ?? '']));
}
