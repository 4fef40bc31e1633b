/**
 * The ShipStation credential imports only n8n-workflow, so the base URLs it names are written out in
 * it: they must stay the library's, or the credential test would call another host than the nodes do.
 */
import { ShipStationPostPurchaseApi } from '../../../credentials/ShipStationPostPurchaseApi.credentials';
import { SHIPSTATION_V1_BASE_URL, SHIPSTATION_V2_BASE_URL } from '../../../nodes/lib/connectors/shipstation';

describe('ShipStation credential constants', () => {
	const credential = new ShipStationPostPurchaseApi();

	it("tests the credential against the library's v1 base URL when no override is set", () => {
		expect(credential.test.request.baseURL).toContain(`: "${SHIPSTATION_V1_BASE_URL}"`);
	});

	it("names the library's default hosts in the override fields", () => {
		const description = (name: string) => credential.properties.find((p) => p.name === name)?.description ?? '';
		expect(description('v1BaseUrl')).toContain(`Leave empty for ${SHIPSTATION_V1_BASE_URL}.`);
		expect(description('v2BaseUrl')).toContain(`Leave empty for ${SHIPSTATION_V2_BASE_URL}.`);
	});
});
