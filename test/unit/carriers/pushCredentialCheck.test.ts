import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';
import { pushCredentialProblems } from '../../../nodes/lib/connectors/carriers/pushCredentialCheck';
import { upsTrackAlertCredentialTest, uspsTrackingSubscriptionCredentialTest } from '../../../nodes/shared/carriers';

const strong = 'k7Qx2mWv9Lr4Tn8Ye1Ub5Zc3Ha6Jd0Fs';

describe('push credential check (the credential "Test" button of the Carrier Tracking Trigger)', () => {
	it('accepts complete UPS and USPS credentials', () => {
		expect(pushCredentialProblems({ carrier: 'usps', secret: strong })).toEqual([]);
		expect(
			pushCredentialProblems({ carrier: 'ups', auth: { scheme: 'oauth', clientId: 'id', clientSecret: strong } }),
		).toEqual([]);
		expect(
			pushCredentialProblems({ carrier: 'ups', auth: { scheme: 'bearer', accessToken: 'tok', clientId: '' } }),
		).toEqual([]);
		expect(pushCredentialProblems({ carrier: 'ups', auth: { scheme: 'credential', credential: strong } })).toEqual([]);
	});

	it('names the field and what to do when a value is missing or weak', () => {
		expect(pushCredentialProblems({ carrier: 'usps', secret: '' })).toEqual([
			expect.stringMatching(/^Subscription Secret is empty: enter the 32-character secret/),
		]);
		expect(pushCredentialProblems({ carrier: 'usps', secret: 'short' })).toEqual([
			expect.stringMatching(/^Subscription Secret has 5 characters; USPS subscription secrets have exactly 32/),
		]);
		expect(
			pushCredentialProblems({ carrier: 'ups', auth: { scheme: 'oauth', clientId: '', clientSecret: 'abc' } }),
		).toEqual([
			expect.stringMatching(/^Client ID is empty/),
			expect.stringMatching(/^Client Secret has only 3 characters: use a random string of at least 16/),
		]);
		expect(
			pushCredentialProblems({ carrier: 'ups', auth: { scheme: 'bearer', accessToken: '', clientId: 'id' } }),
		).toEqual([expect.stringMatching(/^Access Token is empty/)]);
		expect(pushCredentialProblems({ carrier: 'ups', auth: { scheme: 'credential', credential: '' } })).toEqual([
			expect.stringMatching(/^Credential is empty/),
		]);
	});

	it('answers n8n with Error and the problems, never echoing the secret', async () => {
		const context = {} as ICredentialTestFunctions;
		const weak = 'tooShortSecret';
		const credential = (data: Record<string, unknown>) =>
			({ id: '1', name: 'test', type: 'x', data }) as unknown as ICredentialsDecrypted;
		const ups = await upsTrackAlertCredentialTest.call(
			context,
			credential({ scheme: 'oauth', clientId: 'id', clientSecret: weak }),
		);
		expect(ups.status).toBe('Error');
		expect(ups.message).toMatch(/Client Secret has only 14 characters/);
		expect(ups.message).not.toContain(weak);
		const usps = await uspsTrackingSubscriptionCredentialTest.call(context, credential({ secret: strong }));
		expect(usps).toEqual({
			status: 'OK',
			message: expect.stringMatching(/^Complete: the trigger checks every USPS push/),
		});
	});
});
