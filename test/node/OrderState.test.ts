/**
 * The Order State node through n8n's execution engine (test/helpers/n8n.ts): parameters, expressions,
 * pairedItem, continueOnFail and errors as n8n really handles them.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { OrderState } from '../../nodes/OrderState/OrderState.node';
import { defaultPolicy } from '../../nodes/lib/order';
import type { ExceptionCase, OrderRecord, ReconcileResult } from '../../nodes/lib/order';
import { runNode } from '../helpers/n8n';
import { at, obs } from '../unit/order/arbitraries';

const orderObs = obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
	name: '#1001',
	createdAt: at(0),
	financialStatus: 'PAID',
	fulfillmentStatus: 'UNFULFILLED',
});
const whObs = obs('shipstation', 'fulfillment', 'ss-1', 1, { status: 'processing', rawStatus: 'awaiting_shipment' });
const shipObs = obs('shipstation', 'shipment', 'sh-1', 5, {
	shipmentId: 'sh-1',
	trackingNumber: '1Z1',
	carrier: 'UPS',
	shippedAt: at(5),
});
const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as IDataObject;

describe('Order State node: Reconcile', () => {
	test('one output per item, paired, with record, opened, resolved, changes and rejected', async () => {
		const { outputs, error } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile', now: at(10), confirmBeforeOpening: false },
			input: [
				{
					json: json({
						previous: null,
						observations: [orderObs, { ...whObs, occurredAt: 'last tuesday', key: 'bad' }],
					}),
				},
				{ json: json({ observations: [orderObs, whObs, shipObs] }) },
			],
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const [first, second] = outputs[0].map((o) => o.json as unknown as ReconcileResult);
		expect(first.record.stage).toBe('awaiting_fulfillment');
		expect(first.opened.map((c) => c.type)).toEqual(['not_sent_to_fulfillment']);
		expect(first.rejected).toEqual([
			{ index: 1, key: 'bad', errors: [expect.stringMatching(/^occurredAt: unparseable time last tuesday/)] },
		]);
		expect(second.record.stage).toBe('shipped');
		// ShipStation shipped at at(5) while Shopify still says UNFULFILLED: status_mismatch after 60 minutes too.
		expect(second.record.openExceptionTypes).toEqual(['notification_late', 'status_mismatch', 'tracking_missing']);
		expect(second.changes.find((c) => c.field === 'stage')).toEqual({ field: 'stage', from: null, to: 'shipped' });
	});

	test('feeding the stored record back resolves what the new facts cleared', async () => {
		const first = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile', now: at(10), confirmBeforeOpening: false },
			input: [{ json: json({ observations: [orderObs] }) }],
		});
		const stored = (first.outputs[0][0].json as unknown as ReconcileResult).record;
		const { outputs } = await runNode({
			nodeType: new OrderState(),
			parameters: {
				operation: 'reconcile',
				now: at(11),
				previousField: 'stored',
				observationsField: 'facts.batch',
				confirmBeforeOpening: false,
			},
			input: [{ json: json({ stored, facts: { batch: [whObs] } }) }],
		});
		const r = outputs[0][0].json as unknown as ReconcileResult;
		expect(r.resolved.map((c: ExceptionCase) => [c.type, c.resolution])).toEqual([
			['not_sent_to_fulfillment', 'cleared'],
		]);
		expect(r.record.stage).toBe('in_fulfillment');
	});

	test('"Now" accepts an expression, and an empty "Now" uses the real clock', async () => {
		const viaExpression = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile', now: '={{ $json.asOf }}' },
			input: [{ json: json({ asOf: at(3), observations: [orderObs] }) }],
		});
		expect((viaExpression.outputs[0][0].json as unknown as ReconcileResult).record.updatedAt).toBe(at(3));
		const before = Date.now();
		const realClock = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile' },
			input: [{ json: json({ observations: [orderObs] }) }],
		});
		const updatedAt = Date.parse((realClock.outputs[0][0].json as unknown as ReconcileResult).record.updatedAt);
		expect(updatedAt).toBeGreaterThanOrEqual(before);
		expect(updatedAt).toBeLessThanOrEqual(Date.now());
	});

	test('policy parameters on the canvas change the verdict', async () => {
		const run = (thresholds: IDataObject, holidays = '') =>
			runNode({
				nodeType: new OrderState(),
				parameters: { operation: 'reconcile', now: at(5), thresholds, holidays, confirmBeforeOpening: false },
				input: [{ json: json({ observations: [orderObs] }) }],
			});
		const strict = await run({ notSentToFulfillmentHours: 4 });
		expect((strict.outputs[0][0].json as unknown as ReconcileResult).record.openExceptionTypes).toEqual([
			'not_sent_to_fulfillment',
		]);
		const lenient = await run({ notSentToFulfillmentHours: 8 });
		expect((lenient.outputs[0][0].json as unknown as ReconcileResult).record.openExceptionTypes).toEqual([]);
		// Monday 2 March declared a holiday: no business hour has passed yet.
		const holiday = await run({ notSentToFulfillmentHours: 4 }, '2026-03-02');
		expect((holiday.outputs[0][0].json as unknown as ReconcileResult).record.openExceptionTypes).toEqual([]);
	});

	test('a bad policy stops the node with the field named and what to write', async () => {
		const { error } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile', timeZone: 'Mars/Olympus' },
			input: [{ json: json({ observations: [orderObs] }) }],
		});
		expect(error?.message).toContain('timeZone: "Mars/Olympus" is not a time zone');
		expect((error as unknown as { description?: string }).description).toContain(
			'Fix these policy parameters on the node',
		);
	});

	test('without continueOnFail a bad item fails the run with an actionable description', async () => {
		const { error, outputs } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile' },
			input: [{ json: { observations: 'not a list' } }],
		});
		expect(outputs).toEqual([]);
		expect(error?.message).toBe('Field "observations" is not a list');
		expect((error as unknown as { description?: string }).description).toContain('use an Aggregate node');
	});

	test('with continueOnFail, bad items become paired error items and the good ones still run', async () => {
		const { error, outputs } = await runNode({
			nodeType: new OrderState(),
			continueOnFail: true,
			parameters: { operation: 'reconcile', now: at(2) },
			input: [
				{ json: json({ observations: [orderObs] }) },
				{ json: { observations: 'not a list' } },
				{ json: json({ observations: [{ source: 'nowhere' }] }) },
				{ json: json({ previous: { hello: 1 }, observations: [] }) },
			],
		});
		expect(error).toBeUndefined();
		const items = outputs[0];
		expect(items.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect((items[0].json as unknown as ReconcileResult).record.orderKey).toBe('1001');
		expect(items[1].json.error).toBe('Field "observations" is not a list');
		expect(items[2].json.error).toMatch(/every observation was rejected/);
		expect(items[2].json.description).toContain('observation 0: source: unknown source nowhere');
		expect(items[3].json.error).toBe('Field "previous" is not an order record');
	});
});

describe('Order State node: no crying wolf (issue 12)', () => {
	const lookup = (h: number, found: boolean) =>
		obs('shipbob', 'lookup', 'order-1001', h, {
			subject: 'order' as const,
			keys: ['reference_id:5012345678901', 'order_number:1001'],
			found,
		});

	test(
		'by default a not-sent order is listed in toConfirm with the keys to ask by, and opens once a later lookup ' +
			'confirms it',
		async () => {
			const order = obs('shopify', 'order', 'gid://shopify/Order/5012345678901', 0, {
				name: '#1001',
				shopifyId: 'gid://shopify/Order/5012345678901',
				createdAt: at(0),
				financialStatus: 'PAID',
				fulfillmentStatus: 'UNFULFILLED',
			});
			const held = await runNode({
				nodeType: new OrderState(),
				parameters: { operation: 'reconcile', now: at(5) },
				input: [{ json: json({ observations: [order, lookup(1, false)] }) }],
			});
			const r = held.outputs[0][0].json as unknown as ReconcileResult;
			expect(r.opened).toEqual([]);
			// Due at at(4) (4 business hours from payment); the lookup at at(1) is older than that.
			expect(r.toConfirm).toEqual([
				{
					type: 'not_sent_to_fulfillment',
					orderKey: '1001',
					dueAt: at(4),
					sources: ['shipbob'],
					keys: ['1001', '#1001', '5012345678901'],
				},
			]);
			const confirmed = await runNode({
				nodeType: new OrderState(),
				parameters: { operation: 'reconcile', now: at(5) },
				input: [{ json: json({ previous: r.record, observations: [lookup(4.5, false)] }) }],
			});
			const c = confirmed.outputs[0][0].json as unknown as ReconcileResult;
			expect(c.opened.map((x) => x.type)).toEqual(['not_sent_to_fulfillment']);
			expect(c.toConfirm).toEqual([]);
		},
	);

	test('Evaluate Stuck carries toConfirm on the order item', async () => {
		const stored = (
			await runNode({
				nodeType: new OrderState(),
				parameters: { operation: 'reconcile', now: at(1) },
				input: [{ json: json({ observations: [orderObs] }) }],
			})
		).outputs[0][0].json as unknown as ReconcileResult;
		const { outputs } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'evaluateStuck', now: at(30) },
			input: [{ json: json({ record: stored.record }) }],
		});
		expect(outputs[0][0].json).toMatchObject({
			orderKey: '1001',
			open: [],
			toConfirm: [{ type: 'not_sent_to_fulfillment', orderKey: '1001', dueAt: at(4) }],
		});
	});
});

describe('Order State node: Timeline and Evaluate Stuck', () => {
	test('Timeline returns readable entries and text per item', async () => {
		const { outputs } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'timeline', recordField: '' },
			input: [{ json: json({ observations: [shipObs, orderObs, whObs] }) }],
		});
		const out = outputs[0][0];
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(out.json.orderKey).toBe('1001');
		expect(String(out.json.text).split('\n')).toEqual([
			`${at(0)}  Shopify: order #1001 PAID, UNFULFILLED`,
			`${at(1)}  ShipStation: warehouse status processing ("awaiting_shipment")`,
			`${at(5)}  ShipStation: shipped UPS 1Z1`,
		]);
	});

	test('Evaluate Stuck re-judges stored records at "Now": one item per open exception', async () => {
		const stored = (
			await runNode({
				nodeType: new OrderState(),
				parameters: { operation: 'reconcile', now: at(1) },
				input: [{ json: json({ observations: [orderObs] }) }],
			})
		).outputs[0][0].json as unknown as ReconcileResult;
		expect(stored.record.openExceptionTypes).toEqual([]);
		const healthy = { ...stored.record, orderKey: '2002' } as OrderRecord;
		const { outputs } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'evaluateStuck', now: at(30), output: 'perException', confirmBeforeOpening: false },
			input: [{ json: json({ record: stored.record }) }, { json: json(healthy) }],
		});
		expect(
			outputs[0].map((o) => [o.json.orderKey, (o.json.exception as IDataObject).type, o.json.isNew, o.pairedItem]),
		).toEqual([
			['1001', 'not_sent_to_fulfillment', true, { item: 0 }],
			['2002', 'not_sent_to_fulfillment', true, { item: 1 }],
		]);
		const perOrder = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'evaluateStuck', now: at(2) },
			input: [{ json: json({ record: stored.record }) }],
		});
		expect(perOrder.outputs[0][0].json).toMatchObject({
			orderKey: '1001',
			stage: 'awaiting_fulfillment',
			open: [],
			opened: [],
		});
	});

	test('Evaluate Stuck names what is missing when an item is not a record', async () => {
		const { error } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'evaluateStuck' },
			input: [{ json: { foo: 1 } }],
		});
		expect(error?.message).toBe('Item has no order record in "record"');
	});
});

describe('Order State node: description', () => {
	const description = new OrderState().nodeVersions[1].description;

	test('usable by an AI agent, named as the package expects', () => {
		expect(description.name).toBe('orderState');
		expect(description.displayName).toBe('Order State');
		expect(description.usableAsTool).toBe(true);
	});

	test('canvas defaults are the engine defaults (they are literal for the linter)', () => {
		const byName = new Map<string, INodeProperties>(description.properties.map((p) => [p.name, p]));
		const d = defaultPolicy();
		expect(byName.get('timeZone')?.default).toBe(d.timeZone);
		expect(byName.get('businessDays')?.default).toEqual(d.businessDays);
		expect(byName.get('businessHoursStart')?.default).toBe(d.businessHours.start);
		expect(byName.get('businessHoursEnd')?.default).toBe(d.businessHours.end);
		const thresholds = new Map(
			(byName.get('thresholds')?.options as INodeProperties[]).map((o) => [o.name, o.default]),
		);
		expect(thresholds.get('notSentToFulfillmentHours')).toBe(d.thresholds.notSentToFulfillmentHours);
		expect(thresholds.get('fulfillmentStuckHours')).toBe(d.thresholds.fulfillmentStuckHours);
		expect(thresholds.get('trackingStalledHours')).toBe(d.thresholds.trackingStalledHours);
		expect(thresholds.get('notificationLateHours')).toBe(d.thresholds.notificationLateHours);
		expect(thresholds.get('statusMismatchGraceMinutes')).toBe(d.graceMinutes.statusMismatch);
		expect(thresholds.get('trackingMissingGraceMinutes')).toBe(d.graceMinutes.trackingMissing);
		expect(thresholds.get('deliveryLateGraceMinutes')).toBe(d.graceMinutes.deliveryLate);
		expect(thresholds.get('editCutoffMinutes')).toBe(d.editCutoffMinutes);
		expect(JSON.parse(String(thresholds.get('carrierStallHours')))).toEqual(d.carrierStallHours);
		const events = new Map(
			(byName.get('notificationEvents')?.options as INodeProperties[]).map((o) => [o.name, o.default]),
		);
		expect(events.get('shipped')).toBe((d.notificationEvents.shipped ?? []).join(', '));
		expect(events.get('delivered')).toBe((d.notificationEvents.delivered ?? []).join(', '));
		expect(byName.get('fulfillmentClockStart')?.default).toBe(d.fulfillmentClockStart);
		expect(byName.get('lateAgainst')?.default).toBe(d.lateAgainst);
		expect(byName.get('confirmBeforeOpening')?.default).toBe(d.confirmBeforeOpening);
		// Empty means "the store time zone", which is what defaultPolicy() puts there.
		expect(byName.get('warehouseTimeZone')?.default).toBe('');
		expect(d.warehouseTimeZone).toBe(d.timeZone);
	});
});
