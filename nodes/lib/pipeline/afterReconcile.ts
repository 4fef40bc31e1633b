/**
 * What a work item carries on after Order State's Reconcile (issue 14): the result, the work item it was made
 * from, and whether the order goes round the read nodes once more before anything is saved.
 *
 * No crying wolf: Reconcile holds back a stalled-parcel or not-sent case (toConfirm) until a read made after
 * its due time still shows it. The processor's old loop asked again through its own Code nodes; here the item
 * itself says what to read (its `reads` become the re-read plan) and goes back through the same read nodes,
 * whose Read When options read `reads` as on the first pass. Once: the second pass is saved whatever it holds
 * (the case opens on a later run if the vendor could not answer now).
 */
import type { ReconcileResult } from '../order/reconcile';
import { planReread } from './planReread';
import { isRecord } from './workItem';

/** The work item's own fields that ride along on the result (everything the read nodes and Ack/Fail read). */
const CARRIED = ['orderKey', 'events', 'previous', 'observations', 'hints', 'problems', 'reads'] as const;

export interface AfterReconcile {
	/** True: send the item back to the read nodes (its `reads` ask what to re-read), then Reconcile again. */
	reread: boolean;
	/** True on the pass that followed a re-read: it is saved whatever it still holds. */
	rereadDone: boolean;
}

/**
 * The item Reconcile outputs for a work item: the result's fields, the work item's carried fields (so the
 * re-read pass has the stored order and the facts so far, and Plan Follow-Ups, Ack and Fail find the events),
 * and the re-read decision. The read plan is replaced only when the order goes round again.
 */
export function afterReconcile(
	workItem: Record<string, unknown>,
	result: Pick<ReconcileResult, 'record' | 'toConfirm'> & Partial<ReconcileResult>,
): Record<string, unknown> {
	const carried: Record<string, unknown> = {};
	for (const field of CARRIED) if (workItem[field] !== undefined) carried[field] = workItem[field];
	const rereadDone = isRecord(workItem.reads) && workItem.reads.rereading === true;
	const reread = !rereadDone && (result.toConfirm ?? []).length > 0;
	const out: Record<string, unknown> = { ...carried, ...result, reread, rereadDone };
	if (reread) out.reads = rereadReads(result);
	return out;
}

/**
 * The read plan of the re-read pass, in the fields the read nodes' Read When defaults read: never Shopify
 * (nothing held waits on it), the warehouse when a held case names it (or names no source), the carriers
 * (askVendors, Carrier Tracking's default) when a held case names tracking numbers.
 */
function rereadReads(result: Pick<ReconcileResult, 'record' | 'toConfirm'>): Record<string, unknown> {
	const plan = planReread(result);
	return {
		askVendors: plan.trackingNumbers.length > 0,
		askShopify: false,
		askWarehouse: plan.askWarehouse,
		shopifyOrderId: plan.shopifyOrderId,
		orderName: plan.orderName,
		trackingNumbers: plan.trackingNumbers,
		rereading: true,
	};
}
