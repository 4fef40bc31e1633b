import { PostPurchaseCustomerPagesApi } from '../../../credentials/PostPurchaseCustomerPagesApi.credentials';
import { defaultPageSettings, pageSettingsProblems, readPageSettings } from '../../../nodes/lib/pages/settings';

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
};

describe('Customer Pages settings', () => {
	it("has the credential's defaults, field for field", () => {
		const credential = new PostPurchaseCustomerPagesApi();
		const defaults = Object.fromEntries(credential.properties.map((p) => [p.name, p.default]));
		expect(defaults).toEqual(defaultPageSettings());
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
		['lookupsPerClient', { lookupsPerClient: 0 }],
		['lookupsPerOrder', { lookupsPerOrder: 'ten' }],
	])('names %s when it cannot be used', (field, change) => {
		const problems = pageSettingsProblems(readPageSettings({ ...good, ...change }));
		expect(problems).toHaveLength(1);
		expect(problems[0].startsWith(`${field}: `)).toBe(true);
	});

	it('keeps the secret exactly as pasted (no trimming)', () => {
		expect(readPageSettings({ ...good, linkSecret: ` ${'y'.repeat(40)} ` }).linkSecret).toBe(` ${'y'.repeat(40)} `);
	});

	it('treats empty optional fields as not set', () => {
		const s = readPageSettings({ ...good, logoUrl: '', supportEmail: '', supportUrl: '' });
		expect(pageSettingsProblems(s)).toEqual([]);
	});
});
