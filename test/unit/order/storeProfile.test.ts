/**
 * The Store Profile's rules (nodes/lib/order/storeProfile.ts): its fields match the credential and Order State's
 * parameters, it gives the policy the same parameters would, its problems name the credential's fields, and the
 * exception types go to the channels issue 14 names.
 */
import type { INodeProperties } from 'n8n-workflow';
import { PostPurchaseStoreProfileApi } from '../../../credentials/PostPurchaseStoreProfileApi.credentials';
import { policyProperties } from '../../../nodes/OrderState/v1/descriptions/policy.description';
import { holidaysFor } from '../../../nodes/lib/order/holidays';
import { defaultPolicy, parsePolicy } from '../../../nodes/lib/order/policy';
import {
	approversOf,
	defaultStoreProfile,
	policyFromProfile,
	policyFromSettings,
	profileRouting,
	PROFILE_CHANNEL_ROUTES,
	readStoreProfile,
	storeProfileProblems,
	THRESHOLD_FIELDS,
	type StoreProfile,
} from '../../../nodes/lib/order/storeProfile';
import { EXCEPTION_TYPES } from '../../../nodes/lib/order/types';

const credentialProperties = new PostPurchaseStoreProfileApi().properties;
const credentialDefaults = Object.fromEntries(credentialProperties.map((p) => [p.name, p.default]));
const NOW = new Date('2026-11-27T21:00:00Z');

const profile = (over: Partial<StoreProfile> = {}): StoreProfile => ({ ...defaultStoreProfile(), ...over });

describe('the profile, the credential and Order State agree', () => {
	test("the credential's fields and defaults are defaultStoreProfile()'s", () => {
		expect(credentialDefaults).toEqual(defaultStoreProfile());
	});

	test("every Order State threshold is a credential field with the parameter's name, type and default", () => {
		const thresholds = policyProperties.find((p) => p.name === 'thresholds')?.options as INodeProperties[];
		expect(thresholds.map((t) => t.name).sort()).toEqual([...THRESHOLD_FIELDS].sort());
		for (const t of thresholds) {
			const field = credentialProperties.find((p) => p.name === t.name);
			expect({ name: field?.name, type: field?.type, default: field?.default }).toEqual({
				name: t.name,
				type: t.type,
				default: t.default,
			});
		}
	});

	test("every other store setting of Order State is a credential field with the parameter's default", () => {
		const storeSettings = policyProperties.filter((p) => !['thresholds', 'notificationEvents'].includes(p.name));
		for (const p of storeSettings) expect([p.name, credentialDefaults[p.name]]).toEqual([p.name, p.default]);
	});

	test("the defaults make the engine's default policy", () => {
		expect(policyFromProfile(profile(), NOW)).toEqual(defaultPolicy());
		expect(policyFromSettings({})).toEqual(defaultPolicy());
	});

	test('a profile saved before a field existed reads that field as its default; text is trimmed', () => {
		const p = readStoreProfile({ timeZone: ' Europe/Berlin ', fulfillmentStuckHours: 8, storeName: null });
		expect(p).toEqual({ ...defaultStoreProfile(), timeZone: 'Europe/Berlin', fulfillmentStuckHours: 8 });
	});
});

