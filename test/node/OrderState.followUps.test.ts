/**
 * Order State's Plan Follow-Ups through n8n's execution engine (test/helpers/n8n.ts): one output per kind of
 * follow-up (Open Case, Clear Case, Notify Customer, Done), items the downstream nodes read as they read the
 * template's Switch "Route" branches, the events taken from the same item (Reconcile carries them from the
 * work item), and every other operation still with its one output.
 */
import { NodeHelpers, Workflow, type IDataObject, type INode, type INodeExecutionData } from 'n8n-workflow';
import { OrderState } from '../../nodes/OrderState/OrderState.node';
import { defaultPolicy, reconcile, type ReconcileResult } from '../../nodes/lib/order';
import { readOrderRecord } from '../../nodes/lib/connectors/klaviyo/postPurchase';
import { runNode } from '../helpers/n8n';
import { at, obs } from '../unit/order/arbitraries';
import { exceptionCase, NOW, parcel, record } from '../unit/pipeline/fixtures';

const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as IDataObject;
const OUTPUTS = ['Open Case', 'Clear Case', 'Notify Customer', 'Done'];
const [OPEN, CLEAR, NOTIFY, DONE] = [0, 1, 2, 3];

const event = (id: string) => ({ id, key: `k-${id}`, leaseToken: `lease-${id}`, source: 'shopify', topic: null });

/** A Reconcile result item as Plan Follow-Ups receives it: record, opened, resolved and the carried events. */
function decided(fields: IDataObject = {}): INodeExecutionData {
	return {
		json: json({
			record: record(),
			opened: [],
			resolved: [],
			changes: [],
			rejected: [],
			toConfirm: [],
			events: [event('e1')],
			orderKey: '1001',
			...fields,
		}),
	};
}

const plan = (input: INodeExecutionData[], parameters: IDataObject = {}, continueOnFail = false) =>
	runNode({
		nodeType: new OrderState(),
		parameters: { operation: 'planFollowUps', ...parameters },
		input,
		continueOnFail,
	});

/** Each output's items as [action, what the downstream node keys on, paired input item]. */
const summary = (outputs: INodeExecutionData[][]) =>
	outputs.map((items) =>
		items.map((o) => {
			const j = o.json as IDataObject & { case?: { id: string } };
			const key = j.action === 'notify' ? `${j.event} ${j.shipment}` : j.action === 'done' ? j.eventId : j.id;
			return [j.action, key, (o.pairedItem as { item: number }).item];
		}),
	);

describe('Order State node: Plan Follow-Ups outputs', () => {
	const nodeType = new OrderState();
	const outputsFor = (parameters: IDataObject) => {
		const node: INode = {
			id: 'n',
			name: 'Order State',
			type: 'n8n-nodes-post-purchase.orderState',
			typeVersion: 1,
			position: [0, 0],
			parameters: parameters as INode['parameters'],
		};
		const nodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: (_: string, v?: number) => NodeHelpers.getVersionedNodeType(nodeType, v),
			getKnownTypes: () => ({}),
		};
		// The Workflow fills in parameter defaults, as n8n does when it loads a saved workflow.
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const description = nodeType.nodeVersions[1].description;
		return NodeHelpers.getNodeOutputs(workflow, workflow.getNode('Order State')!, description);
	};

	test('n8n computes four named outputs for Plan Follow-Ups, two for Reconcile, one for every other operation', () => {
		expect(outputsFor({ operation: 'planFollowUps' })).toEqual(
			OUTPUTS.map((displayName) => ({ type: 'main', displayName })),
		);
		const reconcileOutputs = [
			{ type: 'main', displayName: 'Decided' },
			{ type: 'main', displayName: 'Read Again First' },
		];
		expect(outputsFor({ operation: 'reconcile' })).toEqual(reconcileOutputs);
		for (const operation of ['timeline', 'evaluateStuck']) expect(outputsFor({ operation })).toEqual(['main']);
		// A saved workflow that never set the operation gets the default (Reconcile); its items (no work items)
		// all take the first output.
		expect(outputsFor({ operation: 'reconcile' })).toHaveLength(2);
	});

	test('Send Customer Messages is off unless turned on, and shown only for Plan Follow-Ups', () => {
		const property = nodeType.nodeVersions[1].description.properties.find((p) => p.name === 'sendCustomerMessages');
		expect(property).toMatchObject({
			type: 'boolean',
			default: false,
			displayOptions: { show: { operation: ['planFollowUps'] } },
		});
	});
});

