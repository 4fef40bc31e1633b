/**
 * Upsert Order records a Reconcile item's cases (issue 14, "Record Its Cases", on by default): through n8n's
 * engine on the embedded ledger, Claim Batch -> Reconcile -> Upsert Order -> Plan Follow-Ups -> Exception Alerts
 * Post Exception with no "Open case" / "Close cleared case" ledger node in between; a re-run changes nothing; the
 * option off leaves the cases alone; a failing case fails its item only and keeps its record unwritten.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SlackPostPurchaseApi } from '../../credentials/SlackPostPurchaseApi.credentials';
import { ExceptionAlerts } from '../../nodes/ExceptionAlerts/ExceptionAlerts.node';
import { closeIdleEmbedded } from '../../nodes/lib/ledger/sql/pgliteDriver';
import { defaultPolicy, reconcile, type ExceptionCase } from '../../nodes/lib/order';
import { OrderLedger } from '../../nodes/OrderLedger/OrderLedger.node';
import { OrderState } from '../../nodes/OrderState/OrderState.node';
import { runNode } from '../helpers/n8n';
import { at, placed, shipped } from '../integration/ledger/fixtures';
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { createSlackSim, type SlackSim } from '../sandbox/vendors/slack';

jest.setTimeout(180_000);

const NOW = at(50);
const later = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const dir = mkdtempSync(join(tmpdir(), 'pp-ledger-upsert-cases-'));
afterAll(async () => {
	await closeIdleEmbedded();
	rmSync(dir, { recursive: true, force: true });
});

const asInput = (items: INodeExecutionData[]) => items.map((i) => ({ json: i.json }));
const ledger = (
	parameters: Record<string, unknown>,
	input?: INodeExecutionData[],
	{ now = NOW, continueOnFail = false } = {},
) =>
	runNode({
		nodeType: new OrderLedger(),
		parameters: { backend: 'embedded', dataDirectory: dir, now, ...parameters },
		input,
		continueOnFail,
	});
const orderState = (parameters: IDataObject, items: INodeExecutionData[]) =>
	runNode({ nodeType: new OrderState(), parameters, input: asInput(items) });

/** Every case of an order in the ledger: id -> resolution ('' while open) and resolvedAt. */
async function casesOf(orderKey: string) {
	const res = await ledger({ operation: 'listExceptions', caseState: 'all', caseLimit: 100 });
	expect(res.error).toBeUndefined();
	return Object.fromEntries(
		res.outputs[0]
			.map((i) => i.json)
			.filter((c) => c.orderKey === orderKey)
			.map((c) => [c.id, { resolution: c.resolution ?? '', resolvedAt: c.resolvedAt ?? null }]),
	);
}

/** An order stored with its not-sent case open in the record and in the ledger (the state before this run). */
async function storeNotSent(orderKey: string) {
	const first = reconcile(null, [placed(orderKey, 0)], { ...defaultPolicy(), confirmBeforeOpening: false }, NOW);
	const notSent = first.opened.find((c) => c.type === 'not_sent_to_fulfillment') as ExceptionCase;
	expect(notSent).toBeDefined();
	const saved = await ledger({ operation: 'upsertOrder' }, [
		{ json: { record: first.record, opened: first.opened, resolved: [] } as unknown as IDataObject },
	]);
	expect(saved.error).toBeUndefined();
	// Just opened, so not posted yet: also listed as unposted, the ledger's own copy of the case.
	expect(saved.outputs[0][0].json.cases).toEqual({
		opened: [notSent.id],
		existing: [],
		resolved: [],
		unposted: [{ ...notSent, ackedAt: null, owner: null, resolution: null, resolvedAt: null }],
	});
	return notSent;
}

/** Claim Batch ("One Item per Order") and Reconcile, every parameter at its default. */
async function claimAndReconcile(deliveries: Array<{ key: string; orderKey: string; observations: unknown[] }>) {
	await ledger(
		{ operation: 'appendEvent' },
		deliveries.map((d) => ({ json: { ...d, source: 'shipstation', kind: 'SHIP_NOTIFY' } as IDataObject })),
	);
	const claimed = await ledger({ operation: 'claimBatch', claimOutput: 'order', batchSize: 50, worker: 'cases' });
	expect(claimed.error).toBeUndefined();
	const reconciled = await orderState({ operation: 'reconcile', now: NOW }, claimed.outputs[0]);
	expect(reconciled.error).toBeUndefined();
	return reconciled.outputs[0];
}

