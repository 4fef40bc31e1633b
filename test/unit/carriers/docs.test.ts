/** docs/carriers.md is the status-code mapping users read: it must list every code the code maps. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { FEDEX_STATUS_MAP } from '../../../nodes/lib/connectors/fedex/status';
import { UPS_TYPE_MAP } from '../../../nodes/lib/connectors/ups/status';
import { USPS_CATEGORY_MAP, USPS_EVENT_CODE_MAP } from '../../../nodes/lib/connectors/usps/status';
import { DHL_STATUS_MAP } from '../../../nodes/lib/connectors/dhl/status';
import { POST_PURCHASE_PRESETS, postPurchaseProperties } from '../../../nodes/lib/connectors/klaviyo';
import { shippedOrder } from '../klaviyo/fixtures';

const carriersDoc = readFileSync(path.resolve(__dirname, '../../../docs/carriers.md'), 'utf8');
const klaviyoDoc = readFileSync(path.resolve(__dirname, '../../../docs/klaviyo.md'), 'utf8');

describe('docs/carriers.md mapping tables match the code', () => {
	it.each([
		['FedEx', FEDEX_STATUS_MAP],
		['UPS', UPS_TYPE_MAP],
		['USPS events', USPS_EVENT_CODE_MAP],
		['DHL', DHL_STATUS_MAP],
	] as const)('%s: every code appears with its status', (_name, map) => {
		for (const [code, status] of Object.entries(map))
			expect(carriersDoc).toMatch(new RegExp(`\\| \`${code}\` \\|([^\\n]*\\|)? \`${status}\` \\|`));
	});

	it('USPS categories appear with their status', () => {
		for (const [category, status] of Object.entries(USPS_CATEGORY_MAP))
			expect(carriersDoc.toLowerCase()).toContain(`| ${category} | \`${status}\` |`);
	});
});

describe('docs/klaviyo.md documents the event schema', () => {
	it('every metric name and every property name', () => {
		for (const preset of Object.values(POST_PURCHASE_PRESETS)) expect(klaviyoDoc).toContain(`**${preset.metric}**`);
		for (const property of Object.keys(
			postPurchaseProperties(shippedOrder(), 'order_shipped', shippedOrder().shipments[0]),
		))
			expect(klaviyoDoc).toContain(`\`${property}\``);
	});
});
