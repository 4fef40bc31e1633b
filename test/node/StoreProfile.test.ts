/**
 * The Store Profile credential (issue 14) through n8n's execution engine: Order State and Exception Alerts
 * with "Settings From" = Store Profile read the store's settings from it, and judge and route exactly as the
 * same settings typed on the node do; without it (the default) nothing changes; its Test refuses what cannot
 * be used, naming the field.
 */
import { Client } from 'pg';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialDescription,
	INodeExecutionData,
} from 'n8n-workflow';
import { PostPurchaseStoreProfileApi } from '../../credentials/PostPurchaseStoreProfileApi.credentials';
import { SlackPostPurchaseApi } from '../../credentials/SlackPostPurchaseApi.credentials';
import { ExceptionAlerts } from '../../nodes/ExceptionAlerts/ExceptionAlerts.node';
import { OrderState } from '../../nodes/OrderState/OrderState.node';
import { openLedger, type LedgerStore } from '../../nodes/lib/ledger';
import { holidaysFor } from '../../nodes/lib/order/holidays';
import type { ReconcileResult } from '../../nodes/lib/order';
import { runNode } from '../helpers/n8n';
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { createSlackSim, type SlackSim } from '../sandbox/vendors/slack';
import { addCases } from '../unit/slack/fixtures';
import { BASE_MS, obs } from '../unit/order/arbitraries';

const PROFILE = 'postPurchaseStoreProfileApi';
const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as IDataObject;
const hoursTo = (iso: string) => (Date.parse(iso) - BASE_MS) / 3_600_000;

/**
 * An order the warehouse got on Wednesday 25 November 2026 at 10:00 in New York, judged on Friday 27th at 16:00:
 * 7 business hours on Wednesday, Thanksgiving off, 7 on Friday = 14, under the 15-hour limit below. Without
 * Thanksgiving it would be 22, and stuck: the holiday library decides the outcome.
 */
const placed = obs('shopify', 'order', 'gid://shopify/Order/1001', hoursTo('2026-11-25T14:00:00Z'), {
	name: '#1001',
	createdAt: '2026-11-25T14:00:00.000Z',
	financialStatus: 'PAID',
	fulfillmentStatus: 'UNFULFILLED',
});
const atWarehouse = obs('shipstation', 'fulfillment', 'ss-1', hoursTo('2026-11-25T15:00:00Z'), {
	status: 'processing',
	rawStatus: 'awaiting_shipment',
});
const NOW = '2026-11-27T21:00:00.000Z';

