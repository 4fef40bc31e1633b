import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	CARRIER_NAMES,
	missingCarrierCredentialError,
	type AddressCarrier,
	type AddressValidator,
} from '../../../lib/connectors/carriers';
import type { Address } from '../../../lib/order/types';
import { carrierAddressValidator } from '../../../shared/carriers';
import type { ItemOutcome } from './common';

const show = { show: { operation: ['validateAddress'] } };

export const carrierField: INodeProperties = {
	displayName: 'Carrier',
	name: 'carrier',
	type: 'options',
	options: [
		{ name: 'FedEx', value: 'fedex' },
		{ name: 'UPS', value: 'ups' },
		{ name: 'USPS', value: 'usps' },
	],
	default: 'usps',
	displayOptions: show,
	description:
		'Whose address API checks the address: USPS and UPS validate US addresses (UPS also Puerto Rico), FedEx ' +
		"many countries. Uses the same credential as tracking; the app needs the carrier's address API enabled.",
};

const text = (displayName: string, name: keyof Address, placeholder: string, extra: Partial<INodeProperties> = {}) =>
	({
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder,
		displayOptions: show,
		...extra,
	}) as INodeProperties;

export const description: INodeProperties[] = [
	text('Address Line 1', 'address1', '={{ $json.address1 }}', {
		required: true,
		description: 'Street and house number, as the customer typed it',
	}),
	text('Address Line 2', 'address2', '={{ $json.address2 }}', { description: 'Apartment, suite, unit (optional)' }),
	text('City', 'city', '={{ $json.city }}'),
	text('Province Code', 'provinceCode', '={{ $json.provinceCode }}', {
		description: 'Two-letter state or province code (WA, NY, ON); required by USPS',
	}),
	text('ZIP / Postal Code', 'zip', '={{ $json.zip }}'),
	text('Country Code', 'countryCode', '={{ $json.countryCode }}', {
		required: true,
		description: 'Two-letter ISO country code (US, CA, GB)',
	}),
];

/**
 * One check per item, in order. Each carrier's validator is made once per run (one token per carrier), and
 * items are asked one after another within the carrier's pacing.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<ItemOutcome[]> {
	const validators = new Map<AddressCarrier, Promise<AddressValidator | undefined>>();
	const outcomes: ItemOutcome[] = [];
	for (let i = 0; i < items.length; i++) {
		const carrier = this.getNodeParameter('carrier', i) as AddressCarrier;
		const input: Address = {};
		try {
			for (const field of ['address1', 'address2', 'city', 'provinceCode', 'zip', 'countryCode'] as const) {
				const value = this.getNodeParameter(field, i, '') as unknown;
				input[field] = value === null || value === undefined || value === '' ? null : String(value);
			}
			if (!validators.has(carrier)) validators.set(carrier, carrierAddressValidator(this, carrier));
			const validator = await validators.get(carrier)!;
			if (!validator) throw missingCarrierCredentialError(carrier);
			const check = await validator.validate(input);
			outcomes.push({ itemIndex: i, json: { ...(check as unknown as IDataObject), input: input as IDataObject } });
		} catch (error) {
			outcomes.push({
				itemIndex: i,
				error,
				context: { carrier: CARRIER_NAMES[carrier] ? carrier : null, input: input as IDataObject },
			});
		}
	}
	return outcomes;
}
