/**
 * Credentials import only n8n-workflow, so the Airtable credential inlines Airtable's API host for its
 * test request; it must stay the host the ledger's shared glue opens the Airtable backend with.
 */
import { PostPurchaseAirtableApi } from '../../../credentials/PostPurchaseAirtableApi.credentials';
import { AIRTABLE_API_URL, airtableEndpoint } from '../../../nodes/shared/ledger';

describe('Airtable ledger credential', () => {
	it('tests against the host the ledger opens (override, else Airtable)', () => {
		expect(new PostPurchaseAirtableApi().test.request.baseURL).toBe(
			`={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "${AIRTABLE_API_URL}"}}`,
		);
		expect(airtableEndpoint({})).toBe(AIRTABLE_API_URL);
		expect(airtableEndpoint({ baseUrl: 'http://127.0.0.1:4010/airtable//' })).toBe('http://127.0.0.1:4010/airtable');
	});
});