describe('Order State node: Plan Follow-Ups', () => {
	const stalled = exceptionCase('tracking_stalled');
	const notSent = exceptionCase('not_sent_to_fulfillment');
	// As Reconcile hands it on: the record lists the case it just opened.
	const shipped = record({ shipments: [parcel('1ZA', { shippedAt: NOW })], exceptions: [stalled] });

	test('each follow-up lands on its own output, paired with the order it came from', async () => {
		const { outputs, error } = await plan(
			[
				decided({
					record: shipped,
					opened: [stalled],
					resolved: [notSent],
					events: [event('e1'), event('e2')],
				}),
			],
			{ sendCustomerMessages: true },
		);
		expect(error).toBeUndefined();
		expect(summary(outputs)).toEqual([
			[['open', '1001:tracking_stalled', 0]],
			[['clear', '1001:not_sent_to_fulfillment', 0]],
			[
				['notify', 'order_shipped 1ZA', 0],
				['notify', 'shipment_delayed ', 0],
			],
			[
				['done', 'e1', 0],
				['done', 'e2', 0],
			],
		]);
	});

	test('items as the next nodes read them by default: the case; event, shipment, record; id, leaseToken', async () => {
		const { outputs } = await plan([decided({ record: shipped, opened: [stalled], resolved: [notSent] })], {
			sendCustomerMessages: true,
		});
		// Each item as the next node reads it with its defaults: the case's own fields at the top
		expect(outputs[OPEN][0].json).toEqual(json({ action: 'open', ...stalled }));
		expect(outputs[CLEAR][0].json).toEqual(json({ action: 'clear', ...notSent }));
		const notify = outputs[NOTIFY][0].json;
		expect(notify).toEqual(json({ action: 'notify', event: 'order_shipped', shipment: '1ZA', record: shipped }));
		// Klaviyo's Post-Purchase Event finds the order where the Route's items had it.
		expect(readOrderRecord(notify).orderKey).toBe('1001');
		expect(outputs[DONE][0].json).toEqual({
			action: 'done',
			id: 'e1',
			eventId: 'e1',
			leaseToken: 'lease-e1',
			orderKey: '1001',
			stage: 'shipped',
		});
	});

	test('posts what Upsert Order lists as unposted (a stopped run left them), with what this run opened', async () => {
		const left = exceptionCase('tracking_missing');
		const { outputs, error } = await plan([
			decided({ record: shipped, opened: [stalled], cases: { opened: [stalled.id], unposted: [stalled, left] } }),
		]);
		expect(error).toBeUndefined();
		expect(summary(outputs)[OPEN]).toEqual([
			['open', '1001:tracking_stalled', 0],
			['open', '1001:tracking_missing', 0],
		]);
		const bad = await plan([decided({ record: shipped, cases: { unposted: 'none' } })]);
		expect(bad.error?.message).toBe('Field "cases.unposted" is not a list of cases');
	});

	test('no customer messages unless "Send Customer Messages" is on', async () => {
		const input = [decided({ record: shipped, opened: [stalled] })];
		const off = await plan(input);
		expect(off.outputs.map((items) => items.length)).toEqual([1, 0, 0, 1]);
		const on = await plan(input, { sendCustomerMessages: true });
		expect(on.outputs.map((items) => items.length)).toEqual([1, 0, 2, 1]);
	});

	test("several orders in one run: each output holds every order's follow-ups, paired with its order", async () => {
		const other = { ...shipped, orderKey: '2002', exceptions: [] };
		const { outputs } = await plan(
			[
				decided({ opened: [notSent], events: [event('a1')] }),
				decided({ record: json({ ...record(), stage: 'in_fulfillment' }), events: [event('b1'), event('b2')] }),
				decided({ record: json(other), resolved: [exceptionCase('tracking_stalled', '2002')], events: [event('c1')] }),
			],
			{ sendCustomerMessages: true },
		);
		expect(summary(outputs)).toEqual([
			[['open', '1001:not_sent_to_fulfillment', 0]],
			[['clear', '2002:tracking_stalled', 2]],
			[['notify', 'order_shipped 1ZA', 2]],
			[
				['done', 'a1', 0],
				['done', 'b1', 1],
				['done', 'b2', 1],
				['done', 'c1', 2],
			],
		]);
		expect(outputs[DONE].map((o) => [o.json.orderKey, o.json.stage])).toEqual([
			['1001', 'shipped'],
			['1001', 'in_fulfillment'],
			['1001', 'in_fulfillment'],
			['2002', 'shipped'],
		]);
	});

	test('an order with nothing to do and no events yields nothing on any output', async () => {
		const { outputs, error } = await plan([decided({ events: [] })], { sendCustomerMessages: true });
		expect(error).toBeUndefined();
		expect(outputs.map((items) => items.length)).toEqual([0, 0, 0, 0]);
	});

	test('without continueOnFail a bad item stops the run, naming the field and what to connect', async () => {
		const noEvents = await plan([decided({ events: undefined })]);
		expect(noEvents.error?.message).toBe('Item has no list of events in "events"');
		expect((noEvents.error as unknown as { description: string }).description).toContain(
			"Reconcile's output then carries its events",
		);
		const notAResult = await plan([{ json: { observations: [] } }]);
		expect(notAResult.error?.message).toBe('Item has no order record in "record"');
		expect((notAResult.error as unknown as { description: string }).description).toContain("Reconcile's output");
	});

	test(
		'with continueOnFail, bad orders become paired error items on the first output (never on Done: their ' +
			'events stay unacknowledged) and the good ones are still planned',
		async () => {
			const { outputs, error } = await plan(
				[
					decided({ events: [event('a1')] }),
					decided({ events: undefined }),
					decided({ events: [{ leaseToken: 'x' }] }),
					decided({ opened: 'none' }),
					{ json: { record: { hello: 1 }, events: [] } },
					decided({ events: [event('f1')] }),
				],
				{},
				true,
			);
			expect(error).toBeUndefined();
			expect(outputs[OPEN].map((o) => [o.json.error, o.pairedItem])).toEqual([
				['Item has no list of events in "events"', { item: 1 }],
				['Event 0 in "events" has no id', { item: 2 }],
				['Field "opened" is not a list of cases', { item: 3 }],
				['Item has no order record in "record"', { item: 4 }],
			]);
			expect(outputs[OPEN][0].json.description).toContain('Set "events" to an empty list');
			expect(outputs[CLEAR]).toEqual([]);
			expect(outputs[DONE].map((o) => [o.json.eventId, o.pairedItem])).toEqual([
				['a1', { item: 0 }],
				['f1', { item: 5 }],
			]);
		},
	);
});