describe('Upsert Order "Record Its Cases" (default on): the processor chain without case nodes', () => {
	let sandbox: RunningSandbox;
	let sim: SlackSim;
	beforeAll(async () => {
		sim = createSlackSim();
		sandbox = await startSandbox([sim]);
	});
	afterAll(() => sandbox.close());

	/** Exception Alerts Post Exception on the sandbox's Slack, each item as Plan Follow-Ups' Open Case gives it. */
	const postCases = (items: INodeExecutionData[]) =>
		runNode({
			nodeType: new ExceptionAlerts(),
			parameters: {
				operation: 'postException',
				backend: 'embedded',
				dataDirectory: dir,
				defaultChannel: { __rl: true, mode: 'id', value: 'C0EXCEPTIONS' },
			},
			credentials: {
				slackPostPurchaseApi: {
					mode: 'botToken',
					botToken: 'xoxb-sandbox-token',
					baseUrl: `${sandbox.baseUrl('slack')}/api`,
				},
			},
			credentialTypes: [new SlackPostPurchaseApi()],
			input: asInput(items),
		});

	let notSent: ExceptionCase;
	let reconciled: INodeExecutionData[];
	let saved: INodeExecutionData[];

	it('opens the cases Reconcile opened and resolves the one it cleared, before the record is saved', async () => {
		notSent = await storeNotSent('1031');
		// The warehouse shipped it, Shopify does not know yet: not-sent clears, new cases open.
		reconciled = await claimAndReconcile([{ key: 'rc-1', orderKey: '1031', observations: [shipped('1031', 2)] }]);
		const decided = reconciled[0].json as { opened: ExceptionCase[]; resolved: ExceptionCase[] };
		const openedIds = decided.opened.map((c) => c.id);
		expect(openedIds.length).toBeGreaterThan(0);
		expect(decided.resolved.map((c) => c.id)).toEqual([notSent.id]);

		const res = await ledger({ operation: 'upsertOrder' }, asInput(reconciled));
		expect(res.error).toBeUndefined();
		saved = res.outputs[0];
		expect(saved[0].json).toMatchObject({
			status: 'updated',
			cases: { opened: openedIds, existing: [], resolved: [notSent.id] },
		});
		expect(saved[0].pairedItem).toEqual({ item: 0 });

		const stored = await casesOf('1031');
		expect(stored).toEqual({
			...Object.fromEntries(openedIds.map((id) => [id, { resolution: '', resolvedAt: null }])),
			[notSent.id]: { resolution: 'cleared', resolvedAt: NOW },
		});
	});

	it("Plan Follow-Ups' Open Case items go straight to Post Exception (Exception Alerts): cases are in", async () => {
		const planned = await orderState({ operation: 'planFollowUps' }, saved);
		expect(planned.error).toBeUndefined();
		const [open, clear] = planned.outputs;
		expect(clear.map((i) => i.json.id)).toEqual([notSent.id]);
		const posted = await postCases(open);
		expect(posted.error).toBeUndefined();
		expect(posted.outputs[0].map((i) => [i.json.caseId, i.json.action])).toEqual(
			open.map((i) => [i.json.id, 'posted']),
		);
		expect(sim.messagesIn('C0EXCEPTIONS')).toHaveLength(open.length);
	});

	it('a re-run of the same items (a retry) changes nothing: the cases are reported as already there', async () => {
		const before = await casesOf('1031');
		const again = await ledger({ operation: 'upsertOrder' }, asInput(reconciled), { now: later(10) });
		expect(again.error).toBeUndefined();
		const { opened } = saved[0].json.cases as { opened: string[] };
		expect(again.outputs[0][0].json.cases).toMatchObject({ opened: [], existing: opened, resolved: [notSent.id] });
		// The cleared case was never posted (no Update Exception ran here): still listed, to be posted as resolved.
		expect((again.outputs[0][0].json.cases as { unposted: ExceptionCase[] }).unposted).toEqual([
			expect.objectContaining({ id: notSent.id, resolution: 'cleared', resolvedAt: NOW }),
		]);
		// The first resolution and its time are kept.
		expect(await casesOf('1031')).toEqual(before);
	});

	it("a run that stopped after saving its order: the next run's Plan Follow-Ups posts the case it left", async () => {
		// Saved with its case, then the run stopped before Post Exception (Slack down, the worker killed).
		const left = await storeNotSent('1033');
		// The next event of the order changes nothing about the case: Reconcile, from the saved record, opens nothing.
		const next = await claimAndReconcile([{ key: 'rc-left', orderKey: '1033', observations: [placed('1033', 0)] }]);
		expect((next[0].json as { opened: unknown[] }).opened).toEqual([]);
		const res = await ledger({ operation: 'upsertOrder' }, asInput(next), { now: later(1) });
		expect(res.error).toBeUndefined();
		const planned = await orderState({ operation: 'planFollowUps' }, res.outputs[0]);
		expect(planned.error).toBeUndefined();
		expect(planned.outputs[0].map((i) => [i.json.action, i.json.id])).toEqual([['open', left.id]]);
		// Posted, it is no longer listed.
		const posted = await postCases(planned.outputs[0]);
		expect(posted.outputs[0].map((i) => i.json.action)).toEqual(['posted']);
		const after = await ledger({ operation: 'upsertOrder' }, asInput(next), { now: later(2) });
		expect((after.outputs[0][0].json.cases as { unposted: unknown[] }).unposted).toEqual([]);
	});
});