const profileData = (over: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject => ({
	storeName: 'Acme Outdoor',
	shopDomain: 'acme-outdoor.myshopify.com',
	timeZone: 'America/New_York',
	warehouseTimeZone: 'America/Chicago',
	// n8n's type for credential data has no number lists; the multiOptions field stores its numbers as they are.
	businessDays: [1, 2, 3, 4, 5] as unknown as string[],
	businessHoursStart: '09:00',
	businessHoursEnd: '17:00',
	holidayCountry: 'US',
	holidayRegion: 'NY',
	holidays: '2026-12-24',
	carrierStallHours: '{"ups": 30}',
	deliveryLateGraceMinutes: 15,
	editCutoffMinutes: 45,
	fulfillmentStuckHours: 15,
	notSentToFulfillmentHours: 3,
	notificationLateHours: 2,
	statusMismatchGraceMinutes: 60,
	trackingMissingGraceMinutes: 120,
	trackingStalledHours: 24,
	fulfillmentClockStart: 'warehouse_received',
	lateAgainst: 'first_promise',
	confirmBeforeOpening: true,
	slackChannelDefault: '#order-exceptions',
	slackChannelShippingDelays: '#shipping-delays',
	slackChannelWarehouse: '#warehouse',
	slackChannelCustomerCare: '#customer-care',
	slackReportChannel: '#weekly-reports',
	sendCustomerMessages: true,
	...over,
});

/** The same store settings typed on Order State, public holidays typed out as the library gives them. */
const sameAsParameters = {
	settingsSource: 'parameters',
	timeZone: 'America/New_York',
	warehouseTimeZone: 'America/Chicago',
	businessDays: [1, 2, 3, 4, 5],
	businessHoursStart: '09:00',
	businessHoursEnd: '17:00',
	holidays: [...holidaysFor({ country: 'US', region: 'NY' }, 2025, 2027), '2026-12-24'].join(', '),
	thresholds: {
		carrierStallHours: '{"ups": 30}',
		deliveryLateGraceMinutes: 15,
		editCutoffMinutes: 45,
		fulfillmentStuckHours: 15,
		notSentToFulfillmentHours: 3,
	},
	fulfillmentClockStart: 'warehouse_received',
	lateAgainst: 'first_promise',
	confirmBeforeOpening: true,
};

const orderState = (parameters: IDataObject, input: INodeExecutionData[], profile?: ICredentialDataDecryptedObject) =>
	runNode({
		nodeType: new OrderState(),
		parameters: { now: NOW, ...parameters },
		input,
		credentials: profile ? { [PROFILE]: profile } : undefined,
		credentialTypes: [new PostPurchaseStoreProfileApi()],
	});

describe('Order State with a Store Profile', () => {
	const input = () => [{ json: json({ observations: [placed, atWarehouse] }) }];

	test('Reconcile judges an order the same from the profile as from the same settings typed on the node', async () => {
		const fromProfile = await orderState({ operation: 'reconcile', settingsSource: 'profile' }, input(), profileData());
		const fromParameters = await orderState({ operation: 'reconcile', ...sameAsParameters }, input());
		expect(fromProfile.error).toBeUndefined();
		expect(fromParameters.error).toBeUndefined();
		const a = fromProfile.outputs[0][0].json as unknown as ReconcileResult;
		expect(a.record.openExceptionTypes).toEqual([]);
		expect(fromProfile.outputs[0][0].json).toEqual(fromParameters.outputs[0][0].json);
		// Without Thanksgiving the same order is stuck: the holidays really came from the profile's country.
		const noHolidays = await orderState({ operation: 'reconcile', ...sameAsParameters, holidays: '' }, input());
		expect((noHolidays.outputs[0][0].json as unknown as ReconcileResult).record.openExceptionTypes).toEqual([
			'fulfillment_stuck',
		]);
	});

	test('Evaluate Stuck too, and the profile thresholds are the ones used', async () => {
		const stored = (await orderState({ operation: 'reconcile' }, input())).outputs[0][0]
			.json as unknown as ReconcileResult;
		const later = '2026-11-30T19:00:00.000Z'; // Monday 14:00: 7 (Wed) + 8 (Fri) + 5 (Mon) = 20 business hours
		const evaluate = (parameters: IDataObject, profile?: ICredentialDataDecryptedObject) =>
			orderState(
				{ operation: 'evaluateStuck', now: later, ...parameters },
				[{ json: json({ record: stored.record }) }],
				profile,
			);
		const fromProfile = await evaluate({ settingsSource: 'profile' }, profileData());
		const fromParameters = await evaluate(sameAsParameters);
		expect(fromProfile.outputs[0][0].json).toEqual(fromParameters.outputs[0][0].json);
		expect((fromProfile.outputs[0][0].json.open as IDataObject[]).map((c) => c.type)).toEqual(['fulfillment_stuck']);
		// A profile allowing 21 hours: not stuck yet.
		const lenient = await evaluate({ settingsSource: 'profile' }, profileData({ fulfillmentStuckHours: 21 }));
		expect(lenient.outputs[0][0].json.open).toEqual([]);
	});

	test("Plan Follow-Ups takes Send Customer Messages from the profile, not the node's switch", async () => {
		const reconciled = (
			await orderState({ operation: 'reconcile' }, [
				{
					json: json({
						events: [],
						observations: [
							placed,
							atWarehouse,
							obs('shipstation', 'shipment', 'sh-1', hoursTo('2026-11-25T20:00:00Z'), {
								shipmentId: 'sh-1',
								trackingNumber: '1Z1',
								carrier: 'UPS',
								shippedAt: '2026-11-25T20:00:00.000Z',
							}),
						],
					}),
				},
			])
		).outputs[0][0].json;
		const plan = async (parameters: IDataObject, profile?: ICredentialDataDecryptedObject) =>
			(await orderState({ operation: 'planFollowUps', ...parameters }, [{ json: reconciled }], profile)).outputs[2];
		expect(await plan({ sendCustomerMessages: false })).toEqual([]);
		expect((await plan({ settingsSource: 'profile', sendCustomerMessages: false }, profileData())).length).toBe(1);
		expect(await plan({ settingsSource: 'profile' }, profileData({ sendCustomerMessages: false }))).toEqual([]);
	});

	test('without "Settings From" (saved workflows) the node parameters are used, not the profile', async () => {
		const saved = await orderState({ operation: 'reconcile', holidays: '' }, input(), profileData());
		const explicit = await orderState({ operation: 'reconcile', settingsSource: 'parameters', holidays: '' }, input());
		expect(saved.outputs[0][0].json).toEqual(explicit.outputs[0][0].json);
		// The default 16 hours and no holidays: 22 business hours, stuck, whatever the profile says.
		expect((saved.outputs[0][0].json as unknown as ReconcileResult).record.openExceptionTypes).toEqual([
			'fulfillment_stuck',
		]);
	});

	test('a profile that cannot be used stops the run naming the credential field', async () => {
		const { error } = await orderState(
			{ operation: 'reconcile', settingsSource: 'profile' },
			input(),
			profileData({ timeZone: 'Eastern Time', holidayRegion: 'Nowhere' }),
		);
		expect(error?.message).toBe('The Store Profile is not usable');
		expect(String((error as { description?: string }).description)).toMatch(/holidayRegion: "NOWHERE"/);
		const tz = await orderState(
			{ operation: 'reconcile', settingsSource: 'profile' },
			input(),
			profileData({ timeZone: 'Eastern Time' }),
		);
		expect(String((tz.error as { description?: string }).description)).toMatch(
			/Store Profile credential: timeZone: "Eastern Time" is not a time zone/,
		);
	});

	test('Store Profile chosen but no credential selected: an error that says what to choose', async () => {
		const { error } = await orderState({ operation: 'reconcile', settingsSource: 'profile' }, input());
		expect(error?.message).toBe('No Store Profile credential is selected');
		expect(String((error as { description?: string }).description)).toContain("This Node's Parameters");
	});
});

describe('the Store Profile credential', () => {
	const nodes = {
		'Order State': new OrderState().nodeVersions[1],
		'Exception Alerts': new ExceptionAlerts().nodeVersions[1],
	};

	test.each(Object.keys(nodes))(
		'%s: offers the profile only with Settings From = Store Profile, tested by its own method',
		(name) => {
			const node = nodes[name as keyof typeof nodes];
			const slot = node.description.credentials?.find((c) => c.name === PROFILE) as INodeCredentialDescription;
			expect(slot).toMatchObject({ required: true, displayOptions: { show: { settingsSource: ['profile'] } } });
			const setting = node.description.properties.find((p) => p.name === 'settingsSource');
			expect(setting).toMatchObject({ type: 'options', default: 'parameters' });
			expect(setting?.options).toEqual([
				expect.objectContaining({ name: 'Store Profile', value: 'profile' }),
				expect.objectContaining({ name: "This Node's Parameters", value: 'parameters' }),
			]);
			expect(typeof node.methods?.credentialTest?.[slot.testedBy as string]).toBe('function');
		},
	);

	const test_ = (data: ICredentialDataDecryptedObject) => {
		const slot = nodes['Order State'].description.credentials?.find((c) => c.name === PROFILE);
		const method = nodes['Order State'].methods?.credentialTest?.[slot?.testedBy as string];
		return method!.call(
			{} as ICredentialTestFunctions,
			{
				id: '1',
				name: 'Acme',
				type: PROFILE,
				data,
			} as ICredentialsDecrypted,
		);
	};

	test('Test accepts a usable profile and refuses a bad time zone, naming the field', async () => {
		expect(await test_(profileData())).toEqual({ status: 'OK', message: expect.stringContaining('complete') });
		const bad = await test_(profileData({ timeZone: 'Eastern Time' }));
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/^timeZone: "Eastern Time" is not a time zone \(use an IANA name/);
	});

	test('Test lists every problem: hours, thresholds, holiday country', async () => {
		const bad = await test_(
			profileData({
				businessHoursEnd: '5pm',
				fulfillmentStuckHours: -3,
				holidayCountry: 'ZZ',
				slackChannelDefault: '',
			}),
		);
		expect(bad.status).toBe('Error');
		for (const field of ['holidayCountry', 'businessHoursEnd', 'fulfillmentStuckHours', 'slackChannelDefault'])
			expect(bad.message).toContain(`${field}:`);
	});
});

describe('Exception Alerts with a Store Profile', () => {
	const SCHEMA = `profile_node_${process.pid}_${Date.now()}`;
	const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: '', ssl: 'disable' };
	let sandbox: RunningSandbox;
	let sim: SlackSim;
	let ledger: LedgerStore;
	let seq = 100;

	beforeAll(async () => {
		ledger = await openLedger({ backend: 'postgres', connection: { ...PG, ssl: false, schema: SCHEMA } });
	});
	afterAll(async () => {
		await ledger.close();
		const pg = new Client({ ...PG, ssl: false });
		await pg.connect();
		await pg.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
		await pg.end();
	});
	beforeEach(async () => {
		sim = createSlackSim({
			channels: [
				{ id: 'C0EXCEPTIONS', name: 'order-exceptions' },
				{ id: 'C0SHIPPING1', name: 'shipping-delays' },
				{ id: 'C0WAREHOUSE', name: 'warehouse' },
				{ id: 'C0CUSTCARE1', name: 'customer-care' },
				{ id: 'C0REPORTS01', name: 'weekly-reports' },
			],
		});
		sandbox = await startSandbox([sim]);
	});
	afterEach(() => sandbox.close());

	const run = (parameters: IDataObject, input: INodeExecutionData[], profile?: ICredentialDataDecryptedObject) =>
		runNode({
			nodeType: new ExceptionAlerts(),
			parameters: { backend: 'postgres', schema: SCHEMA, ...parameters },
			credentials: {
				slackPostPurchaseApi: {
					mode: 'botToken',
					botToken: 'xoxb-sandbox-token',
					signingSecret: 's',
					baseUrl: `${sandbox.baseUrl('slack')}/api`,
				},
				postPurchasePostgresApi: PG,
				...(profile ? { [PROFILE]: profile } : {}),
			},
			credentialTypes: [new SlackPostPurchaseApi(), new PostPurchaseStoreProfileApi()],
			input,
		});

	test("Post Exception sends each type to the profile's channel for it, with links to the profile's shop", async () => {
		const types = ['tracking_stalled', 'fulfillment_stuck', 'address_invalid', 'status_mismatch'] as const;
		const ids = await addCases(
			ledger,
			types.map((type) => ({ orderKey: String(++seq), type, openedAt: '2026-11-18T11:00:00.000Z' })),
		);
		const res = await run(
			{ operation: 'postException', settingsSource: 'profile' },
			ids.map((id) => ({ json: { id } })),
			profileData(),
		);
		expect(res.error).toBeUndefined();
		expect(res.outputs[0].map((o) => [o.json.type, o.json.channel])).toEqual([
			['tracking_stalled', 'C0SHIPPING1'],
			['fulfillment_stuck', 'C0WAREHOUSE'],
			['address_invalid', 'C0CUSTCARE1'],
			['status_mismatch', 'C0EXCEPTIONS'],
		]);
		expect(JSON.stringify(sim.messagesIn('C0WAREHOUSE')[0].blocks)).toContain('admin.shopify.com/store/acme-outdoor');
	});

	test("the node's channel parameters are not used with a profile, and used without one", async () => {
		const [id] = await addCases(ledger, [
			{ orderKey: String(++seq), type: 'fulfillment_stuck', openedAt: '2026-11-18T11:00:00.000Z' },
		]);
		const nodeChannels = {
			operation: 'postException',
			defaultChannel: { __rl: true, mode: 'id', value: 'C0EXCEPTIONS' },
		};
		const withParameters = await run(nodeChannels, [{ json: { id } }], profileData());
		expect(withParameters.outputs[0][0].json).toMatchObject({ channel: 'C0EXCEPTIONS', action: 'posted' });
		const [other] = await addCases(ledger, [
			{ orderKey: String(++seq), type: 'fulfillment_stuck', openedAt: '2026-11-18T11:00:00.000Z' },
		]);
		const withProfile = await run(
			{ ...nodeChannels, settingsSource: 'profile' },
			[{ json: { id: other } }],
			profileData(),
		);
		expect(withProfile.outputs[0][0].json).toMatchObject({ channel: 'C0WAREHOUSE', action: 'posted' });
	});

	test("Update Exception finds the message where the profile's routing put it", async () => {
		const [id] = await addCases(ledger, [
			{ orderKey: String(++seq), type: 'tracking_stalled', openedAt: '2026-11-18T11:00:00.000Z' },
		]);
		await run({ operation: 'postException', settingsSource: 'profile' }, [{ json: { id } }], profileData());
		await ledger.acknowledgeException(id, 'U024BE7LH', new Date().toISOString());
		const res = await run(
			{ operation: 'updateException', settingsSource: 'profile', change: 'auto' },
			[{ json: { caseId: id, user: { id: 'U024BE7LH' } } }],
			profileData(),
		);
		expect(res.outputs[0][0].json).toMatchObject({ action: 'updated', state: 'acknowledged', channel: 'C0SHIPPING1' });
	});

	test("Post Weekly Report goes to the profile's report channel, titled with its store name", async () => {
		const res = await run(
			{ operation: 'postWeeklyReport', settingsSource: 'profile', includeChart: false },
			[{ json: {} }],
			profileData(),
		);
		expect(res.error).toBeUndefined();
		expect(res.outputs[0][0].json).toMatchObject({ channel: 'C0REPORTS01' });
		expect(JSON.stringify(sim.messagesIn('C0REPORTS01')[0].blocks)).toContain('Exception report · Acme Outdoor');
	});
});