describe('policyFromProfile', () => {
	const custom = profile({
		timeZone: 'Europe/Berlin',
		warehouseTimeZone: 'Europe/Amsterdam',
		businessDays: [1, 2, 3, 4, 5, 6],
		businessHoursStart: '08:00',
		businessHoursEnd: '18:30',
		holidayCountry: 'DE',
		holidayRegion: 'BY',
		holidays: '2026-12-24, 2026-12-31',
		carrierStallHours: '{"dhl": 40}',
		deliveryLateGraceMinutes: 30,
		editCutoffMinutes: 15,
		fulfillmentStuckHours: 12,
		notSentToFulfillmentHours: 3,
		notificationLateHours: 5,
		statusMismatchGraceMinutes: 90,
		trackingMissingGraceMinutes: 240,
		trackingStalledHours: 36,
		fulfillmentClockStart: 'order_paid',
		lateAgainst: 'newest_estimate',
		confirmBeforeOpening: false,
	});

	test('is the policy of the same settings typed as parameters, with the public holidays typed out', () => {
		const typedHolidays = [...holidaysFor({ country: 'DE', region: 'BY' }, 2025, 2027), '2026-12-24', '2026-12-31'];
		const asParameters = policyFromSettings({
			...custom,
			holidays: typedHolidays.join(', '),
			notificationEvents: { shipped: 'order_shipped' },
		});
		expect(policyFromProfile(custom, NOW, { shipped: 'order_shipped' })).toEqual(asParameters);
	});

	test('every field reaches the policy', () => {
		const policy = policyFromProfile(custom, NOW);
		expect(policy).toMatchObject({
			timeZone: 'Europe/Berlin',
			warehouseTimeZone: 'Europe/Amsterdam',
			businessDays: [1, 2, 3, 4, 5, 6],
			businessHours: { start: '08:00', end: '18:30' },
			thresholds: {
				notSentToFulfillmentHours: 3,
				fulfillmentStuckHours: 12,
				trackingStalledHours: 36,
				notificationLateHours: 5,
			},
			carrierStallHours: { ups: 24, fedex: 24, usps: 32, dhl: 40 },
			graceMinutes: { statusMismatch: 90, trackingMissing: 240, deliveryLate: 30 },
			editCutoffMinutes: 15,
			fulfillmentClockStart: 'order_paid',
			lateAgainst: 'newest_estimate',
			confirmBeforeOpening: false,
		});
		// Epiphany in Bavaria, last year's to next year's, and the store's own days.
		expect(policy.holidays).toEqual(expect.arrayContaining(['2025-01-06', '2026-01-06', '2027-01-06', '2026-12-31']));
		expect(policy.holidays.some((d) => d.startsWith('2024') || d.startsWith('2028'))).toBe(false);
	});

	test('the holiday years follow "Now"', () => {
		expect(policyFromProfile(profile({ holidayCountry: 'US' }), new Date('2031-03-01T00:00:00Z')).holidays).toEqual(
			holidaysFor({ country: 'US' }, 2030, 2032),
		);
	});
});

