import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { PostPurchaseCustomerPagesApi } from '../../../credentials/PostPurchaseCustomerPagesApi.credentials';
import { CustomerPages } from '../../../nodes/CustomerPages/CustomerPages.node';
import { KlaviyoPostPurchase } from '../../../nodes/Klaviyo/KlaviyoPostPurchase.node';
import { defaultPageSettings, pageSettingsProblems, readPageSettings } from '../../../nodes/lib/pages/settings';
import { defaultSelfServiceRules } from '../../../nodes/lib/selfservice';
import { SELF_SERVICE_CREDENTIAL_FIELDS, selfServiceRulesFrom } from '../../../nodes/shared/customerPages';

const good = {
	pageUrl: 'https://n8n.example.com/webhook/order-status',
	linkSecret: 'x'.repeat(40),
	linkLifetimeDays: 30,
	logoUrl: 'https://cdn.example.com/logo.png',
	accentColor: '#2e6b3a',
	supportEmail: 'help@example.com',
	supportUrl: 'https://example.com/contact',
	lookupsPerClient: 10,
	lookupsPerOrder: 10,
	trustedProxies: 1,
};

describe('Customer Pages settings', () => {
	it("has the credential's defaults, field for field: the page settings, then the self-service rules", () => {
		const credential = new PostPurchaseCustomerPagesApi();
		const fields = credential.properties.filter((p) => p.type !== 'notice');
		const defaults = Object.fromEntries(fields.map((p) => [p.name, p.default]));
		const pageFields = Object.keys(defaultPageSettings());
		expect(Object.fromEntries(pageFields.map((k) => [k, defaults[k]]))).toEqual(defaultPageSettings());
		const ruleFields = fields.map((p) => p.name).filter((name) => !pageFields.includes(name));
		expect(ruleFields).toEqual([...SELF_SERVICE_CREDENTIAL_FIELDS]);
		// Each default, as the credential's text is read into rules, is the rules' own default.
		const rules = defaultSelfServiceRules();
		const read = selfServiceRulesFrom(Object.fromEntries(ruleFields.map((k) => [k, defaults[k]])), 60);
		expect(Object.fromEntries(ruleFields.map((k) => [k, read[k as keyof typeof read]]))).toEqual(
			Object.fromEntries(ruleFields.map((k) => [k, rules[k as keyof typeof rules]])),
		);
	});

	it('reads a value limit per currency from its text, and names a bad one', () => {
		expect(selfServiceRulesFrom({ approveAboveValue: 'USD 500, EUR 450' }, 60).approveAboveValue).toEqual({
			USD: 500,
			EUR: 450,
		});
		expect(selfServiceRulesFrom({ approveAboveValue: '' }, 60).approveAboveValue).toEqual({});
		expect(() => selfServiceRulesFrom({ approveAboveValue: 'five hundred' }, 60)).toThrow(/approveAboveValue/);
	});

	it('reads the rules from the credential, the time window from the Store Profile, and names a bad rule', () => {
		expect(selfServiceRulesFrom({ windowUntilPicking: false, maxChangesPerOrder: 1 }, 45)).toMatchObject({
			windowUntilPicking: false,
			windowMinutes: 45,
			maxChangesPerOrder: 1,
			allowAddressChange: true,
		});
		expect(() => selfServiceRulesFrom({ maxChangesPerOrder: -2 }, 45)).toThrow(/maxChangesPerOrder/);
	});

	it('accepts complete settings', () => {
		expect(pageSettingsProblems(readPageSettings(good))).toEqual([]);
	});

	it.each([
		['pageUrl', { pageUrl: 'n8n.example.com/webhook' }],
		['pageUrl', { pageUrl: 'javascript:alert(1)' }],
		['linkSecret', { linkSecret: 'short' }],
		['linkLifetimeDays', { linkLifetimeDays: 0 }],
		['linkLifetimeDays', { linkLifetimeDays: 2.5 }],
		['logoUrl', { logoUrl: 'http://cdn.example.com/logo.png' }],
		['accentColor', { accentColor: 'red' }],
		['accentColor', { accentColor: '#12345' }],
		['supportEmail', { supportEmail: 'help' }],
		['supportUrl', { supportUrl: 'ftp://example.com' }],
		['cancelUrl', { cancelUrl: 'n8n.example.com/webhook/order-cancel' }],
		['swapUrl', { swapUrl: 'javascript:alert(1)' }],
		['swapUrl', { swapUrl: 'order-swap' }],
		['lookupsPerClient', { lookupsPerClient: 0 }],
		['lookupsPerOrder', { lookupsPerOrder: 'ten' }],
		['trustedProxies', { trustedProxies: -1 }],
	])('names %s when it cannot be used', (field, change) => {
		const problems = pageSettingsProblems(readPageSettings({ ...good, ...change }));
		expect(problems).toHaveLength(1);
		expect(problems[0].startsWith(`${field}: `)).toBe(true);
	});

	it('reads the swap page’s address like the cancellation page’s: trimmed, empty when not set', () => {
		expect(readPageSettings(good).swapUrl).toBe('');
		expect(readPageSettings({ ...good, swapUrl: ' https://n8n.example.com/webhook/order-swap ' }).swapUrl).toBe(
			'https://n8n.example.com/webhook/order-swap',
		);
		expect(pageSettingsProblems(readPageSettings({ ...good, swapUrl: 'https://n8n.example.com/webhook/s' }))).toEqual(
			[],
		);
	});

	it('item swaps are off unless the credential turns them on, and off with the rest at a cut-off of 0', () => {
		expect(selfServiceRulesFrom({}, 45).allowItemSwap).toBe(false);
		expect(selfServiceRulesFrom({ allowItemSwap: true }, 45).allowItemSwap).toBe(true);
		expect(selfServiceRulesFrom({ allowItemSwap: true, allowCancellation: true }, 0)).toMatchObject({
			allowItemSwap: false,
			allowCancellation: false,
			allowAddressChange: false,
		});
		expect(() => selfServiceRulesFrom({ allowItemSwap: 'yes' }, 45)).toThrow(/allowItemSwap/);
	});

	it('keeps the secret exactly as pasted (no trimming)', () => {
		expect(readPageSettings({ ...good, linkSecret: ` ${'y'.repeat(40)} ` }).linkSecret).toBe(` ${'y'.repeat(40)} `);
	});

	it('treats empty optional fields as not set', () => {
		const s = readPageSettings({ ...good, logoUrl: '', supportEmail: '', supportUrl: '' });
		expect(pageSettingsProblems(s)).toEqual([]);
	});
});

describe('its Test, from every node that names the credential', () => {
	// n8n runs the Test of the first node (package.json order) declaring the credential: each must have it.
	const nodes = {
		'Customer Pages': new CustomerPages().nodeVersions[1],
		Klaviyo: new KlaviyoPostPurchase().nodeVersions[1],
	};
	test.each(Object.keys(nodes))('%s names a test it has, and the test judges the fields', async (name) => {
		const node = nodes[name as keyof typeof nodes];
		const slot = node.description.credentials?.find((c) => c.name === 'postPurchaseCustomerPagesApi');
		const method = node.methods?.credentialTest?.[slot?.testedBy as string];
		expect(typeof method).toBe('function');
		const run = (data: Record<string, unknown>) =>
			method!.call(
				{} as ICredentialTestFunctions,
				{ id: '1', name: 'pages', type: 'x', data } as ICredentialsDecrypted,
			);
		expect(await run(good)).toMatchObject({ status: 'OK' });
		expect(await run({ ...good, linkSecret: 'short' })).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/^linkSecret: /),
		});
	});
});