describe('Upsert Order "Record Its Cases": off, a case the ledger lacks, a case that fails', () => {
	it("off: the record is saved, the ledger's cases are left alone and the item has no `cases`", async () => {
		const notSent = await storeNotSent('1041');
		const reconciled = await claimAndReconcile([
			{ key: 'rc-off', orderKey: '1041', observations: [shipped('1041', 2)] },
		]);
		const res = await ledger({ operation: 'upsertOrder', recordCases: false }, asInput(reconciled));
		expect(res.error).toBeUndefined();
		expect(res.outputs[0][0].json).toMatchObject({ status: 'updated' });
		expect(res.outputs[0][0].json).not.toHaveProperty('cases');
		expect(await casesOf('1041')).toEqual({ [notSent.id]: { resolution: '', resolvedAt: null } });
	});

	it('a resolved case the ledger never had is opened, then resolved, so its history matches the record', async () => {
		const first = reconcile(null, [placed('1051', 0)], { ...defaultPolicy(), confirmBeforeOpening: false }, NOW);
		// Saved as a bare record: its case is in the record, not in the ledger (a workflow that skipped it).
		await ledger({ operation: 'upsertOrder' }, [{ json: first.record as unknown as IDataObject }]);
		const notSent = first.opened.find((c) => c.type === 'not_sent_to_fulfillment') as ExceptionCase;
		expect(await casesOf('1051')).toEqual({});

		const reconciled = await claimAndReconcile([
			{ key: 'rc-lack', orderKey: '1051', observations: [shipped('1051', 2)] },
		]);
		const res = await ledger({ operation: 'upsertOrder' }, asInput(reconciled));
		expect(res.error).toBeUndefined();
		const cases = res.outputs[0][0].json.cases as { opened: string[]; resolved: string[] };
		expect(cases.opened).toContain(notSent.id);
		expect(cases.resolved).toEqual([notSent.id]);
		expect((await casesOf('1051'))[notSent.id]).toEqual({ resolution: 'cleared', resolvedAt: NOW });
	});

	it('a case the ledger refuses fails its item alone, naming the case; that record is not written', async () => {
		const good = reconcile(null, [placed('1061', 0)], { ...defaultPolicy(), confirmBeforeOpening: false }, NOW);
		const bad = reconcile(null, [placed('1062', 0)], { ...defaultPolicy(), confirmBeforeOpening: false }, NOW);
		const badCase = { ...bad.opened[0], type: 'no_such_type' };
		const res = await ledger(
			{ operation: 'upsertOrder' },
			[
				{ json: { record: bad.record, opened: [badCase], resolved: [] } as unknown as IDataObject },
				{ json: { record: good.record, opened: good.opened, resolved: [] } as unknown as IDataObject },
				{ json: { record: bad.record, opened: [null], resolved: [] } as unknown as IDataObject },
			],
			{ continueOnFail: true },
		);
		expect(res.error).toBeUndefined();
		const [failed, ok, notAList] = res.outputs[0];
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect(failed.json.error).toMatch(new RegExp(`^Case ${badCase.id}: exception.type: must be one of`));
		expect(ok.json).toMatchObject({ status: 'created', cases: { opened: good.opened.map((c) => c.id) } });
		expect(notAList.json.error).toBe('"opened" entry 1 is not a case');
		const got = await ledger({ operation: 'getOrder', lookupOrderKey: '1062' }, undefined, { continueOnFail: true });
		expect(got.outputs[0][0]?.json.record ?? null).toBeNull();
		expect(await casesOf('1062')).toEqual({});

		const stopped = await ledger({ operation: 'upsertOrder' }, [
			{ json: { record: bad.record, opened: [null], resolved: [] } as unknown as IDataObject },
		]);
		expect(stopped.error?.description).toMatch(
			/"opened" lists the cases it opened, each with its id.*Record Its Cases/,
		);
	});
});
