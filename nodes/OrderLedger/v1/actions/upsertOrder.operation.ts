import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { LedgerError, type LedgerException, type LedgerStore } from '../../../lib/ledger';
import type { ExceptionCase, OrderRecord } from '../../../lib/order/types';
import { CaseListError, casesToRecord, isRecord, type CasesToRecord } from '../../../lib/pipeline';
import { toNodeError } from '../../../shared/errors';
import { readJson, readNow, show, type BatchExecute } from './common';

const op = ['upsertOrder'];

export const description: INodeProperties[] = [
	{
		displayName: 'Order Record',
		name: 'order',
		type: 'json',
		// `record` first, so a template after Reconcile sets nothing; kept `?? $json` rather than `$json.record`
		// alone: n8n saves no parameter left at its default, so a workflow feeding bare records relies on it.
		default: '={{ $json.record ?? $json }}',
		description:
			'The OrderRecord from Order State (Reconcile). It is merged with the stored one, so a stale write never ' +
			'moves an order backwards. An item from Reconcile comes out whole, with the stored record in `record`, ' +
			'ready for Plan Follow-Ups.',
		displayOptions: show(op),
	},
	{
		displayName: 'Record Its Cases',
		name: 'recordCases',
		type: 'boolean',
		// On by default, saved workflows included: the only ones feeding Reconcile items here are copies of the
		// event processor, whose own Open/Close case nodes then find the same cases already there (both calls are
		// idempotent), and it closes their gap: a run that died after saving the order but before "Open case" left
		// a case the record calls open and the ledger never heard of (the next Reconcile does not open it again).
		// Turn it off where a workflow opens only some cases itself, or gives them an owner when it opens them.
		default: true,
		description:
			"Whether to open the cases in an item's `opened` and resolve those in its `resolved` before the order is " +
			'saved, for items from Order State (Reconcile); other items are not affected. Off: open and resolve them ' +
			'with Open Exception and Resolve Exception yourself.',
		displayOptions: show(op),
	},
];

/** All items in one call: Airtable writes 10 per request with performUpsert on the order key. */
export const batched = true;

/** What Upsert Order did with a Reconcile item's cases (case ids), as its output's `cases`. */
interface CasesRecorded {
	/** Opened in the ledger by this write (a resolved case the ledger lacked is opened, then resolved). */
	opened: string[];
	/** In `opened` but already in the ledger (a re-run, or the case was opened elsewhere): left as it is. */
	existing: string[];
	/** Resolved in the ledger, by this write or before (the first resolution is kept). */
	resolved: string[];
	/**
	 * The order's cases with no Slack message yet: open ones (this write's new ones included), and resolved ones the
	 * record still lists among its recent cases. A run that stopped after saving the order (the worker killed), or
	 * whose Slack nodes could not reach Slack, left its cases unposted, and the next Reconcile no longer lists them
	 * in `opened` or `resolved`. Plan Follow-Ups posts these too (a resolved one through Update Exception, which
	 * posts a case never posted, showing it resolved).
	 */
	unposted: ExceptionCase[];
}

interface Prepared {
	record: OrderRecord;
	/** Set for a Reconcile item, which is passed on whole. */
	reconcile?: IDataObject;
	cases?: CasesRecorded;
}

export const execute: BatchExecute = async function (store, indexes) {
	const now = readNow(this, indexes[0] ?? 0);
	const input = this.getInputData();
	const prepared: Array<Prepared | Error> = [];
	// One item after the other: the case writes are single-row calls (Airtable paces them anyway), and an item
	// whose case write fails is left out of the batched upsert below, alone.
	for (const i of indexes) {
		try {
			const record = readJson(this, 'order', i, null) as OrderRecord;
			const json = input[i]?.json;
			if (!isReconcileResult(json)) {
				prepared.push({ record });
				continue;
			}
			const cases = this.getNodeParameter('recordCases', i, true)
				? await recordCases(this, i, store, readCases(this, json, i), now)
				: undefined;
			prepared.push({ record, reconcile: json, cases });
		} catch (error) {
			prepared.push(error as Error);
		}
	}
	await attachUnpostedCases(store, prepared, now);
	const valid = prepared.filter((p): p is Prepared => !(p instanceof Error));
	const results = await store.upsertOrders(
		valid.map((p) => p.record),
		now,
	);
	let next = 0;
	return prepared.map((p) => {
		if (p instanceof Error) return p;
		const res = results[next++];
		if (res instanceof Error) return res;
		const stored = { status: res.status, retries: res.retries, record: res.record as unknown as IDataObject };
		if (!p.reconcile) return [stored];
		return [{ ...p.reconcile, ...stored, ...(p.cases ? { cases: p.cases as unknown as IDataObject } : {}) }];
	});
};