describe("Order State node: Reconcile carries the work item's events to Plan Follow-Ups", () => {
	const orderObs = obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
		name: '#1001',
		createdAt: at(0),
		financialStatus: 'PAID',
		fulfillmentStatus: 'UNFULFILLED',
	});
	const reconcileAt = (input: INodeExecutionData[]) =>
		runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile', now: at(10), confirmBeforeOpening: false },
			input,
		});

	test("a work item's events and orderKey ride on the result; Plan Follow-Ups acknowledges exactly those", async () => {
		const events = [event('e1'), event('e2')];
		const workItem = { orderKey: '1001', events, previous: null, observations: [orderObs], hints: {}, problems: [] };
		const reconciled = await reconcileAt([{ json: json(workItem) }]);
		expect(reconciled.outputs).toHaveLength(2);
		expect(reconciled.outputs[1]).toEqual([]);
		const result = reconciled.outputs[0][0].json;
		// The work item's own fields first (the re-read pass needs previous and observations), then the result,
		// then whether the order goes round the read nodes again (nothing held here).
		expect(Object.keys(result)).toEqual([
			'orderKey',
			'events',
			'previous',
			'observations',
			'hints',
			'problems',
			'record',
			'opened',
			'resolved',
			'changes',
			'rejected',
			'toConfirm',
			'reread',
			'rereadDone',
		]);
		expect(result).toMatchObject({ events: json(events), orderKey: '1001', reread: false });

		const { outputs } = await plan([{ json: result }]);
		expect(summary(outputs)).toEqual([
			[['open', (result.opened as Array<{ id: string }>)[0].id, 0]],
			[],
			[],
			[
				['done', 'e1', 0],
				['done', 'e2', 0],
			],
		]);
	});

	test('a work item Claim Batch could not make whole fails by its own reason, with its events', async () => {
		const events = [event('e1')];
		const broken = { orderKey: '', events, observations: [], problems: ['x'], error: 'Event 0 names no order: no key' };
		const { outputs } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile', now: at(10) },
			input: [{ json: json(broken) }],
			onError: 'continueErrorOutput',
		});
		expect(outputs[0]).toEqual([]);
		expect(outputs[1]).toEqual([]);
		expect(outputs[2][0].json).toMatchObject({ events: json(events), error: 'Event 0 names no order: no key' });
	});

	test("any other item's result is exactly what it was: the library's result, nothing added", async () => {
		// Today's template feeds { orderKey, previous, observations }: no events, so no orderKey is added either.
		const item = { orderKey: '1001', previous: null, observations: [orderObs] };
		const { outputs } = await reconcileAt([{ json: json(item) }]);
		const expected = reconcile(null, [orderObs], { ...defaultPolicy(), confirmBeforeOpening: false }, at(10));
		expect(JSON.stringify(outputs[0][0].json)).toBe(JSON.stringify(expected satisfies ReconcileResult));
	});
});