describe('storeProfileProblems names the field to fix', () => {
	test('a usable profile has none', () => {
		expect(
			storeProfileProblems(profile({ holidayCountry: 'US', holidayRegion: 'CA', shopDomain: 'acme.myshopify.com' })),
		).toEqual([]);
	});

	test.each<[Partial<StoreProfile>, RegExp]>([
		[{ timeZone: 'Eastern' }, /^timeZone: "Eastern" is not a time zone/],
		[{ warehouseTimeZone: 'Pacific Time' }, /^warehouseTimeZone: "Pacific Time" is not a time zone/],
		[{ businessHoursStart: '9am' }, /^businessHoursStart: "9am" is not a time/],
		[{ businessHoursStart: '18:00' }, /^businessHoursStart\/businessHoursEnd: start \(18:00\) must be before end/],
		[{ fulfillmentStuckHours: -1 }, /^fulfillmentStuckHours: must be a number of 0 or more/],
		[{ statusMismatchGraceMinutes: -5 }, /^statusMismatchGraceMinutes: must be a number/],
		[{ carrierStallHours: '{"ups": "soon"}' }, /^carrierStallHours: must be a number/],
		[{ carrierStallHours: 'ups=24' }, /^carrierStallHours: must be an object/],
		[{ holidays: '2026-13-45' }, /^holidays: "2026-13-45" is not a date/],
		[{ holidayCountry: 'Germany' }, /^holidayCountry: "GERMANY" is not an ISO 3166-1 alpha-2 code/],
		[{ holidayCountry: 'US', holidayRegion: 'Cali' }, /^holidayRegion: "CALI" is not a region of United States/],
		[{ shopDomain: 'https://acme.myshopify.com/admin' }, /^shopDomain: .* without https:\/\//],
		[{ slackChannelDefault: '' }, /^slackChannelDefault: is empty/],
		[{ slackReportChannel: '' }, /^slackReportChannel: is empty/],
		[{ approvers: 'U024BE7LH, maya' }, /^approvers: "maya" is not a Slack user ID .*Copy member ID/],
	])('%j', (over, problem) => {
		expect(storeProfileProblems(profile(over))).toEqual([expect.stringMatching(problem)]);
	});

	test('several problems are all listed', () => {
		expect(storeProfileProblems(profile({ timeZone: 'Nowhere', holidayCountry: 'XX' }))).toEqual([
			expect.stringMatching(/^holidayCountry: "XX"/),
			expect.stringMatching(/^timeZone: "Nowhere"/),
		]);
		expect(storeProfileProblems(profile({ timeZone: 'Nowhere', businessHoursEnd: '25:00' }))).toHaveLength(2);
	});
});

describe('approversOf', () => {
	test('reads Slack member IDs however they are separated, pasted mentions and lower case included, once each', () => {
		expect(
			approversOf('U024BE7LH, W0G9QF9C6;u0abc1234\n<@U0DEF4567>  U024BE7LH <@U0GHI8901|maya lin>, U0123ABCDEF'),
		).toEqual({
			ids: ['U024BE7LH', 'W0G9QF9C6', 'U0ABC1234', 'U0DEF4567', 'U0GHI8901', 'U0123ABCDEF'],
			problems: [],
		});
		expect(approversOf('')).toEqual({ ids: [], problems: [] });
		expect(approversOf('  \n ')).toEqual({ ids: [], problems: [] });
	});

	test('a name, an @handle, a channel, a bot or a team is a problem naming the field; IDs around it still read', () => {
		const { ids, problems } = approversOf(
			'@maya, U024BE7LH, C0EXCEPTIONS, Maya Lin, walter, Uma, B01BOT2345, T0TEAM123',
		);
		expect(ids).toEqual(['U024BE7LH']);
		expect(problems.map((p) => p.match(/^approvers: "([^"]*)"/)?.[1])).toEqual([
			'@maya',
			'C0EXCEPTIONS',
			'Maya',
			'Lin',
			'walter',
			'Uma',
			'B01BOT2345',
			'T0TEAM123',
		]);
	});

	test('a field with text and no ID is a problem, never read as "anyone may decide"', () => {
		expect(approversOf(', ;')).toEqual({
			ids: [],
			problems: [expect.stringMatching(/^approvers: holds no Slack user ID/)],
		});
	});
});

describe('profileRouting', () => {
	test('each exception type goes to the channel issue 14 gives it, every other one to the default channel', () => {
		const routing = profileRouting(
			profile({
				slackChannelDefault: '#ops',
				slackChannelShippingDelays: '#ship',
				slackChannelWarehouse: '#wh',
				slackChannelCustomerCare: '#care',
			}),
		);
		const channelOf = (type: (typeof EXCEPTION_TYPES)[number]) => routing.byType[type] ?? routing.defaultChannel;
		expect(Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, channelOf(t)]))).toEqual({
			not_sent_to_fulfillment: '#wh',
			fulfillment_stuck: '#wh',
			backordered: '#wh',
			address_invalid: '#care',
			status_mismatch: '#ops',
			tracking_missing: '#ops',
			tracking_stalled: '#ship',
			delivery_late: '#ship',
			delivery_failed: '#ship',
			returned_to_sender: '#ship',
			notification_late: '#ops',
			edit_after_cutoff: '#care',
		});
	});

	test('an empty group channel falls back to the default channel', () => {
		const routing = profileRouting(profile({ slackChannelWarehouse: '' }));
		expect(routing.byType.fulfillment_stuck).toBeUndefined();
		expect(routing.byType.tracking_stalled).toBe('#shipping-delays');
		expect(routing.defaultChannel).toBe('#order-exceptions');
	});

	test('every channel field the routes name is a credential field', () => {
		for (const field of new Set(Object.values(PROFILE_CHANNEL_ROUTES)))
			expect(credentialProperties.map((p) => p.name)).toContain(field);
	});
});

test('parsePolicy still takes the default carrier limits the credential shows', () => {
	expect(
		parsePolicy({ carrierStallHours: JSON.parse(String(credentialDefaults.carrierStallHours)) }).carrierStallHours,
	).toEqual(defaultPolicy().carrierStallHours);
});