/**
 * Cases first, record last. The record says which cases are open; written first, a run that died before its
 * cases would leave a record naming a case the ledger lacks, and the retry's Reconcile, starting from that
 * record, would no longer list the case in `opened`: it would never be opened. Cases first, a retry finds the
 * cases there (opening and resolving are idempotent: the same id is opened once, a second resolution keeps the
 * first) and writes the record then.
 */
async function recordCases(
	ctx: IExecuteFunctions,
	i: number,
	store: LedgerStore,
	plan: CasesToRecord,
	now: string,
): Promise<CasesRecorded> {
	const done: CasesRecorded = { opened: [], existing: [], resolved: [], unposted: [] };
	const onCase = async <T>(id: string, write: () => Promise<T>): Promise<T> => {
		try {
			return await write();
		} catch (error) {
			// The store's message and hint, the message naming the case (an item may carry several).
			const nodeError = toNodeError(ctx.getNode(), error, i);
			throw new NodeOperationError(ctx.getNode(), `Case ${id}: ${nodeError.message}`, {
				itemIndex: i,
				description: nodeError.description ?? undefined,
			});
		}
	};
	for (const c of plan.open) {
		const res = await onCase(c.id, () => store.openException(c, now));
		(res.status === 'opened' ? done.opened : done.existing).push(c.id);
	}
	for (const c of plan.resolve) {
		const found = await onCase(c.id, () =>
			store.resolveException(c.id, c.resolution, now).then(
				() => true,
				(error: unknown) => (isNotFound(error) ? false : Promise.reject(error)),
			),
		);
		if (!found) {
			const res = await onCase(c.id, () => store.openException(c.asOpened, now));
			if (res.status === 'opened') done.opened.push(c.id);
			await onCase(c.id, () => store.resolveException(c.id, c.resolution, now));
		}
		done.resolved.push(c.id);
	}
	return done;
}

/**
 * One read for the whole batch, after the cases and before the records (cases first): the cases without a Slack
 * message of every order whose cases were recorded, open or among the record's recent ones (an old resolved case
 * nobody was told about stays history). If the read fails, those items fail and their records are not written,
 * so the retry reads again.
 */
async function attachUnpostedCases(store: LedgerStore, prepared: Array<Prepared | Error>, now: string): Promise<void> {
	const withCases = prepared.flatMap((p, at) => (p instanceof Error || !p.cases ? [] : [at]));
	if (withCases.length === 0) return;
	const orderKeys = withCases.map((at) => (prepared[at] as Prepared).record.orderKey);
	try {
		const unposted = await store.listExceptions({
			state: 'all',
			orderKeys,
			withoutMessage: true,
			now,
			limit: Number.MAX_SAFE_INTEGER,
		});
		for (const at of withCases) {
			const p = prepared[at] as Prepared;
			const recent = new Set((p.record.exceptions ?? []).map((c) => c.id));
			p.cases!.unposted = unposted
				.filter((c) => c.orderKey === p.record.orderKey && (!c.resolvedAt || recent.has(c.id)))
				.map(toCase);
		}
	} catch (error) {
		for (const at of withCases) prepared[at] = error as Error;
	}
}

/** The engine's case, as Plan Follow-Ups and Post Exception read it (the ledger's extra fields left out). */
function toCase(c: LedgerException): ExceptionCase {
	return {
		id: c.id,
		orderKey: c.orderKey,
		type: c.type,
		severity: c.severity,
		openedAt: c.openedAt,
		evidence: c.evidence,
		owner: c.owner ?? null,
		ackedAt: c.ackedAt ?? null,
		resolvedAt: c.resolvedAt ?? null,
		resolution: c.resolution ?? null,
	};
}

const isNotFound = (error: unknown) => error instanceof LedgerError && error.code === 'not_found';

function readCases(ctx: IExecuteFunctions, json: IDataObject, i: number): CasesToRecord {
	try {
		return casesToRecord(json);
	} catch (error) {
		const field = error instanceof CaseListError ? error.field : 'opened';
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
			itemIndex: i,
			description:
				`Pass Order State Reconcile's output item unchanged: its "${field}" lists the cases it ` +
				`${field}, each with its id. Or turn off "Record Its Cases" and record them with Open Exception ` +
				'and Resolve Exception.',
		});
	}
}

/**
 * Order State Reconcile's output (a work item's or not): the record and the cases it opened and resolved.
 *
 * Such an item is passed on with the stored record in `record` (its version is the one the next write checks)
 * and `status`/`retries` beside, so Plan Follow-Ups can follow directly and acts on what was saved; a work item
 * keeps its `events` for the Ack at the end. Harmless for a saved workflow: `status`, `retries` and `record`
 * are still there with today's values, only the Reconcile fields are added. Any other item (a bare record,
 * typically) keeps today's output alone: its fields beside `record` would be the unsaved copy of the order.
 */
function isReconcileResult(json: IDataObject | undefined): json is IDataObject {
	return !!json && isRecord(json.record) && Array.isArray(json.opened) && Array.isArray(json.resolved);
}
