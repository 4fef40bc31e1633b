/**
 * ShipStation fixtures. Orders start from the saved "Get Order" example of ShipStation's Postman
 * collection (so every field name and type is ShipStation's own); shipments follow the documented v1
 * Shipment model. test/contract/shipstation checks both against those sources.
 */
import type { SsOrder, SsShipment } from '../../../nodes/lib/connectors/shipstation/types';
import { exampleResponse } from '../../contract/shipstation/contract';

export function orderFixture(overrides: Partial<SsOrder> = {}): SsOrder {
	const base = exampleResponse<SsOrder>('Get Order');
	return { ...structuredClone(base), orderNumber: '#1001', ...overrides };
}

export function shipmentFixture(overrides: Partial<SsShipment> = {}): SsShipment {
	return {
		shipmentId: 72513480,
		orderId: 21533895,
		orderKey: '246f6803-5081-48bf-b134-1bd5fc74b760',
		userId: '123456AB-ab12-3c4d-5e67-89f1abc1defa',
		customerEmail: 'john.smith@gmail.com',
		orderNumber: '#1001',
		createDate: '2026-03-02T09:15:00.1230000',
		shipDate: '2026-03-02',
		shipmentCost: 7.3,
		insuranceCost: 0,
		trackingNumber: '9400111899223197428490',
		isReturnLabel: false,
		batchNumber: '100301',
		carrierCode: 'stamps_com',
		serviceCode: 'usps_priority_mail',
		packageCode: 'package',
		confirmation: 'delivery',
		warehouseId: 511543,
		voided: false,
		voidDate: null,
		marketplaceNotified: true,
		notifyErrorMessage: null,
		shipTo: {
			name: 'The President',
			company: 'US Govt',
			street1: '1600 Pennsylvania Ave',
			street2: 'Oval Office',
			street3: null,
			city: 'Washington',
			state: 'DC',
			postalCode: '20500',
			country: 'US',
			phone: '555-555-5555',
			residential: false,
		},
		weight: { value: 24, units: 'ounces', WeightUnits: 1 },
		dimensions: null,
		insuranceOptions: { provider: null, insureShipment: false, insuredValue: 0 },
		advancedOptions: null,
		shipmentItems: [
			{
				orderItemId: 32208850,
				lineItemKey: 'vd08-MSLbtx',
				sku: 'ABC123',
				name: 'Test item #1',
				imageUrl: null,
				weight: { value: 24, units: 'ounces' },
				quantity: 2,
				unitPrice: 99.99,
				warehouseLocation: 'Aisle 1, Bin 7',
				options: [],
				productId: 123456,
				fulfillmentSku: null,
			},
		],
		labelData: null,
		formData: null,
		...overrides,
	};
}
