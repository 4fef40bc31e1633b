/**
 * Credentials import only n8n-workflow, so each carrier credential inlines its API hosts for the
 * credential test; these must stay equal to the hosts the trackers call (nodes/lib).
 */
import { DhlPostPurchaseApi } from '../../../credentials/DhlPostPurchaseApi.credentials';
import { FedExPostPurchaseApi } from '../../../credentials/FedExPostPurchaseApi.credentials';
import { UpsPostPurchaseApi } from '../../../credentials/UpsPostPurchaseApi.credentials';
import { UspsPostPurchaseApi } from '../../../credentials/UspsPostPurchaseApi.credentials';
import { DHL_PRODUCTION_URL, DHL_SANDBOX_URL } from '../../../nodes/lib/connectors/dhl/client';
import { FEDEX_PRODUCTION_URL, FEDEX_SANDBOX_URL } from '../../../nodes/lib/connectors/fedex/client';
import { UPS_PRODUCTION_URL, UPS_SANDBOX_URL } from '../../../nodes/lib/connectors/ups/client';
import { USPS_PRODUCTION_URL, USPS_SANDBOX_URL } from '../../../nodes/lib/connectors/usps/client';

/** The credential test's base URL expression, as n8n evaluates it: override, else sandbox, else production. */
const baseUrlExpression = (sandbox: string, production: string) =>
	`={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.environment === "sandbox" ` +
	`? "${sandbox}" : "${production}")}}`;

describe.each([
	['UPS', new UpsPostPurchaseApi(), UPS_SANDBOX_URL, UPS_PRODUCTION_URL],
	['FedEx', new FedExPostPurchaseApi(), FEDEX_SANDBOX_URL, FEDEX_PRODUCTION_URL],
	['USPS', new UspsPostPurchaseApi(), USPS_SANDBOX_URL, USPS_PRODUCTION_URL],
	['DHL', new DhlPostPurchaseApi(), DHL_SANDBOX_URL, DHL_PRODUCTION_URL],
])('%s credential', (_name, credential, sandbox, production) => {
	it('tests against the hosts the tracker calls', () => {
		expect(credential.test.request.baseURL).toBe(baseUrlExpression(sandbox, production));
	});
});
