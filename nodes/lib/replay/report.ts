/** The replay's printed report: per instant, per order, the stage, the cases and the timeline. */
import type { ReplayResult } from './run';

export interface ReportOptions {
	/** Print each order's timeline (default true); entries up to the snapshot's instant only. */
	timeline?: boolean;
	/** Print every read the product made and where its answer came from. */
	reads?: boolean;
}

export function formatReplay(result: ReplayResult, options: ReportOptions = {}): string {
	const lines: string[] = [];
	const c = result.capture;
	lines.push(
		`capture: ${c.entries} entries (${c.pushes} pushes, ${c.reads} vendor reads, ${c.auth} token exchanges) ` +
			`recorded by ${c.creator}`,
	);
	for (const u of result.unplaced) lines.push(`  entry ${u.index} at ${u.at} NOT PLAYED: ${u.why}`);
	lines.push('');
	lines.push('pushes delivered to the triggers:');
	if (!result.deliveries.length) lines.push('  (none)');
	for (const d of result.deliveries) {
		const verified =
			d.verified === null ? 'signature not checked' : d.verified ? 'signature valid' : 'signature INVALID';
		const orders = [...new Set(d.observations.map((o) => o.orderKey || '(parcel)'))].join(', ') || 'nothing stored';
		lines.push(
			`  ${d.at}  entry ${d.index}  ${d.vendor} ${d.topic}: ${d.status} (${verified}) -> ` +
				`${orders}${d.problem ? `  [${d.problem}]` : ''}`,
		);
	}
	for (const u of result.unlinkedPushes)
		lines.push(`  carrier push in entry ${u.index} for ${u.trackingNumber}: no order has this parcel`);
	for (const r of result.rejected)
		lines.push(`  order ${r.orderKey} at ${r.at}: the engine refused observations: ${r.errors.join('; ')}`);
	for (const p of result.readProblems)
		lines.push(`  order ${p.orderKey} at ${p.at}: reading ${p.source} failed: ${p.problem}`);
	if (options.reads) {
		lines.push('');
		lines.push('reads the product made:');
		for (const r of result.reads) {
			const from = r.from.length ? `entries ${r.from.join(', ')}` : 'nothing recorded: empty page / not found';
			lines.push(`  ${r.at}  ${r.method} ${r.url.slice(0, 110)} -> ${r.status} (${from})`);
		}
	}
	for (const snapshot of result.snapshots) {
		lines.push('');
		lines.push(`=== at ${snapshot.at} ===`);
		if (!snapshot.orders.length) lines.push('  no order known yet');
		for (const o of snapshot.orders) {
			const shopify = [o.shopifyStatus.financial, o.shopifyStatus.fulfillment].filter(Boolean).join(' / ');
			lines.push(`order ${o.orderKey}: stage ${o.stage}${shopify ? `   (Shopify: ${shopify})` : ''}`);
			lines.push(`  open: ${o.open.length ? '' : 'none'}`);
			for (const k of o.open)
				lines.push(`    ${k.type} since ${k.openedAt}${k.summary ? `: ${k.summary.slice(0, 160)}` : ''}`);
			if (o.toConfirm.length) lines.push(`  held back until a fresh read confirms it: ${o.toConfirm.join(', ')}`);
			if (o.resolved.length) {
				lines.push('  resolved:');
				for (const k of o.resolved)
					lines.push(`    ${k.type} ${k.openedAt} -> ${k.resolvedAt} (${k.resolution ?? 'cleared'})`);
			}
			if (options.timeline !== false) {
				lines.push('  timeline:');
				for (const t of o.timeline.filter((e) => e.at <= snapshot.at)) lines.push(`    ${t.at}  ${t.summary}`);
			}
		}
	}
	// Cases that opened and then cleared with nobody touching them: where an ops channel would have been
	// alarmed for nothing if the problem was never real (compare with what you know of the order).
	const selfCleared = [...result.cases.entries()].flatMap(([key, cases]) =>
		cases.filter((c) => c.resolvedAt && !c.ackedAt && !c.owner).map((c) => ({ key, c })),
	);
	lines.push('');
	lines.push(`cases that opened and cleared by themselves: ${selfCleared.length}`);
	for (const { key, c } of selfCleared) lines.push(`  order ${key}: ${c.type} ${c.openedAt} -> ${c.resolvedAt}`);
	return `${lines.join('\n')}\n`;
}
