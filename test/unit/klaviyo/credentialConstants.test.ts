/**
 * The Klaviyo credential imports only n8n-workflow, so it inlines the API host (credential test) and
 * the pinned revision (sent on every request through its `authenticate`); both must stay equal to
 * what the client uses (nodes/lib/connectors/klaviyo/revision.ts).
 */
import type { IAuthenticateGeneric } from 'n8n-workflow';
import { KlaviyoPostPurchaseApi } from '../../../credentials/KlaviyoPostPurchaseApi.credentials';
import { KLAVIYO_BASE_URL, KLAVIYO_REVISION } from '../../../nodes/lib/connectors/klaviyo/revision';

describe('Klaviyo credential', () => {
	const credential = new KlaviyoPostPurchaseApi();

	it('sends the revision the client is pinned to', () => {
		expect((credential.authenticate as IAuthenticateGeneric).properties.headers).toEqual({
			Authorization: '=Klaviyo-API-Key {{$credentials.apiKey}}',
			revision: KLAVIYO_REVISION,
		});
	});

	it('tests against the host the client calls', () => {
		expect(credential.test.request.baseURL).toBe(
			`={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "${KLAVIYO_BASE_URL}"}}`,
		);
	});
});
