/**
 * The ledger writes a Reconcile item asks for besides its record (issue 14): open the cases it opened, resolve
 * the cases it resolved. Order Ledger's Upsert Order does them itself, so the processor needs no separate
 * "Open case" / "Close cleared case" ledger nodes. Pure: the node makes the calls.
 */
import type { OpenExceptionInput } from '../ledger/types';
import type { ExceptionType, Severity } from '../order/types';
import { isRecord } from './workItem';

export interface CaseToResolve {
	id: string;
	/** The case's own resolution ('cleared', or 'duplicate of <id>' when two writers raced); 'cleared' if none. */
	resolution: string;
	/**
	 * The case as Open Exception would open it. Used only when the ledger never had it (a record saved before
	 * its cases were recorded, or a workflow that skipped them): opened then resolved, so the ledger's history
	 * matches the record instead of the item failing on a case it cannot find.
	 */
	asOpened: OpenExceptionInput;
}

export interface CasesToRecord {
	open: OpenExceptionInput[];
	resolve: CaseToResolve[];
}

/** A case list of the item that is not one: names the field and the entry, never the value. */
export class CaseListError extends Error {
	constructor(
		readonly field: 'opened' | 'resolved',
		message: string,
	) {
		super(message);
		this.name = 'CaseListError';
	}
}

/**
 * What to record for a Reconcile item (`record`, `opened`, `resolved`): every case of `opened` to open, every
 * case of `resolved` to resolve, in list order. Each case is mapped as Open Exception maps an item's fields
 * (id, orderKey, type, severity, openedAt, evidence); a case without an order key takes the record's. Type and
 * severity are checked by the store (the same check as Open Exception), only the lists' shape here.
 */
export function casesToRecord(item: Record<string, unknown>): CasesToRecord {
	const orderKey = isRecord(item.record) && typeof item.record.orderKey === 'string' ? item.record.orderKey : '';
	const open = caseList(item, 'opened').map((c) => asOpenInput(c, orderKey));
	const resolve = caseList(item, 'resolved').map((c) => {
		const asOpened = asOpenInput(c, orderKey);
		const resolution = typeof c.resolution === 'string' && c.resolution.trim() !== '' ? c.resolution : 'cleared';
		return { id: asOpened.id, resolution, asOpened };
	});
	return { open, resolve };
}

function caseList(item: Record<string, unknown>, field: 'opened' | 'resolved'): Array<Record<string, unknown>> {
	const list = item[field] ?? [];
	if (!Array.isArray(list)) throw new CaseListError(field, `"${field}" is not a list of cases`);
	return list.map((c: unknown, n) => {
		if (!isRecord(c)) throw new CaseListError(field, `"${field}" entry ${n + 1} is not a case`);
		if (typeof c.id !== 'string' || c.id.trim() === '')
			throw new CaseListError(field, `"${field}" entry ${n + 1} has no id`);
		return c;
	});
}

function asOpenInput(c: Record<string, unknown>, recordOrderKey: string): OpenExceptionInput {
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
	return {
		id: c.id as string,
		orderKey: text(c.orderKey) ?? recordOrderKey,
		type: c.type as ExceptionType,
		severity: c.severity as Severity,
		openedAt: text(c.openedAt),
		evidence: isRecord(c.evidence) ? c.evidence : {},
		owner: text(c.owner),
	};
}
