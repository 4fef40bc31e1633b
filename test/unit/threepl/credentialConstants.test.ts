/**
 * The 3PL credentials import only n8n-workflow, so the hosts and API version they use are written out
 * in them. These tests read them back through the credentials' own behaviour (the credential test
 * request, the token exchange) and hold them to the library's constants, so the two cannot drift.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';
import { ExtensivPostPurchaseApi } from '../../../credentials/ExtensivPostPurchaseApi.credentials';
import { ShipBobPostPurchaseApi } from '../../../credentials/ShipBobPostPurchaseApi.credentials';
import { ShipHeroPostPurchaseApi } from '../../../credentials/ShipHeroPostPurchaseApi.credentials';
import { ShipMonkPostPurchaseApi } from '../../../credentials/ShipMonkPostPurchaseApi.credentials';
import { EXTENSIV_BASE_URL } from '../../../nodes/lib/connectors/extensiv/client';
import {
	SHIPBOB_API_VERSION,
	SHIPBOB_BASE_URL,
	SHIPBOB_SANDBOX_URL,
} from '../../../nodes/lib/connectors/shipbob/client';
import { SHIPHERO_BASE_URL } from '../../../nodes/lib/connectors/shiphero/client';
import { SHIPMONK_BASE_URL, SHIPMONK_SANDBOX_URL } from '../../../nodes/lib/connectors/shipmonk/client';

/** The URL a credential's preAuthentication posts to, with no base URL override. */
async function tokenUrl(credential: {
	preAuthentication?: (this: IHttpRequestHelper, c: ICredentialDataDecryptedObject) => Promise<unknown>;
}): Promise<string> {
	const asked: IHttpRequestOptions[] = [];
	const helper = {
		helpers: { httpRequest: async (options: IHttpRequestOptions) => (asked.push(options), { access_token: 't' }) },
	} as unknown as IHttpRequestHelper;
	await credential.preAuthentication!.call(helper, {
		baseUrl: '',
		refreshToken: 'r',
		clientId: 'c',
		clientSecret: 's',
	});
	return String(asked[0]?.url);
}

describe('ShipBob credential constants', () => {
	const request = new ShipBobPostPurchaseApi().test.request;
	it("tests against the library's production and sandbox hosts", () => {
		expect(request.baseURL).toContain(`"sandbox" ? "${SHIPBOB_SANDBOX_URL}" : "${SHIPBOB_BASE_URL}"`);
	});
	it("tests on the library's API version", () => {
		expect(request.url).toBe(`/${SHIPBOB_API_VERSION}/channel`);
	});
});

describe('ShipHero credential constants', () => {
	const credential = new ShipHeroPostPurchaseApi();
	it("tests against the library's host", () => {
		expect(credential.test.request.baseURL).toContain(`: "${SHIPHERO_BASE_URL}"`);
	});
	it("refreshes the token on the library's host", async () => {
		expect(await tokenUrl(credential)).toBe(`${SHIPHERO_BASE_URL}/auth/refresh`);
	});
});

describe('ShipMonk credential constants', () => {
	it("tests against the library's production and sandbox hosts", () => {
		expect(new ShipMonkPostPurchaseApi().test.request.baseURL).toContain(
			`"sandbox" ? "${SHIPMONK_SANDBOX_URL}" : "${SHIPMONK_BASE_URL}"`,
		);
	});
});

describe('Extensiv credential constants', () => {
	const credential = new ExtensivPostPurchaseApi();
	it("tests against the library's host", () => {
		expect(credential.test.request.baseURL).toContain(`: "${EXTENSIV_BASE_URL}"`);
	});
	it("exchanges the client credentials on the library's host", async () => {
		expect(await tokenUrl(credential)).toBe(`${EXTENSIV_BASE_URL}/AuthServer/api/Token`);
	});
});
