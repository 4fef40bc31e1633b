/**
 * What to read again before a held case may open (the processor's "What to re-read" Code node). No crying
 * wolf: Order State holds back a stalled-parcel or not-sent case (toConfirm) until a read made after its due
 * time still shows it. Re-read exactly what it names, once: the carriers by tracking number, the warehouses
 * by every key of the order (a miss counts only when every key was tried).
 */
import type { ReconcileResult } from '../order/reconcile';

/** The carriers the processor's carrier tracking re-reads; any other source named is taken for a warehouse. */
const CARRIERS = ['ups', 'fedex', 'usps', 'dhl'];

export interface RereadPlan {
	orderKey: string;
	/** Each once, as Order State named them (the Code node joined them with ','). */
	trackingNumbers: string[];
	askWarehouse: boolean;
	/** The keys a warehouse may file the order under ('' when not known). */
	shopifyOrderId: string;
	orderName: string;
}

export function planReread(result: Pick<ReconcileResult, 'record' | 'toConfirm'>): RereadPlan {
	const numbers = new Set<string>();
	let askWarehouse = false;
	for (const held of result.toConfirm ?? []) {
		const sources = held.sources ?? [];
		const byCarrier = sources.some((s) => CARRIERS.includes(s));
		if (byCarrier) for (const key of held.keys ?? []) numbers.add(key);
		// No source named: every warehouse the store uses.
		if (!byCarrier || sources.some((s) => !CARRIERS.includes(s))) askWarehouse = true;
	}
	const { record } = result;
	return {
		orderKey: record.orderKey,
		trackingNumbers: [...numbers],
		askWarehouse,
		shopifyOrderId: record.shopifyId ?? '',
		orderName: record.name ?? '',
	};
}
